use std::collections::BTreeSet;

use serde_json::json;

use super::*;

fn kind(id: &str) -> &'static PanelKind {
    panel_kind(id).unwrap_or_else(|| panic!("no kind {id}"))
}

fn one(root: Root, path: &str, value: Value) -> Finding {
    let findings = validate_at(root, path, &value).expect_err("a finding");
    assert_eq!(findings.len(), 1, "{findings:?}");
    findings.into_iter().next().unwrap()
}

#[test]
fn every_core_panel_plugin_is_a_kind() {
    let ids: Vec<&str> = panel_kinds().iter().map(|k| k.id).collect();
    assert_eq!(
        ids,
        [
            "timeseries",
            "stat",
            "gauge",
            "bargauge",
            "table",
            "heatmap",
            "text",
            "piechart",
            "barchart",
            "histogram",
            "state-timeline",
            "status-history",
            "xychart",
            "trend",
            "candlestick",
            "dashlist",
            "annolist",
            "news",
            "nodeGraph",
            "logs",
            "canvas",
            "alertlist",
        ]
    );
    assert!(panel_kind("graph").is_none());
    assert_eq!(suggest_panel_kind("timeseris"), Some("timeseries"));
    assert_eq!(suggest_panel_kind("state-timelin"), Some("state-timeline"));
    for k in panel_kinds() {
        assert!(!k.entries.is_empty(), "{}", k.id);
        assert_eq!(
            object(k.panel).field("type").map(|f| f.ty),
            Some(Ty::String)
        );
    }
    // Kinds with custom field config, and those without.
    assert!(kind("timeseries").custom.is_some());
    assert!(kind("table").custom.is_some());
    assert!(kind("stat").custom.is_none());
}

#[test]
fn options_are_found_by_dsl_name_and_by_path() {
    let ts = kind("timeseries");
    let fill = ts.option("fill_opacity").expect("fill_opacity");
    assert_eq!(fill.path, "fieldConfig.defaults.custom.fillOpacity");
    assert_eq!(fill.ty, Ty::Number);
    let mode = ts
        .option_by_path("options.legend.displayMode")
        .expect("legend display mode");
    assert_eq!(mode.dsl, "display_mode");
    assert_eq!(mode.default, Some("\"list\""));
    assert_eq!(mode.default_value(), Some(json!("list")));
    let Ty::Enum(e) = mode.ty else {
        panic!("{:?}", mode.ty)
    };
    let e = enum_def(e);
    assert_eq!(e.name, "LegendDisplayMode");
    assert!(e.values.contains(&Lit::Str("table")));
    assert_eq!(ts.option("unit").map(|o| o.ty), Some(Ty::Unit));
    assert_eq!(ts.suggest_option("fill_opacty"), Some("fill_opacity"));
    assert!(ts.option("graph_mode").is_none());
    assert!(kind("stat").option("graph_mode").is_some());
    let with_graph_mode: Vec<&str> = kinds_with_option("graph_mode").map(|k| k.id).collect();
    assert_eq!(with_graph_mode, ["stat"]);
    // The collision rule: options.legend keeps `legend`, the custom
    // hideFrom.legend grows by its parent; stat's options.colorMode and the
    // standard color.mode both use up their paths and take their roots.
    assert_eq!(ts.option("legend").map(|o| o.path), Some("options.legend"));
    assert_eq!(
        ts.option("hide_from_legend").map(|o| o.path),
        Some("fieldConfig.defaults.custom.hideFrom.legend")
    );
    let stat = kind("stat");
    assert_eq!(
        stat.option("options_color_mode").map(|o| o.path),
        Some("options.colorMode")
    );
    assert_eq!(
        stat.option("field_color_mode").map(|o| o.path),
        Some("fieldConfig.defaults.color.mode")
    );
}

#[test]
fn dsl_names_are_unique_snake_case_per_table() {
    let mut tables: Vec<(&str, &[OptionEntry])> =
        panel_kinds().iter().map(|k| (k.id, k.entries)).collect();
    tables.push(("dashboard", dashboard_entries()));
    tables.push(("panel", panel_entries()));
    tables.push(("target", target_entries()));
    for (name, entries) in tables {
        let mut seen = BTreeSet::new();
        for e in entries {
            assert!(seen.insert(e.dsl), "{name}: {} twice", e.dsl);
            assert!(
                !e.dsl.is_empty()
                    && e.dsl
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}: {}",
                e.dsl
            );
            // Every path of a table resolves in the type graph.
            let root = match name {
                "dashboard" => Root::Dashboard,
                "panel" => Root::Type(Ty::Object(graph_gen::PANEL)),
                "target" => Root::Target,
                id => Root::Panel(kind(id)),
            };
            let mut ty = root.ty();
            for segment in e.path.split('.') {
                ty = step(ty, segment)
                    .unwrap_or_else(|p| panic!("{name}: {}: {p:?}", e.path))
                    .unwrap_or(Ty::Any);
            }
            assert_eq!(ty, e.ty, "{name}: {}", e.path);
        }
    }
    let paths: Vec<&str> = dashboard_entries().iter().map(|e| e.path).collect();
    for p in [
        "annotations",
        "links",
        "templating",
        "time",
        "timepicker",
        "refresh",
    ] {
        assert!(paths.contains(&p), "dashboard has no {p}");
    }
    let paths: Vec<&str> = panel_entries().iter().map(|e| e.path).collect();
    for p in [
        "gridPos.w",
        "repeat",
        "repeatDirection",
        "maxPerRow",
        "transformations",
        "targets",
        "datasource",
        "interval",
        "maxDataPoints",
        "timeFrom",
        "timeShift",
        "hideTimeOverride",
        "libraryPanel",
    ] {
        assert!(paths.contains(&p), "panel has no {p}");
    }
    let paths: Vec<&str> = target_entries().iter().map(|e| e.path).collect();
    for p in [
        "expr",
        "legendFormat",
        "refId",
        "instant",
        "format",
        "interval",
    ] {
        assert!(paths.contains(&p), "target has no {p}");
    }
}

#[test]
fn the_units_module_reads_the_generated_unit_ids() {
    assert_eq!(crate::units::UNITS, units());
    assert!(
        crate::units::UNITS.len() > 200,
        "the unit table is the whole of Grafana's"
    );
    assert!(is_unit("reqps") && is_unit("suffix:req") && !is_unit("reqsp"));
}

#[test]
fn valid_values_pass() {
    let ts = Root::Panel(kind("timeseries"));
    for (path, value) in [
        ("options.legend.displayMode", json!("table")),
        (
            "options.legend",
            json!({"displayMode": "list", "placement": "bottom", "calcs": ["mean"]}),
        ),
        ("fieldConfig.defaults.custom.fillOpacity", json!(10)),
        ("fieldConfig.defaults.unit", json!("suffix:req")),
        (
            "fieldConfig.defaults.thresholds",
            json!({"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 80}]}),
        ),
        (
            "fieldConfig.defaults.mappings",
            json!([
            {"type": "value", "options": {"1": {"text": "up", "color": "green"}}},
            {"type": "range", "options": {"from": 0, "to": 1, "result": {"text": "low"}}},
            {"type": "special", "options": {"match": "null", "result": {"text": "none"}}}]),
        ),
        ("fieldConfig.defaults.custom.spanNulls", json!(3600000)),
        ("fieldConfig.defaults.custom.spanNulls", json!(true)),
        ("gridPos", json!({"h": 8, "w": 12, "x": 0, "y": 0})),
        ("targets.0.expr", json!("up")),
        ("options", json!({})),
        ("", json!({"type": "timeseries", "title": "t"})),
    ] {
        assert_eq!(validate_at(ts, path, &value), Ok(()), "{path} = {value}");
    }
    assert_eq!(
        validate_at(Root::Dashboard, "graphTooltip", &json!(1)),
        Ok(())
    );
    assert_eq!(
        validate_at(Root::Target, "format", &json!("time_series")),
        Ok(())
    );
    let table = Root::Panel(kind("table"));
    assert_eq!(
        validate_at(
            table,
            "fieldConfig.defaults.custom.cellOptions",
            &json!({"type": "color-background", "mode": "gradient"})
        ),
        Ok(())
    );
}

#[test]
fn an_unknown_key_lists_the_valid_keys_and_suggests_one() {
    let ts = Root::Panel(kind("timeseries"));
    // In the path.
    let f = one(ts, "fieldConfig.defaults.custom.fillOpacty", json!(10));
    assert_eq!(f.pointer, "/fieldConfig/defaults/custom/fillOpacty");
    let Problem::UnknownKey {
        key,
        valid,
        suggestion,
        ..
    } = &f.problem
    else {
        panic!("{f:?}")
    };
    assert_eq!(key, "fillOpacty");
    assert_eq!(*suggestion, Some("fillOpacity"));
    assert!(valid.contains(&"lineWidth"));
    let text = f.to_string();
    assert!(
        text.contains("did you mean \"fillOpacity\"?") && text.contains("(and "),
        "{text}"
    );
    // In the value.
    let f = one(ts, "options.legend", json!({"displayMod": "list"}));
    assert_eq!(f.pointer, "/options/legend/displayMod");
    assert!(matches!(
        f.problem,
        Problem::UnknownKey {
            suggestion: Some("displayMode"),
            ..
        }
    ));
    // Without a close key: no suggestion, the keys listed.
    let f = one(ts, "options", json!({"zzzzzzzz": 1}));
    let text = f.to_string();
    assert!(
        !text.contains("did you mean") && text.contains("valid keys: timezone, legend, tooltip"),
        "{text}"
    );
    // A panel kind without custom field config has none.
    let f = one(
        Root::Panel(kind("stat")),
        "fieldConfig.defaults.custom",
        json!({"fillOpacity": 10}),
    );
    assert!(f.to_string().contains("it has no keys"), "{f}");
}

#[test]
fn a_wrong_type_says_what_was_expected_and_found() {
    let ts = Root::Panel(kind("timeseries"));
    let f = one(ts, "fieldConfig.defaults.custom.fillOpacity", json!("10"));
    assert_eq!(
        f.problem,
        Problem::WrongType {
            expected: "number".into(),
            found: "string \"10\"".into()
        }
    );
    assert_eq!(
        f.to_string(),
        "/fieldConfig/defaults/custom/fillOpacity: expected number, found string \"10\""
    );
    let f = one(ts, "gridPos.w", json!(1.5));
    assert!(matches!(f.problem, Problem::WrongType { ref expected, .. } if expected == "integer"));
    let f = one(
        ts,
        "fieldConfig.defaults.thresholds.steps.0.value",
        json!("80"),
    );
    assert!(f.to_string().contains("expected number or null"), "{f}");
    let f = one(ts, "options.legend", json!([]));
    assert!(
        f.to_string()
            .contains("expected object (VizLegendOptions), found an array"),
        "{f}"
    );
    // A path below a scalar.
    let f = one(ts, "fieldConfig.defaults.unit.x", json!(1));
    assert!(matches!(f.problem, Problem::WrongType { .. }), "{f}");
}

#[test]
fn a_value_outside_an_enum_lists_the_allowed_values() {
    let ts = Root::Panel(kind("timeseries"));
    let f = one(ts, "options.legend.displayMode", json!("tabel"));
    let Problem::NotInEnum {
        name,
        allowed,
        suggestion,
        ..
    } = &f.problem
    else {
        panic!("{f:?}")
    };
    assert_eq!(*name, "LegendDisplayMode");
    assert_eq!(suggestion.as_deref(), Some("\"table\""));
    assert!(allowed.contains(&"\"hidden\"".to_string()));
    assert_eq!(
        f.to_string(),
        "/options/legend/displayMode: \"tabel\" is not a value of LegendDisplayMode; \
         did you mean \"table\"? Allowed: \"list\", \"table\", \"hidden\""
    );
    let f = one(Root::Dashboard, "graphTooltip", json!(7));
    assert!(
        matches!(
            f.problem,
            Problem::NotInEnum {
                suggestion: None,
                ..
            }
        ),
        "{f}"
    );
    let f = one(
        Root::Panel(kind("stat")),
        "targets.0.format",
        json!("timeseries"),
    );
    assert_eq!(f.pointer, "/targets/0/format");
    let f = one(Root::Target, "format", json!("timeseries"));
    assert!(
        f.to_string().contains("did you mean \"time_series\"?"),
        "{f}"
    );
}

#[test]
fn array_items_are_reported_with_their_index() {
    let ts = Root::Panel(kind("timeseries"));
    let findings = validate_at(
        ts,
        "fieldConfig.defaults.thresholds.steps",
        &json!([{"color": "green", "value": null}, {"color": "red", "value": "x"}, {"colour": "red"}]),
    )
    .expect_err("findings");
    let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/fieldConfig/defaults/thresholds/steps/1/value",
            "/fieldConfig/defaults/thresholds/steps/2/colour"
        ]
    );
    let f = one(ts, "options.legend.calcs", json!(["mean", 3]));
    assert_eq!(f.pointer, "/options/legend/calcs/1");
}

#[test]
fn units_are_checked() {
    let ts = Root::Panel(kind("timeseries"));
    let f = one(ts, "fieldConfig.defaults.unit", json!("reqsp"));
    assert_eq!(
        f.problem,
        Problem::UnknownUnit {
            unit: "reqsp".into(),
            suggestion: Some("reqps")
        }
    );
    assert!(f.to_string().contains("custom unit (suffix:"), "{f}");
}

#[test]
fn unions_pick_the_alternative_the_value_names() {
    let ts = Root::Panel(kind("timeseries"));
    // A range map with a misspelt key is reported against the range map.
    let f = one(
        ts,
        "fieldConfig.defaults.mappings.0",
        json!({"type": "range", "options": {"from": 0, "too": 1}}),
    );
    assert_eq!(f.pointer, "/fieldConfig/defaults/mappings/0/options/too");
    assert!(
        matches!(
            f.problem,
            Problem::UnknownKey {
                suggestion: Some("to"),
                ..
            }
        ),
        "{f}"
    );
    // No alternative of the right JSON type.
    let f = one(ts, "fieldConfig.defaults.custom.spanNulls", json!("yes"));
    assert!(f.to_string().contains("expected boolean or number"), "{f}");
    // The table's cell options choose by their `type`.
    let f = one(
        Root::Panel(kind("table")),
        "fieldConfig.defaults.custom.cellOptions",
        json!({"type": "gauge", "mode": "lcd", "valueDisplayMod": "text"}),
    );
    assert!(
        matches!(
            f.problem,
            Problem::UnknownKey {
                object: "TableBarGaugeCellOptions",
                ..
            }
        ),
        "{f}"
    );
}

static DEEP: Ty = Ty::Array(&DEEP);

#[test]
fn depth_is_bounded() {
    let mut value = json!(1);
    for _ in 0..200 {
        value = json!([value]);
    }
    let findings = validate_at(Root::Type(DEEP), "", &value).expect_err("too deep");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].problem, Problem::TooDeep);
    assert_eq!(findings[0].pointer.matches('/').count(), MAX_DEPTH + 1);
}

#[test]
fn whole_panels_are_walked() {
    let panel = json!({
        "type": "timeseries",
        "title": "Requests",
        "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
        "options": {"legend": {"displayMode": "tabel", "placement": "bottom", "showLegend": true}},
        "fieldConfig": {
            "defaults": {"unit": "reqps", "custom": {"fillOpacity": "10"}},
            "overrides": [{
                "matcher": {"id": "byName", "options": "errors"},
                "properties": [
                    {"id": "custom.fillOpacty", "value": 5},
                    {"id": "unit", "value": "reqsp"},
                    {"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}},
                    {"id": "thresholds", "value": {"mode": "absolute", "steps": [{"color": "red", "value": null}]}}
                ]
            }]
        },
        "targets": [
            {"expr": "up", "refId": "A", "format": "time_series", "legendFormat": "{{job}}"},
            {"expr": "up", "refId": "B", "fromat": "table"},
            {"refId": "C", "rawSql": "select 1"}
        ],
        "repeatDirection": "x"
    });
    let findings = validate_panel_json(None, &panel);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.pointer.as_str(), f.problem.kind()))
        .collect();
    assert_eq!(
        got,
        [
            ("/options/legend/displayMode", "not-in-enum"),
            ("/fieldConfig/defaults/custom/fillOpacity", "wrong-type"),
            ("/fieldConfig/overrides/0/properties/0/id", "unknown-key"),
            (
                "/fieldConfig/overrides/0/properties/1/value",
                "unknown-unit"
            ),
            ("/targets/1/fromat", "unknown-key"),
            ("/repeatDirection", "not-in-enum"),
        ]
    );
    assert!(matches!(
        findings[2].problem,
        Problem::UnknownKey {
            suggestion: Some("fillOpacity"),
            ..
        }
    ));
    // The same panel given its kind explicitly.
    assert_eq!(
        validate_panel_json(Some(kind("timeseries")), &panel),
        findings
    );
}

#[test]
fn rows_and_unknown_kinds() {
    let dashboard_row = json!({
        "type": "row", "title": "r", "collapsed": true, "id": 1,
        "gridPos": {"h": 1, "w": 24, "x": 0, "y": 0},
        "panels": [
            {"type": "stat", "options": {"graphMode": "areaa"}},
            {"type": "stta", "options": {"anything": 1}, "legacyKey": true, "gridPos": {"w": "12"}},
            {"type": "graph", "yaxes": []}
        ]
    });
    let findings = validate_panel_json(None, &dashboard_row);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.pointer.as_str(), f.problem.kind()))
        .collect();
    assert_eq!(
        got,
        [
            ("/panels/0/options/graphMode", "not-in-enum"),
            ("/panels/1/type", "unknown-panel-kind"),
            ("/panels/1/gridPos/w", "wrong-type"),
            ("/panels/2/type", "unknown-panel-kind"),
        ]
    );
    assert!(
        findings[1].to_string().contains("did you mean \"stat\"?"),
        "{}",
        findings[1]
    );
    let f = validate_panel_json(None, &json!({"type": "row", "collapse": true}));
    assert!(matches!(
        f[0].problem,
        Problem::UnknownKey {
            suggestion: Some("collapsed"),
            ..
        }
    ));
    let f = validate_panel_json(None, &json!([]));
    assert!(matches!(f[0].problem, Problem::WrongType { .. }));
}

#[test]
fn long_words_are_cut_and_get_no_suggestion() {
    let ts = Root::Panel(kind("timeseries"));
    let long = "fillOpacity".repeat(1000);
    let f = one(ts, "options", json!({ long.clone(): 1 }));
    let Problem::UnknownKey {
        key, suggestion, ..
    } = &f.problem
    else {
        panic!("{f:?}")
    };
    assert_eq!(
        (key.chars().count(), *suggestion),
        (SUGGESTED_LEN + 3, None)
    );
    let f = one(ts, "fieldConfig.defaults.unit", json!(long));
    assert!(
        matches!(f.problem, Problem::UnknownUnit { suggestion: None, ref unit } if unit.len() == SUGGESTED_LEN)
    );
    let f = one(ts, "options.legend.displayMode", json!("x".repeat(10_000)));
    assert!(f.to_string().len() < 400, "{f}");
}

#[test]
fn whole_dashboards_are_walked() {
    let dashboard = json!({
        "title": "d",
        "uid": "d",
        "schemaVersion": 41,
        "refresh": "30s",
        "graphTooltip": 3,
        "time": {"from": "now-1h", "to": "now"},
        "templating": {"list": [
            {"name": "job", "type": "query", "query": {"query": "label_values(up, job)", "refId": "A", "qryType": 1}},
            {"name": "ds", "type": "datasourc"}
        ]},
        "annotations": {"list": []},
        "panels": [{"type": "stat", "options": {"textMode": "valu"}}],
        "style": "dark"
    });
    let findings = validate_dashboard_json(&dashboard);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.pointer.as_str(), f.problem.kind()))
        .collect();
    assert_eq!(
        got,
        [
            ("/graphTooltip", "not-in-enum"),
            ("/templating/list/1/type", "not-in-enum"),
            ("/panels/0/options/textMode", "not-in-enum"),
            ("/style", "unknown-key"),
        ]
    );
    assert!(
        findings[1]
            .to_string()
            .contains("did you mean \"datasource\"?"),
        "{}",
        findings[1]
    );
    assert!(matches!(
        validate_dashboard_json(&json!("x"))[0].problem,
        Problem::WrongType { .. }
    ));
}

#[test]
fn rows_nested_in_rows_are_bounded_too() {
    let mut panel = json!({"type": "stat"});
    for _ in 0..500 {
        panel = json!({"type": "row", "panels": [panel]});
    }
    let findings = validate_panel_json(None, &panel);
    // The rows below the limit are not visited: a finding or two at it.
    assert!(
        (1..=2).contains(&findings.len())
            && findings.iter().all(|f| f.problem == Problem::TooDeep
                && f.pointer.matches('/').count() <= MAX_DEPTH + 2),
        "{findings:?}"
    );
}
