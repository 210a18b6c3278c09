//! Assistance from the conversation: suggested articles and empathy cues.
//!
//! Pure and UI-agnostic (no terminal, no I/O but reading `cues.toml`):
//!
//! * [`Suggester::suggest`]`(engine, turns, dismissed)` turns the conversation so far
//!   (interim turns included) into at most `config.limit` articles, each with a 0..1
//!   confidence and a [`Reason`] (the customer's words and the turn they came from; the UI
//!   words it with [`Reason::text`]). Below `config.threshold` nothing is shown and
//!   [`Suggestions::quiet`] says "nothing confident yet". Only the customer's words start
//!   suggestions (the agent's weigh a little, notes nothing); stop words, filler and small
//!   talk never count. The caller debounces and keeps the dismissed ids.
//! * [`Cues`] (`cues.toml` of each knowledge root, [`Cues::load_roots`]) finds signs of
//!   frustration, urgency, vulnerability or intent to leave in customer turns
//!   ([`Cues::detect_turns`], [`Cues::detect_with`]), each linking a guideline in the
//!   turn's language.
//! * [`Transcript`] applies transcript events (interim lines revised in place) and counts
//!   bad lines, for `apunte suggest`.
pub mod cues;
pub mod input;
pub mod stopwords;
pub mod suggest;
pub mod terms;
pub mod text;

pub use cues::{Cue, CueKind, Cues, CuesError};
pub use input::{Applied, Transcript};
pub use suggest::{Reason, Settings, Signals, Suggester, Suggestion, Suggestions};
pub use terms::{Term, Weights};
