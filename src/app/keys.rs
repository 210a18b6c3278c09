//! Key routing: dialogs first, then typing into the focused field, then the keymap's
//! actions in the focused pane.
use crate::conversation::journal::JournalEntry;

use super::keymap::Context;
use super::{
    Action, Effect, Focus, Key, LineEdit, Msg, Overlay, State, call, clock, conversation,
    correction, customer, feedback, overlay, reader, search,
};

pub(super) fn on_key(state: &mut State, key: Key, fx: &mut Vec<Effect>) {
    if overlay::on_key(state, key, fx) {
        return;
    }
    if state.replay.is_some() {
        super::replay::on_key(state, key, fx);
        return;
    }
    let mut actions: Vec<Action> = state.keymap.actions(&key).to_vec();
    // Actions of another kind of workspace (a replay's, a mock call's) are not there.
    let context = state.context();
    actions.retain(|a| a.context() == Context::Always || a.context() == context);
    let has = |a: Action| actions.contains(&a);

    // Typing a letter while the result list has the focus goes on with the query (keys
    // bound in lists, such as j/k/y/x/?, keep their meaning).
    let reader_only = |a: &Action| matches!(a, Action::NextLink | Action::PrevLink);
    if state.focus == Focus::Results
        && actions.iter().all(reader_only)
        && key.typed_char().is_some()
    {
        state.focus = Focus::Search;
    }
    let typing = matches!(state.focus, Focus::Input | Focus::Search);
    if typing && let Some(c) = key.typed_char() {
        // `/` (search) and `?` (help) act only on an empty conversation input; otherwise
        // every printable key is text.
        let empty_input = state.focus == Focus::Input && state.input.is_empty();
        if empty_input && has(Action::Search) {
            state.focus = Focus::Search;
            return;
        }
        if empty_input && has(Action::Help) {
            state.open_overlay(Overlay::Help);
            return;
        }
        let mut buf = [0u8; 4];
        edit_field(state, fx, |e| e.insert(c.encode_utf8(&mut buf)));
        return;
    }
    if typing && let Some(f) = LineEdit::command(&key) {
        // An editing key edits unless the key is bound to something else here (Delete
        // also dismisses a selected suggestion: the search box is empty then).
        let dismissing = has(Action::Dismiss) && call::can_dismiss(state);
        // (Alt-← edits here too: going back to an earlier article is for the reader.)
        let other_action = actions
            .iter()
            .any(|a| !matches!(a, Action::Dismiss | Action::ArticleBack));
        if !other_action && !dismissing {
            edit_field(state, fx, f);
            return;
        }
    }

    actions.sort_by_key(|a| precedence(state.focus, *a));
    for a in actions {
        if apply(state, a, fx) {
            return;
        }
    }
    // A letter that means nothing in the reader goes to the conversation input: typing is
    // never dropped.
    if state.focus == Focus::Reader
        && let Some(c) = key.typed_char()
    {
        state.focus = Focus::Input;
        let mut buf = [0u8; 4];
        edit_field(state, fx, |e| e.insert(c.encode_utf8(&mut buf)));
    }
}

/// Which of the actions sharing a key is tried first, by the pane that has the focus
/// (lower first; an action that does nothing there passes to the next). The order of
/// [`Action::ALL`] is only the help's order and plays no part here.
fn precedence(focus: Focus, a: Action) -> u8 {
    match (focus, a) {
        // `x`: closes the article in the reader, dismisses a suggestion in the list.
        (Focus::Reader, Action::CloseReader) => 0,
        (Focus::Reader, Action::Dismiss) => 2,
        (Focus::Search | Focus::Results, Action::Dismiss) => 0,
        (Focus::Search | Focus::Results, Action::CloseReader) => 2,
        _ => 1,
    }
}

/// Edits the focused text field and reacts to the change.
pub(super) fn edit_field(state: &mut State, fx: &mut Vec<Effect>, f: impl FnOnce(&mut LineEdit)) {
    match state.focus {
        Focus::Search => {
            let before = state.query.text().to_string();
            f(&mut state.query);
            if state.query.text() != before {
                search::query_changed(state, fx);
            }
        }
        _ => {
            f(&mut state.input);
            conversation::input_changed(state);
        }
    }
}

pub(crate) fn ask_quit(state: &mut State, fx: &mut Vec<Effect>) {
    if state.in_progress() {
        state.open_overlay(Overlay::ConfirmQuit);
    } else {
        state.quit = true;
        fx.push(Effect::Quit);
    }
}

/// Applies an action; false when it does nothing in this context (try the next one).
pub(super) fn apply(state: &mut State, action: Action, fx: &mut Vec<Effect>) -> bool {
    let list_len = state.list().len();
    match action {
        Action::Quit => ask_quit(state, fx),
        Action::Search => state.focus = Focus::Search,
        Action::Back => {
            if state.editing.is_some() {
                correction::finish(state, false, fx);
            } else if state.replies_open() {
                state.input.take();
                conversation::input_changed(state);
            } else {
                // From the search box or its list, Esc also empties the box: the
                // suggestions come back in view.
                if matches!(state.focus, Focus::Search | Focus::Results) && !state.query.is_empty()
                {
                    search::clear_query(state, fx);
                }
                state.focus = Focus::Input;
            }
        }
        Action::NextPane | Action::PrevPane => {
            let mut order = vec![Focus::Input, Focus::Search, Focus::Results];
            if state.reader.is_some() {
                order.push(Focus::Reader);
            }
            let i = order.iter().position(|f| *f == state.focus).unwrap_or(0);
            let n = order.len();
            let next = if action == Action::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            state.focus = order[next];
        }
        Action::Up | Action::Down => {
            let up = action == Action::Up;
            match state.focus {
                Focus::Input if state.replies_open() => {
                    let n = state.reply_matches.len();
                    state.reply_selected = step(state.reply_selected, n, up);
                }
                Focus::Input => conversation::scroll(state, up, 1),
                Focus::Search | Focus::Results => {
                    state.selected = step(state.selected, list_len, up);
                }
                Focus::Reader => {
                    if state.reader.as_ref().is_some_and(|r| r.items() == 0) {
                        reader::scroll(state, up, 1);
                    } else if let Some(r) = &mut state.reader {
                        let n = r.items();
                        r.link = None;
                        // Nothing selected yet: start from what is on screen (after
                        // paging down to the steps, not back at the first phrase).
                        let on_screen = state.drawn.reader_top_item.filter(|i| *i < n);
                        r.selected = Some(match (r.selected, up, on_screen) {
                            (Some(s), _, _) => step(s, n, up),
                            (None, _, Some(i)) => i,
                            (None, true, None) => n - 1,
                            (None, false, None) => 0,
                        });
                    }
                }
            }
        }
        Action::Open => match state.focus {
            Focus::Input if state.replies_open() => conversation::insert_reply(state, fx),
            Focus::Input if state.editing.is_some() => correction::finish(state, true, fx),
            Focus::Input => conversation::send_turn(state, fx),
            Focus::Search | Focus::Results => {
                if !search::open_nth(state, state.selected, fx) {
                    return false;
                }
                state.focus = Focus::Reader;
            }
            // A selected cross-reference is followed; else the selection is copied.
            Focus::Reader => {
                return reader::follow_link(state, fx) || conversation::copy(state, fx);
            }
        },
        Action::OpenNth(n) => {
            // The n-th row on screen, as numbered there (the list may be scrolled).
            let idx = state.first_shown() + usize::from(n.saturating_sub(1));
            if !search::open_nth(state, idx, fx) {
                return false;
            }
            state.selected = idx;
        }
        Action::PageUp | Action::PageDown => {
            if state.reader.is_none() {
                return false;
            }
            let rows = state.drawn.reader.map_or(12, |e| e.rows);
            reader::scroll(
                state,
                action == Action::PageUp,
                rows.saturating_sub(2).max(1),
            );
        }
        Action::Copy => return conversation::copy(state, fx),
        Action::SwitchSpeaker => state.speaker = state.speaker.next(),
        Action::Help => state.open_overlay(Overlay::Help),
        Action::Messages => state.open_overlay(Overlay::Messages { scroll: 0 }),
        Action::NextLink | Action::PrevLink => {
            if state.focus != Focus::Reader {
                return false;
            }
            return reader::move_link(state, action == Action::PrevLink);
        }
        Action::ArticleBack => {
            if !reader::go_back(state, fx) {
                return false;
            }
            state.focus = Focus::Reader;
        }
        Action::Mouse => {
            state.mouse = !state.mouse;
            fx.push(Effect::Mouse(state.mouse));
            let msg = if state.mouse {
                Msg::MouseOn
            } else {
                Msg::MouseOff
            };
            state.notify(state.t(msg), false);
        }
        Action::ShowMore => {
            state.turns_in_full = !state.turns_in_full;
            let msg = if state.turns_in_full {
                Msg::TurnsInFull
            } else {
                Msg::TurnsShortened
            };
            state.notify(state.t(msg), false);
        }
        Action::Dismiss => return call::dismiss(state, fx),
        Action::OpenCue => return call::open_cue(state, fx),
        Action::EndCall => call::open_wrapup(state),
        Action::Discard => return super::practice::ask_discard(state),
        Action::ReplayPause
        | Action::ReplayStep
        | Action::ReplayBack
        | Action::ReplaySeekForward
        | Action::ReplaySeekBack
        | Action::ReplayFaster
        | Action::ReplaySlower
        | Action::Comment => return super::replay::on_action(state, action, fx),
        Action::Hold => clock::toggle_hold(state, fx),
        Action::NewCall => call::ask_new_call(state),
        Action::Customer => customer::open_form(state, false),
        Action::PastCalls => customer::past_calls(state, fx),
        Action::EditTurn => correction::start(state),
        Action::UndoDismiss => call::undo_dismiss(state, fx),
        Action::Flag => feedback::open_form(state, false),
        Action::FlagService => feedback::open_form(state, true),
        Action::Helpful => return feedback::vote(state, true, fx),
        Action::NotHelpful => return feedback::vote(state, false, fx),
        Action::Draft => return super::draft::write(state, fx),
        Action::CloseReader => {
            let Some(reader) = state.reader.take() else {
                return false;
            };
            let article = reader.article.id.clone();
            call::record(state, fx, JournalEntry::Close { article });
            if state.focus == Focus::Reader {
                state.focus = Focus::Results;
            }
        }
    }
    true
}

pub(super) fn step(i: usize, n: usize, up: bool) -> usize {
    if n == 0 {
        0
    } else if up {
        i.saturating_sub(1)
    } else {
        (i + 1).min(n - 1)
    }
}
