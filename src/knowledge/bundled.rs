//! The sample knowledge base compiled into the binary (`knowledge/` at build time).
include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

use std::path::{Path, PathBuf};

/// Writes the bundled files into `cache_dir/bundled-<fingerprint>/` once (later calls
/// find them there) and returns that folder.
pub fn extract(cache_dir: &Path) -> anyhow::Result<PathBuf> {
    let _ = cache_dir;
    todo!("knowledge::bundled::extract")
}
