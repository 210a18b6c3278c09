//! Redaction: personal data is masked before anything reaches disk (journal, exports).
//!
//! ```
//! use apunte::redact::Redactor;
//! let r = Redactor::default();
//! assert_eq!(r.redact("mi tarjeta es 4111 1111 1111 1111"), "mi tarjeta es [card ****1111]");
//! assert_eq!(r.redact("sin datos"), "sin datos"); // borrowed, no allocation
//! ```
//!
//! What is found, and the one mask per kind (ASCII, language-neutral, keeps the last 4
//! characters where they help the agent confirm with the customer; never for a CVV or an
//! expiry date):
//!
//! | kind    | found                                                             | mask                 |
//! |---------|-------------------------------------------------------------------|----------------------|
//! | card    | 13–19 digits, Luhn-valid; 12–19 digits said as a card (`tarjeta …`) | `[card ****1111]`  |
//! | cvv     | 3–4 digits after `cvv`/`código de seguridad`, or right after a card | `[cvv]`            |
//! | expiry  | the date after `caduca`/`expires`, or `12/28` right after a card; with its month (`marzo del 27`, `March 2027`) | `[expiry]` |
//! | dni     | 8 digits + the right check letter; said as an ID (`DNI 44551230`), 7–8 digits with any letter or none | `[dni ****678Z]` |
//! | nie     | X/Y/Z + 7 digits + the right check letter (any letter when said as an ID) | `[nie ****567L]` |
//! | ssn     | `123-45-6789`, or 9 digits after `SSN`/`social security`           | `[ssn ****6789]`     |
//! | iban    | country + check digits + BBAN of the country's length, mod 97 valid; spaces, dashes, dots | `[iban ****1332]` |
//! | account | the Spanish 20-digit account number (CCC, both check digits valid, or said as an account) | `[account ****1332]` |
//! | email   | `local@domain.tld` (also ` @ `), `ana punto gil arroba …`, `john dot smith at … dot com` | `[email]` |
//! | phone   | Spanish 9 digits starting 6–9 (optional `+34`, `0034`, `34`), `+` and 8–15 digits, US `415-555-2671` / `(415) 555 2671`, UK `07700 900123`; 9–14 digits said as a phone (`mi teléfono`, `my number is`) | `[phone ****5678]` |
//!
//! The text is normalised first: any Unicode decimal digit (full-width, Arabic-Indic …)
//! reads as its ASCII digit, en dash, minus sign and other dashes as `-`, full-width
//! letters as ASCII. Digits may be written as words, as speech-to-text engines do:
//! Spanish `cero` … `noventa y nueve mil novecientos noventa y nueve` (`cuarenta y uno`,
//! `once`, `seiscientos doce`, `cuatro mil quinientos`), English `zero/oh` … `ninety-nine
//! thousand nine hundred ninety-nine` (`forty-one hundred eleven`), `doble`/`double`/`triple`
//! before a digit, mixed with numerals. Groups of digits join into one number across
//! spaces, brackets, one of `-` `,` `.` `/` `_` `*`, or one filler word (`y`, `eh`,
//! `and`); a comma glued before two digits is a decimal (`35,90`). The DNI/NIE letter
//! may be spoken by its Spanish name (`zeta`, `equis`, `jota` …, or after `letra`);
//! names that are also everyday words (`de`, `a`, `te`, `ese`) count only when the number
//! was dictated or said as an ID, so `el pedido 12345673 de ayer` keeps its `de`.
//!
//! The words around a number (a few before, or after) say what it is: the nearest cue
//! wins. `tarjeta`, `DNI`, `cuenta`, `teléfono`, `cvv`, `caduca`, `SSN` … widen what is
//! taken; `pedido`, `contrato`, `incidencia`, `factura`, `IMEI`, `ICCID` … say it is a
//! reference, left alone (as are 19–20 digits starting `89`, a SIM's ICCID, and an IMEI
//! written `49-015420-323751-8`). Dates (`2025-12-01`, `02.01.2026`) are never IDs or
//! phones.
//!
//! Within a run, the longest valid number starting leftmost wins, at word/group
//! boundaries only (a 12-digit numeral is never split into a phone); a shorter one that
//! ends at a pause wins when another number follows the pause. Masks already in the text
//! are left as they are, so redaction is idempotent. A number split across two turns of
//! the same speaker is caught by [`Redactor::redact_after`] (the journal writer passes
//! the speaker's previous turn); the part in the later turn is masked without its last
//! digits, since the earlier turn already holds the beginning. Text without digits, `@`
//! or number words is returned borrowed after one quick scan.
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

mod context;
mod expiry;
mod find;
mod normalise;
mod spoken;
mod validate;

pub use validate::{dni_letter, iban_valid, luhn};

/// Redaction switches (the `[redact]` section of `config.toml`): each kind of personal
/// data can be turned off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Card numbers, with their CVV and expiry date.
    pub cards: bool,
    /// DNI, NIE, US social security numbers.
    pub ids: bool,
    /// IBAN and Spanish account numbers.
    pub iban: bool,
    pub email: bool,
    pub phone: bool,
    /// Also mask on the live screen (by default the screen shows text as received).
    pub on_screen: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cards: true,
            ids: true,
            iban: true,
            email: true,
            phone: true,
            on_screen: false,
        }
    }
}

impl Settings {
    /// The kinds turned off, by their setting names (`cards`, `ids`, …): what the status
    /// bar shows and the journal's start entry records.
    pub fn off(&self) -> Vec<&'static str> {
        [
            ("cards", self.cards),
            ("ids", self.ids),
            ("iban", self.iban),
            ("email", self.email),
            ("phone", self.phone),
        ]
        .into_iter()
        .filter(|(_, on)| !on)
        .map(|(name, _)| name)
        .collect()
    }
}

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Card,
    Cvv,
    Expiry,
    Dni,
    Nie,
    Ssn,
    Iban,
    Account,
    Email,
    Phone,
}

impl Kind {
    /// The label used in masks.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Card => "card",
            Kind::Cvv => "cvv",
            Kind::Expiry => "expiry",
            Kind::Dni => "dni",
            Kind::Nie => "nie",
            Kind::Ssn => "ssn",
            Kind::Iban => "iban",
            Kind::Account => "account",
            Kind::Email => "email",
            Kind::Phone => "phone",
        }
    }

    const ALL: [Kind; 10] = [
        Kind::Card,
        Kind::Cvv,
        Kind::Expiry,
        Kind::Dni,
        Kind::Nie,
        Kind::Ssn,
        Kind::Iban,
        Kind::Account,
        Kind::Email,
        Kind::Phone,
    ];
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

impl Found {
    /// `keep`: the last characters shown (empty: none).
    fn new(start: usize, end: usize, kind: Kind, keep: &str) -> Found {
        let mask = if keep.is_empty() {
            format!("[{}]", kind.label())
        } else {
            format!("[{} ****{keep}]", kind.label())
        };
        Found {
            start,
            end,
            kind,
            mask,
        }
    }
}

/// Masks personal data; built once from the settings, cheap to clone, `Send + Sync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Redactor {
    cfg: Settings,
}

impl Default for Redactor {
    /// Every kind on.
    fn default() -> Self {
        Redactor::new(&Settings::default())
    }
}

impl Redactor {
    pub fn new(cfg: &Settings) -> Redactor {
        Redactor { cfg: cfg.clone() }
    }

    /// A redactor that masks nothing.
    pub fn off() -> Redactor {
        Redactor {
            cfg: Settings {
                cards: false,
                ids: false,
                iban: false,
                email: false,
                phone: false,
                on_screen: false,
            },
        }
    }

    /// The settings it was built from (what is turned off, whether to mask on screen).
    pub fn settings(&self) -> &Settings {
        &self.cfg
    }

    fn any_numeric(&self) -> bool {
        self.cfg.cards || self.cfg.ids || self.cfg.phone || self.cfg.iban
    }

    /// The text with every enabled kind masked; borrowed when nothing was found.
    ///
    /// A mask can change what surrounds another candidate (an email glued to a phone
    /// number, say), so the masked text is scanned again until nothing more is found
    /// (at most a few passes): the result is always a fixed point, redaction is
    /// idempotent.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redact_after("", text)
    }

    /// Like [`Redactor::redact`], with the same speaker's previous turn as context: a
    /// number begun there and completed here (`la tarjeta es 4111 1111` / `1111 1111`)
    /// is masked here, and a cue said there (`mi DNI es`) counts here.
    pub fn redact_after<'a>(&self, previous: &str, text: &'a str) -> Cow<'a, str> {
        let Some(mut out) = self.redact_once(previous, text) else {
            return Cow::Borrowed(text);
        };
        for _ in 0..4 {
            match self.redact_once("", &out) {
                Some(again) => out = again,
                None => break,
            }
        }
        Cow::Owned(out)
    }

    fn redact_once(&self, previous: &str, text: &str) -> Option<String> {
        let found = self.find_after(previous, text);
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
        self.find_after("", text)
    }

    /// [`Redactor::find`] with the previous turn as context: what lies in `text`, with a
    /// number that begins in `previous` cut to its part in `text` (and masked without
    /// its last characters).
    pub fn find_after(&self, previous: &str, text: &str) -> Vec<Found> {
        if !self.worth_scanning(text) {
            return Vec::new();
        }
        if previous.is_empty() {
            return self.find_normalised(text);
        }
        // The end of the previous turn is enough: a number's beginning and its cue words.
        let mut cut = previous.len().saturating_sub(CONTEXT_BYTES);
        while !previous.is_char_boundary(cut) {
            cut += 1;
        }
        let previous = &previous[cut..];
        let joined = format!("{previous}\n{text}");
        let offset = previous.len() + 1;
        self.find_normalised(&joined)
            .into_iter()
            .filter(|f| f.end > offset)
            .map(|f| {
                if f.start < offset {
                    Found::new(0, f.end - offset, f.kind, "")
                } else {
                    Found {
                        start: f.start - offset,
                        end: f.end - offset,
                        ..f
                    }
                }
            })
            .collect()
    }

    /// Finds in the normalised text and maps the ranges back.
    fn find_normalised(&self, text: &str) -> Vec<Found> {
        match normalise::normalise(text) {
            None => self.find_plain(text),
            Some(n) => self
                .find_plain(&n.text)
                .into_iter()
                .map(|f| Found {
                    start: n.original(f.start),
                    end: n.original(f.end),
                    ..f
                })
                .collect(),
        }
    }

    fn find_plain(&self, text: &str) -> Vec<Found> {
        // Masks already in the text stay as they are.
        let mut found = existing_masks(text);
        let masks = found.len();
        if self.cfg.email {
            find::find_emails(text, &mut found);
            found.sort_by_key(|f| f.start);
            let taken = found.clone();
            find::find_spoken_emails(text, &taken, &mut found);
        }
        if self.cfg.iban {
            find::find_ibans(text, &found.clone(), &mut found);
        }
        if self.any_numeric() {
            found.sort_by_key(|f| f.start);
            let taken = found.clone();
            find::numbers(&self.cfg, text, &taken, &mut found);
        }
        if self.cfg.cards {
            found.sort_by_key(|f| f.start);
            expiry::month_dates(text, &mut found);
        }
        found.sort_by_key(|f| f.start);
        if masks > 0 {
            found.retain(|f| !is_mask_found(f));
        }
        found
    }

    /// A quick pass: anything that could hold personal data at all?
    fn worth_scanning(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        if (self.cfg.email && bytes.contains(&b'@'))
            || (self.any_numeric() && bytes.iter().any(u8::is_ascii_digit))
        {
            return true;
        }
        if !bytes.is_ascii() && text.chars().any(normalise::is_digit) {
            return true;
        }
        text.split(|c: char| !c.is_alphabetic()).any(|w| {
            !w.is_empty()
                && w.len() <= 28
                && ((self.any_numeric() && spoken::number_word(w))
                    || (self.cfg.email && spoken::email_word(w)))
        })
    }
}

/// How much of the previous turn is read as context.
const CONTEXT_BYTES: usize = 160;

/// The label of masks already in a text (a marker kind: never part of a result).
const MASK_MARK: &str = "\u{0}mask";

fn is_mask_found(f: &Found) -> bool {
    f.mask == MASK_MARK
}

/// `[card ****1111]`, `[email]` … already in the text.
fn existing_masks(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if !text.contains('[') {
        return out;
    }
    for (start, _) in text.match_indices('[') {
        let rest = &text[start + 1..];
        let Some(close) = rest.find(']') else {
            break;
        };
        let inner = &rest[..close];
        let (label, keep) = inner.split_once(' ').unwrap_or((inner, ""));
        let keep_ok = keep.is_empty()
            || keep
                .strip_prefix("****")
                .is_some_and(|k| k.len() <= 4 && k.bytes().all(|b| b.is_ascii_alphanumeric()));
        if keep_ok && Kind::ALL.iter().any(|k| k.label() == label) {
            out.push(Found {
                start,
                end: start + close + 2,
                kind: Kind::Email,
                mask: MASK_MARK.into(),
            });
        }
    }
    out
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
        assert_eq!(r("DNI 12345678A"), "DNI [dni ****678A]");
        assert_eq!(r("pedido 12345678A"), "pedido 12345678A");
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
        let red = Redactor::new(&Settings {
            cards: false,
            ..Settings::default()
        });
        assert_eq!(red.redact("4111111111111111"), "4111111111111111");
    }
}

#[cfg(test)]
mod corner_cases {
    use super::*;

    fn r(s: &str) -> String {
        Redactor::default().redact(s).into_owned()
    }

    /// A dictated card whose first nine digits look like a Spanish phone.
    #[test]
    fn spoken_card_starting_like_a_phone() {
        for last in ["siete", "cuatro"] {
            let words = format!("seis{} {last}", " cero".repeat(16));
            assert!(
                r(&format!("mi tarjeta es {words} gracias"))
                    .starts_with("mi tarjeta es [card ****000"),
                "{words}"
            );
        }
    }
}
