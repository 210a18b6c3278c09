//! Command-line definitions (clap types only). [`crate::commands::run`] dispatches each
//! subcommand to a thin function over the same library calls the workspace uses.
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// The flags agents raised on articles: list, export (an inbox by owner) and resolve.
    Feedback(FeedbackArgs),
    /// The contact center's shared record in PostgreSQL: migrate its schema, ship the
    /// local journals to it (exactly once), and see what is pending.
    Center(CenterArgs),
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
    Show { id: String },
    /// Export one call.
    Export {
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
    #[arg(long)]
    pub csv: bool,
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
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
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
    /// Who writes the comments (default: the config's agent name).
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
