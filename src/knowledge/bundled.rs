//! The sample knowledge base compiled into the binary (`knowledge/` at build time).
include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Lang;
use super::root::{Root, RootSource};
use crate::i18n::Msg;

/// The bytes of a bundled file (`cues.toml`, `replies.toml`, an article path).
pub fn file(rel: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(p, _)| *p == rel).map(|(_, c)| *c)
}

/// True when a root has no `name` file of its own (`cues.toml`, `replies.toml`), so
/// the bundled one stands in for it: a new knowledge folder still gets empathy cues
/// and quick replies.
pub fn stands_in(root: &Root, name: &str) -> bool {
    root.source != RootSource::Bundled && !root.dir.join(name).exists() && file(name).is_some()
}

/// Written last inside an extracted folder: its presence means the folder is complete.
const MARKER: &str = ".apunte-complete";

/// FNV-1a 64 over every bundled path and content: changes whenever the sample does.
pub fn fingerprint() -> String {
    let mut h = crate::text::Fnv::default();
    for (path, content) in FILES {
        h.feed(path.as_bytes())
            .feed(&[0])
            .feed(&(content.len() as u64).to_le_bytes())
            .feed(content);
    }
    h.hex()
}

/// Writes the bundled files into `cache_dir/bundled-<fingerprint>/` once (later calls
/// find them there) and returns that folder.
///
/// Files are written into a temporary sibling folder which is renamed into place when
/// complete, so a crash mid-way leaves nothing that looks finished; an existing complete
/// folder is never rewritten (file times stay stable for the index manifest).
pub fn extract(cache_dir: &Path) -> anyhow::Result<PathBuf> {
    let target = cache_dir.join(format!("bundled-{}", fingerprint()));
    if target.join(MARKER).is_file() {
        return Ok(target);
    }
    std::fs::create_dir_all(cache_dir)
        .with_context(|| format!("cannot create the cache folder {}", cache_dir.display()))?;
    let tmp = cache_dir.join(format!(
        ".bundled-tmp-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let result = write_all(&tmp).and_then(|()| {
        // A stale incomplete folder (crash before the marker) is replaced.
        if target.exists() && !target.join(MARKER).is_file() {
            std::fs::remove_dir_all(&target)
                .with_context(|| format!("cannot remove the incomplete {}", target.display()))?;
        }
        match std::fs::rename(&tmp, &target) {
            Ok(()) => Ok(()),
            // Another apunte finished first: use its copy.
            Err(_) if target.join(MARKER).is_file() => {
                let _ = std::fs::remove_dir_all(&tmp);
                Ok(())
            }
            Err(e) => Err(e)
                .with_context(|| format!("cannot move the sample base into {}", target.display())),
        }
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result?;
    Ok(target)
}

/// What stands in for a root's missing files, in words (`apunte check` prints them, the
/// workspace keeps them in its message log). Replies are in the root's language.
pub fn notices(root: &Root, ui: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if stands_in(root, CUES_FILE) {
        out.push(Msg::CliBundledCues.fill(ui, &[&root.dir.display()]));
    }
    if stands_in(root, super::replies::FILE) {
        let lang = root.lang.unwrap_or(ui);
        out.push(Msg::CliBundledReplies.fill(ui, &[&root.dir.display(), &lang.code()]));
    }
    out
}

/// The empathy cue lexicon's file name (read by [`crate::assist::Cues`]).
pub const CUES_FILE: &str = "cues.toml";

fn write_all(dir: &Path) -> anyhow::Result<()> {
    for (rel, content) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, content)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    std::fs::write(dir.join(MARKER), fingerprint())
        .with_context(|| format!("cannot write {}", dir.join(MARKER).display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_without_its_own_files_gets_the_bundled_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let root = Root::open(RootSource::Dir(tmp.path().into()), tmp.path()).unwrap();
        assert!(stands_in(&root, "cues.toml"));
        assert!(stands_in(&root, "replies.toml"));
        std::fs::write(tmp.path().join("replies.toml"), "").unwrap();
        assert!(
            !stands_in(&root, "replies.toml"),
            "its own file, even empty"
        );
        assert!(file("cues.toml").is_some());
        let said = notices(&root, Lang::En);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("no cues.toml"), "{said:?}");
    }
}
