//! Reading journaled calls back for people: the `apunte sessions` list, the readable
//! `show` text and the Markdown export, in Spanish or English.
//!
//! Pure functions over [`Record`]s and [`SessionSummary`]s (no I/O). The text was
//! redacted when journaled; the Markdown export runs the [`Redactor`] again (it is
//! idempotent), so a journal written with a switch off is still masked on export.
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::Speaker;
use super::journal::{Disposition, JournalEntry, Record, SessionSummary};
use super::redact::Redactor;

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    /// `es`/`en` from a setting, else from the locale (`LC_ALL`/`LC_MESSAGES`/`LANG`),
    /// else English.
    pub fn pick(setting: &str) -> Lang {
        match crate::text::ui_lang(setting, crate::text::system_locale().as_deref()) {
            crate::text::Lang::Es => Lang::Es,
            crate::text::Lang::En => Lang::En,
        }
    }
}

/// Every string shown, in both languages.
struct Labels {
    call: &'static str,
    started: &'static str,
    duration: &'static str,
    turns: &'static str,
    outcome: &'static str,
    unfinished: &'static str,
    abandoned: &'static str,
    agent: &'static str,
    mode: &'static str,
    customer: &'static str,
    agent_speaker: &'static str,
    note: &'static str,
    transcript: &'static str,
    notes: &'static str,
    articles: &'static str,
    searches: &'static str,
    copied: &'static str,
    wrapup: &'static str,
    search: &'static str,
    hits: &'static str,
    open: &'static str,
    copy: &'static str,
    suggested: &'static str,
    dismissed: &'static str,
    resumed: &'static str,
    ended: &'static str,
    unknown: &'static str,
    none: &'static str,
    no_calls: &'static str,
    damaged: &'static str,
    resolved: &'static str,
    escalated: &'static str,
    callback: &'static str,
    other: &'static str,
}

const ES: Labels = Labels {
    call: "Llamada",
    started: "Inicio",
    duration: "Duración",
    turns: "Turnos",
    outcome: "Cierre",
    unfinished: "sin terminar",
    abandoned: "abandonada",
    agent: "Agente",
    mode: "Modo",
    customer: "Cliente",
    agent_speaker: "Agente",
    note: "Nota",
    transcript: "Transcripción",
    notes: "Notas",
    articles: "Artículos consultados",
    searches: "Búsquedas",
    copied: "Texto copiado",
    wrapup: "Cierre",
    search: "búsqueda",
    hits: "resultados",
    open: "abierto",
    copy: "copiado",
    suggested: "sugeridos",
    dismissed: "descartado",
    resumed: "llamada reanudada",
    ended: "fin",
    unknown: "entrada desconocida",
    none: "(nada)",
    no_calls: "Aún no hay llamadas guardadas en",
    damaged: "líneas dañadas omitidas",
    resolved: "resuelta",
    escalated: "escalada",
    callback: "rellamada",
    other: "otra",
};

const EN: Labels = Labels {
    call: "Call",
    started: "Started",
    duration: "Duration",
    turns: "Turns",
    outcome: "Outcome",
    unfinished: "unfinished",
    abandoned: "abandoned",
    agent: "Agent",
    mode: "Mode",
    customer: "Customer",
    agent_speaker: "Agent",
    note: "Note",
    transcript: "Transcript",
    notes: "Notes",
    articles: "Articles consulted",
    searches: "Searches",
    copied: "Copied text",
    wrapup: "Wrap-up",
    search: "search",
    hits: "hits",
    open: "opened",
    copy: "copied",
    suggested: "suggested",
    dismissed: "dismissed",
    resumed: "call resumed",
    ended: "end",
    unknown: "unknown entry",
    none: "(none)",
    no_calls: "No calls journaled yet in",
    damaged: "damaged lines skipped",
    resolved: "resolved",
    escalated: "escalated",
    callback: "callback",
    other: "other",
};

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

fn speaker_label(l: &Labels, s: Speaker) -> &'static str {
    match s {
        Speaker::Customer => l.customer,
        Speaker::Agent => l.agent_speaker,
        Speaker::Note => l.note,
    }
}

/// The localized name of a disposition.
pub fn disposition_label(lang: Lang, d: Disposition) -> &'static str {
    let l = labels(lang);
    match d {
        Disposition::Resolved => l.resolved,
        Disposition::Escalated => l.escalated,
        Disposition::Callback => l.callback,
        Disposition::Other => l.other,
    }
}

fn outcome(lang: Lang, s: &SessionSummary) -> String {
    match (s.disposition, s.finished) {
        (Some(d), true) => disposition_label(lang, d).to_string(),
        (Some(d), false) => format!(
            "{} ({})",
            disposition_label(lang, d),
            labels(lang).unfinished
        ),
        (None, true) if s.end_reason.as_deref() == Some(super::journal::ABANDONED) => {
            labels(lang).abandoned.to_string()
        }
        (None, true) => "-".to_string(),
        (None, false) => labels(lang).unfinished.to_string(),
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
    let l = labels(lang);
    if sessions.is_empty() {
        return format!("{} {dir}\n", l.no_calls);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<22} {:<16} {:>9} {:>6}  {}",
        "ID",
        l.started.to_uppercase(),
        l.duration.to_uppercase(),
        l.turns.to_uppercase(),
        l.outcome.to_uppercase()
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
    let l = labels(lang);
    let mut rows = vec![(
        l.started,
        s.started.map_or_else(
            || "-".into(),
            |t| t.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        ),
    )];
    if let Some(d) = s.duration() {
        rows.push((l.duration, format_duration(d)));
    }
    if !s.agent.is_empty() {
        rows.push((l.agent, s.agent.clone()));
    }
    if !s.mode.name().is_empty() {
        rows.push((l.mode, s.mode.name().to_string()));
    }
    rows.push((l.turns, s.turns.to_string()));
    rows.push((l.outcome, outcome(lang, s)));
    rows
}

/// The `apunte sessions show` text: a header, then every entry on its own line.
pub fn render_show(lang: Lang, summary: &SessionSummary, records: &[Record]) -> String {
    let l = labels(lang);
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", l.call, summary.id);
    for (k, v) in header(lang, summary) {
        let _ = writeln!(out, "  {k}: {v}");
    }
    if summary.warnings > 0 {
        let _ = writeln!(out, "  {}: {}", l.damaged, summary.warnings);
    }
    out.push('\n');
    let width = [l.customer, l.agent_speaker, l.note]
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(8);
    for r in records {
        let t = clock(r.time());
        let line = match &r.entry {
            JournalEntry::Start { .. } => continue,
            JournalEntry::Turn { speaker, text, .. } => {
                format!("{:<width$}  {}", speaker_label(l, *speaker), one_line(text))
            }
            JournalEntry::Search { query, hits, .. } => {
                format!("[{}] \"{}\" ({hits} {})", l.search, one_line(query), l.hits)
            }
            JournalEntry::Open { article, title, .. } => {
                if title.is_empty() {
                    format!("[{}] {article}", l.open)
                } else {
                    format!("[{}] {article} — {title}", l.open)
                }
            }
            JournalEntry::Copy { article, text } => match article {
                Some(a) => format!("[{}] {a}: {}", l.copy, one_line(text)),
                None => format!("[{}] {}", l.copy, one_line(text)),
            },
            JournalEntry::Suggestion { articles } => {
                format!("[{}] {}", l.suggested, articles.join(", "))
            }
            JournalEntry::Dismiss { article } => format!("[{}] {article}", l.dismissed),
            JournalEntry::Wrapup { disposition, note } => {
                let d = disposition_label(lang, *disposition);
                if note.is_empty() {
                    format!("[{}] {d}", l.wrapup.to_lowercase())
                } else {
                    format!("[{}] {d}: {}", l.wrapup.to_lowercase(), one_line(note))
                }
            }
            JournalEntry::Resume => format!("[{}]", l.resumed),
            JournalEntry::End { reason } => match reason {
                Some(r) => format!("[{}] {r}", l.ended),
                None => format!("[{}]", l.ended),
            },
            JournalEntry::Other => format!("[{}]", l.unknown),
        };
        let _ = writeln!(out, "{t}  {line}");
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for Markdown inline content.
fn md(s: &str) -> String {
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
    let l = labels(lang);
    let red = |s: &str| md(&redactor.redact(s));
    let mut out = String::new();
    let _ = writeln!(out, "# {} {}\n", l.call, summary.id);
    for (k, v) in header(lang, summary) {
        let _ = writeln!(out, "- **{k}:** {}", md(&v));
    }
    let _ = writeln!(out, "\n## {}\n", l.transcript);
    let mut any_turn = false;
    for r in records {
        if let JournalEntry::Turn { speaker, text, .. } = &r.entry {
            any_turn = true;
            let who = speaker_label(l, *speaker);
            let t = clock(r.time());
            if *speaker == Speaker::Note {
                let _ = writeln!(out, "> *{who} ({t}):* {}\n", red(text));
            } else {
                let _ = writeln!(out, "**{who}** ({t}): {}\n", red(text));
            }
        }
    }
    if !any_turn {
        let _ = writeln!(out, "{}\n", l.none);
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
    if !notes.is_empty() {
        let _ = writeln!(out, "## {}\n\n{}\n", l.notes, notes.join("\n"));
    }

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
            let _ = write!(line, " ({} {}", l.open, clock(r.time()));
            if let Some(v) = via {
                let _ = write!(line, ", {}", md(v));
            }
            line.push(')');
            articles.push(line);
        }
    }
    let _ = writeln!(
        out,
        "## {}\n\n{}\n",
        l.articles,
        if articles.is_empty() {
            l.none.to_string()
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
                l.hits
            )),
            _ => None,
        })
        .collect();
    if !searches.is_empty() {
        let _ = writeln!(out, "## {}\n\n{}\n", l.searches, searches.join("\n"));
    }

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
    if !copied.is_empty() {
        let _ = writeln!(out, "## {}\n\n{}\n", l.copied, copied.join("\n"));
    }

    let _ = writeln!(out, "## {}\n", l.wrapup);
    let wrap = records.iter().rev().find_map(|r| match &r.entry {
        JournalEntry::Wrapup { disposition, note } => Some((*disposition, note.clone())),
        _ => None,
    });
    match wrap {
        Some((d, note)) => {
            let _ = writeln!(out, "- **{}:** {}", l.outcome, disposition_label(lang, d));
            if !note.is_empty() {
                let _ = writeln!(out, "\n{}", red(&note));
            }
        }
        None => {
            let _ = writeln!(out, "- **{}:** {}", l.outcome, outcome(lang, summary));
        }
    }
    out
}
