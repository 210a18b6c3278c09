//! The replay's own pieces: the timeline of what happened up to the position (where the
//! results go in a live call) and the line under the conversation (the comment being
//! written, or the replay's keys).
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::sanitize;
use super::{Theme, pane};
use crate::app::replay::{Replay, clock};
use crate::app::{Action, Msg, State};
use crate::conversation::journal::JournalEntry;

/// One line of the timeline: when, what (label, meaning) and the detail.
fn item(state: &State, e: &JournalEntry) -> Option<(&'static str, &'static str, String)> {
    let ids = |v: &[String]| v.join(", ");
    Some(match e {
        JournalEntry::Search {
            query, hits, top, ..
        } => (
            state.t(Msg::TlSearch),
            "accent",
            format!("“{query}” ({hits}) {}", ids(top)),
        ),
        JournalEntry::Open { article, via, .. } => (
            state.t(Msg::TlOpen),
            "agent",
            match via {
                Some(v) => format!("{article} ({v})"),
                None => article.clone(),
            },
        ),
        JournalEntry::Close { article } => (state.t(Msg::TlClose), "muted", article.clone()),
        JournalEntry::Suggestion { articles } => (state.t(Msg::TlSuggest), "badge", ids(articles)),
        JournalEntry::Dismiss { article } => (state.t(Msg::TlDismiss), "warn", article.clone()),
        JournalEntry::Wrapup { disposition, note } => (
            state.t(Msg::TlWrapup),
            "accent",
            format!("{} {note}", disposition.name()),
        ),
        _ => return None,
    })
}

/// The timeline: the call's records up to the position (turn numbers, cues and comments
/// included), the newest at the bottom.
pub fn draw_timeline(frame: &mut Frame, state: &State, r: &Replay, theme: &Theme, area: Rect) {
    let title = Line::from(Span::styled(
        format!(" {} ", state.t(Msg::Timeline)),
        theme.fg("accent").add_modifier(Modifier::BOLD),
    ));
    let block = pane(title, area.width, false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line> = Vec::new();
    let mut turn = 0;
    for (t, e) in &r.entries[..r.applied] {
        let when = Span::styled(format!("{:>5} ", clock(*t)), theme.fg("muted"));
        if let JournalEntry::Turn { .. } = e {
            turn += 1;
            for (_, cue) in state.cues.iter().filter(|(i, _)| *i + 1 == turn) {
                lines.push(Line::from(vec![
                    when.clone(),
                    Span::styled(format!("{} ", state.t(Msg::TlCue)), theme.fg("warn")),
                    Span::raw(format!("#{turn} {}", sanitize(cue.label(state.lang)))),
                ]));
            }
            for c in r.comments.iter().filter(|c| c.turn == turn) {
                lines.push(Line::from(vec![
                    when.clone(),
                    Span::styled(
                        format!("✎ {} ", state.t(Msg::TlComment)),
                        theme.fg("note").add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(format!(
                        "#{turn} {}: {}",
                        sanitize(&c.author),
                        sanitize(&c.text)
                    )),
                ]));
            }
            continue;
        }
        if let Some((label, meaning, detail)) = item(state, e) {
            lines.push(Line::from(vec![
                when,
                Span::styled(format!("{label} "), theme.fg(meaning)),
                Span::raw(sanitize(&detail).into_owned()),
            ]));
        }
    }
    let skip = lines.len().saturating_sub(usize::from(inner.height));
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown).style(theme.base()), inner);
}

/// The line under the conversation in a replay: the comment being written, else the keys.
pub fn draw_input(frame: &mut Frame, state: &State, r: &Replay, theme: &Theme, inner: Rect) {
    if let Some(edit) = &r.commenting {
        let prompt = Msg::CommentPrompt.fill(state.lang, &[&r.turn_shown()]);
        let pw = u16::try_from(super::text::width(&prompt)).unwrap_or(u16::MAX);
        frame.render_widget(
            Paragraph::new(Span::styled(prompt, theme.fg("note"))),
            inner,
        );
        let field = Rect {
            x: inner.x.saturating_add(pw).min(inner.x + inner.width),
            width: inner.width.saturating_sub(pw),
            ..inner
        };
        super::conversation::field(
            frame,
            edit.text(),
            edit.cursor(),
            theme.fg("base"),
            field,
            !state.covered(),
        );
        return;
    }
    let keys = |a: Action| state.keymap.describe(a);
    let hint = format!(
        "{} {} · {} {} · {} {} · {} {}",
        keys(Action::ReplayPause),
        state.t(Msg::ActReplayPause),
        keys(Action::ReplayStep),
        state.t(Msg::ActReplayStep),
        keys(Action::ReplaySeekForward),
        state.t(Msg::ActReplaySeekForward),
        keys(Action::Comment),
        state.t(Msg::ActComment),
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            hint,
            theme.fg("muted").add_modifier(Modifier::ITALIC),
        )),
        inner,
    );
}
