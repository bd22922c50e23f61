//! The builder's `Panel::option`: every short form of Grafana's options the
//! DSL writes, read by the DSL's own reader, gives the bytes the DSL gives;
//! a mistake is reported at the call with the DSL's message.

mod common;

use common::{dsl_json, dsl_messages};
use dashc_core::builder::{BuildErrors, Panel, Query};
use dashc_core::model::{ColorMode, PanelKind};
use dashc_core::Dashboard;
use serde_json::json;

/// The builder's (line, message) of each problem, in order.
fn problems(errors: &BuildErrors) -> Vec<(u32, String)> {
    errors
        .iter()
        .inspect(|e| assert_eq!(e.file(), file!(), "{e}"))
        .map(|e| (e.line(), e.message().to_owned()))
        .collect()
}

const FORMS: &str = r#"
uid: "forms", title: "Forms", catalog: [],
timeseries "Styled" {
    unit: "short",
    fill_opacity: 10, line_width: 2, draw_style: bars, line_interpolation: step_before,
    span_nulls: "1h", insert_nulls: true, tooltip: multi, tooltip_sort: desc,
    axis_label: "requests", axis_placement: right, axis_soft_min: 0, log_scale: 2,
    line_style: dash [10, 20], legend_sort_by: "Max", legend_sort_desc: true,
    no_value: "N/A", display_name: "Total", max_data_points: 500,
    gradient_mode: opacity, show_points: never, point_size: 4,
    field_transform: negative_y,
    _ => "sum(up)",
}
stat "Stat" {
    unit: "short", color_mode: background, graph_mode: none, text_mode: value_and_name,
    justify_mode: center, calcs: ["mean", "max"], fields: "/^Value$/", values: true, limit: 10,
    _ => "sum(up)",
}
bargauge "Bars" { unit: "short", display_mode: lcd, orientation: horizontal, value_mode: text, _ => "sum(up)" }
gauge "Gauge" { unit: "short", show_threshold_markers: false, show_threshold_labels: true, _ => "sum(up)" }
table "Table" { unit: "short", cell: color_background, align: right, _ => "sum(up)" }
alertlist "Alerts" { view_mode: stat, max_items: 10, dashboard_alerts: true, alert_name: "Disk" }
"#;

fn up() -> Query {
    Query::new("sum(up)")
}

#[test]
fn every_kind_of_short_form_gives_the_bytes_the_dsl_gives() {
    let built = Dashboard::builder("forms", "Forms")
        .without_catalog()
        .panel(
            Panel::timeseries("Styled")
                .unit("short")
                .option("fill_opacity", 10)
                .option("line_width", 2)
                .option("draw_style", "bars")
                .option("line_interpolation", "step_before")
                .option("span_nulls", "1h")
                .option("insert_nulls", true)
                .option("tooltip", "multi")
                .option("tooltip_sort", "desc")
                .option("axis_label", "requests")
                .option("axis_placement", "right")
                .option("axis_soft_min", 0)
                .option("log_scale", 2)
                .option("line_style", json!(["dash", [10, 20]]))
                .option("legend_sort_by", "Max")
                .option("legend_sort_desc", true)
                .option("no_value", "N/A")
                .option("display_name", "Total")
                .option("max_data_points", 500)
                .option("gradient_mode", "opacity")
                .option("show_points", "never")
                .option("point_size", 4.0)
                .option("field_transform", "negative_y")
                .query(up()),
        )
        .panel(
            Panel::stat("Stat")
                .unit("short")
                .option("color_mode", "background")
                .option("graph_mode", "none")
                .option("text_mode", "value_and_name")
                .option("justify_mode", "center")
                .option("calcs", ["mean", "max"])
                .option("fields", "/^Value$/")
                .option("values", true)
                .option("limit", 10)
                .query(up()),
        )
        .panel(
            Panel::bargauge("Bars")
                .unit("short")
                .option("display_mode", "lcd")
                .option("orientation", "horizontal")
                .option("value_mode", "text")
                .query(up()),
        )
        .panel(
            Panel::gauge("Gauge")
                .unit("short")
                .option("show_threshold_markers", false)
                .option("show_threshold_labels", true)
                .query(up()),
        )
        .panel(
            Panel::table("Table")
                .unit("short")
                .option("cell", "color_background")
                .option("align", "right")
                .query(up()),
        )
        .panel(
            Panel::alertlist("Alerts")
                .option("view_mode", "stat")
                .option("max_items", 10)
                .option("dashboard_alerts", true)
                .option("alert_name", "Disk"),
        )
        .build()
        .unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json(FORMS));
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    let custom = &value["panels"][0]["fieldConfig"]["defaults"]["custom"];
    assert_eq!(custom["drawStyle"], "bars");
    assert_eq!(custom["lineInterpolation"], "stepBefore");
    assert_eq!(
        custom["lineStyle"],
        json!({"dash": [10, 20], "fill": "dash"})
    );
    assert_eq!(
        value["panels"][1]["options"]["reduceOptions"]["calcs"],
        json!(["mean", "max"])
    );
}

#[test]
fn a_name_set_again_keeps_the_last_value() {
    let built = Dashboard::builder("forms", "Forms")
        .without_catalog()
        .panel(
            Panel::timeseries("T")
                .unit("short")
                .option("fill_opacity", 80)
                .option("fill_opacity", 10)
                .query(up()),
        )
        .build()
        .unwrap_or_else(|e| panic!("builds:\n{e}"));
    let text = r#"uid: "forms", title: "Forms", catalog: [],
        timeseries "T" { unit: "short", fill_opacity: 10, _ => "sum(up)" }"#;
    assert_eq!(built.json, dsl_json(text));
}

#[test]
fn a_color_mode_is_a_series_color() {
    // The same form read from a `ColorMode` and from its DSL words.
    let text = r##"uid: "forms", title: "Forms", catalog: [],
        timeseries "T" { unit: "short", _ => "sum(up)",
            series "a" { color: shades "blue" }
            series "b" { color: thresholds { fixed_color: "red" } }
            series "c" { color: "#ff0000" }
            series "d" { color: blue_purple }
        }"##;
    let built = Dashboard::builder("forms", "Forms")
        .without_catalog()
        .panel(
            Panel::timeseries("T")
                .unit("short")
                .query(up())
                .series(
                    dashc_core::builder::Series::name("a")
                        .option("color", ColorMode::Shades("blue".into())),
                )
                .series(dashc_core::builder::Series::name("b").option(
                    "color",
                    ColorMode::WithFixedColor(Box::new(ColorMode::Thresholds), "red".into()),
                ))
                .series(dashc_core::builder::Series::name("c").option("color", "#ff0000"))
                .series(dashc_core::builder::Series::name("d").option("color", "blue_purple")),
        )
        .build()
        .unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json(text));
}

#[test]
fn mistakes_are_reported_at_the_call_with_the_dsls_message() {
    let text = r#"uid: "forms", title: "Forms", catalog: [],
        timeseries "T" {
            unit: "short",
            fill_opacit: 10,
            fill_opacity: 200,
            tooltip: singel,
            graph_mode: none,
            line_width: "thick",
            span_nulls: "soon",
            _ => "sum(up)",
        }"#;
    let expected = dsl_messages(text);
    assert_eq!(expected.len(), 6, "{expected:#?}");
    let line = line!() + 6;
    let errors = Dashboard::builder("forms", "Forms")
        .without_catalog()
        .panel(
            Panel::timeseries("T")
                .unit("short")
                .option("fill_opacit", 10)
                .option("fill_opacity", 200)
                .option("tooltip", "singel")
                .option("graph_mode", "none")
                .option("line_width", "thick")
                .option("span_nulls", "soon")
                .query(up()),
        )
        .build()
        .expect_err("six mistakes");
    let found = problems(&errors);
    let lines: Vec<u32> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, (line..line + 6).collect::<Vec<_>>(), "{errors}");
    let messages: Vec<String> = found.into_iter().map(|(_, m)| m).collect();
    assert_eq!(messages, expected);
    assert!(
        messages[0].contains("did you mean `fill_opacity`?"),
        "{messages:#?}"
    );
}

#[test]
fn the_panels_own_options_and_names_that_are_no_words_are_pointed_elsewhere() {
    let line = line!() + 5;
    let errors = Dashboard::builder("forms", "Forms")
        .without_catalog()
        .panel(
            Panel::new(PanelKind::Timeseries, "T")
                .option("unit", "short")
                .option("fill-opacity", 10)
                .query(up()),
        )
        .build()
        .expect_err("two mistakes, and no unit");
    let found = problems(&errors);
    assert!(
        found.iter().any(|(l, m)| *l == line
            && m.starts_with("`unit` is not a short form")
            && m.contains("call `Panel::unit(..)`")),
        "{errors}"
    );
    assert!(
        found.iter().any(|(l, m)| *l == line + 1
            && m.contains("\"fill-opacity\" is not the name of a panel option")),
        "{errors}"
    );
}

#[test]
fn building_leaves_the_callers_own_spans_alone() {
    // The DSL text of the options is lexed on a thread of its own: the
    // positions `proc_macro2` keeps for the caller's strings stay, and
    // nothing lexed for the build stays with the caller's thread.
    let tokens: proc_macro2::TokenStream = "first\n  second".parse().expect("tokens");
    let second = tokens.into_iter().nth(1).expect("two tokens").span();
    for _ in 0..3 {
        Dashboard::builder("forms", "Forms")
            .without_catalog()
            .panel(
                Panel::timeseries("T")
                    .unit("short")
                    .option("fill_opacity", 10)
                    .query(up()),
            )
            .build()
            .unwrap_or_else(|e| panic!("builds:\n{e}"));
    }
    assert_eq!((second.start().line, second.start().column), (2, 2));
}
