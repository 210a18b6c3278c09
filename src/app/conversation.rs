//! The conversation: transcript turns, the agent's input line, quick replies, copying
//! into the draft, and how far the conversation scrolls.
use crate::conversation::journal::JournalEntry;
use crate::conversation::{Applied, Speaker, Turn, apply_event};

use super::{Effect, Focus, Msg, State, TranscriptEvent, call, clock, correction, replies};

pub(crate) fn on_transcript(state: &mut State, ev: TranscriptEvent, fx: &mut Vec<Effect>) {
    if state.resume_offer().is_some() {
        state.held.push(ev);
        return;
    }
    let mut ev = ev;
    if let Some(r) = &state.screen_redactor {
        ev.text = r.redact(&ev.text).into_owned();
    }
    let now = state.now.clone();
    let at = ev.at;
    let before = state.turns.len();
    let applied = apply_event(&mut state.turns, ev, &now);
    // Scrolled up, the agent does not see turns arriving: the pane says how many.
    if state.conv_scroll > 0 && state.turns.len() > before {
        state.turns_below += state.turns.len() - before;
    }
    match applied {
        Applied::Nothing => {}
        Applied::Withdrawn(i) => {
            correction::turn_withdrawn(state, i);
            state.cues.retain(|(t, _)| *t != i);
            for (t, _) in &mut state.cues {
                if *t > i {
                    *t -= 1;
                }
            }
            fx.push(call::suggest(state, false));
        }
        Applied::Changed { index, final_ } => {
            clock::begin(state);
            if final_ {
                let entry = JournalEntry::turn_at(&state.turns[index], at);
                call::record(state, fx, entry);
            }
            call::turn_changed(state, index, fx);
        }
    }
}

pub(super) fn input_changed(state: &mut State) {
    if let Some(q) = state.input.text().strip_prefix(';') {
        state.reply_matches = replies::matching(&state.replies, q, 8);
        state.reply_selected = state
            .reply_selected
            .min(state.reply_matches.len().saturating_sub(1));
    } else {
        state.reply_matches.clear();
        state.reply_selected = 0;
    }
}

/// Scrolls the conversation `by` lines up (towards older turns) or down, no further
/// than the last frame drew.
pub(super) fn scroll(state: &mut State, up: bool, by: u16) {
    state.conv_scroll = if up {
        let max = state.drawn.conversation.max_scroll();
        state.conv_scroll.saturating_add(by).min(max)
    } else {
        state.conv_scroll.saturating_sub(by)
    };
    if state.conv_scroll == 0 {
        state.turns_below = 0;
    }
}

pub(super) fn send_turn(state: &mut State, fx: &mut Vec<Effect>) {
    let text = state.input.text().trim().to_string();
    if text.is_empty() {
        return;
    }
    // A reply's placeholder nobody could fill is never said as `{customer}`: the agent
    // fills the gap first (the cursor goes to it).
    if let Some(gap) = replies::gaps(state.input.text()).first() {
        let name = state.input.text()[gap.clone()].to_string();
        state.input.set_cursor(gap.start);
        let msg = Msg::PlaceholderGap.fill(state.lang, &[&name]);
        state.notify(msg, true);
        return;
    }
    clock::begin(state);
    state.input.take();
    input_changed(state);
    let turn = Turn {
        speaker: state.speaker,
        text,
        ts: state.now.clone(),
        final_: true,
    };
    call::record(state, fx, JournalEntry::turn(&turn));
    let customer = turn.speaker == Speaker::Customer;
    state.turns.push(turn);
    state.conv_scroll = 0;
    state.turns_below = 0;
    call::turn_changed(state, state.turns.len() - 1, fx);
    // The agent typed what the customer said; the next line is most likely their own.
    if customer && !state.sticky_speaker {
        state.speaker = Speaker::Agent;
    }
}

pub(super) fn insert_reply(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(r) = state
        .reply_matches
        .get(state.reply_selected)
        .and_then(|i| state.replies.get(*i))
    else {
        return;
    };
    let text = replies::fill(&r.text, &state.placeholders);
    // Which reply was used (a trainer watches it live; the turn itself follows).
    fx.push(Effect::Record(JournalEntry::Reply {
        name: r.name.clone(),
    }));
    state.input.set(&text);
    state.speaker = Speaker::Agent;
    input_changed(state);
}

pub(super) fn copy(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    // A procedure step is an instruction for the agent, not something to say: it goes
    // to the clipboard only, never into the draft.
    let mut step = false;
    let (id, text) = match state.focus {
        Focus::Reader => {
            let Some(r) = &state.reader else {
                return false;
            };
            // A paragraph of the article too: it is the article's text, not a phrase.
            step = r.selected_step().is_some() || r.selected_paragraph().is_some();
            let text = r
                .selected_text()
                .unwrap_or_else(|| r.article.summary.clone());
            (Some(r.article.id.clone()), text)
        }
        Focus::Search | Focus::Results => match state.list().get(state.selected) {
            Some(h) => {
                let text = if h.summary.is_empty() {
                    h.snippet.text.clone()
                } else {
                    h.summary.clone()
                };
                (Some(h.id.clone()), text)
            }
            None => (None, String::new()),
        },
        Focus::Input => return false,
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        state.notify(state.t(Msg::NothingToCopy), false);
        return true;
    }
    fx.push(Effect::Copy(text.clone()));
    let entry = JournalEntry::Copy {
        article: id,
        text: text.clone(),
    };
    call::record(state, fx, entry);
    if step {
        state.notify(state.t(Msg::CopiedStep), false);
        return true;
    }
    // A draft being written is never replaced: the copied text goes after it.
    let msg = if state.input.is_empty() {
        state.input.set(&text);
        Msg::CopiedDraft
    } else {
        state.input.end();
        if !state.input.text().ends_with(' ') {
            state.input.insert(" ");
        }
        state.input.insert(&text);
        Msg::CopiedAppended
    };
    input_changed(state);
    state.speaker = Speaker::Agent;
    state.focus = Focus::Input;
    state.notify(state.t(msg), false);
    true
}
