//! Each of Grafana's loader rules that `dashc check` applies, on small
//! dashboards that break exactly one of them.

use dashc_core::catalog::Catalog;
use dashc_core::lint::{lint_dashboard, Finding};
use serde_json::{json, Value};

/// A dashboard that breaks no rule; tests change one thing in it.
fn good() -> Value {
    json!({
        "uid": "good-one",
        "title": "Good",
        "schemaVersion": 42,
        "templating": {"list": [
            {"name": "job", "type": "query"},
            {"name": "window", "type": "interval"}
        ]},
        "panels": [
            {"id": 1, "type": "row", "title": "Row", "collapsed": false,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
            {"id": 2, "type": "timeseries", "title": "Rate",
             "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
             "datasource": {"type": "prometheus", "uid": "prometheus"},
             "targets": [{"refId": "A", "expr": "rate(up{job=~\"$job\"}[$window])"}]},
            {"id": 3, "type": "stat", "title": "Up",
             "gridPos": {"x": 12, "y": 1, "w": 12, "h": 8},
             "datasource": {"type": "prometheus", "uid": "prometheus"},
             "targets": [{"refId": "A", "expr": "sum(up)"}]}
        ]
    })
}

fn lint(dashboard: &Value) -> Vec<Finding> {
    lint_dashboard(&dashboard.to_string(), "d.json", &Catalog::default())
}

/// Exactly one finding, at `pointer`, whose message holds `needle`.
fn one(dashboard: &Value, pointer: &str, needle: &str) {
    let findings = lint(dashboard);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].pointer, pointer, "{findings:#?}");
    assert!(
        findings[0].message.contains(needle),
        "{}",
        findings[0].message
    );
}

#[test]
fn the_good_dashboard_has_no_finding_and_its_variables_are_declared() {
    assert_eq!(lint(&good()), []);
    let mut d = good();
    d["templating"]["list"] = json!([]);
    let findings = lint(&d);
    assert!(
        !findings.is_empty(),
        "undeclared $job and $window must be reported"
    );
    assert!(findings.iter().all(|f| f.ref_id.as_deref() == Some("A")));
}

#[test]
fn identity_and_title() {
    let mut d = good();
    d["title"] = json!("  ");
    one(&d, "/title", "no title");
    let mut d = good();
    d.as_object_mut().expect("object").remove("uid");
    one(&d, "/uid", "no `uid`");
    let mut d = good();
    d["uid"] = json!("upstream api");
    one(&d, "/uid", "contains ` `");
    let mut d = good();
    d["uid"] = json!("a".repeat(41));
    one(&d, "/uid", "is 41 characters long");
    let mut d = good();
    d["id"] = json!(7);
    one(&d, "/id", "remove `id`");
    let mut d = good();
    d["id"] = Value::Null;
    assert_eq!(lint(&d), []);
}

#[test]
fn wrapped_files_are_reported_and_their_inside_is_linted() {
    let mut inner = good();
    inner["schemaVersion"] = json!(16);
    let findings = lint(&json!({"dashboard": inner, "overwrite": true}));
    let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(pointers, ["/", "/dashboard/schemaVersion"], "{findings:#?}");
    assert!(findings[0]
        .message
        .contains("Dashboard title cannot be empty"));
}

#[test]
fn schema_version_and_angular_panels() {
    let mut d = good();
    d["schemaVersion"] = json!(27);
    one(&d, "/schemaVersion", "schemaVersion 27");
    let mut d = good();
    d.as_object_mut().expect("object").remove("schemaVersion");
    one(&d, "/schemaVersion", "no numeric `schemaVersion`");
    let mut d = good();
    d["panels"][2]["type"] = json!("singlestat");
    one(&d, "/panels/2/type", "migrates it to `stat`");
    let mut d = good();
    d["panels"][1]["type"] = json!("graph");
    one(&d, "/panels/1/type", "migrates it to `timeseries`");
}

#[test]
fn datasources() {
    let mut d = good();
    d["panels"][1]
        .as_object_mut()
        .expect("panel")
        .remove("datasource");
    one(&d, "/panels/1/datasource", "names no datasource");
    // A datasource on the target is enough.
    d["panels"][1]["targets"][0]["datasource"] = json!({"type": "prometheus", "uid": "p"});
    assert_eq!(lint(&d), []);
    let mut d = good();
    d["panels"][1]["datasource"] = json!("${DS_PROMETHEUS}");
    one(&d, "/panels/1/datasource", "interactive import");
    let mut d = good();
    d["panels"][1]["datasource"] = json!("Prometheus");
    one(&d, "/panels/1/datasource", "pre-8.3");
}

#[test]
fn the_24_column_grid() {
    let mut d = good();
    d["panels"][2]["gridPos"]["w"] = json!(13);
    one(&d, "/panels/2/gridPos", "x + w = 12 + 13 = 25");
    let mut d = good();
    d["panels"][2]["gridPos"] = json!({"x": 0, "y": 9, "w": 30, "h": 8});
    let messages: Vec<String> = lint(&d).into_iter().map(|f| f.message).collect();
    assert!(
        messages.iter().any(|m| m.contains("w = 30")),
        "{messages:?}"
    );
    let mut d = good();
    d["panels"][2]["gridPos"]["h"] = json!(0);
    one(&d, "/panels/2/gridPos", "height h = 0");
    let mut d = good();
    d["panels"][2]
        .as_object_mut()
        .expect("panel")
        .remove("gridPos");
    one(&d, "/panels/2/gridPos", "no `gridPos`");
    let mut d = good();
    d["panels"][2]["gridPos"]["x"] = json!(6);
    one(
        &d,
        "/panels/2/gridPos",
        "overlaps panel \"Rate\" (/panels/1)",
    );
}

#[test]
fn panel_ids_are_unique_rows_children_included() {
    let mut d = good();
    d["panels"][2]["id"] = json!(2);
    one(
        &d,
        "/panels/2/id",
        "also used by panel \"Rate\" (/panels/1)",
    );
    let mut d = good();
    d["panels"][0]["collapsed"] = json!(true);
    d["panels"][0]["panels"] = json!([{
        "id": 3, "type": "text", "title": "Note",
        "gridPos": {"x": 0, "y": 1, "w": 24, "h": 2}
    }]);
    one(
        &d,
        "/panels/2/id",
        "also used by panel \"Note\" (/panels/0/panels/0)",
    );
}

#[test]
fn unreadable_files_are_one_finding() {
    let findings = lint_dashboard("{\"title\": ", "bad.json", &Catalog::default());
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].message,
        "not valid JSON (line 1, column 10): EOF while parsing a value"
    );
    let findings = lint_dashboard("[1, 2]", "list.json", &Catalog::default());
    assert_eq!(findings.len(), 1);
    assert!(findings[0].message.contains("not a JSON object"));
}

#[test]
fn findings_come_in_file_order_and_other_datasources_are_left_alone() {
    let mut d = good();
    d["panels"][2]["gridPos"]["w"] = json!(13);
    d["panels"][1]["targets"][0]["expr"] = json!("rate(up[5m]");
    d["uid"] = json!("bad uid");
    let pointers: Vec<String> = lint(&d).into_iter().map(|f| f.pointer).collect();
    assert_eq!(
        pointers,
        ["/uid", "/panels/1/targets/0/expr", "/panels/2/gridPos"]
    );
    let mut d = good();
    d["panels"][1]["datasource"] = json!({"type": "loki", "uid": "logs"});
    d["panels"][1]["targets"][0]["expr"] = json!("{app=\"web\"} |= \"error\"");
    assert_eq!(lint(&d), []);
    d["panels"][1]["targets"][0]["datasource"] = json!({"type": "prometheus", "uid": "p"});
    assert_eq!(lint(&d).len(), 1);
}

#[test]
fn variable_queries_are_checked_against_the_catalog() {
    let catalog = Catalog::parse(
        "# TYPE jobs_total counter\njobs_total{queue=\"mail\"} 1\n",
        "app.prom",
    )
    .expect("catalog");
    let mut d = good();
    d["templating"]["list"][0]["query"] =
        json!({"query": "label_values(jobs_total, queu)", "refId": "A"});
    d["panels"][1]["targets"][0]["expr"] = json!("rate(jobs_total{job=~\"$job\"}[$window])");
    d["panels"][2]["targets"][0]["expr"] = json!("sum(jobs_total)");
    let findings = lint_dashboard(&d.to_string(), "d.json", &catalog);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].pointer, "/templating/list/0/query");
    assert!(findings[0].message.starts_with("variable `job`: "));
    assert!(findings[0].message.contains("did you mean `queue`?"));
    let shown = findings[0].to_string();
    assert!(shown.contains("column 26"), "{shown}");
    d["templating"]["list"][0]["query"] = json!("label_values(jobs_total, queue)");
    assert_eq!(lint_dashboard(&d.to_string(), "d.json", &catalog), []);
}

#[test]
fn multi_value_variables_in_equality_matchers_are_findings() {
    let expr = "rate(up{job=\"$job\"}[$window])";
    for (kind, flag) in [
        ("query", "multi"),
        ("query", "includeAll"),
        ("custom", "multi"),
    ] {
        let mut d = good();
        d["templating"]["list"][0] = json!({"name": "job", "type": kind, flag: true});
        d["panels"][1]["targets"][0]["expr"] = json!(expr);
        one(
            &d,
            "/panels/1/targets/0/expr",
            "use =~ for the multi-value variable $job",
        );
        let findings = lint(&d);
        let (query, range) = findings[0].query.clone().expect("a query finding");
        assert_eq!(&query[range], "\"$job\"");
    }
    // Single-value variables, and flags set to false, allow equality.
    let mut d = good();
    d["templating"]["list"][0] =
        json!({"name": "job", "type": "query", "multi": false, "includeAll": false});
    d["panels"][1]["targets"][0]["expr"] = json!(expr);
    assert_eq!(lint(&d), []);
    // A textbox has no "multi" in Grafana: the flag means nothing there.
    d["templating"]["list"][0] = json!({"name": "job", "type": "textbox", "multi": true});
    assert_eq!(lint(&d), []);
}

#[test]
fn a_panel_that_is_not_an_object_is_one_finding() {
    let mut d = good();
    d["panels"].as_array_mut().expect("panels").push(json!(5));
    one(
        &d,
        "/panels/3",
        "the panel is a number, not a JSON object: Grafana cannot show it; a panel is an \
         object with `type`, `title`, `gridPos` and, for a query panel, `targets`",
    );
}

#[test]
fn a_query_that_is_not_a_string_is_a_finding() {
    let mut d = good();
    d["panels"][2]["targets"][0]["expr"] = json!(5);
    let findings = lint(&d);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].pointer, "/panels/2/targets/0/expr");
    assert_eq!(findings[0].ref_id.as_deref(), Some("A"));
    assert_eq!(
        findings[0].message,
        "the query is a number, not a string; write the PromQL as a JSON string"
    );
}

#[test]
fn a_legend_placeholder_that_is_no_label_name_is_a_warning_with_the_fix() {
    for (legend, fix) in [
        ("{{server,api}}", "write `{{server}} {{api}}`"),
        ("P95 {{pod, route}}", "write `{{pod}} {{route}}`"),
        ("{{ $__name__ }}", "write `{{__name__}}`, without the `$`"),
        (
            "{{job} / {{x-y}}",
            "write `{{label}}` with a label of the query's result",
        ),
        ("{{job", "unclosed `{{`"),
    ] {
        let mut d = good();
        d["panels"][2]["targets"][0]["legendFormat"] = json!(legend);
        let findings = lint(&d);
        assert_eq!(findings.len(), 1, "{legend}: {findings:#?}");
        let f = &findings[0];
        assert_eq!(f.rule, "legend-label");
        assert_eq!(f.severity, dashc_core::lint::Severity::Warning);
        assert_eq!(f.pointer, "/panels/2/targets/0/legendFormat");
        assert_eq!(f.ref_id.as_deref(), Some("A"));
        assert!(f.message.contains(fix), "{legend}: {}", f.message);
    }
    // Label names, spaced or not, and text around them are fine.
    let mut d = good();
    d["panels"][2]["targets"][0]["legendFormat"] = json!("{{ job }} {{__name__}}: {{le}} s");
    assert!(lint(&d).is_empty());
}
