//! Exactly-once shipping of the local journals.
//!
//! Every `*.jsonl` under the data dir is a journal: the calls and their sidecars under
//! `sessions/`, the feedback journal, and whatever journals later versions add (their
//! records ship as they are: the full record as `jsonb`, with typed columns for the
//! kind, agent, session, time and article). A record's key is (agent, journal, line
//! number): journals are append-only and a damaged line keeps its number, so the key
//! of a line never changes.
//!
//! For each journal the shipper keeps its acknowledged position (bytes and lines) in
//! `<data dir>/center/<journal>.pos`, written atomically (temporary file, `fsync`,
//! rename) only **after** the database committed the batch. Inserts are
//! `ON CONFLICT DO NOTHING`, so a crash between the commit and the position write
//! re-sends lines the database already has and they are ignored: a `kill -9`, a
//! dropped network or a database restart at any point loses nothing and duplicates
//! nothing. Only complete lines (ending in a newline) ship: a line being written, or
//! half-written by a crash, waits; a damaged complete line is reported (path:line) and
//! passed over.
//!
//! Scorecards (`sessions/<id>.scorecard.json`) ship as one row per call, replaced when
//! the call is scored again.
use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Error, STATE_DIR, Target};
use crate::conversation::journal::{self, Record};
use crate::redact::Redactor;
use crate::text::Lang;

/// Lines per transaction.
pub const DEFAULT_BATCH: usize = 500;

/// One local journal and what of it is shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    /// The file.
    pub path: PathBuf,
    /// Its path under the data dir with `/` separators (the `journal` column).
    pub name: String,
    /// The call it belongs to (empty for journals of no call).
    pub session: String,
}

/// What the shipper remembers of a journal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Position {
    /// Bytes acknowledged (always just after a newline).
    pub offset: u64,
    /// Lines acknowledged (the next line's number is `line + 1`).
    pub line: u64,
    /// The agent the journal ships as (fixed at its first shipment).
    pub agent: String,
    /// Damaged lines passed over.
    pub damaged: Vec<u64>,
    /// For a scorecard: the content shipped (a hash), so a rescored call ships again.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub content: String,
}

/// The journals of a data dir, calls first by name, then the others.
pub fn journals(data_dir: &Path) -> std::io::Result<Vec<Journal>> {
    let mut out = Vec::new();
    walk(data_dir, data_dir, &mut out, 0)?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Journal>, depth: usize) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if ft.is_dir() {
            if depth == 0 && name == STATE_DIR {
                continue;
            }
            if depth < 3 {
                walk(root, &path, out, depth + 1)?;
            }
        } else if ft.is_file() && (name.ends_with(".jsonl") || name.ends_with(".scorecard.json")) {
            let session = if name.starts_with(&format!("{}/", journal::SESSIONS_DIR)) {
                let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
                file.and_then(|f| f.split('.').next().map(str::to_string))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            out.push(Journal {
                path,
                name,
                session,
            });
        }
    }
    Ok(())
}

impl Journal {
    /// A scorecard file rather than a journal.
    pub fn is_scorecard(&self) -> bool {
        self.name.ends_with(".scorecard.json")
    }

    fn state_path(&self, data_dir: &Path) -> PathBuf {
        data_dir.join(STATE_DIR).join(format!("{}.pos", self.name))
    }

    /// The acknowledged position (none yet: the start).
    pub fn position(&self, data_dir: &Path) -> Position {
        std::fs::read(self.state_path(data_dir))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn save_position(&self, data_dir: &Path, pos: &Position) -> std::io::Result<()> {
        let path = self.state_path(data_dir);
        if let Some(parent) = path.parent() {
            crate::private::create_dir_all(parent)?;
        }
        let tmp = path.with_extension(format!("pos.tmp-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut f = crate::private::create_new(&tmp)?;
            f.write_all(&serde_json::to_vec(pos).unwrap_or_default())?;
            f.sync_data()?;
            std::fs::rename(&tmp, &path)?;
            if let Some(parent) = path.parent()
                && let Ok(d) = std::fs::File::open(parent)
            {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Complete lines not shipped yet, and whether a half-written line follows them.
    pub fn pending(&self, data_dir: &Path) -> (u64, bool) {
        if self.is_scorecard() {
            let pos = self.position(data_dir);
            let shipped = std::fs::read(&self.path)
                .map(|b| content_hash(&b) == pos.content)
                .unwrap_or(true);
            return (u64::from(!shipped), false);
        }
        let pos = self.position(data_dir);
        let Ok(mut f) = std::fs::File::open(&self.path) else {
            return (0, false);
        };
        let mut rest = Vec::new();
        if f.seek(SeekFrom::Start(pos.offset)).is_err() || f.read_to_end(&mut rest).is_err() {
            return (0, false);
        }
        let complete = rest.iter().filter(|b| **b == b'\n').count() as u64;
        let partial = rest.last().is_some_and(|b| *b != b'\n')
            && !rest[rest.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1)..]
                .iter()
                .all(u8::is_ascii_whitespace);
        (complete, partial)
    }
}

fn content_hash(bytes: &[u8]) -> String {
    // FNV-1a 64: enough to notice that a scorecard was rewritten.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

/// A damaged line passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    pub path: PathBuf,
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// What one shipping round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shipped {
    /// Lines sent and acknowledged.
    pub sent: u64,
    /// Of those, the ones the database did not have yet.
    pub new: u64,
    /// Damaged lines passed over (reported once, when first met).
    pub damaged: Vec<Damaged>,
    /// Journals with a half-written last line waiting for its end.
    pub partial: Vec<PathBuf>,
}

/// Who ships: the agent's name (for journals whose start names none), the team, the
/// redactor applied to every text once more, the batch size.
#[derive(Debug, Clone)]
pub struct Shipper {
    pub agent: String,
    pub team: String,
    pub redactor: Redactor,
    pub batch: usize,
}

/// A row of `records`.
struct Row {
    seq: i64,
    session: String,
    kind: String,
    at: DateTime<Utc>,
    article: Option<String>,
    body: Value,
}

/// The epoch, for a record whose time cannot be read (it lands in the default partition).
fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default()
}

impl Shipper {
    /// A shipper for `agent` of `team`; `APUNTE_CENTER_BATCH` sets the lines per
    /// transaction (default [`DEFAULT_BATCH`]).
    pub fn new(agent: String, team: &str, redactor: Redactor) -> Shipper {
        let batch = std::env::var("APUNTE_CENTER_BATCH")
            .ok()
            .and_then(|b| b.parse().ok())
            .filter(|b| *b > 0)
            .unwrap_or(DEFAULT_BATCH);
        Shipper {
            agent,
            team: team.trim().to_string(),
            redactor,
            batch,
        }
    }

    /// Ships everything pending in `data_dir`; `progress` is told after each commit.
    pub fn ship_all(
        &self,
        client: &mut postgres::Client,
        lang: Lang,
        target: &Target,
        data_dir: &Path,
        progress: &mut dyn FnMut(&Shipped),
    ) -> Result<Shipped, Error> {
        let mut total = Shipped::default();
        let list =
            journals(data_dir).map_err(|e| Error::Io(format!("{}: {e}", data_dir.display())))?;
        // The agent of each call, from its journal's start record.
        let mut agents: BTreeMap<String, String> = BTreeMap::new();
        for j in &list {
            if j.is_scorecard() {
                self.ship_scorecard(client, lang, target, data_dir, j, &mut agents)?;
            } else {
                self.ship_journal(
                    client,
                    lang,
                    target,
                    data_dir,
                    j,
                    &mut agents,
                    &mut total,
                    progress,
                )?;
            }
        }
        Ok(total)
    }

    fn agent_of(
        &self,
        data_dir: &Path,
        j: &Journal,
        agents: &mut BTreeMap<String, String>,
    ) -> String {
        let pos = j.position(data_dir);
        if !pos.agent.is_empty() {
            return pos.agent;
        }
        if j.session.is_empty() {
            return self.agent.clone();
        }
        if let Some(a) = agents.get(&j.session) {
            return a.clone();
        }
        let call = journal::sessions_dir(data_dir).join(format!("{}.jsonl", j.session));
        let agent = first_record(&call)
            .and_then(|r| match r.entry {
                journal::JournalEntry::Start { agent, .. } if !agent.trim().is_empty() => {
                    Some(agent.trim().to_string())
                }
                _ => None,
            })
            .unwrap_or_else(|| self.agent.clone());
        agents.insert(j.session.clone(), agent.clone());
        agent
    }

    #[allow(clippy::too_many_arguments)]
    fn ship_journal(
        &self,
        client: &mut postgres::Client,
        lang: Lang,
        target: &Target,
        data_dir: &Path,
        j: &Journal,
        agents: &mut BTreeMap<String, String>,
        total: &mut Shipped,
        progress: &mut dyn FnMut(&Shipped),
    ) -> Result<(), Error> {
        let mut pos = j.position(data_dir);
        let io = |e: std::io::Error| Error::Io(format!("{}: {e}", j.path.display()));
        let mut f = match std::fs::File::open(&j.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io(e)),
        };
        let len = f.metadata().map_err(io)?.len();
        if len < pos.offset {
            // The file was replaced by a shorter one: start it over (the keys dedupe).
            pos.offset = 0;
            pos.line = 0;
        }
        if len == pos.offset {
            return Ok(());
        }
        f.seek(SeekFrom::Start(pos.offset)).map_err(io)?;
        let mut rest = Vec::new();
        f.read_to_end(&mut rest).map_err(io)?;
        let complete_end = match rest.iter().rposition(|b| *b == b'\n') {
            Some(i) => i + 1,
            None => {
                if !rest.iter().all(u8::is_ascii_whitespace) {
                    total.partial.push(j.path.clone());
                }
                return Ok(());
            }
        };
        if !rest[complete_end..].iter().all(u8::is_ascii_whitespace) {
            total.partial.push(j.path.clone());
        }
        if pos.agent.is_empty() {
            pos.agent = self.agent_of(data_dir, j, agents);
        }
        let agent = pos.agent.clone();
        let mut rows: Vec<Row> = Vec::new();
        let mut line = pos.line;
        let mut batch_bytes = 0u64;
        let lines = rest[..complete_end].split_inclusive(|b| *b == b'\n');
        let mut session_row: Option<Value> = None;
        let sidecar = sidecar_kind(j);
        for raw in lines {
            line += 1;
            batch_bytes += raw.len() as u64;
            let text = raw.strip_suffix(b"\n").unwrap_or(raw);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if !text.iter().all(u8::is_ascii_whitespace) {
                match parse_line(text, sidecar.is_some()) {
                    Ok((at, mut body)) => {
                        self.redact_value(&mut body, "");
                        let kind = body
                            .get("kind")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .or_else(|| sidecar.clone())
                            .unwrap_or_default();
                        if kind == "start"
                            && line == 1
                            && j.name == format!("{}/{}.jsonl", journal::SESSIONS_DIR, j.session)
                        {
                            session_row = Some(body.clone());
                        }
                        let session = body
                            .get("call")
                            .and_then(Value::as_str)
                            .filter(|_| j.session.is_empty())
                            .map(str::to_string)
                            .unwrap_or_else(|| j.session.clone());
                        rows.push(Row {
                            seq: line as i64,
                            session,
                            kind,
                            at: at.unwrap_or_else(epoch),
                            article: body
                                .get("article")
                                .and_then(Value::as_str)
                                .map(str::to_string),
                            body,
                        });
                    }
                    Err(message) => {
                        pos.damaged.push(line);
                        total.damaged.push(Damaged {
                            path: j.path.clone(),
                            line,
                            message,
                        });
                    }
                }
            }
            if rows.len() >= self.batch.max(1) {
                let new =
                    self.insert(client, lang, target, &agent, j, &rows, session_row.take())?;
                pos.offset += batch_bytes;
                pos.line = line;
                j.save_position(data_dir, &pos).map_err(io)?;
                total.sent += rows.len() as u64;
                total.new += new;
                rows.clear();
                batch_bytes = 0;
                progress(total);
            }
        }
        if !rows.is_empty() || batch_bytes > 0 {
            let new = self.insert(client, lang, target, &agent, j, &rows, session_row.take())?;
            pos.offset += batch_bytes;
            pos.line = line;
            j.save_position(data_dir, &pos).map_err(io)?;
            total.sent += rows.len() as u64;
            total.new += new;
            progress(total);
        }
        Ok(())
    }

    /// Inserts one batch in one transaction; returns the rows that were new.
    #[allow(clippy::too_many_arguments)]
    fn insert(
        &self,
        client: &mut postgres::Client,
        lang: Lang,
        target: &Target,
        agent: &str,
        j: &Journal,
        rows: &[Row],
        start: Option<Value>,
    ) -> Result<u64, Error> {
        let db = |e| Error::db(lang, &target.shown, e);
        let mut tx = client.transaction().map_err(db)?;
        if let Some(start) = start {
            let s = |k: &str| {
                start
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let started = start
                .get("t")
                .and_then(Value::as_str)
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc));
            tx.execute(
                "INSERT INTO sessions (agent, session, team, mode, started, scenario, trainee)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                &[
                    &agent,
                    &j.session,
                    &self.team,
                    &s("mode"),
                    &started,
                    &s("scenario"),
                    &s("trainee"),
                ],
            )
            .map_err(db)?;
        }
        let mut new = 0;
        if !rows.is_empty() {
            let seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
            let sessions: Vec<&str> = rows.iter().map(|r| r.session.as_str()).collect();
            let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
            let ats: Vec<DateTime<Utc>> = rows.iter().map(|r| r.at).collect();
            let articles: Vec<Option<&str>> = rows.iter().map(|r| r.article.as_deref()).collect();
            let bodies: Vec<&Value> = rows.iter().map(|r| &r.body).collect();
            new = tx
                .execute(
                    "INSERT INTO records (agent, journal, seq, session, team, kind, at, article, body)
                     SELECT $1, $2, u.seq, u.session, $3, u.kind, u.at, u.article, u.body
                     FROM unnest($4::bigint[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::jsonb[])
                          AS u(seq, session, kind, at, article, body)
                     ON CONFLICT DO NOTHING",
                    &[&agent, &j.name, &self.team, &seqs, &sessions, &kinds, &ats, &articles, &bodies],
                )
                .map_err(db)?;
            let fb: Vec<&Row> = rows
                .iter()
                .filter(|r| matches!(r.kind.as_str(), "flag" | "helpful" | "resolve"))
                .collect();
            if !fb.is_empty() {
                let seqs: Vec<i64> = fb.iter().map(|r| r.seq).collect();
                let sessions: Vec<&str> = fb.iter().map(|r| r.session.as_str()).collect();
                let kinds: Vec<&str> = fb.iter().map(|r| r.kind.as_str()).collect();
                let ats: Vec<DateTime<Utc>> = fb.iter().map(|r| r.at).collect();
                let articles: Vec<Option<&str>> = fb.iter().map(|r| r.article.as_deref()).collect();
                let reasons: Vec<Option<&str>> = fb
                    .iter()
                    .map(|r| r.body.get("reason").and_then(Value::as_str))
                    .collect();
                let helpful: Vec<Option<bool>> = fb
                    .iter()
                    .map(|r| r.body.get("helpful").and_then(Value::as_bool))
                    .collect();
                let bodies: Vec<&Value> = fb.iter().map(|r| &r.body).collect();
                tx.execute(
                    "INSERT INTO feedback (agent, journal, seq, session, team, kind, at, article, reason, helpful, body)
                     SELECT $1, $2, u.seq, u.session, $3, u.kind, u.at, u.article, u.reason, u.helpful, u.body
                     FROM unnest($4::bigint[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::bool[], $11::jsonb[])
                          AS u(seq, session, kind, at, article, reason, helpful, body)
                     ON CONFLICT DO NOTHING",
                    &[&agent, &j.name, &self.team, &seqs, &sessions, &kinds, &ats, &articles, &reasons, &helpful, &bodies],
                )
                .map_err(db)?;
            }
        }
        tx.commit().map_err(db)?;
        Ok(new)
    }

    fn ship_scorecard(
        &self,
        client: &mut postgres::Client,
        lang: Lang,
        target: &Target,
        data_dir: &Path,
        j: &Journal,
        agents: &mut BTreeMap<String, String>,
    ) -> Result<(), Error> {
        let Ok(bytes) = std::fs::read(&j.path) else {
            return Ok(());
        };
        let mut pos = j.position(data_dir);
        let hash = content_hash(&bytes);
        if pos.content == hash {
            return Ok(());
        }
        let Ok(mut body) = serde_json::from_slice::<Value>(&bytes) else {
            // Being rewritten (or damaged): the next round looks again.
            return Ok(());
        };
        self.redact_value(&mut body, "");
        if pos.agent.is_empty() {
            pos.agent = self.agent_of(data_dir, j, agents);
        }
        let s = |k: &str| {
            body.get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let score = body
            .get("percent")
            .or_else(|| body.get("score"))
            .and_then(Value::as_f64);
        client
            .execute(
                "INSERT INTO scorecards (agent, session, team, scenario, trainee, score, body)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (agent, session) DO UPDATE SET body = EXCLUDED.body,
                     score = EXCLUDED.score, scenario = EXCLUDED.scenario,
                     trainee = EXCLUDED.trainee, shipped = now()",
                &[
                    &pos.agent,
                    &j.session,
                    &self.team,
                    &s("scenario"),
                    &s("trainee"),
                    &score,
                    &body,
                ],
            )
            .map_err(|e| Error::db(lang, &target.shown, e))?;
        pos.content = hash;
        j.save_position(data_dir, &pos)
            .map_err(|e| Error::Io(format!("{}: {e}", j.path.display())))
    }

    /// Every string of a record through the redactor once more (the journal writer
    /// redacted it already; this catches journals of older versions).
    fn redact_value(&self, v: &mut Value, key: &str) {
        match v {
            Value::String(s)
                if !matches!(key, "t" | "kind" | "session" | "article" | "version") =>
            {
                if let std::borrow::Cow::Owned(r) = self.redactor.redact(s) {
                    *s = r;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.redact_value(i, key)),
            Value::Object(map) => map.iter_mut().for_each(|(k, v)| self.redact_value(v, k)),
            _ => {}
        }
    }
}

/// A line as JSON with its time. A line of a call's journal or of the feedback journal
/// must be a record the local readers accept ([`Record::parse`]); a sidecar line (a
/// grade, a review comment) any JSON object.
fn parse_line(text: &[u8], sidecar: bool) -> Result<(Option<DateTime<Utc>>, Value), String> {
    let s = std::str::from_utf8(text).map_err(|_| "not UTF-8".to_string())?;
    if !sidecar {
        Record::parse(s)?;
    }
    let body: Value = serde_json::from_str(s).map_err(|e| format!("not JSON ({e})"))?;
    let Value::Object(map) = &body else {
        return Err("not a JSON object".into());
    };
    let at = map
        .get("t")
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    Ok((at, body))
}

/// The kind of a sidecar's lines, from its name (`<id>.grades.jsonl`: `grades`); None
/// for a call's journal and the other journals.
fn sidecar_kind(j: &Journal) -> Option<String> {
    let file = j.name.rsplit('/').next()?;
    let stem = file.strip_suffix(".jsonl")?;
    let (_, kind) = stem.split_once('.')?;
    Some(kind.to_string())
}

fn first_record(path: &Path) -> Option<Record> {
    let f = std::fs::File::open(path).ok()?;
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(f), &mut first).ok()?;
    Record::parse(first.trim_end()).ok()
}

/// What is pending per journal (complete lines, half-written tail), the journals with
/// nothing pending left out.
pub fn pending(data_dir: &Path) -> std::io::Result<Vec<(Journal, u64, bool)>> {
    Ok(journals(data_dir)?
        .into_iter()
        .filter_map(|j| {
            let (n, partial) = j.pending(data_dir);
            (n > 0 || partial).then_some((j, n, partial))
        })
        .collect())
}
