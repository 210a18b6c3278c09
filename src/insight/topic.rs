//! What a query is about, for grouping queries: its content words accent-folded and
//! stemmed in the query's language, without function words or search operators, as a
//! sorted set. Two topics are near-duplicates when their stem sets overlap enough
//! (Jaccard ≥ [`NEAR`]) or differ by one typo.
use crate::knowledge::lang;
use crate::search::analysis::{Analyzers, is_stop_word};
use crate::text::{Lang, edit_distance};

/// Jaccard overlap from which two queries are the same topic.
pub const NEAR: f64 = 0.5;

/// The stems of a query (sorted, distinct). Operators (`tag:x`, `-word`) are left out.
pub fn stems(an: &mut Analyzers, query: &str, fallback: Lang) -> Vec<String> {
    let lang = lang::detect(query).unwrap_or(fallback);
    let plain: String = query
        .split_whitespace()
        .filter(|w| !w.contains(':') && !w.starts_with('-'))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out: Vec<String> = an
        .words(&plain)
        .into_iter()
        .filter(|w| !is_stop_word(&w.folded))
        .map(|w| an.stem(lang, &w.folded))
        .filter(|s| !s.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// True when a query uses filters (`tag:`, `cat:`, `lang:`, `status:`): its lack of
/// results says more about the filter than about the knowledge.
pub fn filtered(query: &str) -> bool {
    query.split_whitespace().any(|w| {
        w.split_once(':')
            .is_some_and(|(k, v)| !k.is_empty() && !v.is_empty())
    })
}

/// Whether two stem sets name the same topic.
pub fn near(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return a == b;
    }
    let matches = |x: &String, ys: &[String]| ys.iter().any(|y| same_word(x, y));
    let inter = a.iter().filter(|x| matches(x, b)).count();
    let union = a.len() + b.len() - inter;
    inter as f64 / union as f64 >= NEAR
}

/// Two stems of one word: equal, one a prefix of the other (from 4 letters: a short
/// query's language is a guess, and `abono` in English stems to `abono`, in Spanish to
/// `abon`), or one typo apart (from 5 letters).
pub fn same_word(x: &str, y: &str) -> bool {
    let prefix = |a: &str, b: &str| a.len() >= 4 && b.starts_with(a);
    x == y
        || prefix(x, y)
        || prefix(y, x)
        || (x.len() >= 5 && y.len() >= 5 && edit_distance(x, y, 1) <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_accents_and_typos_meet() {
        let mut an = Analyzers::new();
        let a = stems(&mut an, "Devolución de tarjetas", Lang::Es);
        let b = stems(&mut an, "devolucion tarjeta", Lang::Es);
        assert_eq!(a, b);
        let c = stems(&mut an, "devolucoin tarjeta", Lang::Es);
        assert!(near(&a, &c), "{a:?} {c:?}");
        let d = stems(&mut an, "cambiar contraseña", Lang::Es);
        assert!(!near(&a, &d));
        assert!(filtered("tarjeta tag:fraude"));
        assert!(!filtered("tarjeta: robada"));
    }
}
