//! Who is on the line: the customer's name (it fills `{customer}` in quick replies) and a
//! reference such as an account or ticket number, by which their past calls are found in
//! the journals (read by the run loop: [`Effect::PastCalls`] → [`super::Event::PastCalls`]).
use crate::conversation::journal::{JournalEntry, SessionSummary};

use super::{Effect, Key, KeyCode, LineEdit, Msg, Overlay, State, call, clock};

/// The customer of the call, as the agent typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customer {
    pub name: String,
    pub reference: String,
}

impl Customer {
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.reference.is_empty()
    }
}

/// The customer dialog: two fields, one with the keyboard.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerForm {
    pub name: LineEdit,
    pub reference: LineEdit,
    /// The reference field has the keyboard (else the name).
    pub on_reference: bool,
    /// Opened by the past calls key for want of a reference: they are listed once saved.
    pub then_past_calls: bool,
}

/// The past calls dialog: the reference asked for and, once read, the calls.
#[derive(Debug, Clone, PartialEq)]
pub struct PastCalls {
    pub reference: String,
    /// None while the journals are being read.
    pub calls: Option<Vec<SessionSummary>>,
    pub selected: usize,
}

/// Opens the customer dialog with what is known.
pub fn open_form(state: &mut State, on_reference: bool) {
    let mut f = CustomerForm {
        on_reference,
        ..CustomerForm::default()
    };
    f.name.set(&state.customer.name);
    f.reference.set(&state.customer.reference);
    state.open_overlay(Overlay::Customer(f));
}

/// Keys in the customer dialog; Some(save?) when it closes.
pub(super) fn on_form_key(f: &mut CustomerForm, key: &Key, switch: bool) -> Option<bool> {
    if switch || matches!(key.code, KeyCode::Up | KeyCode::Down) {
        f.on_reference = !f.on_reference;
        return None;
    }
    match key.code {
        KeyCode::Esc => Some(false),
        KeyCode::Enter => Some(true),
        _ => {
            let field = if f.on_reference {
                &mut f.reference
            } else {
                &mut f.name
            };
            field.apply_key(key);
            None
        }
    }
}

/// Saves the dialog: the call has a customer now (and has begun, if it had not).
pub(super) fn save(state: &mut State, f: CustomerForm, fx: &mut Vec<Effect>) {
    let customer = Customer {
        name: f.name.text().trim().to_string(),
        reference: f.reference.text().trim().to_string(),
    };
    let then_past_calls = f.then_past_calls && !customer.reference.is_empty();
    if customer != state.customer {
        set(state, customer, fx);
    }
    if then_past_calls {
        past_calls(state, fx);
    }
}

/// The call's customer is now `customer` (typed in the dialog, or given by a mock
/// call's scripted customer): `{customer}` is filled, the change journaled, the call
/// has begun.
pub(super) fn set(state: &mut State, customer: Customer, fx: &mut Vec<Effect>) {
    clock::begin(state);
    state.placeholders.customer = Some(customer.name.clone()).filter(|n| !n.is_empty());
    call::record(
        state,
        fx,
        JournalEntry::Customer {
            name: customer.name.clone(),
            reference: customer.reference.clone(),
        },
    );
    state.customer = customer;
    state.notify(state.t(Msg::CustomerSaved), false);
}

/// The past calls key: lists the calls with the customer's reference (asks for the
/// reference first when there is none).
pub fn past_calls(state: &mut State, fx: &mut Vec<Effect>) {
    let reference = state.customer.reference.clone();
    if reference.is_empty() {
        state.notify(state.t(Msg::PastCallsNeedRef), false);
        open_form(state, true);
        if let Some(Overlay::Customer(f)) = state.overlays.last_mut() {
            f.then_past_calls = true;
        }
        return;
    }
    state.open_overlay(Overlay::PastCalls(PastCalls {
        reference: reference.clone(),
        calls: None,
        selected: 0,
    }));
    fx.push(Effect::PastCalls { reference });
}

/// The journals were read: the dialog asking for this reference shows the calls.
pub fn past_calls_read(state: &mut State, reference: &str, calls: Vec<SessionSummary>) {
    for o in &mut state.overlays {
        if let Overlay::PastCalls(p) = o
            && p.reference == reference
        {
            p.calls = Some(calls.clone());
        }
    }
}

/// Keys in the past calls dialog; true when it closes.
pub(super) fn on_past_key(p: &mut PastCalls, key: &Key) -> bool {
    let n = p.calls.as_ref().map_or(0, Vec::len);
    match key.code {
        KeyCode::Up => p.selected = super::keys::step(p.selected, n, true),
        KeyCode::Down => p.selected = super::keys::step(p.selected, n, false),
        KeyCode::Esc | KeyCode::Enter => return true,
        _ => return key.typed_char() == Some('q'),
    }
    false
}
