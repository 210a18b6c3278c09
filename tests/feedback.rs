//! The knowledge loop's first half on the real binary: flags recorded in a call's
//! journal and in the feedback journal, listed, filtered, exported (CSV, JSON, a
//! Markdown inbox by owner) and resolved; a flag follows its article's version (an edit
//! of the file marks it possibly addressed); `check` validates `review_by` and `status`;
//! archived articles are searched only when asked for.
use std::path::Path;

use apunte::conversation::journal::{FlagReason, Journal, JournalEntry, StartInfo, feedback_path};
use apunte::knowledge::loader;
use apunte::knowledge::{Root, RootSource};
use apunte::redact::Redactor;

use crate::common::{Sandbox, stdout};

const ARTICLE: &str = "+++\ntitle = \"Cargo duplicado\"\nlang = \"es\"\nowner = \"Equipo Facturación\"\nupdated = 2026-09-14\nreview_by = 2026-01-31\nstatus = \"validated\"\n+++\n\n1. Confirme el importe.\n2. Espere 10 días.\n";

fn kb(dir: &Path) {
    std::fs::create_dir_all(dir.join("facturacion")).unwrap();
    std::fs::write(dir.join("facturacion/cargo.md"), ARTICLE).unwrap();
    std::fs::write(
        dir.join("movil.md"),
        "+++\ntitle = \"Roaming en Europa\"\nlang = \"es\"\nowner = \"Equipo Móvil\"\n+++\n\nEl roaming en la UE no cuesta más.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("viejo.md"),
        "+++\ntitle = \"Roaming antiguo\"\nlang = \"es\"\nstatus = \"archived\"\n+++\n\nEl roaming antiguo se cobraba aparte.\n",
    )
    .unwrap();
}

/// The version of an article of `dir`, as the workspace records it.
fn version_of(dir: &Path, id: &str) -> String {
    let root = Root::open(RootSource::Dir(dir.to_path_buf()), dir).unwrap();
    let base = loader::load(&[root]);
    base.articles
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.version())
        .unwrap()
}

fn flag(
    article: Option<&str>,
    version: Option<String>,
    reason: FlagReason,
    comment: &str,
) -> JournalEntry {
    JournalEntry::Flag {
        article: article.map(str::to_string),
        title: String::new(),
        version,
        updated: None,
        owner: None,
        reason,
        comment: comment.into(),
        step: article.map(|_| 2),
        paragraph: if article.is_some() {
            "Espere 10 días.".into()
        } else {
            String::new()
        },
        call: None,
    }
}

fn run(s: &Sandbox, kb: &Path, args: &[&str]) -> (bool, String, String) {
    let out = s
        .apunte(s.path())
        .arg("--knowledge")
        .arg(kb)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn flags_are_listed_follow_their_article_and_are_resolved() {
    let s = Sandbox::new();
    let kbdir = s.path().join("kb");
    kb(&kbdir);
    let data = s.path().join("data");
    let v1 = version_of(&kbdir, "facturacion/cargo");
    // One flag raised during a call, one outside any, about the service.
    let mut call = Journal::create(&data, Redactor::default(), StartInfo::default()).unwrap();
    call.append(flag(
        Some("facturacion/cargo"),
        Some(v1.clone()),
        FlagReason::Outdated,
        "ya son 5 días; tarjeta 4111 1111 1111 1111",
    ))
    .unwrap();
    call.end().unwrap();
    let call_id = call.id().to_string();
    drop(call);
    let mut log = Journal::open_log(&feedback_path(&data), Redactor::default()).unwrap();
    log.append(flag(
        None,
        None,
        FlagReason::Suggestion,
        "quitar el cajero de la calle Mayor\u{1b}[31m",
    ))
    .unwrap();
    log.sync().unwrap();
    drop(log);

    // The call's own record shows the flag too.
    let (ok, show, err) = run(&s, &kbdir, &["sessions", "show", &call_id]);
    assert!(ok, "{err}");
    assert!(
        show.contains("[flagged] facturacion/cargo #2: outdated — ya son 5 días"),
        "{show}"
    );
    let (_, md, _) = run(&s, &kbdir, &["sessions", "export", &call_id, "--markdown"]);
    assert!(md.contains("## Feedback on the articles"), "{md}");
    assert!(
        md.contains("flagged `facturacion/cargo` #2: **outdated**"),
        "{md}"
    );

    let (ok, list, err) = run(&s, &kbdir, &["feedback", "list"]);
    assert!(ok, "{err}");
    assert!(list.contains("facturacion/cargo #2"), "{list}");
    assert!(list.contains("(service)"), "{list}");
    assert!(
        list.contains("outdated") && list.contains("suggestion"),
        "{list}"
    );
    assert!(!list.contains("4111 1111"), "redacted: {list}");
    assert!(list.contains("2 flags, 2 open"), "{list}");
    assert!(
        !list.contains('\u{1b}'),
        "a control character reached the table: {list:?}"
    );
    assert!(!list.contains("changed since"), "{list}");

    // The owner edits the article: the flag was raised on an older version.
    std::fs::write(
        kbdir.join("facturacion/cargo.md"),
        ARTICLE.replace("10 días", "5 días"),
    )
    .unwrap();
    let (_, list, _) = run(&s, &kbdir, &["feedback", "list"]);
    assert!(list.contains("article changed since"), "{list}");

    let (ok, json, err) = run(&s, &kbdir, &["feedback", "export", "--json"]);
    assert!(ok, "{err}");
    let items: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2);
    let on_article = items
        .iter()
        .find(|i| i["article"] == "facturacion/cargo")
        .unwrap();
    assert_eq!(on_article["status"], "changed");
    assert_eq!(on_article["version"], v1.as_str());
    assert_ne!(on_article["current_version"], v1.as_str());
    assert_eq!(on_article["owner"], "Equipo Facturación");
    assert_eq!(on_article["call"], call_id.as_str());
    assert_eq!(on_article["step"], 2);
    let service = items.iter().find(|i| i["article"].is_null()).unwrap();
    assert_eq!(service["status"], "open");
    let id = on_article["id"].as_str().unwrap().to_string();

    let (ok, md, _) = run(&s, &kbdir, &["feedback", "export", "--markdown"]);
    assert!(ok);
    let owner = md.find("## Equipo Facturación").expect(&md);
    let service_at = md.find("## (service)").expect(&md);
    assert!(owner < service_at, "{md}");
    assert!(
        md.contains("### `facturacion/cargo` — Cargo duplicado"),
        "{md}"
    );
    assert!(md.contains(&format!("- [ ] `{id}`")), "{md}");
    assert!(!md.contains('\u{1b}'), "{md:?}");

    let (ok, csv, _) = run(&s, &kbdir, &["feedback", "export", "--csv"]);
    assert!(ok);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.starts_with("id,time,status,article"), "{csv}");

    // Filters.
    let (_, only, _) = run(&s, &kbdir, &["feedback", "list", "--kind", "suggestion"]);
    assert!(
        only.contains("1 flags") && only.contains("(service)"),
        "{only}"
    );
    let (_, only, _) = run(
        &s,
        &kbdir,
        &["feedback", "list", "--article", "facturacion/cargo"],
    );
    assert!(
        only.contains("1 flags") && only.contains("outdated"),
        "{only}"
    );
    let (_, none, _) = run(&s, &kbdir, &["feedback", "list", "--since", "2999-01-01"]);
    assert!(none.contains("No flags"), "{none}");
    let (ok, _, err) = run(&s, &kbdir, &["feedback", "list", "--since", "ayer"]);
    assert!(!ok && err.contains("YYYY-MM-DD"), "{err}");
    let (ok, _, err) = run(&s, &kbdir, &["feedback", "list", "--kind", "rubbish"]);
    assert!(
        !ok && err.contains("outdated, wrong, missing, unclear, suggestion"),
        "{err}"
    );

    // Resolve by the start of the id.
    let (ok, said, err) = run(
        &s,
        &kbdir,
        &["feedback", "resolve", &id[..5], "--note", "plazo corregido"],
    );
    assert!(ok, "{err}");
    assert!(said.contains(&format!("Flag {id} resolved")), "{said}");
    let (_, open, _) = run(&s, &kbdir, &["feedback", "list", "--open"]);
    assert!(
        open.contains("1 flags, 1 open") && !open.contains("facturacion/cargo"),
        "{open}"
    );
    let (_, again, _) = run(&s, &kbdir, &["feedback", "resolve", &id]);
    assert!(again.contains("already resolved"), "{again}");
    let (ok, _, err) = run(&s, &kbdir, &["feedback", "resolve", "zzzz"]);
    assert!(!ok && err.contains("feedback list"), "{err}");
    let log = std::fs::read_to_string(feedback_path(&data)).unwrap();
    assert!(log.contains("\"kind\":\"resolve\""), "{log}");
}

#[test]
fn check_validates_review_by_and_status_with_their_lines() {
    let s = Sandbox::new();
    let kbdir = s.path().join("kb");
    std::fs::create_dir_all(&kbdir).unwrap();
    std::fs::write(
        kbdir.join("a.md"),
        "+++\ntitle = \"A\"\nlang = \"es\"\nreview_by = \"pronto\"\nstatus = \"publicado\"\n+++\n\nTexto.\n",
    )
    .unwrap();
    let (_, out, _) = run(&s, &kbdir, &["check"]);
    assert!(
        out.contains("a.md:4: warning: review_by \"pronto\" is not a date"),
        "{out}"
    );
    assert!(
        out.contains("a.md:5: warning: unknown status \"publicado\""),
        "{out}"
    );
}

#[test]
fn archived_articles_are_searched_only_when_asked_for() {
    let s = Sandbox::new();
    let kbdir = s.path().join("kb");
    kb(&kbdir);
    let (ok, out, err) = run(&s, &kbdir, &["search", "roaming"]);
    assert!(ok, "{err}");
    assert!(out.contains("Roaming en Europa"), "{out}");
    assert!(!out.contains("Roaming antiguo"), "{out}");
    let (_, out, _) = run(&s, &kbdir, &["search", "roaming status:archived"]);
    assert!(out.contains("Roaming antiguo"), "{out}");
    assert!(!out.contains("Roaming en Europa"), "{out}");
    let (_, out, _) = run(&s, &kbdir, &["search", "estado:archivado"]);
    assert!(out.contains("Roaming antiguo"), "{out}");
}

mod workspace {
    use apunte::app::{self, Effect, Event, Focus, Key, KeyCode, Options, State, TranscriptEvent};
    use apunte::conversation::Speaker;
    use apunte::conversation::journal::{FlagReason, JournalEntry};
    use apunte::knowledge::Lang;

    fn state() -> State {
        let mut s = State::new(Options {
            lang: Some(Lang::En),
            ..Options::default()
        });
        s.size = (120, 40);
        s.now = "2026-11-23T10:15:00+00:00".into();
        s
    }

    fn key(s: &mut State, k: Key) -> Vec<Effect> {
        app::update(s, Event::Key(k))
    }

    fn type_text(s: &mut State, text: &str) -> Vec<Effect> {
        text.chars().flat_map(|c| key(s, Key::ch(c))).collect()
    }

    fn turn(n: usize) -> Event {
        Event::Transcript(TranscriptEvent {
            speaker: if n.is_multiple_of(2) {
                Speaker::Customer
            } else {
                Speaker::Agent
            },
            text: format!("línea {n} de la transcripción, con la tarjeta y todo"),
            final_: !n.is_multiple_of(3),
            at: None,
            ts: None,
        })
    }

    fn with_article(s: &mut State) {
        let a = crate::snapshots::article();
        app::update(
            s,
            Event::ArticleLoaded {
                id: a.id.clone(),
                article: Some(Box::new(a)),
            },
        );
        s.focus = Focus::Reader;
    }

    /// A flood of transcript lines while the agent writes the flag's comment: nothing
    /// typed reaches the conversation input, the comment keeps every character, and the
    /// flag is recorded at once with the article's version.
    #[test]
    fn the_flag_form_survives_a_transcript_flood() {
        let mut s = state();
        with_article(&mut s);
        key(&mut s, Key::ch('!'));
        assert!(matches!(s.overlay(), Some(app::Overlay::Flag(_))));
        key(&mut s, Key::ch('1'));
        type_text(&mut s, "el plazo ");
        for n in 0..2_000 {
            app::update(&mut s, turn(n));
            if n.is_multiple_of(100) {
                // Keys between the lines, as an agent types while the customer talks.
                key(
                    &mut s,
                    Key::ch("cambió "[..].chars().nth((n / 100) % 7).unwrap()),
                );
            }
        }
        type_text(&mut s, " ya es de 5 días");
        assert!(s.input.is_empty(), "typing leaked: {:?}", s.input.text());
        let Some(app::Overlay::Flag(f)) = s.overlay() else {
            panic!("the form closed: {:?}", s.overlay());
        };
        let typed: String = (0..20)
            .map(|i| "cambió ".chars().nth(i % 7).unwrap())
            .collect();
        assert_eq!(
            f.comment.text(),
            format!("el plazo {typed} ya es de 5 días")
        );
        let fx = key(&mut s, Key::plain(KeyCode::Enter));
        assert!(s.overlay().is_none());
        let flag = fx
            .iter()
            .find_map(|e| match e {
                Effect::Record(JournalEntry::Flag {
                    article,
                    version,
                    reason,
                    comment,
                    ..
                }) => Some((
                    article.clone(),
                    version.clone(),
                    reason.clone(),
                    comment.clone(),
                )),
                _ => None,
            })
            .expect("a flag recorded");
        let a = crate::snapshots::article();
        assert_eq!(flag.0.as_deref(), Some(a.id.as_str()));
        assert_eq!(flag.1, Some(a.version()));
        assert_eq!(flag.2, FlagReason::Outdated);
        assert!(flag.3.ends_with("ya es de 5 días"));
        assert!(
            s.messages
                .last()
                .is_some_and(|m| m.text.contains("Flag recorded")),
            "{:?}",
            s.messages.last()
        );
    }

    /// Esc closes the form with nothing recorded; the vote keys record at once.
    #[test]
    fn votes_and_a_cancelled_flag() {
        let mut s = state();
        with_article(&mut s);
        key(&mut s, Key::alt('f'));
        type_text(&mut s, "nada");
        let fx = key(&mut s, Key::plain(KeyCode::Esc));
        assert!(s.overlay().is_none());
        assert!(!fx.iter().any(|e| matches!(e, Effect::Record(_))));
        for (k, want) in [(Key::ch('+'), true), (Key::alt('-'), false)] {
            let fx = key(&mut s, k);
            assert!(
                fx.iter().any(|e| matches!(
                    e,
                    Effect::Record(JournalEntry::Helpful { helpful, via, version: Some(_), .. })
                        if *helpful == want && via.as_deref() == Some("reader")
                )),
                "{fx:?}"
            );
        }
        // With nothing open, a vote says what to do and records nothing.
        let mut s = state();
        let fx = key(&mut s, Key::alt('+'));
        assert!(!fx.iter().any(|e| matches!(e, Effect::Record(_))));
        assert!(
            s.messages
                .last()
                .is_some_and(|m| m.text.contains("Open an article"))
        );
    }

    /// Feedback given while replaying a saved call names that call.
    #[test]
    fn a_flag_in_a_replay_names_the_call() {
        use apunte::conversation::journal::Record;
        let mut s = state();
        let records = vec![Record {
            t: "2026-11-23T10:14:00+00:00".into(),
            entry: JournalEntry::Turn {
                speaker: Speaker::Customer,
                text: "El cajero de la plaza ya no existe".into(),
                ts: None,
                at: None,
            },
        }];
        let r = app::Replay::new(
            "20261123-101400-ab12".into(),
            std::path::PathBuf::from("/tmp/none.jsonl"),
            &records,
            1,
        );
        app::update(&mut s, Event::Replay(Box::new(r)));
        key(&mut s, Key::alt('s'));
        type_text(&mut s, "quitarlo de la lista");
        let fx = key(&mut s, Key::plain(KeyCode::Enter));
        assert!(
            fx.iter().any(|e| matches!(
                e,
                Effect::Record(JournalEntry::Flag { article: None, call: Some(c), comment, .. })
                    if c == "20261123-101400-ab12" && comment == "quitarlo de la lista"
            )),
            "{fx:?}"
        );
    }
}
