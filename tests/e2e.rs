//! End-to-end: the real binary inside tmux. Type a query, see the article title, open
//! it, resize, quit (with the confirmation), and check the shell is back with the
//! terminal restored. Also SIGTERM. Skipped (with a message) only when tmux is missing.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A private tmux server, killed when dropped.
struct Tmux {
    socket: String,
    _tmp: tempfile::TempDir,
    tmp: PathBuf,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16, inner: &str) -> Option<Tmux> {
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

    fn tmux(&self, args: &[&str]) -> Output {
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

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "w"]).stdout).into_owned()
    }

    /// Waits (generously) until the screen contains `text`; panics with the screen.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    /// Waits (generously) until the screen satisfies `ok`; panics with the screen.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(60) {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    fn type_text(&self, text: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "w", "-l", text])
                .status
                .success()
        );
    }

    fn alternate_on(&self) -> bool {
        let out = self.tmux(&["display-message", "-p", "-t", "w", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn knowledge() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The script run in the pane: apunte with temporary dirs, then a marker with the exit
/// code; `sleep` keeps the pane for inspection. With `pidfile`, apunte's pid is written
/// to `{TMP}/pid` (the inner shell execs it).
fn command(pidfile: bool) -> String {
    let run = format!(
        "{bin} --knowledge {kb}",
        bin = env!("CARGO_BIN_EXE_apunte"),
        kb = knowledge().display()
    );
    let run = if pidfile {
        format!("sh -c 'echo $$ > {{TMP}}/pid; exec {run}'")
    } else {
        run
    };
    format!(
        "export APUNTE_CONFIG_DIR={{TMP}}/config APUNTE_CACHE_DIR={{TMP}}/cache APUNTE_DATA_DIR={{TMP}}/data LANG=en_US.UTF-8 LC_ALL= LC_MESSAGES=\n{run}\necho DONE-$?\nsleep 120\n"
    )
}

#[test]
fn search_open_resize_and_quit_in_tmux() {
    let Some(t) = Tmux::start("main", 110, 32, &command(false)) else {
        return;
    };
    t.wait_for("Conversation");
    // The index is open: an article count and no "indexing…".
    t.wait_until("the index", |s| {
        s.contains(" articles · ") && !s.contains("indexing")
    });
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

#[test]
fn sigterm_restores_the_terminal() {
    let Some(t) = Tmux::start("term", 100, 30, &command(true)) else {
        return;
    };
    t.wait_for("Conversation");
    let pid = std::fs::read_to_string(t.tmp.join("pid")).unwrap();
    let pid = pid.trim();
    assert!(
        Command::new("kill")
            .args(["-TERM", pid])
            .status()
            .unwrap()
            .success()
    );
    let s = t.wait_for("DONE-143");
    assert!(!s.contains("Conversation"), "{s}");
    assert!(!t.alternate_on());
}
