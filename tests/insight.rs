//! The knowledge loop's reports: FAQ mining measured on BANKING77 and on Spanish questions
//! written for apunte, and `apunte report faq|gaps|usage` over generated journals with
//! known repeated questions in both languages (the groups found, ranked, linked to the
//! right articles; the drafts pass `apunte check`).
use std::path::{Path, PathBuf};

use apunte::conversation::journal::{JournalEntry, Mode, StartInfo};
use apunte::conversation::{Speaker, journal::Journal};
use apunte::insight::faq::{self, Options};
use apunte::redact::Redactor;

use crate::common::{Sandbox, sample_knowledge, stdout};

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
    assert!(distinct >= 5, "distinct intents {distinct}");
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

fn report(sb: &Sandbox, args: &[&str]) -> serde_json::Value {
    let out = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(sample_knowledge())
        .arg("report")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout(&out)).unwrap()
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
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
    let csv = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(sample_knowledge())
        .args(["report", "gaps", "--csv"])
        .output()
        .unwrap();
    let csv = stdout(&csv);
    assert!(
        csv.starts_with("outcome,rank,count,again,topic,examples,calls,best_article\n"),
        "{csv}"
    );
    assert!(csv.contains("\nno_results,1,6,3,"), "{csv}");
    let md = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(sample_knowledge())
        .args(["report", "gaps", "--markdown"])
        .output()
        .unwrap();
    let md = stdout(&md);
    assert!(md.contains("## Searches with no results (6)"), "{md}");
    let text = sb
        .apunte(sb.path())
        .arg("--knowledge")
        .arg(sample_knowledge())
        .args(["report", "gaps"])
        .output()
        .unwrap();
    let text = stdout(&text);
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
