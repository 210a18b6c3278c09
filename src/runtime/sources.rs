//! Where events come from: any number of [`Source`]s (the keyboard, a transcript file or
//! FIFO, a listener; later a scripted customer and a trainer link), each started with the
//! loop's two channels and kept running by what its start returns.
//!
//! The keyboard, mouse, resizes and signals go on the *input* channel, everything else
//! on the *feed* channel: the loop serves input first, so a source that floods never
//! keeps the agent's keys waiting.
use crossbeam_channel::{Receiver, Sender};

use crate::app::{Event, FeedChange};
use crate::conversation::event::ProblemKind;
use crate::conversation::source::{self, FollowFrom, SourceEvent, SourceHandle};

/// The loop's two channels, as sources see them.
#[derive(Clone)]
pub struct Senders {
    /// Keys, mouse, resizes, signals: served first.
    pub input: Sender<Event>,
    /// Transcript events, worker results, notices.
    pub feed: Sender<Event>,
}

/// The loop's ends of the two channels.
pub struct Receivers {
    pub input: Receiver<Event>,
    pub feed: Receiver<Event>,
}

/// The two channels of a run.
pub fn channels() -> (Senders, Receivers) {
    let (input, input_rx) = crossbeam_channel::unbounded();
    let (feed, feed_rx) = crossbeam_channel::unbounded();
    (
        Senders { input, feed },
        Receivers {
            input: input_rx,
            feed: feed_rx,
        },
    )
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

/// Forwards one transcript source's events into the feed channel, counting its
/// problems: unreadable lines, and connections refused for a wrong token.
pub fn bridge(name: &str, rx: Receiver<SourceEvent>, tx: Sender<Event>) {
    let name = name.to_string();
    let _ = std::thread::Builder::new()
        .name(format!("apunte-feed-{name}"))
        .spawn(move || {
            let (mut bad, mut refused) = (0u64, 0u64);
            for ev in rx.iter() {
                let ev = match ev {
                    SourceEvent::Turn(t) => Event::Transcript(t),
                    SourceEvent::Problem(p) => {
                        if p.kind == ProblemKind::BadToken {
                            refused += 1;
                        } else {
                            bad += 1;
                        }
                        Event::FeedProblems {
                            source: name.clone(),
                            bad_lines: bad,
                            refused,
                        }
                    }
                    SourceEvent::Connected(who) => feed(&name, FeedChange::Connected(who)),
                    SourceEvent::Disconnected(who) => feed(&name, FeedChange::Disconnected(who)),
                    SourceEvent::Waiting(path) => feed(&name, FeedChange::Waiting(path)),
                };
                if tx.send(ev).is_err() {
                    return;
                }
            }
        });
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
        let (stx, srx) = crossbeam_channel::bounded(1024);
        let handle = source::follow_file_from(&self.0, from, stx)
            .map_err(|e| format!("--transcript {}: {e}", self.0.display()))?;
        bridge("transcript", srx, tx.feed);
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
        let (stx, rx) = crossbeam_channel::bounded(1024);
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
        bridge("listen", self.rx, tx.feed);
        Ok(Box::new(self.handle))
    }
}

/// Events from a channel (a scripted customer, tests): forwarded to the feed channel.
pub struct Channel(pub Receiver<Event>);

impl Source for Channel {
    fn start(self: Box<Self>, _from: FollowFrom, tx: Senders) -> Result<Running, String> {
        let rx = self.0;
        std::thread::Builder::new()
            .name("apunte-feed-channel".into())
            .spawn(move || {
                for ev in rx.iter() {
                    if tx.feed.send(ev).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| e.to_string())?;
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
