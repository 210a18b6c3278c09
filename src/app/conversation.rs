//! The conversation: transcript turns, the agent's input line, quick replies, copying
//! into the draft, and how far the conversation scrolls.
use crate::conversation::{Speaker, Turn};

use super::{Effect, Focus, Msg, Record, State, TranscriptEvent, call, replies};

pub(crate) fn on_transcript(state: &mut State, ev: TranscriptEvent, fx: &mut Vec<Effect>) {
    if state.resume_offer().is_some() {
        state.held.push(ev);
        return;
    }
    let mut ev = ev;
    if let Some(r) = &state.screen_redactor {
        ev.text = r.redact(&ev.text).into_owned();
    }
    let ts = ev.ts.unwrap_or_else(|| state.now.clone());
    let open = state
        .turns
        .iter()
        .rposition(|t| t.speaker == ev.speaker && !t.final_);
    let turn = Turn {
        speaker: ev.speaker,
        text: ev.text,
        ts,
        final_: ev.final_,
    };
    match open {
        Some(i) => {
            // Keep the time the turn started.
            let started = std::mem::take(&mut state.turns[i].ts);
            state.turns[i] = Turn {
                ts: started,
                ..turn
            };
            if ev.final_ {
                fx.push(Effect::Record(Record::Turn(state.turns[i].clone())));
            }
            call::turn_changed(state, i, fx);
        }
        None => {
            if ev.final_ {
                fx.push(Effect::Record(Record::Turn(turn.clone())));
            }
            state.turns.push(turn);
            call::turn_changed(state, state.turns.len() - 1, fx);
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
}

pub(super) fn send_turn(state: &mut State, fx: &mut Vec<Effect>) {
    let text = state.input.text().trim().to_string();
    if text.is_empty() {
        return;
    }
    state.input.take();
    input_changed(state);
    let turn = Turn {
        speaker: state.speaker,
        text,
        ts: state.now.clone(),
        final_: true,
    };
    fx.push(Effect::Record(Record::Turn(turn.clone())));
    state.turns.push(turn);
    state.conv_scroll = 0;
    call::turn_changed(state, state.turns.len() - 1, fx);
}

pub(super) fn insert_reply(state: &mut State) {
    let Some(r) = state
        .reply_matches
        .get(state.reply_selected)
        .and_then(|i| state.replies.get(*i))
    else {
        return;
    };
    let text = replies::fill(&r.text, &state.placeholders);
    state.input.set(&text);
    state.speaker = Speaker::Agent;
    input_changed(state);
}

pub(super) fn copy(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    let (id, text) = match state.focus {
        Focus::Reader => {
            let Some(r) = &state.reader else {
                return false;
            };
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
    fx.push(Effect::Record(Record::Copied {
        id,
        text: text.clone(),
    }));
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
