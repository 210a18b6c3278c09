//! From what the agent typed to a tantivy query, without `QueryParser`: any text is a
//! valid query.
//!
//! Operators (fzf spirit): `"exact phrase"`, `-word` (or `-"phrase"`) excludes,
//! `tag:x`, `cat:x` (category prefix), `lang:en`, `status:archived` (archived articles
//! are left out unless asked for; `status:draft`, `status:validated` select those).
//! Anything else — unknown `field:`,
//! stray quotes, `AND`/`OR`/`NOT`, `*`, brackets — is plain text: its words are searched.
//!
//! Every complete word becomes exact stemmed terms in both languages' fields (title,
//! keywords and tags boosted over summary and body) plus, unless the base has the word
//! as it is in a few articles, its typo neighbours on the folded field; the word still
//! being typed (the text does not end in whitespace) is
//! also expanded as a prefix. Each word group adds a large constant when it matches, so
//! articles matching all words rank first, then those matching most.
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::analysis::{self, Analyzers};
use super::related;
use super::safe::{Plus, Safe};
use super::schema::Fields;
use super::snippet::{Matcher, typo_distance};
use super::{SearchRequest, WeightedTerm};
use crate::knowledge::{ArticleStatus, Lang};

/// At most this many bytes of the query text are read.
pub const MAX_QUERY_BYTES: usize = 2_000;
/// At most this many words take part in a query.
pub const MAX_WORDS: usize = 24;
/// At most this many operators (phrases, exclusions, filters) are honoured.
pub const MAX_OPERATORS: usize = 16;
/// At most this many terms a prefix expands to (the most frequent).
pub const MAX_PREFIX_TERMS: usize = 24;

/// `full` scaled to a prefix's length: a quarter for one character, half for two. A
/// first letter starts a large part of the dictionary and its top terms have the
/// longest posting lists, while which word the agent means is anyone's guess until the
/// next letters; used for how many terms a prefix expands to and how many it scans.
fn by_prefix_length(prefix: &str, full: usize) -> usize {
    match prefix.chars().count() {
        0 | 1 => full / 4,
        2 => full / 2,
        _ => full,
    }
}

/// Added once per query word an article matches: coverage first, then BM25.
pub const COORD: f32 = 10_000.0;
/// What each matched word adds in long queries (BM25 scale; measured on customers'
/// sentences against the sample base: 8–15 all rank the right article first).
pub const SOFT_COVERAGE: f32 = 12.0;
/// Queries with up to this many words rank strictly by how many words match.
pub const STRICT_WORDS: usize = 4;
/// The part of [`COORD`] a word matched only through a typo earns.
pub const TYPO_COVERAGE: f32 = 0.3;
/// Scores are `coverage + BM25`; the BM25 part is the score modulo this.
pub const BM25_MODULUS: f32 = 1_000.0;
/// At most this many dictionary terms are looked at per segment for one expansion.
const MAX_SCANNED_TERMS: usize = 1_000;

/// At most this many terms a typo expands to (the most frequent).
pub const MAX_FUZZY_TERMS: usize = 12;

/// A word in at least this many articles is not expanded for typos (one or two
/// occurrences may themselves be typos in the base).
pub const KNOWN_WORD_DF: u64 = 3;

const FUZZY_BOOST: f32 = 0.3;
const FUZZY_TITLE_BOOST: f32 = 0.6;
const PREFIX_BOOST: f32 = 0.5;
const PREFIX_TITLE_BOOST: f32 = 1.0;

/// The agent's text, split into words and operators. All words are folded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// Complete words (stop words removed when other words remain), deduplicated.
    pub words: Vec<String>,
    /// The word being typed (the text does not end in whitespace).
    pub prefix: Option<String>,
    /// `"exact phrase"`: the folded words of each phrase.
    pub phrases: Vec<Vec<String>>,
    /// `-word` / `-"some words"`: folded words of each exclusion.
    pub excluded: Vec<Vec<String>>,
    /// `tag:x` (folded), with whether it is the last thing being typed (prefix).
    pub tags: Vec<(String, bool)>,
    /// `cat:x` (folded category prefixes).
    pub cats: Vec<String>,
    /// `lang:x`.
    pub langs: Vec<Lang>,
    /// `status:x`.
    pub statuses: Vec<ArticleStatus>,
}

impl Parsed {
    /// Whether hits rank strictly by the number of words matched (short queries).
    pub fn strict(&self) -> bool {
        self.words.len() + usize::from(self.prefix.is_some()) <= STRICT_WORDS
    }

    /// True when nothing in the text asks for anything.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.prefix.is_none() && self.phrases.is_empty()
    }

    /// Whether the word being typed is expanded to the words it starts: not when it is
    /// a single character after other words (`router s` is still `router` until the
    /// next letter; the character alone is still searched as a word).
    pub fn prefix_expands(&self) -> bool {
        self.prefix
            .as_ref()
            .is_some_and(|p| self.words.is_empty() || p.chars().nth(1).is_some())
    }

    fn has_filter(&self) -> bool {
        !self.tags.is_empty()
            || !self.cats.is_empty()
            || !self.langs.is_empty()
            || !self.statuses.is_empty()
    }
}

enum Item {
    Text(String),
    Phrase(String, bool),
    Op(String, String),
}

/// Splits the text into plain text, phrases and `key:value` operators.
fn items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_quote = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // A phrase, possibly negated: only when the quote closes.
        let negated = c == '-' && chars.get(i + 1).is_some_and(|&(_, n)| is_quote(n));
        let q = if negated { i + 1 } else { i };
        if is_quote(chars[q].1)
            && let Some(close) = (q + 1..chars.len()).find(|&j| is_quote(chars[j].1))
        {
            let from = chars[q].0 + chars[q].1.len_utf8();
            let to = chars[close].0;
            out.push(Item::Phrase(text[from..to].to_string(), negated));
            i = close + 1;
            continue;
        }
        // A chunk up to the next whitespace (an unclosed quote is plain text).
        let mut j = i;
        while j < chars.len() && !chars[j].1.is_whitespace() {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let chunk = &text[start..end];
        if let Some((key, value)) = chunk.split_once(':')
            && is_operator(key)
        {
            out.push(Item::Op(key.to_lowercase(), value.to_string()));
        } else {
            out.push(Item::Text(chunk.to_string()));
        }
        i = j;
    }
    out
}

/// Whether the query text filters by tag and by category (`tag:x`, `cat:x` and their
/// other spellings), as the parser reads them.
pub fn filters_in(text: &str) -> (bool, bool) {
    let (mut tag, mut cat) = (false, false);
    for word in text.split_whitespace() {
        let Some((key, value)) = word.split_once(':') else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match key.to_lowercase().as_str() {
            "tag" | "tags" | "etiqueta" => tag = true,
            "cat" | "category" | "categoria" | "categoría" => cat = true,
            _ => {}
        }
    }
    (tag, cat)
}

fn is_operator(key: &str) -> bool {
    matches!(
        key.to_lowercase().as_str(),
        "tag"
            | "tags"
            | "etiqueta"
            | "cat"
            | "category"
            | "categoria"
            | "categoría"
            | "lang"
            | "idioma"
            | "status"
            | "estado"
    )
}

/// Parses what the agent typed. Never fails.
pub fn parse(an: &mut Analyzers, text: &str) -> Parsed {
    let text = super::snippet::cap(text, MAX_QUERY_BYTES);
    let typing = !text.is_empty() && !text.ends_with(char::is_whitespace);
    let items = items(text);
    let mut p = Parsed::default();
    let mut words: Vec<String> = Vec::new();
    let mut ops = 0usize;
    let last = items.len().saturating_sub(1);
    for (n, item) in items.into_iter().enumerate() {
        let is_last = n == last && typing;
        match item {
            Item::Text(chunk) => {
                if let Some(rest) = chunk.strip_prefix('-')
                    && rest.starts_with(char::is_alphanumeric)
                {
                    let ws: Vec<String> = an.words(rest).into_iter().map(|w| w.folded).collect();
                    if !ws.is_empty() && ops < MAX_OPERATORS {
                        ops += 1;
                        p.excluded.push(ws);
                    }
                    continue;
                }
                let mut ws: Vec<String> = an.words(&chunk).into_iter().map(|w| w.folded).collect();
                if is_last && let Some(last) = ws.pop() {
                    p.prefix = Some(last);
                }
                words.extend(ws);
            }
            Item::Phrase(phrase, negated) => {
                let ws: Vec<String> = an.words(&phrase).into_iter().map(|w| w.folded).collect();
                if ws.is_empty() || ops >= MAX_OPERATORS {
                    continue;
                }
                ops += 1;
                if negated {
                    p.excluded.push(ws);
                } else {
                    p.phrases.push(ws);
                }
            }
            Item::Op(key, value) => {
                if value.trim().is_empty() || ops >= MAX_OPERATORS {
                    continue;
                }
                ops += 1;
                match key.as_str() {
                    "lang" | "idioma" => match Lang::parse(&value) {
                        Some(lang) => p.langs.push(lang),
                        None => {
                            words.extend(an.words(&value).into_iter().map(|w| w.folded));
                        }
                    },
                    "status" | "estado" => match status_named(&value) {
                        Some(st) => p.statuses.push(st),
                        None => {
                            words.extend(an.words(&value).into_iter().map(|w| w.folded));
                        }
                    },
                    "cat" | "category" | "categoria" | "categoría" => {
                        let v = an.keyword(value.trim_end_matches('/'));
                        if !v.is_empty() {
                            p.cats.push(v);
                        }
                    }
                    _ => {
                        let v = an.keyword(&value);
                        if !v.is_empty() {
                            p.tags.push((v, is_last));
                        }
                    }
                }
            }
        }
    }
    // Drop stop words when something else remains; deduplicate; cap.
    let meaningful = words.iter().any(|w| !analysis::is_stop_word(w)) || p.prefix.is_some();
    let mut seen = HashSet::new();
    for w in words {
        if meaningful && analysis::is_stop_word(&w) {
            continue;
        }
        if p.prefix.as_deref() == Some(w.as_str()) {
            continue;
        }
        if seen.insert(w.clone()) && p.words.len() < MAX_WORDS {
            p.words.push(w);
        }
    }
    p
}

/// A status by its name in either language (`archived`, `archivado` …).
fn status_named(value: &str) -> Option<ArticleStatus> {
    let v = crate::text::fold(value.trim());
    ArticleStatus::parse(&v).or(match v.as_str() {
        "archivado" | "archivados" | "archivada" | "archivadas" => Some(ArticleStatus::Archived),
        "borrador" | "borradores" => Some(ArticleStatus::Draft),
        "validado" | "validados" | "validada" | "validadas" => Some(ArticleStatus::Validated),
        _ => None,
    })
}

/// Prefix and typo expansions already computed against one index: an engine's
/// searcher never changes, so while the agent types a sentence only the word being
/// typed is expanded again.
#[derive(Debug, Default)]
pub struct Expansions {
    /// (field, most terms, typo distance or 0 for a prefix, word) → terms.
    map: HashMap<(Field, usize, u8, String), Vec<String>>,
}

/// Most expansions an engine remembers (a few hundred bytes each).
const MAX_EXPANSIONS: usize = 4_096;

impl Expansions {
    pub fn clear(&mut self) {
        self.map.clear();
    }
}

/// Builds queries against one searcher.
pub struct Builder<'a> {
    pub fields: &'a Fields,
    pub searcher: &'a Searcher,
    pub an: &'a mut Analyzers,
    /// Where expansions are remembered (the engine's), if anywhere.
    pub cache: Option<&'a Mutex<Expansions>>,
    /// The folded index terms prefix and typo expansion added to the query: the
    /// highlighter marks exactly these (see [`matcher`]).
    pub expanded: Vec<String>,
    /// Set by [`Builder::request`] for short queries: the articles having every word
    /// exactly, scored as the full query scores them (for a lone word, less its
    /// constant). When it finds `limit` hits, those are the full query's first `limit`
    /// (they outrank every other article).
    pub all_words: Option<Box<dyn Query>>,
}

/// The `max` most frequent terms (ties in term order).
fn most_frequent(found: HashMap<Vec<u8>, u32>, max: usize) -> Vec<String> {
    let mut found: Vec<(u32, Vec<u8>)> = found.into_iter().map(|(k, df)| (df, k)).collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found
        .into_iter()
        .take(max)
        .filter_map(|(_, k)| String::from_utf8(k).ok())
        .collect()
}

/// A stop word of the folded field: never an expansion (`l` would otherwise become
/// `la`, `los`, `las`, which every Spanish article has).
fn is_stop_term(key: &[u8]) -> bool {
    std::str::from_utf8(key).is_ok_and(analysis::is_stop_word)
}

/// What one query word contributes.
struct WordQuery {
    /// Everything: its exact terms with its constant, its typo neighbours below.
    whole: Box<dyn Query>,
    /// Its exact terms (stems, prefix expansion) alone, a plain disjunction.
    exact: Option<Box<dyn Query>>,
    /// What stands for it in [`Builder::all_words`]: its exact part with its constant,
    /// or its typo part when no article has it exactly.
    for_all_words: Option<Box<dyn Query>>,
    /// It has typo neighbours.
    typo: bool,
}

fn boxed(q: impl Query) -> Box<dyn Query> {
    Box::new(q)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    boxed(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    boxed(ConstScoreQuery::new(q, 0.0))
}

impl<'a> Builder<'a> {
    pub fn new(fields: &'a Fields, searcher: &'a Searcher, an: &'a mut Analyzers) -> Self {
        Builder {
            fields,
            searcher,
            an,
            cache: None,
            expanded: Vec::new(),
            all_words: None,
        }
    }

    /// Remembers expansions in (and reuses them from) `cache`.
    pub fn with_cache(mut self, cache: &'a Mutex<Expansions>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// An expansion from the cache, or computed by `compute` and remembered.
    fn cached(
        &self,
        key: (Field, usize, u8, &str),
        compute: impl FnOnce() -> Vec<String>,
    ) -> Vec<String> {
        let (field, max, distance, word) = key;
        let key = (field, max, distance, word.to_string());
        if let Some(found) = self
            .cache
            .and_then(|c| c.lock().ok())
            .and_then(|c| c.map.get(&key).cloned())
        {
            return found;
        }
        let terms = compute();
        if let Some(mut c) = self.cache.and_then(|c| c.lock().ok()) {
            if c.map.len() >= MAX_EXPANSIONS {
                c.map.clear();
            }
            c.map.insert(key, terms.clone());
        }
        terms
    }

    /// Exact stemmed terms of one folded word in both languages' fields, each field
    /// with its boost times `weight`.
    pub(crate) fn stemmed(&mut self, word: &str, weight: f32) -> Vec<(Occur, Box<dyn Query>)> {
        let mut out = Vec::new();
        let mut seen: Vec<(Lang, String)> = Vec::new();
        for form in related::forms(word) {
            for lang in Lang::ALL {
                let stem = self.an.stem(lang, form);
                if stem.is_empty() || seen.iter().any(|(l, s)| *l == lang && *s == stem) {
                    continue;
                }
                for (field, boost) in self.fields.lang(lang).weighted() {
                    out.push((
                        Occur::Should,
                        boxed(BoostQuery::new(term_query(field, &stem), boost * weight)),
                    ));
                }
                seen.push((lang, stem));
            }
        }
        out
    }

    /// The segments, largest first. Expansions read segments in this order and stop
    /// once one has given enough terms: a segment is a sample of thousands of
    /// articles, so its most frequent words are the base's; rarer words are still
    /// found in the next segments when the first ones give too few.
    fn largest_first(&self) -> Vec<&'a tantivy::SegmentReader> {
        let mut segments: Vec<&tantivy::SegmentReader> =
            self.searcher.segment_readers().iter().collect();
        segments.sort_by_key(|s| (std::cmp::Reverse(s.max_doc()), s.segment_id().uuid_string()));
        segments
    }

    /// Terms of `field` starting with `prefix`, the most frequent first.
    fn expand_prefix(&self, field: Field, prefix: &str, max: usize) -> Vec<String> {
        self.cached((field, max, 0, prefix), || {
            let mut found: HashMap<Vec<u8>, u32> = HashMap::new();
            let start = prefix.as_bytes();
            for segment in self.largest_first() {
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().range().ge(start).into_stream() else {
                    continue;
                };
                // The segment's `max` most frequent terms; a term is copied only when
                // it gets in.
                let mut top: Vec<(u32, Vec<u8>)> = Vec::with_capacity(max + 1);
                let mut floor = 0;
                let mut scanned = 0;
                let scan = by_prefix_length(prefix, MAX_SCANNED_TERMS);
                while stream.advance() && scanned < scan {
                    let key = stream.key();
                    if !key.starts_with(start) {
                        break;
                    }
                    scanned += 1;
                    let df = stream.value().doc_freq;
                    if (top.len() < max || df > floor)
                        && !(field != self.fields.tag
                            && field != self.fields.cat
                            && is_stop_term(key))
                    {
                        top.push((df, key.to_vec()));
                        if top.len() > max
                            && let Some(i) = (0..top.len()).min_by_key(|&i| top[i].0)
                        {
                            top.swap_remove(i);
                        }
                        if top.len() == max {
                            floor = top.iter().map(|(df, _)| *df).min().unwrap_or(0);
                        }
                    }
                }
                for (df, key) in top {
                    *found.entry(key).or_default() += df;
                }
                if found.len() >= max {
                    break;
                }
            }
            most_frequent(found, max)
        })
    }

    /// Terms of `field` within `distance` edits of `word` (the word itself excluded),
    /// the most frequent first.
    fn expand_fuzzy(&self, field: Field, word: &str, distance: u8, max: usize) -> Vec<String> {
        self.cached((field, max, distance, word), || {
            let mut found: HashMap<Vec<u8>, u32> = HashMap::new();
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
            // Building the automaton is the costly part: once for every segment.
            let Ok(automaton) = fuzzy.automaton() else {
                return Vec::new();
            };
            for segment in self.largest_first() {
                if found.len() >= max {
                    break;
                }
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
                    continue;
                };
                let mut scanned = 0;
                while stream.advance() && scanned < MAX_SCANNED_TERMS {
                    scanned += 1;
                    let key = stream.key();
                    if key != word.as_bytes() && !is_stop_term(key) {
                        *found.entry(key.to_vec()).or_default() += stream.value().doc_freq;
                    }
                }
            }
            most_frequent(found, max)
        })
    }

    /// Whether the base has `word` as it is in at least [`KNOWN_WORD_DF`] articles: then
    /// it is taken as meant and not expanded to its typo neighbours (which would only
    /// rank below it, at the cost of many more posting lists to score).
    fn known(&self, word: &str) -> bool {
        self.searcher
            .doc_freq(&Term::from_field_text(self.fields.all_f, word))
            .is_ok_and(|df| df >= KNOWN_WORD_DF)
    }

    /// Whether no article has `word` in any form its exact query looks for (its stems
    /// in every language field).
    fn unmatched(&mut self, word: &str) -> bool {
        Lang::ALL.into_iter().all(|lang| {
            let stem = self.an.stem(lang, word);
            stem.is_empty()
                || self.fields.lang(lang).weighted().iter().all(|(field, _)| {
                    self.searcher
                        .doc_freq(&Term::from_field_text(*field, &stem))
                        .is_ok_and(|df| df == 0)
                })
        })
    }

    /// Scored term queries for expanded terms, in each of `fields` with its boost
    /// (remembered for the highlighter).
    fn expanded_terms(
        &mut self,
        terms: &[String],
        fields: &[(Field, f32)],
    ) -> Vec<(Occur, Box<dyn Query>)> {
        self.expanded.extend(terms.iter().cloned());
        terms
            .iter()
            .flat_map(|t| {
                fields.iter().map(move |&(field, boost)| {
                    (
                        Occur::Should,
                        boxed(BoostQuery::new(term_query(field, t), boost)),
                    )
                })
            })
            .collect()
    }

    /// How much matching each word adds, besides its BM25 score. Up to
    /// [`STRICT_WORDS`] words each add [`COORD`]: articles with all of them first, then
    /// most. Longer text (a customer's sentence) ranks by BM25, which already weighs
    /// rare words over common ones, plus a small bonus per matched word.
    fn coverage(&self, words: &[(String, bool)]) -> Vec<f32> {
        // Same test as `Parsed::strict`.
        let per_word = if words.len() <= STRICT_WORDS {
            COORD
        } else {
            SOFT_COVERAGE
        };
        vec![per_word; words.len()]
    }

    /// Everything one query word contributes, with its coverage constants: a full
    /// [`COORD`] when it matches exactly (or as the prefix being typed, expanded to the
    /// words it starts in `prefix_fields`), a small part of it when it matches only
    /// with a typo.
    fn word_query(
        &mut self,
        word: &str,
        prefix_fields: &[(Field, f32)],
        coverage: f32,
    ) -> Option<WordQuery> {
        let mut exact = self.stemmed(word, 1.0);
        if let Some((field, _)) = prefix_fields.first() {
            let terms = self.expand_prefix(*field, word, by_prefix_length(word, MAX_PREFIX_TERMS));
            exact.extend(self.expanded_terms(&terms, prefix_fields));
        }
        let d = if self.known(word) {
            0
        } else {
            typo_distance(word)
        };
        let fuzzy = if d > 0 {
            let terms = self.expand_fuzzy(self.fields.all_f, word, d, MAX_FUZZY_TERMS);
            self.expanded_terms(
                &terms,
                &[
                    (self.fields.all_f, FUZZY_BOOST),
                    (self.fields.title_f, FUZZY_TITLE_BOOST),
                ],
            )
        } else {
            Vec::new()
        };
        if exact.is_empty() && fuzzy.is_empty() {
            return None;
        }
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let exact = (!exact.is_empty()).then(|| boxed(BooleanQuery::new(exact)));
        let mut for_all_words = exact
            .as_ref()
            .map(|exact| boxed(Plus(exact.box_clone(), coverage)));
        if let Some(q) = &for_all_words {
            parts.push((Occur::Should, q.box_clone()));
        }
        let typo = !fuzzy.is_empty();
        if typo {
            // Only where the word does not match exactly: typo matches rank below.
            let mut only_typo = vec![(Occur::Must, boxed(BooleanQuery::new(fuzzy)))];
            if let Some(exact) = &exact {
                only_typo.push((Occur::MustNot, exact.box_clone()));
            }
            let typo_part = boxed(Plus(
                boxed(BooleanQuery::new(only_typo)),
                coverage * TYPO_COVERAGE,
            ));
            // A misspelt word that no article has as typed: its typo neighbours stand
            // in for it among the articles with every word.
            if prefix_fields.is_empty() && self.unmatched(word) {
                for_all_words = Some(typo_part.box_clone());
            }
            parts.push((Occur::Should, typo_part));
        }
        Some(WordQuery {
            whole: boxed(BooleanQuery::new(parts)),
            exact,
            for_all_words,
            typo,
        })
    }

    /// A phrase (or a single word) matched exactly: the same words in the same order,
    /// accents and case aside.
    fn phrase_query(&mut self, words: &[String]) -> Box<dyn Query> {
        if let [word] = words {
            return term_query(self.fields.all_f, word);
        }
        let folded: Vec<Term> = words
            .iter()
            .map(|w| Term::from_field_text(self.fields.all_f, w))
            .collect();
        boxed(Safe(boxed(PhraseQuery::new(folded))))
    }

    /// Terms of a keyword field: exact, or every term starting with `value`.
    fn keyword_terms(&self, field: Field, value: &str, prefix: bool) -> Box<dyn Query> {
        if prefix {
            let terms: Vec<Term> = self
                .expand_prefix(field, value, 256)
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect();
            boxed(TermSetQuery::new(terms))
        } else {
            term_query(field, value)
        }
    }

    /// The status clause: articles with one of `statuses`, or, when none is asked for,
    /// no archived article (nothing at all when the base has none: the fast paths for
    /// a lone word stay open).
    fn status_filter(&self, statuses: &[ArticleStatus]) -> Option<(Occur, Box<dyn Query>)> {
        if statuses.is_empty() {
            let archived =
                Term::from_field_text(self.fields.status, ArticleStatus::Archived.name());
            let any = self.searcher.doc_freq(&archived).is_ok_and(|df| df > 0);
            return any.then(|| {
                (
                    Occur::MustNot,
                    boxed(TermQuery::new(archived, IndexRecordOption::Basic)),
                )
            });
        }
        let terms: Vec<Term> = statuses
            .iter()
            .map(|st| Term::from_field_text(self.fields.status, st.name()))
            .collect();
        Some((Occur::Must, filter(boxed(TermSetQuery::new(terms)))))
    }

    /// The query for a request, or `None` when it asks for nothing.
    pub fn request(&mut self, req: &SearchRequest, p: &Parsed) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Words: coverage (a constant per matched word) then BM25.
        let mut groups: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let words: Vec<(String, bool)> = p
            .words
            .iter()
            .map(|w| (w.clone(), false))
            .chain(p.prefix.iter().map(|w| (w.clone(), p.prefix_expands())))
            .collect();
        let coverage = self.coverage(&words);
        // One or two letters and nothing else typed: articles whose titles have words
        // starting so (the whole text would be most of the base).
        let titles_only = words.len() == 1 && words[0].1 && words[0].0.chars().nth(2).is_none();
        let prefix_fields = if titles_only {
            vec![(self.fields.title_f, PREFIX_TITLE_BOOST)]
        } else {
            vec![
                (self.fields.all_f, PREFIX_BOOST),
                (self.fields.title_f, PREFIX_TITLE_BOOST),
            ]
        };
        let mut word_queries: Vec<Option<WordQuery>> = Vec::new();
        for ((word, is_prefix), coverage) in words.iter().zip(coverage) {
            let fields: &[(Field, f32)] = if *is_prefix { &prefix_fields } else { &[] };
            let q = self.word_query(word, fields, coverage);
            if let Some(q) = &q {
                groups.push((Occur::Should, q.whole.box_clone()));
            }
            word_queries.push(q);
        }
        let has_words = !groups.is_empty();
        if has_words {
            clauses.push((Occur::Must, boxed(BooleanQuery::new(groups))));
        }
        for phrase in &p.phrases {
            clauses.push((Occur::Must, self.phrase_query(phrase)));
            // Rank phrase matches like words: title and keywords first.
            let mut scoring = Vec::new();
            for w in phrase.iter().take(MAX_WORDS) {
                scoring.extend(self.stemmed(w, 1.0));
            }
            if !scoring.is_empty() {
                clauses.push((Occur::Should, boxed(BooleanQuery::new(scoring))));
            }
        }
        let positive = has_words || !p.phrases.is_empty();
        if !positive {
            // Filters alone (`tag:billing`, or `--tag billing` with no words) list what
            // they select.
            let req_filter = !req.tags.is_empty() || req.category.is_some();
            if !p.has_filter() && !req_filter {
                return None;
            }
            clauses.push((Occur::Must, boxed(AllQuery)));
        }
        for ex in &p.excluded {
            clauses.push((Occur::MustNot, self.phrase_query(ex)));
        }
        // Filters: from the request and from operators.
        let mut langs: Vec<Lang> = p.langs.clone();
        langs.extend(req.lang);
        for lang in langs {
            clauses.push((
                Occur::Must,
                filter(term_query(self.fields.lang, lang.code())),
            ));
        }
        for tag in &req.tags {
            let v = self.an.keyword(tag);
            if v.is_empty() {
                continue;
            }
            clauses.push((Occur::Must, filter(term_query(self.fields.tag, &v))));
        }
        for (tag, typing) in &p.tags {
            clauses.push((
                Occur::Must,
                filter(self.keyword_terms(self.fields.tag, tag, *typing)),
            ));
        }
        if let Some(cat) = &req.category {
            let v = self.an.keyword(cat.trim_matches('/'));
            if !v.is_empty() {
                clauses.push((Occur::Must, filter(term_query(self.fields.cat, &v))));
            }
        }
        for cat in &p.cats {
            clauses.push((
                Occur::Must,
                filter(self.keyword_terms(self.fields.cat, cat, true)),
            ));
        }
        clauses.extend(self.status_filter(&p.statuses));
        // Short queries rank every article with all words (exactly) above the others,
        // by the same score: when enough articles have them all, the intersection alone
        // gives the same first hits at a fraction of the cost of scoring the union.
        self.all_words = None;
        let all_words: Option<Vec<WordQuery>> = word_queries.into_iter().collect();
        match all_words.as_deref() {
            // One word and nothing else: its exact terms alone, a plain disjunction
            // tantivy can prune (block-WAND); scores lack only the constant.
            Some([one]) if clauses.len() == 1 => {
                self.all_words = one.exact.as_ref().map(|q| q.box_clone());
            }
            Some(all)
                if has_words
                    && p.strict()
                    && (all.len() > 1 || all.iter().any(|w| w.typo))
                    && all.iter().all(|w| w.for_all_words.is_some()) =>
            {
                let mut must: Vec<(Occur, Box<dyn Query>)> = all
                    .iter()
                    .filter_map(|w| w.for_all_words.as_ref())
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect();
                must.extend(clauses[1..].iter().map(|(o, q)| (*o, q.box_clone())));
                self.all_words = Some(boxed(BooleanQuery::new(must)));
            }
            _ => {}
        }
        Some(boxed(BooleanQuery::new(clauses)))
    }

    /// OR of weighted terms (suggestions), ranked like a long query of the search box:
    /// each term an article matches adds [`SOFT_COVERAGE`] times its weight, then BM25
    /// (keywords boosted); no typo or prefix expansion. Excluded ids never match.
    pub fn weighted(
        &mut self,
        terms: &[WeightedTerm],
        exclude: &[String],
    ) -> Option<Box<dyn Query>> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = HashSet::new();
        for t in terms.iter().take(MAX_WORDS * 4) {
            if !(t.weight.is_finite() && t.weight > 0.0) {
                continue;
            }
            let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for w in self.an.words(&t.word) {
                if !seen.insert((w.folded.clone(), t.weight.to_bits())) {
                    continue;
                }
                parts.extend(self.stemmed(&w.folded, t.weight));
            }
            if !parts.is_empty() {
                let q = boxed(BooleanQuery::new(parts));
                should.push((Occur::Should, boxed(Plus(q, SOFT_COVERAGE * t.weight))));
            }
        }
        if should.is_empty() {
            return None;
        }
        let mut clauses = vec![(Occur::Must, boxed(BooleanQuery::new(should)))];
        clauses.extend(self.status_filter(&[]));
        for id in exclude {
            clauses.push((Occur::MustNot, term_query(self.fields.id, id)));
        }
        Some(boxed(BooleanQuery::new(clauses)))
    }
}

/// The highlighter for a parsed query whose query expanded to the folded index terms
/// `expanded` ([`Builder::expanded`]).
pub fn matcher(an: &mut Analyzers, p: &Parsed, expanded: &[String]) -> Matcher {
    let mut m = Matcher::default();
    for w in p.words.iter().chain(p.phrases.iter().flatten()) {
        m.add_word(an, w);
    }
    if let Some(prefix) = &p.prefix {
        m.add_word(an, prefix);
        if p.prefix_expands() {
            m.prefix = Some(prefix.clone());
        }
    }
    m.add_terms(expanded);
    m
}

#[cfg(test)]
mod filter_tests {
    use super::filters_in;

    #[test]
    fn finds_the_filters_asked_for() {
        assert_eq!(filters_in("roaming tag:viaje"), (true, false));
        assert_eq!(filters_in("Categoría:movil x"), (false, true));
        assert_eq!(filters_in("tag: cat:"), (false, false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Parsed {
        parse(&mut Analyzers::new(), text)
    }

    #[test]
    fn operators_and_plain_text() {
        let p = parsed("\"cargo duplicado\" -móvil tag:Facturación cat:fact lang:en pedido:123 ");
        assert_eq!(
            p.phrases,
            vec![vec!["cargo".to_string(), "duplicado".into()]]
        );
        assert_eq!(p.excluded, vec![vec!["movil".to_string()]]);
        assert_eq!(p.tags, vec![("facturacion".to_string(), false)]);
        assert_eq!(p.cats, vec!["fact".to_string()]);
        assert_eq!(p.langs, vec![Lang::En]);
        assert_eq!(p.words, vec!["pedido".to_string(), "123".into()]);
        assert_eq!(p.prefix, None);
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        let p = parsed("la factu");
        assert_eq!(p.prefix.as_deref(), Some("factu"));
        assert!(p.words.is_empty(), "stop word dropped: {p:?}");
        let p = parsed("NOT factura \"sin cerrar");
        assert_eq!(p.words, vec!["factura".to_string()]);
        assert_eq!(p.prefix.as_deref(), Some("cerrar"));
        assert!(p.phrases.is_empty());
    }

    #[test]
    fn nothing_to_search() {
        for text in ["", "   ", "-", "--", "\"\"", "***", "tag:", "😀", ":::"] {
            let p = parsed(text);
            assert!(p.is_empty(), "{text:?}: {p:?}");
        }
    }
}
