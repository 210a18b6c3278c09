//! The command line as a user meets it: where the knowledge comes from, and that odd
//! input never breaks a command.
use crate::common::{Sandbox, one_article_root, sample_knowledge, stdout};

/// Runs a command that must succeed; its standard output.
fn succeeded(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

/// `apunte search --json zebras` from `cwd`, returning the titles found.
fn titles(
    sb: &Sandbox,
    cwd: &std::path::Path,
    extra_env: &[(&str, String)],
    args: &[&str],
) -> Vec<String> {
    let mut cmd = sb.apunte(cwd);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    succeeded(cmd.args(args).args(["search", "--json", "zebras"]))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["title"].as_str().expect("title").to_string()
        })
        .collect()
}

#[test]
fn knowledge_roots_are_chosen_flag_then_config_then_env_then_local_folder() {
    let sb = Sandbox::new();
    let base = sb.path();
    for name in ["flag", "config", "env", "work/knowledge"] {
        one_article_root(&base.join(name), &format!("From {name}"));
    }
    let work = base.join("work");
    let env = [("APUNTE_KNOWLEDGE", base.join("env").display().to_string())];

    // ./knowledge is used when nothing else is set.
    assert_eq!(titles(&sb, &work, &[], &[]), ["From work/knowledge"]);
    // The environment beats ./knowledge.
    assert_eq!(titles(&sb, &work, &env, &[]), ["From env"]);
    // The config file beats the environment.
    std::fs::create_dir_all(sb.config_dir()).expect("mkdir");
    std::fs::write(
        sb.config_dir().join("config.toml"),
        format!(
            "knowledge = [{:?}]\n",
            base.join("config").display().to_string()
        ),
    )
    .expect("write config");
    assert_eq!(titles(&sb, &work, &env, &[]), ["From config"]);
    // The flag beats everything.
    let flag = base.join("flag").display().to_string();
    assert_eq!(
        titles(&sb, &work, &env, &["--knowledge", &flag]),
        ["From flag"]
    );
}

#[test]
fn without_any_knowledge_setting_the_bundled_sample_answers() {
    let sb = Sandbox::new();
    let empty = sb.path().join("elsewhere");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let out = sb
        .apunte(&empty)
        .args(["search", "--json", "cargo duplicado"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let first = stdout(&out)
        .lines()
        .next()
        .map(str::to_string)
        .unwrap_or_default();
    assert!(first.contains("facturacion/cargo-duplicado"), "{first}");
    // The language filter takes any case.
    let out = sb
        .apunte(&empty)
        .args(["search", "--json", "--lang", "ES", "cargo duplicado"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_tag_without_words_lists_the_tagged_articles() {
    let sb = Sandbox::new();
    let empty = sb.path().join("elsewhere");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let out = sb
        .apunte(&empty)
        .args(["search", "--json", "--limit", "50", "--tag", "billing"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    let mut ids: Vec<String> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["id"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "facturacion/duplicate-charge",
            "facturacion/understanding-your-bill"
        ]
    );
    // A tag nothing carries says so with the filter, not "nothing to search for".
    let out = sb
        .apunte(&empty)
        .args(["search", "--tag", "no-such-tag"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("tag:no-such-tag"), "{err}");
    // And lists the tags there are (the sample base's, folded).
    let known = err
        .lines()
        .find(|l| l.starts_with("known tags: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(known.contains("billing"), "{known}");
    assert!(known.contains("facturacion"), "{known}");
    // `cat:` in the words, the same with the categories.
    let out = sb
        .apunte(&empty)
        .args(["search", "cat:nada"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let known = err
        .lines()
        .find(|l| l.starts_with("known categories: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(known.contains("averias"), "{known}");
    assert!(!err.contains("known tags"), "{err}");
}

#[test]
fn several_roots_are_searched_together() {
    let sb = Sandbox::new();
    let extra = sb.path().join("extra");
    one_article_root(&extra, "Zebra crossing procedure");
    let sample = sample_knowledge().display().to_string();
    let extra = extra.display().to_string();
    let out = sb
        .apunte(sb.path())
        .args([
            "-k", &sample, "-k", &extra, "search", "--json", "--limit", "50", "zebra",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(stdout(&out).contains("Zebra crossing procedure"));
    let out = sb
        .apunte(sb.path())
        .args(["-k", &sample, "-k", &extra, "search", "--json", "roaming"])
        .output()
        .expect("runs");
    assert!(stdout(&out).contains("roaming"));
}

#[test]
fn odd_queries_on_the_command_line_never_fail() {
    let sb = Sandbox::new();
    let sample = sample_knowledge().display().to_string();
    let long = "factura ".repeat(1500);
    for q in [
        "",
        "\"",
        "-",
        "--",
        "tag:",
        "título: envío",
        "(a OR b) AND NOT *",
        "🙂📞",
        "\u{1b}[31m",
        long.as_str(),
    ] {
        let out = sb
            .apunte(sb.path())
            .args(["-k", &sample, "search", "--", q])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "query {q:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !stdout(&out).contains('\u{1b}'),
            "raw escape printed for {q:?}"
        );
    }
}

/// `--limit 0` is refused (it used to return one hit) and `--lang` takes any case.
#[test]
fn search_flags_are_checked_and_lang_takes_any_case() {
    let sb = Sandbox::new();
    let sample = sample_knowledge().display().to_string();
    let out = sb
        .apunte(sb.path())
        .args(["-k", &sample, "search", "--limit", "0", "factura"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1..=1000"));
    let hits = succeeded(sb.apunte(sb.path()).args([
        "-k", &sample, "search", "--json", "--lang", "ES", "--limit", "3", "factura",
    ]));
    assert_eq!(hits.lines().count(), 3, "{hits}");
    assert!(
        hits.lines().all(|l| l.contains("\"lang\":\"es\"")),
        "{hits}"
    );
}

#[test]
fn a_missing_knowledge_folder_says_what_to_do() {
    let sb = Sandbox::new();
    let out = sb
        .apunte(sb.path())
        .args(["--knowledge", "/nonexistent/kb", "search", "x"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/kb") && err.contains("--knowledge"),
        "{err}"
    );
}

#[test]
fn the_workspace_without_a_terminal_says_what_to_use_instead() {
    let sb = Sandbox::new();
    let sample = sample_knowledge().display().to_string();
    let out = sb
        .apunte(sb.path())
        .args(["-k", &sample])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs a terminal") && err.contains("apunte search"),
        "{err}"
    );
}

/// Under a Spanish locale the commands speak Spanish (clap's `--help` stays English),
/// and the `path:line:` prefixes of `check` stay as they are.
#[test]
fn commands_speak_the_locale_language() {
    let sb = Sandbox::new();
    let kb = sample_knowledge();
    let run = |args: &[&str]| {
        sb.apunte(sb.path())
            .env("LANG", "es_ES.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .arg("--knowledge")
            .arg(&kb)
            .args(args)
            .output()
            .expect("runs")
    };
    let out = run(&["index"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains(" indexados ("), "{}", stdout(&out));
    assert!(stdout(&out).contains("índice: "), "{}", stdout(&out));
    let out = run(&["search", "xyzzyq"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ningún artículo coincide con «xyzzyq»"),
        "{err}"
    );
    let out = run(&["check"]);
    assert!(stdout(&out).contains("revisados "), "{}", stdout(&out));
    // The sample base's training files are counted after the roots.
    assert!(
        stdout(&out).contains(" raíz, 12 escenarios, 1 rúbrica, 1 archivo de certificación: "),
        "{}",
        stdout(&out)
    );

    let out = sb
        .apunte(sb.path())
        .env("LANG", "es_ES.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["--knowledge", "no-such-folder", "search", "x"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("apunte: la carpeta de conocimiento no-such-folder no existe"),
        "{err}"
    );
}

#[test]
fn search_answers_from_the_index_it_has_then_says_the_knowledge_changed_and_refreshes() {
    let sb = Sandbox::new();
    let kb = sb.path().join("kb");
    one_article_root(&kb, "Zebras at the zoo");
    let k = kb.to_str().unwrap();
    assert_eq!(
        titles(&sb, sb.path(), &[], &["--knowledge", k]),
        ["Zebras at the zoo"]
    );

    // A file added behind the index's back: the first search answers with what the index
    // holds and says it refreshed; the next one finds the new article.
    std::fs::write(
        kb.join("more-zebras.md"),
        "+++\ntitle = \"Zebras crossing\"\n+++\nZebras cross the road here.\n",
    )
    .unwrap();
    let out = sb
        .apunte(sb.path())
        .env("LANG", "en_US.UTF-8")
        .args(["--knowledge", k, "search", "zebras"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("changed since the index") && err.contains("1 added"),
        "{err}"
    );
    let mut found = titles(&sb, sb.path(), &[], &["--knowledge", k]);
    found.sort();
    assert_eq!(found, ["Zebras at the zoo", "Zebras crossing"]);
}

/// `apunte [ARGS] --help` with a locale and an optional config language.
fn help(locale: &str, config_lang: Option<&str>, args: &[&str]) -> String {
    let sb = Sandbox::new();
    if let Some(l) = config_lang {
        std::fs::create_dir_all(sb.config_dir()).expect("mkdir");
        std::fs::write(
            sb.config_dir().join("config.toml"),
            format!("language = {l:?}\n"),
        )
        .expect("write config");
    }
    let mut cmd = sb.apunte(sb.path());
    cmd.env("LANG", locale)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .arg("--help");
    succeeded(&mut cmd)
}

#[test]
fn help_follows_the_interface_language() {
    let es = help("es_ES.UTF-8", None, &[]);
    assert!(es.contains("Uso: apunte"), "{es}");
    assert!(es.contains("Órdenes:"), "{es}");
    assert!(es.contains("Busca en la base de conocimiento"), "{es}");
    assert!(es.contains("Muestra esta ayuda"), "{es}");
    assert!(!es.contains("Usage:") && !es.contains("Print help"), "{es}");

    let search = help("es_ES.UTF-8", None, &["search"]);
    assert!(search.contains("Cuántos resultados como mucho"), "{search}");
    assert!(search.contains("Carpeta de conocimiento"), "{search}");
    assert!(search.contains("Opciones:"), "{search}");

    let en = help("en_US.UTF-8", None, &["search"]);
    assert!(en.contains("How many hits at most"), "{en}");
    assert!(en.contains("Usage:"), "{en}");

    // The config's language beats the locale, both ways.
    let es_by_config = help("C", Some("es"), &["index"]);
    assert!(
        es_by_config.contains("Crea o actualiza el índice"),
        "{es_by_config}"
    );
    let en_by_config = help("es_ES.UTF-8", Some("en"), &["index"]);
    assert!(en_by_config.contains("Build or refresh"), "{en_by_config}");
}
