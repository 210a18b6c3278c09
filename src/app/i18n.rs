//! Every label, hint and message of the workspace in Spanish and English.
use crate::knowledge::Lang;

/// Picks the UI language: the config value when set (`es`, `en`), else `LC_ALL`, then
/// `LC_MESSAGES`, then `LANG` (es* → Spanish, anything else → English).
pub fn ui_lang(config_language: &str) -> Lang {
    if let Some(l) = Lang::parse(config_language) {
        return l;
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return lang_from_locale(&v);
        }
    }
    Lang::En
}

/// `es_ES.UTF-8` → Spanish; `C`, `en_US`, anything else → English.
pub fn lang_from_locale(locale: &str) -> Lang {
    if locale.to_ascii_lowercase().starts_with("es") {
        Lang::Es
    } else {
        Lang::En
    }
}

/// A fixed text of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Conversation,
    Search,
    Results,
    Suggestions,
    Reader,
    Customer,
    Agent,
    Note,
    InputPlaceholder,
    SearchPlaceholder,
    NoResults,
    NothingConfident,
    SuggestHint,
    NoArticle,
    YouMayDecide,
    SuggestedPhrases,
    Updated,
    Articles,
    ModeLive,
    ModeTraining,
    HintKeys,
    HintSearch,
    HintPane,
    HintQuit,
    Copied,
    CopiedDraft,
    QuitConfirm,
    TooSmall,
    HelpTitle,
    HelpClose,
    HelpSlashNote,
    BadLines,
    ArticleMissing,
    Indexing,
    Replies,
    NoReplies,
    NothingToCopy,
    Speaking,
    SearchFailed,
    KnowledgeProblems,
    IndexFailed,
    ClipboardFailed,
    RecordFailed,
    // Action descriptions for the help overlay.
    ActQuit,
    ActSearch,
    ActBack,
    ActNextPane,
    ActPrevPane,
    ActUp,
    ActDown,
    ActOpen,
    ActOpenNth,
    ActPageUp,
    ActPageDown,
    ActCopy,
    ActSwitchSpeaker,
    ActHelp,
    ActCloseReader,
    HelpEnterSend,
    HelpReplies,
    HelpMouse,
}

impl Msg {
    /// The text in a language.
    pub fn text(self, lang: Lang) -> &'static str {
        let (es, en) = self.pair();
        match lang {
            Lang::Es => es,
            Lang::En => en,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use Msg::*;
        match self {
            Conversation => ("Conversación", "Conversation"),
            Search => ("Buscar", "Search"),
            Results => ("Resultados", "Results"),
            Suggestions => ("Sugerencias", "Suggestions"),
            Reader => ("Artículo", "Article"),
            Customer => ("Cliente", "Customer"),
            Agent => ("Agente", "Agent"),
            Note => ("Nota", "Note"),
            InputPlaceholder => (
                "Escriba un turno… (; respuestas rápidas)",
                "Type a turn… (; quick replies)",
            ),
            SearchPlaceholder => (
                "Buscar en la base de conocimiento",
                "Search the knowledge base",
            ),
            NoResults => ("Sin resultados", "No results"),
            NothingConfident => (
                "Nada seguro que sugerir todavía",
                "Nothing confident to suggest yet",
            ),
            SuggestHint => (
                "Escriba para buscar; aquí aparecerán sugerencias de la conversación",
                "Type to search; suggestions from the conversation appear here",
            ),
            NoArticle => (
                "Abra un resultado con Enter o Alt-1…Alt-9",
                "Open a result with Enter or Alt-1…Alt-9",
            ),
            YouMayDecide => ("PUEDES DECIDIR", "YOU MAY DECIDE"),
            SuggestedPhrases => ("FRASES SUGERIDAS", "SUGGESTED PHRASES"),
            Updated => ("actualizado", "updated"),
            Articles => ("artículos", "articles"),
            ModeLive => ("llamada", "live call"),
            ModeTraining => ("formación", "training"),
            HintKeys => ("ayuda", "help"),
            HintSearch => ("buscar", "search"),
            HintPane => ("panel", "pane"),
            HintQuit => ("salir", "quit"),
            Copied => ("Copiado", "Copied"),
            CopiedDraft => (
                "Copiado y puesto como borrador",
                "Copied and put in the input as a draft",
            ),
            QuitConfirm => (
                "Hay una conversación en curso. ¿Salir? (s/n)",
                "A conversation is in progress. Quit? (y/n)",
            ),
            TooSmall => ("Terminal demasiado pequeña", "Terminal too small"),
            HelpTitle => ("Teclas", "Keys"),
            HelpClose => ("Esc o ? cierra la ayuda", "Esc or ? closes this help"),
            HelpSlashNote => (
                "/ y ? se escriben como texto salvo con la entrada vacía",
                "/ and ? are typed as text unless the input is empty",
            ),
            BadLines => ("líneas ilegibles", "unreadable lines"),
            ArticleMissing => ("El artículo ya no existe", "The article no longer exists"),
            Indexing => ("indexando…", "indexing…"),
            Replies => ("Respuestas rápidas", "Quick replies"),
            NoReplies => ("Ninguna respuesta coincide", "No reply matches"),
            NothingToCopy => ("Nada que copiar aquí", "Nothing to copy here"),
            Speaking => ("habla", "speaking"),
            SearchFailed => ("La búsqueda falló", "Search failed"),
            KnowledgeProblems => (
                "problemas en la base de conocimiento: `apunte check` los lista con archivo:línea",
                "knowledge problems: `apunte check` lists them with file:line",
            ),
            IndexFailed => ("No se pudo abrir el índice", "Could not open the index"),
            RecordFailed => (
                "No se pudo escribir en el diario de la llamada",
                "Could not write to the call journal",
            ),
            ClipboardFailed => (
                "No se pudo copiar al portapapeles",
                "Could not copy to the clipboard",
            ),
            ActQuit => (
                "salir (pide confirmación si hay conversación)",
                "quit (asks when a conversation is in progress)",
            ),
            ActSearch => ("ir a la búsqueda", "focus the search box"),
            ActBack => (
                "volver a la entrada de la conversación",
                "back to the conversation input",
            ),
            ActNextPane => ("siguiente panel", "next pane"),
            ActPrevPane => ("panel anterior", "previous pane"),
            ActUp => ("subir en listas", "move up in lists"),
            ActDown => ("bajar en listas", "move down in lists"),
            ActOpen => (
                "abrir el resultado / enviar el turno",
                "open the result / send the turn",
            ),
            ActOpenNth => ("abrir el resultado n", "open result n"),
            ActPageUp => ("artículo: página arriba", "article: page up"),
            ActPageDown => ("artículo: página abajo", "article: page down"),
            ActCopy => (
                "copiar resumen, paso o frase (y borrador)",
                "copy summary, step or phrase (and draft it)",
            ),
            ActSwitchSpeaker => ("cambiar quién habla", "switch who is speaking"),
            ActHelp => ("esta ayuda", "this help"),
            ActCloseReader => ("cerrar el artículo", "close the article"),
            HelpEnterSend => (
                "Enter en la entrada añade el turno",
                "Enter in the input adds the turn",
            ),
            HelpReplies => (
                "; + palabras: respuestas rápidas (Enter inserta)",
                "; + words: quick replies (Enter inserts)",
            ),
            HelpMouse => (
                "Ratón: clic selecciona, rueda desplaza",
                "Mouse: click selects, wheel scrolls",
            ),
        }
    }
}

/// The help text for an action.
pub fn action_msg(action: super::keymap::Action) -> Msg {
    use super::keymap::Action as A;
    match action {
        A::Quit => Msg::ActQuit,
        A::Search => Msg::ActSearch,
        A::Back => Msg::ActBack,
        A::NextPane => Msg::ActNextPane,
        A::PrevPane => Msg::ActPrevPane,
        A::Up => Msg::ActUp,
        A::Down => Msg::ActDown,
        A::Open => Msg::ActOpen,
        A::OpenNth(_) => Msg::ActOpenNth,
        A::PageUp => Msg::ActPageUp,
        A::PageDown => Msg::ActPageDown,
        A::Copy => Msg::ActCopy,
        A::SwitchSpeaker => Msg::ActSwitchSpeaker,
        A::Help => Msg::ActHelp,
        A::CloseReader => Msg::ActCloseReader,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        assert_eq!(lang_from_locale("es_ES.UTF-8"), Lang::Es);
        assert_eq!(lang_from_locale("es"), Lang::Es);
        assert_eq!(lang_from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(lang_from_locale("C"), Lang::En);
        assert_eq!(ui_lang("es"), Lang::Es);
        assert_eq!(ui_lang("en"), Lang::En);
    }
}
