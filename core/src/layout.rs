//! Grid layout: 24 columns, panels flowing left to right, top to bottom.
//!
//! The default is a two-column layout: panels are [`DEFAULT_WIDTH`] by
//! [`DEFAULT_HEIGHT`] unless the model says otherwise. A panel that does not
//! fit on the current line wraps to the next one. Each panel lands at the
//! highest place (smallest `y`) its columns allow, the way Grafana's grid
//! gravity would settle it, so lines of mixed heights never overlap and never
//! leave needless gaps. A row is full width and one unit high and starts a
//! new line below everything placed so far.
//!
//! A panel with an explicit place (`x: N, y: N` in the DSL) lands exactly
//! there; the panels after it flow on from its right edge, below whatever
//! it covers. The checks report explicit places off the grid or overlapping
//! another panel ([`find_overlap`]), so the layout itself never fails.
//!
//! Children of a collapsed row are placed as if the row were expanded
//! (right below it), and whatever follows is placed below them: every
//! position in the dashboard is disjoint from every other, whether a row is
//! collapsed or not, so Grafana can expand a row without reflowing anything
//! above it.

use crate::model::{Item, Panel};

/// Number of columns of Grafana's dashboard grid.
pub const GRID_COLUMNS: u32 = 24;
/// Default panel width in columns: two panels a line.
pub const DEFAULT_WIDTH: u32 = 12;
/// Default panel height in grid units (30 px each).
pub const DEFAULT_HEIGHT: u32 = 8;
/// Height of a row header.
pub const ROW_HEIGHT: u32 = 1;

/// A panel's place on the grid, in Grafana's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GridPos {
    /// Column of the left edge, `0..24`.
    pub x: u32,
    /// Grid unit of the top edge, from the top of the dashboard.
    pub y: u32,
    /// Width in columns, `1..=24`.
    pub w: u32,
    /// Height in grid units, at least 1.
    pub h: u32,
}

impl GridPos {
    /// The column just right of the panel (`x + w`).
    pub fn right(&self) -> u32 {
        self.x.saturating_add(self.w)
    }

    /// The grid unit just below the panel (`y + h`).
    pub fn bottom(&self) -> u32 {
        self.y.saturating_add(self.h)
    }

    /// True when the panel is inside the 24 columns and has a size.
    pub fn fits_grid(&self) -> bool {
        self.w >= 1 && self.h >= 1 && self.right() <= GRID_COLUMNS
    }

    /// True when the two rectangles share any cell.
    pub fn overlaps(&self, other: &GridPos) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// The first pair of positions (by index) that overlap, if any.
pub fn find_overlap(positions: &[GridPos]) -> Option<(usize, usize)> {
    positions.iter().enumerate().find_map(|(i, a)| {
        positions[i + 1..]
            .iter()
            .position(|b| a.overlaps(b))
            .map(|j| (i, i + 1 + j))
    })
}

/// The cells taken on a grid, kept as disjoint intervals of rows per
/// column: finding what a rectangle would overlap costs `O(w log n)`, and
/// memory grows with the number of rectangles, not their area.
#[derive(Debug, Clone)]
pub struct Occupancy {
    /// Per column: top row -> (row below the bottom, index of the rectangle).
    columns: Vec<std::collections::BTreeMap<u64, (u64, usize)>>,
    /// Per column: the row below everything taken in it.
    floors: Vec<u64>,
}

impl Default for Occupancy {
    fn default() -> Self {
        Self::new()
    }
}

impl Occupancy {
    /// An empty grid of [`GRID_COLUMNS`] columns.
    pub fn new() -> Self {
        Occupancy {
            columns: vec![std::collections::BTreeMap::new(); GRID_COLUMNS as usize],
            floors: vec![0; GRID_COLUMNS as usize],
        }
    }

    fn span(x: u64, w: u64) -> std::ops::Range<usize> {
        let end = x.saturating_add(w).min(u64::from(GRID_COLUMNS));
        (x.min(end) as usize)..(end as usize)
    }

    /// The first taken rectangle (its index and bottom) sharing a cell with
    /// the rectangle `x, y, w, h`, if any.
    pub fn hit(&self, x: u64, y: u64, w: u64, h: u64) -> Option<(usize, u64)> {
        let bottom = y.saturating_add(h);
        Self::span(x, w).find_map(|c| {
            // The intervals of a column are disjoint: only the last one
            // starting above `bottom` can reach down into the rectangle.
            let (_, (end, index)) = self.columns[c].range(..bottom).next_back()?;
            (*end > y).then_some((*index, *end))
        })
    }

    /// Takes the cells of rectangle `index` (which must not overlap a taken one).
    pub fn take(&mut self, index: usize, x: u64, y: u64, w: u64, h: u64) {
        let bottom = y.saturating_add(h);
        for c in Self::span(x, w) {
            self.columns[c].insert(y, (bottom, index));
            self.floors[c] = self.floors[c].max(bottom);
        }
    }

    /// The row below everything taken in the columns `x..x + w`.
    pub fn skyline(&self, x: u64, w: u64) -> u64 {
        Self::span(x, w).map(|c| self.floors[c]).max().unwrap_or(0)
    }
}

/// Where a top-level item of the model lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// A row header and the positions of its panels, in order.
    Row {
        /// The row header (full width, one unit high).
        row: GridPos,
        /// The row's panels.
        panels: Vec<GridPos>,
    },
    /// A panel outside any row.
    Panel(GridPos),
}

/// Places panels and rows one after the other (the flow described in the
/// module documentation).
///
/// ```
/// use dashc_core::layout::{Flow, GridPos};
///
/// let mut flow = Flow::new();
/// assert_eq!(flow.panel(12, 8), GridPos { x: 0, y: 0, w: 12, h: 8 });
/// assert_eq!(flow.panel(12, 4), GridPos { x: 12, y: 0, w: 12, h: 4 });
/// // Wraps to the next line; the short panel above lets the next one rise.
/// assert_eq!(flow.panel(12, 8), GridPos { x: 0, y: 8, w: 12, h: 8 });
/// assert_eq!(flow.panel(12, 8), GridPos { x: 12, y: 4, w: 12, h: 8 });
/// // A row starts below everything.
/// assert_eq!(flow.row(), GridPos { x: 0, y: 16, w: 24, h: 1 });
/// ```
#[derive(Debug, Clone)]
pub struct Flow {
    /// Lowest occupied grid unit of each column: a new panel's top edge in
    /// a column is at least this.
    floor: [u32; GRID_COLUMNS as usize],
    /// Column where the next panel goes if it fits on the current line.
    cursor: u32,
}

impl Default for Flow {
    fn default() -> Self {
        Self::new()
    }
}

impl Flow {
    /// An empty grid.
    pub fn new() -> Self {
        Flow {
            floor: [0; GRID_COLUMNS as usize],
            cursor: 0,
        }
    }

    /// Places a panel of `width` x `height`; out-of-range sizes are clamped
    /// to the grid (width `1..=24`, height at least 1): the checks report
    /// them, the layout never fails.
    pub fn panel(&mut self, width: u32, height: u32) -> GridPos {
        let w = width.clamp(1, GRID_COLUMNS);
        let h = height.max(1);
        if self.cursor.saturating_add(w) > GRID_COLUMNS {
            self.cursor = 0;
        }
        let x = self.cursor;
        // x + w <= 24 here: the cursor is at most 24 and wraps before.
        let columns = x as usize..(x + w) as usize;
        let y = self.floor[columns.clone()]
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        for floor in &mut self.floor[columns] {
            *floor = y.saturating_add(h);
        }
        self.cursor = x + w;
        GridPos { x, y, w, h }
    }

    /// Places a row header on a new line below everything placed so far.
    pub fn row(&mut self) -> GridPos {
        let y = self.bottom();
        self.floor = [y.saturating_add(ROW_HEIGHT); GRID_COLUMNS as usize];
        self.cursor = 0;
        GridPos {
            x: 0,
            y,
            w: GRID_COLUMNS,
            h: ROW_HEIGHT,
        }
    }

    /// Places a panel at an explicit `x`, `y` (sizes clamped as in
    /// [`Flow::panel`], `x` to the grid); the flow continues right of it.
    ///
    /// ```
    /// use dashc_core::layout::{Flow, GridPos};
    ///
    /// let mut flow = Flow::new();
    /// assert_eq!(flow.place(6, 2, 12, 4), GridPos { x: 6, y: 2, w: 12, h: 4 });
    /// // The next flowing panel goes right of it, below nothing it covers.
    /// assert_eq!(flow.panel(6, 8), GridPos { x: 18, y: 0, w: 6, h: 8 });
    /// ```
    pub fn place(&mut self, x: u32, y: u32, width: u32, height: u32) -> GridPos {
        let w = width.clamp(1, GRID_COLUMNS);
        let h = height.max(1);
        let x = x.min(GRID_COLUMNS - w);
        let bottom = y.saturating_add(h);
        for floor in &mut self.floor[x as usize..(x + w) as usize] {
            *floor = (*floor).max(bottom);
        }
        self.cursor = x + w;
        GridPos { x, y, w, h }
    }

    /// Places a row header at an explicit `y`; what follows flows from the
    /// line below it.
    pub fn row_at(&mut self, y: u32) -> GridPos {
        self.floor = [y.saturating_add(ROW_HEIGHT); GRID_COLUMNS as usize];
        self.cursor = 0;
        GridPos {
            x: 0,
            y,
            w: GRID_COLUMNS,
            h: ROW_HEIGHT,
        }
    }

    /// Places a model row header, at its explicit `y` if it has one.
    pub fn model_row(&mut self, row: &crate::model::Row) -> GridPos {
        match &row.y {
            Some(y) => self.row_at(y.value),
            None => self.row(),
        }
    }

    /// Continues on a new line below everything placed so far, as panels
    /// below a collapsed row do: the row's own panels are hidden, so what
    /// follows starts at the left edge, not beside them.
    pub fn new_line(&mut self) {
        self.floor = [self.bottom(); GRID_COLUMNS as usize];
        self.cursor = 0;
    }

    /// The grid unit below everything placed so far.
    pub fn bottom(&self) -> u32 {
        self.floor.iter().copied().max().unwrap_or(0)
    }

    /// Places a model panel, honoring its width and height overrides.
    pub fn model_panel(&mut self, panel: &Panel) -> GridPos {
        let w = panel.width.as_ref().map_or(DEFAULT_WIDTH, |w| w.value);
        let h = panel.height.as_ref().map_or(DEFAULT_HEIGHT, |h| h.value);
        match (&panel.x, &panel.y) {
            (Some(x), Some(y)) => self.place(x.value, y.value, w, h),
            _ => self.panel(w, h),
        }
    }
}

/// Lays out a dashboard's items in order; the result has one entry per item.
pub fn layout(items: &[Item]) -> Vec<Placed> {
    let mut flow = Flow::new();
    items
        .iter()
        .map(|item| match item {
            Item::Panel(panel) => Placed::Panel(flow.model_panel(panel)),
            Item::Row(row) => {
                let placed = Placed::Row {
                    row: flow.model_row(row),
                    panels: row.panels.iter().map(|p| flow.model_panel(p)).collect(),
                };
                if row.collapsed {
                    flow.new_line();
                }
                placed
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(x: u32, y: u32, w: u32, h: u32) -> GridPos {
        GridPos { x, y, w, h }
    }

    #[test]
    fn two_columns_by_default() {
        let mut flow = Flow::new();
        let placed: Vec<_> = (0..3).map(|_| flow.panel(12, 8)).collect();
        assert_eq!(
            placed,
            [pos(0, 0, 12, 8), pos(12, 0, 12, 8), pos(0, 8, 12, 8)]
        );
    }

    #[test]
    fn wrapped_panel_rises_to_the_lowest_free_place() {
        let mut flow = Flow::new();
        let a = flow.panel(12, 8);
        let b = flow.panel(12, 4);
        let c = flow.panel(12, 8);
        let d = flow.panel(12, 8);
        assert_eq!(a, pos(0, 0, 12, 8));
        assert_eq!(b, pos(12, 0, 12, 4));
        assert_eq!(c, pos(0, 8, 12, 8));
        assert_eq!(d, pos(12, 4, 12, 8));
        assert_eq!(find_overlap(&[a, b, c, d]), None);
    }

    #[test]
    fn rows_start_below_everything() {
        let mut flow = Flow::new();
        let a = flow.panel(8, 3);
        let b = flow.panel(8, 9);
        let row = flow.row();
        let c = flow.panel(24, 2);
        assert_eq!(row, pos(0, 9, 24, 1));
        assert_eq!(c, pos(0, 10, 24, 2));
        assert_eq!(find_overlap(&[a, b, row, c]), None);
    }

    #[test]
    fn sizes_are_clamped_to_the_grid() {
        let mut flow = Flow::new();
        assert_eq!(flow.panel(30, 0), pos(0, 0, 24, 1));
        assert_eq!(flow.panel(0, 2), pos(0, 1, 1, 2));
    }

    #[test]
    fn heights_up_to_u32_max_saturate_instead_of_overflowing() {
        let mut flow = Flow::new();
        assert_eq!(flow.panel(12, u32::MAX), pos(0, 0, 12, u32::MAX));
        assert_eq!(
            flow.panel(u32::MAX, u32::MAX),
            pos(0, u32::MAX, 24, u32::MAX)
        );
        assert_eq!(flow.row(), pos(0, u32::MAX, 24, 1));
        assert_eq!(flow.bottom(), u32::MAX);
        let placed = flow.panel(12, 8);
        assert_eq!(placed.bottom(), u32::MAX);
        assert_eq!(placed.right(), 12);
    }

    #[test]
    fn occupancy_finds_what_a_rectangle_would_overlap() {
        let mut taken = Occupancy::new();
        assert_eq!(taken.hit(0, 0, 12, 8), None);
        taken.take(0, 0, 0, 12, 8);
        taken.take(1, 12, 0, 12, 4);
        assert_eq!(taken.hit(11, 7, 2, 2), Some((0, 8)));
        assert_eq!(taken.hit(12, 4, 12, 4), None);
        assert_eq!(taken.hit(12, 3, 1, 1), Some((1, 4)));
        assert_eq!(taken.hit(0, 8, 24, 1), None);
        assert_eq!(taken.skyline(6, 12), 8);
        assert_eq!(taken.skyline(12, 12), 4);
        // Sizes past the grid or u64 are clamped, never overflow.
        assert_eq!(taken.hit(u64::MAX, u64::MAX, u64::MAX, u64::MAX), None);
        taken.take(2, 0, u64::MAX - 1, 24, 5);
        assert_eq!(taken.skyline(0, 24), u64::MAX);
    }

    #[test]
    fn explicit_places_continue_the_flow() {
        let mut flow = Flow::new();
        assert_eq!(flow.place(20, 3, 12, 2), pos(12, 3, 12, 2));
        assert_eq!(flow.panel(12, 8), pos(0, 0, 12, 8));
        assert_eq!(flow.row_at(40), pos(0, 40, 24, 1));
        assert_eq!(flow.panel(6, 2), pos(0, 41, 6, 2));
    }

    #[test]
    fn overlap_is_strict() {
        assert!(pos(0, 0, 12, 8).overlaps(&pos(11, 7, 2, 2)));
        assert!(!pos(0, 0, 12, 8).overlaps(&pos(12, 0, 12, 8)));
        assert!(!pos(0, 0, 12, 8).overlaps(&pos(0, 8, 12, 8)));
        assert_eq!(
            find_overlap(&[pos(0, 0, 1, 1), pos(5, 5, 1, 1), pos(5, 5, 2, 2)]),
            Some((1, 2))
        );
    }
}
