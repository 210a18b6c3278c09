//! Small text helpers shared by every layer, written once: the interface language and
//! its pick from the locale, accent folding, edit distance, positions in a text (line
//! and column of an offset) and the base Spanish and English function-word lists.
//!
//! A leaf: imports nothing from the crate, so any module may use it.
use std::borrow::Cow;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// A language apunte speaks: an article's language, and the interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Parses `es`/`en` (any case, also `es-ES`, `en_GB`, `es_ES.UTF-8`, `spanish`,
    /// `english`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let head = s.split(['-', '_', '.']).next().unwrap_or("");
        match head {
            "es" | "spa" | "spanish" | "español" | "espanol" => Some(Lang::Es),
            "en" | "eng" | "english" | "inglés" | "ingles" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The interface language: the `language` setting when it names one (`es`, `en`), else
/// the locale (`es_ES.UTF-8` and any other `es*` → Spanish; `C`, `en_US`, anything else
/// → English), else English. Pure: the caller reads the locale (see [`system_locale`]).
pub fn ui_lang(setting: &str, locale: Option<&str>) -> Lang {
    if let Some(l) = Lang::parse(setting) {
        return l;
    }
    match locale {
        Some(l) if l.trim().to_ascii_lowercase().starts_with("es") => Lang::Es,
        _ => Lang::En,
    }
}

/// The locale of messages as the environment says: the first non-empty of `LC_ALL`,
/// `LC_MESSAGES`, `LANG`. Read once at start-up by the commands.
pub fn system_locale() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|v| !v.is_empty())
}

/// Folds one lowercase character: Latin letters lose their accents (`á` → `a`, `ñ` →
/// `n`, `ø` → `o`), typographic apostrophes become `'`; anything else is returned as is.
/// The one accent table of apunte (search, suggestions, cues and quick replies use it).
pub fn fold_char(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ý' | 'ÿ' => 'y',
        '’' | '‘' | 'ʼ' => '\'',
        other => other,
    }
}

/// A combining accent (U+0300–U+036F), as left by decomposed text (`e` + `◌́`).
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Lowercases and removes accents (`Facturación ÑANDÚ` → `facturacion nandu`), with
/// [`fold_char`]; combining accents are dropped. Other characters are kept lowercase.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            if !is_combining_mark(l) {
                out.push(fold_char(l));
            }
        }
    }
    out
}

/// Edit distance (Levenshtein, in characters) between `a` and `b`, capped: anything
/// further than `cap` is `cap + 1`. Cheap when the lengths already differ by more.
pub fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap + 1)
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    line_of_bytes(text.as_bytes(), offset)
}

/// 1-based line of a byte offset in raw bytes (for invalid UTF-8).
pub fn line_of_bytes(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Spanish function words, folded and sorted: the base that search drops from a
/// pasted sentence and that suggestions extend with more.
#[rustfmt::skip]
pub const STOP_ES: &[&str] = &[
    "a", "al", "algo", "ante", "asi", "aun", "bien", "como", "con", "cual", "cuando", "de",
    "del", "desde", "donde", "e", "el", "ella", "ellos", "en", "entonces", "era", "eres",
    "es", "esa", "ese", "eso", "esta", "estaba", "estan", "estas", "este", "esto", "estoy",
    "favor", "fue", "ha", "habeis", "han", "has", "hay", "he", "la", "las", "le", "les", "lo",
    "los", "mas", "me", "mi", "mis", "mucho", "muy", "nada", "ni", "no", "nos", "nosotros",
    "o", "os", "otra", "otro", "para", "pero", "poco", "por", "porque", "que", "quiero", "se",
    "sea", "ser", "si", "sin", "sobre", "solo", "son", "soy", "su", "sus", "tambien", "tan",
    "te", "tengo", "ti", "tiene", "todo", "tu", "tus", "u", "un", "una", "uno", "unos",
    "usted", "y", "ya", "yo",
];

/// English function words, folded and sorted (as [`STOP_ES`]).
#[rustfmt::skip]
pub const STOP_EN: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "but", "by", "can", "could", "did", "do", "does",
    "dont", "for", "from", "had", "has", "have", "he", "her", "him", "his", "how", "i", "if",
    "im", "in", "into", "is", "it", "its", "ive", "just", "me", "my", "no", "not", "now",
    "of", "on", "or", "our", "please", "she", "so", "some", "that", "the", "their", "them",
    "then", "there", "they", "this", "to", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "who", "why", "will", "with", "would", "you", "your",
];

/// True for a folded word of [`STOP_ES`] or [`STOP_EN`].
pub fn is_base_stop_word(folded: &str) -> bool {
    STOP_ES.binary_search(&folded).is_ok() || STOP_EN.binary_search(&folded).is_ok()
}

// ---------------------------------------------------------------------------------------
// Text for a terminal: the one place that decides which characters could drive it.

/// Replaces control characters with visible placeholders: C0 controls with their
/// Unicode control pictures (ESC → `␛`), DEL with `␡`, C1 controls with `�`, tabs with
/// spaces, line breaks with `⏎` (callers split lines first where breaks matter). Bidi
/// overrides are shown as `�` too so text cannot reorder the screen.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' | '\r' => out.push('⏎'),
            '\u{7f}' => out.push('␡'),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            c if needs_escape(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

pub fn needs_escape(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0x9f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
}

/// [`sanitize`] for text of several lines: line breaks stay (a `\r\n` becomes `\n`),
/// every other control character becomes its placeholder.
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&sanitize(line.strip_suffix('\r').unwrap_or(line)));
    }
    Cow::Owned(out)
}

/// Text for a pipe or a file (`apunte search … | less -R`, `> file; cat file`): what
/// [`sanitize_lines`] does, but tabs stay tabs (they cannot act on a terminal, and tools
/// split on them). Line breaks stay; every other control character becomes its
/// placeholder, so the text cannot drive a terminal it reaches later.
pub fn sanitize_plain(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && c != '\t' && needs_escape(c)) {
        return Cow::Borrowed(s);
    }
    let parts: Vec<Cow<'_, str>> = s.split('\t').map(sanitize_lines).collect();
    Cow::Owned(parts.join("\t"))
}

/// A value as pretty JSON (a newline at the end) that is safe on a terminal: each
/// line through [`json_safe`] (the line breaks between values stay line breaks).
pub fn json_pretty_safe(value: &impl serde::Serialize) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(pretty.len() + 1);
    for line in pretty.lines() {
        out.push_str(&json_safe(line));
        out.push('\n');
    }
    out
}

/// JSON text with every character that could drive a terminal written as a `\uXXXX`
/// escape. serde_json escapes the C0 controls already; this adds DEL, the C1 controls
/// and the bidi overrides (valid JSON: they can only occur inside strings).
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(needs_escape) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 12);
    for c in json.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A fast, non-cryptographic hash (FxHash's multiply-rotate) for the small maps of
/// short words looked up once per word: the stem cache while indexing, the highlighter's
/// sets on every keystroke, language detection's word list. The keys are the base's and the agent's own words: no
/// hash-flooding concern.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`WordHasher`]s (for `HashMap`/`HashSet` of words).
pub type WordHash = BuildHasherDefault<WordHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_line_breaks_and_tabs_only() {
        assert!(matches!(sanitize_plain("a\tb\nc"), Cow::Borrowed(_)));
        assert_eq!(
            sanitize_plain("t\x1b]0;x\x07\tb\u{9b}2J\r\nc\rd\u{7f}"),
            "t␛]0;x␇\tb\u{fffd}2J\nc⏎d␡"
        );
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(sanitize("a\x1b[31mb"), "a␛[31mb");
        assert_eq!(sanitize("x\x07\x7f\u{9b}"), "x␇␡\u{fffd}");
        assert_eq!(sanitize("tab\tok"), "tab    ok");
        assert!(matches!(sanitize("plain ñ"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_of_several_lines_keeps_its_breaks_and_json_escapes_c1() {
        assert_eq!(sanitize_lines("a\x1b]0;x\x07\r\nb"), "a␛]0;x␇\nb");
        assert_eq!(
            json_safe("{\"t\":\"a\u{9b}b\u{202e}\"}"),
            "{\"t\":\"a\\u009bb\\u202e\"}"
        );
    }

    #[test]
    fn stop_lists_are_sorted_and_unique() {
        for list in [STOP_ES, STOP_EN] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} >= {}", pair[0], pair[1]);
            }
            assert!(list.iter().all(|w| fold(w) == *w));
        }
    }

    #[test]
    fn folds_accents_case_and_apostrophes() {
        assert_eq!(fold("Facturación ÑANDÚ Über"), "facturacion nandu uber");
        assert_eq!(fold("I’m"), "i'm");
        assert_eq!(fold("cafe\u{301}"), "cafe");
    }

    #[test]
    fn edit_distance_is_capped() {
        assert_eq!(edit_distance("titel", "title", 2), 2);
        assert_eq!(edit_distance("summary", "sumary", 2), 1);
        assert_eq!(edit_distance("a", "abcdef", 2), 3);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
    }

    #[test]
    fn positions_are_one_based() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 999), (3, 2));
        assert_eq!(line_of(t, 4), 2);
        assert_eq!(line_of_bytes(b"a\n\xff\nb", 4), 3);
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(ui_lang("", Some("es_ES.UTF-8")), Lang::Es);
        assert_eq!(ui_lang("", Some("es")), Lang::Es);
        assert_eq!(ui_lang("", Some("en_US.UTF-8")), Lang::En);
        assert_eq!(ui_lang("", Some("C")), Lang::En);
        assert_eq!(ui_lang("", None), Lang::En);
        assert_eq!(ui_lang("es", Some("en_US.UTF-8")), Lang::Es);
        assert_eq!(ui_lang("en", Some("es_ES.UTF-8")), Lang::En);
    }
}

/// FNV-1a, 64 bits, fed a piece at a time: stable across Rust versions and platforms
/// (unlike `DefaultHasher`), for fingerprints written to files.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Feeds bytes.
    pub fn feed(&mut self, bytes: &[u8]) -> &mut Fnv {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    /// The hash as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// FNV-1a 64 of a text, as 16 hex digits.
pub fn fingerprint(text: &str) -> String {
    Fnv::default().feed(text.as_bytes()).hex()
}

/// A CSV field: control characters shown as placeholders ([`sanitize`]), quoted when it
/// holds a comma, quote or line break; a leading `=+-@` is defused with a `'` so a
/// spreadsheet never runs it.
pub fn csv_field(s: &str) -> String {
    let s = sanitize(s).into_owned();
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}
