//! The index on disk: one folder per set of roots, a manifest, incremental refresh.
use std::path::Path;

use super::{Engine, IndexReport};
use crate::knowledge::Root;

pub fn open(roots: &[Root], cache_dir: &Path) -> anyhow::Result<(Engine, IndexReport)> {
    let _ = (roots, cache_dir);
    anyhow::bail!("not yet")
}
