//! Explicit placement (`x: N, y: N` on a panel, `y: N` on a row): both or
//! neither on a panel, inside the 24 columns, and no two places sharing a
//! grid cell. What Grafana shows at once is one space: panels outside rows,
//! row headers and the panels of expanded rows; the panels of a collapsed
//! row are hidden until it opens (Grafana then pushes what follows down),
//! so they form a space of their own. Panels that flow never overlap (see
//! [`crate::layout`]), so the cells are compared only when something is
//! placed explicitly.

use crate::diag::{Diagnostics, Loc};
use crate::layout::{layout, GridPos, Occupancy, Placed, GRID_COLUMNS};
use crate::model::{Dashboard, Item, Panel};

/// Checks the explicit places of `d`'s panels.
pub fn check(d: &Dashboard, diags: &mut Diagnostics) {
    let panels = || {
        d.items.iter().flat_map(|item| match item {
            Item::Panel(p) => std::slice::from_ref(p).iter(),
            Item::Row(r) => r.panels.iter(),
        })
    };
    let mut explicit = false;
    for p in panels() {
        match (&p.x, &p.y) {
            (Some(x), None) => diags.error(
                x.loc,
                format!("`x` without `y` on panel \"{}\": give both (`x: {}, y: 0`) to place it, or neither to let it flow", p.title.value, x.value),
            ),
            (None, Some(y)) => diags.error(
                y.loc,
                format!("`y` without `x` on panel \"{}\": give both (`x: 0, y: {}`) to place it, or neither to let it flow", p.title.value, y.value),
            ),
            (Some(x), Some(_)) => {
                explicit = true;
                let w = p.width.as_ref().map_or(crate::layout::DEFAULT_WIDTH, |w| w.value);
                if w <= GRID_COLUMNS && x.value.saturating_add(w) > GRID_COLUMNS {
                    diags.error(
                        x.loc,
                        format!(
                            "panel \"{}\" at x {} with width {w} ends past the grid's {GRID_COLUMNS} columns: use x 0 to {}",
                            p.title.value,
                            x.value,
                            GRID_COLUMNS - w
                        ),
                    );
                }
            }
            (None, None) => {}
        }
    }
    let rows_placed = d
        .items
        .iter()
        .any(|item| matches!(item, Item::Row(r) if r.y.is_some()));
    if !explicit && !rows_placed {
        return;
    }
    // Every place in order: rows, and each row's panels after it; the
    // panels of each collapsed row apart.
    let mut shown: Vec<Place<'_>> = Vec::new();
    let mut hidden: Vec<Vec<Place<'_>>> = Vec::new();
    for (item, placed) in d.items.iter().zip(layout(&d.items)) {
        match (item, placed) {
            (Item::Panel(p), Placed::Panel(pos)) => shown.push((pos, Ok(p), &p.title.value)),
            (Item::Row(r), Placed::Row { row, panels }) => {
                shown.push((
                    row,
                    Err(r.y.as_ref().map_or(r.loc, |y| y.loc)),
                    &r.title.value,
                ));
                let children = r
                    .panels
                    .iter()
                    .zip(panels)
                    .map(|(p, pos)| (pos, Ok(p), p.title.value.as_str()));
                if r.collapsed {
                    hidden.push(children.collect());
                } else {
                    shown.extend(children);
                }
            }
            _ => {}
        }
    }
    disjoint(&shown, diags);
    for space in &hidden {
        disjoint(space, diags);
    }
}

/// A place, the panel there (or, for a row header, where the row is
/// written) and its title.
type Place<'a> = (GridPos, Result<&'a Panel, Loc>, &'a str);

/// Reports each place that shares a cell with an earlier one.
fn disjoint(places: &[Place<'_>], diags: &mut Diagnostics) {
    // Overlapping places are reported and left out, so the taken cells
    // stay disjoint intervals per column.
    let mut taken = Occupancy::new();
    for (i, (pos, panel, title)) in places.iter().enumerate() {
        let (x, y, w, h) = (
            u64::from(pos.x),
            u64::from(pos.y),
            u64::from(pos.w),
            u64::from(pos.h),
        );
        let hit = taken.hit(x, y, w, h).map(|(j, _)| j);
        if hit.is_none() {
            taken.take(i, x, y, w, h);
        }
        if let Some(j) = hit {
            let (other, other_panel, other_title) = &places[j];
            let what = |p: &Result<&Panel, Loc>| if p.is_ok() { "panel" } else { "row" };
            let own = |p: &Result<&Panel, Loc>| match p {
                Ok(p) => Some(p.x.as_ref().map_or(p.title.loc, |x| x.loc)),
                Err(loc) => Some(*loc),
            };
            let loc = own(panel).or_else(|| own(other_panel)).unwrap_or(Loc::NONE);
            diags.error(
                loc,
                format!(
                    "{} \"{title}\" at x {}, y {} ({} x {}) overlaps {} \"{other_title}\" at x {}, y {} ({} x {}): Grafana would push one of them down; move it with `x`/`y`, or drop the explicit place to let it flow",
                    what(panel), pos.x, pos.y, pos.w, pos.h,
                    what(other_panel), other.x, other.y, other.w, other.h
                ),
            );
        }
    }
}
