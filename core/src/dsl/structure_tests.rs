//! Panel-structure rules as Grafana has them: panels and rows without a
//! title, rows sharing a title, panels below a collapsed row, threshold
//! steps with equal values, `format: heatmap` outside heatmaps, and the
//! heatmap color scale's paths `set` may write. Each from a string to its
//! diagnostics (`line:column: message`) or to its JSON, every rendered
//! dashboard through Grafana's schema.

use super::more_forms_tests::{check, render};

#[test]
fn panels_and_rows_may_have_no_title_and_rows_may_share_one() {
    let d = render(
        r##"
text "" { content: "# Header" }
stat "" { unit: "s", _ => "up" }
row "" { stat "A" { unit: "s", _ => "up" } }
row "Usage" { stat "B" { unit: "s", _ => "up" } }
row "Usage" collapsed { stat "C" { unit: "s", _ => "up" } }
"##,
    );
    let p = d["panels"].as_array().expect("panels");
    let titles: Vec<&str> = p.iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["", "", "", "A", "Usage", "B", "Usage"]);
    assert_eq!(p[2]["type"], "row");
    assert_eq!(p[6]["panels"][0]["title"], "C");
}

#[test]
fn titles_of_only_whitespace_are_refused() {
    check(
        r##"
stat " " { unit: "s", _ => "up" }
row "  " { stat "A" { unit: "s", _ => "up" } }
"##,
        r##"
3:6: panel title of only whitespace: Grafana shows an empty header; give the panel a title, or write `""` for a panel without a header
4:5: row title of only whitespace: give the row a title, or write `""` for a row without one
"##,
    );
}

#[test]
fn a_panel_below_a_collapsed_row_stays_outside_it() {
    let d = render(
        r##"
row "Details" collapsed { stat "Inside" { unit: "s", _ => "up" } }
text "Footer" { content: "end" }
stat "Also outside" { unit: "s", _ => "up" }
"##,
    );
    let p = d["panels"].as_array().expect("panels");
    assert_eq!(p.len(), 3, "{p:#?}");
    assert_eq!(p[0]["type"], "row");
    assert_eq!(p[0]["panels"][0]["title"], "Inside");
    assert_eq!(p[1]["title"], "Footer");
    assert_eq!(p[2]["title"], "Also outside");
    // On a line of its own below everything the row holds (hidden while
    // the row is collapsed, so Grafana shows it right below the header).
    let inside = &p[0]["panels"][0]["gridPos"];
    let bottom = inside["y"].as_u64().unwrap() + inside["h"].as_u64().unwrap();
    assert_eq!(p[1]["gridPos"]["x"], 0);
    assert_eq!(p[1]["gridPos"]["y"].as_u64(), Some(bottom));
}

#[test]
fn a_panel_below_an_expanded_row_outside_it_is_refused() {
    check(
        r##"
row "Open" { stat "Inside" { unit: "s", _ => "up" } }
stat "After" { unit: "s", _ => "up" }
row "Closed" collapsed { stat "Hidden" { unit: "s", _ => "up" } }
stat "Fine" { unit: "s", _ => "up" }
"##,
        r##"
4:6: panel "After" follows an expanded row outside of it, but Grafana would make it part of that row: move it into the row, above the first row, or below a collapsed row
"##,
    );
}

#[test]
fn threshold_steps_may_share_a_value_but_not_decrease() {
    let d =
        render(r##"stat "S" { unit: "s", thresholds: [red, orange: 0, green: 0], _ => "up" }"##);
    assert_eq!(
        d["panels"][0]["fieldConfig"]["defaults"]["thresholds"]["steps"],
        serde_json::json!([
            {"color": "red", "value": null},
            {"color": "orange", "value": 0},
            {"color": "green", "value": 0}
        ])
    );
    check(
        r##"stat "S" { unit: "s", thresholds: [red, orange: 1, green: 1, blue: 0.5], _ => "up" }"##,
        "
2:62: threshold values must not decrease from step to step: step 4 `blue: 0.5` is below step 3 `green: 1`; order the steps by value
",
    );
}

#[test]
fn heatmap_format_queries_may_feed_any_panel() {
    let d = render(
        r##"bargauge "Buckets" { unit: "none", format: heatmap, "{{le}}" => "sum by (le) (rate(http_request_duration_seconds_bucket[5m]))" }"##,
    );
    assert_eq!(d["panels"][0]["targets"][0]["format"], "heatmap");
}

#[test]
fn a_heatmap_scale_without_color_takes_its_scheme_and_fill_from_set() {
    let d = render(
        r##"heatmap "H" { unit: "s", set: { "options.color.scheme": "Plasma", "options.color.fill": "#b4ff00", "options.color.reverse": true }, _ => "up" }"##,
    );
    let color = &d["panels"][0]["options"]["color"];
    assert_eq!(color["scheme"], "Plasma");
    assert_eq!(color["fill"], "#b4ff00");
    assert_eq!(color["reverse"], true);
    assert_eq!(color["mode"], "scheme");
    check(
        r##"
heatmap "A" { unit: "s", color: green_yellow_red, set: { "options.color.scheme": "Plasma", "options.color.fill": "#b4ff00" }, _ => "up" }
heatmap "B" { unit: "s", color: "red", set: { "options.color.scheme": "Plasma", "options.color.fill": "#b4ff00" }, _ => "up" }
heatmap "C" { unit: "s", set: { "options.color.mode": "opacity" }, _ => "up" }
"##,
        r##"
3:58: `set` path "options.color.scheme" on a heatmap panel is written by the `color` option: write `color: green_yellow_red` instead
4:81: `set` path "options.color.fill" on a heatmap panel is written by the `color` option: write `color: "red"` instead
5:33: `set` path "options.color.mode" on a heatmap panel is written by the `color` option: write `color: ..` instead
"##,
    );
}

#[test]
fn a_legend_placeholder_that_is_no_label_name_takes_allow_legend_label() {
    // Grafana shows the text between the braces: "P95 pod, route".
    let d = render(
        r##"stat "S" { unit: "s", "P95 {{pod, route}}" => "up" { allow: ["legend-label"] } }"##,
    );
    assert_eq!(
        d["panels"][0]["targets"][0]["legendFormat"],
        "P95 {{pod, route}}"
    );
    check(
        r##"
stat "A" { unit: "s", "P95 {{pod, route}}" => "up" }
stat "B" { unit: "s", "{{pod}}" => "up" { allow: ["legend-label"] } }
"##,
        r##"
3:23: `{{pod, route}}` in legend "P95 {{pod, route}}" is not a label name: a placeholder holds one label: write `{{pod}} {{route}}` (check `legend-label`)
4:51: `allow: ["legend-label"]` allows nothing here: every `{{..}}` of the legend is a label name; remove it
"##,
    );
}
