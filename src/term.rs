//! The only place that touches the terminal: raw mode and the alternate screen, restored
//! on every exit path (drop, panic hook, signals via the event loop); the input thread
//! turning crossterm events into application events; the OSC 52 clipboard.
use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::Sender;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::{Event, Key, KeyCode, Mouse};

static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// The terminal in full-screen mode; restored when dropped.
pub struct Term {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

/// Enters raw mode and the alternate screen (with mouse capture when asked) and installs
/// a panic hook that restores the terminal before the panic message is printed (and, when
/// the panic happens while full-screen on any thread, exits with code 101).
pub fn enter(mouse: bool) -> io::Result<Term> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let was_active = ACTIVE.load(Ordering::SeqCst);
            restore();
            previous(info);
            // A panic on any thread (input, search worker) while full-screen ends the
            // program: the terminal is restored and the UI must not keep drawing on it.
            if was_active {
                std::process::exit(101);
            }
        }));
    });
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut out = io::stdout();
    let setup = execute!(out, EnterAlternateScreen, EnableBracketedPaste).and_then(|()| {
        if mouse {
            execute!(out, EnableMouseCapture)
        } else {
            Ok(())
        }
    });
    if let Err(e) = setup {
        restore();
        return Err(e);
    }
    match Terminal::new(CrosstermBackend::new(io::stdout())) {
        Ok(terminal) => Ok(Term { terminal }),
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Leaves the alternate screen and raw mode. Safe to call many times and from the panic
/// hook; does nothing when the terminal is not in full-screen mode.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

impl Drop for Term {
    fn drop(&mut self) {
        restore();
    }
}

/// Turns mouse capture on or off while full-screen (remembered for the restore).
pub fn set_mouse(on: bool) -> io::Result<()> {
    if !ACTIVE.load(Ordering::SeqCst) {
        return Ok(());
    }
    MOUSE.store(on, Ordering::SeqCst);
    if on {
        execute!(io::stdout(), EnableMouseCapture)
    } else {
        execute!(io::stdout(), DisableMouseCapture)
    }
}

/// Puts text on the clipboard with OSC 52 (works over SSH and inside tmux).
pub fn copy(text: &str) -> io::Result<()> {
    use ratatui::crossterm::clipboard::CopyToClipboard;
    execute!(io::stdout(), CopyToClipboard::to_clipboard_from(text))
}

/// Converts a crossterm event; None for events the workspace ignores (key releases …).
pub fn convert(ev: event::Event) -> Option<Event> {
    match ev {
        event::Event::Key(k) => {
            if k.kind == KeyEventKind::Release {
                return None;
            }
            let code = match k.code {
                event::KeyCode::Char(c) => KeyCode::Char(c),
                event::KeyCode::Enter => KeyCode::Enter,
                event::KeyCode::Esc => KeyCode::Esc,
                event::KeyCode::Tab => KeyCode::Tab,
                event::KeyCode::BackTab => KeyCode::BackTab,
                event::KeyCode::Backspace => KeyCode::Backspace,
                event::KeyCode::Delete => KeyCode::Delete,
                event::KeyCode::Insert => KeyCode::Insert,
                event::KeyCode::Left => KeyCode::Left,
                event::KeyCode::Right => KeyCode::Right,
                event::KeyCode::Up => KeyCode::Up,
                event::KeyCode::Down => KeyCode::Down,
                event::KeyCode::Home => KeyCode::Home,
                event::KeyCode::End => KeyCode::End,
                event::KeyCode::PageUp => KeyCode::PageUp,
                event::KeyCode::PageDown => KeyCode::PageDown,
                event::KeyCode::F(n) => KeyCode::F(n),
                _ => return None,
            };
            Some(Event::Key(
                Key {
                    code,
                    ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
                    alt: k.modifiers.contains(KeyModifiers::ALT),
                    shift: k.modifiers.contains(KeyModifiers::SHIFT),
                }
                .normalized(),
            ))
        }
        event::Event::Paste(s) => Some(Event::Paste(s)),
        event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        event::Event::Mouse(m) => {
            let (col, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) => {
                    Some(Event::Mouse(Mouse::Click { col, row }))
                }
                MouseEventKind::ScrollUp => Some(Event::Mouse(Mouse::ScrollUp { col, row })),
                MouseEventKind::ScrollDown => Some(Event::Mouse(Mouse::ScrollDown { col, row })),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Reads terminal input on its own thread and sends it as events until the receiver is
/// gone or the terminal fails.
pub fn spawn_input(tx: Sender<Event>) {
    std::thread::Builder::new()
        .name("apunte-input".into())
        .spawn(move || {
            loop {
                match event::read() {
                    Ok(ev) => {
                        if let Some(e) = convert(ev)
                            && tx.send(e).is_err()
                        {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(Event::Terminate);
                        return;
                    }
                }
            }
        })
        .map(|_| ())
        .unwrap_or(());
}

/// Turns SIGTERM, SIGHUP, SIGINT and SIGQUIT into [`Event::Terminate`] so the loop
/// leaves and the terminal is restored (SIGQUIT would otherwise end the process with
/// the terminal still raw, on the alternate screen, capturing the mouse).
pub fn spawn_signals(tx: Sender<Event>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("apunte-signals".into())
        .spawn(move || {
            // Every signal, not only the first: each goes before any waiting transcript.
            for _ in signals.forever() {
                if tx.send(Event::Terminate).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEvent, KeyEventState, MouseEvent};

    fn key(code: event::KeyCode, mods: KeyModifiers) -> Option<Event> {
        convert(event::Event::Key(KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }))
    }

    #[test]
    fn converts_terminal_events() {
        assert_eq!(
            key(
                event::KeyCode::Char('Q'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            ),
            Some(Event::Key(Key::ctrl('q')))
        );
        assert_eq!(
            key(event::KeyCode::Char('?'), KeyModifiers::SHIFT),
            Some(Event::Key(Key::ch('?')))
        );
        assert_eq!(
            key(event::KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Event::Key(Key::plain(KeyCode::BackTab)))
        );
        assert_eq!(
            key(event::KeyCode::Char('1'), KeyModifiers::ALT),
            Some(Event::Key(Key::alt('1')))
        );
        let release = event::Event::Key(KeyEvent {
            code: event::KeyCode::Char('a'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        });
        assert_eq!(convert(release), None);
        let wheel = event::Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(
            convert(wheel),
            Some(Event::Mouse(Mouse::ScrollDown { col: 3, row: 4 }))
        );
        assert_eq!(
            convert(event::Event::Paste("a\x1bb".into())),
            Some(Event::Paste("a\x1bb".into()))
        );
    }
}
