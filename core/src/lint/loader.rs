//! The rules Grafana's dashboard loader and file provisioning apply
//! (Grafana 11/12): identity, title, schema version, panel types,
//! datasources and the 24-column grid.

use std::collections::BTreeMap;

use serde_json::Value;

use super::walk::{Origin, PanelRef, Walk};
use super::{escape, json_kind, panel_title, Findings};
use crate::units;

/// The schema version Grafana 12 writes.
const CURRENT_SCHEMA: i64 = 42;

/// The schema version Grafana 9.0 wrote; anything older predates object
/// datasource references and the current panel set.
const OLDEST_CURRENT_SCHEMA: i64 = 36;

/// The Angular panels current Grafana migrates on load (its
/// `autoMigrateOldPanels` list, also what detect-angular-dashboards treats
/// as migratable), with the panel each becomes.
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
pub(crate) fn check(dashboard: &Value, base: &str, walked: &Walk<'_>, out: &mut Findings) {
    let at = |key: &str| format!("{base}/{key}");
    match dashboard.get("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => {}
        _ => out.push(
            &at("title"),
            None,
            "missing-title",
            "the dashboard has no title: Grafana refuses it (\"Dashboard title cannot be \
             empty\"); set a non-empty `title`"
                .into(),
        ),
    }
    match dashboard.get("uid") {
        None | Some(Value::Null) => out.push(
            &at("uid"),
            None,
            "missing-uid",
            "the dashboard has no `uid`: Grafana makes one up, so links and later provisioning \
             runs cannot find it again; set a `uid` of at most 40 characters [a-zA-Z0-9_-]"
                .into(),
        ),
        Some(Value::String(uid)) if uid.is_empty() => out.push(
            &at("uid"),
            None,
            "missing-uid",
            "the uid is empty: Grafana makes one up on every load, so links and later \
             provisioning runs cannot find the dashboard again; set a `uid` of 1 to 40 \
             characters [a-zA-Z0-9_-]"
                .into(),
        ),
        Some(Value::String(uid)) => {
            let shown = escape(uid);
            if let Some(bad) = uid
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            {
                out.push(
                    &at("uid"),
                    None,
                    "invalid-uid",
                    format!(
                        "uid `{shown}` contains `{}`: Grafana accepts only [a-zA-Z0-9_-] in a \
                         uid and refuses the dashboard; replace it",
                        escape(&bad.to_string())
                    ),
                );
            }
            let n = uid.chars().count();
            if n > 40 {
                out.push(
                    &at("uid"),
                    None,
                    "invalid-uid",
                    format!(
                        "uid `{shown}` is {n} characters long: Grafana refuses uids over 40; \
                         shorten it"
                    ),
                );
            }
        }
        Some(other) => out.push(
            &at("uid"),
            None,
            "invalid-uid",
            format!(
                "`uid` is {}, not a string; write it as a string of [a-zA-Z0-9_-]",
                json_kind(other)
            ),
        ),
    }
    if dashboard.get("id").is_some_and(|id| !id.is_null()) {
        out.push(
            &at("id"),
            None,
            "dashboard-id",
            "the dashboard sets `id`: ids belong to one Grafana database and provisioning \
             strips them; remove `id` and identify the dashboard by `uid`"
                .into(),
        );
    }
    match dashboard.get("schemaVersion").and_then(Value::as_i64) {
        None => out.push(
            &at("schemaVersion"),
            None,
            "schema-version",
            format!(
                "no numeric `schemaVersion`: Grafana takes it for 0 and runs every migration \
                 on load; set the version the dashboard was written for (Grafana 12 writes \
                 {CURRENT_SCHEMA})"
            ),
        ),
        Some(v) if v < OLDEST_CURRENT_SCHEMA => out.push(
            &at("schemaVersion"),
            None,
            "schema-version",
            format!(
                "schemaVersion {v} is from a Grafana older than 9 (Grafana 12 writes \
                 {CURRENT_SCHEMA}): Grafana migrates it on every load, in memory only; save \
                 the migrated dashboard from current Grafana and commit that"
            ),
        ),
        Some(_) => {}
    }

    let mut ids: BTreeMap<i64, (String, String)> = BTreeMap::new();
    let mut sources = Sources::default();
    for p in &walked.panels {
        let (pointer, panel) = (&p.pointer, p.panel);
        check_panel(p, &mut sources, out);
        if p.origin == Origin::LegacyRow {
            continue;
        }
        if let Some(id) = panel.get("id").and_then(Value::as_i64) {
            if let Some((first, title)) = ids.get(&id) {
                out.push(
                    &format!("{pointer}/id"),
                    Some(panel),
                    "duplicate-panel-id",
                    format!(
                        "panel id {id} is also used by panel \"{}\" ({first}): Grafana gives \
                         this panel a new id on load, which breaks links to it (`viewPanel`); \
                         give every panel its own id",
                        escape(title)
                    ),
                );
            } else {
                ids.insert(id, (pointer.clone(), panel_title(panel)));
            }
        }
    }
    overlaps(walked, out);
    let declared: Vec<&str> = dashboard
        .pointer("/templating/list")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.get("name").and_then(Value::as_str))
        .collect();
    sources.report(&declared, out);
}

/// Datasource findings, one per kind and reference in a dashboard (the
/// fix is one for all its panels): where first seen, and how many panels.
#[derive(Default)]
struct Sources {
    seen: Vec<(&'static str, String, String, Value, usize)>,
}

impl Sources {
    fn add(&mut self, rule: &'static str, name: &str, pointer: &str, panel: &Value) {
        match self.seen.iter_mut().find(|s| s.0 == rule && s.1 == name) {
            Some(entry) => entry.4 += 1,
            None => self.seen.push((
                rule,
                name.to_string(),
                format!("{pointer}/datasource"),
                panel
                    .get("title")
                    .cloned()
                    .map_or(Value::Null, |t| serde_json::json!({"title": t})),
                1,
            )),
        }
    }

    /// Reports each; a `$DS_X` that the templating list declares is a
    /// datasource variable, not a placeholder.
    fn report(self, declared: &[&str], out: &mut Findings) {
        for (rule, name, pointer, panel, count) in self.seen {
            let variable = name.trim_start_matches('$').trim_matches(['{', '}']);
            if rule == "datasource-placeholder" && declared.contains(&variable) {
                continue;
            }
            let panels = if count == 1 {
                "this panel".to_string()
            } else {
                format!("this panel and {} more", count - 1)
            };
            let shown = escape(&name);
            let message = match rule {
                "datasource-missing" => format!(
                    "{panels} {} no datasource: Grafana sends their queries to the default \
                     datasource (none, when no datasource is provisioned); reference the \
                     provisioned one, `\"datasource\": {{\"type\": \"prometheus\", \"uid\": \
                     \"<uid>\"}}`, or a datasource variable",
                    if count == 1 { "names" } else { "name" }
                ),
                "datasource-placeholder" => format!(
                    "datasource `{shown}` ({panels}) is an import placeholder: only the \
                     interactive import fills it in; file provisioning leaves it as it is and \
                     the queries fail (datasource not found); reference the datasource by its \
                     uid or through a datasource variable"
                ),
                _ if name.starts_with('$') => format!(
                    "datasource `{shown}` ({panels}) is a datasource variable written as a \
                     string, the pre-8.3 form: Grafana migrates it on every load; write \
                     `{{\"type\": \"prometheus\", \"uid\": \"{shown}\"}}`"
                ),
                _ => format!(
                    "datasource `{shown}` ({panels}) is a name, the pre-8.3 form: Grafana \
                     looks it up by name on every load; reference it as an object, \
                     `{{\"type\": \"prometheus\", \"uid\": \"<uid>\"}}`"
                ),
            };
            out.push(&pointer, Some(&panel), rule, message);
        }
    }
}

fn check_panel(p: &PanelRef<'_>, sources: &mut Sources, out: &mut Findings) {
    let (pointer, panel) = (p.pointer.as_str(), p.panel);
    if !panel.is_object() {
        out.push(
            pointer,
            None,
            "panel-structure",
            format!(
                "the {} is {}, not a JSON object: Grafana cannot show it; a panel is an object \
                 with `type`, `title`, `gridPos` and, for a query panel, `targets`",
                if p.origin == Origin::LegacyRow {
                    "row"
                } else {
                    "panel"
                },
                json_kind(panel)
            ),
        );
        return;
    }
    if p.origin == Origin::LegacyRow {
        // Reported once per dashboard, on its first row.
        if pointer.ends_with("/rows/0") {
            out.push(
                pointer.trim_end_matches("/0"),
                None,
                "schema-version",
                "the dashboard uses the legacy `rows[]` layout (schemaVersion 14 or older): \
                 Grafana migrates it on every load, each row to a row panel followed by its \
                 panels placed by `span`; save the migrated dashboard from current Grafana to \
                 get `panels` with `gridPos`"
                    .into(),
            );
        }
        return;
    }
    if let Some(library) = panel.get("libraryPanel").filter(|l| !l.is_null()) {
        let name = library
            .get("name")
            .or_else(|| library.get("uid"))
            .and_then(Value::as_str)
            .unwrap_or("");
        out.push(
            &format!("{pointer}/libraryPanel"),
            Some(panel),
            "library-panel",
            format!(
                "a library panel (`{}`): Grafana loads its type, options and queries from the \
                 library of the instance, so they cannot be checked offline; make sure the \
                 library panel exists where the dashboard is provisioned",
                escape(name)
            ),
        );
        return;
    }
    let kind = panel.get("type").and_then(Value::as_str);
    match kind {
        None => out.push(
            &format!("{pointer}/type"),
            Some(panel),
            "panel-type",
            "the panel has no `type`: Grafana cannot show it; use one of timeseries, stat, \
             gauge, bargauge, table, heatmap, text"
                .into(),
        ),
        Some(t) => {
            if let Some((_, instead)) = ANGULAR.iter().find(|(a, _)| *a == t) {
                out.push(
                    &format!("{pointer}/type"),
                    Some(panel),
                    "angular-panel",
                    format!(
                        "`{t}` is an Angular panel: current Grafana migrates it to `{instead}` \
                         on every load, and may drop options it cannot carry over; change the \
                         type to `{instead}` and check the panel"
                    ),
                );
            }
        }
    }
    if p.origin == Origin::Panel {
        grid(pointer, panel, kind == Some("row"), out);
    }
    unit(pointer, panel, out);
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
        sources.add("datasource-missing", "", pointer, panel);
    }
    for reference in references {
        // `"${DS_X}"` or `{"uid": "${DS_X}"}`: an import placeholder.
        let uid = reference.get("uid").and_then(Value::as_str);
        if let Some(placeholder) = reference
            .as_str()
            .or(uid)
            .filter(|n| n.starts_with('$') && n.contains("DS_"))
        {
            sources.add("datasource-placeholder", placeholder, pointer, panel);
        } else if let Some(name) = reference.as_str() {
            sources.add("datasource-name", name, pointer, panel);
        }
    }
}

/// The panel's units: `fieldConfig.defaults.unit`, and the legacy
/// `format` of a singlestat and the left y-axis `format` of a graph, which Grafana's
/// migration turns into the unit. Grafana shows an id it does not know as a
/// plain suffix.
fn unit(pointer: &str, panel: &Value, out: &mut Findings) {
    let mut places: Vec<(String, &str)> = Vec::new();
    if let Some(u) = panel
        .pointer("/fieldConfig/defaults/unit")
        .and_then(Value::as_str)
    {
        places.push((format!("{pointer}/fieldConfig/defaults/unit"), u));
    }
    let kind = panel.get("type").and_then(Value::as_str);
    if matches!(kind, Some("singlestat" | "grafana-singlestat-panel")) {
        if let Some(u) = panel.get("format").and_then(Value::as_str) {
            places.push((format!("{pointer}/format"), u));
        }
    }
    // The left axis's format becomes the unit; the right one only matters
    // for series drawn on it.
    if kind == Some("graph") {
        if let Some(u) = panel.pointer("/yaxes/0/format").and_then(Value::as_str) {
            places.push((format!("{pointer}/yaxes/0/format"), u));
        }
    }
    for (at, u) in places {
        if u.is_empty() || units::is_known(u) {
            continue;
        }
        let hint = units::suggestion(u)
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        out.push(
            &at,
            Some(panel),
            "unknown-unit",
            format!(
                "unit `{}` is not a Grafana unit id: Grafana shows it as a plain suffix after \
                 each value; {hint}use a unit id (such as `reqps`, `s`, `bytes`, `percent`) or \
                 write `suffix:{}` to mean the suffix",
                escape(u),
                escape(u)
            ),
        );
    }
}

/// One panel's `gridPos` against the 24-column grid. Grafana fills in a
/// missing `x` or `y` with 0, a missing `w` with 6 and `h` with 3 (its
/// panel defaults); rows are full width whatever their `w`.
fn grid(pointer: &str, panel: &Value, is_row: bool, out: &mut Findings) {
    let at = format!("{pointer}/gridPos");
    let Some(pos) = panel.get("gridPos") else {
        out.push(
            &at,
            Some(panel),
            "grid",
            "the panel has no `gridPos`: Grafana places it at the top left, 6 columns by 3 \
             units; give it `{\"x\", \"y\", \"w\", \"h\"}` on the 24-column grid"
                .into(),
        );
        return;
    };
    let field = |k: &str| pos.get(k).and_then(Value::as_i64);
    let wrong: Vec<&str> = ["x", "y", "w", "h"]
        .into_iter()
        .filter(|k| {
            pos.get(k)
                .is_some_and(|v| !v.is_null() && v.as_i64().is_none())
        })
        .collect();
    if !wrong.is_empty() {
        out.push(
            &at,
            Some(panel),
            "grid",
            format!(
                "`gridPos` {} not an integer: Grafana's layout misplaces the panel; write \
                 whole grid units",
                wrong
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if wrong.len() == 1 { " is" } else { " are" }
            ),
        );
        return;
    }
    if is_row {
        return;
    }
    let missing: Vec<&str> = ["w", "h"]
        .into_iter()
        .filter(|k| field(k).is_none())
        .collect();
    if !missing.is_empty() {
        out.push(
            &at,
            Some(panel),
            "grid",
            format!(
                "`gridPos` has no {}: Grafana fills in its default ({}); write the size",
                missing
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                missing
                    .iter()
                    .map(|k| if *k == "w" { "w 6" } else { "h 3" })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let (x, y) = (field("x").unwrap_or(0), field("y").unwrap_or(0));
    let (w, h) = (field("w").unwrap_or(6), field("h").unwrap_or(3));
    if !(1..=24).contains(&w) {
        out.push(
            &at,
            Some(panel),
            "grid",
            format!("width w = {w}: the grid has 24 columns, so w is 1 to 24"),
        );
    }
    if x < 0 || y < 0 {
        out.push(
            &at,
            Some(panel),
            "grid",
            format!("position x = {x}, y = {y}: both must be 0 or more"),
        );
    } else if i128::from(x) + i128::from(w) > 24 {
        // Widened: `x + w` of two i64 values cannot overflow an i128.
        out.push(
            &at,
            Some(panel),
            "grid",
            format!(
                "x + w = {x} + {w} = {} runs past the 24th column: Grafana moves the panel \
                 left until it fits",
                i128::from(x) + i128::from(w)
            ),
        );
    }
    if h <= 0 {
        out.push(
            &at,
            Some(panel),
            "grid",
            format!("height h = {h}: it must be at least 1 (one unit is 30 px)"),
        );
    }
}

/// Panels whose rectangles share a cell, within each `panels` list (the
/// top level, and each row's collapsed children).
fn overlaps(walked: &Walk<'_>, out: &mut Findings) {
    let mut groups: BTreeMap<&str, Vec<(String, &Value)>> = BTreeMap::new();
    for p in &walked.panels {
        if p.origin == Origin::Panel {
            groups
                .entry(p.container.as_str())
                .or_default()
                .push((p.pointer.clone(), p.panel));
        }
    }
    for group in groups.values() {
        super::overlap::check(group, out);
    }
}
