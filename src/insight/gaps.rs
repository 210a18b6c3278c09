//! The gap report: searches that found nothing useful, told apart — no results at all,
//! or results the agent opened none of — grouped by topic ([`super::topic`]), most
//! frequent first, each with example queries, the calls it came from, how often the agent
//! searched again right after, and the best current article if any.
//!
//! Read from the journal: a `search` record, then an `open` with `via = "search"` before
//! the next search is the result opened. A search followed by another within
//! [`AGAIN_SECS`] with nothing opened (or recorded with `again`) is a quick re-search, a
//! failure signal. Searches with filters (`tag:x`) are left out of the no-result list.
use std::collections::BTreeSet;

use serde::Serialize;

use super::calls::Call;
use super::table::{Report, Table};
use super::topic;
use crate::conversation::journal::JournalEntry;
use crate::i18n::Msg;
use crate::search::analysis::Analyzers;
use crate::text::Lang;

/// A search followed by another this soon (seconds), nothing opened, was searched again.
pub const AGAIN_SECS: i64 = 60;

/// Example queries per group.
const EXAMPLES: usize = 3;

/// What happened to one search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// No article matched.
    NoResults,
    /// Results were shown; none was opened.
    NothingOpened,
    /// A result was opened.
    Opened,
}

/// One search as the journal tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchOutcome {
    pub call: String,
    pub t: String,
    pub query: String,
    pub hits: usize,
    pub outcome: Outcome,
    /// The article opened from it.
    pub opened: Option<String>,
    /// The agent searched again right after (or this search was such a retry).
    pub again: bool,
    pub filtered: bool,
}

/// Every search of the calls, with what came of it.
pub fn outcomes(calls: &[Call]) -> Vec<SearchOutcome> {
    let mut out = Vec::new();
    for call in calls {
        let mut current: Option<SearchOutcome> = None;
        let mut time: Option<chrono::DateTime<chrono::FixedOffset>> = None;
        for r in &call.records {
            match &r.entry {
                JournalEntry::Search {
                    query, hits, again, ..
                } => {
                    let now = r.time();
                    if let Some(mut prev) = current.take() {
                        let soon = matches!((time, now), (Some(a), Some(b)) if (b - a).num_seconds() <= AGAIN_SECS);
                        if prev.opened.is_none() && (soon || *again) {
                            prev.again = true;
                        }
                        out.push(prev);
                    }
                    time = now;
                    current = Some(SearchOutcome {
                        call: call.id.clone(),
                        t: r.t.clone(),
                        query: query.clone(),
                        hits: *hits,
                        outcome: if *hits == 0 {
                            Outcome::NoResults
                        } else {
                            Outcome::NothingOpened
                        },
                        opened: None,
                        again: false,
                        filtered: topic::filtered(query),
                    });
                }
                JournalEntry::Open {
                    article,
                    via: Some(via),
                    ..
                } if via == "search" => {
                    if let Some(c) = current.as_mut()
                        && c.opened.is_none()
                    {
                        c.opened = Some(article.clone());
                        c.outcome = Outcome::Opened;
                    }
                }
                _ => {}
            }
        }
        out.extend(current);
    }
    out
}

/// A topic being gathered: stems, queries with counts, calls, searches, retries.
type Topic = (
    Vec<String>,
    Vec<(String, usize)>,
    BTreeSet<String>,
    usize,
    usize,
);

/// Queries of one topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapGroup {
    pub outcome: Outcome,
    /// The topic's stems (sorted).
    pub topic: Vec<String>,
    /// How many searches.
    pub count: usize,
    /// How many of them were followed by another search right away.
    pub again: usize,
    /// The most frequent queries (as typed, redacted by the journal).
    pub examples: Vec<String>,
    /// The calls they came from.
    pub calls: Vec<String>,
    /// The best article the knowledge has now for the most frequent query: (id, title).
    pub best: Option<(String, String)>,
}

/// The gap report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    pub calls: usize,
    pub searches: usize,
    pub no_results: Vec<GapGroup>,
    pub nothing_opened: Vec<GapGroup>,
}

/// Groups the failed searches of `calls` by topic, most frequent first. `best` gives the
/// best current article for a query.
pub fn report(
    calls: &[Call],
    fallback: Lang,
    mut best: impl FnMut(&str) -> Option<(String, String)>,
) -> GapReport {
    let all = outcomes(calls);
    let mut an = Analyzers::new();
    let mut group = |outcome: Outcome| -> Vec<GapGroup> {
        // (stems, queries with counts, calls, count, again)
        let mut topics: Vec<Topic> = Vec::new();
        for s in all.iter().filter(|s| s.outcome == outcome) {
            if outcome == Outcome::NoResults && s.filtered {
                continue;
            }
            let stems = topic::stems(&mut an, &s.query, fallback);
            if stems.is_empty() {
                continue;
            }
            let k = match topics.iter().position(|t| topic::near(&t.0, &stems)) {
                Some(k) => k,
                None => {
                    topics.push((stems, Vec::new(), BTreeSet::new(), 0, 0));
                    topics.len() - 1
                }
            };
            let t = &mut topics[k];
            let q = s.query.trim().to_string();
            match t
                .1
                .iter_mut()
                .find(|(x, _)| crate::text::fold(x) == crate::text::fold(&q))
            {
                Some(e) => e.1 += 1,
                None => t.1.push((q, 1)),
            }
            t.2.insert(s.call.clone());
            t.3 += 1;
            t.4 += usize::from(s.again);
        }
        let mut groups: Vec<GapGroup> = topics
            .into_iter()
            .map(|(stems, mut queries, calls, count, again)| {
                queries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let best_article = queries.first().and_then(|(q, _)| best(q));
                GapGroup {
                    outcome,
                    topic: stems,
                    count,
                    again,
                    examples: queries.into_iter().take(EXAMPLES).map(|q| q.0).collect(),
                    calls: calls.into_iter().collect(),
                    best: best_article,
                }
            })
            .collect();
        groups.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(b.calls.len().cmp(&a.calls.len()))
                .then(a.topic.cmp(&b.topic))
        });
        groups
    };
    let no_results = group(Outcome::NoResults);
    let nothing_opened = group(Outcome::NothingOpened);
    GapReport {
        calls: calls.len(),
        searches: all.len(),
        no_results,
        nothing_opened,
    }
}

impl Report for GapReport {
    /// Its two tables: no results, then nothing opened.
    fn tables(&self, lang: Lang) -> Vec<Table> {
        let m = |x: Msg| x.text(lang);
        [
            (Msg::RepGapsNoResults, &self.no_results),
            (Msg::RepGapsNothingOpened, &self.nothing_opened),
        ]
        .into_iter()
        .map(|(title, groups)| {
            let mut t = Table::new(
                format!(
                    "{} ({})",
                    m(title),
                    groups.iter().map(|g| g.count).sum::<usize>()
                ),
                &[
                    "#",
                    m(Msg::RepCount),
                    m(Msg::RepAgain),
                    m(Msg::RepExamples),
                    m(Msg::RepCalls),
                    m(Msg::RepBestArticle),
                ],
                &[true, true, true, false, true, false],
            );
            for (i, g) in groups.iter().enumerate() {
                t.push(vec![
                    (i + 1).to_string(),
                    g.count.to_string(),
                    g.again.to_string(),
                    g.examples.join(" · "),
                    g.calls.len().to_string(),
                    g.best
                        .as_ref()
                        .map_or_else(|| m(Msg::RepNone).to_string(), |(id, _)| id.clone()),
                ]);
            }
            t
        })
        .collect()
    }

    fn summary(&self, lang: Lang) -> String {
        let count = |g: &[GapGroup]| g.iter().map(|g| g.count).sum::<usize>();
        Msg::RepGapsSummary.fill(
            lang,
            &[
                &self.calls,
                &self.searches,
                &count(&self.no_results),
                &count(&self.nothing_opened),
            ],
        )
    }

    /// One row per group: outcome, rank, count, again, topic, examples, calls, best.
    fn to_csv(&self) -> String {
        let mut t = Table::default();
        for g in self.no_results.iter().chain(&self.nothing_opened) {
            let rank = if g.outcome == Outcome::NoResults {
                self.no_results.iter().position(|x| x == g)
            } else {
                self.nothing_opened.iter().position(|x| x == g)
            };
            t.push(vec![
                match g.outcome {
                    Outcome::NoResults => "no_results",
                    Outcome::NothingOpened => "nothing_opened",
                    Outcome::Opened => "opened",
                }
                .to_string(),
                rank.map_or(0, |r| r + 1).to_string(),
                g.count.to_string(),
                g.again.to_string(),
                g.topic.join(" "),
                g.examples.join(" | "),
                g.calls.join(" "),
                g.best.as_ref().map_or_else(String::new, |b| b.0.clone()),
            ]);
        }
        t.to_csv(&[
            "outcome",
            "rank",
            "count",
            "again",
            "topic",
            "examples",
            "calls",
            "best_article",
        ])
    }
}
