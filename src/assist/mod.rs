//! Assistance from the conversation: suggested articles and empathy cues.
//!
//! Pure and UI-agnostic (no terminal, no I/O but reading `cues.toml`):
//!
//! * [`Suggester::suggest`]`(engine, turns, dismissed)` turns the conversation so far
//!   (interim turns included) into at most `config.limit` articles, each with a 0..1
//!   confidence and a [`Reason`] (the customer's words and the turn they came from; the UI
//!   words it with [`Reason::text`]). Unless one reaches `config.threshold` or one of
//!   the search's first hits has several of the customer's words, some in its title
//!   (the gate, [`Suggestions::open`]), nothing is shown and [`Suggestions::quiet`]
//!   says "nothing confident yet". Only the customer's words start
//!   suggestions (the agent's weigh a little, notes nothing); stop words, filler and small
//!   talk never count. The caller debounces and keeps the dismissed ids.
//! * [`Cues`] (`cues.toml` of each knowledge root, [`Cues::load_roots`]) finds signs of
//!   frustration, urgency, vulnerability or intent to leave in customer turns
//!   ([`Cues::detect_turns`], [`Cues::detect_with`]), each linking a guideline in the
//!   turn's language.
//! * [`Transcript`] applies transcript events (interim lines revised in place) and counts
//!   bad lines, for `apunte suggest`.
//! * Both look at the recent conversation only ([`recent_start`]: the last
//!   [`RECENT_CUSTOMER_TURNS`] customer turns and what was said between them), so the
//!   work for a new turn does not grow with the length of the call.
pub mod cues;
pub mod input;
pub mod related;
pub mod stopwords;
pub mod suggest;
pub mod terms;
pub mod text;

pub use cues::{Cue, CueKind, Cues, CuesError};
pub use input::{Applied, Transcript};
pub use suggest::{Reason, Settings, Signals, Suggester, Suggestion, Suggestions};
pub use terms::{Term, Weights};

use crate::conversation::{Speaker, Turn};

/// Customer turns suggestions and the conversation's language are judged on: older
/// ones weigh less than 0.85^64 ≈ 3·10⁻⁵ of the newest anyway.
pub const RECENT_CUSTOMER_TURNS: usize = 64;

/// Where the recent conversation starts: the index of the [`RECENT_CUSTOMER_TURNS`]-th
/// customer turn from the end (0 when there are fewer). Looks at no more turns than
/// it returns; applied to its own result it gives 0.
pub fn recent_start(turns: &[Turn]) -> usize {
    let mut customers = 0;
    for (i, t) in turns.iter().enumerate().rev() {
        if t.speaker == Speaker::Customer {
            customers += 1;
            if customers == RECENT_CUSTOMER_TURNS {
                return i;
            }
        }
    }
    0
}
