//! Digits and letters as speech-to-text writes them: number words (es+en), `doble`/`double`,
//! and Spanish letter names.

pub(super) fn digit_word(w: &str) -> Option<char> {
    const WORDS: &[(&str, char)] = &[
        ("cero", '0'),
        ("uno", '1'),
        ("dos", '2'),
        ("tres", '3'),
        ("cuatro", '4'),
        ("cinco", '5'),
        ("seis", '6'),
        ("siete", '7'),
        ("ocho", '8'),
        ("nueve", '9'),
        ("zero", '0'),
        ("oh", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
    ];
    WORDS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(w))
        .map(|(_, d)| *d)
}

pub(super) fn multiplier(w: &str) -> Option<usize> {
    if w.eq_ignore_ascii_case("doble") || w.eq_ignore_ascii_case("double") {
        Some(2)
    } else if w.eq_ignore_ascii_case("triple") {
        Some(3)
    } else {
        None
    }
}

/// A DNI/NIE letter as a single letter or a Spanish letter name.
pub(super) fn letter_of(word: &str) -> Option<char> {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_alphabetic()
    {
        return Some(c.to_ascii_uppercase());
    }
    const NAMES: &[(&str, char)] = &[
        ("a", 'A'),
        ("be", 'B'),
        ("ce", 'C'),
        ("de", 'D'),
        ("e", 'E'),
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
        ("zeta", 'Z'),
    ];
    NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(word))
        .map(|(_, c)| *c)
}
