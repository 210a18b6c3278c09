//! Config files, themes and key strings: every valid fixture loads, every invalid one is
//! refused with its line and column and a hint of what to do.
use std::path::{Path, PathBuf};
use std::process::Command;

use apunte::app::keymap::{Action, Key, KeyCode, parse_key};
use apunte::config::Config;
use apunte::ui::theme::{Theme, ThemeError};

fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sub)
}

/// A config directory holding a copy of a fixture as `config.toml`.
fn config_dir_with(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures("config").join(fixture),
        dir.path().join("config.toml"),
    )
    .unwrap();
    dir
}

fn apunte(config_dir: &Path, args: &[&str]) -> std::process::Output {
    let tmp = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_apunte"))
        .args(args)
        .env("APUNTE_CONFIG_DIR", config_dir)
        .env("APUNTE_CACHE_DIR", tmp.path().join("cache"))
        .env("APUNTE_DATA_DIR", tmp.path().join("data"))
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn valid_configs_load() {
    for entry in std::fs::read_dir(fixtures("config/valid")).unwrap() {
        let path = entry.unwrap().path();
        let config = Config::load(&path);
        assert!(config.is_ok(), "{}: {:?}", path.display(), config.err());
    }
    let c = Config::load(&fixtures("config/valid/full.toml")).unwrap();
    assert_eq!(c.theme, "light");
    assert_eq!(c.language, "es");
    assert!(!c.mouse);
    assert_eq!(c.agent_name, "Lucía");
    assert_eq!(
        c.agent(),
        "Lucía",
        "the config's name before the system user's"
    );
    assert!(c.speaker_back_to_agent, "the default");
    let call = Config::load(&fixtures("config/valid/call.toml")).unwrap();
    assert!(!call.speaker_back_to_agent);
    let km = call.keymap().unwrap();
    assert_eq!(km.actions(&Key::plain(KeyCode::F(11))), &[Action::Hold]);
    assert_eq!(km.actions(&Key::ctrl('k')), &[Action::EditTurn]);
    assert!(
        km.actions(&Key::ctrl('p')).is_empty(),
        "hold has only its new key"
    );
    assert_eq!(c.suggest.limit, 3);
    assert!(!c.redact.email && c.redact.on_screen && c.redact.cards);
    let km = c.keymap().unwrap();
    assert_eq!(km.actions(&Key::ctrl('k')), &[Action::Search]);
    assert_eq!(
        km.actions(&Key::plain(KeyCode::F(5))),
        &[Action::OpenNth(1)]
    );
    assert!(km.actions(&Key::alt('1')).is_empty());
    assert!(
        km.actions(&Key::ctrl('c')).is_empty(),
        "quit now only ctrl-q"
    );
    assert_eq!(km.actions(&Key::plain(KeyCode::Tab)), &[Action::NextPane]);

    let c = Config::load(&fixtures("config/valid/unbind.toml")).unwrap();
    assert!(c.keymap().unwrap().keys(Action::Help).is_empty());
    // A missing file gives the defaults.
    let c = Config::load(Path::new("/nonexistent/apunte/config.toml")).unwrap();
    assert_eq!(c, Config::default());
}

#[test]
fn invalid_configs_say_where_and_what() {
    let cases = [
        ("bad-toml.toml", "2:9", "quoted"),
        ("unknown-key.toml", "3:1", "colour"),
        ("bad-key-name.toml", "3:19", "hyper-q"),
        ("unknown-action.toml", "2:1", "teleport"),
        ("unknown-theme.toml", "2:9", "solarized-neon"),
        ("unknown-language.toml", "1:12", "klingon"),
        ("wrong-type.toml", "1:9", "bool"),
        ("unknown-nested-key.toml", "3:1", "limt"),
        ("key-twice.toml", "3:9", "bound to switch_speaker too"),
        ("threshold-out-of-range.toml", "2:13", "between 0 and 1"),
        ("threshold-nan.toml", "2:13", "between 0 and 1"),
        ("limit-zero.toml", "2:9", "between 1 and 20"),
        ("quit-unbound.toml", "3:1", "no key would quit"),
        ("not-utf8.toml", "2:10", "not UTF-8"),
    ];
    let mut seen = 0;
    for (file, at, needle) in cases {
        let path = fixtures("config/invalid").join(file);
        let err = Config::load(&path).expect_err(file).to_string();
        let where_ = format!("{}:{at}:", path.display());
        assert!(err.starts_with(&where_), "{file}: {err}");
        assert!(err.contains(needle), "{file}: {err}");
        assert!(err.contains("apunte config --init"), "{file}: {err}");
        seen += 1;
    }
    let files = std::fs::read_dir(fixtures("config/invalid"))
        .unwrap()
        .count();
    assert_eq!(seen, files, "every invalid fixture has a case");
}

#[test]
fn invalid_config_stops_the_program_before_the_terminal() {
    let dir = config_dir_with("invalid/bad-key-name.toml");
    for args in [&["config"][..], &[][..]] {
        let out = apunte(dir.path(), args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("config.toml:3:19:"), "{err}");
        assert!(
            out.stdout.is_empty() || !String::from_utf8_lossy(&out.stdout).contains("\x1b[?1049h")
        );
    }
}

#[test]
fn config_prints_paths_and_settings_and_init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = apunte(dir.path(), &["config"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("config.toml"), "{text}");
    assert!(text.contains("(missing: defaults)"));
    assert!(text.contains("theme = \"dark\""));
    assert!(text.contains("search = [\"/\", \"ctrl-f\"]"), "{text}");

    let out = apunte(dir.path(), &["config", "--init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert!(written.contains("# theme = \"dark\""));
    assert_eq!(
        Config::parse(&dir.path().join("config.toml"), &written).unwrap(),
        Config::default()
    );
    let out = apunte(dir.path(), &["config", "--init"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config.toml")).unwrap(),
        written
    );
    // A link to nothing yet is an existing config too: said so, nothing written through.
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.toml");
        std::os::unix::fs::symlink(&target, dir.path().join("config.toml")).unwrap();
        let out = apunte(dir.path(), &["config", "--init"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("already exists"), "{err}");
        assert!(!target.exists());
    }

    // Effective settings reflect the file and --theme.
    let dir = config_dir_with("valid/full.toml");
    let out = apunte(dir.path(), &["config", "--theme", "colorblind"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("theme = \"colorblind\""), "{text}");
    assert!(text.contains("language = \"es\""));
    assert!(text.contains("search = [\"ctrl-k\", \"/\"]"), "{text}");
}

#[test]
fn the_commented_default_config_lists_every_action() {
    let text = apunte::config::DEFAULT_CONFIG;
    for a in Action::ALL {
        let name = a.name();
        let listed = text.lines().any(|l| {
            l.trim_start_matches("# ")
                .starts_with(&format!("{name} = "))
                || (name.starts_with("open_") && l.contains("open_1 = "))
        });
        assert!(listed, "`{name}` is missing from the commented [keys]");
    }
}

#[test]
fn key_strings() {
    let ok = [
        ("ctrl-f", Key::ctrl('f')),
        ("CTRL-F", Key::ctrl('f')),
        ("alt-1", Key::alt('1')),
        ("/", Key::ch('/')),
        ("?", Key::ch('?')),
        ("esc", Key::plain(KeyCode::Esc)),
        ("tab", Key::plain(KeyCode::Tab)),
        ("shift-tab", Key::plain(KeyCode::BackTab)),
        ("pagedown", Key::plain(KeyCode::PageDown)),
        ("f1", Key::plain(KeyCode::F(1))),
        ("space", Key::ch(' ')),
        ("ñ", Key::ch('ñ')),
        ("ctrl--", Key::ctrl('-')),
    ];
    for (s, k) in ok {
        assert_eq!(parse_key(s), Ok(k), "{s}");
    }
    for bad in [
        "",
        "ctrl-",
        "super-x",
        "f0",
        "f25",
        "enterr",
        "ctrl-alt-",
        "ctrl-ctrl-a",
        "alt-meta-x",
    ] {
        let err = parse_key(bad).expect_err(bad);
        assert!(err.to_string().contains("unknown key"), "{bad}: {err}");
    }
}

/// A config dir whose `themes/` holds every theme fixture.
fn theme_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("themes");
    std::fs::create_dir_all(&themes).unwrap();
    for entry in std::fs::read_dir(fixtures("themes")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, themes.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn themes_inherit_and_user_themes_override() {
    for name in ["dark", "light", "high-contrast", "colorblind"] {
        Theme::load(name, None).unwrap();
    }
    let dir = theme_dir();
    let child = Theme::load("child", Some(dir.path())).unwrap();
    let light = Theme::load("light", None).unwrap();
    assert_eq!(
        child.color("accent"),
        ratatui::style::Color::Rgb(255, 0, 255)
    );
    assert_eq!(child.color("match"), ratatui::style::Color::Indexed(12));
    assert_eq!(child.color("base"), light.color("base"));
    // A user file named like a bundled theme replaces it.
    std::fs::write(
        dir.path().join("themes/dark.toml"),
        "parent = \"high-contrast\"\n",
    )
    .unwrap();
    let dark = Theme::load("dark", Some(dir.path())).unwrap();
    assert_eq!(
        dark.color("base"),
        Theme::load("high-contrast", None).unwrap().color("base")
    );
    // NO_COLOR: no colours at all.
    let plain = Theme::load("dark", None).unwrap().without_color();
    assert_eq!(plain.color("accent"), ratatui::style::Color::Reset);
    assert!(
        plain
            .selection()
            .add_modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    // A user theme is a valid config value.
    let cfg = dir.path().join("config.toml");
    assert!(Config::parse(&cfg, "theme = \"child\"\n").is_ok());
}

#[test]
fn broken_themes_are_clear_errors() {
    let dir = theme_dir();
    let cases = [
        ("bad-colour", "bad-colour.toml:2:10:", "not a colour"),
        ("unknown-meaning", "unknown-meaning.toml:3:1:", "backgrond"),
        ("broken-toml", "broken-toml.toml:2:", ""),
        (
            "not-a-string",
            "not-a-string.toml:1:10:",
            "must be a string",
        ),
        ("orphan", "unknown theme \"nonexistent\"", "available"),
        ("loop-a", "loops", ""),
        ("nope", "unknown theme \"nope\"", "dark, light"),
    ];
    for (name, at, needle) in cases {
        let err = Theme::load(name, Some(dir.path())).expect_err(name);
        let text = err.to_string();
        assert!(text.contains(at), "{name}: {text}");
        assert!(text.contains(needle), "{name}: {text}");
        if name == "loop-a" {
            assert!(matches!(err, ThemeError::Cycle { .. }));
            // Said where the `parent` that closes the loop is.
            assert!(text.contains(".toml:1:1: theme \"loop-a\""), "{text}");
        }
        if name == "orphan" {
            assert!(text.contains("orphan.toml:"), "{text}");
        }
    }
}

#[test]
fn config_validates_the_theme_it_names() {
    let dir = theme_dir();
    let out = apunte(dir.path(), &["config", "--theme", "bad-colour"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad-colour.toml:2:10:") && err.contains("not a colour"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    let out = apunte(dir.path(), &["config", "--theme", "child"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_long_parent_chain_is_not_called_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("themes");
    std::fs::create_dir_all(&themes).unwrap();
    for i in 0..20 {
        std::fs::write(
            themes.join(format!("t{i}.toml")),
            format!("parent = \"t{}\"\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(themes.join("t20.toml"), "accent = \"red\"\n").unwrap();
    let err = Theme::load("t0", Some(dir.path())).expect_err("too deep");
    assert!(err.to_string().contains("more than 16 parents"), "{err}");
    assert!(!matches!(err, ThemeError::Cycle { .. }));
}
