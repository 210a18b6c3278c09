//! Shared by every bench: synthetic bases (generated once per process, or reused from
//! `$APUNTE_BENCH_BASES/kb-N` when `benches/run.sh` made them), engines on a cache dir,
//! per-call timing with percentiles, and one line per figure for `run.sh` to collect.
//!
//! Environment:
//! * `APUNTE_BENCH_SIZES`: comma-separated base sizes (default `1000,10000,100000`);
//! * `APUNTE_BENCH_BASES`: folder holding `kb-N` bases made by `apunte bench gen`;
//! * `APUNTE_BENCH_CACHE`: folder for warm indexes shared between bench processes;
//! * `APUNTE_BENCH_OUT`: file the figures are appended to (`key<TAB>value<TAB>unit`).
//!
//! Run without `--bench` (e.g. `cargo test --benches`) every bench does one tiny pass.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use apunte::knowledge::{Root, RootSource};
use apunte::search::Engine;

/// The seed of every base (the `apunte bench gen` default).
pub const SEED: u64 = 42;

/// True under `cargo bench`; false under `cargo test --benches` (smoke run).
pub fn full_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
}

/// The base sizes to measure.
pub fn sizes() -> Vec<usize> {
    if !full_run() {
        return vec![200];
    }
    std::env::var("APUNTE_BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect::<Vec<usize>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// `1000` → `1k`, `100000` → `100k`.
pub fn label(n: usize) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

/// A synthetic base on disk.
pub struct Base {
    pub n: usize,
    pub dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Base {
    /// The base of `n` articles: `$APUNTE_BENCH_BASES/kb-N` when it holds that base, else
    /// generated into a temporary folder (removed at exit).
    pub fn get(n: usize) -> Base {
        if let Some(dir) = std::env::var_os("APUNTE_BENCH_BASES").map(PathBuf::from) {
            let dir = dir.join(format!("kb-{n}"));
            let want = format!("name = \"Synthetic base ({n} articles, seed {SEED})\"\n");
            if std::fs::read_to_string(dir.join("apunte.toml")).is_ok_and(|t| t == want) {
                return Base { n, dir, _tmp: None };
            }
        }
        let tmp = tempfile::tempdir().expect("temporary folder for the base");
        let dir = tmp.path().join(format!("kb-{n}"));
        let t = Instant::now();
        apunte::synth::generate(&dir, n, SEED).expect("generate the synthetic base");
        eprintln!(
            "generated {n} articles in {:.2} s",
            t.elapsed().as_secs_f64()
        );
        Base {
            n,
            dir,
            _tmp: Some(tmp),
        }
    }

    pub fn roots(&self) -> Vec<Root> {
        vec![Root::open(RootSource::Dir(self.dir.clone()), &self.dir).expect("open the root")]
    }
}

/// A cache folder: `$APUNTE_BENCH_CACHE/<name>` (kept) or a temporary one.
pub struct Cache {
    pub dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Cache {
    pub fn shared(name: &str) -> Cache {
        match std::env::var_os("APUNTE_BENCH_CACHE") {
            Some(root) => {
                let dir = PathBuf::from(root).join(name);
                std::fs::create_dir_all(&dir).expect("create the cache folder");
                Cache { dir, _tmp: None }
            }
            None => Cache::fresh(),
        }
    }

    pub fn fresh() -> Cache {
        let tmp = tempfile::tempdir().expect("temporary cache folder");
        Cache {
            dir: tmp.path().to_path_buf(),
            _tmp: Some(tmp),
        }
    }
}

/// The engine over a base, on disk in a (shared) cache: built on first use, warm after.
pub fn engine(base: &Base) -> (Engine, Cache) {
    let cache = Cache::shared(&format!("cache-{}", base.n));
    let t = Instant::now();
    let (engine, report) = Engine::open(&base.roots(), &cache.dir).expect("open the index");
    eprintln!(
        "index over {} articles: {} in {:.2} s",
        engine.len(),
        if report.rebuilt { "built" } else { "opened" },
        t.elapsed().as_secs_f64()
    );
    assert_eq!(engine.len(), base.n, "every synthetic article is indexed");
    (engine, cache)
}

/// Nanoseconds this thread has spent waiting for a CPU (run queue), from
/// `/proc/thread-self/schedstat`; None where the kernel does not say.
pub fn runqueue_wait_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().nth(1)?.parse().ok()
}

/// Timings of single calls: wall time, and wall time minus the time spent waiting for a
/// CPU (what the call costs on an idle machine; the benches share 2 cores with compilers).
#[derive(Debug, Default, Clone)]
pub struct Samples(pub Vec<Duration>, pub Vec<Duration>);

impl Samples {
    /// Times one call and keeps its result alive until timed.
    pub fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let w0 = runqueue_wait_ns();
        let t = Instant::now();
        let out = f();
        let wall = t.elapsed();
        self.push_with_wait(wall, w0, runqueue_wait_ns());
        out
    }

    /// Records a wall time and the run-queue wait counters read around it.
    pub fn push_with_wait(&mut self, wall: Duration, before: Option<u64>, after: Option<u64>) {
        self.0.push(wall);
        let wait = match (before, after) {
            (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
            _ => Duration::ZERO,
        };
        self.1.push(wall.saturating_sub(wait));
    }

    /// The `p`-th percentile of wall time minus run-queue wait.
    pub fn percentile_running(&self, p: f64) -> Duration {
        Samples(self.1.clone(), Vec::new()).percentile(p)
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut v = self.0.clone();
        v.sort_unstable();
        v
    }

    /// The `p`-th percentile (nearest rank), 0 when empty.
    pub fn percentile(&self, p: f64) -> Duration {
        let v = self.sorted();
        if v.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[rank.clamp(1, v.len()) - 1]
    }

    pub fn mean(&self) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        self.0.iter().sum::<Duration>() / self.0.len() as u32
    }

    pub fn max(&self) -> Duration {
        self.0.iter().max().copied().unwrap_or_default()
    }

    /// Reports mean, p50, p99 and max as `<key>.mean` … in milliseconds.
    pub fn report(&self, key: &str) {
        eprintln!(
            "{key}: {} calls, mean {:.3} ms, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            self.0.len(),
            ms(self.mean()),
            ms(self.percentile(50.0)),
            ms(self.percentile(99.0)),
            ms(self.max())
        );
        figure(&format!("{key}.mean"), ms(self.mean()), "ms");
        figure(&format!("{key}.p50"), ms(self.percentile(50.0)), "ms");
        figure(&format!("{key}.p99"), ms(self.percentile(99.0)), "ms");
        figure(&format!("{key}.max"), ms(self.max()), "ms");
        figure(&format!("{key}.calls"), self.0.len() as f64, "calls");
        if self.1.len() == self.0.len() && !self.1.is_empty() {
            let (p50, p99) = (self.percentile_running(50.0), self.percentile_running(99.0));
            eprintln!(
                "{key}: without run-queue waits p50 {:.3} ms, p99 {:.3} ms",
                ms(p50),
                ms(p99)
            );
            figure(&format!("{key}.p50_running"), ms(p50), "ms");
            figure(&format!("{key}.p99_running"), ms(p99), "ms");
        }
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// One measured figure: printed, and appended to `$APUNTE_BENCH_OUT` for `run.sh`.
pub fn figure(key: &str, value: f64, unit: &str) {
    println!("FIGURE {key} {value:.4} {unit}");
    if !full_run() {
        return;
    }
    if let Some(out) = std::env::var_os("APUNTE_BENCH_OUT") {
        let line = format!("{key}\t{value:.4}\t{unit}\n");
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(Path::new(&out))
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            eprintln!("cannot append to {}: {e}", Path::new(&out).display());
        }
    }
}

/// Criterion with small samples: the whole suite must run in minutes on 2 shared cores.
pub fn criterion() -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}
