//! One module per subcommand: thin functions over the library, and [`run`], which
//! dispatches the parsed command line to them.
use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub mod bench;
pub mod center;
pub mod check;
pub mod config;
pub mod feedback;
pub mod index;
pub mod output;
pub mod report;
pub mod scoring;
pub mod search;
pub mod sessions;
pub mod setup;
pub mod suggest;
pub mod table;
pub mod train;
pub mod trainer;
pub mod training_report;
pub mod workspace;

/// The language of the command line's help: the config's `language` when the config
/// reads, else the locale.
pub fn help_lang() -> crate::text::Lang {
    let paths = crate::config::Paths::from_env();
    crate::config::Config::load(&paths.config_file())
        .map(|c| c.ui_lang())
        .unwrap_or_else(|_| crate::text::ui_lang("", crate::text::system_locale().as_deref()))
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let result = match cli.command {
        None => workspace::run(&cli),
        Some(Command::Search(ref args)) => search::run(&cli.kb, args),
        Some(Command::Index) => index::run(&cli.kb),
        Some(Command::Check) => check::run(&cli.kb),
        Some(Command::Config(ref args)) => config::run(&cli, args),
        Some(Command::Suggest(ref args)) => suggest::run(&cli.kb, args),
        Some(Command::Sessions(ref args)) => sessions::run(args),
        Some(Command::Bench(ref args)) => bench::run(args),
        Some(Command::Train(ref args)) => train::run(&cli, args),
        Some(Command::Report(ref args)) => report::run(&cli, args),
        Some(Command::Trainer(ref args)) => trainer::run(&cli, args),
        Some(Command::Feedback(ref args)) => feedback::run(&cli.kb, args),
        Some(Command::Center(ref args)) => center::run(args),
    };
    match result {
        Err(e) if output::broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}
