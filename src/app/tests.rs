//! Unit tests of update and keymap behaviour, without a terminal.
use std::path::PathBuf;

use std::collections::BTreeMap;

use super::*;
use crate::assist::{Cue, CueKind, Reason, Suggestion};
use crate::conversation::journal::{Disposition, JournalEntry, Restored};
use crate::conversation::{Speaker, Turn};
use crate::knowledge::replies::Reply;
use crate::knowledge::{Article, Lang};
use crate::redact::Redactor;
use crate::search::Highlighted;
use crate::search::Hit;

fn st() -> State {
    let mut s = State::new(Options {
        lang: Some(Lang::En),
        kb_name: "Ondina".into(),
        replies: vec![
            Reply {
                name: "saludo".into(),
                lang: Some(Lang::Es),
                text: "Hola {customer}, soy {agent} de {company}.".into(),
            },
            Reply {
                name: "despedida".into(),
                lang: Some(Lang::Es),
                text: "Gracias por llamar.".into(),
            },
        ],
        agent_name: "Ana".into(),
        ..Options::default()
    });
    s.size = (120, 40);
    s.now = "2026-11-23T10:00:00+00:00".into();
    s
}

fn sug(id: &str) -> Suggestion {
    Suggestion {
        hit: hit(id),
        confidence: 1.0,
        signals: Default::default(),
        reason: Reason {
            words: vec!["cobrado".into()],
            turn: 0,
            speaker: Speaker::Customer,
        },
        group: 0,
        distinct: Vec::new(),
    }
}

/// Opens the resume prompt for an unfinished call of one turn.
fn offer_resume(s: &mut State) {
    s.open_overlay(Overlay::Resume(ResumeOffer {
        id: "x".into(),
        turns: 1,
        started: String::new(),
    }));
}

/// The article `id` arriving from the index (as after `Effect::OpenArticle`).
fn loaded(id: &str) -> Event {
    Event::ArticleLoaded {
        id: id.into(),
        article: Some(Box::new(article(id))),
    }
}

fn has(fx: &[Effect], want: impl Fn(&Effect) -> bool) -> bool {
    fx.iter().any(want)
}

fn hit(id: &str) -> Hit {
    Hit {
        id: id.into(),
        title: Highlighted {
            text: id.into(),
            highlights: vec![],
        },
        category: String::new(),
        lang: Lang::Es,
        path: PathBuf::from(id),
        summary: format!("summary of {id}"),
        score: 1.0,
        snippet: Highlighted::default(),
        matched: vec![],
    }
}

fn article(id: &str) -> Article {
    Article {
        id: id.into(),
        title: id.into(),
        lang: Lang::Es,
        category: String::new(),
        tags: vec![],
        summary: "the summary".into(),
        keywords: vec![],
        updated: None,
        owner: None,
        review_by: None,
        status: None,
        decide: vec![],
        phrases: vec!["phrase one".into()],
        body: "1. first step\n2. second step\n".into(),
        text: String::new(),
        path: PathBuf::from(id),
        rel_path: id.into(),
        body_line: 1,
    }
}

fn key(s: &mut State, k: Key) -> Vec<Effect> {
    update(s, Event::Key(k))
}

fn typed(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| key(s, Key::ch(c))).collect()
}

fn searches(fx: &[Effect]) -> Vec<(u64, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Search {
                generation,
                request,
            } => Some((*generation, request.text.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn slash_focuses_search_only_on_an_empty_input() {
    let mut s = st();
    typed(&mut s, "a/b");
    assert_eq!(s.input.text(), "a/b");
    assert_eq!(s.focus, Focus::Input);
    s.input.take();
    key(&mut s, Key::ch('/'));
    assert_eq!(s.focus, Focus::Search);
    // In the search box `/` is text.
    typed(&mut s, "x/");
    assert_eq!(s.query.text(), "x/");
    key(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(s.focus, Focus::Input);
    key(&mut s, Key::ctrl('f'));
    assert_eq!(s.focus, Focus::Search);
}

#[test]
fn every_keystroke_searches_and_stale_results_are_dropped() {
    let mut s = st();
    key(&mut s, Key::ch('/'));
    let fx = typed(&mut s, "fac");
    let gens = searches(&fx);
    assert_eq!(
        gens,
        vec![(1, "f".into()), (2, "fa".into()), (3, "fac".into())]
    );
    update(
        &mut s,
        Event::SearchDone {
            generation: 3,
            hits: vec![hit("new")],
        },
    );
    update(
        &mut s,
        Event::SearchDone {
            generation: 2,
            hits: vec![hit("old")],
        },
    );
    assert_eq!(s.hits[0].id, "new");
    // Clearing the box shows suggestions and asks nothing.
    let fx: Vec<Effect> = (0..3)
        .flat_map(|_| key(&mut s, Key::plain(KeyCode::Backspace)))
        .collect();
    assert_eq!(searches(&fx).len(), 2);
    assert!(s.showing_suggestions());
    assert!(s.hits.is_empty());
    // A late answer for an old query does not come back.
    update(
        &mut s,
        Event::SearchDone {
            generation: 4,
            hits: vec![hit("late")],
        },
    );
    assert!(s.hits.is_empty());
}

#[test]
fn enter_and_alt_n_open_articles() {
    let mut s = st();
    key(&mut s, Key::ch('/'));
    typed(&mut s, "x");
    update(
        &mut s,
        Event::SearchDone {
            generation: 1,
            hits: vec![hit("a"), hit("b")],
        },
    );
    let fx = key(&mut s, Key::alt('2'));
    assert_eq!(fx.last(), Some(&Effect::OpenArticle("b".into())));
    assert_eq!(s.focus, Focus::Search, "Alt-n keeps the typing focus");
    key(&mut s, Key::plain(KeyCode::Up));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(fx, vec![Effect::OpenArticle("a".into())]);
    let fx = update(&mut s, loaded("a"));
    assert!(matches!(fx[0], Effect::Record(JournalEntry::Open { .. })));
    assert_eq!(s.reader.as_ref().map(|r| r.steps.len()), Some(2));
    assert!(key(&mut s, Key::alt('9')).is_empty());
}

#[test]
fn reader_selection_copies_phrase_then_steps() {
    let mut s = st();
    update(&mut s, loaded("a"));
    s.focus = Focus::Reader;
    key(&mut s, Key::ch('j'));
    key(&mut s, Key::ch('j'));
    let fx = key(&mut s, Key::ch('y'));
    assert_eq!(fx[0], Effect::Copy("first step".into()));
    // A step is an instruction: on the clipboard only, never in the draft.
    assert_eq!(s.input.text(), "");
    assert_eq!(s.focus, Focus::Reader);
    assert_eq!(
        s.status.as_ref().map(|m| m.text.as_str()),
        Some(Msg::CopiedStep.text(Lang::En))
    );
    key(&mut s, Key::ch('k'));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(fx[0], Effect::Copy("phrase one".into()));
    // A phrase is something to say: it also goes to the draft.
    assert_eq!(s.input.text(), "phrase one");
    assert_eq!(s.speaker, Speaker::Agent);
    assert_eq!(s.focus, Focus::Input);
    // A short article does not scroll (nor one not drawn yet); a long one scrolls by
    // pages, not past its end.
    s.focus = Focus::Reader;
    key(&mut s, Key::plain(KeyCode::PageDown));
    assert_eq!(s.reader.as_ref().map(|r| r.scroll), Some(0));
    let short = Extent {
        lines: 12,
        rows: 20,
    };
    update(
        &mut s,
        Event::Drawn(Drawn {
            conversation: Extent::default(),
            reader: Some(short),
            reader_top_item: None,
        }),
    );
    key(&mut s, Key::plain(KeyCode::PageDown));
    assert_eq!(s.reader.as_ref().map(|r| r.scroll), Some(0));
    let mut long = article("long");
    long.body = "word ".repeat(3000);
    update(
        &mut s,
        Event::ArticleLoaded {
            id: "long".into(),
            article: Some(Box::new(long)),
        },
    );
    // The renderer reports what it laid out: 400 lines in 20 rows.
    update(
        &mut s,
        Event::Drawn(Drawn {
            conversation: Extent::default(),
            reader: Some(Extent {
                lines: 400,
                rows: 20,
            }),
            reader_top_item: None,
        }),
    );
    key(&mut s, Key::plain(KeyCode::PageDown));
    let first = s.reader.as_ref().map_or(0, |r| r.scroll);
    assert_eq!(first, 18, "a page is the rows shown, less two of overlap");
    for _ in 0..500 {
        key(&mut s, Key::plain(KeyCode::PageDown));
    }
    let last = s.reader.as_ref().map_or(0, |r| r.scroll);
    assert_eq!(last, 380, "the last line reaches the bottom, no further");
    key(&mut s, Key::plain(KeyCode::PageUp));
    assert!(s.reader.as_ref().is_some_and(|r| r.scroll < last));
    key(&mut s, Key::ctrl('x'));
    assert!(s.reader.is_none());
}

#[test]
fn copy_in_results_takes_the_summary() {
    let mut s = st();
    update(
        &mut s,
        Event::Suggested {
            call: 0,
            items: vec![sug("s1")],
            nothing_confident: false,
        },
    );
    s.focus = Focus::Results;
    let fx = key(&mut s, Key::ch('y'));
    assert_eq!(fx[0], Effect::Copy("summary of s1".into()));
}

#[test]
fn turns_switch_speaker_and_quit_asks_first() {
    let mut s = st();
    let fx = key(&mut s, Key::ctrl('q'));
    assert_eq!(fx, vec![Effect::Quit], "nothing in progress: quit at once");
    let mut s = st();
    key(&mut s, Key::ctrl('t'));
    assert_eq!(s.speaker, Speaker::Customer);
    typed(&mut s, "Hola ¿qué tal? /x");
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    // The switched speaker is recorded first (a resumed call comes back with it).
    assert_eq!(
        records(&fx),
        vec![
            JournalEntry::Speaker {
                speaker: Speaker::Customer
            },
            JournalEntry::Turn {
                speaker: Speaker::Customer,
                text: "Hola ¿qué tal? /x".into(),
                ts: Some(s.now.clone()),
                at: None,
            }
        ]
    );
    assert_eq!(s.turns.len(), 1);
    assert!(key(&mut s, Key::ctrl('q')).is_empty());
    assert!(s.confirming_quit());
    key(&mut s, Key::ch('n'));
    assert!(!s.confirming_quit() && !s.quit);
    key(&mut s, Key::ctrl('c'));
    assert_eq!(key(&mut s, Key::ch('y')), vec![Effect::Quit]);
    assert!(s.quit);
}

#[test]
fn interim_transcript_replaces_in_place_until_final() {
    let mut s = st();
    let ev = |text: &str, final_| {
        Event::Transcript(TranscriptEvent {
            speaker: Speaker::Customer,
            text: text.into(),
            final_,
            at: None,
            ts: None,
        })
    };
    // Interim text is never recorded; it asks for (debounced) suggestions.
    assert_eq!(
        update(&mut s, ev("me han", false)),
        vec![Effect::Suggest {
            call: 0,
            first: 0,
            turns: s.turns.clone(),
            dismissed: Default::default(),
            debounce: true
        }]
    );
    update(
        &mut s,
        Event::Transcript(TranscriptEvent {
            speaker: Speaker::Agent,
            text: "sí".into(),
            final_: true,
            at: None,
            ts: None,
        }),
    );
    update(&mut s, ev("me han cobrado", false));
    assert_eq!(s.turns.len(), 2);
    assert_eq!(s.turns[0].text, "me han cobrado");
    let fx = update(&mut s, ev("me han cobrado dos veces", true));
    assert_eq!(s.turns.len(), 2);
    assert!(s.turns[0].final_);
    assert!(matches!(&fx[0], Effect::Record(JournalEntry::Turn { .. })));
    update(&mut s, ev("otra", false));
    assert_eq!(s.turns.len(), 3);
}

#[test]
fn suggestions_never_steal_focus_or_the_reader() {
    let mut s = st();
    update(&mut s, loaded("a"));
    s.focus = Focus::Input;
    typed(&mut s, "typing");
    update(
        &mut s,
        Event::Suggested {
            call: 0,
            items: vec![sug("s")],
            nothing_confident: false,
        },
    );
    assert_eq!(s.focus, Focus::Input);
    assert_eq!(s.input.text(), "typing");
    assert_eq!(s.reader.as_ref().map(|r| r.article.id.as_str()), Some("a"));
    assert_eq!(s.list()[0].id, "s");
    update(
        &mut s,
        Event::Suggested {
            call: 0,
            items: vec![],
            nothing_confident: true,
        },
    );
    assert!(s.nothing_confident);
    update(
        &mut s,
        Event::FeedProblems {
            source: "tcp".into(),
            bad_lines: 3,
            refused: 0,
            busy: 0,
        },
    );
    update(
        &mut s,
        Event::FeedProblems {
            source: "tcp".into(),
            bad_lines: 5,
            refused: 0,
            busy: 0,
        },
    );
    assert_eq!(s.bad_lines(), 5);
}

#[test]
fn empathy_cues_attach_to_existing_turns() {
    let mut s = st();
    typed(&mut s, "hola");
    key(&mut s, Key::plain(KeyCode::Enter));
    let cue = Cue {
        kind: CueKind::Frustration,
        label_es: "enfado".into(),
        label_en: "anger".into(),
        article: Some("guias/cliente-enfadado".into()),
        lang: Lang::Es,
        pattern: "harto".into(),
        matched: "harto".into(),
    };
    let on = |turn| Event::Empathy {
        turn,
        cue: cue.clone(),
        title: None,
    };
    // Raised once, journaled once (the trainer's console shows what was journaled).
    let fx = update(&mut s, on(0));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Cue {
            turn: 1,
            cue: "frustration".into(),
            label_es: "enfado".into(),
            label_en: "anger".into(),
            article: Some("guias/cliente-enfadado".into()),
        }]
    );
    assert!(records(&update(&mut s, on(0))).is_empty());
    assert!(records(&update(&mut s, on(7))).is_empty());
    assert_eq!(s.cues, vec![(0, cue.clone())]);
}

#[test]
fn quick_replies_fill_placeholders() {
    let mut s = st();
    typed(&mut s, ";SALU");
    assert!(s.replies_open());
    assert_eq!(s.reply_matches, vec![0]);
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.input.text(), "Hola {customer}, soy Ana de Ondina.");
    assert!(!s.replies_open());
    s.input.take();
    typed(&mut s, ";gracias");
    key(&mut s, Key::plain(KeyCode::Esc));
    assert!(s.input.is_empty());
}

#[test]
fn help_opens_on_empty_input_and_closes() {
    let mut s = st();
    key(&mut s, Key::ch('?'));
    assert!(s.help_open());
    key(&mut s, Key::ch('x'));
    assert!(s.help_open(), "other keys are ignored while help is open");
    key(&mut s, Key::plain(KeyCode::Esc));
    assert!(!s.help_open());
    typed(&mut s, "why?");
    assert_eq!(s.input.text(), "why?");
}

#[test]
fn tab_cycles_panes_and_rebound_keys_work() {
    let mut s = st();
    key(&mut s, Key::plain(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Search);
    key(&mut s, Key::plain(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Results);
    key(&mut s, Key::plain(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Input, "no reader: back to the input");
    key(&mut s, Key::plain(KeyCode::BackTab));
    assert_eq!(s.focus, Focus::Results);

    let mut table = BTreeMap::new();
    table.insert("search".to_string(), vec!["ctrl-l".to_string()]);
    let mut s = st();
    s.keymap = Keymap::with_overrides(&table).unwrap();
    key(&mut s, Key::ch('/'));
    assert_eq!(s.input.text(), "/");
    key(&mut s, Key::ctrl('l'));
    assert_eq!(s.focus, Focus::Search);
}

#[test]
fn mouse_clicks_focus_and_select() {
    let mut s = st();
    update(
        &mut s,
        Event::Suggested {
            call: 0,
            items: vec![
                sug("a"),
                Suggestion {
                    group: 1,
                    ..sug("b")
                },
            ],
            nothing_confident: false,
        },
    );
    let l = s.layout().unwrap();
    let inner = l.results.inner();
    update(
        &mut s,
        Event::Mouse(Mouse::Click {
            col: inner.x + 2,
            row: inner.y + 2,
        }),
    );
    assert_eq!(s.focus, Focus::Results);
    assert_eq!(s.selected, 1);
    // Near-duplicates: their group's line takes one row; a click on it selects the
    // group's first, and the rows below it are one line lower.
    update(
        &mut s,
        Event::Suggested {
            call: 0,
            items: vec![sug("a"), sug("b"), sug("c")],
            nothing_confident: false,
        },
    );
    for (line, want) in [(0, 0), (3, 1), (5, 2), (1, 0)] {
        update(
            &mut s,
            Event::Mouse(Mouse::Click {
                col: inner.x + 2,
                row: inner.y + line,
            }),
        );
        assert_eq!(s.selected, want, "line {line}");
    }
    update(
        &mut s,
        Event::Mouse(Mouse::Click {
            col: l.search.x + 2,
            row: l.search.y + 1,
        }),
    );
    assert_eq!(s.focus, Focus::Search);
}

fn records(fx: &[Effect]) -> Vec<JournalEntry> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Record(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

/// Types a query in the search box and answers it with `hits`.
fn searched(s: &mut State, query: &str, hits: Vec<Hit>) {
    key(s, Key::ch('/'));
    typed(s, query);
    let generation = s.generation;
    update(s, Event::SearchDone { generation, hits });
}

#[test]
fn searches_that_open_nothing_are_recorded_with_their_retries() {
    let mut s = st();
    let at = |s: &mut State, hms: &str| s.now = format!("2026-11-23T{hms}+00:00");
    at(&mut s, "10:00:00");
    searched(&mut s, "cajero", vec![]);
    // Not yet settled: nothing recorded.
    at(&mut s, "10:00:01");
    assert!(records(&update(&mut s, Event::Tick)).is_empty());
    // Left alone for a few seconds with its (empty) results shown: recorded once.
    at(&mut s, "10:00:04");
    let fx = update(&mut s, Event::Tick);
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Search {
            query: "cajero".into(),
            hits: 0,
            top: vec![],
            again: false,
        }]
    );
    at(&mut s, "10:00:09");
    assert!(records(&update(&mut s, Event::Tick)).is_empty());
    // Another search soon after, nothing opened: a retry. Given up with Esc: recorded.
    key(&mut s, Key::plain(KeyCode::Esc));
    key(&mut s, Key::ch('/'));
    typed(&mut s, "cajero retirado");
    let generation = s.generation;
    update(
        &mut s,
        Event::SearchDone {
            generation,
            hits: vec![hit("a")],
        },
    );
    at(&mut s, "10:00:20");
    let fx = key(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Search {
            query: "cajero retirado".into(),
            hits: 1,
            top: vec!["a".into()],
            again: true,
        }]
    );
    // Long after, a new search is not a retry; its results not shown yet, Esc records
    // nothing (what it would have found is unknown).
    at(&mut s, "10:05:00");
    key(&mut s, Key::ch('/'));
    typed(&mut s, "tarjeta");
    assert!(records(&key(&mut s, Key::plain(KeyCode::Esc))).is_empty());
    key(&mut s, Key::ch('/'));
    typed(&mut s, "tarjeta");
    let generation = s.generation;
    update(
        &mut s,
        Event::SearchDone {
            generation,
            hits: vec![hit("b")],
        },
    );
    at(&mut s, "10:05:10");
    let fx = update(&mut s, Event::Tick);
    assert!(
        matches!(
            &records(&fx)[..],
            [JournalEntry::Search { again: false, .. }]
        ),
        "{fx:?}"
    );
}

#[test]
fn records_follow_the_journal_rules() {
    let mut s = st();
    key(&mut s, Key::ch('/'));
    let fx = typed(&mut s, "cargo");
    assert!(records(&fx).is_empty(), "no record per keystroke");
    let generation = s.generation;
    update(
        &mut s,
        Event::SearchDone {
            generation,
            hits: vec![hit("a"), hit("b")],
        },
    );
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Search {
            query: "cargo".into(),
            hits: 2,
            top: vec!["a".into(), "b".into()],
            again: false,
        }]
    );
    let fx = update(&mut s, loaded("a"));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Open {
            article: "a".into(),
            title: "a".into(),
            via: Some("search".into()),
        }]
    );
    // Opening another result of the same search does not record the search again.
    let fx = key(&mut s, Key::alt('2'));
    assert!(
        !records(&fx)
            .iter()
            .any(|r| matches!(r, JournalEntry::Search { .. }))
    );

    // Suggestions: recorded when the list changes.
    let sugg = |ids: &[&str]| Event::Suggested {
        call: 0,
        items: ids.iter().map(|id| sug(id)).collect(),
        nothing_confident: false,
    };
    let fx = update(&mut s, sugg(&["x", "y"]));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Suggestion {
            articles: vec!["x".into(), "y".into()]
        }]
    );
    assert!(records(&update(&mut s, sugg(&["x", "y"]))).is_empty());
    // Opened from the suggestion list.
    s.query.take();
    s.focus = Focus::Results;
    s.selected = 0;
    key(&mut s, Key::plain(KeyCode::Enter));
    let fx = update(&mut s, loaded("x"));
    assert!(
        matches!(&records(&fx)[0], JournalEntry::Open { via: Some(v), .. } if v == "suggestion")
    );
}

fn customer(text: &str) -> Event {
    Event::Transcript(TranscriptEvent {
        speaker: Speaker::Customer,
        text: text.into(),
        final_: true,
        at: None,
        ts: None,
    })
}

fn suggested(call: u64, ids: &[&str]) -> Event {
    Event::Suggested {
        call,
        items: ids.iter().map(|id| sug(id)).collect(),
        nothing_confident: false,
    }
}

#[test]
fn customer_turns_ask_for_suggestions_and_cues() {
    let mut s = st();
    let fx = update(&mut s, customer("me han cobrado dos veces"));
    assert!(has(&fx, |e| matches!(
        e,
        Effect::Suggest {
            debounce: false,
            ..
        }
    )));
    assert!(has(&fx, |e| matches!(
        e,
        Effect::DetectCues { turn: 0, .. }
    )));
    // Agent turns do not trigger; a turn the agent types as the customer does.
    let fx = typed(&mut s, "lo reviso");
    assert!(!fx.iter().any(|e| matches!(e, Effect::Suggest { .. })));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Suggest { .. })));
    key(&mut s, Key::ctrl('t'));
    assert_eq!(s.speaker, Speaker::Customer);
    typed(&mut s, "y el recibo");
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert!(has(&fx, |e| matches!(
        e,
        Effect::Suggest {
            debounce: false,
            ..
        }
    )));
    assert!(has(&fx, |e| matches!(
        e,
        Effect::DetectCues { turn: 2, .. }
    )));
}

#[test]
fn stale_suggestions_of_an_ended_call_are_dropped() {
    let mut s = st();
    update(&mut s, customer("hola"));
    update(&mut s, suggested(0, &["a"]));
    assert_eq!(s.suggestions.len(), 1);
    s.call = 1;
    update(&mut s, suggested(0, &["b"]));
    assert_eq!(s.suggestions[0].hit.id, "a");
}

#[test]
fn dismissed_suggestions_are_not_offered_again_in_the_call() {
    let mut s = st();
    update(&mut s, customer("me han cobrado dos veces"));
    update(&mut s, suggested(0, &["a", "b"]));
    // x in the input is text, not a dismissal.
    typed(&mut s, "x");
    assert_eq!(s.input.text(), "x");
    assert_eq!(s.suggestions.len(), 2);
    s.input.take();
    s.focus = Focus::Results;
    s.selected = 0;
    let fx = key(&mut s, Key::ch('x'));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Dismiss {
            article: "a".into()
        }]
    );
    assert!(has(&fx, |e| matches!(
        e,
        Effect::Suggest {
            debounce: false,
            ..
        }
    )));
    assert_eq!(s.list()[0].id, "b");
    assert!(s.dismissed.contains("a"));
    // A later list from the worker never brings it back.
    update(&mut s, suggested(0, &["a", "b", "c"]));
    let ids: Vec<&str> = s.list().iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["b", "c"]);
    // Delete in the empty search box dismisses too; with a query it deletes text.
    s.focus = Focus::Search;
    s.selected = 1;
    key(&mut s, Key::plain(KeyCode::Delete));
    assert_eq!(s.list().len(), 1);
    typed(&mut s, "ab");
    key(&mut s, Key::plain(KeyCode::Left));
    key(&mut s, Key::plain(KeyCode::Delete));
    assert_eq!(s.query.text(), "a");
    // x closes the reader when no suggestion is selected.
    s.query.take();
    update(&mut s, loaded("r"));
    s.focus = Focus::Reader;
    key(&mut s, Key::ch('x'));
    assert!(s.reader.is_none());
}

#[test]
fn new_suggestions_keep_the_selected_article() {
    let mut s = st();
    update(&mut s, suggested(0, &["a", "b"]));
    s.focus = Focus::Results;
    s.selected = 1;
    update(&mut s, suggested(0, &["c", "a", "b"]));
    assert_eq!(s.selected, 2);
    assert_eq!(s.focus, Focus::Results);
}

#[test]
fn wrap_up_dialog_records_and_starts_a_fresh_call() {
    let mut s = st();
    // Nothing to end yet.
    key(&mut s, Key::ctrl('e'));
    assert!(s.wrapup().is_none());
    update(&mut s, customer("me han cobrado dos veces"));
    update(&mut s, suggested(0, &["a", "b"]));
    s.focus = Focus::Results;
    key(&mut s, Key::ch('x'));
    s.focus = Focus::Input;
    key(&mut s, Key::ctrl('e'));
    assert!(s.wrapup().is_some());
    assert!(s.covered());
    // Esc goes back without ending.
    key(&mut s, Key::plain(KeyCode::Esc));
    assert!(s.wrapup().is_none());
    assert_eq!(s.turns.len(), 1);
    key(&mut s, Key::ctrl('e'));
    // 3 picks "callback"; arrows move; once the note has text, digits are text.
    key(&mut s, Key::ch('3'));
    assert_eq!(
        s.wrapup().map(WrapUp::disposition),
        Some(Disposition::Callback)
    );
    key(&mut s, Key::plain(KeyCode::Up));
    assert_eq!(
        s.wrapup().map(WrapUp::disposition),
        Some(Disposition::Escalated)
    );
    typed(&mut s, "to level 2");
    assert_eq!(
        s.wrapup().map(|w| w.note.text().to_string()),
        Some("to level 2".into())
    );
    key(&mut s, Key::alt('1'));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Wrapup {
            disposition: Disposition::Resolved,
            note: "to level 2".into(),
        }]
    );
    assert!(s.wrapup().is_none());
    assert!(s.turns.is_empty());
    assert!(s.suggestions.is_empty());
    assert!(s.dismissed.is_empty());
    assert_eq!(s.call, 1);
    assert!(!s.in_progress(), "a fresh call quits without asking");
}

#[test]
fn the_previous_calls_article_is_closed_after_the_wrap_up() {
    let mut s = st();
    update(&mut s, customer("me han cobrado dos veces"));
    update(&mut s, loaded("a"));
    s.focus = Focus::Reader;
    key(&mut s, Key::ctrl('e'));
    assert!(s.wrapup().is_some());
    key(&mut s, Key::alt('1'));
    key(&mut s, Key::plain(KeyCode::Enter));
    assert!(s.wrapup().is_none());
    assert!(s.reader.is_none());
    assert_eq!(s.focus, Focus::Input);
}

#[test]
fn resume_prompt_holds_the_feed_until_answered() {
    let mut s = st();
    s.open_overlay(Overlay::Resume(ResumeOffer {
        id: "20261123-101500-ab12".into(),
        turns: 2,
        started: "2026-11-23 10:15".into(),
    }));
    // Keys go to the prompt only; transcript events wait.
    typed(&mut s, "hello");
    assert!(s.input.is_empty());
    assert!(update(&mut s, customer("sigo aquí")).is_empty());
    assert!(s.turns.is_empty());
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(fx, vec![Effect::Resume { accept: true }]);
    assert!(s.resume_offer().is_none());
    let old = vec![
        Turn {
            speaker: Speaker::Customer,
            text: "me han cobrado dos veces".into(),
            ts: "2026-11-23T10:15:00+00:00".into(),
            final_: true,
        },
        Turn {
            speaker: Speaker::Agent,
            text: "lo miro".into(),
            ts: "2026-11-23T10:15:05+00:00".into(),
            final_: true,
        },
    ];
    let fx = update(
        &mut s,
        Event::Resumed(Restored {
            turns: old,
            entries: vec![],
            ..Restored::default()
        }),
    );
    let texts: Vec<&str> = s.turns.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["me han cobrado dos veces", "lo miro", "sigo aquí"]
    );
    // The held turn is journaled now; restored ones are already in the journal.
    assert_eq!(records(&fx).len(), 1);
    assert!(has(&fx, |e| matches!(
        e,
        Effect::Suggest {
            debounce: false,
            ..
        }
    )));
    assert!(s.in_progress());
}

#[test]
fn declining_the_resume_offer_starts_new_with_held_turns() {
    let mut s = st();
    offer_resume(&mut s);
    update(&mut s, customer("hola"));
    let fx = key(&mut s, Key::ch('n'));
    assert_eq!(fx[0], Effect::Resume { accept: false });
    assert_eq!(s.turns.len(), 1);
    assert!(matches!(&records(&fx)[0], JournalEntry::Turn { text, .. } if text == "hola"));
}

#[test]
fn screen_redaction_applies_to_turns_when_configured() {
    let mut s = st();
    s.screen_redactor = Some(Redactor::new(&crate::redact::Settings::default()));
    update(&mut s, customer("mi tarjeta es 4111 1111 1111 1111"));
    assert!(
        !s.turns[0].text.contains("4111 1111"),
        "{}",
        s.turns[0].text
    );
}

#[test]
fn resume_restores_dismissals_the_speaker_and_the_open_article() {
    let mut s = st();
    offer_resume(&mut s);
    key(&mut s, Key::plain(KeyCode::Enter));
    let fx = update(
        &mut s,
        Event::Resumed(Restored {
            turns: vec![Turn {
                speaker: Speaker::Customer,
                text: "no tengo internet".into(),
                ts: "2026-11-23T10:15:00+00:00".into(),
                final_: true,
            }],
            entries: vec![
                JournalEntry::Dismiss {
                    article: "averias/sin-internet".into(),
                },
                JournalEntry::Speaker {
                    speaker: Speaker::Customer,
                },
                JournalEntry::Open {
                    article: "instalacion/luces-ont".into(),
                    title: "Luces de la ONT".into(),
                    via: Some("search".into()),
                },
            ],
            ..Restored::default()
        }),
    );
    assert_eq!(s.speaker, Speaker::Customer);
    assert!(s.dismissed.contains("averias/sin-internet"));
    // The article comes back in the reader; the keyboard stays in the input.
    assert!(fx.contains(&Effect::OpenArticle("instalacion/luces-ont".into())));
    assert_eq!(s.focus, Focus::Input);
    // The suggestions asked for never offer what was dismissed.
    assert!(has(&fx, |e| matches!(
        e,
        Effect::Suggest { dismissed, .. } if dismissed.contains("averias/sin-internet")
    )));
    update(&mut s, suggested(0, &["averias/sin-internet", "b"]));
    let ids: Vec<&str> = s.list().iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["b"]);
    // Nothing is recorded again for the restored switch of speaker.
    typed(&mut s, "sigue sin ir");
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert!(
        !records(&fx)
            .iter()
            .any(|r| matches!(r, JournalEntry::Speaker { .. }))
    );
}

#[test]
fn an_article_closed_before_the_crash_is_not_reopened_on_resume() {
    let mut s = st();
    offer_resume(&mut s);
    key(&mut s, Key::plain(KeyCode::Enter));
    let open = |id: &str| JournalEntry::Open {
        article: id.into(),
        title: String::new(),
        via: None,
    };
    let fx = update(
        &mut s,
        Event::Resumed(Restored {
            turns: Vec::new(),
            entries: vec![
                open("a"),
                open("b"),
                JournalEntry::Close {
                    article: "b".into(),
                },
            ],
            ..Restored::default()
        }),
    );
    assert!(!has(&fx, |e| matches!(e, Effect::OpenArticle(_))));
}

#[test]
fn closing_the_reader_is_recorded() {
    let mut s = st();
    update(&mut s, loaded("facturacion/cargo-duplicado"));
    s.focus = Focus::Reader;
    let fx = key(&mut s, Key::ch('x'));
    assert!(s.reader.is_none());
    assert!(records(&fx).iter().any(
        |r| matches!(r, JournalEntry::Close { article } if article == "facturacion/cargo-duplicado")
    ));
}

#[test]
fn enter_never_confirms_quitting_during_a_call() {
    let mut s = st();
    typed(&mut s, "hola");
    key(&mut s, Key::plain(KeyCode::Enter));
    key(&mut s, Key::ctrl('q'));
    assert!(s.confirming_quit());
    // Enter (an agent sending a turn after a stray Ctrl-Q) answers no.
    assert!(key(&mut s, Key::plain(KeyCode::Enter)).is_empty());
    assert!(!s.quit && !s.confirming_quit());
    key(&mut s, Key::ctrl('q'));
    assert_eq!(key(&mut s, Key::ch('s')), vec![Effect::Quit]);
}

#[test]
fn a_wrap_up_note_starting_with_a_digit_keeps_the_outcome() {
    let mut s = st();
    update(&mut s, customer("me han cobrado dos veces"));
    key(&mut s, Key::ctrl('e'));
    key(&mut s, Key::ch('3'));
    typed(&mut s, "2 days later, call back at 5");
    let w = s.wrapup().cloned().unwrap_or_default();
    assert_eq!(w.disposition(), Disposition::Callback);
    assert_eq!(w.note.text(), "2 days later, call back at 5");
    // Tab goes back to the list, where digits pick again; the note stays.
    key(&mut s, Key::plain(KeyCode::Tab));
    key(&mut s, Key::ch('1'));
    let w = s.wrapup().cloned().unwrap_or_default();
    assert_eq!(w.disposition(), Disposition::Resolved);
    assert_eq!(w.note.text(), "2 days later, call back at 5");
    // The note edits with the same keys as every text field (Ctrl-A: start of line).
    key(&mut s, Key::ctrl('a'));
    typed(&mut s, "!");
    assert_eq!(
        s.wrapup().map(|w| w.note.text().to_string()),
        Some("!2 days later, call back at 5".into())
    );
}

#[test]
fn x_closes_in_the_reader_and_dismisses_in_the_list() {
    let mut s = st();
    update(&mut s, customer("me han cobrado dos veces"));
    update(&mut s, suggested(0, &["a", "b"]));
    update(&mut s, loaded("a"));
    s.focus = Focus::Results;
    key(&mut s, Key::ch('x'));
    assert!(s.dismissed.contains("a"), "the list dismisses");
    assert!(s.reader.is_some());
    s.focus = Focus::Reader;
    key(&mut s, Key::ch('x'));
    assert!(s.reader.is_none(), "the reader closes");
    assert_eq!(s.suggestions.len(), 1);
}

fn cue_on_first_turn(s: &mut State) {
    update(s, customer("¡esto es una vergüenza!"));
    update(
        s,
        Event::Empathy {
            turn: 0,
            cue: Cue {
                kind: CueKind::Frustration,
                label_es: "frustración".into(),
                label_en: "frustration".into(),
                article: Some("guias/cliente-enfadado".into()),
                lang: Lang::Es,
                pattern: "vergüenza".into(),
                matched: "vergüenza".into(),
            },
            title: Some("Angry customer".into()),
        },
    );
}

#[test]
fn a_draft_survives_opening_the_cue_and_copying() {
    let mut s = st();
    cue_on_first_turn(&mut s);
    update(&mut s, suggested(0, &["a"]));
    key(&mut s, Key::alt('1'));
    typed(&mut s, "ya he anotado su número y");
    // Ctrl-G opens the guideline like Alt-1 does: the keyboard stays in the input.
    let fx = key(&mut s, Key::ctrl('g'));
    assert!(fx.contains(&Effect::OpenArticle("guias/cliente-enfadado".into())));
    assert_eq!(s.focus, Focus::Input);
    update(&mut s, loaded("guias/cliente-enfadado"));
    typed(&mut s, " yxj");
    assert_eq!(s.input.text(), "ya he anotado su número y yxj");
    assert!(
        s.reader.is_some(),
        "x typed in the input does not close the article"
    );
    // A deliberate copy from the reader goes after the draft, never over it.
    s.focus = Focus::Reader;
    key(&mut s, Key::ch('j'));
    let fx = key(&mut s, Key::ch('y'));
    assert_eq!(fx[0], Effect::Copy("phrase one".into()));
    assert_eq!(s.input.text(), "ya he anotado su número y yxj phrase one");
    assert_eq!(s.focus, Focus::Input);
}

#[test]
fn letters_with_no_meaning_in_the_reader_go_to_the_input() {
    let mut s = st();
    update(&mut s, suggested(0, &["a"]));
    s.focus = Focus::Results;
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.focus, Focus::Reader);
    update(&mut s, loaded("a"));
    typed(&mut s, "malestar");
    assert_eq!(s.focus, Focus::Input);
    assert_eq!(s.input.text(), "malestar");
}

#[test]
fn the_conversation_scrolls_up_only_as_far_as_was_drawn() {
    let mut s = st();
    for i in 0..30 {
        typed(&mut s, &format!("turn {i}"));
        key(&mut s, Key::plain(KeyCode::Enter));
    }
    key(&mut s, Key::plain(KeyCode::Up));
    assert_eq!(s.conv_scroll, 0, "nothing drawn yet: nothing to scroll");
    update(
        &mut s,
        Event::Drawn(Drawn {
            conversation: Extent {
                lines: 60,
                rows: 25,
            },
            reader: None,
            reader_top_item: None,
        }),
    );
    for _ in 0..100 {
        key(&mut s, Key::plain(KeyCode::Up));
    }
    assert_eq!(s.conv_scroll, 35);
    key(&mut s, Key::plain(KeyCode::Down));
    assert_eq!(s.conv_scroll, 34);
}

#[test]
fn f_keys_open_suggestions_where_alt_is_taken() {
    let mut s = st();
    update(&mut s, suggested(0, &["a", "b"]));
    let fx = key(&mut s, Key::plain(KeyCode::F(6)));
    assert!(fx.contains(&Effect::OpenArticle("b".into())), "{fx:?}");
    assert_eq!(s.focus, Focus::Input);
    let fx = key(&mut s, Key::plain(KeyCode::F(5)));
    assert!(fx.contains(&Effect::OpenArticle("a".into())), "{fx:?}");
}

#[test]
fn the_mouse_key_toggles_capture_and_says_so() {
    let mut s = st();
    s.mouse = true;
    let fx = key(&mut s, Key::plain(KeyCode::F(4)));
    assert!(fx.contains(&Effect::Mouse(false)));
    assert!(!s.mouse);
    assert!(s.status.as_ref().is_some_and(|m| m.text.contains("off")));
    let fx = key(&mut s, Key::plain(KeyCode::F(4)));
    assert!(fx.contains(&Effect::Mouse(true)));
    // Rebindable like every action.
    let mut table = BTreeMap::new();
    table.insert("mouse".to_string(), vec!["ctrl-o".to_string()]);
    s.keymap = Keymap::with_overrides(&table).unwrap();
    let fx = key(&mut s, Key::ctrl('o'));
    assert!(fx.contains(&Effect::Mouse(false)));
    assert!(key(&mut s, Key::plain(KeyCode::F(4))).is_empty());
}

#[test]
fn every_message_is_kept_in_full_in_the_message_log() {
    let mut s = st();
    let long = "a very long message that no status bar could show whole ".repeat(4);
    update(
        &mut s,
        Event::Notice {
            text: long.clone(),
            error: true,
        },
    );
    update(
        &mut s,
        Event::Notice {
            text: long.clone(),
            error: true,
        },
    );
    update(
        &mut s,
        Event::Notice {
            text: "second".into(),
            error: false,
        },
    );
    assert_eq!(s.messages.len(), 2, "the same message twice is logged once");
    assert_eq!(s.messages[0].text, long);
    assert!(s.messages[0].error);
    assert_eq!(s.messages[0].at, s.now);
    for _ in 0..STATUS_TICKS {
        update(&mut s, Event::Tick);
    }
    assert!(s.status.is_none(), "the status bar forgets");
    assert_eq!(s.messages.len(), 2, "the log keeps");
    // One key opens the log over the panes and closes it again; Esc too.
    key(&mut s, Key::ctrl('l'));
    assert_eq!(s.overlay(), Some(&Overlay::Messages { scroll: 0 }));
    key(&mut s, Key::plain(KeyCode::Up));
    assert_eq!(s.overlay(), Some(&Overlay::Messages { scroll: 1 }));
    typed(&mut s, "abc");
    assert_eq!(s.input.text(), "", "the log takes the keys");
    key(&mut s, Key::ctrl('l'));
    assert!(!s.covered());
    key(&mut s, Key::ctrl('l'));
    key(&mut s, Key::plain(KeyCode::Esc));
    assert!(!s.covered());
    // The log is bounded.
    for i in 0..MESSAGE_LOG_LEN + 5 {
        update(
            &mut s,
            Event::Notice {
                text: format!("m{i}"),
                error: false,
            },
        );
    }
    assert_eq!(s.messages.len(), MESSAGE_LOG_LEN);
    assert_eq!(
        s.messages.last().map(|m| m.text.clone()),
        Some(format!("m{}", MESSAGE_LOG_LEN + 4))
    );
}

#[test]
fn feeds_say_what_they_are_doing() {
    let mut s = st();
    let feed = |change| Event::Feed {
        source: "listen".into(),
        change,
    };
    update(&mut s, feed(FeedChange::Listening("127.0.0.1:7070".into())));
    assert_eq!(
        s.feeds["listen"].describe(Lang::En).as_deref(),
        Some("listening on 127.0.0.1:7070")
    );
    update(&mut s, feed(FeedChange::Connected("127.0.0.1:5000".into())));
    assert_eq!(s.feeds["listen"].peers, 1);
    assert!(
        s.messages
            .iter()
            .any(|m| m.text == "Transcript connected: 127.0.0.1:5000")
    );
}

/// Moves the injected clock to `hh:mm:ss` of the test day.
fn at(s: &mut State, hms: &str) {
    s.now = format!("2026-11-23T{hms}+00:00");
}

#[test]
fn a_call_begins_with_its_first_turn_or_the_new_call_key() {
    let mut s = st();
    assert!(!s.clock.begun(), "no call yet");
    at(&mut s, "10:00:05");
    update(&mut s, customer("hola"));
    assert_eq!(
        s.clock.started.as_deref(),
        Some("2026-11-23T10:00:05+00:00")
    );
    at(&mut s, "10:03:10");
    assert_eq!(s.clock.elapsed(&s.now), Some(185));
    // The wrap-up ends it: no call until the next one.
    key(&mut s, Key::ctrl('e'));
    key(&mut s, Key::plain(KeyCode::Enter));
    assert!(!s.clock.begun());
    // The new call key with no call going on begins one now.
    let fx = key(&mut s, Key::ctrl('n'));
    assert!(
        records(&fx).is_empty(),
        "nothing journaled for an empty call"
    );
    assert_eq!(
        s.clock.started.as_deref(),
        Some("2026-11-23T10:03:10+00:00")
    );
    assert!(s.ticking(), "the timer wakes the loop");
}

#[test]
fn a_trainers_pause_stops_the_call_timer_on_screen_and_resume_goes_on() {
    let segments = |s: &State| -> String {
        crate::ui::status::call_segments(s, &crate::ui::Theme::fallback())
            .iter()
            .map(|g| g.text.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let mut s = st();
    // Outside a mock call a pause means nothing.
    update(&mut s, Event::TrainerPause(true));
    assert!(s.clock.paused().is_none());
    s.practice = Some(crate::app::Practice::default());
    at(&mut s, "10:00:00");
    update(&mut s, customer("hola"));
    at(&mut s, "10:01:00");
    let fx = update(&mut s, Event::TrainerPause(true));
    assert_eq!(records(&fx), vec![JournalEntry::Pause]);
    assert!(records(&update(&mut s, Event::TrainerPause(true))).is_empty());
    // Four minutes paused: the timer on screen stands at 1:00 and says why.
    for hms in ["10:01:00", "10:03:00", "10:05:00"] {
        at(&mut s, hms);
        assert_eq!(s.clock.elapsed(&s.now), Some(60));
        assert!(
            segments(&s).contains("⏸ PAUSED (call 1:00)"),
            "{}",
            segments(&s)
        );
    }
    let fx = update(&mut s, Event::TrainerPause(false));
    assert_eq!(records(&fx), vec![JournalEntry::PauseEnd { seconds: 240 }]);
    assert!(records(&update(&mut s, Event::TrainerPause(false))).is_empty());
    // Resumed: on from where it stopped.
    at(&mut s, "10:05:30");
    assert_eq!(s.clock.elapsed(&s.now), Some(90));
    let shown = segments(&s);
    assert!(
        shown.contains("1:30") && !shown.contains("PAUSED"),
        "{shown}"
    );
}

#[test]
fn hold_is_one_key_both_ways_and_journaled() {
    let mut s = st();
    let fx = key(&mut s, Key::ctrl('p'));
    assert!(records(&fx).is_empty(), "no call, no hold");
    at(&mut s, "10:00:00");
    update(&mut s, customer("hola"));
    at(&mut s, "10:01:00");
    let fx = key(&mut s, Key::ctrl('p'));
    assert_eq!(records(&fx), vec![JournalEntry::Hold]);
    assert_eq!(s.clock.on_hold().map(|h| h.after), Some(1));
    at(&mut s, "10:01:45");
    assert_eq!(s.clock.hold_elapsed(&s.now), Some(45));
    let fx = key(&mut s, Key::alt('h'));
    assert_eq!(records(&fx), vec![JournalEntry::HoldEnd { seconds: 45 }]);
    assert!(s.clock.on_hold().is_none());
    assert!(s.status.as_ref().unwrap().text.contains("0:45"));
    assert_eq!(s.clock.held(&s.now), 45);
    // Ending the call during a hold ends the hold first.
    key(&mut s, Key::ctrl('p'));
    at(&mut s, "10:02:00");
    key(&mut s, Key::ctrl('e'));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    let kinds: Vec<_> = records(&fx)
        .into_iter()
        .map(|e| matches!(e, JournalEntry::HoldEnd { seconds: 15 }))
        .collect();
    assert_eq!(kinds, [true, false], "{fx:?}");
}

#[test]
fn the_new_call_key_abandons_a_call_only_when_confirmed_and_invents_no_outcome() {
    let mut s = st();
    update(&mut s, customer("hola"));
    key(&mut s, Key::ctrl('n'));
    assert_eq!(s.overlay(), Some(&Overlay::ConfirmAbandon));
    key(&mut s, Key::ch('n'));
    assert_eq!(s.turns.len(), 1, "no keeps the call");
    key(&mut s, Key::ctrl('n'));
    at(&mut s, "10:05:00");
    let fx = key(&mut s, Key::ch('y'));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::End {
            reason: Some("abandoned".into())
        }]
    );
    assert!(!has(&fx, |e| matches!(
        e,
        Effect::Record(JournalEntry::Wrapup { .. })
    )));
    assert!(s.turns.is_empty());
    assert_eq!(
        s.clock.started.as_deref(),
        Some("2026-11-23T10:05:00+00:00")
    );
}

#[test]
fn the_customer_fills_replies_and_is_journaled() {
    let mut s = st();
    key(&mut s, Key::alt('w'));
    typed(&mut s, "Lucía Pérez");
    key(&mut s, Key::plain(KeyCode::Tab));
    typed(&mut s, "A-4821");
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Customer {
            name: "Lucía Pérez".into(),
            reference: "A-4821".into()
        }]
    );
    assert!(s.clock.begun(), "a customer on the line is a call");
    typed(&mut s, ";salu");
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.input.text(), "Hola Lucía Pérez, soy Ana de Ondina.");
}

#[test]
fn a_reply_with_an_unfilled_placeholder_is_never_sent() {
    let mut s = st();
    typed(&mut s, ";salu");
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.input.text(), "Hola {customer}, soy Ana de Ondina.");
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert!(records(&fx).is_empty(), "{fx:?}");
    assert!(s.turns.is_empty());
    let status = s.status.clone().unwrap();
    assert!(
        status.error && status.text.contains("{customer}"),
        "{status:?}"
    );
    assert_eq!(s.input.cursor(), "Hola ".len(), "the cursor is on the gap");
    // Filled by hand, it goes.
    for _ in 0.."{customer}".chars().count() {
        key(&mut s, Key::plain(KeyCode::Delete));
    }
    typed(&mut s, "Lucía");
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.turns[0].text, "Hola Lucía, soy Ana de Ondina.");
}

#[test]
fn past_calls_need_a_reference_and_come_back_from_the_run_loop() {
    let mut s = st();
    let fx = key(&mut s, Key::ctrl('r'));
    assert!(fx.is_empty());
    assert!(matches!(s.overlay(), Some(Overlay::Customer(f)) if f.on_reference));
    typed(&mut s, "T-77");
    // Saving the reference lists the calls at once.
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(
        fx.last(),
        Some(&Effect::PastCalls {
            reference: "T-77".into()
        })
    );
    assert!(matches!(s.overlay(), Some(Overlay::PastCalls(p)) if p.calls.is_none()));
    update(
        &mut s,
        Event::PastCalls {
            reference: "T-77".into(),
            calls: vec![],
        },
    );
    assert!(matches!(s.overlay(), Some(Overlay::PastCalls(p)) if p.calls == Some(vec![])));
    key(&mut s, Key::plain(KeyCode::Esc));
    assert!(s.overlay().is_none());
}

#[test]
fn the_last_turn_can_be_fixed_and_the_draft_comes_back() {
    let mut s = st();
    key(&mut s, Key::ctrl('t'));
    typed(&mut s, "me han cobrao dos veces");
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(
        s.speaker,
        Speaker::Agent,
        "back to the agent after a customer turn"
    );
    typed(&mut s, "borrador");
    key(&mut s, Key::alt('e'));
    assert_eq!(s.input.text(), "me han cobrao dos veces");
    assert_eq!(s.speaker, Speaker::Customer);
    key(&mut s, Key::ctrl('u'));
    typed(&mut s, "me han cobrado dos veces");
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    // The agent is speaking again (said first), then the fix.
    assert_eq!(
        records(&fx),
        vec![
            JournalEntry::Speaker {
                speaker: Speaker::Agent
            },
            JournalEntry::Correct {
                turn: Some(1),
                speaker: Speaker::Customer,
                text: "me han cobrado dos veces".into()
            }
        ]
    );
    assert!(has(&fx, |e| matches!(e, Effect::Suggest { .. })));
    assert_eq!(s.turns[0].text, "me han cobrado dos veces");
    assert_eq!(s.input.text(), "borrador");
    assert_eq!(s.speaker, Speaker::Agent);
    // The speaker of the turn, then Esc: nothing changes.
    key(&mut s, Key::alt('e'));
    key(&mut s, Key::ctrl('t'));
    let fx = key(&mut s, Key::plain(KeyCode::Esc));
    assert!(records(&fx).is_empty());
    assert_eq!(s.turns[0].speaker, Speaker::Customer);
    // Fixing who said it.
    key(&mut s, Key::alt('e'));
    key(&mut s, Key::ctrl('t'));
    key(&mut s, Key::ctrl('t'));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Correct {
            turn: Some(1),
            speaker: Speaker::Agent,
            text: "me han cobrado dos veces".into()
        }]
    );
    assert_eq!(s.turns[0].speaker, Speaker::Agent);
}

#[test]
fn a_fix_names_its_turn_when_turns_arrive_meanwhile() {
    let mut s = st();
    update(&mut s, customer("uno"));
    update(
        &mut s,
        Event::Transcript(TranscriptEvent {
            speaker: Speaker::Agent,
            text: "un momento".into(),
            final_: false,
            ts: None,
            at: None,
        }),
    );
    update(&mut s, customer("dos"));
    key(&mut s, Key::alt('e'));
    assert_eq!(s.editing.as_ref().map(|e| e.turn), Some(2));
    // The agent's interim line goes away and a new turn comes in while fixing.
    update(
        &mut s,
        Event::Transcript(TranscriptEvent {
            speaker: Speaker::Agent,
            text: String::new(),
            final_: true,
            ts: None,
            at: None,
        }),
    );
    update(&mut s, customer("tres"));
    typed(&mut s, "s");
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert!(
        records(&fx).contains(&JournalEntry::Correct {
            turn: Some(2),
            speaker: Speaker::Customer,
            text: "doss".into()
        }),
        "{fx:?}"
    );
    let texts: Vec<_> = s.turns.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["uno", "doss", "tres"]);
}

#[test]
fn a_sticky_speaker_stays_when_configured() {
    let mut s = State::new(Options {
        sticky_speaker: true,
        ..Options::default()
    });
    key(&mut s, Key::ctrl('t'));
    typed(&mut s, "hola");
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.speaker, Speaker::Customer);
}

#[test]
fn the_last_dismiss_can_be_undone() {
    let mut s = st();
    update(&mut s, customer("me han cobrado"));
    update(&mut s, suggested(0, &["a/uno", "b/dos"]));
    key(&mut s, Key::plain(KeyCode::Tab));
    key(&mut s, Key::plain(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Results);
    key(&mut s, Key::ch('x'));
    assert_eq!(s.suggestions.len(), 1);
    let fx = key(&mut s, Key::ctrl('z'));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Undismiss {
            article: "a/uno".into()
        }]
    );
    assert_eq!(s.suggestions[0].hit.id, "a/uno");
    assert!(!s.dismissed.contains("a/uno"));
    // Offered again by the next suggestions.
    update(&mut s, suggested(0, &["a/uno"]));
    assert_eq!(s.suggestions.len(), 1);
    key(&mut s, Key::ctrl('z'));
    assert_eq!(s.status.as_ref().unwrap().text, "Nothing to undo");
}

#[test]
fn a_resumed_call_keeps_its_start_holds_customer_and_fixes() {
    let mut s = st();
    offer_resume(&mut s);
    key(&mut s, Key::plain(KeyCode::Enter));
    at(&mut s, "10:30:00");
    update(
        &mut s,
        Event::Resumed(Restored {
            turns: vec![Turn {
                speaker: Speaker::Agent,
                text: "corregido".into(),
                ts: "2026-11-23T10:00:10+00:00".into(),
                final_: true,
            }],
            entries: vec![
                JournalEntry::Customer {
                    name: "Lucía".into(),
                    reference: "A-1".into(),
                },
                JournalEntry::Open {
                    article: "a/uno".into(),
                    title: "Uno".into(),
                    via: None,
                },
            ],
            started: Some("2026-11-23T10:00:00+00:00".into()),
            holds: vec![crate::conversation::journal::Hold {
                after: 1,
                start: "2026-11-23T10:20:00+00:00".into(),
                seconds: None,
            }],
            read_to: None,
        }),
    );
    assert_eq!(s.clock.elapsed(&s.now), Some(1800));
    assert_eq!(s.clock.hold_elapsed(&s.now), Some(600));
    assert_eq!(s.customer.reference, "A-1");
    assert_eq!(s.placeholders.customer.as_deref(), Some("Lucía"));
    assert_eq!(
        s.articles_used,
        vec![("a/uno".to_string(), "Uno".to_string())]
    );
}

/// In the list, the vote and flag keys are about the selected suggestion (its version
/// comes from the index in the run loop); `-` there is a vote, not a query.
#[test]
fn votes_and_flags_on_a_selected_suggestion() {
    let mut s = st();
    update(&mut s, suggested(0, &["s1", "s2"]));
    s.focus = Focus::Results;
    key(&mut s, Key::plain(KeyCode::Down));
    let fx = key(&mut s, Key::ch('-'));
    assert!(
        has(&fx, |e| matches!(
            e,
            Effect::Record(JournalEntry::Helpful { article, helpful: false, via: Some(v), version: None, .. })
                if article == "s2" && v == "suggestion"
        )),
        "{fx:?}"
    );
    assert!(s.query.is_empty(), "the key went into the query");
    key(&mut s, Key::ch('!'));
    let Some(Overlay::Flag(f)) = s.overlay() else {
        panic!("no form: {:?}", s.overlay());
    };
    assert_eq!(f.target.as_ref().map(|t| t.article.as_str()), Some("s2"));
    key(&mut s, Key::ch('3'));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert!(has(&fx, |e| matches!(
        e,
        Effect::Record(JournalEntry::Flag { article: Some(a), reason: crate::conversation::journal::FlagReason::Missing, .. })
            if a == "s2"
    )));
    // No call began: feedback is not a call.
    assert!(!s.in_progress());
}

/// The draft key: a search that found nothing becomes a draft article titled by the
/// query, with the customer's recent words as its problem and keywords; with an empty
/// box the status bar says what to do; the run loop's answer names the file.
#[test]
fn the_draft_key_writes_a_draft_from_the_search_in_the_box() {
    let mut s = st();
    update(&mut s, customer("Buenos días"));
    update(
        &mut s,
        customer("quiero recargar el abono de transporte mensual"),
    );
    let fx = key(&mut s, Key::alt('d'));
    assert!(!has(&fx, |e| matches!(e, Effect::WriteDraft(_))), "{fx:?}");
    let status = s
        .status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(status.contains("Type a search first"), "{status}");
    searched(&mut s, "abono transporte", vec![]);
    let fx = key(&mut s, Key::alt('d'));
    let Some(Effect::WriteDraft(d)) = fx.iter().find(|e| matches!(e, Effect::WriteDraft(_))) else {
        panic!("no draft: {fx:?}");
    };
    assert_eq!(d.title, "Abono transporte");
    assert_eq!(d.lang, Lang::Es);
    assert_eq!(d.updated, "2026-11-23");
    assert_eq!(d.keywords[0], "abono transporte");
    assert!(d.keywords.contains(&"recargar".to_string()), "{d:?}");
    assert_eq!(
        d.problem,
        vec![
            "Buenos días".to_string(),
            "quiero recargar el abono de transporte mensual".to_string()
        ]
    );
    // The typing stayed in the box; nothing went to the conversation.
    assert_eq!(s.query.text(), "abono transporte");
    assert!(s.input.is_empty());
    update(
        &mut s,
        Event::DraftWritten(Ok("/d/abono-transporte.md".into())),
    );
    let status = s
        .status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(status, "Draft written: /d/abono-transporte.md");
    update(&mut s, Event::DraftWritten(Err("/d: read-only".into())));
    let m = s.status.as_ref().unwrap();
    assert!(m.error && m.text.contains("/d: read-only"), "{m:?}");
    // The key is rebindable.
    let mut t = BTreeMap::new();
    t.insert("draft".to_string(), vec!["f11".to_string()]);
    s.keymap = crate::app::keymap::Keymap::with_overrides(&t).unwrap();
    assert!(!has(&key(&mut s, Key::alt('d')), |e| matches!(
        e,
        Effect::WriteDraft(_)
    )));
    assert!(has(&key(&mut s, Key::plain(KeyCode::F(11))), |e| matches!(
        e,
        Effect::WriteDraft(_)
    )));
}

/// A plain paragraph of the open article can be selected (in document order, between
/// the steps) and flagged: the flag carries its text and no step number.
#[test]
fn a_paragraph_of_the_article_is_selected_and_flagged() {
    let mut s = st();
    let mut a = article("a/uno");
    a.body = "Intro paragraph.\n\n1. first step\n2. second step\n\nClosing words.\n".into();
    update(
        &mut s,
        Event::ArticleLoaded {
            id: "a/uno".into(),
            article: Some(Box::new(a)),
        },
    );
    s.focus = Focus::Reader;
    let r = s.reader.as_ref().unwrap();
    assert_eq!(r.items(), 5, "a phrase, two paragraphs, two steps");
    // The phrase, then the intro paragraph.
    key(&mut s, Key::plain(KeyCode::Down));
    key(&mut s, Key::plain(KeyCode::Down));
    let r = s.reader.as_ref().unwrap();
    assert_eq!((r.selected_paragraph(), r.selected_step()), (Some(0), None));
    // Down past the steps to the closing paragraph.
    for _ in 0..3 {
        key(&mut s, Key::plain(KeyCode::Down));
    }
    let r = s.reader.as_ref().unwrap();
    assert_eq!(r.selected_paragraph(), Some(1));
    key(&mut s, Key::ch('!'));
    key(&mut s, Key::ch('4'));
    let fx = key(&mut s, Key::plain(KeyCode::Enter));
    assert!(
        has(&fx, |e| matches!(
            e,
            Effect::Record(JournalEntry::Flag { step: None, paragraph, .. })
                if paragraph == "Closing words."
        )),
        "{fx:?}"
    );
    // Copying a paragraph puts it on the clipboard, not into the turn being typed.
    let fx = key(&mut s, Key::ch('y'));
    assert!(
        has(
            &fx,
            |e| matches!(e, Effect::Copy(t) if t == "Closing words.")
        ),
        "{fx:?}"
    );
    assert!(s.input.is_empty());
}

fn practising() -> State {
    let mut s = st();
    s.practice = Some(crate::app::Practice {
        scenario: "baja".into(),
        title: "Baja".into(),
        trainee: "Ana".into(),
        ..Default::default()
    });
    s
}

#[test]
fn a_practice_is_discarded_only_when_confirmed() {
    let mut s = practising();
    update(&mut s, customer("Quiero la baja"));
    let fx = key(&mut s, Key::ctrl('d'));
    assert_eq!(s.overlay(), Some(&Overlay::ConfirmDiscard));
    assert!(!has(&fx, |e| matches!(e, Effect::DiscardPractice)));
    // No (or any other key) keeps the call, and the key typed goes nowhere.
    let fx = key(&mut s, Key::ch('n'));
    assert_eq!(s.overlay(), None);
    assert!(!has(&fx, |e| matches!(e, Effect::DiscardPractice)));
    assert!(!s.quit && s.input.is_empty() && s.turns.len() == 1);
    key(&mut s, Key::ctrl('d'));
    let fx = key(&mut s, Key::ch('y'));
    assert!(has(&fx, |e| matches!(e, Effect::DiscardPractice)));
    assert!(has(&fx, |e| matches!(e, Effect::Quit)));
    assert!(s.quit && s.practice.as_ref().is_some_and(|p| p.discarded));
    // On a real call the key does nothing of the kind.
    let mut s = st();
    update(&mut s, customer("hola"));
    let fx = key(&mut s, Key::ctrl('d'));
    assert_ne!(s.overlay(), Some(&Overlay::ConfirmDiscard));
    assert!(!has(&fx, |e| matches!(e, Effect::DiscardPractice)));
}

#[test]
fn the_scripted_customers_name_fills_quick_replies_in_practice() {
    let mut s = practising();
    update(&mut s, customer("Hola"));
    let fx = update(&mut s, Event::CustomerName("Marta Ruiz".into()));
    assert_eq!(
        records(&fx),
        vec![JournalEntry::Customer {
            name: "Marta Ruiz".into(),
            reference: String::new()
        }]
    );
    typed(&mut s, ";salu");
    key(&mut s, Key::plain(KeyCode::Enter));
    assert_eq!(s.input.text(), "Hola Marta Ruiz, soy Ana de Ondina.");
    // A name the trainee typed in the customer dialog is kept.
    update(&mut s, Event::CustomerName("Otra".into()));
    assert_eq!(s.customer.name, "Marta Ruiz");
}
