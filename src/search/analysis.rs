//! Text analysis shared by indexing, querying and highlighting.
//!
//! Every analyzer splits on non-alphanumeric characters, drops very long tokens,
//! lowercases and folds accents (`Facturación` → `facturacion`); the per-language ones
//! then stem. Folding happens **before** stemming so `garantía` and `garantia` stem alike.
//! Tokenizers are not stored in a tantivy index, only their names: the names carry a
//! version and [`register`] must run on every open.
use std::cell::RefCell;
use std::ops::Range;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::knowledge::Lang;
use crate::text;

/// Spanish: fold + Spanish stemmer.
pub const ES: &str = "apunte_es_v1";
/// English: fold + English stemmer.
pub const EN: &str = "apunte_en_v1";
/// Unstemmed, folded words (prefix and fuzzy matching, phrases).
pub const FOLD: &str = "apunte_fold_v1";
/// The whole value as one folded token (tags, categories).
pub const KEYWORD: &str = "apunte_keyword_v1";

/// Tokens longer than this (bytes) are dropped: base64 blobs, URLs without separators.
const MAX_TOKEN_LEN: usize = 40;

fn words(stem: Option<Language>) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match stem {
        Some(lang) => builder.filter(Stemmer::new(lang)).build(),
        None => builder.build(),
    }
}

/// The indexing analyzer of a language: the same tokens as [`words`], from the one-pass
/// [`FoldTokenizer`] and with a cache of stems (words repeat a lot; stemming was a
/// quarter of the indexing time).
fn cached_words(lang: Language) -> TextAnalyzer {
    TextAnalyzer::builder(FoldTokenizer::default())
        .filter(StemCache::new(lang))
        .build()
}

/// The indexing analyzer of the folded fields: [`words`]`(None)`'s tokens in one pass.
fn fold_words() -> TextAnalyzer {
    TextAnalyzer::from(FoldTokenizer::default())
}

/// Splits, drops long words, lowercases and folds in one pass over the text: exactly
/// the tokens (text, offsets, positions) of `SimpleTokenizer → RemoveLongFilter →
/// LowerCaser → AsciiFoldingFilter`, without running four stages per word. ASCII and
/// the Latin letters of Spanish and English are folded inline; a word with any other
/// letter goes through that chain on its own.
#[derive(Clone)]
pub struct FoldTokenizer {
    token: Token,
    chain: TextAnalyzer,
}

impl Default for FoldTokenizer {
    fn default() -> Self {
        FoldTokenizer {
            token: Token::default(),
            chain: words(None),
        }
    }
}

impl Tokenizer for FoldTokenizer {
    type TokenStream<'a> = FoldStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldStream<'a> {
        self.token.reset();
        FoldStream {
            text,
            at: 0,
            token: &mut self.token,
            chain: &mut self.chain,
        }
    }
}

pub struct FoldStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
    chain: &'a mut TextAnalyzer,
}

impl TokenStream for FoldStream<'_> {
    fn advance(&mut self) -> bool {
        // Every word takes a position, a dropped long one too (as `RemoveLongFilter`
        // after `SimpleTokenizer` does).
        while let Some((range, ascii)) = next_word(self.text, &mut self.at) {
            self.token.position = self.token.position.wrapping_add(1);
            if range.len() >= MAX_TOKEN_LEN {
                continue;
            }
            let word = &self.text[range.clone()];
            let out = &mut self.token.text;
            out.clear();
            if ascii {
                // One copy, lowercased in place (not pushed char by char).
                out.push_str(word);
                out.make_ascii_lowercase();
            } else if !word.chars().all(|c| fold_latin(c, out)) {
                out.clear();
                let mut stream = self.chain.token_stream(word);
                if stream.advance() {
                    out.push_str(&stream.token().text);
                }
            }
            self.token.offset_from = range.start;
            self.token.offset_to = range.end;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The next word of `text` at or after byte `*at` (a run of alphanumeric characters, as
/// `SimpleTokenizer` cuts them) and whether it is all ASCII; `*at` moves past it.
#[inline]
fn next_word(text: &str, at: &mut usize) -> Option<(Range<usize>, bool)> {
    let bytes = text.as_bytes();
    let mut i = *at;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
            continue;
        }
        let (c, len) = char_at(text, i);
        if c.is_alphanumeric() {
            break;
        }
        i += len;
    }
    if i >= bytes.len() {
        *at = i;
        return None;
    }
    let start = i;
    let mut ascii = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            let (c, len) = char_at(text, i);
            if !c.is_alphanumeric() {
                break;
            }
            ascii = false;
            i += len;
        }
    }
    *at = i;
    Some((start..i, ascii))
}

/// Most words one indexing thread remembers per language: enough for the common words
/// of any base, while the long tail of rare words is stemmed every time.
const STEM_CACHE_WORDS: usize = 50_000;

/// Slots of a [`StemTable`]: a power of two, a third more than [`STEM_CACHE_WORDS`]
/// so that a lookup finds its word or an empty slot within a few steps.
const STEM_SLOTS: usize = 1 << 16;

/// Longest word (and stem) a [`StemTable`] keeps, in bytes: nearly every Spanish and
/// English word; a longer one is stemmed every time.
const STEM_INLINE: usize = 22;

/// Slots looked at for a word before giving up (a miss: the word is stemmed, and kept
/// when one of these slots was free).
const STEM_PROBES: usize = 8;

pub use crate::text::{WordHash, WordHasher};

/// One remembered word and its stem, stored inline: a lookup reads one slot, where a map
/// of `String`s follows a pointer to the key's bytes (a cache miss per word; the lookup
/// was a tenth of an index build). Bytes: the word's length (0 for an empty slot: the
/// empty word is never looked up), the stem's length, the word, the stem. Plain bytes so
/// that a new table is zeroed memory the system hands out lazily (a refresh of one file
/// touches a few pages of it, not the whole table).
type StemSlot = [u8; 2 + 2 * STEM_INLINE];

/// Stems already computed, open addressing over [`STEM_SLOTS`] slots (about 3 MB,
/// reserved on the first word).
#[derive(Default)]
struct StemTable {
    slots: Vec<StemSlot>,
    words: usize,
}

impl StemTable {
    fn hash(word: &str) -> usize {
        use std::hash::BuildHasher;
        // The multiply's high bits are its best mixed ones.
        (WordHash::default().hash_one(word) >> 40) as usize
    }

    /// The stem of `word`, or the slot to keep it in (`None`: no room, or too long).
    fn find(&mut self, word: &str) -> Result<&str, Option<usize>> {
        let w = word.as_bytes();
        if w.is_empty() || w.len() > STEM_INLINE {
            return Err(None);
        }
        if self.slots.is_empty() {
            self.slots = vec![[0; 2 + 2 * STEM_INLINE]; STEM_SLOTS];
        }
        let start = Self::hash(word);
        for i in 0..STEM_PROBES {
            let at = (start + i) & (STEM_SLOTS - 1);
            let slot = &self.slots[at];
            let len = usize::from(slot[0]);
            if len == 0 {
                return Err((self.words < STEM_CACHE_WORDS).then_some(at));
            }
            if len == w.len() && slot[2..2 + len] == *w {
                let stem = &slot[2 + STEM_INLINE..][..usize::from(slot[1])];
                // Only whole `str`s go in (`keep`), so this never fails.
                return std::str::from_utf8(stem).map_err(|_| None);
            }
        }
        Err(None)
    }

    /// Keeps `stem` for `word` in the slot [`Self::find`] gave.
    fn keep(&mut self, at: usize, word: &str, stem: &str) {
        let (w, s) = (word.as_bytes(), stem.as_bytes());
        if w.is_empty() || w.len() > STEM_INLINE || s.len() > STEM_INLINE {
            return;
        }
        let slot = &mut self.slots[at];
        slot[0] = w.len() as u8;
        slot[1] = s.len() as u8;
        slot[2..2 + w.len()].copy_from_slice(w);
        slot[2 + STEM_INLINE..][..s.len()].copy_from_slice(s);
        self.words += 1;
    }
}

thread_local! {
    /// Stems already computed on this thread, per language (Spanish, English). Indexing
    /// threads live as long as their writer, so the memory goes with it.
    static STEMS: RefCell<[StemTable; 2]> = RefCell::default();
}

/// A token filter giving exactly [`Stemmer`]'s output, looking stems up in a per-thread
/// cache first.
#[derive(Clone)]
struct StemCache {
    lang: Language,
    slot: usize,
}

impl StemCache {
    fn new(lang: Language) -> StemCache {
        let slot = usize::from(lang != Language::Spanish);
        StemCache { lang, slot }
    }
}

impl TokenFilter for StemCache {
    type Tokenizer<T: Tokenizer> = StemCacheFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemCacheFilter<T> {
        StemCacheFilter {
            inner: tokenizer,
            slot: self.slot,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(self.lang))
                .build(),
        }
    }
}

#[derive(Clone)]
struct StemCacheFilter<T> {
    inner: T,
    slot: usize,
    /// The stemmer alone, run on one word at a time when the cache misses.
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for StemCacheFilter<T> {
    type TokenStream<'a> = StemCacheStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemCacheStream {
            tail: self.inner.token_stream(text),
            slot: self.slot,
            stemmer: &mut self.stemmer,
        }
    }
}

struct StemCacheStream<'a, T> {
    tail: T,
    slot: usize,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for StemCacheStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        STEMS.with_borrow_mut(|tables| {
            let table = &mut tables[self.slot];
            let free = match table.find(&token.text) {
                Ok(stem) => {
                    token.text.clear();
                    token.text.push_str(stem);
                    return;
                }
                Err(free) => free,
            };
            let mut stream = self.stemmer.token_stream(&token.text);
            let stem = if stream.advance() {
                stream.token().text.clone()
            } else {
                token.text.clone()
            };
            drop(stream);
            if let Some(at) = free {
                table.keep(at, &token.text, &stem);
            }
            token.text = stem;
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers apunte's analyzers on an index (needed after every open).
pub fn register(index: &Index) {
    let m = index.tokenizers();
    m.register(ES, cached_words(Language::Spanish));
    m.register(EN, cached_words(Language::English));
    m.register(FOLD, fold_words());
    m.register(KEYWORD, keyword());
}

/// A word found in a text: where it is and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    /// Lowercased, accent-folded.
    pub folded: String,
}

/// Analyzers owned by one caller (tantivy analyzers need `&mut` to run).
#[derive(Clone)]
pub struct Analyzers {
    fold: TextAnalyzer,
    es: TextAnalyzer,
    en: TextAnalyzer,
    keyword: TextAnalyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers::new()
    }
}

impl Analyzers {
    pub fn new() -> Analyzers {
        Analyzers {
            fold: words(None),
            es: words(Some(Language::Spanish)),
            en: words(Some(Language::English)),
            keyword: keyword(),
        }
    }

    /// The folded words of `text`, with their byte ranges.
    pub fn words(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut stream = self.fold.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push(Word {
                range: t.offset_from..t.offset_to,
                folded: t.text.clone(),
            });
        }
        out
    }

    /// Calls `f` with the byte range and folded form of every word of `text`, in order:
    /// the same words as [`Analyzers::words`] without allocating per word. Words whose
    /// folded form starts with an ASCII byte for which `first` says no are skipped
    /// without being folded (a cheap pre-filter for highlighting); words starting with
    /// another character are always passed on.
    pub fn for_each_word_where(
        &mut self,
        text: &str,
        first: impl Fn(u8) -> bool,
        mut f: impl FnMut(Range<usize>, &str),
    ) {
        let bytes = text.as_bytes();
        let mut buf = String::new();
        let mut at = 0;
        while let Some((range, ascii)) = next_word(text, &mut at) {
            let (start, i) = (range.start, range.end);
            if i - start >= MAX_TOKEN_LEN {
                continue;
            }
            let lead = bytes[start];
            if lead.is_ascii() && !first(lead.to_ascii_lowercase()) {
                continue;
            }
            let word = &text[start..i];
            buf.clear();
            if ascii {
                buf.push_str(word);
                buf.make_ascii_lowercase();
                f(start..i, &buf);
            } else if word.chars().all(|c| fold_latin(c, &mut buf)) {
                f(start..i, &buf);
            } else {
                let mut stream = self.fold.token_stream(word);
                if stream.advance() {
                    f(start..i, &stream.token().text);
                }
            }
        }
    }

    /// The stem of one folded word in a language (empty when the word has no token).
    pub fn stem(&mut self, lang: Lang, word: &str) -> String {
        let analyzer = match lang {
            Lang::Es => &mut self.es,
            Lang::En => &mut self.en,
        };
        let mut stream = analyzer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            String::new()
        }
    }

    /// A whole value folded as one token (tags, categories, filters).
    pub fn keyword(&mut self, value: &str) -> String {
        let mut stream = self.keyword.token_stream(value.trim());
        if stream.advance() {
            stream.token().text.clone()
        } else {
            String::new()
        }
    }
}

/// The char starting at byte `i` of `text` (a char boundary) and its length.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (char::from(b), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c, c.len_utf8())
}

/// Lowercases and folds a character of Spanish or English text into `out` as the fold
/// analyzer does; `false` for characters left to the analyzer. ASCII is handled inline
/// (the keystroke path); other letters go through the one accent table,
/// [`text::fold_char`], and only an ASCII result is taken.
#[inline]
fn fold_latin(c: char, out: &mut String) -> bool {
    let folded = match c {
        'a'..='z' | '0'..='9' => c,
        'A'..='Z' => c.to_ascii_lowercase(),
        _ if c.is_ascii() => return false,
        _ => {
            // Latin-1 capitals are their small letter minus 32: no case-table lookup
            // for the common accented letters.
            let l = match c {
                'À'..='Þ' if c != '×' => char::from_u32(u32::from(c) + 32).unwrap_or(c),
                'ß'..='ÿ' => c,
                _ => {
                    let mut lower = c.to_lowercase();
                    let (Some(l), None) = (lower.next(), lower.next()) else {
                        return false;
                    };
                    l
                }
            };
            let f = text::fold_char(l);
            if !f.is_ascii_alphanumeric() {
                return false;
            }
            f
        }
    };
    out.push(folded);
    true
}

/// Spanish and English function words and call-centre filler, folded. Dropped from a
/// query that has other words, so a pasted customer sentence ranks by what matters.
pub fn is_stop_word(folded: &str) -> bool {
    text::is_base_stop_word(folded) || SEARCH_STOP_WORDS.binary_search(&folded).is_ok()
}

/// Greetings, thanks and filler that search drops besides the base function words of
/// [`text::STOP_ES`] and [`text::STOP_EN`]. Sorted (checked by a test).
const SEARCH_STOP_WORDS: &[&str] = &[
    "buenas", "bueno", "buenos", "da", "dia", "dias", "gracias", "hello", "hey", "hi", "hola",
    "ok", "okay", "pues", "thank", "thanks", "vale",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_unique() {
        for pair in SEARCH_STOP_WORDS.windows(2) {
            assert!(pair[0] < pair[1], "{} >= {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn streamed_words_are_the_analyzer_words() {
        let mut a = Analyzers::new();
        let long = "x".repeat(39) + " " + &"y".repeat(40) + " ñ" + &"n".repeat(38);
        for text in [
            "Facturación, AVERÍA del router (5G) — ¿cuánto? 3,50€",
            "naïve Straße ÆON ﬁbra İstanbul 東京 el niño's e-mail: a_b@c.d",
            "ÁÀÂÄ áàâä ÉÈÊË éèêë ÍÌÎÏ íìîï ÓÒÔÖ óòôö ÚÙÛÜ úùûü Ññ Çç PINGÜINO Ñandú",
            "ãåā ēę īø ō ū ýÿ ÃÅĀ ĒĘ ĪØŌŪ ÝŸ Iʼm l’eau ßx ÐÞ×Ø ðþ÷",
            "año ¿qué? ¡Sí! Camión, pingüino; acción—garantía…",
            "emoji 😀 between👍words and\ttabs\u{0301}combining",
            long.as_str(),
            "",
            "   ...   ",
        ] {
            let expected: Vec<(Range<usize>, String)> = a
                .words(text)
                .into_iter()
                .map(|w| (w.range, w.folded))
                .collect();
            let mut got = Vec::new();
            a.for_each_word_where(text, |_| true, |r, w| got.push((r, w.to_string())));
            assert_eq!(got, expected, "{text:?}");
            // The pre-filter drops exactly the ASCII-led words it rejects.
            let mut some = Vec::new();
            a.for_each_word_where(text, |b| b == b'a', |r, w| some.push((r, w.to_string())));
            let kept: Vec<_> = expected
                .iter()
                .filter(|(r, w)| !text.as_bytes()[r.start].is_ascii() || w.starts_with('a'))
                .cloned()
                .collect();
            assert_eq!(some, kept, "{text:?}");
        }
    }

    fn all_tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = a.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn the_one_pass_tokenizer_gives_the_chain_s_tokens() {
        let long = "x".repeat(39) + " " + &"y".repeat(40) + " ñ" + &"n".repeat(38) + " z";
        let (mut chain, mut fused) = (words(None), fold_words());
        for text in [
            "Facturación, AVERÍA del router (5G) — ¿cuánto? 3,50€",
            "naïve Straße ÆON ﬁbra İstanbul 東京 el niño's e-mail: a_b@c.d",
            "ÁÀÂÄ áàâä ÉÈÊË éèêë ÍÌÎÏ íìîï ÓÒÔÖ óòôö ÚÙÛÜ úùûü Ññ Çç PINGÜINO Ñandú",
            "ãåā ēę īø ō ū ýÿ ÃÅĀ ĒĘ ĪØŌŪ ÝŸ Iʼm l’eau ßx ÐÞ×Ø ðþ÷ Ǆ ǅ ǆ ΣΑΣ ﬀ",
            "emoji 😀 between👍words and\ttabs\u{0301}combining ٣٤ ４１１",
            long.as_str(),
            "",
            "   ...   ",
        ] {
            assert_eq!(
                all_tokens(&mut fused, text),
                all_tokens(&mut chain, text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_tokenizer_matches_the_chain_on_any_text(text in "\\PC{0,80}") {
            let (mut chain, mut fused) = (words(None), fold_words());
            proptest::prop_assert_eq!(all_tokens(&mut fused, &text), all_tokens(&mut chain, &text));
        }

        /// Any words, short and longer than a slot keeps, seen once or again (the
        /// thread's table fills as the cases run).
        #[test]
        fn the_stem_cache_matches_the_stemmer_on_any_words(
            text in "([a-zñáéíóü]{1,30}[ ,.]){0,30}",
            english in proptest::bool::ANY,
        ) {
            let lang = if english { Language::English } else { Language::Spanish };
            let plain = all_tokens(&mut words(Some(lang)), &text);
            proptest::prop_assert_eq!(&all_tokens(&mut cached_words(lang), &text), &plain);
            proptest::prop_assert_eq!(&all_tokens(&mut cached_words(lang), &text), &plain);
        }
    }

    #[test]
    fn the_stem_cache_gives_the_stemmer_s_tokens() {
        let text = "Facturación FACTURAS facturas, cancelaciones: charges charged charging \
                    garantía garantia naïve 123 x2 averías averías running runs ran";
        for lang in [Language::Spanish, Language::English] {
            let tokens = |mut a: TextAnalyzer| all_tokens(&mut a, text);
            let plain = tokens(words(Some(lang)));
            // Twice: the second run reads every stem from the cache.
            assert_eq!(tokens(cached_words(lang)), plain);
            assert_eq!(tokens(cached_words(lang)), plain);
        }
    }

    #[test]
    fn folds_before_stemming() {
        let mut a = Analyzers::new();
        assert_eq!(a.stem(Lang::Es, "garantía"), a.stem(Lang::Es, "garantia"));
        assert_eq!(
            a.stem(Lang::Es, "cancelación"),
            a.stem(Lang::Es, "cancelar")
        );
        assert_eq!(a.stem(Lang::En, "charges"), a.stem(Lang::En, "charge"));
        let w = a.words("Facturación, AVERÍA");
        assert_eq!(w[0].folded, "facturacion");
        assert_eq!(w[1].folded, "averia");
        assert_eq!(&"Facturación, AVERÍA"[w[1].range.clone()], "AVERÍA");
        assert_eq!(a.keyword(" Facturación Móvil "), "facturacion movil");
    }
}
