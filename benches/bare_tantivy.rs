//! The engine alone: stock tantivy 0.27 over the same generated files, as the yardstick
//! `benches/run.sh` prints apunte's figures against (as ratios).
//!
//! It does the work a plain search program would: read every Markdown file, take the
//! title from the TOML front matter and the rest as the body, index title and body with
//! tantivy's `default` analyzer (split on non-alphanumerics, lowercase; no stemming, no
//! accent folding, no prefixes, no typo tolerance), one commit and the default merge
//! policy; search with the stock `QueryParser` (lenient), take the top hits and make a
//! snippet of each body with `SnippetGenerator`.
//!
//! A second yardstick for the build, "same analyses": apunte analyses every body twice
//! (stemmed per language, with frequencies, for the ranking; folded exact forms with
//! positions, for phrases, prefixes and typos), so a build that analyses each text once
//! is not comparable work. `index --same-analyses` (`build_same_analyses`) does the same
//! two analyses with stock tokenizers only: the schema above, plus title and body again
//! with tantivy's stock `en_stem` tokenizer (split, drop words over 40 bytes, lowercase,
//! English snowball stemmer) into `title_s` and `body_s`, frequencies, not stored.
//! Nothing else of apunte's (no language check, no Spanish stems, no keywords, summary
//! or stored JSON copy).
//!
//! ```text
//! bare_tantivy index KB INDEX     build INDEX from the files under KB, print the rate
//! bare_tantivy index --same-analyses KB INDEX
//!                                 the same, each title and body also stemmed (above)
//! bare_tantivy search INDEX WORDS warm open, search, print the hits (a process to time)
//! bare_tantivy type INDEX         every prefix of synth::TYPING_QUERIES, 12 hits each,
//!                                 print p50/p99 per keystroke
//! ```
//! Figures go to stdout as `key<TAB>value<TAB>unit` lines, the size label (`10k`) taken
//! from `$BARE_LABEL`.
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    IndexRecordOption, STORED, STRING, Schema, TEXT, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, doc};

fn main() -> tantivy::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let label = std::env::var("BARE_LABEL").unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("index") if args.len() == 3 => {
            index(Path::new(&args[1]), Path::new(&args[2]), &label, false)
        }
        Some("index") if args.len() == 4 && args[1] == "--same-analyses" => {
            index(Path::new(&args[2]), Path::new(&args[3]), &label, true)
        }
        Some("search") if args.len() >= 3 => search(Path::new(&args[1]), &args[2..].join(" ")),
        Some("type") if args.len() == 2 => typing(Path::new(&args[1]), &label),
        _ => {
            eprintln!(
                "usage: bare_tantivy index [--same-analyses] KB INDEX | search INDEX WORDS… \
                 | type INDEX"
            );
            std::process::exit(2);
        }
    }
}

/// Path, title and body (`default` analyzer); with `stemmed`, title and body again with
/// the stock `en_stem` analyzer (`title_s`, `body_s`: frequencies, not stored).
fn schema(stemmed: bool) -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("path", STRING | STORED);
    b.add_text_field("title", TEXT | STORED);
    b.add_text_field("body", TEXT | STORED);
    if stemmed {
        let stem = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        b.add_text_field("title_s", stem.clone());
        b.add_text_field("body_s", stem);
    }
    b.build()
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => markdown_files(&path, out),
            Ok(t) if t.is_file() && path.extension().is_some_and(|x| x == "md") => out.push(path),
            _ => {}
        }
    }
}

/// Title from `title = "…"` in the `+++` front matter; the body is what follows it.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return ("", text);
    };
    let Some(end) = rest.find("\n+++") else {
        return ("", text);
    };
    let front = &rest[..end];
    let body = &rest[end + 4..];
    let title = front
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or("");
    (title, body)
}

fn index(kb: &Path, out: &Path, label: &str, same_analyses: bool) -> tantivy::Result<()> {
    let started = Instant::now();
    let (files, key) = if same_analyses {
        (build_same_analyses(kb, out)?, "bare_same_build")
    } else {
        (build(kb, out)?, "bare_build")
    };
    let secs = started.elapsed().as_secs_f64();
    println!("{key}.{label}.seconds\t{secs:.3}\ts");
    println!("{key}.{label}.rate\t{:.0}\tarticles/s", files as f64 / secs);
    Ok(())
}

/// Builds INDEX `out` from the Markdown files under `kb`; the number of files indexed.
/// (`benches/index.rs` runs this too, beside apunte's build in the same process.)
pub fn build(kb: &Path, out: &Path) -> tantivy::Result<usize> {
    build_with(kb, out, false)
}

/// [`build`] with the second analysis of every title and body (the module comment's
/// "same analyses" yardstick).
pub fn build_same_analyses(kb: &Path, out: &Path) -> tantivy::Result<usize> {
    build_with(kb, out, true)
}

fn build_with(kb: &Path, out: &Path, stemmed: bool) -> tantivy::Result<usize> {
    let mut files = Vec::new();
    markdown_files(kb, &mut files);
    files.sort();
    std::fs::create_dir_all(out)?;
    let schema = schema(stemmed);
    let (path_f, title_f, body_f) = (
        schema.get_field("path")?,
        schema.get_field("title")?,
        schema.get_field("body")?,
    );
    let stems = match (schema.get_field("title_s"), schema.get_field("body_s")) {
        (Ok(t), Ok(b)) => Some((t, b)),
        _ => None,
    };
    let index = Index::create_in_dir(out, schema)?;
    let mut writer = index.writer(50_000_000)?;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let (title, body) = split(&text);
        let mut d = doc!(
            path_f => f.to_string_lossy().into_owned(),
            title_f => title,
            body_f => body,
        );
        if let Some((title_s, body_s)) = stems {
            d.add_text(title_s, title);
            d.add_text(body_s, body);
        }
        writer.add_document(d)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(files.len())
}

struct Searcher {
    reader: IndexReader,
    parser: QueryParser,
    body: tantivy::schema::Field,
    title: tantivy::schema::Field,
}

fn open(dir: &Path) -> tantivy::Result<Searcher> {
    let index = Index::open_in_dir(dir)?;
    let schema = index.schema();
    let title = schema.get_field("title")?;
    let body = schema.get_field("body")?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let parser = QueryParser::for_index(&index, vec![title, body]);
    Ok(Searcher {
        reader,
        parser,
        body,
        title,
    })
}

/// The top `limit` hits of `text`: title and a body snippet each.
fn hits(s: &Searcher, text: &str, limit: usize) -> tantivy::Result<Vec<(String, String)>> {
    let (query, _errors) = s.parser.parse_query_lenient(text);
    let searcher = s.reader.searcher();
    let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
    let snippets = SnippetGenerator::create(&searcher, &*query, s.body)?;
    let mut out = Vec::with_capacity(top.len());
    for (_score, addr) in top {
        let d: TantivyDocument = searcher.doc(addr)?;
        let title = d
            .get_first(s.title)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        out.push((title, snippets.snippet_from_doc(&d).fragment().to_string()));
    }
    Ok(out)
}

fn search(dir: &Path, text: &str) -> tantivy::Result<()> {
    let s = open(dir)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, (title, snippet)) in hits(&s, text, 20)?.iter().enumerate() {
        let _ = writeln!(out, "{:>2}. {title}\n    {snippet}", i + 1);
    }
    Ok(())
}

fn typing(dir: &Path, label: &str) -> tantivy::Result<()> {
    let s = open(dir)?;
    let prefixes: Vec<&str> = apunte::synth::TYPING_QUERIES
        .iter()
        .flat_map(|q| apunte::synth::keystrokes(q))
        .collect();
    for p in &prefixes {
        hits(&s, p, 12)?; // warm-up pass
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        for p in &prefixes {
            let t = Instant::now();
            std::hint::black_box(hits(&s, p, 12)?);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!("bare_keystroke.{label}.p50\t{:.3}\tms", at(0.5));
    println!("bare_keystroke.{label}.p99\t{:.3}\tms", at(0.99));
    Ok(())
}
