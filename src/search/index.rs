//! The index on disk: one folder per set of knowledge roots, a manifest, incremental
//! refresh and crash recovery.
//!
//! ```text
//! cache_dir/index/<hash of the canonical root dirs>/
//!   manifest.json     schema version, format, roots, per file: size, mtime, id, problems
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
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexWriter, Term};

use super::schema::{FORMAT, Fields, SCHEMA_VERSION};
use super::{Engine, IndexReport, WRITER_MEMORY, analysis};
use crate::knowledge::loader::{self, FileEntry, Parsed};
use crate::knowledge::{Diagnostic, Root, Severity};

/// The manifest's file name inside an index folder.
pub const MANIFEST: &str = "manifest.json";

/// What the index folder holds, as recorded after the last successful build or refresh.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    pub format: String,
    /// Canonical root folders, in order.
    pub roots: Vec<String>,
    /// The live index folder's name.
    pub index: String,
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

fn canonical_roots(roots: &[Root]) -> Vec<String> {
    roots
        .iter()
        .map(|r| {
            fs::canonicalize(&r.dir)
                .unwrap_or_else(|_| r.dir.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
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
    let bytes = fs::read(dir.join(MANIFEST)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Writes the manifest atomically: temp file, sync, rename.
fn write_manifest(dir: &Path, m: &Manifest) -> anyhow::Result<()> {
    let tmp = dir.join(format!("{MANIFEST}.{}.tmp", stamp()));
    let json = serde_json::to_vec_pretty(m)?;
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
        let entries = loader::scan(root).with_context(|| {
            format!(
                "cannot list the knowledge folder {}: check it exists and is readable",
                root.dir.display()
            )
        })?;
        out.extend(entries.into_iter().map(|e| (i, e)));
    }
    Ok(out)
}

fn record(root: usize, e: &FileEntry, parsed: &Parsed) -> FileRecord {
    FileRecord {
        root,
        rel_path: e.rel_path.clone(),
        size: e.size,
        mtime_ns: mtime_ns(e.modified),
        id: parsed.article.as_ref().map(|a| a.id.clone()),
        duplicate: false,
        diagnostics: parsed.diagnostics.iter().map(Into::into).collect(),
    }
}

/// The index served as it is on disk, with the problems the manifest remembers.
fn as_is(
    index: Index,
    fields: Fields,
    articles: usize,
    manifest: &Manifest,
) -> anyhow::Result<Refreshed> {
    let report = IndexReport {
        articles,
        diagnostics: diagnostics(manifest),
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
    let canonical = canonical_roots(roots);
    let manifest = read_manifest(&dir).filter(|m| {
        m.schema_version == SCHEMA_VERSION && m.format == FORMAT && m.roots == canonical
    });
    let live_name = manifest.as_ref().map(|m| m.index.clone());
    if let Some(manifest) = manifest
        && let Some(live) = open_live(&dir, &manifest)
        && let Ok(Refreshed::Done(done)) = refresh(roots, &dir, manifest, live, &files)
    {
        let (engine, report) = *done;
        cleanup(&dir, live_name, None);
        return Ok((engine, finish(report, started, &dir)));
    }
    // Missing, unreadable, outdated or failing to refresh: build it all again.
    let previous = read_manifest(&dir).map(|m| m.index);
    let (engine, report) = rebuild(roots, &dir, canonical, &files)?;
    cleanup(&dir, None, previous.as_deref());
    Ok((engine, finish(report, started, &dir)))
}

fn finish(mut report: IndexReport, started: Instant, dir: &Path) -> IndexReport {
    report.elapsed = started.elapsed();
    report.index_dir = dir.to_path_buf();
    report
}

/// The live index, if it opens and agrees with the manifest.
fn open_live(dir: &Path, manifest: &Manifest) -> Option<(Index, Fields)> {
    if manifest.index.is_empty() || manifest.index.contains(['/', '\\']) {
        return None;
    }
    let path = dir.join(&manifest.index);
    let index = Index::open_in_dir(&path).ok()?;
    analysis::register(&index);
    let fields = Fields::matching(&index.schema())?;
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .ok()?;
    let expected = manifest.files.iter().filter(|f| f.id.is_some()).count();
    if usize::try_from(reader.searcher().num_docs()).ok()? != expected {
        return None;
    }
    Some((index, fields))
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
) -> anyhow::Result<Refreshed> {
    let known: HashMap<(usize, &str), usize> = manifest
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.root, f.rel_path.as_str()), i))
        .collect();
    let mut changed: Vec<(usize, &FileEntry, Option<usize>)> = Vec::new();
    let mut present = HashSet::new();
    for (root, e) in files {
        match known.get(&(*root, e.rel_path.as_str())) {
            Some(&i) => {
                present.insert(i);
                let f = &manifest.files[i];
                if f.size != e.size || f.mtime_ns != mtime_ns(e.modified) {
                    changed.push((*root, e, Some(i)));
                }
            }
            None => changed.push((*root, e, None)),
        }
    }
    let removed: Vec<usize> = (0..manifest.files.len())
        .filter(|i| !present.contains(i))
        .collect();
    let articles = manifest.files.iter().filter(|f| f.id.is_some()).count();
    if changed.is_empty() && removed.is_empty() {
        return as_is(index, fields, articles, &manifest);
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
    let mut ids: HashSet<String> = manifest
        .files
        .iter()
        .enumerate()
        .filter(|(i, _)| !touched.contains(i))
        .filter_map(|(_, f)| f.id.clone())
        .collect();
    let mut parsed = Vec::new();
    for (root, e, i) in &changed {
        let p = loader::parse_file(&roots[*root], &e.rel_path);
        if let Some(a) = &p.article
            && !ids.insert(a.id.clone())
        {
            return Ok(Refreshed::NeedsRebuild);
        }
        parsed.push((*root, *e, *i, p));
    }
    let Some(mut writer) = writer_with_retry(&index) else {
        // Another apunte is writing this index right now: serve what is there.
        return as_is(index, fields, articles, &manifest);
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
    for (root, e, i, p) in &parsed {
        let key = file_key(*root, &e.rel_path);
        if i.is_some() {
            writer.delete_term(Term::from_field_text(fields.file, &key));
        }
        if let Some(a) = &p.article {
            writer.add_document(fields.document(a, &key))?;
            match i {
                Some(i) if manifest.files[*i].id.is_some() => report.updated += 1,
                _ => report.added += 1,
            }
        } else if let Some(i) = i
            && manifest.files[*i].id.is_some()
        {
            report.removed += 1;
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
    for (root, e, _, p) in &parsed {
        next.insert((*root, e.rel_path.clone()), record(*root, e, p));
    }
    manifest.files = files
        .iter()
        .filter_map(|(root, e)| next.remove(&(*root, e.rel_path.clone())))
        .collect();
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

/// Builds the whole index into a new folder, then points the manifest at it.
fn rebuild(
    roots: &[Root],
    dir: &Path,
    canonical: Vec<String>,
    files: &[(usize, FileEntry)],
) -> anyhow::Result<(Engine, IndexReport)> {
    let name = stamp();
    let tmp = dir.join(format!("tmp-{name}"));
    let live = dir.join(format!("gen-{name}"));
    fs::create_dir_all(&tmp)
        .with_context(|| format!("cannot create the index folder {}", tmp.display()))?;
    let fields = Fields::build();
    let built = (|| -> anyhow::Result<Manifest> {
        let index = Index::create_in_dir(&tmp, fields.schema.clone())?;
        analysis::register(&index);
        let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
        let mut owners: HashMap<String, PathBuf> = HashMap::new();
        let mut records = Vec::with_capacity(files.len());
        for (root, e) in files {
            let p = loader::parse_file(&roots[*root], &e.rel_path);
            let mut rec = record(*root, e, &p);
            if let Some(a) = &p.article {
                if let Some(first) = owners.get(&a.id) {
                    rec.id = None;
                    rec.duplicate = true;
                    rec.diagnostics.push(DiagnosticRecord {
                        path: a.path.clone(),
                        line: 0,
                        error: true,
                        message: format!(
                            "duplicate id `{}`: {} already uses it; this file is not indexed (give it another `id` or rename it)",
                            a.id,
                            first.display()
                        ),
                    });
                } else {
                    owners.insert(a.id.clone(), a.path.clone());
                    writer.add_document(fields.document(a, &file_key(*root, &e.rel_path)))?;
                }
            }
            records.push(rec);
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(Manifest {
            schema_version: SCHEMA_VERSION,
            format: FORMAT.to_string(),
            roots: canonical,
            index: format!("gen-{name}"),
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
        ..IndexReport::default()
    };
    Ok((engine, report))
}

/// Removes what earlier runs left: the previous generation, and build folders and
/// unreferenced generations old enough that no running build can own them.
/// `current` is the live index folder when the caller knows it (no second read of a
/// manifest that can be tens of megabytes); otherwise the manifest says.
fn cleanup(dir: &Path, current: Option<String>, previous: Option<&str>) {
    let current = current
        .or_else(|| read_manifest(dir).map(|m| m.index))
        .unwrap_or_default();
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
