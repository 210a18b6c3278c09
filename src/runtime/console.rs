//! The trainer's console's loop: the same shape as the workspace's (event → `update` →
//! effects → draw). Keys and signals come from the terminal's threads, the link's
//! events from its own thread ([`console::link`]); a one-second tick keeps the timers
//! on screen moving. The executor sends commands to the link (the empathy cues come
//! from the trainee's side, as records); `update` and the drawing never do I/O.
use std::process::ExitCode;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};

use crate::console::{self, Console, Effect, Event, LinkEvent};
use crate::training::link::ToTrainee;
use crate::ui::Theme;

/// How often the timers on screen move on.
pub const TICK: Duration = Duration::from_secs(1);

/// What the console's loop is started with.
pub struct Options {
    pub console: Console,
    pub theme: Theme,
    pub hello: ToTrainee,
}

/// Carries out the console's effects: what `update` asks for.
pub struct Executor {
    pub out: Sender<ToTrainee>,
}

impl Executor {
    /// Carries out one effect; true when the console must close.
    pub fn carry_out(&mut self, effect: Effect) -> bool {
        match effect {
            Effect::Send(msg) => {
                // The link keeps it while the connection is down.
                let _ = self.out.send(msg);
            }
            Effect::Quit => return true,
        }
        false
    }
}

/// Applies an event and carries out its effects; true when the console closes.
pub fn apply(c: &mut Console, exec: &mut Executor, ev: Event) -> bool {
    console::update(c, ev)
        .into_iter()
        .any(|e| exec.carry_out(e))
}

/// The workspace's input events as the console's.
fn from_input(ev: crate::app::Event) -> Option<Event> {
    match ev {
        crate::app::Event::Key(k) => Some(Event::Key(k)),
        crate::app::Event::Paste(s) => Some(Event::Paste(s)),
        crate::app::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        crate::app::Event::Terminate => Some(Event::Terminate),
        _ => None,
    }
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Runs the console in the terminal until the trainer quits.
pub fn run(opts: Options) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the trainer's console needs a terminal (standard input and output are not one): run `apunte trainer` in a terminal"
        );
    }
    let Options {
        mut console,
        theme,
        hello,
    } = opts;
    let (link_tx, link_rx) = crossbeam_channel::unbounded::<LinkEvent>();
    let out = console::link::spawn(console.address.clone(), hello, link_tx)?;
    let mut exec = Executor { out };
    let (input_tx, input_rx) = crossbeam_channel::unbounded();
    crate::term::spawn_signals(input_tx.clone())?;
    let mut term = crate::term::enter(false)?;
    crate::term::spawn_input(input_tx);
    let size = term.terminal.size()?;
    console.size = (size.width, size.height);
    console.now = now();
    let result = run_loop(&mut console, &mut exec, &input_rx, &link_rx, &mut |c| {
        term.terminal
            .draw(|f| console::render(f, c, &theme))
            .map(|_| ())
            .map_err(anyhow::Error::from)
    });
    drop(term);
    result?;
    Ok(ExitCode::SUCCESS)
}

/// The loop: input first, then the link, a tick when nothing came.
fn run_loop(
    c: &mut Console,
    exec: &mut Executor,
    input: &Receiver<crate::app::Event>,
    link: &Receiver<LinkEvent>,
    draw: &mut dyn FnMut(&Console) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    draw(c)?;
    loop {
        let mut batch: Vec<Event> = Vec::new();
        crossbeam_channel::select! {
            recv(input) -> ev => match ev {
                Ok(ev) => batch.extend(from_input(ev)),
                Err(_) => return Ok(()),
            },
            recv(link) -> ev => match ev {
                Ok(ev) => batch.push(Event::Link(ev)),
                // The link ended: nothing more will come from it.
                Err(_) => {
                    std::thread::sleep(TICK);
                    batch.push(Event::Tick);
                }
            },
            default(TICK) => batch.push(Event::Tick),
        }
        batch.extend(input.try_iter().filter_map(from_input));
        batch.extend(link.try_iter().take(1024).map(Event::Link));
        c.now = now();
        for ev in batch {
            if apply(c, exec, ev) {
                return Ok(());
            }
        }
        draw(c)?;
    }
}
