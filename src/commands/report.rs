//! `apunte report gaps|usage|faq`: the knowledge loop's reports over the saved calls of
//! the data folder, as a terminal table (fitted to its width, in the theme's colours) or
//! as `--json`, `--csv`, `--markdown`.
use std::process::ExitCode;

use crate::cli::{Cli, FaqArgs, ReportAction, ReportArgs, ReportOutput};
use crate::commands::output::Out;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::i18n::Msg;
use crate::insight::calls::{self, Call};
use crate::insight::draft::{self, Draft};
use crate::insight::faq::Options;
use crate::insight::table::Style;
use crate::insight::{faq_report, gaps, topic, usage};
use crate::knowledge::{self, Article};
use crate::search::{Engine, SearchRequest};
use crate::text::Lang;

struct Ctx {
    setup: Setup,
    lang: Lang,
    calls: Vec<Call>,
    articles: Vec<Article>,
    engine: Engine,
}

impl Ctx {
    fn load(cli: &Cli, out: &ReportOutput) -> anyhow::Result<Ctx> {
        let setup = Setup::load(Paths::from_env(), &cli.kb.knowledge)?;
        let lang = setup.config.ui_lang();
        let since = out
            .since
            .as_deref()
            .map(calls::parse_since)
            .transpose()
            .map_err(anyhow::Error::msg)?;
        let calls = calls::load(&setup.paths.data_dir, since)?;
        let kb = knowledge::load(&setup.roots);
        let (engine, _) = Engine::open(&setup.roots, &setup.paths.cache_dir)?;
        Ok(Ctx {
            setup,
            lang,
            calls,
            articles: kb.articles,
            engine,
        })
    }

    /// The best article now for a query (see [`Ctx::cover`]).
    fn best(&self, query: &str) -> Option<(String, String)> {
        let words = draft::content_words(&[query.to_string()]);
        self.cover(&words, query)
    }

    /// The article covering some words: the best hit for them when its own matching
    /// words are forms of at least two of them (the one for a one-word group), not
    /// distant prefix or typo expansions.
    fn cover(&self, words: &[String], example: &str) -> Option<(String, String)> {
        let query = if words.is_empty() {
            example.to_string()
        } else {
            words.join(" ")
        };
        let hit = self
            .engine
            .search(&SearchRequest {
                text: query,
                limit: 1,
                ..SearchRequest::default()
            })
            .into_iter()
            .next()?;
        let need = words.len().clamp(1, 2);
        let met = words
            .iter()
            .filter(|w| hit.matched.iter().any(|m| topic::same_word(w, m)))
            .count();
        (met >= need).then_some((hit.id, hit.title.text))
    }

    fn style(&self, cli: &Cli, tty: bool) -> Style {
        if !tty || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Style::plain();
        }
        let name = cli
            .theme
            .clone()
            .unwrap_or_else(|| self.setup.config.theme.clone());
        match crate::theme::load(&name, Some(&self.setup.paths.config_dir)) {
            Ok(p) => Style::from_palette(&p.at_depth(crate::theme::Depth::from_env())),
            Err(_) => Style::plain(),
        }
    }
}

fn width(tty: bool) -> usize {
    if tty {
        crossterm::terminal::size().map_or(100, |(w, _)| usize::from(w).max(40))
    } else {
        120
    }
}

pub fn run(cli: &Cli, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    match &args.action {
        ReportAction::Gaps(o) => gaps_report(cli, o),
        ReportAction::Usage(o) => usage_report(cli, o),
        ReportAction::Faq(a) => faq(cli, a),
    }
}

/// Writes a report in the format asked for.
fn emit(
    cli: &Cli,
    ctx: &Ctx,
    o: &ReportOutput,
    json: impl FnOnce() -> String,
    csv: impl FnOnce() -> String,
    markdown: impl FnOnce() -> String,
    text: impl FnOnce(usize, &Style) -> String,
) -> anyhow::Result<()> {
    let mut out = Out::new();
    if o.json {
        out.text(&json())?;
    } else if o.csv {
        out.text(&csv())?;
    } else if o.markdown {
        out.text(&markdown())?;
    } else {
        let tty = out.is_terminal();
        let style = ctx.style(cli, tty);
        // The table sanitizes what it prints; its own colours pass as they are.
        use std::io::Write;
        out.write_all(text(width(tty), &style).as_bytes())?;
    }
    Ok(())
}

fn gaps_report(cli: &Cli, o: &ReportOutput) -> anyhow::Result<ExitCode> {
    let ctx = Ctx::load(cli, o)?;
    let report = gaps::report(&ctx.calls, ctx.lang, |q| ctx.best(q));
    let lang = ctx.lang;
    emit(
        cli,
        &ctx,
        o,
        || report.to_json(),
        || report.to_csv(),
        || report.to_markdown(lang),
        |w, s| report.to_text(lang, w, s),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn usage_report(cli: &Cli, o: &ReportOutput) -> anyhow::Result<ExitCode> {
    let ctx = Ctx::load(cli, o)?;
    let known: Vec<(String, String)> = ctx
        .articles
        .iter()
        .map(|a| (a.id.clone(), a.title.clone()))
        .collect();
    let report = usage::report(&ctx.calls, &known);
    let lang = ctx.lang;
    emit(
        cli,
        &ctx,
        o,
        || report.to_json(),
        || report.to_csv(),
        || report.to_markdown(lang),
        |w, s| report.to_text(lang, w, s),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn faq(cli: &Cli, a: &FaqArgs) -> anyhow::Result<ExitCode> {
    let ctx = Ctx::load(cli, &a.output)?;
    let questions = faq_report::questions(&ctx.calls);
    let opts = Options {
        min_size: a.min,
        ..Options::default()
    };
    let report = faq_report::report(ctx.calls.len(), &questions, &opts, |w, e| ctx.cover(w, e));
    let lang = ctx.lang;
    emit(
        cli,
        &ctx,
        &a.output,
        || report.to_json(),
        || report.to_csv(),
        || report.to_markdown(lang),
        |w, s| report.to_text(lang, w, s),
    )?;
    if let Some(dir) = &a.drafts {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let mut written = 0;
        for g in report.groups.iter().filter(|g| g.article.is_none()) {
            let lang = g
                .examples
                .iter()
                .find_map(|e| knowledge::lang::detect(e))
                .unwrap_or(lang);
            let title = g
                .examples
                .first()
                .cloned()
                .unwrap_or_else(|| g.words.join(" "));
            let mut draft = Draft::from_search(&title, &g.examples, lang, &today);
            for w in &g.words {
                if !draft.keywords.contains(w) {
                    draft.keywords.push(w.clone());
                }
            }
            draft.write_new(dir)?;
            written += 1;
        }
        eprintln!(
            "{}",
            Msg::RepDraftsWritten.fill(ctx.lang, &[&written, &dir.display()])
        );
    }
    Ok(ExitCode::SUCCESS)
}
