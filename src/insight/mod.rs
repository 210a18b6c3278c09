//! The knowledge loop's reports, read from saved calls: frequent questions (FAQ mining),
//! gaps (searches that found nothing useful), article reuse and freshness, and the draft
//! articles written from a gap. Pure over journal records and articles; the commands and
//! the workspace do the reading and writing.
pub mod calls;
pub mod draft;
pub mod faq;
pub mod faq_report;
pub mod gaps;
pub mod stale;
pub mod table;
pub mod topic;
pub mod usage;
