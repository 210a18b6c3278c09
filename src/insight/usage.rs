//! The usage report: a Pareto of article reuse (each article's uses — opened from a
//! search or a link, suggested and opened, copied from — most used first with the
//! cumulative share), helpful / not helpful votes (given in calls and outside them), the
//! articles never used, and the link rate: the share of calls linked to at least one
//! article (opened or copied from).
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::calls::Call;
use super::table::{Report, Table};
use crate::conversation::feedback::Vote;
use crate::conversation::journal::JournalEntry;
use crate::i18n::Msg;
use crate::text::Lang;

/// One article's reuse.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ArticleUse {
    pub article: String,
    pub title: String,
    /// Opened in the reader (any way).
    pub opened: usize,
    /// Of those, opened from the suggestions.
    pub suggested_opened: usize,
    /// Text copied from it.
    pub copied: usize,
    pub helpful: usize,
    pub not_helpful: usize,
    /// Calls it was used in.
    pub calls: usize,
    /// Share of all uses up to this one, most used first (0–100).
    pub cumulative: f64,
}

impl ArticleUse {
    /// Uses: opened plus copied from.
    pub fn uses(&self) -> usize {
        self.opened + self.copied
    }
}

/// The usage report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UsageReport {
    pub calls: usize,
    /// Calls with at least one article opened or copied from.
    pub linked_calls: usize,
    /// linked_calls / calls × 100.
    pub link_rate: f64,
    pub articles: Vec<ArticleUse>,
    /// Articles of the knowledge nobody used: (id, title).
    pub never_used: Vec<(String, String)>,
    /// How many of the most used articles make 80 % of the uses.
    pub pareto_80: usize,
}

fn vote(by: &mut BTreeMap<String, ArticleUse>, article: &str, helpful: bool) {
    let u = by.entry(article.to_string()).or_default();
    if helpful {
        u.helpful += 1;
    } else {
        u.not_helpful += 1;
    }
}

/// The usage of `calls`' records over the articles of the knowledge (id, title), with
/// the votes given outside a call (the feedback journal's) counted as well.
pub fn report(calls: &[Call], known: &[(String, String)], votes: &[Vote]) -> UsageReport {
    let mut by: BTreeMap<String, ArticleUse> = BTreeMap::new();
    for v in votes {
        vote(&mut by, &v.article, v.helpful);
    }
    let mut per_call: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut linked = 0;
    for call in calls {
        let mut used: BTreeSet<String> = BTreeSet::new();
        for r in &call.records {
            let (id, title) = match &r.entry {
                JournalEntry::Open {
                    article,
                    title,
                    via,
                } => {
                    let u = by.entry(article.clone()).or_default();
                    u.opened += 1;
                    if via.as_deref() == Some("suggestion") {
                        u.suggested_opened += 1;
                    }
                    (article.clone(), title.clone())
                }
                JournalEntry::Copy {
                    article: Some(article),
                    ..
                } => {
                    by.entry(article.clone()).or_default().copied += 1;
                    (article.clone(), String::new())
                }
                JournalEntry::Helpful {
                    article, helpful, ..
                } => {
                    vote(&mut by, article, *helpful);
                    continue;
                }
                _ => continue,
            };
            let u = by.entry(id.clone()).or_default();
            if u.title.is_empty() {
                u.title = title;
            }
            used.insert(id);
        }
        if !used.is_empty() {
            linked += 1;
        }
        for id in &used {
            per_call
                .entry(id.clone())
                .or_default()
                .insert(call.id.clone());
        }
    }
    for (id, title) in known {
        if let Some(u) = by.get_mut(id) {
            u.title = title.clone();
        }
    }
    let mut articles: Vec<ArticleUse> = by
        .into_iter()
        .map(|(id, mut u)| {
            u.calls = per_call.get(&id).map_or(0, BTreeSet::len);
            u.article = id;
            u
        })
        .collect();
    articles.sort_by(|a, b| {
        b.uses()
            .cmp(&a.uses())
            .then(b.calls.cmp(&a.calls))
            .then(a.article.cmp(&b.article))
    });
    let total: usize = articles.iter().map(ArticleUse::uses).sum();
    let mut running = 0;
    for a in &mut articles {
        running += a.uses();
        a.cumulative = if total == 0 {
            0.0
        } else {
            100.0 * running as f64 / total as f64
        };
    }
    let pareto_80 = articles
        .iter()
        .position(|a| a.cumulative >= 80.0)
        .map_or(articles.len(), |p| p + 1);
    let used: BTreeSet<&str> = articles.iter().map(|a| a.article.as_str()).collect();
    let never_used = known
        .iter()
        .filter(|(id, _)| !used.contains(id.as_str()))
        .cloned()
        .collect();
    UsageReport {
        calls: calls.len(),
        linked_calls: linked,
        link_rate: if calls.is_empty() {
            0.0
        } else {
            100.0 * linked as f64 / calls.len() as f64
        },
        articles,
        never_used,
        pareto_80,
    }
}

impl Report for UsageReport {
    fn summary(&self, lang: Lang) -> String {
        Msg::RepUsageSummary.fill(
            lang,
            &[
                &format!("{:.1}", self.link_rate),
                &self.linked_calls,
                &self.calls,
                &self.pareto_80,
                &self.articles.len(),
                &self.never_used.len(),
            ],
        )
    }

    fn tables(&self, lang: Lang) -> Vec<Table> {
        let m = |x: Msg| x.text(lang);
        let mut reuse = Table::new(
            m(Msg::RepUsageTitle),
            &[
                "#",
                m(Msg::RepArticle),
                m(Msg::RepOpened),
                m(Msg::RepSuggestedOpened),
                m(Msg::RepCopied),
                m(Msg::RepHelpful),
                m(Msg::RepCalls),
                m(Msg::RepCumulative),
            ],
            &[true, false, true, true, true, false, true, true],
        );
        for (i, a) in self.articles.iter().enumerate() {
            reuse.push(vec![
                (i + 1).to_string(),
                if a.title.is_empty() {
                    a.article.clone()
                } else {
                    format!("{} ({})", a.title, a.article)
                },
                a.opened.to_string(),
                a.suggested_opened.to_string(),
                a.copied.to_string(),
                format!("+{} −{}", a.helpful, a.not_helpful),
                a.calls.to_string(),
                format!("{:.0} %", a.cumulative),
            ]);
        }
        let mut never = Table::new(
            format!("{} ({})", m(Msg::RepNeverUsed), self.never_used.len()),
            &[m(Msg::RepArticle), m(Msg::RepTitle)],
            &[false, false],
        );
        for (id, title) in &self.never_used {
            never.push(vec![id.clone(), title.clone()]);
        }
        vec![reuse, never]
    }

    /// One row per article (never-used ones with zeros).
    fn to_csv(&self) -> String {
        let mut t = Table::default();
        for (i, a) in self.articles.iter().enumerate() {
            t.push(vec![
                (i + 1).to_string(),
                a.article.clone(),
                a.title.clone(),
                a.opened.to_string(),
                a.suggested_opened.to_string(),
                a.copied.to_string(),
                a.helpful.to_string(),
                a.not_helpful.to_string(),
                a.calls.to_string(),
                format!("{:.1}", a.cumulative),
            ]);
        }
        for (id, title) in &self.never_used {
            t.push(vec![
                String::new(),
                id.clone(),
                title.clone(),
                "0".into(),
                "0".into(),
                "0".into(),
                "0".into(),
                "0".into(),
                "0".into(),
                String::new(),
            ]);
        }
        t.to_csv(&[
            "rank",
            "article",
            "title",
            "opened",
            "suggested_opened",
            "copied",
            "helpful",
            "not_helpful",
            "calls",
            "cumulative_percent",
        ])
    }
}
