//! The rules Grafana's dashboard loader and file provisioning apply
//! (Grafana 11/12): identity, title, schema version, panel types,
//! datasources and the 24-column grid.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{json_kind, panel_title, panels, Findings};

/// The schema version Grafana 12 writes.
const CURRENT_SCHEMA: i64 = 42;

/// The schema version Grafana 9.0 wrote; anything older predates object
/// datasource references and the current panel set.
const OLDEST_CURRENT_SCHEMA: i64 = 36;

/// Angular panels gone from current Grafana, with their replacements.
const ANGULAR: [(&str, &str); 6] = [
    ("graph", "timeseries"),
    ("singlestat", "stat"),
    ("table-old", "table"),
    ("grafana-singlestat-panel", "stat"),
    ("grafana-piechart-panel", "piechart"),
    ("grafana-worldmap-panel", "geomap"),
];

/// Panel types that run no query.
const NO_QUERY: [&str; 5] = ["row", "text", "news", "dashlist", "welcome"];

/// Checks `dashboard` (found at JSON pointer `base`).
pub(crate) fn check(dashboard: &Value, base: &str, out: &mut Findings) {
    let at = |key: &str| format!("{base}/{key}");
    match dashboard.get("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => {}
        _ => out.push(
            &at("title"),
            None,
            "the dashboard has no title: Grafana refuses it (\"Dashboard title cannot be \
             empty\"); set a non-empty `title`"
                .into(),
        ),
    }
    match dashboard.get("uid") {
        None | Some(Value::Null) => out.push(
            &at("uid"),
            None,
            "the dashboard has no `uid`: Grafana makes one up, so links and later provisioning \
             runs cannot find it again; set a `uid` of at most 40 characters [a-zA-Z0-9_-]"
                .into(),
        ),
        Some(Value::String(uid)) => {
            if let Some(bad) = uid
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            {
                out.push(
                    &at("uid"),
                    None,
                    format!(
                        "uid `{uid}` contains `{bad}`: Grafana accepts only [a-zA-Z0-9_-] in a uid"
                    ),
                );
            }
            if uid.is_empty() || uid.chars().count() > 40 {
                out.push(
                    &at("uid"),
                    None,
                    format!(
                        "uid `{uid}` has {} characters: a uid has 1 to 40",
                        uid.chars().count()
                    ),
                );
            }
        }
        Some(other) => out.push(
            &at("uid"),
            None,
            format!("`uid` is {other}, not a string; write it as a string of [a-zA-Z0-9_-]"),
        ),
    }
    if dashboard.get("id").is_some_and(|id| !id.is_null()) {
        out.push(
            &at("id"),
            None,
            "the dashboard sets `id`: ids belong to one Grafana database and provisioning \
             strips them; remove `id` and identify the dashboard by `uid`"
                .into(),
        );
    }
    match dashboard.get("schemaVersion").and_then(Value::as_i64) {
        None => out.push(
            &at("schemaVersion"),
            None,
            format!(
                "no numeric `schemaVersion`: the dashboard schema requires it; Grafana 12 \
                 writes {CURRENT_SCHEMA}"
            ),
        ),
        Some(v) if v < OLDEST_CURRENT_SCHEMA => out.push(
            &at("schemaVersion"),
            None,
            format!(
                "schemaVersion {v} is from a Grafana older than 9 (Grafana 12 writes \
                 {CURRENT_SCHEMA}): the loader migrates it on every load, and its panels and \
                 datasource references are of that era; rebuild the dashboard for current Grafana"
            ),
        ),
        Some(_) => {}
    }

    let all = panels(dashboard, base);
    let mut ids: BTreeMap<i64, (String, String)> = BTreeMap::new();
    for (pointer, panel) in &all {
        check_panel(pointer, panel, out);
        if let Some(id) = panel.get("id").and_then(Value::as_i64) {
            if let Some((first, title)) = ids.get(&id) {
                out.push(
                    &format!("{pointer}/id"),
                    Some(panel),
                    format!(
                        "panel id {id} is also used by panel \"{title}\" ({first}); panel ids \
                         must be unique in a dashboard"
                    ),
                );
            } else {
                ids.insert(id, (pointer.clone(), panel_title(panel)));
            }
        }
    }
    overlaps(dashboard, base, out);
}

fn check_panel(pointer: &str, panel: &Value, out: &mut Findings) {
    if !panel.is_object() {
        out.push(
            pointer,
            Some(panel),
            format!(
                "the panel is {}, not a JSON object; a panel is an object with `type`, \
                 `title`, `gridPos` and, for a query panel, `targets`",
                json_kind(panel)
            ),
        );
        return;
    }
    let kind = panel.get("type").and_then(Value::as_str);
    match kind {
        None => out.push(
            &format!("{pointer}/type"),
            Some(panel),
            "the panel has no `type`; use one of timeseries, stat, gauge, bargauge, table, \
             heatmap, text"
                .into(),
        ),
        Some(t) => {
            if let Some((_, instead)) = ANGULAR.iter().find(|(a, _)| *a == t) {
                out.push(
                    &format!("{pointer}/type"),
                    Some(panel),
                    format!(
                        "`{t}` is an Angular panel, gone from current Grafana (it shows as an \
                         error); use `{instead}`"
                    ),
                );
            }
        }
    }
    grid(pointer, panel, out);
    if kind.is_some_and(|k| NO_QUERY.contains(&k)) {
        return;
    }
    let targets: Vec<&Value> = panel
        .get("targets")
        .and_then(Value::as_array)
        .map(|t| t.iter().collect())
        .unwrap_or_default();
    let references: Vec<&Value> = std::iter::once(panel.get("datasource"))
        .chain(targets.iter().map(|t| t.get("datasource")))
        .flatten()
        .filter(|d| !d.is_null())
        .collect();
    if references.is_empty() && !targets.is_empty() {
        out.push(
            &format!("{pointer}/datasource"),
            Some(panel),
            "the panel names no datasource: its queries go to whatever the default datasource \
             is (none, when no datasource is provisioned); reference the provisioned one, \
             `\"datasource\": {\"type\": \"prometheus\", \"uid\": \"<uid>\"}`"
                .into(),
        );
    }
    for reference in references {
        if let Some(name) = reference.as_str() {
            let message = if name.contains("DS_") {
                format!(
                    "datasource `{name}` is an import placeholder: it works only in the \
                     interactive import, never in file provisioning; use `{{\"type\": \
                     \"prometheus\", \"uid\": \"<uid>\"}}`"
                )
            } else {
                format!(
                    "datasource `{name}` is a name (the pre-8.3 form); reference it as an \
                     object, `{{\"type\": \"prometheus\", \"uid\": \"<uid>\"}}`"
                )
            };
            out.push(&format!("{pointer}/datasource"), Some(panel), message);
        }
    }
}

/// One panel's `gridPos` against the 24-column grid.
fn grid(pointer: &str, panel: &Value, out: &mut Findings) {
    let at = format!("{pointer}/gridPos");
    let Some(pos) = panel.get("gridPos") else {
        out.push(
            &at,
            Some(panel),
            "the panel has no `gridPos`; give it `{\"x\", \"y\", \"w\", \"h\"}` on the \
             24-column grid"
                .into(),
        );
        return;
    };
    let field = |k: &str| pos.get(k).and_then(Value::as_i64);
    let (Some(x), Some(y), Some(w), Some(h)) = (field("x"), field("y"), field("w"), field("h"))
    else {
        out.push(
            &at,
            Some(panel),
            "`gridPos` needs integer `x`, `y`, `w` and `h`".into(),
        );
        return;
    };
    if !(1..=24).contains(&w) {
        out.push(
            &at,
            Some(panel),
            format!("width w = {w}: the grid has 24 columns, so w is 1 to 24"),
        );
    }
    if x < 0 || y < 0 {
        out.push(
            &at,
            Some(panel),
            format!("position x = {x}, y = {y}: both must be 0 or more"),
        );
    } else if i128::from(x) + i128::from(w) > 24 {
        // Widened: `x + w` of two i64 values cannot overflow an i128.
        out.push(
            &at,
            Some(panel),
            format!(
                "x + w = {x} + {w} = {} runs past the 24th column; Grafana moves the panel",
                i128::from(x) + i128::from(w)
            ),
        );
    }
    if h <= 0 {
        out.push(
            &at,
            Some(panel),
            format!("height h = {h}: it must be at least 1 (one unit is 30 px)"),
        );
    }
}

/// Panels whose rectangles share a cell (top level, and within each row's
/// collapsed children).
fn overlaps(dashboard: &Value, base: &str, out: &mut Findings) {
    let Some(list) = dashboard.get("panels").and_then(Value::as_array) else {
        return;
    };
    let top: Vec<(String, &Value)> = list
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("{base}/panels/{i}"), p))
        .collect();
    super::overlap::check(&top, out);
    for (pointer, panel) in &top {
        if let Some(children) = panel.get("panels").and_then(Value::as_array) {
            let nested: Vec<(String, &Value)> = children
                .iter()
                .enumerate()
                .map(|(j, c)| (format!("{pointer}/panels/{j}"), c))
                .collect();
            super::overlap::check(&nested, out);
        }
    }
}
