//! `apunte sessions`.
use std::process::ExitCode;

pub fn run(args: &crate::cli::SessionsArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not implemented yet")
}
