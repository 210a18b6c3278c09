//! The draft key: from a search that found nothing useful, a draft article prefilled
//! from the query and the customer's recent words ([`crate::insight::draft`]) for an
//! editor to finish. `update` makes the draft; the run loop masks it like the journal,
//! writes it into the drafts folder and answers with [`super::Event::DraftWritten`].
use crate::conversation::Speaker;
use crate::insight::draft::Draft;
use crate::knowledge::lang;

use super::{Effect, Msg, State};

/// How many of the customer's last turns make the problem statement.
pub const CUSTOMER_TURNS: usize = 3;

/// The draft for the search in the box, or None when the box is empty.
pub fn from_state(state: &State) -> Option<Draft> {
    let query = state.query.text().trim();
    if query.is_empty() {
        return None;
    }
    let mut customer: Vec<String> = state
        .turns
        .iter()
        .rev()
        .filter(|t| t.speaker == Speaker::Customer && !t.text.trim().is_empty())
        .take(CUSTOMER_TURNS)
        .map(|t| t.text.trim().to_string())
        .collect();
    customer.reverse();
    let said = customer.join(" ");
    let lang = lang::detect(&format!("{query} {said}"))
        .or_else(|| lang::detect(&said))
        .unwrap_or(state.lang);
    let today = state.now.get(..10).unwrap_or("");
    let today = if today.len() == 10 {
        today.to_string()
    } else {
        chrono::Local::now().format("%Y-%m-%d").to_string()
    };
    Some(Draft::from_search(query, &customer, lang, &today))
}

/// The draft key; always handled (with nothing in the box, the status bar says why).
pub(super) fn write(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    match from_state(state) {
        Some(d) => fx.push(Effect::WriteDraft(Box::new(d))),
        None => state.notify(state.t(Msg::DraftNoQuery), true),
    }
    true
}

/// The run loop's answer: where the draft went, or why it could not be written.
pub(super) fn written(state: &mut State, result: Result<String, String>) {
    match result {
        Ok(path) => {
            let msg = Msg::DraftWritten.fill(state.lang, &[&path]);
            state.notify(msg, false);
        }
        Err(e) => {
            let msg = Msg::DraftFailed.fill(state.lang, &[&e]);
            state.notify(msg, true);
        }
    }
}
