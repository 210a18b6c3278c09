//! The crash-safe call journal: one JSON line per thing that happened in a call, in
//! `<data dir>/sessions/<id>.jsonl`.
//!
//! ```text
//! {"t":"2026-11-23T10:30:15.120+01:00","kind":"start","session":"20261123-103015-ab12","mode":"live","agent":"Ana","roots":["knowledge"],"version":"0.1.0"}
//! {"t":"2026-11-23T10:30:21.004+01:00","kind":"turn","speaker":"customer","text":"mi tarjeta es [card ****1111]"}
//! {"t":"…","kind":"search","query":"cargo duplicado","hits":4,"top":["facturacion/cargo-duplicado"]}
//! {"t":"…","kind":"search","query":"cajero retirado","hits":0,"again":true}
//! {"t":"…","kind":"open","article":"facturacion/cargo-duplicado","title":"Cargo duplicado","via":"search"}
//! {"t":"…","kind":"copy","article":"facturacion/cargo-duplicado","text":"Le devolvemos el importe…"}
//! {"t":"…","kind":"suggestion","articles":["facturacion/cargo-duplicado"]}
//! {"t":"…","kind":"dismiss","article":"guias/cliente-enfadado"}
//! {"t":"…","kind":"wrapup","disposition":"resolved","note":"devolución pedida"}
//! {"t":"…","kind":"flag","article":"facturacion/cargo-duplicado","title":"Cargo duplicado","version":"5f0c…","updated":"2026-10-01","reason":"outdated","comment":"el plazo ya es 5 días","step":2,"paragraph":"Espere 10 días…"}
//! {"t":"…","kind":"helpful","article":"facturacion/cargo-duplicado","helpful":true,"version":"5f0c…","via":"reader"}
//! {"t":"…","kind":"end"}
//! ```
//!
//! * [`Journal`] is the one writer for a call. Every entry goes through the [`Redactor`]
//!   first, then is written with a single `write` (so `kill -9` at any moment loses at
//!   most the entry being appended) and `sync_data` follows on a background thread
//!   within milliseconds (so power loss loses at most that much; the UI thread never
//!   waits for the disk). [`Journal::sync`] waits for it; [`Journal::end`] syncs.
//! * Interim transcript text is never journaled: [`Journal::turn`] skips non-final turns.
//! * Session ids sort by time: `YYYYMMDD-HHMMSS-xxxx` (local time, 4 random hex digits).
//! * A call without an `end` entry is unfinished: [`unfinished`] finds the newest one at
//!   start, [`Journal::resume`] reads it back (turns included) and keeps appending (after
//!   a `resume` entry); [`mark_ended`] closes one the agent chose not to resume
//!   (`end` with reason `abandoned`, nothing else).
//! * One call, one writer: the writing process holds an advisory lock on the file (the OS
//!   drops it when the process ends, crash included). [`unfinished`] never offers a
//!   locked call, and [`Journal::resume`] refuses one ([`in_use`]), so two workspaces on
//!   one data folder each run their own call.
//! * [`read`] never refuses a damaged file: a half-written last line, garbage or
//!   unreadable lines in the middle become [`Warning`]s (line numbers) and the rest is
//!   read. Unknown `kind`s (from a newer apunte) read as [`JournalEntry::Other`].
//! * New kinds (training `flag`, `score` …) are added as new variants; readers of older
//!   versions skip them.
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use chrono::{DateTime, FixedOffset};
use crossbeam_channel::{Receiver, Sender};
use serde::{Deserialize, Serialize};

use super::{Speaker, Turn};
use crate::redact::Redactor;

/// The folder under the data dir that holds the journals.
pub const SESSIONS_DIR: &str = "sessions";

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    Resolved,
    Escalated,
    Callback,
    Other,
}

impl Disposition {
    /// The stable name (`resolved` …), as in the journal.
    pub fn name(self) -> &'static str {
        match self {
            Disposition::Resolved => "resolved",
            Disposition::Escalated => "escalated",
            Disposition::Callback => "callback",
            Disposition::Other => "other",
        }
    }
}

/// What a call was: a real one or a mock call. Written as `live`, `training`; a name
/// this version does not know (from a newer apunte) is kept as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Mode {
    /// A real call (also what a journal without a mode was).
    #[default]
    Live,
    /// A training / mock call.
    Training,
    /// A mode written by a newer apunte.
    Other(String),
}

impl Mode {
    /// The name in the journal (`live`, `training` …).
    pub fn name(&self) -> &str {
        match self {
            Mode::Live => "live",
            Mode::Training => "training",
            Mode::Other(s) => s,
        }
    }
}

impl From<String> for Mode {
    fn from(s: String) -> Mode {
        match s.as_str() {
            "live" | "" => Mode::Live,
            "training" => Mode::Training,
            _ => Mode::Other(s),
        }
    }
}

impl From<&str> for Mode {
    fn from(s: &str) -> Mode {
        Mode::from(s.to_string())
    }
}

impl From<Mode> for String {
    fn from(m: Mode) -> String {
        m.name().to_string()
    }
}

/// Why an article was flagged. Written as `outdated`, `wrong`, `missing`, `unclear`,
/// `suggestion`; a name this version does not know (from a newer apunte) is kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum FlagReason {
    /// Was right once, is not any more.
    Outdated,
    /// Says something false.
    Wrong,
    /// Leaves out what the agent needed.
    Missing,
    /// Hard to follow.
    Unclear,
    /// An idea (about the article, a procedure or the service).
    Suggestion,
    Other(String),
}

impl FlagReason {
    /// The reasons the flag form offers, in its order.
    pub const ALL: [FlagReason; 5] = [
        FlagReason::Outdated,
        FlagReason::Wrong,
        FlagReason::Missing,
        FlagReason::Unclear,
        FlagReason::Suggestion,
    ];

    /// The name in the journal (`outdated` …).
    pub fn name(&self) -> &str {
        match self {
            FlagReason::Outdated => "outdated",
            FlagReason::Wrong => "wrong",
            FlagReason::Missing => "missing",
            FlagReason::Unclear => "unclear",
            FlagReason::Suggestion => "suggestion",
            FlagReason::Other(s) => s,
        }
    }

    /// A reason by name (`missing-information` and `missing_info` read as `missing`);
    /// None for a name this version does not know.
    pub fn parse(s: &str) -> Option<FlagReason> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match s.as_str() {
            "outdated" => FlagReason::Outdated,
            "wrong" => FlagReason::Wrong,
            "missing" | "missing_information" | "missing_info" => FlagReason::Missing,
            "unclear" => FlagReason::Unclear,
            "suggestion" => FlagReason::Suggestion,
            _ => return None,
        })
    }
}

impl From<String> for FlagReason {
    fn from(s: String) -> FlagReason {
        FlagReason::parse(&s).unwrap_or(FlagReason::Other(s))
    }
}

impl From<FlagReason> for String {
    fn from(r: FlagReason) -> String {
        r.name().to_string()
    }
}

/// The `end` reason of a call the agent chose not to resume.
pub const ABANDONED: &str = "abandoned";

/// What happened. Serialized internally tagged by `kind`; new kinds may be added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JournalEntry {
    /// The first line of every journal.
    Start {
        session: String,
        #[serde(default)]
        mode: Mode,
        #[serde(default)]
        agent: String,
        /// Knowledge roots in use.
        #[serde(default)]
        roots: Vec<String>,
        /// apunte version that wrote it.
        #[serde(default)]
        version: String,
        /// The kinds of redaction turned off in the settings (`cards`, `ids` …).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        redaction_off: Vec<String>,
        /// A mock call's scenario (its file stem).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        scenario: String,
        /// Who practised (a mock call).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        trainee: String,
    },
    /// A final turn (customer, agent or note).
    Turn {
        speaker: Speaker,
        text: String,
        /// The source's own time, when it gave one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ts: Option<String>,
        /// How far the followed transcript file had been read after this turn's line
        /// (bytes): a resumed call follows the file on from the last one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<u64>,
    },
    /// A knowledge search the agent settled on (journal it on Enter, on opening a result
    /// or after a pause, not on every keystroke).
    Search {
        query: String,
        #[serde(default)]
        hits: usize,
        /// The first article ids shown.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        top: Vec<String>,
        /// The agent searched again soon after another search that opened nothing: the
        /// one before did not find it (a failure signal for the gap report).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        again: bool,
    },
    /// An article opened in the reader.
    Open {
        article: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        /// Where from: `search`, `suggestion`, `link` …
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via: Option<String>,
    },
    /// Text copied to the clipboard (a reply, a snippet).
    Copy {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        article: Option<String>,
        text: String,
    },
    /// Suggestions shown (journal when the list shown changes).
    Suggestion { articles: Vec<String> },
    /// A suggestion dismissed by the agent.
    Dismiss { article: String },
    /// The agent undid the dismissal of this suggestion.
    Undismiss { article: String },
    /// The wrap-up.
    Wrapup {
        disposition: Disposition,
        #[serde(default)]
        note: String,
    },
    /// The agent switched who the typed turns are from (restored on resume).
    Speaker { speaker: Speaker },
    /// The agent closed the article in the reader (so a resume does not reopen it).
    Close { article: String },
    /// The call was resumed after apunte stopped without ending it.
    Resume,
    /// The agent put the customer on hold.
    Hold,
    /// The customer is back from hold, after `seconds` on hold.
    HoldEnd {
        #[serde(default)]
        seconds: u64,
    },
    /// Who is on the line: the customer's name and a reference (account, ticket …) by
    /// which their past calls are found. Both redacted like any free text.
    Customer {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        name: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reference: String,
    },
    /// The agent fixed a turn: its speaker and text as they should read (the journal
    /// stays append-only; readers apply it, see [`corrected`]). `turn` numbers it among
    /// the call's turns from 1; without it, the last turn before this entry.
    Correct {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        turn: Option<usize>,
        speaker: Speaker,
        text: String,
    },
    /// The agent put a quick reply (by its name) in the input.
    Reply { name: String },
    /// A trainer's coaching note (a whisper): shown to the trainee only, never a turn.
    Coaching {
        text: String,
        /// Who coached (the trainer's name, when given).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        from: String,
    },
    /// The workspace raised an empathy cue on a customer's turn (`turn` numbers it among
    /// the call's turns from 1): its kind (`frustration`, `urgency`, `vulnerability`,
    /// `leaving`), its labels and the guideline it offers. The trainer's console shows
    /// these, so both sides see the same cues.
    Cue {
        turn: usize,
        cue: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        label_es: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        label_en: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        article: Option<String>,
    },
    /// The trainer paused the mock call: the handle-time clock stops.
    Pause,
    /// The trainer resumed the mock call after `seconds` paused.
    PauseEnd {
        #[serde(default)]
        seconds: u64,
    },
    /// The agent flagged an article (or, with no `article`, the procedure or the service
    /// itself): why, a comment, and the article's version at that moment, so a later
    /// edit of the file shows as "article changed since". In a call's journal the call
    /// is that journal's; `call` names it when the flag was raised elsewhere (a replay).
    Flag {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        article: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        /// The article's content fingerprint ([`crate::knowledge::Article::version`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        /// The article's `updated` date then.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        updated: Option<String>,
        /// The article's owner then.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        reason: FlagReason,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        comment: String,
        /// The numbered step flagged (1-based), when one was selected.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<usize>,
        /// The text of the step or phrase flagged (empty: the whole article).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        paragraph: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        call: Option<String>,
    },
    /// The agent said an opened or suggested article helped (`helpful: true`) or not.
    Helpful {
        article: String,
        helpful: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        updated: Option<String>,
        /// Where the article was: `reader` (open) or `suggestion`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        call: Option<String>,
    },
    /// A flag closed (`apunte feedback resolve`): `flag` is its id
    /// ([`crate::conversation::feedback`]).
    Resolve {
        flag: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// The last line of a finished call.
    End {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A kind this version does not know (written by a newer apunte).
    #[serde(other)]
    Other,
}

impl JournalEntry {
    /// The entry of a final turn.
    pub fn turn(t: &Turn) -> JournalEntry {
        JournalEntry::turn_at(t, None)
    }

    /// The entry of a final turn read from a followed file up to byte `at`.
    pub fn turn_at(t: &Turn, at: Option<u64>) -> JournalEntry {
        JournalEntry::Turn {
            speaker: t.speaker,
            text: t.text.clone(),
            ts: Some(t.ts.clone()),
            at,
        }
    }

    /// Feedback on the knowledge (`flag`, `helpful`, `resolve`): recorded even when no
    /// call runs (in the feedback journal, [`feedback_path`]).
    pub fn is_feedback(&self) -> bool {
        matches!(
            self,
            JournalEntry::Flag { .. } | JournalEntry::Helpful { .. } | JournalEntry::Resolve { .. }
        )
    }

    /// The entry with its free text (turns, queries, copied text, notes) redacted.
    pub fn redacted(self, r: &Redactor) -> JournalEntry {
        let red = |s: String| match r.redact(&s) {
            std::borrow::Cow::Borrowed(_) => s,
            std::borrow::Cow::Owned(o) => o,
        };
        match self {
            JournalEntry::Turn {
                speaker,
                text,
                ts,
                at,
            } => JournalEntry::Turn {
                speaker,
                text: red(text),
                ts,
                at,
            },
            JournalEntry::Search {
                query,
                hits,
                top,
                again,
            } => JournalEntry::Search {
                query: red(query),
                hits,
                top,
                again,
            },
            JournalEntry::Copy { article, text } => JournalEntry::Copy {
                article,
                text: red(text),
            },
            JournalEntry::Wrapup { disposition, note } => JournalEntry::Wrapup {
                disposition,
                note: red(note),
            },
            JournalEntry::End { reason } => JournalEntry::End {
                reason: reason.map(red),
            },
            mut e @ JournalEntry::Flag { .. } => {
                if let JournalEntry::Flag {
                    comment, paragraph, ..
                } = &mut e
                {
                    *comment = red(std::mem::take(comment));
                    *paragraph = red(std::mem::take(paragraph));
                }
                e
            }
            JournalEntry::Resolve { flag, note } => JournalEntry::Resolve {
                flag,
                note: red(note),
            },
            JournalEntry::Customer { name, reference } => JournalEntry::Customer {
                name: red(name),
                reference: red(reference),
            },
            JournalEntry::Coaching { text, from } => JournalEntry::Coaching {
                text: red(text),
                from,
            },
            JournalEntry::Correct {
                turn,
                speaker,
                text,
            } => JournalEntry::Correct {
                turn,
                speaker,
                text: red(text),
            },
            other => other,
        }
    }
}

/// A call read back from its journal for resuming: its turns, and everything else it
/// recorded (dismissals, articles opened, the speaker), in order, for the workspace to
/// restore.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Restored {
    pub turns: Vec<Turn>,
    pub entries: Vec<JournalEntry>,
    /// How far the followed transcript file had been read (the last turn's `at`).
    pub read_to: Option<u64>,
    /// When the call started (the time of its first entry).
    pub started: Option<String>,
    /// The holds, each after the number of turns said before it.
    pub holds: Vec<Hold>,
}

/// How far the followed transcript file had been read when these records were written:
/// the `at` of the last turn that has one.
pub fn read_to(records: &[Record]) -> Option<u64> {
    records.iter().rev().find_map(|r| match r.entry {
        JournalEntry::Turn { at, .. } => at,
        _ => None,
    })
}

/// A hold in a call: when it started, after how many turns, and how long it lasted
/// (None while it goes on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub after: usize,
    pub start: String,
    pub seconds: Option<u64>,
}

/// The holds of a call, in order (see [`Hold`]).
pub fn holds(records: &[Record]) -> Vec<Hold> {
    let mut out: Vec<Hold> = Vec::new();
    let mut said = 0;
    for r in records {
        match &r.entry {
            JournalEntry::Turn { .. } => said += 1,
            JournalEntry::Hold if out.last().is_none_or(|h| h.seconds.is_some()) => {
                out.push(Hold {
                    after: said,
                    start: r.t.clone(),
                    seconds: None,
                });
            }
            JournalEntry::HoldEnd { seconds } => {
                if let Some(h) = out.last_mut().filter(|h| h.seconds.is_none()) {
                    h.seconds = Some(*seconds);
                }
            }
            _ => {}
        }
    }
    out
}

/// A trainer's pause of a mock call: when it began and how long it lasted (None while
/// it goes on). The call's clocks stand still meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseSpan {
    pub start: String,
    pub seconds: Option<u64>,
}

/// The trainer's pauses of a call, in order (see [`PauseSpan`]).
pub fn pauses(records: &[Record]) -> Vec<PauseSpan> {
    let mut out: Vec<PauseSpan> = Vec::new();
    for r in records {
        match &r.entry {
            JournalEntry::Pause if out.last().is_none_or(|p| p.seconds.is_some()) => {
                out.push(PauseSpan {
                    start: r.t.clone(),
                    seconds: None,
                });
            }
            JournalEntry::PauseEnd { seconds } => {
                if let Some(p) = out.last_mut().filter(|p| p.seconds.is_none()) {
                    p.seconds = Some(*seconds);
                }
            }
            _ => {}
        }
    }
    out
}

/// One journal line: when, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// RFC 3339 local time with offset.
    pub t: String,
    pub entry: JournalEntry,
}

impl Record {
    /// The JSON line (without newline), `t` first.
    pub fn to_line(&self) -> String {
        let body = serde_json::to_string(&self.entry).unwrap_or_else(|_| "{}".into());
        let t = serde_json::to_string(&self.t).unwrap_or_else(|_| "\"\"".into());
        match body.strip_prefix('{') {
            Some(rest) if rest != "}" => format!("{{\"t\":{t},{rest}"),
            _ => format!("{{\"t\":{t}}}"),
        }
    }

    /// Parses one line; the error says what is wrong.
    pub fn parse(line: &str) -> Result<Record, String> {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
        let serde_json::Value::Object(mut obj) = value else {
            return Err("not a JSON object".into());
        };
        let t = match obj.remove("t") {
            Some(serde_json::Value::String(t)) => t,
            _ => return Err("no \"t\" time".into()),
        };
        let entry = serde_json::from_value::<JournalEntry>(serde_json::Value::Object(obj))
            .map_err(|e| format!("not a journal entry ({e})"))?;
        Ok(Record { t, entry })
    }

    /// The time, parsed.
    pub fn time(&self) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(&self.t).ok()
    }
}

/// Something wrong in a journal file, read around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The current local time as journaled.
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

/// The folder under the data dir that holds the feedback journal.
pub const FEEDBACK_DIR: &str = "feedback";

/// The feedback journal: flags and votes given while no call was running, and the
/// resolutions of `apunte feedback resolve` (`<data dir>/feedback/feedback.jsonl`).
pub fn feedback_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FEEDBACK_DIR).join("feedback.jsonl")
}

/// The journal folder under a data dir.
pub fn sessions_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(SESSIONS_DIR)
}

/// What the first entry says about a call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartInfo {
    pub mode: Mode,
    pub agent: String,
    pub roots: Vec<String>,
    /// A mock call's scenario id (empty for a live call).
    pub scenario: String,
    /// Who practised (empty for a live call).
    pub trainee: String,
    /// Where a copy of every record goes as written (a trainer's console link).
    pub tap: Option<Tap>,
}

/// A copy of every record a journal writes, as written (redacted, stamped), for a
/// reader on another thread (the trainer link). A reader that went away is ignored.
#[derive(Clone)]
pub struct Tap(pub crossbeam_channel::Sender<Record>);

impl std::fmt::Debug for Tap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tap")
    }
}

/// Taps compare equal: what a call is does not depend on who listens to it.
impl PartialEq for Tap {
    fn eq(&self, _: &Tap) -> bool {
        true
    }
}

impl Eq for Tap {}

/// The writer for one call's journal.
#[derive(Debug)]
pub struct Journal {
    id: String,
    path: PathBuf,
    file: File,
    redactor: Redactor,
    /// Each speaker's last turn as said (in memory only): the context that lets a number
    /// split across two turns be masked.
    said: Vec<(Speaker, String)>,
    syncer: Option<Syncer>,
    ended: bool,
    tap: Option<Tap>,
}

/// A journal reopened after apunte stopped in the middle of a call.
#[derive(Debug)]
pub struct Resumed {
    pub journal: Journal,
    /// Everything read back.
    pub records: Vec<Record>,
    /// The final turns, in order, to put back on screen.
    pub turns: Vec<Turn>,
    pub warnings: Vec<Warning>,
}

impl Journal {
    /// Starts a new call's journal in `<data_dir>/sessions/` and writes the `start` entry.
    pub fn create(data_dir: &Path, redactor: Redactor, start: StartInfo) -> io::Result<Journal> {
        let dir = sessions_dir(data_dir);
        crate::private::create_dir_all(&dir).map_err(|e| with_path(e, &dir, "cannot create"))?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
        let mut attempt = 0u64;
        let (id, path, file) = loop {
            let id = format!("{stamp}-{:04x}", random16(attempt));
            let path = dir.join(format!("{id}.jsonl"));
            match crate::private::create_new(&path) {
                Ok(file) => {
                    lock(&file, &path)?;
                    break (id, path, file);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 32 => {
                    attempt += 1;
                }
                Err(e) => return Err(with_path(e, &path, "cannot create")),
            }
        };
        // Make the new file's name durable too.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        let redaction_off = redactor
            .settings()
            .off()
            .iter()
            .map(|k| k.to_string())
            .collect();
        let mut journal = Journal::with_file(id.clone(), path, file, redactor)?;
        journal.tap = start.tap;
        journal.append(JournalEntry::Start {
            session: id,
            mode: start.mode,
            agent: start.agent,
            roots: start.roots,
            version: env!("CARGO_PKG_VERSION").to_string(),
            redaction_off,
            scenario: start.scenario,
            trainee: start.trainee,
        })?;
        Ok(journal)
    }

    /// Reopens an unfinished journal to continue the call: reads it back and appends a
    /// `resume` entry. Fails when another apunte holds it ([`in_use`]).
    pub fn resume(path: &Path, redactor: Redactor) -> io::Result<Resumed> {
        let mut resumed = Journal::reopen(path, redactor)?;
        if !resumed.journal.ended {
            resumed.journal.append(JournalEntry::Resume)?;
        }
        Ok(resumed)
    }

    /// Reopens a journal for appending (taking its lock), without writing anything:
    /// reads it back. Fails when another apunte holds it ([`in_use`]).
    pub fn reopen(path: &Path, redactor: Redactor) -> io::Result<Resumed> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| with_path(e, path, "cannot reopen"))?;
        crate::private::narrow(&file).map_err(|e| with_path(e, path, "cannot protect"))?;
        lock(&file, path)?;
        let (records, warnings) = read(path)?;
        fresh_line(&mut file)?;
        let id = session_id_of(path);
        let ended = records
            .iter()
            .any(|r| matches!(r.entry, JournalEntry::End { .. }));
        let mut journal = Journal::with_file(id, path.to_path_buf(), file, redactor)?;
        journal.ended = ended;
        let turns = turns(&records);
        Ok(Resumed {
            journal,
            records,
            turns,
            warnings,
        })
    }

    /// Opens (creating it `0600` in a `0700` folder) a journal many workspaces append to
    /// with no lock and no `start` entry: the feedback journal ([`feedback_path`]), where
    /// flags and votes given outside a call, and resolutions, go. Each entry is one
    /// `write` of one line to a file opened for appending, so lines from two writers
    /// never mix.
    pub fn open_log(path: &Path, redactor: Redactor) -> io::Result<Journal> {
        if let Some(dir) = path.parent() {
            crate::private::create_dir_all(dir).map_err(|e| with_path(e, dir, "cannot create"))?;
        }
        let file = match crate::private::create_new(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let mut file = OpenOptions::new()
                    .read(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| with_path(e, path, "cannot open"))?;
                crate::private::narrow(&file).map_err(|e| with_path(e, path, "cannot protect"))?;
                fresh_line(&mut file)?;
                file
            }
            Err(e) => return Err(with_path(e, path, "cannot create")),
        };
        Journal::with_file(session_id_of(path), path.to_path_buf(), file, redactor)
    }

    fn with_file(id: String, path: PathBuf, file: File, redactor: Redactor) -> io::Result<Journal> {
        let syncer = Syncer::start(file.try_clone()?)?;
        Ok(Journal {
            id,
            path,
            file,
            redactor,
            said: Vec::new(),
            syncer: Some(syncer),
            ended: false,
            tap: None,
        })
    }

    /// The session id (`20261123-103015-ab12`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True once `end` was written.
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// Redacts, stamps with the current time and appends an entry.
    pub fn append(&mut self, entry: JournalEntry) -> io::Result<()> {
        self.append_at(now(), entry)
    }

    /// Like [`Journal::append`] with a given time (RFC 3339).
    pub fn append_at(&mut self, t: String, entry: JournalEntry) -> io::Result<()> {
        if self.ended {
            return Err(io::Error::other(format!(
                "{}: the call already ended; start a new journal",
                self.path.display()
            )));
        }
        let is_end = matches!(entry, JournalEntry::End { .. });
        let entry = match entry {
            JournalEntry::Turn {
                speaker,
                text,
                ts,
                at,
            } => {
                let said = self.said.iter().position(|(s, _)| *s == speaker);
                let previous = said.map_or("", |k| self.said[k].1.as_str());
                let masked = self.redactor.redact_after(previous, &text).into_owned();
                match said {
                    Some(k) => self.said[k].1 = text,
                    None => self.said.push((speaker, text)),
                }
                JournalEntry::Turn {
                    speaker,
                    text: masked,
                    ts,
                    at,
                }
            }
            other => other.redacted(&self.redactor),
        };
        let record = Record { t, entry };
        let mut line = record.to_line();
        line.push('\n');
        // One write: a kill leaves either the whole line or a torn last line that
        // `read` reports and skips.
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| with_path(e, &self.path, "cannot write"))?;
        if let Some(s) = &self.syncer {
            s.request();
        }
        if let Some(tap) = &self.tap {
            let _ = tap.0.send(record);
        }
        if is_end {
            self.ended = true;
            self.sync()?;
        }
        Ok(())
    }

    /// Appends a turn if it is final (interim text is never journaled).
    pub fn turn(&mut self, turn: &Turn) -> io::Result<()> {
        if !turn.final_ {
            return Ok(());
        }
        self.append(JournalEntry::turn(turn))
    }

    /// Writes the wrap-up.
    pub fn wrapup(&mut self, disposition: Disposition, note: &str) -> io::Result<()> {
        self.append(JournalEntry::Wrapup {
            disposition,
            note: note.to_string(),
        })
    }

    /// Writes `end` and waits until everything is on disk.
    pub fn end(&mut self) -> io::Result<()> {
        self.append(JournalEntry::End { reason: None })
    }

    /// Waits until everything appended so far is on disk.
    pub fn sync(&self) -> io::Result<()> {
        match &self.syncer {
            Some(s) => s.flush(),
            None => self.file.sync_data(),
        }
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        if let Some(s) = self.syncer.take() {
            s.stop();
        }
    }
}

/// `sync_data` on a background thread, coalescing requests.
#[derive(Debug)]
struct Syncer {
    tx: Sender<SyncMsg>,
    thread: JoinHandle<()>,
}

#[derive(Debug)]
enum SyncMsg {
    Sync,
    Flush(Sender<io::Result<()>>),
}

impl Syncer {
    fn start(file: File) -> io::Result<Syncer> {
        let (tx, rx): (Sender<SyncMsg>, Receiver<SyncMsg>) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("apunte-journal-sync".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut acks = Vec::new();
                    for msg in std::iter::once(first).chain(rx.try_iter()) {
                        if let SyncMsg::Flush(ack) = msg {
                            acks.push(ack);
                        }
                    }
                    let result = file.sync_data();
                    for ack in acks {
                        let _ = ack.send(match &result {
                            Ok(()) => Ok(()),
                            Err(e) => Err(io::Error::new(e.kind(), e.to_string())),
                        });
                    }
                }
                let _ = file.sync_data();
            })?;
        Ok(Syncer { tx, thread })
    }

    fn request(&self) {
        let _ = self.tx.send(SyncMsg::Sync);
    }

    fn flush(&self) -> io::Result<()> {
        let (ack_tx, ack_rx) = crossbeam_channel::bounded(1);
        self.tx
            .send(SyncMsg::Flush(ack_tx))
            .map_err(|_| io::Error::other("the journal sync thread stopped"))?;
        ack_rx
            .recv()
            .map_err(|_| io::Error::other("the journal sync thread stopped"))?
    }

    fn stop(self) {
        drop(self.tx);
        let _ = self.thread.join();
    }
}

/// 16 random-enough bits (std's per-process random hash keys, the clock and the pid).
fn random16(salt: u64) -> u16 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(salt);
    h.write_u32(std::process::id());
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    (h.finish() & 0xffff) as u16
}

/// After a half-written last line (apunte stopped while writing it), starts the next
/// entry on a fresh line.
fn fresh_line(file: &mut File) -> io::Result<()> {
    let len = file.metadata()?.len();
    if len > 0 {
        use std::io::Seek;
        let mut last = [0u8; 1];
        file.seek(io::SeekFrom::Start(len - 1))?;
        file.read_exact(&mut last)?;
        if last[0] != b'\n' {
            file.write_all(b"\n")?;
        }
    }
    Ok(())
}

fn with_path(e: io::Error, path: &Path, what: &str) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

/// Takes the advisory lock that says "this apunte writes this call" (the OS releases it
/// when the process ends, even by a crash).
fn lock(file: &File, path: &Path) -> io::Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(io::Error::new(
            io::ErrorKind::ResourceBusy,
            format!(
                "{}: another apunte is running this call (close it there, or use another data folder)",
                path.display()
            ),
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(with_path(e, path, "cannot lock")),
    }
}

/// True when another running apunte holds the journal at `path` (its live call).
pub fn in_use(path: &Path) -> bool {
    File::open(path).is_ok_and(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
}

/// The session id of a journal path (its file stem).
pub fn session_id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads a journal, around any damage. Errors only when the file cannot be read at all.
pub fn read(path: &Path) -> io::Result<(Vec<Record>, Vec<Warning>)> {
    let bytes = std::fs::read(path).map_err(|e| with_path(e, path, "cannot read"))?;
    Ok(parse_journal(&bytes))
}

/// Parses journal bytes (see [`read`]).
pub fn parse_journal(bytes: &[u8]) -> (Vec<Record>, Vec<Warning>) {
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    let ends_with_newline = bytes.last() == Some(&b'\n');
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let count = lines.len();
    for (i, raw) in lines.into_iter().enumerate() {
        let line_no = i + 1;
        let is_last_partial = i + 1 == count && !ends_with_newline;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = std::str::from_utf8(raw)
            .map_err(|_| "not UTF-8".to_string())
            .and_then(Record::parse);
        match parsed {
            Ok(r) => records.push(r),
            Err(msg) => warnings.push(Warning {
                line: line_no,
                message: if is_last_partial {
                    format!(
                        "half-written last line, skipped (apunte stopped while writing it): {msg}"
                    )
                } else {
                    format!("damaged line skipped: {msg}")
                },
            }),
        }
    }
    (records, warnings)
}

/// The records with every correction applied: a `correct` entry replaces the speaker
/// and text of the turn it numbers (else the last turn before it), and is itself left
/// out. What the workspace,
/// `sessions show` and the export read.
pub fn corrected(records: &[Record]) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::with_capacity(records.len());
    for r in records {
        let JournalEntry::Correct {
            turn,
            speaker,
            text,
        } = &r.entry
        else {
            out.push(r.clone());
            continue;
        };
        let mut turns = out
            .iter_mut()
            .filter(|r| matches!(r.entry, JournalEntry::Turn { .. }));
        let target = match turn {
            Some(n) => turns.nth(n.wrapping_sub(1)),
            None => turns.last(),
        };
        if let Some(Record {
            entry:
                JournalEntry::Turn {
                    speaker: s,
                    text: t,
                    ..
                },
            ..
        }) = target
        {
            *s = *speaker;
            *t = text.clone();
        }
    }
    out
}

/// The final turns of a journal, in order, as corrected ([`corrected`]).
pub fn turns(records: &[Record]) -> Vec<Turn> {
    corrected(records)
        .iter()
        .filter_map(|r| match &r.entry {
            JournalEntry::Turn {
                speaker, text, ts, ..
            } => Some(Turn {
                speaker: *speaker,
                text: text.clone(),
                ts: ts.clone().unwrap_or_else(|| r.t.clone()),
                final_: true,
            }),
            _ => None,
        })
        .collect()
}

/// One call at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub id: String,
    pub path: PathBuf,
    /// Time of the first entry.
    pub started: Option<DateTime<FixedOffset>>,
    /// Time of the last entry.
    pub last: Option<DateTime<FixedOffset>>,
    pub turns: usize,
    pub disposition: Option<Disposition>,
    /// Has an `end` entry.
    pub finished: bool,
    pub agent: String,
    pub mode: Mode,
    /// Why it ended, when the `end` entry says (`abandoned`, `quit`, `empty`).
    pub end_reason: Option<String>,
    /// Damaged lines read around.
    pub warnings: usize,
    /// A mock call's scenario id and trainee (empty for a live call).
    pub scenario: String,
    pub trainee: String,
    /// Who was on the line (the last `customer` entry), as journaled (redacted).
    pub customer: String,
    pub reference: String,
    /// The wrap-up note.
    pub note: String,
}

impl SessionSummary {
    /// From the time of the first entry to the last one.
    pub fn duration(&self) -> Option<chrono::Duration> {
        Some(self.last? - self.started?)
    }
}

/// Summarizes records read from `path`.
pub fn summarize(path: &Path, records: &[Record], warnings: usize) -> SessionSummary {
    let mut s = SessionSummary {
        id: session_id_of(path),
        path: path.to_path_buf(),
        started: records.iter().find_map(Record::time),
        last: records.iter().rev().find_map(Record::time),
        turns: 0,
        disposition: None,
        finished: false,
        agent: String::new(),
        mode: Mode::Live,
        end_reason: None,
        warnings,
        scenario: String::new(),
        trainee: String::new(),
        customer: String::new(),
        reference: String::new(),
        note: String::new(),
    };
    for r in &corrected(records) {
        match &r.entry {
            JournalEntry::Start {
                agent,
                mode,
                scenario,
                trainee,
                ..
            } => {
                s.agent = agent.clone();
                s.mode = mode.clone();
                s.scenario = scenario.clone();
                s.trainee = trainee.clone();
            }
            JournalEntry::Turn { speaker, .. } if *speaker != Speaker::Note => s.turns += 1,
            JournalEntry::Wrapup { disposition, note } => {
                s.disposition = Some(*disposition);
                s.note = note.clone();
            }
            JournalEntry::Customer { name, reference } => {
                s.customer = name.clone();
                s.reference = reference.clone();
            }
            JournalEntry::End { reason } => {
                s.finished = true;
                s.end_reason = reason.clone();
            }
            _ => {}
        }
    }
    s
}

/// The journal files, newest first (ids sort by time). A missing folder is no calls.
pub fn journal_paths(data_dir: &Path) -> io::Result<Vec<PathBuf>> {
    let dir = sessions_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(with_path(e, &dir, "cannot read")),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        // A call's sidecars (`<id>.review.jsonl`, `<id>.grades.jsonl`) are not calls: a
        // session id has no dot.
        .filter(|p| {
            p.extension().is_some_and(|x| x == "jsonl")
                && p.file_stem()
                    .is_some_and(|s| !s.to_string_lossy().contains('.'))
                && p.is_file()
        })
        .collect();
    paths.sort();
    paths.reverse();
    Ok(paths)
}

/// Every call, newest first. Unreadable files are skipped.
pub fn list(data_dir: &Path) -> io::Result<Vec<SessionSummary>> {
    Ok(journal_paths(data_dir)?
        .into_iter()
        .filter_map(|p| {
            let (records, warnings) = read(&p).ok()?;
            Some(summarize(&p, &records, warnings.len()))
        })
        .collect())
}

/// The calls of the customer with this reference (as journaled, i.e. redacted the
/// same way), newest first, leaving out the journal at `except` (the call in progress).
/// References compare without case and surrounding blanks.
pub fn calls_of(
    data_dir: &Path,
    reference: &str,
    except: Option<&Path>,
) -> io::Result<Vec<SessionSummary>> {
    let wanted = reference.trim().to_lowercase();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    Ok(list(data_dir)?
        .into_iter()
        .filter(|s| Some(s.path.as_path()) != except)
        .filter(|s| s.reference.trim().to_lowercase() == wanted)
        .collect())
}

/// The newest call that has no `end` entry and that no running apunte holds, to offer
/// resuming it.
pub fn unfinished(data_dir: &Path) -> Option<SessionSummary> {
    journal_paths(data_dir).ok()?.into_iter().find_map(|p| {
        if in_use(&p) {
            return None;
        }
        let (records, warnings) = read(&p).ok()?;
        let s = summarize(&p, &records, warnings.len());
        (!s.finished).then_some(s)
    })
}

/// Closes an unfinished call that is not resumed (appends only `end` with a reason:
/// `abandoned` when the agent declined it, `empty` when nothing was said).
pub fn mark_ended(path: &Path, reason: &str) -> io::Result<()> {
    let mut resumed = Journal::reopen(path, Redactor::default())?;
    if resumed.journal.is_ended() {
        return Ok(());
    }
    resumed.journal.append(JournalEntry::End {
        reason: Some(reason.to_string()),
    })
}

/// Why a session id did not name one journal.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error(
        "no call with id {id:?} in {dir}; `apunte sessions list` shows the ids (a unique part, like the last 4 characters, is enough)"
    )]
    NotFound { id: String, dir: PathBuf },
    #[error("{id:?} matches several calls ({}); type more of the id", .matches.join(", "))]
    Ambiguous { id: String, matches: Vec<String> },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The journal of a session id, or of the one id starting with (else containing) `id`.
pub fn find(data_dir: &Path, id: &str) -> Result<PathBuf, FindError> {
    let id = id.trim().trim_end_matches(".jsonl");
    let paths = journal_paths(data_dir)?;
    if let Some(p) = paths.iter().find(|p| session_id_of(p) == id) {
        return Ok(p.clone());
    }
    let matching = |keep: &dyn Fn(&str) -> bool| -> Vec<&PathBuf> {
        if id.is_empty() {
            return Vec::new();
        }
        paths.iter().filter(|p| keep(&session_id_of(p))).collect()
    };
    // A unique prefix (`20261123-1030`), else a unique part (`ab12`).
    let mut matches = matching(&|s| s.starts_with(id));
    if matches.is_empty() {
        matches = matching(&|s| s.contains(id));
    }
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(FindError::NotFound {
            id: id.to_string(),
            dir: sessions_dir(data_dir),
        }),
        many => Err(FindError::Ambiguous {
            id: id.to_string(),
            matches: many.iter().map(|p| session_id_of(p)).collect(),
        }),
    }
}

/// A record at `10:mm:ss` of a test day (`t` is `mm:ss`).
#[cfg(test)]
pub(crate) fn test_record(t: &str, entry: JournalEntry) -> Record {
    Record {
        t: format!("2026-11-23T10:{t}+00:00"),
        entry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shape() {
        let r = Record {
            t: "2026-11-23T10:30:15.000+01:00".into(),
            entry: JournalEntry::Turn {
                speaker: Speaker::Customer,
                text: "hola".into(),
                ts: None,
                at: None,
            },
        };
        let line = r.to_line();
        assert_eq!(
            line,
            r#"{"t":"2026-11-23T10:30:15.000+01:00","kind":"turn","speaker":"customer","text":"hola"}"#
        );
        assert_eq!(Record::parse(&line).unwrap(), r);
        let resume = Record {
            t: "x".into(),
            entry: JournalEntry::Resume,
        };
        assert_eq!(resume.to_line(), r#"{"t":"x","kind":"resume"}"#);
        assert_eq!(Record::parse(&resume.to_line()).unwrap(), resume);
    }

    #[test]
    fn unknown_kind_reads_as_other() {
        let r = Record::parse(r#"{"t":"x","kind":"score","points":3}"#).unwrap();
        assert_eq!(r.entry, JournalEntry::Other);
    }

    use super::test_record as rec;

    fn said(speaker: Speaker, text: &str) -> JournalEntry {
        JournalEntry::Turn {
            speaker,
            text: text.into(),
            ts: None,
            at: None,
        }
    }

    #[test]
    fn call_records_round_trip_with_stable_names() {
        for (entry, line) in [
            (JournalEntry::Hold, r#"{"t":"x","kind":"hold"}"#),
            (
                JournalEntry::HoldEnd { seconds: 42 },
                r#"{"t":"x","kind":"hold_end","seconds":42}"#,
            ),
            (
                JournalEntry::Customer {
                    name: "Lucía".into(),
                    reference: "A-1".into(),
                },
                r#"{"t":"x","kind":"customer","name":"Lucía","reference":"A-1"}"#,
            ),
            (
                JournalEntry::Correct {
                    turn: None,
                    speaker: Speaker::Agent,
                    text: "hola".into(),
                },
                r#"{"t":"x","kind":"correct","speaker":"agent","text":"hola"}"#,
            ),
            (
                JournalEntry::Undismiss {
                    article: "a/b".into(),
                },
                r#"{"t":"x","kind":"undismiss","article":"a/b"}"#,
            ),
        ] {
            let r = Record {
                t: "x".into(),
                entry,
            };
            assert_eq!(r.to_line(), line);
            assert_eq!(Record::parse(line).unwrap(), r);
        }
    }

    #[test]
    fn corrections_replace_the_turn_before_them_and_holds_count_turns() {
        let records = vec![
            rec("00:00", JournalEntry::Resume),
            rec("00:01", said(Speaker::Customer, "me han cobrao")),
            rec("00:02", said(Speaker::Customer, "dos veces")),
            rec(
                "00:03",
                JournalEntry::Correct {
                    turn: None,
                    speaker: Speaker::Agent,
                    text: "¿dos veces?".into(),
                },
            ),
            rec("00:04", JournalEntry::Hold),
            rec("01:04", JournalEntry::HoldEnd { seconds: 60 }),
            rec("02:00", said(Speaker::Customer, "sí")),
            rec("03:00", JournalEntry::Hold),
            // A fix of turn 1 journaled after later turns.
            rec(
                "03:05",
                JournalEntry::Correct {
                    turn: Some(1),
                    speaker: Speaker::Customer,
                    text: "me han cobrado".into(),
                },
            ),
        ];
        let turns = turns(&records);
        let texts: Vec<_> = turns.iter().map(|t| (t.speaker, t.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (Speaker::Customer, "me han cobrado"),
                (Speaker::Agent, "¿dos veces?"),
                (Speaker::Customer, "sí")
            ]
        );
        assert!(
            !corrected(&records)
                .iter()
                .any(|r| matches!(r.entry, JournalEntry::Correct { .. }))
        );
        assert_eq!(
            holds(&records),
            vec![
                Hold {
                    after: 2,
                    start: "2026-11-23T10:00:04+00:00".into(),
                    seconds: Some(60)
                },
                Hold {
                    after: 3,
                    start: "2026-11-23T10:03:00+00:00".into(),
                    seconds: None
                }
            ]
        );
        // A correction with no turn before it changes nothing.
        let lone = vec![rec(
            "00:00",
            JournalEntry::Correct {
                turn: None,
                speaker: Speaker::Agent,
                text: "x".into(),
            },
        )];
        assert!(turns_of(&lone).is_empty());
    }

    fn turns_of(records: &[Record]) -> Vec<Turn> {
        turns(records)
    }

    #[test]
    fn customer_and_corrections_are_redacted_and_past_calls_found_by_reference() {
        let tmp = tempfile::tempdir().unwrap();
        let start = StartInfo::default();
        let mut j = Journal::create(tmp.path(), Redactor::default(), start.clone()).unwrap();
        j.append(JournalEntry::Customer {
            name: "Lucía".into(),
            reference: "DNI 12345678Z".into(),
        })
        .unwrap();
        j.turn(&Turn {
            speaker: Speaker::Customer,
            text: "hola".into(),
            ts: "2026-11-23T10:00:00+00:00".into(),
            final_: true,
        })
        .unwrap();
        j.append(JournalEntry::Correct {
            turn: None,
            speaker: Speaker::Customer,
            text: "mi tarjeta es 4111 1111 1111 1111".into(),
        })
        .unwrap();
        j.wrapup(Disposition::Callback, "llamar el lunes\ncon la factura")
            .unwrap();
        j.end().unwrap();
        let path = j.path().to_path_buf();
        drop(j);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("12345678Z"), "{text}");
        assert!(!text.contains("4111 1111"), "{text}");
        let (records, _) = read(&path).unwrap();
        let s = summarize(&path, &records, 0);
        assert_eq!(s.customer, "Lucía");
        assert_eq!(s.note, "llamar el lunes\ncon la factura");
        assert_eq!(s.turns, 1);
        // Found by the reference as journaled (masked the same way), not by another.
        let r = Redactor::default();
        let found = calls_of(tmp.path(), &r.redact("DNI 12345678Z"), None).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].disposition, Some(Disposition::Callback));
        assert!(calls_of(tmp.path(), "A-1", None).unwrap().is_empty());
        assert!(calls_of(tmp.path(), "", None).unwrap().is_empty());
        assert!(
            calls_of(tmp.path(), &r.redact("DNI 12345678Z"), Some(&path))
                .unwrap()
                .is_empty(),
            "the call in progress is not a past call"
        );
    }

    #[test]
    fn damaged() {
        let text = b"{\"t\":\"a\",\"kind\":\"resume\"}\ngarbage\n\n{\"t\":\"b\",\"kind\":\"end\"}\n{\"t\":\"c\",\"ki";
        let (records, warnings) = parse_journal(text);
        assert_eq!(records.len(), 2);
        assert_eq!(
            warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
            vec![2, 5]
        );
        assert!(warnings[1].message.contains("half-written"));
    }
}
