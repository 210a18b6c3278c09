//! The call's transcript as the agent sees it: final turns plus, per speaker, at most one
//! interim line that speech-to-text keeps revising in place.
//!
//! ```
//! use apunte::conversation::event::parse_line;
//! use apunte::conversation::transcript::Transcript;
//! let mut t = Transcript::default();
//! let now = "2026-11-23T10:30:00Z";
//! let ev = |l: &str| parse_line(l.as_bytes()).unwrap().unwrap();
//! assert!(t.apply(ev(r#"{"speaker":"customer","text":"me han","final":false}"#), now).is_none());
//! let done = t.apply(ev(r#"{"speaker":"customer","text":"me han cobrado dos veces"}"#), now);
//! assert_eq!(done.unwrap().text, "me han cobrado dos veces"); // journal this one
//! assert_eq!(t.turns().len(), 1);
//! ```
//!
//! Rules: an interim event replaces the speaker's open interim line, or opens one at the
//! end. A final event turns the speaker's open interim line into the final text (it keeps
//! its place), or appends a new turn. A final event with empty text withdraws the open
//! interim line (and is otherwise ignored). Only finalized turns are returned by
//! [`Transcript::apply`]: those are what [`super::journal::Journal::turn`] writes.
use super::event::TranscriptEvent;
use super::{Speaker, Turn};

/// Turns in order, with open interim lines in place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transcript {
    turns: Vec<Turn>,
    /// Index of the open interim line per speaker (customer, agent, note).
    open: [Option<usize>; 3],
}

fn slot(s: Speaker) -> usize {
    match s {
        Speaker::Customer => 0,
        Speaker::Agent => 1,
        Speaker::Note => 2,
    }
}

impl Transcript {
    /// Starts from turns read back from a journal (all final).
    pub fn from_turns(turns: Vec<Turn>) -> Transcript {
        Transcript {
            turns,
            open: [None; 3],
        }
    }

    /// Every line, interim ones included (their `final_` is false).
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// Applies an event; `now` (RFC 3339) stamps events without a time. Returns the turn
    /// when it became final.
    pub fn apply(&mut self, ev: TranscriptEvent, now: &str) -> Option<Turn> {
        let s = slot(ev.speaker);
        let final_ = ev.final_;
        let empty = ev.text.trim().is_empty();
        match (self.open[s], final_) {
            (Some(i), _) if final_ && empty => {
                self.remove(i);
                None
            }
            (None, true) if empty => None,
            (Some(i), _) => {
                let turn = ev.into_turn(now);
                self.turns[i] = turn.clone();
                if final_ {
                    self.open[s] = None;
                    Some(turn)
                } else {
                    None
                }
            }
            (None, _) => {
                let turn = ev.into_turn(now);
                self.turns.push(turn.clone());
                if final_ {
                    Some(turn)
                } else {
                    self.open[s] = Some(self.turns.len() - 1);
                    None
                }
            }
        }
    }

    /// Adds a turn typed by the agent (final).
    pub fn push(&mut self, turn: Turn) {
        self.turns.push(turn);
    }

    fn remove(&mut self, i: usize) {
        self.turns.remove(i);
        for o in self.open.iter_mut() {
            *o = match *o {
                Some(j) if j == i => None,
                Some(j) if j > i => Some(j - 1),
                other => other,
            };
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
        }
    }

    #[test]
    fn interim_lines_update_in_place() {
        let mut t = Transcript::default();
        let now = "2026-11-23T10:30:00Z";
        assert!(t.apply(ev(Speaker::Customer, "me", false), now).is_none());
        assert!(t.apply(ev(Speaker::Agent, "vale", true), now).is_some());
        assert!(
            t.apply(ev(Speaker::Customer, "me han", false), now)
                .is_none()
        );
        assert!(t.apply(ev(Speaker::Agent, "un", false), now).is_none());
        let done = t.apply(ev(Speaker::Customer, "me han cobrado", true), now);
        assert_eq!(done.map(|d| d.text), Some("me han cobrado".into()));
        let texts: Vec<_> = t
            .turns()
            .iter()
            .map(|x| (x.text.as_str(), x.final_))
            .collect();
        assert_eq!(
            texts,
            [("me han cobrado", true), ("vale", true), ("un", false)]
        );
        // Withdrawn interim line.
        assert!(t.apply(ev(Speaker::Agent, "", true), now).is_none());
        assert_eq!(t.turns().len(), 2);
        assert!(t.apply(ev(Speaker::Agent, " ", true), now).is_none());
        assert_eq!(t.turns().len(), 2);
    }
}
