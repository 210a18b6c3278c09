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
    sandbox_env(&cmd, &mut sh);
    sh.output().expect("run apunte")
}

/// Gives `to` the environment the sandbox sets for apunte (`from`).
fn sandbox_env(from: &std::process::Command, to: &mut std::process::Command) {
    for (k, v) in from.get_envs() {
        match v {
            Some(v) => to.env(k, v),
            None => to.env_remove(k),
        };
    }
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
        stdout(&out).contains("1 article indexed"),
        "{}",
        stdout(&out)
    );
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[cfg(unix)]
#[test]
fn symlink_mazes_are_walked_once_and_links_out_of_the_root_are_skipped() {
    let sb = Sandbox::new();
    let kb = sb.path().join("kb");
    for d in ["x", "y", "a", "b"] {
        std::fs::create_dir_all(kb.join(d)).unwrap();
    }
    std::fs::write(
        kb.join("x/x.md"),
        "# Equis\n\nTexto zorbaquiz de la carpeta x.\n",
    )
    .unwrap();
    std::fs::write(kb.join("a/a.md"), "# Ah\n\nTexto de la carpeta a.\n").unwrap();
    // Four links between two folders: 2^32 paths if each one is followed.
    symlink("../y", &kb.join("x/l1"));
    symlink("../y", &kb.join("x/l2"));
    symlink("../x", &kb.join("y/l1"));
    symlink("../x", &kb.join("y/l2"));
    // A ping-pong pair, and a file linked twice.
    symlink("../b", &kb.join("a/to-b"));
    symlink("../a", &kb.join("b/to-a"));
    symlink("a/a.md", &kb.join("alias-1.md"));
    symlink("a/a.md", &kb.join("alias-2.md"));
    // Out of the root.
    let outside = sb.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("secret.md"),
        "# Secreto\n\nnologinzorb root:x:0:0\n",
    )
    .unwrap();
    symlink(
        outside.join("secret.md").to_str().unwrap(),
        &kb.join("passwd.md"),
    );
    symlink(outside.to_str().unwrap(), &kb.join("fuera"));

    let k = kb.to_str().unwrap();
    let out = limited(&sb, &["check", "--knowledge", k]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("checked 2 articles"),
        "{}",
        stdout(&out)
    );
    let out = limited(&sb, &["search", "--knowledge", k, "nologinzorb"]);
    assert!(!stdout(&out).contains("passwd"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("fuera"), "{}", stdout(&out));

    // Allowed in the user's config: each outside target is taken once.
    std::fs::create_dir_all(sb.config_dir()).unwrap();
    std::fs::write(
        sb.config_dir().join("config.toml"),
        "follow_symlinks_outside = true\n",
    )
    .unwrap();
    let out = limited(&sb, &["search", "--knowledge", k, "--json", "nologinzorb"]);
    let hits = stdout(&out);
    assert_eq!(hits.lines().count(), 1, "{hits}{}", stderr(&out));
    assert!(hits.contains("\"id\":\"fuera/secret\""), "{hits}");
}

#[test]
fn a_duplicate_id_keeps_the_first_file_by_path_for_check_and_search() {
    let sb = Sandbox::new();
    let kb = sb.path().join("kb");
    std::fs::create_dir_all(kb.join("dupid")).unwrap();
    std::fs::create_dir_all(kb.join("good")).unwrap();
    std::fs::write(
        kb.join("dupid/collide.md"),
        "+++\ntitle = \"Colisión\"\nid = \"good/good-00\"\nkeywords = [\"zorbfirst\"]\n+++\n\nPrimero por ruta zorbfirst.\n",
    )
    .unwrap();
    std::fs::write(
        kb.join("good/good-00.md"),
        "+++\ntitle = \"Bueno\"\nkeywords = [\"zorbsecond\"]\n+++\n\nSegundo por ruta zorbsecond.\n",
    )
    .unwrap();
    let k = kb.to_str().unwrap();
    let out = limited(&sb, &["check", "--knowledge", k]);
    let text = stdout(&out);
    let want = format!(
        "{}:1: error: duplicate id `good/good-00`",
        kb.join("good/good-00.md").display()
    );
    let line = text
        .lines()
        .find(|l| l.starts_with(&want))
        .unwrap_or_else(|| panic!("no {want} in\n{text}"));
    let out = limited(&sb, &["index", "--knowledge", k]);
    let index = stdout(&out);
    assert!(
        index.contains(line),
        "index and check disagree:\n{index}\n{line}"
    );
    let out = limited(&sb, &["search", "--knowledge", k, "--json", "zorbfirst"]);
    assert!(
        stdout(&out).contains("dupid/collide.md"),
        "{}",
        stdout(&out)
    );
    let out = limited(&sb, &["search", "--knowledge", k, "--json", "zorbsecond"]);
    assert!(!stdout(&out).contains("good-00.md"), "{}", stdout(&out));
}

/// Runs apunte on a pseudo-terminal (util-linux `script`) and returns what it wrote to
/// it; `None` (with a message) when `script` is missing.
fn on_a_terminal(sb: &Sandbox, args: &[&str]) -> Option<String> {
    if std::process::Command::new("script")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: `script` (util-linux) is not installed; the terminal test did not run");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_apunte");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let cmd = sb.apunte(sb.path());
    let mut script = std::process::Command::new("script");
    script
        .args([
            "-qec",
            &format!("'{bin}' {}", quoted.join(" ")),
            "/dev/null",
        ])
        .current_dir(sb.path())
        .stdin(std::process::Stdio::null());
    sandbox_env(&cmd, &mut script);
    let out = script.output().expect("script");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Characters that drive a terminal (ESC, BEL, CSI, bidi override).
fn has_controls(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\x1b' | '\x07' | '\u{9b}' | '\u{202e}'))
}

#[test]
fn command_line_output_never_drives_the_terminal() {
    let sb = Sandbox::new();
    let kb = fixture("escapes");
    let k = kb.to_str().unwrap();
    if let Some(screen) = on_a_terminal(&sb, &["search", "--knowledge", k, "zorbesc"]) {
        assert!(!has_controls(&screen), "{screen:?}");
        assert!(screen.contains("␛]0;PWNED␇"), "{screen:?}");
    }
    // JSON escapes them wherever it goes.
    let out = sb
        .apunte(sb.path())
        .args(["search", "--json", "--knowledge", k, "zorbesc"])
        .output()
        .unwrap();
    let json = stdout(&out);
    assert!(!has_controls(&json), "{json:?}");
    let v: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert!(v["title"].as_str().unwrap().contains("\x1b]0;PWNED"), "{v}");

    // A hostile file name in `check`.
    let bad = sb.path().join("kb-bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(
        bad.join("esc\x1b[2Jname.md"),
        "+++\ntitle = \"T \x1b]0;x\x07\"\n",
    )
    .unwrap();
    if let Some(screen) = on_a_terminal(&sb, &["check", "--knowledge", bad.to_str().unwrap()]) {
        assert!(!has_controls(&screen), "{screen:?}");
        assert!(screen.contains("esc␛[2Jname.md:1:"), "{screen:?}");
    }
    // A line break in a file name keeps each finding on one `path:line:` line, on a
    // terminal or not.
    std::fs::write(bad.join("two\nlines.md"), "+++\ntitle = \"T\n").unwrap();
    let out = sb
        .apunte(sb.path())
        .args(["check", "--knowledge", bad.to_str().unwrap()])
        .output()
        .unwrap();
    let text = stdout(&out);
    let want = format!("{}:", bad.join("two⏎lines.md").display());
    assert!(
        text.lines()
            .any(|l| l.starts_with(&want) && l.contains(": error: ")),
        "{text}"
    );
}

#[test]
fn a_closed_pipe_ends_a_command_normally() {
    let sb = Sandbox::new();
    let kb = fixture("broken");
    for args in [
        vec!["check", "--knowledge", kb.to_str().unwrap()],
        vec!["index", "--knowledge", kb.to_str().unwrap()],
        vec!["search", "--knowledge", kb.to_str().unwrap(), "id"],
    ] {
        let mut child = sb
            .apunte(sb.path())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
    }
}

#[test]
fn a_journaled_call_with_escapes_never_drives_the_terminal() {
    let sb = Sandbox::new();
    let sessions = sb.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let id = "20261120-093000-ee01";
    let evil =
        "escape \\u001b[31mRED\\u001b]0;PWNED\\u0007\\u001b]52;c;SGVsbG8=\\u0007 done \\u202e";
    std::fs::write(
        sessions.join(format!("{id}.jsonl")),
        format!(
            "{{\"t\":\"2026-11-20T09:30:00.000+01:00\",\"kind\":\"start\",\"session\":\"{id}\",\"mode\":\"live\",\"agent\":\"Ana\",\"roots\":[\"knowledge\"],\"version\":\"0.1.0\"}}\n\
             {{\"t\":\"2026-11-20T09:30:05.000+01:00\",\"kind\":\"turn\",\"speaker\":\"customer\",\"text\":\"{evil}\"}}\n"
        ),
    )
    .unwrap();
    for args in [
        vec!["sessions", "show", id],
        vec!["sessions", "export", id, "--markdown"],
        vec!["sessions", "list"],
    ] {
        let Some(screen) = on_a_terminal(&sb, &args) else {
            return;
        };
        assert!(!has_controls(&screen), "{args:?}: {screen:?}");
        if args[1] != "list" {
            assert!(
                screen.contains("RED") && screen.contains("done"),
                "{args:?}: {screen:?}"
            );
        }
    }
}

/// Characters other than a line break or a tab that could act on a terminal the text
/// reaches later (`| less -R`, `> file; cat file`): C0 controls, DEL, C1 controls, bidi
/// overrides.
fn has_any_control(s: &str) -> bool {
    s.chars().any(|c| {
        let u = c as u32;
        (u < 0x20 && c != '\n' && c != '\t')
            || (0x7f..=0x9f).contains(&u)
            || (0x202a..=0x202e).contains(&u)
            || (0x2066..=0x2069).contains(&u)
    })
}

/// Plain output to a pipe or a file keeps the text but never a control character:
/// search hits, `check` findings, `sessions show` and `export`, `suggest` and reports
/// show them as placeholders, as on a terminal; `--json` still escapes them.
#[test]
fn plain_output_to_a_pipe_never_carries_controls() {
    let sb = Sandbox::new();
    let kb = fixture("escapes");
    let k = kb.to_str().unwrap();
    let piped = |args: &[&str], input: Option<&str>| -> String {
        let mut cmd = sb.apunte(sb.path());
        cmd.args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .stdin(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("runs");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            if let Some(i) = input {
                stdin.write_all(i.as_bytes()).unwrap();
            }
        }
        let out = child.wait_with_output().unwrap();
        let text = stdout(&out);
        assert!(!has_any_control(&text), "{args:?}: {text:?}");
        text
    };
    let hits = piped(&["search", "--knowledge", k, "zorbesc"], None);
    assert!(hits.contains("␛]0;PWNED␇"), "{hits:?}");
    let json = piped(&["search", "--json", "--knowledge", k, "zorbesc"], None);
    let v: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert!(v["title"].as_str().unwrap().contains("\x1b]0;PWNED"), "{v}");

    let bad = sb.path().join("kb-bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("esc\x1b[2Jname.md"), "+++\ntitle = \"T\n").unwrap();
    std::fs::write(bad.join("link.md"), "# T\n\n[x](\x1b[31mgone.md)\n").unwrap();
    let found = piped(&["check", "--knowledge", bad.to_str().unwrap()], None);
    assert!(found.contains("esc␛[2Jname.md:"), "{found:?}");
    assert!(found.contains("␛[31mgone.md"), "{found:?}");

    // A call whose turns and searches carry escapes (as a transcript source may send).
    let sessions = sb.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(
        sessions.join("20261201-100000-ctl.jsonl"),
        concat!(
            r#"{"t":"2026-12-01T10:00:00.000+01:00","kind":"start","session":"ctl","mode":"live","agent":"Eva","roots":["knowledge"],"version":"0.1.0"}"#,
            "\n",
            r#"{"t":"2026-12-01T10:00:01.000+01:00","kind":"turn","speaker":"customer","text":"hola \u001b[31mrojo\u001b]0;x\u0007 y \u009b2J fin\ttab"}"#,
            "\n",
            r#"{"t":"2026-12-01T10:00:02.000+01:00","kind":"search","query":"zorb \u001b[2J","hits":0,"top":[]}"#,
            "\n",
        ),
    )
    .unwrap();
    let shown = piped(&["sessions", "show", "20261201-100000-ctl"], None);
    assert!(shown.contains("hola ␛[31mrojo␛]0;x␇ y"), "{shown:?}");
    let md = piped(
        &["sessions", "export", "20261201-100000-ctl", "--markdown"],
        None,
    );
    assert!(md.contains("rojo␛"), "{md:?}");
    piped(&["sessions", "list"], None);
    for format in [&[][..], &["--markdown"][..], &["--csv"][..]] {
        let mut args = vec!["report", "gaps", "--knowledge", k];
        args.extend_from_slice(format);
        piped(&args, None);
    }
    let said = piped(
        &["suggest", "--knowledge", k, "--each-turn"],
        Some("zorbesc \x1b]0;PWNED\x07 ya\n"),
    );
    assert!(said.contains("␛]0;PWNED␇"), "{said:?}");
}

/// An error quoting what was typed (a folder, a call id) shows its controls as
/// placeholders on standard error too.
#[test]
fn errors_never_carry_controls() {
    let sb = Sandbox::new();
    for args in [
        &["check", "--knowledge", "kb\x1b]0;x\x07"][..],
        &["sessions", "export", "zz\x1b[2J"][..],
    ] {
        let out = sb.apunte(sb.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!has_any_control(&err), "{args:?}: {err:?}");
        assert!(err.contains('␛'), "{args:?}: {err:?}");
    }
}
