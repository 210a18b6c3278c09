//! The help overlay: every action with its keys, plus the notes on typing.
use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::text::width;
use super::{Theme, centered};
use crate::app::i18n::action_msg;
use crate::app::{Action, Msg, State};

/// Draws the help overlay.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let mut rows: Vec<(String, &str)> = Vec::new();
    for a in Action::ALL {
        match a {
            Action::OpenNth(n) if n > 1 => continue,
            Action::OpenNth(_) => {
                let keys: Vec<String> = (1..=9)
                    .filter_map(|n| state.keymap.keys(Action::OpenNth(n)).first().copied())
                    .map(|k| k.to_string())
                    .collect();
                let keys = match (keys.first(), keys.last()) {
                    (Some(a), Some(b)) if keys.len() > 1 => format!("{a}…{b}"),
                    _ => keys.join(" "),
                };
                rows.push((keys, state.t(action_msg(a))));
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
    lines.push(Line::default());
    for m in [
        Msg::HelpEnterSend,
        Msg::HelpReplies,
        Msg::HelpSlashNote,
        Msg::HelpMouse,
    ] {
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
