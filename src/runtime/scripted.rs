//! A mock call's scripted customer as one more [`Source`], and the [`Sink`] that tells it
//! what the trainee does.
//!
//! ```text
//! app::update ─ Record(Turn agent | Open) ─▶ Trainee (sink) ─ channel ─▶ Scripted (thread)
//!      ▲                                                                 │ training::Script
//!      └──────── feed: Transcript(customer line) · CustomerName · CustomerEnded ◀┘
//! ```
//!
//! The script is the pure [`Script`]; this thread only gives it the time of a [`Clock`]
//! and sleeps until its next due moment or the trainee's next move. A clock may run
//! faster than the wall (tests, a quick demo).
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::sinks::Sink;
use super::sources::{Running, Senders, Source};
use crate::app::{Event, TranscriptEvent};
use crate::conversation::Speaker;
use crate::conversation::journal::JournalEntry;
use crate::conversation::source::FollowFrom;
use crate::training::Scenario;
use crate::training::link::ScriptView;
use crate::training::script::{Output, Script};

/// Time since a start, `speed` times faster than the wall.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    origin: Instant,
    speed: u32,
}

impl Clock {
    /// A clock starting now; `speed` 1 is the wall's pace.
    pub fn new(speed: u32) -> Clock {
        Clock {
            origin: Instant::now(),
            speed: speed.max(1),
        }
    }

    /// The time on this clock.
    pub fn now(&self) -> Duration {
        self.origin.elapsed() * self.speed
    }

    /// How long to wait on the wall for `d` to pass on this clock.
    pub fn wall(&self, d: Duration) -> Duration {
        d / self.speed
    }
}

/// What a trainer does to the script (from the trainer's console).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Say this line (by id) now.
    Fire(String),
    /// Pass this line by.
    Skip(String),
    /// The trainer plays the customer: the script waits.
    TakeOver,
    /// The script plays the customer again.
    HandBack,
    /// The trainer said a customer line: silence counts from now.
    CustomerSaid,
    /// The call is paused: the script's clock stops.
    Pause,
    Resume,
}

/// What the trainee did (or the trainer), as the script hears it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Heard {
    Said(String),
    Opened(String),
    Trainer(Command),
}

/// The scripted customer (a source).
pub struct Scripted {
    script: Script,
    heard: Receiver<Heard>,
    clock: Clock,
    /// Where the script's state goes after every change (the trainer link).
    views: Option<Sender<ScriptView>>,
    taken_over: bool,
    /// The clock's time when the pause began, and the time paused before it.
    paused_at: Option<Duration>,
    paused: Duration,
}

/// What the trainee does, for the scripted customer (a sink).
pub struct Trainee(Sender<Heard>);

/// A trainer's hold on the script: sends it [`Command`]s.
#[derive(Clone)]
pub struct Control(Sender<Heard>);

impl Control {
    /// Gives the script a command; false when the customer has gone (the call ended).
    pub fn send(&self, c: Command) -> bool {
        self.0.send(Heard::Trainer(c)).is_ok()
    }
}

impl Trainee {
    /// A trainer's handle on the same script.
    pub fn control(&self) -> Control {
        Control(self.0.clone())
    }
}

/// The scripted customer of `scenario` and the sink that feeds it, on `clock`.
pub fn pair(scenario: Scenario, clock: Clock) -> (Scripted, Trainee) {
    let (tx, rx) = crossbeam_channel::unbounded();
    (
        Scripted {
            script: Script::new(scenario),
            heard: rx,
            clock,
            views: None,
            taken_over: false,
            paused_at: None,
            paused: Duration::ZERO,
        },
        Trainee(tx),
    )
}

impl Sink for Trainee {
    fn record(&mut self, entry: &JournalEntry) -> std::io::Result<()> {
        let heard = match entry {
            JournalEntry::Turn {
                speaker: Speaker::Agent,
                text,
                ..
            } => Heard::Said(text.clone()),
            JournalEntry::Open { article, .. } => Heard::Opened(article.clone()),
            _ => return Ok(()),
        };
        // The customer may have hung up already: nothing to tell.
        let _ = self.0.send(heard);
        Ok(())
    }
}

/// The events of what the script did.
fn events(out: Vec<Output>) -> impl Iterator<Item = Event> {
    out.into_iter().map(|o| match o {
        Output::Say { text, .. } => Event::Transcript(TranscriptEvent::customer(text)),
        Output::NameKnown(name) => Event::CustomerName(name),
        Output::Ended => Event::CustomerEnded,
    })
}

impl Scripted {
    /// Sends the script's state to `tx` after every change.
    pub fn report_to(&mut self, tx: Sender<ScriptView>) {
        self.views = Some(tx);
    }

    /// The script's time: the clock's, less the time paused.
    fn now(&self) -> Duration {
        self.paused_at
            .unwrap_or_else(|| self.clock.now())
            .saturating_sub(self.paused)
    }

    fn report(&self) {
        let Some(tx) = &self.views else { return };
        let ids = |is: &[usize]| -> Vec<String> {
            is.iter()
                .map(|&i| self.script.scenario().lines[i].id.clone())
                .collect()
        };
        let _ = tx.send(ScriptView {
            armed: ids(self.script.armed()),
            typing: ids(&self.script.typing()),
            said: ids(self.script.said()),
            taken_over: self.taken_over,
            paused: self.paused_at.is_some(),
            ended: self.script.ended(),
        });
    }

    /// Carries out a trainer's command.
    fn command(&mut self, c: Command) -> Vec<Output> {
        let now = self.now();
        let line = |s: &Script, id: &str| s.scenario().line_index(id);
        match c {
            Command::Fire(id) => match line(&self.script, &id) {
                Some(i) => self.script.fire_now(now, i),
                None => Vec::new(),
            },
            Command::Skip(id) => match line(&self.script, &id) {
                Some(i) => self.script.skip(now, i),
                None => Vec::new(),
            },
            Command::TakeOver => {
                self.taken_over = true;
                Vec::new()
            }
            Command::HandBack => {
                self.taken_over = false;
                self.script.rearm(now);
                self.script.tick(now)
            }
            Command::CustomerSaid => {
                self.script.rearm(now);
                Vec::new()
            }
            Command::Pause => {
                if self.paused_at.is_none() {
                    self.paused_at = Some(self.clock.now());
                }
                Vec::new()
            }
            Command::Resume => {
                if let Some(at) = self.paused_at.take() {
                    self.paused += self.clock.now().saturating_sub(at);
                }
                Vec::new()
            }
        }
    }

    /// Runs the script until it ends or the loop goes away.
    fn run(mut self, tx: Sender<Event>) {
        let send = |out: Vec<Output>| events(out).all(|e| tx.send(e).is_ok());
        let now = self.now();
        if !send(self.script.start(now)) {
            return;
        }
        self.report();
        while !self.script.ended() {
            let now = self.now();
            // Paused or taken over, nothing is due: only a move wakes the script.
            let waiting = self.paused_at.is_some() || self.taken_over;
            let heard = match self.script.next_due().filter(|_| !waiting) {
                Some(due) => {
                    let wait = self.clock.wall(due.saturating_sub(now));
                    self.heard.recv_timeout(wait)
                }
                None => self
                    .heard
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            let now = self.now();
            let out = match heard {
                // The trainer plays the customer: the script does not answer.
                Ok(Heard::Said(_) | Heard::Opened(_)) if self.taken_over => Vec::new(),
                Ok(Heard::Said(text)) => self.script.trainee_said(now, &text),
                Ok(Heard::Opened(id)) => self.script.opened(now, &id),
                Ok(Heard::Trainer(c)) => self.command(c),
                Err(RecvTimeoutError::Timeout) => self.script.tick(now),
                // The workspace closed.
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if !send(out) {
                return;
            }
            self.report();
        }
    }
}

impl Source for Scripted {
    fn start(self: Box<Self>, _from: FollowFrom, tx: Senders) -> Result<Running, String> {
        std::thread::Builder::new()
            .name("apunte-scripted-customer".into())
            .spawn(move || self.run(tx.feed))
            .map_err(|e| e.to_string())?;
        Ok(Box::new(()))
    }
}

/// A mock call was wrapped up; its journal is complete at `journal`: it is scored with
/// the roots' rubric and scenario (the scorecard is saved beside it) and the scorecard
/// overlay opens; a problem is told in the status bar.
pub fn practice_ended(
    journal: &std::path::Path,
    roots: &[crate::knowledge::Root],
    lang: crate::text::Lang,
) -> Vec<Event> {
    match crate::training::saved::score_call(journal, roots, lang) {
        Ok((scored, _, _)) => {
            let mut out: Vec<Event> = scored
                .warnings
                .into_iter()
                .map(|w| Event::Notice {
                    text: w,
                    error: true,
                })
                .collect();
            out.push(Event::Scorecard(Box::new(scored.card)));
            out
        }
        Err(e) => vec![Event::Notice {
            text: e.to_string(),
            error: true,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_clock_runs_ahead_of_the_wall() {
        let c = Clock::new(100);
        assert_eq!(c.wall(Duration::from_secs(10)), Duration::from_millis(100));
        assert_eq!(
            Clock::new(0).wall(Duration::from_secs(1)),
            Duration::from_secs(1)
        );
    }
}
