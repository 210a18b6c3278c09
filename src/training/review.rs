//! Reviewers' comments on a saved call, anchored to a turn, kept beside the call's
//! journal in `<journal stem>.review.jsonl` (one JSON object a line, appended):
//!
//! ```text
//! {"turn":3,"author":"Lucía","text":"Aquí faltó verificar el DNI","at":"2026-12-02T10:15:00+01:00"}
//! ```
//!
//! `turn` is the turn's number as shown on screen (1-based, final turns of the call in
//! order). The journal itself is never touched. A damaged line is skipped with a warning
//! naming its line.
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::conversation::journal::Warning;

/// The sidecar's suffix (after the journal's stem).
pub const SUFFIX: &str = ".review.jsonl";

/// One reviewer's comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// The turn's number, 1-based.
    pub turn: usize,
    #[serde(default)]
    pub author: String,
    pub text: String,
    /// When it was written (RFC 3339).
    #[serde(default)]
    pub at: String,
}

/// The sidecar of the journal at `journal` (`…/ID.jsonl` → `…/ID.review.jsonl`).
pub fn sidecar(journal: &Path) -> PathBuf {
    let stem = journal
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    journal.with_file_name(format!("{stem}{SUFFIX}"))
}

/// The comments of a call (none when the sidecar does not exist).
pub fn read(journal: &Path) -> io::Result<(Vec<Comment>, Vec<Warning>)> {
    match std::fs::read(sidecar(journal)) {
        Ok(bytes) => Ok(parse(&bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((Vec::new(), Vec::new())),
        Err(e) => Err(e),
    }
}

/// Parses a sidecar's bytes; unreadable lines become warnings.
pub fn parse(bytes: &[u8]) -> (Vec<Comment>, Vec<Warning>) {
    let mut comments = Vec::new();
    let mut warnings = Vec::new();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = String::from_utf8_lossy(line);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Comment>(line) {
            Ok(c) if c.turn > 0 => comments.push(c),
            Ok(_) => warnings.push(Warning {
                line: n + 1,
                message: "turn 0: turns are numbered from 1".into(),
            }),
            Err(e) => warnings.push(Warning {
                line: n + 1,
                message: format!("not a review comment ({e})"),
            }),
        }
    }
    (comments, warnings)
}

/// Appends a comment to a call's sidecar (created private when missing), in one write.
pub fn append(journal: &Path, comment: &Comment) -> io::Result<()> {
    let path = sidecar(journal);
    let mut line = serde_json::to_string(comment).map_err(io::Error::other)?;
    line.push('\n');
    // The calls' folder is the owner's only (narrowed if an older version left it open).
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private::create_dir_all(dir)?;
    }
    let mut file = crate::private::open_append(&path)?;
    file.write_all(line.as_bytes())?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_beside_the_journal_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("20261202-101500-ab12.jsonl");
        assert_eq!(
            sidecar(&journal),
            dir.path().join("20261202-101500-ab12.review.jsonl")
        );
        assert_eq!(read(&journal).unwrap().0, []);
        let c = Comment {
            turn: 3,
            author: "Lucía".into(),
            text: "Faltó verificar".into(),
            at: "2026-12-02T10:15:00+01:00".into(),
        };
        append(&journal, &c).unwrap();
        append(
            &journal,
            &Comment {
                turn: 5,
                ..c.clone()
            },
        )
        .unwrap();
        let (got, warnings) = read(&journal).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], c);
        assert!(warnings.is_empty());
        assert!(!journal.exists(), "the journal is not touched");
    }

    /// Review comments quote the call: `0600` in a `0700` folder, whatever the umask; a
    /// folder or file left readable by others (an older version) is narrowed.
    #[cfg(unix)]
    #[test]
    fn comments_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("sessions");
        std::fs::create_dir(&sessions).unwrap();
        std::fs::set_permissions(&sessions, std::fs::Permissions::from_mode(0o755)).unwrap();
        let journal = sessions.join("20261202-101500-ab12.jsonl");
        let c = Comment {
            turn: 1,
            author: "Lucía".into(),
            text: "Pidió el CVV".into(),
            at: "2026-12-02T10:15:00+01:00".into(),
        };
        append(&journal, &c).unwrap();
        let path = sidecar(&journal);
        assert_eq!((mode(&sessions), mode(&path)), (0o700, 0o600));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        append(&journal, &c).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(read(&journal).unwrap().0.len(), 2);
    }

    #[test]
    fn damaged_lines_are_skipped_with_their_line() {
        let (got, warnings) =
            parse(b"{\"turn\":1,\"text\":\"bien\"}\ngarbage\n{\"turn\":0,\"text\":\"x\"}\n");
        assert_eq!(got.len(), 1);
        assert_eq!(warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [2, 3]);
    }
}
