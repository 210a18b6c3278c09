//! The status bar: knowledge base and article count, mode, feed problems, transient
//! messages and key hints.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{sanitize, truncate, width};
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

/// Columns a transient message keeps before the help hint gives way to it.
const MESSAGE_ROOM: usize = 32;

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
    let busy = state.busy();
    if busy > 0 {
        left.push(Span::styled(
            format!("· ⚠ {} ", crate::i18n::busy(state.lang, busy)),
            base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD),
        ));
    }
    let first = |a: Action| {
        state
            .keymap
            .keys(a)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_default()
    };
    if let Some(m) = &state.status {
        let st = if m.error {
            base.patch(theme.fg("error")).add_modifier(Modifier::BOLD)
        } else {
            base.patch(theme.fg("agent"))
        };
        // The message is cut at a word, with `…`, and leaves room for the help hint
        // unless that would leave it fewer than MESSAGE_ROOM columns.
        let used: usize = left.iter().map(|s| width(&s.content)).sum();
        let help = first(Action::Help);
        let hint = if help.is_empty() {
            0
        } else {
            width(&format!("{help} {} ", state.t(Msg::HintKeys)))
        };
        let text = sanitize(&m.text);
        let room = |keep: usize| usize::from(area.width).saturating_sub(used + keep + 4);
        let keep = if width(&text) <= room(hint) || room(hint) >= MESSAGE_ROOM {
            hint
        } else {
            0
        };
        let text = cut_at_word(&text, room(keep));
        left.push(Span::styled(format!("· {text} "), st));
    }
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

/// `text` in at most `max` columns: cut after the last whole word that fits (or at a
/// grapheme when one word is longer than half of `max`), ending with `…`.
fn cut_at_word(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let cut = truncate(text, max);
    let kept = cut.trim_end_matches('…');
    match kept.rfind(' ') {
        Some(i) if width(&kept[..i]) * 2 >= max => format!("{}…", kept[..i].trim_end()),
        _ => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_cut_at_a_word() {
        let msg = "Call saved; a new call starts (Ctrl-E ends it)";
        assert_eq!(cut_at_word(msg, 80), msg);
        assert_eq!(cut_at_word(msg, 36), "Call saved; a new call starts…");
        assert!(width(&cut_at_word(msg, 36)) <= 36);
        assert_eq!(cut_at_word("Transcripción", 8), "Transcr…");
    }
}
