//! Short forms of Grafana's panel options: one row of [`FORMS`] per form,
//! naming the JSON path it writes and how its value is read. The value's
//! type, its keywords (the snake_case of an enum's values) and the panel
//! kinds it applies to all come from the generated schema tables
//! ([`crate::schema`]): a form applies to a kind exactly when that kind's
//! schema has its path. The same rows give the properties of
//! `series .. { .. }` overrides (the paths under `fieldConfig.defaults`),
//! and the `set` paths refused in favour of a short form
//! ([`crate::check::set_paths`]).

use proc_macro2::{Span, TokenTree};
use serde_json::{json, Value};

use super::values;
use super::{Error, Parser};
use crate::diag::closest;
use crate::model::{ColorMode, PanelKind, Setting, COLOR_SCHEMES};
use crate::schema::{self, Lit, OptionEntry, Ty};

/// Where a short form may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// In a panel's body.
    Panel,
    /// In a `series .. { .. }` block only.
    Series,
    /// In both.
    Both,
}

/// How a short form's value is read and turned into Grafana's JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Read {
    /// By the schema's type of the path: `true`/`false`, a number (within
    /// the bounds, when given), a string, or a keyword of a string enum.
    Schema(Option<(f64, f64)>),
    /// `true`, `false`, or a duration string (`"1h"`) written as
    /// milliseconds: Grafana's null-value thresholds.
    BoolOrDuration,
    /// A list of reducer ids (`["mean", "max"]`).
    Reducers,
    /// A unit id, checked against Grafana's units.
    Unit,
    /// A color: `"red"` (fixed), `palette_classic`, `thresholds`,
    /// `green_yellow_red` (the `color` option's values).
    Color,
    /// `log_scale: 2` or `10`: a logarithmic axis of that base.
    LogBase,
    /// `stacking: none | normal | percent`, or `{ mode: .., group: ".." }`.
    Stacking,
    /// `hidden: true` (legend, tooltip and graph) or a list of them
    /// (`[legend, tooltip]`); a table column's `hidden` where the kind has it.
    Hidden,
    /// `cell: color_background`: a table cell's display type.
    CellType,
    /// `line_style: dash`, `dot`, `solid`, or a fill with its dash and gap
    /// lengths (`dash [10, 20]`).
    LineStyle,
}

/// One short form.
#[derive(Debug)]
pub(crate) struct Form {
    /// The DSL name.
    pub name: &'static str,
    /// The JSON path from the panel object it writes.
    pub path: &'static str,
    /// How its value is read.
    pub read: Read,
    /// Where it may be written.
    pub scope: Scope,
    /// An example of it, for messages.
    pub example: &'static str,
}

const fn form(
    name: &'static str,
    path: &'static str,
    read: Read,
    scope: Scope,
    example: &'static str,
) -> Form {
    Form {
        name,
        path,
        read,
        scope,
        example,
    }
}

use Read::Schema;
use Scope::{Both, Panel, Series};

/// Every short form, in the order the README lists them.
#[rustfmt::skip]
pub(crate) const FORMS: &[Form] = &[
    // Timeseries styling.
    form("fill_opacity", "fieldConfig.defaults.custom.fillOpacity", Schema(Some((0.0, 100.0))), Both, "fill_opacity: 10"),
    form("line_width", "fieldConfig.defaults.custom.lineWidth", Schema(Some((0.0, 10.0))), Both, "line_width: 2"),
    form("gradient_mode", "fieldConfig.defaults.custom.gradientMode", Schema(None), Both, "gradient_mode: opacity"),
    form("show_points", "fieldConfig.defaults.custom.showPoints", Schema(None), Both, "show_points: never"),
    form("point_size", "fieldConfig.defaults.custom.pointSize", Schema(Some((1.0, 40.0))), Both, "point_size: 4"),
    form("draw_style", "fieldConfig.defaults.custom.drawStyle", Schema(None), Both, "draw_style: bars"),
    form("line_interpolation", "fieldConfig.defaults.custom.lineInterpolation", Schema(None), Both, "line_interpolation: smooth"),
    form("span_nulls", "fieldConfig.defaults.custom.spanNulls", Read::BoolOrDuration, Both, "span_nulls: true"),
    form("insert_nulls", "fieldConfig.defaults.custom.insertNulls", Read::BoolOrDuration, Both, "insert_nulls: \"5m\""),
    // In a `series` block `transform`; on the panel `transform: [..]` is the
    // list of transformations, so the panel's own is `field_transform`.
    form("transform", "fieldConfig.defaults.custom.transform", Schema(None), Series, "transform: negative_y"),
    form("field_transform", "fieldConfig.defaults.custom.transform", Schema(None), Panel, "field_transform: negative_y"),
    // Tooltip.
    form("tooltip", "options.tooltip.mode", Schema(None), Panel, "tooltip: single"),
    form("tooltip_sort", "options.tooltip.sort", Schema(None), Panel, "tooltip_sort: desc"),
    // Axis.
    form("axis_label", "fieldConfig.defaults.custom.axisLabel", Schema(None), Both, "axis_label: \"requests\""),
    form("axis_placement", "fieldConfig.defaults.custom.axisPlacement", Schema(None), Both, "axis_placement: right"),
    form("axis_soft_min", "fieldConfig.defaults.custom.axisSoftMin", Schema(None), Both, "axis_soft_min: 0"),
    form("axis_soft_max", "fieldConfig.defaults.custom.axisSoftMax", Schema(None), Both, "axis_soft_max: 100"),
    form("log_scale", "fieldConfig.defaults.custom.scaleDistribution", Read::LogBase, Both, "log_scale: 10"),
    form("line_style", "fieldConfig.defaults.custom.lineStyle", Read::LineStyle, Both, "line_style: dash"),
    // Stat, gauge, bar gauge.
    form("color_mode", "options.colorMode", Schema(None), Panel, "color_mode: background"),
    form("graph_mode", "options.graphMode", Schema(None), Panel, "graph_mode: none"),
    form("text_mode", "options.textMode", Schema(None), Panel, "text_mode: value_and_name"),
    form("justify_mode", "options.justifyMode", Schema(None), Panel, "justify_mode: center"),
    form("orientation", "options.orientation", Schema(None), Panel, "orientation: horizontal"),
    form("display_mode", "options.displayMode", Schema(None), Panel, "display_mode: lcd"),
    form("value_mode", "options.valueMode", Schema(None), Panel, "value_mode: text"),
    form("show_threshold_markers", "options.showThresholdMarkers", Schema(None), Panel, "show_threshold_markers: false"),
    form("show_threshold_labels", "options.showThresholdLabels", Schema(None), Panel, "show_threshold_labels: true"),
    form("calcs", "options.reduceOptions.calcs", Read::Reducers, Panel, "calcs: [\"mean\"]"),
    form("fields", "options.reduceOptions.fields", Schema(None), Panel, "fields: \"/^Value$/\""),
    form("values", "options.reduceOptions.values", Schema(None), Panel, "values: true"),
    form("limit", "options.reduceOptions.limit", Schema(Some((1.0, 5000.0))), Panel, "limit: 10"),
    // Legend order.
    form("legend_sort_by", "options.legend.sortBy", Schema(None), Panel, "legend_sort_by: \"Max\""),
    form("legend_sort_desc", "options.legend.sortDesc", Schema(None), Panel, "legend_sort_desc: true"),
    // Values.
    form("no_value", "fieldConfig.defaults.noValue", Schema(None), Both, "no_value: \"N/A\""),
    form("display_name", "fieldConfig.defaults.displayName", Schema(None), Both, "display_name: \"Total\""),
    form("max_data_points", "maxDataPoints", Schema(Some((1.0, 1.0e7))), Panel, "max_data_points: 500"),
    // Tables.
    form("align", "fieldConfig.defaults.custom.align", Schema(None), Both, "align: right"),
    form("cell", "fieldConfig.defaults.custom.cellOptions", Read::CellType, Both, "cell: color_background"),
    // Alert list.
    form("view_mode", "options.viewMode", Schema(None), Panel, "view_mode: stat"),
    form("group_mode", "options.groupMode", Schema(None), Panel, "group_mode: custom"),
    form("max_items", "options.maxItems", Schema(Some((1.0, 1.0e6))), Panel, "max_items: 10"),
    form("sort_order", "options.sortOrder", Schema(Some((1.0, 5.0))), Panel, "sort_order: 3"),
    form("dashboard_alerts", "options.dashboardAlerts", Schema(None), Panel, "dashboard_alerts: true"),
    form("alert_name", "options.alertName", Schema(None), Panel, "alert_name: \"Disk\""),
    form("label_filter", "options.alertInstanceLabelFilter", Schema(None), Panel, "label_filter: r#\"{severity=\"critical\"}\"#"),
    form("show_inactive", "options.showInactiveAlerts", Schema(None), Panel, "show_inactive: true"),
    // Series only: the panel has its own options (`unit`, `width`, ..) for these paths.
    form("unit", "fieldConfig.defaults.unit", Read::Unit, Series, "unit: \"bytes\""),
    form("decimals", "fieldConfig.defaults.decimals", Schema(Some((0.0, 20.0))), Series, "decimals: 2"),
    form("min", "fieldConfig.defaults.min", Schema(None), Series, "min: 0"),
    form("max", "fieldConfig.defaults.max", Schema(None), Series, "max: 100"),
    form("color", "fieldConfig.defaults.color", Read::Color, Series, "color: \"red\""),
    form("stacking", "fieldConfig.defaults.custom.stacking", Read::Stacking, Series, "stacking: none"),
    form("hidden", "fieldConfig.defaults.custom.hideFrom", Read::Hidden, Series, "hidden: true"),
    form("width", "fieldConfig.defaults.custom.width", Schema(Some((1.0, 10000.0))), Series, "width: 120"),
];

/// The prefix of the paths an override property may have.
pub(crate) const FIELD_DEFAULTS: &str = "fieldConfig.defaults.";

/// The short form of this name usable in a panel's body.
pub(crate) fn panel_form(name: &str) -> Option<&'static Form> {
    FORMS.iter().find(|f| f.name == name && f.scope != Series)
}

/// The short form of this name usable in a `series` block.
pub(crate) fn series_form(name: &str) -> Option<&'static Form> {
    FORMS.iter().find(|f| f.name == name && f.scope != Panel)
}

/// The names of the short forms of a panel's body.
pub(crate) fn panel_names() -> impl Iterator<Item = &'static str> {
    FORMS.iter().filter(|f| f.scope != Series).map(|f| f.name)
}

/// The names of the properties of a `series` block.
pub(crate) fn series_names() -> Vec<&'static str> {
    FORMS
        .iter()
        .filter(|f| f.scope != Panel)
        .map(|f| f.name)
        .collect()
}

/// The schema's option at `path` on a panel of `kind` (its kind's options
/// and field config, or the keys every panel has).
pub(crate) fn schema_entry(kind: PanelKind, path: &str) -> Option<&'static OptionEntry> {
    schema::panel_kind(kind.plugin_id())
        .and_then(|k| k.option_by_path(path))
        .or_else(|| schema::panel_entries().iter().find(|e| e.path == path))
}

/// The path `form` writes on a panel of `kind`, if the kind's schema has
/// it: its own, or for `hidden` a table column's `custom.hidden`.
fn applies_at(form: &Form, kind: PanelKind) -> Option<&'static str> {
    // A text panel has the standard field config and `maxDataPoints` in its
    // schema, but shows Markdown: no values to style, no queries (and an
    // alert list shows alerts).
    if kind == PanelKind::Text || (!kind.shows_values() && !form.path.starts_with("options.")) {
        return None;
    }
    if schema_entry(kind, form.path).is_some() {
        return Some(form.path);
    }
    (form.read == Read::Hidden)
        .then_some(HIDDEN_COLUMN)
        .filter(|p| schema_entry(kind, p).is_some())
}

/// The path `form` writes on a panel of `kind`, if it applies to the kind.
pub(crate) fn form_path(form: &Form, kind: PanelKind) -> Option<&'static str> {
    applies_at(form, kind)
}

/// A table column's `hidden`, the `hidden` of kinds without `hideFrom`.
const HIDDEN_COLUMN: &str = "fieldConfig.defaults.custom.hidden";

/// Why `form` does not apply to a panel of `kind`, if it does not: the
/// message names the panel kinds of the DSL whose schema has its path.
pub(crate) fn not_for_kind(form: &Form, kind: PanelKind) -> Option<String> {
    if applies_at(form, kind).is_some() {
        return None;
    }
    let kinds: Vec<&str> = PanelKind::ALL
        .iter()
        .filter(|(k, _)| applies_at(form, *k).is_some())
        .map(|(_, name)| *name)
        .collect();
    let which = match kinds.as_slice() {
        [] => "no panel kind of the DSL has".to_string(),
        [one] => format!("which only {one} panels have"),
        many => format!("which only {} panels have", many.join(", ")),
    };
    Some(format!(
        "`{}` does not apply to {} panel (Grafana's `{}`, {which}): remove it",
        form.name,
        kind.with_article(),
        form.path
    ))
}

/// When the schema of `kind` has an option of the form's name at another
/// path (`display_mode` is a timeseries legend's `options.legend.displayMode`),
/// what writes that one.
fn same_name_elsewhere(form: &Form, kind: PanelKind) -> String {
    use crate::check::set_paths::{owner_of, panel_reserved};
    let Some(other) = schema::panel_kind(kind.plugin_id())
        .and_then(|k| k.option(form.name))
        .filter(|o| o.path != form.path)
    else {
        return String::new();
    };
    let path = other.path;
    let how = match owner_of(&panel_reserved(kind), path) {
        Some((_, owner, fix)) => format!("written by {owner}: {fix}"),
        None => format!("which has no short form: write `set: {{ \"{path}\": .. }}`"),
    };
    format!(
        "; {} panel's own `{}` is Grafana's `{path}`, {how}",
        kind.with_article(),
        form.name
    )
}

/// Grafana's value as a DSL keyword: snake_case, `+` and `-` as `_`
/// (`stepBefore` -> `step_before`, `negative-Y` -> `negative_y`,
/// `line+area` -> `line_area`).
pub(crate) fn keyword_of(value: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out
}

/// The (keyword, Grafana value) pairs of a string enum.
pub(crate) fn enum_keywords(ty: Ty) -> Option<Vec<(String, &'static str)>> {
    let Ty::Enum(id) = ty else { return None };
    let values = schema::enum_def(id).values;
    let pairs: Vec<(String, &'static str)> = values
        .iter()
        .filter_map(|v| match v {
            Lit::Str(s) => Some((keyword_of(s), *s)),
            _ => None,
        })
        .collect();
    (pairs.len() == values.len()).then_some(pairs)
}

/// The display types of a table cell Grafana's schema can tell apart, as
/// (keyword, the `cellOptions` object written). `cellOptions` is a `oneOf`
/// of objects whose `type` fields all take every type, so an object is
/// singled out only by a key no other alternative has: the first such
/// boolean (written `false`) or enum (its first value) of each alternative.
/// Types without one (`auto`, the default; `color-text`, `json-view`, ..)
/// have no short form.
fn cell_types(kind: PanelKind) -> Vec<(String, Value)> {
    let Some(entry) = schema_entry(kind, "fieldConfig.defaults.custom.cellOptions") else {
        return Vec::new();
    };
    let Ty::Union(alternatives) = entry.ty else {
        return Vec::new();
    };
    let objects: Vec<&schema::ObjectDef> = alternatives
        .iter()
        .filter_map(|t| match t {
            Ty::Object(o) => Some(schema::object(*o)),
            _ => None,
        })
        .collect();
    let unique = |o: &schema::ObjectDef, key: &str| {
        objects
            .iter()
            .filter(|other| other.field(key).is_some())
            .count()
            == 1
            && o.field(key).is_some()
    };
    objects
        .iter()
        .filter_map(|o| {
            let Some(Value::String(ty)) = o.field("type").and_then(|f| f.default_value()) else {
                return None;
            };
            let (key, value) =
                o.fields
                    .iter()
                    .filter(|f| unique(o, f.key))
                    .find_map(|f| match f.ty {
                        Ty::Bool => Some((f.key, Value::Bool(false))),
                        Ty::Enum(id) => match schema::enum_def(id).values.first() {
                            Some(Lit::Str(first)) => {
                                Some((f.key, Value::String((*first).to_string())))
                            }
                            _ => None,
                        },
                        _ => None,
                    })?;
            let mut cell = serde_json::Map::new();
            cell.insert(key.to_string(), value);
            cell.insert("type".to_string(), Value::String(ty.clone()));
            Some((keyword_of(&ty), Value::Object(cell)))
        })
        .collect()
}

/// Milliseconds of a duration such as `1h30m` (`None` if malformed or too large).
pub(crate) fn duration_ms(s: &str) -> Option<u64> {
    if !crate::check::is_duration(s) {
        return None;
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (unit, ms) = [
            ("ms", 1u64),
            ("s", 1_000),
            ("m", 60_000),
            ("h", 3_600_000),
            ("d", 86_400_000),
            ("w", 604_800_000),
            ("y", 31_536_000_000),
        ]
        .into_iter()
        .find(|(u, _)| rest.starts_with(u))?;
        rest = &rest[unit.len()..];
        total = total.checked_add(n.checked_mul(ms)?)?;
    }
    Some(total)
}

impl Parser {
    /// Reads the value of the short form `form` on a panel of `kind` (in a
    /// panel's body or a `series` block): the settings it makes, or `None`
    /// once an error is reported.
    pub(super) fn form_setting(
        &mut self,
        form: &'static Form,
        kind: PanelKind,
        v: &[TokenTree],
        ks: Span,
    ) -> Option<Setting> {
        if let Some(problem) = not_for_kind(form, kind) {
            self.err(ks, format!("{problem}{}", same_name_elsewhere(form, kind)));
            return None;
        }
        let path = applies_at(form, kind)?;
        let r = self.form_value(form, kind, path, v, ks);
        let value = self.push_result(r)?;
        let loc = self.spans.push(ks);
        Some(Setting {
            name: form.name,
            path,
            value,
            loc,
        })
    }

    fn form_value(
        &mut self,
        form: &Form,
        kind: PanelKind,
        path: &str,
        v: &[TokenTree],
        ks: Span,
    ) -> Result<Value, Error> {
        let entry = schema_entry(kind, path);
        match form.read {
            Schema(bounds) => {
                let ty = entry.map_or(Ty::Any, |e| e.ty);
                schema_value(form, ty, bounds, v, ks)
            }
            Read::BoolOrDuration => match v.first() {
                Some(TokenTree::Ident(_)) => values::boolean(v, ks).map(Value::Bool),
                _ => {
                    let s = values::string(v, ks, "`true`, `false` or a duration such as \"1h\"")?;
                    match duration_ms(&s.value) {
                        Some(ms) => Ok(json!(ms)),
                        None => Err(Error::new(
                            s.span(),
                            format!(
                                "\"{}\" is not a duration: write `true`, `false` or a duration such as \"30s\", \"5m\" or \"1h\" (Grafana's threshold, in milliseconds)",
                                s.value
                            ),
                        )),
                    }
                }
            },
            Read::Reducers => {
                let list =
                    values::string_list(v, ks, "reducers such as \"mean\"", &mut self.errors)?;
                if list.is_empty() {
                    return Err(Error::new(
                        ks,
                        format!(
                            "`{}` needs at least one reducer, e.g. `{}`",
                            form.name, form.example
                        ),
                    ));
                }
                for s in &list {
                    if let Some(problem) = crate::check::reducer_problem("calculation", &s.value) {
                        self.errors.push(Error::new(s.span(), problem));
                    }
                }
                Ok(Value::Array(
                    list.into_iter().map(|s| Value::String(s.value)).collect(),
                ))
            }
            Read::Unit => {
                if let Some(TokenTree::Ident(i)) = v.first().filter(|t| t.to_string() == "as_is") {
                    let s = values::string(&v[1..], i.span(), "the unit text, such as \"qps\"")?;
                    return as_is_unit(s).map(Value::String);
                }
                let s = values::string(v, ks, "a Grafana unit id such as \"bytes\"")?;
                if !crate::units::is_known(&s.value) {
                    let hint = crate::units::suggestion(&s.value)
                        .map(|c| format!("did you mean \"{c}\"? "))
                        .unwrap_or_default();
                    return Err(Error::new(s.span(), format!("unknown unit \"{}\": {hint}use a Grafana unit id such as \"reqps\", \"s\", \"percent\", \"bytes\", or a custom unit \"suffix:<text>\"", s.value)));
                }
                Ok(Value::String(s.value))
            }
            Read::Color => color_value(v, ks),
            Read::LogBase => {
                let (base, span) = values::integer(v, ks, 10)?;
                if base != 2 && base != 10 {
                    return Err(Error::new(span, format!("a log scale has base 2 or 10, not {base}: write `log_scale: 2` or `log_scale: 10`")));
                }
                Ok(json!({"log": base, "type": "log"}))
            }
            Read::Stacking => self.stacking_value(kind, v, ks),
            Read::Hidden => hidden_value(path, v, ks),
            Read::LineStyle => line_style_value(kind, path, v, ks),
            Read::CellType => {
                let types = cell_types(kind);
                let names: Vec<&str> = types.iter().map(|(k, _)| k.as_str()).collect();
                let (word, _) = values::keyword(v, ks, &names)?;
                Ok(types
                    .iter()
                    .find(|(k, _)| k == word)
                    .map_or(Value::Null, |(_, cell)| cell.clone()))
            }
        }
    }

    /// `stacking: normal` or `stacking: { mode: normal, group: "B" }`.
    fn stacking_value(
        &mut self,
        kind: PanelKind,
        v: &[TokenTree],
        ks: Span,
    ) -> Result<Value, Error> {
        let mode_ty = schema_entry(kind, "fieldConfig.defaults.custom.stacking.mode")
            .map_or(Ty::Any, |e| e.ty);
        let modes = enum_keywords(mode_ty).unwrap_or_default();
        let names: Vec<&str> = modes.iter().map(|(k, _)| k.as_str()).collect();
        let grafana = |word: &str| {
            modes
                .iter()
                .find(|(k, _)| k == word)
                .map_or("none", |(_, g)| *g)
        };
        if let Some(TokenTree::Ident(_)) = v.first() {
            let (word, _) = values::keyword(v, ks, &names)?;
            return Ok(json!({"group": "A", "mode": grafana(word)}));
        }
        let body = values::block(
            v,
            ks,
            "a stacking mode (`none`, `normal`, `percent`) or `{ mode: normal, group: \"B\" }`",
        )?;
        let mut mode = "normal";
        let mut group = "A".to_string();
        self.option_block(
            body,
            &["mode", "group"],
            "stacking",
            "group: \"B\"",
            |this, key, v, ks| match key {
                "mode" => {
                    if let Some((word, _)) = this.push_result(values::keyword(v, ks, &names)) {
                        mode = grafana(word);
                    }
                }
                _ => {
                    if let Some(s) = this.push_result(values::string(
                        v,
                        ks,
                        "a stacking group name such as \"B\"",
                    )) {
                        group = s.value;
                    }
                }
            },
        );
        Ok(json!({"group": group, "mode": mode}))
    }
}

/// A value of the schema's type `ty` for `form`.
fn schema_value(
    form: &Form,
    ty: Ty,
    bounds: Option<(f64, f64)>,
    v: &[TokenTree],
    ks: Span,
) -> Result<Value, Error> {
    match ty {
        Ty::Bool => values::boolean(v, ks).map(Value::Bool),
        Ty::Number | Ty::Integer => {
            let n = values::number(v, ks)?;
            let span = v.last().map_or(ks, TokenTree::span);
            if ty == Ty::Integer && n.fract() != 0.0 {
                return Err(Error::new(
                    span,
                    format!("`{}` takes a whole number, not {n}", form.name),
                ));
            }
            if let Some((lo, hi)) = bounds {
                if !(lo..=hi).contains(&n) {
                    return Err(Error::new(
                        span,
                        format!("{n} is out of range for `{}`: use {lo} to {hi}", form.name),
                    ));
                }
            }
            Ok(crate::grafana::number(n))
        }
        Ty::String | Ty::Unit => values::string(v, ks, &format!("the value of `{}`", form.name))
            .map(|s| Value::String(s.value)),
        Ty::Enum(_) => {
            let keywords = enum_keywords(ty).unwrap_or_default();
            let names: Vec<&str> = keywords.iter().map(|(k, _)| k.as_str()).collect();
            let (word, _) = values::keyword(v, ks, &names)?;
            let grafana = keywords
                .iter()
                .find(|(k, _)| k == word)
                .map_or("", |(_, g)| *g);
            Ok(Value::String(grafana.to_string()))
        }
        other => Err(Error::new(
            ks,
            format!("`{}` cannot be read as {other}", form.name),
        )),
    }
}

/// `color: "red"` (a fixed color) or a color mode keyword.
fn color_value(v: &[TokenTree], ks: Span) -> Result<Value, Error> {
    let mode = color_mode(v, ks)?;
    if let Some(c) = mode.fixed_color() {
        if !crate::check::is_color(c) {
            let span = v.iter().find_map(values::lit_str).map_or(ks, |s| s.span());
            return Err(Error::new(span, format!("unknown color \"{c}\": use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or \"#rrggbb\"")));
        }
    }
    Ok(mode.to_json())
}

/// The text of `unit: as_is ".."`: an id Grafana does not know (it shows
/// it after each value, as it would `suffix:<id>`), written as it is.
pub(crate) fn as_is_unit(s: values::Str) -> Result<String, Error> {
    if crate::units::is_known(&s.value) {
        return Err(Error::new(
            s.span(),
            format!(
                "unit \"{}\" is a unit Grafana knows: write `unit: \"{}\"` without `as_is`",
                s.value, s.value
            ),
        ));
    }
    if s.value.trim().is_empty() {
        return Err(Error::new(s.span(), "`unit: as_is` needs the unit text, e.g. `unit: as_is \"qps\"`; for no unit write `unit: \"none\"`"));
    }
    Ok(s.value)
}

/// A `color` value: a color (`"red"`, Grafana's `fixed` mode), `shades
/// "red"`, `fixed` (the mode without a color) or a keyword of
/// [`COLOR_SCHEMES`] (`palette_classic`, `blue_purple`, ..). The color
/// itself is checked by the caller.
pub(crate) fn color_mode(v: &[TokenTree], ks: Span) -> Result<ColorMode, Error> {
    if let Some(s) = v.first().and_then(values::lit_str) {
        if let Some(e) = values::trailing(v, 1) {
            return Err(e);
        }
        return Ok(ColorMode::Fixed(s.value));
    }
    if matches!(v.first(), Some(TokenTree::Ident(i)) if i == "shades") {
        if v.len() == 1 {
            return Err(Error::new(
                v[0].span(),
                "`shades` takes a color: write `shades \"blue\"`",
            ));
        }
        let s = values::string(
            &v[1..],
            v[0].span(),
            "the color of the shades, such as \"blue\"",
        )?;
        return Ok(ColorMode::Shades(s.value));
    }
    let mut names: Vec<&str> = COLOR_SCHEMES.iter().map(|(k, _)| *k).collect();
    names.extend(["fixed", "shades"]);
    // `thresholds { fixed_color: "blue" }`: the fixedColor Grafana keeps.
    let block = match v.get(1) {
        Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Brace => {
            if let Some(e) = values::trailing(v, 2) {
                return Err(e);
            }
            Some(g)
        }
        _ => None,
    };
    let word_tokens = if block.is_some() { &v[..1] } else { v };
    if let Some(TokenTree::Ident(i)) = word_tokens.first() {
        let word = i.to_string();
        if crate::check::is_color(&word) && !names.contains(&word.as_str()) {
            return Err(Error::new(i.span(), format!("`{word}` is a color: write it quoted for the fixed mode, `color: \"{word}\"`, or `shades \"{word}\"`")));
        }
    }
    let (word, span) = values::keyword(word_tokens, ks, &names)?;
    let mode = ColorMode::from_keyword(word)
        .ok_or_else(|| Error::new(span, "`shades` takes a color: write `shades \"blue\"`"))?;
    let Some(g) = block else {
        return Ok(mode);
    };
    if matches!(mode, ColorMode::FixedUnset) {
        return Err(Error::new(
            g.span(),
            "`fixed` with a color is the color itself: write `color: \"blue\"`",
        ));
    }
    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
    let key_ok = matches!(inner.first(), Some(TokenTree::Ident(i)) if i == "fixed_color")
        && matches!(inner.get(1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
    if !key_ok {
        let at = inner.first().map_or(g.span(), TokenTree::span);
        return Err(Error::new(at, format!("expected `{{ fixed_color: \"blue\" }}` after `{word}`: the fixed color Grafana keeps but this mode does not use")));
    }
    let s = values::string(&inner[2..], inner[0].span(), "a color such as \"blue\"")?;
    Ok(ColorMode::WithFixedColor(Box::new(mode), s.value))
}

/// The dash and gap lengths Grafana's line style editor gives a dashed
/// and a dotted line.
const LINE_DASHES: [(&str, [f64; 2]); 2] = [("dash", [10.0, 10.0]), ("dot", [0.0, 10.0])];

/// The fills of a line style (`solid`, `dash`, `dot`, `square`), from the schema.
fn line_fills(kind: PanelKind, path: &str) -> Vec<(String, &'static str)> {
    let ty = schema_entry(kind, &format!("{path}.fill")).map_or(Ty::Any, |e| e.ty);
    enum_keywords(ty).unwrap_or_default()
}

/// `line_style: dash`, `line_style: dot [0, 20]`, `line_style: solid`.
fn line_style_value(
    kind: PanelKind,
    path: &str,
    v: &[TokenTree],
    ks: Span,
) -> Result<Value, Error> {
    let fills = line_fills(kind, path);
    let names: Vec<&str> = fills.iter().map(|(k, _)| k.as_str()).collect();
    let (word, span) = values::keyword(v.get(..1).unwrap_or(&[]), ks, &names)?;
    let fill = fills
        .iter()
        .find(|(k, _)| k == word)
        .map_or("solid", |(_, g)| *g);
    let dashes: Vec<f64> = match v.get(1) {
        None => {
            if fill == "solid" {
                return Ok(json!({"fill": "solid"}));
            }
            match LINE_DASHES.iter().find(|(f, _)| *f == fill) {
                Some((_, d)) => d.to_vec(),
                None => {
                    return Err(Error::new(
                        span,
                        format!(
                        "`{word}` needs its dash and gap lengths: `line_style: {word} [10, 10]`"
                    ),
                    ))
                }
            }
        }
        Some(_) => {
            let inner = values::list(&v[1..], span, "dash and gap lengths such as [10, 20]")?;
            let tokens: Vec<TokenTree> = inner.into_iter().collect();
            let mut out = Vec::new();
            for item in tokens.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
                if item.is_empty() {
                    continue;
                }
                let n = values::number(item, span)?;
                if n < 0.0 {
                    return Err(Error::new(
                        item[0].span(),
                        format!("{n} is not a length: dash and gap lengths are 0 or more"),
                    ));
                }
                out.push(n);
            }
            if fill == "solid" {
                return Err(Error::new(
                    span,
                    "a solid line has no dashes: write `line_style: solid`, or `dash [10, 20]`",
                ));
            }
            if out.is_empty() {
                return Err(Error::new(
                    span,
                    format!("give the dash and gap lengths, e.g. `line_style: {word} [10, 20]`"),
                ));
            }
            out
        }
    };
    let dashes: Vec<Value> = dashes.into_iter().map(crate::grafana::number).collect();
    Ok(json!({"dash": dashes, "fill": fill}))
}

/// `hidden: true` or `hidden: [legend, tooltip]` (the `hideFrom` object),
/// or on a table column (`path` is `custom.hidden`) `hidden: true`.
fn hidden_value(path: &str, v: &[TokenTree], ks: Span) -> Result<Value, Error> {
    const PARTS: [&str; 3] = ["legend", "tooltip", "viz"];
    if path == HIDDEN_COLUMN {
        return values::boolean(v, ks).map(Value::Bool);
    }
    if let Some(TokenTree::Ident(_)) = v.first() {
        let b = values::boolean(v, ks)?;
        return Ok(json!({"legend": b, "tooltip": b, "viz": b}));
    }
    let inner = values::list(
        v,
        ks,
        "`true`, or where to hide the series: `[legend, tooltip, viz]`",
    )?;
    let mut shown = serde_json::Map::new();
    for p in PARTS {
        shown.insert(p.to_string(), Value::Bool(false));
    }
    for tt in inner {
        match &tt {
            TokenTree::Ident(i) => {
                let word = i.to_string();
                if PARTS.contains(&word.as_str()) {
                    shown.insert(word, Value::Bool(true));
                } else {
                    let hint = closest(&word, PARTS)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    return Err(Error::new(i.span(), format!("unknown place `{word}` to hide a series from: {hint}use `legend`, `tooltip` or `viz` (the graph)")));
                }
            }
            TokenTree::Punct(p) if p.as_char() == ',' => {}
            other => {
                return Err(Error::new(
                    other.span(),
                    "expected `legend`, `tooltip` or `viz`, separated by `,`",
                ))
            }
        }
    }
    Ok(Value::Object(shown))
}

/// A duration string for `ms` milliseconds in the largest unit that
/// divides it (`3600000` is `"1h"`), the inverse of [`duration_ms`].
pub(crate) fn duration_text(ms: u64) -> String {
    for (unit, size) in [
        ("w", 604_800_000u64),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
    ] {
        if ms > 0 && ms.is_multiple_of(size) {
            return format!("{}{unit}", ms / size);
        }
    }
    format!("{ms}ms")
}

/// A DSL string literal holding `s`.
fn quoted(s: &str) -> String {
    crate::dsl::print::lit(s)
}

/// The value of `form` on a panel of `kind` written as DSL source, when
/// the form writes exactly `value` at its path: the inverse of the form's
/// reading, used by `dashc import`. Returns the path written and the
/// source text; `None` when the form cannot write that value.
pub(crate) fn source_of(
    form: &Form,
    kind: PanelKind,
    value: &Value,
) -> Option<(&'static str, String)> {
    let path = applies_at(form, kind)?;
    let text = match form.read {
        Schema(bounds) => {
            let ty = schema_entry(kind, path).map_or(Ty::Any, |e| e.ty);
            match (ty, value) {
                (Ty::Bool, Value::Bool(b)) => b.to_string(),
                (Ty::Number | Ty::Integer, Value::Number(n)) => {
                    let n = n.as_f64()?;
                    if ty == Ty::Integer && n.fract() != 0.0 {
                        return None;
                    }
                    if let Some((lo, hi)) = bounds {
                        if !(lo..=hi).contains(&n) {
                            return None;
                        }
                    }
                    crate::grafana::number(n).to_string()
                }
                (Ty::String | Ty::Unit, Value::String(s)) => quoted(s),
                (Ty::Enum(_), Value::String(s)) => {
                    let keywords = enum_keywords(ty)?;
                    let (word, _) = keywords.iter().find(|(_, g)| *g == s.as_str())?;
                    if keywords.iter().filter(|(k, _)| k == word).count() != 1 {
                        return None;
                    }
                    word.clone()
                }
                _ => return None,
            }
        }
        Read::BoolOrDuration => match value {
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => {
                let ms = n.as_u64()?;
                let text = duration_text(ms);
                (duration_ms(&text) == Some(ms)).then(|| quoted(&text))?
            }
            _ => return None,
        },
        Read::Reducers => {
            let list = value.as_array()?;
            if list.is_empty() {
                return None;
            }
            let mut names = Vec::new();
            for r in list {
                let r = r.as_str()?;
                if crate::check::reducer_problem("calculation", r).is_some() {
                    return None;
                }
                names.push(quoted(r));
            }
            format!("[{}]", names.join(", "))
        }
        Read::Unit => {
            let u = value.as_str()?;
            if crate::units::is_known(u) {
                quoted(u)
            } else if u.trim().is_empty() {
                return None;
            } else {
                format!("as_is {}", quoted(u))
            }
        }
        Read::Color => {
            let mode = ColorMode::from_json(value)?;
            if mode
                .fixed_color()
                .is_some_and(|c| !crate::check::is_color(c))
            {
                return None;
            }
            mode.source()
        }
        Read::LogBase => {
            let o = value.as_object()?;
            let base = o.get("log")?.as_u64()?;
            if o.len() != 2 || o.get("type")? != "log" || (base != 2 && base != 10) {
                return None;
            }
            base.to_string()
        }
        Read::Stacking => {
            let o = value.as_object()?;
            let mode = o.get("mode")?.as_str()?;
            let group = o.get("group")?.as_str()?;
            if o.len() != 2 {
                return None;
            }
            let mode_ty = schema_entry(kind, "fieldConfig.defaults.custom.stacking.mode")
                .map_or(Ty::Any, |e| e.ty);
            let modes = enum_keywords(mode_ty)?;
            let (word, _) = modes.iter().find(|(_, g)| *g == mode)?;
            if group == "A" {
                word.clone()
            } else {
                format!("{{ mode: {word}, group: {} }}", quoted(group))
            }
        }
        Read::Hidden => {
            if path == HIDDEN_COLUMN {
                return value.as_bool().map(|b| (path, b.to_string()));
            }
            let o = value.as_object()?;
            const PARTS: [&str; 3] = ["legend", "tooltip", "viz"];
            if o.len() != 3 {
                return None;
            }
            let mut on = Vec::new();
            for p in PARTS {
                if o.get(p)?.as_bool()? {
                    on.push(p);
                }
            }
            match on.len() {
                0 => "false".into(),
                3 => "true".into(),
                _ => format!("[{}]", on.join(", ")),
            }
        }
        Read::LineStyle => {
            let o = value.as_object()?;
            if o.keys().any(|k| k != "fill" && k != "dash") {
                return None;
            }
            let fill = o.get("fill")?.as_str()?;
            let (word, _) = line_fills(kind, path)
                .into_iter()
                .find(|(_, g)| *g == fill)?;
            match o.get("dash") {
                None if fill == "solid" => word,
                None => return None,
                Some(_) if fill == "solid" => return None,
                Some(d) => {
                    let dashes = d
                        .as_array()?
                        .iter()
                        .map(|n| n.as_f64().filter(|n| *n >= 0.0))
                        .collect::<Option<Vec<f64>>>()?;
                    if dashes.is_empty() {
                        return None;
                    }
                    if LINE_DASHES
                        .iter()
                        .any(|(f, d)| *f == fill && d[..] == dashes[..])
                    {
                        word
                    } else {
                        let shown: Vec<String> = dashes
                            .iter()
                            .map(|n| crate::grafana::number(*n).to_string())
                            .collect();
                        format!("{word} [{}]", shown.join(", "))
                    }
                }
            }
        }
        Read::CellType => {
            let (word, _) = cell_types(kind)
                .into_iter()
                .find(|(_, cell)| cell == value)?;
            word
        }
    };
    Some((path, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_the_snake_case_of_grafanas_values() {
        let cases = [
            ("stepBefore", "step_before"),
            ("negative-Y", "negative_y"),
            ("line+area", "line_area"),
            ("color-background-solid", "color_background_solid"),
            ("value_and_name", "value_and_name"),
            ("continuous-GrYlRd", "continuous_gr_yl_rd"),
        ];
        for (grafana, dsl) in cases {
            assert_eq!(keyword_of(grafana), dsl, "{grafana}");
        }
    }

    #[test]
    fn durations_become_milliseconds() {
        assert_eq!(duration_ms("1h"), Some(3_600_000));
        assert_eq!(duration_ms("1m30s"), Some(90_000));
        assert_eq!(duration_ms("250ms"), Some(250));
        assert_eq!(duration_ms("1.5h"), None);
        assert_eq!(duration_ms("99999999999999999999y"), None);
    }

    #[test]
    fn every_form_applies_to_a_kind_and_reads_a_type_it_knows() {
        for f in FORMS {
            let kinds: Vec<PanelKind> = PanelKind::ALL
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| applies_at(f, *k).is_some())
                .collect();
            assert!(!kinds.is_empty(), "`{}` applies to no panel kind", f.name);
            if f.scope != Panel {
                assert!(
                    f.path.starts_with(FIELD_DEFAULTS),
                    "`{}` is a series property outside fieldConfig.defaults",
                    f.name
                );
            }
            if let Schema(_) = f.read {
                for k in kinds {
                    let ty = schema_entry(k, f.path).map(|e| e.ty);
                    let known = match ty {
                        Some(Ty::Bool | Ty::Number | Ty::Integer | Ty::String | Ty::Unit) => true,
                        Some(t @ Ty::Enum(_)) => enum_keywords(t).is_some(),
                        _ => false,
                    };
                    assert!(known, "`{}` on {k:?} has the type {ty:?}", f.name);
                }
            }
        }
        let mut names: Vec<(&str, bool)> =
            FORMS.iter().map(|f| (f.name, f.scope == Series)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), FORMS.len(), "a name is used twice");
    }

    #[test]
    fn cell_types_come_from_the_table_schema() {
        let types: Vec<String> = cell_types(PanelKind::Table)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(types, ["sparkline", "gauge", "color_background"]);
        for (_, cell) in cell_types(PanelKind::Table) {
            let path = "fieldConfig.defaults.custom.cellOptions";
            let table = schema::panel_kind("table").expect("the table kind");
            assert_eq!(
                schema::validate_at(schema::Root::Panel(table), path, &cell),
                Ok(())
            );
        }
        assert!(cell_types(PanelKind::Stat).is_empty());
    }
}
