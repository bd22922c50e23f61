//! The deepest queries the parser accepts go through every pass (parser,
//! type and variable checks, catalog checks, variable-query checks, the
//! printer, `dashc check`) on a thread with a 1 MiB stack: no recursive
//! walk over the syntax tree may need more than the parser's depth cap
//! allows.

use dashc_core::catalog::{check_query, check_variable_query, Catalog};
use dashc_core::lint::lint_dashboard;
use dashc_core::promql::{check, parse, printer, QueryEnv, VarClass};
use serde_json::json;

const CATALOG: &str = "# TYPE x counter\nx{job=\"a\",method=\"GET\"} 1\n\
                       # TYPE h histogram\nh_bucket{le=\"1\",method=\"GET\"} 1\n\
                       h_bucket{le=\"+Inf\",method=\"GET\"} 1\nh_count 1\nh_sum 1\n";

/// Query shapes, each nesting `n` levels.
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("sum", format!("{}x{}", "sum(".repeat(n), ")".repeat(n))),
        (
            "sum by",
            format!("{}x{}", "sum by (job) (".repeat(n), ")".repeat(n)),
        ),
        ("parens", format!("{}x{}", "(".repeat(n), ")".repeat(n))),
        ("abs", format!("{}x{}", "abs(".repeat(n), ")".repeat(n))),
        ("minus", format!("{}x", "-".repeat(n))),
        ("plus chain", format!("x{}", " + x".repeat(n))),
        ("or chain", format!("x{}", " or x".repeat(n))),
        (
            "on chain",
            format!("x{}", " / on(job) group_left(method) x".repeat(n)),
        ),
        ("power", format!("x{}", " ^ x".repeat(n))),
        (
            "rate subquery",
            format!(
                "{}rate(x[5m]){}",
                "max_over_time((".repeat(n),
                ")[5m:1m])".repeat(n)
            ),
        ),
        (
            "label_replace",
            format!(
                "{}x{}",
                "label_replace(".repeat(n),
                ", \"dst\", \"$1\", \"job\", \"(.*)\")".repeat(n)
            ),
        ),
        (
            "histogram_quantile",
            format!(
                "histogram_quantile(0.9, {}rate(h_bucket[5m]){})",
                "sum by (le, method) (".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "variables",
            format!(
                "{}x{{job=~\"$job\"}}{}",
                "sum by ($label) (".repeat(n),
                ")".repeat(n)
            ),
        ),
    ]
}

fn env() -> QueryEnv {
    QueryEnv {
        variables: vec![
            ("job".into(), VarClass::Value),
            ("label".into(), VarClass::Value),
        ],
        ..QueryEnv::default()
    }
}

/// The largest `n` for which `shape` parses (the parser's depth cap):
/// shallower shapes parse, deeper ones do not, so a binary search finds it.
fn deepest(name: &str) -> String {
    let env = env();
    let query = |n: usize| {
        shapes(n)
            .into_iter()
            .find(|(s, _)| *s == name)
            .map(|(_, q)| q)
            .expect("a shape of that name")
    };
    let (mut ok, mut too_deep) = (1, 1024);
    assert!(
        parse(&query(ok), &env).is_ok(),
        "`{name}` parses at depth 1"
    );
    assert!(parse(&query(too_deep), &env).is_err(), "`{name}` is capped");
    while too_deep - ok > 1 {
        let mid = (ok + too_deep) / 2;
        if parse(&query(mid), &env).is_ok() {
            ok = mid;
        } else {
            too_deep = mid;
        }
    }
    query(ok)
}

fn every_pass(query: &str, catalog: &Catalog) {
    let env = env();
    let _ = check(query, &env);
    let expr = parse(query, &env).expect("accepted");
    let _ = check_query(query, &expr, Some("{{job}}"), catalog, &[]);
    let printed = printer::print(&expr);
    assert!(
        parse(&printed, &env).is_ok(),
        "the printed query parses again"
    );
    let _ = check_variable_query(&format!("query_result({query})"), &env, catalog);
    let _ = check_variable_query(&format!("label_values({query}, job)"), &env, catalog);
    let dashboard = json!({
        "uid": "deep", "title": "Deep", "schemaVersion": 42,
        "templating": {"list": [
            {"name": "job", "type": "query", "query": format!("query_result({query})")},
            {"name": "label", "type": "custom"}
        ]},
        "panels": [{"type": "timeseries", "title": "Deep",
            "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "datasource": {"type": "prometheus", "uid": "prometheus"},
            "targets": [{"refId": "A", "expr": query, "legendFormat": "{{job}}"}]}]
    });
    let _ = lint_dashboard(&dashboard.to_string(), "deep.json", catalog);
    drop(expr);
}

#[test]
fn the_deepest_accepted_queries_pass_every_check_on_a_1_mib_stack() {
    let catalog = Catalog::parse(CATALOG, "app.prom").expect("catalog");
    let queries: Vec<(&str, String)> = shapes(1)
        .into_iter()
        .map(|(name, _)| (name, deepest(name)))
        .collect();
    for (name, query) in queries {
        let catalog = catalog.clone();
        let worker = std::thread::Builder::new()
            .name(format!("deep {name}"))
            .stack_size(1 << 20)
            .spawn(move || every_pass(&query, &catalog))
            .expect("thread");
        assert!(worker.join().is_ok(), "`{name}` overflowed or panicked");
    }
}
