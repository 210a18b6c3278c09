//! A saved call, scored: reads the journal and everything beside it (the manual grades,
//! the review comments), the knowledge roots' rubric, cue lexicon and the call's
//! scenario, and hands them to the pure [`score`]. Works the same for a mock call and
//! for a real call (no scenario: the items that need one are N/A, manual items stay
//! open until graded).
use std::path::{Path, PathBuf};

use super::grades;
use super::review;
use super::rubric::{Fact as FactGoal, Ref, Rubric};
use super::scenario::{self, Scenario, StepRef};
use super::score::{ArticleGoal, Expectations, Grade, Inputs, score};
use super::scorecard::{self, ReviewNote, Scorecard};
use super::timeline::Timeline;
use crate::assist::cues::Cues;
use crate::conversation::journal;
use crate::knowledge::{Diagnostic, Root};
use crate::text::Lang;

/// Why a call could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The rubric has errors (each with path:line).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Rubric(Vec<Diagnostic>),
}

/// What to score with.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// A rubric file instead of the roots' one.
    pub rubric: Option<&'a Path>,
    /// Whose manual grades count (default: the last grade given for each item).
    pub grader: Option<&'a str>,
}

/// A scored call and what was read around on the way (`path:line: problem`).
#[derive(Debug, Clone)]
pub struct Scored {
    pub card: Scorecard,
    pub warnings: Vec<String>,
}

/// The rubric to use: the given file, else the roots' (else the built-in one).
pub fn rubric(roots: &[Root], file: Option<&Path>) -> Result<Rubric, ScoreError> {
    match file {
        Some(f) => Rubric::load(f),
        None => Rubric::for_roots(roots),
    }
    .map_err(ScoreError::Rubric)
}

/// The roots' scenarios (first root wins for a repeated id); unreadable ones are left
/// out (`apunte check` reports them).
fn scenarios(roots: &[Root]) -> Vec<Scenario> {
    let dirs: Vec<PathBuf> = roots.iter().map(|r| r.dir.clone()).collect();
    scenario::load_all(&dirs).0
}

/// What a scenario's `[expect]`, role card and meta ask of a good call, as the scorer
/// reads it.
pub fn expectations_of(s: &Scenario) -> Expectations {
    let secs = |v: Option<u64>| v.map(|x| u32::try_from(x).unwrap_or(u32::MAX));
    let step = |r: &StepRef| match r {
        StepRef::Article(a) => Ref::Article(a.clone()),
        StepRef::Phrase(p) => Ref::Phrase(p.clone()),
        StepRef::Intent(i) => Ref::Intent(i.clone()),
    };
    Expectations {
        articles: s
            .expect
            .articles
            .iter()
            .map(|a| ArticleGoal {
                id: a.id.clone(),
                within_s: secs(a.within_s),
            })
            .collect(),
        order: s
            .expect
            .order
            .iter()
            .map(|o| (step(&o.before), step(&o.after)))
            .collect(),
        phrases: s.expect.phrases.clone(),
        avoid: s.expect.avoid.clone(),
        empathy: Some(s.expect.empathy),
        max_dead_air_s: secs(s.expect.max_dead_air_s),
        target_handle_s: secs(s.target_handle_s),
        facts: s
            .customer
            .facts
            .iter()
            .filter_map(|f| {
                f.ask.clone().map(|p| FactGoal {
                    // The label is what a person reads on the scorecard ("DNI").
                    id: if f.label.trim().is_empty() {
                        f.id.clone()
                    } else {
                        f.label.trim().to_string()
                    },
                    phrases: vec![p],
                    verify: f.verify,
                })
            })
            .collect(),
        intents: Default::default(),
    }
}

/// The scenario's expectations for a call (None for a real call, or when the scenario
/// file is not in the roots).
pub fn expectations(roots: &[Root], scenario: &str) -> Option<Expectations> {
    if scenario.is_empty() {
        return None;
    }
    scenarios(roots)
        .iter()
        .find(|s| s.id == scenario)
        .map(expectations_of)
}

/// The scenarios of the roots, as the report needs them (id and tags).
pub fn scenario_infos(roots: &[Root]) -> Vec<super::report::ScenarioInfo> {
    scenarios(roots)
        .into_iter()
        .map(|s| super::report::ScenarioInfo {
            id: s.id,
            tags: s.tags,
        })
        .collect()
}

/// The review comments beside a journal; damaged lines become warnings.
pub fn reviews(journal: &Path, warnings: &mut Vec<String>) -> Vec<ReviewNote> {
    match review::read(journal) {
        Ok((comments, damaged)) => {
            for w in damaged {
                warnings.push(format!(
                    "{}:{}: {}",
                    review::sidecar(journal).display(),
                    w.line,
                    w.message
                ));
            }
            comments
                .into_iter()
                .map(|c| ReviewNote {
                    turn: c.turn,
                    author: c.author,
                    text: c.text,
                    at: c.at,
                })
                .collect()
        }
        Err(e) => {
            warnings.push(format!("{}: {e}", review::sidecar(journal).display()));
            Vec::new()
        }
    }
}

/// Scores the call of a journal file.
pub fn score_journal(
    journal_path: &Path,
    roots: &[Root],
    opts: &Options<'_>,
) -> Result<Scored, ScoreError> {
    let rubric = rubric(roots, opts.rubric)?;
    let mut warnings = Vec::new();
    let (records, damaged) = journal::read(journal_path)?;
    for w in damaged {
        warnings.push(format!(
            "{}:{}: {}",
            journal_path.display(),
            w.line,
            w.message
        ));
    }
    let cues = Cues::load_roots(roots).unwrap_or_else(|e| {
        warnings.push(e.to_string());
        Cues::empty()
    });
    let timeline = Timeline::from_records(&records, &cues);
    let expect = expectations(roots, &timeline.scenario);
    let grades_path = grades::path_of(journal_path);
    let (lines, problems) = grades::read(&grades_path)?;
    for (line, p) in problems {
        warnings.push(format!("{}:{line}: {p}", grades_path.display()));
    }
    let grades: Vec<Grade> = lines.iter().map(grades::GradeLine::grade).collect();
    let reviews = reviews(journal_path, &mut warnings);
    let card = score(Inputs {
        rubric: &rubric,
        timeline: &timeline,
        expect: expect.as_ref(),
        grades: &grades,
        grader: opts.grader,
        reviews: &reviews,
    });
    Ok(Scored { card, warnings })
}

/// Scores a call and saves its scorecard beside the journal (JSON and Markdown in
/// `lang`): what the workspace does when a mock call ends.
pub fn score_call(
    journal_path: &Path,
    roots: &[Root],
    lang: Lang,
) -> Result<(Scored, PathBuf, PathBuf), ScoreError> {
    let scored = score_journal(journal_path, roots, &Options::default())?;
    let (json, md) = scorecard::save(journal_path, &scored.card, lang)?;
    Ok((scored, json, md))
}
