//! What `apunte check` says about the training files of a knowledge root: every scenario
//! parses ([`super::scenario::parse`]), names articles that exist, and has a script whose
//! every line can be said: none unreachable, no trigger that can never fire, no branch to
//! nowhere. Each finding names its file and line.
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use super::scenario::{self, Scenario, StepRef, Trigger};
use super::script::Script;
use crate::knowledge::{Diagnostic, Severity};

fn error(s: &Scenario, line: usize, message: String) -> Diagnostic {
    Diagnostic {
        path: s.path.clone(),
        line,
        severity: Severity::Error,
        message,
    }
}

/// The findings of a parsed scenario against the article ids of the base.
pub fn scenario(s: &Scenario, ids: &HashSet<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let unknown = |id: &str| !ids.contains(id);
    // Unknown articles.
    for l in &s.lines {
        if let Trigger::Opened(a) = &l.trigger
            && unknown(a)
        {
            out.push(error(
                s,
                l.line,
                format!(
                    "line `{}`: opened = \"{a}\": no such article, so it can never fire",
                    l.id
                ),
            ));
        }
    }
    for a in &s.expect.articles {
        if unknown(&a.id) {
            out.push(error(
                s,
                a.line,
                format!("expect.article: no article `{}`", a.id),
            ));
        }
    }
    for o in &s.expect.order {
        for r in [&o.before, &o.after] {
            if let StepRef::Article(a) = r
                && unknown(a)
            {
                out.push(error(s, o.line, format!("expect.order: no article `{a}`")));
            }
        }
    }
    // Hidden facts nobody can be scored on.
    for f in &s.customer.facts {
        if f.ask.is_none() {
            out.push(Diagnostic {
                severity: Severity::Warning,
                ..error(
                    s,
                    f.line,
                    format!(
                        "fact `{}` has no ask = \"…\": the scorer cannot tell when the trainee asked for it",
                        f.id
                    ),
                )
            });
        }
    }
    // Branches that lead to lines that never move the script.
    for l in &s.lines {
        if let Some(g) = l.goto
            && s.lines[g].anytime
        {
            out.push(error(
                s,
                l.line,
                format!(
                    "line `{}`: goto `{}`, an anytime line: the script would stop there",
                    l.id, s.lines[g].id
                ),
            ));
        }
        if let Some(a) = l.after
            && s.lines[a].anytime
        {
            out.push(error(
                    s,
                    l.line,
                    format!(
                        "line `{}` waits for `{}`, an anytime line, which never moves the script on: it can never be said",
                        l.id, s.lines[a].id
                    ),
                ));
        }
    }
    // Branches that can never fire (a sibling always comes first), then the lines
    // reachable from the start through waits and gotos without them.
    let mut dead = vec![false; s.lines.len()];
    let mut groups: Vec<Vec<usize>> = vec![Script::start_lines(s)];
    groups.extend((0..s.lines.len()).map(|i| Script::next_lines(s, i)));
    let mut seen = HashSet::new();
    for mut group in groups {
        group.sort();
        if group.len() < 2 || !seen.insert(group.clone()) {
            continue;
        }
        for (i, d) in shadowed(s, &group) {
            dead[i] = true;
            out.push(d);
        }
    }
    let mut reached = vec![false; s.lines.len()];
    let mut todo = Script::start_lines(s);
    while let Some(i) = todo.pop() {
        if reached[i] || dead[i] {
            continue;
        }
        reached[i] = true;
        todo.extend(Script::next_lines(s, i));
    }
    for (i, l) in s.lines.iter().enumerate() {
        if l.anytime || reached[i] || dead[i] {
            continue;
        }
        let why = match l.after {
            Some(a) if dead[a] => format!(
                "it follows `{}`, which can never fire, and no goto leads to it",
                s.lines[a].id
            ),
            Some(a) if s.lines[a].end => format!(
                "it follows `{}`, which ends the call, and no goto leads to it",
                s.lines[a].id
            ),
            Some(a) if s.lines[a].goto.is_some() => format!(
                "it follows `{}`, which goes elsewhere (goto), and no goto leads to it",
                s.lines[a].id
            ),
            _ => "nothing leads to it".to_string(),
        };
        out.push(error(
            s,
            l.line,
            format!("line `{}` is unreachable: {why}", l.id),
        ));
    }
    // Triggers that can never fire.
    let starts = Script::start_lines(s);
    for (i, l) in s.lines.iter().enumerate() {
        if l.trigger == Trigger::Start && !l.anytime && !starts.contains(&i) {
            out.push(error(
                s,
                l.line,
                format!(
                    "line `{}`: start = true, but it waits for `{}`: it cannot fire at the call's start (write after = \"start\", or drop start)",
                    l.id,
                    l.after.map_or("", |a| s.lines[a].id.as_str())
                ),
            ));
        }
    }
    out.sort_by_key(|d| d.line);
    out.dedup();
    out
}

/// When a line is due at the latest, counted from when it is armed (None: it depends on
/// the trainee).
fn deadline(t: &Trigger) -> Option<Duration> {
    match t {
        Trigger::Start => Some(Duration::ZERO),
        Trigger::Delay(d) => Some(*d),
        _ => None,
    }
}

/// Branches armed together: a timed sibling that always comes first shadows the later
/// ones (a longer delay, a silence at least as long).
fn shadowed(s: &Scenario, group: &[usize]) -> Vec<(usize, Diagnostic)> {
    let Some((first, d)) = group
        .iter()
        .filter_map(|&i| deadline(&s.lines[i].trigger).map(|d| (i, d)))
        .min_by_key(|&(i, d)| (d, i))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &i in group {
        if i == first {
            continue;
        }
        let l = &s.lines[i];
        let beaten = match &l.trigger {
            Trigger::Start | Trigger::Delay(_) => true,
            Trigger::Silence(x) => *x >= d,
            Trigger::Said(_) | Trigger::Opened(_) => d.is_zero(),
        };
        if beaten {
            out.push((
                i,
                error(
                s,
                l.line,
                format!(
                    "line `{}` can never fire: `{}`, armed at the same point, is said first ({} s)",
                    l.id,
                    s.lines[first].id,
                    d.as_secs_f64()
                ),
            ),
            ));
        }
    }
    out
}

/// Every scenario of the roots' folders: how many files, the parse problems, and the
/// findings of those that parsed.
pub fn roots(root_dirs: &[PathBuf], ids: &HashSet<String>) -> (usize, Vec<Diagnostic>) {
    let (scenarios, mut out) = scenario::load_all(root_dirs);
    for s in &scenarios {
        out.extend(scenario(s, ids));
    }
    let files = root_dirs.iter().map(|d| scenario::files(d).len()).sum();
    (files, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn findings(lines: &str) -> Vec<String> {
        let text = format!(
            "title = \"t\"\nlang = \"es\"\ndifficulty = \"easy\"\n[customer]\nname = \"M\"\n{lines}"
        );
        let s = scenario::parse(Path::new("s.toml"), &text).unwrap();
        let ids: HashSet<String> = ["bajas/oferta-retencion".to_string()].into();
        scenario(&s, &ids).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn a_sound_script_has_no_findings() {
        let f = findings(
            "[[line]]\nid = \"a\"\nsay = \"x\"\n[[line]]\nid = \"b\"\nafter = \"a\"\nsaid = \"si\"\nsay = \"y\"\nend = true\n[[line]]\nafter = \"a\"\ndelay_s = 30\nsay = \"z\"\nend = true\n[[line]]\nanytime = true\nsilence_s = 10\nsay = \"¿Hola?\"\n",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn unreachable_lines_and_shadowed_triggers_are_found() {
        let f = findings(
            "[[line]]\nid = \"a\"\nsay = \"x\"\nend = true\n[[line]]\nid = \"b\"\nsay = \"y\"\n",
        );
        assert_eq!(
            f,
            [
                "s.toml:10: error: line `b` is unreachable: it follows `a`, which ends the call, and no goto leads to it"
            ]
        );
        let f = findings(
            "[[line]]\nid = \"a\"\nsay = \"x\"\n[[line]]\nid = \"b\"\nafter = \"a\"\ndelay_s = 5\nsay = \"y\"\n[[line]]\nid = \"c\"\nafter = \"a\"\nsilence_s = 9\nsay = \"z\"\n",
        );
        assert_eq!(
            f,
            [
                "s.toml:14: error: line `c` can never fire: `b`, armed at the same point, is said first (5 s)"
            ]
        );
    }

    #[test]
    fn a_fact_without_ask_is_a_warning() {
        let f = findings("[[customer.fact]]\nid = \"dni\"\nvalue = \"1\"\n[[line]]\nsay = \"x\"\n");
        assert_eq!(
            f,
            [
                "s.toml:6: warning: fact `dni` has no ask = \"…\": the scorer cannot tell when the trainee asked for it"
            ]
        );
    }

    #[test]
    fn unknown_articles_and_misplaced_starts_are_found() {
        let f = findings(
            "[[line]]\nsay = \"x\"\n[[line]]\nid = \"b\"\nopened = \"no/existe\"\nsay = \"y\"\n[[line]]\nid = \"c\"\nstart = true\nsay = \"z\"\n[expect]\n[[expect.article]]\nid = \"tampoco\"\n",
        );
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f[0].starts_with("s.toml:8: error: line `b`: opened = \"no/existe\""));
        assert!(f[1].starts_with("s.toml:12: error: line `c`: start = true"));
        assert!(f[2].starts_with("s.toml:17: error: expect.article: no article `tampoco`"));
    }
}
