//! The selectable blocks of an article body, in document order: its numbered steps
//! (every ordered-list item) and its paragraphs outside lists. The reader lets the agent
//! select one to copy it or to flag it.
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A block the agent can select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    /// For a numbered step, its index among the steps (0-based); None for a paragraph.
    pub step: Option<usize>,
}

/// The body's steps and paragraphs outside lists, in document order (the reader's
/// renderer counts them the same way).
pub fn blocks(markdown: &str) -> Vec<Block> {
    let steps = steps(markdown);
    let mut out = Vec::new();
    // Stack of lists: true when ordered.
    let mut lists: Vec<bool> = Vec::new();
    let mut paragraph: Option<String> = None;
    let mut step_count = 0;
    for ev in Parser::new(markdown) {
        match ev {
            Event::Start(Tag::List(start)) => lists.push(start.is_some()),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            // An ordered item: `steps` has its text, in the same order.
            Event::Start(Tag::Item) if lists.last().copied().unwrap_or(false) => {
                // Counted as they come: recounting the blocks made a 100,000-item list
                // (`1. 1. 1. …`, 292 KB) take seconds to open.
                let k = step_count;
                step_count += 1;
                out.push(Block {
                    text: steps.get(k).cloned().unwrap_or_default(),
                    step: Some(k),
                });
            }
            Event::Start(Tag::Paragraph) if lists.is_empty() => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) if lists.is_empty() => {
                if let Some(p) = paragraph.take() {
                    out.push(Block {
                        text: p.trim().to_string(),
                        step: None,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(p) = paragraph.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// The text of each ordered-list item, in order (nested ordered items included, each
/// item's own text only).
pub fn steps(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Stack of lists: true when ordered.
    let mut lists: Vec<bool> = Vec::new();
    // Stack of open items: Some(index in out) for ordered items.
    let mut items: Vec<Option<usize>> = Vec::new();
    for ev in Parser::new(markdown) {
        match ev {
            Event::Start(Tag::List(start)) => lists.push(start.is_some()),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                if lists.last().copied().unwrap_or(false) {
                    out.push(String::new());
                    items.push(Some(out.len() - 1));
                } else {
                    items.push(None);
                }
            }
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(Some(i)) = items.last() {
                    out[*i].push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(Some(i)) = items.last() {
                    out[*i].push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(Some(i)) = items.last()
                    && !out[*i].ends_with(' ')
                {
                    out[*i].push(' ');
                }
            }
            _ => {}
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_steps_and_paragraphs_in_order() {
        let md = "Intro *here*\nand on.\n\n1. Check.\n2. Refund:\n\n   inside the item\n- bullet\n\n> quoted\n\nLast.\n";
        let b = blocks(md);
        let texts: Vec<(&str, Option<usize>)> =
            b.iter().map(|b| (b.text.as_str(), b.step)).collect();
        assert_eq!(
            texts,
            vec![
                ("Intro here and on.", None),
                ("Check.", Some(0)),
                ("Refund: inside the item", Some(1)),
                ("quoted", None),
                ("Last.", None),
            ]
        );
    }

    /// `1. 1. 1. …` is a list nested 100,000 deep: each item is a step, numbered in
    /// order (the reader opens it at once; it used to recount the blocks per item).
    #[test]
    fn a_list_nested_a_hundred_thousand_deep_has_a_step_per_item() {
        let md = format!("# t\n\n{}x\n", "1. ".repeat(100_000));
        let b = blocks(&md);
        assert_eq!(b.iter().filter(|b| b.step.is_some()).count(), 100_000);
        assert_eq!(b.last().and_then(|b| b.step), Some(99_999));
        assert_eq!(b.last().map(|b| b.text.as_str()), Some("x"));
    }

    #[test]
    fn finds_numbered_steps() {
        let md = "Intro\n\n1. Check the **charge**.\n2. Refund it:\n   - bullet\n3. Tell `them`.\n\n- not a step\n";
        assert_eq!(
            steps(md),
            vec!["Check the charge.", "Refund it:", "Tell them."]
        );
    }
}
