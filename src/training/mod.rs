//! Training: mock calls from scenario files, their scripted customer, and (from the
//! rubric on) how a call is scored, reviewed and reported.
//!
//! * [`scenario`]: a scenario file (`scenarios/*.toml` in a knowledge root): meta, the
//!   customer's role card with hidden facts, the script, and `[expect]` (what a good
//!   call contains). Parsed with `path:line` errors.
//! * [`script`]: the scripted customer, a pure state machine over the trainee's turns,
//!   opened articles, silence and an injected clock; the runtime wraps it as a source.
//! * [`check`]: what `apunte check` says about scenarios (unknown articles, unreachable
//!   lines, triggers that can never fire, branches to nowhere).
//! * [`review`]: reviewers' comments anchored to a turn, in a sidecar of the journal.
//!
//! Nothing here touches the terminal, the workspace or the commands.
pub mod check;
pub mod review;
pub mod scenario;
pub mod script;

pub use scenario::{Difficulty, Expect, Pattern, Scenario};
pub use script::Script;
