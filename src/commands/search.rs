//! `apunte search`: the same engine and query code as the workspace's search box,
//! printed as ranked hits (human readable, or one JSON object a line with `--json`).
use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{KnowledgeArgs, LangArg, SearchArgs};
use crate::commands::output::Out;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::i18n::{Msg, Noun};
use crate::knowledge::Lang;
use crate::search::{Engine, Highlighted, Hit, IndexReport, SearchRequest};
use crate::text::sanitize;

/// One hit as printed by `--json`.
#[derive(Serialize)]
struct JsonHit<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    category: &'a str,
    path: String,
    lang: Lang,
    score: f32,
    summary: &'a str,
    snippet: &'a str,
    /// Byte ranges `[start, end)` of the matches in `snippet`.
    highlights: Vec<[usize; 2]>,
    matched: &'a [String],
}

pub fn run(kb: &KnowledgeArgs, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    // Answer from the index as the manifest left it, then look at the knowledge files,
    // and refresh the index if they changed.
    let Some((engine, report, snapshot)) =
        Engine::open_warm_once(&setup.roots, &setup.paths.cache_dir)
    else {
        let (engine, report) = Engine::open(&setup.roots, &setup.paths.cache_dir)?;
        warn_problems(lang, &report);
        return answer(&engine, args, lang).map(|(code, _)| code);
    };
    warn_problems(lang, &report);
    let answered = answer(&engine, args, lang);
    drop(engine);
    let shown = answered
        .as_ref()
        .map(|(_, files)| files.as_slice())
        .unwrap_or(&[]);
    // Quick (a `stat` per folder and per hit): the folders as the last full look saw
    // them, and the files of the hits not written since. Otherwise, and a minute after
    // the last full look, every file.
    let quick = snapshot.quick(&setup.roots, shown, std::time::SystemTime::now());
    // Unreadable folders or a failed check: refresh, as a cold open would.
    if !quick && !snapshot.unchanged(&setup.roots).unwrap_or(false) {
        // The hits are out already: a failed refresh is a warning, not a failure. Said
        // only when an article changed: a manifest written by an older apunte (another
        // fingerprint of the same files) is only brought up to date.
        match Engine::open(&setup.roots, &setup.paths.cache_dir) {
            Ok((_, r)) if r.rebuilt || r.added + r.updated + r.removed > 0 => eprintln!(
                "{}",
                Msg::CliStaleRefreshed.fill(lang, &[&r.added, &r.updated, &r.removed])
            ),
            Ok(_) => {}
            Err(e) => eprintln!("apunte: {e:#}"),
        }
    }
    answered.map(|(code, _)| code)
}

/// Searches and prints the hits; gives the files of the hits shown.
fn answer(
    engine: &Engine,
    args: &SearchArgs,
    lang: Lang,
) -> anyhow::Result<(ExitCode, Vec<std::path::PathBuf>)> {
    let req = SearchRequest {
        text: args.query.join(" "),
        limit: args.limit,
        lang: args.lang.map(|l| match l {
            LangArg::Es => Lang::Es,
            LangArg::En => Lang::En,
        }),
        tags: args.tag.clone(),
        category: args.category.clone(),
    };
    let hits = engine.search(&req);
    if hits.is_empty() {
        // What was asked for, words and filters, as the workspace's operators spell it.
        let mut asked: Vec<String> = vec![req.text.trim().to_string()];
        asked.extend(req.tags.iter().map(|t| format!("tag:{t}")));
        asked.extend(req.category.iter().map(|c| format!("cat:{c}")));
        let asked = asked
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if asked.is_empty() {
            eprintln!("{}", Msg::CliNothingToSearch.text(lang));
        } else {
            eprintln!("{}", Msg::CliNoMatch.fill(lang, &[&asked, &engine.len()]));
            // A filter that matches nothing: the ones that would.
            let (tag, cat) = crate::search::query::filters_in(&req.text);
            let facets = engine.facets();
            if tag || !req.tags.is_empty() {
                eprintln!("{}", crate::i18n::known(lang, Msg::KnownTags, &facets.tags));
            }
            if cat || req.category.is_some() {
                let names = &facets.categories;
                eprintln!("{}", crate::i18n::known(lang, Msg::KnownCategories, names));
            }
        }
        return Ok((ExitCode::SUCCESS, Vec::new()));
    }
    let mut out = Out::new();
    let color = out.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if args.json {
        print_json(&mut out, &hits)?;
    } else {
        print_human(&mut out, &hits, color)?;
    }
    Ok((
        ExitCode::SUCCESS,
        hits.into_iter().map(|h| h.path).collect(),
    ))
}

/// Parse problems, briefly, on stderr.
pub fn warn_problems(lang: Lang, report: &IndexReport) {
    let n = report.diagnostics.len();
    if n > 0 {
        let files: std::collections::HashSet<_> =
            report.diagnostics.iter().map(|d| &d.path).collect();
        eprintln!(
            "{}",
            Msg::CliProblemsIn.fill(
                lang,
                &[
                    &Noun::Problem.count(lang, n),
                    &Noun::KnowledgeFile.count(lang, files.len())
                ]
            )
        );
    }
}

fn print_json(out: &mut Out, hits: &[Hit]) -> std::io::Result<()> {
    for (i, h) in hits.iter().enumerate() {
        let j = JsonHit {
            rank: i + 1,
            id: &h.id,
            title: &h.title.text,
            category: &h.category,
            path: h.path.display().to_string(),
            lang: h.lang,
            score: h.score,
            summary: &h.summary,
            snippet: &h.snippet.text,
            highlights: h
                .snippet
                .highlights
                .iter()
                .map(|r| [r.start, r.end])
                .collect(),
            matched: &h.matched,
        };
        out.json(&j)?;
    }
    out.flush()
}

fn print_human(out: &mut Out, hits: &[Hit], color: bool) -> std::io::Result<()> {
    // One line per field, on a terminal or in a pipe: no control character passes.
    let clean = |s: &str| -> String { sanitize(s).into_owned() };
    for (i, h) in hits.iter().enumerate() {
        let title = marked(&h.title, color, &clean);
        let id = clean(&h.id);
        let badge = h.lang.code().to_uppercase();
        if color {
            writeln!(
                out,
                "\x1b[2m{:>2}.\x1b[0m {title}  \x1b[2m[{badge}] {}\x1b[0m",
                i + 1,
                id
            )?;
        } else {
            writeln!(out, "{:>2}. {title}  [{badge}] {id}", i + 1)?;
        }
        let snippet = marked(&h.snippet, color, &clean);
        if !snippet.is_empty() {
            writeln!(out, "    {snippet}")?;
        }
    }
    out.flush()
}

/// The text with its highlights in bold (colour) or unmarked (plain); `clean` makes each
/// piece of the text safe for the terminal.
fn marked(h: &Highlighted, color: bool, clean: &dyn Fn(&str) -> String) -> String {
    if !color {
        return clean(&h.text);
    }
    let mut s = String::with_capacity(h.text.len() + h.highlights.len() * 8);
    let mut at = 0;
    for r in &h.highlights {
        if r.start < at || r.end > h.text.len() {
            continue;
        }
        if !h.text.is_char_boundary(r.start) || !h.text.is_char_boundary(r.end) {
            continue;
        }
        s.push_str(&clean(&h.text[at..r.start]));
        s.push_str("\x1b[1;33m");
        s.push_str(&clean(&h.text[r.clone()]));
        s.push_str("\x1b[0m");
        at = r.end;
    }
    s.push_str(&clean(&h.text[at..]));
    s
}
