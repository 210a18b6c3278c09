//! `apunte bench`.
use std::process::ExitCode;

pub fn run(args: &crate::cli::BenchArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not implemented yet")
}
