//! The builder, dashc's second front end: the same dashboard written with
//! the DSL and with the builder gives the same bytes; problems are reported
//! at the Rust call site that introduced them; dashboards computed in a
//! loop; a built dashboard written by the tree writer.

mod common;

use common::{catalog_path, TempDir};
use dashc_core::builder::{Expression, Legend, Link, Panel, Query, Row, Thresholds, Variable};
use dashc_core::catalog::Catalog;
use dashc_core::dsl::compile_dashboard_str;
use dashc_core::model::{
    ColorMode, GraphTooltip, LegendMode, LegendPlacement, SortOrder, Stacking, TargetFormat,
    ThresholdsMode, ThresholdsStyle, VariableHide,
};
use dashc_core::output::{write_tree, TreeOptions};
use dashc_core::{Compiled, Dashboard, DashboardFile};
use serde_json::json;
use std::path::Path;
use std::sync::Arc;

/// A dashboard using every option of the DSL, as DSL text (the body of a
/// `dashboard!`), its catalog relative to `core/`.
const DSL: &str = r##"
uid: "builder-parity",
title: "Builder parity",
description: "Every option, written with the DSL and with the builder.",
folder: "Upstream",
tags: ["upstream", "api"],
refresh: "30s",
time: "now-6h".."now",
timezone: "utc",
tooltip: shared_crosshair,
editable: false,
datasource: "prometheus",
catalog: ["../dashboards-def/catalogs/django-prometheus.prom"],
experimental: false,
links: [
    dashboards "Upstream" { tags: ["upstream"], as_dropdown: true },
    url "Runbook" "https://runbooks.example/api" { new_tab: true, keep_time: false, include_vars: false, tooltip: "What to do" },
],
set: { "liveNow": true, "preload": true },
variables {
    job: filter "label_values(django_http_requests_total_by_method_total, job)" { label: "Job" },
    method: query "label_values(django_http_requests_total_by_method_total, method)" {
        label: "Method", description: "HTTP method", hide: label, multi: true,
        include_all: true, all_value: ".*", regex: "GET|POST", sort: 2,
    },
    env: custom ["prod", "staging"] { multi: true, include_all: true, all_value: "prod|staging" },
    window: interval ["1m", "5m", "15m"] { auto: true },
    region: constant "eu-west-1" { hide: variable },
    search: textbox "" { label: "Search" },
},
stat "Request rate" {
    unit: "reqps", decimals: 1, color: thresholds,
    thresholds: [green, red: 100],
    set: { "options.wideLayout": false },
    _ => r#"sum(rate(django_http_requests_total_by_method_total{job=~"$job"}[5m]))"#,
}
row "Request metrics" {
    timeseries "HTTP request rate by method" {
        description: "By method.", unit: "reqps", min: 0, stacking: normal,
        legend: { mode: table, placement: right, calcs: ["mean", "max"] },
        thresholds: { mode: absolute, style: dashed, steps: [green, "#ff0000": 80.5] },
        interval: "30s",
        set: { "fieldConfig.defaults.custom.axisWidth": 2 },
        "{{method}}" => r#"sum by (method) (rate(django_http_requests_total_by_method_total{job=~"$job", method=~"$method"}[$__rate_interval]))"#,
        "total" => "sum(rate(django_http_requests_total_by_method_total[$window]))" { interval: "1m", set: { "intervalFactor": 2 } },
        "hidden" => "sum(rate(django_http_requests_total_by_method_total[5m]))" { hide: true },
    }
    gauge "Error share" {
        unit: "percent", min: 0, max: 100, color: "blue", width: 6, height: 6,
        thresholds: { mode: percentage, steps: [green, orange: 50, red: 90] },
        _ => "100 * sum(rate(django_http_responses_total_by_status_total{status=~\"5..\"}[5m])) / sum(rate(django_http_responses_total_by_status_total[5m]))",
    }
    bargauge "Requests by method" {
        unit: "short", legend: list, instant: true, width: 6, height: 6, color: palette_classic,
        "{{method}}" => "sum by (method) (increase(django_http_requests_total_by_method_total[$__range]))",
    }
    heatmap "Latency" {
        unit: "s", color: green_yellow_red, legend: hidden,
        "{{le}}" => "sum by (le) (rate(django_http_requests_latency_seconds_by_view_method_bucket[$__rate_interval]))",
    }
}
row "Details" collapsed {
    table "Top endpoints" {
        unit: "short", instant: true, format: table, width: 24, sort: desc,
        "{{view}}" => "topk(10, sum by (view) (increase(django_http_requests_total_by_view_transport_method_total[$__range])))",
    }
    timeseries "Raw counter" {
        unit: "short",
        _ => "sum(django_http_requests_total_by_method_total)" { allow: ["raw-counter"], format: time_series, instant: false },
    }
    text "Notes" { content: "# Notes\nSee the runbook.", width: 24, height: 3 }
}
"##;

/// The same dashboard with the builder.
fn built() -> Dashboard_ {
    Dashboard::builder("builder-parity", "Builder parity")
        .description("Every option, written with the DSL and with the builder.")
        .folder("Upstream")
        .tags(["upstream", "api"])
        .refresh("30s")
        .time("now-6h", "now")
        .timezone("utc")
        .tooltip(GraphTooltip::SharedCrosshair)
        .editable(false)
        .datasource("prometheus")
        .catalog_file(catalog_path("django-prometheus.prom"))
        .experimental(false)
        .link(Link::dashboards("Upstream", ["upstream"]).as_dropdown(true))
        .link(
            Link::url("Runbook", "https://runbooks.example/api")
                .new_tab(true)
                .keep_time(false)
                .include_vars(false)
                .tooltip("What to do"),
        )
        .set("liveNow", true)
        .set("preload", true)
        .variable(
            Variable::filter(
                "job",
                "label_values(django_http_requests_total_by_method_total, job)",
            )
            .label("Job"),
        )
        .variable(
            Variable::query(
                "method",
                "label_values(django_http_requests_total_by_method_total, method)",
            )
            .label("Method")
            .description("HTTP method")
            .hide(VariableHide::Label)
            .multi(true)
            .include_all(true)
            .all_value(".*")
            .regex("GET|POST")
            .sort(2),
        )
        .variable(
            Variable::custom("env", ["prod", "staging"])
                .multi(true)
                .include_all(true)
                .all_value("prod|staging"),
        )
        .variable(Variable::interval("window", ["1m", "5m", "15m"]).auto(true))
        .variable(Variable::constant("region", "eu-west-1").hide(VariableHide::Variable))
        .variable(Variable::textbox("search", "").label("Search"))
        .panel(
            Panel::stat("Request rate")
                .unit("reqps")
                .decimals(1)
                .color(ColorMode::Thresholds)
                .thresholds(Thresholds::new("green").step("red", 100.0))
                .set("options.wideLayout", false)
                .query(Query::new(
                    r#"sum(rate(django_http_requests_total_by_method_total{job=~"$job"}[5m]))"#,
                )),
        )
        .row(
            Row::new("Request metrics")
                .panel(
                    Panel::timeseries("HTTP request rate by method")
                        .description("By method.")
                        .unit("reqps")
                        .min(0.0)
                        .stacking(Stacking::Normal)
                        .legend(
                            Legend::new(LegendMode::Table)
                                .placement(LegendPlacement::Right)
                                .calcs(["mean", "max"]),
                        )
                        .thresholds(
                            Thresholds::new("green")
                                .step("#ff0000", 80.5)
                                .mode(ThresholdsMode::Absolute)
                                .style(ThresholdsStyle::Dashed),
                        )
                        .interval("30s")
                        .set("fieldConfig.defaults.custom.axisWidth", 2)
                        .query(Query::new(r#"sum by (method) (rate(django_http_requests_total_by_method_total{job=~"$job", method=~"$method"}[$__rate_interval]))"#).legend("{{method}}"))
                        .query(
                            Query::new("sum(rate(django_http_requests_total_by_method_total[$window]))")
                                .legend("total")
                                .interval("1m")
                                .set("intervalFactor", 2),
                        )
                        .query(
                            Query::new("sum(rate(django_http_requests_total_by_method_total[5m]))")
                                .legend("hidden")
                                .hide(true),
                        ),
                )
                .panel(
                    Panel::gauge("Error share")
                        .unit("percent")
                        .min(0.0)
                        .max(100.0)
                        .color(ColorMode::Fixed("blue".into()))
                        .width(6)
                        .height(6)
                        .thresholds(
                            Thresholds::new("green")
                                .step("orange", 50.0)
                                .step("red", 90.0)
                                .mode(ThresholdsMode::Percentage),
                        )
                        .query(Query::new("100 * sum(rate(django_http_responses_total_by_status_total{status=~\"5..\"}[5m])) / sum(rate(django_http_responses_total_by_status_total[5m]))")),
                )
                .panel(
                    Panel::bargauge("Requests by method")
                        .unit("short")
                        .legend(LegendMode::List)
                        .instant(true)
                        .color(ColorMode::PaletteClassic)
                        .width(6)
                        .height(6)
                        .query(Query::new("sum by (method) (increase(django_http_requests_total_by_method_total[$__range]))").legend("{{method}}")),
                )
                .panel(
                    Panel::heatmap("Latency")
                        .unit("s")
                        .color(ColorMode::GreenYellowRed)
                        .legend(LegendMode::Hidden)
                        .query(Query::new("sum by (le) (rate(django_http_requests_latency_seconds_by_view_method_bucket[$__rate_interval]))").legend("{{le}}")),
                ),
        )
        .row(
            Row::new("Details")
                .collapsed(true)
                .panel(
                    Panel::table("Top endpoints")
                        .unit("short")
                        .instant(true)
                        .format(TargetFormat::Table)
                        .width(24)
                        .sort(SortOrder::Descending)
                        .query(Query::new("topk(10, sum by (view) (increase(django_http_requests_total_by_view_transport_method_total[$__range])))").legend("{{view}}")),
                )
                .panel(
                    Panel::timeseries("Raw counter").unit("short").query(
                        Query::new("sum(django_http_requests_total_by_method_total)")
                            .allow("raw-counter")
                            .format(TargetFormat::TimeSeries)
                            .instant(false),
                    ),
                )
                .panel(
                    Panel::text("Notes")
                        .content("# Notes\nSee the runbook.")
                        .width(24)
                        .height(3),
                ),
        )
        .build()
}

/// What a build gives.
type Dashboard_ = Result<Compiled, dashc_core::builder::BuildErrors>;

fn core_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(file, line)` of every problem of a failed build.
fn places(result: Dashboard_) -> Vec<(String, u32, String)> {
    let errors = result.expect_err("the build fails");
    errors
        .iter()
        .map(|e| (e.file().to_owned(), e.line(), e.message().to_owned()))
        .collect()
}

/// This file as `#[track_caller]` names it.
fn this_file() -> &'static str {
    file!()
}

#[test]
fn the_builder_gives_the_bytes_the_dsl_gives() {
    let dsl = compile_dashboard_str(DSL, core_dir());
    let shown: Vec<String> = dsl.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "the DSL side compiles: {shown:#?}");
    let dsl_json = dsl
        .value
        .and_then(|c| c.json)
        .expect("the DSL side renders");
    let built = built().unwrap_or_else(|e| panic!("the builder side builds:\n{e}"));
    assert_eq!(built.json, dsl_json);
    assert_eq!(built.uid, "builder-parity");
    assert_eq!(built.title, "Builder parity");
    assert_eq!(built.folder, "Upstream");
    assert_eq!(built.tags, ["upstream", "api"]);
    assert_eq!(built.relative_path(), "Upstream/builder-parity.json");
    // Every option reached the JSON (a sample of them, by value).
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    assert_eq!(value["liveNow"], json!(true));
    assert_eq!(
        value["templating"]["list"].as_array().map(Vec::len),
        Some(7)
    );
    assert_eq!(value["panels"][0]["options"]["wideLayout"], false);
}

#[test]
fn a_bad_query_is_reported_at_its_call_site_with_carets() {
    let line = line!() + 1;
    let query = Query::new("sum(rate(up[5m])");
    let result = Dashboard::builder("bad-query", "Bad query")
        .without_catalog()
        .panel(Panel::stat("Up").unit("none").query(query))
        .build();
    let errors = result.expect_err("a bad query fails the build");
    assert_eq!(errors.len(), 1, "{errors}");
    let error = &errors.as_slice()[0];
    assert_eq!((error.file(), error.line()), (this_file(), line));
    assert_eq!(error.column(), 17, "the column of `Query::new`");
    assert!(error.range().is_some());
    // Display: `file:line:column: message`, the query and carets below.
    let shown = errors.to_string();
    assert!(
        shown.starts_with(&format!("{}:{line}:17: ", this_file())),
        "{shown}"
    );
    assert!(shown.contains("| sum(rate(up[5m])"), "{shown}");
    assert!(shown.contains('^'), "{shown}");
    // Debug prints the same, for `.expect(..)` and `main() -> Result`.
    assert_eq!(format!("{errors:?}"), shown);
}

#[test]
fn an_unknown_metric_is_reported_at_its_call_site() {
    let catalog = Catalog::load(&[catalog_path("django-prometheus.prom")], None);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let line = line!() + 1;
    let query = Query::new("sum(rate(django_http_request_total[5m]))");
    let found = places(
        Dashboard::builder("unknown-metric", "Unknown metric")
            .catalog(catalog.catalog)
            .panel(Panel::timeseries("Requests").unit("reqps").query(query))
            .build(),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), (this_file(), line));
    assert!(
        found[0]
            .2
            .contains("unknown metric `django_http_request_total`"),
        "{}",
        found[0].2
    );
}

#[test]
fn catalog_files_are_read_and_their_problems_placed() {
    let missing = core_dir().join("no-such-catalog.prom");
    let builder = Dashboard::builder("missing-catalog", "Missing catalog");
    let line = line!() + 1;
    let builder = builder.catalog_file(&missing);
    let found = places(
        builder
            .panel(Panel::stat("Up").unit("none").query(Query::new("sum(up)")))
            .build(),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1, line);
    assert!(
        found[0].2.contains("cannot read the metric catalog"),
        "{}",
        found[0].2
    );
}

#[test]
fn an_undeclared_variable_is_reported_at_its_call_site() {
    let line = line!() + 1;
    let query = Query::new(r#"sum(up{job=~"$jobb"})"#);
    let found = places(
        Dashboard::builder("undeclared", "Undeclared")
            .without_catalog()
            .variable(Variable::filter("job", "label_values(up, job)"))
            .panel(Panel::stat("Up").unit("none").query(query))
            .build(),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), (this_file(), line));
    assert!(found[0].2.contains("undeclared variable"), "{}", found[0].2);
    assert!(
        found[0].2.contains("`$job`"),
        "a suggestion: {}",
        found[0].2
    );
}

#[test]
fn a_bad_set_path_is_reported_at_its_call_site() {
    let panel = Panel::stat("Up").unit("none").query(Query::new("sum(up)"));
    let line = line!() + 1;
    let panel = panel.set("options.textMod", "value");
    let found = places(
        Dashboard::builder("bad-set", "Bad set")
            .without_catalog()
            .panel(panel)
            .build(),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), (this_file(), line));
    assert!(
        found[0]
            .2
            .contains("`set` path \"options.textMod\" on a stat panel"),
        "{}",
        found[0].2
    );
    assert!(
        found[0].2.contains("textMode"),
        "a suggestion: {}",
        found[0].2
    );
}

#[test]
fn every_problem_is_reported_at_once_each_at_its_own_call() {
    let dashboard_line = line!() + 1;
    let builder = Dashboard::builder("", "Many problems");
    let refresh_line = line!() + 1;
    let builder = builder.refresh("soon");
    let variable_line = line!() + 1;
    let variable = Variable::custom("my-env", Vec::<String>::new());
    let panel_line = line!() + 1;
    let panel = Panel::stat("Up");
    let legend_line = line!() + 1;
    let panel = panel.legend(LegendMode::Table).decimals(21);
    let query_line = line!() + 1;
    let query = Query::new("sum(up)").legend("{{job");
    let result = builder.variable(variable).panel(panel.query(query)).build();
    let found = places(result);
    let lines: Vec<u32> = found.iter().map(|f| f.1).collect();
    let messages: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    // Assembling first (an option the kind lacks, at its own call), then
    // the catalog, then the checks in the model's order.
    let expected = [
        (legend_line, "`legend` does not apply to a stat panel"),
        (dashboard_line, "no metric catalog"),
        (dashboard_line, "the uid is empty"),
        (refresh_line, "invalid refresh \"soon\""),
        (variable_line, "invalid variable name \"my-env\""),
        (variable_line, "the list of values of `my-env` is empty"),
        (panel_line, "has no `unit`"),
        (panel_line, "`decimals` 21 is out of range: use 0 to 20"),
        (query_line, "unclosed `{{` in legend"),
    ];
    assert_eq!(found.len(), expected.len(), "{messages:#?}");
    for ((line, message), (want_line, want)) in lines.iter().zip(&messages).zip(expected) {
        assert!(message.contains(want), "{message:?} should say {want:?}");
        assert_eq!(*line, want_line, "{message}");
    }
}

#[test]
fn panels_generated_in_a_loop_over_services() {
    let services = ["billing", "search", "checkout"];
    let catalog: Arc<Catalog> = Arc::new(
        Catalog::parse(
            "# TYPE http_requests_total counter\nhttp_requests_total{service=\"billing\",code=\"200\"} 1\n",
            "services.prom",
        )
        .expect("catalog parses"),
    );
    let dashboards: Vec<Compiled> = services
        .iter()
        .map(|service| {
            Dashboard::builder(format!("svc-{service}"), format!("Service {service}"))
                .folder("Services")
                .catalog(Arc::clone(&catalog))
                .build()
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    assert_eq!(dashboards.len(), 3);
    let overview = Dashboard::builder("services", "Services")
        .catalog(catalog)
        .row(Row::new("Request rates").panels(services.iter().map(|service| {
            Panel::timeseries(format!("{service} requests"))
                .unit("reqps")
                .width(8)
                .query(
                    Query::new(format!(
                        r#"sum by (code) (rate(http_requests_total{{service="{service}"}}[$__rate_interval]))"#
                    ))
                    .legend("{{code}}"),
                )
        })))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let value: serde_json::Value = serde_json::from_str(&overview.json).expect("JSON");
    let panels = value["panels"].as_array().expect("panels");
    // The row, then one panel per service, side by side (8 columns each).
    let titles: Vec<&str> = panels.iter().filter_map(|p| p["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Request rates",
            "billing requests",
            "search requests",
            "checkout requests"
        ]
    );
    let xs: Vec<i64> = panels[1..]
        .iter()
        .filter_map(|p| p["gridPos"]["x"].as_i64())
        .collect();
    assert_eq!(xs, [0, 8, 16]);
    assert!(panels[2]["targets"][0]["expr"]
        .as_str()
        .is_some_and(|e| e.contains(r#"service="search""#)));
    // A typo in one service's generated query is caught, at the loop's call.
    let typo = |service: &str| {
        let query = format!("sum(rate(http_request_total{{service=\"{service}\"}}[5m]))");
        Panel::stat(service).unit("reqps").query(Query::new(query))
    };
    let line = line!() - 2;
    let result = Dashboard::builder("typo", "Typo")
        .catalog(Catalog::parse("# TYPE http_requests_total counter\n", "x.prom").expect("parses"))
        .panels(["billing", "search"].into_iter().map(typo))
        .build();
    let found = places(result);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found
        .iter()
        .all(|f| f.1 == line && f.2.contains("unknown metric")));
}

#[test]
fn a_built_dashboard_is_written_by_the_tree_writer() {
    let built = built().unwrap_or_else(|e| panic!("{e}"));
    let tmp = TempDir::new("builder");
    let root = tmp.0.join("grafana");
    let report = write_tree(
        &root,
        &TreeOptions::new(std::slice::from_ref(&built), core_dir()),
    )
    .expect("the tree is written");
    assert_eq!(
        report.written,
        [Path::new("dashboards/Upstream/builder-parity.json")]
    );
    let written = std::fs::read_to_string(root.join("dashboards/Upstream/builder-parity.json"))
        .expect("the file is there");
    assert_eq!(written, built.json);
    // Beside a macro constant, through `&dyn DashboardFile`: the built
    // dashboard is unchanged, the constant is added.
    let mixed: [&dyn DashboardFile; 2] = [&built, &common::API];
    let report = write_tree(&root, &TreeOptions::new(&mixed, core_dir())).expect("written");
    assert_eq!(report.written, [Path::new("dashboards/Upstream/api.json")]);
    assert_eq!(
        report.unchanged,
        [Path::new("dashboards/Upstream/builder-parity.json")]
    );
    // The set rules apply to built dashboards too: a uid written twice.
    let twice = [built.clone(), built];
    let error = write_tree(&root, &TreeOptions::new(&twice, core_dir())).expect_err("refused");
    assert!(error.to_string().contains("builder-parity"), "{error}");
}

#[test]
fn a_set_value_nested_too_deep_is_refused() {
    // Built in code, not read: no reader capped its nesting.
    let mut value = json!(1);
    for _ in 0..100 {
        value = json!({ "a": value });
    }
    let line = line!() + 1;
    let builder = Dashboard::builder("deep", "Deep").set("liveNow", value);
    let found = places(builder.without_catalog().build());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1, line);
    assert!(
        found[0].2.contains("nested deeper than 48 levels"),
        "{}",
        found[0].2
    );
}

#[test]
fn numbers_the_dsl_cannot_write_are_refused() {
    let line = line!() + 1;
    let panel = Panel::gauge("Odd").unit("none").min(f64::NAN);
    let step_line = line!() + 1;
    let thresholds = Thresholds::new("green").step("red", f64::INFINITY);
    let query = Query::new("sum(up)");
    let found = places(
        Dashboard::builder("odd", "Odd")
            .without_catalog()
            .panel(panel.thresholds(thresholds).query(query))
            .build(),
    );
    let summary: Vec<(u32, &str)> = found.iter().map(|f| (f.1, f.2.as_str())).collect();
    assert_eq!(
        summary,
        [
            (line, "`min` is NaN: give a finite number"),
            (
                step_line,
                "threshold step `red` has the value inf: give a finite number"
            ),
        ]
    );
}

#[test]
fn a_set_path_given_twice_is_reported_at_the_second_call() {
    let panel = Panel::stat("Up")
        .unit("none")
        .set("options.wideLayout", true);
    let line = line!() + 1;
    let panel = panel.set("options.wideLayout", false);
    let found = places(
        Dashboard::builder("twice", "Twice")
            .without_catalog()
            .panel(panel.query(Query::new("sum(up)")))
            .build(),
    );
    let summary: Vec<(u32, &str)> = found.iter().map(|f| (f.1, f.2.as_str())).collect();
    assert_eq!(
        summary,
        [(
            line,
            "duplicate path \"options.wideLayout\" in `set`: keep one"
        )]
    );
}

#[test]
fn expressions_refids_and_alert_lists_give_the_bytes_the_dsl_gives() {
    let dsl = compile_dashboard_str(
        r##"uid: "exprs", title: "Expressions", catalog: [],
stat "Ratio" {
    unit: "percent",
    _ => "sum(up)" { hide: true, ref_id: "UP" },
    _ => "count(up)" { hide: true },
    math "$UP * 100 / $A" { ref_id: "RATIO" },
}
alertlist "Alerts" { set: { "options.stateFilter.normal": true } }
"##,
        core_dir(),
    );
    let shown: Vec<String> = dsl.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "the DSL side compiles: {shown:#?}");
    let dsl_json = dsl.value.and_then(|c| c.json).expect("renders");
    let built = Dashboard::builder("exprs", "Expressions")
        .panel(
            Panel::stat("Ratio")
                .unit("percent")
                .query(Query::new("sum(up)").hide(true).ref_id("UP"))
                .query(Query::new("count(up)").hide(true))
                .expression(Expression::math("$UP * 100 / $A").ref_id("RATIO")),
        )
        .panel(Panel::alertlist("Alerts").set("options.stateFilter.normal", true))
        .without_catalog()
        .build()
        .unwrap_or_else(|e| panic!("the builder side builds:\n{e}"));
    assert_eq!(built.json, dsl_json);
}

#[test]
fn an_expression_naming_no_query_is_reported_at_its_call_site() {
    let line = line!() + 1;
    let expression = Expression::math("$C * 2");
    let found = places(
        Dashboard::builder("bad-expr", "Bad expression")
            .without_catalog()
            .panel(
                Panel::stat("S")
                    .unit("none")
                    .query(Query::new("up").hide(true))
                    .expression(expression),
            )
            .build(),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), (this_file(), line));
    assert!(
        found[0].2.contains("names $C, which is not a query"),
        "{}",
        found[0].2
    );
}

/// The dashboard-level forms, as DSL text: annotations, the time picker
/// and calendar, variables' `current` and `refresh`, ad hoc filters, link
/// icons.
const DASHBOARD_FORMS_DSL: &str = r##"
uid: "builder-forms",
title: "Builder forms",
catalog: [],
links: [
    dashboards "" { tags: ["api"] },
    url "Docs" "https://docs.example" { icon: "doc" },
],
time_picker: { hidden: true, refresh_intervals: ["10s", "1m"], now_delay: "1m" },
week_start: monday,
fiscal_year_start: 3,
variables {
    job: query "label_values(up, job)" { refresh: on_load, current: "api" },
    cluster: query "label_values(up, cluster)" { refresh: never, current: none },
    envs: custom ["prod", "staging", "dev"] { multi: true, current: ["prod", "dev"] },
    window: interval ["1m", "5m"] { auto: true, current: "auto" },
    filters: adhoc { label: "Filters" },
},
annotations {
    builtin: { hide: false },
    deploys: prometheus "histogram_quantile(1.5, rate(x_bucket[5m]))" {
        name: "Deploys", color: "blue", title: "{{job}}", text: "restarted", tags: ["job"], step: "60s",
        enable: false, hide: true, allow: ["quantile-range"],
    },
    flux: tagged ["flux", "$job"] { name: "flux events", match_any: true, limit: 20 },
},
stat "Up" { unit: "none", _ => "sum(up)" }
"##;

#[test]
fn the_builder_writes_the_dashboard_level_forms_as_the_dsl_does() {
    use dashc_core::builder::{Annotation, TimePicker};
    use dashc_core::model::{VariableRefresh, WeekStart};
    let dsl = compile_dashboard_str(DASHBOARD_FORMS_DSL, core_dir());
    let shown: Vec<String> = dsl.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "the DSL side compiles: {shown:#?}");
    let dsl_json = dsl.value.and_then(|c| c.json).expect("renders");
    let built = Dashboard::builder("builder-forms", "Builder forms")
        .without_catalog()
        .link(Link::dashboards("", ["api"]))
        .link(Link::url("Docs", "https://docs.example").icon("doc"))
        .time_picker(
            TimePicker::new()
                .hidden(true)
                .refresh_intervals(["10s", "1m"])
                .now_delay("1m"),
        )
        .week_start(WeekStart::Monday)
        .fiscal_year_start(3)
        .variable(
            Variable::query("job", "label_values(up, job)")
                .refresh(VariableRefresh::OnLoad)
                .current("api"),
        )
        .variable(
            Variable::query("cluster", "label_values(up, cluster)")
                .refresh(VariableRefresh::Never)
                .current_none(),
        )
        .variable(
            Variable::custom("envs", ["prod", "staging", "dev"])
                .multi(true)
                .current_values(["prod", "dev"]),
        )
        .variable(
            Variable::interval("window", ["1m", "5m"])
                .auto(true)
                .current("auto"),
        )
        .variable(Variable::adhoc("filters").label("Filters"))
        .builtin_annotation(true, false)
        .annotation(
            Annotation::prometheus("deploys", "histogram_quantile(1.5, rate(x_bucket[5m]))")
                .display_name("Deploys")
                .color("blue")
                .title("{{job}}")
                .text("restarted")
                .tag_keys(["job"])
                .step("60s")
                .enable(false)
                .hide(true)
                .allow(["quantile-range"]),
        )
        .annotation(
            Annotation::tagged("flux", ["flux", "$job"])
                .display_name("flux events")
                .match_any(true)
                .limit(20),
        )
        .panel(Panel::stat("Up").unit("none").query(Query::new("sum(up)")))
        .build()
        .unwrap_or_else(|e| panic!("the builder side builds:\n{e}"));
    assert_eq!(built.json, dsl_json);
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    assert_eq!(
        value["annotations"]["list"][2]["target"]["limit"],
        json!(20)
    );
    assert_eq!(value["templating"]["list"][5]["type"], json!("adhoc"));
    assert_eq!(
        value["templating"]["list"][2]["current"],
        json!({"text": "None", "value": ""})
    );
}

#[test]
fn dashboard_level_problems_are_reported_at_their_call_sites() {
    use dashc_core::builder::Annotation;
    let current_line = line!() + 3;
    let result = Dashboard::builder("forms-errors", "Forms errors")
        .without_catalog()
        .variable(Variable::custom("env", ["prod", "staging"]).current("prd"))
        .annotation(Annotation::tagged("flux", ["flux"]).limit(0))
        .panel(Panel::stat("Up").unit("none").query(Query::new("sum(up)")))
        .build();
    let errors = result.expect_err("two problems");
    let mut found: Vec<(u32, String)> = errors
        .iter()
        .map(|e| (e.line(), e.message().to_string()))
        .collect();
    found.sort();
    assert_eq!(found.len(), 2, "{errors}");
    assert_eq!(found[0].0, current_line, "{errors}");
    assert!(
        found[0].1.contains("\"prd\" is not a value of `env`"),
        "{errors}"
    );
    assert_eq!(found[1].0, current_line + 1, "{errors}");
    assert!(found[1].1.contains("`limit: 0` shows no event"), "{errors}");
}
