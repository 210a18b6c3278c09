//! The module graph reads one way. Every top-level module of `src/` has a floor, and
//! production code (test code left out) may import only modules on lower floors: the
//! shared leaves (text, the catalog, theme loading) at the bottom, then knowledge and
//! conversation, search, assist, training, app, the view and the terminal, the settings, and the
//! commands at the top. A new module must be given a floor here.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Floors, lowest first. A module may import modules of lower floors only (not its own
/// floor: modules that share a floor stay independent).
const FLOORS: &[&[&str]] = &[
    &["text", "private"],
    &["i18n", "theme", "synth", "redact"],
    &["knowledge", "conversation"],
    &["search"],
    &["assist"],
    &["training", "center", "insight"],
    &["app"],
    &["ui", "term"],
    &["console"],
    &["config"],
    &["cli"],
    &["runtime"],
    &["commands"],
];

/// Edges that go up today and are on their way out (none now: every settings section
/// lives in the module it configures). An entry here is a debt to pay, never a fix.
const LEAVING: &[(&str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules declared in lib.rs.
fn modules() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect()
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            rust_files(&e.unwrap().path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|x| x == "rs") {
        out.push(path.to_path_buf());
    }
}

/// Production code of a file: comments dropped, everything from the first top-level
/// `#[cfg(test)]` on left out; sibling test files (`tests.rs`) are test code.
fn production(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::` (also inside
/// `crate::{a, b::c}` groups).
fn imports(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first path segment of each top-level item of the group.
            let mut depth = 0;
            let mut item_start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        item_start = false;
                        let m = ident(&group[k..]);
                        if !m.is_empty() {
                            out.insert(m);
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let m = ident(rest);
            if !m.is_empty() {
                out.insert(m);
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let mut graph = BTreeMap::new();
    for m in &mods {
        let mut files = Vec::new();
        rust_files(&src().join(m), &mut files);
        rust_files(&src().join(format!("{m}.rs")), &mut files);
        let used: BTreeSet<String> = files
            .iter()
            .flat_map(|f| imports(&production(f)))
            .filter(|u| u != m && mods.contains(u))
            .collect();
        graph.insert(m.clone(), used);
    }
    graph
}

fn floor(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

#[test]
fn every_module_has_a_floor() {
    for m in modules() {
        assert!(
            floor(&m).is_some(),
            "src/{m}: new top-level module: give it a floor in tests/layering.rs"
        );
    }
}

#[test]
fn modules_import_only_lower_floors() {
    let mut wrong = Vec::new();
    for (m, used) in graph() {
        let Some(own) = floor(&m) else { continue };
        for u in used {
            let Some(theirs) = floor(&u) else { continue };
            if theirs >= own && !LEAVING.contains(&(m.as_str(), u.as_str())) {
                wrong.push(format!("{m} (floor {own}) imports {u} (floor {theirs})"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports going up:\n{}", wrong.join("\n"));
}

#[test]
fn no_circle_between_top_level_modules() {
    // Independent of the floors: a depth-first search over the whole graph.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.to_string());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for u in graph.get(m).into_iter().flatten() {
            if LEAVING.contains(&(m, u.as_str())) {
                continue;
            }
            if let Some(c) = visit(u, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let graph = graph();
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("circle: {}", circle.join(" → "));
        }
    }
}

#[test]
fn the_reader_sees_imports_in_groups_and_paths() {
    let code = "use crate::text::fold;\nuse crate::{app::{Key, keymap::{self, x}}, ui};\nlet x = crate::config::line_col(a);";
    let got: Vec<String> = imports(code).into_iter().collect();
    assert_eq!(got, ["app", "config", "text", "ui"]);
}
