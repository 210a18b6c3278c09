//! The status bar: knowledge base and article count, mode, feed problems, transient
//! messages and key hints.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{sanitize, width};
use crate::app::clock::duration;
use crate::app::{Action, Mode, Msg, State};
use crate::i18n::Noun;

/// The badge of a mock call (`PRÁCTICA` / `PRACTICE`) or a replay (`REPASO` /
/// `REPLAY`); nothing on a live call.
pub fn badge(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    let text = if state.replay.is_some() {
        state.t(Msg::ReplayBadge)
    } else if state.practice.is_some() {
        state.t(Msg::PracticeBadge)
    } else {
        return Vec::new();
    };
    vec![Span::styled(format!(" {text} "), theme.badge_training())]
}

/// The call's part of the status bar: the mode, then "no call yet", the call timer, or
/// the hold time (the call's time beside it); then who is on the line.
pub fn call_segment(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    let base = theme.status();
    let warn = base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD);
    let now = state.now.as_str();
    let mut out = Vec::new();
    let mode = match &state.mode {
        Mode::Live => None,
        Mode::Training => Some(state.t(Msg::ModeTraining)),
        Mode::Other(name) => Some(name.as_str()),
    };
    if let Some(m) = mode {
        out.push(Span::styled(format!("· {} ", sanitize(m)), base));
    }
    let elapsed = state.clock.elapsed(now);
    match (elapsed, state.clock.hold_elapsed(now)) {
        (None, _) => out.push(Span::styled(
            format!("· {} ", state.t(Msg::NoCallYet)),
            base.patch(theme.fg("muted")),
        )),
        (Some(call), Some(held)) => {
            out.push(Span::styled(
                format!("· ⏸ {} {} ", state.t(Msg::CallOnHold), duration(held)),
                warn,
            ));
            out.push(Span::styled(
                format!("({} {}) ", state.t(Msg::CallTime), duration(call)),
                base,
            ));
        }
        (Some(call), None) => {
            let label = match state.mode {
                Mode::Live => state.t(Msg::ModeLive),
                _ => state.t(Msg::CallTime),
            };
            out.push(Span::styled(
                format!("· {label} {} ", duration(call)),
                base.add_modifier(Modifier::BOLD),
            ));
        }
    }
    let who =
        crate::conversation::export::customer_line(&state.customer.name, &state.customer.reference);
    if !who.is_empty() {
        out.push(Span::styled(
            format!("· {} ", sanitize(&who)),
            base.patch(theme.fg("customer")),
        ));
    }
    out
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme, area: Rect) {
    let base = theme.status();
    let mut left = badge(state, theme);
    if let Some(r) = &state.replay {
        let play = if r.playing {
            format!("▶ {}", state.t(Msg::ReplayPlaying))
        } else {
            format!("⏸ {}", state.t(Msg::ReplayPaused))
        };
        left.push(Span::styled(
            format!(
                " {play} {} / {} ×{} ",
                crate::app::replay::clock(r.at),
                crate::app::replay::clock(r.total),
                r.speed
            ),
            base.add_modifier(Modifier::BOLD),
        ));
    }
    left.extend([
        Span::styled(
            format!(" {} ", sanitize(&state.kb_name)),
            base.add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!(
                "· {} ",
                Noun::Article.count(state.lang, state.article_count)
            ),
            base,
        ),
    ]);
    // A replay's time is the replay's (shown first), not a call timer.
    if state.replay.is_none() {
        left.extend(call_segment(state, theme));
    }
    if state.indexing {
        left.push(Span::styled(format!("· {} ", state.t(Msg::Indexing)), base));
    }
    let bad = state.bad_lines();
    if bad > 0 {
        left.push(Span::styled(
            format!("· ⚠ {} ", crate::i18n::bad_lines(state.lang, bad)),
            base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD),
        ));
    }
    if !state.redaction_off.is_empty() {
        left.push(Span::styled(
            format!(
                "· ⚠ {} ",
                crate::i18n::redaction_off(state.lang, &state.redaction_off)
            ),
            base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD),
        ));
    }
    let refused = state.refused();
    if refused > 0 {
        left.push(Span::styled(
            format!("· ⚠ {} ", crate::i18n::refused(state.lang, refused)),
            base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(m) = &state.status {
        let st = if m.error {
            base.patch(theme.fg("error")).add_modifier(Modifier::BOLD)
        } else {
            base.patch(theme.fg("agent"))
        };
        left.push(Span::styled(format!("· {} ", sanitize(&m.text)), st));
    }
    let first = |a: Action| {
        state
            .keymap
            .keys(a)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_default()
    };
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let total = usize::from(area.width);
    // As many hints as fit, most important first.
    let mut hints = String::new();
    for (a, m) in [
        (Action::Help, Msg::HintKeys),
        (Action::Quit, Msg::HintQuit),
        (Action::Search, Msg::HintSearch),
        (Action::NextPane, Msg::HintPane),
    ] {
        let k = first(a);
        if k.is_empty() {
            continue;
        }
        let item = format!("{k} {} ", state.t(m));
        if used + width(&hints) + width(&item) < total {
            hints.push_str(&item);
        }
    }
    if !hints.is_empty() {
        left.push(Span::styled(" ".repeat(total - used - width(&hints)), base));
        left.push(Span::styled(hints, base.patch(theme.fg("muted"))));
    }
    frame.render_widget(Paragraph::new(Line::from(left)).style(base), area);
}
