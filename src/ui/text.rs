//! Safe, measured text: control characters become visible placeholders (the one
//! [`crate::text::sanitize`], shared with the command line), emoji sequences that
//! terminals draw at different widths are shown as their first emoji, and styled lines
//! are wrapped by display width (wide CJK/emoji take two columns, combining accents none).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::search::Highlighted;

use std::borrow::Cow;

/// Text made safe for the screen: [`crate::text::sanitize`] (control characters become
/// visible placeholders), then [`plain_emoji`].
pub fn sanitize(s: &str) -> Cow<'_, str> {
    match crate::text::sanitize(s) {
        Cow::Borrowed(b) => plain_emoji(b),
        Cow::Owned(o) => Cow::Owned(plain_emoji(&o).into_owned()),
    }
}

/// Characters that join or modify an emoji into a sequence: zero width joiner, the
/// variation selectors of text and emoji presentation, the five skin tones, the keycap
/// mark and the tag characters of subdivision flags.
fn emoji_joiner(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
}

/// Emoji sequences (ZWJ sequences such as 👩‍💻 or 👨‍👩‍👧, skin tones such as 👍🏽,
/// presentation selectors such as ❤️, keycaps, subdivision flags) each become their first
/// character. Terminals disagree on how many columns a sequence takes (one that lacks a
/// ZWJ glyph draws every part: 6 columns where the layout counted 2), and every column
/// after it on that row would be drawn out of place; a single emoji is 2 columns in every
/// terminal and in the layout alike. Graphemes of letters (an Indic conjunct uses the
/// joiner too) are kept whole.
pub fn plain_emoji(s: &str) -> Cow<'_, str> {
    if !s.chars().any(emoji_joiner) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        let mut chars = g.chars();
        match chars.next() {
            Some(first) if emoji_base(first) && g.chars().any(emoji_joiner) => out.push(first),
            _ => out.push_str(g),
        }
    }
    Cow::Owned(out)
}

/// Whether a grapheme starting with `c` is an emoji sequence rather than text: symbols
/// (not letters, digits of other scripts or marks) from U+00A9 on, and the keycap bases.
fn emoji_base(c: char) -> bool {
    matches!(c, '0'..='9' | '#' | '*') || (c >= '\u{A9}' && !c.is_alphanumeric())
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Spans for highlighted text: matched ranges get `hl`, the rest `base`. Line breaks
/// become spaces. Bad ranges are ignored.
pub fn highlighted(h: &Highlighted, base: Style, hl: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut pos = 0;
    let text = &h.text;
    let clean = |s: &str| sanitize(&s.replace(['\n', '\r'], " ")).into_owned();
    for r in &h.highlights {
        if r.start < pos
            || r.end > text.len()
            || r.start > r.end
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        if r.start > pos {
            spans.push(Span::styled(clean(&text[pos..r.start]), base));
        }
        spans.push(Span::styled(clean(&text[r.start..r.end]), hl));
        pos = r.end;
    }
    if pos < text.len() {
        spans.push(Span::styled(clean(&text[pos..]), base));
    }
    spans
}

/// Word-wraps a styled line to `width` columns. Continuation lines start with `indent`
/// spaces. Words longer than a line are cut by grapheme.
pub fn wrap(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let indent = if indent * 2 >= width { 0 } else { indent };
    let mut cells: Vec<(String, Style)> = Vec::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        for g in span.content.graphemes(true) {
            cells.push((g.to_string(), style));
        }
    }
    let mut out: Vec<Vec<(String, Style)>> = Vec::new();
    let mut cur: Vec<(String, Style)> = Vec::new();
    let mut cur_w = 0usize;
    let mut last_space: Option<usize> = None;
    for cell in cells {
        let w = width_of(&cell.0);
        if cur_w + w > width && !cur.is_empty() {
            let rest = match last_space {
                _ if cell.0 == " " => Vec::new(),
                Some(sp) if sp > 0 => {
                    let mut rest = cur.split_off(sp);
                    rest.remove(0); // the space itself
                    rest
                }
                _ => Vec::new(),
            };
            out.push(std::mem::take(&mut cur));
            if indent > 0 {
                cur.push((" ".repeat(indent), Style::default()));
            }
            cur.extend(rest);
            cur_w = cur.iter().map(|c| width_of(&c.0)).sum();
            last_space = None;
            if cell.0 == " " {
                continue;
            }
        }
        if cell.0 == " " {
            last_space = Some(cur.len());
        }
        cur_w += w;
        cur.push(cell);
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|cells| {
            // Merge runs of the same style into spans.
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut buf = String::new();
            let mut style: Option<Style> = None;
            for (g, s) in cells {
                if style != Some(s) {
                    if let Some(st) = style
                        && !buf.is_empty()
                    {
                        spans.push(Span::styled(std::mem::take(&mut buf), st));
                    }
                    style = Some(s);
                }
                buf.push_str(&g);
            }
            if let Some(st) = style
                && !buf.is_empty()
            {
                spans.push(Span::styled(buf, st));
            }
            Line::from(spans)
        })
        .collect()
}

fn width_of(g: &str) -> usize {
    // Zero-width graphemes never appear alone after segmentation except at the start.
    UnicodeWidthStr::width(g)
}

/// Cuts styled spans to at most `max` columns (by grapheme), ending with `…` in the
/// style of the cut span when anything was left out.
pub fn fit(spans: Vec<Span<'static>>, max: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| width(&s.content)).sum();
    if total <= max {
        return spans;
    }
    let mut out = Vec::new();
    let mut w = 0;
    for span in spans {
        let sw = width(&span.content);
        if w + sw < max {
            w += sw;
            out.push(span);
            continue;
        }
        out.push(Span::styled(cut(&span.content, max - w), span.style));
        break;
    }
    out
}

/// Cuts a string to at most `max` columns (by grapheme), adding `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    cut(s, max)
}

/// The graphemes of `s` that fit in `max - 1` columns, then `…`.
fn cut(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = width(g);
        if w + gw + 1 > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_lines_end_with_an_ellipsis_when_cut() {
        let spans = vec![Span::raw("1 "), Span::raw("facturación duplicada")];
        let fitted: String = fit(spans.clone(), 12)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(fitted, "1 facturaci…");
        assert_eq!(width(&fitted), 12);
        let whole: String = fit(spans, 40)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(whole, "1 facturación duplicada");
    }

    #[test]
    fn emoji_sequences_become_their_first_emoji() {
        // A family (ZWJ), a skin tone, a coder with a skin tone, a red heart (emoji
        // presentation selector), a keycap, the flag of Scotland (tags).
        let s = "a 👨\u{200D}👩\u{200D}👧 b 👍🏽 c 👩🏽\u{200D}💻 d ❤\u{FE0F} e 1\u{FE0F}\u{20E3} f 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(sanitize(s), "a 👨 b 👍 c 👩 d ❤ e 1 f 🏴");
        // Widths the layout and every terminal agree on.
        assert_eq!(width(&sanitize("👨\u{200D}👩\u{200D}👧")), 2);
        assert_eq!(width(&sanitize("👍🏽")), 2);
        assert_eq!(width(&sanitize("❤\u{FE0F}")), 1);
        // Text is left alone: accents, a Devanagari conjunct with a joiner, plain emoji,
        // flags of two regional indicators.
        for t in ["cafe\u{301}", "क्\u{200D}ष", "😠 ok", "🇪🇸", "日本語"] {
            assert_eq!(sanitize(t), t);
        }
        // Control characters still become placeholders.
        assert_eq!(sanitize("\x1b[2J 👍🏽"), "␛[2J 👍");
    }

    #[test]
    fn wraps_by_display_width() {
        let lines = wrap(Line::from("日本語のテキスト abc"), 6, 0);
        for l in &lines {
            assert!(l.width() <= 6, "{l:?}");
        }
        let lines = wrap(Line::from("hello world again"), 11, 2);
        assert_eq!(lines[0].to_string(), "hello world");
        assert_eq!(lines[1].to_string(), "  again");
        let lines = wrap(Line::from("cafe\u{301} cafe\u{301}"), 5, 0);
        assert_eq!(lines.len(), 2);
    }
}
