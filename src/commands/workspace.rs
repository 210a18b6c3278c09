//! `apunte workspace`.
use std::process::ExitCode;

pub fn run(cli: &crate::cli::Cli) -> anyhow::Result<ExitCode> {
    let _ = cli;
    anyhow::bail!("not implemented yet")
}
