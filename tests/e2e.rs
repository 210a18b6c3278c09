//! End-to-end: the real binary inside tmux. Type a query, see the article title, open
//! it, resize, quit (with the confirmation), and check the shell is back with the
//! terminal restored. Also SIGTERM; a live transcript feed with suggestions, a bad line
//! counted, and the wrap-up journaled. Skipped (with a message) only when tmux is
//! missing. [`Tmux`] is shared with the crash tests.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long a tmux test waits for what it expects before it fails: long enough for a
/// debug build on a machine loaded many times over (never a timing assertion: a pass
/// takes as long as the program needs).
pub(crate) const WAIT: Duration = Duration::from_secs(180);

/// A private tmux server, killed when dropped.
pub(crate) struct Tmux {
    socket: String,
    _tmp: tempfile::TempDir,
    pub(crate) tmp: PathBuf,
}

impl Tmux {
    pub(crate) fn start(name: &str, width: u16, height: u16, inner: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!(
                "SKIPPED: tmux is not installed (CI installs it); e2e test {name} did not run"
            );
            return None;
        }
        let tmp = tempfile::tempdir().unwrap();
        let tmp_path = tmp.path().to_path_buf();
        let socket = format!("apunte-e2e-{name}-{}", std::process::id());
        let t = Tmux {
            socket,
            _tmp: tmp,
            tmp: tmp_path,
        };
        let script_path = t.tmp.join("run.sh");
        std::fs::write(
            &script_path,
            inner.replace("{TMP}", &t.tmp.display().to_string()),
        )
        .unwrap();
        let script = format!("sh {}", script_path.display());
        let out = t.tmux(&[
            "new-session",
            "-d",
            "-s",
            "w",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            &script,
        ]);
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(t)
    }

    pub(crate) fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .env_remove("TMUX")
            .output()
            .unwrap()
    }

    pub(crate) fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "w"]).stdout).into_owned()
    }

    /// Waits (generously) until the screen contains `text`; panics with the screen.
    pub(crate) fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    /// Waits (generously: [`WAIT`]) until the screen satisfies `ok`; panics with the
    /// screen. The screen returned is a settled one where it can be (the same in two
    /// captures a moment apart), so that the caller's further checks never see a frame
    /// half drawn; a screen that keeps changing (a clock, a flood of turns) is returned
    /// after a few tries.
    pub(crate) fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut unsettled = 0;
        loop {
            let s = self.screen();
            if ok(&s) {
                std::thread::sleep(Duration::from_millis(60));
                let again = self.screen();
                if ok(&again) && (again == s || unsettled >= 5) {
                    return again;
                }
                unsettled += 1;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the index is open (the status bar counts the articles).
    pub(crate) fn wait_for_index(&self) -> String {
        self.wait_until("the index", |s| {
            s.contains(" articles · ") && !s.contains("indexing")
        })
    }

    /// Quits with the quit key (answering the confirmation if a call is in progress)
    /// and waits for apunte's exit code 0.
    pub(crate) fn quit(&self) {
        self.keys(&["C-q"]);
        let s = self.wait_until("quit", |s| s.contains("DONE-") || s.contains("Quit? (y/n)"));
        if s.contains("Quit? (y/n)") {
            self.keys(&["y"]);
        }
        self.wait_for("DONE-0");
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    pub(crate) fn type_text(&self, text: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "w", "-l", text])
                .status
                .success()
        );
    }

    pub(crate) fn alternate_on(&self) -> bool {
        let out = self.tmux(&["display-message", "-p", "-t", "w", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

pub(crate) fn knowledge() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The script run in the pane: apunte with temporary dirs, then a marker with the exit
/// code; `sleep` keeps the pane for inspection. With `pidfile`, apunte's pid is written
/// to `{TMP}/pid` (the inner shell execs it).
fn command(pidfile: bool) -> String {
    command_with(pidfile, "")
}

/// The environment every run in the pane gets: temporary APUNTE_* dirs, English UI.
pub(crate) const ENV: &str = "export APUNTE_CONFIG_DIR={TMP}/config APUNTE_CACHE_DIR={TMP}/cache APUNTE_DATA_DIR={TMP}/data LANG=en_US.UTF-8 LC_ALL= LC_MESSAGES=";

/// The apunte command line with extra arguments (`{TMP}` is the test's folder); with
/// `pidfile`, its pid goes to `{TMP}/pid`.
pub(crate) fn apunte_line(pidfile: bool, args: &str) -> String {
    let run = format!(
        "{bin} --knowledge {kb} {args}",
        bin = env!("CARGO_BIN_EXE_apunte"),
        kb = knowledge().display()
    );
    if pidfile {
        format!("sh -c 'echo $$ > {{TMP}}/pid; exec {run}'")
    } else {
        run
    }
}

/// [`command`] with extra arguments for apunte.
fn command_with(pidfile: bool, args: &str) -> String {
    format!(
        "{ENV}\n{}\necho DONE-$?\nsleep 120\n",
        apunte_line(pidfile, args)
    )
}

#[test]
fn search_open_resize_and_quit_in_tmux() {
    let Some(t) = Tmux::start("main", 110, 32, &command(false)) else {
        return;
    };
    t.wait_for("Conversation");
    // The index is open: an article count and no "indexing…".
    t.wait_for_index();
    assert!(t.alternate_on(), "the workspace uses the alternate screen");

    t.keys(&["/"]);
    t.type_text("cargo duplicado");
    t.wait_for("Cargo duplicado en la factura");

    t.keys(&["Enter"]);
    let s = t.wait_for("YOU MAY DECIDE");
    assert!(s.contains("facturacion/cargo-duplicado"), "{s}");
    t.wait_for("SUGGESTED PHRASES");

    // Resize: narrow layout, too small, and back.
    t.tmux(&["resize-window", "-t", "w", "-x", "80", "-y", "24"]);
    t.wait_for("Article facturacion/cargo-duplicado");
    t.tmux(&["resize-window", "-t", "w", "-x", "40", "-y", "10"]);
    t.wait_for("Terminal too small");
    t.tmux(&["resize-window", "-t", "w", "-x", "120", "-y", "40"]);
    t.wait_for("YOU MAY DECIDE");

    // A turn makes a conversation in progress: quitting asks first.
    t.keys(&["Escape"]);
    // Wait for the input to take the focus (thick border) so the typed text is not read
    // together with the ESC as an Alt chord.
    t.wait_for("┏ Agent");
    t.type_text("Hello, I was charged twice");
    t.keys(&["Enter"]);
    t.wait_for("I was charged twice");
    t.keys(&["C-q"]);
    t.wait_for("Quit? (y/n)");
    t.keys(&["n"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.screen().contains("DONE-"), "n keeps the workspace open");
    t.keys(&["C-q"]);
    t.wait_for("Quit? (y/n)");
    t.keys(&["y"]);
    let s = t.wait_for("DONE-0");
    assert!(!s.contains("Conversation"), "screen restored:\n{s}");
    assert!(!t.alternate_on(), "alternate screen left");
}

/// The workspace gets `signal` and must leave with the terminal restored.
fn signal_restores_the_terminal(signal: &str) {
    let Some(t) = Tmux::start(&format!("sig{signal}"), 100, 30, &command(true)) else {
        return;
    };
    t.wait_for("Conversation");
    let pid = std::fs::read_to_string(t.tmp.join("pid")).unwrap();
    let pid = pid.trim();
    assert!(
        Command::new("kill")
            .args([&format!("-{signal}"), pid])
            .status()
            .unwrap()
            .success()
    );
    let s = t.wait_for("DONE-143");
    assert!(!s.contains("Conversation"), "{s}");
    assert!(!t.alternate_on());
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT");
}

/// `apunte sessions list` with the test's data folder.
pub(crate) fn sessions_list(tmp: &Path) -> String {
    apunte_output(tmp, &["sessions", "list"], std::process::Stdio::null())
}

/// The standard output of apunte run with the test's folders (its failure fails the
/// test, with its standard error).
fn apunte_output(tmp: &Path, args: &[&str], stdin: std::process::Stdio) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_apunte"))
        .args(args)
        .env("APUNTE_CONFIG_DIR", tmp.join("config"))
        .env("APUNTE_CACHE_DIR", tmp.join("cache"))
        .env("APUNTE_DATA_DIR", tmp.join("data"))
        .stdin(stdin)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Appends lines to a transcript file, as a speech-to-text engine would.
pub(crate) fn feed(path: &Path, lines: &[&str]) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    for l in lines {
        f.write_all(format!("{l}\n").as_bytes()).unwrap();
    }
    f.sync_all().unwrap();
}

/// The workspace following `{TMP}/call.jsonl` at 120x36, its index open.
fn following_a_file(name: &str) -> Option<(Tmux, PathBuf)> {
    let t = Tmux::start(
        name,
        120,
        36,
        &command_with(false, "--transcript {TMP}/call.jsonl"),
    )?;
    let transcript = t.tmp.join("call.jsonl");
    t.wait_for_index();
    Some((t, transcript))
}

#[test]
fn transcript_feed_suggests_counts_bad_lines_and_wraps_up() {
    let Some((t, transcript)) = following_a_file("live") else {
        return;
    };
    feed(
        &transcript,
        &[
            r#"{"speaker":"agent","text":"Ondina Telecom, buenos días"}"#,
            r#"{"speaker":"customer","text":"Buenos días"}"#,
        ],
    );
    t.wait_for("Ondina Telecom, buenos días");
    // Small talk suggests nothing.
    let s = t.screen();
    assert!(!s.contains("Cargo duplicado"), "{s}");

    // Interim text grows in place, then the final turn.
    feed(
        &transcript,
        &[
            r#"{"speaker":"customer","text":"me han cobrado","final":false}"#,
            r#"{"speaker":"customer","text":"Me han cobrado dos veces la factura de octubre"}"#,
        ],
    );
    let s = t.wait_for("Cargo duplicado en la factura");
    // With an empty search box, in the suggestion list, with the reason (the words and
    // the turn they came from).
    assert!(s.contains("Suggestions"), "{s}");
    assert!(s.contains("↳ \"cobrado\""), "{s}");
    assert!(s.contains("— turn 3"), "{s}");
    assert!(
        !s.contains("me han cobrado\n"),
        "the interim line was replaced:\n{s}"
    );
    // The focus stayed on the conversation input.
    assert!(s.contains("┏ Agent"), "{s}");

    // A garbage line is counted in the status bar; the feed goes on.
    feed(
        &transcript,
        &[
            r#"{"speaker":"customer","text":"#,
            r#"{"speaker":"agent","text":"Lo reviso ahora mismo"}"#,
        ],
    );
    t.wait_for("Lo reviso ahora mismo");
    t.wait_for("⚠ 1 unreadable line ");
    // Lines reported as skipped never become turns: invalid UTF-8, a JSON array.
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&transcript)
            .unwrap();
        f.write_all(b"bad \xff\xfe utf8\n[]\n").unwrap();
    }
    feed(
        &transcript,
        &[r#"{"speaker":"agent","text":"Sigo con usted"}"#],
    );
    let s = t.wait_for("⚠ 3 unreadable lines");
    assert!(s.contains("Sigo con usted"), "{s}");
    assert!(!s.contains("utf8") && !s.contains("[]"), "{s}");
    assert!(s.contains("Cargo duplicado"), "{s}");

    // End the call: the wrap-up dialog, outcome 1 (resolved), a note, Enter.
    t.keys(&["C-e"]);
    t.wait_for("Call wrap-up");
    t.keys(&["1"]);
    t.type_text("refund requested");
    t.wait_for("refund requested");
    t.keys(&["Enter"]);
    let s = t.wait_for("Call saved");
    assert!(!s.contains("Lo reviso ahora mismo"), "a fresh call:\n{s}");
    // Nothing in progress: quitting does not ask.
    t.keys(&["C-q"]);
    t.wait_for("DONE-0");
    let list = sessions_list(&t.tmp);
    assert!(list.contains("resolved"), "{list}");
    let journal = journals(&t.tmp);
    assert!(
        journal.contains(r#""kind":"wrapup","disposition":"resolved","note":"refund requested""#),
        "{journal}"
    );
    assert!(journal.contains(r#""kind":"end""#), "{journal}");
    assert!(
        journal.contains(r#""kind":"suggestion","articles":["facturacion/cargo-duplicado""#),
        "{journal}"
    );
}

/// The workspace and `apunte suggest` show the same suggestions for the same call: one
/// ranking, cut at the same limit (the last list the workspace journaled against the
/// command's `--json` at the workspace's limit).
#[test]
fn the_workspace_and_apunte_suggest_agree() {
    let Some((t, transcript)) = following_a_file("agree") else {
        return;
    };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/conversations/en-01-duplicate-charge.jsonl");
    let text = std::fs::read_to_string(&fixture).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    feed(&transcript, &lines);
    t.wait_for("money's a bit tight");
    let kb = knowledge().display().to_string();
    let args = ["--knowledge", &kb, "suggest", "--json", "--limit", "5"];
    let stdout = apunte_output(&t.tmp, &args, std::fs::File::open(&fixture).unwrap().into());
    let cli: Vec<String> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_string))
        .collect();
    assert!(!cli.is_empty(), "the fixture brings suggestions");
    // The call started with the first turn: its journal is there.
    let journaled = || -> Vec<String> {
        journals(&t.tmp)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .rfind(|v| v["kind"] == "suggestion")
            .and_then(|v| serde_json::from_value(v["articles"].clone()).ok())
            .unwrap_or_default()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while journaled() != cli && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(journaled(), cli, "{}", t.screen());
    t.keys(&["C-q"]);
}

/// Connects to a unix socket once apunte has created it.
fn connect_unix(path: &Path) -> std::os::unix::net::UnixStream {
    let start = Instant::now();
    loop {
        match std::os::unix::net::UnixStream::connect(path) {
            Ok(s) => return s,
            Err(e) if start.elapsed() > Duration::from_secs(60) => {
                panic!("{}: {e}", path.display())
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

#[test]
fn listen_on_a_unix_socket_feeds_turns() {
    use std::io::Write;
    let Some(t) = Tmux::start(
        "listen-unix",
        120,
        36,
        &command_with(false, "--listen unix:{TMP}/apunte.sock"),
    ) else {
        return;
    };
    t.wait_for("Conversation");
    let mut c = connect_unix(&t.tmp.join("apunte.sock"));
    t.wait_for("Transcript connected");
    c.write_all(
        "{\"speaker\":\"customer\",\"text\":\"El router no enciende\",\"final\":false}\n"
            .as_bytes(),
    )
    .unwrap();
    c.write_all(
        "{\"speaker\":\"customer\",\"text\":\"El router no enciende desde ayer\"}\nnot json {\n{\"speaker\":\"robot\",\"text\":\"x\"}\n"
            .as_bytes(),
    )
    .unwrap();
    c.flush().unwrap();
    let s = t.wait_for("El router no enciende desde ayer");
    assert_eq!(
        s.matches("El router no enciende").count(),
        1,
        "interim replaced:\n{s}"
    );
    // `not json {` is a plain-text customer turn; the unknown speaker is counted.
    t.wait_for("⚠ 1 unreadable line ");
    drop(c);
    t.wait_for("Transcript disconnected");
}

#[test]
fn listen_with_a_token_refuses_clients_without_it() {
    use std::io::Write;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let Some(t) = Tmux::start(
        "listen-token",
        120,
        36,
        &command_with(false, &format!("--listen 127.0.0.1:{port} --token s3cret")),
    ) else {
        return;
    };
    t.wait_for("Conversation");
    let connect = || {
        let start = Instant::now();
        loop {
            match std::net::TcpStream::connect(("127.0.0.1", port)) {
                Ok(s) => return s,
                Err(e) if start.elapsed() > Duration::from_secs(60) => panic!("{e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    };
    let mut bad = connect();
    bad.write_all(b"wrong\nQuiero darme de baja\n").unwrap();
    // A wrong token is a refused connection, not an unreadable line.
    let s = t.wait_for("⚠ 1 connection refused (token)");
    assert!(!s.contains("unreadable"), "{s}");
    let mut good = connect();
    good.write_all(b"s3cret\nQuiero cambiar de tarifa\n")
        .unwrap();
    let s = t.wait_for("Quiero cambiar de tarifa");
    assert!(!s.contains("darme de baja"), "{s}");
}

#[test]
fn listen_errors_are_printed_before_the_terminal_is_taken() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_apunte"))
        .args(["--knowledge"])
        .arg(knowledge())
        .args(["--listen", "0.0.0.0:7799"])
        .env("APUNTE_CONFIG_DIR", tmp.path().join("config"))
        .env("APUNTE_CACHE_DIR", tmp.path().join("cache"))
        .env("APUNTE_DATA_DIR", tmp.path().join("data"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--listen 0.0.0.0:7799"), "{err}");
    assert!(err.contains("--token"), "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn");

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_apunte"))
        .args(["--knowledge"])
        .arg(knowledge())
        .args(["--listen", &addr])
        .env("APUNTE_CONFIG_DIR", tmp.path().join("config"))
        .env("APUNTE_CACHE_DIR", tmp.path().join("cache"))
        .env("APUNTE_DATA_DIR", tmp.path().join("data"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use"), "{err}");
}

#[test]
fn transcript_follows_a_fifo_across_writers() {
    use std::io::Write;
    let Some(t) = Tmux::start(
        "fifo",
        120,
        36,
        &command_with(false, "--transcript {TMP}/stt.fifo"),
    ) else {
        return;
    };
    // The FIFO is made before apunte opens it (the script starts at once; apunte waits
    // for a missing file).
    let fifo = t.tmp.join("stt.fifo");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    t.wait_for("Conversation");
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    w.write_all(b"{\"speaker\":\"customer\",\"text\":\"Hola desde el FIFO\"}\n")
        .unwrap();
    drop(w);
    t.wait_for("Hola desde el FIFO");
    // A second writer after the first closed.
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    w.write_all(b"Segundo escritor\n").unwrap();
    drop(w);
    t.wait_for("Segundo escritor");
}

#[test]
fn transcript_file_truncated_is_read_again_from_the_start() {
    let Some(t) = Tmux::start(
        "truncate",
        120,
        36,
        &command_with(false, "--transcript {TMP}/call.txt"),
    ) else {
        return;
    };
    let path = t.tmp.join("call.txt");
    t.wait_for("Conversation");
    feed(
        &path,
        &["una línea bastante larga para que el archivo encoja al truncarlo"],
    );
    t.wait_for("una línea bastante larga");
    // Shorter than before, so the follower sees the file shrink even if it looks only
    // after the new line is written.
    std::fs::write(&path, "").unwrap();
    feed(&path, &["tras truncar"]);
    t.wait_for("tras truncar");
}

/// Typed text is never lost: Ctrl-G opens the cue's guideline like Alt-1 opens a
/// suggestion, the keyboard stays in the input, and `y`/`x` typed there are text.
#[test]
fn a_draft_survives_the_cue_and_a_copy() {
    let Some((t, transcript)) = following_a_file("draft") else {
        return;
    };
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/conversations/es-01-doble-cargo.jsonl"),
    )
    .unwrap();
    let lines: Vec<&str> = fixture.lines().collect();
    feed(&transcript, &lines);
    t.wait_for("(Ctrl-G)");
    t.wait_for("Cargo duplicado");
    t.keys(&["M-1"]);
    t.type_text("anotado su número y");
    t.wait_for("anotado su número y");
    t.keys(&["C-g"]);
    t.type_text(" y x");
    let s = t.wait_for("anotado su número y y x");
    assert!(s.contains("┏ Agent"), "the input keeps the keyboard:\n{s}");
    assert!(!s.contains("Copied"), "y typed in the input is text:\n{s}");
    // Quitting mid-call: Enter answers no; only the yes key leaves.
    t.keys(&["C-q"]);
    t.wait_for("Quit? (y/n)");
    t.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(500));
    let s = t.screen();
    assert!(!s.contains("DONE-"), "Enter does not quit:\n{s}");
    assert!(!s.contains("Quit? (y/n)"), "Enter answers no:\n{s}");
    t.keys(&["C-q"]);
    t.wait_for("Quit? (y/n)");
    t.keys(&["y"]);
    t.wait_for("DONE-0");
}

#[test]
fn knowledge_edited_while_running_is_searchable_at_once() {
    let kb = knowledge();
    let script = format!(
        "{ENV}\ncp -r {kb} {{TMP}}/kb\n{bin} --knowledge {{TMP}}/kb\necho DONE-$?\nsleep 120\n",
        kb = kb.display(),
        bin = env!("CARGO_BIN_EXE_apunte"),
    );
    let Some(t) = Tmux::start("watch", 120, 36, &script) else {
        return;
    };
    t.wait_for_index();
    let article = t.tmp.join("kb/averias/zafiro-nuevo.md");
    std::fs::write(
        &article,
        "+++\ntitle = \"Router zafiro parpadea\"\nlang = \"es\"\n+++\n\nEl router zafiro parpadea en azul.\n",
    )
    .unwrap();
    t.wait_for("knowledge updated: 1 added");
    t.keys(&["/"]);
    t.type_text("zafiro");
    t.wait_for("Router zafiro parpadea");
    // An edit that breaks it: the problem is shown, the article is still found.
    t.keys(&["Escape"]);
    std::fs::write(&article, "+++\ntitle = \"Router zafiro\ntags = [\n+++\n").unwrap();
    t.wait_for("averias/zafiro-nuevo.md:");
    t.keys(&["/"]);
    t.keys(&["C-u"]);
    t.type_text("zafiro");
    t.wait_for("Router zafiro parpadea");
}

/// The journals written under `{TMP}/data`, all together.
fn journals(tmp: &Path) -> String {
    std::fs::read_dir(tmp.join("data/sessions"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<Vec<_>>()
        .join("")
}

/// "no call yet" until the first turn; then the call timer runs, the hold key shows the
/// hold time and a marker, and the last turn is fixed in place; all journaled.
#[test]
fn hold_the_timer_and_fixing_the_last_turn() {
    let Some(t) = Tmux::start("callflow", 110, 32, &command(false)) else {
        return;
    };
    t.wait_for_index();
    t.wait_for("no call yet");
    t.wait_for("┏ Agent");
    t.type_text("Good morning, how can I help");
    t.keys(&["Enter"]);
    t.wait_for("Good morning, how can I help");
    // The timer starts with the first turn and goes on by itself.
    let s = t.wait_for("live call 0:0");
    assert!(!s.contains("no call yet"), "{s}");
    t.wait_until("the timer to move", |s| {
        (1..=9).any(|n| s.contains(&format!("live call 0:0{n}")))
    });

    t.keys(&["C-p"]);
    let s = t.wait_for("ON HOLD 0:0");
    assert!(
        s.contains("on hold since"),
        "the marker in the conversation:\n{s}"
    );
    assert!(s.contains("(call 0:"), "the call's time beside it:\n{s}");
    t.keys(&["C-p"]);
    let s = t.wait_for("Back from hold");
    assert!(s.contains("on hold at "), "{s}");
    assert!(s.contains("live call 0:"), "{s}");

    // Fix the last turn: its text comes into the input; Enter saves the fix.
    t.type_text("draft");
    t.keys(&["M-e"]);
    t.wait_for("Fixing turn 1");
    t.keys(&["C-u"]);
    t.type_text("Good afternoon, how can I help");
    t.keys(&["Enter"]);
    let s = t.wait_for("Turn 1 fixed");
    assert!(s.contains("Good afternoon, how can I help"), "{s}");
    assert!(!s.contains("Good morning"), "{s}");
    assert!(s.contains("draft"), "the draft came back:\n{s}");

    t.keys(&["C-q"]);
    t.wait_for("Quit? (y/n)");
    t.keys(&["y"]);
    t.wait_for("DONE-0");
    let journal = journals(&t.tmp);
    assert!(journal.contains(r#""kind":"hold""#), "{journal}");
    assert!(
        journal.contains(r#""kind":"hold_end","seconds":"#),
        "{journal}"
    );
    assert!(
        journal.contains(
            r#""kind":"correct","turn":1,"speaker":"agent","text":"Good afternoon, how can I help""#
        ),
        "{journal}"
    );
    // The unfinished call reads back corrected.
    let list = sessions_list(&t.tmp);
    let id = list
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    let shown = apunte_output(
        &t.tmp,
        &["sessions", "show", &id],
        std::process::Stdio::null(),
    );
    assert!(shown.contains("Good afternoon"), "{shown}");
    assert!(!shown.contains("Good morning"), "{shown}");
    assert!(shown.contains("[on hold]"), "{shown}");
}

/// While the search box has text, new suggestions are announced with their count; Esc
/// empties the box and shows them. The feed's state is in the status bar.
#[test]
fn new_suggestions_are_announced_while_searching() {
    let Some((t, transcript)) = following_a_file("badge") else {
        return;
    };
    t.wait_for("waiting for ");
    t.keys(&["/"]);
    t.type_text("roaming");
    t.wait_for("Roaming");
    feed(
        &transcript,
        &[r#"{"speaker":"customer","text":"Me han cobrado dos veces la factura de octubre"}"#],
    );
    t.wait_for("following ");
    let s = t.wait_until("the badge", |s| s.contains("✦ +") && s.contains(" (Esc)"));
    assert!(
        !s.contains("Cargo duplicado"),
        "the search results stay:\n{s}"
    );
    t.keys(&["Escape"]);
    // One whole frame with the suggestion, no badge and the keyboard back in the
    // conversation input (a capture can catch a frame being drawn).
    t.wait_until("the suggestions and the input", |s| {
        s.contains("Cargo duplicado en la factura")
            && s.contains("Suggestions")
            && !s.contains("✦")
            && s.contains("┏ Agent")
    });
}

/// A cross-reference in an article is followed from the reader, and the back key
/// returns to the article it was followed from.
#[test]
fn following_a_cross_reference_and_coming_back() {
    let Some(t) = Tmux::start("xref", 120, 40, &command(false)) else {
        return;
    };
    t.wait_for_index();
    t.keys(&["/"]);
    t.type_text("cargo duplicado");
    t.wait_for("Cargo duplicado en la factura");
    t.keys(&["Enter"]);
    t.wait_for("Article facturacion/cargo-duplicado");
    // The first cross-reference: `identidad/verificacion-identidad`.
    t.keys(&["]"]);
    t.keys(&["Enter"]);
    let s = t.wait_for("Article identidad/verificacion-identidad");
    assert!(!s.contains("Article facturacion/cargo-duplicado"), "{s}");
    t.keys(&["C-o"]);
    // Where it was: the cross-reference followed is in view again.
    t.wait_until("back where it was", |s| {
        s.contains("Article facturacion/cargo-duplicado")
            && s.contains("identidad/verificacion-identidad).")
    });
    // Nothing further back: the key does nothing.
    t.keys(&["C-o"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(t.screen().contains("Article facturacion/cargo-duplicado"));
}

/// A practice of the sample's router scenario in a 110x32 pane, at 4 times its pace.
fn router_practice(name: &str) -> Option<Tmux> {
    let script = format!(
        "{ENV}\n{}\necho DONE-$?\nsleep 120\n",
        apunte_line(false, "train router-reset --trainee Ana --speed 4")
    );
    Tmux::start(name, 110, 32, &script)
}

/// `apunte train SCENARIO`: the workspace in training mode shows the badge and the
/// scripted customer's first line; the trainee's turn releases the next line; the
/// journal says training, the scenario and the trainee.
#[test]
fn a_practice_call_in_tmux_shows_the_badge_and_the_customer() {
    let Some(t) = router_practice("train") else {
        return;
    };
    let s = t.wait_for("PRACTICE");
    assert!(s.contains("· No internet"), "the scenario's title:\n{s}");
    t.wait_for("Hi there. Our internet");
    t.wait_for("┏ Agent");
    t.type_text("Thank you for calling Ondina. Can you look at the router lights?");
    t.keys(&["Enter"]);
    t.wait_for("Let me look...");
    t.keys(&["C-q"]);
    t.wait_for("Quit? (y/n)");
    t.keys(&["y"]);
    t.wait_for("DONE-0");
    let journal = journals(&t.tmp);
    assert!(
        journal.contains(r#""mode":"training""#)
            && journal.contains(r#""scenario":"router-reset","trainee":"Ana""#),
        "{journal}"
    );
    // A practice left in the middle is ended, never offered for resuming.
    assert!(
        journal.contains(r#""kind":"end","reason":"quit""#),
        "{journal}"
    );
}

/// A whole practice call in the real binary: the trainee opens the suggested article,
/// talks the scripted customer through a router restart, the customer hangs up, the
/// wrap-up is saved and the scorecard comes up over the panes, scrolls to its end and
/// closes. The scorecard is saved beside the journal (JSON and Markdown), and scoring
/// the saved call again gives the same JSON byte for byte.
#[test]
fn a_practice_call_ends_with_its_scorecard_in_tmux() {
    let Some(t) = router_practice("scorecard") else {
        return;
    };
    t.wait_for("PRACTICE");
    t.wait_for("Hi there. Our internet");
    // Open the suggested article by its number (Alt-N), whatever its rank.
    let s = t.wait_for("No internet connection at home (fibre)");
    let n = s
        .lines()
        .find_map(|l| {
            let (_, right) = l.split_once("║║")?;
            right
                .contains("No internet connection at home (fibre)")
                .then(|| right.trim_start().chars().next())
                .flatten()
        })
        .filter(char::is_ascii_digit)
        .unwrap_or_else(|| panic!("no numbered suggestion:\n{s}"));
    t.keys(&[&format!("M-{n}")]);
    t.wait_for("Article averias/no-internet-connection");
    let say = |text: &str, answer: &str| {
        t.type_text(text);
        t.keys(&["Enter"]);
        t.wait_for(answer);
    };
    say(
        "Thank you for calling Ondina, my name is Ana. Can you look at the router lights?",
        "Let me look...",
    );
    say(
        "I see. Please restart it: switch it off.",
        "OK, I've switched it off.",
    );
    say(
        "Leave it off for 30 seconds, then switch it back on.",
        "Oh, the globe light is white now.",
    );
    say(
        "Great! Is there anything else I can help with?",
        "No, that's all.",
    );
    // The customer hung up: the wrap-up form, then the scorecard.
    t.wait_for("Call wrap-up");
    t.keys(&["Enter"]);
    let s = t.wait_for("╔ Scorecard");
    assert!(s.contains("PRACTICE"), "still marked as practice:\n{s}");
    assert!(
        s.contains("provisional: items wait for a person"),
        "manual items are open:\n{s}"
    );
    assert!(
        s.contains("First relevant article: at ") && s.contains("averias/no-internet-connection"),
        "{s}"
    );
    assert!(
        s.contains("Scenario: router-reset · Trainee: Ana · Rubric: version 2026-12.2"),
        "{s}"
    );
    assert!(
        s.contains("✓ Greets with the company name — 5/5 · met"),
        "{s}"
    );
    // Scrolled to its end: the last item of the rubric and the key hints.
    t.keys(&[
        "PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown",
    ]);
    let s = t.wait_for("Resolves or makes the next steps clear");
    assert!(
        s.contains("✓ Asks whether there is anything else — 4/4 · met"),
        "{s}"
    );
    assert!(s.contains("↑↓ scroll · Esc close"), "{s}");
    t.keys(&["Escape"]);
    t.wait_until("the scorecard closed", |s| !s.contains("╔ Scorecard"));
    t.keys(&["C-q"]);
    let s = t.wait_until("quit", |s| s.contains("DONE-") || s.contains("Quit? (y/n)"));
    if s.contains("Quit? (y/n)") {
        t.keys(&["y"]);
    }
    t.wait_for("DONE-0");
    // Saved beside the journal, and scored again to the same bytes.
    let sessions = t.tmp.join("data/sessions");
    let mut saved: Vec<PathBuf> = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".scorecard.json"))
        .collect();
    assert_eq!(saved.len(), 1, "{}", sessions_list(&t.tmp));
    let json_path = saved.remove(0);
    let json = std::fs::read_to_string(&json_path).unwrap();
    let card: apunte::training::scorecard::Scorecard = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (
            card.mode.as_str(),
            card.scenario.as_str(),
            card.trainee.as_str()
        ),
        ("training", "router-reset", "Ana")
    );
    assert!(card.score.is_some() && card.provisional, "{json}");
    let md = std::fs::read_to_string(json_path.with_extension("md")).unwrap();
    assert!(md.contains("# Scorecard"), "{md}");
    let again = apunte_output(
        &t.tmp,
        &[
            "--knowledge",
            &knowledge().display().to_string(),
            "train",
            "score",
            &card.session,
            "--json",
        ],
        std::process::Stdio::null(),
    );
    assert_eq!(again, json, "scored again from the journal");
}

/// A practice call can be thrown away: the discard key asks, then closes the workspace and the
/// call's journal is gone, so it is never scored, listed or offered for resuming.
#[test]
fn a_discarded_practice_call_leaves_no_journal() {
    let Some(t) = router_practice("discard") else {
        return;
    };
    t.wait_for("Hi there. Our internet");
    t.type_text("Thank you for calling Ondina. Can you look at the router lights?");
    t.keys(&["Enter"]);
    t.wait_for("Let me look...");
    let sessions = t.tmp.join("data/sessions");
    let files = || -> Vec<String> {
        std::fs::read_dir(&sessions)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".jsonl"))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(files().len(), 1, "the call is journaled while it runs");
    // Asked first: no keeps the call.
    t.keys(&["C-d"]);
    t.wait_for("Discard this practice?");
    t.keys(&["n"]);
    t.wait_until("the question closed", |s| {
        !s.contains("Discard this practice?")
    });
    assert_eq!(files().len(), 1);
    t.keys(&["C-d"]);
    t.wait_for("Discard this practice?");
    t.keys(&["y"]);
    t.wait_for("DONE-0");
    assert_eq!(files(), Vec::<String>::new());
    let list = sessions_list(&t.tmp);
    assert!(!list.contains("router-reset"), "{list}");
}

/// `train replay` in the real binary, on a saved practice: step, seek, a reviewer's
/// comment on the turn shown, back to the start (the screen rebuilt), play to the end.
/// The journal is never written; the comment goes to the review file and onto the
/// scorecard.
#[test]
fn replaying_a_saved_call_with_a_comment_in_tmux() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/training/partial-router-reset.jsonl");
    let script = format!(
        "{ENV}\nmkdir -p {{TMP}}/data/sessions\ncp {} {{TMP}}/data/sessions/\n{}\necho DONE-$?\nsleep 120\n",
        fixture.display(),
        apunte_line(false, "train replay partial --speed 8 --reviewer Lucía")
    );
    let Some(t) = Tmux::start("replay", 110, 32, &script) else {
        return;
    };
    let journal = t.tmp.join("data/sessions/partial-router-reset.jsonl");
    t.wait_for("REPLAY");
    t.wait_for("paused 0:00 / 0:38 ×8");
    // One record on: the first turn.
    t.keys(&["Right"]);
    t.wait_for("Hi there. Our internet");
    let before = std::fs::read(&journal).unwrap();
    // Ten seconds on: the article opened at 0:06 and the turns until then.
    t.keys(&["]"]);
    t.wait_for("paused 0:10 / 0:38");
    t.wait_for("Article averias/no-internet-connection");
    t.wait_for("Let me look...");
    t.keys(&["c"]);
    t.wait_for("comment on turn 4");
    t.type_text("Ask for the postcode here");
    t.keys(&["Enter"]);
    t.wait_for("comment saved on turn 4");
    // Back to the start: the screen is rebuilt as it was then.
    t.keys(&["["]);
    t.wait_for("paused 0:00 / 0:38");
    t.wait_until("the later turns gone", |s| !s.contains("Let me look..."));
    // Play to the end, where it stops.
    t.keys(&["Space"]);
    t.wait_for("No, that's all. Thanks a lot!");
    t.wait_for("paused 0:38 / 0:38");
    // Read-only: what is typed adds no turn.
    t.type_text("hello");
    t.keys(&["Enter"]);
    t.keys(&["C-q"]);
    let s = t.wait_until("quit", |s| s.contains("DONE-") || s.contains("Quit? (y/n)"));
    if s.contains("Quit? (y/n)") {
        t.keys(&["y"]);
    }
    t.wait_for("DONE-0");
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        before,
        "the journal is untouched"
    );
    let review = std::fs::read_to_string(
        t.tmp
            .join("data/sessions/partial-router-reset.review.jsonl"),
    )
    .unwrap();
    assert!(
        review.starts_with(r#"{"turn":4,"author":"Lucía","text":"Ask for the postcode here""#),
        "{review}"
    );
    assert_eq!(review.lines().count(), 1, "{review}");
    let md = apunte_output(
        &t.tmp,
        &[
            "--knowledge",
            &knowledge().display().to_string(),
            "train",
            "score",
            "partial",
        ],
        std::process::Stdio::null(),
    );
    assert!(
        md.contains("Review comments") && md.contains("Ask for the postcode here"),
        "{md}"
    );
}

/// Flagging in the real workspace: a suggestion about the service before any call goes
/// to the feedback journal; a flag and a vote on the open article go to the call's
/// journal, each confirmed in the status bar; `apunte feedback list` shows both flags.
#[test]
fn flagging_an_article_and_the_service() {
    let Some(t) = Tmux::start("flag", 120, 40, &command(false)) else {
        return;
    };
    t.wait_for_index();
    t.keys(&["M-s"]);
    t.wait_for("Suggestion (no article)");
    t.type_text("quitar el cajero de la calle Mayor de la lista");
    t.keys(&["Enter"]);
    t.wait_for("Flag recorded: (service) (suggestion)");
    let log = std::fs::read_to_string(t.tmp.join("data/feedback/feedback.jsonl")).unwrap();
    assert!(
        log.contains("\"kind\":\"flag\"") && log.contains("cajero"),
        "{log}"
    );

    t.keys(&["/"]);
    t.type_text("cargo duplicado");
    t.wait_for("Cargo duplicado en la factura");
    t.keys(&["Enter"]);
    t.wait_for("Article facturacion/cargo-duplicado");
    t.wait_for("! flag + helpful - not helpful");
    t.keys(&["!"]);
    t.wait_for("Flag: Cargo duplicado en la factura");
    t.keys(&["1"]);
    // Typed in the form, never in the conversation.
    t.type_text("el plazo ya es otro");
    t.wait_for("el plazo ya es otro");
    t.keys(&["Enter"]);
    t.wait_for("Flag recorded: Cargo duplicado en la factura o en el banco (outdated)");
    t.keys(&["+"]);
    t.wait_for("Noted as helpful: Cargo duplicado");
    assert!(!t.screen().contains("Agent: el plazo"), "typing leaked");
    t.quit();
    let j = journals(&t.tmp);
    assert!(
        j.contains("\"kind\":\"flag\"") && j.contains("el plazo ya es otro"),
        "{j}"
    );
    assert!(
        j.contains("\"kind\":\"helpful\"") && j.contains("\"helpful\":true"),
        "{j}"
    );
    let list = apunte_output(
        &t.tmp,
        &[
            "--knowledge",
            &knowledge().display().to_string(),
            "feedback",
            "list",
        ],
        std::process::Stdio::null(),
    );
    assert!(list.contains("facturacion/cargo-duplicado"), "{list}");
    assert!(list.contains("2 flags, 2 open"), "{list}");
}

/// The flag form open while the transcript floods in: the lines go on in the
/// conversation, the comment keeps every key typed before, during and after, and
/// nothing typed reaches the conversation input.
#[test]
fn the_flag_form_survives_a_transcript_flood_in_tmux() {
    let Some((t, transcript)) = following_a_file("flagflood") else {
        return;
    };
    t.keys(&["M-s"]);
    t.wait_for("Suggestion (no article)");
    t.type_text("antes ");
    let lines: Vec<String> = (0..400)
        .map(|n| format!(r#"{{"speaker":"customer","text":"línea número {n} del cliente"}}"#))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    feed(&transcript, &refs[..200]);
    t.type_text("durante ");
    feed(&transcript, &refs[200..]);
    t.type_text("después");
    t.wait_for("Comment: antes durante después");
    t.wait_for("línea número 399 del cliente");
    t.keys(&["Enter"]);
    t.wait_for("Flag recorded: (service) (suggestion)");
    let s = t.screen();
    assert!(
        !s.contains("antes durante"),
        "the form closed, nothing left in the input: {s}"
    );
    t.keys(&["C-q"]);
    t.wait_for("Quit? (y/n)");
    t.keys(&["y"]);
    t.wait_for("DONE-0");
    let j = journals(&t.tmp);
    assert!(j.contains("antes durante después"), "{j}");
    assert!(
        !j.contains("\"speaker\":\"agent\""),
        "typing leaked into the conversation: {j}"
    );
}

/// The draft key in the real workspace: the customer's words, a search that finds
/// nothing, the hint under "No results", Alt-D; the status bar names the file, written
/// into the data folder's drafts, masked, and `apunte check` passes on it.
#[test]
fn a_draft_article_from_a_search_that_found_nothing() {
    let Some(t) = Tmux::start("draftkey", 120, 40, &command(false)) else {
        return;
    };
    t.wait_for_index();
    t.keys(&["C-t"]);
    t.type_text("quiero recargar el abono de transporte, mi tarjeta 4111 1111 1111 1111");
    t.keys(&["Enter"]);
    t.wait_for("quiero recargar el abono de transporte, mi");
    t.keys(&["/"]);
    t.type_text("abono transporte zzqx");
    t.wait_for("Alt-D draft");
    t.keys(&["M-d"]);
    let s = t.wait_for("Draft written: ");
    assert!(s.contains("drafts"), "{s}");
    let dir = t.tmp.join("data/drafts");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("abono-transporte-zzqx.md"), "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("title = \"Abono transporte zzqx\""), "{text}");
    assert!(text.contains("status = \"draft\""), "{text}");
    assert!(text.contains("lang = \"es\""), "{text}");
    assert!(
        text.contains("> quiero recargar el abono de transporte"),
        "{text}"
    );
    assert!(!text.contains("4111 1111 1111"), "masked: {text}");
    let check = apunte_output(
        &t.tmp,
        &["--knowledge", &dir.display().to_string(), "check"],
        std::process::Stdio::null(),
    );
    assert!(check.contains("1 article"), "{check}");
    t.quit();
}
