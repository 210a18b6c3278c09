//! Index build and refresh: `Engine::open` on a fresh cache over the generated folder
//! (scanning and parsing included) in articles per second; then one file changed and
//! `Engine::open` again (incremental refresh); then a warm open with nothing changed.
//! Parsing alone (`knowledge::load`) is timed too, to split the build cost.
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use apunte::search::Engine;
use common::{Base, Cache, Samples, figure, label, ms};
use criterion::{Criterion, criterion_group, criterion_main};

/// The article the refresh changes (number n/2 of the base).
fn some_article(base: &Base) -> std::path::PathBuf {
    let a = apunte::synth::article(common::SEED, base.n / 2);
    base.dir.join(a.rel_path)
}

fn benches(c: &mut Criterion) {
    for n in common::sizes() {
        let base = Base::get(n);
        let roots = base.roots();
        let full = common::full_run();

        // Parsing alone (scan + read + front matter + Markdown), as the build does it.
        let t = Instant::now();
        let kb = apunte::knowledge::load(&roots);
        let parse = t.elapsed();
        assert_eq!(kb.articles.len(), n);
        drop(kb);
        figure(
            &format!("parse.{}.rate", label(n)),
            n as f64 / parse.as_secs_f64(),
            "articles/s",
        );

        // Full builds on fresh caches (fewer at 100k).
        let builds = if !full || n >= 100_000 { 1 } else { 3 };
        let mut build = Samples::default();
        let mut kept = None;
        for _ in 0..builds {
            let cache = Cache::fresh();
            let (engine, report) = build.time(|| Engine::open(&roots, &cache.dir).expect("build"));
            assert!(report.rebuilt);
            assert_eq!(engine.len(), n);
            drop(engine);
            kept = Some(cache);
        }
        let cache = kept.expect("at least one build");
        let b = build.percentile(50.0);
        eprintln!(
            "build at {}: {:.2} s ({:.0} articles/s; parsing alone {:.2} s)",
            label(n),
            b.as_secs_f64(),
            n as f64 / b.as_secs_f64(),
            parse.as_secs_f64()
        );
        figure(&format!("build.{}.seconds", label(n)), b.as_secs_f64(), "s");
        figure(
            &format!("build.{}.rate", label(n)),
            n as f64 / b.as_secs_f64(),
            "articles/s",
        );
        figure(
            &format!("index_size.{}", label(n)),
            dir_size(&cache.dir) as f64 / 1e6,
            "MB",
        );

        // One file changed, then changed back: two incremental refreshes.
        let path = some_article(&base);
        let original = std::fs::read_to_string(&path).expect("read the article");
        let mut refresh = Samples::default();
        for text in [
            format!("{original}\nUna línea nueva: reinicia el router.\n"),
            original,
        ] {
            // Make sure the modification time moves even on coarse file systems.
            std::thread::sleep(Duration::from_millis(if full { 20 } else { 1 }));
            std::fs::write(&path, &text).expect("modify the article");
            let (engine, report) =
                refresh.time(|| Engine::open(&roots, &cache.dir).expect("refresh"));
            assert!(
                !report.rebuilt,
                "one changed file must not rebuild the index"
            );
            assert_eq!(report.updated, 1, "{report:?}");
            black_box(engine);
        }
        refresh.report(&format!("refresh.{}", label(n)));

        // Warm open: nothing changed.
        let mut warm = Samples::default();
        for _ in 0..if full { 10 } else { 1 } {
            let (engine, report) = warm.time(|| Engine::open(&roots, &cache.dir).expect("open"));
            assert_eq!(report.added + report.updated + report.removed, 0);
            black_box(engine);
        }
        warm.report(&format!("warm_open.{}", label(n)));
        eprintln!(
            "warm open at {}: p50 {:.2} ms",
            label(n),
            ms(warm.percentile(50.0))
        );

        let mut g = c.benchmark_group("index");
        g.bench_function(format!("warm open/{}", label(n)), |b| {
            b.iter(|| black_box(Engine::open(&roots, &cache.dir).expect("open")))
        });
        g.finish();
    }
}

fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

criterion_group! {
    name = index;
    config = common::criterion();
    targets = benches
}
criterion_main!(index);
