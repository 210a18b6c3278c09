//! The console's `update`: pure, from an event to the state and the effects the loop
//! carries out (what to send to the trainee's side, cues to look for).
use super::keys::Action;
use super::state::{Console, Effect, Event, InputMode, Link, LinkEvent, Overlay, ScoreForm};
use crate::app::{Key, KeyCode};
use crate::conversation::journal::JournalEntry;
use crate::i18n::Msg;
use crate::text::Lang;
use crate::training::link::{Role, ToTrainee, ToTrainer};

/// Applies one event.
pub fn update(c: &mut Console, ev: Event) -> Vec<Effect> {
    let mut fx = Vec::new();
    match ev {
        Event::Key(k) => key(c, k, &mut fx),
        Event::Paste(text) => match &mut c.overlay {
            Some(Overlay::Score(f)) => f.comment.insert(&text),
            Some(Overlay::Help) => {}
            None => c.input.insert(&text),
        },
        Event::Resize(w, h) => c.size = (w, h),
        Event::Tick => {}
        Event::Link(l) => link(c, l),
        Event::Terminate => {
            c.quit = true;
            fx.push(Effect::Quit);
        }
    }
    fx
}

fn link(c: &mut Console, ev: LinkEvent) {
    match ev {
        LinkEvent::Connected => {
            if !matches!(c.link, Link::Refused(_)) {
                c.link = Link::Connecting;
            }
        }
        LinkEvent::Message(ToTrainer::Welcome { role, card }) => {
            // The whole call comes again, from its first record.
            c.link = Link::Joined(role);
            c.records.clear();
            c.cues.clear();
            if c.card.as_ref() != Some(&*card) {
                c.selected = 0;
            }
            c.card = Some(*card);
            let m = match role {
                Role::Driver => Msg::TcJoinedDriver,
                Role::Observer => Msg::TcJoinedObserver,
            };
            c.status = Some(c.t(m).to_string());
        }
        LinkEvent::Message(ToTrainer::Record { seq, record }) => {
            let next = c.records.len() as u64 + 1;
            // A record seen already (or out of order) is left out.
            if seq != next {
                return;
            }
            // The empathy cues are the ones the trainee's workspace raised (journaled
            // with the turn they are on), so both sides show the same.
            if let JournalEntry::Cue {
                turn,
                cue,
                label_es,
                label_en,
                ..
            } = &record.entry
            {
                let on = c
                    .records
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| matches!(r.entry, JournalEntry::Turn { .. }))
                    .nth(turn.saturating_sub(1))
                    .map(|(i, _)| i);
                let label = match c.lang {
                    Lang::Es => label_es,
                    Lang::En => label_en,
                };
                let label = if label.is_empty() { cue } else { label };
                if let Some(i) = on
                    && !c.cues.iter().any(|(k, l)| *k == i && l == label)
                {
                    c.cues.push((i, label.clone()));
                }
            }
            c.records.push(*record);
            if c.scroll > 0 {
                c.scroll = c.scroll.saturating_add(1);
            }
        }
        LinkEvent::Message(ToTrainer::Script { view }) => {
            c.script = view;
            if let Some(card) = &c.card {
                let armed: Vec<usize> = c
                    .script
                    .armed
                    .iter()
                    .filter_map(|id| card.lines.iter().position(|l| &l.id == id))
                    .collect();
                // The selection follows the script when it moved past it.
                let sel_id = card.lines.get(c.selected).map(|l| l.id.as_str());
                let gone = sel_id.is_none_or(|id| c.script.said.iter().any(|s| s == id));
                if gone && let Some(&first) = armed.first() {
                    c.selected = first;
                }
            }
        }
        LinkEvent::Message(ToTrainer::Scorecard { card }) => {
            c.scorecard = Some(card);
            c.status = Some(c.t(Msg::TcScored).to_string());
        }
        LinkEvent::Message(ToTrainer::Refused { reason }) => match c.link {
            Link::Joined(_) => {
                c.refused += 1;
                c.status = Some(format!("{}: {reason}", c.t(Msg::TcRefusedCommand)));
            }
            _ => c.link = Link::Refused(reason),
        },
        LinkEvent::Bad(b) => {
            c.bad.count(&b);
            c.status = Some(b.to_string());
        }
        LinkEvent::Dropped(why) => {
            if !matches!(c.link, Link::Refused(_)) {
                c.link = Link::Dropped(why);
            }
        }
    }
}

/// Sends a command (queued while the link is down); an observer's stays here.
fn send(c: &mut Console, msg: ToTrainee, fx: &mut Vec<Effect>) -> bool {
    if c.observe || c.link == Link::Joined(Role::Observer) {
        c.status = Some(c.t(Msg::TcObserverOnly).to_string());
        return false;
    }
    fx.push(Effect::Send(msg));
    true
}

fn key(c: &mut Console, k: Key, fx: &mut Vec<Effect>) {
    let action = c.keys.action(&k);
    match &c.overlay {
        Some(Overlay::Help) => {
            match action {
                Some(Action::Quit) => quit(c, fx),
                _ => c.overlay = None,
            }
            return;
        }
        Some(Overlay::Score(_)) => {
            score_key(c, k, action, fx);
            return;
        }
        None => {}
    }
    // A printable key bound to an action (`?`) is text while the input has text.
    let typed = k.typed_char().is_some() && !c.input.is_empty();
    match action.filter(|_| !typed) {
        Some(Action::Quit) => quit(c, fx),
        Some(Action::Help) => c.overlay = Some(Overlay::Help),
        Some(Action::Send) => {
            let text = c.input.text().trim().to_string();
            if text.is_empty() {
                return;
            }
            let msg = match c.mode {
                InputMode::Whisper => ToTrainee::Whisper { text },
                InputMode::Customer => ToTrainee::Say { text },
            };
            if send(c, msg, fx) {
                c.input.take();
                c.scroll = 0;
            }
        }
        Some(Action::SwitchInput) => {
            c.mode = match c.mode {
                InputMode::Whisper => InputMode::Customer,
                InputMode::Customer => InputMode::Whisper,
            }
        }
        Some(Action::TakeOver) => {
            let (msg, mode) = if c.script.taken_over {
                (ToTrainee::HandBack, InputMode::Whisper)
            } else {
                (ToTrainee::TakeOver, InputMode::Customer)
            };
            if send(c, msg, fx) {
                c.script.taken_over = !c.script.taken_over;
                c.mode = mode;
            }
        }
        Some(a @ (Action::Fire | Action::Skip)) => {
            let Some(line) = c
                .card
                .as_ref()
                .and_then(|card| card.lines.get(c.selected))
                .map(|l| l.id.clone())
            else {
                return;
            };
            let msg = if a == Action::Fire {
                ToTrainee::Fire { line }
            } else {
                ToTrainee::Skip { line }
            };
            send(c, msg, fx);
        }
        Some(Action::Pause) => {
            let msg = if c.script.paused {
                ToTrainee::Resume
            } else {
                ToTrainee::Pause
            };
            if send(c, msg, fx) {
                c.script.paused = !c.script.paused;
            }
        }
        Some(Action::Score) => {
            let items = c
                .card
                .as_ref()
                .map(|card| card.manual.clone())
                .unwrap_or_default();
            let form = ScoreForm {
                values: items
                    .iter()
                    .map(|i| (i.id.clone(), String::new()))
                    .collect(),
                ..ScoreForm::default()
            };
            c.overlay = Some(Overlay::Score(form));
        }
        Some(Action::Up) => c.selected = c.selected.saturating_sub(1),
        Some(Action::Down) => {
            let n = c.card.as_ref().map_or(0, |card| card.lines.len());
            if c.selected + 1 < n {
                c.selected += 1;
            }
        }
        Some(Action::PageUp) => c.scroll = c.scroll.saturating_add(page(c)),
        Some(Action::PageDown) => c.scroll = c.scroll.saturating_sub(page(c)),
        Some(Action::Back) => {
            c.input.take();
        }
        None => {
            c.input.apply_key(&k);
        }
    }
}

fn page(c: &Console) -> u16 {
    (c.size.1 / 2).max(1)
}

fn quit(c: &mut Console, fx: &mut Vec<Effect>) {
    c.quit = true;
    fx.push(Effect::Quit);
}

/// Keys in the scoring dialog: `↑↓` pick an item (or the comment), digits give points,
/// `n` N/A, `Backspace` clears, `Enter` sends, `Esc` closes.
fn score_key(c: &mut Console, k: Key, action: Option<Action>, fx: &mut Vec<Effect>) {
    let items: Vec<(String, u32)> = c
        .card
        .as_ref()
        .map(|card| {
            card.manual
                .iter()
                .map(|i| (i.id.clone(), i.points))
                .collect()
        })
        .unwrap_or_default();
    let Some(Overlay::Score(form)) = &mut c.overlay else {
        return;
    };
    let on_comment = form.selected >= items.len();
    match action {
        Some(Action::Quit) => return quit(c, fx),
        Some(Action::Back) => {
            c.overlay = None;
            return;
        }
        Some(Action::Up) => {
            form.selected = form.selected.saturating_sub(1);
            return;
        }
        Some(Action::Down) => {
            form.selected = (form.selected + 1).min(items.len());
            return;
        }
        Some(Action::Send) => {
            let mut out = std::collections::BTreeMap::new();
            for (id, max) in &items {
                let v = form.values.get(id).map(String::as_str).unwrap_or("");
                match v {
                    "" => {}
                    "na" => {
                        out.insert(id.clone(), None);
                    }
                    digits => {
                        let p = digits.parse::<u32>().unwrap_or(0).min(*max);
                        out.insert(id.clone(), Some(p));
                    }
                }
            }
            let comment = form.comment.text().trim().to_string();
            if out.is_empty() && comment.is_empty() {
                c.status = Some(c.t(Msg::TcScoreNothing).to_string());
                return;
            }
            if send(
                c,
                ToTrainee::Grades {
                    items: out,
                    comment,
                },
                fx,
            ) {
                c.overlay = None;
                c.status = Some(c.t(Msg::TcScoreSent).to_string());
            }
            return;
        }
        _ => {}
    }
    if on_comment {
        form.comment.apply_key(&k);
        return;
    }
    let (id, max) = &items[form.selected];
    let v = form.values.entry(id.clone()).or_default();
    match k.code {
        KeyCode::Char(d) if d.is_ascii_digit() && !k.ctrl && !k.alt => {
            if v == "na" {
                v.clear();
            }
            v.push(d);
            if v.parse::<u32>().map_or(true, |p| p > *max) {
                *v = max.to_string();
            }
        }
        KeyCode::Char('n') if !k.ctrl && !k.alt => *v = "na".into(),
        KeyCode::Backspace | KeyCode::Delete => v.clear(),
        _ => {}
    }
}
