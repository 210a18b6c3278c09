//! The help overlay: every action with its keys, plus the notes on typing.
use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{truncate, width};
use super::{Theme, centered, info_block};
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
            | Action::NewCall
            | Action::PrevLink
            | Action::FlagService
            | Action::NotHelpful
            | Action::ShowMore => continue,
            Action::Flag => rows.push((
                pair(Action::Flag, Action::FlagService),
                state.t(Msg::ActFlagPair),
            )),
            Action::Helpful => rows.push((
                pair(Action::Helpful, Action::NotHelpful),
                state.t(Msg::ActVotePair),
            )),
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
            Action::Messages => rows.push((
                pair(Action::Messages, Action::ShowMore),
                state.t(Msg::ActMessagesMore),
            )),
            Action::NextLink => rows.push((
                pair(Action::NextLink, Action::PrevLink),
                state.t(Msg::ActLinks),
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
    let full = frame.area();
    let room = usize::from(full.height.saturating_sub(2));
    let notes: Vec<Line> = [Msg::HelpEnterSend, Msg::HelpReplies, Msg::HelpSlashNote]
        .into_iter()
        .map(|m| Line::styled(format!(" {}", state.t(m)), theme.fg("muted")))
        .collect();
    // One column when the keys fit (the notes below only when they fit too); else
    // two, the descriptions cut with `…` to the width.
    let columns = if rows.len() <= room { 1 } else { 2 };
    let per = rows.len().div_ceil(columns);
    let col_w = usize::from(full.width.saturating_sub(3)) / columns;
    let kw = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let cell = |(k, d): &(String, &str)| -> Vec<Span<'static>> {
        let keys = format!(" {k:<kw$}  ");
        let desc = truncate(d, col_w.saturating_sub(width(&keys)));
        let pad = col_w.saturating_sub(width(&keys) + width(&desc));
        vec![
            Span::styled(keys, theme.fg("accent").add_modifier(Modifier::BOLD)),
            Span::styled(desc, theme.fg("base")),
            Span::raw(" ".repeat(if columns > 1 { pad } else { 0 })),
        ]
    };
    let mut lines: Vec<Line> = (0..per)
        .map(|i| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some(r) = rows.get(c * per + i) {
                    spans.extend(cell(r));
                }
            }
            Line::from(spans)
        })
        .collect();
    // The blank line before the notes goes first when the screen is short.
    if lines.len() + 1 + notes.len() <= room {
        lines.push(Line::default());
    }
    if lines.len() + notes.len() <= room {
        lines.extend(notes);
    }
    let w = lines.iter().map(|l| l.width()).max().unwrap_or(20) as u16 + 3;
    let h = lines.len() as u16 + 2;
    let area = centered(frame.area(), w, h);
    frame.render_widget(Clear, area);
    let block = info_block(state.t(Msg::HelpTitle), state.t(Msg::HelpClose), theme);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
