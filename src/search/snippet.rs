//! Highlights and snippets for returned hits.
//!
//! tantivy's `SnippetGenerator` does not see prefix- and fuzzy-expanded terms, so the
//! matching words are found here with the same analyzers the index uses: a word of the
//! text is highlighted when its folded form is a query word or one of the index terms
//! the query expanded to (prefix and typo expansion, see [`Matcher::add_terms`]), its
//! stem (in the article's language) equals a query stem, or it starts with the prefix
//! being typed.
//!
//! This runs for every hit on every keystroke: words are streamed from the analyzer
//! without allocating, looked up with a cheap hash, and stemmed only when they could
//! stem to a query stem.
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Highlighted;
use super::analysis::{Analyzers, WordHash};
use crate::knowledge::Lang;

/// Longest text (bytes) scanned for a snippet.
pub const MAX_SCAN: usize = 10_000;
/// Target snippet length in characters.
pub const SNIPPET_CHARS: usize = 180;

/// A set of words hashed with [`WordHasher`](super::analysis::WordHasher).
pub type WordSet = HashSet<String, WordHash>;

/// What makes a word of an article a match.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// Folded query words (complete words, phrase words, the prefix as typed) and the
    /// index terms the query expanded to.
    pub exact: WordSet,
    /// Query stems per language.
    pub stems_es: WordSet,
    pub stems_en: WordSet,
    /// The word being typed (folded).
    pub prefix: Option<String>,
    /// Words already stemmed for this query, and whether their stem matched (the same
    /// words come back in hit after hit).
    stemmed: RefCell<HashMap<(Lang, String), bool, WordHash>>,
}

impl Matcher {
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefix.is_none()
    }

    /// Adds a complete query word: itself and its stems.
    pub fn add_word(&mut self, an: &mut Analyzers, folded: &str) {
        self.exact.insert(folded.to_string());
        for lang in Lang::ALL {
            let stem = an.stem(lang, folded);
            if !stem.is_empty() {
                self.stems(lang).insert(stem);
            }
        }
    }

    /// Adds folded index terms that match as they are: what prefix and typo expansion
    /// found in the index for this query (the only words a typo can match through).
    pub fn add_terms<'a>(&mut self, terms: impl IntoIterator<Item = &'a String>) {
        self.exact.extend(terms.into_iter().cloned());
    }

    fn stems(&mut self, lang: Lang) -> &mut WordSet {
        match lang {
            Lang::Es => &mut self.stems_es,
            Lang::En => &mut self.stems_en,
        }
    }

    fn stem_set(&self, lang: Lang) -> &WordSet {
        match lang {
            Lang::Es => &self.stems_es,
            Lang::En => &self.stems_en,
        }
    }

    /// Does a folded word match without looking at its stem?
    fn matches_as_is(&self, folded: &str) -> bool {
        self.exact.contains(folded)
            || self
                .prefix
                .as_deref()
                .is_some_and(|p| folded.starts_with(p))
    }

    /// The words of `text` that match, as byte ranges (sorted, disjoint).
    pub fn find(&self, an: &mut Analyzers, lang: Lang, text: &str) -> Vec<Range<usize>> {
        if self.is_empty() || text.is_empty() {
            return Vec::new();
        }
        // Stemmers change the end of a word: only words that start like a query stem
        // can stem to it, so only those are stemmed (after the scan: the analyzer that
        // streams the words is busy during it).
        let stems = self.stem_set(lang);
        let heads: HashSet<&str, WordHash> = stems.iter().map(|s| head(s)).collect();
        // Most words cannot match: their first letter starts no query word, expansion,
        // stem or prefix.
        let mut first = [false; 256];
        for w in self.exact.iter().chain(stems).chain(self.prefix.as_ref()) {
            if let Some(&b) = w.as_bytes().first() {
                first[usize::from(b)] = true;
            }
        }
        let mut out: Vec<(Range<usize>, bool)> = Vec::new();
        let mut to_stem: Vec<(usize, String)> = Vec::new();
        an.for_each_word_where(
            text,
            |b| first[usize::from(b)],
            |range, folded| {
                if self.matches_as_is(folded) {
                    out.push((range, true));
                } else if heads.contains(head(folded)) {
                    to_stem.push((out.len(), folded.to_string()));
                    out.push((range, false));
                }
            },
        );
        if !to_stem.is_empty() {
            let mut memo = self.stemmed.borrow_mut();
            for (i, folded) in to_stem {
                let key = (lang, folded);
                let hit = match memo.get(&key) {
                    Some(&hit) => hit,
                    None => {
                        let stem = an.stem(lang, &key.1);
                        let hit = !stem.is_empty() && stems.contains(&stem);
                        memo.insert(key, hit);
                        hit
                    }
                };
                out[i].1 = hit;
            }
        }
        out.into_iter()
            .filter(|(_, m)| *m)
            .map(|(r, _)| r)
            .collect()
    }
}

/// The first two characters of a word (all of it when shorter).
fn head(word: &str) -> &str {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// Typo tolerance of a query word: none under 4 letters, 1 edit for 4–7, 2 for 8+.
pub fn typo_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The whole `text` with its matching words highlighted.
pub fn highlight_all(m: &Matcher, an: &mut Analyzers, lang: Lang, text: &str) -> Highlighted {
    Highlighted {
        text: text.to_string(),
        highlights: m.find(an, lang, text),
    }
}

/// Cuts `text` to at most `max` bytes on a char boundary.
pub fn cap(text: &str, max: usize) -> &str {
    &text[..text.floor_char_boundary(max)]
}

/// A fragment of about [`SNIPPET_CHARS`] characters of `text` around the densest group
/// of `ranges` (the start when empty), with control whitespace turned into spaces and
/// `…` where text was cut.
pub fn window(text: &str, ranges: &[Range<usize>]) -> Highlighted {
    let max_bytes = SNIPPET_CHARS * 2;
    // The window start (a match) that covers the most distinct matched words (among
    // the first matches: a long article with a common word has hundreds).
    let total = distinct(text, ranges.iter().take(MAX_WINDOW_STARTS * 4)).len();
    let mut best = (0usize, 0usize);
    for (i, r) in ranges.iter().enumerate().take(MAX_WINDOW_STARTS) {
        let limit = char_limit(text, r.start, SNIPPET_CHARS.saturating_sub(40));
        let within = ranges[i..].iter().take_while(|q| q.end <= limit);
        let n = distinct(text, within).len();
        if n > best.1 {
            best = (i, n);
            if n == total {
                break;
            }
        }
    }
    let first = ranges.get(best.0).map_or(0, |r| r.start);
    // Start a little before the first match, at a word boundary.
    let mut start = back_chars(text, first, 40);
    if start > 0 {
        start = text[start..first]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i + 1)
            .min(first);
        // Prefer the start of the sentence when it is close.
        if let Some(dot) = text[start..first].rfind(['.', '\n']) {
            start += dot + 1;
        }
    }
    let mut end = char_limit(text, start, SNIPPET_CHARS).min(start + max_bytes);
    end = text.floor_char_boundary(end);
    if end < text.len()
        && let Some(sp) = text[start..end].rfind(char::is_whitespace)
        && start + sp > first
    {
        end = start + sp;
    }
    // Trim leading whitespace.
    while start < end && text[start..].starts_with(char::is_whitespace) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    let body: String = text[start..end]
        .chars()
        .map(|c| {
            if c.is_control() && c.len_utf8() == 1 {
                ' '
            } else {
                c
            }
        })
        .collect();
    let body = body.trim_end();
    let mut out = String::new();
    let shift = if start > 0 {
        out.push('…');
        '…'.len_utf8()
    } else {
        0
    };
    out.push_str(body);
    let body_end = start + body.len();
    if end < text.len() {
        out.push('…');
    }
    let highlights = ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= body_end)
        .map(|r| (r.start - start + shift)..(r.end - start + shift))
        .collect();
    Highlighted {
        text: out,
        highlights,
    }
}

/// At most this many matches are tried as the start of a snippet.
const MAX_WINDOW_STARTS: usize = 32;

/// The distinct words (ASCII case aside) at `ranges` of `text`.
fn distinct<'a>(text: &'a str, ranges: impl Iterator<Item = &'a Range<usize>>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for r in ranges {
        let w = &text[r.clone()];
        if !seen.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            seen.push(w);
        }
    }
    seen
}

/// Byte offset `n` characters after `from` (or the end).
fn char_limit(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte offset `n` characters before `to` (or 0).
fn back_chars(text: &str, to: usize, n: usize) -> usize {
    text[..to]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_by_form_stem_prefix_and_expansion() {
        let mut an = Analyzers::new();
        let mut m = Matcher::default();
        m.add_word(&mut an, "cancelacion");
        m.add_terms(&["factrua".to_string()]);
        m.prefix = Some("rou".into());
        let text = "Cancelar la FACTRUA del Router; cancelaciones, factura, rout.";
        let found: Vec<&str> = m
            .find(&mut an, Lang::Es, text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            ["Cancelar", "FACTRUA", "Router", "cancelaciones", "rout"]
        );
    }

    #[test]
    fn window_ranges_are_valid() {
        let mut an = Analyzers::new();
        let mut m = Matcher::default();
        m.add_word(&mut an, "factura");
        let text = "Línea uno.\nÉsta es la factura del mes; la factura llega cada día. ".repeat(20);
        let h = window(&text, &m.find(&mut an, Lang::Es, &text));
        assert!(!h.highlights.is_empty());
        for r in &h.highlights {
            assert!(h.text.is_char_boundary(r.start) && h.text.is_char_boundary(r.end));
            assert_eq!(h.text[r.clone()].to_lowercase(), "factura");
        }
        assert!(!h.text.contains('\n'));
    }
}
