//! `apunte config`: the paths in use and the effective settings, or `--init` to write a
//! commented default `config.toml` (never over an existing file).
use std::io::Write;
use std::process::ExitCode;

use crate::app::Action;
use crate::commands::setup::root_sources;
use crate::config::{Config, DEFAULT_CONFIG, Paths};
use crate::i18n::Msg;
use crate::knowledge::RootSource;

pub fn run(cli: &crate::cli::Cli, args: &crate::cli::ConfigArgs) -> anyhow::Result<ExitCode> {
    let paths = Paths::from_env();
    let file = paths.config_file();
    // The language of messages; a broken config is reported by what follows.
    let lang = Config::load(&file)
        .map(|c| c.ui_lang())
        .unwrap_or_else(|_| crate::text::ui_lang("", crate::text::system_locale().as_deref()));
    if args.init {
        // Never over an existing file, nor through a link (even one to nothing yet).
        let exists = || anyhow::anyhow!(Msg::CliConfigExists.fill(lang, &[&file.display()]));
        if file.symlink_metadata().is_ok() {
            return Err(exists());
        }
        std::fs::create_dir_all(&paths.config_dir).map_err(|e| {
            anyhow::anyhow!(Msg::CliCannotCreate.fill(lang, &[&paths.config_dir.display(), &e]))
        })?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => exists(),
                _ => anyhow::anyhow!(Msg::CliCannotCreate.fill(lang, &[&file.display(), &e])),
            })?;
        f.write_all(DEFAULT_CONFIG.as_bytes())?;
        f.sync_all()?;
        crate::commands::output::Out::new().line(&Msg::CliWrote.fill(lang, &[&file.display()]))?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = Config::load(&file)?;
    let mut out = String::new();
    let exists = if file.exists() {
        ""
    } else {
        " (missing: defaults)"
    };
    out.push_str("# paths\n");
    out.push_str(&format!(
        "config_file = {:?}{exists}\n",
        file.display().to_string()
    ));
    out.push_str(&format!(
        "config_dir = {:?}\n",
        paths.config_dir.display().to_string()
    ));
    out.push_str(&format!(
        "cache_dir = {:?}\n",
        paths.cache_dir.display().to_string()
    ));
    out.push_str(&format!(
        "data_dir = {:?}\n",
        paths.data_dir.display().to_string()
    ));
    out.push_str(&format!(
        "drafts_dir = {:?}\n",
        config.drafts_dir(&paths).display().to_string()
    ));
    out.push_str("\n# effective settings\n");
    let roots: Vec<String> = root_sources(&cli.kb.knowledge, &config)
        .into_iter()
        .map(|s| match s {
            RootSource::Dir(d) => format!("{:?}", d.display().to_string()),
            RootSource::Bundled => "\"<bundled sample>\"".to_string(),
        })
        .collect();
    out.push_str(&format!("knowledge = [{}]\n", roots.join(", ")));
    let theme = cli.theme.clone().unwrap_or_else(|| config.theme.clone());
    out.push_str(&format!("theme = {theme:?}\n"));
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color {
        out.push_str("# NO_COLOR is set: colours are off\n");
    }
    out.push_str(&format!(
        "themes_available = [{}]\n",
        crate::theme::available(Some(&paths.config_dir))
            .iter()
            .map(|t| format!("{t:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(&format!(
        "language = {:?}{}\n",
        config.ui_lang().code(),
        if config.language.is_empty() {
            "  # from LANG"
        } else {
            ""
        }
    ));
    out.push_str(&format!("mouse = {}\n", config.mouse));
    out.push_str(&format!("agent_name = {:?}\n", config.agent_name));
    out.push_str(&format!(
        "speaker_back_to_agent = {}\n",
        config.speaker_back_to_agent
    ));
    out.push_str("\n[keys]\n");
    let keymap = config.keymap()?;
    for a in Action::ALL {
        let keys: Vec<String> = keymap
            .keys(a)
            .iter()
            .map(|k| format!("{:?}", k.config_string()))
            .collect();
        out.push_str(&format!("{} = [{}]\n", a.name(), keys.join(", ")));
    }
    out.push_str(&format!(
        "\n[suggest]\nthreshold = {}\nlimit = {}\n",
        config.suggest.threshold, config.suggest.limit
    ));
    let r = &config.redact;
    out.push_str(&format!(
        "\n[redact]\ncards = {}\nids = {}\niban = {}\nemail = {}\nphone = {}\non_screen = {}\n",
        r.cards, r.ids, r.iban, r.email, r.phone, r.on_screen
    ));
    crate::commands::output::Out::new().text(&out)?;
    // The theme the workspace would use must load (a user theme is only read here).
    if let Err(e) = crate::theme::load(&theme, Some(&paths.config_dir)) {
        eprintln!("apunte: {e}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
