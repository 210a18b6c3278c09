//! The rubric a training team edits (`scenarios/rubric.toml` in a knowledge root):
//! sections with weights (adding up to 100), items with points, each scored by a named
//! check over the call's timeline or left to a person (`manual`), critical items that
//! fail their section or the whole call, bonus items, a pass mark, score bands and a
//! version. See the README ("Rubric") for the format; [`Rubric::parse`] reports every
//! problem with its line.
//!
//! ```toml
//! version = "2026-12"
//! pass = 80
//! [intent.verify_identity]
//! phrases = ["dni", "fecha de nacimiento"]
//! [[band]]
//! min = 90
//! label_es = "Excelente"
//! label_en = "Excellent"
//! [[section]]
//! id = "opening"
//! label_es = "Apertura"
//! label_en = "Opening"
//! weight = 100
//! [[section.item]]
//! id = "greeting"
//! label_es = "Saluda con el nombre de la empresa"
//! label_en = "Greets with the company name"
//! points = 5
//! check = "phrase_said"
//! phrases = ["bienvenid*", "welcome"]
//! within_turns = 1
//! ```
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::phrase::{self, Phrase};
use crate::assist::cues::CueKind;
use crate::conversation::Speaker;
use crate::conversation::journal::Disposition;
use crate::knowledge::{Diagnostic, Root, Severity};
use crate::text::line_of;

/// The folder of a knowledge root that holds scenarios, the rubric and certifications.
pub const DIR: &str = "scenarios";
/// The rubric's file name in [`DIR`].
pub const FILE: &str = "rubric.toml";
/// The pass mark when the rubric gives none (percent).
pub const DEFAULT_PASS: u32 = 80;
/// The rubric shipped with the sample base, used when no root has one.
pub const BUILTIN: &str = include_str!("../../knowledge/scenarios/rubric.toml");

/// A named check that scores an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    ArticleOpened,
    Order,
    PhraseSaid,
    PhraseAvoided,
    Empathy,
    DeadAir,
    HandleTime,
    FirstArticle,
    HiddenFacts,
    Wrapup,
    Manual,
}

impl CheckKind {
    pub const ALL: [CheckKind; 11] = [
        CheckKind::ArticleOpened,
        CheckKind::Order,
        CheckKind::PhraseSaid,
        CheckKind::PhraseAvoided,
        CheckKind::Empathy,
        CheckKind::DeadAir,
        CheckKind::HandleTime,
        CheckKind::FirstArticle,
        CheckKind::HiddenFacts,
        CheckKind::Wrapup,
        CheckKind::Manual,
    ];

    /// The name in the rubric.
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::ArticleOpened => "article_opened",
            CheckKind::Order => "order",
            CheckKind::PhraseSaid => "phrase_said",
            CheckKind::PhraseAvoided => "phrase_avoided",
            CheckKind::Empathy => "empathy",
            CheckKind::DeadAir => "dead_air",
            CheckKind::HandleTime => "handle_time",
            CheckKind::FirstArticle => "first_article",
            CheckKind::HiddenFacts => "hidden_facts",
            CheckKind::Wrapup => "wrapup",
            CheckKind::Manual => "manual",
        }
    }

    fn parse(name: &str) -> Option<CheckKind> {
        CheckKind::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The parameters the check takes.
    fn params(self) -> &'static [&'static str] {
        match self {
            CheckKind::ArticleOpened => &["articles", "within_s", "partial"],
            CheckKind::Order => &["before", "after", "partial"],
            CheckKind::PhraseSaid => &["phrases", "within_s", "within_turns", "speaker", "partial"],
            CheckKind::PhraseAvoided => &["phrases", "speaker"],
            CheckKind::Empathy => &["phrases", "within_turns", "cues", "partial"],
            CheckKind::DeadAir => &["max_s"],
            CheckKind::HandleTime => &["target_s"],
            CheckKind::FirstArticle => &["articles", "max_s"],
            CheckKind::HiddenFacts => &["facts", "before", "partial"],
            CheckKind::Wrapup => &["disposition"],
            CheckKind::Manual => &[],
        }
    }

    /// The parameters the check needs unless the item takes them from the scenario.
    fn required(self) -> &'static [&'static str] {
        match self {
            CheckKind::ArticleOpened => &["articles"],
            CheckKind::Order => &["before", "after"],
            CheckKind::PhraseSaid | CheckKind::PhraseAvoided => &["phrases"],
            CheckKind::DeadAir => &["max_s"],
            CheckKind::HandleTime => &["target_s"],
            CheckKind::HiddenFacts => &["facts"],
            CheckKind::Empathy => &["phrases"],
            _ => &[],
        }
    }

    /// Whether the scenario's `[expect]` can give its parameters (`from = "scenario"`).
    fn takes_scenario(self) -> bool {
        !matches!(self, CheckKind::Wrapup | CheckKind::Manual)
    }
}

/// What a failed critical item takes down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Critical {
    /// Its section scores 0.
    Section,
    /// The whole call scores 0 and fails.
    Call,
}

/// A step of an order check: an article opened, a phrase or an intent said.
#[derive(Debug, Clone, PartialEq)]
pub enum Ref {
    Article(String),
    Phrase(Phrase),
    Intent(String),
}

impl Ref {
    /// `article:ID`, `phrase:TEXT` or `intent:NAME`.
    pub fn parse(s: &str) -> Result<Ref, String> {
        let (kind, rest) = s
            .split_once(':')
            .map(|(k, r)| (k.trim(), r.trim()))
            .ok_or_else(|| {
                format!("`{s}` is not a step: write article:ID, phrase:TEXT or intent:NAME")
            })?;
        if rest.is_empty() {
            return Err(format!("`{s}` names nothing after `{kind}:`"));
        }
        match kind {
            "article" => Ok(Ref::Article(rest.to_string())),
            "phrase" => Phrase::parse(rest)
                .map(Ref::Phrase)
                .map_err(|e| format!("`{s}`: {e}")),
            "intent" => Ok(Ref::Intent(rest.to_string())),
            _ => Err(format!(
                "`{s}`: unknown step kind `{kind}` (article, phrase or intent)"
            )),
        }
    }

    /// As written.
    pub fn source(&self) -> String {
        match self {
            Ref::Article(a) => format!("article:{a}"),
            Ref::Phrase(p) => format!("phrase:{}", p.source),
            Ref::Intent(i) => format!("intent:{i}"),
        }
    }
}

/// A hidden fact to obtain or verify: its id and the phrases that ask for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub id: String,
    pub phrases: Vec<Phrase>,
    /// It must be verified: asked before the item's `before` step (touching the
    /// account). A rubric's own facts all are; a scenario's when it says `verify = true`.
    pub verify: bool,
}

/// A check's parameters (those it does not take are empty).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params {
    pub articles: Vec<String>,
    pub within_s: Option<u32>,
    pub within_turns: Option<u32>,
    pub before: Option<Ref>,
    pub after: Option<Ref>,
    pub phrases: Vec<Phrase>,
    pub max_s: Option<u32>,
    pub target_s: Option<u32>,
    /// Cue kinds an empathy item answers (empty: all).
    pub cues: Vec<CueKind>,
    pub facts: Vec<Fact>,
    pub disposition: Option<Disposition>,
    /// Credit in proportion when the item asks for several things.
    pub partial: bool,
    /// Whose turns a phrase check reads (the agent's by default).
    pub speaker: Option<Speaker>,
}

/// One scored question.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub label_es: String,
    pub label_en: String,
    pub points: u32,
    pub check: CheckKind,
    pub params: Params,
    /// `from = "scenario"`: parameters from the scenario's `[expect]` (the item's own
    /// are the fallback, e.g. for a real call).
    pub from_scenario: bool,
    pub critical: Option<Critical>,
    /// Points above the section's total (never in the denominator).
    pub bonus: bool,
    pub line: usize,
}

/// A weighted group of items.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub label_es: String,
    pub label_en: String,
    pub weight: u32,
    pub items: Vec<Item>,
    pub line: usize,
}

/// A named score range: the band of a score is the one with the highest `min` at or
/// below it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Band {
    pub min: u32,
    pub label_es: String,
    pub label_en: String,
}

/// A parsed rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    /// Where it was read from (empty for the built-in one).
    pub path: PathBuf,
    pub version: String,
    pub title_es: String,
    pub title_en: String,
    /// The pass mark, percent.
    pub pass: u32,
    /// Highest `min` first.
    pub bands: Vec<Band>,
    pub intents: BTreeMap<String, Vec<Phrase>>,
    pub sections: Vec<Section>,
    /// FNV-1a 64 of the file's text: which exact rubric scored a call.
    pub fingerprint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    version: Option<Spanned<String>>,
    #[serde(default)]
    title_es: String,
    #[serde(default)]
    title_en: String,
    pass: Option<Spanned<i64>>,
    #[serde(default)]
    band: Vec<Spanned<RawBand>>,
    #[serde(default)]
    intent: BTreeMap<String, Spanned<RawIntent>>,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    min: Spanned<i64>,
    #[serde(default)]
    label_es: String,
    #[serde(default)]
    label_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntent {
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    #[serde(default)]
    label_es: String,
    #[serde(default)]
    label_en: String,
    weight: Spanned<i64>,
    #[serde(default)]
    item: Vec<Spanned<BTreeMap<String, Spanned<toml::Value>>>>,
}

/// Collects the problems of one file.
struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    out: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn at(&mut self, offset: usize, severity: Severity, message: String) {
        self.out.push(Diagnostic {
            path: self.path.to_path_buf(),
            line: line_of(self.text, offset),
            severity,
            message,
        });
    }

    fn error(&mut self, offset: usize, message: String) {
        self.at(offset, Severity::Error, message);
    }

    fn has_errors(&self) -> bool {
        self.out.iter().any(|d| d.severity == Severity::Error)
    }
}

impl Rubric {
    /// Reads and parses a rubric file.
    pub fn load(path: &Path) -> Result<Rubric, Vec<Diagnostic>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Rubric::parse(path, &text),
            Err(e) => Err(vec![Diagnostic {
                path: path.to_path_buf(),
                line: 0,
                severity: Severity::Error,
                message: format!("cannot read the rubric: {e}"),
            }]),
        }
    }

    /// The built-in rubric (the sample base's).
    pub fn builtin() -> Rubric {
        Rubric::parse(Path::new(""), BUILTIN).expect("the built-in rubric is valid")
    }

    /// The rubric of the first root that has `scenarios/rubric.toml`, else the built-in
    /// one.
    pub fn for_roots(roots: &[Root]) -> Result<Rubric, Vec<Diagnostic>> {
        match roots
            .iter()
            .map(|r| r.dir.join(DIR).join(FILE))
            .find(|p| p.is_file())
        {
            Some(path) => Rubric::load(&path),
            None => Ok(Rubric::builtin()),
        }
    }

    /// Parses a rubric; every problem (errors and warnings) comes back with its line
    /// when there is any error.
    pub fn parse(path: &Path, text: &str) -> Result<Rubric, Vec<Diagnostic>> {
        let (rubric, problems) = parse_all(path, text, None);
        match rubric {
            Some(r) if !problems.iter().any(|d| d.severity == Severity::Error) => Ok(r),
            _ => Err(problems),
        }
    }

    /// Every item with its section.
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<(&Section, &Item)> {
        self.items().find(|(_, i)| i.id == id)
    }

    /// The band of a score.
    pub fn band(&self, score: f64) -> Option<&Band> {
        self.bands.iter().find(|b| score >= f64::from(b.min))
    }

    /// The file name shown on a scorecard (`rubric.toml`, or `built-in`).
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || "built-in".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// What `apunte check` says about the roots' rubrics and certification files: every
/// error and warning with its line.
pub fn check_roots(roots: &[Root], article_ids: &HashSet<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for root in roots {
        let dir = root.dir.join(DIR);
        let path = dir.join(FILE);
        if let Ok(text) = std::fs::read_to_string(&path) {
            out.extend(check(&path, &text, article_ids));
        }
        let path = dir.join(super::report::CERTIFICATION_FILE);
        if let Ok(text) = std::fs::read_to_string(&path) {
            match super::report::Certifications::parse(&path, &text) {
                Ok(c) => out.extend(c.lint(&path, &super::saved::scenario_infos(roots))),
                Err(ds) => out.extend(ds),
            }
        }
    }
    out
}

/// Validates a rubric file for `apunte check`: errors and warnings, with lines; article
/// ids the rubric names that are not in `article_ids` are warnings.
pub fn check(path: &Path, text: &str, article_ids: &HashSet<String>) -> Vec<Diagnostic> {
    parse_all(path, text, Some(article_ids)).1
}

fn parse_all(
    path: &Path,
    text: &str,
    article_ids: Option<&HashSet<String>>,
) -> (Option<Rubric>, Vec<Diagnostic>) {
    let mut p = Problems {
        path,
        text,
        out: Vec::new(),
    };
    let raw: RawRubric = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            p.error(offset, e.message().trim().to_string());
            return (None, p.out);
        }
    };
    let version = match &raw.version {
        Some(v) if !v.get_ref().trim().is_empty() => v.get_ref().trim().to_string(),
        Some(v) => {
            p.error(v.span().start, "the version is empty: give the rubric a version (e.g. \"2026-12\"), it is recorded on every scorecard".into());
            String::new()
        }
        None => {
            p.error(0, "no `version`: give the rubric a version (e.g. version = \"2026-12\"), it is recorded on every scorecard".into());
            String::new()
        }
    };
    let pass = match &raw.pass {
        None => DEFAULT_PASS,
        Some(v) => match u32::try_from(*v.get_ref()) {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                p.error(
                    v.span().start,
                    format!(
                        "pass = {}: the pass mark is a percent from 1 to 100",
                        v.get_ref()
                    ),
                );
                DEFAULT_PASS
            }
        },
    };
    let mut bands: Vec<Band> = Vec::new();
    for b in &raw.band {
        let min = *b.get_ref().min.get_ref();
        let at = b.get_ref().min.span().start;
        let Ok(min) = u32::try_from(min) else {
            p.error(
                at,
                format!("band min = {min}: a band starts at a percent from 0"),
            );
            continue;
        };
        if bands.iter().any(|o| o.min == min) {
            p.error(at, format!("two bands start at {min}"));
            continue;
        }
        if b.get_ref().label_es.trim().is_empty() || b.get_ref().label_en.trim().is_empty() {
            p.error(at, format!("the band at {min} needs label_es and label_en"));
        }
        bands.push(Band {
            min,
            label_es: b.get_ref().label_es.trim().to_string(),
            label_en: b.get_ref().label_en.trim().to_string(),
        });
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.min));
    let mut intents = BTreeMap::new();
    for (name, i) in &raw.intent {
        let phrases = match phrase::compile(&i.get_ref().phrases) {
            Ok(p) => p,
            Err(e) => {
                p.error(i.span().start, format!("intent `{name}`: {e}"));
                Vec::new()
            }
        };
        if phrases.is_empty() {
            p.error(
                i.span().start,
                format!("intent `{name}` has no phrases: list what an agent says for it"),
            );
        }
        intents.insert(name.clone(), phrases);
    }
    let mut sections = Vec::new();
    let mut section_ids = HashSet::new();
    let mut item_ids = HashSet::new();
    let mut weights = 0i64;
    for s in &raw.section {
        let rs = s.get_ref();
        let at = rs.id.span().start;
        let id = rs.id.get_ref().trim().to_string();
        if id.is_empty() {
            p.error(at, "a section needs an id".into());
        } else if !section_ids.insert(id.clone()) {
            p.error(at, format!("two sections have the id `{id}`"));
        }
        if rs.label_es.trim().is_empty() || rs.label_en.trim().is_empty() {
            p.error(at, format!("section `{id}` needs label_es and label_en"));
        }
        let weight = *rs.weight.get_ref();
        let weight = match u32::try_from(weight) {
            Ok(w) if w <= 100 => w,
            _ => {
                p.error(
                    rs.weight.span().start,
                    format!("section `{id}`: weight = {weight} must be from 0 to 100"),
                );
                0
            }
        };
        weights += i64::from(weight);
        if rs.item.is_empty() {
            p.error(
                at,
                format!("section `{id}` has no items ([[section.item]])"),
            );
        }
        let mut items = Vec::new();
        for raw_item in &rs.item {
            if let Some(item) = parse_item(&mut p, raw_item, &intents, article_ids) {
                if !item_ids.insert(item.id.clone()) {
                    p.error(
                        raw_item.span().start,
                        format!(
                            "two items have the id `{}` (item ids are unique in a rubric: grades name them)",
                            item.id
                        ),
                    );
                }
                items.push(item);
            }
        }
        if !items.is_empty() && items.len() == rs.item.len() && items.iter().all(|i| i.bonus) {
            p.error(
                at,
                format!("section `{id}` has only bonus items: a section needs points to score"),
            );
        }
        sections.push(Section {
            id,
            label_es: rs.label_es.trim().to_string(),
            label_en: rs.label_en.trim().to_string(),
            weight,
            items,
            line: line_of(text, at),
        });
    }
    if raw.section.is_empty() {
        p.error(0, "the rubric has no sections ([[section]])".into());
    } else if weights != 100 {
        let at = raw.section[0].get_ref().weight.span().start;
        let list: Vec<String> = sections
            .iter()
            .map(|s| format!("{} {}", s.id, s.weight))
            .collect();
        p.error(
            at,
            format!(
                "the section weights add up to {weights}, not 100 ({})",
                list.join(" + ")
            ),
        );
    }
    if p.has_errors() {
        return (None, p.out);
    }
    let rubric = Rubric {
        path: path.to_path_buf(),
        version,
        title_es: raw.title_es.trim().to_string(),
        title_en: raw.title_en.trim().to_string(),
        pass,
        bands,
        intents,
        sections,
        fingerprint: fingerprint(text),
    };
    (Some(rubric), p.out)
}

/// The common keys of an item; every other key is a parameter of its check.
const ITEM_KEYS: &[&str] = &[
    "id", "label_es", "label_en", "points", "check", "critical", "bonus", "from",
];

fn parse_item(
    p: &mut Problems<'_>,
    raw: &Spanned<BTreeMap<String, Spanned<toml::Value>>>,
    intents: &BTreeMap<String, Vec<Phrase>>,
    article_ids: Option<&HashSet<String>>,
) -> Option<Item> {
    let table = raw.get_ref();
    let item_at = raw.span().start;
    let errors_before = p.out.len();
    let str_of = |p: &mut Problems<'_>, key: &str| -> Option<String> {
        let v = table.get(key)?;
        match v.get_ref() {
            toml::Value::String(s) => Some(s.trim().to_string()),
            other => {
                p.error(
                    v.span().start,
                    format!("`{key}` must be a string, not {}", other.type_str()),
                );
                None
            }
        }
    };
    let id = str_of(p, "id").unwrap_or_default();
    if id.is_empty() {
        p.error(item_at, "an item needs an id".into());
    }
    let label_es = str_of(p, "label_es").unwrap_or_default();
    let label_en = str_of(p, "label_en").unwrap_or_default();
    if label_es.is_empty() || label_en.is_empty() {
        p.error(item_at, format!("item `{id}` needs label_es and label_en"));
    }
    let bonus = match table.get("bonus") {
        None => false,
        Some(v) => match v.get_ref() {
            toml::Value::Boolean(b) => *b,
            _ => {
                p.error(
                    v.span().start,
                    format!("item `{id}`: bonus is true or false"),
                );
                false
            }
        },
    };
    let points = match table.get("points") {
        None => {
            p.error(item_at, format!("item `{id}` needs points"));
            0
        }
        Some(v) => match v.get_ref() {
            toml::Value::Integer(n) if (1..=1000).contains(n) => *n as u32,
            other => {
                p.error(
                    v.span().start,
                    format!("item `{id}`: points = {other} must be a whole number from 1 to 1000"),
                );
                0
            }
        },
    };
    let check = match table.get("check") {
        None => {
            p.error(
                item_at,
                format!("item `{id}` needs a check ({}) ", check_names()),
            );
            None
        }
        Some(v) => match v.get_ref() {
            toml::Value::String(s) => match CheckKind::parse(s.trim()) {
                Some(c) => Some(c),
                None => {
                    p.error(
                        v.span().start,
                        format!(
                            "item `{id}`: unknown check `{s}` (known: {})",
                            check_names()
                        ),
                    );
                    None
                }
            },
            _ => {
                p.error(v.span().start, format!("item `{id}`: check must be a name"));
                None
            }
        },
    };
    let critical = match table.get("critical") {
        None => None,
        Some(v) => match v.get_ref().as_str() {
            Some("section") => Some(Critical::Section),
            Some("call") => Some(Critical::Call),
            _ => {
                p.error(
                    v.span().start,
                    format!("item `{id}`: critical is \"section\" or \"call\""),
                );
                None
            }
        },
    };
    if bonus && critical.is_some() {
        p.error(
            item_at,
            format!("item `{id}` cannot be both bonus and critical"),
        );
    }
    let from_scenario = match table.get("from") {
        None => false,
        Some(v) => match v.get_ref().as_str() {
            Some("scenario") => true,
            _ => {
                p.error(
                    v.span().start,
                    format!("item `{id}`: from = \"scenario\" is the only source"),
                );
                false
            }
        },
    };
    let check = check?;
    if from_scenario && !check.takes_scenario() {
        let at = table.get("from").map_or(item_at, |v| v.span().start);
        p.error(
            at,
            format!(
                "item `{id}`: the check `{}` takes nothing from the scenario",
                check.name()
            ),
        );
    }
    let mut params = Params::default();
    for (key, v) in table {
        if ITEM_KEYS.contains(&key.as_str()) {
            continue;
        }
        let at = v.span().start;
        if !check.params().contains(&key.as_str()) {
            let takes = check.params();
            p.error(
                at,
                if takes.is_empty() {
                    format!(
                        "item `{id}`: the check `{}` takes no parameter `{key}`",
                        check.name()
                    )
                } else {
                    format!(
                        "item `{id}`: the check `{}` takes no parameter `{key}` (it takes {})",
                        check.name(),
                        takes.join(", ")
                    )
                },
            );
            continue;
        }
        if let Err(msg) = set_param(&mut params, key, v.get_ref(), intents, from_scenario) {
            p.error(at, format!("item `{id}`: {key}: {msg}"));
        }
    }
    // The scenario says when empathy is needed, never what it sounds like.
    if !from_scenario || check == CheckKind::Empathy {
        for key in check.required() {
            if !table.contains_key(*key) {
                p.error(
                    item_at,
                    format!(
                        "item `{id}`: the check `{}` needs `{key}`{}",
                        check.name(),
                        if check == CheckKind::Empathy {
                            ""
                        } else {
                            " (or from = \"scenario\")"
                        }
                    ),
                );
            }
        }
    }
    if let Some(ids) = article_ids {
        let named = params.articles.iter().chain(
            [&params.before, &params.after]
                .into_iter()
                .flatten()
                .filter_map(|r| match r {
                    Ref::Article(a) => Some(a),
                    _ => None,
                }),
        );
        for a in named {
            if !ids.contains(a) {
                let at = table.get("articles").map_or(item_at, |v| v.span().start);
                p.at(
                    at,
                    Severity::Warning,
                    format!("item `{id}` names the article `{a}`, which does not exist"),
                );
            }
        }
    }
    let errors = p.out[errors_before..]
        .iter()
        .any(|d| d.severity == Severity::Error);
    (!errors).then(|| Item {
        id,
        label_es,
        label_en,
        points,
        check,
        params,
        from_scenario,
        critical,
        bonus,
        line: line_of(p.text, item_at),
    })
}

fn check_names() -> String {
    CheckKind::ALL.map(CheckKind::name).join(", ")
}

fn set_param(
    params: &mut Params,
    key: &str,
    v: &toml::Value,
    intents: &BTreeMap<String, Vec<Phrase>>,
    from_scenario: bool,
) -> Result<(), String> {
    let seconds = |v: &toml::Value| match v {
        toml::Value::Integer(n) if (0..=86_400).contains(n) => Ok(*n as u32),
        other => Err(format!("{other} is not a number of seconds (0 to 86400)")),
    };
    let strings = |v: &toml::Value| -> Result<Vec<String>, String> {
        match v {
            toml::Value::Array(a) if !a.is_empty() => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .ok_or_else(|| format!("{x} is not a non-empty string"))
                })
                .collect(),
            toml::Value::Array(_) => Err("the list is empty".into()),
            other => Err(format!(
                "expected a list of strings, not {}",
                other.type_str()
            )),
        }
    };
    let step = |v: &toml::Value| -> Result<Ref, String> {
        let s = v.as_str().ok_or("a step is a string like \"article:ID\"")?;
        let r = Ref::parse(s)?;
        if let Ref::Intent(name) = &r
            && !intents.contains_key(name)
            && !from_scenario
        {
            let known: Vec<&str> = intents.keys().map(String::as_str).collect();
            return Err(format!(
                "unknown intent `{name}` (define it in [intent.{name}]; known: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
        Ok(r)
    };
    match key {
        "articles" => params.articles = strings(v)?,
        "within_s" => params.within_s = Some(seconds(v)?),
        "max_s" => params.max_s = Some(seconds(v)?),
        "target_s" => match seconds(v)? {
            0 => return Err("a target of 0 seconds cannot be met".into()),
            n => params.target_s = Some(n),
        },
        "within_turns" => match v {
            toml::Value::Integer(n) if (1..=1000).contains(n) => {
                params.within_turns = Some(*n as u32)
            }
            other => return Err(format!("{other} is not a number of turns (1 or more)")),
        },
        "partial" => params.partial = v.as_bool().ok_or("true or false")?,
        "phrases" => {
            params.phrases = phrase::compile(&strings(v)?)?;
        }
        "before" => params.before = Some(step(v)?),
        "after" => params.after = Some(step(v)?),
        "speaker" => {
            params.speaker = Some(match v.as_str() {
                Some("agent") => Speaker::Agent,
                Some("customer") => Speaker::Customer,
                _ => return Err("\"agent\" or \"customer\"".into()),
            })
        }
        "cues" => {
            for name in strings(v)? {
                let kind = CueKind::ALL
                    .into_iter()
                    .find(|k| k.name() == name)
                    .ok_or_else(|| {
                        format!(
                            "unknown cue kind `{name}` (known: {})",
                            CueKind::ALL.map(CueKind::name).join(", ")
                        )
                    })?;
                params.cues.push(kind);
            }
        }
        "facts" => {
            let toml::Value::Table(t) = v else {
                return Err(
                    "a table of fact = [phrases that ask for it], e.g. { dni = [\"dni\"] }".into(),
                );
            };
            if t.is_empty() {
                return Err("the table is empty".into());
            }
            for (fact, phrases) in t {
                let phrases = strings(phrases)
                    .and_then(|list| phrase::compile(&list))
                    .map_err(|e| format!("{fact}: {e}"))?;
                params.facts.push(Fact {
                    id: fact.clone(),
                    phrases,
                    verify: true,
                });
            }
        }
        "disposition" => {
            params.disposition = Some(match v.as_str() {
                Some("resolved") => Disposition::Resolved,
                Some("escalated") => Disposition::Escalated,
                Some("callback") => Disposition::Callback,
                Some("other") => Disposition::Other,
                _ => return Err("resolved, escalated, callback or other".into()),
            })
        }
        _ => return Err("unknown parameter".into()),
    }
    Ok(())
}

/// FNV-1a 64 of a text, as 16 hex digits.
pub fn fingerprint(text: &str) -> String {
    crate::text::fingerprint(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match Rubric::parse(Path::new("r.toml"), text) {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .iter()
                .map(|d| format!("{}: {}", d.line, d.message))
                .collect(),
        }
    }

    const GOOD: &str = r#"version = "1"
[intent.verify]
phrases = ["dni"]
[[band]]
min = 90
label_es = "Excelente"
label_en = "Excellent"
[[band]]
min = 0
label_es = "Mejorable"
label_en = "Needs work"
[[section]]
id = "a"
label_es = "A"
label_en = "A"
weight = 60
[[section.item]]
id = "greet"
label_es = "Saluda"
label_en = "Greets"
points = 5
check = "phrase_said"
phrases = ["hola"]
within_turns = 1
[[section]]
id = "b"
label_es = "B"
label_en = "B"
weight = 40
[[section.item]]
id = "order"
label_es = "Verifica antes"
label_en = "Verifies first"
points = 10
check = "order"
before = "intent:verify"
after = "article:cuenta/cambio-titular"
critical = "call"
[[section.item]]
id = "extra"
label_es = "Extra"
label_en = "Extra"
points = 2
check = "manual"
bonus = true
"#;

    #[test]
    fn parses_a_good_rubric() {
        let r = Rubric::parse(Path::new("r.toml"), GOOD).unwrap();
        assert_eq!(r.version, "1");
        assert_eq!(r.pass, DEFAULT_PASS);
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[1].line, 26);
        let (s, i) = r.item("order").unwrap();
        assert_eq!(s.id, "b");
        assert_eq!(i.critical, Some(Critical::Call));
        assert_eq!(
            i.params.after,
            Some(Ref::Article("cuenta/cambio-titular".into()))
        );
        assert!(r.item("extra").unwrap().1.bonus);
        assert_eq!(r.band(95.0).unwrap().label_en, "Excellent");
        assert_eq!(r.band(89.9).unwrap().label_en, "Needs work");
    }

    #[test]
    fn weights_must_add_up() {
        let text = GOOD.replace("weight = 40", "weight = 30");
        assert_eq!(
            errors(&text),
            ["16: the section weights add up to 90, not 100 (a 60 + b 30)"]
        );
    }

    #[test]
    fn unknown_checks_and_params_have_lines() {
        let text = GOOD
            .replace("check = \"phrase_said\"", "check = \"phrase_sad\"")
            .replace("check = \"order\"", "check = \"order\"\nwithin_s = 3");
        let e = errors(&text);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("22: item `greet`: unknown check `phrase_sad`"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("36: item `order`: the check `order` takes no parameter `within_s`"),
            "{e:?}"
        );
    }

    #[test]
    fn bad_params() {
        let e = errors(&GOOD.replace("before = \"intent:verify\"", "before = \"intent:nope\""));
        assert!(
            e[0].starts_with("36: item `order`: before: unknown intent `nope`"),
            "{e:?}"
        );
        let e = errors(&GOOD.replace("within_turns = 1", "within_turns = 0"));
        assert!(e[0].starts_with("24: item `greet`: within_turns:"), "{e:?}");
        let e = errors(&GOOD.replace("phrases = [\"hola\"]\n", ""));
        assert!(e[0].contains("needs `phrases`"), "{e:?}");
        let e = errors(&GOOD.replace("critical = \"call\"", "critical = \"all\""));
        assert!(e[0].starts_with("38: item `order`: critical is"), "{e:?}");
        let e = errors(&GOOD.replace("version = \"1\"", "version = \"1\"\npass = 120"));
        assert!(e[0].starts_with("2: pass = 120"), "{e:?}");
        let e = errors(&GOOD.replace("id = \"extra\"", "id = \"greet\""));
        assert!(e[0].contains("two items have the id `greet`"), "{e:?}");
        let e = errors(&GOOD.replace("version = \"1\"\n", ""));
        assert!(e[0].starts_with("1: no `version`"), "{e:?}");
    }

    #[test]
    fn syntax_errors_have_lines() {
        let e = errors("version = \"1\"\n[[section]]\nid = \n");
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("3: "), "{e:?}");
    }

    #[test]
    fn check_warns_about_unknown_articles() {
        let ids: HashSet<String> = HashSet::new();
        let ds = check(Path::new("r.toml"), GOOD, &ids);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].severity, Severity::Warning);
        assert!(ds[0].message.contains("cuenta/cambio-titular"));
    }

    #[test]
    fn the_builtin_rubric_is_valid() {
        let r = Rubric::builtin();
        assert!(!r.version.is_empty());
        assert_eq!(r.sections.iter().map(|s| s.weight).sum::<u32>(), 100);
    }
}
