//! The trainer link over loopback: the trainee's side (the real host, fed by a real
//! journal's tap) and the trainer's console (its real link thread and `update`), talking
//! TCP. Join with the code, a wrong code refused, customer lines into the trainee's
//! conversation, the trainee's search and article in the console, a whisper reaching
//! only the trainee, a killed connection rejoined without a lost record, observers, and
//! bad input on either side counted and skipped.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apunte::app::{self, Key, KeyCode};
use apunte::console::{self, Console, Keys, Link, LinkEvent};
use apunte::conversation::Speaker;
use apunte::conversation::journal::{self, Journal, JournalEntry, Mode, StartInfo, Tap};
use apunte::conversation::source::FollowFrom;
use apunte::redact::Redactor;
use apunte::runtime::console::{Executor, apply};
use apunte::runtime::trainer_link::{Feeds, Host, LinkCounts};
use apunte::runtime::{Source, scripted, sources};
use apunte::text::Lang;
use apunte::training::link::{self, Card, Role, ScriptView, ToTrainee, ToTrainer};

/// Long enough for any loaded machine; never a timing assertion.
const PATIENCE: Duration = Duration::from_secs(30);

fn scenario() -> apunte::training::Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("knowledge/scenarios/baja-cliente-enfadado.toml");
    apunte::training::scenario::load(&path).unwrap()
}

/// The trainee's side: a journal whose records go to the host, and the workspace's
/// channels the host feeds.
struct Trainee {
    journal: Journal,
    rx: sources::Receivers,
    addr: String,
    counts: Arc<LinkCounts>,
    views: crossbeam_channel::Sender<ScriptView>,
    _running: Box<dyn std::any::Any>,
    _customer: scripted::Scripted,
    _dir: tempfile::TempDir,
}

const CODE: &str = "K7M2QX";

fn trainee() -> Trainee {
    let s = scenario();
    let card = Card::of(&s, "Ana", Vec::new());
    let (customer, heard) = scripted::pair(s, scripted::Clock::new(1));
    let (records, records_rx) = crossbeam_channel::unbounded();
    let (views, views_rx) = crossbeam_channel::unbounded();
    let (_scores, scores_rx) = crossbeam_channel::unbounded();
    let host = Host::bind(
        "127.0.0.1:0",
        CODE.into(),
        card,
        Feeds {
            records: records_rx,
            views: views_rx,
            scores: scores_rx,
            control: heard.control(),
        },
    )
    .unwrap();
    let addr = host.address().to_string();
    let counts = host.counts();
    let (tx, rx) = sources::channels();
    let running = Box::new(host).start(FollowFrom::Start, tx).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::create(
        dir.path(),
        Redactor::default(),
        StartInfo {
            mode: Mode::Training,
            agent: "Ana".into(),
            scenario: "baja-cliente-enfadado".into(),
            trainee: "Ana".into(),
            tap: Some(Tap(records)),
            ..StartInfo::default()
        },
    )
    .unwrap();
    Trainee {
        journal,
        rx,
        addr,
        counts,
        views,
        _running: Box::new(running),
        _customer: customer,
        _dir: dir,
    }
}

impl Trainee {
    /// Waits for a feed event the workspace would get; the events passed over on the way.
    fn wait_feed(&self, what: &str, ok: impl Fn(&app::Event) -> bool) -> Vec<app::Event> {
        let start = Instant::now();
        let mut seen = Vec::new();
        while start.elapsed() < PATIENCE {
            if let Ok(ev) = self.rx.feed.recv_timeout(Duration::from_millis(100)) {
                let done = ok(&ev);
                seen.push(ev);
                if done {
                    return seen;
                }
            }
        }
        panic!("no {what} reached the workspace; got {seen:?}");
    }

    fn turn(&mut self, speaker: Speaker, text: &str) {
        self.journal
            .append(JournalEntry::Turn {
                speaker,
                text: text.into(),
                ts: None,
                at: None,
            })
            .unwrap();
    }
}

/// The trainer's side: the console's state and its real link thread.
struct Trainer {
    c: Console,
    exec: Executor,
    link: crossbeam_channel::Receiver<LinkEvent>,
}

fn trainer(addr: &str, code: &str, observe: bool) -> Trainer {
    let (tx, link) = crossbeam_channel::unbounded();
    let out = console::link::spawn(
        addr.to_string(),
        ToTrainee::Hello {
            code: code.into(),
            name: "Eva".into(),
            observe,
        },
        tx,
    )
    .unwrap();
    let mut c = Console::new(Lang::Es, Keys::default(), addr, observe);
    c.now = "2026-12-02T10:00:00+01:00".into();
    Trainer {
        c,
        exec: Executor {
            out,
            cues: apunte::assist::Cues::empty(),
            lang: Lang::Es,
        },
        link,
    }
}

impl Trainer {
    /// Applies the link's events until `ok` holds.
    fn until(&mut self, what: &str, ok: impl Fn(&Console) -> bool) {
        let start = Instant::now();
        while !ok(&self.c) {
            if start.elapsed() > PATIENCE {
                panic!("the console never saw {what}: {:?}", self.c.link);
            }
            if let Ok(ev) = self.link.recv_timeout(Duration::from_millis(100)) {
                apply(&mut self.c, &mut self.exec, console::Event::Link(ev));
            }
        }
    }

    fn key(&mut self, k: Key) {
        apply(&mut self.c, &mut self.exec, console::Event::Key(k));
    }

    fn type_line(&mut self, text: &str) {
        for ch in text.chars() {
            self.key(Key::ch(ch));
        }
        self.key(Key::plain(KeyCode::Enter));
    }

    fn has(&self, f: impl Fn(&JournalEntry) -> bool) -> bool {
        self.c.records.iter().any(|r| f(&r.entry))
    }
}

fn screen(c: &Console) -> String {
    let backend = ratatui::backend::TestBackend::new(110, 32);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    let theme = apunte::ui::Theme::fallback().for_training();
    term.draw(|f| console::render(f, c, &theme)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn join_with_the_code_customer_lines_and_the_trainees_moves() {
    let mut t = trainee();
    let mut tr = trainer(&t.addr, "k7m2qx", false);
    tr.until("the welcome", |c| c.link == Link::Joined(Role::Driver));
    assert_eq!(
        tr.c.card.as_ref().unwrap().scenario,
        "baja-cliente-enfadado"
    );
    // The trainer takes the customer's part and says a line: it reaches the trainee's
    // conversation as a customer turn.
    tr.key(Key::ctrl('o'));
    assert!(tr.c.script.taken_over);
    tr.type_line("Quiero darme de baja ya.");
    let seen = t.wait_feed(
        "the customer's line",
        |ev| matches!(ev, app::Event::Transcript(e) if e.text == "Quiero darme de baja ya."),
    );
    let app::Event::Transcript(line) = seen.last().unwrap() else {
        unreachable!()
    };
    let mut ws = app::State::new(app::Options {
        practice: Some(app::Practice::default()),
        ..Default::default()
    });
    ws.now = "2026-12-02T10:00:00+01:00".into();
    app::update(&mut ws, app::Event::Transcript(line.clone()));
    assert_eq!(ws.turns.len(), 1);
    assert_eq!(ws.turns[0].speaker, Speaker::Customer);
    // What the trainee journals reaches the console, redacted as journaled.
    t.turn(Speaker::Customer, "Mi DNI es 45873216K.");
    t.journal
        .append(JournalEntry::Search {
            query: "baja servicio".into(),
            hits: 4,
            top: vec!["bajas/baja-servicio".into()],
            again: false,
        })
        .unwrap();
    t.journal
        .append(JournalEntry::Open {
            article: "bajas/oferta-retencion".into(),
            title: "Oferta de retención".into(),
            via: Some("search".into()),
        })
        .unwrap();
    tr.until("the opened article", |c| {
        c.records
            .iter()
            .any(|r| matches!(&r.entry, JournalEntry::Open { article, .. } if article == "bajas/oferta-retencion"))
    });
    assert!(
        tr.has(|e| matches!(e, JournalEntry::Search { query, .. } if query == "baja servicio"))
    );
    let said: Vec<String> =
        tr.c.records
            .iter()
            .filter_map(|r| match &r.entry {
                JournalEntry::Turn { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
    assert_eq!(said.len(), 1);
    assert!(
        !said[0].contains("45873216K") && said[0].contains("[dni"),
        "{said:?}"
    );
    // The console's records are the journal's, line for line.
    let (on_disk, _) = journal::read(t.journal.path()).unwrap();
    assert_eq!(tr.c.records, on_disk);
    let s = screen(&tr.c);
    assert!(s.contains("busca «baja servicio» (4 resultados)"), "{s}");
    assert!(s.contains("abre bajas/oferta-retencion"), "{s}");
    assert!(s.contains("Datos ocultos"), "{s}");
}

#[test]
fn a_wrong_code_is_refused_and_counted() {
    let t = trainee();
    let mut tr = trainer(&t.addr, "AAAAAA", false);
    tr.until("the refusal", |c| matches!(c.link, Link::Refused(_)));
    assert_eq!(t.counts.refused.load(Ordering::SeqCst), 1);
    let s = screen(&tr.c);
    assert!(s.contains("rechazado: wrong code"), "{s}");
    // The workspace was told.
    t.wait_feed("the refused count", |ev| {
        matches!(ev, app::Event::FeedProblems { refused: 1, .. })
    });
}

#[test]
fn a_whisper_reaches_only_the_trainee() {
    let t = trainee();
    let mut tr = trainer(&t.addr, CODE, false);
    tr.until("the welcome", |c| c.link == Link::Joined(Role::Driver));
    tr.type_line("Pide el DNI antes de seguir");
    let seen = t.wait_feed("the whisper", |ev| matches!(ev, app::Event::Whisper { .. }));
    assert!(
        !seen.iter().any(|e| matches!(e, app::Event::Transcript(_))),
        "a whisper is never a customer line: {seen:?}"
    );
    let ev = seen.last().unwrap().clone();
    let mut ws = app::State::new(app::Options {
        practice: Some(app::Practice::default()),
        ..Default::default()
    });
    let fx = app::update(&mut ws, ev);
    assert!(ws.turns.is_empty());
    let p = ws.practice.as_ref().unwrap();
    assert_eq!(
        p.whisper.as_ref().unwrap().text,
        "Pide el DNI antes de seguir"
    );
    assert_eq!(p.whisper.as_ref().unwrap().from, "Eva");
    assert_eq!(
        fx,
        vec![app::Effect::Record(JournalEntry::Coaching {
            text: "Pide el DNI antes de seguir".into(),
            from: "Eva".into()
        })]
    );
}

/// A TCP relay whose connections the test can cut.
struct Relay {
    addr: String,
    conns: Arc<Mutex<Vec<TcpStream>>>,
}

fn relay(to: &str) -> Relay {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    let conns: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
    let (to, keep) = (to.to_string(), conns.clone());
    std::thread::spawn(move || {
        for a in l.incoming() {
            let Ok(a) = a else { return };
            let Ok(b) = TcpStream::connect(&to) else {
                return;
            };
            keep.lock()
                .unwrap()
                .extend([a.try_clone().unwrap(), b.try_clone().unwrap()]);
            for (mut from, mut into) in [(a.try_clone().unwrap(), b.try_clone().unwrap()), (b, a)] {
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut into);
                    let _ = into.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
    Relay { addr, conns }
}

impl Relay {
    fn cut(&self) {
        for c in self.conns.lock().unwrap().drain(..) {
            let _ = c.shutdown(std::net::Shutdown::Both);
        }
    }
}

#[test]
fn a_killed_connection_is_rejoined_without_losing_a_record() {
    let mut t = trainee();
    let r = relay(&t.addr);
    let mut tr = trainer(&r.addr, CODE, false);
    tr.until("the welcome", |c| c.link == Link::Joined(Role::Driver));
    t.turn(Speaker::Customer, "Llamo para darme de baja.");
    t.turn(Speaker::Agent, "Lo siento, ¿me dice su DNI?");
    tr.until("two turns", |c| c.records.len() == 3);
    r.cut();
    tr.until("the drop", |c| matches!(c.link, Link::Dropped(_)));
    assert!(screen(&tr.c).contains("desconectado de"));
    // The trainee's side goes on while the trainer is away, and so does the trainer.
    t.turn(Speaker::Customer, "Es el 45873216K.");
    t.journal
        .append(JournalEntry::Open {
            article: "bajas/oferta-retencion".into(),
            title: String::new(),
            via: None,
        })
        .unwrap();
    tr.type_line("Ofrece la retención");
    tr.until("the rejoin with the whole call", |c| {
        c.link == Link::Joined(Role::Driver) && c.records.len() == 5
    });
    let (on_disk, _) = journal::read(t.journal.path()).unwrap();
    assert_eq!(tr.c.records, on_disk);
    // The whisper typed while away arrived once it was back.
    t.wait_feed(
        "the whisper typed while away",
        |ev| matches!(ev, app::Event::Whisper { text, .. } if text == "Ofrece la retención"),
    );
}

#[test]
fn one_trainer_drives_the_others_observe() {
    let t = trainee();
    let mut a = trainer(&t.addr, CODE, false);
    a.until("the welcome", |c| c.link == Link::Joined(Role::Driver));
    let mut b = trainer(&t.addr, CODE, false);
    b.until("the welcome", |c| c.link == Link::Joined(Role::Observer));
    // An observer's command stays in its console.
    b.type_line("hola");
    assert!(b.c.status.as_deref().unwrap().contains("observador"));
    // One sent anyway (a raw client) is refused and counted.
    let mut raw = TcpStream::connect(&t.addr).unwrap();
    raw.write_all(
        link::encode(&ToTrainee::Hello {
            code: CODE.into(),
            name: "X".into(),
            observe: true,
        })
        .as_bytes(),
    )
    .unwrap();
    let mut lines = BufReader::new(raw.try_clone().unwrap()).lines();
    let welcome: ToTrainer = link::decode(&lines.next().unwrap().unwrap()).unwrap();
    assert!(matches!(
        welcome,
        ToTrainer::Welcome {
            role: Role::Observer,
            ..
        }
    ));
    raw.write_all(link::encode(&ToTrainee::Pause).as_bytes())
        .unwrap();
    let start = Instant::now();
    while t.counts.refused.load(Ordering::SeqCst) < 1 && start.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(t.counts.refused.load(Ordering::SeqCst), 1);
}

#[test]
fn bad_input_on_the_trainees_side_is_counted_and_skipped() {
    let t = trainee();
    // A first line that is not the hello: refused and counted.
    let mut junk = TcpStream::connect(&t.addr).unwrap();
    junk.write_all(b"GET / HTTP/1.1\n").unwrap();
    let mut answer = String::new();
    let _ = BufReader::new(junk).read_line(&mut answer);
    assert!(answer.contains(r#""type":"refused""#), "{answer}");
    // After a good hello: garbage JSON, a huge line and another version are skipped.
    let mut s = TcpStream::connect(&t.addr).unwrap();
    s.write_all(
        link::encode(&ToTrainee::Hello {
            code: CODE.into(),
            name: String::new(),
            observe: false,
        })
        .as_bytes(),
    )
    .unwrap();
    s.write_all(b"{not json\n").unwrap();
    s.write_all(&vec![b'x'; 2 * link::MAX_LINE]).unwrap();
    s.write_all(b"\n").unwrap();
    s.write_all(b"{\"v\":9,\"type\":\"whisper\",\"text\":\"from the future\"}\n")
        .unwrap();
    s.write_all(
        link::encode(&ToTrainee::Whisper {
            text: "still here".into(),
        })
        .as_bytes(),
    )
    .unwrap();
    let seen = t.wait_feed(
        "the whisper after the bad lines",
        |ev| matches!(ev, app::Event::Whisper { text, .. } if text == "still here"),
    );
    assert!(
        !seen
            .iter()
            .any(|e| matches!(e, app::Event::Whisper { text, .. } if text == "from the future"))
    );
    assert_eq!(t.counts.bad_lines.load(Ordering::SeqCst), 3);
    assert_eq!(t.counts.refused.load(Ordering::SeqCst), 1);
    let _ = t.views.send(ScriptView::default());
}

#[test]
fn bad_input_on_the_consoles_side_is_counted_and_skipped() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut hello = [0u8; 256];
        let _ = s.read(&mut hello);
        let _ = s.write_all(b"]]garbage[[\n");
        let _ = s.write_all(&vec![b'{'; 2 * link::MAX_LINE]);
        let _ = s.write_all(b"\n{\"v\":7,\"type\":\"script\",\"view\":{}}\n");
        let _ = s.write_all(
            link::encode(&ToTrainer::Welcome {
                role: Role::Driver,
                card: Box::new(Card::default()),
            })
            .as_bytes(),
        );
        std::thread::sleep(PATIENCE);
    });
    let mut tr = trainer(&addr, CODE, false);
    tr.until("the welcome after the bad lines", |c| {
        c.link == Link::Joined(Role::Driver)
    });
    assert_eq!(
        (tr.c.bad.bad_json, tr.c.bad.too_long, tr.c.bad.bad_version),
        (1, 1, 1)
    );
}

/// A console in the middle of a call, as the link would have filled it.
fn console_mid_call(lang: Lang) -> Console {
    let mut c = Console::new(lang, Keys::default(), "127.0.0.1:7474", false);
    c.size = (110, 32);
    c.link = Link::Joined(Role::Driver);
    let manual = vec![link::ManualItem {
        id: "tone".into(),
        label_es: "Tono cordial y profesional".into(),
        label_en: "Courteous, professional tone".into(),
        points: 5,
    }];
    c.card = Some(Card::of(&scenario(), "Ana", manual));
    let lines = [
        r#"{"t":"2026-12-02T10:00:00.000+01:00","kind":"start","session":"20261202-100000-ab12","mode":"training","agent":"Ana","scenario":"baja-cliente-enfadado","trainee":"Ana"}"#,
        r#"{"t":"2026-12-02T10:00:04.000+01:00","kind":"turn","speaker":"customer","text":"Llamo para darme de baja. Es la tercera vez este mes que me quedo sin internet."}"#,
        r#"{"t":"2026-12-02T10:00:20.000+01:00","kind":"turn","speaker":"agent","text":"Buenos días, le atiende Ana de Ondina. Lo siento mucho, ¿me dice su DNI?"}"#,
        r#"{"t":"2026-12-02T10:00:31.000+01:00","kind":"suggestion","articles":["bajas/baja-servicio","bajas/oferta-retencion"]}"#,
        r#"{"t":"2026-12-02T10:00:35.000+01:00","kind":"search","query":"baja retención","hits":3,"top":["bajas/oferta-retencion"]}"#,
        r#"{"t":"2026-12-02T10:00:40.000+01:00","kind":"open","article":"bajas/oferta-retencion","title":"Oferta de retención","via":"search"}"#,
        r#"{"t":"2026-12-02T10:00:52.000+01:00","kind":"dismiss","article":"bajas/baja-servicio"}"#,
        r#"{"t":"2026-12-02T10:01:02.000+01:00","kind":"coaching","text":"Verifica el DNI antes de ofrecer nada","from":"Eva"}"#,
        r#"{"t":"2026-12-02T10:01:10.000+01:00","kind":"reply","name":"empatia"}"#,
    ];
    c.records = lines
        .iter()
        .map(|l| journal::Record::parse(l).unwrap())
        .collect();
    c.cues = vec![(1, "Frustración".into())];
    c.script = ScriptView {
        armed: vec!["insiste".into(), "escuchada".into()],
        said: vec!["entrada".into()],
        ..ScriptView::default()
    };
    c.selected = 1;
    c.now = "2026-12-02T10:01:30+01:00".into();
    c
}

#[test]
fn console_screens() {
    for lang in [Lang::Es, Lang::En] {
        let mut c = console_mid_call(lang);
        insta::assert_snapshot!(format!("console_{}_110x32", lang.code()), screen(&c));
        c.mode = console::InputMode::Customer;
        c.script.taken_over = true;
        c.script.paused = true;
        c.link = Link::Dropped("connection reset".into());
        insta::assert_snapshot!(format!("console_away_{}_110x32", lang.code()), screen(&c));
        c.overlay = Some(console::Overlay::Help);
        insta::assert_snapshot!(format!("console_help_{}_110x32", lang.code()), screen(&c));
        c.overlay = None;
        c.key_score();
        insta::assert_snapshot!(format!("console_score_{}_110x32", lang.code()), screen(&c));
    }
}

trait KeyScore {
    fn key_score(&mut self);
}

impl KeyScore for Console {
    /// Opens the scoring dialog and gives the first item 4 points.
    fn key_score(&mut self) {
        for k in [Key::ctrl('g'), Key::ch('4')] {
            console::update(self, console::Event::Key(k));
        }
    }
}

/// Everything the journals of a tmux run's data folder hold, scorecards and grades too.
fn saved(tmp: &std::path::Path) -> String {
    let dir = tmp.join("data/sessions");
    let mut out = String::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        out.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// Two real binaries in two tmux servers: the trainee's workspace hosting a mock call
/// on a unix socket, and the trainer's console joining it with the code on screen.
#[test]
fn a_trainer_console_and_a_trainee_workspace_in_tmux() {
    use crate::e2e::{ENV, Tmux, apunte_line};
    let host = format!(
        "{ENV}\n{}\necho DONE-$?\nsleep 120\n",
        apunte_line(
            false,
            "train --host unix:{TMP}/t.sock router-reset --trainee Ana --speed 4"
        )
    );
    let Some(a) = Tmux::start("trainee", 120, 32, &host) else {
        return;
    };
    let s = a.wait_until("the join code", |s| s.contains("trainer: code "));
    let code: String = s
        .split("trainer: code ")
        .nth(1)
        .unwrap()
        .chars()
        .take(6)
        .collect();
    assert!(code.chars().all(|c| c.is_ascii_alphanumeric()), "{code:?}");
    let sock = a.tmp.join("t.sock");
    let console = format!(
        "{ENV}\n{}\necho DONE-$?\nsleep 120\n",
        apunte_line(
            false,
            &format!("trainer unix:{} --code {code} --name Eva", sock.display())
        )
    );
    let Some(b) = Tmux::start("trainer", 120, 32, &console) else {
        return;
    };
    b.wait_for("driving the call");
    a.wait_for("trainer connected");
    // The scripted customer's first line, on both screens.
    a.wait_for("Hi there. Our internet");
    b.wait_for("Hi there. Our internet");
    // A whisper: a hint line for the trainee, not a turn.
    b.type_text("Ask which lights are on");
    b.keys(&["Enter"]);
    a.wait_for("Trainer: Ask which lights are on");
    // The trainee's turn and search reach the console.
    a.type_text("Thank you for calling Ondina. Can you look at the router lights?");
    a.keys(&["Enter"]);
    b.wait_for("Can you look at the router");
    a.wait_until("the index", |s| {
        s.contains(" articles") && !s.contains("indexing")
    });
    a.keys(&["/"]);
    a.type_text("router restart");
    a.wait_for("Results");
    a.keys(&["Enter"]);
    b.wait_for("searches “router restart”");
    // The trainer plays the customer.
    b.keys(&["C-o"]);
    b.wait_for("you play the customer");
    a.keys(&["Escape"]);
    b.type_text("All red now, every single one.");
    b.keys(&["Enter"]);
    a.wait_for("All red now, every single one.");
    // The trainee wraps up; the trainer scores the manual items.
    a.keys(&["C-e"]);
    a.wait_for("Call wrap-up");
    a.keys(&["1"]);
    a.keys(&["Enter"]);
    b.wait_for("scorecard received");
    b.keys(&["C-g"]);
    b.wait_for("Trainer's scores");
    b.keys(&["4"]);
    b.keys(&["Enter"]);
    b.wait_for("scores sent");
    // The scorecard saved with the call has the trainer's points beside the automatic
    // ones (scored again once the points came).
    let card = || {
        std::fs::read_dir(a.tmp.join("data/sessions"))
            .unwrap()
            .flatten()
            .find(|e| e.path().to_string_lossy().ends_with(".scorecard.json"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .unwrap_or_default()
    };
    let start = Instant::now();
    while !card().contains(r#""grader": "Eva""#) && start.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        card().contains(r#""grader": "Eva""#),
        "{}\n{}",
        card(),
        saved(&a.tmp)
    );
    let all = saved(&a.tmp);
    assert!(
        all.contains(r#""kind":"coaching","text":"Ask which lights are on","from":"Eva""#),
        "{all}"
    );
    assert!(
        all.contains(r#""speaker":"customer","text":"All red now, every single one.""#),
        "{all}"
    );
    // The trainer leaves: the trainee's side says so and keeps working.
    b.keys(&["C-q"]);
    b.wait_for("DONE-0");
    a.wait_for("trainer disconnected");
}
