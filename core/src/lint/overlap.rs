//! Panels whose rectangles share a cell, found in O(n log n).
//!
//! Every panel is compared with the panels before it in the file, and a
//! panel that overlaps some of them gets one finding naming at most
//! [`MAX_OVERLAPS_NAMED`] of them and their count. Columns are clipped to
//! the 24 of the grid (a panel past them is a finding of its own), so a
//! panel's columns are one of 300 intervals; panels are grouped by that
//! interval, and within a group ordered by their top edge: how many of the
//! panels already seen overlap a new one is a difference of two prefix
//! counts (Fenwick trees), and a few of them are found by descending a tree
//! of the lowest bottom edges. Coordinates are widened to `i128`, so no
//! `y + h` can overflow whatever the file says.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{escape, panel_title, Findings};
use crate::limits::MAX_OVERLAPS_NAMED;

/// The grid's columns.
const COLUMNS: i128 = 24;

/// A panel's rectangle as written, and its columns clipped to the grid.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: i128,
    y: i128,
    right: i128,
    bottom: i128,
    /// First and one-past-last column inside the grid.
    cols: (u8, u8),
}

impl Rect {
    /// The rectangle of a panel with integer `gridPos` fields and a size,
    /// within the grid's columns; `None` for anything else (reported by the
    /// grid checks).
    fn of(panel: &Value) -> Option<Rect> {
        let pos = panel.get("gridPos")?;
        // Grafana's defaults for missing fields; rows are full width.
        let f = |k: &str, default: i128| match pos.get(k) {
            None | Some(Value::Null) => Some(default),
            Some(v) => v.as_i64().map(i128::from),
        };
        let (mut x, y, mut w, h) = (f("x", 0)?, f("y", 0)?, f("w", 6)?, f("h", 3)?);
        if panel.get("type").and_then(Value::as_str) == Some("row") {
            (x, w) = (0, COLUMNS);
        }
        if w < 1 || h < 1 {
            return None;
        }
        let (right, bottom) = (x + w, y + h);
        let first = x.clamp(0, COLUMNS);
        let last = right.clamp(0, COLUMNS);
        if first >= last {
            return None;
        }
        // Both are in 0..=24.
        let cols = (u8::try_from(first).ok()?, u8::try_from(last).ok()?);
        Some(Rect {
            x,
            y,
            right,
            bottom,
            cols,
        })
    }

    fn describe(&self) -> String {
        format!(
            "x {}..{}, y {}..{}",
            self.x, self.right, self.y, self.bottom
        )
    }
}

/// Prefix counts over positions `0..n`.
struct Fenwick(Vec<u32>);

impl Fenwick {
    fn new(n: usize) -> Fenwick {
        Fenwick(vec![0; n + 1])
    }

    fn add(&mut self, position: usize) {
        let mut i = position + 1;
        while i < self.0.len() {
            self.0[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// How many were added at positions `0..end`.
    fn prefix(&self, end: usize) -> usize {
        let mut i = end;
        let mut sum = 0usize;
        while i > 0 {
            sum += self.0[i] as usize;
            i -= i & i.wrapping_neg();
        }
        sum
    }
}

/// The panels of one column interval seen so far.
struct Group {
    /// Tops in ascending order (with the panel's index, to break ties).
    by_top: Vec<(i128, usize)>,
    /// Bottoms in ascending order.
    by_bottom: Vec<(i128, usize)>,
    tops: Fenwick,
    bottoms: Fenwick,
    /// Over `by_top` positions: the largest bottom edge of a seen panel in
    /// each node's range (`i128::MIN` when none).
    max_bottom: Vec<i128>,
    size: usize,
}

impl Group {
    fn new(mut by_top: Vec<(i128, usize)>, mut by_bottom: Vec<(i128, usize)>) -> Group {
        by_top.sort_unstable();
        by_bottom.sort_unstable();
        let n = by_top.len();
        let size = n.next_power_of_two();
        Group {
            by_top,
            by_bottom,
            tops: Fenwick::new(n),
            bottoms: Fenwick::new(n),
            max_bottom: vec![i128::MIN; 2 * size],
            size,
        }
    }

    fn insert(&mut self, index: usize, r: &Rect) {
        let at = self.by_top.partition_point(|e| *e < (r.y, index));
        self.tops.add(at);
        let b = self.by_bottom.partition_point(|e| *e < (r.bottom, index));
        self.bottoms.add(b);
        let mut node = self.size + at;
        self.max_bottom[node] = r.bottom;
        while node > 1 {
            node /= 2;
            self.max_bottom[node] = self.max_bottom[2 * node].max(self.max_bottom[2 * node + 1]);
        }
    }

    /// How many seen panels overlap `r` vertically, and up to `want` of them
    /// (indices) pushed to `found`.
    fn overlapping(&self, r: &Rect, want: usize, found: &mut Vec<usize>) -> usize {
        // Overlap: top < r.bottom and bottom > r.y; those with bottom <= r.y
        // all have top < r.bottom too, so a difference of prefixes counts.
        let starts_above = self.by_top.partition_point(|(top, _)| *top < r.bottom);
        let ends_above = self.by_bottom.partition_point(|(bottom, _)| *bottom <= r.y);
        let count = self.tops.prefix(starts_above) - self.bottoms.prefix(ends_above);
        if count > 0 {
            self.collect(1, 0, self.size, starts_above, r.y, want, found);
        }
        count
    }

    /// Leaves in `0..end` below `node` (covering `lo..hi`) whose bottom is
    /// below `y`, until `found` holds `want`.
    #[allow(clippy::too_many_arguments)]
    fn collect(
        &self,
        node: usize,
        lo: usize,
        hi: usize,
        end: usize,
        y: i128,
        want: usize,
        found: &mut Vec<usize>,
    ) {
        crate::limits::step(1);
        if found.len() >= want || lo >= end || self.max_bottom[node] <= y {
            return;
        }
        if hi - lo == 1 {
            found.push(self.by_top[lo].1);
            return;
        }
        let mid = (lo + hi) / 2;
        self.collect(2 * node, lo, mid, end, y, want, found);
        self.collect(2 * node + 1, mid, hi, end, y, want, found);
    }
}

/// Reports the panels of `panels` (pointer and panel, in file order) that
/// overlap earlier ones.
pub(super) fn check(panels: &[(String, &Value)], out: &mut Findings) {
    let rects: Vec<Option<Rect>> = panels.iter().map(|(_, p)| Rect::of(p)).collect();
    // Per column interval: (top, index) and (bottom, index) of its panels.
    type Edges = Vec<(i128, usize)>;
    let mut members: BTreeMap<(u8, u8), (Edges, Edges)> = BTreeMap::new();
    for (i, r) in rects.iter().enumerate() {
        if let Some(r) = r {
            let entry = members.entry(r.cols).or_default();
            entry.0.push((r.y, i));
            entry.1.push((r.bottom, i));
        }
    }
    let mut groups: Vec<((u8, u8), Group)> = members
        .into_iter()
        .map(|(cols, (tops, bottoms))| (cols, Group::new(tops, bottoms)))
        .collect();
    for (i, r) in rects.iter().enumerate() {
        let Some(r) = r else { continue };
        let mut count = 0;
        let mut found = Vec::new();
        for ((first, last), group) in &groups {
            crate::limits::step(1);
            if *first < r.cols.1 && r.cols.0 < *last {
                let mut some = Vec::new();
                count += group.overlapping(r, MAX_OVERLAPS_NAMED, &mut some);
                found.extend(some);
            }
        }
        if count > 0 {
            found.sort_unstable();
            found.truncate(MAX_OVERLAPS_NAMED);
            report(panels, &rects, i, r, count, &found, out);
        }
        if let Some((_, group)) = groups.iter_mut().find(|(cols, _)| *cols == r.cols) {
            group.insert(i, r);
        }
    }
}

fn report(
    panels: &[(String, &Value)],
    rects: &[Option<Rect>],
    i: usize,
    r: &Rect,
    count: usize,
    found: &[usize],
    out: &mut Findings,
) {
    let (pointer, panel) = &panels[i];
    let others: Vec<(String, String, Rect)> = found
        .iter()
        .filter_map(|&j| {
            let (other, p) = &panels[j];
            Some((panel_title(p), other.clone(), rects[j]?))
        })
        .collect();
    let message = match others.as_slice() {
        [(title, other, rect)] if count == 1 => format!(
            "the panel overlaps panel \"{}\" ({other}): {} against {}; Grafana pushes \
             this one down below it",
            escape(title),
            r.describe(),
            rect.describe()
        ),
        _ => {
            let mut named = others
                .iter()
                .map(|(title, other, rect)| {
                    format!("\"{}\" ({other}) at {}", escape(title), rect.describe())
                })
                .collect::<Vec<_>>()
                .join(", ");
            let more = count.saturating_sub(others.len());
            if more > 0 {
                named.push_str(&format!(" and {more} more"));
            }
            format!(
                "the panel ({}) overlaps {count} earlier panels: {named}; Grafana pushes \
                 this one down below them",
                r.describe()
            )
        }
    };
    out.push(
        &format!("{pointer}/gridPos"),
        Some(panel),
        "overlap",
        message,
    );
}
