//! Assistance from the conversation: suggested articles and empathy cues.
