//! Words that never make a suggestion: Spanish and English stop words, spoken filler
//! ("vale", "pues", "o sea", "um", "you know") and small talk ("hola", "buenos días",
//! "gracias", "how are you"). All lists are folded (lowercase, no accents).
use std::collections::HashSet;
use std::sync::LazyLock;

use super::text::Word;

/// Spanish function words and verbs too common in a call to say anything about the topic.
#[rustfmt::skip]
const STOP_ES: &[&str] = &[
    "a", "al", "algo", "alguien", "algun", "alguna", "algunas", "alguno", "algunos", "alla",
    "alli", "ahi", "ahora", "ante", "antes", "aqui", "asi", "aun", "aunque", "ayer", "bajo",
    "bastante", "bien", "cada", "casi", "cierto", "como", "con", "contra", "cosa", "cosas",
    "cual", "cuales", "cualquier", "cuando", "cuanto", "cuanta", "cuantos", "cuantas", "de",
    "debe", "debo", "deberia", "decir", "del", "demasiado", "desde", "despues", "dice",
    "dicen", "dicho", "dije", "dijo", "digo", "donde", "durante", "e", "el", "ella",
    "ellas", "ellos", "en", "entonces", "entre", "era", "eramos", "eran", "eres", "es",
    "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estabamos", "estaban", "estado",
    "estais", "estamos", "estan", "estar", "estas", "este", "esto", "estos", "estoy",
    "favor", "fue", "fueron", "fui", "fuimos", "gente", "ha", "habeis", "haber", "habia",
    "habian", "habido", "hace", "hacen", "hacer", "hago", "han", "has", "hasta", "hay",
    "haya", "he", "hecho", "hemos", "hice", "hizo", "hoy", "igual", "la", "las", "le",
    "les", "llamaba", "llamo", "lo", "los", "luego", "mas", "me", "menos", "mi", "mia",
    "mias", "mio", "mios", "mis", "misma", "mismo", "mucha", "muchas", "mucho", "muchos",
    "muy", "nada", "necesita", "necesitaba", "necesito", "ni", "ninguna", "ninguno", "no",
    "nos", "nosotros", "nuestra", "nuestras", "nuestro", "nuestros", "nunca", "o", "os",
    "otra", "otras", "otro", "otros", "para", "pasa", "pero", "poco", "poder", "podria",
    "podrian", "por", "porque", "pueda", "puede", "pueden", "puedo", "que", "queria",
    "quiere", "quieren", "quiero", "quien", "quienes", "quisiera", "sabe", "saber", "sabes",
    "se", "sea", "sean", "segun", "senor", "senora", "ser", "si", "sido", "siempre", "sin",
    "sino", "sobre", "sois", "solo", "somos", "son", "soy", "su", "sus", "suya", "suyo",
    "tal", "tambien", "tampoco", "tan", "tanto", "te", "tendria", "tenemos", "tener",
    "tengo", "tenia", "ti", "tiene", "tienen", "toda", "todas", "todavia", "todo", "todos",
    "tu", "tus", "tuve", "u", "un", "una", "unas", "uno", "unos", "usted", "ustedes", "va",
    "vais", "vamos", "van", "vas", "voy", "vosotros", "y", "ya", "yo",
];

/// English function words and verbs too common in a call to say anything about the topic.
#[rustfmt::skip]
const STOP_EN: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
    "any", "anything", "are", "aren't", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "calling", "can", "can't", "cannot",
    "cant", "could", "couldn't", "did", "didn't", "didnt", "do", "does", "doesn't",
    "doesnt", "doing", "don't", "dont", "down", "during", "each", "even", "ever", "few",
    "for", "from", "further", "get", "gets", "getting", "go", "goes", "going", "gonna",
    "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "he'd",
    "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his",
    "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "im", "in", "into", "is",
    "isn't", "it", "it's", "its", "itself", "ive", "just", "let", "let's", "lot", "me",
    "might", "more", "most", "much", "must", "mustn't", "my", "myself", "need", "needed",
    "needs", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
    "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "please", "really",
    "same", "shall", "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't",
    "so", "some", "something", "still", "such", "than", "that", "that's", "the", "their",
    "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd",
    "they'll", "they're", "they've", "thing", "things", "this", "those", "through", "to",
    "today", "too", "under", "until", "up", "us", "very", "want", "wanted", "wanna",
    "wants", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't",
    "what", "what's", "when", "when's", "where", "where's", "which", "while", "who",
    "who's", "whom", "why", "why's", "will", "with", "won't", "would", "wouldn't",
    "yesterday", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
    "yourselves",
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
    // en
    "already", "anyway", "around", "ago", "came", "come", "done", "everything", "give",
    "gave", "good", "guess", "kind", "knew", "know", "let", "look", "looking", "made",
    "make", "maybe", "mean", "nothing", "probably", "put", "said", "say", "says", "see",
    "someone", "somebody", "sure", "take", "tell", "think", "thought", "told", "took",
    "use", "used", "using", "way", "went", "work", "yet",
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

static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    STOP_ES
        .iter()
        .chain(STOP_EN)
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

/// True for a (folded) one-word greeting or thanks (`hola`, `gracias`, `thanks`).
pub fn is_small_talk(folded: &str) -> bool {
    SMALL_TALK.contains(&folded)
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
    keep
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
    fn drops_ids_but_keeps_short_numbers() {
        assert_eq!(kept("mi DNI es 12345678Z"), ["dni"]);
        assert_eq!(kept("hace 14 días"), ["14", "dias"]);
    }
}
