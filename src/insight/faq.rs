//! FAQ mining: questions that mean the same, grouped without knowing how many groups
//! there are, and without any network service.
//!
//! 1. Each question becomes a vector of its character 3–5-grams inside its content words
//!    (accents folded, lowercase, function words left out), weighted by sublinear TF × smooth IDF and normalised: typos and
//!    word forms (`tarjeta`/`tarjetas`, `card`/`cards`) still share most n-grams.
//! 2. Cosine similarity of every pair, from an inverted index of the n-grams.
//! 3. Agglomerative grouping by average linkage (the nearest-neighbour chain, O(n²)), stopped
//!    when the closest two groups are less similar than the stopping similarity: the number
//!    of groups comes from the data. So does the stopping similarity unless
//!    [`Options::threshold`] fixes it: a share ([`ADAPTIVE_SHARE`]) of the median
//!    similarity of a question to its nearest neighbour. Short questions asked a few times
//!    each are less alike than thousands of questions on a few topics, and one fixed level
//!    would split the first or merge the second.
//! 4. Groups ranked by size × cohesion (the mean similarity of their pairs), named by the
//!    words that tell them apart from the rest (word TF-IDF), with their most central
//!    questions as representatives.
//!
//! Identical questions (after folding) are counted once with their weight, so a question
//! asked a hundred times costs one row. Pure: no I/O; the command joins articles.
use std::collections::HashMap;

use crate::text::{fold, is_base_stop_word};

/// How to group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Two groups merge while their average similarity is at least this (0–1); `None`:
    /// taken from the questions themselves (see the module's documentation).
    pub threshold: Option<f32>,
    /// The smallest group worth listing (questions, repeats included).
    pub min_size: usize,
    /// Representative questions per group.
    pub representatives: usize,
    /// Naming words per group.
    pub name_words: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: None,
            min_size: 3,
            representatives: 3,
            name_words: 3,
        }
    }
}

/// The stopping similarity, as a share of the median nearest-neighbour similarity.
/// Measured on BANKING77's test questions (median 0.75, best level about 0.45) and on the
/// Spanish fixture (median 0.49, best level about 0.30): both near 0.6.
pub const ADAPTIVE_SHARE: f32 = 0.6;

/// The adaptive stopping similarity never goes past these bounds.
const ADAPTIVE_RANGE: (f32, f32) = (0.25, 0.6);

/// The stopping similarity for a similarity matrix of `n` rows (see [`ADAPTIVE_SHARE`]).
fn adaptive_threshold(sim: &[f32], n: usize) -> f32 {
    if n < 2 {
        return ADAPTIVE_RANGE.1;
    }
    let mut nearest: Vec<f32> = (0..n)
        .map(|i| {
            sim[i * n..(i + 1) * n]
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| *s)
                .fold(0.0, f32::max)
        })
        .collect();
    nearest.sort_by(|a, b| a.total_cmp(b));
    (ADAPTIVE_SHARE * nearest[n / 2]).clamp(ADAPTIVE_RANGE.0, ADAPTIVE_RANGE.1)
}

/// The most distinct questions grouped at once: the similarity matrix is n² floats
/// (6,000 questions: 144 MB). Past it, the newest questions are kept.
pub const MAX_QUESTIONS: usize = 6_000;

/// One group of questions that mean the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Indexes into the input questions, most central first (repeats next to each other).
    pub members: Vec<usize>,
    /// How many questions (repeats included).
    pub size: usize,
    /// Mean cosine similarity of its pairs of questions (1 for identical questions).
    pub cohesion: f32,
    /// size × cohesion: the rank key.
    pub score: f32,
    /// The words that tell it apart, most telling first (folded).
    pub name: Vec<String>,
    /// Indexes of its representative questions (the most central ones).
    pub representatives: Vec<usize>,
}

/// Sparse unit vector: sorted (feature, weight).
type Vector = Vec<(u32, f32)>;

/// The words of a folded question: runs of letters and digits.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Character 3–5-grams of every content word (function words left out, unless the
/// question has nothing else), the word padded with a space each side.
fn ngrams(folded: &str, mut f: impl FnMut(&[char])) {
    let mut buf: Vec<char> = Vec::new();
    let content: Vec<&str> = words(folded).filter(|w| !is_base_stop_word(w)).collect();
    let all: Vec<&str> = if content.is_empty() {
        words(folded).collect()
    } else {
        content
    };
    for w in all {
        buf.clear();
        buf.push(' ');
        buf.extend(w.chars());
        buf.push(' ');
        for n in 3..=5 {
            if buf.len() < n {
                break;
            }
            for win in buf.windows(n) {
                f(win);
            }
        }
    }
}

fn hash_chars(cs: &[char]) -> u64 {
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in cs {
        for b in (*c as u32).to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// TF-IDF vectors of folded questions (unit length; empty for a question with no word).
fn vectors(folded: &[String]) -> Vec<Vector> {
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut counts: Vec<Vec<(u32, f32)>> = Vec::with_capacity(folded.len());
    let mut df: Vec<u32> = Vec::new();
    for q in folded {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        ngrams(q, |g| {
            let next = ids.len() as u32;
            let id = *ids.entry(hash_chars(g)).or_insert(next);
            *tf.entry(id).or_insert(0.0) += 1.0;
        });
        df.resize(ids.len(), 0);
        let mut v: Vec<(u32, f32)> = tf.into_iter().collect();
        for (id, _) in &v {
            df[*id as usize] += 1;
        }
        v.sort_unstable_by_key(|(id, _)| *id);
        counts.push(v);
    }
    let n = folded.len() as f32;
    counts
        .into_iter()
        .map(|mut v| {
            for (id, w) in v.iter_mut() {
                let idf = ((1.0 + n) / (1.0 + df[*id as usize] as f32)).ln() + 1.0;
                *w = (1.0 + w.ln()) * idf;
            }
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in v.iter_mut() {
                    *w /= norm;
                }
            }
            v
        })
        .collect()
}

/// The full similarity matrix (row-major n×n), from an inverted index.
fn similarities(vs: &[Vector]) -> Vec<f32> {
    let n = vs.len();
    let features = vs
        .iter()
        .flat_map(|v| v.iter().map(|(id, _)| *id as usize + 1))
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); features];
    for (i, v) in vs.iter().enumerate() {
        for (id, w) in v {
            postings[*id as usize].push((i as u32, *w));
        }
    }
    let mut sim = vec![0.0f32; n * n];
    for (i, v) in vs.iter().enumerate() {
        let row = &mut sim[i * n..(i + 1) * n];
        for (id, w) in v {
            for (j, wj) in &postings[*id as usize] {
                row[*j as usize] += w * wj;
            }
        }
    }
    sim
}

/// Average-linkage grouping with a stopping similarity, by the nearest-neighbour chain.
/// `weight[i]` is how many questions row i stands for. Returns the groups as lists of
/// rows. `sim` is used as the work matrix (overwritten).
fn agglomerate(sim: &mut [f32], weight: &[usize], threshold: f32) -> Vec<Vec<usize>> {
    let n = weight.len();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut size: Vec<f32> = weight.iter().map(|w| *w as f32).collect();
    // Open: may still merge. Closed groups are final (nothing reaches the threshold with
    // them, and average linkage never raises a similarity by merging).
    let mut open: Vec<bool> = vec![true; n];
    let mut open_list: Vec<usize> = (0..n).collect();
    let mut chain: Vec<usize> = Vec::new();
    let mut next_start = 0;
    loop {
        if chain.is_empty() {
            while next_start < n && !open[next_start] {
                next_start += 1;
            }
            if next_start >= n {
                break;
            }
            chain.push(next_start);
        }
        let a = *chain.last().unwrap_or(&0);
        let prev = chain.len().checked_sub(2).map(|k| chain[k]);
        let row = &sim[a * n..(a + 1) * n];
        let mut best: Option<(usize, f32)> = None;
        open_list.retain(|&c| open[c]);
        for &c in &open_list {
            if c == a {
                continue;
            }
            let s = row[c];
            let better = match best {
                None => true,
                Some((b, bs)) => s > bs || (s == bs && Some(c) == prev && Some(b) != prev),
            };
            if better {
                best = Some((c, s));
            }
        }
        match best {
            Some((b, s)) if s >= threshold => {
                if Some(b) == prev {
                    chain.pop();
                    chain.pop();
                    // Merge b into a (Lance–Williams for average linkage).
                    let (sa, sb) = (size[a], size[b]);
                    for &c in &open_list {
                        if c == a || c == b {
                            continue;
                        }
                        let v = (sa * sim[a * n + c] + sb * sim[b * n + c]) / (sa + sb);
                        sim[a * n + c] = v;
                        sim[c * n + a] = v;
                    }
                    size[a] = sa + sb;
                    open[b] = false;
                    let moved = std::mem::take(&mut members[b]);
                    members[a].extend(moved);
                } else {
                    chain.push(b);
                }
            }
            _ => {
                // Nothing close enough: a final group.
                open[a] = false;
                chain.pop();
            }
        }
    }
    members.into_iter().filter(|m| !m.is_empty()).collect()
}

/// Groups questions that mean the same. Returns the groups of at least
/// [`Options::min_size`] questions, best first (size × cohesion).
pub fn mine(questions: &[&str], opts: &Options) -> Vec<Group> {
    // Distinct folded questions, each with its weight and its first index.
    let mut rows: Vec<(String, Vec<usize>)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, q) in questions.iter().enumerate() {
        let f = words(&fold(q)).collect::<Vec<_>>().join(" ");
        if f.is_empty() {
            continue;
        }
        match seen.get(&f) {
            Some(&r) => rows[r].1.push(i),
            None => {
                seen.insert(f.clone(), rows.len());
                rows.push((f, vec![i]));
            }
        }
    }
    if rows.len() > MAX_QUESTIONS {
        let cut = rows.len() - MAX_QUESTIONS;
        rows.drain(..cut);
    }
    let folded: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let weight: Vec<usize> = rows.iter().map(|r| r.1.len()).collect();
    let vs = vectors(&folded);
    let mut sim = similarities(&vs);
    let threshold = opts
        .threshold
        .unwrap_or_else(|| adaptive_threshold(&sim, folded.len()));
    let groups = agglomerate(&mut sim, &weight, threshold);
    let names = Namer::new(&folded, &weight);
    let mut out: Vec<Group> = groups
        .into_iter()
        .filter_map(|rs| {
            let size: usize = rs.iter().map(|r| weight[*r]).sum();
            if size < opts.min_size.max(1) {
                return None;
            }
            let (cohesion, order) = cohesion(&vs, &weight, &rs);
            let representatives = order
                .iter()
                .take(opts.representatives)
                .map(|r| rows[*r].1[0])
                .collect();
            let members: Vec<usize> = order.iter().flat_map(|r| rows[*r].1.clone()).collect();
            Some(Group {
                name: names.name(&rs, opts.name_words),
                size,
                cohesion,
                score: size as f32 * cohesion,
                members,
                representatives,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.size.cmp(&a.size))
            .then(a.members.cmp(&b.members))
    });
    out
}

/// A group's cohesion (mean similarity over its pairs of questions, repeats counted) and
/// its rows, most central first (by similarity to the group's centroid).
fn cohesion(vs: &[Vector], weight: &[usize], rows: &[usize]) -> (f32, Vec<usize>) {
    // Ordered, so the sums below run in one order: the same questions give the same
    // figures on every run (a hash map's order changes from process to process).
    let mut centroid: std::collections::BTreeMap<u32, f32> = std::collections::BTreeMap::new();
    let mut total = 0.0f32;
    let mut self_sum = 0.0f32;
    for r in rows {
        let w = weight[*r] as f32;
        total += w;
        let norm2: f32 = vs[*r].iter().map(|(_, x)| x * x).sum();
        self_sum += w * norm2;
        for (id, x) in &vs[*r] {
            *centroid.entry(*id).or_insert(0.0) += w * x;
        }
    }
    let sum2: f32 = centroid.values().map(|x| x * x).sum();
    let pairs = total * (total - 1.0);
    let cohesion = if pairs > 0.0 {
        ((sum2 - self_sum) / pairs).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut order: Vec<(usize, f32)> = rows
        .iter()
        .map(|r| {
            let dot: f32 = vs[*r]
                .iter()
                .map(|(id, x)| x * centroid.get(id).copied().unwrap_or(0.0))
                .sum();
            (*r, dot)
        })
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    (cohesion, order.into_iter().map(|(r, _)| r).collect())
}

/// Names groups by word TF-IDF: words frequent in the group and rare elsewhere.
struct Namer<'a> {
    folded: &'a [String],
    weight: &'a [usize],
    df: HashMap<&'a str, f32>,
    total: f32,
}

impl<'a> Namer<'a> {
    fn new(folded: &'a [String], weight: &'a [usize]) -> Namer<'a> {
        let mut df: HashMap<&str, f32> = HashMap::new();
        for (q, w) in folded.iter().zip(weight) {
            let mut ws: Vec<&str> = words(q).filter(|w| telling(w)).collect();
            ws.sort_unstable();
            ws.dedup();
            for word in ws {
                *df.entry(word).or_insert(0.0) += *w as f32;
            }
        }
        Namer {
            folded,
            weight,
            df,
            total: weight.iter().sum::<usize>() as f32,
        }
    }

    fn name(&self, rows: &[usize], k: usize) -> Vec<String> {
        let mut tf: HashMap<&str, f32> = HashMap::new();
        for r in rows {
            let mut ws: Vec<&str> = words(&self.folded[*r]).filter(|w| telling(w)).collect();
            ws.sort_unstable();
            ws.dedup();
            for w in ws {
                *tf.entry(w).or_insert(0.0) += self.weight[*r] as f32;
            }
        }
        let mut scored: Vec<(&str, f32)> = tf
            .into_iter()
            .map(|(w, f)| {
                let df = self.df.get(w).copied().unwrap_or(1.0);
                (w, f * (self.total / df).ln())
            })
            .filter(|(_, s)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        scored
            .into_iter()
            .take(k)
            .map(|(w, _)| w.to_string())
            .collect()
    }
}

/// A word that can name a group: not a function word, not a lone letter or number.
fn telling(w: &str) -> bool {
    w.chars().count() >= 3 && !is_base_stop_word(w) && !w.chars().all(|c| c.is_ascii_digit())
}

/// Purity of groups against known labels: the share of their questions that carry their
/// group's most common label, and how many distinct majority labels they have.
pub fn purity(groups: &[Group], labels: &[&str]) -> (f64, usize) {
    let mut majority_total = 0usize;
    let mut total = 0usize;
    let mut distinct: Vec<&str> = Vec::new();
    for g in groups {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for m in &g.members {
            *counts.entry(labels[*m]).or_insert(0) += 1;
        }
        let (label, count) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(l, c)| (*l, *c))
            .unwrap_or(("", 0));
        majority_total += count;
        total += g.members.len();
        if !distinct.contains(&label) {
            distinct.push(label);
        }
    }
    let p = if total == 0 {
        0.0
    } else {
        majority_total as f64 / total as f64
    };
    (p, distinct.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same questions give the same groups and the same figures, bit for bit, on
    /// every run (the center's reports are compared with the local ones).
    #[test]
    fn mining_is_deterministic() {
        let qs: Vec<String> = (0..60)
            .map(|i| match i % 3 {
                0 => format!("me han cobrado dos veces el recibo {i}"),
                1 => format!("quiero recargar el abono de transporte {i}"),
                _ => format!("no me llega el pedido número {i}"),
            })
            .collect();
        let refs: Vec<&str> = qs.iter().map(String::as_str).collect();
        let first = mine(&refs, &Options::default());
        for _ in 0..5 {
            let again = mine(&refs, &Options::default());
            assert_eq!(again.len(), first.len());
            for (a, b) in again.iter().zip(&first) {
                assert_eq!(a.cohesion.to_bits(), b.cohesion.to_bits());
                assert_eq!(a.score.to_bits(), b.score.to_bits());
                assert_eq!(a.members, b.members);
            }
        }
    }

    #[test]
    fn identical_and_near_questions_group_apart_from_others() {
        let qs = [
            "¿Cómo bloqueo mi tarjeta?",
            "como bloqueo mi tarjeta",
            "quiero bloquear la tarjeta",
            "bloquear tarjetas robada",
            "how do I reset my password",
            "reset my password please",
            "forgot password reset",
            "el tiempo hoy",
        ];
        let groups = mine(&qs, &Options::default());
        assert_eq!(groups.len(), 2, "{groups:?}");
        let mut sets: Vec<Vec<usize>> = groups
            .iter()
            .map(|g| {
                let mut m = g.members.clone();
                m.sort();
                m
            })
            .collect();
        sets.sort();
        assert_eq!(sets, vec![vec![0, 1, 2, 3], vec![4, 5, 6]]);
        let card = groups.iter().find(|g| g.members.contains(&0)).unwrap();
        // The exact repeat (1) is one row, counted in the size and listed as a member.
        assert_eq!(card.size, 4);
        assert!(
            card.name
                .iter()
                .any(|w| w.starts_with("bloque") || w == "tarjeta")
        );
    }

    #[test]
    fn nothing_in_nothing_out() {
        assert!(mine(&[], &Options::default()).is_empty());
        assert!(mine(&["", "  ", "?!"], &Options::default()).is_empty());
    }
}
