//! No input makes the catalog reader or the checks panic, and every error
//! range the checks report lies inside the query, on character boundaries.

mod common;

use common::{read, upstream_catalog, workspace};

use dashc_core::catalog::{check_query, Catalog};
use dashc_core::promql::{parse, QueryEnv};

fn catalog() -> Catalog {
    upstream_catalog()
}

#[test]
fn every_prefix_of_every_scrape_line_reads_or_fails_cleanly() {
    let scrape = read(&workspace().join("../shared/reference/django-prometheus-2.5.0.metrics.txt"));
    let mut failures = 0usize;
    for line in scrape.lines() {
        for (cut, _) in line.char_indices() {
            let text = format!("{}\n", &line[..cut]);
            if let Err(errors) = Catalog::parse(&text, "cut.prom") {
                failures += 1;
                assert!(errors.iter().all(|e| e.line == 1 && !e.message.is_empty()));
            }
        }
    }
    // Most cuts leave a sample line without its value: those must fail.
    assert!(failures > 10_000, "only {failures} cut lines were rejected");
    for odd in [
        "{",
        "}",
        "\"",
        "x{",
        "x{\"",
        "x{a=\"\\",
        "# TYPE",
        "# HELP",
        "# LABELS",
        "x{é=\"1\"} 1",
        "x{a=\"é\"} 1",
        "é 1",
        "x 1 # {",
        "x 1 # {a=\"b\"}",
        "\u{feff}x 1",
        "x\t\t1\t2",
    ] {
        let _ = Catalog::parse(odd, "odd.prom");
    }
}

#[test]
fn the_checks_never_panic_and_point_inside_the_query() {
    let path = workspace().join("../shared/conformance/promql/promqltest_exprs.txt");
    let exprs = read(&path);
    let env = QueryEnv {
        experimental: true,
        variables: Vec::new(),
        ..QueryEnv::default()
    };
    let catalog = catalog();
    let mut checked = 0usize;
    let mut reported = 0usize;
    for query in exprs.lines() {
        let Ok(expr) = parse(query, &env) else {
            continue;
        };
        checked += 1;
        for error in check_query(query, &expr, Some("{{job}} {{le}} {{x}}"), &catalog, &[]) {
            reported += 1;
            assert!(
                error.range.start <= error.range.end && error.range.end <= query.len(),
                "{query}: {error:?}"
            );
            assert!(
                query.is_char_boundary(error.range.start)
                    && query.is_char_boundary(error.range.end),
                "{query}: {error:?}"
            );
            assert!(error.message.contains("(check `"), "{}", error.message);
        }
    }
    assert!(checked > 1_500, "only {checked} expressions parsed");
    // Prometheus's test data uses its own metric names: nearly all unknown here.
    assert!(reported > 1_000, "only {reported} errors");
}
