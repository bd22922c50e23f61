//! `dashc check` reaches every panel Grafana shows (legacy rows, nested
//! rows, `panels` objects, library panels), knows repeated panels, and
//! reports each finding once, with a rule, a severity and escaped text.

use dashc_core::catalog::Catalog;
use dashc_core::lint::{lint_dashboard, Finding, Severity};
use serde_json::{json, Value};

fn lint(dashboard: Value) -> Vec<Finding> {
    lint_dashboard(&dashboard.to_string(), "d.json", &Catalog::default())
}

fn with(rule: &str, findings: &[Finding]) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .cloned()
        .collect()
}

fn namespace_variable() -> Value {
    json!({"name": "namespace", "type": "query", "multi": true, "includeAll": true,
           "query": "label_values(up, namespace)"})
}

fn ds() -> Value {
    json!({"type": "prometheus", "uid": "prometheus"})
}

fn graph(title: &str, expr: &str) -> Value {
    json!({"type": "timeseries", "title": title, "datasource": ds(),
           "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
           "targets": [{"refId": "A", "expr": expr}]})
}

#[test]
fn legacy_rows_are_walked_as_grafana_migrates_them() {
    let d = json!({"uid": "u", "title": "T", "schemaVersion": 14,
    "templating": {"list": [namespace_variable()]},
    "rows": [
        {"title": "Plain", "panels": [
            {"type": "graph", "title": "Pods", "span": 6, "datasource": ds(),
             "targets": [{"refId": "A", "expr": "up{namespace=\"$namespace\"}"}]}]},
        {"title": "Per namespace", "repeat": "namespace", "panels": [
            {"type": "graph", "title": "Repeated", "span": 6, "datasource": ds(),
             "targets": [{"refId": "A", "expr": "up{namespace=\"$namespace\"}"}]}]}
    ]});
    let findings = lint(d);
    let multi = with("multi-value", &findings);
    assert_eq!(multi.len(), 1, "{multi:#?}");
    assert_eq!(multi[0].pointer, "/rows/0/panels/0/targets/0/expr");
    assert_eq!(multi[0].severity, Severity::Error);
    // The layout is reported once, as a warning; legacy panels have no gridPos.
    let legacy = with("schema-version", &findings);
    assert!(legacy.iter().any(|f| f.pointer == "/rows"), "{legacy:#?}");
    assert!(with("grid", &findings).is_empty());
    let angular = with("angular-panel", &findings);
    assert_eq!(angular.len(), 2);
    assert!(angular[0].message.contains("migrates it to `timeseries`"));
    assert_eq!(angular[0].severity, Severity::Warning);
}

#[test]
fn repeated_panels_and_rows_have_one_value_per_repetition() {
    let mut repeated_panel = graph("Per namespace", "up{namespace=\"$namespace\"}");
    repeated_panel["repeat"] = json!("namespace");
    let mut collapsed = json!({"type": "row", "title": "Collapsed", "collapsed": true,
        "repeat": "namespace", "gridPos": {"x": 0, "y": 20, "w": 0, "h": 1},
        "panels": [graph("In collapsed row", "up{namespace=\"$namespace\"}")]});
    collapsed["panels"][0]["gridPos"]["y"] = json!(21);
    let d = json!({"uid": "u", "title": "T", "schemaVersion": 42,
    "templating": {"list": [namespace_variable()]},
    "panels": [
        repeated_panel,
        {"type": "row", "title": "Open", "repeat": "namespace", "collapsed": false,
         "gridPos": {"x": 0, "y": 8, "w": 24, "h": 1}, "panels": []},
        {"type": "timeseries", "title": "Below the open row", "datasource": ds(),
         "gridPos": {"x": 0, "y": 9, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "up{namespace=\"$namespace\"}"}]},
        {"type": "row", "title": "Next", "gridPos": {"x": 0, "y": 17, "w": 24, "h": 1}},
        {"type": "timeseries", "title": "Not repeated", "datasource": ds(),
         "gridPos": {"x": 0, "y": 18, "w": 12, "h": 2},
         "targets": [{"refId": "A", "expr": "up{namespace=\"$namespace\"}"}]},
        collapsed
    ]});
    let findings = lint(d);
    let multi = with("multi-value", &findings);
    assert_eq!(multi.len(), 1, "{multi:#?}");
    assert_eq!(multi[0].panel.as_deref(), Some("Not repeated"));
    // A row's `w: 0` is no finding: Grafana makes every row full width.
    assert!(with("grid", &findings).is_empty(), "{findings:#?}");
}

#[test]
fn nested_rows_object_panels_and_library_panels_are_reached() {
    let d = json!({"uid": "u", "title": "T", "schemaVersion": 42,
    "panels": [
        {"type": "row", "title": "Outer", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
         "panels": [{"type": "row", "title": "Inner", "gridPos": {"x": 0, "y": 1, "w": 24, "h": 1},
             "panels": [graph("Deep", "rate(x[5m]")]}]},
        {"libraryPanel": {"uid": "lib1", "name": "Shared CPU"},
         "gridPos": {"x": 0, "y": 2, "w": 12, "h": 8}}
    ]});
    let findings = lint(d);
    let promql = with("promql", &findings);
    assert_eq!(promql.len(), 1, "{findings:#?}");
    assert_eq!(
        promql[0].pointer,
        "/panels/0/panels/0/panels/0/targets/0/expr"
    );
    let library = with("library-panel", &findings);
    assert_eq!(library.len(), 1);
    assert!(library[0].message.contains("Shared CPU"));
    assert!(with("panel-type", &findings).is_empty());

    let d = json!({"uid": "u", "title": "T", "schemaVersion": 42,
        "panels": {"a": graph("Keyed", "rate(x[5m]")}});
    let findings = lint(d);
    let structure = with("panel-structure", &findings);
    assert_eq!(structure.len(), 1);
    assert_eq!(structure[0].pointer, "/panels");
    assert_eq!(structure[0].severity, Severity::Error);
    assert_eq!(
        with("promql", &findings)[0].pointer,
        "/panels/a/targets/0/expr"
    );
}

#[test]
fn grid_defaults_empty_uid_and_one_finding_per_mistake() {
    let mut no_x = graph("No x", "up");
    no_x["gridPos"] = json!({"y": 0, "w": 12, "h": 8});
    let mut no_w = graph("No w", "up");
    no_w["gridPos"] = json!({"x": 12, "y": 0, "h": 8});
    let d = json!({"uid": "", "title": "T", "schemaVersion": 42,
        "templating": {"list": [namespace_variable()]},
        "panels": [no_x, no_w,
            graph("Thrice", "up{namespace=\"$namespace\"} + up{namespace=\"$namespace\"} + up{namespace=\"$namespace\"}")]});
    let findings = lint(d);
    let grid = with("grid", &findings);
    assert_eq!(grid.len(), 1, "{grid:#?}");
    assert!(grid[0].message.contains("no `w`") && grid[0].message.contains("w 6"));
    let uid = with("missing-uid", &findings);
    assert_eq!(uid.len(), 1);
    assert!(
        uid[0].message.contains("the uid is empty"),
        "{}",
        uid[0].message
    );
    assert!(!uid[0].message.contains("has 0 characters"));
    let multi = with("multi-value", &findings);
    assert_eq!(multi.len(), 1, "{multi:#?}");
    assert!(multi[0].message.contains("3 places in this query"));
}

#[test]
fn control_characters_from_the_file_are_escaped() {
    let d = json!({"uid": "u\u{1b}[2J", "title": "T", "schemaVersion": 42,
        "panels": [{"type": "timeseries", "title": "evil\u{1b}]0;x\u{7}\nline",
            "datasource": ds(), "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "targets": [{"refId": "A\r", "expr": "rate(x[5m]"}]}]});
    let findings = lint(d);
    assert!(findings.len() >= 2);
    for f in &findings {
        let printed = f.to_string();
        assert!(
            !printed.contains('\u{1b}') && !printed.contains('\r') && !printed.contains('\u{7}'),
            "{printed:?}"
        );
    }
    let printed: String = findings.iter().map(|f| f.to_string()).collect();
    assert!(
        printed.contains("evil\\u{1b}]0;x\\u{7}\\nline"),
        "{printed}"
    );
}

#[test]
fn units_are_checked_with_a_suggestion() {
    let unit = |u: &str| {
        let mut p = graph("Rate", "up");
        p["fieldConfig"] = json!({"defaults": {"unit": u}});
        let findings = lint(json!({"uid": "u", "title": "T", "schemaVersion": 42, "panels": [p]}));
        with("unknown-unit", &findings)
    };
    assert!(unit("reqps").is_empty());
    assert!(unit("suffix:req/s").is_empty());
    let f = unit("qps");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(
        f[0].message.contains("did you mean `reqps`?"),
        "{}",
        f[0].message
    );
    assert!(f[0].message.contains("plain suffix"));
    assert_eq!(unit("read/s").len(), 1);
}

#[test]
fn query_rules_reach_the_linter() {
    let catalog = Catalog::parse(
        "# TYPE jobs_total counter\njobs_total{queue=\"a\"} 1\n",
        "app.prom",
    )
    .unwrap();
    let d = json!({"uid": "u", "title": "T", "schemaVersion": 42, "panels": [
        graph("Quantile", "histogram_quantile(50, sum by (le) (rate(x_bucket[5m])))"),
        graph("Range", "jobs_total[5m]"),
        graph("Raw", "sum(jobs_total)"),
        graph("Count", "histogram_quantile(0.5, sum by (le) (rate(y_count[5m])))"),
        {"type": "table", "title": "Instant range", "datasource": ds(),
         "gridPos": {"x": 12, "y": 40, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "jobs_total[5m]", "instant": true}]}
    ]});
    let findings = lint_dashboard(&d.to_string(), "d.json", &catalog);
    let rules: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.query.is_some())
        .map(|f| (f.panel.as_deref().unwrap_or(""), f.rule))
        .collect();
    assert!(rules.contains(&("Quantile", "quantile-range")), "{rules:?}");
    assert!(
        rules.contains(&("Range", "range-vector-query")),
        "{rules:?}"
    );
    assert!(rules.contains(&("Raw", "raw-counter")), "{rules:?}");
    assert!(
        rules.contains(&("Count", "histogram-quantile")),
        "{rules:?}"
    );
    assert!(
        !rules.iter().any(|(p, _)| *p == "Instant range"),
        "{rules:?}"
    );
}

#[test]
fn legacy_units_are_checked_where_grafana_migrates_them() {
    let d = json!({"uid": "u", "title": "T", "schemaVersion": 42, "panels": [
        {"type": "graph", "title": "G", "datasource": ds(),
         "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "yaxes": [{"format": "req/s"}, {"format": "Misc"}],
         "targets": [{"refId": "A", "expr": "up"}]},
        {"type": "singlestat", "title": "S", "datasource": ds(), "format": "percent",
         "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "up"}]}]});
    let units = with("unknown-unit", &lint(d));
    assert_eq!(units.len(), 1, "{units:#?}");
    assert_eq!(units[0].pointer, "/panels/0/yaxes/0/format");
    assert!(units[0].message.contains("did you mean `reqps`?"));
}
