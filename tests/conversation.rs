//! Conversation: transcript sources (file, FIFO, TCP, unix socket, token), redaction,
//! the call journal and `apunte sessions`.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use apunte::conversation::Speaker;
use apunte::conversation::event::{ProblemCounts, ProblemKind};
use apunte::conversation::source::{self, SourceEvent};
use crossbeam_channel::Receiver;

/// Generous: the machine is shared; no test asserts a timing.
const WAIT: Duration = Duration::from_secs(20);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conversation")
}

/// Collects events until `done` says so (or panics after [`WAIT`] with what arrived).
fn collect_until(
    rx: &Receiver<SourceEvent>,
    seen: &mut Vec<SourceEvent>,
    done: impl Fn(&[SourceEvent]) -> bool,
) {
    let deadline = Instant::now() + WAIT;
    while !done(seen) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(ev) => seen.push(ev),
            Err(_) => panic!("timed out; events so far: {seen:#?}"),
        }
    }
}

fn texts(events: &[SourceEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            SourceEvent::Turn(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect()
}

fn has_text(events: &[SourceEvent], text: &str) -> bool {
    texts(events).iter().any(|t| t == text)
}

fn problems(events: &[SourceEvent], kind: ProblemKind) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, SourceEvent::Problem(p) if p.kind == kind))
        .count()
}

fn append(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
}

/// The good lines of `feed.jsonl`, in order.
const FEED_TEXTS: [&str; 6] = [
    "Hola, me han cobrado dos veces",
    "Buenos días, lo reviso",
    "me han",
    "me han cobrado la factura",
    "el router no enciende",
    "cliente con prisa",
];

fn check_feed(events: &[SourceEvent], counts: &ProblemCounts) {
    let turns: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            SourceEvent::Turn(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts(events)[..6], FEED_TEXTS);
    assert_eq!(turns[0].speaker, Speaker::Customer);
    assert_eq!(turns[0].ts.as_deref(), Some("2026-11-23T10:30:15Z"));
    assert_eq!(turns[1].speaker, Speaker::Agent);
    assert!(!turns[2].final_);
    assert!(turns[3].final_);
    assert_eq!(turns[4].speaker, Speaker::Customer);
    assert_eq!(turns[5].speaker, Speaker::Note);
    assert_eq!(problems(events, ProblemKind::MalformedJson), 1);
    assert_eq!(problems(events, ProblemKind::UnknownSpeaker), 1);
    assert_eq!(problems(events, ProblemKind::MissingText), 1);
    assert_eq!(counts.get(ProblemKind::MalformedJson), 1);
    assert_eq!(counts.get(ProblemKind::UnknownSpeaker), 1);
    assert_eq!(counts.get(ProblemKind::MissingText), 1);
}

mod sources {
    use super::*;

    #[test]
    fn file_follow_grows_truncates_and_rotates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("call.jsonl");
        std::fs::copy(fixtures().join("feed.jsonl"), &path).unwrap();
        let (tx, rx) = crossbeam_channel::unbounded();
        let handle = source::follow_file(&path, tx).unwrap();
        let counts = handle.problems();
        let mut seen = Vec::new();
        collect_until(&rx, &mut seen, |s| has_text(s, "cliente con prisa"));
        check_feed(&seen, &counts);

        // Growth, with a line written in two pieces and bad input in between.
        append(&path, b"{\"speaker\":\"agent\",\"text\":\"pri");
        append(&path, b"mera\"}\n\xff\xfe caf\xe9\n");
        let long = vec![b'a'; 1024 * 1024];
        append(&path, &long);
        append(&path, b"\nafter the long line\n");
        collect_until(&rx, &mut seen, |s| has_text(s, "after the long line"));
        assert!(has_text(&seen, "primera"));
        assert!(
            !texts(&seen).iter().any(|t| t.contains('\u{fffd}')),
            "a line reported as skipped is never a turn"
        );
        assert_eq!(counts.get(ProblemKind::InvalidUtf8), 1);
        assert_eq!(counts.get(ProblemKind::LineTooLong), 1);
        assert!(!texts(&seen).iter().any(|t| t.starts_with("aaaa")));

        // Truncated: read again from the start.
        std::fs::write(&path, b"tras truncar\n").unwrap();
        collect_until(&rx, &mut seen, |s| has_text(s, "tras truncar"));

        // Rotated: the old file is renamed, a new one takes its name.
        append(&path, b"last words of the old file\n");
        std::fs::rename(&path, dir.path().join("call.jsonl.1")).unwrap();
        std::fs::write(&path, b"{\"speaker\":\"customer\",\"text\":\"rotated\"}\n").unwrap();
        collect_until(&rx, &mut seen, |s| has_text(s, "rotated"));
        let all = texts(&seen);
        let old = all.iter().position(|t| t == "last words of the old file");
        let new = all.iter().position(|t| t == "rotated");
        assert!(old.is_some() && old < new, "order: {all:?}");
        drop(handle); // joins the thread
    }

    #[test]
    fn file_follow_from_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("call.txt");
        std::fs::write(&path, "ya dicho 1\nya dicho 2\nmedia lí").unwrap();
        let (tx, rx) = crossbeam_channel::unbounded();
        let _h = source::follow_file_from(&path, source::FollowFrom::End, tx).unwrap();
        let mut seen = Vec::new();
        collect_until(&rx, &mut seen, |s| {
            s.iter().any(|e| matches!(e, SourceEvent::Connected(_)))
        });
        append(&path, "nea\nnuevo\n".as_bytes());
        collect_until(&rx, &mut seen, |s| has_text(s, "nuevo"));
        assert_eq!(texts(&seen), ["nuevo"]);
    }

    #[test]
    fn file_follow_waits_for_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("later.txt");
        let (tx, rx) = crossbeam_channel::unbounded();
        let _handle = source::follow_file(&path, tx).unwrap();
        std::fs::write(&path, "ya está\n").unwrap();
        let mut seen = Vec::new();
        collect_until(&rx, &mut seen, |s| has_text(s, "ya está"));
        assert!(source::follow_file(dir.path(), crossbeam_channel::unbounded().0).is_err());
        assert!(
            source::follow_file(
                dir.path().join("no/such/dir/x"),
                crossbeam_channel::unbounded().0
            )
            .is_err()
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifo_with_writers_coming_and_going() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("stt.fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let (tx, rx) = crossbeam_channel::unbounded();
        let handle = source::follow_file(&fifo, tx).unwrap();
        let counts = handle.problems();
        let mut seen = Vec::new();

        // Writer 1: the whole feed, then closes.
        {
            let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            w.write_all(&std::fs::read(fixtures().join("feed.jsonl")).unwrap())
                .unwrap();
        }
        collect_until(&rx, &mut seen, |s| has_text(s, "cliente con prisa"));
        check_feed(&seen, &counts);

        // Writer 2: a complete event without the final newline: taken at close.
        {
            let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            w.write_all(b"{\"speaker\":\"agent\",\"text\":\"sin salto\"}")
                .unwrap();
        }
        collect_until(&rx, &mut seen, |s| has_text(s, "sin salto"));

        // Writer 3: closes in the middle of a JSON event: counted, then writer 4 goes on.
        {
            let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            w.write_all(b"{\"speaker\":\"cust").unwrap();
        }
        collect_until(&rx, &mut seen, |s| {
            problems(s, ProblemKind::PartialLine) == 1
        });
        {
            let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            w.write_all(b"sigo aqui\n").unwrap();
        }
        collect_until(&rx, &mut seen, |s| has_text(s, "sigo aqui"));
        assert_eq!(counts.get(ProblemKind::PartialLine), 1);
        drop(handle);
    }

    fn send_feed_tcp(addr: &str, first_line: Option<&str>) -> std::net::TcpStream {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        if let Some(l) = first_line {
            s.write_all(l.as_bytes()).unwrap();
            s.write_all(b"\n").unwrap();
        }
        s.write_all(&std::fs::read(fixtures().join("feed.jsonl")).unwrap())
            .unwrap();
        s
    }

    #[test]
    fn tcp_good_and_bad_input() {
        let (tx, rx) = crossbeam_channel::unbounded();
        let handle = source::listen("127.0.0.1:0", None, tx).unwrap();
        let addr = handle.local_addr().unwrap().to_string();
        assert!(addr.starts_with("127.0.0.1:"));
        let counts = handle.problems();
        let mut seen = Vec::new();

        let mut s = send_feed_tcp(&addr, None);
        s.write_all(b"caf\xe9 con leche\n").unwrap();
        let long = vec![b'{'; 1024 * 1024];
        s.write_all(&long).unwrap();
        s.write_all(b"\r\n{\"speaker\":\"agent\",\"text\":\"tras la linea larga\"}\r\n")
            .unwrap();
        // Disconnect in the middle of a line.
        s.write_all(b"{\"speaker\":\"customer\",\"te").unwrap();
        drop(s);
        collect_until(&rx, &mut seen, |s| {
            s.iter().any(|e| matches!(e, SourceEvent::Disconnected(_)))
        });
        assert!(matches!(seen[0], SourceEvent::Connected(_)));
        check_feed(&seen, &counts);
        let all = texts(&seen);
        assert_eq!(all[6..], ["tras la linea larga".to_string()]);
        assert_eq!(counts.get(ProblemKind::InvalidUtf8), 1);
        assert_eq!(counts.get(ProblemKind::LineTooLong), 1);
        assert_eq!(counts.get(ProblemKind::PartialLine), 1);

        // Many clients at once; each one's lines arrive in its order.
        let clients: Vec<_> = (0..4)
            .map(|c| {
                let addr = addr.clone();
                std::thread::spawn(move || {
                    let mut s = std::net::TcpStream::connect(&addr).unwrap();
                    for i in 0..20 {
                        writeln!(s, "{{\"speaker\":\"customer\",\"text\":\"c{c} {i}\"}}").unwrap();
                    }
                })
            })
            .collect();
        for c in clients {
            c.join().unwrap();
        }
        let mut more = Vec::new();
        collect_until(&rx, &mut more, |s| texts(s).len() == 80);
        for c in 0..4 {
            let mine: Vec<String> = texts(&more)
                .into_iter()
                .filter(|t| t.starts_with(&format!("c{c} ")))
                .collect();
            let expected: Vec<String> = (0..20).map(|i| format!("c{c} {i}")).collect();
            assert_eq!(mine, expected);
        }
        drop(handle);
        assert!(std::net::TcpStream::connect(&addr).is_err());
    }

    #[test]
    fn token_is_checked() {
        let (tx, rx) = crossbeam_channel::unbounded();
        let handle = source::listen("127.0.0.1:0", Some("s3cret".into()), tx).unwrap();
        let addr = handle.local_addr().unwrap().to_string();
        let counts = handle.problems();

        let mut bad = send_feed_tcp(&addr, Some("guess"));
        // The server closes the connection: reading gives EOF (or a reset).
        bad.set_read_timeout(Some(WAIT)).unwrap();
        let mut buf = [0u8; 16];
        let n = std::io::Read::read(&mut bad, &mut buf).unwrap_or(0);
        assert_eq!(n, 0);

        let good = send_feed_tcp(&addr, Some("s3cret"));
        drop(good);
        let mut seen = Vec::new();
        collect_until(&rx, &mut seen, |s| has_text(s, "cliente con prisa"));
        assert_eq!(counts.get(ProblemKind::BadToken), 1);
        assert_eq!(texts(&seen)[..6], FEED_TEXTS);
        assert!(!has_text(&seen, "s3cret") && !has_text(&seen, "guess"));
    }

    /// The server closed the connection: a read ends (EOF or reset) before the
    /// stream's own read timeout.
    fn closed_by_server(s: &mut std::net::TcpStream) -> bool {
        let mut buf = [0u8; 16];
        match std::io::Read::read(s, &mut buf) {
            Ok(n) => n == 0,
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        }
    }

    #[test]
    fn a_client_that_sends_no_token_is_closed() {
        let (tx, _rx) = crossbeam_channel::unbounded();
        let handle = source::listen("127.0.0.1:0", Some("s3cret".into()), tx).unwrap();
        let addr = handle.local_addr().unwrap().to_string();
        let counts = handle.problems();
        let mut silent = std::net::TcpStream::connect(&addr).unwrap();
        // Closed by the server after source::TOKEN_TIMEOUT: the read ends (EOF or reset)
        // instead of waiting for its own, much longer, timeout.
        silent
            .set_read_timeout(Some(source::TOKEN_TIMEOUT * 6))
            .unwrap();
        assert!(closed_by_server(&mut silent));
        let until = std::time::Instant::now() + WAIT;
        while counts.get(ProblemKind::BadToken) == 0 && std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(counts.get(ProblemKind::BadToken), 1);
    }

    #[test]
    fn clients_past_the_cap_are_closed_and_the_others_served() {
        let (tx, rx) = crossbeam_channel::unbounded();
        let handle = source::listen("127.0.0.1:0", None, tx).unwrap();
        let addr = handle.local_addr().unwrap().to_string();
        let mut open: Vec<std::net::TcpStream> = (0..source::MAX_CONNECTIONS)
            .map(|_| std::net::TcpStream::connect(&addr).unwrap())
            .collect();
        let mut seen = Vec::new();
        collect_until(&rx, &mut seen, |s| {
            s.iter()
                .filter(|e| matches!(e, SourceEvent::Connected(_)))
                .count()
                == source::MAX_CONNECTIONS
        });
        // One more is closed on arrival (no token is asked, so nothing else closes it).
        let mut extra = std::net::TcpStream::connect(&addr).unwrap();
        extra.set_read_timeout(Some(WAIT)).unwrap();
        assert!(closed_by_server(&mut extra));
        // Counted as a client closed at the cap, not as an unreadable line.
        let counts = handle.problems();
        assert_eq!(counts.get(ProblemKind::TooManyClients), 1);
        assert_eq!(counts.get(ProblemKind::Io), 0);
        // The connected ones are still served.
        writeln!(
            open[0],
            "{{\"speaker\":\"customer\",\"text\":\"sigo aqui\"}}"
        )
        .unwrap();
        collect_until(&rx, &mut seen, |s| has_text(s, "sigo aqui"));
        open.clear();
    }

    #[test]
    fn listen_errors_are_clear() {
        let tx = crossbeam_channel::unbounded().0;
        let err = source::listen("0.0.0.0:0", None, tx.clone()).unwrap_err();
        assert!(err.to_string().contains("--token"), "{err}");
        let err = source::listen("127.0.0.1:notaport", None, tx.clone()).unwrap_err();
        assert!(err.to_string().contains("127.0.0.1:7000"), "{err}");
        let err = source::listen("unix:", None, tx.clone()).unwrap_err();
        assert!(err.to_string().contains("unix:/tmp/apunte.sock"), "{err}");
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap().to_string();
        let err = source::listen(&addr, None, tx.clone()).unwrap_err();
        assert!(err.to_string().contains("in use"), "{err}");
        // Non-loopback with a token is allowed.
        let h = source::listen("0.0.0.0:0", Some("t".into()), tx).unwrap();
        assert!(h.local_addr().unwrap().starts_with("0.0.0.0:"));
    }

    #[cfg(unix)]
    #[test]
    fn unix_socket_stale_file_and_cleanup() {
        use std::os::unix::net::{UnixListener, UnixStream};
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("apunte.sock");
        // A stale socket left by a crashed run.
        drop(UnixListener::bind(&sock).unwrap());
        assert!(sock.exists());
        let (tx, rx) = crossbeam_channel::unbounded();
        let addr = format!("unix:{}", sock.display());
        let handle = source::listen(&addr, None, tx.clone()).unwrap();
        assert_eq!(handle.local_addr(), Some(addr.as_str()));
        let counts = handle.problems();

        // A second listener on the same live socket is refused.
        let err = source::listen(&addr, None, tx).unwrap_err();
        assert!(err.to_string().contains("in use"), "{err}");

        let mut s = UnixStream::connect(&sock).unwrap();
        s.write_all(&std::fs::read(fixtures().join("feed.jsonl")).unwrap())
            .unwrap();
        s.write_all(b"{\"speaker\":\"agent\",\"text\":\"cortado")
            .unwrap();
        drop(s);
        let mut seen = Vec::new();
        // (The refused second listener's probe shows up as a short connection first.)
        collect_until(&rx, &mut seen, |s| {
            has_text(s, "cliente con prisa") && problems(s, ProblemKind::PartialLine) == 1
        });
        check_feed(&seen, &counts);
        assert_eq!(counts.get(ProblemKind::PartialLine), 1);
        drop(handle);
        assert!(!sock.exists(), "the socket file is removed on stop");

        // A path that is not a socket is never removed.
        std::fs::write(&sock, "precious").unwrap();
        let err = source::listen(&addr, None, crossbeam_channel::unbounded().0).unwrap_err();
        assert!(err.to_string().contains("not a socket"), "{err}");
        assert_eq!(std::fs::read_to_string(&sock).unwrap(), "precious");
    }

    #[test]
    fn dropped_receiver_stops_the_source() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, "uno\n").unwrap();
        let (tx, rx) = crossbeam_channel::unbounded();
        let handle = source::follow_file(&path, tx).unwrap();
        drop(rx);
        append(&path, b"dos\n");
        drop(handle); // must return: the thread notices and stops
    }
}

mod journal {
    use super::*;
    use apunte::conversation::Turn;
    use apunte::conversation::journal::{self, Disposition, Journal, JournalEntry, StartInfo};
    use apunte::redact::Redactor;

    fn start() -> StartInfo {
        StartInfo {
            mode: "live".into(),
            agent: "Ana".into(),
            roots: vec!["knowledge".into()],
            ..StartInfo::default()
        }
    }

    fn turn(speaker: Speaker, text: &str, final_: bool) -> Turn {
        Turn {
            speaker,
            text: text.into(),
            ts: "2026-11-23T10:30:00Z".into(),
            final_,
        }
    }

    /// A number split across two turns of one speaker is masked where it completes; the
    /// other speaker's turns are not its context.
    #[test]
    fn numbers_split_across_turns_are_masked() {
        let data = tempfile::tempdir().unwrap();
        let mut j = Journal::create(data.path(), Redactor::default(), start()).unwrap();
        j.turn(&turn(Speaker::Customer, "la tarjeta es 4111 1111", true))
            .unwrap();
        j.turn(&turn(Speaker::Agent, "dígame", true)).unwrap();
        j.turn(&turn(Speaker::Customer, "1111 1111 y ya", true))
            .unwrap();
        j.turn(&turn(Speaker::Customer, "mi DNI es", true)).unwrap();
        j.turn(&turn(Speaker::Customer, "44551230", true)).unwrap();
        j.turn(&turn(Speaker::Agent, "1111 1111", true)).unwrap();
        let text = std::fs::read_to_string(j.path()).unwrap();
        let turns: Vec<&str> = text.lines().filter(|l| l.contains(r#""turn""#)).collect();
        assert!(turns[2].contains(r#""[card] y ya""#), "{}", turns[2]);
        assert!(turns[4].contains(r#""[dni ****1230]""#), "{}", turns[4]);
        assert!(turns[5].contains(r#""1111 1111""#), "{}", turns[5]);
    }

    /// Call contents are for the user only: `0600` files in `0700` folders, whatever
    /// the umask; a folder left readable by an older version is narrowed.
    #[cfg(unix)]
    #[test]
    fn journals_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().unwrap();
        let sessions = data.path().join("sessions");
        std::fs::create_dir_all(&sessions).unwrap();
        std::fs::set_permissions(&sessions, std::fs::Permissions::from_mode(0o755)).unwrap();
        let j = Journal::create(data.path(), Redactor::default(), start()).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&sessions), 0o700);
        assert_eq!(mode(j.path()), 0o600);
        let path = j.path().to_path_buf();
        drop(j);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let resumed = Journal::resume(&path, Redactor::default()).unwrap();
        assert_eq!(mode(resumed.journal.path()), 0o600);
    }

    /// Redaction turned off in the settings is on record in the start entry.
    #[test]
    fn redaction_switched_off_is_recorded() {
        let data = tempfile::tempdir().unwrap();
        let settings = apunte::redact::Settings {
            cards: false,
            phone: false,
            ..Default::default()
        };
        let j = Journal::create(data.path(), Redactor::new(&settings), start()).unwrap();
        let text = std::fs::read_to_string(j.path()).unwrap();
        assert!(
            text.lines()
                .next()
                .unwrap()
                .contains(r#""redaction_off":["cards","phone"]"#),
            "{text}"
        );
        let j = Journal::create(data.path(), Redactor::default(), start()).unwrap();
        let text = std::fs::read_to_string(j.path()).unwrap();
        assert!(!text.contains("redaction_off"), "{text}");
    }

    #[test]
    fn append_and_read_back_redacted() {
        let data = tempfile::tempdir().unwrap();
        let mut j = Journal::create(data.path(), Redactor::default(), start()).unwrap();
        let id = j.id().to_string();
        // yyyymmdd-hhmmss-xxxx
        assert_eq!(id.len(), 20, "{id}");
        assert!(id.chars().enumerate().all(|(i, c)| match i {
            8 | 15 => c == '-',
            16.. => c.is_ascii_hexdigit(),
            _ => c.is_ascii_digit(),
        }));
        assert_eq!(
            j.path(),
            data.path().join("sessions").join(format!("{id}.jsonl"))
        );
        j.turn(&turn(Speaker::Customer, "mi tarjeta es 4111", false))
            .unwrap();
        j.turn(&turn(
            Speaker::Customer,
            "mi tarjeta es 4111 1111 1111 1111 y mi DNI 12345678Z",
            true,
        ))
        .unwrap();
        j.append(JournalEntry::Search {
            query: "tarjeta 4111111111111111".into(),
            hits: 2,
            top: vec!["facturacion/cargo-duplicado".into()],
            again: false,
        })
        .unwrap();
        j.append(JournalEntry::Open {
            article: "facturacion/cargo-duplicado".into(),
            title: "Cargo duplicado".into(),
            via: Some("search".into()),
        })
        .unwrap();
        j.append(JournalEntry::Copy {
            article: None,
            text: "escriba a ana@ondina.es".into(),
        })
        .unwrap();
        j.append(JournalEntry::Suggestion {
            articles: vec!["guias/cliente-enfadado".into()],
        })
        .unwrap();
        j.append(JournalEntry::Dismiss {
            article: "guias/cliente-enfadado".into(),
        })
        .unwrap();
        j.append(JournalEntry::Flag {
            article: Some("facturacion/cargo-duplicado".into()),
            title: "Cargo duplicado".into(),
            version: Some("0123456789abcdef".into()),
            updated: Some("2026-09-14".into()),
            owner: None,
            reason: apunte::conversation::journal::FlagReason::Wrong,
            comment: "el cliente con DNI 12345678Z dice otra cosa".into(),
            step: Some(1),
            paragraph: "tarjeta 4111 1111 1111 1111".into(),
            call: None,
        })
        .unwrap();
        j.wrapup(Disposition::Resolved, "llamar al 612345678")
            .unwrap();
        j.end().unwrap();
        assert!(j.is_ended());
        assert!(j.append(JournalEntry::Resume).is_err());
        let path = j.path().to_path_buf();
        drop(j);

        let raw = std::fs::read_to_string(&path).unwrap();
        for secret in [
            "4111 1111 1111 1111",
            "4111111111111111",
            "12345678Z",
            "ana@ondina.es",
            "612345678",
        ] {
            assert!(!raw.contains(secret), "{secret} on disk:\n{raw}");
        }
        assert!(raw.contains("[card ****1111]"));
        assert!(!raw.contains("\"mi tarjeta es 4111\""), "interim journaled");

        let (records, warnings) = journal::read(&path).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let kinds: Vec<&str> = records
            .iter()
            .map(|r| match r.entry {
                JournalEntry::Start { .. } => "start",
                JournalEntry::Turn { .. } => "turn",
                JournalEntry::Search { .. } => "search",
                JournalEntry::Open { .. } => "open",
                JournalEntry::Copy { .. } => "copy",
                JournalEntry::Suggestion { .. } => "suggestion",
                JournalEntry::Dismiss { .. } => "dismiss",
                JournalEntry::Wrapup { .. } => "wrapup",
                JournalEntry::Resume => "resume",
                JournalEntry::Speaker { .. } => "speaker",
                JournalEntry::Close { .. } => "close",
                JournalEntry::End { .. } => "end",
                JournalEntry::Undismiss { .. } => "undismiss",
                JournalEntry::Hold => "hold",
                JournalEntry::HoldEnd { .. } => "hold_end",
                JournalEntry::Customer { .. } => "customer",
                JournalEntry::Correct { .. } => "correct",
                JournalEntry::Reply { .. } => "reply",
                JournalEntry::Coaching { .. } => "coaching",
                JournalEntry::Cue { .. } => "cue",
                JournalEntry::Pause => "pause",
                JournalEntry::PauseEnd { .. } => "pause_end",
                JournalEntry::Flag { .. } => "flag",
                JournalEntry::Helpful { .. } => "helpful",
                JournalEntry::Resolve { .. } => "resolve",
                JournalEntry::Other => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "start",
                "turn",
                "search",
                "open",
                "copy",
                "suggestion",
                "dismiss",
                "flag",
                "wrapup",
                "end"
            ]
        );
        assert!(records.iter().all(|r| r.time().is_some()));
        assert!(matches!(
            &records[0].entry,
            JournalEntry::Start { session, agent, .. } if session == &id && agent == "Ana"
        ));
        assert!(journal::unfinished(data.path()).is_none());
    }

    /// Waits until no open file description holds the journal's lock. Another test's
    /// process spawn forks this test process and, until its `exec`, the child shares every
    /// open file (and so the lock) of the journal just dropped.
    fn wait_unlocked(path: &std::path::Path) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while journal::in_use(path) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    #[test]
    fn unfinished_call_is_found_and_resumed() {
        let data = tempfile::tempdir().unwrap();
        let mut done = Journal::create(data.path(), Redactor::default(), start()).unwrap();
        done.end().unwrap();
        let mut open = Journal::create(data.path(), Redactor::default(), start()).unwrap();
        open.turn(&turn(Speaker::Customer, "no tengo línea", true))
            .unwrap();
        open.turn(&turn(Speaker::Agent, "lo miro", true)).unwrap();
        let path = open.path().to_path_buf();
        drop(open); // as if apunte was killed: no `end`
        wait_unlocked(&path);
        // Simulate a kill in the middle of a write.
        append(
            &path,
            b"{\"t\":\"2026-11-23T10:31:00Z\",\"kind\":\"turn\",\"spea",
        );

        let found = journal::unfinished(data.path()).expect("an unfinished call");
        assert_eq!(found.path, path);
        assert_eq!(found.turns, 2);
        assert!(!found.finished);

        let resumed = Journal::resume(&path, Redactor::default()).unwrap();
        assert_eq!(resumed.warnings.len(), 1);
        assert_eq!(resumed.warnings[0].line, 4);
        let said: Vec<_> = resumed.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(said, ["no tengo línea", "lo miro"]);
        let mut j = resumed.journal;
        j.turn(&turn(Speaker::Customer, "sigue sin ir", true))
            .unwrap();
        j.end().unwrap();
        drop(j);

        let (records, warnings) = journal::read(&path).unwrap();
        assert_eq!(warnings.len(), 1, "only the torn line: {warnings:?}");
        assert!(matches!(records[3].entry, JournalEntry::Resume));
        assert!(matches!(
            &records[4].entry,
            JournalEntry::Turn { text, .. } if text == "sigue sin ir"
        ));
        assert!(journal::unfinished(data.path()).is_none());
    }

    #[test]
    fn not_resumed_call_can_be_closed() {
        let data = tempfile::tempdir().unwrap();
        let j = Journal::create(data.path(), Redactor::default(), start()).unwrap();
        let path = j.path().to_path_buf();
        drop(j);
        wait_unlocked(&path);
        assert!(journal::unfinished(data.path()).is_some());
        journal::mark_ended(&path, "not resumed").unwrap();
        assert!(journal::unfinished(data.path()).is_none());
    }

    #[test]
    fn damaged_file_is_read_around() {
        let path = fixtures().join("sessions/20261121-101500-bb02.jsonl");
        let (records, warnings) = journal::read(&path).unwrap();
        assert_eq!(records.len(), 4);
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [3, 6]);
        assert!(warnings[1].message.contains("half-written"));
    }

    #[test]
    fn find_by_id_or_unique_prefix() {
        let data = tempfile::tempdir().unwrap();
        copy_fixture_sessions(data.path());
        let found = journal::find(data.path(), "20261120").unwrap();
        assert!(found.ends_with("20261120-093000-aa01.jsonl"));
        let err = journal::find(data.path(), "20261121-1015").unwrap_err();
        assert!(err.to_string().contains("several"), "{err}");
        let err = journal::find(data.path(), "nope").unwrap_err();
        assert!(err.to_string().contains("apunte sessions list"), "{err}");
    }

    pub(super) fn copy_fixture_sessions(data: &Path) {
        let dir = data.join("sessions");
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(fixtures().join("sessions")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
}

mod sessions_cli {

    struct Env {
        data: tempfile::TempDir,
        config: tempfile::TempDir,
        cache: tempfile::TempDir,
    }

    fn env() -> Env {
        let e = Env {
            data: tempfile::tempdir().unwrap(),
            config: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        super::journal::copy_fixture_sessions(e.data.path());
        e
    }

    fn run(e: &Env, lang: &str, args: &[&str]) -> (i32, String, String) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_apunte"))
            .arg("sessions")
            .args(args)
            .env("APUNTE_DATA_DIR", e.data.path())
            .env("APUNTE_CONFIG_DIR", e.config.path())
            .env("APUNTE_CACHE_DIR", e.cache.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[test]
    fn list_newest_first() {
        let e = env();
        let (code, out, _) = run(&e, "en_US.UTF-8", &["list"]);
        assert_eq!(code, 0);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("ID"));
        assert!(lines[1].starts_with("20261121-101500-bb03"));
        assert!(lines[1].contains("5:02") && lines[1].ends_with("escalated"));
        assert!(lines[2].starts_with("20261121-101500-bb02") && lines[2].ends_with("unfinished"));
        assert!(lines[3].starts_with("20261120-093000-aa01"));
        assert!(lines[3].contains("2026-11-20 09:30") && lines[3].contains("4:12"));
        assert!(lines[3].ends_with("resolved"));

        let (_, es, _) = run(&e, "es_ES.UTF-8", &["list"]);
        assert!(
            es.contains("sin terminar") && es.contains("resuelta"),
            "{es}"
        );
    }

    #[test]
    fn list_when_empty() {
        let e = env();
        std::fs::remove_dir_all(e.data.path().join("sessions")).unwrap();
        let (code, out, _) = run(&e, "en_US.UTF-8", &["list"]);
        assert_eq!(code, 0);
        assert!(out.starts_with("No calls journaled yet"), "{out}");
    }

    #[test]
    fn show_prints_the_call() {
        let e = env();
        let (code, out, err) = run(&e, "en_US.UTF-8", &["show", "20261120-093000-aa01"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("Call 20261120-093000-aa01"));
        assert!(out.contains("09:30:05  Customer  Me habéis cobrado dos veces"));
        assert!(out.contains("[search] \"cargo duplicado\" (3 hits)"));
        assert!(
            out.contains("[opened] facturacion/cargo-duplicado — Cargo duplicado en la factura")
        );
        assert!(out.contains("[wrap-up] resolved: devolución solicitada"));
        // A damaged journal is shown, with the damage on stderr.
        let (code, out, err) = run(&e, "en_US.UTF-8", &["show", "20261121-101500-bb02"]);
        assert_eq!(code, 0);
        assert!(out.contains("Let me check the line status"));
        assert!(err.contains("20261121-101500-bb02.jsonl:3:"), "{err}");
        assert!(err.contains("20261121-101500-bb02.jsonl:6:"), "{err}");
    }

    #[test]
    fn export_markdown() {
        let e = env();
        let (code, md, err) = run(&e, "en_US.UTF-8", &["export", "20261120", "--markdown"]);
        assert_eq!(code, 0, "{err}");
        assert!(md.starts_with("# Call 20261120-093000-aa01\n"));
        for want in [
            "- **Agent:** Ana",
            "## Transcript",
            "**Customer** (09:30:05): Me habéis cobrado dos veces la factura de octubre",
            "## Notes",
            "cliente tranquilo, pide devolución",
            "## Articles consulted",
            "`facturacion/cargo-duplicado` — Cargo duplicado en la factura",
            "## Wrap-up",
            "- **Outcome:** resolved",
            "devolución solicitada",
        ] {
            assert!(md.contains(want), "missing {want:?} in:\n{md}");
        }
        // Text journaled without redaction is masked on export.
        let (_, md, _) = run(&e, "es_ES.UTF-8", &["export", "bb02", "--markdown"]);
        assert!(md.contains("## Transcripción"), "{md}");
        assert!(!md.contains("4111 1111 1111 1111"), "{md}");
        assert!(md.contains("\\[card \\*\\*\\*\\*1111\\]"), "{md}");
        assert!(md.contains("sin terminar"));
    }

    #[test]
    fn spanish_export_has_no_english_words() {
        let e = env();
        let (code, md, err) = run(&e, "es_ES.UTF-8", &["export", "20261120", "--markdown"]);
        assert_eq!(code, 0, "{err}");
        assert!(md.contains("- **Modo:** en directo"), "{md}");
        assert!(md.contains(", búsqueda)"), "{md}");
        for english in ["live", "search)", "suggestion", "cue)"] {
            assert!(!md.contains(english), "{english:?} in:\n{md}");
        }
        let (code, _, err) = run(&e, "es_ES.UTF-8", &["show", "20251231"]);
        assert_eq!(code, 2);
        assert!(err.contains("no hay ninguna llamada con id"), "{err}");
    }

    #[test]
    fn unknown_or_ambiguous_id() {
        let e = env();
        let (code, _, err) = run(&e, "en_US.UTF-8", &["show", "20251231"]);
        assert_eq!(code, 2);
        assert!(err.contains("apunte sessions list"), "{err}");
        let (code, _, err) = run(&e, "en_US.UTF-8", &["export", "20261121", "--markdown"]);
        assert_eq!(code, 2);
        assert!(
            err.contains("20261121-101500-bb02") && err.contains("20261121-101500-bb03"),
            "{err}"
        );
        let (code, _, err) = run(&e, "en_US.UTF-8", &["export", "20261120"]);
        assert_eq!(code, 2);
        assert!(err.contains("--markdown"), "{err}");
    }
}
