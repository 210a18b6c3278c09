//! The call's clock: when the call began (its first turn, or the agent starting one),
//! and its holds. Every time comes from [`State::now`](super::State), which the run loop
//! sets before each batch of events (tests set it by hand), so the timer never reads the
//! system clock here.
use crate::conversation::journal::{Hold, JournalEntry};

use super::{Effect, Msg, State, call};

/// When the call began and its holds (each after the number of turns said before it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallClock {
    /// RFC 3339; None: no call yet.
    pub started: Option<String>,
    pub holds: Vec<Hold>,
}

impl CallClock {
    /// True once the call has begun.
    pub fn begun(&self) -> bool {
        self.started.is_some()
    }

    /// The hold going on, if any.
    pub fn on_hold(&self) -> Option<&Hold> {
        self.holds.last().filter(|h| h.seconds.is_none())
    }

    /// Seconds since the call began (None: no call yet).
    pub fn elapsed(&self, now: &str) -> Option<u64> {
        secs_between(self.started.as_deref()?, now)
    }

    /// Seconds of the hold going on (None: not on hold).
    pub fn hold_elapsed(&self, now: &str) -> Option<u64> {
        secs_between(&self.on_hold()?.start, now)
    }

    /// Seconds on hold in all, the one going on included.
    pub fn held(&self, now: &str) -> u64 {
        self.holds
            .iter()
            .map(|h| {
                h.seconds
                    .unwrap_or_else(|| secs_between(&h.start, now).unwrap_or(0))
            })
            .sum()
    }
}

/// Whole seconds from one RFC 3339 time to another (0 when `to` is earlier; None when
/// either is not a time).
pub fn secs_between(from: &str, to: &str) -> Option<u64> {
    let a = chrono::DateTime::parse_from_rfc3339(from).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(to).ok()?;
    Some(u64::try_from((b - a).num_seconds()).unwrap_or(0))
}

/// `m:ss`, or `h:mm:ss` from an hour on.
pub fn duration(secs: u64) -> String {
    crate::conversation::export::format_duration(chrono::Duration::seconds(
        i64::try_from(secs).unwrap_or(i64::MAX / 1000),
    ))
}

/// The call begins now, unless it already has.
pub fn begin(state: &mut State) {
    if state.clock.started.is_none() {
        state.clock.started = Some(state.now.clone());
    }
}

/// Ends the hold going on, if any (the call ends: its hold ends with it).
pub fn end_hold(state: &mut State, fx: &mut Vec<Effect>) {
    if state.clock.on_hold().is_some() {
        toggle_hold(state, fx);
    }
}

/// The hold key: puts the customer on hold, or takes them back (journaled both ways).
pub fn toggle_hold(state: &mut State, fx: &mut Vec<Effect>) {
    if !state.clock.begun() {
        state.notify(state.t(Msg::NoCallToHold), false);
        return;
    }
    let now = state.now.clone();
    match state.clock.holds.last_mut().filter(|h| h.seconds.is_none()) {
        Some(h) => {
            let seconds = secs_between(&h.start, &now).unwrap_or(0);
            h.seconds = Some(seconds);
            call::record(state, fx, JournalEntry::HoldEnd { seconds });
            let msg = Msg::HoldOff.fill(state.lang, &[&duration(seconds)]);
            state.notify(msg, false);
        }
        None => {
            state.clock.holds.push(Hold {
                after: state.turns.len(),
                start: now,
                seconds: None,
            });
            call::record(state, fx, JournalEntry::Hold);
            state.notify(state.t(Msg::HoldOn), false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_count_from_the_start_and_holds_add_up() {
        let mut c = CallClock {
            started: Some("2026-11-23T10:00:00+01:00".into()),
            holds: vec![Hold {
                after: 2,
                start: "2026-11-23T10:01:00+01:00".into(),
                seconds: Some(30),
            }],
        };
        let now = "2026-11-23T10:05:07+01:00";
        assert_eq!(c.elapsed(now), Some(307));
        assert_eq!(c.hold_elapsed(now), None);
        c.holds.push(Hold {
            after: 3,
            start: "2026-11-23T10:05:00+01:00".into(),
            seconds: None,
        });
        assert_eq!(c.hold_elapsed(now), Some(7));
        assert_eq!(c.held(now), 37);
        assert_eq!(duration(307), "5:07");
        assert_eq!(duration(3725), "1:02:05");
        // Another offset, and a clock that went back.
        assert_eq!(
            secs_between("2026-11-23T10:00:00+01:00", "2026-11-23T09:00:10+00:00"),
            Some(10)
        );
        assert_eq!(
            secs_between("2026-11-23T10:00:00Z", "2026-11-23T09:00:00Z"),
            Some(0)
        );
        assert_eq!(secs_between("", "2026-11-23T09:00:00Z"), None);
        assert_eq!(CallClock::default().elapsed(now), None);
    }
}
