//! Grafana's load-time migrations of the classic dashboard model, for the
//! schema versions and panels `dashc import` accepts (12 to 42): what
//! Grafana's `DashboardMigrator` does to an older dashboard, and what its
//! panel plugins' type-change handlers do to the Angular panels it no
//! longer runs (`graph` to `timeseries`, `singlestat` to `stat` or `gauge`,
//! `table-old` to `table`). The result is the dashboard as Grafana 12
//! holds it after loading: current `panels` (legacy `rows[]` turned into
//! row panels and grid positions), sorted by grid position, each row's
//! collapsed children inside it.
//!
//! Every step is a pure function of the JSON: linear in its size.

use serde_json::{json, Map, Value};

use crate::grafana::number as gnum;

/// Grafana's grid: 24 columns.
const GRID_COLUMNS: i64 = 24;
/// `DEFAULT_ROW_HEIGHT` of Grafana's legacy rows, in pixels.
const DEFAULT_ROW_HEIGHT: f64 = 250.0;
/// `DEFAULT_PANEL_SPAN` of legacy panels, in twelfths.
const DEFAULT_PANEL_SPAN: f64 = 4.0;
/// `GRID_CELL_HEIGHT` + `GRID_CELL_VMARGIN`, pixels per grid unit.
const PIXELS_PER_UNIT: f64 = 38.0;
/// `MIN_PANEL_HEIGHT`: three 30 px cells.
const MIN_PANEL_HEIGHT: f64 = 90.0;

/// Keys of a panel that survive a change of its plugin (Grafana's
/// `PanelModel` keeps them); an Angular panel's other keys are its options,
/// which the new plugin's change handler reads and Grafana then drops.
pub const KEPT_ON_TYPE_CHANGE: &[&str] = &[
    "id",
    "gridPos",
    "type",
    "title",
    "repeat",
    "repeatDirection",
    "maxPerRow",
    "targets",
    "datasource",
    "timeFrom",
    "timeShift",
    "hideTimeOverride",
    "description",
    "links",
    "cacheTimeout",
    "queryCachingTTL",
    "transparent",
    "pluginVersion",
    "fieldConfig",
    "options",
    "maxDataPoints",
    "interval",
    "libraryPanel",
    "transformations",
    "collapsed",
    "panels",
];

/// Grafana's frontend puts its built-in "Annotations & Alerts" query first
/// in `annotations.list` when a dashboard loads without one (with these
/// values: on, its toggle hidden).
fn add_builtin_annotation(map: &mut serde_json::Map<String, Value>) {
    let annotations = map
        .entry("annotations")
        .or_insert_with(|| json!({"list": []}));
    let Some(a) = annotations.as_object_mut() else {
        return;
    };
    let list = a.entry("list").or_insert_with(|| json!([]));
    let Some(list) = list.as_array_mut() else {
        return;
    };
    if list
        .iter()
        .any(|q| q.get("builtIn").and_then(Value::as_i64) == Some(1))
    {
        return;
    }
    list.insert(
        0,
        json!({
            "builtIn": 1,
            "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": true,
            "hide": true,
            "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts",
            "type": "dashboard",
        }),
    );
}

/// The dashboard as Grafana holds it once loaded (see the module
/// documentation). `dashboard` is the bare dashboard object.
pub fn migrate(mut dashboard: Value) -> Value {
    let version = dashboard
        .get("schemaVersion")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let Some(map) = dashboard.as_object_mut() else {
        return dashboard;
    };
    add_builtin_annotation(map);
    if version < 14 {
        let shared = map.remove("sharedCrosshair").is_some_and(|v| truthy(&v));
        map.insert("graphTooltip".into(), json!(if shared { 1 } else { 0 }));
    }
    if version < 16 {
        if let Some(rows) = map.remove("rows") {
            let panels = upgrade_to_grid_layout(rows);
            let mut list = match map.remove("panels") {
                Some(Value::Array(list)) => list,
                _ => Vec::new(),
            };
            list.extend(panels);
            map.insert("panels".into(), Value::Array(list));
        }
    }
    if let Some(Value::Array(vars)) = map.get_mut("templating").and_then(|t| t.get_mut("list")) {
        for var in vars.iter_mut().filter_map(Value::as_object_mut) {
            migrate_variable(var, version);
            current_without_state(var);
            current_as_loaded(var);
        }
    }
    if let Some(Value::Array(panels)) = map.get_mut("panels") {
        for panel in panels.iter_mut() {
            migrate_panel(panel, version);
            if let Some(Value::Array(children)) = panel.get_mut("panels") {
                for child in children.iter_mut() {
                    migrate_panel(child, version);
                }
            }
        }
        sort_by_grid_pos(panels);
        for panel in panels.iter_mut() {
            if panel.get("type").and_then(Value::as_str) == Some("row") {
                if let Some(Value::Object(g)) = panel.get_mut("gridPos") {
                    // Grafana's grid lays a row out full width, one unit high.
                    g.insert("x".into(), json!(0));
                    g.insert("w".into(), json!(GRID_COLUMNS));
                    g.insert("h".into(), json!(1));
                }
            }
        }
        push_down(panels.iter_mut().collect());
        for panel in panels.iter_mut() {
            if let Some(Value::Array(children)) = panel.get_mut("panels") {
                sort_by_grid_pos(children);
                push_down(children.iter_mut().collect());
                sort_by_grid_pos(children);
            }
        }
        sort_by_grid_pos(panels);
    }
    dashboard
}

/// Grafana's grid never shows two panels on one cell: going down the
/// dashboard, a panel overlapping one above it is pushed down below it.
/// The panels of a collapsed row are hidden, a grid of their own. Moves
/// are counted: past [`MAX_PUSHES`] a panel goes straight below everything
/// in its columns, so hostile input costs bounded time.
fn push_down(panels: Vec<&mut Value>) {
    let mut taken = crate::layout::Occupancy::new();
    let mut pushes = 0usize;
    for (index, panel) in panels.into_iter().enumerate() {
        let Some(Value::Object(g)) = panel.get_mut("gridPos") else {
            continue;
        };
        let at = |k: &str, d: f64| g.get(k).and_then(Value::as_f64).unwrap_or(d).round();
        let x = at("x", 0.0).clamp(0.0, 23.0) as u64;
        let w = at("w", 6.0).clamp(1.0, 24.0) as u64;
        let h = at("h", 3.0).clamp(1.0, 1e6) as u64;
        let original = at("y", 0.0).clamp(0.0, 1e9) as u64;
        let mut y = original;
        while let Some((_, bottom)) = taken.hit(x, y, w, h) {
            pushes += 1;
            crate::limits::step(1);
            y = if pushes > MAX_PUSHES {
                taken.skyline(x, w)
            } else {
                bottom
            };
        }
        taken.take(index, x, y, w, h);
        if y != original {
            g.insert("y".into(), json!(y));
        }
    }
}

/// Moves [`push_down`] makes one at a time, over a whole grid.
const MAX_PUSHES: usize = 100_000;

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// Grafana sorts a dashboard's panels by `gridPos` (`y`, then `x`) on load.
fn sort_by_grid_pos(panels: &mut [Value]) {
    let key = |p: &Value| {
        let at = |k: &str| {
            p.get("gridPos")
                .and_then(|g| g.get(k))
                .and_then(Value::as_f64)
                .unwrap_or(0.0)
        };
        (at("y"), at("x"))
    };
    // A stable sort keeps the file's order among equal places.
    panels.sort_by(|a, b| {
        key(a)
            .partial_cmp(&key(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

/// A legacy height (`"250px"` or a number) in grid units.
fn grid_height(height: &Value) -> i64 {
    let px = match height {
        Value::String(s) => s
            .trim()
            .trim_end_matches("px")
            .trim()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|d| d.parse::<f64>().ok())
            .unwrap_or(f64::NAN),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        _ => f64::NAN,
    };
    // Grafana's comparison with NaN is false: a NaN height stays NaN and so does the result;
    // the grid then has no height, which Grafana shows as its minimum.
    let px = if px < MIN_PANEL_HEIGHT {
        MIN_PANEL_HEIGHT
    } else {
        px
    };
    if px.is_nan() {
        return (MIN_PANEL_HEIGHT / PIXELS_PER_UNIT).ceil() as i64;
    }
    (px.min(1e9) / PIXELS_PER_UNIT).ceil() as i64
}

/// Grafana's `RowArea`: the filled height of each column of one legacy row.
struct RowArea {
    area: Vec<i64>,
    y: i64,
    height: i64,
}

impl RowArea {
    fn add(&mut self, x: i64, y: i64, w: i64, h: i64) {
        for i in x.max(0)..x.saturating_add(w).min(GRID_COLUMNS) {
            let filled = y.saturating_add(h).saturating_sub(self.y);
            let slot = &mut self.area[i as usize];
            if *slot == 0 || filled > *slot {
                *slot = filled;
            }
        }
    }

    fn place(&mut self, width: i64, once: bool) -> Option<(i64, i64)> {
        let (mut start, mut end) = (None, None);
        for i in (0..self.area.len()).rev() {
            if self.height.saturating_sub(self.area[i]) > 0 {
                if end.is_none() {
                    end = Some(i);
                } else if i < self.area.len() - 1 && self.area[i] <= self.area[i + 1] {
                    start = Some(i);
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        match (start, end) {
            (Some(s), Some(e)) if (e - s) as i64 >= width.saturating_sub(1) => {
                let y = self.area[s..].iter().copied().max().unwrap_or(0);
                Some((s as i64, y))
            }
            _ if !once => {
                self.y = self.y.saturating_add(self.height);
                self.area.iter_mut().for_each(|a| *a = 0);
                self.place(width, true)
            }
            _ => None,
        }
    }
}

/// Grafana's `upgradeToGridLayout` (schema 16): legacy `rows[]` become
/// row panels (when any row is collapsed, repeated or shows its title) and
/// grid positions.
fn upgrade_to_grid_layout(rows: Value) -> Vec<Value> {
    let Value::Array(rows) = rows else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let max_id = rows
        .iter()
        .filter_map(|r| r.get("panels").and_then(Value::as_array))
        .flatten()
        .filter_map(|p| p.get("id").and_then(Value::as_i64))
        .max()
        .unwrap_or(0);
    let mut next_row_id = max_id.saturating_add(1);
    let show_rows = rows.iter().any(|r| {
        ["collapse", "showTitle", "repeat"]
            .iter()
            .any(|k| r.get(*k).is_some_and(truthy))
    });
    let mut y_pos: i64 = 0;
    for row in rows {
        if row.get("repeatIteration").is_some_and(truthy) {
            continue;
        }
        let height = match row.get("height") {
            Some(h) if truthy(h) => h.clone(),
            _ => json!(DEFAULT_ROW_HEIGHT),
        };
        let row_height = grid_height(&height);
        let collapsed = row.get("collapse").is_some_and(truthy);
        let mut row_panel = None;
        if show_rows {
            let mut r = Map::new();
            r.insert("collapsed".into(), json!(collapsed));
            r.insert(
                "gridPos".into(),
                json!({"h": row_height, "w": GRID_COLUMNS, "x": 0, "y": y_pos}),
            );
            r.insert("id".into(), json!(next_row_id));
            r.insert("panels".into(), json!([]));
            if let Some(repeat) = row.get("repeat").filter(|v| !v.is_null()) {
                r.insert("repeat".into(), repeat.clone());
            }
            r.insert(
                "title".into(),
                row.get("title").cloned().unwrap_or(json!("")),
            );
            r.insert("type".into(), json!("row"));
            row_panel = Some(r);
            next_row_id = next_row_id.saturating_add(1);
            y_pos = y_pos.saturating_add(1);
        }
        let mut area = RowArea {
            area: vec![0; GRID_COLUMNS as usize],
            y: y_pos,
            height: row_height,
        };
        let panels = match row.get("panels") {
            Some(Value::Array(p)) => p.clone(),
            _ => Vec::new(),
        };
        let mut children = Vec::new();
        for mut panel in panels {
            let Some(p) = panel.as_object_mut() else {
                continue;
            };
            let span = p
                .get("span")
                .and_then(Value::as_f64)
                .filter(|s| *s != 0.0)
                .unwrap_or(DEFAULT_PANEL_SPAN);
            if let Some(min_span) = p.get("minSpan").and_then(Value::as_f64) {
                p.insert(
                    "minSpan".into(),
                    gnum((GRID_COLUMNS as f64).min(2.0 * min_span)),
                );
            }
            let width = (span.floor() as i64).saturating_mul(2);
            let height = match p.get("height") {
                Some(h) if truthy(h) => grid_height(h),
                _ => row_height,
            };
            let (x, y) = area.place(width, false).unwrap_or((0, 0));
            y_pos = area.y;
            let pos = json!({"h": height, "w": width, "x": x, "y": y_pos.saturating_add(y)});
            area.add(x, y_pos.saturating_add(y), width, height);
            p.insert("gridPos".into(), pos);
            p.remove("span");
            children.push(panel);
        }
        match row_panel {
            Some(mut r) if collapsed => {
                r.insert("panels".into(), Value::Array(children));
                out.push(Value::Object(r));
            }
            Some(r) => {
                out.push(Value::Object(r));
                out.extend(children);
            }
            None => out.extend(children),
        }
        if !(show_rows && collapsed) {
            y_pos = y_pos.saturating_add(row_height);
        }
    }
    out
}

/// A variable's `current` as Grafana 12 saves it: its `text` and `value`.
/// The `selected` flag and the `tags` of older versions are state of the
/// variable's picker, which Grafana's scene variables do not keep.
fn current_without_state(var: &mut Map<String, Value>) {
    if let Some(Value::Object(current)) = var.get_mut("current") {
        current.remove("selected");
        current.remove("tags");
    }
}

/// A variable's `current` as Grafana 12 reads it on load: the auto option of
/// an interval variable of before Grafana 11 (`$__auto_interval_<name>`) is
/// `$__auto`; and "All" (`$__all`) on a query or custom variable without
/// `includeAll` is no value at all (Grafana selects the first value once
/// the values are known), so that `current` is removed.
fn current_as_loaded(var: &mut Map<String, Value>) {
    let kind = var.get("type").and_then(Value::as_str).unwrap_or("query");
    let include_all = var.get("includeAll").and_then(Value::as_bool) == Some(true);
    let stale_all = matches!(kind, "query" | "custom")
        && !include_all
        && var
            .get("current")
            .and_then(|c| c.get("value"))
            .is_some_and(|v| {
                v.as_str() == Some(crate::grafana::ALL_VALUE)
                    || v.get(0).and_then(Value::as_str) == Some(crate::grafana::ALL_VALUE)
            });
    if stale_all {
        var.remove("current");
        return;
    }
    if kind != "interval" {
        return;
    }
    let auto = |v: &mut Value| {
        if v.as_str()
            .is_some_and(|s| s.starts_with("$__auto_interval_"))
        {
            *v = json!(crate::grafana::AUTO_INTERVAL_VALUE);
        }
    };
    if let Some(Value::Object(current)) = var.get_mut("current") {
        // Some versions saved the old value as the text too: it shows "auto".
        let old = current
            .get("value")
            .and_then(Value::as_str)
            .map(String::from);
        if let Some(v) = current.get_mut("value") {
            auto(v);
        }
        let stale_text = old.as_deref().is_some_and(|o| {
            o.starts_with("$__auto_interval_")
                && current.get("text").and_then(Value::as_str) == Some(o)
        });
        if stale_text {
            current.insert("text".into(), json!("auto"));
        }
    }
    if let Some(Value::Array(options)) = var.get_mut("options") {
        for v in options.iter_mut().filter_map(|o| o.get_mut("value")) {
            auto(v);
        }
    }
}

fn migrate_variable(var: &mut Map<String, Value>, version: i64) {
    let kind = var
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if version < 27 && kind == "constant" {
        let query = var.get("query").cloned().unwrap_or(json!(""));
        let current = json!({"selected": true, "text": query, "value": query});
        var.insert("options".into(), json!([current.clone()]));
        var.insert("current".into(), current);
        let hide = var.get("hide").and_then(Value::as_i64).unwrap_or(0);
        if hide == 0 || hide == 1 {
            var.insert("type".into(), json!("textbox"));
        }
    }
    if version < 28 {
        for key in ["tags", "tagsQuery", "tagValuesQuery", "useTags"] {
            if var.get(key).is_some_and(truthy) {
                var.remove(key);
            }
        }
    }
    if version < 29 && kind == "query" {
        let refresh = var.get("refresh").and_then(Value::as_i64);
        if refresh != Some(1) && refresh != Some(2) {
            var.insert("refresh".into(), json!(1));
        }
        if var
            .get("options")
            .and_then(Value::as_array)
            .is_some_and(|o| !o.is_empty())
        {
            var.insert("options".into(), json!([]));
        }
    }
}

/// Migrates one panel (not its children).
fn migrate_panel(panel: &mut Value, version: i64) {
    let Some(p) = panel.as_object_mut() else {
        return;
    };
    if version < 17 {
        if let Some(min_span) = p.remove("minSpan").and_then(|v| v.as_f64()) {
            if min_span > 0.0 {
                let max = GRID_COLUMNS as f64 / min_span;
                let factors = [1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 24.0];
                if let Some(i) = factors.iter().position(|f| *f > max) {
                    if i > 0 {
                        p.insert("maxPerRow".into(), gnum(factors[i - 1]));
                    }
                }
            }
        }
    }
    let kind = p
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    match kind.as_str() {
        "graph" => {
            let mode = p
                .get("xaxis")
                .and_then(|x| x.get("mode"))
                .and_then(Value::as_str);
            let to = match mode {
                Some("series") => "bargauge",
                Some("histogram") => "histogram",
                _ => "timeseries",
            };
            graph_to_timeseries(p, to);
        }
        "singlestat" | "grafana-singlestat-panel" => singlestat_to_stat(p),
        "table-old" => table_old_to_table(p),
        "table" if version < 24 && p.contains_key("styles") => table_old_to_table(p),
        _ => {}
    }
    if version < 30 {
        upgrade_value_mappings(p);
        tooltip_options(p);
    }
    text_options(p);
    hide_from_viz(p);
    legend_show(p);
    numeric_threshold_values(p);
    stacking_group_text(p);
    numeric_heatmap_bounds(p);
    if let Some(Value::Object(sd)) = p
        .get_mut("fieldConfig")
        .and_then(|f| f.pointer_mut("/defaults/custom/scaleDistribution"))
    {
        // A key Grafana's scale distribution has not: never read.
        sd.remove("scaleDistributionLog");
    }
    if version < 38 {
        table_cell_options(p);
    }
    // Grafana's heatmap migration: a heatmap without options is the
    // Angular one of before Grafana 9. It runs when the plugin loads,
    // after the schema migrations above (which it is not subject to).
    if kind == "heatmap"
        && p.get("options")
            .is_none_or(|o| o.as_object().is_some_and(Map::is_empty))
    {
        angular_heatmap(p);
    }
}

/// The number a string of one holds (`"0.95"`), as JavaScript reads it
/// where it computes with the string.
fn numeric_text(v: &Value) -> Option<f64> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|n| n.is_finite())
}

/// Applies `fix` to a field option wherever a panel sets it: at `path`
/// below `fieldConfig.defaults` (`/thresholds`) and as the value of every
/// override property of that id (`thresholds`).
fn each_field_option(p: &mut Map<String, Value>, path: &str, id: &str, fix: fn(&mut Value)) {
    let Some(Value::Object(fc)) = p.get_mut("fieldConfig") else {
        return;
    };
    if let Some(v) = fc.get_mut("defaults").and_then(|d| d.pointer_mut(path)) {
        fix(v);
    }
    if let Some(Value::Array(overrides)) = fc.get_mut("overrides") {
        for o in overrides {
            let Some(Value::Array(props)) = o.get_mut("properties") else {
                continue;
            };
            for prop in props {
                if prop.get("id").and_then(Value::as_str) == Some(id) {
                    if let Some(v) = prop.get_mut("value") {
                        fix(v);
                    }
                }
            }
        }
    }
}

/// A threshold step's value saved as a string of a number (`"0.95"`, as
/// hand-edited dashboards have it) is that number: Grafana compares a
/// field's value with the step's with JavaScript's `>=`, which reads the
/// string as its number; Grafana's schema types it as a number.
fn numeric_threshold_values(p: &mut Map<String, Value>) {
    each_field_option(p, "/thresholds", "thresholds", |thresholds| {
        let Some(Value::Array(steps)) = thresholds.get_mut("steps") else {
            return;
        };
        for v in steps.iter_mut().filter_map(|step| step.get_mut("value")) {
            if let Some(n) = numeric_text(v) {
                *v = gnum(n);
            }
        }
    });
}

/// A heatmap's y axis bound saved as a string of a number (`"0"`, as
/// Grafana 9's migration of the Angular heatmap copied it) is that number:
/// the heatmap hands it to its scale, which computes with it as a number;
/// Grafana's schema types it as a number.
fn numeric_heatmap_bounds(p: &mut Map<String, Value>) {
    if p.get("type").and_then(Value::as_str) != Some("heatmap") {
        return;
    }
    let Some(Value::Object(axis)) = p.get_mut("options").and_then(|o| o.get_mut("yAxis")) else {
        return;
    };
    for key in ["min", "max"] {
        if let Some(n) = axis.get(key).and_then(numeric_text) {
            axis.insert(key.into(), gnum(n));
        }
    }
}

/// A stacking group saved as a boolean or a number (`"group": false`) is
/// the group of that name: Grafana builds the key that stacks series
/// together from the group as text, so `false` stacks with `"false"`;
/// Grafana's schema types the group as a string.
fn stacking_group_text(p: &mut Map<String, Value>) {
    each_field_option(p, "/custom/stacking", "custom.stacking", |stacking| {
        let Some(group) = stacking.get_mut("group") else {
            return;
        };
        let text = match &*group {
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => js_string(&Value::Number(n.clone())),
            _ => return,
        };
        *group = Value::String(text);
    });
}

/// Schema 30: a timeseries' `options.tooltipOptions` is `options.tooltip`.
fn tooltip_options(p: &mut Map<String, Value>) {
    let kind = p.get("type").and_then(Value::as_str);
    if kind != Some("timeseries") && kind != Some("xychart") {
        return;
    }
    if let Some(Value::Object(options)) = p.get_mut("options") {
        if let Some(t) = options.remove("tooltipOptions") {
            options.insert("tooltip".into(), t);
        }
    }
}

/// The text panel's migration: the `content` and `mode` of its Grafana 6
/// form move into `options`.
fn text_options(p: &mut Map<String, Value>) {
    if p.get("type").and_then(Value::as_str) != Some("text") {
        return;
    }
    if !(p.contains_key("content") || p.contains_key("mode")) {
        return;
    }
    let content = p.remove("content");
    let mode = p.remove("mode");
    let options = p.entry("options").or_insert_with(|| json!({}));
    if let Some(o) = options.as_object_mut() {
        if let Some(c) = content {
            o.entry("content").or_insert(c);
        }
        if let Some(m) = mode {
            o.entry("mode").or_insert(m);
        }
    }
}

/// The timeseries migration: `custom.hideFrom.graph` is `custom.hideFrom.viz`.
fn hide_from_viz(p: &mut Map<String, Value>) {
    if p.get("type").and_then(Value::as_str) != Some("timeseries") {
        return;
    }
    let rename = |hide: &mut Value| {
        if let Some(h) = hide.as_object_mut() {
            if let Some(g) = h.remove("graph") {
                h.insert("viz".into(), g);
            }
        }
    };
    if let Some(h) = p
        .get_mut("fieldConfig")
        .and_then(|f| f.pointer_mut("/defaults/custom/hideFrom"))
    {
        rename(h);
    }
    if let Some(Value::Array(overrides)) = p
        .get_mut("fieldConfig")
        .and_then(|f| f.get_mut("overrides"))
    {
        for o in overrides {
            if let Some(Value::Array(props)) = o.get_mut("properties") {
                for prop in props {
                    if prop.get("id").and_then(Value::as_str) == Some("custom.hideFrom") {
                        if let Some(v) = prop.get_mut("value") {
                            rename(v);
                        }
                    }
                }
            }
        }
    }
}

/// Schema 37: a legend is hidden by `showLegend: false`, not by `displayMode: hidden`.
fn legend_show(p: &mut Map<String, Value>) {
    let Some(Value::Object(legend)) = p.get_mut("options").and_then(|o| o.get_mut("legend")) else {
        return;
    };
    let hidden = legend.get("displayMode").and_then(Value::as_str) == Some("hidden")
        || legend.get("showLegend") == Some(&Value::Bool(false));
    if hidden {
        legend.insert("displayMode".into(), json!("list"));
        legend.insert("showLegend".into(), json!(false));
    } else if !legend.contains_key("showLegend") {
        legend.insert("showLegend".into(), json!(true));
    }
}

/// Keeps the keys Grafana keeps across a plugin change; returns the rest
/// (the Angular options).
fn split_angular(p: &mut Map<String, Value>) -> Map<String, Value> {
    let keys: Vec<String> = p
        .keys()
        .filter(|k| !KEPT_ON_TYPE_CHANGE.contains(&k.as_str()))
        .cloned()
        .collect();
    let mut angular = Map::new();
    for k in keys {
        if let Some(v) = p.remove(&k) {
            angular.insert(k, v);
        }
    }
    angular
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// The y axis of a graph as field config (`getFieldConfigFromOldAxis`).
fn axis_field_config(axis: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(axis) = axis.filter(|a| a.is_object()) else {
        return out;
    };
    let mut custom = Map::new();
    let shown = axis.get("show").is_some_and(truthy);
    custom.insert(
        "axisPlacement".into(),
        json!(if shown { "auto" } else { "hidden" }),
    );
    if let Some(label) = axis.get("label").filter(|l| truthy(l)) {
        custom.insert("axisLabel".into(), label.clone());
    }
    if let Some(log) = axis.get("logBase").and_then(Value::as_f64) {
        if log == 2.0 || log == 10.0 {
            custom.insert(
                "scaleDistribution".into(),
                json!({"type": "log", "log": gnum(log)}),
            );
        }
    }
    if let Some(format) = axis.get("format").filter(|f| !f.is_null()) {
        out.insert("unit".into(), format.clone());
    }
    for key in ["decimals", "min", "max"] {
        if let Some(n) = number(axis.get(key)) {
            out.insert(key.into(), gnum(n));
        }
    }
    out.insert("custom".into(), Value::Object(custom));
    out
}

/// Legend keys that name reducers, with the reducer (`getReducersFromLegend`).
const LEGEND_REDUCERS: &[(&str, &str)] = &[
    ("min", "min"),
    ("max", "max"),
    ("avg", "mean"),
    ("current", "lastNotNull"),
    ("total", "sum"),
];

/// The graph panel's change handler (`graphPanelChangedHandler`, Grafana's
/// `flotToGraphOptions`), to `timeseries` (or, for `xaxis.mode` series or
/// histogram, the panel Grafana picks; only the type changes then).
fn graph_to_timeseries(p: &mut Map<String, Value>, to: &str) {
    p.insert("type".into(), json!(to));
    let angular = split_angular(p);
    if to == "bargauge" {
        // `changeToBarGaugePanelMigrationHandler`: one color a series.
        p.insert(
            "fieldConfig".into(),
            json!({"defaults": {"color": {"mode": "palette-classic"}}, "overrides": []}),
        );
    }
    if to != "timeseries" {
        return;
    }
    let field_config = p.remove("fieldConfig").unwrap_or(json!({}));
    let mut overrides = match field_config.get("overrides") {
        Some(Value::Array(o)) => o.clone(),
        _ => Vec::new(),
    };
    let yaxes = angular
        .get("yaxes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let axis = axis_field_config(yaxes.first());
    let mut defaults = match field_config.get("defaults") {
        Some(Value::Object(d)) => d.clone(),
        _ => Map::new(),
    };
    for (k, v) in axis {
        defaults.insert(k, v);
    }
    let dash_fill = if angular.get("dashes").is_some_and(truthy) {
        "dash"
    } else {
        "solid"
    };
    let dash_len = number(angular.get("dashLength")).unwrap_or(10.0);
    let space_len = number(angular.get("spaceLength")).unwrap_or(10.0);
    if let Some(Value::Object(colors)) = angular.get("aliasColors") {
        for (alias, color) in colors {
            if truthy(color) {
                overrides.push(json!({
                    "matcher": {"id": "byName", "options": alias},
                    "properties": [{"id": "color", "value": {"fixedColor": color, "mode": "fixed"}}],
                }));
            }
        }
    }
    let mut fill_below_to = false;
    if let Some(Value::Array(series)) = angular.get("seriesOverrides") {
        for so in series {
            let Some(alias) = so
                .get("alias")
                .and_then(Value::as_str)
                .filter(|a| !a.is_empty())
            else {
                continue;
            };
            let regex = alias.len() > 1 && alias.starts_with('/') && alias.ends_with('/');
            let mut props: Vec<Value> = Vec::new();
            let mut dash: Option<(String, f64, f64)> = None;
            let Some(obj) = so.as_object() else { continue };
            for (k, v) in obj {
                let prop = |id: &str, value: Value| json!({"id": id, "value": value});
                match k.as_str() {
                    "yaxis" if v.as_f64() == Some(2.0) => {
                        let y2 = axis_field_config(yaxes.get(1));
                        for (key, value) in &y2 {
                            if key != "custom" && defaults.get(key) != Some(value) {
                                props.push(prop(key, value.clone()));
                            }
                        }
                        let y1c = defaults.get("custom").cloned().unwrap_or(json!({}));
                        if let Some(Value::Object(c2)) = y2.get("custom") {
                            for (key, value) in c2 {
                                if y1c.get(key) != Some(value) {
                                    props.push(prop(&format!("custom.{key}"), value.clone()));
                                }
                            }
                        }
                    }
                    "yaxis" => {}
                    "fill" => {
                        if let Some(n) = v.as_f64() {
                            props.push(prop("custom.fillOpacity", gnum(n * 10.0)));
                        }
                    }
                    "fillBelowTo" => {
                        fill_below_to = true;
                        props.push(prop("custom.fillBelowTo", v.clone()));
                    }
                    "fillGradient" => {
                        if let Some(n) = v.as_f64().filter(|n| *n != 0.0) {
                            props.push(prop("custom.fillGradient", json!("opacity")));
                            props.push(prop("custom.fillOpacity", gnum(n * 10.0)));
                        }
                    }
                    "points" => props.push(prop(
                        "custom.showPoints",
                        json!(if truthy(v) { "always" } else { "never" }),
                    )),
                    "bars" => {
                        if truthy(v) {
                            props.push(prop("custom.drawStyle", json!("bars")));
                            props.push(prop("custom.fillOpacity", json!(100)));
                        } else {
                            props.push(prop("custom.drawStyle", json!("line")));
                        }
                    }
                    "lines" => props.push(prop("custom.lineWidth", json!(0))),
                    "linewidth" => props.push(prop("custom.lineWidth", v.clone())),
                    "pointradius" => {
                        if let Some(n) = v.as_f64() {
                            props.push(prop("custom.pointSize", gnum(2.0 + n * 2.0)));
                        }
                    }
                    "dashLength" | "spaceLength" | "dashes" => {
                        let d = dash.get_or_insert((dash_fill.to_string(), dash_len, space_len));
                        match k.as_str() {
                            "dashLength" => d.1 = v.as_f64().unwrap_or(d.1),
                            "spaceLength" => d.2 = v.as_f64().unwrap_or(d.2),
                            _ => {
                                d.0 = if truthy(v) {
                                    "dash".into()
                                } else {
                                    "solid".into()
                                }
                            }
                        }
                    }
                    "stack" => props.push(prop(
                        "custom.stacking",
                        json!({"group": v, "mode": "normal"}),
                    )),
                    "color" => props.push(prop("color", json!({"fixedColor": v, "mode": "fixed"}))),
                    // Grafana ignores every other key of a series override.
                    _ => {}
                }
            }
            if let Some((fill, d, s)) = dash {
                props.push(json!({"id": "custom.lineStyle", "value": {"dash": [gnum(d), gnum(s)], "fill": fill}}));
            }
            if !props.is_empty() {
                overrides.push(json!({
                    "matcher": {"id": if regex { "byRegexp" } else { "byName" }, "options": alias},
                    "properties": props,
                }));
            }
        }
    }
    let mut custom = match defaults.remove("custom") {
        Some(Value::Object(c)) => c,
        _ => Map::new(),
    };
    let bars = angular.get("bars").is_some_and(truthy);
    let lines = angular.get("lines").is_some_and(truthy);
    let draw = if bars {
        "bars"
    } else if lines {
        "line"
    } else {
        "points"
    };
    custom.insert("drawStyle".into(), json!(draw));
    if angular.get("points").is_some_and(truthy) {
        custom.insert("showPoints".into(), json!("always"));
        if let Some(r) = angular.get("pointradius").and_then(Value::as_f64) {
            custom.insert("pointSize".into(), gnum(2.0 + r * 2.0));
        }
    } else if draw != "points" {
        custom.insert("showPoints".into(), json!("never"));
    }
    if let Some(w) = angular.get("linewidth").filter(|v| !v.is_null()) {
        custom.insert("lineWidth".into(), w.clone());
    }
    if dash_fill != "solid" {
        custom.insert(
            "lineStyle".into(),
            json!({"dash": [gnum(dash_len), gnum(space_len)], "fill": dash_fill}),
        );
    }
    if fill_below_to {
        custom.insert("fillOpacity".into(), json!(35));
    } else if let Some(f) = angular.get("fill").and_then(Value::as_f64) {
        custom.insert("fillOpacity".into(), gnum(f * 10.0));
    }
    if let Some(g) = angular
        .get("fillGradient")
        .and_then(Value::as_f64)
        .filter(|g| *g > 0.0)
    {
        custom.insert("gradientMode".into(), json!("opacity"));
        custom.insert("fillOpacity".into(), gnum(g * 10.0));
    }
    custom.insert(
        "spanNulls".into(),
        json!(angular.get("nullPointMode").and_then(Value::as_str) == Some("null")),
    );
    if angular.get("steppedLine").is_some_and(truthy) {
        custom.insert("lineInterpolation".into(), json!("stepAfter"));
    }
    if draw == "bars" {
        custom.insert("fillOpacity".into(), json!(100));
    }
    if angular.get("stack").is_some_and(truthy) {
        let mode = if angular.get("percentage").is_some_and(truthy) {
            "percent"
        } else {
            "normal"
        };
        custom.insert("stacking".into(), json!({"group": "A", "mode": mode}));
    }
    let mut legend =
        json!({"calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": true});
    if let Some(l) = angular.get("legend").and_then(Value::as_object) {
        if l.get("show").is_some_and(truthy) {
            let table = l.get("alignAsTable").is_some_and(truthy);
            legend["displayMode"] = json!(if table { "table" } else { "list" });
        } else {
            legend["showLegend"] = json!(false);
        }
        if l.get("rightSide").is_some_and(truthy) {
            legend["placement"] = json!("right");
        }
        if l.get("values").is_some_and(truthy) {
            let calcs: Vec<Value> = l
                .iter()
                .filter(|(_, v)| truthy(v))
                .filter_map(|(k, _)| LEGEND_REDUCERS.iter().find(|(key, _)| key == k))
                .map(|(_, id)| json!(id))
                .collect();
            legend["calcs"] = Value::Array(calcs);
        }
        if let Some(w) = l.get("sideWidth").filter(|w| truthy(w)) {
            legend["width"] = w.clone();
        }
    }
    let mut tooltip = json!({"mode": "single", "sort": "none"});
    if let Some(t) = angular.get("tooltip").and_then(Value::as_object) {
        if let Some(shared) = t.get("shared") {
            let shared = truthy(shared);
            tooltip["mode"] = json!(if shared { "multi" } else { "single" });
            if shared {
                if let Some(sort) = t.get("sort").and_then(Value::as_i64) {
                    tooltip["sort"] = json!(match sort {
                        1 => "asc",
                        2 => "desc",
                        _ => "none",
                    });
                }
            }
        }
    }
    if let Some(Value::Array(thresholds)) = angular.get("thresholds") {
        if let Some((steps, style)) = graph_thresholds(thresholds) {
            custom.insert("thresholdsStyle".into(), json!({"mode": style}));
            defaults.insert(
                "thresholds".into(),
                json!({"mode": "absolute", "steps": steps}),
            );
        }
    }
    defaults.insert("custom".into(), Value::Object(custom));
    p.insert(
        "fieldConfig".into(),
        json!({"defaults": defaults, "overrides": overrides}),
    );
    p.insert(
        "options".into(),
        json!({"legend": legend, "tooltip": tooltip}),
    );
}

/// A graph's thresholds as steps and a style (`flotToGraphOptions`).
fn graph_thresholds(thresholds: &[Value]) -> Option<(Vec<Value>, &'static str)> {
    let mut sorted: Vec<&Value> = thresholds
        .iter()
        .filter(|t| t.get("value").and_then(Value::as_f64).is_some())
        .collect();
    if sorted.is_empty() {
        return None;
    }
    let value = |t: &Value| t.get("value").and_then(Value::as_f64).unwrap_or(0.0);
    sorted.sort_by(|a, b| {
        value(a)
            .partial_cmp(&value(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let color = |t: &Value| -> Value {
        match t.get("colorMode").and_then(Value::as_str) {
            Some("critical") => json!("red"),
            Some("warning") => json!("orange"),
            Some("custom") => t
                .get("fillColor")
                .filter(|c| truthy(c))
                .or_else(|| t.get("lineColor"))
                .cloned()
                .unwrap_or(json!("red")),
            _ => json!("red"),
        }
    };
    let (mut area, mut line) = (false, false);
    // Values: None is -Infinity.
    let mut steps: Vec<(Option<f64>, Value)> = Vec::new();
    for (i, t) in sorted.iter().enumerate() {
        let next = sorted.get(i + 1);
        area |= t.get("fill").is_some_and(truthy);
        line |= t.get("line").is_some_and(truthy);
        match t.get("op").and_then(Value::as_str) {
            Some("gt") => steps.push((Some(value(t)), color(t))),
            Some("lt") => {
                if steps.is_empty() {
                    steps.push((None, color(t)));
                }
                let next_op = next.and_then(|n| n.get("op")).and_then(Value::as_str);
                if next_op == Some("gt") && next.is_some_and(|n| value(n) > value(t)) {
                    steps.push((Some(value(t)), json!("transparent")));
                } else if next_op == Some("lt") {
                    steps.push((Some(value(t)), color(next.copied().unwrap_or(t))));
                } else {
                    steps.push((Some(value(t)), json!("transparent")));
                }
            }
            _ => {}
        }
    }
    if steps.first().is_some_and(|(v, _)| v.is_some()) {
        steps.insert(0, (None, json!("transparent")));
    }
    let style = match (line, area) {
        (true, true) => "line+area",
        (_, true) => "area",
        _ => "line",
    };
    let steps = steps
        .into_iter()
        .map(|(v, c)| json!({"color": c, "value": v.map_or(Value::Null, gnum)}))
        .collect();
    Some((steps, style))
}

/// JavaScript's `Number(text.trim())` for one level of a singlestat's
/// `thresholds`: blank is 0, a decimal number or `Infinity` that number,
/// anything else NaN (hexadecimal and binary literals too: no singlestat
/// writes them).
fn js_number(text: &str) -> f64 {
    let t = text.trim();
    match t.trim_start_matches(['+', '-']) {
        "" if t.is_empty() => 0.0,
        "Infinity" => {
            if t.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }
        }
        rest if rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) =>
        {
            t.parse::<f64>().unwrap_or(f64::NAN)
        }
        _ => f64::NAN,
    }
}

/// Reducer ids of the singlestat's `valueName` (`fieldReducers.getIfExists`).
fn reducer_of(name: &str) -> Option<&'static str> {
    Some(match name {
        "avg" | "mean" => "mean",
        "current" | "lastNotNull" => "lastNotNull",
        "total" | "sum" => "sum",
        "min" => "min",
        "max" => "max",
        "first" => "first",
        "last" => "last",
        "firstNotNull" => "firstNotNull",
        "count" => "count",
        "range" => "range",
        "delta" => "delta",
        "diff" => "diff",
        "median" => "median",
        _ => return None,
    })
}

/// The singlestat's change handlers (`sharedSingleStatPanelChangedHandler`
/// and the stat or gauge panel's own): to `gauge` when its gauge was
/// shown, else to `stat`.
fn singlestat_to_stat(p: &mut Map<String, Value>) {
    let angular = split_angular(p);
    let gauge = angular
        .get("gauge")
        .filter(|g| g.get("show").is_some_and(truthy));
    p.insert(
        "type".into(),
        json!(if gauge.is_some() { "gauge" } else { "stat" }),
    );
    let reducer = angular
        .get("valueName")
        .and_then(Value::as_str)
        .and_then(reducer_of)
        .unwrap_or("mean");
    let mut reduce = Map::new();
    reduce.insert("calcs".into(), json!([reducer]));
    if let Some(column) = angular
        .get("tableColumn")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
    {
        reduce.insert("fields".into(), json!(format!("/^{column}$/")));
    }
    let mut options = Map::new();
    options.insert("reduceOptions".into(), Value::Object(reduce));
    options.insert("orientation".into(), json!("horizontal"));
    let mut defaults = Map::new();
    if let Some(format) = angular.get("format").filter(|f| truthy(f)) {
        defaults.insert("unit".into(), format.clone());
    }
    if let Some(text) = angular.get("nullText").filter(|t| truthy(t)) {
        defaults.insert("noValue".into(), text.clone());
    }
    if let Some(d) = angular.get("decimals").filter(|d| d.is_number()) {
        defaults.insert("decimals".into(), d.clone());
    }
    // Grafana converts them only when both are set (an empty `thresholds`
    // string is unset: the stat panel then has no thresholds of its own).
    if let (Some(Value::String(levels)), Some(Value::Array(colors))) = (
        angular.get("thresholds").filter(|t| truthy(t)),
        angular.get("colors"),
    ) {
        let levels: Vec<f64> = levels.split(',').map(js_number).collect();
        let mut steps = Vec::new();
        for color in colors {
            let step = match steps.len() {
                0 => json!({"color": color, "value": Value::Null}),
                // One more color than levels: a color past the last level
                // gets no value at all (JavaScript's `undefined`, which
                // JSON leaves out). A level that is no number is NaN,
                // which no value is at or above either: left out too. An
                // infinite one is `null`, as JSON saves it.
                n => match levels.get(n - 1) {
                    None => json!({"color": color}),
                    Some(f) if f.is_nan() => json!({"color": color}),
                    Some(f) if f.is_finite() => json!({"color": color, "value": gnum(*f)}),
                    Some(_) => json!({"color": color, "value": Value::Null}),
                },
            };
            steps.push(step);
        }
        defaults.insert(
            "thresholds".into(),
            json!({"mode": "absolute", "steps": steps}),
        );
    }
    let mappings = angular_value_mappings(&angular);
    if !mappings.is_empty() {
        defaults.insert("mappings".into(), Value::Array(mappings));
    }
    if let Some(g) = gauge {
        for (from, to) in [("minValue", "min"), ("maxValue", "max")] {
            if let Some(v) = g.get(from).filter(|v| v.is_number()) {
                defaults.insert(to.into(), v.clone());
            }
        }
        options.insert(
            "showThresholdMarkers".into(),
            g.get("thresholdMarkers").cloned().unwrap_or(json!(true)),
        );
        options.insert(
            "showThresholdLabels".into(),
            g.get("thresholdLabels").cloned().unwrap_or(json!(false)),
        );
    } else {
        let sparkline = angular
            .get("sparkline")
            .and_then(|s| s.get("show"))
            .is_some_and(truthy);
        options.insert(
            "graphMode".into(),
            json!(if sparkline { "area" } else { "none" }),
        );
        let color_mode = if angular.get("colorBackground").is_some_and(truthy) {
            "background"
        } else if angular.get("colorValue").is_some_and(truthy) {
            "value"
        } else {
            if sparkline {
                if let Some(c) = angular
                    .get("sparkline")
                    .and_then(|s| s.get("lineColor"))
                    .filter(|c| truthy(c))
                {
                    defaults.insert("color".into(), json!({"fixedColor": c, "mode": "fixed"}));
                }
            }
            "none"
        };
        options.insert("colorMode".into(), json!(color_mode));
        if angular.get("valueName").and_then(Value::as_str) == Some("name") {
            options.insert("textMode".into(), json!("name"));
        }
    }
    let overrides = p
        .get("fieldConfig")
        .and_then(|f| f.get("overrides"))
        .cloned()
        .unwrap_or(json!([]));
    p.insert(
        "fieldConfig".into(),
        json!({"defaults": defaults, "overrides": overrides}),
    );
    p.insert("options".into(), Value::Object(options));
}

/// The color schemes of Grafana's heatmap (`colorSchemes`), in its order:
/// an Angular `interpolate*` scheme becomes the first one its name holds.
const HEATMAP_SCHEMES: &[&str] = &[
    "BrBG",
    "PiYG",
    "PRGn",
    "PuOr",
    "RdBu",
    "RdGy",
    "RdYlBu",
    "RdYlGn",
    "Spectral",
    "Blues",
    "Greens",
    "Greys",
    "Oranges",
    "Purples",
    "Reds",
    "Turbo",
    "Cividis",
    "Viridis",
    "Magma",
    "Inferno",
    "Plasma",
    "Warm",
    "Cool",
    "Cubehelix",
    "BuGn",
    "BuPu",
    "GnBu",
    "OrRd",
    "PuBuGn",
    "PuBu",
    "PuRd",
    "RdPu",
    "YlGnBu",
    "YlGn",
    "YlOrBr",
    "YlOrRd",
    "Rainbow",
    "Sinebow",
];

/// JavaScript's `+v` as the heatmap migration's `asNumber` reads it:
/// `null`, missing and `""` are unset, a number or numeric string that
/// number, anything else unset.
fn as_number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(js_number(s)).filter(|f| !f.is_nan()),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// JavaScript's `` `${v}` `` of a bucket option.
fn js_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// The heatmap panel's migration of the Angular heatmap
/// (`heatmapMigrationHandler`, `angularToReactHeatmap`): its options become
/// the current panel's, its field config is reset (Grafana replaces it).
/// Grafana's tooltip of today has a `mode` where the migration writes
/// `show`, which the panel then reads as `single` or `none`.
fn angular_heatmap(p: &mut Map<String, Value>) {
    let a = split_angular(p);
    let get = |k: &str| a.get(k).filter(|v| !v.is_null());
    let sub = |k: &str, key: &str| get(k).and_then(|o| o.get(key)).filter(|v| !v.is_null());
    let calculate = get("dataFormat").and_then(Value::as_str) != Some("tsbuckets");
    let mut calculation = Map::new();
    let log_base = as_number(sub("yAxis", "logBase")).unwrap_or(1.0);
    if calculate {
        let bucket = |mode: &str, v: &Value| json!({"mode": mode, "value": js_string(v)});
        if let Some(v) = get("xBucketSize").filter(|v| truthy(v)) {
            calculation.insert("xBuckets".into(), bucket("size", v));
        } else if let Some(v) = get("xBucketNumber").filter(|v| truthy(v)) {
            calculation.insert("xBuckets".into(), bucket("count", v));
        }
        if let Some(v) = get("yBucketSize").filter(|v| truthy(v)) {
            calculation.insert("yBuckets".into(), bucket("size", v));
        } else if get("xBucketNumber").is_some_and(truthy) {
            // Grafana tests the x bucket number and writes the y one.
            let y = a.get("yBucketNumber").cloned().unwrap_or(Value::Null);
            let value = if a.contains_key("yBucketNumber") {
                js_string(&y)
            } else {
                "undefined".into()
            };
            calculation.insert("yBuckets".into(), json!({"mode": "count", "value": value}));
        }
        if log_base > 1.0 {
            let mut y = Map::new();
            y.insert("mode".into(), json!("count"));
            if let Some(split) = as_number(sub("yAxis", "splitFactor")).filter(|f| *f > 0.0) {
                y.insert("value".into(), json!(js_string(&gnum(split))));
            }
            y.insert(
                "scale".into(),
                json!({"type": "log", "log": gnum(log_base)}),
            );
            calculation.insert("yBuckets".into(), Value::Object(y));
        }
    }
    let mut options = Map::new();
    options.insert("calculate".into(), json!(calculate));
    options.insert("calculation".into(), Value::Object(calculation));
    let mut color = json!({
        "exponent": 0.5,
        "fill": "dark-orange",
        "mode": "scheme",
        "reverse": false,
        "scale": "exponential",
        "scheme": "Oranges",
        "steps": 128,
    });
    let old_color = get("color").and_then(Value::as_object);
    let old = |k: &str| old_color.and_then(|c| c.get(k)).filter(|v| !v.is_null());
    if let Value::Object(c) = &mut color {
        match old("mode").and_then(Value::as_str) {
            Some("spectrum") => {
                let current = old("colorScheme").and_then(Value::as_str).unwrap_or("");
                let scheme = HEATMAP_SCHEMES
                    .iter()
                    .find(|s| **s == current)
                    .or_else(|| HEATMAP_SCHEMES.iter().find(|s| current.contains(**s)))
                    .copied()
                    .unwrap_or("Oranges");
                c.insert("scheme".into(), json!(scheme));
            }
            Some("opacity") => {
                c.insert("mode".into(), json!("opacity"));
                match old("scale") {
                    Some(v) => c.insert("scale".into(), v.clone()),
                    None => c.remove("scale"),
                };
            }
            _ => {}
        }
        for (from, to) in [("cardColor", "fill"), ("min", "min"), ("max", "max")] {
            match old(from) {
                Some(v) => c.insert(to.into(), v.clone()),
                None => c.remove(to),
            };
        }
        if let (Some(min), Some(max)) = (
            old("min").and_then(Value::as_f64),
            old("max").and_then(Value::as_f64),
        ) {
            if min > max {
                c.insert("min".into(), gnum(max));
                c.insert("max".into(), gnum(min));
                c.insert("reverse".into(), json!(true));
            }
        }
    }
    options.insert("color".into(), color);
    let gap = as_number(sub("cards", "cardPadding")).unwrap_or(2.0);
    options.insert("cellGap".into(), gnum(if gap != 0.0 { gap } else { 1.0 }));
    if let Some(r) = as_number(sub("cards", "cardRound")) {
        options.insert("cellRadius".into(), gnum(r));
    }
    let mut y_axis = Map::new();
    let hidden = sub("yAxis", "show") == Some(&Value::Bool(false));
    y_axis.insert(
        "axisPlacement".into(),
        json!(if hidden { "hidden" } else { "left" }),
    );
    y_axis.insert(
        "reverse".into(),
        json!(get("reverseYBuckets").is_some_and(truthy)),
    );
    if let Some(w) = as_number(sub("yAxis", "width")) {
        y_axis.insert("axisWidth".into(), gnum(w));
    }
    // Grafana copies these as they are; a number saved as a string (as
    // Grafana 5 did) is read as that number.
    for (from, to) in [("min", "min"), ("max", "max"), ("decimals", "decimals")] {
        if let Some(v) = number(sub("yAxis", from)) {
            y_axis.insert(to.into(), gnum(v));
        }
    }
    if let Some(unit) = sub("yAxis", "format") {
        y_axis.insert("unit".into(), unit.clone());
    }
    options.insert("yAxis".into(), Value::Object(y_axis));
    let mut cell_values = Map::new();
    if let Some(d) = as_number(get("tooltipDecimals")) {
        cell_values.insert("decimals".into(), gnum(d));
    }
    options.insert("cellValues".into(), Value::Object(cell_values));
    let layout = match get("yBucketBound").and_then(Value::as_str) {
        Some("upper") => "ge",
        Some("lower") => "le",
        Some("middle") => "unknown",
        _ => "auto",
    };
    options.insert("rowsFrame".into(), json!({"layout": layout}));
    options.insert(
        "legend".into(),
        json!({"show": sub("legend", "show").is_some_and(truthy)}),
    );
    options.insert("showValue".into(), json!("never"));
    let tooltip = sub("tooltip", "show").is_some_and(truthy);
    options.insert(
        "tooltip".into(),
        json!({
            "mode": if tooltip { "single" } else { "none" },
            "yHistogram": sub("tooltip", "showHistogram").is_some_and(truthy),
        }),
    );
    options.insert("exemplars".into(), json!({"color": "rgba(255,0,255,0.7)"}));
    if get("hideZeroBuckets").is_some_and(truthy) {
        options.insert("filterValues".into(), json!({"le": 1e-9}));
    }
    p.insert("options".into(), Value::Object(options));
    p.insert(
        "fieldConfig".into(),
        json!({"defaults": {}, "overrides": []}),
    );
}

/// A singlestat's `valueMaps` / `rangeMaps` in the old mapping form
/// (`convertOldAngularValueMapping`); [`upgrade_value_mappings`] turns them
/// into the current one.
fn angular_value_mappings(angular: &Map<String, Value>) -> Vec<Value> {
    let maps = |k: &str| {
        angular
            .get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (value_maps, range_maps) = (maps("valueMaps"), maps("rangeMaps"));
    let kind = match angular.get("mappingType").and_then(Value::as_i64) {
        Some(k) if k != 0 => k,
        _ if !value_maps.is_empty() => 1,
        _ if !range_maps.is_empty() => 2,
        _ => 0,
    };
    let list = match kind {
        1 => value_maps,
        2 => range_maps,
        _ => return Vec::new(),
    };
    list.into_iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let mut m = m.as_object()?.clone();
            m.insert("id".into(), json!(i));
            m.insert("type".into(), json!(kind));
            Some(Value::Object(m))
        })
        .collect()
}

/// Schema 30: value mappings in the current form (`upgradeValueMappings`).
fn upgrade_value_mappings(p: &mut Map<String, Value>) {
    let Some(Value::Object(defaults)) =
        p.get_mut("fieldConfig").and_then(|f| f.get_mut("defaults"))
    else {
        return;
    };
    let Some(Value::Array(old)) = defaults.get("mappings").cloned() else {
        return;
    };
    let steps = defaults
        .get("thresholds")
        .and_then(|t| t.get("steps"))
        .and_then(Value::as_array)
        .cloned();
    let mut value_map = Map::new();
    let mut out = Vec::new();
    for m in old {
        let kind = m.get("type");
        if let (Some(Value::String(kind)), Some(Value::Object(options))) = (kind, m.get("options"))
        {
            if kind == "value" {
                for (k, v) in options {
                    value_map.insert(k.clone(), v.clone());
                }
            } else {
                out.push(m.clone());
            }
            continue;
        }
        let text = m.get("text").cloned().unwrap_or(Value::Null);
        let color = text
            .as_str()
            .and_then(|t| t.trim().parse::<f64>().ok())
            .and_then(|n| active_threshold_color(n, steps.as_deref()?));
        let mut result = Map::new();
        result.insert("text".into(), text.clone());
        if let Some(c) = color {
            result.insert("color".into(), c);
        }
        match kind.and_then(Value::as_i64) {
            Some(1) => match m.get("value") {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s == "null" => out.push(json!({
                    "options": {"match": "null", "result": result},
                    "type": "special",
                })),
                Some(v) => {
                    let key = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    value_map.insert(key, Value::Object(result));
                }
            },
            Some(2) => {
                let num = |k: &str| number(m.get(k)).map_or(Value::Null, gnum);
                out.push(json!({
                    "options": {"from": num("from"), "result": result, "to": num("to")},
                    "type": "range",
                }));
            }
            _ => {}
        }
    }
    if !value_map.is_empty() {
        out.insert(0, json!({"options": value_map, "type": "value"}));
    }
    defaults.insert("mappings".into(), Value::Array(out));
}

/// The color of the threshold step `value` falls in (`getActiveThreshold`).
fn active_threshold_color(value: f64, steps: &[Value]) -> Option<Value> {
    let mut active = steps.first()?;
    for step in steps.iter().skip(1) {
        match step.get("value").and_then(Value::as_f64) {
            Some(v) if value >= v => active = step,
            Some(_) => break,
            None => {}
        }
    }
    active.get("color").cloned()
}

/// The Angular table's change handler (`tablePanelChangedHandler`): its
/// column styles become field config (the `/.*/` style the defaults, the
/// others overrides by name or regex), its sort `sortBy`.
fn table_old_to_table(p: &mut Map<String, Value>) {
    p.insert("type".into(), json!("table"));
    let angular = split_angular(p);
    let styles = angular
        .get("styles")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut defaults = json!({"custom": {"align": "auto"}});
    let mut overrides = Vec::new();
    for style in &styles {
        let pattern = style.get("pattern").and_then(Value::as_str).unwrap_or("");
        let config = style_config(style);
        if pattern == "/.*/" {
            defaults = style_defaults(style);
            continue;
        }
        if config.is_empty() {
            continue;
        }
        let regex = pattern.len() > 1 && pattern.starts_with('/') && pattern.ends_with('/');
        overrides.push(json!({
            "matcher": {"id": if regex { "byRegexp" } else { "byName" }, "options": pattern},
            "properties": config,
        }));
    }
    p.insert(
        "fieldConfig".into(),
        json!({"defaults": defaults, "overrides": overrides}),
    );
    let mut options =
        json!({"showHeader": angular.get("showHeader").cloned().unwrap_or(json!(true))});
    if let Some(sort) = angular
        .get("sort")
        .filter(|s| s.get("col").is_some_and(|c| !c.is_null()))
    {
        let desc = sort.get("desc").is_some_and(truthy);
        let col = sort.get("col").and_then(Value::as_i64).unwrap_or(0);
        options["sortBy"] = json!([{"desc": desc, "displayName": format!("Column {}", col)}]);
    }
    p.insert("options".into(), options);
}

fn style_defaults(style: &Value) -> Value {
    let mut d = Map::new();
    d.insert(
        "custom".into(),
        json!({"align": style.get("align").cloned().unwrap_or(json!("auto"))}),
    );
    if let Some(u) = style.get("unit").filter(|u| truthy(u)) {
        d.insert("unit".into(), u.clone());
    }
    if let Some(dec) = number(style.get("decimals")) {
        d.insert("decimals".into(), gnum(dec));
    }
    Value::Object(d)
}

fn style_config(style: &Value) -> Vec<Value> {
    let mut props = Vec::new();
    if let Some(alias) = style.get("alias").filter(|a| truthy(a)) {
        props.push(json!({"id": "displayName", "value": alias}));
    }
    if let Some(u) = style.get("unit").filter(|u| truthy(u)) {
        props.push(json!({"id": "unit", "value": u}));
    }
    if let Some(dec) = number(style.get("decimals")) {
        props.push(json!({"id": "decimals", "value": gnum(dec)}));
    }
    if style.get("type").and_then(Value::as_str) == Some("hidden") {
        props.push(json!({"id": "custom.hidden", "value": true}));
    }
    if let Some(a) = style
        .get("align")
        .filter(|a| truthy(a) && a.as_str() != Some("auto"))
    {
        props.push(json!({"id": "custom.align", "value": a}));
    }
    props
}

/// Schema 38: a table's `custom.displayMode` becomes `custom.cellOptions`.
fn table_cell_options(p: &mut Map<String, Value>) {
    if p.get("type").and_then(Value::as_str) != Some("table") {
        return;
    }
    let Some(Value::Object(custom)) = p
        .get_mut("fieldConfig")
        .and_then(|f| f.get_mut("defaults"))
        .and_then(|d| d.get_mut("custom"))
    else {
        return;
    };
    if let Some(mode) = custom.remove("displayMode") {
        custom.insert("cellOptions".into(), cell_options(&mode));
    }
}

/// `migrateTableDisplayModeToCellOptions`.
fn cell_options(mode: &Value) -> Value {
    match mode.as_str().unwrap_or("auto") {
        "basic" | "gradient-gauge" | "lcd-gauge" => {
            let gauge = match mode.as_str() {
                Some("gradient-gauge") => "gradient",
                Some("lcd-gauge") => "lcd",
                _ => "basic",
            };
            json!({"mode": gauge, "type": "gauge"})
        }
        "color-background" => json!({"mode": "gradient", "type": "color-background"}),
        "color-background-solid" => json!({"mode": "basic", "type": "color-background"}),
        other => json!({"type": other}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panels(d: &Value) -> &Vec<Value> {
        d["panels"].as_array().expect("panels")
    }

    #[test]
    fn legacy_rows_become_row_panels_and_grid_positions() {
        let d = migrate(json!({
            "schemaVersion": 13,
            "sharedCrosshair": true,
            "rows": [
                {"title": "A", "showTitle": true, "height": "250px", "panels": [
                    {"id": 1, "type": "graph", "span": 6, "title": "one"},
                    {"id": 2, "type": "graph", "span": 6, "title": "two"},
                    {"id": 3, "type": "graph", "span": 12, "title": "three", "height": 100}
                ]},
                {"title": "B", "collapse": true, "panels": [{"id": 4, "type": "text", "title": "four"}]}
            ]
        }));
        assert_eq!(d["graphTooltip"], json!(1));
        assert!(d.get("rows").is_none());
        let p = panels(&d);
        let titles: Vec<&str> = p.iter().map(|p| p["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["A", "one", "two", "three", "B"]);
        // 250 px: ceil(250 / 38) = 7 units; the row header is one unit.
        assert_eq!(p[0]["type"], json!("row"));
        assert_eq!(p[0]["gridPos"], json!({"h": 1, "w": 24, "x": 0, "y": 0}));
        assert_eq!(p[1]["gridPos"], json!({"h": 7, "w": 12, "x": 0, "y": 1}));
        assert_eq!(p[2]["gridPos"], json!({"h": 7, "w": 12, "x": 12, "y": 1}));
        // 100 px is 3 units; a full line wraps below the row's height.
        assert_eq!(p[3]["gridPos"], json!({"h": 3, "w": 24, "x": 0, "y": 8}));
        // The row ids follow the largest panel id.
        assert_eq!(p[0]["id"], json!(5));
        assert_eq!(p[4]["collapsed"], json!(true));
        let inner = p[4]["panels"].as_array().unwrap();
        assert_eq!(inner.len(), 1);
        // A legacy panel without span is 4 twelfths wide.
        assert_eq!(inner[0]["gridPos"]["w"], json!(8));
        assert!(inner[0].get("span").is_none());
    }

    #[test]
    fn rows_are_shown_only_when_one_has_a_title_collapses_or_repeats() {
        let d = migrate(json!({"schemaVersion": 12, "rows": [
            {"title": "hidden", "panels": [{"id": 1, "type": "text", "span": 12}]},
            {"title": "hidden too", "panels": [{"id": 2, "type": "text", "span": 12}]}
        ]}));
        let p = panels(&d);
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|p| p["type"] == json!("text")));
        assert_eq!(p[1]["gridPos"]["y"], json!(7));
    }

    #[test]
    fn graph_becomes_timeseries() {
        let d = migrate(json!({"schemaVersion": 27, "panels": [{
            "id": 1, "type": "graph", "title": "g", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "yaxes": [{"format": "bytes", "min": "0", "show": true, "logBase": 2}, {"format": "short", "show": true}],
            "fill": 1, "linewidth": 2, "lines": true, "stack": true, "percentage": true,
            "nullPointMode": "null", "steppedLine": true,
            "legend": {"show": true, "alignAsTable": true, "rightSide": true, "values": true, "avg": true, "current": true, "max": false},
            "tooltip": {"shared": true, "sort": 2},
            "aliasColors": {"errors": "red"},
            "seriesOverrides": [{"alias": "/p99/", "yaxis": 2, "linewidth": 3}],
            "thresholds": [{"op": "gt", "value": 80, "colorMode": "critical", "fill": true, "line": true}],
            "targets": [{"expr": "up", "refId": "A"}]
        }]}));
        let p = &panels(&d)[0];
        assert_eq!(p["type"], json!("timeseries"));
        let defaults = &p["fieldConfig"]["defaults"];
        assert_eq!(defaults["unit"], json!("bytes"));
        assert_eq!(defaults["min"], json!(0));
        let custom = &defaults["custom"];
        assert_eq!(custom["fillOpacity"], json!(10));
        assert_eq!(custom["lineWidth"], json!(2));
        assert_eq!(custom["drawStyle"], json!("line"));
        assert_eq!(custom["showPoints"], json!("never"));
        assert_eq!(custom["spanNulls"], json!(true));
        assert_eq!(custom["lineInterpolation"], json!("stepAfter"));
        assert_eq!(custom["stacking"], json!({"group": "A", "mode": "percent"}));
        assert_eq!(
            custom["scaleDistribution"],
            json!({"type": "log", "log": 2})
        );
        assert_eq!(custom["thresholdsStyle"], json!({"mode": "line+area"}));
        assert_eq!(
            defaults["thresholds"],
            json!({"mode": "absolute", "steps": [{"color": "transparent", "value": null}, {"color": "red", "value": 80}]})
        );
        assert_eq!(
            p["options"]["legend"],
            json!({"calcs": ["mean", "lastNotNull"], "displayMode": "table", "placement": "right", "showLegend": true})
        );
        assert_eq!(
            p["options"]["tooltip"],
            json!({"mode": "multi", "sort": "desc"})
        );
        let overrides = p["fieldConfig"]["overrides"].as_array().unwrap();
        assert_eq!(
            overrides[0]["matcher"],
            json!({"id": "byName", "options": "errors"})
        );
        assert_eq!(
            overrides[1]["matcher"],
            json!({"id": "byRegexp", "options": "/p99/"})
        );
        // The right axis differs in unit from the left: the override says so.
        assert!(overrides[1]["properties"]
            .as_array()
            .unwrap()
            .contains(&json!({"id": "unit", "value": "short"})));
        assert!(overrides[1]["properties"]
            .as_array()
            .unwrap()
            .contains(&json!({"id": "custom.lineWidth", "value": 3})));
        // The Angular options are gone.
        for gone in [
            "yaxes",
            "fill",
            "legend",
            "seriesOverrides",
            "aliasColors",
            "nullPointMode",
        ] {
            assert!(p.get(gone).is_none(), "{gone} left");
        }
        assert_eq!(p["targets"][0]["expr"], json!("up"));
    }

    #[test]
    fn graph_of_series_becomes_bargauge() {
        let d = migrate(
            json!({"schemaVersion": 27, "panels": [{"type": "graph", "xaxis": {"mode": "series"}, "bars": true}]}),
        );
        let p = &panels(&d)[0];
        assert_eq!(p["type"], json!("bargauge"));
        assert_eq!(
            p["fieldConfig"]["defaults"]["color"],
            json!({"mode": "palette-classic"})
        );
        assert!(p.get("bars").is_none() && p.get("xaxis").is_none());
    }

    #[test]
    fn hidden_graph_legend_is_show_legend_false() {
        let d = migrate(
            json!({"schemaVersion": 27, "panels": [{"type": "graph", "legend": {"show": false}}]}),
        );
        assert_eq!(
            panels(&d)[0]["options"]["legend"],
            json!({"calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": false})
        );
    }

    #[test]
    fn singlestat_becomes_stat_or_gauge() {
        let d = migrate(json!({"schemaVersion": 16, "panels": [
            {"type": "singlestat", "format": "percent", "valueName": "current", "decimals": 1,
             "thresholds": "50,80", "colors": ["green", "orange", "red"], "colorBackground": true,
             "sparkline": {"show": true}, "nullText": "n/a",
             "valueMaps": [{"op": "=", "text": "down", "value": "0"}], "mappingType": 1},
            {"type": "singlestat", "valueName": "avg", "gauge": {"show": true, "minValue": 0, "maxValue": 200, "thresholdMarkers": true}}
        ]}));
        let stat = &panels(&d)[0];
        assert_eq!(stat["type"], json!("stat"));
        assert_eq!(
            stat["options"]["reduceOptions"]["calcs"],
            json!(["lastNotNull"])
        );
        assert_eq!(stat["options"]["colorMode"], json!("background"));
        assert_eq!(stat["options"]["graphMode"], json!("area"));
        let defaults = &stat["fieldConfig"]["defaults"];
        assert_eq!(defaults["unit"], json!("percent"));
        assert_eq!(defaults["decimals"], json!(1));
        assert_eq!(defaults["noValue"], json!("n/a"));
        assert_eq!(
            defaults["thresholds"]["steps"],
            json!([{"color": "green", "value": null}, {"color": "orange", "value": 50}, {"color": "red", "value": 80}])
        );
        // The old value map, upgraded to the current form (schema 30); a
        // text that is no number takes no color from the thresholds.
        assert_eq!(
            defaults["mappings"],
            json!([{"options": {"0": {"text": "down"}}, "type": "value"}])
        );
        let gauge = &panels(&d)[1];
        assert_eq!(gauge["type"], json!("gauge"));
        assert_eq!(gauge["options"]["reduceOptions"]["calcs"], json!(["mean"]));
        assert_eq!(gauge["fieldConfig"]["defaults"]["max"], json!(200));
        assert_eq!(gauge["options"]["showThresholdMarkers"], json!(true));
    }

    #[test]
    fn singlestat_thresholds_convert_as_grafana_reads_the_string() {
        let stat = |thresholds: Value| {
            let d = migrate(json!({"schemaVersion": 16, "panels": [
                {"type": "singlestat", "thresholds": thresholds, "colors": ["red", "orange", "green"]}
            ]}));
            panels(&d)[0]["fieldConfig"]["defaults"]["thresholds"]["steps"].clone()
        };
        // Empty: unset, no thresholds at all.
        assert_eq!(stat(json!("")), Value::Null);
        // A color past the last level has no value; a blank level is 0.
        assert_eq!(
            stat(json!("5")),
            json!([{"color": "red", "value": null}, {"color": "orange", "value": 5}, {"color": "green"}])
        );
        assert_eq!(
            stat(json!(" 0, ")),
            json!([{"color": "red", "value": null}, {"color": "orange", "value": 0}, {"color": "green", "value": 0}])
        );
        // Not a number: NaN, which no value reaches, like a missing one.
        assert_eq!(
            stat(json!("a,1e2")),
            json!([{"color": "red", "value": null}, {"color": "orange"}, {"color": "green", "value": 100}])
        );
    }

    #[test]
    fn js_number_reads_levels_as_javascript_does() {
        assert_eq!(js_number(""), 0.0);
        assert_eq!(js_number("  "), 0.0);
        assert_eq!(js_number(" .99 "), 0.99);
        assert_eq!(js_number("-1e3"), -1000.0);
        assert_eq!(js_number("Infinity"), f64::INFINITY);
        assert_eq!(js_number("-Infinity"), f64::NEG_INFINITY);
        assert!(js_number("inf").is_nan());
        assert!(js_number("NaN").is_nan());
        assert!(js_number("80%").is_nan());
        assert!(js_number("-").is_nan());
    }

    #[test]
    fn angular_heatmap_becomes_the_current_heatmap() {
        let d = migrate(json!({"schemaVersion": 26, "panels": [
            {"type": "heatmap", "title": "H", "dataFormat": "timeseries",
             "xBucketNumber": 30, "yBucketSize": 5,
             "cards": {"cardPadding": 0, "cardRound": "3"},
             "color": {"mode": "opacity", "cardColor": "red", "scale": "linear", "min": 10, "max": 2},
             "yAxis": {"show": false, "width": "40", "logBase": 2, "splitFactor": 4, "min": "1", "format": "s"},
             "reverseYBuckets": true, "yBucketBound": "middle", "tooltip": {"show": false},
             "legend": {"show": true}, "highlightCards": true,
             "fieldConfig": {"defaults": {"unit": "x"}, "overrides": [{"matcher": {}}]}},
            {"type": "heatmap", "title": "Current", "options": {"calculate": true}, "color": {"mode": "spectrum"}}
        ]}));
        let p = &panels(&d)[0];
        let o = &p["options"];
        assert_eq!(o["calculate"], json!(true));
        // The log scale replaces the y buckets by size.
        assert_eq!(
            o["calculation"],
            json!({"xBuckets": {"mode": "count", "value": "30"},
                   "yBuckets": {"mode": "count", "value": "4", "scale": {"type": "log", "log": 2}}})
        );
        assert_eq!(
            o["color"],
            json!({"exponent": 0.5, "fill": "red", "mode": "opacity", "reverse": true, "scale": "linear",
                   "scheme": "Oranges", "steps": 128, "min": 2, "max": 10})
        );
        // A padding of 0 is Grafana's gap of 1.
        assert_eq!(o["cellGap"], json!(1));
        assert_eq!(o["cellRadius"], json!(3));
        assert_eq!(
            o["yAxis"],
            json!({"axisPlacement": "hidden", "reverse": true, "axisWidth": 40, "min": 1, "unit": "s"})
        );
        assert_eq!(o["rowsFrame"], json!({"layout": "unknown"}));
        assert_eq!(o["tooltip"], json!({"mode": "none", "yHistogram": false}));
        assert_eq!(o["legend"], json!({"show": true}));
        assert!(o.get("filterValues").is_none());
        assert_eq!(p["fieldConfig"], json!({"defaults": {}, "overrides": []}));
        for gone in [
            "cards",
            "color",
            "dataFormat",
            "highlightCards",
            "legend",
            "tooltip",
            "yAxis",
        ] {
            assert!(p.get(gone).is_none(), "{gone} left on the panel");
        }
        // A heatmap with options is the current one: left alone.
        assert_eq!(panels(&d)[1]["options"], json!({"calculate": true}));
        assert_eq!(panels(&d)[1]["color"], json!({"mode": "spectrum"}));
    }

    #[test]
    fn angular_heatmap_schemes_are_found_by_name() {
        let scheme = |name: &str| {
            let d = migrate(json!({"schemaVersion": 26, "panels": [
                {"type": "heatmap", "color": {"mode": "spectrum", "colorScheme": name}}
            ]}));
            panels(&d)[0]["options"]["color"]["scheme"].clone()
        };
        assert_eq!(scheme("interpolatePlasma"), json!("Plasma"));
        // The first scheme of Grafana's list the name holds, as Grafana
        // finds it: `BuGn` comes before `PuBuGn`, `GnBu` before `YlGnBu`.
        assert_eq!(scheme("interpolatePuBuGn"), json!("BuGn"));
        assert_eq!(scheme("interpolateYlGnBu"), json!("GnBu"));
        assert_eq!(scheme("interpolateRdYlGn"), json!("RdYlGn"));
        assert_eq!(scheme("Spectral"), json!("Spectral"));
        assert_eq!(scheme("nothing"), json!("Oranges"));
    }

    #[test]
    fn table_old_becomes_table() {
        let d = migrate(
            json!({"schemaVersion": 26, "panels": [{"type": "table-old", "styles": [
            {"pattern": "/.*/", "unit": "bytes", "decimals": 2},
            {"pattern": "instance", "alias": "Host", "type": "string"},
            {"pattern": "/^__/", "type": "hidden"}
        ], "sort": {"col": 2, "desc": true}}]}),
        );
        let t = &panels(&d)[0];
        assert_eq!(t["type"], json!("table"));
        assert_eq!(
            t["fieldConfig"]["defaults"],
            json!({"custom": {"align": "auto"}, "decimals": 2, "unit": "bytes"})
        );
        let overrides = t["fieldConfig"]["overrides"].as_array().unwrap();
        assert_eq!(
            overrides[0],
            json!({"matcher": {"id": "byName", "options": "instance"}, "properties": [{"id": "displayName", "value": "Host"}]})
        );
        assert_eq!(overrides[1]["matcher"]["id"], json!("byRegexp"));
        assert_eq!(
            overrides[1]["properties"],
            json!([{"id": "custom.hidden", "value": true}])
        );
        assert_eq!(
            t["options"]["sortBy"],
            json!([{"desc": true, "displayName": "Column 2"}])
        );
        assert!(t.get("styles").is_none());
    }

    #[test]
    fn the_built_in_annotation_query_is_added_first_when_missing() {
        let d = migrate(json!({"schemaVersion": 39,
            "annotations": {"list": [{"name": "deploys", "expr": "up"}]}}));
        let list = d["annotations"]["list"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["builtIn"], json!(1));
        assert_eq!(list[0]["hide"], json!(true));
        assert_eq!(list[1]["name"], json!("deploys"));
        // Present already: left as it is.
        let again = migrate(d.clone());
        assert_eq!(again["annotations"], d["annotations"]);
        let none = migrate(json!({"schemaVersion": 39}));
        assert_eq!(none["annotations"]["list"][0]["builtIn"], json!(1));
    }

    #[test]
    fn variables_and_text_panels_are_migrated() {
        let d = migrate(json!({"schemaVersion": 20,
            "templating": {"list": [
                {"type": "query", "name": "q", "refresh": 0, "options": [{"text": "a"}], "useTags": true, "tagsQuery": "x"},
                {"type": "constant", "name": "c", "query": "v", "hide": 0}
            ]},
            "panels": [{"type": "text", "content": "# hi", "mode": "markdown", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 2}}]
        }));
        let vars = d["templating"]["list"].as_array().unwrap();
        assert_eq!(vars[0]["refresh"], json!(1));
        assert_eq!(vars[0]["options"], json!([]));
        assert!(vars[0].get("useTags").is_none() && vars[0].get("tagsQuery").is_none());
        assert_eq!(vars[1]["type"], json!("textbox"));
        // `selected` is the picker's state, which Grafana 12 does not save.
        assert_eq!(vars[1]["current"], json!({"text": "v", "value": "v"}));
        let text = &panels(&d)[0];
        assert_eq!(
            text["options"],
            json!({"content": "# hi", "mode": "markdown"})
        );
        assert!(text.get("content").is_none());
    }

    #[test]
    fn panels_are_sorted_and_overlaps_pushed_down() {
        let d = migrate(json!({"schemaVersion": 39, "panels": [
            {"title": "b", "type": "text", "gridPos": {"x": 0, "y": 4, "w": 12, "h": 4}},
            {"title": "a", "type": "text", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 6}},
            {"title": "c", "type": "text", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 6}}
        ]}));
        let p = panels(&d);
        let order: Vec<&str> = p.iter().map(|p| p["title"].as_str().unwrap()).collect();
        assert_eq!(order, ["a", "c", "b"]);
        assert_eq!(p[2]["gridPos"]["y"], json!(6));
    }
}
