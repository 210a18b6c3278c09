//! `apunte sessions list|show ID|export ID --markdown`: the journaled calls in
//! `<data dir>/sessions/`, read with [`crate::conversation::journal`] and rendered with
//! [`crate::conversation::export`]. Damaged journal lines are reported on stderr
//! (path:line) and read around; an unknown id says how to find the ids.
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{SessionsAction, SessionsArgs};
use crate::config::{Config, Paths};
use crate::conversation::export;
use crate::conversation::journal;
use crate::i18n::Msg;
use crate::redact::Redactor;
use crate::text::Lang;

pub fn run(args: &SessionsArgs) -> anyhow::Result<ExitCode> {
    let paths = Paths::from_env();
    // A broken config must not hide the calls: fall back to the defaults, and say so.
    let config = Config::load(&paths.config_file()).unwrap_or_else(|e| {
        let lang = crate::text::ui_lang("", crate::text::system_locale().as_deref());
        eprintln!("apunte: {e}\n{}", Msg::CliDefaultSettings.text(lang));
        Config::default()
    });
    let lang = config.ui_lang();
    let data_dir = &paths.data_dir;
    let mut stdout = crate::commands::output::Out::new();
    match &args.action {
        SessionsAction::List => {
            let sessions = journal::list(data_dir)?;
            let dir = journal::sessions_dir(data_dir);
            stdout.text(&export::render_list(
                lang,
                &sessions,
                &dir.display().to_string(),
            ))?;
        }
        SessionsAction::Show { id } => {
            let path = find(lang, data_dir, id)?;
            let (records, warnings) = journal::read(&path)?;
            for w in &warnings {
                eprintln!("apunte: {}:{}: {}", path.display(), w.line, w.message);
            }
            let summary = journal::summarize(&path, &records, warnings.len());
            stdout.text(&export::render_show(lang, &summary, &records))?;
        }
        SessionsAction::Export { id, markdown } => {
            if !markdown {
                anyhow::bail!(Msg::CliSayFormat.fill(lang, &[id, id]));
            }
            let path = find(lang, data_dir, id)?;
            let (records, warnings) = journal::read(&path)?;
            for w in &warnings {
                eprintln!("apunte: {}:{}: {}", path.display(), w.line, w.message);
            }
            let summary = journal::summarize(&path, &records, warnings.len());
            let redactor = Redactor::new(&config.redact);
            stdout.text(&export::render_markdown(
                lang, &summary, &records, &redactor,
            ))?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// [`journal::find`], with its messages in the interface language.
pub fn find(
    lang: Lang,
    data_dir: &std::path::Path,
    id: &str,
) -> anyhow::Result<std::path::PathBuf> {
    journal::find(data_dir, id).map_err(|e| match e {
        journal::FindError::NotFound { id, dir } => {
            anyhow::anyhow!(Msg::CliNoCall.fill(lang, &[&format!("{id:?}"), &dir.display()]))
        }
        journal::FindError::Ambiguous { id, matches } => anyhow::anyhow!(
            Msg::CliSeveralCalls.fill(lang, &[&format!("{id:?}"), &matches.join(", ")])
        ),
        e @ journal::FindError::Io(_) => e.into(),
    })
}
