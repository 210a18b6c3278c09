//! Related forms the stemmers do not join ("Europa" and "europea"), kept as data in
//! `related.toml` and applied to query words: a word in a group is searched as every
//! word of its group.
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    groups: Vec<Vec<String>>,
}

/// The groups of a bundled list of word groups (`groups = [[...], ...]`): none when it
/// does not read, and a test keeps each bundled one readable.
pub(crate) fn read_groups(text: &str) -> Vec<Vec<String>> {
    toml::from_str::<File>(text)
        .map(|f| f.groups)
        .unwrap_or_default()
}

/// Asserts that a bundled list reads and holds groups of two or more single words,
/// lowercase, without accents (tests).
#[cfg(test)]
pub(crate) fn assert_groups_of_folded_words(text: &str) {
    let file: File = toml::from_str(text).unwrap();
    assert!(!file.groups.is_empty());
    for g in &file.groups {
        assert!(g.len() > 1, "{g:?}");
        for w in g {
            assert!(
                w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{w:?} must be one lowercase word without accents"
            );
        }
    }
}

fn groups() -> &'static [Vec<String>] {
    static GROUPS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    GROUPS.get_or_init(|| read_groups(include_str!("related.toml")))
}

/// The word itself first, then the other forms of its group, if it has one. `word` is
/// lowercase and folded, as the analyzers give it.
pub fn forms(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    if let Some(group) = groups().iter().find(|g| g.iter().any(|w| w == word)) {
        out.extend(group.iter().map(String::as_str).filter(|w| *w != word));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_reads_and_is_folded_single_words() {
        assert_groups_of_folded_words(include_str!("related.toml"));
    }

    #[test]
    fn a_word_brings_its_group() {
        assert_eq!(forms("europa")[0], "europa");
        assert!(forms("europa").contains(&"europea"));
        assert!(forms("european").contains(&"europe"));
        assert_eq!(forms("factura"), ["factura"]);
    }
}
