//! Phrases a rubric looks for in what was said: words matched whole, ignoring case and
//! accents (`verificar su identidad` matches "Verificar SU identidad"), a trailing `*`
//! making a word a prefix (`disculp*` matches disculpe, disculpas), a phrase of several
//! words matching them in a row. A phrase without letters or digits matches that text
//! anywhere.
use crate::assist::text::{Word, fold, words};

/// One compiled phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// As written in the rubric.
    pub source: String,
    matcher: Matcher,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    Words(Vec<PatWord>),
    Literal(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PatWord {
    Exact(String),
    Prefix(String),
}

impl Phrase {
    /// Compiles a phrase; None when it is empty.
    pub fn new(source: &str) -> Option<Phrase> {
        let folded = fold(source.trim());
        if folded.is_empty() {
            return None;
        }
        let ws = words(&folded);
        let matcher = if ws.is_empty() {
            Matcher::Literal(folded)
        } else {
            let starred = |w: &Word<'_>| folded[w.start + w.raw.len()..].starts_with('*');
            Matcher::Words(
                ws.iter()
                    .map(|w| {
                        if starred(w) {
                            PatWord::Prefix(w.folded.clone())
                        } else {
                            PatWord::Exact(w.folded.clone())
                        }
                    })
                    .collect(),
            )
        };
        Some(Phrase {
            source: source.trim().to_string(),
            matcher,
        })
    }

    /// True when the phrase occurs in `text`.
    pub fn matches(&self, text: &str) -> bool {
        match &self.matcher {
            Matcher::Literal(lit) => fold(text).contains(lit.as_str()),
            Matcher::Words(pat) => {
                let ws = words(text);
                let n = pat.len();
                n <= ws.len()
                    && (0..=ws.len() - n).any(|i| {
                        pat.iter().zip(&ws[i..i + n]).all(|(p, w)| match p {
                            PatWord::Exact(e) => *e == w.folded,
                            PatWord::Prefix(pre) => w.folded.starts_with(pre.as_str()),
                        })
                    })
            }
        }
    }
}

/// Compiles a list, dropping empty phrases.
pub fn compile(sources: &[String]) -> Vec<Phrase> {
    sources.iter().filter_map(|s| Phrase::new(s)).collect()
}

/// The first phrase of `phrases` that occurs in `text`.
pub fn first_match<'a>(phrases: &'a [Phrase], text: &str) -> Option<&'a Phrase> {
    phrases.iter().find(|p| p.matches(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Phrase::new(p).unwrap().matches(t)
    }

    #[test]
    fn whole_words_case_and_accents() {
        assert!(m(
            "verificar su identidad",
            "Necesito VERIFICAR su identídad, ¿vale?"
        ));
        assert!(!m("dni", "dnis"));
        assert!(m("disculp*", "Disculpe las molestias"));
        assert!(m("I'm sorry", "i’m SORRY about that"));
        assert!(!m("lo siento", "lo que siento"));
        assert!(m("!!!", "ya!!!"));
        assert!(Phrase::new("  ").is_none());
    }
}
