//! The scorer: (rubric, timeline, the scenario's expectations, manual grades, reviews)
//! → [`Scorecard`]. Pure and deterministic: the same inputs give the same scorecard.
//!
//! The maths, as the leading QA suites do it:
//! * An item earns its points when met, a share of them when partly met (`partial =
//!   true`, or a grader's points), none when missed. N/A items (no opportunity: no cue
//!   fired, the account was never changed, the scenario asks nothing of the kind) and
//!   open items (waiting for a person) leave both the numerator and the denominator.
//! * A section's score is its earned points over the points of its scored items that are
//!   not bonus: bonus points can take it above 100 %.
//! * The call's score is the weighted mean of the sections that have a score, computed
//!   from the exact figures: the card shows them rounded to one decimal.
//! * A critical item that is not fully met zeroes its section (`critical = "section"`)
//!   or the whole call, which then fails (`critical = "call"`).
//! * The call passes at the pass mark or above, unless it auto-failed; while items are
//!   open the scorecard is provisional.
use std::collections::BTreeMap;

use super::phrase::{Phrase, first_match};
use super::rubric::{CheckKind, Critical, Fact as FactGoal, Item, Ref, Rubric};
use super::scorecard::{
    ArticleAt, BandInfo, CriticalFailure, Evidence, FORMAT, Fact, HandleInfo, ItemCard, Outcome,
    ReviewNote, RubricInfo, Scorecard, SectionCard,
};
use super::timeline::{Event, Timeline, What};
use crate::conversation::Speaker;

/// An article the scenario expects to be opened, and how soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleGoal {
    pub id: String,
    pub within_s: Option<u32>,
}

/// What a scenario's `[expect]` asks of a good call, as the scorer reads it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expectations {
    pub articles: Vec<ArticleGoal>,
    /// Steps: (before, after).
    pub order: Vec<(Ref, Ref)>,
    /// Each must be said.
    pub phrases: Vec<Phrase>,
    /// None may be said.
    pub avoid: Vec<Phrase>,
    /// Whether the scenario calls for empathy when a cue fires.
    pub empathy: Option<bool>,
    pub max_dead_air_s: Option<u32>,
    pub target_handle_s: Option<u32>,
    /// Hidden facts to obtain or verify.
    pub facts: Vec<FactGoal>,
    /// Intents the scenario's steps name.
    pub intents: BTreeMap<String, Vec<Phrase>>,
}

/// A grader's score for a manual item (`points` None: N/A).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    pub grader: String,
    pub item: String,
    pub points: Option<u32>,
}

/// Everything the scorer reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub rubric: &'a Rubric,
    pub timeline: &'a Timeline,
    /// The scenario's expectations (None for a real call).
    pub expect: Option<&'a Expectations>,
    /// Manual grades in the order they were given (the last one of an item counts
    /// unless `grader` picks whose).
    pub grades: &'a [Grade],
    pub grader: Option<&'a str>,
    pub reviews: &'a [ReviewNote],
}

/// An item's result before it goes on the card.
struct Scored {
    outcome: Outcome,
    /// Share of the points earned (for met 1, missed 0).
    share: f64,
    evidence: Vec<Evidence>,
    grader: String,
}

impl Scored {
    fn na(evidence: Vec<Evidence>) -> Scored {
        Scored {
            outcome: Outcome::NotApplicable,
            share: 0.0,
            evidence,
            grader: String::new(),
        }
    }

    /// Met, missed or (with `partial`) partly met from how many of `total` were met.
    fn of(met: usize, total: usize, partial: bool, evidence: Vec<Evidence>) -> Scored {
        let (outcome, share) = if total == 0 {
            (Outcome::NotApplicable, 0.0)
        } else if met == total {
            (Outcome::Met, 1.0)
        } else if met == 0 || !partial {
            (Outcome::Missed, 0.0)
        } else {
            (Outcome::Partial, met as f64 / total as f64)
        };
        Scored {
            outcome,
            share,
            evidence,
            grader: String::new(),
        }
    }

    fn pass(ok: bool, evidence: Vec<Evidence>) -> Scored {
        Scored::of(usize::from(ok), 1, false, evidence)
    }
}

/// Rounds to one decimal.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Scores a call.
pub fn score(inp: Inputs<'_>) -> Scorecard {
    let tl = inp.timeline;
    let mut sections = Vec::new();
    let mut failures = Vec::new();
    let mut call_failed = false;
    let mut provisional = false;
    // Exact section scores: the call's score is computed from these, and only the
    // figures on the card are rounded, so that rounding never adds up.
    let mut exact = Vec::new();
    for s in &inp.rubric.sections {
        let mut items = Vec::new();
        let mut section_failed = false;
        let mut earned_exact = 0.0;
        for item in &s.items {
            let r = score_item(&inp, item);
            let earned = match r.outcome {
                Outcome::NotApplicable | Outcome::Open => None,
                _ => Some(f64::from(item.points) * r.share),
            };
            earned_exact += earned.unwrap_or(0.0);
            let earned = earned.map(round1);
            let card = ItemCard {
                id: item.id.clone(),
                label_es: item.label_es.clone(),
                label_en: item.label_en.clone(),
                check: item.check.name().to_string(),
                points: item.points,
                earned,
                outcome: r.outcome,
                critical: item.critical,
                bonus: item.bonus,
                grader: r.grader,
                evidence: r.evidence,
            };
            provisional |= card.outcome == Outcome::Open;
            if card.failed_critical() {
                match item.critical {
                    Some(Critical::Call) => call_failed = true,
                    _ => section_failed = true,
                }
                failures.push(CriticalFailure {
                    section: s.id.clone(),
                    item: item.id.clone(),
                    label_es: item.label_es.clone(),
                    label_en: item.label_en.clone(),
                    critical: item.critical.unwrap_or(Critical::Section),
                    evidence: card.evidence.clone(),
                });
            }
            items.push(card);
        }
        let scored = |i: &&ItemCard| i.earned.is_some();
        let possible: u32 = items
            .iter()
            .filter(scored)
            .filter(|i| !i.bonus)
            .map(|i| i.points)
            .sum();
        let score = if section_failed {
            Some(0.0)
        } else if possible == 0 {
            None
        } else {
            Some(earned_exact / f64::from(possible) * 100.0)
        };
        exact.push(score);
        sections.push(SectionCard {
            id: s.id.clone(),
            label_es: s.label_es.clone(),
            label_en: s.label_en.clone(),
            weight: s.weight,
            score: score.map(round1),
            earned: round1(earned_exact),
            possible,
            critical_failed: section_failed,
            items,
        });
    }
    // Call-critical failures first, then section ones, each in rubric order.
    failures.sort_by_key(|f| f.critical != Critical::Call);
    let (sum, weights) = sections
        .iter()
        .zip(&exact)
        .filter_map(|(s, v)| v.map(|v| (v, s.weight)))
        .fold((0.0, 0u32), |(sum, w), (v, weight)| {
            (sum + v * f64::from(weight), w + weight)
        });
    let score = if call_failed {
        Some(0.0)
    } else if weights == 0 {
        None
    } else {
        Some(round1(sum / f64::from(weights)))
    };
    let passed = !call_failed && score.is_some_and(|s| s >= f64::from(inp.rubric.pass));
    let band = score.and_then(|s| inp.rubric.band(s)).map(|b| BandInfo {
        min: b.min,
        label_es: b.label_es.clone(),
        label_en: b.label_en.clone(),
    });
    let target_ms = handle_target(&inp).map(|s| i64::from(s) * 1000);
    let relevant = relevant_articles(&inp, None);
    let first_article = first_relevant(tl, &relevant).map(|e| ArticleAt {
        article: opened(e).unwrap_or_default().to_string(),
        ms: e.ms,
        turn: e.turn,
    });
    let mut reviews = inp.reviews.to_vec();
    reviews.sort_by_key(|r| r.turn);
    Scorecard {
        format: FORMAT,
        session: tl.session.clone(),
        mode: tl.mode.name().to_string(),
        scenario: tl.scenario.clone(),
        trainee: tl.trainee.clone(),
        agent: tl.agent.clone(),
        started: tl.started.clone(),
        rubric: RubricInfo {
            version: inp.rubric.version.clone(),
            file: inp.rubric.file_name(),
            fingerprint: inp.rubric.fingerprint.clone(),
            title_es: inp.rubric.title_es.clone(),
            title_en: inp.rubric.title_en.clone(),
            pass: inp.rubric.pass,
        },
        score,
        passed,
        auto_failed: call_failed,
        provisional,
        band,
        handle: HandleInfo {
            ms: tl.handle_ms,
            target_ms,
        },
        first_article,
        critical_failures: failures,
        sections,
        reviews,
    }
}

/// The target handle time: the scenario's, else the first handle_time item's.
fn handle_target(inp: &Inputs<'_>) -> Option<u32> {
    inp.expect.and_then(|e| e.target_handle_s).or_else(|| {
        inp.rubric
            .items()
            .find(|(_, i)| i.check == CheckKind::HandleTime)
            .and_then(|(_, i)| i.params.target_s)
    })
}

/// The articles that count as relevant: the scenario's (when the item takes from it, or
/// for the scorecard's header), else the item's; empty means any article.
fn relevant_articles(inp: &Inputs<'_>, item: Option<&Item>) -> Vec<String> {
    let scenario = || {
        inp.expect
            .map(|e| e.articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>())
            .filter(|a| !a.is_empty())
    };
    match item {
        Some(i) if i.from_scenario => scenario().unwrap_or_else(|| i.params.articles.clone()),
        Some(i) => i.params.articles.clone(),
        None => scenario().unwrap_or_default(),
    }
}

fn opened(e: &Event) -> Option<&str> {
    match &e.what {
        What::Open { article, .. } => Some(article),
        _ => None,
    }
}

fn first_relevant<'t>(tl: &'t Timeline, relevant: &[String]) -> Option<&'t Event> {
    tl.events
        .iter()
        .find(|e| opened(e).is_some_and(|a| relevant.is_empty() || relevant.iter().any(|r| r == a)))
}

fn ev(e: &Event, fact: Fact) -> Evidence {
    Evidence {
        turn: e.turn,
        at_ms: e.ms,
        fact,
    }
}

/// Evidence at a moment that is not an event (a deadline, the end of the call).
fn ev_at(tl: &Timeline, ms: i64, fact: Fact) -> Evidence {
    Evidence {
        turn: tl.turn_at(ms),
        at_ms: ms,
        fact,
    }
}

/// Evidence at the end of the call.
fn ev_end(tl: &Timeline, fact: Fact) -> Evidence {
    ev_at(tl, tl.handle_ms, fact)
}

fn phrases_text(ps: &[Phrase]) -> String {
    ps.iter()
        .map(|p| p.source.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn score_item(inp: &Inputs<'_>, item: &Item) -> Scored {
    let tl = inp.timeline;
    let p = &item.params;
    // The scenario's expectations, when the item takes from it and the call has them.
    let exp = inp.expect.filter(|_| item.from_scenario);
    let nothing = || Scored::na(vec![ev_end(tl, Fact::NothingToCheck)]);
    match item.check {
        CheckKind::Manual => manual(inp, item),
        CheckKind::ArticleOpened => {
            // The scenario's articles: each must be opened; the item's: any one of them
            // (the Spanish and English versions of one article).
            let goals: Vec<(Vec<&str>, Option<u32>)> = match exp.filter(|e| !e.articles.is_empty())
            {
                Some(e) => e
                    .articles
                    .iter()
                    .map(|a| (vec![a.id.as_str()], a.within_s))
                    .collect(),
                None if p.articles.is_empty() => return nothing(),
                None => vec![(p.articles.iter().map(String::as_str).collect(), p.within_s)],
            };
            let mut met = 0;
            let mut evidence = Vec::new();
            for (ids, within_s) in &goals {
                let first = tl
                    .events
                    .iter()
                    .find(|e| opened(e).is_some_and(|a| ids.contains(&a)));
                let limit = within_s.map(|s| i64::from(s) * 1000);
                match (first, limit) {
                    (Some(e), Some(l)) if e.ms > l => evidence.push(ev(
                        e,
                        Fact::OpenedLate {
                            article: opened(e).unwrap_or_default().to_string(),
                            limit_ms: l,
                        },
                    )),
                    (Some(e), _) => {
                        met += 1;
                        evidence.push(ev(
                            e,
                            Fact::Opened {
                                article: opened(e).unwrap_or_default().to_string(),
                            },
                        ));
                    }
                    (None, l) => {
                        let fact = Fact::NotOpened {
                            article: ids.join(" | "),
                        };
                        evidence.push(match l {
                            Some(l) if l < tl.handle_ms => ev_at(tl, l, fact),
                            _ => ev_end(tl, fact),
                        });
                    }
                }
            }
            Scored::of(met, goals.len(), p.partial, evidence)
        }
        CheckKind::Order => {
            let pairs: Vec<(Ref, Ref)> = match exp.filter(|e| !e.order.is_empty()) {
                Some(e) => e.order.clone(),
                None => match (&p.before, &p.after) {
                    (Some(b), Some(a)) => vec![(b.clone(), a.clone())],
                    _ => return nothing(),
                },
            };
            let mut met = 0;
            let mut applicable = 0;
            let mut evidence = Vec::new();
            for (before, after) in &pairs {
                let (b_src, a_src) = (before.source(), after.source());
                let Some(a) = find_step(inp, after) else {
                    evidence.push(ev_end(tl, Fact::NotReached { after: a_src }));
                    continue;
                };
                applicable += 1;
                let b = find_step(inp, before);
                match b {
                    Some(b) if b.0 < a.0 => {
                        met += 1;
                        evidence.push(ev(
                            a.1,
                            Fact::InOrder {
                                before: b_src,
                                after: a_src,
                            },
                        ));
                    }
                    Some(b) => {
                        evidence.push(ev(
                            a.1,
                            Fact::OutOfOrder {
                                before: b_src.clone(),
                                after: a_src,
                            },
                        ));
                        evidence.push(ev(b.1, Fact::StepLate { before: b_src }));
                    }
                    None => evidence.push(ev(
                        a.1,
                        Fact::StepMissing {
                            before: b_src,
                            after: a_src,
                        },
                    )),
                }
            }
            if applicable == 0 {
                return Scored::na(evidence);
            }
            Scored::of(met, applicable, p.partial, evidence)
        }
        CheckKind::PhraseSaid => {
            let speaker = p.speaker.unwrap_or(Speaker::Agent);
            // The scenario's phrases: each must be said; the item's: any one of them.
            let (goals, limits) = match exp.filter(|e| !e.phrases.is_empty()) {
                Some(e) => (
                    e.phrases
                        .iter()
                        .map(|x| vec![x.clone()])
                        .collect::<Vec<_>>(),
                    (None, None),
                ),
                None if p.phrases.is_empty() => return nothing(),
                None => (vec![p.phrases.clone()], (p.within_s, p.within_turns)),
            };
            let mut met = 0;
            let mut evidence = Vec::new();
            for g in &goals {
                let (fact, e) = phrase_said(tl, g, speaker, limits);
                met += usize::from(matches!(fact, Fact::Said { .. }));
                evidence.push(match e {
                    Some(e) => ev(e, fact),
                    None => match deadline(tl, speaker, limits) {
                        Some(Deadline::Time(ms)) => ev_at(tl, ms, fact),
                        Some(Deadline::Turn(e)) => ev(e, fact),
                        None => ev_end(tl, fact),
                    },
                });
            }
            Scored::of(met, goals.len(), p.partial, evidence)
        }
        CheckKind::PhraseAvoided => {
            let speaker = p.speaker.unwrap_or(Speaker::Agent);
            let phrases = match exp.filter(|e| !e.avoid.is_empty()) {
                Some(e) => &e.avoid,
                None if p.phrases.is_empty() => return nothing(),
                None => &p.phrases,
            };
            let evidence: Vec<Evidence> = tl
                .turns()
                .filter(|(_, s, _)| *s == speaker)
                .filter_map(|(e, _, text)| {
                    first_match(phrases, text).map(|ph| {
                        ev(
                            e,
                            Fact::Forbidden {
                                phrase: ph.source.clone(),
                                text: text.to_string(),
                            },
                        )
                    })
                })
                .collect();
            if evidence.is_empty() {
                return Scored::pass(
                    true,
                    vec![ev_end(
                        tl,
                        Fact::Avoided {
                            phrases: phrases_text(phrases),
                        },
                    )],
                );
            }
            Scored::pass(false, evidence)
        }
        CheckKind::Empathy => {
            if exp.is_some_and(|e| e.empathy == Some(false)) {
                return Scored::na(vec![ev_end(tl, Fact::NoEmpathyNeeded)]);
            }
            empathy(tl, item)
        }
        CheckKind::DeadAir => {
            let max = exp
                .and_then(|e| e.max_dead_air_s)
                .or(p.max_s)
                .map(|s| i64::from(s) * 1000);
            let Some(max) = max else {
                return nothing();
            };
            match tl.longest_gap() {
                None => nothing(),
                Some((gap, e)) => Scored::pass(
                    gap <= max,
                    vec![ev(
                        e,
                        Fact::Silence {
                            ms: gap,
                            max_ms: max,
                        },
                    )],
                ),
            }
        }
        CheckKind::HandleTime => {
            let target = exp
                .and_then(|e| e.target_handle_s)
                .or(p.target_s)
                .map(|s| i64::from(s) * 1000);
            let Some(target) = target else {
                return nothing();
            };
            Scored::pass(
                tl.handle_ms <= target,
                vec![ev_end(
                    tl,
                    Fact::Handle {
                        ms: tl.handle_ms,
                        target_ms: target,
                    },
                )],
            )
        }
        CheckKind::FirstArticle => {
            let relevant = relevant_articles(inp, Some(item));
            let max = p.max_s.map(|s| i64::from(s) * 1000);
            match first_relevant(tl, &relevant) {
                Some(e) => Scored::pass(
                    max.is_none_or(|m| e.ms <= m),
                    vec![ev(
                        e,
                        Fact::FirstArticle {
                            article: opened(e).unwrap_or_default().to_string(),
                            ms: e.ms,
                        },
                    )],
                ),
                None => {
                    let at = max.filter(|m| *m < tl.handle_ms).unwrap_or(tl.handle_ms);
                    Scored::pass(false, vec![ev_at(tl, at, Fact::NoRelevantArticle)])
                }
            }
        }
        CheckKind::HiddenFacts => {
            let facts = match exp.filter(|e| !e.facts.is_empty()) {
                Some(e) => &e.facts,
                None if p.facts.is_empty() => return nothing(),
                None => &p.facts,
            };
            // Facts to verify must be asked before this step (touching the account),
            // when it happened.
            let step = p
                .before
                .as_ref()
                .and_then(|b| find_step(inp, b).map(|s| (b, s)));
            let mut met = 0;
            let mut evidence = Vec::new();
            for f in facts {
                let asked = tl
                    .events
                    .iter()
                    .enumerate()
                    .find_map(|(i, e)| match &e.what {
                        What::Turn {
                            speaker: Speaker::Agent,
                            text,
                            ..
                        } if first_match(&f.phrases, text).is_some() => Some((i, e, text.as_str())),
                        _ => None,
                    });
                let unverified = match (step, asked) {
                    (Some((_, (si, _))), Some((ai, _, _))) => f.verify && ai > si,
                    (Some(_), None) => f.verify,
                    (None, _) => false,
                };
                if unverified && let Some((b, (_, se))) = step {
                    evidence.push(ev(
                        se,
                        Fact::FactNotVerified {
                            fact: f.id.clone(),
                            step: b.source(),
                        },
                    ));
                    if let Some((_, e, text)) = asked {
                        evidence.push(ev(
                            e,
                            Fact::FactAsked {
                                fact: f.id.clone(),
                                text: text.to_string(),
                            },
                        ));
                    }
                    continue;
                }
                match asked {
                    Some((_, e, text)) => {
                        met += 1;
                        evidence.push(ev(
                            e,
                            Fact::FactAsked {
                                fact: f.id.clone(),
                                text: text.to_string(),
                            },
                        ));
                    }
                    None => evidence.push(ev_end(tl, Fact::FactNotAsked { fact: f.id.clone() })),
                }
            }
            Scored::of(met, facts.len(), p.partial, evidence)
        }
        CheckKind::Wrapup => {
            let wrapup = tl.events.iter().rev().find_map(|e| match &e.what {
                What::Wrapup { disposition } => Some((e, *disposition)),
                _ => None,
            });
            match wrapup {
                Some((e, d)) => Scored::pass(
                    p.disposition.is_none_or(|want| want == d),
                    vec![ev(
                        e,
                        Fact::Wrapup {
                            disposition: d.name().to_string(),
                        },
                    )],
                ),
                None => Scored::pass(false, vec![ev_end(tl, Fact::NoWrapup)]),
            }
        }
    }
}

/// The first event of a step: (its index, the event).
fn find_step<'t>(inp: &Inputs<'t>, step: &Ref) -> Option<(usize, &'t Event)> {
    let tl = inp.timeline;
    let said = |phrases: &[Phrase]| {
        tl.events.iter().enumerate().find(|(_, e)| {
            matches!(&e.what, What::Turn { speaker: Speaker::Agent, text, .. } if first_match(phrases, text).is_some())
        })
    };
    match step {
        Ref::Article(a) => tl
            .events
            .iter()
            .enumerate()
            .find(|(_, e)| opened(e) == Some(a.as_str())),
        Ref::Phrase(p) => said(std::slice::from_ref(p)),
        Ref::Intent(name) => {
            let phrases = inp
                .rubric
                .intents
                .get(name)
                .or_else(|| inp.expect.and_then(|e| e.intents.get(name)))?;
            said(phrases)
        }
    }
}

/// When a phrase had to be said by.
enum Deadline<'t> {
    /// A time limit.
    Time(i64),
    /// The speaker's last allowed turn.
    Turn(&'t Event),
}

/// When a phrase had to be said by: the time limit, or the speaker's last allowed turn,
/// whichever comes first. A turn is named by itself, not looked up by its time: several
/// turns can share one millisecond.
fn deadline(
    tl: &Timeline,
    speaker: Speaker,
    (within_s, within_turns): (Option<u32>, Option<u32>),
) -> Option<Deadline<'_>> {
    let by_time = within_s.map(|s| i64::from(s) * 1000);
    let by_turn = within_turns.and_then(|n| {
        tl.turns()
            .filter(|(_, s, _)| *s == speaker)
            .nth((n as usize).saturating_sub(1))
            .map(|(e, _, _)| e)
    });
    match (by_time, by_turn) {
        (Some(ms), Some(e)) if ms < e.ms => Some(Deadline::Time(ms)),
        (_, Some(e)) => Some(Deadline::Turn(e)),
        (Some(ms), None) => Some(Deadline::Time(ms)),
        (None, None) => None,
    }
}

/// Whether one of `phrases` was said by `speaker` within the limits: the fact and the
/// turn it was said at.
fn phrase_said<'t>(
    tl: &'t Timeline,
    phrases: &[Phrase],
    speaker: Speaker,
    (within_s, within_turns): (Option<u32>, Option<u32>),
) -> (Fact, Option<&'t Event>) {
    let found = tl
        .turns()
        .filter(|(_, s, _)| *s == speaker)
        .enumerate()
        .find_map(|(k, (e, _, text))| first_match(phrases, text).map(|ph| (k, e, ph, text)));
    match found {
        Some((k, e, ph, text)) => {
            let late_time = within_s.is_some_and(|s| e.ms > i64::from(s) * 1000);
            let late_turn = within_turns.is_some_and(|n| k >= n as usize);
            let (phrase, text) = (ph.source.clone(), text.to_string());
            let fact = if late_time || late_turn {
                Fact::SaidLate { phrase, text }
            } else {
                Fact::Said { phrase, text }
            };
            (fact, Some(e))
        }
        None => (
            Fact::NotSaid {
                phrase: phrases_text(phrases),
            },
            None,
        ),
    }
}

/// Each cue moment needs empathy in the agent's next `within_turns` turns (1 by
/// default): shown, missing, or no moment at all (N/A).
fn empathy(tl: &Timeline, item: &Item) -> Scored {
    let p = &item.params;
    let within = p.within_turns.unwrap_or(1) as usize;
    let mut moments = 0;
    let mut met = 0;
    let mut evidence = Vec::new();
    let mut last_turn = None;
    for (i, e) in tl.events.iter().enumerate() {
        let What::Cue {
            kind,
            label_es,
            label_en,
        } = &e.what
        else {
            continue;
        };
        if !p.cues.is_empty() && !p.cues.contains(kind) {
            continue;
        }
        // Several cues in one turn are one moment.
        if last_turn == Some(e.turn) {
            continue;
        }
        last_turn = Some(e.turn);
        moments += 1;
        evidence.push(ev(
            e,
            Fact::Cue {
                label_es: label_es.clone(),
                label_en: label_en.clone(),
            },
        ));
        let answers: Vec<(&Event, &str)> = tl.events[i + 1..]
            .iter()
            .filter_map(|e| match &e.what {
                What::Turn {
                    speaker: Speaker::Agent,
                    text,
                    ..
                } => Some((e, text.as_str())),
                _ => None,
            })
            .take(within)
            .collect();
        match answers
            .iter()
            .find_map(|(e, text)| first_match(&p.phrases, text).map(|ph| (e, ph, text)))
        {
            Some((e, ph, text)) => {
                met += 1;
                evidence.push(ev(
                    e,
                    Fact::EmpathyShown {
                        phrase: ph.source.clone(),
                        text: text.to_string(),
                    },
                ));
            }
            None => {
                let at = answers.last().map_or(e, |(e, _)| e);
                evidence.push(ev(at, Fact::EmpathyMissing));
            }
        }
    }
    if moments == 0 {
        return Scored::na(vec![ev_end(tl, Fact::NoCue)]);
    }
    Scored::of(met, moments, p.partial, evidence)
}

/// A manual item: the chosen grader's last grade (or the last grade given), else open.
fn manual(inp: &Inputs<'_>, item: &Item) -> Scored {
    let tl = inp.timeline;
    let of_item: Vec<&Grade> = inp.grades.iter().filter(|g| g.item == item.id).collect();
    let chosen = of_item
        .iter()
        .rev()
        .find(|g| inp.grader.is_none_or(|name| g.grader == name));
    // Every grader's latest grade, as evidence, the chosen one first.
    let mut latest: Vec<&Grade> = Vec::new();
    for g in of_item.iter().rev() {
        if !latest.iter().any(|l| l.grader == g.grader) {
            latest.push(g);
        }
    }
    latest.sort_by_key(|g| {
        (
            Some(&g.grader) != chosen.map(|c| &c.grader),
            g.grader.clone(),
        )
    });
    let evidence: Vec<Evidence> = latest
        .iter()
        .map(|g| {
            ev_end(
                tl,
                Fact::Graded {
                    grader: g.grader.clone(),
                    points: g.points,
                    max: item.points,
                },
            )
        })
        .collect();
    let Some(g) = chosen else {
        let mut evidence = evidence;
        evidence.insert(0, ev_end(tl, Fact::NeedsPerson));
        return Scored {
            outcome: Outcome::Open,
            share: 0.0,
            evidence,
            grader: String::new(),
        };
    };
    let (outcome, share) = match g.points {
        None => (Outcome::NotApplicable, 0.0),
        Some(p) if p >= item.points => (Outcome::Met, 1.0),
        Some(0) => (Outcome::Missed, 0.0),
        Some(p) => (Outcome::Partial, f64::from(p) / f64::from(item.points)),
    };
    Scored {
        outcome,
        share,
        evidence,
        grader: g.grader.clone(),
    }
}

#[cfg(test)]
mod tests;
