//! Feedback on the knowledge from the workspace: the flag form (why an article, a step
//! of it, or the service itself is wrong, and a comment) and the helpful / not helpful
//! votes. Both are journaled at once ([`JournalEntry::Flag`], [`JournalEntry::Helpful`])
//! without beginning a call: the run loop writes them to the call's journal while a call
//! runs, else to the feedback journal. The article's version is the open article's; for
//! a row of the result list, the run loop stamps it from the index.
use crate::conversation::export::flag_reason_msg;
use crate::conversation::journal::{FlagReason, JournalEntry};

use super::overlay::{ChoiceField, on_choice_key};
use super::{Effect, Focus, Key, LineEdit, Msg, Overlay, State};

/// Longest step or phrase text kept with a flag (characters).
pub const MAX_PARAGRAPH: usize = 300;

/// What a flag or a vote is about: an article, as the agent saw it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    pub article: String,
    pub title: String,
    /// None: the run loop takes it from the index.
    pub version: Option<String>,
    pub updated: Option<String>,
    pub owner: Option<String>,
    /// The numbered step selected (1-based).
    pub step: Option<usize>,
    /// The text of the step or phrase selected.
    pub paragraph: String,
    /// `reader` (the open article), `suggestion` or `search` (a row of the list).
    pub via: &'static str,
}

/// The flag form: a reason and a comment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlagForm {
    /// None: a suggestion about the procedure or the service, tied to no article.
    pub target: Option<Target>,
    /// Index into [`FlagReason::ALL`].
    pub choice: usize,
    pub comment: LineEdit,
    /// The comment has the keyboard (else the list of reasons).
    pub on_comment: bool,
}

impl FlagForm {
    /// The chosen reason.
    pub fn reason(&self) -> FlagReason {
        FlagReason::ALL[self.choice.min(FlagReason::ALL.len() - 1)].clone()
    }
}

/// The label of a reason in the interface language.
pub fn reason_label(state: &State, r: &FlagReason) -> String {
    match flag_reason_msg(r) {
        Some(m) => state.t(m).to_string(),
        None => r.name().to_string(),
    }
}

/// What the flag and vote keys are about where the focus is: the selected row of the
/// list while the search box or the list has the focus, else the open article.
pub fn target(state: &State) -> Option<Target> {
    if matches!(state.focus, Focus::Search | Focus::Results)
        && let Some(hit) = state.list().get(state.selected)
    {
        return Some(Target {
            article: hit.id.clone(),
            title: hit.title.text.clone(),
            via: if state.showing_suggestions() {
                "suggestion"
            } else {
                "search"
            },
            ..Target::default()
        });
    }
    let r = state.reader.as_ref()?;
    let a = &r.article;
    let step = r.selected_step();
    let mut paragraph = r.selected_text().unwrap_or_default();
    if let Some((cut, _)) = paragraph.char_indices().nth(MAX_PARAGRAPH) {
        paragraph.truncate(cut);
        paragraph.push('…');
    }
    Some(Target {
        article: a.id.clone(),
        title: a.title.clone(),
        version: Some(a.version()),
        updated: a.updated.clone(),
        owner: a.owner.clone(),
        step: step.map(|s| s + 1),
        paragraph,
        via: "reader",
    })
}

/// The flag key: the form about the article (or step) where the focus is; with no
/// article there, or with `service`, a suggestion tied to no article.
pub fn open_form(state: &mut State, service: bool) {
    let target = if service { None } else { target(state) };
    if target.is_none() && !service {
        state.notify(state.t(Msg::FlagNoArticle), false);
    }
    let choice = if target.is_none() {
        FlagReason::ALL.len() - 1
    } else {
        0
    };
    state.open_overlay(Overlay::Flag(FlagForm {
        target,
        choice,
        ..FlagForm::default()
    }));
}

/// Keys in the flag form; Some(save?) when it closes.
pub(super) fn on_form_key(f: &mut FlagForm, key: &Key, switch: bool) -> Option<bool> {
    let mut field = ChoiceField {
        choice: &mut f.choice,
        choices: FlagReason::ALL.len(),
        on_text: &mut f.on_comment,
        text: &mut f.comment,
        multiline: false,
    };
    on_choice_key(&mut field, key, switch)
}

/// Records the flag and says so in the status bar.
pub(super) fn save(state: &mut State, f: FlagForm, fx: &mut Vec<Effect>) {
    let reason = f.reason();
    let about = match &f.target {
        Some(t) if !t.title.is_empty() => t.title.clone(),
        Some(t) => t.article.clone(),
        None => state.t(Msg::FbService).to_string(),
    };
    let t = f.target.unwrap_or_default();
    let article = (!t.article.is_empty()).then_some(t.article);
    fx.push(Effect::Record(JournalEntry::Flag {
        article,
        title: t.title,
        version: t.version,
        updated: t.updated,
        owner: t.owner,
        reason: reason.clone(),
        comment: f.comment.text().trim().to_string(),
        step: t.step,
        paragraph: t.paragraph,
        call: replayed_call(state),
    }));
    let label = reason_label(state, &reason);
    let msg = Msg::FlagSaved.fill(state.lang, &[&about, &label]);
    state.notify(msg, false);
}

/// The helpful / not helpful keys: a vote on the article where the focus is.
pub fn vote(state: &mut State, helpful: bool, fx: &mut Vec<Effect>) -> bool {
    let Some(t) = target(state) else {
        state.notify(state.t(Msg::NothingToVote), false);
        return true;
    };
    let about = if t.title.is_empty() {
        t.article.clone()
    } else {
        t.title.clone()
    };
    fx.push(Effect::Record(JournalEntry::Helpful {
        article: t.article,
        helpful,
        version: t.version,
        updated: t.updated,
        via: Some(t.via.to_string()),
        call: replayed_call(state),
    }));
    let m = if helpful {
        Msg::VotedHelpful
    } else {
        Msg::VotedNotHelpful
    };
    let msg = m.fill(state.lang, &[&about]);
    state.notify(msg, false);
    true
}

/// In a replay, the call replayed (feedback given there is about it).
fn replayed_call(state: &State) -> Option<String> {
    state.replay.as_ref().map(|r| r.id.clone())
}
