//! A call's conversation: speakers and turns, the transcript event format, live sources,
//! the crash-safe journal (redaction lives in [`crate::redact`]).
//!
//! How the pieces fit (no terminal code here; threads + crossbeam channels):
//! * [`source`]: `follow_file(path, tx)` / `listen(addr, token, tx)` start threads that
//!   send [`source::SourceEvent`]s (turns, problems, connects); keep the
//!   [`source::SourceHandle`] (drop = stop). Line format: [`event`].
//! * [`transcript::Transcript`]: applies events (interim lines revised in place) and
//!   returns the turns that became final.
//! * [`journal::Journal`]: `create(data_dir, Redactor::new(&config.redact), start)`, then
//!   `turn`/`append(JournalEntry::…)`/`wrapup`/`end`; [`journal::unfinished`] +
//!   `Journal::resume` at start-up. Everything is redacted ([`crate::redact::Redactor`]) first.
//! * [`export`]: the `apunte sessions` list, show and Markdown texts.
use serde::{Deserialize, Serialize};

pub mod event;
pub mod export;
pub mod journal;
pub mod source;
pub mod transcript;

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
