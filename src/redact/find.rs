//! Finding personal data in a text: emails, IBANs, and number runs (numerals and number
//! words) checked against the validators.
use super::spoken::{digit_word, letter_of, multiplier};
use super::validate::{dni_letter, iban_length, iban_valid, is_spanish_phone, luhn};
use super::{Found, Kind, Settings};

pub(super) fn numbers(cfg: &Settings, text: &str, taken: &[Found], out: &mut Vec<Found>) {
    let toks = tokenize(text, taken);
    let groups = groups(text, &toks);
    // Split the groups into runs and scan each.
    let mut run_start = 0;
    for i in 1..=groups.len() {
        if i == groups.len() || !joinable(&toks, &groups[i - 1], &groups[i]) {
            scan_run(cfg, text, &toks, &groups[run_start..i], out);
            run_start = i;
        }
    }
}

fn scan_run(cfg: &Settings, text: &str, toks: &[Tok], run: &[Group], out: &mut Vec<Found>) {
    let mut i = 0;
    let mut digits = String::with_capacity(24);
    let mut ends: Vec<(usize, usize)> = Vec::with_capacity(20);
    while i < run.len() {
        // Candidate ends (group, digit count), while the digits fit the longest kind.
        digits.clear();
        ends.clear();
        for (j, g) in run.iter().enumerate().skip(i) {
            digits.push_str(&g.digits);
            if digits.len() > 19 {
                break;
            }
            ends.push((j, digits.len()));
        }
        let mut hit = None;
        for &(j, n) in ends.iter().rev() {
            if n < 7 {
                break;
            }
            if let Some(f) = classify(cfg, text, toks, &run[i], &run[j], &digits[..n]) {
                hit = Some((j, f));
                break;
            }
        }
        match hit {
            Some((j, f)) => {
                out.push(f);
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

fn classify(
    cfg: &Settings,
    text: &str,
    toks: &[Tok],
    first: &Group,
    last: &Group,
    d: &str,
) -> Option<Found> {
    let n = d.len();
    let found = |start: usize, end: usize, kind: Kind, keep: &str| Found {
        start,
        end,
        kind,
        mask: format!("[{} ****{}]", kind.label(), keep),
    };
    let last4 = &d[n.saturating_sub(4)..];
    // "+" right before the first group: an international phone.
    if cfg.phone
        && let Some(plus) = plus_before(toks, first.first_tok)
        && (8..=15).contains(&n)
    {
        return Some(found(plus, last.end, Kind::Phone, last4));
    }
    if cfg.cards && (13..=19).contains(&n) && luhn(d) && !is_spanish_phone(d) {
        return Some(found(first.start, last.end, Kind::Card, last4));
    }
    if cfg.ids && (n == 8 || n == 7) {
        let after = letter_after(text, toks, last.last_tok);
        if let Some((letter, end)) = after {
            if n == 8 && dni_letter(d) == Some(letter) {
                let keep = format!("{}{}", &d[5..], letter);
                return Some(found(first.start, end, Kind::Dni, &keep));
            }
            if n == 7
                && let Some((prefix, start)) = letter_before(text, toks, first.first_tok)
                && let Some(p) = "XYZ".find(prefix)
                && dni_letter(&format!("{p}{d}")) == Some(letter)
            {
                let keep = format!("{}{}", &d[4..], letter);
                return Some(found(start, end, Kind::Nie, &keep));
            }
        }
    }
    if cfg.phone && is_spanish_phone(d) {
        return Some(found(first.start, last.end, Kind::Phone, last4));
    }
    None
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn overlaps(taken: &[Found], start: usize, end: usize) -> bool {
    taken.iter().any(|f| f.start < end && start < f.end)
}

pub(super) fn find_emails(text: &str, out: &mut Vec<Found>) {
    let b = text.as_bytes();
    let local_ok = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain_ok = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let mut from = 0;
    for (at, _) in text.match_indices('@') {
        if at < from {
            continue;
        }
        let mut start = at;
        while start > from && local_ok(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < b.len() && domain_ok(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        // A top-level domain glued to digits ("ana@b.es612345678"): the address ends
        // with the letters.
        if let Some(dot) = text[at + 1..end].rfind('.') {
            let tld_start = at + 1 + dot + 1;
            let letters = b[tld_start..end]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            if letters >= 2 && b[tld_start + letters..end].iter().all(u8::is_ascii_digit) {
                end = tld_start + letters;
            }
        }
        if start == at || end == at + 1 {
            continue;
        }
        let domain = &text[at + 1..end];
        let labels: Vec<&str> = domain.split('.').collect();
        let tld_ok = labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.bytes().all(|c| c.is_ascii_alphabetic()));
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) || !tld_ok {
            continue;
        }
        out.push(Found {
            start,
            end,
            kind: Kind::Email,
            mask: "[email]".into(),
        });
        from = end;
    }
}

pub(super) fn find_ibans(text: &str, taken: &[Found], out: &mut Vec<Found>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let boundary = i == 0 || !is_word_byte(b[i - 1]);
        if !(boundary
            && b[i].is_ascii_alphabetic()
            && b[i + 1].is_ascii_alphabetic()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit())
        {
            i += 1;
            continue;
        }
        let country = text[i..i + 2].to_ascii_uppercase();
        let Some(len) = iban_length(&country) else {
            i += 1;
            continue;
        };
        // Collect up to `len` alphanumerics, single spaces allowed between them.
        let mut chars = String::with_capacity(len);
        let mut j = i;
        let mut end = i;
        while j < b.len() && chars.len() < len {
            if b[j].is_ascii_alphanumeric() {
                chars.push(char::from(b[j].to_ascii_uppercase()));
                j += 1;
                end = j;
            } else if b[j] == b' ' && j + 1 < b.len() && b[j + 1].is_ascii_alphanumeric() && j > i {
                j += 1;
            } else {
                break;
            }
        }
        let at_boundary = end == b.len() || !is_word_byte(b[end]);
        if chars.len() == len && at_boundary && iban_valid(&chars) && !overlaps(taken, i, end) {
            out.push(Found {
                start: i,
                end,
                kind: Kind::Iban,
                mask: format!("[iban ****{}]", &chars[len - 4..]),
            });
            i = end;
        } else {
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Number runs

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Digits,
    Word,
    Space,
    Dash,
    Dot,
    Comma,
    Plus,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: TokKind,
    start: usize,
    end: usize,
}

/// Splits text into tokens; anything inside an earlier match (`taken`: sorted, not
/// overlapping) becomes `Other`.
fn tokenize(text: &str, taken: &[Found]) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut k = 0;
    for (i, c) in text.char_indices() {
        let kind = if c.is_ascii_digit() {
            TokKind::Digits
        } else if c.is_alphabetic() {
            TokKind::Word
        } else if c.is_whitespace() {
            TokKind::Space
        } else {
            match c {
                '-' => TokKind::Dash,
                '.' => TokKind::Dot,
                ',' => TokKind::Comma,
                '+' => TokKind::Plus,
                _ => TokKind::Other,
            }
        };
        let end = i + c.len_utf8();
        while k < taken.len() && taken[k].end <= i {
            k += 1;
        }
        let kind = if k < taken.len() && taken[k].start < end {
            TokKind::Other
        } else {
            kind
        };
        let merges = matches!(
            kind,
            TokKind::Digits | TokKind::Word | TokKind::Space | TokKind::Other
        );
        match toks.last_mut() {
            Some(t) if t.kind == kind && merges => t.end = end,
            _ => toks.push(Tok {
                kind,
                start: i,
                end,
            }),
        }
    }
    toks
}

/// A numeral or a (run of a multiplier and a) number word, as digits.
#[derive(Debug, Clone)]
struct Group {
    digits: String,
    start: usize,
    end: usize,
    first_tok: usize,
    last_tok: usize,
    numeral: bool,
}

fn groups(text: &str, toks: &[Tok]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        match t.kind {
            TokKind::Digits => out.push(Group {
                digits: text[t.start..t.end].to_string(),
                start: t.start,
                end: t.end,
                first_tok: i,
                last_tok: i,
                numeral: true,
            }),
            TokKind::Word => {
                let w = &text[t.start..t.end];
                if let Some(d) = digit_word(w) {
                    out.push(Group {
                        digits: d.to_string(),
                        start: t.start,
                        end: t.end,
                        first_tok: i,
                        last_tok: i,
                        numeral: false,
                    });
                } else if let Some(times) = multiplier(w)
                    && i + 2 < toks.len()
                    && toks[i + 1].kind == TokKind::Space
                {
                    let next = toks[i + 2];
                    let nw = &text[next.start..next.end];
                    let digit = match next.kind {
                        TokKind::Word => digit_word(nw),
                        TokKind::Digits if nw.len() == 1 => nw.chars().next(),
                        _ => None,
                    };
                    if let Some(d) = digit {
                        out.push(Group {
                            digits: std::iter::repeat_n(d, times).collect(),
                            start: t.start,
                            end: next.end,
                            first_tok: i,
                            last_tok: i + 2,
                            numeral: false,
                        });
                        i += 3;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Can two consecutive groups belong to one number? Only spaces and at most one dash or
/// comma between them; a dot only directly between numerals (`12.345.678`).
fn joinable(toks: &[Tok], a: &Group, b: &Group) -> bool {
    let between = &toks[a.last_tok + 1..b.first_tok];
    let mut punct = 0;
    for t in between {
        match t.kind {
            TokKind::Space => {}
            TokKind::Dash | TokKind::Comma => punct += 1,
            TokKind::Dot => {
                if !(between.len() == 1 && a.numeral && b.numeral) {
                    return false;
                }
                punct += 1;
            }
            _ => return false,
        }
    }
    punct <= 1
}

/// Start of a `+` right before token `first` (spaces allowed in between).
fn plus_before(toks: &[Tok], first: usize) -> Option<usize> {
    let mut k = first;
    while k > 0 {
        k -= 1;
        match toks[k].kind {
            TokKind::Space => {}
            TokKind::Plus => return Some(toks[k].start),
            _ => return None,
        }
    }
    None
}

/// The letter word right after token `last` (no gap, or one space or dash), and its end.
fn letter_after(text: &str, toks: &[Tok], last: usize) -> Option<(char, usize)> {
    let mut k = last + 1;
    if k < toks.len() && matches!(toks[k].kind, TokKind::Space | TokKind::Dash) {
        k += 1;
    }
    let t = toks.get(k)?;
    if t.kind != TokKind::Word {
        return None;
    }
    // The letter must end the word run: "12345678 Zaragoza" is not a DNI.
    let c = letter_of(&text[t.start..t.end])?;
    Some((c, t.end))
}

/// The X/Y/Z word right before token `first` (no gap, or one space or dash), and its start.
fn letter_before(text: &str, toks: &[Tok], first: usize) -> Option<(char, usize)> {
    let mut k = first.checked_sub(1)?;
    if matches!(toks[k].kind, TokKind::Space | TokKind::Dash) {
        k = k.checked_sub(1)?;
    }
    let t = toks[k];
    if t.kind != TokKind::Word {
        return None;
    }
    let c = letter_of(&text[t.start..t.end])?;
    Some((c, t.start))
}
