//! Fuzzes the DSL front end through its string entry points
//! (`compile_dashboard_str`, `compile_set_str`, `parse_provisioning_str`):
//! DSL text built from structured parts (options, variables of every kind,
//! annotations, rows with `collapsed` and `repeat`, panels of every kind,
//! queries and `math` expressions with their options, `series` override
//! blocks of every matcher, `set` blocks, value `mappings`,
//! transformations, data links, the short forms of Grafana's options,
//! nested values, strings with odd characters, raw strings) or,
//! for input starting with an ASCII byte, the bytes themselves (the seed is
//! the project's own `dashboards-def/src/lib.rs`). Catalogs are read from
//! `dashboards-def/`. Besides "no panic": compiling the same text twice
//! gives the same diagnostics and JSON, and a dashboard compiled without
//! diagnostics has JSON that serde_json parses (one with diagnostics has
//! none).
//!
//! Run from `core/`: `cargo fuzz run dsl fuzz/corpus/dsl`.

#![no_main]

mod common;

use common::{defs_dir, Num, Pick, Word, ODD, Q};
use dashc_core::dsl::{compile_dashboard_str, compile_set_str, parse_provisioning_str};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const KEYS: &[&str] = &[
    "uid",
    "title",
    "description",
    "tags",
    "folder",
    "refresh",
    "time",
    "tooltip",
    "links",
    "timezone",
    "editable",
    "catalog",
    "experimental",
    "unit",
    "legend",
    "instant",
    "thresholds",
    "color",
    "decimals",
    "min",
    "max",
    "stacking",
    "format",
    "sort",
    "height",
    "width",
    "allow",
    "mode",
    "placement",
    "calcs",
    "steps",
    "style",
    "label",
    "include_all",
    "multi",
    "regex",
    "all_value",
    "hide",
    "values",
    "default",
    "collapsed",
    "content",
    "interval",
    "datasource",
    "as_dropdown",
    "new_tab",
    "keep_time",
    "include_vars",
    "url",
    "provider",
    "dashboards_path",
    "datasource_uid",
    "datasource_url",
    // The short forms of Grafana's options, and the newer options.
    "fill_opacity",
    "line_width",
    "point_size",
    "gradient_mode",
    "show_points",
    "draw_style",
    "line_interpolation",
    "field_transform",
    "transform",
    "span_nulls",
    "insert_nulls",
    "line_style",
    "axis_label",
    "axis_placement",
    "axis_soft_min",
    "axis_soft_max",
    "log_scale",
    "tooltip_sort",
    "legend_sort_by",
    "legend_sort_desc",
    "color_mode",
    "graph_mode",
    "text_mode",
    "justify_mode",
    "orientation",
    "fields",
    "limit",
    "display_mode",
    "value_mode",
    "show_threshold_markers",
    "show_threshold_labels",
    "no_value",
    "display_name",
    "max_data_points",
    "align",
    "cell",
    "hidden",
    "mappings",
    "repeat",
    "from_panel",
    "x",
    "y",
    "set",
    "current",
    "auto",
    "icon",
    "exemplar",
    "ref_id",
    "view_mode",
    "group_mode",
    "max_items",
    "sort_order",
    "dashboard_alerts",
    "alert_name",
    "label_filter",
    "show_inactive",
    "time_picker",
    "refresh_intervals",
    "now_delay",
    "week_start",
    "fiscal_year_start",
    "name",
    "enable",
    "match_any",
    "step",
    "text",
    "direction",
    "max_per_row",
    "language",
    "fixed_color",
    "group",
    "exclude",
    "include",
    "rename",
    "order",
    "field",
    "desc",
    "pattern",
    "index",
    "nosuch",
];
/// The options of each place (and one no place has).
const DASH_KEYS: &[&str] = &[
    "uid",
    "title",
    "description",
    "folder",
    "tags",
    "refresh",
    "time",
    "timezone",
    "tooltip",
    "editable",
    "datasource",
    "catalog",
    "experimental",
    "links",
    "time_picker",
    "week_start",
    "fiscal_year_start",
    "set",
    "nosuch",
];
const PANEL_KEYS: &[&str] = &[
    "description",
    "unit",
    "min",
    "max",
    "decimals",
    "legend",
    "thresholds",
    "color",
    "stacking",
    "sort",
    "width",
    "height",
    "x",
    "y",
    "content",
    "mode",
    "transform",
    "links",
    "repeat",
    "from_panel",
    "allow",
    "instant",
    "format",
    "interval",
    "fill_opacity",
    "line_width",
    "point_size",
    "gradient_mode",
    "show_points",
    "draw_style",
    "line_interpolation",
    "field_transform",
    "span_nulls",
    "insert_nulls",
    "line_style",
    "axis_label",
    "axis_placement",
    "axis_soft_min",
    "axis_soft_max",
    "log_scale",
    "tooltip",
    "tooltip_sort",
    "legend_sort_by",
    "legend_sort_desc",
    "color_mode",
    "graph_mode",
    "text_mode",
    "justify_mode",
    "orientation",
    "calcs",
    "fields",
    "values",
    "limit",
    "display_mode",
    "value_mode",
    "show_threshold_markers",
    "show_threshold_labels",
    "no_value",
    "display_name",
    "max_data_points",
    "align",
    "cell",
    "mappings",
    "set",
    "view_mode",
    "group_mode",
    "max_items",
    "sort_order",
    "dashboard_alerts",
    "alert_name",
    "label_filter",
    "show_inactive",
    "nosuch",
];
const QUERY_KEYS: &[&str] = &[
    "instant", "format", "interval", "hide", "exemplar", "ref_id", "allow", "set", "nosuch",
];
const SERIES_KEYS: &[&str] = &[
    "unit",
    "decimals",
    "min",
    "max",
    "color",
    "stacking",
    "hidden",
    "width",
    "fill_opacity",
    "line_width",
    "line_style",
    "draw_style",
    "transform",
    "axis_placement",
    "cell",
    "align",
    "display_name",
    "mappings",
    "links",
    "thresholds",
    "set",
    "nosuch",
];
const VAR_KEYS: &[&str] = &[
    "label",
    "description",
    "hide",
    "multi",
    "include_all",
    "all_value",
    "regex",
    "sort",
    "auto",
    "current",
    "refresh",
    "set",
    "nosuch",
];
const ANNOTATION_KEYS: &[&str] = &[
    "name",
    "color",
    "title",
    "text",
    "tags",
    "step",
    "enable",
    "hide",
    "allow",
    "match_any",
    "limit",
    "nosuch",
];
const PROVISIONING_KEYS: &[&str] = &[
    "provider",
    "dashboards_path",
    "update_interval_seconds",
    "datasource",
    "datasource_uid",
    "datasource_url",
    "nosuch",
];
const IDENTS: &[&str] = &[
    "true",
    "false",
    "table",
    "bottom",
    "right",
    "hidden",
    "list",
    "normal",
    "percent",
    "none",
    "off",
    "line",
    "area",
    "dashed",
    "line_area",
    "dashed_area",
    "absolute",
    "percentage",
    "shared_crosshair",
    "shared_tooltip",
    "default",
    "asc",
    "desc",
    "time_series",
    "heatmap",
    "green",
    "red",
    "orange",
    "thresholds",
    "palette_classic",
    "green_yellow_red",
    "auto",
    "browser",
    "dashboards",
    "link",
    "dashboard",
    "now",
    "_",
    "r#type",
    "null",
    "smooth",
    "step_before",
    "bars",
    "points",
    "never",
    "always",
    "single",
    "multi",
    "background",
    "value_and_name",
    "center",
    "horizontal",
    "vertical",
    "lcd",
    "gradient",
    "basic",
    "text",
    "color_background",
    "gauge",
    "sparkline",
    "left",
    "opacity",
    "hue",
    "scheme",
    "linear",
    "solid",
    "dash",
    "dot",
    "negative_y",
    "legend",
    "tooltip",
    "viz",
    "monday",
    "on_load",
    "on_time_range_change",
    "h",
    "v",
    "markdown",
    "html",
    "code",
    "json",
    "merge",
    "series_to_rows",
    "reduce_fields",
    "outer",
    "inner",
    "reduce_row",
    "binary",
    "columns",
    "rows",
    "fixed",
    "palette_classic_by_name",
    "job",
    "instance",
    "stat",
    "label",
    "variable",
    "nosuch",
];
const PANELS: &[&str] = &[
    "timeseries",
    "stat",
    "bargauge",
    "table",
    "heatmap",
    "gauge",
    "text",
    "graph",
    "piechart",
    "barchart",
    "histogram",
    "state_timeline",
    "status_history",
    "alertlist",
    "row",
    "nosuch",
];
const VAR_KINDS: &[&str] = &[
    "filter", "query", "custom", "interval", "constant", "textbox", "adhoc", "nosuch",
];
/// Paths of `set: { .. }` blocks: panel, query, dashboard and override
/// paths, ones a form writes, and ones no schema has.
const SET_PATHS: &[&str] = &[
    "liveNow",
    "preload",
    "options.showPercentChange",
    "options.percentChangeColorMode",
    "options.text",
    "options.tooltip.hideZeros",
    "options.legend.sortBy",
    "options.bucketCount",
    "options.groupBy",
    "options.stateFilter.normal",
    "options.color.scheme",
    "fieldConfig.defaults.custom.axisColorMode",
    "fieldConfig.defaults.custom.lineWidth",
    "fieldConfig.defaults.custom.cellOptions",
    "fieldConfig.defaults.color.seriesBy",
    "fieldConfig.defaults.unit",
    "fieldConfig.overrides.0",
    "custom.axisColorMode",
    "custom.lineWidth",
    "custom.nosuch",
    "intervalFactor",
    "definition",
    "skipUrlSync",
    "weekStart",
    "transformations",
    "repeat",
    "gridPos",
    "id",
    "",
    "a..b",
    "nosuch",
];
/// Transformations, by their short names and a few of Grafana's ids.
const TRANSFORMS: &[&str] = &[
    "merge",
    "organize",
    "reduce",
    "filter_by_name",
    "filter_by_ref_id",
    "series_to_rows",
    "labels_to_fields",
    "sort_by",
    "calculate_field",
    "join_by_field",
    "rename_by_regex",
    "limit",
    "filter_by_value",
    "group_by",
    "convert_field_type",
    "transpose",
    "filterFieldsByName",
    "nosuch",
];
const REDUCERS: &[&str] = &[
    "mean",
    "max",
    "lastNotNull",
    "allIsZero",
    "allIsNull",
    "p99",
    "nosuch",
];
const COMPARISONS: &[&str] = &[">", ">=", "<", "<=", "==", "!=", "=", "=>"];
const SPECIALS: &[&str] = &[
    "null", "nan", "null_nan", "true", "false", "empty", "nosuch",
];
const MATHS: &[&str] = &[
    "$A * 2",
    "$ERRORS * 100 / $A",
    "${A} + ${B}",
    "$C",
    "$nosuch",
    "$",
    "",
    "abs($A)",
];
const REF_IDS: &[&str] = &["A", "B", "C", "ERRORS", "Z", ""];
const STRINGS: &[&str] = &[
    "a",
    "",
    "upstream-api",
    "Upstream",
    "now-1h",
    "now",
    "30s",
    "s",
    "reqps",
    "percent",
    "catalogs/upstream.prom",
    "catalogs",
    "nosuch.prom",
    "../catalogs/upstream.prom",
    "{{method}}",
    "label_values(django_db_execute_total, job)",
    "$job",
    "1m,5m",
    "http://prometheus:9090",
    "/var/lib/grafana/dashboards",
    "Prometheus",
    "prometheus",
    "unknown-metric",
    "mean",
];

/// A string literal in one of Rust's spellings.
#[derive(Debug, Arbitrary)]
enum Str {
    Quoted(Word),
    Raw(u8, Word),
    /// The text between quotes as is (escapes and all).
    Unescaped(Word),
    Byte(Word),
}

impl Str {
    fn text(&self, list: &[&str]) -> String {
        match self {
            Str::Quoted(w) => format!("{:?}", w.text(list)),
            Str::Raw(hashes, w) => {
                let h = "#".repeat(usize::from(hashes % 4));
                format!("r{h}\"{}\"{h}", w.text(list))
            }
            Str::Unescaped(w) => format!("\"{}\"", w.text(list)),
            Str::Byte(w) => format!("b{:?}", w.text(list)),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Val {
    Str(Str),
    Num(Num),
    Ident(Pick),
    List(Vec<Val>),
    Block(Vec<Opt>),
    Range(Str, Str),
    Step(Pick, Num),
    Tagged(Pick, Str, Vec<Opt>),
    Neg(Num),
    Odd(Pick),
    /// `shades "blue"`, `as_is "qps"`.
    Word(Pick, Str),
    /// `job { direction: h }`, `code { language: json }`.
    Keyed(Pick, Vec<Opt>),
    /// `dash [10, 20]`.
    Dashes(Pick, Vec<Num>),
    /// `{ "path": value, .. }`, as `set` takes it.
    Set(Vec<(Pick, Val)>),
    /// `[value "1" => "UP" { .. }, range 0..10 => "low", ..]`.
    Mappings(Vec<Mapping>),
    /// `[merge, organize { .. }, ..]`.
    Transform(Vec<Transform>),
    /// `["Title" => "URL" { new_tab: true }, ..]`.
    Links(Vec<(Str, Str, Vec<Opt>)>),
}

/// A value mapping's result: a text, options (`{ color: .. }`), or both.
#[derive(Debug, Arbitrary)]
struct MapTo {
    text: Option<Str>,
    options: Vec<Opt>,
}

#[derive(Debug, Arbitrary)]
enum Mapping {
    Value(Str, MapTo),
    Range(Option<Num>, Option<Num>, MapTo),
    Regex(Str, MapTo),
    Special(Pick, MapTo),
    Values(Vec<(Str, MapTo)>),
}

#[derive(Debug, Arbitrary)]
struct Transform {
    name: Pick,
    options: Vec<Opt>,
    /// Grafana's own options, `"option": value`.
    raw: Vec<(Pick, Val)>,
    block: bool,
}

#[derive(Debug, Arbitrary)]
struct Opt {
    key: Pick,
    value: Val,
    comma: bool,
}

#[derive(Debug, Arbitrary)]
enum QueryText {
    Built(Q),
    Str(Str),
}

/// Which series a `series` override block styles.
#[derive(Debug, Arbitrary)]
enum Which {
    Name(Str),
    Regex(Str),
    Slashed(Str),
    Query(Pick),
    Type(Pick),
    Value(Pick, Option<(Pick, Num)>),
    Except(Vec<Str>),
    Only(Vec<Str>),
    Odd(Pick),
}

#[derive(Debug, Arbitrary)]
enum PanelItem {
    Opt(Opt),
    /// `"legend" => "PromQL" { .. }`, or the query alone.
    Query(Option<Str>, QueryText, Vec<Opt>),
    /// `_ => "PromQL" { .. }`.
    Unnamed(QueryText, Vec<Opt>),
    Series(Which, Vec<Opt>),
    /// `math "$A * 2" { .. }`.
    Math(Str, Vec<Opt>),
}

#[derive(Debug, Arbitrary)]
struct Panel {
    kind: Pick,
    title: Str,
    /// A unit first (every kind but text needs one).
    unit: Option<Pick>,
    items: Vec<PanelItem>,
}

#[derive(Debug, Arbitrary)]
enum VarArg {
    None,
    Str(Str),
    List(Vec<Str>),
}

#[derive(Debug, Arbitrary)]
struct Var {
    name: Word,
    kind: Pick,
    query: VarArg,
    options: Vec<Opt>,
}

#[derive(Debug, Arbitrary)]
enum Annotation {
    Builtin(Vec<Opt>),
    Prometheus(Word, QueryText, Vec<Opt>),
    Tagged(Word, Vec<Str>, Vec<Opt>),
    Odd(Word, Val),
}

#[derive(Debug, Arbitrary)]
enum Item {
    Panel(Panel),
    /// A row: title, `collapsed` / `repeat var` or nothing, options, panels.
    Row(Str, Option<Pick>, Vec<Opt>, Vec<Panel>),
    Junk(Pick),
}

#[derive(Debug, Arbitrary)]
struct Dash {
    /// A uid and title first (most dashboards compile then), with the
    /// project's catalogs or `catalog: []`.
    head: Option<bool>,
    options: Vec<Opt>,
    variables: Option<Vec<Var>>,
    annotations: Option<Vec<Annotation>>,
    items: Vec<Item>,
}

#[derive(Debug, Arbitrary)]
enum Input {
    Dashboard(Dash),
    Set(Option<Vec<Opt>>, Vec<(Word, Dash)>),
    Provisioning(Vec<Opt>),
}

const NAMES: &[&str] = &["API", "DATABASE", "A", "ALL", "a", "_", "r#fn", "fn", "X1"];

fn map_to(m: &MapTo, out: &mut String, depth: usize) {
    out.push_str(" => ");
    if let Some(t) = &m.text {
        out.push_str(&t.text(STRINGS));
    }
    if !m.options.is_empty() || m.text.is_none() {
        out.push_str(" {");
        opts(&m.options, out, depth + 1);
        out.push('}');
    }
}

fn mapping(m: &Mapping, out: &mut String, depth: usize) {
    match m {
        Mapping::Value(v, to) => {
            out.push_str("value ");
            out.push_str(&v.text(&["0", "1", "", "up"]));
            map_to(to, out, depth);
        }
        Mapping::Range(from, to, r) => {
            out.push_str("range ");
            if let Some(n) = from {
                out.push_str(&n.text());
            }
            out.push_str("..");
            if let Some(n) = to {
                out.push_str(&n.text());
            }
            map_to(r, out, depth);
        }
        Mapping::Regex(re, to) => {
            out.push_str("regex ");
            out.push_str(&re.text(&["^err", "(", "x.*", "a|b", "\\"]));
            map_to(to, out, depth);
        }
        Mapping::Special(p, to) => {
            out.push_str(p.of(SPECIALS));
            map_to(to, out, depth);
        }
        Mapping::Values(vs) => {
            out.push_str("values {");
            for (v, to) in vs {
                out.push_str(&v.text(&["0", "1", "", "up"]));
                map_to(to, out, depth);
                out.push_str(", ");
            }
            out.push('}');
        }
    }
}

fn val(v: &Val, out: &mut String, depth: usize) {
    if depth > 32 {
        out.push('0');
        return;
    }
    match v {
        Val::Str(s) => out.push_str(&s.text(STRINGS)),
        Val::Num(n) => out.push_str(&n.text()),
        Val::Ident(p) => out.push_str(p.of(IDENTS)),
        Val::List(vs) => {
            out.push('[');
            for v in vs {
                val(v, out, depth + 1);
                out.push_str(", ");
            }
            out.push(']');
        }
        Val::Block(os) => {
            out.push('{');
            opts(os, out, depth + 1);
            out.push('}');
        }
        Val::Range(a, b) => {
            out.push_str(&a.text(STRINGS));
            out.push_str("..");
            out.push_str(&b.text(STRINGS));
        }
        Val::Step(p, n) => {
            out.push_str(p.of(IDENTS));
            out.push_str(": ");
            out.push_str(&n.text());
        }
        Val::Tagged(p, s, os) => {
            out.push_str(p.of(IDENTS));
            out.push(' ');
            out.push_str(&s.text(STRINGS));
            out.push_str(" {");
            opts(os, out, depth + 1);
            out.push('}');
        }
        Val::Neg(n) => {
            out.push('-');
            out.push_str(&n.text());
        }
        Val::Odd(p) => out.push_str(p.of(ODD)),
        Val::Word(p, s) => {
            out.push_str(p.of(&["shades", "as_is", "dashboards", "url", "nosuch"]));
            out.push(' ');
            out.push_str(&s.text(STRINGS));
        }
        Val::Keyed(p, os) => {
            out.push_str(p.of(IDENTS));
            out.push_str(" {");
            opts(os, out, depth + 1);
            out.push('}');
        }
        Val::Dashes(p, ns) => {
            out.push_str(p.of(&["dash", "square", "dot", "solid"]));
            out.push_str(" [");
            for n in ns {
                out.push_str(&n.text());
                out.push_str(", ");
            }
            out.push(']');
        }
        Val::Set(entries) => {
            out.push('{');
            for (path, v) in entries {
                out.push_str(&format!("{:?}: ", path.of(SET_PATHS)));
                val(v, out, depth + 1);
                out.push_str(", ");
            }
            out.push('}');
        }
        Val::Mappings(ms) => {
            out.push('[');
            for m in ms {
                mapping(m, out, depth + 1);
                out.push_str(",\n");
            }
            out.push(']');
        }
        Val::Transform(ts) => {
            out.push('[');
            for t in ts {
                out.push_str(t.name.of(TRANSFORMS));
                if t.block || !t.options.is_empty() || !t.raw.is_empty() {
                    out.push_str(" {");
                    opts(&t.options, out, depth + 1);
                    for (k, v) in &t.raw {
                        out.push_str(&format!(
                            "{:?}: ",
                            k.of(&["excludeByName", "fields", "mode", "options", "nosuch"])
                        ));
                        val(v, out, depth + 1);
                        out.push_str(", ");
                    }
                    out.push('}');
                }
                out.push_str(", ");
            }
            out.push(']');
        }
        Val::Links(ls) => {
            out.push('[');
            for (title, url, os) in ls {
                out.push_str(&title.text(STRINGS));
                out.push_str(" => ");
                out.push_str(&url.text(&[
                    "https://x.example/?i=${__field.labels.instance}&${__url_time_range}",
                    "${__value.raw}",
                    "${__nosuch}",
                    "$job",
                    "${nosuch:queryparam}",
                    "",
                ]));
                if !os.is_empty() {
                    out.push_str(" {");
                    opts(os, out, depth + 1);
                    out.push('}');
                }
                out.push_str(",\n");
            }
            out.push(']');
        }
    }
}

/// Options as `key: value` lines: at the top of a block the keys of
/// `keys` (the options of that place), in nested values any of [`KEYS`].
fn opts_of(os: &[Opt], out: &mut String, depth: usize, keys: &[&str]) {
    for o in os {
        out.push_str(o.key.of(keys));
        out.push_str(": ");
        val(&o.value, out, depth);
        out.push_str(if o.comma { ",\n" } else { "\n" });
    }
}

fn query_text(q: &QueryText, out: &mut String) {
    match q {
        QueryText::Built(q) => out.push_str(&format!("{:?}", q.text())),
        QueryText::Str(s) => out.push_str(&s.text(STRINGS)),
    }
}

fn opts(os: &[Opt], out: &mut String, depth: usize) {
    opts_of(os, out, depth, KEYS);
}

fn block(os: &[Opt], out: &mut String, keys: &[&str]) {
    if !os.is_empty() {
        out.push_str(" {");
        opts_of(os, out, 0, keys);
        out.push('}');
    }
}

fn which(w: &Which, out: &mut String) {
    let strs = |list: &[Str], out: &mut String| {
        out.push_str(" [");
        for s in list {
            out.push_str(&s.text(&["cpu", "Total", ""]));
            out.push_str(", ");
        }
        out.push(']');
    };
    match w {
        Which::Name(s) => out.push_str(&s.text(&["Total", "cpu", "", "Value #A"])),
        Which::Regex(s) => {
            out.push_str("regex ");
            out.push_str(&s.text(&["cache.*", "5..$", "/x/i", "/x/z", "(", "a**"]));
        }
        Which::Slashed(s) => {
            out.push('/');
            out.push_str(&s.text(&["cache.*", "5.."]).replace('/', ""));
            out.push('/');
        }
        Which::Query(p) => {
            out.push_str("query ");
            out.push_str(p.of(REF_IDS));
        }
        Which::Type(p) => {
            out.push_str("type ");
            out.push_str(p.of(&[
                "number", "string", "time", "boolean", "enum", "other", "nosuch",
            ]));
        }
        Which::Value(r, cmp) => {
            out.push_str("value(");
            out.push_str(r.of(REDUCERS));
            if let Some((op, n)) = cmp {
                out.push(' ');
                out.push_str(op.of(COMPARISONS));
                out.push(' ');
                out.push_str(&n.text());
            }
            out.push(')');
        }
        Which::Except(list) => {
            out.push_str("except");
            strs(list, out);
        }
        Which::Only(list) => {
            out.push_str("only");
            strs(list, out);
        }
        Which::Odd(p) => out.push_str(p.of(ODD)),
    }
}

fn panel(p: &Panel, out: &mut String) {
    out.push_str(p.kind.of(PANELS));
    out.push(' ');
    out.push_str(&p.title.text(STRINGS));
    out.push_str(" {\n");
    if let Some(u) = p.unit {
        out.push_str(&format!(
            "unit: {:?},\n",
            u.of(&["s", "reqps", "none", "short", "percent", "bytes", "qps"])
        ));
    }
    for item in &p.items {
        match item {
            PanelItem::Opt(o) => opts_of(std::slice::from_ref(o), out, 0, PANEL_KEYS),
            PanelItem::Query(legend, q, os) => {
                if let Some(l) = legend {
                    out.push_str(&l.text(STRINGS));
                    out.push_str(" => ");
                }
                query_text(q, out);
                block(os, out, QUERY_KEYS);
                out.push_str(",\n");
            }
            PanelItem::Unnamed(q, os) => {
                out.push_str("_ => ");
                query_text(q, out);
                block(os, out, QUERY_KEYS);
                out.push_str(",\n");
            }
            PanelItem::Series(w, os) => {
                out.push_str("series ");
                which(w, out);
                out.push_str(" {");
                opts_of(os, out, 0, SERIES_KEYS);
                out.push_str("}\n");
            }
            PanelItem::Math(e, os) => {
                out.push_str("math ");
                out.push_str(&e.text(MATHS));
                block(os, out, &["ref_id", "hide", "nosuch"]);
                out.push_str(",\n");
            }
        }
    }
    out.push_str("}\n");
}

fn dash(d: &Dash, out: &mut String) {
    match d.head {
        None => {}
        Some(with_catalog) => {
            out.push_str("uid: \"fuzz\", title: \"Fuzz\",\n");
            if !with_catalog {
                out.push_str("catalog: [],\n");
            }
        }
    }
    opts_of(&d.options, out, 0, DASH_KEYS);
    if let Some(vars) = &d.variables {
        out.push_str("variables {\n");
        for v in vars {
            out.push_str(&v.name.text(&[
                "job",
                "customer",
                "window",
                "__rate_interval",
                "instance",
                "filters",
            ]));
            out.push_str(": ");
            out.push_str(v.kind.of(VAR_KINDS));
            match &v.query {
                VarArg::None => {}
                VarArg::Str(q) => {
                    out.push(' ');
                    out.push_str(&q.text(STRINGS));
                }
                VarArg::List(qs) => {
                    out.push_str(" [");
                    for q in qs {
                        out.push_str(&q.text(&["prod", "staging", "1m", "5m", "", "auto"]));
                        out.push_str(", ");
                    }
                    out.push(']');
                }
            }
            block(&v.options, out, VAR_KEYS);
            out.push_str(",\n");
        }
        out.push_str("},\n");
    }
    if let Some(annotations) = &d.annotations {
        out.push_str("annotations {\n");
        for a in annotations {
            match a {
                Annotation::Builtin(os) => {
                    out.push_str("builtin: {");
                    opts_of(os, out, 0, &["enable", "hide", "nosuch"]);
                    out.push('}');
                }
                Annotation::Prometheus(name, q, os) => {
                    out.push_str(&name.text(&["deploys", "builtin", "a", "r#fn"]));
                    out.push_str(": prometheus ");
                    query_text(q, out);
                    block(os, out, ANNOTATION_KEYS);
                }
                Annotation::Tagged(name, tags, os) => {
                    out.push_str(&name.text(&["releases", "builtin", "deploys"]));
                    out.push_str(": tagged [");
                    for t in tags {
                        out.push_str(&t.text(&["release", "", "deploy"]));
                        out.push_str(", ");
                    }
                    out.push(']');
                    block(os, out, ANNOTATION_KEYS);
                }
                Annotation::Odd(name, v) => {
                    out.push_str(&name.text(&["x", "builtin"]));
                    out.push_str(": ");
                    val(v, out, 0);
                }
            }
            out.push_str(",\n");
        }
        out.push_str("},\n");
    }
    for item in &d.items {
        match item {
            Item::Panel(p) => panel(p, out),
            Item::Row(title, modifier, os, ps) => {
                out.push_str("row ");
                out.push_str(&title.text(STRINGS));
                if let Some(m) = modifier {
                    out.push(' ');
                    out.push_str(m.of(&[
                        "collapsed",
                        "repeat job",
                        "repeat instance",
                        "repeat nosuch",
                        "repeat",
                    ]));
                }
                out.push_str(" {\n");
                opts_of(os, out, 0, &["y", "set", "nosuch"]);
                for p in ps {
                    panel(p, out);
                }
                out.push_str("}\n");
            }
            Item::Junk(p) => out.push_str(p.of(ODD)),
        }
    }
}

fn compile(input: &Input) -> String {
    let mut out = String::new();
    match input {
        Input::Dashboard(d) => dash(d, &mut out),
        Input::Set(defaults, ds) => {
            if let Some(os) = defaults {
                out.push_str("defaults {\n");
                opts_of(os, &mut out, 0, DASH_KEYS);
                out.push_str("},\n");
            }
            for (name, d) in ds {
                out.push_str("/// Docs.\npub const ");
                out.push_str(&name.text(NAMES));
                out.push_str(" = {\n");
                dash(d, &mut out);
                out.push_str("};\n");
            }
        }
        Input::Provisioning(os) => opts_of(os, &mut out, 0, PROVISIONING_KEYS),
    }
    out
}

/// What one compile gives, for comparing two runs.
fn dashboard(text: &str) -> String {
    let out = compile_dashboard_str(text, &defs_dir());
    let json = out.value.as_ref().and_then(|c| c.json.clone());
    if let Some(json) = &json {
        serde_json::from_str::<serde_json::Value>(json)
            .unwrap_or_else(|e| panic!("compiled JSON does not parse: {e}\n{json}"));
        assert!(out.diagnostics.is_empty(), "JSON despite diagnostics");
    } else {
        assert!(!out.diagnostics.is_empty(), "neither JSON nor a diagnostic");
    }
    format!("{:?}\n{json:?}", out.diagnostics)
}

fn set(text: &str) -> String {
    let out = compile_set_str(text, &defs_dir());
    let mut shown = format!("{:?}\n", out.diagnostics);
    for (name, compiled) in &out.value {
        if let Some(json) = &compiled.json {
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("compiled JSON of {name} does not parse: {e}\n{json}"));
            assert!(out.diagnostics.is_empty(), "JSON despite diagnostics");
        } else {
            assert!(
                !out.diagnostics.is_empty(),
                "{name}: neither JSON nor a diagnostic"
            );
        }
        shown.push_str(&format!("{name} {:?}\n", compiled.json));
    }
    shown
}

fn provisioning(text: &str) -> String {
    let out = parse_provisioning_str(text);
    assert_eq!(out.value.is_some(), out.diagnostics.is_empty());
    format!("{:?} {:?}", out.diagnostics, out.value.is_some())
}

fn all(text: &str) {
    assert_eq!(
        dashboard(text),
        dashboard(text),
        "two compiles of a dashboard differed"
    );
    assert_eq!(set(text), set(text), "two compiles of a set differed");
    assert_eq!(
        provisioning(text),
        provisioning(text),
        "two reads of provisioning differed"
    );
}

fuzz_target!(|bytes: &[u8]| {
    // Input starting with an ASCII byte is the text itself; any other
    // input is read as a structure.
    if bytes.first().is_none_or(|b| b.is_ascii()) {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return;
        };
        // A `catalog:` path may name any file: keep the fuzzer off devices.
        if ["/dev", "/proc", "/sys"].iter().any(|d| text.contains(d)) {
            return;
        }
        all(text);
        return;
    }
    let mut u = arbitrary::Unstructured::new(&bytes[1..]);
    if let Ok(input) = Input::arbitrary(&mut u) {
        let text = compile(&input);
        match input {
            Input::Dashboard(_) => {
                assert_eq!(dashboard(&text), dashboard(&text), "two compiles differed");
            }
            Input::Set(..) => assert_eq!(set(&text), set(&text), "two compiles differed"),
            Input::Provisioning(_) => {
                assert_eq!(
                    provisioning(&text),
                    provisioning(&text),
                    "two reads differed"
                )
            }
        }
    }
});
