//! `apunte` with no subcommand: the full-screen workspace.
//!
//! The run loop: one event channel fed by the input thread, the search worker, the index
//! opener, signals and a tick; take one event, drain what else is queued, apply all with
//! [`app::update`], carry out the effects, draw once.
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};

use crate::app::{self, Effect, Event, Options, Record, State};
use crate::config::Setup;
use crate::knowledge::Root;
use crate::knowledge::replies::Reply;
use crate::search::{Engine, SearchRequest};
use crate::ui::{self, Theme};

/// Where recorded state changes go. The journal writer implements this later; until then
/// records are dropped.
pub trait Recorder {
    /// Records one change; an error is shown in the status bar (the call goes on).
    fn record(&mut self, record: &Record) -> std::io::Result<()>;
}

/// Records nothing.
pub struct NoRecorder;

impl Recorder for NoRecorder {
    fn record(&mut self, _record: &Record) -> std::io::Result<()> {
        Ok(())
    }
}

/// The call journal records what the workspace reports (redacted and synced by the
/// journal itself).
impl Recorder for crate::conversation::journal::Journal {
    fn record(&mut self, record: &Record) -> std::io::Result<()> {
        use crate::conversation::journal::JournalEntry as J;
        match record {
            Record::Turn(t) => self.turn(t),
            Record::Search { query, hits, top } => self.append(J::Search {
                query: query.clone(),
                hits: *hits,
                top: top.clone(),
            }),
            Record::Opened { id, title, via } => self.append(J::Open {
                article: id.clone(),
                title: title.clone(),
                via: via.clone(),
            }),
            Record::Copied { id, text } => self.append(J::Copy {
                article: id.clone(),
                text: text.clone(),
            }),
            Record::Suggestions { articles } => self.append(J::Suggestion {
                articles: articles.clone(),
            }),
        }
    }
}

/// The engine once the index is open (filled by the index opener thread).
pub type EngineSlot = Arc<OnceLock<Arc<Engine>>>;

/// What a feeder gets: the event channel and the engine slot.
pub struct Feed {
    pub tx: Sender<Event>,
    pub engine: EngineSlot,
}

/// A producer started before the loop (transcript source, suggestion worker …): it sends
/// [`Event::Transcript`], [`Event::FeedProblems`], [`Event::Suggestions`],
/// [`Event::Empathy`] … on its own thread.
pub type Feeder = Box<dyn FnOnce(Feed) + Send>;

/// What later features plug into the workspace without touching the update logic.
pub struct Hooks {
    /// Receives every recorded state change (the journal writer).
    pub recorder: Box<dyn Recorder>,
    /// Started with the event channel before the loop.
    pub feeders: Vec<Feeder>,
    /// Live call or training.
    pub mode: app::Mode,
}

impl Default for Hooks {
    fn default() -> Self {
        Hooks {
            recorder: Box::new(NoRecorder),
            feeders: Vec::new(),
            mode: app::Mode::Live,
        }
    }
}

/// Latest-wins query slot shared with the search worker.
#[derive(Default)]
struct Pending {
    slot: Mutex<Option<(u64, SearchRequest)>>,
    wake: Condvar,
}

impl Pending {
    fn put(&self, generation: u64, request: SearchRequest) {
        if let Ok(mut s) = self.slot.lock() {
            *s = Some((generation, request));
        }
        self.wake.notify_one();
    }
}

fn spawn_search_worker(pending: Arc<Pending>, engine: EngineSlot, tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("apunte-search".into())
        .spawn(move || {
            loop {
                let Some(engine) = engine.get().cloned() else {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                };
                let job = {
                    let Ok(mut guard) = pending.slot.lock() else {
                        return;
                    };
                    while guard.is_none() {
                        guard = match pending.wake.wait(guard) {
                            Ok(g) => g,
                            Err(_) => return,
                        };
                    }
                    guard.take()
                };
                if let Some((generation, request)) = job {
                    let hits = engine.search(&request);
                    if tx.send(Event::SearchDone { generation, hits }).is_err() {
                        return;
                    }
                }
            }
        });
}

fn spawn_index_opener(roots: Vec<Root>, cache_dir: &Path, slot: EngineSlot, tx: Sender<Event>) {
    let cache_dir = cache_dir.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("apunte-index".into())
        .spawn(move || match Engine::open(&roots, &cache_dir) {
            Ok((engine, report)) => {
                let articles = engine.len();
                let _ = slot.set(Arc::new(engine));
                let _ = tx.send(Event::IndexReady {
                    articles,
                    problems: report.diagnostics.len(),
                });
            }
            Err(e) => {
                let _ = tx.send(Event::IndexFailed(format!("{e:#}")));
            }
        });
}

fn spawn_ticks(tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("apunte-tick".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(250));
                if tx.send(Event::Tick).is_err() {
                    return;
                }
            }
        });
}

/// Quick replies of every root (`replies.toml`); problems are reported, not fatal.
fn load_replies(roots: &[Root]) -> (Vec<Reply>, Vec<String>) {
    let mut replies = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        let (r, diags) = crate::knowledge::replies::load(root);
        replies.extend(r);
        problems.extend(diags.iter().map(|d| d.to_string()));
    }
    (replies, problems)
}

/// Everything the loop needs besides the terminal.
pub struct Workspace {
    pub state: State,
    pub theme: Theme,
}

/// Builds the initial state and theme from the command line and config (no terminal).
pub fn prepare(cli: &crate::cli::Cli, setup: &Setup) -> anyhow::Result<(Workspace, Vec<String>)> {
    let config = &setup.config;
    let theme_name = cli.theme.clone().unwrap_or_else(|| config.theme.clone());
    let mut theme = Theme::load(&theme_name, Some(&setup.paths.config_dir))?;
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme = theme.without_color();
    }
    let (replies, problems) = load_replies(&setup.roots);
    let kb_name = setup
        .roots
        .iter()
        .map(|r| r.name.clone())
        .collect::<Vec<_>>()
        .join(" + ");
    let mut state = State::new(Options {
        lang: Some(config.ui_lang()),
        keymap: config.keymap()?,
        mode: app::Mode::Live,
        kb_name,
        article_count: 0,
        replies,
        agent_name: config.agent_name.clone(),
        mouse: config.mouse,
    });
    state.indexing = true;
    // `{company}`: the first root's name up to a dash ("Ondina Telecom — base de ejemplo").
    if let Some(root) = setup.roots.first() {
        let company = root
            .name
            .split([' ', '\u{a0}'])
            .take_while(|w| !matches!(*w, "—" | "–" | "-" | "|" | "·"))
            .collect::<Vec<_>>()
            .join(" ");
        state.placeholders.company = Some(company).filter(|c| !c.is_empty());
    }
    Ok((Workspace { state, theme }, problems))
}

/// Runs the workspace with nothing plugged in.
pub fn run(cli: &crate::cli::Cli) -> anyhow::Result<ExitCode> {
    run_with(cli, Hooks::default())
}

/// Runs the workspace with a recorder and feeders.
pub fn run_with(cli: &crate::cli::Cli, hooks: Hooks) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(&cli.kb.knowledge)?;
    let (ws, problems) = prepare(cli, &setup)?;
    let Workspace { mut state, theme } = ws;
    state.mode = hooks.mode;
    let mut recorder = hooks.recorder;

    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    let engine: EngineSlot = Arc::new(OnceLock::new());
    let pending = Arc::new(Pending::default());
    spawn_index_opener(
        setup.roots.clone(),
        &setup.paths.cache_dir,
        engine.clone(),
        tx.clone(),
    );
    spawn_search_worker(pending.clone(), engine.clone(), tx.clone());
    spawn_ticks(tx.clone());
    crate::term::spawn_signals(tx.clone())?;
    for feeder in hooks.feeders {
        feeder(Feed {
            tx: tx.clone(),
            engine: engine.clone(),
        });
    }
    for p in problems {
        let _ = tx.send(Event::Notice {
            text: p,
            error: true,
        });
    }

    let mut term = crate::term::enter(state.mouse)?;
    crate::term::spawn_input(tx.clone());
    let size = term.terminal.size()?;
    state.size = (size.width, size.height);
    let terminated = run_loop(
        &mut term,
        &mut state,
        &theme,
        &rx,
        &tx,
        &engine,
        &pending,
        recorder.as_mut(),
    )?;
    drop(term);
    Ok(if terminated {
        ExitCode::from(143)
    } else {
        ExitCode::SUCCESS
    })
}

/// The event loop; returns true when a signal ended it.
#[allow(clippy::too_many_arguments)]
fn run_loop(
    term: &mut crate::term::Term,
    state: &mut State,
    theme: &Theme,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    engine: &EngineSlot,
    pending: &Pending,
    recorder: &mut dyn Recorder,
) -> anyhow::Result<bool> {
    term.terminal.draw(|f| ui::draw(f, state, theme))?;
    let mut terminated = false;
    loop {
        let Ok(first) = rx.recv() else {
            return Ok(terminated);
        };
        let mut queue: std::collections::VecDeque<Event> =
            std::iter::once(first).chain(rx.try_iter()).collect();
        state.now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        while let Some(ev) = queue.pop_front() {
            if ev == Event::Terminate {
                terminated = true;
            }
            for effect in app::update(state, ev) {
                match effect {
                    Effect::Search {
                        generation,
                        request,
                    } => pending.put(generation, request),
                    Effect::OpenArticle(id) => match engine.get() {
                        Some(e) => {
                            let article = e.article(&id).map(Box::new);
                            queue.push_back(Event::ArticleLoaded { id, article });
                        }
                        None => queue.push_back(Event::Notice {
                            text: state.t(app::Msg::Indexing).to_string(),
                            error: false,
                        }),
                    },
                    Effect::Copy(text) => {
                        if let Err(e) = crate::term::copy(&text) {
                            let _ = tx.send(Event::ClipboardFailed(e.to_string()));
                        }
                    }
                    Effect::Record(r) => {
                        if let Err(e) = recorder.record(&r) {
                            queue.push_back(Event::RecordFailed(e.to_string()));
                        }
                    }
                    Effect::Quit => return Ok(terminated),
                }
            }
        }
        term.terminal.draw(|f| ui::draw(f, state, theme))?;
    }
}
