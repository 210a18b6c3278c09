//! Themes on screen: the colours of a loaded [`Palette`] turned into styles by meaning.
//! `NO_COLOR` turns every colour off (bold and reverse remain). Reading theme files is
//! [`crate::theme`]'s job.
use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};

pub use crate::theme::ThemeError;
use crate::theme::{Depth, Palette};

/// The colours of the workspace, by meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    /// False with `NO_COLOR`: styles keep only bold/italic/reverse.
    pub color: bool,
    colors: BTreeMap<String, Color>,
    ansi16: BTreeMap<String, Color>,
    /// A mock call or a replay: pane frames take the `training` colour and a double line,
    /// so a practice is never taken for a live call.
    pub training: bool,
}

impl From<Palette> for Theme {
    fn from(p: Palette) -> Theme {
        Theme {
            name: p.name,
            color: true,
            colors: p.colors,
            ansi16: p.ansi16,
            training: false,
        }
    }
}

impl Theme {
    /// Loads a theme by name with [`crate::theme::load`].
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        crate::theme::load(name, config_dir).map(Theme::from)
    }

    /// The bundled dark theme (cannot fail; used as a fallback).
    pub fn fallback() -> Theme {
        Theme::load("dark", None).unwrap_or(Theme {
            name: "dark".into(),
            color: true,
            colors: BTreeMap::new(),
            ansi16: BTreeMap::new(),
            training: false,
        })
    }

    /// The same theme as a terminal of this depth shows it (see [`Depth`]).
    pub fn at_depth(self, depth: Depth) -> Theme {
        let color = self.color;
        let palette = Palette {
            name: self.name,
            colors: self.colors,
            ansi16: self.ansi16,
        }
        .at_depth(depth);
        Theme {
            color,
            training: self.training,
            ..Theme::from(palette)
        }
    }

    /// The same theme without colours (`NO_COLOR`).
    pub fn without_color(mut self) -> Theme {
        self.color = false;
        self
    }

    /// The colour for a meaning (`Reset` when colours are off or it is not set).
    pub fn color(&self, meaning: &str) -> Color {
        if !self.color {
            return Color::Reset;
        }
        self.colors.get(meaning).copied().unwrap_or(Color::Reset)
    }

    /// Foreground style for a meaning.
    pub fn fg(&self, meaning: &str) -> Style {
        if self.color {
            Style::default().fg(self.color(meaning))
        } else {
            Style::default()
        }
    }

    /// Base style: text on the background.
    pub fn base(&self) -> Style {
        if self.color {
            Style::default()
                .fg(self.color("base"))
                .bg(self.color("background"))
        } else {
            Style::default()
        }
    }

    /// The style of a selected row (reverse video without colours).
    pub fn selection(&self) -> Style {
        if self.color {
            Style::default()
                .fg(self.color("selection_fg"))
                .bg(self.color("selection_bg"))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// Matched words.
    pub fn matched(&self) -> Style {
        self.fg("match")
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The status bar.
    pub fn status(&self) -> Style {
        if self.color {
            Style::default()
                .fg(self.color("status_fg"))
                .bg(self.color("status_bg"))
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// The same theme for a mock call or a replay (see [`Theme::training`]).
    pub fn for_training(mut self) -> Theme {
        self.training = true;
        self
    }

    /// The practice badge: bold, reversed on the training colour.
    pub fn badge_training(&self) -> Style {
        if self.color {
            Style::default()
                .fg(self.color("status_bg"))
                .bg(self.color("training"))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// A pane border, highlighted when focused.
    pub fn border(&self, focused: bool) -> Style {
        if self.training {
            let s = self.fg("training");
            return if focused {
                s.add_modifier(Modifier::BOLD)
            } else {
                s
            };
        }
        if focused {
            self.fg("focus").add_modifier(Modifier::BOLD)
        } else {
            self.fg("border")
        }
    }
}
