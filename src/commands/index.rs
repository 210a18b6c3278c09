//! `apunte index`.
use std::process::ExitCode;

pub fn run(kb: &crate::cli::KnowledgeArgs) -> anyhow::Result<ExitCode> {
    let _ = kb;
    anyhow::bail!("not implemented yet")
}
