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

use serde::{Deserialize, Serialize};

mod find;
mod spoken;
mod validate;

pub use validate::{dni_letter, iban_valid, luhn};

/// Redaction switches (the `[redact]` section of `config.toml`): each kind of personal
/// data can be turned off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub cards: bool,
    pub ids: bool,
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
            find::find_emails(text, &mut found);
        }
        if self.cfg.iban {
            find::find_ibans(text, &found.clone(), &mut found);
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
                .any(|w| !w.is_empty() && w.len() <= 6 && spoken::digit_word(w).is_some())
    }

    fn find_numbers(&self, text: &str, taken: &[Found], out: &mut Vec<Found>) {
        find::numbers(&self.cfg, text, taken, out);
    }
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
        let red = Redactor::new(&Settings {
            cards: false,
            ..Settings::default()
        });
        assert_eq!(red.redact("4111111111111111"), "4111111111111111");
    }
}
