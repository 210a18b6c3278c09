//! What happens to the workspace ([`Event`]) and what it asks the run loop to do
//! ([`Effect`]). What it records is the journal's own vocabulary
//! ([`crate::conversation::journal::JournalEntry`]): the journal, and any other reader of
//! the call's records, get exactly what `update` emits.
use std::collections::BTreeSet;

use crate::assist::{Cue, Suggestion};
use crate::conversation::Turn;
use crate::conversation::journal::{JournalEntry, Restored, SessionSummary};
use crate::knowledge::Article;
use crate::search::{Hit, SearchRequest};
use crate::text::Lang;

use super::{Drawn, Key};

/// A mouse event, in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    Click { col: u16, row: u16 },
    ScrollUp { col: u16, row: u16 },
    ScrollDown { col: u16, row: u16 },
}

/// A transcript event from a live source (the conversation module's type): interim text
/// (`final_ == false`) replaces the speaker's unfinished turn until a final one arrives.
pub use crate::conversation::event::TranscriptEvent;

/// Everything that can happen to the workspace.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(Key),
    Paste(String),
    Mouse(Mouse),
    Resize(u16, u16),
    /// A quarter-second tick (expires transient messages).
    Tick,
    /// Results of the search with this generation number.
    SearchDone {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// The article asked for by [`Effect::OpenArticle`] (None: no longer in the index).
    ArticleLoaded {
        id: String,
        article: Option<Box<Article>>,
    },
    /// A turn (or interim text) from a transcript source.
    Transcript(TranscriptEvent),
    /// Problems counted so far on a feed (cumulative per source): unreadable lines,
    /// connections refused for a wrong token, clients closed at the connection cap.
    FeedProblems {
        source: String,
        bad_lines: u64,
        refused: u64,
        busy: u64,
    },
    /// Suggestions computed for call number `call` (dropped when that call has ended).
    /// An empty list with `nothing_confident` shows a discreet line.
    Suggested {
        call: u64,
        items: Vec<Suggestion>,
        nothing_confident: bool,
    },
    /// An empathy cue on turn number `turn`, with its guideline's title when the index
    /// knows it.
    Empathy {
        turn: usize,
        cue: Cue,
        title: Option<String>,
    },
    /// A feed's state changed (listening, waiting for its file, a peer came or went).
    Feed {
        source: String,
        change: super::FeedChange,
    },
    /// The resumed call, read back from its journal.
    Resumed(Restored),
    /// The scorecard of the mock call that just ended: shown over the panes.
    Scorecard(Box<crate::training::scorecard::Scorecard>),
    /// The past calls with this customer reference, read from the journals (newest
    /// first), for [`Effect::PastCalls`].
    PastCalls {
        reference: String,
        calls: Vec<SessionSummary>,
    },
    /// The center shipper's last round: whether the center was reached, and how many
    /// journal lines still wait to ship.
    Center {
        reachable: bool,
        behind: u64,
    },
    /// A message from the run loop (e.g. clipboard or index trouble).
    Notice {
        text: String,
        error: bool,
    },
    /// The index is open: how many articles it holds, how many knowledge problems it met.
    IndexReady {
        articles: usize,
        problems: usize,
    },
    /// The tags and categories the index knows (after it opens or changes).
    Facets(crate::search::Facets),
    /// The index could not be opened (the reason, from the engine).
    IndexFailed(String),
    /// An article was asked for while the index is still opening.
    StillIndexing,
    /// The knowledge changed on disk and the refreshed index is in use: how many articles
    /// were added, changed, removed, and the problems met (`path:line: …`).
    KnowledgeUpdated {
        articles: usize,
        added: usize,
        changed: usize,
        removed: usize,
        problems: Vec<String>,
    },
    /// Copying to the clipboard failed.
    ClipboardFailed(String),
    /// Recording to the journal failed.
    RecordFailed(String),
    /// The renderer drew a frame: the extents of the scrolled panes (scroll limits).
    Drawn(Drawn),
    /// SIGTERM / SIGHUP: leave now.
    Terminate,
    /// A mock call's customer gave their name (the trainee asked for it).
    CustomerName(String),
    /// A mock call's customer ended the call.
    CustomerEnded,
    /// The replay's clock moved on by this much wall time.
    ReplayTick(std::time::Duration),
    /// A trainer's coaching note for the trainee (a whisper): a hint line, journaled as
    /// coaching, never a turn.
    Whisper {
        text: String,
        from: String,
    },
    /// The trainer paused (true) or resumed (false) the mock call.
    TrainerPause(bool),
    /// The trainer's points for the rubric's manual items (None: N/A) and a comment.
    TrainerGrades {
        grader: String,
        items: std::collections::BTreeMap<String, Option<u32>>,
        comment: String,
    },
    /// Replay this saved call (the workspace becomes read-only).
    Replay(Box<super::Replay>),
    /// The draft asked for by [`Effect::WriteDraft`]: the file written, or why not.
    DraftWritten(Result<String, String>),
}

/// Work the run loop does for `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Run this query on the search worker (latest wins).
    Search {
        generation: u64,
        request: SearchRequest,
    },
    /// Load an article from the index and answer with [`Event::ArticleLoaded`].
    OpenArticle(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Give this entry to the call's records (the journal and every other sink).
    Record(JournalEntry),
    /// Compute suggestions for the conversation as of now (never offering a dismissed
    /// id) for call number `call`; `debounce` for interim text.
    Suggest {
        call: u64,
        /// Where `turns` start in the conversation (the recent part only is sent).
        first: usize,
        turns: Vec<Turn>,
        dismissed: BTreeSet<String>,
        debounce: bool,
    },
    /// Look for empathy cues in turn number `turn` (`fallback`: the conversation's
    /// language, for a turn too short to tell).
    DetectCues {
        turn: usize,
        text: String,
        fallback: Lang,
    },
    /// The answer to the resume prompt: reopen the unfinished call's journal and send
    /// [`Event::Resumed`], or close it as abandoned.
    Resume { accept: bool },
    /// Turn the terminal's mouse capture on or off.
    Mouse(bool),
    /// Read the journals for the calls with this customer reference and answer with
    /// [`Event::PastCalls`] (off the loop's thread).
    PastCalls { reference: String },
    /// Leave the workspace.
    Quit,
    /// A mock call was wrapped up: its journal is complete (the scorecard's moment).
    PracticeEnded,
    /// Delete the mock call's journal (and the files beside it).
    DiscardPractice,
    /// Save a trainer's points for the manual items (and a comment) with the mock call,
    /// and score it again (now if it was wrapped up, else at its wrap-up).
    SaveGrades {
        grader: String,
        items: std::collections::BTreeMap<String, Option<u32>>,
        comment: String,
        /// The comment is anchored to this turn (1-based; the last one said).
        turn: usize,
    },
    /// Append a reviewer's comment to the sidecar of the journal at `journal`.
    SaveComment {
        journal: std::path::PathBuf,
        comment: crate::training::review::Comment,
    },
    /// Mask this draft article like the journal, write it into the drafts folder and
    /// answer with [`Event::DraftWritten`].
    WriteDraft(Box<crate::insight::draft::Draft>),
}
