//! The builder's methods for the DSL's `unit: as_is`, a panel's own
//! `allow` and `from_panel`: the same bytes as the DSL, and their problems
//! reported at the call that set them.

use dashc_core::builder::{Panel, Query};
use dashc_core::dsl::compile_dashboard_str;
use dashc_core::model::PanelRef;
use dashc_core::Dashboard;
use std::path::Path;

const DSL: &str = r#"
uid: "values", title: "Values", catalog: [],
piechart "Share" { unit: as_is "qps", "{{job}}" => "sum by (job) (up)" }
piechart "" { unit: "short", _ => "sum(up)" }
timeseries "Over time" { unit: "short", from_panel: "Share" }
timeseries "Untitled's" { unit: "short", from_panel: 2 }
"#;

#[test]
fn the_builder_gives_the_bytes_the_dsl_gives() {
    let dsl = compile_dashboard_str(DSL, Path::new(env!("CARGO_MANIFEST_DIR")));
    let shown: Vec<String> = dsl.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{shown:#?}");
    let dsl_json = dsl.value.and_then(|c| c.json).expect("renders");
    let built = Dashboard::builder("values", "Values")
        .without_catalog()
        .panel(
            Panel::new(dashc_core::model::PanelKind::PieChart, "Share")
                .unit_as_is("qps")
                .query(Query::new("sum by (job) (up)").legend("{{job}}")),
        )
        .panel(
            Panel::new(dashc_core::model::PanelKind::PieChart, "")
                .unit("short")
                .query(Query::new("sum(up)")),
        )
        .panel(
            Panel::timeseries("Over time")
                .unit("short")
                .from_panel(PanelRef::Title("Share".into())),
        )
        .panel(
            Panel::timeseries("Untitled's")
                .unit("short")
                .from_panel(PanelRef::Id(2)),
        )
        .build()
        .unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json);
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    assert_eq!(value["panels"][0]["fieldConfig"]["defaults"]["unit"], "qps");
    assert_eq!(value["panels"][3]["targets"][0]["panelId"], 2);
}

#[test]
fn their_problems_are_reported_at_the_call() {
    let line = line!() + 5;
    let errors = Dashboard::builder("values", "Values")
        .without_catalog()
        .panel(
            Panel::timeseries("T")
                .unit_as_is("reqps")
                .allow("promql")
                .from_panel(PanelRef::Title("Nope".into())),
        )
        .build()
        .expect_err("three problems");
    let found: Vec<(u32, &str)> = errors
        .iter()
        .map(|e| (e.line(), e.message().split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        [
            (line + 2, "`from_panel"),
            (line + 1, "`promql` is a check of a query"),
            (line, "unit \"reqps\" is a unit Grafana knows"),
        ],
        "{errors}"
    );
}
