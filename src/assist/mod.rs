//! Assistance from the conversation: suggested articles and empathy cues.
//!
//! Pure and UI-agnostic: [`Suggester::suggest`] turns the turns so far into ranked
//! articles with a confidence and a reason; [`Cues::detect`] finds signs of frustration,
//! urgency, vulnerability or intent to leave from a lexicon kept as data (`cues.toml`).
pub mod cues;
pub mod input;
pub mod stopwords;
pub mod suggest;
pub mod terms;
pub mod text;

pub use cues::{Cue, CueKind, Cues, CuesError};
pub use input::{Applied, Transcript};
pub use suggest::{Reason, Suggester, Suggestion, Suggestions};
pub use terms::{Term, Weights};
