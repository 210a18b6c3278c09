//! The trainer link's wire format: what the trainee's workspace (`apunte train --host`)
//! and the trainer's console (`apunte trainer`) say to each other.
//!
//! One JSON object per line, both ways, each with `"v":1` (the protocol version) and a
//! `"type"`. The trainee's side sends the call's records exactly as its journal writes
//! them (redacted, stamped), numbered from 1 (`seq`), so the console and the journal
//! read one format; the console sends its commands (the first line is always `hello`
//! with the join code).
//!
//! ```text
//! trainer → trainee  {"v":1,"type":"hello","code":"K7M2QX","name":"Eva","observe":false}
//! trainee → trainer  {"v":1,"type":"welcome","role":"driver","card":{…}}
//!                    {"v":1,"type":"record","seq":1,"record":{"t":"…","kind":"start",…}}
//!                    {"v":1,"type":"script","view":{…}}
//! trainer → trainee  {"v":1,"type":"fire","line":"insiste"}
//!                    {"v":1,"type":"whisper","text":"Pide el DNI antes de seguir"}
//! ```
//!
//! Reading is bounded: a line longer than [`MAX_LINE`] is dropped whole (memory stays
//! bounded), a line that is not UTF-8, not JSON, not one of the known messages, or of
//! another version is counted ([`Counts`]) and skipped; nothing here panics on input.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::scenario::{Scenario, Trigger};
use crate::conversation::journal::Record;

/// The protocol version every line carries.
pub const VERSION: u64 = 1;

/// Longest line read (a record with a long turn fits; more is dropped and counted).
pub const MAX_LINE: usize = 1 << 20;

/// Who a connected console is: the one trainer who drives the call, or an observer who
/// only watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Driver,
    Observer,
}

/// A fact of the role card, for the trainer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFact {
    pub id: String,
    pub label: String,
    pub value: String,
    #[serde(default)]
    pub verify: bool,
}

/// What releases a script line, for the trainer: `start`, `delay` (seconds), `said`
/// (the pattern as written), `opened` (an article id), `silence` (seconds), `follow`
/// (right after the line before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardTrigger {
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
}

/// A line of the script, for the trainer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardLine {
    pub id: String,
    pub say: String,
    pub trigger: CardTrigger,
    #[serde(default)]
    pub anytime: bool,
    #[serde(default)]
    pub end: bool,
}

/// A rubric item a person scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualItem {
    pub id: String,
    pub label_es: String,
    pub label_en: String,
    pub points: u32,
}

/// The scenario as the trainer needs it: title, target, the role card with its hidden
/// facts, the script, and the rubric's items for a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub scenario: String,
    pub title: String,
    #[serde(default)]
    pub trainee: String,
    #[serde(default)]
    pub target_handle_s: Option<u64>,
    pub name: String,
    #[serde(default)]
    pub mood: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub facts: Vec<CardFact>,
    #[serde(default)]
    pub lines: Vec<CardLine>,
    #[serde(default)]
    pub manual: Vec<ManualItem>,
}

impl Card {
    /// The card of a scenario, with the rubric's manual items.
    pub fn of(s: &Scenario, trainee: &str, manual: Vec<ManualItem>) -> Card {
        let lines = s
            .lines
            .iter()
            .map(|l| {
                let (kind, value) = match &l.trigger {
                    Trigger::Start => ("start", String::new()),
                    Trigger::Delay(d) if d.is_zero() => ("follow", String::new()),
                    Trigger::Delay(d) => ("delay", d.as_secs().to_string()),
                    Trigger::Said(p) => ("said", p.source.clone()),
                    Trigger::Opened(a) => ("opened", a.clone()),
                    Trigger::Silence(d) => ("silence", d.as_secs().to_string()),
                };
                CardLine {
                    id: l.id.clone(),
                    say: l.say.clone(),
                    trigger: CardTrigger {
                        kind: kind.into(),
                        value,
                    },
                    anytime: l.anytime,
                    end: l.end,
                }
            })
            .collect();
        Card {
            scenario: s.id.clone(),
            title: s.title.clone(),
            trainee: trainee.to_string(),
            target_handle_s: s.target_handle_s,
            name: s.customer.name.clone(),
            mood: s.customer.mood.clone(),
            situation: s.customer.situation.clone(),
            facts: s
                .customer
                .facts
                .iter()
                .map(|f| CardFact {
                    id: f.id.clone(),
                    label: f.label.clone(),
                    value: f.value.clone(),
                    verify: f.verify,
                })
                .collect(),
            lines,
            manual,
        }
    }
}

/// Where the script stands: which lines wait for their trigger, which one the customer
/// is "typing", how many were said, and whether the trainer holds the customer's part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptView {
    /// Ids of the lines waiting for their trigger (the next ones).
    #[serde(default)]
    pub armed: Vec<String>,
    /// Ids of the lines being typed, in order.
    #[serde(default)]
    pub typing: Vec<String>,
    /// Ids of the lines said so far, in order.
    #[serde(default)]
    pub said: Vec<String>,
    /// The trainer took the customer's part over (the script waits).
    #[serde(default)]
    pub taken_over: bool,
    /// The call is paused.
    #[serde(default)]
    pub paused: bool,
    /// The customer ended the call.
    #[serde(default)]
    pub ended: bool,
}

/// What the trainee's workspace sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToTrainer {
    /// The join was accepted: the role given and the scenario's card. The records of the
    /// call so far follow, from `seq` 1.
    Welcome { role: Role, card: Box<Card> },
    /// One record of the call as the journal wrote it.
    Record {
        seq: u64,
        #[serde(with = "record_json")]
        record: Box<Record>,
    },
    /// Where the script stands now.
    Script { view: ScriptView },
    /// The call's scorecard (after the wrap-up, and again after the trainer's scores).
    Scorecard {
        card: Box<super::scorecard::Scorecard>,
    },
    /// The join was refused (wrong code), or a command was (an observer's).
    Refused { reason: String },
}

/// What the trainer's console sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToTrainee {
    /// The first line: the join code; `observe` asks to watch only.
    Hello {
        code: String,
        #[serde(default)]
        name: String,
        #[serde(default)]
        observe: bool,
    },
    /// A customer line typed by the trainer (while taken over, or at any moment).
    Say {
        text: String,
    },
    /// Say this script line now (its typing delay still applies).
    Fire {
        line: String,
    },
    /// Pass this script line by: the script goes on as if it had been said.
    Skip {
        line: String,
    },
    /// The trainer plays the customer: the script waits.
    TakeOver,
    /// The script plays the customer again.
    HandBack,
    /// A coaching note for the trainee only.
    Whisper {
        text: String,
    },
    Pause,
    Resume,
    /// The trainer's points for the manual items (None: N/A) and a comment.
    Grades {
        #[serde(default)]
        items: BTreeMap<String, Option<u32>>,
        #[serde(default)]
        comment: String,
    },
}

mod record_json {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::conversation::journal::Record;

    pub fn serialize<S: Serializer>(r: &Record, s: S) -> Result<S::Ok, S::Error> {
        let v: serde_json::Value =
            serde_json::from_str(&r.to_line()).map_err(serde::ser::Error::custom)?;
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<Record>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Record::parse(&v.to_string())
            .map(Box::new)
            .map_err(D::Error::custom)
    }
}

/// Why a line was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bad {
    /// Longer than [`MAX_LINE`].
    TooLong,
    NotUtf8,
    /// Not JSON, or not a known message (the parser's words).
    Json(String),
    /// Another protocol version (None: no `v`).
    Version(Option<u64>),
}

impl std::fmt::Display for Bad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bad::TooLong => write!(f, "a line over {} KiB was skipped", MAX_LINE / 1024),
            Bad::NotUtf8 => f.write_str("a line that is not UTF-8 was skipped"),
            Bad::Json(e) => write!(f, "a line that is not a message was skipped ({e})"),
            Bad::Version(Some(v)) => write!(
                f,
                "a message of protocol version {v} was skipped (this apunte speaks {VERSION}); use the same apunte version on both sides"
            ),
            Bad::Version(None) => f.write_str("a message without a version was skipped"),
        }
    }
}

/// Lines skipped on a link, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub too_long: u64,
    pub not_utf8: u64,
    pub bad_json: u64,
    pub bad_version: u64,
}

impl Counts {
    pub fn count(&mut self, bad: &Bad) {
        match bad {
            Bad::TooLong => self.too_long += 1,
            Bad::NotUtf8 => self.not_utf8 += 1,
            Bad::Json(_) => self.bad_json += 1,
            Bad::Version(_) => self.bad_version += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.too_long + self.not_utf8 + self.bad_json + self.bad_version
    }
}

/// A message as one line (with its newline).
pub fn encode<T: Serialize>(msg: &T) -> String {
    let mut v = serde_json::to_value(msg).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(o) = &mut v {
        o.insert("v".into(), VERSION.into());
    }
    let mut line = v.to_string();
    line.push('\n');
    line
}

/// The line of a record: the journal's own line inside, byte for byte.
pub fn encode_record(seq: u64, record: &Record) -> String {
    format!(
        "{{\"v\":{VERSION},\"type\":\"record\",\"seq\":{seq},\"record\":{}}}\n",
        record.to_line()
    )
}

/// A message from one line (without its newline).
pub fn decode<T: for<'de> Deserialize<'de>>(line: &str) -> Result<T, Bad> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| Bad::Json(e.to_string()))?;
    let serde_json::Value::Object(mut o) = v else {
        return Err(Bad::Json("not a JSON object".into()));
    };
    match o.remove("v").map(|v| v.as_u64()) {
        Some(Some(VERSION)) => {}
        Some(Some(n)) => return Err(Bad::Version(Some(n))),
        _ => return Err(Bad::Version(None)),
    }
    serde_json::from_value(serde_json::Value::Object(o)).map_err(|e| Bad::Json(e.to_string()))
}

/// Splits bytes as they arrive into lines, never holding more than [`MAX_LINE`] of one.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// Inside a line too long to keep: dropped up to its newline.
    dropping: bool,
}

impl Framer {
    /// The complete lines in `data` (and what came before it), or why each was skipped.
    pub fn push(&mut self, mut data: &[u8]) -> Vec<Result<String, Bad>> {
        let mut out = Vec::new();
        while !data.is_empty() {
            let nl = data.iter().position(|b| *b == b'\n');
            let (part, rest, ends) = match nl {
                Some(i) => (&data[..i], &data[i + 1..], true),
                None => (data, &data[..0], false),
            };
            data = rest;
            if !self.dropping {
                if self.buf.len() + part.len() > MAX_LINE {
                    self.buf.clear();
                    self.dropping = true;
                    out.push(Err(Bad::TooLong));
                } else {
                    self.buf.extend_from_slice(part);
                }
            }
            if ends {
                if self.dropping {
                    self.dropping = false;
                } else {
                    let line = std::mem::take(&mut self.buf);
                    match String::from_utf8(line) {
                        Ok(s) if s.trim().is_empty() => {}
                        Ok(s) => out.push(Ok(s.trim_end_matches('\r').to_string())),
                        Err(_) => out.push(Err(Bad::NotUtf8)),
                    }
                }
            }
        }
        out
    }
}

/// A fresh join code: `n` characters from an alphabet without look-alikes (no 0/O, 1/I/L),
/// drawn from the operating system's random source.
pub fn join_code(n: usize) -> std::io::Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(n);
    let mut byte = [0u8; 1];
    while out.len() < n {
        getrandom::fill(&mut byte).map_err(std::io::Error::other)?;
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % ALPHABET.len();
        if usize::from(byte[0]) < limit {
            out.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
        }
    }
    Ok(out)
}

/// Compares two codes without an early exit, so the time taken tells neither how much
/// matched nor the code's length; case and surrounding blanks do not matter.
pub fn same_code(given: &str, code: &str) -> bool {
    let a = given.trim().to_ascii_uppercase();
    let b = code.trim().to_ascii_uppercase();
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().max(b.len());
    let differ = (0..n).fold(u8::from(a.len() != b.len()), |acc, i| {
        acc | (a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff))
    });
    differ == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::conversation::journal::JournalEntry;

    #[test]
    fn messages_round_trip_with_their_version() {
        let msg = ToTrainee::Whisper {
            text: "pide el DNI".into(),
        };
        let line = encode(&msg);
        assert!(
            line.contains(r#""v":1"#) && line.contains(r#""type":"whisper""#),
            "{line}"
        );
        assert_eq!(decode::<ToTrainee>(line.trim_end()).unwrap(), msg);
        let rec = ToTrainer::Record {
            seq: 3,
            record: Box::new(Record {
                t: "2026-12-02T10:00:00.000+01:00".into(),
                entry: JournalEntry::Turn {
                    speaker: Speaker::Customer,
                    text: "hola".into(),
                    ts: None,
                    at: None,
                },
            }),
        };
        let ToTrainer::Record { record, .. } = &rec else {
            unreachable!()
        };
        let line = encode_record(3, record);
        assert!(line.ends_with(&format!("\"record\":{}}}\n", record.to_line())));
        assert_eq!(decode::<ToTrainer>(line.trim_end()).unwrap(), rec);
    }

    #[test]
    fn bad_lines_are_told_apart() {
        assert!(matches!(
            decode::<ToTrainee>("{not json"),
            Err(Bad::Json(_))
        ));
        assert!(matches!(decode::<ToTrainee>("[1,2]"), Err(Bad::Json(_))));
        assert_eq!(
            decode::<ToTrainee>(r#"{"v":2,"type":"pause"}"#),
            Err(Bad::Version(Some(2)))
        );
        assert_eq!(
            decode::<ToTrainee>(r#"{"type":"pause"}"#),
            Err(Bad::Version(None))
        );
        assert!(matches!(
            decode::<ToTrainee>(r#"{"v":1,"type":"launch"}"#),
            Err(Bad::Json(_))
        ));
        assert_eq!(
            decode::<ToTrainee>(r#"{"v":1,"type":"pause"}"#),
            Ok(ToTrainee::Pause)
        );
    }

    #[test]
    fn the_framer_drops_a_huge_line_whole_and_goes_on() {
        let mut f = Framer::default();
        assert!(f.push(b"{\"a\"").is_empty());
        assert_eq!(f.push(b":1}\nnext"), vec![Ok("{\"a\":1}".to_string())]);
        let huge = vec![b'x'; MAX_LINE + 10];
        assert_eq!(f.push(&huge), vec![Err(Bad::TooLong)]);
        assert!(f.push(&huge).is_empty());
        assert_eq!(
            f.push(b"tail\nok\n\xff\n"),
            vec![Ok("ok".to_string()), Err(Bad::NotUtf8)]
        );
    }

    #[test]
    fn join_codes_are_fresh_and_compare_whole() {
        let a = join_code(6).unwrap();
        assert_eq!(a.len(), 6);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        );
        // 31^8 codes: two the same would mean the source is not random.
        assert_ne!(join_code(8).unwrap(), join_code(8).unwrap());
        assert!(same_code(" k7m2qx ", "K7M2QX"));
        for other in ["K7M2Q", "K7M2QXX", "K7M2QY", ""] {
            assert!(!same_code(other, "K7M2QX"), "{other}");
        }
    }
}
