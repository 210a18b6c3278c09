//! The workspace's runtime: the one loop (event → [`app::update`] → effects → draw),
//! the effect executor, the background jobs, the event sources and the record sinks.
//!
//! ```text
//! keyboard, mouse, resizes, signals ───────────────┐ input channel (served first)
//! workers (search, suggest, index, knowledge watch) ─┤ feed channel
//! transcript sources (file, listener, …) → pump ─────┤ transcript channel: bounded,
//!                                                    │   coalesced batches ≤ 256
//!                                                    ▼
//!          Runtime::run: take a round → app::update(&mut State, Event), one by one,
//!                        waiting input first before each event
//!                                                    │ Vec<Effect> (they carry their data)
//!                                                    ▼
//!       Executor: jobs (latest wins) · article loads · clipboard · records → sinks
//!                                                    │
//!                         Screen::draw(&State) once per batch, only when it changed
//! ```
//!
//! The executor never reads the state: every effect carries what it needs. Records go to
//! the call journal (the call's owner: lock, resume, abandon) and then to every other
//! [`Sink`]. Everything but the terminal is pluggable, so the loop is tested with fake
//! sources, sinks and screens (`src/runtime/tests.rs`).
use std::collections::{BTreeSet, VecDeque};
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::app::{self, Effect, Event, State};
use crate::assist::{Cues, Suggester};
use crate::config::{Config, Paths};
use crate::conversation::Turn;
use crate::conversation::journal::{self, JournalEntry, Mode};
use crate::conversation::source::FollowFrom;
use crate::redact::Redactor;
use crate::search::SearchRequest;

pub mod call_journal;
pub mod console;
pub mod jobs;
pub mod scripted;
pub mod setup;
pub mod sinks;
pub mod sources;
pub mod trainer_link;
pub mod watch;

#[cfg(test)]
mod tests;

pub use call_journal::{CallJournal, FeedbackLog};
pub use jobs::{Cell, Due, EngineCell, Latest};
pub use setup::prepare;
pub use sinks::{Sink, Sinks};
pub use sources::{Receivers, Senders, Source, Sources};

/// How long interim customer text waits before suggestions are computed again.
pub const SUGGEST_DEBOUNCE: Duration = Duration::from_millis(250);
/// How often a transient status message counts down (the loop sleeps otherwise).
pub const TICK: Duration = Duration::from_millis(250);
pub use sources::FEED_BATCH;

/// What the workspace is started with (the command line, mapped).
pub struct Options {
    pub paths: Paths,
    pub config: Config,
    pub roots: Vec<crate::knowledge::Root>,
    /// A theme named on the command line (else the config's).
    pub theme: Option<String>,
    pub mode: Mode,
    /// Transcript sources (listeners, files …), already checked or bound.
    pub sources: Vec<Box<dyn Source>>,
    /// Readers of the call's records besides the call journal.
    pub sinks: Vec<Box<dyn Sink>>,
    /// A mock call (training mode): its scenario and trainee; the frames and badge say so,
    /// nothing is offered for resuming and an unfinished practice is ended, not kept.
    pub practice: Option<app::Practice>,
    /// A saved call to replay (read-only: no journal is written).
    pub replay: Option<app::Replay>,
    /// Where a copy of every journaled record goes (the trainer link).
    pub tap: Option<journal::Tap>,
    /// Where the mock call's scorecards go once scored (the trainer link).
    pub scorecards: Option<crossbeam_channel::Sender<crate::training::scorecard::Scorecard>>,
}

/// Where the loop draws; it says what it laid out (the scroll limits come from it).
pub trait Screen {
    fn draw(&mut self, state: &State) -> anyhow::Result<app::Drawn>;
}

/// The real terminal.
struct Terminal {
    term: crate::term::Term,
    theme: crate::ui::Theme,
}

impl Screen for Terminal {
    fn draw(&mut self, state: &State) -> anyhow::Result<app::Drawn> {
        let mut drawn = state.drawn;
        self.term
            .terminal
            .draw(|f| drawn = crate::ui::render(f, state, &self.theme))?;
        Ok(drawn)
    }
}

/// A suggestion job: the conversation as of the effect that asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestJob {
    pub call: u64,
    /// Where `turns` start in the conversation.
    pub first: usize,
    pub turns: Vec<Turn>,
    pub dismissed: BTreeSet<String>,
}

/// Puts text on the clipboard.
pub type Clipboard = Box<dyn FnMut(&str) -> io::Result<()>>;

/// What the executor works with (never the state).
pub struct Parts {
    pub engine: EngineCell,
    pub suggester: Suggester,
    pub cues: Cues,
    /// The call journal (None: nothing is journaled, e.g. in tests).
    pub journal: Option<CallJournal>,
    pub sinks: Sinks,
    pub sources: Sources,
    /// The journal of the call offered for resuming.
    pub offer: Option<PathBuf>,
    pub clipboard: Clipboard,
}

/// Carries out effects.
struct Executor {
    engine: EngineCell,
    search: Arc<Latest<(u64, SearchRequest)>>,
    suggest: Arc<Latest<SuggestJob>>,
    cues: Cues,
    journal: Option<CallJournal>,
    /// Where feedback given while no call runs goes (None: nowhere).
    feedback: Option<FeedbackLog>,
    /// Where drafts go, and how they are masked (None: nowhere).
    drafts: Option<(PathBuf, Redactor)>,
    sinks: Sinks,
    sources: Sources,
    offer: Option<PathBuf>,
    clipboard: Clipboard,
    tx: Senders,
    /// What a wrapped-up mock call leads to (its scorecard), given its journal.
    practice_end: Option<PracticeEnd>,
    /// The mock call was wrapped up (grades given later score it again).
    practice_ended: bool,
    scorecards: Option<crossbeam_channel::Sender<crate::training::scorecard::Scorecard>>,
    /// Asks the center's shipper for a round now (None: no center).
    ship_soon: Option<ShipSoon>,
}

/// Asks the center's shipper for a round soon: after a record the center should see
/// without waiting for the next regular round (feedback, a wrap-up, a scorecard).
pub type ShipSoon = Box<dyn Fn()>;

/// What a wrapped-up mock call leads to, given its complete journal: the events for the
/// workspace (the scorecard overlay).
pub type PracticeEnd = Box<dyn FnMut(&std::path::Path) -> Vec<Event>>;

/// The events of one round of the loop, in the order they are applied: what effects
/// answered, then the keys (and signals) in the order they were pressed, then the feeds.
#[derive(Default)]
struct Round {
    keys: VecDeque<Event>,
    rest: VecDeque<Event>,
}

impl Round {
    fn next(&mut self) -> Option<Event> {
        self.keys.pop_front().or_else(|| self.rest.pop_front())
    }

    /// Puts an event's answers first, in their order.
    fn answers(&mut self, answers: VecDeque<Event>) {
        for ev in answers.into_iter().rev() {
            self.keys.push_front(ev);
        }
    }
}

/// The loop and everything it drives.
pub struct Runtime {
    pub state: State,
    exec: Executor,
    rx: Receivers,
    /// How many times the screen was drawn (idle means none).
    pub draws: u64,
    /// How many events were applied.
    pub handled: u64,
}

impl Runtime {
    /// Starts the workers and the sources that do not wait for the resume answer.
    pub fn new(state: State, parts: Parts, tx: Senders, rx: Receivers) -> Runtime {
        let search = Arc::new(Latest::default());
        let suggest = Arc::new(Latest::default());
        spawn_search_worker(search.clone(), parts.engine.clone(), tx.feed.clone());
        spawn_suggest_worker(
            suggest.clone(),
            parts.engine.clone(),
            parts.suggester,
            tx.feed.clone(),
        );
        let mut exec = Executor {
            engine: parts.engine,
            search,
            suggest,
            cues: parts.cues,
            journal: parts.journal,
            feedback: None,
            drafts: None,
            sinks: parts.sinks,
            sources: parts.sources,
            offer: parts.offer,
            clipboard: parts.clipboard,
            tx,
            practice_end: None,
            practice_ended: false,
            scorecards: None,
            ship_soon: None,
        };
        // With no resume prompt, every source starts now.
        let answered = exec.offer.is_none();
        for e in exec.sources.start(answered, FollowFrom::Start, &exec.tx) {
            let _ = exec.tx.feed.send(Event::Notice {
                text: e,
                error: true,
            });
        }
        Runtime {
            state,
            exec,
            rx,
            draws: 0,
            handled: 0,
        }
    }

    /// The next round of events: the first to arrive (input first; a tick while a status
    /// message counts down), then what else waits: all input, up to [`FEED_BATCH`] feed
    /// events and one transcript batch. None when every sender is gone.
    fn next_round(&self) -> Option<Round> {
        let mut round = Round::default();
        let mut batch_taken = false;
        if let Ok(ev) = self.rx.input.try_recv() {
            round.keys.push_back(ev);
        } else {
            let mut sel = crossbeam_channel::Select::new();
            let input = sel.recv(&self.rx.input);
            let feed = sel.recv(&self.rx.feed);
            let transcript = sel.recv(&self.rx.transcript);
            let op = if self.state.ticking() {
                match sel.select_timeout(TICK) {
                    Ok(op) => op,
                    Err(_) => {
                        round.rest.push_back(Event::Tick);
                        return Some(round);
                    }
                }
            } else {
                sel.select()
            };
            match op.index() {
                i if i == input => round.keys.push_back(op.recv(&self.rx.input).ok()?),
                i if i == feed => round.rest.push_back(op.recv(&self.rx.feed).ok()?),
                i if i == transcript => {
                    round.rest.extend(op.recv(&self.rx.transcript).ok()?);
                    batch_taken = true;
                }
                _ => return None,
            }
        }
        round.keys.extend(self.rx.input.try_iter());
        round.rest.extend(self.rx.feed.try_iter().take(FEED_BATCH));
        if !batch_taken && let Ok(batch) = self.rx.transcript.try_recv() {
            round.rest.extend(batch);
        }
        Some(round)
    }

    /// Runs until the workspace closes; true when a signal ended it.
    pub fn run(&mut self, screen: &mut dyn Screen) -> anyhow::Result<bool> {
        self.draw(screen)?;
        let mut terminated = false;
        loop {
            let Some(mut round) = self.next_round() else {
                return Ok(terminated);
            };
            let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
            // The call timer shows whole seconds: a new second is a new frame.
            let mut changed = self.state.clock.begun() && now != self.state.now;
            self.state.now = now;
            let had_status = self.state.status.is_some();
            while let Some(ev) = round.next() {
                changed |= ev != Event::Tick;
                if ev == Event::Terminate {
                    terminated = true;
                }
                self.handled += 1;
                let mut answers = VecDeque::new();
                for effect in app::update(&mut self.state, ev) {
                    if self.exec.carry_out(effect, &mut answers) {
                        return Ok(terminated);
                    }
                }
                // What the effects answered (an article loaded, a write that failed) comes
                // before the next key, which may act on it; a key or a signal that came
                // meanwhile goes after the keys already waiting, before the rest.
                round.answers(answers);
                round.keys.extend(self.rx.input.try_iter());
            }
            // A tick only matters when it took a message away.
            if changed || had_status != self.state.status.is_some() {
                self.draw(screen)?;
            }
        }
    }

    /// Sets what a wrapped-up mock call leads to (by default, nothing).
    pub fn on_practice_end(&mut self, f: PracticeEnd) {
        self.exec.practice_end = Some(f);
    }

    /// Sends every scorecard of the mock call to `tx` too (the trainer link).
    pub fn send_scorecards(
        &mut self,
        tx: crossbeam_channel::Sender<crate::training::scorecard::Scorecard>,
    ) {
        self.exec.scorecards = Some(tx);
    }

    /// Feedback, wrap-ups and scorecards ask `f` for a shipping round at once (the
    /// center's shipper; without one they wait for its next regular round).
    pub fn ship_soon(&mut self, f: ShipSoon) {
        self.exec.ship_soon = Some(f);
    }

    /// Feedback (flags, votes) given while no call runs is written to `log`.
    pub fn feedback_to(&mut self, log: FeedbackLog) {
        self.exec.feedback = Some(log);
    }

    /// Where the draft key writes its drafts, masked with `redactor`.
    pub fn drafts_to(&mut self, dir: PathBuf, redactor: Redactor) {
        self.exec.drafts = Some((dir, redactor));
    }

    /// Draws, and gives the state what was laid out.
    fn draw(&mut self, screen: &mut dyn Screen) -> anyhow::Result<()> {
        let drawn = screen.draw(&self.state)?;
        self.draws += 1;
        // Layout facts only: nothing to carry out.
        let _ = app::update(&mut self.state, Event::Drawn(drawn));
        Ok(())
    }

    /// Closes the call journal and the sinks (`in_progress`: turns said, no wrap-up: the
    /// call stays unfinished, to be resumed). The errors, for the terminal.
    pub fn close(&mut self) -> Vec<io::Error> {
        let in_progress = !self.state.turns.is_empty();
        let mut errors: Vec<io::Error> = self
            .exec
            .journal
            .as_mut()
            .and_then(|j| j.close(in_progress).err())
            .into_iter()
            .collect();
        errors.extend(self.exec.feedback.as_mut().and_then(|f| f.close().err()));
        errors.extend(self.exec.sinks.close(in_progress));
        self.exec.search.close();
        self.exec.suggest.close();
        errors
    }
}

impl Executor {
    /// Carries out one effect; true when the workspace must close.
    fn carry_out(&mut self, effect: Effect, queue: &mut VecDeque<Event>) -> bool {
        match effect {
            Effect::Search {
                generation,
                request,
            } => self
                .search
                .put((generation, request), Due::Now, Instant::now()),
            Effect::OpenArticle(id) => match self.engine.get() {
                Some(e) => {
                    let article = e.article(&id).map(Box::new);
                    queue.push_back(Event::ArticleLoaded { id, article });
                }
                None => queue.push_back(Event::StillIndexing),
            },
            Effect::Copy(text) => {
                if let Err(e) = (self.clipboard)(&text) {
                    queue.push_back(Event::ClipboardFailed(e.to_string()));
                }
            }
            Effect::Record(mut entry) => {
                self.stamp_version(&mut entry);
                // Feedback given outside a call goes to the feedback journal.
                let outside = entry.is_feedback()
                    && self.feedback.is_some()
                    && !self.journal.as_ref().is_some_and(CallJournal::in_call);
                let failed = if outside {
                    self.feedback.as_mut().and_then(|f| f.record(&entry).err())
                } else {
                    self.journal.as_mut().and_then(|j| j.record(&entry).err())
                };
                for e in failed.into_iter().chain(self.sinks.record(&entry)) {
                    queue.push_back(Event::RecordFailed(e.to_string()));
                }
                if entry.is_feedback() || matches!(entry, JournalEntry::Wrapup { .. }) {
                    self.nudge_center();
                }
            }
            Effect::Suggest {
                call,
                first,
                turns,
                dismissed,
                debounce,
            } => {
                let due = if debounce {
                    Due::Debounce(SUGGEST_DEBOUNCE)
                } else {
                    Due::Now
                };
                let job = SuggestJob {
                    call,
                    first,
                    turns,
                    dismissed,
                };
                self.suggest.put(job, due, Instant::now());
            }
            Effect::DetectCues {
                turn,
                text,
                fallback,
            } => {
                for cue in self.cues.detect_with(&text, fallback) {
                    // The guideline's title, so the cue can name it.
                    let title = cue
                        .article
                        .as_deref()
                        .and_then(|id| self.engine.get().and_then(|e| e.article(id)))
                        .map(|a| a.title);
                    queue.push_back(Event::Empathy { turn, cue, title });
                }
            }
            Effect::Resume { accept } => self.resume(accept, queue),
            // A terminal that cannot take the escape cannot show an error either.
            Effect::Mouse(on) => {
                let _ = crate::term::set_mouse(on);
            }
            Effect::PastCalls { reference } => self.past_calls(reference, queue),
            Effect::Quit => return true,
            Effect::PracticeEnded => {
                self.practice_ended = true;
                self.score_practice(queue);
                self.nudge_center();
            }
            Effect::SaveGrades {
                grader,
                items,
                comment,
                turn,
            } => {
                self.save_grades(grader, items, comment, turn, queue);
                self.nudge_center();
            }
            Effect::DiscardPractice => {
                if let Some(j) = &mut self.journal
                    && let Err(e) = j.discard()
                {
                    queue.push_back(Event::RecordFailed(e.to_string()));
                }
            }
            Effect::SaveComment { journal, comment } => {
                if let Err(e) = crate::training::review::append(&journal, &comment) {
                    queue.push_back(Event::RecordFailed(format!("{}: {e}", journal.display())));
                }
            }
            Effect::WriteDraft(draft) => {
                let result = match &self.drafts {
                    Some((dir, redactor)) => draft
                        .masked(redactor)
                        .write_new(dir)
                        .map(|p| p.display().to_string())
                        .map_err(|e| e.to_string()),
                    None => Err("no drafts folder is set for this workspace".into()),
                };
                queue.push_back(Event::DraftWritten(result));
            }
        }
        false
    }

    fn nudge_center(&self) {
        if let Some(f) = &self.ship_soon {
            f();
        }
    }

    /// Scores the wrapped-up mock call (its scorecard goes to the workspace and to the
    /// trainer link).
    fn score_practice(&mut self, queue: &mut VecDeque<Event>) {
        let path = self.journal.as_ref().and_then(|j| j.last_path());
        if let (Some(path), Some(end)) = (path, self.practice_end.as_mut()) {
            let events = end(&path);
            if let Some(tx) = &self.scorecards {
                for ev in &events {
                    if let Event::Scorecard(card) = ev {
                        let _ = tx.send((**card).clone());
                    }
                }
            }
            queue.extend(events);
        }
    }

    /// Saves a trainer's grades (and comment) beside the mock call's journal; once the
    /// call is wrapped up, it is scored again with them.
    fn save_grades(
        &mut self,
        grader: String,
        items: std::collections::BTreeMap<String, Option<u32>>,
        comment: String,
        turn: usize,
        queue: &mut VecDeque<Event>,
    ) {
        use crate::training::{grades, review};
        let Some(path) = self.journal.as_ref().and_then(|j| j.last_path()) else {
            queue.push_back(Event::RecordFailed(
                "the trainer's scores came before the call began; they were not saved".into(),
            ));
            return;
        };
        let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
        let lines: Vec<grades::GradeLine> = items
            .into_iter()
            .map(|(item, points)| grades::GradeLine {
                grader: grader.clone(),
                item,
                points,
                at: at.clone(),
            })
            .collect();
        let gpath = grades::path_of(&path);
        if let Err(e) = grades::append(&gpath, &lines) {
            queue.push_back(Event::RecordFailed(format!("{}: {e}", gpath.display())));
            return;
        }
        if !comment.trim().is_empty() {
            let c = review::Comment {
                turn,
                author: grader,
                text: comment.trim().to_string(),
                at,
            };
            if let Err(e) = review::append(&path, &c) {
                queue.push_back(Event::RecordFailed(format!("{}: {e}", path.display())));
            }
        }
        if self.practice_ended {
            self.score_practice(queue);
        }
    }

    /// A flag or vote on a row of the result list comes without the article's version:
    /// it is the indexed article's.
    fn stamp_version(&self, entry: &mut JournalEntry) {
        let (article, version, updated) = match entry {
            JournalEntry::Flag {
                article: Some(a),
                version,
                updated,
                ..
            } => (a.as_str(), version, updated),
            JournalEntry::Helpful {
                article,
                version,
                updated,
                ..
            } => (article.as_str(), version, updated),
            _ => return,
        };
        if version.is_some() {
            return;
        }
        let Some(a) = self.engine.get().and_then(|e| e.article(article)) else {
            return;
        };
        *version = Some(a.version());
        *updated = a.updated.clone();
        if let JournalEntry::Flag { owner, .. } = entry {
            *owner = a.owner.clone();
        }
    }

    /// Reads the customer's past calls on a thread of its own; the answer comes back as
    /// [`Event::PastCalls`] (none without a call journal).
    fn past_calls(&mut self, reference: String, queue: &mut VecDeque<Event>) {
        let Some(history) = self.journal.as_ref().map(CallJournal::history) else {
            queue.push_back(Event::PastCalls {
                reference,
                calls: Vec::new(),
            });
            return;
        };
        let tx = self.tx.feed.clone();
        let spawned = std::thread::Builder::new()
            .name("apunte-past-calls".into())
            .spawn(move || {
                let ev = match history.calls_of(&reference) {
                    Ok(calls) => Event::PastCalls { reference, calls },
                    Err(e) => Event::RecordFailed(e.to_string()),
                };
                let _ = tx.send(ev);
            });
        if let Err(e) = spawned {
            queue.push_back(Event::RecordFailed(e.to_string()));
        }
    }

    /// The answer to the resume prompt; then the sources that waited for it start.
    fn resume(&mut self, accept: bool, queue: &mut VecDeque<Event>) {
        let from = match (self.offer.take(), self.journal.as_mut()) {
            (Some(path), Some(j)) if accept => match j.resume(&path) {
                // A transcript file goes on from where the journal says it was read to
                // (what was written meanwhile is read now), else from its end.
                Ok(restored) => {
                    let from = restored.read_to.map_or(FollowFrom::End, FollowFrom::At);
                    queue.push_back(Event::Resumed(restored));
                    from
                }
                Err(e) => {
                    queue.push_back(Event::RecordFailed(e.to_string()));
                    FollowFrom::End
                }
            },
            (Some(path), Some(j)) => {
                if let Err(e) = j.abandon(&path) {
                    queue.push_back(Event::RecordFailed(e.to_string()));
                }
                FollowFrom::Start
            }
            _ => FollowFrom::Start,
        };
        for e in self.sources.start(true, from, &self.tx) {
            queue.push_back(Event::Notice {
                text: e,
                error: true,
            });
        }
    }
}

fn spawn_search_worker(
    slot: Arc<Latest<(u64, SearchRequest)>>,
    engine: EngineCell,
    tx: crossbeam_channel::Sender<Event>,
) {
    jobs::spawn_worker("search", slot, move |(generation, request)| {
        let hits = engine.wait().search(&request);
        tx.send(Event::SearchDone { generation, hits }).is_ok()
    });
}

fn spawn_suggest_worker(
    slot: Arc<Latest<SuggestJob>>,
    engine: EngineCell,
    suggester: Suggester,
    tx: crossbeam_channel::Sender<Event>,
) {
    jobs::spawn_worker("suggest", slot, move |job: SuggestJob| {
        let engine = engine.wait();
        let dismissed = job.dismissed.iter().cloned().collect();
        let mut s = suggester.suggest(&engine, &job.turns, &dismissed);
        s.count_turns_from(job.first);
        tx.send(Event::Suggested {
            call: job.call,
            items: s.items,
            nothing_confident: s.quiet,
        })
        .is_ok()
    });
}

/// Starts the background shipper when a center is configured: its rounds come to the
/// loop as [`Event::Center`]; a center that is misconfigured is a notice.
fn center_shipper(
    config: &Config,
    paths: &Paths,
    feed: crossbeam_channel::Sender<Event>,
) -> Option<crate::center::shipper::Handle> {
    let lang = config.ui_lang();
    let target = match config.center.target(lang) {
        Ok(Some(t)) => t,
        Ok(None) => return None,
        Err(e) => {
            let _ = feed.send(Event::Notice {
                text: e.to_string(),
                error: true,
            });
            return None;
        }
    };
    let shipper = crate::center::ship::Shipper::new(
        config.agent(),
        &config.center.team,
        Redactor::new(&config.redact),
    );
    crate::center::shipper::start(
        target,
        shipper,
        paths.data_dir.clone(),
        lang,
        Box::new(move |s| {
            feed.send(Event::Center {
                reachable: s.reachable,
                behind: s.behind,
            })
            .is_ok()
        }),
    )
    .ok()
}

/// Runs the live workspace: call journal, resume offer, sources, the loop.
pub fn run(opts: Options) -> anyhow::Result<ExitCode> {
    let Options {
        paths,
        config,
        roots,
        theme,
        mode,
        sources: extra_sources,
        sinks: extra_sinks,
        practice,
        replay,
        tap,
        scorecards,
    } = opts;
    let (ws, problems) = prepare(&config, &paths, &roots, theme.as_deref(), mode.clone())?;
    let setup::Workspace {
        mut state,
        mut theme,
    } = ws;
    if practice.is_some() || replay.is_some() {
        theme = theme.for_training();
    }
    let (scenario, trainee) = practice
        .as_ref()
        .map(|p| (p.scenario.clone(), p.trainee.clone()))
        .unwrap_or_default();
    if let Some(p) = &practice
        && !p.trainee.is_empty()
    {
        state.placeholders.agent = Some(p.trainee.clone());
    }
    state.practice = practice;

    // Checked after the command line's sources, so their errors come first.
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the workspace needs a terminal (standard input and output are not one): run `apunte` in a terminal, or use `apunte search` and `apunte suggest` in scripts"
        );
    }

    let start = journal::StartInfo {
        mode,
        agent: config.agent(),
        roots: roots.iter().map(|r| r.dir.display().to_string()).collect(),
        scenario,
        trainee,
        tap,
    };
    let mut call_journal = CallJournal::new(&paths.data_dir, Redactor::new(&config.redact), start);
    if state.practice.is_some() {
        call_journal = call_journal.not_resumable();
    }
    // An unfinished call: the prompt decides; until then transcript files wait. A mock
    // call or a replay offers none.
    let offer = if state.practice.is_some() || replay.is_some() {
        None
    } else {
        call_journal.unfinished()
    };
    if let Some(s) = &offer {
        state.open_overlay(app::Overlay::Resume(app::ResumeOffer {
            id: s.id.clone(),
            turns: s.turns,
            started: s
                .started
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
        }));
    }

    let (tx, rx) = sources::channels();
    let center = center_shipper(&config, &paths, tx.feed.clone());
    if let Some(r) = replay.clone() {
        let _ = tx.feed.send(Event::Replay(Box::new(r)));
    }
    let engine: EngineCell = Arc::default();
    let cues = match Cues::load_roots(&roots) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.feed.send(Event::Notice {
                text: e.to_string(),
                error: true,
            });
            Cues::empty()
        }
    };
    for p in problems {
        let _ = tx.feed.send(Event::Notice {
            text: p,
            error: true,
        });
    }
    let mut sinks = Sinks::default();
    for s in extra_sinks {
        sinks.add(s);
    }
    let mut srcs = Sources::default();
    for s in extra_sources {
        srcs.add(s);
    }
    let suggester = Suggester::new(config.suggest.clone());
    let scoring_roots = roots.clone();
    let lang = config.ui_lang();
    // Opens the index, then keeps it in step with the knowledge files.
    let watch = watch::spawn(
        roots,
        paths.cache_dir.clone(),
        engine.clone(),
        suggester.clone(),
        tx.feed.clone(),
    );

    let term = crate::term::enter(state.mouse)?;
    let size = term.terminal.size()?;
    state.size = (size.width, size.height);
    srcs.add(Box::new(sources::Terminal));
    let parts = Parts {
        engine,
        suggester,
        cues,
        // A replay is read-only.
        journal: replay.is_none().then_some(call_journal),
        sinks,
        sources: srcs,
        offer: offer.map(|s| s.path),
        clipboard: Box::new(crate::term::copy),
    };
    let mut rt = Runtime::new(state, parts, tx, rx);
    rt.feedback_to(FeedbackLog::new(
        &paths.data_dir,
        Redactor::new(&config.redact),
    ));
    rt.drafts_to(config.drafts_dir(&paths), Redactor::new(&config.redact));
    rt.on_practice_end(Box::new(move |journal| {
        scripted::practice_ended(journal, &scoring_roots, lang)
    }));
    if let Some(tx) = scorecards {
        rt.send_scorecards(tx);
    }
    if let Some(center) = center {
        rt.ship_soon(Box::new(move || center.nudge()));
    }
    let mut screen = Terminal { term, theme };
    let terminated = rt.run(&mut screen);
    drop(screen);
    drop(watch);
    for e in rt.close() {
        eprintln!("apunte: {e}");
    }
    Ok(if terminated? {
        ExitCode::from(143)
    } else {
        ExitCode::SUCCESS
    })
}
