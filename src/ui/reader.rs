//! The article reader: title, path and last update, the "you may decide" box and the
//! suggested phrases shown prominently, then the Markdown body; scrollable.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::markdown;
use super::text::{sanitize, truncate, wrap};
use super::{Theme, pane};
use crate::app::{Extent, Focus, Msg, Reader, State};

/// Every line of the open article for a width; also where the selected item is.
pub fn lines(
    state: &State,
    r: &Reader,
    theme: &Theme,
    width: usize,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let a = &r.article;
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut sel_lines = None;
    out.extend(wrap(
        Line::styled(
            sanitize(&a.title).into_owned(),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ),
        width,
        0,
    ));
    // One line: the path inside the knowledge root (cut with `…` when narrow).
    let mut meta = format!("{} · {}", a.rel_path, a.lang.code());
    if let Some(u) = &a.updated {
        meta.push_str(&format!(" · {} {u}", state.t(Msg::Updated)));
    }
    out.push(Line::styled(
        truncate(&sanitize(&meta), width),
        theme.fg("muted"),
    ));
    if !a.summary.trim().is_empty() {
        out.extend(wrap(
            Line::styled(
                sanitize(&a.summary).into_owned(),
                theme.fg("base").add_modifier(Modifier::ITALIC),
            ),
            width,
            0,
        ));
    }
    let bar = |m: &str| Span::styled("┃ ", theme.fg(m).add_modifier(Modifier::BOLD));
    if !a.decide.is_empty() {
        out.push(Line::default());
        out.push(Line::from(vec![
            bar("warn"),
            Span::styled(
                state.t(Msg::YouMayDecide),
                theme.fg("warn").add_modifier(Modifier::BOLD),
            ),
        ]));
        for (label, text) in &a.decide {
            let mut spans = vec![bar("warn")];
            if !label.is_empty() {
                spans.push(Span::styled(
                    format!("{}: ", sanitize(&label.replace('_', " "))),
                    theme.fg("warn").add_modifier(Modifier::BOLD),
                ));
            }
            spans.push(Span::styled(sanitize(text).into_owned(), theme.fg("base")));
            for (i, mut l) in wrap(Line::from(spans), width, 0).into_iter().enumerate() {
                if i > 0 {
                    l.spans.insert(0, bar("warn"));
                }
                out.push(l);
            }
        }
    }
    if !a.phrases.is_empty() {
        out.push(Line::default());
        out.push(Line::from(vec![
            bar("phrase"),
            Span::styled(
                state.t(Msg::SuggestedPhrases),
                theme.fg("phrase").add_modifier(Modifier::BOLD),
            ),
        ]));
        for (i, p) in a.phrases.iter().enumerate() {
            let selected = r.selected_phrase() == Some(i);
            let start = out.len();
            let body = Span::styled(
                format!("« {} »", sanitize(p)),
                if selected {
                    theme.selection()
                } else {
                    theme.fg("phrase")
                },
            );
            for (j, mut l) in wrap(Line::from(vec![bar("phrase"), body]), width, 0)
                .into_iter()
                .enumerate()
            {
                if j > 0 {
                    l.spans.insert(0, bar("phrase"));
                }
                out.push(l);
            }
            if selected {
                sel_lines = Some((start, out.len() - 1));
            }
        }
    }
    out.push(Line::default());
    let offset = out.len();
    let body = markdown::render(
        skip_title(&a.body, &a.title),
        theme,
        width,
        markdown::Selection {
            step: r.selected_step(),
            link: r.link,
            rel_path: &a.rel_path,
        },
    );
    if let Some((s, e)) = body.selected_lines {
        sel_lines = Some((s + offset, e + offset));
    }
    out.extend(body.lines);
    (out, sel_lines)
}

/// The body without a leading `# Title` heading that repeats the article's title.
fn skip_title<'a>(body: &'a str, title: &str) -> &'a str {
    let trimmed = body.trim_start();
    if let Some(rest) = trimmed.strip_prefix("# ") {
        let (first, after) = rest.split_once('\n').unwrap_or((rest, ""));
        if first.trim() == title.trim() {
            return after;
        }
    }
    body
}

/// Draws the reader (or a hint when no article is open).
/// Draws the reader pane; the extent of the open article's lines.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme, area: Rect) -> Option<Extent> {
    let focused = state.focus == Focus::Reader;
    let mut title = vec![Span::styled(
        format!(" {} ", state.t(Msg::Reader)),
        theme.fg("accent").add_modifier(Modifier::BOLD),
    )];
    if let Some(r) = &state.reader {
        title.push(Span::styled(
            format!("{} ", sanitize(&r.article.id)),
            theme.fg("muted"),
        ));
    }
    let block = pane(Line::from(title), area.width, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(r) = &state.reader else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                state.t(Msg::NoArticle),
                theme.fg("muted").add_modifier(Modifier::ITALIC),
            )),
            inner,
        );
        return None;
    };
    let (lines, sel) = lines(state, r, theme, usize::from(inner.width));
    let extent = Extent {
        lines: lines.len(),
        rows: inner.height,
    };
    let h = usize::from(inner.height);
    let max = lines.len().saturating_sub(h);
    let mut top = usize::from(r.scroll).min(max);
    // Keep the selected phrase or step on screen.
    if let Some((s, e)) = sel {
        if s < top {
            top = s;
        } else if e >= top + h {
            top = (e + 1).saturating_sub(h).min(s);
        }
    }
    let visible: Vec<Line> = lines.into_iter().skip(top).take(h).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    Some(extent)
}
