//! The short forms of Grafana's options, `series` overrides, value
//! mappings and exemplars from text: each error with its message and
//! line:column (`check`, `check_compiled` of `tests.rs`), and what each
//! form renders, every rendered panel valid for `schema::validate_panel_json`.

use super::tests::{base, check, check_compiled};
use super::*;
use serde_json::{json, Value};

/// The panels of a dashboard that compiles without diagnostics, each
/// checked against Grafana's schema of its kind.
fn rendered_panels(input: &str) -> Vec<Value> {
    let out = compile_dashboard_str(input, &base());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let text = out
        .value
        .and_then(|c| c.json)
        .expect("a dashboard without errors renders");
    let json: Value = serde_json::from_str(&text).expect("rendered JSON parses");
    let panels = json["panels"].as_array().cloned().unwrap_or_default();
    for p in &panels {
        let kind = crate::schema::panel_kind(p["type"].as_str().unwrap_or(""));
        assert_eq!(
            crate::schema::validate_panel_json(kind, p),
            Vec::new(),
            "{}",
            p["title"]
        );
    }
    panels
}

#[test]
fn timeseries_styling_renders_at_grafanas_paths() {
    let panels = rendered_panels(
        r#"uid: "a", title: "A", catalog: [],
timeseries "T" {
    unit: "s",
    fill_opacity: 15.5, line_width: 0, gradient_mode: scheme, show_points: always,
    point_size: 6, draw_style: points, line_interpolation: step_before,
    span_nulls: true, insert_nulls: "30s", field_transform: negative_y,
    tooltip: none, tooltip_sort: none,
    axis_label: "latency", axis_placement: hidden, axis_soft_min: -1.5, axis_soft_max: 3,
    log_scale: 10, no_value: "-", display_name: "p95", max_data_points: 100,
    _ => "up",
}"#,
    );
    let p = &panels[0];
    let custom = &p["fieldConfig"]["defaults"]["custom"];
    assert_eq!(custom["fillOpacity"], json!(15.5));
    assert_eq!(custom["lineWidth"], json!(0));
    assert_eq!(custom["gradientMode"], json!("scheme"));
    assert_eq!(custom["showPoints"], json!("always"));
    assert_eq!(custom["pointSize"], json!(6));
    assert_eq!(custom["drawStyle"], json!("points"));
    assert_eq!(custom["lineInterpolation"], json!("stepBefore"));
    assert_eq!(custom["spanNulls"], json!(true));
    assert_eq!(custom["insertNulls"], json!(30_000));
    assert_eq!(custom["transform"], json!("negative-Y"));
    assert_eq!(custom["axisLabel"], json!("latency"));
    assert_eq!(custom["axisPlacement"], json!("hidden"));
    assert_eq!(custom["axisSoftMin"], json!(-1.5));
    assert_eq!(custom["axisSoftMax"], json!(3));
    assert_eq!(
        custom["scaleDistribution"],
        json!({"log": 10, "type": "log"})
    );
    // What the short forms leave alone keeps the DSL's defaults.
    assert_eq!(custom["barAlignment"], json!(0));
    assert_eq!(
        p["options"]["tooltip"],
        json!({"hideZeros": false, "mode": "none", "sort": "none"})
    );
    assert_eq!(p["fieldConfig"]["defaults"]["noValue"], json!("-"));
    assert_eq!(p["fieldConfig"]["defaults"]["displayName"], json!("p95"));
    assert_eq!(p["maxDataPoints"], json!(100));
}

#[test]
fn stat_gauge_and_bar_gauge_modes_render() {
    let panels = rendered_panels(
        r#"uid: "a", title: "A", catalog: [],
stat "S" {
    unit: "s", color_mode: background_solid, graph_mode: line, text_mode: name,
    justify_mode: center, orientation: vertical, calcs: ["lastNotNull", "p99"], values: true, limit: 3,
    _ => "up",
}
gauge "G" { unit: "s", show_threshold_markers: false, show_threshold_labels: true, fields: "/.*/", _ => "up" }
bargauge "B" { unit: "s", display_mode: basic, value_mode: hidden, legend_sort_desc: false, _ => "up" }"#,
    );
    assert_eq!(panels[0]["options"]["colorMode"], json!("background_solid"));
    assert_eq!(panels[0]["options"]["graphMode"], json!("line"));
    assert_eq!(panels[0]["options"]["textMode"], json!("name"));
    assert_eq!(panels[0]["options"]["justifyMode"], json!("center"));
    assert_eq!(panels[0]["options"]["orientation"], json!("vertical"));
    assert_eq!(
        panels[0]["options"]["reduceOptions"],
        json!({"calcs": ["lastNotNull", "p99"], "fields": "", "limit": 3, "values": true})
    );
    assert_eq!(panels[1]["options"]["showThresholdMarkers"], json!(false));
    assert_eq!(panels[1]["options"]["showThresholdLabels"], json!(true));
    assert_eq!(
        panels[1]["options"]["reduceOptions"]["fields"],
        json!("/.*/")
    );
    assert_eq!(panels[2]["options"]["displayMode"], json!("basic"));
    assert_eq!(panels[2]["options"]["valueMode"], json!("hidden"));
    assert_eq!(panels[2]["options"]["legend"]["sortDesc"], json!(false));
}

#[test]
fn series_overrides_render_grafanas_matchers_and_properties() {
    let panels = rendered_panels(
        r#"uid: "a", title: "A", catalog: [],
timeseries "T" {
    unit: "s",
    series "Total" { color: "red", stacking: none }
    series regex "cache.*" { hidden: true, color: palette_classic }
    series query B { unit: "bytes", decimals: 0, axis_placement: right, line_width: 2 }
    series type time { display_name: "When" },
    "{{a}}" => "up",
    "{{b}}" => "up" { exemplar: true },
}
table "Tab" {
    unit: "s", instant: true, format: table,
    series "Value" { width: 80, align: center, cell: sparkline, unit: "percent" }
    series "job" { hidden: true }
    _ => "up",
}"#,
    );
    assert_eq!(
        panels[0]["fieldConfig"]["overrides"],
        json!([
            {
                "matcher": {"id": "byName", "options": "Total"},
                "properties": [
                    {"id": "color", "value": {"fixedColor": "red", "mode": "fixed"}},
                    {"id": "custom.stacking", "value": {"group": "A", "mode": "none"}},
                ],
            },
            {
                "matcher": {"id": "byRegexp", "options": "cache.*"},
                "properties": [
                    {"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": true}},
                    {"id": "color", "value": {"mode": "palette-classic"}},
                ],
            },
            {
                "matcher": {"id": "byFrameRefID", "options": "B"},
                "properties": [
                    {"id": "unit", "value": "bytes"},
                    {"id": "decimals", "value": 0},
                    {"id": "custom.axisPlacement", "value": "right"},
                    {"id": "custom.lineWidth", "value": 2},
                ],
            },
            {
                "matcher": {"id": "byType", "options": "time"},
                "properties": [{"id": "displayName", "value": "When"}],
            },
        ])
    );
    assert_eq!(panels[0]["targets"][1]["exemplar"], json!(true));
    assert!(panels[0]["targets"][0].get("exemplar").is_none());
    assert_eq!(
        panels[1]["fieldConfig"]["overrides"][0]["properties"],
        json!([
            {"id": "custom.width", "value": 80},
            {"id": "custom.align", "value": "center"},
            {"id": "custom.cellOptions", "value": {"drawStyle": "line", "type": "sparkline"}},
            {"id": "unit", "value": "percent"},
        ])
    );
    assert_eq!(
        panels[1]["fieldConfig"]["overrides"][1]["properties"],
        json!([{"id": "custom.hidden", "value": true}])
    );
}

#[test]
fn value_mappings_render_in_order() {
    let panels = rendered_panels(
        r##"uid: "a", title: "A", catalog: [],
stat "S" {
    unit: "none",
    mappings: [
        value "1" => "UP" { color: "green" },
        value 0 => "DOWN" { color: "red" },
        range ..0 => "negative",
        range 100.5.. => { color: "#ff00ff" },
        regex "/^x/i" => "x",
        null => "N/A",
        empty => "blank",
    ],
    _ => "up",
}"##,
    );
    assert_eq!(
        panels[0]["fieldConfig"]["defaults"]["mappings"],
        json!([
            {"options": {"1": {"color": "green", "index": 0, "text": "UP"}}, "type": "value"},
            {"options": {"0": {"color": "red", "index": 1, "text": "DOWN"}}, "type": "value"},
            {"options": {"from": null, "result": {"index": 2, "text": "negative"}, "to": 0}, "type": "range"},
            {"options": {"from": 100.5, "result": {"color": "#ff00ff", "index": 3}, "to": null}, "type": "range"},
            {"options": {"pattern": "/^x/i", "result": {"index": 4, "text": "x"}}, "type": "regex"},
            {"options": {"match": "null", "result": {"index": 5, "text": "N/A"}}, "type": "special"},
            {"options": {"match": "empty", "result": {"index": 6, "text": "blank"}}, "type": "special"},
        ])
    );
}

#[test]
fn a_short_form_applies_to_the_kinds_whose_schema_has_its_path() {
    check(
        r#"uid: "a", title: "A",
stat "S" { unit: "s", fill_opacity: 10, tooltip: single, _ => "up" }
timeseries "T" { unit: "s", graph_mode: none, display_mode: lcd, show_threshold_markers: true, _ => "up" }
table "Tab" { unit: "s", calcs: ["mean"], cell: auto, _ => "up" }
text "X" { content: "x", max_data_points: 10, no_value: "-" }"#,
        r#"
2:23: `fill_opacity` does not apply to a stat panel (Grafana's `fieldConfig.defaults.custom.fillOpacity`, which only timeseries, barchart, histogram, state_timeline, status_history panels have): remove it
2:41: `tooltip` does not apply to a stat panel (Grafana's `options.tooltip.mode`, which only timeseries, heatmap, piechart, barchart, histogram, state_timeline, status_history panels have): remove it
3:29: `graph_mode` does not apply to a timeseries panel (Grafana's `options.graphMode`, which only stat panels have): remove it
3:47: `display_mode` does not apply to a timeseries panel (Grafana's `options.displayMode`, which only bargauge panels have): remove it; a timeseries panel's own `display_mode` is Grafana's `options.legend.displayMode`, written by the `legend` option: write `legend: { mode: table, placement: right, calcs: [..] }` instead
3:66: `show_threshold_markers` does not apply to a timeseries panel (Grafana's `options.showThresholdMarkers`, which only gauge panels have): remove it
4:26: `calcs` does not apply to a table panel (Grafana's `options.reduceOptions.calcs`, which only stat, gauge, bargauge, piechart panels have): remove it
4:49: expected one of `sparkline`, `gauge`, `color_background`
5:26: `max_data_points` does not apply to a text panel (Grafana's `maxDataPoints`, which only timeseries, stat, gauge, bargauge, table, heatmap, piechart, barchart, histogram, state_timeline, status_history panels have): remove it
5:47: `no_value` does not apply to a text panel (Grafana's `fieldConfig.defaults.noValue`, which only timeseries, stat, gauge, bargauge, table, heatmap, piechart, barchart, histogram, state_timeline, status_history panels have): remove it
"#,
    );
}

#[test]
fn short_form_values_are_checked() {
    check(
        r#"uid: "a", title: "A",
timeseries "T" {
    unit: "s",
    draw_style: bar,
    fill_opacity: 150,
    line_width: "2",
    span_nulls: "1x",
    insert_nulls: maybe,
    log_scale: 3,
    tooltip: multiple,
    axis_label: label,
    _ => "up",
}
stat "S" { unit: "s", calcs: ["avg"], limit: 0, text_mode: value_name, _ => "up" }
table "Tab" { unit: "s", cell: color_txt, _ => "up" }"#,
        r#"
4:17: expected one of `line`, `bars`, `points`; did you mean `bars`?
5:19: 150 is out of range for `fill_opacity`: use 0 to 100
6:17: expected a number, e.g. `5` or `0.5`
7:17: "1x" is not a duration: write `true`, `false` or a duration such as "30s", "5m" or "1h" (Grafana's threshold, in milliseconds)
8:19: expected `true` or `false`
9:16: a log scale has base 2 or 10, not 3: write `log_scale: 2` or `log_scale: 10`
10:14: expected one of `single`, `multi`, `none`
11:17: expected the value of `axis_label` as a string literal: write "label"
14:31: unknown calculation "avg": write "mean" (Grafana reads "avg" as an old alias of it); expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
14:46: 0 is out of range for `limit`: use 1 to 5000
14:60: expected one of `auto`, `value`, `value_and_name`, `name`, `none`
15:32: expected one of `sparkline`, `gauge`, `color_background`
"#,
    );
}

#[test]
fn a_short_form_is_set_once_and_misspellings_are_suggested() {
    check(
        r#"uid: "a", title: "A",
timeseries "T" { unit: "s", fill_opacity: 10, fill_opacity: 20, lin_width: 2, tooltip_sorted: asc, _ => "up" }"#,
        r#"
2:47: duplicate option `fill_opacity`: it is already set in this panel; keep one
2:65: unknown panel option `lin_width`; did you mean `line_width`?
2:79: unknown panel option `tooltip_sorted`; did you mean `tooltip_sort`?
"#,
    );
}

#[test]
fn set_on_a_short_form_path_names_the_short_form() {
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
timeseries "T" {
    unit: "s",
    set: {
        "fieldConfig.defaults.custom.lineWidth": 2,
        "options.tooltip.mode": "single",
        "options.legend.sortBy": "Max",
        "fieldConfig.overrides": [],
        "fieldConfig.defaults.mappings": [],
        "maxDataPoints": 100,
        "fieldConfig.defaults.custom.scaleDistribution.log": 2,
        "options.tooltip": {},
    },
    _ => "up" { set: { "exemplar": true } },
}
stat "S" { unit: "s", set: { "options.colorMode": "none", "options.reduceOptions.values": true }, _ => "up" }"#,
        r#"
5:9: `set` path "fieldConfig.defaults.custom.lineWidth" on a timeseries panel is written by the `line_width` option: write `line_width: 2` instead
6:9: `set` path "options.tooltip.mode" lies inside "options.tooltip", also set in this block: put the value into "options.tooltip"'s object, or drop one of them
7:9: `set` path "options.legend.sortBy" on a timeseries panel is written by the `legend_sort_by` option: write `legend_sort_by: "Max"` instead
8:9: `set` path "fieldConfig.overrides" on a timeseries panel is written by the panel's `series .. { .. }` blocks: write `series "Name" { color: "red" }` (or `series regex ".."`, `series query B`, `series type number`) instead
9:9: `set` path "fieldConfig.defaults.mappings" on a timeseries panel is written by the `mappings` option: write `mappings: [value "1" => "UP", null => "N/A"]` instead
10:9: `set` path "maxDataPoints" on a timeseries panel is written by the `max_data_points` option: write `max_data_points: 100` instead
11:9: `set` path "fieldConfig.defaults.custom.scaleDistribution.log" on a timeseries panel is written by the `log_scale` option: write `log_scale: 10` instead
12:9: `set` path "options.tooltip" on a timeseries panel would replace "options.tooltip.mode", which the `tooltip` option writes: set the keys below "options.tooltip" one by one instead
14:24: `set` path "exemplar" on a Prometheus query is written by the `exemplar` option: write `exemplar: true` instead
16:30: `set` path "options.colorMode" on a stat panel is written by the `color_mode` option: write `color_mode: none` instead
16:59: `set` path "options.reduceOptions.values" on a stat panel is written by the `values` option: write `values: true` instead
"#,
    );
}

#[test]
fn series_block_errors() {
    check(
        r#"uid: "a", title: "A",
timeseries "T" {
    unit: "s",
    series regx "a" { color: "red" }
    series "a"
    series "b" { colour: "red" }
    series "c" { graph_mode: none }
    series "d" { }
    series type numbr { color: "red" }
    series query { color: "red" }
    series "e" { hidden: [legend, graph] }
    series "f" { color: "reddish", stacking: { mode: normal, grup: "B" } }
    series regex x { color: "red" }
    _ => "up",
}
stat "S" { unit: "s", series "x" { fill_opacity: 10, line_width: 2 }, _ => "up" }
text "X" { content: "x", series "x" { color: "red" } }"#,
        r##"
4:12: expected which series: did you mean `regex`? `series "Name" { .. }`, `series regex "cache.*" { .. }`, `series query B { .. }`, `series type number { .. }`, `series value(mean > 10) { .. }` or `series except ["cpu"] { hidden: [viz] }`
6:5: expected the series options in braces: `series "Total" { color: "red", stacking: none }`
7:18: `graph_mode` is an option of the whole panel, not of some series: move it out of the `series` block
8:5: empty `series` block: give the options of these series, e.g. `series "Total" { color: "red" }`
9:17: expected one of `number`, `string`, `time`, `boolean`, `enum`, `other`; did you mean `number`?
10:18: expected the query's refId after `query`: `series query B { .. }`
11:35: unknown place `graph` to hide a series from: use `legend`, `tooltip` or `viz` (the graph)
12:25: unknown color "reddish": use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"
12:62: unknown stacking option `grup`; did you mean `group`?
13:18: expected the regex as a string after `regex`: `series regex "cache.*" { .. }`
16:36: `fill_opacity` does not apply to a stat panel (Grafana's `fieldConfig.defaults.custom.fillOpacity`, which only timeseries, barchart, histogram, state_timeline, status_history panels have): remove it
16:54: `line_width` does not apply to a stat panel (Grafana's `fieldConfig.defaults.custom.lineWidth`, which only timeseries, barchart, histogram, state_timeline, status_history panels have): remove it
17:26: a text panel shows no series (it shows Markdown): remove the `series` block
"##,
    );
}

#[test]
fn series_matchers_are_checked_against_the_panel() {
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
timeseries "T" {
    unit: "s",
    series query C { color: "red" }
    series regex "(cache" { color: "red" }
    series regex "*x" { color: "red" }
    series " " { color: "red" }
    "{{a}}" => "up",
    "{{b}}" => "up",
}"#,
        r#"
4:18: `series query C`: panel "T" has no query C; its queries are A, B (lettered in order)
5:18: series regex "(cache": the `(` at character 1 is never closed: add `)`, or write `\(` for a literal `(`
6:18: series regex "*x": the `*` at character 1 has nothing to repeat: put it after a character or group, or write `\*`
7:12: empty series name: give the display name of the series, e.g. `series "Total" { .. }`
"#,
    );
}

#[test]
fn mapping_errors() {
    check(
        r#"uid: "a", title: "A",
stat "S" {
    unit: "s",
    mappings: [
        value "1" "UP",
        nul => "N/A",
        range 10..0 => "x",
        range .. => "x",
        value "2" =>,
        value "3" => { colour: "red" },
        value "4" => { color: "nope" },
        nan => 5,
    ],
    _ => "up",
}
text "X" { content: "x", mappings: [null => "-"] }"#,
        r##"
5:9: expected `=>` and what the value shows: `value "1" => "UP"`, `range 0..10 => "low" { color: "green" }`
6:9: unknown mapping `nul`: did you mean `null`? expected `value ".."`, `range a..b`, `regex ".."` or a special value (true, false, null, nan, null_nan, empty)
7:9: the range 10..0 is empty: write the lower bound first
8:9: a range needs at least one end: `range 0..10`, `range ..10` or `range 0..`
9:19: a mapping shows a text, a color or both: write `=> "UP"`, `=> { color: "green" }` or `=> "UP" { color: "green" }`
10:24: unknown mapping option `colour`; did you mean `color`?
11:31: unknown color "nope": use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"
12:16: expected the text shown (a string) and/or `{ color: ".." }` after `=>`
16:26: `mappings` does not apply to a text panel (it shows Markdown, not values): remove it
"##,
    );
}

#[test]
fn mapping_regexes_are_checked() {
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
stat "S" { unit: "s", mappings: [regex "[a-" => "x", regex "/a/z" => "y"], _ => "up" }"#,
        r#"
2:40: mapping regex "[a-": the `[` at character 1 is never closed: add `]`, or write `\[` for a literal `[`
2:60: mapping regex "/a/z": unknown flag `z` after the closing `/`: JavaScript's flags are g, i, m, s, u and y
"#,
    );
}

#[test]
fn exemplar_is_a_boolean_query_option() {
    check(
        r#"uid: "a", title: "A",
timeseries "T" { unit: "s", _ => "up" { exemplar: 1 }, _ => "up" { exemplars: true } }"#,
        r#"
2:51: expected `true` or `false`
2:68: unknown query option `exemplars`; did you mean `exemplar`?
"#,
    );
}

#[test]
fn heatmap_takes_the_forms_its_schema_has() {
    let panels = rendered_panels(
        r#"uid: "a", title: "A", catalog: [],
heatmap "H" {
    unit: "s", color: green_yellow_red, tooltip: multi, log_scale: 2,
    series "le" { hidden: [tooltip] },
    "{{le}}" => "sum by (le) (rate(x_bucket[5m]))",
}"#,
    );
    let h = &panels[0];
    assert_eq!(h["options"]["tooltip"]["mode"], json!("multi"));
    assert_eq!(
        h["fieldConfig"]["defaults"]["custom"]["scaleDistribution"],
        json!({"log": 2, "type": "log"})
    );
    assert_eq!(
        h["fieldConfig"]["overrides"][0]["properties"][0],
        json!({"id": "custom.hideFrom", "value": {"legend": false, "tooltip": true, "viz": false}})
    );
}
