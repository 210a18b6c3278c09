//! Mouse clicks and wheel scrolling.
use super::Effect;
use super::{Focus, Mouse, State, conversation, first_row, hit_at, keys, reader, search};

pub(super) fn on_mouse(state: &mut State, m: Mouse, fx: &mut Vec<Effect>) {
    let Some(l) = state.layout() else { return };
    match m {
        Mouse::Click { col, row } => {
            if l.input.contains(col, row) || l.conversation.contains(col, row) {
                state.focus = Focus::Input;
            } else if l.search.contains(col, row) {
                state.focus = Focus::Search;
            } else if l.results.contains(col, row) {
                state.focus = Focus::Results;
                let inner = l.results.inner();
                if row >= inner.y {
                    let rows = state.result_rows();
                    let start = first_row(&rows, state.selected, inner.height);
                    if let Some(idx) = hit_at(&rows, start, row - inner.y)
                        && idx < state.list().len()
                    {
                        if state.selected == idx {
                            search::open_nth(state, idx, fx);
                        }
                        state.selected = idx;
                    }
                }
            } else if let Some(r) = l.reader
                && r.contains(col, row)
                && state.reader.is_some()
            {
                state.focus = Focus::Reader;
            }
        }
        Mouse::ScrollUp { col, row } | Mouse::ScrollDown { col, row } => {
            let up = matches!(m, Mouse::ScrollUp { .. });
            if l.conversation.contains(col, row) {
                conversation::scroll(state, up, 3);
            } else if l.results.contains(col, row) {
                let n = state.list().len();
                state.selected = keys::step(state.selected, n, up);
            } else if let Some(area) = l.reader
                && area.contains(col, row)
            {
                reader::scroll(state, up, 3);
            }
        }
    }
}
