//! `apunte index`: builds or refreshes the search index and says what it did.
use std::process::ExitCode;

use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::search::Engine;

pub fn run(kb: &crate::cli::KnowledgeArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let (_engine, report) = Engine::open(&setup.roots, &setup.paths.cache_dir)?;
    for d in &report.diagnostics {
        println!("{d}");
    }
    let how = if report.rebuilt {
        "built from scratch"
    } else if report.added + report.updated + report.removed == 0 {
        "up to date"
    } else {
        "refreshed"
    };
    println!(
        "{} articles indexed ({how}): {} added, {} updated, {} removed in {:.0} ms",
        report.articles,
        report.added,
        report.updated,
        report.removed,
        report.elapsed.as_secs_f64() * 1000.0
    );
    println!("index: {}", report.index_dir.display());
    if !report.diagnostics.is_empty() {
        println!(
            "{} problem{} found: fix them and run `apunte index` again (`apunte check` validates without indexing)",
            report.diagnostics.len(),
            if report.diagnostics.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
