//! Redaction per turn, as the journal writer runs it (each turn with the same speaker's
//! previous turn as context), over a long call: 2,000 turns mixing plain talk, numerals,
//! dictated numbers, emails and IBANs; and the worst turns (60 KB of digits, of number
//! words, of separators) to show the cost stays linear.
use std::hint::black_box;

use apunte::redact::Redactor;
use criterion::{Criterion, criterion_group, criterion_main};

const LINES: &[&str] = &[
    "Hola, buenos días, llamo porque me han cobrado dos veces la factura de este mes",
    "¿Me confirma su DNI para revisar la cuenta?",
    "Sí, es el 12345678Z, a nombre de Marta",
    "la tarjeta es cuatro uno uno uno, uno uno uno uno",
    "uno uno uno uno, uno uno uno uno y caduca el 12/28",
    "Veo dos cargos de 45 euros en la tarjeta, el día 3 y el día 5",
    "mi correo es marta punto gil arroba ondina punto es",
    "el IBAN es ES91 2100 0418 4502 0005 1332",
    "el pedido 12345673 de ayer no ha llegado",
    "my phone is 415-555-2671, call me after 5",
    "La devolución llega en 5 a 7 días hábiles; el cambio de domiciliación lo hacemos ahora",
    "Vale, y si vuelve a pasar me doy de baja, que la permanencia ya se me acaba",
];

fn call() -> Vec<&'static str> {
    (0..2000)
        .map(|i| LINES[(i * 7 + i / 3) % LINES.len()])
        .collect()
}

fn per_turn(c: &mut Criterion) {
    let r = Redactor::default();
    let turns = call();
    c.bench_function("redact/turn_with_context (2000-turn call, per turn)", |b| {
        let mut i = 0;
        b.iter(|| {
            // Two speakers alternate: the context is two turns back.
            let prev = if i >= 2 { turns[i - 2] } else { "" };
            let out = r.redact_after(black_box(prev), black_box(turns[i]));
            i = (i + 1) % turns.len();
            black_box(out)
        })
    });
    c.bench_function("redact/turn_with_small_numbers", |b| {
        b.iter(|| black_box(r.redact(black_box(LINES[10]))))
    });
    for (name, unit) in [
        ("digits", "1234 "),
        ("number_words", "cuatro uno "),
        ("separators", "1-2/3.4 y "),
        ("at_signs", "a@b @ c arroba d punto "),
    ] {
        let worst = unit.repeat(60_000 / unit.len());
        c.bench_function(&format!("redact/60kb_{name}"), |b| {
            b.iter(|| black_box(r.redact(black_box(&worst))))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = per_turn
}
criterion_main!(benches);
