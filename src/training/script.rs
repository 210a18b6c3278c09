//! The scripted customer: a pure state machine over what the trainee does (turns, opened
//! articles, silence) and the time, which the caller passes in (a [`Duration`] since any
//! fixed origin), so tests decide what "now" is.
//!
//! * The script has a position (the last line said); the lines waiting for it are
//!   *armed*. The first armed line whose trigger fires is queued and the others are
//!   dropped (branches); once said, the lines waiting for it (or its `goto`) are armed.
//! * A queued line is said after its typing delay ([`Scenario::typing`]), after any line
//!   still being typed: the customer never says two things at once.
//! * Timed triggers fire at the moment they were due, not when the caller happened to
//!   look: the same inputs give the same call whatever the tick.
//! * `anytime` lines fire whenever their trigger does (up to `repeat` times) without
//!   moving the script on; `delay_s` counts from the call's start for them.
//! * Silence is the time since the trainee or the customer last spoke; it does not run
//!   while the customer is typing.
use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use super::scenario::{Scenario, Trigger};

/// What the scripted customer does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The customer says the line with this index.
    Say { line: usize, text: String },
    /// The trainee asked for the customer's name: `{customer}` may be filled now.
    NameKnown(String),
    /// The customer ended the call (after the line of an `end`).
    Ended,
}

/// The scripted customer of one call.
#[derive(Debug, Clone)]
pub struct Script {
    scenario: Scenario,
    started: Option<Duration>,
    /// Armed lines and since when.
    armed: Vec<usize>,
    armed_at: Duration,
    /// Lines queued to be said, and when each is said.
    queue: VecDeque<(usize, Duration)>,
    fired: Vec<u32>,
    /// When the trainee or the customer last spoke.
    last_spoke: Duration,
    /// Articles opened and when first.
    opened: BTreeMap<String, Duration>,
    /// The facts the trainee asked for (ids), in order.
    asked: Vec<String>,
    /// The positioned lines said (or passed by), in order.
    said: Vec<usize>,
    name_known: bool,
    ended: bool,
}

impl Script {
    pub fn new(scenario: Scenario) -> Script {
        let n = scenario.lines.len();
        Script {
            scenario,
            started: None,
            armed: Vec::new(),
            armed_at: Duration::ZERO,
            queue: VecDeque::new(),
            fired: vec![0; n],
            last_spoke: Duration::ZERO,
            opened: BTreeMap::new(),
            asked: Vec::new(),
            said: Vec::new(),
            name_known: false,
            ended: false,
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// True once the customer has ended the call.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// The facts the trainee has asked for (ids), in the order asked.
    pub fn asked(&self) -> &[String] {
        &self.asked
    }

    /// The lines waiting for their trigger (the script's next lines).
    pub fn armed(&self) -> &[usize] {
        &self.armed
    }

    /// The lines queued to be said (being "typed"), in order.
    pub fn typing(&self) -> Vec<usize> {
        self.queue.iter().map(|&(i, _)| i).collect()
    }

    /// The lines said so far (anytime lines included), in order.
    pub fn said(&self) -> &[usize] {
        &self.said
    }

    /// A trainer fires line `i` now, whatever its trigger: it is queued (after its typing
    /// delay) as if its trigger had fired.
    pub fn fire_now(&mut self, now: Duration, i: usize) -> Vec<Output> {
        let mut out = self.tick(now);
        if self.ended || self.started.is_none() || i >= self.scenario.lines.len() || self.queued(i)
        {
            return out;
        }
        self.fire(i, now);
        out.extend(self.tick(now));
        out
    }

    /// A trainer passes line `i` by: it is not said, and the script goes on as if it had
    /// been (an `end` line ends the call; an anytime line does not fire again).
    pub fn skip(&mut self, now: Duration, i: usize) -> Vec<Output> {
        let mut out = self.tick(now);
        if self.ended || self.started.is_none() || i >= self.scenario.lines.len() {
            return out;
        }
        self.queue.retain(|&(q, _)| q != i);
        let line = &self.scenario.lines[i];
        if line.anytime {
            self.fired[i] = line.repeat;
            return out;
        }
        self.said.push(i);
        if line.end {
            self.ended = true;
            self.queue.clear();
            out.push(Output::Ended);
            return out;
        }
        self.armed = Script::next_lines(&self.scenario, i);
        self.armed_at = now;
        out.extend(self.tick(now));
        out
    }

    /// The customer spoke outside the script (a trainer typed the line) or the script
    /// takes over again: delays and silence count from `now`.
    pub fn rearm(&mut self, now: Duration) {
        if self.started.is_some() {
            self.armed_at = self.armed_at.max(now);
            self.last_spoke = self.last_spoke.max(now);
        }
    }

    /// The lines that wait for the call's start (the first positioned line, and those
    /// with `after = "start"`).
    pub fn start_lines(scenario: &Scenario) -> Vec<usize> {
        scenario
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.anytime && l.after.is_none())
            .map(|(i, _)| i)
            .collect()
    }

    /// The lines armed once line `i` is said.
    pub fn next_lines(scenario: &Scenario, i: usize) -> Vec<usize> {
        let line = &scenario.lines[i];
        if line.end {
            return Vec::new();
        }
        if let Some(g) = line.goto {
            return vec![g];
        }
        scenario
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.anytime && l.after == Some(i))
            .map(|(k, _)| k)
            .collect()
    }

    /// The call starts: the first lines are armed.
    pub fn start(&mut self, now: Duration) -> Vec<Output> {
        if self.started.is_some() {
            return Vec::new();
        }
        self.started = Some(now);
        self.last_spoke = now;
        self.armed = Script::start_lines(&self.scenario);
        self.armed_at = now;
        self.tick(now)
    }

    /// The trainee said `text`.
    pub fn trainee_said(&mut self, now: Duration, text: &str) -> Vec<Output> {
        let mut out = self.tick(now);
        if self.ended || self.started.is_none() {
            return out;
        }
        self.last_spoke = self.last_spoke.max(now);
        if !self.name_known && self.scenario.customer.ask_name.matches(text) {
            self.name_known = true;
            out.push(Output::NameKnown(self.scenario.customer.name.clone()));
        }
        for f in &self.scenario.customer.facts {
            if !self.asked.contains(&f.id) && f.ask.as_ref().is_some_and(|p| p.matches(text)) {
                self.asked.push(f.id.clone());
            }
        }
        let said = |t: &Trigger| matches!(t, Trigger::Said(p) if p.matches(text));
        // Nothing is armed while the customer is still saying the line before.
        if let Some(&i) = self
            .armed
            .iter()
            .find(|&&i| said(&self.scenario.lines[i].trigger))
        {
            self.fire(i, now);
        }
        let anytime: Vec<usize> = self.anytime_lines(|t| said(t));
        for i in anytime {
            self.fire(i, now);
        }
        out.extend(self.tick(now));
        out
    }

    /// The trainee opened the article `id`.
    pub fn opened(&mut self, now: Duration, id: &str) -> Vec<Output> {
        let mut out = self.tick(now);
        if self.ended || self.started.is_none() {
            return out;
        }
        let first = !self.opened.contains_key(id);
        self.opened.entry(id.to_string()).or_insert(now);
        let hit = |t: &Trigger| matches!(t, Trigger::Opened(a) if a == id);
        if first {
            let anytime = self.anytime_lines(hit);
            for i in anytime {
                self.fire(i, now);
            }
        }
        out.extend(self.tick(now));
        out
    }

    /// Everything due by `now`, in the order it happened.
    pub fn tick(&mut self, now: Duration) -> Vec<Output> {
        let mut out = Vec::new();
        let Some(_) = self.started else {
            return out;
        };
        loop {
            if self.ended {
                return out;
            }
            // The earliest of: the line being typed, an armed trigger, an anytime one.
            let typed = self.queue.front().map(|&(_, at)| at);
            let armed = self.next_armed();
            let anytime = self.next_anytime();
            let next = [
                typed.map(|t| (t, 0, usize::MAX)),
                armed.map(|(t, i)| (t, 1, i)),
                anytime.map(|(t, i)| (t, 2, i)),
            ]
            .into_iter()
            .flatten()
            .min();
            match next {
                Some((t, 0, _)) if t <= now => self.say(t, &mut out),
                Some((t, _, i)) if t <= now => self.fire(i, t),
                _ => return out,
            }
        }
    }

    /// When something is next due (None: only the trainee can move the call on).
    pub fn next_due(&self) -> Option<Duration> {
        if self.ended || self.started.is_none() {
            return None;
        }
        [
            self.queue.front().map(|&(_, at)| at),
            self.next_armed().map(|(t, _)| t),
            self.next_anytime().map(|(t, _)| t),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn queue_has_positioned(&self) -> bool {
        self.queue
            .iter()
            .any(|&(i, _)| !self.scenario.lines[i].anytime)
    }

    /// Silence runs from the last words, and not while the customer is typing.
    fn silent_since(&self) -> Option<Duration> {
        self.queue.is_empty().then_some(self.last_spoke)
    }

    /// The armed line whose timed trigger comes first, and when.
    fn next_armed(&self) -> Option<(Duration, usize)> {
        if self.queue_has_positioned() {
            return None;
        }
        self.armed
            .iter()
            .filter_map(|&i| {
                let at = match &self.scenario.lines[i].trigger {
                    Trigger::Start => Some(self.armed_at),
                    Trigger::Delay(d) => Some(self.armed_at + *d),
                    Trigger::Silence(s) => self
                        .silent_since()
                        .map(|since| since.max(self.armed_at) + *s),
                    Trigger::Opened(a) => self.opened.get(a).map(|t| (*t).max(self.armed_at)),
                    Trigger::Said(_) => None,
                };
                at.map(|t| (t, i))
            })
            .min()
    }

    /// The anytime line whose timed trigger comes first, and when.
    fn next_anytime(&self) -> Option<(Duration, usize)> {
        let start = self.started?;
        self.scenario
            .lines
            .iter()
            .enumerate()
            .filter(|(i, l)| l.anytime && self.fired[*i] < l.repeat && !self.queued(*i))
            .filter_map(|(i, l)| {
                let at = match &l.trigger {
                    Trigger::Delay(d) => Some(start + *d),
                    Trigger::Silence(s) => self.silent_since().map(|since| since + *s),
                    Trigger::Start => Some(start),
                    _ => None,
                };
                at.map(|t| (t, i))
            })
            .min()
    }

    fn queued(&self, i: usize) -> bool {
        self.queue.iter().any(|&(q, _)| q == i)
    }

    /// The anytime lines (still allowed to fire) whose trigger passes `hit`.
    fn anytime_lines(&self, hit: impl Fn(&Trigger) -> bool) -> Vec<usize> {
        self.scenario
            .lines
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                l.anytime && self.fired[*i] < l.repeat && !self.queued(*i) && hit(&l.trigger)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Queues line `i`, triggered at `at`.
    fn fire(&mut self, i: usize, at: Duration) {
        self.fired[i] += 1;
        if !self.scenario.lines[i].anytime {
            self.armed.clear();
        }
        let begin = self.queue.back().map_or(at, |&(_, t)| t.max(at));
        let due = begin + self.scenario.typing(&self.scenario.lines[i].say);
        self.queue.push_back((i, due));
    }

    /// The line being typed is said at `at`.
    fn say(&mut self, at: Duration, out: &mut Vec<Output>) {
        let Some((i, _)) = self.queue.pop_front() else {
            return;
        };
        let line = &self.scenario.lines[i];
        out.push(Output::Say {
            line: i,
            text: line.say.clone(),
        });
        self.last_spoke = self.last_spoke.max(at);
        self.said.push(i);
        if line.anytime {
            return;
        }
        if line.end {
            self.ended = true;
            self.queue.clear();
            out.push(Output::Ended);
            return;
        }
        self.armed = Script::next_lines(&self.scenario, i);
        self.armed_at = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::scenario::parse;
    use std::path::Path;

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn script(lines: &str) -> Script {
        let text = format!(
            "title = \"t\"\nlang = \"es\"\ndifficulty = \"easy\"\npace_ms_per_char = 100\n[customer]\nname = \"Marta Ruiz\"\n{lines}"
        );
        Script::new(parse(Path::new("t.toml"), &text).unwrap())
    }

    fn said(out: &[Output]) -> Vec<&str> {
        out.iter()
            .filter_map(|o| match o {
                Output::Say { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_trainer_fires_a_line_early_or_skips_one() {
        let mut sc = script(
            "[[line]]\nid = \"a\"\nsay = \"uno\"\n[[line]]\nid = \"b\"\ndelay_s = 60\nsay = \"dos\"\n[[line]]\nid = \"c\"\nsaid = \"nunca\"\nsay = \"tres\"\n[[line]]\nid = \"d\"\nsay = \"cuatro\"\nend = true\n",
        );
        sc.start(s(0));
        assert_eq!(said(&sc.tick(s(5))), ["uno"]);
        assert_eq!(sc.armed(), [1]);
        // Fired at 10 s instead of 60: said after its typing delay.
        sc.fire_now(s(10), 1);
        assert_eq!(sc.typing(), [1]);
        assert_eq!(said(&sc.tick(s(15))), ["dos"]);
        // "c" waits for words never said: skipped, the script goes on to "d" (which
        // follows at once: it is being typed).
        assert_eq!(sc.armed(), [2]);
        let out = sc.skip(s(20), 2);
        assert!(said(&out).is_empty());
        assert_eq!(sc.typing(), [3]);
        // Skipping the last line ends the call without saying it.
        assert_eq!(sc.skip(s(20), 3), vec![Output::Ended]);
        assert!(sc.ended());
        assert_eq!(sc.said(), [0, 1, 2, 3]);
    }

    #[test]
    fn the_first_line_comes_at_the_start_after_its_typing_delay() {
        // 10 characters at 100 ms each: one second of typing.
        let mut sc = script("[[line]]\nsay = \"0123456789\"\n");
        assert!(sc.start(s(0)).is_empty(), "typing, not said yet");
        assert_eq!(sc.next_due(), Some(s(1)));
        assert!(sc.tick(Duration::from_millis(999)).is_empty());
        assert_eq!(said(&sc.tick(s(1))), ["0123456789"]);
        assert_eq!(sc.next_due(), None);
    }

    #[test]
    fn lines_in_a_row_are_paced_one_after_the_other() {
        let mut sc = script(
            "[[line]]\nsay = \"0123456789\"\n[[line]]\nsay = \"01234567890123456789\"\n[[line]]\ndelay_s = 5\nsay = \"0123456789\"\n",
        );
        sc.start(s(0));
        // All at once if the caller looks late, but in order and with their own times.
        let mut sc2 = sc.clone();
        let out = sc.tick(s(100));
        assert_eq!(said(&out).len(), 3);
        assert_eq!(said(&sc2.tick(s(1))).len(), 1);
        assert!(sc2.tick(Duration::from_millis(2999)).is_empty());
        assert_eq!(said(&sc2.tick(s(3))).len(), 1);
        // 5 s after the second was said (3 s), then 1 s of typing: 9 s.
        assert_eq!(sc2.next_due(), Some(s(8)));
        assert!(sc2.tick(s(8)).is_empty());
        assert_eq!(sc2.next_due(), Some(s(9)));
        assert_eq!(said(&sc2.tick(s(9))).len(), 1);
    }

    #[test]
    fn a_said_trigger_waits_for_a_matching_turn() {
        let mut sc = script(
            "[[line]]\nsay = \"Hola\"\n[[line]]\nsaid = \"dni|documento\"\nsay = \"Es el 1234\"\n",
        );
        sc.start(s(0));
        sc.tick(s(1));
        assert!(said(&sc.trainee_said(s(2), "buenos días")).is_empty());
        assert!(sc.trainee_said(s(3), "¿me da su DOCUMENTO?").is_empty());
        assert_eq!(said(&sc.tick(s(10))), ["Es el 1234"]);
    }

    #[test]
    fn branches_take_the_first_trigger_and_drop_the_rest() {
        let lines = "[[line]]\nid = \"q\"\nsay = \"¿Me ayuda?\"\n\
            [[line]]\nid = \"oferta\"\nafter = \"q\"\nopened = \"bajas/oferta-retencion\"\nsay = \"Vale\"\ngoto = \"fin\"\n\
            [[line]]\nid = \"harta\"\nafter = \"q\"\ndelay_s = 30\nsay = \"Me voy\"\nend = true\n\
            [[line]]\nid = \"fin\"\nsay = \"Gracias\"\nend = true\n";
        // `fin` follows `harta` in the file, which ends the call: only the goto reaches it.
        let mut a = script(lines);
        a.start(s(0));
        a.tick(s(2));
        a.opened(s(5), "bajas/oferta-retencion");
        let out = a.tick(s(60));
        assert_eq!(said(&out), ["Vale", "Gracias"]);
        assert_eq!(out.last(), Some(&Output::Ended));
        assert!(a.ended());

        let mut b = script(lines);
        b.start(s(0));
        let out = b.tick(s(60));
        assert_eq!(said(&out), ["¿Me ayuda?", "Me voy"]);
        assert!(b.ended());
        // Nothing after the end.
        assert!(b.opened(s(61), "bajas/oferta-retencion").is_empty());
        assert!(b.trainee_said(s(62), "hola").is_empty());
    }

    #[test]
    fn an_article_opened_before_its_line_was_armed_still_counts() {
        let mut sc = script(
            "[[line]]\nsay = \"Hola\"\n[[line]]\nsaid = \"ayudo\"\nsay = \"Sí\"\n[[line]]\nopened = \"a/b\"\nsay = \"Bien\"\n",
        );
        let mut out = sc.start(s(0));
        out.extend(sc.opened(s(1), "a/b"));
        out.extend(sc.trainee_said(s(2), "¿en qué le ayudo?"));
        out.extend(sc.tick(s(20)));
        assert_eq!(said(&out), ["Hola", "Sí", "Bien"]);
    }

    #[test]
    fn silence_prompts_repeat_and_words_reset_the_silence() {
        let mut sc = script(
            "[[line]]\nsay = \"Hola\"\n[[line]]\nsaid = \"adios\"\nsay = \"Adiós\"\nend = true\n\
             [[line]]\nanytime = true\nsilence_s = 20\nrepeat = 2\nsay = \"¿Sigue ahí?\"\n",
        );
        sc.start(s(0));
        assert_eq!(said(&sc.tick(s(1))), ["Hola"]);
        // The trainee speaks at 15 s: silence counts from there.
        sc.trainee_said(s(15), "un momento");
        assert_eq!(sc.next_due(), Some(s(35)));
        assert!(sc.tick(Duration::from_millis(34_999)).is_empty());
        // Due at 35 s; typing takes 1.1 s (11 characters).
        assert!(sc.tick(s(35)).is_empty());
        assert_eq!(sc.next_due(), Some(Duration::from_millis(36_100)));
        assert_eq!(said(&sc.tick(s(37))), ["¿Sigue ahí?"]);
        // Second prompt 20 s after the first was said (36.1 s), then typing.
        assert_eq!(
            said(&sc.tick(Duration::from_millis(57_200))),
            ["¿Sigue ahí?"]
        );
        // No third one.
        assert!(sc.tick(s(500)).is_empty());
        let out = sc.trainee_said(s(501), "Adiós");
        assert!(said(&out).is_empty());
        let out = sc.tick(s(510));
        assert_eq!(said(&out), ["Adiós"]);
        assert!(sc.ended());
    }

    #[test]
    fn asking_for_the_name_makes_it_known_once() {
        let mut sc = script(
            "[[customer.fact]]\nid = \"dni\"\nvalue = \"1\"\nask = \"dni\"\n[[line]]\nsay = \"Hola\"\n",
        );
        sc.start(s(0));
        assert_eq!(said(&sc.tick(s(1))), ["Hola"]);
        assert!(sc.trainee_said(s(1), "buenos días").is_empty());
        assert_eq!(
            sc.trainee_said(s(2), "¿Con quién hablo?"),
            [Output::NameKnown("Marta Ruiz".into())]
        );
        assert!(sc.trainee_said(s(3), "¿su nombre?").is_empty());
        sc.trainee_said(s(4), "y su DNI");
        assert_eq!(sc.asked(), ["dni"]);
    }

    #[test]
    fn a_said_line_waits_while_the_customer_is_still_typing() {
        // Matching words while the first line is still being typed do not count.
        let mut sc =
            script("[[line]]\nsay = \"0123456789\"\n[[line]]\nsaid = \"si\"\nsay = \"Bien\"\n");
        sc.start(s(0));
        sc.trainee_said(Duration::from_millis(500), "sí");
        assert_eq!(said(&sc.tick(s(30))), ["0123456789"]);
        sc.trainee_said(s(31), "sí");
        assert_eq!(said(&sc.tick(s(40))), ["Bien"]);
    }
}
