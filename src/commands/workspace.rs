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
        let token = listen_token(cli, config.ui_lang())?;
        feeds.push(Box::new(sources::Listener::bind(addr, token)?));
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
        practice: None,
        replay: None,
        tap: None,
        scorecards: None,
    })
}

/// The `--listen` token: `--token` (or `APUNTE_LISTEN_TOKEN`), else the first line of
/// `--token-file`.
fn listen_token(cli: &crate::cli::Cli, lang: crate::text::Lang) -> anyhow::Result<Option<String>> {
    use crate::i18n::Msg;
    let Some(file) = &cli.token_file else {
        return Ok(cli.token.clone());
    };
    let text = std::fs::read_to_string(file).map_err(|e| {
        anyhow::anyhow!(Msg::CliTokenFileUnreadable.fill(lang, &[&file.display(), &e]))
    })?;
    let token = text.lines().next().unwrap_or("").trim().to_string();
    if token.is_empty() {
        anyhow::bail!(Msg::CliTokenFileEmpty.fill(lang, &[&file.display()]));
    }
    Ok(Some(token))
}
