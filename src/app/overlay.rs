//! The dialogs that cover the panes: help, the quit confirmation, the resume prompt and
//! the wrap-up. They stack (the quit confirmation can sit over the resume prompt); the
//! top one takes every key and the panes get none.
use super::call::{self, DISPOSITIONS, disposition_msg};
use super::customer;
use super::{
    Action, CustomerForm, Effect, Key, KeyCode, Msg, PastCalls, ResumeOffer, State, WrapUp,
};

/// A dialog over the panes.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The keys (`?`).
    Help,
    /// "A call is in progress. Quit?"
    ConfirmQuit,
    /// An unfinished call offered for resuming.
    Resume(ResumeOffer),
    /// The wrap-up dialog that ends a call.
    WrapUp(WrapUp),
    /// The message log, scrolled this many lines up from the newest.
    Messages { scroll: u16 },
    /// "Abandon this call without an outcome?" (the new call key during a call).
    ConfirmAbandon,
    /// "Discard this practice?" (the discard key in a mock call).
    ConfirmDiscard,
    /// Who is on the line: name and reference.
    Customer(CustomerForm),
    /// The customer's past calls.
    PastCalls(PastCalls),
    /// The scorecard of a mock call, at its end.
    Scorecard(ScorecardView),
    /// Flag an article, a step of it, or the service: a reason and a comment.
    Flag(super::FlagForm),
}

/// A scorecard on screen, scrolled by `scroll` lines (the view stops at its end).
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardView {
    pub card: Box<crate::training::scorecard::Scorecard>,
    pub scroll: u16,
}

impl State {
    /// The dialog that has the keyboard.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// True while any dialog covers the panes (no text cursor in them).
    pub fn covered(&self) -> bool {
        !self.overlays.is_empty()
    }

    /// Opens a dialog over whatever is shown.
    pub fn open_overlay(&mut self, o: Overlay) {
        self.overlays.push(o);
    }

    /// Closes the top dialog.
    pub fn close_overlay(&mut self) {
        self.overlays.pop();
    }

    /// True while the help is the top dialog.
    pub fn help_open(&self) -> bool {
        self.overlay() == Some(&Overlay::Help)
    }

    /// True while the quit confirmation is up.
    pub fn confirming_quit(&self) -> bool {
        self.overlay() == Some(&Overlay::ConfirmQuit)
    }

    /// The resume offer, while its prompt is open (under a quit confirmation too).
    pub fn resume_offer(&self) -> Option<&ResumeOffer> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::Resume(r) => Some(r),
            _ => None,
        })
    }

    /// The wrap-up dialog, while open.
    pub fn wrapup(&self) -> Option<&WrapUp> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::WrapUp(w) => Some(w),
            _ => None,
        })
    }
}

/// Lines a page key scrolls the scorecard by.
const PAGE: u16 = 10;

/// Keys while a dialog is up; false when no dialog is.
pub(super) fn on_key(state: &mut State, key: Key, fx: &mut Vec<Effect>) -> bool {
    let has = |state: &State, a: Action| state.keymap.actions(&key).contains(&a);
    match state.overlays.last_mut() {
        None => return false,
        Some(Overlay::ConfirmQuit) => {
            // Only an explicit yes leaves (Enter, next to everything an agent types,
            // answers no).
            let yes =
                matches!(key.typed_char(), Some('y' | 'Y' | 's' | 'S')) || has(state, Action::Quit);
            state.close_overlay();
            if yes {
                state.quit = true;
                fx.push(Effect::Quit);
            }
        }
        Some(Overlay::Resume(_)) => on_resume_key(state, key, fx),
        Some(Overlay::ConfirmAbandon) => {
            let yes = matches!(key.typed_char(), Some('y' | 'Y' | 's' | 'S'));
            state.close_overlay();
            if yes {
                call::abandon(state, fx);
            }
        }
        Some(Overlay::ConfirmDiscard) => {
            // Only an explicit yes (or the discard key again) throws the call away.
            let yes = matches!(key.typed_char(), Some('y' | 'Y' | 's' | 'S'))
                || has(state, Action::Discard);
            state.close_overlay();
            if yes {
                super::practice::discard(state, fx);
            }
        }
        Some(Overlay::Customer(f)) => {
            let actions = state.keymap.actions(&key);
            let switch = actions.contains(&Action::NextPane) || actions.contains(&Action::PrevPane);
            if let Some(save) = customer::on_form_key(f, &key, switch)
                && let Some(Overlay::Customer(f)) = state.overlays.pop()
                && save
            {
                customer::save(state, f, fx);
            }
        }
        Some(Overlay::Flag(f)) => {
            let actions = state.keymap.actions(&key);
            let switch = actions.contains(&Action::NextPane) || actions.contains(&Action::PrevPane);
            if let Some(save) = super::feedback::on_form_key(f, &key, switch)
                && let Some(Overlay::Flag(f)) = state.overlays.pop()
                && save
            {
                super::feedback::save(state, f, fx);
            }
        }
        Some(Overlay::PastCalls(p)) => {
            let again = state.keymap.actions(&key).contains(&Action::PastCalls);
            if customer::on_past_key(p, &key) || again {
                state.close_overlay();
            }
        }
        Some(Overlay::WrapUp(w)) => {
            let actions = state.keymap.actions(&key);
            let switch = actions.contains(&Action::NextPane) || actions.contains(&Action::PrevPane);
            if let Some(save) = on_wrapup_key(w, &key, switch) {
                if let Some(Overlay::WrapUp(w)) = state.overlays.pop()
                    && save
                {
                    call::save_wrapup_of(state, w, fx);
                }
            } else if key.typed_char().is_none() && has(state, Action::Quit) {
                state.close_overlay();
                super::ask_quit(state, fx);
            }
        }
        Some(Overlay::Messages { scroll }) => {
            let actions = state.keymap.actions(&key);
            let page = state.size.1.saturating_sub(6).max(1);
            if actions.contains(&Action::Up) {
                *scroll = scroll.saturating_add(1);
            } else if actions.contains(&Action::Down) {
                *scroll = scroll.saturating_sub(1);
            } else if actions.contains(&Action::PageUp) {
                *scroll = scroll.saturating_add(page);
            } else if actions.contains(&Action::PageDown) {
                *scroll = scroll.saturating_sub(page);
            } else if has(state, Action::Messages)
                || has(state, Action::Back)
                || key.typed_char() == Some('q')
            {
                state.close_overlay();
            } else if has(state, Action::Quit) {
                state.close_overlay();
                super::ask_quit(state, fx);
            }
        }
        Some(Overlay::Scorecard(view)) => {
            let actions = state.keymap.actions(&key);
            let has = |a: Action| actions.contains(&a);
            // The last scroll that still fills the view (the overlay's frame and border
            // take 4 rows).
            let rows = usize::from(state.size.1.saturating_sub(4)).max(1);
            let last = u16::try_from(view.card.outline(state.lang).len().saturating_sub(rows))
                .unwrap_or(u16::MAX);
            if has(Action::Back) || key.typed_char() == Some('q') {
                state.close_overlay();
            } else if has(Action::Up) {
                view.scroll = view.scroll.saturating_sub(1);
            } else if has(Action::Down) {
                view.scroll = view.scroll.saturating_add(1).min(last);
            } else if has(Action::PageUp) {
                view.scroll = view.scroll.saturating_sub(PAGE);
            } else if has(Action::PageDown) {
                view.scroll = view.scroll.saturating_add(PAGE).min(last);
            } else if has(Action::Quit) {
                state.close_overlay();
                super::ask_quit(state, fx);
            }
        }
        Some(Overlay::Help) => {
            if has(state, Action::Help) || has(state, Action::Back) || key.typed_char() == Some('q')
            {
                state.close_overlay();
            } else if has(state, Action::Quit) {
                state.close_overlay();
                super::ask_quit(state, fx);
            }
        }
    }
    true
}

/// Keys while the resume prompt is up: Enter / r / y / s resume, n / Esc start a new call;
/// quit asks to quit (the prompt stays under the question).
fn on_resume_key(state: &mut State, key: Key, fx: &mut Vec<Effect>) {
    let accept = match (key.code, key.typed_char()) {
        (KeyCode::Enter, _) => Some(true),
        (_, Some('r' | 'R' | 'y' | 'Y' | 's' | 'S')) => Some(true),
        (KeyCode::Esc, _) => Some(false),
        (_, Some('n' | 'N')) => Some(false),
        _ => None,
    };
    let Some(accept) = accept else {
        if state.keymap.actions(&key).contains(&Action::Quit) {
            super::ask_quit(state, fx);
        }
        return;
    };
    state.close_overlay();
    fx.push(Effect::Resume { accept });
    // Transcript events held while the prompt was up go on now (after the restored
    // turns, which the run loop sends back as `Event::Resumed`).
    if !accept {
        call::release_held(state, fx);
    }
}

/// Keys in the wrap-up dialog (see [`on_choice_key`]).
fn on_wrapup_key(w: &mut WrapUp, key: &Key, switch: bool) -> Option<bool> {
    let mut field = ChoiceField {
        choice: &mut w.choice,
        choices: DISPOSITIONS.len(),
        on_text: &mut w.on_note,
        text: &mut w.note,
        multiline: true,
    };
    on_choice_key(&mut field, key, switch)
}

/// A dialog made of a list to choose from and a text (the wrap-up, the flag form).
pub(super) struct ChoiceField<'a> {
    pub choice: &'a mut usize,
    pub choices: usize,
    /// The text has the keyboard (else the list has it).
    pub on_text: &'a mut bool,
    pub text: &'a mut super::LineEdit,
    /// Alt-Enter / Ctrl-J start a new line in the text.
    pub multiline: bool,
}

/// Keys in a list-and-text dialog. The list has the keyboard first: 1-9 pick an item
/// and go on to the text, ↑↓ move, a letter starts the text. In the text every
/// printable key is text. The pane keys (`switch`: Tab, Shift-Tab) move between the list
/// and the text, Alt-1..9 pick from either, Enter saves, Esc cancels. Returns
/// Some(save?) when the dialog closes.
pub(super) fn on_choice_key(f: &mut ChoiceField<'_>, key: &Key, switch: bool) -> Option<bool> {
    let n = f.choices.max(1);
    let digit = match key.code {
        KeyCode::Char(c @ '1'..='9') if !key.ctrl && (key.alt || !*f.on_text) => {
            Some(usize::from(c as u8 - b'1')).filter(|d| *d < n)
        }
        _ => None,
    };
    if let Some(d) = digit {
        *f.choice = d;
        *f.on_text = true;
        return None;
    }
    if switch {
        *f.on_text = !*f.on_text;
        return None;
    }
    // Alt-Enter or Ctrl-J: a new line in the text.
    let newline =
        (key.code == KeyCode::Enter && key.alt) || (key.code == KeyCode::Char('j') && key.ctrl);
    if newline && f.multiline {
        *f.on_text = true;
        f.text.newline();
        return None;
    }
    match key.code {
        KeyCode::Esc => return Some(false),
        KeyCode::Enter => return Some(true),
        KeyCode::Up => *f.choice = (*f.choice + n - 1) % n,
        KeyCode::Down => *f.choice = (*f.choice + 1) % n,
        _ => {
            if key.typed_char().is_some() {
                *f.on_text = true;
            }
            if *f.on_text {
                f.text.apply_key(key);
            }
        }
    }
    None
}

/// The label of the wrap-up's outcome (for the saved message).
pub(super) fn saved_message(state: &State, d: crate::conversation::journal::Disposition) -> String {
    format!(
        "{} ({})",
        state.t(Msg::CallSaved),
        state.t(disposition_msg(d))
    )
}
