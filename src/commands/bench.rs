//! `apunte bench gen`: writes a synthetic knowledge base for benchmarks.
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use crate::cli::{BenchAction, BenchArgs};

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    match &args.action {
        BenchAction::Gen {
            articles,
            seed,
            dir,
        } => {
            let start = Instant::now();
            let report = crate::synth::generate(dir, *articles, *seed).with_context(|| {
                format!("cannot write the synthetic base into {}", dir.display())
            })?;
            crate::commands::output::Out::new().line(&format!(
                "wrote {} articles ({:.1} MB) into {} in {:.2} s (seed {seed})",
                report.articles,
                report.bytes as f64 / 1e6,
                dir.display(),
                start.elapsed().as_secs_f64()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
