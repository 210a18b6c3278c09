//! The call's dialogs: the resume prompt at start and the wrap-up when a call ends.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use unicode_segmentation::UnicodeSegmentation;

use super::text::{sanitize, width, wrap};
use super::{Theme, centered, conversation};
use crate::app::call::{DISPOSITIONS, disposition_msg};
use crate::app::clock::duration;
use crate::app::{CustomerForm, Msg, PastCalls, ResumeOffer, State, WrapUp};

pub(super) fn dialog<'a>(title: &'a str, hint: &'a str, theme: &Theme) -> Block<'a> {
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
pub fn draw_resume(frame: &mut Frame, state: &State, offer: &ResumeOffer, theme: &Theme) {
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

/// Rows of the wrap-up note on screen (it scrolls to keep the cursor in view).
const NOTE_ROWS: u16 = 4;

/// The wrap-up dialog: the four outcomes (the chosen one marked), the call's duration
/// and the articles used, and the note (several lines).
pub fn draw_wrapup(frame: &mut Frame, state: &State, w: &WrapUp, theme: &Theme) {
    let hint = state.t(Msg::WrapUpHint);
    let dw = (width(hint) as u16 + 6).max(60).min(frame.area().width);
    let text_w = usize::from(dw.saturating_sub(4)).max(10);
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
    let now = state.now.as_str();
    let mut length = duration(state.clock.elapsed(now).unwrap_or(0));
    let held = state.clock.held(now);
    if held > 0 {
        length.push_str(&format!(
            " ({} {})",
            state.t(Msg::WrapUpHeld),
            duration(held)
        ));
    }
    lines.push(Line::from(vec![
        Span::styled(
            format!(" {}: ", state.t(Msg::WrapUpDuration)),
            theme.fg("muted"),
        ),
        Span::styled(length, theme.fg("base").add_modifier(Modifier::BOLD)),
    ]));
    let used = if state.articles_used.is_empty() {
        state.t(Msg::WrapUpNone).to_string()
    } else {
        state
            .articles_used
            .iter()
            .map(|(id, title)| sanitize(if title.is_empty() { id } else { title }).into_owned())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let articles = Line::from(vec![
        Span::styled(
            format!(" {}: ", state.t(Msg::WrapUpArticles)),
            theme.fg("muted"),
        ),
        Span::styled(used, theme.fg("base")),
    ]);
    lines.extend(wrap(articles, text_w, 3).into_iter().take(3));
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            " {} ({}):",
            state.t(Msg::WrapUpNote),
            state.t(Msg::WrapUpNewLine)
        ),
        theme.fg("muted"),
    ));
    let area = centered(frame.area(), dw, lines.len() as u16 + NOTE_ROWS + 2);
    frame.render_widget(Clear, area);
    let block = dialog(state.t(Msg::WrapUpTitle), hint, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines.clone()), inner);
    let note_row = inner.y + lines.len() as u16;
    let rows = (inner.y + inner.height)
        .saturating_sub(note_row)
        .min(NOTE_ROWS);
    if rows > 0 {
        let r = Rect::new(inner.x + 1, note_row, inner.width.saturating_sub(2), rows);
        note_field(frame, w, theme, r);
    }
}

/// The wrap-up note over several rows: its lines, cut at the edge, scrolled so the
/// cursor's row shows; the terminal cursor on it while the note has the keyboard.
fn note_field(frame: &mut Frame, w: &WrapUp, theme: &Theme, area: Rect) {
    let cols = usize::from(area.width).saturating_sub(1).max(1);
    let text = w.note.text();
    let cursor = w.note.cursor().min(text.len());
    // Rows of (text, start byte) and the cursor's (row, column).
    let mut rows: Vec<String> = vec![String::new()];
    let mut at = (0usize, 0usize);
    let mut col = 0;
    let mut offset = 0;
    for g in text.graphemes(true) {
        if offset == cursor {
            at = (rows.len() - 1, col);
        }
        offset += g.len();
        if g == "\n" || g == "\r\n" {
            rows.push(String::new());
            col = 0;
            continue;
        }
        let gw = width(&sanitize(g));
        if col + gw > cols {
            rows.push(String::new());
            col = 0;
        }
        if let Some(last) = rows.last_mut() {
            last.push_str(&sanitize(g));
        }
        col += gw;
    }
    if offset <= cursor {
        at = (rows.len() - 1, col);
    }
    let h = usize::from(area.height);
    let first = (at.0 + 1).saturating_sub(h);
    let style = theme.fg("base").add_modifier(Modifier::UNDERLINED);
    let shown: Vec<Line> = (first..first + h)
        .map(|i| {
            let t = rows.get(i).cloned().unwrap_or_default();
            let pad = cols.saturating_sub(width(&t));
            Line::styled(format!("{t}{}", " ".repeat(pad)), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    if w.on_note {
        let x = area.x
            + u16::try_from(at.1)
                .unwrap_or(0)
                .min(area.width.saturating_sub(1));
        let y = area.y + u16::try_from(at.0 - first).unwrap_or(0);
        frame.set_cursor_position((x, y));
    }
}

/// "Abandon this call without an outcome? (y/n)".
pub fn draw_abandon(frame: &mut Frame, state: &State, theme: &Theme) {
    super::confirm_text(frame, state.t(Msg::AbandonConfirm), theme);
}

/// The customer dialog: name and reference.
pub fn draw_customer(frame: &mut Frame, state: &State, f: &CustomerForm, theme: &Theme) {
    let hint = state.t(Msg::CustomerHint);
    let labels = [state.t(Msg::CustomerName), state.t(Msg::CustomerReference)];
    let lw = labels.iter().map(|l| width(l)).max().unwrap_or(10);
    let dw = (width(hint) as u16 + 6).max(56).min(frame.area().width);
    let area = centered(frame.area(), dw, 6);
    frame.render_widget(Clear, area);
    let block = dialog(state.t(Msg::CustomerTitle), hint, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    for (i, (label, field)) in labels.iter().zip([&f.name, &f.reference]).enumerate() {
        let y = inner.y + 1 + i as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let focused = f.on_reference == (i == 1);
        let label_style = if focused {
            theme.fg("accent").add_modifier(Modifier::BOLD)
        } else {
            theme.fg("muted")
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {label:<lw$} "), label_style)),
            Rect::new(inner.x, y, inner.width, 1),
        );
        let x = inner.x + lw as u16 + 2;
        let r = Rect::new(x, y, (inner.x + inner.width).saturating_sub(x + 1), 1);
        conversation::field(
            frame,
            field.text(),
            field.cursor(),
            theme.fg("base").add_modifier(Modifier::UNDERLINED),
            r,
            focused,
        );
    }
}

/// The past calls of the customer: date, outcome and note, newest first.
pub fn draw_past_calls(frame: &mut Frame, state: &State, p: &PastCalls, theme: &Theme) {
    let hint = state.t(Msg::PastCallsHint);
    let title = format!(
        "{} · {}",
        state.t(Msg::PastCallsTitle),
        sanitize(&p.reference)
    );
    let dw = frame.area().width.saturating_sub(8).clamp(40, 100);
    let w = usize::from(dw.saturating_sub(4));
    let mut lines: Vec<Line> = Vec::new();
    match &p.calls {
        None => lines.push(Line::styled(
            format!(" {}", state.t(Msg::PastCallsLoading)),
            theme.fg("muted").add_modifier(Modifier::ITALIC),
        )),
        Some(calls) if calls.is_empty() => lines.push(Line::styled(
            format!(" {}", state.t(Msg::PastCallsNone)),
            theme.fg("muted").add_modifier(Modifier::ITALIC),
        )),
        Some(calls) => {
            for (i, c) in calls.iter().enumerate() {
                let date = c
                    .started
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "-".into());
                let outcome = match (c.disposition, c.finished) {
                    (Some(d), _) => state.t(disposition_msg(d)),
                    (None, true) => state.t(Msg::PastNoOutcome),
                    (None, false) => state.t(Msg::SessUnfinished),
                };
                let note =
                    sanitize(&c.note.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
                let head = format!(" {date}  {outcome:<12} ");
                let rest = w.saturating_sub(width(&head));
                let line = Line::from(vec![
                    Span::styled(head, theme.fg("accent")),
                    Span::styled(super::text::truncate(&note, rest), theme.fg("base")),
                ]);
                lines.push(if i == p.selected {
                    line.patch_style(theme.selection())
                } else {
                    line
                });
            }
        }
    }
    let h = (lines.len() as u16 + 2).min(frame.area().height.saturating_sub(2));
    let area = centered(frame.area(), dw, h);
    frame.render_widget(Clear, area);
    let block = dialog(&title, hint, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = usize::from(inner.height).max(1);
    let first = (p.selected + 1).saturating_sub(rows);
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::app::{self, Event, Key, KeyCode, Options, Overlay, ResumeOffer, State};
    use crate::conversation::Speaker;
    use crate::conversation::event::TranscriptEvent;
    use crate::knowledge::Lang;
    use crate::ui::Theme;

    fn render(state: &State) -> String {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| crate::ui::draw(f, state, &Theme::fallback()))
            .unwrap();
        let buf = term.backend().buffer().clone();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn state(lang: Lang) -> State {
        let mut s = State::new(Options {
            lang: Some(lang),
            kb_name: "Ondina".into(),
            ..Options::default()
        });
        s.size = (80, 24);
        s
    }

    #[test]
    fn resume_prompt_shows_the_call_and_the_keys() {
        for (lang, question, hint) in [
            (Lang::En, "Resume it?", "Enter/r resume"),
            (Lang::Es, "¿Retomarla?", "Enter/r retomar"),
        ] {
            let mut s = state(lang);
            s.open_overlay(Overlay::Resume(ResumeOffer {
                id: "20261123-101500-ab12".into(),
                turns: 4,
                started: "2026-11-23 10:15".into(),
            }));
            let screen = render(&s);
            assert!(screen.contains(question), "{screen}");
            assert!(screen.contains(hint), "{screen}");
            assert!(screen.contains("20261123-101500-ab12"), "{screen}");
            assert!(screen.contains(": 4"), "{screen}");
        }
    }

    #[test]
    fn wrap_up_dialog_fits_80x24_in_both_languages() {
        for (lang, title, outcome, hint) in [
            (Lang::En, "Call wrap-up", "Escalated", "Enter saves"),
            (Lang::Es, "Cierre de la llamada", "Escalada", "Enter guarda"),
        ] {
            let mut s = state(lang);
            app::update(
                &mut s,
                Event::Transcript(TranscriptEvent {
                    speaker: Speaker::Customer,
                    text: "hola".into(),
                    final_: true,
                    at: None,
                    ts: None,
                }),
            );
            app::update(&mut s, Event::Key(Key::ctrl('e')));
            app::update(&mut s, Event::Key(Key::ch('2')));
            for c in "nota breve".chars() {
                app::update(&mut s, Event::Key(Key::ch(c)));
            }
            let screen = render(&s);
            assert!(screen.contains(title), "{screen}");
            assert!(screen.contains(&format!("● 2 {outcome}")), "{screen}");
            assert!(screen.contains(hint), "{screen}");
            assert!(screen.contains("nota breve"), "{screen}");
            app::update(&mut s, Event::Key(Key::plain(KeyCode::Esc)));
            assert!(!render(&s).contains(title));
        }
    }
}
