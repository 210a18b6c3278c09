//! `apunte check` through the real binary: `path:line: error|warning: message` lines sorted
//! by file and line, a summary, exit code 1 on errors.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/knowledge")
        .join(name)
}

fn check(args: &[&Path]) -> (Output, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_apunte"));
    cmd.arg("check")
        .env("APUNTE_CACHE_DIR", tmp.path().join("cache"))
        .env("APUNTE_CONFIG_DIR", tmp.path().join("config"))
        .env("APUNTE_DATA_DIR", tmp.path().join("data"))
        .env_remove("APUNTE_KNOWLEDGE")
        .current_dir(tmp.path());
    for dir in args {
        cmd.arg("--knowledge").arg(dir);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

#[test]
fn broken_root_lists_every_problem_and_exits_1() {
    let dir = fixture("broken");
    let (out, stdout, _) = check(&[&dir]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let at = |file: &str, line: usize, kind: &str| {
        format!("{}:{line}: {kind}: ", dir.join(file).display())
    };
    for (file, line) in [
        ("cuerpo-vacio.md", 5),
        ("dup-b.md", 1),
        ("idioma-desconocido.md", 3),
        ("sin-cerrar.md", 1),
        ("sin-titulo.md", 1),
        ("toml-invalido.md", 4),
        ("utf8-invalido.md", 6),
        ("yaml-invalido.md", 4),
    ] {
        let prefix = at(file, line, "error");
        assert!(
            stdout.lines().any(|l| l.starts_with(&prefix)),
            "missing {prefix} in\n{stdout}"
        );
    }
    for line in [4, 5, 6, 9, 13] {
        let prefix = at("avisos.md", line, "warning");
        assert!(
            stdout.lines().any(|l| l.starts_with(&prefix)),
            "missing {prefix} in\n{stdout}"
        );
    }
    assert!(stdout.contains("refers to article `bien/no-existe`"));

    // Sorted by path, then line.
    let findings: Vec<(String, usize)> = stdout
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .map(|l| {
            let mut parts = l.splitn(3, ':');
            let path = parts.next().unwrap().to_string();
            let line = parts.next().unwrap().parse().unwrap();
            (path, line)
        })
        .collect();
    let mut sorted = findings.clone();
    sorted.sort();
    assert_eq!(findings, sorted);
    assert_eq!(findings.len(), 13);

    let summary = stdout.lines().last().unwrap();
    assert_eq!(
        summary,
        "checked 12 articles in 1 root: 8 errors, 5 warnings"
    );
}

#[test]
fn bundled_sample_in_the_repository_has_no_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let (out, stdout, stderr) = check(&[&dir]);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains(": error: "), "{stdout}");
    let summary = stdout.lines().last().unwrap();
    assert!(summary.starts_with("checked "), "{summary}");
    // The sample's training files are counted too.
    assert!(
        summary.contains(" in 1 root, 12 scenarios, 1 rubric, 1 certification file: 0 errors, "),
        "{stdout}"
    );
}

#[test]
fn existing_collections_pass_with_warnings_only() {
    let yaml = fixture("yaml");
    let en = fixture("en-root");
    let (out, stdout, _) = check(&[&yaml, &en]);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("unknown front matter key `draft`"));
    assert!(stdout.contains("links to ../instalacion/guia.md"));
    assert_eq!(
        stdout.lines().last().unwrap(),
        "checked 10 articles in 2 roots: 0 errors, 2 warnings"
    );
}

#[test]
fn empty_root_says_what_to_add() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notas.txt"), "no es un artículo").unwrap();
    let (out, _, stderr) = check(&[tmp.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains(&format!(
            "no articles found in {}: add Markdown files (one article per file)",
            tmp.path().display()
        )),
        "{stderr}"
    );
}

#[test]
fn missing_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-existe");
    let (out, _, stderr) = check(&[&missing]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn without_flags_the_bundled_sample_is_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_apunte"))
        .arg("check")
        .env("APUNTE_CACHE_DIR", tmp.path().join("cache"))
        .env("APUNTE_CONFIG_DIR", tmp.path().join("config"))
        .env("APUNTE_DATA_DIR", tmp.path().join("data"))
        .env_remove("APUNTE_KNOWLEDGE")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(" in 1 root, 12 scenarios, 1 rubric, 1 certification file: 0 errors"),
        "{stdout}"
    );
    assert!(
        tmp.path()
            .join("cache")
            .read_dir()
            .unwrap()
            .next()
            .is_some()
    );
}

#[test]
fn cue_lexicon_problems_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("kb");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("a.md"),
        "+++\ntitle = \"Angry customers\"\nlang = \"en\"\ntags = [\"empathy\"]\n+++\n\nListen first.\n",
    )
    .unwrap();
    // A cue that links an article that does not exist: a warning, exit 0.
    std::fs::write(
        root.join("cues.toml"),
        "[[cue]]\nkind = \"frustration\"\nlabel_es = \"Frustración\"\nlabel_en = \"Frustration\"\narticle = \"guias/nope\"\npatterns = [\"fed up\"]\n",
    )
    .unwrap();
    let (out, stdout, _) = check(&[&root]);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("cues.toml") && stdout.contains("guias/nope"),
        "{stdout}"
    );
    // A lexicon that does not parse: an error with its line, exit 1.
    std::fs::write(
        root.join("cues.toml"),
        "[[cue]]\nkind = \"frustration\"\npatterns = [\"a\",\n",
    )
    .unwrap();
    let (out, stdout, _) = check(&[&root]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("cues.toml:"), "{stdout}");
}

/// A root without its own `cues.toml` and `replies.toml` uses the bundled ones, and
/// `apunte check` says so (the root with them says nothing).
#[test]
fn a_root_without_cues_or_replies_is_told_it_uses_the_bundled_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let kb = tmp.path().join("kb");
    std::fs::create_dir_all(&kb).unwrap();
    std::fs::write(kb.join("apunte.toml"), "lang = \"en\"\n").unwrap();
    std::fs::write(
        kb.join("router.md"),
        "+++\ntitle = \"Router off\"\n+++\n\nThe router does not power on.\n",
    )
    .unwrap();
    let (out, stdout, _) = check(&[&kb]);
    assert!(out.status.success(), "{stdout}");
    let cues = format!(
        "{}: no cues.toml: the bundled empathy cues are used (without guideline links); add one to change them",
        kb.display()
    );
    let replies = format!(
        "{}: no replies.toml: the bundled quick replies (en) are used; add one to change them",
        kb.display()
    );
    assert!(stdout.lines().any(|l| l == cues), "{stdout}");
    assert!(stdout.lines().any(|l| l == replies), "{stdout}");
    // The sample base has its own: nothing to say.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let (_, stdout, _) = check(&[&sample]);
    assert!(!stdout.contains("bundled"), "{stdout}");
}

/// A root with one article and the given scenario files.
fn scenario_root(files: &[(&str, &str)]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("bajas")).unwrap();
    std::fs::write(
        root.path().join("bajas/oferta.md"),
        "+++\ntitle = \"Oferta\"\nlang = \"es\"\n+++\n\nUna oferta de nivel 1.\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.path().join("scenarios")).unwrap();
    for (name, text) in files {
        std::fs::write(root.path().join("scenarios").join(name), text).unwrap();
    }
    root
}

const HEAD: &str =
    "title = \"Prueba\"\nlang = \"es\"\ndifficulty = \"easy\"\n[customer]\nname = \"Marta\"\n";

#[test]
fn invalid_scenarios_give_path_line_errors() {
    // Lines (after the 5 of HEAD): each problem sits where the file says it.
    let script = format!(
        "{HEAD}\
[[line]]
id = \"a\"
say = \"Hola\"
[[line]]
id = \"b\"
opened = \"no/existe\"
say = \"x\"
goto = \"nadie\"
[[line]]
id = \"c\"
after = \"a\"
said = \"/(/\"
say = \"y\"
[[line]]
id = \"d\"
after = \"a\"
delay_s = 5
say = \"z\"
end = true
[[line]]
id = \"e\"
say = \"nunca\"
[expect]
[[expect.article]]
id = \"tampoco/existe\"
"
    );
    let syntax = format!("{HEAD}[[line]]\nsay = \"sin cerrar\n");
    let unknown = format!("{HEAD}[[line]]\nsay = \"x\"\nwhen = \"start\"\n");
    let reachability = format!(
        "{HEAD}\
[[line]]
id = \"a\"
say = \"x\"
[[line]]
id = \"b\"
after = \"a\"
delay_s = 5
say = \"y\"
end = true
[[line]]
id = \"c\"
after = \"a\"
silence_s = 20
say = \"z\"
[[line]]
id = \"d\"
opened = \"no/existe\"
say = \"w\"
[[line]]
id = \"e\"
start = true
say = \"v\"
"
    );
    let root = scenario_root(&[
        ("guion.toml", &script),
        ("sintaxis.toml", &syntax),
        ("campo.toml", &unknown),
        ("alcance.toml", &reachability),
    ]);
    let (out, stdout, _) = check(&[root.path()]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let file = |name: &str| {
        root.path()
            .join("scenarios")
            .join(name)
            .display()
            .to_string()
    };
    for (name, line, says) in [
        ("guion.toml", 13, "goto = \"nadie\": no line has that id"),
        ("guion.toml", 17, "said: bad regex /(/"),
        ("sintaxis.toml", 7, "column"),
        ("campo.toml", 8, "unknown field `when`"),
        ("alcance.toml", 15, "line `c` can never fire: `b`"),
        (
            "alcance.toml",
            20,
            "opened = \"no/existe\": no such article",
        ),
        (
            "alcance.toml",
            20,
            "line `d` is unreachable: it follows `c`, which can never fire",
        ),
        (
            "alcance.toml",
            24,
            "line `e`: start = true, but it waits for `d`",
        ),
        ("alcance.toml", 24, "line `e` is unreachable"),
    ] {
        let prefix = format!("{}:{line}: error: ", file(name));
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(says)),
            "missing {prefix}…{says} in\n{stdout}"
        );
    }
}

#[test]
fn a_sound_scenario_passes_and_unknown_articles_are_found_after_parsing() {
    let good = format!(
        "{HEAD}[[line]]\nsay = \"Hola\"\n[[line]]\nopened = \"bajas/oferta\"\nsay = \"Vale\"\nend = true\n[expect]\n[[expect.article]]\nid = \"bajas/oferta\"\nwithin_s = 60\n"
    );
    let root = scenario_root(&[("bien.toml", &good)]);
    let (out, stdout, _) = check(&[root.path()]);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout.lines().last().unwrap(),
        "checked 1 article in 1 root, 1 scenario: 0 errors, 1 warning"
    );
    let bad = good.replace("id = \"bajas/oferta\"", "id = \"bajas/otra\"");
    let root = scenario_root(&[("mal.toml", &bad)]);
    let (out, stdout, _) = check(&[root.path()]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let prefix = format!(
        "{}:13: error: expect.article: no article `bajas/otra`",
        root.path().join("scenarios/mal.toml").display()
    );
    assert!(stdout.contains(&prefix), "{stdout}");
}

/// A rubric with an unknown check, a bad parameter and weights that do not add up: each
/// problem with the rubric's path and line; the sample base's rubric and certification
/// check clean.
#[test]
fn rubric_problems_have_path_and_line() {
    let root = tempfile::tempdir().unwrap();
    crate::common::one_article_root(root.path(), "Zebras");
    let dir = root.path().join("scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("rubric.toml"),
        "version = \"1\"\n\
         [[section]]\nid = \"a\"\nlabel_es = \"A\"\nlabel_en = \"A\"\nweight = 70\n\
         [[section.item]]\nid = \"x\"\nlabel_es = \"X\"\nlabel_en = \"X\"\npoints = 5\ncheck = \"article_opend\"\n\
         [[section.item]]\nid = \"y\"\nlabel_es = \"Y\"\nlabel_en = \"Y\"\npoints = 5\ncheck = \"dead_air\"\nmax_s = \"mucho\"\n\
         [[section.item]]\nid = \"z\"\nlabel_es = \"Z\"\nlabel_en = \"Z\"\npoints = 5\ncheck = \"article_opened\"\narticles = [\"no/such\"]\n",
    )
    .unwrap();
    let (out, stdout, _) = check(&[root.path()]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let rubric = dir.join("rubric.toml");
    let at = |line: usize, kind: &str| format!("{}:{line}: {kind}: ", rubric.display());
    for (line, kind, what) in [
        (6, "error", "the section weights add up to 70, not 100"),
        (12, "error", "unknown check `article_opend`"),
        (19, "error", "max_s: \"mucho\" is not a number of seconds"),
        (
            26,
            "warning",
            "names the article `no/such`, which does not exist",
        ),
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&at(line, kind)) && l.contains(what)),
            "no {kind} at line {line} ({what}) in:\n{stdout}"
        );
    }
    let (out, stdout, _) = check(&[&crate::common::sample_knowledge()]);
    assert!(out.status.success(), "{stdout}");
    assert!(!stdout.contains("rubric.toml"), "{stdout}");
    assert!(!stdout.contains("certification.toml"), "{stdout}");
}
