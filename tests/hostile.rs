//! Hostile knowledge input through the real binary: one bad file (a YAML alias bomb, a
//! nesting thousands of levels deep, a symlink maze, a link out of the root, a bad
//! `apunte.toml`) is reported with its path and line and never takes the rest of the
//! base down. Each command runs under an address-space limit, so a regression aborts
//! the command instead of eating the machine's memory.
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{Sandbox, stdout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/knowledge")
        .join(name)
}

/// Runs apunte with `args` under a 3 GB address-space limit and a 60 s CPU limit.
fn limited(sb: &Sandbox, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_apunte");
    let cmd = sb.apunte(sb.path());
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg(format!(
            "ulimit -v 3000000; ulimit -t 60; exec '{bin}' {}",
            quoted.join(" ")
        ))
        .current_dir(sb.path());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.output().expect("run apunte")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn alias_bomb_and_deep_nesting_are_reported_and_the_rest_loads() {
    let sb = Sandbox::new();
    let dir = fixture("hostile");
    let kb = dir.to_str().unwrap();
    let out = limited(&sb, &["check", "--knowledge", kb]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    let bombs = dir.join("bombas");
    for (file, line, what) in [
        ("bomba-alias.md", 7, "too many aliases"),
        ("lista-profunda.md", 4, "too deeply nested"),
        ("mapa-profundo.md", 35, "too deeply nested"),
    ] {
        let want = format!("{}:{line}: error: ", bombs.join(file).display());
        let l = text
            .lines()
            .find(|l| l.starts_with(&want))
            .unwrap_or_else(|| panic!("no {want} in\n{text}"));
        assert!(l.contains(what), "{l}");
    }

    let out = limited(&sb, &["search", "--knowledge", kb, "zorbaquiz"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("bien/reembolso"), "{}", stdout(&out));

    let out = limited(&sb, &["index", "--knowledge", kb]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 articles indexed"),
        "{}",
        stdout(&out)
    );
}
