//! The search engine: a tantivy index over the knowledge base, kept on disk in the cache
//! directory (one per set of roots), refreshed incrementally, queried as the agent types.
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::knowledge::{Article, Diagnostic, Lang, Root};

/// What to search for. `text` is whatever the agent typed: any string is valid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub text: String,
    pub limit: usize,
    /// Restrict to one language (the `lang:` operator does the same).
    pub lang: Option<Lang>,
    /// Only articles carrying all these tags.
    pub tags: Vec<String>,
    /// Only articles in this category (folder) or below it.
    pub category: Option<String>,
}

/// Text with byte ranges to highlight.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Highlighted {
    pub text: String,
    /// Byte ranges into `text`, sorted, non-overlapping, on char boundaries.
    pub highlights: Vec<Range<usize>>,
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: Highlighted,
    pub category: String,
    pub lang: Lang,
    pub path: PathBuf,
    pub summary: String,
    pub score: f32,
    /// A fragment of the body (or summary/keywords) around the matches.
    pub snippet: Highlighted,
    /// The words of the article that matched (after prefix/fuzzy expansion), lowercase.
    pub matched: Vec<String>,
}

/// Weighted terms for suggestions: the assist module picks words from the conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedTerm {
    pub word: String,
    pub weight: f32,
}

/// What opening or refreshing the index did.
#[derive(Debug, Clone, Default)]
pub struct IndexReport {
    pub articles: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    /// True when the whole index was (re)built.
    pub rebuilt: bool,
    pub elapsed: Duration,
    pub diagnostics: Vec<Diagnostic>,
    pub index_dir: PathBuf,
}

/// The engine: cheap to share (`Arc<Engine>`), `search` may run on any thread.
pub struct Engine {
    _private: (),
}

impl Engine {
    /// Opens the index for these roots under `cache_dir`, building or refreshing it as
    /// needed (schema change, files added/changed/removed). Recovers from a crash's
    /// leftovers. Reads no knowledge file when nothing changed.
    pub fn open(roots: &[Root], cache_dir: &Path) -> anyhow::Result<(Engine, IndexReport)> {
        let _ = (roots, cache_dir);
        todo!("search::Engine::open")
    }

    /// An index in RAM over the given articles (tests, benches, `bench` tools).
    pub fn in_memory(articles: &[Article]) -> anyhow::Result<Engine> {
        let _ = articles;
        todo!("search::Engine::in_memory")
    }

    /// Runs a query. Never fails: any text is a valid query; an empty one gives no hits.
    pub fn search(&self, req: &SearchRequest) -> Vec<Hit> {
        let _ = req;
        todo!("search::Engine::search")
    }

    /// Ranks articles for weighted terms (OR of all, each term boosted by its weight),
    /// excluding the ids given. Used by suggestions.
    pub fn search_terms(
        &self,
        terms: &[WeightedTerm],
        limit: usize,
        exclude: &[String],
    ) -> Vec<Hit> {
        let _ = (terms, limit, exclude);
        todo!("search::Engine::search_terms")
    }

    /// The full article, from the index's stored fields (no file read).
    pub fn article(&self, id: &str) -> Option<Article> {
        let _ = id;
        todo!("search::Engine::article")
    }

    /// Number of articles indexed.
    pub fn len(&self) -> usize {
        todo!("search::Engine::len")
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
