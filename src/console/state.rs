//! What the trainer's console holds: the link's state, the call as the trainee's
//! workspace recorded it (its records, in order), the script's state, the input and
//! the dialogs. Times come from [`Console::now`], set by the loop before each batch of
//! events (tests set it by hand).
use std::collections::BTreeMap;

use super::keys::Keys;
use crate::app::{Key, LineEdit};
use crate::conversation::journal::Record;
use crate::text::Lang;
use crate::training::link::{Card, Counts, Role, ScriptView, ToTrainee};
use crate::training::scorecard::Scorecard;

/// The link to the trainee's workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Joined(Role),
    /// The connection dropped (why); the console tries again on its own.
    Dropped(String),
    /// The trainee's side refused the join (a wrong code): no retry.
    Refused(String),
}

/// What the input sends on Enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    /// A coaching note for the trainee.
    Whisper,
    /// A line the customer says.
    Customer,
}

/// The scoring dialog: points (or N/A) for each manual item, and a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreForm {
    /// Per item id: what was typed (`""` unscored, `na`, or digits).
    pub values: BTreeMap<String, String>,
    /// The row selected (the items, then the comment).
    pub selected: usize,
    pub comment: LineEdit,
}

/// A dialog over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Score(ScoreForm),
}

/// The console.
#[derive(Debug, Clone)]
pub struct Console {
    pub lang: Lang,
    pub keys: Keys,
    /// Where the trainee's workspace is (as given).
    pub address: String,
    pub link: Link,
    /// The role asked for: watch only.
    pub observe: bool,
    pub card: Option<Card>,
    /// The call's records, in order (`records[i]` has seq `i + 1`).
    pub records: Vec<Record>,
    /// The empathy cues the trainee's workspace raised: (index of the turn's record,
    /// label in the console's language).
    pub cues: Vec<(usize, String)>,
    pub script: ScriptView,
    pub scorecard: Option<Box<Scorecard>>,
    /// Lines skipped on the link, by why.
    pub bad: Counts,
    /// Commands refused by the trainee's side (an observer's).
    pub refused: u64,
    /// RFC 3339, set by the loop.
    pub now: String,
    pub input: LineEdit,
    pub mode: InputMode,
    /// The script line selected (index into the card's lines).
    pub selected: usize,
    /// Conversation lines scrolled up from the bottom.
    pub scroll: u16,
    pub overlay: Option<Overlay>,
    /// The newest message.
    pub status: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
}

impl Console {
    pub fn new(lang: Lang, keys: Keys, address: &str, observe: bool) -> Console {
        Console {
            lang,
            keys,
            address: address.to_string(),
            link: Link::Connecting,
            observe,
            card: None,
            records: Vec::new(),
            cues: Vec::new(),
            script: ScriptView::default(),
            scorecard: None,
            bad: Counts::default(),
            refused: 0,
            now: String::new(),
            input: LineEdit::default(),
            mode: InputMode::Whisper,
            selected: 0,
            scroll: 0,
            overlay: None,
            status: None,
            size: (80, 24),
            quit: false,
        }
    }

    /// True when this console drives the call (not an observer, and joined).
    pub fn driving(&self) -> bool {
        self.link == Link::Joined(Role::Driver)
    }

    /// A message of the interface in the console's language.
    pub fn t(&self, m: crate::i18n::Msg) -> &'static str {
        m.text(self.lang)
    }
}

/// What the link worker reports.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkEvent {
    /// Connected; the hello was sent.
    Connected,
    Message(crate::training::link::ToTrainer),
    /// A line that was skipped (counted).
    Bad(crate::training::link::Bad),
    /// The connection went (why); the worker tries again.
    Dropped(String),
}

/// What the console reacts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(Key),
    Paste(String),
    Resize(u16, u16),
    /// The clock moved on (timers on screen).
    Tick,
    Link(LinkEvent),
    /// SIGTERM / SIGHUP.
    Terminate,
}

/// What the loop does for `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Send to the trainee's side (queued while the link is down: nothing is lost).
    Send(ToTrainee),
    Quit,
}
