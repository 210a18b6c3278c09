//! The trainee's side of the trainer link (`apunte train --host`): a listener for the
//! trainer's console, one more [`Source`] of the workspace.
//!
//! ```text
//! journal tap (records as written) ─┐
//! scripted customer (ScriptView) ───┼─▶ hub thread: history, clients ─▶ writer thread ─▶ console
//! scorecards ───────────────────────┘         ▲ join / leave
//!                          reader thread ◀─── console: hello (code), commands
//!                            │ feed: customer lines, whispers, pause, grades, link state
//!                            ▼ scripted customer: fire, skip, take over, hand back, pause
//! ```
//!
//! The hub keeps every record of the call since it began: a console that joins (or
//! joins again after a drop) gets the welcome, then all of them in order, then the
//! live ones, with nothing lost between the two because one thread does both. The
//! first console with the right code drives the call; the others (or one that asks)
//! observe: their commands are refused and counted. A wrong code is refused and
//! counted; the code is compared in constant time. The workspace never waits for the
//! link: every send to a console goes through its own bounded queue, and a console
//! that cannot keep up is dropped (it gets everything again when it rejoins).
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};

use super::scripted::{Command, Control};
use super::sources::{Running, Senders, Source};
use crate::app::{Event, FeedChange, TranscriptEvent};
use crate::conversation::journal::Record;
use crate::conversation::source::{FollowFrom, ListenAddr, ListenError, would_wait};
use crate::training::link::{
    self, Bad, Card, Counts, Framer, Role, ScriptView, ToTrainee, ToTrainer,
};
use crate::training::scorecard::Scorecard;

/// The feed's name in the status bar.
pub const SOURCE: &str = "trainer";
/// Consoles connected at once, at most (one drives, the rest observe).
pub const MAX_CONSOLES: usize = 8;
/// How long a console may take to send its hello.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(5);
/// Lines waiting for a slow console, at most (then it is dropped; it may rejoin).
const CONSOLE_QUEUE: usize = 65_536;
const READ_TIMEOUT: Duration = Duration::from_millis(100);
const POLL: Duration = Duration::from_millis(50);

/// A connection to a console: TCP or a unix socket.
trait Conn: Read + Write + Send {
    fn twin(&self) -> io::Result<Box<dyn Conn>>;
    fn shut(&self);
}

impl Conn for TcpStream {
    fn twin(&self) -> io::Result<Box<dyn Conn>> {
        Ok(Box::new(self.try_clone()?))
    }
    fn shut(&self) {
        let _ = self.shutdown(std::net::Shutdown::Both);
    }
}

#[cfg(unix)]
impl Conn for std::os::unix::net::UnixStream {
    fn twin(&self) -> io::Result<Box<dyn Conn>> {
        Ok(Box::new(self.try_clone()?))
    }
    fn shut(&self) {
        let _ = self.shutdown(std::net::Shutdown::Both);
    }
}

enum Listening {
    Tcp(TcpListener),
    #[cfg(unix)]
    Unix(std::os::unix::net::UnixListener, std::path::PathBuf),
}

impl Listening {
    fn accept(&self) -> io::Result<Option<Box<dyn Conn>>> {
        let ready = |r: io::Result<Box<dyn Conn>>| match r {
            Ok(c) => Ok(Some(c)),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        };
        match self {
            Listening::Tcp(l) => ready(l.accept().and_then(|(s, _)| {
                s.set_nonblocking(false)?;
                s.set_read_timeout(Some(READ_TIMEOUT))?;
                s.set_write_timeout(Some(Duration::from_secs(5)))?;
                Ok(Box::new(s) as Box<dyn Conn>)
            })),
            #[cfg(unix)]
            Listening::Unix(l, _) => ready(l.accept().and_then(|(s, _)| {
                s.set_nonblocking(false)?;
                s.set_read_timeout(Some(READ_TIMEOUT))?;
                s.set_write_timeout(Some(Duration::from_secs(5)))?;
                Ok(Box::new(s) as Box<dyn Conn>)
            })),
        }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Listening::Unix(_, path) = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// What the link counted: refused joins (wrong code), refused commands (an observer's),
/// unreadable lines.
#[derive(Debug, Default)]
pub struct LinkCounts {
    pub refused: AtomicU64,
    pub bad_lines: AtomicU64,
}

/// The trainee's side of the link, bound before the terminal is taken.
pub struct Host {
    listening: Listening,
    address: String,
    code: Arc<String>,
    card: Card,
    records: Receiver<Record>,
    views: Receiver<ScriptView>,
    scores: Receiver<Scorecard>,
    control: Control,
    counts: Arc<LinkCounts>,
}

/// What the rest of the workspace hands the host: where records, script states and
/// scorecards come from.
pub struct Feeds {
    pub records: Receiver<Record>,
    pub views: Receiver<ScriptView>,
    pub scores: Receiver<Scorecard>,
    pub control: Control,
}

impl Host {
    /// Binds `addr` (loopback TCP by default, `unix:PATH`, or any address: every
    /// console must give `code` anyway).
    pub fn bind(addr: &str, code: String, card: Card, feeds: Feeds) -> anyhow::Result<Host> {
        let parsed = ListenAddr::parse(addr)?;
        let io_err = |source: io::Error| ListenError::binding(addr, source);
        let (listening, address) = match parsed {
            ListenAddr::Tcp(sa) => {
                let l = TcpListener::bind(sa).map_err(io_err)?;
                l.set_nonblocking(true).map_err(io_err)?;
                let local = l.local_addr().map_err(io_err)?.to_string();
                (Listening::Tcp(l), local)
            }
            #[cfg(unix)]
            ListenAddr::Unix(path) => {
                if std::fs::symlink_metadata(&path).is_ok()
                    && std::os::unix::net::UnixStream::connect(&path).is_err()
                {
                    // A stale socket nobody answers on.
                    let _ = std::fs::remove_file(&path);
                }
                let l = std::os::unix::net::UnixListener::bind(&path).map_err(io_err)?;
                l.set_nonblocking(true).map_err(io_err)?;
                let shown = format!("unix:{}", path.display());
                (Listening::Unix(l, path), shown)
            }
            #[cfg(not(unix))]
            ListenAddr::Unix(_) => anyhow::bail!("--host {addr}: no unix sockets on this system"),
        };
        Ok(Host {
            listening,
            address,
            code: Arc::new(code),
            card,
            records: feeds.records,
            views: feeds.views,
            scores: feeds.scores,
            control: feeds.control,
            counts: Arc::default(),
        })
    }

    /// The address consoles connect to (`127.0.0.1:7071`, `unix:/tmp/x.sock`).
    pub fn address(&self) -> &str {
        &self.address
    }

    /// What the link counted so far.
    pub fn counts(&self) -> Arc<LinkCounts> {
        self.counts.clone()
    }
}

/// A console the hub writes to.
struct Client {
    id: u64,
    role: Role,
    out: Sender<String>,
}

/// What the reader threads tell the hub.
enum HubMsg {
    Join {
        id: u64,
        observe: bool,
        out: Sender<String>,
        role: Sender<Role>,
    },
    Leave(u64),
}

/// Stops the link's threads when the workspace closes.
struct Stopper {
    stop: Arc<AtomicBool>,
}

impl Drop for Stopper {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl Source for Host {
    fn start(self: Box<Self>, _from: FollowFrom, tx: Senders) -> Result<Running, String> {
        let stop = Arc::new(AtomicBool::new(false));
        let (hub_tx, hub_rx) = crossbeam_channel::unbounded();
        let _ = tx.feed.send(Event::Feed {
            source: SOURCE.into(),
            change: FeedChange::Listening(self.address.clone()),
        });
        let Host {
            listening,
            code,
            card,
            records,
            views,
            scores,
            control,
            counts,
            ..
        } = *self;
        let hub_stop = stop.clone();
        std::thread::Builder::new()
            .name("apunte-trainer-hub".into())
            .spawn(move || hub(card, records, views, scores, hub_rx, hub_stop))
            .map_err(|e| e.to_string())?;
        let accept_stop = stop.clone();
        std::thread::Builder::new()
            .name("apunte-trainer-listen".into())
            .spawn(move || {
                let ctx = Ctx {
                    code,
                    control,
                    counts,
                    tx,
                    hub: hub_tx,
                    stop: accept_stop,
                };
                accept_loop(&listening, &ctx);
            })
            .map_err(|e| e.to_string())?;
        Ok(Box::new(Stopper { stop }))
    }
}

/// Keeps the call's history and fans it out to the consoles.
fn hub(
    card: Card,
    records: Receiver<Record>,
    views: Receiver<ScriptView>,
    scores: Receiver<Scorecard>,
    joins: Receiver<HubMsg>,
    stop: Arc<AtomicBool>,
) {
    let mut history: Vec<String> = Vec::new();
    let mut view: Option<String> = None;
    let mut score: Option<String> = None;
    let mut clients: Vec<Client> = Vec::new();
    let broadcast = |clients: &mut Vec<Client>, line: &str| {
        // A console that cannot keep up is dropped (its writer ends): it may rejoin.
        clients.retain(|c| c.out.try_send(line.to_string()).is_ok());
    };
    while !stop.load(Ordering::SeqCst) {
        crossbeam_channel::select! {
            recv(records) -> r => match r {
                Ok(record) => {
                    let seq = history.len() as u64 + 1;
                    let line = link::encode_record(seq, &record);
                    broadcast(&mut clients, &line);
                    history.push(line);
                }
                Err(_) => return,
            },
            recv(views) -> v => if let Ok(v) = v {
                let line = link::encode(&ToTrainer::Script { view: v });
                broadcast(&mut clients, &line);
                view = Some(line);
            },
            recv(scores) -> s => if let Ok(card) = s {
                let line = link::encode(&ToTrainer::Scorecard { card: Box::new(card) });
                broadcast(&mut clients, &line);
                score = Some(line);
            },
            recv(joins) -> m => match m {
                Ok(HubMsg::Join { id, observe, out, role }) => {
                    let driving = clients.iter().any(|c| c.role == Role::Driver);
                    let r = if observe || driving { Role::Observer } else { Role::Driver };
                    let _ = role.send(r);
                    let welcome = link::encode(&ToTrainer::Welcome { role: r, card: Box::new(card.clone()) });
                    let whole = std::iter::once(&welcome)
                        .chain(history.iter())
                        .chain(view.iter())
                        .chain(score.iter())
                        .all(|l| out.try_send(l.clone()).is_ok());
                    if whole {
                        clients.push(Client { id, role: r, out });
                    }
                }
                Ok(HubMsg::Leave(id)) => clients.retain(|c| c.id != id),
                Err(_) => return,
            },
            default(POLL) => {}
        }
    }
}

/// What every connection thread shares.
#[derive(Clone)]
struct Ctx {
    code: Arc<String>,
    control: Control,
    counts: Arc<LinkCounts>,
    tx: Senders,
    hub: Sender<HubMsg>,
    stop: Arc<AtomicBool>,
}

impl Ctx {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn feed(&self, change: FeedChange) {
        let _ = self.tx.feed.send(Event::Feed {
            source: SOURCE.into(),
            change,
        });
    }

    /// Tells the status bar what was counted.
    fn problems(&self) {
        let _ = self.tx.feed.send(Event::FeedProblems {
            source: SOURCE.into(),
            bad_lines: self.counts.bad_lines.load(Ordering::SeqCst),
            refused: self.counts.refused.load(Ordering::SeqCst),
            busy: 0,
        });
    }

    fn refuse(&self) {
        self.counts.refused.fetch_add(1, Ordering::SeqCst);
        self.problems();
    }

    fn bad(&self) {
        self.counts.bad_lines.fetch_add(1, Ordering::SeqCst);
        self.problems();
    }
}

fn accept_loop(listening: &Listening, ctx: &Ctx) {
    let mut next_id = 0u64;
    let mut threads: Vec<std::thread::JoinHandle<()>> = Vec::new();
    while !ctx.stopped() {
        match listening.accept() {
            Ok(Some(conn)) => {
                threads.retain(|h| !h.is_finished());
                if threads.len() >= MAX_CONSOLES * 2 {
                    ctx.refuse();
                    conn.shut();
                    continue;
                }
                next_id += 1;
                let (id, c) = (next_id, ctx.clone());
                match std::thread::Builder::new()
                    .name("apunte-trainer-conn".into())
                    .spawn(move || serve(conn, id, &c))
                {
                    Ok(h) => threads.push(h),
                    Err(_) => ctx.refuse(),
                }
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(_) => std::thread::sleep(POLL),
        }
    }
}

/// Writes the hub's lines to one console until it goes.
fn writer(mut conn: Box<dyn Conn>, rx: Receiver<String>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(POLL * 4) {
            Ok(line) => {
                if conn.write_all(line.as_bytes()).is_err() {
                    break;
                }
            }
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
            Err(_) => break,
        }
    }
    conn.shut();
}

/// One console: its hello, then its commands.
fn serve(mut conn: Box<dyn Conn>, id: u64, ctx: &Ctx) {
    let mut framer = Framer::default();
    let mut buf = vec![0u8; 16 * 1024];
    let deadline = Instant::now() + HELLO_TIMEOUT;
    let refuse = |conn: &mut Box<dyn Conn>, reason: &str| {
        // Counted before the console hears of it.
        ctx.refuse();
        let _ = conn.write_all(
            link::encode(&ToTrainer::Refused {
                reason: reason.into(),
            })
            .as_bytes(),
        );
        conn.shut();
    };
    // The hello; lines that came with it are kept for after it.
    let mut waiting: std::collections::VecDeque<Result<String, Bad>> = Default::default();
    let (name, observe) = loop {
        if ctx.stopped() {
            return;
        }
        if let Some(line) = waiting.pop_front() {
            match line.map(|l| link::decode::<ToTrainee>(&l)) {
                Ok(Ok(ToTrainee::Hello {
                    code,
                    name,
                    observe,
                })) => {
                    if link::same_code(&code, &ctx.code) {
                        break (name, observe);
                    }
                    refuse(&mut conn, "wrong code");
                }
                Ok(Err(Bad::Version(v))) => refuse(&mut conn, &Bad::Version(v).to_string()),
                _ => refuse(&mut conn, "the first line must be the hello with the code"),
            }
            return;
        }
        if Instant::now() >= deadline {
            refuse(&mut conn, "no hello within 5 seconds");
            return;
        }
        match conn.read(&mut buf) {
            Ok(0) => {
                ctx.refuse();
                return;
            }
            Ok(n) => waiting.extend(framer.push(&buf[..n])),
            Err(e) if would_wait(&e) => {}
            Err(_) => {
                ctx.refuse();
                return;
            }
        }
    };
    let Ok(out_conn) = conn.twin() else {
        ctx.refuse();
        return;
    };
    let (out, out_rx) = crossbeam_channel::bounded(CONSOLE_QUEUE);
    let (role_tx, role_rx) = crossbeam_channel::bounded(1);
    let writer_stop = ctx.stop.clone();
    let w = std::thread::Builder::new()
        .name("apunte-trainer-write".into())
        .spawn(move || writer(out_conn, out_rx, writer_stop));
    if w.is_err()
        || ctx
            .hub
            .send(HubMsg::Join {
                id,
                observe,
                out,
                role: role_tx,
            })
            .is_err()
    {
        return;
    }
    let Ok(role) = role_rx.recv() else { return };
    let who = if name.trim().is_empty() {
        format!("#{id}")
    } else {
        crate::text::sanitize(name.trim()).into_owned()
    };
    ctx.feed(FeedChange::Connected(who.clone()));
    let mut counts = Counts::default();
    let mut handle = |conn: &mut Box<dyn Conn>, line: Result<String, Bad>| match line
        .and_then(|l| link::decode::<ToTrainee>(&l))
    {
        Ok(msg) if role == Role::Driver => command(ctx, &who, msg),
        Ok(_) => {
            ctx.refuse();
            let _ = conn.write_all(
                link::encode(&ToTrainer::Refused {
                    reason: "an observer only watches".into(),
                })
                .as_bytes(),
            );
        }
        Err(bad) => {
            counts.count(&bad);
            ctx.bad();
        }
    };
    for line in waiting {
        handle(&mut conn, line);
    }
    while !ctx.stopped() {
        match conn.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                for line in framer.push(&buf[..n]) {
                    handle(&mut conn, line);
                }
            }
            Err(e) if would_wait(&e) => {}
            Err(_) => break,
        }
    }
    let _ = ctx.hub.send(HubMsg::Leave(id));
    ctx.feed(FeedChange::Disconnected(who));
}

/// The driving trainer's command, carried out.
fn command(ctx: &Ctx, who: &str, msg: ToTrainee) {
    let feed = |ev: Event| {
        let _ = ctx.tx.feed.send(ev);
    };
    match msg {
        // A second hello changes nothing.
        ToTrainee::Hello { .. } => {}
        ToTrainee::Say { text } => {
            if !text.trim().is_empty() {
                feed(Event::Transcript(TranscriptEvent::customer(
                    text.trim().to_string(),
                )));
                ctx.control.send(Command::CustomerSaid);
            }
        }
        ToTrainee::Fire { line } => {
            ctx.control.send(Command::Fire(line));
        }
        ToTrainee::Skip { line } => {
            ctx.control.send(Command::Skip(line));
        }
        ToTrainee::TakeOver => {
            ctx.control.send(Command::TakeOver);
        }
        ToTrainee::HandBack => {
            ctx.control.send(Command::HandBack);
        }
        ToTrainee::Whisper { text } => feed(Event::Whisper {
            text,
            from: who.to_string(),
        }),
        ToTrainee::Pause => {
            ctx.control.send(Command::Pause);
            feed(Event::TrainerPause(true));
        }
        ToTrainee::Resume => {
            ctx.control.send(Command::Resume);
            feed(Event::TrainerPause(false));
        }
        ToTrainee::Grades { items, comment } => feed(Event::TrainerGrades {
            grader: who.to_string(),
            items,
            comment,
        }),
    }
}
