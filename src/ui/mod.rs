//! Drawing the workspace: a pure function of the application state and the theme (no
//! I/O). One file per pane; `theme` and `markdown` hold the shared pieces.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::app::{Area, Drawn, Msg, Overlay, State};

pub mod call;
pub mod conversation;
pub mod feedback;
pub mod help;
pub mod markdown;
pub mod messages;
pub mod reader;
pub mod replay;
pub mod scorecard;
pub mod search;
pub mod status;
pub mod text;
pub mod theme;

pub use theme::Theme;

/// An app area as a ratatui rectangle.
pub fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

/// A bordered pane with a title, highlighted when focused. A title wider than the pane
/// (`width` columns, borders included) is cut with `…`.
pub fn pane(title: Line<'_>, width: u16, focused: bool, theme: &Theme) -> Block<'static> {
    let spans: Vec<Span<'static>> = title
        .spans
        .into_iter()
        .map(|s| Span::styled(s.content.into_owned(), s.style))
        .collect();
    let title = Line::from(text::fit(spans, usize::from(width.saturating_sub(2))));
    Block::bordered()
        .border_type(match (focused, theme.training) {
            (true, _) => BorderType::Thick,
            (false, true) => BorderType::Double,
            (false, false) => BorderType::Rounded,
        })
        .border_style(theme.border(focused))
        .title(title)
        .style(theme.base())
}

/// The frame of a dialog that only shows things (help, message log): a double border,
/// the title on top and how to close it at the bottom.
pub fn info_block(title: &str, hint: &str, theme: &Theme) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.fg("focus"))
        .title(Span::styled(
            format!(" {title} "),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ))
        .title_bottom(Line::styled(format!(" {hint} "), theme.fg("muted")))
        .style(theme.base())
}

/// Draws the whole workspace.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    render(frame, state, theme);
}

/// Draws the whole workspace and says what it laid out (the run loop gives it back to
/// the state as [`crate::app::Event::Drawn`]: scroll limits come from the drawing).
pub fn render(frame: &mut Frame, state: &State, theme: &Theme) -> Drawn {
    let area = frame.area();
    frame.render_widget(Block::default().style(theme.base()), area);
    let Some(layout) = crate::app::Layout::compute(area.width, area.height, state.reader.is_some())
    else {
        too_small(frame, state, theme);
        return state.drawn;
    };
    let mut drawn = Drawn {
        conversation: conversation::draw(frame, state, theme, &layout),
        reader: None,
        reader_top_item: None,
    };
    search::draw(frame, state, theme, &layout);
    if let Some(r) = layout.reader
        && let Some((extent, top_item)) = reader::draw(frame, state, theme, rect(r))
    {
        drawn.reader = Some(extent);
        drawn.reader_top_item = top_item;
    }
    status::draw(frame, state, theme, rect(layout.status));
    if state.replies_open() {
        search::draw_replies(frame, state, theme, &layout);
    }
    // The dialogs, bottom first (the quit question can sit over the resume prompt).
    for o in &state.overlays {
        match o {
            Overlay::Help => help::draw(frame, state, theme),
            Overlay::WrapUp(w) => call::draw_wrapup(frame, state, w, theme),
            Overlay::Resume(r) => call::draw_resume(frame, state, r, theme),
            Overlay::ConfirmQuit => confirm(frame, state, theme),
            Overlay::Messages { scroll } => messages::draw(frame, state, *scroll, theme),
            Overlay::Scorecard(v) => scorecard::draw(frame, state, v, theme),
            Overlay::ConfirmAbandon => call::draw_abandon(frame, state, theme),
            Overlay::ConfirmDiscard => confirm_text(frame, state.t(Msg::DiscardConfirm), theme),
            Overlay::Customer(f) => call::draw_customer(frame, state, f, theme),
            Overlay::PastCalls(p) => call::draw_past_calls(frame, state, p, theme),
            Overlay::Flag(f) => feedback::draw_flag(frame, state, f, theme),
        }
    }
    drawn
}

fn too_small(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    let lines = vec![
        Line::styled(
            state.t(Msg::TooSmall),
            theme.fg("warn").add_modifier(Modifier::BOLD),
        ),
        Line::styled(
            format!(
                "{}x{} < {}x{}",
                area.width,
                area.height,
                crate::app::layout::MIN_WIDTH,
                crate::app::layout::MIN_HEIGHT
            ),
            theme.fg("muted"),
        ),
    ];
    let y = area.height.saturating_sub(2) / 2;
    let r = Rect::new(
        area.x,
        area.y + y,
        area.width,
        area.height.saturating_sub(y).min(2),
    );
    frame.render_widget(
        Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center),
        r,
    );
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn confirm(frame: &mut Frame, state: &State, theme: &Theme) {
    confirm_text(frame, state.t(Msg::QuitConfirm), theme);
}

/// A yes/no question in a small box in the middle.
fn confirm_text(frame: &mut Frame, msg: &str, theme: &Theme) {
    let w = (text::width(msg) as u16 + 6).min(frame.area().width);
    let r = centered(frame.area(), w, 3);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.fg("warn").add_modifier(Modifier::BOLD))
        .style(theme.base());
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            msg,
            Style::default().add_modifier(Modifier::BOLD),
        )))
        .alignment(ratatui::layout::Alignment::Center)
        .block(block),
        r,
    );
}
