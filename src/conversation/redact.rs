//! Redaction: personal data is masked before anything reaches disk (journal, exports).
//!
//! ```
//! use apunte::conversation::redact::Redactor;
//! let r = Redactor::default();
//! assert_eq!(r.redact("mi tarjeta es 4111 1111 1111 1111"), "mi tarjeta es [card ****1111]");
//! assert_eq!(r.redact("sin datos"), "sin datos"); // borrowed, no allocation
//! ```
//!
//! What is found, and the one mask per kind (ASCII, language-neutral, keeps the last 4
//! characters where they help the agent confirm with the customer):
//!
//! | kind  | found                                                      | mask              |
//! |-------|------------------------------------------------------------|-------------------|
//! | card  | 13–19 digits, Luhn-valid, grouped by spaces/dashes or not  | `[card ****1111]` |
//! | dni   | 8 digits + the right check letter (`12345678Z`, `12.345.678-Z`) | `[dni ****678Z]` |
//! | nie   | X/Y/Z + 7 digits + the right check letter                 | `[nie ****567L]`  |
//! | iban  | country + check digits + BBAN of the country's length, mod 97 valid, spaces allowed | `[iban ****1332]` |
//! | email | `local@domain.tld`                                         | `[email]`         |
//! | phone | Spanish 9 digits starting 6–9 (optional `+34`, `0034`, `34`), or `+` and 8–15 digits | `[phone ****5678]` |
//!
//! Digits may be written as words, as speech-to-text engines do: Spanish `cero uno dos …
//! nueve`, English `zero/oh one two … nine`, `doble`/`double`/`triple` before a digit,
//! mixed with numerals (`cuatro uno 11 …`). A run of such words and numbers (separated by
//! spaces, one dash or one comma; dots only inside numerals like `12.345.678`) is turned
//! into digits, checked with the same validators, and the original words are masked. The
//! DNI/NIE letter may also be spoken by its Spanish name (`zeta`, `equis`, `jota` …).
//!
//! Within a run, the longest valid number starting leftmost wins, at word/group
//! boundaries only (a 12-digit numeral is never split into a phone). Masks contain at
//! most 4 digits, so redaction is idempotent. Text without digits, `@` or number words is
//! returned borrowed after one quick scan.
use std::borrow::Cow;

use crate::config::RedactConfig;

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Card,
    Dni,
    Nie,
    Iban,
    Email,
    Phone,
}

impl Kind {
    /// The label used in masks.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Card => "card",
            Kind::Dni => "dni",
            Kind::Nie => "nie",
            Kind::Iban => "iban",
            Kind::Email => "email",
            Kind::Phone => "phone",
        }
    }
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// What replaces it.
    pub mask: String,
}

/// Masks personal data; built once from the settings, cheap to clone, `Send + Sync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Redactor {
    cfg: RedactConfig,
}

impl Default for Redactor {
    /// Every kind on.
    fn default() -> Self {
        Redactor::new(&RedactConfig::default())
    }
}

impl Redactor {
    pub fn new(cfg: &RedactConfig) -> Redactor {
        Redactor { cfg: cfg.clone() }
    }

    /// A redactor that masks nothing.
    pub fn off() -> Redactor {
        Redactor {
            cfg: RedactConfig {
                cards: false,
                ids: false,
                iban: false,
                email: false,
                phone: false,
                on_screen: false,
            },
        }
    }

    fn any_numeric(&self) -> bool {
        self.cfg.cards || self.cfg.ids || self.cfg.phone
    }

    /// The text with every enabled kind masked; borrowed when nothing was found.
    ///
    /// A mask can change what surrounds another candidate (an email glued to a phone
    /// number, say), so the masked text is scanned again until nothing more is found
    /// (at most a few passes): the result is always a fixed point, redaction is
    /// idempotent.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let Some(mut out) = self.redact_once(text) else {
            return Cow::Borrowed(text);
        };
        for _ in 0..4 {
            match self.redact_once(&out) {
                Some(again) => out = again,
                None => break,
            }
        }
        Cow::Owned(out)
    }

    fn redact_once(&self, text: &str) -> Option<String> {
        let found = self.find(text);
        if found.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for f in &found {
            out.push_str(&text[at..f.start]);
            out.push_str(&f.mask);
            at = f.end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }

    /// Every piece of personal data in the text, sorted, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Found> {
        if !self.worth_scanning(text) {
            return Vec::new();
        }
        let mut found = Vec::new();
        if self.cfg.email {
            find_emails(text, &mut found);
        }
        if self.cfg.iban {
            find_ibans(text, &found.clone(), &mut found);
        }
        if self.any_numeric() {
            found.sort_by_key(|f| f.start);
            let taken = found.clone();
            self.find_numbers(text, &taken, &mut found);
        }
        found.sort_by_key(|f| f.start);
        found
    }

    /// A quick pass: anything that could hold personal data at all?
    fn worth_scanning(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        if (self.cfg.email && bytes.contains(&b'@'))
            || ((self.any_numeric() || self.cfg.iban) && bytes.iter().any(u8::is_ascii_digit))
        {
            return true;
        }
        self.any_numeric()
            && text
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| !w.is_empty() && w.len() <= 6 && digit_word(w).is_some())
    }

    fn find_numbers(&self, text: &str, taken: &[Found], out: &mut Vec<Found>) {
        let toks = tokenize(text, taken);
        let groups = groups(text, &toks);
        // Split the groups into runs and scan each.
        let mut run_start = 0;
        for i in 1..=groups.len() {
            if i == groups.len() || !joinable(&toks, &groups[i - 1], &groups[i]) {
                self.scan_run(text, &toks, &groups[run_start..i], out);
                run_start = i;
            }
        }
    }

    fn scan_run(&self, text: &str, toks: &[Tok], run: &[Group], out: &mut Vec<Found>) {
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
                if let Some(f) = self.classify(text, toks, &run[i], &run[j], &digits[..n]) {
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
        &self,
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
        if self.cfg.phone
            && let Some(plus) = plus_before(toks, first.first_tok)
            && (8..=15).contains(&n)
        {
            return Some(found(plus, last.end, Kind::Phone, last4));
        }
        if self.cfg.cards && (13..=19).contains(&n) && luhn(d) && !is_spanish_phone(d) {
            return Some(found(first.start, last.end, Kind::Card, last4));
        }
        if self.cfg.ids && (n == 8 || n == 7) {
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
        if self.cfg.phone && is_spanish_phone(d) {
            return Some(found(first.start, last.end, Kind::Phone, last4));
        }
        None
    }
}

/// 9 digits starting 6–9, optionally after 34 or 0034.
fn is_spanish_phone(d: &str) -> bool {
    let local = match d.len() {
        9 => d,
        11 if d.starts_with("34") => &d[2..],
        13 if d.starts_with("0034") => &d[4..],
        _ => return false,
    };
    matches!(local.as_bytes()[0], b'6'..=b'9')
}

/// The Luhn check on a string of ASCII digits.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The check letter of a DNI number (also NIE with X/Y/Z replaced by 0/1/2).
pub fn dni_letter(digits: &str) -> Option<char> {
    const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let n: u64 = digits.parse().ok()?;
    Some(char::from(LETTERS[(n % 23) as usize]))
}

/// The IBAN mod-97 check (`iban`: uppercase letters and digits, no spaces).
pub fn iban_valid(iban: &str) -> bool {
    if iban.len() < 15 || !iban.is_ascii() {
        return false;
    }
    let (head, rest) = iban.split_at(4);
    let mut rem: u32 = 0;
    for c in rest.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        rem = if v < 10 {
            (rem * 10 + v) % 97
        } else {
            (rem * 100 + v) % 97
        };
    }
    rem == 1
}

/// IBAN length per country (ISO 13616 registry, the countries likely on a call).
fn iban_length(country: &str) -> Option<usize> {
    const TABLE: &[(&str, usize)] = &[
        ("AD", 24),
        ("AE", 23),
        ("AL", 28),
        ("AT", 20),
        ("AZ", 28),
        ("BA", 20),
        ("BE", 16),
        ("BG", 22),
        ("BH", 22),
        ("BR", 29),
        ("CH", 21),
        ("CR", 22),
        ("CY", 28),
        ("CZ", 24),
        ("DE", 22),
        ("DK", 18),
        ("DO", 28),
        ("EE", 20),
        ("EG", 29),
        ("ES", 24),
        ("FI", 18),
        ("FO", 18),
        ("FR", 27),
        ("GB", 22),
        ("GE", 22),
        ("GI", 23),
        ("GL", 18),
        ("GR", 27),
        ("GT", 28),
        ("HR", 21),
        ("HU", 28),
        ("IE", 22),
        ("IL", 23),
        ("IS", 26),
        ("IT", 27),
        ("JO", 30),
        ("KW", 30),
        ("KZ", 20),
        ("LB", 28),
        ("LI", 21),
        ("LT", 20),
        ("LU", 20),
        ("LV", 21),
        ("MC", 27),
        ("MD", 24),
        ("ME", 22),
        ("MK", 19),
        ("MR", 27),
        ("MT", 31),
        ("MU", 30),
        ("NL", 18),
        ("NO", 15),
        ("PK", 24),
        ("PL", 28),
        ("PS", 29),
        ("PT", 25),
        ("QA", 29),
        ("RO", 24),
        ("RS", 22),
        ("SA", 24),
        ("SE", 24),
        ("SI", 19),
        ("SK", 24),
        ("SM", 27),
        ("TN", 24),
        ("TR", 26),
        ("UA", 29),
        ("VG", 24),
        ("XK", 20),
    ];
    TABLE.iter().find(|(c, _)| *c == country).map(|(_, n)| *n)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn overlaps(taken: &[Found], start: usize, end: usize) -> bool {
    taken.iter().any(|f| f.start < end && start < f.end)
}

fn find_emails(text: &str, out: &mut Vec<Found>) {
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

fn find_ibans(text: &str, taken: &[Found], out: &mut Vec<Found>) {
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

fn digit_word(w: &str) -> Option<char> {
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

fn multiplier(w: &str) -> Option<usize> {
    if w.eq_ignore_ascii_case("doble") || w.eq_ignore_ascii_case("double") {
        Some(2)
    } else if w.eq_ignore_ascii_case("triple") {
        Some(3)
    } else {
        None
    }
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

/// A DNI/NIE letter as a single letter or a Spanish letter name.
fn letter_of(word: &str) -> Option<char> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> String {
        Redactor::default().redact(s).into_owned()
    }

    #[test]
    fn cards() {
        assert_eq!(r("4111111111111111"), "[card ****1111]");
        assert_eq!(
            r("tarjeta 4111-1111-1111-1111."),
            "tarjeta [card ****1111]."
        );
        assert_eq!(r("4111111111111112"), "4111111111111112");
    }

    #[test]
    fn spoken_card() {
        assert_eq!(
            r("es la cuatro uno uno uno, uno uno uno uno uno uno uno uno uno uno uno uno gracias"),
            "es la [card ****1111] gracias"
        );
        assert_eq!(
            r("four one one one one one one one one one one one one one one one"),
            "[card ****1111]"
        );
    }

    #[test]
    fn ids() {
        assert_eq!(r("DNI 12345678Z ok"), "DNI [dni ****678Z] ok");
        assert_eq!(r("DNI 12.345.678-Z"), "DNI [dni ****678Z]");
        assert_eq!(r("DNI 12345678A"), "DNI 12345678A");
        assert_eq!(r("NIE X1234567L"), "NIE [nie ****567L]");
        assert_eq!(
            r("uno dos tres cuatro cinco seis siete ocho zeta"),
            "[dni ****678Z]"
        );
    }

    #[test]
    fn iban_email_phone() {
        assert_eq!(r("ES91 2100 0418 4502 0005 1332"), "[iban ****1332]");
        assert_eq!(r("es9121000418450200051332."), "[iban ****1332].");
        assert_eq!(
            r("ES91 2100 0418 4502 0005 1333"),
            "ES91 2100 0418 4502 0005 1333"
        );
        assert_eq!(r("escribe a ana.gil@ondina.es."), "escribe a [email].");
        assert_eq!(r("llama al 612 345 678"), "llama al [phone ****5678]");
        assert_eq!(r("+34 612345678"), "[phone ****5678]");
        assert_eq!(r("+44 20 7946 0958"), "[phone ****0958]");
        assert_eq!(r("pedido 123456789012"), "pedido 123456789012");
        assert_eq!(r("el 2 de mayo a las 10:30"), "el 2 de mayo a las 10:30");
    }

    #[test]
    fn borrowed_when_clean() {
        assert!(matches!(
            Redactor::default().redact("me han cobrado dos veces"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn switches() {
        let red = Redactor::new(&RedactConfig {
            cards: false,
            ..RedactConfig::default()
        });
        assert_eq!(red.redact("4111111111111111"), "4111111111111111");
    }
}
