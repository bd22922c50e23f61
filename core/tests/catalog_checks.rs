//! The catalog checks against the Upstream catalogs: each rule on queries
//! that break it, the seed's own queries, and queries that must pass.

use std::path::Path;

use dashc_core::catalog::{check_query, Catalog, RULES};
use dashc_core::promql::{parse, QueryEnv, VarClass};

fn catalog() -> Catalog {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dashboards-def/catalogs");
    let mut catalog = Catalog::default();
    for name in ["django-prometheus.prom", "upstream.prom"] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        catalog.merge(Catalog::parse(&text, name).expect("catalog parses"));
    }
    catalog
}

fn env() -> QueryEnv {
    QueryEnv {
        experimental: false,
        variables: vec![
            ("customer".to_string(), VarClass::Value),
            ("group".to_string(), VarClass::Value),
        ],
        ..QueryEnv::default()
    }
}

/// Each error as (the query text it points at, its message).
fn check_with(query: &str, legend: Option<&str>, allow: &[&str]) -> Vec<(String, String)> {
    let expr = parse(query, &env()).unwrap_or_else(|e| panic!("{query} does not parse: {e:?}"));
    let allow: Vec<String> = allow.iter().map(|s| s.to_string()).collect();
    check_query(query, &expr, legend, &catalog(), &allow)
        .into_iter()
        .map(|e| (query[e.range.clone()].to_string(), e.message))
        .collect()
}

fn check(query: &str) -> Vec<(String, String)> {
    check_with(query, None, &[])
}

/// Asserts exactly one error, on `at`, from `rule`, whose message holds every `needle`.
fn one(errors: Vec<(String, String)>, at: &str, rule: &str, needles: &[&str]) {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    let (text, message) = &errors[0];
    assert_eq!(text, at, "{message}");
    assert!(message.ends_with(&format!("(check `{rule}`)")), "{message}");
    for needle in needles {
        assert!(message.contains(needle), "`{needle}` not in: {message}");
    }
}

#[test]
fn the_seed_queries_fail_with_the_right_message() {
    one(
        check("rate(django_db_query_total[5m])"),
        "django_db_query_total",
        "unknown-metric",
        &["did you mean `django_db_execute_total`"],
    );
    one(
        check("django_db_connections_active"),
        "django_db_connections_active",
        "unknown-metric",
        &["unknown metric", "django_db_new_connections_total"],
    );
    one(
        check("histogram_quantile(0.95, django_db_query_duration_seconds_bucket)"),
        "django_db_query_duration_seconds_bucket",
        "histogram-quantile",
        &[
            "raw buckets",
            "rate(django_db_query_duration_seconds_bucket[$__rate_interval])",
        ],
    );
    one(
        check("rate(django_http_requests_total_by_view_method_total[5m])"),
        "django_http_requests_total_by_view_method_total",
        "unknown-metric",
        &["did you mean `django_http_requests_total_by_view_transport_method_total`"],
    );
    one(
        check("topk(10, rate(django_http_responses_total_by_view_status_total{status=~\"[45]..\"}[5m]))"),
        "django_http_responses_total_by_view_status_total",
        "unknown-metric",
        &["`django_http_responses_total_by_status_view_method_total`"],
    );
}

#[test]
fn suffixes_a_family_does_not_have_are_named() {
    one(
        check("rate(django_db_execute_bucket[5m])"),
        "django_db_execute_bucket",
        "unknown-metric",
        &[
            "`django_db_execute_total` is a counter",
            "only histograms have `_bucket`",
        ],
    );
    one(
        check("rate(django_db_query_duration_seconds_total[5m])"),
        "django_db_query_duration_seconds_total",
        "unknown-metric",
        &["is a histogram", "`django_db_query_duration_seconds_count`"],
    );
    one(
        check("upstream_data_quality_score_sum"),
        "upstream_data_quality_score_sum",
        "unknown-metric",
        &["is a gauge"],
    );
    one(
        check("django_db_query_duration_seconds"),
        "django_db_query_duration_seconds",
        "unknown-metric",
        &[
            "name of a histogram family",
            "`django_db_query_duration_seconds_bucket`",
        ],
    );
}

#[test]
fn unknown_labels_are_found_everywhere_a_label_is_named() {
    one(
        check("django_db_errors_total{status=\"500\"}"),
        "status",
        "unknown-label",
        &[
            "`django_db_errors_total` has no label `status`",
            "alias, instance, job, type, vendor",
        ],
    );
    one(
        check("sum by (statuss) (rate(django_http_responses_total_by_status_total[5m]))"),
        "statuss",
        "unknown-label",
        &["used in `by`", "did you mean `status`?"],
    );
    one(
        check("sum without (customer) (rate(upstream_cache_hit_total[5m]))"),
        "customer",
        "unknown-label",
        &["used in `without`", "`upstream_cache_hit_total`"],
    );
    one(
        check(
            "rate(upstream_background_job_failed_total[5m]) / on(job_typ) \
             rate(upstream_background_job_started_total[5m])",
        ),
        "job_typ",
        "unknown-label",
        &["used in `on`", "did you mean `job_type`?"],
    );
    one(
        check(
            "rate(upstream_background_job_failed_total[5m]) / ignoring(error_type, reason) group_left \
             rate(upstream_background_job_started_total[5m])",
        ),
        "reason",
        "unknown-label",
        &["used in `ignoring`"],
    );
    one(
        check(
            "label_replace(rate(upstream_cache_hit_total[5m]), \"prefix\", \"$1\", \"cache_key\", \"(.*)\")",
        ),
        "\"cache_key\"",
        "unknown-label",
        &["a source label of `label_replace`", "did you mean `cache_key_prefix`?"],
    );
    one(
        check("label_join(upstream_data_quality_score, \"k\", \"-\", \"customer_id\", \"metric\")"),
        "\"metric\"",
        "unknown-label",
        &["a source label of `label_join`"],
    );
}

#[test]
fn group_left_labels_must_exist_on_the_one_side() {
    one(
        check(
            "rate(upstream_alert_failed_total[5m]) * on(customer_id) group_left(metric_type) \
             sum by (customer_id) (upstream_data_quality_score)",
        ),
        "metric_type",
        "vector-matching",
        &["copies `metric_type` from the right side"],
    );
    assert!(check(
        "rate(upstream_alert_failed_total[5m]) * on(customer_id) group_left(metric_type) \
         max by (customer_id, metric_type) (upstream_data_quality_score)"
    )
    .is_empty());
}

#[test]
fn labels_dropped_on_the_way_are_reported_with_who_dropped_them() {
    one(
        check(
            "sum by (view) (sum by (method) (rate(django_http_requests_total_by_view_transport_method_total[5m])))",
        ),
        "view",
        "label-set",
        &["`sum by (method)` removed it"],
    );
    one(
        check_with(
            "sum by (method) (rate(django_http_requests_total_by_view_transport_method_total[5m]))",
            Some("{{method}} {{view}}"),
            &[],
        ),
        "sum by (method) (rate(django_http_requests_total_by_view_transport_method_total[5m]))",
        "label-set",
        &["legend `{{view}}`", "`sum by (method)` removed it"],
    );
    one(
        check_with(
            "rate(django_http_requests_total_by_method_total[5m])",
            Some("{{methd}}"),
            &[],
        ),
        "rate(django_http_requests_total_by_method_total[5m])",
        "unknown-label",
        &["legend `{{methd}}`", "did you mean `{{method}}`?"],
    );
}

#[test]
fn a_misspelt_grouping_label_is_reported_without_the_legend_it_breaks() {
    // The cause (`methd`) alone: the legend `{{method}}` is fine once it is fixed.
    let query = "sum by (methd) (rate(django_http_requests_total_by_method_total[5m]))";
    let errors = check_with(query, Some("{{method}}"), &[]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].0, "methd");
    assert!(
        errors[0].1.contains("did you mean `method`?"),
        "{errors:#?}"
    );
    // A legend error of a query without errors of its own still comes.
    let query = "sum by (method) (rate(django_http_requests_total_by_method_total[5m]))";
    let errors = check_with(query, Some("{{method}} {{view}} {{view}}"), &[]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].1.starts_with("legend `{{view}}`"), "{errors:#?}");
}

#[test]
fn a_missing_target_label_names_the_target_labels_line() {
    let catalog = Catalog::parse(
        "# TYPE queue_depth gauge\nqueue_depth{queue=\"a\"} 3\n",
        "worker.prom",
    )
    .expect("catalog parses");
    let run = |query: &str| {
        let expr = parse(query, &env()).expect("parses");
        check_query(query, &expr, None, &catalog, &[])
    };
    for query in [
        "max by (namespace) (queue_depth)",
        "queue_depth{namespace=\"prod\"}",
    ] {
        let errors = run(query);
        assert_eq!(errors.len(), 1, "{query}: {errors:#?}");
        assert!(
            errors[0].message.contains(
                "if Prometheus attaches `namespace` to every series of this target (a scrape \
                 `labels:` or relabeling), declare it with a line `# TARGET_LABELS namespace`"
            ),
            "{query}: {}",
            errors[0].message
        );
    }
    // A label that is no target label gets no such hint.
    let errors = run("max by (colour) (queue_depth)");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        !errors[0].message.contains("TARGET_LABELS"),
        "{}",
        errors[0].message
    );
    // Declared, it is known.
    let declared = Catalog::parse(
        "# TARGET_LABELS namespace\n# TYPE queue_depth gauge\nqueue_depth{queue=\"a\"} 3\n",
        "worker.prom",
    )
    .expect("catalog parses");
    let query = "max by (namespace) (queue_depth)";
    let expr = parse(query, &env()).expect("parses");
    assert_eq!(check_query(query, &expr, None, &declared, &[]), vec![]);
}

#[test]
fn rate_wants_counters_and_deriv_wants_gauges() {
    one(
        check("rate(django_migrations_applied_total[5m])"),
        "rate",
        "counter-function",
        &[
            "`django_migrations_applied_total` is a gauge",
            "deriv(django_migrations_applied_total[5m])",
        ],
    );
    one(
        check("increase(process_open_fds[1h])"),
        "increase",
        "counter-function",
        &["is a gauge"],
    );
    one(
        check("resets(django_db_execute_created[1h])"),
        "resets",
        "counter-function",
        &["`django_db_execute_created` is a gauge", "changes("],
    );
    one(
        check("deriv(django_db_execute_total[5m])"),
        "deriv",
        "counter-function",
        &["is for gauges", "rate(django_db_execute_total[5m])"],
    );
    one(
        check("predict_linear(upstream_cache_miss_total[1h], 3600)"),
        "predict_linear",
        "counter-function",
        &["is a counter"],
    );
    one(
        check("delta(django_http_requests_latency_seconds_by_view_method_count[5m])"),
        "delta",
        "counter-function",
        &["histogram's `_count`/`_sum`"],
    );
    assert!(check("deriv(process_resident_memory_bytes[10m])").is_empty());
    assert!(check("rate(django_db_query_duration_seconds_sum[5m])").is_empty());
}

#[test]
fn histogram_quantile_needs_le_buckets_and_a_rate() {
    one(
        check(
            "histogram_quantile(0.95, sum by (view) (rate(django_http_requests_latency_seconds_by_view_method_bucket[5m])))",
        ),
        "by (view)",
        "histogram-quantile",
        &["`sum by (view)` removes it"],
    );
    one(
        check("histogram_quantile(0.9, rate(django_db_query_duration_seconds_count[5m]))"),
        "rate(django_db_query_duration_seconds_count[5m])",
        "histogram-quantile",
        &[
            "has no `le`",
            "the buckets are `django_db_query_duration_seconds_bucket`",
        ],
    );
    one(
        check("histogram_quantile(0.5, sum by (le) (upstream_report_generation_seconds_bucket))"),
        "upstream_report_generation_seconds_bucket",
        "histogram-quantile",
        &["raw buckets"],
    );
    assert!(check(
        "histogram_quantile(0.95, sum by (le, job_type) (rate(upstream_background_job_duration_seconds_bucket[$__rate_interval])))"
    )
    .is_empty());
}

#[test]
fn vectors_that_can_never_match_are_reported() {
    one(
        check(
            "sum by (job_type) (rate(upstream_background_job_completed_total[5m])) / \
             sum by (customer_id) (rate(upstream_background_job_started_total[5m]))",
        ),
        "/",
        "vector-matching",
        &[
            "can never match",
            "only the left side has job_type",
            "only the right side has customer_id",
        ],
    );
    one(
        check(
            "rate(upstream_background_job_failed_total[5m]) / rate(upstream_background_job_started_total[5m])",
        ),
        "/",
        "vector-matching",
        &["the left side has error_type, which the right side lacks", "`on(customer_id, instance, job, job_type)`"],
    );
    one(
        check(
            "sum by (job_type) (rate(upstream_background_job_failed_total[5m])) / on(customer_id) \
             sum by (job_type, customer_id) (rate(upstream_background_job_started_total[5m]))",
        ),
        "customer_id",
        "vector-matching",
        &["`on(customer_id)`: the left side has no label `customer_id`"],
    );
    // The seed's success rate: same labels on both sides, so it matches.
    assert!(check(
        "100 * rate(upstream_background_job_completed_total[5m]) / (rate(upstream_background_job_started_total[5m]) + 0.001)"
    )
    .is_empty());
    assert!(check(
        "sum(rate(upstream_alert_failed_total[5m])) or sum by (product) (rate(upstream_alert_created_total[5m]))"
    )
    .is_empty());
}

#[test]
fn le_matchers_must_name_a_bucket_bound() {
    one(
        check("rate(upstream_alert_processing_seconds_bucket{le=\"1\"}[5m])"),
        "\"1\"",
        "bucket-bound",
        &["write `le=\"1.0\"`"],
    );
    assert!(check("rate(upstream_alert_processing_seconds_bucket{le=\"1.0\"}[5m])").is_empty());
}

#[test]
fn allow_switches_off_one_check_for_one_query() {
    assert!(check_with("rate(django_db_query_total[5m])", None, &["unknown-metric"]).is_empty());
    // Still checks the rest.
    let errors = check_with(
        "rate(process_open_fds[5m]) + on(nope) rate(django_db_query_total[5m])",
        None,
        &["unknown-metric"],
    );
    let texts: Vec<&str> = errors.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts, ["rate", "nope"], "{errors:#?}");
    let errors = check_with("process_open_fds", None, &["unknown-metrics"]);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].1.contains("did you mean `unknown-metric`?"));
    assert_eq!(RULES.len(), 10);
}

#[test]
fn good_queries_pass() {
    let good = [
        ("sum by (method) (rate(django_http_requests_total_by_method_total[$__rate_interval]))", "{{method}}"),
        ("histogram_quantile(0.99, sum by (le, view) (rate(django_http_requests_latency_seconds_by_view_method_bucket[$__rate_interval])))", "p99 {{view}}"),
        ("sum by (le) (rate(django_db_query_duration_seconds_bucket[$__rate_interval]))", "{{le}}"),
        ("sum(rate(django_http_responses_total_by_status_total{status=~\"5..\"}[5m])) / sum(rate(django_http_responses_total_by_status_total[5m]))", "errors"),
        ("topk(10, sum by (view) (rate(django_http_responses_total_by_status_view_method_total{status=~\"[45]..\"}[5m])))", "{{view}}"),
        ("sum by (customer_id) (rate(upstream_api_endpoint_calls_total{customer_id=~\"$customer\"}[5m]))", "{{customer_id}}"),
        ("sum by ($group) (rate(upstream_api_endpoint_calls_total[5m]))", "{{endpoint}}"),
        ("count_values(\"score\", upstream_data_quality_score)", "{{score}}"),
        ("label_replace(upstream_data_quality_score, \"who\", \"$1\", \"customer_id\", \"(.*)\")", "{{who}} {{metric_type}}"),
        ("absent(upstream_cache_hit_total{cache_key_prefix=\"user\"})", "{{cache_key_prefix}}"),
        ("up{job=\"celery\"}", "{{instance}}"),
        ("rate(django_db_execute_total[5m]) and on(alias) rate(django_db_errors_total[5m]) > 0", "{{alias}} {{vendor}}"),
        ("sum by (endpoint) (rate(upstream_api_rate_limit_hit_total[5m])) / ignoring(throttle_class) group_left sum by (endpoint, throttle_class) (rate(upstream_api_rate_limit_hit_total[5m]))", "{{endpoint}}"),
        ("process_resident_memory_bytes{job=\"django\"} / 1024 / 1024", "{{instance}}"),
        ("{__name__=~\"django_db_.*\", whatever=\"x\"}", "{{whatever}}"),
        ("django_db_errors_total{nothing=\"\"}", ""),
        ("time() - process_start_time_seconds", "{{job}}"),
    ];
    for (query, legend) in good {
        let errors = check_with(query, Some(legend), &[]);
        assert!(errors.is_empty(), "{query}: {errors:#?}");
    }
}

#[test]
fn an_empty_catalog_checks_nothing() {
    let query = "rate(no_such_metric[5m])";
    let expr = parse(query, &QueryEnv::default()).expect("parses");
    assert!(check_query(query, &expr, Some("{{x}}"), &Catalog::default(), &[]).is_empty());
}
