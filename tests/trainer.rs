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
    /// The scripted customer when it is not running (its script waits unused).
    _customer: Option<scripted::Scripted>,
    _dir: tempfile::TempDir,
}

const CODE: &str = "K7M2QX";

fn trainee() -> Trainee {
    hosted(scenario(), tempfile::tempdir().unwrap(), None).0
}

/// The trainee's side of `s`, journaling in `dir`: the host, fed by the journal's tap.
/// With `speed`, the scripted customer runs (its clock that many times the wall's) and
/// reports to the host; without, it waits unused. Also what the customer hears.
fn hosted(
    s: apunte::training::Scenario,
    dir: tempfile::TempDir,
    speed: Option<u32>,
) -> (Trainee, scripted::Trainee) {
    let id = s.id.clone();
    let card = Card::of(&s, "Ana", Vec::new());
    let (mut customer, ears) = scripted::pair(s, scripted::Clock::new(speed.unwrap_or(1)));
    let (records, records_rx) = crossbeam_channel::unbounded();
    let (views, views_rx) = crossbeam_channel::unbounded();
    let (_scores, scores_rx) = crossbeam_channel::unbounded();
    if speed.is_some() {
        customer.report_to(views.clone());
    }
    let host = Host::bind(
        "127.0.0.1:0",
        CODE.into(),
        card,
        Feeds {
            records: records_rx,
            views: views_rx,
            scores: scores_rx,
            control: ears.control(),
        },
    )
    .unwrap();
    let addr = host.address().to_string();
    let counts = host.counts();
    let (tx, rx) = sources::channels();
    let running = Box::new(host).start(FollowFrom::Start, tx.clone()).unwrap();
    let journal = Journal::create(
        dir.path(),
        Redactor::default(),
        StartInfo {
            mode: Mode::Training,
            agent: "Ana".into(),
            scenario: id,
            trainee: "Ana".into(),
            tap: Some(Tap(records)),
            ..StartInfo::default()
        },
    )
    .unwrap();
    let (waiting, script) = match speed {
        Some(_) => (
            None,
            Some(Box::new(customer).start(FollowFrom::Start, tx).unwrap()),
        ),
        None => (Some(customer), None),
    };
    let t = Trainee {
        journal,
        rx,
        addr,
        counts,
        views,
        _running: Box::new((running, script)),
        _customer: waiting,
        _dir: dir,
    };
    (t, ears)
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
    /// The script's states as they came over the link (the console's own `script`
    /// changes on a key press already, before the trainee's side has acted).
    wire: Vec<ScriptView>,
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
        exec: Executor { out },
        link,
        wire: Vec::new(),
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
            self.step();
        }
    }

    /// Applies the link's next event, if one comes soon.
    fn step(&mut self) {
        if let Ok(ev) = self.link.recv_timeout(Duration::from_millis(100)) {
            if let LinkEvent::Message(ToTrainer::Script { view }) = &ev {
                self.wire.push(view.clone());
            }
            apply(&mut self.c, &mut self.exec, console::Event::Link(ev));
        }
    }

    /// Presses `k` and waits for the trainee's side to report a script state that `ok`
    /// accepts.
    fn key_then(&mut self, k: Key, what: &str, ok: impl Fn(&ScriptView) -> bool) {
        self.wire.clear();
        self.key(k);
        let start = Instant::now();
        while !self.wire.iter().any(&ok) {
            if start.elapsed() > PATIENCE {
                panic!("the trainee's side never reported {what}: {:?}", self.wire);
            }
            self.step();
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
    // The trainee's side is told too (its status bar says the trainer can rejoin).
    t.wait_feed("the trainer gone", |ev| {
        matches!(
            ev,
            app::Event::Feed {
                change: apunte::app::FeedChange::Disconnected(who),
                ..
            } if who == "Eva"
        )
    });
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
        r#"{"t":"2026-12-02T10:00:04.000+01:00","kind":"cue","turn":1,"cue":"frustration","label_es":"Frustración","label_en":"Frustration","article":"guias/cliente-enfadado"}"#,
        r#"{"t":"2026-12-02T10:00:20.000+01:00","kind":"turn","speaker":"agent","text":"Buenos días, le atiende Ana de Ondina. Lo siento mucho, ¿me dice su DNI?"}"#,
        r#"{"t":"2026-12-02T10:00:31.000+01:00","kind":"suggestion","articles":["bajas/baja-servicio","bajas/oferta-retencion"]}"#,
        r#"{"t":"2026-12-02T10:00:35.000+01:00","kind":"search","query":"baja retención","hits":3,"top":["bajas/oferta-retencion"]}"#,
        r#"{"t":"2026-12-02T10:00:40.000+01:00","kind":"open","article":"bajas/oferta-retencion","title":"Oferta de retención","via":"search"}"#,
        r#"{"t":"2026-12-02T10:00:52.000+01:00","kind":"dismiss","article":"bajas/baja-servicio"}"#,
        r#"{"t":"2026-12-02T10:01:02.000+01:00","kind":"coaching","text":"Verifica el DNI antes de ofrecer nada","from":"Eva"}"#,
        r#"{"t":"2026-12-02T10:01:10.000+01:00","kind":"reply","name":"empatia"}"#,
    ];
    // Through `update`, as the link brings them: the cue is the trainee's own record.
    for (i, l) in lines.iter().enumerate() {
        let record = Box::new(journal::Record::parse(l).unwrap());
        let msg = ToTrainer::Record {
            seq: i as u64 + 1,
            record,
        };
        console::update(&mut c, console::Event::Link(LinkEvent::Message(msg)));
    }
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

/// Sends `record` to the console as the link would (the next seq).
fn bring(c: &mut Console, line: &str) {
    let msg = ToTrainer::Record {
        seq: c.records.len() as u64 + 1,
        record: Box::new(journal::Record::parse(line).unwrap()),
    };
    console::update(c, console::Event::Link(LinkEvent::Message(msg)));
}

#[test]
fn the_consoles_clocks_stand_still_while_paused() {
    use console::view::{call_secs, dead_air, paused};
    for lang in [Lang::Es, Lang::En] {
        let mut c = console_mid_call(lang);
        // Last words at 10:00:20; paused at 10:01:20.
        bring(
            &mut c,
            r#"{"t":"2026-12-02T10:01:20.000+01:00","kind":"pause"}"#,
        );
        for now in ["10:01:20", "10:02:00", "10:03:00"] {
            c.now = format!("2026-12-02T{now}+01:00");
            assert!(paused(&c));
            assert_eq!((call_secs(&c), dead_air(&c)), (Some(80), Some(60)), "{now}");
        }
        insta::assert_snapshot!(format!("console_paused_{}_110x32", lang.code()), screen(&c));
        // Resumed at 10:03:00 after 100 s: both go on from where they stood.
        bring(
            &mut c,
            r#"{"t":"2026-12-02T10:03:00.000+01:00","kind":"pause_end","seconds":100}"#,
        );
        c.now = "2026-12-02T10:03:30+01:00".into();
        assert!(!paused(&c));
        assert_eq!((call_secs(&c), dead_air(&c)), (Some(110), Some(90)));
        let s = screen(&c);
        assert!(!s.contains("⏸ PAUS"), "{s}");
    }
}

#[test]
fn the_console_shows_a_turn_as_the_trainee_corrected_it() {
    let mut c = console_mid_call(Lang::En);
    assert!(screen(&c).contains("Lo siento mucho"));
    bring(
        &mut c,
        r#"{"t":"2026-12-02T10:01:15.000+01:00","kind":"correct","turn":2,"speaker":"agent","text":"Buenos días, soy Ana de Ondina. ¿Me confirma su DNI?"}"#,
    );
    let s = screen(&c);
    assert!(s.contains("soy Ana de Ondina. ¿Me confirma su DNI?"), "{s}");
    assert!(!s.contains("Lo siento mucho"), "{s}");
    // The cue stays on its turn.
    assert!(s.contains("1 Customer  ◆ Frustration"), "{s}");
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
/// Every step waits for what the screens (or the saved files) show, never for a while;
/// only what stays on screen is waited for (a passing status message could be missed on
/// a loaded machine).
#[test]
fn a_trainer_console_and_a_trainee_workspace_in_tmux() {
    use crate::e2e::{ENV, Tmux, WAIT, apunte_line};
    let host = format!(
        "{ENV}\n{}\necho DONE-$?\nsleep 600\n",
        apunte_line(
            false,
            "train --host unix:{TMP}/t.sock router-reset --trainee Ana --speed 4"
        )
    );
    // Wide enough for the status bar to hold the join address and the article count.
    let Some(a) = Tmux::start("trainee", 160, 32, &host) else {
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
    // The trainee's workspace is ready (its index built) before anything is typed.
    a.wait_until("the index", |s| {
        s.contains(" articles") && !s.contains("indexing")
    });
    let sock = a.tmp.join("t.sock");
    let console = format!(
        "{ENV}\n{}\necho DONE-$?\nsleep 600\n",
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
    // The trainee wraps up; the scorecard opens on the trainee's screen.
    a.keys(&["C-e"]);
    a.wait_for("Call wrap-up");
    a.keys(&["1"]);
    a.keys(&["Enter"]);
    a.wait_for("Handle time");
    // The trainer's scoring dialog shows the scorecard once it has come; the first
    // manual item gets 4 points, the last row a comment.
    b.keys(&["C-g"]);
    b.wait_until("the scorecard in the scoring dialog", |s| {
        s.contains("Trainer's scores") && s.contains("Handle time")
    });
    b.keys(&["4"]);
    for _ in 0..12 {
        b.keys(&["Down"]);
    }
    b.type_text("Good pace, ask for the postcode");
    b.wait_for("Good pace, ask for the postcode");
    b.keys(&["Enter"]);
    // The scorecard saved with the call has the trainer's points beside the automatic
    // ones (scored again once the points came), and the comment is kept with the call.
    let card = || {
        std::fs::read_dir(a.tmp.join("data/sessions"))
            .unwrap()
            .flatten()
            .find(|e| e.path().to_string_lossy().ends_with(".scorecard.json"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .unwrap_or_default()
    };
    let start = Instant::now();
    while !(card().contains(r#""grader": "Eva""#)
        && saved(&a.tmp).contains("Good pace, ask for the postcode"))
        && start.elapsed() < WAIT
    {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        card().contains(r#""grader": "Eva""#),
        "{}\n{}",
        card(),
        saved(&a.tmp)
    );
    let all = saved(&a.tmp);
    assert!(all.contains("Good pace, ask for the postcode"), "{all}");
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

/// A short scenario whose lines wait for words the trainee says (never for time, so a
/// slow machine changes nothing): the opening, then `uno` → `dos` → `tres` → `fin`.
const SCRIPT: &str = r#"
title = "Guion de prueba"
lang = "es"
difficulty = "easy"

[customer]
name = "Marta Ruiz"
situation = "Llama por una factura."

[[line]]
id = "entrada"
say = "Hola, llamo por la factura."

[[line]]
id = "uno"
said = "zzuno"
say = "Primera respuesta."

[[line]]
id = "dos"
said = "zzdos"
say = "Segunda respuesta."

[[line]]
id = "tres"
said = "zztres"
say = "Tercera respuesta."

[[line]]
id = "fin"
said = "adios"
say = "Adiós, gracias."
end = true
"#;

/// The trainee's side with the scripted customer running (reporting to the host), and
/// the trainee's workspace in miniature: its own state and `update` over what the feeds
/// bring, each record it makes journaled (the journal's tap feeds the host) and told to
/// the scripted customer, as the workspace's loop does.
struct Scripted {
    t: Trainee,
    ws: app::State,
    ears: scripted::Trainee,
}

fn scripted_trainee() -> Scripted {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guion.toml");
    std::fs::write(&path, SCRIPT).unwrap();
    let s = apunte::training::scenario::load(&path).unwrap();
    // Typing delays of a few milliseconds; no line waits for time.
    let (t, ears) = hosted(s, dir, Some(50));
    let mut ws = app::State::new(app::Options {
        practice: Some(app::Practice::default()),
        ..Default::default()
    });
    ws.mode = Mode::Training;
    Scripted { t, ws, ears }
}

/// A scripted call with its driving trainer joined, once the opening line was said.
fn scripted_call() -> (Scripted, Trainer) {
    let mut w = scripted_trainee();
    let mut tr = trainer(&w.t.addr, CODE, false);
    tr.until("the welcome", |c| c.link == Link::Joined(Role::Driver));
    w.until("the opening line", |ws| !ws.turns.is_empty());
    (w, tr)
}

impl Scripted {
    /// Applies one event to the workspace: its records journaled and heard.
    fn apply(&mut self, ev: app::Event) {
        use apunte::runtime::Sink as _;
        self.ws.now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
        for fx in app::update(&mut self.ws, ev) {
            if let app::Effect::Record(entry) = fx {
                self.t.journal.append(entry.clone()).unwrap();
                self.ears.record(&entry).unwrap();
            }
        }
    }

    /// Runs the workspace on what the feeds bring until `ok` holds.
    fn until(&mut self, what: &str, ok: impl Fn(&app::State) -> bool) {
        let start = Instant::now();
        while !ok(&self.ws) {
            if start.elapsed() > PATIENCE {
                panic!(
                    "the trainee's workspace never saw {what}: {:?}",
                    self.ws.turns
                );
            }
            if let Ok(ev) = self.t.rx.feed.recv_timeout(Duration::from_millis(100)) {
                self.apply(ev);
            }
        }
    }

    /// The trainee says something (typed in the workspace and sent).
    fn say(&mut self, text: &str) {
        for ch in text.chars() {
            self.apply(app::Event::Key(Key::ch(ch)));
        }
        self.apply(app::Event::Key(Key::plain(KeyCode::Enter)));
    }

    /// The customer's turns in the trainee's conversation.
    fn said(&self) -> Vec<String> {
        self.ws
            .turns
            .iter()
            .filter(|t| t.speaker == Speaker::Customer)
            .map(|t| t.text.clone())
            .collect()
    }
}

impl Trainer {
    /// Selects the script line `id` with the arrow keys.
    fn select(&mut self, id: &str) {
        let lines = &self.c.card.as_ref().unwrap().lines;
        let want = lines.iter().position(|l| l.id == id).unwrap();
        while self.c.selected > want {
            self.key(Key::plain(KeyCode::Up));
        }
        while self.c.selected < want {
            self.key(Key::plain(KeyCode::Down));
        }
    }

    fn selected(&self) -> String {
        self.c.card.as_ref().unwrap().lines[self.c.selected]
            .id
            .clone()
    }
}

#[test]
fn fire_skip_take_over_and_hand_back_over_the_link() {
    let (mut w, mut tr) = scripted_call();
    tr.until("the script waiting for «uno»", |c| {
        c.script.said == ["entrada"] && c.script.armed == ["uno"]
    });
    assert_eq!(tr.selected(), "uno", "the selection is on the next line");

    // Fired early: «dos» is said although nobody said its words, as a customer turn in
    // the trainee's conversation; the script goes on from it.
    tr.select("dos");
    tr.key(Key::ctrl('f'));
    w.until("the fired line", |ws| ws.turns.len() == 2);
    assert_eq!(
        w.said(),
        ["Hola, llamo por la factura.", "Segunda respuesta."]
    );
    tr.until("the fired line said and «tres» next", |c| {
        c.script.said == ["entrada", "dos"] && c.script.armed == ["tres"]
    });
    tr.until("the fired line in the console", |c| {
        c.records.iter().any(|r| {
            matches!(&r.entry, JournalEntry::Turn { speaker: Speaker::Customer, text, .. } if text == "Segunda respuesta.")
        })
    });

    // Skipped: «tres» is never said, and «fin» is the line offered now.
    tr.select("tres");
    tr.key(Key::ctrl('k'));
    tr.until("«tres» passed by and «fin» armed", |c| {
        c.script.said == ["entrada", "dos", "tres"] && c.script.armed == ["fin"]
    });
    assert_eq!(
        tr.selected(),
        "fin",
        "the selection moves to the line offered"
    );

    // Taken over: the trainer's line is a customer turn; the script does not answer
    // the trainee meanwhile, not even to its end line's words.
    tr.key_then(Key::ctrl('o'), "the script taken over", |v| v.taken_over);
    assert_eq!(tr.c.mode, console::InputMode::Customer);
    tr.type_line("Esto lo escribe la formadora.");
    w.until("the trainer's line", |ws| ws.turns.len() == 3);
    w.say("zztres, adios");
    tr.until("the trainee's words in the console", |c| {
        c.records.iter().any(|r| {
            matches!(&r.entry, JournalEntry::Turn { speaker: Speaker::Agent, text, .. } if text == "zztres, adios")
        })
    });
    // Handed back: the script had not moved, and it answers again.
    tr.key_then(Key::ctrl('o'), "the script handed back", |v| !v.taken_over);
    assert_eq!(tr.c.mode, console::InputMode::Whisper);
    assert!(
        !tr.c.script.ended && tr.c.script.typing.is_empty() && tr.c.script.armed == ["fin"],
        "{:?}",
        tr.c.script
    );
    w.say("adios");
    w.until("the end line", |ws| {
        ws.practice.as_ref().is_some_and(|p| p.customer_ended)
    });
    tr.until("the script ended", |c| c.script.ended);
    assert_eq!(
        w.said(),
        [
            "Hola, llamo por la factura.",
            "Segunda respuesta.",
            "Esto lo escribe la formadora.",
            "Adiós, gracias."
        ],
        "the skipped line never came"
    );
    // The console has the call as the trainee's journal has it.
    tr.until("every record", |c| {
        c.records.len() == journal::read(w.t.journal.path()).unwrap().0.len()
    });
    assert_eq!(tr.c.records, journal::read(w.t.journal.path()).unwrap().0);
}

#[test]
fn a_pause_over_the_link_stops_the_clocks_on_both_sides() {
    let (mut w, mut tr) = scripted_call();
    tr.key_then(Key::ctrl('p'), "the script paused", |v| v.paused);
    w.until("the pause", |ws| ws.clock.paused().is_some());
    tr.until("the pause journaled", |c| {
        c.records.iter().any(|r| r.entry == JournalEntry::Pause)
    });
    assert!(console::view::paused(&tr.c));
    // The trainee's call time stands still (whatever the clock says).
    let now = w.ws.now.clone();
    let later = |secs: i64| {
        (chrono::DateTime::parse_from_rfc3339(&now).unwrap() + chrono::Duration::seconds(secs))
            .to_rfc3339()
    };
    assert_eq!(w.ws.clock.elapsed(&later(300)), w.ws.clock.elapsed(&now));
    assert_eq!(console::view::call_secs(&tr.c), {
        let mut later_console = tr.c.clone();
        later_console.now = later(300);
        console::view::call_secs(&later_console)
    });
    tr.key_then(Key::ctrl('p'), "the script running", |v| !v.paused);
    w.until("the resume", |ws| ws.clock.paused().is_none());
    tr.until("the resume journaled", |c| {
        c.records
            .iter()
            .any(|r| matches!(r.entry, JournalEntry::PauseEnd { .. }))
    });
    assert!(!console::view::paused(&tr.c));
    assert_eq!(tr.c.script.armed, ["uno"], "{:?}", tr.c.script);
    w.say("zzuno");
    w.until("the next line", |ws| {
        ws.turns.iter().any(|t| t.text == "Primera respuesta.")
    });
}

#[test]
fn the_consoles_cues_are_the_ones_the_trainee_raised() {
    let mut t = trainee();
    let mut tr = trainer(&t.addr, CODE, false);
    tr.until("the welcome", |c| c.link == Link::Joined(Role::Driver));
    t.turn(
        Speaker::Customer,
        "Es la tercera vez que llamo, estoy harta.",
    );
    t.turn(Speaker::Agent, "Lo siento mucho.");
    // A turn the console would have taken for a cue, but the trainee's side raised none.
    t.turn(Speaker::Customer, "Ya no aguanto más, es la tercera vez.");
    t.journal
        .append(JournalEntry::Cue {
            turn: 1,
            cue: "frustration".into(),
            label_es: "Frustración".into(),
            label_en: "Frustration".into(),
            article: Some("guias/cliente-enfadado".into()),
        })
        .unwrap();
    tr.until("the cue", |c| !c.cues.is_empty());
    // On the first turn's record (the start is record 0), in the console's language.
    assert_eq!(tr.c.cues, vec![(1, "Frustración".to_string())]);
    let s = screen(&tr.c);
    assert_eq!(s.matches("◆ Frustración").count(), 1, "{s}");
    // A console in English shows the English label of the same record.
    let mut en = trainer(&t.addr, CODE, true);
    en.c.lang = Lang::En;
    en.until("the cue", |c| !c.cues.is_empty());
    assert_eq!(en.c.cues, vec![(1, "Frustration".to_string())]);
}
