//! Live knowledge refresh: the knowledge roots are watched (the `notify` crate); when
//! files change, and once they have been quiet for a moment, the index is refreshed on
//! this worker (only the changed files are read again) and the new engine is swapped in.
//! Typing never waits: searches in flight finish on the engine they started with. The
//! loop is told what changed ([`Event::KnowledgeUpdated`]); when the refresh fails the
//! previous engine stays.
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use notify::Watcher as _;

use super::jobs::EngineCell;
use crate::app::Event;
use crate::assist::Suggester;
use crate::knowledge::Root;
use crate::search::Engine;

/// How long the knowledge must be quiet before the index is refreshed (an editor saves
/// in several steps).
pub const QUIET: Duration = Duration::from_millis(300);

/// Keeps the watch running (dropped: it stops).
pub struct Watch {
    _watcher: Option<notify::RecommendedWatcher>,
}

/// Opens the index on a worker (answering [`Event::IndexReady`] or
/// [`Event::IndexFailed`]; a warm index at once, then a refresh if the files changed
/// meanwhile), then watches the roots' folders and refreshes into `engine`.
pub fn spawn(
    roots: Vec<Root>,
    cache_dir: PathBuf,
    engine: EngineCell,
    suggester: Suggester,
    tx: Sender<Event>,
) -> Watch {
    let (ntx, nrx) = crossbeam_channel::unbounded::<()>();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if res.is_ok_and(|e| !e.kind.is_access()) {
            let _ = ntx.send(());
        }
    })
    .ok()
    .map(|mut w| {
        for r in &roots {
            let _ = w.watch(&r.dir, notify::RecursiveMode::Recursive);
        }
        w
    });
    let _ = std::thread::Builder::new()
        .name("apunte-index".into())
        .spawn(move || {
            // The index as the manifest left it serves at once; the knowledge files are
            // looked at after (one `stat` each), and a refresh follows if they changed.
            let mut known = match Engine::open_warm(&roots, &cache_dir) {
                Some((warm, report, snapshot)) => {
                    let mut known = ready(&roots, &engine, &tx, warm, &report);
                    if !snapshot.unchanged(&roots).unwrap_or(false)
                        && tx
                            .send(refresh(&roots, &cache_dir, &engine, &suggester, &mut known))
                            .is_err()
                    {
                        return;
                    }
                    known
                }
                None => match Engine::open(&roots, &cache_dir) {
                    Ok((fresh, report)) => ready(&roots, &engine, &tx, fresh, &report),
                    Err(e) => {
                        let _ = tx.send(Event::IndexFailed(format!("{e:#}")));
                        HashSet::new()
                    }
                },
            };
            refresh_loop(
                &roots, &cache_dir, &engine, &suggester, &nrx, &tx, &mut known,
            );
        });
    Watch { _watcher: watcher }
}

/// Serves `fresh` and tells the loop: the errors reported so far (the status bar shows
/// only new ones later).
fn ready(
    roots: &[Root],
    engine: &EngineCell,
    tx: &Sender<Event>,
    fresh: Engine,
    report: &crate::search::IndexReport,
) -> HashSet<String> {
    let articles = fresh.len();
    let facets = fresh.facets();
    engine.set(Arc::new(fresh));
    let _ = tx.send(Event::IndexReady {
        articles,
        problems: report.diagnostics.len(),
    });
    let _ = tx.send(Event::Facets(facets));
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::knowledge::Severity::Error)
        .map(|d| short(roots, d))
        .collect()
}

fn refresh_loop(
    roots: &[Root],
    cache_dir: &std::path::Path,
    engine: &EngineCell,
    suggester: &Suggester,
    changes: &Receiver<()>,
    tx: &Sender<Event>,
    known: &mut HashSet<String>,
) {
    while changes.recv().is_ok() {
        // Wait for the burst of an editor's save to end.
        loop {
            match changes.recv_timeout(QUIET) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if tx
            .send(refresh(roots, cache_dir, engine, suggester, known))
            .is_err()
        {
            return;
        }
        if let Some(e) = engine.get() {
            let _ = tx.send(Event::Facets(e.facets()));
        }
    }
}

/// Refreshes the index and swaps the engine in: what the status bar says about it (the
/// problems not reported before, `known` keeps them).
pub fn refresh(
    roots: &[Root],
    cache_dir: &std::path::Path,
    engine: &EngineCell,
    suggester: &Suggester,
    known: &mut HashSet<String>,
) -> Event {
    match Engine::open(roots, cache_dir) {
        Ok((fresh, report)) => {
            let changed = report.added + report.updated + report.removed > 0;
            if changed || engine.get().is_none() {
                engine.set(Arc::new(fresh));
                suggester.knowledge_changed();
            }
            // Errors only (an article that cannot be used); warnings are for `apunte check`.
            let now: HashSet<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::knowledge::Severity::Error)
                .map(|d| short(roots, d))
                .collect();
            let mut problems: Vec<String> = now.difference(known).cloned().collect();
            problems.sort();
            *known = now;
            Event::KnowledgeUpdated {
                articles: report.articles,
                added: report.added,
                changed: report.updated,
                removed: report.removed,
                problems,
            }
        }
        Err(e) => Event::IndexFailed(format!("{e:#}")),
    }
}

/// `averias/router.md:3: message`: the file relative to its root, so the status bar
/// shows where.
fn short(roots: &[Root], d: &crate::knowledge::Diagnostic) -> String {
    let rel = roots
        .iter()
        .find_map(|r| d.path.strip_prefix(&r.dir).ok())
        .unwrap_or(&d.path);
    format!("{}:{}: {}", rel.display(), d.line, d.message)
}
