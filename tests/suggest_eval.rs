//! How well suggestions generalise, on material not written for the sample base's
//! constants: figures printed for each set (`cargo test --test integration suggest_eval
//! -- --nocapture`), each test failing below a bar set a little under what was measured.
//! The public sets (CLINC150, BANKING77, tldr pages) are read from `../shared/corpora/`
//! beside the project and their subsets built here, once per test process; what was
//! written for apunte is in `tests/fixtures/eval/` (see its README). Without the corpora
//! the tests on them say they are skipped, or fail when `CI` is set.
//!
//! All figures use `apunte suggest --limit 3` with the default threshold: an expected
//! article counts when it is shown among the 3.
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use apunte::assist::{Settings, Suggester, Suggestions, Transcript};
use apunte::conversation::{Speaker, Turn};
use apunte::knowledge::{Article, Lang, Root, RootSource};
use apunte::search::{Engine, SearchRequest};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn eval_dir() -> PathBuf {
    repo().join("tests/fixtures/eval")
}

fn load_dir(dir: PathBuf) -> Engine {
    let root = Root::open(RootSource::Dir(dir.clone()), &dir).expect("root opens");
    let kb = apunte::knowledge::load(&[root]);
    Engine::in_memory(&kb.articles).expect("base indexes")
}

static SAMPLE: LazyLock<Engine> = LazyLock::new(|| load_dir(repo().join("knowledge")));
static HELDOUT: LazyLock<Engine> = LazyLock::new(|| load_dir(eval_dir().join("heldout")));
static GUIDELINES: LazyLock<Engine> = LazyLock::new(|| load_dir(eval_dir().join("guidelines")));
static AIRLINE: LazyLock<Engine> = LazyLock::new(|| load_dir(eval_dir().join("airline")));
static STREAMING: LazyLock<Engine> = LazyLock::new(|| load_dir(eval_dir().join("streaming")));
static LUZ: LazyLock<Engine> = LazyLock::new(|| load_dir(eval_dir().join("luz")));
static BANK: LazyLock<Engine> = LazyLock::new(|| load_dir(eval_dir().join("bank")));
static SEGUROS: LazyLock<Engine> = LazyLock::new(|| load_dir(eval_dir().join("seguros")));
static TLDR: LazyLock<Option<Engine>> = LazyLock::new(|| {
    let c = corpora()?;
    Some(Engine::in_memory(&c.tldr).expect("tldr indexes"))
});

/// The public sets' subsets, built from `../shared/corpora/`.
struct Corpora {
    /// CLINC150: (text, intent, domain).
    clinc: Vec<(String, String, String)>,
    /// BANKING77: (text, intent).
    banking: Vec<(String, String)>,
    tldr: Vec<Article>,
}

fn corpora_dir() -> PathBuf {
    repo().join("../shared/corpora")
}

static CORPORA: LazyLock<Option<Corpora>> = LazyLock::new(|| {
    let dir = corpora_dir();
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} not found: the evaluation needs the shared corpora beside the project (../shared/corpora)",
            dir.display()
        );
        return None;
    }
    Some(Corpora {
        clinc: clinc_subset(&dir),
        banking: banking_subset(&dir),
        tldr: tldr_subset(&dir),
    })
});

/// The corpora, or `None` after saying the test is skipped.
fn corpora() -> Option<&'static Corpora> {
    let c = CORPORA.as_ref();
    if c.is_none() {
        println!(
            "skipped: ../shared/corpora not found ({})",
            corpora_dir().display()
        );
    }
    c
}

/// CLINC150's test split: the 1,000 out-of-scope requests and the small talk, meta,
/// utility, banking and credit-card domains, in the file's order (3,250).
fn clinc_subset(dir: &Path) -> Vec<(String, String, String)> {
    let domains: BTreeMap<String, Vec<String>> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("clinc150/domains.json")).expect("domains.json"),
    )
    .expect("domains.json parses");
    let kept = ["small_talk", "meta", "utility", "banking", "credit_cards"];
    let domain_of: BTreeMap<&str, &str> = domains
        .iter()
        .filter(|(d, _)| kept.contains(&d.as_str()))
        .flat_map(|(d, intents)| intents.iter().map(move |i| (i.as_str(), d.as_str())))
        .chain([("oos", "oos")])
        .collect();
    let text = std::fs::read_to_string(dir.join("clinc150/test.tsv")).expect("test.tsv");
    let rows: Vec<_> = text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let (t, intent) = l.split_once('\t')?;
            let domain = domain_of.get(intent)?;
            Some((t.to_string(), intent.to_string(), domain.to_string()))
        })
        .collect();
    assert_eq!(rows.len(), 3250, "CLINC150 subset");
    rows
}

/// BANKING77's test split: the first 12 questions of each intent, by intent name (924).
fn banking_subset(dir: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dir.join("banking77/test.csv")).expect("test.csv");
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows: Vec<(String, String)> = csv_rows(&text)
        .into_iter()
        .skip(1)
        .filter_map(|mut r| {
            let intent = r.pop()?;
            let question = r.pop()?;
            let n = seen.entry(intent.clone()).or_default();
            *n += 1;
            (*n <= 12).then_some((question, intent))
        })
        .collect();
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(rows.len(), 924, "BANKING77 subset");
    rows
}

/// The records of a CSV text: quoted fields may hold commas, newlines and `""`.
pub(crate) fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The tldr pages named in `tests/fixtures/eval/tldr-pages.txt` from `pages/common`,
/// each with its Spanish page from `pages.es/common` where there is one (602 articles).
fn tldr_subset(dir: &Path) -> Vec<Article> {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let status = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(dir.join("tldr-pages-es-en.tar.gz"))
        .arg("-C")
        .arg(tmp.path())
        .status()
        .expect("tar runs");
    assert!(
        status.success(),
        "tar -xzf tldr-pages-es-en.tar.gz: {status}"
    );
    let names = std::fs::read_to_string(eval_dir().join("tldr-pages.txt")).expect("tldr-pages.txt");
    let mut en = Vec::new();
    let mut es = Vec::new();
    for name in names.lines().filter(|l| !l.is_empty()) {
        let rel = format!("pages/common/{name}.md");
        let page = std::fs::read_to_string(tmp.path().join(&rel)).expect(&rel);
        en.push(tldr_article(name, Lang::En, &rel, &page));
        let rel = format!("pages.es/common/{name}.md");
        if let Ok(page) = std::fs::read_to_string(tmp.path().join(&rel)) {
            es.push(tldr_article(name, Lang::Es, &rel, &page));
        }
    }
    en.extend(es);
    assert_eq!(en.len(), 602, "tldr subset");
    en
}

/// One tldr page as an article: title = the command, summary = its description (without
/// the link line), body = its examples with `{{placeholders}}` and `[x]` hints unwrapped.
fn tldr_article(name: &str, lang: Lang, rel: &str, page: &str) -> Article {
    let mut title = String::new();
    let mut summary = Vec::new();
    let mut lines = page.split('\n').peekable();
    while let Some(l) = lines.next_if(|l| l.starts_with(['#', '>']) || l.trim().is_empty()) {
        if let Some(t) = l.strip_prefix("# ") {
            title = t.trim().to_string();
        } else if let Some(d) = l.strip_prefix('>') {
            let d = d.trim();
            if !d.starts_with("More information:") && !d.starts_with("Más información:") {
                summary.push(d);
            }
        }
    }
    let body = unwrap_hints(&unwrap_placeholders(
        lines.collect::<Vec<_>>().join("\n").trim(),
    ));
    let text = body
        .split('\n')
        .map(|l| l.strip_prefix("- ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .replace('`', "");
    Article {
        id: format!("{}/{name}", lang.code()),
        title,
        lang,
        category: lang.code().to_string(),
        summary: summary.join(" "),
        body,
        text,
        path: PathBuf::from("tldr").join(rel),
        rel_path: rel.to_string(),
        ..article("", "", "")
    }
}

/// `{{path/to/file}}` → `path/to/file` (within a line).
fn unwrap_placeholders(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let line = &after[..after.find('\n').unwrap_or(after.len())];
        match line.find("}}") {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[close + 2..];
            }
            None => {
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[x]`, `[re]`, `[@]`: brackets around at most three characters with no `|` lose their
/// brackets; `[-g|--group]` keeps them.
fn unwrap_hints(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let inner = after
            .find([']', '['])
            .filter(|&i| after[i..].starts_with(']'))
            .map(|i| &after[..i])
            .filter(|x| !x.is_empty() && x.chars().count() <= 3 && !x.contains('|'));
        match inner {
            Some(x) => {
                out.push_str(x);
                rest = &after[x.len() + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn customer(text: &str) -> Turn {
    Turn {
        speaker: Speaker::Customer,
        text: text.into(),
        ts: String::new(),
        final_: true,
    }
}

/// `apunte suggest --limit 3` with the default threshold (`SUGGEST_THRESHOLD` overrides
/// it, to see what another threshold would give).
fn suggester() -> Suggester {
    let threshold = std::env::var("SUGGEST_THRESHOLD")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(Settings::default().threshold);
    Suggester::new(Settings {
        limit: 3,
        threshold,
    })
}

fn suggest(engine: &Engine, turns: &[Turn]) -> Suggestions {
    suggester().suggest(engine, turns, &HashSet::new())
}

fn shown(out: &Suggestions) -> Vec<&str> {
    out.items.iter().map(|s| s.hit.id.as_str()).collect()
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

/// The sample base's labelled conversations: their folder and, by file stem, the
/// article each needs (`expected.toml`).
fn sample_expected() -> (PathBuf, BTreeMap<String, String>) {
    #[derive(serde::Deserialize)]
    struct Expected {
        expected: BTreeMap<String, String>,
    }
    let dir = repo().join("tests/fixtures/conversations");
    let text = std::fs::read_to_string(dir.join("expected.toml")).expect("expected.toml");
    let expected: Expected = toml::from_str(&text).expect("parses");
    (dir, expected.expected)
}

/// The sample base's labelled conversations: after the first customer turn with
/// content, and at every customer turn of the whole conversation; first turns that are
/// only greetings stay silent.
#[test]
fn sample_conversations() {
    let (dir, expected) = sample_expected();
    let s = suggester();
    let (mut first, mut turns_ok, mut turns_n, mut end, mut greet, mut greet_quiet) =
        (0, 0, 0, 0, 0, 0);
    let mut search_first = 0;
    let n = expected.len();
    for (stem, id) in &expected {
        let file = std::fs::File::open(dir.join(format!("{stem}.jsonl"))).expect("fixture");
        let turns = Transcript::read(std::io::BufReader::new(file)).turns;
        let mut seen_content = false;
        for (i, t) in turns.iter().enumerate() {
            if t.speaker != Speaker::Customer {
                continue;
            }
            let so_far = &turns[..=i];
            let out = s.suggest(&SAMPLE, so_far, &HashSet::new());
            let has_content = !s.terms(std::slice::from_ref(t)).is_empty();
            if !seen_content && !has_content {
                greet += 1;
                greet_quiet += usize::from(out.items.is_empty());
            }
            if !has_content && !seen_content {
                continue;
            }
            let ok = shown(&out).contains(&id.as_str());
            if !seen_content {
                first += usize::from(ok);
                search_first += usize::from(searched(&SAMPLE, &t.text).contains(id));
                seen_content = true;
            }
            turns_ok += usize::from(ok);
            turns_n += 1;
        }
        let out = s.suggest(&SAMPLE, &turns, &HashSet::new());
        end += usize::from(shown(&out).contains(&id.as_str()));
    }
    println!(
        "sample conversations ({n}): first turn with content {first}/{n} ({:.0}%; apunte search with it pasted {search_first}/{n}), every customer turn {turns_ok}/{turns_n} ({:.0}%), end of call {end}/{n} ({:.0}%), greeting-only first turns silent {greet_quiet}/{greet}",
        pct(first, n),
        pct(turns_ok, turns_n),
        pct(end, n)
    );
    // Measured 13/27 first turns (11/27 before the relevance gate; the engine before
    // the relevance confidence: 9/27), 54/77 turns (49/77 before the gate; 46/78; 48/77
    // before the search box's ranking), 24/27 at the end (21/27; 22/27 before the search
    // box's ranking).
    assert!(first * 100 >= n * 37, "first {first}/{n}");
    assert!(turns_ok * 100 >= turns_n * 58, "turns {turns_ok}/{turns_n}");
    assert!(end * 100 >= n * 77, "end {end}/{n}");
    assert_eq!(greet_quiet, greet);
}

/// CLINC150's out-of-scope requests and its small talk, meta and utility domains leave
/// the sample (telecom) base silent.
#[test]
fn clinc150_silence_on_the_sample_base() {
    let Some(c) = corpora() else { return };
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut loud = Vec::new();
    for (text, _, domain) in &c.clinc {
        if !["oos", "small_talk", "meta", "utility"].contains(&domain.as_str()) {
            continue;
        }
        let out = suggest(&SAMPLE, &[customer(text)]);
        let e = by.entry(domain.clone()).or_default();
        e.1 += 1;
        if out.items.is_empty() {
            e.0 += 1;
        } else if loud.len() < 15 {
            loud.push(format!("{text:?} → {:?}", shown(&out)));
        }
    }
    let (q, n) = by.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    for (d, (q, n)) in &by {
        println!("clinc150 {d}: silent {q}/{n} ({:.1}%)", pct(*q, *n));
    }
    println!("clinc150 unrelated: silent {q}/{n} ({:.1}%)", pct(q, n));
    println!("  e.g. {}", loud.join("\n  e.g. "));
    // Measured 95.2% (95.3% before the lead and rare-word openings of the gate; 96.6%
    // before the relevance gate; the engine before the relevance
    // confidence: 97.9%; before one line's coverage: 85.3%); the target is 95%.
    assert!(q * 1000 >= n * 950, "silent {q}/{n}");
}

/// CLINC150's banking and credit-card requests on the sample base: when something is
/// shown, it should be a card, payment, billing or fraud article.
#[test]
fn clinc150_card_and_billing_requests() {
    let on_topic = |id: &str| {
        ["pagos/", "fraude/", "facturacion/"]
            .iter()
            .any(|p| id.starts_with(p))
            || id.starts_with("movil/movil-perdido")
    };
    let Some(c) = corpora() else { return };
    let (mut n, mut shown_n, mut first_on_topic) = (0, 0, 0);
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (text, intent, domain) in &c.clinc {
        if domain != "banking" && domain != "credit_cards" {
            continue;
        }
        n += 1;
        let out = suggest(&SAMPLE, &[customer(text)]);
        let e = by.entry(intent.clone()).or_default();
        e.1 += 1;
        if let Some(top) = out.items.first() {
            shown_n += 1;
            if on_topic(&top.hit.id) {
                first_on_topic += 1;
                e.0 += 1;
            }
        }
    }
    println!(
        "clinc150 banking+credit_cards ({n}): something shown {shown_n} ({:.0}%), of which first is a payment/billing/fraud article {first_on_topic} ({:.0}%)",
        pct(shown_n, n),
        pct(first_on_topic, shown_n)
    );
    let best: Vec<String> = by
        .iter()
        .filter(|(_, (ok, _))| *ok > 0)
        .map(|(i, (ok, t))| format!("{i} {ok}/{t}"))
        .collect();
    println!("  intents answered: {}", best.join(", "));
    // Measured 197 of 252 shown (78%; 192 of 245 before the lead and rare-word openings; 168 of 215, 78%, before the relevance gate; 173,
    // 80%, before the search box's ranking; before one line's coverage 183 of 245, 75%).
    assert!(
        first_on_topic * 100 >= shown_n * 75,
        "{first_on_topic}/{shown_n}"
    );
}

/// Stability: a BANKING77 question, then the customer reads out a card number and a
/// name and thanks: what is shown first does not change.
#[test]
fn banking77_stability_through_identification() {
    let (mut n, mut same, mut with) = (0, 0, 0);
    let mut changed = Vec::new();
    let Some(c) = corpora() else { return };
    for (text, _) in &c.banking {
        n += 1;
        let q = customer(text);
        let before = suggest(&SAMPLE, std::slice::from_ref(&q));
        let Some(top) = before.items.first() else {
            continue;
        };
        with += 1;
        let turns = [
            q.clone(),
            customer("sure, my name is John Smith and the card number is 4111 1111 1111 1234"),
            customer("my date of birth is 12/04/1985 and my email is john.smith@example.com"),
            customer("ok, thank you"),
        ];
        let after = suggest(&SAMPLE, &turns);
        let kept = after.items.first().map(|s| &s.hit.id) == Some(&top.hit.id);
        same += usize::from(kept);
        if !kept && changed.len() < 10 {
            changed.push(format!("{text:?}: {} → {:?}", top.hit.id, shown(&after)));
        }
        if let Some(t) = after.items.first() {
            assert_eq!(t.reason.turn, 0, "{text:?}: the reason cites the question");
        }
    }
    println!(
        "banking77 ({n}): with a suggestion {with}; first suggestion unchanged after identification and thanks {same}/{with} ({:.1}%)",
        pct(same, with)
    );
    println!("  changed: {}", changed.join("; "));
    // Measured 295/295 (297/297 before the lead and rare-word openings; 243/243 before the relevance gate; 335/335 with more shown).
    assert!(same * 100 >= with * 97, "{same}/{with}");
}

/// One article per BANKING77 intent, titled with the intent's name, no body.
fn intent_title_base(rows: &[(String, String)]) -> Engine {
    let intents: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let articles: Vec<Article> = intents
        .iter()
        .map(|i| article(i, &i.replace('_', " "), ""))
        .collect();
    Engine::in_memory(&articles).expect("indexes")
}

/// BANKING77 as a base of terse titles: one article per intent, titled with the intent's
/// own name ("card arrival", "lost or stolen card"), no body. Its near-duplicate intents
/// are the hard part.
#[test]
fn banking77_intent_titles() {
    let Some(c) = corpora() else { return };
    let rows = &c.banking;
    let engine = intent_title_base(rows);
    let (mut top3, mut silent, mut groups) = (0, 0, 0);
    for (text, intent) in rows {
        let out = suggest(&engine, &[customer(text)]);
        top3 += usize::from(shown(&out).contains(&intent.as_str()));
        silent += usize::from(out.items.is_empty());
        groups += usize::from(out.items.iter().any(|s| !s.distinct.is_empty()));
    }
    let n = rows.len();
    println!(
        "banking77 intent titles ({n}, 77 articles): right intent shown {top3} ({:.0}%), silent {silent} ({:.0}%), a near-duplicate group shown {groups}",
        pct(top3, n),
        pct(silent, n)
    );
    // Measured 529/924 (57%; 520 before the relevance gate; 490 before the search box's
    // ranking; before one line's coverage 42%, the engine before the relevance
    // confidence 17%).
    assert!(top3 * 100 >= n * 48, "{top3}/{n}");
}

/// An article with only what the tests need.
fn article(id: &str, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        lang: apunte::knowledge::Lang::En,
        category: String::new(),
        tags: Vec::new(),
        summary: String::new(),
        keywords: Vec::new(),
        updated: None,
        owner: None,
        review_by: None,
        status: None,
        decide: Vec::new(),
        phrases: Vec::new(),
        body: text.into(),
        text: text.into(),
        path: PathBuf::from(format!("{id}.md")),
        rel_path: format!("{id}.md"),
        body_line: 1,
    }
}

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    id: String,
    #[serde(default)]
    also: Vec<String>,
}

fn cases(file: &str) -> Vec<Case> {
    #[derive(serde::Deserialize)]
    struct File {
        case: Vec<Case>,
    }
    let text = std::fs::read_to_string(eval_dir().join(file)).expect(file);
    toml::from_str::<File>(&text).expect("parses").case
}

/// The tldr pages (titles are bare command names): plain-language requests suggest the
/// page that answers them.
#[test]
fn tldr_plain_language_requests() {
    let Some(tldr) = TLDR.as_ref() else {
        corpora();
        return;
    };
    let all = cases("tldr-requests.toml");
    let (mut ok, mut search_ok) = (0, 0);
    let mut misses = Vec::new();
    for c in &all {
        search_ok += usize::from(searched(tldr, &c.text).contains(&c.id));
        let out = suggest(tldr, &[customer(&c.text)]);
        if shown(&out).contains(&c.id.as_str()) {
            ok += 1;
        } else {
            misses.push(format!(
                "{:?} → {:?} (best {:.2})",
                c.text,
                shown(&out),
                out.best
            ));
        }
    }
    let n = all.len();
    println!(
        "tldr ({} pages): right page shown {ok}/{n} ({:.0}%; apunte search with the request pasted {search_ok}/{n})",
        tldr.len(),
        pct(ok, n)
    );
    println!("  misses: {}", misses.join("; "));
    // Measured 36/44 with the body's topics (33/44 before; 29/44 before the relevance
    // gate, 26/44 before the search box's ranking, 33/44 before one line's coverage, the
    // engine before the relevance confidence 9/44; apunte search 35/44).
    assert!(ok * 100 >= n * 75, "{ok}/{n}");
}

/// The held-out guideline base: first customer turns, near-duplicate returns, greetings
/// and identification.
#[test]
fn heldout_guidelines() {
    let all = cases("heldout.toml");
    let (mut ok, mut related, mut quiet, mut unrelated, mut search_ok) = (0, 0, 0, 0, 0);
    for c in &all {
        let out = suggest(&HELDOUT, &[customer(&c.text)]);
        let ids = shown(&out);
        println!("  {:<70} {:?}", c.text, ids);
        if c.id.is_empty() {
            unrelated += 1;
            quiet += usize::from(ids.is_empty());
            continue;
        }
        related += 1;
        search_ok += usize::from(searched(&HELDOUT, &c.text).contains(&c.id));
        let hit = ids.contains(&c.id.as_str()) && c.also.iter().all(|a| ids.contains(&a.as_str()));
        ok += usize::from(hit);
    }
    println!(
        "held-out guidelines: right guideline shown {ok}/{related} ({:.0}%; apunte search with the turn pasted {search_ok}/{related}), silent on greetings/identification/unrelated {quiet}/{unrelated}",
        pct(ok, related)
    );
    // Measured 12/16 (before one line's coverage 9/16, the engine before the relevance
    // confidence 8/16; apunte search 16/16), 5/5 silent.
    assert!(ok * 100 >= related * 70, "{ok}/{related}");
    assert!(quiet * 100 >= unrelated * 80, "{quiet}/{unrelated}");
}

/// `apunte search` with the text pasted: the top 3 ids (what suggestions are measured
/// against when the customer states a topic).
fn searched(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .search(&SearchRequest {
            text: text.to_string(),
            limit: 3,
            ..SearchRequest::default()
        })
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn agent(text: &str) -> Turn {
    Turn {
        speaker: Speaker::Agent,
        ..customer(text)
    }
}

/// Figures of one set of chat dialogues against one base.
struct DialogueFigures {
    n: usize,
    first: usize,
    search_first: usize,
    turns_ok: usize,
    turns_n: usize,
    any: usize,
    end: usize,
    greet: usize,
    greet_quiet: usize,
}

impl DialogueFigures {
    /// Fails below these percentages: first turns, every turn, greetings silent.
    fn at_least(&self, first: usize, turns: usize, greetings: usize) {
        assert!(
            self.first * 100 >= self.n * first,
            "first {}/{}",
            self.first,
            self.n
        );
        assert!(
            self.turns_ok * 100 >= self.turns_n * turns,
            "turns {}/{}",
            self.turns_ok,
            self.turns_n
        );
        assert!(
            self.greet_quiet * 100 >= self.greet * greetings,
            "greetings {}/{}",
            self.greet_quiet,
            self.greet
        );
    }
}

/// The dialogues of a file (`[[dialogue]]` with `id` and `turns`, each turn starting
/// with `customer: ` or `agent: `): (id, turns).
fn dialogue_file(file: &str) -> Vec<(String, Vec<Turn>)> {
    #[derive(serde::Deserialize)]
    struct Dialogue {
        id: String,
        turns: Vec<String>,
    }
    #[derive(serde::Deserialize)]
    struct File {
        dialogue: Vec<Dialogue>,
    }
    let text = std::fs::read_to_string(eval_dir().join(file)).expect(file);
    let all = toml::from_str::<File>(&text).expect("parses").dialogue;
    all.into_iter()
        .map(|d| {
            let turns = d
                .turns
                .iter()
                .map(|t| match t.split_once(": ") {
                    Some(("agent", x)) => agent(x),
                    Some(("customer", x)) => customer(x),
                    _ => panic!("{file}: {t:?}: a turn starts with customer: or agent:"),
                })
                .collect();
            (d.id, turns)
        })
        .collect()
}

/// A file of chat dialogues (`[[dialogue]]` with `id` and `turns`, each turn starting
/// with `customer: ` or `agent: `) against `engine`: after the first customer turn with
/// content, suggestions against `apunte search` with that turn pasted; over the whole
/// dialogue (at every customer turn, at some turn, at the end); greeting-only first
/// turns silent.
fn dialogues(file: &str, engine: &Engine, name: &str) -> DialogueFigures {
    let all = dialogue_file(file);
    let s = suggester();
    let mut f = DialogueFigures {
        n: all.len(),
        first: 0,
        search_first: 0,
        turns_ok: 0,
        turns_n: 0,
        any: 0,
        end: 0,
        greet: 0,
        greet_quiet: 0,
    };
    let mut misses = Vec::new();
    for (id, turns) in &all {
        let (mut seen_content, mut ever) = (false, false);
        for (i, t) in turns.iter().enumerate() {
            if t.speaker != Speaker::Customer {
                continue;
            }
            let out = s.suggest(engine, &turns[..=i], &HashSet::new());
            let has_content = !s.terms(std::slice::from_ref(t)).is_empty();
            if !seen_content && !has_content {
                f.greet += 1;
                f.greet_quiet += usize::from(out.items.is_empty());
                continue;
            }
            let ok = shown(&out).contains(&id.as_str());
            if !seen_content {
                seen_content = true;
                f.first += usize::from(ok);
                let found = searched(engine, &t.text);
                f.search_first += usize::from(found.contains(id));
                if !ok {
                    misses.push(format!(
                        "{:?} → {:?} (search {found:?}, best {:.2})",
                        t.text,
                        shown(&out),
                        out.best
                    ));
                }
            }
            ever |= ok;
            f.turns_ok += usize::from(ok);
            f.turns_n += 1;
        }
        f.any += usize::from(ever);
        let out = s.suggest(engine, turns, &HashSet::new());
        f.end += usize::from(shown(&out).contains(&id.as_str()));
    }
    println!(
        "{name} ({}, {} articles): first customer turn with content {}/{} ({:.0}%; apunte search with it pasted {}/{}), every customer turn {}/{} ({:.0}%), shown at some turn {}/{}, end of dialogue {}/{}, greeting-only first turns silent {}/{}",
        f.n,
        engine.len(),
        f.first,
        f.n,
        pct(f.first, f.n),
        f.search_first,
        f.n,
        f.turns_ok,
        f.turns_n,
        pct(f.turns_ok, f.turns_n),
        f.any,
        f.n,
        f.end,
        f.n,
        f.greet_quiet,
        f.greet
    );
    println!("  first-turn misses: {}", misses.join("; "));
    f
}

/// The guideline base (an online shop's agent guidelines, near-duplicate returns,
/// refunds, deliveries and account articles; title and body only) and chat dialogues
/// against it.
#[test]
fn guideline_dialogues() {
    let f = dialogues("guidelines.toml", &GUIDELINES, "guideline dialogues");
    // Measured 19/24 first turns (18/24 before the relevance gate; apunte search 23/24;
    // before one line's coverage 15/24), 46/57 turns (43/57), 22/24 at the end (19/24),
    // 14/14 greetings silent.
    f.at_least(70, 70, 90);
}

/// The airline guideline base (a domain no other fixture has: changes, cancellations,
/// refunds, five near-duplicate baggage articles; title and body only) and dialogues
/// whose first turns are written as customers write (misspellings, preambles, several
/// questions).
#[test]
fn airline_dialogues() {
    let f = dialogues("airline.toml", &AIRLINE, "airline dialogues");
    // Measured 22/30 first turns (20/30 before the lead and rare-word openings of the
    // gate, 13/30 before the gate; apunte search 30/30), 49/66 turns (46/66; 30/66),
    // 23/30 at the end (22/30; 15/30), 11/11 greetings silent.
    f.at_least(70, 70, 90);
}

/// The streaming subscription base (a domain no other fixture has: three near-duplicate
/// plan changes, three unwanted-charge articles, screens and household sharing; title and
/// body only) and dialogues written as customers write, held out: written after the
/// suggestion method was settled and not used to tune it.
#[test]
fn streaming_dialogues() {
    let f = dialogues("streaming.toml", &STREAMING, "streaming dialogues");
    // Measured 18/36 first turns with the related words (12/36 before, 11/36 before the
    // lead and rare-word openings of the gate; apunte search 20/36), 42/83 turns (29/83),
    // 20/36 at the end (15/36), 8/8 greetings silent. Seen since the related words were
    // written: no longer held out.
    f.at_least(44, 45, 90);
}

/// The electricity supplier base, in Spanish (a domain no other fixture has: three
/// near-duplicate changes of holder, estimated readings and high bills, power and tariff;
/// title and body only), and Spanish dialogues written as customers write, held out like
/// the streaming set.
#[test]
fn electricity_dialogues() {
    let f = dialogues("luz.toml", &LUZ, "electricity dialogues (Spanish)");
    // Measured 12/20 first turns with the related words (7/20 before, 6/20 before the
    // lead and rare-word openings of the gate; apunte search 17/20), 27/44 turns (17/44),
    // 13/20 at the end (8/20), 5/5 greetings silent. Seen since the related words were
    // written: no longer held out.
    f.at_least(55, 55, 90);
}

/// The retail bank base (a domain no other written fixture has: a bank's chat guidelines
/// with near-duplicate card, charge, transfer, contact-detail and fee articles; title and
/// body only, no front matter) and dialogues written as customers write, held out: written
/// after the suggestion method was settled and not used to tune it.
#[test]
fn bank_dialogues() {
    let f = dialogues("bank.toml", &BANK, "bank dialogues");
    // Measured once, the material unchanged since: 29/52 first turns (apunte search
    // 41/52), 81/142 turns, 36/52 at some turn, 34/52 at the end, 23/23 greetings silent;
    // with the related words (written without looking at this set) 30/52, 82/142, 37/52,
    // 35/52, 23/23.
    f.at_least(52, 52, 90);
}

/// The car and home insurer base, in Spanish (accidents with and without another car,
/// roadside assistance, water damage at home and to a neighbour, changes of account, car
/// and address, not renewing and the renewal price; title and body only, no front
/// matter), and Spanish dialogues written as customers write, held out like the bank set.
#[test]
fn insurance_dialogues() {
    let f = dialogues("seguros.toml", &SEGUROS, "insurance dialogues (Spanish)");
    // Measured once, the material unchanged since: 13/33 first turns (apunte search
    // 29/33), 53/97 turns, 25/33 at some turn, 24/33 at the end, 14/14 greetings silent;
    // with the related words (written without looking at this set) 18/33, 61/97, 26/33,
    // 24/33, 14/14.
    f.at_least(50, 58, 90);
}

/// Not a test: prints the signals of the first candidates for `EXPLAIN` texts
/// (`EXPLAIN='text|text' cargo test --test integration suggest_eval::explain -- --ignored
/// --nocapture`).
#[test]
#[ignore]
fn explain() {
    let texts = std::env::var("EXPLAIN").unwrap_or_default();
    let base = std::env::var("BASE").unwrap_or_default();
    let engine: &Engine = match base.as_str() {
        "tldr" => TLDR.as_ref().expect("../shared/corpora"),
        "heldout" => &HELDOUT,
        "guidelines" => &GUIDELINES,
        "airline" => &AIRLINE,
        "streaming" => &STREAMING,
        "luz" => &LUZ,
        "bank" => &BANK,
        "seguros" => &SEGUROS,
        _ => &SAMPLE,
    };
    for text in texts.split('|') {
        let turns: Vec<Turn> = text.split(" // ").map(customer).collect();
        let out = suggest(engine, &turns);
        println!("{text}  → {:?}", shown(&out));
        for s in out.considered.iter().take(4) {
            println!(
                "   {:<40} {}  m={:?}",
                s.hit.id,
                s.signals.explain(apunte::knowledge::Lang::En),
                s.hit.matched
            );
        }
    }
}

/// The customer turns judged in a conversation: the first with content ("first") and
/// every customer turn after it ("turn").
fn judged_turns(s: &Suggester, turns: &[Turn]) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (i, t) in turns.iter().enumerate() {
        if t.speaker != Speaker::Customer {
            continue;
        }
        let content = !s.terms(std::slice::from_ref(t)).is_empty();
        if out.is_empty() && !content {
            continue;
        }
        out.push((i, if out.is_empty() { "first" } else { "turn" }));
    }
    out
}

/// Not a test: writes every judged candidate's signals for each evaluation case to
/// `$DUMP` (JSON lines), to study how a gate would separate the sets.
#[test]
#[ignore]
fn dump() {
    use std::io::Write;
    let path = std::env::var("DUMP").unwrap_or_else(|_| "/tmp/suggest-dump.jsonl".into());
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("dump file"));
    let s = suggester();
    let mut write = |set: &str, kind: &str, label: &str, engine: &Engine, turns: &[Turn]| {
        let r = suggester().suggest(engine, turns, &HashSet::new());
        let mut c: Vec<_> = r.considered.iter().collect();
        c.sort_by_key(|x| x.signals.rank);
        let cands: Vec<_> = c
            .iter()
            .map(|x| {
                let body = engine.article(&x.hit.id).map(|a| a.text).unwrap_or_default();
                let body = apunte::assist::text::folded_words(&body);
                let n = engine.len().max(1) as f32;
                let words: Vec<_> = r
                    .terms
                    .iter()
                    .filter(|t| t.customer && x.hit.matched.iter().any(|m| m == &t.word))
                    .map(|t| {
                        let df = engine.doc_freq(&t.word);
                        let idf = if df == 0 { 0.35 } else { ((1.0 + n / df as f32).ln() / (1.0 + n).ln()).clamp(0.0, 1.0) };
                        let tf = body.iter().filter(|b| near(b, &t.word)).count();
                        serde_json::json!({"w": t.word, "wt": t.weight, "idf": idf, "df": df, "tf": tf})
                    })
                    .collect();
                serde_json::json!({"id": x.hit.id, "score": x.hit.score, "conf": x.confidence, "sig": x.signals, "title": x.hit.title.text, "words": words})
            })
            .collect();
        let last = &turns[turns.len() - 1].text;
        let n = engine.len().max(1) as f32;
        let terms: Vec<_> = r
            .terms
            .iter()
            .map(|t| {
                let df = engine.doc_freq(&t.word);
                let idf = if df == 0 { 0.35 } else { ((1.0 + n / df as f32).ln() / (1.0 + n).ln()).clamp(0.0, 1.0) };
                serde_json::json!({"w": t.word, "wt": t.weight, "df": df, "idf": idf, "c": t.customer, "turn": t.turn})
            })
            .collect();
        let v = serde_json::json!({"set": set, "kind": kind, "label": label, "text": last, "terms": terms, "n": n,
            "search": searched(engine, last), "shown": shown(&r), "cands": cands});
        writeln!(out, "{v}").expect("write");
    };
    for (set, file, engine) in [
        ("guide", "guidelines.toml", &*GUIDELINES),
        ("air", "airline.toml", &*AIRLINE),
        ("stream", "streaming.toml", &*STREAMING),
        ("luz", "luz.toml", &*LUZ),
    ] {
        for (id, turns) in dialogue_file(file) {
            for (i, kind) in judged_turns(&s, &turns) {
                write(set, kind, &id, engine, &turns[..=i]);
            }
        }
    }
    let (dir, expected) = sample_expected();
    for (stem, id) in &expected {
        let file = std::fs::File::open(dir.join(format!("{stem}.jsonl"))).expect("fixture");
        let turns = Transcript::read(std::io::BufReader::new(file)).turns;
        for (i, kind) in judged_turns(&s, &turns) {
            write("sample", kind, id, &SAMPLE, &turns[..=i]);
        }
    }
    for c in cases("heldout.toml") {
        write("heldout", "first", &c.id, &HELDOUT, &[customer(&c.text)]);
    }
    let Some(corp) = corpora() else { return };
    let tldr = TLDR.as_ref().expect("tldr");
    for c in cases("tldr-requests.toml") {
        write("tldr", "first", &c.id, tldr, &[customer(&c.text)]);
    }
    for (text, _, domain) in &corp.clinc {
        if ["oos", "small_talk", "meta", "utility"].contains(&domain.as_str()) {
            write("clinc", domain, "", &SAMPLE, &[customer(text)]);
        }
    }
    let engine = intent_title_base(&corp.banking);
    for (text, intent) in &corp.banking {
        write("b77", "first", intent, &engine, &[customer(text)]);
    }
}

/// Same word up to inflection (as the suggestion engine judges it).
fn near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 4 && common + 3 >= a.chars().count().min(b.chars().count())
}

/// A turn that tells a story around its topic names it in one clause: the clause is
/// judged on its own, and a short unrelated request still says nothing.
#[test]
fn a_story_names_its_topic_in_one_clause() {
    let s = suggester();
    let r = s.suggest(
        &GUIDELINES,
        &[customer(
            "hi, I just moved and my order is going to my old address",
        )],
        &HashSet::new(),
    );
    assert!(
        shown(&r).iter().take(3).any(|id| *id == "address-change"),
        "{:?}",
        shown(&r)
    );
    let r = s.suggest(
        &SAMPLE,
        &[customer(
            "find out what supplies i am missing and will need on my upcoming camping trip",
        )],
        &HashSet::new(),
    );
    assert!(shown(&r).is_empty(), "{:?}", shown(&r));
}

/// A customer who does not use the article's words still finds it through the words
/// customers use for one another, and the reason says which word stood for which.
#[test]
fn related_words_find_the_article_and_say_so() {
    let s = suggester();
    let r = s.suggest(
        &GUIDELINES,
        &[customer("my parcel is overdue")],
        &HashSet::new(),
    );
    let top = r.items.first().expect("a suggestion");
    assert_eq!(top.hit.id, "delivery-late", "{:?}", shown(&r));
    assert!(
        top.reason.words.iter().any(|w| w == "overdue ≈ late"),
        "{:?}",
        top.reason
    );
    // A word and the related word standing for it count once.
    let r = s.suggest(
        &GUIDELINES,
        &[customer("i was billed twice")],
        &HashSet::new(),
    );
    let top = r.items.first().expect("a suggestion");
    assert_eq!(top.hit.id, "charged-twice", "{:?}", shown(&r));
    assert!(top.signals.words <= 2, "{:?}", top.signals);
}
