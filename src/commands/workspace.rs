//! `apunte` with no subcommand: the full-screen workspace. The command line is mapped to
//! [`runtime::Options`]: a bad `--listen` address or `--transcript` path is an error
//! here, before the terminal is taken; [`runtime::run`] does the rest.
use std::process::ExitCode;

use crate::commands::setup::Setup;
use crate::conversation::journal::Mode;
use crate::runtime::{self, Source, sources};

/// Runs the live workspace.
pub fn run(cli: &crate::cli::Cli) -> anyhow::Result<ExitCode> {
    let Setup {
        paths,
        config,
        roots,
    } = Setup::load(crate::config::Paths::from_env(), &cli.kb.knowledge)?;
    let mut feeds: Vec<Box<dyn Source>> = Vec::new();
    if let Some(addr) = &cli.listen {
        feeds.push(Box::new(sources::Listener::bind(addr, cli.token.clone())?));
    }
    if let Some(path) = &cli.transcript {
        feeds.push(Box::new(sources::TranscriptFile::checked(path)?));
    }
    runtime::run(runtime::Options {
        paths,
        config,
        roots,
        theme: cli.theme.clone(),
        mode: Mode::Live,
        sources: feeds,
        sinks: Vec::new(),
    })
}
