//! `dashc check` on the platform's earlier hand-written dashboards: every
//! defect that `../shared/reference/payrixa/README.md` lists for the
//! dashboard files is reported.

mod common;

use common::{read, upstream_catalog, workspace};

use dashc_core::catalog::Catalog;
use dashc_core::lint::{lint_dashboard, Finding};

fn catalog() -> Catalog {
    upstream_catalog()
}

const FILES: [&str; 5] = [
    "api-performance.json",
    "celery-tasks.json",
    "database-metrics.json",
    "error-rates.json",
    "payrixa-dashboard.json",
];

fn lint(file: &str) -> Vec<Finding> {
    let dir = workspace().join("../shared/reference/payrixa/monitoring/grafana/dashboards");
    lint_dashboard(&read(&dir.join(file)), file, &catalog())
}

fn has(findings: &[Finding], pred: impl Fn(&Finding) -> bool) -> bool {
    findings.iter().any(pred)
}

#[test]
fn the_readme_lists_the_defects_this_test_asserts() {
    let readme = read(&workspace().join("../shared/reference/payrixa/README.md"));
    for defect in [
        "wrapped as `{\"dashboard\": {...}}`",
        "`schemaVersion` 16 and Angular `graph` panels",
        "no datasource reference",
        "name metrics that do not exist",
        "`histogram_quantile` over raw buckets without `rate()`",
    ] {
        assert!(readme.contains(defect), "README no longer lists: {defect}");
    }
}

#[test]
fn every_dashboard_is_reported_wrapped_old_angular_and_without_datasource() {
    for file in FILES {
        let findings = lint(file);
        let all = findings
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            has(&findings, |f| f.pointer == "/"
                && f.message.contains("wrapped")),
            "{file}: wrapping not reported:\n{all}"
        );
        assert!(
            has(&findings, |f| f.pointer == "/dashboard/schemaVersion"
                && f.message.contains("schemaVersion 16")),
            "{file}: schemaVersion 16 not reported:\n{all}"
        );
        let angular = findings
            .iter()
            .filter(|f| f.message.contains("`graph` is an Angular panel"))
            .count();
        // Once per dashboard, counting its panels.
        let datasource: Vec<_> = findings
            .iter()
            .filter(|f| f.rule == "datasource-missing")
            .collect();
        let text = read(
            &workspace()
                .join("../shared/reference/payrixa/monitoring/grafana/dashboards")
                .join(file),
        );
        let graphs = text.matches("\"type\": \"graph\"").count();
        let panels = text.matches("\"targets\"").count();
        assert!(graphs > 0 && panels > 0, "{file}: no panels found");
        assert_eq!(
            angular, graphs,
            "{file}: one finding per graph panel:\n{all}"
        );
        assert_eq!(datasource.len(), 1, "{file}: one finding:\n{all}");
        let counted = if panels == 1 {
            "this panel names".to_string()
        } else {
            format!("this panel and {} more name", panels - 1)
        };
        assert!(
            datasource[0].message.starts_with(&counted),
            "{file}: {}",
            datasource[0].message
        );
    }
}

#[test]
fn metrics_that_do_not_exist_are_reported_on_their_query() {
    let cases = [
        (
            "database-metrics.json",
            "Database Query Rate",
            "A",
            "django_db_query_total",
        ),
        (
            "database-metrics.json",
            "Active Database Connections",
            "A",
            "django_db_connections_active",
        ),
        (
            "api-performance.json",
            "Request Volume by Endpoint",
            "A",
            "django_http_requests_total_by_view_method_total",
        ),
        (
            "error-rates.json",
            "Top Error Endpoints",
            "A",
            "django_http_responses_total_by_view_status_total",
        ),
        (
            "payrixa-dashboard.json",
            "Database Query Count",
            "#1",
            "django_db_query_total",
        ),
    ];
    for (file, panel, ref_id, metric) in cases {
        let findings = lint(file);
        let found = findings.iter().find(|f| {
            f.panel.as_deref() == Some(panel)
                && f.ref_id.as_deref() == Some(ref_id)
                && f.message.contains(&format!("unknown metric `{metric}`"))
        });
        let finding =
            found.unwrap_or_else(|| panic!("{file}: {metric} not reported in {findings:#?}"));
        let (query, range) = finding
            .query
            .clone()
            .expect("a query finding has its query");
        assert_eq!(&query[range], metric);
        let shown = finding.to_string();
        assert!(
            shown.starts_with(&format!(
                "{file}: error[unknown-metric]: panel \"{panel}\", refId {ref_id}, "
            )),
            "{shown}"
        );
        assert!(shown.contains("column "), "{shown}");
        assert!(shown.contains('^'), "{shown}");
    }
}

#[test]
fn histogram_quantile_over_raw_buckets_is_reported() {
    let findings = lint("payrixa-dashboard.json");
    assert!(
        has(&findings, |f| f.panel.as_deref()
            == Some("HTTP Request Latency (p95)")
            && f.message.contains(
                "raw buckets of `django_http_requests_latency_seconds_by_view_method_bucket`"
            )),
        "{findings:#?}"
    );
    // The other dashboards take the rate first: no such finding there.
    for file in FILES.iter().filter(|f| **f != "payrixa-dashboard.json") {
        assert!(
            !has(&lint(file), |f| f.message.contains("raw buckets")),
            "{file}"
        );
    }
}

#[test]
fn mismatched_label_sets_and_legends_are_reported() {
    // "Task Success Rate" divides series with the same labels: no finding;
    // "Database Query Rate" legend is plain text: no label finding.
    let celery = lint("celery-tasks.json");
    assert!(!has(&celery, |f| f.panel.as_deref()
        == Some("Task Success Rate")
        && f.query.is_some()));
    let api = lint("api-performance.json");
    assert!(
        !has(&api, |f| f.panel.as_deref()
            == Some("HTTP Request Rate by Method")
            && f.query.is_some()),
        "{api:#?}"
    );
}
