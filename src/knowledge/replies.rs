//! Quick replies: short approved texts kept in a root's `replies.toml`.
use serde::{Deserialize, Serialize};

use super::Lang;

/// One quick reply, e.g. `name = "saludo"`, `text = "Buenos días, le atiende {agent}..."`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub name: String,
    pub lang: Option<Lang>,
    pub text: String,
}
