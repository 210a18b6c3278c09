//! Text analysis shared by indexing, querying and highlighting.
//!
//! Every analyzer splits on non-alphanumeric characters, drops very long tokens,
//! lowercases and folds accents (`Facturación` → `facturacion`); the per-language ones
//! then stem. Folding happens **before** stemming so `garantía` and `garantia` stem alike.
//! Tokenizers are not stored in a tantivy index, only their names: the names carry a
//! version and [`register`] must run on every open.
use std::ops::Range;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, TokenStream,
};

use crate::knowledge::Lang;

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

fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers apunte's analyzers on an index (needed after every open).
pub fn register(index: &Index) {
    let m = index.tokenizers();
    m.register(ES, words(Some(Language::Spanish)));
    m.register(EN, words(Some(Language::English)));
    m.register(FOLD, words(None));
    m.register(KEYWORD, keyword());
}

/// The analyzers of one language.
pub fn lang_analyzer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => ES,
        Lang::En => EN,
    }
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
    /// the same words as [`Analyzers::words`] without allocating per word.
    pub fn for_each_word(&mut self, text: &str, f: impl FnMut(Range<usize>, &str)) {
        self.for_each_word_where(text, |_| true, f);
    }

    /// Like [`Analyzers::for_each_word`], but words whose folded form starts with an
    /// ASCII byte for which `first` says no are skipped without being folded (a cheap
    /// pre-filter for highlighting). Words starting with another character are always
    /// passed on.
    pub fn for_each_word_where(
        &mut self,
        text: &str,
        first: impl Fn(u8) -> bool,
        mut f: impl FnMut(Range<usize>, &str),
    ) {
        let bytes = text.as_bytes();
        let mut buf = String::new();
        let mut i = 0;
        while i < bytes.len() {
            // Skip to the start of a word.
            let (c, len) = char_at(text, i);
            if !c.is_alphanumeric() {
                i += len;
                continue;
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
                buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
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

    /// The stems of every word of `text` in a language, in order (same tokens as
    /// [`Analyzers::words`]).
    pub fn stems(&mut self, lang: Lang, text: &str) -> Vec<String> {
        let analyzer = match lang {
            Lang::Es => &mut self.es,
            Lang::En => &mut self.en,
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
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
/// analyzer does; `false` for characters left to the analyzer.
fn fold_latin(c: char, out: &mut String) -> bool {
    let folded = match c {
        'a'..='z' | '0'..='9' => c,
        'A'..='Z' => c.to_ascii_lowercase(),
        'á' | 'à' | 'â' | 'ä' | 'Á' | 'À' | 'Â' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        _ => return false,
    };
    out.push(folded);
    true
}

/// Spanish and English function words and call-centre filler, folded. Dropped from a
/// query that has other words, so a pasted customer sentence ranks by what matters.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

// Sorted (checked by a test).
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "al", "algo", "all", "also", "am", "an", "and", "ante", "any",
    "are", "as", "asi", "at", "aun", "be", "because", "been", "before", "bien", "buenas", "bueno",
    "buenos", "but", "by", "can", "como", "con", "could", "cual", "cuando", "da", "de", "del",
    "desde", "dia", "dias", "did", "do", "does", "donde", "dont", "e", "el", "ella", "ellos", "en",
    "entonces", "era", "eres", "es", "esa", "ese", "eso", "esta", "estaba", "estan", "estas",
    "este", "esto", "estoy", "favor", "for", "from", "fue", "gracias", "ha", "habeis", "had",
    "han", "has", "have", "hay", "he", "hello", "her", "hey", "hi", "him", "his", "hola", "how",
    "i", "if", "im", "in", "into", "is", "it", "its", "ive", "just", "la", "las", "le", "les",
    "lo", "los", "mas", "me", "mi", "mis", "mucho", "muy", "my", "nada", "ni", "no", "nos",
    "nosotros", "not", "now", "o", "of", "ok", "okay", "on", "or", "os", "otra", "otro", "our",
    "para", "pero", "please", "poco", "por", "porque", "pues", "que", "quiero", "se", "sea", "ser",
    "she", "si", "sin", "so", "sobre", "solo", "some", "son", "soy", "su", "sus", "tambien", "tan",
    "te", "tengo", "thank", "thanks", "that", "the", "their", "them", "then", "there", "they",
    "this", "ti", "tiene", "to", "todo", "tu", "tus", "u", "un", "una", "uno", "unos", "up",
    "usted", "vale", "very", "was", "we", "were", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "y", "ya", "yo", "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_unique() {
        for pair in STOP_WORDS.windows(2) {
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
            a.for_each_word(text, |r, w| got.push((r, w.to_string())));
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
