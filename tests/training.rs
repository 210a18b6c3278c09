//! Training scores: golden calls that must score a given value or auto-fail, re-scoring
//! a saved call byte for byte, manual grades, the report with certification and grader
//! agreement, through the library and the real binary.
use std::path::{Path, PathBuf};

use apunte::knowledge::{Root, RootSource};
use apunte::training::saved::{self, Options};
use apunte::training::scorecard::{Outcome, Scorecard};

use crate::common::{Sandbox, sample_knowledge, stdout, success};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/training")
}

fn sample_root() -> Root {
    let dir = sample_knowledge();
    Root::open(RootSource::Dir(dir.clone()), &dir).unwrap()
}

fn golden(name: &str) -> Scorecard {
    let scored = saved::score_journal(
        &fixtures().join(format!("{name}.jsonl")),
        &[sample_root()],
        &Options::default(),
    )
    .unwrap();
    assert!(scored.warnings.is_empty(), "{:?}", scored.warnings);
    scored.card
}

fn item<'a>(card: &'a Scorecard, id: &str) -> &'a apunte::training::scorecard::ItemCard {
    card.sections
        .iter()
        .flat_map(|s| &s.items)
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// The golden calls and what they must score with the sample base's rubric: a change
/// of the rubric or the scorer that moves one of them shows here.
#[test]
fn golden_calls_score_what_they_must() {
    let cases: &[(&str, Option<f64>, bool, bool, bool)] = &[
        // (call, score, passed, auto-failed, provisional)
        ("good-duplicate-charge", Some(GOOD), true, false, true),
        ("graded-duplicate-charge", Some(GRADED), true, false, false),
        (
            "autofail-change-before-verify",
            Some(0.0),
            false,
            true,
            true,
        ),
        ("autofail-asks-cvv", Some(0.0), false, true, true),
        // A mock call of the sample base's card-fraud scenario: its [expect] applies.
        ("scenario-card-fraud", Some(SCENARIO), true, false, true),
        // A practice of the router scenario played in the real binary, partly met.
        ("partial-router-reset", Some(PARTIAL), true, false, true),
    ];
    for &(name, score, passed, auto_failed, provisional) in cases {
        let card = golden(name);
        assert_eq!(
            (card.score, card.passed, card.auto_failed, card.provisional),
            (score, passed, auto_failed, provisional),
            "{name}:\n{}",
            card.to_markdown(apunte::text::Lang::En)
        );
        assert_eq!(card.rubric.version, "2026-12.2", "{name}");
    }
}

const GOOD: f64 = 100.0;
const GRADED: f64 = 101.3;
const SCENARIO: f64 = 100.0;
/// (100 × 10 + 50 × 25 + 83.33 × 25 + 100 × 25 + 100 × 15) / 100.
const PARTIAL: f64 = 83.3;

/// The partly met golden call, item by item: shares of points, N/A that must stay N/A
/// (no empathy moment: a router switched back on is no customer leaving) and misses.
#[test]
fn a_golden_call_with_partly_met_items() {
    let card = golden("partial-router-reset");
    let sections: Vec<(&str, Option<f64>)> = card
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.score))
        .collect();
    assert_eq!(
        sections,
        [
            ("opening", Some(100.0)),
            ("security", Some(50.0)),
            ("knowledge", Some(83.3)),
            ("communication", Some(100.0)),
            ("closing", Some(100.0)),
        ]
    );
    let articles = item(&card, "right_article");
    assert_eq!(
        (articles.outcome, articles.earned),
        (Outcome::Partial, Some(5.0))
    );
    assert_eq!(
        articles.evidence.iter().map(|e| e.turn).collect::<Vec<_>>(),
        [2, 12]
    );
    // Neither the account holder's name ("my name is Ana" is the agent's) nor the
    // postcode was asked.
    let facts = item(&card, "hidden_facts");
    assert_eq!((facts.outcome, facts.earned), (Outcome::Missed, Some(0.0)));
    assert_eq!(item(&card, "empathy").outcome, Outcome::NotApplicable);
    assert_eq!(item(&card, "steps_in_order").evidence[0].turn, 5);
    let first = card.first_article.as_ref().unwrap();
    assert_eq!(
        (first.article.as_str(), first.turn),
        ("averias/no-internet-connection", 2)
    );
}

#[test]
fn golden_evidence_points_at_the_turns() {
    let card = golden("good-duplicate-charge");
    let verify = item(&card, "verify_before_change");
    assert_eq!(verify.outcome, Outcome::Met);
    assert_eq!(verify.evidence[0].turn, 5);
    let empathy = item(&card, "empathy");
    assert_eq!(empathy.outcome, Outcome::Met);
    assert_eq!(empathy.evidence[0].turn, 2);
    assert_eq!(item(&card, "tone").outcome, Outcome::Open);
    let first = card.first_article.as_ref().unwrap();
    assert_eq!(
        (first.article.as_str(), first.ms),
        ("facturacion/cargo-duplicado", 31_000)
    );
    assert_eq!(card.handle.ms, 91_000);
    // The account was changed before the DNI was asked: critical, listed first.
    let card = golden("autofail-change-before-verify");
    assert_eq!(card.critical_failures[0].item, "verify_before_change");
    assert_eq!(card.critical_failures[0].evidence[0].turn, 3);
    let card = golden("autofail-asks-cvv");
    assert_eq!(card.critical_failures[0].item, "no_forbidden_data");
    assert_eq!(card.critical_failures[0].evidence[0].turn, 3);
    // The scenario's [expect] is what the scenario items check.
    let card = golden("scenario-card-fraud");
    assert_eq!(card.scenario, "fraude-tarjeta");
    let articles = item(&card, "right_article");
    assert_eq!(
        (articles.outcome, articles.evidence.len()),
        (Outcome::Met, 2)
    );
    assert_eq!(item(&card, "steps_in_order").outcome, Outcome::Met);
    assert_eq!(item(&card, "hidden_facts").outcome, Outcome::Met);
    assert_eq!(card.handle.target_ms, Some(480_000));
    // The reviewer's comment is on the scorecard.
    let card = golden("graded-duplicate-charge");
    assert_eq!(card.reviews.len(), 1);
    assert_eq!(card.reviews[0].turn, 4);
}

/// A sandbox whose data folder holds copies of the golden calls.
fn sandbox_with_calls(names: &[&str]) -> Sandbox {
    let sb = Sandbox::new();
    let sessions = sb.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if names.iter().any(|n| file.starts_with(&format!("{n}."))) {
            std::fs::copy(&path, sessions.join(&file)).unwrap();
        }
    }
    sb
}

fn train(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    sb.apunte(sb.path())
        .arg("--knowledge")
        .arg(sample_knowledge())
        .arg("train")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn rescoring_a_saved_call_is_byte_for_byte_stable() {
    let sb = sandbox_with_calls(&["graded-duplicate-charge"]);
    let sessions = sb.path().join("data/sessions");
    let first = train(&sb, &["score", "graded"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let json = std::fs::read(sessions.join("graded-duplicate-charge.scorecard.json")).unwrap();
    let md = std::fs::read(sessions.join("graded-duplicate-charge.scorecard.md")).unwrap();
    let second = train(&sb, &["score", "graded"]);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(
        json,
        std::fs::read(sessions.join("graded-duplicate-charge.scorecard.json")).unwrap()
    );
    assert_eq!(
        md,
        std::fs::read(sessions.join("graded-duplicate-charge.scorecard.md")).unwrap()
    );
    assert_eq!(first.stdout, md, "stdout is the saved Markdown");
    let text = stdout(&first);
    assert!(text.contains("101.3 %"), "{text}");
    assert!(text.contains("Review comments"), "{text}");
    // The JSON printed is the JSON saved, and it reads back.
    let out = train(&sb, &["score", "graded", "--json"]);
    assert_eq!(out.stdout, json);
    let card: Scorecard = serde_json::from_slice(&json).unwrap();
    assert_eq!(card.score, Some(GRADED));
}

#[test]
fn a_real_call_is_scored_with_items_for_a_person_left_open() {
    let sb = sandbox_with_calls(&["good-duplicate-charge"]);
    let sessions = sb.path().join("data/sessions");
    let path = sessions.join("good-duplicate-charge.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"mode\":\"training\"", "\"mode\":\"live\"");
    std::fs::write(&path, text).unwrap();
    let out = train(&sb, &["score", "good-dup", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let card: Scorecard = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card.mode, "live");
    assert!(card.provisional);
    assert_eq!(item(&card, "resolution").outcome, Outcome::Open);
}

#[test]
fn grades_are_kept_per_grader_and_rescore_the_call() {
    let sb = sandbox_with_calls(&["good-duplicate-charge"]);
    let out = train(
        &sb,
        &[
            "grade",
            "good-dup",
            "--grader",
            "Luis",
            "tone=5",
            "resolution=5",
            "customer_name=na",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(!text.contains("provisional"), "{text}");
    let out = train(&sb, &["grade", "good-dup", "--grader", "Eva", "tone=9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tone=9: 5 points at most"), "{err}");
    let out = train(&sb, &["grade", "good-dup", "--grader", "Eva", "greeting=1"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scored by the check `phrase_said`"), "{err}");
    let grades = std::fs::read_to_string(
        sb.path()
            .join("data/sessions/good-duplicate-charge.grades.jsonl"),
    )
    .unwrap();
    assert_eq!(grades.lines().count(), 3);
    assert!(grades.lines().all(|l| l.contains("\"grader\":\"Luis\"")));
}

/// Scorecards and grades quote the call: created `0600` beside the journal, whatever
/// the umask lets other files be (a scorecard written again stays the owner's only).
#[cfg(unix)]
#[test]
fn scorecards_and_grades_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let sb = sandbox_with_calls(&["good-duplicate-charge"]);
    let sessions = sb.path().join("data/sessions");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for args in [
        &["score", "good-dup"][..],
        &["grade", "good-dup", "--grader", "Luis", "tone=5"][..],
        &["score", "good-dup"][..],
    ] {
        success(&train(&sb, args));
        for suffix in ["scorecard.json", "scorecard.md"] {
            let path = sessions.join(format!("good-duplicate-charge.{suffix}"));
            assert_eq!(mode(&path), 0o600, "{args:?}: {}", path.display());
        }
    }
    let grades = sessions.join("good-duplicate-charge.grades.jsonl");
    assert_eq!(mode(&grades), 0o600);
    // Nothing else is left beside them (the temporary files were renamed into place).
    let mut names: Vec<String> = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "good-duplicate-charge.grades.jsonl",
            "good-duplicate-charge.jsonl",
            "good-duplicate-charge.scorecard.json",
            "good-duplicate-charge.scorecard.md",
        ]
    );
}

/// Two graders score the manual items of the same three calls: the report gives their
/// agreement per item; the certification counts passed scenarios.
#[test]
fn the_report_shows_progress_and_grader_agreement() {
    let sb = Sandbox::new();
    let sessions = sb.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let good = std::fs::read_to_string(fixtures().join("good-duplicate-charge.jsonl")).unwrap();
    // (session, start hour, Eva's tone, Luis's tone)
    let calls = [("c1", "09", 5, 5), ("c2", "10", 3, 5), ("c3", "11", 0, 0)];
    for (id, hour, eva, luis) in calls {
        let text = good
            .replace("good-duplicate-charge", id)
            .replace("T10:", &format!("T{hour}:"));
        std::fs::write(sessions.join(format!("{id}.jsonl")), text).unwrap();
        let grades = format!(
            "{{\"grader\":\"Eva\",\"item\":\"tone\",\"points\":{eva}}}\n\
             {{\"grader\":\"Luis\",\"item\":\"tone\",\"points\":{luis}}}\n\
             {{\"grader\":\"Eva\",\"item\":\"resolution\",\"points\":5}}\n\
             {{\"grader\":\"Luis\",\"item\":\"resolution\",\"points\":5}}\n\
             {{\"grader\":\"Luis\",\"item\":\"customer_name\",\"points\":null}}\n"
        );
        std::fs::write(sessions.join(format!("{id}.grades.jsonl")), grades).unwrap();
    }
    let out = train(&sb, &["report", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let trainee = &report["trainees"][0];
    assert_eq!(trainee["trainee"], "Marta");
    assert_eq!(trainee["attempts"], 3);
    let tone = report["agreement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["item"] == "tone")
        .unwrap();
    // Agree on c1 and c3, not c2: 66.7 %; κ = (2/3 − 1/3) / (1 − 1/3) = 0.5.
    assert_eq!(tone["calls"], 3);
    assert_eq!(tone["percent"], 66.7);
    assert_eq!(tone["kappa"], 0.5);
    let resolution = report["agreement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["item"] == "resolution")
        .unwrap();
    // Both always gave 5: full agreement, κ undefined.
    assert_eq!(resolution["percent"], 100.0);
    assert!(resolution["kappa"].is_null());
    let out = train(&sb, &["report"]);
    let text = stdout(&out);
    assert!(text.contains("Agreement between graders"), "{text}");
    assert!(
        text.contains("tone: Eva / Luis — 3 calls, 66.7 % agreement, κ 0.500"),
        "{text}"
    );
    let out = train(&sb, &["report", "--csv", "--trainee", "Nobody"]);
    assert_eq!(
        stdout(&out).lines().next().unwrap(),
        "kind,trainee,name,attempts,best,last,trend,certified,met,required,of,grader_a,grader_b,calls,percent,kappa"
    );
}

/// `apunte train` lists the scenarios with the best score of their scored mock calls,
/// `—` for the others.
#[test]
fn the_scenario_list_shows_the_best_score_so_far() {
    let sb = Sandbox::new();
    let sessions = sb.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let call = std::fs::read_to_string(fixtures().join("good-duplicate-charge.jsonl")).unwrap();
    let call = call.replacen(
        r#""mode":"training","#,
        r#""mode":"training","scenario":"router-reset","trainee":"Marta","#,
        1,
    );
    std::fs::write(sessions.join("good-duplicate-charge.jsonl"), call).unwrap();
    let before = train(&sb, &[]);
    let text = String::from_utf8_lossy(&before.stdout).into_owned();
    assert!(before.status.success(), "{text}");
    let row = |text: &str, id: &str| {
        text.lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(&text, "router-reset").contains(" — "), "{text}");
    assert!(train(&sb, &["score", "good"]).status.success());
    let after = String::from_utf8_lossy(&train(&sb, &[]).stdout).into_owned();
    assert!(row(&after, "router-reset").contains(" %"), "{after}");
    assert!(row(&after, "dni-erroneo").contains(" — "), "{after}");
}

/// A knowledge root holding only a certification file (and one article), searched
/// before the sample so that its certification rules are the ones used.
fn certification_root(sb: &Sandbox, text: &str) -> PathBuf {
    let dir = sb.path().join("cert-root");
    crate::common::one_article_root(&dir, "Only");
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    std::fs::write(dir.join("scenarios/certification.toml"), text).unwrap();
    dir
}

/// A copy of the card-fraud mock call as another session, trainee and hour, with its
/// manual items graded so that it is no longer provisional; `cvv` makes the trainee ask
/// for the card's security code (an auto-fail).
fn fraud_call(sessions: &Path, id: &str, trainee: &str, hour: &str, cvv: bool) {
    let mut text = std::fs::read_to_string(fixtures().join("scenario-card-fraud.jsonl"))
        .unwrap()
        .replace("scenario-card-fraud", id)
        .replace("\"Marta\"", &format!("\"{trainee}\""))
        .replace("T09:", &format!("T{hour}:"));
    if cvv {
        text = text.replace("¿me lo lee?", "¿me dice el CVV de la tarjeta?");
    }
    std::fs::write(sessions.join(format!("{id}.jsonl")), text).unwrap();
    std::fs::write(
        sessions.join(format!("{id}.grades.jsonl")),
        "{\"grader\":\"Eva\",\"item\":\"tone\",\"points\":5}\n\
         {\"grader\":\"Eva\",\"item\":\"resolution\",\"points\":5}\n\
         {\"grader\":\"Eva\",\"item\":\"customer_name\",\"points\":null}\n",
    )
    .unwrap();
}

/// Per trainee and scenario: attempts, best and last score and the trend; the first
/// attempt at a scenario is coached (counted as an attempt, never scored); a
/// certification counts scenarios passed at its minimum score; `--trainee` keeps one
/// trainee; the same in text, JSON and CSV.
#[test]
fn the_report_gives_best_last_trend_and_certification_with_a_coached_first_attempt() {
    let sb = Sandbox::new();
    let sessions = sb.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let cert = certification_root(
        &sb,
        "version = \"t\"\ncoached_first_attempt = true\n\
         [[certification]]\nid = \"fraude\"\nlabel_es = \"Fraude\"\nlabel_en = \"Fraud\"\n\
         scenarios = [\"fraude-tarjeta\"]\nrequired = 1\nmin_score = 85\n\
         [[certification]]\nid = \"identidad\"\nlabel_es = \"Identidad\"\nlabel_en = \"Identity\"\n\
         scenarios = [\"fraude-tarjeta\", \"dni-erroneo\"]\nrequired = 2\nmin_score = 85\n",
    );
    // Marta: coached at 08, 100 % at 10, an auto-fail at 11. Luis: one coached call.
    fraud_call(&sessions, "m1", "Marta", "08", false);
    fraud_call(&sessions, "m2", "Marta", "10", false);
    fraud_call(&sessions, "m3", "Marta", "11", true);
    fraud_call(&sessions, "l1", "Luis", "12", false);
    let report = |args: &[&str]| {
        let out = sb
            .apunte(sb.path())
            .arg("--knowledge")
            .arg(&cert)
            .arg("--knowledge")
            .arg(sample_knowledge())
            .args(["train", "report", "--rubric"])
            .arg(sample_knowledge().join("scenarios/rubric.toml"))
            .args(args)
            .output()
            .unwrap();
        success(&out)
    };
    let json: serde_json::Value = serde_json::from_str(&report(&["--json"])).unwrap();
    let names: Vec<&str> = json["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["trainee"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Luis", "Marta"]);
    let luis = &json["trainees"][0];
    assert_eq!(luis["attempts"], 1);
    assert!(luis["scenarios"][0]["best"].is_null(), "{luis}");
    assert_eq!(luis["certifications"][0]["certified"], false);
    let marta = &json["trainees"][1];
    assert_eq!(marta["attempts"], 3);
    let fraud = &marta["scenarios"][0];
    assert_eq!(
        (
            fraud["scenario"].as_str(),
            fraud["attempts"].as_u64(),
            fraud["best"].as_f64(),
            fraud["last"].as_f64(),
            fraud["trend"].as_f64()
        ),
        (
            Some("fraude-tarjeta"),
            Some(3),
            Some(100.0),
            Some(0.0),
            Some(-100.0)
        ),
        "{marta}"
    );
    assert_eq!(marta["scores"], serde_json::json!([100.0, 0.0]));
    let certs: Vec<(&str, bool, usize)> = marta["certifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["certified"].as_bool().unwrap(),
                c["met"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(certs, [("fraude", true, 1), ("identidad", false, 1)]);
    let text = report(&["--trainee", "Marta"]);
    assert!(!text.contains("Luis"), "{text}");
    assert!(text.contains("Marta: 3 attempts"), "{text}");
    assert!(
        text.contains("Fraud: certified (1 of 1 needed, of 1 scenarios, at 85 % or more)"),
        "{text}"
    );
    assert!(
        text.contains("Identity: not yet (1 of 2 needed, of 2 scenarios, at 85 % or more)"),
        "{text}"
    );
    let csv = report(&["--csv", "--trainee", "Marta"]);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "scenario,Marta,fraude-tarjeta,3,100.0,0.0,-100.0,,,,,,,,,",
            "certification,Marta,fraude,,,,,true,1,1,1,,,,,",
            "certification,Marta,identidad,,,,,false,1,2,2,,,,,",
        ],
        "{csv}"
    );
}

/// `train score ID --rubric FILE` scores a saved call with another rubric: the card
/// records that rubric's version, and the call's own files are left as they were.
#[test]
fn a_saved_call_is_scored_again_with_another_rubric() {
    let sb = sandbox_with_calls(&["good-duplicate-charge"]);
    let rubric = std::fs::read_to_string(sample_knowledge().join("scenarios/rubric.toml"))
        .unwrap()
        .replace("version = \"2026-12.2\"", "version = \"2027-01.1\"")
        // Asking whether there is anything else becomes critical for the call.
        .replace(
            "points = 4\ncheck = \"phrase_said\"\nphrases = [\n  \"algo más\"",
            "points = 4\ncritical = \"call\"\ncheck = \"phrase_said\"\nphrases = [\n  \"algo más\"",
        )
        .replace("\"algo más\", \"alguna otra\"", "\"alguna otra\"");
    let file = sb.path().join("strict.toml");
    std::fs::write(&file, rubric).unwrap();
    let out = train(
        &sb,
        &[
            "score",
            "good-dup",
            "--json",
            "--rubric",
            &file.display().to_string(),
        ],
    );
    let card: Scorecard = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(card.rubric.version, "2027-01.1");
    assert_eq!(card.rubric.file, "strict.toml");
    assert_eq!((card.score, card.auto_failed), (Some(0.0), true));
    assert_eq!(card.critical_failures[0].item, "anything_else");
    // With the knowledge base's own rubric it scores as before.
    let card: Scorecard =
        serde_json::from_slice(&train(&sb, &["score", "good-dup", "--json"]).stdout).unwrap();
    assert_eq!(
        (card.score, card.rubric.version.as_str()),
        (Some(GOOD), "2026-12.2")
    );
}

/// The sample base ships the twelve scenarios the training team asked for, two thirds
/// of them in Spanish, from easy to hard, listed with language and difficulty.
#[test]
fn the_sample_base_ships_twelve_scenarios_from_easy_to_hard() {
    let sb = Sandbox::new();
    let out = train(&sb, &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().take(3).collect())
        .collect();
    let ids: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0]).collect();
    let wanted = [
        "baja-cliente-enfadado",         // an angry customer who wants to cancel
        "fraude-tarjeta",                // a possible card fraud
        "factura-persona-mayor",         // an elderly customer and a bill
        "fallecimiento-titular",         // a bereavement: change of owner
        "roaming-bill-shock",            // bill shock after roaming
        "portabilidad-saliente",         // porting out
        "paquete-entregado-no-recibido", // a parcel marked delivered that never came
        "data-access-request",           // a data-protection request
        "identidad-no-superada",         // identity not verified: no help on the account
        "dni-erroneo",                   // a wrong DNI
        "router-reset",                  // a router that needs a reset
        "retention-offer",               // a retention offer within the agent's limits
    ];
    assert_eq!(ids, wanted.into_iter().collect(), "{text}");
    let spanish = rows.iter().filter(|r| r[1] == "es").count();
    assert!(
        spanish * 3 >= rows.len() * 2,
        "{spanish} of {} in Spanish",
        rows.len()
    );
    let levels: Vec<&str> = rows.iter().map(|r| r[2]).collect();
    for level in ["easy", "medium", "hard"] {
        assert!(levels.contains(&level), "no {level} scenario:\n{text}");
    }
    // Listed from easy to hard.
    let rank = |l: &str| ["easy", "medium", "hard"].iter().position(|x| *x == l);
    assert!(
        levels.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{text}"
    );
}
