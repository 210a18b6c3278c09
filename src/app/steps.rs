//! The numbered steps of an article body (every ordered-list item, in document order):
//! the reader lets the agent select one and copy it.
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

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
    fn finds_numbered_steps() {
        let md = "Intro\n\n1. Check the **charge**.\n2. Refund it:\n   - bullet\n3. Tell `them`.\n\n- not a step\n";
        assert_eq!(
            steps(md),
            vec!["Check the charge.", "Refund it:", "Tell them."]
        );
    }
}
