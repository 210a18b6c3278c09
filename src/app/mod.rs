//! The workspace's application state and its one update function.
//!
//! Events (keys, mouse, search results, transcript events, suggestions, ticks) arrive in
//! [`Event`]s; [`update`] changes the [`State`] and returns the [`Effect`]s the run loop
//! must carry out (run a search, load an article, copy to the clipboard, record to the
//! journal, quit). Nothing here touches the terminal, the disk or the index: the state is
//! pure data, tested without a terminal.
pub mod call;
pub mod clock;
mod conversation;
pub mod correction;
pub mod customer;
pub mod draft;
pub mod edit;
mod event;
pub mod feedback;
pub mod feeds;
pub mod i18n;
pub mod keymap;
mod keys;
pub mod layout;
pub mod links;
mod mouse;
pub mod overlay;
pub mod practice;
mod reader;
pub mod replay;
pub mod replies;
mod search;
mod state;
pub mod steps;
mod update;

pub use call::{ResumeOffer, WrapUp};
pub use clock::CallClock;
pub use customer::{Customer, CustomerForm, PastCalls};
pub use edit::LineEdit;
pub use event::{Effect, Event, Mouse, TranscriptEvent};
pub use feedback::FlagForm;
pub use feeds::{FeedChange, FeedStatus};
pub use i18n::Msg;
pub use keymap::{Action, Key, KeyCode, Keymap};
pub(crate) use keys::ask_quit;
pub use layout::{Area, Drawn, Extent, Layout, ResultRow, first_row, hit_at};
pub use overlay::{Overlay, ScorecardView};
pub use practice::Practice;
pub use reader::{Reader, Visited};
pub use replay::Replay;
pub use state::{Focus, LoggedMsg, MESSAGE_LOG_LEN, Mode, Options, STATUS_TICKS, State, StatusMsg};
pub use update::update;

/// How many hits the search box asks for.
pub const SEARCH_LIMIT: usize = 12;

#[cfg(test)]
mod tests;
