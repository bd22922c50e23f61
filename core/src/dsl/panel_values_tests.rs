//! Panel values and query forms: `unit: as_is`, every field color mode,
//! a mapping's own `index`, the checks a query's or a panel's `allow`
//! keeps (`empty-query`, `legend-label`, `no-query`) and
//! `from_panel`. Each from a string to its diagnostics (`line:column:
//! message`) or to its JSON, checked against Grafana's schema.
//!
//! `DASHC_DSL_ACTUAL=<dir>` writes what each diagnostics test got to
//! `<dir>/<test name>`, as in `tests.rs`.

use super::more_forms_tests::{check, render_allowing};
use super::tests::base;
use super::*;
use serde_json::{json, Value};

/// A dashboard body's JSON; `unit: as_is` writes an id Grafana does not
/// know, on purpose, which the schema check lets pass.
fn render(body: &str) -> Value {
    render_allowing(body, &["unknown-unit"])
}

#[test]
fn a_unit_as_is_is_written_exactly() {
    let d = render(
        r#"
stat "Q" { unit: as_is "qps", _ => "up" }
timeseries "E" { unit: as_is "Errors/sec", series "x" { unit: as_is "jobs/h" }, _ => "up" }
"#,
    );
    assert_eq!(d["panels"][0]["fieldConfig"]["defaults"]["unit"], "qps");
    assert_eq!(
        d["panels"][1]["fieldConfig"]["defaults"]["unit"],
        "Errors/sec"
    );
    assert_eq!(
        d["panels"][1]["fieldConfig"]["overrides"][0]["properties"][0],
        json!({"id": "unit", "value": "jobs/h"})
    );
}

#[test]
fn unit_as_is_errors_and_the_typo_hint_stays() {
    check(
        r#"
stat "A" { unit: "qps", _ => "up" }
stat "B" { unit: as_is "reqps", _ => "up" }
stat "C" { unit: as_is "", _ => "up" }
stat "D" { unit: as_is qps, _ => "up" }
timeseries "E" { unit: "s", series "x" { unit: as_is "bytes" }, _ => "up" }
"#,
        r##"
6:24: expected a Grafana unit id such as "reqps", "s" or "percent" as a string literal: write "qps"
7:54: unit "bytes" is a unit Grafana knows: write `unit: "bytes"` without `as_is`
3:18: unknown unit "qps": did you mean "reqps"? use a Grafana unit id such as "reqps", "s", "percent", "bytes", or a custom unit "suffix:<text>"
4:24: unit "reqps" is a unit Grafana knows: write `unit: "reqps"` without `as_is`
5:24: `unit: as_is` needs the unit text, e.g. `unit: as_is "qps"`; for no unit write `unit: "none"`
"##,
    );
}

#[test]
fn every_field_color_mode_renders() {
    let d = render(
        r#"
stat "A" { unit: "s", color: blue_purple, _ => "up" }
stat "B" { unit: "s", color: shades "light-blue", _ => "up" }
stat "C" { unit: "s", color: fixed, _ => "up" }
stat "D" { unit: "s", color: thresholds { fixed_color: "super-light-blue" }, _ => "up" }
timeseries "E" { unit: "s", color: palette_classic_by_name, series "x" { color: reds }, _ => "up" }
bargauge "F" { unit: "s", color: yellow_blue, set: { "fieldConfig.defaults.color.seriesBy": "max" }, _ => "up" }
"#,
    );
    let color = |i: usize| d["panels"][i]["fieldConfig"]["defaults"]["color"].clone();
    assert_eq!(color(0), json!({"mode": "continuous-BlPu"}));
    assert_eq!(
        color(1),
        json!({"fixedColor": "light-blue", "mode": "shades"})
    );
    assert_eq!(color(2), json!({"mode": "fixed"}));
    assert_eq!(
        color(3),
        json!({"fixedColor": "super-light-blue", "mode": "thresholds"})
    );
    assert_eq!(color(4), json!({"mode": "palette-classic-by-name"}));
    assert_eq!(
        d["panels"][4]["fieldConfig"]["overrides"][0]["properties"][0],
        json!({"id": "color", "value": {"mode": "continuous-reds"}})
    );
    assert_eq!(
        color(5),
        json!({"mode": "continuous-YlBl", "seriesBy": "max"})
    );
    // Every keyword is a mode of Grafana's FieldColorModeId.
    for (word, id) in crate::model::COLOR_SCHEMES {
        let d = render(&format!(
            "stat \"S\" {{ unit: \"s\", color: {word}, _ => \"up\" }}"
        ));
        let mode = &d["panels"][0]["fieldConfig"]["defaults"]["color"]["mode"];
        assert_eq!(mode, id, "{word}");
    }
}

#[test]
fn color_mode_errors() {
    check(
        r#"
stat "A" { unit: "s", color: blue_purpel, _ => "up" }
stat "B" { unit: "s", color: shades, _ => "up" }
stat "C" { unit: "s", color: shades "bleu", _ => "up" }
stat "D" { unit: "s", color: fixed { fixed_color: "red" }, _ => "up" }
stat "E" { unit: "s", color: thresholds { colour: "red" }, _ => "up" }
heatmap "F" { unit: "s", color: blue_purple, _ => "up" }
timeseries "G" { unit: "s", series "x" { color: shades "bleu" }, _ => "up" }
"#,
        r##"
3:30: expected one of `palette_classic`, `palette_classic_by_name`, `thresholds`, `green_yellow_red`, `red_yellow_green`, `blue_yellow_red`, `yellow_red`, `blue_purple`, `yellow_blue`, `blues`, `reds`, `greens`, `purples`, `fixed`, `shades`; did you mean `blue_purple`?
4:30: `shades` takes a color: write `shades "blue"`
6:36: `fixed` with a color is the color itself: write `color: "blue"`
7:43: expected `{ fixed_color: "blue" }` after `thresholds`: the fixed color Grafana keeps but this mode does not use
9:56: unknown color "bleu": use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"
5:6: unknown color "bleu" in `color`: use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"; did you mean "blue"?
8:9: a heatmap colors its cells by a scheme: use `color: green_yellow_red` or a fixed color such as `color: "red"`, or remove `color`
"##,
    );
}

#[test]
fn a_mapping_keeps_its_own_index() {
    let d = render(
        r#"
status_history "S" {
    unit: "none",
    mappings: [value "3" => "up" { color: "green", index: 1 }, range 1..2 => "down" { index: 0 }, null => "no data"],
    _ => "up",
}
"#,
    );
    let m = &d["panels"][0]["fieldConfig"]["defaults"]["mappings"];
    assert_eq!(m[0]["options"]["3"]["index"], 1);
    assert_eq!(m[1]["options"]["result"]["index"], 0);
    assert_eq!(m[2]["options"]["result"]["index"], 2, "the position");
}

#[test]
fn allowed_empty_queries_legends_and_panels_render_as_written() {
    let d = render(
        r#"
timeseries "A" {
    unit: "s",
    "{{job}}" => "up",
    _ => "" { allow: ["empty-query"] },
    "{{ $__name__ }}" => "up" { allow: ["legend-label"] },
}
timeseries "" { allow: ["no-query"], unit: "short" }
"#,
    );
    let a = &d["panels"][0];
    assert_eq!(a["targets"][1]["expr"], "");
    assert_eq!(a["targets"][2]["legendFormat"], "{{ $__name__ }}");
    let b = &d["panels"][1];
    assert_eq!(b["title"], "");
    assert_eq!(b["targets"], json!([]));
}

#[test]
fn allow_errors_of_panels_and_queries() {
    check(
        r#"
timeseries "A" { unit: "s", _ => "" }
timeseries "B" { unit: "s", "{{ $__name__ }}" => "up" }
timeseries "C" { unit: "s" }
timeseries "" { unit: "s", _ => "up" }
timeseries "E" { unit: "s", _ => "up" { allow: ["empty-query", "no-query"] } }
timeseries "F" { unit: "s", "{{job}}" => "up" { allow: ["legend-label"] } }
timeseries "G" { unit: "s", allow: ["no-query", "promql"], _ => "up" }
timeseries "H" { unit: "s", allow: ["no-qery"], _ => "up" }
"#,
        r##"
3:34: empty query: write a PromQL expression (check `empty-query`)
4:29: `{{$__name__}}` in legend "{{ $__name__ }}" is not a label name: write `{{__name__}}`, without the `$` (check `legend-label`)
5:12: panel "C" has no query: add one such as `"{{job}}" => "sum by (job) (up)"` (check `no-query`)
7:64: `no-query` is a check of the panel, not of a query: write `allow: ["no-query"]` in the panel's body
7:49: `allow: ["empty-query"]` allows nothing here: the query has an expression; remove it
8:57: `allow: ["legend-label"]` allows nothing here: every `{{..}}` of the legend is a label name; remove it
9:49: `promql` is a check of a query: write `allow: ["promql"]` in that query's options; a panel's `allow` takes no-query, link-variable
9:37: `allow: ["no-query"]` allows nothing here: the panel has queries; remove it
10:37: unknown check "no-qery" in a panel's `allow`: did you mean "no-query"? a panel's `allow` takes no-query, link-variable
"##,
    );
}

#[test]
fn from_panel_reads_another_panels_results_by_title_or_id() {
    let d = render(
        r#"
piechart "Share" { unit: "short", "{{job}}" => "sum by (job) (up)" }
row "R" {
    piechart "" { unit: "short", _ => "sum(up)" }
    timeseries "Over time" { unit: "short", from_panel: "Share" }
    timeseries "Untitled's" { unit: "short", from_panel: 3 }
}
"#,
    );
    let source = json!({"type": "datasource", "uid": "-- Dashboard --"});
    let by_title = &d["panels"][3];
    assert_eq!(by_title["datasource"], source);
    assert_eq!(
        by_title["targets"],
        json!([{"datasource": source, "panelId": 1, "refId": "A"}])
    );
    assert_eq!(d["panels"][2]["id"], 3);
    assert_eq!(d["panels"][4]["targets"][0]["panelId"], 3);
}

#[test]
fn from_panel_errors() {
    check(
        r#"
stat "Share" { unit: "short", _ => "up" }
stat "Twice" { unit: "short", _ => "up" }
stat "Twice" { unit: "short", _ => "up" }
text "Note" { content: "x" }
row "R" {
    timeseries "A" { unit: "s", from_panel: "Shar" }
    timeseries "B" { unit: "s", from_panel: "B" }
    timeseries "C" { unit: "s", from_panel: "A" }
    timeseries "D" { unit: "s", from_panel: "Note" }
    timeseries "E" { unit: "s", from_panel: 5 }
    timeseries "F" { unit: "s", from_panel: 99 }
    timeseries "G" { unit: "s", from_panel: "Twice" }
    timeseries "H" { unit: "s", from_panel: "Share", _ => "up" }
}
"#,
        r##"
8:45: `from_panel: "Shar"`: the dashboard has no panel of that title; did you mean "Share"? name a panel whose results to show
9:45: `from_panel: "B"` names the panel itself: name another panel whose results to show
10:45: `from_panel: "A"` names a panel that shows another panel's results itself: name the panel that runs the queries
11:45: `from_panel: "Note"` names a text panel, which runs no query: name a panel with queries
12:45: `from_panel: 5` is a row (dashc numbers panels and rows 1, 2, .. in order): name a panel whose results to show
13:45: `from_panel: 99`: the dashboard has 13 panels and rows, numbered 1, 2, .. in order: name one of them, or the panel by its title
14:45: `from_panel: "Twice"`: 2 panels have that title: give the panel to read a title of its own
15:54: panel "H" shows the results of another panel (`from_panel: "Share"`) and runs no query of its own: remove the query or `from_panel`
"##,
    );
}

#[test]
fn a_color_mode_built_by_hand_is_checked_and_a_text_panel_reads_no_panel() {
    use crate::model::ColorMode;
    let input = "uid: \"f\", title: \"F\", catalog: [],\nstat \"S\" { unit: \"s\", _ => \"up\" }";
    let model = compile_dashboard_str(input, &base())
        .value
        .expect("compiles")
        .parsed
        .model;
    let messages = |color: ColorMode| {
        let mut d = model.clone();
        if let Some(crate::model::Item::Panel(p)) = d.items.first_mut() {
            p.color = Some(color);
        }
        crate::check::check(&d, None)
            .into_vec()
            .into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        messages(ColorMode::Scheme("blue_purpel".into())),
        ["unknown color mode `blue_purpel` in `color`: did you mean `blue_purple`? the modes are palette_classic, palette_classic_by_name, thresholds, green_yellow_red, red_yellow_green, blue_yellow_red, yellow_red, blue_purple, yellow_blue, blues, reds, greens, purples, a color, `shades \"color\"` and `fixed`"]
    );
    assert_eq!(
        messages(ColorMode::WithFixedColor(
            Box::new(ColorMode::Fixed("red".into())),
            "blue".into(),
        )),
        ["`fixed_color` goes with a color mode that takes no color, such as `thresholds { fixed_color: \"blue\" }`"]
    );
    assert!(messages(ColorMode::Scheme("blue_purple".into())).is_empty());
    check(
        r#"
stat "S" { unit: "s", _ => "up" }
text "T" { content: "x", from_panel: "S" }
"#,
        r##"
4:38: a text panel shows `content`, not another panel's results: remove `from_panel`
"##,
    );
}
