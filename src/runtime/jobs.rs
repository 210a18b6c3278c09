//! Background work for the loop: one latest-wins job slot ([`Latest`]) with an optional
//! due time, the worker that serves it, and the swappable engine ([`EngineCell`]) the
//! workers read.
//!
//! A slot holds at most one job: putting a new one replaces the waiting one (the newest
//! query, the newest conversation wins). A debounced job keeps the due time of the job it
//! replaces, so text that keeps growing is served at most once per delay. Time is passed
//! in by the caller, so tests decide what "now" is.
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// When a job put into a [`Latest`] slot is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// As soon as the worker is free.
    Now,
    /// After this delay; a job replacing a waiting one keeps the waiting one's due time.
    Debounce(Duration),
}

#[derive(Debug)]
struct Slot<T> {
    job: Option<(T, Instant)>,
    closed: bool,
}

/// A latest-wins job slot shared by the loop (which puts) and one worker (which takes).
#[derive(Debug)]
pub struct Latest<T> {
    slot: Mutex<Slot<T>>,
    wake: Condvar,
}

impl<T> Default for Latest<T> {
    fn default() -> Self {
        Latest {
            slot: Mutex::new(Slot {
                job: None,
                closed: false,
            }),
            wake: Condvar::new(),
        }
    }
}

impl<T> Latest<T> {
    fn lock(&self) -> MutexGuard<'_, Slot<T>> {
        // A worker that panicked while holding the lock left nothing half-done in it.
        self.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues `job` (replacing any waiting one), due as `due` says from `now`.
    pub fn put(&self, job: T, due: Due, now: Instant) {
        let mut slot = self.lock();
        let at = match (due, &slot.job) {
            (Due::Now, _) => now,
            (Due::Debounce(_), Some((_, waiting))) => *waiting,
            (Due::Debounce(d), None) => now + d,
        };
        slot.job = Some((job, at));
        drop(slot);
        self.wake.notify_one();
    }

    /// When the waiting job is due (None: nothing waits).
    pub fn due(&self) -> Option<Instant> {
        self.lock().job.as_ref().map(|(_, at)| *at)
    }

    /// Takes the waiting job if it is due at `now`, without waiting.
    pub fn take_due(&self, now: Instant) -> Option<T> {
        let mut slot = self.lock();
        match &slot.job {
            Some((_, at)) if *at <= now => slot.job.take().map(|(j, _)| j),
            _ => None,
        }
    }

    /// Waits for a due job (None once the slot is closed).
    pub fn take(&self) -> Option<T> {
        let mut slot = self.lock();
        loop {
            if slot.closed {
                return None;
            }
            let now = Instant::now();
            match &slot.job {
                None => slot = self.wake.wait(slot).unwrap_or_else(|p| p.into_inner()),
                Some((_, at)) if *at > now => {
                    let wait = at.saturating_duration_since(now);
                    slot = match self.wake.wait_timeout(slot, wait) {
                        Ok((g, _)) => g,
                        Err(p) => p.into_inner().0,
                    };
                }
                Some(_) => return slot.job.take().map(|(j, _)| j),
            }
        }
    }

    /// Stops the worker: [`Latest::take`] returns None from now on.
    pub fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_all();
    }
}

/// Starts a worker thread serving `slot`: `serve` runs for each job taken, until it
/// returns false (the loop is gone) or the slot is closed.
pub fn spawn_worker<T: Send + 'static>(
    name: &str,
    slot: Arc<Latest<T>>,
    mut serve: impl FnMut(T) -> bool + Send + 'static,
) {
    let _ = std::thread::Builder::new()
        .name(format!("apunte-{name}"))
        .spawn(move || {
            while let Some(job) = slot.take() {
                if !serve(job) {
                    return;
                }
            }
        });
}

/// A value that appears later and may be replaced (the search engine: empty while the
/// index opens, swapped when the knowledge changes). Readers get an `Arc` and keep the
/// version they started with; a swap never waits for them.
#[derive(Debug)]
pub struct Cell<T> {
    value: Mutex<Option<Arc<T>>>,
    set: Condvar,
}

impl<T> Default for Cell<T> {
    fn default() -> Self {
        Cell {
            value: Mutex::new(None),
            set: Condvar::new(),
        }
    }
}

impl<T> Cell<T> {
    fn lock(&self) -> MutexGuard<'_, Option<Arc<T>>> {
        self.value.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current value, if there is one yet.
    pub fn get(&self) -> Option<Arc<T>> {
        self.lock().clone()
    }

    /// Puts in (or swaps in) a value.
    pub fn set(&self, value: Arc<T>) {
        *self.lock() = Some(value);
        self.set.notify_all();
    }

    /// The current value, waiting until there is one.
    pub fn wait(&self) -> Arc<T> {
        let mut v = self.lock();
        loop {
            if let Some(x) = &*v {
                return Arc::clone(x);
            }
            v = self.set.wait(v).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// The search engine the workers use.
pub type EngineCell = Arc<Cell<crate::search::Engine>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_job_wins_and_debounced_jobs_keep_the_first_due_time() {
        let slot = Latest::default();
        let t0 = Instant::now();
        let d = Duration::from_millis(250);
        slot.put("me", Due::Debounce(d), t0);
        assert_eq!(slot.due(), Some(t0 + d));
        // Growing interim text keeps the first due time.
        slot.put("me han", Due::Debounce(d), t0 + Duration::from_millis(100));
        assert_eq!(slot.due(), Some(t0 + d));
        assert_eq!(slot.take_due(t0 + Duration::from_millis(200)), None);
        assert_eq!(slot.take_due(t0 + d), Some("me han"));
        assert_eq!(slot.due(), None);
        // A final turn is due at once, replacing a debounced one.
        slot.put("me han", Due::Debounce(d), t0);
        slot.put("me han cobrado", Due::Now, t0);
        assert_eq!(slot.take_due(t0), Some("me han cobrado"));
    }

    #[test]
    fn a_closed_slot_stops_its_worker() {
        let slot = Arc::new(Latest::<u32>::default());
        let (tx, rx) = crossbeam_channel::unbounded();
        spawn_worker("test", slot.clone(), move |j| tx.send(j).is_ok());
        slot.put(7, Due::Now, Instant::now());
        assert_eq!(rx.recv().ok(), Some(7));
        slot.close();
        // The worker ends and drops its sender.
        assert!(rx.recv().is_err());
    }

    #[test]
    fn a_cell_is_waited_for_then_swapped() {
        let cell = Arc::new(Cell::<u32>::default());
        assert!(cell.get().is_none());
        let c = cell.clone();
        let waiter = std::thread::spawn(move || *c.wait());
        cell.set(Arc::new(1));
        assert_eq!(waiter.join().ok(), Some(1));
        let held = cell.get();
        cell.set(Arc::new(2));
        assert_eq!(held.as_deref(), Some(&1), "a reader keeps its version");
        assert_eq!(cell.get().as_deref(), Some(&2));
    }
}
