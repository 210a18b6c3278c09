//! Saved calls as the reports read them: every journal of the data folder, its records,
//! optionally only the calls started on or after a date. Damaged lines are read around
//! (as `apunte sessions` does); training calls are left out of the knowledge reports
//! (a practice customer's words are a script, not a real question).
use std::path::Path;

use chrono::NaiveDate;

use crate::conversation::Speaker;
use crate::conversation::journal::{self, JournalEntry, Mode, Record};

/// One saved call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub id: String,
    pub records: Vec<Record>,
}

impl Call {
    /// The customer's final turns (corrections applied), in order.
    pub fn customer_turns(&self) -> Vec<String> {
        journal::turns(&self.records)
            .into_iter()
            .filter(|t| t.speaker == Speaker::Customer)
            .map(|t| t.text)
            .collect()
    }

    /// The day it started (its first record's local date).
    pub fn day(&self) -> Option<NaiveDate> {
        self.records.first()?.time().map(|t| t.date_naive())
    }

    /// A mock call.
    pub fn is_training(&self) -> bool {
        self.records.iter().any(|r| {
            matches!(
                &r.entry,
                JournalEntry::Start {
                    mode: Mode::Training,
                    ..
                }
            )
        })
    }
}

/// Parses `--since`: `YYYY-MM-DD`.
pub fn parse_since(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("--since {s:?} is not a date: write it as YYYY-MM-DD"))
}

/// The real calls of a data folder (oldest first), those started on or after `since`.
pub fn load(data_dir: &Path, since: Option<NaiveDate>) -> std::io::Result<Vec<Call>> {
    let mut out = Vec::new();
    for path in journal::journal_paths(data_dir)? {
        let (records, _) = journal::read(&path)?;
        let call = Call {
            id: journal::session_id_of(&path),
            records,
        };
        if call.is_training() {
            continue;
        }
        if let Some(d) = since
            && call.day().is_none_or(|day| day < d)
        {
            continue;
        }
        out.push(call);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
