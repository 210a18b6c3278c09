//! Deterministic synthetic knowledge bases for benchmarks: realistic Spanish and English
//! articles (front matter, categories, steps, 200–800 words) from a seeded generator, so
//! 1k, 10k and 100k article bases can be made identically on any machine.
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A small, fast, seedable generator (SplitMix64): same seed, same base, everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Skewed towards the start of `0..n` (roughly Zipf-like), as word frequencies are.
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b).min(self.below(n.max(1)).max(a.min(b) / 2))
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn pick_skewed<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.skewed(items.len())]
    }
}

struct Vocab {
    lang: &'static str,
    categories: &'static [&'static str],
    topics: &'static [&'static str],
    actions: &'static [&'static str],
    objects: &'static [&'static str],
    words: &'static [&'static str],
    verbs: &'static [&'static str],
    headings: &'static [&'static str],
    tags: &'static [&'static str],
    owners: &'static [&'static str],
}

const ES: Vocab = Vocab {
    lang: "es",
    categories: &[
        "facturacion",
        "pagos",
        "fraude",
        "averias",
        "instalacion",
        "movil",
        "portabilidad",
        "tarifas",
        "bajas",
        "devoluciones",
        "envios",
        "cuenta",
        "identidad",
        "reclamaciones",
        "privacidad",
        "guias",
        "television",
        "tienda",
    ],
    topics: &[
        "Cargo duplicado",
        "Factura con importe incorrecto",
        "Cambio de domiciliación",
        "Tarjeta bloqueada",
        "Sospecha de fraude",
        "Avería de fibra",
        "Router sin conexión",
        "Configuración del wifi",
        "Itinerancia en la UE",
        "Bono de datos",
        "Portabilidad entrante",
        "Cambio de tarifa",
        "Penalización por permanencia",
        "Baja del servicio",
        "Oferta de retención",
        "Devolución de un terminal",
        "Pedido retrasado",
        "Paquete perdido",
        "Cambio de titular",
        "Cambio de domicilio",
        "Verificación de identidad",
        "Hoja de reclamaciones",
        "Solicitud de acceso a datos",
        "Duplicado de SIM",
        "Código PUK",
        "Activación de eSIM",
        "Velocidad lenta",
        "Cobertura móvil",
        "Decodificador de TV",
        "Garantía del dispositivo",
        "Recibo devuelto",
        "Pago con Bizum",
        "Abono de compensación",
    ],
    actions: &[
        "Cómo gestionar",
        "Qué hacer ante",
        "Pasos para resolver",
        "Consulta sobre",
        "Guía rápida:",
        "Procedimiento de",
        "Incidencia:",
        "Revisión de",
    ],
    objects: &[
        "clientes particulares",
        "clientes de empresa",
        "la línea móvil",
        "la fibra",
        "la tienda online",
        "el área de cliente",
        "la app",
        "el contrato",
        "la factura",
        "segunda residencia",
        "tarifa prepago",
        "clientes mayores",
    ],
    words: &[
        "el",
        "la",
        "de",
        "que",
        "y",
        "en",
        "un",
        "una",
        "los",
        "las",
        "del",
        "se",
        "por",
        "con",
        "para",
        "al",
        "cliente",
        "factura",
        "cargo",
        "importe",
        "pago",
        "tarjeta",
        "cuenta",
        "servicio",
        "línea",
        "router",
        "fibra",
        "conexión",
        "velocidad",
        "datos",
        "móvil",
        "tarifa",
        "contrato",
        "permanencia",
        "baja",
        "devolución",
        "pedido",
        "envío",
        "entrega",
        "dirección",
        "titular",
        "identidad",
        "documento",
        "reclamación",
        "plazo",
        "días",
        "hábiles",
        "supervisor",
        "sistema",
        "panel",
        "incidencia",
        "avería",
        "técnico",
        "cobertura",
        "señal",
        "roaming",
        "itinerancia",
        "portabilidad",
        "operador",
        "número",
        "abono",
        "compensación",
        "recibo",
        "banco",
        "domiciliación",
        "transferencia",
        "bizum",
        "fraude",
        "bloqueo",
        "seguridad",
        "contraseña",
        "wifi",
        "luces",
        "reinicio",
        "cable",
        "instalación",
        "cita",
        "visita",
        "garantía",
        "terminal",
        "dispositivo",
        "paquete",
        "seguimiento",
        "mensajero",
        "oficina",
        "correo",
        "llamada",
        "agente",
        "equipo",
        "procedimiento",
        "consulta",
        "solicitud",
        "derecho",
        "protección",
        "privacidad",
        "empatía",
        "escucha",
        "solución",
        "confirmación",
        "resumen",
        "nota",
        "historial",
        "mes",
        "semana",
        "euros",
        "descuento",
        "promoción",
        "oferta",
        "retención",
    ],
    verbs: &[
        "revisa",
        "comprueba",
        "confirma",
        "explica",
        "solicita",
        "registra",
        "anota",
        "ofrece",
        "escala",
        "verifica",
        "abre",
        "cierra",
        "consulta",
        "indica",
        "envía",
        "reinicia",
        "actualiza",
        "cancela",
        "tramita",
        "aplica",
    ],
    headings: &[
        "Comprobaciones",
        "Pasos",
        "Qué decir",
        "Cuándo escalar",
        "Plazos",
        "Excepciones",
        "Casos frecuentes",
        "Notas",
    ],
    tags: &[
        "facturación",
        "cobros",
        "pagos",
        "fraude",
        "averías",
        "fibra",
        "móvil",
        "roaming",
        "portabilidad",
        "tarifas",
        "bajas",
        "retención",
        "devoluciones",
        "envíos",
        "cuenta",
        "identidad",
        "reclamaciones",
        "rgpd",
        "empatía",
        "escalado",
    ],
    owners: &[
        "Equipo Facturación",
        "Soporte Técnico",
        "Atención al Cliente",
        "Calidad",
        "Tienda Online",
    ],
};

const EN: Vocab = Vocab {
    lang: "en",
    categories: &[
        "billing",
        "payments",
        "fraud",
        "faults",
        "setup",
        "mobile",
        "porting",
        "plans",
        "cancellation",
        "returns",
        "deliveries",
        "account",
        "identity",
        "complaints",
        "privacy",
        "guidelines",
    ],
    topics: &[
        "Duplicate charge",
        "Wrong invoice amount",
        "Direct debit change",
        "Blocked card",
        "Suspected fraud",
        "Fibre fault",
        "Router offline",
        "Wifi setup",
        "EU roaming",
        "Data add-on",
        "Number porting",
        "Plan change",
        "Early termination fee",
        "Cancellation request",
        "Retention offer",
        "Device return",
        "Late order",
        "Lost parcel",
        "Change of account holder",
        "Moving home",
        "Identity check",
        "Formal complaint",
        "Data access request",
        "SIM replacement",
        "PUK code",
        "eSIM activation",
        "Slow speed",
        "Mobile coverage",
        "TV box",
        "Device warranty",
        "Refund status",
        "Goodwill credit",
    ],
    actions: &[
        "How to handle",
        "What to do about",
        "Steps to fix",
        "Question about",
        "Quick guide:",
        "Procedure for",
        "Issue:",
        "Reviewing",
    ],
    objects: &[
        "home customers",
        "business customers",
        "the mobile line",
        "fibre",
        "the online shop",
        "the customer portal",
        "the app",
        "the contract",
        "the invoice",
        "prepaid plans",
        "older customers",
    ],
    words: &[
        "the",
        "a",
        "of",
        "to",
        "and",
        "in",
        "is",
        "for",
        "on",
        "with",
        "that",
        "it",
        "customer",
        "invoice",
        "charge",
        "amount",
        "payment",
        "card",
        "account",
        "service",
        "line",
        "router",
        "fibre",
        "connection",
        "speed",
        "data",
        "mobile",
        "plan",
        "contract",
        "commitment",
        "cancellation",
        "refund",
        "order",
        "delivery",
        "address",
        "holder",
        "identity",
        "document",
        "complaint",
        "days",
        "working",
        "supervisor",
        "system",
        "panel",
        "ticket",
        "fault",
        "engineer",
        "coverage",
        "signal",
        "roaming",
        "porting",
        "number",
        "credit",
        "compensation",
        "bank",
        "debit",
        "transfer",
        "fraud",
        "block",
        "security",
        "password",
        "wifi",
        "lights",
        "restart",
        "cable",
        "installation",
        "appointment",
        "warranty",
        "device",
        "parcel",
        "tracking",
        "courier",
        "email",
        "call",
        "agent",
        "team",
        "procedure",
        "request",
        "right",
        "privacy",
        "empathy",
        "listening",
        "solution",
        "summary",
        "note",
        "history",
        "month",
        "week",
        "euros",
        "discount",
        "offer",
    ],
    verbs: &[
        "check", "confirm", "explain", "request", "record", "note", "offer", "escalate", "verify",
        "open", "close", "look up", "tell", "send", "restart", "update", "cancel", "process",
        "apply",
    ],
    headings: &[
        "Checks",
        "Steps",
        "What to say",
        "When to escalate",
        "Time limits",
        "Exceptions",
        "Notes",
    ],
    tags: &[
        "billing",
        "charges",
        "payments",
        "fraud",
        "faults",
        "fibre",
        "mobile",
        "roaming",
        "porting",
        "plans",
        "cancellation",
        "retention",
        "returns",
        "deliveries",
        "account",
        "identity",
        "complaints",
        "gdpr",
        "empathy",
        "escalation",
    ],
    owners: &[
        "Billing Team",
        "Tech Support",
        "Customer Care",
        "Quality",
        "Online Shop",
    ],
};

const SYLLABLES: &[&str] = &[
    "ca", "ber", "lo", "mi", "tra", "son", "del", "ve", "ri", "qua", "nor", "tel", "fi", "ga",
    "zon", "pe", "lu", "mar", "ti", "do", "sa", "ren", "bo", "cli", "ta", "ne", "vis", "or",
];

/// A pseudo-word from a vocabulary of about 20,000, skewed so some recur often.
fn rare_word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(SYLLABLES[rng.skewed(SYLLABLES.len())]);
    }
    w
}

/// One generated article: its path below the root and the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthArticle {
    pub rel_path: String,
    pub content: String,
}

fn sentence(rng: &mut Rng, v: &Vocab, out: &mut String) {
    let n = 6 + rng.below(14);
    sentence_of(rng, v, out, n);
}

/// A sentence of `n` words (a few pseudo-words, sometimes an amount in EUR).
fn sentence_of(rng: &mut Rng, v: &Vocab, out: &mut String, n: usize) {
    for i in 0..n {
        let rare;
        let w = if i % 5 == 1 {
            rng.pick(v.verbs)
        } else if rng.below(8) == 0 {
            // The long tail of a real base: product names, places, rarer words.
            rare = rare_word(rng);
            &rare
        } else {
            rng.pick_skewed(v.words)
        };
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    if rng.below(6) == 0 {
        let _ = write!(out, " {} EUR", 5 + rng.below(200));
    }
    out.push_str(". ");
}

/// Generates article number `i` of a base made with `seed` (two thirds Spanish).
pub fn article(seed: u64, i: usize) -> SynthArticle {
    let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
    let v = if rng.below(3) == 2 { &EN } else { &ES };
    let category = rng.pick(v.categories);
    let topic = rng.pick(v.topics);
    let title = format!(
        "{} {} ({}) {}",
        rng.pick(v.actions),
        topic.to_lowercase(),
        rng.pick(v.objects),
        i
    );
    let mut tags: Vec<&str> = (0..2 + rng.below(3)).map(|_| rng.pick(v.tags)).collect();
    tags.sort_unstable();
    tags.dedup();
    // Customer phrasings: 3–10 short phrases (real articles list 5–15).
    let keywords: Vec<String> = (0..3 + rng.below(8))
        .map(|_| {
            let mut k = format!("{} {}", rng.pick(v.verbs), rng.pick_skewed(v.words));
            for _ in 0..rng.below(3) {
                k.push(' ');
                k.push_str(rng.pick_skewed(v.words));
            }
            k
        })
        .collect();
    // Phrases the agent can say, in two articles out of three.
    let phrases: Vec<String> = if rng.below(3) < 2 {
        (0..1 + rng.below(3))
            .map(|_| {
                let mut p = String::new();
                sentence(&mut rng, v, &mut p);
                p.trim().to_string()
            })
            .collect()
    } else {
        Vec::new()
    };
    // One line in the results: under 160 characters.
    let mut summary = String::new();
    let n = 6 + rng.below(8);
    sentence_of(&mut rng, v, &mut summary, n);
    let summary = summary.trim().to_string();

    let mut c = String::with_capacity(4096);
    c.push_str("+++\n");
    let _ = writeln!(c, "title = {title:?}");
    let _ = writeln!(c, "lang = \"{}\"", v.lang);
    let _ = writeln!(c, "tags = {tags:?}");
    let _ = writeln!(c, "summary = {summary:?}");
    let _ = writeln!(c, "keywords = {keywords:?}");
    let _ = writeln!(
        c,
        "updated = 20{:02}-{:02}-{:02}",
        24 + rng.below(3),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let _ = writeln!(c, "owner = {:?}", rng.pick(v.owners));
    if !phrases.is_empty() {
        let _ = writeln!(c, "phrases = {phrases:?}");
    }
    if rng.below(3) == 0 {
        c.push_str("\n[decide]\n");
        let _ = writeln!(c, "limit = \"{} EUR\"", 5 + rng.below(50));
    }
    c.push_str("+++\n\n");
    let _ = writeln!(c, "# {title}\n");
    // 200–800 words with the front matter (median about 450, as in the sample base):
    // intro paragraph, then sections with steps or prose.
    let sections = 3 + rng.below(5);
    let mut intro = String::new();
    for _ in 0..2 + rng.below(3) {
        sentence(&mut rng, v, &mut intro);
    }
    let _ = writeln!(c, "{}\n", intro.trim_end());
    for _ in 0..sections {
        let _ = writeln!(c, "## {}\n", rng.pick(v.headings));
        if rng.below(2) == 0 {
            for step in 1..=3 + rng.below(4) {
                let mut s = String::new();
                sentence(&mut rng, v, &mut s);
                if rng.below(4) == 0 {
                    s = format!("**{}** {s}", rng.pick(v.verbs));
                }
                let _ = writeln!(c, "{step}. {}", s.trim_end());
            }
            c.push('\n');
        } else {
            let mut p = String::new();
            for _ in 0..2 + rng.below(4) {
                sentence(&mut rng, v, &mut p);
            }
            let _ = writeln!(c, "{}\n", p.trim_end());
        }
    }
    SynthArticle {
        rel_path: format!("{category}/{i:06}.md"),
        content: c,
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenReport {
    pub articles: usize,
    pub bytes: u64,
}

/// Writes a base of `n` articles into `dir` (created if needed), plus an `apunte.toml`.
pub fn generate(dir: &Path, n: usize, seed: u64) -> io::Result<GenReport> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("apunte.toml"),
        format!("name = \"Synthetic base ({n} articles, seed {seed})\"\n"),
    )?;
    let mut bytes = 0u64;
    for i in 0..n {
        let a = article(seed, i);
        let path = dir.join(&a.rel_path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        bytes += a.content.len() as u64;
        std::fs::write(path, a.content)?;
    }
    Ok(GenReport { articles: n, bytes })
}

/// Queries an agent would type, each typed one keystroke at a time by the benchmarks:
/// accents, missing accents, typos, filters and a pasted customer sentence.
pub const TYPING_QUERIES: &[&str] = &[
    "cargo duplicado",
    "facturacion tarjeta",
    "devolución del terminal",
    "portabilidad",
    "router sin conexion",
    "velocidd lenta fibra",
    "roaming lang:en",
    "refund status",
    "tag:fraude bloqueo",
    "me han cobrado dos veces este mes y quiero que me devuelvan el dinero",
];

/// Every prefix of `query`, as the search box sees it while it is typed.
pub fn keystrokes(query: &str) -> Vec<&str> {
    query
        .char_indices()
        .map(|(i, ch)| &query[..i + ch.len_utf8()])
        .collect()
}
