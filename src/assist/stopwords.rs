//! Words that never make a suggestion: Spanish and English stop words, spoken filler
//! ("vale", "pues", "o sea", "um", "you know") and small talk ("hola", "buenos días",
//! "gracias", "how are you"). All lists are folded (lowercase, no accents).
use std::collections::HashSet;
use std::sync::LazyLock;

use super::text::Word;
use crate::text;

/// Spanish words too common in a call to say anything about the topic, besides the base
/// function words of [`text::STOP_ES`].
#[rustfmt::skip]
const MORE_STOP_ES: &[&str] = &[
    "alguien", "algun", "alguna", "algunas", "alguno", "algunos", "alla", "alli", "ahi",
    "ahora", "antes", "aqui", "aunque", "ayer", "bajo", "bastante", "cada", "casi", "cierto",
    "contra", "cosa", "cosas", "cuales", "cualquier", "cuanto", "cuanta", "cuantos",
    "cuantas", "debe", "debo", "deberia", "decir", "demasiado", "despues", "dice", "dicen",
    "dicho", "dije", "dijo", "digo", "durante", "ellas", "entre", "eramos", "eran", "esas",
    "esos", "estabamos", "estaban", "estado", "estais", "estamos", "estar", "estos", "fueron",
    "fui", "fuimos", "gente", "haber", "habia", "habian", "habido", "hace", "hacen", "hacer",
    "hago", "hasta", "haya", "hecho", "hemos", "hice", "hizo", "hoy", "igual", "llamaba",
    "llamo", "luego", "menos", "mia", "mias", "mio", "mios", "misma", "mismo", "mucha",
    "muchas", "muchos", "necesita", "necesitaba", "necesito", "ninguna", "ninguno", "nuestra",
    "nuestras", "nuestro", "nuestros", "nunca", "otras", "otros", "pasa", "poder", "podria",
    "podrian", "pueda", "puede", "pueden", "puedo", "queria", "quiere", "quieren", "quien",
    "quienes", "quisiera", "sabe", "saber", "sabes", "sean", "segun", "senor", "senora",
    "sido", "siempre", "sino", "sois", "somos", "suya", "suyo", "tal", "tampoco", "tanto",
    "tendria", "tenemos", "tener", "tenia", "tienen", "toda", "todas", "todavia", "todos",
    "tuve", "unas", "ustedes", "va", "vais", "vamos", "van", "vas", "voy", "vosotros",
];

/// English words too common in a call to say anything about the topic, besides the base
/// function words of [`text::STOP_EN`].
#[rustfmt::skip]
const MORE_STOP_EN: &[&str] = &[
    "above", "against", "anything", "aren't", "being", "below", "between", "both", "calling",
    "can't", "cannot", "cant", "couldn't", "didn't", "didnt", "doesn't", "doesnt", "doing",
    "don't", "down", "during", "each", "even", "ever", "few", "further", "get", "gets",
    "getting", "go", "goes", "going", "gonna", "got", "hadn't", "hasn't", "haven't", "having",
    "he'd", "he'll", "he's", "here", "here's", "hers", "herself", "himself", "how's", "i'd",
    "i'll", "i'm", "i've", "isn't", "it's", "itself", "let", "let's", "lot", "might", "more",
    "most", "much", "must", "mustn't", "myself", "need", "needed", "needs", "nor", "off",
    "once", "one", "only", "other", "ought", "ours", "ourselves", "out", "over", "own",
    "really", "same", "shall", "shan't", "she'd", "she'll", "she's", "should", "shouldn't",
    "something", "still", "such", "than", "that's", "theirs", "themselves", "there's",
    "these", "they'd", "they'll", "they're", "they've", "thing", "things", "those", "through",
    "today", "too", "under", "until", "us", "want", "wanted", "wanna", "wants", "wasn't",
    "we'd", "we'll", "we're", "we've", "weren't", "what's", "when's", "where's", "while",
    "who's", "whom", "why's", "won't", "wouldn't", "yesterday", "you'd", "you'll", "you're",
    "you've", "yours", "yourself", "yourselves",
];

/// Verbs, adverbs and nouns of everyday talk that say nothing about the topic of a call
/// (checked against the sample fixtures: none is a topic word there).
#[rustfmt::skip]
const CHATTER: &[&str] = &[
    // es
    "aca", "ademas", "cree", "creo", "crees", "cuente", "cuenteme", "dado", "dan", "da",
    "decirle", "decirme", "dicen", "diciendo", "digame", "dime", "doy", "entiendo",
    "exacto", "gusto", "haga", "hagan", "hacemos", "haceis", "hacerlo", "ido", "ir", "jaja",
    "jajaja", "manana", "mejor", "mirando", "mirar", "miro", "momento", "parece", "pensaba",
    "pienso",
    "pone", "ponen", "poner", "pongo", "puse", "queda", "quede", "quedo", "rato", "seguir",
    "sigo", "sigue", "sincero", "tuvo", "veo", "ver", "verdad", "vez", "visto",
    // asking for help says nothing about what with
    "ayuda", "ayudar", "ayudarme", "ayudeme", "consulta", "consultar", "duda", "dudas",
    "necesito", "necesitaria", "pregunta", "preguntar", "preguntas", "problema",
    "problemas", "quiero", "queria", "quisiera",
    // en
    "already", "anyway", "around", "ago", "came", "come", "done", "everything", "give",
    "gave", "good", "guess", "kind", "knew", "know", "let", "look", "looking", "made",
    "make", "maybe", "mean", "nothing", "probably", "put", "said", "say", "says", "see",
    "someone", "somebody", "sure", "take", "tell", "think", "thought", "told", "took",
    "use", "used", "using", "way", "went", "work", "yet",
    // asking for help says nothing about what with
    "ask", "asking", "assist", "assistance", "help", "helping", "issue", "issues", "need",
    "needed", "needs", "problem", "problems", "question", "questions", "want", "wanted",
    "wondering", "please",
];

/// Spoken filler, one word.
#[rustfmt::skip]
const FILLER: &[&str] = &[
    "actually", "ah", "anyway", "basically", "bueno", "claro", "digamos", "eh", "ehm", "em",
    "emm", "er", "erm", "hm", "hmm", "hombre", "literally", "like", "mm", "mmm", "mira",
    "mire", "oiga", "oh", "ok", "okay", "oye", "osea", "pues", "right", "uh", "uhm", "um",
    "umm", "vale", "vaya", "venga", "vera", "well", "yeah", "yes", "yep", "tipo", "aja",
    "ajam", "aha", "mhm", "uhum",
];

/// Spoken filler, several words (folded, split on spaces).
#[rustfmt::skip]
const FILLER_PHRASES: &[&str] = &[
    "o sea", "a ver", "es que", "en plan", "la verdad", "you know", "i mean", "kind of",
    "sort of", "i guess", "to be honest",
];

/// Greetings, thanks and courtesy: never trigger a suggestion.
#[rustfmt::skip]
const SMALL_TALK: &[&str] = &[
    "hola", "buenas", "buenos dias", "buenas tardes", "buenas noches", "muy buenas",
    "que tal", "como esta", "como estas", "como va", "gracias", "muchas gracias",
    "muchisimas gracias", "mil gracias", "de nada", "adios", "hasta luego", "hasta pronto",
    "un saludo", "saludos", "encantado", "encantada", "por favor", "perdone", "perdona",
    "disculpe", "disculpa", "un momento", "un momentito", "hi", "hello", "hey", "hiya",
    "good morning", "good afternoon", "good evening", "good night", "how are you",
    "how are you doing", "how's it going", "how is it going", "how do you do", "thanks",
    "thank you", "thanks a lot", "thank you very much", "cheers", "bye", "goodbye",
    "have a nice day", "nice to meet you", "sorry", "excuse me", "fine", "great",
    "estupendo", "perfecto", "genial", "fenomenal", "ok thanks",
];

/// Words that come with identification details being read out (ids, card and account
/// numbers, names, emails, addresses, dates of birth). In a turn that reads out such a
/// detail they say nothing about the topic of the call.
#[rustfmt::skip]
const IDENTIFICATION: &[&str] = &[
    // es
    "dni", "nie", "nif", "cif", "pasaporte", "documento", "numero", "numeros", "tarjeta",
    "cuenta", "iban", "termina", "acaba", "empieza", "ultimos", "ultimas", "primeros",
    "digitos", "cifras", "letra", "nombre", "apellido", "apellidos", "llamo", "correo",
    "email", "mail", "arroba", "punto", "com", "direccion", "calle", "portal", "piso",
    "codigo", "postal", "fecha", "nacimiento", "nacido", "nacida", "telefono", "movil",
    "fijo", "linea", "titular", "cliente", "referencia", "pedido", "contrato", "dato",
    "datos", "apunte", "apunta", "repito", "deletreo",
    // en
    "id", "passport", "number", "numbers", "card", "account", "ending", "ends", "starts",
    "last", "first", "digits", "four", "name", "surname", "called", "email", "address",
    "street", "flat", "postcode", "zip", "date", "birth", "born", "phone", "mobile",
    "line", "holder", "customer", "reference", "order", "contract", "details", "dot",
    "at", "spell", "spelled", "again",
];

/// Markers after which the next capitalised words are a name being given.
#[rustfmt::skip]
const NAME_MARKERS: &[&[&str]] = &[
    &["me", "llamo"], &["mi", "nombre", "es"], &["soy"], &["a", "nombre", "de"],
    &["my", "name", "is"], &["my", "name's"], &["name's"], &["this", "is"], &["i'm"],
    &["i", "am"], &["under", "the", "name"], &["in", "the", "name", "of"],
];

static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    text::STOP_ES
        .iter()
        .chain(text::STOP_EN)
        .chain(MORE_STOP_ES)
        .chain(MORE_STOP_EN)
        .chain(FILLER)
        .chain(CHATTER)
        .copied()
        .collect()
});

/// Multi-word phrases to drop, longest first, as folded word lists.
static PHRASES: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let mut all: Vec<Vec<&str>> = FILLER_PHRASES
        .iter()
        .chain(SMALL_TALK)
        .map(|p| p.split(' ').collect())
        .collect();
    all.sort_by_key(|p| std::cmp::Reverse(p.len()));
    all
});

/// True for a (folded) stop word or one-word filler.
pub fn is_stop_word(folded: &str) -> bool {
    STOP.contains(folded)
}

/// Marks which words of a turn carry meaning: false for stop words, filler and small
/// talk (one or several words), single letters, and long numbers (ids, phone numbers,
/// amounts say nothing about the topic and may be personal data).
pub fn informative(words: &[Word<'_>]) -> Vec<bool> {
    let mut keep = vec![true; words.len()];
    let mut i = 0;
    while i < words.len() {
        let mut skipped = 0;
        for phrase in PHRASES.iter() {
            let n = phrase.len();
            if n > 0
                && i + n <= words.len()
                && phrase
                    .iter()
                    .zip(&words[i..i + n])
                    .all(|(p, w)| *p == w.folded)
            {
                skipped = n;
                break;
            }
        }
        if skipped > 0 {
            keep[i..i + skipped].iter_mut().for_each(|k| *k = false);
            i += skipped;
            continue;
        }
        let w = words[i].folded.as_str();
        let digits = w.chars().filter(|c| c.is_ascii_digit()).count();
        if is_stop_word(w)
            || w.chars().count() < 2
            || (digits > 3)
            || (digits > 0 && digits == w.chars().count() && w.len() > 3)
        {
            keep[i] = false;
        }
        i += 1;
    }
    identification(words, &mut keep);
    keep
}

/// True for a word that is (part of) an identification detail: a long number or code
/// (ids, card, phone and order numbers), or an email address.
fn is_identifier(w: &Word<'_>) -> bool {
    let digits = w.folded.chars().filter(|c| c.is_ascii_digit()).count();
    // Email addresses split into words at `@`; their parts keep their dots.
    let dotted = w.raw.trim_matches('.').contains('.') && w.raw.chars().any(char::is_alphabetic);
    digits >= 3 || w.raw.contains('@') || dotted
}

/// Drops what a turn that reads out identification details says around them: the
/// detail's own words ("DNI", "card ending", "my name is") and a name being given. Such
/// a turn then carries no topic weight ("Mi DNI es 12345678Z y la tarjeta termina en
/// 4321" says nothing about why the customer called).
fn identification(words: &[Word<'_>], keep: &mut [bool]) {
    // Names after a marker: the capitalised words that follow (at most 3).
    for i in 0..words.len() {
        for m in NAME_MARKERS {
            let n = m.len();
            if i + n > words.len() || !m.iter().zip(&words[i..i + n]).all(|(a, w)| *a == w.folded) {
                continue;
            }
            for j in (i + n..words.len()).take(3) {
                if !words[j].raw.chars().next().is_some_and(char::is_uppercase) {
                    break;
                }
                keep[j] = false;
            }
        }
    }
    let reads_out = words.iter().any(is_identifier)
        || words.iter().zip(keep.iter()).any(|(w, k)| {
            !*k && w.raw.chars().next().is_some_and(char::is_uppercase)
                && w.folded.len() > 1
                && !is_stop_word(&w.folded)
                && !SMALL_TALK.contains(&w.folded.as_str())
        });
    if !reads_out {
        return;
    }
    for (w, k) in words.iter().zip(keep.iter_mut()) {
        let digit = w.folded.chars().any(|c| c.is_ascii_digit());
        if IDENTIFICATION.contains(&w.folded.as_str()) || is_identifier(w) || digit {
            *k = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::text::words;

    fn kept(text: &str) -> Vec<String> {
        let w = words(text);
        let k = informative(&w);
        w.iter()
            .zip(k)
            .filter(|(_, k)| *k)
            .map(|(w, _)| w.folded.clone())
            .collect()
    }

    #[test]
    fn drops_stop_words_filler_and_small_talk() {
        assert_eq!(
            kept("Hola, buenos días. Pues o sea, me han cobrado dos veces, ¿vale?"),
            ["cobrado", "dos", "veces"]
        );
        assert_eq!(
            kept("Hi, good morning! Um, you know, I mean I was charged twice"),
            ["charged", "twice"]
        );
        assert!(kept("hola, buenas tardes, ¿qué tal? gracias").is_empty());
        assert!(kept("hi, how are you? thanks").is_empty());
    }

    #[test]
    fn identification_turns_say_nothing() {
        assert!(kept("Mi DNI es 12345678Z y la tarjeta termina en 4321").is_empty());
        assert!(kept("my name is John Smith, card ending 4321").is_empty());
        assert!(kept("me llamo Ana García y mi correo es ana.garcia@example.com").is_empty());
        assert_eq!(kept("la tarjeta no funciona"), ["tarjeta", "funciona"]);
        assert_eq!(kept("my card was declined"), ["card", "declined"]);
    }

    #[test]
    fn drops_ids_but_keeps_short_numbers() {
        assert!(kept("mi DNI es 12345678Z").is_empty());
        assert_eq!(kept("hace 14 días"), ["14", "dias"]);
    }
}
