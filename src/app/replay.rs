//! The replay of a saved call: a read-only workspace that plays the call's records back
//! in time (turns, searches, opened articles, suggestions shown and dismissed, cues), with
//! pause, step, seek and speed, and reviewers' comments anchored to a turn.
//!
//! The records are the journal's; the position is a time from the call's first record.
//! Going back rebuilds the screen from the start up to the position (the records are
//! few), so what is shown at a time is always the same. What the agent saw comes from
//! the records, not from today's index: the query as typed, the articles of the results
//! and suggestions with the titles they had ([`Replay::titles`]: the journaled title of
//! an opened article, else the title the article has now, or word that it is gone).
//! Only the article in the reader is read again (read-only: the replay has no journal).
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::conversation::journal::{JournalEntry, Record};
use crate::conversation::{Speaker, Turn};
use crate::training::review::Comment;

use super::keymap::Action;
use super::{Effect, Focus, Key, KeyCode, LineEdit, Msg, State};

/// How far a seek key moves.
pub const SEEK: Duration = Duration::from_secs(10);
/// The fastest replay.
pub const MAX_SPEED: u32 = 32;

/// A saved call being replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// The call's session id and journal file (comments go beside it).
    pub id: String,
    pub journal: PathBuf,
    /// The records with their time from the first one.
    pub entries: Vec<(Duration, JournalEntry)>,
    pub total: Duration,
    /// The position, and how many entries are shown at it.
    pub at: Duration,
    pub applied: usize,
    pub playing: bool,
    pub speed: u32,
    /// Reviewers' comments (read at start, added here).
    pub comments: Vec<Comment>,
    /// A comment being written (on the turn shown last).
    pub commenting: Option<LineEdit>,
    /// Who writes the comments.
    pub reviewer: String,
    /// The title of each article the records name: Some(title), or None when the
    /// article is no longer in the knowledge base (shown by its id, marked gone). An id
    /// missing here is shown as it is.
    pub titles: BTreeMap<String, Option<String>>,
}

impl Replay {
    /// A replay of `records` (in order), paused at the start, `speed` times the call's pace.
    pub fn new(id: String, journal: PathBuf, records: &[Record], speed: u32) -> Replay {
        let times: Vec<_> = records.iter().map(Record::time).collect();
        let first = times.iter().flatten().next().copied();
        let mut last = Duration::ZERO;
        let entries: Vec<(Duration, JournalEntry)> = records
            .iter()
            .zip(&times)
            .map(|(r, t)| {
                // A line without a readable time keeps the time of the one before.
                let d = match (t, first) {
                    (Some(t), Some(f)) => (*t - f).to_std().unwrap_or(last).max(last),
                    _ => last,
                };
                last = d;
                (d, r.entry.clone())
            })
            .collect();
        Replay {
            id,
            journal,
            total: last,
            entries,
            at: Duration::ZERO,
            applied: 0,
            playing: false,
            speed: speed.clamp(1, MAX_SPEED),
            comments: Vec::new(),
            commenting: None,
            reviewer: String::new(),
            titles: BTreeMap::new(),
        }
    }

    /// Every article id the records name (searches' results, suggestions, opened,
    /// closed and dismissed articles), sorted.
    pub fn article_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for (_, e) in &self.entries {
            match e {
                JournalEntry::Search { top, .. } => ids.extend(top.iter().cloned()),
                JournalEntry::Suggestion { articles } => ids.extend(articles.iter().cloned()),
                JournalEntry::Open { article, .. }
                | JournalEntry::Close { article }
                | JournalEntry::Dismiss { article }
                | JournalEntry::Undismiss { article } => ids.push(article.clone()),
                _ => {}
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// Fills [`Replay::titles`]: the title journaled when an article was opened, else
    /// what `now` says of it (its title today, None when it no longer exists).
    pub fn resolve_titles(&mut self, now: impl Fn(&str) -> Option<String>) {
        let mut journaled: BTreeMap<&str, &str> = BTreeMap::new();
        for (_, e) in &self.entries {
            if let JournalEntry::Open { article, title, .. } = e
                && !title.trim().is_empty()
            {
                journaled.entry(article.as_str()).or_insert(title.as_str());
            }
        }
        let titles = self
            .article_ids()
            .into_iter()
            .map(|id| {
                let title = match journaled.get(id.as_str()) {
                    Some(t) => Some((*t).to_string()),
                    None => now(&id),
                };
                (id, title)
            })
            .collect();
        self.titles = titles;
    }

    /// An article as the replay shows it: its title, its id when the title is not
    /// known, and `gone` after the id when the article no longer exists.
    pub fn article(&self, id: &str, gone: &str) -> String {
        match self.titles.get(id) {
            Some(Some(title)) => title.clone(),
            Some(None) => format!("{id} ({gone})"),
            None => id.to_string(),
        }
    }

    /// How many entries are due at `at`.
    fn due(&self, at: Duration) -> usize {
        self.entries.partition_point(|(t, _)| *t <= at)
    }

    /// The turn shown last (1-based; 0 before the first).
    pub fn turn_shown(&self) -> usize {
        self.entries[..self.applied]
            .iter()
            .filter(|(_, e)| matches!(e, JournalEntry::Turn { .. }))
            .count()
    }
}

/// Starts the replay in the state (the first records at time zero are shown).
pub fn start(state: &mut State, replay: Replay, fx: &mut Vec<Effect>) {
    state.replay = Some(replay);
    seek(state, Duration::ZERO, fx);
}

/// The replay's clock moved on by `elapsed` (wall time): plays at its speed.
pub fn tick(state: &mut State, elapsed: Duration, fx: &mut Vec<Effect>) {
    let Some(r) = &state.replay else { return };
    if !r.playing {
        return;
    }
    let to = r.at + elapsed * r.speed;
    seek(state, to, fx);
}

/// Moves the position to `to` (clamped to the call), showing what had happened by then.
pub fn seek(state: &mut State, to: Duration, fx: &mut Vec<Effect>) {
    let Some(r) = &state.replay else { return };
    let to = to.min(r.total);
    let due = r.due(to);
    let from = if due < r.applied {
        // Back in time: from the start again.
        reset(state);
        0
    } else {
        r.applied
    };
    let before_article = state.reader.as_ref().map(|rd| rd.article.id.clone());
    let entries: Vec<(Duration, JournalEntry)> = state
        .replay
        .as_ref()
        .map(|r| r.entries[from..due].to_vec())
        .unwrap_or_default();
    let mut article = before_article.clone();
    for (_, e) in entries {
        apply(state, e, &mut article, fx);
    }
    if let Some(r) = &mut state.replay {
        r.at = to;
        r.applied = due;
        if to >= r.total {
            r.playing = false;
        }
    }
    // Only the article shown at the end is read again; searches are not run again:
    // the timeline shows what they found then.
    if article != before_article || (from == 0 && article.is_some() && state.reader.is_none()) {
        match article {
            Some(id) if state.reader.as_ref().is_none_or(|rd| rd.article.id != id) => {
                state.opening = Some(id.clone());
                state.opening_via = Some("replay".into());
                fx.push(Effect::OpenArticle(id));
            }
            None => state.reader = None,
            _ => {}
        }
    }
}

/// The screen as before the call's first record.
fn reset(state: &mut State) {
    state.turns.clear();
    state.cues.clear();
    state.query.take();
    state.hits.clear();
    state.suggestions.clear();
    state.dismissed.clear();
    state.reader = None;
    state.conv_scroll = 0;
}

/// Shows one record.
fn apply(state: &mut State, e: JournalEntry, article: &mut Option<String>, fx: &mut Vec<Effect>) {
    match e {
        JournalEntry::Turn {
            speaker, text, ts, ..
        } => {
            let turn = Turn {
                speaker,
                text,
                ts: ts.unwrap_or_default(),
                final_: true,
            };
            state.turns.push(turn);
            if speaker == Speaker::Customer {
                let index = state.turns.len() - 1;
                fx.push(Effect::DetectCues {
                    turn: index,
                    text: state.turns[index].text.clone(),
                    fallback: crate::assist::cues::conversation_lang(&state.turns),
                });
            }
        }
        JournalEntry::Search { query, .. } => state.query.set(&query),
        JournalEntry::Open { article: a, .. } => *article = Some(a),
        JournalEntry::Close { .. } => *article = None,
        JournalEntry::Dismiss { article: a } => {
            state.dismissed.insert(a);
        }
        JournalEntry::Undismiss { article: a } => {
            state.dismissed.remove(&a);
        }
        _ => {}
    }
}

/// Keys in the replay: a comment being written takes them all; otherwise the replay's
/// keys, moving around and the help (nothing else: the call is read-only).
pub fn on_key(state: &mut State, key: Key, fx: &mut Vec<Effect>) {
    if let Some(edit) = state.replay.as_mut().and_then(|r| r.commenting.as_mut()) {
        match key.code {
            KeyCode::Esc => {
                if let Some(r) = &mut state.replay {
                    r.commenting = None;
                }
            }
            KeyCode::Enter => save_comment(state, fx),
            _ => {
                edit.apply_key(&key);
            }
        }
        return;
    }
    let actions: Vec<Action> = state.keymap.actions(&key).to_vec();
    for a in actions {
        let done = match a {
            Action::Quit => {
                state.quit = true;
                fx.push(Effect::Quit);
                true
            }
            Action::Help
            | Action::NextPane
            | Action::PrevPane
            | Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Flag
            | Action::FlagService
            | Action::Helpful
            | Action::NotHelpful
            | Action::Back => super::keys::apply(state, a, fx),
            a if a.context() == super::keymap::Context::Replay => on_action(state, a, fx),
            _ => false,
        };
        if done {
            return;
        }
    }
}

/// One of the replay's own actions; false when not replaying.
pub fn on_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) -> bool {
    let Some(r) = &mut state.replay else {
        return false;
    };
    let at = r.at;
    let seek_to = match action {
        Action::ReplayPause if !r.playing && r.at >= r.total => {
            // Played to the end: from the start again.
            r.playing = true;
            Some(Duration::ZERO)
        }
        Action::ReplayPause => {
            r.playing = !r.playing;
            None
        }
        Action::ReplayStep => {
            r.playing = false;
            r.entries.get(r.applied).map(|(t, _)| *t)
        }
        Action::ReplayBack => {
            r.playing = false;
            // The time of the entry before the last one shown.
            Some(
                r.applied
                    .checked_sub(2)
                    .map_or(Duration::ZERO, |i| r.entries[i].0),
            )
        }
        Action::ReplaySeekForward => Some(at + SEEK),
        Action::ReplaySeekBack => Some(at.saturating_sub(SEEK)),
        Action::ReplayFaster => {
            r.speed = (r.speed * 2).min(MAX_SPEED);
            None
        }
        Action::ReplaySlower => {
            r.speed = (r.speed / 2).max(1);
            None
        }
        Action::Comment if r.turn_shown() == 0 => {
            state.notify(state.t(Msg::CommentNoTurn), false);
            None
        }
        Action::Comment => {
            r.commenting = Some(LineEdit::default());
            r.playing = false;
            state.focus = Focus::Input;
            None
        }
        _ => return false,
    };
    if let Some(to) = seek_to {
        seek(state, to, fx);
    }
    true
}

/// Saves the comment being written, on the turn shown last.
fn save_comment(state: &mut State, fx: &mut Vec<Effect>) {
    let now = state.now.clone();
    let Some(r) = &mut state.replay else { return };
    let Some(mut edit) = r.commenting.take() else {
        return;
    };
    let text = edit.take().trim().to_string();
    if text.is_empty() {
        return;
    }
    let comment = Comment {
        turn: r.turn_shown(),
        author: r.reviewer.clone(),
        text,
        at: now,
    };
    r.comments.push(comment.clone());
    let turn = comment.turn;
    fx.push(Effect::SaveComment {
        journal: r.journal.clone(),
        comment,
    });
    let msg = Msg::CommentSaved.fill(state.lang, &[&turn]);
    state.notify(msg, false);
}

/// `m:ss` of a duration.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::journal::Record;

    fn rec(t: &str, entry: JournalEntry) -> Record {
        Record {
            t: format!("2026-12-02T10:{t}+01:00"),
            entry,
        }
    }

    fn turn(speaker: Speaker, text: &str) -> JournalEntry {
        JournalEntry::Turn {
            speaker,
            text: text.into(),
            ts: None,
            at: None,
        }
    }

    fn replay() -> (State, Vec<Effect>) {
        let records = vec![
            rec("00:00", JournalEntry::Resume),
            rec("00:02", turn(Speaker::Customer, "me han cobrado dos veces")),
            rec("00:10", turn(Speaker::Agent, "lo miro")),
            rec(
                "00:15",
                JournalEntry::Search {
                    query: "cargo duplicado".into(),
                    hits: 1,
                    top: vec!["facturacion/cargo-duplicado".into()],
                    again: false,
                },
            ),
            rec(
                "00:20",
                JournalEntry::Open {
                    article: "facturacion/cargo-duplicado".into(),
                    title: String::new(),
                    via: None,
                },
            ),
            rec("01:00", turn(Speaker::Customer, "gracias")),
        ];
        let mut state = State::new(super::super::Options::default());
        let mut fx = Vec::new();
        let r = Replay::new("x".into(), PathBuf::from("/tmp/x.jsonl"), &records, 1);
        start(&mut state, r, &mut fx);
        (state, fx)
    }

    #[test]
    fn an_article_reached_before_the_index_is_ready_is_shown_once_it_is() {
        let (mut state, _) = replay();
        let mut fx = Vec::new();
        seek(&mut state, Duration::from_secs(30), &mut fx);
        let open = Effect::OpenArticle("facturacion/cargo-duplicado".into());
        assert!(fx.contains(&open));
        // The run loop had no index yet.
        let fx = crate::app::update(&mut state, crate::app::Event::StillIndexing);
        assert!(!fx.contains(&open));
        let fx = crate::app::update(
            &mut state,
            crate::app::Event::IndexReady {
                articles: 84,
                problems: 0,
            },
        );
        assert!(fx.contains(&open), "{fx:?}");
    }

    #[test]
    fn playing_shows_what_had_happened_by_then() {
        let (mut state, _) = replay();
        assert_eq!(
            state.replay.as_ref().unwrap().total,
            Duration::from_secs(60)
        );
        assert!(state.turns.is_empty());
        let mut fx = Vec::new();
        tick(&mut state, Duration::from_secs(5), &mut fx);
        assert!(state.turns.is_empty(), "paused: nothing moves");
        on_action(&mut state, Action::ReplayPause, &mut fx);
        tick(&mut state, Duration::from_secs(12), &mut fx);
        assert_eq!(state.turns.len(), 2);
        fx.clear();
        tick(&mut state, Duration::from_secs(10), &mut fx);
        assert_eq!(state.query.text(), "cargo duplicado");
        // The search is what it found then, not run again against today's index.
        assert!(!fx.iter().any(|e| matches!(e, Effect::Search { .. })));
        assert!(fx.contains(&Effect::OpenArticle("facturacion/cargo-duplicado".into())));
        tick(&mut state, Duration::from_secs(100), &mut fx);
        let r = state.replay.as_ref().unwrap();
        assert_eq!(r.at, r.total);
        assert!(!r.playing, "stops at the end");
        assert_eq!(state.turns.len(), 3);
    }

    #[test]
    fn articles_are_shown_with_the_titles_they_had_or_said_to_be_gone() {
        let records = vec![
            rec(
                "00:01",
                JournalEntry::Search {
                    query: "cargo".into(),
                    hits: 2,
                    top: vec!["a/renombrado".into(), "a/borrado".into()],
                    again: false,
                },
            ),
            rec(
                "00:02",
                JournalEntry::Suggestion {
                    articles: vec!["a/igual".into(), "a/borrado".into()],
                },
            ),
            rec(
                "00:03",
                JournalEntry::Open {
                    article: "a/renombrado".into(),
                    title: "Título de entonces".into(),
                    via: Some("search".into()),
                },
            ),
        ];
        let mut r = Replay::new("x".into(), PathBuf::from("/tmp/x.jsonl"), &records, 1);
        assert_eq!(r.article_ids(), ["a/borrado", "a/igual", "a/renombrado"]);
        r.resolve_titles(|id| match id {
            "a/renombrado" => Some("Título de hoy".into()),
            "a/igual" => Some("Igual".into()),
            _ => None,
        });
        // The journaled title wins over today's; a deleted article keeps its id.
        assert_eq!(r.article("a/renombrado", "gone"), "Título de entonces");
        assert_eq!(r.article("a/igual", "gone"), "Igual");
        assert_eq!(r.article("a/borrado", "gone"), "a/borrado (gone)");
        assert_eq!(r.article("a/nunca", "gone"), "a/nunca");
    }

    #[test]
    fn step_back_and_seek_rebuild_the_same_screen() {
        let (mut state, mut fx) = replay();
        on_action(&mut state, Action::ReplayStep, &mut fx);
        assert_eq!(state.turns.len(), 1);
        on_action(&mut state, Action::ReplayStep, &mut fx);
        assert_eq!(state.turns.len(), 2);
        on_action(&mut state, Action::ReplayBack, &mut fx);
        assert_eq!(state.turns.len(), 1);
        on_action(&mut state, Action::ReplaySeekForward, &mut fx);
        on_action(&mut state, Action::ReplaySeekForward, &mut fx);
        assert_eq!(state.replay.as_ref().unwrap().at, Duration::from_secs(22));
        assert_eq!(state.turns.len(), 2);
        on_action(&mut state, Action::ReplaySeekBack, &mut fx);
        on_action(&mut state, Action::ReplaySeekBack, &mut fx);
        on_action(&mut state, Action::ReplaySeekBack, &mut fx);
        assert_eq!(state.replay.as_ref().unwrap().at, Duration::ZERO);
        assert!(state.turns.is_empty());
        assert!(state.reader.is_none());
        on_action(&mut state, Action::ReplayFaster, &mut fx);
        on_action(&mut state, Action::ReplayFaster, &mut fx);
        assert_eq!(state.replay.as_ref().unwrap().speed, 4);
    }

    #[test]
    fn a_comment_is_anchored_to_the_turn_shown() {
        let (mut state, mut fx) = replay();
        on_action(&mut state, Action::Comment, &mut fx);
        assert!(
            state.replay.as_ref().unwrap().commenting.is_none(),
            "no turn yet"
        );
        on_action(&mut state, Action::ReplayStep, &mut fx);
        on_action(&mut state, Action::ReplayStep, &mut fx);
        on_action(&mut state, Action::Comment, &mut fx);
        for c in "faltó saludar".chars() {
            on_key(&mut state, Key::ch(c), &mut fx);
        }
        fx.clear();
        on_key(&mut state, Key::plain(KeyCode::Enter), &mut fx);
        let Some(Effect::SaveComment { comment, .. }) = fx.first() else {
            panic!("{fx:?}");
        };
        assert_eq!(comment.turn, 2);
        assert_eq!(comment.text, "faltó saludar");
        assert_eq!(state.replay.as_ref().unwrap().comments.len(), 1);
    }
}
