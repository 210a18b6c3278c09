//! A scored call: every item with its outcome and evidence (the turn and time where it
//! happened, or where it should have), the handle time against its target, the time to
//! the first relevant article, critical failures first, the rubric's version and
//! fingerprint, the reviewers' comments. Saved beside the journal as
//! `<stem>.scorecard.json` (language-neutral: both labels) and `<stem>.scorecard.md`
//! (in the interface language). Nothing in it depends on when or where it was computed,
//! so scoring a saved call again gives the same bytes.
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::timeline::clock;
use crate::i18n::Msg;
use crate::text::{Lang, sanitize};

/// The version of the scorecard's JSON shape.
pub const FORMAT: u32 = 1;

/// How an item came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    Partial,
    Missed,
    /// Removed from the numerator and the denominator (no opportunity, or a grader
    /// said N/A).
    NotApplicable,
    /// Waiting for a person to score it.
    Open,
}

impl Outcome {
    fn msg(self) -> Msg {
        match self {
            Outcome::Met => Msg::ScOutcomeMet,
            Outcome::Partial => Msg::ScOutcomePartial,
            Outcome::Missed => Msg::ScOutcomeMissed,
            Outcome::NotApplicable => Msg::ScOutcomeNa,
            Outcome::Open => Msg::ScOutcomeOpen,
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.msg().text(lang)
    }

    /// A one-character mark for lists (✓ ◐ ✗ – ?).
    pub fn mark(self) -> &'static str {
        match self {
            Outcome::Met => "✓",
            Outcome::Partial => "◐",
            Outcome::Missed => "✗",
            Outcome::NotApplicable => "–",
            Outcome::Open => "?",
        }
    }
}

/// What an item failed, when it was critical.
pub use super::rubric::Critical;

/// What the evidence says happened (or did not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Fact {
    Opened {
        article: String,
    },
    OpenedLate {
        article: String,
        limit_ms: i64,
    },
    NotOpened {
        article: String,
    },
    Said {
        phrase: String,
        text: String,
    },
    SaidLate {
        phrase: String,
        text: String,
    },
    NotSaid {
        phrase: String,
    },
    InOrder {
        before: String,
        after: String,
    },
    OutOfOrder {
        before: String,
        after: String,
    },
    StepMissing {
        before: String,
        after: String,
    },
    /// The step that had to come first, where it came (too late).
    StepLate {
        before: String,
    },
    NotReached {
        after: String,
    },
    Avoided {
        phrases: String,
    },
    Forbidden {
        phrase: String,
        text: String,
    },
    Cue {
        label_es: String,
        label_en: String,
    },
    EmpathyShown {
        phrase: String,
        text: String,
    },
    EmpathyMissing,
    NoCue,
    NoEmpathyNeeded,
    Silence {
        ms: i64,
        max_ms: i64,
    },
    Handle {
        ms: i64,
        target_ms: i64,
    },
    FirstArticle {
        article: String,
        ms: i64,
    },
    NoRelevantArticle,
    FactAsked {
        fact: String,
        text: String,
    },
    FactNotAsked {
        fact: String,
    },
    /// A fact to verify, asked only after the step it had to come before (or never,
    /// while that step happened): where the step came.
    FactNotVerified {
        fact: String,
        step: String,
    },
    Wrapup {
        disposition: String,
    },
    NoWrapup,
    Graded {
        grader: String,
        points: Option<u32>,
        max: u32,
    },
    NeedsPerson,
    NothingToCheck,
}

/// One piece of evidence: at which turn and time, what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub turn: usize,
    pub at_ms: i64,
    #[serde(flatten)]
    pub fact: Fact,
}

/// One scored item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemCard {
    pub id: String,
    pub label_es: String,
    pub label_en: String,
    pub check: String,
    pub points: u32,
    /// Points earned (None for N/A and open items).
    pub earned: Option<f64>,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<Critical>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bonus: bool,
    /// Whose grade counts, for a manual item.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub grader: String,
    pub evidence: Vec<Evidence>,
}

impl ItemCard {
    /// The label in a language.
    pub fn label(&self, lang: Lang) -> &str {
        pick(lang, &self.label_es, &self.label_en)
    }

    /// True when a critical item did not come out met.
    pub fn failed_critical(&self) -> bool {
        self.critical.is_some() && matches!(self.outcome, Outcome::Missed | Outcome::Partial)
    }
}

/// One scored section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionCard {
    pub id: String,
    pub label_es: String,
    pub label_en: String,
    pub weight: u32,
    /// Percent (None when every item was N/A or open).
    pub score: Option<f64>,
    pub earned: f64,
    /// Points of the scored items that are not bonus.
    pub possible: u32,
    /// A critical item of this section (or of the call) failed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub critical_failed: bool,
    pub items: Vec<ItemCard>,
}

impl SectionCard {
    pub fn label(&self, lang: Lang) -> &str {
        pick(lang, &self.label_es, &self.label_en)
    }
}

/// A critical item that failed, listed first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalFailure {
    pub section: String,
    pub item: String,
    pub label_es: String,
    pub label_en: String,
    pub critical: Critical,
    pub evidence: Vec<Evidence>,
}

/// A reviewer's comment anchored to a turn (`<stem>.review.jsonl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewNote {
    pub turn: usize,
    pub author: String,
    pub text: String,
    #[serde(default)]
    pub at: String,
}

/// Which rubric scored the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricInfo {
    pub version: String,
    /// The file name (`rubric.toml`, `built-in`).
    pub file: String,
    pub fingerprint: String,
    pub title_es: String,
    pub title_en: String,
    pub pass: u32,
}

/// The band a score falls in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandInfo {
    pub min: u32,
    pub label_es: String,
    pub label_en: String,
}

/// Handle time against its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandleInfo {
    pub ms: i64,
    pub target_ms: Option<i64>,
}

/// When the first relevant article was opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleAt {
    pub article: String,
    pub ms: i64,
    pub turn: usize,
}

/// What a line of [`Scorecard::outline`] is, for its style on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Heading,
    Meta,
    Good,
    Bad,
    Item,
    Evidence,
    Blank,
}

/// One line of a scorecard on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineLine {
    pub kind: LineKind,
    pub text: String,
}

/// A scored call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub format: u32,
    pub session: String,
    /// `live` or `training`.
    pub mode: String,
    #[serde(default)]
    pub scenario: String,
    #[serde(default)]
    pub trainee: String,
    #[serde(default)]
    pub agent: String,
    /// The call's first record time.
    pub started: String,
    pub rubric: RubricInfo,
    /// Percent, one decimal (None when nothing could be scored).
    pub score: Option<f64>,
    pub passed: bool,
    /// A call-critical item failed.
    pub auto_failed: bool,
    /// Items wait for a person: the score is not final.
    pub provisional: bool,
    pub band: Option<BandInfo>,
    pub handle: HandleInfo,
    pub first_article: Option<ArticleAt>,
    pub critical_failures: Vec<CriticalFailure>,
    pub sections: Vec<SectionCard>,
    pub reviews: Vec<ReviewNote>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn pick<'a>(lang: Lang, es: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Es if !es.is_empty() => es,
        Lang::En if !en.is_empty() => en,
        _ if es.is_empty() => en,
        _ => es,
    }
}

/// `85.0 %`, or `—` for no score.
pub fn percent(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_string(), |s| format!("{s:.1} %"))
}

/// Points as shown: whole numbers without decimals.
pub fn points(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

impl Scorecard {
    /// The band's label in a language.
    pub fn band_label(&self, lang: Lang) -> Option<&str> {
        self.band
            .as_ref()
            .map(|b| pick(lang, &b.label_es, &b.label_en))
    }

    /// The rubric's title in a language.
    pub fn rubric_title(&self, lang: Lang) -> &str {
        pick(lang, &self.rubric.title_es, &self.rubric.title_en)
    }

    /// The verdict line: `85.0 % — Good — passed (pass mark 80 %)`.
    pub fn verdict(&self, lang: Lang) -> String {
        let verdict = if self.auto_failed {
            Msg::ScAutoFailed
        } else if self.provisional && !self.passed {
            Msg::ScProvisional
        } else if self.passed {
            Msg::ScPassed
        } else {
            Msg::ScFailed
        };
        let mut out = percent(self.score);
        if let Some(b) = self.band_label(lang) {
            out.push_str(" — ");
            out.push_str(b);
        }
        out.push_str(" — ");
        out.push_str(&verdict.fill(lang, &[&self.rubric.pass]));
        if self.provisional && (self.passed || self.auto_failed) {
            out.push_str(" — ");
            out.push_str(&Msg::ScProvisional.fill(lang, &[&self.rubric.pass]));
        }
        out
    }

    /// Handle time against target: `6:12 / 8:00`.
    pub fn handle_line(&self, lang: Lang) -> String {
        match self.handle.target_ms {
            Some(t) => Msg::ScHandleTarget.fill(lang, &[&clock(self.handle.ms), &clock(t)]),
            None => Msg::ScHandleNoTarget.fill(lang, &[&clock(self.handle.ms)]),
        }
    }

    /// Time to the first relevant article.
    pub fn first_article_line(&self, lang: Lang) -> String {
        match &self.first_article {
            Some(a) => {
                Msg::ScFirstArticle.fill(lang, &[&clock(a.ms), &sanitize(&a.article), &a.turn])
            }
            None => Msg::ScNoFirstArticle.text(lang).to_string(),
        }
    }

    /// The scorecard as lines for the screen, in a language: the verdict, critical
    /// failures first, then each section with its items and their evidence, then the
    /// review comments. Terminal-safe.
    pub fn outline(&self, lang: Lang) -> Vec<OutlineLine> {
        let m = |msg: Msg| msg.text(lang);
        let mut out = Vec::new();
        let mut push = |kind: LineKind, text: String| out.push(OutlineLine { kind, text });
        let verdict = if self.auto_failed || (!self.passed && !self.provisional) {
            LineKind::Bad
        } else if self.passed {
            LineKind::Good
        } else {
            LineKind::Meta
        };
        push(verdict, self.verdict(lang));
        push(
            LineKind::Meta,
            format!("{}: {}", m(Msg::ScHandle), self.handle_line(lang)),
        );
        push(
            LineKind::Meta,
            format!(
                "{}: {}",
                m(Msg::ScFirstArticleLabel),
                self.first_article_line(lang)
            ),
        );
        let mut who = Vec::new();
        if !self.scenario.is_empty() {
            who.push(format!(
                "{}: {}",
                m(Msg::ScScenario),
                sanitize(&self.scenario)
            ));
        }
        if !self.trainee.is_empty() {
            who.push(format!(
                "{}: {}",
                m(Msg::ScTrainee),
                sanitize(&self.trainee)
            ));
        }
        who.push(format!(
            "{}: {} {}",
            m(Msg::ScRubric),
            m(Msg::ScVersion),
            sanitize(&self.rubric.version)
        ));
        push(LineKind::Meta, who.join(" · "));
        if !self.critical_failures.is_empty() {
            push(LineKind::Blank, String::new());
            push(LineKind::Heading, m(Msg::ScCriticalFailures).to_string());
            for c in &self.critical_failures {
                let scope = match c.critical {
                    Critical::Call => m(Msg::ScCriticalCall),
                    Critical::Section => m(Msg::ScCriticalSection),
                };
                push(
                    LineKind::Bad,
                    format!(
                        "✗ {} ({scope})",
                        sanitize(pick(lang, &c.label_es, &c.label_en))
                    ),
                );
                for e in &c.evidence {
                    push(
                        LineKind::Evidence,
                        format!("    {}", evidence_line(e, lang)),
                    );
                }
            }
        }
        for s in &self.sections {
            push(LineKind::Blank, String::new());
            push(
                LineKind::Heading,
                format!(
                    "{} — {} ({} {} %)",
                    sanitize(s.label(lang)),
                    percent(s.score),
                    m(Msg::ScWeight),
                    s.weight
                ),
            );
            for i in &s.items {
                let earned = i.earned.map_or_else(|| "—".to_string(), points);
                let kind = match i.outcome {
                    Outcome::Met => LineKind::Good,
                    Outcome::Missed | Outcome::Partial if i.critical.is_some() => LineKind::Bad,
                    Outcome::Missed => LineKind::Bad,
                    _ => LineKind::Item,
                };
                let bonus = if i.bonus {
                    format!(" · {}", m(Msg::ScBonus))
                } else {
                    String::new()
                };
                push(
                    kind,
                    format!(
                        "{} {} — {earned}/{} · {}{bonus}",
                        i.outcome.mark(),
                        sanitize(i.label(lang)),
                        i.points,
                        i.outcome.label(lang)
                    ),
                );
                for e in &i.evidence {
                    push(
                        LineKind::Evidence,
                        format!("    {}", evidence_line(e, lang)),
                    );
                }
            }
        }
        if !self.reviews.is_empty() {
            push(LineKind::Blank, String::new());
            push(LineKind::Heading, m(Msg::ScReviews).to_string());
            for r in &self.reviews {
                push(
                    LineKind::Item,
                    format!(
                        "{} {} — {}: {}",
                        m(Msg::ScTurn),
                        r.turn,
                        sanitize(&r.author),
                        sanitize(&r.text).replace(['\n', '\r'], " ")
                    ),
                );
            }
        }
        out
    }

    /// The JSON file's text (pretty, a newline at the end).
    pub fn to_json(&self) -> String {
        crate::text::json_pretty_safe(self)
    }

    /// The Markdown export in a language.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let mut md = String::new();
        let m = |msg: Msg| msg.text(lang);
        md.push_str(&format!(
            "# {} — {}\n\n",
            m(Msg::ScTitle),
            md_text(&self.session)
        ));
        let mut meta = Vec::new();
        if !self.scenario.is_empty() {
            meta.push((m(Msg::ScScenario), md_text(&self.scenario)));
        }
        if !self.trainee.is_empty() {
            meta.push((m(Msg::ScTrainee), md_text(&self.trainee)));
        }
        meta.push((m(Msg::SessStarted), md_text(&self.started)));
        meta.push((
            m(Msg::ScRubric),
            format!(
                "{} ({} {}, {}, {})",
                md_text(self.rubric_title(lang)),
                m(Msg::ScVersion),
                md_text(&self.rubric.version),
                md_text(&self.rubric.file),
                self.rubric.fingerprint
            ),
        ));
        meta.push((m(Msg::ScScore), self.verdict(lang)));
        meta.push((m(Msg::ScHandle), self.handle_line(lang)));
        meta.push((m(Msg::ScFirstArticleLabel), self.first_article_line(lang)));
        for (k, v) in meta {
            md.push_str(&format!("- **{k}:** {v}\n"));
        }
        if !self.critical_failures.is_empty() {
            md.push_str(&format!("\n## {}\n\n", m(Msg::ScCriticalFailures)));
            for c in &self.critical_failures {
                let scope = match c.critical {
                    Critical::Call => m(Msg::ScCriticalCall),
                    Critical::Section => m(Msg::ScCriticalSection),
                };
                md.push_str(&format!(
                    "- ✗ **{}** ({scope})\n",
                    md_text(pick(lang, &c.label_es, &c.label_en))
                ));
                for e in &c.evidence {
                    md.push_str(&format!("  - {}\n", evidence_line(e, lang)));
                }
            }
        }
        for s in &self.sections {
            md.push_str(&format!(
                "\n## {} — {} ({} {} %)\n\n",
                md_text(s.label(lang)),
                percent(s.score),
                m(Msg::ScWeight),
                s.weight
            ));
            for i in &s.items {
                let earned = i.earned.map_or_else(|| "—".to_string(), points);
                let mut tags = String::new();
                if i.bonus {
                    tags.push_str(&format!(" · {}", m(Msg::ScBonus)));
                }
                if let Some(c) = i.critical {
                    tags.push_str(&format!(
                        " · {}",
                        match c {
                            Critical::Call => m(Msg::ScCriticalCall),
                            Critical::Section => m(Msg::ScCriticalSection),
                        }
                    ));
                }
                md.push_str(&format!(
                    "- {} **{}** — {}/{} · {}{tags}\n",
                    i.outcome.mark(),
                    md_text(i.label(lang)),
                    earned,
                    i.points,
                    i.outcome.label(lang)
                ));
                for e in &i.evidence {
                    md.push_str(&format!("  - {}\n", evidence_line(e, lang)));
                }
            }
        }
        if !self.reviews.is_empty() {
            md.push_str(&format!("\n## {}\n\n", m(Msg::ScReviews)));
            for r in &self.reviews {
                md.push_str(&format!(
                    "- {} {} — **{}:** {}\n",
                    m(Msg::ScTurn),
                    r.turn,
                    md_text(&r.author),
                    md_text(&r.text)
                ));
            }
        }
        md
    }
}

/// Text for Markdown: terminal-safe, one line, Markdown's active characters escaped.
fn md_text(s: &str) -> String {
    let clean = sanitize(s).replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `turn 4 · 1:02 · opened facturacion/cargo-duplicado`.
pub fn evidence_line(e: &Evidence, lang: Lang) -> String {
    format!(
        "{} {} · {} · {}",
        Msg::ScTurn.text(lang),
        e.turn,
        clock(e.at_ms),
        fact_text(&e.fact, lang)
    )
}

/// What a piece of evidence says, in a language (terminal-safe).
pub fn fact_text(f: &Fact, lang: Lang) -> String {
    let q = |s: &str| format!("“{}”", sanitize(s));
    let t = |s: &str| sanitize(s).into_owned();
    match f {
        Fact::Opened { article } => Msg::EvOpened.fill(lang, &[&t(article)]),
        Fact::OpenedLate { article, limit_ms } => {
            Msg::EvOpenedLate.fill(lang, &[&t(article), &clock(*limit_ms)])
        }
        Fact::NotOpened { article } => Msg::EvNotOpened.fill(lang, &[&t(article)]),
        Fact::Said { phrase, text } => Msg::EvSaid.fill(lang, &[&q(phrase), &q(text)]),
        Fact::SaidLate { phrase, text } => Msg::EvSaidLate.fill(lang, &[&q(phrase), &q(text)]),
        Fact::NotSaid { phrase } => Msg::EvNotSaid.fill(lang, &[&q(phrase)]),
        Fact::InOrder { before, after } => Msg::EvInOrder.fill(lang, &[&t(before), &t(after)]),
        Fact::OutOfOrder { before, after } => {
            Msg::EvOutOfOrder.fill(lang, &[&t(after), &t(before)])
        }
        Fact::StepLate { before } => Msg::EvStepLate.fill(lang, &[&t(before)]),
        Fact::StepMissing { before, after } => {
            Msg::EvStepMissing.fill(lang, &[&t(after), &t(before)])
        }
        Fact::NotReached { after } => Msg::EvNotReached.fill(lang, &[&t(after)]),
        Fact::Avoided { phrases } => Msg::EvAvoided.fill(lang, &[&t(phrases)]),
        Fact::Forbidden { phrase, text } => Msg::EvForbidden.fill(lang, &[&q(phrase), &q(text)]),
        Fact::Cue { label_es, label_en } => {
            Msg::EvCue.fill(lang, &[&t(pick(lang, label_es, label_en))])
        }
        Fact::EmpathyShown { phrase, text } => {
            Msg::EvEmpathyShown.fill(lang, &[&q(phrase), &q(text)])
        }
        Fact::EmpathyMissing => Msg::EvEmpathyMissing.text(lang).to_string(),
        Fact::NoCue => Msg::EvNoCue.text(lang).to_string(),
        Fact::NoEmpathyNeeded => Msg::EvNoEmpathyNeeded.text(lang).to_string(),
        Fact::Silence { ms, max_ms } => Msg::EvSilence.fill(lang, &[&clock(*ms), &clock(*max_ms)]),
        Fact::Handle { ms, target_ms } => {
            Msg::EvHandle.fill(lang, &[&clock(*ms), &clock(*target_ms)])
        }
        Fact::FirstArticle { article, ms } => {
            Msg::EvFirstArticle.fill(lang, &[&t(article), &clock(*ms)])
        }
        Fact::NoRelevantArticle => Msg::EvNoRelevantArticle.text(lang).to_string(),
        Fact::FactAsked { fact, text } => Msg::EvFactAsked.fill(lang, &[&t(fact), &q(text)]),
        Fact::FactNotAsked { fact } => Msg::EvFactNotAsked.fill(lang, &[&t(fact)]),
        Fact::FactNotVerified { fact, step } => {
            Msg::EvFactNotVerified.fill(lang, &[&t(fact), &t(step)])
        }
        Fact::Wrapup { disposition } => {
            let name = match disposition.as_str() {
                "resolved" => Msg::DispResolved.text(lang),
                "escalated" => Msg::DispEscalated.text(lang),
                "callback" => Msg::DispCallback.text(lang),
                "other" => Msg::DispOther.text(lang),
                other => other,
            };
            Msg::EvWrapup.fill(lang, &[&t(name)])
        }
        Fact::NoWrapup => Msg::EvNoWrapup.text(lang).to_string(),
        Fact::Graded {
            grader,
            points,
            max,
        } => match points {
            Some(p) => Msg::EvGraded.fill(lang, &[&t(grader), p, max]),
            None => Msg::EvGradedNa.fill(lang, &[&t(grader)]),
        },
        Fact::NeedsPerson => Msg::EvNeedsPerson.text(lang).to_string(),
        Fact::NothingToCheck => Msg::EvNothingToCheck.text(lang).to_string(),
    }
}

/// `<dir>/<stem>.<suffix>` beside a journal.
pub fn sidecar(journal: &Path, suffix: &str) -> PathBuf {
    let stem = journal
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    journal.with_file_name(format!("{stem}.{suffix}"))
}

/// Writes `<stem>.scorecard.json` and `<stem>.scorecard.md` beside the journal (each
/// through a temporary file renamed into place, readable by the owner only).
pub fn save(journal: &Path, card: &Scorecard, lang: Lang) -> std::io::Result<(PathBuf, PathBuf)> {
    let json = sidecar(journal, "scorecard.json");
    let md = sidecar(journal, "scorecard.md");
    write_atomic(&json, card.to_json().as_bytes())?;
    write_atomic(&md, card.to_markdown(lang).as_bytes())?;
    Ok((json, md))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let result = (|| {
        let _ = std::fs::remove_file(&tmp);
        let mut f = crate::private::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_data()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
}
