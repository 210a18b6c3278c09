//! The console's keys as data: what each key does ([`Action`]), the defaults, and the
//! config's `[trainer_keys]` table on top (action name → list of keys), in the key
//! syntax of the workspace (`"ctrl-f"`, `"f7"`, `"?"`).
use std::collections::BTreeMap;

use crate::app::keymap::{Key, KeyCode, parse_key};
use crate::i18n::Msg;

/// Everything a key does in the trainer's console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    /// Send what is typed (a whisper, or a customer line).
    Send,
    /// The input writes whispers or customer lines.
    SwitchInput,
    /// Take the customer's part over, or hand it back to the script.
    TakeOver,
    /// Say the selected script line now.
    Fire,
    /// Pass the selected script line by.
    Skip,
    /// Pause or resume the call.
    Pause,
    /// Score the manual rubric items.
    Score,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Close a dialog.
    Back,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Action::Quit,
        Action::Help,
        Action::Send,
        Action::SwitchInput,
        Action::TakeOver,
        Action::Fire,
        Action::Skip,
        Action::Pause,
        Action::Score,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Back,
    ];

    /// The name in `[trainer_keys]`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Send => "send",
            Action::SwitchInput => "switch_input",
            Action::TakeOver => "take_over",
            Action::Fire => "fire",
            Action::Skip => "skip",
            Action::Pause => "pause",
            Action::Score => "score",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Back => "back",
        }
    }

    /// What it does, for the help.
    pub fn help(self) -> Msg {
        match self {
            Action::Quit => Msg::TcActQuit,
            Action::Help => Msg::TcActHelp,
            Action::Send => Msg::TcActSend,
            Action::SwitchInput => Msg::TcActSwitch,
            Action::TakeOver => Msg::TcActTakeOver,
            Action::Fire => Msg::TcActFire,
            Action::Skip => Msg::TcActSkip,
            Action::Pause => Msg::TcActPause,
            Action::Score => Msg::TcActScore,
            Action::Up => Msg::TcActUp,
            Action::Down => Msg::TcActDown,
            Action::PageUp => Msg::TcActPageUp,
            Action::PageDown => Msg::TcActPageDown,
            Action::Back => Msg::TcActBack,
        }
    }

    pub fn default_keys(self) -> Vec<Key> {
        let f = |n| Key::plain(KeyCode::F(n));
        match self {
            Action::Quit => vec![Key::ctrl('q'), Key::ctrl('c')],
            Action::Help => vec![Key::ch('?'), f(1)],
            Action::Send => vec![Key::plain(KeyCode::Enter)],
            Action::SwitchInput => vec![Key::ctrl('t'), f(2)],
            Action::TakeOver => vec![Key::ctrl('o'), f(6)],
            Action::Fire => vec![Key::ctrl('f'), f(7)],
            Action::Skip => vec![Key::ctrl('k'), f(8)],
            Action::Pause => vec![Key::ctrl('p'), f(9)],
            Action::Score => vec![Key::ctrl('g'), f(10)],
            Action::Up => vec![Key::plain(KeyCode::Up)],
            Action::Down => vec![Key::plain(KeyCode::Down)],
            Action::PageUp => vec![Key::plain(KeyCode::PageUp)],
            Action::PageDown => vec![Key::plain(KeyCode::PageDown)],
            Action::Back => vec![Key::plain(KeyCode::Esc)],
        }
    }
}

/// The console's key bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    by_action: BTreeMap<Action, Vec<Key>>,
}

impl Default for Keys {
    fn default() -> Keys {
        Keys {
            by_action: Action::ALL.iter().map(|a| (*a, a.default_keys())).collect(),
        }
    }
}

impl Keys {
    /// The defaults with the `[trainer_keys]` table on top: an action named there gets
    /// exactly the keys given, and a key given is taken from any other action.
    pub fn with_overrides(table: &BTreeMap<String, Vec<String>>) -> Result<Keys, String> {
        let mut keys = Keys::default();
        for (name, list) in table {
            let Some(action) = Action::ALL.iter().copied().find(|a| a.name() == name) else {
                let known: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                return Err(format!(
                    "unknown action {name:?} in [trainer_keys]: known actions are {}",
                    known.join(", ")
                ));
            };
            let mut parsed = Vec::new();
            for k in list {
                parsed.push(parse_key(k).map_err(|e| format!("in [trainer_keys] {name}: {e}"))?);
            }
            for (a, ks) in keys.by_action.iter_mut() {
                if *a != action {
                    ks.retain(|k| !parsed.contains(k));
                }
            }
            keys.by_action.insert(action, parsed);
        }
        Ok(keys)
    }

    /// The action of a key, if any.
    pub fn action(&self, key: &Key) -> Option<Action> {
        self.by_action
            .iter()
            .find(|(_, ks)| ks.contains(key))
            .map(|(a, _)| *a)
    }

    /// The keys of an action for hints: `"Ctrl-F F7"`.
    pub fn describe(&self, action: Action) -> String {
        self.by_action
            .get(&action)
            .map(|ks| {
                ks.iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    /// The first key of an action, for short hints.
    pub fn first(&self, action: Action) -> String {
        self.by_action
            .get(&action)
            .and_then(|ks| ks.first())
            .map(|k| k.to_string())
            .unwrap_or_else(|| "—".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_key_and_no_key_two_actions() {
        let k = Keys::default();
        let mut seen = Vec::new();
        for a in Action::ALL {
            let ks = a.default_keys();
            assert!(!ks.is_empty(), "{a:?}");
            for key in ks {
                assert!(!seen.contains(&key), "{key} twice");
                seen.push(key);
            }
            assert!(!k.describe(a).is_empty());
        }
    }

    #[test]
    fn overrides_take_a_key_from_its_old_action() {
        let table = BTreeMap::from([("fire".to_string(), vec!["ctrl-p".to_string()])]);
        let k = Keys::with_overrides(&table).unwrap();
        assert_eq!(k.action(&Key::ctrl('p')), Some(Action::Fire));
        assert_eq!(k.action(&Key::plain(KeyCode::F(9))), Some(Action::Pause));
        assert!(Keys::with_overrides(&BTreeMap::from([("nope".into(), vec![])])).is_err());
    }
}
