//! Fixing the last turn: the edit key puts its text in the input line with its speaker
//! (the switch key changes who said it); Enter saves the fix, journaled as a `correct`
//! entry after the turn (the journal stays append-only; a resume, `sessions show` and
//! the export read the corrected turn, by its number, whatever was said meanwhile); Esc
//! leaves the turn as it was. The draft being
//! typed and the speaker chosen come back afterwards.
use crate::conversation::Speaker;
use crate::conversation::journal::JournalEntry;

use super::{Effect, Msg, State, call, conversation};

/// A fix in progress: which turn, and what the input held before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editing {
    /// Index into the turns.
    pub turn: usize,
    pub draft: String,
    pub speaker: Speaker,
}

/// The last final turn (interim text is still being revised by its source).
fn last_final(state: &State) -> Option<usize> {
    state.turns.iter().rposition(|t| t.final_)
}

/// Starts fixing the last turn.
pub fn start(state: &mut State) {
    if state.editing.is_some() {
        return;
    }
    let Some(turn) = last_final(state) else {
        state.notify(state.t(Msg::NothingToEdit), false);
        return;
    };
    state.editing = Some(Editing {
        turn,
        draft: state.input.take(),
        speaker: state.speaker,
    });
    state.speaker = state.turns[turn].speaker;
    let text = state.turns[turn].text.clone();
    state.input.set(&text);
    state.focus = super::Focus::Input;
    conversation::input_changed(state);
}

/// An interim line at `index` was withdrawn: the turn being fixed may have moved up.
pub fn turn_withdrawn(state: &mut State, index: usize) {
    if let Some(e) = &mut state.editing
        && index < e.turn
    {
        e.turn -= 1;
    }
}

/// Ends the fix: saves it (`save`) or leaves the turn as it was.
pub fn finish(state: &mut State, save: bool, fx: &mut Vec<Effect>) {
    let Some(e) = state.editing.take() else {
        return;
    };
    let text = state.input.text().trim().to_string();
    let speaker = state.speaker;
    state.input.set(&e.draft);
    state.speaker = e.speaker;
    conversation::input_changed(state);
    let Some(turn) = state.turns.get_mut(e.turn) else {
        return;
    };
    if !save || text.is_empty() || (turn.text == text && turn.speaker == speaker) {
        return;
    }
    let was_customer = turn.speaker == Speaker::Customer;
    turn.text = text.clone();
    turn.speaker = speaker;
    // Its number among the journaled (final) turns: turns said meanwhile do not move it.
    let number = state.turns[..=e.turn].iter().filter(|t| t.final_).count();
    call::record(
        state,
        fx,
        JournalEntry::Correct {
            turn: Some(number),
            speaker,
            text,
        },
    );
    // What the turn raised is worked out again from the fixed text.
    state.cues.retain(|(t, _)| *t != e.turn);
    if was_customer && speaker != Speaker::Customer {
        fx.push(call::suggest(state, false));
    }
    call::turn_changed(state, e.turn, fx);
    let msg = Msg::TurnCorrected.fill(state.lang, &[&(e.turn + 1)]);
    state.notify(msg, false);
}
