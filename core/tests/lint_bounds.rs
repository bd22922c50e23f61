//! `dashc check` on hostile dashboards: grid positions at the extremes of
//! the integers, thousands of overlapping panels, the caps of the limits
//! module.

use dashc_core::catalog::Catalog;
use dashc_core::limits;
use dashc_core::lint::{lint_dashboard, Finding};
use serde_json::{json, Value};

fn panel(title: &str, x: Value, y: Value, w: Value, h: Value) -> Value {
    json!({"type": "text", "title": title, "gridPos": {"x": x, "y": y, "w": w, "h": h}})
}

fn dashboard(panels: Vec<Value>) -> Value {
    json!({"uid": "d", "title": "D", "schemaVersion": 42, "panels": panels})
}

fn lint(d: &Value) -> Vec<Finding> {
    lint_dashboard(&d.to_string(), "d.json", &Catalog::default())
}

fn messages(d: &Value) -> Vec<String> {
    lint(d).into_iter().map(|f| f.message).collect()
}

#[test]
fn grid_positions_at_the_extremes_of_i64_never_overflow() {
    let max = i64::MAX;
    let min = i64::MIN;
    let d = dashboard(vec![
        panel("A", json!(max), json!(0), json!(max), json!(8)),
        panel("B", json!(0), json!(max), json!(12), json!(max)),
        panel("C", json!(0), json!(max), json!(12), json!(max)),
        panel("D", json!(min), json!(min), json!(min), json!(min)),
        panel("E", json!(23), json!(0), json!(max), json!(max)),
        panel("F", json!(0), json!(0), json!(-5), json!(-5)),
    ]);
    let messages = messages(&d);
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(
        has(&format!(
            "x + w = {max} + {max} = {} runs past",
            2 * i128::from(max)
        )),
        "{messages:#?}"
    );
    // B and C share the cells from y = i64::MAX down: one overlap finding.
    assert!(
        has(&format!(
            "overlaps panel \"B\" (/panels/1): x 0..12, y {max}..{}",
            2 * i128::from(max)
        )),
        "{messages:#?}"
    );
    assert!(
        has(&format!("position x = {min}, y = {min}")),
        "{messages:#?}"
    );
    assert!(has("width w = -5"), "{messages:#?}");
    assert!(has("height h = -5"), "{messages:#?}");
    // E is at column 23 and as tall as can be: it overlaps nothing of A..D
    // (A is past the grid, D has no size) but B/C are at x 0..12.
    let overlaps = messages.iter().filter(|m| m.contains("overlaps")).count();
    assert_eq!(overlaps, 1, "{messages:#?}");
}

#[test]
fn many_panels_on_one_cell_give_one_finding_each_naming_a_few() {
    let n = 2_000;
    let d = dashboard(
        (0..n)
            .map(|i| panel(&format!("P{i}"), json!(0), json!(0), json!(12), json!(8)))
            .collect(),
    );
    let findings = lint(&d);
    assert_eq!(
        findings.len(),
        n - 1,
        "one finding per panel after the first"
    );
    let last = &findings[n - 2];
    assert_eq!(last.pointer, format!("/panels/{}/gridPos", n - 1));
    assert!(
        last.message.starts_with(&format!(
            "the panel (x 0..12, y 0..8) overlaps {} earlier panels: \"P0\" (/panels/0) at x 0..12, y 0..8, \"P1\"",
            n - 1
        )),
        "{}",
        last.message
    );
    assert!(
        last.message
            .contains(&format!("and {} more;", n - 1 - limits::MAX_OVERLAPS_NAMED)),
        "{}",
        last.message
    );
    let longest = findings.iter().map(|f| f.message.len()).max().unwrap_or(0);
    assert!(longest < 400, "messages stay short: {longest} bytes");
}

/// The count in each finding is the number of earlier panels sharing a
/// cell, as a plain comparison of every pair says.
#[test]
fn overlap_counts_match_pairwise_comparison() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |m: i64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        i64::try_from(seed % u64::try_from(m).expect("positive")).expect("small")
    };
    let mut rects = Vec::new();
    for _ in 0..300 {
        let x = next(30) - 3;
        let w = next(14) - 1;
        let y = next(60) - 2;
        let h = next(10) - 1;
        rects.push((x, y, w, h));
    }
    let d = dashboard(
        rects
            .iter()
            .enumerate()
            .map(|(i, (x, y, w, h))| {
                panel(&format!("P{i}"), json!(x), json!(y), json!(w), json!(h))
            })
            .collect(),
    );
    let findings = lint(&d);
    let cells = |&(x, y, w, h): &(i64, i64, i64, i64)| {
        let (x0, x1) = (x.clamp(0, 24), (x + w).clamp(0, 24));
        (w >= 1 && h >= 1 && x0 < x1).then_some((x0, x1, y, y + h))
    };
    for (i, r) in rects.iter().enumerate() {
        let expected = cells(r).map_or(0, |(ax0, ax1, ay0, ay1)| {
            rects[..i]
                .iter()
                .filter_map(cells)
                .filter(|&(bx0, bx1, by0, by1)| bx0 < ax1 && ax0 < bx1 && by0 < ay1 && ay0 < by1)
                .count()
        });
        let pointer = format!("/panels/{i}/gridPos");
        let found: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.pointer == pointer && f.message.contains("overlaps"))
            .collect();
        match expected {
            0 => assert!(found.is_empty(), "panel {i}: {found:#?}"),
            1 => {
                assert_eq!(found.len(), 1, "panel {i}");
                assert!(
                    found[0].message.contains("overlaps panel \""),
                    "{}",
                    found[0].message
                );
            }
            n => {
                assert_eq!(found.len(), 1, "panel {i}");
                assert!(
                    found[0]
                        .message
                        .contains(&format!("overlaps {n} earlier panels")),
                    "panel {i} expects {n}: {}",
                    found[0].message
                );
            }
        }
    }
}

#[test]
fn dashboards_over_a_cap_are_one_finding_naming_it() {
    let d = dashboard(
        (0..=limits::MAX_PANELS)
            .map(|i| panel(&format!("P{i}"), json!(0), json!(i), json!(1), json!(1)))
            .collect(),
    );
    let found = lint(&d);
    assert_eq!(found.len(), 1, "{:#?}", &found[..found.len().min(3)]);
    assert_eq!(found[0].pointer, "/panels");
    assert!(
        found[0].message.contains(&format!(
            "has {} panels, over dashc's cap of {} (`limits::MAX_PANELS`)",
            limits::MAX_PANELS + 1,
            limits::MAX_PANELS
        )),
        "{}",
        found[0].message
    );

    let list: Vec<Value> = (0..=limits::MAX_VARIABLES)
        .map(|i| json!({"name": format!("v{i}"), "type": "custom"}))
        .collect();
    let mut d = dashboard(vec![]);
    d["templating"] = json!({ "list": list });
    let found = lint(&d);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("`limits::MAX_VARIABLES`"),
        "{}",
        found[0].message
    );

    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let found = lint_dashboard(&deep, "deep.json", &Catalog::default());
    assert!(
        found[0].message.contains(&format!(
            "nest at most {} levels deep: `limits::JSON_MAX_DEPTH`",
            limits::JSON_MAX_DEPTH
        )),
        "{}",
        found[0].message
    );

    let huge = " ".repeat(limits::MAX_DASHBOARD_BYTES + 1);
    let found = lint_dashboard(&huge, "huge.json", &Catalog::default());
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("`limits::MAX_DASHBOARD_BYTES`"));
}

#[test]
fn a_query_over_the_byte_cap_is_a_finding_naming_it() {
    let query = format!("up{{job=\"{}\"}}", "a".repeat(limits::MAX_QUERY_BYTES));
    let mut d = dashboard(vec![]);
    d["panels"] = json!([{"type": "timeseries", "title": "Long",
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
        "datasource": {"type": "prometheus", "uid": "prometheus"},
        "targets": [{"refId": "A", "expr": query}]}]);
    let found = lint(&d);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains(&format!(
            "cap of {} (`limits::MAX_QUERY_BYTES`)",
            limits::MAX_QUERY_BYTES
        )),
        "{}",
        found[0].message
    );
}

#[test]
fn undeclared_variables_list_a_few_declared_ones_and_a_count() {
    let list: Vec<Value> = (0..200)
        .map(|i| json!({"name": format!("var{i:03}"), "type": "custom"}))
        .collect();
    let mut d = dashboard(vec![]);
    d["templating"] = json!({ "list": list });
    d["panels"] = json!([{"type": "timeseries", "title": "Q",
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
        "datasource": {"type": "prometheus", "uid": "prometheus"},
        "targets": [{"refId": "A", "expr": "up{job=~\"$nope\"}"}]}]);
    let found = lint(&d);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .contains("(declared: $var000, $var001, $var002, $var003, $var004 and 195 more)"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_query_with_many_errors_reports_a_few_and_counts_the_rest() {
    let matchers: Vec<String> = (0..500)
        .map(|i| format!("l{i}=~\"$undeclared{i}\""))
        .collect();
    let query = format!("up{{{}}}", matchers.join(", "));
    let mut d = dashboard(vec![]);
    d["panels"] = json!([{"type": "timeseries", "title": "Many",
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
        "datasource": {"type": "prometheus", "uid": "prometheus"},
        "targets": [{"refId": "A", "expr": query}]}]);
    let found = lint(&d);
    assert_eq!(
        found.len(),
        limits::MAX_ERRORS_PER_QUERY + 1,
        "{:#?}",
        &found[..2]
    );
    assert!(
        found[limits::MAX_ERRORS_PER_QUERY]
            .message
            .starts_with(&format!(
                "and {} more errors in this query",
                500 - limits::MAX_ERRORS_PER_QUERY
            )),
        "{}",
        found[limits::MAX_ERRORS_PER_QUERY].message
    );
}
