//! The open article: its selectable phrases and steps, and how far it scrolls.
use crate::knowledge::Article;

use super::{Layout, steps};

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

/// Wrapped lines a text takes at a width (by display width; a close estimate of what the
/// renderer draws, which clamps the rest).
pub(super) fn estimate_lines<'a>(texts: impl Iterator<Item = &'a str>, width: u16) -> usize {
    let width = usize::from(width.max(10));
    texts
        .flat_map(|t| t.split('\n'))
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l)
                .div_ceil(width)
                .max(1)
        })
        .sum()
}

/// How far the reader may scroll for the current layout.
pub(super) fn max_scroll(a: &Article, layout: Option<Layout>) -> u16 {
    let (width, rows) = layout
        .and_then(|l| l.reader)
        .map_or((60, 10), |r| (r.inner().width, r.inner().height));
    let decide: Vec<String> = a
        .decide
        .iter()
        .map(|(l, t)| format!("┃ {l}: {t}"))
        .collect();
    let phrases: Vec<String> = a.phrases.iter().map(|p| format!("┃ « {p} »")).collect();
    let lines = estimate_lines(
        [a.title.as_str(), a.summary.as_str(), a.body.as_str()]
            .into_iter()
            .chain(decide.iter().map(String::as_str))
            .chain(phrases.iter().map(String::as_str)),
        width,
    ) + 6;
    u16::try_from(lines.saturating_sub(usize::from(rows))).unwrap_or(u16::MAX)
}
