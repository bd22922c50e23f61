//! Rules of `core::check` on hand-built models: multi-value variables in
//! queries, and table sorting.

mod grafana_fixture;

use dashc_core::check::{check, query_env};
use dashc_core::model::{Dashboard, Item, Panel, PanelKind, SortOrder, TargetFormat};
use grafana_fixture::{empty_dashboard, full_dashboard, panel, s, target};

fn messages(d: &Dashboard) -> Vec<String> {
    check(d, None)
        .into_vec()
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// A dashboard declaring the fixture's variables, holding one panel.
fn with_panel(p: Panel) -> Dashboard {
    let mut d = empty_dashboard("checked", "Checked");
    d.variables = full_dashboard().variables;
    d.items = vec![Item::Panel(p)];
    d
}

fn stat(expr: &str) -> Panel {
    let mut p = panel(PanelKind::Stat, "Probe", vec![target(expr, None)]);
    p.unit = Some(s("none".into()));
    p
}

#[test]
fn a_plain_panel_passes() {
    assert_eq!(messages(&with_panel(stat("sum(up)"))), Vec::<String>::new());
}

#[test]
fn multi_and_include_all_variables_are_multi_value() {
    // job: query, multi + include_all; instance: query, single; method:
    // custom, multi + include_all; the others are not query or custom.
    let env = query_env(&full_dashboard());
    assert_eq!(env.multi_value, ["job", "method"]);
    assert!(env.is_multi_value("job") && !env.is_multi_value("instance"));
    assert!(query_env(&empty_dashboard("e", "E")).multi_value.is_empty());
}

#[test]
fn multi_value_variables_in_equality_matchers_are_errors() {
    let found = messages(&with_panel(stat(
        r#"sum(up{job="$job", method!="$method", instance="$instance"})"#,
    )));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].contains("use =~ for the multi-value variable $job"),
        "{}",
        found[0]
    );
    // The rendered error quotes the query with carets under the value.
    assert!(found[0].contains(r#"            ^^^^^^"#), "{}", found[0]);
    assert!(
        found[1].contains("use !~ for the multi-value variable $method"),
        "{}",
        found[1]
    );
    assert_eq!(
        messages(&with_panel(stat(
            r#"sum(up{job=~"$job", method!~"${method:regex}", instance="$instance"})"#
        ))),
        Vec::<String>::new()
    );
}

fn table(targets: usize, format: TargetFormat) -> Panel {
    let mut p = panel(
        PanelKind::Table,
        "Top",
        (0..targets)
            .map(|_| {
                let mut t = target("topk(10, sum by (job) (up))", None);
                t.instant = true;
                t.format = format;
                t
            })
            .collect(),
    );
    p.unit = Some(s("short".into()));
    p.sort = Some(s(SortOrder::Descending));
    p
}

#[test]
fn sort_applies_to_tables_with_a_table_query() {
    assert_eq!(
        messages(&with_panel(table(2, TargetFormat::Table))),
        Vec::<String>::new()
    );
    let found = messages(&with_panel(table(1, TargetFormat::TimeSeries)));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("add `format: table`"), "{}", found[0]);
    // Only hidden table queries: no value column to sort by.
    let mut hidden = table(2, TargetFormat::Table);
    hidden.targets[0].hide = true;
    hidden.targets[1].format = TargetFormat::TimeSeries;
    let found = messages(&with_panel(hidden));
    assert!(
        found.iter().any(|m| m.contains("add `format: table`")),
        "{found:#?}"
    );
    let mut bars = stat("sum(up)");
    bars.sort = Some(s(SortOrder::Ascending));
    let found = messages(&with_panel(bars));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("`sort` orders the rows of table panels only, not stat"),
        "{}",
        found[0]
    );
}

#[test]
fn dsl_strings_over_the_cap_are_errors_naming_it() {
    use dashc_core::limits::{MAX_DSL_STRING_BYTES, MAX_QUERY_BYTES};
    let mut p = stat("sum(up)");
    p.description = Some("d".repeat(MAX_DSL_STRING_BYTES + 1));
    let found = messages(&with_panel(p));
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        found.iter().map(|m| &m[..80]).collect::<Vec<_>>()
    );
    assert!(
        found[0].starts_with(&format!(
            "the panel description has {} bytes, over dashc's cap of {MAX_DSL_STRING_BYTES} \
             (`limits::MAX_DSL_STRING_BYTES`)",
            MAX_DSL_STRING_BYTES + 1
        )),
        "{}",
        &found[0][..200]
    );
    let query = format!("up{{job=\"{}\"}}", "a".repeat(MAX_QUERY_BYTES));
    let found = messages(&with_panel(stat(&query)));
    assert!(
        found
            .iter()
            .any(|m| m.contains("(`limits::MAX_QUERY_BYTES`)")),
        "{:?}",
        found.iter().map(|m| &m[..80]).collect::<Vec<_>>()
    );
}

fn timeseries(expr: &str, instant: bool) -> Panel {
    let mut t = target(expr, None);
    t.instant = instant;
    let mut p = panel(PanelKind::Timeseries, "Probe", vec![t]);
    p.unit = Some(s("none".into()));
    p
}

#[test]
fn query_rules_run_in_the_dsl_with_their_names_and_allow() {
    let found = messages(&with_panel(timeseries(
        "histogram_quantile(95, sum by (le) (rate(x_bucket[5m])))",
        false,
    )));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("histogram_quantile(0.95, ...)"),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("(check `quantile-range`)"),
        "{}",
        found[0]
    );

    let found = messages(&with_panel(timeseries(
        "process_cpu_seconds_total[5m]",
        false,
    )));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("(check `range-vector-query`)"),
        "{}",
        found[0]
    );
    // An instant query may return a range vector.
    let instant = messages(&with_panel(timeseries(
        "process_cpu_seconds_total[5m]",
        true,
    )));
    assert_eq!(instant, Vec::<String>::new());

    let found = messages(&with_panel(timeseries(
        "histogram_quantile(0.9, sum by (le) (rate(http_duration_seconds_count[5m])))",
        false,
    )));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("http_duration_seconds_bucket"),
        "{}",
        found[0]
    );

    // `allow` turns each off by name.
    let mut p = timeseries("process_cpu_seconds_total[5m]", false);
    p.targets[0].allow = vec![s("range-vector-query".into())];
    assert_eq!(messages(&with_panel(p)), Vec::<String>::new());
}

#[test]
fn a_rate_of_an_aggregation_is_advised_the_other_way_round() {
    let found = messages(&with_panel(timeseries("rate(sum(x_total)[5m])", false)));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("`sum(rate(x_total[5m]))`"),
        "{}",
        found[0]
    );
}

#[test]
fn series_names_and_mapping_texts_over_the_cap_are_errors_naming_it() {
    use dashc_core::diag::Loc;
    use dashc_core::limits::MAX_DSL_STRING_BYTES;
    use dashc_core::model::{MappingMatch, SeriesMatcher, SeriesOverride, Setting, ValueMapping};
    let long = "n".repeat(MAX_DSL_STRING_BYTES + 1);
    let mut p = stat("sum(up)");
    p.overrides.push(SeriesOverride {
        loc: Loc::NONE,
        matcher: SeriesMatcher::Name(s(long.clone())),
        properties: vec![Setting {
            name: "display_name",
            path: "fieldConfig.defaults.displayName",
            value: serde_json::Value::String("Total".into()),
            loc: Loc::NONE,
        }],
        set: Vec::new(),
        set_at: 1,
    });
    p.mappings.push(ValueMapping {
        loc: Loc::NONE,
        matches: MappingMatch::Special("null"),
        text: Some(long),
        color: None,
        index: None,
        joined: false,
    });
    let found = messages(&with_panel(p));
    let heads: Vec<&str> = found.iter().map(|m| &m[..m.len().min(40)]).collect();
    assert_eq!(
        heads,
        [
            "the series matcher has 1048577 bytes, ov",
            "the mapping text has 1048577 bytes, over"
        ]
    );
}

#[test]
fn series_matchers_and_set_entries_built_in_code_are_checked() {
    use dashc_core::diag::Loc;
    use dashc_core::model::{
        SeriesMatcher, SeriesOverride, SetEntry, Setting, Spanned, ValueMatch,
    };
    let hidden = Setting {
        name: "hidden",
        path: "fieldConfig.defaults.custom.hideFrom",
        value: serde_json::json!({"legend": true, "tooltip": true, "viz": true}),
        loc: Loc::NONE,
    };
    let entry = |path: &str, value: serde_json::Value| SetEntry {
        path: Spanned::new(path.to_string(), Loc::NONE),
        value,
        value_loc: Loc::NONE,
    };
    let mut p = panel(PanelKind::Timeseries, "Probe", vec![target("up", None)]);
    p.unit = Some(s("none".into()));
    let value = |reducer: &str, op: &'static str, value: f64| {
        SeriesMatcher::Value(ValueMatch {
            reducer: s(reducer.into()),
            op,
            value,
        })
    };
    for (matcher, properties, set) in [
        // A reducer alias, an unknown comparison, a comparison Grafana ignores.
        (value("avg", "gt", 1.0), vec![hidden.clone()], vec![]),
        (value("mean", "above", 1.0), vec![hidden.clone()], vec![]),
        (value("allIsNull", "lt", 1.0), vec![hidden.clone()], vec![]),
        // The legend's toggle takes `hidden` alone.
        (
            SeriesMatcher::Legend {
                exclude: true,
                names: vec![s("cpu".into())],
            },
            vec![hidden.clone()],
            vec![entry("custom.lineWidth", serde_json::json!(2))],
        ),
        // A path outside the schema, a value a form writes.
        (
            SeriesMatcher::Name(s("up".into())),
            vec![],
            vec![
                entry("custom.nope", serde_json::json!(1)),
                entry("custom.fillOpacity", serde_json::json!(10)),
            ],
        ),
    ] {
        p.overrides.push(SeriesOverride {
            loc: Loc::NONE,
            matcher,
            set_at: properties.len(),
            properties,
            set,
        });
    }
    let found = messages(&with_panel(p));
    let heads: Vec<&str> = found.iter().map(|m| &m[..m.len().min(60)]).collect();
    assert_eq!(
        heads,
        [
            "unknown reducer \"avg\": write \"mean\" (Grafana reads \"avg\" as ",
            "unknown comparison `above`: Grafana's are gt, gte, lt, lte, ",
            "`allIsNull` is true or false, and Grafana ignores a comparis",
            "`set` path \"custom.lineWidth\" in a `series` block: the `line",
            "`series except [..]` is the override Grafana writes when a l",
            "`set` path \"custom.nope\" in a `series` block: Grafana's sche",
            "`set` path \"custom.fillOpacity\" in a `series` block: the `fi",
        ]
    );
}
