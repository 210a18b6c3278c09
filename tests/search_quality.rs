//! Search quality against the bundled sample base (`knowledge/` of the repo): accents,
//! stemming, prefixes, typos, multi-word ranking, operators, filters, nasty input,
//! highlights. Mostly through `Engine::in_memory`, and once through `Engine::open`.
use std::path::PathBuf;
use std::sync::LazyLock;

use apunte::knowledge::{self, Article, Lang, Root, RootSource};
use apunte::search::{Engine, Highlighted, Hit, SearchRequest, WeightedTerm};
use proptest::prelude::*;

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

fn sample_roots() -> Vec<Root> {
    let dir = sample_dir();
    vec![Root::open(RootSource::Dir(dir.clone()), &dir).expect("sample root opens")]
}

static ARTICLES: LazyLock<Vec<Article>> = LazyLock::new(|| {
    let kb = knowledge::load(&sample_roots());
    assert!(kb.articles.len() >= 50, "sample base loads");
    kb.articles
});

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::in_memory(&ARTICLES).expect("in-memory engine"));

fn req(text: &str) -> SearchRequest {
    SearchRequest {
        text: text.into(),
        limit: 10,
        ..Default::default()
    }
}

fn search(text: &str) -> Vec<Hit> {
    ENGINE.search(&req(text))
}

fn ids(text: &str) -> Vec<String> {
    search(text).into_iter().map(|h| h.id).collect()
}

fn first(text: &str) -> String {
    ids(text)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no hit for {text:?}"))
}

fn article(id: &str) -> Article {
    ENGINE.article(id).unwrap_or_else(|| panic!("{id} stored"))
}

/// Lowercase, accents removed (enough for the sample's Spanish and English).
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' | 'ì' | 'ï' => 'i',
            'ó' | 'ò' | 'ö' => 'o',
            'ú' | 'ù' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// Every searchable word of an article, folded, separated by single spaces.
fn all_text(a: &Article) -> String {
    let text = fold(&format!(
        "{} {} {} {} {}",
        a.title,
        a.keywords.join(" "),
        a.tags.join(" "),
        a.summary,
        a.text
    ));
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_sample_is_indexed_whole() {
    assert_eq!(ENGINE.len(), ARTICLES.len());
    let a = article("facturacion/cargo-duplicado");
    let original = ARTICLES
        .iter()
        .find(|x| x.id == "facturacion/cargo-duplicado")
        .expect("in sample");
    assert_eq!(&a, original, "article() rebuilds the whole article");
    assert!(!a.decide.is_empty() && !a.phrases.is_empty());
}

#[test]
fn accents_fold_both_ways() {
    // Unaccented query, accented text.
    let hits = search("averia ");
    assert!(hits[0].id.starts_with("averias/"), "{:?}", ids("averia "));
    assert!(hits[0].title.text.contains("Avería"));
    assert!(first("facturacion ").starts_with("facturacion/"));
    // Accented, upper-case query.
    assert_eq!(ids("AVERÍA "), ids("averia "));
    assert_eq!(ids("Facturación "), ids("facturacion "));
    // Accented query, text written without the accent.
    assert_eq!(ids("wífi "), ids("wifi "));
    assert!(!ids("wífi ").is_empty());
}

#[test]
fn related_forms_the_stemmers_miss_are_one_word() {
    // "europa" is not stemmed like "Europea", nor "Europe" like "European": the list
    // in search/related.toml joins them.
    assert_eq!(first("roaming europa "), "movil/roaming-ue");
    assert_eq!(first("roaming europea "), "movil/roaming-ue");
    assert_eq!(first("lang:en roaming european "), "movil/eu-roaming");
    assert_eq!(first("lang:en roaming europe "), "movil/eu-roaming");
}

#[test]
fn stemming_in_each_language() {
    // `cancelar` finds `cancelación` (a tag and body words of the Spanish article).
    let hits = ids("cancelar ");
    assert!(
        hits.iter().take(3).any(|id| id == "bajas/baja-servicio"),
        "{hits:?}"
    );
    let baja = search("cancelar ")
        .into_iter()
        .find(|h| h.id == "bajas/baja-servicio")
        .expect("hit");
    assert!(
        baja.matched.contains(&"cancelar".to_string()),
        "{:?}",
        baja.matched
    );
    // Other forms of the word are matched and highlighted: `cobrado` → `cobro`, `cobran`.
    let hit = search("cobrado ")
        .into_iter()
        .find(|h| h.id == "facturacion/cargo-duplicado")
        .expect("hit");
    assert!(
        hit.matched
            .iter()
            .any(|w| w.starts_with("cobr") && w != "cobrado"),
        "{:?}",
        hit.matched
    );
    // `charges` finds `charge`.
    assert_eq!(first("charges "), "facturacion/duplicate-charge");
    assert_eq!(first("charge "), "facturacion/duplicate-charge");
    // Spanish plurals and verb forms.
    assert_eq!(first("facturas duplicadas "), "facturacion/copia-factura");
    // An English query does not need the Spanish article and vice versa, but both
    // languages are searched.
    let both = ids("roaming ");
    assert!(both.iter().any(|id| id == "movil/eu-roaming"));
    assert!(both.iter().any(|id| id == "movil/roaming-ue"));
}

#[test]
fn prefix_while_typing() {
    let hits = ids("fact");
    assert!(hits.len() >= 3);
    assert!(
        hits.iter().take(3).all(|id| id.starts_with("facturacion/")),
        "{hits:?}"
    );
    let h = &search("fact")[0];
    assert!(h.matched.iter().any(|w| w.starts_with("fact")));
    assert_eq!(first("contrase"), "instalacion/cambiar-contrasena-wifi");
    // The last word is a prefix only while it is being typed.
    assert_eq!(
        first("cambiar contrase"),
        "instalacion/cambiar-contrasena-wifi"
    );
    // Typing a word one keystroke at a time always finds something once 2 letters are in.
    for n in 2..="portabilidad".len() {
        let partial = &"portabilidad"[..n];
        assert!(!ids(partial).is_empty(), "{partial}");
    }
    assert!(
        first("portabilid").starts_with("portabilidad/")
            || first("portabilid").starts_with("privacidad/")
    );
}

#[test]
fn typos_are_tolerated_and_ranked_below_exact() {
    // One edit (4–7 letters).
    let hits = ids("rooter ");
    assert!(!hits.is_empty());
    for id in hits.iter().take(3) {
        assert!(all_text(&article(id)).contains("router"), "{id}");
    }
    // Two edits (8+ letters).
    let hits = ids("portavilida ");
    assert!(
        hits.iter()
            .take(3)
            .any(|id| id.starts_with("portabilidad/")),
        "{hits:?}"
    );
    // Words of 3 letters or fewer are never fuzzy.
    assert!(
        ids("pim ")
            .iter()
            .all(|id| all_text(&article(id)).contains("pim"))
    );
    // Exact before typo: `wife` is in the bereavement guide; `wifi` articles are one
    // edit away and must come after it.
    let hits = ids("wife ");
    assert_eq!(hits[0], "guias/bereavement", "{hits:?}");
    let exact: Vec<_> = hits
        .iter()
        .filter(|id| {
            all_text(&article(id))
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "wife")
        })
        .collect();
    let first_typo = hits.iter().position(|id| !exact.contains(&id));
    if let Some(p) = first_typo {
        assert!(hits[..p].len() == exact.len(), "exact hits first: {hits:?}");
    }
}

#[test]
fn all_words_first_then_most() {
    // Both words: the article that has both wins over ones with only one.
    assert_eq!(first("devolver router "), "bajas/devolucion-equipos");
    assert_eq!(first("cargo duplicado "), "facturacion/cargo-duplicado");
    assert_eq!(first("duplicate charge "), "facturacion/duplicate-charge");
    // A word that no article has does not stop the others from ranking.
    assert_eq!(
        first("cargo duplicado xyzzyq "),
        "facturacion/cargo-duplicado"
    );
    // Hits that match every word come before hits that match fewer.
    let hits = search("pin puk bloqueada ");
    assert_eq!(hits[0].id, "movil/pin-puk");
}

#[test]
fn a_customers_sentence_finds_the_right_article() {
    let cases = [
        (
            "hola buenas, mirad, es que me habéis cobrado la factura dos veces este mes y quiero que me devolváis el dinero",
            "facturacion/cargo-duplicado",
        ),
        (
            "se me ha perdido el móvil, creo que me lo han robado en el metro",
            "movil/movil-perdido-robado",
        ),
        (
            "no me llega la velocidad que tengo contratada, va lentísimo",
            "averias/velocidad-lenta",
        ),
        (
            "he recibido un sms raro diciendo que soy de ondina y que pague",
            "fraude/llamadas-suplantacion",
        ),
        (
            "mi padre ha fallecido y queremos dar de baja su línea",
            "guias/fallecimiento-titular",
        ),
        (
            "quiero traerme mi número de otra compañía",
            "portabilidad/portabilidad-entrante",
        ),
        (
            "estoy en francia y no me funcionan los datos del movil",
            "movil/roaming-ue",
        ),
        (
            "I want to cancel my contract because I'm moving to another provider",
            "bajas/cancellation",
        ),
        (
            "I have been charged twice for the same invoice",
            "facturacion/duplicate-charge",
        ),
        (
            "the router lights are blinking red",
            "instalacion/router-setup",
        ),
        (
            "the package says delivered but I never got it",
            "envios/late-delivery",
        ),
        (
            "my internet has been down since this morning and my neighbours have no connection either",
            "averias/mass-outage",
        ),
    ];
    for (sentence, want) in cases {
        assert_eq!(first(sentence), want, "{sentence}");
    }
}

#[test]
fn phrase_operator() {
    let hits = ids("\"cargo duplicado\"");
    assert_eq!(hits[0], "facturacion/cargo-duplicado");
    for id in &hits {
        assert!(all_text(&article(id)).contains("cargo duplicado"), "{id}");
    }
    // Without quotes, more articles match.
    assert!(ids("cargo duplicado ").len() > hits.len());
    // An unclosed quote is plain text.
    assert_eq!(first("\"cargo duplicado"), "facturacion/cargo-duplicado");
}

#[test]
fn exclude_operator() {
    let with = ids("roaming ");
    let without = ids("roaming -fuera ");
    assert!(!without.is_empty());
    assert!(without.len() < with.len());
    for id in &without {
        assert!(!all_text(&article(id)).contains("fuera"), "{id}");
    }
    // A negated phrase.
    for id in ids("factura -\"cargo duplicado\" ") {
        assert!(!all_text(&article(&id)).contains("cargo duplicado"), "{id}");
    }
    // A hyphen inside a word is not an operator.
    assert!(!ids("e-mail ").is_empty());
}

#[test]
fn tag_category_and_lang_operators() {
    let hits = ids("tag:fraude");
    assert!(hits.len() >= 3);
    for id in &hits {
        assert!(article(id).tags.iter().any(|t| t == "fraude"), "{id}");
    }
    assert_eq!(first("tag:fraude sim "), "fraude/duplicado-sim-fraudulento");
    // Tags fold accents.
    let hits = ids("tag:facturacion factura ");
    assert!(!hits.is_empty());
    for id in &hits {
        assert!(
            article(id).tags.iter().any(|t| fold(t) == "facturacion"),
            "{id}"
        );
    }
    // cat: is a category prefix.
    let hits = ids("cat:pag ");
    assert!(hits.len() >= 3);
    assert!(hits.iter().all(|id| id.starts_with("pagos/")), "{hits:?}");
    let hits = ids("cat:movil roaming ");
    assert!(hits.iter().all(|id| id.starts_with("movil/")), "{hits:?}");
    // lang:
    let hits = search("lang:en roaming ");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.lang == Lang::En));
    let hits = search("roaming lang:es");
    assert!(hits.iter().all(|h| h.lang == Lang::Es));
    // Conflicting filters give nothing, not an error.
    assert!(ids("lang:es lang:en roaming").is_empty());
}

#[test]
fn other_syntax_is_plain_text() {
    // An unknown field: both parts are words.
    assert_eq!(
        first("pedido:retrasado "),
        "envios/seguimiento-pedido-retrasado"
    );
    // NOT does not mean "everything else".
    let hits = ids("NOT factura ");
    assert!(
        hits.iter()
            .take(3)
            .all(|id| all_text(&article(id)).contains("factura"))
    );
    assert!(ids("*").is_empty());
    assert_eq!(ids("(cargo AND duplicado) OR "), ids("cargo duplicado OR "));
    assert_eq!(first("[cargo duplicado]"), "facturacion/cargo-duplicado");
}

#[test]
fn request_filters() {
    let mut r = req("roaming ");
    r.lang = Some(Lang::En);
    let hits = ENGINE.search(&r);
    assert!(!hits.is_empty() && hits.iter().all(|h| h.lang == Lang::En));

    let mut r = req("sim ");
    r.tags = vec!["Seguridad".into(), "sim".into()];
    let hits = ENGINE.search(&r);
    assert!(!hits.is_empty());
    for h in &hits {
        let tags: Vec<String> = article(&h.id).tags.iter().map(|t| fold(t)).collect();
        assert!(
            tags.contains(&"seguridad".into()) && tags.contains(&"sim".into()),
            "{}",
            h.id
        );
    }

    let mut r = req("datos ");
    r.category = Some("privacidad".into());
    let hits = ENGINE.search(&r);
    assert!(hits.len() >= 2);
    assert!(hits.iter().all(|h| h.category == "privacidad"));
    // A category is a folder, not a string prefix.
    r.category = Some("priv".into());
    assert!(ENGINE.search(&r).is_empty());

    // Limit.
    let mut r = req("el ");
    r.limit = 3;
    assert!(ENGINE.search(&r).len() <= 3);
}

fn check_highlighted(h: &Highlighted, matched: &[String], what: &str) {
    let mut prev_end = 0;
    for r in &h.highlights {
        assert!(r.start < r.end, "{what}: empty range");
        assert!(r.start >= prev_end, "{what}: ranges sorted and disjoint");
        assert!(r.end <= h.text.len(), "{what}: range in text");
        assert!(
            h.text.is_char_boundary(r.start) && h.text.is_char_boundary(r.end),
            "{what}: char boundaries"
        );
        let word = h.text[r.clone()].to_lowercase();
        assert!(
            word.chars().all(char::is_alphanumeric),
            "{what}: whole words: {word:?}"
        );
        assert!(matched.contains(&word), "{what}: {word:?} in {matched:?}");
        prev_end = r.end;
    }
}

#[test]
fn highlights_cover_matched_words() {
    for q in [
        "cargo duplicado ",
        "fact",
        "rooter ",
        "contraseña wifi",
        "averia ",
        "\"mapa de incidencias\"",
        "charges ",
        "tag:fraude sim",
        "me han cobrado dos veces",
    ] {
        let hits = search(q);
        assert!(!hits.is_empty(), "{q}");
        for h in &hits {
            check_highlighted(&h.title, &h.matched, &format!("{q} title {}", h.id));
            check_highlighted(&h.snippet, &h.matched, &format!("{q} snippet {}", h.id));
            assert!(!h.snippet.text.contains('\n'));
            assert!(h.snippet.text.chars().count() <= 200, "{}", h.snippet.text);
        }
        assert!(!hits[0].matched.is_empty(), "{q}");
    }
    // Prefix- and typo-expanded words are highlighted.
    let h = &search("fact")[0];
    assert!(
        h.snippet
            .highlights
            .iter()
            .chain(&h.title.highlights)
            .count()
            > 0
    );
    let h = &search("rooter ")[0];
    assert!(h.matched.contains(&"router".to_string()), "{:?}", h.matched);
    let h = &search("averia ")[0];
    let title: Vec<&str> = h
        .title
        .highlights
        .iter()
        .map(|r| &h.title.text[r.clone()])
        .collect();
    assert!(title.contains(&"Avería"), "{title:?}");
}

#[test]
fn snippet_falls_back_to_summary_or_keywords() {
    // "itinerancia" is only a keyword of the EU roaming article.
    let hits = search("itinerancia ");
    let h = hits
        .iter()
        .find(|h| h.id == "movil/roaming-ue")
        .expect("found by keyword");
    assert!(!h.snippet.highlights.is_empty(), "{:?}", h.snippet);
}

#[test]
fn weighted_terms_for_suggestions() {
    let terms = [
        WeightedTerm {
            word: "cobrado".into(),
            weight: 2.0,
        },
        WeightedTerm {
            word: "dos veces".into(),
            weight: 1.0,
        },
        WeightedTerm {
            word: "banco".into(),
            weight: 0.5,
        },
    ];
    let hits = ENGINE.search_terms(&terms, 5, &[]);
    assert_eq!(hits[0].id, "facturacion/cargo-duplicado");
    assert!(hits[0].score > hits.last().expect("hits").score);
    assert!(
        hits[0].matched.contains(&"cobrado".to_string()),
        "{:?}",
        hits[0].matched
    );
    let hits = ENGINE.search_terms(&terms, 5, &["facturacion/cargo-duplicado".into()]);
    assert!(hits.iter().all(|h| h.id != "facturacion/cargo-duplicado"));
    // Nothing to search for.
    assert!(ENGINE.search_terms(&[], 5, &[]).is_empty());
    let bad = [WeightedTerm {
        word: "!!!".into(),
        weight: f32::NAN,
    }];
    assert!(ENGINE.search_terms(&bad, 5, &[]).is_empty());
}

#[test]
fn nasty_inputs_never_fail() {
    let long = "factura ".repeat(1_250);
    let huge_word = "a".repeat(10_000);
    let cases = [
        "",
        " ",
        "-",
        "--",
        "- -",
        "\"",
        "\"\"",
        "\"\"\"",
        ":",
        "tag:",
        "cat:",
        "lang:",
        "lang:xx",
        "cat:/",
        "tag:\"",
        "((((",
        "]]]",
        "*",
        "* * *",
        "AND",
        "OR OR",
        "NOT",
        "😀😀😀",
        "🇪🇸 factura",
        "\u{0}\u{1}\u{7f}",
        "\\",
        "'",
        "a:b:c:d",
        "-\"\"",
        "-tag:fraude",
        long.as_str(),
        huge_word.as_str(),
        "fa\u{301}ctura",
    ];
    for text in cases {
        let hits = ENGINE.search(&req(text));
        for h in &hits {
            check_highlighted(&h.snippet, &h.matched, text);
        }
    }
    assert!(ENGINE.search(&req("")).is_empty());
    assert!(ENGINE.search(&req("-")).is_empty());
    assert!(!ENGINE.search(&req(&long)).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_valid_query(text in ".{0,80}") {
        let hits = ENGINE.search(&req(&text));
        for h in &hits {
            check_highlighted(&h.snippet, &h.matched, &text);
            check_highlighted(&h.title, &h.matched, &text);
        }
    }

    #[test]
    fn operator_soup_is_a_valid_query(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("\"".to_string()), Just("-".to_string()), Just("tag:".to_string()),
                Just("cat:".to_string()), Just("lang:".to_string()), Just(" ".to_string()),
                Just("factura".to_string()), Just("OR".to_string()), Just("*".to_string()),
                Just("é".to_string()), Just(":".to_string()), "[a-zñáé]{1,6}",
            ],
            0..12,
        )
    ) {
        let text = parts.concat();
        let _ = ENGINE.search(&req(&text));
    }
}

#[test]
fn on_disk_index_answers_like_the_in_memory_one() {
    let cache = tempfile::tempdir().expect("tempdir");
    let (engine, report) = Engine::open(&sample_roots(), cache.path()).expect("opens");
    assert!(report.rebuilt);
    assert_eq!(report.articles, ARTICLES.len());
    assert_eq!(engine.len(), ENGINE.len());
    for q in [
        "cargo duplicado ",
        "fact",
        "rooter ",
        "tag:fraude",
        "lang:en roaming",
    ] {
        let disk: Vec<String> = engine.search(&req(q)).into_iter().map(|h| h.id).collect();
        assert_eq!(disk.first(), ids(q).first(), "{q}");
        assert_eq!(disk.len(), ids(q).len(), "{q}");
    }
    assert_eq!(
        engine.article("facturacion/cargo-duplicado"),
        ENGINE.article("facturacion/cargo-duplicado")
    );
}
