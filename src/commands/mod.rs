//! One module per subcommand: thin functions over the library.
pub mod bench;
pub mod check;
pub mod config;
pub mod index;
pub mod search;
pub mod sessions;
pub mod suggest;
pub mod workspace;
