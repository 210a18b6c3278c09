//! The trainer's console (`apunte trainer`): a full-screen view of a hosted mock call
//! from another terminal. The trainer sees the conversation as the trainee does plus
//! what the trainee does (searches, articles and for how long, suggestions shown and
//! dismissed, quick replies, empathy cues, dead air, time against the target), the role
//! card with its hidden facts and the script with its triggers; fires or skips lines,
//! takes the customer's part over, whispers, pauses, and scores the manual items.
//!
//! Built like the workspace: [`state`] (what it holds), [`update`] (pure: event →
//! state, effects), [`view`] (pure drawing), [`keys`] (bindings as data) and [`link`]
//! (the network end, on its own thread, over channels). The loop that runs them is in
//! `runtime::console`.
pub mod keys;
pub mod link;
pub mod state;
pub mod update;
pub mod view;

pub use keys::{Action, Keys};
pub use state::{Console, Effect, Event, InputMode, Link, LinkEvent, Overlay, ScoreForm};
pub use update::update;
pub use view::render;
