//! A contact center's shift shipped into one PostgreSQL on this machine, through the
//! real shipper: 300 agents × an 8-hour shift of journals, each agent's workspace
//! shipper thread (`center::shipper`, 3 s rounds, nudged at each call's end and each
//! piece of feedback) running while the agent's journals are written, then the same
//! shift shipped at once into a fresh database (a center back after a whole shift
//! offline), then a month of that center (the shift repeated over the working days of
//! November 2026 by SQL) and the reports over it, timed.
//!
//! Volumes per agent and shift (derived from a 6-minute handle time at 85 % occupancy):
//! 68 calls; per call a start, the customer, ~36 turns (speech-to-text segments of both
//! speakers), 4 settled searches (8 % find nothing, a third of the rest open nothing),
//! 2 opens, 5 suggestion lists, a copy, a dismissal every third call, a hold every
//! fourth, a helpful vote every third, a flag every twentieth, the wrap-up and the end
//! (~55 lines, ~3,700 lines and ~1.2 MB a shift). One agent in ten is a trainee with 3
//! mock calls, each with its grades sidecar, a coaching note and its scorecard.
//! Teams of 30 agents.
//!
//! Figures: records/s while the shift is written (live), lag between a record written
//! and its batch acknowledged (p50/p99/max), records/s of the catch-up, database size
//! for a shift and for the month, and each report's time: the records fetched back
//! (`center::fetch`, what every `--center` report does) and the local report code over
//! them (gaps and usage; `train report --center` through the binary), plus the same
//! questions asked in SQL directly.
//!
//! `cargo bench --bench center` (about 35 minutes on 2 cores). Environment:
//! `APUNTE_CENTER_AGENTS` (300), `APUNTE_CENTER_HOURS` (8), `APUNTE_CENTER_SPEED`
//! (how many times faster than real time the live shift is written; 60),
//! `APUNTE_CENTER_DAYS` (working days of the month; 21), `APUNTE_CENTER_MONTH_ALL=0`
//! skips the whole-center month report (the slowest). Without `--bench` (`cargo test
//! --benches`) it does a smoke pass: 4 agents, 10 minutes, 2 days.
use std::collections::VecDeque;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apunte::center::fetch::{self, Filter};
use apunte::center::ship::Shipper;
use apunte::center::{Settings, Target, schema, shipper};
use apunte::redact::Redactor;
use apunte::text::Lang;
use chrono::{DateTime, Datelike, Duration as Span, FixedOffset, NaiveDate, TimeZone};

mod common;
#[path = "common/pg.rs"]
mod pg;

use common::{Samples, figure, full_run};

/// The day the shift is generated for (a Monday); the month is its November.
const SHIFT_DAY: (i32, u32, u32) = (2026, 11, 2);
const TEAM_SIZE: usize = 30;

struct Plan {
    agents: usize,
    minutes: u64,
    speed: f64,
    days: usize,
    month_all: bool,
}

fn env_num<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

impl Plan {
    fn get() -> Plan {
        if !full_run() {
            return Plan {
                agents: 4,
                minutes: 10,
                speed: 600.0,
                days: 2,
                month_all: true,
            };
        }
        Plan {
            agents: env_num("APUNTE_CENTER_AGENTS", 300),
            minutes: (env_num("APUNTE_CENTER_HOURS", 8.0f64) * 60.0) as u64,
            speed: env_num("APUNTE_CENTER_SPEED", 60.0f64).max(1.0),
            days: env_num("APUNTE_CENTER_DAYS", 21usize).max(1),
            month_all: std::env::var("APUNTE_CENTER_MONTH_ALL").as_deref() != Ok("0"),
        }
    }
}

/// A small deterministic generator (xorshift64*), one per agent.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const TOPICS: &[&str] = &[
    "cargo duplicado",
    "factura octubre",
    "roaming europa",
    "cambiar tarifa",
    "baja linea",
    "portabilidad numero",
    "router sin conexion",
    "fibra lenta",
    "pin bloqueado",
    "puk tarjeta sim",
    "duplicado sim",
    "permanencia contrato",
    "devolucion recibo",
    "cambio titular",
    "direccion facturacion",
    "llamadas internacionales",
    "bono datos",
    "averia movil",
    "tecnico domicilio",
    "reclamacion formal",
    "descuento fidelizacion",
    "wifi contraseña",
    "terminal financiado",
    "seguro movil",
    "factura electronica",
];

const PHRASES: &[&str] = &[
    "me han cobrado dos veces la factura de este mes y no entiendo por qué",
    "le confirmo que el cargo aparece duplicado en su cuenta, lo revisamos",
    "desde ayer no tengo internet en casa y el router parpadea en rojo",
    "¿me puede decir cuánto me costaría llamar desde Francia la semana que viene?",
    "vamos a comprobar la configuración de la línea, un momento por favor",
    "quiero darme de baja porque me ofrecen un precio mejor en otra compañía",
    "entiendo su situación, déjeme ver qué descuento le puedo aplicar",
    "el técnico tenía que venir esta mañana y no ha aparecido nadie",
    "le he generado una incidencia con prioridad alta para mañana",
    "¿podría confirmarme su nombre completo y el número de documento?",
    "perfecto, ya he enviado el duplicado de la tarjeta a su dirección",
    "no me llega el código por SMS para entrar en el área de cliente",
];

fn article(rng: &mut Rng) -> String {
    // A few articles get most of the opens, as in any real base.
    let n = if rng.chance(60) {
        rng.below(20)
    } else {
        rng.below(400)
    };
    format!("kb/articulo-{n:03}")
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
}

/// The lines of one call, each with its time; the call starts at `start`.
fn real_call(
    rng: &mut Rng,
    agent: &str,
    id: &str,
    start: DateTime<FixedOffset>,
) -> Vec<(DateTime<FixedOffset>, String)> {
    let mut out = Vec::new();
    let mut t = start;
    let mut push = |t: DateTime<FixedOffset>, body: String| {
        out.push((t, format!("{{\"t\":\"{}\",{body}}}", stamp(t))));
    };
    push(
        t,
        format!(
            "\"kind\":\"start\",\"session\":\"{id}\",\"mode\":\"live\",\"agent\":\"{agent}\",\"roots\":[\"kb\"],\"version\":\"0.1.0\""
        ),
    );
    t += Span::seconds(4);
    push(
        t,
        format!(
            "\"kind\":\"customer\",\"name\":\"Cliente {}\",\"reference\":\"C-{:06}\"",
            rng.below(9000),
            rng.below(1_000_000)
        ),
    );
    let turns = 30 + rng.below(13);
    let searches_at: Vec<u64> = (0..4).map(|_| rng.below(turns)).collect();
    for i in 0..turns {
        t += Span::seconds(5 + rng.below(7) as i64);
        let speaker = if i % 2 == 0 { "customer" } else { "agent" };
        let text = PHRASES[rng.below(PHRASES.len() as u64) as usize];
        push(
            t,
            format!("\"kind\":\"turn\",\"speaker\":\"{speaker}\",\"text\":\"{text} ({i})\""),
        );
        if i % 7 == 3 {
            let arts: Vec<String> = (0..3).map(|_| format!("\"{}\"", article(rng))).collect();
            push(
                t,
                format!("\"kind\":\"suggestion\",\"articles\":[{}]", arts.join(",")),
            );
        }
        for _ in searches_at.iter().filter(|s| **s == i) {
            t += Span::seconds(3);
            let topic = TOPICS[rng.below(TOPICS.len() as u64) as usize];
            let query = format!(
                "{topic} {}",
                ["", "cliente", "urgente", "hoy"][rng.below(4) as usize]
            )
            .trim()
            .to_string();
            if rng.chance(8) {
                push(
                    t,
                    format!(
                        "\"kind\":\"search\",\"query\":\"{query} zq{}\",\"hits\":0",
                        rng.below(50)
                    ),
                );
                continue;
            }
            let a = article(rng);
            push(
                t,
                format!(
                    "\"kind\":\"search\",\"query\":\"{query}\",\"hits\":{},\"top\":[\"{a}\"]",
                    1 + rng.below(9)
                ),
            );
            if !rng.chance(33) {
                t += Span::seconds(2);
                push(
                    t,
                    format!(
                        "\"kind\":\"open\",\"article\":\"{a}\",\"title\":\"{topic}\",\"via\":\"search\""
                    ),
                );
            }
        }
    }
    if rng.chance(33) {
        push(
            t,
            format!("\"kind\":\"dismiss\",\"article\":\"{}\"", article(rng)),
        );
    }
    if rng.chance(25) {
        push(t, "\"kind\":\"hold\"".into());
        t += Span::seconds(40);
        push(t, "\"kind\":\"hold_end\",\"seconds\":40".into());
    }
    let a = article(rng);
    push(
        t,
        format!("\"kind\":\"copy\",\"article\":\"{a}\",\"text\":\"Le resumo los pasos.\""),
    );
    if rng.chance(33) {
        push(
            t,
            format!(
                "\"kind\":\"helpful\",\"article\":\"{a}\",\"helpful\":{},\"via\":\"reader\"",
                !rng.chance(20)
            ),
        );
    }
    if rng.chance(5) {
        push(
            t,
            format!(
                "\"kind\":\"flag\",\"article\":\"{a}\",\"reason\":\"outdated\",\"comment\":\"el plazo ya no es ese\""
            ),
        );
    }
    t += Span::seconds(30);
    push(
        t,
        "\"kind\":\"wrapup\",\"disposition\":\"resolved\",\"note\":\"resuelto\"".into(),
    );
    push(t, "\"kind\":\"end\"".into());
    out
}

/// A file and the lines to append to it at their times.
struct Script {
    /// Relative to the agent's data dir.
    file: String,
    lines: Vec<(DateTime<FixedOffset>, String)>,
    /// Written whole at its time (a scorecard), not appended.
    whole: bool,
}

struct Templates {
    practice: String,
    scorecard: String,
}

fn templates() -> Templates {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = manifest.join("tests/fixtures/training/good-duplicate-charge.jsonl");
    let practice = std::fs::read_to_string(&fixture).expect("the practice call fixture");
    let roots = vec![
        apunte::knowledge::Root::open(
            apunte::knowledge::RootSource::Dir(manifest.join("knowledge")),
            &manifest.join("knowledge"),
        )
        .expect("the sample knowledge"),
    ];
    let opts = apunte::training::saved::Options {
        rubric: None,
        grader: None,
    };
    let scored =
        apunte::training::saved::score_journal(&fixture, &roots, &opts).expect("score the fixture");
    Templates {
        practice,
        scorecard: scored.card.to_json(),
    }
}

/// Everything agent `i` writes in the shift, in time order per file.
fn shift(i: usize, plan: &Plan, tpl: &Templates) -> Vec<Script> {
    let mut rng = Rng::new(i as u64 + 1);
    let agent = agent_name(i);
    let (y, m, d) = SHIFT_DAY;
    let tz = FixedOffset::east_opt(3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
    let begin = tz
        .with_ymd_and_hms(y, m, d, 8, 0, 0)
        .single()
        .expect("shift start");
    let end = begin + Span::minutes(plan.minutes as i64);
    let date = format!("{y:04}{m:02}{d:02}");
    let mut out = Vec::new();
    let mut t = begin + Span::seconds(rng.below(120) as i64);
    let mut n = 0;
    let trainee = i % 10 == 3;
    let mut practices = 0;
    let mut feedback = Vec::new();
    while t < end {
        let id = format!("{date}-{}-{i:03}{n:03}", t.format("%H%M%S"));
        if trainee && practices < 3 && n % 20 == 1 {
            practices += 1;
            let mut lines = Vec::new();
            for (k, l) in tpl.practice.lines().enumerate() {
                let at = t + Span::seconds(8 * k as i64);
                let l = l
                    .replace("good-duplicate-charge", &id)
                    .replace("\"Marta\"", &format!("\"{agent}\""));
                // The fixture's own time is replaced by this call's.
                let l = match l.find(",\"kind\"") {
                    Some(cut) => format!("{{\"t\":\"{}\"{}", stamp(at), &l[cut..]),
                    None => l,
                };
                lines.push((at, l));
            }
            let done = lines.last().map(|(at, _)| *at).unwrap_or(t);
            let mid = t + Span::seconds(30);
            out.push(Script {
                file: format!("sessions/{id}.coaching.jsonl"),
                lines: vec![(
                    mid,
                    format!(
                        "{{\"t\":\"{}\",\"kind\":\"coaching\",\"text\":\"verifique antes de cambiar nada\",\"from\":\"Eva\"}}",
                        stamp(mid)
                    ),
                )],
                whole: false,
            });
            out.push(Script {
                file: format!("sessions/{id}.jsonl"),
                lines,
                whole: false,
            });
            out.push(Script {
                file: format!("sessions/{id}.grades.jsonl"),
                lines: vec![(
                    done,
                    format!(
                        "{{\"grader\":\"Eva\",\"item\":\"tone\",\"points\":{}}}",
                        rng.below(6)
                    ),
                )],
                whole: false,
            });
            out.push(Script {
                file: format!("sessions/{id}.scorecard.json"),
                lines: vec![(done, tpl.scorecard.replace("good-duplicate-charge", &id))],
                whole: true,
            });
            t = done + Span::seconds(60);
        } else {
            let lines = real_call(&mut rng, &agent, &id, t);
            let done = lines.last().map(|(at, _)| *at).unwrap_or(t);
            out.push(Script {
                file: format!("sessions/{id}.jsonl"),
                lines,
                whole: false,
            });
            // A flag raised outside a call (from a replay) now and then.
            if rng.chance(3) {
                feedback.push((
                    done,
                    format!(
                        "{{\"t\":\"{}\",\"kind\":\"flag\",\"article\":\"{}\",\"reason\":\"unclear\",\"comment\":\"falta un paso\",\"call\":\"{id}\"}}",
                        stamp(done),
                        article(&mut rng)
                    ),
                ));
            }
            t = done + Span::seconds(20 + rng.below(60) as i64);
        }
        n += 1;
    }
    if !feedback.is_empty() {
        out.push(Script {
            file: "feedback/feedback.jsonl".into(),
            lines: feedback,
            whole: false,
        });
    }
    out
}

fn agent_name(i: usize) -> String {
    format!("agent-{i:03}")
}

fn team_name(i: usize) -> String {
    format!("team-{:02}", i / TEAM_SIZE)
}

/// What an agent's writer and shipper share: each line's write time, oldest first, and
/// how many were written.
#[derive(Default)]
struct Log {
    written: u64,
    waiting: VecDeque<(Instant, u64)>,
    lags: Vec<Duration>,
    rounds: u64,
    failed: u64,
}

fn target(url: &str) -> Target {
    let url = url.to_string();
    Settings {
        url: url.clone(),
        ..Settings::default()
    }
    .target_with(Lang::En, &move |v| match v {
        "APUNTE_CENTER_PASSWORD" => Some(pg::PASSWORD.to_string()),
        _ => None,
    })
    .expect("a valid url")
    .expect("a center")
}

fn shipper_of(i: usize) -> Shipper {
    let mut s = Shipper::new(
        agent_name(i),
        &team_name(i),
        Redactor::new(&Default::default()),
    );
    s.batch = apunte::center::ship::DEFAULT_BATCH;
    s
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.filter_map(Result::ok) {
            match e.file_type() {
                Ok(ft) if ft.is_dir() => total += dir_bytes(&e.path()),
                Ok(_) => total += e.metadata().map(|m| m.len()).unwrap_or(0),
                Err(_) => {}
            }
        }
    }
    total
}

/// The live shift: each agent's lines appended at their (sped-up) times while the
/// agent's workspace shipper ships; returns the lines written.
fn live(plan: &Plan, root: &Path, t: &Target, scripts: Vec<Vec<Script>>) -> u64 {
    let (y, m, d) = SHIFT_DAY;
    let begin = FixedOffset::east_opt(3600)
        .and_then(|tz| tz.with_ymd_and_hms(y, m, d, 8, 0, 0).single())
        .expect("shift start");
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut logs = Vec::new();
    let mut writers = Vec::new();
    let mut handles = Vec::new();
    for (i, script) in scripts.into_iter().enumerate() {
        let dir = root.join(agent_name(i));
        std::fs::create_dir_all(dir.join("sessions")).expect("agent dir");
        std::fs::create_dir_all(dir.join("feedback")).expect("agent dir");
        let log = Arc::new(Mutex::new(Log::default()));
        logs.push(log.clone());
        let status_log = log.clone();
        let stop_shipper = stop.clone();
        let handle = shipper::start(
            t.clone(),
            shipper_of(i),
            dir.clone(),
            Lang::En,
            Box::new(move |s: shipper::Status| {
                let now = Instant::now();
                let mut l = status_log.lock().expect("log");
                l.rounds += 1;
                if !s.reachable {
                    l.failed += 1;
                    if let Some(e) = &s.error {
                        eprintln!("shipper round failed: {e}");
                    }
                } else {
                    let acked = l.written.saturating_sub(s.behind);
                    while l.waiting.front().is_some_and(|(_, n)| *n <= acked) {
                        if let Some((at, _)) = l.waiting.pop_front() {
                            l.lags.push(now - at);
                        }
                    }
                }
                !stop_shipper.load(Ordering::Relaxed)
            }),
        )
        .expect("start the shipper");
        let handle = Arc::new(handle);
        handles.push(handle.clone());
        let speed = plan.speed;
        writers.push(std::thread::spawn(move || {
            // Every line of the agent's shift in time order, across files.
            let mut all: Vec<(DateTime<FixedOffset>, usize, usize)> = Vec::new();
            for (f, s) in script.iter().enumerate() {
                for (k, (at, _)) in s.lines.iter().enumerate() {
                    all.push((*at, f, k));
                }
            }
            all.sort_by_key(|(at, f, k)| (*at, *f, *k));
            let mut files: Vec<Option<std::fs::File>> = script.iter().map(|_| None).collect();
            for (at, f, k) in all {
                let due = (at - begin).num_milliseconds().max(0) as f64 / speed;
                let due = started + Duration::from_secs_f64(due / 1000.0);
                let now = Instant::now();
                if due > now {
                    std::thread::sleep(due - now);
                }
                let s = &script[f];
                let path = dir.join(&s.file);
                let text = &s.lines[k].1;
                if s.whole {
                    let tmp = path.with_extension("tmp");
                    std::fs::write(&tmp, text).expect("write");
                    std::fs::rename(&tmp, &path).expect("rename");
                } else {
                    let file = files[f].get_or_insert_with(|| {
                        std::fs::OpenOptions::new()
                            .create(true)
                            .append(true)
                            .open(&path)
                            .expect("open the journal")
                    });
                    file.write_all(format!("{text}\n").as_bytes())
                        .expect("append");
                }
                {
                    let mut l = log.lock().expect("log");
                    l.written += 1;
                    let n = l.written;
                    l.waiting.push_back((Instant::now(), n));
                }
                if s.whole
                    || text.contains("\"kind\":\"end\"")
                    || text.contains("\"kind\":\"flag\"")
                    || text.contains("\"kind\":\"helpful\"")
                {
                    handle.nudge();
                }
                // Closed at its call's end, as the workspace does.
                if k + 1 == s.lines.len() {
                    files[f] = None;
                }
            }
        }));
    }
    for w in writers {
        w.join().expect("writer");
    }
    let written_in = started.elapsed();
    // Bounded wait for the last rounds.
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline
        && logs
            .iter()
            .any(|l| !l.lock().map(|l| l.waiting.is_empty()).unwrap_or(true))
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let drained_in = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    drop(handles);
    let mut lags = Samples::default();
    let (mut written, mut rounds, mut failed, mut left) = (0, 0, 0, 0);
    for l in &logs {
        let l = l.lock().expect("log");
        written += l.written;
        rounds += l.rounds;
        failed += l.failed;
        left += l.waiting.len();
        lags.0.extend(l.lags.iter().copied());
    }
    eprintln!(
        "live: {written} lines by {} agents in {:.1} s ({:.1}× real time), drained {:.1} s later; {rounds} shipper rounds, {failed} failed, {left} lines never acknowledged",
        plan.agents,
        written_in.as_secs_f64(),
        plan.speed,
        (drained_in - written_in).as_secs_f64()
    );
    figure("center.live.lines", written as f64, "lines");
    figure(
        "center.live.records_per_s",
        written as f64 / written_in.as_secs_f64(),
        "records/s",
    );
    figure("center.live.rounds", rounds as f64, "rounds");
    figure("center.live.failed_rounds", failed as f64, "rounds");
    figure("center.live.unacknowledged", left as f64, "lines");
    lags.report("center.live.lag");
    written
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).expect(sql).get(0)
}

fn mb(client: &mut postgres::Client, sql: &str) -> f64 {
    let bytes: i64 = client.query_one(sql, &[]).expect(sql).get(0);
    bytes as f64 / 1e6
}

/// The shift shipped at once by every agent, concurrently, into a fresh database.
fn catch_up(plan: &Plan, root: &Path, c: &pg::Cluster, lines: u64) {
    let mut admin = c.client("postgres").expect("admin client");
    admin
        .batch_execute("CREATE DATABASE bulk")
        .expect("create bulk");
    let url = format!("postgres://{}@127.0.0.1:{}/bulk", pg::USER, c.port);
    let t = target(&url);
    let mut client = t.connect(Lang::En).expect("connect bulk");
    schema::migrate(&mut client, Lang::En, &t).expect("migrate bulk");
    // The positions of the live run are kept aside: this run ships from the start.
    for i in 0..plan.agents {
        let dir = root.join(agent_name(i));
        let _ = std::fs::rename(dir.join("center"), dir.join("center.live"));
    }
    let started = Instant::now();
    let threads: Vec<_> = (0..plan.agents)
        .map(|i| {
            let t = t.clone();
            let dir = root.join(agent_name(i));
            std::thread::spawn(move || {
                let t0 = Instant::now();
                let mut client = t.connect(Lang::En).expect("connect");
                let shipped = shipper_of(i)
                    .ship_all(&mut client, Lang::En, &t, &dir, &mut |_| {})
                    .expect("ship");
                (shipped.sent, t0.elapsed())
            })
        })
        .collect();
    let mut per_agent = Samples::default();
    let mut sent = 0;
    for th in threads {
        let (n, took) = th.join().expect("shipper");
        sent += n;
        per_agent.0.push(took);
    }
    let took = started.elapsed();
    let rows = count(&mut client, "SELECT count(*) FROM records");
    let cards = count(&mut client, "SELECT count(*) FROM scorecards");
    eprintln!(
        "catch-up: {sent} lines ({rows} rows, {cards} scorecards) by {} agents at once in {:.1} s",
        plan.agents,
        took.as_secs_f64()
    );
    assert_eq!(rows + cards, lines as i64, "every line once");
    figure(
        "center.catchup.records_per_s",
        rows as f64 / took.as_secs_f64(),
        "records/s",
    );
    figure("center.catchup.seconds", took.as_secs_f64(), "s");
    per_agent.report("center.catchup.per_agent");
    let size = mb(&mut client, "SELECT pg_database_size(current_database())");
    figure("center.shift.db_mb", size, "MB");
    figure(
        "center.shift.bytes_per_record",
        size * 1e6 / rows.max(1) as f64,
        "bytes",
    );
    drop(client);
    let _ = admin.batch_execute("DROP DATABASE bulk");
}

fn working_days(days: usize) -> Vec<NaiveDate> {
    let (y, m, d) = SHIFT_DAY;
    let first = NaiveDate::from_ymd_opt(y, m, d).expect("shift day");
    let mut out = Vec::new();
    let mut day = first;
    while out.len() < days {
        if day.weekday().number_from_monday() <= 5 {
            out.push(day);
        }
        day = day.succ_opt().expect("next day");
    }
    out
}

/// The shift repeated on each working day: new session ids (the date in them), every
/// time moved by whole days.
fn make_month(client: &mut postgres::Client, days: &[NaiveDate]) {
    let first = days[0];
    let from = first.format("%Y%m%d").to_string();
    let lo = format!("{first} 00:00:00+00");
    let hi = format!("{} 00:00:00+00", first.succ_opt().expect("next day"));
    for day in &days[1..] {
        let k = (*day - first).num_days();
        let to = day.format("%Y%m%d").to_string();
        let t0 = Instant::now();
        client
            .batch_execute(&format!(
                "BEGIN;
                 INSERT INTO sessions (agent, session, team, mode, started, scenario, trainee)
                 SELECT agent, replace(session, '{from}', '{to}'), team, mode, started + interval '{k} days', scenario, trainee
                 FROM sessions WHERE started >= '{lo}' AND started < '{hi}';
                 INSERT INTO records (agent, journal, seq, session, team, kind, at, article, body)
                 SELECT agent, replace(journal, '{from}', '{to}'), seq, replace(session, '{from}', '{to}'), team, kind,
                        at + interval '{k} days', article,
                        CASE WHEN body ? 't' THEN jsonb_set(body, '{{t}}', to_jsonb(at + interval '{k} days')) ELSE body END
                        || CASE WHEN body ? 'session' THEN jsonb_build_object('session', replace(body->>'session', '{from}', '{to}')) ELSE '{{}}'::jsonb END
                        || CASE WHEN body ? 'call' THEN jsonb_build_object('call', replace(body->>'call', '{from}', '{to}')) ELSE '{{}}'::jsonb END
                 FROM records WHERE at >= '{lo}' AND at < '{hi}';
                 INSERT INTO feedback (agent, journal, seq, session, team, kind, at, article, reason, helpful, body)
                 SELECT agent, replace(journal, '{from}', '{to}'), seq, replace(session, '{from}', '{to}'), team, kind,
                        at + interval '{k} days', article, reason, helpful, body
                 FROM feedback WHERE at >= '{lo}' AND at < '{hi}';
                 INSERT INTO scorecards (agent, session, team, scenario, trainee, score, body)
                 SELECT c.agent, replace(c.session, '{from}', '{to}'), c.team, c.scenario, c.trainee, c.score,
                        jsonb_set(c.body, '{{session}}', to_jsonb(replace(c.session, '{from}', '{to}')))
                 FROM scorecards c JOIN sessions s ON s.agent = c.agent AND s.session = c.session
                 WHERE s.started >= '{lo}' AND s.started < '{hi}';
                 COMMIT;"
            ))
            .expect("copy a day");
        eprintln!("month: {day} copied in {:.1} s", t0.elapsed().as_secs_f64());
    }
    client.batch_execute("ANALYZE").expect("analyze");
}

/// One report over the center: fetched back, then the local code over it.
fn report(t: &Target, name: &str, filter: &Filter) {
    let mut client = t.connect(Lang::En).expect("connect");
    let dir = tempfile::tempdir().expect("report dir");
    let t0 = Instant::now();
    let fetched = fetch::fetch(&mut client, Lang::En, t, filter, dir.path()).expect("fetch");
    let fetch_took = t0.elapsed();
    let t1 = Instant::now();
    let calls = apunte::insight::calls::load(dir.path(), None).expect("load");
    let gaps = apunte::insight::gaps::report(&calls, Lang::Es, |_| None);
    let usage = apunte::insight::usage::report(&calls, &[], &[]);
    let report_took = t1.elapsed();
    eprintln!(
        "report {name}: {} records of {} journals fetched in {:.2} s; gaps ({} searches, {} groups) and usage ({} articles) of {} calls in {:.2} s",
        fetched.records,
        fetched.journals,
        fetch_took.as_secs_f64(),
        gaps.searches,
        gaps.no_results.len() + gaps.nothing_opened.len(),
        usage.articles.len(),
        calls.len(),
        report_took.as_secs_f64()
    );
    figure(
        &format!("center.report.{name}.records"),
        fetched.records as f64,
        "records",
    );
    figure(
        &format!("center.report.{name}.fetch_s"),
        fetch_took.as_secs_f64(),
        "s",
    );
    figure(
        &format!("center.report.{name}.report_s"),
        report_took.as_secs_f64(),
        "s",
    );
}

fn sql_timed(client: &mut postgres::Client, name: &str, sql: &str) {
    let t0 = Instant::now();
    let rows = client.query(sql, &[]).expect(sql);
    let took = t0.elapsed();
    eprintln!(
        "sql {name}: {} rows in {:.3} s",
        rows.len(),
        took.as_secs_f64()
    );
    figure(&format!("center.sql.{name}_s"), took.as_secs_f64(), "s");
}

fn binary_train_report(c: &pg::Cluster, extra: &[&str]) -> Duration {
    let sb = tempfile::tempdir().expect("sandbox");
    let t0 = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_apunte"))
        .env("APUNTE_CONFIG_DIR", sb.path().join("config"))
        .env("APUNTE_CACHE_DIR", sb.path().join("cache"))
        .env("APUNTE_DATA_DIR", sb.path().join("data"))
        .env("APUNTE_CENTER_URL", c.url())
        .env("APUNTE_CENTER_PASSWORD", pg::PASSWORD)
        .env_remove("APUNTE_KNOWLEDGE")
        .arg("--knowledge")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"))
        .args(["train", "report", "--json", "--center"])
        .args(extra)
        .output()
        .expect("run apunte");
    let took = t0.elapsed();
    assert!(
        out.status.success(),
        "train report --center: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn main() {
    let plan = Plan::get();
    let c = match pg::Cluster::start() {
        Ok(c) => c,
        Err(why) => {
            eprintln!("SKIPPED: {why}");
            return;
        }
    };
    let t = target(&c.url());
    let mut client = t.connect(Lang::En).expect("connect");
    schema::migrate(&mut client, Lang::En, &t).expect("migrate");
    let work = tempfile::Builder::new()
        .prefix("apunte-center-bench-")
        .tempdir()
        .expect("work dir");
    let root = work.path().join("agents");
    eprintln!(
        "center: {} agents × {} min at {}× real time, a month of {} working days",
        plan.agents, plan.minutes, plan.speed, plan.days
    );

    let t0 = Instant::now();
    let tpl = templates();
    let scripts: Vec<Vec<Script>> = (0..plan.agents).map(|i| shift(i, &plan, &tpl)).collect();
    let lines: usize = scripts
        .iter()
        .flat_map(|s| s.iter().map(|f| f.lines.len()))
        .sum();
    let calls: usize = scripts
        .iter()
        .flat_map(|s| s.iter())
        .filter(|f| f.file.starts_with("sessions/") && f.file.matches('.').count() == 1)
        .count();
    eprintln!(
        "generated {lines} lines ({calls} calls) in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    figure("center.shift.calls", calls as f64, "calls");

    let written = live(&plan, &root, &t, scripts);
    assert_eq!(written, lines as u64);
    figure(
        "center.shift.journal_mb",
        dir_bytes(&root) as f64 / 1e6,
        "MB",
    );
    let rows = count(&mut client, "SELECT count(*) FROM records");
    let cards = count(&mut client, "SELECT count(*) FROM scorecards");
    assert_eq!(
        rows + cards,
        lines as i64,
        "the live shift shipped every line once"
    );

    catch_up(&plan, &root, &c, lines as u64);

    let days = working_days(plan.days);
    let t0 = Instant::now();
    make_month(&mut client, &days);
    let month_rows = count(&mut client, "SELECT count(*) FROM records");
    eprintln!(
        "month: {month_rows} records over {} days in {:.1} s",
        days.len(),
        t0.elapsed().as_secs_f64()
    );
    figure("center.month.records", month_rows as f64, "records");
    figure(
        "center.month.db_mb",
        mb(&mut client, "SELECT pg_database_size(current_database())"),
        "MB",
    );
    figure(
        "center.month.records_mb",
        mb(
            &mut client,
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'records'::regclass",
        ),
        "MB",
    );

    let first = days[0];
    let last = *days.last().expect("a day");
    let week = days.get(4).copied().unwrap_or(last);
    let team = Some(team_name(0));
    report(
        &t,
        "agent_month",
        &Filter {
            agent: Some(agent_name(0)),
            from: Some(first),
            to: Some(last),
            ..Filter::default()
        },
    );
    report(
        &t,
        "team_day",
        &Filter {
            team: team.clone(),
            from: Some(first),
            to: Some(first),
            ..Filter::default()
        },
    );
    report(
        &t,
        "team_week",
        &Filter {
            team: team.clone(),
            from: Some(first),
            to: Some(week),
            ..Filter::default()
        },
    );
    report(
        &t,
        "center_day",
        &Filter {
            from: Some(first),
            to: Some(first),
            ..Filter::default()
        },
    );
    if plan.month_all {
        report(
            &t,
            "center_month",
            &Filter {
                from: Some(first),
                to: Some(last),
                ..Filter::default()
            },
        );
    }
    let took = binary_train_report(&c, &[]);
    eprintln!(
        "train report --center over the month: {:.2} s",
        took.as_secs_f64()
    );
    figure("center.report.train_month_s", took.as_secs_f64(), "s");

    // The same questions asked of the database directly (what a report pushed down
    // into SQL would cost).
    let month = format!(
        "at >= '{first}' AND at < '{}'",
        last.succ_opt().expect("next day")
    );
    sql_timed(
        &mut client,
        "gaps_month",
        &format!(
            "SELECT body->>'query', count(*) FROM records WHERE kind = 'search' AND {month}
             AND (body->>'hits')::int = 0 GROUP BY 1 ORDER BY 2 DESC LIMIT 50"
        ),
    );
    sql_timed(
        &mut client,
        "usage_month",
        &format!(
            "SELECT article, count(*), count(DISTINCT session) FROM records
             WHERE kind = 'open' AND {month} GROUP BY 1 ORDER BY 2 DESC"
        ),
    );
    sql_timed(
        &mut client,
        "usage_team_month",
        &format!(
            "SELECT article, count(*) FROM records
             WHERE kind = 'open' AND team = 'team-00' AND {month} GROUP BY 1 ORDER BY 2 DESC"
        ),
    );
    sql_timed(
        &mut client,
        "scorecards_month",
        "SELECT c.trainee, c.scenario, count(*), avg(c.score) FROM scorecards c
         JOIN sessions s USING (agent, session) GROUP BY 1, 2",
    );
    sql_timed(
        &mut client,
        "feedback_month",
        &format!(
            "SELECT article, kind, count(*) FROM feedback WHERE {month} GROUP BY 1, 2 ORDER BY 3 DESC"
        ),
    );
}
