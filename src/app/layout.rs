//! Where each pane goes for a terminal size. Pure arithmetic shared by drawing (ui) and
//! mouse hit-testing (update), so both always agree.

/// A rectangle in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Area {
    pub const fn new(x: u16, y: u16, width: u16, height: u16) -> Area {
        Area {
            x,
            y,
            width,
            height,
        }
    }
    /// True when the cell is inside.
    pub fn contains(&self, col: u16, row: u16) -> bool {
        col >= self.x
            && row >= self.y
            && u32::from(col) < u32::from(self.x) + u32::from(self.width)
            && u32::from(row) < u32::from(self.y) + u32::from(self.height)
    }
    /// The area inside a one-cell border.
    pub fn inner(&self) -> Area {
        Area {
            x: self.x.saturating_add(1),
            y: self.y.saturating_add(1),
            width: self.width.saturating_sub(2),
            height: self.height.saturating_sub(2),
        }
    }
}

/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the reader sits under the search in a right column; below it the
/// reader takes the full width under conversation and search.
pub const WIDE: u16 = 110;
/// Rows per result in the list (title line + snippet line).
pub const RESULT_ROWS: u16 = 2;

/// The panes for one terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub conversation: Area,
    pub input: Area,
    pub search: Area,
    pub results: Area,
    /// Present when an article is open (wide terminals: always, showing a hint when empty).
    pub reader: Option<Area>,
    pub status: Area,
}

impl Layout {
    /// Computes the layout, or `None` when the terminal is below the minimum size.
    pub fn compute(width: u16, height: u16, reader_open: bool) -> Option<Layout> {
        if width < MIN_WIDTH || height < MIN_HEIGHT {
            return None;
        }
        let status = Area::new(0, height - 1, width, 1);
        let body_h = height - 1;
        if width >= WIDE {
            let left_w = (width * 2 / 5).max(40);
            let right_w = width - left_w;
            let (conversation, input) = conv_column(0, 0, left_w, body_h);
            let results_h = if reader_open {
                (body_h * 2 / 5).max(8)
            } else {
                (body_h / 3).max(8)
            };
            let search = Area::new(left_w, 0, right_w, 3);
            let results = Area::new(left_w, 3, right_w, results_h.saturating_sub(3).max(3));
            let reader_y = results.y + results.height;
            let reader = Area::new(left_w, reader_y, right_w, body_h.saturating_sub(reader_y));
            Some(Layout {
                conversation,
                input,
                search,
                results,
                reader: Some(reader),
                status,
            })
        } else {
            // With an article open the conversation keeps room for its last turns (at
            // 80x24: 7 rows inside the border), the reader the rest.
            let top_h = if reader_open {
                (body_h * 9 / 20)
                    .max(9)
                    .max(body_h.saturating_sub(11).min(12))
            } else {
                body_h
            };
            let left_w = width / 2;
            let right_w = width - left_w;
            let (conversation, input) = conv_column(0, 0, left_w, top_h);
            let search = Area::new(left_w, 0, right_w, 3);
            let results = Area::new(left_w, 3, right_w, top_h.saturating_sub(3));
            let reader = reader_open.then(|| Area::new(0, top_h, width, body_h - top_h));
            Some(Layout {
                conversation,
                input,
                search,
                results,
                reader,
                status,
            })
        }
    }

    /// Rows of text visible in the reader (inside its border).
    pub fn reader_rows(&self) -> u16 {
        self.reader.map_or(0, |r| r.inner().height)
    }
}

fn conv_column(x: u16, y: u16, w: u16, h: u16) -> (Area, Area) {
    let input_h = 3;
    let conv = Area::new(x, y, w, h.saturating_sub(input_h));
    let input = Area::new(x, y + conv.height, w, input_h.min(h));
    (conv, input)
}

/// A scrolled pane as the renderer laid it out: the lines its content takes at the
/// pane's width and the rows it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extent {
    pub lines: usize,
    pub rows: u16,
}

impl Extent {
    /// How far the pane can scroll before its last line reaches the bottom.
    pub fn max_scroll(self) -> u16 {
        u16::try_from(self.lines.saturating_sub(usize::from(self.rows))).unwrap_or(u16::MAX)
    }
}

/// What the last frame laid out, reported by the renderer after drawing (scroll limits
/// come from here, not from an estimate of the drawing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Drawn {
    pub conversation: Extent,
    /// The open article (None: none drawn yet).
    pub reader: Option<Extent>,
}

/// One row of the result list: a hit (its index in the list, [`RESULT_ROWS`] lines) or,
/// among suggestions, the line that heads a group of near-duplicates (how many, and the
/// words that tell their titles apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRow {
    Hit(usize),
    Group { first: usize, len: usize },
}

impl ResultRow {
    /// Lines the row takes.
    pub fn height(self) -> u16 {
        match self {
            ResultRow::Hit(_) => RESULT_ROWS,
            ResultRow::Group { .. } => 1,
        }
    }
}

/// The first row shown when the hit `selected` must be visible in `height` lines: as
/// many rows before it as fit (the first row when it is not in the list).
pub fn first_row(rows: &[ResultRow], selected: usize, height: u16) -> usize {
    let Some(sel) = rows.iter().position(|r| *r == ResultRow::Hit(selected)) else {
        return 0;
    };
    let mut start = sel;
    let mut used = rows[sel].height();
    while start > 0 && used + rows[start - 1].height() <= height {
        start -= 1;
        used += rows[start].height();
    }
    start
}

/// The hit at `line` lines below the top of the list drawn from row `start` (a group's
/// line gives its first hit; None past the end).
pub fn hit_at(rows: &[ResultRow], start: usize, line: u16) -> Option<usize> {
    let mut top = 0u16;
    for r in rows.iter().skip(start) {
        let h = r.height();
        if line < top + h {
            return Some(match *r {
                ResultRow::Hit(i) => i,
                ResultRow::Group { first, .. } => first,
            });
        }
        top += h;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_80x24_an_open_article_leaves_the_conversation_seven_rows() {
        let l = Layout::compute(80, 24, true).unwrap();
        assert_eq!(l.conversation.inner().height, 7);
        assert!(l.reader_rows() >= 9, "{l:?}");
        let small = Layout::compute(MIN_WIDTH, MIN_HEIGHT, true).unwrap();
        assert!(small.reader_rows() >= 4, "{small:?}");
    }

    #[test]
    fn group_lines_take_one_row_and_the_selection_stays_visible() {
        use ResultRow::{Group, Hit};
        let rows = [Hit(0), Group { first: 1, len: 2 }, Hit(1), Hit(2), Hit(3)];
        // 5 lines: the selected hit at the bottom, as many rows before it as fit.
        assert_eq!(first_row(&rows, 0, 5), 0);
        assert_eq!(first_row(&rows, 1, 5), 0);
        assert_eq!(first_row(&rows, 2, 5), 1);
        assert_eq!(first_row(&rows, 3, 5), 3);
        assert_eq!(first_row(&rows, 9, 5), 0);
        assert_eq!(hit_at(&rows, 0, 1), Some(0));
        assert_eq!(
            hit_at(&rows, 0, 2),
            Some(1),
            "the group line: its first hit"
        );
        assert_eq!(hit_at(&rows, 0, 3), Some(1));
        assert_eq!(hit_at(&rows, 0, 5), Some(2));
        assert_eq!(hit_at(&rows, 3, 2), Some(3));
        assert_eq!(hit_at(&rows, 3, 4), None);
    }

    #[test]
    fn every_size_fits_or_is_too_small() {
        for w in 0..260u16 {
            for h in [0u16, 5, 15, 16, 24, 40, 80] {
                for open in [false, true] {
                    if let Some(l) = Layout::compute(w, h, open) {
                        for a in [l.conversation, l.input, l.search, l.results, l.status]
                            .into_iter()
                            .chain(l.reader)
                        {
                            assert!(a.x + a.width <= w && a.y + a.height <= h, "{w}x{h} {a:?}");
                        }
                    } else {
                        assert!(w < MIN_WIDTH || h < MIN_HEIGHT);
                    }
                }
            }
        }
    }
}
