//! The call's life cycle in the workspace: the resume prompt at start, the wrap-up dialog
//! that ends a call, dismissed suggestions, and the triggers for suggestions and cues.
use crate::conversation::Speaker;
use crate::conversation::journal::{ABANDONED, Disposition, JournalEntry, Restored};

use super::{CallClock, Customer, Effect, Focus, LineEdit, Msg, Overlay, State, clock};

/// The dispositions offered by the wrap-up dialog, in the order of keys 1-4.
pub const DISPOSITIONS: [Disposition; 4] = [
    Disposition::Resolved,
    Disposition::Escalated,
    Disposition::Callback,
    Disposition::Other,
];

/// The label of a disposition in the UI language.
pub fn disposition_msg(d: Disposition) -> Msg {
    match d {
        Disposition::Resolved => Msg::DispResolved,
        Disposition::Escalated => Msg::DispEscalated,
        Disposition::Callback => Msg::DispCallback,
        Disposition::Other => Msg::DispOther,
    }
}

/// An unfinished call found at start, offered for resuming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeOffer {
    /// Session id (`20261123-103015-ab12`).
    pub id: String,
    /// Turns it holds.
    pub turns: usize,
    /// When it started (`HH:MM`, or a date for an older call), as shown.
    pub started: String,
}

/// The wrap-up dialog: a disposition and a short note.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WrapUp {
    /// Index into [`DISPOSITIONS`].
    pub choice: usize,
    pub note: LineEdit,
    /// The note has the keyboard (else the outcome list has it).
    pub on_note: bool,
}

impl WrapUp {
    /// The chosen disposition.
    pub fn disposition(&self) -> Disposition {
        DISPOSITIONS[self.choice.min(DISPOSITIONS.len() - 1)]
    }
}

/// Feeds the transcript events held during the resume prompt.
pub fn release_held(state: &mut State, fx: &mut Vec<Effect>) {
    for ev in std::mem::take(&mut state.held) {
        super::conversation::on_transcript(state, ev, fx);
    }
}

/// The resumed call is back as it was: its turns, then held events; what the agent had
/// dismissed stays dismissed, the speaker and the article open come back; then
/// suggestions.
pub fn resumed(state: &mut State, restored: Restored, fx: &mut Vec<Effect>) {
    let mut turns = restored.turns;
    if let Some(r) = &state.screen_redactor {
        for t in &mut turns {
            t.text = r.redact(&t.text).into_owned();
        }
    }
    let count = turns.len();
    // Restored turns go before anything said since start.
    turns.append(&mut state.turns);
    state.turns = turns;
    for (t, _) in &mut state.cues {
        *t += count;
    }
    let mut open = None;
    state.call_recorded = true;
    state.clock = CallClock {
        started: restored.started.or_else(|| state.clock.started.take()),
        holds: restored.holds,
        pauses: std::mem::take(&mut state.clock.pauses),
    };
    for e in restored.entries {
        match e {
            JournalEntry::Dismiss { article } => {
                state.dismissed.insert(article);
            }
            JournalEntry::Undismiss { article } => {
                state.dismissed.remove(&article);
            }
            JournalEntry::Customer { name, reference } => {
                state.placeholders.customer = Some(name.clone()).filter(|n| !n.is_empty());
                state.customer = Customer { name, reference };
            }
            JournalEntry::Open {
                ref article,
                ref title,
                ..
            } => {
                article_used(state, article, title);
                open = Some(article.clone());
            }
            JournalEntry::Speaker { speaker } => {
                state.speaker = speaker;
                state.recorded_speaker = speaker;
            }
            JournalEntry::Close { article } if open.as_ref() == Some(&article) => open = None,
            _ => {}
        }
    }
    state
        .suggestions
        .retain(|s| !state.dismissed.contains(&s.hit.id));
    if let Some(article) = open {
        // Back in the reader, without taking the keyboard from the input.
        state.opening = Some(article.clone());
        state.opening_via = Some("resume".into());
        fx.push(Effect::OpenArticle(article));
    }
    state.conv_scroll = 0;
    release_held(state, fx);
    if state.turns.iter().any(|t| t.speaker == Speaker::Customer) {
        fx.push(suggest(state, false));
        for (i, t) in state.turns.iter().enumerate() {
            if t.speaker == Speaker::Customer && t.final_ {
                fx.push(detect_cues(state, i));
            }
        }
    }
    let msg = format!("{}: {count}", state.t(Msg::Resumed));
    state.notify(msg, false);
}

/// Opens the wrap-up dialog (only when there is a call to wrap up).
pub fn open_wrapup(state: &mut State) {
    if state.turns.is_empty() {
        state.notify(state.t(Msg::NoCallToEnd), false);
        return;
    }
    state.open_overlay(Overlay::WrapUp(WrapUp::default()));
}

/// Saves the wrap-up (the dialog has closed): the call ends here and a new one starts.
pub(super) fn save_wrapup_of(state: &mut State, w: WrapUp, fx: &mut Vec<Effect>) {
    let disposition = w.disposition();
    let note = w.note.text().trim().to_string();
    clock::end_hold(state, fx);
    record(state, fx, JournalEntry::Wrapup { disposition, note });
    new_call(state);
    let msg = super::overlay::saved_message(state, disposition);
    state.notify(msg, false);
    super::practice::wrapped_up(state, fx);
}

/// The new call key: with no call going on, the call begins now; with one, the agent is
/// asked whether to abandon it (no outcome is made up for it).
pub fn ask_new_call(state: &mut State) {
    if state.clock.begun() || !state.turns.is_empty() {
        state.open_overlay(Overlay::ConfirmAbandon);
    } else {
        clock::begin(state);
        state.notify(state.t(Msg::CallStarted), false);
    }
}

/// Abandons the call going on: journaled as ended, reason `abandoned`, no wrap-up; then
/// the next call begins.
pub fn abandon(state: &mut State, fx: &mut Vec<Effect>) {
    clock::end_hold(state, fx);
    if state.call_recorded {
        record(
            state,
            fx,
            JournalEntry::End {
                reason: Some(ABANDONED.to_string()),
            },
        );
    }
    new_call(state);
    clock::begin(state);
    state.notify(state.t(Msg::CallAbandoned), false);
}

/// Notes an article opened in this call (for the wrap-up).
pub fn article_used(state: &mut State, id: &str, title: &str) {
    if !state.articles_used.iter().any(|(a, _)| a == id) {
        state
            .articles_used
            .push((id.to_string(), title.to_string()));
    }
}

/// Starts a fresh call in the workspace: empty conversation, no suggestions, nothing
/// dismissed, no customer, no call yet. (The journal writer starts a new journal on its
/// own.)
pub fn new_call(state: &mut State) {
    state.call += 1;
    state.clock = CallClock::default();
    state.customer = Customer::default();
    state.placeholders.customer = None;
    state.editing = None;
    state.undo_dismiss.clear();
    state.articles_used.clear();
    state.call_recorded = false;
    state.turns.clear();
    state.cues.clear();
    state.held.clear();
    state.suggestions.clear();
    state.nothing_confident = false;
    state.dismissed.clear();
    state.input.take();
    state.reply_matches.clear();
    state.reply_selected = 0;
    state.conv_scroll = 0;
    state.turns_below = 0;
    state.history.clear();
    state.speaker = Speaker::Agent;
    state.recorded_speaker = Speaker::Agent;
    state.recorded_query = None;
    state.last_search = None;
    // The article read for the previous customer is not this caller's.
    if state.reader.take().is_some() && state.focus == Focus::Reader {
        state.focus = Focus::Input;
    }
    if state.showing_suggestions() {
        state.selected = 0;
    }
    if state.focus == Focus::Results && state.showing_suggestions() {
        state.focus = Focus::Input;
    }
}

/// True when the dismiss key applies: a suggestion is selected in the list.
pub fn can_dismiss(state: &State) -> bool {
    matches!(state.focus, Focus::Search | Focus::Results)
        && state.showing_suggestions()
        && state.selected < state.suggestions.len()
}

/// Dismisses the selected suggestion for the rest of the call.
pub fn dismiss(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    if !can_dismiss(state) {
        return false;
    }
    let s = state.suggestions.remove(state.selected);
    state.dismissed.insert(s.hit.id.clone());
    let id = s.hit.id.clone();
    state.undo_dismiss.push((state.selected, s));
    state.selected = state
        .selected
        .min(state.suggestions.len().saturating_sub(1));
    record(state, fx, JournalEntry::Dismiss { article: id });
    // Something else may now make the list.
    fx.push(suggest(state, false));
    state.notify(state.t(Msg::Dismissed), false);
    true
}

/// Brings back the suggestion dismissed last, where it was in the list.
pub fn undo_dismiss(state: &mut State, fx: &mut Vec<Effect>) {
    let Some((at, s)) = state.undo_dismiss.pop() else {
        state.notify(state.t(Msg::NothingToUndo), false);
        return;
    };
    let article = s.hit.id.clone();
    state.dismissed.remove(&article);
    state.suggestions.retain(|x| x.hit.id != article);
    let at = at.min(state.suggestions.len());
    state.suggestions.insert(at, s);
    if state.showing_suggestions() {
        state.selected = at;
    }
    record(state, fx, JournalEntry::Undismiss { article });
    fx.push(suggest(state, false));
    state.notify(state.t(Msg::DismissUndone), false);
}

/// Opens the guideline of the newest empathy cue beside the conversation; the keyboard
/// stays where it was (as with Alt-1..9), so a draft being typed goes on being typed.
pub fn open_cue(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    let Some(article) = state.cues.iter().rev().find_map(|(_, c)| c.article.clone()) else {
        return false;
    };
    state.opening = Some(article.clone());
    state.opening_via = Some("cue".into());
    fx.push(Effect::OpenArticle(article));
    true
}

/// What a turn asks of the assist engines: customer turns (from a source or typed with
/// the speaker set to customer) trigger suggestions (interim text debounced) and, once
/// final, cue detection.
pub fn turn_changed(state: &State, index: usize, fx: &mut Vec<Effect>) {
    let Some(t) = state.turns.get(index) else {
        return;
    };
    if t.speaker != Speaker::Customer {
        return;
    }
    fx.push(suggest(state, !t.final_));
    if t.final_ {
        fx.push(detect_cues(state, index));
    }
}

/// Suggestions for the conversation as it is now (`debounce` for interim text): the
/// job carries the recent turns only, and where they start.
pub fn suggest(state: &State, debounce: bool) -> Effect {
    let first = crate::assist::recent_start(&state.turns);
    Effect::Suggest {
        call: state.call,
        first,
        turns: state.turns[first..].to_vec(),
        dismissed: state.dismissed.clone(),
        debounce,
    }
}

/// Cue detection for turn number `index` (a final customer turn).
fn detect_cues(state: &State, index: usize) -> Effect {
    Effect::DetectCues {
        turn: index,
        text: state
            .turns
            .get(index)
            .map(|t| t.text.clone())
            .unwrap_or_default(),
        fallback: crate::assist::cues::conversation_lang(
            &state.turns[crate::assist::recent_start(&state.turns)..],
        ),
    }
}

/// Records an entry of the call; when the agent has switched speaker since the last
/// record, the speaker goes first (so a resumed call comes back with it).
pub fn record(state: &mut State, fx: &mut Vec<Effect>, entry: JournalEntry) {
    state.call_recorded = true;
    if state.recorded_speaker != state.speaker && !matches!(entry, JournalEntry::Wrapup { .. }) {
        state.recorded_speaker = state.speaker;
        fx.push(Effect::Record(JournalEntry::Speaker {
            speaker: state.speaker,
        }));
    }
    fx.push(Effect::Record(entry));
}
