//! Markdown → plain text for indexing, snippets and titles.
//!
//! Keeps what a reader sees as words: text, code, link text. Drops what is markup: link
//! and image targets, images (alt text included), raw HTML and HTML comments, heading ids
//! (`{#anchor}`, `{: #anchor}`), template tags (`{{< hugo >}}`, `{% liquid %}`), admonition
//! fences (`:::tip`, `!!! note`), GitHub alert markers (`[!NOTE]`), task-list boxes.
use std::borrow::Cow;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// The parser options apunte uses for knowledge articles (the reader may use the same).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// One block of plain text (paragraph, heading, list item, table row, code block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Heading level (1–6) when the block is a heading.
    pub heading: Option<u8>,
    /// The block's text: one line, except code blocks which keep their lines.
    pub text: String,
}

/// The blocks of a Markdown body, as plain text, in order. Empty blocks are left out.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut heading: Option<u8> = None;
    let mut in_code = false;
    // Depth of images (their alt text is dropped) and of autolinks (their text is a URL).
    let mut skip = 0usize;
    let mut link_stack: Vec<bool> = Vec::new();
    let mut cell_started = false;

    let flush = |cur: &mut String, heading: Option<u8>, code: bool, out: &mut Vec<Block>| {
        let text = if code {
            clean_code(cur)
        } else {
            clean_block(cur, heading.is_some())
        };
        cur.clear();
        if !text.is_empty() {
            out.push(Block { heading, text });
        }
    };

    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Image { .. } => skip += 1,
                Tag::Link { link_type, .. } => {
                    let hide = matches!(link_type, LinkType::Autolink);
                    if hide {
                        skip += 1;
                    }
                    link_stack.push(hide);
                }
                Tag::Heading { level, .. } => {
                    flush(&mut cur, heading, in_code, &mut out);
                    heading = Some(level as u8);
                }
                Tag::CodeBlock(_) => {
                    flush(&mut cur, heading, in_code, &mut out);
                    in_code = true;
                }
                Tag::Paragraph
                | Tag::List(_)
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                | Tag::HtmlBlock => {
                    flush(&mut cur, heading, in_code, &mut out);
                    cell_started = false;
                }
                Tag::TableCell => {
                    if cell_started {
                        cur.push_str(" · ");
                    }
                    cell_started = true;
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Image => skip = skip.saturating_sub(1),
                TagEnd::Link if link_stack.pop() == Some(true) => {
                    skip = skip.saturating_sub(1);
                }
                TagEnd::Heading(_) => {
                    flush(&mut cur, heading, in_code, &mut out);
                    heading = None;
                }
                TagEnd::CodeBlock => {
                    flush(&mut cur, heading, in_code, &mut out);
                    in_code = false;
                }
                TagEnd::Paragraph
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::HtmlBlock => {
                    flush(&mut cur, heading, in_code, &mut out);
                    cell_started = false;
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if skip == 0 {
                    cur.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if skip == 0 {
                    cur.push('\n');
                }
            }
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::Rule => {}
        }
    }
    flush(&mut cur, heading, in_code, &mut out);
    out
}

/// The plain text of a Markdown body: one block per line.
pub fn plain_text(markdown: &str) -> String {
    join(&blocks(markdown))
}

/// Joins blocks into plain text, one block per line.
pub fn join(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&b.text);
    }
    s
}

/// Cleans a one-line Markdown fragment such as a title: `[link](url)` → `link`,
/// `**bold**` → `bold`, no images, HTML or `{#anchor}`; whitespace collapsed.
pub fn clean_inline(s: &str) -> String {
    let s = s.trim();
    if !s.contains([
        '[', '<', '{', '*', '_', '`', '!', '&', '\\', '~', '\n', '\r',
    ]) {
        return collapse_ws(s);
    }
    // A leading word keeps the fragment an inline paragraph (`1. x`, `# x`, `- x` stay text).
    let doc = format!("a {}", s.replace(['\n', '\r'], " "));
    let text = blocks(&doc)
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.strip_prefix('a').unwrap_or(&text);
    strip_heading_id(&collapse_ws(text)).to_string()
}

/// Removes a trailing heading id or attribute list: `Title {#id}`, `Title {: #id .c}`.
pub fn strip_heading_id(s: &str) -> &str {
    let t = s.trim_end();
    if let Some(stripped) = t.strip_suffix('}')
        && let Some(open) = stripped.rfind('{')
    {
        let inner = stripped[open + 1..].trim_start();
        if inner.starts_with(['#', ':', '.']) && !inner.contains(['{', '}']) {
            return t[..open].trim_end();
        }
    }
    t
}

/// Cleans a non-code block: per line, drops template tags and admonition markers; then
/// joins the lines with spaces and collapses whitespace. Lines borrow from `raw` unless
/// a template tag has to be cut out, and words go straight into the result (no string
/// per line, no joined copy to collapse).
fn clean_block(raw: &str, heading: bool) -> String {
    let mut text = String::with_capacity(raw.len());
    for line in raw.split('\n') {
        let line = strip_templates(line);
        let line = strip_admonition(line.trim());
        // `{#anchor}` / `{: .class}` closing a line of any block (list items too).
        for word in strip_heading_id(line).split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
    }
    if heading {
        let end = strip_heading_id(&text).len();
        text.truncate(end);
    }
    text
}

/// Code blocks keep their lines (trailing spaces and blank lines removed).
fn clean_code(raw: &str) -> String {
    raw.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `:::tip Título` → `Título`, `:::` → ``, `!!! note "Title"` → `Title`, `[!NOTE]` → ``.
fn strip_admonition(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix(":::") {
        let rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '-' || c == '_');
        return rest.trim();
    }
    for fence in ["!!!", "???+", "???"] {
        if let Some(rest) = line.strip_prefix(fence)
            && (rest.is_empty() || rest.starts_with(' '))
        {
            let rest = rest.trim_start();
            let rest =
                rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '-' || c == '_');
            return rest.trim().trim_matches('"').trim();
        }
    }
    if let Some(rest) = line.strip_prefix("[!")
        && let Some(end) = rest.find(']')
        && rest[..end].chars().all(|c| c.is_ascii_alphabetic())
    {
        return rest[end + 1..].trim();
    }
    line
}

/// Removes `{{< … >}}`, `{{% … %}}`, `{{ … }}` and `{% … %}` tags from one line.
fn strip_templates(line: &str) -> Cow<'_, str> {
    if !line.contains("{{") && !line.contains("{%") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let next = [("{{", "}}"), ("{%", "%}")]
            .iter()
            .filter_map(|(open, close)| rest.find(open).map(|i| (i, *open, *close)))
            .min_by_key(|(i, _, _)| *i);
        let Some((i, open, close)) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..i]);
        let after = &rest[i + open.len()..];
        match after.find(close) {
            Some(j) => {
                out.push(' ');
                rest = &after[j + close.len()..];
            }
            None => {
                out.push_str(&rest[i..]);
                break;
            }
        }
    }
    Cow::Owned(out)
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Turns a file name into a title: `cargo-duplicado` → `Cargo duplicado`.
pub fn humanise(stem: &str) -> String {
    let spaced: String = stem
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let spaced = collapse_ws(&spaced);
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_closing_list_items_never_reach_the_text() {
        let text = plain_text(
            "1. Open the bill.\n2. Request the refund. {#request}\n\nTell the customer. {: #tell}\n",
        );
        assert!(!text.contains('{'), "{text}");
        assert!(text.contains("Request the refund."), "{text}");
    }

    #[test]
    fn drops_markup_and_keeps_words() {
        let md = "# Título {#ancla}\n\n<!-- nota interna -->\n\nTexto con [enlace](https://x.example/a) y ![captura](img/a.png) y <b>negrita</b>.\n\n- uno\n- dos `código`\n\n```\nlínea 1\n\nlínea 2\n```\n";
        let b = blocks(md);
        assert_eq!(b[0].heading, Some(1));
        assert_eq!(b[0].text, "Título");
        let text = join(&b);
        assert!(!text.contains("http"));
        assert!(!text.contains("img/"));
        assert!(!text.contains("captura"));
        assert!(!text.contains("<!--"));
        assert!(!text.contains("<b>"));
        assert!(text.contains("Texto con enlace y y negrita."));
        assert!(text.contains("uno\ndos código"));
        assert!(text.contains("línea 1\nlínea 2"));
    }

    #[test]
    fn setext_and_attribute_lists() {
        let b = blocks("Title here {: #x }\n===\n\nbody");
        assert_eq!(b[0].heading, Some(1));
        assert_eq!(b[0].text, "Title here");
    }

    #[test]
    fn templates_and_admonitions() {
        let t = plain_text(
            ":::tip Consejo\nReinicia el router.\n:::\n\n{{< figure src=\"a.png\" >}}\n\n!!! note \"Nota\"\n    Cuerpo\n\n> [!WARNING]\n> Cuidado\n",
        );
        assert!(!t.contains(":::"));
        assert!(!t.contains("figure"));
        assert!(!t.contains("!!!"));
        assert!(!t.contains("[!"));
        assert!(t.contains("Consejo Reinicia el router."), "{t}");
        assert!(t.contains("Nota"));
        assert!(t.contains("Cuidado"));
    }

    #[test]
    fn block_lines_are_cleaned_one_by_one_and_joined_by_single_spaces() {
        // Each line loses its template tags, admonition marker and closing anchor on its
        // own; then the words of all lines are joined by one space.
        let raw = "  :::tip  Consejo  \n{{< figure src=x >}} Reinicia\t el {% raw %}router {#paso}\n\n!!! note \"Nota   breve\"\n[!WARNING]   cuidado\n   ";
        assert_eq!(
            clean_block(raw, false),
            "Consejo Reinicia el router Nota breve cuidado"
        );
        assert_eq!(
            clean_block("Título  de\nvarias {#id}", true),
            "Título de varias"
        );
        assert_eq!(clean_block("Cabecera {: .x}", true), "Cabecera");
        assert_eq!(clean_block("sin {{ cerrar", false), "sin {{ cerrar");
        assert_eq!(clean_block(" \n \u{a0}\n", false), "");
        assert_eq!(clean_block("{#solo}", false), "");
    }

    #[test]
    fn clean_inline_titles() {
        assert_eq!(clean_inline("Título {#ancla}"), "Título");
        assert_eq!(
            clean_inline("[Enlace](http://x) **fuerte**"),
            "Enlace fuerte"
        );
        assert_eq!(clean_inline("1. Primer paso"), "1. Primer paso");
        assert_eq!(clean_inline("  Facturas  y   pagos "), "Facturas y pagos");
        assert_eq!(clean_inline("A & B <br> C"), "A & B C");
        assert_eq!(clean_inline("![logo](x.png) Router"), "Router");
    }

    #[test]
    fn humanise_names() {
        assert_eq!(humanise("cargo-duplicado"), "Cargo duplicado");
        assert_eq!(humanise("ñu_raro"), "Ñu raro");
        assert_eq!(humanise(""), "");
        assert_eq!(humanise("--"), "--");
    }
}
