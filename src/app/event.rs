//! What happens to the workspace ([`Event`]), what it asks the run loop to do
//! ([`Effect`]) and what it records ([`Record`]).
use crate::conversation::Turn;
use crate::conversation::journal::Disposition;
use crate::knowledge::Article;
use crate::search::{Hit, SearchRequest};

use super::{Cue, Drawn, Key, Suggestion};

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
    /// Problems counted so far on a feed (cumulative per source).
    FeedProblems {
        source: String,
        bad_lines: u64,
    },
    /// Suggestions computed for the conversation. An empty list with `nothing_confident`
    /// shows a discreet line.
    Suggestions {
        items: Vec<Suggestion>,
        nothing_confident: bool,
    },
    /// Suggestions computed by the workspace's worker for call number `call` (dropped
    /// when that call has ended).
    Suggested {
        call: u64,
        items: Vec<Suggestion>,
        nothing_confident: bool,
    },
    /// An empathy cue on a turn.
    Empathy(Cue),
    /// A transcript client connected (or a followed file opened) / went away.
    Feed {
        who: String,
        connected: bool,
    },
    /// The turns of the resumed call, read back from its journal.
    Resumed {
        turns: Vec<Turn>,
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
    /// The index could not be opened (the reason, from the engine).
    IndexFailed(String),
    /// Copying to the clipboard failed.
    ClipboardFailed(String),
    /// Recording to the journal failed.
    RecordFailed(String),
    /// The renderer drew a frame: the extents of the scrolled panes (scroll limits).
    Drawn(Drawn),
    /// SIGTERM / SIGHUP: leave now.
    Terminate,
}

/// A state change worth recording (the journal writer plugs in here). Mirrors the
/// journal's entries: final turns, the search the agent settled on (recorded when a
/// result is opened, not per keystroke), articles opened (and from where), text copied,
/// and the suggestion list whenever it changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Turn(Turn),
    Search {
        query: String,
        hits: usize,
        /// The first article ids shown.
        top: Vec<String>,
    },
    Opened {
        id: String,
        title: String,
        /// `search` or `suggestion` when opened from the list.
        via: Option<String>,
    },
    Copied {
        id: Option<String>,
        text: String,
    },
    Suggestions {
        articles: Vec<String>,
    },
    /// A suggestion the agent dismissed (not offered again in this call).
    Dismissed {
        id: String,
    },
    /// The wrap-up: the call ends here (the journal writes `wrapup` and `end`; the next
    /// record starts a new call's journal).
    WrapUp {
        disposition: Disposition,
        note: String,
    },
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
    /// Record to the journal.
    Record(Record),
    /// Compute suggestions for the conversation so far (the worker reads the turns and
    /// the dismissed ids from the state); `debounce` for interim text.
    Suggest { debounce: bool },
    /// Look for empathy cues in this turn (index into the turns).
    DetectCues(usize),
    /// The answer to the resume prompt: reopen the unfinished call's journal and send
    /// [`Event::Resumed`], or close it as abandoned.
    Resume { accept: bool },
    /// Turn the terminal's mouse capture on or off.
    Mouse(bool),
    /// Leave the workspace.
    Quit,
}
