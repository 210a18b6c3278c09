//! Start-up shared by the commands: the config read from the given [`Paths`], the
//! knowledge roots resolved and opened (the bundled sample base extracted when no folder
//! is given). Benches and tests pass their own paths.
use std::path::{Path, PathBuf};

use crate::config::{Config, Paths};
use crate::i18n::Msg;
use crate::knowledge::{Root, RootSource};

/// Decides the knowledge roots: `--knowledge` flags, else the config file's `knowledge`,
/// else `$APUNTE_KNOWLEDGE` (separated like `PATH`), else `./knowledge` when it exists,
/// else the bundled sample base.
pub fn root_sources(flags: &[PathBuf], config: &Config) -> Vec<RootSource> {
    if !flags.is_empty() {
        return flags.iter().cloned().map(RootSource::Dir).collect();
    }
    if !config.knowledge.is_empty() {
        return config
            .knowledge
            .iter()
            .map(|p| RootSource::Dir(expand_home(p)))
            .collect();
    }
    if let Some(env) = std::env::var_os("APUNTE_KNOWLEDGE").filter(|v| !v.is_empty()) {
        let dirs: Vec<_> = std::env::split_paths(&env)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if !dirs.is_empty() {
            return dirs.into_iter().map(RootSource::Dir).collect();
        }
    }
    let local = PathBuf::from("knowledge");
    if local.is_dir() {
        return vec![RootSource::Dir(local)];
    }
    vec![RootSource::Bundled]
}

/// `~/x` → the home folder joined with `x`.
pub fn expand_home(p: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    p.to_path_buf()
}

/// Everything a command needs to start: paths, config and the opened roots.
#[derive(Debug, Clone)]
pub struct Setup {
    pub paths: Paths,
    pub config: Config,
    pub roots: Vec<Root>,
}

impl Setup {
    /// Loads the config from `paths`, resolves and opens the knowledge roots (`flags`
    /// are the `--knowledge` folders). A missing folder or a folder with no Markdown gets
    /// a message saying what to do.
    pub fn load(paths: Paths, flags: &[PathBuf]) -> anyhow::Result<Setup> {
        let config = Config::load(&paths.config_file())?;
        let lang = config.ui_lang();
        let mut roots = Vec::new();
        for source in root_sources(flags, &config) {
            let dir = match &source {
                RootSource::Dir(dir) => {
                    if dir.is_file() {
                        anyhow::bail!(Msg::CliIsAFile.fill(lang, &[&dir.display()]));
                    }
                    if !dir.is_dir() {
                        anyhow::bail!(Msg::CliNoFolder.fill(lang, &[&dir.display()]));
                    }
                    dir.clone()
                }
                RootSource::Bundled => crate::knowledge::bundled::extract(&paths.cache_dir)?,
            };
            let mut root = Root::open(source, &dir)?;
            root.follow_outside = config.follow_symlinks_outside;
            roots.push(root);
        }
        Ok(Setup {
            paths,
            config,
            roots,
        })
    }
}
