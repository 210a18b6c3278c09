//! `apunte train score ID [--rubric FILE] [--grader NAME] [--json]`: recomputes the
//! scorecard of a saved call (a mock call, or a real call: items that need a person
//! stay open), saves it beside the journal and prints it (Markdown, or the JSON).
//! `apunte train grade ID --grader NAME ITEM=POINTS… [--file FILE]`: records a grader's
//! points for the items a person scores, then scores the call again.
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{KnowledgeArgs, TrainGradeArgs, TrainScoreArgs};
use crate::commands::output::Out;
use crate::commands::sessions::find;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::i18n::Msg;
use crate::text::Lang;
use crate::training::grades::{self, BadGrade, GradeLine};
use crate::training::saved::{self, Options};
use crate::training::scorecard;

pub fn run_score(kb: &KnowledgeArgs, args: &TrainScoreArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let journal = find(lang, &setup.paths.data_dir, &args.id)?;
    let opts = Options {
        rubric: args.rubric.as_deref(),
        grader: args.grader.as_deref(),
    };
    score_and_print(&setup, &journal, &opts, lang, args.json)
}

fn score_and_print(
    setup: &Setup,
    journal: &Path,
    opts: &Options<'_>,
    lang: Lang,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let scored = saved::score_journal(journal, &setup.roots, opts)?;
    for w in &scored.warnings {
        eprintln!("apunte: {w}");
    }
    let (json_path, md_path) = scorecard::save(journal, &scored.card, lang)?;
    let mut out = Out::new();
    if json {
        out.text(&scored.card.to_json())?;
    } else {
        out.text(&scored.card.to_markdown(lang))?;
    }
    eprintln!(
        "{}",
        Msg::CliScoreSaved.fill(lang, &[&json_path.display(), &md_path.display()])
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run_grade(kb: &KnowledgeArgs, args: &TrainGradeArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let journal = find(lang, &setup.paths.data_dir, &args.id)?;
    let rubric = saved::rubric(&setup.roots, args.rubric.as_deref())?;
    let grader = args.grader.trim();
    if grader.is_empty() {
        anyhow::bail!(Msg::CliGraderEmpty.text(lang));
    }
    let mut given = args.grades.clone();
    if let Some(file) = &args.file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        given.extend(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>()),
        );
    }
    if given.is_empty() {
        anyhow::bail!(Msg::CliNoGrades.fill(lang, &[&manual_items(&rubric)]));
    }
    let parsed = grades::parse_args(&given, &rubric).map_err(|e| {
        anyhow::anyhow!(match e {
            BadGrade::Shape(arg) => Msg::CliGradeShape.fill(lang, &[&arg]),
            BadGrade::UnknownItem { arg, manual } => {
                Msg::CliGradeUnknown.fill(lang, &[&arg, &manual.join(", ")])
            }
            BadGrade::NotManual { arg, check } => {
                Msg::CliGradeNotManual.fill(lang, &[&arg, &check])
            }
            BadGrade::TooMany { arg, max } => Msg::CliGradeTooMany.fill(lang, &[&arg, &max]),
        })
    })?;
    let at = crate::conversation::journal::now();
    let lines: Vec<GradeLine> = parsed
        .into_iter()
        .map(|(item, points)| GradeLine {
            grader: grader.to_string(),
            item,
            points,
            at: at.clone(),
        })
        .collect();
    let path = grades::path_of(&journal);
    grades::append(&path, &lines)?;
    eprintln!(
        "{}",
        Msg::CliGraded.fill(lang, &[&lines.len(), &grader, &path.display()])
    );
    let opts = Options {
        rubric: args.rubric.as_deref(),
        grader: None,
    };
    score_and_print(&setup, &journal, &opts, lang, false)
}

fn manual_items(rubric: &crate::training::rubric::Rubric) -> String {
    rubric
        .items()
        .filter(|(_, i)| i.check == crate::training::rubric::CheckKind::Manual)
        .map(|(_, i)| format!("{}=0..{}", i.id, i.points))
        .collect::<Vec<_>>()
        .join(" ")
}
