//! The transcript event format: one JSON object (or one plain text line) per line.
//!
//! ```text
//! {"speaker":"customer","text":"me han cobrado dos veces","ts":"2026-11-23T10:30:15Z","final":true}
//! {"speaker":"agent","text":"Lo reviso ahora mismo"}
//! {"speaker":"customer","text":"me han","final":false}      ← interim: replaces the line in place
//! el router no enciende                                       ← plain text: a customer turn
//! ```
//!
//! * `speaker`: `customer`, `agent` or `note` (case-insensitive; the Spanish `cliente`,
//!   `agente`, `nota` are accepted too). Anything else is a [`ProblemKind::UnknownSpeaker`].
//! * `text`: required string ([`ProblemKind::MissingText`] otherwise). An empty `text` is
//!   passed on: a final empty event closes an interim line.
//! * `ts`: optional RFC 3339 time from the source. A value that is not RFC 3339 is dropped
//!   (the event keeps flowing, with `ts: None`).
//! * `final`: optional boolean, default `true`. Interim events (`false`) update the
//!   speaker's current line in place; the consumer does that, the event only carries the
//!   flag.
//! * A line whose first non-blank character is `{` is JSON; if it does not parse it is a
//!   [`ProblemKind::MalformedJson`] (it is never shown as customer text). Any other
//!   non-empty line is a customer turn. Blank lines are ignored. A trailing `\r` and a
//!   leading byte-order mark are dropped.
//!
//! [`parse_line`] is pure; the sources in [`super::source`] add the line framing
//! (length cap, partial lines, invalid UTF-8) and count problems in [`ProblemCounts`].
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Speaker, Turn};

/// The longest line a source accepts (bytes, without the newline). Longer lines are
/// discarded whole and counted as [`ProblemKind::LineTooLong`].
pub const MAX_LINE: usize = 64 * 1024;

/// One event from a transcript source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptEvent {
    pub speaker: Speaker,
    pub text: String,
    /// When it was said, RFC 3339, when the source says so.
    pub ts: Option<String>,
    /// False for an interim speech-to-text result that will be revised.
    pub final_: bool,
    /// How far a followed regular file had been read after this event's line (bytes
    /// from its start; None from other sources): journaled with the turn, so a resumed
    /// call reads on from there.
    pub at: Option<u64>,
}

impl TranscriptEvent {
    /// A final customer turn without a timestamp (what a plain text line gives).
    pub fn customer(text: impl Into<String>) -> TranscriptEvent {
        TranscriptEvent {
            speaker: Speaker::Customer,
            text: text.into(),
            ts: None,
            final_: true,
            at: None,
        }
    }

    /// The turn this event makes; `now` (RFC 3339) is used when the source gave no time.
    pub fn into_turn(self, now: &str) -> Turn {
        Turn {
            speaker: self.speaker,
            text: self.text,
            ts: self.ts.unwrap_or_else(|| now.to_string()),
            final_: self.final_,
        }
    }
}

/// What was wrong with a piece of input. Every kind is counted; none stops the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A line starting with `{` that is not a JSON object, or a JSON array.
    MalformedJson,
    /// A JSON event whose `speaker` is missing or not customer/agent/note.
    UnknownSpeaker,
    /// A JSON event without a string `text`.
    MissingText,
    /// A line that is not UTF-8: counted and skipped (never a turn).
    InvalidUtf8,
    /// A line longer than [`MAX_LINE`] bytes: discarded whole.
    LineTooLong,
    /// A peer (or FIFO writer) went away in the middle of a line that is not a complete
    /// event, or a followed file was truncated/rotated under a half-written line.
    PartialLine,
    /// A client that did not send the right token first: disconnected.
    BadToken,
    /// A client closed on arrival: the listener already serves its most clients.
    TooManyClients,
    /// A read error on a source (the source retries or waits for the next client).
    Io,
}

impl ProblemKind {
    /// Every kind, in display order.
    pub const ALL: [ProblemKind; 9] = [
        ProblemKind::MalformedJson,
        ProblemKind::UnknownSpeaker,
        ProblemKind::MissingText,
        ProblemKind::InvalidUtf8,
        ProblemKind::LineTooLong,
        ProblemKind::PartialLine,
        ProblemKind::BadToken,
        ProblemKind::TooManyClients,
        ProblemKind::Io,
    ];

    /// A short stable name (for logs and counters): `malformed-json`, `unknown-speaker` …
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::MalformedJson => "malformed-json",
            ProblemKind::UnknownSpeaker => "unknown-speaker",
            ProblemKind::MissingText => "missing-text",
            ProblemKind::InvalidUtf8 => "invalid-utf8",
            ProblemKind::LineTooLong => "line-too-long",
            ProblemKind::PartialLine => "partial-line",
            ProblemKind::BadToken => "bad-token",
            ProblemKind::TooManyClients => "too-many-clients",
            ProblemKind::Io => "io",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One problem with the input, with a detail for a log or a status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedProblem {
    pub kind: ProblemKind,
    pub detail: String,
}

impl FeedProblem {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> FeedProblem {
        FeedProblem {
            kind,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for FeedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

impl std::error::Error for FeedProblem {}

/// Problem counters shared between the source threads and the UI (lock-free).
#[derive(Debug, Default)]
pub struct ProblemCounts {
    counts: [AtomicU64; ProblemKind::ALL.len()],
}

impl ProblemCounts {
    /// Adds one problem of this kind.
    pub fn add(&self, kind: ProblemKind) {
        self.counts[kind.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// How many problems of this kind so far.
    pub fn get(&self, kind: ProblemKind) -> u64 {
        self.counts[kind.index()].load(Ordering::Relaxed)
    }
}

/// Parses one line (without its newline). `Ok(None)` for a blank line.
pub fn parse_line(bytes: &[u8]) -> Result<Option<TranscriptEvent>, FeedProblem> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.len() > MAX_LINE {
        return Err(FeedProblem::new(
            ProblemKind::LineTooLong,
            format!("line of {} bytes (limit {MAX_LINE})", bytes.len()),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        FeedProblem::new(
            ProblemKind::InvalidUtf8,
            format!(
                "not UTF-8 at byte {}: {}",
                e.valid_up_to(),
                preview(&String::from_utf8_lossy(bytes))
            ),
        )
    })?;
    parse_str(text)
}

/// Parses one line that is already text. `Ok(None)` for a blank line.
pub fn parse_str(line: &str) -> Result<Option<TranscriptEvent>, FeedProblem> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if !trimmed.starts_with('{') {
        // A JSON array is a producer's mistake, not something the customer said.
        if trimmed.starts_with('[') && serde_json::from_str::<serde_json::Value>(trimmed).is_ok() {
            return Err(FeedProblem::new(
                ProblemKind::MalformedJson,
                format!("not a JSON event object: {}", preview(trimmed)),
            ));
        }
        return Ok(Some(TranscriptEvent::customer(trimmed)));
    }
    let value: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| {
        FeedProblem::new(
            ProblemKind::MalformedJson,
            format!("{e} in {}", preview(trimmed)),
        )
    })?;
    let serde_json::Value::Object(obj) = value else {
        return Err(FeedProblem::new(
            ProblemKind::MalformedJson,
            format!("not a JSON object: {}", preview(trimmed)),
        ));
    };
    let speaker = match obj.get("speaker") {
        Some(serde_json::Value::String(s)) => parse_speaker(s).ok_or_else(|| {
            FeedProblem::new(
                ProblemKind::UnknownSpeaker,
                format!("speaker {s:?} is not customer, agent or note"),
            )
        })?,
        Some(other) => {
            return Err(FeedProblem::new(
                ProblemKind::UnknownSpeaker,
                format!("speaker {other} is not customer, agent or note"),
            ));
        }
        None => {
            return Err(FeedProblem::new(
                ProblemKind::UnknownSpeaker,
                format!("no \"speaker\" in {}", preview(trimmed)),
            ));
        }
    };
    let text = match obj.get("text") {
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => {
            return Err(FeedProblem::new(
                ProblemKind::MissingText,
                format!("no string \"text\" in {}", preview(trimmed)),
            ));
        }
    };
    let ts = match obj.get("ts") {
        Some(serde_json::Value::String(s))
            if chrono::DateTime::parse_from_rfc3339(s.trim()).is_ok() =>
        {
            Some(s.trim().to_string())
        }
        _ => None,
    };
    let final_ = match obj.get("final") {
        None | Some(serde_json::Value::Null) => true,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(other) => {
            return Err(FeedProblem::new(
                ProblemKind::MalformedJson,
                format!("\"final\" must be true or false, not {other}"),
            ));
        }
    };
    Ok(Some(TranscriptEvent {
        speaker,
        text,
        ts,
        final_,
        at: None,
    }))
}

/// `customer`/`agent`/`note` and their Spanish names, case-insensitive.
pub fn parse_speaker(s: &str) -> Option<Speaker> {
    match s.trim().to_lowercase().as_str() {
        "customer" | "cliente" => Some(Speaker::Customer),
        "agent" | "agente" => Some(Speaker::Agent),
        "note" | "nota" => Some(Speaker::Note),
        _ => None,
    }
}

/// The start of a line for a message (at most 60 characters).
fn preview(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_customer() {
        let e = parse_line(b"  hola  \r").unwrap().unwrap();
        assert_eq!(e, TranscriptEvent::customer("hola"));
    }

    #[test]
    fn json_event() {
        let e = parse_line(
            br#"{"speaker":"Agent","text":"vale","ts":"2026-11-23T10:00:00Z","final":false}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(e.speaker, Speaker::Agent);
        assert_eq!(e.ts.as_deref(), Some("2026-11-23T10:00:00Z"));
        assert!(!e.final_);
    }

    #[test]
    fn problems() {
        let kind = |l: &[u8]| parse_line(l).unwrap_err().kind;
        assert_eq!(kind(b"{\"speaker\":"), ProblemKind::MalformedJson);
        assert_eq!(
            kind(br#"{"speaker":"bot","text":"x"}"#),
            ProblemKind::UnknownSpeaker
        );
        assert_eq!(kind(br#"{"speaker":"agent"}"#), ProblemKind::MissingText);
        assert_eq!(kind(b"caf\xe9"), ProblemKind::InvalidUtf8);
        assert_eq!(kind(b"[]"), ProblemKind::MalformedJson);
        assert_eq!(
            kind(br#"[{"speaker":"agent","text":"x"}]"#),
            ProblemKind::MalformedJson
        );
        assert_eq!(parse_line(b"   ").unwrap(), None);
        // Brackets in what the customer said are still plain text.
        let e = parse_line(b"[inaudible] no funciona").unwrap().unwrap();
        assert_eq!(e, TranscriptEvent::customer("[inaudible] no funciona"));
    }
}
