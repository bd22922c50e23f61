//! The `dashboard!` DSL end to end: one definition that uses every option
//! the DSL has compiles, and each option reaches the Grafana JSON where
//! Grafana reads it. (The compile-fail side is `tests/compile_fail.rs`;
//! `tests/schema.rs` validates this dashboard against Grafana's schemas.)

use dashc_core::Dashboard;
use dashc_macros::dashboard;
use serde_json::{json, Value};

/// Every dashboard, row, panel, query, link and variable option, at least once.
pub const EVERY_OPTION: Dashboard = dashboard! {
    uid: "every-option_1",
    title: "Every option",
    description: "Uses every option of the DSL.",
    folder: "Tests",
    tags: ["dsl", "coverage"],
    refresh: "1m",
    time: "now-6h".."now-5m",
    timezone: "utc",
    tooltip: shared_tooltip,
    editable: true,
    datasource: "prom-main",
    catalog: [],
    experimental: true,
    set: { "liveNow": true },
    week_start: monday,
    fiscal_year_start: 6,
    time_picker: { refresh_intervals: ["30s", "1m"], now_delay: "30s" },
    annotations {
        builtin: { hide: false },
        deploys: prometheus "changes(app_build_info[5m]) > 0" { color: "blue", title: "{{version}}", step: "1m" },
    },
    links: [
        dashboards "Related" { tags: ["dsl"], as_dropdown: true, keep_time: false, include_vars: false },
        url "Runbook" "https://runbooks.example/dsl" { new_tab: true, tooltip: "How to react" },
    ],
    variables {
        job: query "label_values(up, job)" {
            label: "Job", description: "Scrape job", hide: label,
            multi: true, include_all: true, all_value: ".*", regex: "/api.*/", sort: 3,
            refresh: on_load,
        },
        team: filter "label_values(up, team)" { label: "Team" },
        env: custom ["prod", "staging"] { multi: true, include_all: true, all_value: "prod|staging", current: ["prod"] },
        window: interval ["1m", "5m"] { auto: true, hide: variable },
        region: constant "eu-west-1",
        filter: textbox "" { label: "Filter" },
    },

    text "About" {
        description: "What this dashboard is for.",
        width: 24, height: 3,
        content: "# Every option\nOne panel of each kind.",
    }
    row "Time series" {
        timeseries "Stacked with a dashed threshold" {
            description: "Requests by job.",
            unit: "reqps", min: 0, max: 1000, decimals: 2,
            legend: { mode: table, placement: right, calcs: ["mean", "max", "p95"] },
            thresholds: { mode: percentage, style: dashed_area, steps: [green, "#ff0000": 90] },
            color: palette_classic,
            stacking: percent,
            interval: "30s",
            fill_opacity: 20, line_width: 2, gradient_mode: opacity, show_points: never,
            point_size: 4, draw_style: bars, line_interpolation: step_after,
            span_nulls: "1h", insert_nulls: false,
            tooltip: single, tooltip_sort: asc,
            axis_label: "requests/s", axis_placement: right, axis_soft_min: 0, axis_soft_max: 100,
            log_scale: 2,
            legend_sort_by: "Max", legend_sort_desc: true,
            no_value: "no traffic", max_data_points: 500,
            mappings: [
                value "0" => "idle" { color: "blue" },
                range 0.5..10 => { color: "green" },
                regex "^err.*" => "error",
                null_nan => "N/A",
            ],
            series "Total" { color: "red", stacking: none, fill_opacity: 0, line_width: 3 }
            series regex "/^api-.*$/i" { hidden: [legend, tooltip], transform: negative_y }
            series query B { unit: "bytes", decimals: 1, draw_style: line, axis_placement: left, display_name: "All" }
            series type number { stacking: { mode: normal, group: "B" }, min: 0, max: 2000, hidden: true }
            "{{job}}" => r#"sum by (job) (rate(http_requests_total{job=~"$job", team=~"$team", env=~"$env"}[$window]))"# { exemplar: true },
            _ => "sum(rate(http_requests_total[$__rate_interval]))" { hide: true, interval: "1m" },
        }
        stat "Stat" {
            unit: "percent", color: thresholds,
            thresholds: [red, orange: 90, green: 99],
            calcs: ["mean"], values: false, fields: "/^Value$/", limit: 5,
            text_mode: value_and_name, no_value: "-", color_mode: background,
            graph_mode: none, justify_mode: center, orientation: horizontal,
            set: { "options.showPercentChange": true },
            // `allow` silences a check that fires: here, on purpose, a quantile above 1 (+Inf).
            "{{region}}" => r#"quantile by (region) (1.5, up{region="$region", path=~"$filter"})"# { instant: true, allow: ["quantile-range"], set: { "intervalFactor": 2 } },
        }
    }
    row "Collapsed" collapsed {
        gauge "Gauge" {
            unit: "s", min: 0, max: 10, color: green_yellow_red, width: 6,
            show_threshold_markers: false, show_threshold_labels: true,
            _ => "max(process_cpu_seconds_total)",
        }
        bargauge "Bar gauge" {
            unit: "bytes", legend: hidden, color: "dark-blue", width: 18, instant: true,
            display_mode: lcd, value_mode: text,
            "{{job}}" => "sort_desc(topk(5, sum by (job) (process_resident_memory_bytes)))",
        }
        table "Table" {
            unit: "short", instant: true, format: table, width: 24, height: 10, sort: desc,
            align: right, cell: color_background,
            series "Value #A" { width: 120, align: left, cell: gauge }
            series "job" { hidden: true }
            "{{job}}" => "sum by (job) (up)",
            "{{job}}" => "count by (job) (up)",
        }
        heatmap "Heatmap" {
            unit: "s", legend: list, color: "orange", width: 24,
            "{{le}}" => "sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval]))",
        }
    }
    row "Forms" collapsed repeat env {
        piechart "Pie" {
            unit: "short", legend: { mode: table, placement: right },
            transform: [reduce { calcs: ["lastNotNull"] }, organize { rename: { "Field": "Job" } }],
            links: ["Job" => "https://example/${__field.labels.job}?env=${env}" { new_tab: true }],
            repeat: job { direction: h, max_per_row: 3 },
            "{{job}}" => "sum by (job) (up)",
        }
        state_timeline "States" { unit: "none", thresholds: [red, green: 1], "{{job}}" => "up" }
        barchart "Bars" { unit: "short", instant: true, format: table, "{{job}}" => "sum by (job) (up)" }
        histogram "Spread" { unit: "s", stacking: normal, _ => "scrape_duration_seconds" }
        status_history "History" { unit: "none", _ => "up" }
        text "Code" { content: "{}", mode: code { language: json } }
    }
};

fn parsed() -> Value {
    serde_json::from_str(EVERY_OPTION.json).expect("the dashboard is valid JSON")
}

/// Every panel, top level and inside collapsed rows, by title.
fn panel<'a>(json: &'a Value, title: &str) -> &'a Value {
    json["panels"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| std::iter::once(p).chain(p["panels"].as_array().into_iter().flatten()))
        .find(|p| p["title"] == title)
        .unwrap_or_else(|| panic!("no panel titled {title:?}"))
}

fn variable<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["templating"]["list"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no variable {name:?}"))
}

#[test]
fn the_constant_carries_the_identity() {
    assert_eq!(EVERY_OPTION.uid, "every-option_1");
    assert_eq!(EVERY_OPTION.title, "Every option");
    assert_eq!(EVERY_OPTION.folder, "Tests");
    assert_eq!(EVERY_OPTION.tags, ["dsl", "coverage"]);
    assert_eq!(EVERY_OPTION.relative_path(), "Tests/every-option_1.json");
}

#[test]
fn dashboard_options_reach_the_json() {
    let d = parsed();
    assert_eq!(d["uid"], "every-option_1");
    assert_eq!(d["title"], "Every option");
    assert_eq!(d["description"], "Uses every option of the DSL.");
    assert_eq!(d["tags"], json!(["dsl", "coverage"]));
    assert_eq!(d["refresh"], "1m");
    assert_eq!(d["time"], json!({"from": "now-6h", "to": "now-5m"}));
    assert_eq!(d["timezone"], "utc");
    assert_eq!(d["graphTooltip"], 2);
    assert_eq!(d["editable"], true, "not the default, which is false");
    assert!(d.get("id").is_none());
    assert_eq!(d["liveNow"], true, "from `set`");
    assert_eq!(d["weekStart"], "monday", "from `week_start`");

    let links = d["links"].as_array().expect("links");
    assert_eq!(links.len(), 2);
    assert_eq!(links[0]["type"], "dashboards");
    assert_eq!(links[0]["title"], "Related");
    assert_eq!(links[0]["tags"], json!(["dsl"]));
    assert_eq!(links[0]["asDropdown"], true);
    assert_eq!(links[0]["keepTime"], false);
    assert_eq!(links[0]["includeVars"], false);
    assert_eq!(links[1]["type"], "link");
    assert_eq!(links[1]["url"], "https://runbooks.example/dsl");
    assert_eq!(links[1]["targetBlank"], true);
    assert_eq!(links[1]["tooltip"], "How to react");
}

#[test]
fn variables_reach_the_json() {
    let d = parsed();
    let names: Vec<&str> = d["templating"]["list"]
        .as_array()
        .expect("templating.list")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "datasource",
            "job",
            "team",
            "env",
            "window",
            "region",
            "filter"
        ]
    );
    let ds = variable(&d, "datasource");
    assert_eq!(ds["type"], "datasource");
    assert_eq!(ds["current"]["value"], "prom-main");

    let job = variable(&d, "job");
    assert_eq!(job["type"], "query");
    assert_eq!(job["query"], "label_values(up, job)");
    assert_eq!(job["label"], "Job");
    assert_eq!(job["description"], "Scrape job");
    assert_eq!(job["hide"], 1);
    assert_eq!(job["multi"], true);
    assert_eq!(job["includeAll"], true);
    assert_eq!(job["allValue"], ".*");
    assert_eq!(job["regex"], "/api.*/");
    assert_eq!(job["sort"], 3);
    assert_eq!(
        job["datasource"],
        json!({"type": "prometheus", "uid": "${datasource}"})
    );

    let team = variable(&d, "team");
    assert_eq!(team["type"], "query", "a filter is a query variable");
    assert_eq!(team["query"], "label_values(up, team)");
    assert_eq!(team["multi"], true);
    assert_eq!(team["includeAll"], true);
    assert_eq!(team["allValue"], ".*");
    assert_eq!(team["current"]["value"], json!(["$__all"]));

    let env = variable(&d, "env");
    assert_eq!(env["type"], "custom");
    assert_eq!(env["query"], "prod,staging");
    assert_eq!(env["allValue"], "prod|staging");
    assert_eq!(env["options"].as_array().map(Vec::len), Some(3));

    let window = variable(&d, "window");
    assert_eq!(window["type"], "interval");
    assert_eq!(window["query"], "1m,5m");
    assert_eq!(window["auto"], true);
    assert_eq!(window["hide"], 2);

    let region = variable(&d, "region");
    assert_eq!(region["type"], "constant");
    assert_eq!(region["query"], "eu-west-1");
    assert_eq!(region["hide"], 2, "constants are always hidden");

    let filter = variable(&d, "filter");
    assert_eq!(filter["type"], "textbox");
    assert_eq!(filter["label"], "Filter");
    assert_eq!(filter["query"], "");
}

#[test]
fn rows_and_layout_reach_the_json() {
    let d = parsed();
    let top: Vec<(&str, &str)> = d["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .map(|p| {
            (
                p["type"].as_str().unwrap_or(""),
                p["title"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        top,
        [
            ("text", "About"),
            ("row", "Time series"),
            ("timeseries", "Stacked with a dashed threshold"),
            ("stat", "Stat"),
            ("row", "Collapsed"),
            ("row", "Forms"),
        ],
        "an expanded row is followed by its panels; a collapsed one holds them"
    );
    let collapsed = panel(&d, "Collapsed");
    assert_eq!(collapsed["collapsed"], true);
    assert_eq!(collapsed["panels"].as_array().map(Vec::len), Some(4));
    assert_eq!(panel(&d, "Time series")["collapsed"], false);

    let pos = |title: &str| panel(&d, title)["gridPos"].clone();
    assert_eq!(pos("About"), json!({"h": 3, "w": 24, "x": 0, "y": 0}));
    assert_eq!(pos("Time series"), json!({"h": 1, "w": 24, "x": 0, "y": 3}));
    // The default: 12 x 8, two per line.
    assert_eq!(
        pos("Stacked with a dashed threshold"),
        json!({"h": 8, "w": 12, "x": 0, "y": 4})
    );
    assert_eq!(pos("Stat"), json!({"h": 8, "w": 12, "x": 12, "y": 4}));
    assert_eq!(pos("Gauge"), json!({"h": 8, "w": 6, "x": 0, "y": 13}));
    assert_eq!(pos("Bar gauge"), json!({"h": 8, "w": 18, "x": 6, "y": 13}));
    assert_eq!(pos("Table"), json!({"h": 10, "w": 24, "x": 0, "y": 21}));
}

#[test]
fn panel_options_reach_the_json() {
    let d = parsed();

    let text = panel(&d, "About");
    assert_eq!(text["description"], "What this dashboard is for.");
    assert_eq!(text["options"]["mode"], "markdown");
    assert_eq!(
        text["options"]["content"],
        "# Every option\nOne panel of each kind."
    );
    assert!(text.get("targets").is_none() && text.get("datasource").is_none());

    let ts = panel(&d, "Stacked with a dashed threshold");
    let defaults = &ts["fieldConfig"]["defaults"];
    assert_eq!(ts["description"], "Requests by job.");
    assert_eq!(defaults["unit"], "reqps");
    assert_eq!(defaults["min"], 0);
    assert_eq!(defaults["max"], 1000);
    assert_eq!(defaults["decimals"], 2);
    assert_eq!(defaults["color"]["mode"], "palette-classic");
    assert_eq!(defaults["custom"]["stacking"]["mode"], "percent");
    assert_eq!(defaults["custom"]["thresholdsStyle"]["mode"], "dashed+area");
    assert_eq!(
        defaults["thresholds"],
        json!({"mode": "percentage", "steps": [
            {"color": "green", "value": null},
            {"color": "#ff0000", "value": 90},
        ]})
    );
    assert_eq!(
        ts["options"]["legend"],
        json!({
            "calcs": ["mean", "max", "p95"], "displayMode": "table", "placement": "right",
            "showLegend": true, "sortBy": "Max", "sortDesc": true,
        })
    );
    let custom = &ts["fieldConfig"]["defaults"]["custom"];
    let styled = [
        ("fillOpacity", json!(20)),
        ("lineWidth", json!(2)),
        ("gradientMode", json!("opacity")),
        ("showPoints", json!("never")),
        ("pointSize", json!(4)),
        ("drawStyle", json!("bars")),
        ("lineInterpolation", json!("stepAfter")),
        ("spanNulls", json!(3_600_000)),
        ("insertNulls", json!(false)),
        ("axisLabel", json!("requests/s")),
        ("axisPlacement", json!("right")),
        ("axisSoftMin", json!(0)),
        ("axisSoftMax", json!(100)),
        ("scaleDistribution", json!({"log": 2, "type": "log"})),
    ];
    for (key, value) in styled {
        assert_eq!(custom[key], value, "custom.{key}");
    }
    assert_eq!(
        custom["stacking"],
        json!({"group": "A", "mode": "percent"}),
        "`stacking` beside the short forms"
    );
    assert_eq!(
        ts["options"]["tooltip"],
        json!({"hideZeros": false, "mode": "single", "sort": "asc"})
    );
    assert_eq!(ts["fieldConfig"]["defaults"]["noValue"], "no traffic");
    assert_eq!(ts["maxDataPoints"], 500);
    assert_eq!(
        ts["fieldConfig"]["defaults"]["mappings"],
        json!([
            {"options": {"0": {"color": "blue", "index": 0, "text": "idle"}}, "type": "value"},
            {"options": {"from": 0.5, "result": {"color": "green", "index": 1}, "to": 10}, "type": "range"},
            {"options": {"pattern": "^err.*", "result": {"index": 2, "text": "error"}}, "type": "regex"},
            {"options": {"match": "null+nan", "result": {"index": 3, "text": "N/A"}}, "type": "special"},
        ])
    );
    assert_eq!(
        ts["fieldConfig"]["overrides"],
        json!([
            {
                "matcher": {"id": "byName", "options": "Total"},
                "properties": [
                    {"id": "color", "value": {"fixedColor": "red", "mode": "fixed"}},
                    {"id": "custom.stacking", "value": {"group": "A", "mode": "none"}},
                    {"id": "custom.fillOpacity", "value": 0},
                    {"id": "custom.lineWidth", "value": 3},
                ],
            },
            {
                "matcher": {"id": "byRegexp", "options": "/^api-.*$/i"},
                "properties": [
                    {"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": false}},
                    {"id": "custom.transform", "value": "negative-Y"},
                ],
            },
            {
                "matcher": {"id": "byFrameRefID", "options": "B"},
                "properties": [
                    {"id": "unit", "value": "bytes"},
                    {"id": "decimals", "value": 1},
                    {"id": "custom.drawStyle", "value": "line"},
                    {"id": "custom.axisPlacement", "value": "left"},
                    {"id": "displayName", "value": "All"},
                ],
            },
            {
                "matcher": {"id": "byType", "options": "number"},
                "properties": [
                    {"id": "custom.stacking", "value": {"group": "B", "mode": "normal"}},
                    {"id": "min", "value": 0},
                    {"id": "max", "value": 2000},
                    {"id": "custom.hideFrom", "value": {"legend": true, "tooltip": true, "viz": true}},
                ],
            },
        ])
    );
    let targets = ts["targets"].as_array().expect("targets");
    assert_eq!(targets[0]["exemplar"], true);
    assert!(targets[1].get("exemplar").is_none());
    assert_eq!(targets[0]["refId"], "A");
    assert_eq!(targets[0]["legendFormat"], "{{job}}");
    assert_eq!(targets[0]["interval"], "30s", "the panel's interval");
    assert_eq!(targets[0]["range"], true);
    assert_eq!(targets[0]["instant"], false);
    assert!(targets[0].get("hide").is_none());
    assert_eq!(targets[1]["refId"], "B");
    assert_eq!(targets[1]["legendFormat"], "__auto");
    assert_eq!(targets[1]["hide"], true);
    assert_eq!(
        targets[1]["interval"], "1m",
        "the query's own interval wins"
    );

    let stat = panel(&d, "Stat");
    assert_eq!(
        stat["fieldConfig"]["defaults"]["color"]["mode"],
        "thresholds"
    );
    assert_eq!(
        stat["fieldConfig"]["defaults"]["thresholds"]["steps"][2],
        json!({"color": "green", "value": 99})
    );
    assert_eq!(stat["targets"][0]["instant"], true);
    assert_eq!(stat["targets"][0]["range"], false);
    // Short forms at their paths, beside what the DSL writes there.
    assert_eq!(
        stat["options"]["reduceOptions"],
        json!({"calcs": ["mean"], "fields": "/^Value$/", "limit": 5, "values": false})
    );
    assert_eq!(stat["options"]["textMode"], "value_and_name");
    assert_eq!(stat["options"]["colorMode"], "background");
    assert_eq!(stat["options"]["graphMode"], "none");
    assert_eq!(stat["options"]["justifyMode"], "center");
    assert_eq!(stat["options"]["orientation"], "horizontal");
    assert_eq!(stat["options"]["showPercentChange"], true, "from `set`");
    assert_eq!(stat["fieldConfig"]["defaults"]["noValue"], "-");
    assert_eq!(stat["fieldConfig"]["defaults"]["unit"], "percent");
    assert_eq!(stat["targets"][0]["intervalFactor"], 2);
    assert!(stat["targets"][0].get("exemplar").is_none());

    let gauge = panel(&d, "Gauge");
    assert_eq!(
        gauge["fieldConfig"]["defaults"]["color"]["mode"],
        "continuous-GrYlRd"
    );
    assert_eq!(gauge["fieldConfig"]["defaults"]["max"], 10);
    assert_eq!(gauge["options"]["showThresholdMarkers"], false);
    assert_eq!(gauge["options"]["showThresholdLabels"], true);

    let bar = panel(&d, "Bar gauge");
    assert_eq!(
        bar["fieldConfig"]["defaults"]["color"],
        json!({"fixedColor": "dark-blue", "mode": "fixed"})
    );
    assert_eq!(bar["options"]["legend"]["showLegend"], false);
    assert_eq!(bar["options"]["displayMode"], "lcd");
    assert_eq!(bar["options"]["valueMode"], "text");
    assert_eq!(bar["targets"][0]["instant"], true, "the panel's instant");

    let table = panel(&d, "Table");
    assert_eq!(table["targets"][0]["format"], "table");
    assert_eq!(table["targets"][1]["format"], "table");
    assert_eq!(table["targets"][1]["refId"], "B");
    let steps: Vec<&str> = table["transformations"]
        .as_array()
        .expect("transformations of an instant table")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert_eq!(steps, ["merge", "organize"]);
    assert_eq!(
        table["fieldConfig"]["defaults"]["custom"],
        json!({
            "align": "right",
            "cellOptions": {"applyToRow": false, "type": "color-background"},
            "inspect": false,
        })
    );
    assert_eq!(
        table["fieldConfig"]["overrides"],
        json!([
            {
                "matcher": {"id": "byName", "options": "Value #A"},
                "properties": [
                    {"id": "custom.width", "value": 120},
                    {"id": "custom.align", "value": "left"},
                    {"id": "custom.cellOptions", "value": {"type": "gauge", "valueDisplayMode": "color"}},
                ],
            },
            {
                "matcher": {"id": "byName", "options": "job"},
                "properties": [{"id": "custom.hidden", "value": true}],
            },
        ])
    );
    assert_eq!(
        table["options"]["sortBy"],
        json!([{"desc": true, "displayName": "Value #A"}]),
        "two table queries: the first one's value column"
    );

    let heatmap = panel(&d, "Heatmap");
    assert_eq!(
        heatmap["targets"][0]["format"], "heatmap",
        "a heatmap's default"
    );
    assert_eq!(heatmap["options"]["calculate"], false);
    assert_eq!(heatmap["options"]["yAxis"]["unit"], "s");
    assert_eq!(heatmap["options"]["color"]["mode"], "opacity");
    assert_eq!(heatmap["options"]["color"]["fill"], "orange");
    assert_eq!(heatmap["options"]["legend"]["show"], true);
}

#[test]
fn every_datasource_reference_is_the_variable() {
    let d = parsed();
    let reference = json!({"type": "prometheus", "uid": "${datasource}"});
    for title in [
        "Stacked with a dashed threshold",
        "Stat",
        "Gauge",
        "Bar gauge",
        "Table",
        "Heatmap",
        "Pie",
        "States",
        "Bars",
        "Spread",
        "History",
    ] {
        let p = panel(&d, title);
        assert_eq!(p["datasource"], reference, "{title}");
        for t in p["targets"].as_array().into_iter().flatten() {
            assert_eq!(t["datasource"], reference, "{title}");
        }
    }
}

#[test]
fn forms_reach_the_json() {
    let d = parsed();
    assert_eq!(d["fiscalYearStartMonth"], 6);
    assert_eq!(
        d["timepicker"],
        json!({"nowDelay": "30s", "refresh_intervals": ["30s", "1m"]})
    );
    let annotations = &d["annotations"]["list"];
    assert_eq!(annotations[0]["hide"], false, "the built-in toggle shown");
    assert_eq!(annotations[1]["expr"], "changes(app_build_info[5m]) > 0");
    assert_eq!(annotations[1]["titleFormat"], "{{version}}");
    assert_eq!(annotations[1]["iconColor"], "blue");
    assert_eq!(annotations[1]["step"], "1m");
    assert_eq!(variable(&d, "job")["refresh"], 1);
    assert_eq!(
        variable(&d, "env")["current"],
        json!({"text": ["prod"], "value": ["prod"]})
    );

    let row = panel(&d, "Forms");
    assert_eq!(row["repeat"], "env");
    let pie = panel(&d, "Pie");
    assert_eq!(pie["type"], "piechart");
    assert_eq!(pie["repeat"], "job");
    assert_eq!(pie["repeatDirection"], "h");
    assert_eq!(pie["maxPerRow"], 3);
    assert_eq!(
        pie["transformations"],
        json!([
            {"id": "reduce", "options": {"reducers": ["lastNotNull"]}},
            {"id": "organize", "options": {"excludeByName": {}, "includeByName": {}, "indexByName": {}, "renameByName": {"Field": "Job"}}},
        ])
    );
    let link = &pie["fieldConfig"]["defaults"]["links"][0];
    assert_eq!(link["title"], "Job");
    assert_eq!(
        link["url"],
        "https://example/${__field.labels.job}?env=${env}"
    );
    assert_eq!(link["targetBlank"], true);
    let kinds: Vec<&str> = ["States", "Bars", "Spread", "History"]
        .into_iter()
        .map(|title| panel(&d, title)["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        kinds,
        ["state-timeline", "barchart", "histogram", "status-history"]
    );
    let code = panel(&d, "Code");
    assert_eq!(code["options"]["mode"], "code");
    assert_eq!(code["options"]["code"]["language"], "json");
}
