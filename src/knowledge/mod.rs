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
    /// When the owner should check it again (`review_by`, `YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<String>,
    /// Where it stands (`status`); None when the front matter does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ArticleStatus>,
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

/// Where an article stands in its life (the KCS states): `draft` (work in progress,
/// not validated), `validated`, `archived` (kept, not searched unless asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleStatus {
    Draft,
    Validated,
    Archived,
}

impl ArticleStatus {
    /// The name in front matter.
    pub fn name(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::Validated => "validated",
            ArticleStatus::Archived => "archived",
        }
    }

    /// A status by name (also KCS's `wip` and `not validated` for a draft); None for
    /// anything else.
    pub fn parse(s: &str) -> Option<ArticleStatus> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match s.as_str() {
            "draft" | "wip" | "work_in_progress" | "not_validated" => ArticleStatus::Draft,
            "validated" => ArticleStatus::Validated,
            "archived" => ArticleStatus::Archived,
            _ => return None,
        })
    }
}

impl Article {
    /// The version of what the article says: a fingerprint (16 hex digits) of its title,
    /// summary, keywords, phrases, decisions and body. Flags and votes keep it, so an
    /// edit of the text shows as "article changed since"; front matter that says nothing
    /// to the agent (`updated`, `owner`, `review_by`, `status`) leaves it as it is.
    pub fn version(&self) -> String {
        let mut h = crate::text::Fnv::default();
        let mut piece = |s: &str| {
            h.feed(s.as_bytes()).feed(&[0]);
        };
        piece(&self.title);
        piece(&self.summary);
        for k in &self.keywords {
            piece(k);
        }
        piece("");
        for p in &self.phrases {
            piece(p);
        }
        piece("");
        for (label, text) in &self.decide {
            piece(label);
            piece(text);
        }
        piece("");
        piece(&self.body);
        h.hex()
    }

    /// Past its `review_by` date on `today` (`YYYY-MM-DD`).
    pub fn review_due(&self, today: &str) -> bool {
        self.review_by.as_deref().is_some_and(|d| d < today)
    }

    /// Archived: searched only when asked for (`status:archived`).
    pub fn is_archived(&self) -> bool {
        self.status == Some(ArticleStatus::Archived)
    }
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
        // A line break or escape in a file name would break the `path:line:` format
        // (and could drive a terminal): shown as placeholders, wherever it goes.
        let path = self.path.display().to_string();
        let path = crate::text::sanitize(&path);
        if self.line > 0 {
            write!(f, "{path}:{}: {kind}: {}", self.line, self.message)
        } else {
            write!(f, "{path}: {kind}: {}", self.message)
        }
    }
}
