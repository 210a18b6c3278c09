//! Manual grades: the points a person gives the items a rubric leaves to people, kept
//! per grader in `<journal stem>.grades.jsonl` beside the journal, one JSON line each:
//!
//! ```text
//! {"grader":"Eva","item":"tone","points":4,"at":"2026-12-02T09:12:00.000+01:00"}
//! {"grader":"Luis","item":"tone","points":null,"at":"…"}      (null: N/A)
//! ```
//!
//! Lines are only appended; a grader's later line for an item replaces their earlier
//! one. A damaged line is reported (path:line) and skipped.
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::rubric::{CheckKind, Rubric};
use super::score::Grade;
use super::scorecard::sidecar;

/// One line of the grades file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeLine {
    pub grader: String,
    pub item: String,
    /// None: the grader said N/A.
    pub points: Option<u32>,
    #[serde(default)]
    pub at: String,
}

impl GradeLine {
    /// As the scorer takes it.
    pub fn grade(&self) -> Grade {
        Grade {
            grader: self.grader.clone(),
            item: self.item.clone(),
            points: self.points,
        }
    }
}

/// The grades file of a journal.
pub fn path_of(journal: &Path) -> PathBuf {
    sidecar(journal, "grades.jsonl")
}

/// Damaged lines of a grades file: (line, problem).
pub type Problems = Vec<(usize, String)>;

/// Reads a grades file: the lines in order, and (line, problem) for each damaged one.
/// A missing file has no grades.
pub fn read(path: &Path) -> io::Result<(Vec<GradeLine>, Problems)> {
    let text = match std::fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => {
            return Err(io::Error::new(
                e.kind(),
                format!("cannot read {}: {e}", path.display()),
            ));
        }
    };
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<GradeLine>(line) {
            Ok(g) if !g.grader.trim().is_empty() && !g.item.trim().is_empty() => lines.push(g),
            Ok(_) => problems.push((i + 1, "a grade needs a grader and an item".to_string())),
            Err(e) => problems.push((i + 1, format!("not a grade ({e})"))),
        }
    }
    Ok((lines, problems))
}

/// Appends grades (one write).
pub fn append(path: &Path, lines: &[GradeLine]) -> io::Result<()> {
    let mut text = String::new();
    for l in lines {
        text.push_str(&serde_json::to_string(l).map_err(io::Error::other)?);
        text.push('\n');
    }
    let mut f = crate::private::open_append(path)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_data())
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
}

/// Why an `ITEM=POINTS` argument was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadGrade {
    /// Not `ITEM=POINTS` or `ITEM=na`.
    Shape(String),
    UnknownItem {
        arg: String,
        manual: Vec<String>,
    },
    NotManual {
        arg: String,
        check: String,
    },
    TooMany {
        arg: String,
        max: u32,
    },
}

/// Parses `ITEM=POINTS` / `ITEM=na` arguments against the rubric's manual items.
pub fn parse_args(
    args: &[String],
    rubric: &Rubric,
) -> Result<Vec<(String, Option<u32>)>, BadGrade> {
    let manual = || {
        rubric
            .items()
            .filter(|(_, i)| i.check == CheckKind::Manual)
            .map(|(_, i)| i.id.clone())
            .collect::<Vec<_>>()
    };
    args.iter()
        .map(|arg| {
            let (id, value) = arg
                .split_once('=')
                .map(|(a, b)| (a.trim(), b.trim()))
                .ok_or_else(|| BadGrade::Shape(arg.clone()))?;
            let Some((_, item)) = rubric.item(id) else {
                return Err(BadGrade::UnknownItem {
                    arg: arg.clone(),
                    manual: manual(),
                });
            };
            if item.check != CheckKind::Manual {
                return Err(BadGrade::NotManual {
                    arg: arg.clone(),
                    check: item.check.name().to_string(),
                });
            }
            let points = if value.eq_ignore_ascii_case("na") || value.eq_ignore_ascii_case("n/a") {
                None
            } else {
                let p: u32 = value.parse().map_err(|_| BadGrade::Shape(arg.clone()))?;
                if p > item.points {
                    return Err(BadGrade::TooMany {
                        arg: arg.clone(),
                        max: item.points,
                    });
                }
                Some(p)
            };
            Ok((id.to_string(), points))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_and_read_back_with_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.grades.jsonl");
        let g = GradeLine {
            grader: "Eva".into(),
            item: "tone".into(),
            points: Some(3),
            at: "x".into(),
        };
        append(&path, std::slice::from_ref(&g)).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"garbage\n{\"grader\":\"\",\"item\":\"tone\",\"points\":1}\n")
            .unwrap();
        append(
            &path,
            &[GradeLine {
                points: None,
                ..g.clone()
            }],
        )
        .unwrap();
        let (lines, problems) = read(&path).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].points, None);
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(read(&dir.path().join("none")).unwrap().0, []);
    }

    #[test]
    fn args_against_the_rubric() {
        let r = Rubric::builtin();
        let ok = parse_args(&["tone=4".into(), "resolution=na".into()], &r).unwrap();
        assert_eq!(ok, [("tone".into(), Some(4)), ("resolution".into(), None)]);
        assert!(matches!(
            parse_args(&["tone=9".into()], &r),
            Err(BadGrade::TooMany { max: 5, .. })
        ));
        assert!(matches!(
            parse_args(&["greeting=1".into()], &r),
            Err(BadGrade::NotManual { .. })
        ));
        assert!(matches!(
            parse_args(&["nope=1".into()], &r),
            Err(BadGrade::UnknownItem { .. })
        ));
        assert!(matches!(
            parse_args(&["tone".into()], &r),
            Err(BadGrade::Shape(_))
        ));
    }
}
