//! Every panel Grafana would show, in the order it shows them.
//!
//! - `panels[]`, the current layout, with the `panels` of row panels
//!   (collapsed rows keep their children there) at any depth;
//! - the legacy `rows[]` layout (schemaVersion up to 14), as Grafana
//!   migrates it on load: each row becomes a row panel followed by its
//!   panels, which have a `span` (twelfths of the width) instead of a
//!   `gridPos`;
//! - a `panels` written as an object instead of an array is a problem of
//!   its own, and its members are still visited so their queries are
//!   checked.
//!
//! Each panel carries the variables it is repeated over (its own `repeat`
//! and its row's): each repetition of such a panel gets exactly one value.
//!
//! ```
//! use dashc_core::lint::walk::{walk, Origin};
//! let dashboard = serde_json::json!({"rows": [{"title": "R", "repeat": "ns", "panels": [
//!     {"type": "graph", "targets": [{"expr": "up"}]}]}]});
//! let w = walk(&dashboard, "");
//! assert_eq!(w.panels.len(), 2);
//! assert_eq!(w.panels[0].origin, Origin::LegacyRow);
//! assert_eq!(w.panels[1].pointer, "/rows/0/panels/0");
//! assert_eq!(w.panels[1].repeats, ["ns"]);
//! ```

use serde_json::Value;

use crate::limits::JSON_MAX_DEPTH;

/// Where a visited panel comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An entry of a `panels` list (top level or inside a row panel).
    Panel,
    /// A legacy `rows[]` entry, which Grafana turns into a row panel.
    LegacyRow,
    /// A panel inside a legacy `rows[].panels`, laid out by `span`.
    LegacyPanel,
}

/// One visited panel.
#[derive(Debug, Clone)]
pub struct PanelRef<'a> {
    /// JSON pointer to the panel object.
    pub pointer: String,
    /// The panel (any JSON value: a non-object is reported by the caller).
    pub panel: &'a Value,
    /// Where it comes from.
    pub origin: Origin,
    /// Variables this panel is repeated over: its own `repeat` and those of
    /// the rows it is in.
    pub repeats: Vec<String>,
    /// Pointer of the `panels` list (or legacy row) holding the panel; the
    /// panels of one container share a grid.
    pub container: String,
}

/// A `panels` or `rows` member of the wrong JSON kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON pointer to the bad member.
    pub pointer: String,
    /// What is wrong and what Grafana does with it.
    pub message: String,
}

/// The result of [`walk`].
#[derive(Debug, Clone, Default)]
pub struct Walk<'a> {
    /// Every panel, in the order Grafana shows them.
    pub panels: Vec<PanelRef<'a>>,
    /// Structural problems met on the way.
    pub problems: Vec<Problem>,
}

/// Visits every panel of `dashboard` (found at JSON pointer `base`). Linear
/// in the size of the JSON; depth is bounded by serde_json's nesting limit.
pub fn walk<'a>(dashboard: &'a Value, base: &str) -> Walk<'a> {
    let mut w = Walk::default();
    if let Some(panels) = dashboard.get("panels") {
        list(panels, &format!("{base}/panels"), &[], 0, &mut w);
    }
    match dashboard.get("rows") {
        None | Some(Value::Null) => {}
        Some(Value::Array(rows)) => {
            for (i, row) in rows.iter().enumerate() {
                let pointer = format!("{base}/rows/{i}");
                let repeats = repeat_of(row).into_iter().collect::<Vec<_>>();
                w.panels.push(PanelRef {
                    pointer: pointer.clone(),
                    panel: row,
                    origin: Origin::LegacyRow,
                    repeats: repeats.clone(),
                    container: format!("{base}/rows"),
                });
                match row.get("panels") {
                    None | Some(Value::Null) => {}
                    Some(Value::Array(children)) => {
                        for (j, child) in children.iter().enumerate() {
                            let mut own = repeats.clone();
                            own.extend(repeat_of(child));
                            w.panels.push(PanelRef {
                                pointer: format!("{pointer}/panels/{j}"),
                                panel: child,
                                origin: Origin::LegacyPanel,
                                repeats: own,
                                container: format!("{pointer}/panels"),
                            });
                        }
                    }
                    Some(other) => w.problems.push(Problem {
                        pointer: format!("{pointer}/panels"),
                        message: format!(
                            "the row's `panels` is {}, not an array: Grafana's migration \
                             finds no panels in it and the row shows empty; write a list of \
                             panel objects",
                            super::json_kind(other)
                        ),
                    }),
                }
            }
        }
        Some(other) => w.problems.push(Problem {
            pointer: format!("{base}/rows"),
            message: format!(
                "`rows` is {}, not an array: Grafana's migration finds no rows in it; write a \
                 list of rows, or better, current `panels` with row panels",
                super::json_kind(other)
            ),
        }),
    }
    w
}

/// The variable a panel or row repeats over, if any.
fn repeat_of(panel: &Value) -> Option<String> {
    panel
        .get("repeat")
        .and_then(Value::as_str)
        .map(|r| r.trim().trim_start_matches('$').trim_matches(['{', '}']))
        .filter(|r| !r.is_empty())
        .map(str::to_string)
}

/// Visits a `panels` member at `pointer` holding `value`.
fn list<'a>(value: &'a Value, pointer: &str, repeats: &[String], depth: usize, w: &mut Walk<'a>) {
    let members: Vec<(String, &'a Value)> = match value {
        Value::Null => return,
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{pointer}/{i}"), p))
            .collect(),
        Value::Object(map) => {
            w.problems.push(Problem {
                pointer: pointer.to_string(),
                message: "`panels` is an object, not an array: Grafana shows none of these \
                          panels; write `\"panels\": [...]`, a list of panel objects (their \
                          queries are checked here all the same)"
                    .to_string(),
            });
            map.iter()
                .map(|(k, p)| (format!("{pointer}/{}", escape_pointer(k)), p))
                .collect()
        }
        other => {
            w.problems.push(Problem {
                pointer: pointer.to_string(),
                message: format!(
                    "`panels` is {}, not an array: Grafana shows no panel; write a list of \
                     panel objects",
                    super::json_kind(other)
                ),
            });
            return;
        }
    };
    // Below an open row panel, the panels up to the next row belong to it
    // and are repeated with it.
    let mut row_repeat: Option<String> = None;
    for (p, panel) in members {
        let is_row = panel.get("type").and_then(Value::as_str) == Some("row");
        if is_row {
            row_repeat = None;
        }
        let mut own = repeats.to_vec();
        own.extend(row_repeat.clone());
        own.extend(repeat_of(panel));
        if is_row {
            row_repeat = repeat_of(panel);
        }
        w.panels.push(PanelRef {
            pointer: p.clone(),
            panel,
            origin: Origin::Panel,
            repeats: own.clone(),
            container: pointer.to_string(),
        });
        // serde_json caps nesting, so this recursion is bounded too.
        if depth < JSON_MAX_DEPTH {
            if let Some(children) = panel.get("panels") {
                list(children, &format!("{p}/panels"), &own, depth + 1, w);
            }
        }
    }
}

/// A JSON pointer token: `~` as `~0`, `/` as `~1` (RFC 6901).
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
