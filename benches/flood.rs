//! A transcript flood through the real loop (`runtime::Runtime`), in process: 100,000
//! customer turns (each said as two interim revisions and its final text, 300,000
//! events) queued on a transcript source before the loop starts, the bundled knowledge
//! as the engine, the real call journal in a temporary folder, the real renderer on a
//! 200x60 `TestBackend`. While the flood is read, the screen types a key every 25th
//! frame; the bench reports how many turns a second the loop applies (journaled and
//! drawn), and how many frames and how long each key took to be on screen.
//!
//! `cargo bench --bench flood` (`APUNTE_FLOOD_TURNS=20000` for a shorter run).
use std::sync::Arc;
use std::time::{Duration, Instant};

use apunte::app::{self, Event, Key, KeyCode, State};
use apunte::assist::{Cues, Suggester};
use apunte::conversation::Speaker;
use apunte::conversation::event::TranscriptEvent;
use apunte::knowledge::{Root, RootSource, loader};
use apunte::redact::Redactor;
use apunte::runtime::{self, CallJournal, EngineCell, Parts, Runtime, Screen, Sinks, Sources};
use apunte::search::Engine;
use apunte::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

struct Flooded {
    term: Terminal<TestBackend>,
    theme: Theme,
    input: crossbeam_channel::Sender<Event>,
    turns: usize,
    frames: usize,
    /// A key sent and not yet on screen: when, at which frame, its character.
    pending: Option<(Instant, usize, char)>,
    typed: String,
    key_waits: Vec<(Duration, usize)>,
    done_at: Option<Instant>,
}

impl Screen for Flooded {
    fn draw(&mut self, state: &State) -> anyhow::Result<app::Drawn> {
        let mut drawn = state.drawn;
        self.term
            .draw(|f| drawn = ui::render(f, state, &self.theme))?;
        self.frames += 1;
        if let Some((sent, frame, c)) = self.pending
            && state.input.text().ends_with(c)
        {
            self.key_waits.push((sent.elapsed(), self.frames - frame));
            self.pending = None;
        }
        if state.turns.len() >= self.turns {
            self.done_at.get_or_insert_with(Instant::now);
            self.input.send(Event::Terminate)?;
        } else if self.pending.is_none() && self.frames.is_multiple_of(25) {
            let c = char::from(b'a' + (self.typed.len() % 26) as u8);
            self.typed.push(c);
            self.pending = Some((Instant::now(), self.frames, c));
            self.input.send(Event::Key(Key::plain(KeyCode::Char(c))))?;
        }
        Ok(drawn)
    }
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort_unstable();
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v.get(rank.clamp(1, v.len().max(1)) - 1)
        .copied()
        .unwrap_or_default()
}

fn main() {
    let turns: usize = std::env::var("APUNTE_FLOOD_TURNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let kb = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let root = Root::open(RootSource::Dir(kb.clone()), &kb).expect("the bundled knowledge");
    let base = loader::load(std::slice::from_ref(&root));
    let engine: EngineCell = Arc::default();
    engine.set(Arc::new(Engine::in_memory(&base.articles).expect("engine")));
    let data = tempfile::tempdir().expect("temp dir");

    let (ftx, frx) = crossbeam_channel::unbounded();
    for i in 0..turns {
        for (text, final_) in [
            (format!("turno {i} me han"), false),
            (format!("turno {i} me han cobrado"), false),
            (
                format!("turno {i} me han cobrado la factura dos veces"),
                true,
            ),
        ] {
            let ev = TranscriptEvent {
                speaker: Speaker::Customer,
                text,
                ts: None,
                final_,
                at: None,
            };
            ftx.send(Event::Transcript(ev)).expect("queued");
        }
    }
    let mut sources = Sources::default();
    sources.add(Box::new(runtime::sources::Channel(frx)));
    let parts = Parts {
        engine,
        suggester: Suggester::new(Default::default()),
        cues: Cues::load_roots(std::slice::from_ref(&root)).unwrap_or_else(|_| Cues::empty()),
        journal: Some(CallJournal::new(
            data.path(),
            Redactor::new(&Default::default()),
            Default::default(),
        )),
        sinks: Sinks::default(),
        sources,
        offer: None,
        clipboard: Box::new(|_| Ok(())),
    };
    let mut state = State::new(app::Options {
        lang: Some(apunte::knowledge::Lang::Es),
        kb_name: "knowledge".into(),
        ..app::Options::default()
    });
    state.size = (200, 60);
    let (tx, rx) = runtime::sources::channels();
    let input = tx.input.clone();
    let mut rt = Runtime::new(state, parts, tx, rx);
    let mut screen = Flooded {
        term: Terminal::new(TestBackend::new(200, 60)).expect("test terminal"),
        theme: Theme::fallback(),
        input,
        turns,
        frames: 0,
        pending: None,
        typed: String::new(),
        key_waits: Vec::new(),
        done_at: None,
    };
    let start = Instant::now();
    rt.run(&mut screen).expect("the loop");
    let took = screen.done_at.unwrap_or_else(Instant::now) - start;
    let errors = rt.close();
    assert!(errors.is_empty(), "{errors:?}");
    let shown = rt.state.turns.len();
    let mut waits: Vec<Duration> = screen.key_waits.iter().map(|w| w.0).collect();
    let frames_max = screen.key_waits.iter().map(|w| w.1).max().unwrap_or(0);
    eprintln!(
        "flood: {shown} turns ({} events) in {:.2} s: {:.0} turns/s applied, journaled and drawn; {} frames; {} applied events",
        turns * 3,
        took.as_secs_f64(),
        shown as f64 / took.as_secs_f64(),
        screen.frames,
        rt.handled,
    );
    eprintln!(
        "flood keys: {} typed, on screen after p50 {:.2} ms, p99 {:.2} ms, at most {frames_max} frame(s) later",
        waits.len(),
        percentile(&mut waits, 50.0).as_secs_f64() * 1e3,
        percentile(&mut waits, 99.0).as_secs_f64() * 1e3,
    );
    drop(ftx);
}
