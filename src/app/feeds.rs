//! What each transcript feed is doing, for the status bar: a listener listening (and
//! how many peers are connected), a followed file awaited or followed.
use crate::i18n::Msg;
use crate::text::Lang;

/// A change in a feed's state, as its source reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedChange {
    /// A listener is bound to this address.
    Listening(String),
    /// A followed file does not exist (yet, or any more): waiting for it.
    Waiting(String),
    /// A client connected (peer address) or a followed file was opened (its path).
    Connected(String),
    /// A client went away, or a followed file was rotated or removed.
    Disconnected(String),
}

/// One feed's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedStatus {
    /// The address listened on (a listener).
    pub listening: Option<String>,
    /// The file awaited (a followed file that is not there).
    pub waiting: Option<String>,
    /// The file followed, while open.
    pub following: Option<String>,
    /// Clients connected now (a listener).
    pub peers: usize,
    /// Some client came and every one went away since.
    pub all_gone: bool,
}

impl FeedStatus {
    /// Applies a change.
    pub fn apply(&mut self, change: &FeedChange) {
        match change {
            FeedChange::Listening(addr) => self.listening = Some(addr.clone()),
            FeedChange::Waiting(path) => {
                self.waiting = Some(path.clone());
                self.following = None;
            }
            FeedChange::Connected(who) => {
                if self.listening.is_some() {
                    self.peers += 1;
                    self.all_gone = false;
                } else {
                    self.following = Some(who.clone());
                    self.waiting = None;
                }
            }
            FeedChange::Disconnected(who) => {
                if self.listening.is_some() {
                    self.peers = self.peers.saturating_sub(1);
                    self.all_gone = self.peers == 0;
                } else {
                    self.following = None;
                    self.waiting = Some(who.clone());
                }
            }
        }
    }

    /// The state in words: `listening on 127.0.0.1:7070 · 1 connected`, `waiting for
    /// call.jsonl`, `following call.jsonl` (None: nothing to say).
    pub fn describe(&self, lang: Lang) -> Option<String> {
        if let Some(addr) = &self.listening {
            let mut s = Msg::FeedListening.fill(lang, &[addr]);
            if self.peers > 0 {
                let m = if self.peers == 1 {
                    Msg::FeedPeer
                } else {
                    Msg::FeedPeers
                };
                s.push_str(" · ");
                s.push_str(&m.fill(lang, &[&self.peers]));
            } else if self.all_gone {
                s.push_str(" · ");
                s.push_str(Msg::FeedNoPeer.text(lang));
            }
            return Some(s);
        }
        if let Some(path) = &self.waiting {
            return Some(Msg::FeedWaiting.fill(lang, &[path]));
        }
        self.following
            .as_ref()
            .map(|path| Msg::FeedFollowing.fill(lang, &[path]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listener_counts_its_peers() {
        let mut f = FeedStatus::default();
        f.apply(&FeedChange::Listening("127.0.0.1:7070".into()));
        assert_eq!(
            f.describe(Lang::En).as_deref(),
            Some("listening on 127.0.0.1:7070")
        );
        f.apply(&FeedChange::Connected("127.0.0.1:5000".into()));
        assert_eq!(
            f.describe(Lang::En).as_deref(),
            Some("listening on 127.0.0.1:7070 · 1 connected")
        );
        f.apply(&FeedChange::Connected("127.0.0.1:5001".into()));
        assert_eq!(
            f.describe(Lang::Es).as_deref(),
            Some("escuchando en 127.0.0.1:7070 · 2 conectados")
        );
        f.apply(&FeedChange::Disconnected("127.0.0.1:5000".into()));
        f.apply(&FeedChange::Disconnected("127.0.0.1:5001".into()));
        assert_eq!(
            f.describe(Lang::En).as_deref(),
            Some("listening on 127.0.0.1:7070 · disconnected")
        );
    }

    #[test]
    fn a_file_is_awaited_then_followed() {
        let mut f = FeedStatus::default();
        assert_eq!(f.describe(Lang::En), None);
        f.apply(&FeedChange::Waiting("call.jsonl".into()));
        assert_eq!(
            f.describe(Lang::En).as_deref(),
            Some("waiting for call.jsonl")
        );
        f.apply(&FeedChange::Connected("call.jsonl".into()));
        assert_eq!(
            f.describe(Lang::Es).as_deref(),
            Some("siguiendo call.jsonl")
        );
        f.apply(&FeedChange::Disconnected("call.jsonl".into()));
        assert_eq!(
            f.describe(Lang::Es).as_deref(),
            Some("esperando call.jsonl")
        );
    }
}
