//! The call's dialogs: the resume prompt at start and the wrap-up when a call ends.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::text::{sanitize, width};
use super::{Theme, centered, conversation};
use crate::app::call::{DISPOSITIONS, disposition_msg};
use crate::app::{Msg, ResumeOffer, State, WrapUp};

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

/// The wrap-up dialog: the four outcomes (the chosen one marked) and the note.
pub fn draw_wrapup(frame: &mut Frame, state: &State, w: &WrapUp, theme: &Theme) {
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
            w.on_note,
        );
    }
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
