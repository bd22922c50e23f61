//! Layout properties on many generated dashboards: whatever the sizes and
//! rows, every position fits the 24 columns, nothing overlaps (children of
//! collapsed rows included), rows are full width below everything before
//! them, and the flow is left to right, top to bottom (from the left edge
//! again below a collapsed row).

mod grafana_fixture;

use dashc_core::layout::{find_overlap, layout, GridPos, Placed, GRID_COLUMNS};
use dashc_core::model::{Item, Panel, PanelKind, Row};
use grafana_fixture::{panel, s};

/// A small deterministic generator (64-bit LCG), so every run checks the same cases.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n)) as u32
    }
}

fn sized_panel(rng: &mut Lcg) -> Panel {
    let mut p = panel(PanelKind::Stat, "p", Vec::new());
    // Out-of-range sizes too: the layout clamps, it never fails.
    if rng.below(3) > 0 {
        p.width = Some(s(rng.below(27)));
    }
    if rng.below(3) > 0 {
        p.height = Some(s(rng.below(13)));
    }
    p
}

fn random_items(rng: &mut Lcg) -> Vec<Item> {
    (0..rng.below(12))
        .map(|_| {
            if rng.below(3) == 0 {
                Item::Row(Row {
                    loc: dashc_core::diag::Loc::NONE,
                    title: s("r".into()),
                    collapsed: rng.below(2) == 0,
                    panels: (0..rng.below(6)).map(|_| sized_panel(rng)).collect(),
                    repeat: None,
                    y: None,
                    set: Vec::new(),
                })
            } else {
                Item::Panel(sized_panel(rng))
            }
        })
        .collect()
}

#[test]
fn generated_layouts_hold_every_property() {
    let mut rng = Lcg(0x5eed);
    for case in 0..2000 {
        let items = random_items(&mut rng);
        let placed = layout(&items);
        assert_eq!(placed.len(), items.len(), "case {case}");
        let mut all: Vec<GridPos> = Vec::new();
        let mut previous: Option<GridPos> = None;
        // Below a collapsed row (whose panels are hidden) the flow starts
        // a new line: at the left edge, below everything.
        let mut new_line = false;
        for (item, place) in items.iter().zip(&placed) {
            let panels: Vec<GridPos> = match (item, place) {
                (Item::Panel(_), Placed::Panel(pos)) => {
                    if std::mem::take(&mut new_line) {
                        let bottom = all.iter().map(GridPos::bottom).max().unwrap_or(0);
                        assert_eq!(
                            (pos.x, pos.y),
                            (0, bottom),
                            "case {case}: below a collapsed row"
                        );
                    }
                    vec![*pos]
                }
                (Item::Row(row), Placed::Row { row: pos, panels }) => {
                    assert_eq!((pos.x, pos.w, pos.h), (0, GRID_COLUMNS, 1), "case {case}");
                    let bottom = all.iter().map(GridPos::bottom).max().unwrap_or(0);
                    assert_eq!(pos.y, bottom, "case {case}: a row starts below everything");
                    assert_eq!(panels.len(), row.panels.len(), "case {case}");
                    for child in panels {
                        assert!(child.y > pos.y, "case {case}: child above its row");
                    }
                    all.push(*pos);
                    previous = None;
                    panels.clone()
                }
                _ => panic!("case {case}: placement of the wrong kind"),
            };
            let collapsed = matches!(item, Item::Row(r) if r.collapsed);
            for pos in panels {
                assert!(pos.fits_grid(), "case {case}: {pos:?}");
                if let Some(prev) = previous {
                    // Same line: to the right; wrapped: back at column 0.
                    assert!(
                        pos.x == prev.right()
                            || (pos.x == 0 && prev.right() + pos.w > GRID_COLUMNS),
                        "case {case}: {pos:?} after {prev:?}"
                    );
                }
                previous = Some(pos);
                all.push(pos);
            }
            if collapsed {
                previous = None;
            }
            if matches!(item, Item::Row(_)) {
                new_line = collapsed;
            }
        }
        assert_eq!(find_overlap(&all), None, "case {case}: {all:?}");
    }
}

#[test]
fn explicit_sizes_are_kept() {
    let mut p = panel(PanelKind::Gauge, "g", Vec::new());
    p.width = Some(s(5));
    p.height = Some(s(11));
    let placed = layout(&[Item::Panel(p.clone()), Item::Panel(p)]);
    assert_eq!(
        placed,
        [
            Placed::Panel(GridPos {
                x: 0,
                y: 0,
                w: 5,
                h: 11
            }),
            Placed::Panel(GridPos {
                x: 5,
                y: 0,
                w: 5,
                h: 11
            }),
        ]
    );
}
