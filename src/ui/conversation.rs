//! The conversation pane: turns with speaker, time and wrapped text; the input line.
use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;

use super::text::{sanitize, width, wrap};
use super::{Theme, pane, rect};
use crate::app::clock::duration;
use crate::app::{Extent, Focus, Layout, Msg, State};
use crate::conversation::Speaker;

/// The label and theme meaning of a speaker.
pub fn speaker_label(state: &State, s: Speaker) -> (&'static str, &'static str) {
    match s {
        Speaker::Customer => (state.t(Msg::Customer), "customer"),
        Speaker::Agent => (state.t(Msg::Agent), "agent"),
        Speaker::Note => (state.t(Msg::Note), "note"),
    }
}

/// `HH:MM` from an RFC 3339 time (or the text as given when it is not one).
pub fn short_time(ts: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(ts) {
        Ok(t) => t.format("%H:%M").to_string(),
        Err(_) => sanitize(ts).chars().take(5).collect(),
    }
}

/// The line marking a hold: when it started and how long it lasted (or "since").
fn hold_line(
    state: &State,
    theme: &Theme,
    h: &crate::conversation::journal::Hold,
) -> Line<'static> {
    let at = short_time(&h.start);
    let text = match h.seconds {
        Some(secs) => Msg::HoldLasted.fill(state.lang, &[&at, &duration(secs)]),
        None => Msg::HoldSince.fill(state.lang, &[&at]),
    };
    Line::styled(
        format!("  ⏸ {text}"),
        theme.fg("warn").add_modifier(Modifier::ITALIC),
    )
}

/// The lines of the holds that came after `turns` turns (`end`: and every later one,
/// for the holds after the last turn).
fn hold_lines(
    state: &State,
    theme: &Theme,
    width: usize,
    turns: usize,
    end: bool,
) -> Vec<Line<'static>> {
    state
        .clock
        .holds
        .iter()
        .filter(|h| h.after == turns || (end && h.after > turns))
        .flat_map(|h| wrap(hold_line(state, theme, h), width, 4))
        .collect()
}

/// Bytes of a turn's text shown until the agent asks for long turns in full (the
/// `show_more` key): a 60 KB turn costs what a short one does to draw.
pub const TURN_SHOWN: usize = 2_000;

/// The lines of turn number `i` wrapped to `width`, after the holds that came before it.
fn turn_lines(state: &State, theme: &Theme, width: usize, i: usize) -> Vec<Line<'static>> {
    let turn = &state.turns[i];
    let mut out = hold_lines(state, theme, width, i, false);
    let (label, meaning) = speaker_label(state, turn.speaker);
    // Numbered from 1 as the suggestions' reasons count them ("turn 6").
    let mut head = vec![
        Span::styled(
            format!("{} {} ", i + 1, short_time(&turn.ts)),
            theme.fg("muted"),
        ),
        Span::styled(
            label.to_string(),
            theme.fg(meaning).add_modifier(Modifier::BOLD),
        ),
    ];
    if !turn.final_ {
        head.push(Span::styled(" …", theme.fg("muted")));
    }
    if state.editing.as_ref().is_some_and(|e| e.turn == i) {
        head.push(Span::styled(
            " ✎",
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ));
    }
    // Cues are kept in turn order: this turn's are one slice. The newest cue with a
    // guideline says which key opens it.
    let newest = state.cues.iter().rposition(|(_, c)| c.article.is_some());
    let from = state.cues.partition_point(|(t, _)| *t < i);
    let to = state.cues.partition_point(|(t, _)| *t <= i);
    for (n, (_, cue)) in state.cues.iter().enumerate().take(to).skip(from) {
        let mut text = format!("  ◆ {}", sanitize(cue.label(state.lang)));
        if let Some(article) = &cue.article {
            // By title when the index said it, else by id.
            let name = state.titles.get(article).unwrap_or(article);
            text.push_str(&format!(" → {}", sanitize(name)));
        }
        if Some(n) == newest
            && let Some(k) = state.keymap.keys(crate::app::Action::OpenCue).first()
        {
            text.push_str(&format!(" ({k})"));
        }
        head.push(Span::styled(text, theme.fg("warn")));
    }
    out.extend(wrap(Line::from(head), width, 2));
    let mut body_style = theme.fg("base");
    if turn.speaker == Speaker::Note {
        body_style = theme.fg("note").add_modifier(Modifier::ITALIC);
    }
    if !turn.final_ {
        body_style = theme.fg("muted").add_modifier(Modifier::ITALIC);
    }
    let (shown, hidden) = if state.turns_in_full || turn.text.len() <= TURN_SHOWN {
        (turn.text.as_str(), 0)
    } else {
        let cut = turn.text.floor_char_boundary(TURN_SHOWN);
        (&turn.text[..cut], turn.text.len() - cut)
    };
    for l in shown.split('\n') {
        let l = format!("  {}", sanitize(l.trim_end_matches('\r')));
        out.extend(wrap(Line::styled(l, body_style), width, 2));
    }
    if hidden > 0 {
        let more = format!("  … {} {}", hidden.div_ceil(1024), more_label(state));
        out.extend(wrap(Line::styled(more, theme.fg("muted")), width, 2));
    }
    out
}

/// The turns this close to the bottom always fit on screen (one line each when the
/// pane is too short for them whole).
pub const KEEP_TURNS: usize = 3;

/// The last `want` turns as one line each, `1 Customer: text…`, for a pane too short
/// for the last [`KEEP_TURNS`] turns whole.
fn compact_lines(state: &State, theme: &Theme, width: usize, want: usize) -> Vec<Line<'static>> {
    let skip = state.turns.len().saturating_sub(want);
    state
        .turns
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, turn)| {
            let (label, meaning) = speaker_label(state, turn.speaker);
            let mut spans = vec![
                Span::styled(format!("{} ", i + 1), theme.fg("muted")),
                Span::styled(
                    format!("{label}: "),
                    theme.fg(meaning).add_modifier(Modifier::BOLD),
                ),
            ];
            let from = state.cues.partition_point(|(t, _)| *t < i);
            if state.cues.get(from).is_some_and(|(t, _)| *t == i) {
                spans.push(Span::styled("◆ ", theme.fg("warn")));
            }
            // A long turn costs no more than what fits on its line.
            let cut = turn
                .text
                .floor_char_boundary(width.saturating_mul(4).min(TURN_SHOWN));
            let text = sanitize(&turn.text[..cut].replace(['\n', '\r'], " ")).into_owned();
            spans.push(Span::styled(text, theme.fg("base")));
            Line::from(super::text::fit(spans, width))
        })
        .collect()
}

/// Lines of the last [`KEEP_TURNS`] turns (and the holds after them) at `width`.
fn last_turns_height(state: &State, theme: &Theme, width: usize) -> usize {
    let n = state.turns.len();
    let turns: usize = (n.saturating_sub(KEEP_TURNS)..n)
        .map(|i| turn_lines(state, theme, width, i).len())
        .sum();
    turns + hold_lines(state, theme, width, n, true).len()
}

/// What follows the size of text left out: `KB more (Alt-M)`.
pub fn more_label(state: &State) -> String {
    let key = state
        .keymap
        .keys(crate::app::Action::ShowMore)
        .first()
        .map(|k| format!(" ({k})"))
        .unwrap_or_default();
    format!("{}{key}", state.t(Msg::TurnMore))
}

/// The conversation's last lines wrapped to `width`, oldest first: at least `want`
/// of them when the turns have that many. Only the turns those lines come from are
/// wrapped, newest first, so drawing costs what is on screen, not the whole call.
pub fn last_lines(state: &State, theme: &Theme, width: usize, want: usize) -> Vec<Line<'static>> {
    let n = state.turns.len();
    // Holds after the last turn come last.
    let after = hold_lines(state, theme, width, n, true);
    let mut count = after.len();
    let mut turns: Vec<Vec<Line<'static>>> = vec![after];
    for i in (0..n).rev() {
        if count >= want {
            break;
        }
        let lines = turn_lines(state, theme, width, i);
        count += lines.len();
        turns.push(lines);
    }
    turns.into_iter().rev().flatten().collect()
}

/// Draws the turns and the input line; the extent of the turns' lines.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme, layout: &Layout) -> Extent {
    let area = rect(layout.conversation);
    let mut title = super::status::badge(state, theme);
    if !title.is_empty() {
        title.push(Span::raw(" "));
    }
    title.push(Span::styled(
        format!(" {} ", state.t(Msg::Conversation)),
        theme.fg("accent").add_modifier(Modifier::BOLD),
    ));
    if let Some(p) = &state.practice {
        title.push(Span::styled(
            format!("· {} ", sanitize(&p.title)),
            theme.fg("muted"),
        ));
    }
    let title = Line::from(title);
    let block = pane(title, area.width, false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let h = usize::from(inner.height);
    // Enough lines for the scroll position and one page further up: the extent grows
    // as the agent scrolls towards older turns.
    let want = usize::from(state.conv_scroll) + 2 * h;
    let w = usize::from(inner.width);
    let keep = KEEP_TURNS.min(state.turns.len());
    let all = if h >= keep && last_turns_height(state, theme, w) > h {
        compact_lines(state, theme, w, want)
    } else {
        last_lines(state, theme, w, want)
    };
    let extent = Extent {
        lines: all.len(),
        rows: inner.height,
    };
    let max_up = all.len().saturating_sub(h);
    let up = usize::from(state.conv_scroll).min(max_up);
    let start = all.len().saturating_sub(h + up);
    let mut visible: Vec<Line> = all.into_iter().skip(start).take(h).collect();
    // Scrolled up while turns arrive: the last row says so.
    if state.turns_below > 0 && up > 0 && h > 1 {
        let n = state.turns_below;
        let m = if n == 1 {
            Msg::TurnBelow
        } else {
            Msg::TurnsBelow
        };
        let key = state.keymap.describe(crate::app::Action::Down);
        let text = m.fill(state.lang, &[&n, &key]);
        visible.truncate(h - 1);
        while visible.len() < h - 1 {
            visible.push(Line::default());
        }
        visible.push(Line::styled(
            super::text::truncate(&text, usize::from(inner.width)),
            theme
                .fg("warn")
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ));
    }
    // The trainer's coaching note: the last row, only in the trainee's workspace.
    if let Some(w) = state.practice.as_ref().and_then(|p| p.whisper.as_ref())
        && h > 1
    {
        let text = format!("✎ {}: {}", state.t(Msg::WhisperLabel), sanitize(&w.text));
        if visible.len() >= h {
            visible.remove(0);
        }
        while visible.len() < h - 1 {
            visible.push(Line::default());
        }
        visible.push(Line::styled(
            super::text::truncate(&text, usize::from(inner.width)),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ));
    }
    frame.render_widget(Paragraph::new(visible).style(theme.base()), inner);

    // Input line.
    let focused = state.focus == Focus::Input;
    let (label, meaning) = speaker_label(state, state.speaker);
    let mut title = vec![Span::raw(" ")];
    if let Some(e) = &state.editing {
        title.push(Span::styled(
            format!(
                "✎ {} · ",
                Msg::EditingTurn.fill(state.lang, &[&(e.turn + 1)])
            ),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ));
    }
    title.push(Span::styled(
        label.to_string(),
        theme.fg(meaning).add_modifier(Modifier::BOLD),
    ));
    // A replay has no speaker to switch: its keys are on the line below.
    title.push(Span::styled(
        if state.replay.is_some() {
            " ".to_string()
        } else {
            format!(
                " ({} {}) ",
                state.t(Msg::Speaking),
                state.keymap.describe(crate::app::Action::SwitchSpeaker)
            )
        },
        theme.fg("muted"),
    ));
    if state.editing.is_some() {
        title.push(Span::styled(
            format!("{} ", state.t(Msg::EditHint)),
            theme.fg("muted"),
        ));
    }
    let title = Line::from(title);
    let iarea = rect(layout.input);
    let block = pane(title, iarea.width, focused, theme);
    let inner = block.inner(iarea);
    frame.render_widget(block, iarea);
    if let Some(r) = &state.replay {
        super::replay::draw_input(frame, state, r, theme, inner);
    } else if state.input.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                state.t(Msg::InputPlaceholder),
                theme.fg("muted").add_modifier(Modifier::ITALIC),
            )),
            inner,
        );
        if focused && !state.covered() {
            frame.set_cursor_position((inner.x, inner.y));
        }
    } else {
        field(
            frame,
            state.input.text(),
            state.input.cursor(),
            theme.fg("base"),
            inner,
            focused && !state.covered(),
        );
        gaps(
            frame,
            state.input.text(),
            state.input.cursor(),
            theme,
            inner,
        );
    }
    extent
}

/// The style of a reply placeholder nobody could fill (`{customer}`).
pub fn gap_style(theme: &Theme) -> Style {
    theme
        .fg("warn")
        .add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

/// Marks the unfilled placeholders of the one-line field drawn by [`field`] in `area`.
fn gaps(frame: &mut Frame, text: &str, cursor: usize, theme: &Theme, area: ratatui::layout::Rect) {
    let ranges = crate::app::replies::gaps(text);
    if ranges.is_empty() || area.width == 0 {
        return;
    }
    let avail = usize::from(area.width).saturating_sub(1).max(1);
    // The same scrolling as `field`: leading graphemes dropped until the cursor fits.
    let mut skip = 0;
    while width(&sanitize(&text[skip..cursor.min(text.len())])) > avail {
        skip += text[skip..].graphemes(true).next().map_or(1, str::len);
    }
    let buf = frame.buffer_mut();
    for r in ranges.into_iter().filter(|r| r.start >= skip) {
        let x = width(&sanitize(&text[skip..r.start]));
        let w = width(&sanitize(&text[r.clone()]));
        for dx in 0..w {
            let col = x + dx;
            if col >= usize::from(area.width) {
                break;
            }
            if let Some(cell) = buf.cell_mut((area.x + col as u16, area.y)) {
                cell.set_style(gap_style(theme));
            }
        }
    }
}

/// Draws a one-line text field, scrolled so the cursor stays visible, and places the
/// terminal cursor when focused.
pub fn field(
    frame: &mut Frame,
    text: &str,
    cursor: usize,
    style: Style,
    area: ratatui::layout::Rect,
    focused: bool,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let avail = usize::from(area.width).saturating_sub(1).max(1);
    let before = sanitize(&text[..cursor.min(text.len())]).into_owned();
    let after = sanitize(&text[cursor.min(text.len())..]).into_owned();
    // Drop leading graphemes until the cursor fits.
    let mut shown_before = before.as_str();
    while width(shown_before) > avail {
        let mut g = shown_before.graphemes(true);
        g.next();
        shown_before = g.as_str();
    }
    let cursor_x = width(shown_before);
    let line = Line::from(vec![
        Span::styled(shown_before.to_string(), style),
        Span::styled(after, style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if focused {
        let x = area.x + u16::try_from(cursor_x).unwrap_or(0).min(area.width - 1);
        frame.set_cursor_position((x, area.y));
    }
}
