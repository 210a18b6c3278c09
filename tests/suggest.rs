//! Suggestions and empathy cues: quality on the labelled conversations against the sample
//! base, silence on small talk and unrelated talk, dismissals, cues in both languages, and
//! `apunte suggest` through the binary.
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use apunte::assist::{CueKind, Cues, Suggester, Suggestions, Transcript};
use apunte::config::SuggestConfig;
use apunte::conversation::{Speaker, Turn};
use apunte::knowledge::{Root, RootSource};
use apunte::search::Engine;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn conversations_dir() -> PathBuf {
    repo().join("tests/fixtures/conversations")
}

/// The sample base, indexed once in RAM for the whole module.
static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let dir = repo().join("knowledge");
    let root = Root::open(RootSource::Dir(dir.clone()), &dir).expect("sample root opens");
    let kb = apunte::knowledge::load(&[root]);
    Engine::in_memory(&kb.articles).expect("sample base indexes")
});

fn turn(speaker: Speaker, text: &str) -> Turn {
    Turn {
        speaker,
        text: text.into(),
        ts: String::new(),
        final_: true,
    }
}

fn customer(texts: &[&str]) -> Vec<Turn> {
    texts.iter().map(|t| turn(Speaker::Customer, t)).collect()
}

fn suggester() -> Suggester {
    Suggester::new(SuggestConfig::default())
}

/// Every labelled fixture: (stem, expected id, turns).
fn fixtures() -> Vec<(String, String, Vec<Turn>)> {
    #[derive(serde::Deserialize)]
    struct Expected {
        expected: BTreeMap<String, String>,
    }
    let dir = conversations_dir();
    let text = std::fs::read_to_string(dir.join("expected.toml")).expect("expected.toml");
    let expected: Expected = toml::from_str(&text).expect("expected.toml parses");
    expected
        .expected
        .into_iter()
        .map(|(stem, id)| {
            let path = dir.join(format!("{stem}.jsonl"));
            let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let t = Transcript::read(std::io::BufReader::new(file));
            assert!(t.problems.is_empty(), "{stem}: {:?}", t.problems);
            (stem, id, t.turns)
        })
        .collect()
}

/// The one-sentence openers of `tests/fixtures/assist/openers.toml`: (text, expected id or
/// "" for unrelated talk).
fn openers() -> Vec<(String, String)> {
    #[derive(serde::Deserialize)]
    struct Case {
        text: String,
        id: String,
    }
    #[derive(serde::Deserialize)]
    struct File {
        case: Vec<Case>,
    }
    let path = repo().join("tests/fixtures/assist/openers.toml");
    let text = std::fs::read_to_string(&path).expect("openers.toml");
    let file: File = toml::from_str(&text).expect("openers.toml parses");
    file.case.into_iter().map(|c| (c.text, c.id)).collect()
}

/// Ranking without the threshold (to see where the expected article lands).
fn ranked(turns: &[Turn]) -> Suggestions {
    let s = Suggester::new(SuggestConfig {
        threshold: 0.0,
        limit: 3,
    });
    s.suggest(&ENGINE, turns, &HashSet::new())
}

#[test]
fn quality_on_labelled_conversations() {
    let threshold = SuggestConfig::default().threshold;
    let mut in_top3 = 0;
    let mut shown_top3 = 0;
    let mut first = 0;
    let mut rows = Vec::new();
    let candidates = [0.25f32, 0.30, 0.33, 0.35, 0.40];
    let mut shown_at = [0usize; 5];
    let all = fixtures();
    assert!(all.len() >= 20, "only {} fixtures", all.len());
    for (stem, expected, turns) in &all {
        let out = ranked(turns);
        let pos = out.items.iter().position(|s| &s.hit.id == expected);
        if let Some(p) = pos {
            in_top3 += 1;
            first += usize::from(p == 0);
            if out.items[p].confidence >= threshold {
                shown_top3 += 1;
            }
            for (n, c) in candidates.iter().enumerate() {
                shown_at[n] += usize::from(out.items[p].confidence >= *c);
            }
        }
        let got: Vec<String> = out
            .items
            .iter()
            .map(|s| {
                format!(
                    "{} {:.2}/{:.1} [{}]",
                    s.hit.id,
                    s.confidence,
                    s.hit.score,
                    s.reason.words.join(",")
                )
            })
            .collect();
        rows.push(format!(
            "{} {stem:<26} {expected:<38} {}",
            match pos {
                Some(0) => "1",
                Some(_) => "3",
                None => "-",
            },
            got.join(" | ")
        ));
    }
    println!("{}", rows.join("\n"));
    let n = all.len();
    println!(
        "top-1 {first}/{n}, top-3 {in_top3}/{n} ({:.0}%), shown at threshold {threshold}: {shown_top3}/{n}",
        100.0 * in_top3 as f64 / n as f64
    );
    for (c, n) in candidates.iter().zip(shown_at) {
        println!(
            "  expected article shown (top 3, confidence >= {c:.2}): {n}/{}",
            all.len()
        );
    }
    // Measured 23/27 in the top 3 (19 first), 21/27 at or above the default threshold;
    // the bars sit just below.
    assert!(in_top3 * 100 >= n * 80, "top-3 {in_top3}/{n}");
    assert!(shown_top3 * 100 >= n * 74, "shown {shown_top3}/{n}");
}

#[test]
fn quality_on_one_sentence_openers() {
    let (mut related, mut shown, mut first) = (0, 0, 0);
    for (text, id) in openers() {
        let turns = customer(&[&text]);
        let out = suggester().suggest(&ENGINE, &turns, &HashSet::new());
        let ids: Vec<&str> = out.items.iter().map(|s| s.hit.id.as_str()).collect();
        println!("{text:<80} {id:<40} {ids:?} best {:.2}", out.best);
        if id.is_empty() {
            assert!(out.items.is_empty(), "{text:?}: unrelated, yet {ids:?}");
            continue;
        }
        related += 1;
        let pos = ids.iter().take(3).position(|i| *i == id);
        shown += usize::from(pos.is_some());
        first += usize::from(pos == Some(0));
    }
    println!("openers: shown in top 3 {shown}/{related}, first {first}/{related}");
    // Measured 16/16 shown, 15/16 first.
    assert!(shown * 100 >= related * 85, "shown {shown}/{related}");
}

/// Not a test: prints top-1/top-3 over the fixtures for a grid of weights
/// (`cargo test --test integration suggest::sweep -- --ignored --nocapture`).
#[test]
#[ignore]
fn sweep() {
    let all = fixtures();
    for agent in [0.0, 0.2, 0.35, 0.5] {
        for decay in [0.5, 0.7, 0.85, 1.0] {
            let mut s = Suggester::new(SuggestConfig {
                threshold: 0.0,
                limit: 3,
            });
            s.weights.agent = agent;
            s.weights.decay = decay;
            let (mut t1, mut t3) = (0, 0);
            for (_, expected, turns) in &all {
                let out = s.suggest(&ENGINE, turns, &HashSet::new());
                match out.items.iter().position(|s| &s.hit.id == expected) {
                    Some(0) => {
                        t1 += 1;
                        t3 += 1
                    }
                    Some(_) => t3 += 1,
                    None => {}
                }
            }
            println!(
                "agent {agent:.2} decay {decay:.2}: top-1 {t1} top-3 {t3} / {}",
                all.len()
            );
        }
    }
}

/// Not a test: dumps, per conversation, the fetched hits with score and matched weight
/// as JSON lines for calibrating the confidence offline.
#[test]
#[ignore]
fn dump() {
    let mut all: Vec<(String, String, Vec<Turn>)> = fixtures();
    for (i, (text, id)) in openers().into_iter().enumerate() {
        let stem = if id.is_empty() {
            format!("none-{i}")
        } else {
            format!("open-{i}")
        };
        all.push((stem, id, customer(&[&text])));
    }
    let s = Suggester::new(SuggestConfig {
        threshold: 0.0,
        limit: 8,
    });
    for (stem, expected, turns) in &all {
        let out = s.suggest(&ENGINE, turns, &HashSet::new());
        let hits: Vec<serde_json::Value> = out
            .items
            .iter()
            .map(|x| {
                let w: f32 = out
                    .terms
                    .iter()
                    .filter(|t| x.hit.matched.iter().any(|m| m == &t.word))
                    .map(|t| t.weight)
                    .sum();
                let n = out
                    .terms
                    .iter()
                    .filter(|t| t.customer && x.hit.matched.iter().any(|m| m == &t.word))
                    .count();
                serde_json::json!({"id": x.hit.id, "score": x.hit.score, "w": w, "n": n, "ok": &x.hit.id == expected, "focus": x.focus, "conf": x.confidence})
            })
            .collect();
        let total: f32 = out.terms.iter().map(|t| t.weight).sum();
        println!(
            "DUMP {}",
            serde_json::json!({"stem": stem, "expected": expected, "total": total, "hits": hits})
        );
    }
}

#[test]
fn small_talk_never_suggests() {
    for turns in [
        customer(&["hola, buenos días"]),
        customer(&["Hola, buenas tardes. ¿Qué tal?", "gracias"]),
        customer(&["hi, how are you?", "good morning, thanks"]),
        vec![
            turn(Speaker::Customer, "Hello."),
            turn(
                Speaker::Agent,
                "Good morning, you're speaking with Lucía from Ondina.",
            ),
            turn(Speaker::Customer, "Hi, thanks"),
        ],
    ] {
        let out = suggester().suggest(&ENGINE, &turns, &HashSet::new());
        assert!(out.items.is_empty(), "{turns:?} → {:?}", out.items);
        assert!(out.terms.iter().all(|t| !t.customer), "{:?}", out.terms);
    }
}

#[test]
fn unrelated_talk_stays_quiet() {
    for turns in [
        customer(&[
            "qué calor hace hoy, ¿verdad?",
            "el domingo ganó el Betis al Sevilla tres a uno",
        ]),
        customer(&[
            "lovely weather today",
            "did you watch the football last night? what a match",
        ]),
    ] {
        let out = suggester().suggest(&ENGINE, &turns, &HashSet::new());
        println!("{:?}: best {:.2}", turns[0].text, out.best);
        let all = Suggester::new(SuggestConfig {
            threshold: 0.0,
            limit: 6,
        })
        .suggest(&ENGINE, &turns, &HashSet::new());
        for s in &all.items {
            println!(
                "   {} {:.2}/{:.1} {:?}",
                s.hit.id, s.confidence, s.hit.score, s.reason.words
            );
        }
        assert!(out.items.is_empty(), "{turns:?} → {:?}", out.items);
    }
}

#[test]
fn dismissed_ids_never_come_back() {
    let turns = customer(&["me han cobrado dos veces el recibo de este mes"]);
    let s = Suggester::new(SuggestConfig {
        threshold: 0.0,
        limit: 5,
    });
    let first = s.suggest(&ENGINE, &turns, &HashSet::new());
    assert_eq!(
        first.items.first().map(|s| s.hit.id.as_str()),
        Some("facturacion/cargo-duplicado")
    );
    let mut dismissed = HashSet::new();
    for _ in 0..3 {
        let out = s.suggest(&ENGINE, &turns, &dismissed);
        for item in &out.items {
            assert!(
                !dismissed.contains(&item.hit.id),
                "{} came back",
                item.hit.id
            );
        }
        if let Some(top) = out.items.first() {
            dismissed.insert(top.hit.id.clone());
        }
    }
    assert_eq!(dismissed.len(), 3);
}

#[test]
fn reason_names_the_words_and_the_turn() {
    let turns = vec![
        turn(Speaker::Customer, "hola, buenos días"),
        turn(Speaker::Agent, "buenos días, ¿en qué puedo ayudarle?"),
        turn(Speaker::Customer, "me han cobrado dos veces la factura"),
    ];
    let out = suggester().suggest(&ENGINE, &turns, &HashSet::new());
    let top = out.items.first().expect("a suggestion");
    assert_eq!(top.hit.id, "facturacion/cargo-duplicado");
    assert_eq!(top.reason.turn, 2);
    assert!(
        top.reason.words.iter().any(|w| w == "cobrado"),
        "{:?}",
        top.reason
    );
    assert!(
        top.reason
            .text(apunte::knowledge::Lang::Es)
            .ends_with("turno 3")
    );
}

// ---------------------------------------------------------------------------------------
// Cues

fn bundled_cues() -> Cues {
    Cues::load(&repo().join("knowledge/cues.toml")).expect("the bundled cues.toml parses")
}

fn kinds(cues: &Cues, text: &str) -> Vec<CueKind> {
    cues.detect(text).into_iter().map(|c| c.kind).collect()
}

#[test]
fn cues_each_kind_in_both_languages() {
    let cues = bundled_cues();
    let cases = [
        (
            "¡Estoy HARTA, es la tercera vez que llamo!",
            CueKind::Frustration,
            "guias/cliente-enfadado",
        ),
        (
            "This is ridiculous, I'm fed up",
            CueKind::Frustration,
            "guias/angry-customer",
        ),
        (
            "es urgente, trabajo desde casa",
            CueKind::Urgency,
            "guias/escalado-supervisor",
        ),
        (
            "I need it fixed today, it's urgent",
            CueKind::Urgency,
            "guias/escalation",
        ),
        (
            "mi padre falleció el mes pasado",
            CueKind::Vulnerability,
            "guias/clientes-vulnerables",
        ),
        (
            "my husband passed away in March",
            CueKind::Vulnerability,
            "guias/vulnerable-customers",
        ),
        (
            "pues me doy de baja y me voy con otra",
            CueKind::Leaving,
            "guias/cliente-quiere-irse",
        ),
        (
            "I want to cancel, the competitor is cheaper",
            CueKind::Leaving,
            "guias/customer-wants-to-leave",
        ),
    ];
    for (text, kind, article) in cases {
        let found = cues.detect(text);
        let cue = found
            .iter()
            .find(|c| c.kind == kind)
            .unwrap_or_else(|| panic!("{text:?}: no {kind} in {found:?}"));
        assert_eq!(cue.article.as_deref(), Some(article), "{text:?}");
    }
}

#[test]
fn cues_ignore_accents_and_case() {
    let cues = bundled_cues();
    assert!(kinds(&cues, "ES UNA VERGUENZA").contains(&CueKind::Frustration));
    assert!(kinds(&cues, "es una vergüenza").contains(&CueKind::Frustration));
    assert!(kinds(&cues, "Mi madre FALLECIO ayer").contains(&CueKind::Vulnerability));
    assert!(kinds(&cues, "necesito cambiarme de compania").contains(&CueKind::Leaving));
}

#[test]
fn no_false_cues_on_neutral_text() {
    let cues = bundled_cues();
    for text in [
        "quiero cambiar de tarifa",
        "hola, buenos días, quería consultar mi factura",
        "los hartos del pueblo", // word boundary: "harto" is not "hartos"
        "the router lights are blinking",
        "I'd like to change my plan",
        "¿me puede decir cuánto pago al mes?",
    ] {
        assert!(
            cues.detect(text).is_empty(),
            "{text:?}: {:?}",
            cues.detect(text)
        );
    }
}

#[test]
fn cues_file_missing_or_malformed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cues.toml");
    assert!(Cues::load(&path).expect("missing is fine").is_empty());
    std::fs::write(
        &path,
        "[[cue]]\nkind = \"frustration\"\npatterns = [\"harto\",\n",
    )
    .expect("write");
    let err = Cues::load(&path).expect_err("malformed");
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("{}:", path.display())), "{msg}");
    std::fs::write(&path, "[[cue]]\nkind = \"rage\"\npatterns = [\"harto\"]\n").expect("write");
    let msg = Cues::load(&path).expect_err("bad kind").to_string();
    assert!(msg.contains(":2:8: unknown cue kind \"rage\""), "{msg}");
}

#[test]
fn cue_guidelines_exist_in_the_sample_base() {
    for id in bundled_cues().articles() {
        assert!(
            ENGINE.article(id).is_some(),
            "cues.toml links to missing article {id}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// `apunte suggest`

struct Env {
    _dirs: tempfile::TempDir,
    cache: PathBuf,
    config: PathBuf,
    data: PathBuf,
}

fn env() -> Env {
    let dirs = tempfile::tempdir().expect("tempdir");
    let make = |n: &str| {
        let p = dirs.path().join(n);
        std::fs::create_dir_all(&p).expect("mkdir");
        p
    };
    Env {
        cache: make("cache"),
        config: make("config"),
        data: make("data"),
        _dirs: dirs,
    }
}

fn run_suggest(args: &[&str], stdin: &[u8]) -> (String, String, Option<i32>) {
    use std::io::Write;
    let e = env();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_apunte"))
        .arg("suggest")
        .arg("--knowledge")
        .arg(repo().join("knowledge"))
        .args(args)
        .env("APUNTE_CACHE_DIR", &e.cache)
        .env("APUNTE_CONFIG_DIR", &e.config)
        .env("APUNTE_DATA_DIR", &e.data)
        .env_remove("APUNTE_KNOWLEDGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run apunte");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn fixture_bytes(stem: &str) -> Vec<u8> {
    std::fs::read(conversations_dir().join(format!("{stem}.jsonl"))).expect("fixture")
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn cli_prints_the_expected_article() {
    let (out, err, code) = run_suggest(&[], &fixture_bytes("es-01-doble-cargo"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("facturacion/cargo-duplicado"), "{out}\n{err}");
    let _ = path_str;
}

#[test]
fn cli_json_lines_parse() {
    let (out, err, code) = run_suggest(
        &["--json", "--each-turn"],
        &fixture_bytes("es-01-doble-cargo"),
    );
    assert_eq!(code, Some(0), "{err}");
    let mut ids = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        if let Some(id) = v.get("id").and_then(|i| i.as_str()) {
            ids.push(id.to_string());
            assert!(v["turn"].as_u64().is_some(), "{line}");
            assert!(
                v["confidence"]
                    .as_f64()
                    .is_some_and(|c| (0.0..=1.0).contains(&c)),
                "{line}"
            );
            assert!(
                v["reason"]["words"]
                    .as_array()
                    .is_some_and(|w| !w.is_empty()),
                "{line}"
            );
            assert!(v["reason"]["turn"].as_u64().is_some(), "{line}");
        }
    }
    assert!(
        ids.iter().any(|i| i == "facturacion/cargo-duplicado"),
        "{out}"
    );
}

#[test]
fn cli_counts_garbage_lines_and_goes_on() {
    let mut input = b"{garbage\n{\"speaker\":\"robot\",\"text\":\"x\"}\n".to_vec();
    input.extend_from_slice(b"\xff\xfe not utf8\n");
    input.extend_from_slice(b"me han cobrado dos veces el recibo de la fibra\n");
    let (out, err, code) = run_suggest(&[], &input);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("facturacion/cargo-duplicado"), "{out}\n{err}");
    assert!(err.contains("3 input lines"), "{err}");
}

/// Not a test: prints how long `suggest` takes over a synthetic base of 10k articles
/// (`cargo test --release --test integration suggest::timing -- --ignored --nocapture`).
#[test]
#[ignore]
fn timing() {
    let dir = tempfile::tempdir().expect("tempdir");
    apunte::synth::generate(dir.path(), 10_000, 7).expect("generate");
    let root = Root::open(RootSource::Dir(dir.path().to_path_buf()), dir.path()).expect("root");
    let kb = apunte::knowledge::load(&[root]);
    let engine = Engine::in_memory(&kb.articles).expect("index");
    let s = suggester();
    let mut times = Vec::new();
    for (_, _, turns) in fixtures() {
        for n in 1..=turns.len() {
            let t = std::time::Instant::now();
            let _ = s.suggest(&engine, &turns[..n], &HashSet::new());
            times.push(t.elapsed());
        }
    }
    times.sort();
    let mean = times.iter().sum::<std::time::Duration>() / times.len() as u32;
    println!(
        "suggest at {} articles: mean {mean:?}, p95 {:?}, max {:?} over {} calls",
        engine.len(),
        times[times.len() * 95 / 100],
        times[times.len() - 1],
        times.len()
    );
}
