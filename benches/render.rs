//! Rendering and start-up, in process, on ratatui's `TestBackend`:
//! * one full frame of the workspace at 200x60 with a 10-turn conversation, 30 results
//!   and an open article (`ui::draw`), at each base size (the hits and the article come
//!   from the engine over that base);
//! * warm start: what the workspace does from start to its first full frame with a
//!   cached index — config and root loading, `runtime::prepare`, a warm
//!   `Engine::open`, `IndexReady`, one `ui::draw` (process start and terminal set-up not
//!   included; `run.sh` times the real binary for that);
//! * large content (`large.*`, once): a frame with 400 customer turns of 60 KB (long
//!   turns shortened, then in full), with 100,000 short turns, and with a 292 KB
//!   article of 100,000 nested list markers open; and applying one more transcript turn
//!   to a call of 1,000 and of 100,000 turns (the same cost is the point).
mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use apunte::app::{self, Event, Focus, State};
use apunte::cli::Cli;
use apunte::commands::setup::Setup;
use apunte::config::Paths;
use apunte::conversation::Speaker;
use apunte::conversation::event::TranscriptEvent;
use apunte::search::{Engine, SearchRequest};
use apunte::ui::{self, Theme};
use clap::Parser as _;
use common::{Base, Cache, Samples, label};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const W: u16 = 200;
const H: u16 = 60;

const CONVERSATION: &[(Speaker, &str)] = &[
    (
        Speaker::Customer,
        "Hola, buenos días, llamo porque me han cobrado dos veces la factura de este mes",
    ),
    (
        Speaker::Agent,
        "Buenos días, lo siento mucho. ¿Me confirma su DNI para revisar la cuenta?",
    ),
    (Speaker::Customer, "Sí, a nombre de Marta García"),
    (
        Speaker::Agent,
        "Gracias Marta. Veo dos cargos de 45 euros en la tarjeta, el día 3 y el día 5",
    ),
    (
        Speaker::Customer,
        "Eso es, y el banco me ha cobrado comisión por el descubierto, estoy bastante enfadada",
    ),
    (Speaker::Note, "Cliente desde 2019, tono tenso"),
    (
        Speaker::Agent,
        "Entiendo su enfado. Solicito ahora mismo la devolución del cargo duplicado",
    ),
    (
        Speaker::Customer,
        "¿Y cuánto tarda la devolución? Porque además quiero cambiar la domiciliación",
    ),
    (
        Speaker::Agent,
        "La devolución llega en 5 a 7 días hábiles; el cambio de domiciliación lo hacemos ahora",
    ),
    (
        Speaker::Customer,
        "Vale, y si vuelve a pasar me doy de baja, que la permanencia ya se me acaba",
    ),
];

/// The workspace as the agent sees it mid-call: conversation, results, open article.
fn busy_state(mut state: State, engine: &Engine) -> State {
    state.size = (W, H);
    state.now = "2026-11-23T10:15:00+00:00".into();
    for (i, (speaker, text)) in CONVERSATION.iter().enumerate() {
        app::update(
            &mut state,
            Event::Transcript(TranscriptEvent {
                speaker: *speaker,
                text: (*text).to_string(),
                final_: true,
                at: None,
                ts: Some(format!("2026-11-23T10:{:02}:00+00:00", 5 + i)),
            }),
        );
    }
    state.focus = Focus::Search;
    app::update(&mut state, Event::Paste("cargo duplicado".into()));
    let hits = engine.search(&SearchRequest {
        text: "cargo duplicado".into(),
        limit: app::SEARCH_LIMIT,
        ..SearchRequest::default()
    });
    let top = hits.first().map(|h| h.id.clone()).expect("a hit");
    let generation = state.generation;
    app::update(&mut state, Event::SearchDone { generation, hits });
    app::update(
        &mut state,
        Event::ArticleLoaded {
            id: top.clone(),
            article: engine.article(&top).map(Box::new),
        },
    );
    assert!(state.reader.is_some(), "the article is open");
    state.focus = Focus::Results;
    state
}

fn plain_state() -> State {
    State::new(app::Options {
        lang: Some(apunte::knowledge::Lang::Es),
        kb_name: "Synthetic".into(),
        agent_name: "Lucía".into(),
        ..app::Options::default()
    })
}

fn frame(c: &mut Criterion, base: &Base, engine: &Engine) {
    let mut state = busy_state(plain_state(), engine);
    state.article_count = engine.len();
    let theme = Theme::fallback();
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("test terminal");
    term.draw(|f| ui::draw(f, &state, &theme)).expect("draw");
    let screen = term.backend().to_string();
    assert!(
        screen.contains("argo") && screen.contains("uplicado"),
        "results on screen"
    );

    // Redraws alternate the selected result, as moving through the list does.
    let reps = if common::full_run() { 300 } else { 3 };
    let mut redraw = Samples::default();
    for i in 0..reps {
        state.selected = i % 2;
        redraw.time(|| term.draw(|f| ui::draw(f, &state, &theme)).expect("draw"));
    }
    redraw.report(&format!("frame.{}", label(base.n)));
    // A first frame: a new terminal, every cell written.
    let mut first = Samples::default();
    for _ in 0..reps / 3 + 1 {
        let mut t = Terminal::new(TestBackend::new(W, H)).expect("test terminal");
        first.time(|| t.draw(|f| ui::draw(f, &state, &theme)).expect("draw"));
    }
    first.report(&format!("first_frame.{}", label(base.n)));

    let mut g = c.benchmark_group("render");
    g.bench_function(
        format!("frame 200x60, results + article/{}", label(base.n)),
        |b| {
            let mut i = 0usize;
            b.iter(|| {
                i += 1;
                state.selected = i % 2;
                term.draw(|f| ui::draw(f, &state, &theme)).expect("draw");
            })
        },
    );
    g.finish();
}

/// Start-up with a warm cache, as `runtime::run` does it.
fn start(base: &Base, cache_dir: &Path, config_dir: &Path) -> usize {
    let cli = Cli::parse_from([
        "apunte".as_ref(),
        "--knowledge".as_ref(),
        base.dir.as_os_str(),
    ]);
    let paths = Paths {
        config_dir: config_dir.to_path_buf(),
        cache_dir: cache_dir.to_path_buf(),
        data_dir: config_dir.join("data"),
    };
    let setup = Setup::load(paths, &cli.kb.knowledge).expect("setup");
    let (ws, _problems) = apunte::runtime::prepare(
        &setup.config,
        &setup.paths,
        &setup.roots,
        None,
        Default::default(),
    )
    .expect("prepare");
    let apunte::runtime::setup::Workspace { mut state, theme } = ws;
    state.size = (W, H);
    let (engine, report) = Engine::open(&setup.roots, &setup.paths.cache_dir).expect("open");
    app::update(
        &mut state,
        Event::IndexReady {
            articles: engine.len(),
            problems: report.diagnostics.len(),
        },
    );
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("test terminal");
    term.draw(|f| ui::draw(f, &state, &theme)).expect("draw");
    black_box(term.backend().buffer().area.width);
    engine.len()
}

fn warm_start(c: &mut Criterion, base: &Base, cache: &Cache) {
    let config = Cache::fresh();
    assert_eq!(start(base, &cache.dir, &config.dir), base.n); // warm the cache
    let reps = if common::full_run() { 20 } else { 1 };
    let mut s = Samples::default();
    for _ in 0..reps {
        s.time(|| start(base, &cache.dir, &config.dir));
    }
    s.report(&format!("warm_start.{}", label(base.n)));
    let mut g = c.benchmark_group("start");
    g.bench_function(
        format!("warm start to first frame/{}", label(base.n)),
        |b| b.iter(|| start(base, &cache.dir, &config.dir)),
    );
    g.finish();
}

/// A state with `turns` customer turns of `text` and nothing else.
fn long_call(turns: usize, text: &str) -> State {
    let mut state = plain_state();
    state.size = (W, H);
    state.now = "2026-11-23T10:15:00+00:00".into();
    state.turns = (0..turns)
        .map(|i| apunte::conversation::Turn {
            speaker: Speaker::Customer,
            text: format!("turno {i} {text}"),
            ts: state.now.clone(),
            final_: true,
        })
        .collect();
    state
}

fn frames(key: &str, state: &State, reps: usize) {
    let theme = Theme::fallback();
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("test terminal");
    let mut s = Samples::default();
    for _ in 0..reps {
        s.time(|| term.draw(|f| ui::draw(f, state, &theme)).expect("draw"));
    }
    s.report(key);
}

fn large_content() {
    let reps = if common::full_run() { 50 } else { 3 };
    let words = "palabra ".repeat(7500);
    let mut state = long_call(400, &words);
    frames("large.frame_400x60KB_turns", &state, reps);
    state.turns_in_full = true;
    frames("large.frame_400x60KB_turns_in_full", &state, reps);
    let state = long_call(100_000, "me han cobrado la factura dos veces");
    frames("large.frame_100k_turns", &state, reps);

    let mut state = long_call(10, "hola");
    let article = apunte::knowledge::Article {
        id: "a/m".into(),
        title: "zorbolm".into(),
        lang: apunte::knowledge::Lang::Es,
        category: "a".into(),
        tags: vec![],
        summary: String::new(),
        keywords: vec![],
        updated: None,
        owner: None,
        review_by: None,
        status: None,
        decide: vec![],
        phrases: vec![],
        body: format!("# zorbolm\n{}x\n", "1. ".repeat(100_000)),
        text: String::new(),
        path: "/kb/a/m.md".into(),
        rel_path: "a/m.md".into(),
        body_line: 1,
    };
    app::update(
        &mut state,
        Event::ArticleLoaded {
            id: "a/m".into(),
            article: Some(Box::new(article)),
        },
    );
    assert!(state.reader.is_some(), "the article is open");
    frames("large.frame_292KB_nested_article", &state, reps);

    // One more turn, as the loop applies it, at two conversation lengths.
    for n in [1_000, 100_000] {
        let mut state = long_call(n, "me han cobrado la factura dos veces");
        let mut s = Samples::default();
        for i in 0..reps * 20 {
            let ev = Event::Transcript(TranscriptEvent {
                speaker: Speaker::Customer,
                text: format!("y otra cosa más {i}"),
                ts: None,
                final_: true,
                at: None,
            });
            s.time(|| black_box(app::update(&mut state, ev)));
        }
        s.report(&format!("large.update_one_turn.{}", label(n)));
    }
}

fn benches(c: &mut Criterion) {
    large_content();
    for n in common::sizes() {
        let base = Base::get(n);
        let (engine, cache) = common::engine(&base);
        let t = Instant::now();
        frame(c, &base, &engine);
        drop(engine);
        warm_start(c, &base, &cache);
        eprintln!(
            "render benches at {}: {:.1} s",
            label(n),
            t.elapsed().as_secs_f64()
        );
    }
}

criterion_group! {
    name = render;
    config = common::criterion();
    targets = benches
}
criterion_main!(render);
