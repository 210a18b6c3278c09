//! Keys and key bindings as data: key strings such as `"ctrl-f"`, `"alt-1"`, `"/"`,
//! `"esc"` parse into [`Key`]s; a [`Keymap`] maps keys to [`Action`]s and is built from the
//! defaults plus the config `[keys]` table (action name → list of key strings).
use std::collections::BTreeMap;
use std::fmt;

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key press with its modifiers. Letters are stored lowercase with `shift` only for
/// non-character keys (an uppercase letter is its own `Char`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }
    /// A printable character without modifiers.
    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    /// Ctrl + a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }
    /// Alt + a character.
    pub const fn alt(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: true,
            shift: false,
        }
    }

    /// Normalises what terminals report: shift on a character is part of the character,
    /// Shift-Tab is `BackTab`, control letters are lowercase.
    pub fn normalized(mut self) -> Key {
        match self.code {
            KeyCode::Char(c) => {
                self.shift = false;
                if self.ctrl || self.alt {
                    self.code = KeyCode::Char(c.to_lowercase().next().unwrap_or(c));
                }
            }
            KeyCode::Tab if self.shift => {
                self.code = KeyCode::BackTab;
                self.shift = false;
            }
            KeyCode::BackTab => self.shift = false,
            _ => {}
        }
        self
    }

    /// The character this key types into a text field, if any.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl || self.alt => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

impl Key {
    /// The key as a config string that [`parse_key`] reads back (`"ctrl-f"`, `"up"`).
    pub fn config_string(&self) -> String {
        let mut s = String::new();
        if self.ctrl {
            s.push_str("ctrl-");
        }
        if self.alt {
            s.push_str("alt-");
        }
        if self.shift {
            s.push_str("shift-");
        }
        let name = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Delete => "delete".into(),
            KeyCode::Insert => "insert".into(),
            KeyCode::Left => "left".into(),
            KeyCode::Right => "right".into(),
            KeyCode::Up => "up".into(),
            KeyCode::Down => "down".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::PageUp => "pageup".into(),
            KeyCode::PageDown => "pagedown".into(),
            KeyCode::F(n) => format!("f{n}"),
        };
        s.push_str(&name);
        s
    }
}

/// Why a key string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown key {0:?}: use a character (\"/\", \"?\", \"j\"), a name (esc, enter, tab, shift-tab, backspace, delete, up, down, left, right, home, end, pageup, pagedown, f1..f12, space) optionally after ctrl-, alt-, shift-"
)]
pub struct KeyParseError(pub String);

/// Parses a key string: `"ctrl-f"`, `"alt-1"`, `"/"`, `"?"`, `"esc"`, `"tab"`,
/// `"shift-tab"`, `"pagedown"`, `"f1"`, `"-"` … Case-insensitive names.
pub fn parse_key(s: &str) -> Result<Key, KeyParseError> {
    let err = || KeyParseError(s.to_string());
    if s.is_empty() {
        return Err(err());
    }
    let mut key = Key::plain(KeyCode::Esc);
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        let stripped = [
            "ctrl-", "control-", "c-", "alt-", "meta-", "m-", "shift-", "s-",
        ]
        .iter()
        .find(|p| lower.starts_with(**p) && rest.len() > p.len());
        match stripped {
            Some(p) => {
                let flag = match *p {
                    "ctrl-" | "control-" | "c-" => &mut key.ctrl,
                    "alt-" | "meta-" | "m-" => &mut key.alt,
                    _ => &mut key.shift,
                };
                // A modifier said twice (`ctrl-ctrl-a`) is a typo, not a key.
                if *flag {
                    return Err(err());
                }
                *flag = true;
                rest = &rest[p.len()..];
            }
            None => break,
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => match rest.to_ascii_lowercase().as_str() {
            "esc" | "escape" => KeyCode::Esc,
            "enter" | "return" | "ret" => KeyCode::Enter,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" | "bs" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "minus" => KeyCode::Char('-'),
            "plus" => KeyCode::Char('+'),
            f if f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n) if (1..=24).contains(&n) => KeyCode::F(n),
                _ => return Err(err()),
            },
            _ => return Err(err()),
        },
    };
    key.code = code;
    // Shift on a letter means the uppercase letter.
    if let KeyCode::Char(c) = key.code
        && key.shift
        && !key.ctrl
        && !key.alt
    {
        key.code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
    }
    Ok(key.normalized())
}

/// Everything a key can do. The names (`Action::name`) are the keys of the config
/// `[keys]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Search,
    Back,
    NextPane,
    PrevPane,
    Up,
    Down,
    Open,
    OpenNth(u8),
    PageUp,
    PageDown,
    Copy,
    SwitchSpeaker,
    Help,
    /// Dismiss the selected suggestion for the rest of the call.
    Dismiss,
    /// Open the guideline of the newest empathy cue.
    OpenCue,
    /// End the call: the wrap-up dialog.
    EndCall,
    CloseReader,
    /// Mouse capture on or off (off lets the terminal select text to copy elsewhere).
    Mouse,
    /// Put the customer on hold, or take them back.
    Hold,
    /// Start a new call (a call in progress is abandoned, with no outcome, once confirmed).
    NewCall,
    /// Who is on the line: the customer's name and reference.
    Customer,
    /// The past calls of the customer on the line (by the reference).
    PastCalls,
    /// Fix the last turn: its text or its speaker.
    EditTurn,
    /// Bring back the suggestion dismissed last.
    UndoDismiss,
    /// Long turns in full or shortened (the conversation pane).
    ShowMore,
    /// The message log: every status message in full.
    Messages,
    /// The reader: select the next / previous cross-reference (Enter follows it).
    NextLink,
    PrevLink,
    /// The reader: back to the article a cross-reference was followed from.
    ArticleBack,
    /// Training: discard the mock call.
    Discard,
    /// Replay: pause or play, a step on or back, seek, speed, comment on the turn.
    ReplayPause,
    ReplayStep,
    ReplayBack,
    ReplaySeekForward,
    ReplaySeekBack,
    ReplayFaster,
    ReplaySlower,
    Comment,
    /// Flag the article (or the selected step) where the focus is: the flag form.
    Flag,
    /// The flag form for a suggestion tied to no article (the procedure, the service).
    FlagService,
    /// The article where the focus is helped, or did not.
    Helpful,
    NotHelpful,
    /// Write a draft article from the search in the box (one that found nothing useful).
    Draft,
}

/// Where an action applies: the help shows an action only where it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Every workspace.
    Always,
    /// A mock call.
    Training,
    /// The replay of a saved call.
    Replay,
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Action; 52] = [
        Action::Search,
        Action::Back,
        Action::NextPane,
        Action::PrevPane,
        Action::Up,
        Action::Down,
        Action::Open,
        Action::OpenNth(1),
        Action::OpenNth(2),
        Action::OpenNth(3),
        Action::OpenNth(4),
        Action::OpenNth(5),
        Action::OpenNth(6),
        Action::OpenNth(7),
        Action::OpenNth(8),
        Action::OpenNth(9),
        Action::PageUp,
        Action::PageDown,
        Action::Copy,
        Action::SwitchSpeaker,
        Action::Dismiss,
        Action::OpenCue,
        Action::UndoDismiss,
        Action::NextLink,
        Action::PrevLink,
        Action::ArticleBack,
        Action::CloseReader,
        Action::Flag,
        Action::FlagService,
        Action::Helpful,
        Action::NotHelpful,
        Action::Draft,
        Action::EditTurn,
        Action::Customer,
        Action::PastCalls,
        Action::Hold,
        Action::NewCall,
        Action::EndCall,
        Action::Mouse,
        Action::ShowMore,
        Action::Messages,
        Action::Discard,
        Action::ReplayPause,
        Action::ReplayStep,
        Action::ReplayBack,
        Action::ReplaySeekForward,
        Action::ReplaySeekBack,
        Action::ReplayFaster,
        Action::ReplaySlower,
        Action::Comment,
        Action::Help,
        Action::Quit,
    ];

    /// Where the action applies.
    pub fn context(self) -> Context {
        match self {
            Action::Discard => Context::Training,
            Action::ReplayPause
            | Action::ReplayStep
            | Action::ReplayBack
            | Action::ReplaySeekForward
            | Action::ReplaySeekBack
            | Action::ReplayFaster
            | Action::ReplaySlower
            | Action::Comment => Context::Replay,
            _ => Context::Always,
        }
    }

    /// The name used in the config file.
    pub fn name(self) -> String {
        match self {
            Action::Quit => "quit".into(),
            Action::Search => "search".into(),
            Action::Back => "back".into(),
            Action::NextPane => "next_pane".into(),
            Action::PrevPane => "prev_pane".into(),
            Action::Up => "up".into(),
            Action::Down => "down".into(),
            Action::Open => "open".into(),
            Action::OpenNth(n) => format!("open_{n}"),
            Action::PageUp => "page_up".into(),
            Action::PageDown => "page_down".into(),
            Action::Copy => "copy".into(),
            Action::SwitchSpeaker => "switch_speaker".into(),
            Action::Help => "help".into(),
            Action::Dismiss => "dismiss".into(),
            Action::OpenCue => "open_cue".into(),
            Action::EndCall => "end_call".into(),
            Action::CloseReader => "close_reader".into(),
            Action::Mouse => "mouse".into(),
            Action::Discard => "discard_practice".into(),
            Action::ReplayPause => "replay_pause".into(),
            Action::ReplayStep => "replay_step".into(),
            Action::ReplayBack => "replay_back".into(),
            Action::ReplaySeekForward => "replay_seek_forward".into(),
            Action::ReplaySeekBack => "replay_seek_back".into(),
            Action::ReplayFaster => "replay_faster".into(),
            Action::ReplaySlower => "replay_slower".into(),
            Action::Comment => "comment".into(),
            Action::Hold => "hold".into(),
            Action::NewCall => "new_call".into(),
            Action::Customer => "customer".into(),
            Action::PastCalls => "past_calls".into(),
            Action::EditTurn => "edit_turn".into(),
            Action::UndoDismiss => "undo_dismiss".into(),
            Action::ShowMore => "show_more".into(),
            Action::Messages => "messages".into(),
            Action::NextLink => "next_link".into(),
            Action::PrevLink => "prev_link".into(),
            Action::ArticleBack => "article_back".into(),
            Action::Flag => "flag".into(),
            Action::FlagService => "flag_service".into(),
            Action::Helpful => "helpful".into(),
            Action::NotHelpful => "not_helpful".into(),
            Action::Draft => "draft".into(),
        }
    }

    /// The action with this config name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Default keys.
    pub fn default_keys(self) -> Vec<Key> {
        use KeyCode as K;
        match self {
            Action::Quit => vec![Key::ctrl('q'), Key::ctrl('c')],
            Action::Search => vec![Key::ch('/'), Key::ctrl('f')],
            Action::Back => vec![Key::plain(K::Esc)],
            Action::NextPane => vec![Key::plain(K::Tab)],
            Action::PrevPane => vec![Key::plain(K::BackTab)],
            Action::Up => vec![Key::plain(K::Up), Key::ch('k')],
            Action::Down => vec![Key::plain(K::Down), Key::ch('j')],
            Action::Open => vec![Key::plain(K::Enter)],
            // F5…F9 where the terminal keeps Alt for itself (macOS Option).
            Action::OpenNth(n) if n <= 5 => {
                vec![Key::alt(char::from(b'0' + n)), Key::plain(K::F(n + 4))]
            }
            Action::OpenNth(n) => vec![Key::alt(char::from(b'0' + n))],
            Action::PageUp => vec![Key::plain(K::PageUp)],
            Action::PageDown => vec![Key::plain(K::PageDown)],
            Action::Copy => vec![Key::ch('y'), Key::ctrl('y')],
            Action::SwitchSpeaker => vec![Key::ctrl('t'), Key::plain(K::F(2))],
            Action::Help => vec![Key::ch('?'), Key::plain(K::F(1))],
            Action::Dismiss => vec![Key::ch('x'), Key::plain(K::Delete)],
            Action::OpenCue => vec![Key::ctrl('g'), Key::plain(K::F(3))],
            Action::EndCall => vec![Key::ctrl('e')],
            Action::CloseReader => vec![Key::ctrl('x'), Key::ch('x')],
            Action::Mouse => vec![Key::plain(K::F(4))],
            Action::Hold => vec![Key::ctrl('p'), Key::alt('h')],
            Action::NewCall => vec![Key::ctrl('n')],
            Action::Customer => vec![Key::alt('w'), Key::plain(K::F(10))],
            Action::PastCalls => vec![Key::ctrl('r')],
            Action::EditTurn => vec![Key::alt('e')],
            Action::UndoDismiss => vec![Key::ctrl('z')],
            Action::ShowMore => vec![Key::alt('m')],
            Action::Messages => vec![Key::ctrl('l')],
            Action::NextLink => vec![Key::ch(']')],
            Action::PrevLink => vec![Key::ch('[')],
            Action::ArticleBack => vec![
                Key::ctrl('o'),
                Key {
                    alt: true,
                    ..Key::plain(K::Left)
                },
            ],
            Action::Discard => vec![Key::ctrl('d')],
            Action::ReplayPause => vec![Key::ch(' '), Key::ch('p')],
            Action::ReplayStep => vec![Key::plain(K::Right), Key::ch('.')],
            Action::ReplayBack => vec![Key::plain(K::Left), Key::ch(',')],
            Action::ReplaySeekForward => vec![Key::ch(']')],
            Action::ReplaySeekBack => vec![Key::ch('[')],
            Action::ReplayFaster => vec![Key::ch('+')],
            Action::ReplaySlower => vec![Key::ch('-')],
            Action::Comment => vec![Key::ch('c')],
            // `!`, `+`, `-` in the reader and the result list (text elsewhere); the Alt
            // keys anywhere.
            Action::Flag => vec![Key::ch('!'), Key::alt('f')],
            Action::FlagService => vec![Key::alt('s')],
            Action::Helpful => vec![Key::ch('+'), Key::alt('+')],
            Action::NotHelpful => vec![Key::ch('-'), Key::alt('-')],
            Action::Draft => vec![Key::alt('d')],
        }
    }
}

/// A problem in the `[keys]` table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error(
        "unknown action {0:?} in [keys]: known actions are quit, search, back, next_pane, prev_pane, up, down, open, open_1..open_9, page_up, page_down, copy, switch_speaker, dismiss, open_cue, end_call, close_reader, mouse, hold, new_call, customer, past_calls, edit_turn, undo_dismiss, show_more, messages, next_link, prev_link, article_back, flag, flag_service, helpful, not_helpful, draft, discard_practice, replay_pause, replay_step, replay_back, replay_seek_forward, replay_seek_back, replay_faster, replay_slower, comment, help"
    )]
    UnknownAction(String),
    #[error("in [keys] {action}: {source}")]
    BadKey {
        action: String,
        key: String,
        source: KeyParseError,
    },
}

/// Key → actions. Several actions may share a key (e.g. `Up` in lists and in text fields);
/// the application picks by context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Key, Vec<Action>>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut by_action = BTreeMap::new();
        for a in Action::ALL {
            by_action.insert(a, a.default_keys());
        }
        Keymap::from_by_action(by_action)
    }
}

impl Keymap {
    fn from_by_action(by_action: BTreeMap<Action, Vec<Key>>) -> Keymap {
        let mut bindings: BTreeMap<Key, Vec<Action>> = BTreeMap::new();
        for (a, keys) in &by_action {
            for k in keys {
                bindings.entry(*k).or_default().push(*a);
            }
        }
        Keymap {
            bindings,
            by_action,
        }
    }

    /// Defaults with the config table on top: an action listed in the table gets exactly
    /// the keys given (an empty list unbinds it). A key the table gives is taken from the
    /// defaults of the actions it does not list (a file written before a new default
    /// came keeps working: its key wins), unless the defaults already share that key by
    /// context; `quit` keeps its keys.
    pub fn with_overrides(table: &BTreeMap<String, Vec<String>>) -> Result<Keymap, KeymapError> {
        let defaults = Keymap::default();
        let mut by_action = defaults.by_action.clone();
        let mut given: Vec<(Action, Key)> = Vec::new();
        for (name, keys) in table {
            let action =
                Action::from_name(name).ok_or_else(|| KeymapError::UnknownAction(name.clone()))?;
            let mut parsed = Vec::new();
            for k in keys {
                parsed.push(parse_key(k).map_err(|source| KeymapError::BadKey {
                    action: name.clone(),
                    key: k.clone(),
                    source,
                })?);
            }
            given.extend(parsed.iter().map(|k| (action, *k)));
            by_action.insert(action, parsed);
        }
        for (action, key) in &given {
            let shared = defaults.actions(key);
            for (other, keys) in by_action.iter_mut() {
                let listed = table.contains_key(&other.name());
                let by_context = shared.contains(other) && shared.contains(action);
                if other != action && !listed && !by_context && *other != Action::Quit {
                    keys.retain(|k| k != key);
                }
            }
        }
        Ok(Keymap::from_by_action(by_action))
    }

    /// The actions bound to a key, in `Action::ALL` order.
    pub fn actions(&self, key: &Key) -> &[Action] {
        self.bindings.get(key).map_or(&[], |v| v.as_slice())
    }

    /// The keys of an action.
    pub fn keys(&self, action: Action) -> &[Key] {
        self.by_action.get(&action).map_or(&[], |v| v.as_slice())
    }

    /// The keys of an action for hints: `"/ Ctrl-F"`.
    pub fn describe(&self, action: Action) -> String {
        let keys: Vec<String> = self.keys(action).iter().map(|k| k.to_string()).collect();
        if keys.is_empty() {
            "—".into()
        } else {
            keys.join(" ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_strings() {
        assert_eq!(parse_key("ctrl-f"), Ok(Key::ctrl('f')));
        assert_eq!(parse_key("Ctrl-F"), Ok(Key::ctrl('f')));
        assert_eq!(parse_key("alt-1"), Ok(Key::alt('1')));
        assert_eq!(parse_key("/"), Ok(Key::ch('/')));
        assert_eq!(parse_key("?"), Ok(Key::ch('?')));
        assert_eq!(parse_key("-"), Ok(Key::ch('-')));
        assert_eq!(parse_key("esc"), Ok(Key::plain(KeyCode::Esc)));
        assert_eq!(parse_key("tab"), Ok(Key::plain(KeyCode::Tab)));
        assert_eq!(parse_key("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(parse_key("f12"), Ok(Key::plain(KeyCode::F(12))));
        assert_eq!(parse_key("shift-a"), Ok(Key::ch('A')));
        assert_eq!(parse_key("ctrl--"), Ok(Key::ctrl('-')));
        assert!(parse_key("ctrl-").is_err());
        assert!(parse_key("hyper-x").is_err());
        assert!(parse_key("f99").is_err());
        assert!(parse_key("").is_err());
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        let mut t = BTreeMap::new();
        t.insert("search".to_string(), vec!["ctrl-b".to_string()]);
        let km = Keymap::with_overrides(&t).unwrap();
        assert_eq!(km.actions(&Key::ctrl('b')), &[Action::Search]);
        assert!(km.actions(&Key::ch('/')).is_empty());
        assert_eq!(km.actions(&Key::ctrl('q')), &[Action::Quit]);
    }

    #[test]
    fn a_key_given_in_the_file_wins_over_another_actions_default() {
        // `ctrl-p` is hold's default; a file that gives it to copy keeps working.
        let mut t = BTreeMap::new();
        t.insert("copy".to_string(), vec!["ctrl-p".to_string()]);
        let km = Keymap::with_overrides(&t).unwrap();
        assert_eq!(km.actions(&Key::ctrl('p')), &[Action::Copy]);
        assert!(!km.keys(Action::Hold).contains(&Key::ctrl('p')));
        assert!(
            !km.keys(Action::Hold).is_empty(),
            "hold keeps its other key"
        );
        // `quit` keeps its keys: that clash is for the config check to report.
        let mut t = BTreeMap::new();
        t.insert("copy".to_string(), vec!["ctrl-q".to_string()]);
        let km = Keymap::with_overrides(&t).unwrap();
        assert!(km.keys(Action::Quit).contains(&Key::ctrl('q')));
    }

    #[test]
    fn unknown_action_and_bad_key_are_errors() {
        let mut t = BTreeMap::new();
        t.insert("fly".to_string(), vec!["x".to_string()]);
        assert!(matches!(
            Keymap::with_overrides(&t),
            Err(KeymapError::UnknownAction(_))
        ));
        let mut t = BTreeMap::new();
        t.insert("quit".to_string(), vec!["ctrl-nope".to_string()]);
        assert!(matches!(
            Keymap::with_overrides(&t),
            Err(KeymapError::BadKey { .. })
        ));
    }

    #[test]
    fn every_action_name_round_trips() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(a));
            for k in a.default_keys() {
                assert_eq!(parse_key(&k.config_string()), Ok(k));
            }
        }
    }
}
