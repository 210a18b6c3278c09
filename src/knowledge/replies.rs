//! Quick replies: short approved texts kept in a root's `replies.toml`.
//!
//! ```toml
//! [[reply]]
//! name = "saludo"
//! lang = "es"          # optional: without it the reply fits any language
//! text = "Buenos días, le atiende {agent}. ¿En qué puedo ayudarle?"
//! ```
use serde::{Deserialize, Serialize};

use super::root::Root;
use super::{Diagnostic, Lang, Severity};

/// The replies file at the top of a root.
pub const FILE: &str = "replies.toml";

/// One quick reply, e.g. `name = "saludo"`, `text = "Buenos días, le atiende {agent}..."`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub name: String,
    pub lang: Option<Lang>,
    pub text: String,
}

/// Reads a root's `replies.toml` (missing file: no replies). A reply with a problem is
/// reported and left out; the others still load.
pub fn load(root: &Root) -> (Vec<Reply>, Vec<Diagnostic>) {
    let path = root.dir.join(FILE);
    match std::fs::read(&path) {
        Ok(bytes) => parse(&path, &bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), Vec::new()),
        Err(e) => (
            Vec::new(),
            vec![diag(
                &path,
                0,
                Severity::Error,
                format!("cannot read the file: {e}"),
            )],
        ),
    }
}

/// A root's replies: its own `replies.toml`, or, when it has none, the bundled ones in
/// `lang` (and those for any language).
pub fn load_or_bundled(root: &Root, lang: Lang) -> (Vec<Reply>, Vec<Diagnostic>) {
    if !super::bundled::stands_in(root, FILE) {
        return load(root);
    }
    let bytes = super::bundled::file(FILE).unwrap_or_default();
    let (mut replies, diags) = parse(std::path::Path::new(FILE), bytes);
    replies.retain(|r| r.lang.is_none_or(|l| l == lang));
    (replies, diags)
}

fn diag(path: &std::path::Path, line: usize, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        line,
        severity,
        message,
    }
}

/// Parses the contents of a replies file; `path` is for messages.
pub fn parse(path: &std::path::Path, bytes: &[u8]) -> (Vec<Reply>, Vec<Diagnostic>) {
    use super::frontmatter::{Entry, Value};
    use crate::text::line_of_bytes;
    let mut diags = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let line = line_of_bytes(bytes, e.valid_up_to());
            diags.push(diag(
                path,
                line,
                Severity::Error,
                "not valid UTF-8 text: save the file as UTF-8".into(),
            ));
            return (Vec::new(), diags);
        }
    };
    let split = super::frontmatter::Split {
        format: super::frontmatter::Format::Toml,
        front: text,
        front_line: 1,
        body: "",
        body_line: 1,
    };
    let entries = match super::frontmatter::entries(&split) {
        Ok(e) => e,
        Err(f) => {
            let message = f.message.replace("front matter", "replies file");
            let message = message
                .split("; fix the value")
                .next()
                .unwrap_or(&message)
                .to_string();
            diags.push(diag(path, f.line, Severity::Error, message));
            return (Vec::new(), diags);
        }
    };
    let mut replies: Vec<Reply> = Vec::new();
    for e in &entries {
        if e.key != "reply" {
            diags.push(diag(
                path,
                e.line,
                Severity::Warning,
                format!(
                    "unknown key `{}` (ignored): write each reply as a [[reply]] table with name and text",
                    e.key
                ),
            ));
            continue;
        }
        let Value::List(items) = &e.value else {
            diags.push(diag(
                path,
                e.line,
                Severity::Error,
                "`reply` must be [[reply]] tables with name = \"…\" and text = \"…\"".into(),
            ));
            continue;
        };
        for (n, item) in items.iter().enumerate() {
            let Value::Map(fields) = item else {
                diags.push(diag(
                    path,
                    e.line,
                    Severity::Error,
                    format!("reply #{} is not a table: write it as [[reply]]", n + 1),
                ));
                continue;
            };
            let line = fields
                .first()
                .map_or(e.line, |f| f.line.saturating_sub(1).max(1));
            let get = |k: &str| -> Option<&Entry> { fields.iter().find(|f| f.key == k) };
            let name = get("name")
                .and_then(|f| f.value.scalar())
                .map(|s| s.trim().to_string());
            let body = get("text").and_then(|f| f.value.scalar());
            for f in fields {
                if !matches!(f.key.as_str(), "name" | "text" | "lang") {
                    diags.push(diag(
                        path,
                        f.line,
                        Severity::Warning,
                        format!(
                            "unknown reply key `{}` (ignored): a reply has name, lang and text",
                            f.key
                        ),
                    ));
                }
            }
            let lang = match get("lang") {
                None => None,
                Some(f) => match f.value.scalar().as_deref().and_then(Lang::parse) {
                    Some(l) => Some(l),
                    None => {
                        diags.push(diag(
                            path,
                            f.line,
                            Severity::Error,
                            "unknown lang: use \"es\" (Spanish) or \"en\" (English), or remove it so the reply fits both".into(),
                        ));
                        continue;
                    }
                },
            };
            let (Some(name), Some(body)) = (name.filter(|n| !n.is_empty()), body) else {
                diags.push(diag(
                    path,
                    line,
                    Severity::Error,
                    "a reply needs name = \"…\" and text = \"…\"".into(),
                ));
                continue;
            };
            if body.trim().is_empty() {
                diags.push(diag(
                    path,
                    get("text").map_or(line, |f| f.line),
                    Severity::Error,
                    format!("reply {name:?} has an empty text"),
                ));
                continue;
            }
            if replies.iter().any(|r| r.name == name && r.lang == lang) {
                diags.push(diag(
                    path,
                    get("name").map_or(line, |f| f.line),
                    Severity::Warning,
                    format!("reply {name:?} is defined twice for the same language; both are kept"),
                ));
            }
            replies.push(Reply {
                name,
                lang,
                text: body.trim_end().to_string(),
            });
        }
    }
    (replies, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn parses_replies_and_reports_bad_ones() {
        let text = "[[reply]]\nname = \"saludo\"\nlang = \"es\"\ntext = \"Hola, soy {agent}.\"\n\n[[reply]]\nname = \"sin texto\"\n\n[[reply]]\nname = \"hello\"\nlang = \"en\"\ntext = \"\"\"\nHi!\n\"\"\"\n";
        let (r, d) = parse(Path::new("replies.toml"), text.as_bytes());
        assert_eq!(r.len(), 2, "{d:?}");
        assert_eq!(r[0].name, "saludo");
        assert_eq!(r[0].lang, Some(Lang::Es));
        assert_eq!(r[1].text, "Hi!");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(d[0].line, 6);
    }

    #[test]
    fn syntax_error_has_a_line() {
        let (r, d) = parse(Path::new("replies.toml"), b"[[reply]]\nname = saludo\n");
        assert!(r.is_empty());
        assert_eq!(d[0].line, 2);
    }
}
