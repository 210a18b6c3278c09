//! The loop without a terminal: fake sources, sinks and screens.
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::*;
use crate::app::{Key, KeyCode, Options};
use crate::conversation::Speaker;
use crate::conversation::event::TranscriptEvent;
use crate::conversation::journal::JournalEntry;
use crate::knowledge::Article;
use crate::search::Engine;
use crate::text::Lang;

/// A screen that looks at the state after each draw and answers with input events.
struct Script<F: FnMut(&State) -> Vec<Event>> {
    step: F,
    input: crossbeam_channel::Sender<Event>,
}

impl<F: FnMut(&State) -> Vec<Event>> Screen for Script<F> {
    fn draw(&mut self, state: &State) -> anyhow::Result<crate::app::Drawn> {
        for ev in (self.step)(state) {
            self.input.send(ev)?;
        }
        Ok(state.drawn)
    }
}

/// A sink keeping what it gets; fails from the `fail_from`-th entry on.
#[derive(Clone, Default)]
struct Memory {
    got: Arc<Mutex<Vec<JournalEntry>>>,
    fail_from: Option<usize>,
}

impl Sink for Memory {
    fn record(&mut self, entry: &JournalEntry) -> io::Result<()> {
        let mut got = self.got.lock().unwrap();
        if self.fail_from.is_some_and(|n| got.len() >= n) {
            return Err(io::Error::other("disk full"));
        }
        got.push(entry.clone());
        Ok(())
    }
}

impl Memory {
    fn turns(&self) -> Vec<String> {
        self.got
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                JournalEntry::Turn { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }
}

fn article(id: &str, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        lang: Lang::Es,
        category: id.split('/').next().unwrap_or_default().into(),
        tags: vec![],
        summary: String::new(),
        keywords: vec![],
        updated: None,
        owner: None,
        review_by: None,
        status: None,
        decide: vec![],
        phrases: vec![],
        body: format!("# {title}\n\n{text}"),
        text: text.into(),
        path: PathBuf::from(format!("/kb/{id}.md")),
        rel_path: format!("{id}.md"),
        body_line: 3,
    }
}

fn engine(articles: &[Article]) -> Arc<Engine> {
    Arc::new(Engine::in_memory(articles).unwrap())
}

struct Test {
    rt: Runtime,
    tx: Senders,
}

fn runtime(sources: Vec<Box<dyn Source>>, sinks: Vec<Box<dyn Sink>>, cell: EngineCell) -> Test {
    let (tx, rx) = sources::channels();
    runtime_on((tx, rx), sources, sinks, cell)
}

/// [`runtime`] on channels made beforehand.
fn runtime_on(
    (tx, rx): (Senders, Receivers),
    sources: Vec<Box<dyn Source>>,
    sinks: Vec<Box<dyn Sink>>,
    cell: EngineCell,
) -> Test {
    let mut srcs = Sources::default();
    for s in sources {
        srcs.add(s);
    }
    let mut all = Sinks::default();
    for s in sinks {
        all.add(s);
    }
    let parts = Parts {
        engine: cell,
        suggester: Suggester::new(Default::default()),
        cues: Cues::empty(),
        journal: None,
        sinks: all,
        sources: srcs,
        offer: None,
        clipboard: Box::new(|_| Ok(())),
    };
    let mut state = State::new(Options {
        lang: Some(Lang::En),
        ..Options::default()
    });
    state.size = (120, 40);
    Test {
        rt: Runtime::new(state, parts, tx.clone(), rx),
        tx,
    }
}

fn customer(text: &str, final_: bool) -> Event {
    Event::Transcript(TranscriptEvent {
        speaker: Speaker::Customer,
        text: text.into(),
        ts: None,
        final_,
        at: None,
    })
}

fn key(c: char) -> Event {
    Event::Key(Key::plain(KeyCode::Char(c)))
}

#[test]
fn every_source_feeds_the_loop_and_every_sink_gets_the_same_records() {
    let (atx, arx) = crossbeam_channel::unbounded();
    let (btx, brx) = crossbeam_channel::unbounded();
    let (one, two) = (Memory::default(), Memory::default());
    let mut t = runtime(
        vec![
            Box::new(sources::Channel(arx)),
            Box::new(sources::Channel(brx)),
        ],
        vec![Box::new(one.clone()), Box::new(two.clone())],
        Arc::default(),
    );
    atx.send(customer("me han", false)).unwrap();
    // An empty final event closes the interim line: never shown, never journaled.
    atx.send(customer("", true)).unwrap();
    atx.send(customer("me han cobrado dos veces", true))
        .unwrap();
    btx.send(Event::Transcript(TranscriptEvent {
        speaker: Speaker::Agent,
        text: "dígame".into(),
        ts: None,
        final_: true,
        at: None,
    }))
    .unwrap();
    let input = t.tx.input.clone();
    let mut screen = Script {
        step: |s: &State| {
            if s.turns.len() == 2 && s.turns.iter().all(|t| t.final_) {
                vec![Event::Terminate]
            } else {
                vec![]
            }
        },
        input,
    };
    assert!(t.rt.run(&mut screen).unwrap(), "ended by the signal");
    let mut texts = one.turns();
    texts.sort();
    assert_eq!(texts, ["dígame", "me han cobrado dos veces"]);
    assert_eq!(*one.got.lock().unwrap(), *two.got.lock().unwrap());
    assert!(t.rt.state.turns.iter().all(|t| !t.text.is_empty()));
}

#[test]
fn a_failing_sink_tells_the_agent_at_once_and_the_call_goes_on() {
    let broken = Memory {
        fail_from: Some(1),
        ..Memory::default()
    };
    let good = Memory::default();
    let mut t = runtime(
        vec![],
        vec![Box::new(broken.clone()), Box::new(good.clone())],
        Arc::default(),
    );
    for text in ["uno", "dos", "tres"] {
        t.tx.feed.send(customer(text, true)).unwrap();
    }
    let mut seen_status = None;
    let input = t.tx.input.clone();
    let mut screen = Script {
        step: |s: &State| {
            if s.turns.len() == 3 {
                seen_status = s.status.clone();
                vec![Event::Terminate]
            } else {
                vec![]
            }
        },
        input,
    };
    t.rt.run(&mut screen).unwrap();
    let status = seen_status.expect("the agent is told");
    assert!(status.error);
    assert!(status.text.contains("disk full"), "{}", status.text);
    // What was written before the failure is kept; the call went on in memory.
    assert_eq!(broken.turns(), ["uno"]);
    assert_eq!(good.turns(), ["uno", "dos", "tres"]);
    assert_eq!(t.rt.state.turns.len(), 3);
}

#[test]
fn a_flooding_source_never_keeps_the_keyboard_waiting() {
    let (ftx, frx) = crossbeam_channel::unbounded();
    let flood = std::thread::spawn(move || {
        for i in 0..200_000 {
            if ftx.send(customer(&format!("línea {i}"), false)).is_err() {
                return;
            }
        }
    });
    let mut t = runtime(
        vec![Box::new(sources::Channel(frx))],
        vec![],
        Arc::default(),
    );
    let input = t.tx.input.clone();
    let mut typed = false;
    let mut screen = Script {
        step: |s: &State| {
            if s.input.text() == "h" {
                vec![Event::Terminate]
            } else if !typed {
                typed = true;
                vec![key('h')]
            } else {
                vec![]
            }
        },
        input,
    };
    t.rt.run(&mut screen).unwrap();
    assert_eq!(t.rt.state.input.text(), "h");
    drop(t);
    let _ = flood.join();
}

#[test]
fn nothing_is_drawn_when_nothing_changed() {
    let mut t = runtime(vec![], vec![], Arc::default());
    for _ in 0..20 {
        t.tx.feed.send(Event::Tick).unwrap();
    }
    t.tx.feed.send(Event::Terminate).unwrap();
    let input = t.tx.input.clone();
    let mut screen = Script {
        step: |_: &State| vec![],
        input,
    };
    t.rt.run(&mut screen).unwrap();
    assert_eq!(t.rt.draws, 1, "only the first screen");
}

#[test]
fn an_engine_swapped_mid_typing_serves_the_next_keystroke() {
    let cell: EngineCell = Arc::default();
    cell.set(engine(&[article(
        "averias/router",
        "Router sin luz",
        "El router no enciende.",
    )]));
    let mut t = runtime(vec![], vec![], cell.clone());
    t.rt.state.focus = crate::app::Focus::Search;
    let input = t.tx.input.clone();
    let mut stage = 0;
    let mut screen = Script {
        step: |s: &State| {
            let ids: Vec<&str> = s.hits.iter().map(|h| h.id.as_str()).collect();
            match stage {
                0 => {
                    stage = 1;
                    "route".chars().map(key).collect()
                }
                1 if ids == ["averias/router"] => {
                    // The knowledge changed while the agent types.
                    cell.set(engine(&[article(
                        "averias/router-nuevo",
                        "Router nuevo",
                        "El router nuevo no enciende.",
                    )]));
                    stage = 2;
                    vec![key('r')]
                }
                2 if ids == ["averias/router-nuevo"] => vec![Event::Terminate],
                _ => vec![],
            }
        },
        input,
    };
    t.rt.run(&mut screen).unwrap();
    assert_eq!(t.rt.state.query.text(), "router");
    assert_eq!(t.rt.state.hits[0].id, "averias/router-nuevo");
}

#[test]
fn the_watcher_refreshes_the_index_when_a_knowledge_file_changes() {
    use crate::knowledge::{Root, RootSource};
    let tmp = tempfile::tempdir().unwrap();
    let kb = tmp.path().join("kb");
    std::fs::create_dir_all(kb.join("averias")).unwrap();
    std::fs::write(
        kb.join("averias/router.md"),
        "+++\ntitle = \"Router sin luz\"\n+++\n\nEl router no enciende.\n",
    )
    .unwrap();
    let roots = vec![Root::open(RootSource::Dir(kb.clone()), &kb).unwrap()];
    let cell: EngineCell = Arc::default();
    let (tx, rx) = crossbeam_channel::unbounded();
    let _watch = watch::spawn(
        roots,
        tmp.path().join("cache"),
        cell.clone(),
        Suggester::new(Default::default()),
        tx,
    );
    let first = rx.recv().unwrap();
    assert!(
        matches!(first, Event::IndexReady { articles: 1, .. }),
        "{first:?}"
    );
    // Then what `tag:` and `cat:` can filter by.
    let facets = rx.recv().unwrap();
    assert!(
        matches!(&facets, Event::Facets(f) if f.categories == ["averias"]),
        "{facets:?}"
    );
    std::fs::write(
        kb.join("averias/zafiro.md"),
        "+++\ntitle = \"Router zafiro\"\n+++\n\nEl router zafiro parpadea.\n",
    )
    .unwrap();
    let ev = rx.recv().unwrap();
    assert!(
        matches!(ev, Event::KnowledgeUpdated { added: 1, .. }),
        "{ev:?}"
    );
    assert_eq!(cell.get().map(|e| e.len()), Some(2));
}

/// A mock call run headless: the scripted customer is a source, the trainee's typed turns
/// reach it through its sink, and the journal says what happened, in order.
#[test]
fn a_scripted_mock_call_runs_through_the_loop_into_the_journal() {
    use crate::conversation::journal::{self, Mode, StartInfo};
    use crate::runtime::scripted::{self, Clock};
    let scenario = crate::training::scenario::parse(
        std::path::Path::new("scenarios/prueba.toml"),
        "title = \"Prueba\"\nlang = \"es\"\ndifficulty = \"easy\"\n\
         [customer]\nname = \"Marta Ruiz\"\n\
         [[line]]\nsay = \"Quiero la baja.\"\n\
         [[line]]\nsaid = \"dni\"\nsay = \"Es el 1234.\"\n\
         [[line]]\nsaid = \"gracias\"\nsay = \"Adiós.\"\nend = true\n\
         [[line]]\nanytime = true\nsaid = \"nombre\"\nsay = \"Marta Ruiz.\"\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let start = StartInfo {
        mode: Mode::Training,
        agent: "Ana".into(),
        // Scored against a scenario of the sample base (the script here is a short one).
        scenario: "baja-cliente-enfadado".into(),
        trainee: "Ana".into(),
        ..StartInfo::default()
    };
    let journal = CallJournal::new(dir.path(), Redactor::default(), start).not_resumable();
    // A fast clock: the customer's typing takes no time to speak of.
    let (customer, trainee) = scripted::pair(scenario, Clock::new(1000));
    let mut t = runtime(
        vec![Box::new(customer)],
        vec![Box::new(trainee)],
        Arc::default(),
    );
    t.rt.exec.journal = Some(journal);
    t.rt.state.practice = Some(crate::app::Practice {
        scenario: "prueba".into(),
        title: "Prueba".into(),
        trainee: "Ana".into(),
        ..Default::default()
    });
    let typed = |text: &str| -> Vec<Event> {
        text.chars()
            .map(key)
            .chain([Event::Key(Key::plain(KeyCode::Enter))])
            .collect()
    };
    let input = t.tx.input.clone();
    let mut screen = Script {
        step: |s: &State| {
            let said = |x: &str| s.turns.iter().any(|t| t.text == x);
            let agent = s
                .turns
                .iter()
                .filter(|t| t.speaker == Speaker::Agent)
                .count();
            if s.practice.as_ref().is_some_and(|p| p.wrapped_up) {
                vec![Event::Terminate]
            } else if s.wrapup().is_some() {
                vec![Event::Key(Key::plain(KeyCode::Enter))]
            } else if agent == 0 && said("Quiero la baja.") {
                typed("¿Me dice su nombre y su DNI?")
            } else if agent == 1 && said("Es el 1234.") && said("Marta Ruiz.") {
                typed("Gracias")
            } else {
                vec![]
            }
        },
        input,
    };
    t.rt.run(&mut screen).unwrap();
    assert!(t.rt.close().is_empty());
    let calls = journal::list(dir.path()).unwrap();
    assert_eq!(calls.len(), 1);
    let (records, warnings) = journal::read(&calls[0].path).unwrap();
    assert!(warnings.is_empty());
    let JournalEntry::Start {
        mode,
        scenario,
        trainee,
        ..
    } = &records[0].entry
    else {
        panic!("{:?}", records[0]);
    };
    assert_eq!(
        (mode, scenario.as_str(), trainee.as_str()),
        (&Mode::Training, "baja-cliente-enfadado", "Ana")
    );
    let said: Vec<String> = records
        .iter()
        .filter_map(|r| match &r.entry {
            JournalEntry::Turn { speaker, text, .. } => Some(format!("{speaker:?}: {text}")),
            JournalEntry::Customer { name, .. } => Some(format!("name: {name}")),
            JournalEntry::Wrapup { .. } => Some("wrapup".into()),
            JournalEntry::End { .. } => Some("end".into()),
            _ => None,
        })
        .collect();
    assert_eq!(
        said,
        [
            "Customer: Quiero la baja.",
            "Agent: ¿Me dice su nombre y su DNI?",
            "name: Marta Ruiz",
            "Customer: Es el 1234.",
            "Customer: Marta Ruiz.",
            "Agent: Gracias",
            "Customer: Adiós.",
            "wrapup",
            "end",
        ]
    );
    // The scorer reads the same journal into a training scorecard.
    let root = crate::knowledge::Root::open(
        crate::knowledge::RootSource::Dir("knowledge".into()),
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")),
    )
    .unwrap();
    let scored = crate::training::saved::score_journal(
        &calls[0].path,
        &[root],
        &crate::training::saved::Options::default(),
    )
    .unwrap();
    assert_eq!(scored.card.mode, "training");
    assert_eq!(scored.card.session, calls[0].id);
    let card = &scored.card;
    let md = card.to_markdown(crate::text::Lang::En);
    // The sample rubric by hand, with the sample scenario's [expect]:
    // opening 0/10 → 0 %; security (10 + 2/3 × 10) / 20 → 83.3 %; knowledge 0/20 → 0 %;
    // communication 10/20 → 50 %; closing 6/10 → 60 %; the weighted mean
    // (0 × 10 + 83.33 × 25 + 0 × 25 + 50 × 25 + 60 × 15) / 100 = 42.33 → 42.3 %.
    assert_eq!(card.score, Some(42.3), "{md}");
    assert_eq!(
        (card.passed, card.auto_failed, card.provisional),
        (false, false, true),
        "{md}"
    );
    assert_eq!(card.band.as_ref().map(|b| b.min), Some(0));
    assert!(card.critical_failures.is_empty(), "{md}");
    assert_eq!(card.first_article, None);
    assert_eq!(card.handle.target_ms, Some(360_000));
    let sections: Vec<(&str, Option<f64>, f64, u32)> = card
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.score, s.earned, s.possible))
        .collect();
    assert_eq!(
        sections,
        [
            ("opening", Some(0.0), 0.0, 10),
            ("security", Some(83.3), 16.7, 20),
            ("knowledge", Some(0.0), 0.0, 20),
            ("communication", Some(50.0), 10.0, 20),
            ("closing", Some(60.0), 6.0, 10),
        ],
        "{md}"
    );
    // Each item: its outcome, its points, and each piece of evidence as the turn it
    // points at and what happened there. The silence and the handle time are measured
    // on the wall clock, so only their outcome is asserted.
    let items: Vec<String> = card
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .map(|i| {
            let evidence: Vec<String> = i
                .evidence
                .iter()
                .map(|e| {
                    let v = serde_json::to_value(e).unwrap();
                    let what = v["what"].as_str().unwrap_or_default().to_string();
                    let detail = ["article", "fact", "after", "label_en", "disposition"]
                        .iter()
                        .find_map(|k| v[k].as_str());
                    match (i.id.as_str(), detail) {
                        ("dead_air" | "handle_time", _) => what,
                        (_, Some(d)) => format!("{} {what} {d}", e.turn),
                        (_, None) => format!("{} {what}", e.turn),
                    }
                })
                .collect();
            let earned = i.earned.map_or("-".to_string(), |e| e.to_string());
            format!(
                "{} {:?} {earned}/{}: {}",
                i.id,
                i.outcome,
                i.points,
                evidence.join("; ")
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            // The agent's first two turns had no company name, its turns no introduction.
            "greeting Missed 0/5: 5 not_said",
            "offer_help Missed 0/5: 6 not_said",
            // The account was never touched: nothing to verify before it.
            "verify_before_change NotApplicable -/10: 6 not_reached intent:account_change",
            "no_forbidden_data Met 10/10: 6 avoided",
            // Name and DNI asked in turn 2; the bill amount never.
            "hidden_facts Partial 6.7/10: 2 fact_asked Nombre del titular; \
             2 fact_asked DNI; 6 fact_not_asked Importe de la última factura",
            "right_article Missed 0/10: 6 not_opened guias/cliente-enfadado; \
             6 not_opened bajas/oferta-retencion",
            "first_article_fast Missed 0/5: 6 no_relevant_article",
            "steps_in_order NotApplicable -/10: 6 not_reached article:bajas/oferta-retencion",
            "required_phrases Missed 0/5: 6 not_said; 6 not_said",
            // "Quiero la baja." is a cue; the answer in turn 2 showed no empathy.
            "empathy Missed 0/10: 1 cue Intent to leave; 2 empathy_missing",
            "avoid_phrases Met 5/5: 6 avoided",
            "dead_air Met 5/5: silence",
            "tone Open -/5: 6 needs_person",
            "customer_name Open -/2: 6 needs_person",
            "anything_else Missed 0/4: 6 not_said",
            "wrapup Met 3/3: 6 wrapup resolved",
            "handle_time Met 3/3: handle",
            "resolution Open -/5: 6 needs_person",
        ],
        "{md}"
    );
}

#[test]
fn a_quit_key_behind_a_flood_is_served_before_the_flood_and_interim_revisions_collapse() {
    // 100,000 turns, each said as three interim revisions and its final text, all
    // waiting before the loop starts.
    let (ftx, frx) = crossbeam_channel::unbounded();
    let turns = 100_000;
    for i in 0..turns {
        for words in ["me", "me han", "me han cobrado"] {
            ftx.send(customer(&format!("{i} {words}"), false)).unwrap();
        }
        ftx.send(customer(&format!("{i} me han cobrado dos veces"), true))
            .unwrap();
    }
    let journal = Memory::default();
    let mut t = runtime(
        vec![Box::new(sources::Channel(frx))],
        vec![Box::new(journal.clone())],
        Arc::default(),
    );
    let input = t.tx.input.clone();
    let mut asked = false;
    let mut screen = Script {
        step: |s: &State| {
            // The first screen with turns on it: the agent quits (and confirms).
            if !s.turns.is_empty() && !asked {
                asked = true;
                vec![Event::Key(Key::ctrl('q')), key('y')]
            } else {
                vec![]
            }
        },
        input,
    };
    let terminated = t.rt.run(&mut screen).unwrap();
    assert!(!terminated, "ended by the key, not a signal");
    // One batch was applied before the keys came; the keys went before the next one.
    let shown = t.rt.state.turns.len();
    assert_eq!(shown, FEED_BATCH / 4, "a batch of 256 events is 64 turns");
    assert!(t.rt.state.turns.iter().all(|t| t.final_));
    // Each turn's interim revisions collapsed into its final text: 64 turn events and
    // the two keys were applied, not 256 + 2.
    assert_eq!(t.rt.handled, (shown + 2) as u64);
    let journaled = journal.turns();
    assert_eq!(journaled.len(), shown);
    assert_eq!(journaled[0], "0 me han cobrado dos veces");
    drop(t);
    drop(ftx);
}

#[test]
fn a_signal_behind_a_flood_ends_the_loop_at_once() {
    let (ftx, frx) = crossbeam_channel::unbounded();
    for i in 0..50_000 {
        ftx.send(customer(&format!("turno {i}"), true)).unwrap();
    }
    let mut t = runtime(
        vec![Box::new(sources::Channel(frx))],
        vec![],
        Arc::default(),
    );
    let input = t.tx.input.clone();
    let mut screen = Script {
        step: |s: &State| {
            if s.turns.is_empty() {
                vec![]
            } else {
                vec![Event::Terminate]
            }
        },
        input,
    };
    assert!(t.rt.run(&mut screen).unwrap(), "ended by the signal");
    assert_eq!(t.rt.state.turns.len(), FEED_BATCH);
    drop(ftx);
}

#[test]
fn coalescing_keeps_order_and_drops_only_what_a_neighbour_replaces() {
    let agent = |text: &str, final_: bool| {
        Event::Transcript(TranscriptEvent {
            speaker: Speaker::Agent,
            text: text.into(),
            ts: None,
            final_,
            at: None,
        })
    };
    let problems = |n: u64| Event::FeedProblems {
        source: "transcript".into(),
        bad_lines: n,
        refused: 0,
        busy: 0,
    };
    let mut batch = vec![
        customer("me", false),
        customer("me han", false),
        // Another speaker between: the customer's open line stays where it is.
        agent("dígame", false),
        customer("me han cobrado", false),
        customer("me han cobrado dos veces", true),
        problems(1),
        problems(2),
        agent("dígame", true),
        customer("", true),
    ];
    assert_eq!(sources::coalesce(&mut batch), 3);
    assert_eq!(
        batch,
        vec![
            customer("me han", false),
            agent("dígame", false),
            customer("me han cobrado dos veces", true),
            problems(2),
            agent("dígame", true),
            customer("", true),
        ]
    );
    // Applying the coalesced batch gives what the whole one gives.
    let apply = |events: &[Event]| {
        let mut turns = Vec::new();
        for e in events {
            if let Event::Transcript(ev) = e {
                crate::conversation::apply_event(&mut turns, ev.clone(), "t");
            }
        }
        turns
    };
    let whole = vec![
        customer("me", false),
        customer("me han", false),
        agent("dígame", false),
        customer("me han cobrado", false),
        customer("me han cobrado dos veces", true),
        agent("dígame", true),
        customer("", true),
    ];
    let mut coalesced = whole.clone();
    sources::coalesce(&mut coalesced);
    assert_eq!(apply(&whole), apply(&coalesced));
}

#[test]
fn past_calls_are_read_from_the_journals_off_the_loop() {
    use crate::conversation::journal::{self as j, Disposition};
    let tmp = tempfile::tempdir().unwrap();
    // An earlier call of the customer, and one of somebody else.
    for (reference, note) in [("A-4821", "llamar el lunes"), ("B-1", "otro")] {
        let mut journal =
            j::Journal::create(tmp.path(), Redactor::default(), Default::default()).unwrap();
        journal
            .append(JournalEntry::Customer {
                name: String::new(),
                reference: reference.into(),
            })
            .unwrap();
        journal.wrapup(Disposition::Callback, note).unwrap();
        journal.end().unwrap();
    }
    let (tx, rx) = sources::channels();
    let parts = Parts {
        engine: Arc::default(),
        suggester: Suggester::new(Default::default()),
        cues: Cues::empty(),
        journal: Some(CallJournal::new(
            tmp.path(),
            Redactor::default(),
            Default::default(),
        )),
        sinks: Sinks::default(),
        sources: Sources::default(),
        offer: None,
        clipboard: Box::new(|_| Ok(())),
    };
    let mut state = State::new(Options::default());
    state.customer.reference = "A-4821".into();
    let mut rt = Runtime::new(state, parts, tx.clone(), rx);
    let mut asked = false;
    let mut found = None;
    let mut screen = Script {
        step: |s: &State| {
            if !asked {
                asked = true;
                return vec![Event::Key(Key::ctrl('r'))];
            }
            match s.overlay() {
                Some(crate::app::Overlay::PastCalls(p)) if p.calls.is_some() => {
                    found = p.calls.clone();
                    vec![Event::Terminate]
                }
                _ => vec![],
            }
        },
        input: tx.input.clone(),
    };
    rt.run(&mut screen).unwrap();
    let found = found.expect("the calls came back");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].note, "llamar el lunes");
}

/// A sink that, on its first record, types more keys (as if the agent went on typing
/// while the loop was busy with that round).
struct TypesOn {
    input: crossbeam_channel::Sender<Event>,
    keys: Vec<Event>,
}

impl Sink for TypesOn {
    fn record(&mut self, _: &JournalEntry) -> io::Result<()> {
        for k in self.keys.drain(..) {
            let _ = self.input.send(k);
        }
        Ok(())
    }
}

#[test]
fn keys_pressed_while_a_round_runs_keep_their_order() {
    let memory = Memory::default();
    let (tx, rx) = sources::channels();
    let enter = Event::Key(Key::plain(KeyCode::Enter));
    let later = vec![key('1'), key('2'), enter.clone()];
    let types_on = TypesOn {
        input: tx.input.clone(),
        keys: later,
    };
    // "hi", Enter, "xyz" wait in one round; the first record types "12" and Enter.
    for ev in [key('h'), key('i'), enter, key('x'), key('y'), key('z')] {
        tx.input.send(ev).unwrap();
    }
    let input = tx.input.clone();
    let mut t = runtime_on(
        (tx, rx),
        vec![],
        vec![Box::new(memory.clone()), Box::new(types_on)],
        Arc::default(),
    );
    let mut screen = Script {
        step: |s: &State| {
            if s.turns.len() >= 2 {
                vec![Event::Terminate]
            } else {
                vec![]
            }
        },
        input,
    };
    assert!(t.rt.run(&mut screen).unwrap());
    assert_eq!(memory.turns(), ["hi", "xyz12"]);
}

/// Feedback with no call running goes to the feedback journal (a vote on a row of the
/// list gets the article's version from the index); once a call's journal is open,
/// feedback goes into it and the feedback journal is left alone.
#[test]
fn feedback_goes_to_the_call_or_else_to_the_feedback_journal() {
    use crate::conversation::journal::{self, FlagReason};
    let tmp = tempfile::tempdir().unwrap();
    let a = article("facturacion/cargo", "Cargo duplicado", "Devuelva el cargo.");
    let cell: EngineCell = Arc::default();
    cell.set(engine(std::slice::from_ref(&a)));
    let mut t = runtime(vec![], vec![], cell);
    t.rt.exec.journal = Some(CallJournal::new(
        tmp.path(),
        Redactor::default(),
        Default::default(),
    ));
    t.rt.feedback_to(FeedbackLog::new(tmp.path(), Redactor::default()));
    let mut queue = VecDeque::new();
    let vote = JournalEntry::Helpful {
        article: a.id.clone(),
        helpful: true,
        version: None,
        updated: None,
        via: Some("search".into()),
        call: None,
    };
    t.rt.exec
        .carry_out(Effect::Record(vote.clone()), &mut queue);
    assert!(queue.is_empty(), "{queue:?}");
    let log = journal::feedback_path(tmp.path());
    let (records, _) = journal::read(&log).unwrap();
    assert!(
        matches!(&records[0].entry, JournalEntry::Helpful { version: Some(v), .. } if *v == a.version()),
        "{records:?}"
    );
    assert!(
        journal::journal_paths(tmp.path()).unwrap().is_empty(),
        "no call began"
    );

    // A call begins (its first record); feedback now goes into its journal.
    let opened = JournalEntry::Open {
        article: a.id.clone(),
        title: a.title.clone(),
        via: None,
    };
    t.rt.exec.carry_out(Effect::Record(opened), &mut queue);
    let flag = JournalEntry::Flag {
        article: None,
        title: String::new(),
        version: None,
        updated: None,
        owner: None,
        reason: FlagReason::Suggestion,
        comment: "un cajero de más".into(),
        step: None,
        paragraph: String::new(),
        call: None,
    };
    t.rt.exec.carry_out(Effect::Record(flag), &mut queue);
    assert!(queue.is_empty(), "{queue:?}");
    assert_eq!(journal::read(&log).unwrap().0.len(), 1);
    let paths = journal::journal_paths(tmp.path()).unwrap();
    let (records, _) = journal::read(&paths[0]).unwrap();
    assert!(
        records
            .iter()
            .any(|r| matches!(r.entry, JournalEntry::Flag { .. }))
    );
}

/// Feedback and a wrap-up ask the center's shipper for a round at once; a turn waits
/// for its next regular round.
#[test]
fn feedback_and_wrap_ups_ask_the_center_to_ship_now() {
    use crate::conversation::journal::Disposition;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let tmp = tempfile::tempdir().unwrap();
    let mut t = runtime(vec![], vec![], Arc::default());
    t.rt.exec.journal = Some(CallJournal::new(
        tmp.path(),
        Redactor::default(),
        Default::default(),
    ));
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    t.rt.ship_soon(Box::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    let mut queue = VecDeque::new();
    let turn = JournalEntry::Turn {
        speaker: crate::conversation::Speaker::Customer,
        text: "me han cobrado dos veces".into(),
        ts: None,
        at: None,
    };
    t.rt.exec.carry_out(Effect::Record(turn), &mut queue);
    assert_eq!(
        asked.load(Ordering::SeqCst),
        0,
        "a turn waits for the round"
    );
    let vote = JournalEntry::Helpful {
        article: "facturacion/cargo".into(),
        helpful: false,
        version: None,
        updated: None,
        via: Some("reader".into()),
        call: None,
    };
    t.rt.exec.carry_out(Effect::Record(vote), &mut queue);
    assert_eq!(asked.load(Ordering::SeqCst), 1);
    let wrapup = JournalEntry::Wrapup {
        disposition: Disposition::Resolved,
        note: String::new(),
    };
    t.rt.exec.carry_out(Effect::Record(wrapup), &mut queue);
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    assert!(queue.is_empty(), "{queue:?}");
}
