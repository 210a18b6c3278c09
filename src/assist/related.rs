//! Words customers use for one another ("cracked" for "damaged", "me he mudado" for a
//! change of address), kept as data in `related.toml`: a said word also looks for the
//! other words of its groups, at a fraction of its weight, so that a suggestion does not
//! depend on the customer using the article's own words.
use std::sync::OnceLock;

use super::text::same_stem;
use crate::search::related::read_groups;

/// At most this many related words per said word (the closest groups' first words).
pub const MAX_PER_WORD: usize = 8;

fn groups() -> &'static [Vec<String>] {
    static GROUPS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    GROUPS.get_or_init(|| read_groups(include_str!("related.toml")))
}

/// Same word up to its ending, a little stricter than the suggestions' own (at most 2
/// letters left of the shorter word): a group's words are short and near one another.
fn same(said: &str, listed: &str) -> bool {
    same_stem(said, listed, 2)
}

/// The other words of every group `word` (folded, lowercase) is in, without repeats and
/// without words like it, at most [`MAX_PER_WORD`].
pub fn related(word: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for group in groups() {
        if !group.iter().any(|w| same(word, w)) {
            continue;
        }
        for w in group {
            if out.len() >= MAX_PER_WORD {
                return out;
            }
            if !same(word, w) && !out.contains(&w.as_str()) {
                out.push(w.as_str());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_reads_and_is_folded_single_words() {
        crate::search::related::assert_groups_of_folded_words(include_str!("related.toml"));
        assert!(read_groups(include_str!("related.toml")).len() > 50);
    }

    #[test]
    fn said_words_find_their_group_up_to_the_ending() {
        assert!(related("cracked").contains(&"damaged"));
        assert!(related("cancelled").contains(&"terminate"));
        assert!(related("mudado").contains(&"domicilio"));
        assert!(!related("cracked").contains(&"cracked"));
        assert!(related("hello").is_empty());
        assert!(related("broken").len() <= MAX_PER_WORD);
    }
}
