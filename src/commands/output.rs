//! The commands' standard output. Text that can carry what others wrote (article titles
//! and snippets, file names, quoted lines, transcripts) goes through [`Out::text`] and
//! [`Out::json`]: its control characters are shown as placeholders (the workspace's own
//! [`crate::text::sanitize`]) on a terminal and in a pipe or file alike, where only tabs
//! are kept besides line breaks (`| less -R` or a later `cat` must not be driven either);
//! in JSON they are escaped. So no article or call can drive a terminal. A closed pipe
//! (`apunte index | head -1`) ends a command normally ([`broken_pipe`]).
use std::io::{self, IsTerminal, StdoutLock, Write};

use crate::text::{json_safe, sanitize_lines, sanitize_plain};

pub struct Out {
    out: StdoutLock<'static>,
    tty: bool,
}

impl Out {
    pub fn new() -> Out {
        let stdout = io::stdout();
        let tty = stdout.is_terminal();
        Out {
            out: stdout.lock(),
            tty,
        }
    }

    /// Whether standard output is a terminal.
    pub fn is_terminal(&self) -> bool {
        self.tty
    }

    /// Text of any number of lines, safe for a terminal now or later: on a terminal
    /// tabs become spaces, in a pipe or file they stay.
    pub fn text(&mut self, s: &str) -> io::Result<()> {
        if self.tty {
            self.out.write_all(sanitize_lines(s).as_bytes())
        } else {
            self.out.write_all(sanitize_plain(s).as_bytes())
        }
    }

    /// [`Out::text`] and a line break.
    pub fn line(&mut self, s: &str) -> io::Result<()> {
        self.text(s)?;
        self.out.write_all(b"\n")
    }

    /// One JSON value on its own line, with every terminal control escaped.
    pub fn json(&mut self, value: &impl serde::Serialize) -> io::Result<()> {
        let json = serde_json::to_string(value)?;
        self.out.write_all(json_safe(&json).as_bytes())?;
        self.out.write_all(b"\n")
    }
}

impl Default for Out {
    fn default() -> Self {
        Out::new()
    }
}

/// Raw bytes, for what the command itself styles (its own colours).
impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// True when an error comes from writing to a closed pipe: the reader has what it
/// wanted, so the command ends normally.
pub fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// One CSV record with its line break (RFC 4180): each field as
/// [`crate::text::csv_field`] makes it.
pub fn csv_row(fields: &[&str]) -> String {
    let mut out: String = fields
        .iter()
        .map(|f| crate::text::csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::csv_row;

    #[test]
    fn csv_rows_quote_and_defuse() {
        assert_eq!(
            csv_row(&["a", "b,c", "=SUM(A1)"]),
            "a,\"b,c\",'=SUM(A1)\r\n"
        );
    }
}
