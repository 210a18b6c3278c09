//! The feedback on the knowledge read back from every journal: the flags raised on
//! articles (and on the service itself), the helpful / not helpful votes, and the
//! resolutions. Calls' journals (`sessions/*.jsonl`) hold what was given during a call;
//! the feedback journal ([`journal::feedback_path`]) what was given outside one and the
//! `resolve` entries of `apunte feedback resolve`.
//!
//! A flag's id is the first 8 hex digits of the fingerprint of its journal line (time
//! included), so it needs no counter shared by workspaces and never changes.
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::journal::{self, FlagReason, JournalEntry, Record, Warning};

/// Hex digits of a flag id.
pub const ID_LEN: usize = 8;

/// One flag, with where it was recorded and whether it was resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub id: String,
    /// When it was raised (RFC 3339).
    pub t: String,
    /// The call it was raised in (None outside a call).
    pub call: Option<String>,
    pub article: Option<String>,
    pub title: String,
    /// The article's version then ([`crate::knowledge::Article::version`]).
    pub version: Option<String>,
    pub updated: Option<String>,
    pub owner: Option<String>,
    pub reason: FlagReason,
    pub comment: String,
    pub step: Option<usize>,
    pub paragraph: String,
    /// When and with which note it was resolved.
    pub resolved: Option<(String, String)>,
}

/// A helpful / not helpful vote.
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    pub t: String,
    pub call: Option<String>,
    pub article: String,
    pub helpful: bool,
    pub version: Option<String>,
    pub via: Option<String>,
}

/// Where a flag stands against the knowledge base as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Nobody resolved it and the article is as it was flagged.
    Open,
    /// The article changed since it was flagged: possibly addressed.
    Changed,
    /// The article is no longer in the knowledge base.
    Gone,
    /// Closed with `apunte feedback resolve`.
    Resolved,
}

impl Status {
    /// The stable name (`open`, `changed`, `gone`, `resolved`), as in exports.
    pub fn name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Changed => "changed",
            Status::Gone => "gone",
            Status::Resolved => "resolved",
        }
    }

    /// Not resolved yet (possibly addressed ones included).
    pub fn is_open(self) -> bool {
        self != Status::Resolved
    }
}

impl Flag {
    /// Where it stands, given the article's current version (None: no such article now).
    /// A flag with no article (about the service) is open until resolved.
    pub fn status(&self, current_version: Option<&str>) -> Status {
        if self.resolved.is_some() {
            return Status::Resolved;
        }
        if self.article.is_none() {
            return Status::Open;
        }
        match current_version {
            None => Status::Gone,
            Some(v) if self.version.as_deref().is_some_and(|mine| mine != v) => Status::Changed,
            Some(_) => Status::Open,
        }
    }
}

/// Everything read back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feedback {
    /// Oldest first.
    pub flags: Vec<Flag>,
    /// Oldest first.
    pub votes: Vec<Vote>,
    /// Damaged lines read around, with their file.
    pub warnings: Vec<(PathBuf, Warning)>,
}

/// The id of a flag's journal line.
pub fn flag_id(record: &Record) -> String {
    let mut id = crate::text::fingerprint(&record.to_line());
    id.truncate(ID_LEN);
    id
}

/// Reads the feedback of every call and the feedback journal under `data_dir`.
pub fn collect(data_dir: &Path) -> io::Result<Feedback> {
    let mut sources: Vec<(PathBuf, Option<String>)> = journal::journal_paths(data_dir)?
        .into_iter()
        .map(|p| {
            let id = journal::session_id_of(&p);
            (p, Some(id))
        })
        .collect();
    let log = journal::feedback_path(data_dir);
    if log.is_file() {
        sources.push((log, None));
    }
    let mut out = Feedback::default();
    let mut resolutions: HashMap<String, (String, String)> = HashMap::new();
    for (path, call) in sources {
        let Ok((records, warnings)) = journal::read(&path) else {
            continue;
        };
        out.warnings
            .extend(warnings.into_iter().map(|w| (path.clone(), w)));
        add(&mut out, &mut resolutions, &records, call.as_deref());
    }
    for f in &mut out.flags {
        f.resolved = resolutions.get(&f.id).cloned();
    }
    out.flags
        .sort_by(|a, b| a.t.cmp(&b.t).then(a.id.cmp(&b.id)));
    out.votes.sort_by(|a, b| a.t.cmp(&b.t));
    Ok(out)
}

/// The feedback in one journal's records (`call`: the call they belong to, when the
/// journal is a call's).
pub fn of_records(records: &[Record], call: Option<&str>) -> Feedback {
    let mut out = Feedback::default();
    let mut resolutions = HashMap::new();
    add(&mut out, &mut resolutions, records, call);
    for f in &mut out.flags {
        f.resolved = resolutions.get(&f.id).cloned();
    }
    out
}

fn add(
    out: &mut Feedback,
    resolutions: &mut HashMap<String, (String, String)>,
    records: &[Record],
    call: Option<&str>,
) {
    for r in records {
        match &r.entry {
            JournalEntry::Flag {
                article,
                title,
                version,
                updated,
                owner,
                reason,
                comment,
                step,
                paragraph,
                call: named,
            } => out.flags.push(Flag {
                id: flag_id(r),
                t: r.t.clone(),
                call: named.clone().or_else(|| call.map(str::to_string)),
                article: article.clone(),
                title: title.clone(),
                version: version.clone(),
                updated: updated.clone(),
                owner: owner.clone(),
                reason: reason.clone(),
                comment: comment.clone(),
                step: *step,
                paragraph: paragraph.clone(),
                resolved: None,
            }),
            JournalEntry::Helpful {
                article,
                helpful,
                version,
                via,
                call: named,
                ..
            } => out.votes.push(Vote {
                t: r.t.clone(),
                call: named.clone().or_else(|| call.map(str::to_string)),
                article: article.clone(),
                helpful: *helpful,
                version: version.clone(),
                via: via.clone(),
            }),
            JournalEntry::Resolve { flag, note } => {
                resolutions.insert(flag.clone(), (r.t.clone(), note.clone()));
            }
            _ => {}
        }
    }
}

/// Why an id did not name one flag.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FindError {
    #[error("no flag with id {0:?}; `apunte feedback list` shows the ids")]
    NotFound(String),
    #[error("{id:?} matches several flags ({}); type more of the id", .matches.join(", "))]
    Ambiguous { id: String, matches: Vec<String> },
}

/// The flag whose id is `id`, or the one whose id starts with it.
pub fn find<'a>(flags: &'a [Flag], id: &str) -> Result<&'a Flag, FindError> {
    let id = id.trim().to_ascii_lowercase();
    if let Some(f) = flags.iter().find(|f| f.id == id) {
        return Ok(f);
    }
    let matches: Vec<&Flag> = if id.is_empty() {
        Vec::new()
    } else {
        flags.iter().filter(|f| f.id.starts_with(&id)).collect()
    };
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(FindError::NotFound(id)),
        many => Err(FindError::Ambiguous {
            id,
            matches: many.iter().map(|f| f.id.clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Redactor;

    fn flag(article: Option<&str>, version: Option<&str>) -> JournalEntry {
        JournalEntry::Flag {
            article: article.map(str::to_string),
            title: String::new(),
            version: version.map(str::to_string),
            updated: None,
            owner: None,
            reason: FlagReason::Outdated,
            comment: "tarjeta 4111 1111 1111 1111 ya no vale".into(),
            step: Some(2),
            paragraph: String::new(),
            call: None,
        }
    }

    #[test]
    fn flags_outside_a_call_go_to_the_feedback_journal_redacted_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = journal::feedback_path(dir.path());
        let mut j = journal::Journal::open_log(&path, Redactor::default()).unwrap();
        j.append(flag(Some("a/b"), Some("v1"))).unwrap();
        drop(j);
        // A second writer appends to the same file.
        let mut j = journal::Journal::open_log(&path, Redactor::default()).unwrap();
        j.append(flag(None, None)).unwrap();
        j.sync().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("4111 1111"), "{text}");
        assert_eq!(text.lines().count(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
        let fb = collect(dir.path()).unwrap();
        assert_eq!(fb.flags.len(), 2);
        assert!(
            fb.flags
                .iter()
                .all(|f| f.call.is_none() && f.id.len() == ID_LEN)
        );
        let id = fb.flags[0].id.clone();
        assert_ne!(id, fb.flags[1].id);

        let mut j = journal::Journal::open_log(&path, Redactor::default()).unwrap();
        j.append(JournalEntry::Resolve {
            flag: id.clone(),
            note: "fixed".into(),
        })
        .unwrap();
        let fb = collect(dir.path()).unwrap();
        let f = fb.flags.iter().find(|f| f.id == id).unwrap();
        assert_eq!(f.status(Some("v1")), Status::Resolved);
        // Ids are stable across reads.
        assert_eq!(find(&fb.flags, &id[..4]).map(|f| f.id.clone()), Ok(id));
    }

    #[test]
    fn a_flag_follows_the_article_version() {
        let records = vec![Record {
            t: "2026-12-01T10:00:00.000+01:00".into(),
            entry: flag(Some("a/b"), Some("v1")),
        }];
        let fb = of_records(&records, Some("20261201-100000-ab12"));
        let f = &fb.flags[0];
        assert_eq!(f.call.as_deref(), Some("20261201-100000-ab12"));
        assert_eq!(f.status(Some("v1")), Status::Open);
        assert_eq!(f.status(Some("v2")), Status::Changed);
        assert_eq!(f.status(None), Status::Gone);
        assert!(Status::Changed.is_open());
    }

    #[test]
    fn flag_lines_read_back_and_unknown_reasons_are_kept() {
        let line = r#"{"t":"x","kind":"flag","article":"a","reason":"obsolete-ish","comment":"c"}"#;
        let r = Record::parse(line).unwrap();
        match &r.entry {
            JournalEntry::Flag { reason, .. } => {
                assert_eq!(reason, &FlagReason::Other("obsolete-ish".into()))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            FlagReason::parse("missing information"),
            Some(FlagReason::Missing)
        );
        let back = Record::parse(&r.to_line()).unwrap();
        assert_eq!(back, r);
    }
}
