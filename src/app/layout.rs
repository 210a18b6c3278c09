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

    /// How many results fit in the list.
    pub fn result_slots(&self) -> usize {
        usize::from((self.results.inner().height / RESULT_ROWS).max(1))
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

/// The first result shown when `selected` must be visible in `slots` rows.
pub fn first_visible(selected: usize, slots: usize) -> usize {
    (selected + 1).saturating_sub(slots.max(1))
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
