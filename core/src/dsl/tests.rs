//! The front end from text: `check(input, expect)` gives the body of a
//! `dashboard!` (or a set, or `provisioning!`) as a string and compares
//! every diagnostic, `line:column: message`, one per line, with `expect`.
//! One test per error the parser can report, then the Upstream dashboards
//! read from their source and compiled to their golden JSON.
//!
//! After an intended change of messages, `DASHC_DSL_ACTUAL=<dir> cargo test
//! -p dashc-core --lib dsl` writes what each test got to `<dir>/<test name>`:
//! review it, then paste it as the test's expectation.

use super::*;
use std::path::{Path, PathBuf};

/// Diagnostics as `line:column: message` lines.
fn shown(diagnostics: &[Located]) -> String {
    diagnostics.iter().map(|d| format!("{d}\n")).collect()
}

fn compare(input: &str, actual: &str, expect: &str) {
    if let Some(dir) = std::env::var_os("DASHC_DSL_ACTUAL") {
        // Writes what each test got, to review and paste as its expectation.
        let name = std::thread::current()
            .name()
            .unwrap_or("")
            .rsplit("::")
            .next()
            .unwrap_or("")
            .to_string();
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(Path::new(&dir).join(name), actual).ok();
    }
    let expect = expect.strip_prefix('\n').unwrap_or(expect);
    assert!(
        actual == expect,
        "diagnostics differ\n--- input\n{input}\n--- expected\n{expect}--- actual\n{actual}---"
    );
}

/// Parses a `dashboard!` body: parse errors only.
fn check(input: &str, expect: &str) {
    let out = parse_dashboard_str(input);
    compare(input, &shown(&out.diagnostics), expect);
}

/// Parses a `dashboards!` body: parse errors only.
fn check_set(input: &str, expect: &str) {
    let out = parse_set_str(input);
    compare(input, &shown(&out.diagnostics), expect);
}

/// Reads and checks a `provisioning!` body.
fn check_provisioning(input: &str, expect: &str) {
    let out = parse_provisioning_str(input);
    assert_eq!(out.value.is_some(), out.diagnostics.is_empty());
    compare(input, &shown(&out.diagnostics), expect);
}

/// The directory catalog paths are relative to in these tests; shown as
/// `<base>` in messages.
fn base() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn without_base(text: String) -> String {
    text.replace(&base().display().to_string(), "<base>")
}

/// Compiles a `dashboard!` body: parse, catalog and check errors.
fn check_compiled(input: &str, expect: &str) {
    let out = compile_dashboard_str(input, &base());
    let rendered = out.value.as_ref().and_then(|c| c.json.as_ref());
    assert_eq!(rendered.is_some(), out.diagnostics.is_empty());
    compare(input, &without_base(shown(&out.diagnostics)), expect);
}

/// Compiles a `dashboards!` body.
fn check_compiled_set(input: &str, expect: &str) {
    let out = compile_set_str(input, &base());
    compare(input, &without_base(shown(&out.diagnostics)), expect);
}

#[test]
fn unknown_dashboard_option_suggests_the_closest() {
    check(
        r#"uid: "a", title: "A",
refrsh: "30s","#,
        r#"
2:1: unknown dashboard option `refrsh`; did you mean `refresh`?
"#,
    );
}

#[test]
fn unknown_dashboard_option_lists_the_options() {
    check(
        r#"uid: "a", title: "A",
zzzzzz: 1,"#,
        r#"
2:1: unknown dashboard option `zzzzzz`; expected one of: uid, title, description, folder, tags, refresh, time, timezone, tooltip, editable, datasource, catalog, experimental, links, variables, set
"#,
    );
}

#[test]
fn duplicate_dashboard_option() {
    check(
        r#"uid: "a",
uid: "b",
title: "A","#,
        r#"
2:1: duplicate option `uid`: it is already set in this dashboard; keep one
"#,
    );
}

#[test]
fn duplicate_variables_block() {
    check(
        r#"uid: "a", title: "A",
variables { },
variables { },"#,
        r#"
3:1: duplicate `variables` block: declare all variables in one block
"#,
    );
}

#[test]
fn missing_uid_and_title_are_reported_on_the_whole_input() {
    check(
        r#"description: "x","#,
        r#"
1:1: missing `uid`: add `uid: "my-dashboard",` (letters, digits, `-` and `_`, at most 40 characters)
1:1: missing `title`: add `title: "My dashboard",`
"#,
    );
}

#[test]
fn missing_title_only() {
    check(
        r#"uid: "a","#,
        r#"
1:1: missing `title`: add `title: "My dashboard",`
"#,
    );
}

#[test]
fn a_misspelt_uid_is_not_also_missing() {
    check(
        r#"uidd: "a", title: "A","#,
        r#"
1:1: unknown dashboard option `uidd`; did you mean `uid`?
"#,
    );
}

#[test]
fn stray_token_at_dashboard_level() {
    check(
        r#"uid: "a", title: "A",
42,"#,
        r#"
2:1: unexpected token: expected a dashboard option (`name: value`), `variables { .. }`, a `row "Title" { .. }` or a panel such as `timeseries "Title" { .. }`
"#,
    );
}

#[test]
fn stray_word_at_dashboard_level() {
    check(
        r#"uid: "a", title: "A",
hello world,"#,
        r#"
2:1: unexpected `hello`: expected a dashboard option (`name: value`), `variables { .. }`, a `row "Title" { .. }` or a panel such as `timeseries "Title" { .. }`
"#,
    );
}

#[test]
fn stray_comma() {
    check(
        r#"uid: "a",,
title: "A","#,
        r#"
1:10: unexpected `,`: expected an option (`name: value`), a row, a panel or a query
"#,
    );
}

#[test]
fn angular_graph_panel() {
    check(
        r#"uid: "a", title: "A",
graph "P" { unit: "s", _ => "up" }"#,
        r#"
2:1: `graph` is the removed Angular panel: use `timeseries`
"#,
    );
}

#[test]
fn unknown_panel_kind_suggests_the_closest() {
    check(
        r#"uid: "a", title: "A",
timeserie "P" { unit: "s", _ => "up" }"#,
        r#"
2:1: unknown panel kind `timeserie`; did you mean `timeseries`? expected one of: timeseries, stat, gauge, bargauge, table, heatmap, text
"#,
    );
}

#[test]
fn string_expected_shows_the_word_quoted() {
    check(
        r#"uid: my_dash, title: "A","#,
        r#"
1:6: expected the dashboard uid as a string literal: write "my_dash"
"#,
    );
}

#[test]
fn string_expected_for_a_group() {
    check(
        r#"uid: ["a"], title: "A","#,
        r#"
1:6: expected the dashboard uid as a string literal: write "..."
"#,
    );
}

#[test]
fn missing_value() {
    check(
        r#"uid: "a",
title:,"#,
        r#"
2:1: missing value: expected the dashboard title after `:`
"#,
    );
}

#[test]
fn token_after_a_value() {
    check(
        r#"uid: "a",
title: "A" "B","#,
        r#"
2:12: unexpected token after the value: separate entries with `,`
"#,
    );
}

#[test]
fn boolean_expected() {
    check(
        r#"uid: "a", title: "A",
editable: yes,"#,
        r#"
2:11: expected `true` or `false`
"#,
    );
}

#[test]
fn boolean_missing() {
    check(
        r#"uid: "a", title: "A",
editable:,"#,
        r#"
2:1: missing value: expected `true` or `false` after `:`
"#,
    );
}

#[test]
fn number_expected() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", min: low, _ => "up" }"#,
        r#"
2:34: expected a number, e.g. `5` or `0.5`
"#,
    );
}

#[test]
fn number_missing_after_minus() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", min: -, _ => "up" }"#,
        r#"
2:29: missing value: expected a number after `:`
"#,
    );
}

#[test]
fn whole_number_expected() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", decimals: 1.5, _ => "up" }"#,
        r#"
2:39: expected a whole number, e.g. `12`
"#,
    );
}

#[test]
fn whole_number_too_large() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", decimals: 21, _ => "up" }"#,
        r#"
2:39: 21 is too large: the largest allowed value here is 20
"#,
    );
}

#[test]
fn width_is_a_whole_number() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", width: "12", _ => "up" }"#,
        r#"
2:36: expected a whole number, e.g. `12`
"#,
    );
}

#[test]
fn keyword_expected_with_suggestion() {
    check(
        r#"uid: "a", title: "A",
tooltip: shared_crosshiar,"#,
        r#"
2:10: expected one of `default`, `shared_crosshair`, `shared_tooltip`; did you mean `shared_crosshair`?
"#,
    );
}

#[test]
fn keyword_missing() {
    check(
        r#"uid: "a", title: "A",
tooltip:,"#,
        r#"
2:1: missing value: expected one of `default`, `shared_crosshair`, `shared_tooltip` after `:`
"#,
    );
}

#[test]
fn list_expected() {
    check(
        r#"uid: "a", title: "A",
tags: "upstream","#,
        r#"
2:7: expected a list of tags in brackets, e.g. ["a", "b"]
"#,
    );
}

#[test]
fn list_missing() {
    check(
        r#"uid: "a", title: "A",
tags:,"#,
        r#"
2:1: missing value: expected a list of tags after `:`
"#,
    );
}

#[test]
fn list_element_not_a_string() {
    check(
        r#"uid: "a", title: "A",
tags: ["a", b],"#,
        r#"
2:13: expected tags as a string literal: write "b"
"#,
    );
}

#[test]
fn block_expected() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", legend: "table", _ => "up" }"#,
        r#"
2:37: expected legend options (`list`, `table`, `hidden`, or `{ mode: table, placement: right, calcs: ["mean"] }`) in braces: { ... }
"#,
    );
}

#[test]
fn time_range_without_dots() {
    check(
        r#"uid: "a", title: "A",
time: "now-1h","#,
        r#"
2:7: expected `..` in a time range such as "now-1h".."now"
"#,
    );
}

#[test]
fn time_range_not_a_string() {
    check(
        r#"uid: "a", title: "A",
time: now,"#,
        r#"
2:7: expected a time range such as "now-1h".."now"
"#,
    );
}

#[test]
fn time_range_without_end() {
    check(
        r#"uid: "a", title: "A",
time: "now-1h"..,"#,
        r#"
2:7: expected the end of a time range such as "now-1h".."now"
"#,
    );
}

#[test]
fn time_range_with_trailing_token() {
    check(
        r#"uid: "a", title: "A",
time: "now-1h".."now" "x","#,
        r#"
2:23: unexpected token after the value: separate entries with `,`
"#,
    );
}

#[test]
fn row_title_missing() {
    check(
        r#"uid: "a", title: "A",
row { timeseries "P" { unit: "s", _ => "up" } }"#,
        r#"
2:5: expected the row title as a string literal: `row "Request metrics" { .. }`
"#,
    );
}

#[test]
fn row_with_unexpected_word() {
    check(
        r#"uid: "a", title: "A",
row "R" folded { timeseries "P" { unit: "s", _ => "up" } }"#,
        r#"
2:9: unexpected `folded`: expected `collapsed` or the row body `{ .. }`
"#,
    );
}

#[test]
fn row_body_missing() {
    check(
        r#"uid: "a", title: "A",
row "R","#,
        r#"
2:1: expected the row body in braces: `row "Title" { timeseries ".." { .. } }`
"#,
    );
}

#[test]
fn rows_do_not_nest() {
    check(
        r#"uid: "a", title: "A",
row "R" {
    row "Inner" { }
    timeseries "P" { unit: "s", _ => "up" }
}"#,
        r#"
3:5: rows cannot be nested: close this row before starting the next one
"#,
    );
}

#[test]
fn stray_token_in_a_row() {
    check(
        r#"uid: "a", title: "A",
row "R" { 42 }"#,
        r#"
2:11: unexpected token: expected a panel such as `timeseries "Title" { .. }`
"#,
    );
}

#[test]
fn panel_title_missing() {
    check(
        r#"uid: "a", title: "A",
timeseries { unit: "s", _ => "up" }"#,
        r#"
2:12: expected the panel title as a string literal: `timeseries "Title" { .. }`
"#,
    );
}

#[test]
fn panel_body_missing() {
    check(
        r#"uid: "a", title: "A",
timeseries "P","#,
        r#"
2:1: expected the panel body in braces after the title: `{ unit: "..", "{{label}}" => "query" }`
"#,
    );
}

#[test]
fn wrong_arrow_between_legend_and_query() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", "{{job}}" -> "up" }"#,
        r#"
2:39: expected `=>` between the legend format and the query
"#,
    );
}

#[test]
fn panel_entry_neither_option_nor_query() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", up, _ => "up" }"#,
        r#"
2:29: expected a panel option (`unit: "reqps"`) or a query (`"{{label}}" => "expr"`, or `_ => "expr"` without a legend)
"#,
    );
}

#[test]
fn unknown_panel_option_suggests_the_closest() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unti: "s", _ => "up" }"#,
        r#"
2:18: unknown panel option `unti`; did you mean `unit`?
"#,
    );
}

#[test]
fn duplicate_panel_option() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", unit: "ms", _ => "up" }"#,
        r#"
2:29: duplicate option `unit`: it is already set in this panel; keep one
"#,
    );
}

#[test]
fn option_that_does_nothing_on_the_panel_kind() {
    check(
        r#"uid: "a", title: "A",
stat "P" { unit: "s", stacking: normal, _ => "up" }
text "T" { unit: "s", content: "x" }
timeseries "Q" { unit: "s", content: "x", _ => "up" }"#,
        r#"
2:23: `stacking` does not apply to a stat panel (Grafana's `fieldConfig.defaults.custom.stacking`, which only timeseries panels have): remove it
3:12: `unit` does not apply to a text panel (it shows Markdown, not values): remove it
4:29: `content` does not apply to a timeseries panel (Grafana's `options.content`, which only text panels have): remove it
"#,
    );
}

#[test]
fn legend_on_a_table() {
    check(
        r#"uid: "a", title: "A",
table "P" { unit: "s", legend: hidden, _ => "up" }"#,
        r#"
2:24: `legend` does not apply to a table panel (Grafana's `options.legend`, which only timeseries, bargauge, heatmap panels have): remove it
"#,
    );
}

#[test]
fn legend_format_not_a_string() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", 5 => "up" }"#,
        r#"
2:29: expected the legend format as a string literal ("{{label}}") or `_` for none
"#,
    );
}

#[test]
fn query_not_a_string() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", "{{job}}" => up }"#,
        r#"
2:42: expected the PromQL query as a string literal after `=>`
"#,
    );
}

#[test]
fn token_after_the_query() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", "{{job}}" => "up" hide }"#,
        r#"
2:47: unexpected token after the query: separate queries with `,` or give options in `{ .. }`
"#,
    );
}

#[test]
fn unknown_query_option() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", _ => "up" { hdie: true } }"#,
        r#"
2:41: unknown query option `hdie`; did you mean `hide`?
"#,
    );
}

#[test]
fn query_block_entry_not_an_option() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", _ => "up" { 5 } }"#,
        r#"
2:41: expected a query option such as `hide: true`
"#,
    );
}

#[test]
fn table_sort_keyword() {
    check(
        r#"uid: "a", title: "A",
table "P" { unit: "s", sort: up, _ => "up" }"#,
        r#"
2:30: expected one of `asc`, `desc`
"#,
    );
}

#[test]
fn format_keyword() {
    check(
        r#"uid: "a", title: "A",
table "P" { unit: "s", format: tabel, _ => "up" }"#,
        r#"
2:32: expected one of `time_series`, `table`, `heatmap`; did you mean `table`?
"#,
    );
}

#[test]
fn legend_mode_suggests_the_closest() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", legend: { mode: tabel }, _ => "up" }"#,
        r#"
2:45: expected one of `list`, `table`, `hidden`; did you mean `table`?
"#,
    );
}

#[test]
fn unknown_legend_option() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", legend: { calc: ["mean"] }, _ => "up" }"#,
        r#"
2:39: unknown legend option `calc`; did you mean `calcs`?
"#,
    );
}

#[test]
fn legend_placement_keyword() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", legend: { placement: left }, _ => "up" }"#,
        r#"
2:50: expected one of `bottom`, `right`
"#,
    );
}

#[test]
fn thresholds_block_without_steps() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", thresholds: { style: line }, _ => "up" }"#,
        r#"
2:29: thresholds need `steps`, e.g. `steps: [green, red: 5]`
"#,
    );
}

#[test]
fn thresholds_missing_comma_between_steps() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", thresholds: [green red: 5], _ => "up" }"#,
        r#"
2:48: missing `,` between the threshold steps `green` and `red`
"#,
    );
}

#[test]
fn threshold_step_color_not_a_name() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", thresholds: [green, 5], _ => "up" }"#,
        r##"
2:49: expected a color name (`green`) or a string ("#73bf69")
"##,
    );
}

#[test]
fn colors_and_threshold_order_say_what_was_meant() {
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
timeseries "P" { unit: "s", color: "dark-gren", thresholds: [green, gren: 5, red: 9, orange: 3], _ => "up" }"#,
        r##"
2:69: unknown color "gren": use a Grafana color name (green, red, orange, yellow, blue, purple, transparent, text, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"; did you mean "green"?
2:86: threshold values must increase from step to step: step 4 `orange: 3` is not above step 3 `red: 9`; order the steps by value
2:12: unknown color "dark-gren" in `color`: use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or "#rrggbb"; did you mean "dark-green"?
"##,
    );
}

#[test]
fn an_allow_that_silences_nothing_is_an_error() {
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
timeseries "P" { unit: "s",
    _ => "histogram_quantile(0.9, up)" { allow: ["quantile-range"] },
    _ => "histogram_quantile(9, up)" { allow: ["quantile-range"] },
}"#,
        r#"
3:50: `allow: ["quantile-range"]` allows nothing here: the check does not fire on this query; remove it
"#,
    );
}

#[test]
fn threshold_step_without_colon() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", thresholds: [green, red 5], _ => "up" }"#,
        r#"
2:53: expected `: <value>` after the color, e.g. `red: 80`
"#,
    );
}

#[test]
fn threshold_step_value_not_a_number() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", thresholds: [green, red: high], _ => "up" }"#,
        r#"
2:54: expected a number, e.g. `5` or `0.5`
"#,
    );
}

#[test]
fn unknown_threshold_style() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", thresholds: { style: dotted, steps: [green] }, _ => "up" }"#,
        r#"
2:50: expected one of `off`, `line`, `dashed`, `area`, `line_area`, `dashed_area`, `series`
"#,
    );
}

#[test]
fn thresholds_neither_list_nor_block() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", thresholds: green, _ => "up" }"#,
        r#"
2:41: expected thresholds (`[green, red: 80]` or `{ style: line, steps: [green, red: 5] }`) in braces: { ... }
"#,
    );
}

#[test]
fn color_keyword() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", color: blue, _ => "up" }"#,
        r#"
2:36: expected one of `palette_classic`, `thresholds`, `green_yellow_red`
"#,
    );
}

#[test]
fn fixed_color_with_trailing_token() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" { unit: "s", color: "blue" x, _ => "up" }"#,
        r#"
2:43: unexpected token after the value: separate entries with `,`
"#,
    );
}

#[test]
fn link_of_unknown_kind() {
    check(
        r#"uid: "a", title: "A",
links: [page "Home"],"#,
        r#"
2:9: expected a link: `dashboards "Title" { tags: [..] }` or `url "Title" "https://.."`
"#,
    );
}

#[test]
fn link_title_missing() {
    check(
        r#"uid: "a", title: "A",
links: [url],"#,
        r#"
2:9: expected the link title as a string literal
"#,
    );
}

#[test]
fn link_url_missing() {
    check(
        r#"uid: "a", title: "A",
links: [url "Runbook"],"#,
        r#"
2:13: expected the URL as a string literal after the title
"#,
    );
}

#[test]
fn tags_on_a_url_link() {
    check(
        r#"uid: "a", title: "A",
links: [url "Runbook" "https://r.example" { tags: ["a"] }],"#,
        r#"
2:45: `tags` applies to `dashboards` links only
"#,
    );
}

#[test]
fn link_with_stray_token() {
    check(
        r#"uid: "a", title: "A",
links: [dashboards "Upstream" new_tab],"#,
        r#"
2:31: unexpected token in the link: options go in `{ .. }`
"#,
    );
}

#[test]
fn unknown_link_option() {
    check(
        r#"uid: "a", title: "A",
links: [dashboards "Upstream" { tag: ["a"] }],"#,
        r#"
2:33: unknown link option `tag`; did you mean `tags`?
"#,
    );
}

#[test]
fn variable_name_with_a_dash() {
    check(
        r#"uid: "a", title: "A",
variables { my-var: constant "x" },"#,
        r#"
2:13: a variable name is one identifier (letters, digits, `_`): write `my_var`, not `my-var`
"#,
    );
}

#[test]
fn variable_declaration_not_name_colon() {
    check(
        r#"uid: "a", title: "A",
variables { 5 },"#,
        r#"
2:13: expected a variable declaration such as `job: query "label_values(up, job)"`
"#,
    );
}

#[test]
fn unknown_variable_kind_suggests_the_closest() {
    check(
        r#"uid: "a", title: "A",
variables { job: qurey "label_values(up, job)" },"#,
        r#"
2:18: expected a variable kind: did you mean `query`? one of query, filter, custom, interval, constant, textbox
"#,
    );
}

#[test]
fn variable_kind_without_argument() {
    check(
        r#"uid: "a", title: "A",
variables { job: query },"#,
        r#"
2:18: `query` needs its argument: write `job: query "label_values(up, job)"`
"#,
    );
}

#[test]
fn variable_query_not_a_string() {
    check(
        r#"uid: "a", title: "A",
variables { job: query up },"#,
        r#"
2:24: expected the variable's query, e.g. "label_values(up, job)" as a string literal: write "up"
"#,
    );
}

#[test]
fn variable_values_empty() {
    check(
        r#"uid: "a", title: "A",
variables { env: custom [] },"#,
        r#"
2:25: the list of values is empty: give at least one value
"#,
    );
}

#[test]
fn variable_values_not_a_list() {
    check(
        r#"uid: "a", title: "A",
variables { env: custom "prod" },"#,
        r#"
2:25: expected a list of values in brackets, e.g. ["a", "b"]
"#,
    );
}

#[test]
fn constant_value_not_a_string() {
    check(
        r#"uid: "a", title: "A",
variables { region: constant eu },"#,
        r#"
2:30: expected the constant's value as a string literal: write "eu"
"#,
    );
}

#[test]
fn textbox_default_not_a_string() {
    check(
        r#"uid: "a", title: "A",
variables { filter: textbox 5 },"#,
        r#"
2:29: expected the text box's default value as a string literal: write "5"
"#,
    );
}

#[test]
fn variable_with_stray_token() {
    check(
        r#"uid: "a", title: "A",
variables { job: query "label_values(up, job)" multi },"#,
        r#"
2:48: unexpected token: variable options go in `{ .. }`
"#,
    );
}

#[test]
fn unknown_variable_option() {
    check(
        r#"uid: "a", title: "A",
variables { job: query "label_values(up, job)" { mutli: true } },"#,
        r#"
2:50: unknown variable option `mutli`; did you mean `multi`?
"#,
    );
}

#[test]
fn variable_options_that_do_not_apply() {
    check(
        r#"uid: "a", title: "A",
variables {
    region: constant "eu" { multi: true, all_value: ".*", regex: "x", sort: 1 },
    window: interval ["1m"] { include_all: true },
    env: custom ["a"] { auto: true },
},"#,
        r#"
3:29: `multi` does not apply to `constant` variables
3:42: `all_value` does not apply to `constant` variables
3:59: `regex` does not apply to `constant` variables
3:71: `sort` does not apply to `constant` variables
4:31: `include_all` does not apply to `interval` variables
5:25: `auto` does not apply to `custom` variables
"#,
    );
}

#[test]
fn variable_sort_too_large() {
    check(
        r#"uid: "a", title: "A",
variables { job: query "label_values(up, job)" { sort: 9 } },"#,
        r#"
2:56: 9 is too large: the largest allowed value here is 8
"#,
    );
}

#[test]
fn variable_hide_keyword() {
    check(
        r#"uid: "a", title: "A",
variables { job: query "label_values(up, job)" { hide: all } },"#,
        r#"
2:56: expected one of `none`, `label`, `variable`
"#,
    );
}

#[test]
fn unterminated_string_is_not_tokens() {
    check(
        r#"uid: "a,
title: "A""#,
        r#"
2:10: the text is not Rust tokens (cannot parse string into token stream): look for an unclosed bracket, brace or string
"#,
    );
}

#[test]
fn unclosed_brace_is_not_tokens() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" {"#,
        r#"
2:16: the text is not Rust tokens (cannot parse string into token stream): look for an unclosed bracket, brace or string
"#,
    );
}

#[test]
fn set_item_not_a_const() {
    check_set(
        r#"pub static ONE = { uid: "one", title: "One" };"#,
        r#"
1:5: expected a dashboard item: `pub const NAME = { uid: "..", title: "..", .. };`
"#,
    );
}

#[test]
fn set_without_items() {
    check_set(
        r#"defaults { folder: "F" },"#,
        r#"
1:1: unexpected end of input, `dashboards!` needs at least one `pub const NAME = { .. };`
"#,
    );
}

#[test]
fn set_item_without_semicolon() {
    check_set(
        r#"pub const ONE = { uid: "one", title: "One" }"#,
        r#"
1:1: expected `;`
"#,
    );
}

#[test]
fn set_defaults_mistakes() {
    check_set(
        r#"defaults {
    uid: "shared",
    refersh: "30s",
    row "R" { }
},
pub const ONE = { uid: "one", title: "One" };"#,
        r#"
2:5: `uid` belongs to each dashboard, not to `defaults`: set it in every dashboard of the set
3:5: unknown defaults option `refersh`; did you mean `refresh`?
4:5: expected a dashboard option (`name: value`): `defaults` holds options shared by every dashboard, not rows, panels or variables
"#,
    );
}

#[test]
fn set_item_errors_follow_the_defaults_errors() {
    check_set(
        r#"defaults { tooltip: none },
pub const ONE = { title: "One" };
pub const TWO = { uid: "two" };"#,
        r#"
1:21: expected one of `default`, `shared_crosshair`, `shared_tooltip`
2:11: missing `uid`: add `uid: "my-dashboard",` (letters, digits, `-` and `_`, at most 40 characters)
3:11: missing `title`: add `title: "My dashboard",`
"#,
    );
}

#[test]
fn provisioning_unknown_option() {
    check_provisioning(
        r#"provider: "upstream",
dashboard_path: "/d","#,
        r#"
2:1: unknown provisioning option `dashboard_path`; did you mean `dashboards_path`?
1:1: missing `dashboards_path`: add e.g. `dashboards_path: "/var/lib/grafana/dashboards",`
1:1: missing `datasource`: add e.g. `datasource: "Prometheus",`
1:1: missing `datasource_uid`: add e.g. `datasource_uid: "prometheus",`
1:1: missing `datasource_url`: add e.g. `datasource_url: "http://prometheus:9090",`
"#,
    );
}

#[test]
fn provisioning_unknown_option_by_prefix() {
    check_provisioning(
        r#"datasource_u: "x","#,
        r#"
1:1: unknown provisioning option `datasource_u`; did you mean `datasource`?
1:1: missing `provider`: add e.g. `provider: "upstream",`
1:1: missing `dashboards_path`: add e.g. `dashboards_path: "/var/lib/grafana/dashboards",`
1:1: missing `datasource`: add e.g. `datasource: "Prometheus",`
1:1: missing `datasource_uid`: add e.g. `datasource_uid: "prometheus",`
1:1: missing `datasource_url`: add e.g. `datasource_url: "http://prometheus:9090",`
"#,
    );
}

#[test]
fn provisioning_duplicate_option() {
    check_provisioning(
        r#"provider: "a",
provider: "b",
dashboards_path: "/d",
datasource: "P",
datasource_uid: "p",
datasource_url: "http://p:9090","#,
        r#"
2:1: duplicate option `provider`; keep one
"#,
    );
}

#[test]
fn provisioning_entry_not_name_value() {
    check_provisioning(
        r#"upstream,"#,
        r#"
1:1: expected `name: value`
1:1: missing `provider`: add e.g. `provider: "upstream",`
1:1: missing `dashboards_path`: add e.g. `dashboards_path: "/var/lib/grafana/dashboards",`
1:1: missing `datasource`: add e.g. `datasource: "Prometheus",`
1:1: missing `datasource_uid`: add e.g. `datasource_uid: "prometheus",`
1:1: missing `datasource_url`: add e.g. `datasource_url: "http://prometheus:9090",`
"#,
    );
}

#[test]
fn provisioning_value_mistakes() {
    check_provisioning(
        r#"provider: "a/b",
dashboards_path: "dashboards",
datasource: " ",
datasource_uid: "not a uid",
datasource_url: "prometheus:9090",
update_interval_seconds: 100000,"#,
        r#"
1:11: `provider` names the file provisioning/dashboards/<provider>.yml: use a plain name such as "upstream", without `/` and not starting with `.`
2:18: `dashboards_path` is a path inside the Grafana container and must be absolute, e.g. "/var/lib/grafana/dashboards"
3:13: `datasource` must not be empty
4:17: the uid "not a uid" contains ` `; Grafana allows only letters, digits, `-` and `_`
5:17: `datasource_url` is the URL Grafana reaches Prometheus at: write it with its scheme, e.g. "http://prometheus:9090"
6:26: 100000 is too large: the largest allowed value here is 86400
"#,
    );
}

#[test]
fn provisioning_interval_not_a_number() {
    check_provisioning(
        r#"provider: "a",
dashboards_path: "/d",
datasource: "P",
datasource_uid: "p",
datasource_url: "http://p:9090",
update_interval_seconds: "30","#,
        r#"
6:26: expected a whole number, e.g. `12`
"#,
    );
}

#[test]
fn query_error_points_inside_the_string() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
timeseries "P" {
    unit: "s",
    _ => "rate(up)",
}"#,
        r#"
5:16: expected type range vector in call to function "rate", got instant vector; add a range such as [5m] or [$__rate_interval]
   | rate(up)
   |      ^^
"#,
    );
}

#[test]
fn query_error_in_a_raw_string() {
    check_compiled(
        r##"uid: "a", title: "A",
catalog: [],
timeseries "P" {
    unit: "s",
    _ => r#"sum(rate(up[5m])) by"#,
}"##,
        r#"
5:33: unexpected end of input in grouping opts, expected "("
   | sum(rate(up[5m])) by
   |                     ^
"#,
    );
}

#[test]
fn query_error_in_a_string_with_escapes_is_on_the_string() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
timeseries "P" {
    unit: "s",
    _ => "rate(up{job=\"a\"})",
}"#,
        r#"
5:10: expected type range vector in call to function "rate", got instant vector; add a range such as [5m] or [$__rate_interval]
   | rate(up{job="a"})
   |      ^^^^^^^^^^^
"#,
    );
}

#[test]
fn model_checks_are_placed_on_their_element() {
    check_compiled(
        r#"uid: "not a uid", title: "A",
catalog: [],
refresh: "30 seconds",
timeseries "P" { unit: "reqs", _ => "up" }"#,
        r#"
1:6: the uid "not a uid" contains ` `; Grafana allows only letters, digits, `-` and `_`
3:10: invalid refresh "30 seconds": expected a duration such as "30s", "1m" or "5m"
4:24: unknown unit "reqs": did you mean "reqps"? use a Grafana unit id such as "reqps", "s", "percent", "bytes", or a custom unit "suffix:<text>"
"#,
    );
}

#[test]
fn missing_catalog_file() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: ["no/such.prom"],
timeseries "P" { unit: "s", _ => "up" }"#,
        r#"
2:11: cannot read the metric catalog <base>/no/such.prom: No such file or directory (os error 2); paths are relative to the crate (<base>)
"#,
    );
}

#[test]
fn set_uids_and_titles_are_unique() {
    check_compiled_set(
        r#"defaults { folder: "F" },
pub const ONE = { uid: "one", title: "One", catalog: [], timeseries "P" { unit: "s", _ => "up" } };
pub const TWO = { uid: "one", title: "One", catalog: [], timeseries "P" { unit: "s", _ => "up" } };"#,
        r#"
3:24: uid "one" is already used by `ONE`: every dashboard needs its own uid (Grafana keeps only one of them)
3:38: title "One" is already used by `ONE` in the same folder: Grafana refuses two dashboards with one title in a folder
"#,
    );
}

#[test]
fn a_dashboard_without_mistakes_gives_no_diagnostics() {
    let out = parse_dashboard_str(
        r##"uid: "a", title: "A", tags: ["x"], time: "now-6h".."now",
        variables { job: filter "label_values(up, job)" { label: "Job" } },
        row "R" collapsed {
            timeseries "P" { unit: "s", legend: { mode: table, calcs: ["mean"] }, "{{job}}" => r#"up{job=~"$job"}"# }
        }"##,
    );
    assert_eq!(shown(&out.diagnostics), "");
    let model = out.value.expect("the text is tokens");
    assert_eq!(model.uid.value, "a");
    assert_eq!(model.time.from.value, "now-6h");
    assert_eq!(model.variables.len(), 1);
    assert_eq!(model.items.len(), 1);
}

#[test]
fn a_provisioning_without_mistakes_gives_its_files() {
    let out = parse_provisioning_str(
        r#"provider: "upstream", dashboards_path: "/var/lib/grafana/dashboards",
        datasource: "Prometheus", datasource_uid: "prometheus",
        datasource_url: "http://prometheus:9090", update_interval_seconds: 10"#,
    );
    assert_eq!(shown(&out.diagnostics), "");
    let p = out.value.expect("no diagnostics");
    assert_eq!(p.provider.update_interval_seconds, 10);
    assert_eq!(p.datasource.url, "http://prometheus:9090");
}

/// The workspace: the parent of `core/`.
fn workspace() -> PathBuf {
    base().parent().expect("core/ has a parent").to_path_buf()
}

/// The body of the first `name! { .. }` in `source`, exactly as written.
fn macro_body(source: &str, name: &str) -> String {
    use proc_macro2::{TokenStream, TokenTree};
    use std::str::FromStr;
    proc_macro2::extra::invalidate_current_thread_spans();
    let tokens: Vec<TokenTree> = TokenStream::from_str(source)
        .expect("the source is Rust tokens")
        .into_iter()
        .collect();
    for w in tokens.windows(3) {
        if let (TokenTree::Ident(i), TokenTree::Punct(p), TokenTree::Group(g)) =
            (&w[0], &w[1], &w[2])
        {
            if i == name && p.as_char() == '!' {
                let range = g.span_open().byte_range().end..g.span_close().byte_range().start;
                return source[range].to_string();
            }
        }
    }
    panic!("no `{name}! {{ .. }}` in the source");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn the_upstream_dashboards_compile_from_their_source_to_the_golden_json() {
    let def = workspace().join("dashboards-def");
    let source = read(&def.join("src/lib.rs"));
    let body = macro_body(&source, "dashboards");
    let out = compile_set_str(&body, &def);
    assert_eq!(shown(&out.diagnostics), "");
    let names: Vec<&str> = out.value.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["API_PERFORMANCE", "DATABASE", "CELERY_TASKS", "ERROR_RATES"]
    );
    for (name, compiled) in &out.value {
        let model = &compiled.parsed.model;
        let golden = workspace()
            .join("tests/golden/dashboards")
            .join(&model.folder.value)
            .join(format!("{}.json", model.uid.value));
        let json = compiled.json.as_deref().expect("rendered");
        assert!(
            json == read(&golden),
            "{name} differs from {}",
            golden.display()
        );
    }
}

#[test]
fn the_upstream_dashboards_parse_from_their_source() {
    let def = workspace().join("dashboards-def");
    let body = macro_body(&read(&def.join("src/lib.rs")), "dashboards");
    let out = parse_set_str(&body);
    assert_eq!(shown(&out.diagnostics), "");
    // Every dashboard has the set's defaults and its own identity.
    for (_, model) in &out.value {
        assert_eq!(model.folder.value, "Upstream");
        assert_eq!(
            model.refresh.as_ref().map(|r| r.value.as_str()),
            Some("30s")
        );
        assert!(model.uid.value.starts_with("upstream-"));
    }
    let panels: Vec<usize> = out
        .value
        .iter()
        .map(|(_, m)| {
            m.items
                .iter()
                .map(|i| match i {
                    crate::model::Item::Row(r) => r.panels.len(),
                    crate::model::Item::Panel(_) => 1,
                })
                .sum()
        })
        .collect();
    assert_eq!(panels, [6, 6, 8, 8]);
}

#[test]
fn the_upstream_provisioning_compiles_from_its_source_to_the_golden_yaml() {
    let def = workspace().join("dashboards-def");
    let body = macro_body(&read(&def.join("src/lib.rs")), "provisioning");
    let out = parse_provisioning_str(&body);
    assert_eq!(shown(&out.diagnostics), "");
    let p = out.value.expect("no diagnostics");
    let golden = workspace().join("tests/golden/provisioning");
    let provider = golden
        .join("dashboards")
        .join(format!("{}.yml", p.provider.name));
    assert_eq!(p.provider.to_yaml(), read(&provider));
    assert_eq!(
        p.datasource.to_yaml(),
        read(&golden.join("datasources/prometheus.yml"))
    );
}

#[test]
fn a_span_table_maps_unknown_locs_to_the_call_site() {
    let mut spans = Spans::default();
    let lit = proc_macro2::Literal::string("rate(up)");
    let loc = spans.push_literal(lit.clone());
    assert_eq!(
        spans.literal(loc).map(|l| l.to_string()),
        Some(lit.to_string())
    );
    assert!(spans.literal(Loc::NONE).is_none());
    assert!(spans.literal(Loc(7)).is_none());
}

/// A fresh folder under the system's temporary directory, as a crate
/// directory for the catalog tests below.
fn scratch_crate(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dashc-dsl-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch folder");
    dir
}

/// The diagnostics of compiling `input` in the crate `dir`, with `dir`
/// shown as `<crate>` (absolute, or relative to the working directory).
fn compiled_in(dir: &Path, input: &str, set: bool) -> String {
    let text = if set {
        shown(&compile_set_str(input, dir).diagnostics)
    } else {
        shown(&compile_dashboard_str(input, dir).diagnostics)
    };
    let mut text = text.replace(&dir.display().to_string(), "<crate>");
    if let Some(relative) = std::env::current_dir()
        .ok()
        .and_then(|cwd| dir.strip_prefix(cwd).ok().map(Path::to_path_buf))
    {
        text = text.replace(&relative.display().to_string(), "<crate>");
    }
    text
}

const NO_CATALOG_WAYS_OUT: &str = "so metric and label names cannot be checked; save a snapshot \
of the application's /metrics there (`curl -s http://<app>/metrics > catalogs/app.prom`)";

#[test]
fn a_crate_without_a_catalogs_folder_is_an_error_naming_the_ways_out() {
    let dir = scratch_crate("no-folder");
    let body =
        r#"uid: "a", title: "A", timeseries "P" { unit: "s", _ => "rate(app_jobs_totl[5m])" }"#;
    let text = compiled_in(&dir, body, false);
    let expect = format!(
        "1:1: no metric catalog: no catalogs/*.prom found in <crate>/catalogs (the folder does \
         not exist), {NO_CATALOG_WAYS_OUT}, and `println!(\"cargo:rerun-if-changed=catalogs\");` \
         in the crate's build.rs so that adding or removing a catalog file recompiles it; or name \
         catalog files with `catalog: [\"path/to/app.prom\"]` (relative to the crate); or write \
         `catalog: []` to compile without metric checks\n"
    );
    compare(body, &text, &expect);
    // `catalog: []` says so explicitly: no error, no metric checks.
    let explicit = r#"uid: "a", title: "A", catalog: [], timeseries "P" { unit: "s", _ => "rate(app_jobs_totl[5m])" }"#;
    assert_eq!(compiled_in(&dir, explicit, false), "");
    // Named files need no folder.
    std::fs::write(
        dir.join("app.prom"),
        "# TYPE app_jobs_total counter\napp_jobs_total 1\n",
    )
    .unwrap();
    let named = r#"uid: "a", title: "A", catalog: ["app.prom"], timeseries "P" { unit: "s", _ => "rate(app_jobs_total[5m])" }"#;
    assert_eq!(compiled_in(&dir, named, false), "");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_or_misnamed_catalogs_folder_is_the_same_error() {
    let dir = scratch_crate("empty-folder");
    std::fs::create_dir_all(dir.join("catalogs")).unwrap();
    let body = r#"uid: "a", title: "A", timeseries "P" { unit: "s", _ => "up" }"#;
    let tail = "; or name catalog files with `catalog: [\"path/to/app.prom\"]` (relative to the \
                crate); or write `catalog: []` to compile without metric checks\n";
    compare(
        body,
        &compiled_in(&dir, body, false),
        &format!(
            "1:1: no metric catalog: no catalogs/*.prom found in <crate>/catalogs (it is empty; \
             catalog files end in `.prom`), {NO_CATALOG_WAYS_OUT}{tail}"
        ),
    );
    std::fs::write(dir.join("catalogs/metrics.txt"), "# TYPE up gauge\nup 1\n").unwrap();
    compare(
        body,
        &compiled_in(&dir, body, false),
        &format!(
            "1:1: no metric catalog: no catalogs/*.prom found in <crate>/catalogs (it holds \
             `metrics.txt`; catalog files end in `.prom`), {NO_CATALOG_WAYS_OUT}{tail}"
        ),
    );
    // Once a `.prom` file is there, its metrics are checked.
    std::fs::rename(
        dir.join("catalogs/metrics.txt"),
        dir.join("catalogs/app.prom"),
    )
    .unwrap();
    assert_eq!(compiled_in(&dir, body, false), "");
    let typo = r#"uid: "a", title: "A", timeseries "P" { unit: "s", _ => "upp" }"#;
    assert!(
        compiled_in(&dir, typo, false).contains("unknown metric `upp`"),
        "a typo is caught once the folder has a catalog"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unparseable_catalog_line_is_reported_alone_with_its_column() {
    let dir = scratch_crate("bad-catalog-line");
    std::fs::create_dir_all(dir.join("catalogs")).unwrap();
    std::fs::write(
        dir.join("catalogs/worker.prom"),
        "# TYPE jobs_processed_total counter\njobs_processed_total{queue=\"a\"}3\n",
    )
    .unwrap();
    // Another file reads: the catalog is not empty, only partial.
    std::fs::write(
        dir.join("catalogs/web.prom"),
        "# TYPE http_requests_total counter\nhttp_requests_total{method=\"GET\"} 1\n",
    )
    .unwrap();
    let body = r#"uid: "a", title: "A", timeseries "P" { unit: "ops", _ => "sum by (queue) (rate(jobs_processed_total[5m]))" }"#;
    // Only the line's own error: the metric of the file that did not load
    // is not also reported as unknown.
    compare(
        body,
        &compiled_in(&dir, body, false),
        "1:1: catalogs/worker.prom:2:32: expected a space and the value after `jobs_processed_total`, found `3`\n",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_set_without_a_catalog_reports_it_once_and_catalog_none_in_defaults_is_enough() {
    let dir = scratch_crate("set");
    let body = r#"defaults { folder: "F" },
pub const ONE = { uid: "one", title: "One", timeseries "P" { unit: "s", _ => "up" } };
pub const TWO = { uid: "two", title: "Two", timeseries "P" { unit: "s", _ => "up" } };"#;
    let text = compiled_in(&dir, body, true);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("1:1: no metric catalog: no catalogs/*.prom found in <crate>/catalogs"),
        "{text}"
    );
    let explicit = body.replace(r#"folder: "F""#, r#"folder: "F", catalog: []"#);
    assert_eq!(compiled_in(&dir, &explicit, true), "");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_family_without_samples_is_known_and_its_labels_point_to_a_labels_line() {
    let dir = scratch_crate("unsampled");
    std::fs::create_dir_all(dir.join("catalogs")).unwrap();
    std::fs::write(
        dir.join("catalogs/app.prom"),
        "# HELP app_jobs_total Jobs run.\n# TYPE app_jobs_total counter\n\
         # HELP app_seen_total Seen.\n# TYPE app_seen_total counter\napp_seen_total{kind=\"a\"} 1\n",
    )
    .unwrap();
    // The name alone is known: no samples needed.
    let name_only = r#"uid: "a", title: "A", timeseries "P" { unit: "ops", _ => "sum(rate(app_jobs_total[5m]))" }"#;
    assert_eq!(compiled_in(&dir, name_only, false), "");
    let body = r##"uid: "a", title: "A",
timeseries "P" { unit: "ops", "{{queue}}" => r#"sum by (queue) (rate(app_jobs_total{queue="mail"}[5m]))"# }"##;
    let hint = "the catalog has no samples of `app_jobs_total` (catalogs/app.prom:2 declares it \
                with no sample line, as an application exports a family it has not observed \
                yet), so its labels are unknown: if it has `queue`, add the line `# LABELS \
                app_jobs_total queue` (all its labels, space-separated) to catalogs/app.prom \
                (check `unknown-label`)";
    let text = compiled_in(&dir, body, false);
    let matcher =
        format!("`app_jobs_total` has no label `queue`; its labels are instance, job; {hint}");
    let by = format!(
        "no series of `app_jobs_total` has a label `queue` (used in `by`); they have instance, \
         job; {hint}"
    );
    assert!(text.contains(&matcher), "{text}");
    assert!(text.contains(&by), "{text}");
    assert_eq!(text.matches(hint).count(), 2, "{text}");
    let legend = r#"uid: "a", title: "A", timeseries "P" { unit: "ops", "{{queue}}" => "rate(app_jobs_total[5m])" }"#;
    let text = compiled_in(&dir, legend, false);
    assert!(
        text.contains("legend `{{queue}}` names label `queue`") && text.contains(hint),
        "{text}"
    );
    // A family with samples gets no such hint.
    let sampled = r#"uid: "a", title: "A", timeseries "P" { unit: "ops", _ => "sum by (queue) (rate(app_seen_total[5m]))" }"#;
    let text = compiled_in(&dir, sampled, false);
    assert!(
        text.contains("has a label `queue`") && !text.contains("no samples"),
        "{text}"
    );
    // With the `# LABELS` line, the query compiles.
    let mut catalog = std::fs::read_to_string(dir.join("catalogs/app.prom")).unwrap();
    catalog.push_str("# LABELS app_jobs_total queue\n");
    std::fs::write(dir.join("catalogs/app.prom"), catalog).unwrap();
    assert_eq!(compiled_in(&dir, body, false), "");
    // With a `# LABELS` line, another label is a plain unknown label.
    let other = r#"uid: "a", title: "A", timeseries "P" { unit: "ops", _ => "sum by (kind) (rate(app_jobs_total[5m]))" }"#;
    let text = compiled_in(&dir, other, false);
    assert!(
        text.contains("has a label `kind`") && !text.contains("no samples"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// `set: { .. }`: JSON written at checked paths.

#[test]
fn set_values_of_every_json_shape_parse() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
set: { "liveNow": true, "weekStart": "monday", "annotations": { "list": [] } },
stat "P" {
    unit: "s",
    set: {
        "options.reduceOptions.calcs": ["mean"],
        "options.text": { "titleSize": 12, "valueSize": 20.5 },
        "fieldConfig.defaults.noValue": "n/a",
        "fieldConfig.defaults.links": [],
        "options.graphMode": "none",
    },
    _ => "up" { set: { "intervalFactor": 2, "exemplar": false } },
}"#,
        "",
    );
}

#[test]
fn set_unknown_path_suggests_the_closest_key() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
timeseries "P" {
    unit: "s",
    set: { "fieldConfig.defaults.custom.lineWidht": 2, "options.tooltip.mdoe": "single" },
    _ => "up",
}"#,
        r#"
5:12: `set` path "fieldConfig.defaults.custom.lineWidht" on a timeseries panel: unknown key "lineWidht" in GraphFieldConfig; did you mean "lineWidth"? Valid keys: drawStyle, gradientMode, thresholdsStyle, transform, lineColor, lineWidth, lineInterpolation, lineStyle, fillColor, fillOpacity, showPoints, pointSize (and 20 more)
5:56: `set` path "options.tooltip.mdoe" on a timeseries panel: unknown key "mdoe" in VizTooltipOptions; did you mean "mode"? Valid keys: mode, sort, maxWidth, maxHeight, hideZeros
"#,
    );
}

#[test]
fn set_wrong_type_and_enum_value() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
stat "P" {
    unit: "s",
    set: { "options.reduceOptions.calcs": "mean", "options.graphMode": "areas", "options.text": { "titleSize": "big" } },
    _ => "up" { set: { "intervalFactor": "two" } },
}"#,
        r#"
5:43: `set` path "options.reduceOptions.calcs" on a stat panel: expected array of string, found string "mean"
5:72: `set` path "options.graphMode" on a stat panel: "areas" is not a value of BigValueGraphMode; did you mean "area"? Allowed: "none", "line", "area"
5:97: `set` path "options.text" on a stat panel: /options/text/titleSize: expected number, found string "big"
6:42: `set` path "intervalFactor" on a Prometheus query: expected integer, found string "two"
"#,
    );
}

#[test]
fn set_on_a_path_an_option_writes_names_the_option() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
set: { "editable": true, "templating.list": [] },
timeseries "P" {
    unit: "s",
    set: { "fieldConfig.defaults.unit": "ms", "fieldConfig.defaults": {}, "options.legend.showLegend": false },
    _ => "up" { set: { "expr": "down", "refId": "Z" } },
}"#,
        r#"
3:8: `set` path "editable" on the dashboard is written by the `editable` option: write `editable: ..` instead
3:26: `set` path "templating.list" on the dashboard is written by the `variables { .. }` block and the `datasource` option: declare variables in `variables { .. }` instead
6:12: `set` path "fieldConfig.defaults.unit" lies inside "fieldConfig.defaults", also set in this block: put the value into "fieldConfig.defaults"'s object, or drop one of them
6:47: `set` path "fieldConfig.defaults" on a timeseries panel would replace "fieldConfig.defaults.unit", which the `unit` option writes: set the keys below "fieldConfig.defaults" one by one instead
6:75: `set` path "options.legend.showLegend" on a timeseries panel is written by the `legend` option: write `legend: { mode: table, placement: right, calcs: [..] }` instead
7:24: `set` path "expr" on a Prometheus query is written by the query string after `=>`: edit the query instead
7:40: `set` path "refId" on a Prometheus query is written by dashc, which letters queries A, B, .. in order: remove it
"#,
    );
}

#[test]
fn set_paths_that_overlap_or_are_malformed() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
stat "P" {
    unit: "s",
    set: {
        "options.text": {},
        "options.text.titleSize": 10,
        "options..text": 1,
        "fieldConfig.overrides.0": {},
        "": 1,
    },
    _ => "up",
}"#,
        r#"
7:9: `set` path "options.text.titleSize" lies inside "options.text", also set in this block: put the value into "options.text"'s object, or drop one of them
8:9: `set` path "options..text": empty key: separate keys with one `.`, with no `.` at either end
9:9: `set` path "fieldConfig.overrides.0": `0` indexes an array: `set` writes object keys; give the whole array at its key instead
10:9: `set` path "": empty path: name a key, such as "options.reduceOptions.calcs"
"#,
    );
}

#[test]
fn set_depends_on_the_panel_kind() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
gauge "G" {
    unit: "s",
    set: { "options.showThresholdMarkers": false, "options.graphMode": "none" },
    _ => "up",
}"#,
        r#"
5:51: `set` path "options.graphMode" on a gauge panel: unknown key "graphMode" in gauge Options; valid keys: showThresholdLabels, showThresholdMarkers, sizing, minVizWidth, reduceOptions, text, minVizHeight, orientation
"#,
    );
}

#[test]
fn set_value_syntax_errors() {
    check(
        r#"uid: "a", title: "A",
stat "P" {
    unit: "s",
    set: {
        "a": mean,
        "b": [1, 2u8],
        options: 1,
        "c" 1,
        "d": { "k": 1, "k": 2 },
        "e": 1 2,
        "e": 1,
        "e": 2,
        "f": 99999999999999999999,
        "g": -,
        "h": [null, true, -3, -0.25, "x", {}],
    },
    _ => "up",
}"#,
        r#"
5:14: expected a JSON value: a string, a number, `true`, `false`, `null`, `[..]` or `{ "key": value }`: write the word as a string, "mean"
6:18: expected a number, e.g. `2` or `0.5` (without a type suffix)
7:9: expected a key as a string literal, as in `"key": value`: write "options"
8:13: expected `:` after the key "c"
9:24: duplicate key "k" in the object: keep one
10:16: unexpected token after the value: separate entries with `,`
12:9: duplicate path "e" in `set`: keep one
13:14: integer too large: JSON numbers here fit in 64 bits
14:14: expected a number after `-`
"#,
    );
}

#[test]
fn set_values_land_at_their_paths() {
    let out = compile_dashboard_str(
        r#"uid: "a", title: "A",
catalog: [],
set: { "liveNow": true, "weekStart": "monday" },
timeseries "P" {
    unit: "s",
    set: {
        "fieldConfig.defaults.custom.lineWidth": 2,
        "fieldConfig.defaults.custom.fillOpacity": -0.5,
        "options.tooltip": { "mode": "single", "sort": "none" },
        "pluginVersion": "12.0.0",
    },
    _ => "up" { set: { "intervalFactor": 3 } },
}"#,
        &base(),
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let text = out
        .value
        .and_then(|c| c.json)
        .expect("a dashboard without errors renders");
    let json: serde_json::Value = serde_json::from_str(&text).expect("rendered JSON parses");
    assert_eq!(json["liveNow"], serde_json::json!(true));
    assert_eq!(json["weekStart"], serde_json::json!("monday"));
    let panel = &json["panels"][0];
    let custom = &panel["fieldConfig"]["defaults"]["custom"];
    assert_eq!(custom["lineWidth"], serde_json::json!(2));
    assert_eq!(custom["fillOpacity"], serde_json::json!(-0.5));
    // Siblings the DSL writes stay.
    assert_eq!(custom["drawStyle"], serde_json::json!("line"));
    assert_eq!(
        panel["fieldConfig"]["defaults"]["unit"],
        serde_json::json!("s")
    );
    assert_eq!(
        panel["options"]["tooltip"],
        serde_json::json!({"mode": "single", "sort": "none"})
    );
    assert_eq!(
        panel["options"]["legend"]["showLegend"],
        serde_json::json!(true)
    );
    assert_eq!(panel["pluginVersion"], serde_json::json!("12.0.0"));
    assert_eq!(panel["targets"][0]["intervalFactor"], serde_json::json!(3));
    assert_eq!(panel["targets"][0]["expr"], serde_json::json!("up"));
    // The merged panel is still a valid timeseries panel.
    let kind = crate::schema::panel_kind("timeseries");
    assert_eq!(crate::schema::validate_panel_json(kind, panel), Vec::new());
}

#[test]
fn threshold_styles_are_the_schemas() {
    let schema =
        crate::schema::enum_named("GraphThresholdsStyleMode").expect("the enum is generated");
    let styles = super::parse::threshold_styles();
    assert_eq!(
        styles.len(),
        schema.values.len(),
        "every schema value has a model style"
    );
    assert_eq!(styles.len(), crate::model::ThresholdsStyle::ALL.len());
    let names: Vec<&str> = styles.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "off",
            "line",
            "dashed",
            "area",
            "line_area",
            "dashed_area",
            "series"
        ]
    );
}

#[test]
fn threshold_style_series_and_a_misspelt_style() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" {
    unit: "s",
    thresholds: { style: series, steps: [green, red: 1] },
    _ => "up",
}
timeseries "Q" {
    unit: "s",
    thresholds: { style: seires, steps: [green, red: 1] },
    _ => "up",
}"#,
        r#"
9:26: expected one of `off`, `line`, `dashed`, `area`, `line_area`, `dashed_area`, `series`; did you mean `series`?
"#,
    );
}

#[test]
fn set_calcs_are_reducer_ids() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
stat "P" {
    unit: "s",
    set: { "options.reduceOptions.calcs": ["p95", "avg", "meen"] },
    _ => "up",
}
gauge "G" {
    unit: "s",
    set: { "options.reduceOptions": { "calcs": ["countAll", "lastNotNul"], "values": false } },
    _ => "up",
}"#,
        r#"
5:43: `set` path "options.reduceOptions.calcs" on a stat panel: unknown calculation "avg": write "mean" (Grafana reads "avg" as an old alias of it); expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
5:43: `set` path "options.reduceOptions.calcs" on a stat panel: unknown calculation "meen": did you mean "mean"? expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
10:37: `set` path "options.reduceOptions" on a gauge panel: unknown calculation "lastNotNul": did you mean "lastNotNull"? expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
"#,
    );
}

#[test]
fn a_schema_option_without_a_short_form_suggests_set() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" {
    unit: "s",
    line_width: 2,
    fill_opacit: 10,
    display_mode: table,
    unti: "s",
    _ => "up",
}
gauge "G" { unit: "s", show_threshold_markers: false, _ => "up" }"#,
        r#"
4:5: `line_width` is Grafana's `fieldConfig.defaults.custom.lineWidth`; it has no short form in the DSL: write `set: { "fieldConfig.defaults.custom.lineWidth": .. }`
5:5: unknown panel option `fill_opacit`; did you mean `fill_opacity`? It is Grafana's `fieldConfig.defaults.custom.fillOpacity`; it has no short form in the DSL: write `set: { "fieldConfig.defaults.custom.fillOpacity": .. }`
6:5: `display_mode` is Grafana's `options.legend.displayMode`; it is written by the `legend` option: write `legend: { mode: table, placement: right, calcs: [..] }` instead
7:5: unknown panel option `unti`; did you mean `unit`?
10:24: `show_threshold_markers` is Grafana's `options.showThresholdMarkers`; it has no short form in the DSL: write `set: { "options.showThresholdMarkers": .. }`
"#,
    );
}

#[test]
fn set_in_defaults_is_shared_and_checked_once() {
    check_compiled_set(
        r#"defaults { catalog: [], set: { "liveNow": true, "weekStrat": "monday" } },
pub const A = { uid: "a", title: "A", stat "P" { unit: "s", _ => "up" } };
pub const B = { uid: "b", title: "B", set: { "liveNow": false }, stat "P" { unit: "s", _ => "up" } };"#,
        r#"
1:49: `set` path "weekStrat" on the dashboard: unknown key "weekStrat" in Dashboard; did you mean "weekStart"? Valid keys: id, uid, title, description, revision, gnetId, tags, timezone, editable, graphTooltip, time, timepicker (and 12 more)
"#,
    );
}

#[test]
fn panel_options_apply_where_the_schema_has_their_path() {
    use crate::model::PanelKind;
    let applies = |option: &str| -> Vec<&str> {
        PanelKind::ALL
            .iter()
            .filter(|(k, _)| super::parse::not_for_kind(option, *k).is_none())
            .map(|(_, name)| *name)
            .collect()
    };
    assert_eq!(applies("legend"), ["timeseries", "bargauge", "heatmap"]);
    assert_eq!(applies("stacking"), ["timeseries"]);
    assert_eq!(applies("content"), ["text"]);
    assert_eq!(applies("unit").len(), 6, "every kind but text");
    assert_eq!(applies("description").len(), 7);
}

#[test]
fn set_path_deeper_than_any_option() {
    let path = vec!["a"; 60].join(".");
    check_compiled(
        &format!(
            r#"uid: "a", title: "A",
catalog: [],
set: {{ "{path}": 1 }},
stat "P" {{ unit: "s", _ => "up" }}"#
        ),
        &format!(
            "\n3:8: `set` path \"{path}\": more than 48 keys: no Grafana option is that deep\n"
        ),
    );
}
