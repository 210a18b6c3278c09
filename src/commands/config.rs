//! `apunte config`.
use std::process::ExitCode;

pub fn run(cli: &crate::cli::Cli, args: &crate::cli::ConfigArgs) -> anyhow::Result<ExitCode> {
    let _ = (cli, args);
    anyhow::bail!("not implemented yet")
}
