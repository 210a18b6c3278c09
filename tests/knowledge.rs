//! Knowledge loading: front matter formats, clean text, languages, every error kind with
//! its path and line, quick replies, the bundled sample, and never panicking.
use std::path::{Path, PathBuf};

use apunte::knowledge::loader::{self, Parsed, parse_bytes, parse_file, scan};
use apunte::knowledge::{Article, Diagnostic, Lang, Root, RootSource, Severity, bundled, lang};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/knowledge")
}

fn open(name: &str) -> Root {
    let dir = fixtures().join(name);
    Root::open(RootSource::Dir(dir.clone()), &dir).expect("fixture root opens")
}

fn article<'a>(articles: &'a [Article], id: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("article {id} not loaded"))
}

fn only_diag<'a>(diags: &'a [Diagnostic], file: &str) -> Vec<&'a Diagnostic> {
    diags
        .iter()
        .filter(|d| d.path.file_name().is_some_and(|n| n == file))
        .collect()
}

fn assert_clean(s: &str) {
    for bad in [
        "{#", "<!--", "http", "](", "<a ", "<strong>", ".png", "{{", "{%", ":::", "!!!",
    ] {
        assert!(!s.contains(bad), "{bad:?} left in {s:?}");
    }
}

fn bare_root() -> Root {
    Root {
        source: RootSource::Dir(PathBuf::from("kb")),
        dir: PathBuf::from("kb"),
        name: "kb".into(),
        lang: None,
        follow_outside: false,
        problems: Vec::new(),
    }
}

#[test]
fn scan_lists_markdown_sorted_and_skips_hidden_and_other_files() {
    let files = scan(&open("en-root")).unwrap();
    let names: Vec<_> = files.iter().map(|f| f.rel_path.as_str()).collect();
    // No hidden files, no top-level README.md, no Hugo `_index.md`, no `.txt`.
    assert_eq!(
        names,
        [
            "billing/late-fee.md",
            "billing/recargo-es.md",
            "billing/sub/README.md"
        ]
    );
    assert!(files.iter().all(|f| f.size > 0 && f.modified.is_some()));

    let yaml = scan(&open("yaml")).unwrap();
    let names: Vec<_> = yaml.iter().map(|f| f.rel_path.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.contains(&"guias/mkdocs-page.md"));
}

#[test]
fn root_settings_come_from_apunte_toml() {
    let root = open("en-root");
    assert_eq!(root.name, "English team");
    assert_eq!(root.lang, Some(Lang::En));
    let yaml = open("yaml");
    assert_eq!(yaml.name, "yaml");
    assert_eq!(yaml.lang, None);
}

#[test]
fn bad_apunte_toml_is_an_error_for_that_root_only() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("apunte.toml"),
        "name = \"Equipo\"\nlang = es\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("a.md"),
        "# Factura\n\nLa factura llega cada mes por correo.\n",
    )
    .unwrap();
    let root = Root::open(RootSource::Dir(tmp.path().into()), tmp.path()).expect("root opens");
    assert_eq!(root.problems.len(), 1, "{:?}", root.problems);
    assert_eq!(root.problems[0].line, 2);
    assert_eq!(root.problems[0].severity, Severity::Error);
    assert!(
        root.problems[0].message.contains("column 8"),
        "{:?}",
        root.problems
    );

    std::fs::write(tmp.path().join("apunte.toml"), "lang = \"fr\"\n").unwrap();
    let root = Root::open(RootSource::Dir(tmp.path().into()), tmp.path()).expect("root opens");
    assert_eq!(root.lang, None);
    let d = &root.problems[0];
    assert!(d.path.ends_with("apunte.toml") && d.line == 1, "{d:?}");
    assert!(
        d.message.contains("column 8") && d.message.contains("\"es\""),
        "{d}"
    );
    // The root still loads, with the problem among its diagnostics.
    let kb = loader::load(&[root, open("en-root")]);
    assert!(kb.articles.iter().any(|a| a.id == "a"), "{:?}", kb.articles);
    assert!(kb.articles.iter().any(|a| a.id.starts_with("billing/")));
    assert!(
        kb.diagnostics
            .iter()
            .any(|x| x.path.ends_with("apunte.toml"))
    );
}

#[test]
fn toml_article_fields_are_parsed() {
    let root = open("broken");
    let p = parse_file(&root, "bien/articulo-bueno.md");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let a = p.article.unwrap();
    assert_eq!(a.id, "bien/articulo-bueno");
    assert_eq!(a.title, "Artículo correcto");
    assert_eq!(a.category, "bien");
    assert_eq!(a.lang, Lang::Es);
    assert_eq!(a.tags, ["pruebas"]);
    assert_eq!(a.keywords, ["todo bien"]);
    assert_eq!(a.summary, "Un artículo sin problemas.");
    assert_eq!(a.updated.as_deref(), Some("2026-01-15"));
    assert_eq!(a.body_line, 9);
    assert!(a.body.contains("# Artículo correcto"));
    // The heading that repeats the title is not repeated in the text.
    assert_eq!(
        a.text,
        "Este artículo se carga aunque sus vecinos tengan errores."
    );
    assert_eq!(a.path, root.dir.join("bien/articulo-bueno.md"));
    assert_eq!(a.rel_path, "bien/articulo-bueno.md");
}

#[test]
fn sample_article_with_decide_keeps_file_order() {
    let root = Root::open(
        RootSource::Dir(PathBuf::from("knowledge")),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
    )
    .unwrap();
    let a = parse_file(&root, "facturacion/cargo-duplicado.md")
        .article
        .unwrap();
    assert_eq!(a.id, "facturacion/cargo-duplicado");
    assert_eq!(a.owner.as_deref(), Some("Equipo Facturación"));
    assert_eq!(a.phrases.len(), 3);
    let labels: Vec<_> = a.decide.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(labels, ["devolucion", "abono_maximo"]);
    assert!(a.decide[1].1.contains("20 EUR"));
    assert!(!a.text.contains("**"));
}

#[test]
fn yaml_collections_load_with_clean_titles_and_text() {
    let kb = loader::load(&[open("yaml")]);
    assert_eq!(kb.errors(), 0, "{:?}", kb.diagnostics);

    let jekyll = article(&kb.articles, "jekyll-post");
    assert_eq!(jekyll.title, "Cómo pagar una factura pendiente");
    assert_eq!(
        jekyll.summary,
        "Pasos para pagar una factura que quedó sin cobrar."
    );
    assert_eq!(jekyll.tags, ["pagos", "facturas"]);
    assert_eq!(jekyll.updated.as_deref(), Some("2024-03-05"));
    assert_eq!(jekyll.owner.as_deref(), Some("Equipo Cobros"));
    assert!(jekyll.text.contains("área de cliente o por teléfono"));
    assert!(jekyll.text.contains("carta de pago"));
    assert!(
        !jekyll.text.contains("Captura"),
        "image alt text is dropped"
    );
    assert!(!jekyll.text.contains("TODO"), "HTML comments are dropped");
    assert!(!jekyll.text.contains("include"), "Liquid tags are dropped");

    let hugo = article(&kb.articles, "hugo-toml");
    assert_eq!(hugo.title, "Cambio de titular");
    assert_eq!(hugo.updated.as_deref(), Some("2023-11-02"));
    assert!(hugo.summary.starts_with("Qué documentos"));
    assert!(!hugo.text.contains("figure"));

    // Docusaurus: `id`/`slug` are ignored (the path is the id), title from the heading.
    let docu = article(&kb.articles, "docusaurus-doc");
    assert_eq!(docu.title, "Router lights explained");
    assert_eq!(docu.tags, ["router", "lights", "ONT"]);
    assert_eq!(docu.keywords, ["router", "lights", "ONT"]);
    assert_eq!(docu.lang, Lang::En);
    assert!(docu.text.contains("Quick check"));
    assert!(docu.text.contains("installation guide and the LED table"));
    assert!(docu.text.contains("PON · Fibre signal"));

    let mkdocs = article(&kb.articles, "guias/mkdocs-page");
    assert_eq!(mkdocs.title, "Customer is angry");
    assert_eq!(mkdocs.category, "guias");
    assert_eq!(mkdocs.tags, ["soft skills"]);
    assert_eq!(mkdocs.updated.as_deref(), Some("2025-02-01"));
    assert!(mkdocs.text.starts_with("Stay calm"), "{}", mkdocs.text);
    assert_eq!(mkdocs.lang, Lang::En);

    let plain = article(&kb.articles, "sin-front-matter");
    assert_eq!(plain.title, "Horario de atención telefónico");
    assert_eq!(plain.lang, Lang::Es);
    assert_eq!(plain.body_line, 1);

    let named = article(&kb.articles, "nombre-del-archivo");
    assert_eq!(named.title, "Nombre del archivo");

    for a in &kb.articles {
        assert_clean(&a.title);
        assert_clean(&a.text);
        assert_clean(&a.summary);
    }
}

#[test]
fn undeclared_english_article_is_detected_as_english() {
    let kb = loader::load(&[open("yaml")]);
    let a = article(&kb.articles, "english-without-lang");
    assert_eq!(a.lang, Lang::En);
    assert_eq!(lang::detect(&a.text), Some(Lang::En));
    assert_eq!(
        lang::detect("Buenas tardes, no me funciona el router desde ayer"),
        Some(Lang::Es)
    );
}

#[test]
fn root_default_language_applies_unless_the_article_declares_one() {
    let kb = loader::load(&[open("en-root")]);
    assert_eq!(kb.diagnostics, vec![]);
    assert_eq!(article(&kb.articles, "billing/late-fee").lang, Lang::En);
    assert_eq!(article(&kb.articles, "billing/recargo-es").lang, Lang::Es);
}

#[test]
fn root_default_language_that_contradicts_the_text_is_a_warning() {
    let root = Root {
        lang: Some(Lang::Es),
        ..bare_root()
    };
    let p = parse_bytes(
        &root,
        "en.md",
        b"+++\ntitle = \"Router setup\"\nkeywords = [\"router\"]\n+++\n\nPlug the router into the wall socket and wait until the lights are green. If they are not, call us and we will check the line for you.\n",
    );
    assert_eq!(p.article.as_ref().unwrap().lang, Lang::Es);
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(p.diagnostics[0].severity, Severity::Warning);
    assert!(p.diagnostics[0].message.contains("lang = \"en\""));
}

#[test]
fn every_error_kind_is_reported_with_path_and_line() {
    let root = open("broken");
    let kb = loader::load(std::slice::from_ref(&root));
    let expect = [
        ("toml-invalido.md", 4, "invalid TOML"),
        ("sin-cerrar.md", 1, "never closed"),
        ("sin-titulo.md", 1, "no title"),
        ("idioma-desconocido.md", 3, "unknown lang \"fr\""),
        ("cuerpo-vacio.md", 5, "no text"),
        ("yaml-invalido.md", 4, "invalid YAML"),
        ("utf8-invalido.md", 6, "UTF-8"),
        ("dup-b.md", 1, "dup-a.md"),
    ];
    for (file, line, text) in expect {
        let found = only_diag(&kb.diagnostics, file);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        let d = found[0];
        assert_eq!(d.severity, Severity::Error, "{d}");
        assert_eq!(d.line, line, "{d}");
        assert!(d.message.contains(text), "{d}");
        assert_eq!(d.path, root.dir.join(file));
        assert!(
            d.to_string().starts_with(&format!(
                "{}:{line}: error: ",
                root.dir.join(file).display()
            )),
            "{d}"
        );
    }
    assert_eq!(kb.errors(), expect.len());

    // The good files (and the first of the duplicates, and the one with warnings) load.
    let mut ids: Vec<_> = kb.articles.iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "avisos",
            "bien/articulo-bueno",
            "bien/otro-bueno",
            "duplicado"
        ]
    );
    assert_eq!(
        article(&kb.articles, "duplicado").title,
        "Primero con este id"
    );
}

#[test]
fn warnings_keep_the_article() {
    let root = open("broken");
    let p: Parsed = parse_file(&root, "avisos.md");
    let a = p.article.expect("warnings do not drop the article");
    assert_eq!(
        a.decide,
        vec![(
            "devolucion".to_string(),
            "Puedes devolver hasta 20 EUR".to_string()
        )]
    );
    assert_eq!(a.updated.as_deref(), Some("el mes pasado"));
    let lines: Vec<_> = p.diagnostics.iter().map(|d| (d.line, d.severity)).collect();
    assert_eq!(
        lines,
        [
            (4, Severity::Warning),
            (5, Severity::Warning),
            (6, Severity::Warning),
            (9, Severity::Warning)
        ]
    );
}

#[test]
fn misspelt_key_suggests_the_right_one() {
    let p = parse_bytes(
        &bare_root(),
        "x.md",
        b"+++\ntitle = \"T\"\ntag = [\"a\"]\n+++\n\nTexto.\n",
    );
    assert!(p.article.is_some());
    let d: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("did you mean `tags`"))
        .collect();
    assert_eq!(d.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(d[0].line, 3);
}

#[test]
fn front_matter_id_overrides_the_path() {
    let p = parse_bytes(
        &bare_root(),
        "carpeta/archivo.markdown",
        b"+++\ntitle = \"T\"\nid = \"otro/id\"\nkeywords = [\"k\"]\n+++\nTexto.\n",
    );
    let a = p.article.unwrap();
    assert_eq!(a.id, "otro/id");
    assert_eq!(a.category, "carpeta");
    let p = parse_bytes(&bare_root(), "carpeta/archivo.markdown", b"Texto.\n");
    assert_eq!(p.article.unwrap().id, "carpeta/archivo");
}

#[test]
fn titles_are_cleaned_of_markup() {
    let p = parse_bytes(
        &bare_root(),
        "t.md",
        b"+++\ntitle = \"[Facturas](https://x.example) **y** pagos {#ancla}\"\nkeywords = [\"k\"]\n+++\nTexto.\n",
    );
    assert_eq!(p.article.unwrap().title, "Facturas y pagos");
    let p = parse_bytes(
        &bare_root(),
        "t.md",
        b"T\xc3\xadtulo <em>con</em> HTML\n=====\n\nTexto.\n",
    );
    assert_eq!(p.article.unwrap().title, "Título con HTML");
}

#[test]
fn crlf_and_bom_files_load() {
    let p = parse_bytes(
        &bare_root(),
        "w.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"Windows\"\r\nkeywords = [\"k\"]\r\n+++\r\n\r\nTexto de Windows.\r\n",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let a = p.article.unwrap();
    assert_eq!(a.title, "Windows");
    assert_eq!(a.text, "Texto de Windows.");
    assert_eq!(a.body_line, 5);
}

#[test]
fn quick_replies_load_from_the_root() {
    let kb = loader::load(&[open("en-root")]);
    assert_eq!(kb.replies.len(), 2);
    assert_eq!(kb.replies[0].name, "greeting");
    assert_eq!(kb.replies[0].lang, Some(Lang::En));
    assert!(kb.replies[0].text.contains("{agent}"));
    assert_eq!(kb.replies[1].lang, None);
    let (none, diags) = apunte::knowledge::replies::load(&open("yaml"));
    assert!(none.is_empty() && diags.is_empty());
}

#[test]
fn bad_replies_file_is_reported_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("replies.toml"),
        "[[reply]]\nname = \"ok\"\ntext = \"Hola\"\n\n[[reply]]\nname = \"mal\"\nlang = \"fr\"\ntext = \"x\"\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("a.md"), "# A\n\nTexto.\n").unwrap();
    let root = Root::open(RootSource::Dir(tmp.path().into()), tmp.path()).unwrap();
    let kb = loader::load(&[root]);
    assert_eq!(kb.replies.len(), 1);
    assert_eq!(kb.errors(), 1);
    let d = &kb.diagnostics[0];
    assert_eq!(d.path, tmp.path().join("replies.toml"));
    assert_eq!(d.line, 7);
}

#[test]
fn bundled_sample_extracts_once_and_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = bundled::extract(tmp.path()).unwrap();
    assert!(dir.starts_with(tmp.path()));
    let file = dir.join(bundled::FILES[0].0);
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = bundled::extract(tmp.path()).unwrap();
    assert_eq!(dir, again);
    let after = std::fs::metadata(&file).unwrap().modified().unwrap();
    assert_eq!(before, after, "an extracted sample is not rewritten");
    for (rel, content) in bundled::FILES {
        assert_eq!(std::fs::read(dir.join(rel)).unwrap(), *content);
    }
    // Only the finished folder is left in the cache.
    let entries: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");

    let root = Root::open(RootSource::Bundled, &dir).unwrap();
    let kb = loader::load(&[root]);
    assert_eq!(kb.errors(), 0, "{:?}", kb.diagnostics);
    assert!(!kb.articles.is_empty());
}

#[test]
fn interrupted_extract_is_redone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = bundled::extract(tmp.path()).unwrap();
    // Simulate a crash: a folder without its completion marker and a missing file.
    std::fs::remove_file(dir.join(".apunte-complete")).unwrap();
    let file = dir.join(bundled::FILES[0].0);
    std::fs::remove_file(&file).unwrap();
    let again = bundled::extract(tmp.path()).unwrap();
    assert_eq!(again, dir);
    assert!(file.is_file());
}

#[test]
fn load_counts_many_files_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..150 {
        let dir = tmp.path().join(format!("c{}", i % 3));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("a{i:03}.md")),
            format!("# Artículo {i}\n\nTexto del artículo número {i}.\n"),
        )
        .unwrap();
    }
    let root = Root::open(RootSource::Dir(tmp.path().into()), tmp.path()).unwrap();
    let kb = loader::load(std::slice::from_ref(&root));
    assert_eq!(kb.articles.len(), 150);
    assert_eq!(kb.diagnostics, vec![]);
    let rel: Vec<_> = kb.articles.iter().map(|a| a.rel_path.clone()).collect();
    let scanned: Vec<_> = scan(&root)
        .unwrap()
        .into_iter()
        .map(|f| f.rel_path)
        .collect();
    assert_eq!(rel, scanned);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_bytes(&bare_root(), "r/x.md", &bytes);
    }

    #[test]
    fn random_text_after_any_fence_never_panics(
        fence in prop_oneof![Just(""), Just("+++\n"), Just("---\n")],
        text in "\\PC{0,300}",
        close in prop_oneof![Just(""), Just("\n+++\n"), Just("\n---\n")],
        body in "[ -~\\n#*\\[\\]()<>!{}`:-]{0,200}",
    ) {
        let doc = format!("{fence}{text}{close}{body}");
        let p = parse_bytes(&bare_root(), "r/x.md", doc.as_bytes());
        if let Some(a) = p.article {
            prop_assert!(!a.id.is_empty());
            prop_assert!(!a.title.is_empty());
        }
        for d in p.diagnostics {
            prop_assert!(d.line <= doc.lines().count() + 2);
        }
    }

    #[test]
    fn lang_detection_never_panics(text in "\\PC{0,200}") {
        let _ = lang::detect(&text);
    }
}

#[test]
fn a_body_with_only_the_title_is_an_error() {
    let p = parse_bytes(
        &bare_root(),
        "t.md",
        b"+++\ntitle = \"Solo\"\nkeywords = [\"k\"]\n+++\n\n# Solo\n",
    );
    assert!(p.article.is_none());
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].line, 5);
    assert!(p.diagnostics[0].message.contains("only its title"));
    let p = parse_bytes(&bare_root(), "t.md", b"# Solo\n");
    assert!(p.article.is_none());
}

#[test]
fn duplicates_are_resolved_first_wins() {
    let root = bare_root();
    let a = parse_bytes(
        &root,
        "a.md",
        b"+++\ntitle = \"A\"\nid = \"x\"\nkeywords = [\"k\"]\n+++\nUno.\n",
    );
    let b = parse_bytes(
        &root,
        "b.md",
        b"+++\ntitle = \"B\"\nid = \"x\"\nkeywords = [\"k\"]\n+++\nDos.\n",
    );
    let (kept, diags) = loader::resolve_duplicates(vec![a.article.unwrap(), b.article.unwrap()]);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].title, "A");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].path, root.dir.join("b.md"));
    assert!(
        diags[0]
            .message
            .contains(&root.dir.join("a.md").display().to_string())
    );
}

#[cfg(unix)]
#[test]
fn symlinked_folders_out_of_the_root_are_followed_only_when_allowed_and_loops_never() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("compartido");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("a.md"), "# A\n\nTexto.\n").unwrap();
    let root_dir = tmp.path().join("kb");
    std::fs::create_dir_all(root_dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(&shared, root_dir.join("enlace")).unwrap();
    std::os::unix::fs::symlink(&root_dir, root_dir.join("sub/bucle")).unwrap();
    std::fs::write(root_dir.join("sub/b.md"), "# B\n\nTexto.\n").unwrap();
    let mut root = Root::open(RootSource::Dir(root_dir.clone()), &root_dir).unwrap();
    let names = |root: &Root| -> Vec<String> {
        scan(root)
            .unwrap()
            .into_iter()
            .map(|f| f.rel_path)
            .collect()
    };
    assert_eq!(names(&root), ["sub/b.md"]);
    root.follow_outside = true;
    assert_eq!(names(&root), ["enlace/a.md", "sub/b.md"]);
}

proptest! {
    #[test]
    fn random_replies_files_never_panic(text in "\\PC{0,300}") {
        let doc = format!("[[reply]]\n{text}");
        let _ = apunte::knowledge::replies::parse(Path::new("replies.toml"), doc.as_bytes());
    }
}

#[test]
fn declared_language_that_contradicts_the_text_is_a_warning() {
    let p = parse_bytes(
        &bare_root(),
        "en.md",
        b"+++\ntitle = \"Duplicate charge\"\nlang = \"es\"\nkeywords = [\"charged twice\"]\n+++\n\nWhen the customer sees two charges for the same bill, check the billing panel first. If it is a real duplicate, ask for the refund and tell the customer when they will get their money back. It takes 5 to 7 working days and you can give them the reference number.\n",
    );
    let a = p.article.unwrap();
    assert_eq!(a.lang, Lang::Es, "the declared language is kept");
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(p.diagnostics[0].line, 3);
    assert!(p.diagnostics[0].message.contains("lang = \"en\""));
}

#[test]
fn names_that_are_not_utf8_and_unreadable_folders_are_reported_with_their_path() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kb");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/ok.md"), "# Bien\n\ntexto\n").unwrap();
    let bad = dir
        .join("a")
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
    std::fs::write(&bad, "# Mal nombre\n\ntexto\n").unwrap();
    let locked = dir.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("x.md"), "# x\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // A superuser reads the folder anyway: then only the name is reported.
    let unreadable = std::fs::read_dir(&locked).is_err();

    let root = Root::open(RootSource::Dir(dir.clone()), &dir).unwrap();
    let kb = loader::load(&[root]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let ids: Vec<&str> = kb.articles.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"a/ok"), "{ids:?}");
    let name = kb
        .diagnostics
        .iter()
        .find(|d| d.path == bad)
        .unwrap_or_else(|| panic!("{:?}", kb.diagnostics));
    assert!(name.message.contains("not valid UTF-8"), "{}", name.message);
    assert!(
        !kb.diagnostics
            .iter()
            .any(|d| d.message.contains("No such file")),
        "{:?}",
        kb.diagnostics
    );
    if unreadable {
        let d = kb
            .diagnostics
            .iter()
            .find(|d| d.path == locked)
            .unwrap_or_else(|| panic!("{:?}", kb.diagnostics));
        assert!(
            d.message.contains("cannot read the folder"),
            "{}",
            d.message
        );
    }
}

/// The front matter work (`frontmatter::work`, a deterministic count of bytes scanned,
/// parser events and values built) of parsing one file.
fn front_matter_work(text: &str) -> u64 {
    let before = apunte::knowledge::frontmatter::work();
    let parsed = parse_bytes(&bare_root(), "r/big.md", text.as_bytes());
    assert!(parsed.article.is_some(), "{:?}", parsed.diagnostics.first());
    apunte::knowledge::frontmatter::work() - before
}

/// Front matter shapes that an earlier version parsed in quadratic time (the review's
/// 490 KB files: 17 s for 50k YAML keys), each made with `n` repetitions.
fn big_front_matters(n: usize) -> Vec<(&'static str, String)> {
    let body = "\nCuerpo del artículo.\n";
    let many = |open: &str, close: &str, line: &dyn Fn(usize) -> String| {
        let lines: String = (0..n).map(|i| line(i) + "\n").collect();
        format!("{open}\n{lines}{close}\n{body}")
    };
    vec![
        (
            "YAML keys",
            many("---\ntitle: Muchas claves", "---", &|i| {
                format!("clave{i}: valor {i}")
            }),
        ),
        (
            "YAML anchors and aliases",
            many("---\ntitle: Anclas", "---", &|i| {
                // One alias in 8 lines: 4,000 of them in the large file, under the cap.
                match i % 8 {
                    0 => format!("a{i}: &a{i} valor {i}"),
                    1 => format!("b{i}: *a{}", i - 1),
                    _ => format!("c{i}: valor {i}"),
                }
            }),
        ),
        (
            "YAML tag list",
            many("---\ntitle: Etiquetas\ntags:", "---", &|i| {
                format!("  - etiqueta{i}")
            }),
        ),
        (
            "TOML keys",
            many(
                "+++\ntitle = \"Muchas claves\"\ntags = [\"a\"]",
                "+++",
                &|i| format!("clave{i} = \"valor {i}\""),
            ),
        ),
        (
            "TOML tables",
            many("+++\ntitle = \"Tablas\"\ntags = [\"a\"]", "+++", &|i| {
                format!("[t{i}]\nk = {i}")
            }),
        ),
        (
            "TOML decide entries",
            many(
                "+++\ntitle = \"Decidir\"\ntags = [\"a\"]\n[decide]",
                "+++",
                &|i| format!("o{i} = \"puede {i}\""),
            ),
        ),
    ]
}

#[test]
fn front_matter_parsing_stays_linear_in_its_size() {
    // 4,000 and 32,000 repetitions: the large files are 400–850 KB, as the review's.
    let (small, large) = (big_front_matters(4_000), big_front_matters(32_000));
    for ((name, s), (_, l)) in small.iter().zip(&large) {
        let (ws, wl) = (front_matter_work(s), front_matter_work(l));
        let size_ratio = l.len() as f64 / s.len() as f64;
        let work_ratio = wl as f64 / ws as f64;
        // Linear: the work grows as the size does (a per-key rescan gives ~8× more).
        assert!(
            work_ratio < size_ratio * 1.25,
            "{name}: {} → {} bytes ({size_ratio:.2}×) took {ws} → {wl} units of work ({work_ratio:.2}×)",
            s.len(),
            l.len(),
        );
        // Bounded: a few units per byte of front matter, whatever its shape.
        assert!(
            wl < 8 * l.len() as u64,
            "{name}: {wl} units of work for {} bytes",
            l.len()
        );
        assert!(l.len() > 300_000, "{name}: {} bytes", l.len());
    }
}
