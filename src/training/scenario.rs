//! A training scenario: one TOML file in a knowledge root's `scenarios/` folder (the id is
//! the file stem). What the trainee sees of it is the customer's voice; the role card, the
//! hidden facts and `[expect]` are for the script, the scorer and the trainer.
//!
//! ```toml
//! title = "Cliente enfadado que quiere darse de baja"
//! lang = "es"
//! difficulty = "easy"            # easy | medium | hard
//! tags = ["bajas"]
//! target_handle_s = 300          # target handle time, seconds
//! pace_ms_per_char = 55          # optional: how fast the customer "speaks" (default 55)
//!
//! [customer]
//! name = "Marta Ruiz"
//! mood = "enfadada"
//! situation = "Lleva tres averías este mes y quiere irse."
//! ask_name = "su nombre|con quien hablo"   # optional: what asking for the name sounds like
//!
//! [[customer.fact]]              # hidden facts the trainee must obtain or verify
//! id = "dni"
//! label = "DNI"
//! value = "12345678Z"
//! ask = "dni|documento"          # what asking for it sounds like
//! verify = true                  # must be verified, not only heard
//!
//! [[line]]                       # the script: lines released by triggers
//! id = "saludo"
//! say = "Quiero darme de baja ya."        # first line: at the start
//!
//! [[line]]
//! said = "dni|documento"         # released when the trainee's turn matches
//! say = "Es el 12345678Z."
//!
//! [[line]]
//! id = "hola"
//! anytime = true                 # at any point, without moving the script on
//! silence_s = 20                 # after 20 s of the trainee's silence
//! repeat = 2
//! say = "¿Hola? ¿Sigue ahí?"
//!
//! [expect]                       # what a good call contains (read by the scorer)
//! phrases = ["gracias por llamar"]
//! avoid = ["/no es mi problema/"]
//! empathy = true
//! max_dead_air_s = 20
//! [[expect.article]]
//! id = "bajas/oferta-retencion"
//! within_s = 120
//! [[expect.order]]
//! before = "phrase:dni|documento"
//! after = "article:bajas/baja-servicio"
//! ```
//!
//! **Patterns** (`said`, `ask`, `ask_name`, `phrases`, `avoid`, `phrase:` references):
//! alternatives separated by `|`, each a run of words that must appear in that order as
//! whole words (a trailing `*` matches any ending: `cancel*`); or a regular expression
//! between slashes (`/d\.?n\.?i/`). Both are accent- and case-insensitive (the text and
//! the pattern are folded with [`crate::text::fold`]).
//!
//! **The script**: each `[[line]]` has at most one trigger: `start`, `delay_s`, `said`,
//! `opened` (an article id) or `silence_s`; without one it follows the line before at
//! once. A line waits for the line before it in the file (or for `after = "ID"`; `after =
//! "start"` is the call's start); several lines waiting for the same one are branches:
//! the first whose trigger fires is said, the others are dropped. `goto = "ID"` continues
//! at another line, `end = true` ends the call. `anytime = true` lines fire whenever their
//! trigger does, up to `repeat` times (default 1), and never move the script on. Each line
//! appears after a typing delay proportional to its length.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::knowledge::{Diagnostic, Severity};
use crate::text::{Lang, fold};

/// The folder of a knowledge root that holds the scenarios.
pub const DIR: &str = "scenarios";

/// Files of that folder that are not scenarios (the scorer's).
pub const NOT_SCENARIOS: &[&str] = &["rubric.toml", "certification.toml"];

/// How fast the customer speaks by default, in milliseconds per character.
pub const PACE_MS_PER_CHAR: u64 = 55;
/// The shortest and longest typing delay of a line.
pub const MIN_TYPING: Duration = Duration::from_millis(600);
pub const MAX_TYPING: Duration = Duration::from_secs(8);

/// The reserved `after` of the lines that wait for the call's start.
pub const START: &str = "start";

/// How hard a scenario is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    /// The name in the file (`easy`, `medium`, `hard`).
    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    pub fn parse(s: &str) -> Option<Difficulty> {
        match fold(s.trim()).as_str() {
            "easy" | "facil" => Some(Difficulty::Easy),
            "medium" | "media" | "medio" => Some(Difficulty::Medium),
            "hard" | "dificil" => Some(Difficulty::Hard),
            _ => None,
        }
    }
}

/// A words-or-regex pattern, accent- and case-insensitive.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// As written in the file.
    pub source: String,
    kind: PatternKind,
}

#[derive(Debug, Clone)]
enum PatternKind {
    /// Alternatives, each a run of folded words (a word ending in `*` is a prefix).
    Words(Vec<Vec<String>>),
    Regex(regex::Regex),
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.source == other.source
    }
}

/// The words of folded text (letters and digits).
fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Folded text with the apostrophes inside words taken out (`i'm` → `im`, `don't` →
/// `dont`, `O'Donnell` → `odonnell`), so a contraction is one word, as in a pattern.
/// [`fold`] has already made the typographic apostrophes (`’`) plain ones.
fn joined(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            !(c == '\''
                && i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()))
        })
        .map(|(_, &c)| c)
        .collect()
}

impl Pattern {
    /// Parses a pattern; the error says what is wrong with it.
    pub fn parse(source: &str) -> Result<Pattern, String> {
        let s = source.trim();
        if s.is_empty() {
            return Err("empty pattern: write words (alternatives with |) or /a regex/".into());
        }
        if let Some(body) = s
            .strip_prefix('/')
            .and_then(|r| r.strip_suffix('/'))
            .filter(|_| s.len() >= 2)
        {
            if body.is_empty() {
                return Err("empty regex `//`".into());
            }
            // Fold accented letters only: escapes such as \D keep their case (and `’`
            // becomes `'`, as in the folded text).
            let folded: String = body
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c
                    } else {
                        c.to_lowercase().next().map_or(c, crate::text::fold_char)
                    }
                })
                .collect();
            let re = regex::RegexBuilder::new(&folded)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| {
                    let msg = e.to_string();
                    let last = msg.lines().last().unwrap_or(&msg).trim().to_string();
                    format!("bad regex {s}: {last}")
                })?;
            if re.is_match("") {
                return Err(format!(
                    "the regex {s} matches empty text (it would match every turn)"
                ));
            }
            return Ok(Pattern {
                source: source.to_string(),
                kind: PatternKind::Regex(re),
            });
        }
        let mut alts = Vec::new();
        for alt in s.split('|') {
            let f = fold(alt);
            let ws: Vec<String> = f
                .split_whitespace()
                .map(|w| {
                    let star = w.ends_with('*');
                    // `I'm` is the word `im`, as [`joined`] makes it in the text.
                    let core: String = words(w).concat();
                    if star { format!("{core}*") } else { core }
                })
                .filter(|w| !w.is_empty() && w != "*")
                .collect();
            if ws.is_empty() {
                return Err(format!(
                    "empty alternative in `{s}`: every part between | needs a word"
                ));
            }
            alts.push(ws);
        }
        Ok(Pattern {
            source: source.to_string(),
            kind: PatternKind::Words(alts),
        })
    }

    /// True when `text` (anything, folded here) matches.
    pub fn matches(&self, text: &str) -> bool {
        let folded = fold(text);
        match &self.kind {
            PatternKind::Regex(re) => re.is_match(&folded),
            PatternKind::Words(alts) => {
                // A contraction is one word (`i'm` is `im`) and also its parts (`d'ondina`
                // has the word `ondina`): a pattern matches either reading.
                let whole = joined(&folded);
                let readings = [words(&whole), words(&folded)];
                alts.iter().any(|alt| {
                    readings.iter().any(|ws| {
                        ws.windows(alt.len()).any(|win| {
                            win.iter().zip(alt).all(|(w, p)| match p.strip_suffix('*') {
                                Some(prefix) => w.starts_with(prefix),
                                None => w == p,
                            })
                        })
                    })
                })
            }
        }
    }

    /// True for a regular expression.
    pub fn is_regex(&self) -> bool {
        matches!(self.kind, PatternKind::Regex(_))
    }
}

/// What releases a line of the script.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// At the call's start.
    Start,
    /// This long after the line became possible (0: right after the line before).
    Delay(Duration),
    /// When a trainee's turn matches.
    Said(Pattern),
    /// When the trainee opens this article.
    Opened(String),
    /// After this much silence from the trainee.
    Silence(Duration),
}

/// One line of the customer's script.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// `id` in the file, else `#N` (its place, 1-based).
    pub id: String,
    /// Line of the `[[line]]` in the file.
    pub line: usize,
    pub say: String,
    pub trigger: Trigger,
    /// The line (index) it waits for; None: the call's start. Ignored for `anytime`.
    pub after: Option<usize>,
    /// Where the script goes on after it (index).
    pub goto: Option<usize>,
    /// The customer ends the call after saying it.
    pub end: bool,
    /// Fires at any point, without moving the script on.
    pub anytime: bool,
    /// How many times an `anytime` line may fire (1 for the others).
    pub repeat: u32,
}

/// Something the trainee must obtain or verify.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub id: String,
    pub label: String,
    pub value: String,
    /// What asking for it sounds like.
    pub ask: Option<Pattern>,
    /// It must be verified (checked against the records), not only heard.
    pub verify: bool,
    pub line: usize,
}

/// The customer's role card.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleCard {
    pub name: String,
    pub mood: String,
    pub situation: String,
    /// What asking for the customer's name sounds like (a default per language).
    pub ask_name: Pattern,
    pub facts: Vec<Fact>,
}

/// A step of a call, for `[[expect.order]]`.
#[derive(Debug, Clone, PartialEq)]
pub enum StepRef {
    /// The trainee opened this article.
    Article(String),
    /// The trainee said something that matches.
    Phrase(Pattern),
    /// A named intent (the scorer's vocabulary, e.g. `verify_identity`).
    Intent(String),
}

impl StepRef {
    /// Parses `article:ID`, `phrase:PATTERN` or `intent:NAME`.
    pub fn parse(s: &str) -> Result<StepRef, String> {
        let (kind, rest) = s
            .split_once(':')
            .ok_or_else(|| format!("`{s}`: write article:ID, phrase:WORDS or intent:NAME"))?;
        let rest = rest.trim();
        match kind.trim() {
            "article" if !rest.is_empty() => Ok(StepRef::Article(rest.to_string())),
            "phrase" => Pattern::parse(rest).map(StepRef::Phrase),
            "intent" if !rest.is_empty() => Ok(StepRef::Intent(rest.to_string())),
            _ => Err(format!(
                "`{s}`: write article:ID, phrase:WORDS or intent:NAME"
            )),
        }
    }
}

/// An article a good call opens.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectArticle {
    pub id: String,
    /// Within this many seconds of the call's start.
    pub within_s: Option<u64>,
    pub line: usize,
}

/// One step that must come before another.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub before: StepRef,
    pub after: StepRef,
    pub line: usize,
}

/// What a good call contains (the scorer's parameters when a rubric item says `from =
/// "scenario"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expect {
    pub articles: Vec<ExpectArticle>,
    pub order: Vec<Order>,
    /// Phrases the trainee must say.
    pub phrases: Vec<Pattern>,
    /// Phrases the trainee must not say.
    pub avoid: Vec<Pattern>,
    /// Empathy is expected when an empathy cue fires.
    pub empathy: bool,
    pub max_dead_air_s: Option<u64>,
}

/// A parsed scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The file stem.
    pub id: String,
    pub path: PathBuf,
    pub title: String,
    pub lang: Lang,
    pub difficulty: Difficulty,
    pub tags: Vec<String>,
    pub target_handle_s: Option<u64>,
    pub pace_ms_per_char: u64,
    pub customer: RoleCard,
    pub lines: Vec<Line>,
    pub expect: Expect,
}

impl Scenario {
    /// How long the customer takes to say a line.
    pub fn typing(&self, text: &str) -> Duration {
        let chars = text.chars().count() as u64;
        Duration::from_millis(chars.saturating_mul(self.pace_ms_per_char))
            .clamp(MIN_TYPING, MAX_TYPING)
    }

    /// The index of the line with this id.
    pub fn line_index(&self, id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.id == id)
    }
}

// ---- the file as written ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    title: Spanned<String>,
    lang: Spanned<String>,
    difficulty: Spanned<String>,
    #[serde(default)]
    tags: Vec<String>,
    target_handle_s: Option<u64>,
    pace_ms_per_char: Option<Spanned<u64>>,
    customer: RawCustomer,
    #[serde(default)]
    line: Vec<Spanned<RawLine>>,
    #[serde(default)]
    expect: RawExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCustomer {
    name: Spanned<String>,
    #[serde(default)]
    mood: String,
    #[serde(default)]
    situation: String,
    ask_name: Option<Spanned<String>>,
    #[serde(default)]
    fact: Vec<Spanned<RawFact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    id: String,
    #[serde(default)]
    label: String,
    value: String,
    ask: Option<Spanned<String>>,
    #[serde(default)]
    verify: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    id: Option<String>,
    say: Spanned<String>,
    start: Option<Spanned<bool>>,
    delay_s: Option<Spanned<f64>>,
    said: Option<Spanned<String>>,
    opened: Option<Spanned<String>>,
    silence_s: Option<Spanned<f64>>,
    after: Option<Spanned<String>>,
    goto: Option<Spanned<String>>,
    #[serde(default)]
    end: bool,
    #[serde(default)]
    anytime: bool,
    repeat: Option<Spanned<u32>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    #[serde(default)]
    article: Vec<Spanned<RawArticle>>,
    #[serde(default)]
    order: Vec<Spanned<RawOrder>>,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    avoid: Vec<Spanned<String>>,
    #[serde(default)]
    empathy: bool,
    max_dead_air_s: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    id: String,
    within_s: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrder {
    before: Spanned<String>,
    after: Spanned<String>,
}

/// Collects findings with lines.
struct Findings<'a> {
    path: &'a Path,
    text: &'a str,
    out: Vec<Diagnostic>,
}

impl Findings<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> usize {
        crate::text::line_of(self.text, s.span().start)
    }

    fn error(&mut self, line: usize, message: impl Into<String>) {
        self.out.push(Diagnostic {
            path: self.path.to_path_buf(),
            line,
            severity: Severity::Error,
            message: message.into(),
        });
    }

    fn pattern(&mut self, s: &Spanned<String>, what: &str) -> Option<Pattern> {
        match Pattern::parse(s.get_ref()) {
            Ok(p) => Some(p),
            Err(e) => {
                let line = self.line(s);
                self.error(line, format!("{what}: {e}"));
                None
            }
        }
    }
}

/// The default `ask_name` of a language.
fn default_ask_name(lang: Lang) -> Pattern {
    let words = match lang {
        // Never a bare "nombre" / "name": the agent's own "mi nombre es Ana" / "my name
        // is Ana" does not ask for the customer's.
        Lang::Es => "su nombre|nombre completo|nombre del titular|como se llama|con quien hablo",
        Lang::En => "your name|full name|name on the account|who am i speaking|who am i talking",
    };
    Pattern::parse(words).expect("a valid built-in pattern")
}

fn seconds(v: f64) -> Option<Duration> {
    (v.is_finite() && (0.0..=86_400.0).contains(&v)).then(|| Duration::from_secs_f64(v))
}

/// Parses a scenario file's text; `path` names it in messages and gives the id. Every
/// problem found is returned with its line; the scenario only when there is none.
pub fn parse(path: &Path, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut f = Findings {
        path,
        text,
        out: Vec::new(),
    };
    let raw: RawScenario = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let (line, col) = e
                .span()
                .map(|s| crate::text::line_col(text, s.start))
                .unwrap_or((1, 1));
            f.error(
                line,
                format!("column {col}: {}", e.message().trim().replace('\n', "; ")),
            );
            return Err(f.out);
        }
    };
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lang = match Lang::parse(raw.lang.get_ref()) {
        Some(l) => l,
        None => {
            let line = f.line(&raw.lang);
            f.error(
                line,
                format!(
                    "unknown lang {:?}: use \"es\" or \"en\"",
                    raw.lang.get_ref()
                ),
            );
            Lang::Es
        }
    };
    let difficulty = match Difficulty::parse(raw.difficulty.get_ref()) {
        Some(d) => d,
        None => {
            let line = f.line(&raw.difficulty);
            f.error(
                line,
                format!(
                    "unknown difficulty {:?}: use \"easy\", \"medium\" or \"hard\"",
                    raw.difficulty.get_ref()
                ),
            );
            Difficulty::Medium
        }
    };
    if raw.title.get_ref().trim().is_empty() {
        let line = f.line(&raw.title);
        f.error(line, "empty title");
    }
    if raw.customer.name.get_ref().trim().is_empty() {
        let line = f.line(&raw.customer.name);
        f.error(line, "the customer has no name");
    }
    let pace = match &raw.pace_ms_per_char {
        Some(p) if !(1..=1000).contains(p.get_ref()) => {
            let line = f.line(p);
            f.error(line, "pace_ms_per_char must be between 1 and 1000");
            PACE_MS_PER_CHAR
        }
        Some(p) => *p.get_ref(),
        None => PACE_MS_PER_CHAR,
    };
    let ask_name = match &raw.customer.ask_name {
        Some(s) => f.pattern(s, "ask_name"),
        None => Some(default_ask_name(lang)),
    };
    let mut facts = Vec::new();
    for rf in &raw.customer.fact {
        let line = f.line(rf);
        let r = rf.get_ref();
        let ask = r.ask.as_ref().and_then(|a| f.pattern(a, "ask"));
        if facts.iter().any(|x: &Fact| x.id == r.id) {
            f.error(line, format!("a second fact with id `{}`", r.id));
        }
        facts.push(Fact {
            id: r.id.clone(),
            label: if r.label.is_empty() {
                r.id.clone()
            } else {
                r.label.clone()
            },
            value: r.value.clone(),
            ask,
            verify: r.verify,
            line,
        });
    }
    let lines = script(&mut f, &raw.line);
    let expect = expect(&mut f, &raw.expect);
    if !f.out.is_empty() {
        return Err(f.out);
    }
    Ok(Scenario {
        id,
        path: path.to_path_buf(),
        title: raw.title.into_inner(),
        lang,
        difficulty,
        tags: raw.tags,
        target_handle_s: raw.target_handle_s,
        pace_ms_per_char: pace,
        customer: RoleCard {
            name: raw.customer.name.into_inner(),
            mood: raw.customer.mood,
            situation: raw.customer.situation,
            ask_name: ask_name.unwrap_or_else(|| default_ask_name(lang)),
            facts,
        },
        lines,
        expect,
    })
}

fn script(f: &mut Findings, raw: &[Spanned<RawLine>]) -> Vec<Line> {
    if raw.is_empty() {
        f.error(
            0,
            "no [[line]]: the customer needs at least one line (say = \"…\")",
        );
        return Vec::new();
    }
    // Ids first: `after` and `goto` may name lines further down.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names = Vec::new();
    for (i, rl) in raw.iter().enumerate() {
        let r = rl.get_ref();
        let id = r.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        if id == START {
            let line = f.line(rl);
            f.error(
                line,
                "`start` is reserved (after = \"start\"): name the line otherwise",
            );
        } else if ids.insert(id.clone(), i).is_some() {
            let line = f.line(rl);
            f.error(line, format!("a second line with id `{id}`"));
        }
        names.push(id);
    }
    let mut lines = Vec::new();
    let mut previous: Option<usize> = None;
    for (i, rl) in raw.iter().enumerate() {
        let line = f.line(rl);
        let r = rl.get_ref();
        if r.say.get_ref().trim().is_empty() {
            let l = f.line(&r.say);
            f.error(l, "empty say: the customer must say something");
        }
        let mut triggers = Vec::new();
        if let Some(s) = &r.start
            && *s.get_ref()
        {
            triggers.push(Trigger::Start);
        }
        if let Some(d) = &r.delay_s {
            match seconds(*d.get_ref()) {
                Some(d) => triggers.push(Trigger::Delay(d)),
                None => {
                    let l = f.line(d);
                    f.error(l, "delay_s must be a number of seconds from 0 to 86400");
                }
            }
        }
        if let Some(s) = &r.said
            && let Some(p) = f.pattern(s, "said")
        {
            triggers.push(Trigger::Said(p));
        }
        if let Some(a) = &r.opened {
            let id = a.get_ref().trim().trim_end_matches(".md").to_string();
            if id.is_empty() {
                let l = f.line(a);
                f.error(l, "opened: empty article id");
            }
            triggers.push(Trigger::Opened(id));
        }
        if let Some(d) = &r.silence_s {
            match seconds(*d.get_ref()).filter(|d| !d.is_zero()) {
                Some(d) => triggers.push(Trigger::Silence(d)),
                None => {
                    let l = f.line(d);
                    f.error(l, "silence_s must be a number of seconds above 0");
                }
            }
        }
        if triggers.len() > 1 {
            f.error(
                line,
                "more than one trigger: a line has one of start, delay_s, said, opened, silence_s",
            );
        }
        let resolve = |f: &mut Findings, s: &Spanned<String>, what: &str| -> Option<usize> {
            match ids.get(s.get_ref().as_str()) {
                Some(i) => Some(*i),
                None => {
                    let l = f.line(s);
                    f.error(
                        l,
                        format!(
                            "{what} = \"{}\": no line has that id (ids: {})",
                            s.get_ref(),
                            names.join(", ")
                        ),
                    );
                    None
                }
            }
        };
        let after = match &r.after {
            Some(a) if a.get_ref() == START => None,
            Some(a) => {
                let target = resolve(f, a, "after");
                if target == Some(i) {
                    let l = f.line(a);
                    f.error(l, "a line cannot wait for itself");
                }
                target
            }
            None => previous,
        };
        let goto = r.goto.as_ref().and_then(|g| resolve(f, g, "goto"));
        if r.end && goto.is_some() {
            f.error(line, "a line cannot both end the call and goto another");
        }
        let repeat = match &r.repeat {
            Some(n) if !r.anytime => {
                let l = f.line(n);
                f.error(l, "repeat is for anytime lines only");
                1
            }
            Some(n) if *n.get_ref() == 0 => {
                let l = f.line(n);
                f.error(l, "repeat must be 1 or more");
                1
            }
            Some(n) => *n.get_ref(),
            None => 1,
        };
        if r.anytime && (r.after.is_some() || goto.is_some() || r.end) {
            f.error(line, "an anytime line has no after, goto or end");
        }
        if r.anytime && triggers.is_empty() {
            f.error(
                line,
                "an anytime line needs a trigger (said, opened, silence_s or delay_s)",
            );
        }
        let trigger = triggers.into_iter().next().unwrap_or(match after {
            None => Trigger::Start,
            Some(_) => Trigger::Delay(Duration::ZERO),
        });
        if !r.anytime {
            previous = Some(i);
        }
        lines.push(Line {
            id: names[i].clone(),
            line,
            say: r.say.get_ref().clone(),
            trigger,
            after: if r.anytime { None } else { after },
            goto,
            end: r.end,
            anytime: r.anytime,
            repeat,
        });
    }
    lines
}

fn expect(f: &mut Findings, raw: &RawExpect) -> Expect {
    let mut e = Expect {
        empathy: raw.empathy,
        max_dead_air_s: raw.max_dead_air_s,
        ..Expect::default()
    };
    for a in &raw.article {
        let line = f.line(a);
        let r = a.get_ref();
        e.articles.push(ExpectArticle {
            id: r.id.trim().trim_end_matches(".md").to_string(),
            within_s: r.within_s,
            line,
        });
    }
    for o in &raw.order {
        let line = f.line(o);
        let r = o.get_ref();
        let step = |f: &mut Findings, s: &Spanned<String>| match StepRef::parse(s.get_ref()) {
            Ok(x) => Some(x),
            Err(msg) => {
                let l = f.line(s);
                f.error(l, msg);
                None
            }
        };
        let (before, after) = (step(f, &r.before), step(f, &r.after));
        if let (Some(before), Some(after)) = (before, after) {
            e.order.push(Order {
                before,
                after,
                line,
            });
        }
    }
    for p in &raw.phrases {
        if let Some(p) = f.pattern(p, "phrases") {
            e.phrases.push(p);
        }
    }
    for p in &raw.avoid {
        if let Some(p) = f.pattern(p, "avoid") {
            e.avoid.push(p);
        }
    }
    e
}

/// Reads and parses one scenario file.
pub fn load(path: &Path) -> Result<Scenario, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic {
            path: path.to_path_buf(),
            line: 0,
            severity: Severity::Error,
            message: format!("cannot read the file: {e}"),
        }]
    })?;
    match std::str::from_utf8(&bytes) {
        Ok(text) => parse(path, text),
        Err(e) => Err(vec![Diagnostic {
            path: path.to_path_buf(),
            line: crate::text::line_of_bytes(&bytes, e.valid_up_to()),
            severity: Severity::Error,
            message: "not valid UTF-8 text: save the file as UTF-8".into(),
        }]),
    }
}

/// The scenario files of a knowledge root folder, sorted (rubric and certification files
/// left out).
pub fn files(root_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root_dir.join(DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x == "toml")
                && !p
                    .file_name()
                    .is_some_and(|n| NOT_SCENARIOS.iter().any(|s| n == *s))
        })
        .collect();
    out.sort();
    out
}

/// Every scenario of the roots' folders (first root wins for a repeated id), with the
/// problems of those that did not parse.
pub fn load_all(root_dirs: &[PathBuf]) -> (Vec<Scenario>, Vec<Diagnostic>) {
    let mut scenarios: Vec<Scenario> = Vec::new();
    let mut problems = Vec::new();
    for dir in root_dirs {
        for path in files(dir) {
            match load(&path) {
                Ok(s) if scenarios.iter().any(|x| x.id == s.id) => problems.push(Diagnostic {
                    path: path.clone(),
                    line: 0,
                    severity: Severity::Warning,
                    message: format!(
                        "a scenario `{}` is already in an earlier knowledge root (this one is ignored)",
                        s.id
                    ),
                }),
                Ok(s) => scenarios.push(s),
                Err(d) => problems.extend(d),
            }
        }
    }
    (scenarios, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pattern {
        Pattern::parse(s).unwrap()
    }

    #[test]
    fn word_patterns_fold_accents_and_case_and_match_whole_words() {
        assert!(p("dni|documento").matches("Mi DNÍ es este"));
        assert!(p("número de cuenta").matches("¿me da el NUMERO DE CUENTA?"));
        assert!(!p("número de cuenta").matches("el número, de la cuenta"));
        assert!(!p("dni").matches("condnizar"));
        assert!(p("cancel*").matches("quiero cancelarlo"));
        assert!(!p("cancel*").matches("no"));
    }

    #[test]
    fn contractions_match_with_straight_or_curly_apostrophes() {
        // English: the pattern's contraction, the text's with either apostrophe.
        assert!(p("I'm sorry").matches("I'm so sorry... I’m sorry, Mr Lee"));
        assert!(p("i'm sorry|my apologies").matches("I’m SORRY about that"));
        assert!(p("don't worry").matches("Don't worry, we'll fix it"));
        assert!(p("we'll*").matches("We’ll sort it out"));
        assert!(!p("i'm sorry").matches("I am sorry"));
        // The parts of a word with an apostrophe are words too.
        assert!(p("ondina").matches("Bienvenido a d'Ondina"));
        assert!(p("o'donnell").matches("Calle O’Donnell, 12"));
        // Quotes around words are not apostrophes inside one.
        assert!(p("la baja").matches("'la baja', eso dijo"));
        // A regex sees the folded text: curly apostrophes as straight ones.
        assert!(p("/i'm (so )?sorry/").matches("I’m so sorry"));
    }

    #[test]
    fn regex_patterns_are_folded_and_case_insensitive() {
        assert!(p(r"/d\.?n\.?i/").matches("Su D.N.I., por favor"));
        assert!(p("/lo siento|lamento/").matches("LAMENTO lo ocurrido"));
        assert!(p("/atención/").matches("ATENCION al cliente"));
        assert!(p(r"/\d{8}[a-z]/").matches("12345678Z"));
    }

    #[test]
    fn bad_patterns_say_why() {
        assert!(Pattern::parse("").unwrap_err().contains("empty pattern"));
        assert!(
            Pattern::parse("a||b")
                .unwrap_err()
                .contains("empty alternative")
        );
        assert!(Pattern::parse("/(/").unwrap_err().contains("bad regex"));
        assert!(
            Pattern::parse("/a*/")
                .unwrap_err()
                .contains("matches empty")
        );
    }

    const GOOD: &str = r#"
title = "Prueba"
lang = "es"
difficulty = "fácil"
tags = ["bajas"]
target_handle_s = 240

[customer]
name = "Marta Ruiz"
mood = "enfadada"
situation = "Quiere irse."

[[customer.fact]]
id = "dni"
value = "12345678Z"
ask = "dni|documento"
verify = true

[[line]]
id = "hola"
say = "Quiero darme de baja."

[[line]]
id = "dni"
said = "dni"
say = "12345678Z"

[[line]]
id = "oferta"
after = "dni"
opened = "bajas/oferta-retencion"
say = "Vale, me quedo."
end = true

[[line]]
id = "adios"
after = "dni"
delay_s = 60
say = "Pues adiós."
end = true

[[line]]
anytime = true
silence_s = 20
repeat = 2
say = "¿Hola?"

[expect]
phrases = ["gracias"]
empathy = true
max_dead_air_s = 20
[[expect.article]]
id = "bajas/oferta-retencion"
within_s = 120
[[expect.order]]
before = "phrase:dni"
after = "article:bajas/oferta-retencion"
"#;

    #[test]
    fn a_scenario_parses_with_its_script_and_expectations() {
        let s = parse(Path::new("scenarios/baja.toml"), GOOD).unwrap();
        assert_eq!(s.id, "baja");
        assert_eq!(s.difficulty, Difficulty::Easy);
        assert_eq!(s.customer.facts[0].id, "dni");
        assert_eq!(s.lines.len(), 5);
        assert_eq!(s.lines[0].trigger, Trigger::Start);
        assert_eq!(s.lines[1].after, Some(0));
        assert_eq!(s.lines[2].after, Some(1));
        assert_eq!(s.lines[3].after, Some(1));
        assert!(s.lines[4].anytime);
        assert_eq!(s.lines[4].repeat, 2);
        assert_eq!(s.lines[4].line, 42);
        assert_eq!(s.expect.articles[0].within_s, Some(120));
        assert!(matches!(s.expect.order[0].after, StepRef::Article(_)));
        assert!(s.customer.ask_name.matches("¿Con quién hablo?"));
        assert!(s.customer.ask_name.matches("¿Me dice su nombre completo?"));
        // The agent introducing themself does not ask for the customer's name.
        assert!(
            !s.customer
                .ask_name
                .matches("Ondina, buenos días, mi nombre es Ana")
        );
        let en = default_ask_name(Lang::En);
        assert!(en.matches("May I have your full name?"));
        assert!(!en.matches("Thank you for calling Ondina, my name is Ana"));
    }

    #[test]
    fn problems_come_with_their_lines() {
        let bad = GOOD
            .replace("said = \"dni\"", "said = \"/(/\"")
            .replace("after = \"dni\"\ndelay_s", "after = \"nadie\"\ndelay_s");
        let errs = parse(Path::new("x.toml"), &bad).unwrap_err();
        let text: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("x.toml:25: error: said: bad regex")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("x.toml:37: error: after = \"nadie\"")),
            "{text:?}"
        );
        let unknown = GOOD.replace("mood =", "humor =");
        let errs = parse(Path::new("x.toml"), &unknown).unwrap_err();
        assert_eq!(errs[0].line, 10, "{errs:?}");
    }

    #[test]
    fn typing_is_proportional_to_length_within_bounds() {
        let s = parse(Path::new("a.toml"), GOOD).unwrap();
        assert_eq!(s.typing("hola"), MIN_TYPING);
        assert_eq!(s.typing(&"x".repeat(100)), Duration::from_millis(5500));
        assert_eq!(s.typing(&"x".repeat(1000)), MAX_TYPING);
    }
}
