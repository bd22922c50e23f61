//! The forms of `panel_forms.rs`, `transforms.rs`, `annotations.rs` and
//! `dashboard_forms.rs`, and the panel kinds piechart, barchart,
//! histogram, state_timeline and status_history: each form from a string
//! to its diagnostics (`line:column: message`) or to its JSON, and every
//! rendered dashboard through Grafana's schema
//! (`schema::validate_dashboard_json`).
//!
//! `DASHC_DSL_ACTUAL=<dir>` writes what each diagnostics test got to
//! `<dir>/<test name>`, as in `tests.rs`.

use super::tests::{base, compare, shown};
use super::*;
use serde_json::{json, Value};

/// Compiles a `dashboard!` body without catalog and compares its
/// diagnostics (parse and checks) with `expect`.
pub(super) fn check(body: &str, expect: &str) {
    let input = format!("uid: \"f\", title: \"F\", catalog: [],\n{body}");
    let out = compile_dashboard_str(&input, &base());
    compare(&input, &shown(&out.diagnostics), expect);
}

/// Compiles a `dashboard!` body without catalog, which must have no error;
/// returns its JSON after checking it against Grafana's schema.
pub(super) fn render(body: &str) -> Value {
    render_allowing(body, &[])
}

/// [`render`], but schema findings of the kinds `allowed` pass (`unit:
/// as_is` writes a unit id Grafana does not know, on purpose).
pub(super) fn render_allowing(body: &str, allowed: &[&str]) -> Value {
    let input = format!("uid: \"f\", title: \"F\", catalog: [],\n{body}");
    let out = compile_dashboard_str(&input, &base());
    assert!(
        out.diagnostics.is_empty(),
        "{input}\n{:?}",
        out.diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    let text = out.value.and_then(|c| c.json).expect("renders");
    let json: Value = serde_json::from_str(&text).expect("rendered JSON parses");
    let findings: Vec<_> = crate::schema::validate_dashboard_json(&json)
        .into_iter()
        .filter(|f| !allowed.contains(&f.problem.kind()))
        .collect();
    assert!(
        findings.is_empty(),
        "{input}\nschema findings: {findings:#?}\n{text}"
    );
    json
}

// Panel kinds.

#[test]
fn new_panel_kinds_render_with_grafanas_defaults_and_pass_the_schema() {
    let d = render(
        r#"
piechart "Share" { unit: "percent", legend: { mode: table, placement: right }, "{{job}}" => "sum by (job) (up)" }
barchart "Bars" { unit: "short", instant: true, format: table, "{{job}}" => "sum by (job) (up)" }
histogram "Spread" { unit: "s", stacking: normal, _ => "scrape_duration_seconds" }
state_timeline "States" { unit: "none", thresholds: [red, green: 1], _ => "up" }
status_history "History" { unit: "none", color: "blue", legend: hidden, _ => "up" }
"#,
    );
    let panels = d["panels"].as_array().expect("panels");
    let types: Vec<&str> = panels.iter().filter_map(|p| p["type"].as_str()).collect();
    assert_eq!(
        types,
        [
            "piechart",
            "barchart",
            "histogram",
            "state-timeline",
            "status-history"
        ]
    );
    let pie = &panels[0];
    assert_eq!(pie["options"]["pieType"], "pie");
    assert_eq!(pie["options"]["legend"]["displayMode"], "table");
    assert_eq!(pie["options"]["legend"]["placement"], "right");
    assert_eq!(pie["options"]["legend"]["values"], json!([]));
    assert_eq!(
        pie["options"]["reduceOptions"]["calcs"],
        json!(["lastNotNull"])
    );
    assert_eq!(
        pie["fieldConfig"]["defaults"]["color"]["mode"],
        "palette-classic"
    );
    assert_eq!(pie["fieldConfig"]["defaults"]["unit"], "percent");
    let bars = &panels[1];
    assert_eq!(bars["options"]["orientation"], "auto");
    assert_eq!(bars["fieldConfig"]["defaults"]["custom"]["fillOpacity"], 80);
    assert_eq!(bars["targets"][0]["format"], "table");
    let histogram = &panels[2];
    assert_eq!(
        histogram["fieldConfig"]["defaults"]["custom"]["stacking"],
        json!({"group": "A", "mode": "normal"})
    );
    let states = &panels[3];
    assert_eq!(states["options"]["mergeValues"], true);
    assert_eq!(
        states["fieldConfig"]["defaults"]["thresholds"]["steps"],
        json!([{"color": "red", "value": null}, {"color": "green", "value": 1}])
    );
    assert_eq!(
        states["fieldConfig"]["defaults"]["color"]["mode"],
        "thresholds"
    );
    let history = &panels[4];
    assert_eq!(history["options"]["legend"]["showLegend"], false);
    assert_eq!(
        history["fieldConfig"]["defaults"]["color"],
        json!({"fixedColor": "blue", "mode": "fixed"})
    );
    for p in panels {
        let kind = crate::schema::panel_kind(p["type"].as_str().unwrap_or(""));
        assert!(kind.is_some(), "a core panel kind: {}", p["type"]);
        assert_eq!(crate::schema::validate_panel_json(kind, p), Vec::new());
    }
}

#[test]
fn new_panel_kinds_take_their_schema_options_through_set() {
    let d = render(
        r#"
piechart "Share" { unit: "short", set: { "options.pieType": "donut", "options.displayLabels": ["percent"] }, _ => "up" }
histogram "Spread" { unit: "s", set: { "options.bucketCount": 20 }, _ => "up" }
"#,
    );
    assert_eq!(d["panels"][0]["options"]["pieType"], "donut");
    assert_eq!(d["panels"][1]["options"]["bucketCount"], 20);
}

#[test]
fn new_panel_kinds_errors() {
    check(
        r#"
piechart "Share" { unit: "short", stacking: normal, _ => "up" }
histogram "H" { unit: "s", bucket_count: 3, _ => "up" }
state_timeline "S" { _ => "up" }
pie_chart "P" { unit: "s", _ => "up" }
"#,
        r##"
3:35: `stacking` does not apply to a piechart panel (Grafana's `fieldConfig.defaults.custom.stacking`, which only timeseries, histogram panels have): remove it
4:28: `bucket_count` is Grafana's `options.bucketCount`; it has no short form in the DSL: write `set: { "options.bucketCount": .. }`
6:1: unknown panel kind `pie_chart`; did you mean `piechart`? expected one of: timeseries, stat, gauge, bargauge, table, heatmap, text, piechart, barchart, histogram, state_timeline, status_history, alertlist
5:16: panel "S" has no `unit`: every panel states what its numbers are, e.g. `unit: "reqps"` (or "none")
"##,
    );
}

#[test]
fn text_panel_modes() {
    let d = render(
        r#"
text "Notes" { content: "<b>hi</b>", mode: html }
text "Config" { content: "{\"a\": 1}", mode: code { language: json } }
text "Plain" { content: "x", mode: code }
text "Default" { content: "*x*" }
"#,
    );
    let mode = |i: usize| {
        (
            d["panels"][i]["options"]["mode"].clone(),
            d["panels"][i]["options"]["code"]["language"].clone(),
        )
    };
    assert_eq!(mode(0), (json!("html"), json!("plaintext")));
    assert_eq!(mode(1), (json!("code"), json!("json")));
    assert_eq!(mode(2), (json!("code"), json!("plaintext")));
    assert_eq!(mode(3), (json!("markdown"), json!("plaintext")));
}

#[test]
fn text_panel_mode_errors() {
    check(
        r#"
text "A" { content: "x", mode: latex }
text "B" { content: "x", mode: code { language: rust } }
stat "C" { unit: "s", mode: html, _ => "up" }
text "D" { content: "x", set: { "options.mode": "html" } }
"#,
        r##"
3:32: expected one of `markdown`, `html`, `code`
4:49: expected one of `json`, `yaml`, `xml`, `typescript`, `sql`, `go`, `markdown`, `html`, `plaintext`
5:23: `mode` (markdown, html or code) applies to text panels only, not stat: remove it
6:33: `set` path "options.mode" on a text panel is written by the `mode` option: write `mode: html` instead
"##,
    );
}

// Transformations.

#[test]
fn transformations_render_in_order_with_grafanas_ids() {
    let d = render(
        r#"
table "T" {
    unit: "short", instant: true, format: table,
    transform: [
        merge,
        organize { exclude: ["Time"], rename: { "Value #A": "Requests" }, order: ["job", "Requests"] },
        reduce { calcs: ["lastNotNull", "p95"], mode: reduce_fields },
        filter_by_name { include: ["job", "Requests"] },
        series_to_rows,
        labels_to_fields { mode: rows, keep: ["job"] },
        sort_by { field: "Requests", desc: true },
        calculate_field { mode: binary, left: "A", operator: "/", right: "B", alias: "ratio" },
        join_by_field { field: "job", mode: inner },
        group_by { "fields": { "job": { "aggregations": [], "operation": "groupby" } } },
        limit { limit: 10, disabled: true },
    ],
    "{{job}}" => "sum by (job) (up)",
    "{{job}}" => "count by (job) (up)",
}
"#,
    );
    let t = &d["panels"][0]["transformations"];
    let ids: Vec<&str> = t
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|x| x["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "merge",
            "organize",
            "reduce",
            "filterFieldsByName",
            "seriesToRows",
            "labelsToFields",
            "sortBy",
            "calculateField",
            "joinByField",
            "groupBy",
            "limit"
        ]
    );
    assert_eq!(t[0], json!({"id": "merge", "options": {}}));
    assert_eq!(
        t[1]["options"],
        json!({
            "excludeByName": {"Time": true},
            "includeByName": {},
            "indexByName": {"job": 0, "Requests": 1},
            "renameByName": {"Value #A": "Requests"},
        })
    );
    assert_eq!(
        t[2]["options"],
        json!({"reducers": ["lastNotNull", "p95"], "mode": "reduceFields"})
    );
    assert_eq!(
        t[3]["options"],
        json!({"include": {"names": ["job", "Requests"]}})
    );
    assert_eq!(
        t[5]["options"],
        json!({"mode": "rows", "keepLabels": ["job"]})
    );
    assert_eq!(
        t[6]["options"],
        json!({"sort": [{"field": "Requests", "desc": true}]})
    );
    assert_eq!(
        t[7]["options"],
        json!({"mode": "binary", "alias": "ratio", "binary": {"left": "A", "operator": "/", "right": "B"}})
    );
    assert_eq!(t[8]["options"], json!({"byField": "job", "mode": "inner"}));
    assert_eq!(
        t[9]["options"]["fields"]["job"]["operation"],
        json!("groupby")
    );
    assert_eq!(t[10]["disabled"], true);
    assert_eq!(t[10]["options"], json!({"limitField": 10.0}));
}

#[test]
fn transformations_replace_the_instant_table_defaults() {
    let d = render(
        r#"
table "Default" { unit: "short", instant: true, format: table, "{{job}}" => "sum by (job) (up)" }
table "Own" { unit: "short", instant: true, format: table, transform: [series_to_rows], "{{job}}" => "sum by (job) (up)" }
"#,
    );
    assert_eq!(d["panels"][0]["transformations"][0]["id"], "organize");
    assert_eq!(
        d["panels"][1]["transformations"],
        json!([{"id": "seriesToRows", "options": {}}])
    );
}

#[test]
fn transformation_errors() {
    check(
        r#"
table "T" {
    unit: "short",
    transform: [
        merj,
        filterFieldsByName { include: ["a"] },
        reduce { calcs: ["avg", "mean", "p101"] },
        reduce,
        organize { exclud: ["Time"] },
        organize { exclude: ["Time"], "excludeByName": {} },
        sort_by { "sort": [{ "field": "x" }], desc: true },
        filter_by_value { "filters": [] },
        42,
    ],
    _ => "up",
}
text "X" { content: "x", transform: [merge] }
"#,
        r##"
6:9: unknown transformation `merj`: did you mean `merge`? The transformations are merge, organize, reduce, filter_by_name, filter_by_ref_id, filter_by_value, series_to_rows, labels_to_fields, sort_by, calculate_field, join_by_field, join_by_labels, group_by, grouping_to_matrix, concatenate, rename_by_regex, convert_field_type, extract_fields, limit, partition_by_values, rows_to_fields, config_from_data, prepare_time_series, histogram, format_time, format_string, time_series_table, group_to_nested_table, transpose, regression
7:9: unknown transformation `filterFieldsByName`: write `filter_by_name` (Grafana's `filterFieldsByName`)
9:9: `reduce` needs `calcs`: write `reduce { calcs: ["lastNotNull"] }`
10:20: unknown option `exclud` of `organize`: did you mean `exclude`? its options are exclude, include, order, rename, disabled; write any other of Grafana's `organize` options as `"option": value`
11:39: `"excludeByName"` is written by `exclude` in this `organize`: keep one
12:19: `"sort"` is written by `desc` in this `sort_by`: keep one
14:9: expected a transformation such as `merge` or `organize { exclude: ["Time"] }`
18:26: `transform` does not apply to a text panel (it runs no queries): remove it
8:26: unknown reducer "avg": write "mean" (Grafana reads "avg" as an old alias of it); expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
8:41: unknown reducer "p101": expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
"##,
    );
}

// Data links.

#[test]
fn data_links_render_into_the_field_config() {
    let d = render(
        r#"
variables { instance: query "label_values(up, instance)" },
stat "S" {
    unit: "s",
    links: [
        "Node" => "https://grafana.example/d/node?var-instance=${__field.labels.instance}&${__url_time_range}" { new_tab: true },
        "Logs of $instance" => "https://logs.example/?q=${instance:queryparam}&v=${__value.raw}&s=${__series.name}&f=${__data.fields[\"job\"]}&p=${__url.params:exclude:var-x}",
    ],
    _ => "up",
}
"#,
    );
    let links = &d["panels"][0]["fieldConfig"]["defaults"]["links"];
    let read: Vec<(Value, Value, Value)> = links
        .as_array()
        .expect("a list")
        .iter()
        .map(|l| {
            (
                l["title"].clone(),
                l["url"].clone(),
                l["targetBlank"].clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                json!("Node"),
                json!("https://grafana.example/d/node?var-instance=${__field.labels.instance}&${__url_time_range}"),
                json!(true)
            ),
            (
                json!("Logs of $instance"),
                json!("https://logs.example/?q=${instance:queryparam}&v=${__value.raw}&s=${__series.name}&f=${__data.fields[\"job\"]}&p=${__url.params:exclude:var-x}"),
                json!(false)
            ),
        ]
    );
    // The keys the dashboard schema requires of a link, doing nothing here.
    assert_eq!(links[0]["type"], "link");
    assert_eq!(links[0]["tags"], json!([]));
}

#[test]
fn data_link_errors_point_into_the_url() {
    check(
        r#"
variables { instance: query "label_values(up, instance)" },
stat "S" {
    unit: "s",
    links: [
        "A" => "https://x/${__feild.name}/${__field.labels.instance}",
        "B" => "https://x/?i=$instanse&j=[[nope]]",
        "C" => "https://x/${__value.raw",
        "" => "https://x/",
        "D" "https://x/",
    ],
    _ => "up",
}
"#,
        r##"
11:13: expected a data link: `"Title" => "https://.."`, optionally followed by `{ new_tab: true }`
7:27: unknown built-in variable `__feild.name` in the link URL: did you mean `__field.name`? the data link variables are __series.name, __field.name, __field.labels.<label>, __value.time, __value.raw, __value.numeric, __value.text, __value.calc, __data.fields[<index>], __data.fields["<name>"], __data.fields.<name>, __url.path, __url.params, __url_time_range, __from, __to, __interval, __interval_ms, __range, __range_s, __range_ms, __rate_interval, __dashboard, __dashboard.uid, __org, __org.name, __org.id, __user, __user.login, __user.id, __user.email, __timezone, __all_variables
   | https://x/${__feild.name}/${__field.labels.instance}
   |           ^^^^^^^^^^^^^^^
8:30: undeclared variable `$instanse` in the link URL (declared: $datasource, $instance). Did you mean `$instance`? Declare it in the dashboard's `variables` block or fix the name (check `link-variable`).
   | https://x/?i=$instanse&j=[[nope]]
   |              ^^^^^^^^^
8:42: undeclared variable `$nope` in the link URL (declared: $datasource, $instance). Declare it in the dashboard's `variables` block or fix the name (check `link-variable`).
   | https://x/?i=$instanse&j=[[nope]]
   |                          ^^^^^^^^
9:27: unclosed `${` in the link URL: close it with `}`, as in `${__field.labels.instance}`
   | https://x/${__value.raw
   |           ^^
10:9: empty data link title: give the link the text it shows
"##,
    );
}

// Repeat.

#[test]
fn repeated_panels_and_rows_render() {
    let d = render(
        r#"
variables {
    instance: query "label_values(up, instance)" { multi: true },
    job: custom ["a", "b"] { include_all: true },
},
stat "Per instance" { unit: "s", repeat: instance { direction: h, max_per_row: 4 }, _ => "up{instance=~\"$instance\"}" }
row "Job $job" repeat job {
    stat "Up" { unit: "s", repeat: instance { direction: v }, _ => "up{job=~\"$job\"}" }
}
row "Collapsed" collapsed repeat job {
    stat "Up 2" { unit: "s", _ => "up" }
}
"#,
    );
    let p = &d["panels"];
    assert_eq!(p[0]["repeat"], "instance");
    assert_eq!(p[0]["repeatDirection"], "h");
    assert_eq!(p[0]["maxPerRow"], 4);
    assert_eq!(p[1]["type"], "row");
    assert_eq!(p[1]["repeat"], "job");
    assert_eq!(p[2]["repeatDirection"], "v");
    assert!(p[2].get("maxPerRow").is_none());
    assert_eq!(p[3]["repeat"], "job");
    assert_eq!(p[3]["collapsed"], true);
}

#[test]
fn repeat_errors() {
    check(
        r#"
variables {
    one: query "label_values(up, instance)",
    step: interval ["1m"],
    many: custom ["a", "b"] { multi: true },
},
stat "A" { unit: "s", repeat: one, _ => "up" }
stat "B" { unit: "s", repeat: nothere, _ => "up" }
stat "C" { unit: "s", repeat: step, _ => "up" }
stat "D" { unit: "s", repeat: many { direction: v, max_per_row: 3 }, _ => "up" }
stat "E" { unit: "s", repeat: many { max_per_row: 30, direction: d }, _ => "up" }
stat "F" { unit: "s", repeat: "many", _ => "up" }
stat "G" { unit: "s", set: { "repeat": "many" }, _ => "up" }
row "R" repeat one { stat "H" { unit: "s", _ => "up" } }
row "S" repeat { stat "I" { unit: "s", _ => "up" } }
"#,
        r##"
12:66: expected one of `h`, `v`; did you mean `h`?
13:31: expected the variable to repeat over, by name: `repeat: instance` or `repeat: instance { direction: h, max_per_row: 4 }`
16:16: expected the variable to repeat the row over: `row "Title" repeat instance { .. }`
8:31: the panel repeats over the query variable `one`, which holds one value, so it would never repeat: add `multi: true` or `include_all: true` to `one`
9:31: the panel repeats over `nothere`, which is not declared (declared: one, step, many). Declare it in `variables { .. }` with `multi: true` or `include_all: true`
10:31: the panel repeats over the interval variable `step`, which holds one value, so it would never repeat: repeat over a `query`, `filter` or `custom` variable with `multi: true` or `include_all: true`
11:65: `max_per_row` applies to panels repeated side by side (`direction: h`), not `direction: v`: remove it
12:51: `max_per_row` 30 is out of range: use 1 to 24 (the grid's columns)
14:30: `set` path "repeat" on a stat panel is written by the `repeat` option: write `repeat: var` instead
15:16: the row repeats over the query variable `one`, which holds one value, so it would never repeat: add `multi: true` or `include_all: true` to `one`
"##,
    );
}

// Annotations.

#[test]
fn annotations_render_after_the_builtin_one() {
    let d = render(
        r#"
annotations {
    builtin: { enable: false, hide: false },
    deploys: prometheus "changes(app_build_info[5m]) > 0" {
        color: "blue", title: "{{version}}", text: "deployed {{version}}", tags: ["job", "version"], step: "60s",
    },
    restarts: prometheus "resets(process_start_time_seconds[5m]) > 0" { enable: false, hide: true },
},
stat "S" { unit: "s", _ => "up" }
"#,
    );
    let list = &d["annotations"]["list"];
    assert_eq!(list[0]["builtIn"], 1);
    assert_eq!(list[0]["enable"], false);
    assert_eq!(list[0]["hide"], false);
    assert_eq!(
        list[1],
        json!({
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "enable": true,
            "expr": "changes(app_build_info[5m]) > 0",
            "hide": false,
            "iconColor": "blue",
            "name": "deploys",
            "step": "60s",
            "tagKeys": "job,version",
            "textFormat": "deployed {{version}}",
            "titleFormat": "{{version}}",
        })
    );
    assert_eq!(list[2]["iconColor"], "red");
    assert_eq!(list[2]["enable"], false);
    assert_eq!(list[2]["hide"], true);
}

#[test]
fn annotation_queries_are_checked_like_panel_queries() {
    check(
        r#"
variables { job: query "label_values(up, job)" },
annotations {
    a: prometheus "changes(app_build_info{job=\"$jobb\"}[5m]) > 0",
    b: prometheus "sum(rate(x[5m])" { color: "bluish", step: "soon", title: "{{version" },
    c: prometheus "histogram_quantile(1.5, rate(x_bucket[5m]))",
    d: prometheus "histogram_quantile(1.5, rate(x_bucket[5m]))" { allow: ["quantile-range"] },
    a: prometheus "up",
    e: loki "{job=\"x\"}",
    f: prometheus "up" { colour: "red" },
    builtin: { shown: true },
},
stat "S" { unit: "s", _ => "up" }
"#,
        r##"
9:5: duplicate annotation `a`: give each its own name
10:8: expected the annotation's source: `e: prometheus "<PromQL>"` (the dashboard's Prometheus datasource) or `e: tagged ["deploy"]` (Grafana's own annotations having these tags)
11:26: unknown annotation option `colour`; did you mean `color`?
12:16: unknown built-in annotation option `shown`; expected one of: enable, hide
5:19: undeclared variable `$jobb` (declared: $datasource, $job). Did you mean `$job`? Declare it in the dashboard's `variables` block or fix the name.
   | changes(app_build_info{job="$jobb"}[5m]) > 0
   |                             ^^^^^
6:46: unknown color "bluish" in `color`: use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"
6:62: invalid `step` "soon": expected a duration such as "60s"
6:77: unclosed `{{` in legend "{{version": write `{{label}}`
6:35: unclosed left parenthesis: the `(` at column 4 is never closed; add a `)`
   | sum(rate(x[5m])
   |                ^
7:39: the quantile `1.5` is outside [0, 1]: Prometheus returns +Inf for every series; for the 1.5th percentile write `histogram_quantile(0.015, ...)` (check `quantile-range`)
   | histogram_quantile(1.5, rate(x_bucket[5m]))
   |                    ^^^
"##,
    );
}

#[test]
fn annotation_queries_are_checked_against_the_catalog() {
    let dir = std::env::temp_dir().join(format!("dashc-forms-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    std::fs::write(
        dir.join("app.prom"),
        "# TYPE app_build_info gauge\napp_build_info{job=\"api\",version=\"1.2\"} 1\n# TYPE up gauge\nup{job=\"api\"} 1\n",
    )
    .expect("the catalog is written");
    let input = r#"uid: "f", title: "F",
catalog: ["app.prom"],
annotations {
    deploys: prometheus "changes(app_biuld_info[5m]) > 0",
    titled: prometheus "changes(app_build_info[5m]) > 0" { title: "{{versoin}}" },
    fine: prometheus "changes(app_build_info[5m]) > 0" { title: "{{version}}" },
},
stat "S" { unit: "s", _ => "up" }"#;
    let out = compile_dashboard_str(input, &dir);
    let shown: String = out.diagnostics.iter().map(|d| format!("{d}\n")).collect();
    let _ = std::fs::remove_dir_all(&dir);
    compare(
        input,
        &shown,
        r##"
4:34: unknown metric `app_biuld_info`: the catalog has no series of that name; did you mean `app_build_info`? (check `unknown-metric`)
   | changes(app_biuld_info[5m]) > 0
   |         ^^^^^^^^^^^^^^
5:25: legend `{{versoin}}` names label `versoin`, which no series of `app_build_info` has (the result has instance, job, version); did you mean `{{version}}`? (check `unknown-label`)
   | changes(app_build_info[5m]) > 0
   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"##,
    );
}

// Time picker, calendar, variables.

#[test]
fn time_picker_and_calendar_options_render() {
    let d = render(
        r#"
time_picker: { hidden: true, refresh_intervals: ["10s", "1m"], now_delay: "1m" },
week_start: monday,
fiscal_year_start: 3,
stat "S" { unit: "s", _ => "up" }
"#,
    );
    assert_eq!(
        d["timepicker"],
        json!({"hidden": true, "nowDelay": "1m", "refresh_intervals": ["10s", "1m"]})
    );
    assert_eq!(d["weekStart"], "monday");
    assert_eq!(d["fiscalYearStartMonth"], 3);
}

#[test]
fn time_picker_and_calendar_errors() {
    check(
        r#"
time_picker: { hidden: 1, refresh_intervals: ["10s", "often"], now_delay: "later", nowDelay: "1m" },
week_start: tuesday,
fiscal_year_start: 12,
set: { "weekStart": "sunday", "timepicker.hidden": true },
stat "S" { unit: "s", _ => "up" }
"#,
        r##"
3:24: expected `true` or `false`
3:84: unknown time picker option `nowDelay`; did you mean `now_delay`?
4:13: expected one of `monday`, `saturday`, `sunday`
6:8: `set` path "weekStart" on the dashboard is written by the `week_start` option: write `week_start: monday` instead
6:31: `set` path "timepicker.hidden" on the dashboard is written by the `time_picker` option: write `time_picker: { hidden: true, refresh_intervals: [..], now_delay: "1m" }` instead
3:54: invalid refresh interval "often": expected a duration such as "10s" or "1m"
3:75: invalid `now_delay` "later": expected a duration such as "1m"
5:20: `fiscal_year_start` 12 is out of range: the month, 0 (January) to 11 (December)
"##,
    );
}

#[test]
fn variable_current_and_refresh_render() {
    let d = render(
        r#"
variables {
    env: custom ["prod", "staging", "dev"] { current: "staging" },
    envs: custom ["prod", "staging", "dev"] { multi: true, current: ["prod", "dev"] },
    all: custom ["a", "b"] { include_all: true, current: "All" },
    window: interval ["1m", "5m"] { current: "5m" },
    job: query "label_values(up, job)" { refresh: on_load, current: "api" },
    jobs: query "label_values(up, job)" { refresh: never, multi: true, current: ["a", "b"] },
},
stat "S" { unit: "s", _ => "up" }
"#,
    );
    let vars = &d["templating"]["list"];
    let var = |name: &str| {
        vars.as_array()
            .and_then(|l| l.iter().find(|v| v["name"] == name))
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        var("env")["current"],
        json!({"text": "staging", "value": "staging"})
    );
    let selected: Vec<bool> = var("env")["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o["selected"] == true)
        .collect();
    assert_eq!(selected, [false, true, false]);
    assert_eq!(
        var("envs")["current"],
        json!({"text": ["prod", "dev"], "value": ["prod", "dev"]})
    );
    assert_eq!(
        var("all")["current"],
        json!({"text": "All", "value": "$__all"})
    );
    assert_eq!(var("all")["options"][0]["selected"], true);
    assert_eq!(
        var("window")["current"],
        json!({"text": "5m", "value": "5m"})
    );
    assert_eq!(var("job")["refresh"], 1);
    assert_eq!(
        var("job")["current"],
        json!({"text": "api", "value": "api"})
    );
    assert_eq!(var("jobs")["refresh"], 0);
    assert_eq!(
        var("jobs")["current"],
        json!({"text": ["a", "b"], "value": ["a", "b"]})
    );
}

#[test]
fn variable_current_and_refresh_errors() {
    check(
        r#"
variables {
    env: custom ["prod", "staging"] { current: "prd" },
    one: custom ["a", "b"] { current: ["a", "b"] },
    all: custom ["a", "b"] { current: "All" },
    window: interval ["1m", "5m"] { current: "2m", refresh: on_load },
    fixed: constant "x" { current: "x" },
    job: query "label_values(up, job)" { refresh: sometimes, current: [] },
},
stat "S" { unit: "s", _ => "up" }
"#,
        r##"
7:52: `refresh` applies to `query` and `filter` variables, not `interval`: their values are written in the dashboard
8:27: `current` does not apply to `constant` variables: their value is their argument
9:51: expected one of `on_load`, `on_time_range_change`, `never`
9:62: `current` is empty: give the selected value(s), or remove `current` to select the first value
4:48: "prd" is not a value of `env`: did you mean "prod"? its values are "prod", "staging"
5:45: `one` holds one value: select one in `current`, or add `multi: true`
6:39: `current: "All"` needs `include_all: true` on `all`
7:46: "2m" is not a value of `window`: did you mean "1m"? its values are "1m", "5m"
"##,
    );
}

// The alert list.

#[test]
fn an_alert_list_renders_the_editors_defaults_and_its_forms() {
    let d = render(
        r##"
alertlist "Alerts" {
    view_mode: stat, group_mode: custom, max_items: 10, sort_order: 3, dashboard_alerts: true,
    alert_name: "Disk", label_filter: r#"{severity="critical"}"#, show_inactive: true,
    set: { "options.groupBy": ["severity"], "options.stateFilter.normal": true },
}
"##,
    );
    let p = &d["panels"][0];
    assert_eq!(p["type"], "alertlist");
    assert!(
        p.get("targets").is_none() && p.get("datasource").is_none(),
        "{p}"
    );
    let o = &p["options"];
    assert_eq!(o["viewMode"], "stat");
    assert_eq!(o["groupMode"], "custom");
    assert_eq!(o["groupBy"], json!(["severity"]));
    assert_eq!(o["maxItems"], 10);
    assert_eq!(o["sortOrder"], 3);
    assert_eq!(o["dashboardAlerts"], true);
    assert_eq!(o["alertName"], "Disk");
    assert_eq!(o["alertInstanceLabelFilter"], "{severity=\"critical\"}");
    assert_eq!(o["showInactiveAlerts"], true);
    assert_eq!(
        o["stateFilter"],
        json!({"error": true, "firing": true, "noData": false, "normal": true, "pending": true, "recovering": true})
    );
    let plain = render(r#"alertlist "Alerts" {}"#);
    assert_eq!(plain["panels"][0]["options"]["viewMode"], "list");
    assert_eq!(plain["panels"][0]["options"]["maxItems"], 20);
}

#[test]
fn an_alert_list_takes_no_query_value_option_or_series() {
    check(
        r#"
alertlist "Alerts" { unit: "s", _ => "up" }
alertlist "More" { series "x" { hidden: true }, sort_order: 6, view_mode: table }
timeseries "T" { unit: "s", view_mode: stat, _ => "up" }
"#,
        r#"3:22: `unit` does not apply to an alertlist panel (it lists Grafana's alerts, not values): remove it
4:20: an alertlist panel shows no series (it lists Grafana's alerts): remove the `series` block
4:61: 6 is out of range for `sort_order`: use 1 to 5
4:75: expected one of `list`, `stat`
5:29: `view_mode` does not apply to a timeseries panel (Grafana's `options.viewMode`, which only alertlist panels have): remove it
3:33: an alert list shows Grafana's alerts, not queries: remove the query (filter the alerts with `label_filter: "{label=\"value\"}"` or `alert_name`)
"#,
    );
}

#[test]
fn grafanas_option_stands_for_a_short_one_only_with_a_value_it_cannot_write() {
    let d = render(
        r#"
table "T" { unit: "none", transform: [organize { "excludeByName": { "Time": true, "name": false }, "indexByName": { "Time": 0, "Value": 9 } }], _ => "up" }
"#,
    );
    assert_eq!(
        d["panels"][0]["transformations"][0]["options"]["excludeByName"],
        json!({"Time": true, "name": false})
    );
    assert_eq!(
        d["panels"][0]["transformations"][0]["options"]["indexByName"],
        json!({"Time": 0, "Value": 9})
    );
    check(
        r#"
table "T" { unit: "none", transform: [organize { "excludeByName": { "Time": true }, "indexByName": { "Time": 0, "Value": 1 } }], _ => "up" }
"#,
        r#"3:50: `"excludeByName"` has a short form: write `exclude: ..` instead
3:85: `"indexByName"` has a short form: write `order: ..` instead
"#,
    );
}

// Server-side expressions and refIds.

#[test]
fn a_math_expression_renders_after_the_queries_with_the_next_free_letter() {
    let d = render(
        r#"
stat "Ratio" {
    unit: "percent",
    _ => "sum(rate(http_requests_total{code=~\"5..\"}[5m]))" { hide: true, ref_id: "ERRORS" },
    _ => "sum(rate(http_requests_total[5m]))" { hide: true },
    math "$ERRORS * 100 / ${A}",
}
"#,
    );
    let targets = &d["panels"][0]["targets"];
    assert_eq!(targets[0]["refId"], "ERRORS");
    assert_eq!(targets[1]["refId"], "A");
    assert_eq!(
        targets[2],
        json!({"datasource": {"type": "__expr__", "uid": "__expr__"},
               "expression": "$ERRORS * 100 / ${A}", "refId": "B", "type": "math"})
    );
}

#[test]
fn expressions_name_queries_of_their_panel() {
    check(
        r#"
stat "S" {
    unit: "none",
    _ => "up" { ref_id: "UP", hide: true },
    _ => "up" { ref_id: "UP" },
    _ => "up" { ref_id: "" },
    math "$UPP + $B + ${C}",
    math "" { ref_id: "X" },
    math "1 + 1",
}
text "T" { content: "x", math "$A" }
"#,
        r#"6:25: duplicate refId "UP" in panel "S": give each query and expression its own
7:25: empty refId: give the query a name such as "A", or leave `ref_id` out for the next free letter
8:11: math expression names $UPP, which is not a query of panel "S": did you mean $UP? its refIds are UP, X, B
8:23: math expression names $C, which is not a query of panel "S": did you mean $B? its refIds are UP, X, B
9:10: empty math expression: write one such as "$A * 100 / $B"
10:10: math expression "1 + 1" names no query: refer to queries by refId, e.g. "$A * 100 / $B"
12:26: a text panel runs no query (it shows Markdown), so no expression: remove it
"#,
    );
}

// Series matched by value, the legend's toggle, `set` in a `series` block,
// line styles.

#[test]
fn series_value_matchers_legend_toggles_and_set_render() {
    let d = render(
        r#"
timeseries "T" {
    unit: "s",
    series value(allIsZero) { hidden: [legend, tooltip] }
    series value(mean > 10) { color: "red" }
    series value(max <=-0.5) { line_width: 2 }
    series value(p95 != 3) { line_width: 1 }
    series except ["cpu"] { hidden: [viz] }
    series only ["a", "b"] { hidden: true }
    series "x" { color: "red", set: { "custom.axisColorMode": "series", "custom.axisWidth": null }, line_width: 3 }
    _ => "up",
}
"#,
    );
    let overrides = &d["panels"][0]["fieldConfig"]["overrides"];
    assert_eq!(
        overrides[0],
        json!({
            "matcher": {"id": "byValue", "options": {"op": "gte", "reducer": "allIsZero", "value": 0}},
            "properties": [{"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": false}}],
        })
    );
    assert_eq!(
        overrides[1]["matcher"],
        json!({"id": "byValue", "options": {"op": "gt", "reducer": "mean", "value": 10}})
    );
    assert_eq!(
        overrides[2]["matcher"]["options"],
        json!({"op": "lte", "reducer": "max", "value": -0.5})
    );
    assert_eq!(
        overrides[3]["matcher"]["options"],
        json!({"op": "neq", "reducer": "p95", "value": 3})
    );
    assert_eq!(
        overrides[4],
        json!({
            "__systemRef": "hideSeriesFrom",
            "matcher": {"id": "byNames", "options": {"mode": "exclude", "names": ["cpu"], "prefix": "All except:", "readOnly": true}},
            "properties": [{"id": "custom.hideFrom", "value": {"legend": false, "tooltip": false, "viz": true}}],
        })
    );
    assert_eq!(
        overrides[5]["matcher"],
        json!({"id": "byNames", "options": {"mode": "include", "names": ["a", "b"], "readOnly": true}})
    );
    assert_eq!(overrides[5]["__systemRef"], json!("hideSeriesFrom"));
    // The `set` entries come where the `set` is among the options.
    assert_eq!(
        overrides[6]["properties"],
        json!([
            {"id": "color", "value": {"fixedColor": "red", "mode": "fixed"}},
            {"id": "custom.axisColorMode", "value": "series"},
            {"id": "custom.axisWidth"},
            {"id": "custom.lineWidth", "value": 3},
        ])
    );
}

#[test]
fn series_value_legend_and_set_errors() {
    check(
        r#"
timeseries "T" {
    unit: "s",
    series value(allIsZer) { hidden: true }
    series value(allIsZero > 1) { hidden: true }
    series value(mean) { hidden: true }
    series value(mean => 1) { hidden: true }
    series value(mean > x) { hidden: true }
    series value mean { hidden: true }
    series except ["cpu"] { color: "red" }
    series except "cpu" { hidden: true }
    series vlaue(mean > 1) { hidden: true }
    series "a" { set: { "custom.lineWidht": 2 } }
    series "b" { set: { "custom.lineWidth": "wide" } }
    series "c" { set: { "custom.lineStyle": { "fill": "dash", "dash": [10, 10] } } }
    series "d" { line_width: 2, set: { "custom.lineWidth": 150 } }
    series "e" { set: { "custom.nope": null } }
    _ => "up",
}
"#,
        r##"
5:18: unknown reducer "allIsZer": did you mean "allIsZero"? expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
6:28: `allIsZero` is true or false, and Grafana ignores a comparison after it: write `value(allIsZero)`
7:17: expected a comparison after `mean`: `value(mean > 10)` (one of >, >=, <, <=, ==, !=)
8:23: unknown comparison `=>`: use >, >=, <, <=, == or !=
9:25: expected a number, e.g. `5` or `0.5`
10:18: expected the reducer and comparison in parentheses after `value`: `series value(mean > 10) { .. }` or `series value(allIsZero) { .. }`
11:5: `series except [..]` is the override Grafana writes when a legend entry is clicked (`__systemRef: "hideSeriesFrom"`): it takes `hidden` alone, e.g. `series except ["cpu"] { hidden: [viz] }`; style series with `series "Name" { .. }` or `series regex ".." { .. }`
12:19: expected a list of series display names in brackets, e.g. ["a", "b"]
13:12: expected which series: did you mean `value`? `series "Name" { .. }`, `series regex "cache.*" { .. }`, `series query B { .. }`, `series type number { .. }`, `series value(mean > 10) { .. }` or `series except ["cpu"] { hidden: [viz] }`
14:25: `set` path "custom.lineWidht" in a `series` block: Grafana's schema of a timeseries panel refuses it (unknown key "lineWidht" in GraphFieldConfig; did you mean "lineWidth"? Valid keys: drawStyle, gradientMode, thresholdsStyle, transform, lineColor, lineWidth, lineInterpolation, lineStyle, fillColor, fillOpacity, showPoints, pointSize (and 20 more))
15:25: `set` path "custom.lineWidth" in a `series` block: Grafana's schema of a timeseries panel refuses it (expected number, found string "wide")
16:25: `set` path "custom.lineStyle" in a `series` block: the `line_style` option writes this value: write `line_style: dash` instead
17:40: `set` path "custom.lineWidth" in a `series` block: this block writes it already; keep one
18:25: `set` path "custom.nope" in a `series` block: Grafana's schema of a timeseries panel refuses it (unknown key "nope" in GraphFieldConfig; valid keys: drawStyle, gradientMode, thresholdsStyle, transform, lineColor, lineWidth, lineInterpolation, lineStyle, fillColor, fillOpacity, showPoints, pointSize (and 20 more))
"##,
    );
}

#[test]
fn line_styles_render_and_are_checked() {
    let d = render(
        r#"
timeseries "T" {
    unit: "s",
    line_style: dot,
    series "a" { line_style: dash }
    series "b" { line_style: solid }
    series "c" { line_style: dash [10, 20.5] }
    series "d" { line_style: square [4, 4] }
    _ => "up",
}
"#,
    );
    let p = &d["panels"][0];
    assert_eq!(
        p["fieldConfig"]["defaults"]["custom"]["lineStyle"],
        json!({"dash": [0, 10], "fill": "dot"})
    );
    let values: Vec<&Value> = (0..4)
        .map(|i| &p["fieldConfig"]["overrides"][i]["properties"][0]["value"])
        .collect();
    assert_eq!(
        values,
        [
            &json!({"dash": [10, 10], "fill": "dash"}),
            &json!({"fill": "solid"}),
            &json!({"dash": [10, 20.5], "fill": "dash"}),
            &json!({"dash": [4, 4], "fill": "square"}),
        ]
    );
    check(
        r#"
timeseries "T" {
    unit: "s",
    line_style: dashed,
    series "a" { line_style: solid [1, 2] }
    series "b" { line_style: square }
    series "c" { line_style: dash [-1, 2] }
    series "d" { line_style: dash [] }
    _ => "up",
}
stat "S" { unit: "s", line_style: dash, _ => "up" }
"#,
        r##"
5:17: expected one of `solid`, `dash`, `dot`, `square`; did you mean `dash`?
6:30: a solid line has no dashes: write `line_style: solid`, or `dash [10, 20]`
7:30: `square` needs its dash and gap lengths: `line_style: square [10, 10]`
8:36: -1 is not a length: dash and gap lengths are 0 or more
9:30: give the dash and gap lengths, e.g. `line_style: dash [10, 20]`
12:23: `line_style` does not apply to a stat panel (Grafana's `fieldConfig.defaults.custom.lineStyle`, which only timeseries panels have): remove it
"##,
    );
}

#[test]
fn set_takes_a_short_form_path_with_a_value_the_form_cannot_write() {
    let d = render(
        r#"
table "T" {
    unit: "s", instant: true, format: table,
    set: { "fieldConfig.defaults.custom.cellOptions": { "type": "auto" } },
    series "v" { set: { "custom.cellOptions": { "mode": "basic", "type": "color-background" }, "custom.align": null } }
    _ => "up",
}
"#,
    );
    let p = &d["panels"][0];
    assert_eq!(
        p["fieldConfig"]["defaults"]["custom"]["cellOptions"],
        json!({"type": "auto"})
    );
    assert_eq!(
        p["fieldConfig"]["overrides"][0]["properties"],
        json!([
            {"id": "custom.cellOptions", "value": {"mode": "basic", "type": "color-background"}},
            {"id": "custom.align"},
        ])
    );
    check(
        r#"
table "T" {
    unit: "s", instant: true, format: table,
    cell: gauge,
    set: { "fieldConfig.defaults.custom.cellOptions": { "type": "auto" }, "fieldConfig.defaults.custom.align": "left" },
    _ => "up",
}
"#,
        r##"
6:75: `set` path "fieldConfig.defaults.custom.align" on a table panel is written by the `align` option: write `align: left` instead
6:12: `set` path "fieldConfig.defaults.custom.cellOptions" on a table panel is written by the `cell` option of this panel too: keep one
"##,
    );
}

// Ad hoc filters, `current: none`, link icons and titles, tagged annotations.

#[test]
fn adhoc_variables_filter_the_dashboards_datasource() {
    let d = render(
        r#"
variables {
    job: query "label_values(up, job)",
    filters: adhoc { label: "Filters", hide: label, description: "narrow every panel" },
    plain: adhoc,
},
stat "S" { unit: "s", _ => "sum(up{job=\"$job\"})" }
"#,
    );
    let vars = d["templating"]["list"].as_array().expect("variables");
    assert_eq!(
        vars[2],
        json!({
            "name": "filters", "type": "adhoc", "hide": 1, "label": "Filters",
            "description": "narrow every panel",
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
        })
    );
    assert_eq!(vars[3]["type"], "adhoc");
    assert_eq!(vars[3]["hide"], 0);
    assert!(vars[3].get("current").is_none(), "{}", vars[3]);
}

#[test]
fn adhoc_variable_errors() {
    check(
        r#"
variables {
    a: adhoc "label_values(up, job)",
    b: adhoc { multi: true, include_all: true, current: "x", refresh: never },
    c: adhoc { set: { "filters": [] } },
    d: adhoc { regex: "x", auto: true },
},
stat "S" { unit: "s", _ => "sum(up{job=\"$a\"})" }
"#,
        r##"
4:14: unexpected token: `adhoc` takes no argument (its datasource is the dashboard's); its options go in `{ .. }`
5:16: `multi` does not apply to `adhoc` variables
5:29: `include_all` does not apply to `adhoc` variables
5:48: `current` does not apply to `adhoc` variables: their value is the filters the viewer picks
5:62: `refresh` applies to `query` and `filter` variables, not `adhoc`: Grafana looks its keys and values up when the viewer opens it
7:16: `regex` does not apply to `adhoc` variables
7:28: `auto` does not apply to `adhoc` variables
6:23: `set` path "filters" on a template variable: unknown key "filters" in VariableModel; valid keys: type, name, label, hide, skipUrlSync, description, query, datasource, current, multi, allowCustomValue, options (and 11 more)
9:28: `$a` is an ad hoc filter variable: Grafana adds its filters to every query of the dashboard's datasource itself; remove `$a` from the query
   | sum(up{job="$a"})
   |             ^^
"##,
    );
}

#[test]
fn current_none_is_grafanas_none_of_a_query_variable() {
    let d = render(
        r#"
variables {
    cluster: query "label_values(up, cluster)" { hide: variable, refresh: never, current: none },
    clusters: query "label_values(up, cluster)" { multi: true, current: none },
},
stat "S" { unit: "s", _ => "up" }
"#,
    );
    let vars = &d["templating"]["list"];
    assert_eq!(vars[1]["current"], json!({"text": "None", "value": ""}));
    assert_eq!(vars[2]["current"], json!({"text": ["None"], "value": [""]}));
}

#[test]
fn current_none_errors() {
    check(
        r#"
variables {
    env: custom ["prod", "staging"] { current: none },
    window: interval ["1m"] { current: none },
    job: query "label_values(up, job)" { current: "" },
    jobs: query "label_values(up, job)" { multi: true, current: ["a", ""] },
    k: constant "x" { current: none },
},
stat "S" { unit: "s", _ => "up" }
"#,
        r##"
6:51: an empty `current` value: write `current: none` for Grafana's "None" (a query that returned no values)
7:71: an empty `current` value: write `current: none` for Grafana's "None" (a query that returned no values)
8:23: `current` does not apply to `constant` variables: their value is their argument
4:48: `current: none` applies to query variables, whose query may return no values; `env` has its values written here: select one of them
5:40: `current: none` applies to query variables, whose query may return no values; `window` has its values written here: select one of them
"##,
    );
}

#[test]
fn link_icons_and_titles_shown_by_grafana() {
    let d = render(
        r#"
links: [
    dashboards "" { tags: ["minio"] },
    url "Docs" "https://example.com/docs" { icon: "doc", new_tab: true },
],
stat "S" { unit: "s", _ => "up" }
"#,
    );
    assert_eq!(d["links"][0]["title"], "");
    assert_eq!(d["links"][0]["icon"], "external link");
    assert_eq!(d["links"][1]["icon"], "doc");
    check(
        r#"
links: [
    url "" "https://example.com",
    dashboards " " { as_dropdown: true },
    url "Docs" "https://example.com" { icon: "docs" },
    url "Help" "https://example.com" { icon: 3 },
],
stat "S" { unit: "s", _ => "up" }
"#,
        r##"
7:46: expected an icon: "external link", "dashboard", "question", "info", "bolt", "doc" or "cloud" as a string literal: write "3"
4:5: empty link title: it is the link's text; give the link a title
5:5: empty link title: it is the dropdown's text; give the link a title
6:46: unknown link icon "docs": did you mean "doc"? Grafana's link icons are "external link", "dashboard", "question", "info", "bolt", "doc", "cloud"
"##,
    );
}

#[test]
fn tagged_annotations_query_grafanas_own_annotations() {
    let d = render(
        r#"
annotations {
    flux_events: tagged ["flux"] { name: "flux events" },
    deploys: tagged ["deploy", "$job"] { color: "blue", match_any: true, limit: 20, enable: false, hide: true },
    restarts: prometheus "changes(process_start_time_seconds[5m]) > 0" { name: "Restarts" },
},
variables { job: query "label_values(up, job)" },
stat "S" { unit: "s", _ => "up" }
"#,
    );
    let list = &d["annotations"]["list"];
    assert_eq!(
        list[1],
        json!({
            "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": true, "hide": false, "iconColor": "red", "name": "flux events",
            "target": {"limit": 100, "matchAny": false, "tags": ["flux"], "type": "tags"},
        })
    );
    assert_eq!(
        list[2]["target"],
        json!({"limit": 20, "matchAny": true, "tags": ["deploy", "$job"], "type": "tags"})
    );
    assert_eq!(
        (&list[2]["enable"], &list[2]["hide"], &list[2]["iconColor"]),
        (&json!(false), &json!(true), &json!("blue"))
    );
    assert_eq!(list[3]["name"], "Restarts");
    assert_eq!(list[3]["datasource"]["type"], "prometheus");
}

#[test]
fn tagged_annotation_errors() {
    check(
        r#"
annotations {
    a: tagged [] { limit: 0 },
    b: tagged ["x", ""] { title: "{{x}}", tags: ["job"], step: "1m", allow: ["promql"] },
    c: prometheus "up" { match_any: true, limit: 5, name: "" },
    d: tagged "flux",
    e: tagged ["x"] { color: "bluish", limit: -1 },
},
stat "S" { unit: "s", _ => "up" }
"#,
        r##"
5:27: `title` applies to `prometheus` annotations, not `tagged` ones (Grafana's annotations carry their own title, text and tags)
5:43: `tags` applies to `prometheus` annotations, not `tagged` ones (Grafana's annotations carry their own title, text and tags)
5:58: `step` applies to `prometheus` annotations, not `tagged` ones (Grafana's annotations carry their own title, text and tags)
5:70: `allow` applies to `prometheus` annotations, not `tagged` ones (Grafana's annotations carry their own title, text and tags)
6:26: `match_any` applies to `tagged` annotations, not `prometheus` ones
6:43: `limit` applies to `tagged` annotations, not `prometheus` ones
7:15: expected a list of tags in brackets, e.g. ["a", "b"]
8:47: expected a whole number, e.g. `12`
4:5: `a: tagged []` has no tag: Grafana shows no event for it; give at least one tag, such as `tagged ["deploy"]`
4:27: `limit: 0` shows no event: give the most events to show (Grafana's default is 100), or remove `limit`
5:21: an empty tag: write the tag the events carry, or remove it
6:59: empty annotation `name`: give the name shown beside its toggle, or remove `name` to show the identifier
8:30: unknown color "bluish" in `color`: use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"
"##,
    );
}

#[test]
fn values_groups_value_mappings_in_one_grafana_mapping() {
    let d = render(
        r#"
stat "S" {
    unit: "none",
    mappings: [values { "0" => "Down" { color: "red" }, "1" => "Up" }, null => "N/A", value "2" => "Two"],
    _ => "up",
}
"#,
    );
    assert_eq!(
        d["panels"][0]["fieldConfig"]["defaults"]["mappings"],
        json!([
            {"options": {"0": {"color": "red", "index": 0, "text": "Down"}, "1": {"index": 1, "text": "Up"}}, "type": "value"},
            {"options": {"match": "null", "result": {"index": 2, "text": "N/A"}}, "type": "special"},
            {"options": {"2": {"index": 3, "text": "Two"}}, "type": "value"}
        ])
    );
    check(
        r#"
stat "S" { unit: "none", mappings: [values { }, values { range 0..1 => "x" }], _ => "up" }
"#,
        r#"3:37: empty `values { .. }`: give the values, e.g. `values { "0" => "Down", "1" => "Up" }`
3:58: expected a value as a string in `values { .. }`: `"1" => "UP"`
"#,
    );
}

#[test]
fn a_text_panel_of_empty_content_shows_only_its_title() {
    let d = render(r#"text "Section" { content: "" }"#);
    assert_eq!(d["panels"][0]["options"]["content"], "");
    check(
        r#"
text "A" { }
text "B" { content: "  " }
"#,
        r#"3:6: a text panel needs `content: "Markdown text"` (or `content: ""` for a panel that shows only its title)
4:6: a text panel whose content is only whitespace shows nothing: write the text, or `content: ""` for a panel that shows only its title
"#,
    );
}

#[test]
fn a_panel_allows_a_link_variable_the_dashboard_lacks() {
    let d = render(
        r#"
timeseries "T" { unit: "s", allow: ["link-variable"], links: ["Other" => "/d/x?var-ds=$ds"], _ => "up" }
"#,
    );
    assert_eq!(
        d["panels"][0]["fieldConfig"]["defaults"]["links"][0]["url"],
        "/d/x?var-ds=$ds"
    );
    check(
        r#"
timeseries "T" { unit: "s", allow: ["link-variable"], links: ["Other" => "/d/x?${__url_time_range}"], _ => "up" }
"#,
        r#"3:37: `allow: ["link-variable"]` allows nothing here: every variable the panel's data links name is the dashboard's; remove it
"#,
    );
}
