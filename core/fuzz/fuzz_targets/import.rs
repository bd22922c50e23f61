//! Fuzzes `dashc import` (`import::import`), whose input is dashboard JSON
//! downloaded from anywhere. Input starting with `{` is the JSON text
//! itself (the seeds are the real dashboards of the shared corpus); any
//! other input builds a dashboard from an `arbitrary` structure: panels of
//! every kind (legacy graph, singlestat, table-old and Angular heatmap
//! too), legacy `rows[]`, collapsed rows, targets, fieldConfig defaults and
//! overrides with their matchers, value mappings, thresholds,
//! transformations, data and dashboard links, templating of every kind
//! with `current` and `options`, annotations, schema versions 10 to 43,
//! odd numbers (-9e300, huge integers, "NaN"-like strings), deep nesting
//! and long strings, imported with and without the project's catalogs.
//!
//! Besides "no panic": importing the same text twice gives the same source
//! or the same errors; an accepted import compiles through
//! `dsl::compile_set_str` without a diagnostic (what `dashc import`
//! promises); every error names the file, and for a file that is a JSON
//! object a JSON path (and the panel, for a path into a panel).
//!
//! Run from `core/`: `cargo fuzz run -s none import fuzz/corpus/import`
//! (see `fuzz/seeds.sh` for the seed corpus).

#![no_main]

mod common;

use common::{defs_dir, Num, Pick, Word, Q};
use dashc_core::dsl::compile_set_str;
use dashc_core::import::{import, Input, Options};
use dashc_core::limits::MAX_DASHBOARD_BYTES;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The keys of Grafana's dashboard model the importer reads somewhere, for
/// objects built from any keys.
const KEYS: &[&str] = &[
    "type",
    "value",
    "options",
    "mode",
    "color",
    "id",
    "panels",
    "title",
    "fieldConfig",
    "gridPos",
    "text",
    "min",
    "show",
    "max",
    "decimals",
    "datasource",
    "y",
    "x",
    "defaults",
    "unit",
    "legend",
    "w",
    "thresholds",
    "h",
    "custom",
    "yAxis",
    "tooltip",
    "overrides",
    "fill",
    "uid",
    "targets",
    "properties",
    "list",
    "hide",
    "query",
    "format",
    "current",
    "steps",
    "name",
    "matcher",
    "span",
    "sort",
    "showLegend",
    "refId",
    "hidden",
    "expr",
    "scale",
    "displayMode",
    "description",
    "calcs",
    "bars",
    "tags",
    "refresh",
    "content",
    "builtIn",
    "scheme",
    "reverse",
    "repeat",
    "height",
    "gauge",
    "valueName",
    "transparent",
    "styles",
    "rows",
    "result",
    "range",
    "points",
    "placement",
    "pattern",
    "op",
    "mappings",
    "linewidth",
    "interval",
    "group",
    "fillOpacity",
    "displayName",
    "collapsed",
    "cards",
    "align",
    "yaxis",
    "yaxes",
    "yBuckets",
    "xaxis",
    "xBucketNumber",
    "stack",
    "seriesOverrides",
    "nullPointMode",
    "logBase",
    "links",
    "lines",
    "from",
    "fixedColor",
    "dataFormat",
    "dashLength",
    "dashes",
    "colors",
    "colorMode",
    "collapse",
    "calculate",
    "aliasColors",
    "alias",
    "yBucketSize",
    "valueMaps",
    "to",
    "steppedLine",
    "sortBy",
    "showTitle",
    "showPoints",
    "showHeader",
    "sparkline",
    "reduceOptions",
    "rangeMaps",
    "prefix",
    "postfix",
    "noValue",
    "minSpan",
    "maxPerRow",
    "match",
    "mappingType",
    "label",
    "includeAll",
    "multi",
    "allValue",
    "regex",
    "index",
    "lineWidth",
    "drawStyle",
    "stacking",
    "axisPlacement",
    "spanNulls",
    "scaleDistribution",
    "transformations",
    "cellOptions",
    "hideFrom",
    "lineStyle",
    "repeatDirection",
    "legendFormat",
    "instant",
    "exemplar",
    "transform",
    "columns",
    "thresholdMarkers",
    "colorBackground",
    "colorValue",
    "colorScheme",
    "exponent",
    "reverseYBuckets",
    "hideZeroBuckets",
    "highlightCards",
    "yBucketBound",
    "timeFrom",
    "timeShift",
    "libraryPanel",
    "maxDataPoints",
    "targetBlank",
    "url",
    "asDropdown",
    "keepTime",
    "includeVars",
    "icon",
    "enable",
    "iconColor",
    "titleFormat",
    "textFormat",
    "tagKeys",
    "step",
    "matchAny",
    "limit",
    "filters",
    "definition",
    "skipUrlSync",
    "auto",
    "auto_count",
    "auto_min",
    "selected",
    "graphTooltip",
    "editable",
    "timezone",
    "time",
    "timepicker",
    "weekStart",
    "fiscalYearStartMonth",
    "schemaVersion",
    "pluginVersion",
    "renderer",
    "percentage",
    "pointradius",
    "fillGradient",
    "legendLink",
    "disabled",
    "byName",
    "byRegexp",
    "byType",
    "byValue",
    "byFrameRefID",
    "byNames",
    "include",
    "exclude",
    "names",
    "prefix",
    "readOnly",
    "reducer",
    "op",
    "__systemRef",
    "mode",
    "textMode",
    "graphMode",
    "justifyMode",
    "orientation",
    "values",
    "fields",
    "showIn",
    "dashboard",
    "",
];

const STRS: &[&str] = &[
    "a",
    "",
    "A",
    "B",
    "up",
    "s",
    "short",
    "reqps",
    "percent",
    "percentunit",
    "bytes",
    "none",
    "qps",
    "suffix:x",
    "green",
    "red",
    "dark-orange",
    "#FF0000",
    "rgba(1,2,3,0.5)",
    "transparent",
    "NaN",
    "Infinity",
    "-Infinity",
    "-9e300",
    "1e400",
    "0x10",
    "12px",
    "250px",
    "auto",
    "null",
    "true",
    "$job",
    "${job}",
    "[[job]]",
    "$__all",
    "$__rate_interval",
    "{{job}}",
    "{{ instance }}",
    "__auto",
    "5m",
    "1h",
    "now-6h",
    "now",
    "now-1d/d",
    "/^Value$/",
    "/(/",
    "Value #A",
    "Time",
    "lastNotNull",
    "mean",
    "max",
    "current",
    "avg",
    "total",
    "p99",
    "nosuch",
    "table",
    "time_series",
    "heatmap",
    "tsbuckets",
    "timeseries",
    "graph",
    "stat",
    "-- Grafana --",
    "-- Mixed --",
    "-- Dashboard --",
    "prometheus",
    "${DS_PROMETHEUS}",
    "loki",
    "__expr__",
    "label_values(job)",
    "label_values(up, instance)",
    "query_result(up)",
    "metrics(.*)",
    "sum(rate(x[5m]))",
    "1m,5m,10m",
    "a,b,c",
    "https://x.example/?v=${__value.raw}",
    "${__field.labels.job}",
    "${nosuch}",
    "dashboards",
    "link",
    "external link",
    "series",
    "line",
    "dashed",
    "area",
    "line+area",
    "off",
    "absolute",
    "percentage",
    "palette-classic",
    "continuous-GrYlRd",
    "fixed",
    "shades",
    "thresholds",
    "byName",
    "byRegexp",
    "byType",
    "byValue",
    "byFrameRefID",
    "byNames",
    "custom.lineWidth",
    "custom.fillOpacity",
    "custom.hideFrom",
    "custom.stacking",
    "unit",
    "color",
    "decimals",
    "links",
    "mappings",
    "displayName",
    "hideSeriesFrom",
    "include",
    "exclude",
    "number",
    "string",
    "gt",
    "lt",
    "allIsZero",
    "merge",
    "organize",
    "reduce",
    "sortBy",
    "calculateField",
    "filterFieldsByName",
    "labelsToFields",
    "seriesToRows",
    "nosuchTransform",
    "value",
    "range",
    "regex",
    "special",
    "null+nan",
    "nan",
    "empty",
    "markdown",
    "html",
    "<b>x</b>",
    "h",
    "v",
    "left",
    "right",
    "bottom",
    "hidden",
    "list",
    "normal",
    "step",
    "linear",
    "smooth",
    "stepBefore",
    "bars",
    "points",
    "never",
    "always",
    "log",
    "connected",
    "null as zero",
    "flot",
    "opacity",
    "hue",
    "scheme",
    "Spectral",
    "interpolateRdYlGn",
    "RdYlGn",
    "spectrum",
    "opacity",
    "exponential",
    "color-background",
    "color-text",
    "date",
    "number",
    "hidden",
    "Oranges",
    "monday",
    "browser",
    "utc",
    "Europe/Berlin",
    "ABC",
    "é€𝄞",
    "\u{200b}",
    "\"",
    "\\",
    "\n",
    "{",
    "}",
    "#",
    "//",
    "*/",
    "r#\"",
    "\"#",
];

const PANEL_TYPES: &[&str] = &[
    "timeseries",
    "graph",
    "row",
    "stat",
    "singlestat",
    "grafana-singlestat-panel",
    "table",
    "table-old",
    "bargauge",
    "gauge",
    "heatmap",
    "text",
    "piechart",
    "grafana-piechart-panel",
    "barchart",
    "histogram",
    "state-timeline",
    "status-history",
    "alertlist",
    "dashlist",
    "news",
    "logs",
    "nodeGraph",
    "xychart",
    "trend",
    "candlestick",
    "geomap",
    "canvas",
    "flamegraph",
    "traces",
    "welcome",
    "",
    "ROW",
    "graph ",
];
const VAR_TYPES: &[&str] = &[
    "query",
    "custom",
    "interval",
    "datasource",
    "constant",
    "textbox",
    "adhoc",
    "system",
    "",
];
const DS: &[&str] = &[
    "prometheus",
    "loki",
    "-- Mixed --",
    "-- Grafana --",
    "-- Dashboard --",
    "${DS}",
    "$datasource",
    "__expr__",
    "grafana",
    "",
];
const MATCHERS: &[&str] = &[
    "byName",
    "byRegexp",
    "byType",
    "byValue",
    "byFrameRefID",
    "byNames",
    "nosuch",
    "",
];
const PROPERTY_IDS: &[&str] = &[
    "color",
    "unit",
    "decimals",
    "min",
    "max",
    "displayName",
    "custom.lineWidth",
    "custom.fillOpacity",
    "custom.hideFrom",
    "custom.stacking",
    "custom.drawStyle",
    "custom.axisPlacement",
    "custom.transform",
    "custom.lineStyle",
    "custom.showPoints",
    "custom.pointSize",
    "custom.width",
    "custom.align",
    "custom.cellOptions",
    "custom.hidden",
    "custom.displayMode",
    "custom.fillBelowTo",
    "custom.axisColorMode",
    "custom.nosuch",
    "thresholds",
    "mappings",
    "links",
    "noValue",
    "nosuch",
    "",
];
const TRANSFORMS: &[&str] = &[
    "merge",
    "organize",
    "reduce",
    "sortBy",
    "calculateField",
    "filterFieldsByName",
    "filterByRefId",
    "labelsToFields",
    "seriesToRows",
    "seriesToColumns",
    "joinByField",
    "renameByRegex",
    "limit",
    "filterByValue",
    "groupBy",
    "concatenate",
    "convertFieldType",
    "extractFields",
    "histogram",
    "timeSeriesTable",
    "transpose",
    "nosuch",
    "",
];
const SPECIALS: &[&str] = &[
    "null", "nan", "null+nan", "true", "false", "empty", "nosuch",
];
const MAPPING_TYPES: &[&str] = &["value", "range", "regex", "special", "nosuch"];
const COLOR_MODES: &[&str] = &[
    "fixed",
    "shades",
    "thresholds",
    "palette-classic",
    "palette-classic-by-name",
    "continuous-GrYlRd",
    "continuous-blues",
    "nosuch",
];

/// A number: the common ones, and those a JSON file can hold that an
/// `i64` cannot.
#[derive(Debug, Arbitrary)]
enum N {
    Num(Num),
    Big(u64),
    Huge(bool),
    Fraction(i16, u8),
    /// A number spelt as a string ("NaN", "-9e300", "250px").
    Text(Pick),
    /// A schema version of the range the importer reads, or near it.
    Version(u8),
}

impl N {
    fn json(&self) -> Value {
        match self {
            N::Num(n) => n.json(),
            N::Big(n) => (*n).into(),
            N::Huge(neg) => json!(if *neg { -9e300 } else { 9e300 }),
            N::Fraction(a, b) => json!(f64::from(*a) + f64::from(*b) / 256.0),
            N::Text(p) => p
                .of(&[
                    "NaN", "-9e300", "1e400", "Infinity", "250px", "12", "0.5", "", "-1",
                ])
                .into(),
            N::Version(v) => (10 + i64::from(*v % 34)).into(),
        }
    }
}

/// Any JSON value, its object keys from [`KEYS`].
#[derive(Debug, Arbitrary)]
enum J {
    Null,
    Bool(bool),
    Num(N),
    Str(Word),
    Long(Pick, u16),
    Arr(Vec<J>),
    Obj(Vec<(Word, J)>),
    /// A value inside `n` arrays (up to past serde_json's depth limit).
    Deep(u8, Box<J>),
}

impl J {
    fn value(&self, depth: usize) -> Value {
        if depth > 140 {
            return Value::Null;
        }
        match self {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Num(n) => n.json(),
            J::Str(w) => Value::String(w.text(STRS)),
            J::Long(p, n) => Value::String(p.of(STRS).repeat(usize::from(*n % 1024))),
            J::Arr(a) => Value::Array(a.iter().map(|j| j.value(depth + 1)).collect()),
            J::Obj(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.text(KEYS), v.value(depth + 1)))
                    .collect(),
            ),
            J::Deep(n, j) => {
                // Past serde_json's limit of 128 levels now and then only: the
                // file is then refused before the importer sees it.
                let n = if *n == u8::MAX {
                    136
                } else {
                    usize::from(*n % 48)
                };
                let n = n.min(140usize.saturating_sub(depth));
                let mut v = j.value(depth + n);
                for _ in 0..n {
                    v = if n % 2 == 0 {
                        Value::Array(vec![v])
                    } else {
                        json!({ "options": v })
                    };
                }
                v
            }
        }
    }
}

/// A field: absent, well typed, or (one time in 16) any JSON value.
#[derive(Debug)]
enum F<T> {
    Absent,
    Good(T),
    Odd(J),
}

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for F<T> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        // An input that has run out reads 0: absent.
        Ok(match u.arbitrary::<u8>()? {
            0..=111 => F::Absent,
            112..=239 => F::Good(u.arbitrary()?),
            _ => F::Odd(u.arbitrary()?),
        })
    }
}

impl<T> F<T> {
    fn put(&self, obj: &mut Map<String, Value>, key: &str, good: impl FnOnce(&T) -> Value) {
        match self {
            F::Absent => {}
            F::Good(t) => {
                obj.insert(key.to_string(), good(t));
            }
            F::Odd(j) => {
                obj.insert(key.to_string(), j.value(3));
            }
        }
    }
}

/// A field most dashboards have: well typed, or (one time in eight)
/// absent or any JSON value.
#[derive(Debug)]
enum G<T> {
    Good(T),
    Absent,
    Odd(J),
}

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for G<T> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        // An input that has run out reads 0: well typed.
        Ok(match u.arbitrary::<u8>()? {
            0..=223 => G::Good(u.arbitrary()?),
            224..=239 => G::Absent,
            _ => G::Odd(u.arbitrary()?),
        })
    }
}

impl<T> G<T> {
    fn put(&self, obj: &mut Map<String, Value>, key: &str, good: impl FnOnce(&T) -> Value) {
        match self {
            G::Good(t) => {
                obj.insert(key.to_string(), good(t));
            }
            G::Absent => {}
            G::Odd(j) => {
                obj.insert(key.to_string(), j.value(3));
            }
        }
    }
}

/// A uid: mostly a valid one, else any word.
#[derive(Debug, Arbitrary)]
struct Uid(u8, Word);

impl Uid {
    fn text(&self) -> String {
        const UIDS: &[&str] = &["a", "b", "ABC-def_1", "node-exporter", "x_1"];
        if self.0 < 224 {
            UIDS[usize::from(self.0) % UIDS.len()].to_string()
        } else {
            self.1.text(&["a", "", "b", "x/y", "ABC-def_1"])
        }
    }
}

/// Extra keys of an object, from [`KEYS`] or any.
type Extra = Vec<(Word, J)>;

fn extra(obj: &mut Map<String, Value>, extra: &Extra) {
    for (k, v) in extra {
        obj.insert(k.text(KEYS), v.value(4));
    }
}

fn s(w: &Word) -> Value {
    w.text(STRS).into()
}

#[derive(Debug, Arbitrary)]
struct Grid {
    x: N,
    y: N,
    w: N,
    h: N,
}

#[derive(Debug, Arbitrary)]
enum Expr {
    Built(Q),
    Listed(Word),
}

#[derive(Debug, Arbitrary)]
struct Target {
    ref_id: F<Word>,
    expr: F<Expr>,
    legend: F<Word>,
    datasource: F<Pick>,
    hide: F<bool>,
    instant: F<bool>,
    range: F<bool>,
    format: F<Pick>,
    interval: F<Word>,
    exemplar: F<bool>,
    /// A server-side expression (`__expr__`) instead of a query.
    math: Option<(Pick, Word)>,
    extra: Extra,
}

fn target(t: &Target) -> Value {
    let mut o = Map::new();
    t.ref_id.put(&mut o, "refId", |w| {
        w.text(&["A", "B", "C", "", "A", "ERRORS"]).into()
    });
    t.expr.put(&mut o, "expr", |e| match e {
        Expr::Built(q) => q.text().into(),
        Expr::Listed(w) => s(w),
    });
    t.legend.put(&mut o, "legendFormat", |w| {
        w.text(&[
            "{{method}}",
            "{{ queue }}",
            "{{nosuch}}",
            "{{",
            "__auto",
            "{{job}} {{le}}",
        ])
        .into()
    });
    t.datasource.put(&mut o, "datasource", |p| {
        json!({"type": p.of(DS), "uid": p.of(&["prometheus", "${DS}", "-- Grafana --", "__expr__"])})
    });
    t.hide.put(&mut o, "hide", |b| (*b).into());
    t.instant.put(&mut o, "instant", |b| (*b).into());
    t.range.put(&mut o, "range", |b| (*b).into());
    t.format.put(&mut o, "format", |p| {
        p.of(&["time_series", "table", "heatmap", ""]).into()
    });
    t.interval.put(&mut o, "interval", |w| {
        w.text(&["1m", "", "$__interval", "2"]).into()
    });
    t.exemplar.put(&mut o, "exemplar", |b| (*b).into());
    if let Some((kind, e)) = &t.math {
        o.insert(
            "datasource".into(),
            json!({"type": "__expr__", "uid": "__expr__"}),
        );
        o.insert(
            "type".into(),
            kind.of(&[
                "math",
                "reduce",
                "resample",
                "threshold",
                "classic_conditions",
                "sql",
            ])
            .into(),
        );
        o.insert(
            "expression".into(),
            e.text(&["$A * 2", "$A + $B", "${A}", "$ERRORS / $A", "$C", "$", "A"])
                .into(),
        );
    }
    extra(&mut o, &t.extra);
    Value::Object(o)
}

#[derive(Debug, Arbitrary)]
struct Step {
    color: Word,
    value: Option<N>,
}

#[derive(Debug, Arbitrary)]
struct Thresholds {
    mode: Pick,
    steps: Vec<Step>,
}

fn thresholds(t: &Thresholds) -> Value {
    json!({
        "mode": t.mode.of(&["absolute", "percentage", "nosuch"]),
        "steps": t.steps.iter().map(|s| json!({
            "color": s.color.text(&["green", "red", "orange", "#EAB839", "transparent", ""]),
            "value": s.value.as_ref().map_or(Value::Null, N::json),
        })).collect::<Vec<_>>(),
    })
}

#[derive(Debug, Arbitrary)]
struct MapResult {
    text: F<Word>,
    color: F<Word>,
    index: F<N>,
}

fn map_result(r: &MapResult) -> Value {
    let mut o = Map::new();
    r.text.put(&mut o, "text", s);
    r.color.put(&mut o, "color", |w| {
        w.text(&["green", "red", "blue"]).into()
    });
    r.index.put(&mut o, "index", N::json);
    Value::Object(o)
}

#[derive(Debug, Arbitrary)]
enum Mapping {
    Value(Vec<(Word, MapResult)>),
    Range(F<N>, F<N>, MapResult),
    Regex(Word, MapResult),
    Special(Pick, MapResult),
    Other(Pick, J),
}

fn mapping(m: &Mapping) -> Value {
    match m {
        Mapping::Value(vs) => {
            let options: Map<String, Value> = vs
                .iter()
                .map(|(k, r)| (k.text(&["0", "1", "", "up", "-1", "1.5"]), map_result(r)))
                .collect();
            json!({"type": "value", "options": options})
        }
        Mapping::Range(from, to, r) => {
            let mut o = Map::new();
            from.put(&mut o, "from", N::json);
            to.put(&mut o, "to", N::json);
            o.insert("result".into(), map_result(r));
            json!({"type": "range", "options": o})
        }
        Mapping::Regex(p, r) => json!({"type": "regex", "options": {
            "pattern": p.text(&["^err", "(", ".*", "x|y", "\\"]), "result": map_result(r)}}),
        Mapping::Special(p, r) => json!({"type": "special", "options": {
            "match": p.of(SPECIALS), "result": map_result(r)}}),
        Mapping::Other(p, j) => json!({"type": p.of(MAPPING_TYPES), "options": j.value(4)}),
    }
}

#[derive(Debug, Arbitrary)]
struct DataLink {
    title: F<Word>,
    url: F<Word>,
    target_blank: F<bool>,
    extra: Extra,
}

fn data_link(l: &DataLink) -> Value {
    let mut o = Map::new();
    l.title.put(&mut o, "title", s);
    l.url.put(&mut o, "url", s);
    l.target_blank.put(&mut o, "targetBlank", |b| (*b).into());
    extra(&mut o, &l.extra);
    Value::Object(o)
}

#[derive(Debug, Arbitrary)]
struct Defaults {
    unit: F<Word>,
    decimals: F<N>,
    min: F<N>,
    max: F<N>,
    thresholds: F<Thresholds>,
    mappings: F<Vec<Mapping>>,
    color: F<(Pick, Option<Word>, Option<Pick>)>,
    custom: F<Vec<(Pick, J)>>,
    links: F<Vec<DataLink>>,
    no_value: F<Word>,
    display_name: F<Word>,
    extra: Extra,
}

const CUSTOM_KEYS: &[&str] = &[
    "lineWidth",
    "fillOpacity",
    "drawStyle",
    "lineInterpolation",
    "showPoints",
    "pointSize",
    "spanNulls",
    "insertNulls",
    "stacking",
    "axisPlacement",
    "axisLabel",
    "axisSoftMin",
    "axisSoftMax",
    "scaleDistribution",
    "gradientMode",
    "hideFrom",
    "lineStyle",
    "thresholdsStyle",
    "barAlignment",
    "transform",
    "align",
    "cellOptions",
    "displayMode",
    "width",
    "hidden",
    "filterable",
    "inspect",
    "axisColorMode",
    "axisCenteredZero",
    "nosuch",
];

fn defaults(d: &Defaults) -> Value {
    let mut o = Map::new();
    d.unit.put(&mut o, "unit", s);
    d.decimals.put(&mut o, "decimals", N::json);
    d.min.put(&mut o, "min", N::json);
    d.max.put(&mut o, "max", N::json);
    d.thresholds.put(&mut o, "thresholds", thresholds);
    d.mappings
        .put(&mut o, "mappings", |ms| ms.iter().map(mapping).collect());
    d.color.put(&mut o, "color", |(mode, fixed, by)| {
        let mut c = Map::new();
        c.insert("mode".into(), mode.of(COLOR_MODES).into());
        if let Some(f) = fixed {
            c.insert(
                "fixedColor".into(),
                f.text(&["red", "blue", "#123456", ""]).into(),
            );
        }
        if let Some(b) = by {
            c.insert(
                "seriesBy".into(),
                b.of(&["last", "max", "min", "nosuch"]).into(),
            );
        }
        Value::Object(c)
    });
    d.custom.put(&mut o, "custom", |cs| {
        Value::Object(
            cs.iter()
                .map(|(k, v)| (k.of(CUSTOM_KEYS).to_string(), v.value(4)))
                .collect(),
        )
    });
    d.links
        .put(&mut o, "links", |ls| ls.iter().map(data_link).collect());
    d.no_value.put(&mut o, "noValue", s);
    d.display_name.put(&mut o, "displayName", s);
    extra(&mut o, &d.extra);
    Value::Object(o)
}

#[derive(Debug, Arbitrary)]
enum MatcherOptions {
    Name(Word),
    Value(Pick, Pick, N),
    Names(Pick, Vec<Word>),
    Any(J),
}

#[derive(Debug, Arbitrary)]
struct Override {
    matcher: F<(Pick, F<MatcherOptions>)>,
    properties: F<Vec<(Pick, J)>>,
    system_ref: bool,
}

fn over(o: &Override) -> Value {
    let mut m = Map::new();
    o.matcher.put(&mut m, "matcher", |(id, options)| {
        let mut mo = Map::new();
        mo.insert("id".into(), id.of(MATCHERS).into());
        options.put(&mut mo, "options", |opt| match opt {
            MatcherOptions::Name(w) => w.text(&["Total", "A", "cpu", "5..$", "(", "number"]).into(),
            MatcherOptions::Value(r, op, n) => json!({
                "reducer": r.of(&["mean", "max", "allIsZero", "allIsNull", "nosuch"]),
                "op": op.of(&["gt", "gte", "lt", "lte", "eq", "neq", "nosuch"]),
                "value": n.json(),
            }),
            MatcherOptions::Names(mode, names) => json!({
                "mode": mode.of(&["exclude", "include", "nosuch"]),
                "names": names.iter().map(|w| w.text(&["cpu", "Total", ""])).collect::<Vec<_>>(),
                "prefix": "All except:",
                "readOnly": true,
            }),
            MatcherOptions::Any(j) => j.value(4),
        });
        Value::Object(mo)
    });
    o.properties.put(&mut m, "properties", |ps| {
        ps.iter()
            .map(|(id, v)| json!({"id": id.of(PROPERTY_IDS), "value": v.value(4)}))
            .collect()
    });
    if o.system_ref {
        m.insert("__systemRef".into(), "hideSeriesFrom".into());
    }
    Value::Object(m)
}

#[derive(Debug, Arbitrary)]
struct Transformation {
    id: Pick,
    options: F<Vec<(Word, J)>>,
    disabled: F<bool>,
}

const TRANSFORM_KEYS: &[&str] = &[
    "excludeByName",
    "includeByName",
    "indexByName",
    "renameByName",
    "reducers",
    "mode",
    "includeTimeField",
    "labelsToFields",
    "include",
    "exclude",
    "names",
    "pattern",
    "fields",
    "sort",
    "field",
    "desc",
    "alias",
    "reduce",
    "binary",
    "left",
    "right",
    "operator",
    "replaceFields",
    "byField",
    "regex",
    "renamePattern",
    "limitField",
    "keepLabels",
    "valueLabel",
    "",
];

fn transformation(t: &Transformation) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), t.id.of(TRANSFORMS).into());
    t.options.put(&mut o, "options", |os| {
        Value::Object(
            os.iter()
                .map(|(k, v)| (k.text(TRANSFORM_KEYS), v.value(4)))
                .collect(),
        )
    });
    t.disabled.put(&mut o, "disabled", |b| (*b).into());
    Value::Object(o)
}

/// Keys of the panels of Grafana before version 7 (graph, singlestat,
/// table-old, the Angular heatmap), with values built from any JSON.
const LEGACY_KEYS: &[&str] = &[
    "yaxes",
    "yaxis",
    "xaxis",
    "seriesOverrides",
    "aliasColors",
    "fill",
    "fillGradient",
    "linewidth",
    "lines",
    "bars",
    "points",
    "pointradius",
    "stack",
    "percentage",
    "steppedLine",
    "nullPointMode",
    "legend",
    "thresholds",
    "timeRegions",
    "tooltip",
    "valueName",
    "colors",
    "valueMaps",
    "rangeMaps",
    "mappingType",
    "format",
    "sparkline",
    "gauge",
    "prefix",
    "postfix",
    "colorBackground",
    "colorValue",
    "nullText",
    "styles",
    "columns",
    "transform",
    "sort",
    "dataFormat",
    "cards",
    "color",
    "yAxis",
    "yBucketBound",
    "reverseYBuckets",
    "hideZeroBuckets",
    "highlightCards",
    "heatmap",
    "xBucketNumber",
    "yBucketNumber",
    "yBucketSize",
    "xBucketSize",
    "tooltipDecimals",
    "decimals",
    "dashes",
    "dashLength",
    "spaceLength",
    "legendLink",
    "renderer",
    "content",
    "mode",
    "minSpan",
    "span",
    "height",
    "transparent",
    "repeatIteration",
    "scopedVars",
    "repeatPanelId",
];

/// A legacy y axis: format, min, max, log base, shown.
type Axis = (F<Word>, F<N>, F<N>, F<N>, F<bool>);

#[derive(Debug, Arbitrary)]
enum Legacy {
    Axes(Vec<Axis>),
    Overrides(Vec<Vec<(Pick, J)>>),
    Styles(Vec<Vec<(Pick, J)>>),
    Legend(Vec<(Pick, bool)>),
    Thresholds(Vec<(Pick, F<N>, bool)>),
    SinglestatThresholds(Word),
    Key(Pick, J),
}

const OVERRIDE_KEYS: &[&str] = &[
    "alias",
    "color",
    "fill",
    "linewidth",
    "yaxis",
    "stack",
    "dashes",
    "lines",
    "bars",
    "points",
    "legend",
    "hiddenSeries",
    "transform",
    "zindex",
    "fillBelowTo",
    "nullPointMode",
];
const STYLE_KEYS: &[&str] = &[
    "pattern",
    "type",
    "unit",
    "decimals",
    "colorMode",
    "thresholds",
    "colors",
    "alias",
    "dateFormat",
    "mappingType",
    "valueMaps",
    "rangeMaps",
    "link",
    "linkUrl",
    "align",
    "sanitize",
];

fn legacy(l: &Legacy, o: &mut Map<String, Value>) {
    let pairs = |ps: &Vec<(Pick, J)>, keys: &[&str]| -> Value {
        Value::Object(
            ps.iter()
                .map(|(k, v)| (k.of(keys).to_string(), v.value(4)))
                .collect(),
        )
    };
    match l {
        Legacy::Axes(axes) => {
            let list: Vec<Value> = axes
                .iter()
                .map(|(format, min, max, log, show)| {
                    let mut a = Map::new();
                    format.put(&mut a, "format", s);
                    min.put(&mut a, "min", N::json);
                    max.put(&mut a, "max", N::json);
                    log.put(&mut a, "logBase", N::json);
                    show.put(&mut a, "show", |b| (*b).into());
                    Value::Object(a)
                })
                .collect();
            o.insert("yaxes".into(), list.into());
        }
        Legacy::Overrides(list) => {
            let v: Vec<Value> = list.iter().map(|p| pairs(p, OVERRIDE_KEYS)).collect();
            o.insert("seriesOverrides".into(), v.into());
        }
        Legacy::Styles(list) => {
            let v: Vec<Value> = list.iter().map(|p| pairs(p, STYLE_KEYS)).collect();
            o.insert("styles".into(), v.into());
        }
        Legacy::Legend(keys) => {
            let l: Map<String, Value> = keys
                .iter()
                .map(|(k, b)| {
                    let key = k.of(&[
                        "show",
                        "values",
                        "min",
                        "max",
                        "avg",
                        "current",
                        "total",
                        "alignAsTable",
                        "rightSide",
                        "hideEmpty",
                        "hideZero",
                        "sort",
                        "sortDesc",
                    ]);
                    (key.to_string(), Value::Bool(*b))
                })
                .collect();
            o.insert("legend".into(), l.into());
        }
        Legacy::Thresholds(list) => {
            let v: Vec<Value> = list
                .iter()
                .map(|(op, value, fill)| {
                    let mut t = Map::new();
                    t.insert("op".into(), op.of(&["gt", "lt", "nosuch"]).into());
                    value.put(&mut t, "value", N::json);
                    t.insert("fill".into(), (*fill).into());
                    t.insert(
                        "colorMode".into(),
                        op.of(&["critical", "warning", "ok", "custom"]).into(),
                    );
                    Value::Object(t)
                })
                .collect();
            o.insert("thresholds".into(), v.into());
        }
        Legacy::SinglestatThresholds(w) => {
            o.insert(
                "thresholds".into(),
                w.text(&[
                    "50,80",
                    "",
                    "1",
                    "a,b",
                    "80,50",
                    "1,2,3",
                    ",",
                    "-9e300,9e300",
                ])
                .into(),
            );
        }
        Legacy::Key(k, v) => {
            o.insert(k.of(LEGACY_KEYS).into(), v.value(3));
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Panel {
    kind: G<Pick>,
    id: F<N>,
    title: G<Word>,
    description: F<Word>,
    grid: F<Grid>,
    datasource: F<Pick>,
    targets: F<Vec<Target>>,
    defaults: F<Defaults>,
    overrides: F<Vec<Override>>,
    options: F<Vec<(Word, J)>>,
    transformations: F<Vec<Transformation>>,
    links: F<Vec<DataLink>>,
    legacy: Vec<Legacy>,
    collapsed: F<bool>,
    /// The panels of a (collapsed) row.
    inner: F<Vec<Panel>>,
    repeat: F<Word>,
    repeat_direction: F<Pick>,
    max_per_row: F<N>,
    /// Copies of this panel (many panels from few bytes).
    copies: u8,
    extra: Extra,
}

const OPTION_KEYS: &[&str] = &[
    "legend",
    "tooltip",
    "reduceOptions",
    "orientation",
    "textMode",
    "colorMode",
    "graphMode",
    "justifyMode",
    "displayMode",
    "valueMode",
    "showThresholdMarkers",
    "showThresholdLabels",
    "content",
    "mode",
    "code",
    "showHeader",
    "sortBy",
    "footer",
    "cellHeight",
    "calculate",
    "color",
    "yAxis",
    "cellValues",
    "rowsFrame",
    "filterValues",
    "showValue",
    "cellGap",
    "exemplars",
    "pieType",
    "displayLabels",
    "barWidth",
    "xTickLabelRotation",
    "bucketCount",
    "mergeValues",
    "rowHeight",
    "viewMode",
    "groupMode",
    "maxItems",
    "sortOrder",
    "stateFilter",
    "alertName",
    "dashboardAlerts",
    "alertInstanceLabelFilter",
    "showInactive",
    "folder",
    "nosuch",
];

fn panel(p: &Panel, depth: usize, out: &mut Vec<Value>) {
    let mut o = Map::new();
    p.kind.put(&mut o, "type", |k| k.of(PANEL_TYPES).into());
    p.id.put(&mut o, "id", N::json);
    p.title.put(&mut o, "title", |w| {
        w.text(&["Load", "", "Load", "  ", "$job"]).into()
    });
    p.description.put(&mut o, "description", s);
    p.grid.put(
        &mut o,
        "gridPos",
        |g| json!({"x": g.x.json(), "y": g.y.json(), "w": g.w.json(), "h": g.h.json()}),
    );
    p.datasource.put(&mut o, "datasource", |d| d.of(DS).into());
    p.targets
        .put(&mut o, "targets", |ts| ts.iter().map(target).collect());
    let mut fc = Map::new();
    p.defaults.put(&mut fc, "defaults", defaults);
    p.overrides
        .put(&mut fc, "overrides", |os| os.iter().map(over).collect());
    if !fc.is_empty() {
        o.insert("fieldConfig".into(), Value::Object(fc));
    }
    p.options.put(&mut o, "options", |os| {
        Value::Object(
            os.iter()
                .map(|(k, v)| (k.text(OPTION_KEYS), v.value(4)))
                .collect(),
        )
    });
    p.transformations.put(&mut o, "transformations", |ts| {
        ts.iter().map(transformation).collect()
    });
    p.links
        .put(&mut o, "links", |ls| ls.iter().map(data_link).collect());
    for l in &p.legacy {
        legacy(l, &mut o);
    }
    p.collapsed.put(&mut o, "collapsed", |b| (*b).into());
    if depth < 4 {
        p.inner.put(&mut o, "panels", |ps| {
            let mut v = Vec::new();
            for q in ps {
                panel(q, depth + 1, &mut v);
            }
            Value::Array(v)
        });
    }
    p.repeat.put(&mut o, "repeat", |w| {
        w.text(&["job", "nosuch", "", "instance"]).into()
    });
    p.repeat_direction
        .put(&mut o, "repeatDirection", |d| d.of(&["h", "v", "x"]).into());
    p.max_per_row.put(&mut o, "maxPerRow", N::json);
    extra(&mut o, &p.extra);
    let v = Value::Object(o);
    // Copies at the top two levels only: the text stays within a small
    // multiple of the input.
    let copies = if depth <= 1 { p.copies % 8 } else { 0 };
    for _ in 0..usize::from(copies) {
        out.push(v.clone());
    }
    out.push(v);
}

#[derive(Debug, Arbitrary)]
struct Variable {
    kind: F<Pick>,
    name: F<Word>,
    label: F<Word>,
    query: F<(bool, Word)>,
    built: Option<Q>,
    datasource: F<Pick>,
    current: F<(Word, Vec<Word>, bool)>,
    options: F<Vec<(Word, Word, bool)>>,
    multi: F<bool>,
    include_all: F<bool>,
    all_value: F<Word>,
    regex: F<Word>,
    sort: F<N>,
    refresh: F<N>,
    hide: F<N>,
    auto: F<bool>,
    filters: F<Vec<(Word, Pick, Word)>>,
    extra: Extra,
}

fn variable(v: &Variable) -> Value {
    let mut o = Map::new();
    v.kind.put(&mut o, "type", |k| k.of(VAR_TYPES).into());
    v.name.put(&mut o, "name", |w| {
        w.text(&[
            "job",
            "instance",
            "window",
            "datasource",
            "filters",
            "1bad",
            "",
            "__x",
        ])
        .into()
    });
    v.label.put(&mut o, "label", s);
    match &v.built {
        Some(q) => {
            o.insert("query".into(), q.text().into());
        }
        None => v.query.put(&mut o, "query", |(object, w)| {
            if *object {
                json!({"query": w.text(STRS), "refId": "PrometheusVariableQueryEditor-VariableQuery"})
            } else {
                s(w)
            }
        }),
    }
    v.datasource.put(&mut o, "datasource", |d| d.of(DS).into());
    v.current
        .put(&mut o, "current", |(text, values, selected)| {
            let value = if values.is_empty() {
                text.text(STRS).into()
            } else {
                Value::Array(values.iter().map(s).collect())
            };
            json!({"text": text.text(STRS), "value": value, "selected": selected})
        });
    v.options.put(&mut o, "options", |os| {
        os.iter()
            .map(|(t, val, sel)| json!({"text": t.text(STRS), "value": val.text(STRS), "selected": sel}))
            .collect()
    });
    v.multi.put(&mut o, "multi", |b| (*b).into());
    v.include_all.put(&mut o, "includeAll", |b| (*b).into());
    v.all_value.put(&mut o, "allValue", s);
    v.regex.put(&mut o, "regex", s);
    v.sort.put(&mut o, "sort", N::json);
    v.refresh.put(&mut o, "refresh", N::json);
    v.hide.put(&mut o, "hide", N::json);
    v.auto.put(&mut o, "auto", |b| (*b).into());
    v.filters.put(&mut o, "filters", |fs| {
        fs.iter()
            .map(|(k, op, val)| {
                json!({"key": k.text(STRS), "operator": op.of(&["=", "!=", "=~", "!~", "<"]), "value": val.text(STRS)})
            })
            .collect()
    });
    extra(&mut o, &v.extra);
    Value::Object(o)
}

#[derive(Debug, Arbitrary)]
struct Annotation {
    name: F<Word>,
    builtin: F<N>,
    datasource: F<Pick>,
    enable: F<bool>,
    hide: F<bool>,
    color: F<Word>,
    expr: F<Expr>,
    step: F<Word>,
    title: F<Word>,
    text: F<Word>,
    tag_keys: F<Word>,
    tags: F<Vec<Word>>,
    kind: F<Pick>,
    match_any: F<bool>,
    limit: F<N>,
    extra: Extra,
}

fn annotation(a: &Annotation) -> Value {
    let mut o = Map::new();
    a.name.put(&mut o, "name", |w| {
        w.text(&["Annotations & Alerts", "deploys", "", "flux events"])
            .into()
    });
    a.builtin.put(&mut o, "builtIn", N::json);
    a.datasource.put(&mut o, "datasource", |d| {
        if d.0 % 2 == 0 {
            d.of(DS).into()
        } else {
            json!({"type": d.of(DS), "uid": d.of(DS)})
        }
    });
    a.enable.put(&mut o, "enable", |b| (*b).into());
    a.hide.put(&mut o, "hide", |b| (*b).into());
    a.color.put(&mut o, "iconColor", s);
    a.expr.put(&mut o, "expr", |e| match e {
        Expr::Built(q) => q.text().into(),
        Expr::Listed(w) => s(w),
    });
    a.step.put(&mut o, "step", s);
    a.title.put(&mut o, "titleFormat", s);
    a.text.put(&mut o, "textFormat", s);
    a.tag_keys.put(&mut o, "tagKeys", s);
    a.tags.put(&mut o, "tags", |ts| {
        ts.iter()
            .map(|w| Value::from(w.text(&["release", "", "deploy"])))
            .collect()
    });
    a.kind.put(&mut o, "type", |k| {
        k.of(&["dashboard", "tags", "alert", "nosuch"]).into()
    });
    a.match_any.put(&mut o, "matchAny", |b| (*b).into());
    a.limit.put(&mut o, "limit", N::json);
    extra(&mut o, &a.extra);
    Value::Object(o)
}

#[derive(Debug, Arbitrary)]
struct DashLink {
    kind: F<Pick>,
    title: F<Word>,
    url: F<Word>,
    tags: F<Vec<Word>>,
    flags: Vec<(Pick, bool)>,
    icon: F<Word>,
    extra: Extra,
}

fn dash_link(l: &DashLink) -> Value {
    let mut o = Map::new();
    l.kind.put(&mut o, "type", |k| {
        k.of(&["link", "dashboards", "nosuch"]).into()
    });
    l.title.put(&mut o, "title", s);
    l.url.put(&mut o, "url", s);
    l.tags.put(&mut o, "tags", |ts| ts.iter().map(s).collect());
    for (k, b) in &l.flags {
        o.insert(
            k.of(&["asDropdown", "keepTime", "includeVars", "targetBlank"])
                .into(),
            (*b).into(),
        );
    }
    l.icon.put(&mut o, "icon", |w| {
        w.text(&["external link", "dashboard", "bolt", "nosuch"])
            .into()
    });
    extra(&mut o, &l.extra);
    Value::Object(o)
}

/// A schema version: mostly one the importer reads, else any value.
#[derive(Debug)]
enum Version {
    Read(u8),
    Other(F<N>),
}

impl<'a> Arbitrary<'a> for Version {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let v: u8 = u.arbitrary()?;
        Ok(if v < 224 {
            Version::Read(v)
        } else {
            Version::Other(u.arbitrary()?)
        })
    }
}

#[derive(Debug, Arbitrary)]
struct LegacyRow {
    title: F<Word>,
    collapse: F<bool>,
    height: F<N>,
    show_title: F<bool>,
    repeat: F<Word>,
    panels: F<Vec<Panel>>,
    extra: Extra,
}

#[derive(Debug, Arbitrary)]
struct Dash {
    wrapped: bool,
    uid: G<Uid>,
    title: G<Word>,
    schema_version: Version,
    panels: F<Vec<Panel>>,
    rows: F<Vec<LegacyRow>>,
    templating: F<Vec<Variable>>,
    annotations: F<Vec<Annotation>>,
    links: F<Vec<DashLink>>,
    time: F<(Word, Word)>,
    refresh: F<Word>,
    tags: F<Vec<Word>>,
    graph_tooltip: F<N>,
    timezone: F<Word>,
    extra: Extra,
    with_catalog: bool,
    /// A second dashboard in the same import (uids and names shared).
    second: Option<Box<Dash>>,
}

fn dashboard(d: &Dash) -> Value {
    let mut o = Map::new();
    d.uid.put(&mut o, "uid", |u| u.text().into());
    d.title
        .put(&mut o, "title", |w| w.text(&["A", "Nodes", "A", ""]).into());
    match &d.schema_version {
        Version::Read(v) => {
            o.insert("schemaVersion".into(), (12 + i64::from(*v % 31)).into());
        }
        Version::Other(f) => f.put(&mut o, "schemaVersion", N::json),
    }
    d.panels.put(&mut o, "panels", |ps| {
        let mut v = Vec::new();
        for p in ps {
            panel(p, 0, &mut v);
        }
        Value::Array(v)
    });
    d.rows.put(&mut o, "rows", |rs| {
        rs.iter()
            .map(|r| {
                let mut ro = Map::new();
                r.title
                    .put(&mut ro, "title", |w| w.text(&["Row", "", "$job"]).into());
                r.collapse.put(&mut ro, "collapse", |b| (*b).into());
                r.height.put(&mut ro, "height", N::json);
                r.show_title.put(&mut ro, "showTitle", |b| (*b).into());
                r.repeat
                    .put(&mut ro, "repeat", |w| w.text(&["job", "nosuch"]).into());
                r.panels.put(&mut ro, "panels", |ps| {
                    let mut v = Vec::new();
                    for p in ps {
                        panel(p, 1, &mut v);
                    }
                    Value::Array(v)
                });
                extra(&mut ro, &r.extra);
                Value::Object(ro)
            })
            .collect()
    });
    d.templating.put(
        &mut o,
        "templating",
        |vs| json!({ "list": vs.iter().map(variable).collect::<Vec<_>>() }),
    );
    d.annotations.put(
        &mut o,
        "annotations",
        |a| json!({ "list": a.iter().map(annotation).collect::<Vec<_>>() }),
    );
    d.links
        .put(&mut o, "links", |ls| ls.iter().map(dash_link).collect());
    d.time.put(&mut o, "time", |(from, to)| {
        json!({"from": from.text(&["now-6h", "now-1d/d", "", "2024-01-01T00:00:00Z"]), "to": to.text(&["now", "now/d", "x"])})
    });
    d.refresh.put(&mut o, "refresh", |w| {
        w.text(&["30s", "", "1m", "false"]).into()
    });
    d.tags.put(&mut o, "tags", |ts| ts.iter().map(s).collect());
    d.graph_tooltip.put(&mut o, "graphTooltip", N::json);
    d.timezone.put(&mut o, "timezone", s);
    extra(&mut o, &d.extra);
    let root = Value::Object(o);
    if d.wrapped {
        json!({ "dashboard": root, "meta": {} })
    } else {
        root
    }
}

/// What one import gave, comparable between two runs.
type Outcome = Result<(String, String), Vec<String>>;

fn run(texts: &[(&str, String)], with_catalog: bool) -> Outcome {
    let inputs: Vec<Input<'_>> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let paths = [
        "catalogs/django-prometheus.prom".to_string(),
        "catalogs/upstream.prom".to_string(),
    ];
    let options = if with_catalog {
        Options {
            catalog_paths: &paths,
            catalog: Some(common::real_catalog()),
        }
    } else {
        Options::default()
    };
    match import(&inputs, &options) {
        Ok(imported) => Ok((imported.source, imported.body)),
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without an error");
            for e in &errors {
                let Some((_, text)) = texts.iter().find(|(name, _)| *name == e.file) else {
                    panic!("an error naming no file of the input: {e}");
                };
                assert!(!e.message.is_empty(), "an error without a message: {e:?}");
                // A file over the size cap is refused unread: it has no
                // path to name.
                let object = text.len() <= MAX_DASHBOARD_BYTES
                    && serde_json::from_str::<Value>(text).is_ok_and(|v| v.is_object());
                if object {
                    assert!(
                        e.pointer.starts_with('/'),
                        "an error about a JSON object without a JSON path: {e}"
                    );
                }
                if e.pointer.starts_with("/panels/") && !e.pointer.contains("/gridPos") {
                    assert!(
                        e.panel.is_some(),
                        "a panel's error that names no panel: {e}"
                    );
                }
            }
            Err(errors.iter().map(ToString::to_string).collect())
        }
    }
}

fn check(texts: &[(&str, String)], with_catalog: bool) {
    let first = run(texts, with_catalog);
    let again = run(texts, with_catalog);
    assert_eq!(first, again, "two imports of the same input differed");
    if let Ok((_, body)) = &first {
        // The catalog paths are relative to dashboards-def/; without a
        // catalog the source says `catalog: []` and any base does.
        let base = defs_dir();
        let out = compile_set_str(body, Path::new(&base));
        if let Some(d) = out.diagnostics.first() {
            panic!("imported, but the source does not compile: {d}\n{body}");
        }
        assert_eq!(out.value.len(), texts.len(), "one dashboard per input");
    }
}

fuzz_target!(|bytes: &[u8]| {
    // Input starting with `{` is the JSON text itself (the seeds are real
    // dashboards); any other input is read as a structure.
    if bytes.first() == Some(&b'{') {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check(&[("fuzz.json", text.to_string())], false);
        }
        return;
    }
    let mut u = arbitrary::Unstructured::new(bytes.get(1..).unwrap_or_default());
    let Ok(d) = Dash::arbitrary(&mut u) else {
        return;
    };
    let mut texts = vec![("a.json", dashboard(&d).to_string())];
    if let Some(second) = &d.second {
        texts.push(("b.json", dashboard(second).to_string()));
    }
    check(&texts, d.with_catalog);
});
