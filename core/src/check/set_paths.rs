//! `set: { "dotted.path": value }` blocks: every path is checked against
//! Grafana's schema of the object it is written into (the panel of that
//! kind, the Prometheus query, the dashboard) with [`schema::validate_at`],
//! and may not touch what a dedicated DSL option (or dashc itself) writes.
//! Paths of one block may not overlap, so the merge does not depend on
//! their order.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::reducer_problem;
use crate::diag::Diagnostics;
use crate::dsl::forms;
use crate::model::{Dashboard, Panel, PanelKind, Row, SetEntry, Target, Variable};
use crate::schema::{self, Root};

/// At most this many schema findings are reported for one path.
const FINDINGS_SHOWN: usize = 5;

/// A JSON path the DSL writes itself: the path, who writes it, and what to
/// write instead of `set`.
pub(crate) type Reserved = (&'static str, &'static str, &'static str);

/// A reserved path with its owner and fix as text (those of short forms
/// are made from the form's name and example).
pub(crate) type Taken = (&'static str, String, String);

fn owned(reserved: &[Reserved]) -> impl Iterator<Item = Taken> + '_ {
    reserved
        .iter()
        .map(|(path, owner, fix)| (*path, owner.to_string(), fix.to_string()))
}

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
    (
        "annotations",
        "the `annotations { .. }` block",
        "write `annotations { builtin: { hide: false }, name: prometheus \"..\" }` instead",
    ),
    (
        "timepicker",
        "the `time_picker` option",
        "write `time_picker: { hidden: true, refresh_intervals: [..], now_delay: \"1m\" }` instead",
    ),
    (
        "weekStart",
        "the `week_start` option",
        "write `week_start: monday` instead",
    ),
    (
        "fiscalYearStartMonth",
        "the `fiscal_year_start` option",
        "write `fiscal_year_start: 3` (0 is January) instead",
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
    (
        "exemplar",
        "the `exemplar` option",
        "write `exemplar: true` instead",
    ),
];

/// Panel paths written by `series` blocks and `mappings` (not on text panels).
const FIELD_RESERVED: &[Reserved] = &[
    (
        "fieldConfig.overrides",
        "the panel's `series .. { .. }` blocks",
        "write `series \"Name\" { color: \"red\" }` (or `series regex \"..\"`, `series query B`, `series type number`) instead",
    ),
    (
        "fieldConfig.defaults.mappings",
        "the `mappings` option",
        "write `mappings: [value \"1\" => \"UP\", null => \"N/A\"]` instead",
    ),
];

/// Keys of a template variable the DSL writes; those after `query` only
/// on the kinds whose options write them ([`variable_option_keys`]).
const VARIABLE_RESERVED: &[Reserved] = &[
    ("name", "the variable's name", "rename the variable instead"),
    ("type", "the variable's kind", "write the kind after the name (`job: query \"..\"`) instead"),
    ("label", "the `label` option", "write `label: \"..\"` instead"),
    ("description", "the `description` option", "write `description: \"..\"` instead"),
    ("hide", "the `hide` option", "write `hide: label` instead"),
    (
        "datasource",
        "the dashboard's `datasource` option (every query variable reads the `datasource` variable)",
        "remove it",
    ),
    ("query", "the variable's argument", "edit the argument instead"),
    ("multi", "the `multi` option", "write `multi: true` instead"),
    ("includeAll", "the `include_all` option", "write `include_all: true` instead"),
    ("allValue", "the `all_value` option", "write `all_value: \".*\"` instead"),
    ("regex", "the `regex` option", "write `regex: \"..\"` instead"),
    ("sort", "the `sort` option", "write `sort: 1` instead"),
    ("auto", "the `auto` option", "write `auto: true` instead"),
];

/// The key of every variable the `current` option writes.
const VARIABLE_STATE_RESERVED: &[Reserved] = &[(
    "current",
    "the `current` option",
    "write `current: \"value\"` instead",
)];

/// The keys the options of a variable of `kind` write.
pub(crate) fn variable_option_keys(kind: &crate::model::VariableKind) -> &'static [&'static str] {
    use crate::model::VariableKind as K;
    match kind {
        K::Query { .. } => &["multi", "includeAll", "allValue", "regex", "sort"],
        K::Custom { .. } => &["multi", "includeAll", "allValue"],
        K::Interval { .. } => &["auto"],
        K::Constant { .. } | K::Textbox { .. } | K::Adhoc => &[],
    }
}

/// Keys of a row panel the DSL writes.
const ROW_RESERVED: &[Reserved] = &[
    ("type", "the `row` keyword", "remove it"),
    ("id", "dashc, which numbers panels in order", "remove it"),
    ("title", "the row's title", "edit the title instead"),
    (
        "collapsed",
        "the `collapsed` keyword",
        "write `row \"..\" collapsed { .. }` instead",
    ),
    ("gridPos", "the layout (`y` option)", "write `y: N` instead"),
    (
        "repeat",
        "the row's `repeat`",
        "write `row \"..\" repeat var { .. }` instead",
    ),
    (
        "panels",
        "the row's panels",
        "write panels in the row instead",
    ),
];

/// Checks the `set` block of a row.
pub fn check_row(r: &Row, diags: &mut Diagnostics) {
    check_entries(
        Root::Type(schema::row_panel()),
        "a row",
        &r.set,
        &row_reserved(),
        None,
        diags,
    );
}

/// Checks the `set` block of a template variable.
pub fn check_variable(v: &Variable, diags: &mut Diagnostics) {
    check_entries(
        Root::Type(schema::variable()),
        "a template variable",
        &v.set,
        &variable_reserved(&v.kind),
        None,
        diags,
    );
}

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
    (
        "transformations",
        "the `transform` option",
        "write `transform: [merge, organize { exclude: [\"Time\"] }]` instead",
    ),
    (
        "repeat",
        "the `repeat` option",
        "write `repeat: var` instead",
    ),
    (
        "repeatDirection",
        "the `repeat` option",
        "write `repeat: var { direction: v }` instead",
    ),
    (
        "maxPerRow",
        "the `repeat` option",
        "write `repeat: var { max_per_row: 4 }` instead",
    ),
];

/// The data links of a panel showing values.
const LINKS_RESERVED: Reserved = (
    "fieldConfig.defaults.links",
    "the `links` option",
    "write `links: [\"Title\" => \"https://..\"]` instead",
);

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
        "fieldConfig.defaults.color.mode",
        "the `color` option",
        "write `color: ..` instead",
    ),
    (
        "fieldConfig.defaults.color.fixedColor",
        "the `color` option",
        "write `color: \"red\"` instead",
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
        "options.color.mode",
        "the `color` option",
        "write `color: ..` instead",
    ),
    (
        "options.color.fill",
        "the `color` option",
        "write `color: \"red\"` instead",
    ),
    (
        "options.color.scheme",
        "the `color` option",
        "write `color: green_yellow_red` instead",
    ),
    (
        "options.color.reverse",
        "the `color` option",
        "write `color: green_yellow_red` instead",
    ),
    (
        "options.color.min",
        "the `min` option",
        "write `min: ..` instead",
    ),
    (
        "options.color.max",
        "the `max` option",
        "write `max: ..` instead",
    ),
    (
        "options.legend.show",
        "the `legend` option",
        "write `legend: hidden` instead",
    ),
];

/// The keys of `options.legend` the `legend` option writes; the others
/// (`width`, `sortBy`, ..) take `set`.
const LEGEND_RESERVED: [Reserved; 4] = [
    legend_key("options.legend.displayMode"),
    legend_key("options.legend.placement"),
    legend_key("options.legend.calcs"),
    legend_key("options.legend.showLegend"),
];

const fn legend_key(path: &'static str) -> Reserved {
    (
        path,
        "the `legend` option",
        "write `legend: { mode: table, placement: right, calcs: [..] }` instead",
    )
}

/// The paths the DSL writes on a panel of `kind`: those of the panel's own
/// options, of `series` blocks and `mappings`, then those of the short forms
/// that apply to the kind.
pub fn panel_reserved(kind: PanelKind) -> Vec<Taken> {
    let mut out: Vec<Taken> = owned(&panel_own_reserved(kind)).collect();
    if kind.shows_values() {
        out.extend(owned(FIELD_RESERVED));
    }
    out.extend(
        forms::FORMS
            .iter()
            .filter(|f| f.scope != forms::Scope::Series && forms::not_for_kind(f, kind).is_none())
            .map(|f| {
                (
                    f.path,
                    format!("the `{}` option", f.name),
                    format!("write `{}` instead", f.example),
                )
            }),
    );
    out
}

/// The reserved path that `path` is or lies below, the deepest one if
/// several (`options.legend.sortBy` is `legend_sort_by`'s, not `legend`'s).
pub(crate) fn owner_of<'a>(reserved: &'a [Taken], path: &str) -> Option<&'a Taken> {
    reserved
        .iter()
        .filter(|(taken, _, _)| within(path, taken))
        .max_by_key(|(taken, _, _)| taken.len())
}

/// The paths the panel's own options (not the short forms) write on a panel of `kind`.
fn panel_own_reserved(kind: PanelKind) -> Vec<Reserved> {
    let mut out = PANEL_RESERVED.to_vec();
    match kind {
        PanelKind::Text => out.extend([
            (
                "options.content",
                "the `content` option",
                "write `content: \"..\"` instead",
            ),
            (
                "options.mode",
                "the `mode` option",
                "write `mode: html` instead",
            ),
            (
                "options.code.language",
                "the `mode` option",
                "write `mode: code { language: json }` instead",
            ),
        ]),
        PanelKind::Heatmap => {
            out.extend_from_slice(HEATMAP_RESERVED);
            out.push(LINKS_RESERVED);
        }
        _ => {
            out.extend_from_slice(VALUE_RESERVED);
            out.push(LINKS_RESERVED);
        }
    }
    match kind {
        PanelKind::Timeseries => {
            out.extend(LEGEND_RESERVED);
            out.extend([
                (
                    "fieldConfig.defaults.custom.stacking.mode",
                    "the `stacking` option",
                    "write `stacking: normal` instead",
                ),
                (
                    "fieldConfig.defaults.custom.thresholdsStyle.mode",
                    "the `thresholds` option's `style`",
                    "write `thresholds: { style: line, steps: [..] }` instead",
                ),
            ])
        }
        PanelKind::BarGauge
        | PanelKind::PieChart
        | PanelKind::BarChart
        | PanelKind::StateTimeline
        | PanelKind::StatusHistory => out.extend(LEGEND_RESERVED),
        PanelKind::Histogram => {
            out.extend(LEGEND_RESERVED);
            out.push((
                "fieldConfig.defaults.custom.stacking.mode",
                "the `stacking` option",
                "write `stacking: normal` instead",
            ))
        }
        PanelKind::Table => out.push((
            "options.sortBy",
            "the `sort` option",
            "write `sort: desc` instead",
        )),
        _ => {}
    }
    out
}

/// The paths the DSL writes on a dashboard.
#[cfg(feature = "import")]
pub(crate) fn dashboard_reserved() -> Vec<Taken> {
    owned(DASHBOARD_RESERVED).collect()
}

/// The paths the DSL writes on a Prometheus query.
#[cfg(feature = "import")]
pub(crate) fn target_reserved() -> Vec<Taken> {
    owned(TARGET_RESERVED).collect()
}

/// The paths the DSL writes on a template variable of `kind`.
pub(crate) fn variable_reserved(kind: &crate::model::VariableKind) -> Vec<Taken> {
    let options = variable_option_keys(kind);
    let own: Vec<Reserved> = VARIABLE_RESERVED
        .iter()
        .take_while(|r| r.0 != "multi")
        .chain(VARIABLE_RESERVED.iter().filter(|r| options.contains(&r.0)))
        .chain(VARIABLE_STATE_RESERVED)
        .chain(
            matches!(kind, crate::model::VariableKind::Query { .. }).then_some(&(
                "refresh",
                "the `refresh` option",
                "write `refresh: on_load` instead",
            )),
        )
        .copied()
        .collect();
    owned(&own).collect()
}

/// The paths the DSL writes on a row.
pub(crate) fn row_reserved() -> Vec<Taken> {
    owned(ROW_RESERVED).collect()
}

/// The paths the DSL writes on `p`: those of its kind, but `options.sortBy`
/// only with `sort`, and on a heatmap only where its value options go
/// (the y axis for bucketed queries, else the cells and the color scale).
pub(crate) fn reserved_for(p: &Panel) -> Vec<Taken> {
    let mut reserved = panel_reserved(p.kind);
    if p.sort.is_none() {
        reserved.retain(|r| r.0 != "options.sortBy");
    }
    if p.kind == PanelKind::Heatmap {
        let bucketed = p
            .targets
            .iter()
            .any(|t| t.format == crate::model::TargetFormat::Heatmap);
        // `color` writes the fill of an opacity scale, or the scheme of
        // `green_yellow_red` (and reverses it); without it the scheme, fill
        // and reverse flag are Grafana's defaults, which `set` may change
        // (as an imported Angular heatmap's `interpolatePlasma` needs).
        let (fill, scheme) = match &p.color {
            Some(crate::model::ColorMode::Fixed(_)) => (true, false),
            Some(crate::model::ColorMode::GreenYellowRed) => (false, true),
            _ => (false, false),
        };
        reserved.retain(|r| {
            let y_axis = r.0.starts_with("options.yAxis.");
            let cells = r.0.starts_with("options.cellValues.")
                || r.0 == "options.color.min"
                || r.0 == "options.color.max";
            let color = match r.0 {
                "options.color.fill" => fill,
                "options.color.scheme" | "options.color.reverse" => scheme,
                _ => true,
            };
            color && !(y_axis && !bucketed || cells && bucketed)
        });
    }
    reserved
}

/// Checks the dashboard's own `set` block.
pub fn check_dashboard(d: &Dashboard, diags: &mut Diagnostics) {
    check_entries(
        Root::Dashboard,
        "the dashboard",
        &d.set,
        &owned(DASHBOARD_RESERVED).collect::<Vec<_>>(),
        None,
        diags,
    );
}

/// Checks the `set` blocks of a panel and of its queries.
pub fn check_panel(p: &Panel, diags: &mut Diagnostics) {
    if !p.set.is_empty() {
        match schema::panel_kind(p.kind.plugin_id()) {
            Some(kind) => {
                let what = format!("{} panel", p.kind.with_article());
                check_entries(
                    Root::Panel(kind),
                    &what,
                    &p.set,
                    &reserved_for(p),
                    Some(p.kind),
                    diags,
                );
                for e in &p.set {
                    if let Some(s) = p.settings.iter().find(|s| s.path == e.path.value) {
                        diags.error(
                            e.path.loc,
                            format!("`set` path \"{}\" on {what} is written by the `{}` option of this panel too: keep one", e.path.value, s.name),
                        );
                    }
                }
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
        &owned(TARGET_RESERVED).collect::<Vec<_>>(),
        None,
        diags,
    );
}

/// The panel short form of a panel of `kind` whose path is `path`.
fn panel_form_at(kind: PanelKind, path: &str) -> Option<&'static forms::Form> {
    forms::FORMS
        .iter()
        .filter(|f| f.scope != forms::Scope::Series)
        .find(|f| forms::form_path(f, kind) == Some(path))
}

/// Whether `path` is the path of a panel short form on a panel of `kind`
/// that cannot write `value` (then `set` writes it there).
pub(crate) fn form_cannot_write(kind: PanelKind, path: &str, value: &serde_json::Value) -> bool {
    panel_form_at(kind, path).is_some_and(|f| forms::source_of(f, kind, value).is_none())
}

/// The short form writing `value` at `path` on a panel of `kind`, as source
/// (`align: left`), if there is one.
fn form_text(kind: PanelKind, path: &str, value: &serde_json::Value) -> Option<String> {
    let f = panel_form_at(kind, path)?;
    forms::source_of(f, kind, value).map(|(_, text)| format!("{}: {text}", f.name))
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
    reserved: &[Taken],
    forms_of: Option<PanelKind>,
    diags: &mut Diagnostics,
) {
    // Every path of the block, to find overlaps in n log n.
    let paths: BTreeMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.path.value.as_str(), i))
        .collect();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for entry in entries {
        let path = entry.path.value.as_str();
        let loc = entry.path.loc;
        if !seen.insert(path) {
            diags.error(loc, format!("duplicate path \"{path}\" in `set`: keep one"));
            continue;
        }
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
        let owner = owner_of(reserved, path)
            .or_else(|| reserved.iter().find(|(taken, _, _)| within(taken, path)));
        // A short form's own path takes a value the form cannot write.
        let beyond_form = forms_of.is_some_and(|kind| form_cannot_write(kind, path, &entry.value));
        if let Some((taken, owner, fix)) = owner.filter(|_| !beyond_form) {
            // The very text the form takes for this value, when it has one.
            let fix = forms_of
                .and_then(|kind| form_text(kind, path, &entry.value))
                .map_or_else(|| fix.clone(), |text| format!("write `{text}` instead"));
            let message = if within(path, taken) {
                format!("`set` path \"{path}\" on {what} is written by {owner}: {fix}")
            } else {
                format!("`set` path \"{path}\" on {what} would replace \"{taken}\", which {owner} writes: set the keys below \"{path}\" one by one instead")
            };
            diags.error(loc, message);
            continue;
        }
        // The DSL caps nesting while reading; a value built in code is
        // measured here, without recursion, before anything descends into it.
        if nested_deeper_than(&entry.value, schema::MAX_DEPTH) {
            diags.error(
                loc,
                format!(
                    "`set` path \"{path}\" on {what}: the value is nested deeper than {} levels: flatten it",
                    schema::MAX_DEPTH
                ),
            );
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

/// Whether arrays and objects nest in `value` more than `limit` levels
/// (a scalar is level 0). Iterative: any depth costs no stack.
fn nested_deeper_than(value: &Value, limit: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth + 1 > limit {
            return true;
        }
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    false
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
pub(crate) fn syntax_problem(path: &str) -> Option<String> {
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
