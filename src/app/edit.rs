//! A one-line text field: text plus a cursor on a grapheme boundary.
use unicode_segmentation::UnicodeSegmentation;

use super::{Key, KeyCode};

/// One-line editable text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    cursor: usize,
}

impl LineEdit {
    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// Byte offset of the cursor.
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
    /// Replaces the text and puts the cursor at the end.
    pub fn set(&mut self, text: &str) {
        self.text = single_line(text);
        self.cursor = self.text.len();
    }
    /// Moves the cursor to a byte offset (kept on a grapheme boundary at or before it).
    pub fn set_cursor(&mut self, at: usize) {
        let at = at.min(self.text.len());
        self.cursor = self
            .text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .take_while(|i| *i <= at)
            .last()
            .unwrap_or(0);
        if at == self.text.len() {
            self.cursor = at;
        }
    }
    /// Inserts a line break at the cursor (the multi-line wrap-up note).
    pub fn newline(&mut self) {
        self.text.insert(self.cursor, '\n');
        self.cursor += 1;
    }
    /// Empties the field and returns what it held.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }
    /// Inserts text (newlines become spaces) at the cursor.
    pub fn insert(&mut self, s: &str) {
        let s = single_line(s);
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
    }
    pub fn backspace(&mut self) {
        if let Some(prev) = self.prev_boundary() {
            self.text.replace_range(prev..self.cursor, "");
            self.cursor = prev;
        }
    }
    pub fn delete(&mut self) {
        if let Some(next) = self.next_boundary() {
            self.text.replace_range(self.cursor..next, "");
        }
    }
    pub fn left(&mut self) {
        if let Some(p) = self.prev_boundary() {
            self.cursor = p;
        }
    }
    pub fn right(&mut self) {
        if let Some(n) = self.next_boundary() {
            self.cursor = n;
        }
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }
    /// Deletes the word before the cursor (Ctrl-W / Alt-Backspace).
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }
    /// Deletes everything before the cursor (Ctrl-U).
    pub fn delete_to_start(&mut self) {
        self.text.replace_range(..self.cursor, "");
        self.cursor = 0;
    }

    /// The editing command of a key, the same in every text field: Backspace, Delete,
    /// ←/→, Home/End (and Ctrl-A/Ctrl-E), Ctrl-W and Alt-Backspace (word), Ctrl-U (to the
    /// start). Typed characters are not in this table (see [`LineEdit::apply_key`]).
    pub fn command(key: &Key) -> Option<fn(&mut LineEdit)> {
        let f: fn(&mut LineEdit) = match (key.code, key.ctrl, key.alt) {
            (KeyCode::Backspace, false, true) => LineEdit::delete_word,
            (_, _, true) => return None,
            (KeyCode::Backspace, _, _) => LineEdit::backspace,
            (KeyCode::Delete, false, _) => LineEdit::delete,
            (KeyCode::Left, false, _) => LineEdit::left,
            (KeyCode::Right, false, _) => LineEdit::right,
            (KeyCode::Home, false, _) => LineEdit::home,
            (KeyCode::End, false, _) => LineEdit::end,
            (KeyCode::Char('w'), true, _) => LineEdit::delete_word,
            (KeyCode::Char('u'), true, _) => LineEdit::delete_to_start,
            (KeyCode::Char('a'), true, _) => LineEdit::home,
            (KeyCode::Char('e'), true, _) => LineEdit::end,
            _ => return None,
        };
        Some(f)
    }

    /// Applies a key to the field: a typed character is inserted, an editing key edits.
    /// False when the key means nothing to a text field.
    pub fn apply_key(&mut self, key: &Key) -> bool {
        if let Some(c) = key.typed_char() {
            let mut buf = [0u8; 4];
            self.insert(c.encode_utf8(&mut buf));
            return true;
        }
        match LineEdit::command(key) {
            Some(f) => {
                f(self);
                true
            }
            None => false,
        }
    }

    fn prev_boundary(&self) -> Option<usize> {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map(|(i, _)| i)
    }
    fn next_boundary(&self) -> Option<usize> {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map(|g| self.cursor + g.len())
    }
}

fn single_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_grapheme() {
        let mut e = LineEdit::default();
        e.insert("cafe\u{301} 😀");
        e.backspace();
        assert_eq!(e.text(), "cafe\u{301} ");
        e.left();
        e.left();
        e.backspace();
        assert_eq!(e.text(), "cae\u{301} ");
        e.end();
        e.insert("x\ny");
        assert_eq!(e.text(), "cae\u{301} x y");
        e.delete_word();
        assert_eq!(e.text(), "cae\u{301} x ");
        assert_eq!(e.take(), "cae\u{301} x ");
        assert!(e.is_empty());
    }
}
