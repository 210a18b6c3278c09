//! Command-line definitions (clap types only). [`crate::commands::run`] dispatches each
//! subcommand to a thin function over the same library calls the workspace uses.
use std::path::PathBuf;

use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::text::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "apunte",
    version,
    about = "Agent-assist for contact centers: a live conversation pane with instant local knowledge search",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub kb: KnowledgeArgs,

    /// Colour theme for the workspace (dark, light, high-contrast, colorblind, or a user theme).
    #[arg(long, global = true)]
    pub theme: Option<String>,

    /// Follow a transcript file (or FIFO) as it grows: one JSON event or plain text line per turn.
    #[arg(long, value_name = "FILE")]
    pub transcript: Option<PathBuf>,

    /// Accept transcript events on 127.0.0.1:PORT (TCP) or unix:PATH (unix socket).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,

    /// Shared secret that clients must send first; required for a non-loopback --listen
    /// address. Safer than this flag (which other local users can see in `ps`): the
    /// APUNTE_LISTEN_TOKEN environment variable or --token-file.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "APUNTE_LISTEN_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// Read the --listen token from the first line of this file (keep it readable by you
    /// only, e.g. chmod 600).
    #[arg(long, value_name = "FILE", conflicts_with = "token")]
    pub token_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Knowledge roots, shared by every subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct KnowledgeArgs {
    /// Knowledge folder (repeatable). Default: config file, then $APUNTE_KNOWLEDGE, then
    /// ./knowledge, then the sample base bundled into the binary.
    #[arg(long = "knowledge", short = 'k', value_name = "DIR", global = true)]
    pub knowledge: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Es,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the knowledge base and print ranked hits.
    Search(SearchArgs),
    /// Build or refresh the search index and report articles, time and problems.
    Index,
    /// Validate every knowledge file: errors as path:line: message (exit 1 when any).
    Check,
    /// Print the paths and effective settings, or write a commented default config.
    Config(ConfigArgs),
    /// Read a conversation (JSON events) on stdin and print suggested articles.
    Suggest(SuggestArgs),
    /// List, show or export journaled calls.
    Sessions(SessionsArgs),
    /// Benchmark helpers (synthetic knowledge bases).
    Bench(BenchArgs),
    /// Practice calls: scenarios, scorecards, grades and the training report.
    Train(TrainArgs),
    /// The knowledge loop's reports over saved calls: gaps, usage, stale articles, FAQ.
    Report(ReportArgs),
    /// The flags agents raised on articles: list, export (an inbox by owner) and resolve.
    Feedback(FeedbackArgs),
    /// The contact center's shared record in PostgreSQL: migrate its schema, ship the
    /// local journals to it (exactly once), and see what is pending.
    Center(CenterArgs),
    /// The trainer's console: join a hosted mock call (`apunte train --host`) to play
    /// the customer, coach, pause and score it.
    Trainer(TrainerArgs),
}

/// Where a hosted mock call listens by default (and where the console looks).
pub const TRAINER_DEFAULT_ADDR: &str = "127.0.0.1:7474";

#[derive(Debug, Args)]
pub struct TrainerArgs {
    /// The trainee's address (`HOST:PORT`, `PORT`, `unix:PATH`), as their screen shows it.
    #[arg(value_name = "ADDR", default_value = TRAINER_DEFAULT_ADDR)]
    pub addr: String,
    /// The join code the trainee's screen shows.
    #[arg(long, env = "APUNTE_TRAINER_CODE", value_name = "CODE")]
    pub code: String,
    /// Watch only (another trainer drives the call).
    #[arg(long)]
    pub observe: bool,
    /// Your name, for the trainee and the saved scores (default: the config's agent name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct CenterArgs {
    #[command(subcommand)]
    pub action: CenterAction,
}

#[derive(Debug, Subcommand)]
pub enum CenterAction {
    /// Create or upgrade the center's schema (refused on a newer schema than this
    /// apunte knows) and make the month partitions two years ahead.
    Migrate,
    /// Ship every record of the local journals not shipped yet, then stop.
    Sync,
    /// The database reached, its schema version, and the records pending per journal.
    Status,
}

/// Run a report over the center's database instead of the local journals.
#[derive(Debug, Args, Default, Clone)]
pub struct CenterFilter {
    /// Over the center's database (every agent's shipped records) instead of the local
    /// journals.
    #[arg(long)]
    pub center: bool,
    /// With --center: only this agent's records.
    #[arg(long, value_name = "NAME", requires = "center")]
    pub agent: Option<String>,
    /// With --center: only this team's records.
    #[arg(long, value_name = "TEAM", requires = "center")]
    pub team: Option<String>,
    /// With --center: only calls started on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "center")]
    pub from: Option<String>,
    /// With --center: only calls started on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "center")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub action: ReportAction,
}

/// How a report is written (a terminal table by default).
#[derive(Debug, Clone, Default, Args)]
pub struct ReportOutput {
    /// Only calls started on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The report as JSON.
    #[arg(long, conflicts_with_all = ["csv", "markdown"])]
    pub json: bool,
    /// The report as CSV.
    #[arg(long, conflicts_with = "markdown")]
    pub csv: bool,
    /// The report as Markdown (for a pull request or a wiki).
    #[arg(long)]
    pub markdown: bool,
    #[command(flatten)]
    pub center: CenterFilter,
}

#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// Searches that found nothing useful: no results, or results none of which was
    /// opened; grouped by topic, most frequent first, with the best article now.
    Gaps(ReportOutput),
    /// Article reuse (a Pareto), articles never used and the link rate.
    Usage(ReportOutput),
    /// Frequent customer questions grouped by meaning, with the article covering them.
    Faq(FaqArgs),
    /// The articles to review, by owner: past their review date, not opened in N days,
    /// flagged (most flagged first).
    Stale(StaleArgs),
}

#[derive(Debug, Args)]
pub struct StaleArgs {
    #[command(flatten)]
    pub output: ReportOutput,
    /// An article not opened in this many days is listed.
    #[arg(long, default_value_t = crate::insight::stale::DAYS, value_parser = clap::builder::RangedU64ValueParser::<u32>::new().range(1..=36_500))]
    pub days: u32,
}

#[derive(Debug, Args)]
pub struct FaqArgs {
    #[command(flatten)]
    pub output: ReportOutput,
    /// The smallest group listed (times asked).
    #[arg(long, default_value_t = 3, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub min: usize,
    /// Write a draft article into DIR for every listed group no article covers.
    #[arg(long, value_name = "DIR")]
    pub drafts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// One JSON object per hit and line.
    #[arg(long)]
    pub json: bool,
    /// How many hits at most.
    #[arg(long, default_value_t = 10, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1000))]
    pub limit: usize,
    /// Only articles in this language.
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<LangArg>,
    /// Only articles with this tag (repeatable).
    #[arg(long)]
    pub tag: Vec<String>,
    /// Only articles in this category (folder).
    #[arg(long)]
    pub category: Option<String>,
    /// The query: any text (operators: "phrase", -word, tag:x, cat:x, lang:en).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub query: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Write a commented default config.toml (refuses to overwrite an existing one).
    #[arg(long)]
    pub init: bool,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// One JSON object per suggestion and line.
    #[arg(long)]
    pub json: bool,
    /// How many suggestions at most.
    #[arg(long, default_value_t = 3, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=20))]
    pub limit: usize,
    /// Print the suggestions after every customer turn, not only at the end.
    #[arg(long)]
    pub each_turn: bool,
    /// For each article considered, print the signals and how they made its confidence.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct SessionsArgs {
    #[command(subcommand)]
    pub action: SessionsAction,
}

#[derive(Debug, Subcommand)]
pub enum SessionsAction {
    /// List journaled calls, newest first.
    List,
    /// Print one call's journal as readable text.
    Show {
        /// The call's id (as `apunte sessions list` shows it).
        id: String,
    },
    /// Export one call.
    Export {
        /// The call's id (as `apunte sessions list` shows it).
        id: String,
        /// Export as Markdown.
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    #[command(subcommand)]
    pub action: FeedbackAction,
}

#[derive(Debug, Subcommand)]
pub enum FeedbackAction {
    /// The flags, oldest first, with where each stands now.
    List(FeedbackFilter),
    /// The flags as CSV, JSON or a Markdown inbox grouped by owner.
    Export {
        #[command(flatten)]
        filter: FeedbackFilter,
        #[command(flatten)]
        format: FeedbackFormat,
    },
    /// Close a flag (an unambiguous start of its id is enough).
    Resolve {
        /// The flag's id (an unambiguous start of it).
        id: String,
        /// What was done about it.
        #[arg(long, default_value = "")]
        note: String,
    },
}

/// Which flags.
#[derive(Debug, Args, Default)]
pub struct FeedbackFilter {
    /// Only flags raised on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only flags on this article (its id).
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// Only this kind: outdated, wrong, missing, unclear, suggestion.
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Only flags not resolved yet (possibly addressed ones included).
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub center: CenterFilter,
}

/// The export format (one of them).
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct FeedbackFormat {
    /// One row per flag.
    #[arg(long)]
    pub csv: bool,
    /// One JSON object per flag.
    #[arg(long)]
    pub json: bool,
    /// An inbox grouped by owner, for a pull request.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub action: BenchAction,
}

#[derive(Debug, Subcommand)]
pub enum BenchAction {
    /// Generate a deterministic synthetic knowledge base of N articles into DIR.
    Gen {
        /// How many articles (N).
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// The seed: the same seed gives the same base.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// The folder the base is written to.
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TrainArgs {
    #[command(subcommand)]
    pub action: Option<TrainAction>,
    /// The scenario to practise (its file name without .toml); none: list them.
    pub scenario: Option<String>,
    /// Who practises (journaled with the call; default: the config's agent name).
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Run the scripted customer this many times faster (demos, trying a scenario out).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub speed: u32,
    /// Host the mock call for a trainer's console (`apunte trainer`): listen on ADDR
    /// (default 127.0.0.1:7474; `unix:PATH` too) and show a join code.
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = TRAINER_DEFAULT_ADDR)]
    pub host: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TrainAction {
    /// Play a saved call back in a read-only workspace (pause, step, seek, comment).
    Replay(ReplayArgs),
    /// Score a saved call again (a mock call, or a real one: items for a person stay
    /// open), save its scorecard beside the journal and print it.
    Score(TrainScoreArgs),
    /// Record a grader's points for the items a person scores (ITEM=POINTS or ITEM=na).
    Grade(TrainGradeArgs),
    /// Per trainee: attempts, best and last score per scenario, trend, certification;
    /// agreement between graders.
    Report(TrainReportArgs),
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The call's session id (or a unique start of it), as `apunte sessions list` shows.
    pub id: String,
    /// Play this many times faster than the call went (1-32).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=32))]
    pub speed: u32,
    /// Who signs the comments (default: the config's agent name, else the login name).
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
}

#[derive(Debug, Args)]
pub struct TrainScoreArgs {
    /// The call's id (a unique part is enough; `apunte sessions list` shows them).
    pub id: String,
    /// Score with this rubric file instead of the knowledge's scenarios/rubric.toml.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// Count this grader's manual grades (default: the last grade given for each item).
    #[arg(long, value_name = "NAME")]
    pub grader: Option<String>,
    /// Print the scorecard's JSON instead of its Markdown.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TrainGradeArgs {
    /// The call's id.
    pub id: String,
    /// Who grades (each grader's grades are kept apart).
    #[arg(long, value_name = "NAME")]
    pub grader: String,
    /// Read more ITEM=POINTS from this file (whitespace or lines; `#` starts a comment).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The rubric file the items belong to (default: the knowledge's).
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// ITEM=POINTS (a whole number up to the item's points) or ITEM=na.
    pub grades: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TrainReportArgs {
    /// Only this trainee.
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    /// The report as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// The report as CSV (one row per trainee and scenario, certification, grader pair).
    #[arg(long)]
    pub csv: bool,
    /// Score with this rubric file instead of the knowledge's.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    #[command(flatten)]
    pub center: CenterFilter,
}

/// Parses the process's arguments, with `--help` in `lang` (clap's errors stay English).
pub fn parse(lang: Lang) -> Cli {
    let mut cmd = command(lang);
    let parsed = cmd
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|m| Cli::from_arg_matches(&m));
    parsed.unwrap_or_else(|e| e.format(&mut cmd).exit())
}

/// The command line with its help in `lang`: English as written above, or every about,
/// option and heading from the Spanish catalog ([`crate::i18n::cli_help_es`]).
pub fn command(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Es => {
            let mut cmd = spanish(cmd, "").disable_version_flag(true).arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(es("_version"))
                    .help_heading(es("_options")),
            );
            // clap makes the `help` subcommand when the command is built.
            cmd.build();
            cmd.mut_subcommand("help", |h| h.about(es("_help_command")))
        }
    }
}

fn es(key: &str) -> &'static str {
    crate::i18n::cli_help_es(key).unwrap_or_default()
}

/// One command and its subcommands in Spanish; `path` is its key in the catalog.
fn spanish(mut cmd: clap::Command, path: &str) -> clap::Command {
    let key = |id: &str| {
        if path.is_empty() {
            id.to_string()
        } else {
            format!("{path}.{id}")
        }
    };
    if let Some(about) = crate::i18n::cli_help_es(path) {
        cmd = cmd.about(about).long_about(None);
    }
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in args {
        let help = crate::i18n::cli_help_es(&key(&id));
        let heading = es(if positional { "_arguments" } else { "_options" });
        cmd = cmd.mut_arg(id, |a| {
            let a = a.help_heading(heading);
            let Some(help) = help else {
                return a;
            };
            if !a.get_action().takes_values() {
                return a.help(help).long_help(None);
            }
            // clap's "[default: …]" and "[possible values: …]", in Spanish.
            let mut text = help.to_string();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && !a.is_hide_default_value_set() {
                text.push_str(&format!(" [{} {}]", es("_default"), defaults.join(", ")));
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() && !a.is_hide_possible_values_set() {
                text.push_str(&format!(" [{} {}]", es("_values"), values.join(", ")));
            }
            a.help(text)
                .long_help(None)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands {
        let sub_path = key(&name);
        cmd = cmd.mut_subcommand(name, |s| spanish(s, &sub_path));
    }
    cmd.help_template(format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        es("_usage")
    ))
    .subcommand_help_heading(es("_commands"))
    .disable_help_flag(true)
    .arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(es("_help"))
            .help_heading(es("_options")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command, option and argument (but clap's own `help`), with its path.
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
        let key = |id: &str| {
            if path.is_empty() {
                id.to_string()
            } else {
                format!("{path}.{id}")
            }
        };
        out.push((path.to_string(), cmd.get_about().map(|a| a.to_string())));
        for a in cmd.get_arguments() {
            if !a.is_global_set() || path.is_empty() {
                out.push((
                    key(a.get_id().as_str()),
                    a.get_help().map(|h| h.to_string()),
                ));
            }
        }
        for s in cmd.get_subcommands() {
            if s.get_name() != "help" {
                walk(s, &key(s.get_name()), out);
            }
        }
    }

    #[test]
    fn every_command_and_option_has_its_spanish_help() {
        let mut en = Vec::new();
        walk(&command(Lang::En), "", &mut en);
        let mut missing = Vec::new();
        for (key, text) in &en {
            if key.ends_with("help") || key.ends_with("version") {
                continue;
            }
            assert!(text.is_some(), "{key} has no English help");
            match crate::i18n::cli_help_es(key) {
                Some(es) if Some(es.to_string()) != *text => {}
                _ => missing.push(key.clone()),
            }
        }
        assert!(missing.is_empty(), "no Spanish help for: {missing:?}");

        // And the Spanish command uses them all.
        let mut es = Vec::new();
        let mut cmd = command(Lang::Es);
        cmd.build();
        walk(&cmd, "", &mut es);
        for (key, text) in &es {
            if let Some(want) = crate::i18n::cli_help_es(key) {
                assert!(
                    text.as_deref().is_some_and(|t| t.starts_with(want)),
                    "{key}: {text:?}"
                );
            }
        }
        let help = cmd.render_help().to_string();
        assert!(help.contains("Uso:") && help.contains("Órdenes:"), "{help}");
        assert!(
            help.contains("Muestra esta ayuda o la de las órdenes dadas"),
            "{help}"
        );
    }

    #[test]
    fn the_spanish_command_parses_like_the_english_one() {
        for lang in [Lang::Es, Lang::En] {
            let m = command(lang)
                .try_get_matches_from([
                    "apunte", "-k", "kb", "search", "--limit", "3", "wifi", "lenta",
                ])
                .expect("parses");
            let cli = Cli::from_arg_matches(&m).expect("a Cli");
            let Some(Command::Search(args)) = cli.command else {
                panic!("not a search: {cli:?}");
            };
            assert_eq!(args.limit, 3);
            assert_eq!(args.query, ["wifi", "lenta"]);
            assert_eq!(cli.kb.knowledge, [PathBuf::from("kb")]);
        }
    }

    #[test]
    fn search_limits_out_of_range_are_refused_and_lang_takes_any_case() {
        for limit in ["0", "1001", "-1"] {
            let r =
                command(Lang::En).try_get_matches_from(["apunte", "search", "--limit", limit, "x"]);
            assert!(r.is_err(), "--limit {limit} accepted");
        }
        for lang in ["ES", "en", "Es"] {
            let m = command(Lang::En)
                .try_get_matches_from(["apunte", "search", "--lang", lang, "x"])
                .unwrap_or_else(|e| panic!("--lang {lang}: {e}"));
            let cli = Cli::from_arg_matches(&m).expect("a Cli");
            let Some(Command::Search(args)) = cli.command else {
                panic!("not a search: {cli:?}");
            };
            assert!(args.lang.is_some());
        }
    }
}
