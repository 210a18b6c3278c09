//! FAQ mining over BANKING77's 3,080 test questions (read from `../shared/corpora`; the
//! bench is skipped without them): TF-IDF of character n-grams, all-pairs cosine and the
//! average-linkage grouping, end to end.
use std::hint::black_box;
use std::path::Path;

use apunte::insight::faq::{self, Options};
use criterion::{Criterion, criterion_group, criterion_main};

/// The first field of each record (quoted fields may hold commas and newlines).
fn questions(text: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted, mut first) = (Vec::new(), String::new(), false, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) if first => {
                out.push(std::mem::take(&mut field));
                first = false;
            }
            ('\n', false) => {
                field.clear();
                first = true;
            }
            (c, _) if first => field.push(c),
            _ => {}
        }
    }
    out.into_iter().skip(1).collect()
}

fn mine(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/banking77/test.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let qs = questions(&text);
    let refs: Vec<&str> = qs.iter().map(String::as_str).collect();
    let mut group = c.benchmark_group("faq");
    group.sample_size(10);
    group.bench_function("mine/banking77 (3,080 questions)", |b| {
        b.iter(|| faq::mine(black_box(&refs), &Options::default()))
    });
    group.finish();
}

criterion_group!(benches, mine);
criterion_main!(benches);
