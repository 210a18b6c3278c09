//! Draws the trainer's console (pure: from the state, no I/O): on the left the call as
//! the trainee's workspace records it — turns and what the trainee does, with the call
//! time against the target, the dead air and the article open — on the right the role
//! card with its hidden facts and the script's lines with their triggers; the input
//! (whisper or customer line) and the status bar at the bottom; help and scoring as
//! dialogs.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::keys::Action;
use super::state::{Console, InputMode, Link, Overlay, ScoreForm};
use crate::app::clock::{duration, running_secs};
use crate::conversation::Speaker;
use crate::conversation::journal::{self, JournalEntry, PauseSpan};
use crate::i18n::Msg;
use crate::text::{Lang, sanitize};
use crate::training::link::{CardLine, Role};
use crate::ui::text::{truncate, width, wrap};
use crate::ui::{Theme, centered, info_block, pane};

/// Draws the whole console.
pub fn render(frame: &mut Frame, c: &Console, theme: &Theme) {
    let area = frame.area();
    frame.render_widget(Paragraph::new("").style(theme.base()), area);
    if area.height < 8 || area.width < 40 {
        frame.render_widget(
            Paragraph::new(c.t(Msg::TcTooSmall)).style(theme.base()),
            area,
        );
        return;
    }
    let status = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
    let input = Rect::new(area.x, status.y - 3, area.width, 3);
    let main_h = input.y - area.y;
    let left_w = (u32::from(area.width) * 3 / 5) as u16;
    let conv = Rect::new(area.x, area.y, left_w, main_h);
    let right = Rect::new(area.x + left_w, area.y, area.width - left_w, main_h);
    let card_h = (main_h / 2).max(5).min(main_h);
    let card = Rect::new(right.x, right.y, right.width, card_h);
    let script = Rect::new(right.x, right.y + card_h, right.width, main_h - card_h);
    conversation(frame, c, theme, conv);
    role_card(frame, c, theme, card);
    script_pane(frame, c, theme, script);
    input_line(frame, c, theme, input);
    status_bar(frame, c, theme, status);
    match &c.overlay {
        Some(Overlay::Help) => help(frame, c, theme),
        Some(Overlay::Score(f)) => score(frame, c, theme, f),
        None => {}
    }
}

/// The trainer's pauses of the call (the console's clocks stand still during them).
pub fn pauses(c: &Console) -> Vec<PauseSpan> {
    journal::pauses(&c.records)
}

/// True while the call is paused: journaled so, or just asked for by this console.
pub fn paused(c: &Console) -> bool {
    c.script.paused || pauses(c).last().is_some_and(|p| p.seconds.is_none())
}

/// Seconds the clock ran from `from` to now (or to the call's end), the trainer's
/// pauses left out: it stands still while paused and goes on from there after.
fn running(c: &Console, from: &str, pauses: &[PauseSpan]) -> Option<u64> {
    let end = c
        .records
        .iter()
        .rev()
        .find(|r| matches!(r.entry, JournalEntry::End { .. }))
        .map_or(c.now.as_str(), |r| r.t.as_str());
    running_secs(from, end, pauses)
}

/// Seconds of the call so far, the trainer's pauses left out.
pub fn call_secs(c: &Console) -> Option<u64> {
    running(c, &c.records.first()?.t, &pauses(c))
}

/// Seconds since anyone last spoke, the pauses left out (None before the first turn
/// and once the call is wrapped up).
pub fn dead_air(c: &Console) -> Option<u64> {
    let mut last = None;
    for r in &c.records {
        match &r.entry {
            JournalEntry::Turn { .. } => last = Some(&r.t),
            JournalEntry::End { .. } | JournalEntry::Wrapup { .. } => return None,
            _ => {}
        }
    }
    running(c, last?, &pauses(c))
}

/// The article open in the trainee's reader now, and since when.
pub fn open_article(c: &Console) -> Option<(&str, &str)> {
    let mut open: Option<(&str, &str)> = None;
    for r in &c.records {
        match &r.entry {
            JournalEntry::Open { article, .. } => open = Some((article.as_str(), r.t.as_str())),
            JournalEntry::Close { article } if open.is_some_and(|(a, _)| a == article) => {
                open = None;
            }
            JournalEntry::Wrapup { .. } | JournalEntry::End { .. } => open = None,
            _ => {}
        }
    }
    open
}

fn clock_of(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| d.format("%H:%M:%S").to_string())
        .unwrap_or_default()
}

fn speaker(lang: Lang, s: Speaker) -> &'static str {
    match s {
        Speaker::Customer => Msg::Customer.text(lang),
        Speaker::Agent => Msg::Agent.text(lang),
        Speaker::Note => Msg::Note.text(lang),
    }
}

/// The call as lines: each turn, and what the trainee did, in order.
pub fn call_lines(c: &Console, theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let lang = c.lang;
    let muted = theme.fg("muted");
    let act = theme.fg("accent");
    let mut out = Vec::new();
    let mut turn = 0usize;
    let stops = pauses(c);
    // The turns as the trainee sees them: with the trainee's corrections applied.
    let fixed: Vec<(Speaker, String)> = journal::corrected(&c.records)
        .into_iter()
        .filter_map(|r| match r.entry {
            JournalEntry::Turn { speaker, text, .. } => Some((speaker, text)),
            _ => None,
        })
        .collect();
    for (i, r) in c.records.iter().enumerate() {
        let at = clock_of(&r.t);
        let note = |icon: &str, text: String, style: Style| {
            Line::from(vec![
                Span::styled(format!("{at} "), muted),
                Span::styled(format!("{icon} {}", sanitize(&text)), style),
            ])
        };
        let line = match &r.entry {
            JournalEntry::Turn {
                speaker: s, text, ..
            } => {
                turn += 1;
                let (s, text) = fixed.get(turn - 1).map_or((s, text), |(s, t)| (s, t));
                let meaning = match s {
                    Speaker::Customer => "customer",
                    Speaker::Agent => "agent",
                    Speaker::Note => "note",
                };
                let mut head = vec![
                    Span::styled(format!("{at} "), muted),
                    Span::styled(
                        format!("{turn} {}", speaker(lang, *s)),
                        theme.fg(meaning).add_modifier(Modifier::BOLD),
                    ),
                ];
                for (_, label) in c.cues.iter().filter(|(k, _)| *k == i) {
                    head.push(Span::styled(
                        format!("  ◆ {}", sanitize(label)),
                        theme.fg("warn"),
                    ));
                }
                out.push(Line::from(head));
                out.extend(wrap(Line::from(format!("  {}", sanitize(text))), w, 2));
                continue;
            }
            JournalEntry::Search { query, hits, .. } => {
                note("⌕", Msg::TcSearched.fill(lang, &[&query, hits]), act)
            }
            JournalEntry::Open { article, title, .. } => {
                // How long it stayed open: until it was closed or another one opened.
                let until = c.records[i + 1..]
                    .iter()
                    .find(|n| {
                        matches!(&n.entry, JournalEntry::Close { article: a } if a == article)
                            || matches!(
                                n.entry,
                                JournalEntry::Open { .. } | JournalEntry::Wrapup { .. }
                            )
                    })
                    .map_or(c.now.as_str(), |n| n.t.as_str());
                let secs = running_secs(&r.t, until, &stops).unwrap_or(0);
                let shown = if title.is_empty() {
                    article.clone()
                } else {
                    format!("{article} — {title}")
                };
                note(
                    "▤",
                    Msg::TcOpened.fill(lang, &[&shown, &duration(secs)]),
                    act,
                )
            }
            JournalEntry::Close { article } => {
                note("▢", Msg::TcClosed.fill(lang, &[article]), muted)
            }
            JournalEntry::Suggestion { articles } if !articles.is_empty() => note(
                "✦",
                Msg::TcSuggested.fill(lang, &[&articles.join(", ")]),
                muted,
            ),
            JournalEntry::Dismiss { article } => {
                note("✕", Msg::TcDismissed.fill(lang, &[article]), muted)
            }
            JournalEntry::Reply { name } => note("↩", Msg::TcReply.fill(lang, &[name]), act),
            JournalEntry::Copy { text, .. } => {
                note("⧉", Msg::TcCopied.fill(lang, &[&truncate(text, 40)]), muted)
            }
            JournalEntry::Coaching { text, .. } => note(
                "✎",
                Msg::TcWhispered.fill(lang, &[text]),
                theme.fg("accent").add_modifier(Modifier::ITALIC),
            ),
            JournalEntry::Pause => note("⏸", c.t(Msg::TcPausedLine).to_string(), theme.fg("warn")),
            JournalEntry::PauseEnd { seconds } => note(
                "▶",
                Msg::TcResumedLine.fill(lang, &[&duration(*seconds)]),
                theme.fg("warn"),
            ),
            JournalEntry::Hold => note("⏸", c.t(Msg::TcHold).to_string(), muted),
            JournalEntry::HoldEnd { seconds } => note(
                "▶",
                Msg::TcHoldEnd.fill(lang, &[&duration(*seconds)]),
                muted,
            ),
            JournalEntry::Customer { name, .. } if !name.is_empty() => {
                note("☺", Msg::TcCustomerIs.fill(lang, &[name]), muted)
            }
            JournalEntry::Wrapup { disposition, .. } => note(
                "■",
                Msg::TcWrappedUp.fill(lang, &[&format!("{disposition:?}").to_lowercase()]),
                theme.fg("accent").add_modifier(Modifier::BOLD),
            ),
            _ => continue,
        };
        out.extend(wrap(line, w, 2));
    }
    out
}

fn conversation(frame: &mut Frame, c: &Console, theme: &Theme, area: Rect) {
    let mut title = vec![Span::styled(
        format!(" {} ", c.t(Msg::TcTrainer)),
        theme.badge_training(),
    )];
    title.push(Span::styled(
        format!(" {} ", c.t(Msg::TcConversation)),
        theme.fg("accent").add_modifier(Modifier::BOLD),
    ));
    if let Some(card) = &c.card {
        title.push(Span::styled(
            format!("· {} ", sanitize(&card.title)),
            theme.fg("muted"),
        ));
    }
    let block = pane(Line::from(title), area.width, false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    // The live figures first.
    let mut top: Vec<Line> = Vec::new();
    let target = c.card.as_ref().and_then(|k| k.target_handle_s);
    let mut figures = vec![match (call_secs(c), target) {
        (Some(s), Some(t)) => Msg::TcElapsedTarget.fill(c.lang, &[&duration(s), &duration(t)]),
        (Some(s), None) => Msg::TcElapsed.fill(c.lang, &[&duration(s)]),
        (None, _) => c.t(Msg::TcNoCallYet).to_string(),
    }];
    if let Some(d) = dead_air(c) {
        figures.push(Msg::TcDeadAir.fill(c.lang, &[&duration(d)]));
    }
    // Paused, every clock here stands still: said first.
    let paused = paused(c);
    if paused {
        figures.insert(0, c.t(Msg::PausedBadge).to_string());
    }
    let over = matches!((call_secs(c), target), (Some(s), Some(t)) if s > t);
    top.push(Line::styled(
        truncate(&figures.join(" · "), w),
        if over || paused {
            theme.fg("warn")
        } else {
            theme.fg("accent")
        }
        .add_modifier(Modifier::BOLD),
    ));
    let reading = match open_article(c) {
        Some((id, since)) => Msg::TcReading.fill(
            c.lang,
            &[
                &sanitize(id),
                &duration(running(c, since, &pauses(c)).unwrap_or(0)),
            ],
        ),
        None => c.t(Msg::TcNotReading).to_string(),
    };
    let counts = activity_counts(c);
    top.push(Line::styled(
        truncate(&format!("{reading} · {counts}"), w),
        theme.fg("muted"),
    ));
    top.push(Line::styled("─".repeat(w), theme.fg("muted")));
    let lines = call_lines(c, theme, w);
    let room = h.saturating_sub(top.len());
    let up = usize::from(c.scroll).min(lines.len().saturating_sub(room));
    let start = lines.len().saturating_sub(room + up);
    let mut shown = top;
    if lines.is_empty() {
        shown.push(Line::styled(c.t(Msg::TcWaitingCall), theme.fg("muted")));
    }
    shown.extend(lines.into_iter().skip(start).take(room));
    frame.render_widget(Paragraph::new(shown).style(theme.base()), inner);
}

/// `3 searches · 2 articles · 4 suggestions shown, 1 dismissed · 1 quick reply · 2 cues`.
fn activity_counts(c: &Console) -> String {
    let mut n = [0usize; 5];
    for r in &c.records {
        match &r.entry {
            JournalEntry::Search { .. } => n[0] += 1,
            JournalEntry::Open { .. } => n[1] += 1,
            JournalEntry::Suggestion { articles } => n[2] += articles.len().min(1),
            JournalEntry::Dismiss { .. } => n[3] += 1,
            JournalEntry::Reply { .. } => n[4] += 1,
            _ => {}
        }
    }
    Msg::TcCounts.fill(c.lang, &[&n[0], &n[1], &n[2], &n[3], &n[4], &c.cues.len()])
}

fn role_card(frame: &mut Frame, c: &Console, theme: &Theme, area: Rect) {
    let block = pane(
        Line::styled(
            format!(" {} ", c.t(Msg::TcRoleCard)),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ),
        area.width,
        false,
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    if let Some(card) = &c.card {
        let mut head = sanitize(&card.name).into_owned();
        if !card.mood.is_empty() {
            head.push_str(&format!(" · {}", sanitize(&card.mood)));
        }
        lines.push(Line::styled(
            head,
            theme.fg("customer").add_modifier(Modifier::BOLD),
        ));
        // The hidden facts first: what the trainee must obtain or verify.
        if !card.facts.is_empty() {
            lines.push(Line::styled(
                c.t(Msg::TcHiddenFacts),
                theme.fg("muted").add_modifier(Modifier::BOLD),
            ));
        }
        for f in &card.facts {
            let mut text = format!("• {}: {}", sanitize(&f.label), sanitize(&f.value));
            if f.verify {
                text.push_str(&format!(" ({})", c.t(Msg::TcVerify)));
            }
            lines.extend(wrap(Line::from(text), w, 2));
        }
        let situation = card
            .situation
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !situation.is_empty() {
            lines.extend(wrap(
                Line::styled(sanitize(&situation).into_owned(), theme.fg("muted")),
                w,
                0,
            ));
        }
    } else {
        lines.push(Line::styled(c.t(Msg::TcWaitingCall), theme.fg("muted")));
    }
    frame.render_widget(Paragraph::new(lines).style(theme.base()), inner);
}

/// How a line's trigger reads: `after 25 s`, `says /lo siento/`, `opens x`.
pub fn trigger_text(lang: Lang, l: &CardLine) -> String {
    let v = sanitize(&l.trigger.value).into_owned();
    let m = match l.trigger.kind.as_str() {
        "start" => Msg::TcTrigStart,
        "delay" => Msg::TcTrigDelay,
        "said" => Msg::TcTrigSaid,
        "opened" => Msg::TcTrigOpened,
        "silence" => Msg::TcTrigSilence,
        _ => Msg::TcTrigFollow,
    };
    let mut s = m.fill(lang, &[&v]);
    if l.anytime {
        s = format!("{} · {s}", Msg::TcAnytime.text(lang));
    }
    if l.end {
        s.push_str(&format!(" · {}", Msg::TcEnds.text(lang)));
    }
    s
}

fn script_pane(frame: &mut Frame, c: &Console, theme: &Theme, area: Rect) {
    let mut title = format!(" {} ", c.t(Msg::TcScript));
    if c.script.taken_over {
        title.push_str(&format!("· {} ", c.t(Msg::TcTakenOver)));
    } else if c.script.ended {
        title.push_str(&format!("· {} ", c.t(Msg::TcScriptEnded)));
    }
    let block = pane(
        Line::styled(title, theme.fg("accent").add_modifier(Modifier::BOLD)),
        area.width,
        c.overlay.is_none(),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let Some(card) = &c.card else {
        return;
    };
    let mut rows: Vec<Line> = Vec::new();
    let mut selected_row = 0;
    for (i, l) in card.lines.iter().enumerate() {
        let said = c.script.said.iter().any(|s| s == &l.id);
        let typing = c.script.typing.iter().any(|s| s == &l.id);
        let armed = c.script.armed.iter().any(|s| s == &l.id);
        let (mark, style) = if typing {
            ("✎", theme.fg("customer").add_modifier(Modifier::BOLD))
        } else if armed {
            ("▶", theme.fg("accent").add_modifier(Modifier::BOLD))
        } else if said {
            ("✓", theme.fg("muted"))
        } else {
            (" ", theme.base())
        };
        let style = if i == c.selected {
            style.patch(theme.selection())
        } else {
            style
        };
        if i == c.selected {
            selected_row = rows.len();
        }
        let head = format!("{mark} {} · {}", sanitize(&l.id), trigger_text(c.lang, l));
        rows.push(Line::styled(truncate(&head, w), style));
        rows.push(Line::styled(
            truncate(&format!("    «{}»", sanitize(&l.say)), w),
            if said {
                theme.fg("muted")
            } else {
                theme.base()
            },
        ));
    }
    // Keep the selection in sight.
    let skip = (selected_row + 2).saturating_sub(h);
    let shown: Vec<Line> = rows.into_iter().skip(skip).take(h).collect();
    frame.render_widget(Paragraph::new(shown).style(theme.base()), inner);
}

fn input_line(frame: &mut Frame, c: &Console, theme: &Theme, area: Rect) {
    let (label, meaning) = match c.mode {
        InputMode::Whisper => (c.t(Msg::TcWhisperInput), "accent"),
        InputMode::Customer => (c.t(Msg::TcCustomerInput), "customer"),
    };
    let title = Line::from(vec![Span::styled(
        format!(" {label} ({}) ", c.keys.first(Action::SwitchInput)),
        theme.fg(meaning).add_modifier(Modifier::BOLD),
    )]);
    let block = pane(title, area.width, c.overlay.is_none(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text = sanitize(c.input.text()).into_owned();
    let w = usize::from(inner.width);
    // The end of a long text stays in sight.
    let shown = if width(&text) >= w {
        let chars: Vec<char> = text.chars().collect();
        let keep = w.saturating_sub(1);
        chars[chars.len().saturating_sub(keep)..].iter().collect()
    } else {
        text
    };
    frame.render_widget(Paragraph::new(shown.clone()).style(theme.base()), inner);
    if c.overlay.is_none() {
        let x = inner.x + (width(&shown) as u16).min(inner.width.saturating_sub(1));
        frame.set_cursor_position((x, inner.y));
    }
}

fn status_bar(frame: &mut Frame, c: &Console, theme: &Theme, area: Rect) {
    let base = theme.status();
    let warn = base.patch(theme.fg("warn")).add_modifier(Modifier::BOLD);
    let addr = sanitize(&c.address).into_owned();
    let (link, style) = match &c.link {
        Link::Connecting => (Msg::TcConnecting.fill(c.lang, &[&addr]), base),
        Link::Joined(Role::Driver) => (
            Msg::TcDriving.fill(c.lang, &[&addr]),
            base.add_modifier(Modifier::BOLD),
        ),
        Link::Joined(Role::Observer) => (Msg::TcObserving.fill(c.lang, &[&addr]), base),
        Link::Dropped(why) => (Msg::TcDropped.fill(c.lang, &[&addr, &sanitize(why)]), warn),
        Link::Refused(why) => (Msg::TcRefused.fill(c.lang, &[&sanitize(why)]), warn),
    };
    let mut spans = vec![Span::styled(format!(" {link}"), style)];
    if c.bad.total() > 0 {
        spans.push(Span::styled(
            format!(" · ⚠ {}", crate::i18n::bad_lines(c.lang, c.bad.total())),
            warn,
        ));
    }
    if let Some(s) = &c.status {
        spans.push(Span::styled(
            format!(" · {}", sanitize(s)),
            base.patch(theme.fg("agent")),
        ));
    }
    // Key hints, by priority, as many as fit.
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let total = usize::from(area.width);
    let mut hint = String::new();
    for (a, m) in [
        (Action::Help, Msg::TcHintHelp),
        (Action::Fire, Msg::TcHintFire),
        (Action::TakeOver, Msg::TcHintTakeOver),
        (Action::Pause, Msg::TcHintPause),
        (Action::Score, Msg::TcHintScore),
    ] {
        let part = format!("{} {}", c.keys.first(a), c.t(m));
        let next = if hint.is_empty() {
            part
        } else {
            format!("{hint} · {part}")
        };
        if used + width(&next) + 2 > total {
            break;
        }
        hint = next;
    }
    let line = if hint.is_empty() {
        Line::from(crate::ui::text::fit(spans, total))
    } else {
        hint.push(' ');
        spans.push(Span::styled(
            " ".repeat(total.saturating_sub(used + width(&hint))),
            base,
        ));
        spans.push(Span::styled(hint, base.patch(theme.fg("muted"))));
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line).style(base), area);
}

fn help(frame: &mut Frame, c: &Console, theme: &Theme) {
    let area = frame.area();
    let rows: Vec<(String, &str)> = Action::ALL
        .iter()
        .map(|a| (c.keys.describe(*a), a.help().text(c.lang)))
        .collect();
    let kw = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(
                    format!("{k:<kw$}  "),
                    theme.fg("accent").add_modifier(Modifier::BOLD),
                ),
                Span::raw(d.to_string()),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(c.t(Msg::TcHelpNote), theme.fg("muted")));
    let w = (lines.iter().map(|l| l.width()).max().unwrap_or(20) + 4).min(usize::from(area.width))
        as u16;
    let h = (lines.len() as u16 + 2).min(area.height);
    dialog(
        frame,
        theme,
        (w, h),
        (c.t(Msg::TcHelpTitle), c.t(Msg::TcHelpClose)),
        lines,
    );
}

fn score(frame: &mut Frame, c: &Console, theme: &Theme, f: &ScoreForm) {
    let area = frame.area();
    let items = c
        .card
        .as_ref()
        .map(|k| k.manual.clone())
        .unwrap_or_default();
    let mut lines: Vec<Line> = Vec::new();
    if items.is_empty() {
        lines.push(Line::styled(c.t(Msg::TcNoManualItems), theme.fg("muted")));
    }
    for (i, it) in items.iter().enumerate() {
        let label = match c.lang {
            Lang::Es if !it.label_es.is_empty() => &it.label_es,
            _ if !it.label_en.is_empty() => &it.label_en,
            _ => &it.label_es,
        };
        let v = f.values.get(&it.id).map(String::as_str).unwrap_or("");
        let shown = match v {
            "" => "—".to_string(),
            "na" => "N/A".to_string(),
            d => d.to_string(),
        };
        let style = if f.selected == i {
            theme.selection()
        } else {
            theme.base()
        };
        lines.push(Line::styled(
            format!("{:>4} / {:<3} {}", shown, it.points, sanitize(label)),
            style,
        ));
    }
    lines.push(Line::default());
    let cstyle = if f.selected >= items.len() {
        theme.selection()
    } else {
        theme.base()
    };
    lines.push(Line::styled(
        format!("{}: {}", c.t(Msg::TcComment), sanitize(f.comment.text())),
        cstyle,
    ));
    // The scorecard as it stands: the automatic items and the trainer's points.
    if let Some(card) = &c.scorecard {
        use crate::training::scorecard::LineKind;
        lines.push(Line::default());
        for l in card.outline(c.lang) {
            let style = match l.kind {
                LineKind::Heading => theme.fg("accent").add_modifier(Modifier::BOLD),
                LineKind::Good => theme.fg("agent"),
                LineKind::Bad => theme.fg("warn"),
                LineKind::Meta | LineKind::Evidence => theme.fg("muted"),
                LineKind::Item | LineKind::Blank => theme.base(),
            };
            lines.push(Line::styled(sanitize(&l.text).into_owned(), style));
        }
    }
    let w = 90.min(area.width);
    let h = (lines.len() as u16 + 2).min(area.height);
    dialog(
        frame,
        theme,
        (w, h),
        (c.t(Msg::TcScoreTitle), c.t(Msg::TcScoreHint)),
        lines,
    );
}

/// A dialog of `size` in the middle with a title and a hint; lines too wide are cut.
fn dialog(
    frame: &mut Frame,
    theme: &Theme,
    size: (u16, u16),
    (title, hint): (&str, &str),
    lines: Vec<Line<'static>>,
) {
    let r = centered(frame.area(), size.0, size.1);
    frame.render_widget(Clear, r);
    let block = info_block(title, hint, theme);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let iw = usize::from(inner.width);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if width(&s) > iw {
                Line::styled(truncate(&s, iw), l.style)
            } else {
                l
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).style(theme.base()), inner);
}
