//! The phrases a rubric looks for in what was said: the scenarios' [`Pattern`] (words
//! with `|` alternatives, a trailing `*` for a prefix, or `/a regex/`; accents and case
//! ignored), so a rubric and a scenario match text the same way.
pub use super::scenario::Pattern as Phrase;

/// Compiles a list of patterns; the first bad one says what is wrong.
pub fn compile(sources: &[String]) -> Result<Vec<Phrase>, String> {
    sources.iter().map(|s| Phrase::parse(s)).collect()
}

/// The first phrase of `phrases` that occurs in `text`.
pub fn first_match<'a>(phrases: &'a [Phrase], text: &str) -> Option<&'a Phrase> {
    phrases.iter().find(|p| p.matches(text))
}
