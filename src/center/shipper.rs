//! The workspace's background shipper: a thread of its own that ships the data dir's
//! journals every few seconds (sooner when nudged after a record is written), never
//! blocking the workspace. It reports over a channel whether the center is reachable
//! and how many lines are still waiting; while the center is unreachable it tries
//! again with a growing pause (up to a minute) and catches up when it is back.
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::ship::{self, Shipper};
use super::{Target, schema};
use crate::text::Lang;

/// What the shipper says after each round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The last round reached the database and shipped everything it found.
    pub reachable: bool,
    /// Complete lines still waiting to ship.
    pub behind: u64,
    /// Why the last round failed (no password in it).
    pub error: Option<String>,
}

/// The running shipper; dropping it lets the thread end after its current round
/// without waiting for it (whatever it had not acknowledged ships next time).
pub struct Handle {
    nudge: Sender<()>,
    _thread: JoinHandle<()>,
}

impl Handle {
    /// Asks for a round soon (a record was just written).
    pub fn nudge(&self) {
        let _ = self.nudge.try_send(());
    }
}

/// Pause between rounds when all is shipped.
pub const INTERVAL: Duration = Duration::from_secs(3);
/// Pending lines from which a round reports its progress after each batch.
pub const PROGRESS_FROM: u64 = 2 * super::ship::DEFAULT_BATCH as u64;
/// The longest pause while the center is unreachable.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Starts the shipper for `data_dir`; each round's status goes to `status`, which
/// returns false when nobody listens any more (the thread then ends).
pub fn start(
    target: Target,
    shipper: Shipper,
    data_dir: PathBuf,
    lang: Lang,
    status: Box<dyn FnMut(Status) -> bool + Send>,
) -> std::io::Result<Handle> {
    let (nudge, nudges) = crossbeam_channel::bounded::<()>(1);
    let thread = std::thread::Builder::new()
        .name("apunte-center".into())
        .spawn(move || run(target, shipper, data_dir, lang, status, nudges))?;
    Ok(Handle {
        nudge,
        _thread: thread,
    })
}

fn run(
    target: Target,
    shipper: Shipper,
    data_dir: PathBuf,
    lang: Lang,
    mut status: Box<dyn FnMut(Status) -> bool + Send>,
    nudges: Receiver<()>,
) {
    let mut client: Option<postgres::Client> = None;
    let mut pause = INTERVAL;
    // Lines pending after the last round: a round that starts with a backlog says how
    // far it got after each batch, so the status bar follows the catch-up.
    let mut backlog: u64 = ship::pending(&data_dir)
        .map(|p| p.iter().map(|(_, n, _)| *n).sum())
        .unwrap_or(0);
    let mut listening = true;
    loop {
        let outcome = (|| {
            if client.as_mut().is_none_or(|c| c.is_closed()) {
                let mut c = target.connect(lang)?;
                schema::check(&mut c, lang, &target)?;
                client = Some(c);
            }
            let Some(c) = client.as_mut() else {
                return Ok(());
            };
            let mut progress = |done: &ship::Shipped| {
                if backlog >= PROGRESS_FROM && listening {
                    listening = status(Status {
                        reachable: true,
                        behind: backlog.saturating_sub(done.sent),
                        error: None,
                    });
                }
            };
            shipper.ship_all(c, lang, &target, &data_dir, &mut progress)?;
            Ok::<(), super::Error>(())
        })();
        if !listening {
            return;
        }
        let behind = ship::pending(&data_dir)
            .map(|p| p.iter().map(|(_, n, _)| *n).sum())
            .unwrap_or(0);
        backlog = behind;
        let sent = match outcome {
            Ok(()) => {
                pause = INTERVAL;
                status(Status {
                    reachable: true,
                    behind,
                    error: None,
                })
            }
            Err(e) => {
                client = None;
                pause = (pause * 2).min(MAX_BACKOFF);
                status(Status {
                    reachable: false,
                    behind,
                    error: Some(e.to_string()),
                })
            }
        };
        if !sent {
            return;
        }
        match nudges.recv_timeout(pause) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
