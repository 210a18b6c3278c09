//! Where events come from: any number of [`Source`]s (the keyboard, a transcript file or
//! FIFO, a listener; later a scripted customer and a trainer link), each started with the
//! loop's two channels and kept running by what its start returns.
//!
//! The keyboard, mouse, resizes and signals go on the *input* channel; worker results
//! and notices on the *feed* channel; transcript sources on the *transcript* channel,
//! in batches. The loop serves input first (between every two events it applies), so
//! a source that floods never keeps the agent's keys or a signal waiting.
//!
//! The transcript channel is bounded ([`TRANSCRIPT_QUEUE`] batches of at most
//! [`FEED_BATCH`] events): when the loop falls behind, the pump that fills it waits,
//! the source's own bounded channel fills, and the source stops reading (a followed
//! file is read later, a connected client is slowed down by TCP): memory stays bounded
//! however fast the transcript comes. Each batch is [`coalesce`]d first: interim
//! revisions of a line that a later event of the same speaker replaces collapse into
//! that event, and problem counts into the newest.
use crossbeam_channel::{Receiver, Sender};

use crate::app::{Event, FeedChange};
use crate::conversation::event::ProblemKind;
use crate::conversation::source::{self, FollowFrom, SourceEvent, SourceHandle};

/// The loop's two channels, as sources see them.
#[derive(Clone)]
pub struct Senders {
    /// Keys, mouse, resizes, signals: served first.
    pub input: Sender<Event>,
    /// Worker results, notices (few, never from outside).
    pub feed: Sender<Event>,
    /// Transcript sources' events, in coalesced batches (bounded: see the module docs).
    pub transcript: Sender<Vec<Event>>,
}

/// The loop's ends of the channels.
pub struct Receivers {
    pub input: Receiver<Event>,
    pub feed: Receiver<Event>,
    pub transcript: Receiver<Vec<Event>>,
}

/// Batches of transcript events waiting for the loop, at most.
pub const TRANSCRIPT_QUEUE: usize = 4;
/// Events a source may have sent before the pump takes them, at most.
pub const SOURCE_QUEUE: usize = 1024;
/// Events in one transcript batch, at most (the loop applies one batch per round).
pub const FEED_BATCH: usize = 256;

/// The channels of a run.
pub fn channels() -> (Senders, Receivers) {
    let (input, input_rx) = crossbeam_channel::unbounded();
    let (feed, feed_rx) = crossbeam_channel::unbounded();
    let (transcript, transcript_rx) = crossbeam_channel::bounded(TRANSCRIPT_QUEUE);
    (
        Senders {
            input,
            feed,
            transcript,
        },
        Receivers {
            input: input_rx,
            feed: feed_rx,
            transcript: transcript_rx,
        },
    )
}

/// Drops the events a later event of the same batch makes pointless, keeping the order
/// of the rest: an interim revision followed at once by another event of the same
/// speaker (the next revision, or the final text, which replaces the line in place
/// either way), and a problem count followed at once by a newer count of the same
/// source. Only neighbours collapse, so where each turn lands is what it would have been.
/// How many events were dropped.
pub fn coalesce(batch: &mut Vec<Event>) -> usize {
    fn superseded(ev: &Event, next: &Event) -> bool {
        match (ev, next) {
            (Event::Transcript(a), Event::Transcript(b)) => !a.final_ && a.speaker == b.speaker,
            (Event::FeedProblems { source: a, .. }, Event::FeedProblems { source: b, .. }) => {
                a == b
            }
            _ => false,
        }
    }
    let before = batch.len();
    let mut out: Vec<Event> = Vec::with_capacity(before);
    for ev in batch.drain(..) {
        if out.last().is_some_and(|last| superseded(last, &ev)) {
            out.pop();
        }
        out.push(ev);
    }
    *batch = out;
    before - batch.len()
}

/// Moves a source's events to the loop's transcript channel in coalesced batches, on its
/// own thread: waits for one event, takes what else is waiting (up to [`FEED_BATCH`]),
/// and waits while the loop's queue is full. Ends when either side is gone.
pub fn pump<T: Send + 'static>(
    name: &str,
    rx: Receiver<T>,
    tx: Sender<Vec<Event>>,
    mut convert: impl FnMut(T) -> Event + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(format!("apunte-feed-{name}"))
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch: Vec<Event> = std::iter::once(first)
                    .chain(rx.try_iter().take(FEED_BATCH - 1))
                    .map(&mut convert)
                    .collect();
                coalesce(&mut batch);
                if tx.send(batch).is_err() {
                    return;
                }
            }
        })
        .map(|_| ())
}

/// What keeps a started source running (dropped: it stops).
pub type Running = Box<dyn Send>;

/// A producer of events.
pub trait Source: Send {
    /// True when it starts only once the resume prompt is answered (a transcript file,
    /// whose start depends on the answer).
    fn after_resume(&self) -> bool {
        false
    }

    /// Starts sending events; `from` says where a transcript file starts (after a
    /// resumed call: at its end). The error is for the status bar.
    fn start(self: Box<Self>, from: FollowFrom, tx: Senders) -> Result<Running, String>;
}

/// The sources of a run: started at once, or once the resume prompt is answered.
#[derive(Default)]
pub struct Sources {
    waiting: Vec<Box<dyn Source>>,
    running: Vec<Running>,
}

impl Sources {
    /// Registers a source (started by [`Sources::start`]).
    pub fn add(&mut self, source: Box<dyn Source>) {
        self.waiting.push(source);
    }

    /// Starts the waiting sources: those that wait for the resume answer only when
    /// `resume_answered`. The errors of those that failed.
    pub fn start(&mut self, resume_answered: bool, from: FollowFrom, tx: &Senders) -> Vec<String> {
        let (now, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.waiting)
            .into_iter()
            .partition(|s| resume_answered || !s.after_resume());
        self.waiting = later;
        let mut errors = Vec::new();
        for s in now {
            match s.start(from, tx.clone()) {
                Ok(r) => self.running.push(r),
                Err(e) => errors.push(e),
            }
        }
        errors
    }
}

fn feed(source: &str, change: FeedChange) -> Event {
    Event::Feed {
        source: source.to_string(),
        change,
    }
}

/// Forwards one transcript source's events to the loop ([`pump`]), counting its
/// problems: unreadable lines, connections refused for a wrong token, and clients closed
/// because the listener served its most already.
pub fn bridge(name: &str, rx: Receiver<SourceEvent>, tx: Sender<Vec<Event>>) -> Result<(), String> {
    let source = name.to_string();
    let (mut bad, mut refused, mut busy) = (0u64, 0u64, 0u64);
    pump(name, rx, tx, move |ev| match ev {
        SourceEvent::Turn(t) => Event::Transcript(t),
        SourceEvent::Problem(p) => {
            match p.kind {
                ProblemKind::BadToken => refused += 1,
                ProblemKind::TooManyClients => busy += 1,
                _ => bad += 1,
            }
            Event::FeedProblems {
                source: source.clone(),
                bad_lines: bad,
                refused,
                busy,
            }
        }
        SourceEvent::Connected(who) => feed(&source, FeedChange::Connected(who)),
        SourceEvent::Disconnected(who) => feed(&source, FeedChange::Disconnected(who)),
        SourceEvent::Waiting(path) => feed(&source, FeedChange::Waiting(path)),
    })
    .map_err(|e| e.to_string())
}

/// A transcript file or FIFO (`--transcript`), followed once the resume prompt is
/// answered (from its end when a call was resumed).
pub struct TranscriptFile(pub std::path::PathBuf);

impl TranscriptFile {
    /// Checks the path before the terminal is taken.
    pub fn checked(path: &std::path::Path) -> anyhow::Result<TranscriptFile> {
        source::check_follow_path(path)?;
        Ok(TranscriptFile(path.to_path_buf()))
    }
}

impl Source for TranscriptFile {
    fn after_resume(&self) -> bool {
        true
    }

    fn start(self: Box<Self>, from: FollowFrom, tx: Senders) -> Result<Running, String> {
        let (stx, srx) = crossbeam_channel::bounded(SOURCE_QUEUE);
        let handle = source::follow_file_from(&self.0, from, stx)
            .map_err(|e| format!("--transcript {}: {e}", self.0.display()))?;
        bridge("transcript", srx, tx.transcript)?;
        Ok(Box::new(handle))
    }
}

/// A listener for transcript clients (`--listen`), bound before the terminal is taken
/// (a bad address is an error on the command line).
pub struct Listener {
    handle: SourceHandle,
    rx: Receiver<SourceEvent>,
}

impl Listener {
    /// Binds `addr`; clients send `token` first when one is set.
    pub fn bind(addr: &str, token: Option<String>) -> anyhow::Result<Listener> {
        let (stx, rx) = crossbeam_channel::bounded(SOURCE_QUEUE);
        let handle = source::listen(addr, token, stx)?;
        Ok(Listener { handle, rx })
    }
}

impl Source for Listener {
    fn start(self: Box<Self>, _from: FollowFrom, tx: Senders) -> Result<Running, String> {
        if let Some(addr) = self.handle.local_addr() {
            let _ = tx
                .feed
                .send(feed("listen", FeedChange::Listening(addr.to_string())));
        }
        bridge("listen", self.rx, tx.transcript)?;
        Ok(Box::new(self.handle))
    }
}

/// Events from a channel (a scripted customer, tests): pumped to the transcript channel
/// like any transcript source's.
pub struct Channel(pub Receiver<Event>);

impl Source for Channel {
    fn start(self: Box<Self>, _from: FollowFrom, tx: Senders) -> Result<Running, String> {
        pump("channel", self.0, tx.transcript, |ev| ev).map_err(|e| e.to_string())?;
        Ok(Box::new(()))
    }
}

/// The terminal's keys, mouse and resizes, and the signals that end the workspace.
pub struct Terminal;

impl Source for Terminal {
    fn start(self: Box<Self>, _from: FollowFrom, tx: Senders) -> Result<Running, String> {
        crate::term::spawn_signals(tx.input.clone()).map_err(|e| e.to_string())?;
        crate::term::spawn_input(tx.input);
        Ok(Box::new(()))
    }
}

/// The replay's clock: an [`Event::ReplayTick`] at every interval, until the loop goes.
pub struct Ticker(pub std::time::Duration);

impl Source for Ticker {
    fn start(self: Box<Self>, _from: FollowFrom, tx: Senders) -> Result<Running, String> {
        let every = self.0;
        std::thread::Builder::new()
            .name("apunte-ticker".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(every);
                    if tx.feed.send(Event::ReplayTick(every)).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Box::new(()))
    }
}
