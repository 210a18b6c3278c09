//! A call's conversation: speakers and turns, the transcript event format, live sources,
//! the crash-safe journal (redaction lives in [`crate::redact`]).
//!
//! How the pieces fit (no terminal code here; threads + crossbeam channels):
//! * [`source`]: `follow_file(path, tx)` / `listen(addr, token, tx)` start threads that
//!   send [`source::SourceEvent`]s (turns, problems, connects); keep the
//!   [`source::SourceHandle`] (drop = stop). Line format: [`event`].
//! * [`apply_event`]: the one rule for applying a transcript event to the turns
//!   (interim lines revised in place, an empty final withdraws the open line); the
//!   workspace and `apunte suggest` both use it.
//! * [`journal::Journal`]: `create(data_dir, Redactor::new(&config.redact), start)`, then
//!   `turn`/`append(JournalEntry::…)`/`wrapup`/`end`; [`journal::unfinished`] +
//!   `Journal::resume` at start-up. Everything is redacted ([`crate::redact::Redactor`]) first.
//! * [`export`]: the `apunte sessions` list, show and Markdown texts.
use serde::{Deserialize, Serialize};

pub mod event;
pub mod export;
pub mod feedback;
pub mod journal;
pub mod source;

use event::TranscriptEvent;

/// Who said a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Speaker {
    Customer,
    Agent,
    /// A private note by the agent, never said aloud.
    Note,
}

impl Speaker {
    /// The next speaker when the agent presses the switch key.
    pub fn next(self) -> Speaker {
        match self {
            Speaker::Agent => Speaker::Customer,
            Speaker::Customer => Speaker::Note,
            Speaker::Note => Speaker::Agent,
        }
    }
}

/// One turn of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub speaker: Speaker,
    pub text: String,
    /// When it was said (RFC 3339), from the source or the local clock.
    pub ts: String,
    /// False while a speech-to-text engine is still revising it.
    #[serde(default = "yes")]
    pub final_: bool,
}

fn yes() -> bool {
    true
}

/// What applying a transcript event did to the turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Nothing to show (an empty event with no open line).
    Nothing,
    /// The speaker's open interim line at this index was withdrawn (an empty final
    /// event): the turns after it moved up by one.
    Withdrawn(usize),
    /// The turn at this index was added or revised; `final_` once it is complete (the
    /// one worth journaling).
    Changed { index: usize, final_: bool },
}

/// How far back (in turns) a speaker's open interim line is looked for: a line left
/// open longer than that (its final text never came) stays as it is and the speaker's
/// next text starts a new line. It keeps applying an event independent of how long the
/// conversation is.
pub const OPEN_LINE_REACH: usize = 256;

/// Applies one transcript event to the turns: an interim event revises the speaker's
/// open interim line (or opens one at the end); a final event completes it in place
/// (keeping the time it started) or appends a turn; a final event with empty text
/// withdraws the open line and never becomes a turn. `now` (RFC 3339) stamps events
/// without a time. Only the last [`OPEN_LINE_REACH`] turns are looked at.
pub fn apply_event(turns: &mut Vec<Turn>, ev: TranscriptEvent, now: &str) -> Applied {
    let from = turns.len().saturating_sub(OPEN_LINE_REACH);
    let open = turns[from..]
        .iter()
        .rposition(|t| t.speaker == ev.speaker && !t.final_)
        .map(|i| from + i);
    let empty = ev.text.trim().is_empty();
    let final_ = ev.final_;
    match open {
        Some(i) if final_ && empty => {
            turns.remove(i);
            Applied::Withdrawn(i)
        }
        None if empty => Applied::Nothing,
        Some(i) => {
            let started = std::mem::take(&mut turns[i].ts);
            turns[i] = Turn {
                ts: started,
                ..ev.into_turn(now)
            };
            Applied::Changed { index: i, final_ }
        }
        None => {
            turns.push(ev.into_turn(now));
            Applied::Changed {
                index: turns.len() - 1,
                final_,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(speaker: Speaker, text: &str, final_: bool) -> TranscriptEvent {
        TranscriptEvent {
            speaker,
            text: text.into(),
            ts: None,
            final_,
            at: None,
        }
    }

    #[test]
    fn interim_lines_update_in_place_and_an_empty_final_withdraws_them() {
        let mut t = Vec::new();
        let at = |n: u32| format!("2026-11-23T10:30:0{n}Z");
        apply_event(&mut t, ev(Speaker::Customer, "me", false), &at(1));
        apply_event(&mut t, ev(Speaker::Agent, "vale", true), &at(2));
        apply_event(&mut t, ev(Speaker::Customer, "me han", false), &at(3));
        apply_event(&mut t, ev(Speaker::Agent, "un", false), &at(4));
        let done = apply_event(
            &mut t,
            ev(Speaker::Customer, "me han cobrado", true),
            &at(5),
        );
        assert_eq!(
            done,
            Applied::Changed {
                index: 0,
                final_: true
            }
        );
        assert_eq!(t[0].ts, at(1), "the turn keeps the time it started");
        let texts: Vec<_> = t.iter().map(|x| (x.text.as_str(), x.final_)).collect();
        assert_eq!(
            texts,
            [("me han cobrado", true), ("vale", true), ("un", false)]
        );
        assert_eq!(
            apply_event(&mut t, ev(Speaker::Agent, " ", true), &at(6)),
            Applied::Withdrawn(2)
        );
        assert_eq!(t.len(), 2);
        // An empty final event with no open line is never a turn.
        assert_eq!(
            apply_event(&mut t, ev(Speaker::Agent, "", true), &at(7)),
            Applied::Nothing
        );
        assert_eq!(t.len(), 2);
    }
}
