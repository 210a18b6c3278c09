//! Empathy cues: signs in what the customer says of frustration, urgency, vulnerability
//! or intent to leave, from a lexicon a team lead edits (`cues.toml` at the top of a
//! knowledge root):
//!
//! ```toml
//! [[cue]]
//! kind = "frustration"          # frustration | urgency | vulnerability | leaving
//! label_es = "Frustración"
//! label_en = "Frustration"
//! article = "guias/cliente-enfadado"   # guideline to link for Spanish turns
//! article_en = "guias/angry-customer"  # and for English turns
//! patterns = ["hart*", "es una vergüenza", "fed up", "!!!"]
//! caps = true                   # a turn SHOUTED IN CAPITALS or with "!!!" counts
//!                               # (default: true for frustration, false for the others)
//! not_for = ["publicidad", "newsletter*"]  # what the phrase may be about instead
//! ```
//!
//! Matching ignores case and accents and works on whole words: `harto` matches "¡Estoy
//! HARTO!" but not "hartos"; a trailing `*` makes a word a prefix (`hart*` matches harto,
//! harta, hartos); a pattern of several words matches them in a row. A pattern without
//! letters or digits (`!!!`) matches that text anywhere. A match right after a negation in
//! the same clause ("no es urgente", "I'm not fed up") does not count, nor does one whose
//! object is a word of `not_for`: the words right after it, from a preposition on, up to
//! a pause ("darme de baja **de la publicidad**", "cancel my subscription **to the
//! newsletter**" are about marketing, not about leaving; "darme de baja de la línea" is
//! leaving).
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::conversation::{Speaker, Turn};
use crate::knowledge::{Diagnostic, Lang, Root, Severity};
use crate::text::line_col;

use super::text::{fold, words};

/// The file name looked for at the top of each knowledge root.
pub const FILE_NAME: &str = crate::knowledge::bundled::CUES_FILE;

/// What a cue is a sign of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueKind {
    Frustration,
    Urgency,
    Vulnerability,
    Leaving,
}

impl CueKind {
    pub const ALL: [CueKind; 4] = [
        CueKind::Frustration,
        CueKind::Urgency,
        CueKind::Vulnerability,
        CueKind::Leaving,
    ];

    /// The name used in `cues.toml` and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            CueKind::Frustration => "frustration",
            CueKind::Urgency => "urgency",
            CueKind::Vulnerability => "vulnerability",
            CueKind::Leaving => "leaving",
        }
    }

    fn parse(s: &str) -> Option<CueKind> {
        CueKind::ALL.into_iter().find(|k| k.name() == s.trim())
    }

    fn default_label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CueKind::Frustration, Lang::Es) => "Frustración",
            (CueKind::Frustration, Lang::En) => "Frustration",
            (CueKind::Urgency, Lang::Es) => "Urgencia",
            (CueKind::Urgency, Lang::En) => "Urgency",
            (CueKind::Vulnerability, Lang::Es) => "Vulnerabilidad",
            (CueKind::Vulnerability, Lang::En) => "Vulnerability",
            (CueKind::Leaving, Lang::Es) => "Quiere irse",
            (CueKind::Leaving, Lang::En) => "Wants to leave",
        }
    }
}

impl fmt::Display for CueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A cue found in a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cue {
    pub kind: CueKind,
    pub label_es: String,
    pub label_en: String,
    /// The guideline to open, in the turn's language when the lexicon has one.
    pub article: Option<String>,
    /// The turn's language (detected), which picked `article`.
    pub lang: Lang,
    /// The lexicon pattern that matched (as written in `cues.toml`), or `CAPS` / `!!!` for a
    /// shouted turn.
    pub pattern: String,
    /// The words of the turn that matched, as said.
    pub matched: String,
}

impl Cue {
    /// The label in the UI language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.label_es,
            Lang::En => &self.label_en,
        }
    }
}

/// A `cues.toml` that cannot be used: says where and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum CuesError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl CuesError {
    /// The same finding as a knowledge diagnostic (for `apunte check` and the status line).
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            CuesError::Read { path, source } => Diagnostic {
                path: path.clone(),
                line: 0,
                severity: Severity::Error,
                message: format!("cannot read: {source}"),
            },
            CuesError::Invalid {
                path,
                line,
                column,
                message,
            } => Diagnostic {
                path: path.clone(),
                line: *line,
                severity: Severity::Error,
                message: format!("column {column}: {message}"),
            },
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    cue: Vec<RawCue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    kind: Spanned<String>,
    label_es: Option<String>,
    label_en: Option<String>,
    article: Option<String>,
    article_en: Option<String>,
    patterns: Spanned<Vec<Spanned<String>>>,
    caps: Option<bool>,
    #[serde(default)]
    not_for: Vec<String>,
}

/// One word of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PatWord {
    Exact(String),
    Prefix(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    Words(Vec<PatWord>),
    /// Folded punctuation-only text, matched anywhere.
    Literal(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    source: String,
    matcher: Matcher,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    kind: CueKind,
    label_es: String,
    label_en: String,
    article: Option<String>,
    article_en: Option<String>,
    patterns: Vec<Pattern>,
    caps: bool,
    /// Objects that make a match about something else (`de la publicidad`).
    not_for: Vec<PatWord>,
}

/// The cue lexicon of a set of knowledge roots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cues {
    rules: Vec<Rule>,
}

impl Cues {
    /// No cues at all.
    pub fn empty() -> Cues {
        Cues::default()
    }

    /// True when there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Number of cue entries.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Reads one `cues.toml`; a missing file gives no cues.
    pub fn load(path: &Path) -> Result<Cues, CuesError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Cues::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Cues::empty()),
            Err(source) => Err(CuesError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// The cues of every root (each root's `cues.toml`, in order). A root without one
    /// gets the bundled lexicon, without its guideline links (those articles are the
    /// sample base's, not the root's).
    pub fn load_roots(roots: &[Root]) -> Result<Cues, CuesError> {
        let mut all = Cues::empty();
        for root in roots {
            if crate::knowledge::bundled::stands_in(root, FILE_NAME) {
                all.rules.extend(Cues::bundled()?.rules);
                continue;
            }
            all.rules
                .extend(Cues::load(&root.dir.join(FILE_NAME))?.rules);
        }
        Ok(all)
    }

    /// The bundled lexicon without guideline links.
    pub fn bundled() -> Result<Cues, CuesError> {
        let bytes = crate::knowledge::bundled::file(FILE_NAME).unwrap_or_default();
        let text = String::from_utf8_lossy(bytes);
        let mut cues = Cues::parse(Path::new(FILE_NAME), &text)?;
        for r in &mut cues.rules {
            r.article = None;
            r.article_en = None;
        }
        Ok(cues)
    }

    /// Parses `cues.toml` text; `path` is for messages.
    pub fn parse(path: &Path, text: &str) -> Result<Cues, CuesError> {
        let invalid = |offset: usize, message: String| {
            let (line, column) = line_col(text, offset);
            CuesError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            invalid(
                offset,
                format!(
                    "{} (expected [[cue]] tables with kind, label_es, label_en, article, article_en, patterns)",
                    e.message().trim_end()
                ),
            )
        })?;
        let mut rules = Vec::with_capacity(raw.cue.len());
        for cue in raw.cue {
            let kind = CueKind::parse(cue.kind.get_ref()).ok_or_else(|| {
                invalid(
                    cue.kind.span().start,
                    format!(
                        "unknown cue kind {:?}: use frustration, urgency, vulnerability or leaving",
                        cue.kind.get_ref()
                    ),
                )
            })?;
            if cue.patterns.get_ref().is_empty() {
                return Err(invalid(
                    cue.patterns.span().start,
                    "a cue needs at least one pattern".into(),
                ));
            }
            let mut patterns = Vec::new();
            for p in cue.patterns.into_inner() {
                let matcher = compile(p.get_ref()).ok_or_else(|| {
                    invalid(
                        p.span().start,
                        format!("pattern {:?} is empty: write a word or phrase", p.get_ref()),
                    )
                })?;
                patterns.push(Pattern {
                    source: p.into_inner(),
                    matcher,
                });
            }
            rules.push(Rule {
                kind,
                label_es: cue
                    .label_es
                    .unwrap_or_else(|| kind.default_label(Lang::Es).into()),
                label_en: cue
                    .label_en
                    .unwrap_or_else(|| kind.default_label(Lang::En).into()),
                article: cue.article.filter(|a| !a.trim().is_empty()),
                article_en: cue.article_en.filter(|a| !a.trim().is_empty()),
                patterns,
                caps: cue.caps.unwrap_or(kind == CueKind::Frustration),
                not_for: cue.not_for.iter().filter_map(|w| object_word(w)).collect(),
            });
        }
        Ok(Cues { rules })
    }

    /// The article ids the lexicon links to (for `apunte check`).
    pub fn articles(&self) -> Vec<&str> {
        self.rules
            .iter()
            .flat_map(|r| [r.article.as_deref(), r.article_en.as_deref()])
            .flatten()
            .collect()
    }

    /// The cues in one text, at most one per cue entry, in the order of the lexicon. The
    /// guideline's language is the text's (Spanish when it cannot tell).
    pub fn detect(&self, text: &str) -> Vec<Cue> {
        self.detect_with(text, Lang::Es)
    }

    /// Like [`Cues::detect`], with the language to assume when the text does not tell
    /// (e.g. the conversation's language for a short "¡¡¡YA!!!").
    pub fn detect_with(&self, text: &str, fallback: Lang) -> Vec<Cue> {
        if self.rules.is_empty() || text.trim().is_empty() {
            return Vec::new();
        }
        let ws = words(text);
        let folded_text = fold(text);
        let shouting = if is_shouting(text) {
            Some("CAPS")
        } else if text.contains("!!!") || text.contains("¡¡¡") {
            Some("!!!")
        } else {
            None
        };
        let lang = crate::knowledge::lang::detect(text).unwrap_or(fallback);
        let mut out: Vec<Cue> = Vec::new();
        for rule in &self.rules {
            let found = rule.patterns.iter().find_map(|p| {
                find(&p.matcher, &ws, &folded_text, text, &rule.not_for)
                    .map(|m| (p.source.clone(), m))
            });
            let found = found.or_else(|| {
                shouting
                    .filter(|_| rule.caps)
                    .map(|how| (how.to_string(), text.trim().to_string()))
            });
            let Some((pattern, matched)) = found else {
                continue;
            };
            let article = match lang {
                Lang::Es => rule.article.clone().or_else(|| rule.article_en.clone()),
                Lang::En => rule.article_en.clone().or_else(|| rule.article.clone()),
            };
            out.push(Cue {
                kind: rule.kind,
                label_es: rule.label_es.clone(),
                label_en: rule.label_en.clone(),
                article,
                lang,
                pattern,
                matched,
            });
        }
        out
    }

    /// The cues of every customer turn: (turn index, cues) for turns with at least one.
    pub fn detect_turns(&self, turns: &[Turn]) -> Vec<(usize, Vec<Cue>)> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        let fallback = conversation_lang(turns);
        turns
            .iter()
            .enumerate()
            .filter(|(_, t)| t.speaker == Speaker::Customer)
            .map(|(i, t)| (i, self.detect_with(&t.text, fallback)))
            .filter(|(_, c)| !c.is_empty())
            .collect()
    }
}

/// The language most of the conversation is in (Spanish when it cannot tell).
pub fn conversation_lang(turns: &[Turn]) -> Lang {
    let mut scores = crate::knowledge::lang::Scores::default();
    for t in turns.iter().filter(|t| t.speaker != Speaker::Note) {
        let s = crate::knowledge::lang::scores(&t.text);
        scores.es += s.es;
        scores.en += s.en;
    }
    scores.winner().unwrap_or(Lang::Es)
}

fn compile(pattern: &str) -> Option<Matcher> {
    let folded = fold(pattern.trim());
    if folded.is_empty() {
        return None;
    }
    let ws = words(&folded);
    if ws.is_empty() {
        return Some(Matcher::Literal(folded));
    }
    let starred = |w: &super::text::Word<'_>| folded[w.start + w.raw.len()..].starts_with('*');
    Some(Matcher::Words(
        ws.iter()
            .map(|w| {
                if starred(w) {
                    PatWord::Prefix(w.folded.clone())
                } else {
                    PatWord::Exact(w.folded.clone())
                }
            })
            .collect(),
    ))
}

/// One word of `not_for` (`newsletter*` a prefix).
fn object_word(w: &str) -> Option<PatWord> {
    let folded = fold(w.trim());
    match folded.strip_suffix('*') {
        Some(p) if !p.is_empty() => Some(PatWord::Prefix(p.to_string())),
        Some(_) => None,
        None if folded.is_empty() => None,
        None => Some(PatWord::Exact(folded)),
    }
}

fn word_matches(p: &PatWord, w: &super::text::Word<'_>) -> bool {
    match p {
        PatWord::Exact(e) => *e == w.folded,
        PatWord::Prefix(pre) => w.folded.starts_with(pre.as_str()),
    }
}

/// Prepositions that open the object of a phrase (`de la publicidad`, `from the ads`,
/// `to the newsletter`).
const OBJECT_OPENERS: &[&str] = &[
    "de", "del", "a", "al", "para", "en", "con", "from", "of", "to", "for", "on", "with",
];

/// How many words after the preposition the object may be (`de todos los correos de
/// publicidad`).
const OBJECT_WORDS: usize = 4;

/// Whether the words after word `last` are an object of `not_for`: a preposition, then
/// one of its words within a few, in the same clause.
fn about_something_else(
    ws: &[super::text::Word<'_>],
    last: usize,
    text: &str,
    not_for: &[PatWord],
) -> bool {
    if not_for.is_empty() {
        return false;
    }
    let pause = |a: &super::text::Word<'_>, b: &super::text::Word<'_>| {
        text[a.start + a.raw.len()..b.start].contains([',', '.', ';', ':', '!', '?', '¡', '¿'])
    };
    let Some(opener) = ws.get(last + 1) else {
        return false;
    };
    if !OBJECT_OPENERS.contains(&opener.folded.as_str()) || pause(&ws[last], opener) {
        return false;
    }
    let mut prev = opener;
    for w in ws.iter().skip(last + 2).take(OBJECT_WORDS) {
        if pause(prev, w) {
            return false;
        }
        if not_for.iter().any(|p| word_matches(p, w)) {
            return true;
        }
        prev = w;
    }
    false
}

/// Where a pattern matches: the matched text as said.
fn find(
    m: &Matcher,
    ws: &[super::text::Word<'_>],
    folded_text: &str,
    text: &str,
    not_for: &[PatWord],
) -> Option<String> {
    match m {
        Matcher::Literal(lit) => folded_text.contains(lit.as_str()).then(|| lit.clone()),
        Matcher::Words(pat) => {
            let n = pat.len();
            if n == 0 || ws.len() < n {
                return None;
            }
            (0..=ws.len() - n).find_map(|i| {
                let ok = pat
                    .iter()
                    .zip(&ws[i..i + n])
                    .all(|(p, w)| word_matches(p, w));
                (ok && !negated(ws, i, text) && !about_something_else(ws, i + n - 1, text, not_for))
                    .then(|| {
                        let last = &ws[i + n - 1];
                        text[ws[i].start..last.start + last.raw.len()].to_string()
                    })
            })
        }
    }
}

/// Words that negate what follows ("no es urgente", "I'm not fed up").
const NEGATORS: &[&str] = &[
    "no", "nunca", "tampoco", "jamas", "not", "never", "don't", "dont", "isn't", "wasn't",
    "aren't", "won't",
];

/// Whether one of the two words before word `i` negates it, in the same clause (no
/// punctuation in between: "no, es urgente" is urgent).
fn negated(ws: &[super::text::Word<'_>], i: usize, text: &str) -> bool {
    (1..=2.min(i)).any(|back| {
        let w = &ws[i - back];
        NEGATORS.contains(&w.folded.as_str())
            && !text[w.start + w.raw.len()..ws[i].start]
                .contains([',', '.', ';', ':', '!', '?', '¡', '¿'])
    })
}

/// A turn written in capitals: at least 3 words and 12 letters, and at least 80% of its
/// letters upper case.
fn is_shouting(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 12 || words(text).len() < 3 {
        return false;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    upper * 10 >= letters.len() * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[[cue]]
kind = "frustration"
label_es = "Frustración"
label_en = "Frustration"
article = "guias/cliente-enfadado"
article_en = "guias/angry-customer"
patterns = ["hart*", "es una vergüenza", "fed up", "!!!"]

[[cue]]
kind = "leaving"
label_es = "Quiere irse"
label_en = "Wants to leave"
article = "guias/cliente-quiere-irse"
patterns = ["me voy a otra compañía", "darme de baja", "cancel my contract"]
"#;

    fn cues() -> Cues {
        Cues::parse(Path::new("cues.toml"), SAMPLE).expect("sample parses")
    }

    fn kinds(text: &str) -> Vec<CueKind> {
        cues().detect(text).into_iter().map(|c| c.kind).collect()
    }

    #[test]
    fn matches_words_accent_and_case_insensitive() {
        assert_eq!(kinds("¡Estoy HARTA de esperar!"), [CueKind::Frustration]);
        assert_eq!(kinds("Esto es una verguenza"), [CueKind::Frustration]);
        assert_eq!(kinds("I'm fed up"), [CueKind::Frustration]);
        assert_eq!(kinds("no funciona!!!"), [CueKind::Frustration]);
        assert_eq!(kinds("quiero darme de baja"), [CueKind::Leaving]);
        assert!(kinds("quiero cambiar de tarifa").is_empty());
        assert!(kinds("ese fedup").is_empty());
        assert!(kinds("no estoy harto, tranquilo").is_empty());
        assert!(kinds("no quiero darme de baja").is_empty());
        assert_eq!(kinds("no, quiero darme de baja"), [CueKind::Leaving]);
        assert!(kinds("I'm not fed up").is_empty());
        assert!(kinds("").is_empty());
    }

    #[test]
    fn shouting_is_frustration() {
        assert_eq!(
            kinds("LLEVO TRES DIAS SIN INTERNET"),
            [CueKind::Frustration]
        );
        assert!(kinds("ADSL y ONT").is_empty());
        let c = cues().detect("¿¿Otra vez sin línea?? ¡¡¡No me lo puedo creer!!!");
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].kind, c[0].pattern.as_str()),
            (CueKind::Frustration, "!!!")
        );
    }

    #[test]
    fn picks_the_article_by_language() {
        let c = cues().detect("I am fed up with this");
        assert_eq!(c[0].article.as_deref(), Some("guias/angry-customer"));
        assert_eq!(c[0].lang, Lang::En);
        assert_eq!(c[0].matched, "fed up");
        let c = cues().detect("estoy harto de esto");
        assert_eq!(c[0].article.as_deref(), Some("guias/cliente-enfadado"));
        assert_eq!(c[0].pattern, "hart*");
        // No English article for leaving: the Spanish one is used.
        let c = cues().detect("I want to cancel my contract");
        assert_eq!(c[0].article.as_deref(), Some("guias/cliente-quiere-irse"));
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad = "[[cue]]\nkind = \"anger\"\npatterns = [\"x\"]\n";
        let e = Cues::parse(Path::new("k/cues.toml"), bad).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("k/cues.toml:2:8: unknown cue kind"),
            "{msg}"
        );

        let bad = "[[cue]]\nkind = \"urgency\"\npatterns = [\"ya\", \"  \"]\n";
        let msg = Cues::parse(Path::new("cues.toml"), bad)
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("cues.toml:3:19: pattern"), "{msg}");

        let bad = "[[cue]]\nkind = \"urgency\"\npatterns = [\"ya\"\n";
        let msg = Cues::parse(Path::new("cues.toml"), bad)
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("cues.toml:"), "{msg}");

        let bad = "[[cue]]\nkind = \"urgency\"\npattern = [\"ya\"]\n";
        let msg = Cues::parse(Path::new("cues.toml"), bad)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("pattern"), "{msg}");
    }

    #[test]
    fn missing_file_is_no_cues() {
        let c = Cues::load(Path::new("/nonexistent/cues.toml")).expect("no error");
        assert!(c.is_empty());
    }

    #[test]
    fn the_bundled_lexicon_leaves_everyday_words_alone() {
        let c = Cues::bundled().unwrap();
        let kinds = |t: &str| c.detect(t).into_iter().map(|c| c.kind).collect::<Vec<_>>();
        // A router switched back on is not a customer switching provider.
        assert_eq!(kinds("Right, switching it back on now."), []);
        assert_eq!(
            kinds("I'm switching provider next month"),
            [CueKind::Leaving]
        );
    }

    /// Each leaving phrase of the bundled lexicon is a phrase of leaving: everyday
    /// sentences that share its words (a number left, a call terminated, an order
    /// cancelled, a trip) raise no leaving cue, in either language.
    #[test]
    fn leaving_fires_on_leaving_not_on_everyday_sentences() {
        let c = Cues::bundled().unwrap();
        let leaving = |t: &str| c.detect(t).iter().any(|c| c.kind == CueKind::Leaving);
        for t in [
            "Os dejo mi número por si se corta: 600 123 456.",
            "Vale, os dejo el código de la incidencia.",
            "Me quiero ir de vacaciones y necesito roaming.",
            "Me quiero ir a dormir ya, que es tarde.",
            "¿Qué me ofrecen para el móvil de mi hija?",
            "Me ofrecen ayuda en la tienda pero no me la dan.",
            "Me tendré que ir a trabajar dentro de un rato.",
            "Tocará irme pronto, tengo médico.",
            "Me llevo el número de la incidencia apuntado.",
            "No pienso seguir esperando, páseme con alguien.",
            "Es la última vez que le pido el número de pedido.",
            "Quiero rescindir el pedido de la tienda online.",
            "The call terminated in the middle of the conversation.",
            "Please don't terminate the call, I'm looking for it.",
            "I want to cancel the technician's appointment.",
            "I got a cancellation email for my order.",
            "I was thinking of leaving the router on overnight.",
            "I'm switching to another network on the router, the 5 GHz one.",
            "Can I cancel my order from yesterday?",
            // Unsubscribing from marketing is not leaving the company.
            "Quiero darme de baja de la publicidad.",
            "Me doy de baja de la newsletter, que me llegan cinco al día.",
            "¿Cómo me doy de baja de los correos de publicidad?",
            "Quiero la baja de los SMS promocionales.",
            "I want to cancel my subscription to the newsletter.",
            "Can you cancel my subscription to your marketing emails?",
            "I'd like to unsubscribe from the ads.",
        ] {
            assert!(!leaving(t), "{t:?}: {:?}", c.detect(t));
        }
        for t in [
            "Pues me doy de baja y me voy con otra.",
            "Me quiero ir a otra compañía.",
            "Otra compañía me ofrece lo mismo por menos.",
            "Me ofrecen un precio mejor en otra compañía.",
            "Si no me lo arregláis os voy a dejar.",
            "No pienso seguir con vosotros.",
            "Me llevo mi número a otra.",
            "Me tendré que ir a otra si esto sigue así.",
            "Quiero rescindir el contrato.",
            "I want to terminate my contract.",
            "What's the cancellation fee if I leave?",
            "I want to cancel my broadband.",
            "I'm thinking of leaving you for a cheaper deal.",
            "A competitor offered me half the price.",
            "Quiero darme de baja de la línea y de la fibra.",
            "Me doy de baja de Ondina, y de la publicidad también.",
            "Quiero darme de baja, de la publicidad y de todo.",
            "I want to cancel my subscription.",
            "I want to cancel my subscription to the TV package.",
        ] {
            assert!(leaving(t), "{t:?}: {:?}", c.detect(t));
        }
    }
}
