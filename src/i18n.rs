//! Every label, hint and message of apunte in Spanish and English: the workspace, the
//! `sessions` text and export, and the command-line messages. One catalog, below every
//! module that shows text (it imports only [`crate::text`]).
use crate::text::Lang;

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
    SuggestSimilar,
    NoArticle,
    YouMayDecide,
    SuggestedPhrases,
    Updated,
    Articles,
    ModeLive,
    ModeTraining,
    HintKeys,
    HintEndCall,
    NoCallYet,
    HintSearch,
    HintPane,
    HintQuit,
    HintMessages,
    MessagesTitle,
    MessagesEmpty,
    MessagesClose,
    Copied,
    CopiedDraft,
    CopiedAppended,
    CopiedStep,
    QuitConfirm,
    DiscardConfirm,
    TooSmall,
    HelpTitle,
    HelpClose,
    HelpSlashNote,
    BadLines,
    RedactionOff,
    Refused,
    RefusedOne,
    Busy,
    BusyOne,
    KnowledgeUpdated,
    KnowledgeAdded,
    KnowledgeChanged,
    KnowledgeRemoved,
    KnowledgeProblem,
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
    ActDismiss,
    ActMouse,
    ActMessages,
    ActMessagesMore,
    ActNextLink,
    ActPrevLink,
    ActLinks,
    ActArticleBack,
    MouseOn,
    MouseOff,
    ActShowMore,
    TurnMore,
    TurnsInFull,
    TurnsShortened,
    ActOpenCue,
    ActEndCall,
    ActUpDown,
    ActPageUpDown,
    ActPanes,
    ActDismissUndo,
    ActCustomerPast,
    ActHoldNewCall,
    HelpEnterSend,
    HelpReplies,
    // The call's life cycle.
    DispResolved,
    DispEscalated,
    DispCallback,
    DispOther,
    WrapUpTitle,
    WrapUpNote,
    WrapUpHint,
    CallSaved,
    NoCallToEnd,
    ResumeTitle,
    ResumeQuestion,
    ResumeHint,
    Resumed,
    Turns,
    Started,
    Dismissed,
    FeedConnected,
    FeedDisconnected,
    FeedListening,
    FeedWaiting,
    FeedFollowing,
    FeedPeer,
    FeedPeers,
    FeedNoPeer,
    CueOpenHint,
    NewSuggestion,
    NewSuggestions,
    TurnBelow,
    TurnsBelow,
    // `apunte sessions` and the Markdown export.
    SessCall,
    SessStarted,
    SessDuration,
    SessTurns,
    SessOutcome,
    SessUnfinished,
    SessAbandoned,
    SessAgent,
    SessMode,
    SessTranscript,
    SessNotes,
    SessArticles,
    SessSearches,
    SessCopied,
    SessWrapup,
    SessSearch,
    SessHits,
    SessOpen,
    SessCopy,
    SessSuggested,
    SessDismissed,
    SessResumed,
    SessHold,
    SessUndismissed,
    SessHoldEnd,
    SessCustomer,
    SessFlag,
    SessHelpful,
    SessNotHelpful,
    SessFlagResolved,
    SessFeedback,
    FlagOutdated,
    FlagWrong,
    FlagMissing,
    FlagUnclear,
    FlagSuggestion,
    FlagTitle,
    FlagTitleService,
    FlagKind,
    FlagComment,
    FlagStep,
    FlagHint,
    FlagSaved,
    FlagNoArticle,
    VotedHelpful,
    VotedNotHelpful,
    NothingToVote,
    ActFlag,
    ActFlagService,
    ActHelpful,
    ActNotHelpful,
    ActFlagPair,
    HintFlag,
    HintDraft,
    ActVotePair,
    ReaderOwner,
    ReviewDue,
    StatusDraft,
    StatusArchived,
    FbId,
    FbWhen,
    FbArticle,
    FbKind,
    FbComment,
    FbStatus,
    FbOwner,
    FbCall,
    FbOpen,
    FbChanged,
    FbGone,
    FbResolved,
    FbNone,
    FbNoOwner,
    FbService,
    FbResolvedOk,
    FbAlreadyResolved,
    FbInbox,
    FbCount,
    CliNoFlag,
    CliSeveralFlags,
    CliBadSince,
    CliBadKind,
    CallOnHold,
    CallTime,
    HoldSince,
    HoldLasted,
    HoldOn,
    HoldOff,
    NoCallToHold,
    CallStarted,
    AbandonConfirm,
    CallAbandoned,
    CustomerTitle,
    CustomerName,
    CustomerReference,
    CustomerHint,
    CustomerSaved,
    PastCallsTitle,
    PastCallsNone,
    PastCallsLoading,
    PastCallsNeedRef,
    PastCallsHint,
    PastNoOutcome,
    EditingTurn,
    EditHint,
    TurnCorrected,
    NothingToEdit,
    DismissUndone,
    NothingToUndo,
    PlaceholderGap,
    WrapUpDuration,
    WrapUpHeld,
    WrapUpArticles,
    WrapUpNone,
    WrapUpNewLine,
    ActHold,
    ActNewCall,
    ActCustomer,
    ActPastCalls,
    ActEditTurn,
    ActUndoDismiss,
    SessEnded,
    SessUnknown,
    SessNone,
    SessNoCalls,
    SessDamaged,
    // Scorecards, grades and the training report.
    ScTitle,
    ScScenario,
    ScTrainee,
    ScRubric,
    ScVersion,
    ScScore,
    ScHandle,
    ScFirstArticleLabel,
    ScHandleTarget,
    ScHandleNoTarget,
    ScFirstArticle,
    ScNoFirstArticle,
    ScPassed,
    ScFailed,
    ScAutoFailed,
    ScProvisional,
    ScCriticalFailures,
    ScCriticalCall,
    ScCriticalSection,
    ScWeight,
    ScBonus,
    ScReviews,
    ScTurn,
    ScOutcomeMet,
    ScOutcomePartial,
    ScOutcomeMissed,
    ScOutcomeNa,
    ScOutcomeOpen,
    ScOverlayHint,
    EvOpened,
    EvOpenedLate,
    EvNotOpened,
    EvSaid,
    EvSaidLate,
    EvNotSaid,
    EvInOrder,
    EvOutOfOrder,
    EvStepMissing,
    EvNotReached,
    EvAvoided,
    EvForbidden,
    EvCue,
    EvEmpathyShown,
    EvEmpathyMissing,
    EvNoCue,
    EvNoEmpathyNeeded,
    EvSilence,
    EvHandle,
    EvFirstArticle,
    EvNoRelevantArticle,
    EvFactAsked,
    EvFactNotAsked,
    EvFactNotVerified,
    EvWrapup,
    EvNoWrapup,
    EvGraded,
    EvGradedNa,
    EvNeedsPerson,
    EvNothingToCheck,
    RpNoAttempts,
    RpTrainee,
    RpScenario,
    RpAttempts,
    RpBest,
    RpLast,
    RpTrend,
    RpCertified,
    RpNotCertified,
    RpCertLine,
    RpAgreement,
    RpAgreementLine,
    RepGapsNoResults,
    RepGapsNothingOpened,
    RepCount,
    RepAgain,
    RepExamples,
    RepCalls,
    RepBestArticle,
    RepNone,
    RepGapsSummary,
    RepUsageSummary,
    RepUsageTitle,
    RepArticle,
    RepOpened,
    RepSuggestedOpened,
    RepCopied,
    RepHelpful,
    RepCumulative,
    RepNeverUsed,
    RepTitle,
    RepFaqSummary,
    RepFaqTitle,
    RepSize,
    RepCohesion,
    RepWords,
    RepDraftsWritten,
    RepStaleTitle,
    RepFlagsChanged,
    RepStaleSummary,
    RepOwner,
    RepNoOwner,
    RepReviewBy,
    RepLastOpened,
    RepFlags,
    RepWhy,
    RepPastReview,
    RepUnused,
    RepFlagged,
    RepNever,
    DraftProblem,
    DraftSteps,
    DraftToWrite,
    ActDraft,
    DraftWritten,
    DraftNoQuery,
    DraftFailed,
    CliScoreSaved,
    CliGraderEmpty,
    CliNoGrades,
    CliGradeShape,
    CliGradeUnknown,
    CliGradeNotManual,
    CliGradeTooMany,
    CliGraded,
    EvStepLate,
    CliTrainWhat,
    // Command-line messages (`{}` marks where [`Msg::fill`] puts its values).
    BadLine,
    SessViaSearch,
    SessViaSuggestion,
    SessViaCue,
    SessViaLink,
    SessModeLive,
    SessModeTraining,
    CliNothingToSearch,
    CliNoMatch,
    CliStaleRefreshed,
    CliProblemsIn,
    CliIndexed,
    CliBuilt,
    CliUpToDate,
    CliRefreshed,
    CliIndexDir,
    CliIndexProblems,
    CliChecked,
    CliCheckedTraining,
    CliNoArticlesIn,
    CliWrote,
    CliConfigExists,
    CliCannotCreate,
    CliIsAFile,
    CliTokenFileUnreadable,
    CliTokenFileEmpty,
    CliNoFolder,
    CliDefaultSettings,
    CliNoCall,
    CliSeveralCalls,
    CliSayFormat,
    CliBundledCues,
    KnownTags,
    KnownCategories,
    CliBundledReplies,
    PracticeBadge,
    ReplayBadge,
    CustomerEnded,
    PracticeSaved,
    PracticeDiscarded,
    ActDiscard,
    ActReplayPause,
    ActReplayStep,
    ActReplayBack,
    ActReplaySeekForward,
    ActReplaySeekBack,
    ActReplayFaster,
    ActReplaySlower,
    ActComment,
    CommentNoTurn,
    CommentSaved,
    CommentPrompt,
    ReplayPlaying,
    ReplayPaused,
    Timeline,
    TlSearch,
    TlGone,
    TlUndismiss,
    TlOpen,
    TlClose,
    TlSuggest,
    TlDismiss,
    TlWrapup,
    TlCue,
    TlComment,
    DiffEasy,
    DiffMedium,
    DiffHard,
    CliTrainHeader,
    CliNoScenarios,
    CliUnknownScenario,
    CliScenarioInvalid,
    CliTrainHint,
    CliReplayEmpty,
    HostWaiting,
    TcActQuit,
    TcActHelp,
    TcActSend,
    TcActSwitch,
    TcActTakeOver,
    TcActFire,
    TcActSkip,
    TcActPause,
    TcActScore,
    TcActUp,
    TcActDown,
    TcActPageUp,
    TcActPageDown,
    TcActBack,
    TcAnytime,
    TcClosed,
    TcComment,
    TcConnecting,
    TcConversation,
    TcCopied,
    TcCounts,
    TcCustomerInput,
    TcCustomerIs,
    TcDeadAir,
    TcDismissed,
    TcDriving,
    TcDropped,
    TcElapsed,
    TcElapsedTarget,
    TcEnds,
    TcHelpClose,
    TcHelpNote,
    TcHelpTitle,
    TcHiddenFacts,
    TcHintFire,
    TcHintHelp,
    TcHintPause,
    TcHintScore,
    TcHintTakeOver,
    TcHold,
    TcHoldEnd,
    TcJoinedDriver,
    TcJoinedObserver,
    TcNoCallYet,
    TcNoManualItems,
    TcNotReading,
    TcObserverOnly,
    TcObserving,
    TcOpened,
    TcPausedLine,
    TcReading,
    TcRefused,
    TcRefusedCommand,
    TcReply,
    TcResumedLine,
    TcRoleCard,
    TcScoreHint,
    TcScoreNothing,
    TcScoreSent,
    TcScoreTitle,
    TcScored,
    TcScript,
    TcScriptEnded,
    TcSearched,
    TcSuggested,
    TcTakenOver,
    TcTooSmall,
    TcTrainer,
    TcTrigDelay,
    TcTrigFollow,
    TcTrigOpened,
    TcTrigSaid,
    TcTrigSilence,
    TcTrigStart,
    TcVerify,
    TcWaitingCall,
    TcWhisperInput,
    TcWhispered,
    TcWrappedUp,
    CliHostNeedsScenario,
    SessCoaching,
    SessCue,
    SessReply,
    SessPause,
    SessPauseEnd,
    HostConnected,
    HostDropped,
    TrainerPaused,
    TrainerResumed,
    TrainerScored,
    PausedBadge,
    WhisperLabel,
    // The contact center's record (`apunte center`, its status-bar segment).
    CenterNotConfigured,
    CenterBadUrl,
    CenterPasswordInUrl,
    CenterPasswordFile,
    CenterPasswordFileOpen,
    CenterDbError,
    CenterSchemaNewer,
    CenterSchemaOlder,
    CenterMigrated,
    CenterUpToDate,
    CenterShipped,
    CenterDamaged,
    CenterPartial,
    CenterStatusDb,
    CenterStatusUnreachable,
    CenterStatusSchema,
    CenterStatusPendingNone,
    CenterStatusPending,
    CenterStatusPartial,
    CenterStatusDamaged,
    CenterBarOffline,
    CenterBarBehind,
    CenterFetched,
    CenterBadDate,
    CenterBarCatchingUp,
    CenterCaFile,
    CenterTlsRefused,
    CenterTlsUntrusted,
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

    /// The text with each `{}` replaced by the next value, in order.
    pub fn fill(self, lang: Lang, values: &[&dyn std::fmt::Display]) -> String {
        fill(self.text(lang), values)
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
            SuggestSimilar => ("≈ {} parecidos: {}", "≈ {} similar: {}"),
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
            HintEndCall => ("terminar", "end call"),
            NoCallYet => ("sin llamada todavía", "no call yet"),
            HintSearch => ("buscar", "search"),
            HintPane => ("panel", "pane"),
            HintQuit => ("salir", "quit"),
            HintMessages => ("mensajes", "messages"),
            MessagesTitle => ("Mensajes", "Messages"),
            MessagesEmpty => ("Ningún mensaje todavía", "No messages yet"),
            MessagesClose => ("↑↓ desplaza · Esc cierra", "↑↓ scroll · Esc closes"),
            Copied => ("Copiado", "Copied"),
            CopiedDraft => (
                "Copiado y puesto como borrador",
                "Copied and put in the input as a draft",
            ),
            CopiedAppended => (
                "Copiado y añadido al final del borrador",
                "Copied and added at the end of the draft",
            ),
            CopiedStep => (
                "Paso copiado al portapapeles (es una instrucción: no va al borrador)",
                "Step copied to the clipboard (an instruction: not put in the draft)",
            ),
            QuitConfirm => (
                "Llamada en curso: se podrá retomar al volver. ¿Salir? (s/n)",
                "A call is in progress; it can be resumed next time. Quit? (y/n)",
            ),
            DiscardConfirm => (
                "¿Descartar esta práctica? Se borra y no se puntúa. (s/n)",
                "Discard this practice? It is deleted, never scored. (y/n)",
            ),
            TooSmall => ("Terminal demasiado pequeña", "Terminal too small"),
            HelpTitle => ("Teclas", "Keys"),
            HelpClose => ("Esc o ? cierra la ayuda", "Esc or ? closes this help"),
            HelpSlashNote => (
                "/ y ? se escriben como texto salvo con la entrada vacía",
                "/ and ? are typed as text unless the input is empty",
            ),
            BadLines => ("líneas ilegibles", "unreadable lines"),
            RedactionOff => ("se guarda sin enmascarar", "saved unmasked"),
            Refused => (
                "conexiones rechazadas (token)",
                "connections refused (token)",
            ),
            RefusedOne => ("conexión rechazada (token)", "connection refused (token)"),
            Busy => (
                "clientes cerrados (demasiados a la vez)",
                "clients closed (too many at once)",
            ),
            BusyOne => (
                "cliente cerrado (demasiados a la vez)",
                "client closed (too many at once)",
            ),
            KnowledgeUpdated => ("conocimiento actualizado", "knowledge updated"),
            KnowledgeAdded => ("nuevos", "added"),
            KnowledgeChanged => ("cambiados", "changed"),
            KnowledgeRemoved => ("quitados", "removed"),
            KnowledgeProblem => (
                "el artículo sigue como estaba",
                "the article stays as it was",
            ),
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
                "salir (confirma si hay llamada; queda para retomarla)",
                "quit (asks first; an open call can be resumed later)",
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
                "copiar resumen, frase o paso (paso: no al borrador)",
                "copy summary, phrase or step (step: not to the draft)",
            ),
            ActSwitchSpeaker => ("cambiar quién habla", "switch who is speaking"),
            ActHelp => ("esta ayuda", "this help"),
            ActCloseReader => ("cerrar el artículo", "close the article"),
            ActMouse => (
                "ratón: clic, rueda (off: seleccionar texto)",
                "mouse: click, wheel (off: select text)",
            ),
            ActShowMore => (
                "turnos largos: enteros o abreviados",
                "long turns: in full or shortened",
            ),
            TurnMore => ("KB más", "KB more"),
            TurnsInFull => ("Turnos largos enteros", "Long turns shown in full"),
            TurnsShortened => ("Turnos largos abreviados", "Long turns shortened"),
            ActNextLink => (
                "artículo: siguiente referencia (Enter la abre)",
                "article: next cross-reference (Enter opens it)",
            ),
            ActPrevLink => (
                "artículo: referencia anterior",
                "article: previous cross-reference",
            ),
            ActLinks => (
                "artículo: enlace siguiente / anterior (Enter lo abre)",
                "article: next / previous link (Enter opens it)",
            ),
            ActArticleBack => (
                "volver al artículo anterior, donde estaba",
                "back to the previous article, where it was",
            ),
            ActMessagesMore => (
                "avisos enteros / textos largos: enteros o abreviados",
                "notices in full / long text: in full or shortened",
            ),
            ActMessages => (
                "mensajes: el texto completo de cada aviso",
                "messages: every notice in full",
            ),
            MouseOn => (
                "Ratón activado: clic selecciona, rueda desplaza",
                "Mouse on: click selects, wheel scrolls",
            ),
            MouseOff => (
                "Ratón desactivado: el terminal selecciona texto para copiar",
                "Mouse off: the terminal selects text to copy",
            ),
            ActDismiss => (
                "descartar la sugerencia (en esta llamada)",
                "dismiss the suggestion (for this call)",
            ),
            ActOpenCue => (
                "abrir la guía de la última señal ◆",
                "open the guideline of the last ◆ cue",
            ),
            ActEndCall => (
                "terminar la llamada (cierre: resultado y nota)",
                "end the call (wrap-up: outcome and note)",
            ),
            ActUpDown => ("subir / bajar en listas", "move up / down in lists"),
            ActPageUpDown => ("artículo: página arriba / abajo", "article: page up / down"),
            ActPanes => ("panel siguiente / anterior", "next / previous pane"),
            ActDismissUndo => (
                "descartar la sugerencia (en esta llamada) / deshacer",
                "dismiss the suggestion (for this call) / undo",
            ),
            ActCustomerPast => (
                "cliente: nombre y referencia / sus llamadas anteriores",
                "customer: name and reference / their past calls",
            ),
            ActHoldNewCall => (
                "espera (y vuelta) / nueva llamada, sin resultado",
                "hold (and back) / new call, no outcome",
            ),
            DispResolved => ("Resuelta", "Resolved"),
            DispEscalated => ("Escalada", "Escalated"),
            DispCallback => ("Devolver la llamada", "Call back"),
            DispOther => ("Otro", "Other"),
            WrapUpTitle => ("Cierre de la llamada", "Call wrap-up"),
            WrapUpNote => ("Nota", "Note"),
            WrapUpHint => (
                "1-4 o ↑↓ resultado · Tab nota · Enter guarda · Esc vuelve",
                "1-4 or ↑↓ outcome · Tab note · Enter saves · Esc goes back",
            ),
            CallSaved => (
                "Llamada guardada; empieza una nueva",
                "Call saved; a new call starts",
            ),
            NoCallToEnd => ("No hay llamada que terminar todavía", "No call to end yet"),
            ResumeTitle => ("Llamada sin terminar", "Unfinished call"),
            ResumeQuestion => (
                "apunte se cerró en mitad de una llamada. ¿Retomarla?",
                "apunte stopped in the middle of a call. Resume it?",
            ),
            ResumeHint => (
                "Enter/r retomar · n llamada nueva (la otra queda cerrada)",
                "Enter/r resume · n new call (the other one is closed)",
            ),
            Resumed => (
                "Llamada retomada; turnos recuperados",
                "Call resumed; turns restored",
            ),
            Turns => ("turnos", "turns"),
            Started => ("empezó", "started"),
            Dismissed => (
                "Sugerencia descartada para esta llamada",
                "Suggestion dismissed for this call",
            ),
            FeedConnected => ("Transcripción conectada", "Transcript connected"),
            FeedDisconnected => ("Transcripción desconectada", "Transcript disconnected"),
            FeedListening => ("escuchando en {}", "listening on {}"),
            FeedWaiting => ("esperando {}", "waiting for {}"),
            FeedFollowing => ("siguiendo {}", "following {}"),
            FeedPeer => ("{} conectado", "{} connected"),
            FeedPeers => ("{} conectados", "{} connected"),
            FeedNoPeer => ("desconectado", "disconnected"),
            CueOpenHint => ("abre la guía", "opens the guide"),
            NewSuggestion => ("+{} sugerencia ({})", "+{} suggestion ({})"),
            NewSuggestions => ("+{} sugerencias ({})", "+{} suggestions ({})"),
            TurnBelow => ("↓ {} turno nuevo abajo ({})", "↓ {} new turn below ({})"),
            TurnsBelow => ("↓ {} turnos nuevos abajo ({})", "↓ {} new turns below ({})"),
            HelpEnterSend => (
                "Enter en la entrada añade el turno",
                "Enter in the input adds the turn",
            ),
            HelpReplies => (
                "; + palabras: respuestas rápidas (Enter inserta)",
                "; + words: quick replies (Enter inserts)",
            ),
            SessCall => ("Llamada", "Call"),
            SessStarted => ("Inicio", "Started"),
            SessDuration => ("Duración", "Duration"),
            SessTurns => ("Turnos", "Turns"),
            SessOutcome => ("Cierre", "Outcome"),
            SessUnfinished => ("sin terminar", "unfinished"),
            SessAbandoned => ("abandonada", "abandoned"),
            SessAgent => ("Agente", "Agent"),
            SessMode => ("Modo", "Mode"),
            SessTranscript => ("Transcripción", "Transcript"),
            SessNotes => ("Notas", "Notes"),
            SessArticles => ("Artículos consultados", "Articles consulted"),
            SessSearches => ("Búsquedas", "Searches"),
            SessCopied => ("Texto copiado", "Copied text"),
            SessWrapup => ("Cierre", "Wrap-up"),
            SessSearch => ("búsqueda", "search"),
            SessHits => ("resultados", "hits"),
            SessOpen => ("abierto", "opened"),
            SessCopy => ("copiado", "copied"),
            SessSuggested => ("sugeridos", "suggested"),
            SessDismissed => ("descartado", "dismissed"),
            SessResumed => ("llamada reanudada", "call resumed"),
            SessUndismissed => ("descarte deshecho", "dismiss undone"),
            SessHold => ("en espera", "on hold"),
            SessHoldEnd => ("fin de la espera", "back from hold"),
            SessCustomer => ("Cliente", "Customer"),
            SessFlag => ("marcado", "flagged"),
            SessHelpful => ("útil", "helpful"),
            SessNotHelpful => ("no útil", "not helpful"),
            SessFlagResolved => ("marca resuelta", "flag resolved"),
            SessFeedback => ("Avisos sobre los artículos", "Feedback on the articles"),
            FlagOutdated => ("desactualizado", "outdated"),
            FlagWrong => ("incorrecto", "wrong"),
            FlagMissing => ("falta información", "missing information"),
            FlagUnclear => ("poco claro", "unclear"),
            FlagSuggestion => ("sugerencia", "suggestion"),
            FlagTitle => ("Marcar: {}", "Flag: {}"),
            FlagTitleService => ("Sugerencia (sin artículo)", "Suggestion (no article)"),
            FlagKind => ("Motivo", "Kind"),
            FlagComment => ("Comentario", "Comment"),
            FlagStep => ("Paso {}: {}", "Step {}: {}"),
            FlagHint => (
                "1-5/↑↓ motivo · Tab comentario · Intro guarda · Esc cancela",
                "1-5/↑↓ kind · Tab comment · Enter saves · Esc cancels",
            ),
            FlagSaved => ("Marca guardada: {} ({})", "Flag recorded: {} ({})"),
            FlagNoArticle => (
                "Sin artículo abierto: la sugerencia va sin artículo",
                "No article open: the suggestion goes without one",
            ),
            VotedHelpful => ("Anotado como útil: {}", "Noted as helpful: {}"),
            VotedNotHelpful => ("Anotado como no útil: {}", "Noted as not helpful: {}"),
            NothingToVote => (
                "Abra un artículo o seleccione una sugerencia primero",
                "Open an article or select a suggestion first",
            ),
            ActFlag => (
                "marcar el artículo (o el paso seleccionado)",
                "flag the article (or the selected step)",
            ),
            ActFlagService => (
                "sugerencia sobre el servicio (sin artículo)",
                "suggestion about the service (no article)",
            ),
            ActHelpful => ("el artículo sirvió", "the article helped"),
            ActNotHelpful => ("el artículo no sirvió", "the article did not help"),
            ActFlagPair => (
                "marcar el artículo o el paso / sugerencia sin artículo",
                "flag the article or step / suggestion with no article",
            ),
            HintFlag => ("marcar", "flag"),
            HintDraft => ("borrador", "draft"),
            ActVotePair => (
                "el artículo sirvió / no sirvió",
                "the article helped / did not",
            ),
            ReaderOwner => ("responsable: {}", "owner: {}"),
            ReviewDue => ("revisión pendiente", "review due"),
            StatusDraft => ("borrador", "draft"),
            StatusArchived => ("archivado", "archived"),
            FbId => ("ID", "ID"),
            FbWhen => ("Fecha", "Date"),
            FbArticle => ("Artículo", "Article"),
            FbKind => ("Motivo", "Kind"),
            FbComment => ("Comentario", "Comment"),
            FbStatus => ("Estado", "Status"),
            FbOwner => ("Responsable", "Owner"),
            FbCall => ("Llamada", "Call"),
            FbOpen => ("abierta", "open"),
            FbChanged => (
                "artículo cambiado desde entonces: quizá resuelta",
                "article changed since: possibly addressed",
            ),
            FbGone => ("el artículo ya no existe", "the article no longer exists"),
            FbResolved => ("resuelta", "resolved"),
            FbNone => ("Ninguna marca.", "No flags."),
            FbNoOwner => ("(sin responsable)", "(no owner)"),
            FbService => ("(servicio)", "(service)"),
            FbResolvedOk => ("Marca {} resuelta.", "Flag {} resolved."),
            FbAlreadyResolved => (
                "La marca {} ya estaba resuelta.",
                "Flag {} was already resolved.",
            ),
            FbInbox => ("Buzón de marcas", "Flags inbox"),
            FbCount => ("{} marcas, {} abiertas", "{} flags, {} open"),
            CliNoFlag => (
                "no hay ninguna marca con el id {}; `apunte feedback list` muestra los ids",
                "no flag with id {}; `apunte feedback list` shows the ids",
            ),
            CliSeveralFlags => (
                "{} corresponde a varias marcas ({}); escriba más caracteres del id",
                "{} matches several flags ({}); type more of the id",
            ),
            CliBadSince => (
                "--since {} no es una fecha: escríbala como AAAA-MM-DD",
                "--since {} is not a date: write it as YYYY-MM-DD",
            ),
            CliBadKind => (
                "--kind {} no es un motivo conocido; use uno de: {}",
                "--kind {} is not a known kind; use one of: {}",
            ),
            CallOnHold => ("EN ESPERA", "ON HOLD"),
            CallTime => ("llamada", "call"),
            HoldSince => ("en espera desde {}", "on hold since {}"),
            HoldLasted => ("en espera a las {} durante {}", "on hold at {} for {}"),
            HoldOn => ("Cliente en espera", "Customer on hold"),
            HoldOff => ("Fin de la espera ({})", "Back from hold ({})"),
            NoCallToHold => (
                "No hay llamada que poner en espera",
                "No call to put on hold",
            ),
            CallStarted => ("Llamada empezada", "Call started"),
            AbandonConfirm => (
                "¿Abandonar esta llamada sin resultado? (s/n)",
                "Abandon this call without an outcome? (y/n)",
            ),
            CallAbandoned => (
                "Llamada abandonada, sin resultado",
                "Call abandoned, no outcome",
            ),
            CustomerTitle => ("Cliente en línea", "Who is on the line"),
            CustomerName => ("Nombre", "Name"),
            CustomerReference => (
                "Referencia (cuenta, incidencia)",
                "Reference (account, ticket)",
            ),
            CustomerHint => (
                "Tab cambia de campo · Enter guarda · Esc cancela",
                "Tab switches field · Enter saves · Esc cancels",
            ),
            CustomerSaved => ("Cliente guardado", "Customer saved"),
            PastCallsTitle => ("Llamadas anteriores", "Past calls"),
            PastCallsNone => (
                "Ninguna llamada anterior con esta referencia",
                "No past calls with this reference",
            ),
            PastCallsLoading => (
                "Buscando en las llamadas guardadas…",
                "Looking through the saved calls…",
            ),
            PastCallsNeedRef => (
                "Primero indique la referencia del cliente",
                "Set the customer’s reference first",
            ),
            PastCallsHint => ("↑↓ mueven · Esc cierra", "↑↓ move · Esc closes"),
            PastNoOutcome => ("sin resultado", "no outcome"),
            EditingTurn => ("Corrigiendo el turno {}", "Fixing turn {}"),
            EditHint => ("Enter guarda · Esc cancela", "Enter saves · Esc cancels"),
            TurnCorrected => ("Turno {} corregido", "Turn {} fixed"),
            NothingToEdit => ("No hay turno que corregir", "No turn to fix"),
            DismissUndone => ("Sugerencia recuperada", "Suggestion back"),
            NothingToUndo => ("Nada que deshacer", "Nothing to undo"),
            PlaceholderGap => ("Complete {} antes de enviar", "Fill in {} before sending"),
            WrapUpDuration => ("Duración", "Duration"),
            WrapUpHeld => ("en espera", "on hold"),
            WrapUpArticles => ("Artículos usados", "Articles used"),
            WrapUpNone => ("ninguno", "none"),
            WrapUpNewLine => ("Alt-Enter: nueva línea", "Alt-Enter: new line"),
            ActHold => (
                "poner en espera / retomar al cliente",
                "put the customer on hold / back",
            ),
            ActNewCall => (
                "nueva llamada (abandona la actual sin resultado)",
                "new call (abandons this one, no outcome)",
            ),
            ActCustomer => (
                "cliente en línea: nombre y referencia",
                "who is on the line: name and reference",
            ),
            ActPastCalls => (
                "llamadas anteriores de este cliente",
                "past calls of this customer",
            ),
            ActEditTurn => (
                "corregir el último turno (texto o quién habla)",
                "fix the last turn (text or speaker)",
            ),
            ActUndoDismiss => ("deshacer el último descarte", "undo the last dismiss"),
            SessEnded => ("fin", "end"),
            SessUnknown => ("entrada desconocida", "unknown entry"),
            SessNone => ("(nada)", "(none)"),
            SessNoCalls => (
                "Aún no hay llamadas guardadas en",
                "No calls journaled yet in",
            ),
            SessDamaged => ("líneas dañadas omitidas", "damaged lines skipped"),
            ScTitle => ("Evaluación", "Scorecard"),
            ScScenario => ("Escenario", "Scenario"),
            ScTrainee => ("Alumno", "Trainee"),
            ScRubric => ("Rúbrica", "Rubric"),
            ScVersion => ("versión", "version"),
            ScScore => ("Nota", "Score"),
            ScHandle => ("Tiempo de gestión", "Handle time"),
            ScFirstArticleLabel => ("Primer artículo útil", "First relevant article"),
            ScHandleTarget => ("{} (objetivo {})", "{} (target {})"),
            ScHandleNoTarget => ("{} (sin objetivo)", "{} (no target)"),
            ScFirstArticle => ("a los {}: {} (turno {})", "at {}: {} (turn {})"),
            ScNoFirstArticle => ("no se abrió ninguno", "none opened"),
            ScPassed => ("aprobada (aprobado desde {} %)", "passed (pass mark {} %)"),
            ScFailed => (
                "no aprobada (aprobado desde {} %)",
                "not passed (pass mark {} %)",
            ),
            ScAutoFailed => ("suspensa por un fallo crítico", "failed on a critical item"),
            ScProvisional => (
                "provisional: faltan puntos que evalúa una persona",
                "provisional: items wait for a person",
            ),
            ScCriticalFailures => ("Fallos críticos", "Critical failures"),
            ScCriticalCall => ("crítico: toda la llamada", "critical: whole call"),
            ScCriticalSection => ("crítico: la sección", "critical: section"),
            ScWeight => ("peso", "weight"),
            ScBonus => ("extra", "bonus"),
            ScReviews => ("Comentarios de revisión", "Review comments"),
            ScTurn => ("turno", "turn"),
            ScOutcomeMet => ("cumplido", "met"),
            ScOutcomePartial => ("en parte", "partly met"),
            ScOutcomeMissed => ("no cumplido", "missed"),
            ScOutcomeNa => ("no aplica", "N/A"),
            ScOutcomeOpen => ("pendiente de una persona", "waiting for a person"),
            ScOverlayHint => ("↑↓ desplazar · Esc cerrar", "↑↓ scroll · Esc close"),
            EvOpened => ("abrió {}", "opened {}"),
            EvOpenedLate => ("abrió {} después de {}", "opened {} after {}"),
            EvNotOpened => ("no abrió {}", "did not open {}"),
            EvSaid => ("dijo {}: {}", "said {}: {}"),
            EvSaidLate => ("dijo {} demasiado tarde: {}", "said {} too late: {}"),
            EvNotSaid => ("no dijo {}", "did not say {}"),
            EvInOrder => ("{} antes de {}", "{} before {}"),
            EvOutOfOrder => ("{} antes que {}", "{} came before {}"),
            EvStepMissing => ("{} sin {} antes", "{} without {} first"),
            EvNotReached => ("no llegó a {} (no aplica)", "{} never happened (N/A)"),
            EvAvoided => ("no dijo nada de: {}", "said none of: {}"),
            EvForbidden => ("dijo {}: {}", "said {}: {}"),
            EvCue => ("señal del cliente: {}", "customer cue: {}"),
            EvEmpathyShown => ("empatía {}: {}", "empathy {}: {}"),
            EvEmpathyMissing => ("sin empatía en la respuesta", "no empathy in the answer"),
            EvNoCue => (
                "el cliente no dio ocasión (no aplica)",
                "no moment called for it (N/A)",
            ),
            EvNoEmpathyNeeded => (
                "el escenario no la pide (no aplica)",
                "the scenario does not ask for it (N/A)",
            ),
            EvSilence => (
                "silencio más largo {} (máx. {})",
                "longest silence {} (max {})",
            ),
            EvHandle => ("duró {} (objetivo {})", "took {} (target {})"),
            EvFirstArticle => (
                "primer artículo útil {} a los {}",
                "first relevant article {} at {}",
            ),
            EvNoRelevantArticle => (
                "no abrió ningún artículo útil",
                "opened no relevant article",
            ),
            EvFactAsked => ("preguntó por {}: {}", "asked for {}: {}"),
            EvFactNotAsked => ("no preguntó por {}", "never asked for {}"),
            EvFactNotVerified => ("{} sin verificar antes de {}", "{} not verified before {}"),
            EvWrapup => ("cierre registrado: {}", "wrap-up recorded: {}"),
            EvNoWrapup => ("sin cierre registrado", "no wrap-up recorded"),
            EvGraded => ("{} puntuó {} de {}", "{} gave {} of {}"),
            EvGradedNa => ("{} puntuó no aplica", "{} gave N/A"),
            EvNeedsPerson => (
                "lo evalúa una persona: `apunte train grade`",
                "scored by a person: `apunte train grade`",
            ),
            EvNothingToCheck => (
                "nada que comprobar en esta llamada (no aplica)",
                "nothing to check in this call (N/A)",
            ),
            RpNoAttempts => (
                "Aún no hay llamadas de práctica (apunte train ESCENARIO).",
                "No practice calls yet (apunte train SCENARIO).",
            ),
            RpTrainee => ("{}: {} intentos, tendencia {}", "{}: {} attempts, trend {}"),
            RpScenario => ("escenario", "scenario"),
            RpAttempts => ("intentos", "attempts"),
            RpBest => ("mejor", "best"),
            RpLast => ("última", "last"),
            RpTrend => ("tend.", "trend"),
            RpCertified => ("certificado", "certified"),
            RpNotCertified => ("aún no", "not yet"),
            RpCertLine => (
                "{}: {} ({} de {} necesarios, de {} escenarios, con {} % o más)",
                "{}: {} ({} of {} needed, of {} scenarios, at {} % or more)",
            ),
            RpAgreement => (
                "Acuerdo entre evaluadores (puntos manuales):",
                "Agreement between graders (manual items):",
            ),
            RpAgreementLine => (
                "{}: {} / {} — {} llamadas, {} % de acuerdo, κ {}",
                "{}: {} / {} — {} calls, {} % agreement, κ {}",
            ),
            RepGapsNoResults => ("Búsquedas sin resultados", "Searches with no results"),
            RepGapsNothingOpened => (
                "Búsquedas con resultados, ninguno abierto",
                "Searches with results, none opened",
            ),
            RepCount => ("veces", "times"),
            RepAgain => ("repetida", "again"),
            RepExamples => ("ejemplos", "examples"),
            RepCalls => ("llamadas", "calls"),
            RepBestArticle => ("mejor artículo ahora", "best article now"),
            RepNone => ("ninguno", "none"),
            RepGapsSummary => (
                "{} llamadas, {} búsquedas: {} sin resultados, {} con resultados sin abrir ninguno",
                "{} calls, {} searches: {} with no results, {} with results but none opened",
            ),
            RepUsageSummary => (
                "Tasa de enlace {} %: {} de {} llamadas con al menos un artículo. {} de {} artículos usados hacen el 80 % de los usos; {} sin usar.",
                "Link rate {} %: {} of {} calls linked to at least one article. {} of {} used articles make 80 % of the uses; {} never used.",
            ),
            RepUsageTitle => (
                "Reutilización de artículos (Pareto)",
                "Article reuse (Pareto)",
            ),
            RepArticle => ("artículo", "article"),
            RepOpened => ("abierto", "opened"),
            RepSuggestedOpened => ("sugerido y abierto", "suggested+opened"),
            RepCopied => ("copiado", "copied"),
            RepHelpful => ("útil", "helpful"),
            RepCumulative => ("acumulado", "cumulative"),
            RepNeverUsed => ("Artículos nunca usados", "Articles never used"),
            RepTitle => ("título", "title"),
            RepFaqSummary => (
                "{} preguntas de {} llamadas, {} grupos frecuentes",
                "{} questions from {} calls, {} frequent groups",
            ),
            RepFaqTitle => ("Preguntas frecuentes", "Frequent questions"),
            RepSize => ("preguntas", "questions"),
            RepCohesion => ("cohesión", "cohesion"),
            RepWords => ("palabras", "words"),
            RepDraftsWritten => ("{} borradores escritos en {}", "{} drafts written in {}"),
            RepFlagsChanged => (
                "{} ({} con el artículo cambiado después)",
                "{} ({} with the article changed since)",
            ),
            RepStaleTitle => (
                "Artículos por revisar, por responsable",
                "Articles to review, by owner",
            ),
            RepStaleSummary => (
                "{} artículos por revisar: {} pasada la fecha de revisión, {} sin abrir en {} días, {} con avisos abiertos",
                "{} articles to review: {} past their review date, {} not opened in {} days, {} with open flags",
            ),
            RepOwner => ("responsable", "owner"),
            RepNoOwner => ("(sin responsable)", "(no owner)"),
            RepReviewBy => ("revisar antes de", "review by"),
            RepLastOpened => ("abierto por última vez", "last opened"),
            RepFlags => ("avisos", "flags"),
            RepWhy => ("motivo", "why"),
            RepPastReview => ("revisión vencida", "review due"),
            RepUnused => ("sin abrir", "not opened"),
            RepFlagged => ("con avisos", "flagged"),
            RepNever => ("nunca", "never"),
            DraftProblem => (
                "Problema (palabras del cliente)",
                "Problem (the customer's words)",
            ),
            DraftSteps => ("Pasos", "Steps"),
            DraftToWrite => ("(por escribir)", "(to write)"),
            ActDraft => (
                "escribir un borrador de artículo desde esta búsqueda",
                "write a draft article from this search",
            ),
            DraftWritten => ("Borrador escrito: {}", "Draft written: {}"),
            DraftNoQuery => (
                "Escriba primero una búsqueda: el borrador toma su título de ella",
                "Type a search first: the draft takes its title from it",
            ),
            DraftFailed => (
                "No se pudo escribir el borrador: {}",
                "Could not write the draft: {}",
            ),
            CliScoreSaved => ("evaluación guardada: {} y {}", "scorecard saved: {} and {}"),
            CliGraderEmpty => (
                "indique quién evalúa: --grader NOMBRE",
                "say who grades: --grader NAME",
            ),
            CliNoGrades => (
                "indique los puntos: PUNTO=PUNTOS … (los que evalúa una persona: {})",
                "give the points: ITEM=POINTS … (the items a person scores: {})",
            ),
            CliGradeShape => (
                "{}: escriba PUNTO=PUNTOS (un número entero) o PUNTO=na",
                "{}: write ITEM=POINTS (a whole number) or ITEM=na",
            ),
            CliGradeUnknown => (
                "{}: la rúbrica no tiene ese punto (los que evalúa una persona: {})",
                "{}: the rubric has no such item (the items a person scores: {})",
            ),
            CliGradeNotManual => (
                "{}: ese punto lo puntúa la comprobación `{}`, no una persona",
                "{}: that item is scored by the check `{}`, not by a person",
            ),
            CliGradeTooMany => ("{}: como mucho {} puntos", "{}: {} points at most"),
            CliGraded => (
                "{} puntos de {} guardados en {}",
                "{} grades by {} saved in {}",
            ),
            EvStepLate => (
                "{} llegó después, demasiado tarde",
                "{} came only here, too late",
            ),
            CliTrainWhat => (
                "apunte train: diga qué hacer: score ID, grade ID o report",
                "apunte train: say what to do: score ID, grade ID or report",
            ),
            BadLine => ("línea ilegible", "unreadable line"),
            SessViaSearch => ("búsqueda", "search"),
            SessViaSuggestion => ("sugerencia", "suggestion"),
            SessViaCue => ("señal de empatía", "empathy cue"),
            SessViaLink => ("enlace", "link"),
            SessModeLive => ("en directo", "live"),
            SessModeTraining => ("formación", "training"),
            CliNothingToSearch => (
                "nada que buscar: escriba alguna palabra, p. ej. `apunte search cargo duplicado`",
                "nothing to search for: give some words, e.g. `apunte search cargo duplicado`",
            ),
            CliNoMatch => (
                "ningún artículo coincide con «{}» ({} artículos buscados): pruebe con menos palabras o con otras",
                "no articles match “{}” ({} articles searched): try fewer or other words",
            ),
            CliStaleRefreshed => (
                "apunte: los archivos de conocimiento cambiaron desde el índice que respondió ({} nuevos, {} cambiados, {} quitados); el índice ya está al día: repita la búsqueda para ver los resultados actuales",
                "apunte: the knowledge files changed since the index that answered ({} added, {} updated, {} removed); the index is now up to date: search again for current results",
            ),
            CliProblemsIn => (
                "apunte: {} en {}; `apunte check` da los detalles",
                "apunte: {} in {}; run `apunte check` for details",
            ),
            CliIndexed => (
                "{} indexados ({}): {} nuevos, {} cambiados, {} quitados en {} ms",
                "{} indexed ({}): {} added, {} updated, {} removed in {} ms",
            ),
            CliBuilt => ("construido desde cero", "built from scratch"),
            CliUpToDate => ("al día", "up to date"),
            CliRefreshed => ("actualizado", "refreshed"),
            CliIndexDir => ("índice: {}", "index: {}"),
            CliIndexProblems => (
                "{}: corríjalos y vuelva a ejecutar `apunte index` (`apunte check` valida sin indexar)",
                "{} found: fix them and run `apunte index` again (`apunte check` validates without indexing)",
            ),
            CliChecked => ("revisados {} en {}: {}, {}", "checked {} in {}: {}, {}"),
            CliCheckedTraining => (
                "revisados {} en {}, {}: {}, {}",
                "checked {} in {}, {}: {}, {}",
            ),
            CliNoArticlesIn => (
                "no hay artículos en {}: añada archivos Markdown (un artículo por archivo) o indique su carpeta de conocimiento con --knowledge",
                "no articles found in {}: add Markdown files (one article per file) or point --knowledge at your knowledge folder",
            ),
            CliWrote => ("escrito {}", "wrote {}"),
            CliConfigExists => (
                "{} ya existe: no se sobrescribe (muévalo antes para obtener uno nuevo comentado)",
                "{} already exists: not overwriting it (move it away first to get a fresh commented default)",
            ),
            CliCannotCreate => ("no se puede crear {}: {}", "cannot create {}: {}"),
            CliTokenFileUnreadable => (
                "--token-file {}: no se puede leer ({}): escriba el token en su primera línea",
                "--token-file {}: cannot read it ({}): write the token on its first line",
            ),
            CliTokenFileEmpty => (
                "--token-file {}:1: la primera línea está vacía: escriba el token en ella",
                "--token-file {}:1: the first line is empty: write the token on it",
            ),
            CliIsAFile => (
                "{} es un archivo, no una carpeta de conocimiento: indique con --knowledge DIR la carpeta que contiene los artículos Markdown",
                "{} is a file, not a knowledge folder: pass the folder that holds the Markdown articles with --knowledge DIR",
            ),
            CliNoFolder => (
                "la carpeta de conocimiento {} no existe: créela y añada artículos Markdown, o indique otra con --knowledge DIR",
                "knowledge folder {} does not exist: create it and add Markdown articles, or pass another with --knowledge DIR",
            ),
            CliDefaultSettings => (
                "apunte: se usan los ajustes por defecto",
                "apunte: using the default settings",
            ),
            CliNoCall => (
                "no hay ninguna llamada con id {} en {}; `apunte sessions list` muestra los ids (basta una parte única, como los 4 últimos caracteres)",
                "no call with id {} in {}; `apunte sessions list` shows the ids (a unique part, like the last 4 characters, is enough)",
            ),
            CliSeveralCalls => (
                "{} coincide con varias llamadas ({}); escriba más del id",
                "{} matches several calls ({}); type more of the id",
            ),
            KnownTags => ("etiquetas conocidas: {}", "known tags: {}"),
            KnownCategories => ("categorías conocidas: {}", "known categories: {}"),
            CliBundledCues => (
                "{}: no tiene cues.toml: se usan las señales de empatía incluidas (sin enlaces a guías); cree uno para cambiarlas",
                "{}: no cues.toml: the bundled empathy cues are used (without guideline links); add one to change them",
            ),
            CliBundledReplies => (
                "{}: no tiene replies.toml: se usan las respuestas rápidas incluidas ({}); cree uno para cambiarlas",
                "{}: no replies.toml: the bundled quick replies ({}) are used; add one to change them",
            ),
            CliSayFormat => (
                "indique el formato: `apunte sessions export {} --markdown` (el diario en sí son líneas JSON: `apunte sessions show {}` lo muestra legible)",
                "say the format: `apunte sessions export {} --markdown` (the journal itself is JSON lines: `apunte sessions show {}` prints it readably)",
            ),
            PracticeBadge => ("PRÁCTICA", "PRACTICE"),
            HostWaiting => ("formador: código {} en {}", "trainer: code {} at {}"),
            SessCoaching => ("formador", "coaching"),
            SessCue => ("señal de empatía", "empathy cue"),
            SessReply => ("respuesta rápida", "quick reply"),
            SessPause => ("pausa del formador", "paused by the trainer"),
            SessPauseEnd => ("fin de la pausa", "pause ended"),
            CliHostNeedsScenario => (
                "--host necesita un escenario: `apunte train --host [DIRECCIÓN] ESCENARIO` (la lista: `apunte train`)",
                "--host needs a scenario: `apunte train --host [ADDR] SCENARIO` (the list: `apunte train`)",
            ),
            TcActQuit => (
                "salir de la consola (la llamada del alumno sigue)",
                "leave the console (the trainee's call goes on)",
            ),
            TcActHelp => ("esta ayuda", "this help"),
            TcActSend => (
                "enviar lo escrito: susurro al alumno o frase del cliente",
                "send what is typed: a whisper to the trainee or a customer line",
            ),
            TcActSwitch => (
                "escribir susurros o frases del cliente",
                "type whispers or customer lines",
            ),
            TcActTakeOver => (
                "hacer de cliente (el guion espera) / devolverlo al guion",
                "play the customer (the script waits) / hand back to the script",
            ),
            TcActFire => (
                "decir ya la línea del guion elegida",
                "say the selected script line now",
            ),
            TcActSkip => (
                "saltar la línea del guion elegida",
                "skip the selected script line",
            ),
            TcActPause => (
                "pausar / reanudar la llamada (el tiempo se detiene)",
                "pause / resume the call (the clock stops)",
            ),
            TcActScore => (
                "puntuar los puntos manuales de la rúbrica y comentar",
                "score the rubric's manual items and comment",
            ),
            TcActUp => ("línea anterior del guion", "previous script line"),
            TcActDown => ("línea siguiente del guion", "next script line"),
            TcActPageUp => ("conversación: más atrás", "conversation: further back"),
            TcActPageDown => ("conversación: más adelante", "conversation: further on"),
            TcActBack => (
                "borrar lo escrito / cerrar un diálogo",
                "clear what is typed / close a dialog",
            ),
            TcAnytime => ("en cualquier momento", "at any time"),
            TcClosed => ("cierra {}", "closes {}"),
            TcComment => ("Comentario", "Comment"),
            TcConnecting => ("conectando con {}…", "connecting to {}…"),
            TcConversation => ("Conversación del alumno", "Trainee's conversation"),
            TcCopied => ("copia «{}»", "copies “{}”"),
            TcCounts => (
                "{} búsquedas · {} artículos · {} sugerencias vistas, {} descartadas · {} respuestas rápidas · {} señales de empatía",
                "{} searches · {} articles · {} suggestions shown, {} dismissed · {} quick replies · {} empathy cues",
            ),
            TcCustomerInput => ("Cliente (dice)", "Customer (says)"),
            TcCustomerIs => ("el cliente es {}", "the customer is {}"),
            TcDeadAir => ("silencio {}", "dead air {}"),
            TcDismissed => ("descarta {}", "dismisses {}"),
            TcDriving => ("dirige la llamada en {}", "driving the call at {}"),
            TcDropped => (
                "⚠ desconectado de {} ({}): reintentando con el mismo código",
                "⚠ disconnected from {} ({}): trying again with the same code",
            ),
            TcElapsed => ("llamada {}", "call {}"),
            TcElapsedTarget => ("llamada {} / objetivo {}", "call {} / target {}"),
            TcEnds => ("cuelga", "hangs up"),
            TcHelpClose => ("cualquier tecla cierra", "any key closes"),
            TcHelpNote => (
                "Lo que el alumno ve no cambia al salir de la consola; al volver con el mismo código llega toda la llamada.",
                "The trainee's call goes on when the console leaves; rejoining with the same code brings the whole call.",
            ),
            TcHelpTitle => ("Ayuda de la consola del formador", "Trainer's console help"),
            TcHiddenFacts => ("Datos ocultos", "Hidden facts"),
            TcHintFire => ("decir línea", "fire line"),
            TcHintHelp => ("ayuda", "help"),
            TcHintPause => ("pausa", "pause"),
            TcHintScore => ("puntuar", "score"),
            TcHintTakeOver => ("hacer de cliente", "take over"),
            TcHold => ("pone al cliente en espera", "puts the customer on hold"),
            TcHoldEnd => (
                "retoma al cliente tras {}",
                "takes the customer back after {}",
            ),
            TcJoinedDriver => (
                "conectado: dirige usted la llamada",
                "joined: you drive the call",
            ),
            TcJoinedObserver => (
                "conectado como observador (solo mira)",
                "joined as an observer (watch only)",
            ),
            TcNoCallYet => ("la llamada no ha empezado", "the call has not begun"),
            TcNoManualItems => (
                "la rúbrica no tiene puntos manuales; puede dejar un comentario",
                "the rubric has no manual items; a comment may still be left",
            ),
            TcNotReading => ("sin artículo abierto", "no article open"),
            TcObserverOnly => (
                "un observador solo mira: la llamada la dirige otro formador",
                "an observer only watches: another trainer drives the call",
            ),
            TcObserving => ("observa la llamada en {}", "observing the call at {}"),
            TcOpened => ("abre {} ({})", "opens {} ({})"),
            TcPausedLine => (
                "el formador pausa la llamada",
                "the trainer pauses the call",
            ),
            TcReading => ("leyendo {} desde hace {}", "reading {} for {}"),
            TcRefused => (
                "⚠ rechazado: {} (compruebe el código en la pantalla del alumno)",
                "⚠ refused: {} (check the code on the trainee's screen)",
            ),
            TcRefusedCommand => ("rechazado", "refused"),
            TcReply => ("usa la respuesta rápida «{}»", "uses the quick reply “{}”"),
            TcResumedLine => ("se reanuda tras {}", "resumed after {}"),
            TcRoleCard => ("Ficha del cliente", "Role card"),
            TcScoreHint => (
                "↑↓ punto · cifras puntos · n N/A · Intro envía · Esc cierra",
                "↑↓ item · digits points · n N/A · Enter sends · Esc closes",
            ),
            TcScoreNothing => (
                "nada que enviar: dé puntos o escriba un comentario",
                "nothing to send: give points or write a comment",
            ),
            TcScoreSent => (
                "puntuación enviada: se guarda con la llamada",
                "scores sent: saved with the call",
            ),
            TcScoreTitle => ("Puntuación del formador", "Trainer's scores"),
            TcScored => ("hoja de puntuación recibida", "scorecard received"),
            TcScript => ("Guion", "Script"),
            TcScriptEnded => ("terminado", "ended"),
            TcSearched => ("busca «{}» ({} resultados)", "searches “{}” ({} hits)"),
            TcSuggested => ("sugerencias: {}", "suggestions: {}"),
            TcTakenOver => ("usted hace de cliente", "you play the customer"),
            TcTooSmall => (
                "terminal demasiado pequeño para la consola (mínimo 40x8)",
                "terminal too small for the console (at least 40x8)",
            ),
            TcTrainer => ("FORMADOR", "TRAINER"),
            TcTrigDelay => ("a los {} s", "after {} s"),
            TcTrigFollow => ("a continuación", "right after"),
            TcTrigOpened => ("al abrir {}", "when {} is opened"),
            TcTrigSaid => ("si dice {}", "when told {}"),
            TcTrigSilence => ("tras {} s de silencio", "after {} s of silence"),
            TcTrigStart => ("al empezar", "at the start"),
            TcVerify => ("verificar", "verify"),
            TcWaitingCall => (
                "esperando la llamada del alumno…",
                "waiting for the trainee's call…",
            ),
            TcWhisperInput => ("Susurro al alumno", "Whisper to the trainee"),
            TcWhispered => ("susurro: {}", "whisper: {}"),
            TcWrappedUp => ("cierre de la llamada: {}", "call wrapped up: {}"),
            HostConnected => (
                "formador conectado · código {}",
                "trainer connected · code {}",
            ),
            HostDropped => (
                "formador desconectado: puede volver con el código {}",
                "trainer disconnected: they can rejoin with code {}",
            ),
            TrainerPaused => (
                "el formador ha pausado la llamada (el tiempo no corre)",
                "the trainer paused the call (the clock is stopped)",
            ),
            TrainerResumed => (
                "el formador ha reanudado la llamada",
                "the trainer resumed the call",
            ),
            TrainerScored => (
                "el formador ha puntuado la llamada",
                "the trainer scored the call",
            ),
            PausedBadge => ("⏸ PAUSA", "⏸ PAUSED"),
            WhisperLabel => ("Formador", "Trainer"),
            ReplayBadge => ("REPASO", "REPLAY"),
            CustomerEnded => (
                "el cliente ha colgado: cierre la llamada",
                "the customer hung up: wrap up the call",
            ),
            PracticeSaved => ("práctica guardada", "practice saved"),
            PracticeDiscarded => (
                "práctica descartada: su diario se ha borrado",
                "practice discarded: its journal was deleted",
            ),
            ActDiscard => (
                "descartar la práctica (pregunta, borra su diario y sale)",
                "discard the practice (asks, deletes its journal and leaves)",
            ),
            ActReplayPause => ("repaso: reproducir / pausa", "replay: play / pause"),
            ActReplayStep => ("repaso: un paso adelante", "replay: one step on"),
            ActReplayBack => ("repaso: un paso atrás", "replay: one step back"),
            ActReplaySeekForward => ("repaso: 10 s adelante", "replay: 10 s on"),
            ActReplaySeekBack => ("repaso: 10 s atrás", "replay: 10 s back"),
            ActReplayFaster => ("repaso: más rápido", "replay: faster"),
            ActReplaySlower => ("repaso: más lento", "replay: slower"),
            ActComment => (
                "repaso: comentar el último turno mostrado",
                "replay: comment on the last turn shown",
            ),
            CommentNoTurn => (
                "todavía no hay ningún turno que comentar",
                "no turn to comment on yet",
            ),
            CommentSaved => (
                "comentario guardado en el turno {}",
                "comment saved on turn {}",
            ),
            CommentPrompt => (
                "comentario sobre el turno {} (Enter guarda, Esc cancela): ",
                "comment on turn {} (Enter saves, Esc cancels): ",
            ),
            ReplayPlaying => ("reproduciendo", "playing"),
            ReplayPaused => ("en pausa", "paused"),
            Timeline => ("Cronología", "Timeline"),
            TlSearch => ("busca", "searches"),
            TlGone => ("ya no está en la base", "no longer in the knowledge base"),
            TlUndismiss => ("recupera", "restores"),
            TlOpen => ("abre", "opens"),
            TlClose => ("cierra", "closes"),
            TlSuggest => ("sugerencias", "suggestions"),
            TlDismiss => ("descarta", "dismisses"),
            TlWrapup => ("cierre", "wrap-up"),
            TlCue => ("señal", "cue"),
            TlComment => ("comentario", "comment"),
            DiffEasy => ("fácil", "easy"),
            DiffMedium => ("media", "medium"),
            DiffHard => ("difícil", "hard"),
            CliTrainHeader => (
                "ESCENARIO|IDIOMA|DIFICULTAD|MEJOR|TÍTULO",
                "SCENARIO|LANG|DIFFICULTY|BEST|TITLE",
            ),
            CliNoScenarios => (
                "no hay escenarios en {}: añada archivos scenarios/*.toml a una carpeta de conocimiento",
                "no scenarios in {}: add scenarios/*.toml files to a knowledge folder",
            ),
            CliUnknownScenario => (
                "no hay ningún escenario «{}»: `apunte train` los lista",
                "no scenario “{}”: `apunte train` lists them",
            ),
            CliScenarioInvalid => (
                "el escenario {} tiene errores (`apunte check` los lista todos):",
                "the scenario {} has errors (`apunte check` lists them all):",
            ),
            CliTrainHint => (
                "practique uno con `apunte train ESCENARIO [--trainee NOMBRE]`",
                "practise one with `apunte train SCENARIO [--trainee NAME]`",
            ),
            CliReplayEmpty => (
                "la llamada {} no tiene nada que reproducir",
                "the call {} has nothing to replay",
            ),
            // The contact center's record.
            CenterNotConfigured => (
                "no hay central configurada: ponga [center] url = \"postgres://usuario@servidor/base\" en la configuración o APUNTE_CENTER_URL",
                "no center configured: set [center] url = \"postgres://user@host/database\" in the config or APUNTE_CENTER_URL",
            ),
            CenterBadUrl => (
                "[center] url {}: no es una dirección PostgreSQL válida ({})",
                "[center] url {}: not a valid PostgreSQL address ({})",
            ),
            CenterPasswordInUrl => (
                "[center] url {}: lleva una contraseña; quítela de la dirección y póngala en APUNTE_CENTER_PASSWORD (o PGPASSWORD) o en un fichero [center] password_file con permisos 600",
                "[center] url {}: it holds a password; take it out of the address and put it in APUNTE_CENTER_PASSWORD (or PGPASSWORD) or in a [center] password_file with mode 600",
            ),
            CenterPasswordFile => (
                "[center] password_file {}: no se puede leer ({})",
                "[center] password_file {}: cannot be read ({})",
            ),
            CenterPasswordFileOpen => (
                "[center] password_file {}: otros usuarios pueden leerlo (permisos {}); ejecute chmod 600 sobre él",
                "[center] password_file {}: other users can read it (mode {}); run chmod 600 on it",
            ),
            CenterDbError => ("central {}: {}", "center {}: {}"),
            CenterSchemaNewer => (
                "central {}: el esquema está en la versión {}, más nueva que la {} que conoce esta versión de apunte; actualice apunte",
                "center {}: the schema is at version {}, newer than version {} this apunte knows; upgrade apunte",
            ),
            CenterSchemaOlder => (
                "central {}: el esquema está en la versión {} y hace falta la {}; ejecute apunte center migrate",
                "center {}: the schema is at version {} and version {} is needed; run apunte center migrate",
            ),
            CenterMigrated => (
                "central {}: esquema de la versión {} a la {} ({} particiones mensuales nuevas)",
                "center {}: schema from version {} to {} ({} new month partitions)",
            ),
            CenterUpToDate => (
                "central {}: esquema al día (versión {}; {} particiones mensuales nuevas)",
                "center {}: schema up to date (version {}; {} new month partitions)",
            ),
            CenterShipped => (
                "central {}: {} registros enviados ({} nuevos)",
                "center {}: {} records shipped ({} new)",
            ),
            CenterDamaged => (
                "{}:{}: línea dañada, no enviada: {}",
                "{}:{}: damaged line, not shipped: {}",
            ),
            CenterPartial => (
                "{}: la última línea está a medio escribir; se enviará cuando esté completa",
                "{}: the last line is half-written; it ships once it is complete",
            ),
            CenterStatusDb => ("central: {} (PostgreSQL {})", "center: {} (PostgreSQL {})"),
            CenterStatusUnreachable => {
                ("central: {} inalcanzable: {}", "center: {} unreachable: {}")
            }
            CenterStatusSchema => (
                "esquema: versión {} (esta versión de apunte conoce la {})",
                "schema: version {} (this apunte knows version {})",
            ),
            CenterStatusPendingNone => (
                "pendiente: nada, todo enviado",
                "pending: nothing, all shipped",
            ),
            CenterStatusPending => (
                "pendiente: {} registros en {} diarios",
                "pending: {} records in {} journals",
            ),
            CenterStatusPartial => ("a medio escribir", "half-written line waiting"),
            CenterStatusDamaged => (
                "{}: líneas dañadas no enviadas: {}",
                "{}: damaged lines not shipped: {}",
            ),
            CenterBarOffline => ("central sin conexión", "center offline"),
            CenterBarBehind => ("{} pendientes", "{} behind"),
            CenterFetched => (
                "central {}: {} registros de {} diarios leídos",
                "center {}: {} records of {} journals read",
            ),
            CenterBadDate => (
                "{}: no es una fecha AAAA-MM-DD",
                "{}: not a YYYY-MM-DD date",
            ),
            CenterBarCatchingUp => (
                "central: poniéndose al día · {} pendientes",
                "center: catching up · {} behind",
            ),
            CenterCaFile => (
                "[center] ca_file {}: no se puede leer como certificado PEM ({})",
                "[center] ca_file {}: cannot be read as a PEM certificate ({})",
            ),
            CenterTlsRefused => (
                "central {}: la dirección pide TLS (sslmode=require) y el servidor no lo ofrece; active ssl en el servidor o quite sslmode=require de la dirección",
                "center {}: the address asks for TLS (sslmode=require) and the server does not offer it; turn ssl on in the server or take sslmode=require out of the address",
            ),
            CenterTlsUntrusted => (
                "el certificado del servidor no está firmado por una autoridad de confianza; ponga la de la central en [center] ca_file (o {})",
                "the server's certificate is not signed by a trusted authority; put the center's in [center] ca_file (or {})",
            ),
        }
    }
}

/// A counted thing of the command-line messages: [`Noun::count`] gives `1 error`,
/// `2 errors`, `1 artículo`, `3 artículos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Article,
    Root,
    Error,
    Warning,
    Problem,
    KnowledgeFile,
    Scenario,
    Rubric,
    CertificationFile,
}

impl Noun {
    /// (Spanish one, Spanish many, English one, English many).
    fn forms(self) -> [&'static str; 4] {
        match self {
            Noun::Article => ["artículo", "artículos", "article", "articles"],
            Noun::Root => ["raíz", "raíces", "root", "roots"],
            Noun::Error => ["error", "errores", "error", "errors"],
            Noun::Warning => ["aviso", "avisos", "warning", "warnings"],
            Noun::Problem => ["problema", "problemas", "problem", "problems"],
            Noun::KnowledgeFile => [
                "archivo de conocimiento",
                "archivos de conocimiento",
                "knowledge file",
                "knowledge files",
            ],
            Noun::Scenario => ["escenario", "escenarios", "scenario", "scenarios"],
            Noun::Rubric => ["rúbrica", "rúbricas", "rubric", "rubrics"],
            Noun::CertificationFile => [
                "archivo de certificación",
                "archivos de certificación",
                "certification file",
                "certification files",
            ],
        }
    }

    /// `n` and the noun in the right number.
    pub fn count(self, lang: Lang, n: usize) -> String {
        let [es1, es, en1, en] = self.forms();
        let word = match (lang, n == 1) {
            (Lang::Es, true) => es1,
            (Lang::Es, false) => es,
            (Lang::En, true) => en1,
            (Lang::En, false) => en,
        };
        format!("{n} {word}")
    }
}

/// `text` with each `{}` replaced by the next value, in order.
pub fn fill(text: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::new();
    let mut parts = text.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        if let Some(v) = values.get(i) {
            out.push_str(&v.to_string());
        }
        out.push_str(part);
    }
    out
}

/// The tags or categories a filter can use, for when one matches nothing
/// (`known tags: billing, roaming`); `(none)` for an empty list.
pub fn known(lang: Lang, what: Msg, names: &[String]) -> String {
    let list = if names.is_empty() {
        Msg::SessNone.text(lang).to_string()
    } else {
        names.join(", ")
    };
    what.fill(lang, &[&list])
}

/// The count of unreadable feed lines for the status bar (`1 unreadable line`,
/// `2 unreadable lines`).
pub fn bad_lines(lang: Lang, n: u64) -> String {
    let msg = if n == 1 { Msg::BadLine } else { Msg::BadLines };
    format!("{n} {}", msg.text(lang))
}

/// The kinds of redaction turned off, for the status bar (`saved unmasked: cards,
/// phones`). `kinds` are the setting names of [`crate::redact::Settings::off`].
pub fn redaction_off(lang: Lang, kinds: &[&str]) -> String {
    let names: Vec<&str> = kinds
        .iter()
        .map(|k| match (*k, lang) {
            ("cards", Lang::Es) => "tarjetas",
            ("cards", Lang::En) => "cards",
            ("ids", Lang::Es) => "DNI/NIE",
            ("ids", Lang::En) => "IDs",
            ("iban", _) => "IBAN",
            ("email", Lang::Es) => "correos",
            ("email", Lang::En) => "emails",
            ("phone", Lang::Es) => "teléfonos",
            ("phone", Lang::En) => "phones",
            (other, _) => other,
        })
        .collect();
    format!("{}: {}", Msg::RedactionOff.text(lang), names.join(", "))
}

/// The count of feed connections refused for a wrong token (`1 connection refused`).
pub fn refused(lang: Lang, n: u64) -> String {
    let msg = if n == 1 {
        Msg::RefusedOne
    } else {
        Msg::Refused
    };
    format!("{n} {}", msg.text(lang))
}

/// `3 clients closed (too many at once)`, in the singular for one.
pub fn busy(lang: Lang, n: u64) -> String {
    let msg = if n == 1 { Msg::BusyOne } else { Msg::Busy };
    format!("{n} {}", msg.text(lang))
}

/// The command line's help in Spanish (the English is the doc comments of
/// `crate::cli`), by path: `""` is the program, `search` a subcommand, `search.limit` one
/// of its options, `train.replay.speed` an option of a nested subcommand; the `_` keys
/// are clap's own words (headings, the help and version flags).
pub fn cli_help_es(key: &str) -> Option<&'static str> {
    // The center's filters, the same on every report that reads the center.
    if let Some((command, option)) = key.rsplit_once('.')
        && [
            "train.report",
            "feedback.list",
            "feedback.export",
            "report.gaps",
            "report.usage",
            "report.faq",
            "report.stale",
        ]
        .contains(&command)
    {
        let text = match option {
            "center" => Some(
                "Sobre la base de datos de la central (los registros enviados por todos los agentes) en lugar de los diarios locales.",
            ),
            "agent" => Some("Con --center: solo los registros de este agente."),
            "team" => Some("Con --center: solo los registros de este equipo."),
            "from" => Some(
                "Con --center: solo las llamadas empezadas en esta fecha o después (AAAA-MM-DD).",
            ),
            "to" => Some(
                "Con --center: solo las llamadas empezadas en esta fecha o antes (AAAA-MM-DD).",
            ),
            _ => None,
        };
        if text.is_some() {
            return text;
        }
    }
    Some(match key {
        "_usage" => "Uso:",
        "_options" => "Opciones",
        "_arguments" => "Argumentos",
        "_commands" => "Órdenes",
        "_help" => "Muestra esta ayuda",
        "_version" => "Muestra la versión",
        "_default" => "por defecto:",
        "_values" => "valores posibles:",
        "_help_command" => "Muestra esta ayuda o la de las órdenes dadas",
        "" => {
            "Asistente para centros de contacto: la conversación en vivo y una búsqueda instantánea en la base de conocimiento local"
        }
        "knowledge" => {
            "Carpeta de conocimiento (repetible). Por defecto: el archivo de configuración, luego $APUNTE_KNOWLEDGE, luego ./knowledge, luego la base de ejemplo incluida en el programa."
        }
        "theme" => {
            "Tema de colores del espacio de trabajo (dark, light, high-contrast, colorblind o un tema propio)."
        }
        "transcript" => {
            "Sigue un archivo (o FIFO) de transcripción a medida que crece: un evento JSON o una línea de texto por turno."
        }
        "listen" => {
            "Acepta eventos de transcripción en 127.0.0.1:PUERTO (TCP) o unix:RUTA (socket unix)."
        }
        "token" => {
            "Secreto que los clientes deben enviar primero; obligatorio con una dirección --listen que no sea local. Más seguro que esta opción (otros usuarios la ven en `ps`): la variable de entorno APUNTE_LISTEN_TOKEN o --token-file."
        }
        "token_file" => {
            "Lee el token de --listen de la primera línea de este archivo (que solo usted pueda leerlo, p. ej. chmod 600)."
        }
        "search" => "Busca en la base de conocimiento e imprime los resultados por orden.",
        "search.json" => "Un objeto JSON por resultado y línea.",
        "search.limit" => "Cuántos resultados como mucho.",
        "search.lang" => "Solo artículos en este idioma.",
        "search.tag" => "Solo artículos con esta etiqueta (repetible).",
        "search.category" => "Solo artículos de esta categoría (carpeta).",
        "search.query" => {
            "La consulta: cualquier texto (operadores: \"frase\", -palabra, tag:x, cat:x, lang:en)."
        }
        "index" => {
            "Crea o actualiza el índice de búsqueda e informa de artículos, tiempo y problemas."
        }
        "check" => {
            "Valida cada archivo de conocimiento: errores como ruta:línea: mensaje (sale con 1 si hay alguno)."
        }
        "config" => {
            "Imprime las rutas y los ajustes en vigor, o escribe una configuración por defecto comentada."
        }
        "config.init" => {
            "Escribe un config.toml por defecto comentado (no sobrescribe uno existente)."
        }
        "suggest" => {
            "Lee una conversación (eventos JSON) por la entrada estándar e imprime los artículos sugeridos."
        }
        "suggest.json" => "Un objeto JSON por sugerencia y línea.",
        "suggest.limit" => "Cuántas sugerencias como mucho.",
        "suggest.each_turn" => {
            "Imprime las sugerencias tras cada turno del cliente, no solo al final."
        }
        "suggest.explain" => {
            "Para cada artículo considerado, imprime las señales y cómo formaron su confianza."
        }
        "sessions" => "Lista, muestra o exporta las llamadas registradas.",
        "sessions.list" => "Lista las llamadas registradas, la más reciente primero.",
        "sessions.show" => "Imprime el registro de una llamada como texto legible.",
        "sessions.show.id" => {
            "El identificador de la llamada (como lo muestra `apunte sessions list`)."
        }
        "sessions.export" => "Exporta una llamada.",
        "sessions.export.id" => {
            "El identificador de la llamada (como lo muestra `apunte sessions list`)."
        }
        "sessions.export.markdown" => "Exporta en Markdown.",
        "bench" => "Utilidades de medición (bases de conocimiento sintéticas).",
        "bench.gen" => {
            "Genera en DIR una base de conocimiento sintética y determinista de N artículos."
        }
        "bench.gen.articles" => "Cuántos artículos (N).",
        "bench.gen.seed" => "La semilla: la misma semilla da la misma base.",
        "bench.gen.dir" => "La carpeta donde se escribe la base.",
        "train" => {
            "Llamadas de práctica: escenarios, evaluaciones, notas y el informe de formación."
        }
        "train.scenario" => {
            "El escenario que practicar (su nombre de archivo sin .toml); sin él, la lista."
        }
        "train.trainee" => {
            "Quién practica (se registra con la llamada; por defecto, el nombre de agente de la configuración)."
        }
        "train.speed" => {
            "Hace hablar al cliente simulado tantas veces más rápido (demostraciones, probar un escenario)."
        }
        "train.host" => {
            "Abre la práctica a la consola de un formador (`apunte trainer`): escucha en DIRECCIÓN (por defecto 127.0.0.1:7474; también unix:RUTA) y muestra un código para unirse."
        }
        "trainer" => {
            "La consola del formador: se une a una práctica abierta (`apunte train --host`) para hacer de cliente, susurrar, pausar y puntuar."
        }
        "trainer.addr" => {
            "La dirección del alumno (`HOST:PUERTO`, `PUERTO`, `unix:RUTA`), como la muestra su pantalla."
        }
        "trainer.code" => "El código para unirse que muestra la pantalla del alumno.",
        "trainer.observe" => "Solo mirar (otro formador dirige la llamada).",
        "trainer.name" => {
            "Su nombre, para el alumno y las puntuaciones guardadas (por defecto: el nombre de agente de la configuración)."
        }
        "train.replay" => {
            "Reproduce una llamada guardada en un espacio de trabajo de solo lectura (pausa, paso a paso, saltos, comentarios)."
        }
        "train.replay.id" => {
            "El identificador de sesión de la llamada (o un comienzo único), como lo muestra `apunte sessions list`."
        }
        "train.replay.speed" => {
            "Reproduce tantas veces más rápido de lo que duró la llamada (1-32)."
        }
        "train.replay.reviewer" => {
            "Quién firma los comentarios (por defecto, el nombre de agente de la configuración; si no hay, el usuario del sistema)."
        }
        "train.score" => {
            "Evalúa de nuevo una llamada guardada (de práctica o real: los puntos que evalúa una persona quedan abiertos), guarda su evaluación junto al registro y la imprime."
        }
        "train.score.id" => {
            "El identificador de la llamada (basta una parte única; `apunte sessions list` los muestra)."
        }
        "train.score.rubric" => {
            "Evalúa con este archivo de rúbrica en lugar de scenarios/rubric.toml del conocimiento."
        }
        "train.score.grader" => {
            "Cuenta las notas manuales de este evaluador (por defecto, la última nota dada a cada punto)."
        }
        "train.score.json" => "Imprime el JSON de la evaluación en lugar de su Markdown.",
        "train.grade" => {
            "Anota los puntos de un evaluador para los puntos que evalúa una persona (PUNTO=PUNTOS o PUNTO=na)."
        }
        "train.grade.id" => "El identificador de la llamada.",
        "train.grade.grader" => "Quién evalúa (las notas de cada evaluador se guardan aparte).",
        "train.grade.file" => {
            "Lee más PUNTO=PUNTOS de este archivo (separados por espacios o líneas; `#` empieza un comentario)."
        }
        "train.grade.rubric" => {
            "El archivo de rúbrica al que pertenecen los puntos (por defecto, el del conocimiento)."
        }
        "train.grade.grades" => {
            "PUNTO=PUNTOS (un número entero hasta los puntos del punto) o PUNTO=na."
        }
        "train.report" => {
            "Por alumno: intentos, mejor y última nota por escenario, tendencia, certificación; acuerdo entre evaluadores."
        }
        "train.report.trainee" => "Solo este alumno.",
        "train.report.json" => "El informe en JSON.",
        "train.report.csv" => {
            "El informe en CSV (una fila por alumno y escenario, certificación, pareja de evaluadores)."
        }
        "train.report.rubric" => {
            "Evalúa con este archivo de rúbrica en lugar del del conocimiento."
        }
        "report" => {
            "Los informes del ciclo del conocimiento sobre las llamadas guardadas: huecos, uso, preguntas frecuentes, artículos por revisar."
        }
        "report.gaps" => {
            "Búsquedas que no encontraron nada útil: sin resultados, o con resultados sin abrir ninguno; agrupadas por tema, las más frecuentes primero, con el mejor artículo de ahora."
        }
        "report.usage" => {
            "Reutilización de artículos (Pareto), artículos nunca usados y tasa de enlace."
        }
        "report.faq" => {
            "Preguntas frecuentes de los clientes agrupadas por sentido, con el artículo que las cubre."
        }
        "report.stale" => {
            "Los artículos por revisar, por responsable: pasada su fecha de revisión, sin abrir en N días, con avisos (los más avisados primero)."
        }
        "report.stale.days" => "Se lista un artículo que no se abrió en tantos días.",
        "report.gaps.since" | "report.usage.since" | "report.faq.since" | "report.stale.since" => {
            "Solo llamadas empezadas en este día o después (AAAA-MM-DD)."
        }
        "report.gaps.json" | "report.usage.json" | "report.faq.json" | "report.stale.json" => {
            "El informe en JSON."
        }
        "report.gaps.csv" | "report.usage.csv" | "report.faq.csv" | "report.stale.csv" => {
            "El informe en CSV."
        }
        "report.gaps.markdown"
        | "report.usage.markdown"
        | "report.faq.markdown"
        | "report.stale.markdown" => "El informe en Markdown (para una pull request o una wiki).",
        "report.faq.min" => "El grupo más pequeño que se lista (veces preguntado).",
        "report.faq.drafts" => {
            "Escribe en DIR un borrador de artículo por cada grupo listado que ningún artículo cubre."
        }
        "feedback" => {
            "Las marcas que los agentes pusieron sobre los artículos: listarlas, exportarlas (una bandeja por responsable) y resolverlas."
        }
        "feedback.list" => "Las marcas, la más antigua primero, con su estado actual.",
        "feedback.export" => {
            "Las marcas en CSV, JSON o una bandeja Markdown agrupada por responsable."
        }
        "feedback.export.csv" => "Una fila por marca.",
        "feedback.export.json" => "Un objeto JSON por marca.",
        "feedback.export.markdown" => {
            "Una bandeja agrupada por responsable, para una pull request."
        }
        "feedback.resolve" => "Cierra una marca (basta un comienzo inequívoco de su id).",
        "feedback.resolve.id" => "El id de la marca (un comienzo inequívoco basta).",
        "feedback.resolve.note" => "Qué se hizo al respecto.",
        "feedback.list.since" => "Solo marcas puestas en esta fecha o después (AAAA-MM-DD).",
        "feedback.list.article" => "Solo marcas sobre este artículo (su id).",
        "feedback.list.kind" => "Solo este tipo: outdated, wrong, missing, unclear, suggestion.",
        "feedback.list.open" => "Solo marcas aún sin resolver (incluidas las ya atendidas).",
        "feedback.export.since" => "Solo marcas puestas en esta fecha o después (AAAA-MM-DD).",
        "feedback.export.article" => "Solo marcas sobre este artículo (su id).",
        "feedback.export.kind" => "Solo este tipo: outdated, wrong, missing, unclear, suggestion.",
        "feedback.export.open" => "Solo marcas aún sin resolver (incluidas las ya atendidas).",
        "center" => {
            "El registro compartido de la central en PostgreSQL: migra su esquema, envía los diarios locales (exactamente una vez) y muestra lo pendiente."
        }
        "center.migrate" => {
            "Crea o actualiza el esquema de la central (se niega ante un esquema más nuevo que el que conoce esta versión) y crea las particiones mensuales dos años por delante."
        }
        "center.sync" => {
            "Envía todos los registros de los diarios locales aún no enviados y termina."
        }
        "center.status" => {
            "La base de datos alcanzada, la versión de su esquema y los registros pendientes por diario."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_off_names_the_kinds() {
        assert_eq!(
            redaction_off(Lang::Es, &["cards", "phone"]),
            "se guarda sin enmascarar: tarjetas, teléfonos"
        );
        assert_eq!(redaction_off(Lang::En, &["ids"]), "saved unmasked: IDs");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(bad_lines(Lang::En, 1), "1 unreadable line");
        assert_eq!(bad_lines(Lang::En, 2), "2 unreadable lines");
        assert_eq!(bad_lines(Lang::Es, 1), "1 línea ilegible");
        assert_eq!(Noun::Error.count(Lang::Es, 3), "3 errores");
        assert_eq!(Noun::Root.count(Lang::En, 1), "1 root");
    }

    #[test]
    fn fill_puts_values_in_order() {
        assert_eq!(
            Msg::CliNoMatch.fill(Lang::En, &[&"wifi", &12]),
            "no articles match “wifi” (12 articles searched): try fewer or other words"
        );
        assert_eq!(Msg::CliWrote.fill(Lang::Es, &[&"/x"]), "escrito /x");
    }
}
