//! The one update function: applies an event to the state and returns the effects.
use super::overlay::{Overlay, ScorecardView};
use super::{
    Effect, Event, Focus, Msg, Reader, State, call, conversation, customer, keys, mouse, search,
};
use crate::conversation::journal::JournalEntry;

/// Applies one event; returns the effects for the run loop.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    let mut fx = Vec::new();
    match event {
        Event::Key(key) => keys::on_key(state, key.normalized(), &mut fx),
        Event::Paste(text) => match state.focus {
            Focus::Search => {
                state.query.insert(&text);
                search::query_changed(state, &mut fx);
            }
            _ => {
                state.focus = Focus::Input;
                state.input.insert(&text);
                conversation::input_changed(state);
            }
        },
        Event::Mouse(m) => mouse::on_mouse(state, m, &mut fx),
        Event::Resize(w, h) => state.size = (w, h),
        Event::Drawn(d) => state.drawn = d,
        Event::Tick => {
            search::tick(state, &mut fx);
            if let Some(s) = &mut state.status {
                s.ticks_left = s.ticks_left.saturating_sub(1);
                if s.ticks_left == 0 {
                    state.status = None;
                }
            }
        }
        Event::SearchDone { generation, hits } => {
            if generation > state.shown_generation && generation <= state.generation {
                state.shown_generation = generation;
                state.hits = hits;
                state.selected = state.selected.min(state.hits.len().saturating_sub(1));
            }
        }
        Event::ArticleLoaded { id, article } => match article {
            Some(a) => {
                let via = if state.opening.as_deref() == Some(a.id.as_str()) {
                    state.opening_via.take()
                } else {
                    None
                };
                state.opening = None;
                let entry = JournalEntry::Open {
                    article: a.id.clone(),
                    title: a.title.clone(),
                    via,
                };
                call::record(state, &mut fx, entry);
                call::article_used(state, &a.id, &a.title);
                let mut reader = Reader::new(*a, &state.facets.categories);
                // Back from a cross-reference: the place it was left at.
                if let Some(v) = state.returning.take()
                    && v.article == reader.article.id
                {
                    reader.scroll = v.scroll;
                    reader.link = v.link.filter(|i| *i < reader.links.len());
                }
                state.reader = Some(reader);
                // Not drawn yet: the scroll limit comes with the next frame.
                state.drawn.reader = None;
            }
            None => {
                let msg = format!("{}: {id}", state.t(Msg::ArticleMissing));
                state.notify(msg, true);
            }
        },
        Event::Transcript(ev) => conversation::on_transcript(state, ev, &mut fx),
        Event::FeedProblems {
            source,
            bad_lines,
            refused,
            busy,
        } => {
            state
                .feed_problems
                .insert(source, (bad_lines, refused, busy));
        }
        Event::Center { reachable, behind } => {
            state.center = Some((reachable, behind));
        }
        Event::Suggested {
            call,
            items,
            nothing_confident,
        } => {
            if call == state.call {
                let items = items
                    .into_iter()
                    .filter(|s| !state.dismissed.contains(&s.hit.id))
                    .collect();
                search::set_suggestions(state, items, nothing_confident, &mut fx);
            }
        }
        Event::Feed { source, change } => {
            // Peers coming and going are also messages (and so in the message log).
            let said = match &change {
                super::FeedChange::Connected(who) => Some((Msg::FeedConnected, who.clone())),
                super::FeedChange::Disconnected(who) => Some((Msg::FeedDisconnected, who.clone())),
                _ => None,
            };
            state.feeds.entry(source).or_default().apply(&change);
            if let Some((what, who)) = said {
                let msg = format!("{}: {who}", state.t(what));
                state.notify(msg, false);
            }
        }
        Event::Resumed(restored) => call::resumed(state, restored, &mut fx),
        Event::Scorecard(card) => {
            state.open_overlay(Overlay::Scorecard(ScorecardView { card, scroll: 0 }))
        }
        Event::PastCalls { reference, calls } => {
            customer::past_calls_read(state, &reference, calls);
        }
        Event::Empathy { turn, cue, title } => {
            if let (Some(id), Some(title)) = (&cue.article, title) {
                state.titles.insert(id.clone(), title);
            }
            let mark = (turn, cue);
            let from = state.cues.partition_point(|(t, _)| *t < turn);
            let to = state.cues.partition_point(|(t, _)| *t <= turn);
            if turn < state.turns.len() && !state.cues[from..to].contains(&mark) {
                // Journaled as raised (a replay journals nothing), so the trainer's
                // console shows the trainee's own cues.
                if state.replay.is_none() {
                    let c = &mark.1;
                    let entry = JournalEntry::Cue {
                        turn: turn + 1,
                        cue: c.kind.name().to_string(),
                        label_es: c.label_es.clone(),
                        label_en: c.label_en.clone(),
                        article: c.article.clone(),
                    };
                    call::record(state, &mut fx, entry);
                }
                state.cues.insert(to, mark);
            }
        }
        Event::Notice { text, error } => state.notify(text, error),
        Event::IndexReady { articles, problems } => {
            state.indexing = false;
            state.article_count = articles;
            // A replay that reached an opened article while the index was still being
            // built shows it now (nobody is there to press Enter again).
            if state.replay.is_some()
                && let Some(id) = state.opening.clone()
                && state.reader.as_ref().is_none_or(|r| r.article.id != id)
            {
                fx.push(Effect::OpenArticle(id));
            }
            if problems > 0 {
                let msg = format!("{problems} {}", state.t(Msg::KnowledgeProblems));
                state.notify(msg, true);
            }
        }
        Event::Facets(f) => {
            state.facets = f;
            if let Some(r) = &mut state.reader {
                r.relink(&state.facets.categories);
            }
        }
        Event::StillIndexing => state.notify(state.t(Msg::Indexing), false),
        Event::KnowledgeUpdated {
            articles,
            added,
            changed,
            removed,
            problems,
        } => search::knowledge_updated(
            state,
            search::Changes {
                articles,
                added,
                changed,
                removed,
            },
            &problems,
            &mut fx,
        ),
        Event::IndexFailed(reason) => {
            state.indexing = false;
            let msg = format!("{}: {reason}", state.t(Msg::IndexFailed));
            state.notify(msg, true);
        }
        Event::RecordFailed(reason) => {
            let msg = format!("{}: {reason}", state.t(Msg::RecordFailed));
            state.notify(msg, true);
        }
        Event::DraftWritten(result) => super::draft::written(state, result),
        Event::ClipboardFailed(reason) => {
            let msg = format!("{}: {reason}", state.t(Msg::ClipboardFailed));
            state.notify(msg, true);
        }
        Event::CustomerName(name) => super::practice::customer_name(state, name, &mut fx),
        Event::CustomerEnded => super::practice::customer_ended(state),
        Event::ReplayTick(elapsed) => super::replay::tick(state, elapsed, &mut fx),
        Event::Whisper { text, from } => super::practice::whisper(state, text, from, &mut fx),
        Event::TrainerPause(on) => super::practice::pause(state, on, &mut fx),
        Event::TrainerGrades {
            grader,
            items,
            comment,
        } => super::practice::grades(state, grader, items, comment, &mut fx),
        Event::Replay(r) => super::replay::start(state, *r, &mut fx),
        Event::Terminate => {
            state.quit = true;
            fx.push(Effect::Quit);
        }
    }
    fx
}
