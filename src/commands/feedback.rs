//! `apunte feedback list|export|resolve`: the flags agents raised on articles (and on
//! the service), read from every journal ([`crate::conversation::feedback`]) and set
//! against the knowledge base as it is now: a flag raised on an older version of its
//! article shows as "article changed since: possibly addressed", and `resolve` closes
//! one (a `resolve` entry in the feedback journal).
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{FeedbackAction, FeedbackArgs, FeedbackFilter};
use crate::commands::output::{Out, csv_row};
use crate::commands::setup::Setup;
use crate::commands::table::{self, Cell, Table};
use crate::config::Paths;
use crate::conversation::export::flag_reason_label;
use crate::conversation::feedback::{self, Flag, Status};
use crate::conversation::journal::{self, FlagReason, JournalEntry};
use crate::i18n::Msg;
use crate::knowledge::{Article, loader};
use crate::redact::Redactor;
use crate::text::Lang;

/// What the knowledge base says now about a flagged article.
#[derive(Debug, Clone, Default)]
struct Now {
    version: String,
    owner: Option<String>,
    title: String,
    path: String,
}

/// A flag with where it stands now.
struct Row<'a> {
    flag: &'a Flag,
    status: Status,
    now: Option<&'a Now>,
}

impl Row<'_> {
    /// The article's owner now (else as recorded).
    fn owner(&self) -> Option<&str> {
        self.now
            .and_then(|n| n.owner.as_deref())
            .or(self.flag.owner.as_deref())
    }
}

pub fn run(kb: &crate::cli::KnowledgeArgs, args: &FeedbackArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let data_dir = setup.paths.data_dir.clone();
    let filter = match &args.action {
        FeedbackAction::List(f) | FeedbackAction::Export { filter: f, .. } => Some(&f.center),
        FeedbackAction::Resolve { .. } => None,
    };
    let center = match filter {
        Some(f) => crate::commands::center::data(&setup.paths, &setup.config, f)?,
        None => None,
    };
    let fb = feedback::collect(center.as_ref().map_or(&data_dir, |c| &c.dir))?;
    for (path, w) in &fb.warnings {
        eprintln!("apunte: {}:{}: {}", path.display(), w.line, w.message);
    }
    let mut out = Out::new();
    match &args.action {
        FeedbackAction::Resolve { id, note } => {
            let flag = feedback::find(&fb.flags, id).map_err(|e| find_error(lang, e))?;
            if flag.resolved.is_some() {
                out.line(&Msg::FbAlreadyResolved.fill(lang, &[&flag.id]))?;
                return Ok(ExitCode::SUCCESS);
            }
            let path = journal::feedback_path(&data_dir);
            let mut log = journal::Journal::open_log(&path, Redactor::new(&setup.config.redact))?;
            log.append(JournalEntry::Resolve {
                flag: flag.id.clone(),
                note: note.clone(),
            })?;
            log.sync()?;
            out.line(&Msg::FbResolvedOk.fill(lang, &[&flag.id]))?;
        }
        FeedbackAction::List(filter) => {
            let kb = knowledge_now(&setup);
            let rows = rows(&fb.flags, &kb, filter, lang)?;
            let tty = out.is_terminal();
            let theme = table::theme(tty, &setup.config.theme, &setup.paths.config_dir);
            // The table's cells are made safe for the terminal; its colours are ours.
            let text = render_table(lang, &rows, table::terminal_width(tty), theme.as_ref());
            out.write_all(text.as_bytes())?;
        }
        FeedbackAction::Export { filter, format } => {
            let kb = knowledge_now(&setup);
            let rows = rows(&fb.flags, &kb, filter, lang)?;
            if format.json {
                let items: Vec<Exported> = rows.iter().map(|r| exported(lang, r)).collect();
                out.text(&crate::text::json_pretty_safe(&items))?;
                out.text("\n")?;
            } else if format.csv {
                out.text(&render_csv(lang, &rows))?;
            } else {
                out.text(&render_markdown(lang, &rows))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn find_error(lang: Lang, e: feedback::FindError) -> anyhow::Error {
    match e {
        feedback::FindError::NotFound(id) => {
            anyhow::anyhow!(Msg::CliNoFlag.fill(lang, &[&format!("{id:?}")]))
        }
        feedback::FindError::Ambiguous { id, matches } => anyhow::anyhow!(
            Msg::CliSeveralFlags.fill(lang, &[&format!("{id:?}"), &matches.join(", ")])
        ),
    }
}

/// Every article of the knowledge roots as it is now, by id.
fn knowledge_now(setup: &Setup) -> HashMap<String, Now> {
    let kb = loader::load(&setup.roots);
    kb.articles
        .iter()
        .map(|a: &Article| {
            (
                a.id.clone(),
                Now {
                    version: a.version(),
                    owner: a.owner.clone(),
                    title: a.title.clone(),
                    path: a.path.display().to_string(),
                },
            )
        })
        .collect()
}

/// The flags that pass the filter, oldest first, with their status.
fn rows<'a>(
    flags: &'a [Flag],
    kb: &'a HashMap<String, Now>,
    filter: &FeedbackFilter,
    lang: Lang,
) -> anyhow::Result<Vec<Row<'a>>> {
    let since = match &filter.since {
        Some(s) => Some(
            crate::knowledge::frontmatter::normalise_date(s).ok_or_else(|| {
                anyhow::anyhow!(Msg::CliBadSince.fill(lang, &[&format!("{s:?}")]))
            })?,
        ),
        None => None,
    };
    let kind = match &filter.kind {
        Some(k) => Some(FlagReason::parse(k).ok_or_else(|| {
            let names: Vec<&str> = FlagReason::ALL.iter().map(FlagReason::name).collect();
            anyhow::anyhow!(Msg::CliBadKind.fill(lang, &[&format!("{k:?}"), &names.join(", ")]))
        })?),
        None => None,
    };
    let mut out = Vec::new();
    for f in flags {
        let now = f.article.as_deref().and_then(|a| kb.get(a));
        let status = f.status(now.map(|n| n.version.as_str()));
        if since
            .as_deref()
            .is_some_and(|s| f.t.get(..10).unwrap_or("") < s)
        {
            continue;
        }
        if let Some(a) = &filter.article
            && f.article.as_deref() != Some(a.trim_matches('/'))
        {
            continue;
        }
        if kind.as_ref().is_some_and(|k| *k != f.reason) {
            continue;
        }
        if filter.open && !status.is_open() {
            continue;
        }
        out.push(Row {
            flag: f,
            status,
            now,
        });
    }
    Ok(out)
}

fn status_label(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Open => Msg::FbOpen.text(lang),
        Status::Changed => Msg::FbChanged.text(lang),
        Status::Gone => Msg::FbGone.text(lang),
        Status::Resolved => Msg::FbResolved.text(lang),
    }
}

fn status_meaning(s: Status) -> &'static str {
    match s {
        Status::Open => "warn",
        Status::Changed => "accent",
        Status::Gone | Status::Resolved => "muted",
    }
}

/// `2026-12-01 10:30` from the journal's time.
fn when(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| t.to_string())
}

fn article_label(lang: Lang, f: &Flag) -> String {
    match (&f.article, f.step) {
        (Some(a), Some(n)) => format!("{a} #{n}"),
        (Some(a), None) => a.clone(),
        (None, _) => Msg::FbService.text(lang).to_string(),
    }
}

fn render_table(
    lang: Lang,
    rows: &[Row<'_>],
    width: Option<usize>,
    theme: Option<&crate::ui::Theme>,
) -> String {
    let l = |m: Msg| m.text(lang);
    if rows.is_empty() {
        return format!("{}\n", l(Msg::FbNone));
    }
    let mut t = Table::new(&[
        (l(Msg::FbId), false),
        (l(Msg::FbWhen), false),
        (l(Msg::FbArticle), true),
        (l(Msg::FbKind), false),
        (l(Msg::FbStatus), true),
        (l(Msg::FbComment), true),
    ]);
    for r in rows {
        let f = r.flag;
        t.push(vec![
            Cell::new(&f.id, "muted"),
            Cell::new(when(&f.t), "muted"),
            Cell::new(article_label(lang, f), "base"),
            Cell::new(flag_reason_label(lang, &f.reason), "base"),
            Cell::new(status_label(lang, r.status), status_meaning(r.status)),
            Cell::new(&f.comment, "base"),
        ]);
    }
    let mut out = t.render(width, theme);
    let open = rows.iter().filter(|r| r.status.is_open()).count();
    let _ = writeln!(out, "{}", Msg::FbCount.fill(lang, &[&rows.len(), &open]));
    out
}

/// One flag in the JSON export.
#[derive(Debug, Serialize)]
struct Exported {
    id: String,
    t: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<String>,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    reason: String,
    reason_label: String,
    comment: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<usize>,
    #[serde(skip_serializing_if = "String::is_empty")]
    paragraph: String,
    /// The article's version when flagged and now.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<String>,
}

fn exported(lang: Lang, r: &Row<'_>) -> Exported {
    let f = r.flag;
    Exported {
        id: f.id.clone(),
        t: f.t.clone(),
        status: r.status.name(),
        article: f.article.clone(),
        title: r.now.map_or_else(|| f.title.clone(), |n| n.title.clone()),
        owner: r.owner().map(str::to_string),
        path: r.now.map(|n| n.path.clone()),
        reason: f.reason.name().to_string(),
        reason_label: flag_reason_label(lang, &f.reason).to_string(),
        comment: f.comment.clone(),
        step: f.step,
        paragraph: f.paragraph.clone(),
        version: f.version.clone(),
        current_version: r.now.map(|n| n.version.clone()),
        updated: f.updated.clone(),
        call: f.call.clone(),
        resolved_at: f.resolved.as_ref().map(|(t, _)| t.clone()),
        resolution: f.resolved.as_ref().map(|(_, n)| n.clone()),
    }
}

fn render_csv(lang: Lang, rows: &[Row<'_>]) -> String {
    let mut out = csv_row(&[
        "id",
        "time",
        "status",
        "article",
        "title",
        "owner",
        "reason",
        "comment",
        "step",
        "paragraph",
        "version",
        "current_version",
        "call",
        "resolved_at",
        "resolution",
    ]);
    for r in rows {
        let e = exported(lang, r);
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        out.push_str(&csv_row(&[
            &e.id,
            &e.t,
            e.status,
            &opt(&e.article),
            &e.title,
            &opt(&e.owner),
            &e.reason,
            &e.comment,
            &e.step.map(|s| s.to_string()).unwrap_or_default(),
            &e.paragraph,
            &opt(&e.version),
            &opt(&e.current_version),
            &opt(&e.call),
            &opt(&e.resolved_at),
            &opt(&e.resolution),
        ]));
    }
    out
}

/// Text for the Markdown inbox: control characters as placeholders, Markdown escaped.
fn md(s: &str) -> String {
    crate::conversation::export::md(&crate::text::sanitize(s))
}

/// The inbox for a pull request: grouped by owner (flags with no article last), then by
/// article with its file, each flag with its id, date, kind, step, comment and status.
fn render_markdown(lang: Lang, rows: &[Row<'_>]) -> String {
    let l = |m: Msg| m.text(lang);
    let mut out = String::new();
    let open = rows.iter().filter(|r| r.status.is_open()).count();
    let _ = writeln!(out, "# {}\n", l(Msg::FbInbox));
    let _ = writeln!(out, "{}\n", Msg::FbCount.fill(lang, &[&rows.len(), &open]));
    if rows.is_empty() {
        let _ = writeln!(out, "{}", l(Msg::FbNone));
        return out;
    }
    // Owner → article → flags; the service's suggestions in a group of their own, last.
    let mut groups: BTreeMap<(u8, String), BTreeMap<String, Vec<&Row<'_>>>> = BTreeMap::new();
    for r in rows {
        let key = match (&r.flag.article, r.owner()) {
            (None, _) => (2, l(Msg::FbService).to_string()),
            (Some(_), Some(o)) => (0, o.to_string()),
            (Some(_), None) => (1, l(Msg::FbNoOwner).to_string()),
        };
        let article = r.flag.article.clone().unwrap_or_default();
        groups
            .entry(key)
            .or_default()
            .entry(article)
            .or_default()
            .push(r);
    }
    for ((_, owner), articles) in &groups {
        let _ = writeln!(out, "## {}\n", md(owner));
        for (article, flags) in articles {
            if !article.is_empty() {
                let first = flags[0];
                let title = first
                    .now
                    .map_or(first.flag.title.as_str(), |n| n.title.as_str());
                let mut head = format!("### `{}`", article.replace('`', "'"));
                if !title.is_empty() {
                    let _ = write!(head, " — {}", md(title));
                }
                let _ = writeln!(out, "{head}\n");
                if let Some(n) = first.now {
                    let _ = writeln!(out, "`{}`\n", n.path.replace('`', "'"));
                }
            }
            for r in flags {
                let f = r.flag;
                let mut line = format!(
                    "- [{}] `{}` {} · **{}**",
                    if r.status.is_open() { " " } else { "x" },
                    f.id,
                    when(&f.t),
                    md(flag_reason_label(lang, &f.reason))
                );
                if let Some(n) = f.step {
                    let _ = write!(line, " · #{n}");
                }
                if !f.comment.is_empty() {
                    let _ = write!(line, ": {}", md(&f.comment));
                }
                let _ = write!(line, " _({})_", md(status_label(lang, r.status)));
                let _ = writeln!(out, "{line}");
                if !f.paragraph.is_empty() {
                    let _ = writeln!(out, "  > {}", md(&f.paragraph));
                }
                if let Some((_, note)) = &f.resolved
                    && !note.is_empty()
                {
                    let _ = writeln!(out, "  - {}", md(note));
                }
            }
            out.push('\n');
        }
    }
    out
}
