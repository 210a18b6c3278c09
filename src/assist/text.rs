//! Word splitting with byte offsets for suggestions and cues (folded with
//! [`crate::text::fold`]).
use unicode_segmentation::UnicodeSegmentation;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as written.
    pub raw: &'a str,
    /// Lowercase, accents removed (`Facturación` → `facturacion`), `’` → `'`.
    pub folded: String,
    /// Byte offset of `raw` in the text.
    pub start: usize,
}

pub use crate::text::fold;

/// The words of a text (Unicode word boundaries; `can't` and `e-mail`'s parts stay
/// words, punctuation and spaces are dropped).
pub fn words(text: &str) -> Vec<Word<'_>> {
    text.unicode_word_indices()
        .map(|(start, raw)| Word {
            raw,
            folded: fold(raw),
            start,
        })
        .collect()
}

/// Folded words only.
pub fn folded_words(text: &str) -> Vec<String> {
    text.unicode_words().map(fold).collect()
}

/// Words that join two clauses ("it arrived **but** it is broken").
const JOINING: &[&str] = &[
    "but", "so", "because", "although", "though", "then", "pero", "porque", "aunque", "entonces",
    "pues",
];

/// "and" / "y", which join two clauses only when a subject follows ("I just moved **and
/// my order** is going to my old address", not "what I am missing and will need").
const AND: &[&str] = &["and", "y", "e"];

/// Words that open a clause after [`AND`]: pronouns, possessives and articles.
const SUBJECT: &[&str] = &[
    "i", "i'm", "i've", "my", "it", "it's", "the", "she", "she's", "he", "he's", "they", "we",
    "you", "now", "yo", "mi", "mis", "el", "la", "los", "las", "me", "ahora", "encima", "ella",
    "ellos",
];

/// The clause of each word of `words` (of `text`), numbered from 0: a clause ends at
/// punctuation between two words (`.`, `,`, `;`, `:`, `!`, `?`, a dash or a line break)
/// and before a joining word ("but", "pero", "porque"; "and" before a subject).
pub fn clauses(text: &str, words: &[Word<'_>]) -> Vec<usize> {
    let mut out = Vec::with_capacity(words.len());
    let mut clause = 0;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let prev = &words[i - 1];
            let gap = text.get(prev.start + prev.raw.len()..w.start).unwrap_or("");
            let breaks = gap.chars().any(|c| {
                matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '—' | '–' | '¿' | '¡'
                )
            }) || gap.contains(" - ");
            let joins = JOINING.contains(&w.folded.as_str())
                || (AND.contains(&w.folded.as_str())
                    && words
                        .get(i + 1)
                        .is_some_and(|n| SUBJECT.contains(&n.folded.as_str())));
            if breaks || joins {
                clause += 1;
            }
        }
        out.push(clause);
    }
    out
}

/// Two folded words are one up to their endings: equal, or sharing a prefix of at least
/// 4 letters that leaves at most `ending` letters of the shorter one.
pub fn same_stem(a: &str, b: &str, ending: usize) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 4 && common + ending >= shorter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_end_at_punctuation_and_joining_words() {
        let text = "hi, I just moved and my order is going to my old address. Help!";
        let ws = words(text);
        let c = clauses(text, &ws);
        let of = |w: &str| c[ws.iter().position(|x| x.folded == w).unwrap()];
        assert_eq!(of("hi"), 0);
        assert_eq!(of("moved"), 1);
        assert_eq!(of("order"), 2);
        assert_eq!(of("address"), 2);
        assert_eq!(of("help"), 3);
        assert_eq!(clauses("", &[]), Vec::<usize>::new());
        let text = "what I am missing and will need";
        assert!(clauses(text, &words(text)).iter().all(|c| *c == 0));
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Facturación ÑANDÚ Über"), "facturacion nandu uber");
        assert_eq!(fold("I’m"), "i'm");
    }

    #[test]
    fn splits_words_with_offsets() {
        let w = words("¡Hola! Me han cobrado dos veces, ¿vale?");
        let f: Vec<_> = w.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(f, ["hola", "me", "han", "cobrado", "dos", "veces", "vale"]);
        assert_eq!(w[1].start, "¡Hola! ".len());
        assert_eq!(
            folded_words("I can't, you know."),
            ["i", "can't", "you", "know"]
        );
    }
}
