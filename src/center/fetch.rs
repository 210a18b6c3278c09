//! Reports over the center: the records read back from the database into journal files
//! of a temporary data dir, laid out like an agent's (`sessions/<id>.jsonl`, sidecars,
//! `feedback/feedback.jsonl`), so each report runs its own code over them unchanged and
//! gives the same figures as the local version on the same records.
//!
//! A journal of no call that every agent has (the feedback journal) holds the lines of
//! every agent chosen, agent by agent.
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Error, Target};
use crate::text::Lang;

/// Which records: by agent, team, and the time of the call (a call's start; a record
/// of no call: its own time), `from` included, `to` included (whole days).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub agent: Option<String>,
    pub team: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What was read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    pub records: u64,
    pub journals: u64,
    pub scorecards: u64,
}

fn day_start(d: NaiveDate) -> Option<DateTime<Utc>> {
    d.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
}

/// Writes the chosen records under `data_dir` (an empty folder).
pub fn fetch(
    client: &mut postgres::Client,
    lang: Lang,
    target: &Target,
    filter: &Filter,
    data_dir: &Path,
) -> Result<Fetched, Error> {
    let db = |e| Error::db(lang, &target.shown, e);
    let io = |e: std::io::Error| Error::Io(format!("{}: {e}", data_dir.display()));
    let from = filter.from.and_then(day_start);
    let to = filter.to.and_then(|d| d.succ_opt()).and_then(day_start);
    let mut out = Fetched::default();
    let mut current: Option<(String, std::io::BufWriter<std::fs::File>)> = None;
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut tx = client.transaction().map_err(db)?;
    let portal = tx
        .bind(
            "SELECT r.journal, r.body::text FROM records r
             LEFT JOIN sessions s ON s.agent = r.agent AND s.session = r.session AND r.session <> ''
             WHERE ($1::text IS NULL OR r.agent = $1)
               AND ($2::text IS NULL OR r.team = $2)
               AND ($3::timestamptz IS NULL OR coalesce(s.started, r.at) >= $3)
               AND ($4::timestamptz IS NULL OR coalesce(s.started, r.at) < $4)
             ORDER BY r.agent, r.journal, r.seq",
            &[&filter.agent, &filter.team, &from, &to],
        )
        .map_err(db)?;
    loop {
        let rows = tx.query_portal(&portal, 5000).map_err(db)?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let journal: String = row.get(0);
            let body: String = row.get(1);
            let Some(rel) = safe_relative(&journal) else {
                continue;
            };
            // Rows come journal by journal: one file open at a time (a center holds
            // more journals than a process may keep open). A journal every agent has
            // (the feedback journal) comes once per agent and is appended to.
            if current.as_ref().is_none_or(|(name, _)| *name != journal) {
                if let Some((_, mut w)) = current.take() {
                    w.flush().map_err(io)?;
                }
                let path = data_dir.join(&rel);
                if let Some(parent) = path.parent() {
                    crate::private::create_dir_all(parent).map_err(io)?;
                }
                // The feedback journal quotes calls: `0600` like the journals.
                let f = crate::private::open_append(&path).map_err(io)?;
                if seen.insert(journal.clone()) {
                    out.journals += 1;
                }
                current = Some((journal.clone(), std::io::BufWriter::new(f)));
            }
            if let Some((_, w)) = current.as_mut() {
                writeln!(w, "{body}").map_err(io)?;
            }
            out.records += 1;
        }
    }
    if let Some((_, mut w)) = current.take() {
        w.flush().map_err(io)?;
    }
    let cards = tx
        .query(
            "SELECT c.session, c.body::text FROM scorecards c
             LEFT JOIN sessions s ON s.agent = c.agent AND s.session = c.session
             WHERE ($1::text IS NULL OR c.agent = $1)
               AND ($2::text IS NULL OR c.team = $2)
               AND ($3::timestamptz IS NULL OR s.started >= $3)
               AND ($4::timestamptz IS NULL OR s.started < $4)",
            &[&filter.agent, &filter.team, &from, &to],
        )
        .map_err(db)?;
    for row in cards {
        let session: String = row.get(0);
        let body: String = row.get(1);
        if safe_relative(&session).is_none() || session.contains('/') {
            continue;
        }
        let path = data_dir
            .join(crate::conversation::journal::SESSIONS_DIR)
            .join(format!("{session}.scorecard.json"));
        if let Some(parent) = path.parent() {
            crate::private::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, body).map_err(io)?;
        out.scorecards += 1;
    }
    tx.commit().map_err(db)?;
    Ok(out)
}

/// A journal name as a relative path that stays inside the folder (no `..`, no root).
fn safe_relative(name: &str) -> Option<std::path::PathBuf> {
    let p = Path::new(name);
    p.components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        .then(|| p.to_path_buf())
        .filter(|p| !p.as_os_str().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_names_stay_inside() {
        assert!(safe_relative("sessions/a.jsonl").is_some());
        assert!(safe_relative("../etc/passwd").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("").is_none());
    }
}
