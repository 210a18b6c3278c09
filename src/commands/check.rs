//! `apunte check`: validates every knowledge file and prints `path:line: error|warning:
//! message` lines sorted by file and line, then a summary. Exit code 1 when any error.
use std::process::ExitCode;

use std::collections::HashSet;

use crate::assist::cues::Cues;
use crate::commands::output::Out;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::i18n::{Msg, Noun};
use crate::knowledge::{Diagnostic, Root, Severity, check};

pub fn run(kb: &crate::cli::KnowledgeArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let mut report = check::check(&setup.roots);
    report.add(cue_findings(&setup.roots, &report.article_ids));
    let dirs: Vec<_> = setup.roots.iter().map(|r| r.dir.clone()).collect();
    let (scenarios, findings) = crate::training::check::roots(&dirs, &report.article_ids);
    report.add(findings);
    let training_file = |name: &str| {
        dirs.iter()
            .filter(|d| d.join(crate::training::scenario::DIR).join(name).is_file())
            .count()
    };
    let rubrics = training_file(crate::training::rubric::FILE);
    let certifications = training_file(crate::training::report::CERTIFICATION_FILE);
    report.add(crate::training::rubric::check_roots(
        &setup.roots,
        &report.article_ids,
    ));
    let mut out = Out::new();
    for d in &report.diagnostics {
        out.line(&d.to_string())?;
    }
    // What stands in for a root's missing assist files.
    for root in &setup.roots {
        for notice in crate::knowledge::bundled::notices(root, lang) {
            out.line(&notice)?;
        }
    }
    for dir in &report.empty_roots {
        eprintln!("{}", Msg::CliNoArticlesIn.fill(lang, &[&dir.display()]));
    }
    // The training files checked, when the roots have any.
    let training: Vec<String> = [
        (Noun::Scenario, scenarios),
        (Noun::Rubric, rubrics),
        (Noun::CertificationFile, certifications),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(noun, n)| noun.count(lang, n))
    .collect();
    let articles = Noun::Article.count(lang, report.files);
    let roots = Noun::Root.count(lang, report.roots);
    let errors = Noun::Error.count(lang, report.errors());
    let warnings = Noun::Warning.count(lang, report.warnings());
    out.line(&if training.is_empty() {
        Msg::CliChecked.fill(lang, &[&articles, &roots, &errors, &warnings])
    } else {
        Msg::CliCheckedTraining.fill(
            lang,
            &[&articles, &roots, &training.join(", "), &errors, &warnings],
        )
    })?;
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The empathy cue lexicons (`cues.toml`): a file that does not parse is an error; a cue
/// linking a guideline article that does not exist is a warning.
fn cue_findings(roots: &[Root], ids: &HashSet<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for root in roots {
        let path = root.dir.join("cues.toml");
        if !path.is_file() {
            continue;
        }
        match Cues::load(&path) {
            Err(e) => out.push(e.to_diagnostic()),
            Ok(cues) => {
                for id in cues.articles() {
                    if !ids.contains(id) {
                        out.push(Diagnostic {
                            path: path.clone(),
                            line: 0,
                            severity: Severity::Warning,
                            message: format!(
                                "a cue links the article `{id}`, which does not exist: fix the id or add the article"
                            ),
                        });
                    }
                }
            }
        }
    }
    out
}
