//! A mock call in the workspace: which scenario and trainee, the scripted customer's
//! moves that are not turns (the name is known, the customer hung up), and discarding
//! the practice.
use super::{Effect, Msg, Overlay, State};

/// What the workspace knows of the mock call it runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Practice {
    /// The scenario id (file stem) and title.
    pub scenario: String,
    pub title: String,
    pub trainee: String,
    /// The scripted customer has ended the call.
    pub customer_ended: bool,
    /// The call was wrapped up (its journal is complete).
    pub wrapped_up: bool,
    /// The practice was discarded.
    pub discarded: bool,
}

/// The trainee asked for the customer's name: the call's customer has it now, as if
/// typed in the customer dialog (`{customer}` is filled, the name is journaled); a name
/// the trainee already typed stays.
pub fn customer_name(state: &mut State, name: String, fx: &mut Vec<Effect>) {
    if !state.customer.name.is_empty() || name.trim().is_empty() {
        return;
    }
    let customer = super::customer::Customer {
        name: name.trim().to_string(),
        reference: state.customer.reference.clone(),
    };
    super::customer::set(state, customer, fx);
}

/// The scripted customer hung up: the trainee wraps up the call.
pub fn customer_ended(state: &mut State) {
    if let Some(p) = &mut state.practice {
        p.customer_ended = true;
    }
    state.notify(state.t(Msg::CustomerEnded), false);
    if !state.turns.is_empty()
        && !state
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::WrapUp(_)))
    {
        super::call::open_wrapup(state);
    }
}

/// The wrap-up of a mock call was saved: the scorecard comes next.
pub fn wrapped_up(state: &mut State, fx: &mut Vec<Effect>) {
    if let Some(p) = &mut state.practice {
        p.wrapped_up = true;
        fx.push(Effect::PracticeEnded);
        state.notify(state.t(Msg::PracticeSaved), false);
    }
}

/// Discards the mock call: its journal is deleted by the run loop and the workspace
/// closes (the scripted customer would go on talking). Only in training.
pub fn discard(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    let Some(p) = &mut state.practice else {
        return false;
    };
    if p.discarded {
        return true;
    }
    p.discarded = true;
    fx.push(Effect::DiscardPractice);
    super::call::new_call(state);
    state.notify(state.t(Msg::PracticeDiscarded), false);
    state.quit = true;
    fx.push(Effect::Quit);
    true
}
