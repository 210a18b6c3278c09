//! `apunte report gaps|usage|stale|faq`: the knowledge loop's reports over the saved
//! calls of the data folder (or, with `--center`, over the center's records read back
//! into a data folder of the same shape, so the same code gives the same figures), as a
//! terminal table (fitted to its width, in the theme's colours) or as `--json`, `--csv`,
//! `--markdown`.
use std::process::ExitCode;

use crate::cli::{Cli, FaqArgs, ReportAction, ReportArgs, ReportOutput, StaleArgs};
use crate::commands::output::Out;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::conversation::feedback::{self, Feedback};
use crate::conversation::journal;
use crate::i18n::Msg;
use crate::insight::calls::{self, Call};
use crate::insight::draft::{self, Draft};
use crate::insight::faq::Options;
use crate::insight::table::{Report, Style};
use crate::insight::{faq_report, gaps, stale, topic, usage};
use crate::knowledge::{self, Article};
use crate::search::{Engine, SearchRequest};
use crate::text::Lang;

/// What every report reads: the calls (and the feedback) of the data folder or the
/// center, the knowledge as it is now and its index.
struct Ctx {
    setup: Setup,
    lang: Lang,
    calls: Vec<Call>,
    feedback: Feedback,
    /// The votes given outside a call (the feedback journal's), on or after `--since`;
    /// those given in a call are in its records.
    outside_votes: Vec<feedback::Vote>,
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
        // With --center, a data folder of the center's records (removed when dropped).
        let center = crate::commands::center::data(&setup.paths, &setup.config, &out.center)?;
        let data_dir = center.as_ref().map_or(&setup.paths.data_dir, |c| &c.dir);
        let calls = calls::load(data_dir, since)?;
        let feedback = feedback::collect(data_dir)?;
        for (path, w) in &feedback.warnings {
            eprintln!("apunte: {}:{}: {}", path.display(), w.line, w.message);
        }
        let log = journal::feedback_path(data_dir);
        let outside_votes = if log.is_file() {
            let (records, _) = journal::read(&log)?;
            let day = since.map(|d| d.format("%Y-%m-%d").to_string());
            feedback::of_records(&records, None)
                .votes
                .into_iter()
                .filter(|v| {
                    day.as_deref()
                        .is_none_or(|d| v.t.get(..10).unwrap_or("") >= d)
                })
                .collect()
        } else {
            Vec::new()
        };
        drop(center);
        let kb = knowledge::load(&setup.roots);
        let (engine, _) = Engine::open(&setup.roots, &setup.paths.cache_dir)?;
        Ok(Ctx {
            setup,
            lang,
            calls,
            feedback,
            outside_votes,
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

    /// Writes a report in the format asked for.
    fn emit(&self, cli: &Cli, o: &ReportOutput, report: &impl Report) -> anyhow::Result<()> {
        let mut out = Out::new();
        if o.json {
            out.text(&report.to_json())?;
        } else if o.csv {
            out.text(&report.to_csv())?;
        } else if o.markdown {
            out.text(&report.to_markdown(self.lang))?;
        } else {
            let tty = out.is_terminal();
            let style = self.style(cli, tty);
            // The table sanitizes what it prints; its own colours pass as they are.
            use std::io::Write;
            out.write_all(report.to_text(self.lang, width(tty), &style).as_bytes())?;
        }
        Ok(())
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
        ReportAction::Gaps(o) => {
            let ctx = Ctx::load(cli, o)?;
            let report = gaps::report(&ctx.calls, ctx.lang, |q| ctx.best(q));
            ctx.emit(cli, o, &report)?;
        }
        ReportAction::Usage(o) => {
            let ctx = Ctx::load(cli, o)?;
            let known: Vec<(String, String)> = ctx
                .articles
                .iter()
                .map(|a| (a.id.clone(), a.title.clone()))
                .collect();
            let report = usage::report(&ctx.calls, &known, &ctx.outside_votes);
            ctx.emit(cli, o, &report)?;
        }
        ReportAction::Stale(a) => stale_report(cli, a)?,
        ReportAction::Faq(a) => faq(cli, a)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn stale_report(cli: &Cli, a: &StaleArgs) -> anyhow::Result<()> {
    let ctx = Ctx::load(cli, &a.output)?;
    let today = chrono::Local::now().date_naive();
    let report = stale::report(
        &ctx.articles,
        &ctx.calls,
        &ctx.feedback.flags,
        today,
        a.days,
    );
    ctx.emit(cli, &a.output, &report)
}

fn faq(cli: &Cli, a: &FaqArgs) -> anyhow::Result<()> {
    let ctx = Ctx::load(cli, &a.output)?;
    let questions = faq_report::questions(&ctx.calls);
    let opts = Options {
        min_size: a.min,
        ..Options::default()
    };
    let report = faq_report::report(ctx.calls.len(), &questions, &opts, |w, e| ctx.cover(w, e));
    ctx.emit(cli, &a.output, &report)?;
    if let Some(dir) = &a.drafts {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let mut written = 0;
        for g in report.groups.iter().filter(|g| g.article.is_none()) {
            let lang = g
                .examples
                .iter()
                .find_map(|e| knowledge::lang::detect(e))
                .unwrap_or(ctx.lang);
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
    Ok(())
}
