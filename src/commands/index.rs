//! `apunte index`: builds or refreshes the search index and says what it did.
use std::process::ExitCode;

use crate::commands::output::Out;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::i18n::{Msg, Noun};
use crate::search::Engine;

pub fn run(kb: &crate::cli::KnowledgeArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let (_engine, report) = Engine::open(&setup.roots, &setup.paths.cache_dir)?;
    let mut out = Out::new();
    for d in &report.diagnostics {
        out.line(&d.to_string())?;
    }
    let how = if report.rebuilt {
        Msg::CliBuilt
    } else if report.added + report.updated + report.removed == 0 {
        Msg::CliUpToDate
    } else {
        Msg::CliRefreshed
    };
    let ms = format!("{:.0}", report.elapsed.as_secs_f64() * 1000.0);
    out.line(&Msg::CliIndexed.fill(
        lang,
        &[
            &Noun::Article.count(lang, report.articles),
            &how.text(lang),
            &report.added,
            &report.updated,
            &report.removed,
            &ms,
        ],
    ))?;
    out.line(&Msg::CliIndexDir.fill(lang, &[&report.index_dir.display()]))?;
    if !report.diagnostics.is_empty() {
        out.line(&Msg::CliIndexProblems.fill(
            lang,
            &[&Noun::Problem.count(lang, report.diagnostics.len())],
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
