//! A conversation read from transcript events (the format of
//! [`crate::conversation::event`]), for `apunte suggest` and tests: interim lines are
//! revised in place, bad lines are counted, never fatal.
use std::io::BufRead;

use crate::conversation::event::{FeedProblem, ProblemKind, TranscriptEvent, parse_line};
use crate::conversation::{self, Speaker, Turn, apply_event};

/// The turns so far and what was wrong with the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transcript {
    pub turns: Vec<Turn>,
    /// (1-based line number, problem) for every line that could not be used.
    pub problems: Vec<(usize, FeedProblem)>,
    lines: usize,
}

/// What one line did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Blank, or a problem (counted).
    Nothing,
    /// An interim line was added or revised.
    Interim(Speaker),
    /// A turn was completed.
    Final(Speaker),
}

impl Transcript {
    pub fn new() -> Transcript {
        Transcript::default()
    }

    /// Reads every line of `input`.
    pub fn read(input: impl BufRead) -> Transcript {
        let mut t = Transcript::new();
        t.read_each(input, |_, _| {});
        t
    }

    /// Reads every line of `input`, calling `each` after each one that changed the turns.
    pub fn read_each(&mut self, mut input: impl BufRead, mut each: impl FnMut(&Self, Applied)) {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match input.read_until(b'\n', &mut buf) {
                Ok(0) => break,
                Ok(_) => {
                    let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
                    let applied = self.push_line(line);
                    if applied != Applied::Nothing {
                        each(self, applied);
                    }
                }
                Err(e) => {
                    self.lines += 1;
                    self.problems
                        .push((self.lines, FeedProblem::new(ProblemKind::Io, e.to_string())));
                    break;
                }
            }
        }
    }

    /// Parses and applies one line (without its newline). A line with a problem
    /// (not UTF-8, not an event) is counted and never becomes a turn.
    pub fn push_line(&mut self, line: &[u8]) -> Applied {
        self.lines += 1;
        match parse_line(line) {
            Ok(Some(ev)) => self.push(ev),
            Ok(None) => Applied::Nothing,
            Err(p) => {
                self.problems.push((self.lines, p));
                Applied::Nothing
            }
        }
    }

    /// Applies one event by the conversation's one rule ([`apply_event`]).
    pub fn push(&mut self, ev: TranscriptEvent) -> Applied {
        let speaker = ev.speaker;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        match apply_event(&mut self.turns, ev, &now) {
            conversation::Applied::Changed { final_: true, .. } => Applied::Final(speaker),
            conversation::Applied::Changed { final_: false, .. } => Applied::Interim(speaker),
            conversation::Applied::Nothing | conversation::Applied::Withdrawn(_) => {
                Applied::Nothing
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interim_lines_are_revised_and_bad_lines_counted() {
        let input = concat!(
            "{\"speaker\":\"customer\",\"text\":\"me han\",\"final\":false}\n",
            "{\"speaker\":\"agent\",\"text\":\"dígame\"}\n",
            "{\"speaker\":\"customer\",\"text\":\"me han cobrado dos veces\"}\n",
            "{not json\n",
            "\n",
            "el router no enciende\n",
            "{\"speaker\":\"robot\",\"text\":\"x\"}\n",
            "{\"speaker\":\"customer\",\"text\":\"uh\",\"final\":false}\n",
            "{\"speaker\":\"customer\",\"text\":\"\"}\n",
        )
        .as_bytes()
        .to_vec();
        let mut input = input;
        input.extend_from_slice(b"bad \xff\xfe utf8\n[]\n");
        let t = Transcript::read(input.as_slice());
        let texts: Vec<_> = t.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "me han cobrado dos veces",
                "dígame",
                "el router no enciende"
            ]
        );
        assert!(t.turns.iter().all(|t| t.final_));
        let lines: Vec<_> = t.problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [4, 7, 10, 11], "skipped lines are never turns");
    }
}
