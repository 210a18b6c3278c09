//! The workspace's state: what it was started with, what it shows, and the queries on it.
use std::collections::{BTreeMap, BTreeSet};

use crate::assist::{Cue, Suggestion};
use crate::conversation::{Speaker, Turn};
use crate::knowledge::Lang;
use crate::knowledge::replies::Reply;
use crate::redact::Redactor;
use crate::search::Hit;

use super::clock::CallClock;
use super::correction::Editing;
use super::customer::Customer;
use super::{
    Drawn, Keymap, Layout, LineEdit, Msg, Overlay, Practice, Reader, Replay, ResultRow,
    TranscriptEvent, replies,
};

/// How many ticks a transient status message stays.
pub const STATUS_TICKS: u32 = 16;

/// What the workspace is being used for (the journal's mode: live, training …).
pub use crate::conversation::journal::Mode;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The conversation input line (the home position; `Esc` returns here).
    #[default]
    Input,
    Search,
    Results,
    Reader,
}

/// A transient message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMsg {
    pub text: String,
    pub error: bool,
    pub ticks_left: u32,
}

/// How many messages the message log keeps (the oldest go first).
pub const MESSAGE_LOG_LEN: usize = 200;

/// A message of the message log: every status message, in full, with when it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedMsg {
    /// The state's clock when it came (RFC 3339; may be empty in tests).
    pub at: String,
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lang: Option<Lang>,
    pub keymap: Keymap,
    pub mode: Mode,
    /// Knowledge base name for the status bar (and `{company}`).
    pub kb_name: String,
    pub article_count: usize,
    pub replies: Vec<Reply>,
    pub agent_name: String,
    pub mouse: bool,
    /// A mock call: its scenario and trainee.
    pub practice: Option<Practice>,
    /// Keep the speaker after a customer turn is typed (config
    /// `speaker_back_to_agent = false`); by default it goes back to the agent.
    pub sticky_speaker: bool,
}

/// The whole state of the workspace.
#[derive(Debug, Clone)]
pub struct State {
    pub lang: Lang,
    pub keymap: Keymap,
    pub mode: Mode,
    pub kb_name: String,
    pub article_count: usize,
    /// "indexing…" shown while the index opens.
    pub indexing: bool,
    pub mouse: bool,
    pub size: (u16, u16),
    /// Current time (RFC 3339), set by the run loop before each batch of events.
    pub now: String,

    pub focus: Focus,
    pub turns: Vec<Turn>,
    /// Empathy cues found, with the turn each is on.
    pub cues: Vec<(usize, Cue)>,
    /// Long turns drawn whole (the `show_more` key); else cut after
    /// `ui::conversation::TURN_SHOWN` bytes with a line saying how much more there is.
    pub turns_in_full: bool,
    /// Lines scrolled up from the bottom of the conversation.
    pub conv_scroll: u16,
    /// Turns that arrived while the conversation was scrolled up (the "new turns below"
    /// marker; back to 0 at the bottom).
    pub turns_below: usize,
    pub input: LineEdit,
    pub speaker: Speaker,
    /// The speaker the call's records last said (recorded again when it changes).
    pub recorded_speaker: Speaker,

    pub query: LineEdit,
    /// Generation of the newest query sent.
    pub generation: u64,
    /// Generation the shown hits answer.
    pub shown_generation: u64,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub suggestions: Vec<Suggestion>,
    pub nothing_confident: bool,
    /// The suggestions the list last showed (the others are announced as new while the
    /// search box has text).
    pub seen_suggestions: BTreeSet<String>,
    /// The tags and categories of the index (listed when a filter matches nothing).
    pub facets: crate::search::Facets,
    /// Guideline titles by article id (cues name their guideline by title).
    pub titles: BTreeMap<String, String>,

    pub reader: Option<Reader>,
    /// The articles left by following cross-references, the newest last.
    pub history: Vec<super::reader::Visited>,
    /// The place to return to when the article the back key asked for arrives.
    pub returning: Option<super::reader::Visited>,
    /// The article asked for and from where (for the record when it arrives).
    pub opening: Option<String>,
    pub opening_via: Option<String>,
    /// The last search recorded (not recorded twice in a row).
    pub recorded_query: Option<String>,
    /// When the search box last changed (RFC 3339): a query left alone this long is
    /// the search the agent settled on.
    pub query_changed_at: Option<String>,
    /// The last search recorded: when, and whether a result of it was opened.
    pub last_search: Option<(String, bool)>,

    pub replies: Vec<Reply>,
    /// Indexes into `replies` matching the `;` words typed.
    pub reply_matches: Vec<usize>,
    pub reply_selected: usize,
    pub placeholders: replies::Placeholders,

    /// Per feed: (unreadable lines, refused connections, clients closed at the cap) so far.
    pub feed_problems: BTreeMap<String, (u64, u64, u64)>,
    /// Per feed: what it is doing (listening, waiting for its file, peers).
    pub feeds: BTreeMap<String, super::FeedStatus>,
    /// The center shipper's last round (reached, lines behind); None: no center.
    pub center: Option<(bool, u64)>,
    /// Number of the current call in this run (starts at 0; the wrap-up starts the next).
    pub call: u64,
    /// Suggestions the agent dismissed in this call.
    pub dismissed: BTreeSet<String>,
    /// Transcript events that arrived while the resume prompt was up.
    pub held: Vec<TranscriptEvent>,
    /// Redacts turns for display too (config `redact.on_screen`).
    pub screen_redactor: Option<Redactor>,
    /// The kinds of redaction turned off in the settings (shown in the status bar).
    pub redaction_off: Vec<&'static str>,
    pub status: Option<StatusMsg>,
    /// Every status message in full, the newest last (the status bar may cut them).
    pub messages: Vec<LoggedMsg>,
    /// What the last frame laid out (scroll limits).
    pub drawn: Drawn,
    /// The dialogs over the panes, the top one last (see [`Overlay`]).
    pub overlays: Vec<Overlay>,
    pub quit: bool,
    /// A mock call (training mode): the badge, the scripted customer's moves, discard.
    pub practice: Option<Practice>,
    /// A saved call being replayed (read-only).
    pub replay: Option<Replay>,

    /// When the call began and its holds.
    pub clock: CallClock,
    /// Who is on the line.
    pub customer: Customer,
    /// The last turn being fixed in the input line.
    pub editing: Option<Editing>,
    /// Suggestions dismissed in this call, the last one last, with where they were in
    /// the list (for undo).
    pub undo_dismiss: Vec<(usize, Suggestion)>,
    /// Articles opened in this call (id, title), in the order first opened.
    pub articles_used: Vec<(String, String)>,
    /// See [`Options::sticky_speaker`].
    pub sticky_speaker: bool,
    /// Something of this call was recorded (it has a journal to close).
    pub call_recorded: bool,
}

impl State {
    /// A fresh workspace.
    pub fn new(opts: Options) -> State {
        let lang = opts.lang.unwrap_or(Lang::En);
        State {
            lang,
            keymap: opts.keymap,
            mode: opts.mode,
            placeholders: replies::Placeholders {
                customer: None,
                agent: Some(opts.agent_name).filter(|a| !a.is_empty()),
                company: Some(opts.kb_name.clone()).filter(|a| !a.is_empty()),
            },
            kb_name: opts.kb_name,
            article_count: opts.article_count,
            indexing: false,
            mouse: opts.mouse,
            size: (80, 24),
            now: String::new(),
            focus: Focus::Input,
            turns: Vec::new(),
            cues: Vec::new(),
            turns_in_full: false,
            conv_scroll: 0,
            turns_below: 0,
            input: LineEdit::default(),
            speaker: Speaker::Agent,
            recorded_speaker: Speaker::Agent,
            query: LineEdit::default(),
            generation: 0,
            shown_generation: 0,
            hits: Vec::new(),
            selected: 0,
            suggestions: Vec::new(),
            nothing_confident: false,
            seen_suggestions: BTreeSet::new(),
            titles: BTreeMap::new(),
            facets: crate::search::Facets::default(),
            reader: None,
            history: Vec::new(),
            returning: None,
            opening: None,
            opening_via: None,
            recorded_query: None,
            query_changed_at: None,
            last_search: None,
            replies: opts.replies,
            reply_matches: Vec::new(),
            reply_selected: 0,
            feed_problems: BTreeMap::new(),
            feeds: BTreeMap::new(),
            center: None,
            call: 0,
            dismissed: BTreeSet::new(),
            held: Vec::new(),
            screen_redactor: None,
            redaction_off: Vec::new(),
            status: None,
            messages: Vec::new(),
            overlays: Vec::new(),
            drawn: Drawn::default(),
            quit: false,
            clock: CallClock::default(),
            customer: Customer::default(),
            editing: None,
            undo_dismiss: Vec::new(),
            articles_used: Vec::new(),
            sticky_speaker: opts.sticky_speaker,
            call_recorded: false,
            practice: opts.practice,
            replay: None,
        }
    }

    /// Which kind of workspace this is, for the keys that apply.
    pub fn context(&self) -> super::keymap::Context {
        use super::keymap::Context;
        if self.replay.is_some() {
            Context::Replay
        } else if self.practice.is_some() {
            Context::Training
        } else {
            Context::Always
        }
    }

    /// A fixed text in the UI language.
    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }

    /// The current layout (None: terminal too small).
    pub fn layout(&self) -> Option<Layout> {
        Layout::compute(self.size.0, self.size.1, self.reader.is_some())
    }

    /// True when the list shows suggestions (the search box is empty).
    pub fn showing_suggestions(&self) -> bool {
        self.query.text().trim().is_empty()
    }

    /// The hits in the result list: search hits, or suggestions when the box is empty.
    pub fn list(&self) -> Vec<&Hit> {
        if self.showing_suggestions() {
            self.suggestions.iter().map(|s| &s.hit).collect()
        } else {
            self.hits.iter().collect()
        }
    }

    /// Suggestions that came while the search box had text and the list has not shown
    /// yet (the badge over the results).
    pub fn new_suggestions(&self) -> usize {
        if self.showing_suggestions() {
            return 0;
        }
        self.suggestions
            .iter()
            .filter(|s| !self.seen_suggestions.contains(&s.hit.id))
            .count()
    }

    /// The first hit on screen in the list (it scrolls to keep the selection in view):
    /// the rows are numbered from it, and `Alt-1` opens it.
    pub fn first_shown(&self) -> usize {
        let Some(l) = self.layout() else { return 0 };
        let rows = self.result_rows();
        let selected = self.selected.min(self.list().len().saturating_sub(1));
        let start = super::first_row(&rows, selected, l.results.inner().height);
        rows.iter()
            .skip(start)
            .find_map(|r| match r {
                ResultRow::Hit(i) => Some(*i),
                ResultRow::Group { .. } => None,
            })
            .unwrap_or(0)
    }

    /// The rows of the result list: a row per hit, and among suggestions a line before
    /// each group of near-duplicates.
    pub fn result_rows(&self) -> Vec<ResultRow> {
        if !self.showing_suggestions() {
            return (0..self.hits.len()).map(ResultRow::Hit).collect();
        }
        let mut rows = Vec::with_capacity(self.suggestions.len() + 1);
        for i in 0..self.suggestions.len() {
            let len = crate::assist::suggest::group_len(&self.suggestions, i);
            if len > 1 {
                rows.push(ResultRow::Group { first: i, len });
            }
            rows.push(ResultRow::Hit(i));
        }
        rows
    }

    /// True while the quick-reply chooser is open (input starts with `;`).
    pub fn replies_open(&self) -> bool {
        self.focus == Focus::Input && self.input.text().starts_with(';')
    }

    /// The loop must wake up regularly: a message counts down, or the call timer runs.
    pub fn ticking(&self) -> bool {
        self.status.is_some() || self.clock.begun()
    }

    /// A conversation is in progress (quitting asks first).
    pub fn in_progress(&self) -> bool {
        !self.turns.is_empty() || !self.input.is_empty()
    }

    /// Total bad lines over every feed.
    pub fn bad_lines(&self) -> u64 {
        self.feed_problems.values().map(|p| p.0).sum()
    }

    /// Connections refused on every feed (a wrong or missing token).
    pub fn refused(&self) -> u64 {
        self.feed_problems.values().map(|p| p.1).sum()
    }

    /// Clients closed on arrival on every feed (the listener served its most already).
    pub fn busy(&self) -> u64 {
        self.feed_problems.values().map(|p| p.2).sum()
    }

    /// Shows a message in the status bar and keeps it in the message log (the same
    /// message twice in a row is logged once).
    pub(crate) fn notify(&mut self, text: impl Into<String>, error: bool) {
        let text = text.into();
        let repeated = self
            .messages
            .last()
            .is_some_and(|m| m.text == text && m.error == error);
        if !repeated {
            if self.messages.len() >= MESSAGE_LOG_LEN {
                self.messages.remove(0);
            }
            self.messages.push(LoggedMsg {
                at: self.now.clone(),
                text: text.clone(),
                error,
            });
        }
        self.status = Some(StatusMsg {
            text,
            error,
            ticks_left: STATUS_TICKS,
        });
    }
}
