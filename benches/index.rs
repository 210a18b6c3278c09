//! Index build and refresh: `Engine::open` on a fresh cache over the generated folder
//! (scanning and parsing included) in articles per second; then one file changed and
//! `Engine::open` again (incremental refresh); then a warm open with nothing changed.
//! Parsing alone (`knowledge::load`) is timed too, to split the build cost. Each build is
//! followed by the two stock tantivy builds of `benches/bare_tantivy.rs` (one analysis of
//! title and body; the same two analyses as apunte's), with the ratios to both.
mod common;
// The engine alone (stock tantivy over the same files), built in the same run.
#[allow(dead_code)]
#[path = "bare_tantivy.rs"]
mod bare;

use std::hint::black_box;
use std::path::Path;
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

        // Full builds on fresh caches (fewer at 100k), each followed by the two bare
        // tantivy builds of the same files (`benches/bare_tantivy.rs`: one analysis of
        // title and body, then the same analyses as apunte's, stemmed and exact), so that
        // all three see the same machine load.
        let builds = if !full || n >= 100_000 { 1 } else { 3 };
        let mut build = Samples::default();
        let mut cpu = Vec::new();
        let mut bare = BareBuilds::default();
        let mut same = BareBuilds::default();
        let mut kept = None;
        for _ in 0..builds {
            let cache = Cache::fresh();
            let c0 = process_cpu();
            let (engine, report) = build.time(|| Engine::open(&roots, &cache.dir).expect("build"));
            cpu.push(process_cpu() - c0);
            assert!(report.rebuilt);
            assert_eq!(engine.len(), n);
            drop(engine);
            kept = Some(cache);

            bare.run(n, |out| bare::build(&base.dir, out));
            same.run(n, |out| bare::build_same_analyses(&base.dir, out));
        }
        let cache = kept.expect("at least one build");
        let b = build.percentile(50.0);
        let cpu_s = median(&mut cpu);
        let (bb, bare_cpu_s) = bare.record("bare_build", n);
        let (sb, same_cpu_s) = same.record("bare_same_build", n);
        let (wall, same_wall) = (
            b.as_secs_f64() / bb.as_secs_f64(),
            b.as_secs_f64() / sb.as_secs_f64(),
        );
        let (cpu_ratio, same_cpu_ratio) = (cpu_s / bare_cpu_s, cpu_s / same_cpu_s);
        eprintln!(
            "build at {}: {:.2} s ({:.0} articles/s; parsing alone {:.2} s), CPU {cpu_s:.2} s; \
             bare tantivy {:.2} s, CPU {bare_cpu_s:.2} s: apunte / bare {wall:.2}× wall, \
             {cpu_ratio:.2}× CPU; bare tantivy with the same analyses {:.2} s, CPU \
             {same_cpu_s:.2} s: apunte / same {same_wall:.2}× wall, {same_cpu_ratio:.2}× CPU",
            label(n),
            b.as_secs_f64(),
            n as f64 / b.as_secs_f64(),
            parse.as_secs_f64(),
            bb.as_secs_f64(),
            sb.as_secs_f64(),
        );
        figure(&format!("build.{}.cpu", label(n)), cpu_s, "s");
        figure(&format!("build.{}.ratio", label(n)), wall, "x");
        figure(&format!("build.{}.cpu_ratio", label(n)), cpu_ratio, "x");
        figure(&format!("build.{}.same_ratio", label(n)), same_wall, "x");
        figure(
            &format!("build.{}.same_cpu_ratio", label(n)),
            same_cpu_ratio,
            "x",
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

/// The timings of one kind of bare tantivy build: wall (`Samples`) and CPU per build.
#[derive(Default)]
struct BareBuilds {
    wall: Samples,
    cpu: Vec<f64>,
}

impl BareBuilds {
    /// Times one build of the `n` files into a fresh folder (removed after the timing).
    fn run(&mut self, n: usize, build: impl FnOnce(&Path) -> tantivy::Result<usize>) {
        let out = Cache::fresh();
        let c0 = process_cpu();
        let files = self
            .wall
            .time(|| build(&out.dir.join("bare")).expect("bare build"));
        self.cpu.push(process_cpu() - c0);
        assert_eq!(files, n);
    }

    /// Records `<key>.<size>.seconds`, `.rate` and `.cpu` (medians); the median wall and
    /// CPU times.
    fn record(&mut self, key: &str, n: usize) -> (Duration, f64) {
        let wall = self.wall.percentile(50.0);
        let cpu = median(&mut self.cpu);
        figure(
            &format!("{key}.{}.seconds", label(n)),
            wall.as_secs_f64(),
            "s",
        );
        figure(
            &format!("{key}.{}.rate", label(n)),
            n as f64 / wall.as_secs_f64(),
            "articles/s",
        );
        figure(&format!("{key}.{}.cpu", label(n)), cpu, "s");
        (wall, cpu)
    }
}

/// CPU time (user + system) of the whole process so far, in seconds (all threads; the
/// clock ticks of `/proc/self/stat`).
fn process_cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime
    // the 13th; ticks of 1/100 s on Linux.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
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
