//! Tables in the commands' terminal output: the columns fitted to the terminal's width
//! (the widest flexible column gives way first, its text cut with `…`), the header and
//! the cells coloured by meaning from the configured theme, every cell made safe for the
//! terminal. Off a terminal nothing is cut and nothing is coloured.

use crate::text::sanitize;
use crate::ui::Theme;
use crate::ui::text::{truncate, width};

/// Narrowest a flexible column gets.
const MIN_FLEX: usize = 8;
/// Between two columns.
const GAP: &str = "  ";

/// One cell: its text and the theme meaning it is drawn in (`base`, `muted`, `accent`,
/// `warn` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub meaning: &'static str,
}

impl Cell {
    pub fn new(text: impl Into<String>, meaning: &'static str) -> Cell {
        Cell {
            text: text.into(),
            meaning,
        }
    }
}

/// A table: headers, rows, and which columns may be cut to fit.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    flexible: Vec<bool>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Columns by header; `true` marks the ones cut when the table is too wide.
    pub fn new(columns: &[(&str, bool)]) -> Table {
        Table {
            headers: columns.iter().map(|(h, _)| h.to_string()).collect(),
            flexible: columns.iter().map(|(_, f)| *f).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as lines: within `max` columns when given (a terminal), coloured with
    /// `theme` when given. Every cell is already safe for a terminal: write it as it is
    /// (the colours would be shown as placeholders otherwise).
    pub fn render(&self, max: Option<usize>, theme: Option<&Theme>) -> String {
        let n = self.headers.len();
        let clean =
            |s: &str| sanitize(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
        let headers: Vec<String> = self.headers.iter().map(|h| clean(h)).collect();
        let rows: Vec<Vec<(String, &'static str)>> = self
            .rows
            .iter()
            .map(|r| {
                (0..n)
                    .map(|i| {
                        r.get(i)
                            .map_or((String::new(), "base"), |c| (clean(&c.text), c.meaning))
                    })
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = (0..n)
            .map(|i| {
                rows.iter()
                    .map(|r| width(&r[i].0))
                    .chain([width(&headers[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        if let Some(max) = max {
            fit(&mut widths, &self.flexible, max);
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[(String, &'static str)], header: bool| {
            let last = cells.len().saturating_sub(1);
            for (i, (text, meaning)) in cells.iter().enumerate() {
                let t = if max.is_some() {
                    truncate(text, widths[i])
                } else {
                    text.clone()
                };
                let pad = if i == last {
                    0
                } else {
                    widths[i].saturating_sub(width(&t))
                };
                let sgr = theme.map(|th| sgr(th, meaning, header)).unwrap_or_default();
                if sgr.is_empty() {
                    out.push_str(&t);
                } else {
                    out.push_str(&sgr);
                    out.push_str(&t);
                    out.push_str("\x1b[0m");
                }
                out.push_str(&" ".repeat(pad));
                if i != last {
                    out.push_str(GAP);
                }
            }
            out.push('\n');
        };
        let header_cells: Vec<(String, &'static str)> =
            headers.into_iter().map(|h| (h, "accent")).collect();
        line(&mut out, &header_cells, true);
        for r in &rows {
            line(&mut out, r, false);
        }
        out
    }
}

/// Narrows the flexible columns, widest first, until the row fits `max`.
fn fit(widths: &mut [usize], flexible: &[bool], max: usize) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP.len() * w.len().saturating_sub(1);
    while total(widths) > max {
        let widest = (0..widths.len())
            .filter(|i| flexible.get(*i).copied().unwrap_or(false) && widths[*i] > MIN_FLEX)
            .max_by_key(|i| (widths[*i], std::cmp::Reverse(*i)));
        let Some(i) = widest else { break };
        widths[i] -= 1;
    }
}

/// The escape that starts a cell of this meaning (bold for a header); empty without
/// colours.
fn sgr(theme: &Theme, meaning: &str, header: bool) -> String {
    let mut codes: Vec<String> = Vec::new();
    if header {
        codes.push("1".into());
    }
    codes.extend(crate::theme::sgr_foreground(theme.color(meaning)));
    if codes.is_empty() {
        String::new()
    } else {
        format!("\x1b[{}m", codes.join(";"))
    }
}

/// The terminal's width when standard output is one (else None: nothing is cut).
pub fn terminal_width(tty: bool) -> Option<usize> {
    if !tty {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
        .filter(|w| *w > 0)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .filter(|w| *w > 0)
}

/// The configured theme for a command's output to a terminal (None off a terminal or
/// with `NO_COLOR`).
pub fn theme(tty: bool, name: &str, config_dir: &std::path::Path) -> Option<Theme> {
    if !tty || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    let t = Theme::load(name, Some(config_dir)).unwrap_or_else(|_| Theme::fallback());
    Some(t.at_depth(crate::theme::Depth::from_env()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_width_and_user_text_is_made_safe() {
        let mut t = Table::new(&[("ID", false), ("Comment", true)]);
        t.push(vec![
            Cell::new("3fa09c1d", "muted"),
            Cell::new("una frase bastante larga\x1b[31m con escape", "base"),
        ]);
        let out = t.render(Some(30), None);
        for l in out.lines() {
            assert!(width(l) <= 30, "{l:?}");
        }
        assert!(!out.contains('\x1b'), "{out:?}");
        assert!(out.contains('…'), "{out}");
        // Off a terminal: the whole text.
        let full = t.render(None, None);
        assert!(full.contains("con escape"), "{full}");
    }
}
