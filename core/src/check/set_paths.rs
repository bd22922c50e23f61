//! `set: { "dotted.path": value }` blocks: every path is checked against
//! Grafana's schema of the object it is written into (the panel of that
//! kind, the Prometheus query, the dashboard) with [`schema::validate_at`],
//! and may not touch what a dedicated DSL option (or dashc itself) writes.
//! Paths of one block may not overlap, so the merge does not depend on
//! their order.

use std::collections::BTreeMap;

use serde_json::Value;

use super::reducer_problem;
use crate::diag::Diagnostics;
use crate::model::{Dashboard, Panel, PanelKind, SetEntry, Target};
use crate::schema::{self, Root};

/// At most this many schema findings are reported for one path.
const FINDINGS_SHOWN: usize = 5;

/// A JSON path the DSL writes itself: the path, who writes it, and what to
/// write instead of `set`.
pub(crate) type Reserved = (&'static str, &'static str, &'static str);

/// Keys of the dashboard object the DSL writes.
const DASHBOARD_RESERVED: &[Reserved] = &[
    (
        "id",
        "nothing: a dashboard's identity is its `uid`",
        "remove it",
    ),
    ("uid", "the `uid` option", "write `uid: \"..\"` instead"),
    (
        "title",
        "the `title` option",
        "write `title: \"..\"` instead",
    ),
    (
        "description",
        "the `description` option",
        "write `description: \"..\"` instead",
    ),
    ("tags", "the `tags` option", "write `tags: [..]` instead"),
    (
        "refresh",
        "the `refresh` option",
        "write `refresh: \"30s\"` instead",
    ),
    (
        "time",
        "the `time` option",
        "write `time: \"now-1h\"..\"now\"` instead",
    ),
    (
        "timezone",
        "the `timezone` option",
        "write `timezone: \"..\"` instead",
    ),
    (
        "graphTooltip",
        "the `tooltip` option",
        "write `tooltip: shared_crosshair` instead",
    ),
    (
        "editable",
        "the `editable` option",
        "write `editable: ..` instead",
    ),
    ("links", "the `links` option", "write `links: [..]` instead"),
    (
        "templating",
        "the `variables { .. }` block and the `datasource` option",
        "declare variables in `variables { .. }` instead",
    ),
    (
        "panels",
        "the dashboard's rows and panels",
        "write rows and panels instead",
    ),
    (
        "schemaVersion",
        "dashc, which writes the version it renders",
        "remove it",
    ),
];

/// Keys of a Prometheus query object the DSL writes.
const TARGET_RESERVED: &[Reserved] = &[
    (
        "expr",
        "the query string after `=>`",
        "edit the query instead",
    ),
    (
        "legendFormat",
        "the legend format before `=>`",
        "edit the legend format instead",
    ),
    (
        "refId",
        "dashc, which letters queries A, B, .. in order",
        "remove it",
    ),
    (
        "datasource",
        "the dashboard's `datasource` option (every query reads the `datasource` variable)",
        "remove it",
    ),
    (
        "format",
        "the `format` option",
        "write `format: table` instead",
    ),
    (
        "instant",
        "the `instant` option",
        "write `instant: true` instead",
    ),
    (
        "range",
        "the `instant` option",
        "write `instant: true` instead",
    ),
    (
        "interval",
        "the `interval` option",
        "write `interval: \"1m\"` instead",
    ),
    ("hide", "the `hide` option", "write `hide: true` instead"),
];

/// Keys of a panel object the DSL writes on every kind.
const PANEL_RESERVED: &[Reserved] = &[
    (
        "type",
        "the panel kind",
        "write the kind before the title (`stat \"Title\" { .. }`) instead",
    ),
    ("id", "dashc, which numbers panels in order", "remove it"),
    ("title", "the panel's title", "edit the title instead"),
    (
        "description",
        "the `description` option",
        "write `description: \"..\"` instead",
    ),
    (
        "gridPos",
        "the layout (`width` and `height` options)",
        "write `width: 12, height: 8` instead",
    ),
    (
        "datasource",
        "the dashboard's `datasource` option (every panel reads the `datasource` variable)",
        "remove it",
    ),
    (
        "targets",
        "the panel's queries (`\"legend\" => \"expr\"`)",
        "write queries, with their own `set: { .. }`, instead",
    ),
];

/// Panel paths written by options that take values (not on text panels).
const VALUE_RESERVED: &[Reserved] = &[
    (
        "fieldConfig.defaults.unit",
        "the `unit` option",
        "write `unit: \"..\"` instead",
    ),
    (
        "fieldConfig.defaults.min",
        "the `min` option",
        "write `min: ..` instead",
    ),
    (
        "fieldConfig.defaults.max",
        "the `max` option",
        "write `max: ..` instead",
    ),
    (
        "fieldConfig.defaults.decimals",
        "the `decimals` option",
        "write `decimals: ..` instead",
    ),
    (
        "fieldConfig.defaults.thresholds",
        "the `thresholds` option",
        "write `thresholds: [green, red: 80]` instead",
    ),
    (
        "fieldConfig.defaults.color",
        "the `color` option",
        "write `color: ..` instead",
    ),
];

/// Heatmap paths written by its value options.
const HEATMAP_RESERVED: &[Reserved] = &[
    (
        "fieldConfig.defaults.thresholds",
        "the `thresholds` option",
        "write `thresholds: [green, red: 80]` instead",
    ),
    (
        "options.yAxis.unit",
        "the `unit` option",
        "write `unit: \"..\"` instead",
    ),
    (
        "options.yAxis.min",
        "the `min` option",
        "write `min: ..` instead",
    ),
    (
        "options.yAxis.max",
        "the `max` option",
        "write `max: ..` instead",
    ),
    (
        "options.yAxis.decimals",
        "the `decimals` option",
        "write `decimals: ..` instead",
    ),
    (
        "options.cellValues.unit",
        "the `unit` option",
        "write `unit: \"..\"` instead",
    ),
    (
        "options.cellValues.decimals",
        "the `decimals` option",
        "write `decimals: ..` instead",
    ),
    (
        "options.color",
        "the `color`, `min` and `max` options",
        "write `color: ..` instead",
    ),
    (
        "options.legend",
        "the `legend` option",
        "write `legend: hidden` instead",
    ),
];

const LEGEND_RESERVED: Reserved = (
    "options.legend",
    "the `legend` option",
    "write `legend: { mode: table, placement: right, calcs: [..] }` instead",
);

/// The paths the DSL writes on a panel of `kind`.
pub fn panel_reserved(kind: PanelKind) -> Vec<Reserved> {
    let mut out = PANEL_RESERVED.to_vec();
    match kind {
        PanelKind::Text => out.push((
            "options.content",
            "the `content` option",
            "write `content: \"..\"` instead",
        )),
        PanelKind::Heatmap => out.extend_from_slice(HEATMAP_RESERVED),
        _ => out.extend_from_slice(VALUE_RESERVED),
    }
    match kind {
        PanelKind::Timeseries => out.extend([
            LEGEND_RESERVED,
            (
                "fieldConfig.defaults.custom.stacking",
                "the `stacking` option",
                "write `stacking: normal` instead",
            ),
            (
                "fieldConfig.defaults.custom.thresholdsStyle",
                "the `thresholds` option's `style`",
                "write `thresholds: { style: line, steps: [..] }` instead",
            ),
        ]),
        PanelKind::BarGauge => out.push(LEGEND_RESERVED),
        PanelKind::Table => out.push((
            "options.sortBy",
            "the `sort` option",
            "write `sort: desc` instead",
        )),
        _ => {}
    }
    out
}

/// Checks the dashboard's own `set` block.
pub fn check_dashboard(d: &Dashboard, diags: &mut Diagnostics) {
    check_entries(
        Root::Dashboard,
        "the dashboard",
        &d.set,
        DASHBOARD_RESERVED,
        diags,
    );
}

/// Checks the `set` blocks of a panel and of its queries.
pub fn check_panel(p: &Panel, diags: &mut Diagnostics) {
    if !p.set.is_empty() {
        match schema::panel_kind(p.kind.plugin_id()) {
            Some(kind) => {
                let what = format!("a {} panel", p.kind.plugin_id());
                check_entries(Root::Panel(kind), &what, &p.set, &panel_reserved(p.kind), diags);
            }
            None => diags.error(
                p.loc,
                format!(
                    "the schema tables have no panel kind `{}`: `set` cannot be checked here; remove it",
                    p.kind.plugin_id()
                ),
            ),
        }
    }
    for t in &p.targets {
        check_target(t, diags);
    }
}

fn check_target(t: &Target, diags: &mut Diagnostics) {
    check_entries(
        Root::Target,
        "a Prometheus query",
        &t.set,
        TARGET_RESERVED,
        diags,
    );
}

/// Whether `inner` is `outer` or lies below it (`a.b` below `a`, not `ab`).
pub(crate) fn within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

fn check_entries(
    root: Root,
    what: &str,
    entries: &[SetEntry],
    reserved: &[Reserved],
    diags: &mut Diagnostics,
) {
    // Every path of the block, to find overlaps in n log n.
    let paths: BTreeMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.path.value.as_str(), i))
        .collect();
    for entry in entries {
        let path = entry.path.value.as_str();
        let loc = entry.path.loc;
        if let Some(problem) = syntax_problem(path) {
            diags.error(loc, format!("`set` path \"{path}\": {problem}"));
            continue;
        }
        // An enclosing path set in the same block: the merge would depend on order.
        let enclosing = path
            .match_indices('.')
            .map(|(i, _)| &path[..i])
            .find(|prefix| paths.contains_key(prefix));
        if let Some(outer) = enclosing {
            diags.error(
                loc,
                format!("`set` path \"{path}\" lies inside \"{outer}\", also set in this block: put the value into \"{outer}\"'s object, or drop one of them"),
            );
            continue;
        }
        if let Some((taken, owner, fix)) = reserved
            .iter()
            .find(|(taken, _, _)| within(path, taken) || within(taken, path))
        {
            let message = if within(path, taken) {
                format!("`set` path \"{path}\" on {what} is written by {owner}: {fix}")
            } else {
                format!("`set` path \"{path}\" on {what} would replace \"{taken}\", which {owner} writes: set the keys below \"{path}\" one by one instead")
            };
            diags.error(loc, message);
            continue;
        }
        let key = path.rsplit('.').next().unwrap_or(path);
        // A wrong value is shown where the value is written.
        let value_loc = entry.value_loc;
        check_calcs(key, &entry.value, 0, &mut |problem| {
            diags.error(
                value_loc,
                format!("`set` path \"{path}\" on {what}: {problem}"),
            );
        });
        if let Err(findings) = schema::validate_at(root, path, &entry.value) {
            let more = findings.len().saturating_sub(FINDINGS_SHOWN);
            // A finding at the path itself needs no pointer; one inside the value keeps it.
            let own = format!("/{}: ", path.replace('.', "/"));
            for f in findings.iter().take(FINDINGS_SHOWN) {
                let text = f.to_string();
                // An unknown key on the way is the path's fault; a wrong
                // type or value, the value's.
                let at = match f.problem {
                    schema::Problem::UnknownKey { .. } if f.pointer.len() <= own.len() - 2 => loc,
                    _ => value_loc,
                };
                let text = text.strip_prefix(&own).unwrap_or(&text);
                diags.error(at, format!("`set` path \"{path}\" on {what}: {text}"));
            }
            if more > 0 {
                diags.error(
                    loc,
                    format!("`set` path \"{path}\": and {more} more problems in its value"),
                );
            }
        }
    }
}

/// Reducer ids in every `calcs` array of `value` (held at `key`): the
/// schemas type them as plain strings, so they are checked against
/// Grafana's reducer ids here.
fn check_calcs(key: &str, value: &Value, depth: usize, report: &mut impl FnMut(String)) {
    if depth > schema::MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) if key == "calcs" => {
            for id in items.iter().filter_map(Value::as_str) {
                if let Some(problem) = reducer_problem("calculation", id) {
                    report(problem);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                check_calcs("", item, depth + 1, report);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                check_calcs(k, v, depth + 1, report);
            }
        }
        _ => {}
    }
}

/// What is wrong with the shape of a dotted path, if anything.
fn syntax_problem(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("empty path: name a key, such as \"options.reduceOptions.calcs\"".into());
    }
    // No option of the schemas is this deep; the cap also bounds the cost
    // of the overlap lookups, one per key.
    if path.split('.').count() > schema::MAX_DEPTH {
        return Some(format!(
            "more than {} keys: no Grafana option is that deep",
            schema::MAX_DEPTH
        ));
    }
    for segment in path.split('.') {
        if segment.is_empty() {
            return Some("empty key: separate keys with one `.`, with no `.` at either end".into());
        }
        if segment.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!("`{segment}` indexes an array: `set` writes object keys; give the whole array at its key instead"));
        }
    }
    None
}
