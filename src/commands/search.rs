//! `apunte search`.
use std::process::ExitCode;

pub fn run(
    kb: &crate::cli::KnowledgeArgs,
    args: &crate::cli::SearchArgs,
) -> anyhow::Result<ExitCode> {
    let _ = (kb, args);
    anyhow::bail!("not implemented yet")
}
