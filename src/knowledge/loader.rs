//! Finding knowledge roots' files and loading them into articles.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::frontmatter::{self, Format};
use super::markdown;
use super::replies::Reply;
pub use super::root::{ROOT_CONFIG, Root, RootSource};
use super::{Article, Diagnostic, Lang, Severity};

/// One Markdown file found under a root, with what the index manifest compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Path below the root, `/` separators.
    pub rel_path: String,
    pub size: u64,
    pub modified: Option<SystemTime>,
}

/// The outcome of parsing one file: the article (unless an error made it unusable) and
/// every finding (errors and warnings) with its line.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub article: Option<Article>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything loaded from a set of roots.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    pub roots: Vec<Root>,
    pub articles: Vec<Article>,
    pub diagnostics: Vec<Diagnostic>,
    /// Quick replies from every root's `replies.toml`.
    pub replies: Vec<Reply>,
}

impl KnowledgeBase {
    /// Number of error diagnostics.
    pub fn errors(&self) -> usize {
        count(&self.diagnostics, Severity::Error)
    }

    /// Number of warning diagnostics.
    pub fn warnings(&self) -> usize {
        count(&self.diagnostics, Severity::Warning)
    }
}

fn count(d: &[Diagnostic], s: Severity) -> usize {
    d.iter().filter(|d| d.severity == s).count()
}

/// True for names apunte reads as articles (`.md`, `.markdown`, any case).
pub fn is_markdown(name: &str) -> bool {
    let b = name.as_bytes();
    let ends_with = |ext: &str| {
        b.len() > ext.len() && b[b.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
    };
    ends_with(".md") || ends_with(".markdown")
}

/// Markdown files that are not articles: a `README.md` at the top of the root (notes for
/// the editors) and Hugo's `_index.md` section pages.
fn not_an_article(prefix: &str, name: &str) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.eq_ignore_ascii_case("_index")
        || (prefix.is_empty() && stem.eq_ignore_ascii_case("readme"))
}

/// Deepest folder nesting followed.
const MAX_DEPTH: usize = 32;

/// A Markdown file found by the walk; `target` is its real path when a symbolic link
/// led to it (itself, or a linked folder above it).
struct Found {
    entry: FileEntry,
    target: Option<PathBuf>,
}

/// What the walk of one root knows: its real path, whether links may lead out of it,
/// and the linked folders already followed (each real folder is walked at most once).
struct Walk<'a> {
    root: &'a Path,
    outside: bool,
    followed: std::collections::HashSet<PathBuf>,
    /// What was skipped and why (an unreadable folder, a name that is not UTF-8).
    problems: Vec<Diagnostic>,
}

impl Walk<'_> {
    /// Where a symbolic link leads, when it may be followed: a target that cannot be
    /// resolved (dangling, a loop) is skipped, and so is one outside the root unless
    /// the user's config allows it.
    fn target(&self, link: &Path) -> Option<PathBuf> {
        let target = std::fs::canonicalize(link).ok()?;
        (self.outside || target.starts_with(self.root)).then_some(target)
    }

    /// Reports `path` as skipped.
    fn skipped(&mut self, path: &Path, message: String) {
        self.problems.push(Diagnostic {
            path: path.to_path_buf(),
            line: 0,
            severity: Severity::Warning,
            message,
        });
    }

    /// The folder's entries; an unreadable one is reported and skipped.
    fn read_dir(&mut self, path: &Path) -> Option<std::fs::ReadDir> {
        match std::fs::read_dir(path) {
            Ok(entries) => Some(entries),
            Err(e) => {
                self.skipped(path, format!("cannot read the folder, skipped: {e}"));
                None
            }
        }
    }
}

/// Lists the Markdown files (`.md`, `.markdown`) under a root, sorted, skipping hidden
/// folders and files, a top-level `README.md` and Hugo `_index.md` pages. Cheap: stats
/// only, reads no file. The top-level folders are walked on a few threads (a warm open
/// of a large base is mostly this: one `stat` per file).
///
/// Symbolic links are followed at most once per target: a linked folder inside the
/// root is already walked under its own name (so it is skipped), a folder or file is
/// taken once whatever the number of links to it (the first path in order wins), and
/// a link out of the root (`x.md → /etc/passwd`) is skipped unless the user's config
/// says `follow_symlinks_outside = true`.
pub fn scan(root: &Root) -> std::io::Result<Vec<FileEntry>> {
    scan_reporting(root).map(|(files, _)| files)
}

/// [`scan`], with what it skipped and why: unreadable folders, and files or folders
/// whose name is not UTF-8 (each with its path).
pub fn scan_reporting(root: &Root) -> std::io::Result<(Vec<FileEntry>, Vec<Diagnostic>)> {
    let mut out = Vec::new();
    // The root itself must be readable; unreadable subfolders are skipped.
    let top = std::fs::read_dir(&root.dir)?;
    let real = std::fs::canonicalize(&root.dir)?;
    let walk_state = || Walk {
        root: &real,
        outside: root.follow_outside,
        followed: std::collections::HashSet::new(),
        problems: Vec::new(),
    };
    let mut folders = Vec::new();
    let mut top_walk = walk_state();
    walk(
        &mut top_walk,
        top,
        "",
        None,
        0,
        &mut out,
        Some(&mut folders),
    );
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
        .min(folders.len());
    if threads <= 1 {
        for (path, rel, via) in &folders {
            walk_folder(&mut top_walk, path, rel, via.as_deref(), &mut out);
        }
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let parts: Vec<(Vec<Found>, Vec<Diagnostic>)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut part = Vec::new();
                        let mut w = walk_state();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((path, rel, via)) = folders.get(i) else {
                                return (part, w.problems);
                            };
                            walk_folder(&mut w, path, rel, via.as_deref(), &mut part);
                        }
                    })
                })
                .collect();
            // A walker cannot panic (every error is skipped); if one did, its folders
            // are missing from this scan and the next one finds them.
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (part, problems) in parts {
            out.extend(part);
            top_walk.problems.extend(problems);
        }
    }
    let mut problems = top_walk.problems;
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    out.sort_by(|a, b| a.entry.rel_path.cmp(&b.entry.rel_path));
    // One entry per real file: a file reached through links is dropped when the walk
    // found it under its own path, or through an earlier link.
    let own: std::collections::HashSet<PathBuf> = out
        .iter()
        .filter(|f| f.target.is_none())
        .map(|f| real.join(&f.entry.rel_path))
        .collect();
    let mut taken = std::collections::HashSet::new();
    let files = out
        .into_iter()
        .filter(|f| match &f.target {
            None => true,
            Some(t) => !own.contains(t) && taken.insert(t.clone()),
        })
        .map(|f| f.entry)
        .collect();
    Ok((files, problems))
}

/// One Markdown file [`scan`] would list, as [`sum_files`] shows it: the folder below the
/// root (`""` at the top; the path below the root is `folder/name`), the name, the size
/// and the modification time.
pub struct Stat<'a> {
    pub folder: &'a str,
    pub name: &'a str,
    pub size: u64,
    pub modified: Option<SystemTime>,
}

/// What [`sum_files`] found: how many Markdown files, the wrapping sum of their values,
/// and every folder walked (path below the root, `""` for the root itself, with its
/// modification time read before its listing).
#[derive(Debug, Default)]
pub struct FileSum {
    pub files: usize,
    pub sum: u64,
    pub folders: Vec<(String, Option<SystemTime>)>,
}

/// The files [`scan`] lists, looked at without gathering them: `value` gives a number
/// for each file, and the result holds how many files there are and the wrapping sum of
/// their values (an order-free digest: folders are walked on a few threads, and nothing
/// is sorted or copied). One `stat` per file, read from its folder's listing, and one
/// per folder. `Ok(None)` when a symbolic link is met: only [`scan`] decides which
/// linked files count.
pub fn sum_files(
    root: &Root,
    value: impl Fn(&Stat<'_>) -> u64 + Sync,
) -> std::io::Result<Option<FileSum>> {
    // A folder's time is read before its listing: an entry added after the listing
    // moves it past what is recorded.
    let modified = std::fs::metadata(&root.dir)?.modified().ok();
    let top = std::fs::read_dir(&root.dir)?;
    let mut total = FileSum {
        folders: vec![(String::new(), modified)],
        ..FileSum::default()
    };
    let mut deferred = Vec::new();
    if !sum_walk(top, "", 0, &value, &mut total, Some(&mut deferred)) {
        return Ok(None);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
        .min(deferred.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let linked = std::sync::atomic::AtomicBool::new(false);
    let work = || {
        let mut part = FileSum::default();
        while !linked.load(std::sync::atomic::Ordering::Relaxed) {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((path, rel)) = deferred.get(i) else {
                break;
            };
            let Ok(entries) = std::fs::read_dir(path) else {
                continue;
            };
            if !sum_walk(entries, rel, 1, &value, &mut part, None) {
                linked.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        part
    };
    let parts: Vec<FileSum> = if threads <= 1 {
        vec![work()]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            // A walker cannot panic (every error is skipped); if one did, the sum differs
            // and the caller looks again the slow way.
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        })
    };
    if linked.into_inner() {
        return Ok(None);
    }
    for mut p in parts {
        total.files += p.files;
        total.sum = total.sum.wrapping_add(p.sum);
        total.folders.append(&mut p.folders);
    }
    Ok(Some(total))
}

/// The entries of a folder a walk looks at: readable, not hidden (`.name`), with their
/// name and type.
fn visible(
    entries: std::fs::ReadDir,
) -> impl Iterator<Item = (std::fs::DirEntry, String, std::fs::FileType)> {
    entries.filter_map(Result::ok).filter_map(|entry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            return None;
        }
        let kind = entry.file_type().ok()?;
        Some((entry, name, kind))
    })
}

/// [`walk`]'s rules without links: adds every Markdown file below a folder to `acc`,
/// and every folder walked. With `defer`, subfolders are listed there instead of
/// walked. False when a symbolic link was met.
fn sum_walk(
    entries: std::fs::ReadDir,
    folder: &str,
    depth: usize,
    value: &(impl Fn(&Stat<'_>) -> u64 + Sync),
    acc: &mut FileSum,
    mut defer: Option<&mut Vec<(PathBuf, String)>>,
) -> bool {
    for (entry, name, kind) in visible(entries) {
        if kind.is_symlink() {
            return false;
        }
        if kind.is_file() {
            if !is_markdown(&name) || not_an_article(folder, &name) {
                continue;
            }
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            acc.files += 1;
            acc.sum = acc.sum.wrapping_add(value(&Stat {
                folder,
                name: &name,
                size: meta.len(),
                modified: meta.modified().ok(),
            }));
        } else if kind.is_dir() && depth < MAX_DEPTH {
            let rel = if folder.is_empty() {
                name.to_string()
            } else {
                format!("{folder}/{name}")
            };
            let modified = entry.metadata().ok().and_then(|m| m.modified().ok());
            acc.folders.push((rel.clone(), modified));
            match defer.as_deref_mut() {
                Some(folders) => folders.push((entry.path(), rel)),
                None => {
                    if let Ok(sub) = std::fs::read_dir(entry.path())
                        && !sum_walk(sub, &rel, depth + 1, value, acc, None)
                    {
                        return false;
                    }
                }
            }
        }
    }
    true
}

/// Walks one top-level folder of a root (`rel`: its path below the root; `via`: its
/// real path when a link led to it).
fn walk_folder(w: &mut Walk<'_>, path: &Path, rel: &str, via: Option<&Path>, out: &mut Vec<Found>) {
    if let Some(sub) = w.read_dir(path) {
        walk(w, sub, rel, via, 1, out, None);
    }
}

/// A folder to walk later: its path, its path below the root, its real path when a
/// link led to it.
type Deferred = (PathBuf, String, Option<PathBuf>);

/// Collects the Markdown files below a folder (`via`: its real path when a link led to
/// it). With `defer`, subfolders are listed there instead of walked.
fn walk(
    w: &mut Walk<'_>,
    entries: std::fs::ReadDir,
    prefix: &str,
    via: Option<&Path>,
    depth: usize,
    out: &mut Vec<Found>,
    mut defer: Option<&mut Vec<Deferred>>,
) {
    for (entry, name, kind) in visible(entries) {
        // A name that is not UTF-8 cannot make an article id: said, with its path.
        if entry.file_name().to_str().is_none() && (!kind.is_file() || is_markdown(&name)) {
            w.skipped(
                &entry.path(),
                "the name is not valid UTF-8, skipped: rename it".to_string(),
            );
            continue;
        }
        // Only Markdown files and folders are looked at.
        if kind.is_file() && (!is_markdown(&name) || not_an_article(prefix, &name)) {
            continue;
        }
        let path = entry.path();
        // The real path of this entry when a link is on the way to it.
        let target = if kind.is_symlink() {
            match w.target(&path) {
                Some(t) => Some(t),
                None => continue,
            }
        } else {
            via.map(|v| v.join(&*name))
        };
        let meta = if kind.is_symlink() {
            std::fs::metadata(&path)
        } else {
            entry.metadata()
        };
        let Ok(meta) = meta else {
            continue;
        };
        let rel = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}/{name}")
        };
        if meta.is_dir() {
            if depth >= MAX_DEPTH {
                continue;
            }
            if kind.is_symlink() {
                // Inside the root, the folder is walked under its own name; outside,
                // once whatever the number of links to it.
                let Some(t) = &target else { continue };
                if t.starts_with(w.root) || !w.followed.insert(t.clone()) {
                    continue;
                }
            }
            match defer.as_deref_mut() {
                Some(folders) => folders.push((path, rel, target)),
                None => {
                    if let Some(sub) = w.read_dir(&path) {
                        walk(w, sub, &rel, target.as_deref(), depth + 1, out, None);
                    }
                }
            }
        } else if meta.is_file() && is_markdown(&name) && !not_an_article(prefix, &name) {
            out.push(Found {
                entry: FileEntry {
                    rel_path: rel,
                    size: meta.len(),
                    modified: meta.modified().ok(),
                },
                target,
            });
        }
    }
}

/// Reads and parses one file of a root.
pub fn parse_file(root: &Root, rel_path: &str) -> Parsed {
    let path = root.path_of(rel_path);
    match std::fs::read(&path) {
        Ok(bytes) => parse_bytes(root, rel_path, &bytes),
        Err(e) => Parsed {
            article: None,
            diagnostics: vec![Diagnostic {
                path,
                line: 0,
                severity: Severity::Error,
                message: format!("cannot read the file: {e}"),
            }],
        },
    }
}

/// Parses a file's bytes (`rel_path` gives id, category and messages).
pub fn parse_bytes(root: &Root, rel_path: &str, bytes: &[u8]) -> Parsed {
    let path = root.path_of(rel_path);
    let mut diags = Vec::new();
    let mut push = |line: usize, severity: Severity, message: String| {
        diags.push(Diagnostic {
            path: path.clone(),
            line,
            severity,
            message,
        })
    };

    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = crate::text::line_of_bytes(bytes, e.valid_up_to());
            push(
                line,
                Severity::Error,
                "not valid UTF-8 text (files saved as Latin-1 or Windows-1252 give this): save the file as UTF-8".to_string(),
            );
            return Parsed {
                article: None,
                diagnostics: diags,
            };
        }
    };

    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(format) => {
            let fence = if format == Format::Toml { "+++" } else { "---" };
            push(
                1,
                Severity::Error,
                format!(
                    "front matter opened with {fence} on line 1 is never closed: add a line with {fence} after the last field"
                ),
            );
            return Parsed {
                article: None,
                diagnostics: diags,
            };
        }
    };

    let entries = match frontmatter::entries(&split) {
        Ok(e) => e,
        Err(f) => {
            push(f.line, f.severity, f.message);
            return Parsed {
                article: None,
                diagnostics: diags,
            };
        }
    };
    let (meta, findings) = frontmatter::meta(split.format, &entries);
    let mut fatal = false;
    for f in findings {
        fatal |= f.severity == Severity::Error;
        push(f.line, f.severity, f.message);
    }

    let blocks = markdown::blocks(split.body);
    if blocks.is_empty() {
        push(
            split.body_line,
            Severity::Error,
            if split.format == Format::None {
                "the file is empty: write the article in Markdown (a # title and some text)"
                    .to_string()
            } else {
                "the article has no text after the front matter: write the body in Markdown below the closing fence".to_string()
            },
        );
        fatal = true;
    }

    let file_name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let first_h1 = blocks
        .iter()
        .find(|b| b.heading == Some(1))
        .or_else(|| blocks.first().filter(|b| b.heading.is_some()));
    let title = match (&meta.title, split.format) {
        (Some(t), _) if !t.is_empty() => t.clone(),
        (Some(_), Format::Toml) => {
            push(
                meta.title_line,
                Severity::Error,
                "the title is empty: write title = \"…\"".to_string(),
            );
            fatal = true;
            String::new()
        }
        (None, Format::Toml) => {
            push(
                1,
                Severity::Error,
                "the front matter has no title: add title = \"…\"".to_string(),
            );
            fatal = true;
            String::new()
        }
        _ => first_h1
            .map(|b| b.text.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| markdown::humanise(stem)),
    };
    if fatal {
        return Parsed {
            article: None,
            diagnostics: diags,
        };
    }

    let title_line = if meta.title_line > 0 {
        meta.title_line
    } else {
        1
    };
    if title.chars().count() > MAX_TITLE {
        push(
            title_line,
            Severity::Warning,
            format!(
                "the title is {} characters long: keep it under {MAX_TITLE} so it fits in result lists",
                title.chars().count()
            ),
        );
    }
    if split.format == Format::Toml && meta.tags.is_empty() && meta.keywords.is_empty() {
        push(
            1,
            Severity::Warning,
            "no tags or keywords: add keywords with the customer's own words so search and suggestions find this article".to_string(),
        );
    }

    // The plain text, without a first heading that repeats the title.
    let skip_title = blocks
        .first()
        .is_some_and(|b| b.heading == Some(1) && b.text.to_lowercase() == title.to_lowercase());
    let text = markdown::join(&blocks[usize::from(skip_title)..]);
    if text.is_empty() {
        push(
            split.body_line,
            Severity::Error,
            "the article has only its title: write the body in Markdown below it".to_string(),
        );
        return Parsed {
            article: None,
            diagnostics: diags,
        };
    }

    // Detection decides the language of articles that declare none; for the others it
    // only checks the declaration, on the first words (a twin's copied front matter shows
    // at once; detecting over the whole text was a tenth of an index build).
    let scores = |words: usize| {
        super::lang::scores_upto(&title, words) + super::lang::scores_upto(&text, words)
    };
    let lang = match (meta.lang, root.lang) {
        (Some(l), _) => {
            // A front matter copied from the other language's twin is an easy mistake.
            if let Some(other) = scores(CHECK_WORDS).confident(20)
                && other != l
            {
                push(
                    meta.lang_line.max(1),
                    Severity::Warning,
                    format!(
                        "lang is \"{l}\" but the text looks {}: is this lang = \"{other}\"?",
                        lang_name(other)
                    ),
                );
            }
            l
        }
        (None, Some(default)) => {
            if let Some(other) = scores(CHECK_WORDS).confident(8)
                && other != default
            {
                push(
                    1,
                    Severity::Warning,
                    format!(
                        "no lang given, so the root's default \"{default}\" applies, but the text looks {}: add lang = \"{other}\" to the front matter",
                        if other == Lang::En {
                            "English"
                        } else {
                            "Spanish"
                        }
                    ),
                );
            }
            default
        }
        (None, None) => scores(super::lang::MAX_WORDS).winner().unwrap_or(Lang::Es),
    };

    let path_id = rel_path
        .rsplit_once('.')
        .map_or(rel_path, |(s, _)| s)
        .to_string();
    let id = meta.id.clone().unwrap_or(path_id);
    let category = rel_path
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_string();

    let article = Article {
        id,
        title,
        lang,
        category,
        tags: meta.tags,
        summary: meta.summary.unwrap_or_default(),
        keywords: meta.keywords,
        updated: meta.updated,
        owner: meta.owner,
        review_by: meta.review_by,
        status: meta.status,
        decide: meta.decide,
        phrases: meta.phrases,
        body: split.body.to_string(),
        text,
        path: path.clone(),
        rel_path: rel_path.to_string(),
        body_line: split.body_line,
    };
    diags.sort_by_key(|d| d.line);
    Parsed {
        article: Some(article),
        diagnostics: diags,
    }
}

/// Words looked at to check a declared (or the root's default) language.
const CHECK_WORDS: usize = 200;

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::Es => "Spanish",
        Lang::En => "English",
    }
}

/// Longest title that fits a result line.
pub const MAX_TITLE: usize = 120;

/// Loads every article of every root. Malformed files are reported and skipped; duplicate
/// ids across the whole base are errors (the first one wins).
pub fn load(roots: &[Root]) -> KnowledgeBase {
    let mut kb = KnowledgeBase {
        roots: roots.to_vec(),
        ..KnowledgeBase::default()
    };
    let mut jobs: Vec<(&Root, FileEntry)> = Vec::new();
    for root in roots {
        kb.diagnostics.extend(root.problems.iter().cloned());
        match scan_reporting(root) {
            Ok((files, skipped)) => {
                jobs.extend(files.into_iter().map(|f| (root, f)));
                kb.diagnostics.extend(skipped);
            }
            Err(e) => kb.diagnostics.push(Diagnostic {
                path: root.dir.clone(),
                line: 0,
                severity: Severity::Error,
                message: format!("cannot read the knowledge folder: {e}"),
            }),
        }
        let (replies, diags) = super::replies::load(root);
        kb.replies.extend(replies);
        kb.diagnostics.extend(diags);
    }

    let parsed = parse_all(&jobs);

    let mut articles = Vec::with_capacity(parsed.len());
    for p in parsed {
        kb.diagnostics.extend(p.diagnostics);
        articles.extend(p.article);
    }
    let (articles, dups) = resolve_duplicates(articles);
    kb.articles = articles;
    kb.diagnostics.extend(dups);
    kb
}

/// The one rule for article ids, shared by loading the base and building the index:
/// files are taken in path order (root by root, then by path below the root), the
/// first file with an id keeps it, and every later one is reported with
/// [`duplicate_id`] and left out. Ids are not copied: each is kept by its hash and the
/// caller's index of its owner (a hash shared by two ids is told apart with `same`).
#[derive(Debug, Default)]
pub struct IdOwners {
    by_hash: HashMap<u64, usize>,
    collided: HashMap<String, usize>,
}

impl IdOwners {
    pub fn with_capacity(n: usize) -> IdOwners {
        IdOwners {
            by_hash: HashMap::with_capacity(n),
            collided: HashMap::new(),
        }
    }

    /// Claims `id` for `owner`. Returns the earlier owner when the id is taken already
    /// (`same(j)` tells whether owner `j`'s id is `id`).
    pub fn claim(&mut self, id: &str, owner: usize, same: impl Fn(usize) -> bool) -> Option<usize> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut h);
        match self.by_hash.entry(h.finish()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(owner);
                None
            }
            std::collections::hash_map::Entry::Occupied(o) if same(*o.get()) => Some(*o.get()),
            std::collections::hash_map::Entry::Occupied(_) => match self.collided.get(id) {
                Some(&j) => Some(j),
                None => {
                    self.collided.insert(id.to_string(), owner);
                    None
                }
            },
        }
    }
}

/// The error for a file whose id an earlier file (by path order) has already.
pub fn duplicate_id(path: &Path, id: &str, first: &Path) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        line: 1,
        severity: Severity::Error,
        message: format!(
            "duplicate id `{id}`: {} comes first by path and keeps it, so this file is left out; give one of them another id = \"…\" (or rename the file)",
            first.display()
        ),
    }
}

/// Keeps the first article of each id (in the order given, which is path order) and
/// reports the others (see [`IdOwners`]).
pub fn resolve_duplicates(articles: Vec<Article>) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut owners = IdOwners::with_capacity(articles.len());
    let mut kept: Vec<Article> = Vec::with_capacity(articles.len());
    let mut diags = Vec::new();
    for article in articles {
        match owners.claim(&article.id, kept.len(), |j| kept[j].id == article.id) {
            Some(j) => diags.push(duplicate_id(&article.path, &article.id, &kept[j].path)),
            None => kept.push(article),
        }
    }
    (kept, diags)
}

/// Parses files on a few threads, keeping their order.
fn parse_all(jobs: &[(&Root, FileEntry)]) -> Vec<Parsed> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads <= 1 || jobs.len() < 64 {
        return jobs
            .iter()
            .map(|(root, f)| parse_file(root, &f.rel_path))
            .collect();
    }
    let chunk = jobs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(root, f)| parse_file(root, &f.rel_path))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(jobs.len());
        for (h, part) in handles.into_iter().zip(jobs.chunks(chunk)) {
            match h.join() {
                Ok(v) => out.extend(v),
                // A parser thread cannot panic on input (tested), but never lose files.
                Err(_) => out.extend(part.iter().map(|(root, f)| parse_file(root, &f.rel_path))),
            }
        }
        out
    })
}
