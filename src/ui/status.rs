//! The status bar: knowledge base and article count, the call's state, the feeds,
//! warnings, the newest message and key hints.
//!
//! The bar is a row of [`Segment`]s with priorities. The hints for search, end call and
//! help are always there, at any width from the minimum; the other segments get the room
//! that is left by priority, and a long one (a message, a warning) is cut with `…`
//! rather than pushing anything out. Every message is kept in full in the message log
//! (one key away, [`Action::Messages`]).
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{sanitize, truncate, width};
use crate::app::clock::duration;
use crate::app::{Action, Mode, Msg, State};
use crate::i18n::Noun;
use crate::text::Lang;

/// How a segment may give way when the bar is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Shown whole or left out.
    Whole,
    /// Cut with `…` down to a few columns before being left out.
    Cut,
    /// Always shown (cut only when nothing else is left).
    Always,
    /// Shown whole with the room left once every other segment has its full width.
    Spare,
}

/// A piece of the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub text: String,
    pub style: Style,
    /// Lower is more important: room is handed out in this order.
    pub priority: u8,
    pub fit: Fit,
    /// Right-aligned (the key hints) instead of left.
    pub right: bool,
    /// What it is to the bar (a message cut short ends with the message log's key).
    pub role: Role,
}

/// What a segment is to the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Info,
    /// The newest message (its full text is in the message log).
    Message,
}

impl Segment {
    fn left(text: impl Into<String>, style: Style, priority: u8, fit: Fit) -> Segment {
        Segment {
            text: text.into(),
            style,
            priority,
            fit,
            right: false,
            role: Role::Info,
        }
    }
}

/// A segment cut with `…` keeps at least this many columns, or is left out.
/// (A long message may leave the less important segments out while it shows.)
const MIN_CUT: usize = 12;
/// Between left segments.
const SEP: &str = " · ";

/// The texts shown for each segment (in the given order) in `total` columns: `None` for
/// a segment left out, its text (cut with `…` when needed) otherwise.
pub fn fit(segments: &[Segment], total: usize) -> Vec<Option<String>> {
    let mut widths: Vec<usize> = vec![0; segments.len()];
    let mut order: Vec<usize> = (0..segments.len()).collect();
    // Always-shown segments first, then by priority (stable: the display order breaks
    // ties).
    order.sort_by_key(|&i| (segments[i].fit != Fit::Always, segments[i].priority));
    // What a segment's separator takes: a leading space before the first of each side,
    // ` · ` between left segments, a space between hints.
    let sep = |widths: &[usize], i: usize| -> usize {
        let right = segments[i].right;
        let first = !segments
            .iter()
            .zip(widths)
            .any(|(s, w)| s.right == right && *w > 0);
        if first || right { 1 } else { width(SEP) }
    };
    let mut used = 0usize;
    // In priority order, each segment whole if it fits, a cut one with the room left
    // (if that is a few columns at least); then the spare ones with what remains.
    for &i in &order {
        let seg = &segments[i];
        let full = width(&seg.text);
        if full == 0 {
            continue;
        }
        let extra = sep(&widths, i);
        let room = total.saturating_sub(used + extra);
        let w = match seg.fit {
            Fit::Whole | Fit::Cut if full <= room => full,
            Fit::Cut if room >= MIN_CUT => room,
            Fit::Always => full.min(room),
            Fit::Whole | Fit::Cut | Fit::Spare => 0,
        };
        if w > 0 {
            widths[i] = w;
            used += w + extra;
        }
    }
    for &i in &order {
        let full = width(&segments[i].text);
        if segments[i].fit != Fit::Spare || full == 0 {
            continue;
        }
        let extra = sep(&widths, i);
        if used + extra + full <= total {
            widths[i] = full;
            used += full + extra;
        }
    }
    segments
        .iter()
        .zip(widths)
        .map(|(s, w)| (w > 0).then(|| truncate(&s.text, w)))
        .collect()
}

/// The call's state: the mode (when not a live call), then "no call yet", the call
/// timer, or the hold time (the call's time beside it); then who is on the line.
pub fn call_segments(state: &State, theme: &Theme) -> Vec<Segment> {
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
        out.push(Segment::left(sanitize(m), base, 2, Fit::Cut));
    }
    let elapsed = state.clock.elapsed(now);
    // A trainer's pause stops the clock: the call time stands where it stopped.
    if state.clock.paused().is_some() {
        let text = match elapsed {
            Some(call) => format!(
                "{} ({} {})",
                state.t(Msg::PausedBadge),
                state.t(Msg::CallTime),
                duration(call)
            ),
            None => state.t(Msg::PausedBadge).to_string(),
        };
        out.push(Segment::left(text, warn, 2, Fit::Cut));
    } else {
        call_time(state, theme, elapsed, &mut out);
    }
    let who =
        crate::conversation::export::customer_line(&state.customer.name, &state.customer.reference);
    if !who.is_empty() {
        out.push(Segment::left(
            sanitize(&who),
            base.patch(theme.fg("customer")),
            3,
            Fit::Cut,
        ));
    }
    out
}

/// The call timer, or the hold time with the call's beside it ("no call yet" before).
fn call_time(state: &State, theme: &Theme, elapsed: Option<u64>, out: &mut Vec<Segment>) {
    let base = theme.status();
    let warn = base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD);
    let now = state.now.as_str();
    match (elapsed, state.clock.hold_elapsed(now)) {
        (None, _) => out.push(Segment::left(
            state.t(Msg::NoCallYet),
            base.patch(theme.fg("muted")),
            2,
            Fit::Whole,
        )),
        (Some(call), Some(held)) => {
            let text = format!(
                "⏸ {} {} ({} {})",
                state.t(Msg::CallOnHold),
                duration(held),
                state.t(Msg::CallTime),
                duration(call)
            );
            out.push(Segment::left(text, warn, 2, Fit::Cut));
        }
        (Some(call), None) => {
            let label = match state.mode {
                Mode::Live => state.t(Msg::ModeLive),
                _ => state.t(Msg::CallTime),
            };
            out.push(Segment::left(
                format!("{label} {}", duration(call)),
                base.add_modifier(Modifier::BOLD),
                2,
                Fit::Whole,
            ));
        }
    }
}

/// A hosted mock call: the join code and whether the trainer is there; paused.
fn host_segments(state: &State, theme: &Theme) -> Vec<Segment> {
    let base = theme.status();
    let warn = base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD);
    let mut out = Vec::new();
    let Some(p) = &state.practice else {
        return out;
    };
    let Some(h) = &p.host else { return out };
    let feed = state.feeds.get(crate::app::practice::HOST_FEED);
    let (text, style) = match feed {
        Some(f) if f.peers > 0 => (
            Msg::HostConnected.fill(state.lang, &[&h.code]),
            base.patch(theme.fg("agent")),
        ),
        Some(f) if f.all_gone => (Msg::HostDropped.fill(state.lang, &[&h.code]), warn),
        _ => (
            Msg::HostWaiting.fill(state.lang, &[&h.code, &h.address]),
            base.add_modifier(Modifier::BOLD),
        ),
    };
    out.push(Segment::left(
        sanitize(&text).into_owned(),
        style,
        2,
        Fit::Cut,
    ));
    out
}

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

/// A replay's state: playing or paused, where and how fast (its time, not a call
/// timer's).
fn replay_segments(state: &State, theme: &Theme) -> Vec<Segment> {
    let Some(r) = &state.replay else {
        return Vec::new();
    };
    let play = if r.playing {
        format!("▶ {}", state.t(Msg::ReplayPlaying))
    } else {
        format!("⏸ {}", state.t(Msg::ReplayPaused))
    };
    let text = format!(
        "{play} {} / {} ×{}",
        crate::app::replay::clock(r.at),
        crate::app::replay::clock(r.total),
        r.speed
    );
    vec![Segment::left(
        text,
        theme.status().add_modifier(Modifier::BOLD),
        2,
        Fit::Whole,
    )]
}

/// The key hints: search, end call and help always; quit, the message log and the next
/// pane when there is room. A replay neither searches nor ends a call (its own keys are
/// under the conversation).
fn hint_segments(state: &State, muted: Style) -> Vec<Segment> {
    let first = |a: Action| state.keymap.keys(a).first().map(|k| k.to_string());
    let replay = state.replay.is_some();
    [
        (Action::Search, Msg::HintSearch, Fit::Always, 0),
        (Action::EndCall, Msg::HintEndCall, Fit::Always, 0),
        (Action::Help, Msg::HintKeys, Fit::Always, 0),
        (Action::Messages, Msg::HintMessages, Fit::Spare, 8),
        (Action::Quit, Msg::HintQuit, Fit::Spare, 9),
        (Action::NextPane, Msg::HintPane, Fit::Spare, 10),
    ]
    .into_iter()
    .filter(|(a, ..)| !(replay && matches!(a, Action::Search | Action::EndCall)))
    .filter_map(|(a, m, fit, priority)| {
        first(a).map(|k| Segment {
            text: format!("{k} {}", state.t(m)),
            style: muted,
            priority,
            fit,
            right: true,
            role: Role::Info,
        })
    })
    .collect()
}

/// Every segment of the bar, in display order. Priorities: the redaction warning 1, the
/// call 2, who is on the line, feed problems and the newest message 3, the article count (or "indexing…")
/// 4, the feeds' state 5, the knowledge base's name 6, then the optional key hints.
pub fn segments(state: &State, theme: &Theme) -> Vec<Segment> {
    let base = theme.status();
    let warn = base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD);
    let mut out = vec![
        Segment::left(
            sanitize(&state.kb_name),
            base.add_modifier(Modifier::BOLD),
            6,
            Fit::Cut,
        ),
        Segment::left(
            Noun::Article.count(state.lang, state.article_count),
            base,
            4,
            Fit::Whole,
        ),
    ];
    // A replay's time is the replay's, not a call timer.
    if state.replay.is_some() {
        out.extend(replay_segments(state, theme));
    } else {
        out.extend(call_segments(state, theme));
    }
    out.extend(host_segments(state, theme));
    for (name, f) in &state.feeds {
        if state.practice.as_ref().is_some_and(|p| p.host.is_some())
            && name == crate::app::practice::HOST_FEED
        {
            continue;
        }
        if let Some(text) = f.describe(state.lang) {
            out.push(Segment::left(sanitize(&text), base, 5, Fit::Cut));
        }
    }
    if state.indexing {
        out.push(Segment::left(state.t(Msg::Indexing), base, 4, Fit::Whole));
    }
    if let Some(text) = center_text(state.lang, state.center) {
        // Discreet: the calls go on; the journal keeps everything until it is shipped.
        out.push(Segment::left(
            text,
            base.patch(theme.fg("muted")),
            5,
            Fit::Cut,
        ));
    }
    let bad = state.bad_lines();
    if bad > 0 {
        let text = format!("⚠ {}", crate::i18n::bad_lines(state.lang, bad));
        out.push(Segment::left(text, warn, 3, Fit::Cut));
    }
    if !state.redaction_off.is_empty() {
        let text = format!(
            "⚠ {}",
            crate::i18n::redaction_off(state.lang, &state.redaction_off)
        );
        // Privacy: in sight before anything else.
        out.push(Segment::left(text, warn, 1, Fit::Cut));
    }
    let refused = state.refused();
    if refused > 0 {
        let text = format!("⚠ {}", crate::i18n::refused(state.lang, refused));
        out.push(Segment::left(text, warn, 3, Fit::Cut));
    }
    let busy = state.busy();
    if busy > 0 {
        let text = format!("⚠ {}", crate::i18n::busy(state.lang, busy));
        out.push(Segment::left(text, warn, 3, Fit::Cut));
    }
    if let Some(m) = &state.status {
        let st = if m.error {
            base.patch(theme.fg("error")).add_modifier(Modifier::BOLD)
        } else {
            base.patch(theme.fg("agent"))
        };
        out.push(Segment {
            role: Role::Message,
            ..Segment::left(sanitize(&m.text), st, 3, Fit::Cut)
        });
    }
    out.extend(hint_segments(state, base.patch(theme.fg("muted"))));
    out
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme, area: Rect) {
    let base = theme.status();
    let segs = segments(state, theme);
    let total = usize::from(area.width);
    // The practice or replay badge, always first.
    let mut left: Vec<Span> = badge(state, theme);
    let lead = left.iter().map(|s| width(&s.content)).sum::<usize>();
    let shown = fit(&segs, total.saturating_sub(lead));
    // A message cut short ends with the key of the message log, where it is whole.
    let log_key = state
        .keymap
        .keys(Action::Messages)
        .first()
        .map(|k| format!(" ({k})"));
    let mut right: Vec<Span> = Vec::new();
    let mut first_left = true;
    for (seg, text) in segs.iter().zip(shown) {
        let Some(mut text) = text else { continue };
        let sep = if seg.right || first_left { " " } else { SEP };
        first_left &= seg.right;
        let side = if seg.right { &mut right } else { &mut left };
        side.push(Span::styled(sep, if seg.right { seg.style } else { base }));
        let mut suffix = None;
        if seg.role == Role::Message && text != seg.text {
            // Cut at a word, and with the log's key when it fits.
            let w = width(&text);
            text = cut_at_word(&seg.text, w);
            if let Some(k) = &log_key
                && w >= width(k) + MIN_CUT / 2
            {
                text = cut_at_word(&seg.text, w - width(k));
                suffix = Some(Span::styled(k.clone(), base.patch(theme.fg("muted"))));
            }
        }
        side.push(Span::styled(text, seg.style));
        side.extend(suffix);
    }
    let used: usize = left
        .iter()
        .chain(&right)
        .map(|s| width(&s.content))
        .sum::<usize>();
    let mut spans = left;
    spans.push(Span::styled(" ".repeat(total.saturating_sub(used)), base));
    spans.extend(right);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}

/// Lines still to ship, once the center is reachable again, from which the status bar
/// says the shipper is catching up (fewer are the lines of the call going on).
pub const CENTER_BACKLOG: u64 = 100;

/// The center's status-bar text for the shipper's last word (reachable, lines behind):
/// `center offline · N behind` while it cannot be reached, `center: catching up · N
/// behind` while a backlog ships, nothing when caught up or with no center.
pub fn center_text(lang: Lang, center: Option<(bool, u64)>) -> Option<String> {
    match center? {
        (false, 0) => Some(Msg::CenterBarOffline.text(lang).to_string()),
        (false, behind) => Some(format!(
            "{} · {}",
            Msg::CenterBarOffline.text(lang),
            Msg::CenterBarBehind.fill(lang, &[&behind])
        )),
        (true, behind) if behind >= CENTER_BACKLOG => {
            Some(Msg::CenterBarCatchingUp.fill(lang, &[&behind]))
        }
        (true, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str, priority: u8, fit: Fit, right: bool) -> Segment {
        Segment {
            text: text.into(),
            style: Style::default(),
            priority,
            fit,
            right,
            role: Role::Info,
        }
    }

    #[test]
    fn the_always_segments_stay_and_a_long_message_is_cut() {
        let segs = [
            seg("Ondina", 5, Fit::Cut, false),
            seg(&"a very long message ".repeat(10), 3, Fit::Cut, false),
            seg("/ search", 0, Fit::Always, true),
            seg("? help", 0, Fit::Always, true),
            seg("Tab pane", 10, Fit::Spare, true),
        ];
        let shown = fit(&segs, 60);
        assert_eq!(shown[2].as_deref(), Some("/ search"));
        assert_eq!(shown[3].as_deref(), Some("? help"));
        assert_eq!(shown[4], None, "the optional hint gives way");
        let msg = shown[1].as_deref().unwrap();
        assert!(msg.ends_with('…'), "{msg}");
        let widths: usize = shown.iter().flatten().map(|t| width(t)).sum();
        // The texts, a leading space on each side and one between the hints: the
        // message takes every column left.
        assert_eq!(widths + 3, 60, "{shown:?}");
        // The kb name is less important: it comes back when the message goes.
        assert_eq!(shown[0].as_deref(), None);
    }

    #[test]
    fn the_center_is_named_only_when_offline_or_catching_up() {
        assert_eq!(center_text(Lang::En, None), None, "no center configured");
        assert_eq!(
            center_text(Lang::En, Some((false, 0))).as_deref(),
            Some("center offline")
        );
        assert_eq!(
            center_text(Lang::En, Some((false, 42))).as_deref(),
            Some("center offline · 42 behind")
        );
        assert_eq!(
            center_text(Lang::Es, Some((false, 42))).as_deref(),
            Some("central sin conexión · 42 pendientes")
        );
        // Back online with a backlog: said while it ships, then silent.
        assert_eq!(
            center_text(Lang::En, Some((true, 4200))).as_deref(),
            Some("center: catching up · 4200 behind")
        );
        assert_eq!(
            center_text(Lang::Es, Some((true, 4200))).as_deref(),
            Some("central: poniéndose al día · 4200 pendientes")
        );
        assert_eq!(
            center_text(Lang::En, Some((true, 3))),
            None,
            "the call's lines"
        );
        assert_eq!(center_text(Lang::En, Some((true, 0))), None, "caught up");
    }

    #[test]
    fn everything_shows_whole_when_there_is_room() {
        let segs = [
            seg("Ondina", 5, Fit::Cut, false),
            seg("hello", 3, Fit::Cut, false),
            seg("/ search", 0, Fit::Always, true),
            seg("Tab pane", 10, Fit::Spare, true),
        ];
        let shown = fit(&segs, 80);
        assert!(shown.iter().all(Option::is_some), "{shown:?}");
        assert_eq!(shown[1].as_deref(), Some("hello"));
    }
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
mod cut_tests {
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
