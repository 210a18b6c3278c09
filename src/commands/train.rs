//! `apunte train`: lists the scenarios of the knowledge roots, runs one as a mock call in
//! the workspace (training mode: badge, frames, the scripted customer as a source), and
//! replays a saved call read-only.
use std::process::ExitCode;

use crate::app::{Practice, Replay};
use crate::cli::{Cli, ReplayArgs, TrainAction, TrainArgs};
use crate::commands::output::Out;
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::conversation::journal::{self, Mode};
use crate::i18n::Msg;
use crate::runtime::{self, scripted, sources, trainer_link};
use crate::text::{Lang, sanitize};
use crate::training::{Difficulty, Scenario, check, link, scenario};

/// How often the replay's clock ticks.
const REPLAY_TICK: std::time::Duration = std::time::Duration::from_millis(100);

pub fn run(cli: &Cli, args: &TrainArgs) -> anyhow::Result<ExitCode> {
    match (&args.action, &args.scenario) {
        (Some(TrainAction::Replay(r)), _) => replay(cli, r),
        (Some(TrainAction::Score(a)), _) => super::scoring::run_score(&cli.kb, a),
        (Some(TrainAction::Grade(a)), _) => super::scoring::run_grade(&cli.kb, a),
        (Some(TrainAction::Report(a)), _) => super::training_report::run(&cli.kb, a),
        // `--host SCENARIO`: the value is the scenario, the address the default one.
        (None, None) => match args.host.as_deref().filter(|h| !looks_like_address(h)) {
            Some(id) => practise(cli, args, id, Some(crate::cli::TRAINER_DEFAULT_ADDR)),
            None if args.host.is_some() => {
                let lang = Setup::load(Paths::from_env(), &cli.kb.knowledge)?
                    .config
                    .ui_lang();
                anyhow::bail!(Msg::CliHostNeedsScenario.text(lang))
            }
            None => list(cli),
        },
        (None, Some(id)) => practise(cli, args, id, args.host.as_deref()),
    }
}

/// The difficulty in the UI language.
pub fn difficulty(lang: Lang, d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => Msg::DiffEasy,
        Difficulty::Medium => Msg::DiffMedium,
        Difficulty::Hard => Msg::DiffHard,
    }
    .text(lang)
}

/// The best score of each scenario so far, from the scorecards saved beside the
/// journals of its mock calls (a discarded practice left none).
fn best_scores(paths: &Paths) -> std::collections::HashMap<String, f64> {
    use crate::training::scorecard::{Scorecard, sidecar};
    let mut best = std::collections::HashMap::new();
    for call in journal::list(&paths.data_dir).unwrap_or_default() {
        if call.scenario.is_empty() {
            continue;
        }
        let card = std::fs::read_to_string(sidecar(&call.path, "scorecard.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<Scorecard>(&t).ok());
        if let Some(score) = card.and_then(|c| c.score) {
            let b = best.entry(call.scenario.clone()).or_insert(score);
            *b = f64::max(*b, score);
        }
    }
    best
}

/// A best score as shown: `87.5 %`, or `—` before any scored attempt.
fn shown_score(best: Option<&f64>) -> String {
    best.map_or_else(|| "—".to_string(), |s| format!("{s:.1} %"))
}

fn list(cli: &Cli) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &cli.kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let dirs: Vec<_> = setup.roots.iter().map(|r| r.dir.clone()).collect();
    let (scenarios, problems) = scenario::load_all(&dirs);
    for p in &problems {
        eprintln!("apunte: {p}");
    }
    if scenarios.is_empty() {
        let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        anyhow::bail!(Msg::CliNoScenarios.fill(lang, &[&names.join(", ")]));
    }
    let header: Vec<&str> = Msg::CliTrainHeader.text(lang).split('|').collect();
    let mut rows: Vec<[String; 5]> = vec![[
        header[0].into(),
        header[1].into(),
        header[2].into(),
        header[3].into(),
        header[4].into(),
    ]];
    let best = best_scores(&setup.paths);
    let mut sorted: Vec<&Scenario> = scenarios.iter().collect();
    sorted.sort_by(|a, b| (a.difficulty, &a.id).cmp(&(b.difficulty, &b.id)));
    for s in sorted {
        rows.push([
            sanitize(&s.id).into_owned(),
            s.lang.code().to_string(),
            difficulty(lang, s.difficulty).to_string(),
            shown_score(best.get(&s.id)),
            sanitize(&s.title).into_owned(),
        ]);
    }
    let width = |i: usize| {
        rows.iter()
            .map(|r| crate::ui::text::width(&r[i]))
            .max()
            .unwrap_or(0)
    };
    let w: Vec<usize> = (0..4).map(width).collect();
    let mut out = Out::new();
    for r in &rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate().take(4) {
            let pad = w[i].saturating_sub(crate::ui::text::width(cell));
            line.push_str(cell);
            line.push_str(&" ".repeat(pad + 2));
        }
        line.push_str(&r[4]);
        out.line(line.trim_end())?;
    }
    out.line("")?;
    out.line(Msg::CliTrainHint.text(lang))?;
    Ok(ExitCode::SUCCESS)
}

/// Finds a scenario by id in the roots and checks it (against the articles too).
fn find_scenario(setup: &Setup, id: &str) -> anyhow::Result<Scenario> {
    let lang = setup.config.ui_lang();
    let dirs: Vec<_> = setup.roots.iter().map(|r| r.dir.clone()).collect();
    let path = dirs
        .iter()
        .flat_map(|d| scenario::files(d))
        .find(|p| p.file_stem().is_some_and(|s| s == id))
        .ok_or_else(|| anyhow::anyhow!(Msg::CliUnknownScenario.fill(lang, &[&sanitize(id)])))?;
    let invalid = |diags: &[crate::knowledge::Diagnostic]| {
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        anyhow::anyhow!(
            "{}\n{}",
            Msg::CliScenarioInvalid.fill(lang, &[&path.display()]),
            lines.join("\n")
        )
    };
    let s = scenario::load(&path).map_err(|d| invalid(&d))?;
    let ids = crate::knowledge::check::check(&setup.roots).article_ids;
    let findings = check::scenario(&s, &ids);
    if !findings.is_empty() {
        return Err(invalid(&findings));
    }
    Ok(s)
}

/// An address for `--host` rather than a scenario id: `HOST:PORT`, a port, `unix:PATH`.
fn looks_like_address(s: &str) -> bool {
    s.contains(':') || s.parse::<u16>().is_ok()
}

/// The rubric's items a person scores, for the trainer's console.
fn manual_items(roots: &[crate::knowledge::Root]) -> Vec<link::ManualItem> {
    let Ok(rubric) = crate::training::saved::rubric(roots, None) else {
        return Vec::new();
    };
    rubric
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .filter(|i| i.check == crate::training::rubric::CheckKind::Manual)
        .map(|i| link::ManualItem {
            id: i.id.clone(),
            label_es: i.label_es.clone(),
            label_en: i.label_en.clone(),
            points: i.points,
        })
        .collect()
}

fn practise(cli: &Cli, args: &TrainArgs, id: &str, host: Option<&str>) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &cli.kb.knowledge)?;
    let s = find_scenario(&setup, id)?;
    let trainee = args
        .trainee
        .clone()
        .unwrap_or_else(|| setup.config.agent_name.clone());
    let mut practice = Practice {
        scenario: s.id.clone(),
        title: s.title.clone(),
        trainee: trainee.clone(),
        ..Practice::default()
    };
    let card = link::Card::of(&s, &trainee, manual_items(&setup.roots));
    let (mut customer, listens) = scripted::pair(s, scripted::Clock::new(args.speed));
    let mut sources: Vec<Box<dyn runtime::Source>> = Vec::new();
    let mut taps = (None, None);
    if let Some(addr) = host {
        let code = link::join_code(JOIN_CODE_LEN)?;
        let (records, records_rx) = crossbeam_channel::unbounded();
        let (views, views_rx) = crossbeam_channel::unbounded();
        let (scores, scores_rx) = crossbeam_channel::unbounded();
        customer.report_to(views);
        let linked = trainer_link::Host::bind(
            addr,
            code.clone(),
            card,
            trainer_link::Feeds {
                records: records_rx,
                views: views_rx,
                scores: scores_rx,
                control: listens.control(),
            },
        )?;
        practice.host = Some(crate::app::practice::Host {
            address: linked.address().to_string(),
            code,
        });
        sources.push(Box::new(linked));
        taps = (Some(journal::Tap(records)), Some(scores));
    }
    sources.insert(0, Box::new(customer));
    workspace(
        cli,
        setup,
        (sources, vec![Box::new(listens)]),
        (Some(practice), None),
        taps,
    )
}

/// The sources of a training workspace and its sinks besides the journal.
type Feeds = (Vec<Box<dyn runtime::Source>>, Vec<Box<dyn runtime::Sink>>);

/// Where the journal's records and the scorecards go besides the workspace.
type Taps = (
    Option<journal::Tap>,
    Option<crossbeam_channel::Sender<crate::training::scorecard::Scorecard>>,
);

/// Characters of a join code.
const JOIN_CODE_LEN: usize = 6;

/// The workspace in training mode: a mock call or a replay.
/// `taps`: where the journal's records and the scorecards go too (the trainer link).
fn workspace(
    cli: &Cli,
    setup: Setup,
    (sources, sinks): Feeds,
    (practice, replay): (Option<Practice>, Option<Replay>),
    taps: Taps,
) -> anyhow::Result<ExitCode> {
    let Setup {
        paths,
        config,
        roots,
    } = setup;
    runtime::run(runtime::Options {
        paths,
        config,
        roots,
        theme: cli.theme.clone(),
        mode: Mode::Training,
        sources,
        sinks,
        practice,
        replay,
        tap: taps.0,
        scorecards: taps.1,
    })
}

fn replay(cli: &Cli, args: &ReplayArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &cli.kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let path = crate::commands::sessions::find(lang, &setup.paths.data_dir, &args.id)?;
    let (records, warnings) = journal::read(&path)?;
    for w in &warnings {
        eprintln!("apunte: {}:{}: {}", path.display(), w.line, w.message);
    }
    if records.is_empty() {
        anyhow::bail!(Msg::CliReplayEmpty.fill(lang, &[&sanitize(&args.id)]));
    }
    let id = journal::session_id_of(&path);
    let mut r = Replay::new(id, path.clone(), &records, args.speed);
    // The articles the call named, by the titles they have now where the journal kept
    // none (an article deleted since is shown by its id, marked gone).
    let kb = crate::knowledge::loader::load(&setup.roots);
    let now: std::collections::HashMap<&str, &str> = kb
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    r.resolve_titles(|id| now.get(id).map(|t| (*t).to_string()));
    let (comments, warnings) = crate::training::review::read(&path)?;
    for w in &warnings {
        let sidecar = crate::training::review::sidecar(&path);
        eprintln!("apunte: {}:{}: {}", sidecar.display(), w.line, w.message);
    }
    r.comments = comments;
    r.reviewer = reviewer_name(args.reviewer.as_deref(), &setup.config.agent_name, |k| {
        std::env::var(k).ok()
    });
    workspace(
        cli,
        setup,
        (vec![Box::new(sources::Ticker(REPLAY_TICK))], Vec::new()),
        (None, Some(r)),
        (None, None),
    )
}

/// Who signs a replay's comments: `--reviewer`, else the config's agent name, else the
/// login name, so that no comment goes unsigned.
fn reviewer_name(flag: Option<&str>, agent: &str, env: impl Fn(&str) -> Option<String>) -> String {
    [flag.map(str::to_string), Some(agent.to_string())]
        .into_iter()
        .flatten()
        .chain(["USER", "LOGNAME", "USERNAME"].into_iter().filter_map(env))
        .map(|n| n.trim().to_string())
        .find(|n| !n.is_empty())
        .unwrap_or_default()
}

#[cfg(test)]
mod reviewer_tests {
    use super::reviewer_name;

    #[test]
    fn a_comment_is_signed_by_the_flag_the_config_or_the_login() {
        let env = |k: &str| (k == "LOGNAME").then(|| "lucia".to_string());
        assert_eq!(reviewer_name(Some("Eva"), "Ana", env), "Eva");
        assert_eq!(reviewer_name(None, "Ana", env), "Ana");
        assert_eq!(reviewer_name(None, " ", env), "lucia");
        assert_eq!(reviewer_name(Some(""), "", |_| None), "");
    }
}
