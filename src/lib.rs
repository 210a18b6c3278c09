//! apunte: a full-screen terminal agent-assist for contact centers.
//!
//! The library holds everything; `main.rs` only parses the command line and calls
//! [`commands::run`]. Modules below `knowledge`, `search`, `conversation`, `assist` and `app`
//! never touch the terminal; only `ui` renders and only `term` owns the terminal.
#![forbid(unsafe_code)]

pub mod app;
pub mod assist;
pub mod center;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod conversation;
pub mod i18n;
pub mod insight;
pub mod knowledge;
pub mod private;
pub mod redact;
pub mod runtime;
pub mod search;
pub mod synth;
pub mod term;
pub mod text;
pub mod theme;
pub mod training;
pub mod ui;
