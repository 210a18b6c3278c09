//! The one integration test crate: each module covers one concept.
mod common;

mod center;
mod check;
mod cli;
mod config;
mod conversation;
mod crash;
mod e2e;
mod feedback;
mod hostile;
mod index;
mod insight;
mod knowledge;
mod layering;
mod redaction;
mod search_quality;
mod snapshots;
mod suggest;
mod suggest_eval;
mod trainer;
mod training;
