//! `apunte train report [--trainee NAME] [--json|--csv] [--rubric FILE]`: every mock
//! call in the journal folder scored again with the current rubric (scoring is
//! deterministic), gathered per trainee with the certification rules of
//! `scenarios/certification.toml`, and the graders' agreement on manual items (over
//! every graded call, real ones included).
use std::process::ExitCode;

use crate::cli::{KnowledgeArgs, TrainReportArgs};
use crate::commands::output::Out;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::conversation::journal::{self, Mode};
use crate::training::grades;
use crate::training::report::{self, Attempt, Certifications};
use crate::training::saved::{self, Options};

pub fn run(kb: &KnowledgeArgs, args: &TrainReportArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let dirs: Vec<&std::path::Path> = setup.roots.iter().map(|r| r.dir.as_path()).collect();
    let certs = Certifications::for_root_dirs(&dirs).map_err(|ds| {
        anyhow::anyhow!(
            ds.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    // Fail early on a broken rubric rather than once per call.
    saved::rubric(&setup.roots, args.rubric.as_deref())?;
    let opts = Options {
        rubric: args.rubric.as_deref(),
        grader: None,
    };
    let mut attempts = Vec::new();
    let mut graded = Vec::new();
    let center = crate::commands::center::data(&setup.paths, &setup.config, &args.center)?;
    let data_dir = center.as_ref().map_or(&setup.paths.data_dir, |c| &c.dir);
    for path in journal::journal_paths(data_dir)? {
        let (lines, _) = grades::read(&grades::path_of(&path))?;
        if !lines.is_empty() {
            graded.push((journal::session_id_of(&path), lines));
        }
        let (records, _) = journal::read(&path)?;
        let summary = journal::summarize(&path, &records, 0);
        if summary.mode != Mode::Training || !summary.finished {
            continue;
        }
        let scored = saved::score_journal(&path, &setup.roots, &opts)?;
        for w in &scored.warnings {
            eprintln!("apunte: {w}");
        }
        attempts.push(Attempt::of(&scored.card));
    }
    let scenarios = saved::scenario_infos(&setup.roots);
    let report = report::build(
        &attempts,
        &scenarios,
        &certs,
        &graded,
        args.trainee.as_deref(),
    );
    let mut out = Out::new();
    if args.json {
        out.text(&report.to_json())?;
    } else if args.csv {
        out.text(&report.to_csv())?;
    } else {
        out.text(&report.to_text(lang))?;
    }
    Ok(ExitCode::SUCCESS)
}
