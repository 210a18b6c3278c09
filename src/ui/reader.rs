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
use crate::app::{Action, Extent, Focus, Msg, Reader, State};
use crate::knowledge::ArticleStatus;

/// The open article laid out: its lines, where the selected item is, and where each
/// selectable item (phrases, then steps) starts.
pub struct Lines {
    pub lines: Vec<Line<'static>>,
    pub selected: Option<(usize, usize)>,
    pub item_starts: Vec<usize>,
}

/// The open article's lines for a width, at least `want` of them when it has that many
/// (the body is rendered no further, but always up to the selected step).
pub fn lines(state: &State, r: &Reader, theme: &Theme, width: usize, want: usize) -> Lines {
    let a = &r.article;
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut sel_lines = None;
    let mut item_starts = Vec::new();
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
    // Who keeps it true, and whether it is due for review, a draft or archived.
    let mut fresh: Vec<Span<'static>> = Vec::new();
    if let Some(o) = &a.owner {
        let owner = Msg::ReaderOwner.fill(state.lang, &[&sanitize(o)]);
        fresh.push(Span::styled(truncate(&owner, width), theme.fg("muted")));
    }
    let today = state.now.get(..10).unwrap_or("");
    let mut flags: Vec<&str> = Vec::new();
    if !today.is_empty() && a.review_due(today) {
        flags.push(state.t(Msg::ReviewDue));
    }
    match a.status {
        Some(ArticleStatus::Draft) => flags.push(state.t(Msg::StatusDraft)),
        Some(ArticleStatus::Archived) => flags.push(state.t(Msg::StatusArchived)),
        Some(ArticleStatus::Validated) | None => {}
    }
    for f in flags {
        if !fresh.is_empty() {
            fresh.push(Span::styled(" · ", theme.fg("muted")));
        }
        fresh.push(Span::styled(f.to_string(), theme.fg("warn")));
    }
    if !fresh.is_empty() {
        out.extend(wrap(Line::from(fresh), width, 0));
    }
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
            item_starts.push(start);
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
    let limits = markdown::Limits {
        lines: want.saturating_sub(offset).max(1),
        more: (!state.turns_in_full).then(|| super::conversation::more_label(state)),
    };
    let body = markdown::render_limited(
        skip_title(&a.body, &a.title),
        theme,
        width,
        markdown::Selection {
            step: r.selected_step(),
            paragraph: r.selected_paragraph(),
            link: r.link,
            rel_path: &a.rel_path,
            categories: &state.facets.categories,
        },
        limits,
    );
    if let Some((s, e)) = body.selected_lines {
        sel_lines = Some((s + offset, e + offset));
    }
    item_starts.extend(body.block_starts.iter().map(|s| s + offset));
    out.extend(body.lines);
    Lines {
        lines: out,
        selected: sel_lines,
        item_starts,
    }
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

/// The feedback keys under the open article (and the focused result list): flag,
/// helpful, not helpful (`votes`), and under a search's results the draft key
/// (`draft`); their first keys, as bound, cut to the pane's width.
pub(super) fn feedback_hints(
    state: &State,
    width: u16,
    theme: &Theme,
    votes: bool,
    draft: bool,
) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut keys = Vec::new();
    if votes {
        keys.extend([
            (Action::Flag, Msg::HintFlag),
            (Action::Helpful, Msg::SessHelpful),
            (Action::NotHelpful, Msg::SessNotHelpful),
        ]);
    }
    if draft {
        keys.push((Action::Draft, Msg::HintDraft));
    }
    for (a, m) in keys {
        let Some(k) = state.keymap.keys(a).first() else {
            continue;
        };
        spans.push(Span::styled(format!(" {k} "), theme.fg("accent")));
        spans.push(Span::styled(state.t(m).to_string(), theme.fg("muted")));
    }
    if !spans.is_empty() {
        spans.push(Span::raw(" "));
    }
    Line::from(super::text::fit(
        spans,
        usize::from(width.saturating_sub(2)),
    ))
}

/// Draws the reader pane; the extent of the open article's lines and the first
/// selectable item that starts on screen.
pub fn draw(
    frame: &mut Frame,
    state: &State,
    theme: &Theme,
    area: Rect,
) -> Option<(Extent, Option<usize>)> {
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
    let mut block = pane(Line::from(title), area.width, focused, theme);
    if state.reader.is_some() {
        block = block.title_bottom(feedback_hints(state, area.width, theme, true, false));
    }
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
    let h = usize::from(inner.height);
    // Enough lines for the scroll position and one page further down: the extent grows
    // as the agent pages on.
    let want = usize::from(r.scroll) + 2 * h;
    let Lines {
        lines,
        selected: sel,
        item_starts,
    } = lines(state, r, theme, usize::from(inner.width), want);
    let extent = Extent {
        lines: lines.len(),
        rows: inner.height,
    };
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
    let top_item = item_starts.iter().position(|s| (top..top + h).contains(s));
    let visible: Vec<Line> = lines.into_iter().skip(top).take(h).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    Some((extent, top_item))
}
