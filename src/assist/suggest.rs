//! Suggested articles from the conversation so far: weighted terms from the customer's
//! turns, ranked by the search engine, each with a confidence and a reason; silent when
//! nothing is confident.
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::config::SuggestConfig;
use crate::conversation::{Speaker, Turn};
use crate::knowledge::Lang;
use crate::search::{Engine, Hit, WeightedTerm};

use super::terms::{self, Term, Weights};
use super::text::{fold, folded_words};

/// Why an article is suggested: the customer's words it matched and the turn they came
/// from. Data, so the UI can say it in its language ([`Reason::text`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The customer's words as said (at most 3, the most telling for the article: those
    /// in its title, keywords or summary), in the order they were said.
    pub words: Vec<String>,
    /// Index into the turns of where the most telling word was said.
    pub turn: usize,
    pub speaker: Speaker,
}

impl Reason {
    /// `"cobrado", "dos veces" — turno 4` / `turn 4` (turns numbered from 1).
    pub fn text(&self, lang: Lang) -> String {
        let words: Vec<String> = self.words.iter().map(|w| format!("\"{w}\"")).collect();
        let turn = match lang {
            Lang::Es => "turno",
            Lang::En => "turn",
        };
        format!("{} — {turn} {}", words.join(", "), self.turn + 1)
    }
}

/// One suggested article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub hit: Hit,
    /// 0..1: how sure the suggestion is (shown only at or above the threshold).
    pub confidence: f32,
    /// Share (0..1) of the matched words' weight that is in the article's title or
    /// keywords: what the article is about rather than words its body happens to use.
    pub focus: f32,
    pub reason: Reason,
}

/// The suggestions as of now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestions {
    /// Best first; empty when nothing is confident enough.
    pub items: Vec<Suggestion>,
    /// True when articles matched but none reached the threshold ("nothing confident
    /// yet"): the UI says so discreetly.
    pub quiet: bool,
    /// The best confidence seen, shown or not (0 without hits).
    pub best: f32,
    /// The terms that were searched (for `--json` and debugging).
    pub terms: Vec<Term>,
}

/// The suggestion engine: no state between calls but a cache of articles' keywords (the
/// caller keeps the dismissed ids and debounces). Cheap to clone (clones share the
/// cache); `suggest` may run on any thread.
#[derive(Debug, Clone)]
pub struct Suggester {
    pub config: SuggestConfig,
    pub weights: Weights,
    keywords: KeywordCache,
}

/// Articles' keywords by id, read once from the index's stored fields.
#[derive(Debug, Clone, Default)]
struct KeywordCache(Arc<Mutex<HashMap<String, Arc<Vec<String>>>>>);

impl KeywordCache {
    /// Entries kept at most; the cache starts over past this.
    const MAX: usize = 4096;

    fn get(&self, engine: &Engine, id: &str) -> Arc<Vec<String>> {
        if let Ok(map) = self.0.lock()
            && let Some(k) = map.get(id)
        {
            return Arc::clone(k);
        }
        let k = Arc::new(engine.article(id).map(|a| a.keywords).unwrap_or_default());
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::MAX {
                map.clear();
            }
            map.insert(id.to_string(), Arc::clone(&k));
        }
        k
    }

    /// Forgets everything (after the knowledge base changed).
    fn clear(&self) {
        if let Ok(mut map) = self.0.lock() {
            map.clear();
        }
    }
}

/// The confidence of an article none of whose matched words is in its title or keywords
/// is multiplied by this (1 when all are).
const FOCUS_BASE: f32 = 0.7;

/// The score of an article in the other language than the conversation's is multiplied
/// by this for ranking and confidence.
const OTHER_LANG: f32 = 0.7;

/// How many hits are asked from the engine beyond the limit, to judge margins.
const EXTRA: usize = 3;

impl Suggester {
    pub fn new(config: SuggestConfig) -> Suggester {
        Suggester {
            config,
            weights: Weights::default(),
            keywords: KeywordCache::default(),
        }
    }

    /// Call after the index was refreshed: forgets the cached article keywords.
    pub fn knowledge_changed(&self) {
        self.keywords.clear();
    }

    /// The weighted terms the conversation gives (no search).
    pub fn terms(&self, turns: &[Turn]) -> Vec<Term> {
        terms::build(turns, &self.weights)
    }

    /// Suggestions for the conversation so far (interim turns included), never offering
    /// a dismissed id.
    pub fn suggest(
        &self,
        engine: &Engine,
        turns: &[Turn],
        dismissed: &HashSet<String>,
    ) -> Suggestions {
        let terms = self.terms(turns);
        // Only the customer's words start suggestions; the agent's only help rank them.
        if !terms.iter().any(|t| t.customer) || self.config.limit == 0 {
            return Suggestions {
                terms,
                ..Suggestions::default()
            };
        }
        let query: Vec<WeightedTerm> = terms
            .iter()
            .map(|t| WeightedTerm {
                word: t.word.clone(),
                weight: t.weight,
            })
            .collect();
        let mut exclude: Vec<String> = dismissed.iter().cloned().collect();
        exclude.sort();
        let hits = engine.search_terms(&query, self.config.limit + EXTRA, &exclude);
        let hits = hits
            .into_iter()
            .filter(|h| !dismissed.contains(&h.id))
            .collect();
        let lang = conversation_lang(turns);
        self.rank_with(turns, terms, hits, lang, |h| {
            self.keywords.get(engine, &h.id)
        })
    }

    /// Confidence, reasons and the threshold over the engine's hits (best first).
    pub fn rank(&self, turns: &[Turn], terms: Vec<Term>, hits: Vec<Hit>) -> Suggestions {
        let lang = conversation_lang(turns);
        self.rank_with(turns, terms, hits, lang, |_| Arc::new(Vec::new()))
    }

    /// [`Suggester::rank`], with the articles' keywords (customer phrasings) to pick the
    /// most telling words for the reasons.
    fn rank_with(
        &self,
        turns: &[Turn],
        terms: Vec<Term>,
        hits: Vec<Hit>,
        lang: Option<Lang>,
        keywords: impl Fn(&Hit) -> Arc<Vec<String>>,
    ) -> Suggestions {
        let total: f32 = terms.iter().map(|t| t.weight).sum();
        // Articles in the other language than the customer's come after (still shown:
        // a base may have a topic in one language only).
        let mut hits: Vec<(f32, Hit)> = hits
            .into_iter()
            .map(|h| {
                let other = lang.is_some_and(|l| l != h.lang);
                (if other { h.score * OTHER_LANG } else { h.score }, h)
            })
            .collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top = hits.first().map_or(0.0, |h| h.0);
        let mut best = 0.0f32;
        let mut items = Vec::new();
        for (i, (score, hit)) in hits.iter().enumerate() {
            let matched: Vec<&Term> = terms
                .iter()
                .filter(|t| term_matches(&t.word, &hit.matched))
                .collect();
            if !matched.iter().any(|t| t.customer) {
                continue;
            }
            let next = hits.get(i + 1).map_or(0.0, |h| h.0);
            let weight: f32 = matched.iter().map(|t| t.weight).sum();
            let focus = Focus::new(hit, &keywords(hit));
            let on_topic: f32 = matched
                .iter()
                .filter(|t| t.word.split(' ').any(|w| focus.central(w)))
                .map(|t| t.weight)
                .sum();
            let share = if weight > 0.0 { on_topic / weight } else { 0.0 };
            let confidence = confidence(weight, total, *score, top, next)
                * (FOCUS_BASE + (1.0 - FOCUS_BASE) * share);
            best = best.max(confidence);
            if confidence < self.config.threshold || items.len() >= self.config.limit {
                continue;
            }
            items.push(Suggestion {
                hit: hit.clone(),
                confidence,
                focus: share,
                reason: reason(turns, &matched, &focus),
            });
        }
        Suggestions {
            quiet: items.is_empty() && !hits.is_empty(),
            items,
            best,
            terms,
        }
    }
}

/// The customer's language when it is clear (2 points and twice the other's).
fn conversation_lang(turns: &[Turn]) -> Option<Lang> {
    let mut scores = crate::knowledge::lang::Scores::default();
    for t in turns.iter().filter(|t| t.speaker == Speaker::Customer) {
        let s = crate::knowledge::lang::scores(&t.text);
        scores.es += s.es;
        scores.en += s.en;
    }
    scores.confident(2)
}

/// The words that say what an article is about: its title, keywords and summary.
struct Focus {
    title: Vec<String>,
    keywords: Vec<String>,
    summary: Vec<String>,
}

impl Focus {
    fn new(hit: &Hit, keywords: &[String]) -> Focus {
        Focus {
            title: folded_words(&hit.title.text),
            keywords: keywords.iter().flat_map(|k| folded_words(k)).collect(),
            summary: folded_words(&hit.summary),
        }
    }

    /// Whether a word is in the title or the keywords.
    fn central(&self, word: &str) -> bool {
        let has = |list: &[String]| list.iter().any(|w| same_word(word, w));
        has(&self.title) || has(&self.keywords)
    }

    /// How telling a matched word is for this article (1 = only in the body).
    fn boost(&self, word: &str) -> f32 {
        let has = |list: &[String]| list.iter().any(|w| same_word(word, w));
        1.0 + 2.0 * f32::from(u8::from(has(&self.title)))
            + 1.5 * f32::from(u8::from(has(&self.keywords)))
            + 0.5 * f32::from(u8::from(has(&self.summary)))
    }
}

/// 0..1 from four things, multiplied:
/// * evidence: how much the article matched, `1 - e^(-W/3)` for the summed weight `W` of
///   the matched terms (one fresh customer word ≈ 0.28, three ≈ 0.63, six ≈ 0.86);
/// * coverage: the share of everything said that the article explains, `0.5 + 0.5 ·
///   min(1, 2W / total)` (off-topic chatter lowers it);
/// * standing: its score relative to the best hit;
/// * margin: how clearly it leads the next hit, `0.5 + 0.5 · (1 - next/score)`.
///
/// The caller then multiplies it by `0.7 + 0.3 · focus` (the share of the matched
/// weight in the article's title or keywords).
///
/// Measured on the 27 labelled conversations and 24 one-sentence openers (see
/// `tests/suggest.rs`): unrelated talk stays at or below 0.26; of the 40 expected articles
/// found in the top 3, 37 reach 0.30 and 36 reach 0.35, while the other articles of those
/// top 3 reach 0.30 in 11 cases of 89 and 0.35 in 3. Hence the default threshold 0.35.
fn confidence(matched: f32, total: f32, score: f32, top: f32, next: f32) -> f32 {
    if score <= 0.0 || top <= 0.0 || total <= 0.0 {
        return 0.0;
    }
    let evidence = 1.0 - (-matched / 3.0).exp();
    let coverage = 0.5 + 0.5 * (2.0 * matched / total).min(1.0);
    let standing = (score / top).clamp(0.0, 1.0);
    let margin = 0.5 + 0.5 * (1.0 - next / score).clamp(0.0, 1.0);
    (evidence * coverage * standing * margin).clamp(0.0, 1.0)
}

/// The customer's words to show (the most telling for the article first, at most 3)
/// and the turn the first one came from.
fn reason(turns: &[Turn], matched: &[&Term], focus: &Focus) -> Reason {
    let mut scored: Vec<(f32, &Term)> = matched
        .iter()
        .filter(|t| t.customer)
        .map(|t| {
            let boost = t
                .word
                .split(' ')
                .map(|w| focus.boost(w))
                .fold(0.0, f32::max);
            (t.weight * boost, *t)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.turn.cmp(&a.1.turn))
            .then_with(|| a.1.word.cmp(&b.1.word))
    });
    // Words covered by a chosen two-word term are not repeated.
    let mut chosen: Vec<&Term> = Vec::new();
    let mut covered: HashSet<&str> = HashSet::new();
    for (_, t) in &scored {
        if chosen.len() >= 3 {
            break;
        }
        if t.word.split(' ').all(|w| covered.contains(w)) {
            continue;
        }
        covered.extend(t.word.split(' '));
        chosen.push(t);
    }
    let turn = chosen.first().map(|t| t.turn);
    // Quoted in the order they were said.
    chosen.sort_by_key(|t| (t.turn, t.pos));
    let words = chosen.iter().map(|t| t.surface.clone()).collect();
    let turn = turn.unwrap_or(0);
    Reason {
        words,
        turn,
        speaker: turns.get(turn).map_or(Speaker::Customer, |t| t.speaker),
    }
}

/// Whether a conversation term (folded word, or two words) is among an article's matched
/// words (which may be stems, or longer forms after prefix expansion).
fn term_matches(term: &str, matched: &[String]) -> bool {
    term.split(' ')
        .all(|w| matched.iter().any(|m| same_word(w, &fold(m))))
}

/// Same word up to inflection: equal, or sharing a prefix of at least 4 letters that
/// leaves at most 3 letters of the shorter one.
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 4 && common + 3 >= shorter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Highlighted;

    fn turn(speaker: Speaker, text: &str) -> Turn {
        Turn {
            speaker,
            text: text.into(),
            ts: String::new(),
            final_: true,
        }
    }

    fn hit(id: &str, score: f32, matched: &[&str]) -> Hit {
        Hit {
            id: id.into(),
            title: Highlighted::default(),
            category: String::new(),
            lang: Lang::Es,
            path: id.into(),
            summary: String::new(),
            score,
            snippet: Highlighted::default(),
            matched: matched.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn words_match_up_to_inflection() {
        assert!(same_word("cobrado", "cobr"));
        assert!(same_word("factura", "facturacion"));
        assert!(same_word("dos", "dos"));
        assert!(!same_word("dos", "dosis"));
        assert!(!same_word("cobertura", "cobrado"));
    }

    #[test]
    fn reasons_and_threshold() {
        let s = Suggester::new(SuggestConfig {
            threshold: 0.3,
            limit: 3,
        });
        let turns = [
            turn(Speaker::Customer, "hola, tengo una duda con la factura"),
            turn(Speaker::Agent, "dígame"),
            turn(Speaker::Customer, "me han cobrado dos veces el recibo"),
        ];
        let terms = s.terms(&turns);
        let out = s.rank(
            &turns,
            terms.clone(),
            vec![
                hit(
                    "facturacion/cargo-duplicado",
                    9.0,
                    &["cobr", "dos", "vec", "recib"],
                ),
                hit("facturacion/copia-factura", 2.0, &["factur"]),
            ],
        );
        assert!(!out.quiet);
        assert_eq!(out.items.len(), 1, "{:?}", out.items);
        let top = &out.items[0];
        assert_eq!(top.hit.id, "facturacion/cargo-duplicado");
        assert_eq!(top.reason.turn, 2);
        assert!(top.reason.words.contains(&"cobrado".to_string()));
        assert!(top.reason.text(Lang::Es).ends_with("— turno 3"));
        assert!(top.reason.text(Lang::En).ends_with("— turn 3"));

        let strict = Suggester::new(SuggestConfig {
            threshold: 0.9,
            limit: 3,
        });
        let weak = strict.rank(&turns, terms, vec![hit("x", 1.0, &["factur"])]);
        assert!(weak.items.is_empty());
        assert!(weak.quiet);
        assert!(weak.best > 0.0 && weak.best < 0.9);
    }
}
