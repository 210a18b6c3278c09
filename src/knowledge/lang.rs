//! Language detection (Spanish vs English) by stop-word frequency.
//!
//! Small and fast enough to run on every customer turn: it looks at the first words of the
//! text only, allocates nothing per word, and gives `None` when there is no clear signal
//! ("ok", "123", an empty string). Words shared by both languages (`a`, `no`, `me`, `he`)
//! are not counted.
use std::collections::HashMap;
use std::sync::LazyLock;

use super::Lang;

/// How many words are looked at, at most (enough for a clear verdict on any article).
pub const MAX_WORDS: usize = 800;

/// Spanish and English evidence found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scores {
    pub es: u32,
    pub en: u32,
}

impl std::ops::Add for Scores {
    type Output = Scores;

    fn add(self, other: Scores) -> Scores {
        Scores {
            es: self.es + other.es,
            en: self.en + other.en,
        }
    }
}

impl Scores {
    /// The winning language, when one has more evidence than the other.
    pub fn winner(self) -> Option<Lang> {
        match self.es.cmp(&self.en) {
            std::cmp::Ordering::Greater => Some(Lang::Es),
            std::cmp::Ordering::Less => Some(Lang::En),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// The winner only when it is clear: at least `min` points and twice the other side.
    pub fn confident(self, min: u32) -> Option<Lang> {
        let (hi, lo) = (self.es.max(self.en), self.es.min(self.en));
        if hi >= min && hi >= lo.saturating_mul(2).max(1) {
            self.winner()
        } else {
            None
        }
    }
}

/// Detects whether a text is Spanish or English; `None` when there is no signal.
pub fn detect(text: &str) -> Option<Lang> {
    scores(text).winner()
}

/// Counts the Spanish and English evidence in a text (stop words, `ñ`, `¿`, `¡`, accents).
pub fn scores(text: &str) -> Scores {
    scores_upto(text, MAX_WORDS)
}

/// [`scores`] over the first `max_words` words only (and the `¿` `¡` among them).
///
/// A word is a run of alphanumeric characters and `'`. The text is walked byte by byte
/// (ASCII needs no decoding; this runs on the first words of every article an index
/// build reads).
pub fn scores_upto(text: &str, max_words: usize) -> Scores {
    let mut s = Scores::default();
    let mut marks = 0u32;
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Between words: count the inverted marks.
        let b = bytes[i];
        if b.is_ascii() {
            if !(b.is_ascii_alphanumeric() || b == b'\'') {
                i += 1;
                continue;
            }
        } else {
            let c = char_at(text, i);
            if !c.is_alphanumeric() {
                marks += u32::from(c == '¿' || c == '¡');
                i += c.len_utf8();
                continue;
            }
        }
        if words >= max_words {
            break;
        }
        words += 1;
        let start = i;
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !(b.is_ascii_alphanumeric() || b == b'\'') {
                    break;
                }
                i += 1;
            } else {
                let c = char_at(text, i);
                if !c.is_alphanumeric() {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        score_word(&text[start..i], ascii, &mut s);
    }
    s.es += marks.min(20);
    s
}

/// The char starting at byte `i` of `text` (a char boundary).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Adds one word's evidence (`ascii`: the word is all ASCII).
#[inline]
fn score_word(word: &str, ascii: bool, s: &mut Scores) {
    let mut buf = [0u8; 16];
    if word.len() > buf.len() {
        if !ascii && word.chars().any(is_spanish_letter) {
            s.es += 1;
        }
        return;
    }
    // Lowercase into the stack buffer: bytes for ASCII words; otherwise per char,
    // keeping a char as it is when its lowercase has another length.
    let mut len = 0;
    let mut spanish_letter = false;
    if ascii {
        for (dst, b) in buf.iter_mut().zip(word.bytes()) {
            *dst = b.to_ascii_lowercase();
        }
        len = word.len();
    } else {
        for c in word.chars() {
            let lc = c.to_lowercase().next().unwrap_or(c);
            let lc = if lc.len_utf8() == c.len_utf8() { lc } else { c };
            spanish_letter |= is_spanish_letter(lc);
            len += lc.encode_utf8(&mut buf[len..]).len();
        }
    }
    let lower = std::str::from_utf8(&buf[..len]).unwrap_or("");
    match classify(lower) {
        Some(Lang::Es) => s.es += 2,
        Some(Lang::En) => s.en += 2,
        None if spanish_letter => s.es += 1,
        None => {}
    }
}

fn is_spanish_letter(c: char) -> bool {
    matches!(
        c,
        'ñ' | 'Ñ' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'Á' | 'É' | 'Í' | 'Ó' | 'Ú' | 'ü'
    )
}

/// Spanish stop words (and very common call-centre words).
const ES: &[&str] = &[
    "necesito", "quería", "queria", "llamo", "funciona", "cobrado", "cobran", "línea", "móvil",
    "dinero", "contrato", "baja", "tarifa", "cuenta", "ahí", "vosotros", "habéis", "sois", "de",
    "la", "que", "el", "en", "y", "los", "se", "del", "las", "un", "por", "con", "una", "su",
    "para", "es", "al", "lo", "como", "más", "mas", "pero", "sus", "le", "ya", "o", "fue", "este",
    "sí", "porque", "esta", "está", "son", "entre", "cuando", "muy", "sin", "sobre", "también",
    "hasta", "hay", "donde", "dónde", "desde", "todo", "nos", "todos", "uno", "les", "ni", "otros",
    "ese", "eso", "esto", "antes", "qué", "unos", "yo", "otro", "otra", "él", "esa", "estos",
    "mucho", "nada", "cual", "cuál", "poco", "ella", "estar", "estas", "algo", "mi", "mis", "tu",
    "tú", "te", "usted", "ustedes", "estoy", "tengo", "tiene", "tienen", "hola", "gracias",
    "buenos", "buenas", "quiero", "puedo", "puede", "pueden", "cómo", "hacer", "ahora", "bien",
    "han", "hemos", "ha", "era", "ser", "sido", "dos", "vez", "día", "días", "cliente", "factura",
    "pago", "llamada", "si", "tras", "cada", "según", "nunca", "siempre", "aquí", "vale", "favor",
    "ayer", "hoy", "mañana", "mes", "oiga", "mire", "pues", "entonces", "vuestro", "vuestra",
    "nuestro", "nuestra",
];

/// English stop words (and very common call-centre words).
const EN: &[&str] = &[
    "i'd",
    "i'll",
    "need",
    "help",
    "phone",
    "account",
    "contract",
    "cancel",
    "line",
    "there's",
    "what's",
    "that's",
    "you've",
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "you",
    "that",
    "it",
    "was",
    "for",
    "on",
    "are",
    "with",
    "they",
    "i",
    "at",
    "be",
    "this",
    "have",
    "from",
    "or",
    "had",
    "by",
    "but",
    "not",
    "what",
    "all",
    "were",
    "we",
    "when",
    "your",
    "can",
    "there",
    "an",
    "which",
    "do",
    "if",
    "will",
    "my",
    "has",
    "our",
    "how",
    "been",
    "would",
    "should",
    "hi",
    "hello",
    "thanks",
    "thank",
    "please",
    "it's",
    "i'm",
    "don't",
    "can't",
    "doesn't",
    "didn't",
    "won't",
    "isn't",
    "why",
    "who",
    "did",
    "does",
    "just",
    "them",
    "their",
    "about",
    "into",
    "than",
    "then",
    "these",
    "those",
    "after",
    "before",
    "customer",
    "bill",
    "payment",
    "call",
    "yes",
    "got",
    "want",
    "still",
    "any",
    "some",
    "could",
    "out",
    "up",
    "get",
    "its",
    "also",
    "only",
    "over",
    "again",
    "since",
    "today",
    "yesterday",
    "month",
    "working",
    "money",
    "charged",
    "twice",
    "am",
    "us",
    "he's",
    "she",
    "her",
    "him",
    "you're",
    "we're",
    "they're",
    "i've",
    "hasn't",
    "haven't",
];

/// Looked up once per word of every article and customer turn: a cheap hash.
static WORDS: LazyLock<HashMap<&'static str, Lang, crate::text::WordHash>> = LazyLock::new(|| {
    let mut m = HashMap::with_capacity_and_hasher(ES.len() + EN.len(), Default::default());
    m.extend(ES.iter().map(|w| (*w, Lang::Es)));
    m.extend(EN.iter().map(|w| (*w, Lang::En)));
    m
});

/// The language a word belongs to only, if any (words of both languages give `None`).
fn classify(w: &str) -> Option<Lang> {
    WORDS.get(w).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word splitting [`scores_upto`] replaced (its reference): the words and the
    /// inverted marks it counted.
    fn scores_upto_split(text: &str, max_words: usize) -> Scores {
        let mut s = Scores::default();
        let mut end = text.len();
        for (n, word) in text
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            if n >= max_words {
                end = word.as_ptr() as usize - text.as_ptr() as usize;
                break;
            }
            score_word(word, word.is_ascii(), &mut s);
        }
        s.es += text[..end]
            .chars()
            .filter(|&c| c == '¿' || c == '¡')
            .count()
            .min(20) as u32;
        s
    }

    #[test]
    fn the_byte_scan_scores_as_the_word_split() {
        let long = "ñ".repeat(10) + "añoñoñoñoñoñoñ ¿" + &"x".repeat(30) + " ¡¡";
        let marks = "¿¿¿ ¡¡¡ ¿qué? ¡ya! ".repeat(12);
        for text in [
            "hola, me han cobrado dos veces ¿Cuándo llega? ¡Sí!",
            "my internet's down since yesterday, I was charged twice",
            marks.as_str(),
            "İstanbul ẞtraße ÀÉÎÕÜ naïve 東京 l’eau d'Artagnan 3,50€ ٣٤",
            long.as_str(),
            "",
            "'''",
            "   ...   ",
        ] {
            for max in [0, 1, 3, 5, 200, MAX_WORDS] {
                assert_eq!(
                    scores_upto(text, max),
                    scores_upto_split(text, max),
                    "{text:?} {max}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_scores_as_the_word_split_on_any_text(
            text in "[ a-zA-ZñÑáéíóúüÁÉ¿¡'.,İẞ東0-9]{0,80}|\\PC{0,60}",
            max in 0usize..30,
        ) {
            proptest::prop_assert_eq!(scores_upto(&text, max), scores_upto_split(&text, max));
        }
    }

    #[test]
    fn detects_both_languages_on_short_text() {
        assert_eq!(detect("hola, me han cobrado dos veces"), Some(Lang::Es));
        assert_eq!(
            detect("my internet is down since yesterday"),
            Some(Lang::En)
        );
        assert_eq!(detect("No tengo internet"), Some(Lang::Es));
        assert_eq!(detect("I was charged twice"), Some(Lang::En));
        assert_eq!(detect("¿Cuándo llega?"), Some(Lang::Es));
    }

    #[test]
    fn no_signal_gives_none() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("ok"), None);
        assert_eq!(detect("12345 ###"), None);
        assert_eq!(detect("no"), None);
    }

    #[test]
    fn long_words_and_odd_text_do_not_panic() {
        let long = "ñ".repeat(100) + " " + &"x".repeat(500) + " İİİ ẞ";
        let _ = detect(&long);
        assert_eq!(detect("electrodomésticos"), Some(Lang::Es));
    }

    #[test]
    fn word_lists_are_disjoint_lowercase_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for w in ES.iter().chain(EN) {
            assert!(seen.insert(*w), "{w} listed twice");
            assert_eq!(w.to_lowercase(), *w);
            assert!(w.len() <= 16, "{w} is longer than the word buffer");
        }
    }

    #[test]
    fn confident_needs_a_margin() {
        let s = Scores { es: 10, en: 8 };
        assert_eq!(s.confident(4), None);
        let s = Scores { es: 2, en: 20 };
        assert_eq!(s.confident(4), Some(Lang::En));
    }
}
