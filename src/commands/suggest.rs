//! `apunte suggest`: reads a conversation (transcript events, one per line) on standard
//! input and prints the suggested articles as of its end, or after every customer turn
//! with `--each-turn`, with the same engine as the workspace. Bad input lines are counted
//! and reported on standard error, never fatal.
//!
//! `--json` prints one object a line:
//! * a suggestion: `{"turn", "rank", "id", "title", "lang", "confidence", "score",
//!   "reason": {"words", "turn"}}` (turns numbered from 1; `turn` is the customer turn
//!   after which it was computed),
//! * a cue: `{"turn", "cue", "label_es", "label_en", "article", "pattern", "matched"}`,
//! * nothing confident: `{"turn", "quiet": true, "best"}`.
use std::collections::HashSet;
use std::io::{BufReader, IsTerminal, Write};
use std::process::ExitCode;

use serde_json::json;

use crate::assist::{Applied, Cue, Cues, Suggester, Suggestions, Transcript};
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::conversation::Speaker;
use crate::knowledge::Lang;
use crate::search::Engine;

pub fn run(
    kb: &crate::cli::KnowledgeArgs,
    args: &crate::cli::SuggestArgs,
) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let (engine, report) = Engine::open(&setup.roots, &setup.paths.cache_dir)?;
    super::search::warn_problems(lang, &report);
    let cues = Cues::load_roots(&setup.roots).unwrap_or_else(|e| {
        match lang {
            Lang::Es => eprintln!("apunte: {e}\n  sin señales de empatía hasta que se corrija"),
            Lang::En => eprintln!("apunte: {e}\n  empathy cues are off until it is fixed"),
        }
        Cues::empty()
    });
    let mut config = setup.config.suggest.clone();
    config.limit = args.limit;
    let suggester = Suggester::new(config);
    let dismissed = HashSet::new();
    let mut out = crate::commands::output::Out::new();
    let mut write_err: Option<std::io::Error> = None;
    // Each report is made whole, then written as text (safe for a terminal).
    let mut print =
        |out: &mut crate::commands::output::Out, transcript: &Transcript, turn: Option<usize>| {
            let mut buf: Vec<u8> = Vec::new();
            if write_err.is_some() {
                return;
            }
            let s = suggester.suggest(&engine, &transcript.turns, &dismissed);
            let found: Vec<(usize, Vec<Cue>)> = match turn {
                Some(t) => {
                    let fallback = crate::assist::cues::conversation_lang(&transcript.turns);
                    let c = cues.detect_with(&transcript.turns[t].text, fallback);
                    if c.is_empty() { vec![] } else { vec![(t, c)] }
                }
                None => cues.detect_turns(&transcript.turns),
            };
            let at = turn.unwrap_or(transcript.turns.len().saturating_sub(1));
            let r = if args.json {
                print_json(&mut buf, &s, &found, at, args.each_turn)
            } else {
                print_human(
                    &mut buf,
                    &s,
                    &found,
                    transcript,
                    turn,
                    suggester.config.threshold,
                    lang,
                )
                .and_then(|()| {
                    if args.explain {
                        print_explain(&mut buf, &s, suggester.config.threshold, lang)
                    } else {
                        Ok(())
                    }
                })
            };
            if let Err(e) = r.and_then(|()| out.text(&String::from_utf8_lossy(&buf))) {
                write_err = Some(e);
            }
        };
    let mut transcript = Transcript::new();
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!(
            "{}",
            match lang {
                Lang::Es =>
                    "apunte suggest: leyendo la conversación de la entrada estándar (un evento JSON o una línea de texto del cliente por línea; Ctrl-D para terminar)",
                Lang::En =>
                    "apunte suggest: reading the conversation from standard input (one JSON event or customer text line per line; Ctrl-D to end)",
            }
        );
    }
    transcript.read_each(BufReader::new(stdin.lock()), |t, applied| {
        if args.each_turn && applied == Applied::Final(Speaker::Customer) {
            let i = t
                .turns
                .iter()
                .rposition(|t| t.speaker == Speaker::Customer)
                .unwrap_or(0);
            print(&mut out, t, Some(i));
        }
    });
    if !args.each_turn {
        print(&mut out, &transcript, None);
    }
    out.flush()?;
    drop(out);
    if let Some(e) = write_err
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e.into());
    }
    report_problems(&transcript, lang);
    Ok(ExitCode::SUCCESS)
}

fn print_json(
    out: &mut dyn Write,
    s: &Suggestions,
    cues: &[(usize, Vec<Cue>)],
    at: usize,
    each_turn: bool,
) -> std::io::Result<()> {
    let turn_field = |v: &mut serde_json::Value, n: usize| {
        if let Some(obj) = v.as_object_mut() {
            obj.insert("turn".into(), json!(n + 1));
        }
    };
    for (rank, item) in s.items.iter().enumerate() {
        let mut v = json!({
            "rank": rank + 1,
            "id": item.hit.id,
            "title": item.hit.title.text,
            "lang": item.hit.lang,
            "confidence": round3(item.confidence),
            "score": round3(item.hit.score),
            "reason": {"words": item.reason.words, "turn": item.reason.turn + 1},
            "group": item.group + 1,
            "distinct": item.distinct,
        });
        turn_field(&mut v, at);
        writeln!(out, "{}", crate::text::json_safe(&v.to_string()))?;
    }
    for (turn, found) in cues {
        for c in found {
            let v = json!({
                "turn": turn + 1,
                "cue": c.kind,
                "label_es": c.label_es,
                "label_en": c.label_en,
                "article": c.article,
                "pattern": c.pattern,
                "matched": c.matched,
            });
            writeln!(out, "{}", crate::text::json_safe(&v.to_string()))?;
        }
    }
    if s.items.is_empty() && (s.quiet || each_turn) {
        let mut v = json!({"quiet": true, "best": round3(s.best)});
        turn_field(&mut v, at);
        writeln!(out, "{}", crate::text::json_safe(&v.to_string()))?;
    }
    Ok(())
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn print_human(
    out: &mut dyn Write,
    s: &Suggestions,
    cues: &[(usize, Vec<Cue>)],
    transcript: &Transcript,
    turn: Option<usize>,
    threshold: f32,
    lang: Lang,
) -> std::io::Result<()> {
    if let Some(t) = turn {
        let text = &transcript.turns[t].text;
        let preview: String = text.chars().take(70).collect();
        let more = if text.chars().count() > 70 { "…" } else { "" };
        let label = match lang {
            Lang::Es => "turno",
            Lang::En => "turn",
        };
        writeln!(out, "── {label} {}: {preview}{more}", t + 1)?;
    }
    if s.items.is_empty() {
        let msg = match (lang, s.quiet) {
            (Lang::Es, true) => format!(
                "nada seguro todavía (mejor {:.0}%, umbral {:.0}%)",
                s.best * 100.0,
                threshold * 100.0
            ),
            (Lang::En, true) => format!(
                "nothing confident yet (best {:.0}%, threshold {:.0}%)",
                s.best * 100.0,
                threshold * 100.0
            ),
            (Lang::Es, false) => "sin sugerencias".to_string(),
            (Lang::En, false) => "no suggestions".to_string(),
        };
        writeln!(out, "   {msg}")?;
    }
    for (rank, item) in s.items.iter().enumerate() {
        if let Some(g) = s.group_text(rank, lang) {
            writeln!(out, "    {g}")?;
        }
        writeln!(
            out,
            "{:>2}. {}  {}  {:.0}%",
            rank + 1,
            item.hit.id,
            item.hit.title.text,
            item.confidence * 100.0
        )?;
        writeln!(out, "    {}", s.reason_text(rank, lang))?;
    }
    for (t, found) in cues {
        for c in found {
            let label = match lang {
                Lang::Es => "turno",
                Lang::En => "turn",
            };
            let article = c
                .article
                .as_deref()
                .map(|a| format!(" → {a}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  ! {}{article}  («{}», {label} {})",
                c.label(lang),
                c.matched,
                t + 1
            )?;
        }
    }
    Ok(())
}

/// `--explain`: every article considered (best first, at most 10), its signals and
/// how they combined, and whether it reached the threshold.
fn print_explain(
    out: &mut dyn Write,
    s: &Suggestions,
    threshold: f32,
    lang: Lang,
) -> std::io::Result<()> {
    let (head, shown, closed, below, phrased, cut) = match lang {
        Lang::Es => (
            "artículos considerados",
            "se muestra",
            "nada relevante: ninguno llega al umbral ni tiene varias palabras dichas",
            "bajo el umbral y fuera de los primeros de la búsqueda",
            "bajo el umbral: se dijo la frase de otro artículo",
            "fuera del límite",
        ),
        Lang::En => (
            "articles considered",
            "shown",
            "nothing relevant: none reaches the threshold or has several of the words said",
            "below the threshold and not among the search's first hits",
            "below the threshold: another article's own phrasing was said",
            "past the limit",
        ),
    };
    writeln!(out, "   {head}:")?;
    let floor = threshold * crate::assist::suggest::SHOWN_SHARE;
    for c in s.considered.iter().take(10) {
        let state = if s.items.iter().any(|i| i.hit.id == c.hit.id) {
            shown
        } else if !s.open {
            closed
        } else if c.confidence >= floor || c.signals.supported() {
            cut
        } else if c.signals.rank < crate::assist::suggest::GATE_RANKS {
            phrased
        } else {
            below
        };
        writeln!(out, "   · {}  [{state}]", c.hit.id)?;
        writeln!(out, "       {}", c.signals.explain(lang))?;
    }
    Ok(())
}

/// Counts and describes the lines that could not be used (on standard error).
fn report_problems(t: &Transcript, lang: Lang) {
    if t.problems.is_empty() {
        return;
    }
    let n = t.problems.len();
    let head = match lang {
        Lang::Es => {
            format!("apunte: {n} líneas de la entrada no se han podido leer (se han saltado):")
        }
        Lang::En => format!("apunte: {n} input lines could not be read (skipped):"),
    };
    eprintln!("{head}");
    for (line, p) in t.problems.iter().take(10) {
        eprintln!("  stdin:{line}: {p}");
    }
    if n > 10 {
        eprintln!("  …");
    }
}
