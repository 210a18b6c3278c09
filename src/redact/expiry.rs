//! A card's expiry date said with its month (`caduca en marzo del 27`, `expires March
//! 2027`, `vence 03 del 27`, `4111 … 1111, marzo de 2027`): a month (its name, or 1–12
//! before `del`/`de`/`of`), then a year (`27`, `2027`, `veintisiete`, `twenty twenty
//! seven`). It counts when an expiry word (`caduca`, `vence`, `expires` …) comes right
//! before it or a card number was just said; not when that word speaks of something
//! else that ends (`la factura vence en marzo del 27`, `the offer expires March 2027`).
use super::context::{Cue, SUBJECT_BEFORE, cue_of, ends_otherwise};
use super::find::{Tok, TokKind, tokenize};
use super::spoken::{fold, spoken_number};
use super::{Found, Kind};

const MONTHS: &[&str] = &[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "ene",
    "abr",
    "ago",
    "dic",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// How many words before the month an expiry word may be (`caduca el mes de marzo`).
const CUE_BEFORE: usize = 4;

/// Adds the expiry dates said with a month to `found` (sorted after): a date over a
/// bare year already masked as an expiry replaces it.
pub(super) fn month_dates(text: &str, found: &mut Vec<Found>) {
    let toks = tokenize(text, &[]);
    // The words and numerals, by token index.
    let items: Vec<usize> = (0..toks.len())
        .filter(|&i| matches!(toks[i].kind, TokKind::Word | TokKind::Digits))
        .collect();
    let mut added = false;
    for p in 0..items.len() {
        let t = toks[items[p]];
        let s = &text[t.start..t.end];
        let named = t.kind == TokKind::Word && s.len() <= 10 && MONTHS.contains(&fold(s).as_str());
        let numbered = t.kind == TokKind::Digits
            && s.len() <= 2
            && s.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
        if !(named || numbered) {
            continue;
        }
        let mut q = p + 1;
        let connector = items.get(q).is_some_and(|&k| {
            toks[k].kind == TokKind::Word
                && matches!(
                    fold(&text[toks[k].start..toks[k].end]).as_str(),
                    "del" | "de" | "of"
                )
        });
        if connector {
            q += 1;
        } else if numbered {
            // `03 27`, `03/27` are read as numbers.
            continue;
        }
        let Some(end) = year_at(text, &toks, &items, q) else {
            continue;
        };
        if !spaces_only(&toks, items[p], items[q]) {
            continue;
        }
        let start = t.start;
        if !(expiry_said_before(text, &toks, &items, p) || card_just_before(text, found, start)) {
            continue;
        }
        if found
            .iter()
            .any(|f| f.start < end && start < f.end && f.kind != Kind::Expiry)
        {
            continue;
        }
        found.retain(|f| !(f.start < end && start < f.end));
        found.push(Found::new(start, end, Kind::Expiry, ""));
        added = true;
    }
    if added {
        found.sort_by_key(|f| f.start);
    }
}

/// Only spaces between tokens `a` and `b` (a comma or a full stop ends the date).
fn spaces_only(toks: &[Tok], a: usize, b: usize) -> bool {
    toks[a + 1..b]
        .iter()
        .all(|t| matches!(t.kind, TokKind::Space | TokKind::Word | TokKind::Digits))
}

/// A year at item `q`: `27`, `2027`, or spoken (`veintisiete`, `dos mil veintisiete`,
/// `twenty twenty seven`). Where it ends.
fn year_at(text: &str, toks: &[Tok], items: &[usize], q: usize) -> Option<usize> {
    let t = toks[*items.get(q)?];
    let s = &text[t.start..t.end];
    if t.kind == TokKind::Digits {
        return (s.len() == 2 || (s.len() == 4 && s.starts_with("20"))).then_some(t.end);
    }
    // Spoken: the words from `q`, with nothing but spaces or dashes between them.
    let mut words = Vec::with_capacity(8);
    let mut ends = Vec::with_capacity(8);
    let mut k = items[q];
    while k < toks.len() && words.len() < 8 {
        match toks[k].kind {
            TokKind::Word => {
                words.push(Some(&text[toks[k].start..toks[k].end]));
                ends.push(toks[k].end);
            }
            TokKind::Space | TokKind::Dash => {}
            _ => break,
        }
        k += 1;
    }
    let (digits, used) = spoken_number(&words)?;
    if digits == "20"
        && let Some((more, extra)) = spoken_number(&words[used..])
        && more.len() == 2
    {
        return Some(ends[used + extra - 1]);
    }
    (digits.len() == 2 || (digits.len() == 4 && digits.starts_with("20"))).then(|| ends[used - 1])
}

/// An expiry word a few words before item `p`, not said of something else that ends.
fn expiry_said_before(text: &str, toks: &[Tok], items: &[usize], p: usize) -> bool {
    let word = |i: usize| {
        let t = toks[items[i]];
        (t.kind == TokKind::Word).then(|| &text[t.start..t.end])
    };
    for back in 1..=CUE_BEFORE.min(p) {
        let c = p - back;
        let Some(w) = word(c) else {
            return false;
        };
        let prev = c.checked_sub(1).and_then(word);
        if cue_of(w, prev, word(c + 1)) != Some(Cue::Expiry) {
            continue;
        }
        return !(1..=SUBJECT_BEFORE.min(c)).any(|b| word(c - b).is_some_and(ends_otherwise));
    }
    false
}

/// A card number found just before `start`, with no other number in between.
fn card_just_before(text: &str, found: &[Found], start: usize) -> bool {
    found.iter().any(|f| {
        f.kind == Kind::Card
            && f.end <= start
            && start - f.end <= 24
            && !text[f.end..start].bytes().any(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use crate::redact::Redactor;

    fn r(s: &str) -> String {
        Redactor::default().redact(s).into_owned()
    }

    #[test]
    fn month_and_year_after_an_expiry_word_or_a_card() {
        assert_eq!(r("caduca en marzo del 27"), "caduca en [expiry]");
        assert_eq!(r("expires March 2027"), "expires [expiry]");
        assert_eq!(r("la tarjeta vence 03 del 27"), "la tarjeta vence [expiry]");
        assert_eq!(
            r("caduca en marzo del veintisiete, gracias"),
            "caduca en [expiry], gracias"
        );
        assert_eq!(
            r("it expires march of twenty twenty seven"),
            "it expires [expiry]"
        );
        assert_eq!(
            r("tarjeta 4111 1111 1111 1111, marzo de 2027"),
            "tarjeta [card ****1111], [expiry]"
        );
    }

    #[test]
    fn other_dates_stay() {
        for s in [
            "en marzo del año pasado",
            "nos vemos en marzo del 27",
            "la factura vence en marzo del 27",
            "la permanencia vence en marzo de 2027",
            "the offer expires March 2027",
            "caduca en marzo",
            "the line is down since March 2026",
        ] {
            assert_eq!(r(s), s);
        }
    }
}
