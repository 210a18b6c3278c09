//! The search box, the result list and the suggestions shown in it.
use super::{Effect, SEARCH_LIMIT, State, call};
use crate::assist::Suggestion;
use crate::conversation::journal::JournalEntry;
use crate::search::SearchRequest;

/// Shows a new suggestion list: recorded when it changes; the selection stays on the same
/// article when it is still there; never moves the focus or touches the reader.
pub(super) fn set_suggestions(
    state: &mut State,
    items: Vec<Suggestion>,
    nothing_confident: bool,
    fx: &mut Vec<Effect>,
) {
    let before: Vec<&str> = state
        .suggestions
        .iter()
        .map(|s| s.hit.id.as_str())
        .collect();
    let after: Vec<String> = items.iter().map(|s| s.hit.id.clone()).collect();
    if before != after.iter().map(String::as_str).collect::<Vec<_>>() && !after.is_empty() {
        call::record(state, fx, JournalEntry::Suggestion { articles: after });
    }
    let selected_id = state
        .suggestions
        .get(state.selected)
        .map(|s| s.hit.id.clone());
    state.suggestions = items;
    state.nothing_confident = nothing_confident && state.suggestions.is_empty();
    if state.showing_suggestions() {
        mark_seen(state);
        state.selected = selected_id
            .and_then(|id| state.suggestions.iter().position(|s| s.hit.id == id))
            .unwrap_or(state.selected)
            .min(state.suggestions.len().saturating_sub(1));
    }
}

/// The suggestions on screen now count as seen (no longer announced as new).
fn mark_seen(state: &mut State) {
    state.seen_suggestions = state.suggestions.iter().map(|s| s.hit.id.clone()).collect();
}

pub(super) fn query_changed(state: &mut State, fx: &mut Vec<Effect>) {
    state.query_changed_at = Some(state.now.clone());
    state.generation += 1;
    state.selected = 0;
    let text = state.query.text().to_string();
    if text.trim().is_empty() {
        state.hits.clear();
        state.shown_generation = state.generation;
        mark_seen(state);
        return;
    }
    fx.push(Effect::Search {
        generation: state.generation,
        request: SearchRequest {
            text,
            limit: SEARCH_LIMIT,
            ..SearchRequest::default()
        },
    });
}

/// Empties the search box: the list shows the suggestions again. The search given up
/// is recorded first (a search that found nothing useful is what the gap report reads).
pub(super) fn clear_query(state: &mut State, fx: &mut Vec<Effect>) {
    settle_search(state, fx, false);
    state.query.take();
    query_changed(state, fx);
}

pub(super) fn open_nth(state: &mut State, idx: usize, fx: &mut Vec<Effect>) -> bool {
    let Some(hit) = state.list().get(idx).map(|h| h.id.clone()) else {
        return false;
    };
    if state.showing_suggestions() {
        state.opening_via = Some("suggestion".into());
    } else {
        state.opening_via = Some("search".into());
        // The search the agent settled on: recorded once, at the latest when a result
        // is opened.
        settle_search(state, fx, true);
        if let Some(last) = &mut state.last_search {
            last.1 = true;
        }
    }
    state.opening = Some(hit.clone());
    fx.push(Effect::OpenArticle(hit));
    true
}

/// How long (seconds) a query stays unchanged, its results shown, before it counts as
/// the search the agent settled on.
pub const SETTLE_SECS: u64 = 3;

/// A search that opened nothing followed by another this soon (seconds) is a retry.
pub const AGAIN_SECS: u64 = 60;

/// Records the search in the box when it has results shown for it and was not recorded
/// yet: its query, how many results, the first ones, and whether it retries a search
/// that opened nothing moments ago. `now`: even before its results are shown (a result
/// is being opened).
pub(super) fn settle_search(state: &mut State, fx: &mut Vec<Effect>, now: bool) {
    let query = state.query.text().trim().to_string();
    if query.is_empty()
        || (!now && state.shown_generation != state.generation)
        || state.recorded_query.as_deref() == Some(query.as_str())
    {
        return;
    }
    let again = state.last_search.as_ref().is_some_and(|(t, opened)| {
        !opened && super::clock::secs_between(t, &state.now).is_some_and(|s| s <= AGAIN_SECS)
    });
    let entry = JournalEntry::Search {
        query: query.clone(),
        hits: state.hits.len(),
        top: state.hits.iter().take(5).map(|h| h.id.clone()).collect(),
        again,
    };
    call::record(state, fx, entry);
    state.recorded_query = Some(query);
    state.last_search = Some((state.now.clone(), false));
}

/// On each tick: a query left alone for [`SETTLE_SECS`] with its results shown is
/// recorded (so searches that open nothing are captured too).
pub(super) fn tick(state: &mut State, fx: &mut Vec<Effect>) {
    let settled = state
        .query_changed_at
        .as_deref()
        .and_then(|t| super::clock::secs_between(t, &state.now))
        .is_some_and(|s| s >= SETTLE_SECS);
    if settled {
        settle_search(state, fx, false);
    }
}

/// How the knowledge changed in a refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    pub articles: usize,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

/// The refreshed index is in use: the status bar says what changed (or the first problem,
/// with its file and line); the open search and the suggestions run again on it.
pub(super) fn knowledge_updated(
    state: &mut State,
    c: Changes,
    problems: &[String],
    fx: &mut Vec<Effect>,
) {
    state.article_count = c.articles;
    if c.added + c.changed + c.removed > 0 {
        let mut parts = Vec::new();
        for (n, m) in [
            (c.added, super::Msg::KnowledgeAdded),
            (c.changed, super::Msg::KnowledgeChanged),
            (c.removed, super::Msg::KnowledgeRemoved),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", state.t(m)));
            }
        }
        let msg = format!(
            "{}: {}",
            state.t(super::Msg::KnowledgeUpdated),
            parts.join(", ")
        );
        state.notify(msg, false);
        if !state.query.text().trim().is_empty() {
            let selected = state.selected;
            query_changed(state, fx);
            state.selected = selected;
        }
        if !state.turns.is_empty() {
            fx.push(call::suggest(state, false));
        }
    }
    if let Some(p) = problems.first() {
        let msg = format!("{p} ({})", state.t(super::Msg::KnowledgeProblem));
        state.notify(msg, true);
    }
}
