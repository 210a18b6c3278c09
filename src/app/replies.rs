//! Quick replies in the conversation input: `;` followed by any words of a reply's name
//! or text offers matching replies (fuzzy, accent- and case-insensitive).
use crate::knowledge::replies::Reply;
use crate::text::{edit_distance as distance, fold};

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How well one typed word matches one word of a reply (0 = not at all).
fn word_score(q: &str, w: &str) -> u32 {
    if w == q {
        4
    } else if w.starts_with(q) {
        3
    } else if q.chars().count() >= 3 && w.contains(q) {
        2
    } else {
        let n = q.chars().count();
        let cap = if n >= 8 { 2 } else { usize::from(n >= 4) };
        // Compare with the word's prefix of the same length too: "devolu" ~ "devolucion".
        let prefix: String = w.chars().take(n).collect();
        if cap > 0 && (distance(q, w, cap) <= cap || distance(q, &prefix, cap) <= cap) {
            1
        } else {
            0
        }
    }
}

/// Ranks replies for the words typed after `;`. Every typed word must match some word of
/// the reply's name or text; name matches count double. An empty query lists all (in file
/// order). Returns indexes into `replies`, best first.
pub fn matching(replies: &[Reply], query: &str, limit: usize) -> Vec<usize> {
    let q = words(query);
    let mut scored: Vec<(u32, usize)> = Vec::new();
    for (i, r) in replies.iter().enumerate() {
        let name = words(&r.name);
        let text = words(&r.text);
        let mut total = 0;
        let mut all = true;
        for qw in &q {
            let n = name
                .iter()
                .map(|w| word_score(qw, w) * 2)
                .max()
                .unwrap_or(0);
            let t = text.iter().map(|w| word_score(qw, w)).max().unwrap_or(0);
            let s = n.max(t);
            if s == 0 {
                all = false;
                break;
            }
            total += s;
        }
        if all {
            scored.push((total, i));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(limit).map(|(_, i)| i).collect()
}

/// Known values for reply placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeholders {
    pub customer: Option<String>,
    pub agent: Option<String>,
    pub company: Option<String>,
}

/// Fills `{customer}`, `{agent}` and `{company}` where known; anything else stays visible.
pub fn fill(text: &str, p: &Placeholders) -> String {
    let mut out = text.to_string();
    for (name, value) in [
        ("{customer}", &p.customer),
        ("{agent}", &p.agent),
        ("{company}", &p.company),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            out = out.replace(name, v);
        }
    }
    out
}

/// Where a text still has a placeholder (`{customer}`, `{x}`: a name in braces), as
/// byte ranges, braces included.
pub fn gaps(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('{') {
        let start = from + i;
        let rest = &text[start + 1..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len > 0 && rest[len..].starts_with('}') {
            out.push(start..start + len + 2);
            from = start + len + 2;
        } else {
            from = start + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Lang;

    fn r(name: &str, text: &str) -> Reply {
        Reply {
            name: name.into(),
            lang: Some(Lang::Es),
            text: text.into(),
        }
    }

    #[test]
    fn fuzzy_accent_insensitive() {
        let rs = vec![
            r("saludo", "Buenos días, le atiende {agent} de {company}."),
            r(
                "despedida",
                "Gracias por llamar a {company}. ¡Que tenga un buen día!",
            ),
            r("espera", "¿Puede esperar un momento mientras lo compruebo?"),
        ];
        assert_eq!(matching(&rs, "salu", 5), vec![0]);
        assert_eq!(matching(&rs, "dias", 5)[0], 0);
        assert_eq!(matching(&rs, "gracias llamar", 5), vec![1]);
        assert_eq!(matching(&rs, "factura", 5), Vec::<usize>::new());
        assert_eq!(matching(&rs, "esperr", 5), vec![2]);
        assert_eq!(matching(&rs, "", 5), vec![0, 1, 2]);
    }

    #[test]
    fn fills_known_placeholders_only() {
        let p = Placeholders {
            customer: None,
            agent: Some("Lucía".into()),
            company: Some("Ondina".into()),
        };
        assert_eq!(
            fill("Hola {customer}, soy {agent} de {company} {x}", &p),
            "Hola {customer}, soy Lucía de Ondina {x}"
        );
    }

    #[test]
    fn gaps_are_names_in_braces() {
        let t = "Hola {customer}, {} { x} {a_1}{";
        let g = gaps(t);
        assert_eq!(
            g.iter().map(|r| &t[r.clone()]).collect::<Vec<_>>(),
            ["{customer}", "{a_1}"]
        );
        assert!(gaps("sin huecos").is_empty());
    }
}
