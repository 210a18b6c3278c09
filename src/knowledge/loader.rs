//! Finding knowledge roots' files and loading them into articles.
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::replies::Reply;
use super::{Article, Diagnostic, Lang};

/// Where a knowledge root comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootSource {
    /// A folder given by the user (flag, config, environment, `./knowledge`).
    Dir(PathBuf),
    /// The sample base compiled into the binary, extracted into the cache directory.
    Bundled,
}

/// A knowledge root ready to read: a folder on disk plus its optional `apunte.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    pub source: RootSource,
    /// The folder on disk (for `Bundled`, where it was extracted).
    pub dir: PathBuf,
    /// Display name: `name` from `apunte.toml`, else the folder name.
    pub name: String,
    /// Default language from `apunte.toml` (`lang = "es"`), if any.
    pub lang: Option<Lang>,
}

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

impl Root {
    /// Opens a root folder: reads `apunte.toml` when present. Errors name the file and line.
    pub fn open(source: RootSource, dir: &Path) -> anyhow::Result<Root> {
        let _ = (source, dir);
        todo!("knowledge::loader::Root::open")
    }
}

/// Lists the Markdown files (`.md`, `.markdown`) under a root, sorted, skipping hidden
/// folders and files. Cheap: stats only, reads no file.
pub fn scan(root: &Root) -> std::io::Result<Vec<FileEntry>> {
    let _ = root;
    todo!("knowledge::loader::scan")
}

/// Reads and parses one file of a root.
pub fn parse_file(root: &Root, rel_path: &str) -> Parsed {
    let _ = (root, rel_path);
    todo!("knowledge::loader::parse_file")
}

/// Parses a file's bytes (`rel_path` gives id, category and messages).
pub fn parse_bytes(root: &Root, rel_path: &str, bytes: &[u8]) -> Parsed {
    let _ = (root, rel_path, bytes);
    todo!("knowledge::loader::parse_bytes")
}

/// Loads every article of every root. Malformed files are reported and skipped; duplicate
/// ids across the whole base are errors (the first one wins).
pub fn load(roots: &[Root]) -> KnowledgeBase {
    let _ = roots;
    todo!("knowledge::loader::load")
}
