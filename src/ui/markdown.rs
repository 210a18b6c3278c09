//! A small Markdown renderer for the reader: pulldown-cmark events → wrapped ratatui
//! lines. Headings, bold/italic, numbered and bulleted lists (hanging indents), inline
//! code and code blocks, block quotes, rules, and links shown as their text.
//!
//! What one frame costs stays bounded whatever the article: rendering stops once the
//! lines asked for exist (and the selected step is drawn), nesting deeper than
//! [`MAX_NESTING`] is drawn at that depth, and a paragraph longer than
//! [`PARAGRAPH_SHOWN`] bytes is cut with a line saying how much more there is, unless
//! the agent asked for long text in full.
//! Cross-references to other articles (see [`crate::app::links`]) are underlined, the
//! selected one drawn selected.
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::text::{sanitize, wrap};
use super::theme::Theme;
use crate::app::links;

/// Lists or quotes nested deeper than this are drawn at this depth.
pub const MAX_NESTING: usize = 8;
/// Bytes of one paragraph (or list item) drawn until long text is asked for in full.
pub const PARAGRAPH_SHOWN: usize = 8_000;

/// How much to render.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// Stop once this many lines exist (the selected step drawn); 0: no limit.
    pub lines: usize,
    /// Cut long paragraphs, ending them with a muted `… N ` + this (None: in full).
    pub more: Option<String>,
}

struct Renderer<'t> {
    theme: &'t Theme,
    width: usize,
    limits: Limits,
    /// Bytes of text in the line being built, and of text left out of it.
    line_bytes: usize,
    hidden: usize,
    /// Open items that are the selected step.
    selected_open: usize,
    out: Vec<Line<'static>>,
    /// The line being built.
    spans: Vec<Span<'static>>,
    /// Hanging indent for continuation lines of the current block.
    indent: usize,
    styles: Vec<Style>,
    /// Lists: Some(next number) for ordered.
    lists: Vec<Option<u64>>,
    quote: usize,
    in_code_block: bool,
    /// Ordered items seen so far (for the selected step).
    step_count: usize,
    selected_step: Option<usize>,
    /// Stack: is the open item the selected step?
    item_selected: Vec<bool>,
    /// Lines of the selected step (first, last) for scrolling.
    pub selected_lines: Option<(usize, usize)>,
    /// The line each selectable block (numbered item, paragraph outside lists) starts on.
    block_starts: Vec<usize>,
    /// Paragraphs outside lists seen so far, the selected one, and whether the open
    /// paragraph is it.
    paragraph_count: usize,
    selected_paragraph: Option<usize>,
    paragraph_open: bool,
    /// The article's path (cross-references by relative path resolve from it).
    rel_path: &'t str,
    /// Cross-references seen so far, and the selected one.
    link_count: usize,
    selected_link: Option<usize>,
    /// Inside a Markdown link to an article: is it the selected one?
    in_link: Option<bool>,
    /// The line being built holds the selected cross-reference.
    link_here: bool,
    /// The base's categories (inline code in one of them is a cross-reference).
    categories: &'t [String],
    /// The text before the next code span ends with "see" / "ver".
    after_see: bool,
}

impl Renderer<'_> {
    /// Counts a cross-reference; true when it is the selected one.
    fn next_link(&mut self) -> bool {
        let selected = self.selected_link == Some(self.link_count);
        self.link_count += 1;
        self.link_here |= selected;
        selected
    }

    /// The style of a cross-reference.
    fn link_style(&self, base: Style, selected: bool) -> Style {
        let st = base.add_modifier(Modifier::UNDERLINED);
        if selected {
            st.patch(self.theme.selection())
        } else {
            st.patch(self.theme.fg("accent"))
        }
    }

    /// Plain text, with the ids after "see" / "ver" marked as cross-references.
    fn push_refs(&mut self, t: &str) {
        if self.in_link.is_some() {
            let st = self.style();
            self.spans.push(Span::styled(sanitize(t).into_owned(), st));
            return;
        }
        let mut pos = 0;
        for (r, _) in links::text_refs(t) {
            self.push_text(&t[pos..r.start]);
            let selected = self.next_link();
            let st = self.link_style(self.style(), selected);
            self.spans
                .push(Span::styled(sanitize(&t[r.clone()]).into_owned(), st));
            pos = r.end;
        }
        self.push_text(&t[pos..]);
    }

    fn style(&self) -> Style {
        let mut s = self.styles.last().copied().unwrap_or_default();
        if self.selected_open > 0 {
            s = s.patch(self.theme.selection());
        }
        s
    }

    fn push_text(&mut self, t: &str) {
        let t = self.within_limit(t);
        if t.is_empty() {
            return;
        }
        let style = self.style();
        self.spans
            .push(Span::styled(sanitize(t).into_owned(), style));
    }

    /// What of `t` fits in the line's share; the rest is counted as hidden.
    fn within_limit<'s>(&mut self, t: &'s str) -> &'s str {
        if self.limits.more.is_none() {
            return t;
        }
        let room = PARAGRAPH_SHOWN.saturating_sub(self.line_bytes);
        let cut = t.floor_char_boundary(room.min(t.len()));
        self.line_bytes += cut;
        self.hidden += t.len() - cut;
        &t[..cut]
    }

    fn prefix(&self) -> String {
        "│ ".repeat(self.quote.min(MAX_NESTING))
    }

    /// True once the lines asked for exist and the selected step and cross-reference
    /// (if any) are drawn.
    fn enough(&self) -> bool {
        let step_done = self
            .selected_step
            .is_none_or(|s| s < self.step_count && self.selected_open == 0);
        let paragraph_done = self
            .selected_paragraph
            .is_none_or(|p| p < self.paragraph_count && !self.paragraph_open);
        let link_done = self
            .selected_link
            .is_none_or(|l| l < self.link_count && !self.link_here);
        self.limits.lines > 0
            && self.out.len() >= self.limits.lines
            && step_done
            && paragraph_done
            && link_done
    }

    /// Ends the current line (if it has content).
    fn flush(&mut self) {
        if self.spans.is_empty() {
            return;
        }
        self.line_bytes = 0;
        let hidden = std::mem::take(&mut self.hidden);
        let mut spans = std::mem::take(&mut self.spans);
        // A trailing `{#anchor}` (Docusaurus, Kramdown) is markup, not text.
        if !self.in_code_block
            && let Some(last) = spans.last_mut()
        {
            let kept = crate::knowledge::markdown::strip_heading_id(&last.content).len();
            if kept < last.content.trim_end().len() {
                let text = last.content[..kept].to_string();
                last.content = text.into();
            }
        }
        let mut line = Vec::new();
        if self.quote > 0 {
            line.push(Span::styled(self.prefix(), self.theme.fg("muted")));
        }
        line.extend(spans);
        let start = self.out.len();
        let indent = self.indent + 2 * self.quote.min(MAX_NESTING);
        self.out.extend(wrap(Line::from(line), self.width, indent));
        if std::mem::take(&mut self.link_here) {
            self.selected_lines = Some((start, self.out.len().saturating_sub(1)));
        }
        if hidden > 0
            && let Some(more) = &self.limits.more
        {
            let text = format!("… {} {more}", hidden.div_ceil(1024));
            let line = Line::styled(text, self.theme.fg("muted"));
            self.out.extend(wrap(line, self.width, indent));
        }
        if self.item_selected.last().copied().unwrap_or(false) || self.paragraph_open {
            let end = self.out.len().saturating_sub(1);
            self.selected_lines = Some(match self.selected_lines {
                Some((a, _)) => (a, end),
                None => (start, end),
            });
        }
    }

    fn blank(&mut self) {
        self.flush();
        if self.out.last().is_some_and(|l| l.width() > 0) {
            self.out.push(Line::default());
        }
    }

    fn run(&mut self, md: &str) {
        for ev in Parser::new(md) {
            if self.enough() {
                break;
            }
            match ev {
                Event::Start(tag) => self.start(tag),
                Event::End(tag) => self.end(tag),
                Event::Text(t) => {
                    let after_see = links::ends_with_see(&t);
                    if self.in_code_block {
                        for (i, l) in t.split('\n').enumerate() {
                            if i > 0 {
                                self.flush();
                            }
                            let l = self.within_limit(l);
                            if !l.is_empty() {
                                let st = self.theme.fg("code");
                                self.spans
                                    .push(Span::styled(format!("    {}", sanitize(l)), st));
                            }
                        }
                    } else {
                        self.push_refs(&t);
                    }
                    self.after_see = after_see;
                }
                Event::Code(t) => {
                    let mut st = self.style().patch(self.theme.fg("code"));
                    let after_see = std::mem::take(&mut self.after_see);
                    if self.in_link.is_none()
                        && links::code_ref(&t, after_see, self.categories).is_some()
                    {
                        let selected = self.next_link();
                        st = self.link_style(st, selected);
                    }
                    let t = self.within_limit(&t).to_string();
                    self.spans.push(Span::styled(sanitize(&t).into_owned(), st));
                }
                Event::SoftBreak => self.push_text(" "),
                Event::HardBreak => self.flush(),
                Event::Rule => {
                    self.blank();
                    let w = self.width.min(40);
                    self.out
                        .push(Line::styled("─".repeat(w), self.theme.fg("muted")));
                    self.out.push(Line::default());
                }
                Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
                Event::Html(_) | Event::InlineHtml(_) => {}
                Event::FootnoteReference(t) => self.push_text(&format!("[{t}]")),
                _ => {}
            }
        }
        self.flush();
        while self.out.last().is_some_and(|l| l.width() == 0) {
            self.out.pop();
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                if self.lists.is_empty() {
                    let selected = self.selected_paragraph == Some(self.paragraph_count);
                    self.paragraph_count += 1;
                    self.block_starts.push(self.out.len());
                    self.paragraph_open = selected;
                    self.selected_open += usize::from(selected);
                }
            }
            Tag::Heading { level, .. } => {
                self.blank();
                let mut st = self.theme.fg("accent").add_modifier(Modifier::BOLD);
                if level == HeadingLevel::H1 {
                    st = st.add_modifier(Modifier::UNDERLINED);
                }
                self.styles.push(st);
            }
            Tag::BlockQuote(_) => {
                self.blank();
                self.quote += 1;
            }
            Tag::CodeBlock(kind) => {
                self.blank();
                self.in_code_block = true;
                if let CodeBlockKind::Fenced(_) = kind {}
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.blank();
                } else {
                    self.flush();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        let selected = self.selected_step == Some(self.step_count);
                        self.step_count += 1;
                        self.block_starts.push(self.out.len());
                        self.item_selected.push(selected);
                        self.selected_open += usize::from(selected);
                        m
                    }
                    _ => {
                        self.item_selected.push(false);
                        "• ".to_string()
                    }
                };
                let pad = "  ".repeat(depth.min(MAX_NESTING));
                self.indent = pad.len() + marker.chars().count();
                let selected = self.item_selected.last().copied().unwrap_or(false);
                let st = if selected {
                    self.theme.selection()
                } else {
                    self.theme.fg("accent")
                };
                let mark = format!("{pad}{marker}");
                self.spans.push(Span::styled(mark, st));
            }
            Tag::Emphasis => {
                let st = self.style().add_modifier(Modifier::ITALIC);
                self.styles.push(st);
            }
            Tag::Strong => {
                let st = self.style().add_modifier(Modifier::BOLD);
                self.styles.push(st);
            }
            Tag::Strikethrough => {
                let st = self.style().add_modifier(Modifier::CROSSED_OUT);
                self.styles.push(st);
            }
            Tag::Link { dest_url, .. } => {
                let mut st = self.style().add_modifier(Modifier::UNDERLINED);
                if links::target(&dest_url, self.rel_path).is_some() {
                    let selected = self.next_link();
                    self.in_link = Some(selected);
                    st = self.link_style(st, selected);
                }
                self.styles.push(st);
            }
            Tag::Image { .. } => {
                let st = self.theme.fg("muted");
                self.styles.push(st);
                self.push_text("[");
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.lists.is_empty() {
                    self.flush();
                    if std::mem::take(&mut self.paragraph_open) {
                        self.selected_open -= 1;
                    }
                    self.blank();
                } else {
                    self.flush();
                }
            }
            TagEnd::Heading(_) => {
                self.styles.pop();
                self.blank();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
                self.blank();
            }
            TagEnd::CodeBlock => {
                self.flush();
                self.in_code_block = false;
                self.blank();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.indent = 0;
                    self.blank();
                }
            }
            TagEnd::Item => {
                self.flush();
                if self.item_selected.pop() == Some(true) {
                    self.selected_open -= 1;
                }
                let depth = self.lists.len().saturating_sub(1);
                self.indent = depth.min(MAX_NESTING) * 2 + 3;
                if self.lists.is_empty() {
                    self.indent = 0;
                }
            }
            TagEnd::Link => {
                self.in_link = None;
                self.styles.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Image => {
                self.push_text("]");
                self.styles.pop();
            }
            _ => {}
        }
    }
}

/// The rendered body plus where the selected step sits.
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    /// First and last line of the selected step (or cross-reference).
    pub selected_lines: Option<(usize, usize)>,
    /// The line each selectable block (numbered step, paragraph outside lists) starts
    /// on, in document order.
    pub block_starts: Vec<usize>,
}

/// What is selected in a rendered body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection<'a> {
    /// The selected step (0-based, counting every numbered item in order).
    pub step: Option<usize>,
    /// The selected paragraph (0-based, counting the paragraphs outside lists).
    pub paragraph: Option<usize>,
    /// The selected cross-reference (0-based, in document order).
    pub link: Option<usize>,
    /// The article's path, for cross-references by relative path.
    pub rel_path: &'a str,
    /// The base's categories (inline code naming an article in one is a
    /// cross-reference, see [`crate::app::links::code_ref`]).
    pub categories: &'a [String],
}

/// Renders Markdown for a pane `width` columns wide, the selection drawn selected.
pub fn render(md: &str, theme: &Theme, width: usize, sel: Selection<'_>) -> Rendered {
    render_limited(md, theme, width, sel, Limits::default())
}

/// [`render`] within `limits` (what the reader draws per frame).
pub fn render_limited(
    md: &str,
    theme: &Theme,
    width: usize,
    sel: Selection<'_>,
    limits: Limits,
) -> Rendered {
    let mut r = Renderer {
        theme,
        width: width.max(10),
        limits,
        line_bytes: 0,
        hidden: 0,
        selected_open: 0,
        out: Vec::new(),
        spans: Vec::new(),
        indent: 0,
        styles: vec![theme.fg("base")],
        lists: Vec::new(),
        quote: 0,
        in_code_block: false,
        step_count: 0,
        selected_step: sel.step,
        item_selected: Vec::new(),
        selected_lines: None,
        block_starts: Vec::new(),
        paragraph_count: 0,
        selected_paragraph: sel.paragraph,
        paragraph_open: false,
        rel_path: sel.rel_path,
        link_count: 0,
        selected_link: sel.link,
        in_link: None,
        link_here: false,
        categories: sel.categories,
        after_see: false,
    };
    r.run(md);
    Rendered {
        lines: r.out,
        selected_lines: r.selected_lines,
        block_starts: r.block_starts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str, w: usize) -> Vec<String> {
        let t = Theme::fallback().without_color();
        render(md, &t, w, Selection::default())
            .lines
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    #[test]
    fn anchors_on_list_items_and_paragraphs_are_not_shown() {
        let md = "1. Open the bill.\n2. Request the refund. {#request}\n\nTell the customer. {#tell}\n\n```\nkeep {#this}\n```\n";
        let lines = plain(md, 60);
        assert!(
            lines.contains(&"2. Request the refund.".to_string()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"Tell the customer.".to_string()),
            "{lines:?}"
        );
        assert!(lines.contains(&"    keep {#this}".to_string()), "{lines:?}");
    }

    #[test]
    fn renders_blocks() {
        let md = "# Title\n\nSome **bold** and *it* with [a link](http://x) and `code`.\n\n1. one\n2. two\n   - sub\n\n> quoted\n\n```\nlet x;\n```\n";
        let lines = plain(md, 60);
        assert_eq!(lines[0], "Title");
        assert_eq!(lines[2], "Some bold and it with a link and code.");
        assert!(lines.contains(&"1. one".to_string()), "{lines:?}");
        assert!(lines.contains(&"2. two".to_string()));
        assert!(lines.contains(&"  • sub".to_string()), "{lines:?}");
        assert!(lines.contains(&"│ quoted".to_string()), "{lines:?}");
        assert!(lines.contains(&"    let x;".to_string()), "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("http://x")));
    }

    #[test]
    fn the_selected_cross_reference_is_drawn_selected() {
        let t = Theme::fallback();
        let md = "Intro line.\n\n1. Verify (see `identidad/verificacion-identidad`).\n\nThen [the other](../bajas/baja.md).\n";
        let sel = |link| Selection {
            link,
            rel_path: "facturacion/x.md",
            ..Selection::default()
        };
        let find = |r: &Rendered, text: &str| {
            r.lines
                .iter()
                .flat_map(|l| l.spans.iter())
                .find(|s| s.content.contains(text))
                .map(|s| s.style)
                .unwrap()
        };
        let none = render(md, &t, 60, sel(None));
        let second = render(md, &t, 60, sel(Some(1)));
        let under = find(&none, "identidad/verificacion-identidad");
        assert!(under.add_modifier.contains(Modifier::UNDERLINED));
        assert_ne!(find(&second, "the other"), find(&none, "the other"));
        assert_eq!(
            find(&second, "identidad/verificacion-identidad"),
            under,
            "only the selected one changes"
        );
        let lines: Vec<String> = second.lines.iter().map(|l| l.to_string()).collect();
        let (a, _) = second.selected_lines.unwrap();
        assert!(lines[a].contains("the other"), "{lines:?}");
    }

    #[test]
    fn code_that_names_no_article_is_not_a_cross_reference() {
        let t = Theme::fallback();
        let categories = ["guias".to_string()];
        let md = "Pulsa `Ajustes/Red`, pon `4G/5G` y `on/off`. Titular fallecido: \
                  `guias/fallecimiento-titular` (ver `tarifas/cambio-de-tarifa`).\n";
        let r = render(
            md,
            &t,
            200,
            Selection {
                rel_path: "facturacion/x.md",
                categories: &categories,
                ..Selection::default()
            },
        );
        let underlined: Vec<String> = r
            .lines
            .iter()
            .flat_map(|l| l.spans.iter())
            .filter(|s| s.style.add_modifier.contains(Modifier::UNDERLINED))
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(
            underlined,
            ["guias/fallecimiento-titular", "tarifas/cambio-de-tarifa"]
        );
        // The reader walks the same ones, in the same order.
        let found = crate::app::links::links(md, "facturacion/x.md", &categories);
        let targets: Vec<&str> = found.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, underlined);
    }

    #[test]
    fn escapes_are_never_raw() {
        let lines = plain("bad \x1b[2J text", 40);
        assert!(lines[0].contains('␛'));
        assert!(!lines.iter().any(|l| l.contains('\x1b')));
    }

    #[test]
    fn wraps_list_items_with_hanging_indent() {
        let lines = plain("1. alpha beta gamma delta\n", 14);
        assert_eq!(lines, vec!["1. alpha beta", "   gamma delta"]);
    }
}
