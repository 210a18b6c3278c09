//! Digits and letters as speech-to-text writes them: number words (es+en) from `cero` to
//! `noventa y nueve mil novecientos noventa y nueve` and `zero` to `ninety-nine thousand
//! nine hundred ninety-nine`, `doble`/`double`/`triple`, and Spanish letter names.
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
        || thousand_word(w)
        || hundred_word(w)
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

/// `mil`, `thousand`: a number read in thousands (`cuatro mil quinientos treinta y
/// nueve`, `four thousand five hundred thirty nine`).
fn thousand_word(w: &str) -> bool {
    matches!(fold(w).as_str(), "mil" | "thousand")
}

/// `hundred`: English hundreds (`five hundred thirty nine`, `fifteen hundred`).
fn hundred_word(w: &str) -> bool {
    fold(w) == "hundred"
}

/// `and` between the parts of an English number (`six hundred and twelve`).
fn and_word(w: Option<&str>) -> bool {
    w.is_some_and(|w| fold(w) == "and")
}

/// Reads a spoken number at the start of `words` (each a word, or `None` for a
/// separator that may not sit inside a number): its digits, and how many entries it used.
///
/// `cuarenta y uno` → 41 (3 entries), `forty one` / `forty-one` → 41, `once` → 11,
/// `seiscientos doce` → 612, `six hundred twelve` → 612, `doble cinco` → 55, `cinco` → 5,
/// `cuatro mil quinientos treinta y nueve` → 4539, `mil cuatrocientos` → 1400.
///
/// How spoken groups combine: a number said in thousands is one group of its value's
/// digits (4 or 5: `dos mil siete` → 2007), in hundreds three digits (`ciento cinco` →
/// 105), a pair two (`cero cinco` is two groups, `05`), and a digit one; groups said one
/// after another are written one after another, as the speaker reads a card in blocks.
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
    if let Some((v, used)) = thousands(words) {
        return Some((v.to_string(), used));
    }
    if let Some((v, used)) = hundreds(words) {
        return Some((format!("{v:03}"), used));
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

/// 1,000–99,999 said in thousands at the start of `words`: `mil`, `dos mil`, `cuatro
/// mil quinientos treinta y nueve`, `four thousand five hundred and thirty nine`,
/// `veinte mil` (a bare `thousand` needs its count: `one thousand`).
fn thousands(words: &[Option<&str>]) -> Option<(u32, usize)> {
    let word = |i: usize| words.get(i).copied().flatten();
    let (count, at) = if fold(word(0)?) == "mil" {
        (1, 1)
    } else {
        let (count, used) = below_hundred(words).filter(|(c, _)| *c > 0)?;
        word(used).filter(|w| thousand_word(w))?;
        (u32::from(count), used + 1)
    };
    let rest_at = if and_word(word(at)) { at + 1 } else { at };
    let rest = &words[rest_at.min(words.len())..];
    let tail = hundreds(rest)
        .map(|(v, used)| (u32::from(v), used))
        .or_else(|| below_hundred(rest).map(|(v, used)| (u32::from(v), used)));
    Some(match tail {
        Some((v, used)) => (count * 1000 + v, rest_at + used),
        None => (count * 1000, at),
    })
}

/// 100–999 said in hundreds at the start of `words`: Spanish `seiscientos doce`,
/// `ciento cinco`, `cien`; English `six hundred twelve`, `six hundred and twelve`,
/// `fifteen hundred` (1,500: English hundreds may count past nine).
fn hundreds(words: &[Option<&str>]) -> Option<(u16, usize)> {
    let word = |i: usize| words.get(i).copied().flatten();
    let first = word(0)?;
    if let Some(h) = hundreds_word(first) {
        // `ciento` always takes a rest; `cien` never does.
        if fold(first) != "cien"
            && let Some((rest, used)) = below_hundred(&words[1..])
        {
            return Some((h + u16::from(rest), 1 + used));
        }
        return Some((h, 1));
    }
    let (count, used) = below_hundred(words).filter(|(c, _)| *c > 0)?;
    word(used).filter(|w| hundred_word(w))?;
    let at = used + 1;
    let h = u16::from(count) * 100;
    let rest_at = if and_word(word(at)) { at + 1 } else { at };
    match below_hundred(&words[rest_at.min(words.len())..]) {
        Some((rest, n)) => Some((h + u16::from(rest), rest_at + n)),
        None => Some((h, at)),
    }
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
        assert_eq!(
            read("cuatro mil quinientos treinta y nueve"),
            Some(("4539".into(), 6))
        );
        assert_eq!(
            read("mil cuatrocientos ochenta y ocho"),
            Some(("1488".into(), 5))
        );
        assert_eq!(
            read("seis mil cuatrocientos sesenta y siete"),
            Some(("6467".into(), 6))
        );
        assert_eq!(read("dos mil siete"), Some(("2007".into(), 3)));
        assert_eq!(read("mil"), Some(("1000".into(), 1)));
        assert_eq!(
            read("four thousand five hundred thirty nine"),
            Some(("4539".into(), 6))
        );
        assert_eq!(
            read("six thousand four hundred and sixty seven"),
            Some(("6467".into(), 7))
        );
        assert_eq!(read("one thousand and five"), Some(("1005".into(), 4)));
        assert_eq!(read("three hundred forty three"), Some(("343".into(), 4)));
        assert_eq!(read("fifteen hundred"), Some(("1500".into(), 2)));
        assert_eq!(read("five hundred people"), Some(("500".into(), 2)));
        assert_eq!(read("four thousand people"), Some(("4000".into(), 2)));
    }
}
