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
