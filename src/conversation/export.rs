//! Reading journaled calls back for people: the `apunte sessions` list, the readable
//! `show` text and the Markdown export, in Spanish or English.
//!
//! Pure functions over [`Record`]s and [`SessionSummary`]s (no I/O). The text was
//! redacted when journaled; the Markdown export runs the [`Redactor`] again (it is
//! idempotent), so a journal written with a switch off is still masked on export.
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::Speaker;
use super::journal::{Disposition, FlagReason, JournalEntry, Mode, Record, SessionSummary};
use crate::i18n::Msg;
use crate::redact::Redactor;
use crate::text::Lang;

fn speaker_label(lang: Lang, s: Speaker) -> &'static str {
    match s {
        Speaker::Customer => Msg::Customer,
        Speaker::Agent => Msg::Agent,
        Speaker::Note => Msg::Note,
    }
    .text(lang)
}

/// The localized name of a disposition, lowercase (the wrap-up dialog's label).
pub fn disposition_label(lang: Lang, d: Disposition) -> String {
    match d {
        Disposition::Resolved => Msg::DispResolved,
        Disposition::Escalated => Msg::DispEscalated,
        Disposition::Callback => Msg::DispCallback,
        Disposition::Other => Msg::DispOther,
    }
    .text(lang)
    .to_lowercase()
}

/// Where an article was opened from (`search`, `suggestion`, `cue`, `link`), in words;
/// anything else as journaled.
fn via_label(lang: Lang, via: &str) -> &str {
    match via {
        "search" => Msg::SessViaSearch.text(lang),
        "suggestion" => Msg::SessViaSuggestion.text(lang),
        "cue" => Msg::SessViaCue.text(lang),
        "link" => Msg::SessViaLink.text(lang),
        other => other,
    }
}

/// The call's mode (`live`, `training`) in words; anything else as journaled.
fn mode_label(lang: Lang, mode: &Mode) -> &str {
    match mode {
        Mode::Live => Msg::SessModeLive.text(lang),
        Mode::Training => Msg::SessModeTraining.text(lang),
        Mode::Other(other) => other,
    }
}

fn outcome(lang: Lang, s: &SessionSummary) -> String {
    match (s.disposition, s.finished) {
        (Some(d), true) => disposition_label(lang, d),
        (Some(d), false) => format!(
            "{} ({})",
            disposition_label(lang, d),
            Msg::SessUnfinished.text(lang)
        ),
        (None, true) if s.end_reason.as_deref() == Some(super::journal::ABANDONED) => {
            Msg::SessAbandoned.text(lang).to_string()
        }
        (None, true) => "-".to_string(),
        (None, false) => Msg::SessUnfinished.text(lang).to_string(),
    }
}

/// `m:ss` or `h:mm:ss`.
pub fn format_duration(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn clock(t: Option<DateTime<FixedOffset>>) -> String {
    t.map_or_else(|| "--:--:--".into(), |t| t.format("%H:%M:%S").to_string())
}

fn date_time(t: Option<DateTime<FixedOffset>>) -> String {
    t.map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

/// The `apunte sessions list` table, newest first as given. `dir` is named when empty.
pub fn render_list(lang: Lang, sessions: &[SessionSummary], dir: &str) -> String {
    let l = |m: Msg| m.text(lang);
    if sessions.is_empty() {
        return format!("{} {dir}\n", l(Msg::SessNoCalls));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<22} {:<16} {:>9} {:>6}  {}",
        "ID",
        l(Msg::SessStarted).to_uppercase(),
        l(Msg::SessDuration).to_uppercase(),
        l(Msg::SessTurns).to_uppercase(),
        l(Msg::SessOutcome).to_uppercase()
    );
    for s in sessions {
        let _ = writeln!(
            out,
            "{:<22} {:<16} {:>9} {:>6}  {}",
            s.id,
            date_time(s.started),
            s.duration().map_or_else(|| "-".into(), format_duration),
            s.turns,
            outcome(lang, s)
        );
    }
    out
}

fn header(lang: Lang, s: &SessionSummary) -> Vec<(&'static str, String)> {
    let l = |m: Msg| m.text(lang);
    let mut rows = vec![(
        l(Msg::SessStarted),
        s.started.map_or_else(
            || "-".into(),
            |t| t.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        ),
    )];
    if let Some(d) = s.duration() {
        rows.push((l(Msg::SessDuration), format_duration(d)));
    }
    if !s.agent.is_empty() {
        rows.push((l(Msg::SessAgent), s.agent.clone()));
    }
    let customer = customer_line(&s.customer, &s.reference);
    if !customer.is_empty() {
        rows.push((l(Msg::SessCustomer), customer));
    }
    if !s.mode.name().is_empty() {
        rows.push((l(Msg::SessMode), mode_label(lang, &s.mode).to_string()));
    }
    rows.push((l(Msg::SessTurns), s.turns.to_string()));
    rows.push((l(Msg::SessOutcome), outcome(lang, s)));
    rows
}

/// The `apunte sessions show` text: a header, then every entry on its own line.
pub fn render_show(lang: Lang, summary: &SessionSummary, records: &[Record]) -> String {
    let l = |m: Msg| m.text(lang);
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", l(Msg::SessCall), summary.id);
    for (k, v) in header(lang, summary) {
        let _ = writeln!(out, "  {k}: {v}");
    }
    if summary.warnings > 0 {
        let _ = writeln!(out, "  {}: {}", l(Msg::SessDamaged), summary.warnings);
    }
    out.push('\n');
    let width = [l(Msg::Customer), l(Msg::Agent), l(Msg::Note)]
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(8);
    for r in &super::journal::corrected(records) {
        let t = clock(r.time());
        let line = match &r.entry {
            JournalEntry::Start { .. } => continue,
            JournalEntry::Turn { speaker, text, .. } => {
                format!(
                    "{:<width$}  {}",
                    speaker_label(lang, *speaker),
                    one_line(text)
                )
            }
            JournalEntry::Search { query, hits, .. } => {
                format!(
                    "[{}] \"{}\" ({hits} {})",
                    l(Msg::SessSearch),
                    one_line(query),
                    l(Msg::SessHits)
                )
            }
            JournalEntry::Open { article, title, .. } => {
                if title.is_empty() {
                    format!("[{}] {article}", l(Msg::SessOpen))
                } else {
                    format!("[{}] {article} — {title}", l(Msg::SessOpen))
                }
            }
            JournalEntry::Copy { article, text } => match article {
                Some(a) => format!("[{}] {a}: {}", l(Msg::SessCopy), one_line(text)),
                None => format!("[{}] {}", l(Msg::SessCopy), one_line(text)),
            },
            JournalEntry::Suggestion { articles } => {
                format!("[{}] {}", l(Msg::SessSuggested), articles.join(", "))
            }
            JournalEntry::Dismiss { article } => format!("[{}] {article}", l(Msg::SessDismissed)),
            JournalEntry::Undismiss { article } => {
                format!("[{}] {article}", l(Msg::SessUndismissed))
            }
            JournalEntry::Wrapup { disposition, note } => {
                let d = disposition_label(lang, *disposition);
                if note.is_empty() {
                    format!("[{}] {d}", l(Msg::SessWrapup).to_lowercase())
                } else {
                    format!(
                        "[{}] {d}: {}",
                        l(Msg::SessWrapup).to_lowercase(),
                        one_line(note)
                    )
                }
            }
            JournalEntry::Resume => format!("[{}]", l(Msg::SessResumed)),
            JournalEntry::Hold => format!("[{}]", l(Msg::SessHold)),
            JournalEntry::HoldEnd { seconds } => format!(
                "[{}] {}",
                l(Msg::SessHoldEnd),
                format_duration(chrono::Duration::seconds(*seconds as i64))
            ),
            JournalEntry::Customer { name, reference } => format!(
                "[{}] {}",
                l(Msg::SessCustomer),
                customer_line(name, reference)
            ),
            JournalEntry::Coaching { text, from } => {
                format!("[{}] {from}: {}", l(Msg::SessCoaching), one_line(text))
            }
            JournalEntry::Cue {
                turn,
                cue,
                label_es,
                label_en,
                ..
            } => {
                let label = match lang {
                    Lang::Es => label_es,
                    Lang::En => label_en,
                };
                let label = if label.is_empty() { cue } else { label };
                format!("[{}] {} (#{turn})", l(Msg::SessCue), one_line(label))
            }
            JournalEntry::Pause => format!("[{}]", l(Msg::SessPause)),
            JournalEntry::Reply { name } => format!("[{}] {}", l(Msg::SessReply), one_line(name)),
            JournalEntry::PauseEnd { seconds } => format!(
                "[{}] {}",
                l(Msg::SessPauseEnd),
                format_duration(chrono::Duration::seconds(*seconds as i64))
            ),
            JournalEntry::Flag {
                article,
                reason,
                comment,
                step,
                ..
            } => {
                let what = article.as_deref().unwrap_or(l(Msg::FbService));
                let at = step.map(|n| format!(" #{n}")).unwrap_or_default();
                let mut line = format!(
                    "[{}] {what}{at}: {}",
                    l(Msg::SessFlag),
                    flag_reason_label(lang, reason)
                );
                if !comment.is_empty() {
                    line.push_str(" — ");
                    line.push_str(&one_line(comment));
                }
                line
            }
            JournalEntry::Helpful {
                article, helpful, ..
            } => {
                let m = if *helpful {
                    Msg::SessHelpful
                } else {
                    Msg::SessNotHelpful
                };
                format!("[{}] {article}", l(m))
            }
            JournalEntry::Resolve { flag, .. } => {
                format!("[{}] {flag}", l(Msg::SessFlagResolved))
            }
            // Applied to the turn it fixes (see `corrected`).
            JournalEntry::Correct { .. } => continue,
            // Workspace state for resuming, not part of the call's story.
            JournalEntry::Speaker { .. } | JournalEntry::Close { .. } => continue,
            JournalEntry::End { reason } => match reason {
                Some(r) => format!("[{}] {r}", l(Msg::SessEnded)),
                None => format!("[{}]", l(Msg::SessEnded)),
            },
            JournalEntry::Other => format!("[{}]", l(Msg::SessUnknown)),
        };
        let _ = writeln!(out, "{t}  {line}");
    }
    out
}

/// The label of a flag's reason (a reason from a newer apunte: its name).
pub fn flag_reason_label(lang: Lang, reason: &FlagReason) -> &str {
    match flag_reason_msg(reason) {
        Some(m) => m.text(lang),
        None => reason.name(),
    }
}

/// The catalog text of a flag's reason.
pub fn flag_reason_msg(reason: &FlagReason) -> Option<Msg> {
    Some(match reason {
        FlagReason::Outdated => Msg::FlagOutdated,
        FlagReason::Wrong => Msg::FlagWrong,
        FlagReason::Missing => Msg::FlagMissing,
        FlagReason::Unclear => Msg::FlagUnclear,
        FlagReason::Suggestion => Msg::FlagSuggestion,
        FlagReason::Other(_) => return None,
    })
}

/// A `## title` section of list items; nothing when there are none.
fn section(out: &mut String, title: &str, items: &[String]) {
    if !items.is_empty() {
        let _ = writeln!(out, "## {title}\n\n{}\n", items.join("\n"));
    }
}

/// `Name · reference`, either part left out when empty.
pub fn customer_line(name: &str, reference: &str) -> String {
    [name, reference]
        .iter()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for Markdown inline content (on one line).
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `apunte sessions export --markdown` document.
pub fn render_markdown(
    lang: Lang,
    summary: &SessionSummary,
    records: &[Record],
    redactor: &Redactor,
) -> String {
    let l = |m: Msg| m.text(lang);
    let red = |s: &str| md(&redactor.redact(s));
    let corrected = super::journal::corrected(records);
    let records = corrected.as_slice();
    let mut out = String::new();
    let _ = writeln!(out, "# {} {}\n", l(Msg::SessCall), summary.id);
    for (k, v) in header(lang, summary) {
        let _ = writeln!(out, "- **{k}:** {}", md(&v));
    }
    let _ = writeln!(out, "\n## {}\n", l(Msg::SessTranscript));
    let mut any_turn = false;
    for r in records {
        if let JournalEntry::Turn { speaker, text, .. } = &r.entry {
            any_turn = true;
            let who = speaker_label(lang, *speaker);
            let t = clock(r.time());
            if *speaker == Speaker::Note {
                let _ = writeln!(out, "> *{who} ({t}):* {}\n", red(text));
            } else {
                let _ = writeln!(out, "**{who}** ({t}): {}\n", red(text));
            }
        }
    }
    if !any_turn {
        let _ = writeln!(out, "{}\n", l(Msg::SessNone));
    }

    let notes: Vec<String> = records
        .iter()
        .filter_map(|r| match &r.entry {
            JournalEntry::Turn {
                speaker: Speaker::Note,
                text,
                ..
            } => Some(format!("- {} — {}", clock(r.time()), red(text))),
            _ => None,
        })
        .collect();
    section(&mut out, l(Msg::SessNotes), &notes);

    let mut articles: Vec<String> = Vec::new();
    for r in records {
        if let JournalEntry::Open {
            article,
            title,
            via,
        } = &r.entry
        {
            let mut line = format!("- `{article}`");
            if !title.is_empty() {
                let _ = write!(line, " — {}", md(title));
            }
            let _ = write!(line, " ({} {}", l(Msg::SessOpen), clock(r.time()));
            if let Some(v) = via {
                let _ = write!(line, ", {}", md(via_label(lang, v)));
            }
            line.push(')');
            articles.push(line);
        }
    }
    let _ = writeln!(
        out,
        "## {}\n\n{}\n",
        l(Msg::SessArticles),
        if articles.is_empty() {
            l(Msg::SessNone).to_string()
        } else {
            articles.join("\n")
        }
    );

    let searches: Vec<String> = records
        .iter()
        .filter_map(|r| match &r.entry {
            JournalEntry::Search { query, hits, .. } => Some(format!(
                "- {} — {} ({hits} {})",
                clock(r.time()),
                red(query),
                l(Msg::SessHits)
            )),
            _ => None,
        })
        .collect();
    section(&mut out, l(Msg::SessSearches), &searches);

    let copied: Vec<String> = records
        .iter()
        .filter_map(|r| match &r.entry {
            JournalEntry::Copy { article, text } => Some(match article {
                Some(a) => format!("- `{a}`: {}", red(text)),
                None => format!("- {}", red(text)),
            }),
            _ => None,
        })
        .collect();
    section(&mut out, l(Msg::SessCopied), &copied);

    let feedback: Vec<String> = records
        .iter()
        .filter_map(|r| match &r.entry {
            JournalEntry::Flag {
                article,
                reason,
                comment,
                step,
                ..
            } => {
                let what = match article {
                    Some(a) => format!("`{a}`"),
                    None => md(l(Msg::FbService)),
                };
                let at = step.map(|n| format!(" #{n}")).unwrap_or_default();
                let mut line = format!(
                    "- {} — {} {what}{at}: **{}**",
                    clock(r.time()),
                    l(Msg::SessFlag),
                    md(flag_reason_label(lang, reason))
                );
                if !comment.is_empty() {
                    let _ = write!(line, " — {}", red(comment));
                }
                Some(line)
            }
            JournalEntry::Helpful {
                article, helpful, ..
            } => Some(format!(
                "- {} — `{article}`: {}",
                clock(r.time()),
                l(if *helpful {
                    Msg::SessHelpful
                } else {
                    Msg::SessNotHelpful
                })
            )),
            _ => None,
        })
        .collect();
    section(&mut out, l(Msg::SessFeedback), &feedback);

    let _ = writeln!(out, "## {}\n", l(Msg::SessWrapup));
    let wrap = records.iter().rev().find_map(|r| match &r.entry {
        JournalEntry::Wrapup { disposition, note } => Some((*disposition, note.clone())),
        _ => None,
    });
    match wrap {
        Some((d, note)) => {
            let _ = writeln!(
                out,
                "- **{}:** {}",
                l(Msg::SessOutcome),
                disposition_label(lang, d)
            );
            if !note.is_empty() {
                let _ = writeln!(out, "\n{}", red(&note));
            }
        }
        None => {
            let _ = writeln!(
                out,
                "- **{}:** {}",
                l(Msg::SessOutcome),
                outcome(lang, summary)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::journal::{summarize, test_record as rec};

    #[test]
    fn show_and_export_read_the_corrected_turn_the_customer_and_the_holds() {
        let records = vec![
            rec(
                "00:00",
                JournalEntry::Customer {
                    name: "Marta Gil".into(),
                    reference: "A-4821".into(),
                },
            ),
            rec(
                "00:05",
                JournalEntry::Turn {
                    speaker: Speaker::Agent,
                    text: "me han cobrao".into(),
                    ts: None,
                    at: None,
                },
            ),
            rec(
                "00:06",
                JournalEntry::Correct {
                    turn: None,
                    speaker: Speaker::Customer,
                    text: "me han cobrado dos veces".into(),
                },
            ),
            rec("01:00", JournalEntry::Hold),
            rec("01:45", JournalEntry::HoldEnd { seconds: 45 }),
        ];
        let summary = summarize(std::path::Path::new("x.jsonl"), &records, 0);
        for text in [
            render_show(Lang::En, &summary, &records),
            render_markdown(Lang::En, &summary, &records, &Redactor::default()),
        ] {
            assert!(text.contains("me han cobrado dos veces"), "{text}");
            assert!(!text.contains("cobrao"), "{text}");
            assert!(text.contains("Marta Gil · A-4821"), "{text}");
        }
        let show = render_show(Lang::En, &summary, &records);
        assert!(show.contains("Customer  me han cobrado"), "{show}");
        assert!(show.contains("[on hold]"), "{show}");
        assert!(show.contains("[back from hold] 0:45"), "{show}");
        let es = render_show(Lang::Es, &summary, &records);
        assert!(es.contains("[fin de la espera] 0:45"), "{es}");
    }
}
