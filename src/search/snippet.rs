//! Highlights and snippets for returned hits.
//!
//! tantivy's `SnippetGenerator` does not see prefix- and fuzzy-expanded terms, so the
//! matching words are found here with the same analyzers the index uses: a word of the
//! text is highlighted when its folded form equals a query word, its stem (in the
//! article's language) equals a query stem, it starts with the prefix being typed, or it
//! is within the query word's typo distance.
use std::collections::HashSet;
use std::ops::Range;

use super::Highlighted;
use super::analysis::{Analyzers, Word};
use crate::knowledge::Lang;

/// Longest text (bytes) scanned for a snippet.
pub const MAX_SCAN: usize = 10_000;
/// Target snippet length in characters.
pub const SNIPPET_CHARS: usize = 180;

/// What makes a word of an article a match.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// Folded query words (complete words, phrase words, the prefix as typed).
    pub exact: HashSet<String>,
    /// Query stems per language.
    pub stems_es: HashSet<String>,
    pub stems_en: HashSet<String>,
    /// The word being typed (folded).
    pub prefix: Option<String>,
    /// Query words with their allowed typo distance (> 0).
    pub fuzzy: Vec<(String, u8)>,
}

impl Matcher {
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefix.is_none()
    }

    /// Adds a complete query word: exact, stems, and typo tolerance when `fuzzy`.
    pub fn add_word(&mut self, an: &mut Analyzers, folded: &str, fuzzy: bool) {
        self.exact.insert(folded.to_string());
        for lang in Lang::ALL {
            let stem = an.stem(lang, folded);
            if !stem.is_empty() {
                self.stems(lang).insert(stem);
            }
        }
        let d = typo_distance(folded);
        if fuzzy && d > 0 && !self.fuzzy.iter().any(|(w, _)| w == folded) {
            self.fuzzy.push((folded.to_string(), d));
        }
    }

    fn stems(&mut self, lang: Lang) -> &mut HashSet<String> {
        match lang {
            Lang::Es => &mut self.stems_es,
            Lang::En => &mut self.stems_en,
        }
    }

    fn stem_set(&self, lang: Lang) -> &HashSet<String> {
        match lang {
            Lang::Es => &self.stems_es,
            Lang::En => &self.stems_en,
        }
    }

    /// Does a word (folded, and its stem in the article's language) match?
    pub fn matches(&self, folded: &str, stem: &str, lang: Lang) -> bool {
        if self.exact.contains(folded) || (!stem.is_empty() && self.stem_set(lang).contains(stem)) {
            return true;
        }
        if let Some(p) = &self.prefix
            && folded.starts_with(p.as_str())
        {
            return true;
        }
        self.fuzzy
            .iter()
            .any(|(w, d)| within_distance(w, folded, *d as usize))
    }

    /// The words of `text` that match, as byte ranges (sorted, disjoint).
    pub fn find(&self, an: &mut Analyzers, lang: Lang, text: &str) -> Vec<Range<usize>> {
        if self.is_empty() || text.is_empty() {
            return Vec::new();
        }
        // Stemmers change the end of a word: only words that start like a query stem
        // can stem to it, so only those are stemmed.
        let heads: HashSet<&str> = self.stem_set(lang).iter().map(|s| head(s)).collect();
        let mut out = Vec::new();
        for Word { range, folded } in an.words(text) {
            let stem = if heads.contains(head(&folded)) {
                an.stem(lang, &folded)
            } else {
                String::new()
            };
            if self.matches(&folded, &stem, lang) {
                out.push(range);
            }
        }
        out
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

/// Optimal-string-alignment distance of `a` and `b` is at most `max`.
pub fn within_distance(a: &str, b: &str, max: usize) -> bool {
    const N: usize = 64;
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > max {
        return false;
    }
    if la >= N || lb >= N {
        return a == b;
    }
    let mut ac = ['\0'; N];
    let mut bc = ['\0'; N];
    for (i, c) in a.chars().enumerate() {
        ac[i] = c;
    }
    for (i, c) in b.chars().enumerate() {
        bc[i] = c;
    }
    let (a, b) = (&ac[..la], &bc[..lb]);
    let (n, m) = (la, lb);
    let mut prev2 = [0usize; N + 1];
    let mut prev = [0usize; N + 1];
    let mut cur = [0usize; N + 1];
    for (j, p) in prev.iter_mut().enumerate().take(m + 1) {
        *p = j;
    }
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return false;
        }
        prev2 = prev;
        prev = cur;
    }
    prev[m] <= max
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

/// A fragment of about [`SNIPPET_CHARS`] characters around the densest group of
/// matches, with control whitespace turned into spaces and `…` where text was cut.
/// `None` when the text has no match.
pub fn fragment(m: &Matcher, an: &mut Analyzers, lang: Lang, text: &str) -> Option<Highlighted> {
    let text = cap(text, MAX_SCAN);
    let ranges = m.find(an, lang, text);
    if ranges.is_empty() {
        return None;
    }
    Some(window(text, &ranges))
}

/// The start of `text` as a snippet with no highlight.
pub fn plain(text: &str) -> Highlighted {
    let text = cap(text, MAX_SCAN);
    window(text, &[])
}

/// A fragment of `text` around the densest group of `ranges` (the start when empty).
pub fn window(text: &str, ranges: &[Range<usize>]) -> Highlighted {
    let max_bytes = SNIPPET_CHARS * 2;
    // The window start (a match) that covers the most distinct matched words.
    let mut best = (0usize, 0usize);
    for (i, r) in ranges.iter().enumerate() {
        let mut seen: HashSet<String> = HashSet::new();
        let limit = char_limit(text, r.start, SNIPPET_CHARS.saturating_sub(40));
        for q in &ranges[i..] {
            if q.end > limit {
                break;
            }
            seen.insert(text[q.clone()].to_lowercase());
        }
        if seen.len() > best.1 {
            best = (i, seen.len());
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

/// Highlights of `parts` joined with `sep`, as one text.
pub fn joined(
    m: &Matcher,
    an: &mut Analyzers,
    lang: Lang,
    parts: &[String],
    sep: &str,
) -> Highlighted {
    let text = parts.join(sep);
    highlight_all(m, an, lang, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert!(within_distance("factura", "factrua", 1));
        assert!(within_distance("factura", "fatura", 1));
        assert!(!within_distance("factura", "fxctrua", 1));
        assert!(within_distance("facturacion", "facturasion", 2));
        assert!(!within_distance("abc", "abcdef", 2));
    }

    #[test]
    fn window_ranges_are_valid() {
        let mut an = Analyzers::new();
        let mut m = Matcher::default();
        m.add_word(&mut an, "factura", true);
        let text = "Línea uno.\nÉsta es la factura del mes; la factura llega cada día. ".repeat(20);
        let h = fragment(&m, &mut an, Lang::Es, &text).expect("match");
        assert!(!h.highlights.is_empty());
        for r in &h.highlights {
            assert!(h.text.is_char_boundary(r.start) && h.text.is_char_boundary(r.end));
            assert_eq!(h.text[r.clone()].to_lowercase(), "factura");
        }
        assert!(!h.text.contains('\n'));
    }
}
