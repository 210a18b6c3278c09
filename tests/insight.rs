//! The knowledge loop's reports: FAQ mining measured on BANKING77 and on Spanish questions
//! written for apunte, and `apunte report faq|gaps|usage` over generated journals with
//! known repeated questions in both languages (the groups found, ranked, linked to the
//! right articles; the drafts pass `apunte check`).
use std::path::{Path, PathBuf};

use apunte::conversation::journal::{JournalEntry, Mode, StartInfo};
use apunte::conversation::{Speaker, journal::Journal};
use apunte::insight::faq::{self, Options};
use apunte::redact::Redactor;

use crate::common::{Sandbox, sample_knowledge, stdout, success};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Top-20 purity and distinct intents of FAQ mining over (question, intent) rows.
fn top20(rows: &[(String, String)]) -> (f64, usize, usize) {
    let qs: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let labels: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let groups = faq::mine(&qs, &Options::default());
    let top: Vec<_> = groups.iter().take(20).cloned().collect();
    let (p, d) = faq::purity(&top, &labels);
    (p, d, groups.len())
}

fn csv_pairs(text: &str) -> Vec<(String, String)> {
    crate::suggest_eval::csv_rows(text)
        .into_iter()
        .skip(1)
        .filter_map(|mut r| {
            let intent = r.pop()?;
            let q = r.pop()?;
            Some((q, intent))
        })
        .collect()
}

/// BANKING77's 3,080 test questions: the 20 best groups are at least as pure as the
/// reference method (0.64) and name 20 different intents.
#[test]
fn faq_mining_on_banking77_beats_the_reference() {
    let path = repo().join("../shared/corpora/banking77/test.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} not found: the measure needs the shared corpora",
            path.display()
        );
        println!("skipped: {} not found", path.display());
        return;
    };
    let rows = csv_pairs(&text);
    assert_eq!(rows.len(), 3080);
    let (purity, distinct, groups) = top20(&rows);
    println!("BANKING77: {groups} groups; top 20 purity {purity:.3}, {distinct} distinct intents");
    assert!(purity >= 0.64, "top-20 purity {purity:.3} < 0.64");
    assert_eq!(distinct, 20, "distinct intents among the top 20");
}

/// Spanish questions written for apunte (ten intents, eight wordings each).
#[test]
fn faq_mining_on_spanish_questions() {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/insight/faq_es.csv")).unwrap();
    let rows = csv_pairs(&text);
    assert_eq!(rows.len(), 80);
    let (purity, distinct, groups) = top20(&rows);
    println!("Spanish fixture: {groups} groups; purity {purity:.3}, {distinct} distinct intents");
    assert!(purity >= 0.9, "purity {purity:.3}");
    assert_eq!(distinct, 10, "distinct intents among the groups");
}

/// A call: the customer's turns, then the agent's searches and opens, at known times.
struct CallSpec<'a> {
    customer: &'a [&'a str],
    /// (query, hits, opened article)
    searches: &'a [(&'a str, usize, Option<&'a str>)],
    copy: Option<&'a str>,
}

fn write_call(data: &Path, n: usize, spec: &CallSpec) {
    let mut j = Journal::create(
        data,
        Redactor::default(),
        StartInfo {
            mode: Mode::Live,
            agent: "Ana".into(),
            ..StartInfo::default()
        },
    )
    .unwrap();
    let mut sec = 0;
    let mut t = || {
        sec += 10;
        format!(
            "2026-11-{:02}T10:{:02}:{:02}.000+01:00",
            10 + n % 10,
            sec / 60,
            sec % 60
        )
    };
    for c in spec.customer {
        j.append_at(
            t(),
            JournalEntry::Turn {
                speaker: Speaker::Customer,
                text: c.to_string(),
                ts: None,
                at: None,
            },
        )
        .unwrap();
    }
    for (q, hits, opened) in spec.searches {
        j.append_at(
            t(),
            JournalEntry::Search {
                query: q.to_string(),
                hits: *hits,
                top: vec![],
                again: false,
            },
        )
        .unwrap();
        if let Some(a) = opened {
            j.append_at(
                t(),
                JournalEntry::Open {
                    article: a.to_string(),
                    title: String::new(),
                    via: Some("search".into()),
                },
            )
            .unwrap();
        }
    }
    if let Some(a) = spec.copy {
        j.append_at(
            t(),
            JournalEntry::Copy {
                article: Some(a.into()),
                text: "texto".into(),
            },
        )
        .unwrap();
    }
    j.end().unwrap();
}

const DUP_ES: &[&str] = &[
    "Me han cobrado dos veces el mismo recibo",
    "me habéis cobrado dos veces este mes",
    "Me han cobrado dos veces la factura",
    "me han cobrado dos veces el recibo de la luz",
];
const DUP_EN: &[&str] = &[
    "I was charged twice for the same bill",
    "you charged me twice this month",
    "I have been charged twice on my card",
];
const BONO: &[&str] = &[
    "Quiero recargar el abono de transporte",
    "cómo recargo mi abono de transporte",
    "necesito recargar el abono transporte mensual",
];

/// Journals with known repeated questions and searches, in Spanish and English.
fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    let data = sb.path().join("data");
    let mut n = 0;
    let mut call = |spec: CallSpec| {
        write_call(&data, n, &spec);
        n += 1;
    };
    for q in DUP_ES {
        call(CallSpec {
            customer: &["Hola, buenas tardes.", q],
            searches: &[("cargo duplicado", 4, Some("facturacion/cargo-duplicado"))],
            copy: Some("facturacion/cargo-duplicado"),
        });
    }
    for q in DUP_EN {
        call(CallSpec {
            customer: &["Hello there.", q],
            searches: &[("duplicate charge", 3, Some("facturacion/duplicate-charge"))],
            copy: None,
        });
    }
    for q in BONO {
        call(CallSpec {
            customer: &["Buenos días.", q],
            searches: &[
                ("abono transporte", 0, None),
                ("recargar abonos de transporte", 0, None),
            ],
            copy: None,
        });
    }
    for _ in 0..2 {
        call(CallSpec {
            customer: &["Gracias."],
            searches: &[("factura", 5, None), ("copia factura", 5, None)],
            copy: None,
        });
    }
    sb
}

/// `apunte --knowledge KB ARGS`, which must succeed: its standard output.
fn apunte_ok(sb: &Sandbox, kb: &Path, args: &[&str]) -> String {
    let out = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(kb)
        .args(args)
        .output()
        .unwrap();
    success(&out)
}

/// `apunte report ARGS --json` over the sample knowledge.
fn report(sb: &Sandbox, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["report"];
    all.extend(args);
    all.push("--json");
    serde_json::from_str(&apunte_ok(sb, &sample_knowledge(), &all)).unwrap()
}

#[test]
fn faq_report_finds_ranks_and_links_groups_and_drafts_pass_check() {
    let sb = sandbox();
    let drafts = sb.path().join("drafts");
    let out = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(sample_knowledge())
        .args(["report", "faq", "--json", "--drafts"])
        .arg(&drafts)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&success(&out)).unwrap();
    assert_eq!(v["calls"], 12);
    let groups = v["groups"].as_array().unwrap();
    let find = |needle: &str| {
        groups
            .iter()
            .find(|g| {
                g["examples"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e.as_str().unwrap().contains(needle))
            })
            .unwrap_or_else(|| panic!("no group for {needle}: {v:#}"))
    };
    let es = find("cobrado dos veces");
    let en = find("charged");
    let bono = find("abono");
    assert_eq!(es["size"], 4, "{es:#}");
    assert_eq!(en["size"], 3, "{en:#}");
    assert_eq!(bono["size"], 3, "{bono:#}");
    // Ranked: the largest first.
    assert_eq!(groups[0]["size"], 4);
    assert_eq!(es["article"][0], "facturacion/cargo-duplicado", "{es:#}");
    assert_eq!(en["article"][0], "facturacion/duplicate-charge", "{en:#}");
    assert!(bono["article"].is_null(), "{bono:#}");
    // Greetings and thanks are not questions.
    assert!(
        !groups
            .iter()
            .any(|g| g["examples"].to_string().contains("Hola")),
        "{v:#}"
    );
    // One draft per uncovered group; the drafts pass `apunte check`.
    let written: Vec<_> = std::fs::read_dir(&drafts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(&written[0]).unwrap();
    assert!(text.contains("status = \"draft\""), "{text}");
    assert!(text.contains("owner = \"\""), "{text}");
    assert!(text.contains("lang = \"es\""), "{text}");
    assert!(text.contains("abono"), "{text}");
    let check = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(&drafts)
        .arg("check")
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn gap_report_tells_no_results_from_nothing_opened() {
    let sb = sandbox();
    let v = report(&sb, &["gaps"]);
    assert_eq!(v["calls"], 12);
    let none = v["no_results"].as_array().unwrap();
    // "abono transporte" and "recargar abonos de transporte": one topic (stemmed,
    // near-duplicates merged), six searches in three calls, each retried at once.
    assert_eq!(none.len(), 1, "{v:#}");
    assert_eq!(none[0]["count"], 6);
    assert_eq!(none[0]["calls"].as_array().unwrap().len(), 3);
    assert_eq!(none[0]["again"], 3);
    assert!(none[0]["best"].is_null());
    let opened = v["nothing_opened"].as_array().unwrap();
    assert_eq!(opened.len(), 1, "{v:#}");
    assert_eq!(opened[0]["count"], 4);
    assert_eq!(opened[0]["examples"][0], "copia factura");
    assert!(
        opened[0]["best"][0].as_str().unwrap().contains("factura"),
        "{v:#}"
    );
    // Searches that found the article are not gaps.
    assert!(!v.to_string().contains("cargo duplicado"));

    // The other formats carry the same groups.
    let csv = apunte_ok(&sb, &sample_knowledge(), &["report", "gaps", "--csv"]);
    assert!(
        csv.starts_with("outcome,rank,count,again,topic,examples,calls,best_article\n"),
        "{csv}"
    );
    assert!(csv.contains("\nno_results,1,6,3,"), "{csv}");
    let md = apunte_ok(&sb, &sample_knowledge(), &["report", "gaps", "--markdown"]);
    assert!(md.contains("## Searches with no results (6)"), "{md}");
    let text = apunte_ok(&sb, &sample_knowledge(), &["report", "gaps"]);
    assert!(text.contains("abono transporte"), "{text}");
    assert!(!text.contains('\x1b'), "no colour into a pipe: {text}");
}

#[test]
fn usage_report_ranks_reuse_and_gives_the_link_rate() {
    let sb = sandbox();
    let v = report(&sb, &["usage"]);
    assert_eq!(v["calls"], 12);
    assert_eq!(v["linked_calls"], 7);
    assert!((v["link_rate"].as_f64().unwrap() - 700.0 / 12.0).abs() < 0.01);
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts[0]["article"], "facturacion/cargo-duplicado");
    assert_eq!(arts[0]["opened"], 4);
    assert_eq!(arts[0]["copied"], 4);
    assert_eq!(arts[1]["article"], "facturacion/duplicate-charge");
    assert_eq!(arts[1]["cumulative"], 100.0);
    let never = v["never_used"].as_array().unwrap();
    assert!(never.iter().any(|a| a[0] == "envios/late-delivery"));
    assert!(!never.iter().any(|a| a[0] == "facturacion/cargo-duplicado"));
}

#[test]
fn since_filters_calls_and_bad_dates_say_what_to_write() {
    let sb = sandbox();
    let v = report(&sb, &["usage", "--since", "2099-01-01"]);
    assert_eq!(v["calls"], 0, "{v:#}");
    let v = report(&sb, &["usage", "--since", "2000-01-01"]);
    assert_eq!(v["calls"], 12, "{v:#}");
    let out = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(sample_knowledge())
        .args(["report", "gaps", "--since", "yesterday"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

/// Votes given outside a call (the feedback journal) count in the usage report with
/// those given in calls; `--since` leaves out the older ones.
#[test]
fn usage_report_counts_the_votes_of_the_feedback_journal() {
    let sb = sandbox();
    let dir = sb.path().join("data/feedback");
    std::fs::create_dir_all(&dir).unwrap();
    let vote = |t: &str, a: &str, h: bool| {
        format!("{{\"t\":\"{t}\",\"kind\":\"helpful\",\"article\":\"{a}\",\"helpful\":{h}}}\n")
    };
    let mut log = String::new();
    log += &vote(
        "2026-11-20T09:00:00.000+01:00",
        "facturacion/cargo-duplicado",
        true,
    );
    log += &vote(
        "2026-11-21T09:00:00.000+01:00",
        "facturacion/cargo-duplicado",
        true,
    );
    log += &vote(
        "2026-11-22T09:00:00.000+01:00",
        "facturacion/cargo-duplicado",
        false,
    );
    log += &vote(
        "2026-10-01T09:00:00.000+01:00",
        "envios/late-delivery",
        false,
    );
    std::fs::write(dir.join("feedback.jsonl"), log).unwrap();
    let v = report(&sb, &["usage"]);
    let arts = v["articles"].as_array().unwrap();
    let find = |id: &str| arts.iter().find(|a| a["article"] == id).cloned();
    let cargo = find("facturacion/cargo-duplicado").unwrap();
    assert_eq!(
        (cargo["helpful"].clone(), cargo["not_helpful"].clone()),
        (2.into(), 1.into())
    );
    // A vote is not a use: the link rate and the reuse stay as they were.
    assert_eq!(v["linked_calls"], 7);
    assert_eq!(cargo["opened"], 4);
    let late = find("envios/late-delivery").unwrap();
    assert_eq!(late["not_helpful"], 1);
    let v = report(&sb, &["usage", "--since", "2026-11-01"]);
    let arts = v["articles"].as_array().unwrap();
    assert!(
        !arts.iter().any(|a| a["article"] == "envios/late-delivery"),
        "{v:#}"
    );
}

/// A knowledge folder with owners, review dates, an archived article and flags on the
/// current and on an older version.
fn stale_sandbox() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let kb = sb.path().join("kb");
    let art = |rel: &str, front: &str, body: &str| {
        let p = kb.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, format!("+++\n{front}\n+++\n\n{body}\n")).unwrap();
    };
    art(
        "a/vencido.md",
        "title = \"Tarifa antigua\"\nowner = \"Equipo Tarifas\"\nreview_by = 2020-01-31",
        "La tarifa de 2019.",
    );
    art(
        "a/fresco.md",
        "title = \"Tarifa nueva\"\nowner = \"Equipo Tarifas\"\nreview_by = 2099-01-31",
        "La tarifa de ahora.",
    );
    art(
        "b/avisado.md",
        "title = \"Portabilidad\"\nowner = \"Equipo Altas\"\nreview_by = 2099-01-31",
        "Pasos de la portabilidad.",
    );
    art("c/huerfano.md", "title = \"Sin dueño\"", "Nadie lo revisa.");
    art(
        "d/archivado.md",
        "title = \"Archivado\"\nstatus = \"archived\"\nreview_by = 2020-01-01",
        "Ya no vale.",
    );
    let root =
        apunte::knowledge::Root::open(apunte::knowledge::RootSource::Dir(kb.clone()), &kb).unwrap();
    let loaded = apunte::knowledge::load(&[root]);
    let version = |id: &str| {
        loaded
            .articles
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .version()
    };
    // A call opens the fresh and the flagged article (on 2026-11-10).
    let data = sb.path().join("data");
    write_call(
        &data,
        0,
        &CallSpec {
            customer: &[],
            searches: &[
                ("tarifa", 1, Some("a/fresco")),
                ("porta", 1, Some("b/avisado")),
            ],
            copy: None,
        },
    );
    let flag = |t: &str, a: &str, v: &str| {
        format!(
            "{{\"t\":\"{t}\",\"kind\":\"flag\",\"article\":\"{a}\",\"version\":\"{v}\",\"reason\":\"outdated\",\"comment\":\"x\"}}\n"
        )
    };
    let dir = data.join("feedback");
    std::fs::create_dir_all(&dir).unwrap();
    let mut log = String::new();
    log += &flag(
        "2026-11-25T09:00:00.000+01:00",
        "b/avisado",
        &version("b/avisado"),
    );
    log += &flag(
        "2026-11-26T09:00:00.000+01:00",
        "b/avisado",
        &version("b/avisado"),
    );
    log += &flag(
        "2026-11-27T09:00:00.000+01:00",
        "b/avisado",
        "0000000000000000",
    );
    log += &flag(
        "2026-11-27T09:00:00.000+01:00",
        "a/vencido",
        &version("a/vencido"),
    );
    std::fs::write(dir.join("feedback.jsonl"), log).unwrap();
    (sb, kb)
}

fn stale(sb: &Sandbox, kb: &Path, args: &[&str]) -> String {
    let mut all = vec!["report", "stale"];
    all.extend(args);
    apunte_ok(sb, kb, &all)
}

/// `report stale`: past review, not opened in N days and flagged (on the article as
/// it is, or on an older version), grouped by owner, the most flagged first, archived
/// articles left out; the same in every format and both languages.
#[test]
fn stale_report_lists_what_to_review_by_owner() {
    let (sb, kb) = stale_sandbox();
    let v: serde_json::Value =
        serde_json::from_str(&stale(&sb, &kb, &["--json", "--days", "36500"])).unwrap();
    let owners = v["owners"].as_array().unwrap();
    let names: Vec<&str> = owners
        .iter()
        .map(|o| o["owner"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(names, ["Equipo Altas", "Equipo Tarifas", "-"], "{v:#}");
    let altas = &owners[0]["articles"][0];
    assert_eq!(altas["article"], "b/avisado");
    assert_eq!(altas["open_flags"], 2);
    assert_eq!(altas["changed_flags"], 1);
    assert_eq!(altas["why"], serde_json::json!(["flagged"]));
    let tarifas = owners[1]["articles"].as_array().unwrap();
    // The fresh article was opened and is not due: not listed.
    assert_eq!(tarifas.len(), 1, "{v:#}");
    assert_eq!(tarifas[0]["article"], "a/vencido");
    assert_eq!(
        tarifas[0]["why"],
        serde_json::json!(["past_review", "not_opened", "flagged"])
    );
    assert!(tarifas[0]["last_opened"].is_null());
    assert_eq!(owners[2]["articles"][0]["article"], "c/huerfano");
    assert!(!v.to_string().contains("archivado"), "{v:#}");
    assert_eq!(
        (
            v["listed"].clone(),
            v["past_review"].clone(),
            v["not_opened"].clone(),
            v["flagged"].clone()
        ),
        (3.into(), 1.into(), 2.into(), 2.into())
    );
    // Opened long ago counts as not opened in a short window.
    let v: serde_json::Value =
        serde_json::from_str(&stale(&sb, &kb, &["--json", "--days", "1"])).unwrap();
    assert_eq!(v["not_opened"], 4, "{v:#}");

    let csv = stale(&sb, &kb, &["--csv", "--days", "36500"]);
    assert!(
        csv.starts_with("owner,article,title,review_by,last_opened,open_flags,changed_flags,why\n"),
        "{csv}"
    );
    assert!(
        csv.contains("Equipo Altas,b/avisado,Portabilidad,2099-01-31,2026-11-10,2,1,flagged\n"),
        "{csv}"
    );
    let md = stale(&sb, &kb, &["--markdown", "--days", "36500"]);
    assert!(md.contains("## Equipo Altas (1)"), "{md}");
    assert!(md.contains("## (no owner) (1)"), "{md}");
    let text = stale(&sb, &kb, &["--days", "36500"]);
    assert!(
        text.contains("3 articles to review: 1 past their review date"),
        "{text}"
    );
    assert!(
        text.contains("3 (1 with the article changed since)"),
        "{text}"
    );
    assert!(text.contains("review due, not opened, flagged"), "{text}");
    assert!(!text.contains('\x1b'), "{text}");
    let es = sb
        .apunte(sb.path())
        .env("LANG", "es_ES.UTF-8")
        .arg("--knowledge")
        .arg(&kb)
        .args(["report", "stale", "--days", "36500"])
        .output()
        .unwrap();
    let es = stdout(&es);
    assert!(es.contains("3 artículos por revisar"), "{es}");
    assert!(es.contains("(sin responsable) (1)"), "{es}");
    assert!(
        es.contains("revisión vencida, sin abrir, con avisos"),
        "{es}"
    );
}
