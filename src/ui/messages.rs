//! The message log overlay: every status message in full, the newest at the bottom,
//! with the time it came.
use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{sanitize, wrap};
use super::{Theme, centered, info_block};
use crate::app::{Msg, State};

/// Draws the message log scrolled `scroll` lines up from the newest.
pub fn draw(frame: &mut Frame, state: &State, scroll: u16, theme: &Theme) {
    let full = frame.area();
    let area = centered(
        full,
        full.width.saturating_sub(4).min(100),
        full.height.saturating_sub(2),
    );
    let inner_w = usize::from(area.width.saturating_sub(2)).max(1);
    let rows = usize::from(area.height.saturating_sub(2));
    let mut lines: Vec<Line<'static>> = Vec::new();
    for m in &state.messages {
        // `HH:MM:SS` of the RFC 3339 time.
        let at = m.at.get(11..19).unwrap_or("--:--:--").to_string();
        let style = if m.error {
            theme.fg("error").add_modifier(Modifier::BOLD)
        } else {
            theme.fg("base")
        };
        let line = Line::from(vec![
            Span::styled(format!("{at} "), theme.fg("muted")),
            Span::styled(sanitize(&m.text).into_owned(), style),
        ]);
        lines.extend(wrap(line, inner_w, 9));
    }
    if lines.is_empty() {
        lines.push(Line::styled(state.t(Msg::MessagesEmpty), theme.fg("muted")));
    }
    let max_scroll = lines.len().saturating_sub(rows);
    let up = usize::from(scroll).min(max_scroll);
    let first = max_scroll - up;
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Clear, area);
    let block = info_block(
        state.t(Msg::MessagesTitle),
        state.t(Msg::MessagesClose),
        theme,
    );
    frame.render_widget(Paragraph::new(shown).block(block), area);
}
