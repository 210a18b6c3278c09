//! The call's clock: when the call began (its first turn, or the agent starting one),
//! its holds, and a trainer's pauses of a mock call (the clock stands still while
//! paused: the call time, the hold time and every time shown from them). Every time
//! comes from [`State::now`](super::State), which the run loop sets before each batch
//! of events (tests set it by hand), so the timer never reads the system clock here.
use crate::conversation::journal::{Hold, JournalEntry, PauseSpan};

use super::{Effect, Msg, State, call};

/// When the call began, its holds (each after the number of turns said before it) and
/// the trainer's pauses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallClock {
    /// RFC 3339; None: no call yet.
    pub started: Option<String>,
    pub holds: Vec<Hold>,
    pub pauses: Vec<PauseSpan>,
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

    /// The trainer's pause going on, if any.
    pub fn paused(&self) -> Option<&PauseSpan> {
        self.pauses.last().filter(|p| p.seconds.is_none())
    }

    /// Seconds the clock ran from `from` to `now` (the pauses left out).
    pub fn running(&self, from: &str, now: &str) -> Option<u64> {
        running_secs(from, now, &self.pauses)
    }

    /// Seconds since the call began, the pauses left out (None: no call yet).
    pub fn elapsed(&self, now: &str) -> Option<u64> {
        self.running(self.started.as_deref()?, now)
    }

    /// Seconds of the hold going on (None: not on hold).
    pub fn hold_elapsed(&self, now: &str) -> Option<u64> {
        self.running(&self.on_hold()?.start, now)
    }

    /// Seconds on hold in all, the one going on included.
    pub fn held(&self, now: &str) -> u64 {
        self.holds
            .iter()
            .map(|h| {
                h.seconds
                    .unwrap_or_else(|| self.running(&h.start, now).unwrap_or(0))
            })
            .sum()
    }

    /// A pause begins at `now`; false when one goes on already.
    pub fn pause(&mut self, now: &str) -> bool {
        if self.paused().is_some() {
            return false;
        }
        self.pauses.push(PauseSpan {
            start: now.to_string(),
            seconds: None,
        });
        true
    }

    /// The pause going on ends at `now`: how long it lasted (None: no pause).
    pub fn resume(&mut self, now: &str) -> Option<u64> {
        let p = self.pauses.last_mut().filter(|p| p.seconds.is_none())?;
        let seconds = secs_between(&p.start, now).unwrap_or(0);
        p.seconds = Some(seconds);
        Some(seconds)
    }
}

/// Whole seconds from `from` to `to` that a clock stopped by `pauses` ran: the time
/// between them less every pause's share of it (a pause going on lasts up to `to`).
/// None when either is not a time.
pub fn running_secs(from: &str, to: &str, pauses: &[PauseSpan]) -> Option<u64> {
    let a = chrono::DateTime::parse_from_rfc3339(from).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(to).ok()?;
    let mut ms = (b - a).num_milliseconds().max(0);
    for p in pauses {
        let Ok(start) = chrono::DateTime::parse_from_rfc3339(&p.start) else {
            continue;
        };
        let end = p.seconds.map_or(b, |s| {
            start + chrono::Duration::seconds(i64::try_from(s).unwrap_or(i64::MAX / 1000))
        });
        let overlap = (end.min(b) - start.max(a)).num_milliseconds();
        ms -= overlap.max(0);
    }
    Some(u64::try_from(ms.max(0) / 1000).unwrap_or(0))
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
            let seconds = running_secs(&h.start, &now, &state.clock.pauses).unwrap_or(0);
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
            pauses: Vec::new(),
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

    #[test]
    fn a_pause_stops_every_clock_and_resume_goes_on_from_there() {
        let t = |hms: &str| format!("2026-12-02T10:{hms}+01:00");
        let mut c = CallClock {
            started: Some(t("00:00")),
            ..CallClock::default()
        };
        assert_eq!(c.elapsed(&t("01:00")), Some(60));
        // On hold from 0:50, paused at 1:00.
        c.holds.push(Hold {
            after: 1,
            start: t("00:50"),
            seconds: None,
        });
        assert!(c.pause(&t("01:00")));
        assert!(!c.pause(&t("01:30")), "paused already");
        assert!(c.paused().is_some());
        // Three minutes later nothing moved.
        for now in [t("01:00"), t("02:30"), t("04:00")] {
            assert_eq!(c.elapsed(&now), Some(60), "{now}");
            assert_eq!(c.hold_elapsed(&now), Some(10));
            assert_eq!(c.held(&now), 10);
        }
        // Resumed at 4:00 after 180 s: the clock goes on from 1:00.
        assert_eq!(c.resume(&t("04:00")), Some(180));
        assert_eq!(c.resume(&t("04:10")), None, "no pause going on");
        assert!(c.paused().is_none());
        assert_eq!(c.elapsed(&t("04:00")), Some(60));
        assert_eq!(c.elapsed(&t("04:25")), Some(85));
        assert_eq!(c.hold_elapsed(&t("04:25")), Some(35));
        // A second pause adds up with the first.
        assert!(c.pause(&t("05:00")));
        assert_eq!(c.resume(&t("05:20")), Some(20));
        assert_eq!(c.elapsed(&t("06:00")), Some(360 - 200));
        // A pause before the call began takes nothing from it.
        let early = [PauseSpan {
            start: t("00:00"),
            seconds: Some(30),
        }];
        assert_eq!(running_secs(&t("01:00"), &t("02:00"), &early), Some(60));
        // One that straddles the start takes only its part after it.
        assert_eq!(running_secs(&t("00:20"), &t("01:00"), &early), Some(30));
        assert_eq!(running_secs("later", &t("01:00"), &early), None);
    }
}
