//! The search engine: a tantivy index over the knowledge base, kept on disk in the cache
//! directory (one per set of roots), refreshed incrementally, queried as the agent types.
//!
//! - [`analysis`]: the analyzers (folded words; Spanish and English stems, folded first).
//! - [`schema`]: fields per language, how an article becomes a document and back.
//! - [`query`]: what the agent typed → a tantivy query (prefix, typos, operators
//!   `"phrase"`, `-word`, `tag:x`, `cat:x`, `lang:xx`; everything else is plain text).
//! - [`snippet`]: highlights (including prefix- and typo-expanded words) and snippets.
//! - [`index`]: the on-disk index, its manifest, incremental refresh, crash recovery.
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

use crate::knowledge::{Article, Diagnostic, Lang, Root};

pub mod analysis;
pub mod index;
pub mod query;
mod reads;
pub mod related;
mod safe;
pub mod schema;
pub mod snippet;

use analysis::Analyzers;
use schema::Fields;
use snippet::Matcher;

pub use index::Snapshot;
pub use schema::SCHEMA_VERSION;

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
    /// BM25 relevance (higher is better). For `search`, without the constant that puts
    /// articles matching more of a short query's words first.
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

/// The tags and categories of the indexed articles (folded, sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub tags: Vec<String>,
    pub categories: Vec<String>,
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
    reader: IndexReader,
    fields: Fields,
    analyzers: Analyzers,
    /// Decoded stored articles by (segment, doc): the reader never reloads, so an
    /// address always names the same document for this engine.
    stored: Mutex<HashMap<(u32, u32), Arc<Article>>>,
    /// Prefix and typo expansions computed so far (same reason).
    expansions: Mutex<query::Expansions>,
}

/// Writer memory budget (shared by its threads).
pub(crate) const WRITER_MEMORY: usize = 50_000_000;
/// Default number of hits when a request asks for 0.
pub const DEFAULT_LIMIT: usize = 20;
/// Most decoded articles an engine keeps (about 5 KB each).
const STORED_CACHE: usize = 512;
/// Most hits one request may return.
pub const MAX_LIMIT: usize = 1_000;

impl Engine {
    /// Opens the index for these roots under `cache_dir`, building or refreshing it as
    /// needed (schema change, files added/changed/removed). Recovers from a crash's
    /// leftovers. Reads no knowledge file when nothing changed.
    pub fn open(roots: &[Root], cache_dir: &Path) -> anyhow::Result<(Engine, IndexReport)> {
        index::open(roots, cache_dir)
    }

    /// Opens the index as the manifest left it, without a look at the knowledge files
    /// (see [`index::open_warm`]): answer with it, check the [`Snapshot`] off the answer
    /// path, and [`Engine::open`] again when the files changed. `None`: call
    /// [`Engine::open`].
    pub fn open_warm(roots: &[Root], cache_dir: &Path) -> Option<(Engine, IndexReport, Snapshot)> {
        index::open_warm(roots, cache_dir, index::Access::Mapped)
    }

    /// [`Engine::open_warm`] for one search and exit (`apunte search`): the index files
    /// are read, not mapped, so the process holds only the bytes the search needs.
    pub fn open_warm_once(
        roots: &[Root],
        cache_dir: &Path,
    ) -> Option<(Engine, IndexReport, Snapshot)> {
        index::open_warm(roots, cache_dir, index::Access::Read)
    }

    /// An index in RAM over the given articles (tests, benches, `bench` tools). When two
    /// articles share an id the first one wins.
    pub fn in_memory(articles: &[Article]) -> anyhow::Result<Engine> {
        let fields = Fields::build();
        let index = Index::create_in_ram(fields.schema.clone());
        analysis::register(&index);
        let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
        let mut seen = std::collections::HashSet::new();
        for a in articles {
            if seen.insert(a.id.as_str()) {
                writer.add_document(fields.document(a, &format!("mem:{}", a.id)))?;
            }
        }
        writer.commit()?;
        drop(writer);
        Engine::from_index(index, fields)
    }

    /// Wraps an index whose schema is `fields`' (analyzers already registered).
    pub(crate) fn from_index(index: Index, fields: Fields) -> anyhow::Result<Engine> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Engine {
            reader,
            fields,
            analyzers: Analyzers::new(),
            stored: Mutex::default(),
            expansions: Mutex::default(),
        })
    }

    /// Forgets the decoded articles and expansions remembered so far (benches measure
    /// a new query from scratch with it).
    pub fn clear_caches(&self) {
        if let Ok(mut c) = self.stored.lock() {
            c.clear();
        }
        if let Ok(mut c) = self.expansions.lock() {
            c.clear();
        }
    }

    /// Runs a query. Never fails: any text is a valid query; an empty one gives no hits.
    pub fn search(&self, req: &SearchRequest) -> Vec<Hit> {
        let mut an = self.analyzers.clone();
        let parsed = query::parse(&mut an, &req.text);
        let searcher = self.reader.searcher();
        let (q, all_words, expanded) = {
            let mut b =
                query::Builder::new(&self.fields, &searcher, &mut an).with_cache(&self.expansions);
            match b.request(req, &parsed) {
                Some(q) => (q, b.all_words, b.expanded),
                None => return Vec::new(),
            }
        };
        let limit = match req.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let top: Vec<(f32, DocAddress)> = if parsed.is_empty() {
            // Only filters (`tag:fraude`): every match scores the same; list them by id.
            searcher
                .search(
                    &q,
                    &TopDocs::with_limit(limit).order_by_string_fast_field(schema::ID, Order::Asc),
                )
                .unwrap_or_default()
                .into_iter()
                .map(|(_, addr)| (0.0, addr))
                .collect()
        } else {
            let top = |q: &dyn tantivy::query::Query| {
                searcher
                    .search(q, &TopDocs::with_limit(limit).order_by_score())
                    .unwrap_or_default()
            };
            match all_words.map(|q| top(q.as_ref())) {
                Some(hits) if hits.len() >= limit => hits,
                _ => top(q.as_ref()),
            }
        };
        let mut found: Vec<(f32, Arc<Article>)> = top
            .into_iter()
            .filter_map(|(score, addr)| Some((score, self.stored(&searcher, addr)?)))
            .collect();
        // Equal scores in id order, so results do not depend on how documents were
        // spread over segments.
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        let m = query::matcher(&mut an, &parsed, &expanded);
        found
            .into_iter()
            .map(|(score, article)| {
                // Short queries add a large constant per matched word: report BM25.
                let bm25 = if parsed.strict() {
                    score % query::BM25_MODULUS
                } else {
                    score
                };
                make_hit(&article, bm25, &m, &mut an).0
            })
            .collect()
    }

    /// The article stored for a document, decoded once per engine: while the agent
    /// types, the same articles come back keystroke after keystroke.
    fn stored(&self, searcher: &Searcher, addr: DocAddress) -> Option<Arc<Article>> {
        let key = (addr.segment_ord, addr.doc_id);
        if let Ok(cache) = self.stored.lock()
            && let Some(a) = cache.get(&key)
        {
            return Some(Arc::clone(a));
        }
        let doc: TantivyDocument = searcher.doc(addr).ok()?;
        let article = Arc::new(self.fields.article(&doc)?);
        if let Ok(mut cache) = self.stored.lock() {
            if cache.len() >= STORED_CACHE {
                cache.clear();
            }
            cache.insert(key, Arc::clone(&article));
        }
        Some(article)
    }

    /// Ranks articles for weighted terms (OR of all, each term boosted by its weight),
    /// excluding the ids given. Used by suggestions.
    ///
    /// Each term is analysed like a query word (stemmed in both languages, title and
    /// keywords boosted), with no prefix or typo expansion. Scores are plain BM25 sums.
    /// A hit's `matched` holds the given terms (lowercased, as given) that matched it.
    pub fn search_terms(
        &self,
        terms: &[WeightedTerm],
        limit: usize,
        exclude: &[String],
    ) -> Vec<Hit> {
        let mut an = self.analyzers.clone();
        let searcher = self.reader.searcher();
        let q = {
            let mut b = query::Builder::new(&self.fields, &searcher, &mut an);
            match b.weighted(terms, exclude) {
                Some(q) => q,
                None => return Vec::new(),
            }
        };
        let limit = match limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let top = searcher
            .search(&q, &TopDocs::with_limit(limit).order_by_score())
            .unwrap_or_default();
        let mut m = Matcher::default();
        let mut term_words: Vec<(String, Vec<String>)> = Vec::new();
        for t in terms {
            let words: Vec<String> = an.words(&t.word).into_iter().map(|w| w.folded).collect();
            for w in &words {
                m.add_word(&mut an, w);
            }
            term_words.push((t.word.to_lowercase(), words));
        }
        top.into_iter()
            .filter_map(|(score, addr)| {
                let article = self.stored(&searcher, addr)?;
                let lang = article.lang;
                let (mut hit, found) = make_hit(&article, score, &m, &mut an);
                let found_stems: std::collections::HashSet<String> =
                    found.iter().map(|w| an.stem(lang, w)).collect();
                let mut matched = Vec::new();
                for (term, words) in &term_words {
                    let hit_term = words
                        .iter()
                        .any(|w| found.contains(w) || found_stems.contains(&an.stem(lang, w)));
                    if hit_term && !matched.contains(term) {
                        matched.push(term.clone());
                    }
                }
                hit.matched = matched;
                Some(hit)
            })
            .collect()
    }

    /// The full article, from the index's stored fields (no file read).
    pub fn article(&self, id: &str) -> Option<Article> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())
            .ok()?;
        let (_, addr) = top.into_iter().next()?;
        let doc: TantivyDocument = searcher.doc(addr).ok()?;
        self.fields.article(&doc)
    }

    /// How many articles contain `word` (any form of each of its words, in either
    /// language): lets the suggestion engine discount words too common to tell articles
    /// apart. 0 for text with no word.
    pub fn doc_freq(&self, word: &str) -> usize {
        let mut an = self.analyzers.clone();
        let searcher = self.reader.searcher();
        let words = an.words(word);
        if words.is_empty() {
            return 0;
        }
        let mut must: Vec<(tantivy::query::Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        for w in words.iter().take(query::MAX_WORDS) {
            let mut b = query::Builder::new(&self.fields, &searcher, &mut an);
            let clauses = b.stemmed(&w.folded, 1.0);
            must.push((
                tantivy::query::Occur::Must,
                Box::new(tantivy::query::BooleanQuery::new(clauses)),
            ));
        }
        let q = tantivy::query::BooleanQuery::new(must);
        searcher
            .search(&q, &tantivy::collector::Count)
            .unwrap_or_default()
    }

    /// The tags and categories the index knows, folded and sorted: what `tag:` and
    /// `cat:` can filter by (listed when a filter matches nothing).
    pub fn facets(&self) -> Facets {
        let searcher = self.reader.searcher();
        let terms = |field: tantivy::schema::Field| -> Vec<String> {
            let mut out = std::collections::BTreeSet::new();
            for seg in searcher.segment_readers() {
                let Ok(inv) = seg.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inv.terms().stream() else {
                    continue;
                };
                while stream.advance() {
                    if let Ok(t) = std::str::from_utf8(stream.key()) {
                        out.insert(t.to_string());
                    }
                }
            }
            out.into_iter().collect()
        };
        Facets {
            tags: terms(self.fields.tag),
            categories: terms(self.fields.cat),
        }
    }

    /// Number of articles indexed.
    pub fn len(&self) -> usize {
        usize::try_from(self.reader.searcher().num_docs()).unwrap_or(usize::MAX)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds a hit: highlighted title, snippet, matched words. Also returns the folded
/// forms of the matched words.
fn make_hit(
    a: &Article,
    score: f32,
    m: &Matcher,
    an: &mut Analyzers,
) -> (Hit, std::collections::HashSet<String>) {
    let lang = a.lang;
    let title = snippet::highlight_all(m, an, lang, &a.title);
    let keywords = a.keywords.join(" · ");
    let text = snippet::cap(&a.text, snippet::MAX_SCAN);
    let body_r = m.find(an, lang, text);
    let sum_r = m.find(an, lang, &a.summary);
    let kw_r = m.find(an, lang, &keywords);
    let mut matched: Vec<String> = Vec::new();
    let mut folded = std::collections::HashSet::new();
    for (src, ranges) in [
        (a.title.as_str(), &title.highlights),
        (keywords.as_str(), &kw_r),
        (a.summary.as_str(), &sum_r),
        (text, &body_r),
    ] {
        for r in ranges {
            let word = &src[r.clone()];
            if matched.iter().any(|m| m.eq_ignore_ascii_case(word)) {
                continue;
            }
            let word = word.to_lowercase();
            if !matched.contains(&word) {
                for w in an.words(&word) {
                    folded.insert(w.folded);
                }
                matched.push(word);
            }
        }
    }
    let snippet = if !body_r.is_empty() {
        snippet::window(text, &body_r)
    } else if !sum_r.is_empty() {
        snippet::window(&a.summary, &sum_r)
    } else if !kw_r.is_empty() {
        snippet::window(&keywords, &kw_r)
    } else if !a.summary.is_empty() {
        snippet::window(&a.summary, &[])
    } else {
        snippet::window(text, &[])
    };
    let hit = Hit {
        id: a.id.clone(),
        title,
        category: a.category.clone(),
        lang,
        path: a.path.clone(),
        summary: a.summary.clone(),
        score,
        snippet,
        matched,
    };
    (hit, folded)
}

#[cfg(test)]
mod tests;
