//! Training: mock calls scored with a rubric.
pub mod grades;
pub mod phrase;
pub mod report;
pub mod rubric;
pub mod saved;
pub mod score;
pub mod scorecard;
pub mod timeline;
