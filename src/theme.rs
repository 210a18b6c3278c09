//! Theme loading: colours named by meaning (base, muted, accent, match, customer, agent,
//! note, warn, error, selection, border …), read from TOML with an optional `parent` to
//! inherit from. The bundled themes are compiled in; `<config dir>/themes/NAME.toml`
//! overrides or adds themes. Errors name the file, line and column.
//!
//! This is the reading side (files, TOML, inheritance); [`crate::ui::theme`] turns the
//! meanings into styles.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;

/// The themes compiled into the binary: (name, TOML).
pub const BUNDLED: [(&str, &str); 4] = [
    ("dark", include_str!("../themes/dark.toml")),
    ("light", include_str!("../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../themes/high-contrast.toml"),
    ),
    ("colorblind", include_str!("../themes/colorblind.toml")),
];

/// Every meaning a theme names, with what it colours.
pub const MEANINGS: [(&str, &str); 19] = [
    ("base", "ordinary text"),
    (
        "background",
        "the screen background (\"reset\" keeps the terminal's)",
    ),
    ("muted", "secondary text: times, paths, hints"),
    ("accent", "titles and headings"),
    ("match", "matched words in results"),
    ("customer", "the customer's turns"),
    ("agent", "the agent's turns"),
    ("note", "private notes"),
    ("warn", "warnings, the \"you may decide\" box"),
    ("error", "errors"),
    ("selection_fg", "selected row text"),
    ("selection_bg", "selected row background"),
    ("border", "pane borders"),
    ("focus", "the border of the focused pane"),
    ("phrase", "suggested phrases"),
    ("code", "code in articles"),
    ("badge", "language badges"),
    ("status_fg", "status bar text"),
    ("status_bg", "status bar background"),
];

/// A theme that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme {name:?}: available themes are {available}")]
    Unknown { name: String, available: String },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read theme {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("theme {0:?} inherits from itself (parent chain loops)")]
    Cycle(String),
    #[error(
        "theme {0:?} has more than 16 parents in a row: inherit from a bundled theme (parent = \"dark\") instead of chaining"
    )]
    TooDeep(String),
}

/// Longest chain of `parent` themes followed.
const MAX_PARENTS: usize = 16;

/// A loaded theme: its name and the colour of each meaning it (or a parent) sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub name: String,
    pub colors: BTreeMap<String, Color>,
}

/// Where a theme's TOML comes from.
struct Source {
    path: String,
    text: String,
}

fn source(name: &str, config_dir: Option<&Path>, user: bool) -> Result<Option<Source>, ThemeError> {
    if user && let Some(dir) = config_dir {
        let path = dir.join("themes").join(format!("{name}.toml"));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                return Ok(Some(Source {
                    path: path.display().to_string(),
                    text,
                }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(ThemeError::Read { path, source }),
        }
    }
    Ok(BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| Source {
            path: format!("<bundled themes/{n}.toml>"),
            text: (*text).to_string(),
        }))
}

/// Names of every theme available: bundled plus the user's.
pub fn available(config_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
    if let Some(dir) = config_dir
        && let Ok(entries) = std::fs::read_dir(dir.join("themes"))
    {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml")
                && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                && !names.iter().any(|n| n == stem)
            {
                names.push(stem.to_string());
            }
        }
    }
    names
}

/// True when a theme of that name exists (bundled or in the user's folder).
pub fn exists(name: &str, config_dir: Option<&Path>) -> bool {
    available(config_dir).iter().any(|n| n == name)
}

fn invalid(src: &Source, offset: Option<usize>, message: String) -> ThemeError {
    let (line, column) = offset.map_or((1, 1), |o| crate::text::line_col(&src.text, o));
    ThemeError::Invalid {
        path: src.path.clone(),
        line,
        column,
        message,
    }
}

/// Parses one theme file: its parent and its colours. Every key must be `parent` or a
/// meaning; every value a colour name (`"lightblue"`), `"#rrggbb"`, an index `"0".."255"`
/// or `"reset"`.
fn parse(src: &Source) -> Result<(Option<String>, BTreeMap<String, Color>), ThemeError> {
    let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> =
        toml::from_str(&src.text)
            .map_err(|e| invalid(src, e.span().map(|s| s.start), e.message().to_string()))?;
    let mut parent = None;
    let mut colors = BTreeMap::new();
    for (key, value) in &table {
        let at_key = key_offset(&src.text, key.get_ref()).or(Some(key.span().start));
        let at = Some(value.span().start);
        let key = key.get_ref();
        let value = value.get_ref();
        if key == "parent" {
            match value.as_str() {
                Some(p) => parent = Some(p.to_string()),
                None => {
                    return Err(invalid(
                        src,
                        at,
                        "parent must be a theme name in quotes".into(),
                    ));
                }
            }
            continue;
        }
        if !MEANINGS.iter().any(|(m, _)| m == key) {
            let known: Vec<&str> = MEANINGS.iter().map(|(m, _)| *m).collect();
            return Err(invalid(
                src,
                at_key,
                format!(
                    "unknown colour meaning {key:?}: use parent or one of {}",
                    known.join(", ")
                ),
            ));
        }
        let Some(text) = value.as_str() else {
            return Err(invalid(
                src,
                at,
                format!("{key}: a colour must be a string like \"#336699\" or \"lightblue\""),
            ));
        };
        let color = Color::from_str(text).map_err(|_| {
            invalid(
                src,
                at,
                format!("{key}: {text:?} is not a colour: use a name (red, lightblue, darkgray …), \"#rrggbb\", an index 0-255 or \"reset\""),
            )
        })?;
        colors.insert(key.clone(), color);
    }
    Ok((parent, colors))
}

/// Byte offset of the line defining `key` at the top level (`key = …`).
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// Loads a theme by name: the user's file first, else the bundled one; parents are
/// resolved; themes without a parent inherit from `dark`.
pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Palette, ThemeError> {
    let mut chain: Vec<(String, BTreeMap<String, Color>)> = Vec::new();
    // (name, from the user's folder) already read: a user theme may inherit from the
    // bundled theme of the same name, anything else repeating is a loop.
    let mut seen: Vec<(String, bool)> = Vec::new();
    let mut current = name.to_string();
    loop {
        let user_seen = seen.iter().any(|(n, u)| *n == current && *u);
        let bundled_seen = seen.iter().any(|(n, u)| *n == current && !*u);
        if bundled_seen {
            return Err(ThemeError::Cycle(name.to_string()));
        }
        if chain.len() > MAX_PARENTS {
            return Err(ThemeError::TooDeep(name.to_string()));
        }
        let found = source(&current, config_dir, !user_seen)?;
        let from_user = found
            .as_ref()
            .is_some_and(|s| !s.path.starts_with("<bundled"));
        if user_seen && found.is_none() {
            return Err(ThemeError::Cycle(name.to_string()));
        }
        seen.push((current.clone(), from_user));
        let Some(src) = found else {
            return Err(ThemeError::Unknown {
                name: current,
                available: available(config_dir).join(", "),
            });
        };
        let (parent, colors) = parse(&src)?;
        chain.push((current.clone(), colors));
        match parent {
            Some(p) => current = p,
            None if current != "dark" || from_user => current = "dark".into(),
            None => break,
        }
    }
    let mut colors = BTreeMap::new();
    for (_, c) in chain.into_iter().rev() {
        colors.extend(c);
    }
    Ok(Palette {
        name: name.to_string(),
        colors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_themes_are_complete() {
        for (name, _) in BUNDLED {
            let t = load(name, None).unwrap();
            for (m, _) in MEANINGS {
                assert!(t.colors.contains_key(m), "{name} lacks {m}");
            }
        }
    }
}
