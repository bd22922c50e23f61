//! Panels: rows, visualizations, their Prometheus targets, `fieldConfig` and
//! per-kind `options`, written the way Grafana 12 saves a panel edited in
//! its UI (every option a user sees in the editor, with Grafana's defaults
//! where the model says nothing).

use serde_json::{json, Map, Value};

use super::datasource_ref;
use super::json::{apply_set, number, object, write_at};
use crate::dsl::forms::FIELD_DEFAULTS;
use crate::layout::GridPos;
use crate::model::{
    ColorMode, Expression, ExpressionKind, Legend, LegendMode, LegendPlacement, MappingMatch,
    Panel, PanelKind, Row, SeriesMatcher, SeriesOverride, SortOrder, Stacking, Target,
    TargetFormat, TextMode, Thresholds, ThresholdsMode, ValueMapping,
};

/// `legendFormat` Grafana writes for the "Auto" legend.
pub const AUTO_LEGEND: &str = "__auto";
/// Stacking group Grafana gives every series by default.
pub(super) const STACKING_GROUP: &str = "A";
/// Fill under the lines of stacked series, so the stack reads as areas.
const STACKED_FILL_OPACITY: u32 = 25;

/// The JSON `gridPos` of a position.
pub fn grid_pos(pos: GridPos) -> Value {
    json!({"h": pos.h, "w": pos.w, "x": pos.x, "y": pos.y})
}

/// A row panel; `panels` holds its children only when it is collapsed.
pub fn row(row: &Row, id: u32, pos: GridPos, panels: Vec<Value>) -> Value {
    let mut out = object([
        ("collapsed", json!(row.collapsed)),
        ("gridPos", grid_pos(pos)),
        ("id", json!(id)),
        ("panels", Value::Array(panels)),
        ("title", json!(row.title.value)),
        ("type", json!("row")),
    ]);
    if let Some(var) = &row.repeat {
        out.insert("repeat".into(), json!(var.value));
    }
    let mut out = Value::Object(out);
    apply_set(&mut out, &row.set);
    out
}

/// A visualization panel.
pub fn panel(panel: &Panel, id: u32, pos: GridPos) -> Value {
    let mut out = object([
        ("type", json!(panel.kind.plugin_id())),
        ("id", json!(id)),
        ("title", json!(panel.title.value)),
        ("gridPos", grid_pos(pos)),
        (
            "fieldConfig",
            json!({"defaults": field_defaults(panel), "overrides": []}),
        ),
        ("options", options(panel)),
    ]);
    if let Some(description) = &panel.description {
        out.insert("description".into(), json!(description));
    }
    if panel.kind.shows_values() {
        // A text panel or an alert list runs no query, so it names no datasource.
        out.insert("datasource".into(), datasource_ref());
        out.insert("targets".into(), targets(panel));
    }
    let transformations = if panel.transformations.is_empty() {
        table_transformations(panel)
    } else {
        Some(super::forms::transformations(&panel.transformations))
    };
    if let Some(transformations) = transformations {
        out.insert("transformations".into(), transformations);
    }
    super::forms::repeat(&mut out, panel.repeat.as_ref());
    let mut out = Value::Object(out);
    for setting in &panel.settings {
        write_at(&mut out, setting.path, setting.value.clone());
    }
    if !panel.mappings.is_empty() {
        write_at(
            &mut out,
            "fieldConfig.defaults.mappings",
            mappings(&panel.mappings),
        );
    }
    if !panel.overrides.is_empty() {
        let overrides = panel.overrides.iter().map(series_override).collect();
        write_at(&mut out, "fieldConfig.overrides", Value::Array(overrides));
    }
    if !panel.data_links.is_empty() {
        out["fieldConfig"]["defaults"]["links"] = super::forms::data_links(&panel.data_links);
    }
    apply_set(&mut out, &panel.set);
    out
}

/// One `fieldConfig.overrides` item: Grafana's matcher and the properties,
/// each with the id of its path under `fieldConfig.defaults` (the short
/// forms, then the `set` entries at their place among them).
fn series_override(o: &SeriesOverride) -> Value {
    let matcher = match &o.matcher {
        SeriesMatcher::Name(name) => json!({"id": "byName", "options": name.value}),
        SeriesMatcher::Regex(re) => json!({"id": "byRegexp", "options": re.value}),
        SeriesMatcher::Query(ref_id) => json!({"id": "byFrameRefID", "options": ref_id.value}),
        SeriesMatcher::FieldType(ty) => json!({"id": "byType", "options": ty.value}),
        SeriesMatcher::Value(v) => json!({"id": "byValue", "options": {
            "op": v.op, "reducer": v.reducer.value, "value": number(v.value),
        }}),
        SeriesMatcher::Legend { exclude, names } => {
            let names: Vec<&str> = names.iter().map(|n| n.value.as_str()).collect();
            let mut options = json!({
                "mode": if *exclude { "exclude" } else { "include" },
                "names": names,
                "readOnly": true,
            });
            if *exclude {
                options["prefix"] = json!("All except:");
            }
            json!({"id": "byNames", "options": options})
        }
    };
    let form = |p: &crate::model::Setting| {
        let id = p.path.strip_prefix(FIELD_DEFAULTS).unwrap_or(p.path);
        json!({"id": id, "value": p.value})
    };
    let at = o.set_at.min(o.properties.len());
    let properties: Vec<Value> = o.properties[..at]
        .iter()
        .map(form)
        .chain(
            o.set
                .iter()
                // Without a value, Grafana unsets the option for these series.
                .map(|e| match e.value {
                    Value::Null => json!({"id": e.path.value}),
                    _ => json!({"id": e.path.value, "value": e.value}),
                }),
        )
        .chain(o.properties[at..].iter().map(form))
        .collect();
    let mut out = json!({"matcher": matcher, "properties": properties});
    if matches!(o.matcher, SeriesMatcher::Legend { .. }) {
        out["__systemRef"] = json!("hideSeriesFrom");
    }
    out
}

/// `fieldConfig.defaults.mappings`: one Grafana mapping per DSL mapping
/// (the value mappings of a `values { .. }` group in one), `index` giving
/// their order (or the mapping's own `index`).
fn mappings(mappings: &[ValueMapping]) -> Value {
    let mut out: Vec<Value> = Vec::new();
    let each = mappings.iter().enumerate().map(|(index, m)| {
        let index = m.index.map_or(index, |i| i as usize);
        let mut result = object([("index", json!(index))]);
        if let Some(text) = &m.text {
            result.insert("text".into(), json!(text));
        }
        if let Some(color) = &m.color {
            result.insert("color".into(), json!(color.value));
        }
        let result = Value::Object(result);
        match &m.matches {
            MappingMatch::Value(value) => {
                json!({"options": {value.as_str(): result}, "type": "value"})
            }
            MappingMatch::Range(from, to) => json!({
                "options": {
                    "from": from.map_or(Value::Null, number),
                    "result": result,
                    "to": to.map_or(Value::Null, number),
                },
                "type": "range",
            }),
            MappingMatch::Regex(pattern) => {
                json!({"options": {"pattern": pattern.value, "result": result}, "type": "regex"})
            }
            MappingMatch::Special(special) => {
                json!({"options": {"match": special, "result": result}, "type": "special"})
            }
        }
    });
    for (m, json) in mappings.iter().zip(each) {
        // A joined value mapping goes into the value mapping before it.
        let previous = out
            .last_mut()
            .filter(|_| m.joined)
            .and_then(|p| p.get_mut("options"))
            .and_then(Value::as_object_mut);
        match (previous, json.get("options").and_then(Value::as_object)) {
            (Some(into), Some(options)) => into.extend(options.clone()),
            _ => out.push(json),
        }
    }
    Value::Array(out)
}

/// A table of instant queries: one row per series. Several queries are
/// merged into one table (joined on their labels), and the `Time` column,
/// the same evaluation instant on every row, is hidden.
fn table_transformations(panel: &Panel) -> Option<Value> {
    let all_instant = !panel.targets.is_empty() && panel.targets.iter().all(|t| t.instant);
    if panel.kind != PanelKind::Table || !all_instant {
        return None;
    }
    let mut steps = Vec::new();
    if panel.targets.len() > 1 {
        steps.push(json!({"id": "merge", "options": {}}));
    }
    steps.push(json!({
        "id": "organize",
        "options": {
            "excludeByName": {"Time": true},
            "includeByName": {},
            "indexByName": {},
            "renameByName": {},
        },
    }));
    Some(Value::Array(steps))
}

/// The letters Grafana gives queries: `A`..`Z`, then `AA`, `AB`, ...
pub fn ref_id(index: usize) -> String {
    let mut n = index;
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// The refIds of a panel's queries and then its expressions: each its own
/// `ref_id`, else the first of Grafana's letters (`ref_id(0)`, `ref_id(1)`,
/// ..) that none of them has, in order, as Grafana names a query added
/// to the panel.
pub fn ref_ids(targets: &[Target], expressions: &[Expression]) -> Vec<String> {
    let explicit = targets
        .iter()
        .map(|t| t.ref_id.as_ref())
        .chain(expressions.iter().map(|e| e.ref_id.as_ref()));
    let taken: std::collections::HashSet<&str> = explicit
        .clone()
        .flatten()
        .map(|r| r.value.as_str())
        .collect();
    let mut next = 0;
    let mut out = Vec::with_capacity(targets.len() + expressions.len());
    for given in explicit {
        match given {
            Some(r) => out.push(r.value.clone()),
            None => {
                let mut letters = ref_id(next);
                while taken.contains(letters.as_str()) || out.contains(&letters) {
                    next += 1;
                    letters = ref_id(next);
                }
                next += 1;
                out.push(letters);
            }
        }
    }
    out
}

fn targets(panel: &Panel) -> Value {
    let refs = ref_ids(&panel.targets, &panel.expressions);
    let queries = panel.targets.iter().zip(&refs).map(|(t, r)| target(t, r));
    let expressions = panel
        .expressions
        .iter()
        .zip(&refs[panel.targets.len()..])
        .map(|(e, r)| expression(e, r));
    queries.chain(expressions).collect()
}

/// A server-side expression: Grafana's `__expr__` datasource.
fn expression(e: &Expression, ref_id: &str) -> Value {
    let ExpressionKind::Math(expr) = &e.kind;
    let mut out = object([
        (
            "datasource",
            json!({"type": EXPRESSION_DATASOURCE, "uid": EXPRESSION_DATASOURCE}),
        ),
        ("expression", json!(expr.value)),
        ("refId", json!(ref_id)),
        ("type", json!("math")),
    ]);
    if e.hide {
        out.insert("hide".into(), json!(true));
    }
    Value::Object(out)
}

/// The type and uid of Grafana's server-side expressions.
pub const EXPRESSION_DATASOURCE: &str = "__expr__";

fn target(target: &Target, ref_id: &str) -> Value {
    let legend = target
        .legend
        .as_ref()
        .map_or(AUTO_LEGEND, |l| l.value.as_str());
    let mut out = object([
        ("datasource", datasource_ref()),
        ("editorMode", json!("code")),
        ("expr", json!(target.expr.value)),
        ("format", json!(target.format.grafana_name())),
        ("instant", json!(target.instant)),
        ("legendFormat", json!(legend)),
        ("range", json!(!target.instant)),
        ("refId", json!(ref_id)),
    ]);
    if let Some(interval) = &target.interval {
        out.insert("interval".into(), json!(interval.value));
    }
    if target.hide {
        out.insert("hide".into(), json!(true));
    }
    if target.exemplar {
        out.insert("exemplar".into(), json!(true));
    }
    let mut out = Value::Object(out);
    apply_set(&mut out, &target.set);
    out
}

/// `fieldConfig.defaults`.
fn field_defaults(panel: &Panel) -> Value {
    let mut out = Map::new();
    match panel.kind {
        PanelKind::Text | PanelKind::AlertList => return Value::Object(out),
        // The heatmap's value scale is `options.color` and its axis unit is
        // `options.yAxis`: only the custom options live here.
        PanelKind::Heatmap => {
            out.insert("custom".into(), heatmap_custom());
            if let Some(thresholds) = &panel.thresholds {
                out.insert("thresholds".into(), thresholds_json(thresholds));
            }
            return Value::Object(out);
        }
        PanelKind::Timeseries => {
            out.insert("custom".into(), timeseries_custom(panel));
        }
        PanelKind::Table => {
            // No `cellOptions`: cells default to "auto", and the schema's
            // `oneOf` over cell types cannot single out `{"type": "auto"}`.
            out.insert("custom".into(), json!({"align": "auto", "inspect": false}));
        }
        PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge => {}
        _ => {
            if let Some(custom) = super::kinds::custom(panel) {
                out.insert("custom".into(), custom);
            }
        }
    }
    out.insert("color".into(), color(panel));
    out.insert("mappings".into(), json!([]));
    out.insert(
        "thresholds".into(),
        panel
            .thresholds
            .as_ref()
            .map_or_else(default_thresholds, thresholds_json),
    );
    value_format(&mut out, panel);
    Value::Object(out)
}

/// Inserts the panel's `unit`, `min`, `max` and `decimals`, those it sets.
fn value_format(out: &mut Map<String, Value>, panel: &Panel) {
    if let Some(unit) = &panel.unit {
        out.insert("unit".into(), json!(unit.value));
    }
    if let Some(min) = panel.min {
        out.insert("min".into(), number(min));
    }
    if let Some(max) = panel.max {
        out.insert("max".into(), number(max));
    }
    if let Some(decimals) = panel.decimals {
        out.insert("decimals".into(), json!(decimals));
    }
}

/// The thresholds Grafana gives a new panel: green, red from 80.
fn default_thresholds() -> Value {
    json!({
        "mode": "absolute",
        "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]
    })
}

fn thresholds_json(thresholds: &Thresholds) -> Value {
    let mode = match thresholds.mode {
        ThresholdsMode::Absolute => "absolute",
        ThresholdsMode::Percentage => "percentage",
    };
    let steps: Vec<Value> = thresholds
        .steps
        .iter()
        .map(|step| {
            json!({
                "color": step.color,
                // The base step starts at -Infinity, which JSON writes as null.
                "value": step.value.map_or(Value::Null, number),
            })
        })
        .collect();
    json!({"mode": mode, "steps": steps})
}

/// `fieldConfig.defaults.color`: the model's mode, else the panel kind's default.
fn color(panel: &Panel) -> Value {
    let default = match panel.kind {
        PanelKind::Timeseries
        | PanelKind::PieChart
        | PanelKind::BarChart
        | PanelKind::Histogram => ColorMode::PaletteClassic,
        _ => ColorMode::Thresholds,
    };
    panel.color.as_ref().unwrap_or(&default).to_json()
}

pub(super) fn hide_from() -> Value {
    json!({"legend": false, "tooltip": false, "viz": false})
}

/// The timeseries `custom` options the editor shows, with Grafana's defaults.
fn timeseries_custom(panel: &Panel) -> Value {
    let stacking = match panel.stacking.unwrap_or(Stacking::None) {
        Stacking::None => "none",
        Stacking::Normal => "normal",
        Stacking::Percent => "percent",
    };
    let fill_opacity = if stacking == "none" {
        0
    } else {
        STACKED_FILL_OPACITY
    };
    let thresholds_style = panel
        .thresholds
        .as_ref()
        .map_or("off", |t| t.style.grafana_name());
    json!({
        "axisBorderShow": false,
        "axisCenteredZero": false,
        "axisColorMode": "text",
        "axisLabel": "",
        "axisPlacement": "auto",
        "barAlignment": 0,
        "barWidthFactor": 0.6,
        "drawStyle": "line",
        "fillOpacity": fill_opacity,
        "gradientMode": "none",
        "hideFrom": hide_from(),
        "insertNulls": false,
        "lineInterpolation": "linear",
        "lineWidth": 1,
        "pointSize": 5,
        "scaleDistribution": {"type": "linear"},
        "showPoints": "auto",
        "spanNulls": false,
        "stacking": {"group": STACKING_GROUP, "mode": stacking},
        "thresholdsStyle": {"mode": thresholds_style},
    })
}

fn heatmap_custom() -> Value {
    json!({"hideFrom": hide_from(), "scaleDistribution": {"type": "linear"}})
}

/// `options`, per panel kind.
fn options(panel: &Panel) -> Value {
    match panel.kind {
        PanelKind::Timeseries => json!({
            "legend": legend(panel.legend.as_ref(), true),
            "tooltip": {"hideZeros": false, "mode": "multi", "sort": "desc"},
        }),
        PanelKind::Stat => json!({
            "colorMode": "value",
            "graphMode": "area",
            "justifyMode": "auto",
            "orientation": "auto",
            "percentChangeColorMode": "standard",
            "reduceOptions": reduce_options(),
            "showPercentChange": false,
            "textMode": "auto",
            "wideLayout": true,
        }),
        PanelKind::Gauge => json!({
            "minVizHeight": 75,
            "minVizWidth": 75,
            "orientation": "auto",
            "reduceOptions": reduce_options(),
            "showThresholdLabels": false,
            "showThresholdMarkers": true,
            "sizing": "auto",
        }),
        PanelKind::BarGauge => json!({
            "displayMode": "gradient",
            // A bar gauge names each bar itself: no legend unless asked for.
            "legend": legend(panel.legend.as_ref(), false),
            "maxVizHeight": 300,
            "minVizHeight": 16,
            "minVizWidth": 8,
            "namePlacement": "auto",
            // Horizontal bars keep long series names readable.
            "orientation": "horizontal",
            "reduceOptions": reduce_options(),
            "showUnfilled": true,
            "sizing": "auto",
            "valueMode": "color",
        }),
        PanelKind::Table => {
            let mut out = object([
                ("cellHeight", json!("sm")),
                ("frameIndex", json!(0)),
                ("showHeader", json!(true)),
            ]);
            if let Some((column, order)) = panel.sort.as_ref().and_then(|o| {
                table_value_column(&panel.targets, &panel.expressions)
                    .map(|column| (column, o.value))
            }) {
                let desc = order == SortOrder::Descending;
                out.insert(
                    "sortBy".into(),
                    json!([{"desc": desc, "displayName": column}]),
                );
            }
            Value::Object(out)
        }
        PanelKind::Heatmap => heatmap_options(panel),
        PanelKind::Text => {
            let (mode, language) = match panel.text_mode.as_ref().map(|m| &m.value) {
                None | Some(TextMode::Markdown) => ("markdown", "plaintext"),
                Some(TextMode::Html) => ("html", "plaintext"),
                Some(TextMode::Code { language }) => ("code", language.as_str()),
            };
            json!({
                "code": {"language": language, "showLineNumbers": false, "showMiniMap": false},
                "content": panel.content.as_deref().unwrap_or(""),
                "mode": mode,
            })
        }
        _ => super::kinds::options(panel).unwrap_or_else(|| json!({})),
    }
}

/// The display name of the value column a table is sorted by: that of the
/// first shown `format: table` query. Grafana names it `Value` when one
/// table query runs, and `Value #<refId>` when several do (hidden queries do
/// not run). `None` without a shown table query.
pub fn table_value_column(targets: &[Target], expressions: &[Expression]) -> Option<String> {
    let mut tables = targets
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.hide && t.format == TargetFormat::Table);
    let (first, _) = tables.next()?;
    Some(if tables.next().is_none() {
        "Value".to_string()
    } else {
        let refs = ref_ids(targets, expressions);
        format!("Value #{}", refs[first])
    })
}

/// One value per series: the last non-null one, over numeric fields.
pub(super) fn reduce_options() -> Value {
    json!({"calcs": ["lastNotNull"], "fields": "", "values": false})
}

/// `options.legend` (VizLegendOptions); `shown` is the kind's default
/// visibility when the model has no legend.
pub(super) fn legend(legend: Option<&Legend>, shown: bool) -> Value {
    let Some(legend) = legend else {
        return json!({"calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": shown});
    };
    let (mode, show) = match legend.mode {
        LegendMode::List => ("list", true),
        LegendMode::Table => ("table", true),
        // Grafana 12 hides a legend with `showLegend: false`; `hidden` is legacy.
        LegendMode::Hidden => ("list", false),
    };
    let placement = match legend.placement {
        LegendPlacement::Bottom => "bottom",
        LegendPlacement::Right => "right",
    };
    let calcs: Vec<&str> = legend.calcs.iter().map(|c| c.value.as_str()).collect();
    json!({"calcs": calcs, "displayMode": mode, "placement": placement, "showLegend": show})
}

/// A heatmap Grafana must not re-bucket (`calculate: false`). Two shapes:
/// histogram buckets (a target with `format: heatmap`), where the y axis
/// holds the bucket bounds and so takes the panel's unit, min, max and
/// decimals; or one row per series, where the y axis holds series names and
/// the unit, decimals, min and max describe the cell values and their color
/// scale.
fn heatmap_options(panel: &Panel) -> Value {
    let bucketed = panel
        .targets
        .iter()
        .any(|t| t.format == TargetFormat::Heatmap);
    let mut y_axis = object([("axisPlacement", json!("left")), ("reverse", json!(false))]);
    let mut cells = Map::new();
    let (mut color_min, mut color_max) = (None, None);
    if bucketed {
        value_format(&mut y_axis, panel);
    } else {
        if let Some(unit) = &panel.unit {
            cells.insert("unit".into(), json!(unit.value));
        }
        if let Some(decimals) = panel.decimals {
            cells.insert("decimals".into(), json!(decimals));
        }
        color_min = panel.min;
        color_max = panel.max;
    }
    let (mode, fill, scheme, reverse) = match &panel.color {
        Some(ColorMode::Fixed(fill)) => ("opacity", fill.as_str(), "Oranges", false),
        // d3's RdYlGn runs red to green; reversed, low values are green.
        Some(ColorMode::GreenYellowRed) => ("scheme", "dark-orange", "RdYlGn", true),
        _ => ("scheme", "dark-orange", "Oranges", false),
    };
    let mut color = object([
        ("exponent", json!(0.5)),
        ("fill", json!(fill)),
        ("mode", json!(mode)),
        ("reverse", json!(reverse)),
        ("scale", json!("exponential")),
        ("scheme", json!(scheme)),
        ("steps", json!(64)),
    ]);
    if let Some(min) = color_min {
        color.insert("min".into(), number(min));
    }
    if let Some(max) = color_max {
        color.insert("max".into(), number(max));
    }
    let show_legend = !matches!(
        panel.legend.as_ref().map(|l| l.mode),
        Some(LegendMode::Hidden)
    );
    let mut out = object([
        ("calculate", json!(false)),
        ("cellGap", json!(1)),
        ("color", Value::Object(color)),
        ("exemplars", json!({"color": "rgba(255,0,255,0.7)"})),
        ("filterValues", json!({"le": 1e-9})),
        ("legend", json!({"show": show_legend})),
        ("rowsFrame", json!({"layout": "auto"})),
        ("selectionMode", json!("x")),
        ("showValue", json!("auto")),
        (
            "tooltip",
            json!({"mode": "single", "showColorScale": false, "yHistogram": false}),
        ),
        ("yAxis", Value::Object(y_axis)),
    ]);
    if !cells.is_empty() {
        out.insert("cellValues".into(), Value::Object(cells));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_ids_follow_grafanas_lettering() {
        let ids: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(ref_id)
            .collect();
        assert_eq!(ids, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
