//! Engine tests over hand-made articles (the loader is tested elsewhere).
use super::*;

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
        review_by: None,
        status: None,
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
    // The request's filters alone (`apunte search --tag X`, `--category Y` with no
    // words) list what they select, as the operators do.
    let by = |tags: &[&str], category: Option<&str>| -> Vec<String> {
        e.search(&SearchRequest {
            text: String::new(),
            limit: 10,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            category: category.map(str::to_string),
            ..Default::default()
        })
        .into_iter()
        .map(|h| h.id)
        .collect()
    };
    assert_eq!(
        by(&["facturacion"], None),
        vec!["facturacion/cargo-duplicado"]
    );
    assert_eq!(by(&[], Some("averias")), vec!["averias/averia-masiva"]);
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

/// The sample base in an in-memory engine.
fn sample_engine() -> Engine {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let root = Root::open(crate::knowledge::RootSource::Dir(dir.clone()), &dir).expect("root");
    let kb = crate::knowledge::loader::load(&[root]);
    Engine::in_memory(&kb.articles).expect("engine")
}

#[test]
fn all_words_shortcut_gives_the_full_query_first_hits() {
    use tantivy::collector::TopDocs;
    let e = sample_engine();
    let searcher = e.reader.searcher();
    let mut checked = 0;
    for text in [
        "factura",
        "cargo duplicado ",
        "router sin conex",
        "devolucion del eq",
        "factrua duplicado ",
        "rooter wifi",
        "tarjeta ",
        "velocidad lenta fibra",
        "co",
        "refund card ",
        "portavilida numero",
        "baja tag:facturacion",
    ] {
        for limit in [1, 3, 5] {
            let mut an = e.analyzers.clone();
            let parsed = query::parse(&mut an, text);
            let mut b = query::Builder::new(&e.fields, &searcher, &mut an);
            let full = b
                .request(&SearchRequest::default(), &parsed)
                .expect("query");
            let Some(all) = b.all_words.take() else {
                continue;
            };
            let top = |q: &dyn tantivy::query::Query| {
                searcher
                    .search(q, &TopDocs::with_limit(limit).order_by_score())
                    .expect("search")
            };
            let fast = top(all.as_ref());
            if fast.len() < limit {
                continue;
            }
            let slow = top(full.as_ref());
            let docs = |hits: &[(f32, tantivy::DocAddress)]| -> Vec<tantivy::DocAddress> {
                hits.iter().map(|h| h.1).collect()
            };
            assert_eq!(docs(&fast), docs(&slow), "{text:?} limit {limit}");
            for (f, s) in fast.iter().zip(&slow) {
                let (f, s) = (f.0 % query::BM25_MODULUS, s.0 % query::BM25_MODULUS);
                assert!((f - s).abs() < 0.01, "{text:?}: BM25 {f} vs {s}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 12, "the shortcut was tried {checked} times");
}

#[test]
fn expansions_skip_stop_words_and_are_highlighted() {
    let e = sample_engine();
    let searcher = e.reader.searcher();
    let mut an = e.analyzers.clone();
    for text in ["l", "de", "est"] {
        let parsed = query::parse(&mut an, text);
        let mut b = query::Builder::new(&e.fields, &searcher, &mut an);
        b.request(&SearchRequest::default(), &parsed);
        assert!(!b.expanded.is_empty(), "{text:?}");
        for t in &b.expanded {
            assert!(!analysis::is_stop_word(t), "{text:?} expanded to {t:?}");
        }
    }
    // A typo's neighbours found in the index are what gets highlighted.
    let hits = e.search(&SearchRequest {
        text: "portavilida ".into(),
        limit: 3,
        ..Default::default()
    });
    let marked: Vec<String> = hits
        .iter()
        .flat_map(|h| {
            h.snippet
                .highlights
                .iter()
                .map(|r| h.snippet.text[r.clone()].to_lowercase())
        })
        .collect();
    assert!(marked.iter().any(|w| w == "portabilidad"), "{marked:?}");
}

#[test]
fn a_lone_letter_after_words_is_not_expanded_yet() {
    let e = sample_engine();
    let search = |text: &str| {
        e.search(&SearchRequest {
            text: text.into(),
            limit: 10,
            ..Default::default()
        })
    };
    let hits = search("router s");
    assert!(!hits.is_empty());
    for h in &hits {
        for w in &h.matched {
            assert!(w == "s" || !w.starts_with('s'), "{}: {w:?}", h.id);
        }
    }
    // The second letter expands it; alone, one letter does.
    assert!(
        search("router se")
            .iter()
            .any(|h| h.matched.iter().any(|w| w.starts_with("se"))),
    );
    assert!(!search("r").is_empty());
}

#[test]
fn facets_list_the_known_tags_and_categories() {
    let f = engine().facets();
    assert_eq!(f.tags, ["bajas", "cobros", "facturacion"]);
    assert_eq!(f.categories, ["averias", "bajas", "facturacion"]);
}
