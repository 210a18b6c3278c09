//! Digits and letters as speech-to-text writes them: number words (es+en) from `cero` to
//! `novecientos noventa y nueve` and `zero` to `ninety-nine`, `doble`/`double`/`triple`,
//! and Spanish letter names.
pub(super) use crate::text::fold;

/// A single-digit word.
pub(super) fn digit_word(w: &str) -> Option<u8> {
    const WORDS: &[(&str, u8)] = &[
        ("cero", 0),
        ("uno", 1),
        ("una", 1),
        ("dos", 2),
        ("tres", 3),
        ("cuatro", 4),
        ("cinco", 5),
        ("seis", 6),
        ("siete", 7),
        ("ocho", 8),
        ("nueve", 9),
        ("zero", 0),
        ("oh", 0),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
    ];
    lookup(WORDS, w)
}

/// 10–29 as one Spanish word, 10–19 in English: a two-digit value.
fn teen_word(w: &str) -> Option<u8> {
    const WORDS: &[(&str, u8)] = &[
        ("diez", 10),
        ("once", 11),
        ("doce", 12),
        ("trece", 13),
        ("catorce", 14),
        ("quince", 15),
        ("dieciseis", 16),
        ("diecisiete", 17),
        ("dieciocho", 18),
        ("diecinueve", 19),
        ("veintiuno", 21),
        ("veintiuna", 21),
        ("veintidos", 22),
        ("veintitres", 23),
        ("veinticuatro", 24),
        ("veinticinco", 25),
        ("veintiseis", 26),
        ("veintisiete", 27),
        ("veintiocho", 28),
        ("veintinueve", 29),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
    ];
    lookup(WORDS, w)
}

/// Tens (20, 30 … 90) that may take a unit (`cuarenta y uno`, `forty-one`).
fn tens_word(w: &str) -> Option<u8> {
    const WORDS: &[(&str, u8)] = &[
        ("veinte", 20),
        ("treinta", 30),
        ("cuarenta", 40),
        ("cincuenta", 50),
        ("sesenta", 60),
        ("setenta", 70),
        ("ochenta", 80),
        ("noventa", 90),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ];
    lookup(WORDS, w)
}

/// Spanish hundreds (`cien`, `ciento`, `doscientos` … `novecientas`).
fn hundreds_word(w: &str) -> Option<u16> {
    const WORDS: &[(&str, u16)] = &[
        ("cien", 100),
        ("ciento", 100),
        ("doscientos", 200),
        ("doscientas", 200),
        ("trescientos", 300),
        ("trescientas", 300),
        ("cuatrocientos", 400),
        ("cuatrocientas", 400),
        ("quinientos", 500),
        ("quinientas", 500),
        ("seiscientos", 600),
        ("seiscientas", 600),
        ("setecientos", 700),
        ("setecientas", 700),
        ("ochocientos", 800),
        ("ochocientas", 800),
        ("novecientos", 900),
        ("novecientas", 900),
    ];
    lookup(WORDS, w)
}

fn lookup<T: Copy>(table: &[(&str, T)], w: &str) -> Option<T> {
    if w.len() > 14 {
        return None;
    }
    let folded = fold(w);
    table.iter().find(|(k, _)| *k == folded).map(|(_, v)| *v)
}

/// Could this word start a spoken number? (A quick filter before scanning.)
pub(super) fn number_word(w: &str) -> bool {
    digit_word(w).is_some()
        || teen_word(w).is_some()
        || tens_word(w).is_some()
        || hundreds_word(w).is_some()
        || multiplier(w).is_some()
}

/// Words that read an email aloud (`arroba`, `at`, `dot`, `punto`).
pub(super) fn email_word(w: &str) -> bool {
    matches!(fold(w).as_str(), "arroba" | "at" | "dot" | "punto")
}

pub(super) fn multiplier(w: &str) -> Option<usize> {
    match fold(w).as_str() {
        "doble" | "double" => Some(2),
        "triple" => Some(3),
        _ => None,
    }
}

/// Reads a spoken number at the start of `words` (each a word, or `None` for a
/// separator that may not sit inside a number): its digits, and how many entries it used.
///
/// `cuarenta y uno` → 41 (3 entries), `forty one` / `forty-one` → 41, `once` → 11,
/// `seiscientos doce` → 612, `doble cinco` → 55, `cinco` → 5.
pub(super) fn spoken_number(words: &[Option<&str>]) -> Option<(String, usize)> {
    let word = |i: usize| words.get(i).copied().flatten();
    let first = word(0)?;
    if let Some(times) = multiplier(first) {
        let d = word(1).and_then(digit_word)?;
        return Some((
            std::iter::repeat_n(char::from(b'0' + d), times).collect(),
            2,
        ));
    }
    if let Some(h) = hundreds_word(first) {
        // `ciento` always takes a rest; `cien` never does.
        if fold(first) != "cien"
            && let Some((rest, used)) = below_hundred(&words[1..])
        {
            return Some((format!("{:03}", h + u16::from(rest)), 1 + used));
        }
        return Some((h.to_string(), 1));
    }
    if let Some((v, used)) = below_hundred(words) {
        let s = if v < 10 && digit_word(first).is_some() {
            v.to_string()
        } else {
            format!("{v:02}")
        };
        return Some((s, used));
    }
    None
}

/// 0–99 at the start of `words`, and how many entries it used.
fn below_hundred(words: &[Option<&str>]) -> Option<(u8, usize)> {
    let word = |i: usize| words.get(i).copied().flatten();
    let first = word(0)?;
    if let Some(d) = digit_word(first) {
        return Some((d, 1));
    }
    if let Some(t) = teen_word(first) {
        return Some((t, 1));
    }
    let tens = tens_word(first)?;
    // `cuarenta y uno`, `forty one`, `forty-one` (the dash is dropped by the caller).
    let unit = |w: Option<&str>| w.and_then(digit_word).filter(|d| *d > 0);
    if word(1).is_some_and(|w| fold(w) == "y")
        && let Some(u) = unit(word(2))
    {
        return Some((tens + u, 3));
    }
    // English tens take the unit without `and`; Spanish ones need `y`.
    if fold(first).ends_with("ty")
        && let Some(u) = unit(word(1))
    {
        return Some((tens + u, 2));
    }
    Some((tens, 1))
}

/// A DNI/NIE letter as a single letter or a Spanish letter name, and whether it is also an
/// everyday word (`a`, `de`, `te`, `ese` …), which only counts as a letter when the number
/// was dictated or said as an ID.
pub(super) fn letter_of(word: &str) -> Option<(char, bool)> {
    const EVERYDAY: &[&str] = &["a", "e", "i", "o", "u", "y", "de", "te", "ese", "be", "se"];
    let folded = fold(word);
    let everyday = EVERYDAY.contains(&folded.as_str());
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_alphabetic()
    {
        // An upper-case single letter is a letter, not a word.
        return Some((c.to_ascii_uppercase(), everyday && c.is_ascii_lowercase()));
    }
    const NAMES: &[(&str, char)] = &[
        ("be", 'B'),
        ("ce", 'C'),
        ("de", 'D'),
        ("efe", 'F'),
        ("ge", 'G'),
        ("hache", 'H'),
        ("jota", 'J'),
        ("ka", 'K'),
        ("ele", 'L'),
        ("eme", 'M'),
        ("ene", 'N'),
        ("pe", 'P'),
        ("cu", 'Q'),
        ("erre", 'R'),
        ("ese", 'S'),
        ("te", 'T'),
        ("uve", 'V'),
        ("equis", 'X'),
        ("ye", 'Y'),
        ("zeta", 'Z'),
    ];
    NAMES
        .iter()
        .find(|(n, _)| *n == folded)
        .map(|(_, c)| (*c, everyday))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<(String, usize)> {
        let words: Vec<Option<&str>> = s.split(' ').map(Some).collect();
        spoken_number(&words)
    }

    #[test]
    fn numbers() {
        assert_eq!(read("cuarenta y uno once"), Some(("41".into(), 3)));
        assert_eq!(read("forty one"), Some(("41".into(), 2)));
        assert_eq!(read("veinte uno"), Some(("20".into(), 1)));
        assert_eq!(read("seiscientos doce"), Some(("612".into(), 2)));
        assert_eq!(read("ciento cinco"), Some(("105".into(), 2)));
        assert_eq!(read("cien"), Some(("100".into(), 1)));
        assert_eq!(read("doble cero"), Some(("00".into(), 2)));
        assert_eq!(read("cinco"), Some(("5".into(), 1)));
        assert_eq!(read("Dieciséis"), Some(("16".into(), 1)));
        assert_eq!(read("hola"), None);
    }
}
