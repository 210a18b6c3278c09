//! Crash tests: the real binary in tmux, turns streamed into it (from a transcript file,
//! or typed), then `kill -9`. The journal must hold every completed turn (redacted: no
//! card number on disk) and nothing half-typed, and the next start must offer to resume
//! the call and put its turns back on screen. Skipped (with a message) only when tmux is
//! missing.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::e2e::{ENV, Tmux, apunte_line, feed};

/// The pane script: apunte (pid in `{TMP}/pid`), then, once `{TMP}/go` exists, apunte
/// again (the resumed start), each followed by its exit code.
fn twice(args: &str) -> String {
    let run = apunte_line(true, args);
    format!(
        "{ENV}\n{run}\necho DONE-$?\nwhile [ ! -f {{TMP}}/go ]; do sleep 0.1; done\nclear\n{run}\necho AGAIN-$?\nsleep 120\n"
    )
}

/// The workspace following `{TMP}/call.jsonl` (run [`twice`]), on screen; the file.
fn following(name: &str) -> Option<(Tmux, PathBuf)> {
    let t = Tmux::start(name, 120, 40, &twice("--transcript {TMP}/call.jsonl"))?;
    let transcript = t.tmp.join("call.jsonl");
    t.wait_for("Conversation");
    Some((t, transcript))
}

fn kill9(tmp: &Path) {
    let pid = std::fs::read_to_string(tmp.join("pid")).unwrap();
    let status = Command::new("kill")
        .args(["-KILL", pid.trim()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn journals(tmp: &Path) -> Vec<PathBuf> {
    let dir = tmp.join("data/sessions");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// The (speaker, text) of every turn line of a journal; panics on a damaged line (the
/// journal is written a whole line at a time).
fn journal_turns(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("{e}: {l}"))
        })
        .filter(|v| v["kind"] == "turn")
        .map(|v| {
            (
                v["speaker"].as_str().unwrap_or_default().to_string(),
                v["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn kill_9_keeps_every_streamed_turn_and_the_next_start_resumes() {
    let Some((t, transcript)) = following("crash-feed") else {
        return;
    };
    let turns = [
        ("agent", "Ondina Telecom, le atiende Lucía"),
        ("customer", "Hola, el router no enciende desde ayer"),
        ("agent", "Vamos a revisarlo juntos"),
        (
            "customer",
            "Pagué con la tarjeta 4111 1111 1111 1111 el mes pasado",
        ),
        ("customer", "Y me cobraron dos veces"),
        ("agent", "Entiendo, lo miro ahora mismo"),
    ];
    for (speaker, text) in turns {
        let line = serde_json::json!({ "speaker": speaker, "text": text }).to_string();
        feed(&transcript, &[&line]);
    }
    t.wait_for("Entiendo, lo miro ahora mismo");
    kill9(&t.tmp);
    t.wait_for("DONE-137");

    let files = journals(&t.tmp);
    assert_eq!(files.len(), 1, "one journal for the call: {files:?}");
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        !raw.contains("4111 1111 1111 1111"),
        "card number on disk:\n{raw}"
    );
    assert!(
        !raw.contains("4111111111111111"),
        "card number on disk:\n{raw}"
    );
    let got = journal_turns(&files[0]);
    assert_eq!(got.len(), turns.len(), "{got:?}");
    for ((speaker, text), (gs, gt)) in turns.iter().zip(&got) {
        assert_eq!(speaker, gs);
        if text.contains("4111") {
            assert!(
                gt.contains("****1111"),
                "redacted with the last digits: {gt}"
            );
            assert!(gt.starts_with("Pagué con la tarjeta"), "{gt}");
        } else {
            assert_eq!(text, gt);
        }
    }
    assert!(
        !raw.contains(r#""kind":"end""#),
        "the call is unfinished:\n{raw}"
    );

    // The next start offers to resume it.
    std::fs::write(t.tmp.join("go"), "").unwrap();
    let s = t.wait_for("Unfinished call");
    assert!(s.contains("Resume it?"), "{s}");
    assert!(s.contains("turns: 6"), "{s}");
    t.keys(&["Enter"]);
    let s = t.wait_until("the restored turns", |s| {
        !s.contains("Unfinished call") && s.contains("Entiendo, lo miro ahora mismo")
    });
    for (_, text) in turns {
        if !text.contains("4111") {
            assert!(
                s.contains(text),
                "restored turn {text:?} not on screen:\n{s}"
            );
        }
    }
    assert!(s.contains("[card ****1111]"), "{s}");
    // The file is followed from its end: the old lines are not replayed.
    assert_eq!(s.matches("Vamos a revisarlo juntos").count(), 1, "{s}");
    // New lines go on into the same journal.
    feed(
        &transcript,
        &[r#"{"speaker":"customer","text":"¿Sigue ahí?"}"#],
    );
    t.wait_for("¿Sigue ahí?");
    assert_eq!(journals(&t.tmp).len(), 1);
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert!(raw.contains(r#""kind":"resume""#), "{raw}");
    assert_eq!(journal_turns(&files[0]).len(), turns.len() + 1);
}

#[test]
fn kill_9_keeps_typed_turns_but_not_the_half_typed_line() {
    let Some(t) = Tmux::start("crash-typed", 110, 32, &twice("")) else {
        return;
    };
    t.wait_for_index();
    t.type_text("Buenos días, le atiende Lucía");
    t.keys(&["Enter"]);
    t.wait_until("the turn in the conversation", |s| {
        s.contains("Buenos días, le atiende Lucía") && s.contains("Type a turn")
    });
    t.type_text("esta línea queda a medias");
    t.wait_for("esta línea queda a medias");
    kill9(&t.tmp);
    t.wait_for("DONE-137");

    let files = journals(&t.tmp);
    assert_eq!(files.len(), 1, "{files:?}");
    let got = journal_turns(&files[0]);
    assert_eq!(
        got,
        vec![(
            "agent".to_string(),
            "Buenos días, le atiende Lucía".to_string()
        )]
    );
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert!(!raw.contains("a medias"), "{raw}");

    std::fs::write(t.tmp.join("go"), "").unwrap();
    let s = t.wait_for("Unfinished call");
    assert!(s.contains("turns: 1"), "{s}");
    // n: a new call; the old one is closed (not offered again).
    t.keys(&["n"]);
    t.wait_until("the prompt gone", |s| !s.contains("Unfinished call"));
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert!(raw.contains(r#""reason":"abandoned""#), "{raw}");
    // Declining makes up no outcome, and nothing was resumed.
    assert!(!raw.contains(r#""kind":"wrapup""#), "{raw}");
    assert!(!raw.contains(r#""kind":"resume""#), "{raw}");
    let list = crate::e2e::sessions_list(&t.tmp);
    assert!(list.contains("abandoned"), "{list}");
    assert!(!list.contains("other"), "{list}");
}

/// The pane script of a second workspace on the data folder of `first` (its `{TMP}`).
fn beside(first: &Path) -> String {
    let env = crate::e2e::ENV.replace("{TMP}", &first.display().to_string());
    let run = apunte_line(false, "");
    format!("{env}\n{run}\necho DONE-$?\nsleep 120\n")
}

#[test]
fn two_workspaces_on_one_data_folder_each_own_their_call() {
    let Some(a) = Tmux::start("owner-a", 110, 32, &twice("")) else {
        return;
    };
    a.wait_for_index();
    a.type_text("Hola, soy la llamada de A");
    a.keys(&["Enter"]);
    a.wait_until("A's turn", |s| {
        s.contains("Hola, soy la llamada de A") && s.contains("Type a turn")
    });

    // B starts while A's call runs: A's call is not offered, B runs its own.
    let Some(b) = Tmux::start("owner-b", 110, 32, &beside(&a.tmp)) else {
        return;
    };
    b.wait_for_index();
    assert!(!b.screen().contains("Unfinished call"), "{}", b.screen());
    b.type_text("Y yo la de B");
    b.keys(&["Enter"]);
    b.wait_until("B's turn", |s| {
        s.contains("Y yo la de B") && s.contains("Type a turn")
    });
    a.type_text("A sigue hablando");
    a.keys(&["Enter"]);
    a.wait_for("A sigue hablando");

    // The screen shows a turn as soon as it is taken; its journal line follows from the
    // writer, so read the journals until both calls are there (or give up and show them).
    let want = vec![
        vec![
            "Hola, soy la llamada de A".to_string(),
            "A sigue hablando".to_string(),
        ],
        vec!["Y yo la de B".to_string()],
    ];
    let read_calls = || {
        let mut calls: Vec<Vec<String>> = journals(&a.tmp)
            .iter()
            .map(|f| journal_turns(f).into_iter().map(|(_, t)| t).collect())
            .collect();
        calls.sort();
        calls
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let mut calls = read_calls();
    while calls != want && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        calls = read_calls();
    }
    assert_eq!(calls, want);

    // A crashes: the OS drops its lock, so its call is offered again (B still runs).
    kill9(&a.tmp);
    a.wait_for("DONE-137");
    std::fs::write(a.tmp.join("go"), "").unwrap();
    let s = a.wait_for("Unfinished call");
    assert!(s.contains("turns: 2"), "A's call, not B's:\n{s}");
}

/// The numbers `n` of the journal's `turno n` turns, in order.
fn numbered(path: &Path) -> Vec<usize> {
    journal_turns(path)
        .iter()
        .map(|(_, text)| {
            text.split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("not a numbered turn: {text}"))
        })
        .collect()
}

/// `count` numbered customer lines (`turno 0 …`), from `first`.
fn numbered_lines(first: usize, count: usize) -> Vec<String> {
    (first..first + count)
        .map(|i| {
            serde_json::json!({
                "speaker": "customer",
                "text": format!("turno {i} me han cobrado la factura dos veces"),
            })
            .to_string()
        })
        .collect()
}

#[test]
fn turns_written_while_apunte_was_down_are_read_on_resume_exactly_once() {
    let Some((t, transcript)) = following("crash-follow") else {
        return;
    };
    let lines = numbered_lines(0, 10);
    feed(
        &transcript,
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    t.wait_for("turno 9 me han");
    kill9(&t.tmp);
    t.wait_for("DONE-137");
    // Said while apunte was down.
    let lines = numbered_lines(10, 10);
    feed(
        &transcript,
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );

    std::fs::write(t.tmp.join("go"), "").unwrap();
    t.wait_for("Unfinished call");
    t.keys(&["Enter"]);
    t.wait_for("turno 19 me han");
    let lines = numbered_lines(20, 5);
    feed(
        &transcript,
        &lines.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    t.wait_for("turno 24 me han");
    let files = journals(&t.tmp);
    assert_eq!(files.len(), 1, "{files:?}");
    // Every line is a turn, exactly once, in order.
    assert_eq!(numbered(&files[0]), (0..25).collect::<Vec<_>>());
}

/// A flood of 100,000 turns in the transcript file from the start: the workspace still
/// echoes keys, and `stop` (a signal or the quit keys) ends it with the terminal
/// restored and the journal an intact, in-order prefix of the feed.
fn flood_then(name: &str, stop: impl FnOnce(&Tmux), exit: &str) {
    let Some(t) = Tmux::start(name, 120, 40, &twice("--transcript {TMP}/call.jsonl")) else {
        return;
    };
    let transcript = t.tmp.join("call.jsonl");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&transcript).unwrap());
        for l in numbered_lines(0, 100_000) {
            writeln!(f, "{l}").unwrap();
        }
    }
    t.wait_for("turno ");
    // Keys are served while the flood is read.
    t.type_text("QZQZ");
    t.wait_for("QZQZ");
    stop(&t);
    let s = t.wait_for(exit);
    assert!(!s.contains("Conversation"), "screen restored:\n{s}");
    assert!(!t.alternate_on(), "alternate screen left");
    let files = journals(&t.tmp);
    assert_eq!(files.len(), 1, "{files:?}");
    let got = numbered(&files[0]);
    assert!(!got.is_empty());
    assert_eq!(
        got,
        (0..got.len()).collect::<Vec<_>>(),
        "an in-order prefix"
    );
}

#[test]
fn sigterm_during_a_flood_restores_the_terminal_and_keeps_the_journal() {
    flood_then(
        "crash-flood-term",
        |t| {
            let pid = std::fs::read_to_string(t.tmp.join("pid")).unwrap();
            let status = Command::new("kill")
                .args(["-TERM", pid.trim()])
                .status()
                .unwrap();
            assert!(status.success());
        },
        "DONE-143",
    );
}

#[test]
fn quit_keys_during_a_flood_restore_the_terminal_and_keep_the_journal() {
    flood_then(
        "crash-flood-quit",
        |t| {
            t.keys(&["C-q"]);
            t.wait_for("Quit? (y/n)");
            t.keys(&["y"]);
        },
        "DONE-0",
    );
}
