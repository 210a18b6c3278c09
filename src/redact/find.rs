//! Finding personal data in a (normalised) text: written and spoken emails, IBANs, and
//! number runs (numerals and number words) checked against the validators and the words
//! around them.
use super::context::{Cue, cue_near};
use super::spoken::{fold, letter_of, number_word, spoken_number};
use super::validate::{
    ccc_valid, dni_letter, iban_length, iban_valid, is_date, is_spanish_phone, luhn,
};
use super::{Found, Kind, Settings};

pub(super) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

pub(super) fn overlaps(taken: &[Found], start: usize, end: usize) -> bool {
    taken.iter().any(|f| f.start < end && start < f.end)
}

// ---------------------------------------------------------------------------------------
// Emails

/// `local@domain.tld`, also with spaces around the `@` (`ana.gil @ ondina.es`) and with a
/// non-ASCII local part (`josé.núñez@correo.es`).
pub(super) fn find_emails(text: &str, out: &mut Vec<Found>) {
    let b = text.as_bytes();
    let local_ok = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain_ok = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let mut from = 0;
    for (at, _) in text.match_indices('@') {
        if at < from {
            continue;
        }
        // The local part ends right before the `@`, or before one space.
        let local_end = if at > from && b[at - 1] == b' ' {
            at - 1
        } else {
            at
        };
        let mut start = local_end;
        for (i, c) in text[from..local_end].char_indices().rev() {
            if !local_ok(c) {
                break;
            }
            start = from + i;
        }
        while start < local_end && b[start] == b'.' {
            start += 1;
        }
        let domain_start = if b.get(at + 1) == Some(&b' ') {
            at + 2
        } else {
            at + 1
        };
        let mut end = domain_start;
        while end < b.len() && domain_ok(b[end]) {
            end += 1;
        }
        while end > domain_start && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        // A top-level domain glued to digits ("ana@b.es612345678"): the address ends
        // with the letters.
        if let Some(dot) = text[domain_start..end].rfind('.') {
            let tld_start = domain_start + dot + 1;
            let letters = b[tld_start..end]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            if letters >= 2 && b[tld_start + letters..end].iter().all(u8::is_ascii_digit) {
                end = tld_start + letters;
            }
        }
        if start == local_end || end == domain_start {
            continue;
        }
        let domain = &text[domain_start..end];
        let labels: Vec<&str> = domain.split('.').collect();
        let tld_ok = labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.bytes().all(|c| c.is_ascii_alphabetic()));
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) || !tld_ok {
            continue;
        }
        out.push(Found::new(start, end, Kind::Email, ""));
        from = end;
    }
}

/// Top-level domains an English `at … dot …` must end with (`at` is a common word).
const TLDS: &[&str] = &[
    "com", "net", "org", "es", "eu", "io", "co", "uk", "de", "fr", "it", "pt", "info", "biz", "us",
    "cat", "edu", "gov", "me", "app", "dev", "mx", "ar", "cl", "pe", "ie", "nl", "be",
];

/// Emails read aloud: `juan punto perez arroba gmail punto com`, `john dot smith at
/// example dot com`, `j o h n at example dot com`, `ana arroba ondina.es`.
pub(super) fn find_spoken_emails(text: &str, taken: &[Found], out: &mut Vec<Found>) {
    // Words: maximal runs of non-space characters, with their byte ranges.
    let words: Vec<(usize, usize)> = word_spans(text);
    let w = |i: usize| -> &str { &text[words[i].0..words[i].1] };
    let is_dot = |s: &str| matches!(fold(s).as_str(), "punto" | "dot" | ".");
    let is_joiner = |s: &str| {
        matches!(
            fold(s).as_str(),
            "punto" | "dot" | "." | "guion" | "dash" | "hyphen" | "underscore" | "-" | "_"
        )
    };
    // `guion bajo`, `barra baja` (`_`), `guion medio` (`-`).
    let is_two_word_joiner = |a: &str, b: &str| {
        matches!(
            (fold(a).as_str(), fold(b).as_str()),
            ("guion" | "barra", "bajo" | "baja" | "medio") | ("under", "score") | ("low", "dash")
        )
    };
    for k in 1..words.len().saturating_sub(1) {
        let at = fold(w(k));
        let english = at == "at";
        if !(english || at == "arroba" || at == "@") {
            continue;
        }
        // Right: domain words joined by `punto`/`dot`, ending with a top-level domain.
        let mut end_word = k + 1;
        let mut dots = w(k + 1).matches('.').count();
        while end_word + 2 < words.len() && is_dot(w(end_word + 1)) {
            end_word += 2;
            dots += 1;
        }
        let last = w(end_word).trim_end_matches(['.', ',', ';', '?', '!']);
        let tld = last.rsplit('.').next().unwrap_or(last).to_ascii_lowercase();
        let tld_ok = if english {
            TLDS.contains(&tld.as_str())
        } else {
            (2..=6).contains(&tld.len()) && tld.bytes().all(|c| c.is_ascii_alphabetic())
        };
        if dots == 0 || !tld_ok {
            continue;
        }
        let end = words[end_word].0 + last.len();
        // Left: the word before, more words joined by `punto`/`dot`/`guion`, or spelled
        // letters (`j o h n`).
        let mut start_word = k - 1;
        if w(start_word).chars().count() == 1 {
            while start_word > 0 && w(start_word - 1).chars().count() == 1 {
                start_word -= 1;
            }
        } else {
            // Name parts said without a joiner (`ana garcia arroba …`, `maria jose
            // garcia at …`) and numbers (`garcia ochenta y siete arroba …`) belong to the
            // address too: a few more words, up to a word that introduces it (`mi correo
            // es`, `my email is`) or a pause.
            let mut parts = 0;
            loop {
                if start_word >= 2 && is_joiner(w(start_word - 1)) {
                    start_word -= 2;
                } else if start_word >= 3
                    && is_two_word_joiner(w(start_word - 2), w(start_word - 1))
                {
                    start_word -= 3;
                } else if start_word >= 2
                    && fold(w(start_word - 1)) == "y"
                    && number_word(w(start_word))
                    && number_word(w(start_word - 2))
                {
                    start_word -= 2;
                } else if start_word >= 1 && parts < MORE_NAME_PARTS && name_part(w(start_word - 1))
                {
                    start_word -= 1;
                    parts += 1;
                } else {
                    break;
                }
            }
        }
        let start = words[start_word].0;
        if !w(start_word)
            .chars()
            .all(|c| c.is_alphanumeric() || "._-".contains(c))
            || overlaps(taken, start, end)
            || overlaps(out, start, end)
        {
            continue;
        }
        out.push(Found::new(start, end, Kind::Email, ""));
    }
}

/// How many words said without a joiner a spoken address may take before its last
/// part (`maria jose garcia at …`: two).
const MORE_NAME_PARTS: usize = 3;

/// A word that may be part of a spoken address's local part: letters and digits only
/// (a pause mark ends the address), not an everyday function word (`es`, `my`, `a`) nor a
/// word that introduces an address (`correo`, `email`, `escriba`).
fn name_part(word: &str) -> bool {
    const INTRO: &[&str] = &[
        "correo",
        "email",
        "mail",
        "e-mail",
        "emilio",
        "direccion",
        "electronico",
        "address",
        "escriba",
        "escribe",
        "escribame",
        "escribeme",
        "escribir",
        "mande",
        "manda",
        "mandar",
        "envie",
        "envia",
        "enviar",
        "write",
        "send",
        "contact",
        "reach",
        "soy",
        "llamo",
        "usuario",
        "user",
        "pues",
        "vale",
        "ok",
        "okay",
        "si",
        "yes",
        "well",
        "sorry",
        "perdon",
        "gracias",
        "thanks",
        "its",
        "it's",
        "that's",
        "thats",
        "sea",
        "seria",
    ];
    let folded = fold(word);
    word.len() <= 24
        && word.chars().all(char::is_alphanumeric)
        && !crate::text::is_base_stop_word(&folded)
        && !INTRO.contains(&folded.as_str())
        && !matches!(folded.as_str(), "arroba" | "at" | "punto" | "dot")
}

fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

// ---------------------------------------------------------------------------------------
// IBAN

/// Countries whose IBAN has digits only after the country code.
const NUMERIC_BBAN: &[&str] = &[
    "ES", "DE", "PT", "AT", "BE", "DK", "FI", "NO", "SE", "PL", "HU", "CZ", "SK", "SI", "HR", "EE",
    "LT", "RS", "ME", "TN", "IL", "AE",
];

/// Country, check digits and BBAN of the country's length, mod 97 valid; spaces (one or
/// more), dashes or dots allowed between the characters (`ES91-2100-…`, `ES 91 2100 …`).
pub(super) fn find_ibans(text: &str, taken: &[Found], out: &mut Vec<Found>) {
    let b = text.as_bytes();
    let is_sep = |c: u8| matches!(c, b' ' | b'-' | b'.' | b'\t');
    let mut i = 0;
    while i + 4 <= b.len() {
        let boundary = i == 0 || !is_word_byte(b[i - 1]);
        if !(boundary && b[i].is_ascii_alphabetic() && b[i + 1].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let country = text[i..i + 2].to_ascii_uppercase();
        let Some(len) = iban_length(&country) else {
            i += 1;
            continue;
        };
        let numeric = NUMERIC_BBAN.contains(&country.as_str());
        // Collect up to `len` alphanumerics, at most 3 separators between two of them.
        let mut chars = String::with_capacity(len);
        let mut j = i;
        let mut end = i;
        while j < b.len() && chars.len() < len {
            if b[j].is_ascii_alphanumeric() {
                // The check digits are digits, and so is the rest in many countries.
                if (chars.len() >= 2 && (chars.len() < 4 || numeric)) && !b[j].is_ascii_digit() {
                    break;
                }
                // A lower-case country apart from its check digits is a word (`es 91 …`).
                if chars.len() == 2 && j > i + 2 && b[i].is_ascii_lowercase() {
                    break;
                }
                chars.push(char::from(b[j].to_ascii_uppercase()));
                j += 1;
                end = j;
            } else if j > i && is_sep(b[j]) {
                let gap = b[j..].iter().take_while(|c| is_sep(**c)).count();
                if gap > 3 || b[j..].iter().filter(|c| **c == b'-').take(2).count() > 1 && gap > 1 {
                    break;
                }
                j += gap;
            } else {
                break;
            }
        }
        let at_boundary = end == b.len() || !is_word_byte(b[end]);
        if chars.len() == len && at_boundary && iban_valid(&chars) && !overlaps(taken, i, end) {
            out.push(Found::new(i, end, Kind::Iban, &chars[len - 4..]));
            i = end;
        } else {
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Number runs

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokKind {
    Digits,
    Word,
    Space,
    Dash,
    Dot,
    Comma,
    Plus,
    /// `/`, `_`, `*`: separators people and engines put between digit groups.
    Slash,
    /// `(` or `)`.
    Paren,
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
}

/// Splits text into tokens; anything inside an earlier match (`taken`: sorted, not
/// overlapping) becomes `Other`.
pub(super) fn tokenize(text: &str, taken: &[Found]) -> Vec<Tok> {
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
                '/' | '_' | '*' => TokKind::Slash,
                '(' | ')' => TokKind::Paren,
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

/// A numeral or a spoken number, as digits.
#[derive(Debug, Clone)]
struct Group {
    digits: String,
    start: usize,
    end: usize,
    first_tok: usize,
    last_tok: usize,
    numeral: bool,
}

/// The most words one spoken number takes (`four thousand five hundred and thirty nine`
/// is seven).
const SPOKEN_WORDS: usize = 8;

fn groups(text: &str, toks: &[Tok]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut words: Vec<Option<&str>> = Vec::with_capacity(SPOKEN_WORDS);
    let mut at: Vec<usize> = Vec::with_capacity(SPOKEN_WORDS);
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
            TokKind::Word if t.end - t.start <= 28 => {
                // The next few words (spaces and single dashes skipped; a single digit
                // after `doble` counts as a word).
                words.clear();
                at.clear();
                let mut k = i;
                while k < toks.len() && words.len() < SPOKEN_WORDS {
                    let tk = toks[k];
                    match tk.kind {
                        TokKind::Word => {
                            words.push(Some(&text[tk.start..tk.end]));
                            at.push(k);
                        }
                        TokKind::Digits if tk.end - tk.start == 1 && !words.is_empty() => {
                            words.push(Some(digit_name(&text[tk.start..tk.end])));
                            at.push(k);
                        }
                        TokKind::Space | TokKind::Dash => {}
                        _ => break,
                    }
                    k += 1;
                }
                if let Some((digits, used)) = spoken_number(&words) {
                    let last = at[used - 1];
                    out.push(Group {
                        digits,
                        start: t.start,
                        end: toks[last].end,
                        first_tok: i,
                        last_tok: last,
                        numeral: false,
                    });
                    i = last + 1;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn digit_name(d: &str) -> &'static str {
    const NAMES: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    d.bytes()
        .next()
        .map(|b| NAMES[usize::from(b.wrapping_sub(b'0')).min(9)])
        .unwrap_or("")
}

/// Words people put between the groups of a number they dictate.
fn filler(w: &str) -> bool {
    matches!(
        fold(w).as_str(),
        "y" | "e" | "eh" | "em" | "and" | "uh" | "um" | "er" | "mm" | "ah"
    ) || pause_word(w)
}

/// Words that start a turn or fill a pause before the rest of a number (`vale, 1111
/// 1111`, `ok, 678`): they may come with a comma.
fn pause_word(w: &str) -> bool {
    matches!(
        fold(w).as_str(),
        "vale" | "ok" | "okay" | "bueno" | "pues" | "este" | "well" | "so"
    )
}

/// How two consecutive groups are joined: `None` when they cannot belong to one number.
/// Spaces, brackets, at most one of `-` `,` `.` `/` `_` `*`, or one filler word (`y`,
/// `eh`, `and`). A comma glued between a numeral and two digits is a decimal (`35,90`).
/// `Some(true)` is a strong joint (a pause: punctuation or a filler word).
fn joint(text: &str, toks: &[Tok], a: &Group, b: &Group) -> Option<bool> {
    let between = &toks[a.last_tok + 1..b.first_tok];
    let mut punct = 0;
    let mut fillers = 0;
    let mut pauses = 0;
    let mut strong = false;
    for t in between {
        match t.kind {
            TokKind::Space | TokKind::Paren => {}
            TokKind::Dash => punct += 1,
            TokKind::Comma => {
                if between.len() == 1 && a.numeral && b.numeral && b.digits.len() <= 2 {
                    return None;
                }
                punct += 1;
                strong = true;
            }
            TokKind::Dot | TokKind::Slash => {
                punct += 1;
                strong |= between.len() > 1;
            }
            TokKind::Word if filler(&text[t.start..t.end]) => {
                fillers += 1;
                pauses += usize::from(pause_word(&text[t.start..t.end]));
                strong = true;
            }
            _ => return None,
        }
    }
    // A pause word may carry its comma (`vale, 1111`): one more mark then.
    (punct + fillers <= 1 + pauses.min(1) && fillers <= 1 && between.len() <= 5).then_some(strong)
}

/// Where the `+` of an international number is (spaces and `(` allowed in between).
fn plus_before(toks: &[Tok], first: usize) -> Option<usize> {
    let mut k = first;
    while k > 0 {
        k -= 1;
        match toks[k].kind {
            TokKind::Space | TokKind::Paren => {}
            TokKind::Plus => return Some(toks[k].start),
            _ => return None,
        }
    }
    None
}

/// The letter after token `last` (glued, or after one space or dash, or after `letra`):
/// the letter, where it ends, whether it was glued, and whether it is also an everyday word.
fn letter_after(text: &str, toks: &[Tok], last: usize) -> Option<(char, usize, bool, bool)> {
    let mut k = last + 1;
    let mut glued = true;
    if k < toks.len() && matches!(toks[k].kind, TokKind::Space | TokKind::Dash) {
        glued = toks[k].kind == TokKind::Dash;
        k += 1;
    }
    let mut t = *toks.get(k)?;
    if t.kind != TokKind::Word {
        return None;
    }
    if matches!(fold(&text[t.start..t.end]).as_str(), "letra" | "letter")
        && toks.get(k + 1).is_some_and(|s| s.kind == TokKind::Space)
    {
        t = *toks.get(k + 2).filter(|w| w.kind == TokKind::Word)?;
        glued = true;
    }
    // `i griega`: the letter Y in two words.
    if fold(&text[t.start..t.end]) == "i"
        && toks.get(k + 1).is_some_and(|s| s.kind == TokKind::Space)
        && let Some(g) = toks.get(k + 2).filter(|w| w.kind == TokKind::Word)
        && fold(&text[g.start..g.end]) == "griega"
    {
        return Some(('Y', g.end, glued, false));
    }
    let (c, everyday) = letter_of(&text[t.start..t.end])?;
    Some((c, t.end, glued, everyday))
}

/// The letter word before token `first` (glued, or after one space or dash): the
/// letter, its token, and whether it is also an everyday word.
fn letter_token_before(text: &str, toks: &[Tok], first: usize) -> Option<(char, usize, bool)> {
    let mut k = first.checked_sub(1)?;
    if matches!(toks[k].kind, TokKind::Space | TokKind::Dash) {
        k = k.checked_sub(1)?;
    }
    let t = toks[k];
    if t.kind != TokKind::Word {
        return None;
    }
    // `i griega`: the letter Y in two words.
    if fold(&text[t.start..t.end]) == "griega"
        && k >= 2
        && toks[k - 1].kind == TokKind::Space
        && toks[k - 2].kind == TokKind::Word
        && fold(&text[toks[k - 2].start..toks[k - 2].end]) == "i"
    {
        return Some(('Y', k - 2, false));
    }
    let (c, everyday) = letter_of(&text[t.start..t.end])?;
    Some((c, k, everyday))
}

/// The letter before token `first` (glued, or after one space or dash), and its start.
fn letter_before(text: &str, toks: &[Tok], first: usize) -> Option<(char, usize, bool)> {
    letter_token_before(text, toks, first).map(|(c, k, everyday)| (c, toks[k].start, everyday))
}

/// A country code spelled before token `first` (`E S`, `e s`, `ese`: two letters, each
/// a word, with one space or dash between): the code and where it starts.
fn country_before(text: &str, toks: &[Tok], first: usize) -> Option<(String, usize)> {
    let (second, k, _) = letter_token_before(text, toks, first)?;
    let (first_letter, k0, _) = letter_token_before(text, toks, k)?;
    Some((format!("{first_letter}{second}"), toks[k0].start))
}

/// Number runs: groups joined as [`joint`] allows, each scanned for the longest valid
/// number starting leftmost, given the cue words around the run.
pub(super) fn numbers(cfg: &Settings, text: &str, taken: &[Found], out: &mut Vec<Found>) {
    let toks = tokenize(text, taken);
    let groups = groups(text, &toks);
    let mut joints = Vec::with_capacity(groups.len());
    let mut run_start = 0;
    for i in 1..=groups.len() {
        let j = (i < groups.len())
            .then(|| joint(text, &toks, &groups[i - 1], &groups[i]))
            .flatten();
        match j {
            Some(strong) => joints.push(strong),
            None => {
                let run = Run {
                    text,
                    toks: &toks,
                    groups: &groups[run_start..i],
                    strong: &joints,
                };
                run.scan(cfg, out);
                joints.clear();
                run_start = i;
            }
        }
    }
}

struct Run<'a> {
    text: &'a str,
    toks: &'a [Tok],
    groups: &'a [Group],
    /// `strong[k]`: the joint between groups `k` and `k + 1` is a pause.
    strong: &'a [bool],
}

/// The longest number any kind takes: the digits of an IBAN whose country is spelled
/// (32 at most; a Spanish one has 22).
const MAX_DIGITS: usize = 32;

type Classify<'c> = &'c dyn Fn(usize, usize, &str) -> Option<Found>;

impl Run<'_> {
    fn scan(&self, cfg: &Settings, out: &mut Vec<Found>) {
        let (Some(first), Some(last)) = (self.groups.first(), self.groups.last()) else {
            return;
        };
        let cue = cue_near(self.text, self.toks, first.first_tok, last.last_tok);
        if cue == Some(Cue::Reference) {
            return;
        }
        let strict = |i: usize, j: usize, d: &str| self.strict(cfg, i, j, d);
        let mut after_card = false;
        let mut i = 0;
        while i < self.groups.len() {
            let mut hit = self.longest(i, usize::MAX, &strict);
            // A shorter number ending at a pause wins when another number follows the
            // pause (`612 345 678, 4663 9233 2146 8814`: a phone, then a card).
            if let Some((jl, _)) = &hit {
                let jl = *jl;
                for k in (i..jl).rev() {
                    if self.strong[k]
                        && let Some(short) = self.longest(i, k, &strict).filter(|(j, _)| *j == k)
                        && self.longest(k + 1, usize::MAX, &strict).is_some()
                    {
                        hit = Some(short);
                        break;
                    }
                }
            }
            let cue = if after_card {
                Some(Cue::AfterCard)
            } else {
                cue
            };
            // What the cue words say wins when it takes more (`tarjeta 6000 …` with a
            // phone-like start).
            if let Some(cue) = cue
                && let Some(cued) =
                    self.longest(i, usize::MAX, &|i, j, d| self.cued(cfg, cue, i, j, d))
                && hit.as_ref().is_none_or(|(j, _)| cued.0 > *j)
            {
                hit = Some(cued);
            }
            match hit {
                Some((j, f)) => {
                    after_card = f.kind == Kind::Card || (after_card && f.kind == Kind::Expiry);
                    out.push(f);
                    i = j + 1;
                }
                None => {
                    after_card = false;
                    i += 1;
                }
            }
        }
    }

    /// The longest number from group `i` (ending at group `max_j` at most) that
    /// `classify` accepts.
    fn longest(&self, i: usize, max_j: usize, classify: Classify) -> Option<(usize, Found)> {
        let mut digits = String::with_capacity(24);
        let mut ends: Vec<(usize, usize)> = Vec::with_capacity(20);
        for (j, g) in self.groups.iter().enumerate().skip(i) {
            digits.push_str(&g.digits);
            if digits.len() > MAX_DIGITS || j > max_j {
                break;
            }
            ends.push((j, digits.len()));
        }
        ends.iter()
            .rev()
            .take_while(|(_, n)| *n >= 3)
            .find_map(|&(j, n)| classify(i, j, &digits[..n]).map(|f| (j, f)))
    }

    /// `12/28`, `1/28`, `12/2028`: a month, then a year.
    fn expiry_shape(&self, i: usize, j: usize, d: &str) -> bool {
        let lengths = self.lengths(i, j);
        matches!(lengths.as_slice(), [2, 2] | [1, 2] | [2, 4])
            && d[..lengths[0]]
                .parse::<u8>()
                .is_ok_and(|m| (1..=12).contains(&m))
    }

    fn spoken(&self, i: usize, j: usize) -> bool {
        self.groups[i..=j].iter().any(|g| !g.numeral)
    }

    fn lengths(&self, i: usize, j: usize) -> Vec<usize> {
        self.groups[i..=j]
            .iter()
            .filter(|g| g.numeral)
            .map(|g| g.digits.len())
            .collect()
    }

    fn date(&self, i: usize, j: usize) -> bool {
        !self.spoken(i, j)
            && is_date(
                &self.groups[i..=j]
                    .iter()
                    .map(|g| g.digits.as_str())
                    .collect::<Vec<_>>(),
            )
    }

    fn span(&self, i: usize, j: usize) -> (usize, usize) {
        let mut start = self.groups[i].start;
        let mut end = self.groups[j].end;
        // Brackets around a group belong to the number: `(415) 555-2671`.
        let first = self.groups[i].first_tok;
        if first > 0
            && self.toks[first - 1].kind == TokKind::Paren
            && self.text[self.toks[first - 1].start..].starts_with('(')
        {
            start = self.toks[first - 1].start;
        }
        let last = self.groups[j].last_tok;
        if let Some(t) = self.toks.get(last + 1)
            && t.kind == TokKind::Paren
            && self.text[t.start..].starts_with(')')
            && start < self.groups[i].start
        {
            end = t.end;
        }
        (start, end)
    }

    /// An IBAN whose country is spelled before its digits (`E S nueve uno …`, `e s 91
    /// 2100 …`): the check digits decide.
    fn spelled_iban(&self, cfg: &Settings, i: usize, j: usize, d: &str) -> Option<Found> {
        let (country, start) = country_before(self.text, self.toks, self.groups[i].first_tok)?;
        let valid = cfg.iban
            && iban_length(&country) == Some(d.len() + 2)
            && iban_valid(&format!("{country}{d}"));
        valid.then(|| Found::new(start, self.span(i, j).1, Kind::Iban, &d[d.len() - 4..]))
    }

    /// Written digit groups whose last group starts an expiry date (`4111 1111 1111
    /// 1111 12/28`: the card ends before `12`).
    fn short_tail(&self, i: usize, j: usize) -> bool {
        let Some(next) = self.groups.get(j + 1) else {
            return false;
        };
        let d = format!("{}{}", self.groups[j].digits, next.digits);
        !self.spoken(i, j) && j > i && self.expiry_shape(j, j + 1, &d)
    }

    /// Numbers recognised by their shape and check digits alone.
    fn strict(&self, cfg: &Settings, i: usize, j: usize, d: &str) -> Option<Found> {
        let n = d.len();
        if n < 7 {
            return None;
        }
        let (start, end) = self.span(i, j);
        let last4 = &d[n - 4..];
        let first = &self.groups[i];
        let last = &self.groups[j];
        if cfg.phone
            && let Some(plus) = plus_before(self.toks, first.first_tok)
            && (8..=15).contains(&n)
        {
            return Some(Found::new(plus, end, Kind::Phone, last4));
        }
        if let Some(iban) = self.spelled_iban(cfg, i, j, d) {
            return Some(iban);
        }
        let lengths = self.lengths(i, j);
        let date = self.date(i, j);
        let short_tail = self.short_tail(i, j);
        if cfg.ids && n == 9 && lengths == [3, 2, 4] && !d.starts_with('9') {
            return Some(Found::new(start, end, Kind::Ssn, last4));
        }
        let iccid = n >= 18 && d.starts_with("89");
        // Fifteen-digit cards are American Express (34, 37); other 15 Luhn-valid digits
        // are IMEIs (`490154203237518`) unless said as a card.
        let imei =
            n == 15 && (lengths == [2, 6, 6, 1] || !(d.starts_with("34") || d.starts_with("37")));
        if cfg.cards
            && (13..=19).contains(&n)
            && luhn(d)
            && !is_spanish_phone(d)
            && !iccid
            && !imei
            && !short_tail
        {
            return Some(Found::new(start, end, Kind::Card, last4));
        }
        if cfg.ids
            && (n == 8 || n == 7)
            && !date
            && let Some((letter, lend, glued, everyday)) =
                letter_after(self.text, self.toks, last.last_tok)
            && (glued || !everyday || self.spoken(i, j))
        {
            if n == 8 && dni_letter(d) == Some(letter) {
                return Some(Found::new(
                    start,
                    lend,
                    Kind::Dni,
                    &format!("{}{letter}", &d[5..]),
                ));
            }
            if n == 7
                && let Some((prefix, pstart, p_everyday)) =
                    letter_before(self.text, self.toks, first.first_tok)
                && (!p_everyday || self.spoken(i, j))
                && let Some(p) = "XYZ".find(prefix)
                && dni_letter(&format!("{p}{d}")) == Some(letter)
            {
                return Some(Found::new(
                    pstart,
                    lend,
                    Kind::Nie,
                    &format!("{}{letter}", &d[4..]),
                ));
            }
        }
        if cfg.iban && n == 20 && ccc_valid(d) {
            return Some(Found::new(start, end, Kind::Account, last4));
        }
        if cfg.phone && !date {
            let spanish = is_spanish_phone(d);
            let us =
                (n == 10 && matches!(lengths.as_slice(), [3, 3, 4]) && d.as_bytes()[0] >= b'2')
                    || (n == 11 && d.starts_with('1') && lengths == [1, 3, 3, 4]);
            let uk = n == 11 && d.starts_with('0') && d.as_bytes()[1] != b'0' && lengths.len() >= 2;
            if spanish || us || uk {
                return Some(Found::new(start, end, Kind::Phone, last4));
            }
        }
        None
    }

    /// Numbers recognised because of the words around them (`DNI 44551230`, `tarjeta
    /// 4111 1111 1111 111`, `cvv 123`).
    fn cued(&self, cfg: &Settings, cue: Cue, i: usize, j: usize, d: &str) -> Option<Found> {
        let n = d.len();
        let (start, end) = self.span(i, j);
        let last4 = &d[n.saturating_sub(4)..];
        if let Some(iban) = self.spelled_iban(cfg, i, j, d) {
            return Some(iban);
        }
        match cue {
            Cue::Card if cfg.cards && (12..=19).contains(&n) && !self.short_tail(i, j) => {
                Some(Found::new(start, end, Kind::Card, last4))
            }
            Cue::Cvv if cfg.cards && (3..=4).contains(&n) => {
                Some(Found::new(start, end, Kind::Cvv, ""))
            }
            // Right after a card: `12/28` is its expiry date, three digits its CVV.
            Cue::AfterCard if cfg.cards && n == 3 && i == j => {
                Some(Found::new(start, end, Kind::Cvv, ""))
            }
            Cue::AfterCard if cfg.cards && self.expiry_shape(i, j, d) => {
                Some(Found::new(start, end, Kind::Expiry, ""))
            }
            Cue::Expiry if cfg.cards && (3..=6).contains(&n) => {
                Some(Found::new(start, end, Kind::Expiry, ""))
            }
            Cue::Id if cfg.ids && (7..=9).contains(&n) => {
                let first = &self.groups[i];
                let last = &self.groups[j];
                let mut start = start;
                let mut end = end;
                let mut letter = None;
                if let Some((c, lend, glued, everyday)) =
                    letter_after(self.text, self.toks, last.last_tok)
                    && (glued || !everyday || dni_letter(d) == Some(c))
                {
                    letter = Some(c);
                    end = lend;
                }
                let mut kind = Kind::Dni;
                if let Some((c, pstart, everyday)) =
                    letter_before(self.text, self.toks, first.first_tok)
                    && !everyday
                {
                    start = pstart;
                    if "XYZ".contains(c) {
                        kind = Kind::Nie;
                    }
                }
                if n == 9 && letter.is_none() && kind == Kind::Dni {
                    // Nine digits next to "DNI": more likely a phone said right after.
                    return None;
                }
                let keep = match letter {
                    Some(c) => format!("{}{c}", &d[n - 3..]),
                    None => last4.to_string(),
                };
                Some(Found::new(start, end, kind, &keep))
            }
            Cue::Account if cfg.iban && (n == 20 || n == 10) => {
                Some(Found::new(start, end, Kind::Account, last4))
            }
            // 14 digits at most without a `+` (`0044 7700 900123`): fifteen are an IMEI
            // (`el número de serie del móvil es 490154203237518`).
            Cue::Phone if cfg.phone && (9..=14).contains(&n) => {
                Some(Found::new(start, end, Kind::Phone, last4))
            }
            Cue::Ssn if cfg.ids && n == 9 => Some(Found::new(start, end, Kind::Ssn, last4)),
            _ => None,
        }
    }
}
