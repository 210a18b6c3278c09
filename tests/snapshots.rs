//! Screen snapshots of the workspace with ratatui's `TestBackend` (insta; files in
//! `tests/snapshots/`): the main states in Spanish and English at 80x24 and 120x40.
use std::path::PathBuf;

use apunte::app::{self, Event, Focus, Key, KeyCode, Options, State, TranscriptEvent};
use apunte::assist::{Cue, CueKind, Reason, Suggestion};
use apunte::conversation::Speaker;
use apunte::knowledge::replies::Reply;
use apunte::knowledge::{Article, Lang};
use apunte::search::{Highlighted, Hit};
use apunte::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Marks `words` in `text` as highlighted.
pub fn hl(text: &str, words: &[&str]) -> Highlighted {
    let lower = text.to_lowercase();
    let mut ranges = Vec::new();
    for w in words {
        let mut from = 0;
        while let Some(i) = lower[from..].find(&w.to_lowercase()) {
            let s = from + i;
            ranges.push(s..s + w.len());
            from = s + w.len();
        }
    }
    ranges.sort_by_key(|r| r.start);
    Highlighted {
        text: text.to_string(),
        highlights: ranges,
    }
}

pub fn hit(id: &str, title: &str, lang: Lang, snippet: &str, words: &[&str]) -> Hit {
    let category = id.rsplit_once('/').map_or("", |(c, _)| c).to_string();
    Hit {
        id: id.into(),
        title: hl(title, words),
        category,
        lang,
        path: PathBuf::from(format!("knowledge/{id}.md")),
        summary: format!("Summary of {title}"),
        score: 1.0,
        snippet: hl(snippet, words),
        matched: words.iter().map(|w| w.to_string()).collect(),
    }
}

pub fn hits() -> Vec<Hit> {
    vec![
        hit(
            "facturacion/cargo-duplicado",
            "Cargo duplicado en la factura",
            Lang::Es,
            "Si el cliente ve un cargo duplicado en su factura, compruebe primero…",
            &["cargo", "duplicado"],
        ),
        hit(
            "facturacion/devolucion-recibo",
            "Devolución de un recibo",
            Lang::Es,
            "El recibo devuelto genera un cargo de gestión que…",
            &["cargo"],
        ),
        hit(
            "billing/double-charge",
            "Double charge on the bill",
            Lang::En,
            "When a customer sees a duplicated charge (cargo) on the bill…",
            &["cargo", "charge"],
        ),
    ]
}

pub fn article() -> Article {
    let body = "## Qué comprobar\n\nMire los **dos cargos** en *Facturas* y compare importes.\n\n1. Abra la ficha del cliente.\n2. Compare las fechas de los dos cargos.\n3. Si son iguales, abra una **devolución** de `cargo-duplicado`.\n\n- Nunca prometa plazos.\n- Vea [la guía](https://example.com).\n";
    Article {
        id: "facturacion/cargo-duplicado".into(),
        title: "Cargo duplicado en la factura".into(),
        lang: Lang::Es,
        category: "facturacion".into(),
        tags: vec!["factura".into()],
        summary: "Cómo comprobar y devolver un cargo cobrado dos veces.".into(),
        keywords: vec![],
        updated: Some("2026-03-14".into()),
        owner: None,
        review_by: None,
        status: None,
        decide: vec![
            ("Devolución".into(), "hasta 50 € sin supervisor".into()),
            (
                "Compensación".into(),
                "un mes de cuota si hubo dos cargos".into(),
            ),
        ],
        phrases: vec![
            "Entiendo su molestia; lo reviso ahora mismo.".into(),
            "Le devolvemos el importe en 3-5 días.".into(),
        ],
        body: body.into(),
        text: String::new(),
        path: PathBuf::from("knowledge/facturacion/cargo-duplicado.md"),
        rel_path: "facturacion/cargo-duplicado.md".into(),
        body_line: 10,
    }
}

pub fn state(lang: Lang, w: u16, h: u16) -> State {
    let mut s = State::new(Options {
        lang: Some(lang),
        kb_name: "Ondina Telecom".into(),
        article_count: 84,
        replies: vec![Reply {
            name: "saludo".into(),
            lang: Some(Lang::Es),
            text: "Buenos días, le atiende {agent} de {company}.".into(),
        }],
        agent_name: "Lucía".into(),
        mouse: true,
        ..Options::default()
    });
    s.size = (w, h);
    s.now = "2026-11-23T10:15:00+00:00".into();
    s
}

fn key(s: &mut State, k: Key) -> Vec<app::Effect> {
    app::update(s, Event::Key(k))
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        key(s, Key::ch(c));
    }
}

pub fn with_conversation(s: &mut State) {
    let turns = [
        (
            Speaker::Customer,
            "Hola, me han cobrado dos veces la factura de octubre 😠",
        ),
        (Speaker::Agent, "Lo siento mucho, lo reviso ahora mismo."),
        (Speaker::Note, "Cliente desde 2019, tono tenso"),
    ];
    for (speaker, text) in turns {
        app::update(
            s,
            Event::Transcript(TranscriptEvent {
                speaker,
                text: text.into(),
                final_: true,
                at: None,
                ts: Some("2026-11-23T10:14:00+00:00".into()),
            }),
        );
    }
    app::update(
        s,
        Event::Empathy {
            turn: 0,
            cue: cue("enfado", "anger", Some("guias/cliente-enfadado")),
            title: Some("Cliente enfadado o frustrado".into()),
        },
    );
}

fn cue(es: &str, en: &str, article: Option<&str>) -> Cue {
    Cue {
        kind: CueKind::Frustration,
        label_es: es.into(),
        label_en: en.into(),
        article: article.map(Into::into),
        lang: Lang::Es,
        pattern: es.into(),
        matched: es.into(),
    }
}

fn with_results(s: &mut State) {
    with_conversation(s);
    searched(s, "cargo dupl", hits());
}

fn with_reader(s: &mut State) {
    with_results(s);
    app::update(
        s,
        Event::ArticleLoaded {
            id: "facturacion/cargo-duplicado".into(),
            article: Some(Box::new(article())),
        },
    );
    s.focus = Focus::Reader;
    key(s, Key::plain(KeyCode::Down));
}

fn render(s: &State) -> String {
    let backend = TestBackend::new(s.size.0, s.size.1);
    let mut t = Terminal::new(backend).unwrap();
    let theme = Theme::fallback();
    t.draw(|f| ui::draw(f, s, &theme)).unwrap();
    t.backend().to_string()
}

fn check(name: &str, build: fn(&mut State), sizes: &[(u16, u16)]) {
    for lang in [Lang::Es, Lang::En] {
        for &(w, h) in sizes {
            let mut s = state(lang, w, h);
            build(&mut s);
            // Named without the module path so the files are the same whether this file
            // runs inside the `integration` crate or as its own test target.
            insta::with_settings!({ prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), render(&s));
            });
        }
    }
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn empty() {
    check("empty", |_| {}, &SIZES);
}

#[test]
fn results_with_highlights() {
    check("results", with_results, &SIZES);
}

#[test]
fn reader_with_decide_box_and_phrases() {
    check("reader", with_reader, &SIZES);
}

#[test]
fn help_overlay() {
    check(
        "help",
        |s| {
            key(s, Key::ch('?'));
            assert!(s.help_open());
        },
        &SIZES,
    );
}

/// Redaction turned off in the settings is in sight all the call long.
#[test]
fn redaction_switched_off() {
    check(
        "redaction_off",
        |s| s.redaction_off = vec!["cards", "phone"],
        &[(120, 40)],
    );
}

#[test]
fn too_small() {
    check("too_small", |_| {}, &[(50, 12)]);
}

#[test]
fn suggestions_and_quick_replies() {
    check(
        "suggestions",
        |s| {
            with_conversation(s);
            app::update(
                s,
                suggested(
                    &[
                        "facturacion/cargo-duplicado",
                        "facturacion/devolucion-recibo",
                    ],
                    &["cobrado", "dos veces"],
                ),
            );
            type_text(s, ";salu");
        },
        &[(80, 24)],
    );
}

/// Near-duplicate suggestions: a line of their own heads the group (how many, and the
/// words that tell their titles apart), then each of them; an article alone after them.
#[test]
fn suggestions_grouped() {
    fn item(id: &str, title: &str, group: usize, distinct: &[&str]) -> Suggestion {
        Suggestion {
            hit: hit(id, title, Lang::En, "", &["return"]),
            confidence: 0.7,
            signals: Default::default(),
            reason: Reason {
                words: vec!["return".into(), "item".into()],
                turn: 0,
                speaker: Speaker::Customer,
            },
            group,
            distinct: distinct.iter().map(|w| w.to_string()).collect(),
        }
    }
    check(
        "suggestions_grouped",
        |s| {
            app::update(
                s,
                Event::Transcript(TranscriptEvent {
                    speaker: Speaker::Customer,
                    text: "Hi! I need to return an item, can you help me with that?".into(),
                    final_: true,
                    ts: None,
                    at: None,
                }),
            );
            app::update(
                s,
                Event::Suggested {
                    call: 0,
                    items: vec![
                        item(
                            "returns/size",
                            "Return or exchange: wrong size",
                            0,
                            &["size"],
                        ),
                        item(
                            "returns/colour",
                            "Return or exchange: wrong colour",
                            0,
                            &["colour"],
                        ),
                        item(
                            "returns/stain",
                            "Return or exchange: stained or damaged",
                            0,
                            &["stained", "damaged"],
                        ),
                        item("refunds/status", "Refund status", 3, &[]),
                    ],
                    nothing_confident: false,
                },
            );
        },
        &[(80, 24), (120, 40)],
    );
}

#[test]
fn control_characters_never_reach_the_screen() {
    let mut s = state(Lang::En, 80, 24);
    app::update(
        &mut s,
        Event::Transcript(TranscriptEvent {
            speaker: Speaker::Customer,
            text: "evil \x1b]52;c;AAAA\x07 \x1b[2J text 日本語 e\u{301}".into(),
            final_: true,
            at: None,
            ts: None,
        }),
    );
    let screen = render(&s);
    assert!(!screen.contains('\x1b'));
    assert!(screen.contains("␛]52;c;AAAA␇"), "{screen}");
    assert!(screen.contains("日本語"));
}

#[test]
fn resizing_to_any_size_never_panics() {
    let mut s = state(Lang::Es, 80, 24);
    with_reader(&mut s);
    for w in (0..200).step_by(7) {
        for h in [0u16, 1, 3, 10, 15, 16, 17, 24, 50] {
            app::update(&mut s, Event::Resize(w.max(1), h.max(1)));
            let backend = TestBackend::new(w.max(1), h.max(1));
            let mut t = Terminal::new(backend).unwrap();
            t.draw(|f| ui::draw(f, &s, &Theme::fallback())).unwrap();
        }
    }
}

#[test]
fn matched_words_are_highlighted_and_no_color_keeps_reverse() {
    use ratatui::style::Modifier;
    let mut s = state(Lang::En, 120, 40);
    with_results(&mut s);
    for theme in [Theme::fallback(), Theme::fallback().without_color()] {
        let backend = TestBackend::new(120, 40);
        let mut t = Terminal::new(backend).unwrap();
        t.draw(|f| ui::draw(f, &s, &theme)).unwrap();
        let buf = t.backend().buffer().clone();
        // Find "Double charge" (third hit, not selected): "charge" is a match.
        let mut found = false;
        for y in 0..40 {
            let row: String = (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect();
            if let Some(i) = row.find("Double charge") {
                let col = row[..i].chars().count() as u16 + 7;
                let cell = &buf[(col, y)];
                assert_eq!(cell.symbol(), "c");
                assert!(cell.modifier.contains(Modifier::UNDERLINED), "{cell:?}");
                let plain = &buf[(col - 2, y)];
                assert!(!plain.modifier.contains(Modifier::UNDERLINED));
                found = true;
            }
            if let Some(i) = row.find("Cargo duplicado en la factura") {
                // The selected row is reversed (no colour) or coloured (theme).
                let cell = &buf[(row[..i].chars().count() as u16, y)];
                if !theme.color {
                    assert!(cell.modifier.contains(Modifier::REVERSED));
                    assert_eq!(cell.fg, ratatui::style::Color::Reset);
                } else {
                    assert_ne!(cell.bg, ratatui::style::Color::Reset);
                }
            }
        }
        assert!(found);
    }
}

/// Maps a number to an event: keys (text, bound and editing keys), mouse, resize,
/// results and transcript events.
fn event_from(n: u16, s: &State) -> Event {
    let keys = [
        Key::ch('/'),
        Key::ch('?'),
        Key::ch('j'),
        Key::ch('k'),
        Key::ch('y'),
        Key::ch('x'),
        Key::ch(';'),
        Key::ch('a'),
        Key::ch('ñ'),
        Key::ch('日'),
        Key::ch('\u{1b}'),
        Key::ctrl('f'),
        Key::ctrl('t'),
        Key::ctrl('x'),
        Key::ctrl('w'),
        Key::ctrl('u'),
        Key::ctrl('q'),
        Key::alt('1'),
        Key::alt('3'),
        Key::plain(KeyCode::Enter),
        Key::plain(KeyCode::Esc),
        Key::plain(KeyCode::Tab),
        Key::plain(KeyCode::BackTab),
        Key::plain(KeyCode::Up),
        Key::plain(KeyCode::Down),
        Key::plain(KeyCode::Left),
        Key::plain(KeyCode::Backspace),
        Key::plain(KeyCode::Delete),
        Key::plain(KeyCode::PageDown),
        Key::plain(KeyCode::PageUp),
        Key::ch('n'),
        Key::ctrl('p'),
        Key::ctrl('n'),
        Key::alt('w'),
        Key::ctrl('r'),
        Key::alt('e'),
        Key::ctrl('z'),
    ];
    let k = usize::from(n % 64);
    if k < keys.len() {
        return Event::Key(keys[k]);
    }
    match k {
        40 => Event::Resize(n % 250 + 1, (n / 7) % 60 + 1),
        41 => Event::Mouse(app::Mouse::Click {
            col: n % 120,
            row: (n / 3) % 40,
        }),
        42 => Event::Mouse(app::Mouse::ScrollDown {
            col: n % 120,
            row: (n / 3) % 40,
        }),
        43 => Event::Mouse(app::Mouse::ScrollUp {
            col: n % 120,
            row: (n / 3) % 40,
        }),
        44 => Event::SearchDone {
            generation: s.generation,
            hits: hits(),
        },
        45 => Event::ArticleLoaded {
            id: "x".into(),
            article: Some(Box::new(article())),
        },
        46 => Event::Transcript(TranscriptEvent {
            speaker: Speaker::Customer,
            text: "interim 😠 text".repeat(usize::from(n % 5)),
            final_: n.is_multiple_of(2),
            at: None,
            ts: None,
        }),
        47 => Event::Empathy {
            turn: usize::from(n % 4),
            cue: cue("x", "x", Some("y")),
            title: None,
        },
        48 => Event::Suggested {
            call: 0,
            items: vec![],
            nothing_confident: true,
        },
        49 => Event::Paste("pasted\ntext\x1b[0m".into()),
        _ => Event::Tick,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// No sequence of events makes update or drawing panic, and the screen never holds
    /// a raw escape character.
    #[test]
    fn any_event_sequence_is_safe(seq in proptest::collection::vec(0u16..4000, 1..120)) {
        let mut s = state(Lang::Es, 100, 30);
        for n in seq {
            let ev = event_from(n, &s);
            app::update(&mut s, ev);
            if s.quit {
                break;
            }
        }
        let (w, h) = s.size;
        let backend = TestBackend::new(w, h);
        let mut t = Terminal::new(backend).unwrap();
        t.draw(|f| ui::draw(f, &s, &Theme::fallback())).unwrap();
        let screen = t.backend().to_string();
        proptest::prop_assert!(!screen.contains(char::from(27u8)), "raw ESC on screen");
    }
}

/// A 120x40 English workspace reading the sample article with `body`, the reader focused.
fn reading(body: String) -> State {
    let mut s = state(Lang::En, 120, 40);
    let mut long = article();
    long.body = body;
    app::update(
        &mut s,
        Event::ArticleLoaded {
            id: long.id.clone(),
            article: Some(Box::new(long)),
        },
    );
    s.focus = Focus::Reader;
    s
}

/// Scroll limits come from the drawing: the loop gives each frame's layout back to the
/// state, and paging to the end of a long article shows its last line at the bottom.
#[test]
fn paging_stops_where_the_drawn_article_ends() {
    let mut s = reading(
        (1..=150)
            .map(|i| format!("Paragraph {i} of the long article."))
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n\nTHE LAST LINE",
    );
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = Theme::fallback();
    let mut screen = String::new();
    for _ in 0..60 {
        let mut drawn = s.drawn;
        t.draw(|f| drawn = ui::render(f, &s, &theme)).unwrap();
        screen = t.backend().to_string();
        app::update(&mut s, Event::Drawn(drawn));
        key(&mut s, Key::plain(KeyCode::PageDown));
    }
    let extent = s.drawn.reader.expect("the reader was drawn");
    assert!(extent.lines > 300, "{extent:?}");
    assert_eq!(
        s.reader.as_ref().map(|r| r.scroll),
        Some(extent.max_scroll())
    );
    assert!(screen.contains("THE LAST LINE"), "{screen}");
    // Up from the end moves at once (the scroll never ran past the end).
    key(&mut s, Key::plain(KeyCode::PageUp));
    t.draw(|f| ui::draw(f, &s, &theme)).unwrap();
    assert!(!t.backend().to_string().contains("THE LAST LINE"));
}

/// After paging down to the steps, `j` selects what is on screen (the first step or
/// paragraph that starts in view) instead of jumping back to the first phrase, and the
/// view stays where it was; the next `j` moves on from there.
#[test]
fn j_after_page_down_selects_what_is_on_screen() {
    let mut s = reading(
        (1..=40)
            .map(|i| format!("{i}. Step number {i} of the long procedure."))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    );
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = Theme::fallback();
    let mut draw = |s: &mut State| {
        let mut drawn = s.drawn;
        t.draw(|f| drawn = ui::render(f, s, &theme)).unwrap();
        app::update(s, Event::Drawn(drawn));
        t.backend().to_string()
    };
    draw(&mut s);
    for _ in 0..2 {
        key(&mut s, Key::plain(KeyCode::PageDown));
        draw(&mut s);
    }
    let scrolled = s.reader.as_ref().map_or(0, |r| r.scroll);
    assert!(scrolled > 0);
    let before = draw(&mut s);
    assert!(!before.contains("Entiendo su molestia"), "{before}");
    key(&mut s, Key::ch('j'));
    let after = draw(&mut s);
    let r = s.reader.as_ref().unwrap();
    let step = r.selected_step().expect("a step is selected, not a phrase");
    assert!(step > 0, "the first step is not on screen any more");
    assert_eq!(r.scroll, scrolled, "the view did not move");
    let first_shown = (1..=40)
        .find(|i| before.contains(&format!("Step number {i} of")))
        .unwrap();
    assert_eq!(step + 1, first_shown, "{before}");
    assert!(!after.contains("Entiendo su molestia"), "{after}");
    key(&mut s, Key::ch('j'));
    draw(&mut s);
    assert_eq!(
        s.reader.as_ref().and_then(|r| r.selected_step()),
        Some(step + 1)
    );
}

#[test]
fn a_16_colour_frame_uses_only_the_ansi_colours() {
    use apunte::theme::Depth;
    use ratatui::style::Color;
    let ansi = |c: Color| {
        matches!(
            c,
            Color::Reset
                | Color::Black
                | Color::Red
                | Color::Green
                | Color::Yellow
                | Color::Blue
                | Color::Magenta
                | Color::Cyan
                | Color::Gray
                | Color::DarkGray
                | Color::LightRed
                | Color::LightGreen
                | Color::LightYellow
                | Color::LightBlue
                | Color::LightMagenta
                | Color::LightCyan
                | Color::White
        )
    };
    for lang in [Lang::Es, Lang::En] {
        let mut s = state(lang, 120, 40);
        with_results(&mut s);
        for name in ["dark", "light", "high-contrast", "colorblind"] {
            let theme = Theme::load(name, None).unwrap().at_depth(Depth::Basic16);
            let backend = TestBackend::new(120, 40);
            let mut t = Terminal::new(backend).unwrap();
            t.draw(|f| ui::draw(f, &s, &theme)).unwrap();
            let buf = t.backend().buffer().clone();
            for cell in buf.content() {
                assert!(ansi(cell.fg) && ansi(cell.bg), "{name}: {cell:?}");
            }
            // The selected result keeps a visible background.
            if name == "dark" {
                assert!(buf.content().iter().any(|c| c.bg == Color::Blue));
            }
        }
        // At 256 colours nothing is 24-bit any more.
        let theme = Theme::load("dark", None)
            .unwrap()
            .at_depth(Depth::Indexed256);
        let backend = TestBackend::new(120, 40);
        let mut t = Terminal::new(backend).unwrap();
        t.draw(|f| ui::draw(f, &s, &theme)).unwrap();
        assert!(
            t.backend()
                .buffer()
                .content()
                .iter()
                .all(|c| !matches!(c.fg, Color::Rgb(..)) && !matches!(c.bg, Color::Rgb(..)))
        );
    }
}

#[test]
fn the_status_bar_counts_one_article_in_the_singular() {
    for (lang, one, many) in [
        (Lang::Es, "· 1 artículo ·", "· 2 artículos ·"),
        (Lang::En, "· 1 article ·", "· 2 articles ·"),
    ] {
        let mut s = state(lang, 100, 30);
        s.article_count = 1;
        assert!(render(&s).contains(one), "{}", render(&s));
        s.article_count = 2;
        assert!(render(&s).contains(many), "{}", render(&s));
    }
}

/// Moves the injected clock to `hh:mm:ss` of the test day.
fn at(s: &mut State, hms: &str) {
    s.now = format!("2026-11-23T{hms}+00:00");
}

/// A call of three turns begun at 10:15:00, on hold from 10:16:00, seen at 10:17:05.
fn on_hold(s: &mut State) {
    with_conversation(s);
    at(s, "10:16:00");
    key(s, Key::ctrl('p'));
    at(s, "10:17:05");
}

/// A mock call begun at 10:15:00, paused by the trainer at 10:16:00 and seen at
/// 10:19:30: the call time stands at 1:00 and says the call is paused.
fn paused_by_the_trainer(s: &mut State) {
    practice(s);
    at(s, "10:16:00");
    app::update(s, app::Event::TrainerPause(true));
    at(s, "10:19:30");
    // The notice is gone by now; the badge stays.
    s.status = None;
}

/// The customer saved, then the dialog open again to change it.
fn with_customer(s: &mut State) {
    with_conversation(s);
    key(s, Key::alt('w'));
    type_text(s, "Marta Gil");
    key(s, Key::plain(KeyCode::Tab));
    type_text(s, "A-4821");
    key(s, Key::plain(KeyCode::Enter));
    at(s, "10:18:30");
    key(s, Key::alt('w'));
}

/// A reply whose `{customer}` nobody filled, refused on Enter.
fn with_reply_gap(s: &mut State) {
    s.replies = vec![Reply {
        name: "vuelta".into(),
        lang: Some(Lang::Es),
        text: "Gracias por esperar, {customer}. Ya tengo la información.".into(),
    }];
    with_conversation(s);
    type_text(s, ";vuel");
    key(s, Key::plain(KeyCode::Enter));
    key(s, Key::plain(KeyCode::Enter));
}

/// The wrap-up after five minutes, a 30 s hold and one article, with a note of two lines.
fn with_wrapup(s: &mut State) {
    with_conversation(s);
    app::update(
        s,
        Event::ArticleLoaded {
            id: "facturacion/cargo-duplicado".into(),
            article: Some(Box::new(article())),
        },
    );
    at(s, "10:16:00");
    key(s, Key::ctrl('p'));
    at(s, "10:16:30");
    key(s, Key::ctrl('p'));
    at(s, "10:20:07");
    key(s, Key::ctrl('e'));
    key(s, Key::ch('1'));
    type_text(s, "Devolución pedida");
    key(
        s,
        Key {
            alt: true,
            ..Key::plain(KeyCode::Enter)
        },
    );
    type_text(s, "Llamar si no llega en 5 días");
}

/// The customer's past calls, read from the journals.
fn with_past_calls(s: &mut State) {
    use apunte::conversation::journal::{Disposition, SessionSummary};
    with_customer(s);
    key(s, Key::plain(KeyCode::Esc));
    key(s, Key::ctrl('r'));
    let call = |day: &str, d: Option<Disposition>, note: &str| SessionSummary {
        id: format!("{day}-0900-ab12"),
        path: PathBuf::from("x.jsonl"),
        started: chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day}T09:00:00+00:00"))
            .ok(),
        last: None,
        turns: 4,
        disposition: d,
        finished: true,
        agent: String::new(),
        mode: Default::default(),
        end_reason: None,
        warnings: 0,
        customer: "Marta Gil".into(),
        reference: "A-4821".into(),
        note: note.into(),
        scenario: String::new(),
        trainee: String::new(),
    };
    app::update(
        s,
        Event::PastCalls {
            reference: "A-4821".into(),
            calls: vec![
                call("20", Some(Disposition::Callback), "llamar con la factura"),
                call("12", None, ""),
            ],
        },
    );
}

#[test]
fn no_call_yet_then_the_timer() {
    for (lang, none, live) in [
        (Lang::En, "no call yet", "live call 0:42"),
        (Lang::Es, "sin llamada todavía", "llamada 0:42"),
    ] {
        let mut s = state(lang, 80, 24);
        assert!(render(&s).contains(none), "{}", render(&s));
        with_conversation(&mut s);
        at(&mut s, "10:15:42");
        let screen = render(&s);
        assert!(screen.contains(live), "{screen}");
        assert!(!screen.contains(none), "{screen}");
    }
}

#[test]
fn paused_by_a_trainer() {
    check("paused", paused_by_the_trainer, &SIZES);
}

#[test]
fn hold() {
    check("hold", on_hold, &SIZES);
}

#[test]
fn customer_field() {
    check("customer", with_customer, &SIZES);
}

#[test]
fn reply_with_an_unfilled_placeholder() {
    check("reply_gap", with_reply_gap, &SIZES);
}

#[test]
fn the_gap_of_an_unfilled_placeholder_is_highlighted() {
    use ratatui::style::Modifier;
    let mut s = state(Lang::En, 120, 40);
    with_reply_gap(&mut s);
    let backend = TestBackend::new(120, 40);
    let mut t = Terminal::new(backend).unwrap();
    t.draw(|f| ui::draw(f, &s, &Theme::fallback().without_color()))
        .unwrap();
    let buf = t.backend().buffer().clone();
    let mut found = false;
    for y in 0..40 {
        let row: String = (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect();
        if let Some(i) = row.find("Gracias por esperar, {customer}") {
            let col = row[..i].chars().count() as u16;
            let gap = &buf[(col + 21, y)];
            assert_eq!(gap.symbol(), "{");
            assert!(gap.modifier.contains(Modifier::REVERSED), "{gap:?}");
            assert!(!buf[(col, y)].modifier.contains(Modifier::REVERSED));
            found = true;
        }
    }
    assert!(found);
}

#[test]
fn wrap_up_with_duration_and_articles() {
    check("wrapup", with_wrapup, &SIZES);
}

#[test]
fn past_calls_of_the_customer() {
    check("past_calls", with_past_calls, &[(80, 24)]);
}

fn practice(s: &mut State) {
    s.mode = app::Mode::Training;
    s.practice = Some(app::Practice {
        scenario: "baja-cliente-enfadado".into(),
        title: "Cliente enfadado que quiere darse de baja".into(),
        trainee: "Ana".into(),
        ..app::Practice::default()
    });
    with_conversation(s);
}

fn render_with(s: &State, theme: &Theme) -> ratatui::buffer::Buffer {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    t.draw(|f| ui::draw(f, s, theme)).unwrap();
    t.backend().buffer().clone()
}

fn text_of(b: &ratatui::buffer::Buffer) -> String {
    let mut t = Terminal::new(TestBackend::new(b.area.width, b.area.height)).unwrap();
    t.draw(|f| f.buffer_mut().clone_from(b)).unwrap();
    t.backend().to_string()
}

#[test]
fn practice_badge_and_frames() {
    let theme = Theme::fallback().for_training();
    for lang in [Lang::Es, Lang::En] {
        for (w, h) in SIZES {
            let mut s = state(lang, w, h);
            practice(&mut s);
            let shown = text_of(&render_with(&s, &theme));
            let badge = if lang == Lang::Es {
                "PRÁCTICA"
            } else {
                "PRACTICE"
            };
            assert!(shown.contains(badge), "{shown}");
            insta::with_settings!({ prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("practice_{}_{w}x{h}", lang.code()), shown);
            });
        }
    }
}

#[test]
fn a_practice_frame_has_its_own_colour() {
    let live = Theme::fallback();
    let training = Theme::fallback().for_training();
    let mut s = state(Lang::Es, 120, 40);
    practice(&mut s);
    let live_frame = render_with(&s, &live)[(0, 1)].fg;
    let training_frame = render_with(&s, &training)[(0, 1)].fg;
    assert_eq!(training_frame, training.color("training"));
    assert_ne!(training_frame, live_frame);
    assert_ne!(training.color("training"), training.color("border"));
    assert_ne!(training.color("training"), training.color("focus"));
}

fn replaying(s: &mut State) {
    use apunte::conversation::journal::{JournalEntry, Record};
    let rec = |t: &str, entry: JournalEntry| Record {
        t: format!("2026-11-23T10:{t}+00:00"),
        entry,
    };
    let turn = |speaker, text: &str| JournalEntry::Turn {
        speaker,
        text: text.into(),
        ts: Some("2026-11-23T10:14:00+00:00".into()),
        at: None,
    };
    let records = vec![
        rec(
            "14:00",
            turn(Speaker::Customer, "Me han cobrado dos veces la factura."),
        ),
        rec(
            "14:05",
            JournalEntry::Suggestion {
                articles: vec!["facturacion/cargo-duplicado".into()],
            },
        ),
        rec(
            "14:20",
            turn(Speaker::Agent, "Lo siento, lo miro ahora mismo."),
        ),
        rec(
            "14:30",
            JournalEntry::Search {
                query: "cargo duplicado".into(),
                hits: 3,
                top: vec!["facturacion/cargo-duplicado".into()],
                again: false,
            },
        ),
        rec(
            "14:40",
            JournalEntry::Dismiss {
                article: "facturacion/devolucion-recibo".into(),
            },
        ),
        rec("16:00", turn(Speaker::Customer, "Gracias.")),
    ];
    let mut r = app::Replay::new(
        "20261123-101400-ab12".into(),
        PathBuf::from("/tmp/none.jsonl"),
        &records,
        2,
    );
    r.comments.push(apunte::training::review::Comment {
        turn: 2,
        author: "Lucía".into(),
        text: "Buena disculpa".into(),
        at: String::new(),
    });
    app::update(s, Event::Replay(Box::new(r)));
    // Three steps on: the agent's turn, the search and the dismissal are shown.
    for _ in 0..4 {
        key(s, Key::plain(KeyCode::Right));
    }
}

#[test]
fn replay_screen() {
    let theme = Theme::fallback().for_training();
    for lang in [Lang::Es, Lang::En] {
        let mut s = state(lang, 120, 40);
        replaying(&mut s);
        let shown = text_of(&render_with(&s, &theme));
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("replay_{}_120x40", lang.code()), shown);
        });
    }
}

/// Fixing the last turn (the note), with a draft kept aside.
fn editing_last_turn(s: &mut State) {
    with_conversation(s);
    type_text(s, "borrador");
    key(s, Key::alt('e'));
    type_text(s, " y sin factura");
}

#[test]
fn fixing_the_last_turn() {
    check("edit_turn", editing_last_turn, &[(80, 24)]);
}

/// The scorecard overlay at the end of a mock call (a golden call's card), scrolled to
/// its end too.
#[test]
fn scorecard_overlay() {
    fn card() -> Box<apunte::training::scorecard::Scorecard> {
        let dir = crate::common::sample_knowledge();
        let root =
            apunte::knowledge::Root::open(apunte::knowledge::RootSource::Dir(dir.clone()), &dir)
                .unwrap();
        let journal = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/training/autofail-change-before-verify.jsonl");
        Box::new(
            apunte::training::saved::score_journal(&journal, &[root], &Default::default())
                .unwrap()
                .card,
        )
    }
    check(
        "scorecard",
        |s| {
            app::update(s, Event::Scorecard(card()));
        },
        &SIZES,
    );
    check(
        "scorecard_end",
        |s| {
            app::update(s, Event::Scorecard(card()));
            for _ in 0..20 {
                key(s, Key::plain(KeyCode::PageDown));
            }
            key(s, Key::plain(KeyCode::Up));
        },
        &[(80, 24)],
    );
    // Esc closes it.
    let mut s = state(Lang::En, 80, 24);
    app::update(&mut s, Event::Scorecard(card()));
    assert!(s.covered());
    key(&mut s, Key::plain(KeyCode::Esc));
    assert!(!s.covered());
}

/// A suggestion list of `ids` for the call (reason: `words` of turn 1, the customer).
fn suggested(ids: &[&str], words: &[&str]) -> Event {
    let all = hits();
    Event::Suggested {
        call: 0,
        items: ids
            .iter()
            .enumerate()
            .map(|(i, id)| Suggestion {
                hit: all
                    .iter()
                    .find(|h| h.id == *id)
                    .cloned()
                    .unwrap_or_else(|| hit(id, id, Lang::Es, "", &[])),
                confidence: 0.9,
                signals: Default::default(),
                reason: Reason {
                    words: words.iter().map(|w| w.to_string()).collect(),
                    turn: 1,
                    speaker: Speaker::Customer,
                },
                group: i,
                distinct: Vec::new(),
            })
            .collect(),
        nothing_confident: false,
    }
}

/// Suggestions that arrive while the search box has text are announced in the list's
/// title.
#[test]
fn new_suggestions_badge() {
    check(
        "new_suggestions",
        |s| {
            with_conversation(s);
            app::update(s, suggested(&["facturacion/cargo-duplicado"], &["cobrado"]));
            with_results_only(s);
            app::update(
                s,
                suggested(
                    &[
                        "facturacion/cargo-duplicado",
                        "facturacion/devolucion-recibo",
                        "billing/double-charge",
                    ],
                    &["cobrado"],
                ),
            );
            assert_eq!(s.new_suggestions(), 2);
        },
        &[(80, 24)],
    );
}

fn with_results_only(s: &mut State) {
    searched(s, "cargo dupl", hits());
}

/// Types a query in the search box and answers it with `hits`.
fn searched(s: &mut State, query: &str, hits: Vec<Hit>) {
    key(s, Key::ch('/'));
    type_text(s, query);
    let generation = s.generation;
    app::update(s, Event::SearchDone { generation, hits });
}

/// Scrolled up in the conversation while turns arrive: the pane says so.
#[test]
fn new_turns_below_marker() {
    check(
        "turns_below",
        |s| {
            for i in 0..12 {
                app::update(
                    s,
                    Event::Transcript(TranscriptEvent {
                        speaker: if i % 2 == 0 {
                            Speaker::Customer
                        } else {
                            Speaker::Agent
                        },
                        text: format!("Turno número {i} de una llamada bastante larga"),
                        final_: true,
                        at: None,
                        ts: Some("2026-11-23T10:14:00+00:00".into()),
                    }),
                );
            }
            // The loop reports what it drew (scroll limits), then the agent scrolls up.
            draw_once(s);
            for _ in 0..3 {
                key(s, Key::plain(KeyCode::Up));
            }
            for text in ["Sigo aquí", "¿Me oye?"] {
                customer_says(s, text, "2026-11-23T10:15:00+00:00");
            }
            assert_eq!(s.turns_below, 2);
        },
        &[(80, 24)],
    );
}

/// Draws a frame and gives its layout back to the state, as the run loop does.
fn draw_once(s: &mut State) {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    let mut drawn = s.drawn;
    t.draw(|f| drawn = ui::render(f, s, &Theme::fallback()))
        .unwrap();
    app::update(s, Event::Drawn(drawn));
}

const LONG_NOTICE: &str = "knowledge problems: averias/router-zafiro-parpadea-en-azul.md:3: the front matter is not closed (+++ expected before the body); the article stays as it was";

/// A long message at 80 columns: cut with `…`, the keys for search, end call and help
/// still there.
#[test]
fn status_bar_with_a_long_message() {
    check(
        "status_long",
        |s| {
            s.feeds.insert("listen".into(), {
                let mut f = apunte::app::FeedStatus::default();
                f.apply(&apunte::app::FeedChange::Listening("127.0.0.1:7070".into()));
                f
            });
            app::update(
                s,
                Event::Notice {
                    text: LONG_NOTICE.into(),
                    error: true,
                },
            );
        },
        &[(80, 24)],
    );
    for lang in [Lang::Es, Lang::En] {
        let mut s = state(lang, 80, 24);
        app::update(
            &mut s,
            Event::Notice {
                text: LONG_NOTICE.into(),
                error: true,
            },
        );
        let screen = render(&s);
        let bar = screen.lines().last().unwrap().to_string();
        // Cut short, the message says where it is in full: one key away.
        assert!(bar.contains("… (Ctrl-L)"), "{bar}");
        for (action, hint) in [
            ("/", apunte::app::Msg::HintSearch),
            ("Ctrl-E", apunte::app::Msg::HintEndCall),
            ("?", apunte::app::Msg::HintKeys),
        ] {
            let want = format!("{action} {}", hint.text(lang));
            assert!(bar.contains(&want), "{want} in {bar}");
        }
    }
}

/// The message log keeps every message whole.
#[test]
fn message_log() {
    check(
        "messages",
        |s| {
            for (i, (text, error)) in [
                ("Transcript connected: 127.0.0.1:50312", false),
                (LONG_NOTICE, true),
                ("Copied and put in the input as a draft", false),
            ]
            .into_iter()
            .enumerate()
            {
                s.now = format!("2026-11-23T10:1{i}:0{i}+00:00");
                app::update(
                    s,
                    Event::Notice {
                        text: text.into(),
                        error,
                    },
                );
            }
            key(s, Key::ctrl('l'));
        },
        &[(80, 24)],
    );
}

/// At 80x24 with an article open, the conversation keeps its last three turns.
#[test]
fn an_article_at_80x24_keeps_three_turns() {
    check(
        "reader_turns",
        |s| {
            with_reader(s);
            app::update(
                s,
                Event::Transcript(TranscriptEvent {
                    speaker: Speaker::Customer,
                    text: "Y además me cobraron la cuota de mantenimiento dos veces".into(),
                    final_: true,
                    at: None,
                    ts: Some("2026-11-23T10:15:00+00:00".into()),
                }),
            );
            let screen = render(s);
            for turn in ["2 ", "3 ", "4 "] {
                assert!(
                    screen
                        .lines()
                        .take(8)
                        .any(|l| l.contains(&format!("│{turn}"))),
                    "turn {turn}:\n{screen}"
                );
            }
        },
        &[(80, 24)],
    );
}

/// The colours of one frame, row by row: each run of cells in one style as
/// `[fg/bg]text` (what a 16-colour terminal is sent).
fn colour_runs(s: &State, theme: &Theme) -> String {
    let (w, h) = s.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, s, theme)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut last = None;
        for x in 0..w {
            let c = &buf[(x, y)];
            let style = (c.fg, c.bg);
            if last != Some(style) {
                out.push_str(&format!("[{:?}/{:?}]", c.fg, c.bg));
                last = Some(style);
            }
            out.push_str(c.symbol());
        }
        out.push('\n');
    }
    out
}

/// The dark theme at 16 colours, with results and a message.
#[test]
fn sixteen_colour_theme() {
    use apunte::theme::Depth;
    for lang in [Lang::Es, Lang::En] {
        let mut s = state(lang, 80, 24);
        with_results(&mut s);
        app::update(&mut s, suggested(&["billing/double-charge"], &["cobrado"]));
        let theme = Theme::load("dark", None).unwrap().at_depth(Depth::Basic16);
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(
                format!("colours16_dark_{}_80x24", lang.code()),
                colour_runs(&s, &theme)
            );
        });
    }
}

/// One final customer turn said at `ts`.
fn customer_says(s: &mut State, text: &str, ts: &str) {
    app::update(
        s,
        Event::Transcript(TranscriptEvent {
            speaker: Speaker::Customer,
            text: text.into(),
            final_: true,
            at: None,
            ts: Some(ts.into()),
        }),
    );
}

/// Emoji sequences that terminals draw at different widths (ZWJ families, skin tones,
/// a heart with its presentation selector, keycaps, a subdivision flag) in a turn and
/// in an article: each is drawn as its first emoji, so every border stays in its column.
fn with_emoji(s: &mut State) {
    let text = "Mi hijo 👨\u{200D}👩\u{200D}👧 dice 👍🏽 y la web ❤\u{FE0F} falla en el paso 1\u{FE0F}\u{20E3} desde 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} 👩🏽\u{200D}💻";
    customer_says(s, text, "2026-11-23T10:14:00+00:00");
    with_results(s);
    let mut a = article();
    a.body = format!("## Emoji 👍🏽 y 👨\u{200D}👩\u{200D}👧\n\n{text}\n\n- 🇪🇸 bandera, 😠 enfado\n");
    app::update(
        s,
        Event::ArticleLoaded {
            id: "facturacion/cargo-duplicado".into(),
            article: Some(Box::new(a)),
        },
    );
    s.focus = Focus::Reader;
}

#[test]
fn emoji_sequences_keep_the_columns_aligned() {
    check("emoji", with_emoji, &SIZES);
    for (w, h) in SIZES {
        let mut s = state(Lang::Es, w, h);
        with_emoji(&mut s);
        let screen = render(&s);
        assert!(
            !screen.contains('\u{200D}') && !screen.contains('\u{1F3FD}'),
            "{screen}"
        );
        assert!(screen.contains("Mi hijo 👨 dice 👍 y la"), "{screen}");
        if h >= 40 {
            // The article's text too.
            assert!(
                screen.contains("Mi hijo 👨 dice 👍 y la web ❤ falla en el paso 1 desde 🏴 👩 "),
                "{screen}"
            );
        }
        // Every row is as wide as the screen, counting as the terminal will.
        for line in screen.lines() {
            // `"row"`, then the cells a wide symbol hides.
            let inner = line.strip_prefix('"').unwrap_or(line);
            let row = match inner.split_once("\" Hidden by") {
                Some((row, _)) => row,
                None => inner.strip_suffix('"').unwrap_or(inner),
            };
            assert_eq!(
                unicode_width::UnicodeWidthStr::width(row),
                usize::from(w),
                "{row}"
            );
        }
    }
}

/// The flag form on the first numbered step of the open article: reason 2 (wrong)
/// picked, a comment being typed.
fn flagging_a_step(s: &mut State) {
    with_reader(s);
    // Two phrases, the paragraph, then the steps.
    key(s, Key::plain(KeyCode::Down));
    key(s, Key::plain(KeyCode::Down));
    key(s, Key::plain(KeyCode::Down));
    key(s, Key::alt('f'));
    key(s, Key::ch('2'));
    type_text(s, "ya son 5 días");
}

#[test]
fn flag_form_on_a_step() {
    check("flag_step", flagging_a_step, &SIZES);
}

/// A suggestion tied to no article.
#[test]
fn flag_form_without_an_article() {
    check(
        "flag_service",
        |s| {
            with_conversation(s);
            key(s, Key::alt('s'));
            type_text(s, "quitar el cajero de la calle Mayor");
        },
        &[(80, 24)],
    );
}

/// The reader names the owner and says, discreetly, when the review is due and that the
/// article is a draft.
#[test]
fn reader_owner_and_review_due() {
    check(
        "reader_review_due",
        |s| {
            with_results(s);
            let mut a = article();
            a.owner = Some("Equipo Facturación".into());
            a.review_by = Some("2026-06-30".into());
            a.status = Some(apunte::knowledge::ArticleStatus::Draft);
            app::update(
                s,
                Event::ArticleLoaded {
                    id: a.id.clone(),
                    article: Some(Box::new(a)),
                },
            );
            s.focus = Focus::Reader;
        },
        &[(80, 24), (120, 40)],
    );
}

/// The focused result list shows the feedback keys on its bottom edge.
#[test]
fn results_focused_show_the_feedback_keys() {
    check(
        "results_focused",
        |s| {
            with_results(s);
            s.focus = Focus::Results;
        },
        &[(80, 24)],
    );
}

/// The center's segment of the status bar: offline with what waits, catching up, and
/// nothing once caught up.
#[test]
fn center_offline_and_catching_up() {
    check(
        "center_offline",
        |s| {
            with_conversation(s);
            let _ = app::update(
                s,
                Event::Center {
                    reachable: false,
                    behind: 42,
                },
            );
        },
        &[(120, 40)],
    );
    check(
        "center_catching_up",
        |s| {
            let _ = app::update(
                s,
                Event::Center {
                    reachable: true,
                    behind: 4200,
                },
            );
        },
        &[(120, 40)],
    );
    for lang in [Lang::Es, Lang::En] {
        let mut s = state(lang, 120, 40);
        let _ = app::update(
            &mut s,
            Event::Center {
                reachable: false,
                behind: 7,
            },
        );
        assert!(render(&s).contains(if lang == Lang::En {
            "center offline · 7 behind"
        } else {
            "central sin conexión · 7 pendientes"
        }));
        // Back online and caught up: the segment goes.
        let _ = app::update(
            &mut s,
            Event::Center {
                reachable: true,
                behind: 0,
            },
        );
        let shown = render(&s);
        assert!(
            !shown.contains("center") && !shown.contains("central"),
            "{shown}"
        );
    }
}

/// A search that found nothing: the result pane offers the draft key (on its bottom
/// edge too), and once the draft is written the status bar names the file.
#[test]
fn no_results_offer_a_draft_and_say_where_it_went() {
    check(
        "draft_no_results",
        |s| {
            with_conversation(s);
            searched(s, "abono transporte", vec![]);
            let fx = key(s, Key::alt('d'));
            assert!(
                fx.iter().any(|e| matches!(e, app::Effect::WriteDraft(_))),
                "{fx:?}"
            );
            app::update(
                s,
                Event::DraftWritten(Ok(
                    "/home/ana/.local/share/apunte/drafts/abono-transporte.md".into(),
                )),
            );
        },
        &SIZES,
    );
}

/// A plain paragraph of the article selected (after the phrases, before the steps) is
/// drawn selected, and the flag key is about it.
#[test]
fn a_paragraph_selected_in_the_reader() {
    check(
        "reader_paragraph",
        |s| {
            with_reader(s);
            key(s, Key::plain(KeyCode::Down));
            key(s, Key::plain(KeyCode::Down));
        },
        &[(120, 40)],
    );
}

/// 400 turns of 60 KB (the review's freeze): each turn is drawn shortened with how much
/// more there is and the key that shows it, and only the turns on screen are wrapped.
#[test]
fn long_turns_are_shortened_and_only_the_visible_ones_are_wrapped() {
    for lang in [Lang::Es, Lang::En] {
        let mut s = state(lang, 120, 40);
        let long = format!("turno {} ", "palabra ".repeat(7_500));
        for _ in 0..400 {
            app::update(
                &mut s,
                Event::Transcript(TranscriptEvent {
                    speaker: Speaker::Customer,
                    text: long.clone(),
                    final_: true,
                    at: None,
                    ts: Some("2026-11-23T10:15:00+00:00".into()),
                }),
            );
        }
        assert_eq!(s.turns.len(), 400);
        // The frame holds the newest turns (one line each in this narrow pane).
        let screen = render(&s);
        assert!(screen.contains("│400 "), "{screen}");
        // A turn wraps to at most its shown bytes' worth of lines (2,000 bytes at
        // ~110 columns) and says how much more there is, with the key that shows it;
        // asking for a screenful wraps a turn or two, not 400.
        let lines = ui::conversation::last_lines(&s, &Theme::fallback(), 110, 30);
        assert!(
            (30..=30 + 2 * 25).contains(&lines.len()),
            "{} lines wrapped",
            lines.len()
        );
        let text: String = lines.iter().map(|l| l.to_string() + "\n").collect();
        let more = ui::conversation::more_label(&s);
        let hidden = (long.len() - ui::conversation::TURN_SHOWN).div_ceil(1024);
        assert!(
            text.contains(&format!("… {hidden} {more}")),
            "{more:?} not in\n{text}"
        );
    }
}
