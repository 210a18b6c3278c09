//! Cross-references between articles, found in an article's Markdown body: Markdown
//! links to another article (`[text](../identidad/verificacion-identidad.md)`, by path
//! or id), an id after "see" / "ver" in plain text or in code (`see
//! identidad/identity-verification`, ``ver `identidad/persona-autorizada` ``), and inline
//! code that is an id in one of the base's categories (`` `guias/clientes-vulnerables` ``).
//! Other inline code with a slash (`` `on/off` ``, `` `4G/5G` ``, `` `Ajustes/Red` ``) is
//! code, never a link.
//! The reader walks them in document order and follows one; the renderer marks the
//! same ones (it asks [`target`], [`code_ref`] and [`text_refs`] as it meets them).
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A cross-reference to another article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The article id it points at.
    pub target: String,
    /// The text shown for it.
    pub text: String,
}

/// Words after which a bare id is a cross-reference.
const SEE: [&str; 7] = ["see", "ver", "véase", "vea", "consulte", "consultar", "cf."];

/// True for an article id with a category: `identidad/persona-autorizada`.
fn is_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                && !p.starts_with('.')
        })
}

/// True when `text`, the text right before a code span, ends with a word after which an
/// id is a cross-reference (`ver `, `(see `).
pub fn ends_with_see(text: &str) -> bool {
    text.split_whitespace().last().is_some_and(|w| {
        let w = w.trim_start_matches(['(', '«', '"']).to_lowercase();
        SEE.contains(&w.as_str())
    })
}

/// Inline code that names an article: an id with a category right after "see" / "ver"
/// (`after_see`), or an id whose category is one of the base's (`categories`, as the
/// index lists them). None for any other code (`on/off`, `TCP/IP`, `Ajustes/Red`).
pub fn code_ref(code: &str, after_see: bool, categories: &[String]) -> Option<String> {
    let code = code.trim();
    if !is_id(code) {
        return None;
    }
    let category = code.split('/').next().unwrap_or("").to_lowercase();
    let known = categories.iter().any(|c| {
        c.split('/')
            .next()
            .is_some_and(|c| c.to_lowercase() == category)
    });
    (after_see || known).then(|| code.trim_end_matches(".md").to_string())
}

/// The byte ranges of ids after "see" / "ver" in plain text, with the id.
pub fn text_refs(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut prev: Option<&str> = None;
    let mut pos = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let start = pos;
        pos += word.len();
        let bare = word.trim_end();
        let lead = bare.len() - bare.trim_start_matches(['(', '«', '"']).len();
        let core = bare[lead..].trim_end_matches([')', '.', ',', ';', ':', '»', '"']);
        if prev.is_some_and(|p| SEE.contains(&p.to_lowercase().as_str())) && is_id(core) {
            let from = start + lead;
            out.push((from..from + core.len(), core.to_string()));
        }
        prev = Some(bare.trim_start_matches(['(', '«']));
    }
    out
}

/// The article a Markdown link destination points at, seen from the article at
/// `rel_path` (`facturacion/cargo-duplicado.md`): a relative or root path with or
/// without `.md`, or an id. None for web links, mail and in-page anchors.
pub fn target(dest: &str, rel_path: &str) -> Option<String> {
    let dest = dest.split('#').next().unwrap_or("").trim();
    if dest.is_empty() || dest.contains("://") || dest.starts_with("mailto:") {
        return None;
    }
    let dest = dest.strip_suffix(".md").unwrap_or(dest);
    let mut parts: Vec<&str> = Vec::new();
    if let Some(rooted) = dest.strip_prefix('/') {
        parts.extend(rooted.split('/'));
    } else if dest.starts_with("./") || dest.starts_with("../") || !dest.contains('/') {
        // Relative to the article's folder.
        let dir = rel_path.rsplit_once('/').map_or("", |(d, _)| d);
        parts.extend(dir.split('/').filter(|p| !p.is_empty()));
        for p in dest.split('/') {
            match p {
                "." | "" => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
    } else {
        // `category/slug`: an id.
        parts.extend(dest.split('/'));
    }
    let id = parts.join("/");
    (!id.is_empty() && !id.contains("..")).then_some(id)
}

/// Every cross-reference of a body, in document order; `categories` are the base's
/// (see [`code_ref`]).
pub fn links(body: &str, rel_path: &str, categories: &[String]) -> Vec<Link> {
    let mut out = Vec::new();
    // The open Markdown link to an article and its text so far.
    let mut open: Option<(String, String)> = None;
    // The text before the next code span ends with "see" / "ver".
    let mut after_see = false;
    for ev in Parser::new(body) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = target(&dest_url, rel_path).map(|t| (t, String::new()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((target, text)) = open.take() {
                    out.push(Link { target, text });
                }
            }
            Event::Text(t) if open.is_some() => {
                after_see = ends_with_see(&t);
                if let Some((_, text)) = &mut open {
                    text.push_str(&t);
                }
            }
            Event::Code(t) if open.is_some() => {
                after_see = false;
                if let Some((_, text)) = &mut open {
                    text.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some(target) = code_ref(&t, after_see, categories) {
                    out.push(Link {
                        text: t.to_string(),
                        target,
                    });
                }
                after_see = false;
            }
            Event::Text(t) => {
                for (_, target) in text_refs(&t) {
                    out.push(Link {
                        text: target.clone(),
                        target,
                    });
                }
                after_see = ends_with_see(&t);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cross_references_in_order() {
        let body = "1. Verifica la identidad (ver `identidad/verificacion-identidad`).\n\n\
                    Si llama un familiar, see identidad/persona-autorizada. Mire [la baja](../bajas/baja-servicio.md#pasos) \
                    y [la web](https://example.com) y `cargo-duplicado`.\n";
        let found = links(body, "facturacion/cargo-duplicado.md", &[]);
        let targets: Vec<&str> = found.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "identidad/verificacion-identidad",
                "identidad/persona-autorizada",
                "bajas/baja-servicio"
            ]
        );
        assert_eq!(found[2].text, "la baja");
    }

    #[test]
    fn code_is_a_link_only_after_see_or_in_a_known_category() {
        let categories = ["guias".to_string(), "identidad".to_string()];
        let body = "Pulsa `Ajustes/Red` y pon `4G/5G`, el modo `on/off` o `WPA2/WPA3`; \
                    la red `192.168.1.1/24` y `/etc/hosts`. \
                    Titular fallecido: `guias/fallecimiento-titular`. \
                    Ver `tarifas/cambio-de-tarifa` (see `facturacion/x.md`).\n\n\
                    ```\nver `cuenta/a`\n```\n\n\
                    En el menú `Cuenta/Datos` y `identidad/persona-autorizada`.\n";
        let found = links(body, "facturacion/cargo-duplicado.md", &categories);
        let targets: Vec<&str> = found.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "guias/fallecimiento-titular",
                "tarifas/cambio-de-tarifa",
                "facturacion/x",
                "identidad/persona-autorizada",
            ]
        );
        // Without the base's categories (not known yet) only "see" / "ver" count.
        let found = links(body, "facturacion/cargo-duplicado.md", &[]);
        let targets: Vec<&str> = found.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["tarifas/cambio-de-tarifa", "facturacion/x"]);
        assert!(ends_with_see("algo (ver "));
        assert!(ends_with_see("See"));
        assert!(!ends_with_see("rever "));
        assert!(!ends_with_see("ver algo "));
        assert_eq!(code_ref("on/off", true, &[]), Some("on/off".into()));
        assert_eq!(code_ref("on/off", false, &categories), None);
    }

    #[test]
    fn link_destinations_resolve_from_the_articles_folder() {
        let from = "facturacion/cargo-duplicado.md";
        assert_eq!(
            target("copia-factura.md", from).as_deref(),
            Some("facturacion/copia-factura")
        );
        assert_eq!(
            target("./copia-factura", from).as_deref(),
            Some("facturacion/copia-factura")
        );
        assert_eq!(
            target("/identidad/persona-autorizada.md", from).as_deref(),
            Some("identidad/persona-autorizada")
        );
        assert_eq!(
            target("identidad/persona-autorizada", from).as_deref(),
            Some("identidad/persona-autorizada")
        );
        assert_eq!(target("../../etc/passwd", from), None);
        assert_eq!(target("http://x/y", from), None);
        assert_eq!(target("#section", from), None);
    }

    #[test]
    fn only_ids_after_see_count_in_plain_text() {
        let refs = text_refs("see a/b, and c/d; ver (e/f).");
        let ids: Vec<&str> = refs.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["a/b", "e/f"]);
        let t = "ver (e/f).";
        let (r, _) = &text_refs(t)[0];
        assert_eq!(&t[r.clone()], "e/f");
    }
}
