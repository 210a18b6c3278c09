//! The call's dialogs: the resume prompt at start and the wrap-up when a call ends.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::text::{sanitize, width};
use super::{Theme, centered, conversation};
use crate::app::call::{DISPOSITIONS, disposition_msg};
use crate::app::{Msg, State};

fn dialog<'a>(title: &'a str, hint: &'a str, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.fg("warn").add_modifier(Modifier::BOLD))
        .title(Span::styled(
            format!(" {title} "),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ))
        .title_bottom(Line::styled(format!(" {hint} "), theme.fg("muted")))
        .style(theme.base())
}

/// The resume prompt: an unfinished call from an earlier run.
pub fn draw_resume(frame: &mut Frame, state: &State, theme: &Theme) {
    let Some(offer) = &state.resume_offer else {
        return;
    };
    let question = state.t(Msg::ResumeQuestion);
    let hint = state.t(Msg::ResumeHint);
    let detail = format!(
        "{} · {}: {} · {} {}",
        sanitize(&offer.id),
        state.t(Msg::Turns),
        offer.turns,
        state.t(Msg::Started),
        sanitize(&offer.started)
    );
    let w = [width(question), width(hint), width(&detail)]
        .into_iter()
        .max()
        .unwrap_or(20) as u16
        + 6;
    let area = centered(frame.area(), w, 6);
    frame.render_widget(Clear, area);
    let lines = vec![
        Line::styled(
            format!(" {question}"),
            theme.fg("base").add_modifier(Modifier::BOLD),
        ),
        Line::default(),
        Line::styled(format!(" {detail}"), theme.fg("muted")),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(dialog(state.t(Msg::ResumeTitle), hint, theme)),
        area,
    );
}

/// The wrap-up dialog: the four outcomes (the chosen one marked) and the note.
pub fn draw_wrapup(frame: &mut Frame, state: &State, theme: &Theme) {
    let Some(w) = &state.wrapup else { return };
    let hint = state.t(Msg::WrapUpHint);
    let mut lines: Vec<Line> = DISPOSITIONS
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let chosen = i == w.choice;
            let line = Line::from(vec![
                Span::styled(
                    format!(" {} {} ", if chosen { "●" } else { "○" }, i + 1),
                    theme.fg("accent").add_modifier(Modifier::BOLD),
                ),
                Span::styled(state.t(disposition_msg(*d)).to_string(), theme.fg("base")),
            ]);
            if chosen {
                line.patch_style(theme.selection())
            } else {
                line
            }
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(" {}:", state.t(Msg::WrapUpNote)),
        theme.fg("muted"),
    ));
    let dw = (width(hint) as u16 + 6).max(40);
    let area = centered(frame.area(), dw, lines.len() as u16 + 3);
    frame.render_widget(Clear, area);
    let block = dialog(state.t(Msg::WrapUpTitle), hint, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines.clone()), inner);
    let note_row = inner.y + lines.len() as u16;
    if note_row < inner.y + inner.height {
        let r = Rect::new(inner.x + 1, note_row, inner.width.saturating_sub(2), 1);
        conversation::field(
            frame,
            w.note.text(),
            w.note.cursor(),
            theme.fg("base").add_modifier(Modifier::UNDERLINED),
            r,
            true,
        );
    }
}
