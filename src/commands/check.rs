//! `apunte check`: validates every knowledge file and prints `path:line: error|warning:
//! message` lines sorted by file and line, then a summary. Exit code 1 when any error.
use std::process::ExitCode;

use crate::config::Setup;
use crate::knowledge::check;

pub fn run(kb: &crate::cli::KnowledgeArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(&kb.knowledge)?;
    let report = check::check(&setup.roots);
    for d in &report.diagnostics {
        println!("{d}");
    }
    for dir in &report.empty_roots {
        eprintln!(
            "no articles found in {}: add Markdown files (one article per file) or point --knowledge at your knowledge folder",
            dir.display()
        );
    }
    println!("{report}");
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
