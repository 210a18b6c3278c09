//! Live transcript sources: a followed file or FIFO, a TCP listener, a unix socket.
//!
//! Every source runs on its own thread(s) and sends [`SourceEvent`]s on a
//! crossbeam-channel `Sender` that the caller gives; the caller keeps the returned
//! [`SourceHandle`]. Dropping the handle (or calling [`SourceHandle::stop`]) stops the
//! threads within about 100 ms and joins them; a dropped receiver stops a source at its
//! next event.
//!
//! ```no_run
//! # use apunte::conversation::source::{self, SourceEvent};
//! let (tx, rx) = crossbeam_channel::unbounded();
//! let handle = source::listen("127.0.0.1:0", None, tx).unwrap();
//! println!("listening on {}", handle.local_addr().unwrap());
//! for ev in rx.iter() {
//!     match ev {
//!         SourceEvent::Turn(e) => println!("{:?}: {}", e.speaker, e.text),
//!         SourceEvent::Problem(p) => eprintln!("{p}"),
//!         SourceEvent::Connected(who)
//!         | SourceEvent::Disconnected(who)
//!         | SourceEvent::Waiting(who) => eprintln!("{who}"),
//!     }
//! }
//! ```
//!
//! Line framing, shared by all sources (the line format itself is in [`super::event`]):
//! * Lines are split on `\n`; a line longer than [`MAX_LINE`] bytes is discarded whole
//!   and counted ([`ProblemKind::LineTooLong`]), memory stays bounded.
//! * A line that is not UTF-8 is counted ([`ProblemKind::InvalidUtf8`]) and skipped: a
//!   line reported as skipped never becomes a turn.
//! * When a peer disconnects (or the last FIFO writer closes) in the middle of a line,
//!   the unterminated tail is taken if it is a complete event (plain text, or a JSON
//!   object that parses: many clients omit the last newline); otherwise it is counted as
//!   [`ProblemKind::PartialLine`]. A followed regular file keeps an unterminated tail
//!   until the writer completes it; if the file is truncated or rotated first, the tail is
//!   handled like a disconnect.
//! * Every problem is sent as [`SourceEvent::Problem`] and counted in the handle's
//!   [`ProblemCounts`]; the feed keeps flowing.
//!
//! Following a file ([`follow_file`]): reads from the start ([`follow_file_from`] with
//! [`FollowFrom::End`] skips what is already there, for a resumed call), then polls every 50 ms. A
//! file that does not exist yet is waited for. Size shrinking → truncated, read again from
//! 0; inode changing (log rotation) → the old file is read to its end, then the new one
//! from 0. A FIFO is opened non-blocking: writers may come and go, each one's lines are
//! read in order (the limit of polling: a file truncated and refilled past the old size
//! between two polls looks like growth).
//!
//! Listening ([`listen`]): `127.0.0.1:PORT`, `[::1]:PORT`, `localhost:PORT`, a bare
//! `PORT` (loopback), or `unix:PATH`. A non-loopback address needs a token; with a token
//! every client must send it as its first line, else it is disconnected and counted
//! ([`ProblemKind::BadToken`]). One thread per connection. A stale unix socket file is
//! removed at start (only if it is a socket nobody answers on) and on stop.
use std::io::{self, Read};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{SendTimeoutError, Sender};

use super::event::parse_line;
use super::event::{FeedProblem, MAX_LINE, ProblemCounts, ProblemKind, TranscriptEvent};

/// How often idle sources look for new data and for the stop flag.
const POLL: Duration = Duration::from_millis(50);
/// Read timeout on connections (how soon a connection thread sees the stop flag).
const READ_TIMEOUT: Duration = Duration::from_millis(100);
/// How long a client of a listener with a token may take to send it: after that the
/// connection is closed (a client that never authenticates holds no thread for long).
pub const TOKEN_TIMEOUT: Duration = Duration::from_secs(5);

/// Most clients a listener serves at once; one more is closed on arrival (one thread
/// per client: without a cap anyone who can reach the port could exhaust them).
pub const MAX_CONNECTIONS: usize = 64;

/// Longest token line accepted.
const MAX_TOKEN_LINE: usize = 4096;

/// What a source reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceEvent {
    /// A transcript event (final or interim), in the order received per connection.
    Turn(TranscriptEvent),
    /// Bad input, counted; the feed goes on.
    Problem(FeedProblem),
    /// A client connected (peer address) or a followed file was opened (its path).
    Connected(String),
    /// A client disconnected, or a followed file went away (rotated/removed).
    Disconnected(String),
    /// A followed file is not there (yet, or any more): waiting for it (its path).
    Waiting(String),
}

/// A running source. Dropping it stops and joins the source's threads (and removes the
/// unix socket file it created).
#[derive(Debug)]
pub struct SourceHandle {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    counts: Arc<ProblemCounts>,
    local_addr: Option<String>,
    socket_file: Option<(PathBuf, u64)>,
}

impl SourceHandle {
    /// The address actually bound (`127.0.0.1:43121`, `unix:/run/x.sock`); `None` for a
    /// followed file. Useful with port 0.
    pub fn local_addr(&self) -> Option<&str> {
        self.local_addr.as_deref()
    }

    /// The problem counters (shared, live).
    pub fn problems(&self) -> Arc<ProblemCounts> {
        Arc::clone(&self.counts)
    }

    /// Stops the threads and waits for them (at most about 100 ms).
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        if let Some((path, ino)) = self.socket_file.take() {
            remove_socket_if_ours(&path, ino);
        }
    }
}

impl Drop for SourceHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Shared by a source's threads.
#[derive(Clone)]
struct Ctx {
    tx: Sender<SourceEvent>,
    stop: Arc<AtomicBool>,
    counts: Arc<ProblemCounts>,
}

impl Ctx {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sends; false when the receiver is gone or we are told to stop while the channel
    /// is full.
    fn send(&self, mut ev: SourceEvent) -> bool {
        loop {
            match self.tx.send_timeout(ev, READ_TIMEOUT) {
                Ok(()) => return true,
                Err(SendTimeoutError::Disconnected(_)) => return false,
                Err(SendTimeoutError::Timeout(back)) => {
                    if self.stopped() {
                        return false;
                    }
                    ev = back;
                }
            }
        }
    }

    fn problem(&self, kind: ProblemKind, detail: impl Into<String>) -> bool {
        self.counts.add(kind);
        self.send(SourceEvent::Problem(FeedProblem::new(kind, detail)))
    }
}

/// Splits a byte stream into lines and turns them into events (see the module docs).
struct Feeder {
    ctx: Ctx,
    label: String,
    buf: Vec<u8>,
    /// Bytes of the current over-long line discarded so far (0: not discarding).
    overlong: usize,
    /// Drop everything up to the next newline (started in the middle of a line).
    skip_line: bool,
    alive: bool,
    /// The offset in a followed regular file of the next byte fed (None: not a file).
    offset: Option<u64>,
}

impl Feeder {
    fn new(ctx: Ctx, label: String) -> Feeder {
        Feeder {
            ctx,
            label,
            buf: Vec::new(),
            overlong: 0,
            skip_line: false,
            alive: true,
            offset: None,
        }
    }

    /// Counts `n` more bytes of a followed file as fed.
    fn advance(&mut self, n: usize) {
        if let Some(o) = &mut self.offset {
            *o += n as u64;
        }
    }

    fn send(&mut self, ev: SourceEvent) {
        if self.alive && !self.ctx.send(ev) {
            self.alive = false;
        }
    }

    fn problem(&mut self, p: FeedProblem) {
        self.ctx.counts.add(p.kind);
        let p = FeedProblem::new(p.kind, format!("{}: {}", self.label, p.detail));
        self.send(SourceEvent::Problem(p));
    }

    /// Sends a parsed event, with how far the file was read after it.
    fn turn(&mut self, mut ev: TranscriptEvent) {
        ev.at = self.offset;
        self.send(SourceEvent::Turn(ev));
    }

    /// Feeds bytes as they were read.
    fn feed(&mut self, mut data: &[u8]) {
        if self.skip_line {
            match data.iter().position(|b| *b == b'\n') {
                Some(i) => {
                    self.skip_line = false;
                    self.advance(i + 1);
                    data = &data[i + 1..];
                }
                None => {
                    self.advance(data.len());
                    return;
                }
            }
        }
        while !data.is_empty() && self.alive {
            match data.iter().position(|b| *b == b'\n') {
                Some(i) => {
                    self.push(&data[..i]);
                    self.advance(i + 1);
                    self.end_line();
                    data = &data[i + 1..];
                }
                None => {
                    self.push(data);
                    self.advance(data.len());
                    break;
                }
            }
        }
    }

    fn push(&mut self, seg: &[u8]) {
        if self.overlong > 0 {
            self.overlong += seg.len();
        } else {
            self.buf.extend_from_slice(seg);
            // +1: a trailing '\r' is not part of the line.
            if self.buf.len() > MAX_LINE + 1 {
                self.overlong = self.buf.len();
                self.buf = Vec::new();
            }
        }
    }

    fn end_line(&mut self) {
        if self.overlong > 0 {
            let n = std::mem::take(&mut self.overlong);
            self.problem(FeedProblem::new(
                ProblemKind::LineTooLong,
                format!("line of {n} bytes discarded (limit {MAX_LINE})"),
            ));
            return;
        }
        let line = std::mem::take(&mut self.buf);
        self.line(&line);
    }

    fn line(&mut self, line: &[u8]) {
        match parse_line(line) {
            Ok(Some(ev)) => self.turn(ev),
            Ok(None) => {}
            Err(p) => self.problem(p),
        }
    }

    /// The stream ended (peer gone, FIFO writer closed): the unterminated tail, if any.
    fn finish(&mut self, why: &str) {
        self.skip_line = false;
        if self.overlong > 0 {
            self.end_line();
            return;
        }
        if self.buf.is_empty() {
            return;
        }
        let tail = std::mem::take(&mut self.buf);
        match parse_line(&tail) {
            Ok(Some(ev)) => self.turn(ev),
            Ok(None) => {}
            Err(p) => self.problem(FeedProblem::new(
                ProblemKind::PartialLine,
                format!("{why} in the middle of a line ({} bytes): {p}", tail.len()),
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Following a file or FIFO

/// Where following a regular file starts (a FIFO has no past: it always starts now).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FollowFrom {
    /// Everything already in the file, then what is appended (the default: nothing the
    /// customer said is missed).
    #[default]
    Start,
    /// Only what is appended from now on (e.g. when resuming a call whose earlier turns
    /// are already in the journal). A half-written last line is skipped whole.
    End,
    /// From this byte offset: where a resumed call's journal says the file had been read
    /// to (its last journaled turn's [`TranscriptEvent::at`]), so what was written while
    /// apunte was down is read now. A file now shorter than that is another file: it is
    /// followed from its end.
    At(u64),
}

/// Checks that `path` can be followed: not a folder, and its folder exists (the file
/// itself may appear later). Used before the terminal is taken, so the agent reads why.
pub fn check_follow_path(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is a folder: --transcript takes a file or a FIFO",
                path.display()
            ),
        ));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "cannot follow {}: folder {} does not exist",
                path.display(),
                parent.display()
            ),
        ));
    }
    Ok(())
}

/// Follows `path` (a regular file or a FIFO) from its start on a new thread; see the
/// module docs. Errors when `path` is a folder or its parent folder does not exist.
pub fn follow_file(path: impl AsRef<Path>, tx: Sender<SourceEvent>) -> io::Result<SourceHandle> {
    follow_file_from(path, FollowFrom::Start, tx)
}

/// Like [`follow_file`], choosing where a regular file is first read from. After a
/// truncation or rotation the file is always read from its start.
pub fn follow_file_from(
    path: impl AsRef<Path>,
    from: FollowFrom,
    tx: Sender<SourceEvent>,
) -> io::Result<SourceHandle> {
    let path = path.as_ref().to_path_buf();
    check_follow_path(&path)?;
    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(ProblemCounts::default());
    let ctx = Ctx {
        tx,
        stop: Arc::clone(&stop),
        counts: Arc::clone(&counts),
    };
    let thread = std::thread::Builder::new()
        .name("apunte-follow".into())
        .spawn(move || follow_loop(&path, from, ctx))?;
    Ok(SourceHandle {
        stop,
        threads: vec![thread],
        counts,
        local_addr: None,
        socket_file: None,
    })
}

struct Followed {
    file: std::fs::File,
    id: (u64, u64),
    pos: u64,
    fifo: bool,
}

fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0)
    }
}

fn is_fifo(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

fn open_followed(path: &Path) -> io::Result<Followed> {
    let meta = std::fs::metadata(path)?;
    let fifo = is_fifo(&meta);
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    if fifo {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking: opening a FIFO would otherwise wait for a writer, and a stop
        // request could not be honoured.
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    let id = file_id(&file.metadata()?);
    Ok(Followed {
        file,
        id,
        pos: 0,
        fifo,
    })
}

/// Positions a newly opened file at its end; a half-written last line is skipped.
fn skip_to_end(f: &mut Followed, feeder: &mut Feeder) {
    use std::io::Seek;
    let Ok(len) = f.file.seek(io::SeekFrom::End(0)) else {
        return;
    };
    f.pos = len;
    if len > 0 && f.file.seek(io::SeekFrom::Start(len - 1)).is_ok() {
        let mut last = [0u8; 1];
        if f.file.read_exact(&mut last).is_ok() && last[0] != b'\n' {
            feeder.skip_line = true;
        }
    }
}

/// Positions a newly opened file at byte `n` (a line's end, from the journal); at its
/// end when it is shorter than that.
fn seek_to(f: &mut Followed, n: u64, feeder: &mut Feeder) {
    use std::io::Seek;
    let len = f.file.metadata().map(|m| m.len()).unwrap_or(0);
    if len < n {
        skip_to_end(f, feeder);
        return;
    }
    match f.file.seek(io::SeekFrom::Start(n)) {
        Ok(_) => f.pos = n,
        Err(_) => skip_to_end(f, feeder),
    }
}

fn follow_loop(path: &Path, from: FollowFrom, ctx: Ctx) {
    let label = path.display().to_string();
    let mut feeder = Feeder::new(ctx.clone(), label.clone());
    let mut current: Option<Followed> = None;
    let mut first_open = true;
    let mut buf = vec![0u8; 64 * 1024];
    let mut open_error_reported = false;
    let mut waiting_reported = false;
    while !ctx.stopped() && feeder.alive {
        let Some(f) = current.as_mut() else {
            match open_followed(path) {
                Ok(mut f) => {
                    if std::mem::take(&mut first_open) && !f.fifo {
                        match from {
                            FollowFrom::Start => {}
                            FollowFrom::End => skip_to_end(&mut f, &mut feeder),
                            FollowFrom::At(n) => seek_to(&mut f, n, &mut feeder),
                        }
                    }
                    feeder.offset = (!f.fifo).then_some(f.pos);
                    open_error_reported = false;
                    waiting_reported = false;
                    current = Some(f);
                    feeder.send(SourceEvent::Connected(label.clone()));
                }
                Err(e) => {
                    if e.kind() == io::ErrorKind::NotFound && !waiting_reported {
                        waiting_reported = true;
                        feeder.send(SourceEvent::Waiting(label.clone()));
                    }
                    if e.kind() != io::ErrorKind::NotFound && !open_error_reported {
                        open_error_reported = true;
                        feeder.problem(FeedProblem::new(
                            ProblemKind::Io,
                            format!("cannot open: {e}"),
                        ));
                    }
                    std::thread::sleep(POLL);
                }
            }
            continue;
        };
        match f.file.read(&mut buf) {
            Ok(0) if f.fifo => {
                // No writer (yet, or any more): the last writer's tail is complete.
                feeder.finish("the writer closed the FIFO");
                // A FIFO removed or replaced: open the one now at the path.
                let replaced = std::fs::metadata(path).map_or(true, |m| file_id(&m) != f.id);
                if replaced {
                    current = None;
                }
                std::thread::sleep(POLL);
            }
            Ok(0) => {
                let on_disk = std::fs::metadata(path);
                let rotated = match &on_disk {
                    Ok(m) => file_id(m) != f.id,
                    Err(_) => true,
                };
                if rotated {
                    feeder.finish("the file was rotated");
                    feeder.send(SourceEvent::Disconnected(label.clone()));
                    current = None;
                    if on_disk.is_err() {
                        std::thread::sleep(POLL);
                    }
                    continue;
                }
                let len = f.file.metadata().map(|m| m.len()).unwrap_or(f.pos);
                if len < f.pos {
                    feeder.finish("the file was truncated");
                    use std::io::Seek;
                    match f.file.seek(io::SeekFrom::Start(0)) {
                        Ok(_) => {
                            f.pos = 0;
                            feeder.offset = Some(0);
                        }
                        Err(_) => current = None,
                    }
                    continue;
                }
                std::thread::sleep(POLL);
            }
            Ok(n) => {
                f.pos += n as u64;
                feeder.feed(&buf[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                feeder.problem(FeedProblem::new(ProblemKind::Io, format!("read: {e}")));
                current = None;
                std::thread::sleep(POLL);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Listening

/// Why [`listen`] could not start.
#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    #[error(
        "--listen {addr}: {reason}; use an address like 127.0.0.1:7000, [::1]:7000 or unix:/tmp/apunte.sock"
    )]
    BadAddress { addr: String, reason: String },
    #[error(
        "--listen {addr}: the address is in use by another program (another apunte?); pick another port or path"
    )]
    InUse { addr: String },
    #[error(
        "--listen {addr}: not a loopback address, so anyone on the network could send turns; add --token SECRET (clients send it as their first line) or listen on 127.0.0.1"
    )]
    NeedsToken { addr: String },
    #[error("--listen {addr}: {path} exists and is not a socket; remove it or choose another path")]
    NotASocket { addr: String, path: PathBuf },
    #[error("--listen {addr}: {source}")]
    Io {
        addr: String,
        #[source]
        source: io::Error,
    },
}

impl ListenError {
    /// Binding `addr` failed: in use, or another error of the system's.
    pub fn binding(addr: &str, source: io::Error) -> ListenError {
        if source.kind() == io::ErrorKind::AddrInUse {
            ListenError::InUse {
                addr: addr.to_string(),
            }
        } else {
            ListenError::Io {
                addr: addr.to_string(),
                source,
            }
        }
    }
}

/// A read that only timed out or was interrupted: try again.
pub fn would_wait(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

/// Where to listen, parsed from `--listen`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenAddr {
    Tcp(SocketAddr),
    Unix(PathBuf),
}

impl ListenAddr {
    /// Parses `127.0.0.1:PORT`, `[::1]:PORT`, `localhost:PORT`, `PORT`, `HOST:PORT` or
    /// `unix:PATH`.
    pub fn parse(addr: &str) -> Result<ListenAddr, ListenError> {
        let bad = |reason: &str| ListenError::BadAddress {
            addr: addr.to_string(),
            reason: reason.to_string(),
        };
        let a = addr.trim();
        if let Some(path) = a.strip_prefix("unix:") {
            if path.is_empty() {
                return Err(bad("no path after unix:"));
            }
            return Ok(ListenAddr::Unix(PathBuf::from(path)));
        }
        if a.is_empty() {
            return Err(bad("empty address"));
        }
        if let Ok(port) = a.parse::<u16>() {
            return Ok(ListenAddr::Tcp(SocketAddr::from(([127, 0, 0, 1], port))));
        }
        if let Ok(sa) = a.parse::<SocketAddr>() {
            return Ok(ListenAddr::Tcp(sa));
        }
        if !a.contains(':') {
            return Err(bad("no port"));
        }
        match a.to_socket_addrs() {
            // Prefer IPv4 for names like localhost.
            Ok(addrs) => {
                let addrs: Vec<SocketAddr> = addrs.collect();
                addrs
                    .iter()
                    .find(|s| s.is_ipv4())
                    .or(addrs.first())
                    .copied()
                    .map(ListenAddr::Tcp)
                    .ok_or_else(|| bad("the name does not resolve"))
            }
            Err(e) => Err(bad(&format!("not a host:port ({e})"))),
        }
    }
}

/// Starts listening for transcript clients; see the module docs.
pub fn listen(
    addr: &str,
    token: Option<String>,
    tx: Sender<SourceEvent>,
) -> Result<SourceHandle, ListenError> {
    let parsed = ListenAddr::parse(addr)?;
    let token = token.filter(|t| !t.trim().is_empty()).map(Arc::new);
    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(ProblemCounts::default());
    let ctx = Ctx {
        tx,
        stop: Arc::clone(&stop),
        counts: Arc::clone(&counts),
    };
    let io_err = |source: io::Error| ListenError::binding(addr, source);
    match parsed {
        ListenAddr::Tcp(sa) => {
            if !sa.ip().is_loopback() && token.is_none() {
                return Err(ListenError::NeedsToken {
                    addr: addr.to_string(),
                });
            }
            let listener = TcpListener::bind(sa).map_err(io_err)?;
            listener.set_nonblocking(true).map_err(io_err)?;
            let local = listener.local_addr().map_err(io_err)?.to_string();
            let thread = spawn_listener(ctx, token, move || {
                accepted(listener.accept(), |(stream, peer)| {
                    stream.set_nonblocking(false)?;
                    stream.set_read_timeout(Some(READ_TIMEOUT))?;
                    Ok((Box::new(stream), peer.to_string()))
                })
            })
            .map_err(io_err)?;
            Ok(SourceHandle {
                stop,
                threads: vec![thread],
                counts,
                local_addr: Some(local),
                socket_file: None,
            })
        }
        #[cfg(unix)]
        ListenAddr::Unix(path) => listen_unix(addr, path, token, ctx, stop, counts),
        #[cfg(not(unix))]
        ListenAddr::Unix(_) => Err(ListenError::BadAddress {
            addr: addr.to_string(),
            reason: "unix sockets are not available on this system".into(),
        }),
    }
}

#[cfg(unix)]
fn listen_unix(
    addr: &str,
    path: PathBuf,
    token: Option<Arc<String>>,
    ctx: Ctx,
    stop: Arc<AtomicBool>,
    counts: Arc<ProblemCounts>,
) -> Result<SourceHandle, ListenError> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    use std::os::unix::net::{UnixListener, UnixStream};
    let io_err = |source: io::Error| ListenError::Io {
        addr: addr.to_string(),
        source,
    };
    if let Ok(meta) = std::fs::symlink_metadata(&path) {
        if !meta.file_type().is_socket() {
            return Err(ListenError::NotASocket {
                addr: addr.to_string(),
                path,
            });
        }
        if UnixStream::connect(&path).is_ok() {
            return Err(ListenError::InUse {
                addr: addr.to_string(),
            });
        }
        // Stale: nobody answers on it.
        std::fs::remove_file(&path).map_err(io_err)?;
    }
    let listener = UnixListener::bind(&path).map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            ListenError::InUse {
                addr: addr.to_string(),
            }
        } else {
            io_err(e)
        }
    })?;
    listener.set_nonblocking(true).map_err(io_err)?;
    let ino = std::fs::metadata(&path).map(|m| m.ino()).unwrap_or(0);
    let local = format!("unix:{}", path.display());
    let label = local.clone();
    let mut n = 0u64;
    let thread = spawn_listener(ctx, token, move || {
        accepted(listener.accept(), |(stream, _)| {
            stream.set_nonblocking(false)?;
            stream.set_read_timeout(Some(READ_TIMEOUT))?;
            n += 1;
            Ok((Box::new(stream), format!("{label}#{n}")))
        })
    })
    .map_err(io_err)?;
    Ok(SourceHandle {
        stop,
        threads: vec![thread],
        counts,
        local_addr: Some(local),
        socket_file: Some((path, ino)),
    })
}

/// Removes the socket file if it is still the one we bound.
fn remove_socket_if_ours(path: &Path, ino: u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        if let Ok(meta) = std::fs::symlink_metadata(path)
            && meta.file_type().is_socket()
            && meta.ino() == ino
        {
            let _ = std::fs::remove_file(path);
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, ino);
    }
}

type Accepted = (Box<dyn Read + Send>, String);

/// The listening thread: [`accept_loop`] over `accept`.
fn spawn_listener(
    ctx: Ctx,
    token: Option<Arc<String>>,
    accept: impl FnMut() -> io::Result<Option<Accepted>> + Send + 'static,
) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("apunte-listen".into())
        .spawn(move || accept_loop(&ctx, accept, token))
}

/// A non-blocking listener's `accept` as [`accept_loop`] wants it: `None` when nobody
/// is waiting, else the connection made ready for reading by `ready`.
fn accepted<C>(
    result: io::Result<C>,
    ready: impl FnOnce(C) -> io::Result<Accepted>,
) -> io::Result<Option<Accepted>> {
    match result {
        Ok(conn) => ready(conn).map(Some),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(None),
        Err(e) => Err(e),
    }
}

fn accept_loop(
    ctx: &Ctx,
    mut accept: impl FnMut() -> io::Result<Option<Accepted>>,
    token: Option<Arc<String>>,
) {
    let mut conns: Vec<JoinHandle<()>> = Vec::new();
    let mut error_reported = false;
    let reap = |conns: Vec<JoinHandle<()>>| -> Vec<JoinHandle<()>> {
        let (done, running): (Vec<_>, Vec<_>) = conns.into_iter().partition(|h| h.is_finished());
        for h in done {
            let _ = h.join();
        }
        running
    };
    while !ctx.stopped() {
        match accept() {
            Ok(Some((stream, peer))) => {
                error_reported = false;
                if conns.len() >= MAX_CONNECTIONS {
                    conns = reap(conns);
                }
                if conns.len() >= MAX_CONNECTIONS {
                    // Counted as such, then closed on arrival (dropping the stream).
                    ctx.problem(
                        ProblemKind::TooManyClients,
                        format!("{MAX_CONNECTIONS} clients connected already: {peer} was closed"),
                    );
                    drop(stream);
                    continue;
                }
                let conn_ctx = ctx.clone();
                let token = token.clone();
                let spawned = std::thread::Builder::new()
                    .name("apunte-conn".into())
                    .spawn(move || serve_connection(stream, peer, token, conn_ctx));
                match spawned {
                    Ok(h) => conns.push(h),
                    Err(e) => {
                        // Out of threads: this client is dropped, the others go on.
                        ctx.problem(ProblemKind::Io, format!("cannot serve a client: {e}"));
                    }
                }
            }
            Ok(None) => {
                conns = reap(conns);
                std::thread::sleep(POLL);
            }
            Err(e) => {
                if !error_reported {
                    error_reported = true;
                    if !ctx.problem(ProblemKind::Io, format!("accept: {e}")) {
                        break;
                    }
                }
                std::thread::sleep(POLL);
            }
        }
    }
    ctx.stop.store(true, Ordering::SeqCst);
    for h in conns {
        let _ = h.join();
    }
}

/// Compares without an early exit, so the time taken tells neither how much matched
/// nor the token's length (every byte of the longer one is looked at).
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let n = a.len().max(b.len());
    let differ = (0..n).fold(u8::from(a.len() != b.len()), |acc, i| {
        acc | (a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff))
    });
    differ == 0
}

fn serve_connection(
    mut stream: Box<dyn Read + Send>,
    peer: String,
    token: Option<Arc<String>>,
    ctx: Ctx,
) {
    let mut feeder = Feeder::new(ctx.clone(), peer.clone());
    let mut buf = vec![0u8; 16 * 1024];
    // Before authentication: bytes of the token line.
    let mut pending_token: Option<Vec<u8>> = token.as_ref().map(|_| Vec::new());
    if pending_token.is_none() {
        feeder.send(SourceEvent::Connected(peer.clone()));
    }
    let reject = |feeder: &mut Feeder, why: &str| {
        feeder.problem(FeedProblem::new(ProblemKind::BadToken, why.to_string()));
    };
    let deadline = std::time::Instant::now() + TOKEN_TIMEOUT;
    while !ctx.stopped() && feeder.alive {
        if pending_token.is_some() && std::time::Instant::now() >= deadline {
            reject(&mut feeder, "no token within 5 seconds; connection closed");
            return;
        }
        match stream.read(&mut buf) {
            Ok(0) => {
                if pending_token.is_some() {
                    reject(&mut feeder, "disconnected before sending the token");
                    return;
                }
                feeder.finish("the peer disconnected");
                break;
            }
            Ok(n) => {
                let mut data = &buf[..n];
                if let (Some(acc), Some(tok)) = (pending_token.as_mut(), token.as_ref()) {
                    match data.iter().position(|b| *b == b'\n') {
                        None => {
                            acc.extend_from_slice(data);
                            if acc.len() > MAX_TOKEN_LINE {
                                reject(&mut feeder, "wrong token; connection closed");
                                return;
                            }
                            continue;
                        }
                        Some(i) => {
                            acc.extend_from_slice(&data[..i]);
                            let sent = acc.trim_ascii();
                            if !same_secret(sent, tok.trim().as_bytes()) {
                                reject(&mut feeder, "wrong token; connection closed");
                                return;
                            }
                            pending_token = None;
                            feeder.send(SourceEvent::Connected(peer.clone()));
                            data = &data[i + 1..];
                        }
                    }
                }
                feeder.feed(data);
            }
            Err(e) if would_wait(&e) => {}
            Err(e) => {
                if pending_token.is_some() {
                    reject(
                        &mut feeder,
                        &format!("connection error before the token: {e}"),
                    );
                    return;
                }
                feeder.finish(&format!("the connection failed ({e})"));
                break;
            }
        }
    }
    if pending_token.is_none() {
        feeder.send(SourceEvent::Disconnected(peer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        for other in [&b"s3cre"[..], b"s3cretx", b"S3cret", b"", b"s3cre\0"] {
            assert!(!same_secret(other, b"s3cret"), "{other:?}");
        }
    }

    #[test]
    fn listen_addresses() {
        let tcp = |s: &str| match ListenAddr::parse(s) {
            Ok(ListenAddr::Tcp(a)) => a.to_string(),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(tcp("7000"), "127.0.0.1:7000");
        assert_eq!(tcp("127.0.0.1:7000"), "127.0.0.1:7000");
        assert_eq!(tcp("[::1]:7000"), "[::1]:7000");
        assert_eq!(tcp("localhost:7000"), "127.0.0.1:7000");
        assert_eq!(
            ListenAddr::parse("unix:/tmp/a.sock").unwrap(),
            ListenAddr::Unix(PathBuf::from("/tmp/a.sock"))
        );
        for bad in ["", "unix:", "127.0.0.1", "127.0.0.1:99999"] {
            let err = ListenAddr::parse(bad).unwrap_err();
            assert!(
                matches!(err, ListenError::BadAddress { .. }),
                "{bad}: {err}"
            );
        }
    }
}
