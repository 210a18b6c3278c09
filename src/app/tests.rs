//! Unit tests of update and keymap behaviour.
