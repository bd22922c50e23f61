//! The builder's series overrides, value mappings, transformations, data
//! links and repeat: each written with the DSL and with the builder gives
//! the same bytes, and a mistake made through the builder is reported at
//! the call that made it, with the message the DSL gives.

mod common;

use common::{dsl_json, dsl_messages};
use dashc_core::builder::{
    BuildErrors, DataLink, Mapping, Panel, Query, Repeat, Row, Series, Transform, Variable,
};
use dashc_core::{Compiled, Dashboard};
use serde_json::json;

/// This file's text, to find the line of a call by a marker comment.
const SOURCE: &str = include_str!("builder_panel_parts.rs");

/// The line of the one line of this file holding `marker`.
fn line_of(marker: &str) -> u32 {
    let lines: Vec<usize> = SOURCE
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(&format!("// {marker}")))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 1, "marker {marker:?} on lines {lines:?}");
    lines[0] as u32
}

/// The builder's (line, message) of each problem, in order.
fn problems(errors: &BuildErrors) -> Vec<(u32, String)> {
    errors
        .iter()
        .inspect(|e| assert_eq!(e.file(), file!(), "{e}"))
        .map(|e| (e.line(), e.message().to_owned()))
        .collect()
}

fn built(panel: Panel) -> Result<Compiled, BuildErrors> {
    Dashboard::builder("parts", "Parts")
        .without_catalog()
        .panel(panel)
        .build()
}

fn timeseries() -> Panel {
    Panel::timeseries("T")
        .unit("short")
        .query(Query::new("sum by (job) (up)").legend("{{job}}"))
        .query(Query::new("sum(up)"))
}

const HEAD: &str = r#"uid: "parts", title: "Parts", catalog: [],"#;

#[test]
fn series_overrides_give_the_bytes_the_dsl_gives() {
    let text = format!(
        r#"{HEAD}
        timeseries "T" {{ unit: "short", "{{{{job}}}}" => "sum by (job) (up)", _ => "sum(up)",
            series "Total" {{ color: "red", fill_opacity: 0, line_width: 3 }}
            series regex "cache.*" {{ stacking: {{ mode: normal, group: "B" }}, hidden: [legend, tooltip] }}
            series query B {{ unit: "bytes", decimals: 2, set: {{ "custom.axisCenteredZero": true }}, min: 0 }}
            series type number {{ axis_placement: right, line_style: dot }}
            series value(mean > 10) {{ line_width: 4, transform: negative_y }}
            series value(max <= -0.5) {{ unit: as_is "qps" }}
            series value(allIsZero) {{ hidden: true }}
            series except ["cpu"] {{ hidden: [viz] }}
            series only ["mem", "disk"] {{ hidden: [viz] }}
        }}"#
    );
    let built = built(
        timeseries()
            .series(
                Series::name("Total")
                    .option("color", "red")
                    .option("fill_opacity", 0)
                    .option("line_width", 3),
            )
            .series(
                Series::regex("cache.*")
                    .option("stacking", json!({"mode": "normal", "group": "B"}))
                    .option("hidden", ["legend", "tooltip"]),
            )
            .series(
                Series::query("B")
                    .option("unit", "bytes")
                    .option("decimals", 2)
                    .set("custom.axisCenteredZero", true)
                    .option("min", 0),
            )
            .series(
                Series::field_type("number")
                    .option("axis_placement", "right")
                    .option("line_style", "dot"),
            )
            .series(
                Series::value("mean", ">", 10.0)
                    .option("line_width", 4)
                    .option("transform", "negative_y"),
            )
            .series(Series::value("max", "<=", -0.5).option("unit", json!(["as_is", "qps"])))
            .series(Series::value_is("allIsZero").option("hidden", true))
            .series(Series::except(["cpu"]).option("hidden", ["viz"]))
            .series(Series::only(["mem", "disk"]).option("hidden", ["viz"])),
    )
    .unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json(&text));
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    let overrides = &value["panels"][0]["fieldConfig"]["overrides"];
    assert_eq!(overrides.as_array().map(Vec::len), Some(9));
    // The `set` property comes where it was set: after `unit` and `decimals`.
    let ids: Vec<&str> = overrides[2]["properties"]
        .as_array()
        .expect("properties")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, ["unit", "decimals", "custom.axisCenteredZero", "min"]);
}

#[test]
fn series_mistakes_are_reported_at_the_call_with_the_dsls_message() {
    let text = format!(
        r#"{HEAD}
        timeseries "T" {{ unit: "short", "{{{{job}}}}" => "sum by (job) (up)", _ => "sum(up)",
            series "Total" {{ colour: "red" }}
            series regex "x" {{ tooltip: single }}
            series value(mean => 10) {{ line_width: 1 }}
            series value(mean gt 10) {{ line_width: 1 }}
            series except ["cpu"] {{ color: "red" }}
            series type numbr {{ line_width: 1 }}
            series "Empty" {{ }}
            series value(meen > 1) {{ line_width: 1 }}
            series "Wide" {{ line_width: 11 }}
        }}"#
    );
    let expected = dsl_messages(&text);
    // An unknown option leaves the block empty, which is reported too.
    assert_eq!(expected.len(), 10, "{expected:#?}");
    let errors = built(
        timeseries()
            .series(Series::name("Total").option("colour", "red")) // at: colour
            .series(Series::regex("x").option("tooltip", "single")) // at: tooltip
            .series(Series::value("mean", "=>", 10.0).option("line_width", 1)) // at: =>
            .series(Series::value("mean", "gt", 10.0).option("line_width", 1)) // at: gt
            .series(Series::except(["cpu"]).option("color", "red")) // at: except
            .series(Series::field_type("numbr").option("line_width", 1)) // at: numbr
            .series(Series::name("Empty")) // at: empty
            .series(Series::value("meen", ">", 1.0).option("line_width", 1)) // at: meen
            .series(
                Series::name("Wide").option("line_width", 11), // at: wide
            ),
    )
    .expect_err("ten problems");
    let found = problems(&errors);
    let lines: Vec<u32> = found.iter().map(|(l, _)| *l).collect();
    let at: Vec<u32> = [
        "at: colour",
        "at: colour",
        "at: tooltip",
        "at: =>",
        "at: gt",
        "at: except",
        "at: numbr",
        "at: empty",
        "at: meen",
        "at: wide",
    ]
    .into_iter()
    .map(line_of)
    .collect();
    assert_eq!(lines, at, "{errors}");
    let messages: Vec<String> = found.into_iter().map(|(_, m)| m).collect();
    assert_eq!(messages, expected);
    assert!(
        messages[0].contains("did you mean `color`?"),
        "{messages:#?}"
    );
}

#[test]
fn value_mappings_give_the_bytes_the_dsl_gives() {
    let text = format!(
        r##"{HEAD}
        stat "S" {{ unit: "short", _ => "sum(up)",
            mappings: [
                value "1" => "UP" {{ color: "green" }},
                range 0..10 => "low",
                range ..-5.5 => {{ color: "#ff0000" }},
                range 100.. => "high" {{ index: 7 }},
                regex "x.*" => "matched",
                null_nan => "N/A",
                empty => "empty" {{ color: "blue", index: 2 }},
                values {{ "0" => "Down" {{ color: "red" }}, "2" => "Degraded" }},
            ],
        }}"##
    );
    let built = built(
        Panel::stat("S")
            .unit("short")
            .query(Query::new("sum(up)"))
            .mapping(Mapping::value("1").text("UP").color("green"))
            .mapping(Mapping::range(Some(0.0), Some(10.0)).text("low"))
            .mapping(Mapping::range(None, Some(-5.5)).color("#ff0000"))
            .mapping(Mapping::range(Some(100.0), None).text("high").index(7))
            .mapping(Mapping::regex("x.*").text("matched"))
            .mapping(Mapping::special("null_nan").text("N/A"))
            .mapping(
                Mapping::special("empty")
                    .text("empty")
                    .color("blue")
                    .index(2),
            )
            .mapping_values([
                Mapping::value("0").text("Down").color("red"),
                Mapping::value("2").text("Degraded"),
            ]),
    )
    .unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json(&text));
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    let mappings = &value["panels"][0]["fieldConfig"]["defaults"]["mappings"];
    assert_eq!(mappings.as_array().map(Vec::len), Some(8));
    assert_eq!(mappings[7]["options"]["2"]["text"], "Degraded");
}

#[test]
fn mapping_mistakes_are_reported_at_the_call_with_the_dsls_message() {
    let text = format!(
        r#"{HEAD}
        stat "S" {{ unit: "short", _ => "sum(up)",
            mappings: [
                value "1" => {{ color: "grene" }},
                range 10..0 => "empty",
                nul => "N/A",
                value "2" =>,
                values {{ range 0..1 => "x" }},
            ],
        }}"#
    );
    let expected = dsl_messages(&text);
    assert_eq!(expected.len(), 5, "{expected:#?}");
    let errors = built(
        Panel::stat("S")
            .unit("short")
            .query(Query::new("sum(up)"))
            .mapping(Mapping::value("1").color("grene")) // at: grene
            .mapping(Mapping::range(Some(10.0), Some(0.0)).text("empty")) // at: range
            .mapping(Mapping::special("nul").text("N/A")) // at: nul
            .mapping(Mapping::value("2")) // at: nothing
            .mapping_values([Mapping::range(Some(0.0), Some(1.0)).text("x")]), // at: group
    )
    .expect_err("five mistakes");
    let found = problems(&errors);
    let lines: Vec<u32> = found.iter().map(|(l, _)| *l).collect();
    let at: Vec<u32> = [
        "at: grene",
        "at: range",
        "at: nul",
        "at: nothing",
        "at: group",
    ]
    .into_iter()
    .map(line_of)
    .collect();
    assert_eq!(lines, at, "{errors}");
    let messages: Vec<String> = found.into_iter().map(|(_, m)| m).collect();
    assert_eq!(messages, expected);
}

#[test]
fn transformations_give_the_bytes_the_dsl_gives() {
    let text = format!(
        r#"{HEAD}
        table "T" {{ unit: "short", _ => "sum by (job) (up)" {{ format: table, instant: true }},
            transform: [
                merge,
                organize {{ exclude: ["Time"], order: ["job", "Value"], rename: {{ "Value": "Up" }} }},
                reduce {{ calcs: ["mean", "max"], mode: reduce_fields, include_time: true }},
                filter_by_name {{ pattern: "^j", disabled: true }},
                sort_by {{ field: "Up", desc: true }},
                calculate_field {{ mode: binary, left: "Up", operator: "*", right: "2", alias: "Double" }},
                limit {{ limit: 5 }},
                join_by_field {{ field: "job", mode: inner, "byField": "job" }},
                group_by {{ "fields": {{ "job": {{ "aggregations": [], "operation": "groupby" }} }} }},
            ],
        }}"#
    );
    // The same chain both times but for the last join's options.
    let chain = |join: Transform| {
        Panel::table("T")
            .unit("short")
            .query(
                Query::new("sum by (job) (up)")
                    .format(dashc_core::model::TargetFormat::Table)
                    .instant(true),
            )
            .transform(Transform::new("merge"))
            .transform(
                Transform::new("organize")
                    .option("exclude", ["Time"])
                    .option("order", ["job", "Value"])
                    .option("rename", json!({"Value": "Up"})),
            )
            .transform(
                Transform::new("reduce")
                    .option("calcs", ["mean", "max"])
                    .option("mode", "reduce_fields")
                    .option("include_time", true),
            )
            .transform(
                Transform::new("filter_by_name")
                    .option("pattern", "^j")
                    .disabled(true),
            )
            .transform(
                Transform::new("sort_by")
                    .option("field", "Up")
                    .option("desc", true),
            )
            .transform(
                Transform::new("calculate_field")
                    .option("mode", "binary")
                    .option("left", "Up")
                    .option("operator", "*")
                    .option("right", "2")
                    .option("alias", "Double"),
            )
            .transform(Transform::new("limit").option("limit", 5))
            .transform(join)
            .transform(Transform::new("group_by").grafana_option(
                "fields",
                json!({"job": {"aggregations": [], "operation": "groupby"}}),
            ))
    };
    let join = Transform::new("join_by_field")
        .option("field", "job")
        .option("mode", "inner");
    let refused = built(chain(join.clone().grafana_option("byField", "job")));
    // `"byField"` is written by `field` there: the DSL and the builder
    // both refuse it, with the same message.
    let errors = refused.expect_err("byField twice");
    let expected = dsl_messages(&text);
    let messages: Vec<String> = problems(&errors).into_iter().map(|(_, m)| m).collect();
    assert_eq!(messages, expected);
    assert_eq!(messages.len(), 1, "{messages:#?}");

    let text = text.replace(r#", "byField": "job""#, "");
    let built = built(chain(join)).unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json(&text));
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    let list = &value["panels"][0]["transformations"];
    let ids: Vec<&str> = list
        .as_array()
        .expect("transformations")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "merge",
            "organize",
            "reduce",
            "filterFieldsByName",
            "sortBy",
            "calculateField",
            "limit",
            "joinByField",
            "groupBy"
        ]
    );
    assert_eq!(list[3]["disabled"], true);
}

#[test]
fn transformation_mistakes_are_reported_at_the_call_with_the_dsls_message() {
    let text = format!(
        r#"{HEAD}
        table "T" {{ unit: "short", _ => "sum(up)",
            transform: [
                mrege,
                filterFieldsByName,
                organize {{ exlude: ["Time"] }},
                reduce {{ mode: reduce_fields }},
                reduce {{ calcs: ["meen"] }},
                sort_by {{ field: 3 }},
            ],
        }}"#
    );
    let expected = dsl_messages(&text);
    assert!(expected.len() >= 6, "{expected:#?}");
    let errors = built(
        Panel::table("T")
            .unit("short")
            .query(Query::new("sum(up)"))
            .transform(Transform::new("mrege")) // at: mrege
            .transform(Transform::new("filterFieldsByName")) // at: grafana id
            .transform(Transform::new("organize").option("exlude", ["Time"])) // at: exlude
            .transform(Transform::new("reduce").option("mode", "reduce_fields")) // at: no calcs
            .transform(Transform::new("reduce").option("calcs", ["meen"])) // at: calcs meen
            .transform(Transform::new("sort_by").option("field", 3)), // at: field
    )
    .expect_err("mistakes");
    let found = problems(&errors);
    let messages: Vec<String> = found.iter().map(|(_, m)| m.clone()).collect();
    assert_eq!(messages, expected);
    let at = |marker: &str, text: &str| {
        let line = line_of(marker);
        assert!(
            found.iter().any(|(l, m)| *l == line && m.contains(text)),
            "{text:?} at line {line}:\n{errors}"
        );
    };
    at("at: mrege", "did you mean `merge`?");
    at("at: grafana id", "write `filter_by_name`");
    at("at: exlude", "did you mean `exclude`?");
    at("at: no calcs", "`reduce` needs `calcs`");
    at("at: calcs meen", "meen");
    at("at: field", "string literal");
}

#[test]
fn data_links_and_repeat_give_the_bytes_the_dsl_gives() {
    let text = format!(
        r#"{HEAD}
        variables {{ instance: filter "label_values(up, instance)", job: filter "label_values(up, job)" }},
        row "Per job" repeat job {{
            timeseries "T" {{ unit: "short", _ => "sum(up)",
                links: [
                    "Details" => "https://example/d?var-instance=${{__field.labels.instance}}&${{job:queryparam}}" {{ new_tab: true }},
                    "Runbook" => "https://runbooks.example/up",
                ],
                repeat: instance {{ max_per_row: 4 }},
            }}
            stat "S" {{ unit: "short", _ => "sum(up)", repeat: instance {{ direction: v }} }}
        }}"#
    );
    let built = Dashboard::builder("parts", "Parts")
        .without_catalog()
        .variable(Variable::filter("instance", "label_values(up, instance)"))
        .variable(Variable::filter("job", "label_values(up, job)"))
        .row(
            Row::new("Per job")
                .repeat("job")
                .panel(
                    Panel::timeseries("T")
                        .unit("short")
                        .query(Query::new("sum(up)"))
                        .link(
                            DataLink::new(
                                "Details",
                                "https://example/d?var-instance=${__field.labels.instance}&${job:queryparam}",
                            )
                            .new_tab(true),
                        )
                        .link(DataLink::new("Runbook", "https://runbooks.example/up"))
                        .repeat(Repeat::new("instance").max_per_row(4)),
                )
                .panel(
                    Panel::stat("S")
                        .unit("short")
                        .query(Query::new("sum(up)"))
                        .repeat(Repeat::new("instance").vertical(true)),
                ),
        )
        .build()
        .unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json(&text));
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    assert_eq!(value["panels"][0]["repeat"], "job");
    assert_eq!(value["panels"][1]["repeatDirection"], "h");
    assert_eq!(value["panels"][1]["maxPerRow"], 4);
    assert_eq!(value["panels"][2]["repeatDirection"], "v");
    assert_eq!(
        value["panels"][1]["fieldConfig"]["defaults"]["links"][0]["targetBlank"],
        true
    );
}

#[test]
fn link_and_repeat_mistakes_are_reported_at_the_call_with_the_dsls_message() {
    let text = format!(
        r#"{HEAD}
        variables {{ instance: query "label_values(up, instance)" }},
        row "R" repeat nope {{
            timeseries "T" {{ unit: "short", _ => "sum(up)",
                links: [ "Details" => "https://example/${{__field.labels.instance}}/${{undefined_var}}" ],
                repeat: instance,
            }}
            text "N" {{ content: "x", links: [ "A" => "https://a" ] }}
        }}"#
    );
    let expected = dsl_messages(&text);
    assert!(!expected.is_empty(), "{expected:#?}");
    let url = "https://example/${__field.labels.instance}/${undefined_var}";
    let errors = Dashboard::builder("parts", "Parts")
        .without_catalog()
        .variable(Variable::query("instance", "label_values(up, instance)"))
        .row(
            Row::new("R")
                .repeat("nope") // at: row repeat
                .panel(
                    Panel::timeseries("T")
                        .unit("short")
                        .query(Query::new("sum(up)"))
                        .link(DataLink::new("Details", url)) // at: link
                        .repeat(Repeat::new("instance")), // at: panel repeat
                )
                .panel(
                    Panel::text("N")
                        .content("x")
                        .link(DataLink::new("A", "https://a")), // at: text link
                ),
        )
        .build()
        .expect_err("mistakes");
    let found = problems(&errors);
    let mut messages: Vec<String> = found.iter().map(|(_, m)| m.clone()).collect();
    let mut expected = expected;
    messages.sort();
    expected.sort();
    assert_eq!(messages, expected, "{errors}");
    for marker in [
        "at: row repeat",
        "at: link",
        "at: panel repeat",
        "at: text link",
    ] {
        let line = line_of(marker);
        assert!(
            found.iter().any(|(l, _)| *l == line),
            "nothing reported at {marker} (line {line}):\n{errors}"
        );
    }
}

#[test]
fn a_mapping_with_an_index_alone_is_reported_not_dropped() {
    // Without a text or a color a mapping shows nothing: reported, in the
    // DSL as with the builder, rather than the list left out silently.
    let text = format!(
        r#"{HEAD}
        stat "S" {{ unit: "short", _ => "sum(up)", mappings: [value "1" => "UP", value "2" => {{ index: 0 }}] }}"#
    );
    let expected = dsl_messages(&text);
    assert_eq!(expected.len(), 1, "{expected:#?}");
    assert!(
        expected[0].starts_with("a mapping shows a text, a color or both"),
        "{expected:#?}"
    );
    let errors = built(
        Panel::stat("S")
            .unit("short")
            .query(Query::new("sum(up)"))
            .mapping(Mapping::value("1").text("UP"))
            .mapping(Mapping::value("2").index(0)), // at: index alone
    )
    .expect_err("a mapping showing nothing");
    let found = problems(&errors);
    assert_eq!(found, [(line_of("at: index alone"), expected[0].clone())]);
}

#[test]
fn text_modes_places_and_row_options_give_the_bytes_the_dsl_gives() {
    use dashc_core::model::TextMode;
    let text = format!(
        r#"{HEAD}
        row "R" {{ y: 0, set: {{ "datasource": {{ "type": "prometheus", "uid": "prometheus" }} }},
            text "Config" {{ content: "{{\"a\": 1}}", mode: code {{ language: json }}, x: 0, y: 1, width: 12 }}
            text "Page" {{ content: "<b>x</b>", mode: html, x: 12, y: 1, width: 12 }}
        }}"#
    );
    let built = Dashboard::builder("parts", "Parts")
        .without_catalog()
        .row(
            Row::new("R")
                .y(0)
                .set(
                    "datasource",
                    json!({"type": "prometheus", "uid": "prometheus"}),
                )
                .panel(
                    Panel::text("Config")
                        .content("{\"a\": 1}")
                        .mode(TextMode::Code {
                            language: "json".into(),
                        })
                        .at(0, 1)
                        .width(12),
                )
                .panel(
                    Panel::text("Page")
                        .content("<b>x</b>")
                        .mode(TextMode::Html)
                        .at(12, 1)
                        .width(12),
                ),
        )
        .build()
        .unwrap_or_else(|e| panic!("builds:\n{e}"));
    assert_eq!(built.json, dsl_json(&text));
    let value: serde_json::Value = serde_json::from_str(&built.json).expect("JSON");
    assert_eq!(value["panels"][1]["options"]["code"]["language"], "json");
    assert_eq!(value["panels"][2]["gridPos"]["x"], 12);
}

#[test]
fn a_text_mode_mistake_is_reported_at_the_call_with_the_dsls_message() {
    use dashc_core::model::TextMode;
    let text = format!(
        r#"{HEAD}
        text "Config" {{ content: "x", mode: code {{ language: jsno }} }}
        stat "S" {{ unit: "short", mode: html, _ => "sum(up)" }}"#
    );
    let expected = dsl_messages(&text);
    assert_eq!(expected.len(), 2, "{expected:#?}");
    let errors = Dashboard::builder("parts", "Parts")
        .without_catalog()
        .panel(Panel::text("Config").content("x").mode(TextMode::Code {
            language: "jsno".into(),
        }))
        .panel(
            Panel::stat("S")
                .unit("short")
                .query(Query::new("sum(up)"))
                .mode(TextMode::Html), // at: html
        )
        .build()
        .expect_err("two mistakes");
    let found = problems(&errors);
    let messages: Vec<String> = found.iter().map(|(_, m)| m.clone()).collect();
    assert_eq!(messages, expected);
    assert!(
        messages[0].contains("did you mean `json`?"),
        "{messages:#?}"
    );
    assert_eq!(found[1].0, line_of("at: html"), "{errors}");
}

#[test]
fn lists_on_a_text_panel_are_reported_at_their_first_entry() {
    let text = format!(
        r#"{HEAD}
        text "N" {{ content: "x", mappings: [null => "-"], transform: [merge] }}"#
    );
    let expected = dsl_messages(&text);
    assert_eq!(expected.len(), 2, "{expected:#?}");
    let errors = built(
        Panel::text("N")
            .content("x")
            .mapping(Mapping::special("null").text("-")) // at: first mapping
            .transform(Transform::new("merge")), // at: first transform
    )
    .expect_err("two lists a text panel lacks");
    let found = problems(&errors);
    assert_eq!(
        found,
        [
            (line_of("at: first mapping"), expected[0].clone()),
            (line_of("at: first transform"), expected[1].clone()),
        ]
    );
}

#[test]
fn a_value_nested_too_deep_is_reported_at_its_call() {
    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!([deep]);
    }
    let errors = built(
        timeseries().series(Series::name("Total").set("custom.axisLabel", deep)), // at: deep
    )
    .expect_err("too deep");
    let found = problems(&errors);
    assert_eq!(found.len(), 1, "{errors}");
    assert_eq!(found[0].0, line_of("at: deep"), "{errors}");
    assert!(found[0].1.contains("nested deeper than"), "{errors}");
}
