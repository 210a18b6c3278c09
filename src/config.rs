//! Settings: built-in defaults plus the user's `config.toml`, and the directories apunte
//! uses (config, cache, data), each overridable by an environment variable so tests can
//! point them at temporary folders.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::redact;
use crate::text::{Lang, line_col};

/// The folders apunte reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `config.toml` and user themes (`themes/*.toml`). `$APUNTE_CONFIG_DIR` overrides.
    pub config_dir: PathBuf,
    /// Search indexes and the extracted sample base. `$APUNTE_CACHE_DIR` overrides.
    pub cache_dir: PathBuf,
    /// Call journals. `$APUNTE_DATA_DIR` overrides.
    pub data_dir: PathBuf,
}

impl Paths {
    /// The user's directories (directories crate), with environment overrides.
    pub fn from_env() -> Paths {
        let dirs = directories::ProjectDirs::from("", "", "apunte");
        let pick = |var: &str, f: &dyn Fn(&directories::ProjectDirs) -> PathBuf, fallback: &str| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| dirs.as_ref().map(f))
                .unwrap_or_else(|| std::env::temp_dir().join("apunte").join(fallback))
        };
        Paths {
            config_dir: pick(
                "APUNTE_CONFIG_DIR",
                &|d| d.config_dir().to_path_buf(),
                "config",
            ),
            cache_dir: pick(
                "APUNTE_CACHE_DIR",
                &|d| d.cache_dir().to_path_buf(),
                "cache",
            ),
            data_dir: pick("APUNTE_DATA_DIR", &|d| d.data_dir().to_path_buf(), "data"),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }
}

/// The effective settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Knowledge folders (used when no `--knowledge` is given).
    pub knowledge: Vec<PathBuf>,
    /// Theme name.
    pub theme: String,
    /// UI language: "es" or "en"; empty means from `LANG`.
    pub language: String,
    /// Mouse support.
    pub mouse: bool,
    /// Key bindings: action name → list of keys (e.g. `search = ["/", "ctrl-f"]`).
    pub keys: BTreeMap<String, Vec<String>>,
    /// The trainer's console's key bindings (`apunte trainer`), like `keys`.
    pub trainer_keys: BTreeMap<String, Vec<String>>,
    /// The agent's name for reply placeholders (`{agent}`); empty: the system user name.
    pub agent_name: String,
    /// After a customer turn is typed, the speaker goes back to the agent (off: it stays
    /// until switched).
    pub speaker_back_to_agent: bool,
    /// Follow symbolic links in knowledge folders that lead out of the folder (off: a
    /// link such as `x.md → /etc/passwd` is skipped).
    pub follow_symlinks_outside: bool,
    pub suggest: crate::assist::Settings,
    pub redact: redact::Settings,
    /// The contact center's database (none: nothing is shipped).
    pub center: crate::center::Settings,
    /// Where the draft key writes draft articles; empty: `drafts` in the data folder.
    pub drafts: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            knowledge: Vec::new(),
            theme: "dark".into(),
            language: String::new(),
            mouse: true,
            keys: BTreeMap::new(),
            trainer_keys: BTreeMap::new(),
            agent_name: String::new(),
            speaker_back_to_agent: true,
            follow_symlinks_outside: false,
            suggest: crate::assist::Settings::default(),
            redact: redact::Settings::default(),
            center: crate::center::Settings::default(),
            drafts: PathBuf::new(),
        }
    }
}

/// A config file that could not be used: says where and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}:{line}:{column}: {message}\n  fix the file or move it away; `apunte config --init` writes a commented default"
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Config {
    /// The drafts folder: `drafts` as set (`~` is the home folder), else `drafts` in
    /// the data folder.
    pub fn drafts_dir(&self, paths: &Paths) -> PathBuf {
        if self.drafts.as_os_str().is_empty() {
            return paths.data_dir.join(crate::insight::draft::DRAFTS_DIR);
        }
        match (self.drafts.strip_prefix("~"), std::env::var_os("HOME")) {
            (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => self.drafts.clone(),
        }
    }

    /// The agent's name: `agent_name`, else the system user name (`$USER`, `$LOGNAME`,
    /// `$USERNAME`), else empty.
    pub fn agent(&self) -> String {
        let name = self.agent_name.trim();
        if !name.is_empty() {
            return name.to_string();
        }
        ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
            .map(|s| crate::text::sanitize(s.trim()).into_owned())
            .unwrap_or_default()
    }

    /// Reads the config file; a missing file gives the defaults. An invalid file is an
    /// error (never a half-read config).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        match std::str::from_utf8(&bytes) {
            Ok(text) => Config::parse(path, text),
            // Said where, like any other mistake in the file.
            Err(e) => {
                let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                let (line, column) = crate::text::line_col(good, good.len());
                Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: "not UTF-8 text: save the file as UTF-8".into(),
                })
            }
        }
    }

    /// Parses config text; `path` is for messages. Besides the TOML itself, checks the
    /// `[keys]` table (known actions, valid key strings), the theme name (bundled or in
    /// `themes/` next to the file) and the language, so a bad value stops start-up with
    /// its line and column instead of being half-applied.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let invalid = |offset: Option<usize>, message: String| {
            let (line, column) = offset.map_or((1, 1), |o| line_col(text, o));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let config = toml::from_str::<Config>(text)
            .map_err(|e| invalid(e.span().map(|s| s.start), e.message().to_string()))?;
        let spans = toml::from_str::<Spans>(text).unwrap_or_default();

        for (action, keys) in &spans.keys {
            let at = Some(action.span().start);
            let Some(_) = crate::app::Action::from_name(action.get_ref()) else {
                let err = crate::app::keymap::KeymapError::UnknownAction(action.get_ref().clone());
                return Err(invalid(at, err.to_string()));
            };
            for k in keys {
                if let Err(e) = crate::app::keymap::parse_key(k.get_ref()) {
                    return Err(invalid(
                        Some(k.span().start),
                        format!("[keys] {}: {e}", action.get_ref()),
                    ));
                }
            }
        }
        let keymap = crate::app::Keymap::with_overrides(&config.keys)
            .map_err(|e| invalid(None, e.to_string()))?;
        // A key the file gives an action must not be another action's too, unless the
        // defaults share it already (the same key acts by context, like `x`).
        let defaults = crate::app::Keymap::default();
        for (action, keys) in &spans.keys {
            let Some(a) = crate::app::Action::from_name(action.get_ref()) else {
                continue;
            };
            if a == crate::app::Action::Quit && keys.is_empty() {
                return Err(invalid(
                    Some(action.span().start),
                    "[keys] quit = []: no key would quit apunte; give it at least one key (the default is [\"ctrl-q\", \"ctrl-c\"])".to_string(),
                ));
            }
            for k in keys {
                let Ok(key) = crate::app::keymap::parse_key(k.get_ref()) else {
                    continue;
                };
                let shared = defaults.actions(&key);
                if let Some(other) = keymap
                    .actions(&key)
                    .iter()
                    .find(|o| **o != a && !(shared.contains(o) && shared.contains(&a)))
                {
                    return Err(invalid(
                        Some(k.span().start),
                        format!(
                            "[keys] {}: {:?} is bound to {} too; give one of them another key",
                            action.get_ref(),
                            k.get_ref(),
                            other.name()
                        ),
                    ));
                }
            }
        }
        let threshold = config.suggest.threshold;
        if !(0.0..=1.0).contains(&threshold) {
            let at = spans.suggest.threshold.as_ref().map(|t| t.span().start);
            return Err(invalid(
                at,
                format!(
                    "[suggest] threshold = {threshold}: it is a confidence between 0 and 1 (the default is 0.30; 0 shows every suggestion, 1 almost none)"
                ),
            ));
        }
        if !(1..=MAX_SUGGEST_LIMIT).contains(&config.suggest.limit) {
            let at = spans.suggest.limit.as_ref().map(|t| t.span().start);
            return Err(invalid(
                at,
                format!(
                    "[suggest] limit = {}: show between 1 and {MAX_SUGGEST_LIMIT} suggestions (the default is 5)",
                    config.suggest.limit
                ),
            ));
        }
        let config_dir = path.parent();
        if !crate::theme::exists(&config.theme, config_dir) {
            let at = spans.theme.as_ref().map(|t| t.span().start);
            return Err(invalid(
                at,
                format!(
                    "unknown theme {:?}: available themes are {} (user themes go in {})",
                    config.theme,
                    crate::theme::available(config_dir).join(", "),
                    config_dir
                        .map(|d| d.join("themes").display().to_string())
                        .unwrap_or_else(|| "themes/".into())
                ),
            ));
        }
        if !config.language.is_empty() && Lang::parse(&config.language).is_none() {
            let at = spans.language.as_ref().map(|t| t.span().start);
            return Err(invalid(
                at,
                format!(
                    "unknown language {:?}: use \"es\", \"en\" or \"\" (from LANG)",
                    config.language
                ),
            ));
        }
        if let Err(e) = crate::console::Keys::with_overrides(&config.trainer_keys) {
            return Err(invalid(text.find("[trainer_keys]"), e));
        }
        Ok(config)
    }

    /// The key bindings: defaults with the `[keys]` table on top.
    pub fn keymap(&self) -> Result<crate::app::Keymap, crate::app::keymap::KeymapError> {
        crate::app::Keymap::with_overrides(&self.keys)
    }

    /// The UI language: `language` when set, else from `LC_ALL`/`LC_MESSAGES`/`LANG`.
    pub fn ui_lang(&self) -> Lang {
        crate::text::ui_lang(&self.language, crate::text::system_locale().as_deref())
    }
}

/// Where values sit in the file, for messages.
#[derive(Debug, Default, Deserialize)]
struct Spans {
    #[serde(default)]
    theme: Option<toml::Spanned<String>>,
    #[serde(default)]
    language: Option<toml::Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<toml::Spanned<String>, Vec<toml::Spanned<String>>>,
    #[serde(default)]
    suggest: SuggestSpans,
}

#[derive(Debug, Default, Deserialize)]
struct SuggestSpans {
    #[serde(default)]
    threshold: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    limit: Option<toml::Spanned<toml::Value>>,
}

/// Most suggestions a config may ask for.
pub const MAX_SUGGEST_LIMIT: usize = 20;

/// The commented default `config.toml` written by `apunte config --init`.
pub const DEFAULT_CONFIG: &str = include_str!("default-config.toml");
