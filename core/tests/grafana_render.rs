//! The Grafana renderer on hand-built models: structure, layout, ids,
//! datasource references, per-kind options and determinism.

mod grafana_fixture;

use dashc_core::grafana::{render, SCHEMA_VERSION};
use dashc_core::layout::{find_overlap, GridPos, GRID_COLUMNS};
use dashc_core::model::{Dashboard, Item};
use grafana_fixture::{all, full_dashboard, minimal_dashboard};
use serde_json::{json, Value};

fn rendered(dashboard: &Dashboard) -> Value {
    let text = render(dashboard);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

fn panels(dashboard: &Value) -> &Vec<Value> {
    dashboard["panels"].as_array().expect("panels is an array")
}

/// Every panel: top-level ones and those inside collapsed rows, in document order.
fn all_panels(dashboard: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for p in panels(dashboard) {
        out.push(p);
        if let Some(children) = p["panels"].as_array() {
            out.extend(children);
        }
    }
    out
}

fn visualizations(dashboard: &Value) -> Vec<&Value> {
    all_panels(dashboard)
        .into_iter()
        .filter(|p| p["type"] != "row")
        .collect()
}

fn by_title<'a>(dashboard: &'a Value, title: &str) -> &'a Value {
    all_panels(dashboard)
        .into_iter()
        .find(|p| p["title"] == title)
        .unwrap_or_else(|| panic!("no panel titled {title:?}"))
}

fn grid_pos(panel: &Value) -> GridPos {
    let n = |k: &str| {
        panel["gridPos"][k]
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or_else(|| panic!("gridPos.{k} of {} is not a u32", panel["title"]))
    };
    GridPos {
        x: n("x"),
        y: n("y"),
        w: n("w"),
        h: n("h"),
    }
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn top_level_is_the_bare_dashboard_object() {
    let d = rendered(&full_dashboard());
    assert_eq!(
        keys(&d),
        [
            "annotations",
            "description",
            "editable",
            "fiscalYearStartMonth",
            "graphTooltip",
            "links",
            "panels",
            "refresh",
            "schemaVersion",
            "tags",
            "templating",
            "time",
            "timezone",
            "title",
            "uid",
        ]
    );
    assert_eq!(d["uid"], "full-coverage_01");
    assert_eq!(d["title"], "Full coverage");
    assert_eq!(d["description"], "Every option of the model.");
    assert_eq!(d["tags"], json!(["upstream", "api"]));
    assert_eq!(d["refresh"], "30s");
    assert_eq!(d["time"], json!({"from": "now-1h", "to": "now"}));
    assert_eq!(d["timezone"], "utc");
    assert_eq!(d["graphTooltip"], 1);
    assert_eq!(d["editable"], false);
    assert_eq!(d["schemaVersion"], SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 42);
}

#[test]
fn defaults_of_a_minimal_dashboard() {
    let d = rendered(&minimal_dashboard());
    assert!(d.get("id").is_none());
    assert!(d.get("dashboard").is_none());
    assert!(d.get("description").is_none());
    assert_eq!(d["refresh"], "");
    assert_eq!(d["graphTooltip"], 0);
    assert_eq!(d["editable"], true);
    assert_eq!(d["links"], json!([]));
    assert_eq!(d["tags"], json!([]));
    let list = d["templating"]["list"].as_array().expect("list");
    assert_eq!(list.len(), 1, "only the datasource variable");
    assert_eq!(list[0]["current"]["value"], "prometheus");
}

#[test]
fn builtin_annotation_is_present() {
    let d = rendered(&minimal_dashboard());
    assert_eq!(
        d["annotations"]["list"],
        json!([{
            "builtIn": 1,
            "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": true,
            "hide": true,
            "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts",
            "type": "dashboard"
        }])
    );
}

#[test]
fn links_have_every_field_grafana_requires() {
    let d = rendered(&full_dashboard());
    assert_eq!(
        d["links"],
        json!([
            {
                "asDropdown": true, "icon": "external link", "includeVars": true,
                "keepTime": true, "tags": ["upstream"], "targetBlank": false,
                "title": "Upstream", "tooltip": "", "type": "dashboards", "url": ""
            },
            {
                "asDropdown": false, "icon": "external link", "includeVars": false,
                "keepTime": false, "tags": [], "targetBlank": true,
                "title": "Runbook", "tooltip": "How to react", "type": "link",
                "url": "https://example.com/runbook"
            }
        ])
    );
}

#[test]
fn datasource_variable_comes_first_with_the_provisioned_uid() {
    let d = rendered(&full_dashboard());
    let list = d["templating"]["list"].as_array().expect("list");
    let ds = &list[0];
    assert_eq!(ds["type"], "datasource");
    assert_eq!(ds["name"], "datasource");
    assert_eq!(ds["query"], "prometheus");
    assert_eq!(
        ds["current"],
        json!({"text": "prom-main", "value": "prom-main"})
    );
    let names: Vec<&str> = list.iter().filter_map(|v| v["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "datasource",
            "job",
            "instance",
            "method",
            "step",
            "window",
            "env",
            "customer"
        ]
    );
}

#[test]
fn query_variables() {
    let d = rendered(&full_dashboard());
    let list = &d["templating"]["list"];
    let job = &list[1];
    assert_eq!(job["type"], "query");
    assert_eq!(
        job["datasource"],
        json!({"type": "prometheus", "uid": "${datasource}"})
    );
    assert_eq!(job["query"], "label_values(up, job)");
    assert_eq!(job["definition"], "label_values(up, job)");
    assert_eq!(job["refresh"], 2);
    assert_eq!(job["multi"], true);
    assert_eq!(job["includeAll"], true);
    assert_eq!(job["allValue"], ".*");
    assert_eq!(job["regex"], "/upstream.*/");
    assert_eq!(job["sort"], 1);
    assert_eq!(job["label"], "Job");
    assert_eq!(job["description"], "Scrape job");
    assert_eq!(job["hide"], 0);
    assert_eq!(
        job["current"],
        json!({"text": ["All"], "value": ["$__all"]})
    );

    let instance = &list[2];
    assert_eq!(instance["multi"], false);
    assert_eq!(instance["includeAll"], false);
    assert!(instance.get("allValue").is_none());
    assert!(
        instance.get("current").is_none(),
        "Grafana picks the first value"
    );
    assert_eq!(instance["regex"], "");
    assert_eq!(instance["sort"], 0);
}

#[test]
fn custom_interval_constant_and_textbox_variables() {
    let d = rendered(&full_dashboard());
    let list = &d["templating"]["list"];
    let method = &list[3];
    assert_eq!(method["type"], "custom");
    assert_eq!(method["query"], "GET,POST,a\\,b");
    assert_eq!(method["hide"], 1);
    assert_eq!(
        method["current"],
        json!({"text": ["GET"], "value": ["GET"]})
    );
    assert_eq!(
        method["options"],
        json!([
            {"selected": false, "text": "All", "value": "$__all"},
            {"selected": true, "text": "GET", "value": "GET"},
            {"selected": false, "text": "POST", "value": "POST"},
            {"selected": false, "text": "a,b", "value": "a,b"}
        ])
    );

    let step = &list[4];
    assert_eq!(step["type"], "interval");
    assert_eq!(step["query"], "1m,5m,1h");
    assert_eq!(step["auto"], true);
    assert_eq!(step["current"], json!({"text": "1m", "value": "1m"}));
    assert_eq!(step["options"][0]["value"], "$__auto");
    assert_eq!(step["options"].as_array().map(Vec::len), Some(4));
    let window = &list[5];
    assert_eq!(window["auto"], false);
    assert_eq!(window["options"].as_array().map(Vec::len), Some(1));

    let env = &list[6];
    assert_eq!(env["type"], "constant");
    assert_eq!(env["query"], "production");
    assert_eq!(env["hide"], 2);

    let customer = &list[7];
    assert_eq!(customer["type"], "textbox");
    assert_eq!(customer["query"], "acme");
    assert_eq!(customer["hide"], 2);
    assert_eq!(
        customer["current"],
        json!({"text": "acme", "value": "acme"})
    );
}

#[test]
fn panel_ids_are_unique_and_in_document_order() {
    for (name, model) in all() {
        let d = rendered(&model);
        let ids: Vec<u64> = all_panels(&d)
            .iter()
            .map(|p| p["id"].as_u64().expect("numeric id"))
            .collect();
        let expected: Vec<u64> = (1..=ids.len() as u64).collect();
        assert_eq!(ids, expected, "{name}");
    }
}

#[test]
fn rows_expanded_and_collapsed() {
    let d = rendered(&full_dashboard());
    let top = panels(&d);
    let types: Vec<&str> = top.iter().filter_map(|p| p["type"].as_str()).collect();
    assert_eq!(
        types,
        [
            "text",
            "stat",
            "gauge",
            "row",
            "timeseries",
            "timeseries",
            "timeseries",
            "timeseries",
            "timeseries",
            "timeseries",
            "timeseries",
            "row",
            "row",
            "row"
        ]
    );
    let requests = &top[3];
    assert_eq!(
        keys(requests),
        ["collapsed", "gridPos", "id", "panels", "title", "type"]
    );
    assert_eq!(requests["collapsed"], false);
    assert_eq!(requests["panels"], json!([]));
    let details = &top[11];
    assert_eq!(details["title"], "Details");
    assert_eq!(details["collapsed"], true);
    let children: Vec<&str> = details["panels"]
        .as_array()
        .expect("children")
        .iter()
        .filter_map(|p| p["title"].as_str())
        .collect();
    assert_eq!(
        children,
        [
            "Top endpoints",
            "Slowest endpoints",
            "Latency distribution",
            "Latency distribution (fixed color)",
            "Latency distribution (default colors)",
            "Requests by status",
            "Errors and requests by endpoint",
            "Requests over time"
        ]
    );
    for row in top.iter().filter(|p| p["type"] == "row") {
        let pos = grid_pos(row);
        assert_eq!((pos.x, pos.w, pos.h), (0, GRID_COLUMNS, 1));
    }
    assert_eq!(top[12]["panels"], json!([]));
    assert_eq!(top[13]["collapsed"], true);
    assert_eq!(top[13]["panels"], json!([]));
}

#[test]
fn grid_is_24_columns_without_overlaps() {
    for (name, model) in all() {
        let d = rendered(&model);
        let positions: Vec<GridPos> = all_panels(&d).into_iter().map(grid_pos).collect();
        for pos in &positions {
            assert!(pos.fits_grid(), "{name}: {pos:?} does not fit 24 columns");
        }
        assert_eq!(find_overlap(&positions), None, "{name}: overlapping panels");
    }
}

#[test]
fn layout_follows_the_model() {
    let d = rendered(&full_dashboard());
    let pos = |title: &str| grid_pos(by_title(&d, title));
    let at = |x, y, w, h| GridPos { x, y, w, h };
    assert_eq!(pos("About"), at(0, 0, 24, 3));
    assert_eq!(pos("Targets up"), at(0, 3, 6, 4));
    assert_eq!(pos("Success rate"), at(6, 3, 6, 8));
    assert_eq!(pos("Requests"), at(0, 11, 24, 1));
    assert_eq!(pos("Request rate by method"), at(0, 12, 12, 8));
    assert_eq!(pos("Error rate"), at(12, 12, 12, 10));
    assert_eq!(pos("Thresholds off"), at(0, 20, 8, 5));
    assert_eq!(pos("Thresholds dashed"), at(8, 22, 8, 6));
    assert_eq!(pos("Thresholds area"), at(16, 22, 8, 7));
    assert_eq!(pos("Thresholds line+area"), at(0, 25, 8, 8));
    // The collapsed row's children sit below it, as if it were expanded.
    let details = pos("Details");
    let table = pos("Top endpoints");
    assert_eq!(table, at(0, details.y + 1, 24, 8));
    assert_eq!(pos("Slowest endpoints"), at(0, table.bottom(), 7, 8));
    assert_eq!(pos("Latency distribution"), at(7, table.bottom(), 17, 9));
}

#[test]
fn every_query_uses_the_datasource_variable() {
    let ds = json!({"type": "prometheus", "uid": "${datasource}"});
    for (name, model) in all() {
        let d = rendered(&model);
        for p in visualizations(&d) {
            if p["type"] == "text" {
                assert!(p.get("datasource").is_none() && p.get("targets").is_none());
                continue;
            }
            assert_eq!(p["datasource"], ds, "{name}: {}", p["title"]);
            for t in p["targets"].as_array().expect("targets") {
                assert_eq!(t["datasource"], ds, "{name}: {}", p["title"]);
            }
        }
    }
}

#[test]
fn targets_are_lettered_and_complete() {
    let d = rendered(&full_dashboard());
    let rate = by_title(&d, "Request rate by method");
    let targets = rate["targets"].as_array().expect("targets");
    let ids: Vec<&str> = targets.iter().filter_map(|t| t["refId"].as_str()).collect();
    assert_eq!(ids, ["A", "B", "C"]);
    assert_eq!(
        targets[0],
        json!({
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "editorMode": "code",
            "expr": "sum by (method) (rate(requests_total{job=~\"$job\"}[$__rate_interval]))",
            "format": "time_series",
            "instant": false,
            "legendFormat": "{{method}}",
            "range": true,
            "refId": "A"
        })
    );
    assert!(targets[0].get("hide").is_none());
    assert_eq!(targets[2]["legendFormat"], "__auto");
    assert_eq!(targets[2]["interval"], "1m");
    assert_eq!(targets[2]["hide"], true);

    let table = &by_title(&d, "Top endpoints")["targets"][0];
    assert_eq!(table["format"], "table");
    assert_eq!(table["instant"], true);
    assert_eq!(table["range"], false);
    let heat = &by_title(&d, "Latency distribution")["targets"][0];
    assert_eq!(heat["format"], "heatmap");
    assert_eq!(heat["legendFormat"], "{{le}}");
}

#[test]
fn timeseries_field_config_and_options() {
    let d = rendered(&full_dashboard());
    let rate = by_title(&d, "Request rate by method");
    let defaults = &rate["fieldConfig"]["defaults"];
    assert_eq!(rate["fieldConfig"]["overrides"], json!([]));
    assert_eq!(defaults["unit"], "reqps");
    assert_eq!(defaults["color"], json!({"mode": "palette-classic"}));
    assert_eq!(
        defaults["thresholds"],
        json!({"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 80}
        ]})
    );
    let custom = &defaults["custom"];
    assert_eq!(custom["drawStyle"], "line");
    assert_eq!(custom["lineWidth"], 1);
    assert_eq!(custom["stacking"], json!({"group": "A", "mode": "normal"}));
    assert_eq!(custom["fillOpacity"], 25);
    assert_eq!(custom["thresholdsStyle"], json!({"mode": "off"}));
    assert_eq!(rate["description"], "Requests per second");
    assert_eq!(
        rate["options"],
        json!({
            "legend": {
                "calcs": ["mean", "max", "lastNotNull"],
                "displayMode": "table",
                "placement": "right",
                "showLegend": true
            },
            "tooltip": {"hideZeros": false, "mode": "multi", "sort": "desc"}
        })
    );

    let errors = by_title(&d, "Error rate");
    let defaults = &errors["fieldConfig"]["defaults"];
    assert_eq!(
        defaults["custom"]["thresholdsStyle"],
        json!({"mode": "line"})
    );
    assert_eq!(defaults["custom"]["stacking"]["mode"], "none");
    assert_eq!(defaults["custom"]["fillOpacity"], 0);
    assert_eq!(
        defaults["thresholds"],
        json!({"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 0.05}
        ]})
    );
    assert_eq!(errors["options"]["legend"]["showLegend"], false);
    assert_eq!(errors["options"]["legend"]["displayMode"], "list");

    for (style, stacking) in [
        ("off", "percent"),
        ("dashed", "none"),
        ("area", "percent"),
        ("line+area", "none"),
        ("dashed+area", "percent"),
    ] {
        let p = by_title(&d, &format!("Thresholds {style}"));
        let defaults = &p["fieldConfig"]["defaults"];
        assert_eq!(defaults["custom"]["thresholdsStyle"]["mode"], style);
        assert_eq!(defaults["custom"]["stacking"]["mode"], stacking);
        assert_eq!(defaults["min"], json!(-2.5));
        assert_eq!(p["options"]["legend"]["calcs"], json!(["max"]));
    }
}

#[test]
fn single_value_panels() {
    let d = rendered(&full_dashboard());
    let reduce = json!({"calcs": ["lastNotNull"], "fields": "", "values": false});

    let up = by_title(&d, "Targets up");
    assert_eq!(up["type"], "stat");
    assert_eq!(up["options"]["reduceOptions"], reduce);
    assert_eq!(up["options"]["graphMode"], "area");
    let defaults = &up["fieldConfig"]["defaults"];
    assert_eq!(
        defaults["color"],
        json!({"fixedColor": "blue", "mode": "fixed"})
    );
    assert_eq!(defaults["decimals"], 0);
    assert_eq!(defaults["unit"], "none");
    assert!(defaults.get("custom").is_none());

    let ratio = by_title(&d, "Success rate");
    assert_eq!(ratio["type"], "gauge");
    assert_eq!(ratio["options"]["reduceOptions"], reduce);
    assert_eq!(ratio["options"]["showThresholdMarkers"], true);
    let defaults = &ratio["fieldConfig"]["defaults"];
    assert_eq!(defaults["min"], 0);
    assert_eq!(defaults["max"], 1);
    assert_eq!(defaults["decimals"], 2);
    assert_eq!(defaults["unit"], "percentunit");
    assert_eq!(defaults["color"], json!({"mode": "continuous-GrYlRd"}));
    assert_eq!(
        defaults["thresholds"],
        json!({"mode": "percentage", "steps": [
            {"color": "red", "value": null},
            {"color": "#EAB839", "value": 95},
            {"color": "green", "value": 99.5}
        ]})
    );

    let bars = by_title(&d, "Slowest endpoints");
    assert_eq!(bars["type"], "bargauge");
    assert_eq!(bars["options"]["reduceOptions"], reduce);
    assert_eq!(bars["options"]["orientation"], "horizontal");
    assert_eq!(
        bars["options"]["legend"],
        json!({"calcs": [], "displayMode": "list", "placement": "right", "showLegend": true})
    );
    assert_eq!(
        bars["fieldConfig"]["defaults"]["color"]["mode"],
        "thresholds"
    );
}

#[test]
fn table_heatmap_and_text_panels() {
    let d = rendered(&full_dashboard());
    let table = by_title(&d, "Top endpoints");
    assert_eq!(
        table["fieldConfig"]["defaults"]["custom"],
        json!({"align": "auto", "inspect": false})
    );
    assert_eq!(table["options"]["showHeader"], true);
    assert_eq!(
        table["transformations"],
        json!([{"id": "organize", "options": {
            "excludeByName": {"Time": true},
            "includeByName": {},
            "indexByName": {},
            "renameByName": {}
        }}])
    );
    let merged = by_title(&d, "Errors and requests by endpoint");
    assert_eq!(
        merged["transformations"][0],
        json!({"id": "merge", "options": {}})
    );
    assert_eq!(merged["transformations"][1]["id"], "organize");
    let ids: Vec<&str> = merged["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .filter_map(|t| t["refId"].as_str())
        .collect();
    assert_eq!(ids, ["A", "B"]);
    assert!(by_title(&d, "Requests over time")
        .get("transformations")
        .is_none());
    // Sorted tables name the value column as Grafana does: `Value` for one
    // table query, `Value #<refId>` for several; unsorted tables have no sortBy.
    assert_eq!(
        table["options"]["sortBy"],
        json!([{"desc": true, "displayName": "Value"}])
    );
    assert_eq!(
        merged["options"]["sortBy"],
        json!([{"desc": false, "displayName": "Value #A"}])
    );
    assert!(by_title(&d, "Requests over time")["options"]
        .get("sortBy")
        .is_none());
    assert!(by_title(&d, "Request rate by method")
        .get("transformations")
        .is_none());

    let heat = by_title(&d, "Latency distribution");
    let options = &heat["options"];
    assert_eq!(options["calculate"], false);
    assert_eq!(
        options["yAxis"],
        json!({"axisPlacement": "left", "decimals": 1, "max": 10, "min": 0, "reverse": false, "unit": "s"})
    );
    assert_eq!(options["color"]["scheme"], "RdYlGn");
    assert_eq!(options["color"]["reverse"], true);
    assert_eq!(options["legend"], json!({"show": true}));
    let defaults = &heat["fieldConfig"]["defaults"];
    assert_eq!(keys(defaults), ["custom"]);
    let fixed = by_title(&d, "Latency distribution (fixed color)");
    assert_eq!(fixed["options"]["color"]["mode"], "opacity");
    assert_eq!(fixed["options"]["color"]["fill"], "#ff0000");
    assert_eq!(fixed["options"]["legend"], json!({"show": false}));
    let plain = by_title(&d, "Latency distribution (default colors)");
    assert_eq!(plain["options"]["color"]["scheme"], "Oranges");
    assert!(plain["options"]["yAxis"].get("unit").is_none());
    assert!(plain["options"].get("cellValues").is_none());
    assert!(options.get("cellValues").is_none());
    // One row per series: the unit is the cells', min and max bound the colors.
    let rows = &by_title(&d, "Requests by status")["options"];
    assert_eq!(rows["cellValues"], json!({"decimals": 2, "unit": "reqps"}));
    assert_eq!(
        rows["yAxis"],
        json!({"axisPlacement": "left", "reverse": false})
    );
    assert_eq!(rows["color"]["min"], 0);
    assert_eq!(rows["color"]["max"], 100);

    let text = by_title(&d, "About");
    assert_eq!(text["options"]["mode"], "markdown");
    assert_eq!(text["options"]["content"], "# Upstream\n\nRead *me*.");
    assert_eq!(text["description"], "What this is");
    assert_eq!(
        text["fieldConfig"],
        json!({"defaults": {}, "overrides": []})
    );
}

#[test]
fn never_an_angular_panel() {
    for (name, model) in all() {
        let d = rendered(&model);
        for p in all_panels(&d) {
            let kind = p["type"].as_str().unwrap_or("");
            assert!(
                [
                    "row",
                    "timeseries",
                    "stat",
                    "gauge",
                    "bargauge",
                    "table",
                    "heatmap",
                    "text"
                ]
                .contains(&kind),
                "{name}: panel type {kind:?}"
            );
        }
    }
}

#[test]
fn output_is_deterministic_sorted_and_pretty() {
    for (name, model) in all() {
        let first = render(&model);
        assert_eq!(first, render(&model.clone()), "{name}");
        assert!(first.ends_with("}\n") && !first.ends_with("\n\n"), "{name}");
        assert!(first.starts_with("{\n  \"annotations\": {\n    \"list\": ["));
        // Re-serializing the parsed value with sorted keys gives the same text.
        let value: Value = serde_json::from_str(&first).expect("valid JSON");
        let mut again = serde_json::to_string_pretty(&sort(value)).expect("serializes");
        again.push('\n');
        assert_eq!(first, again, "{name}: keys are not sorted");
    }
}

fn sort(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sort(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort).collect()),
        other => other,
    }
}

#[test]
fn changing_the_model_changes_only_what_it_should() {
    let base = full_dashboard();
    let mut renamed = base.clone();
    if let Some(Item::Panel(p)) = renamed.items.get_mut(1) {
        p.title.value = "Targets up (renamed)".into();
    }
    let (a, b) = (render(&base), render(&renamed));
    let diff: Vec<(&str, &str)> = a.lines().zip(b.lines()).filter(|(x, y)| x != y).collect();
    assert_eq!(a.lines().count(), b.lines().count());
    assert_eq!(
        diff,
        [(
            "      \"title\": \"Targets up\",",
            "      \"title\": \"Targets up (renamed)\","
        )]
    );
}

#[test]
fn table_sort_follows_the_queries_that_run() {
    use dashc_core::model::{SortOrder, TargetFormat};
    let sort_by = |hidden: &[usize], extra: bool| {
        let mut d = full_dashboard();
        for item in &mut d.items {
            let Item::Row(row) = item else { continue };
            for p in &mut row.panels {
                if p.title.value != "Errors and requests by endpoint" {
                    continue;
                }
                p.sort = Some(grafana_fixture::s(SortOrder::Descending));
                if extra {
                    let mut t = p.targets[0].clone();
                    t.format = TargetFormat::Table;
                    p.targets.push(t);
                }
                for &i in hidden {
                    p.targets[i].hide = true;
                }
            }
        }
        let d = rendered(&d);
        by_title(&d, "Errors and requests by endpoint")["options"]["sortBy"].clone()
    };
    let column = |name: &str| json!([{"desc": true, "displayName": name}]);
    assert_eq!(sort_by(&[], false), column("Value #A"));
    // A hidden query does not run: B is then the only table query.
    assert_eq!(sort_by(&[0], false), column("Value"));
    assert_eq!(sort_by(&[0], true), column("Value #B"));
    assert_eq!(sort_by(&[1], true), column("Value #A"));
}
