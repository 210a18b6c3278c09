//! `apunte report faq`: the customer turns of saved calls cut into sentences, the ones
//! that say something (two content words or more) grouped by [`super::faq::mine`], each
//! group with its words, representative questions, the calls it came from and the
//! article that already covers it, or none.
use std::collections::BTreeSet;

use serde::Serialize;

use super::calls::Call;
use super::faq::{self, Options};
use super::table::{Report, Table};
use crate::i18n::Msg;
use crate::search::analysis::{Analyzers, is_stop_word};
use crate::text::Lang;

/// A question asked in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub call: String,
    pub text: String,
}

/// The sentences of a customer turn worth grouping: those with at least two content
/// words (greetings, thanks and "yes" are left out).
pub fn sentences(an: &mut Analyzers, turn: &str) -> Vec<String> {
    turn.split_inclusive(['.', '?', '!', '\n', ';'])
        .map(|s| s.trim().trim_start_matches(['¿', '¡']).trim())
        .filter(|s| {
            an.words(s)
                .iter()
                .filter(|w| w.folded.chars().count() >= 3 && !is_stop_word(&w.folded))
                .count()
                >= 2
        })
        .map(str::to_string)
        .collect()
}

/// The questions of some calls.
pub fn questions(calls: &[Call]) -> Vec<Question> {
    let mut an = Analyzers::new();
    let mut out = Vec::new();
    for c in calls {
        for t in c.customer_turns() {
            for s in sentences(&mut an, &t) {
                out.push(Question {
                    call: c.id.clone(),
                    text: s,
                });
            }
        }
    }
    out
}

/// One frequent question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaqGroup {
    pub rank: usize,
    /// How many times it was asked.
    pub size: usize,
    pub cohesion: f32,
    pub score: f32,
    /// Its most telling words.
    pub words: Vec<String>,
    /// Representative questions (the most central).
    pub examples: Vec<String>,
    /// The calls it came from.
    pub calls: Vec<String>,
    /// The article that covers it now: (id, title).
    pub article: Option<(String, String)>,
}

/// The FAQ report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaqReport {
    pub calls: usize,
    pub questions: usize,
    pub groups: Vec<FaqGroup>,
}

/// Groups the questions; `cover` finds the article covering a group from its words and
/// its most representative question.
pub fn report(
    calls: usize,
    questions: &[Question],
    opts: &Options,
    mut cover: impl FnMut(&[String], &str) -> Option<(String, String)>,
) -> FaqReport {
    let texts: Vec<&str> = questions.iter().map(|q| q.text.as_str()).collect();
    let groups = faq::mine(&texts, opts);
    let groups = groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let examples: Vec<String> = g
                .representatives
                .iter()
                .map(|r| questions[*r].text.clone())
                .collect();
            let call_ids: BTreeSet<String> = g
                .members
                .iter()
                .map(|m| questions[*m].call.clone())
                .collect();
            let article = cover(&g.name, examples.first().map_or("", String::as_str));
            FaqGroup {
                rank: i + 1,
                size: g.size,
                cohesion: g.cohesion,
                score: g.score,
                words: g.name,
                examples,
                calls: call_ids.into_iter().collect(),
                article,
            }
        })
        .collect();
    FaqReport {
        calls,
        questions: questions.len(),
        groups,
    }
}

impl Report for FaqReport {
    fn summary(&self, lang: Lang) -> String {
        Msg::RepFaqSummary.fill(lang, &[&self.questions, &self.calls, &self.groups.len()])
    }

    fn tables(&self, lang: Lang) -> Vec<Table> {
        let m = |x: Msg| x.text(lang);
        let mut t = Table::new(
            m(Msg::RepFaqTitle),
            &[
                "#",
                m(Msg::RepSize),
                m(Msg::RepCohesion),
                m(Msg::RepWords),
                m(Msg::RepExamples),
                m(Msg::RepCalls),
                m(Msg::RepArticle),
            ],
            &[true, true, true, false, false, true, false],
        );
        for g in &self.groups {
            t.push(vec![
                g.rank.to_string(),
                g.size.to_string(),
                format!("{:.2}", g.cohesion),
                g.words.join(" "),
                g.examples.join(" · "),
                g.calls.len().to_string(),
                g.article
                    .as_ref()
                    .map_or_else(|| m(Msg::RepNone).to_string(), |(id, _)| id.clone()),
            ]);
        }
        vec![t]
    }

    fn to_csv(&self) -> String {
        let mut t = Table::default();
        for g in &self.groups {
            t.push(vec![
                g.rank.to_string(),
                g.size.to_string(),
                format!("{:.3}", g.cohesion),
                g.words.join(" "),
                g.examples.join(" | "),
                g.calls.join(" "),
                g.article.as_ref().map_or_else(String::new, |a| a.0.clone()),
            ]);
        }
        t.to_csv(&[
            "rank", "size", "cohesion", "words", "examples", "calls", "article",
        ])
    }
}
