//! Cue words: what the words around a number say it is (`DNI 44551230`, `tarjeta …`,
//! `cvv 123`, `pedido 612345679`). The nearest cue wins.
use super::find::{Tok, TokKind};
use super::spoken::fold;

/// What a number was said to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    Card,
    Cvv,
    Expiry,
    Id,
    Account,
    Phone,
    Ssn,
    /// Right after a card number (its expiry date and CVV may follow).
    AfterCard,
    /// An order, contract, ticket, invoice, IMEI, ICCID …: not personal data.
    Reference,
}

/// How many words before a number a cue may be (`el número de mi tarjeta es el 4111 …`).
const BEFORE: usize = 6;
/// How many words after (`44551230 es mi DNI`).
const AFTER: usize = 3;

pub(super) fn cue_of(word: &str, prev: Option<&str>, next: Option<&str>) -> Option<Cue> {
    if word.len() > 14 || !word.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let w = fold(word);
    let social = |n: Option<&str>| n.is_some_and(|n| fold(n) == "social");
    let folded =
        |n: Option<&str>, words: &[&str]| n.is_some_and(|n| words.contains(&fold(n).as_str()));
    Some(match w.as_str() {
        "tarjeta" | "tarjetas" | "card" | "visa" | "mastercard" | "amex" | "credito" | "debito"
        | "credit" | "debit" => Cue::Card,
        "cvv" | "cvc" | "cvv2" | "cvc2" | "csc" => Cue::Cvv,
        "seguridad" if social(next) => Cue::Ssn,
        "security" if social(prev) => Cue::Ssn,
        "seguridad" | "security" => Cue::Cvv,
        // The digits on the back of the card: `los tres números de atrás son 456`,
        // `the three digits on the back are 737`.
        "dorso" | "reverso" => Cue::Cvv,
        "atras" | "detras" | "back"
            if folded(prev, &["de", "por", "del", "el", "la", "al", "the", "on"]) =>
        {
            Cue::Cvv
        }
        // `mi número es …`, `my number is …`: said of oneself, a phone (the nearest cue
        // wins, so `mi número de pedido es …` stays an order).
        "numero" | "number" if folded(prev, &["mi", "su", "tu", "my", "your"]) => Cue::Phone,
        // `número de cliente`, `customer number`: a reference, not a phone.
        "cliente" | "abonado" if folded(prev, &["de", "del"]) => Cue::Reference,
        "customer" | "client" | "member"
            if folded(next, &["number", "id", "no", "ref", "reference"]) =>
        {
            Cue::Reference
        }
        "caduca" | "caducidad" | "caducan" | "vence" | "vencimiento" | "expira" | "expiracion"
        | "expiry" | "expires" | "expiration" | "exp" | "thru" => Cue::Expiry,
        "dni" | "documento" | "nie" | "nif" | "identidad" | "dnie" | "pasaporte" | "passport" => {
            Cue::Id
        }
        "cuenta" | "iban" | "account" | "ccc" => Cue::Account,
        "telefono" | "movil" | "celular" | "fijo" | "phone" | "mobile" | "cell" | "tel" | "tlf"
        | "whatsapp" | "llamar" | "llameme" | "llamame" | "llamarme" | "call" | "contacto"
        | "extension" => Cue::Phone,
        "ssn" | "social" => Cue::Ssn,
        "pedido" | "pedidos" | "order" | "contrato" | "contract" | "incidencia" | "ticket"
        | "referencia" | "reference" | "ref" | "factura" | "invoice" | "expediente" | "imei"
        | "iccid" | "sim" | "serie" | "serial" | "localizador" | "seguimiento" | "tracking"
        | "envio" | "albaran" | "poliza" | "policy" | "reserva" | "booking" | "caso" | "case"
        | "averia" | "solicitud" | "request" | "importe" | "euros" | "dolares" | "libras"
        | "pounds" | "dollars" => Cue::Reference,
        _ => return None,
    })
}

/// Things other than a card that expire or fall due (`la permanencia vence …`, `the
/// promo expires …`).
const OTHER_ENDINGS: &[&str] = &[
    "permanencia",
    "promocion",
    "promo",
    "oferta",
    "offer",
    "descuento",
    "discount",
    "bono",
    "garantia",
    "warranty",
    "plazo",
    "deadline",
    "carnet",
    "licence",
    "license",
    "suscripcion",
    "subscription",
];

/// How many words before an expiry word say what expires (`la permanencia de la línea
/// vence …`).
pub(super) const SUBJECT_BEFORE: usize = 4;

/// A word that says an expiry word is not about a card: a reference (`la factura vence
/// …`, `el contrato vence …`) or another thing that ends (`la promo caduca …`).
pub(super) fn ends_otherwise(word: &str) -> bool {
    word.len() <= 14
        && (OTHER_ENDINGS.contains(&fold(word).as_str())
            || cue_of(word, None, None) == Some(Cue::Reference))
}

/// The nearest cue word within a few words before token `first`, or else after token
/// `last`. An expiry word said of something else (`la factura vence el 12/27`) is no cue.
pub(super) fn cue_near(text: &str, toks: &[Tok], first: usize, last: usize) -> Option<Cue> {
    let word = |t: &Tok| &text[t.start..t.end];
    let mut before: Vec<&str> = toks[..first]
        .iter()
        .rev()
        .filter(|t| t.kind == TokKind::Word)
        .take(BEFORE)
        .map(word)
        .collect();
    before.reverse();
    for k in (0..before.len()).rev() {
        let prev = k.checked_sub(1).map(|p| before[p]);
        if let Some(c) = cue_of(before[k], prev, before.get(k + 1).copied()) {
            if c == Cue::Expiry
                && before[k.saturating_sub(SUBJECT_BEFORE)..k]
                    .iter()
                    .any(|w| ends_otherwise(w))
            {
                return None;
            }
            return Some(c);
        }
    }
    let after: Vec<&str> = toks[last + 1..]
        .iter()
        .filter(|t| t.kind == TokKind::Word)
        .take(AFTER)
        .map(word)
        .collect();
    (0..after.len()).find_map(|k| {
        let prev = k.checked_sub(1).map(|p| after[p]);
        cue_of(after[k], prev, after.get(k + 1).copied())
            .filter(|c| matches!(c, Cue::Id | Cue::Phone | Cue::Card | Cue::Reference))
    })
}
