//! Engine tests over hand-made articles (the loader is tested elsewhere).
use super::*;
use crate::knowledge::Root;

pub(crate) fn article(id: &str, lang: Lang, title: &str, keywords: &[&str], text: &str) -> Article {
    let category = id
        .rsplit_once('/')
        .map_or(String::new(), |(c, _)| c.to_string());
    Article {
        id: id.into(),
        title: title.into(),
        lang,
        category,
        tags: vec![],
        summary: String::new(),
        keywords: keywords.iter().map(|s| s.to_string()).collect(),
        updated: None,
        owner: None,
        decide: vec![("devolucion".into(), "Hasta 20 EUR".into())],
        phrases: vec!["Lo reviso ahora".into()],
        body: format!("# {title}\n\n{text}"),
        text: text.into(),
        path: PathBuf::from(format!("/kb/{id}.md")),
        rel_path: format!("{id}.md"),
        body_line: 3,
    }
}

fn engine() -> Engine {
    let mut dup = article(
        "facturacion/cargo-duplicado",
        Lang::Es,
        "Cargo duplicado en la factura",
        &["me han cobrado dos veces", "doble cargo"],
        "Un cargo duplicado casi siempre tiene una causa. Solicita la devolución en el panel de facturación.",
    );
    dup.tags = vec!["facturación".into(), "cobros".into()];
    let mut baja = article(
        "bajas/baja-servicio",
        Lang::Es,
        "Baja del servicio",
        &["quiero darme de baja"],
        "La cancelación del contrato se tramita en el CRM. Revisa la permanencia.",
    );
    baja.tags = vec!["bajas".into()];
    let charge = article(
        "facturacion/duplicate-charge",
        Lang::En,
        "Duplicate charge on the bill",
        &["charged twice"],
        "Customers who see two charges for one invoice get a refund in 5 to 7 days.",
    );
    let averia = article(
        "averias/averia-masiva",
        Lang::Es,
        "Avería masiva en la zona",
        &["no funciona nada"],
        "Comprueba el mapa de incidencias antes de abrir una avería individual.",
    );
    Engine::in_memory(&[dup, baja, charge, averia]).expect("engine")
}

fn ids(e: &Engine, text: &str) -> Vec<String> {
    e.search(&SearchRequest {
        text: text.into(),
        limit: 10,
        ..Default::default()
    })
    .into_iter()
    .map(|h| h.id)
    .collect()
}

#[test]
fn finds_with_accents_stems_and_prefixes() {
    let e = engine();
    assert_eq!(e.len(), 4);
    assert_eq!(ids(&e, "averia ")[0], "averias/averia-masiva");
    assert_eq!(ids(&e, "facturacion ")[0], "facturacion/cargo-duplicado");
    assert_eq!(ids(&e, "cancelar ")[0], "bajas/baja-servicio");
    assert_eq!(ids(&e, "charge ")[0], "facturacion/duplicate-charge");
    assert_eq!(ids(&e, "dupli")[..2].len(), 2);
    assert_eq!(ids(&e, "cancela")[0], "bajas/baja-servicio");
    assert!(ids(&e, "").is_empty());
    assert!(ids(&e, "tag:").is_empty());
}

#[test]
fn operators_and_article_roundtrip() {
    let e = engine();
    assert_eq!(ids(&e, "cargo -cobrado "), Vec::<String>::new());
    assert_eq!(ids(&e, "cargo "), vec!["facturacion/cargo-duplicado"]);
    assert_eq!(
        ids(&e, "lang:en duplicate"),
        vec!["facturacion/duplicate-charge"]
    );
    assert_eq!(
        ids(&e, "tag:facturacion"),
        vec!["facturacion/cargo-duplicado"]
    );
    assert_eq!(ids(&e, "cat:aver"), vec!["averias/averia-masiva"]);
    assert_eq!(
        ids(&e, "\"mapa de incidencias\""),
        vec!["averias/averia-masiva"]
    );
    let a = e.article("facturacion/cargo-duplicado").expect("stored");
    assert_eq!(
        a.decide,
        vec![("devolucion".to_string(), "Hasta 20 EUR".to_string())]
    );
    assert!(e.article("nope").is_none());
}

#[test]
fn hits_are_highlighted() {
    let e = engine();
    let hits = e.search(&SearchRequest {
        text: "devolucion factu".into(),
        limit: 5,
        ..Default::default()
    });
    let h = &hits[0];
    assert_eq!(h.id, "facturacion/cargo-duplicado");
    let marked: Vec<&str> = h
        .snippet
        .highlights
        .iter()
        .map(|r| &h.snippet.text[r.clone()])
        .collect();
    assert!(marked.contains(&"devolución"), "{marked:?}");
    assert!(marked.contains(&"facturación"), "{marked:?}");
    assert!(
        h.matched.contains(&"factura".to_string()),
        "{:?}",
        h.matched
    );
}

#[test]
fn engine_is_shareable_and_counts_words() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Engine>();
    let e = engine();
    assert_eq!(e.doc_freq("cargo"), 1);
    assert_eq!(e.doc_freq("CARGOS"), 1);
    assert_eq!(e.doc_freq("la"), 3);
    assert_eq!(e.doc_freq("cargo duplicado"), 1);
    assert_eq!(e.doc_freq("!!"), 0);
    assert_eq!(e.doc_freq("zzz"), 0);
}

#[test]
fn weighted_terms() {
    let e = engine();
    let hits = e.search_terms(
        &[
            WeightedTerm {
                word: "cobrado".into(),
                weight: 2.0,
            },
            WeightedTerm {
                word: "veces".into(),
                weight: 1.0,
            },
            WeightedTerm {
                word: "zzz".into(),
                weight: 1.0,
            },
        ],
        5,
        &[],
    );
    assert_eq!(hits[0].id, "facturacion/cargo-duplicado");
    assert_eq!(hits[0].matched, vec!["cobrado".to_string(), "veces".into()]);
    assert!(hits[0].score > 0.0);
    let hits = e.search_terms(
        &[WeightedTerm {
            word: "cobrado".into(),
            weight: 2.0,
        }],
        5,
        &["facturacion/cargo-duplicado".into()],
    );
    assert!(hits.is_empty());
}

/// Manual timing: `APUNTE_PERF_DIR=/path/to/kb cargo test --lib search::tests::perf -- --ignored --nocapture`.
#[test]
#[ignore]
fn perf() {
    use std::time::Instant;
    let Some(dir) = std::env::var_os("APUNTE_PERF_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let root = Root::open(crate::knowledge::RootSource::Dir(dir.clone()), &dir).expect("root");
    let cache = std::env::temp_dir().join("apunte-perf-cache");
    let t = Instant::now();
    let (engine, report) = Engine::open(std::slice::from_ref(&root), &cache).expect("open");
    println!(
        "open: {:?} rebuilt={} articles={}",
        t.elapsed(),
        report.rebuilt,
        report.articles
    );
    let t = Instant::now();
    let (_e2, r2) = Engine::open(&[root], &cache).expect("open");
    println!("warm open: {:?} rebuilt={}", t.elapsed(), r2.rebuilt);
    for query in [
        "facturacion tarjeta renovacion router",
        "me han cobrado dos veces la factura de este mes y quiero que me devolvais el dinero ya",
        "\"cargo duplicado\" -movil tag:facturacion",
    ] {
        let mut worst = std::time::Duration::ZERO;
        let mut total = std::time::Duration::ZERO;
        let mut n = 0;
        for end in 1..=query.len() {
            if !query.is_char_boundary(end) {
                continue;
            }
            let t = Instant::now();
            let hits = engine.search(&SearchRequest {
                text: query[..end].to_string(),
                limit: 20,
                ..Default::default()
            });
            let el = t.elapsed();
            std::hint::black_box(hits);
            worst = worst.max(el);
            total += el;
            n += 1;
        }
        println!("{query:?}: mean {:?} worst {:?}", total / n, worst);
    }
    // Where the time goes, for a few prefixes.
    for text in [
        "f",
        "fa",
        "fac",
        "factura ",
        "facturacion tarjeta renovacion router",
    ] {
        let mut an = engine.analyzers.clone();
        let t = Instant::now();
        let parsed = query::parse(&mut an, text);
        let searcher = engine.reader.searcher();
        let q = query::Builder {
            fields: &engine.fields,
            searcher: &searcher,
            an: &mut an,
        }
        .request(&SearchRequest::default(), &parsed)
        .expect("query");
        let t_build = t.elapsed();
        let t = Instant::now();
        let top = searcher
            .search(
                &q,
                &tantivy::collector::TopDocs::with_limit(20).order_by_score(),
            )
            .expect("search");
        let t_search = t.elapsed();
        let t = Instant::now();
        let m = query::matcher(&mut an, &parsed);
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).expect("doc");
            let a = engine.fields.article(&doc).expect("article");
            std::hint::black_box(make_hit(a, score, &m, &mut an));
        }
        println!(
            "{text:?}: build {t_build:?} search {t_search:?} hits {:?}",
            t.elapsed()
        );
    }
}
