//! The catalog reader on the real django-prometheus scrape and on the
//! Upstream catalog files in `dashboards-def/catalogs/`.

mod common;

use common::{read, workspace};

use dashc_core::catalog::{Catalog, MetricType, SeriesKind, SeriesRole};

fn scrape() -> String {
    read(&workspace().join("../shared/reference/django-prometheus-2.5.0.metrics.txt"))
}

fn catalog_file(name: &str) -> Catalog {
    let path = workspace().join("dashboards-def/catalogs").join(name);
    Catalog::parse(&read(&path), name).unwrap_or_else(|errors| {
        panic!(
            "{name} does not parse:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn the_real_scrape_has_its_63_families_with_their_types() {
    let catalog = Catalog::parse(&scrape(), "scrape.txt").expect("the real scrape parses");
    assert_eq!(catalog.families().count(), 63);
    let kind = |n: &str| catalog.family(n).map(|f| f.kind);
    assert_eq!(kind("django_db_execute_total"), Some(MetricType::Counter));
    assert_eq!(kind("django_db_execute_created"), Some(MetricType::Gauge));
    assert_eq!(
        kind("django_db_query_duration_seconds"),
        Some(MetricType::Histogram)
    );
    assert_eq!(
        kind("django_migrations_applied_total"),
        Some(MetricType::Gauge)
    );
    assert_eq!(kind("python_info"), Some(MetricType::Gauge));
    let histograms: Vec<&str> = catalog
        .families()
        .filter(|f| f.kind == MetricType::Histogram)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        histograms,
        [
            "django_db_query_duration_seconds",
            "django_http_requests_body_total_bytes",
            "django_http_requests_latency_including_middlewares_seconds",
            "django_http_requests_latency_seconds_by_view_method",
            "django_http_responses_body_total_bytes",
        ]
    );
}

#[test]
fn the_real_scrape_gives_series_names_labels_and_buckets() {
    let catalog = Catalog::parse(&scrape(), "scrape.txt").expect("the real scrape parses");
    let labels = |n: &str| -> Vec<String> {
        catalog
            .series(n)
            .unwrap_or_else(|| panic!("series {n} missing"))
            .labels
            .iter()
            .cloned()
            .collect()
    };
    assert_eq!(
        labels("django_http_requests_total_by_view_transport_method_total"),
        ["instance", "job", "method", "transport", "view"]
    );
    assert_eq!(
        labels("django_db_errors_total"),
        ["alias", "instance", "job", "type", "vendor"]
    );
    assert_eq!(
        labels("django_http_requests_latency_seconds_by_view_method_bucket"),
        ["instance", "job", "le", "method", "view"]
    );
    assert_eq!(
        labels("django_http_requests_latency_seconds_by_view_method_count"),
        ["instance", "job", "method", "view"]
    );
    assert_eq!(labels("process_open_fds"), ["instance", "job"]);

    let bucket = catalog
        .series("django_db_query_duration_seconds_bucket")
        .expect("bucket series");
    assert_eq!(bucket.role, SeriesRole::Bucket);
    assert_eq!(bucket.kind, SeriesKind::Counter);
    assert_eq!(bucket.buckets.first().map(String::as_str), Some("0.01"));
    assert_eq!(bucket.buckets.last().map(String::as_str), Some("+Inf"));
    assert!(bucket.buckets.iter().any(|b| b == "1.0"));
    assert!(!bucket.buckets.iter().any(|b| b == "1"));
    assert_eq!(
        catalog
            .series("django_db_query_duration_seconds_sum")
            .map(|s| s.kind),
        Some(SeriesKind::Counter)
    );
    assert_eq!(
        catalog.series("django_db_execute_created").map(|s| s.kind),
        Some(SeriesKind::Gauge)
    );
    // The seed's names that do not exist.
    for missing in [
        "django_db_query_total",
        "django_db_connections_active",
        "django_http_requests_total_by_view_method_total",
        "django_http_responses_total_by_view_status_total",
    ] {
        assert!(
            catalog.series(missing).is_none(),
            "{missing} must not exist"
        );
    }
    // A family with a TYPE and no sample still counts, without labels.
    let inserts = catalog
        .series("django_model_inserts_total")
        .expect("declared family");
    assert_eq!(inserts.kind, SeriesKind::Counter);
    assert!(!inserts.labels.contains("model"));
}

#[test]
fn the_django_catalog_is_the_scrape_plus_declared_labels() {
    let text = read(&workspace().join("dashboards-def/catalogs/django-prometheus.prom"));
    assert!(
        text.contains(&scrape()),
        "django-prometheus.prom must hold the real scrape verbatim"
    );
    let catalog = catalog_file("django-prometheus.prom");
    // 63 families of the scrape, and the `_created` gauges of the five
    // labelled counters it had no sample of.
    assert_eq!(catalog.families().count(), 68);
    for (series, label) in [
        ("django_model_inserts_total", "model"),
        ("django_model_inserts_created", "model"),
        ("django_db_new_connection_errors_created", "vendor"),
        ("django_model_updates_total", "model"),
        ("django_model_deletes_total", "model"),
        ("django_db_new_connection_errors_total", "vendor"),
        (
            "django_http_responses_total_by_templatename_total",
            "templatename",
        ),
    ] {
        let s = catalog.series(series).expect(series);
        assert!(s.labels.contains(label), "{series} lacks {label}");
    }
}

#[test]
fn the_upstream_catalog_has_every_platform_metric_with_labels_and_buckets() {
    let catalog = catalog_file("upstream.prom");
    // 24 families, and the `_created` gauge of each of the 23 labelled
    // counters and histograms (the data-quality score is a gauge).
    assert_eq!(catalog.families().count(), 24 + 23);
    let created = catalog
        .series("upstream_alert_failed_created")
        .expect("the `_created` gauge of alert failures");
    assert_eq!(created.kind, SeriesKind::Gauge);
    assert!(created.labels.contains("error_type"));
    let s = catalog
        .series("upstream_alert_failed_total")
        .expect("alert failures");
    assert_eq!(s.kind, SeriesKind::Counter);
    assert_eq!(
        s.labels.iter().map(String::as_str).collect::<Vec<_>>(),
        [
            "channel_type",
            "customer_id",
            "error_type",
            "instance",
            "job",
            "product"
        ]
    );
    let gauge = catalog
        .series("upstream_data_quality_score")
        .expect("gauge");
    assert_eq!(gauge.kind, SeriesKind::Gauge);
    let bucket = catalog
        .series("upstream_background_job_duration_seconds_bucket")
        .expect("job duration buckets");
    assert_eq!(
        bucket.buckets,
        ["1.0", "5.0", "30.0", "60.0", "300.0", "600.0", "1800.0", "3600.0", "+Inf"]
    );
    assert!(bucket.labels.contains("job_type") && bucket.labels.contains("le"));
    assert!(catalog
        .series("upstream_background_job_duration_seconds_count")
        .is_some());
    let alert = catalog
        .series("upstream_alert_processing_seconds_bucket")
        .expect("alert processing buckets");
    assert_eq!(alert.buckets.first().map(String::as_str), Some("0.1"));
}

#[test]
fn both_catalogs_merge_without_conflicts() {
    let mut catalog = catalog_file("django-prometheus.prom");
    catalog
        .try_merge(catalog_file("upstream.prom"))
        .expect("no family is declared twice with different types");
    assert_eq!(catalog.families().count(), 68 + 47);
    assert!(catalog.series("django_db_execute_total").is_some());
    assert!(catalog.series("upstream_cache_miss_total").is_some());
}

#[test]
fn a_bad_label_name_is_quoted_in_the_error() {
    let errors = Catalog::parse("# TYPE foo counter\nfoo_total{ 2\n", "bad.prom")
        .expect_err("`2` is not a label name");
    assert_eq!(errors[0].line, 2);
    assert!(
        errors[0].message.contains("expected a label name at `2`"),
        "{}",
        errors[0].message
    );
}
