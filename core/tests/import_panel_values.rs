//! `dashc import` of panel values and queries the DSL writes with a form
//! of its own: a unit id Grafana does not know (`unit: as_is`), every field
//! color mode, a mapping's own `index`, the Status Panel plugin's query keys
//! (dropped, listed on stderr), queries and panels kept with `allow`
//! (`empty-query`, `legend-label`, `no-query`) and panels
//! reading another panel's results (`from_panel`). Each imports, compiles
//! and carries every leaf of its source.

use dashc_core::import::{ImportError, Imported, Options};
use serde_json::{json, Value};

mod common;

use common::{compiled, dashboard, round_trips};

fn run(d: &Value) -> Result<Imported, Vec<ImportError>> {
    common::import_json(d, &Options::default())
}

fn panel(kind: &str, title: &str, id: u32, x: u32, defaults: Value, targets: Value) -> Value {
    json!({"type": kind, "id": id, "title": title,
           "gridPos": {"x": x, "y": 0, "w": 12, "h": 8},
           "fieldConfig": {"defaults": defaults, "overrides": []},
           "targets": targets})
}

fn query(expr: &str) -> Value {
    json!([{"expr": expr, "refId": "A"}])
}

#[test]
fn a_unit_grafana_does_not_know_is_kept_as_it_is() {
    let d = dashboard(json!([
        panel("timeseries", "Q", 1, 0, json!({"unit": "qps"}), query("up")),
        panel(
            "stat",
            "E",
            2,
            12,
            json!({"unit": "Errors/sec"}),
            query("up")
        ),
    ]));
    let imported = run(&d).expect("imports");
    assert!(
        imported.body.contains(r#"unit: as_is "qps""#),
        "{}",
        imported.body
    );
    let out = round_trips(&d, &imported);
    assert_eq!(
        out["panels"][1]["fieldConfig"]["defaults"]["unit"],
        "Errors/sec"
    );
}

#[test]
fn every_field_color_mode_is_carried() {
    let colors = [
        json!({"mode": "shades", "fixedColor": "light-blue"}),
        json!({"mode": "continuous-BlPu"}),
        json!({"mode": "palette-classic-by-name"}),
        json!({"mode": "fixed"}),
        json!({"mode": "thresholds", "fixedColor": "super-light-blue"}),
        json!({"mode": "palette-classic", "fixedColor": "red"}),
    ];
    let panels: Vec<Value> = colors
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let kind = if i == 5 { "timeseries" } else { "stat" };
            let mut p = panel(
                kind,
                &format!("P{i}"),
                i as u32 + 1,
                (i as u32 % 2) * 12,
                json!({"unit": "s", "color": c}),
                query("up"),
            );
            p["gridPos"]["y"] = json!(i as u32 / 2 * 8);
            p
        })
        .collect();
    let d = dashboard(Value::Array(panels));
    let imported = run(&d).expect("imports");
    for text in [
        r#"color: shades "light-blue""#,
        "color: blue_purple",
        "color: palette_classic_by_name",
        "color: fixed,",
        r#"color: thresholds { fixed_color: "super-light-blue" }"#,
        r#"color: palette_classic { fixed_color: "red" }"#,
    ] {
        assert!(imported.body.contains(text), "{text}\n{}", imported.body);
    }
    round_trips(&d, &imported);
}

#[test]
fn a_color_mode_grafana_has_not_is_an_error_naming_its_path() {
    let d = dashboard(json!([panel(
        "stat",
        "S",
        1,
        0,
        json!({"unit": "s", "color": {"mode": "continuous-BlPurple"}}),
        query("up")
    )]));
    let errors = run(&d).expect_err("not a mode of Grafana");
    assert_eq!(
        errors[0].pointer,
        "/panels/0/fieldConfig/defaults/color/mode"
    );
    assert!(
        errors[0].message.contains("continuous-BlPu,"),
        "{}",
        errors[0]
    );
}

#[test]
fn mappings_keep_their_index_and_status_panel_query_keys_are_dropped_with_a_line() {
    let mut p = panel(
        "status-history",
        "S",
        1,
        0,
        json!({"unit": "none", "mappings": [
            {"type": "value", "options": {"3": {"color": "green", "index": 1, "text": "up"}}},
            {"type": "range", "options": {"from": 1, "to": 2, "result": {"color": "dark-red", "index": 0, "text": "down"}}},
            {"type": "special", "options": {"match": "null", "result": {"color": "text", "index": 2, "text": "no data"}}}
        ]}),
        query("up"),
    );
    for (k, v) in [
        ("aggregation", json!("Last")),
        ("decimals", json!(2)),
        ("displayAliasType", json!("Warning / Critical")),
        ("displayType", json!("Regular")),
        ("displayValueWithAlias", json!("Never")),
        ("units", json!("none")),
        ("valueHandler", json!("Number Threshold")),
    ] {
        p["targets"][0][k] = v;
    }
    let d = dashboard(json!([p]));
    let imported = run(&d).expect("imports");
    assert!(imported.body.contains("index: 1"), "{}", imported.body);
    let dropped: Vec<&String> = imported
        .adjusted
        .iter()
        .filter(|a| a.contains("/panels/0/targets/0/") && a.contains("Status Panel"))
        .collect();
    assert_eq!(dropped.len(), 7, "{:?}", imported.adjusted);
    let out = compiled(&imported);
    assert!(out["panels"][0]["targets"][0].get("valueHandler").is_none());
    let mappings = &out["panels"][0]["fieldConfig"]["defaults"]["mappings"];
    assert_eq!(mappings[0]["options"]["3"]["index"], 1);
    assert_eq!(mappings[1]["options"]["result"]["index"], 0);
}

#[test]
fn empty_queries_legends_and_panels_without_query_or_title_are_kept_with_allow() {
    let d = dashboard(json!([
        panel(
            "timeseries",
            "A",
            1,
            0,
            json!({"unit": "s"}),
            json!([
                {"expr": "up", "refId": "A"},
                {"expr": "", "refId": "B"},
                {"expr": "up", "legendFormat": "{{ $__name__ }}", "refId": "C"}
            ])
        ),
        {"type": "timeseries", "id": 2, "title": "Pollers",
         "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "short"}, "overrides": []}},
        panel("stat", "", 3, 0, json!({"unit": "s"}), query("up")),
    ]));
    let imported = run(&d).expect("imports");
    let rules: Vec<(&str, &str)> = imported
        .allowed
        .iter()
        .map(|a| (a.rule.as_str(), a.pointer.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            ("empty-query", "/panels/0/targets/1/expr"),
            ("legend-label", "/panels/0/targets/2/legendFormat"),
            ("no-query", "/panels/1"),
        ]
    );
    assert!(
        imported.allowed[2]
            .to_string()
            .contains("(id 2), /panels/1: allowed `no-query`"),
        "{}",
        imported.allowed[2]
    );
    assert!(
        imported.body.contains(r#"allow: ["no-query"],"#),
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn a_panel_on_the_dashboard_datasource_reads_the_panel_by_title_or_id() {
    let source = json!({"type": "datasource", "uid": "-- Dashboard --"});
    let reads = |title: &str, id: u32, x: u32, of: u32| {
        let mut p = panel(
            "timeseries",
            title,
            id,
            x,
            json!({"unit": "s"}),
            json!([{"datasource": source, "panelId": of, "refId": "A"}]),
        );
        p["datasource"] = source.clone();
        p["gridPos"]["y"] = json!(8);
        p
    };
    let d = dashboard(json!([
        panel(
            "piechart",
            "Share",
            16,
            0,
            json!({"unit": "s"}),
            query("up")
        ),
        panel("piechart", "", 17, 12, json!({"unit": "s"}), query("up")),
        reads("By title", 3, 0, 16),
        reads("By id", 5, 12, 17),
    ]));
    let imported = run(&d).expect("imports");
    assert!(
        imported.body.contains(r#"from_panel: "Share","#),
        "{}",
        imported.body
    );
    assert!(
        imported.body.contains("from_panel: 2,"),
        "{}",
        imported.body
    );
    let out = round_trips(&d, &imported);
    assert_eq!(out["panels"][2]["targets"][0]["panelId"], 1);
    assert_eq!(out["panels"][3]["targets"][0]["panelId"], 2);
}

#[test]
fn a_dashboard_datasource_query_that_from_panel_cannot_write_is_an_error() {
    let source = json!({"type": "datasource", "uid": "-- Dashboard --"});
    let mut p = panel(
        "timeseries",
        "R",
        2,
        12,
        json!({"unit": "s"}),
        json!([{"datasource": source, "panelId": 99, "refId": "A"}]),
    );
    p["datasource"] = source.clone();
    let mut q = p.clone();
    q["id"] = json!(3);
    q["targets"][0]["panelId"] = json!(1);
    q["targets"][0]["withTransforms"] = json!(true);
    let d = dashboard(json!([
        panel("stat", "S", 1, 0, json!({"unit": "s"}), query("up")),
        p,
        q
    ]));
    let errors = run(&d).expect_err("no panel 99; withTransforms has no form");
    let at: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(
        at,
        [
            "/panels/1/targets/0/panelId",
            "/panels/2/targets/0/withTransforms"
        ]
    );
    assert!(errors[0].message.contains("id 99"), "{}", errors[0]);
}
