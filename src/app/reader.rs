//! The open article: its selectable phrases, steps and paragraphs, and how far it
//! scrolls.
use crate::knowledge::Article;

use super::links::{self, Link};
use super::{Effect, Extent, State, steps};

/// The open article.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub article: Article,
    /// First visible line.
    pub scroll: u16,
    /// Selected item: phrases first, then the body's blocks (steps and paragraphs) in
    /// document order.
    pub selected: Option<usize>,
    /// The numbered steps of the body.
    pub steps: Vec<String>,
    /// The body's selectable blocks: numbered steps and paragraphs outside lists.
    pub blocks: Vec<steps::Block>,
    /// The cross-references to other articles, in document order.
    pub links: Vec<Link>,
    /// The selected cross-reference (Enter follows it).
    pub link: Option<usize>,
}

/// Where the reader was before following a cross-reference (the back key returns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visited {
    pub article: String,
    pub scroll: u16,
    pub link: Option<usize>,
}

impl Reader {
    /// The reader of `article`; `categories` are the base's (for its cross-references).
    pub(super) fn new(article: Article, categories: &[String]) -> Reader {
        let steps = steps::steps(&article.body);
        let blocks = steps::blocks(&article.body);
        let links = links::links(&article.body, &article.rel_path, categories);
        Reader {
            article,
            scroll: 0,
            selected: None,
            steps,
            blocks,
            links,
            link: None,
        }
    }
    /// Finds the cross-references again with the base's `categories` (they came after
    /// the article was opened), keeping the selection when it still exists.
    pub(super) fn relink(&mut self, categories: &[String]) {
        self.links = links::links(&self.article.body, &self.article.rel_path, categories);
        self.link = self.link.filter(|i| *i < self.links.len());
    }

    /// Number of selectable items (phrases + steps and paragraphs).
    pub fn items(&self) -> usize {
        self.article.phrases.len() + self.blocks.len()
    }
    /// The selected block of the body (a step or a paragraph).
    fn selected_block(&self) -> Option<&steps::Block> {
        self.selected
            .and_then(|s| s.checked_sub(self.article.phrases.len()))
            .and_then(|b| self.blocks.get(b))
    }
    /// The selected phrase's index, if a phrase is selected.
    pub fn selected_phrase(&self) -> Option<usize> {
        self.selected.filter(|s| *s < self.article.phrases.len())
    }
    /// The selected step's index, if a step is selected.
    pub fn selected_step(&self) -> Option<usize> {
        self.selected_block().and_then(|b| b.step)
    }
    /// The selected paragraph's index among the body's paragraphs outside lists.
    pub fn selected_paragraph(&self) -> Option<usize> {
        let first = self.article.phrases.len();
        let b = self.selected?.checked_sub(first)?;
        (self.blocks.get(b)?.step.is_none())
            .then(|| self.blocks[..b].iter().filter(|x| x.step.is_none()).count())
    }
    pub(super) fn selected_text(&self) -> Option<String> {
        if let Some(p) = self.selected_phrase() {
            return self.article.phrases.get(p).cloned();
        }
        self.selected_block().map(|b| b.text.clone())
    }
}

/// Moves to the next (or previous) cross-reference of the open article; false when it
/// has none.
pub(super) fn move_link(state: &mut State, back: bool) -> bool {
    let Some(r) = &mut state.reader else {
        return false;
    };
    let n = r.links.len();
    if n == 0 {
        return false;
    }
    r.selected = None;
    r.link = Some(match (r.link, back) {
        (None, false) => 0,
        (None, true) => n - 1,
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
    });
    true
}

/// Follows the selected cross-reference (the article and place left are remembered for
/// the back key); false when none is selected.
pub(super) fn follow_link(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    let Some(r) = &state.reader else {
        return false;
    };
    let Some(link) = r.link.and_then(|i| r.links.get(i)) else {
        return false;
    };
    let target = link.target.clone();
    let here = Visited {
        article: r.article.id.clone(),
        scroll: r.scroll,
        link: r.link,
    };
    state.history.push(here);
    state.opening = Some(target.clone());
    state.opening_via = Some("link".into());
    fx.push(Effect::OpenArticle(target));
    true
}

/// Goes back to the article a cross-reference was followed from, at the same place;
/// false when there is nowhere to go back to.
pub(super) fn go_back(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    let Some(v) = state.history.pop() else {
        return false;
    };
    state.opening = Some(v.article.clone());
    state.opening_via = Some("link".into());
    fx.push(Effect::OpenArticle(v.article.clone()));
    state.returning = Some(v);
    true
}

/// Scrolls the open article `by` lines, no further than the last frame drew (not at all
/// before the article is first drawn).
pub(super) fn scroll(state: &mut State, up: bool, by: u16) {
    let max = state.drawn.reader.map_or(0, Extent::max_scroll);
    if let Some(r) = &mut state.reader {
        r.selected = None;
        r.link = None;
        r.scroll = if up {
            r.scroll.saturating_sub(by)
        } else {
            r.scroll.saturating_add(by).min(max)
        };
    }
}
