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
    /// Hosted for a trainer's console: where it listens and the join code.
    pub host: Option<Host>,
    /// The trainer's last coaching note, shown as a hint line.
    pub whisper: Option<Whisper>,
}

/// The feed name of the trainer link (its state in [`State::feeds`]).
pub const HOST_FEED: &str = "trainer";

/// Where a mock call waits for its trainer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Host {
    pub address: String,
    pub code: String,
}

/// A trainer's coaching note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Whisper {
    pub text: String,
    pub from: String,
}

/// The trainer whispered: the note is the hint line until the next one, journaled as
/// coaching (never a turn). Only in a mock call.
pub fn whisper(state: &mut State, text: String, from: String, fx: &mut Vec<Effect>) {
    let Some(p) = &mut state.practice else {
        return;
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return;
    }
    p.whisper = Some(Whisper {
        text: text.clone(),
        from: from.clone(),
    });
    fx.push(Effect::Record(
        crate::conversation::journal::JournalEntry::Coaching { text, from },
    ));
}

/// The trainer paused or resumed the call: the call's clock stands still while paused
/// (the call time on screen, the hold time, the wrap-up's length), both ends are
/// journaled and the scorer leaves the paused time out.
pub fn pause(state: &mut State, on: bool, fx: &mut Vec<Effect>) {
    use crate::conversation::journal::JournalEntry;
    if state.practice.is_none() {
        return;
    }
    let now = state.now.clone();
    if on {
        if state.clock.pause(&now) {
            fx.push(Effect::Record(JournalEntry::Pause));
            state.notify(state.t(Msg::TrainerPaused), false);
        }
    } else if let Some(seconds) = state.clock.resume(&now) {
        fx.push(Effect::Record(JournalEntry::PauseEnd { seconds }));
        state.notify(state.t(Msg::TrainerResumed), false);
    }
}

/// The trainer scored the manual items: saved with the call (the run loop scores it
/// again once it is wrapped up).
pub fn grades(
    state: &mut State,
    grader: String,
    items: std::collections::BTreeMap<String, Option<u32>>,
    comment: String,
    fx: &mut Vec<Effect>,
) {
    if state.practice.is_none() {
        return;
    }
    fx.push(Effect::SaveGrades {
        grader,
        items,
        comment,
        turn: state.turns.len().max(1),
    });
    state.notify(state.t(Msg::TrainerScored), false);
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

/// The discard key: in a mock call, asks first (a discarded call cannot come back).
pub fn ask_discard(state: &mut State) -> bool {
    if state.practice.as_ref().is_none_or(|p| p.discarded) {
        return false;
    }
    state.open_overlay(Overlay::ConfirmDiscard);
    true
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
