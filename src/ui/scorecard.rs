//! The scorecard overlay at the end of a mock call: a view of
//! [`crate::training::scorecard::Scorecard::outline`] over most of the screen, scrolled
//! by the view's offset (the update clamps it to the last line).
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::Theme;
use super::text::truncate;
use crate::app::{Msg, ScorecardView, State};
use crate::training::scorecard::LineKind;

/// Draws the scorecard overlay.
pub fn draw(frame: &mut Frame, state: &State, view: &ScorecardView, theme: &Theme) {
    let screen = frame.area();
    let area = Rect::new(
        screen.x + 1,
        screen.y + 1,
        screen.width.saturating_sub(2),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let inner_w = usize::from(area.width.saturating_sub(4));
    let inner_h = usize::from(area.height.saturating_sub(2));
    let outline = view.card.outline(state.lang);
    let start = usize::from(view.scroll).min(outline.len().saturating_sub(1));
    let lines: Vec<Line> = outline
        .iter()
        .skip(start)
        .take(inner_h)
        .map(|l| {
            let style = match l.kind {
                LineKind::Heading => theme.fg("accent").add_modifier(Modifier::BOLD),
                LineKind::Bad => theme.fg("error").add_modifier(Modifier::BOLD),
                LineKind::Good | LineKind::Meta | LineKind::Item | LineKind::Blank => {
                    theme.fg("base")
                }
                LineKind::Evidence => theme.fg("muted"),
            };
            Line::styled(format!(" {}", truncate(&l.text, inner_w)), style)
        })
        .collect();
    let more = if start + inner_h < outline.len() {
        " ↓"
    } else {
        ""
    };
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.fg("focus"))
        .title(Span::styled(
            format!(" {} ", state.t(Msg::ScTitle)),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ))
        .title_bottom(Line::styled(
            format!(" {}{more} ", state.t(Msg::ScOverlayHint)),
            theme.fg("muted"),
        ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
