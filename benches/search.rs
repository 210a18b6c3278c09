//! Keystroke search: every prefix of `synth::TYPING_QUERIES` searched as the workspace
//! does (`Engine::search`, limit `app::SEARCH_LIMIT`, snippets and highlights included),
//! timed one by one for p50/p99, at each base size; then `rg -i` over the same files for
//! the same (complete) queries, as an agent would do in a terminal. Every query starts
//! with empty engine caches (`Engine::clear_caches`).
mod common;

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::Instant;

use apunte::search::{Engine, SearchRequest};
use apunte::synth::{TYPING_QUERIES, keystrokes};
use common::{Base, Samples, figure, label, ms};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn request(text: &str) -> SearchRequest {
    SearchRequest {
        text: text.to_string(),
        limit: apunte::app::SEARCH_LIMIT,
        ..SearchRequest::default()
    }
}

/// Types every query once; returns the number of hits seen (kept alive). Each query
/// starts from empty engine caches (decoded articles, expansions): a new query, not one
/// typed before; within a query the caches work as they do for the agent.
fn type_all(engine: &Engine) -> usize {
    let mut seen = 0;
    for q in TYPING_QUERIES {
        engine.clear_caches();
        for prefix in keystrokes(q) {
            seen += engine.search(&request(prefix)).len();
        }
    }
    seen
}

fn keystroke_percentiles(engine: &Engine, n: usize) {
    let reps = match (common::full_run(), n) {
        (false, _) => 1,
        (true, ..=10_000) => 5,
        (true, _) => 2,
    };
    black_box(type_all(engine)); // warm the page cache and the allocator
    let mut all = Samples::default();
    let mut worst: Vec<(f64, &str)> = Vec::new();
    for _ in 0..reps {
        for q in TYPING_QUERIES {
            engine.clear_caches();
            for prefix in keystrokes(q) {
                let req = request(prefix);
                let w0 = common::runqueue_wait_ns();
                let t = Instant::now();
                let hits = engine.search(&req);
                let d = t.elapsed();
                all.push_with_wait(d, w0, common::runqueue_wait_ns());
                black_box(hits);
                worst.push((ms(d), prefix));
            }
        }
    }
    all.report(&format!("keystroke.{}", label(n)));
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    worst.dedup_by(|a, b| a.1 == b.1);
    for (t, prefix) in worst.iter().take(5) {
        eprintln!("  slowest at {}: {t:.3} ms for {prefix:?}", label(n));
    }
    // The same typing with 10 hits instead of 12: how much of a keystroke is the
    // per-hit work (stored document, highlights, snippet).
    let mut ten = Samples::default();
    for _ in 0..reps {
        for q in TYPING_QUERIES {
            engine.clear_caches();
            for prefix in keystrokes(q) {
                let req = SearchRequest {
                    limit: 10,
                    ..request(prefix)
                };
                black_box(ten.time(|| engine.search(&req)));
            }
        }
    }
    ten.report(&format!("keystroke_limit10.{}", label(n)));
    // Complete queries only (what an agent would give rg).
    let mut full = Samples::default();
    for _ in 0..reps {
        for q in TYPING_QUERIES {
            let req = request(q);
            engine.clear_caches();
            black_box(full.time(|| engine.search(&req)));
        }
    }
    full.report(&format!("query.{}", label(n)));
}

/// `rg -i -F QUERY DIR` for each complete query (process start included, output
/// discarded), median of a few runs per query; the mean over queries is reported.
fn ripgrep(base: &Base, apunte_mean_ms: f64) {
    let Ok(rg) = which("rg") else {
        eprintln!("rg not found: install ripgrep to compare (apt-get install -y ripgrep)");
        return;
    };
    let runs = match (common::full_run(), base.n) {
        (false, _) => 1,
        (true, ..=10_000) => 5,
        (true, _) => 2,
    };
    let mut per_query = Vec::new();
    for q in TYPING_QUERIES {
        let mut s = Samples::default();
        for _ in 0..runs + 1 {
            let t = Instant::now();
            let status = Command::new(&rg)
                .args(["-i", "-F", "--", q])
                .arg(&base.dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let d = t.elapsed();
            if status.is_err() {
                eprintln!("cannot run {rg}");
                return;
            }
            s.0.push(d);
        }
        s.0.remove(0); // the first run warms the page cache
        per_query.push(ms(s.percentile(50.0)));
    }
    let mean = per_query.iter().sum::<f64>() / per_query.len() as f64;
    eprintln!(
        "rg -i at {}: mean {mean:.2} ms per query; apunte {apunte_mean_ms:.3} ms ({:.0}x)",
        label(base.n),
        mean / apunte_mean_ms.max(1e-6)
    );
    figure(&format!("rg.{}.mean", label(base.n)), mean, "ms");
    figure(
        &format!("rg.{}.ratio", label(base.n)),
        mean / apunte_mean_ms.max(1e-6),
        "x",
    );
}

fn which(cmd: &str) -> Result<String, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(cmd))
        .find(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned())
        .ok_or(())
}

fn benches(c: &mut Criterion) {
    for n in common::sizes() {
        let base = Base::get(n);
        let (engine, _cache) = common::engine(&base);
        keystroke_percentiles(&engine, n);
        let mut full = Samples::default();
        for q in TYPING_QUERIES {
            let req = request(q);
            engine.clear_caches();
            black_box(full.time(|| engine.search(&req)));
        }
        ripgrep(&base, ms(full.mean()));
        let mut g = c.benchmark_group("keystroke");
        if n <= 10_000 {
            // One iteration types every query: too long for 10 samples at 100k.
            g.bench_function(
                format!("typing {} queries/{}", TYPING_QUERIES.len(), label(n)),
                |b| b.iter(|| black_box(type_all(&engine))),
            );
        }
        g.bench_function(
            format!("one keystroke 'facturacion tarj'/{}", label(n)),
            |b| {
                let req = request("facturacion tarj");
                b.iter_batched(
                    || engine.clear_caches(),
                    |()| black_box(engine.search(&req)),
                    BatchSize::PerIteration,
                )
            },
        );
        g.finish();
    }
}

criterion_group! {
    name = search;
    config = common::criterion();
    targets = benches
}
criterion_main!(search);
