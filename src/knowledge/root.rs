//! A knowledge root: a folder of Markdown articles (or the bundled sample base) and its
//! optional `apunte.toml` (`name`, `lang`).
use std::path::{Path, PathBuf};

use super::{Diagnostic, Lang, Severity};

/// Where a knowledge root comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootSource {
    /// A folder given by the user (flag, config, environment, `./knowledge`).
    Dir(PathBuf),
    /// The sample base compiled into the binary, extracted into the cache directory.
    Bundled,
}

/// A knowledge root ready to read: a folder on disk plus its optional `apunte.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    pub source: RootSource,
    /// The folder on disk (for `Bundled`, where it was extracted).
    pub dir: PathBuf,
    /// Display name: `name` from `apunte.toml`, else the folder name.
    pub name: String,
    /// Default language from `apunte.toml` (`lang = "es"`), if any.
    pub lang: Option<Lang>,
    /// Follow symbolic links that lead out of the root (the user's config
    /// `follow_symlinks_outside`; never the root's own files, which may come from
    /// anyone who can commit to the knowledge repository).
    pub follow_outside: bool,
    /// Problems in `apunte.toml` (the setting is ignored, the root still loads).
    pub problems: Vec<Diagnostic>,
}

/// The settings file at the top of a root.
pub const ROOT_CONFIG: &str = "apunte.toml";

#[derive(Debug, Default, serde::Deserialize)]
struct RootConfig {
    name: Option<String>,
    lang: Option<toml::Spanned<String>>,
}

impl Root {
    /// Opens a root folder: reads `apunte.toml` when present. A problem in that file
    /// (bad syntax, an unknown `lang`) is kept in [`Root::problems`] with its line: the
    /// root loads without the setting, and every other root is untouched.
    pub fn open(source: RootSource, dir: &Path) -> anyhow::Result<Root> {
        let file = dir.join(ROOT_CONFIG);
        let mut problems = Vec::new();
        let mut problem = |line: usize, message: String| {
            problems.push(Diagnostic {
                path: file.clone(),
                line,
                severity: Severity::Error,
                message,
            })
        };
        let (config, text) = match std::fs::read(&file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(e) => {
                    let line =
                        crate::text::line_of_bytes(e.as_bytes(), e.utf8_error().valid_up_to());
                    problem(
                        line,
                        "not valid UTF-8 text: save the file as UTF-8 (its settings are ignored until then)".to_string(),
                    );
                    (RootConfig::default(), String::new())
                }
                Ok(text) => match toml::from_str::<RootConfig>(&text) {
                    Ok(config) => (config, text),
                    Err(e) => {
                        let (line, col) = e
                            .span()
                            .map(|s| crate::text::line_col(&text, s.start))
                            .unwrap_or((1, 1));
                        problem(
                            line,
                            format!(
                                "column {col}: {}; expected e.g. name = \"My team's articles\" and lang = \"es\" (the file's settings are ignored until it is fixed)",
                                e.message().trim().replace('\n', "; ")
                            ),
                        );
                        (RootConfig::default(), String::new())
                    }
                },
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (RootConfig::default(), String::new())
            }
            Err(e) => {
                problem(0, format!("cannot read the file: {e}"));
                (RootConfig::default(), String::new())
            }
        };
        let lang = match &config.lang {
            None => None,
            Some(l) => match Lang::parse(l.get_ref()) {
                Some(lang) => Some(lang),
                None => {
                    let (line, col) = crate::text::line_col(&text, l.span().start);
                    problem(
                        line,
                        format!(
                            "column {col}: unknown lang {:?}: use \"es\" (Spanish) or \"en\" (English); until then each article's language is detected from its text",
                            l.get_ref()
                        ),
                    );
                    None
                }
            },
        };
        let name = config
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| folder_name(&source, dir));
        Ok(Root {
            source,
            dir: dir.to_path_buf(),
            name,
            lang,
            follow_outside: false,
            problems,
        })
    }

    /// The file of an article of this root, as the user knows it.
    pub fn path_of(&self, rel_path: &str) -> PathBuf {
        self.dir.join(rel_path)
    }
}

fn folder_name(source: &RootSource, dir: &Path) -> String {
    if *source == RootSource::Bundled {
        return "sample".to_string();
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
    match name {
        Some(n) if !n.is_empty() && n != "." && n != ".." => n,
        _ => std::fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string()),
    }
}
