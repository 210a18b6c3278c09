//! Suggestions for a 10-turn conversation: `Suggester::suggest` after every turn, as the
//! workspace's suggestion worker runs it, timed one by one for p50/p99, at each base size.
mod common;

use std::collections::HashSet;
use std::hint::black_box;

use apunte::assist::{Settings, Suggester};
use apunte::conversation::{Speaker, Turn};
use apunte::search::Engine;
use common::{Base, Samples, label};
use criterion::{Criterion, criterion_group, criterion_main};

/// A billing call in Spanish (customer first), then an English one: 10 turns each.
const CALLS: &[&[(Speaker, &str)]] = &[
    &[
        (
            Speaker::Customer,
            "Hola, buenos días, llamo porque me han cobrado dos veces la factura de este mes",
        ),
        (
            Speaker::Agent,
            "Buenos días, lo siento mucho. ¿Me confirma su DNI para revisar la cuenta?",
        ),
        (Speaker::Customer, "Sí, es el 12345678Z, a nombre de Marta"),
        (
            Speaker::Agent,
            "Gracias Marta. Veo dos cargos de 45 euros en la tarjeta, el día 3 y el día 5",
        ),
        (
            Speaker::Customer,
            "Eso es, y el banco me ha cobrado comisión por el descubierto, estoy bastante enfadada",
        ),
        (
            Speaker::Agent,
            "Entiendo su enfado. Solicito ahora mismo la devolución del cargo duplicado",
        ),
        (
            Speaker::Customer,
            "¿Y cuánto tarda la devolución? Porque además quiero cambiar la domiciliación a otro banco",
        ),
        (
            Speaker::Agent,
            "La devolución llega en 5 a 7 días hábiles; el cambio de domiciliación lo hacemos ahora",
        ),
        (
            Speaker::Customer,
            "Vale, y si vuelve a pasar me doy de baja, que la permanencia ya se me acaba",
        ),
        (
            Speaker::Agent,
            "Le aplico además un abono de compensación por las molestias y le dejo el número de gestión",
        ),
    ],
    &[
        (
            Speaker::Customer,
            "Hi, my fibre has been down since yesterday and the router lights are red",
        ),
        (
            Speaker::Agent,
            "I'm sorry about that. Can you tell me which lights are on?",
        ),
        (
            Speaker::Customer,
            "The power light is on, the internet light is red and blinking",
        ),
        (Speaker::Agent, "Let's restart the router together, please"),
        (
            Speaker::Customer,
            "Done, still red. I work from home and I need the connection today",
        ),
        (
            Speaker::Agent,
            "I see a fault in your area; I'll book an engineer appointment",
        ),
        (
            Speaker::Customer,
            "Can I get a refund or some credit for the days without service?",
        ),
        (
            Speaker::Agent,
            "Yes, a goodwill credit applies once the fault is fixed",
        ),
        (
            Speaker::Customer,
            "Also my mobile data runs out fast, is there a data add-on with roaming?",
        ),
        (
            Speaker::Agent,
            "There is a data add-on for EU roaming; I'll send you the details by email",
        ),
    ],
];

fn turns(call: &[(Speaker, &str)]) -> Vec<Turn> {
    call.iter()
        .enumerate()
        .map(|(i, (speaker, text))| Turn {
            speaker: *speaker,
            text: (*text).to_string(),
            ts: format!("2026-11-23T10:{:02}:00+00:00", 10 + i),
            final_: true,
        })
        .collect()
}

/// Suggests after every turn of every call; returns the number of suggestions seen.
fn conversation(s: &Suggester, engine: &Engine, samples: Option<&mut Samples>) -> usize {
    let dismissed = HashSet::new();
    let mut seen = 0;
    let mut samples = samples;
    for call in CALLS {
        let all = turns(call);
        for n in 1..=all.len() {
            let out = match samples.as_deref_mut() {
                Some(t) => t.time(|| s.suggest(engine, &all[..n], &dismissed)),
                None => s.suggest(engine, &all[..n], &dismissed),
            };
            seen += out.items.len();
        }
    }
    seen
}

fn benches(c: &mut Criterion) {
    for n in common::sizes() {
        let base = Base::get(n);
        let (engine, _cache) = common::engine(&base);
        // A fresh suggester (cold keyword cache) for the first conversation, as at the
        // start of a call, then the same one warm.
        let mut cold = Samples::default();
        let s = Suggester::new(Settings::default());
        black_box(conversation(&s, &engine, Some(&mut cold)));
        cold.report(&format!("suggest_cold.{}", label(n)));
        let mut warm = Samples::default();
        let reps = match (common::full_run(), n) {
            (false, _) => 1,
            (true, ..=10_000) => 5,
            (true, _) => 2,
        };
        for _ in 0..reps {
            black_box(conversation(&s, &engine, Some(&mut warm)));
        }
        warm.report(&format!("suggest.{}", label(n)));
        let mut g = c.benchmark_group("suggest");
        g.bench_function(
            format!("2 calls x 10 turns, after each turn/{}", label(n)),
            |b| b.iter(|| black_box(conversation(&s, &engine, None))),
        );
        g.finish();
    }
}

criterion_group! {
    name = suggest;
    config = common::criterion();
    targets = benches
}
criterion_main!(suggest);
