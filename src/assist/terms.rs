//! From the conversation to weighted search terms: which words the customer said, how
//! recently, and in which turn.
use std::collections::HashMap;

use crate::conversation::{Speaker, Turn};

use super::stopwords::{informative, is_stop_word};
use super::text::words;

/// How words are weighed.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Weight of a customer turn's words.
    pub customer: f32,
    /// Weight of an agent turn's words (the agent often restates the problem).
    pub agent: f32,
    /// Each newer customer turn multiplies an older turn's weight by this.
    pub decay: f32,
    /// Words of at most 3 letters (and short numbers) are multiplied by this.
    pub short_word: f32,
    /// The same word in other turns adds this share of its weight there.
    pub repeat: f32,
    /// Also make two-word terms from adjacent informative words, at this share of the
    /// weaker word's weight (0 turns them off).
    pub bigram: f32,
    /// At most this many terms, the heaviest.
    pub max_terms: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            customer: 1.0,
            agent: 0.35,
            decay: 0.85,
            short_word: 0.6,
            repeat: 0.25,
            bigram: 0.0,
            max_terms: 24,
        }
    }
}

/// One term for the search, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Folded word (or two words separated by a space).
    pub word: String,
    /// As it was said (lowercase, accents kept) in its strongest turn.
    pub surface: String,
    pub weight: f32,
    /// Index into the turns of its strongest occurrence.
    pub turn: usize,
    /// Said by the customer at least once (not only by the agent).
    pub customer: bool,
}

/// English `'s`, `'re`, `'ve`, `'ll`, `'d` endings off (`internet's` → `internet`).
fn strip_clitic(folded: &str) -> &str {
    for end in ["'s", "'re", "'ve", "'ll", "'d"] {
        if let Some(stem) = folded.strip_suffix(end)
            && stem.chars().count() >= 2
        {
            return stem;
        }
    }
    folded
}

/// The turn's weight by speaker and age; 0 for notes and empty turns.
fn turn_weights(turns: &[Turn], w: &Weights) -> Vec<f32> {
    let mut newer_customer = 0i32;
    let mut out = vec![0.0; turns.len()];
    for (i, t) in turns.iter().enumerate().rev() {
        let base = match t.speaker {
            Speaker::Customer => w.customer,
            Speaker::Agent => w.agent,
            Speaker::Note => 0.0,
        };
        out[i] = base * w.decay.powi(newer_customer);
        if t.speaker == Speaker::Customer && !t.text.trim().is_empty() {
            newer_customer += 1;
        }
    }
    out
}

/// The weighted terms of a conversation: informative words (no stop words, filler or
/// small talk), newer customer turns heavier, at most `max_terms`, heaviest first.
pub fn build(turns: &[Turn], w: &Weights) -> Vec<Term> {
    let tw = turn_weights(turns, w);
    // word → (best weight, sum of weights, surface, turn, said by the customer)
    let mut acc: HashMap<String, (f32, f32, String, usize, bool)> = HashMap::new();
    let mut add = |word: String, surface: &str, weight: f32, turn: usize| {
        let e = acc
            .entry(word)
            .or_insert_with(|| (0.0, 0.0, surface.to_lowercase(), turn, false));
        e.1 += weight;
        e.4 |= turns[turn].speaker == Speaker::Customer;
        if weight > e.0 {
            e.0 = weight;
            e.2 = surface.to_lowercase();
            e.3 = turn;
        }
    };
    for (ti, turn) in turns.iter().enumerate() {
        let base = tw[ti];
        if base <= 0.0 {
            continue;
        }
        let ws = words(&turn.text);
        let keep = informative(&ws);
        let mut prev: Option<(usize, f32)> = None;
        for (i, word) in ws.iter().enumerate() {
            if !keep[i] {
                prev = None;
                continue;
            }
            let folded = strip_clitic(&word.folded);
            if is_stop_word(folded) {
                prev = None;
                continue;
            }
            let short = folded.chars().count() <= 3;
            let weight = if short { base * w.short_word } else { base };
            let cut = word.folded.chars().count() - folded.chars().count();
            let keep_chars = word.raw.chars().count() - cut;
            let surface: String = word.raw.chars().take(keep_chars).collect();
            add(folded.to_string(), &surface, weight, ti);
            if w.bigram > 0.0
                && let Some((pi, pw)) = prev
                && turn.text[ws[pi].start + ws[pi].raw.len()..word.start]
                    .chars()
                    .all(char::is_whitespace)
            {
                let p = &ws[pi];
                let surface = &turn.text[p.start..word.start + word.raw.len()];
                add(
                    format!("{} {folded}", strip_clitic(&p.folded)),
                    surface,
                    pw.min(weight) * w.bigram,
                    ti,
                );
            }
            prev = Some((i, weight));
        }
    }
    let mut terms: Vec<Term> = acc
        .into_iter()
        .map(|(word, (best, sum, surface, turn, customer))| Term {
            word,
            surface,
            weight: best + w.repeat * (sum - best),
            turn,
            customer,
        })
        .collect();
    terms.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| b.turn.cmp(&a.turn))
            .then_with(|| a.word.cmp(&b.word))
    });
    terms.truncate(w.max_terms);
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn turn(speaker: Speaker, text: &str) -> Turn {
        Turn {
            speaker,
            text: text.into(),
            ts: String::new(),
            final_: true,
        }
    }

    #[test]
    fn newer_customer_turns_weigh_more_and_notes_nothing() {
        let turns = [
            turn(Speaker::Customer, "tengo un problema con la factura"),
            turn(Speaker::Agent, "entiendo, reviso el contrato"),
            turn(Speaker::Note, "router averiado"),
            turn(Speaker::Customer, "me han cobrado dos veces"),
        ];
        let t = build(&turns, &Weights::default());
        let get = |w: &str| t.iter().find(|t| t.word == w).map(|t| (t.weight, t.turn));
        assert_eq!(get("cobrado"), Some((1.0, 3)));
        let (fw, ft) = get("factura").expect("factura");
        assert!(fw < 1.0 && ft == 0);
        assert!(get("router").is_none(), "notes never count");
        assert!(get("contrato").is_some_and(|(w, _)| w < 0.4));
        assert!(!t.iter().any(|t| t.word == "contrato" && t.customer));
        assert_eq!(t[0].word, "cobrado");
    }

    #[test]
    fn small_talk_only_gives_no_terms() {
        let turns = [
            turn(Speaker::Customer, "Hola, buenos días"),
            turn(Speaker::Customer, "hi, how are you? thanks!"),
        ];
        assert!(build(&turns, &Weights::default()).is_empty());
    }

    #[test]
    fn caps_and_bigrams() {
        let w = Weights {
            bigram: 0.8,
            max_terms: 3,
            ..Weights::default()
        };
        let t = build(
            &[turn(
                Speaker::Customer,
                "me han cobrado dos veces el recibo",
            )],
            &w,
        );
        assert_eq!(t.len(), 3);
        let all = build(
            &[turn(Speaker::Customer, "me han cobrado dos veces")],
            &Weights {
                bigram: 0.8,
                ..Weights::default()
            },
        );
        assert!(
            all.iter()
                .any(|t| t.word == "dos veces" && t.surface == "dos veces")
        );
        assert!(all.iter().any(|t| t.word == "cobrado dos"));
    }
}
