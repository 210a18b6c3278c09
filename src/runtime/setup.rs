//! The workspace's initial state and theme, from the configuration (no terminal).
use crate::app::{self, State};
use crate::config::{Config, Paths};
use crate::conversation::journal::Mode;
use crate::knowledge::replies::Reply;
use crate::knowledge::{Lang, Root};
use crate::ui::Theme;

/// Everything the loop needs besides the terminal.
pub struct Workspace {
    pub state: State,
    pub theme: Theme,
}

/// Quick replies of every root (`replies.toml`, or the bundled ones in the root's
/// language for a root without one); problems are reported, not fatal. Also what
/// stands in for a root's missing files, in words (for the message log).
fn load_replies(roots: &[Root], ui: Lang) -> (Vec<Reply>, Vec<String>, Vec<String>) {
    let mut replies = Vec::new();
    let mut problems = Vec::new();
    let mut notices = Vec::new();
    for root in roots {
        let lang = root.lang.unwrap_or(ui);
        let (r, diags) = crate::knowledge::replies::load_or_bundled(root, lang);
        replies.extend(r);
        problems.extend(diags.iter().map(|d| d.to_string()));
        notices.extend(crate::knowledge::bundled::notices(root, ui));
    }
    (replies, problems, notices)
}

/// Builds the initial state and theme (`theme`: a name given on the command line, else
/// the config's); the knowledge problems met, for the status bar.
pub fn prepare(
    config: &Config,
    paths: &Paths,
    roots: &[Root],
    theme: Option<&str>,
    mode: Mode,
) -> anyhow::Result<(Workspace, Vec<String>)> {
    let theme_name = theme.unwrap_or(&config.theme);
    let mut theme =
        Theme::load(theme_name, Some(&paths.config_dir))?.at_depth(crate::theme::Depth::from_env());
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme = theme.without_color();
    }
    let (replies, problems, notices) = load_replies(roots, config.ui_lang());
    let kb_name = roots
        .iter()
        .map(|r| r.name.clone())
        .collect::<Vec<_>>()
        .join(" + ");
    let mut state = State::new(app::Options {
        lang: Some(config.ui_lang()),
        keymap: config.keymap()?,
        mode,
        kb_name,
        article_count: 0,
        replies,
        agent_name: config.agent(),
        mouse: config.mouse,
        practice: None,
        sticky_speaker: !config.speaker_back_to_agent,
    });
    state.indexing = true;
    for n in notices {
        state.notify(n, false);
    }
    state.redaction_off = config.redact.off();
    if config.redact.on_screen {
        state.screen_redactor = Some(crate::redact::Redactor::new(&config.redact));
    }
    // `{company}`: the first root's name up to a dash ("Ondina Telecom — base de ejemplo").
    if let Some(root) = roots.first() {
        let company = root
            .name
            .split([' ', '\u{a0}'])
            .take_while(|w| !matches!(*w, "—" | "–" | "-" | "|" | "·"))
            .collect::<Vec<_>>()
            .join(" ");
        state.placeholders.company = Some(company).filter(|c| !c.is_empty());
    }
    Ok((Workspace { state, theme }, problems))
}
