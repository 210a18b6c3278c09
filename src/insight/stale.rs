//! The freshness report: the articles to review, grouped by owner — past their
//! `review_by` date, not opened in the last N days (or never), and flagged: the flags
//! not resolved, told apart into those raised on the article as it is now and those
//! raised on an older version (the article changed since: possibly addressed). Archived
//! articles are left out. Within an owner the most flagged come first.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::calls::Call;
use super::table::{Report, Table};
use crate::conversation::feedback::{Flag, Status};
use crate::conversation::journal::JournalEntry;
use crate::i18n::Msg;
use crate::knowledge::Article;
use crate::text::Lang;

/// Default for "not opened in N days".
pub const DAYS: u32 = 90;

/// Why an article is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    PastReview,
    NotOpened,
    Flagged,
}

impl Why {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Why::PastReview => Msg::RepPastReview.text(lang),
            Why::NotOpened => Msg::RepUnused.text(lang),
            Why::Flagged => Msg::RepFlagged.text(lang),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Why::PastReview => "past_review",
            Why::NotOpened => "not_opened",
            Why::Flagged => "flagged",
        }
    }
}

/// One article to review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleArticle {
    pub article: String,
    pub title: String,
    pub owner: Option<String>,
    pub review_by: Option<String>,
    /// The day it was last opened in a call (`YYYY-MM-DD`), None: never.
    pub last_opened: Option<String>,
    /// Flags not resolved, raised on the article as it is now.
    pub open_flags: usize,
    /// Flags not resolved, raised on an older version (possibly addressed).
    pub changed_flags: usize,
    pub why: Vec<Why>,
}

impl StaleArticle {
    fn flags(&self) -> usize {
        self.open_flags + self.changed_flags
    }
}

/// The articles of one owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerGroup {
    /// None: the articles with no owner.
    pub owner: Option<String>,
    pub articles: Vec<StaleArticle>,
}

/// The freshness report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleReport {
    pub today: String,
    pub days: u32,
    /// Articles listed, and of them: past review, not opened in `days`, flagged.
    pub listed: usize,
    pub past_review: usize,
    pub not_opened: usize,
    pub flagged: usize,
    /// Owners in name order, the articles with no owner last.
    pub owners: Vec<OwnerGroup>,
}

/// The day each article was last opened in `calls`.
fn last_opened(calls: &[Call]) -> BTreeMap<String, NaiveDate> {
    let mut out: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for c in calls {
        for r in &c.records {
            if let JournalEntry::Open { article, .. } = &r.entry
                && let Some(day) = r.time().map(|t| t.date_naive())
            {
                let e = out.entry(article.clone()).or_insert(day);
                *e = (*e).max(day);
            }
        }
    }
    out
}

/// The articles to review on `today`: `articles` as they are now, the `calls` that
/// opened them, the `flags` raised on them.
pub fn report(
    articles: &[Article],
    calls: &[Call],
    flags: &[Flag],
    today: NaiveDate,
    days: u32,
) -> StaleReport {
    let opened = last_opened(calls);
    let since = today - chrono::Days::new(u64::from(days));
    let today_s = today.format("%Y-%m-%d").to_string();
    let mut by_owner: BTreeMap<Option<String>, Vec<StaleArticle>> = BTreeMap::new();
    let (mut past_review, mut not_opened, mut flagged) = (0, 0, 0);
    for a in articles.iter().filter(|a| !a.is_archived()) {
        let version = a.version();
        let (mut open_flags, mut changed_flags) = (0, 0);
        for f in flags.iter().filter(|f| f.article.as_deref() == Some(&a.id)) {
            match f.status(Some(&version)) {
                Status::Open => open_flags += 1,
                Status::Changed => changed_flags += 1,
                Status::Gone | Status::Resolved => {}
            }
        }
        let last = opened.get(&a.id).copied();
        let mut why = Vec::new();
        if a.review_due(&today_s) {
            why.push(Why::PastReview);
            past_review += 1;
        }
        if last.is_none_or(|d| d < since) {
            why.push(Why::NotOpened);
            not_opened += 1;
        }
        if open_flags + changed_flags > 0 {
            why.push(Why::Flagged);
            flagged += 1;
        }
        if why.is_empty() {
            continue;
        }
        let owner = a
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string);
        by_owner
            .entry(owner.clone())
            .or_default()
            .push(StaleArticle {
                article: a.id.clone(),
                title: a.title.clone(),
                owner,
                review_by: a.review_by.clone(),
                last_opened: last.map(|d| d.format("%Y-%m-%d").to_string()),
                open_flags,
                changed_flags,
                why,
            });
    }
    let mut owners: Vec<OwnerGroup> = by_owner
        .into_iter()
        .map(|(owner, mut articles)| {
            articles.sort_by(|a, b| {
                b.flags()
                    .cmp(&a.flags())
                    .then(b.why.len().cmp(&a.why.len()))
                    .then(a.review_by.cmp(&b.review_by))
                    .then(a.article.cmp(&b.article))
            });
            OwnerGroup { owner, articles }
        })
        .collect();
    // No owner last (None sorts first in the map).
    owners.sort_by_key(|g| g.owner.is_none());
    StaleReport {
        today: today_s,
        days,
        listed: owners.iter().map(|g| g.articles.len()).sum(),
        past_review,
        not_opened,
        flagged,
        owners,
    }
}

impl Report for StaleReport {
    fn summary(&self, lang: Lang) -> String {
        Msg::RepStaleSummary.fill(
            lang,
            &[
                &self.listed,
                &self.past_review,
                &self.not_opened,
                &self.days,
                &self.flagged,
            ],
        )
    }

    /// One table per owner.
    fn tables(&self, lang: Lang) -> Vec<Table> {
        let m = |x: Msg| x.text(lang);
        self.owners
            .iter()
            .map(|g| {
                let owner = g.owner.as_deref().unwrap_or(m(Msg::RepNoOwner));
                let mut t = Table::new(
                    format!("{} ({})", owner, g.articles.len()),
                    &[
                        "#",
                        m(Msg::RepArticle),
                        m(Msg::RepReviewBy),
                        m(Msg::RepLastOpened),
                        m(Msg::RepFlags),
                        m(Msg::RepWhy),
                    ],
                    &[true, false, false, false, true, false],
                );
                for (i, a) in g.articles.iter().enumerate() {
                    let flags = if a.changed_flags > 0 {
                        Msg::RepFlagsChanged.fill(lang, &[&a.flags(), &a.changed_flags])
                    } else {
                        a.flags().to_string()
                    };
                    t.push(vec![
                        (i + 1).to_string(),
                        format!("{} ({})", a.title, a.article),
                        a.review_by.clone().unwrap_or_else(|| "—".into()),
                        a.last_opened
                            .clone()
                            .unwrap_or_else(|| m(Msg::RepNever).to_string()),
                        flags,
                        a.why
                            .iter()
                            .map(|w| w.label(lang))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]);
                }
                t
            })
            .collect()
    }

    /// One row per article: owner, article, title, review_by, last_opened, flags, why.
    fn to_csv(&self) -> String {
        let mut t = Table::default();
        for g in &self.owners {
            for a in &g.articles {
                t.push(vec![
                    g.owner.clone().unwrap_or_default(),
                    a.article.clone(),
                    a.title.clone(),
                    a.review_by.clone().unwrap_or_default(),
                    a.last_opened.clone().unwrap_or_default(),
                    a.open_flags.to_string(),
                    a.changed_flags.to_string(),
                    a.why.iter().map(|w| w.name()).collect::<Vec<_>>().join(" "),
                ]);
            }
        }
        t.to_csv(&[
            "owner",
            "article",
            "title",
            "review_by",
            "last_opened",
            "open_flags",
            "changed_flags",
            "why",
        ])
    }
}
