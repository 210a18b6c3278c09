//! Where the call's records go: any number of [`Sink`]s (the call journal today; a
//! scorer or a trainer console later) receive every entry `update` asks to record, in
//! order. A failing sink never stops the call: the failure is reported to the agent and
//! the other sinks still get the entry.
use std::io;

use crate::conversation::journal::JournalEntry;

/// A reader of the call's records.
pub trait Sink {
    /// Receives one entry; an error is shown in the status bar (the call goes on).
    fn record(&mut self, entry: &JournalEntry) -> io::Result<()>;

    /// The workspace is closing; `in_progress`: turns were said and not wrapped up.
    fn close(&mut self, _in_progress: bool) -> io::Result<()> {
        Ok(())
    }
}

/// Every sink of a run, fed in the order they were added.
#[derive(Default)]
pub struct Sinks {
    sinks: Vec<Box<dyn Sink>>,
}

impl Sinks {
    /// Adds a sink.
    pub fn add(&mut self, sink: Box<dyn Sink>) {
        self.sinks.push(sink);
    }

    /// Gives `entry` to every sink; the errors of those that failed.
    pub fn record(&mut self, entry: &JournalEntry) -> Vec<io::Error> {
        self.sinks
            .iter_mut()
            .filter_map(|s| s.record(entry).err())
            .collect()
    }

    /// Closes every sink; the errors of those that failed.
    pub fn close(&mut self, in_progress: bool) -> Vec<io::Error> {
        self.sinks
            .iter_mut()
            .filter_map(|s| s.close(in_progress).err())
            .collect()
    }
}
