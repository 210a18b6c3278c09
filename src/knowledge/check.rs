//! `apunte check`: every finding of loading a knowledge base, plus checks across
//! articles (references to articles that do not exist), sorted for reading.
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::loader::{self, Root};
use super::{Article, Diagnostic, Severity};

/// What checking a set of roots found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub roots: usize,
    /// Articles that loaded (files with errors are not counted).
    pub articles: usize,
    /// Markdown files found.
    pub files: usize,
    /// Every finding, sorted by path then line.
    pub diagnostics: Vec<Diagnostic>,
    /// Roots with no Markdown file at all.
    pub empty_roots: Vec<PathBuf>,
    /// Ids of the articles that loaded, for checks of files that refer to them.
    pub article_ids: HashSet<String>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when the base can be used as it is: no errors and no empty root.
    pub fn ok(&self) -> bool {
        self.errors() == 0 && self.empty_roots.is_empty()
    }
}

impl Report {
    /// Adds findings from other files of the roots (cue lexicons, …), keeping the order.
    pub fn add(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(more);
        self.diagnostics
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }
}

/// Loads and checks every root.
pub fn check(roots: &[Root]) -> Report {
    let kb = loader::load(roots);
    let mut report = Report {
        roots: roots.len(),
        articles: kb.articles.len(),
        article_ids: kb.articles.iter().map(|a| a.id.clone()).collect(),
        ..Report::default()
    };
    for root in roots {
        let files = loader::scan(root).map(|f| f.len()).unwrap_or(0);
        report.files += files;
        if files == 0 && root.dir.is_dir() {
            report.empty_roots.push(root.dir.clone());
        }
    }
    let mut diagnostics = kb.diagnostics;
    diagnostics.extend(references(&kb.articles));
    diagnostics.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    report.diagnostics = diagnostics;
    report
}

/// Warnings for article ids written in backticks (`facturacion/cargo-duplicado`) and
/// relative links to `.md` files that point to no article.
pub fn references(articles: &[Article]) -> Vec<Diagnostic> {
    let ids: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let categories: HashSet<&str> = articles
        .iter()
        .filter(|a| !a.category.is_empty())
        .map(|a| a.category.split('/').next().unwrap_or(""))
        .collect();
    let mut out = Vec::new();
    for a in articles {
        let mut fenced = false;
        for (i, line) in a.body.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                continue;
            }
            let line_no = a.body_line + i;
            for span in code_spans(line) {
                if looks_like_id(span)
                    && categories.contains(span.split('/').next().unwrap_or(""))
                    && !ids.contains(span)
                {
                    out.push(Diagnostic {
                        path: a.path.clone(),
                        line: line_no,
                        severity: Severity::Warning,
                        message: format!(
                            "refers to article `{span}`, which does not exist: fix the id or write that article"
                        ),
                    });
                }
            }
            for target in md_links(line) {
                if !link_exists(&a.path, target) {
                    out.push(Diagnostic {
                        path: a.path.clone(),
                        line: line_no,
                        severity: Severity::Warning,
                        message: format!("links to {target}, which does not exist"),
                    });
                }
            }
        }
    }
    out
}

fn looks_like_id(s: &str) -> bool {
    s.contains('/')
        && !s.starts_with('/')
        && !s.ends_with('/')
        && !s.contains("//")
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/'))
        && s.chars().any(|c| c.is_alphabetic())
}

/// The contents of single-backtick code spans on one line.
fn code_spans(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('`') else { break };
        if end > 0 {
            out.push(after[..end].trim());
        }
        rest = &after[end + 1..];
    }
    out
}

/// Relative link targets to Markdown files on one line: `](../x/y.md)` or `](y.md#part)`.
fn md_links(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(')') else { break };
        let target = after[..end].split_whitespace().next().unwrap_or("");
        let file = target.split('#').next().unwrap_or("");
        let lower = file.to_ascii_lowercase();
        if !file.contains("://")
            && !file.starts_with('/')
            && !file.starts_with("mailto:")
            && (lower.ends_with(".md") || lower.ends_with(".markdown"))
        {
            out.push(file);
        }
        rest = &after[end..];
    }
    out
}

fn link_exists(article: &Path, target: &str) -> bool {
    let base = article.parent().unwrap_or(Path::new(""));
    base.join(target).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_code_spans_and_links() {
        assert_eq!(code_spans("ver `a/b` y `c` o `"), vec!["a/b", "c"]);
        assert_eq!(
            md_links("[x](../a/b.md#s) [y](https://e.com/a.md) [z](c.md \"t\")"),
            vec!["../a/b.md", "c.md"]
        );
        assert!(looks_like_id("facturacion/cargo-duplicado"));
        assert!(!looks_like_id("Faro > Mapa"));
        assert!(!looks_like_id("/usr/bin"));
        assert!(!looks_like_id("12/34"));
    }
}
