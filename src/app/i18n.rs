//! The interface texts: the one catalog of [`crate::i18n`], and the help line of each
//! key action.
pub use crate::i18n::*;

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
        A::Dismiss => Msg::ActDismiss,
        A::OpenCue => Msg::ActOpenCue,
        A::EndCall => Msg::ActEndCall,
        A::Mouse => Msg::ActMouse,
        A::Messages => Msg::ActMessages,
        A::NextLink => Msg::ActNextLink,
        A::PrevLink => Msg::ActPrevLink,
        A::ArticleBack => Msg::ActArticleBack,
        A::Discard => Msg::ActDiscard,
        A::ReplayPause => Msg::ActReplayPause,
        A::ReplayStep => Msg::ActReplayStep,
        A::ReplayBack => Msg::ActReplayBack,
        A::ReplaySeekForward => Msg::ActReplaySeekForward,
        A::ReplaySeekBack => Msg::ActReplaySeekBack,
        A::ReplayFaster => Msg::ActReplayFaster,
        A::ReplaySlower => Msg::ActReplaySlower,
        A::Comment => Msg::ActComment,
        A::Hold => Msg::ActHold,
        A::NewCall => Msg::ActNewCall,
        A::Customer => Msg::ActCustomer,
        A::PastCalls => Msg::ActPastCalls,
        A::EditTurn => Msg::ActEditTurn,
        A::UndoDismiss => Msg::ActUndoDismiss,
        A::ShowMore => Msg::ActShowMore,
        A::Flag => Msg::ActFlag,
        A::FlagService => Msg::ActFlagService,
        A::Helpful => Msg::ActHelpful,
        A::NotHelpful => Msg::ActNotHelpful,
        A::Draft => Msg::ActDraft,
    }
}
