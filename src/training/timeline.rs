//! A call's records as a timeline the scorer reads: every journal entry with its time
//! from the start of the call (milliseconds) and the turn it happened at, plus the
//! empathy cues found in the customer's turns. Live calls and mock calls read the same
//! way: a timeline is built from the journal's [`Record`]s alone, so any saved call can
//! be scored again.
//!
//! * Turns are numbered from 1 over the journal's `turn` entries (every speaker, notes
//!   included), as the workspace numbers them on screen; an event's `turn` is the number
//!   of the last turn at or before it (0 before the first).
//! * A record whose time cannot be read takes the time of the one before it; times never
//!   go backwards (a clock set back reads as no time passing).
//! * A `resume` entry marks a gap while apunte was stopped: the silence across it is not
//!   dead air.
use chrono::{DateTime, FixedOffset};

use crate::assist::cues::{CueKind, Cues};
use crate::conversation::journal::{Disposition, JournalEntry, Mode, Record};
use crate::conversation::{Speaker, Turn};

/// What happened at one moment of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A final turn; `number` counts from 1.
    Turn {
        number: usize,
        speaker: Speaker,
        text: String,
    },
    Search {
        query: String,
        top: Vec<String>,
    },
    Open {
        article: String,
        via: Option<String>,
    },
    Copy {
        article: Option<String>,
        text: String,
    },
    Suggestion {
        articles: Vec<String>,
    },
    Dismiss {
        article: String,
    },
    Close {
        article: String,
    },
    /// An empathy cue in the customer's turn `turn` (right after that turn).
    Cue {
        kind: CueKind,
        label_es: String,
        label_en: String,
    },
    Wrapup {
        disposition: Disposition,
    },
    Resume,
    /// The customer put on hold / back from hold.
    Hold,
    HoldEnd,
    End,
}

/// One moment: when (from the start), at which turn, what.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Milliseconds since the call's first record.
    pub ms: i64,
    /// The last turn at or before this event (0 before the first turn).
    pub turn: usize,
    pub what: What,
}

/// A call as the scorer reads it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timeline {
    pub session: String,
    pub mode: Mode,
    pub agent: String,
    /// The scenario of a mock call (empty for a real call).
    pub scenario: String,
    /// The trainee of a mock call (else the agent).
    pub trainee: String,
    /// The time of the first record, as journaled.
    pub started: String,
    /// Everything, in journal order.
    pub events: Vec<Event>,
    /// The call has an `end` entry.
    pub ended: bool,
    /// From the first record to the `end` entry (or the last record).
    pub handle_ms: i64,
}

impl Timeline {
    /// The timeline of a journal's records; `cues` finds the empathy cues in the
    /// customer's turns (pass [`Cues::empty`] to find none).
    pub fn from_records(records: &[Record], cues: &Cues) -> Timeline {
        // Turns as the agent fixed them.
        let records = &crate::conversation::journal::corrected(records);
        let mut tl = Timeline::default();
        let origin = records.iter().find_map(Record::time);
        tl.started = records.first().map(|r| r.t.clone()).unwrap_or_default();
        let mut last_ms = 0i64;
        let mut turn = 0usize;
        let mut turns: Vec<Turn> = Vec::new();
        // Where each turn's event is, to put its cues right after it.
        let mut turn_at: Vec<usize> = Vec::new();
        // Time paused by a trainer is left out of every time from the start.
        let mut paused_ms = 0i64;
        let mut pause_from: Option<i64> = None;
        let mut last_raw = 0i64;
        for r in records {
            let raw = match (origin, r.time()) {
                (Some(o), Some(t)) => millis(o, t).max(last_raw),
                _ => last_raw,
            };
            last_raw = raw;
            match (&r.entry, pause_from) {
                (JournalEntry::Pause, None) => pause_from = Some(raw),
                (JournalEntry::PauseEnd { .. }, Some(from)) => {
                    paused_ms += raw - from;
                    pause_from = None;
                }
                _ => {}
            }
            let ms = (pause_from.map_or(raw, |f| raw.min(f)) - paused_ms).max(last_ms);
            last_ms = ms;
            let what = match &r.entry {
                JournalEntry::Start {
                    session,
                    mode,
                    agent,
                    scenario,
                    trainee,
                    ..
                } => {
                    tl.session = session.clone();
                    tl.mode = mode.clone();
                    tl.agent = agent.clone();
                    tl.scenario = scenario.clone();
                    tl.trainee = trainee.clone();
                    continue;
                }
                JournalEntry::Turn { speaker, text, .. } => {
                    turn += 1;
                    turns.push(Turn {
                        speaker: *speaker,
                        text: text.clone(),
                        ts: r.t.clone(),
                        final_: true,
                    });
                    turn_at.push(tl.events.len());
                    What::Turn {
                        number: turn,
                        speaker: *speaker,
                        text: text.clone(),
                    }
                }
                JournalEntry::Search { query, top, .. } => What::Search {
                    query: query.clone(),
                    top: top.clone(),
                },
                JournalEntry::Open { article, via, .. } => What::Open {
                    article: article.clone(),
                    via: via.clone(),
                },
                JournalEntry::Copy { article, text } => What::Copy {
                    article: article.clone(),
                    text: text.clone(),
                },
                JournalEntry::Suggestion { articles } => What::Suggestion {
                    articles: articles.clone(),
                },
                JournalEntry::Dismiss { article } => What::Dismiss {
                    article: article.clone(),
                },
                JournalEntry::Close { article } => What::Close {
                    article: article.clone(),
                },
                JournalEntry::Wrapup { disposition, .. } => What::Wrapup {
                    disposition: *disposition,
                },
                JournalEntry::Resume => What::Resume,
                JournalEntry::Hold => What::Hold,
                JournalEntry::HoldEnd { .. } => What::HoldEnd,
                JournalEntry::End { .. } => {
                    tl.ended = true;
                    tl.handle_ms = ms;
                    What::End
                }
                JournalEntry::Speaker { .. }
                | JournalEntry::Undismiss { .. }
                | JournalEntry::Customer { .. }
                | JournalEntry::Correct { .. }
                | JournalEntry::Coaching { .. }
                | JournalEntry::Cue { .. }
                | JournalEntry::Reply { .. }
                | JournalEntry::Pause
                | JournalEntry::PauseEnd { .. }
                | JournalEntry::Flag { .. }
                | JournalEntry::Helpful { .. }
                | JournalEntry::Resolve { .. }
                | JournalEntry::Other => continue,
            };
            tl.events.push(Event { ms, turn, what });
        }
        if !tl.ended {
            tl.handle_ms = last_ms;
        }
        if tl.trainee.is_empty() {
            tl.trainee = tl.agent.clone();
        }
        // Cues go right after the turn they were found in (from the back, so the
        // positions still hold).
        let mut found = cues.detect_turns(&turns);
        found.reverse();
        for (i, cs) in found {
            let at = turn_at[i];
            let (ms, number) = (tl.events[at].ms, tl.events[at].turn);
            for (k, c) in cs.into_iter().enumerate() {
                tl.events.insert(
                    at + 1 + k,
                    Event {
                        ms,
                        turn: number,
                        what: What::Cue {
                            kind: c.kind,
                            label_es: c.label_es,
                            label_en: c.label_en,
                        },
                    },
                );
            }
        }
        tl
    }

    /// The turns: (event, number, speaker, text).
    pub fn turns(&self) -> impl Iterator<Item = (&Event, Speaker, &str)> {
        self.events.iter().filter_map(|e| match &e.what {
            What::Turn { speaker, text, .. } => Some((e, *speaker, text.as_str())),
            _ => None,
        })
    }

    /// How many turns the call has.
    pub fn turn_count(&self) -> usize {
        self.turns().count()
    }

    /// The turn in progress at `ms` (the last turn at or before it; 0 before the first).
    pub fn turn_at(&self, ms: i64) -> usize {
        self.events
            .iter()
            .take_while(|e| e.ms <= ms)
            .last()
            .map_or(0, |e| e.turn)
    }

    /// The first time an article was opened.
    pub fn first_open(&self, article: &str) -> Option<&Event> {
        self.events
            .iter()
            .find(|e| matches!(&e.what, What::Open { article: a, .. } if a == article))
    }

    /// The longest silence between two consecutive turns said aloud (notes left out,
    /// never across a resume, time on hold left out): (its length in ms, the turn that broke it). None with
    /// fewer than two such turns.
    pub fn longest_gap(&self) -> Option<(i64, &Event)> {
        let mut best: Option<(i64, &Event)> = None;
        let mut prev: Option<i64> = None;
        for e in &self.events {
            match e.what {
                // Silence on hold, or while apunte was stopped, is not dead air.
                What::Resume | What::Hold => prev = None,
                What::HoldEnd => prev = Some(e.ms),
                What::Turn { speaker, .. } if speaker != Speaker::Note => {
                    if let Some(p) = prev {
                        let gap = e.ms - p;
                        if best.is_none_or(|(b, _)| gap > b) {
                            best = Some((gap, e));
                        }
                    }
                    prev = Some(e.ms);
                }
                _ => {}
            }
        }
        best
    }
}

fn millis(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> i64 {
    (to - from).num_milliseconds()
}

/// `m:ss` (or `h:mm:ss`) of a time in ms, as the scorecard shows it.
pub fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::journal::parse_journal;

    pub(crate) const CALL: &str = r#"{"t":"2026-12-01T10:00:00.000+01:00","kind":"start","session":"s1","mode":"training","agent":"Ana"}
{"t":"2026-12-01T10:00:02.000+01:00","kind":"turn","speaker":"customer","text":"Estoy harta, me han cobrado dos veces"}
{"t":"2026-12-01T10:00:05.000+01:00","kind":"search","query":"cargo duplicado","hits":2,"top":["facturacion/cargo-duplicado"]}
{"t":"2026-12-01T10:00:06.000+01:00","kind":"open","article":"facturacion/cargo-duplicado","via":"search"}
{"t":"2026-12-01T10:00:09.500+01:00","kind":"turn","speaker":"agent","text":"Lo siento mucho"}
{"t":"garbage","kind":"speaker","speaker":"note"}
{"t":"2026-12-01T10:00:40.000+01:00","kind":"turn","speaker":"customer","text":"¿Y ahora?"}
{"t":"2026-12-01T10:00:41.000+01:00","kind":"resume"}
{"t":"2026-12-01T10:09:00.000+01:00","kind":"turn","speaker":"agent","text":"Ya está"}
{"t":"2026-12-01T10:09:30.000+01:00","kind":"end"}
"#;

    fn cues() -> Cues {
        Cues::parse(
            std::path::Path::new("cues.toml"),
            "[[cue]]\nkind = \"frustration\"\nlabel_es = \"Frustración\"\nlabel_en = \"Frustration\"\npatterns = [\"hart*\"]\n",
        )
        .unwrap()
    }

    #[test]
    fn time_paused_by_a_trainer_is_left_out() {
        let call = r#"{"t":"2026-12-01T10:00:00.000+01:00","kind":"start","session":"s1","mode":"training","agent":"Ana"}
{"t":"2026-12-01T10:00:10.000+01:00","kind":"turn","speaker":"customer","text":"Hola"}
{"t":"2026-12-01T10:00:20.000+01:00","kind":"pause"}
{"t":"2026-12-01T10:05:20.000+01:00","kind":"pause_end","seconds":300}
{"t":"2026-12-01T10:05:30.000+01:00","kind":"turn","speaker":"agent","text":"Dígame"}
{"t":"2026-12-01T10:05:40.000+01:00","kind":"end"}
"#;
        let (records, _) = parse_journal(call.as_bytes());
        let tl = Timeline::from_records(&records, &Cues::empty());
        assert_eq!(tl.handle_ms, 40_000);
        let (gap, _) = tl.longest_gap().unwrap();
        assert_eq!(gap, 20_000);
    }

    #[test]
    fn times_turns_and_cues() {
        let (records, _) = parse_journal(CALL.as_bytes());
        let tl = Timeline::from_records(&records, &cues());
        assert_eq!(tl.session, "s1");
        assert_eq!(tl.mode, Mode::Training);
        assert_eq!(tl.trainee, "Ana");
        assert!(tl.ended);
        assert_eq!(tl.handle_ms, 570_000);
        assert_eq!(tl.turn_count(), 4);
        // The cue sits right after the customer's first turn.
        assert!(matches!(
            tl.events[1].what,
            What::Cue {
                kind: CueKind::Frustration,
                ..
            }
        ));
        assert_eq!((tl.events[1].ms, tl.events[1].turn), (2000, 1));
        let open = tl.first_open("facturacion/cargo-duplicado").unwrap();
        assert_eq!((open.ms, open.turn), (6000, 1));
        assert_eq!(tl.turn_at(9_499), 1);
        assert_eq!(tl.turn_at(9_500), 2);
        assert_eq!(tl.turn_at(-5), 0);
        // The 8-minute stop across the resume is not dead air.
        let (gap, at) = tl.longest_gap().unwrap();
        assert_eq!((gap, at.turn), (30_500, 3));
    }

    #[test]
    fn unreadable_and_backward_times_do_not_go_back() {
        let text = "{\"t\":\"2026-12-01T10:00:10+00:00\",\"kind\":\"start\",\"session\":\"x\"}\n\
                    {\"t\":\"2026-12-01T10:00:05+00:00\",\"kind\":\"turn\",\"speaker\":\"agent\",\"text\":\"a\"}\n\
                    {\"t\":\"?\",\"kind\":\"turn\",\"speaker\":\"customer\",\"text\":\"b\"}\n";
        let (records, _) = parse_journal(text.as_bytes());
        let tl = Timeline::from_records(&records, &Cues::empty());
        assert!(tl.events.iter().all(|e| e.ms == 0));
        assert!(!tl.ended);
        assert_eq!(tl.handle_ms, 0);
    }

    #[test]
    fn corrections_apply_and_hold_is_not_dead_air() {
        let text = r#"{"t":"2026-12-01T10:00:00+00:00","kind":"start","session":"h"}
{"t":"2026-12-01T10:00:01+00:00","kind":"turn","speaker":"customer","text":"hola"}
{"t":"2026-12-01T10:00:02+00:00","kind":"turn","speaker":"agent","text":"ondona"}
{"t":"2026-12-01T10:00:03+00:00","kind":"correct","speaker":"agent","text":"Ondina"}
{"t":"2026-12-01T10:00:04+00:00","kind":"hold"}
{"t":"2026-12-01T10:05:00+00:00","kind":"hold_end","seconds":296}
{"t":"2026-12-01T10:05:10+00:00","kind":"turn","speaker":"agent","text":"Gracias por esperar"}
"#;
        let (records, _) = parse_journal(text.as_bytes());
        let tl = Timeline::from_records(&records, &Cues::empty());
        let texts: Vec<&str> = tl.turns().map(|(_, _, t)| t).collect();
        assert_eq!(texts, ["hola", "Ondina", "Gracias por esperar"]);
        assert_eq!(tl.longest_gap().unwrap().0, 10_000);
    }

    #[test]
    fn clock_format() {
        assert_eq!(clock(65_999), "1:05");
        assert_eq!(clock(3_723_000), "1:02:03");
        assert_eq!(clock(-1), "0:00");
    }
}
