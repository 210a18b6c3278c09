//! The live workspace's call journal: one [`Journal`] per call, created at the call's
//! first record (an idle start writes nothing), ended by the wrap-up; the next record
//! starts the next call's journal. It is the call's owner: it holds the journal's lock
//! while the call runs, offers an unfinished call of an earlier run for resuming (never
//! one another workspace holds), resumes it or closes it as abandoned.
use std::io;
use std::path::{Path, PathBuf};

use super::sinks::Sink;
use crate::conversation::journal::{
    self, ABANDONED, Journal, JournalEntry, Restored, SessionSummary,
};
use crate::redact::Redactor;

/// The journals of the live workspace's calls, in `<data_dir>/sessions/`.
pub struct CallJournal {
    data_dir: PathBuf,
    redactor: Redactor,
    start: journal::StartInfo,
    journal: Option<Journal>,
    /// Final turns in the current journal.
    turns: usize,
    /// The last call's journal file (kept after its wrap-up, for discarding a practice).
    last: Option<PathBuf>,
    /// A call left unfinished when the workspace closes stays open for resuming (mock
    /// calls are ended instead: a script cannot be resumed).
    resumable: bool,
}

impl CallJournal {
    /// A journal writer for calls in `<data_dir>/sessions/`.
    pub fn new(data_dir: &Path, redactor: Redactor, start: journal::StartInfo) -> CallJournal {
        CallJournal {
            data_dir: data_dir.to_path_buf(),
            redactor,
            start,
            journal: None,
            turns: 0,
            last: None,
            resumable: true,
        }
    }

    /// A call journal whose unfinished call is ended, not kept for resuming, when the
    /// workspace closes (a mock call).
    pub fn not_resumable(mut self) -> CallJournal {
        self.resumable = false;
        self
    }

    /// The current call's journal, or the last one once it was wrapped up.
    pub fn last_path(&self) -> Option<PathBuf> {
        self.path()
            .map(Path::to_path_buf)
            .or_else(|| self.last.clone())
    }

    /// Deletes the current (or last) call's journal and the files beside it
    /// (`<id>.*`: scorecard, review): a discarded practice leaves nothing.
    pub fn discard(&mut self) -> io::Result<Option<PathBuf>> {
        let path = match self.journal.take() {
            Some(j) => Some(j.path().to_path_buf()),
            None => self.last.take(),
        };
        self.turns = 0;
        let Some(path) = path else {
            return Ok(None);
        };
        let stem = journal::session_id_of(&path);
        if let Some(dir) = path.parent() {
            for e in std::fs::read_dir(dir)?.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name
                    .strip_prefix(&stem)
                    .is_some_and(|rest| rest.starts_with('.'))
                {
                    std::fs::remove_file(e.path())?;
                }
            }
        }
        Ok(Some(path))
    }

    /// True while a call's journal is open (feedback goes into it then).
    pub fn in_call(&self) -> bool {
        self.journal.as_ref().is_some_and(|j| !j.is_ended())
    }

    /// The current call's journal file, once it has one.
    pub fn path(&self) -> Option<&Path> {
        self.journal.as_ref().map(Journal::path)
    }

    fn current(&mut self) -> io::Result<&mut Journal> {
        if self.journal.as_ref().is_none_or(Journal::is_ended) {
            self.turns = 0;
            self.journal = Some(Journal::create(
                &self.data_dir,
                self.redactor.clone(),
                self.start.clone(),
            )?);
        }
        self.journal
            .as_mut()
            .ok_or_else(|| io::Error::other("no call journal"))
    }

    /// An unfinished call from an earlier run to offer for resuming: the newest one no
    /// running apunte holds. Calls where nothing was said are closed quietly.
    pub fn unfinished(&mut self) -> Option<SessionSummary> {
        for _ in 0..16 {
            let s = journal::unfinished(&self.data_dir)?;
            let said = journal::read(&s.path).is_ok_and(|(r, _)| !journal::turns(&r).is_empty());
            if said {
                return Some(s);
            }
            journal::mark_ended(&s.path, "empty").ok()?;
        }
        None
    }

    /// Continues the unfinished call at `path` (taking its lock): what to put back.
    pub fn resume(&mut self, path: &Path) -> io::Result<Restored> {
        let resumed = Journal::resume(path, self.redactor.clone())?;
        self.turns = resumed.turns.len();
        self.journal = Some(resumed.journal);
        let read_to = journal::read_to(&resumed.records);
        let started = resumed.records.first().map(|r| r.t.clone());
        let holds = journal::holds(&resumed.records);
        let entries = resumed
            .records
            .into_iter()
            .map(|r| r.entry)
            .filter(|e| !matches!(e, JournalEntry::Turn { .. }))
            .collect();
        Ok(Restored {
            turns: resumed.turns,
            entries,
            read_to,
            started,
            holds,
        })
    }

    /// Closes the unfinished call at `path` that the agent chose not to resume: only an
    /// `end` entry with reason `abandoned` (no outcome is made up, nothing is resumed).
    pub fn abandon(&mut self, path: &Path) -> io::Result<()> {
        journal::mark_ended(path, ABANDONED)
    }

    /// What reading the past calls of a customer needs, to be done off the loop's
    /// thread: the data folder, the redactor (references are compared as journaled) and
    /// the call in progress (left out).
    pub fn history(&self) -> History {
        History {
            data_dir: self.data_dir.clone(),
            redactor: self.redactor.clone(),
            current: self.path().map(Path::to_path_buf),
        }
    }
}

/// The feedback journal ([`journal::feedback_path`]): where flags and votes given while
/// no call runs are written, opened at the first one.
pub struct FeedbackLog {
    path: PathBuf,
    redactor: Redactor,
    journal: Option<Journal>,
}

impl FeedbackLog {
    pub fn new(data_dir: &Path, redactor: Redactor) -> FeedbackLog {
        FeedbackLog {
            path: journal::feedback_path(data_dir),
            redactor,
            journal: None,
        }
    }

    /// Appends one entry (redacted like a call's).
    pub fn record(&mut self, entry: &JournalEntry) -> io::Result<()> {
        if self.journal.is_none() {
            self.journal = Some(Journal::open_log(&self.path, self.redactor.clone())?);
        }
        match &mut self.journal {
            Some(j) => j.append(entry.clone()),
            None => Ok(()),
        }
    }

    /// Waits until everything is on disk.
    pub fn close(&mut self) -> io::Result<()> {
        self.journal.as_ref().map_or(Ok(()), Journal::sync)
    }
}

/// Reads the past calls of a customer from the journals (see [`CallJournal::history`]).
pub struct History {
    data_dir: PathBuf,
    redactor: Redactor,
    current: Option<PathBuf>,
}

impl History {
    /// The calls whose customer reference is `reference` (as the journal keeps it,
    /// redacted), newest first, the call in progress left out.
    pub fn calls_of(&self, reference: &str) -> io::Result<Vec<SessionSummary>> {
        let wanted = self.redactor.redact(reference);
        journal::calls_of(&self.data_dir, &wanted, self.current.as_deref())
    }
}

impl Sink for CallJournal {
    fn record(&mut self, entry: &JournalEntry) -> io::Result<()> {
        let ends = matches!(entry, JournalEntry::Wrapup { .. });
        if let JournalEntry::End { .. } = entry {
            // The workspace abandoned the call: that is its last line.
            if let Some(j) = self.journal.as_mut().filter(|j| !j.is_ended()) {
                j.append(entry.clone())?;
            }
            self.journal = None;
            self.turns = 0;
            return Ok(());
        }
        self.current()?.append(entry.clone())?;
        if let JournalEntry::Turn { .. } = entry {
            self.turns += 1;
        }
        if ends {
            self.current()?.end()?;
            self.last = self.path().map(Path::to_path_buf);
            self.journal = None;
            self.turns = 0;
        }
        Ok(())
    }

    fn close(&mut self, in_progress: bool) -> io::Result<()> {
        let Some(j) = &mut self.journal else {
            return Ok(());
        };
        if in_progress && self.turns > 0 && self.resumable {
            j.sync()
        } else if !j.is_ended() {
            j.append(JournalEntry::End {
                reason: Some("quit".into()),
            })
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::conversation::journal::Disposition;

    fn turn(speaker: Speaker, text: &str) -> JournalEntry {
        JournalEntry::Turn {
            speaker,
            text: text.into(),
            ts: Some("2026-11-23T10:00:00+00:00".into()),
            at: None,
        }
    }

    fn recorder(dir: &Path) -> CallJournal {
        CallJournal::new(dir, Redactor::default(), journal::StartInfo::default())
    }

    fn kinds(path: &Path) -> Vec<String> {
        let (records, warnings) = journal::read(path).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        records
            .iter()
            .map(|r| {
                serde_json::to_value(&r.entry).unwrap()["kind"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn one_journal_per_call_created_at_the_first_record() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        assert!(r.path().is_none(), "an idle start writes nothing");
        assert!(journal::journal_paths(tmp.path()).unwrap().is_empty());
        r.record(&turn(Speaker::Customer, "tarjeta 4111 1111 1111 1111"))
            .unwrap();
        let first = r.path().unwrap().to_path_buf();
        r.record(&JournalEntry::Dismiss {
            article: "a/b".into(),
        })
        .unwrap();
        r.record(&JournalEntry::Wrapup {
            disposition: Disposition::Callback,
            note: "llamar mañana".into(),
        })
        .unwrap();
        assert!(r.path().is_none());
        assert_eq!(
            kinds(&first),
            vec!["start", "turn", "dismiss", "wrapup", "end"]
        );
        let text = std::fs::read_to_string(&first).unwrap();
        assert!(!text.contains("4111 1111"), "{text}");
        // The next call gets its own journal.
        r.record(&turn(Speaker::Agent, "hola")).unwrap();
        let second = r.path().unwrap().to_path_buf();
        assert_ne!(first, second);
        assert_eq!(journal::journal_paths(tmp.path()).unwrap().len(), 2);
    }

    #[test]
    fn quitting_leaves_a_call_with_turns_unfinished_and_closes_one_without() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        r.record(&turn(Speaker::Customer, "hola")).unwrap();
        let path = r.path().unwrap().to_path_buf();
        r.close(true).unwrap();
        drop(r);
        let mut r = recorder(tmp.path());
        let offer = r.unfinished().expect("offered for resuming");
        assert_eq!(offer.path, path);
        let restored = r.resume(&path).unwrap();
        assert_eq!(restored.turns.len(), 1);
        r.record(&turn(Speaker::Agent, "sigo aquí")).unwrap();
        assert_eq!(r.path(), Some(path.as_path()));
        assert_eq!(kinds(&path), vec!["start", "turn", "resume", "turn"]);

        // Only a search, no turns: quitting ends it.
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        r.record(&JournalEntry::Search {
            query: "router".into(),
            hits: 1,
            top: vec![],
            again: false,
        })
        .unwrap();
        let path = r.path().unwrap().to_path_buf();
        r.close(false).unwrap();
        assert_eq!(kinds(&path), vec!["start", "search", "end"]);
        assert!(recorder(tmp.path()).unfinished().is_none());
    }

    #[test]
    fn silent_unfinished_calls_are_closed_not_offered_and_declining_abandons() {
        let tmp = tempfile::tempdir().unwrap();
        // A call killed before anything was said, and an older one with a turn (journal
        // ids sort by time: the names say which is newer).
        let sessions = journal::sessions_dir(tmp.path());
        std::fs::create_dir_all(&sessions).unwrap();
        let with_turns = sessions.join("20261123-100000-aaaa.jsonl");
        let empty = sessions.join("20261123-100100-bbbb.jsonl");
        std::fs::write(
            &with_turns,
            concat!(
                r#"{"t":"2026-11-23T10:00:00+00:00","kind":"start","session":"20261123-100000-aaaa","mode":"live"}"#,
                "\n",
                r#"{"t":"2026-11-23T10:00:05+00:00","kind":"turn","speaker":"customer","text":"hola"}"#,
                "\n"
            ),
        )
        .unwrap();
        std::fs::write(
            &empty,
            concat!(
                r#"{"t":"2026-11-23T10:01:00+00:00","kind":"start","session":"20261123-100100-bbbb","mode":"live"}"#,
                "\n"
            ),
        )
        .unwrap();
        let offer = recorder(tmp.path()).unfinished().unwrap();
        assert_eq!(offer.path, with_turns);
        assert_eq!(kinds(&empty), vec!["start", "end"]);
        // Declining closes it as abandoned: no resume entry, no made-up outcome.
        recorder(tmp.path()).abandon(&with_turns).unwrap();
        assert!(recorder(tmp.path()).unfinished().is_none());
        assert_eq!(kinds(&with_turns), vec!["start", "turn", "end"]);
        let text = std::fs::read_to_string(&with_turns).unwrap();
        assert!(text.contains(r#""reason":"abandoned""#), "{text}");
        let listed = journal::list(tmp.path()).unwrap();
        let s = listed.iter().find(|s| s.path == with_turns).unwrap();
        assert_eq!(s.disposition, None);
        assert_eq!(s.end_reason.as_deref(), Some(ABANDONED));
    }

    #[test]
    fn a_resumed_call_comes_back_with_its_holds_fixes_and_customer() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = recorder(tmp.path());
        r.record(&JournalEntry::Customer {
            name: "Lucía".into(),
            reference: "A-4821".into(),
        })
        .unwrap();
        r.record(&turn(Speaker::Customer, "me han cobrao")).unwrap();
        r.record(&JournalEntry::Correct {
            turn: None,
            speaker: Speaker::Customer,
            text: "me han cobrado".into(),
        })
        .unwrap();
        r.record(&JournalEntry::Hold).unwrap();
        r.record(&JournalEntry::HoldEnd { seconds: 30 }).unwrap();
        r.record(&JournalEntry::Hold).unwrap();
        let path = r.path().unwrap().to_path_buf();
        r.close(true).unwrap();
        drop(r);

        let mut r = recorder(tmp.path());
        let offer = r.unfinished().unwrap();
        let restored = r.resume(&offer.path).unwrap();
        assert_eq!(restored.turns.len(), 1);
        assert_eq!(restored.turns[0].text, "me han cobrado");
        let (records, _) = journal::read(&path).unwrap();
        assert_eq!(restored.started, Some(records[0].t.clone()));
        assert_eq!(restored.holds.len(), 2);
        assert_eq!(restored.holds[0].seconds, Some(30));
        assert_eq!(restored.holds[1].seconds, None, "still on hold");
        assert!(restored.entries.contains(&JournalEntry::Customer {
            name: "Lucía".into(),
            reference: "A-4821".into(),
        }));

        // Abandoned from the workspace: the journal ends there, with no outcome.
        r.record(&JournalEntry::End {
            reason: Some(ABANDONED.into()),
        })
        .unwrap();
        assert!(r.path().is_none());
        let kinds = kinds(&path);
        assert_eq!(kinds.last().map(String::as_str), Some("end"));
        assert!(!kinds.contains(&"wrapup".to_string()));

        // The next call of the same customer finds this one, not itself.
        r.record(&JournalEntry::Customer {
            name: "Lucía".into(),
            reference: "a-4821 ".into(),
        })
        .unwrap();
        let past = r.history().calls_of("A-4821").unwrap();
        assert_eq!(past.len(), 1);
        assert_eq!(past[0].path, path);
        assert_eq!(past[0].disposition, None);
        assert_eq!(past[0].end_reason.as_deref(), Some(ABANDONED));
    }

    #[test]
    fn a_call_another_workspace_holds_is_never_offered_nor_written() {
        let tmp = tempfile::tempdir().unwrap();
        let mut a = recorder(tmp.path());
        a.record(&turn(Speaker::Customer, "hola")).unwrap();
        let path = a.path().unwrap().to_path_buf();
        // A second workspace on the same folder (the lock is per open file, so this
        // holds within one process too; tests/crash.rs checks two processes).
        let mut b = recorder(tmp.path());
        assert!(b.unfinished().is_none(), "A's live call is not offered");
        let err = b.resume(&path).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ResourceBusy);
        assert!(b.abandon(&path).is_err());
        // B runs its own call beside A's.
        b.record(&turn(Speaker::Customer, "otra llamada")).unwrap();
        let b_path = b.path().unwrap().to_path_buf();
        assert_ne!(b_path, path);
        a.record(&turn(Speaker::Agent, "dígame")).unwrap();
        assert_eq!(kinds(&path), vec!["start", "turn", "turn"]);
        // Once A is gone (a crash releases the lock too), its call is offered.
        drop(a);
        drop(b);
        let offer = recorder(tmp.path()).unfinished().unwrap();
        assert!(offer.path == path || offer.path == b_path);
    }
}
