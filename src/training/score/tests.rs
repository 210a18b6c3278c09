//! Every check, and the N/A, critical, bonus and band maths.
use std::path::Path;

use super::*;
use crate::assist::cues::Cues;
use crate::conversation::journal::{Disposition, JournalEntry, Record};
use crate::training::phrase::Phrase;
use crate::training::rubric::Rubric;

/// A rubric of one section with the given items (TOML of `[[section.item]]` tables).
fn rubric(items: &str) -> Rubric {
    let text = format!(
        "version = \"t1\"\n[intent.verify]\nphrases = [\"dni\"]\n[intent.change]\nphrases = [\"he cambiado\"]\n\
         [[band]]\nmin = 90\nlabel_es = \"Excelente\"\nlabel_en = \"Excellent\"\n\
         [[band]]\nmin = 0\nlabel_es = \"Insuficiente\"\nlabel_en = \"Not yet\"\n\
         [[section]]\nid = \"s\"\nlabel_es = \"S\"\nlabel_en = \"S\"\nweight = 100\n{items}"
    );
    Rubric::parse(Path::new("r.toml"), &text).unwrap_or_else(|e| panic!("{e:?}"))
}

fn item(id: &str, points: u32, check: &str, extra: &str) -> String {
    format!(
        "[[section.item]]\nid = \"{id}\"\nlabel_es = \"{id}\"\nlabel_en = \"{id}\"\npoints = {points}\ncheck = \"{check}\"\n{extra}\n"
    )
}

fn agent(text: &str) -> JournalEntry {
    JournalEntry::Turn {
        speaker: Speaker::Agent,
        text: text.into(),
        ts: None,
        at: None,
    }
}

fn customer(text: &str) -> JournalEntry {
    JournalEntry::Turn {
        speaker: Speaker::Customer,
        text: text.into(),
        ts: None,
        at: None,
    }
}

fn open(article: &str) -> JournalEntry {
    JournalEntry::Open {
        article: article.into(),
        title: String::new(),
        via: None,
    }
}

/// A call: (seconds from the start, entry); a start entry comes first and `end` last
/// at the last time.
fn call(entries: &[(u32, JournalEntry)]) -> Timeline {
    let t = |s: u32| format!("2026-12-01T10:{:02}:{:02}.000+01:00", s / 60, s % 60);
    let mut records = vec![Record {
        t: t(0),
        entry: JournalEntry::Start {
            session: "s".into(),
            mode: "training".into(),
            agent: "Ana".into(),
            roots: vec![],
            version: String::new(),
            redaction_off: vec![],
            scenario: String::new(),
            trainee: String::new(),
        },
    }];
    for (s, e) in entries {
        records.push(Record {
            t: t(*s),
            entry: e.clone(),
        });
    }
    let last = entries.last().map_or(0, |(s, _)| *s);
    records.push(Record {
        t: t(last),
        entry: JournalEntry::End { reason: None },
    });
    let cues = Cues::parse(
        Path::new("cues.toml"),
        "[[cue]]\nkind = \"frustration\"\nlabel_es = \"Frustración\"\nlabel_en = \"Frustration\"\npatterns = [\"hart*\"]\n",
    )
    .unwrap();
    Timeline::from_records(&records, &cues)
}

fn run(r: &Rubric, tl: &Timeline, expect: Option<&Expectations>, grades: &[Grade]) -> Scorecard {
    score(Inputs {
        rubric: r,
        timeline: tl,
        expect,
        grades,
        grader: None,
        reviews: &[],
    })
}

fn only(card: &Scorecard) -> &ItemCard {
    &card.sections[0].items[0]
}

fn phrases(list: &[&str]) -> Vec<Phrase> {
    list.iter().map(|p| Phrase::parse(p).unwrap()).collect()
}

#[test]
fn article_opened_any_of_and_within() {
    let r = rubric(&item(
        "a",
        10,
        "article_opened",
        "articles = [\"x/es\", \"x/en\"]\nwithin_s = 30",
    ));
    let tl = call(&[(5, customer("hola")), (20, open("x/en"))]);
    let c = run(&r, &tl, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Met);
    assert_eq!(only(&c).evidence[0].turn, 1);
    assert_eq!(only(&c).evidence[0].at_ms, 20_000);
    assert_eq!(c.score, Some(100.0));
    let late = call(&[(5, customer("hola")), (31, open("x/es"))]);
    let c = run(&r, &late, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert!(matches!(
        only(&c).evidence[0].fact,
        Fact::OpenedLate {
            limit_ms: 30_000,
            ..
        }
    ));
    // Never opened: the evidence is at the deadline, with the turn in progress then.
    let never = call(&[(5, customer("hola")), (40, agent("adiós"))]);
    let c = run(&r, &never, None, &[]);
    assert_eq!(only(&c).evidence[0].at_ms, 30_000);
    assert_eq!(only(&c).evidence[0].turn, 1);
    assert_eq!(c.score, Some(0.0));
}

#[test]
fn article_opened_from_scenario_partial() {
    let r = rubric(&item(
        "a",
        10,
        "article_opened",
        "from = \"scenario\"\npartial = true",
    ));
    let expect = Expectations {
        articles: vec![
            ArticleGoal {
                id: "a1".into(),
                within_s: None,
            },
            ArticleGoal {
                id: "a2".into(),
                within_s: Some(10),
            },
        ],
        ..Default::default()
    };
    let tl = call(&[(5, open("a1")), (20, open("a2"))]);
    let c = run(&r, &tl, Some(&expect), &[]);
    assert_eq!(only(&c).outcome, Outcome::Partial);
    assert_eq!(only(&c).earned, Some(5.0));
    // A real call has no scenario and the item no articles: N/A.
    let c = run(&r, &tl, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::NotApplicable);
    assert_eq!(c.score, None);
}

#[test]
fn order_before_after_missing_and_not_reached() {
    let r = rubric(&item(
        "o",
        10,
        "order",
        "before = \"intent:verify\"\nafter = \"intent:change\"\ncritical = \"call\"",
    ));
    let good = call(&[
        (1, agent("¿Su DNI?")),
        (9, agent("Ya he cambiado la tarifa")),
    ]);
    assert_eq!(only(&run(&r, &good, None, &[])).outcome, Outcome::Met);
    let bad = call(&[
        (1, agent("Ya he cambiado la tarifa")),
        (9, agent("¿Su DNI?")),
    ]);
    let c = run(&r, &bad, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert!(c.auto_failed);
    assert!(!c.passed);
    assert_eq!(c.score, Some(0.0));
    assert_eq!(c.critical_failures.len(), 1);
    assert_eq!(c.critical_failures[0].evidence[0].turn, 1);
    let missing = call(&[(1, agent("He cambiado la tarifa"))]);
    assert!(matches!(
        only(&run(&r, &missing, None, &[])).evidence[0].fact,
        Fact::StepMissing { .. }
    ));
    // The account was never changed: no opportunity, no failure.
    let none = call(&[(1, agent("Buenos días"))]);
    let c = run(&r, &none, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::NotApplicable);
    assert!(!c.auto_failed);
}

#[test]
fn order_from_scenario_with_articles_and_phrases() {
    let r = rubric(&item(
        "o",
        10,
        "order",
        "from = \"scenario\"\npartial = true",
    ));
    let expect = Expectations {
        order: vec![
            (
                Ref::parse("article:id/verify").unwrap(),
                Ref::parse("phrase:queda anulada").unwrap(),
            ),
            (
                Ref::parse("phrase:lo siento").unwrap(),
                Ref::parse("article:bajas/baja").unwrap(),
            ),
        ],
        ..Default::default()
    };
    let tl = call(&[
        (1, open("id/verify")),
        (2, open("bajas/baja")),
        (3, agent("Lo siento")),
        (4, agent("Su tarjeta queda anulada")),
    ]);
    let c = run(&r, &tl, Some(&expect), &[]);
    assert_eq!(only(&c).outcome, Outcome::Partial);
    assert_eq!(only(&c).earned, Some(5.0));
}

#[test]
fn phrase_said_within_turns_and_speaker() {
    let r = rubric(&item(
        "g",
        4,
        "phrase_said",
        "phrases = [\"ondina\"]\nwithin_turns = 1",
    ));
    let tl = call(&[(1, customer("¿Ondina?")), (2, agent("Ondina, buenos días"))]);
    assert_eq!(only(&run(&r, &tl, None, &[])).outcome, Outcome::Met);
    let late = call(&[(1, agent("Hola")), (2, agent("Soy de Ondina"))]);
    let c = run(&r, &late, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert!(matches!(only(&c).evidence[0].fact, Fact::SaidLate { .. }));
    assert_eq!(only(&c).evidence[0].turn, 2);
    let never = call(&[(1, agent("Hola")), (5, agent("Adiós"))]);
    let c = run(&r, &never, None, &[]);
    // Should have been said by the agent's first turn.
    assert_eq!(only(&c).evidence[0].turn, 1);
    assert!(matches!(only(&c).evidence[0].fact, Fact::NotSaid { .. }));
    let r = rubric(&item(
        "c",
        4,
        "phrase_said",
        "phrases = [\"mi dni\"]\nspeaker = \"customer\"\nwithin_s = 10",
    ));
    let tl = call(&[(11, customer("Mi DNI es…"))]);
    assert_eq!(only(&run(&r, &tl, None, &[])).outcome, Outcome::Missed);
}

#[test]
fn phrase_said_from_scenario_needs_each() {
    let r = rubric(&item(
        "p",
        6,
        "phrase_said",
        "from = \"scenario\"\npartial = true",
    ));
    let expect = Expectations {
        phrases: phrases(&["bloquear la tarjeta", "denuncia"]),
        ..Default::default()
    };
    let tl = call(&[(1, agent("Voy a bloquear la tarjeta"))]);
    let c = run(&r, &tl, Some(&expect), &[]);
    assert_eq!(only(&c).outcome, Outcome::Partial);
    assert_eq!(only(&c).earned, Some(3.0));
}

#[test]
fn phrase_avoided() {
    let r = rubric(&item(
        "f",
        5,
        "phrase_avoided",
        "phrases = [\"cvv\", \"su pin\"]\ncritical = \"section\"",
    ));
    let ok = call(&[
        (1, agent("Le bloqueo la tarjeta")),
        (2, customer("¿Mi PIN?")),
    ]);
    let c = run(&r, &ok, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Met);
    let bad = call(&[(1, agent("Dígame el CVV")), (3, agent("y su PIN"))]);
    let c = run(&r, &bad, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert_eq!(only(&c).evidence.len(), 2);
    // Section-critical: the section scores 0 but the call is not auto-failed.
    assert!(c.sections[0].critical_failed);
    assert!(!c.auto_failed);
    assert_eq!(c.sections[0].score, Some(0.0));
}

#[test]
fn empathy_three_outcomes() {
    let r = rubric(&item(
        "e",
        10,
        "empathy",
        "phrases = [\"lo siento\", \"entiendo\"]",
    ));
    let shown = call(&[(1, customer("Estoy harta")), (3, agent("Lo siento mucho"))]);
    let c = run(&r, &shown, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Met);
    assert!(matches!(only(&c).evidence[0].fact, Fact::Cue { .. }));
    assert_eq!(only(&c).evidence[1].turn, 2);
    let missing = call(&[(1, customer("Estoy harta")), (3, agent("Dígame su DNI"))]);
    let c = run(&r, &missing, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert!(matches!(only(&c).evidence[1].fact, Fact::EmpathyMissing));
    let calm = call(&[(1, customer("Hola")), (3, agent("Hola"))]);
    assert_eq!(
        only(&run(&r, &calm, None, &[])).outcome,
        Outcome::NotApplicable
    );
    // The scenario says empathy is not called for.
    let r = rubric(&item(
        "e",
        10,
        "empathy",
        "phrases = [\"lo siento\"]\nfrom = \"scenario\"",
    ));
    let expect = Expectations {
        empathy: Some(false),
        ..Default::default()
    };
    let c = run(&r, &missing, Some(&expect), &[]);
    assert_eq!(only(&c).outcome, Outcome::NotApplicable);
}

#[test]
fn dead_air_and_handle_time() {
    let r = rubric(&format!(
        "{}{}",
        item("d", 5, "dead_air", "max_s = 20\nfrom = \"scenario\""),
        item("h", 5, "handle_time", "target_s = 60\nfrom = \"scenario\"")
    ));
    let tl = call(&[
        (1, customer("Hola")),
        (30, agent("Perdone")),
        (70, customer("Adiós")),
    ]);
    let c = run(&r, &tl, None, &[]);
    let (d, h) = (&c.sections[0].items[0], &c.sections[0].items[1]);
    assert_eq!(d.outcome, Outcome::Missed);
    assert!(matches!(
        d.evidence[0].fact,
        Fact::Silence {
            ms: 40_000,
            max_ms: 20_000
        }
    ));
    assert_eq!(d.evidence[0].turn, 3);
    assert_eq!(h.outcome, Outcome::Missed);
    assert_eq!(c.handle.target_ms, Some(60_000));
    // The scenario's limits win over the item's fallbacks.
    let expect = Expectations {
        max_dead_air_s: Some(45),
        target_handle_s: Some(90),
        ..Default::default()
    };
    let c = run(&r, &tl, Some(&expect), &[]);
    assert_eq!(c.sections[0].items[0].outcome, Outcome::Met);
    assert_eq!(c.sections[0].items[1].outcome, Outcome::Met);
    assert_eq!(c.handle.target_ms, Some(90_000));
}

#[test]
fn first_article_relevant_or_any() {
    let r = rubric(&item(
        "f",
        5,
        "first_article",
        "from = \"scenario\"\nmax_s = 30",
    ));
    let tl = call(&[(10, open("other")), (40, open("right"))]);
    let expect = Expectations {
        articles: vec![ArticleGoal {
            id: "right".into(),
            within_s: None,
        }],
        ..Default::default()
    };
    let c = run(&r, &tl, Some(&expect), &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert_eq!(c.first_article.as_ref().unwrap().article, "right");
    assert_eq!(c.first_article.as_ref().unwrap().ms, 40_000);
    // A real call: any article is relevant.
    let c = run(&r, &tl, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Met);
    assert_eq!(c.first_article.as_ref().unwrap().article, "other");
}

#[test]
fn hidden_facts_and_wrapup() {
    let r = rubric(&format!(
        "{}{}",
        item(
            "h",
            10,
            "hidden_facts",
            "facts = { dni = [\"dni\"], pedido = [\"número de pedido\"] }\npartial = true"
        ),
        item("w", 2, "wrapup", "disposition = \"resolved\"")
    ));
    let tl = call(&[
        (1, agent("¿Me da su DNI?")),
        (
            5,
            JournalEntry::Wrapup {
                disposition: Disposition::Escalated,
                note: String::new(),
            },
        ),
    ]);
    let c = run(&r, &tl, None, &[]);
    assert_eq!(c.sections[0].items[0].outcome, Outcome::Partial);
    assert_eq!(c.sections[0].items[0].earned, Some(5.0));
    assert_eq!(c.sections[0].items[1].outcome, Outcome::Missed);
}

/// A fact to verify must be asked before the account is touched: asked after it (or
/// never, once it was touched) is missed, with the turn where it was touched; a fact
/// only to obtain may come at any time; an account never touched asks only for the facts.
#[test]
fn facts_to_verify_come_before_touching_the_account() {
    let r = rubric(&item(
        "h",
        10,
        "hidden_facts",
        "from = \"scenario\"\npartial = true\nbefore = \"intent:change\"",
    ));
    let fact = |id: &str, ask: &str, verify: bool| FactGoal {
        id: id.into(),
        phrases: phrases(&[ask]),
        verify,
    };
    let expect = Expectations {
        facts: vec![
            fact("DNI", "dni", true),
            fact("Pedido", "número de pedido", false),
        ],
        ..Expectations::default()
    };
    // Order asked first, the account changed, then the DNI: the DNI was not verified.
    let late = call(&[
        (1, agent("¿Su número de pedido?")),
        (5, agent("He cambiado la dirección.")),
        (9, agent("¿Y su DNI?")),
    ]);
    let c = run(&r, &late, Some(&expect), &[]);
    let h = only(&c);
    assert_eq!((h.outcome, h.earned), (Outcome::Partial, Some(5.0)));
    assert_eq!(
        h.evidence[0].fact,
        Fact::FactNotVerified {
            fact: "DNI".into(),
            step: "intent:change".into()
        }
    );
    assert_eq!(h.evidence[0].turn, 2, "where the account was touched");
    assert_eq!(h.evidence[1].turn, 3, "where it was asked, too late");
    assert!(matches!(&h.evidence[2].fact, Fact::FactAsked { fact, .. } if fact == "Pedido"));
    // The DNI first: both met, whenever the order number came.
    let good = call(&[
        (1, agent("¿Me dice su DNI?")),
        (5, agent("He cambiado la dirección.")),
        (9, agent("¿Su número de pedido?")),
    ]);
    assert_eq!(
        only(&run(&r, &good, Some(&expect), &[])).outcome,
        Outcome::Met
    );
    // Touched and never asked: missed at the change.
    let never = call(&[(5, agent("He cambiado la dirección."))]);
    let c = run(&r, &never, Some(&expect), &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert_eq!(only(&c).evidence[0].turn, 1);
    // Never touched: asking is enough.
    let untouched = call(&[
        (1, agent("¿Su número de pedido?")),
        (3, agent("¿Y el DNI?")),
    ]);
    assert_eq!(
        only(&run(&r, &untouched, Some(&expect), &[])).outcome,
        Outcome::Met
    );
    // The rubric's own facts are all to verify.
    let r = rubric(&item(
        "h",
        10,
        "hidden_facts",
        "facts = { dni = [\"dni\"] }\nbefore = \"intent:change\"",
    ));
    assert_eq!(only(&run(&r, &late, None, &[])).outcome, Outcome::Missed);
    assert_eq!(only(&run(&r, &good, None, &[])).outcome, Outcome::Met);
}

#[test]
fn manual_items_stay_open_until_graded() {
    let r = rubric(&format!(
        "{}{}",
        item("a", 10, "phrase_said", "phrases = [\"hola\"]"),
        item("tone", 5, "manual", "")
    ));
    let tl = call(&[(1, agent("Hola"))]);
    let c = run(&r, &tl, None, &[]);
    assert!(c.provisional);
    assert_eq!(c.sections[0].items[1].outcome, Outcome::Open);
    assert_eq!(c.score, Some(100.0));
    let grades = [
        Grade {
            grader: "Luis".into(),
            item: "tone".into(),
            points: Some(5),
        },
        Grade {
            grader: "Eva".into(),
            item: "tone".into(),
            points: Some(0),
        },
    ];
    // The last grade given counts; every grader's shows as evidence.
    let c = run(&r, &tl, None, &grades);
    assert!(!c.provisional);
    let tone = &c.sections[0].items[1];
    assert_eq!(
        (tone.outcome, tone.grader.as_str()),
        (Outcome::Missed, "Eva")
    );
    assert_eq!(tone.evidence.len(), 2);
    assert_eq!(c.score, Some(66.7));
    let c = score(Inputs {
        rubric: &r,
        timeline: &tl,
        expect: None,
        grades: &grades,
        grader: Some("Luis"),
        reviews: &[],
    });
    assert_eq!(c.score, Some(100.0));
    // A grader's N/A removes the item.
    let na = [Grade {
        grader: "Eva".into(),
        item: "tone".into(),
        points: None,
    }];
    let c = run(&r, &tl, None, &na);
    assert_eq!(c.sections[0].items[1].outcome, Outcome::NotApplicable);
    assert_eq!(c.sections[0].possible, 10);
}

#[test]
fn bonus_goes_above_and_bands_and_weights() {
    let text = format!(
        "version = \"t\"\npass = 75\n[[band]]\nmin = 90\nlabel_es = \"A\"\nlabel_en = \"A\"\n[[band]]\nmin = 50\nlabel_es = \"B\"\nlabel_en = \"B\"\n\
         [[section]]\nid = \"one\"\nlabel_es = \"1\"\nlabel_en = \"1\"\nweight = 60\n{}{}\
         [[section]]\nid = \"two\"\nlabel_es = \"2\"\nlabel_en = \"2\"\nweight = 40\n{}\
         [[section]]\nid = \"three\"\nlabel_es = \"3\"\nlabel_en = \"3\"\nweight = 0\n{}",
        item("a", 8, "phrase_said", "phrases = [\"hola\"]"),
        item(
            "b",
            2,
            "phrase_said",
            "phrases = [\"gracias\"]\nbonus = true"
        ),
        item("c", 10, "phrase_said", "phrases = [\"adiós\"]"),
        item("d", 10, "dead_air", "max_s = 5"),
    );
    let r = Rubric::parse(Path::new("r.toml"), &text).unwrap();
    let tl = call(&[(1, agent("Hola, gracias"))]);
    let c = run(&r, &tl, None, &[]);
    // one: (8 + 2 bonus) / 8 = 125 %; two: 0 %; three has nothing to score.
    assert_eq!(c.sections[0].score, Some(125.0));
    assert_eq!(c.sections[1].score, Some(0.0));
    assert_eq!(c.sections[2].score, None);
    assert_eq!(c.score, Some(75.0));
    assert!(c.passed);
    assert_eq!(c.band.as_ref().unwrap().label_en, "B");
    let tl = call(&[(1, agent("Hola"))]);
    let c = run(&r, &tl, None, &[]);
    assert_eq!(c.score, Some(60.0));
    assert!(!c.passed);
}

#[test]
fn critical_failures_come_first_call_before_section() {
    let r = rubric(&format!(
        "{}{}",
        item(
            "s",
            5,
            "phrase_avoided",
            "phrases = [\"cvv\"]\ncritical = \"section\""
        ),
        item(
            "c",
            5,
            "phrase_avoided",
            "phrases = [\"pin\"]\ncritical = \"call\""
        )
    ));
    let tl = call(&[(1, agent("El CVV y el PIN"))]);
    let c = run(&r, &tl, None, &[]);
    let ids: Vec<&str> = c
        .critical_failures
        .iter()
        .map(|f| f.item.as_str())
        .collect();
    assert_eq!(ids, ["c", "s"]);
}

#[test]
fn scoring_is_deterministic() {
    let r = Rubric::builtin();
    let tl = call(&[
        (1, agent("Ondina, le atiende Ana, ¿en qué puedo ayudarle?")),
        (5, customer("Estoy harta")),
        (8, agent("Lo siento. ¿Su DNI?")),
        (20, open("facturacion/cargo-duplicado")),
        (40, agent("He tramitado la devolución. ¿Algo más?")),
    ]);
    let a = run(&r, &tl, None, &[]).to_json();
    let b = run(&r, &tl, None, &[]).to_json();
    assert_eq!(a, b);
    assert!(a.contains("\"version\": \"2026-12.2\""));
}

#[test]
fn rounding_is_left_to_the_card_so_it_never_adds_up() {
    // Two sections: a third of an item (3.33… of 10), and a half (5 of 10).
    let text = format!(
        "version = \"t\"\n\
         [[section]]\nid = \"one\"\nlabel_es = \"1\"\nlabel_en = \"1\"\nweight = 50\n{}{}\
         [[section]]\nid = \"two\"\nlabel_es = \"2\"\nlabel_en = \"2\"\nweight = 50\n{}{}",
        item(
            "a",
            10,
            "phrase_said",
            "from = \"scenario\"\npartial = true"
        ),
        item("b", 10, "phrase_said", "phrases = [\"hola\"]"),
        item("c", 10, "phrase_said", "phrases = [\"adiós\"]"),
        item("d", 10, "phrase_said", "phrases = [\"gracias\"]"),
    );
    let r = Rubric::parse(Path::new("r.toml"), &text).unwrap();
    let expect = Expectations {
        phrases: phrases(&["uno", "dos", "tres"]),
        ..Default::default()
    };
    let tl = call(&[(1, agent("Hola, uno")), (2, agent("Gracias"))]);
    let c = run(&r, &tl, Some(&expect), &[]);
    // The card shows 3.3 points and 66.7 %, computed from 13.33… / 20 = 66.67 %; the
    // call is (66.67 + 50) / 2 = 58.33 → 58.3 %, not 58.4 from the rounded figures.
    assert_eq!(c.sections[0].items[0].earned, Some(3.3));
    assert_eq!(c.sections[0].earned, 13.3);
    assert_eq!(c.sections[0].score, Some(66.7));
    assert_eq!(c.sections[1].score, Some(50.0));
    assert_eq!(c.score, Some(58.3));
}

#[test]
fn a_phrase_due_by_a_turn_points_at_that_turn_even_in_the_same_millisecond() {
    let r = rubric(&item(
        "g",
        4,
        "phrase_said",
        "phrases = [\"ondina\"]\nwithin_turns = 2",
    ));
    // Four turns in one second: the agent's second turn is turn 3.
    let tl = call(&[
        (1, agent("Hola")),
        (1, customer("Hola")),
        (1, agent("Dígame")),
        (1, customer("Pues verá")),
    ]);
    let c = run(&r, &tl, None, &[]);
    assert_eq!(only(&c).outcome, Outcome::Missed);
    assert_eq!(only(&c).evidence[0].turn, 3);
}
