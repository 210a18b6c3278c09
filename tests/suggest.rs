//! Suggestions and empathy cues: quality on the labelled conversations against the sample
//! base, silence on small talk and unrelated talk, dismissals, cues in both languages, and
//! `apunte suggest` through the binary.
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::LazyLock;

use apunte::assist::{CueKind, Cues, Settings, Suggester, Suggestions, Transcript};
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
    Suggester::new(Settings::default())
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
    let s = Suggester::new(Settings {
        threshold: 0.0,
        limit: 3,
    });
    s.suggest(&ENGINE, turns, &HashSet::new())
}

#[test]
fn quality_on_labelled_conversations() {
    let threshold = Settings::default().threshold;
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
    // Measured 24/27 in the top 3 (19 first), 22/27 at or above the default threshold
    // (before the idf coverage of one line: 27/27 and 19/27; before the relevance
    // confidence: 24/27, 20 first, 21/27 shown at its own threshold); the bars sit just
    // below.
    assert!(in_top3 * 100 >= n * 88, "top-3 {in_top3}/{n}");
    assert!(shown_top3 * 100 >= n * 78, "shown {shown_top3}/{n}");
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

/// Every article's own customer phrasings (`keywords` with two words or more), said by a
/// customer, bring that article up: keywords count.
#[test]
fn keyword_phrasings_bring_their_article() {
    let dir = repo().join("knowledge");
    let root = Root::open(RootSource::Dir(dir.clone()), &dir).expect("root");
    let kb = apunte::knowledge::load(&[root]);
    let s = Suggester::new(Settings {
        threshold: 0.0,
        limit: 3,
    });
    let (mut total, mut top3) = (0, 0);
    let mut misses = Vec::new();
    for a in &kb.articles {
        for k in a
            .keywords
            .iter()
            .filter(|k| k.split_whitespace().count() >= 2)
        {
            let out = s.suggest(&ENGINE, &customer(&[k]), &HashSet::new());
            if out.terms.iter().all(|t| !t.customer) {
                continue;
            }
            total += 1;
            if out.items.iter().any(|i| i.hit.id == a.id) {
                top3 += 1;
            } else {
                misses.push(format!("{k:?} → {} ", a.id));
            }
        }
    }
    println!("keyword phrasings: {top3}/{total} bring their article in the top 3");
    println!("misses: {}", misses.join("; "));
    assert!(total > 100, "{total}");
    // Measured 906/977 (93%); the bar sits just below.
    assert!(top3 * 100 >= total * 90, "{top3}/{total}");
}

/// Not a test: prints top-1/top-3 over the fixtures for a grid of weights
/// (`cargo test --test integration suggest::sweep -- --ignored --nocapture`).
#[test]
#[ignore]
fn sweep() {
    let all = fixtures();
    for (agent, older) in [
        (0.35, 1.0),
        (0.35, 0.8),
        (0.35, 0.7),
        (0.35, 0.6),
        (0.2, 0.7),
        (0.5, 0.7),
    ] {
        for decay in [0.7, 0.85, 1.0] {
            let mut s = Suggester::new(Settings {
                threshold: 0.0,
                limit: 3,
            });
            s.weights.agent = agent;
            s.weights.decay = decay;
            s.weights.older = older;
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
            let newest: Vec<String> = s
                .suggest(&ENGINE, &topic_change(), &HashSet::new())
                .items
                .iter()
                .map(|s| s.hit.id.clone())
                .collect();
            println!(
                "agent {agent:.2} older {older:.2} decay {decay:.2}: top-1 {t1} top-3 {t3} / {}, topic change → {newest:?}",
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
    let s = Suggester::new(Settings {
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
                serde_json::json!({"id": x.hit.id, "score": x.hit.score, "w": w, "n": n, "ok": &x.hit.id == expected, "focus": x.signals.focus, "conf": x.confidence})
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
        let all = Suggester::new(Settings {
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
    let s = Suggester::new(Settings {
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

fn topic_change() -> Vec<Turn> {
    vec![
        turn(
            Speaker::Customer,
            "me han cobrado dos veces el recibo de la fibra",
        ),
        turn(
            Speaker::Agent,
            "ya está, le he pedido la devolución del cargo duplicado",
        ),
        turn(Speaker::Customer, "vale, gracias"),
        turn(
            Speaker::Customer,
            "y otra cosa: me he quedado sin datos en el móvil y quedan diez días",
        ),
    ]
}

#[test]
fn the_newest_topic_leads() {
    // The labelled conversations set their topic early and add details later, so older
    // turns keep most of their weight: a new topic joins the list at once and leads as
    // soon as the agent dismisses the old one.
    let turns = topic_change();
    let out = suggester().suggest(&ENGINE, &turns, &HashSet::new());
    let ids: Vec<&str> = out.items.iter().map(|s| s.hit.id.as_str()).collect();
    let new = out
        .items
        .iter()
        .find(|s| s.hit.id == "movil/bono-datos-extra")
        .unwrap_or_else(|| panic!("new topic missing: {ids:?}"));
    assert_eq!(new.reason.turn, 3);
    let dismissed: HashSet<String> = ["facturacion/cargo-duplicado".to_string()].into();
    let out = suggester().suggest(&ENGINE, &turns, &dismissed);
    assert_eq!(
        out.items.first().map(|s| s.hit.id.as_str()),
        Some("movil/bono-datos-extra")
    );
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
    let kb = repo().join("knowledge");
    let mut all = vec!["--knowledge", kb.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    run_apunte_suggest(&all, stdin)
}

/// Runs `apunte suggest ARGS` in an empty temporary folder (so no `./knowledge`).
fn run_apunte_suggest(args: &[&str], stdin: &[u8]) -> (String, String, Option<i32>) {
    use std::io::Write;
    let e = env();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_apunte"))
        .arg("suggest")
        .args(args)
        .current_dir(&e.data)
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

#[test]
fn cli_prints_the_expected_article() {
    let (out, err, code) = run_suggest(&[], &fixture_bytes("es-01-doble-cargo"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("facturacion/cargo-duplicado"), "{out}\n{err}");
    // Human output: rank, id, title, confidence, then the reason.
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first
            .trim_start()
            .starts_with("1. facturacion/cargo-duplicado"),
        "{out}"
    );
    assert!(first.trim_end().ends_with('%'), "{out}");
    assert!(
        out.lines().nth(1).is_some_and(|l| l.contains("— turn")),
        "{out}"
    );
}

/// `--explain` says, for each article considered, its signals, its place in the search,
/// the words it has and whether it opens the gate: a long first turn with a preamble
/// opens it through several words of one guideline, and the search's first hits are
/// shown, near-duplicates and all.
#[test]
fn cli_explain_says_why_the_gate_opened() {
    let kb = repo().join("tests/fixtures/eval/airline");
    let input = concat!(
        "{\"speaker\":\"customer\",\"text\":\"Hello. My father is 86 and can't walk long ",
        "distances. He is flying alone next Tuesday. Can someone help him through the ",
        "airport with a wheelchair?\"}\n"
    );
    let (out, err, code) = run_apunte_suggest(
        &[
            "--knowledge",
            kb.to_str().expect("utf-8 path"),
            "--explain",
            "--limit",
            "3",
        ],
        input.as_bytes(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("1. assistance"), "{out}");
    assert!(out.contains("articles considered"), "{out}");
    assert!(out.contains("· assistance  [shown]"), "{out}");
    assert!(out.contains("search #1, lead "), "{out}");
    assert!(out.contains("opens the gate"), "{out}");
}

#[test]
fn cli_bundled_base_cues_and_limit() {
    let input = "{\"speaker\":\"customer\",\"text\":\"Estoy harta: me han cobrado dos veces el recibo de la fibra\"}\n";
    let (out, err, code) =
        run_apunte_suggest(&["--json", "--limit", "1", "--each-turn"], input.as_bytes());
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let ids: Vec<&str> = lines.iter().filter_map(|v| v["id"].as_str()).collect();
    assert_eq!(ids, ["facturacion/cargo-duplicado"], "{out}");
    let cue = lines
        .iter()
        .find(|v| v["cue"] == "frustration")
        .unwrap_or_else(|| panic!("no frustration cue: {out}"));
    assert_eq!(cue["article"], "guias/cliente-enfadado");
    assert_eq!(cue["turn"], 1);
}

#[test]
fn cli_small_talk_says_nothing() {
    let (out, err, code) = run_suggest(
        &[],
        b"hola, buenos dias\n{\"speaker\":\"customer\",\"text\":\"gracias\"}\n",
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.trim(), "no suggestions", "{out}");
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

mod props {
    use super::*;
    use proptest::prelude::*;

    fn speaker() -> impl Strategy<Value = Speaker> {
        prop_oneof![
            Just(Speaker::Customer),
            Just(Speaker::Agent),
            Just(Speaker::Note)
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,80}",
            proptest::collection::vec(
                prop_oneof![
                    Just("factura"),
                    Just("cobrado"),
                    Just("dos"),
                    Just("veces"),
                    Just("router"),
                    Just("HARTO"),
                    Just("no"),
                    Just("¡¡¡"),
                    Just("it's"),
                    Just("'s"),
                    Just("ñandú"),
                    Just("hola"),
                    Just("buenos días"),
                    Just(","),
                    Just("😀"),
                    Just("o sea"),
                ],
                0..12
            )
            .prop_map(|w| w.join(" ")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any conversation: no panic, at most `limit` items, confidences in 0..1 and
        /// above the threshold, never a dismissed id, reasons from customer turns.
        #[test]
        fn suggest_is_total(
            turns in proptest::collection::vec((speaker(), text(), any::<bool>()), 0..6),
            dismiss_top in any::<bool>(),
        ) {
            let turns: Vec<Turn> = turns
                .into_iter()
                .map(|(speaker, text, final_)| Turn { speaker, text, ts: String::new(), final_ })
                .collect();
            let s = Suggester::new(Settings { threshold: 0.2, limit: 3 });
            let first = s.suggest(&ENGINE, &turns, &HashSet::new());
            let mut dismissed = HashSet::new();
            if dismiss_top && let Some(top) = first.items.first() {
                dismissed.insert(top.hit.id.clone());
            }
            let out = s.suggest(&ENGINE, &turns, &dismissed);
            prop_assert!(out.items.len() <= 3);
            // Nothing unless the gate opened (one reached the threshold, or one of the
            // search's first hits is supported); then the search's first hits and those
            // relevant on their own.
            let gate = apunte::assist::suggest::GATE_RANKS;
            if !out.items.is_empty() {
                prop_assert!(out.open);
                prop_assert!(
                    out.best >= 0.2
                        || out.considered.iter().any(|c| c.signals.rank < gate && c.signals.supported()),
                    "{}",
                    out.best
                );
            }
            for item in &out.items {
                let floor = 0.2 * apunte::assist::suggest::SHOWN_SHARE;
                prop_assert!((0.0..=1.0).contains(&item.confidence), "{}", item.confidence);
                prop_assert!(
                    item.confidence >= floor || item.signals.rank < gate || item.signals.supported(),
                    "{} at rank {}",
                    item.confidence,
                    item.signals.rank
                );
                prop_assert!(!dismissed.contains(&item.hit.id));
                prop_assert!(!item.reason.words.is_empty());
                prop_assert_eq!(turns[item.reason.turn].speaker, Speaker::Customer);
            }
            let cues = bundled_cues();
            for (i, found) in cues.detect_turns(&turns) {
                prop_assert_eq!(turns[i].speaker, Speaker::Customer);
                prop_assert!(!found.is_empty());
            }
        }
    }
}

/// What is judged and what is shown with this limit: (id, confidence bits) of every
/// article considered, best first, and of those shown.
type Ranked = Vec<(String, u32)>;

fn ranked_at(limit: usize, turns: &[Turn]) -> (Ranked, Ranked) {
    let out = Suggester::new(Settings {
        limit,
        ..Settings::default()
    })
    .suggest(&ENGINE, turns, &HashSet::new());
    let pairs = |v: &[apunte::assist::Suggestion]| -> Ranked {
        v.iter()
            .map(|s| (s.hit.id.clone(), s.confidence.to_bits()))
            .collect()
    };
    (pairs(&out.considered), pairs(&out.items))
}

/// The display limit only cuts the list: the same ranking whatever the limit, and the
/// articles shown are the first of the ranking among those shown with no limit, with the
/// same confidence (it changed them before). Near-duplicates are placed together within
/// what is shown.
#[test]
fn ranking_does_not_depend_on_the_limit() {
    let leaving = customer(&[
        "Quiero darme de baja, me voy a otra compañía",
        "Mi DNI es 12345678Z y la tarjeta termina en 4321",
    ]);
    let mut cases: Vec<Vec<Turn>> = fixtures().into_iter().map(|f| f.2).collect();
    cases.push(leaving.clone());
    for turns in &cases {
        let (ranking, all) = ranked_at(apunte::assist::suggest::POOL, turns);
        for limit in [1, 3, 5] {
            let (again, cut) = ranked_at(limit, turns);
            assert_eq!(again, ranking, "limit {limit}: the ranking changed");
            let mut want: Ranked = ranking
                .iter()
                .filter(|r| all.contains(r))
                .take(limit)
                .cloned()
                .collect();
            let mut got = cut.clone();
            want.sort();
            got.sort();
            assert_eq!(got, want, "limit {limit}");
        }
    }
    // The customer is leaving: never the article for customers joining; reading out a
    // DNI and a card does not change the list, and the reason cites the first turn.
    let s = Suggester::new(Settings::default());
    let before = s.suggest(&ENGINE, &leaving[..1], &HashSet::new());
    let after = s.suggest(&ENGINE, &leaving, &HashSet::new());
    let ids = |o: &Suggestions| o.items.iter().map(|s| s.hit.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    // "darme de baja" may put the cancellation first (see also
    // direction_words_pick_leaving_or_joining).
    assert!(
        ids(&after).contains(&"portabilidad/portabilidad-saliente".to_string()),
        "{:?}",
        ids(&after)
    );
    assert!(!ids(&after).contains(&"portabilidad/portabilidad-entrante".to_string()));
    assert!(after.items.iter().all(|s| s.reason.turn == 0));
}

/// Near-duplicates are shown together, with the words that tell them apart.
#[test]
fn near_duplicates_are_grouped() {
    let s = Suggester::new(Settings::default());
    let out = s.suggest(
        &ENGINE,
        &customer(&["quiero saber cómo va la portabilidad de mi número"]),
        &HashSet::new(),
    );
    let groups: Vec<_> = out
        .items
        .iter()
        .map(|s| (s.hit.id.as_str(), s.group, s.distinct.clone()))
        .collect();
    println!("{groups:?}");
    for (i, item) in out.items.iter().enumerate() {
        assert!(item.group <= i);
        if out.items.iter().filter(|x| x.group == item.group).count() > 1 {
            assert!(!item.distinct.is_empty(), "{groups:?}");
        }
    }
}

/// Direction words: leaving for another operator and joining from one share most words
/// ("otra compañía", "número", "portabilidad"); the articles' own keywords and titles
/// (said nearly as written) tell which, with no list of words per topic.
#[test]
fn direction_words_pick_leaving_or_joining() {
    let leaving = "portabilidad/portabilidad-saliente";
    let joining = "portabilidad/portabilidad-entrante";
    let s = suggester();
    for (text, want, never) in [
        ("me voy a otra compañía", leaving, joining),
        (
            "Quiero darme de baja, me voy a otra compañía",
            leaving,
            joining,
        ),
        ("me voy a otra compañía con mi número", leaving, joining),
        (
            "vengo de otra compañía y quiero mantener el mismo número",
            joining,
            leaving,
        ),
        (
            "quiero traerme mi número desde otro operador",
            joining,
            leaving,
        ),
    ] {
        let out = s.suggest(&ENGINE, &customer(&[text]), &HashSet::new());
        let ids: Vec<&str> = out.items.iter().map(|i| i.hit.id.as_str()).collect();
        // Shown ("darme de baja" may put the cancellation first), and the other
        // direction never before it.
        assert!(ids.contains(&want), "{text:?}: {ids:?}");
        let pos = |id: &str| out.considered.iter().position(|c| c.hit.id == id);
        assert!(
            pos(never).is_none_or(|p| Some(p) > pos(want)),
            "{text:?}: {never} before {want}"
        );
    }
}
