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

/// Deepest folder nesting followed (guards against symlink loops).
const MAX_DEPTH: usize = 32;

/// Lists the Markdown files (`.md`, `.markdown`) under a root, sorted, skipping hidden
/// folders and files, a top-level `README.md` and Hugo `_index.md` pages. Cheap: stats
/// only, reads no file. The top-level folders are walked on a few threads (a warm open
/// of a large base is mostly this: one `stat` per file).
pub fn scan(root: &Root) -> std::io::Result<Vec<FileEntry>> {
    let mut out = Vec::new();
    // The root itself must be readable; unreadable subfolders are skipped.
    let top = std::fs::read_dir(&root.dir)?;
    let mut folders = Vec::new();
    walk(top, &root.dir, "", 0, &mut out, Some(&mut folders));
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
        .min(folders.len());
    if threads <= 1 {
        for (path, rel) in &folders {
            walk_folder(path, rel, &mut out);
        }
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let parts: Vec<Vec<FileEntry>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut part = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((path, rel)) = folders.get(i) else {
                                return part;
                            };
                            walk_folder(path, rel, &mut part);
                        }
                    })
                })
                .collect();
            // A walker cannot panic (every error is skipped); if one did, its folders
            // are missing from this scan and the next one finds them.
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for part in parts {
            out.extend(part);
        }
    }
    out.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(out)
}

/// Walks one top-level folder of a root (`rel`: its path below the root).
fn walk_folder(path: &Path, rel: &str, out: &mut Vec<FileEntry>) {
    if let Ok(sub) = std::fs::read_dir(path) {
        walk(sub, path, rel, 1, out, None);
    }
}

/// Collects the Markdown files below `dir`. With `defer`, subfolders are listed there
/// instead of walked.
fn walk(
    entries: std::fs::ReadDir,
    dir: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<FileEntry>,
    mut defer: Option<&mut Vec<(PathBuf, String)>>,
) {
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // Only Markdown files and folders are looked at (symlinks are followed).
        if kind.is_file() && (!is_markdown(&name) || not_an_article(prefix, &name)) {
            continue;
        }
        let meta = if kind.is_symlink() {
            std::fs::metadata(entry.path())
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
            let path = entry.path();
            if depth < MAX_DEPTH && !(kind.is_symlink() && links_to_ancestor(dir, &path)) {
                match defer.as_deref_mut() {
                    Some(folders) => folders.push((path, rel)),
                    None => {
                        if let Ok(sub) = std::fs::read_dir(&path) {
                            walk(sub, &path, &rel, depth + 1, out, None);
                        }
                    }
                }
            }
        } else if meta.is_file() && is_markdown(&name) && !not_an_article(prefix, &name) {
            out.push(FileEntry {
                rel_path: rel,
                size: meta.len(),
                modified: meta.modified().ok(),
            });
        }
    }
}

/// True when a symlinked folder points at the folder being walked or one of its parents
/// (following it would loop).
fn links_to_ancestor(dir: &Path, link: &Path) -> bool {
    match (std::fs::canonicalize(dir), std::fs::canonicalize(link)) {
        (Ok(here), Ok(target)) => here.starts_with(target),
        _ => true,
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

    // Detection only runs for articles that do not declare their language.
    let scores = || super::lang::scores(&format!("{title}\n{text}"));
    let lang = match (meta.lang, root.lang) {
        (Some(l), _) => {
            // A front matter copied from the other language's twin is an easy mistake.
            if let Some(other) = scores().confident(20)
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
            if let Some(other) = scores().confident(8)
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
        (None, None) => scores().winner().unwrap_or(Lang::Es),
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
        match scan(root) {
            Ok(files) => jobs.extend(files.into_iter().map(|f| (root, f))),
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

/// Keeps the first article of each id (in the order given) and reports the others as
/// errors naming the file that has the id already.
pub fn resolve_duplicates(articles: Vec<Article>) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut seen: HashMap<String, PathBuf> = HashMap::with_capacity(articles.len());
    let mut kept = Vec::with_capacity(articles.len());
    let mut diags = Vec::new();
    for article in articles {
        if let Some(first) = seen.get(&article.id) {
            diags.push(Diagnostic {
                path: article.path.clone(),
                line: 1,
                severity: Severity::Error,
                message: format!(
                    "duplicate id {:?}: {} already uses it; rename one file or give it another id = \"…\"",
                    article.id,
                    first.display()
                ),
            });
            continue;
        }
        seen.insert(article.id.clone(), article.path.clone());
        kept.push(article);
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
