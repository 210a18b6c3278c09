//! Normalisation before scanning: any Unicode decimal digit becomes its ASCII digit, the
//! dashes and minus signs become `-`, full-width ASCII becomes ASCII. Byte offsets in the
//! normalised text map back to the original.

/// The first code point (the zero) of each Unicode block of decimal digits (`Nd`).
const ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16B50, 0x1D7CE,
    0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a non-ASCII decimal digit.
fn digit_value(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if cp < 0x0660 {
        return None;
    }
    ZEROS
        .iter()
        .find(|z| (**z..*z + 10).contains(&cp))
        .and_then(|z| u8::try_from(cp - z).ok())
}

/// A non-ASCII decimal digit?
pub(super) fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// What a non-ASCII character reads as, if it changes.
fn ascii_for(c: char) -> Option<char> {
    if c.is_ascii() {
        return None;
    }
    if let Some(d) = digit_value(c) {
        return Some(char::from(b'0' + d));
    }
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => Some('-'),
        // Full-width `!` … `~`.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        _ => None,
    }
}

/// A normalised text and where each of its bytes came from.
pub(super) struct Normalised {
    pub text: String,
    /// `from[i]`: the original byte offset of normalised byte `i` (one past the end too).
    from: Vec<usize>,
}

impl Normalised {
    pub fn original(&self, at: usize) -> usize {
        self.from[at.min(self.from.len() - 1)]
    }
}

/// `None` when nothing changes (the common case: no allocation).
pub(super) fn normalise(text: &str) -> Option<Normalised> {
    if text.is_ascii() || !text.chars().any(|c| ascii_for(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        match ascii_for(c) {
            Some(a) => {
                out.push(a);
                from.push(i);
            }
            None => {
                out.push(c);
                from.extend(i..i + c.len_utf8());
            }
        }
    }
    from.push(text.len());
    Some(Normalised { text: out, from })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_dashes() {
        let n = normalise("４１１１–٤٢ x").unwrap();
        assert_eq!(n.text, "4111-42 x");
        assert_eq!(n.original(4), "４１１１".len());
        assert_eq!(n.original(n.text.len()), "４１１１–٤٢ x".len());
        assert!(normalise("ñandú 1234").is_none());
    }

    #[test]
    fn every_decimal_digit_block_reads() {
        for z in ZEROS {
            for d in 0..10 {
                let c = char::from_u32(z + d).unwrap();
                assert!(c.is_numeric(), "{c:?}");
                assert_eq!(digit_value(c), Some(d as u8));
            }
        }
    }
}
