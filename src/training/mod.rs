//! Training: mock calls from scenario files, their scripted customer, how a call is
//! scored with a rubric, reviewed and reported.
//!
//! * [`scenario`]: a scenario file (`scenarios/*.toml` in a knowledge root): meta, the
//!   customer's role card with hidden facts, the script, and `[expect]` (what a good
//!   call contains). Parsed with `path:line` errors.
//! * [`script`]: the scripted customer, a pure state machine over the trainee's turns,
//!   opened articles, silence and an injected clock; the runtime wraps it as a source.
//! * [`check`]: what `apunte check` says about scenarios (unknown articles, unreachable
//!   lines, triggers that can never fire, branches to nowhere).
//! * [`review`]: reviewers' comments anchored to a turn, in a sidecar of the journal.
//! * [`rubric`], [`timeline`], [`score`], [`scorecard`], [`grades`], [`saved`],
//!   [`report`]: the rubric, the call's records as a timeline, the deterministic scorer,
//!   the scorecard, graders' points, scoring a saved call, the training report.
//!
//! Nothing here touches the terminal, the workspace or the commands.
pub mod check;
pub mod grades;
pub mod link;
pub mod phrase;
pub mod report;
pub mod review;
pub mod rubric;
pub mod saved;
pub mod scenario;
pub mod score;
pub mod scorecard;
pub mod script;
pub mod timeline;

pub use scenario::{Difficulty, Expect, Pattern, Scenario};
pub use script::Script;
