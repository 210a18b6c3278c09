//! The center's schema: versioned migrations built into the binary, applied in order by
//! `apunte center migrate` inside one transaction (an advisory lock keeps two migrators
//! apart). `schema_version` holds one row per applied version; a database whose newest
//! version is one this binary does not know is refused, by migrate and by the shipper.
//!
//! The large tables (`records`, `feedback`) are partitioned by month on the record's
//! time: `migrate` creates the partitions from [`FIRST_MONTH`] to two years ahead (run
//! it again to extend them; it is idempotent), and a `DEFAULT` partition catches
//! anything outside, so an insert never fails for want of a partition.
use chrono::{Datelike, NaiveDate};

use super::{Error, Msg, Target};
use crate::text::Lang;

/// The migrations, version `i + 1` at index `i`. Never edit one that has shipped: add
/// the next.
pub const MIGRATIONS: &[&str] = &[
    // 1: sessions, records, feedback, scorecards.
    "
CREATE TABLE sessions (
    agent text NOT NULL,
    session text NOT NULL,
    team text NOT NULL DEFAULT '',
    mode text NOT NULL DEFAULT '',
    started timestamptz,
    scenario text NOT NULL DEFAULT '',
    trainee text NOT NULL DEFAULT '',
    shipped timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent, session)
);
CREATE INDEX sessions_team_started ON sessions (team, started);
CREATE INDEX sessions_started ON sessions (started);

-- Every line of every journal: the key (agent, journal, seq) is stable, `at` is the
-- record's own time (the partition key), `body` the full record.
CREATE TABLE records (
    agent text NOT NULL,
    journal text NOT NULL,
    seq bigint NOT NULL,
    session text NOT NULL DEFAULT '',
    team text NOT NULL DEFAULT '',
    kind text NOT NULL,
    at timestamptz NOT NULL,
    article text,
    body jsonb NOT NULL,
    shipped timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent, journal, seq, at)
) PARTITION BY RANGE (at);
CREATE INDEX records_at ON records (at);
CREATE INDEX records_agent_session ON records (agent, session);
CREATE INDEX records_kind_at ON records (kind, at);
CREATE INDEX records_team_at ON records (team, at);
CREATE INDEX records_article ON records (article) WHERE article IS NOT NULL;
CREATE TABLE records_default PARTITION OF records DEFAULT;

-- Article feedback (flag, helpful, resolve records) with what its reports filter on.
CREATE TABLE feedback (
    agent text NOT NULL,
    journal text NOT NULL,
    seq bigint NOT NULL,
    session text NOT NULL DEFAULT '',
    team text NOT NULL DEFAULT '',
    kind text NOT NULL,
    at timestamptz NOT NULL,
    article text,
    reason text,
    helpful boolean,
    body jsonb NOT NULL,
    PRIMARY KEY (agent, journal, seq, at)
) PARTITION BY RANGE (at);
CREATE INDEX feedback_article ON feedback (article, at);
CREATE TABLE feedback_default PARTITION OF feedback DEFAULT;

-- The latest scorecard of each scored call.
CREATE TABLE scorecards (
    agent text NOT NULL,
    session text NOT NULL,
    team text NOT NULL DEFAULT '',
    scenario text NOT NULL DEFAULT '',
    trainee text NOT NULL DEFAULT '',
    score double precision,
    body jsonb NOT NULL,
    shipped timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent, session)
);
",
];

/// The newest schema version this binary knows.
pub fn known() -> i32 {
    MIGRATIONS.len() as i32
}

/// The first month partitions are made for.
pub const FIRST_MONTH: (i32, u32) = (2025, 1);
/// Partitions are made this many months past the current one.
pub const MONTHS_AHEAD: u32 = 24;

/// The version of the center's schema (0: never migrated).
pub fn version(client: &mut postgres::Client, lang: Lang, target: &Target) -> Result<i32, Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
        .map_err(|e| Error::db(lang, &target.shown, e))?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = client
        .query_one("SELECT max(version) FROM schema_version", &[])
        .map_err(|e| Error::db(lang, &target.shown, e))?
        .get(0);
    Ok(v.unwrap_or(0))
}

/// The schema is exactly the one this binary ships to (else: migrate first, or a newer
/// apunte is needed).
pub fn check(client: &mut postgres::Client, lang: Lang, target: &Target) -> Result<(), Error> {
    let v = version(client, lang, target)?;
    if v > known() {
        return Err(Error::Setup(
            Msg::CenterSchemaNewer.fill(lang, &[&target.shown, &v, &known()]),
        ));
    }
    if v < known() {
        return Err(Error::Setup(
            Msg::CenterSchemaOlder.fill(lang, &[&target.shown, &v, &known()]),
        ));
    }
    Ok(())
}

/// What a migration run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    pub from: i32,
    pub to: i32,
    pub partitions_added: usize,
}

/// Applies the missing migrations and makes the month partitions, in one transaction.
pub fn migrate(
    client: &mut postgres::Client,
    lang: Lang,
    target: &Target,
) -> Result<Migrated, Error> {
    let db = |e| Error::db(lang, &target.shown, e);
    let mut tx = client.transaction().map_err(db)?;
    tx.execute("SELECT pg_advisory_xact_lock(73462016)", &[])
        .map_err(db)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version integer PRIMARY KEY,
            applied timestamptz NOT NULL DEFAULT now(),
            by_apunte text NOT NULL DEFAULT ''
        )",
    )
    .map_err(db)?;
    let from: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
        .map_err(db)?
        .get(0);
    if from > known() {
        return Err(Error::Setup(
            Msg::CenterSchemaNewer.fill(lang, &[&target.shown, &from, &known()]),
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let v = i as i32 + 1;
        tx.batch_execute(sql).map_err(db)?;
        tx.execute(
            "INSERT INTO schema_version (version, by_apunte) VALUES ($1, $2)",
            &[&v, &env!("CARGO_PKG_VERSION")],
        )
        .map_err(db)?;
    }
    let mut added = 0;
    let today = chrono::Utc::now().date_naive();
    for (start, end) in months(FIRST_MONTH, today, MONTHS_AHEAD) {
        for table in ["records", "feedback"] {
            let name = format!("{table}_{:04}{:02}", start.year(), start.month());
            let exists: bool = tx
                .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])
                .map_err(db)?
                .get(0);
            if exists {
                continue;
            }
            // Rows already in the default partition for that month would block the new
            // partition: move them over.
            tx.batch_execute(&format!(
                "CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
                 WITH moved AS (DELETE FROM {table}_default WHERE at >= '{start}' AND at < '{end}' RETURNING *)
                 INSERT INTO {name} SELECT * FROM moved;
                 ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM ('{start}') TO ('{end}');"
            ))
            .map_err(db)?;
            added += 1;
        }
    }
    tx.commit().map_err(db)?;
    Ok(Migrated {
        from,
        to: known(),
        partitions_added: added,
    })
}

/// The month ranges `[start, end)` from `first` to `ahead` months past `today`'s.
fn months(first: (i32, u32), today: NaiveDate, ahead: u32) -> Vec<(NaiveDate, NaiveDate)> {
    let last = today.year() * 12 + today.month0() as i32 + ahead as i32;
    let mut out = Vec::new();
    let mut m = first.0 * 12 + first.1 as i32 - 1;
    while m <= last {
        let start = NaiveDate::from_ymd_opt(m / 12, (m % 12) as u32 + 1, 1);
        let end = NaiveDate::from_ymd_opt((m + 1) / 12, ((m + 1) % 12) as u32 + 1, 1);
        if let (Some(s), Some(e)) = (start, end) {
            out.push((s, e));
        }
        m += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_cover_first_to_ahead() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let m = months((2025, 11), today, 2);
        let shown: Vec<String> = m.iter().map(|(s, e)| format!("{s}..{e}")).collect();
        assert_eq!(
            shown,
            [
                "2025-11-01..2025-12-01",
                "2025-12-01..2026-01-01",
                "2026-01-01..2026-02-01",
                "2026-02-01..2026-03-01",
                "2026-03-01..2026-04-01",
                "2026-04-01..2026-05-01",
                "2026-05-01..2026-06-01",
                "2026-06-01..2026-07-01",
                "2026-07-01..2026-08-01",
                "2026-08-01..2026-09-01",
                "2026-09-01..2026-10-01",
                "2026-10-01..2026-11-01",
                "2026-11-01..2026-12-01",
                "2026-12-01..2027-01-01",
                "2027-01-01..2027-02-01",
                "2027-02-01..2027-03-01",
            ]
        );
    }
}
