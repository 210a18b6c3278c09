//! Theme loading: colours named by meaning (base, muted, accent, match, customer, agent,
//! note, warn, error, selection, border …), read from TOML with an optional `parent` to
//! inherit from. The bundled themes are compiled in; `<config dir>/themes/NAME.toml`
//! overrides or adds themes. Errors name the file, line and column.
//!
//! This is the reading side (files, TOML, inheritance); [`crate::ui::theme`] turns the
//! meanings into styles.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;

/// The themes compiled into the binary: (name, TOML).
pub const BUNDLED: [(&str, &str); 4] = [
    ("dark", include_str!("../themes/dark.toml")),
    ("light", include_str!("../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../themes/high-contrast.toml"),
    ),
    ("colorblind", include_str!("../themes/colorblind.toml")),
];

/// Every meaning a theme names, with what it colours.
pub const MEANINGS: [(&str, &str); 20] = [
    ("base", "ordinary text"),
    (
        "background",
        "the screen background (\"reset\" keeps the terminal's)",
    ),
    ("muted", "secondary text: times, paths, hints"),
    ("accent", "titles and headings"),
    ("match", "matched words in results"),
    ("customer", "the customer's turns"),
    ("agent", "the agent's turns"),
    ("note", "private notes"),
    ("warn", "warnings, the \"you may decide\" box"),
    ("error", "errors"),
    ("selection_fg", "selected row text"),
    ("selection_bg", "selected row background"),
    ("border", "pane borders"),
    ("focus", "the border of the focused pane"),
    ("phrase", "suggested phrases"),
    ("code", "code in articles"),
    ("badge", "language badges"),
    ("status_fg", "status bar text"),
    ("status_bg", "status bar background"),
    (
        "training",
        "the frames and badge of a mock call or a replay (PRÁCTICA / PRACTICE)",
    ),
];

/// A theme that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme {name:?}: available themes are {available}")]
    Unknown { name: String, available: String },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read theme {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `at`: where the `parent` that closes the loop is (`path:line:column`).
    #[error(
        "{at}: theme {name:?} inherits from itself (parent chain loops): give one of its themes another parent"
    )]
    Cycle { name: String, at: String },
    #[error(
        "theme {0:?} has more than 16 parents in a row: inherit from a bundled theme (parent = \"dark\") instead of chaining"
    )]
    TooDeep(String),
}

/// Longest chain of `parent` themes followed.
const MAX_PARENTS: usize = 16;

/// A loaded theme: its name, the colour of each meaning it (or a parent) sets, and the
/// colours it asks for on a 16-colour terminal (its `[ansi16]` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub name: String,
    pub colors: BTreeMap<String, Color>,
    pub ansi16: BTreeMap<String, Color>,
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// 24-bit colour: `#rrggbb` as written.
    Truecolor,
    /// The xterm 256-colour palette: `#rrggbb` becomes the nearest of its cube and greys.
    Indexed256,
    /// The 16 ANSI colours: the theme's `[ansi16]` colour for the meaning, else the
    /// nearest ANSI colour by hue and brightness.
    Basic16,
}

impl Depth {
    /// The depth a terminal announces: `COLORTERM=truecolor|24bit` (or a `TERM` ending in
    /// `-direct`) is truecolor, a `TERM` with `256color` is 256 colours, anything else
    /// (plain `xterm`, `linux`, `screen`, none) is 16 colours.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> Depth {
        let colorterm = colorterm.unwrap_or("").to_ascii_lowercase();
        let term = term.unwrap_or("").to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" || term.ends_with("-direct") {
            Depth::Truecolor
        } else if term.contains("256color") {
            Depth::Indexed256
        } else {
            Depth::Basic16
        }
    }

    /// [`Depth::detect`] on this process's environment.
    pub fn from_env() -> Depth {
        let colorterm = std::env::var("COLORTERM").ok();
        let term = std::env::var("TERM").ok();
        Depth::detect(colorterm.as_deref(), term.as_deref())
    }
}

/// The 16 ANSI colours with the RGB xterm gives them, in index order.
const ANSI16: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The RGB of an xterm palette index.
fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16[usize::from(i)].1,
        16..=231 => {
            let n = i - 16;
            (
                CUBE[usize::from(n / 36)],
                CUBE[usize::from(n / 6 % 6)],
                CUBE[usize::from(n % 6)],
            )
        }
        _ => {
            let g = 8 + 10 * (i - 232);
            (g, g, g)
        }
    }
}

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| u32::from(x.abs_diff(y)).pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The SGR foreground code of a colour (None for the terminal's own).
pub fn sgr_foreground(c: Color) -> Option<String> {
    let basic = |n: u8| Some(n.to_string());
    match c {
        Color::Reset => None,
        Color::Black => basic(30),
        Color::Red => basic(31),
        Color::Green => basic(32),
        Color::Yellow => basic(33),
        Color::Blue => basic(34),
        Color::Magenta => basic(35),
        Color::Cyan => basic(36),
        Color::Gray => basic(37),
        Color::DarkGray => basic(90),
        Color::LightRed => basic(91),
        Color::LightGreen => basic(92),
        Color::LightYellow => basic(93),
        Color::LightBlue => basic(94),
        Color::LightMagenta => basic(95),
        Color::LightCyan => basic(96),
        Color::White => basic(97),
        Color::Rgb(r, g, b) => Some(format!("38;2;{r};{g};{b}")),
        Color::Indexed(i) => Some(format!("38;5;{i}")),
    }
}

/// The nearest colour of the xterm 256 palette (its 6×6×6 cube or its grey ramp).
pub fn to_256(rgb: (u8, u8, u8)) -> u8 {
    let level = |v: u8| {
        (0..CUBE.len())
            .min_by_key(|&k| CUBE[k].abs_diff(v))
            .unwrap_or(0) as u8
    };
    let cube = 16 + 36 * level(rgb.0) + 6 * level(rgb.1) + level(rgb.2);
    let mean = ((u16::from(rgb.0) + u16::from(rgb.1) + u16::from(rgb.2)) / 3) as u8;
    let grey = 232 + (mean.saturating_sub(3) / 10).min(23);
    if distance(indexed_rgb(grey), rgb) < distance(indexed_rgb(cube), rgb) {
        grey
    } else {
        cube
    }
}

/// The ANSI colour closest in hue and brightness: greys stay greys (black, dark grey,
/// grey, white); a coloured value keeps the channels near its strongest one and is
/// bright when that channel is.
pub fn to_16(rgb: (u8, u8, u8)) -> Color {
    let (r, g, b) = rgb;
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    if max - min < 48 {
        return match max {
            0..=59 => Color::Black,
            60..=159 => Color::DarkGray,
            160..=239 => Color::Gray,
            _ => Color::White,
        };
    }
    let on = |v: u8| u16::from(v) * 10 >= u16::from(max) * 7;
    let index = usize::from(on(r)) | usize::from(on(g)) << 1 | usize::from(on(b)) << 2;
    let bright = if max >= 176 { 8 } else { 0 };
    ANSI16[index + bright].0
}

fn rgb_of(color: Color) -> Option<(u8, u8, u8)> {
    match color {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) => Some(indexed_rgb(i)),
        _ => None,
    }
}

impl Palette {
    /// The palette as a terminal of this depth can show it.
    pub fn at_depth(mut self, depth: Depth) -> Palette {
        for (meaning, color) in self.colors.iter_mut() {
            *color = match depth {
                Depth::Truecolor => *color,
                Depth::Indexed256 => match *color {
                    Color::Rgb(r, g, b) => Color::Indexed(to_256((r, g, b))),
                    other => other,
                },
                Depth::Basic16 => match (self.ansi16.get(meaning), *color) {
                    (Some(c), _) => *c,
                    (None, Color::Indexed(i)) if i < 16 => ANSI16[usize::from(i)].0,
                    (None, c) => rgb_of(c).map_or(c, to_16),
                },
            };
        }
        self
    }
}

/// Where a theme's TOML comes from.
struct Source {
    path: String,
    text: String,
}

fn source(name: &str, config_dir: Option<&Path>, user: bool) -> Result<Option<Source>, ThemeError> {
    if user && let Some(dir) = config_dir {
        let path = dir.join("themes").join(format!("{name}.toml"));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                return Ok(Some(Source {
                    path: path.display().to_string(),
                    text,
                }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(ThemeError::Read { path, source }),
        }
    }
    Ok(BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| Source {
            path: format!("<bundled themes/{n}.toml>"),
            text: (*text).to_string(),
        }))
}

/// Names of every theme available: bundled plus the user's.
pub fn available(config_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
    if let Some(dir) = config_dir
        && let Ok(entries) = std::fs::read_dir(dir.join("themes"))
    {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml")
                && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                && !names.iter().any(|n| n == stem)
            {
                names.push(stem.to_string());
            }
        }
    }
    names
}

/// True when a theme of that name exists (bundled or in the user's folder).
pub fn exists(name: &str, config_dir: Option<&Path>) -> bool {
    available(config_dir).iter().any(|n| n == name)
}

fn invalid(src: &Source, offset: Option<usize>, message: String) -> ThemeError {
    place(src, offset).invalid(message)
}

/// A place in a theme file (`path:line:column`).
struct Place {
    path: String,
    line: usize,
    column: usize,
}

impl Place {
    fn invalid(self, message: String) -> ThemeError {
        ThemeError::Invalid {
            path: self.path,
            line: self.line,
            column: self.column,
            message,
        }
    }
}

/// Where byte `offset` of `src` is (its first line and column without one).
fn place(src: &Source, offset: Option<usize>) -> Place {
    let (line, column) = offset.map_or((1, 1), |o| crate::text::line_col(&src.text, o));
    Place {
        path: src.path.clone(),
        line,
        column,
    }
}

/// Parses one theme file: its parent and its colours. Every key must be `parent` or a
/// meaning; every value a colour name (`"lightblue"`), `"#rrggbb"`, an index `"0".."255"`
/// or `"reset"`.
type Parsed = (
    Option<String>,
    BTreeMap<String, Color>,
    BTreeMap<String, Color>,
);

fn parse(src: &Source) -> Result<Parsed, ThemeError> {
    let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> =
        toml::from_str(&src.text)
            .map_err(|e| invalid(src, e.span().map(|s| s.start), e.message().to_string()))?;
    let mut parent = None;
    let mut colors = BTreeMap::new();
    let mut ansi16 = BTreeMap::new();
    for (key, value) in &table {
        let at_key = key_offset(&src.text, key.get_ref()).or(Some(key.span().start));
        let at = Some(value.span().start);
        let key = key.get_ref();
        let value = value.get_ref();
        if key == "parent" {
            match value.as_str() {
                Some(p) => parent = Some(p.to_string()),
                None => {
                    return Err(invalid(
                        src,
                        at,
                        "parent must be a theme name in quotes".into(),
                    ));
                }
            }
            continue;
        }
        if key == "ansi16" {
            ansi16 = parse_ansi16(src, at, value)?;
            continue;
        }
        if !MEANINGS.iter().any(|(m, _)| m == key) {
            let known: Vec<&str> = MEANINGS.iter().map(|(m, _)| *m).collect();
            return Err(invalid(
                src,
                at_key,
                format!(
                    "unknown colour meaning {key:?}: use parent or one of {}",
                    known.join(", ")
                ),
            ));
        }
        let Some(text) = value.as_str() else {
            return Err(invalid(
                src,
                at,
                format!("{key}: a colour must be a string like \"#336699\" or \"lightblue\""),
            ));
        };
        let color = Color::from_str(text).map_err(|_| {
            invalid(
                src,
                at,
                format!("{key}: {text:?} is not a colour: use a name (red, lightblue, darkgray …), \"#rrggbb\", an index 0-255 or \"reset\""),
            )
        })?;
        colors.insert(key.clone(), color);
    }
    Ok((parent, colors, ansi16))
}

/// The `[ansi16]` table: for some meanings, the colour to use on a 16-colour terminal
/// (a colour name or an index 0-15).
fn parse_ansi16(
    src: &Source,
    at: Option<usize>,
    value: &toml::Value,
) -> Result<BTreeMap<String, Color>, ThemeError> {
    let Some(table) = value.as_table() else {
        return Err(invalid(
            src,
            at,
            "ansi16 must be a table: [ansi16] then lines like warn = \"yellow\"".into(),
        ));
    };
    let mut out = BTreeMap::new();
    for (key, value) in table {
        let at = key_offset(&src.text, key).or(at);
        if !MEANINGS.iter().any(|(m, _)| m == key) {
            return Err(invalid(
                src,
                at,
                format!("[ansi16]: unknown colour meaning {key:?}"),
            ));
        }
        let color = value.as_str().and_then(|t| Color::from_str(t).ok());
        match color {
            Some(c) if ANSI16.iter().any(|(a, _)| *a == c) || c == Color::Reset => {
                out.insert(key.clone(), c);
            }
            Some(Color::Indexed(i)) if i < 16 => {
                out.insert(key.clone(), ANSI16[usize::from(i)].0);
            }
            _ => {
                return Err(invalid(
                    src,
                    at,
                    format!(
                        "[ansi16] {key}: use one of the 16 colour names (black, red, … lightcyan, white), an index 0-15 or \"reset\""
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// Byte offset of the line defining `key` at the top level (`key = …`).
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// Loads a theme by name: the user's file first, else the bundled one; parents are
/// resolved; themes without a parent inherit from `dark`.
pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Palette, ThemeError> {
    let mut chain: Vec<(BTreeMap<String, Color>, BTreeMap<String, Color>)> = Vec::new();
    // (name, from the user's folder) already read: a user theme may inherit from the
    // bundled theme of the same name, anything else repeating is a loop.
    let mut seen: Vec<(String, bool)> = Vec::new();
    let mut current = name.to_string();
    // Where the `parent = …` just followed is written (`path:line:column`), for errors
    // about the theme it names.
    let mut parent_at: Option<Place> = None;
    let cycle = |parent_at: &Option<Place>| ThemeError::Cycle {
        name: name.to_string(),
        at: match parent_at {
            Some(p) => format!("{}:{}:{}", p.path, p.line, p.column),
            None => name.to_string(),
        },
    };
    loop {
        let user_seen = seen.iter().any(|(n, u)| *n == current && *u);
        let bundled_seen = seen.iter().any(|(n, u)| *n == current && !*u);
        if bundled_seen {
            return Err(cycle(&parent_at));
        }
        if chain.len() > MAX_PARENTS {
            return Err(ThemeError::TooDeep(name.to_string()));
        }
        let found = source(&current, config_dir, !user_seen)?;
        let from_user = found
            .as_ref()
            .is_some_and(|s| !s.path.starts_with("<bundled"));
        if user_seen && found.is_none() {
            return Err(cycle(&parent_at));
        }
        seen.push((current.clone(), from_user));
        let Some(src) = found else {
            let available = available(config_dir).join(", ");
            return Err(match parent_at {
                // A parent that does not exist: said where it is named.
                Some(p) => p.invalid(format!(
                    "parent: unknown theme {current:?}: available themes are {available}"
                )),
                None => ThemeError::Unknown {
                    name: current,
                    available,
                },
            });
        };
        let (parent, colors, ansi16) = parse(&src)?;
        chain.push((colors, ansi16));
        match parent {
            Some(p) => {
                parent_at = Some(place(&src, key_offset(&src.text, "parent")));
                current = p;
            }
            None if current != "dark" || from_user => {
                parent_at = None;
                current = "dark".into();
            }
            None => break,
        }
    }
    let mut colors = BTreeMap::new();
    let mut ansi16 = BTreeMap::new();
    for (c, a) in chain.into_iter().rev() {
        // A colour set here without its own 16-colour choice drops the parent's choice,
        // so that it degrades from itself rather than from what it replaced.
        for k in c.keys() {
            if !a.contains_key(k) {
                ansi16.remove(k);
            }
        }
        colors.extend(c);
        ansi16.extend(a);
    }
    Ok(Palette {
        name: name.to_string(),
        colors,
        ansi16,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_themes_are_complete() {
        for (name, _) in BUNDLED {
            let t = load(name, None).unwrap();
            for (m, _) in MEANINGS {
                assert!(t.colors.contains_key(m), "{name} lacks {m}");
            }
        }
    }

    #[test]
    fn depth_follows_colorterm_and_term() {
        assert_eq!(
            Depth::detect(Some("truecolor"), Some("xterm")),
            Depth::Truecolor
        );
        assert_eq!(Depth::detect(Some("24bit"), None), Depth::Truecolor);
        assert_eq!(Depth::detect(None, Some("xterm-direct")), Depth::Truecolor);
        assert_eq!(
            Depth::detect(None, Some("screen-256color")),
            Depth::Indexed256
        );
        assert_eq!(Depth::detect(None, Some("xterm")), Depth::Basic16);
        assert_eq!(Depth::detect(None, Some("linux")), Depth::Basic16);
        assert_eq!(Depth::detect(None, None), Depth::Basic16);
    }

    #[test]
    fn rgb_maps_to_the_nearest_palette_colour() {
        assert_eq!(to_256((0, 0, 0)), 16);
        assert_eq!(to_256((255, 255, 255)), 231);
        assert_eq!(to_256((0x87, 0xaf, 0xff)), 111);
        assert_eq!(to_256((0x26, 0x26, 0x26)), 235);
        assert_eq!(to_16((0x87, 0xaf, 0xff)), Color::LightBlue);
        assert_eq!(to_16((0xff, 0xd7, 0x5f)), Color::LightYellow);
        assert_eq!(to_16((0x87, 0xd7, 0x87)), Color::LightGreen);
        assert_eq!(to_16((0x26, 0x26, 0x26)), Color::Black);
        assert_eq!(to_16((0xd0, 0xd0, 0xd0)), Color::Gray);
        assert_eq!(to_16((0x80, 0x00, 0x00)), Color::Red);
    }

    #[test]
    fn every_bundled_theme_at_16_colours_uses_only_ansi_colours() {
        for (name, _) in BUNDLED {
            let t = load(name, None).unwrap().at_depth(Depth::Basic16);
            for (m, c) in &t.colors {
                assert!(
                    *c == Color::Reset || ANSI16.iter().any(|(a, _)| a == c),
                    "{name} {m} = {c:?} at 16 colours"
                );
            }
            let t = load(name, None).unwrap().at_depth(Depth::Indexed256);
            assert!(
                t.colors.values().all(|c| !matches!(c, Color::Rgb(..))),
                "{name} keeps a 24-bit colour at 256"
            );
        }
    }

    #[test]
    fn the_ansi16_table_says_how_a_theme_degrades() {
        let src = Source {
            path: "t.toml".into(),
            text: "warn = \"#ffaf5f\"\n[ansi16]\nwarn = \"yellow\"\n".into(),
        };
        let (_, colors, ansi16) = parse(&src).unwrap();
        let p = Palette {
            name: "t".into(),
            colors,
            ansi16,
        }
        .at_depth(Depth::Basic16);
        assert_eq!(p.colors["warn"], Color::Yellow);
        let bad = Source {
            path: "t.toml".into(),
            text: "[ansi16]\nwarn = \"#ffaf5f\"\n".into(),
        };
        let e = parse(&bad).unwrap_err().to_string();
        assert!(e.starts_with("t.toml:2:1:"), "{e}");
    }
}
