//! Query wrappers: one keeps tantivy's `seek_danger` fast path away from a scorer, one
//! adds a constant to the score of every match.
//!
//! tantivy 0.27's `PhraseScorer::seek_danger` can be called with a target behind its
//! current document (from an exclusion or a required/optional pair) and then trips a
//! debug assertion (and may skip documents in release). Wrapped scorers only expose
//! `advance`/`seek`, so the safe default `seek_danger` is used.
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader};

/// A query whose scorers never see `seek_danger`.
#[derive(Debug)]
pub struct Safe(pub Box<dyn Query>);

impl Clone for Safe {
    fn clone(&self) -> Self {
        Safe(self.0.box_clone())
    }
}

impl Query for Safe {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(SafeWeight(self.0.weight(enable_scoring)?, 0.0)))
    }
}

/// A query scoring `inner`'s score plus a constant: one evaluation gives both the
/// coverage bonus and the BM25 part.
#[derive(Debug)]
pub struct Plus(pub Box<dyn Query>, pub Score);

impl Clone for Plus {
    fn clone(&self) -> Self {
        Plus(self.0.box_clone(), self.1)
    }
}

impl Query for Plus {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(SafeWeight(self.0.weight(enable_scoring)?, self.1)))
    }
}

struct SafeWeight(Box<dyn Weight>, Score);

impl Weight for SafeWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(SafeScorer(self.0.scorer(reader, boost)?, self.1)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct SafeScorer(Box<dyn Scorer>, Score);

impl DocSet for SafeScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.0.doc() >= target {
            return self.0.doc();
        }
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for SafeScorer {
    fn score(&mut self) -> Score {
        self.0.score() + self.1
    }
}
