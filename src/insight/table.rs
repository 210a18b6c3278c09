//! One table, four ways out: a terminal table whose columns fit the width (cells cut
//! with `…`, colours from the theme, user text sanitized), Markdown, CSV and JSON rows.
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

use crate::text::{Lang, csv_field, sanitize};
use crate::theme::Palette;

/// Rows under headers, with a title.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns of numbers (right-aligned).
    pub numeric: Vec<bool>,
}

/// The terminal styles of a table: SGR sequences, empty for no colour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    pub title: String,
    pub header: String,
    pub muted: String,
    pub reset: String,
}

impl Style {
    /// No colour (a pipe, `NO_COLOR`).
    pub fn plain() -> Style {
        Style::default()
    }

    /// The theme's `accent` for titles, `focus` for headers, `muted` for rules.
    pub fn from_palette(p: &Palette) -> Style {
        let get = |m: &str| p.colors.get(m).copied().unwrap_or(Color::Reset);
        Style {
            title: format!("\x1b[1m{}", sgr(get("accent"))),
            header: format!("\x1b[1m{}", sgr(get("focus"))),
            muted: sgr(get("muted")),
            reset: "\x1b[0m".into(),
        }
    }
}

/// The SGR foreground sequence of a colour (empty for the terminal's own).
fn sgr(c: Color) -> String {
    crate::theme::sgr_foreground(c).map_or_else(String::new, |code| format!("\x1b[{code}m"))
}

/// A cell for the terminal: one line, no control character, at most `w` columns.
fn fit(s: &str, w: usize) -> String {
    let s = sanitize(s);
    if s.width() <= w {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(s.width()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

impl Table {
    pub fn new(title: impl Into<String>, headers: &[&str], numeric: &[bool]) -> Table {
        Table {
            title: title.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            numeric: numeric.to_vec(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Column widths that fit `width` columns: every column at its natural width when
    /// they fit; else the widest columns give way first (never under 4 columns).
    fn widths(&self, width: usize) -> Vec<usize> {
        let n = self.headers.len();
        let mut w: Vec<usize> = (0..n)
            .map(|i| {
                std::iter::once(&self.headers[i])
                    .chain(self.rows.iter().filter_map(|r| r.get(i)))
                    .map(|c| sanitize(c).width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let gaps = 2 * n.saturating_sub(1);
        let budget = width.saturating_sub(gaps).max(4 * n);
        while w.iter().sum::<usize>() > budget {
            let (i, widest) = w
                .iter()
                .enumerate()
                .max_by_key(|(i, x)| (**x, std::cmp::Reverse(*i)))
                .map(|(i, x)| (i, *x))
                .unwrap_or((0, 0));
            if widest <= 4 {
                break;
            }
            w[i] = widest - 1;
        }
        w
    }

    /// The table for a terminal `width` columns wide.
    pub fn to_text(&self, width: usize, style: &Style) -> String {
        let w = self.widths(width);
        let r = &style.reset;
        let mut out = String::new();
        if !self.title.is_empty() {
            out.push_str(&format!("{}{}{r}\n", style.title, sanitize(&self.title)));
        }
        let line = |cells: &[String]| -> String {
            cells
                .iter()
                .enumerate()
                .take(w.len())
                .map(|(i, c)| {
                    pad(
                        &fit(c, w[i]),
                        w[i],
                        self.numeric.get(i).copied().unwrap_or(false),
                    )
                })
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        };
        out.push_str(&format!("{}{}{r}\n", style.header, line(&self.headers)));
        let rule: usize = w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        out.push_str(&format!("{}{}{r}\n", style.muted, "─".repeat(rule)));
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }

    /// A Markdown table (pipes and line breaks in cells escaped), under a `##` title.
    pub fn to_markdown(&self) -> String {
        let cell = |s: &str| {
            sanitize(s)
                .replace('|', "\\|")
                .replace('⏎', " ")
                .trim()
                .to_string()
        };
        let mut out = String::new();
        if !self.title.is_empty() {
            out.push_str(&format!("## {}\n\n", cell(&self.title)));
        }
        out.push_str(&format!(
            "| {} |\n",
            self.headers
                .iter()
                .map(|h| cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!(
            "|{}|\n",
            (0..self.headers.len())
                .map(|i| if self.numeric.get(i).copied().unwrap_or(false) {
                    "---:"
                } else {
                    "---"
                })
                .collect::<Vec<_>>()
                .join("|")
        ));
        for row in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
        out
    }

    /// CSV with a header row (fields quoted and defused).
    pub fn to_csv(&self, keys: &[&str]) -> String {
        let mut out = keys.join(",");
        out.push('\n');
        for row in &self.rows {
            out.push_str(
                &row.iter()
                    .map(|c| csv_field(c))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
        out
    }
}

/// A report of the knowledge loop: a summary line over tables, written four ways (a
/// terminal table, Markdown, CSV, JSON). Each report says what its summary, tables and
/// CSV rows are; the rest is shared.
pub trait Report: serde::Serialize + Sized {
    /// The summary line.
    fn summary(&self, lang: Lang) -> String;
    /// Its tables, in order.
    fn tables(&self, lang: Lang) -> Vec<Table>;
    /// One row per item, a header row first.
    fn to_csv(&self) -> String;

    fn to_text(&self, lang: Lang, width: usize, style: &Style) -> String {
        text(&self.summary(lang), &self.tables(lang), width, style)
    }

    fn to_markdown(&self, lang: Lang) -> String {
        markdown(&self.summary(lang), &self.tables(lang))
    }

    fn to_json(&self) -> String {
        crate::text::json_pretty_safe(self)
    }
}

/// A summary line, then tables, for a terminal.
pub fn text(summary: &str, tables: &[Table], width: usize, style: &Style) -> String {
    let mut out = format!("{}\n\n", sanitize(summary));
    for t in tables {
        out.push_str(&t.to_text(width, style));
        out.push('\n');
    }
    out
}

/// A summary line, then tables, in Markdown.
pub fn markdown(summary: &str, tables: &[Table]) -> String {
    let mut out = format!("{summary}\n\n");
    for t in tables {
        out.push_str(&t.to_markdown());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_and_text_is_safe() {
        let mut t = Table::new("T", &["a", "b"], &[true, false]);
        t.push(vec!["12".into(), "x\x1b[31m".repeat(30)]);
        let text = t.to_text(30, &Style::plain());
        assert!(!text.contains('\x1b'), "{text}");
        for l in text.lines() {
            assert!(l.width() <= 30, "{l:?}");
        }
        assert!(text.contains('…'));
        let md = t.to_markdown();
        assert!(
            md.contains("| a | b |") && md.contains("|---:|---|"),
            "{md}"
        );
        let csv = t.to_csv(&["a", "b"]);
        assert!(csv.starts_with("a,b\n12,"), "{csv}");
    }
}
