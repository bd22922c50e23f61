//! `dashc import` on small dashboards: what cannot be carried over is an
//! error naming the panel and the JSON path; queries dashc rejects are kept
//! with `allow`; placement, variables, determinism. The command line is
//! tested in `cli/tests/import_cli.rs`.

use std::path::Path;

use dashc_core::catalog::Catalog;
use dashc_core::dsl::compile_set_str;
use dashc_core::import::{import, ImportError, Imported, Input, Options};
use serde_json::{json, Value};

mod common;

use common::{compiled, dashboard, import_json as run_with, round_trips};

fn run(d: &Value) -> Result<Imported, Vec<ImportError>> {
    run_with(d, &Options::default())
}

fn ts(title: &str, id: u32, pos: (u32, u32, u32, u32), expr: &str) -> Value {
    json!({"type": "timeseries", "id": id, "title": title,
           "gridPos": {"x": pos.0, "y": pos.1, "w": pos.2, "h": pos.3},
           "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []},
           "targets": [{"expr": expr, "refId": "A"}]})
}

#[test]
fn a_panel_type_the_dsl_has_not_is_an_error_naming_panel_and_path() {
    let d = dashboard(json!([
        ts("ok", 1, (0, 0, 12, 8), "up"),
        {"type": "nodeGraph", "id": 7, "title": "Share", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8}}
    ]));
    let errors = run(&d).expect_err("a node graph is not carried over");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.dashboard, "T");
    assert_eq!(e.panel, Some(("Share".to_string(), "7".to_string())));
    assert_eq!(e.pointer, "/panels/1/type");
    assert!(e.message.contains("`nodeGraph` panel"), "{e}");
    assert_eq!(
        e.to_string().split(": a `nodeGraph`").next().unwrap(),
        "d.json: dashboard \"T\", panel \"Share\" (id 7), /panels/1/type"
    );
}

#[test]
fn a_query_of_another_datasource_is_an_error() {
    let mut p = ts("logs", 3, (0, 0, 12, 8), "up");
    p["targets"][0]["datasource"] = json!({"type": "loki", "uid": "L"});
    let errors = run(&dashboard(json!([p]))).expect_err("loki is not carried over");
    assert_eq!(errors[0].pointer, "/panels/0/targets/0/datasource");
    assert!(errors[0].message.contains("\"loki\""), "{}", errors[0]);
    assert_eq!(errors[0].panel.as_ref().map(|p| p.0.as_str()), Some("logs"));
}

#[test]
fn a_value_outside_grafanas_schema_is_an_error_with_its_path() {
    let mut p = ts("x", 4, (0, 0, 12, 8), "up");
    p["fieldConfig"]["defaults"]["custom"] = json!({"lineWidth": "thick"});
    p["madeUp"] = json!(1);
    let errors = run(&dashboard(json!([p]))).expect_err("not in the schema");
    let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert!(
        pointers.contains(&"/panels/0/fieldConfig/defaults/custom/lineWidth"),
        "{pointers:?}"
    );
    assert!(pointers.contains(&"/panels/0/madeUp"), "{pointers:?}");
}

#[test]
fn a_legacy_option_left_on_a_panel_is_dropped_and_listed() {
    let mut p = ts("x", 4, (0, 0, 12, 8), "up");
    p["options"] = json!({"graphMode": "area", "legend": {"showLegend": false}});
    let imported = run(&dashboard(json!([p]))).expect("imports");
    assert!(
        imported
            .adjusted
            .iter()
            .any(|a| a.contains("/panels/0/options/graphMode") && a.contains("dropped")),
        "{:?}",
        imported.adjusted
    );
    let out = compiled(&imported);
    assert_eq!(
        out["panels"][0]["options"]["legend"]["showLegend"],
        json!(false)
    );
    assert!(out["panels"][0]["options"].get("graphMode").is_none());
}

#[test]
fn schema_versions_outside_12_to_42_are_errors() {
    for version in [json!(11), json!(43), Value::Null] {
        let mut d = dashboard(json!([]));
        d["schemaVersion"] = version;
        let errors = run(&d).expect_err("version refused");
        assert_eq!(errors[0].pointer, "/schemaVersion");
        assert!(
            errors[0].message.contains("reads versions 12 to 42"),
            "{}",
            errors[0]
        );
    }
    let mut d = dashboard(json!([]));
    d["schemaVersion"] = json!(12);
    run(&d).expect("version 12 is read");
}

#[test]
fn unreadable_files_are_errors() {
    for (text, expected) in [("{", "not valid JSON"), ("[1]", "not a JSON object")] {
        let errors = import(
            &[Input {
                name: "bad.json",
                text,
            }],
            &Options::default(),
        )
        .expect_err("no dashboard");
        assert!(errors[0].message.contains(expected), "{}", errors[0]);
        assert_eq!(errors[0].file, "bad.json");
    }
}

#[test]
fn a_dashboard_over_a_cap_is_an_error_naming_the_list_and_the_dashboard() {
    let variables: Vec<Value> = (0..=dashc_core::limits::MAX_VARIABLES)
        .map(|i| json!({"type": "constant", "name": format!("v{i}"), "query": "x"}))
        .collect();
    let mut d = dashboard(json!([]));
    d["templating"] = json!({ "list": variables });
    let errors = run(&d).expect_err("over the cap");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].pointer, "/templating/list", "{}", errors[0]);
    assert_eq!(errors[0].dashboard, "T", "{}", errors[0]);
    assert!(errors[0].message.contains("MAX_VARIABLES"), "{}", errors[0]);
    let panels: Vec<Value> = (0..=dashc_core::limits::MAX_PANELS)
        .map(|i| json!({"type": "text", "id": i}))
        .collect();
    let errors = run(&dashboard(json!(panels))).expect_err("over the cap");
    assert_eq!(errors[0].pointer, "/panels", "{}", errors[0]);
    assert!(errors[0].message.contains("MAX_PANELS"), "{}", errors[0]);
}

#[test]
fn a_multi_value_variable_under_equals_is_kept_with_allow() {
    let mut d = dashboard(json!([ts("Up", 1, (0, 0, 12, 8), "up{job=\"$job\"}")]));
    d["templating"] = json!({"list": [{"type": "query", "name": "job", "query": "label_values(up, job)", "multi": true, "includeAll": true, "refresh": 1, "sort": 0}]});
    let imported = run(&d).expect("imports");
    assert!(
        imported.source.contains("allow: [\"multi-value\"]"),
        "{}",
        imported.source
    );
    assert!(
        imported
            .source
            .contains("// allowed `multi-value`: `$job` is a multi-value variable"),
        "{}",
        imported.source
    );
    assert_eq!(imported.allowed.len(), 1);
    let a = &imported.allowed[0];
    assert_eq!(
        (a.rule.as_str(), a.ref_id.as_str(), a.pointer.as_str()),
        ("multi-value", "A", "/panels/0/targets/0/expr")
    );
    assert_eq!(a.panel.0, "Up");
    let out = compiled(&imported);
    assert_eq!(
        out["panels"][0]["targets"][0]["expr"],
        json!("up{job=\"$job\"}")
    );
}

#[test]
fn a_query_prometheus_rejects_is_kept_with_allow_promql() {
    let d = dashboard(json!([
        ts("Rollup", 1, (0, 0, 12, 8), "rollup_rate(x[5m])"),
        ts("Fine", 2, (12, 0, 12, 8), "rate(x[5m])")
    ]));
    let imported = run(&d).expect("imports");
    assert_eq!(imported.allowed.len(), 1);
    assert_eq!(imported.allowed[0].rule, "promql");
    assert!(imported.source.contains("allow: [\"promql\"]"));
    compiled(&imported);
}

#[test]
fn a_metric_missing_from_the_catalog_is_kept_with_allow() {
    let catalog =
        Catalog::parse("# TYPE up gauge\nup{job=\"a\"} 1\n", "app.prom").expect("catalog");
    let paths = vec!["app.prom".to_string()];
    let d = dashboard(json!([
        ts("Up", 1, (0, 0, 12, 8), "up"),
        ts("Gone", 2, (12, 0, 12, 8), "sum(rate(gone_total[5m]))")
    ]));
    let imported = run_with(
        &d,
        &Options {
            catalog_paths: &paths,
            catalog: Some(&catalog),
        },
    )
    .expect("imports");
    assert!(
        imported
            .body
            .contains("defaults { catalog: [\"app.prom\"] }"),
        "{}",
        imported.body
    );
    let rules: Vec<(&str, &str)> = imported
        .allowed
        .iter()
        .map(|a| (a.panel.0.as_str(), a.rule.as_str()))
        .collect();
    assert_eq!(rules, [("Gone", "unknown-metric")]);
}

#[test]
fn panels_the_flow_would_not_place_get_x_and_y() {
    let d = dashboard(json!([
        ts("a", 1, (0, 0, 12, 8), "up"),
        ts("b", 2, (12, 0, 12, 8), "up"),
        ts("c", 3, (6, 8, 6, 5), "up"),
        {"type": "row", "id": 9, "title": "R", "collapsed": false, "gridPos": {"x": 0, "y": 20, "w": 24, "h": 1}, "panels": []},
        ts("d", 4, (0, 21, 24, 4), "up")
    ]));
    let imported = run(&d).expect("imports");
    let body = &imported.body;
    // a and b flow; c and the row do not.
    assert_eq!(body.matches("x: ").count(), 1, "{body}");
    assert!(
        body.contains("x: 6, y: 8,") && body.contains("width: 6, height: 5,"),
        "{body}"
    );
    assert!(body.contains("row \"R\" {\n            y: 20,"), "{body}");
    let out = compiled(&imported);
    let grid: Vec<&Value> = out["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["gridPos"])
        .collect();
    assert_eq!(grid[2], &json!({"x": 6, "y": 8, "w": 6, "h": 5}));
    assert_eq!(grid[3], &json!({"x": 0, "y": 20, "w": 24, "h": 1}));
    assert_eq!(grid[4], &json!({"x": 0, "y": 21, "w": 24, "h": 4}));
}

#[test]
fn variables_of_every_kind_round_trip() {
    let mut d = dashboard(json!([ts(
        "Up",
        1,
        (0, 0, 12, 8),
        "up{job=~\"$job\", env=\"$env\"}[$window:] "
    )]));
    d["panels"][0]["targets"][0]["expr"] =
        json!("max_over_time(up{job=~\"$job\", env=\"$env\"}[$window])");
    d["templating"] = json!({"list": [
        {"type": "datasource", "name": "ds", "query": "prometheus"},
        {"type": "query", "name": "job", "label": "Job", "query": {"query": "label_values(up, job)", "refId": "A"}, "definition": "label_values(up, job)", "multi": true, "includeAll": true, "allValue": ".*", "refresh": 2, "sort": 0, "regex": "", "current": {"text": ["All"], "value": ["$__all"]}},
        {"type": "custom", "name": "env", "query": "prod,staging", "hide": 1, "current": {"text": "prod", "value": "prod"}},
        {"type": "interval", "name": "window", "query": "1m,5m", "auto": true, "auto_count": 10, "auto_min": "1m"},
        {"type": "constant", "name": "k", "query": "v", "hide": 2},
        {"type": "textbox", "name": "f", "query": "x"}
    ]});
    let imported = run(&d).expect("imports");
    let body = &imported.body;
    assert!(
        body.contains("job: query \"label_values(up, job)\" {"),
        "{body}"
    );
    assert!(
        body.contains("env: custom [\"prod\", \"staging\"] {"),
        "{body}"
    );
    assert!(
        body.contains("window: interval [\"1m\", \"5m\"] {"),
        "{body}"
    );
    assert!(body.contains("k: constant \"v\""), "{body}");
    assert!(body.contains("f: textbox \"x\""), "{body}");
    assert!(body.contains("\"auto_count\": 10,"), "{body}");
    let out = compiled(&imported);
    let vars = out["templating"]["list"].as_array().unwrap();
    let names: Vec<&str> = vars.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["datasource", "job", "env", "window", "k", "f"]);
    assert_eq!(vars[1]["refresh"], json!(2));
    assert_eq!(vars[1]["sort"], json!(0));
    assert_eq!(vars[3]["auto_min"], json!("1m"));
    assert_eq!(vars[2]["hide"], json!(1));
}

#[test]
fn output_is_deterministic_and_constants_unique() {
    let a = json!({"uid": "api-latency", "title": "API", "schemaVersion": 39, "panels": []});
    let b = json!({"uid": "api_latency", "title": "API 2", "schemaVersion": 39, "panels": []});
    let (ta, tb) = (a.to_string(), b.to_string());
    let inputs = [
        Input {
            name: "a.json",
            text: &ta,
        },
        Input {
            name: "b.json",
            text: &tb,
        },
    ];
    let first = import(&inputs, &Options::default()).expect("imports");
    let second = import(&inputs, &Options::default()).expect("imports");
    assert_eq!(first.source, second.source);
    assert_eq!(first.constants, ["API_LATENCY", "API_LATENCY_2"]);
    let out = compile_set_str(&first.body, Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.value.len(), 2);
    // A uid twice is an error, not a silent rename.
    let inputs = [
        Input {
            name: "a.json",
            text: &ta,
        },
        Input {
            name: "c.json",
            text: &ta,
        },
    ];
    let errors = import(&inputs, &Options::default()).expect_err("uid twice");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].pointer.as_str()),
        ("c.json", "/uid")
    );
}

/// Two dashboards of one title in one set: Grafana refuses the second in
/// the same folder, and so does the set `dashc import` writes; the import
/// says so (it once wrote the set, which then did not compile).
#[test]
fn a_title_twice_is_an_error_naming_the_later_file() {
    let a = json!({"uid": "a", "title": "A", "schemaVersion": 39, "panels": []});
    let b = json!({"uid": "b", "title": "A", "schemaVersion": 39, "panels": []});
    let (ta, tb) = (a.to_string(), b.to_string());
    let inputs = [
        Input {
            name: "a.json",
            text: &ta,
        },
        Input {
            name: "b.json",
            text: &tb,
        },
    ];
    let errors = import(&inputs, &Options::default()).expect_err("title twice");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].pointer.as_str()),
        ("b.json", "/title")
    );
    assert!(errors[0].message.contains("a.json"), "{}", errors[0]);
}

#[test]
fn options_with_a_short_form_are_written_with_it() {
    let mut d = dashboard(json!([
        {"type": "stat", "id": 1, "title": "Up", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "maxDataPoints": 500,
         "options": {"colorMode": "background", "orientation": "horizontal", "graphMode": "none",
                     "reduceOptions": {"calcs": ["mean"], "fields": "", "values": false}},
         "fieldConfig": {"defaults": {
             "mappings": [
                 {"type": "value", "options": {"1": {"text": "UP", "color": "green", "index": 0}}},
                 {"type": "range", "options": {"from": 2, "to": null, "result": {"text": "many", "index": 1}}},
                 {"type": "special", "options": {"match": "null", "result": {"text": "N/A", "index": 2}}}
             ],
             "links": [{"title": "Node", "url": "https://example.com/d?x=${__field.labels.job}", "targetBlank": true}]
         }, "overrides": []},
         "targets": [{"expr": "up", "refId": "A"}]},
        {"type": "timeseries", "id": 2, "title": "Rate", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"custom": {"fillOpacity": 25, "lineInterpolation": "stepBefore", "spanNulls": 3600000}},
                         "overrides": [
                             {"matcher": {"id": "byName", "options": "Total"},
                              "properties": [{"id": "color", "value": {"fixedColor": "red", "mode": "fixed"}},
                                             {"id": "custom.fillOpacity", "value": 0}]},
                             {"matcher": {"id": "byFrameRefID", "options": "B"},
                              "properties": [{"id": "custom.transform", "value": "negative-Y"}]}
                         ]},
         "options": {"tooltip": {"mode": "single", "sort": "asc"}},
         "targets": [{"expr": "sum(rate(http_requests_total[5m]))", "refId": "A"},
                     {"expr": "sum(rate(http_response_bytes_total[5m]))", "refId": "B", "exemplar": true}]},
        {"type": "table", "id": 3, "title": "Jobs", "gridPos": {"x": 0, "y": 8, "w": 12, "h": 8},
         "transformations": [
             {"id": "merge", "options": {}},
             {"id": "organize", "options": {"excludeByName": {"Time": true}, "renameByName": {"Value": "Up"}}},
             {"id": "groupBy", "options": {"fields": {"job": {"aggregations": [], "operation": "groupby"}}}}
         ],
         "targets": [{"expr": "count by (job) (up)", "refId": "A", "format": "table", "instant": true}]},
        {"type": "piechart", "id": 4, "title": "Share", "gridPos": {"x": 12, "y": 8, "w": 12, "h": 8},
         "repeat": "job", "repeatDirection": "h", "maxPerRow": 4,
         "targets": [{"expr": "sum by (job) (up)", "refId": "A"}]},
        {"type": "state-timeline", "id": 5, "title": "States", "gridPos": {"x": 0, "y": 16, "w": 12, "h": 8},
         "targets": [{"expr": "up", "refId": "A"}]}
    ]));
    d["timepicker"] = json!({"refresh_intervals": ["10s", "1m"], "nowDelay": "1m"});
    d["weekStart"] = json!("monday");
    d["fiscalYearStartMonth"] = json!(3);
    d["templating"] = json!({"list": [
        {"type": "query", "name": "job", "query": "label_values(up, job)", "multi": true,
         "includeAll": true, "refresh": 1, "current": {"text": ["a"], "value": ["a"]}}
    ]});
    d["annotations"] = json!({"list": [
        {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true,
         "hide": false, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"},
        {"datasource": {"type": "prometheus", "uid": "x"}, "enable": true, "hide": false,
         "iconColor": "blue", "name": "deploys", "expr": "changes(up[5m]) > 0", "titleFormat": "{{job}}",
         "tagKeys": "job", "step": "60s"}
    ]});
    let imported = run(&d).expect("imports");
    let body = &imported.body;
    for expected in [
        "max_data_points: 500,",
        "color_mode: background,",
        "orientation: horizontal,",
        "graph_mode: none,",
        r#"calcs: ["mean"],"#,
        r#"value "1" => "UP" { color: "green" },"#,
        r#"range 2.. => "many","#,
        r#"null => "N/A","#,
        r#""Node" => "https://example.com/d?x=${__field.labels.job}" { new_tab: true },"#,
        "fill_opacity: 25,",
        "line_interpolation: step_before,",
        r#"span_nulls: "1h","#,
        "tooltip: single,",
        "tooltip_sort: asc,",
        r#"series "Total" { color: "red", fill_opacity: 0 }"#,
        "series query B { transform: negative_y }",
        "exemplar: true",
        "transform: [",
        "merge,",
        r#"organize { exclude: ["Time"], rename: { "Value": "Up" } },"#,
        r#"group_by { "fields": { "job": { "aggregations": [], "operation": "groupby" } } },"#,
        "piechart \"Share\" {",
        "repeat: job { max_per_row: 4 },",
        "state_timeline \"States\" {",
        r#"time_picker: { refresh_intervals: ["10s", "1m"], now_delay: "1m" },"#,
        "week_start: monday,",
        "fiscal_year_start: 3,",
        "refresh: on_load,",
        r#"current: ["a"],"#,
        "builtin: { hide: false },",
        r#"deploys: prometheus "changes(up[5m]) > 0" { color: "blue", title: "{{job}}", tags: ["job"], step: "60s" },"#,
    ] {
        assert!(
            body.contains(expected),
            "`{expected}` missing from:\n{body}"
        );
    }
    assert!(!body.contains("set:"), "{body}");
    round_trips(&d, &imported);
}

#[test]
fn an_override_without_a_series_form_is_an_error_naming_panel_and_path() {
    let mut p = ts("Items", 4, (0, 0, 12, 8), "up");
    // A `byNames` matcher is the legend's only when it is a system override.
    p["fieldConfig"]["overrides"] = json!([
        {"matcher": {"id": "byName", "options": "up"},
         "properties": [{"id": "custom.fillOpacity", "value": 5}]},
        {"matcher": {"id": "byNames", "options": {"mode": "include", "names": ["up"]}},
         "properties": [{"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": false}}]}
    ]);
    let errors = run(&dashboard(json!([p.clone()]))).expect_err("byNames has no DSL form");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].panel,
        Some(("Items".to_string(), "4".to_string()))
    );
    assert_eq!(
        errors[0].pointer,
        "/panels/0/fieldConfig/overrides/1/matcher"
    );
    assert!(errors[0].message.contains("`byNames`"), "{}", errors[0]);
    // A property outside the kind's schema names its own path.
    p["fieldConfig"]["overrides"] = json!([
        {"matcher": {"id": "byName", "options": "up"},
         "properties": [{"id": "custom.lineWidth", "value": "wide"}]}
    ]);
    let errors = run(&dashboard(json!([p.clone()]))).expect_err("a string line width");
    assert_eq!(
        errors[0].pointer,
        "/panels/0/fieldConfig/overrides/0/properties/0"
    );
    assert!(
        errors[0].message.contains("`custom.lineWidth`")
            && errors[0].message.contains("expected number"),
        "{}",
        errors[0]
    );
    // `allIsZero` is true or false: Grafana ignores another comparison,
    // which the DSL does not write.
    p["fieldConfig"]["overrides"] = json!([
        {"matcher": {"id": "byValue", "options": {"op": "gt", "reducer": "allIsZero", "value": 3}},
         "properties": [{"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": false}}]}
    ]);
    let errors = run(&dashboard(json!([p]))).expect_err("a comparison Grafana ignores");
    assert_eq!(
        errors[0].pointer,
        "/panels/0/fieldConfig/overrides/0/matcher"
    );
}

#[test]
fn overrides_by_value_legend_toggles_and_set_properties_round_trip() {
    let mut p = ts("Items", 4, (0, 0, 12, 8), "up");
    p["fieldConfig"]["overrides"] = json!([
        {"matcher": {"id": "byValue", "options": {"op": "gte", "reducer": "allIsZero", "value": 0}},
         "properties": [{"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": false}}]},
        {"matcher": {"id": "byValue", "options": {"op": "lt", "reducer": "mean", "value": -2.5}},
         "properties": [{"id": "color", "value": {"fixedColor": "red", "mode": "fixed"}}]},
        {"__systemRef": "hideSeriesFrom",
         "matcher": {"id": "byNames", "options": {"mode": "exclude", "names": ["up"], "prefix": "All except:", "readOnly": true}},
         "properties": [{"id": "custom.hideFrom", "value": {"legend": false, "tooltip": false, "viz": true}}]},
        {"matcher": {"id": "byName", "options": "up"},
         "properties": [{"id": "custom.lineWidth", "value": 2},
                        {"id": "custom.axisColorMode", "value": "series"},
                        {"id": "custom.axisLabel"},
                        {"id": "custom.stacking", "value": {"group": "B", "mode": "percent"}},
                        {"id": "custom.lineStyle", "value": {"dash": [10, 10], "fill": "dash"}}]}
    ]);
    let d = dashboard(json!([p]));
    let imported = run(&d).expect("imports");
    let body = &imported.body;
    for expected in [
        "series value(allIsZero) { hidden: [legend, tooltip] }",
        r#"series value(mean < -2.5) { color: "red" }"#,
        r#"series except ["up"] { hidden: [viz] }"#,
        r#"series "up" { line_width: 2, set: { "custom.axisColorMode": "series", "custom.axisLabel": null }, stacking: { mode: percent, group: "B" }, line_style: dash }"#,
    ] {
        assert!(
            body.contains(expected),
            "`{expected}` missing from:\n{body}"
        );
    }
    round_trips(&d, &imported);
}

#[test]
fn set_properties_between_short_forms_keep_their_order() {
    let mut p = ts("Items", 4, (0, 0, 12, 8), "up");
    p["fieldConfig"]["overrides"] = json!([
        {"matcher": {"id": "byName", "options": "up"},
         "properties": [{"id": "custom.axisColorMode", "value": "series"},
                        {"id": "custom.lineWidth", "value": 2},
                        {"id": "custom.axisLabel"},
                        {"id": "custom.axisBorderShow", "value": true}]}
    ]);
    let d = dashboard(json!([p]));
    let errors = run(&d).expect_err("the DSL writes a block's `set` entries together");
    assert_eq!(
        errors[0].pointer,
        "/panels/0/fieldConfig/overrides/0/properties/2"
    );
}

#[test]
fn an_annotation_of_another_datasource_is_an_error_naming_its_path() {
    let mut d = dashboard(json!([ts("Up", 1, (0, 0, 12, 8), "up")]));
    d["annotations"] = json!({"list": [
        {"datasource": {"type": "loki", "uid": "l"}, "enable": true, "name": "logs", "target": {"expr": "{job=\"x\"}"}}
    ]});
    let errors = run(&d).expect_err("a Loki annotation is not carried over");
    // Grafana adds its built-in query first on load: the Loki one is item 1.
    assert_eq!(errors[0].pointer, "/annotations/list/1");
    assert!(errors[0].message.contains("\"logs\""), "{}", errors[0]);
}

#[test]
fn a_value_a_short_form_cannot_write_is_carried_with_set() {
    let mut p = ts("Up", 1, (0, 0, 12, 8), "up");
    // 150 is outside `fill_opacity`'s 0-100, so no short form writes it;
    // Grafana's schema takes any number there.
    p["fieldConfig"]["defaults"]["custom"] = json!({"fillOpacity": 150});
    let d = dashboard(json!([p]));
    let imported = run(&d).expect("imports");
    assert!(
        imported
            .body
            .contains(r#""fieldConfig.defaults.custom.fillOpacity": 150,"#),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn an_alert_list_round_trips_with_its_short_forms() {
    // An alert list as Grafana 11 saved it: the state filter without
    // `recovering` (read as its default), the folder as an empty string.
    let d = dashboard(json!([
        {"type": "alertlist", "id": 676, "title": "Alerts",
         "datasource": {"type": "prometheus", "uid": "P"},
         "gridPos": {"x": 0, "y": 0, "w": 3, "h": 7},
         "options": {
             "alertInstanceLabelFilter": "{namespace=~\"$namespace\",pod=~\"$instances\"}",
             "alertName": "", "dashboardAlerts": false, "folder": "", "groupBy": [],
             "groupMode": "default", "maxItems": 20, "sortOrder": 3,
             "stateFilter": {"error": true, "firing": true, "noData": false, "normal": true, "pending": true},
             "viewMode": "stat"}},
        ts("Up", 2, (3, 0, 21, 7), "up")
    ]));
    let imported = run(&d).expect("an alert list imports");
    for part in [
        "alertlist \"Alerts\" {",
        "view_mode: stat",
        "sort_order: 3",
        "label_filter: r#\"{namespace=~\"$namespace\",pod=~\"$instances\"}\"#",
        "\"options.stateFilter.normal\": true",
        "\"options.folder\": \"\"",
    ] {
        assert!(
            imported.body.contains(part),
            "no `{part}` in\n{}",
            imported.body
        );
    }
    assert!(
        !imported.body.contains("max_items") && !imported.body.contains("group_mode"),
        "the editor's defaults are not restated:\n{}",
        imported.body
    );
    round_trips(&d, &imported);
    let out = compiled(&imported);
    let panel = &out["panels"][0];
    assert!(
        panel.get("targets").is_none(),
        "an alert list runs no query: {panel}"
    );
    assert_eq!(panel["options"]["stateFilter"]["recovering"], json!(true));
}

#[test]
fn a_transformation_option_its_short_form_cannot_write_is_kept_as_grafanas() {
    let d = dashboard(json!([
        {"type": "table", "id": 1, "title": "Cfg", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none"}, "overrides": []},
         "targets": [{"expr": "up", "refId": "A", "format": "table", "instant": true}],
         "transformations": [
             {"id": "organize", "options": {
                 "excludeByName": {"Time": true, "__name__": true, "name": false},
                 "indexByName": {"Time": 0, "Value": 9},
                 "renameByName": {"__name__": "", "name": "parameter"}}},
             {"id": "organize", "options": {"excludeByName": {"Time": true}, "indexByName": {}, "renameByName": {}}}]}
    ]));
    let imported = run(&d).expect("imports");
    assert!(
        imported
            .body
            .contains(r#""excludeByName": { "Time": true, "__name__": true, "name": false }"#)
            && imported.body.contains(r#"organize { exclude: ["Time"] }"#),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn a_repeated_text_panel_keeps_its_repeat() {
    let d = json!({"uid": "t", "title": "T", "schemaVersion": 39,
        "templating": {"list": [{"name": "inst", "type": "custom", "query": "a,b", "multi": true,
            "includeAll": true, "current": {"text": ["All"], "value": ["$__all"]}}]},
        "panels": [{"type": "text", "id": 1, "title": "Notes $inst",
            "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "repeat": "inst", "repeatDirection": "v",
            "options": {"mode": "markdown", "content": "hi $inst"}}]});
    let imported = run(&d).expect("imports");
    assert!(
        imported.body.contains("repeat: inst { direction: v }"),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn a_table_footer_of_grafana_8_imports_without_its_empty_field_list() {
    // Grafana 8 saved `"fields": ""` for "every numeric field"; Grafana's
    // schema now has a list there, which is left out the same way.
    let d = dashboard(json!([
        {"type": "table", "id": 1, "title": "Cfg", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none"}, "overrides": []},
         "options": {"footer": {"countRows": false, "fields": "", "reducer": ["sum"], "show": false}},
         "targets": [{"expr": "up", "refId": "A", "format": "table", "instant": true}]}
    ]));
    let imported = run(&d).expect("imports");
    assert!(
        imported.body.contains(
            r#""options.footer": { "countRows": false, "reducer": ["sum"], "show": false }"#
        ),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn a_math_expression_round_trips_with_the_refids_it_names() {
    let d = dashboard(json!([
        {"type": "stat", "id": 1, "title": "Errors", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none"}, "overrides": []},
         "targets": [
             {"expr": "sum(up)", "refId": "BACKUP", "hide": true},
             {"expr": "sum(up) * 2", "refId": "B", "hide": true},
             {"datasource": {"type": "__expr__", "uid": "${DS_EXPRESSION}"},
              "expression": "$BACKUP + ${B} * 10", "hide": false, "refId": "A", "type": "math"}]}
    ]));
    let imported = run(&d).expect("imports");
    for part in [
        r#"_ => "sum(up)" { hide: true, ref_id: "BACKUP" },"#,
        // Lettered in order it would be A (the first letter no other has).
        r#"_ => "sum(up) * 2" { hide: true, ref_id: "B" },"#,
        r#"math "$BACKUP + ${B} * 10","#,
    ] {
        assert!(
            imported.body.contains(part),
            "no `{part}` in\n{}",
            imported.body
        );
    }
    round_trips(&d, &imported);
    let out = compiled(&imported);
    assert_eq!(
        out["panels"][0]["targets"][2]["datasource"]["type"],
        "__expr__"
    );
    assert_eq!(out["panels"][0]["targets"][2]["refId"], "A");
}

#[test]
fn an_expression_the_dsl_cannot_write_is_an_error_with_its_path() {
    let d = dashboard(json!([
        {"type": "stat", "id": 1, "title": "Errors", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "targets": [
             {"expr": "sum(up)", "refId": "A"},
             {"datasource": {"type": "__expr__", "uid": "__expr__"}, "expression": "A",
              "reducer": "last", "refId": "B", "type": "reduce"},
             {"expr": "sum(up)", "refId": "C"}]}
    ]));
    let errors = run(&d).expect_err("a reduce expression is not carried over");
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{shown:#?}");
    assert_eq!(errors[0].pointer, "/panels/0/targets/1");
    assert!(
        errors[0].message.contains("of type \"reduce\""),
        "{}",
        shown[0]
    );
    assert_eq!(errors[1].pointer, "/panels/0/targets/2");
    assert!(
        errors[1].message.contains("after a server-side expression"),
        "{}",
        shown[1]
    );
}

#[test]
fn every_dropped_key_is_in_the_readme_table() {
    use dashc_core::import::{Place, DROPPED};
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&readme_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", readme_path.display()));
    let mut missing = Vec::new();
    for (place, key, why) in DROPPED {
        let row = match place {
            Place::Options => {
                format!("| panel `options`, `fieldConfig.defaults.custom` | {key} | {why} |")
            }
            _ => {
                let name = match place {
                    Place::Dashboard => "dashboard",
                    Place::Panel => "panel",
                    Place::Row => "row",
                    Place::Query => "query",
                    Place::Variable => "variable",
                    Place::TextPanel => "text panel",
                    Place::Annotation => "annotation",
                    _ => "anywhere",
                };
                format!("| {name} | `{key}` |  {why} |")
            }
        };
        if !readme.contains(&row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "README.md's table of dropped keys lacks (or words differently) these rows of `import::DROPPED`:\n{}",
        missing.join("\n")
    );
}

#[test]
fn adhoc_variables_round_trip_and_preset_filters_are_errors() {
    let mut d = dashboard(json!([ts("Up", 1, (0, 0, 12, 8), "up")]));
    d["templating"] = json!({"list": [
        {"type": "datasource", "name": "ds", "query": "prometheus"},
        {"type": "adhoc", "name": "filter", "datasource": {"type": "prometheus", "uid": "${ds}"},
         "filters": [], "baseFilters": [], "hide": 0, "skipUrlSync": false, "label": "Filters"}
    ]});
    let imported = run(&d).expect("imports");
    assert!(
        imported.body.contains("filter: adhoc {") && imported.body.contains("label: \"Filters\""),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);

    let mut preset = d.clone();
    preset["templating"]["list"][1]["filters"] =
        json!([{"key": "job", "operator": "=", "value": "api"}]);
    let errors = run(&preset).expect_err("preset filters are not carried over");
    assert_eq!(errors[0].pointer, "/templating/list/1/filters");
    assert!(
        errors[0].message.contains("1 preset ad hoc filter"),
        "{}",
        errors[0]
    );

    let mut loki = d.clone();
    loki["templating"]["list"][1]["datasource"] = json!({"type": "loki", "uid": "L"});
    let errors = run(&loki).expect_err("a loki ad hoc variable is not carried over");
    assert_eq!(errors[0].pointer, "/templating/list/1/datasource/type");
    assert!(errors[0].message.contains("\"loki\""), "{}", errors[0]);
}

#[test]
fn current_values_as_grafana_saves_and_loads_them() {
    let mut d = dashboard(json!([ts(
        "Up",
        1,
        (0, 0, 12, 8),
        "max_over_time(up{cluster=\"$cluster\", job=\"$job\"}[$interval])"
    )]));
    d["templating"] = json!({"list": [
        // What Grafana saves when the query returned no values.
        {"type": "query", "name": "cluster", "query": "label_values(up, cluster)", "refresh": 0,
         "current": {"isNone": true, "selected": false, "text": "None", "value": ""},
         "options": [{"isNone": true, "selected": true, "text": "None", "value": ""}]},
        // "All" without `includeAll`: Grafana selects the first value on load.
        {"type": "query", "name": "job", "query": "label_values(up, job)", "includeAll": false,
         "current": {"selected": false, "text": "All", "value": "$__all"}},
        // The auto option as Grafana saved it before version 11.
        {"type": "interval", "name": "interval", "query": "1m,5m", "auto": true,
         "current": {"text": "auto", "value": "$__auto_interval_interval"},
         "options": [{"selected": true, "text": "auto", "value": "$__auto_interval_interval"},
                     {"selected": false, "text": "1m", "value": "1m"},
                     {"selected": false, "text": "5m", "value": "5m"}]}
    ]});
    let imported = run(&d).expect("imports");
    let body = &imported.body;
    assert!(body.contains("current: none,"), "{body}");
    assert!(body.contains("current: \"auto\","), "{body}");
    assert_eq!(body.matches("current:").count(), 2, "{body}");
    round_trips(&d, &imported);
    let out = compiled(&imported);
    let vars = &out["templating"]["list"];
    assert_eq!(vars[1]["current"], json!({"text": "None", "value": ""}));
    assert!(vars[2].get("current").is_none(), "{}", vars[2]);
    assert_eq!(
        vars[3]["current"],
        json!({"text": "auto", "value": "$__auto"})
    );
}

#[test]
fn links_without_a_title_and_with_an_icon() {
    let mut d = dashboard(json!([ts("Up", 1, (0, 0, 12, 8), "up")]));
    d["links"] = json!([
        {"icon": "external link", "includeVars": true, "keepTime": true, "tags": ["minio"], "type": "dashboards"},
        {"icon": "doc", "tags": [], "targetBlank": true, "title": "Docs", "type": "link", "url": "https://example.com/docs"}
    ]);
    let imported = run(&d).expect("imports");
    assert!(
        imported
            .body
            .contains("dashboards \"\" { tags: [\"minio\"] },"),
        "{}",
        imported.body
    );
    assert!(imported.body.contains("icon: \"doc\""), "{}", imported.body);
    round_trips(&d, &imported);
    // A dropdown shows its title: without one it is refused.
    d["links"][0]["asDropdown"] = json!(true);
    let errors = run(&d).expect_err("a dropdown without a title");
    assert!(
        errors[0].message.contains("empty link title"),
        "{}",
        errors[0]
    );
}

#[test]
fn annotations_by_tag_round_trip() {
    let mut d = dashboard(json!([ts("Up", 1, (0, 0, 12, 8), "up")]));
    d["annotations"] = json!({"list": [
        {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true,
         "hide": true, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"},
        {"datasource": {"type": "datasource", "uid": "grafana"}, "enable": true, "iconColor": "red",
         "name": "flux events", "target": {"limit": 100, "matchAny": false, "tags": ["flux"], "type": "tags"}},
        {"datasource": "-- Grafana --", "enable": false, "hide": true, "iconColor": "blue",
         "name": "deploys", "target": {"limit": 20, "matchAny": true, "tags": ["deploy", "prod"], "type": "tags"}}
    ]});
    let imported = run(&d).expect("imports");
    let body = &imported.body;
    assert!(
        body.contains("flux_events: tagged [\"flux\"] { name: \"flux events\", color: \"red\" },"),
        "{body}"
    );
    assert!(
        body.contains("deploys: tagged [\"deploy\", \"prod\"] { color: \"blue\", match_any: true, limit: 20, enable: false, hide: true },"),
        "{body}"
    );
    round_trips(&d, &imported);
    d["annotations"]["list"][1]["target"]["tags"] = json!([]);
    let errors = run(&d).expect_err("no tags");
    assert_eq!(errors[0].pointer, "/annotations/list/1/target/tags");
}

#[test]
fn values_grafana_reads_as_others_import_as_those() {
    // Saved by older or hand-edited dashboards, each read by Grafana as
    // the value dashc writes: Grafana 7-9's " + " text of several values,
    // a row's description, a threshold value as a string, a stacking group
    // as a boolean, a key thresholds have not, `regexApplyTo: "value"`, a
    // `custom.` override property and `custom` keys the kind has not, and
    // the old auto interval saved as its own text.
    let d = json!({"uid": "t", "title": "T", "schemaVersion": 39,
    "templating": {"list": [
        {"name": "instance", "type": "query", "query": "label_values(up, instance)",
         "definition": "label_values(up, instance)", "multi": true, "includeAll": false,
         "regex": "", "regexApplyTo": "value", "refresh": 2, "sort": 1, "hide": 0,
         "current": {"text": "a1 + b2", "value": ["a1", "b2"]}, "options": []},
        {"name": "interval", "type": "interval", "query": "1m,5m", "auto": true,
         "auto_count": 30, "auto_min": "10s", "hide": 0,
         "current": {"text": "$__auto_interval_interval", "value": "$__auto_interval_interval"}}]},
    "panels": [
        {"type": "row", "id": 9, "title": "R", "description": "about R", "collapsed": false,
         "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
        {"type": "stat", "id": 1, "title": "S", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none",
             "custom": {"fillOpacity": 10, "lineWidth": 1},
             "thresholds": {"min": 0, "mode": "absolute",
                 "steps": [{"color": "green", "value": 0}, {"color": "red", "value": "80"}]}},
             "overrides": []},
         "targets": [{"expr": "up", "refId": "A"}]},
        {"type": "timeseries", "id": 2, "title": "T", "gridPos": {"x": 12, "y": 1, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "s"}, "overrides": [
             {"matcher": {"id": "byName", "options": "a"}, "properties": [
                 {"id": "custom.stacking", "value": {"group": false, "mode": "normal"}}]}]},
         "targets": [{"expr": "up", "refId": "A"}]},
        {"type": "table", "id": 3, "title": "Tb", "gridPos": {"x": 0, "y": 9, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none"}, "overrides": [
             {"matcher": {"id": "byName", "options": "Time"}, "properties": [
                 {"id": "custom.hideFrom.viz", "value": true}]},
             {"matcher": {"id": "byName", "options": "Value"}, "properties": [
                 {"id": "custom.hideFrom.viz", "value": true}, {"id": "unit", "value": "s"}]}]},
         "targets": [{"expr": "up", "refId": "A", "format": "table", "instant": true}]}
    ]});
    let imported = run(&d).expect("imports");
    for part in [
        r#"current: ["a1", "b2"]"#,
        r#"current: "auto""#,
        r#"series "a" { stacking: { mode: normal, group: "false" } }"#,
        r#"series "Value" { unit: "s" }"#,
    ] {
        assert!(
            imported.body.contains(part),
            "no `{part}` in\n{}",
            imported.body
        );
    }
    for gone in [
        "description",
        "regexApplyTo",
        "hideFrom",
        "fillOpacity",
        "\"min\"",
    ] {
        assert!(
            !imported.body.contains(gone),
            "`{gone}` in\n{}",
            imported.body
        );
    }
    assert!(
        imported.adjusted.iter().any(|a| a.contains(
            "/fieldConfig/overrides: dropped the `custom.` properties a `table` panel has not"
        )),
        "{:#?}",
        imported.adjusted
    );
    round_trips(&d, &imported);
}

#[test]
fn keys_of_an_angular_panel_beside_the_current_options_are_dropped_and_listed() {
    let d = dashboard(json!([
        {"type": "table", "id": 1, "title": "Tb", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "styles": [{"pattern": "Time", "type": "hidden"}], "columns": [],
         "fieldConfig": {"defaults": {"unit": "none"}, "overrides": []},
         "targets": [{"expr": "up", "refId": "A", "format": "table", "instant": true}]}
    ]));
    let imported = run(&d).expect("imports");
    assert!(!imported.body.contains("styles"), "{}", imported.body);
    let listed: Vec<&String> = imported
        .adjusted
        .iter()
        .filter(|a| a.contains("a `table` panel has no such key"))
        .collect();
    assert_eq!(listed.len(), 2, "{:#?}", imported.adjusted);
    round_trips(&d, &imported);
}

#[test]
fn a_value_mapping_of_several_values_stays_one_mapping() {
    let d = dashboard(json!([
        {"type": "stat", "id": 1, "title": "S", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none", "mappings": [
             {"options": {"False": {"color": "red", "index": 1, "text": "Not Ready"},
                          "True": {"color": "green", "index": 0, "text": "Ready"}}, "type": "value"},
             {"options": {"match": "null", "result": {"text": "N/A", "index": 2}}, "type": "special"}]},
             "overrides": []},
         "targets": [{"expr": "up", "refId": "A"}]}
    ]));
    let imported = run(&d).expect("imports");
    assert!(
        imported.body.contains(r#"values { "False" => "Not Ready" { color: "red", index: 1 }, "True" => "Ready" { color: "green", index: 0 } },"#),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn an_annotation_query_dashc_rejects_and_a_link_variable_the_dashboard_lacks_are_kept_with_allow() {
    let d = json!({"uid": "t", "title": "T", "schemaVersion": 39,
        "annotations": {"list": [
            {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true,
             "hide": true, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"},
            {"datasource": {"type": "prometheus", "uid": "P"}, "enable": true, "iconColor": "red",
             "name": "version", "expr": "sum by (version) (up) offset 1h", "step": "1m"}]},
        "panels": [
            {"type": "timeseries", "id": 1, "title": "Up", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "fieldConfig": {"defaults": {"unit": "short", "links": [
                 {"title": "Details", "url": "/d/x?var-ds=$ds&${__url_time_range}"}]}, "overrides": []},
             "targets": [{"expr": "up", "refId": "A"}]}]});
    let imported = run(&d).expect("imports");
    let rules: Vec<(&str, &str)> = imported
        .allowed
        .iter()
        .map(|a| (a.rule.as_str(), a.pointer.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            ("promql", "/annotations/list/1/expr"),
            ("link-variable", "/panels/0")
        ],
        "{:#?}",
        imported.allowed
    );
    assert!(
        imported.allowed[0].to_string().contains(
            "dashboard \"T\", annotation version, /annotations/list/1/expr: allowed `promql`"
        ),
        "{}",
        imported.allowed[0]
    );
    assert!(
        imported.body.contains(r#"allow: ["promql"]"#),
        "{}",
        imported.body
    );
    assert!(
        imported.body.contains(r#"allow: ["link-variable"]"#),
        "{}",
        imported.body
    );
    // Each kept with the reason as a comment above it, the annotation too.
    let lines: Vec<&str> = imported.body.lines().map(str::trim).collect();
    let version = lines
        .iter()
        .position(|l| l.starts_with("version: prometheus"))
        .expect("the annotation's line");
    assert!(
        lines[..version]
            .iter()
            .rev()
            .take_while(|l| l.starts_with("//"))
            .any(|l| l.starts_with("// allowed `promql`: ")),
        "{}",
        imported.body
    );
    assert!(
        imported.body.contains("// allowed `link-variable`: "),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn a_heatmap_axis_bound_saved_as_a_string_is_its_number() {
    let d = dashboard(json!([
        {"type": "heatmap", "id": 1, "title": "H", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "options": {"calculate": false, "yAxis": {"axisPlacement": "left", "min": "0", "max": "10"}},
         "targets": [{"expr": "sum by (le) (rate(x_bucket[5m]))", "refId": "A", "format": "heatmap"}]}
    ]));
    let imported = run(&d).expect("imports");
    let out = compiled(&imported);
    assert_eq!(out["panels"][0]["options"]["yAxis"]["min"], json!(0));
    assert_eq!(out["panels"][0]["options"]["yAxis"]["max"], json!(10));
    round_trips(&d, &imported);
}

#[test]
fn grafana_7_mapping_ids_and_a_special_mapping_matching_nothing_are_read_as_grafana_does() {
    let d = dashboard(json!([
        {"type": "stat", "id": 3, "title": "Health", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none", "mappings": [
             {"id": 0, "options": {"0": {"text": "HEALTHY"}, "1": {"text": "WARNING"}}, "type": "value"},
             {"id": 1, "options": {"match": null, "result": {"text": "N/A"}}, "type": "special"}]},
             "overrides": []},
         "targets": [{"expr": "up", "refId": "A"}]},
        {"type": "timeseries", "id": 4, "title": "Mem", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "bytes", "custom": {
             "scaleDistribution": {"log": 2, "type": "log", "scaleDistributionLog": 2}}}, "overrides": []},
         "targets": [{"expr": "up", "refId": "A"}]}
    ]));
    let imported = run(&d).expect("imports");
    assert!(
        imported.body.contains(r#"mappings: ["#)
            && imported
                .body
                .contains(r#"values { "0" => "HEALTHY", "1" => "WARNING" },"#)
            && !imported.body.contains("N/A"),
        "{}",
        imported.body
    );
    assert!(imported.body.contains("log_scale: 2"), "{}", imported.body);
    round_trips(&d, &imported);
}

/// Titles with control characters and Unicode's text-direction marks:
/// the comments dashc writes (the doc comment above a dashboard, the note
/// above an `allow`) show them escaped, so the source still reads as Rust
/// (a lone carriage return in a doc comment does not) and holds no mark
/// that `rustc` refuses in a comment.
#[test]
fn titles_with_control_characters_and_direction_marks_are_escaped_in_comments() {
    for title in ["\r\0o", "a\rb", "x\u{202e}y", "\u{2066}tab\tend"] {
        let mut d = dashboard(json!([
            {"type": "timeseries", "id": 1, "title": title,
             "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []}}
        ]));
        d["title"] = json!(title);
        let imported = run(&d).expect("imports");
        for c in ['\r', '\0', '\u{202e}', '\u{2066}'] {
            assert!(
                !imported.source.contains(c),
                "{c:?} written as is:\n{}",
                imported.source
            );
        }
        let out = compiled(&imported);
        assert_eq!(out["title"], json!(title));
        assert_eq!(out["panels"][0]["title"], json!(title));
    }
}

/// A string with a quote or a backslash is written raw (`r#".."#`) only
/// when nothing in it needs an escape: a text-direction mark, which
/// `rustc` refuses in any literal, goes into an escaped literal instead.
#[test]
fn strings_with_quotes_and_direction_marks_are_written_escaped() {
    for title in ["say \"hi\"\u{202e}", "a\\b\u{2067}", "\"\u{200f}\""] {
        let mut d = dashboard(json!([
            {"type": "text", "id": 1, "title": title,
             "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "options": {"mode": "markdown", "content": title}}
        ]));
        d["title"] = json!(title);
        let imported = run(&d).expect("imports");
        for c in ['\u{202e}', '\u{2067}', '\u{200f}'] {
            assert!(
                !imported.source.contains(c),
                "{c:?} written as is:\n{}",
                imported.source
            );
        }
        let out = compiled(&imported);
        assert_eq!(out["title"], json!(title));
        assert_eq!(out["panels"][0]["options"]["content"], json!(title));
    }
}

/// A value nested deeper than the DSL writes (`schema::MAX_DEPTH` levels)
/// is an error naming the panel and the JSON path where it goes too deep;
/// the import once wrote it, and the source did not compile.
#[test]
fn a_value_nested_deeper_than_the_dsl_writes_is_an_error_with_its_path() {
    let mut deep = json!("x");
    for _ in 0..dashc_core::schema::MAX_DEPTH {
        deep = json!({ "options": deep });
    }
    let d = dashboard(json!([
        {"type": "table", "id": 7, "title": "Deep",
         "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
         "fieldConfig": {"defaults": {"unit": "none"}, "overrides": []},
         "targets": [{"expr": "up", "refId": "A", "format": "table", "instant": true}],
         "transformations": [{"id": "concatenate", "options": {"": deep}}]}
    ]));
    let errors = run(&d).expect_err("too deep for the DSL");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.panel, Some(("Deep".to_string(), "7".to_string())), "{e}");
    assert!(
        e.pointer
            .starts_with("/panels/0/transformations/0/options//options/options"),
        "{e}"
    );
    assert!(e.message.contains("MAX_DEPTH"), "{e}");
    // One level less imports and compiles.
    let mut shallow = json!("x");
    for _ in 0..dashc_core::schema::MAX_DEPTH - 8 {
        shallow = json!({ "options": shallow });
    }
    let mut d = d;
    d["panels"][0]["transformations"][0]["options"] = json!({ "": shallow });
    compiled(&run(&d).expect("imports"));
}

/// A string holding a quote followed by 255 `#` or more cannot be a raw
/// literal (Rust allows at most 255 `#`): it is written escaped. The import
/// once wrote `r###..."` with more, and the source did not compile.
#[test]
fn a_string_with_a_quote_and_a_long_run_of_hashes_is_written_escaped() {
    for hashes in [254, 255, 300] {
        let title = format!("say \"{}\"", "#".repeat(hashes));
        let mut d = dashboard(json!([
            {"type": "text", "id": 1, "title": title,
             "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "options": {"mode": "markdown", "content": title}}
        ]));
        d["title"] = json!(title);
        let out = compiled(&run(&d).expect("imports"));
        assert_eq!(out["title"], json!(title));
        assert_eq!(out["panels"][0]["options"]["content"], json!(title));
    }
}
