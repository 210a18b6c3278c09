//! The knowledge base: articles parsed from Markdown files under one or more roots.
//!
//! Folders are categories. Front matter may be TOML between `+++` lines (apunte's own
//! format), YAML between `---` lines (Jekyll, Hugo, Docusaurus, MkDocs), or absent.
//!
//! Use: [`Root::open`] a folder (reads its `apunte.toml`), [`load`] every root at once
//! (articles, quick replies and diagnostics; duplicate ids resolved), or for incremental
//! work [`scan`] a root (stats only) and [`parse_file`] the files that changed, then
//! [`loader::resolve_duplicates`]. [`check::check`] adds cross-article warnings for
//! `apunte check`. [`lang::detect`] guesses es/en for any text (also customer turns), and
//! [`markdown::plain_text`] is the Markdown → plain text used for `Article::text`.
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub mod bundled;
pub mod check;
pub mod frontmatter;
pub mod lang;
pub mod loader;
pub mod markdown;
pub mod replies;
pub mod root;

pub use loader::{
    FileEntry, KnowledgeBase, Parsed, Root, RootSource, load, parse_bytes, parse_file, scan,
};

/// An article's language (every article is analysed with its own language).
pub use crate::text::Lang;

/// One knowledge article, fully parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: front matter `id`, else the path below the root without extension,
    /// with `/` separators (e.g. `facturacion/cargo-duplicado`).
    pub id: String,
    pub title: String,
    pub lang: Lang,
    /// Folder below the root (`/` separators), empty for files at the top.
    pub category: String,
    pub tags: Vec<String>,
    /// One line for result lists; may be empty.
    pub summary: String,
    /// Extra search terms and customer phrasings.
    pub keywords: Vec<String>,
    /// Last update as written (ISO date `YYYY-MM-DD` when parseable).
    pub updated: Option<String>,
    pub owner: Option<String>,
    /// What the agent may decide alone: (label, text), in file order.
    pub decide: Vec<(String, String)>,
    /// Suggested wordings for the agent.
    pub phrases: Vec<String>,
    /// The Markdown body as written (front matter removed).
    pub body: String,
    /// The body as plain text for indexing and snippets (no markup, images, HTML
    /// comments, `{#anchor}` ids, link targets).
    pub text: String,
    /// The file, as the user knows it (root joined with `rel_path`).
    pub path: PathBuf,
    /// Path below its root, `/` separators.
    pub rel_path: String,
    /// 1-based line in the file where the body starts.
    pub body_line: usize,
}

/// How serious a finding from loading or `apunte check` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found in a knowledge file: printed as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.line > 0 {
            write!(
                f,
                "{}:{}: {kind}: {}",
                self.path.display(),
                self.line,
                self.message
            )
        } else {
            write!(f, "{}: {kind}: {}", self.path.display(), self.message)
        }
    }
}
