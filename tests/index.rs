//! The on-disk index: build, warm open, incremental refresh, schema bump, crash leftovers,
//! and the `apunte index` / `apunte search` commands.
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use apunte::knowledge::{Root, RootSource};
use apunte::search::index::{MANIFEST, Manifest, index_dir, read_manifest};
use apunte::search::{Engine, IndexReport, SearchRequest};
use tempfile::TempDir;

/// A copy of the fixture knowledge base and an empty cache, both temporary.
struct Kb {
    _tmp: TempDir,
    dir: PathBuf,
    cache: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

impl Kb {
    fn new() -> Kb {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("kb");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/kb"),
            &dir,
        );
        let cache = tmp.path().join("cache");
        Kb {
            _tmp: tmp,
            dir,
            cache,
        }
    }

    fn roots(&self) -> Vec<Root> {
        vec![Root::open(RootSource::Dir(self.dir.clone()), &self.dir).expect("root")]
    }

    fn open(&self) -> (Engine, IndexReport) {
        Engine::open(&self.roots(), &self.cache).expect("index opens")
    }

    fn index_dir(&self) -> PathBuf {
        index_dir(&self.roots(), &self.cache)
    }

    fn manifest(&self) -> Manifest {
        read_manifest(&self.index_dir()).expect("manifest")
    }

    fn live(&self) -> PathBuf {
        self.index_dir().join(self.manifest().index)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write");
        // Make sure the modification time differs from what the manifest has, even on
        // file systems with coarse timestamps.
        let later = SystemTime::now() + Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(later))
            .expect("set mtime");
    }
}

fn ids(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .search(&SearchRequest {
            text: text.into(),
            limit: 10,
            ..Default::default()
        })
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn article(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ntags = [\"prueba\"]\n+++\n\n{body}\n")
}

/// The fixture's broken file is among the problems reported.
fn assert_reports_roto(report: &IndexReport) {
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.path.ends_with("averias/roto.md")),
        "{:?}",
        report.diagnostics
    );
}

/// Edits one article to hold `word` and checks the next open applies it incrementally.
fn refreshes_with(kb: &Kb, word: &str) {
    kb.write(
        "averias/averia-masiva.md",
        &article(
            "Avería masiva",
            &format!("Texto nuevo con la palabra {word}."),
        ),
    );
    let (engine, report) = kb.open();
    assert!(!report.rebuilt);
    assert_eq!(report.updated, 1);
    assert_eq!(
        ids(&engine, &format!("{word} ")),
        vec!["averias/averia-masiva"]
    );
}

#[test]
fn builds_then_reopens_warm_without_reading_files() {
    let kb = Kb::new();
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(report.articles, 3);
    assert_eq!(engine.len(), 3);
    assert_eq!(report.added, 3);
    assert!(report.index_dir.starts_with(kb.cache.join("index")));
    assert!(report.index_dir.join(MANIFEST).is_file());
    assert_eq!(
        ids(&engine, "cargo duplicado ")[0],
        "facturacion/cargo-duplicado"
    );
    // The broken file is reported with its line, not indexed.
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.path.ends_with("averias/roto.md") && d.line > 0),
        "{:?}",
        report.diagnostics
    );
    drop(engine);

    // Change a file's bytes but keep its size and modification time: a warm open must
    // not notice, because it reads no knowledge file.
    let path = kb.dir.join("averias/averia-masiva.md");
    let meta = fs::metadata(&path).expect("meta");
    let text = fs::read_to_string(&path).expect("read");
    let changed = text.replace("mapa de incidencias", "mapa de kumquatsxyz");
    assert_eq!(changed.len(), text.len());
    fs::write(&path, &changed).expect("write");
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(meta.modified().expect("mtime")))
        .expect("restore mtime");

    let (engine, report) = kb.open();
    assert!(!report.rebuilt);
    assert_eq!((report.added, report.updated, report.removed), (0, 0, 0));
    assert_eq!(report.articles, 3);
    assert_eq!(
        ids(&engine, "\"mapa de incidencias\""),
        vec!["averias/averia-masiva"]
    );
    assert!(ids(&engine, "kumquatsxyz ").is_empty());
    // Problems found when the file was parsed are still reported.
    assert_reports_roto(&report);
}

#[test]
fn edits_additions_and_deletions_are_applied_incrementally() {
    let kb = Kb::new();
    let (engine, _) = kb.open();
    let live = kb.live();
    drop(engine);

    // Edit.
    kb.write(
        "averias/averia-masiva.md",
        &article(
            "Avería masiva en la zona",
            "Consulta el tablero zafiro de incidencias.",
        ),
    );
    let (engine, report) = kb.open();
    assert!(!report.rebuilt);
    assert_eq!((report.added, report.updated, report.removed), (0, 1, 0));
    assert_eq!(ids(&engine, "zafiro "), vec!["averias/averia-masiva"]);
    assert!(ids(&engine, "\"mapa de incidencias\"").is_empty());
    assert_eq!(engine.len(), 3);
    assert_eq!(kb.live(), live, "refreshed in place, not rebuilt");
    drop(engine);

    // Add.
    kb.write(
        "movil/roaming.md",
        &article(
            "Roaming en Europa",
            "El roaming en la UE no tiene coste adicional.",
        ),
    );
    let (engine, report) = kb.open();
    assert_eq!((report.added, report.updated, report.removed), (1, 0, 0));
    assert_eq!(report.articles, 4);
    assert_eq!(ids(&engine, "roaming "), vec!["movil/roaming"]);
    assert_eq!(
        engine.article("movil/roaming").expect("stored").category,
        "movil"
    );
    drop(engine);

    // Delete.
    fs::remove_file(kb.dir.join("facturacion/duplicate-charge.md")).expect("rm");
    let (engine, report) = kb.open();
    assert_eq!((report.added, report.updated, report.removed), (0, 0, 1));
    assert_eq!(engine.len(), 3);
    assert!(ids(&engine, "charged ").is_empty());
    assert!(engine.article("facturacion/duplicate-charge").is_none());
    drop(engine);

    // Fix the broken file: it becomes an article and its problem goes away.
    kb.write(
        "averias/roto.md",
        &article("Ya no está roto", "Texto arreglado con palabra kiwi."),
    );
    let (engine, report) = kb.open();
    assert_eq!(report.added, 1);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(ids(&engine, "kiwi "), vec!["averias/roto"]);
    drop(engine);

    // Break a good file: the problem is reported with its line, and the article stays
    // searchable as it was until the file is fixed.
    kb.write("averias/roto.md", "+++\ntitle = \n+++\n");
    let (engine, report) = kb.open();
    assert_eq!((report.added, report.updated, report.removed), (0, 0, 0));
    assert_eq!(ids(&engine, "kiwi "), vec!["averias/roto"]);
    let problem = report
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("averias/roto.md"))
        .expect("the broken edit is reported");
    assert!(problem.line > 0, "with its line: {problem}");

    // And a final warm open agrees with everything.
    drop(engine);
    let (engine, report) = kb.open();
    assert_eq!((report.added, report.updated, report.removed), (0, 0, 0));
    assert!(!report.rebuilt);
    assert_eq!(engine.len(), 4);
    assert_eq!(ids(&engine, "kiwi "), vec!["averias/roto"]);
}

#[test]
fn duplicate_ids_are_reported_and_resolved() {
    let kb = Kb::new();
    kb.write(
        "otra/copia.md",
        "+++\nid = \"facturacion/cargo-duplicado\"\ntitle = \"Copia con el mismo id\"\n+++\n\nTexto pomelo.\n",
    );
    let (engine, report) = kb.open();
    assert_eq!(engine.len(), 3);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("duplicate id") || d.message.contains("duplicad")),
        "{:?}",
        report.diagnostics
    );
    assert!(ids(&engine, "pomelo ").is_empty());
    drop(engine);
    // Removing the first owner lets the other file in.
    fs::remove_file(kb.dir.join("facturacion/cargo-duplicado.md")).expect("rm");
    let (engine, _) = kb.open();
    assert_eq!(ids(&engine, "pomelo "), vec!["facturacion/cargo-duplicado"]);
}

#[test]
fn a_schema_version_change_rebuilds() {
    let kb = Kb::new();
    drop(kb.open());
    let old_live = kb.live();
    let mut m = kb.manifest();
    m.schema_version = 0;
    fs::write(
        kb.index_dir().join(MANIFEST),
        serde_json::to_vec(&m).expect("json"),
    )
    .expect("write manifest");
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(engine.len(), 3);
    assert_ne!(kb.live(), old_live, "built into a new folder");
    assert!(!old_live.exists(), "the old generation is removed");
    assert_eq!(ids(&engine, "averia ")[0], "averias/averia-masiva");
    // The format string is checked too.
    drop(engine);
    let mut m = kb.manifest();
    m.format = "tantivy-0.1/zstd".into();
    fs::write(
        kb.index_dir().join(MANIFEST),
        serde_json::to_vec(&m).expect("json"),
    )
    .expect("write manifest");
    assert!(kb.open().1.rebuilt);
}

#[test]
fn garbage_manifest_is_recovered() {
    let kb = Kb::new();
    drop(kb.open());
    fs::write(kb.index_dir().join(MANIFEST), b"{ not json \x00\xff").expect("garbage");
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(
        ids(&engine, "cargo duplicado ")[0],
        "facturacion/cargo-duplicado"
    );
    drop(engine);
    fs::write(kb.index_dir().join(MANIFEST), b"").expect("empty");
    assert!(kb.open().1.rebuilt);
    fs::remove_file(kb.index_dir().join(MANIFEST)).expect("rm");
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(engine.len(), 3);
}

#[test]
fn half_written_or_missing_index_is_rebuilt() {
    let kb = Kb::new();
    drop(kb.open());
    // A crash in the middle of a build leaves a tmp folder: ignored.
    let tmp = kb.index_dir().join("tmp-999-dead");
    fs::create_dir_all(&tmp).expect("mkdir");
    fs::write(tmp.join("meta.json"), "{").expect("write");
    let (engine, report) = kb.open();
    assert!(!report.rebuilt);
    assert_eq!(engine.len(), 3);
    drop(engine);

    // The live index's meta.json is cut short.
    let meta = kb.live().join("meta.json");
    let text = fs::read(&meta).expect("meta");
    fs::write(&meta, &text[..text.len() / 2]).expect("truncate");
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(
        ids(&engine, "cargo duplicado ")[0],
        "facturacion/cargo-duplicado"
    );
    drop(engine);

    // Segment files deleted.
    for entry in fs::read_dir(kb.live()).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "idx" || e == "store") {
            fs::remove_file(path).expect("rm");
        }
    }
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(engine.len(), 3);
    drop(engine);

    // The whole live folder gone.
    fs::remove_dir_all(kb.live()).expect("rm live");
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(ids(&engine, "charged ")[0], "facturacion/duplicate-charge");
}

#[test]
fn a_stale_lock_does_not_block_a_refresh() {
    let kb = Kb::new();
    drop(kb.open());
    // What a killed writer leaves behind: lock files nobody holds.
    for lock in [".tantivy-writer.lock", ".tantivy-meta.lock"] {
        fs::write(kb.live().join(lock), b"").expect("lock file");
    }
    refreshes_with(&kb, "mandarina");
}

#[test]
fn a_live_writer_elsewhere_means_serving_the_current_index() {
    let kb = Kb::new();
    drop(kb.open());
    let index = tantivy::Index::open_in_dir(kb.live()).expect("open live");
    let writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
    kb.write(
        "averias/averia-masiva.md",
        &article("Avería masiva", "Texto nuevo con la palabra membrillo."),
    );
    // Another process is writing: no error, the index as it is.
    let (engine, report) = kb.open();
    assert_eq!(report.updated, 0);
    assert_eq!(
        ids(&engine, "\"mapa de incidencias\""),
        vec!["averias/averia-masiva"]
    );
    drop((engine, writer));
    // Next time the change is applied.
    let (engine, report) = kb.open();
    assert_eq!(report.updated, 1);
    assert_eq!(ids(&engine, "membrillo "), vec!["averias/averia-masiva"]);
}

#[test]
fn other_roots_get_their_own_index() {
    let a = Kb::new();
    let b = Kb::new();
    assert_ne!(a.index_dir(), b.index_dir());
    // Same roots, same folder (stable hash).
    assert_eq!(a.index_dir(), index_dir(&a.roots(), &a.cache));
}

fn apunte(kb: &Kb, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_apunte"))
        .arg("--knowledge")
        .arg(&kb.dir)
        .args(args)
        .env("APUNTE_CACHE_DIR", &kb.cache)
        .env("APUNTE_CONFIG_DIR", kb.cache.join("config"))
        .env("APUNTE_DATA_DIR", kb.cache.join("data"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run apunte")
}

#[test]
fn index_and_search_commands() {
    let kb = Kb::new();
    let out = apunte(&kb, &["index"]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("3 articles"), "{stdout}");
    assert!(stdout.contains("built from scratch"), "{stdout}");
    assert!(
        stdout.contains("roto.md:"),
        "problems with path:line: {stdout}"
    );
    let out = apunte(&kb, &["index"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("up to date"), "{stdout}");
    assert!(stdout.contains("roto.md:"), "{stdout}");

    // Human output.
    let out = apunte(&kb, &["search", "cargo", "duplicado"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .next()
            .expect("a line")
            .contains("Cargo duplicado en la factura")
    );
    assert!(!stdout.contains('\x1b'), "no colour when not a terminal");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("apunte check"), "{stderr}");

    // JSON lines.
    let out = apunte(&kb, &["search", "--json", "--limit", "2", "factura"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert!(!lines.is_empty() && lines.len() <= 2);
    let first = &lines[0];
    assert_eq!(first["id"], "facturacion/cargo-duplicado");
    assert_eq!(first["lang"], "es");
    assert!(first["score"].as_f64().expect("score") > 0.0);
    assert!(
        first["path"]
            .as_str()
            .expect("path")
            .ends_with("cargo-duplicado.md")
    );
    assert!(first["snippet"].as_str().is_some());
    assert!(first["matched"].as_array().is_some_and(|m| !m.is_empty()));

    // Filters and operators.
    let out = apunte(&kb, &["search", "--json", "--lang", "en", "charge"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let out = apunte(
        &kb,
        &[
            "search",
            "--json",
            "--category",
            "averias",
            "-tag:x",
            "masiva",
        ],
    );
    assert!(out.status.success());

    // No hits: a friendly line on stderr, exit 0.
    let out = apunte(&kb, &["search", "xyzzyq"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no articles match"));
    let out = apunte(&kb, &["search", "--", "-", "\"", "*"]);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn the_manifest_is_one_line_per_file_and_a_warm_open_reads_only_the_first() {
    let kb = Kb::new();
    drop(kb.open());
    let path = kb.index_dir().join(MANIFEST);
    let text = fs::read_to_string(&path).expect("manifest");
    let lines: Vec<&str> = text.lines().collect();
    let head: serde_json::Value = serde_json::from_str(lines[0]).expect("first line");
    assert_eq!(head["records"], 4, "{head}");
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(head["articles"], 3);
    assert!(head["scan"].is_u64());
    // Problems are in the first line too (the warm open reports them from there).
    assert!(lines[0].contains("roto.md"), "{}", lines[0]);
    // Ids equal to the path are left out.
    assert!(!text.contains("\"id\""), "{text}");
    let m = kb.manifest();
    assert_eq!(m.files.len(), 4);
    assert_eq!(
        m.files
            .iter()
            .filter_map(|f| f.id.as_deref())
            .collect::<Vec<_>>(),
        [
            "averias/averia-masiva",
            "facturacion/cargo-duplicado",
            "facturacion/duplicate-charge"
        ]
    );

    // Nothing changed: the file lines are not even read.
    fs::write(&path, format!("{}\nnot json\n", lines[0])).expect("cut the manifest");
    let (engine, report) = kb.open();
    assert!(!report.rebuilt);
    assert_eq!(report.articles, 3);
    assert_reports_roto(&report);
    assert_eq!(ids(&engine, "zafiro "), Vec::<String>::new());
    drop(engine);
    // A change needs the file lines: unreadable, so everything is built again.
    kb.write(
        "averias/averia-masiva.md",
        &article("Avería masiva", "Consulta el tablero zafiro."),
    );
    let (engine, report) = kb.open();
    assert!(report.rebuilt);
    assert_eq!(ids(&engine, "zafiro "), vec!["averias/averia-masiva"]);
    // The rebuilt manifest is whole again: the next change is incremental.
    drop(engine);
    refreshes_with(&kb, "granada");
}

#[test]
fn a_large_base_is_built_on_worker_threads_in_file_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("kb");
    apunte::synth::generate(&dir, 300, 7).expect("generate");
    // Two more files with one id: the first in scan order wins, the other is reported.
    for name in ["zz/a.md", "zz/b.md"] {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(
            &path,
            "+++\nid = \"mismo\"\ntitle = \"Mismo id\"\ntags = [\"x\"]\n+++\n\nTexto con nispero.\n",
        )
        .expect("write");
    }
    let roots = vec![Root::open(RootSource::Dir(dir.clone()), &dir).expect("root")];
    let cache = tmp.path().join("cache");
    let (engine, report) = Engine::open(&roots, &cache).expect("build");
    assert!(report.rebuilt);
    assert_eq!(engine.len(), 301);
    let dup: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("duplicate id"))
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", report.diagnostics);
    assert!(dup[0].path.ends_with("zz/b.md"), "{dup:?}");
    assert!(dup[0].message.contains("zz/a.md"), "{dup:?}");
    let a = engine.article("mismo").expect("indexed");
    assert!(a.path.ends_with("zz/a.md"));
    // Every generated article is findable by its id.
    let one = apunte::synth::article(7, 150);
    let id = one.rel_path.trim_end_matches(".md");
    assert!(engine.article(id).is_some(), "{id}");
    let problems = report.diagnostics.len();
    drop(engine);
    let (engine, report) = Engine::open(&roots, &cache).expect("warm");
    assert!(!report.rebuilt);
    assert_eq!(engine.len(), 301);
    assert_eq!(
        report.diagnostics.len(),
        problems,
        "problems come back from the manifest: {:?}",
        report.diagnostics
    );
}

/// The check a warm open runs later (`Snapshot::unchanged`) counts exactly the files a
/// full scan lists: hidden files and folders, non-Markdown files, a top-level README
/// and Hugo `_index.md` pages change nothing; anything else added, touched or removed
/// does, at any depth, and a link falls back to the full scan.
#[test]
fn the_warm_check_sees_what_the_scan_sees() {
    let kb = Kb::new();
    kb.write(
        "averias/red/fibra/corte.md",
        &article("Corte", "Sin fibra."),
    );
    drop(kb.open());
    let unchanged = || {
        let (_, _, snapshot) = Engine::open_warm(&kb.roots(), &kb.cache).expect("warm");
        snapshot.unchanged(&kb.roots()).expect("check")
    };
    assert!(unchanged());
    for ignored in [
        ".oculto/nota.md",
        "averias/.borrador.md",
        "averias/notas.txt",
        "README.md",
        "averias/_index.md",
    ] {
        kb.write(ignored, &article("Nada", "Nada que ver."));
        assert!(unchanged(), "{ignored} is not a knowledge file");
    }
    // Each change is applied (a refresh) before the next one is checked.
    let refreshed = |what: &str| {
        assert!(!unchanged(), "{what} is a change");
        drop(kb.open());
        assert!(unchanged(), "after the refresh of {what}");
    };
    kb.write("averias/README.md", &article("Léame", "Una guía."));
    refreshed("a README below the top");
    kb.write("facturacion/NUEVO.Markdown", &article("Nuevo", "Texto."));
    refreshed("a .Markdown file");
    kb.write(
        "averias/red/fibra/corte.md",
        &article("Corte", "Sin fibra hoy."),
    );
    refreshed("an edit three folders down");
    fs::remove_file(kb.dir.join("averias/roto.md")).expect("rm");
    refreshed("a removed file");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            kb.dir.join("facturacion/cargo-duplicado.md"),
            kb.dir.join("averias/enlace.md"),
        )
        .expect("symlink");
        // A link to a file of the root is that file: nothing new.
        assert!(unchanged());
        kb.write("averias/red/nuevo.md", &article("Nuevo", "Otro."));
        refreshed("a file added beside a link");
    }
}

/// Moves a file's or folder's modification time an hour back (a base left alone).
fn age(path: &Path) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::open(path)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("set mtime");
}

/// `apunte search`'s quick look: after a full look found nothing changed, a `stat` per
/// folder and per hit stands in for it for a minute; a file added to a folder or a hit
/// written since, or the minute passed, mean a full look.
#[test]
fn the_quick_look_trusts_the_last_full_one_for_a_minute() {
    let kb = Kb::new();
    drop(kb.open());
    let hit = kb.dir.join("facturacion/cargo-duplicado.md");
    for p in [
        &kb.dir,
        &kb.dir.join("averias"),
        &kb.dir.join("facturacion"),
        &hit,
    ] {
        age(p);
    }
    // The first full look after the build leaves its stamp.
    drop(kb.open());
    let warm = || Engine::open_warm(&kb.roots(), &kb.cache).expect("warm").2;
    assert!(
        !warm().quick(&kb.roots(), &[], SystemTime::now()),
        "no full look yet"
    );
    assert!(warm().unchanged(&kb.roots()).expect("full look"));
    let now = SystemTime::now();
    assert!(kb.index_dir().join(apunte::search::index::STAMP).is_file());

    let snapshot = warm();
    assert!(snapshot.quick(&kb.roots(), std::slice::from_ref(&hit), now));
    let later = now + apunte::search::index::FULL_LOOK_EVERY + Duration::from_secs(1);
    assert!(!snapshot.quick(&kb.roots(), &[], later), "a minute on");

    // A hit written in place since: its folder does not change, the file does.
    kb.write(
        "facturacion/cargo-duplicado.md",
        &article("Cargo", "Nuevo."),
    );
    assert!(snapshot.quick(&kb.roots(), &[], now), "only the hit tells");
    assert!(!snapshot.quick(&kb.roots(), std::slice::from_ref(&hit), now));
    assert!(!snapshot.unchanged(&kb.roots()).expect("full look"));

    // A file added to a folder changes the folder.
    let (_, report) = kb.open();
    assert_eq!(report.updated, 1);
    assert!(warm().unchanged(&kb.roots()).expect("full look"));
    kb.write("averias/nueva.md", &article("Nueva", "Texto."));
    assert!(!warm().quick(&kb.roots(), &[], SystemTime::now()));
}
