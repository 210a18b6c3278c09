//! `apunte` with no subcommand: the full-screen workspace.
//!
//! The run loop: one event channel fed by the input thread, the search worker, the
//! suggestion worker, the index opener, the transcript sources, signals and a tick; take
//! one event, drain what else is queued, apply all with [`app::update`], carry out the
//! effects, draw once.
//!
//! A live call (`apunte` with no subcommand): the call journal ([`CallJournal`]) records
//! every turn, search, article opened, copy, suggestion, dismissal and the wrap-up, one
//! journal per call; an unfinished call from an earlier run is offered for resuming;
//! `--transcript FILE` and `--listen ADDR` feed turns (see [`crate::conversation::source`]).
//! Quitting in the middle of a call (turns said, no wrap-up) leaves it unfinished: the
//! next start offers to resume it.
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};

use crate::app::{self, Effect, Event, Options, Record, State};
use crate::assist::{Cues, Suggester};
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::conversation::Turn;
use crate::conversation::journal::{self, Journal, JournalEntry, SessionSummary};
use crate::conversation::redact::Redactor;
use crate::conversation::source::{self, FollowFrom, SourceEvent, SourceHandle};
use crate::knowledge::replies::Reply;
use crate::knowledge::{Lang, Root};
use crate::search::{Engine, SearchRequest};
use crate::ui::{self, Theme};

/// How long interim customer text waits before suggestions are computed again.
pub const SUGGEST_DEBOUNCE: Duration = Duration::from_millis(250);

/// Where recorded state changes go (the call journal, or nothing).
pub trait Recorder {
    /// Records one change; an error is shown in the status bar (the call goes on).
    fn record(&mut self, record: &Record) -> std::io::Result<()>;

    /// An unfinished call from an earlier run, to offer for resuming (None: nothing to
    /// offer, or this recorder does not resume).
    fn unfinished(&mut self) -> Option<SessionSummary> {
        None
    }

    /// Continues the unfinished call at `path`; returns its turns for the screen.
    fn resume(&mut self, _path: &Path) -> std::io::Result<Vec<Turn>> {
        Ok(Vec::new())
    }

    /// Closes the unfinished call at `path` that the agent chose not to resume.
    fn abandon(&mut self, _path: &Path) -> std::io::Result<()> {
        Ok(())
    }

    /// The workspace is closing; `in_progress`: turns were said and not wrapped up (the
    /// call stays unfinished, to be resumed).
    fn quit(&mut self, _in_progress: bool) -> std::io::Result<()> {
        Ok(())
    }
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
            Record::Dismissed { id } => self.append(J::Dismiss {
                article: id.clone(),
            }),
            Record::WrapUp { disposition, note } => {
                self.wrapup(*disposition, note)?;
                self.end()
            }
        }
    }
}

/// The journal of the live workspace: one [`Journal`] per call, created at the call's
/// first record (an idle start writes nothing), ended by the wrap-up; the next record
/// starts the next call's journal.
pub struct CallJournal {
    data_dir: PathBuf,
    redactor: Redactor,
    start: journal::StartInfo,
    journal: Option<Journal>,
    /// Final turns in the current journal.
    turns: usize,
}

impl CallJournal {
    /// A journal writer for calls in `<data_dir>/sessions/`.
    pub fn new(data_dir: &Path, redactor: Redactor, start: journal::StartInfo) -> CallJournal {
        CallJournal {
            data_dir: data_dir.to_path_buf(),
            redactor,
            start,
            journal: None,
            turns: 0,
        }
    }

    /// The current call's journal file, once it has one.
    pub fn path(&self) -> Option<&Path> {
        self.journal.as_ref().map(Journal::path)
    }

    fn current(&mut self) -> std::io::Result<&mut Journal> {
        if self.journal.as_ref().is_none_or(Journal::is_ended) {
            self.turns = 0;
            self.journal = Some(Journal::create(
                &self.data_dir,
                self.redactor.clone(),
                self.start.clone(),
            )?);
        }
        self.journal
            .as_mut()
            .ok_or_else(|| std::io::Error::other("no call journal"))
    }
}

impl Recorder for CallJournal {
    fn record(&mut self, record: &Record) -> std::io::Result<()> {
        let ends = matches!(record, Record::WrapUp { .. });
        self.current()?.record(record)?;
        if let Record::Turn(t) = record
            && t.final_
        {
            self.turns += 1;
        }
        if ends {
            self.journal = None;
            self.turns = 0;
        }
        Ok(())
    }

    fn unfinished(&mut self) -> Option<SessionSummary> {
        // Calls where nothing was said are closed quietly: nothing worth offering.
        for _ in 0..16 {
            let s = journal::unfinished(&self.data_dir)?;
            let said = journal::read(&s.path).is_ok_and(|(r, _)| !journal::turns(&r).is_empty());
            if said {
                return Some(s);
            }
            journal::mark_ended(&s.path, "empty").ok()?;
        }
        None
    }

    fn resume(&mut self, path: &Path) -> std::io::Result<Vec<Turn>> {
        let resumed = Journal::resume(path, self.redactor.clone())?;
        self.turns = resumed.turns.len();
        self.journal = Some(resumed.journal);
        Ok(resumed.turns)
    }

    fn abandon(&mut self, path: &Path) -> std::io::Result<()> {
        // Only `end` with reason `abandoned`: no outcome is made up, nothing was resumed.
        journal::mark_ended(path, journal::ABANDONED)
    }

    fn quit(&mut self, in_progress: bool) -> std::io::Result<()> {
        let Some(j) = &mut self.journal else {
            return Ok(());
        };
        if in_progress && self.turns > 0 {
            j.sync()
        } else if !j.is_ended() {
            j.append(JournalEntry::End {
                reason: Some("quit".into()),
            })
        } else {
            Ok(())
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
    let mut theme = Theme::load(&theme_name, Some(&setup.paths.config_dir))?
        .at_depth(crate::theme::Depth::from_env());
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

/// A suggestion job: the conversation as of now, when it is due.
struct SuggestJob {
    call: u64,
    turns: Vec<Turn>,
    dismissed: HashSet<String>,
    due: Instant,
}

/// Latest-wins suggestion slot shared with the suggestion worker.
#[derive(Default)]
struct SuggestPending {
    slot: Mutex<Option<SuggestJob>>,
    wake: Condvar,
}

impl SuggestPending {
    /// Queues a job (replacing any waiting one). Debounced jobs keep the due time of a
    /// waiting job, so growing interim text refreshes at most every [`SUGGEST_DEBOUNCE`].
    fn put(&self, state: &State, debounce: bool) {
        let now = Instant::now();
        if let Ok(mut s) = self.slot.lock() {
            let due = match (&*s, debounce) {
                (_, false) => now,
                (Some(old), true) => old.due,
                (None, true) => now + SUGGEST_DEBOUNCE,
            };
            *s = Some(SuggestJob {
                call: state.call,
                turns: state.turns.clone(),
                dismissed: state.dismissed.iter().cloned().collect(),
                due,
            });
        }
        self.wake.notify_one();
    }
}

fn spawn_suggest_worker(
    pending: Arc<SuggestPending>,
    engine: EngineSlot,
    suggester: Suggester,
    lang: Lang,
    tx: Sender<Event>,
) {
    let _ = std::thread::Builder::new()
        .name("apunte-suggest".into())
        .spawn(move || {
            loop {
                let job = {
                    let Ok(mut guard) = pending.slot.lock() else {
                        return;
                    };
                    loop {
                        match &*guard {
                            None => {
                                guard = match pending.wake.wait(guard) {
                                    Ok(g) => g,
                                    Err(_) => return,
                                };
                            }
                            Some(job) if job.due > Instant::now() => {
                                let wait = job.due.saturating_duration_since(Instant::now());
                                guard = match pending.wake.wait_timeout(guard, wait) {
                                    Ok((g, _)) => g,
                                    Err(_) => return,
                                };
                            }
                            Some(_) => break guard.take(),
                        }
                    }
                };
                let Some(job) = job else { continue };
                let engine = loop {
                    if let Some(e) = engine.get() {
                        break Arc::clone(e);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                };
                let s = suggester.suggest(&engine, &job.turns, &job.dismissed);
                let items = s
                    .items
                    .into_iter()
                    .map(|x| app::Suggestion {
                        reason: x.reason.text(lang),
                        hit: x.hit,
                    })
                    .collect();
                let ev = Event::Suggested {
                    call: job.call,
                    items,
                    nothing_confident: s.quiet,
                };
                if tx.send(ev).is_err() {
                    return;
                }
            }
        });
}

/// Forwards one source's events into the event channel, counting its problems.
fn bridge(name: &str, rx: Receiver<SourceEvent>, tx: Sender<Event>) {
    let name = name.to_string();
    let _ = std::thread::Builder::new()
        .name(format!("apunte-feed-{name}"))
        .spawn(move || {
            let mut bad = 0u64;
            for ev in rx.iter() {
                let ev = match ev {
                    SourceEvent::Turn(t) => Event::Transcript(t),
                    SourceEvent::Problem(_) => {
                        bad += 1;
                        Event::FeedProblems {
                            source: name.clone(),
                            bad_lines: bad,
                        }
                    }
                    SourceEvent::Connected(who) => Event::Feed {
                        who,
                        connected: true,
                    },
                    SourceEvent::Disconnected(who) => Event::Feed {
                        who,
                        connected: false,
                    },
                };
                if tx.send(ev).is_err() {
                    return;
                }
            }
        });
}

/// Checks a `--transcript` path before the terminal is taken (following starts later
/// when a resume prompt must be answered first).
fn check_transcript(path: &Path) -> anyhow::Result<()> {
    crate::conversation::source::check_follow_path(path)?;
    Ok(())
}

/// The live transcript sources of a run.
struct Sources {
    tx: Sender<Event>,
    transcript: Option<PathBuf>,
    handles: Vec<SourceHandle>,
}

impl Sources {
    /// Starts following the transcript file (once).
    fn follow(&mut self, from: FollowFrom) -> Option<String> {
        let path = self.transcript.take()?;
        let (stx, srx) = crossbeam_channel::bounded(1024);
        match source::follow_file_from(&path, from, stx) {
            Ok(h) => {
                self.handles.push(h);
                bridge("transcript", srx, self.tx.clone());
                None
            }
            Err(e) => Some(format!("--transcript {}: {e}", path.display())),
        }
    }
}

/// Runs the live workspace: call journal, resume offer, transcript sources.
pub fn run(cli: &crate::cli::Cli) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &cli.kb.knowledge)?;
    let config = &setup.config;
    let start = journal::StartInfo {
        mode: "live".into(),
        agent: config.agent_name.clone(),
        roots: setup
            .roots
            .iter()
            .map(|r| r.dir.display().to_string())
            .collect(),
    };
    let recorder = CallJournal::new(&setup.paths.data_dir, Redactor::new(&config.redact), start);
    run_setup(
        cli,
        setup,
        Hooks {
            recorder: Box::new(recorder),
            feeders: Vec::new(),
            mode: app::Mode::Live,
        },
    )
}

/// Runs the workspace with a recorder and feeders.
pub fn run_with(cli: &crate::cli::Cli, hooks: Hooks) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &cli.kb.knowledge)?;
    run_setup(cli, setup, hooks)
}

fn run_setup(cli: &crate::cli::Cli, setup: Setup, hooks: Hooks) -> anyhow::Result<ExitCode> {
    let (ws, problems) = prepare(cli, &setup)?;
    let Workspace { mut state, theme } = ws;
    state.mode = hooks.mode;
    if setup.config.redact.on_screen {
        state.screen_redactor = Some(Redactor::new(&setup.config.redact));
    }
    let mut recorder = hooks.recorder;

    let (tx, rx) = crossbeam_channel::unbounded::<Event>();

    // Sources first: a bad address or path is an error before the terminal is taken.
    let mut sources = Sources {
        tx: tx.clone(),
        transcript: None,
        handles: Vec::new(),
    };
    if let Some(addr) = &cli.listen {
        let (stx, srx) = crossbeam_channel::bounded(1024);
        let handle = source::listen(addr, cli.token.clone(), stx)?;
        bridge("listen", srx, tx.clone());
        sources.handles.push(handle);
    }
    if let Some(path) = &cli.transcript {
        check_transcript(path)?;
        sources.transcript = Some(path.clone());
    }

    // Checked after the flags, so their errors come first.
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the workspace needs a terminal (standard input and output are not one): run `apunte` in a terminal, or use `apunte search` and `apunte suggest` in scripts"
        );
    }

    // An unfinished call: the prompt decides; until then the file is not followed.
    let offer = recorder.unfinished();
    if let Some(s) = &offer {
        state.open_overlay(app::Overlay::Resume(app::ResumeOffer {
            id: s.id.clone(),
            turns: s.turns,
            started: s
                .started
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
        }));
    } else if let Some(e) = sources.follow(FollowFrom::Start) {
        anyhow::bail!(e);
    }

    let engine: EngineSlot = Arc::new(OnceLock::new());
    let pending = Arc::new(Pending::default());
    let suggest_pending = Arc::new(SuggestPending::default());
    spawn_index_opener(
        setup.roots.clone(),
        &setup.paths.cache_dir,
        engine.clone(),
        tx.clone(),
    );
    spawn_search_worker(pending.clone(), engine.clone(), tx.clone());
    spawn_suggest_worker(
        suggest_pending.clone(),
        engine.clone(),
        Suggester::new(setup.config.suggest.clone()),
        state.lang,
        tx.clone(),
    );
    let cues = match Cues::load_roots(&setup.roots) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send(Event::Notice {
                text: e.to_string(),
                error: true,
            });
            Cues::empty()
        }
    };
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
    let mut live = Live {
        recorder: recorder.as_mut(),
        engine: &engine,
        pending: &pending,
        suggest: &suggest_pending,
        cues: &cues,
        sources: &mut sources,
        offer: offer.map(|s| s.path),
    };
    let terminated = run_loop(&mut term, &mut state, &theme, &rx, &tx, &mut live)?;
    drop(term);
    if let Err(e) = recorder.quit(!state.turns.is_empty()) {
        eprintln!("apunte: {e}");
    }
    drop(sources);
    Ok(if terminated {
        ExitCode::from(143)
    } else {
        ExitCode::SUCCESS
    })
}

/// What the loop works with besides the terminal and the state.
struct Live<'a> {
    recorder: &'a mut dyn Recorder,
    engine: &'a EngineSlot,
    pending: &'a Pending,
    suggest: &'a SuggestPending,
    cues: &'a Cues,
    sources: &'a mut Sources,
    /// The journal of the call offered for resuming.
    offer: Option<PathBuf>,
}

/// The event loop; returns true when a signal ended it.
fn run_loop(
    term: &mut crate::term::Term,
    state: &mut State,
    theme: &Theme,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    live: &mut Live<'_>,
) -> anyhow::Result<bool> {
    draw(term, state, theme)?;
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
                if carry_out(effect, state, tx, live, &mut queue) {
                    return Ok(terminated);
                }
            }
        }
        draw(term, state, theme)?;
    }
}

/// Draws a frame and gives the state what it laid out (the scroll limits).
fn draw(term: &mut crate::term::Term, state: &mut State, theme: &Theme) -> anyhow::Result<()> {
    let mut drawn = state.drawn;
    term.terminal
        .draw(|f| drawn = ui::render(f, state, theme))?;
    app::update(state, Event::Drawn(drawn));
    Ok(())
}

/// Carries out one effect; true when the workspace must close.
fn carry_out(
    effect: Effect,
    state: &State,
    tx: &Sender<Event>,
    live: &mut Live<'_>,
    queue: &mut std::collections::VecDeque<Event>,
) -> bool {
    match effect {
        Effect::Search {
            generation,
            request,
        } => live.pending.put(generation, request),
        Effect::OpenArticle(id) => match live.engine.get() {
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
            if let Err(e) = live.recorder.record(&r) {
                queue.push_back(Event::RecordFailed(e.to_string()));
            }
        }
        Effect::Suggest { debounce } => live.suggest.put(state, debounce),
        Effect::DetectCues(i) => {
            if let Some(t) = state.turns.get(i) {
                let fallback = crate::assist::cues::conversation_lang(&state.turns);
                for c in live.cues.detect_with(&t.text, fallback) {
                    queue.push_back(Event::Empathy(app::Cue {
                        turn: i,
                        label: c.label(state.lang).to_string(),
                        article: c.article.clone().unwrap_or_default(),
                    }));
                }
            }
        }
        Effect::Resume { accept } => {
            let from = match (live.offer.take(), accept) {
                (Some(path), true) => match live.recorder.resume(&path) {
                    Ok(turns) => {
                        queue.push_back(Event::Resumed { turns });
                        FollowFrom::End
                    }
                    Err(e) => {
                        queue.push_back(Event::RecordFailed(e.to_string()));
                        FollowFrom::End
                    }
                },
                (Some(path), false) => {
                    if let Err(e) = live.recorder.abandon(&path) {
                        queue.push_back(Event::RecordFailed(e.to_string()));
                    }
                    FollowFrom::Start
                }
                (None, _) => FollowFrom::Start,
            };
            if let Some(e) = live.sources.follow(from) {
                queue.push_back(Event::Notice {
                    text: e,
                    error: true,
                });
            }
        }
        // A terminal that cannot take the escape cannot show an error either.
        Effect::Mouse(on) => {
            let _ = crate::term::set_mouse(on);
        }
        Effect::Quit => return true,
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::conversation::journal::Disposition;

    fn turn(speaker: Speaker, text: &str) -> Record {
        Record::Turn(Turn {
            speaker,
            text: text.into(),
            ts: "2026-11-23T10:00:00+00:00".into(),
            final_: true,
        })
    }

    fn recorder(dir: &Path) -> CallJournal {
        CallJournal::new(dir, Redactor::default(), journal::StartInfo::default())
    }

    fn kinds(path: &Path) -> Vec<String> {
        let (records, warnings) = journal::read(path).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        records
            .iter()
            .map(|r| {
                serde_json::to_value(&r.entry).unwrap()["kind"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn one_journal_per_call_created_at_the_first_record() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        assert!(r.path().is_none(), "an idle start writes nothing");
        assert!(journal::journal_paths(tmp.path()).unwrap().is_empty());
        r.record(&turn(Speaker::Customer, "tarjeta 4111 1111 1111 1111"))
            .unwrap();
        let first = r.path().unwrap().to_path_buf();
        r.record(&Record::Dismissed { id: "a/b".into() }).unwrap();
        r.record(&Record::WrapUp {
            disposition: Disposition::Callback,
            note: "llamar mañana".into(),
        })
        .unwrap();
        assert!(r.path().is_none());
        assert_eq!(
            kinds(&first),
            vec!["start", "turn", "dismiss", "wrapup", "end"]
        );
        let text = std::fs::read_to_string(&first).unwrap();
        assert!(!text.contains("4111 1111"), "{text}");
        // The next call gets its own journal.
        r.record(&turn(Speaker::Agent, "hola")).unwrap();
        let second = r.path().unwrap().to_path_buf();
        assert_ne!(first, second);
        assert_eq!(journal::journal_paths(tmp.path()).unwrap().len(), 2);
    }

    #[test]
    fn quitting_leaves_a_call_with_turns_unfinished_and_closes_one_without() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        r.record(&turn(Speaker::Customer, "hola")).unwrap();
        let path = r.path().unwrap().to_path_buf();
        r.quit(true).unwrap();
        drop(r);
        let mut r = recorder(tmp.path());
        let offer = r.unfinished().expect("offered for resuming");
        assert_eq!(offer.path, path);
        let turns = r.resume(&path).unwrap();
        assert_eq!(turns.len(), 1);
        r.record(&turn(Speaker::Agent, "sigo aquí")).unwrap();
        assert_eq!(r.path(), Some(path.as_path()));
        assert_eq!(kinds(&path), vec!["start", "turn", "resume", "turn"]);

        // Only a search, no turns: quitting ends it.
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        r.record(&Record::Search {
            query: "router".into(),
            hits: 1,
            top: vec![],
        })
        .unwrap();
        let path = r.path().unwrap().to_path_buf();
        r.quit(false).unwrap();
        assert_eq!(kinds(&path), vec!["start", "search", "end"]);
        assert!(recorder(tmp.path()).unfinished().is_none());
    }

    #[test]
    fn silent_unfinished_calls_are_closed_not_offered() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        r.record(&turn(Speaker::Customer, "hola")).unwrap();
        let with_turns = r.path().unwrap().to_path_buf();
        drop(r);
        // A newer call killed before anything was said.
        std::thread::sleep(Duration::from_millis(1100));
        let empty = Journal::create(
            tmp.path(),
            Redactor::default(),
            journal::StartInfo::default(),
        )
        .unwrap();
        let empty_path = empty.path().to_path_buf();
        drop(empty);
        let offer = recorder(tmp.path()).unfinished().unwrap();
        assert_eq!(offer.path, with_turns);
        assert!(kinds(&empty_path).contains(&"end".to_string()));
        // Declining closes it as abandoned.
        recorder(tmp.path()).abandon(&with_turns).unwrap();
        assert!(recorder(tmp.path()).unfinished().is_none());
        let text = std::fs::read_to_string(&with_turns).unwrap();
        assert!(text.contains(r#""reason":"abandoned""#), "{text}");
    }

    #[test]
    fn interim_suggestions_are_debounced_final_turns_are_not() {
        let mut state = State::new(Options::default());
        let p = SuggestPending::default();
        p.put(&state, true);
        let due = p.slot.lock().unwrap().as_ref().map(|j| j.due).unwrap();
        assert!(due > Instant::now());
        // Growing interim text keeps the first due time (refreshes at most every 250 ms).
        state.turns.push(Turn {
            speaker: crate::conversation::Speaker::Customer,
            text: "me han".into(),
            ts: String::new(),
            final_: false,
        });
        p.put(&state, true);
        {
            let guard = p.slot.lock().unwrap();
            let job = guard.as_ref().unwrap();
            assert_eq!(job.due, due);
            assert_eq!(job.turns.len(), 1, "the newest conversation wins");
        }
        // A final turn is due now.
        p.put(&state, false);
        let due_now = p.slot.lock().unwrap().as_ref().map(|j| j.due).unwrap();
        assert!(due_now <= Instant::now());
    }
}
