//! The index on disk: one folder per set of knowledge roots, a manifest, incremental
//! refresh and crash recovery.
//!
//! ```text
//! cache_dir/index/<hash of the canonical root dirs>/
//!   manifest.json     line 1: schema version, format, roots, live index, a fingerprint of
//!                     the file scan, article count, every problem; then one line per
//!                     file: size, mtime, id (when not the path), problems
//!   folders.json      every knowledge folder and its modification time, as the last
//!                     full look that found the files unchanged saw them (a hint for
//!                     `apunte search`'s quick look, see `Snapshot::quick`)
//!   gen-<stamp>/      the live tantivy index the manifest points to
//!   tmp-<stamp>/      a full build in progress (renamed to gen-… when complete)
//! ```
//!
//! The manifest is the commit point: it is written (temp file + rename) only after the
//! index it points to is complete. A crash leaves at worst an unreferenced folder (removed
//! later) or an index one step ahead of its manifest (the same changes are applied again:
//! deletes are by file, so re-applying is harmless). Anything unreadable — missing or
//! garbage manifest, other schema version, an index that does not open or does not match
//! the manifest — is rebuilt from scratch into a new folder; a live index is never
//! rebuilt in place. Lock files are left alone: tantivy's locks are OS advisory locks
//! that die with their process.
//!
//! A warm open with nothing changed reads only the manifest's first line: when the scan
//! of the knowledge folders gives the fingerprint recorded there, the file list is not
//! needed. A full build parses files on worker threads that feed the index writer.
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::indexer::{IndexWriterOptions, NoMergePolicy};
use tantivy::schema::document::Document;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::schema::{FORMAT, Fields, SCHEMA_VERSION};
use super::{Engine, IndexReport, WRITER_MEMORY, analysis};
use crate::knowledge::loader::{self, FileEntry, IdOwners, Parsed};
use crate::knowledge::{Diagnostic, Root, Severity};
use crate::text::Fnv;

/// The manifest's file name inside an index folder.
pub const MANIFEST: &str = "manifest.json";

/// What the index folder holds, as recorded after the last successful build or refresh.
///
/// On disk the first line holds everything but `files` (one line each after it); a
/// manifest written as one JSON object with `files` inside is read too.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    pub format: String,
    /// Canonical root folders, in order.
    pub roots: Vec<String>,
    /// The live index folder's name.
    pub index: String,
    /// [`scan_fingerprint`] of the files `files` lists: a warm open whose scan gives the
    /// same value needs no more than this first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<u64>,
    /// Articles in the index (files with an id).
    #[serde(default)]
    pub articles: usize,
    /// Every problem of every file, in file order (what the warm open reports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<DiagnosticRecord>,
    /// How many lines of files follow the first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileRecord>,
}

/// One knowledge file as last indexed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FileRecord {
    /// Index into `Manifest::roots`.
    pub root: usize,
    pub rel_path: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: Option<u64>,
    /// The article's id when it was indexed (`None`: unusable or a duplicate id).
    pub id: Option<String>,
    /// Skipped because another file has the same id.
    #[serde(default)]
    pub duplicate: bool,
    #[serde(default)]
    pub diagnostics: Vec<DiagnosticRecord>,
}

/// A [`FileRecord`] as one manifest line: short keys, defaults left out, and no id when
/// it is the path without its extension (the usual case).
#[derive(Serialize, Deserialize)]
struct Line<'a> {
    #[serde(rename = "r", default, skip_serializing_if = "is_zero")]
    root: usize,
    #[serde(rename = "p", borrow)]
    rel_path: Cow<'a, str>,
    #[serde(rename = "s")]
    size: u64,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    mtime_ns: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    id: Option<Cow<'a, str>>,
    /// Not indexed: unusable, or a duplicate id.
    #[serde(rename = "x", default, skip_serializing_if = "is_false")]
    no_article: bool,
    #[serde(rename = "dup", default, skip_serializing_if = "is_false")]
    duplicate: bool,
    #[serde(rename = "d", default, skip_serializing_if = "Vec::is_empty")]
    diagnostics: Vec<DiagnosticRecord>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The id an article gets from its path: the path without its extension.
fn path_id(rel_path: &str) -> &str {
    rel_path.rsplit_once('.').map_or(rel_path, |(s, _)| s)
}

impl<'a> From<&'a FileRecord> for Line<'a> {
    fn from(f: &'a FileRecord) -> Line<'a> {
        Line {
            root: f.root,
            rel_path: Cow::Borrowed(&f.rel_path),
            size: f.size,
            mtime_ns: f.mtime_ns,
            id: f
                .id
                .as_deref()
                .filter(|id| *id != path_id(&f.rel_path))
                .map(Cow::Borrowed),
            no_article: f.id.is_none(),
            duplicate: f.duplicate,
            diagnostics: f.diagnostics.clone(),
        }
    }
}

impl From<Line<'_>> for FileRecord {
    fn from(l: Line<'_>) -> FileRecord {
        let id = if l.no_article {
            None
        } else {
            Some(match l.id {
                Some(id) => id.into_owned(),
                None => path_id(&l.rel_path).to_string(),
            })
        };
        FileRecord {
            root: l.root,
            rel_path: l.rel_path.into_owned(),
            size: l.size,
            mtime_ns: l.mtime_ns,
            id,
            duplicate: l.duplicate,
            diagnostics: l.diagnostics,
        }
    }
}

/// A [`Diagnostic`] as stored in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticRecord {
    pub path: PathBuf,
    pub line: usize,
    pub error: bool,
    pub message: String,
}

impl From<&Diagnostic> for DiagnosticRecord {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticRecord {
            path: d.path.clone(),
            line: d.line,
            error: d.severity == Severity::Error,
            message: d.message.clone(),
        }
    }
}

impl From<&DiagnosticRecord> for Diagnostic {
    fn from(d: &DiagnosticRecord) -> Self {
        Diagnostic {
            path: d.path.clone(),
            line: d.line,
            severity: if d.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: d.message.clone(),
        }
    }
}

/// The folder holding the index of these roots (stable across runs).
pub fn index_dir(roots: &[Root], cache_dir: &Path) -> PathBuf {
    let canonical = canonical_roots(roots);
    cache_dir
        .join("index")
        .join(format!("{:016x}", fnv1a(canonical.join("\n").as_bytes())))
}

/// Each root's canonical folder, marked when links out of it are followed: that setting
/// changes which files the base holds, so an index made without it never answers for a
/// base with it (nor the other way round).
fn canonical_roots(roots: &[Root]) -> Vec<String> {
    roots
        .iter()
        .map(|r| {
            let mut dir = fs::canonicalize(&r.dir)
                .unwrap_or_else(|_| r.dir.clone())
                .to_string_lossy()
                .into_owned();
            if r.follow_outside {
                dir.push_str(" +links-outside");
            }
            dir
        })
        .collect()
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.feed(bytes);
    h.0
}

/// What a warm open compares for every file (root, path, size, mtime), as one number:
/// how many files there are and the sum of one hash per file. Equal fingerprints mean no
/// file was added, removed or touched; the order of the files does not matter, so
/// [`Snapshot::unchanged`] gets it from a walk that keeps no list
/// ([`loader::sum_files`]).
pub fn scan_fingerprint(files: &[(usize, FileEntry)]) -> u64 {
    let sum = files.iter().fold(0u64, |sum, (root, e)| {
        sum.wrapping_add(file_hash(*root, "", &e.rel_path, e.size, e.modified))
    });
    fingerprint_of(files.len(), sum)
}

fn fingerprint_of(files: usize, sum: u64) -> u64 {
    let mut h = Fnv::default();
    h.feed(&(files as u64).to_le_bytes());
    h.feed(&sum.to_le_bytes());
    h.0
}

/// One file of the scan: `folder/name` (or `name` when `folder` is empty) is its path
/// below root number `root`.
fn file_hash(
    root: usize,
    folder: &str,
    name: &str,
    size: u64,
    modified: Option<SystemTime>,
) -> u64 {
    let mut h = Fnv::default();
    h.feed(&(root as u64).to_le_bytes());
    if !folder.is_empty() {
        h.feed(folder.as_bytes());
        h.feed(b"/");
    }
    h.feed(name.as_bytes());
    // No path holds a NUL byte: paths cannot run into each other.
    h.feed(&[0]);
    h.feed(&size.to_le_bytes());
    h.feed(&mtime_ns(modified).map_or([0xff; 8], u64::to_le_bytes));
    // Spread FNV's last bytes over the whole word before the sum.
    let mut x = h.0;
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn file_key(root: usize, rel_path: &str) -> String {
    format!("r{root}:{rel_path}")
}

fn mtime_ns(t: Option<SystemTime>) -> Option<u64> {
    let d = t?.duration_since(UNIX_EPOCH).ok()?;
    u64::try_from(d.as_nanos()).ok()
}

fn stamp() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos:x}", std::process::id())
}

/// Reads the manifest; `None` when missing or unreadable (the index is then rebuilt).
pub fn read_manifest(dir: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut lines = text.split('\n');
    let mut m: Manifest = serde_json::from_str(lines.next()?).ok()?;
    if let Some(n) = m.records {
        m.files.reserve_exact(n);
        for line in lines.by_ref().take(n) {
            let line: Line = serde_json::from_str(line).ok()?;
            m.files.push(line.into());
        }
        if m.files.len() != n || lines.any(|l| !l.is_empty()) {
            return None;
        }
    }
    Some(m)
}

/// The manifest's first line only (no `files`, unless the manifest is one object):
/// enough for a warm open when the scan fingerprint matches.
pub fn read_manifest_head(dir: &Path) -> Option<Manifest> {
    let file = fs::File::open(dir.join(MANIFEST)).ok()?;
    let mut line = Vec::new();
    std::io::BufReader::with_capacity(64 * 1024, file)
        .read_until(b'\n', &mut line)
        .ok()?;
    serde_json::from_slice(&line).ok()
}

/// The manifest as written: the first line, then one line per file.
fn manifest_bytes(m: &Manifest) -> anyhow::Result<Vec<u8>> {
    let head = Manifest {
        schema_version: m.schema_version,
        format: m.format.clone(),
        roots: m.roots.clone(),
        index: m.index.clone(),
        scan: m.scan,
        articles: m.files.iter().filter(|f| f.id.is_some()).count(),
        diagnostics: m
            .files
            .iter()
            .flat_map(|f| f.diagnostics.iter().cloned())
            .collect(),
        records: Some(m.files.len()),
        files: Vec::new(),
    };
    let mut out = Vec::with_capacity(64 * (m.files.len() + 1));
    serde_json::to_writer(&mut out, &head)?;
    for f in &m.files {
        out.push(b'\n');
        serde_json::to_writer(&mut out, &Line::from(f))?;
    }
    out.push(b'\n');
    Ok(out)
}

/// Writes the manifest atomically: temp file, sync, rename.
fn write_manifest(dir: &Path, m: &Manifest) -> anyhow::Result<()> {
    let tmp = dir.join(format!("{MANIFEST}.{}.tmp", stamp()));
    let json = manifest_bytes(m)?;
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(MANIFEST))?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write the index manifest in {}", dir.display()))
}

/// Every Markdown file of every root (stats only).
fn scan_all(roots: &[Root]) -> anyhow::Result<Vec<(usize, FileEntry)>> {
    let mut out = Vec::new();
    for (i, root) in roots.iter().enumerate() {
        out.extend(scan_root(root)?.into_iter().map(|e| (i, e)));
    }
    Ok(out)
}

fn scan_root(root: &Root) -> anyhow::Result<Vec<FileEntry>> {
    loader::scan(root).with_context(|| {
        format!(
            "cannot list the knowledge folder {}: check it exists and is readable",
            root.dir.display()
        )
    })
}

fn record(root: usize, e: &FileEntry, p: &Prepared) -> FileRecord {
    FileRecord {
        root,
        rel_path: e.rel_path.clone(),
        size: e.size,
        mtime_ns: mtime_ns(e.modified),
        id: p.id.clone(),
        duplicate: false,
        diagnostics: p.diagnostics.iter().map(Into::into).collect(),
    }
}

/// One knowledge file parsed and made into its document, ready for the writer.
struct Prepared {
    /// The article's id (`None`: the file is unusable).
    id: Option<String>,
    diagnostics: Vec<Diagnostic>,
    doc: Option<TantivyDocument>,
}

fn prepare(roots: &[Root], fields: &Fields, root: usize, rel_path: &str) -> Prepared {
    let p: Parsed = loader::parse_file(&roots[root], rel_path);
    let doc = p
        .article
        .as_ref()
        .map(|a| fields.document(a, &file_key(root, rel_path)));
    Prepared {
        id: p.article.map(|a| a.id),
        diagnostics: p.diagnostics,
        doc,
    }
}

/// Files prepared per worker thread ahead of the writer (bounds the memory in flight).
const PREPARED_AHEAD: usize = 32;

/// Threads that parse files and build their documents while the writer's own threads
/// index: half the cores (at least one), none for a handful of files.
fn prepare_threads(jobs: usize) -> usize {
    if jobs < 64 {
        return 0;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores / 2).clamp(1, 4)
}

/// Parses `jobs` (root, file) on worker threads and hands each result to `each`, in the
/// order of `jobs`. Stops at the first error of `each`.
fn prepare_all(
    roots: &[Root],
    fields: &Fields,
    jobs: &[(usize, &FileEntry)],
    mut each: impl FnMut(usize, Prepared) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let workers = prepare_threads(jobs.len());
    if workers == 0 {
        for (i, (root, e)) in jobs.iter().enumerate() {
            each(i, prepare(roots, fields, *root, &e.rel_path))?;
        }
        return Ok(());
    }
    std::thread::scope(|s| {
        let mut queues = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for w in 0..workers {
            let (tx, rx) = crossbeam_channel::bounded(PREPARED_AHEAD);
            handles.push(s.spawn(move || {
                for (root, e) in jobs.iter().skip(w).step_by(workers) {
                    if tx.send(prepare(roots, fields, *root, &e.rel_path)).is_err() {
                        // The caller stopped (an error): nothing more to do.
                        break;
                    }
                }
            }));
            queues.push(rx);
        }
        let result = (|| {
            for (i, (root, e)) in jobs.iter().enumerate() {
                // Worker `i % workers` prepared job `i`; if it died (it cannot panic on
                // any input, but never lose a file) do it here.
                let p = queues[i % workers]
                    .recv()
                    .unwrap_or_else(|_| prepare(roots, fields, *root, &e.rel_path));
                each(i, p)?;
            }
            Ok(())
        })();
        drop(queues);
        for h in handles {
            let _ = h.join();
        }
        result
    })
}

/// The index served as it is on disk, with the problems the manifest remembers.
fn as_is(
    index: Index,
    fields: Fields,
    articles: usize,
    diagnostics: Vec<Diagnostic>,
) -> anyhow::Result<Refreshed> {
    let report = IndexReport {
        articles,
        diagnostics,
        ..IndexReport::default()
    };
    Ok(Refreshed::Done(Box::new((
        Engine::from_index(index, fields)?,
        report,
    ))))
}

fn diagnostics(m: &Manifest) -> Vec<Diagnostic> {
    m.files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(Diagnostic::from))
        .collect()
}

/// Opens (building or refreshing) the index of `roots` under `cache_dir`.
pub fn open(roots: &[Root], cache_dir: &Path) -> anyhow::Result<(Engine, IndexReport)> {
    let started = Instant::now();
    let dir = index_dir(roots, cache_dir);
    fs::create_dir_all(&dir).with_context(|| {
        format!(
            "cannot create the index folder {}: check the cache directory ($APUNTE_CACHE_DIR) is writable",
            dir.display()
        )
    })?;
    let files = scan_all(roots)?;
    let fingerprint = scan_fingerprint(&files);
    let canonical = canonical_roots(roots);
    let head = read_manifest_head(&dir);
    let previous = head.as_ref().map(|m| m.index.clone());
    let head = head.filter(|m| {
        m.schema_version == SCHEMA_VERSION && m.format == FORMAT && m.roots == canonical
    });
    if let Some(head) = head {
        let live_name = head.index.clone();
        // Nothing added, removed or touched since the manifest was written: the first
        // line is all a warm open needs.
        if head.scan == Some(fingerprint)
            && let Some((index, fields)) =
                open_live(&dir, &head.index, head.articles, Access::Mapped)
        {
            let diagnostics = head.diagnostics.iter().map(Diagnostic::from).collect();
            if let Ok(Refreshed::Done(done)) = as_is(index, fields, head.articles, diagnostics) {
                let (engine, report) = *done;
                cleanup(&dir, &live_name, None);
                return Ok((engine, finish(roots, report, started, &dir)));
            }
        }
        if let Some(manifest) = read_manifest(&dir).filter(|m| {
            m.schema_version == SCHEMA_VERSION && m.format == FORMAT && m.roots == canonical
        }) {
            let articles = manifest.files.iter().filter(|f| f.id.is_some()).count();
            if let Some(live) = open_live(&dir, &manifest.index, articles, Access::Mapped)
                && let Ok(Refreshed::Done(done)) =
                    refresh(roots, &dir, manifest, live, &files, fingerprint)
            {
                let (engine, report) = *done;
                cleanup(&dir, &live_name, None);
                return Ok((engine, finish(roots, report, started, &dir)));
            }
        }
    }
    // Missing, unreadable, outdated or failing to refresh: build it all again.
    let (engine, report) = rebuild(roots, &dir, canonical, &files, fingerprint)?;
    let live = engine_dir_name(&report);
    cleanup(&dir, &live, previous.as_deref());
    Ok((engine, finish(roots, report, started, &dir)))
}

/// What a warm open checks the knowledge files against later: the scan fingerprint the
/// manifest recorded when the live index was written, and the folders as the last full
/// look saw them (a [`Stamp`], when there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    scan: u64,
    dir: PathBuf,
    stamp: Option<Stamp>,
}

/// The stamp's file name inside an index folder.
pub const STAMP: &str = "folders.json";

/// How long after a full look the quick one ([`Snapshot::quick`]) may stand in for it.
/// Past it, the next check looks at every file again.
pub const FULL_LOOK_EVERY: Duration = Duration::from_secs(60);

/// A file or folder modified this close to a full look may have changed during it
/// (file systems keep coarse times): it does not count as unchanged.
const RACY: Duration = Duration::from_secs(2);

/// Every folder of the knowledge roots with its modification time, as a full look that
/// found the files unchanged saw them (`folders.json` beside the manifest; only a
/// hint: a missing or unreadable stamp means a full look).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The manifest's `scan` this stamp vouches for.
    scan: u64,
    /// When that full look began, nanoseconds since the Unix epoch.
    at: u64,
    /// (root index, folder below the root, modification time in nanoseconds).
    folders: Vec<(usize, String, Option<u64>)>,
}

impl Snapshot {
    /// True when the knowledge files still give the recorded scan: none added, removed
    /// or touched (one `stat` per file and folder, no file is read, no list is kept).
    /// Any thread may run it, while the engine of [`open_warm`] answers. When nothing
    /// changed it leaves a [`Stamp`] for [`Snapshot::quick`].
    pub fn unchanged(&self, roots: &[Root]) -> anyhow::Result<bool> {
        let at = SystemTime::now();
        let (mut files, mut sum) = (0, 0u64);
        let mut folders = Vec::new();
        for (i, root) in roots.iter().enumerate() {
            let part =
                loader::sum_files(root, |f| file_hash(i, f.folder, f.name, f.size, f.modified));
            match part {
                Ok(Some(part)) => {
                    files += part.files;
                    sum = sum.wrapping_add(part.sum);
                    folders.extend(
                        part.folders
                            .into_iter()
                            .map(|(rel, t)| (i, rel, mtime_ns(t))),
                    );
                }
                // Links (only the full scan follows them) or an unreadable folder.
                Ok(None) | Err(_) => return Ok(scan_fingerprint(&scan_all(roots)?) == self.scan),
            }
        }
        let unchanged = fingerprint_of(files, sum) == self.scan;
        if unchanged && let Some(at) = mtime_ns(Some(at)) {
            write_stamp(
                &self.dir,
                &Stamp {
                    scan: self.scan,
                    at,
                    folders,
                },
            );
        }
        Ok(unchanged)
    }

    /// The cheap look `apunte search` takes instead of [`Snapshot::unchanged`]: true
    /// when the last full look was less than [`FULL_LOOK_EVERY`] ago, no folder has
    /// changed since (no file added, removed or renamed, nor saved by writing a new
    /// file over the old one) and none of `files` (the hits shown) was written since.
    /// One `stat` per folder and per file given. False means "look fully".
    pub fn quick(&self, roots: &[Root], files: &[PathBuf], now: SystemTime) -> bool {
        let Some(stamp) = self.stamp.as_ref().filter(|s| s.scan == self.scan) else {
            return false;
        };
        let (Some(now), Ok(every), Ok(racy)) = (
            mtime_ns(Some(now)),
            u64::try_from(FULL_LOOK_EVERY.as_nanos()),
            u64::try_from(RACY.as_nanos()),
        ) else {
            return false;
        };
        if now < stamp.at || now - stamp.at > every {
            return false;
        }
        let settled = |t: Option<u64>| t.is_some_and(|t| t.saturating_add(racy) < stamp.at);
        let modified = |p: &Path| mtime_ns(fs::metadata(p).and_then(|m| m.modified()).ok());
        stamp.folders.iter().all(|(root, rel, t)| {
            settled(*t)
                && roots
                    .get(*root)
                    .is_some_and(|r| modified(&r.dir.join(rel)) == *t)
        }) && files.iter().all(|f| settled(modified(f)))
    }
}

fn read_stamp(dir: &Path) -> Option<Stamp> {
    serde_json::from_slice(&fs::read(dir.join(STAMP)).ok()?).ok()
}

/// Writes the stamp (temp file and rename, not synced: it is a hint, and a stamp lost
/// in a crash only costs one full look).
fn write_stamp(dir: &Path, folders: &Stamp) {
    let Ok(json) = serde_json::to_vec(folders) else {
        return;
    };
    let tmp = dir.join(format!("{STAMP}.{}.tmp", stamp()));
    if fs::write(&tmp, json)
        .and_then(|()| fs::rename(&tmp, dir.join(STAMP)))
        .is_err()
    {
        let _ = fs::remove_file(&tmp);
    }
}

/// Opens the live index the manifest points to without looking at the knowledge files:
/// the manifest's first line and the index, nothing more. `None` when there is no
/// usable index (none yet, another schema or format, other roots, an index that does
/// not open or does not hold the manifest's articles): [`open`] builds or repairs it.
/// The answer may be stale: check the [`Snapshot`] off the answer path and [`open`]
/// again (a refresh) when it says something changed.
///
/// `access` says how the index files are read: mapped (a long-lived process that
/// searches again and again) or read with `pread` (one search: only the bytes it needs
/// are copied, see [`super::reads`]).
pub fn open_warm(
    roots: &[Root],
    cache_dir: &Path,
    access: Access,
) -> Option<(Engine, IndexReport, Snapshot)> {
    let started = Instant::now();
    let dir = index_dir(roots, cache_dir);
    let head = read_manifest_head(&dir)?;
    if head.schema_version != SCHEMA_VERSION
        || head.format != FORMAT
        || head.roots != canonical_roots(roots)
    {
        return None;
    }
    let scan = head.scan?;
    let (index, fields) = open_live(&dir, &head.index, head.articles, access)?;
    let engine = Engine::from_index(index, fields).ok()?;
    let report = IndexReport {
        articles: head.articles,
        diagnostics: head.diagnostics.iter().map(Diagnostic::from).collect(),
        ..IndexReport::default()
    };
    Some((
        engine,
        finish(roots, report, started, &dir),
        Snapshot {
            scan,
            stamp: read_stamp(&dir),
            dir,
        },
    ))
}

/// The live index folder a rebuild made (its report carries it until `finish`).
fn engine_dir_name(report: &IndexReport) -> String {
    report
        .index_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn finish(roots: &[Root], mut report: IndexReport, started: Instant, dir: &Path) -> IndexReport {
    // Problems in the roots' own settings come first (they are not in the manifest).
    let mut diagnostics: Vec<Diagnostic> = roots
        .iter()
        .flat_map(|r| r.problems.iter().cloned())
        .collect();
    diagnostics.append(&mut report.diagnostics);
    report.diagnostics = diagnostics;
    report.elapsed = started.elapsed();
    report.index_dir = dir.to_path_buf();
    report
}

/// The live index `name`, if it opens and holds `articles` documents (a segment that
/// does not open fails the engine's reader later, which rebuilds the same way).
fn open_live(dir: &Path, name: &str, articles: usize, access: Access) -> Option<(Index, Fields)> {
    if name.is_empty() || name.contains(['/', '\\']) {
        return None;
    }
    let path = dir.join(name);
    let index = match access {
        Access::Mapped => Index::open_in_dir(&path).ok()?,
        Access::Read => Index::open(super::reads::ReadDirectory::open(&path).ok()?).ok()?,
    };
    analysis::register(&index);
    let fields = Fields::matching(&index.schema())?;
    // The count from the index's meta file (already read): the segments themselves are
    // opened once, by the engine's reader.
    let docs: u64 = index
        .searchable_segment_metas()
        .ok()?
        .iter()
        .map(|m| u64::from(m.num_docs()))
        .sum();
    if usize::try_from(docs).ok()? != articles {
        return None;
    }
    Some((index, fields))
}

/// How an opened index's files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Mapped into memory (tantivy's default): for processes that search many times.
    Mapped,
    /// Read with `pread`, only the bytes a search asks for: for one search.
    Read,
}

enum Refreshed {
    Done(Box<(Engine, IndexReport)>),
    NeedsRebuild,
}

/// Applies the differences between the manifest and the files on disk.
fn refresh(
    roots: &[Root],
    dir: &Path,
    mut manifest: Manifest,
    (index, fields): (Index, Fields),
    files: &[(usize, FileEntry)],
    fingerprint: u64,
) -> anyhow::Result<Refreshed> {
    let known: HashMap<(usize, &str), usize> = manifest
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.root, f.rel_path.as_str()), i))
        .collect();
    let mut changed: Vec<(usize, &FileEntry, Option<usize>)> = Vec::new();
    let mut present = vec![false; manifest.files.len()];
    for (root, e) in files {
        match known.get(&(*root, e.rel_path.as_str())) {
            Some(&i) => {
                present[i] = true;
                let f = &manifest.files[i];
                if f.size != e.size || f.mtime_ns != mtime_ns(e.modified) {
                    changed.push((*root, e, Some(i)));
                }
            }
            None => changed.push((*root, e, None)),
        }
    }
    drop(known);
    let removed: Vec<usize> = (0..manifest.files.len()).filter(|i| !present[*i]).collect();
    let articles = manifest.files.iter().filter(|f| f.id.is_some()).count();
    if changed.is_empty() && removed.is_empty() {
        // Same files (the fingerprint differed only by the manifest's age or format):
        // write it again so the next warm open takes the fast path.
        let diags = diagnostics(&manifest);
        if manifest.scan != Some(fingerprint) {
            manifest.scan = Some(fingerprint);
            let _ = write_manifest(dir, &manifest);
        }
        return as_is(index, fields, articles, diags);
    }
    // Duplicate ids depend on every file: when one is involved, rebuild everything.
    if manifest.files.iter().any(|f| f.duplicate) {
        return Ok(Refreshed::NeedsRebuild);
    }
    let touched: HashSet<usize> = changed
        .iter()
        .filter_map(|(_, _, i)| *i)
        .chain(removed.iter().copied())
        .collect();
    let mut ids: HashSet<&str> = manifest
        .files
        .iter()
        .enumerate()
        .filter(|(i, _)| !touched.contains(i))
        .filter_map(|(_, f)| f.id.as_deref())
        .collect();
    let jobs: Vec<(usize, &FileEntry)> = changed.iter().map(|(root, e, _)| (*root, *e)).collect();
    let mut parsed: Vec<Prepared> = Vec::with_capacity(jobs.len());
    prepare_all(roots, &fields, &jobs, |_, p| {
        parsed.push(p);
        Ok(())
    })?;
    for p in &parsed {
        if let Some(id) = &p.id
            && !ids.insert(id)
        {
            return Ok(Refreshed::NeedsRebuild);
        }
    }
    drop(ids);
    let Some(mut writer) = writer_with_retry(&index) else {
        // Another apunte is writing this index right now: serve what is there.
        let diags = diagnostics(&manifest);
        return as_is(index, fields, articles, diags);
    };
    let mut report = IndexReport::default();
    for &i in &removed {
        let f = &manifest.files[i];
        writer.delete_term(Term::from_field_text(
            fields.file,
            &file_key(f.root, &f.rel_path),
        ));
        report.removed += usize::from(f.id.is_some());
    }
    let mut records = Vec::with_capacity(parsed.len());
    for ((root, e, i), p) in changed.iter().zip(parsed) {
        let key = file_key(*root, &e.rel_path);
        let old_id = i.and_then(|i| manifest.files[i].id.clone());
        let was_article = old_id.is_some();
        // An article whose edit broke it stays searchable as it was until it is fixed
        // (its problems are reported with the file's line).
        if was_article && p.doc.is_none() {
            let mut kept = record(*root, e, &p);
            kept.id = old_id;
            records.push(kept);
            continue;
        }
        if i.is_some() {
            writer.delete_term(Term::from_field_text(fields.file, &key));
        }
        records.push(record(*root, e, &p));
        if let Some(doc) = p.doc {
            writer.add_document(doc)?;
            if was_article {
                report.updated += 1;
            } else {
                report.added += 1;
            }
        }
    }
    writer
        .commit()
        .with_context(|| format!("cannot update the search index in {}", dir.display()))?;
    writer.wait_merging_threads().ok();
    // The new manifest: unchanged files, then changed and added ones, in scan order.
    let mut next: HashMap<(usize, String), FileRecord> = manifest
        .files
        .drain(..)
        .enumerate()
        .filter(|(i, _)| !touched.contains(i))
        .map(|(_, f)| ((f.root, f.rel_path.clone()), f))
        .collect();
    for r in records {
        next.insert((r.root, r.rel_path.clone()), r);
    }
    manifest.files = files
        .iter()
        .filter_map(|(root, e)| next.remove(&(*root, e.rel_path.clone())))
        .collect();
    manifest.scan = Some(fingerprint);
    write_manifest(dir, &manifest)?;
    let engine = Engine::from_index(index, fields)?;
    report.articles = engine.len();
    report.diagnostics = diagnostics(&manifest);
    Ok(Refreshed::Done(Box::new((engine, report))))
}

fn writer_with_retry(index: &Index) -> Option<IndexWriter> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        match index.writer(WRITER_MEMORY) {
            Ok(w) => return Some(w),
            Err(tantivy::TantivyError::LockFailure(..)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(_) => return None,
        }
    }
}

/// Memory of each indexing thread of a full build: a segment is written each time a
/// thread's buffer fills, so this bounds a build's memory (merges join the segments
/// at the end).
const BUILD_MEMORY_PER_THREAD: usize = 20_000_000;

/// A base of up to this many files is built with [`SMALL_BUILD_MEMORY_PER_THREAD`]:
/// each thread then holds its share in one buffer and writes one segment, so the
/// index has as few segments as threads (every search walks each segment's term
/// dictionary and sets up scorers per segment) without a merge.
const SMALL_BUILD_FILES: usize = 20_000;
/// About 12 KB of buffer per article, for half of [`SMALL_BUILD_FILES`] per thread.
const SMALL_BUILD_MEMORY_PER_THREAD: usize = 128_000_000;

/// Most segments a full build leaves: prefix and typo expansion walk every segment's
/// term dictionary, so a search gets slower with each one. Fewer than the 8 segments of
/// one size that make tantivy's log merge policy merge them: otherwise the first
/// refresh after a build would merge the whole index (5.5 s and 314 MB at 100k).
const BUILD_SEGMENTS: usize = 6;

/// Merges of a full build run at once: two, so that both cores work during the final
/// merges (each holds only the bytes it copies: the segments are read, not mapped).
const BUILD_MERGES: usize = 2;

/// Documents of a full build handed to the writer and not yet taken in by one of its
/// indexing threads. The writer's own queue holds up to 10,000, a few KB each (the body
/// twice and the stored copy): when its threads fall behind the parsing (a busy
/// machine), that queue alone held about 100 MB at 100k articles. This bound keeps it
/// to a few MB and the threads still never wait for work.
const BUILD_QUEUED: usize = 256;

/// A place in the build's queue ([`BUILD_QUEUED`]): taken before a document goes to the
/// writer, given back when an indexing thread drops the document (it drops each one as
/// soon as it is indexed).
struct Slot(Option<crossbeam_channel::Receiver<()>>);

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(rx) = &self.0 {
            let _ = rx.try_recv();
        }
    }
}

/// The places of [`BUILD_QUEUED`]: a bounded channel holding one item per document in
/// the writer's queue.
struct Slots {
    tx: crossbeam_channel::Sender<()>,
    rx: crossbeam_channel::Receiver<()>,
}

impl Slots {
    fn new(n: usize) -> Slots {
        let (tx, rx) = crossbeam_channel::bounded(n);
        Slots { tx, rx }
    }

    /// Waits for a free place. Should the writer's threads stop taking documents (an
    /// error in one of them), it gives up waiting after a while so that the writer can
    /// report that error instead of the build hanging.
    fn take(&self) -> Slot {
        match self.tx.send_timeout((), Duration::from_secs(10)) {
            Ok(()) => Slot(Some(self.rx.clone())),
            Err(_) => Slot(None),
        }
    }

    /// Documents in the writer's queue now.
    #[cfg(test)]
    fn queued(&self) -> usize {
        self.tx.len()
    }
}

/// A document of a full build with its place in the queue.
struct Queued {
    doc: TantivyDocument,
    _slot: Slot,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> TantivyDocument {
        self.doc
    }
}

/// The writer of a full build: one indexing thread per core (at most 2: the parsing
/// threads need the others), no merges while documents come in ([`merge_segments`]
/// does them once at the end), [`BUILD_MERGES`] merge threads.
fn build_writer(index: &Index, files: usize) -> tantivy::Result<IndexWriter<Queued>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let options = IndexWriterOptions::builder()
        .num_worker_threads(cores.clamp(1, 2))
        .memory_budget_per_thread(if files <= SMALL_BUILD_FILES {
            SMALL_BUILD_MEMORY_PER_THREAD
        } else {
            BUILD_MEMORY_PER_THREAD
        })
        .num_merge_threads(BUILD_MERGES)
        .build();
    let writer = index.writer_with_options(options)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    Ok(writer)
}

/// Merges a fresh build's segments down to [`BUILD_SEGMENTS`] of about equal size,
/// [`BUILD_MERGES`] merges at a time: every document is merged once (tantivy's log merge
/// policy merges some twice), and a merge reads only its own inputs (a sixth of the
/// index), where merging everything at once would hold the whole index in memory.
fn merge_segments<D: Document>(index: &Index, writer: &mut IndexWriter<D>) -> anyhow::Result<()> {
    let metas = index.searchable_segment_metas()?;
    if metas.len() <= BUILD_SEGMENTS {
        return Ok(());
    }
    let total: u64 = metas.iter().map(|m| u64::from(m.num_docs())).sum();
    let per_group = total.div_ceil(BUILD_SEGMENTS as u64);
    let mut group = Vec::new();
    let mut docs = 0;
    // Up to BUILD_MERGES merges run at once (one per merge thread); the oldest is
    // waited for before another starts.
    let mut running: std::collections::VecDeque<tantivy::FutureResult<_>> =
        std::collections::VecDeque::new();
    for (i, meta) in metas.iter().enumerate() {
        group.push(meta.id());
        docs += u64::from(meta.num_docs());
        if docs >= per_group || i + 1 == metas.len() {
            if group.len() > 1 {
                if running.len() >= BUILD_MERGES
                    && let Some(oldest) = running.pop_front()
                {
                    oldest.wait()?;
                }
                running.push_back(writer.merge(&group));
            }
            group.clear();
            docs = 0;
        }
    }
    for merge in running {
        merge.wait()?;
    }
    Ok(())
}

/// Builds the whole index into a new folder, then points the manifest at it.
fn rebuild(
    roots: &[Root],
    dir: &Path,
    canonical: Vec<String>,
    files: &[(usize, FileEntry)],
    fingerprint: u64,
) -> anyhow::Result<(Engine, IndexReport)> {
    let name = stamp();
    let tmp = dir.join(format!("tmp-{name}"));
    let live = dir.join(format!("gen-{name}"));
    fs::create_dir_all(&tmp)
        .with_context(|| format!("cannot create the index folder {}", tmp.display()))?;
    let fields = Fields::build();
    let built = (|| -> anyhow::Result<Manifest> {
        // Read with `pread`, not mapped (`reads.rs`): a merge reads each of its inputs
        // whole, and a mapping keeps every page it touched in the process's memory until
        // the merge ends (about 50 MB for each sixth of the index at 100k); reads hold one
        // window of each file being merged. Writes go to the same files either way.
        let index = Index::create(
            super::reads::ReadDirectory::sequential(&tmp)?,
            fields.schema.clone(),
            tantivy::IndexSettings::default(),
        )?;
        analysis::register(&index);
        let mut writer = build_writer(&index, files.len())?;
        let slots = Slots::new(BUILD_QUEUED);
        let mut records: Vec<FileRecord> = Vec::with_capacity(files.len());
        // Who has each id: the first file with it (the one rule of the loader).
        let mut owners = IdOwners::with_capacity(files.len());
        let jobs: Vec<(usize, &FileEntry)> = files.iter().map(|(r, e)| (*r, e)).collect();
        prepare_all(roots, &fields, &jobs, |i, p| {
            let (root, e) = &files[i];
            let mut rec = record(*root, e, &p);
            if let (Some(id), Some(doc)) = (&p.id, p.doc) {
                let first = owners.claim(id, records.len(), |j| {
                    records[j].id.as_deref() == Some(id.as_str())
                });
                if let Some(j) = first {
                    let owner = &records[j];
                    rec.id = None;
                    rec.duplicate = true;
                    rec.diagnostics
                        .push(DiagnosticRecord::from(&loader::duplicate_id(
                            &roots[*root].path_of(&e.rel_path),
                            id,
                            &roots[owner.root].path_of(&owner.rel_path),
                        )));
                } else {
                    let _slot = slots.take();
                    writer.add_document(Queued { doc, _slot })?;
                }
            }
            records.push(rec);
            Ok(())
        })?;
        drop((owners, jobs));
        writer.commit()?;
        merge_segments(&index, &mut writer)?;
        // The merged segments' files are not needed any more: without this they stay
        // on disk beside the merged ones (twice the index at 100k).
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
        Ok(Manifest {
            schema_version: SCHEMA_VERSION,
            format: FORMAT.to_string(),
            roots: canonical,
            index: format!("gen-{name}"),
            scan: Some(fingerprint),
            articles: 0,
            diagnostics: Vec::new(),
            records: None,
            files: records,
        })
    })();
    let manifest = match built {
        Ok(m) => m,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e.context(format!(
                "cannot build the search index in {}",
                dir.display()
            )));
        }
    };
    fs::rename(&tmp, &live)
        .with_context(|| format!("cannot move the new index {} into place", tmp.display()))?;
    write_manifest(dir, &manifest)?;
    let index = Index::open_in_dir(&live)
        .with_context(|| format!("cannot open the new index {}", live.display()))?;
    analysis::register(&index);
    let engine = Engine::from_index(index, fields)?;
    let report = IndexReport {
        articles: engine.len(),
        added: engine.len(),
        rebuilt: true,
        diagnostics: diagnostics(&manifest),
        index_dir: live,
        ..IndexReport::default()
    };
    Ok((engine, report))
}

/// Removes what earlier runs left: the previous generation, and build folders and
/// unreferenced generations old enough that no running build can own them.
/// `current` is the live index folder.
fn cleanup(dir: &Path, current: &str, previous: Option<&str>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == current {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .unwrap_or_default();
        let stale = if Some(name.as_str()) == previous {
            true
        } else if name.starts_with("gen-") {
            age > Duration::from_secs(60)
        } else if name.starts_with("tmp-") {
            age > Duration::from_secs(3600)
        } else if name.starts_with(MANIFEST) && name.ends_with(".tmp") {
            age > Duration::from_secs(60)
        } else {
            false
        };
        if stale {
            let path = entry.path();
            if path.is_dir() {
                let _ = fs::remove_dir_all(&path);
            } else {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    /// A full build's writer gives each document's place back once it has indexed it:
    /// thousands of documents go through a queue of a few places without waiting for
    /// one in vain, none is left queued after the commit, and every document is in the
    /// index.
    #[test]
    fn the_build_queue_is_bounded_and_drains() {
        let fields = Fields::build();
        let index = Index::create_in_ram(fields.schema.clone());
        analysis::register(&index);
        let mut writer = build_writer(&index, SMALL_BUILD_FILES + 1).unwrap();
        let slots = Slots::new(4);
        let n = 3_000;
        let mut most = 0;
        for i in 0..n {
            let a = crate::search::tests::article(
                &format!("cat/a{i}"),
                Lang::Es,
                &format!("Artículo {i}"),
                &[],
                "cargo duplicado en la factura del mes",
            );
            let slot = slots.take();
            assert!(slot.0.is_some(), "document {i} waited for a place in vain");
            most = most.max(slots.queued());
            writer
                .add_document(Queued {
                    doc: fields.document(&a, &format!("0:{i}")),
                    _slot: slot,
                })
                .unwrap();
        }
        writer.commit().unwrap();
        assert!(most <= 4, "{most} documents queued");
        assert_eq!(slots.queued(), 0, "every place was given back");
        merge_segments(&index, &mut writer).unwrap();
        writer.wait_merging_threads().unwrap();
        let reader = index.reader().unwrap();
        reader.reload().unwrap();
        assert_eq!(reader.searcher().num_docs(), n);
    }
}
