//! The flag form: what is flagged (the article, its step), the reasons to choose from
//! and the comment.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{sanitize, truncate, width};
use super::{Theme, call, centered, conversation};
use crate::app::feedback::reason_label;
use crate::app::{FlagForm, Msg, State};
use crate::conversation::journal::FlagReason;

/// Draws the flag form over the panes.
pub fn draw_flag(frame: &mut Frame, state: &State, f: &FlagForm, theme: &Theme) {
    let hint = state.t(Msg::FlagHint);
    let dw = (width(hint) as u16 + 6).max(60).min(frame.area().width);
    let text_w = usize::from(dw.saturating_sub(4)).max(10);
    let title = match &f.target {
        Some(t) => {
            let name = if t.title.is_empty() {
                &t.article
            } else {
                &t.title
            };
            Msg::FlagTitle.fill(state.lang, &[&sanitize(name)])
        }
        None => state.t(Msg::FlagTitleService).to_string(),
    };
    let title = truncate(&title, text_w.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    if let Some(t) = &f.target
        && !t.paragraph.is_empty()
    {
        let what = match t.step {
            Some(n) => Msg::FlagStep.fill(state.lang, &[&n, &sanitize(&t.paragraph)]),
            None => format!("«{}»", sanitize(&t.paragraph)),
        };
        lines.push(Line::styled(
            format!(" {}", truncate(&what, text_w.saturating_sub(1))),
            theme.fg("muted"),
        ));
        lines.push(Line::default());
    }
    lines.push(Line::styled(
        format!(" {}:", state.t(Msg::FlagKind)),
        theme.fg(if f.on_comment { "muted" } else { "accent" }),
    ));
    for (i, r) in FlagReason::ALL.iter().enumerate() {
        let chosen = i == f.choice;
        let line = Line::from(vec![
            Span::styled(
                format!(" {} {} ", if chosen { "●" } else { "○" }, i + 1),
                theme.fg("accent").add_modifier(Modifier::BOLD),
            ),
            Span::styled(reason_label(state, r), theme.fg("base")),
        ]);
        lines.push(if chosen {
            line.patch_style(theme.selection())
        } else {
            line
        });
    }
    lines.push(Line::default());
    let label = format!(" {}: ", state.t(Msg::FlagComment));
    let area = centered(frame.area(), dw, lines.len() as u16 + 3);
    frame.render_widget(Clear, area);
    let block = call::dialog(&title, hint, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines.clone()), inner);
    let y = inner.y + lines.len() as u16;
    if y < inner.y + inner.height {
        let label_style = if f.on_comment {
            theme.fg("accent").add_modifier(Modifier::BOLD)
        } else {
            theme.fg("muted")
        };
        let lw = width(&label) as u16;
        frame.render_widget(
            Paragraph::new(Span::styled(label, label_style)),
            Rect::new(inner.x, y, lw.min(inner.width), 1),
        );
        let x = inner.x + lw;
        let r = Rect::new(x, y, (inner.x + inner.width).saturating_sub(x + 1), 1);
        conversation::field(
            frame,
            f.comment.text(),
            f.comment.cursor(),
            theme.fg("base").add_modifier(Modifier::UNDERLINED),
            r,
            f.on_comment,
        );
    }
}
