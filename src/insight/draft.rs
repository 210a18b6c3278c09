//! Draft articles: a knowledge file prefilled from what a customer asked, for an editor
//! to finish and move into the base. Its front matter has the title (from the query or
//! the group's words), `keywords` (the query and the customer's own words), `lang`, an
//! empty `owner`, `status = "draft"` and today's `updated`; its body states the problem
//! in the customer's words (already redacted by the caller) and leaves the steps to
//! write. The file passes `apunte check`.
use std::io;
use std::path::{Path, PathBuf};

use crate::i18n::Msg;
use crate::search::analysis::{Analyzers, is_stop_word};
use crate::text::{Lang, fold};

/// The folder under the data dir where drafts go by default.
pub const DRAFTS_DIR: &str = "drafts";

/// Most keywords taken from the customer's words.
const MAX_WORDS: usize = 8;

/// What a draft is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub lang: Lang,
    pub keywords: Vec<String>,
    /// The customer's words: the problem statement, one quote per line.
    pub problem: Vec<String>,
    /// Day of writing (`YYYY-MM-DD`).
    pub updated: String,
}

/// The content words of some texts, most frequent first (then first seen), folded.
pub fn content_words(texts: &[String]) -> Vec<String> {
    let mut an = Analyzers::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in texts {
        for w in an.words(t) {
            if w.folded.chars().count() < 3
                || is_stop_word(&w.folded)
                || w.folded.chars().all(|c| c.is_ascii_digit())
            {
                continue;
            }
            match counts.iter_mut().find(|(x, _)| *x == w.folded) {
                Some(e) => e.1 += 1,
                None => counts.push((w.folded, 1)),
            }
        }
    }
    // Stable: equal counts keep their first-seen order.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(w, _)| w).collect()
}

impl Draft {
    /// A draft from a search: titled by the query, keywords from the query and the
    /// customer's recent words.
    pub fn from_search(query: &str, customer: &[String], lang: Lang, today: &str) -> Draft {
        let query = query.trim();
        let mut keywords = vec![query.to_string()];
        for w in content_words(customer).into_iter().take(MAX_WORDS) {
            if !keywords.iter().any(|k| fold(k) == w) {
                keywords.push(w);
            }
        }
        let mut title: String = query.to_string();
        if let Some(first) = title.chars().next() {
            title = first.to_uppercase().chain(title.chars().skip(1)).collect();
        }
        Draft {
            title,
            lang,
            keywords,
            problem: customer.to_vec(),
            updated: today.to_string(),
        }
    }

    /// The draft with card numbers, ids and the like masked as the journal masks them
    /// (a quote is masked with the one before it, so a number split across two turns
    /// is caught too).
    pub fn masked(&self, r: &crate::redact::Redactor) -> Draft {
        let mut problem = Vec::with_capacity(self.problem.len());
        let mut previous = String::new();
        for p in &self.problem {
            problem.push(r.redact_after(&previous, p).into_owned());
            previous.clone_from(p);
        }
        Draft {
            title: r.redact(&self.title).into_owned(),
            lang: self.lang,
            keywords: self
                .keywords
                .iter()
                .map(|k| r.redact(k).into_owned())
                .collect(),
            problem,
            updated: self.updated.clone(),
        }
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let keywords = self
            .keywords
            .iter()
            .map(|k| q(k))
            .collect::<Vec<_>>()
            .join(", ");
        let mut out = String::from("+++\n");
        out.push_str(&format!("title = {}\n", q(&self.title)));
        out.push_str(&format!("lang = \"{}\"\n", self.lang.code()));
        out.push_str(&format!("keywords = [{keywords}]\n"));
        out.push_str("owner = \"\"\n");
        out.push_str("status = \"draft\"\n");
        out.push_str(&format!("updated = {}\n", self.updated));
        out.push_str("+++\n\n");
        let title: String = self.title.replace(['\n', '\r'], " ");
        out.push_str(&format!("# {title}\n\n"));
        out.push_str(&format!("## {}\n\n", Msg::DraftProblem.text(self.lang)));
        for p in &self.problem {
            let line = p.replace(['\n', '\r'], " ");
            let line = line.trim();
            if !line.is_empty() {
                out.push_str(&format!("> {line}\n>\n"));
            }
        }
        if self.problem.iter().all(|p| p.trim().is_empty()) {
            out.push_str(&format!("> {}\n", self.title));
        } else {
            out.pop();
            out.pop();
            out.push('\n');
        }
        out.push_str(&format!(
            "\n## {}\n\n1. {}\n",
            Msg::DraftSteps.text(self.lang),
            Msg::DraftToWrite.text(self.lang)
        ));
        out
    }

    /// A file name from the title: folded, `-` between words, at most 60 characters.
    pub fn file_stem(&self) -> String {
        let folded = fold(&self.title);
        let mut stem = String::new();
        for w in folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if stem.len() + w.len() + 1 > 60 {
                break;
            }
            if !stem.is_empty() {
                stem.push('-');
            }
            stem.push_str(w);
        }
        if stem.is_empty() {
            stem.push_str("borrador");
        }
        stem
    }

    /// Writes the draft into `dir` (created if needed) under a name no file has yet
    /// (`stem.md`, `stem-2.md` …). Returns the file written.
    ///
    /// A draft quotes the call (masked): the file is `0600`, and a folder made for it
    /// `0700`, like the journals; a folder that exists (a team's, set in `drafts`) keeps
    /// its rights.
    pub fn write_new(&self, dir: &Path) -> io::Result<PathBuf> {
        if !dir.is_dir() {
            crate::private::create_dir_all(dir).map_err(|e| {
                io::Error::new(e.kind(), format!("{}: cannot create ({e})", dir.display()))
            })?;
        }
        let stem = self.file_stem();
        let text = self.to_text();
        for n in 1..1000 {
            let name = if n == 1 {
                format!("{stem}.md")
            } else {
                format!("{stem}-{n}.md")
            };
            let path = dir.join(name);
            match crate::private::create_new(&path) {
                Ok(mut f) => {
                    use std::io::Write;
                    f.write_all(text.as_bytes()).map_err(|e| {
                        io::Error::new(e.kind(), format!("{}: cannot write ({e})", path.display()))
                    })?;
                    return Ok(path);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("{}: cannot create ({e})", path.display()),
                    ));
                }
            }
        }
        Err(io::Error::other(format!(
            "{}: too many drafts named {stem}; move some into the base",
            dir.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Redactor;

    /// What the customer said is masked as in the journal before the draft is written,
    /// a number split over two turns too; the file is new each time.
    #[test]
    fn a_draft_is_masked_and_never_overwrites_one() {
        let d = Draft::from_search(
            "tarjeta 4111 1111 1111 1111",
            &[
                "mi tarjeta es 4111 1111".into(),
                "1111 1111 y no funciona".into(),
            ],
            Lang::Es,
            "2026-12-02",
        );
        let m = d.masked(&Redactor::default());
        let text = m.to_text();
        assert!(!text.contains("4111 1111 1111"), "{text}");
        assert!(text.contains("> [card] y no funciona"), "{text}");
        let dir = tempfile::tempdir().unwrap();
        let a = m.write_new(dir.path()).unwrap();
        let b = m.write_new(dir.path()).unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), text);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&a), 0o600);
            let fresh = dir.path().join("nueva/drafts");
            let c = m.write_new(&fresh).unwrap();
            assert_eq!((mode(&fresh), mode(&c)), (0o700, 0o600));
        }
    }
}
