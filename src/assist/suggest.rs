//! Suggested articles from the conversation so far: weighted terms from the customer's
//! turns, ranked by the search engine, each with a confidence that says how relevant it
//! is and a reason; near-duplicates shown together; silent when nothing is relevant.
//!
//! The confidence is built from signals that mean the same on any knowledge base (no
//! score scale of one base, no margin over the next hit):
//! * **coverage**: the share of what the conversation said (each word weighed by the
//!   turn it came from and by how rare it is in the base, `idf`) that the article
//!   explains, or of what one customer turn said (weighed by how much that turn said
//!   next to the turn that said the most), so details added later do not dilute the
//!   turn that stated the topic, or of what one clause of a turn said (likewise: "I just
//!   moved, and my order is going to my old address" names its topic in one); what was
//!   said counts up to about six informative words ([`SAID_IN_FULL`]), so a long turn
//!   that tells its story around the topic is not judged on every detail; words in its
//!   title or keywords count fully, in its summary 0.7, only in its body 0.4;
//! * **title said**: the idf-weighted share of its title's (or one keyword's) content
//!   words the customer said;
//! * **lone word**: fewer than two informative words found together in one line of the
//!   article (its title, one keyword, its summary) and none rare in its title or summary:
//!   one common word of a title ("phone", "numbers") is not a topic;
//! * **evidence**: how much rare, on-topic weight matched at all (one word found in
//!   most articles is not enough);
//! * **phrase**: one of the article's own keywords (customer phrasings) or its title said
//!   nearly as written ("me voy a otra compañía" is the leaving article's phrasing, not
//!   the joining one's);
//! * **turns**: the article explains words of two or more of the customer's turns.
//!
//! The candidates are the engine's ranking for the conversation's weighted words, ranked
//! like a long query in the search box (each matched word adds a constant times its
//! weight, then BM25), so suggestions list what a search with the customer's words would.
//! A gate decides whether anything is relevant, apart from how the candidates compare
//! with each other: it opens when one candidate reaches the threshold with more than one
//! common word, or when one of the search's first [`GATE_RANKS`] hits has several of the
//! customer's informative words, some in its title, keywords or summary, fewer when it
//! leads the search ([`Signals::supported`]: a long first turn
//! with a preamble explains little of what was said but still names the topic). Once
//! it is open, the search's first [`GATE_RANKS`] hits are shown, with any other
//! candidate relevant on its own (at least [`SHOWN_SHARE`] of the threshold), by
//! confidence (equally confident ones in the engine's order); when the customer said one
//! article's own phrasing, the others need to be relevant on their own. No margin over
//! the next hit enters: several relevant near-duplicates are shown together, never
//! silencing each other. [`Suggester::suggest`] ranks a fixed pool of the engine's hits,
//! whatever the display limit; the limit only cuts the list.
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::conversation::{Speaker, Turn};
use crate::i18n::Msg;
use crate::knowledge::Lang;
use crate::search::{Engine, Hit, WeightedTerm};

use super::stopwords::{informative, is_stop_word};
use super::terms::{self, Term, Weights};
use super::text::{fold, folded_words, same_stem, words};

/// Suggestion settings (`[suggest]` in the configuration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Confidence (0..1) below which no suggestion is shown.
    pub threshold: f32,
    /// How many suggestions at most (only cuts the list: the ranking is the same).
    pub limit: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            threshold: THRESHOLD,
            limit: 5,
        }
    }
}

/// The default threshold (see [`Signals::confidence`] for how it was chosen).
pub const THRESHOLD: f32 = 0.30;

/// How many of the engine's hits are judged, whatever the limit.
pub const POOL: usize = 20;

/// Once the gate is open, candidates past the search's first [`GATE_RANKS`] hits are
/// shown when their own confidence reaches this share of the threshold.
pub const SHOWN_SHARE: f32 = 0.5;

/// The search's first hits that can open the gate on their words alone
/// ([`Signals::supported`]), and that are shown once it is open.
pub const GATE_RANKS: usize = 3;

/// Why an article is suggested: the customer's words it matched and the turn they came
/// from. Data, so the UI can say it in its language ([`Reason::text`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The customer's words as said (at most 3, the most telling for the article: those
    /// in its title, keywords or summary), in the order they were said.
    pub words: Vec<String>,
    /// Index into the turns of where the most telling word was said (the turn that
    /// stated the topic).
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

/// What the confidence of one article was made of (all 0..1 but `turns`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signals {
    /// Share of what was said (idf- and turn-weighted, of the whole conversation, of one
    /// turn or of one clause, up to [`SAID_IN_FULL`]) that the article explains.
    pub coverage: f32,
    /// Share of the matched weight in its title, keywords or summary.
    pub focus: f32,
    /// `1 - e^(-m/0.8)` for the matched idf-weighted mass `m`.
    pub evidence: f32,
    /// Best keyword or title said nearly as written (share of its words in one run).
    pub phrase: f32,
    /// How much of the article's title (or of one of its keywords) the customer said:
    /// the idf-weighted share of its content words.
    pub title: f32,
    /// Only one informative word matched, and a common one (in many articles, or only in
    /// the body): one word of a title is not a topic. Not lone when the article is about
    /// two of the words said ([`Signals::about`], one in its title, among the search's
    /// first hits).
    pub lone: bool,
    /// Customer turns with words it explains.
    pub turns: usize,
    /// The article is in another language than the customer's.
    pub other_lang: bool,
    /// Its engine score over the best hit's (orders equally confident articles).
    pub standing: f32,
    /// Share of what was said (idf- and turn-weighted, or of the turn that said the
    /// most) that the article has anywhere, body included.
    pub share: f32,
    /// Distinct informative customer words it has (not among the commonest words).
    pub words: usize,
    /// Of those, the ones in its title, keywords or summary.
    pub head: usize,
    /// Of those, the ones rare in the base (idf at least [`RARE`]: in about two articles
    /// or fewer), anywhere in the article: words that tell it apart even from its body
    /// ("dog" in the pet guideline's body).
    pub rare: usize,
    /// Its place in the engine's ranking (0 = the search's first hit).
    pub rank: usize,
    /// Informative customer words its body repeats (each [`REPEATED`] times or more):
    /// two of them, one in its title, and a pair of common words is not lone ("dispute"
    /// in the title, "charge" all through the body).
    pub about: usize,
    /// How far its engine score is ahead of the best other candidate's, `1 - other /
    /// own` (0 when it is not first): a ratio of two scores of one search, so the same on
    /// any base.
    pub lead: f32,
}

/// The confidence of an article in another language is multiplied by this.
const OTHER_LANG: f32 = 0.8;
/// A word matched only in an article's body counts this share of one in its title or
/// keywords.
const BODY_ONLY: f32 = 0.4;
/// A word matched in its summary (not its title or keywords) counts this share.
const IN_SUMMARY: f32 = 0.7;
/// A lone common word's confidence is multiplied by this.
const LONE: f32 = 0.4;
/// A word at least this rare (idf) in the title or keywords is enough alone.
const RARE: f32 = 0.75;
/// Words less rare than this (idf) do not count as informative for [`Signals::lone`].
const COMMON: f32 = 0.2;
/// The matched mass at which evidence reaches 1 - 1/e.
const EVIDENCE_SCALE: f32 = 0.8;
/// The weight of a word no article has, as a share of a word only one article has.
const UNKNOWN_WORD: f32 = 0.35;
/// How much of the remaining doubt a phrase said as written takes away.
const PHRASE_GAIN: f32 = 0.6;
/// How much of the remaining doubt agreement of two or more turns takes away.
const TURNS_GAIN: f32 = 0.15;
/// A related word the customer did not say ([`super::related`]) weighs this share of
/// the said word.
const RELATED_SHARE: f32 = 0.5;
/// At most this many related words join what was said.
const MAX_RELATED: usize = 16;
/// A word the body says this many times is one of its topics ([`Signals::about`]).
const REPEATED: usize = 4;
/// The bytes of a body its repeated words are counted in.
const BODY_COUNTED: usize = 4 * 1024;
/// The idf-weighted mass of what was said (about six informative words) that coverage
/// is judged against at most: a long turn tells its story around the topic (who, when,
/// what happened before) and still names it, while a short request is judged on every
/// word.
const SAID_IN_FULL: f32 = 3.0;

/// What was said (`mass`, idf-weighted) as coverage weighs it: at most [`SAID_IN_FULL`].
fn said_mass(mass: f32) -> f32 {
    mass.min(SAID_IN_FULL)
}

/// The most of what one part of the conversation said (a turn, a clause: `said`, per
/// part) that `explained` covers, each part counted by how much it said next to the
/// part that said the most (`most`).
fn best_part<K: Eq + std::hash::Hash>(
    explained: &HashMap<K, f32>,
    said: &HashMap<K, f32>,
    most: f32,
) -> f32 {
    explained
        .iter()
        .filter_map(|(part, e)| {
            let t = *said.get(part).filter(|x| **x > 0.0)?;
            Some(e / said_mass(t) * (t / most).min(1.0))
        })
        .fold(0.0f32, f32::max)
}

/// The lead over the next candidate ([`Signals::lead`]) with which the search's first
/// hit opens the gate with one of the customer's words in its title, keywords or summary
/// (of 3), instead of 2.
const LEAD: f32 = 0.1;

impl Signals {
    /// The signals combined: `relevance · evidence` (times [`LONE`] for a lone common
    /// word), then the phrase and agreement of turns each take a share of the remaining
    /// doubt, then the language factor.
    ///
    /// The threshold [`THRESHOLD`] was set on the sample base's labelled conversations,
    /// the guideline base's dialogues and CLINC150's out-of-scope and small-talk requests
    /// (see `tests/suggest_eval.rs`).
    pub fn confidence(&self) -> f32 {
        let mut c = self.relevance() * self.evidence;
        if self.lone {
            c *= LONE;
        }
        c = 1.0 - (1.0 - c) * (1.0 - PHRASE_GAIN * self.phrase);
        if self.turns >= 2 {
            c = 1.0 - (1.0 - c) * (1.0 - TURNS_GAIN);
        }
        if self.other_lang {
            c *= OTHER_LANG;
        }
        c.clamp(0.0, 1.0)
    }

    /// Several of the customer's informative words found in the article, enough of
    /// them rare: 2 in its title, keywords or summary of 3 matched, or 1 of 4, with
    /// evidence at least 0.6 or 0.75; or 1 of 3 with evidence 0.75 when it leads the
    /// search by [`LEAD`] (weak signals that agree: words, rarity and the search's own
    /// preference); or 3 words rare in the base wherever they are in it; or 2 words from
    /// two of the customer's turns (agreement across turns), evidence at least 0.6. A long turn with a preamble explains little of
    /// what was said but still names the topic; short unrelated requests rarely match
    /// three words of one article.
    pub fn supported(&self) -> bool {
        (self.head >= 2 && self.words >= 3 && self.evidence >= 0.6)
            || (self.head >= 1 && self.words >= 4 && self.evidence >= 0.75)
            || (self.head >= 1 && self.words >= 3 && self.evidence >= 0.75 && self.lead >= LEAD)
            || self.rare >= 3
            || (self.turns >= 2 && self.words >= 2 && self.evidence >= 0.6)
    }

    /// Opens the gate on its own confidence: at the threshold, and not a lone common
    /// word unless one of the article's phrasings was said (a lone word's confidence is
    /// cut, but one common word is not a topic however high the rest).
    fn confident(&self, confidence: f32, threshold: f32) -> bool {
        confidence >= threshold && (!self.lone || self.phrase > 0.0)
    }

    /// What the article explains of what was said, or of its own title said: the mean
    /// of coverage and title when the title was said more than covered.
    fn relevance(&self) -> f32 {
        self.coverage.max(0.5 * (self.coverage + self.title))
    }

    /// How the signals combined, for `apunte suggest --explain`.
    pub fn explain(&self, lang: Lang) -> String {
        let (cov, title, said, ev, lone, ph, tu, other) = match lang {
            Lang::Es => (
                "cobertura",
                "en título/claves",
                "título dicho",
                "evidencia",
                "una palabra común",
                "frase",
                "turnos",
                "otro idioma",
            ),
            Lang::En => (
                "coverage",
                "in title/keywords",
                "title said",
                "evidence",
                "one common word",
                "phrase",
                "turns",
                "other language",
            ),
        };
        let base = self.relevance() * self.evidence;
        let mut s = format!(
            "{cov} {:.2} ({title} {:.2}), {said} {:.2} × {ev} {:.2} = {base:.2}",
            self.coverage, self.focus, self.title, self.evidence
        );
        if self.lone {
            s.push_str(&format!("; {lone} ×{LONE}"));
        }
        if self.phrase > 0.0 {
            s.push_str(&format!("; {ph} {:.2}", self.phrase));
        }
        if self.turns >= 2 {
            s.push_str(&format!("; {tu} {}", self.turns));
        }
        if self.other_lang {
            s.push_str(&format!("; {other} ×{OTHER_LANG}"));
        }
        s.push_str(&format!(" → {:.2}", self.confidence()));
        let (rank, words, share, gate) = match lang {
            Lang::Es => ("búsqueda", "palabras", "de lo dicho", "abre la puerta"),
            Lang::En => ("search", "words", "of what was said", "opens the gate"),
        };
        let (lead, rare, about) = match lang {
            Lang::Es => ("ventaja", "raras", "repetidas en el cuerpo"),
            Lang::En => ("lead", "rare", "repeated in the body"),
        };
        s.push_str(&format!(
            "; {rank} #{}, {lead} {:.2}, {words} {} ({} {title}, {} {rare}{}), {:.2} {share}",
            self.rank + 1,
            self.lead,
            self.words,
            self.head,
            self.rare,
            if self.about > 0 {
                format!(", {} {about}", self.about)
            } else {
                String::new()
            },
            self.share
        ));
        if self.supported() {
            s.push_str(&format!(" — {gate}"));
        }
        s
    }
}

/// One suggested article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub hit: Hit,
    /// 0..1: how relevant the article is to what was said (shown only at or above the
    /// threshold).
    pub confidence: f32,
    pub signals: Signals,
    pub reason: Reason,
    /// Near-duplicates shown together share a group number (the rank, from 0, of the
    /// group's first article); an article with no near-duplicate shown is its own group.
    pub group: usize,
    /// The words of its title that the other articles of its group do not have (empty
    /// when alone): what tells near-duplicates apart.
    pub distinct: Vec<String>,
}

/// The suggestions as of now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestions {
    /// Best first, near-duplicates next to each other; empty when nothing is relevant.
    pub items: Vec<Suggestion>,
    /// True when articles matched but the gate stayed closed ("nothing confident yet"):
    /// the UI says so discreetly.
    pub quiet: bool,
    /// The best confidence seen, shown or not (0 without hits).
    pub best: f32,
    /// The gate said something is relevant: one article reached the threshold (not
    /// with a lone common word), or one of the search's first [`GATE_RANKS`] hits is
    /// [`Signals::supported`].
    pub open: bool,
    /// The terms that were searched (for `--json` and debugging).
    pub terms: Vec<Term>,
    /// Every article judged, best first, shown or not (for `--explain`).
    pub considered: Vec<Suggestion>,
}

impl Suggestions {
    /// Turn numbers counted from turn `first` of the conversation instead of from the
    /// first turn judged (the recent conversation starts there).
    pub fn count_turns_from(&mut self, first: usize) {
        for t in &mut self.terms {
            t.turn += first;
        }
        for s in self.items.iter_mut().chain(&mut self.considered) {
            s.reason.turn += first;
        }
    }

    /// The reason of the item at `i` as the UI shows it ([`reason_text`]).
    pub fn reason_text(&self, i: usize, lang: Lang) -> String {
        reason_text(&self.items, i, lang)
    }

    /// The size of the group the item at `i` starts (1 when alone or not a group's first).
    pub fn group_len(&self, i: usize) -> usize {
        group_len(&self.items, i)
    }

    /// The line heading the group the item at `i` starts ([`group_text`]).
    pub fn group_text(&self, i: usize, lang: Lang) -> Option<String> {
        group_text(&self.items, i, lang)
    }
}

/// The size of the group the item at `i` of `items` starts (1 when alone or not a
/// group's first).
pub fn group_len(items: &[Suggestion], i: usize) -> usize {
    match items.get(i) {
        Some(s) if s.group == i => items.iter().filter(|x| x.group == i).count(),
        _ => 1,
    }
}

/// The reason of the item at `i` of `items` as the UI shows it (the words and the turn;
/// empty past the end).
pub fn reason_text(items: &[Suggestion], i: usize, lang: Lang) -> String {
    items
        .get(i)
        .map(|s| s.reason.text(lang))
        .unwrap_or_default()
}

/// The line shown before a group of near-duplicates that the item at `i` of `items`
/// starts: how many, and what tells their titles apart (`≈ 3 similar: wrong size ·
/// wrong colour · stain`); None when the item starts no group. The workspace and
/// `apunte suggest` both show it.
pub fn group_text(items: &[Suggestion], i: usize, lang: Lang) -> Option<String> {
    let n = group_len(items, i);
    if n < 2 {
        return None;
    }
    let parts: Vec<String> = items
        .iter()
        .filter(|x| x.group == i)
        .map(|x| {
            if x.distinct.is_empty() {
                x.hit.title.text.clone()
            } else {
                x.distinct.join(" ")
            }
        })
        .collect();
    Some(Msg::SuggestSimilar.fill(lang, &[&n, &parts.join(" · ")]))
}

/// The suggestion engine: no state between calls but caches of articles' words and
/// words' rarity (the caller keeps the dismissed ids and debounces). Cheap to clone
/// (clones share the caches); `suggest` may run on any thread. The workspace and
/// `apunte suggest` both call [`Suggester::suggest`].
#[derive(Debug, Clone)]
pub struct Suggester {
    pub config: Settings,
    pub weights: Weights,
    cache: Cache,
}

/// An article's folded words that say what it is about.
#[derive(Debug, Default)]
struct Focus {
    title: Vec<String>,
    /// Each keyword's folded words.
    keywords: Vec<Vec<String>>,
    summary: Vec<String>,
    /// The content words (no stop words) of the title, then of each keyword of two
    /// content words or more, each with its idf.
    topics: Vec<Vec<(String, f32)>>,
    /// Words of the body said [`REPEATED`] times or more (folded), with their count: counted the
    /// first time a suggestion needs them ([`Signals::about`]).
    repeated: OnceLock<Vec<(String, usize)>>,
    /// The body's first [`BODY_COUNTED`] bytes, to count them in.
    body_head: Box<str>,
}

/// Articles' words by id and words' idf, computed once per knowledge base.
#[derive(Debug, Clone, Default)]
struct Cache {
    focus: Arc<Mutex<HashMap<String, Arc<Focus>>>>,
    idf: Arc<Mutex<HashMap<String, f32>>>,
}

impl Cache {
    /// Entries kept at most per map; a map starts over past this.
    const MAX: usize = 8192;

    fn focus(&self, engine: &Engine, hit: &Hit) -> Arc<Focus> {
        if let Ok(map) = self.focus.lock()
            && let Some(f) = map.get(&hit.id)
        {
            return Arc::clone(f);
        }
        let (keywords, body) = engine
            .article(&hit.id)
            .map(|a| (a.keywords, a.text))
            .unwrap_or_default();
        let mut f = Focus::new(&hit.title.text, &keywords, &hit.summary);
        f.body_head = head_of(&body, BODY_COUNTED).into();
        f.weigh_topics(|w| self.idf(engine, w));
        let f = Arc::new(f);
        if let Ok(mut map) = self.focus.lock() {
            if map.len() >= Self::MAX {
                map.clear();
            }
            map.insert(hit.id.clone(), Arc::clone(&f));
        }
        f
    }

    /// How rare a word is in the base, 0..1: `ln(1 + N/df) / ln(1 + N)` (1 for a word in
    /// one article, near 0 for a word in all; [`UNKNOWN_WORD`] for a word in none).
    fn idf(&self, engine: &Engine, word: &str) -> f32 {
        if let Ok(map) = self.idf.lock()
            && let Some(v) = map.get(word)
        {
            return *v;
        }
        let n = engine.len().max(1) as f32;
        let df = engine.doc_freq(word);
        // A word no article has cannot point at one: it counts a little against all
        // (the customer talks of something else), not as much as a rare known word.
        let v = if df == 0 {
            UNKNOWN_WORD
        } else {
            ((1.0 + n / df as f32).ln() / (1.0 + n).ln()).clamp(0.0, 1.0)
        };
        if let Ok(mut map) = self.idf.lock() {
            if map.len() >= Self::MAX {
                map.clear();
            }
            map.insert(word.to_string(), v);
        }
        v
    }

    fn clear(&self) {
        if let Ok(mut m) = self.focus.lock() {
            m.clear();
        }
        if let Ok(mut m) = self.idf.lock() {
            m.clear();
        }
    }
}

impl Suggester {
    pub fn new(config: Settings) -> Suggester {
        Suggester {
            config,
            weights: Weights::default(),
            cache: Cache::default(),
        }
    }

    /// Call after the index was refreshed: forgets the cached article words and idf.
    pub fn knowledge_changed(&self) {
        self.cache.clear();
    }

    /// The weighted terms the conversation gives (no search).
    pub fn terms(&self, turns: &[Turn]) -> Vec<Term> {
        terms::build(turns, &self.weights)
    }

    /// Suggestions for the conversation so far (interim turns included), never offering
    /// a dismissed id: the one entry point of the workspace and `apunte suggest`. Only
    /// the recent conversation counts ([`super::recent_start`]); turn numbers in the
    /// result are the whole conversation's.
    pub fn suggest(
        &self,
        engine: &Engine,
        turns: &[Turn],
        dismissed: &HashSet<String>,
    ) -> Suggestions {
        let first = super::recent_start(turns);
        let mut s = self.suggest_recent(engine, &turns[first..], dismissed);
        s.count_turns_from(first);
        s
    }

    fn suggest_recent(
        &self,
        engine: &Engine,
        turns: &[Turn],
        dismissed: &HashSet<String>,
    ) -> Suggestions {
        let terms = self.terms(turns);
        // Only the customer's words start suggestions; the agent's only help rank them.
        if !terms.iter().any(|t| t.customer) {
            return Suggestions {
                terms,
                ..Suggestions::default()
            };
        }
        let terms = terms::with_related(terms, RELATED_SHARE, MAX_RELATED);
        let query: Vec<WeightedTerm> = terms
            .iter()
            .map(|t| WeightedTerm {
                word: t.word.clone(),
                weight: t.weight,
            })
            .collect();
        let mut exclude: Vec<String> = dismissed.iter().cloned().collect();
        exclude.sort();
        let hits: Vec<Hit> = engine
            .search_terms(&query, POOL, &exclude)
            .into_iter()
            .filter(|h| !dismissed.contains(&h.id))
            .collect();
        let idf: Vec<f32> = terms
            .iter()
            .map(|t| self.cache.idf(engine, &t.word))
            .collect();
        self.rank_with(turns, terms, &idf, hits, |h| self.cache.focus(engine, h))
    }

    /// Confidence, reasons, groups and the threshold over hits (best first), with every
    /// word equally rare and no keywords (tests).
    pub fn rank(&self, turns: &[Turn], terms: Vec<Term>, hits: Vec<Hit>) -> Suggestions {
        let idf = vec![1.0; terms.len()];
        self.rank_with(turns, terms, &idf, hits, |h| {
            let mut f = Focus::new(&h.title.text, &[], &h.summary);
            f.weigh_topics(|_| 1.0);
            Arc::new(f)
        })
    }

    fn rank_with(
        &self,
        turns: &[Turn],
        terms: Vec<Term>,
        idf: &[f32],
        hits: Vec<Hit>,
        focus_of: impl Fn(&Hit) -> Arc<Focus>,
    ) -> Suggestions {
        let lang = conversation_lang(turns);
        let said = said_words(turns);
        // What was said: related words the customer did not say add nothing to it.
        let total: f32 = terms
            .iter()
            .zip(idf)
            .filter(|(t, _)| t.stands_for.is_none())
            .map(|(t, i)| t.weight * i)
            .sum();
        // What each customer turn said (idf-weighted), to judge the turn that stated the
        // topic on its own when later turns add details; and what each clause of those
        // turns said: a turn that tells a story around its topic ("I just moved, and my
        // order is going to my old address") names it in one.
        let clause_of = |t: &Term| (t.turn, t.clause);
        let mut turn_total: HashMap<usize, f32> = HashMap::new();
        let mut clause_total: HashMap<(usize, usize), f32> = HashMap::new();
        for (t, i) in terms.iter().zip(idf) {
            if t.customer && t.stands_for.is_none() {
                *turn_total.entry(t.turn).or_default() += t.weight * i;
                *clause_total.entry(clause_of(t)).or_default() += t.weight * i;
            }
        }
        let most_said = turn_total.values().copied().fold(0.0f32, f32::max);
        let most_in_clause = clause_total.values().copied().fold(0.0f32, f32::max);
        let customer_words: Vec<&str> = terms
            .iter()
            .filter(|t| t.customer && t.stands_for.is_none())
            .flat_map(|t| t.word.split(' '))
            .collect();
        let top = hits.iter().map(|h| h.score).fold(0.0f32, f32::max);
        let mut considered: Vec<(f32, Suggestion)> = Vec::new();
        for (rank, hit) in hits.into_iter().enumerate() {
            let matched: Vec<(&Term, f32)> = terms
                .iter()
                .zip(idf)
                .filter(|(t, _)| term_matches(&t.word, &hit.matched))
                .map(|(t, i)| (t, *i))
                .collect();
            let focus = focus_of(&hit);
            // A said word counts once: by itself or by its related word that the article
            // explains best.
            let matched = best_of_related(matched, |w| focus.field(w));
            if !matched.iter().any(|(t, _)| t.customer) || total <= 0.0 {
                continue;
            }
            let (mut mass, mut central, mut explained) = (0.0f32, 0.0f32, 0.0f32);
            let mut turn_set = HashSet::new();
            let mut turn_explained: HashMap<usize, f32> = HashMap::new();
            let mut turn_had: HashMap<usize, f32> = HashMap::new();
            let mut clause_explained: HashMap<(usize, usize), f32> = HashMap::new();
            let (mut all_words, mut head_words): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
            let mut rare_words: Vec<&str> = Vec::new();
            // Informative customer words matched (to find the most in one line of the
            // article), and whether one is rare and in its title or summary.
            let mut informative: Vec<&str> = Vec::new();
            let mut rare = false;
            for (t, i) in &matched {
                let m = t.weight * i;
                mass += m;
                let field = t
                    .word
                    .split(' ')
                    .map(|w| focus.field(w))
                    .fold(0.0f32, f32::max);
                if field >= 1.0 {
                    central += m;
                }
                explained += field * m;
                if t.customer {
                    turn_set.insert(t.turn);
                    *turn_explained.entry(t.turn).or_default() += field * m;
                    *turn_had.entry(t.turn).or_default() += m;
                    *clause_explained.entry(clause_of(t)).or_default() += field * m;
                    if *i >= COMMON && field > BODY_ONLY {
                        informative.extend(t.word.split(' '));
                    }
                    if *i >= COMMON {
                        for w in said_as(t) {
                            if !all_words.iter().any(|d| same_word(d, w)) {
                                all_words.push(w);
                            }
                            if field > BODY_ONLY && !head_words.iter().any(|d| same_word(d, w)) {
                                head_words.push(w);
                            }
                            if *i >= RARE && !rare_words.iter().any(|d| same_word(d, w)) {
                                rare_words.push(w);
                            }
                        }
                    }
                    rare |= *i >= RARE && t.word.split(' ').any(|w| focus.headline(w));
                }
            }
            // Informative words said that its body repeats (a word and the related words
            // standing for it once), looked at only where they can lift a lone word: a
            // pair of words, one in its title, among the search's first hits.
            let lone = focus.most_in_one_line(&informative) < 2 && !rare;
            let about =
                if lone && !head_words.is_empty() && all_words.len() >= 2 && rank < GATE_RANKS {
                    let counts = focus.repeated.get_or_init(|| body_counts(&focus.body_head));
                    let repeated: HashSet<Vec<&str>> = matched
                        .iter()
                        .filter(|(t, i)| {
                            t.customer
                                && *i >= COMMON
                                && t.word.split(' ').all(|w| repeats(counts, w))
                        })
                        .map(|(t, _)| said_as(t))
                        .collect();
                    repeated.len()
                } else {
                    0
                };
            let by_turn = best_part(&turn_explained, &turn_total, most_said);
            let by_clause = best_part(&clause_explained, &clause_total, most_in_clause);
            let share_turn = best_part(&turn_had, &turn_total, most_said);
            let signals = Signals {
                share: (mass / total).max(share_turn).clamp(0.0, 1.0),
                words: all_words.len(),
                head: head_words.len(),
                rare: rare_words.len(),
                rank,
                coverage: (explained / said_mass(total))
                    .max(by_turn)
                    .max(by_clause)
                    .clamp(0.0, 1.0),
                title: focus.said(&customer_words),
                lone: lone && about < 2,
                about,
                focus: if mass > 0.0 { central / mass } else { 0.0 },
                evidence: 1.0 - (-explained / EVIDENCE_SCALE).exp(),
                phrase: focus.phrase(&said),
                turns: turn_set.len(),
                other_lang: lang.is_some_and(|l| l != hit.lang),
                standing: if top > 0.0 { hit.score / top } else { 0.0 },
                lead: 0.0,
            };
            let confidence = signals.confidence();
            // Equally confident articles in the engine's order.
            let key = confidence * (0.5 + 0.5 * signals.standing);
            let refs: Vec<&Term> = matched.iter().map(|(t, _)| *t).collect();
            considered.push((
                key,
                Suggestion {
                    reason: reason(turns, &refs, &focus),
                    hit,
                    confidence,
                    signals,
                    group: 0,
                    distinct: Vec::new(),
                },
            ));
        }
        considered.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| b.1.hit.score.total_cmp(&a.1.hit.score))
                .then_with(|| a.1.hit.id.cmp(&b.1.hit.id))
        });
        let mut considered: Vec<Suggestion> = considered.into_iter().map(|(_, s)| s).collect();
        // The lead of the best-scored candidate over the next one (the others lead none).
        let mut by_score: Vec<usize> = (0..considered.len()).collect();
        by_score.sort_by(|&a, &b| considered[b].hit.score.total_cmp(&considered[a].hit.score));
        if let Some(&first) = by_score.first() {
            let own = considered[first].hit.score;
            let other = by_score.get(1).map_or(0.0, |&i| considered[i].hit.score);
            if own > 0.0 {
                considered[first].signals.lead = (1.0 - other / own).max(0.0);
            }
        }
        let best = considered.iter().map(|s| s.confidence).fold(0.0, f32::max);
        // The gate decides whether anything is relevant: one candidate confident on its
        // own, or one of the search's first hits with several of the customer's words,
        // some in its title. Then the search's first hits are shown in its order, with
        // the others relevant enough on their own: several relevant articles never
        // silence each other.
        let threshold = self.config.threshold;
        // At threshold 0 every candidate is shown (the ranking alone).
        let open = (threshold <= 0.0 && !considered.is_empty())
            || considered
                .iter()
                .any(|s| s.signals.confident(s.confidence, threshold))
            || considered
                .iter()
                .any(|s| s.signals.rank < GATE_RANKS && s.signals.supported());
        let floor = threshold * SHOWN_SHARE;
        // When the customer said one article's own phrasing, the others need to be
        // relevant on their own ("me voy a otra compañía" is leaving, not joining).
        let phrased = open && considered.iter().any(|s| s.signals.phrase > 0.0);
        let shown: Vec<Suggestion> = if open {
            considered
                .iter()
                .filter(|s| {
                    let own = s.confidence >= floor || s.signals.supported();
                    own || (s.signals.rank < GATE_RANKS && !(phrased && s.signals.phrase <= 0.0))
                })
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let items = group(shown, self.config.limit);
        Suggestions {
            quiet: items.is_empty() && !considered.is_empty(),
            open,
            items,
            best,
            terms,
            considered,
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

/// The folded words of each customer turn that says something (identification and
/// courtesy turns left out), to find phrasings said as written.
fn said_words(turns: &[Turn]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for t in turns.iter().filter(|t| t.speaker == Speaker::Customer) {
        let ws = words(&t.text);
        let keep = informative(&ws);
        if !keep.contains(&true) {
            continue;
        }
        // Dropped words that are no stop words (small talk, ids) break runs.
        out.push(
            ws.iter()
                .zip(&keep)
                .map(|(w, k)| {
                    if *k || is_stop_word(&w.folded) {
                        w.folded.clone()
                    } else {
                        String::new()
                    }
                })
                .collect(),
        );
    }
    out
}

impl Focus {
    fn new(title: &str, keywords: &[String], summary: &str) -> Focus {
        Focus {
            title: folded_words(title),
            keywords: keywords.iter().map(|k| folded_words(k)).collect(),
            summary: folded_words(summary),
            topics: Vec::new(),
            repeated: OnceLock::new(),
            body_head: Box::default(),
        }
    }

    /// How much a matched word says the article is about it: 1 in the title or
    /// keywords, [`IN_SUMMARY`] in the summary (1 when the title is a bare name: terse
    /// titles leave it to the summary), [`BODY_ONLY`] elsewhere.
    fn field(&self, word: &str) -> f32 {
        let has = |list: &[String]| list.iter().any(|w| same_word(word, w));
        if has(&self.title) || self.keywords.iter().any(|k| has(k)) {
            1.0
        } else if has(&self.summary) {
            if self.terse() { 1.0 } else { IN_SUMMARY }
        } else {
            BODY_ONLY
        }
    }

    /// The title has at most one content word (a command or product name).
    fn terse(&self) -> bool {
        self.title.iter().filter(|w| !is_stop_word(w)).count() <= 1
    }

    /// Whether a word is in the title or the summary.
    fn headline(&self, word: &str) -> bool {
        let has = |list: &[String]| list.iter().any(|w| same_word(word, w));
        has(&self.title) || has(&self.summary)
    }

    /// The most of `words` (distinct) found together in one line that says what the
    /// article is about: its title, one keyword or its summary. Words of unrelated
    /// keywords do not add up.
    fn most_in_one_line(&self, words: &[&str]) -> usize {
        let mut distinct: Vec<&str> = Vec::new();
        for w in words {
            if !distinct.iter().any(|d| same_word(d, w)) {
                distinct.push(w);
            }
        }
        std::iter::once(&self.title)
            .chain(&self.keywords)
            .chain(std::iter::once(&self.summary))
            .map(|line| {
                distinct
                    .iter()
                    .filter(|w| line.iter().any(|x| same_word(w, x)))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// Fills [`Focus::topics`] with each content word's idf.
    fn weigh_topics(&mut self, mut idf: impl FnMut(&str) -> f32) {
        let content = |ws: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for w in ws
                .iter()
                .filter(|w| !is_stop_word(w) && w.chars().count() > 1)
            {
                if !out.iter().any(|o| same_word(o, w)) {
                    out.push(w.clone());
                }
            }
            out
        };
        let mut topics = vec![content(&self.title)];
        topics.extend(
            self.keywords
                .iter()
                .map(|k| content(k))
                .filter(|k| k.len() >= 2),
        );
        self.topics = topics
            .into_iter()
            .map(|ws| {
                ws.into_iter()
                    .map(|w| {
                        let i = idf(&w);
                        (w, i)
                    })
                    .collect()
            })
            .collect();
    }

    /// The best idf-weighted share of the title's (or one keyword's) content words that
    /// are among `said`.
    fn said(&self, said: &[&str]) -> f32 {
        let mut best = 0.0f32;
        for topic in &self.topics {
            let total: f32 = topic.iter().map(|(_, i)| i).sum();
            if total <= 0.0 {
                continue;
            }
            let got: f32 = topic
                .iter()
                .filter(|(w, _)| said.iter().any(|s| same_word(s, w)))
                .map(|(_, i)| i)
                .sum();
            best = best.max(got / total);
        }
        best
    }

    /// How telling a matched word is for this article (1 = only in the body).
    fn boost(&self, word: &str) -> f32 {
        let has = |list: &[String]| list.iter().any(|w| same_word(word, w));
        1.0 + 2.0 * f32::from(u8::from(has(&self.title)))
            + 1.5 * f32::from(u8::from(self.keywords.iter().any(|k| has(k))))
            + 0.5 * f32::from(u8::from(has(&self.summary)))
    }

    /// The best share of one keyword's (or the title's) words the customer said as one
    /// run, in order: 0 unless the run has 4 words with one that is no stop word, or 3
    /// with two.
    fn phrase(&self, said: &[Vec<String>]) -> f32 {
        let mut best = 0.0f32;
        for k in self.keywords.iter().chain(std::iter::once(&self.title)) {
            if k.len() < 3 {
                continue;
            }
            for turn in said {
                let run = longest_run(k, turn);
                if run > 0 {
                    best = best.max(run as f32 / k.len() as f32);
                }
            }
        }
        best
    }
}

/// The longest run of words of `phrase` said in order in `turn` (same words up to
/// inflection for content words, equal for stop words), counting only runs of 4 words
/// with a content word or 3 with two (0 when there is none).
fn longest_run(phrase: &[String], turn: &[String]) -> usize {
    let mut best = 0;
    for i in 0..phrase.len() {
        for j in 0..turn.len() {
            let (mut n, mut content) = (0, 0);
            while i + n < phrase.len() && j + n < turn.len() {
                let (p, t) = (&phrase[i + n], &turn[j + n]);
                let stop = is_stop_word(p);
                if t.is_empty() || !(p == t || (!stop && same_word(p, t))) {
                    break;
                }
                content += usize::from(!stop);
                n += 1;
            }
            if (n >= 4 && content >= 1) || (n >= 3 && content >= 2) {
                best = best.max(n);
            }
        }
    }
    best
}

/// The shown articles cut at `limit`, near-duplicates (titles sharing most of their
/// words) placed after the first of them, with what tells each apart.
fn group(shown: Vec<Suggestion>, limit: usize) -> Vec<Suggestion> {
    let mut items: Vec<Suggestion> = shown.into_iter().take(limit).collect();
    let titles: Vec<Vec<String>> = items
        .iter()
        .map(|s| title_words(&s.hit.title.text))
        .collect();
    let n = items.len();
    let mut leader: Vec<usize> = (0..n).collect();
    for j in 0..n {
        for i in 0..j {
            if leader[i] == i && similar(&titles[i], &titles[j]) {
                leader[j] = i;
                break;
            }
        }
    }
    // Members right after their group's first article, otherwise in rank order.
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        if leader[i] == i {
            order.push(i);
            order.extend((i + 1..n).filter(|&j| leader[j] == i));
        }
    }
    let mut out: Vec<Suggestion> = Vec::with_capacity(n);
    let mut taken: Vec<Option<Suggestion>> = items.drain(..).map(Some).collect();
    let mut first_pos: HashMap<usize, usize> = HashMap::new();
    for &i in &order {
        let Some(mut s) = taken[i].take() else {
            continue;
        };
        let pos = out.len();
        let g = *first_pos.entry(leader[i]).or_insert(pos);
        s.group = g;
        let others: Vec<&Vec<String>> = (0..n)
            .filter(|&j| j != i && leader[j] == leader[i])
            .map(|j| &titles[j])
            .collect();
        s.distinct = if others.is_empty() {
            Vec::new()
        } else {
            let raw: Vec<&str> = unicode_words(&s.hit.title.text);
            raw.into_iter()
                .filter(|w| {
                    let f = fold(w);
                    !is_stop_word(&f) && !others.iter().all(|o| o.iter().any(|x| same_word(x, &f)))
                })
                .map(str::to_string)
                .collect()
        };
        out.push(s);
    }
    out
}

fn unicode_words(s: &str) -> Vec<&str> {
    use unicode_segmentation::UnicodeSegmentation;
    s.unicode_words().collect()
}

/// A title's folded words without stop words.
fn title_words(title: &str) -> Vec<String> {
    folded_words(title)
        .into_iter()
        .filter(|w| !is_stop_word(w))
        .collect()
}

/// Near-duplicate titles: at least two words in common and half of the shorter title's.
fn similar(a: &[String], b: &[String]) -> bool {
    let common = a
        .iter()
        .filter(|w| b.iter().any(|x| same_word(w, x)))
        .count();
    common >= 2 && 2 * common >= a.len().min(b.len())
}

/// The customer's words to show (the most telling for the article first, at most 3)
/// and the turn the first one came from.
/// The words a term stands for among what was said: its own, or the said word it is
/// related to.
fn said_as(t: &Term) -> Vec<&str> {
    match &t.stands_for {
        Some(w) => vec![w.as_str()],
        None => t.word.split(' ').collect(),
    }
}

/// Each said word once: of a word and the related words standing for it, the one whose
/// place in the article (`field`) weighs most, the said word on a tie.
fn best_of_related(matched: Vec<(&Term, f32)>, field: impl Fn(&str) -> f32) -> Vec<(&Term, f32)> {
    if matched.iter().all(|(t, _)| t.stands_for.is_none()) {
        return matched;
    }
    let value = |(t, i): &(&Term, f32)| {
        let f = t.word.split(' ').map(&field).fold(0.0f32, f32::max);
        f * t.weight * i
    };
    let mut out: Vec<(&Term, f32)> = Vec::new();
    for m in matched {
        let key = m.0.stands_for.as_deref().unwrap_or(&m.0.word);
        let same = out
            .iter()
            .position(|o| o.0.stands_for.as_deref().unwrap_or(&o.0.word) == key);
        match same {
            Some(k) if value(&m) > value(&out[k]) => out[k] = m,
            Some(_) => {}
            None => out.push(m),
        }
    }
    out
}

/// The first `max` bytes of a text (fewer to end on a character).
fn head_of(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The words said [`REPEATED`] times or more in a body's first [`BODY_COUNTED`] bytes (a word that
/// repeats only further into a long article is not what it is about), with their
/// counts. Folds the text once and counts slices of it.
fn body_counts(head: &str) -> Vec<(String, usize)> {
    let folded = if head.is_ascii() {
        head.to_ascii_lowercase()
    } else {
        fold(head)
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.len() >= 3 {
            *counts.entry(w).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= REPEATED)
        .map(|(w, n)| (w.to_string(), n))
        .collect()
}

/// The body says one form of this word (up to inflection) [`REPEATED`] times or more.
fn repeats(counts: &[(String, usize)], word: &str) -> bool {
    counts.iter().any(|(w, _)| same_word(word, w))
}

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
        if said_as(t).iter().all(|w| covered.contains(w)) {
            continue;
        }
        covered.extend(said_as(t));
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
    same_stem(a, b, 3)
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
        let s = Suggester::new(Settings {
            threshold: 0.3,
            limit: 3,
        });
        let turns = [
            turn(Speaker::Customer, "hola, tengo una duda con la factura"),
            turn(Speaker::Agent, "dígame"),
            turn(Speaker::Customer, "me han cobrado dos veces el recibo"),
        ];
        let terms = s.terms(&turns);
        let mut dup = hit(
            "facturacion/cargo-duplicado",
            9.0,
            &["cobr", "dos", "vec", "recib"],
        );
        dup.title.text = "Cargo duplicado: cobrado dos veces en el recibo".into();
        let out = s.rank(
            &turns,
            terms.clone(),
            vec![dup, hit("facturacion/copia-factura", 2.0, &["factur"])],
        );
        assert!(!out.quiet);
        assert_eq!(out.items.len(), 1, "{:?}", out.items);
        let top = &out.items[0];
        assert_eq!(top.hit.id, "facturacion/cargo-duplicado");
        assert_eq!(top.reason.turn, 2);
        assert!(top.reason.words.contains(&"cobrado".to_string()));
        assert!(top.reason.text(Lang::Es).ends_with("— turno 3"));
        assert!(top.reason.text(Lang::En).ends_with("— turn 3"));

        let strict = Suggester::new(Settings {
            threshold: 0.9,
            limit: 3,
        });
        let weak = strict.rank(&turns, terms, vec![hit("x", 1.0, &["factur"])]);
        assert!(weak.items.is_empty());
        assert!(weak.quiet);
        assert!(weak.best > 0.0 && weak.best < 0.9);
    }
}
