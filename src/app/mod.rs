//! The workspace's application state and its one update function.
//!
//! Events (keys, mouse, search results, transcript events, suggestions, ticks) arrive in
//! [`Event`]s; [`update`] changes the [`State`] and returns the [`Effect`]s the run loop
//! must carry out (run a search, load an article, copy to the clipboard, record to the
//! journal, quit). Nothing here touches the terminal, the disk or the index: the state is
//! pure data, tested without a terminal.
use std::collections::{BTreeMap, BTreeSet};

use crate::conversation::journal::Disposition;
use crate::conversation::{Speaker, Turn};
use crate::knowledge::replies::Reply;
use crate::knowledge::{Article, Lang};
use crate::redact::Redactor;
use crate::search::{Hit, SearchRequest};

pub mod call;
pub mod edit;
pub mod i18n;
pub mod keymap;
pub mod layout;
pub mod replies;
pub mod steps;

pub use call::{ResumeOffer, WrapUp};
pub use edit::LineEdit;
pub use i18n::Msg;
pub use keymap::{Action, Key, KeyCode, Keymap};
pub use layout::{Area, Layout};

/// How many hits the search box asks for.
pub const SEARCH_LIMIT: usize = 12;
/// How many ticks a transient status message stays.
pub const STATUS_TICKS: u32 = 16;

/// What the workspace is being used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A real call.
    #[default]
    Live,
    /// A training / mock call (scenarios come later).
    Training,
}

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

/// A mouse event, in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    Click { col: u16, row: u16 },
    ScrollUp { col: u16, row: u16 },
    ScrollDown { col: u16, row: u16 },
}

/// A suggested article for the conversation, with why it is suggested.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub hit: Hit,
    pub reason: String,
}

/// An empathy cue attached to a turn: shown as a discreet marker next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Index into the conversation's turns.
    pub turn: usize,
    pub label: String,
    /// The article that helps (e.g. `guias/cliente-enfadado`).
    pub article: String,
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
    /// Leave the workspace.
    Quit,
}

/// A transient message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMsg {
    pub text: String,
    pub error: bool,
    pub ticks_left: u32,
}

/// The open article.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub article: Article,
    /// First visible line.
    pub scroll: u16,
    /// Selected item: phrases first, then numbered steps.
    pub selected: Option<usize>,
    /// The numbered steps of the body.
    pub steps: Vec<String>,
}

impl Reader {
    fn new(article: Article) -> Reader {
        let steps = steps::steps(&article.body);
        Reader {
            article,
            scroll: 0,
            selected: None,
            steps,
        }
    }
    /// Number of selectable items (phrases + steps).
    pub fn items(&self) -> usize {
        self.article.phrases.len() + self.steps.len()
    }
    /// The selected phrase's index, if a phrase is selected.
    pub fn selected_phrase(&self) -> Option<usize> {
        self.selected.filter(|s| *s < self.article.phrases.len())
    }
    /// The selected step's index, if a step is selected.
    pub fn selected_step(&self) -> Option<usize> {
        self.selected
            .and_then(|s| s.checked_sub(self.article.phrases.len()))
    }
    fn selected_text(&self) -> Option<String> {
        if let Some(p) = self.selected_phrase() {
            return self.article.phrases.get(p).cloned();
        }
        self.selected_step()
            .and_then(|s| self.steps.get(s).cloned())
    }
}

/// What the workspace is started with.
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
    pub cues: Vec<Cue>,
    /// Lines scrolled up from the bottom of the conversation.
    pub conv_scroll: u16,
    pub input: LineEdit,
    pub speaker: Speaker,

    pub query: LineEdit,
    /// Generation of the newest query sent.
    pub generation: u64,
    /// Generation the shown hits answer.
    pub shown_generation: u64,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub suggestions: Vec<Suggestion>,
    pub nothing_confident: bool,

    pub reader: Option<Reader>,
    /// The article asked for and from where (for the record when it arrives).
    pub opening: Option<String>,
    pub opening_via: Option<String>,
    /// The last search recorded (not recorded twice in a row).
    pub recorded_query: Option<String>,

    pub replies: Vec<Reply>,
    /// Indexes into `replies` matching the `;` words typed.
    pub reply_matches: Vec<usize>,
    pub reply_selected: usize,
    pub placeholders: replies::Placeholders,

    pub feed_problems: BTreeMap<String, u64>,
    /// Number of the current call in this run (starts at 0; the wrap-up starts the next).
    pub call: u64,
    /// Suggestions the agent dismissed in this call.
    pub dismissed: BTreeSet<String>,
    /// An unfinished call offered for resuming (a prompt covers the workspace).
    pub resume_offer: Option<ResumeOffer>,
    /// Transcript events that arrived while the resume prompt was up.
    pub held: Vec<TranscriptEvent>,
    /// The wrap-up dialog, while open.
    pub wrapup: Option<WrapUp>,
    /// Redacts turns for display too (config `redact.on_screen`).
    pub screen_redactor: Option<Redactor>,
    /// The kinds of redaction turned off in the settings (shown in the status bar).
    pub redaction_off: Vec<&'static str>,
    pub status: Option<StatusMsg>,
    pub help: bool,
    pub confirm_quit: bool,
    pub quit: bool,
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
            conv_scroll: 0,
            input: LineEdit::default(),
            speaker: Speaker::Agent,
            query: LineEdit::default(),
            generation: 0,
            shown_generation: 0,
            hits: Vec::new(),
            selected: 0,
            suggestions: Vec::new(),
            nothing_confident: false,
            reader: None,
            opening: None,
            opening_via: None,
            recorded_query: None,
            replies: opts.replies,
            reply_matches: Vec::new(),
            reply_selected: 0,
            feed_problems: BTreeMap::new(),
            call: 0,
            dismissed: BTreeSet::new(),
            resume_offer: None,
            held: Vec::new(),
            wrapup: None,
            screen_redactor: None,
            redaction_off: Vec::new(),
            status: None,
            help: false,
            confirm_quit: false,
            quit: false,
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

    /// True while the quick-reply chooser is open (input starts with `;`).
    pub fn replies_open(&self) -> bool {
        self.focus == Focus::Input && self.input.text().starts_with(';')
    }

    /// A conversation is in progress (quitting asks first).
    pub fn in_progress(&self) -> bool {
        !self.turns.is_empty() || !self.input.is_empty()
    }

    /// Total bad lines over every feed.
    pub fn bad_lines(&self) -> u64 {
        self.feed_problems.values().sum()
    }

    pub(crate) fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(StatusMsg {
            text: text.into(),
            error,
            ticks_left: STATUS_TICKS,
        });
    }
}

/// Applies one event; returns the effects for the run loop.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    let mut fx = Vec::new();
    match event {
        Event::Key(key) => on_key(state, key.normalized(), &mut fx),
        Event::Paste(text) => match state.focus {
            Focus::Search => {
                state.query.insert(&text);
                query_changed(state, &mut fx);
            }
            _ => {
                state.focus = Focus::Input;
                state.input.insert(&text);
                input_changed(state);
            }
        },
        Event::Mouse(m) => on_mouse(state, m, &mut fx),
        Event::Resize(w, h) => state.size = (w, h),
        Event::Tick => {
            if let Some(s) = &mut state.status {
                s.ticks_left = s.ticks_left.saturating_sub(1);
                if s.ticks_left == 0 {
                    state.status = None;
                }
            }
        }
        Event::SearchDone { generation, hits } => {
            if generation > state.shown_generation && generation <= state.generation {
                state.shown_generation = generation;
                state.hits = hits;
                state.selected = state.selected.min(state.hits.len().saturating_sub(1));
            }
        }
        Event::ArticleLoaded { id, article } => match article {
            Some(a) => {
                let via = if state.opening.as_deref() == Some(a.id.as_str()) {
                    state.opening_via.take()
                } else {
                    None
                };
                state.opening = None;
                fx.push(Effect::Record(Record::Opened {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    via,
                }));
                state.reader = Some(Reader::new(*a));
            }
            None => {
                let msg = format!("{}: {id}", state.t(Msg::ArticleMissing));
                state.notify(msg, true);
            }
        },
        Event::Transcript(ev) => on_transcript(state, ev, &mut fx),
        Event::FeedProblems { source, bad_lines } => {
            state.feed_problems.insert(source, bad_lines);
        }
        Event::Suggestions {
            items,
            nothing_confident,
        } => set_suggestions(state, items, nothing_confident, &mut fx),
        Event::Suggested {
            call,
            items,
            nothing_confident,
        } => {
            if call == state.call {
                let items = items
                    .into_iter()
                    .filter(|s| !state.dismissed.contains(&s.hit.id))
                    .collect();
                set_suggestions(state, items, nothing_confident, &mut fx);
            }
        }
        Event::Feed { who, connected } => {
            let what = if connected {
                Msg::FeedConnected
            } else {
                Msg::FeedDisconnected
            };
            let msg = format!("{}: {who}", state.t(what));
            state.notify(msg, false);
        }
        Event::Resumed { turns } => call::resumed(state, turns, &mut fx),
        Event::Empathy(cue) => {
            if cue.turn < state.turns.len() && !state.cues.contains(&cue) {
                state.cues.push(cue);
            }
        }
        Event::Notice { text, error } => state.notify(text, error),
        Event::IndexReady { articles, problems } => {
            state.indexing = false;
            state.article_count = articles;
            if problems > 0 {
                let msg = format!("{problems} {}", state.t(Msg::KnowledgeProblems));
                state.notify(msg, true);
            }
        }
        Event::IndexFailed(reason) => {
            state.indexing = false;
            let msg = format!("{}: {reason}", state.t(Msg::IndexFailed));
            state.notify(msg, true);
        }
        Event::RecordFailed(reason) => {
            let msg = format!("{}: {reason}", state.t(Msg::RecordFailed));
            state.notify(msg, true);
        }
        Event::ClipboardFailed(reason) => {
            let msg = format!("{}: {reason}", state.t(Msg::ClipboardFailed));
            state.notify(msg, true);
        }
        Event::Terminate => {
            state.quit = true;
            fx.push(Effect::Quit);
        }
    }
    fx
}

/// Shows a new suggestion list: recorded when it changes; the selection stays on the same
/// article when it is still there; never moves the focus or touches the reader.
fn set_suggestions(
    state: &mut State,
    items: Vec<Suggestion>,
    nothing_confident: bool,
    fx: &mut Vec<Effect>,
) {
    let before: Vec<&str> = state
        .suggestions
        .iter()
        .map(|s| s.hit.id.as_str())
        .collect();
    let after: Vec<String> = items.iter().map(|s| s.hit.id.clone()).collect();
    if before != after.iter().map(String::as_str).collect::<Vec<_>>() && !after.is_empty() {
        fx.push(Effect::Record(Record::Suggestions { articles: after }));
    }
    let selected_id = state
        .suggestions
        .get(state.selected)
        .map(|s| s.hit.id.clone());
    state.suggestions = items;
    state.nothing_confident = nothing_confident && state.suggestions.is_empty();
    if state.showing_suggestions() {
        state.selected = selected_id
            .and_then(|id| state.suggestions.iter().position(|s| s.hit.id == id))
            .unwrap_or(state.selected)
            .min(state.suggestions.len().saturating_sub(1));
    }
}

pub(crate) fn on_transcript(state: &mut State, ev: TranscriptEvent, fx: &mut Vec<Effect>) {
    if state.resume_offer.is_some() {
        state.held.push(ev);
        return;
    }
    let mut ev = ev;
    if let Some(r) = &state.screen_redactor {
        ev.text = r.redact(&ev.text).into_owned();
    }
    let ts = ev.ts.unwrap_or_else(|| state.now.clone());
    let open = state
        .turns
        .iter()
        .rposition(|t| t.speaker == ev.speaker && !t.final_);
    let turn = Turn {
        speaker: ev.speaker,
        text: ev.text,
        ts,
        final_: ev.final_,
    };
    match open {
        Some(i) => {
            // Keep the time the turn started.
            let started = std::mem::take(&mut state.turns[i].ts);
            state.turns[i] = Turn {
                ts: started,
                ..turn
            };
            if ev.final_ {
                fx.push(Effect::Record(Record::Turn(state.turns[i].clone())));
            }
            call::turn_changed(state, i, fx);
        }
        None => {
            if ev.final_ {
                fx.push(Effect::Record(Record::Turn(turn.clone())));
            }
            state.turns.push(turn);
            call::turn_changed(state, state.turns.len() - 1, fx);
        }
    }
}

fn on_key(state: &mut State, key: Key, fx: &mut Vec<Effect>) {
    let actions: Vec<Action> = state.keymap.actions(&key).to_vec();
    let has = |a: Action| actions.contains(&a);

    if state.confirm_quit {
        let yes = matches!(key.typed_char(), Some('y' | 'Y' | 's' | 'S'))
            || key.code == KeyCode::Enter
            || has(Action::Quit);
        state.confirm_quit = false;
        if yes {
            state.quit = true;
            fx.push(Effect::Quit);
        }
        return;
    }
    if state.resume_offer.is_some() {
        if call::on_resume_key(state, key, fx) {
            return;
        }
        ask_quit(state, fx);
        return;
    }
    if state.wrapup.is_some() {
        call::on_wrapup_key(state, key, fx);
        return;
    }
    if state.help {
        if has(Action::Help) || has(Action::Back) || key.typed_char() == Some('q') {
            state.help = false;
        } else if has(Action::Quit) {
            state.help = false;
            ask_quit(state, fx);
        }
        return;
    }

    // Typing a letter while the result list has the focus goes on with the query (keys
    // bound in lists, such as j/k/y/x/?, keep their meaning).
    if state.focus == Focus::Results && actions.is_empty() && key.typed_char().is_some() {
        state.focus = Focus::Search;
    }
    let typing = matches!(state.focus, Focus::Input | Focus::Search);
    if typing && let Some(c) = key.typed_char() {
        // `/` (search) and `?` (help) act only on an empty conversation input; otherwise
        // every printable key is text.
        let empty_input = state.focus == Focus::Input && state.input.is_empty();
        if empty_input && has(Action::Search) {
            state.focus = Focus::Search;
            return;
        }
        if empty_input && has(Action::Help) {
            state.help = true;
            return;
        }
        let mut buf = [0u8; 4];
        edit_field(state, fx, |e| e.insert(c.encode_utf8(&mut buf)));
        return;
    }
    if typing && !key.alt {
        let edited = match (key.code, key.ctrl) {
            (KeyCode::Backspace, _) => Some(LineEdit::backspace as fn(&mut LineEdit)),
            (KeyCode::Delete, false) => Some(LineEdit::delete as fn(&mut LineEdit)),
            (KeyCode::Left, false) => Some(LineEdit::left as fn(&mut LineEdit)),
            (KeyCode::Right, false) => Some(LineEdit::right as fn(&mut LineEdit)),
            (KeyCode::Home, false) => Some(LineEdit::home as fn(&mut LineEdit)),
            (KeyCode::End, false) => Some(LineEdit::end as fn(&mut LineEdit)),
            (KeyCode::Char('w'), true) => Some(LineEdit::delete_word as fn(&mut LineEdit)),
            (KeyCode::Char('u'), true) => Some(LineEdit::delete_to_start as fn(&mut LineEdit)),
            (KeyCode::Char('a'), true) => Some(LineEdit::home as fn(&mut LineEdit)),
            (KeyCode::Char('e'), true) => Some(LineEdit::end as fn(&mut LineEdit)),
            _ => None,
        };
        // Delete also dismisses a selected suggestion (the search box is empty then).
        let dismissing = actions.contains(&Action::Dismiss) && call::can_dismiss(state);
        let other_action = actions.iter().any(|a| *a != Action::Dismiss);
        if let Some(f) = edited
            && !other_action
            && !dismissing
        {
            edit_field(state, fx, f);
            return;
        }
    }
    if typing && key.alt && key.code == KeyCode::Backspace {
        edit_field(state, fx, LineEdit::delete_word);
        return;
    }

    for a in actions {
        if apply(state, a, fx) {
            return;
        }
    }
}

/// Edits the focused text field and reacts to the change.
fn edit_field(state: &mut State, fx: &mut Vec<Effect>, f: impl FnOnce(&mut LineEdit)) {
    match state.focus {
        Focus::Search => {
            let before = state.query.text().to_string();
            f(&mut state.query);
            if state.query.text() != before {
                query_changed(state, fx);
            }
        }
        _ => {
            f(&mut state.input);
            input_changed(state);
        }
    }
}

fn input_changed(state: &mut State) {
    if let Some(q) = state.input.text().strip_prefix(';') {
        state.reply_matches = replies::matching(&state.replies, q, 8);
        state.reply_selected = state
            .reply_selected
            .min(state.reply_matches.len().saturating_sub(1));
    } else {
        state.reply_matches.clear();
        state.reply_selected = 0;
    }
}

fn query_changed(state: &mut State, fx: &mut Vec<Effect>) {
    state.generation += 1;
    state.selected = 0;
    let text = state.query.text().to_string();
    if text.trim().is_empty() {
        state.hits.clear();
        state.shown_generation = state.generation;
        return;
    }
    fx.push(Effect::Search {
        generation: state.generation,
        request: SearchRequest {
            text,
            limit: SEARCH_LIMIT,
            ..SearchRequest::default()
        },
    });
}

pub(crate) fn ask_quit(state: &mut State, fx: &mut Vec<Effect>) {
    if state.in_progress() {
        state.confirm_quit = true;
    } else {
        state.quit = true;
        fx.push(Effect::Quit);
    }
}

/// Applies an action; false when it does nothing in this context (try the next one).
fn apply(state: &mut State, action: Action, fx: &mut Vec<Effect>) -> bool {
    let list_len = state.list().len();
    match action {
        Action::Quit => ask_quit(state, fx),
        Action::Search => state.focus = Focus::Search,
        Action::Back => {
            if state.replies_open() {
                state.input.take();
                input_changed(state);
            } else {
                state.focus = Focus::Input;
            }
        }
        Action::NextPane | Action::PrevPane => {
            let mut order = vec![Focus::Input, Focus::Search, Focus::Results];
            if state.reader.is_some() {
                order.push(Focus::Reader);
            }
            let i = order.iter().position(|f| *f == state.focus).unwrap_or(0);
            let n = order.len();
            let next = if action == Action::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            state.focus = order[next];
        }
        Action::Up | Action::Down => {
            let up = action == Action::Up;
            match state.focus {
                Focus::Input if state.replies_open() => {
                    let n = state.reply_matches.len();
                    state.reply_selected = step(state.reply_selected, n, up);
                }
                Focus::Input => {
                    state.conv_scroll = if up {
                        state
                            .conv_scroll
                            .saturating_add(1)
                            .min(max_conv_scroll(state))
                    } else {
                        state.conv_scroll.saturating_sub(1)
                    };
                }
                Focus::Search | Focus::Results => {
                    state.selected = step(state.selected, list_len, up);
                }
                Focus::Reader => {
                    if let Some(r) = &mut state.reader {
                        let n = r.items();
                        if n == 0 {
                            r.scroll = if up {
                                r.scroll.saturating_sub(1)
                            } else {
                                r.scroll.saturating_add(1)
                            };
                        } else {
                            r.selected = Some(match (r.selected, up) {
                                (None, true) => n - 1,
                                (None, false) => 0,
                                (Some(s), _) => step(s, n, up),
                            });
                        }
                    }
                }
            }
        }
        Action::Open => match state.focus {
            Focus::Input if state.replies_open() => insert_reply(state),
            Focus::Input => send_turn(state, fx),
            Focus::Search | Focus::Results => {
                if !open_nth(state, state.selected, fx) {
                    return false;
                }
                state.focus = Focus::Reader;
            }
            Focus::Reader => return copy(state, fx),
        },
        Action::OpenNth(n) => {
            let idx = usize::from(n.saturating_sub(1));
            if !open_nth(state, idx, fx) {
                return false;
            }
            state.selected = idx;
        }
        Action::PageUp | Action::PageDown => {
            let page = state
                .layout()
                .map_or(10, |l| l.reader_rows().saturating_sub(2).max(1));
            let layout = state.layout();
            let Some(r) = &mut state.reader else {
                return false;
            };
            r.selected = None;
            r.scroll = if action == Action::PageUp {
                r.scroll.saturating_sub(page)
            } else {
                let max = max_scroll(&r.article, layout);
                r.scroll.saturating_add(page).min(max)
            };
        }
        Action::Copy => return copy(state, fx),
        Action::SwitchSpeaker => state.speaker = state.speaker.next(),
        Action::Help => state.help = true,
        Action::Dismiss => return call::dismiss(state, fx),
        Action::OpenCue => return call::open_cue(state, fx),
        Action::EndCall => call::open_wrapup(state),
        Action::CloseReader => {
            if state.reader.take().is_none() {
                return false;
            }
            if state.focus == Focus::Reader {
                state.focus = Focus::Results;
            }
        }
    }
    true
}

/// Wrapped lines a text takes at a width (by display width; a close estimate of what the
/// renderer draws, which clamps the rest).
fn estimate_lines<'a>(texts: impl Iterator<Item = &'a str>, width: u16) -> usize {
    let width = usize::from(width.max(10));
    texts
        .flat_map(|t| t.split('\n'))
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l)
                .div_ceil(width)
                .max(1)
        })
        .sum()
}

/// How far the reader may scroll for the current layout.
fn max_scroll(a: &Article, layout: Option<Layout>) -> u16 {
    let (width, rows) = layout
        .and_then(|l| l.reader)
        .map_or((60, 10), |r| (r.inner().width, r.inner().height));
    let decide: Vec<String> = a
        .decide
        .iter()
        .map(|(l, t)| format!("┃ {l}: {t}"))
        .collect();
    let phrases: Vec<String> = a.phrases.iter().map(|p| format!("┃ « {p} »")).collect();
    let lines = estimate_lines(
        [a.title.as_str(), a.summary.as_str(), a.body.as_str()]
            .into_iter()
            .chain(decide.iter().map(String::as_str))
            .chain(phrases.iter().map(String::as_str)),
        width,
    ) + 6;
    u16::try_from(lines.saturating_sub(usize::from(rows))).unwrap_or(u16::MAX)
}

/// How far the conversation may scroll up for the current layout.
fn max_conv_scroll(state: &State) -> u16 {
    let Some(l) = state.layout() else { return 0 };
    let inner = l.conversation.inner();
    let lines = estimate_lines(
        state.turns.iter().map(|t| t.text.as_str()),
        inner.width.saturating_sub(2),
    ) + state.turns.len();
    u16::try_from(lines.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX)
}

fn step(i: usize, n: usize, up: bool) -> usize {
    if n == 0 {
        0
    } else if up {
        i.saturating_sub(1)
    } else {
        (i + 1).min(n - 1)
    }
}

fn open_nth(state: &mut State, idx: usize, fx: &mut Vec<Effect>) -> bool {
    let Some(hit) = state.list().get(idx).map(|h| h.id.clone()) else {
        return false;
    };
    if state.showing_suggestions() {
        state.opening_via = Some("suggestion".into());
    } else {
        state.opening_via = Some("search".into());
        // The search the agent settled on: recorded once, when a result is opened.
        let query = state.query.text().trim().to_string();
        if state.recorded_query.as_deref() != Some(query.as_str()) {
            fx.push(Effect::Record(Record::Search {
                query: query.clone(),
                hits: state.hits.len(),
                top: state.hits.iter().take(5).map(|h| h.id.clone()).collect(),
            }));
            state.recorded_query = Some(query);
        }
    }
    state.opening = Some(hit.clone());
    fx.push(Effect::OpenArticle(hit));
    true
}

fn send_turn(state: &mut State, fx: &mut Vec<Effect>) {
    let text = state.input.text().trim().to_string();
    if text.is_empty() {
        return;
    }
    state.input.take();
    input_changed(state);
    let turn = Turn {
        speaker: state.speaker,
        text,
        ts: state.now.clone(),
        final_: true,
    };
    fx.push(Effect::Record(Record::Turn(turn.clone())));
    state.turns.push(turn);
    state.conv_scroll = 0;
    call::turn_changed(state, state.turns.len() - 1, fx);
}

fn insert_reply(state: &mut State) {
    let Some(r) = state
        .reply_matches
        .get(state.reply_selected)
        .and_then(|i| state.replies.get(*i))
    else {
        return;
    };
    let text = replies::fill(&r.text, &state.placeholders);
    state.input.set(&text);
    state.speaker = Speaker::Agent;
    input_changed(state);
}

fn copy(state: &mut State, fx: &mut Vec<Effect>) -> bool {
    let (id, text) = match state.focus {
        Focus::Reader => {
            let Some(r) = &state.reader else {
                return false;
            };
            let text = r
                .selected_text()
                .unwrap_or_else(|| r.article.summary.clone());
            (Some(r.article.id.clone()), text)
        }
        Focus::Search | Focus::Results => match state.list().get(state.selected) {
            Some(h) => {
                let text = if h.summary.is_empty() {
                    h.snippet.text.clone()
                } else {
                    h.summary.clone()
                };
                (Some(h.id.clone()), text)
            }
            None => (None, String::new()),
        },
        Focus::Input => return false,
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        state.notify(state.t(Msg::NothingToCopy), false);
        return true;
    }
    fx.push(Effect::Copy(text.clone()));
    fx.push(Effect::Record(Record::Copied {
        id,
        text: text.clone(),
    }));
    state.input.set(&text);
    input_changed(state);
    state.speaker = Speaker::Agent;
    state.focus = Focus::Input;
    state.notify(state.t(Msg::CopiedDraft), false);
    true
}

fn on_mouse(state: &mut State, m: Mouse, fx: &mut Vec<Effect>) {
    let Some(l) = state.layout() else { return };
    match m {
        Mouse::Click { col, row } => {
            if l.input.contains(col, row) || l.conversation.contains(col, row) {
                state.focus = Focus::Input;
            } else if l.search.contains(col, row) {
                state.focus = Focus::Search;
            } else if l.results.contains(col, row) {
                state.focus = Focus::Results;
                let inner = l.results.inner();
                if row >= inner.y {
                    let idx = usize::from((row - inner.y) / layout::RESULT_ROWS);
                    let first = first_visible(state.selected, l.result_slots());
                    let idx = first + idx;
                    if idx < state.list().len() {
                        if state.selected == idx {
                            open_nth(state, idx, fx);
                        }
                        state.selected = idx;
                    }
                }
            } else if let Some(r) = l.reader
                && r.contains(col, row)
                && state.reader.is_some()
            {
                state.focus = Focus::Reader;
            }
        }
        Mouse::ScrollUp { col, row } | Mouse::ScrollDown { col, row } => {
            let up = matches!(m, Mouse::ScrollUp { .. });
            if l.conversation.contains(col, row) {
                state.conv_scroll = if up {
                    state
                        .conv_scroll
                        .saturating_add(3)
                        .min(max_conv_scroll(state))
                } else {
                    state.conv_scroll.saturating_sub(3)
                };
            } else if l.results.contains(col, row) {
                let n = state.list().len();
                state.selected = step(state.selected, n, up);
            } else if let Some(area) = l.reader
                && area.contains(col, row)
                && let Some(r) = &mut state.reader
            {
                r.selected = None;
                r.scroll = if up {
                    r.scroll.saturating_sub(3)
                } else {
                    r.scroll
                        .saturating_add(3)
                        .min(max_scroll(&r.article, Some(l)))
                };
            }
        }
    }
}

/// The first result shown when `selected` must be visible in `slots` rows.
pub fn first_visible(selected: usize, slots: usize) -> usize {
    (selected + 1).saturating_sub(slots.max(1))
}

#[cfg(test)]
mod tests;
