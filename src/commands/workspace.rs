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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn cli(args: &[&str]) -> crate::cli::Cli {
        crate::cli::Cli::try_parse_from(std::iter::once("apunte").chain(args.iter().copied()))
            .expect("parses")
    }

    #[test]
    fn the_listen_token_comes_from_a_file_the_environment_or_the_flag() {
        use crate::text::Lang;
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("token");
        std::fs::write(&file, "s3cret \nignored\n").unwrap();
        let path = file.to_str().unwrap();
        let got = listen_token(
            &cli(&["--listen", "127.0.0.1:1", "--token-file", path]),
            Lang::En,
        );
        assert_eq!(got.unwrap().as_deref(), Some("s3cret"));
        assert_eq!(
            listen_token(&cli(&["--token", "flag"]), Lang::En)
                .unwrap()
                .as_deref(),
            Some("flag")
        );

        // An empty first line, or a file that cannot be read: the file, the line, what to do.
        std::fs::write(&file, "\nsecond\n").unwrap();
        let e = listen_token(&cli(&["--token-file", path]), Lang::En).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("--token-file {path}:1: the first line is empty: write the token on it")
        );
        let missing = tmp.path().join("none");
        let e = listen_token(&cli(&["--token-file", missing.to_str().unwrap()]), Lang::Es)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(&format!(
                "--token-file {}: no se puede leer",
                missing.display()
            )),
            "{e}"
        );

        // The flag and the file exclude each other; the environment variable fills the
        // flag, and its value is never shown in the help.
        assert!(
            crate::cli::Cli::try_parse_from(["apunte", "--token", "a", "--token-file", path])
                .is_err()
        );
        let cmd = crate::cli::command(Lang::En);
        let token = cmd
            .get_arguments()
            .find(|a| a.get_id() == "token")
            .expect("the token option");
        assert_eq!(
            token.get_env(),
            Some(std::ffi::OsStr::new("APUNTE_LISTEN_TOKEN"))
        );
        assert!(token.is_hide_env_values_set());
    }
}
