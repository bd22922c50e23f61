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
pub(super) fn shown(diagnostics: &[Located]) -> String {
    diagnostics.iter().map(|d| format!("{d}\n")).collect()
}

pub(super) fn compare(input: &str, actual: &str, expect: &str) {
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
pub(super) fn check(input: &str, expect: &str) {
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
pub(super) fn base() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn without_base(text: String) -> String {
    text.replace(&base().display().to_string(), "<base>")
}

/// Compiles a `dashboard!` body: parse, catalog and check errors.
pub(super) fn check_compiled(input: &str, expect: &str) {
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
2:1: unknown dashboard option `zzzzzz`; expected one of: uid, title, description, folder, tags, refresh, time, timezone, tooltip, editable, datasource, catalog, experimental, links, variables, set, annotations, time_picker, week_start, fiscal_year_start
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
2:1: unknown panel kind `timeserie`; did you mean `timeseries`? expected one of: timeseries, stat, gauge, bargauge, table, heatmap, text, piechart, barchart, histogram, state_timeline, status_history, alertlist
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
2:9: unexpected `folded`: expected `collapsed`, `repeat <variable>` or the row body `{ .. }`
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
2:23: `stacking` does not apply to a stat panel (Grafana's `fieldConfig.defaults.custom.stacking`, which only timeseries, histogram panels have): remove it
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
2:24: `legend` does not apply to a table panel (Grafana's `options.legend`, which only timeseries, bargauge, heatmap, piechart, barchart, histogram, state_timeline, status_history panels have): remove it
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
2:86: threshold values must not decrease from step to step: step 4 `orange: 3` is below step 3 `red: 9`; order the steps by value
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
2:36: `blue` is a color: write it quoted for the fixed mode, `color: "blue"`, or `shades "blue"`
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
2:18: expected a variable kind: did you mean `query`? one of query, filter, custom, interval, constant, textbox, adhoc
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
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
variables { env: custom [], window: interval [] },"#,
        r#"
2:13: the list of values of `env` is empty: give at least one value
2:29: the list of values of `window` is empty: give at least one value
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
set: { "liveNow": true, "preload": false },
stat "P" {
    unit: "s",
    set: {
        "options.showPercentChange": true,
        "options.text": { "titleSize": 12, "valueSize": 20.5 },
        "fieldConfig.defaults.filterable": false,
        "options.wideLayout": true,
        "options.percentChangeColorMode": "inverted",
    },
    _ => "up" { set: { "intervalFactor": 2, "editorMode": "builder" } },
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
    set: { "options.wideLayout": "yes", "options.percentChangeColorMode": "same", "options.text": { "titleSize": "big" } },
    _ => "up" { set: { "intervalFactor": "two" } },
}"#,
        r#"
5:34: `set` path "options.wideLayout" on a stat panel: expected boolean, found string "yes"
5:75: `set` path "options.percentChangeColorMode" on a stat panel: "same" is not a value of PercentChangeColorMode; allowed: "standard", "inverted", "same_as_value"
5:99: `set` path "options.text" on a stat panel: /options/text/titleSize: expected number, found string "big"
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
    set: { "options.minVizWidth": 100, "options.graphMode": "none" },
    _ => "up",
}"#,
        r#"
5:40: `set` path "options.graphMode" on a gauge panel: unknown key "graphMode" in gauge Options; valid keys: showThresholdLabels, showThresholdMarkers, sizing, minVizWidth, reduceOptions, text, minVizHeight, orientation
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
13:14: integer too large: JSON numbers here fit in 64 bits
14:14: expected a number after `-`
"#,
    );
}

#[test]
fn set_path_given_twice_is_reported_by_the_core_checks() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
stat "P" {
    unit: "s",
    set: { "options.wideLayout": true, "options.wideLayout": false },
    _ => "up",
}"#,
        r#"
5:40: duplicate path "options.wideLayout" in `set`: keep one
"#,
    );
}

#[test]
fn set_values_land_at_their_paths() {
    let out = compile_dashboard_str(
        r#"uid: "a", title: "A",
catalog: [],
set: { "liveNow": true, "preload": true },
timeseries "P" {
    unit: "s",
    set: {
        "fieldConfig.defaults.custom.axisColorMode": "series",
        "fieldConfig.defaults.custom.axisWidth": -0.5,
        "options.tooltip.maxWidth": 300,
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
    assert_eq!(json["preload"], serde_json::json!(true));
    let panel = &json["panels"][0];
    let custom = &panel["fieldConfig"]["defaults"]["custom"];
    assert_eq!(custom["axisColorMode"], serde_json::json!("series"));
    assert_eq!(custom["axisWidth"], serde_json::json!(-0.5));
    // Siblings the DSL writes stay.
    assert_eq!(custom["drawStyle"], serde_json::json!("line"));
    assert_eq!(
        panel["fieldConfig"]["defaults"]["unit"],
        serde_json::json!("s")
    );
    assert_eq!(
        panel["options"]["tooltip"],
        serde_json::json!({"hideZeros": false, "maxWidth": 300, "mode": "multi", "sort": "desc"})
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
fn calcs_are_reducer_ids_and_refuse_set_around_them() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
stat "P" {
    unit: "s",
    calcs: ["p95", "avg", "meen"],
    _ => "up",
}
gauge "G" {
    unit: "s",
    calcs: [],
    set: { "options.reduceOptions": { "calcs": ["countAll"], "values": false } },
    _ => "up",
}"#,
        r#"
5:20: unknown calculation "avg": write "mean" (Grafana reads "avg" as an old alias of it); expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
5:27: unknown calculation "meen": did you mean "mean"? expected one of lastNotNull, last, firstNotNull, first, min, max, mean, median, variance, stdDev, sum, count, countAll, range, delta, step, diff, logmin, allIsZero, allIsNull, changeCount, distinctCount, diffperc, allValues, uniqueValues, or a percentile p1 to p99
10:5: `calcs` needs at least one reducer, e.g. `calcs: ["mean"]`
11:12: `set` path "options.reduceOptions" on a gauge panel would replace "options.reduceOptions.calcs", which the `calcs` option writes: set the keys below "options.reduceOptions" one by one instead
"#,
    );
}

#[test]
fn a_schema_option_without_a_short_form_suggests_set() {
    check(
        r#"uid: "a", title: "A",
timeseries "P" {
    unit: "s",
    bar_alignment: 1,
    axis_widht: 10,
    display_mode: table,
    unti: "s",
    fill_opacit: 10,
    _ => "up",
}
gauge "G" { unit: "s", sizing: manual, _ => "up" }"#,
        r#"
4:5: `bar_alignment` is Grafana's `fieldConfig.defaults.custom.barAlignment`; it has no short form in the DSL: write `set: { "fieldConfig.defaults.custom.barAlignment": .. }`
5:5: unknown panel option `axis_widht`; did you mean `axis_width`? It is Grafana's `fieldConfig.defaults.custom.axisWidth`; it has no short form in the DSL: write `set: { "fieldConfig.defaults.custom.axisWidth": .. }`
6:5: `display_mode` does not apply to a timeseries panel (Grafana's `options.displayMode`, which only bargauge panels have): remove it; a timeseries panel's own `display_mode` is Grafana's `options.legend.displayMode`, written by the `legend` option: write `legend: { mode: table, placement: right, calcs: [..] }` instead
7:5: unknown panel option `unti`; did you mean `unit`?
8:5: unknown panel option `fill_opacit`; did you mean `fill_opacity`?
11:24: `sizing` is Grafana's `options.sizing`; it has no short form in the DSL: write `set: { "options.sizing": .. }`
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
    assert_eq!(
        applies("legend"),
        [
            "timeseries",
            "bargauge",
            "heatmap",
            "piechart",
            "barchart",
            "histogram",
            "state_timeline",
            "status_history"
        ]
    );
    assert_eq!(applies("stacking"), ["timeseries", "histogram"]);
    assert_eq!(applies("content"), ["text"]);
    assert_eq!(applies("mode"), ["text"]);
    assert_eq!(
        applies("unit").len(),
        11,
        "every kind but text and alertlist"
    );
    assert_eq!(
        applies("links").len(),
        11,
        "every kind but text and alertlist"
    );
    assert_eq!(applies("description").len(), 13);
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

// Fragments, templates and loops (`expand.rs`).

/// The JSON of a `dashboard!` body that compiles without diagnostics.
fn json_of(input: &str) -> String {
    let out = compile_dashboard_str(input, &base());
    assert!(
        out.diagnostics.is_empty(),
        "unexpected diagnostics for\n{input}\n{}",
        shown(&out.diagnostics)
    );
    out.value
        .and_then(|c| c.json)
        .expect("a dashboard without diagnostics is rendered")
}

#[test]
fn fragments_templates_and_loops_expand_to_the_dashboard_written_out() {
    let reused = json_of(
        r##"uid: "a", title: "A", catalog: [],
variables { job: filter "label_values(up, job)" },
let job = r#"job=~"$job""#;
let window = "[$__rate_interval]";
template rate_panel(title, metric) {
    timeseries title + " rate" {
        unit: "reqps",
        "{{instance}}" => "sum by (instance) (rate(" + metric + "{" + job + "}" + window + "))",
    }
}
for q in ["0.5", "0.99"] {
    timeseries "p" + q {
        unit: "s",
        for mode in ["a", "b"] {
            mode => "histogram_quantile(" + q + ", sum by (le) (rate(x_bucket{mode=\"" + mode + "\"}" + window + ")))",
        }
    }
}
row "Rates" {
    rate_panel("Up", "up")
    rate_panel("Samples", "scrape_samples_scraped")
}"##,
    );
    let written = json_of(
        r##"uid: "a", title: "A", catalog: [],
variables { job: filter "label_values(up, job)" },
timeseries "p0.5" {
    unit: "s",
    "a" => r#"histogram_quantile(0.5, sum by (le) (rate(x_bucket{mode="a"}[$__rate_interval])))"#,
    "b" => r#"histogram_quantile(0.5, sum by (le) (rate(x_bucket{mode="b"}[$__rate_interval])))"#,
}
timeseries "p0.99" {
    unit: "s",
    "a" => r#"histogram_quantile(0.99, sum by (le) (rate(x_bucket{mode="a"}[$__rate_interval])))"#,
    "b" => r#"histogram_quantile(0.99, sum by (le) (rate(x_bucket{mode="b"}[$__rate_interval])))"#,
}
row "Rates" {
    timeseries "Up rate" {
        unit: "reqps",
        "{{instance}}" => r#"sum by (instance) (rate(up{job=~"$job"}[$__rate_interval]))"#,
    }
    timeseries "Samples rate" {
        unit: "reqps",
        "{{instance}}" => r#"sum by (instance) (rate(scrape_samples_scraped{job=~"$job"}[$__rate_interval]))"#,
    }
}
"##,
    );
    assert_eq!(reused, written);
}

#[test]
fn a_set_shares_fragments_and_templates_declared_beside_it_and_in_defaults() {
    let reused = compile_set_str(
        r#"let selector = "job=\"api\"";
template up_panel(title) {
    stat title { unit: "short", _ => "sum(up{" + selector + "})" }
}
defaults { catalog: [], let suffix = " (api)"; },
pub const A = { uid: "a", title: "A" + suffix, up_panel("Up") };
pub const B = { uid: "b", title: "B" + suffix, up_panel("Targets" + suffix) };"#,
        &base(),
    );
    let written = compile_set_str(
        r#"defaults { catalog: [] },
pub const A = { uid: "a", title: "A (api)", stat "Up" { unit: "short", _ => "sum(up{job=\"api\"})" } };
pub const B = { uid: "b", title: "B (api)", stat "Targets (api)" { unit: "short", _ => "sum(up{job=\"api\"})" } };"#,
        &base(),
    );
    assert!(
        reused.diagnostics.is_empty(),
        "{}",
        shown(&reused.diagnostics)
    );
    let json = |out: &StrOutput<Vec<(String, Compiled)>>| -> Vec<String> {
        out.value
            .iter()
            .map(|(_, c)| c.json.clone().expect("rendered"))
            .collect()
    };
    assert_eq!(json(&reused), json(&written));
    assert_eq!(json(&reused).len(), 2);
}

#[test]
fn an_unused_fragment_or_template_is_no_error() {
    json_of(
        r#"uid: "a", title: "A", catalog: [],
let unused = "x";
template never(a) { stat a { unit: "s", _ => "up" } }
stat "Up" { unit: "short", _ => "up" }"#,
    );
}

#[test]
fn unknown_fragment_suggests_the_closest() {
    check(
        r#"uid: "a", title: "A",
let job = "job=\"api\"";
stat "Up" { unit: "short", _ => "up{" + jbo + "}" }"#,
        r#"
3:41: unknown fragment `jbo`; did you mean `job`?
"#,
    );
}

#[test]
fn unknown_fragment_without_any_declared() {
    check(
        r#"uid: "a", title: "A",
stat "Up" { unit: "short", _ => "up{" + job }"#,
        r#"
2:41: unknown fragment `job`; no fragment is declared: declare it with `let name = "..";`
"#,
    );
}

#[test]
fn plus_needs_a_string_after_it() {
    check(
        r#"uid: "a", title: "A",
stat "Up" { unit: "short", _ => "up" + 5 }
stat "Down" { unit: "short", _ => "up" + }"#,
        r#"
2:40: `+` joins strings, and `5` is not one: write it as a string literal
3:40: expected a string literal or a fragment name after `+`: `+` joins strings, as in `"rate(x{" + job + "}[5m])"`
"#,
    );
}

#[test]
fn a_fragment_shadowing_another_is_an_error() {
    check(
        r#"uid: "a", title: "A",
let job = "a";
let job = "b";
template t(job) { stat job { unit: "s", _ => "up" } }
for job in ["x"] { stat job { unit: "s", _ => "up" } }
t("x")"#,
        r#"
3:5: the fragment `job` would shadow the fragment, parameter or loop variable `job` already in scope: give it another name
5:5: the loop variable `job` would shadow the fragment, parameter or loop variable `job` already in scope: give it another name
4:12: the parameter of `t` `job` would shadow the fragment, parameter or loop variable `job` already in scope: give it another name
"#,
    );
}

#[test]
fn a_dashboard_fragment_shadowing_one_of_its_set_is_an_error() {
    check_set(
        r#"let job = "a";
pub const A = { uid: "a", title: "A", let job = "b"; };"#,
        r#"
2:43: the fragment `job` would shadow the fragment, parameter or loop variable `job` already in scope: give it another name
"#,
    );
}

#[test]
fn a_fragment_cannot_take_a_word_of_the_dsl() {
    check(
        r#"uid: "a", title: "A",
let table = "x";
template timeseries(a) { }
for true in ["x"] { }"#,
        r#"
2:5: `table` is a word of the DSL (a panel kind or a keyword value such as `table`, `true` or `normal`), so it cannot name the fragment: choose another name
3:10: `timeseries` is a word of the DSL, so it cannot name a template: choose another name
4:5: `true` is a word of the DSL (a panel kind or a keyword value such as `table`, `true` or `normal`), so it cannot name the loop variable: choose another name
"#,
    );
}

#[test]
fn a_key_keeps_its_name_beside_a_fragment_of_that_name() {
    // `job:` names a variable and `format: table` keeps its keyword.
    let json = json_of(
        r#"uid: "a", title: "A", catalog: [],
let job = "label_values(up, job)";
let unit = "short";
variables { job: query job },
table "T" { unit: unit, format: table, instant: true, _ => "up" }"#,
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let job = &v["templating"]["list"][1];
    assert_eq!(job["name"], "job");
    assert_eq!(job["query"], "label_values(up, job)");
    let panel = &v["panels"][0];
    assert_eq!(panel["fieldConfig"]["defaults"]["unit"], "short");
    assert_eq!(panel["targets"][0]["format"], "table");
}

#[test]
fn unknown_template_suggests_the_closest() {
    check(
        r#"uid: "a", title: "A",
template rate_panel(t) { stat t { unit: "s", _ => "up" } }
rate_pannel("x")
missing("y")"#,
        r#"
3:1: unknown template `rate_pannel`; did you mean `rate_panel`?
4:1: unknown template `missing`; declared: rate_panel
"#,
    );
}

#[test]
fn template_called_with_the_wrong_number_of_arguments() {
    check(
        r#"uid: "a", title: "A",
template rate_panel(title, metric) { stat title { unit: "s", _ => metric } }
rate_panel("x")
rate_panel("x", "up", "more")"#,
        r#"
3:1: the template `rate_panel` takes 2 arguments (title, metric), but 1 was given
4:1: the template `rate_panel` takes 2 arguments (title, metric), but 3 were given
"#,
    );
}

#[test]
fn a_template_calling_itself_is_an_error() {
    check(
        r#"uid: "a", title: "A",
template b(x) { a(x) }
template a(x) { stat x { unit: "s", _ => "up" } b(x) }
a("t")"#,
        r#"
2:17: the template `a` expands into itself (a -> b -> a): a template cannot call itself, directly or through others
note: in `b("t")`, in `a("t")`
"#,
    );
}

#[test]
fn declarations_belong_at_the_top() {
    check(
        r#"uid: "a", title: "A",
row "R" {
    let x = "a";
    stat "S" { unit: "s", _ => "up" }
}"#,
        r#"
3:5: a fragment is declared at the top of a dashboard, in `defaults` or beside the dashboards of a set, not inside a row, panel, loop or template: move this `let` there
"#,
    );
}

#[test]
fn a_query_error_in_a_template_points_into_it_and_names_the_instance() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
template rate_panel(title, metric) {
    timeseries title {
        unit: "reqps",
        _ => "sum(rate(" + metric + "[5m])) by",
    }
}
rate_panel("API", "http_requests_total")"#,
        r#"
6:47: unexpected end of input in grouping opts, expected "("
   | sum(rate(http_requests_total[5m])) by
   |                                      ^
note: in `rate_panel("API", "http_requests_total")`
"#,
    );
}

#[test]
fn a_query_error_in_an_argument_points_at_the_argument() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
template rate_panel(title, metric) {
    timeseries title { unit: "reqps", _ => "sum(rate(" + metric + "[5m]))" }
}
rate_panel("API", "http_requests_total")
rate_panel("Bad", "http requests")"#,
        r#"
7:25: unexpected identifier "requests", expected "," or ")"
   | sum(rate(http requests[5m]))
   |               ^^^^^^^^
note: in `rate_panel("Bad", "http requests")`
"#,
    );
}

#[test]
fn an_error_in_a_loop_names_the_iteration_and_the_instances_around_it() {
    check_compiled(
        r#"uid: "a", title: "A",
catalog: [],
template per_mode(title, mode) {
    stat title + " " + mode { unit: "short", _ => "sum(x{mode=\"" + mode + "\"})" }
    stat "Bad " + mode { unit: "shrot", _ => "up" }
}
for svc in ["api", "worker"] {
    row "Service " + svc {
        per_mode(svc, "idle")
    }
}"#,
        r#"
5:32: unknown unit "shrot": did you mean "short"? use a Grafana unit id such as "reqps", "s", "percent", "bytes", or a custom unit "suffix:<text>"
note: in `per_mode("api", "idle")`, for svc = "api"
5:32: unknown unit "shrot": did you mean "short"? use a Grafana unit id such as "reqps", "s", "percent", "bytes", or a custom unit "suffix:<text>"
note: in `per_mode("worker", "idle")`, for svc = "worker"
"#,
    );
}

#[test]
fn nesting_deeper_than_the_cap_is_an_error_naming_it() {
    // Each template calls the next: 20 levels.
    let mut input = String::from("uid: \"a\", title: \"A\",\n");
    for i in 0..20 {
        input.push_str(&format!("template t{i}(x) {{ t{}(x) }}\n", i + 1));
    }
    input.push_str("template t20(x) { stat x { unit: \"s\", _ => \"up\" } }\nt0(\"deep\")");
    let out = parse_dashboard_str(&input);
    let messages: Vec<&str> = out
        .diagnostics
        .iter()
        .map(|d| d.diagnostic.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "templates and loops nested deeper than 16 levels, over dashc's cap (`limits::MAX_EXPANSION_DEPTH`)"
        ),
        "{messages:?}"
    );
    assert!(
        messages[0].contains("note: in `t15(\"deep\")`"),
        "{messages:?}"
    );
}

#[test]
fn loops_over_the_instance_cap_stop_with_an_error_naming_it() {
    // 3 nested loops of 30 values: 27,930 iterations asked, 10,000 allowed.
    let values: Vec<String> = (0..30).map(|i| format!("\"{i}\"")).collect();
    let list = values.join(", ");
    let input = format!(
        "uid: \"a\", title: \"A\",\nfor a in [{list}] {{ for b in [{list}] {{ for c in [{list}] {{ stat a + b + c {{ unit: \"s\", _ => \"up\" }} }} }} }}"
    );
    let out = parse_dashboard_str(&input);
    let over: Vec<&Located> = out
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.message.contains("MAX_EXPANDED_INSTANCES"))
        .collect();
    assert_eq!(over.len(), 1, "{}", shown(&out.diagnostics));
    let panels = out.value.expect("a model").items.len();
    assert!(panels < crate::limits::MAX_EXPANDED_INSTANCES, "{panels}");
}

#[test]
fn fragments_doubling_stop_at_the_byte_cap() {
    // Each fragment is two of the one before: 2^40 bytes asked.
    let mut input = String::from("uid: \"a\", title: \"A\",\nlet f0 = \"xxxxxxxxxxxxxxxx\";\n");
    for i in 1..=40 {
        input.push_str(&format!("let f{i} = f{} + f{};\n", i - 1, i - 1));
    }
    input.push_str("stat f40 { unit: \"s\", _ => \"up\" }");
    let out = parse_dashboard_str(&input);
    let over: Vec<&Located> = out
        .diagnostics
        .iter()
        .filter(|d| {
            d.diagnostic
                .message
                .contains("`limits::MAX_EXPANDED_BYTES`")
        })
        .collect();
    assert_eq!(over.len(), 1, "{}", shown(&out.diagnostics));
}

#[test]
fn a_string_literal_with_a_suffix_is_refused() {
    check(
        r#"uid: "a", title: "A",
let x = "a"__dashc0;
stat "S" { unit: "s", _ => "up"suffix + "" }"#,
        r#"
2:9: a string literal here takes no suffix: remove what follows the closing quote
3:28: a string literal here takes no suffix: remove what follows the closing quote
"#,
    );
}

/// `tokens` with every string literal and the group after `title:`
/// wrapped in a group without delimiters, as rustc passes `$x:literal` and
/// `$x:expr` fragments of a `macro_rules!` macro.
fn wrapped(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Literal(_) => TokenTree::Group(Group::new(Delimiter::None, tt.into())),
            TokenTree::Group(g) => {
                let inner = Group::new(g.delimiter(), wrapped(g.stream()));
                TokenTree::Group(Group::new(Delimiter::None, TokenTree::Group(inner).into()))
            }
            other => other,
        })
        .collect()
}

#[test]
fn groups_without_delimiters_are_seen_through_everywhere() {
    use std::str::FromStr;
    let text = r#"uid: "a", title: "A", catalog: [], tags: ["x", "y"],
time: "now-6h".."now", set: { "liveNow": true },
variables { job: query "label_values(up, job)" { label: "Job" } },
let sel = "job=~\"$job\"";
template up_panel(t) { stat t { unit: "short", _ => "sum(up{" + sel + "})" } }
row "R" {
    timeseries "T" {
        unit: "s", min: -1, thresholds: [green, red: 80], legend: { mode: table, calcs: ["mean"] },
        "{{job}}" => "sum by (job) (up)" { set: { "intervalFactor": 2 } },
    }
    up_panel("U")
    for q in ["0.5"] { stat "p" + q { unit: "s", _ => "vector(" + q + ")" } }
}"#;
    let plain = compile_dashboard(proc_macro2::TokenStream::from_str(text).unwrap(), &base());
    assert!(plain.diagnostics.is_empty(), "{:?}", plain.diagnostics);
    let tokens = wrapped(proc_macro2::TokenStream::from_str(text).unwrap());
    // The wrapping is real: the first string literal is inside a group.
    assert!(tokens.to_string().contains("\"a\""));
    let out = compile_dashboard(tokens, &base());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.value.json, plain.value.json);
    assert!(out.value.json.is_some());
}

#[test]
fn a_wrapped_value_that_is_wrong_is_reported_on_its_token() {
    use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};
    use std::str::FromStr;
    let mut tokens = TokenStream::from_str("uid: \"a\", title: \"A\", refresh:").unwrap();
    let value = TokenTree::Literal(Literal::u32_unsuffixed(30));
    tokens.extend([TokenTree::Group(Group::new(Delimiter::None, value.into()))]);
    let out = parse_set_or_dashboard_tokens(tokens);
    assert_eq!(
        out,
        ["expected a refresh interval such as \"30s\" as a string literal: write \"30\""]
    );
}

fn parse_set_or_dashboard_tokens(tokens: proc_macro2::TokenStream) -> Vec<String> {
    let mut parser = Parser::new();
    let blank = parser.blank(proc_macro2::Span::call_site());
    parser.dashboard(blank, tokens, proc_macro2::Span::call_site());
    parser
        .take_diagnostics()
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn provisioning_sees_through_groups_without_delimiters() {
    use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
    use std::str::FromStr;
    let text = r#"provider: "upstream", dashboards_path: "/var/lib/grafana/dashboards", datasource: "Prometheus", datasource_uid: "prometheus", datasource_url: "http://prometheus:9090""#;
    let tokens: TokenStream = TokenStream::from_str(text)
        .unwrap()
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Literal(_) => TokenTree::Group(Group::new(Delimiter::None, tt.into())),
            other => other,
        })
        .collect();
    let out = parse_provisioning(tokens);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(
        out.value.expect("read").datasource.uid,
        "prometheus".to_owned()
    );
}

#[test]
fn one_long_join_of_long_fragments_stops_at_the_byte_cap() {
    // 1 MiB, joined 64 times in one string: 64 MiB asked.
    let mut input = String::from("uid: \"a\", title: \"A\",\nlet f0 = \"xxxxxxxxxxxxxxxx\";\n");
    for i in 1..=16 {
        input.push_str(&format!("let f{i} = f{} + f{};\n", i - 1, i - 1));
    }
    let join = vec!["f16"; 64].join(" + ");
    input.push_str(&format!("stat {join} {{ unit: \"s\", _ => \"up\" }}"));
    let out = parse_dashboard_str(&input);
    let over: Vec<&Located> = out
        .diagnostics
        .iter()
        .filter(|d| {
            d.diagnostic
                .message
                .contains("`limits::MAX_EXPANDED_BYTES`")
        })
        .collect();
    assert_eq!(over.len(), 1, "{}", shown(&out.diagnostics));
}

#[test]
fn a_misspelt_parameter_alone_is_an_unknown_fragment() {
    check(
        r#"uid: "a", title: "A",
template p(title) { stat titel { unit: "s", _ => "up" } }
p("x")
let cable = "x";
timeseries "T" { unit: "s", legend: tabel, _ => "up" }"#,
        r#"
2:26: unknown fragment `titel`; did you mean `title`?
note: in `p("x")`
5:37: expected one of `list`, `table`, `hidden`; did you mean `table`?
"#,
    );
}

#[test]
fn a_template_of_queries_expands_among_the_queries_of_a_panel() {
    let reused = json_of(
        r#"uid: "a", title: "A", catalog: [],
template quantile(q) { "p" + q => "histogram_quantile(0." + q + ", sum by (le) (rate(x_bucket[5m])))" }
timeseries "Latency" { unit: "s", quantile("5"), quantile("9") }"#,
    );
    let written = json_of(
        r#"uid: "a", title: "A", catalog: [],
timeseries "Latency" {
    unit: "s",
    "p5" => "histogram_quantile(0.5, sum by (le) (rate(x_bucket[5m])))",
    "p9" => "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
}"#,
    );
    assert_eq!(reused, written);
}

/// Compiles a `dashboard!` body that must have no diagnostic; its JSON.
fn compiled_json(input: &str) -> serde_json::Value {
    let out = compile_dashboard_str(input, &base());
    assert!(out.diagnostics.is_empty(), "{}", shown(&out.diagnostics));
    let json = out.value.and_then(|c| c.json).expect("rendered");
    serde_json::from_str(&json).expect("JSON parses")
}

#[test]
fn explicit_placement_puts_panels_and_rows_where_written() {
    let d = compiled_json(
        r#"uid: "a", title: "A", catalog: [],
variables { job: query "label_values(up, job)" { multi: true } },
timeseries "flows" { unit: "s", _ => "up" }
timeseries "placed" { unit: "s", x: 6, y: 10, width: 6, height: 4, _ => "up" }
timeseries "after" { unit: "s", width: 6, _ => "up" }
row "R" repeat job { y: 30,
    stat "in row" { unit: "short", _ => "up" }
}"#,
    );
    let grid: Vec<serde_json::Value> = d["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["gridPos"].clone())
        .collect();
    assert_eq!(
        grid[0],
        serde_json::json!({"x": 0, "y": 0, "w": 12, "h": 8})
    );
    assert_eq!(
        grid[1],
        serde_json::json!({"x": 6, "y": 10, "w": 6, "h": 4})
    );
    // The flow goes on right of the placed panel.
    assert_eq!(
        grid[2],
        serde_json::json!({"x": 12, "y": 0, "w": 6, "h": 8})
    );
    assert_eq!(
        grid[3],
        serde_json::json!({"x": 0, "y": 30, "w": 24, "h": 1})
    );
    assert_eq!(d["panels"][3]["repeat"], serde_json::json!("job"));
    assert_eq!(
        grid[4],
        serde_json::json!({"x": 0, "y": 31, "w": 12, "h": 8})
    );
}

#[test]
fn explicit_placement_errors() {
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
timeseries "a" { unit: "s", _ => "up" }
timeseries "b" { unit: "s", x: 6, y: 4, _ => "up" }
timeseries "c" { unit: "s", x: 3, _ => "up" }
timeseries "d" { unit: "s", x: 20, y: 40, width: 6, _ => "up" }
row "R" { y: 2, wide: 1, stat "e" { unit: "short", _ => "up" } }"#,
        r#"
6:17: unknown row option `wide`; expected one of: y, set
4:32: `x` without `y` on panel "c": give both (`x: 3, y: 0`) to place it, or neither to let it flow
5:32: panel "d" at x 20 with width 6 ends past the grid's 24 columns: use x 0 to 18
3:32: panel "b" at x 6, y 4 (12 x 8) overlaps panel "a" at x 0, y 0 (12 x 8): Grafana would push one of them down; move it with `x`/`y`, or drop the explicit place to let it flow
6:14: row "R" at x 0, y 2 (24 x 1) overlaps panel "a" at x 0, y 0 (12 x 8): Grafana would push one of them down; move it with `x`/`y`, or drop the explicit place to let it flow
6:31: panel "e" at x 0, y 3 (12 x 8) overlaps panel "a" at x 0, y 0 (12 x 8): Grafana would push one of them down; move it with `x`/`y`, or drop the explicit place to let it flow
"#,
    );
}

#[test]
fn collapsed_rows_hold_a_grid_of_their_own() {
    // The row's hidden panels may sit where the next row is: Grafana pushes
    // what follows down when the row opens.
    let d = compiled_json(
        r#"uid: "a", title: "A", catalog: [],
row "R" collapsed { y: 0, stat "hidden" { unit: "short", x: 0, y: 1, _ => "up" } }
row "S" { y: 1, stat "shown" { unit: "short", x: 0, y: 2, _ => "up" } }"#,
    );
    assert_eq!(
        d["panels"][0]["panels"][0]["gridPos"]["y"],
        serde_json::json!(1)
    );
    assert_eq!(d["panels"][1]["gridPos"]["y"], serde_json::json!(1));
}

#[test]
fn set_on_variables_and_beside_option_keys() {
    let d = compiled_json(
        r#"uid: "a", title: "A", catalog: [],
variables {
    job: query "label_values(up, job)" { refresh: on_load, set: { "definition": "jobs" } },
    env: custom ["a", "b"] { set: { "skipUrlSync": true } },
},
timeseries "P" {
    unit: "s", legend: table,
    set: { "options.legend.width": 300, "fieldConfig.defaults.color.seriesBy": "max" },
    _ => "up{job=~\"$job\", env=\"$env\"}",
}"#,
    );
    let vars = &d["templating"]["list"];
    assert_eq!(vars[1]["refresh"], serde_json::json!(1));
    assert_eq!(vars[1]["definition"], serde_json::json!("jobs"));
    assert_eq!(vars[2]["skipUrlSync"], serde_json::json!(true));
    assert_eq!(
        d["panels"][0]["options"]["legend"]["width"],
        serde_json::json!(300)
    );
    assert_eq!(
        d["panels"][0]["options"]["legend"]["displayMode"],
        serde_json::json!("table")
    );
    assert_eq!(
        d["panels"][0]["fieldConfig"]["defaults"]["color"],
        serde_json::json!({"mode": "palette-classic", "seriesBy": "max"})
    );
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
variables { job: query "q" { set: { "multi": true, "bogus": 1 } } },
timeseries "P" { unit: "s", _ => "up" }"#,
        r#"
2:37: `set` path "multi" on a template variable is written by the `multi` option: write `multi: true` instead
2:52: `set` path "bogus" on a template variable: unknown key "bogus" in VariableModel; valid keys: type, name, label, hide, skipUrlSync, description, query, datasource, current, multi, allowCustomValue, options (and 11 more)
"#,
    );
}

#[test]
fn allow_takes_multi_value_and_promql() {
    compiled_json(
        r#"uid: "a", title: "A", catalog: [],
variables { job: query "label_values(up, job)" { multi: true } },
timeseries "P" {
    unit: "s",
    _ => "up{job=\"$job\"}" { allow: ["multi-value"] },
    _ => "rollup_rate(up[5m])" { allow: ["promql"] },
}"#,
    );
    check_compiled(
        r#"uid: "a", title: "A", catalog: [],
variables { job: query "label_values(up, job)" { multi: true } },
timeseries "P" { unit: "s", _ => "up{job=\"$job\"}" { allow: ["multivalue"] } }"#,
        r#"
3:63: unknown check "multivalue" in `allow`: did you mean "multi-value"? the checks are unknown-metric, unknown-label, label-set, counter-function, histogram-quantile, vector-matching, bucket-bound, quantile-range, range-vector-query, raw-counter, multi-value, promql, empty-query, legend-label
3:34: `$job` is a multi-value variable (multi or include_all): Grafana replaces it with a regex such as `(a|b)` or its All value, which `=` compares as plain text, so `job="$job"` matches nothing once several values or All are selected; use =~ for the multi-value variable $job: `job=~"$job"`
   | up{job="$job"}
   |        ^^^^^^
"#,
    );
}
