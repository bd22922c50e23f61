//! Every dashboard valid against Grafana's own JSON Schemas, exactly as
//! written in `../shared/schema/grafana/` (draft-07, no relaxation):
//!
//! - the whole file against `dashboard.jsonschema.json`;
//! - each panel's `options` against `#/definitions/Options` of its kind's
//!   schema (`timeseries.jsonschema.json`, ...);
//! - each panel's `fieldConfig.defaults.custom` against that schema's
//!   `#/definitions/FieldConfig`; a kind without one must have no `custom`;
//! - each target against `prometheus.jsonschema.json` (its `Dataquery`).
//!
//! One exception, where the schema contradicts what Grafana writes: a
//! `fieldConfig.overrides` matcher's `options` and a property's `value` are
//! typed as objects (Grafana's `byName` takes a string, `custom.lineWidth`
//! a number), so each property is checked where the schema types it, in
//! `fieldConfig.defaults` at its id (see [`overrides_applied`]).
//!
//! Checked on the four generated dashboards, on a `dashboard!` definition
//! that uses every DSL option (`tests/dsl.rs`) and on hand-built models that
//! use every option the model has. A panel kind without a schema (such as
//! Angular `graph`) fails.

#[path = "../core/tests/grafana_fixture/mod.rs"]
mod grafana_fixture;
// The DSL dashboard that uses every option (its own tests run here too).
#[path = "dsl.rs"]
mod dsl;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use boon::{Compiler, SchemaIndex, Schemas};
use serde_json::{json, Value};

/// The panel kinds the DSL writes and their schema beside the dashboard schema.
const PANEL_KINDS: [(&str, &str); 12] = [
    ("timeseries", "timeseries"),
    ("stat", "stat"),
    ("gauge", "gauge"),
    ("bargauge", "bargauge"),
    ("table", "table"),
    ("heatmap", "heatmap"),
    ("text", "text"),
    ("piechart", "piechart"),
    ("barchart", "barchart"),
    ("histogram", "histogram"),
    ("state-timeline", "statetimeline"),
    ("status-history", "statushistory"),
];

fn schema_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schema/grafana");
    assert!(
        dir.join("dashboard.jsonschema.json").is_file(),
        "Grafana's JSON Schemas are missing: expected {}/dashboard.jsonschema.json. \
         The shared data folder must sit beside the project root as `../shared`.",
        dir.display()
    );
    dir
}

/// Per panel kind: its compiled `Options` and, when the kind has one, `FieldConfig`.
struct PanelSchemas {
    options: SchemaIndex,
    field_config: Option<SchemaIndex>,
}

/// Grafana's schemas, compiled once.
struct Grafana {
    schemas: Schemas,
    dashboard: SchemaIndex,
    target: SchemaIndex,
    panels: BTreeMap<&'static str, PanelSchemas>,
}

impl Grafana {
    fn load() -> Grafana {
        let dir = schema_dir();
        let mut schemas = Schemas::new();
        let mut compiler = Compiler::new();
        compiler.enable_format_assertions();
        let mut compile = |file: &str, pointer: &str| -> Option<SchemaIndex> {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let document: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            if !pointer.is_empty() && document.pointer(&pointer.replace('#', "")).is_none() {
                return None;
            }
            let url = format!("file:///grafana/{file}");
            // Adding the same resource twice is an error; ignore "already added".
            let _ = compiler.add_resource(&url, document);
            Some(
                compiler
                    .compile(&format!("{url}{pointer}"), &mut schemas)
                    .unwrap_or_else(|e| panic!("cannot compile {file}{pointer}: {e:#}")),
            )
        };
        let dashboard = compile("dashboard.jsonschema.json", "").expect("dashboard schema");
        let target = compile("prometheus.jsonschema.json", "").expect("prometheus schema");
        let panels = PANEL_KINDS
            .into_iter()
            .map(|(kind, name)| {
                let file = format!("{name}.jsonschema.json");
                let options = compile(&file, "#/definitions/Options")
                    .unwrap_or_else(|| panic!("{file} has no #/definitions/Options"));
                let field_config = compile(&file, "#/definitions/FieldConfig");
                (
                    kind,
                    PanelSchemas {
                        options,
                        field_config,
                    },
                )
            })
            .collect();
        Grafana {
            schemas,
            dashboard,
            target,
            panels,
        }
    }

    fn check(&self, what: &str, value: &Value, schema: SchemaIndex, errors: &mut Vec<String>) {
        if let Err(e) = self.schemas.validate(value, schema) {
            errors.push(format!("{what}: {e}"));
        }
    }

    /// Every schema violation of a dashboard, each naming where it is.
    fn violations(&self, dashboard: &Value) -> Vec<String> {
        let dashboard = &overrides_applied(dashboard);
        let mut errors = Vec::new();
        self.check("dashboard", dashboard, self.dashboard, &mut errors);
        let empty = Vec::new();
        let top = dashboard["panels"].as_array().unwrap_or(&empty);
        let nested = top
            .iter()
            .flat_map(|p| p["panels"].as_array().unwrap_or(&empty));
        for panel in top.iter().chain(nested) {
            let kind = panel["type"].as_str().unwrap_or("");
            if kind == "row" {
                continue;
            }
            let at = format!("panel {} ({kind} {:?})", panel["id"], panel["title"]);
            let Some(schemas) = self.panels.get(kind) else {
                errors.push(format!("{at}: no Grafana schema for panel type {kind:?}"));
                continue;
            };
            match panel.get("options") {
                Some(options) => self.check(
                    &format!("{at} options"),
                    options,
                    schemas.options,
                    &mut errors,
                ),
                None => errors.push(format!("{at}: no options")),
            }
            let custom = panel.pointer("/fieldConfig/defaults/custom");
            match (custom, schemas.field_config) {
                (Some(custom), Some(schema)) => self.check(
                    &format!("{at} fieldConfig.defaults.custom"),
                    custom,
                    schema,
                    &mut errors,
                ),
                (Some(_), None) => errors.push(format!(
                    "{at}: fieldConfig.defaults.custom given, but {kind} has no FieldConfig schema"
                )),
                (None, _) => {}
            }
            for (i, target) in panel["targets"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .enumerate()
            {
                self.check(
                    &format!("{at} target {i}"),
                    target,
                    self.target,
                    &mut errors,
                );
            }
        }
        errors
    }

    fn assert_valid(&self, name: &str, text: &str) {
        let value: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} is not valid JSON: {e}"));
        let errors = self.violations(&value);
        assert!(
            errors.is_empty(),
            "{name} violates Grafana's JSON Schemas:\n{}",
            errors.join("\n")
        );
    }
}

/// The dashboard with each `fieldConfig.overrides` item checked the way
/// Grafana applies it. Grafana's schema types a matcher's `options` and a
/// property's `value` as objects, while Grafana writes any JSON there
/// (`byName` takes a string, `custom.lineWidth` a number): so each
/// property's value is written into the panel's `fieldConfig.defaults` at
/// its id (`custom.lineWidth`), where the schema types it, and the override
/// itself keeps its ids with empty objects in those two places.
fn overrides_applied(dashboard: &Value) -> Value {
    fn apply(panel: &mut Value) {
        let Some(overrides) = panel
            .pointer_mut("/fieldConfig/overrides")
            .and_then(Value::as_array_mut)
        else {
            return;
        };
        let mut values = Vec::new();
        for o in overrides.iter_mut() {
            if let Some(options) = o.pointer_mut("/matcher/options") {
                *options = json!({});
            }
            for p in o["properties"].as_array_mut().into_iter().flatten() {
                let id = p["id"].as_str().unwrap_or("").to_owned();
                values.push((id, std::mem::replace(&mut p["value"], json!({}))));
            }
        }
        for (id, value) in values {
            let mut at = &mut panel["fieldConfig"]["defaults"];
            for key in id.split('.') {
                at = &mut at[key];
            }
            *at = value;
        }
    }
    let mut out = dashboard.clone();
    for panel in out["panels"].as_array_mut().into_iter().flatten() {
        apply(panel);
        let children = panel.get_mut("panels").and_then(Value::as_array_mut);
        for child in children.into_iter().flatten() {
            apply(child);
        }
    }
    out
}

#[test]
fn generated_dashboards_are_valid() {
    let grafana = Grafana::load();
    assert_eq!(upstream_dashboards::ALL.len(), 4);
    for dashboard in upstream_dashboards::ALL {
        grafana.assert_valid(dashboard.uid, dashboard.json);
    }
}

#[test]
fn the_dsl_dashboard_using_every_option_is_valid() {
    Grafana::load().assert_valid(dsl::EVERY_OPTION.uid, dsl::EVERY_OPTION.json);
}

#[test]
fn hand_built_models_covering_every_option_are_valid() {
    let grafana = Grafana::load();
    for (name, model) in grafana_fixture::all() {
        grafana.assert_valid(name, &dashc_core::grafana::render(&model));
    }
}

/// The checks are not vacuous: known mistakes are caught.
#[test]
fn known_mistakes_are_rejected() {
    let grafana = Grafana::load();
    let good: Value = serde_json::from_str(&dashc_core::grafana::render(
        &grafana_fixture::full_dashboard(),
    ))
    .expect("JSON");
    assert_eq!(grafana.violations(&good), Vec::<String>::new());

    let mut cases: Vec<(&str, Value)> = Vec::new();
    cases.push((
        "wrapped",
        json!({"dashboard": good.clone(), "overwrite": true}),
    ));
    let mut c = good.clone();
    c["panels"][0]["type"] = json!("graph");
    cases.push(("angular graph panel", c));
    let mut c = good.clone();
    c["panels"][4]["options"]["legend"]["displayMode"] = json!("sideways");
    cases.push(("bad legend mode", c));
    let mut c = good.clone();
    c["panels"][4]["fieldConfig"]["defaults"]["custom"]["stacking"]["mode"] = json!("stacked");
    cases.push(("bad stacking mode", c));
    let mut c = good.clone();
    c["panels"][4]["targets"][0]["exprr"] = json!("up");
    cases.push(("unknown target key", c));
    let mut c = good.clone();
    c["panels"][4]["gridPos"]["w"] = json!(25);
    cases.push(("too wide", c));
    let mut c = good.clone();
    c["panels"][1]["fieldConfig"]["defaults"]["custom"] = json!({"lineWidth": 1});
    cases.push(("custom on a stat", c));
    let mut c = good.clone();
    c["templating"]["list"][1]["current"] = json!({});
    cases.push(("variable current without value", c));
    let mut c = good;
    if let Some(map) = c.as_object_mut() {
        map.remove("schemaVersion");
    }
    cases.push(("no schemaVersion", c));

    for (name, case) in cases {
        assert!(
            !grafana.violations(&case).is_empty(),
            "{name}: not rejected"
        );
    }
}
