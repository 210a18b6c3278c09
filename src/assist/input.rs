//! A conversation read from transcript events (the format of
//! [`crate::conversation::event`]), for `apunte suggest` and tests: interim lines are
//! revised in place, bad lines are counted, never fatal.
use std::io::BufRead;

use crate::conversation::event::{
    FeedProblem, ProblemKind, TranscriptEvent, parse_line, parse_str,
};
use crate::conversation::{Speaker, Turn};

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

    /// Parses and applies one line (without its newline).
    pub fn push_line(&mut self, line: &[u8]) -> Applied {
        self.lines += 1;
        match parse_line(line) {
            Ok(Some(ev)) => self.push(ev),
            Ok(None) => Applied::Nothing,
            Err(p) if p.kind == ProblemKind::InvalidUtf8 => {
                // Counted, and still taken with U+FFFD for the bad bytes (as the sources do).
                self.problems.push((self.lines, p));
                match parse_str(&String::from_utf8_lossy(line)) {
                    Ok(Some(ev)) => self.push(ev),
                    Ok(None) => Applied::Nothing,
                    Err(p) => {
                        self.problems.push((self.lines, p));
                        Applied::Nothing
                    }
                }
            }
            Err(p) => {
                self.problems.push((self.lines, p));
                Applied::Nothing
            }
        }
    }

    /// Applies one event: an interim event revises the speaker's open interim line (or
    /// opens one); a final event closes it (an empty final text removes it) or adds a turn.
    pub fn push(&mut self, ev: TranscriptEvent) -> Applied {
        let speaker = ev.speaker;
        let open = self
            .turns
            .iter()
            .rposition(|t| t.speaker == speaker)
            .filter(|&i| !self.turns[i].final_);
        let final_ = ev.final_;
        let empty = ev.text.trim().is_empty();
        match open {
            Some(i) if final_ && empty => {
                self.turns.remove(i);
                return Applied::Nothing;
            }
            Some(i) => {
                let ts = self.turns[i].ts.clone();
                self.turns[i] = ev.into_turn(&ts);
            }
            None if empty => return Applied::Nothing,
            None => {
                let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                self.turns.push(ev.into_turn(&now));
            }
        }
        if final_ {
            Applied::Final(speaker)
        } else {
            Applied::Interim(speaker)
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
        );
        let t = Transcript::read(input.as_bytes());
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
        assert_eq!(lines, [4, 7]);
    }
}
