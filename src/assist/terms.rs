//! From the conversation to weighted search terms: which words the customer said, how
//! recently, and in which turn.
use std::collections::HashMap;

use crate::conversation::{Speaker, Turn};

use super::stopwords::{informative, is_stop_word};
use super::text::{clauses, words};

/// How words are weighed.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Weight of a customer turn's words.
    pub customer: f32,
    /// Weight of an agent turn's words (the agent often restates the problem).
    pub agent: f32,
    /// Each newer customer turn multiplies an older turn's weight by this.
    pub decay: f32,
    /// Everything before the newest customer turn that says something is multiplied by
    /// this too, so a new topic leads at once.
    pub older: f32,
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
            older: 1.0,
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
    /// Index into the turns of its strongest customer occurrence (of its strongest
    /// occurrence when only the agent said it).
    pub turn: usize,
    /// Said by the customer at least once (not only by the agent).
    pub customer: bool,
    /// Position of the word in that turn (words counted from 0), to quote words in the
    /// order they were said.
    pub pos: usize,
    /// The clause of that turn it was said in ([`super::text::clauses`]).
    pub clause: usize,
    /// For a word the customer did not say but one of its related words
    /// ([`super::related`]): the said word it stands for.
    pub stands_for: Option<String>,
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

/// The turn's weight by speaker and age (in customer turns that say something after it);
/// 0 for notes.
fn turn_weights(turns: &[Turn], w: &Weights) -> Vec<f32> {
    let mut newer_customer = 0i32;
    let mut out = vec![0.0; turns.len()];
    for (i, t) in turns.iter().enumerate().rev() {
        let base = match t.speaker {
            Speaker::Customer => w.customer,
            Speaker::Agent => w.agent,
            Speaker::Note => 0.0,
        };
        let older = if newer_customer > 0 { w.older } else { 1.0 };
        out[i] = base * older * w.decay.powi(newer_customer);
        // Only turns that say something age the older ones ("sí", "vale", "gracias" do not).
        if t.speaker == Speaker::Customer && informative(&words(&t.text)).contains(&true) {
            newer_customer += 1;
        }
    }
    out
}

/// The weighted terms of a conversation: informative words (no stop words, filler or
/// small talk), newer customer turns heavier, at most `max_terms`, heaviest first.
pub fn build(turns: &[Turn], w: &Weights) -> Vec<Term> {
    let tw = turn_weights(turns, w);
    #[derive(Default)]
    struct Acc {
        best: f32,
        sum: f32,
        surface: String,
        turn: usize,
        pos: usize,
        clause: usize,
        /// Weight of the strongest customer occurrence (0: only the agent said it).
        customer: f32,
    }
    let mut acc: HashMap<String, Acc> = HashMap::new();
    let mut add =
        |word: String, surface: &str, weight: f32, turn: usize, pos: usize, clause: usize| {
            let e = acc.entry(word).or_default();
            e.sum += weight;
            e.best = e.best.max(weight);
            // Surface and turn come from the strongest customer occurrence, else the
            // strongest one.
            let by_customer = turns[turn].speaker == Speaker::Customer;
            let better = if by_customer {
                weight > e.customer
            } else {
                e.customer == 0.0 && weight >= e.best
            };
            if better || e.surface.is_empty() {
                e.surface = surface.to_lowercase();
                e.turn = turn;
                e.pos = pos;
                e.clause = clause;
            }
            if by_customer {
                e.customer = e.customer.max(weight);
            }
        };
    for (ti, turn) in turns.iter().enumerate() {
        let base = tw[ti];
        if base <= 0.0 {
            continue;
        }
        let ws = words(&turn.text);
        let keep = informative(&ws);
        let clause = clauses(&turn.text, &ws);
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
            add(folded.to_string(), &surface, weight, ti, i, clause[i]);
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
                    pi,
                    clause[pi],
                );
            }
            prev = Some((i, weight));
        }
    }
    let mut terms: Vec<Term> = acc
        .into_iter()
        .map(|(word, a)| Term {
            word,
            surface: a.surface,
            weight: a.best + w.repeat * (a.sum - a.best),
            turn: a.turn,
            customer: a.customer > 0.0,
            pos: a.pos,
            clause: a.clause,
            stands_for: None,
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

/// The customer's single words each joined by their related words ([`super::related`])
/// at `share` of its weight, at most `max` added, stronger words first; a related word
/// already said (or added for a stronger word) is not added again.
pub fn with_related(mut terms: Vec<Term>, share: f32, max: usize) -> Vec<Term> {
    let mut added: Vec<Term> = Vec::new();
    for t in terms.iter().filter(|t| t.customer && !t.word.contains(' ')) {
        for r in super::related::related(&t.word) {
            if added.len() >= max {
                break;
            }
            if terms.iter().chain(&added).any(|o| o.word == r) {
                continue;
            }
            added.push(Term {
                word: r.to_string(),
                surface: format!("{} ≈ {r}", t.surface),
                weight: t.weight * share,
                turn: t.turn,
                customer: true,
                pos: t.pos,
                clause: t.clause,
                stands_for: Some(t.word.clone()),
            });
        }
    }
    terms.extend(added);
    terms
}

#[cfg(test)]
mod related_tests {
    use super::*;
    use crate::conversation::{Speaker, Turn};

    #[test]
    fn related_words_join_at_a_share_of_the_said_weight_once_each() {
        let turns = vec![Turn {
            speaker: Speaker::Customer,
            text: "the glass came cracked and damaged".into(),
            ts: String::new(),
            final_: true,
        }];
        let said = build(&turns, &Weights::default());
        let all = with_related(said.clone(), 0.5, 16);
        let cracked = said.iter().find(|t| t.word == "cracked").unwrap();
        // "damaged" was said: it is not added again for "cracked".
        assert_eq!(all.iter().filter(|t| t.word == "damaged").count(), 1);
        let broken = all.iter().find(|t| t.word == "broken").expect("related");
        assert_eq!(broken.stands_for.as_deref(), Some("cracked"));
        assert!((broken.weight - cracked.weight * 0.5).abs() < 1e-6);
        assert_eq!(broken.surface, "cracked ≈ broken");
        assert!(with_related(said.clone(), 0.5, 2).len() <= said.len() + 2);
    }
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
    fn reasons_point_at_customer_turns() {
        let mut turns = vec![turn(Speaker::Customer, "el router parpadea")];
        for _ in 0..8 {
            turns.push(turn(Speaker::Customer, "ajá"));
        }
        turns.push(turn(Speaker::Agent, "reviso el router"));
        let t = build(&turns, &Weights::default());
        let router = t.iter().find(|t| t.word == "router").expect("router");
        assert_eq!((router.turn, router.customer), (0, true));
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
