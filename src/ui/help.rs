//! The help overlay: every action with its keys, plus the notes on typing.
use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::text::width;
use super::{Theme, centered};
use crate::app::i18n::action_msg;
use crate::app::keymap::Context;
use crate::app::{Action, Msg, State};

/// Draws the help overlay.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let mut rows: Vec<(String, &str)> = Vec::new();
    // Paired actions share a row (up/down, page up/down) so the help fits 80x24.
    let pair = |a: Action, b: Action| {
        let ka = state.keymap.describe(a);
        let kb = state.keymap.describe(b);
        format!("{ka} / {kb}")
    };
    let context = state.context();
    for a in Action::ALL {
        if a.context() != Context::Always && a.context() != context {
            continue;
        }
        match a {
            Action::Down
            | Action::PageDown
            | Action::PrevPane
            | Action::UndoDismiss
            | Action::PastCalls
            | Action::NewCall => continue,
            Action::NextPane => rows.push((
                pair(Action::NextPane, Action::PrevPane),
                state.t(Msg::ActPanes),
            )),
            Action::Dismiss => rows.push((
                pair(Action::Dismiss, Action::UndoDismiss),
                state.t(Msg::ActDismissUndo),
            )),
            Action::Customer => rows.push((
                pair(Action::Customer, Action::PastCalls),
                state.t(Msg::ActCustomerPast),
            )),
            Action::Hold => rows.push((
                pair(Action::Hold, Action::NewCall),
                state.t(Msg::ActHoldNewCall),
            )),
            Action::Up => rows.push((pair(Action::Up, Action::Down), state.t(Msg::ActUpDown))),
            Action::PageUp => rows.push((
                pair(Action::PageUp, Action::PageDown),
                state.t(Msg::ActPageUpDown),
            )),
            Action::OpenNth(n) if n > 1 => continue,
            Action::OpenNth(_) => {
                // One range per position in the key lists: "Alt-1…Alt-9 / F5…F9".
                let ranges: Vec<String> = (0..2)
                    .filter_map(|i| {
                        let keys: Vec<String> = (1..=9)
                            .filter_map(|n| state.keymap.keys(Action::OpenNth(n)).get(i).copied())
                            .map(|k| k.to_string())
                            .collect();
                        match (keys.first(), keys.last()) {
                            (Some(a), Some(b)) if keys.len() > 1 => Some(format!("{a}…{b}")),
                            (Some(a), _) => Some(a.clone()),
                            _ => None,
                        }
                    })
                    .collect();
                rows.push((ranges.join(" / "), state.t(action_msg(a))));
            }
            _ => rows.push((state.keymap.describe(a), state.t(action_msg(a)))),
        }
    }
    let kw = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(
                    format!(" {k:<kw$}  "),
                    theme.fg("accent").add_modifier(Modifier::BOLD),
                ),
                Span::styled(d.to_string(), theme.fg("base")),
            ])
        })
        .collect();
    let notes = [Msg::HelpEnterSend, Msg::HelpReplies, Msg::HelpSlashNote];
    // The blank line goes first when the screen is short.
    if lines.len() + notes.len() + 3 <= usize::from(frame.area().height) {
        lines.push(Line::default());
    }
    for m in notes {
        lines.push(Line::styled(format!(" {}", state.t(m)), theme.fg("muted")));
    }
    let w = lines.iter().map(|l| l.width()).max().unwrap_or(20) as u16 + 3;
    let h = lines.len() as u16 + 2;
    let area = centered(frame.area(), w, h);
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.fg("focus"))
        .title(Span::styled(
            format!(" {} ", state.t(Msg::HelpTitle)),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ))
        .title_bottom(Line::styled(
            format!(" {} ", state.t(Msg::HelpClose)),
            theme.fg("muted"),
        ))
        .style(theme.base());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
