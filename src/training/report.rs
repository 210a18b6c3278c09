//! The training report: per trainee, attempts and best/last score per scenario, the
//! trend, certification status from `scenarios/certification.toml`, and, when two
//! graders scored the same call's manual items, their agreement per item (percent
//! agreement and Cohen's κ).
//!
//! ```toml
//! version = "2026-12"
//! coached_first_attempt = true   # the first attempt at each scenario is coached: unscored
//!
//! [[certification]]
//! id = "billing"
//! label_es = "Facturación"
//! label_en = "Billing"
//! tag = "billing"          # the scenarios with this tag (or: scenarios = ["a", "b"])
//! required = 4             # how many of them
//! min_score = 85           # at this score or more (percent), passed, nothing left open
//! ```
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::grades::GradeLine;
use super::rubric::DIR;
use super::scorecard::Scorecard;
use crate::i18n::Msg;
use crate::knowledge::{Diagnostic, Severity};
use crate::text::{Lang, line_of, sanitize};

/// The certification file's name in a root's `scenarios/`.
pub const CERTIFICATION_FILE: &str = "certification.toml";

/// One certification rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certification {
    pub id: String,
    pub label_es: String,
    pub label_en: String,
    /// The scenarios with this tag count…
    pub tag: Option<String>,
    /// …or these scenarios.
    pub scenarios: Vec<String>,
    pub required: usize,
    pub min_score: u32,
    pub line: usize,
}

/// The certification file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Certifications {
    pub version: String,
    /// The first attempt at each scenario is coached and not scored.
    pub coached_first_attempt: bool,
    pub rules: Vec<Certification>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    version: String,
    #[serde(default)]
    coached_first_attempt: bool,
    #[serde(default)]
    certification: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    #[serde(default)]
    label_es: String,
    #[serde(default)]
    label_en: String,
    tag: Option<String>,
    #[serde(default)]
    scenarios: Vec<String>,
    required: Spanned<i64>,
    min_score: Spanned<i64>,
}

/// A scenario as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioInfo {
    pub id: String,
    pub tags: Vec<String>,
}

impl Certifications {
    /// Parses the file; every problem comes back with its line.
    pub fn parse(path: &Path, text: &str) -> Result<Certifications, Vec<Diagnostic>> {
        let diag = |offset: usize, message: String| Diagnostic {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            severity: Severity::Error,
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            vec![diag(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )]
        })?;
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        let mut ids = BTreeSet::new();
        for r in &raw.certification {
            let at = r.span().start;
            let r = r.get_ref();
            let id = r.id.trim().to_string();
            if id.is_empty() || !ids.insert(id.clone()) {
                problems.push(diag(
                    at,
                    format!("certification `{id}`: give each an id of its own"),
                ));
            }
            if r.label_es.trim().is_empty() || r.label_en.trim().is_empty() {
                problems.push(diag(
                    at,
                    format!("certification `{id}` needs label_es and label_en"),
                ));
            }
            let tag = r
                .tag
                .as_ref()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty());
            if tag.is_some() != r.scenarios.is_empty() {
                problems.push(diag(
                    at,
                    format!("certification `{id}`: give either a tag or a list of scenarios"),
                ));
            }
            let required = match usize::try_from(*r.required.get_ref()) {
                Ok(n) if n >= 1 => n,
                _ => {
                    problems.push(diag(
                        r.required.span().start,
                        format!(
                            "certification `{id}`: required = {} must be 1 or more",
                            r.required.get_ref()
                        ),
                    ));
                    1
                }
            };
            if !r.scenarios.is_empty() && required > r.scenarios.len() {
                problems.push(diag(
                    r.required.span().start,
                    format!(
                        "certification `{id}`: required = {required} but only {} scenarios are listed",
                        r.scenarios.len()
                    ),
                ));
            }
            let min_score = match u32::try_from(*r.min_score.get_ref()) {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    problems.push(diag(
                        r.min_score.span().start,
                        format!(
                            "certification `{id}`: min_score = {} is a percent from 1 to 100",
                            r.min_score.get_ref()
                        ),
                    ));
                    100
                }
            };
            rules.push(Certification {
                id,
                label_es: r.label_es.trim().to_string(),
                label_en: r.label_en.trim().to_string(),
                tag,
                scenarios: r.scenarios.iter().map(|s| s.trim().to_string()).collect(),
                required,
                min_score,
                line: line_of(text, at),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Certifications {
            version: raw.version.trim().to_string(),
            coached_first_attempt: raw.coached_first_attempt,
            rules,
        })
    }

    /// Reads the first root's `scenarios/certification.toml`; none anywhere is no rules.
    pub fn for_root_dirs(dirs: &[&Path]) -> Result<Certifications, Vec<Diagnostic>> {
        for d in dirs {
            let path = d.join(DIR).join(CERTIFICATION_FILE);
            if path.is_file() {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    vec![Diagnostic {
                        path: path.clone(),
                        line: 0,
                        severity: Severity::Error,
                        message: format!("cannot read: {e}"),
                    }]
                })?;
                return Certifications::parse(&path, &text);
            }
        }
        Ok(Certifications::default())
    }

    /// Warnings for `apunte check`: scenarios listed that do not exist, tags no scenario
    /// has, more required than there are scenarios.
    pub fn lint(&self, path: &Path, scenarios: &[ScenarioInfo]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let warn = |line: usize, message: String| Diagnostic {
            path: path.to_path_buf(),
            line,
            severity: Severity::Warning,
            message,
        };
        for r in &self.rules {
            for s in &r.scenarios {
                if !scenarios.iter().any(|x| &x.id == s) {
                    out.push(warn(
                        r.line,
                        format!(
                            "certification `{}` lists the scenario `{s}`, which does not exist",
                            r.id
                        ),
                    ));
                }
            }
            let of = r.members(scenarios).len();
            if r.tag.is_some() && of < r.required {
                out.push(warn(
                    r.line,
                    format!(
                        "certification `{}` needs {} scenarios but only {of} have the tag `{}`",
                        r.id,
                        r.required,
                        r.tag.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
        out
    }
}

impl Certification {
    /// The scenario ids the rule counts.
    pub fn members(&self, scenarios: &[ScenarioInfo]) -> Vec<String> {
        match &self.tag {
            Some(t) => scenarios
                .iter()
                .filter(|s| s.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
                .map(|s| s.id.clone())
                .collect(),
            None => self.scenarios.clone(),
        }
    }

    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.label_es,
            Lang::En => &self.label_en,
        }
    }
}

/// One scored mock call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub session: String,
    pub scenario: String,
    pub trainee: String,
    pub started: String,
    pub score: Option<f64>,
    pub passed: bool,
    pub auto_failed: bool,
    pub provisional: bool,
    /// The coached first attempt (not scored).
    pub coached: bool,
}

impl Attempt {
    pub fn of(card: &Scorecard) -> Attempt {
        Attempt {
            session: card.session.clone(),
            scenario: card.scenario.clone(),
            trainee: card.trainee.clone(),
            started: card.started.clone(),
            score: card.score,
            passed: card.passed,
            auto_failed: card.auto_failed,
            provisional: card.provisional,
            coached: false,
        }
    }

    /// The score when it counts (not coached, not open to a person).
    fn counted(&self) -> Option<f64> {
        if self.coached { None } else { self.score }
    }
}

/// A trainee's attempts at one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioProgress {
    pub scenario: String,
    pub attempts: usize,
    pub best: Option<f64>,
    pub last: Option<f64>,
    /// Last scored attempt minus the first one (points).
    pub trend: Option<f64>,
}

/// Where a trainee stands on one certification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertStatus {
    pub id: String,
    pub label_es: String,
    pub label_en: String,
    /// Scenarios passed at the minimum score.
    pub met: Vec<String>,
    pub required: usize,
    /// Scenarios the rule counts.
    pub of: usize,
    pub min_score: u32,
    pub certified: bool,
}

/// One trainee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraineeReport {
    pub trainee: String,
    pub attempts: usize,
    pub scenarios: Vec<ScenarioProgress>,
    /// Every counted score in time order.
    pub scores: Vec<f64>,
    pub trend: Option<f64>,
    pub certifications: Vec<CertStatus>,
}

/// How two graders agree on one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub item: String,
    pub grader_a: String,
    pub grader_b: String,
    /// Calls both graded.
    pub calls: usize,
    /// Percent of those calls where they gave the same points (N/A included).
    pub percent: f64,
    /// Cohen's κ (None when chance agreement is total: one value only).
    pub kappa: Option<f64>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub trainees: Vec<TraineeReport>,
    pub agreement: Vec<Agreement>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Builds the report. `attempts` in any order (sorted by start time here); `grades`:
/// each call's grade lines.
pub fn build(
    attempts: &[Attempt],
    scenarios: &[ScenarioInfo],
    certs: &Certifications,
    grades: &[(String, Vec<GradeLine>)],
    trainee: Option<&str>,
) -> Report {
    let mut sorted: Vec<Attempt> = attempts
        .iter()
        .filter(|a| trainee.is_none_or(|t| a.trainee == t))
        .cloned()
        .collect();
    sorted.sort_by(|a, b| (&a.started, &a.session).cmp(&(&b.started, &b.session)));
    if certs.coached_first_attempt {
        let mut seen = BTreeSet::new();
        for a in &mut sorted {
            a.coached = seen.insert((a.trainee.clone(), a.scenario.clone()));
        }
    }
    let mut by_trainee: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for a in &sorted {
        by_trainee.entry(&a.trainee).or_default().push(a);
    }
    let trainees = by_trainee
        .into_iter()
        .map(|(name, list)| {
            let mut per: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
            for a in &list {
                per.entry(&a.scenario).or_default().push(a);
            }
            let progress: Vec<ScenarioProgress> = per
                .iter()
                .map(|(s, l)| {
                    let scores: Vec<f64> = l.iter().filter_map(|a| a.counted()).collect();
                    ScenarioProgress {
                        scenario: s.to_string(),
                        attempts: l.len(),
                        best: scores.iter().copied().reduce(f64::max),
                        last: scores.last().copied(),
                        trend: trend(&scores),
                    }
                })
                .collect();
            let scores: Vec<f64> = list.iter().filter_map(|a| a.counted()).collect();
            let certifications = certs
                .rules
                .iter()
                .map(|r| {
                    let members = r.members(scenarios);
                    let met: Vec<String> = members
                        .iter()
                        .filter(|m| {
                            per.get(m.as_str()).is_some_and(|l| {
                                l.iter().any(|a| {
                                    !a.coached
                                        && a.passed
                                        && !a.provisional
                                        && a.score.is_some_and(|s| s >= f64::from(r.min_score))
                                })
                            })
                        })
                        .cloned()
                        .collect();
                    CertStatus {
                        id: r.id.clone(),
                        label_es: r.label_es.clone(),
                        label_en: r.label_en.clone(),
                        certified: met.len() >= r.required,
                        met,
                        required: r.required,
                        of: members.len(),
                        min_score: r.min_score,
                    }
                })
                .collect();
            TraineeReport {
                trainee: name.to_string(),
                attempts: list.len(),
                scenarios: progress,
                trend: trend(&scores),
                scores,
                certifications,
            }
        })
        .collect();
    let calls: BTreeSet<&str> = sorted.iter().map(|a| a.session.as_str()).collect();
    let grades: Vec<(String, Vec<GradeLine>)> = grades
        .iter()
        .filter(|(s, _)| trainee.is_none() || calls.contains(s.as_str()))
        .cloned()
        .collect();
    Report {
        trainees,
        agreement: agreement(&grades),
    }
}

fn trend(scores: &[f64]) -> Option<f64> {
    match scores {
        [first, .., last] => Some(round1(last - first)),
        _ => None,
    }
}

/// Percent agreement and Cohen's κ per item and pair of graders, over the calls both
/// graded (each grader's last grade of the item on that call).
pub fn agreement(grades: &[(String, Vec<GradeLine>)]) -> Vec<Agreement> {
    // (item, grader) → call → points.
    let mut given: BTreeMap<(String, String), BTreeMap<String, Option<u32>>> = BTreeMap::new();
    for (call, lines) in grades {
        for g in lines {
            given
                .entry((g.item.clone(), g.grader.clone()))
                .or_default()
                .insert(call.clone(), g.points);
        }
    }
    let items: BTreeSet<&String> = given.keys().map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for item in items {
        let graders: Vec<&String> = given
            .keys()
            .filter(|(i, _)| i == item)
            .map(|(_, g)| g)
            .collect();
        for (k, a) in graders.iter().enumerate() {
            for b in &graders[k + 1..] {
                let ga = &given[&(item.clone(), (*a).clone())];
                let gb = &given[&(item.clone(), (*b).clone())];
                let pairs: Vec<(Option<u32>, Option<u32>)> = ga
                    .iter()
                    .filter_map(|(call, va)| gb.get(call).map(|vb| (*va, *vb)))
                    .collect();
                if pairs.is_empty() {
                    continue;
                }
                let (percent, kappa) = cohen(&pairs);
                out.push(Agreement {
                    item: item.clone(),
                    grader_a: (*a).clone(),
                    grader_b: (*b).clone(),
                    calls: pairs.len(),
                    percent: round1(percent * 100.0),
                    kappa: kappa.map(|k| (k * 1000.0).round() / 1000.0),
                });
            }
        }
    }
    out
}

/// (observed agreement, Cohen's κ) of paired ratings; κ is None when the chance
/// agreement is 1 (both always gave the same single value).
pub fn cohen<T: Ord + Copy>(pairs: &[(T, T)]) -> (f64, Option<f64>) {
    let n = pairs.len() as f64;
    if pairs.is_empty() {
        return (0.0, None);
    }
    let po = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let mut ca: BTreeMap<T, f64> = BTreeMap::new();
    let mut cb: BTreeMap<T, f64> = BTreeMap::new();
    for (a, b) in pairs {
        *ca.entry(*a).or_default() += 1.0;
        *cb.entry(*b).or_default() += 1.0;
    }
    let pe: f64 = ca
        .iter()
        .map(|(k, na)| na / n * cb.get(k).copied().unwrap_or(0.0) / n)
        .sum();
    if (1.0 - pe).abs() < 1e-12 {
        return (po, None);
    }
    (po, Some((po - pe) / (1.0 - pe)))
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{v:.1}"))
}

fn signed(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{v:+.1}"))
}

impl Report {
    /// The report as text in a language (terminal-safe).
    pub fn to_text(&self, lang: Lang) -> String {
        let m = |msg: Msg| msg.text(lang);
        let mut out = String::new();
        if self.trainees.is_empty() {
            out.push_str(m(Msg::RpNoAttempts));
            out.push('\n');
        }
        for t in &self.trainees {
            out.push_str(&Msg::RpTrainee.fill(
                lang,
                &[&sanitize(&t.trainee), &t.attempts, &signed(t.trend)],
            ));
            out.push('\n');
            out.push_str(&format!(
                "  {:<32} {:>8} {:>7} {:>7} {:>7}\n",
                m(Msg::RpScenario),
                m(Msg::RpAttempts),
                m(Msg::RpBest),
                m(Msg::RpLast),
                m(Msg::RpTrend)
            ));
            for s in &t.scenarios {
                out.push_str(&format!(
                    "  {:<32} {:>8} {:>7} {:>7} {:>7}\n",
                    sanitize(&s.scenario),
                    s.attempts,
                    num(s.best),
                    num(s.last),
                    signed(s.trend)
                ));
            }
            for c in &t.certifications {
                let status = if c.certified {
                    m(Msg::RpCertified)
                } else {
                    m(Msg::RpNotCertified)
                };
                out.push_str(&format!(
                    "  {}\n",
                    Msg::RpCertLine.fill(
                        lang,
                        &[
                            &sanitize(match lang {
                                Lang::Es => &c.label_es,
                                Lang::En => &c.label_en,
                            }),
                            &status,
                            &c.met.len(),
                            &c.required,
                            &c.of,
                            &c.min_score
                        ]
                    )
                ));
            }
            out.push('\n');
        }
        if !self.agreement.is_empty() {
            out.push_str(m(Msg::RpAgreement));
            out.push('\n');
            for a in &self.agreement {
                out.push_str(&format!(
                    "  {}\n",
                    Msg::RpAgreementLine.fill(
                        lang,
                        &[
                            &sanitize(&a.item),
                            &sanitize(&a.grader_a),
                            &sanitize(&a.grader_b),
                            &a.calls,
                            &format!("{:.1}", a.percent),
                            &a.kappa
                                .map_or_else(|| "—".to_string(), |k| format!("{k:.3}"))
                        ]
                    )
                ));
            }
        }
        out
    }

    /// The report as JSON (pretty, a newline at the end).
    pub fn to_json(&self) -> String {
        crate::text::json_pretty_safe(self)
    }

    /// The report as CSV: one row per trainee and scenario, per trainee and
    /// certification, and per item and pair of graders.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "kind,trainee,name,attempts,best,last,trend,certified,met,required,of,grader_a,grader_b,calls,percent,kappa\n",
        );
        let f = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v:.1}"));
        for t in &self.trainees {
            for s in &t.scenarios {
                out.push_str(&format!(
                    "scenario,{},{},{},{},{},{},,,,,,,,,\n",
                    csv(&t.trainee),
                    csv(&s.scenario),
                    s.attempts,
                    f(s.best),
                    f(s.last),
                    f(s.trend)
                ));
            }
            for c in &t.certifications {
                out.push_str(&format!(
                    "certification,{},{},,,,,{},{},{},{},,,,,\n",
                    csv(&t.trainee),
                    csv(&c.id),
                    c.certified,
                    c.met.len(),
                    c.required,
                    c.of
                ));
            }
        }
        for a in &self.agreement {
            out.push_str(&format!(
                "agreement,,{},,,,,,,,,{},{},{},{:.1},{}\n",
                csv(&a.item),
                csv(&a.grader_a),
                csv(&a.grader_b),
                a.calls,
                a.percent,
                a.kappa.map_or_else(String::new, |k| format!("{k:.3}"))
            ));
        }
        out
    }
}

/// A CSV field ([`crate::text::csv_field`]).
fn csv(s: &str) -> String {
    crate::text::csv_field(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_of_known_tables() {
        // 2x2: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → po 0.7, pe 0.5, κ 0.4.
        let mut pairs = Vec::new();
        pairs.extend(std::iter::repeat_n((1, 1), 20));
        pairs.extend(std::iter::repeat_n((1, 0), 5));
        pairs.extend(std::iter::repeat_n((0, 1), 10));
        pairs.extend(std::iter::repeat_n((0, 0), 15));
        let (po, k) = cohen(&pairs);
        assert!((po - 0.7).abs() < 1e-9);
        assert!((k.unwrap() - 0.4).abs() < 1e-9);
        // One value only: chance agreement is total, κ undefined.
        assert_eq!(cohen(&[(3, 3), (3, 3)]), (1.0, None));
        // Perfect disagreement on two values.
        let (po, k) = cohen(&[(0, 1), (1, 0)]);
        assert_eq!(po, 0.0);
        assert!((k.unwrap() + 1.0).abs() < 1e-9);
    }

    #[test]
    fn certification_errors_have_lines() {
        let text = "[[certification]]\nid = \"b\"\nlabel_es = \"B\"\nlabel_en = \"B\"\ntag = \"billing\"\nrequired = 0\nmin_score = 85\n";
        let e = Certifications::parse(Path::new("c.toml"), text).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 6);
        assert!(e[0].message.contains("required = 0"));
        let both = text.replace("required = 0", "required = 1\nscenarios = [\"x\"]");
        let e = Certifications::parse(Path::new("c.toml"), &both).unwrap_err();
        assert!(e[0].message.contains("either a tag or a list"), "{e:?}");
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
