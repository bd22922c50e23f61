//! `dashc import` of panel structures Grafana allows and older dashboards
//! hold: panels and rows without a title, rows sharing a title, a panel
//! below a collapsed row outside it, threshold steps Grafana never shows
//! or with equal values, singlestats with empty thresholds, the Angular
//! heatmap, and heatmap queries of another format. Each imports, compiles
//! and round-trips leaf for leaf.

use dashc_core::import::{Imported, Options};
use serde_json::{json, Value};

mod common;

use common::{compiled, dashboard, round_trips};

fn run(d: &Value) -> Imported {
    match common::import_json(d, &Options::default()) {
        Ok(i) => i,
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn stat(title: &str, id: u32, y: u32, steps: Value) -> Value {
    json!({"type": "stat", "id": id, "title": title,
           "gridPos": {"x": 0, "y": y, "w": 12, "h": 8},
           "fieldConfig": {"defaults": {"unit": "s", "thresholds": {"mode": "absolute", "steps": steps}}, "overrides": []},
           "targets": [{"expr": "up", "refId": "A"}]})
}

#[test]
fn untitled_panels_and_rows_and_rows_sharing_a_title_round_trip() {
    let d = dashboard(json!([
        {"type": "text", "id": 1, "title": "", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 2},
         "options": {"mode": "html", "content": "<b>Header</b>"}},
        {"type": "row", "id": 2, "title": "", "collapsed": false, "gridPos": {"x": 0, "y": 2, "w": 24, "h": 1}, "panels": []},
        stat("A", 3, 3, json!([{"color": "green", "value": null}])),
        {"type": "row", "id": 4, "title": "Usage", "collapsed": false, "gridPos": {"x": 0, "y": 11, "w": 24, "h": 1}, "panels": []},
        stat("B", 5, 12, json!([{"color": "green", "value": null}])),
        {"type": "row", "id": 6, "title": "Usage", "collapsed": false, "gridPos": {"x": 0, "y": 20, "w": 24, "h": 1}, "panels": []},
        stat("C", 7, 21, json!([{"color": "green", "value": null}])),
    ]));
    let imported = run(&d);
    assert!(imported.body.contains("text \"\" {"), "{}", imported.body);
    assert!(imported.body.contains("row \"\" {"), "{}", imported.body);
    assert_eq!(
        imported.body.matches("row \"Usage\" {").count(),
        2,
        "{}",
        imported.body
    );
    round_trips(&d, &imported);
}

#[test]
fn a_panel_below_a_collapsed_row_is_written_after_it() {
    let d = dashboard(json!([
        {"type": "row", "id": 1, "title": "Details", "collapsed": true, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
         "panels": [stat("Inside", 2, 1, json!([{"color": "green", "value": null}]))]},
        {"type": "text", "id": 3, "title": "", "gridPos": {"x": 0, "y": 1, "w": 24, "h": 3},
         "options": {"mode": "markdown", "content": "footer"}},
    ]));
    let imported = run(&d);
    let row_at = imported
        .body
        .find("row \"Details\" collapsed")
        .expect("the row");
    let footer_at = imported.body.find("text \"\"").expect("the footer");
    assert!(footer_at > row_at, "{}", imported.body);
    let out = round_trips(&d, &imported);
    assert_eq!(out["panels"].as_array().map(Vec::len), Some(2));
    assert_eq!(out["panels"][1]["gridPos"]["y"], 1);
}

#[test]
fn threshold_steps_grafana_never_shows_are_dropped_and_listed() {
    // Grafana 7's singlestat migration wrote a color past the last level
    // without a value; equal values stay as they are.
    let d = dashboard(json!([
        stat(
            "Unshown",
            1,
            0,
            json!([{"color": "#299c46", "value": null}, {"color": "#e5ac0e", "value": 2}, {"color": "#bf1b00"}])
        ),
        stat(
            "Equal",
            2,
            8,
            json!([{"color": "#d44a3a", "value": null}, {"color": "orange", "value": 0}, {"color": "#299c46", "value": 0}])
        ),
    ]));
    let imported = run(&d);
    assert!(
        imported.adjusted.iter().any(|a| a.contains(
            "/panels/0/fieldConfig/defaults/thresholds/steps/2: dropped the threshold step `#bf1b00`: a step without a value is never shown"
        )),
        "{:?}",
        imported.adjusted
    );
    let out = round_trips(&d, &imported);
    assert_eq!(
        out["panels"][0]["fieldConfig"]["defaults"]["thresholds"]["steps"],
        json!([{"color": "#299c46", "value": null}, {"color": "#e5ac0e", "value": 2}])
    );
    assert_eq!(
        out["panels"][1]["fieldConfig"]["defaults"]["thresholds"]["steps"][2],
        json!({"color": "#299c46", "value": 0})
    );
}

#[test]
fn a_singlestat_with_empty_thresholds_becomes_a_stat_without_them() {
    let d = json!({"uid": "s", "title": "S", "schemaVersion": 14, "rows": [{"panels": [
        {"type": "singlestat", "id": 1, "title": "Volume", "span": 4, "format": "ops",
         "thresholds": "", "colors": ["red", "orange", "green"], "targets": [{"expr": "up", "refId": "A"}]},
        {"type": "singlestat", "id": 2, "title": "Rate", "span": 4, "format": "percentunit",
         "thresholds": ".9,.99", "colors": ["red", "orange", "green"], "targets": [{"expr": "up", "refId": "A"}]}
    ]}]});
    let imported = run(&d);
    let out = compiled(&imported);
    let p = &out["panels"];
    assert_eq!(p[0]["title"], "Volume");
    assert_eq!(p[0]["type"], "stat");
    // No thresholds of its own (Grafana converts them only when the string
    // is not empty).
    let volume = imported.body.split("stat \"Rate\"").next().unwrap();
    assert!(!volume.contains("thresholds"), "{}", imported.body);
    assert!(
        imported
            .body
            .contains("thresholds: [red, orange: 0.9, green: 0.99]"),
        "{}",
        imported.body
    );
    assert_eq!(
        p[1]["fieldConfig"]["defaults"]["thresholds"]["steps"],
        json!([{"color": "red", "value": null}, {"color": "orange", "value": 0.9}, {"color": "green", "value": 0.99}])
    );
}

#[test]
fn an_angular_heatmap_is_migrated_and_its_scheme_carried() {
    let d = json!({"uid": "h", "title": "H", "schemaVersion": 26, "panels": [
        {"type": "heatmap", "id": 1, "title": "Latency", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
         "cards": {"cardPadding": null, "cardRound": null},
         "color": {"cardColor": "#b4ff00", "colorScale": "sqrt", "colorScheme": "interpolatePlasma", "exponent": 0.5, "mode": "spectrum"},
         "dataFormat": "tsbuckets", "heatmap": {}, "hideZeroBuckets": true, "highlightCards": true,
         "legend": {"show": false}, "reverseYBuckets": false,
         "tooltip": {"show": true, "showHistogram": true}, "tooltipDecimals": 1,
         "xAxis": {"show": true}, "yAxis": {"decimals": null, "format": "s", "logBase": 1, "min": "0", "show": true},
         "yBucketBound": "upper",
         "targets": [{"expr": "sum by (le) (rate(x_bucket[5m]))", "format": "heatmap", "legendFormat": "{{le}}", "refId": "A"}]},
        {"type": "heatmap", "id": 2, "title": "Calculated", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 8},
         "color": {"cardColor": "#b4ff00", "colorScale": "sqrt", "colorScheme": "interpolateOranges", "exponent": 0.5, "mode": "spectrum"},
         "dataFormat": "timeseries", "legend": {"show": false}, "tooltip": {"show": false},
         "yAxis": {"format": "dtdurationms", "logBase": 1, "min": "0", "show": true},
         "targets": [{"expr": "x_bucket", "format": "time_series", "refId": "A"}]}
    ]});
    let imported = run(&d);
    // The second heatmap's query keeps its format: a heatmap's default is `heatmap`.
    assert!(
        imported.body.contains("format: time_series"),
        "{}",
        imported.body
    );
    let out = compiled(&imported);
    let o = &out["panels"][0]["options"];
    assert_eq!(o["calculate"], false);
    assert_eq!(o["color"]["scheme"], "Plasma");
    assert_eq!(o["color"]["fill"], "#b4ff00");
    assert_eq!(o["color"]["steps"], 128);
    assert_eq!(o["cellGap"], 2);
    assert_eq!(o["cellValues"]["decimals"], 1);
    assert_eq!(o["rowsFrame"]["layout"], "ge");
    assert_eq!(o["legend"]["show"], false);
    assert_eq!(o["showValue"], "never");
    assert_eq!(o["tooltip"]["mode"], "single");
    assert_eq!(o["tooltip"]["yHistogram"], true);
    assert_eq!(o["yAxis"]["unit"], "s");
    assert_eq!(o["yAxis"]["min"], 0);
    assert_eq!(o["filterValues"]["le"], 1e-9);
    let o = &out["panels"][1]["options"];
    assert_eq!(o["calculate"], true);
    assert_eq!(o["tooltip"]["mode"], "none");
    assert_eq!(o["yAxis"]["unit"], "dtdurationms");
    assert_eq!(out["panels"][1]["targets"][0]["format"], "time_series");
}

#[test]
fn a_legend_placeholder_that_is_no_label_name_is_kept_with_allow() {
    let d = dashboard(json!([
        {"type": "timeseries", "id": 1, "title": "P95", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []},
         "targets": [{"expr": "up", "legendFormat": "P95 po/{{pod, rt_route}}", "refId": "A"}]}
    ]));
    let imported = run(&d);
    assert!(
        imported.body.contains("allow: [\"legend-label\"]"),
        "{}",
        imported.body
    );
    assert_eq!(imported.allowed.len(), 1);
    assert_eq!(imported.allowed[0].rule, "legend-label");
    round_trips(&d, &imported);
}
