//! The search box, the result list (search hits, or suggestions when the box is empty)
//! and the quick-reply chooser.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::text::{fit, highlighted, sanitize, truncate, width};
use super::{Theme, conversation, pane, rect};
use crate::app::{Focus, Layout, Msg, ResultRow, State, first_row};
use crate::search::Hit;

/// Draws the search box and the list.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme, layout: &Layout) {
    let focused = state.focus == Focus::Search;
    let title = Line::from(vec![
        Span::styled(
            format!(" {} ", state.t(Msg::Search)),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("({}) ", state.keymap.describe(crate::app::Action::Search)),
            theme.fg("muted"),
        ),
    ]);
    let area = rect(layout.search);
    let block = pane(title, area.width, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if state.query.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                state.t(Msg::SearchPlaceholder),
                theme.fg("muted").add_modifier(Modifier::ITALIC),
            )),
            inner,
        );
        if focused && !state.covered() {
            frame.set_cursor_position((inner.x, inner.y));
        }
    } else {
        conversation::field(
            frame,
            state.query.text(),
            state.query.cursor(),
            theme.fg("base"),
            inner,
            focused && !state.covered(),
        );
    }
    match &state.replay {
        // A replay shows what happened in the call where the results go.
        Some(r) => super::replay::draw_timeline(frame, state, r, theme, rect(layout.results)),
        None => results(frame, state, theme, layout),
    }
}

fn results(frame: &mut Frame, state: &State, theme: &Theme, layout: &Layout) {
    let focused = state.focus == Focus::Results;
    let suggestions = state.showing_suggestions();
    let list = state.list();
    let name = if suggestions {
        state.t(Msg::Suggestions)
    } else {
        state.t(Msg::Results)
    };
    let mut title = vec![Span::styled(
        format!(" {name} "),
        theme.fg("accent").add_modifier(Modifier::BOLD),
    )];
    if !list.is_empty() {
        title.push(Span::styled(format!("{} ", list.len()), theme.fg("muted")));
    }
    // Suggestions that came while the box has text: announced, Esc brings them.
    let new = state.new_suggestions();
    if new > 0 {
        let m = if new == 1 {
            Msg::NewSuggestion
        } else {
            Msg::NewSuggestions
        };
        let key = state.keymap.describe(crate::app::Action::Back);
        title.push(Span::styled(
            format!("✦ {}", m.fill(state.lang, &[&new, &key])),
            theme
                .fg("warn")
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ));
        title.push(Span::raw(" "));
    }
    let area = rect(layout.results);
    let mut block = pane(Line::from(title), area.width, focused, theme);
    // Under a search's results, the draft key (a search that found nothing useful).
    let votes = focused && !list.is_empty();
    let draft = !suggestions && !state.query.is_empty();
    if votes || draft {
        block = block.title_bottom(super::reader::feedback_hints(
            state, area.width, theme, votes, draft,
        ));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if list.is_empty() {
        let answered = state.shown_generation == state.generation;
        let msg = if !suggestions {
            if answered {
                state.t(Msg::NoResults)
            } else {
                ""
            }
        } else if state.nothing_confident {
            state.t(Msg::NothingConfident)
        } else {
            state.t(Msg::SuggestHint)
        };
        let muted = theme.fg("muted").add_modifier(Modifier::ITALIC);
        let mut lines = vec![Line::styled(msg, muted)];
        // A filter that matches nothing: what it could have been.
        if !suggestions && answered {
            // Nothing found: a draft article from the search is one key away.
            if let Some(k) = state.keymap.keys(crate::app::Action::Draft).first() {
                lines.push(Line::from(vec![
                    Span::styled(format!("{k} "), theme.fg("accent")),
                    Span::styled(state.t(Msg::ActDraft).to_string(), theme.fg("muted")),
                ]));
            }
            let (tag, cat) = crate::search::query::filters_in(state.query.text());
            let known = |m, names: &[String]| {
                Line::styled(
                    sanitize(&crate::i18n::known(state.lang, m, names)).into_owned(),
                    theme.fg("muted"),
                )
            };
            if tag {
                lines.push(known(Msg::KnownTags, &state.facets.tags));
            }
            if cat {
                lines.push(known(Msg::KnownCategories, &state.facets.categories));
            }
        }
        frame.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let selected = state.selected.min(list.len() - 1);
    let rows = state.result_rows();
    let first = first_row(&rows, selected, inner.height);
    let first_hit = state.first_shown().min(selected);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    for row in rows.iter().skip(first) {
        // Whole rows only (the first one even when cut).
        if !lines.is_empty() && lines.len() + usize::from(row.height()) > usize::from(inner.height)
        {
            break;
        }
        let i = match *row {
            ResultRow::Group { first, .. } => {
                let text =
                    crate::assist::suggest::group_text(&state.suggestions, first, state.lang)
                        .unwrap_or_default();
                lines.push(Line::from(fit(
                    vec![Span::styled(
                        format!("  {}", sanitize(&text)),
                        theme.fg("accent").add_modifier(Modifier::ITALIC),
                    )],
                    w,
                )));
                continue;
            }
            ResultRow::Hit(i) => i,
        };
        let Some(hit) = list.get(i) else { continue };
        let reason = if suggestions {
            (i < state.suggestions.len())
                .then(|| crate::assist::suggest::reason_text(&state.suggestions, i, state.lang))
        } else {
            None
        };
        let sel = i == selected;
        // Numbered as on screen: Alt-1 opens the first hit shown.
        let (l1, l2) = hit_lines(
            hit,
            i.saturating_sub(first_hit),
            reason.as_deref(),
            theme,
            w,
        );
        if sel {
            let st = if focused || state.focus == Focus::Search {
                theme.selection()
            } else {
                theme.selection().remove_modifier(Modifier::BOLD)
            };
            lines.push(l1.patch_style(st));
            lines.push(l2.patch_style(st));
        } else {
            lines.push(l1);
            lines.push(l2);
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The two lines of one hit: `1 [es] Title · category` and the snippet (or the reason
/// for a suggestion).
fn hit_lines(
    hit: &Hit,
    i: usize,
    reason: Option<&str>,
    theme: &Theme,
    w: usize,
) -> (Line<'static>, Line<'static>) {
    let num = if i < 9 {
        format!("{} ", i + 1)
    } else {
        "  ".to_string()
    };
    let mut l1 = vec![
        Span::styled(num, theme.fg("muted")),
        Span::styled(
            format!("{} ", hit.lang.code().to_uppercase()),
            theme.fg("badge").add_modifier(Modifier::REVERSED),
        ),
        Span::raw(" "),
    ];
    l1.extend(highlighted(
        &hit.title,
        theme.fg("base").add_modifier(Modifier::BOLD),
        theme.matched(),
    ));
    if !hit.category.is_empty() {
        l1.push(Span::styled(
            format!(" · {}", sanitize(&hit.category)),
            theme.fg("muted"),
        ));
    }
    let mut l2 = vec![Span::raw("  ")];
    if let Some(r) = reason {
        l2.push(Span::styled(
            truncate(&format!("↳ {}", sanitize(r)), w.saturating_sub(2)),
            theme.fg("muted").add_modifier(Modifier::ITALIC),
        ));
    } else if !hit.snippet.text.trim().is_empty() {
        l2.extend(highlighted(
            &hit.snippet,
            theme.fg("muted"),
            theme.matched(),
        ));
    } else {
        l2.push(Span::styled(
            sanitize(&hit.summary.replace('\n', " ")).into_owned(),
            theme.fg("muted"),
        ));
    }
    // Cut at the pane edge with an ellipsis, so a cut title or snippet reads as cut.
    (Line::from(fit(l1, w)), Line::from(fit(l2, w)))
}

/// The quick-reply chooser, above the conversation input.
pub fn draw_replies(frame: &mut Frame, state: &State, theme: &Theme, layout: &Layout) {
    let conv = rect(layout.conversation);
    let rows = state.reply_matches.len().clamp(1, 8) as u16;
    let h = (rows + 2).min(conv.height);
    let r = Rect::new(conv.x, conv.y + conv.height - h, conv.width, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.fg("focus"))
        .title(Span::styled(
            format!(" {} ", state.t(Msg::Replies)),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ))
        .style(theme.base());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    if state.reply_matches.is_empty() {
        lines.push(Line::styled(
            state.t(Msg::NoReplies),
            theme.fg("muted").add_modifier(Modifier::ITALIC),
        ));
    }
    for (n, idx) in state.reply_matches.iter().enumerate() {
        let Some(reply) = state.replies.get(*idx) else {
            continue;
        };
        let name = sanitize(&reply.name).into_owned();
        let rest = w.saturating_sub(width(&name) + 3);
        let filled = crate::app::replies::fill(&reply.text, &state.placeholders);
        let text = truncate(&sanitize(&filled.replace('\n', " ")), rest);
        // A placeholder nobody could fill shows as a gap to fill.
        let gaps = crate::search::Highlighted {
            highlights: crate::app::replies::gaps(&text),
            text,
        };
        let mut spans = vec![
            Span::styled(name, theme.fg("accent").add_modifier(Modifier::BOLD)),
            Span::styled(" · ", theme.fg("muted")),
        ];
        spans.extend(super::text::highlighted(
            &gaps,
            theme.fg("base"),
            super::conversation::gap_style(theme),
        ));
        let line = Line::from(spans);
        lines.push(if n == state.reply_selected {
            line.patch_style(theme.selection())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
