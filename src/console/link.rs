//! The console's end of the trainer link, on a thread of its own: connects, says
//! hello with the code, turns the lines that come into [`LinkEvent`]s and writes the
//! console's commands. A dropped connection is told and tried again every second with
//! the same code; commands given meanwhile wait in order and go once it is back (the
//! trainee's side then sends the whole call again). A refused join is not retried.
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, TryRecvError};

use super::state::LinkEvent;
use crate::conversation::source::{ListenAddr, would_wait};
use crate::training::link::{self, Framer, ToTrainee, ToTrainer};

/// How long between two tries after a drop.
pub const RETRY: Duration = Duration::from_secs(1);
const READ_TIMEOUT: Duration = Duration::from_millis(100);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

enum Stream {
    Tcp(std::net::TcpStream),
    #[cfg(unix)]
    Unix(std::os::unix::net::UnixStream),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.read(buf),
            #[cfg(unix)]
            Stream::Unix(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.write(buf),
            #[cfg(unix)]
            Stream::Unix(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.flush(),
            #[cfg(unix)]
            Stream::Unix(s) => s.flush(),
        }
    }
}

fn connect(addr: &str) -> io::Result<Stream> {
    let parsed = ListenAddr::parse(addr).map_err(|e| io::Error::other(e.to_string()))?;
    let s = match parsed {
        ListenAddr::Tcp(sa) => {
            let s = std::net::TcpStream::connect_timeout(&sa, CONNECT_TIMEOUT)?;
            s.set_read_timeout(Some(READ_TIMEOUT))?;
            s.set_write_timeout(Some(Duration::from_secs(5)))?;
            let _ = s.set_nodelay(true);
            Stream::Tcp(s)
        }
        #[cfg(unix)]
        ListenAddr::Unix(path) => {
            let s = std::os::unix::net::UnixStream::connect(path)?;
            s.set_read_timeout(Some(READ_TIMEOUT))?;
            s.set_write_timeout(Some(Duration::from_secs(5)))?;
            Stream::Unix(s)
        }
        #[cfg(not(unix))]
        ListenAddr::Unix(_) => return Err(io::Error::other("no unix sockets on this system")),
    };
    Ok(s)
}

/// Starts the link to `addr`; the console's commands go in the returned sender (drop it
/// to end the link).
pub fn spawn(
    addr: String,
    hello: ToTrainee,
    events: Sender<LinkEvent>,
) -> io::Result<Sender<ToTrainee>> {
    let (tx, rx) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name("apunte-trainer-link".into())
        .spawn(move || run(&addr, &hello, &rx, &events))?;
    Ok(tx)
}

/// How one connection ended.
enum Ended {
    Dropped(String),
    Refused,
    /// The console went away.
    Gone,
}

fn run(addr: &str, hello: &ToTrainee, rx: &Receiver<ToTrainee>, events: &Sender<LinkEvent>) {
    let mut pending: VecDeque<String> = VecDeque::new();
    loop {
        let ended = match connect(addr) {
            Ok(stream) => connection(stream, hello, rx, events, &mut pending),
            Err(e) => Ended::Dropped(e.to_string()),
        };
        match ended {
            Ended::Gone => return,
            Ended::Refused => {
                // Nothing to try again: wait for the console to close.
                while rx.recv().is_ok() {}
                return;
            }
            Ended::Dropped(why) => {
                if events.send(LinkEvent::Dropped(why)).is_err() {
                    return;
                }
            }
        }
        // Wait a moment, still taking the console's commands.
        match rx.recv_timeout(RETRY) {
            Ok(m) => pending.push_back(link::encode(&m)),
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
        }
    }
}

fn connection(
    mut stream: Stream,
    hello: &ToTrainee,
    rx: &Receiver<ToTrainee>,
    events: &Sender<LinkEvent>,
    pending: &mut VecDeque<String>,
) -> Ended {
    if let Err(e) = stream.write_all(link::encode(hello).as_bytes()) {
        return Ended::Dropped(e.to_string());
    }
    if events.send(LinkEvent::Connected).is_err() {
        return Ended::Gone;
    }
    let mut framer = Framer::default();
    let mut buf = vec![0u8; 64 * 1024];
    let mut welcomed = false;
    loop {
        loop {
            match rx.try_recv() {
                Ok(m) => pending.push_back(link::encode(&m)),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return Ended::Gone,
            }
        }
        while let Some(line) = pending.front() {
            if let Err(e) = stream.write_all(line.as_bytes()) {
                return Ended::Dropped(e.to_string());
            }
            pending.pop_front();
        }
        match stream.read(&mut buf) {
            Ok(0) => return Ended::Dropped("the trainee's side closed the connection".into()),
            Ok(n) => {
                for line in framer.push(&buf[..n]) {
                    let ev = match line.and_then(|l| link::decode::<ToTrainer>(&l)) {
                        Ok(m) => {
                            let refused = !welcomed && matches!(m, ToTrainer::Refused { .. });
                            welcomed |= matches!(m, ToTrainer::Welcome { .. });
                            if refused {
                                let _ = events.send(LinkEvent::Message(m));
                                return Ended::Refused;
                            }
                            LinkEvent::Message(m)
                        }
                        Err(bad) => LinkEvent::Bad(bad),
                    };
                    if events.send(ev).is_err() {
                        return Ended::Gone;
                    }
                }
            }
            Err(e) if would_wait(&e) => {}
            Err(e) => return Ended::Dropped(e.to_string()),
        }
    }
}
