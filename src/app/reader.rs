//! The open article: its selectable phrases and steps, and how far it scrolls.
use crate::knowledge::Article;

use super::{Extent, State, steps};

/// The open article.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub article: Article,
    /// First visible line.
    pub scroll: u16,
    /// Selected item: phrases first, then numbered steps.
    pub selected: Option<usize>,
    /// The numbered steps of the body.
    pub steps: Vec<String>,
}

impl Reader {
    pub(super) fn new(article: Article) -> Reader {
        let steps = steps::steps(&article.body);
        Reader {
            article,
            scroll: 0,
            selected: None,
            steps,
        }
    }
    /// Number of selectable items (phrases + steps).
    pub fn items(&self) -> usize {
        self.article.phrases.len() + self.steps.len()
    }
    /// The selected phrase's index, if a phrase is selected.
    pub fn selected_phrase(&self) -> Option<usize> {
        self.selected.filter(|s| *s < self.article.phrases.len())
    }
    /// The selected step's index, if a step is selected.
    pub fn selected_step(&self) -> Option<usize> {
        self.selected
            .and_then(|s| s.checked_sub(self.article.phrases.len()))
    }
    pub(super) fn selected_text(&self) -> Option<String> {
        if let Some(p) = self.selected_phrase() {
            return self.article.phrases.get(p).cloned();
        }
        self.selected_step()
            .and_then(|s| self.steps.get(s).cloned())
    }
}

/// Scrolls the open article `by` lines, no further than the last frame drew (not at all
/// before the article is first drawn).
pub(super) fn scroll(state: &mut State, up: bool, by: u16) {
    let max = state.drawn.reader.map_or(0, Extent::max_scroll);
    if let Some(r) = &mut state.reader {
        r.selected = None;
        r.scroll = if up {
            r.scroll.saturating_sub(by)
        } else {
            r.scroll.saturating_add(by).min(max)
        };
    }
}
