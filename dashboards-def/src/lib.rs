//! The Upstream Healthcare Platform's dashboards, compiled by `dashboards!`.
//!
//! Every query below is checked at compile time: PromQL syntax and types,
//! Grafana variables, and metric and label names against the catalogs in
//! `catalogs/` (snapshots of what the web app and the Celery worker export).
//!
//! ```
//! // Deploy tooling embeds the compiled dashboards without any file I/O:
//! for d in upstream_dashboards::ALL {
//!     assert!(d.json.starts_with('{'));
//!     println!("{} -> {}", d.title, d.relative_path());
//! }
//! assert_eq!(upstream_dashboards::ALL.len(), 4);
//! assert!(upstream_dashboards::PROVISIONING.provider_yaml.contains("apiVersion: 1"));
//! ```

#![warn(missing_docs)]

use dashc_core::Provisioning;
use dashc_macros::{dashboards, provisioning};

/// Grafana provisioning: the file provider reading the dashboards from
/// `/var/lib/grafana/dashboards` and the Prometheus datasource they query.
pub const PROVISIONING: Provisioning = provisioning! {
    provider: "upstream",
    dashboards_path: "/var/lib/grafana/dashboards",
    datasource: "Prometheus",
    datasource_uid: "prometheus",
    datasource_url: "http://prometheus:9090",
};

// Besides one constant per dashboard, `dashboards!` defines `ALL`: every
// dashboard of the set in source order (the order the README lists them).
dashboards! {
    // What every Upstream dashboard shares: one folder, refreshed every 30 s,
    // the last hour, one crosshair across panels, links to each other.
    defaults {
        folder: "Upstream",
        refresh: "30s",
        time: "now-1h".."now",
        tooltip: shared_crosshair,
        links: [dashboards "Upstream" { tags: ["upstream"], as_dropdown: true }],
    },

    /// Request rates, latency percentiles, slow and busy endpoints, rate limits and per-customer API use.
    pub const API_PERFORMANCE = {
        uid: "upstream-api-performance",
        title: "Upstream API Performance",
        description: "Request rates and latency of the Django web app, by method and endpoint, with the platform's API business metrics.",
        tags: ["upstream", "api", "performance"],
        variables {
            job: filter "label_values(django_http_requests_total_by_method_total, job)" { label: "Job" },
            customer: filter "label_values(upstream_api_endpoint_calls_total, customer_id)" { label: "Customer" },
        },
        // The selector every query of this dashboard narrows by.
        let job = r#"job=~"$job""#;

        row "Request metrics" {
            timeseries "HTTP request rate by method" {
                unit: "reqps",
                "{{method}}" => "sum by (method) (rate(django_http_requests_total_by_method_total{" + job + "}[$__rate_interval]))",
            }
            timeseries "Request latency p50 / p95 / p99" {
                unit: "s",
                legend: { mode: table, placement: bottom, calcs: ["mean", "max"] },
                for p in ["50", "95", "99"] {
                    "p" + p => "histogram_quantile(0." + p + ", sum by (le) (rate(django_http_requests_latency_seconds_by_view_method_bucket{" + job + "}[$__rate_interval])))",
                }
            }
        }
        row "Endpoints" {
            bargauge "Top 10 slowest endpoints (p95 over the time range)" {
                unit: "s",
                instant: true,
                thresholds: [green, orange: 0.5, red: 1],
                color: thresholds,
                "{{view}}" => "sort_desc(topk(10, histogram_quantile(0.95, sum by (le, view) (rate(django_http_requests_latency_seconds_by_view_method_bucket{" + job + "}[$__range])))))",
            }
            timeseries "Request volume by endpoint" {
                unit: "reqps",
                "{{method}} {{view}}" => "sum by (view, method) (rate(django_http_requests_total_by_view_transport_method_total{" + job + "}[$__rate_interval]))",
            }
        }
        row "Business metrics" {
            timeseries "API rate limit hits" {
                unit: "reqps",
                "{{endpoint}} ({{throttle_class}})" => "sum by (endpoint, throttle_class) (rate(upstream_api_rate_limit_hit_total{" + job + r#", customer_id=~"$customer"}[$__rate_interval]))"#,
            }
            timeseries "API calls by customer" {
                unit: "reqps",
                stacking: normal,
                "{{customer_id}}" => "sum by (customer_id) (rate(upstream_api_endpoint_calls_total{" + job + r#", customer_id=~"$customer"}[$__rate_interval]))"#,
            }
        }
    };

    /// Query volume and latency, connections and errors of the database, and claim ingestion.
    pub const DATABASE = {
        uid: "upstream-database",
        title: "Upstream Database Metrics",
        description: "Database queries, connections and errors as seen by django-prometheus's database wrapper, and claim ingestion.",
        tags: ["upstream", "database", "postgresql"],
        variables {
            job: filter "label_values(django_db_execute_total, job)" { label: "Job" },
            alias: filter "label_values(django_db_execute_total, alias)" { label: "Database" },
            customer: filter "label_values(upstream_claim_records_ingested_total, customer_id)" { label: "Customer" },
        },
        // The job and database every django_db_* query narrows by.
        let db = r#"job=~"$job", alias=~"$alias""#;

        row "Query volume" {
            timeseries "Database query rate" {
                unit: "ops",
                "{{alias}} ({{vendor}})" => "sum by (alias, vendor) (rate(django_db_execute_total{" + db + "}[$__rate_interval]))",
                "{{alias}} executemany" => "sum by (alias) (rate(django_db_execute_many_total{" + db + "}[$__rate_interval]))",
            }
            timeseries "Query duration p95" {
                unit: "s",
                "{{alias}}" => "histogram_quantile(0.95, sum by (le, alias) (rate(django_db_query_duration_seconds_bucket{" + db + "}[$__rate_interval])))",
            }
        }
        row "Connections" {
            timeseries "New connections" {
                description: "Connections opened per second. django-prometheus exports no gauge of open connections; a steady high rate means connections are not reused (CONN_MAX_AGE).",
                unit: "cps",
                "{{alias}} ({{vendor}})" => "sum by (alias, vendor) (rate(django_db_new_connections_total{" + db + "}[$__rate_interval]))",
            }
            timeseries "Connection and query errors" {
                unit: "cps",
                "{{alias}} {{type}}" => "sum by (alias, type) (rate(django_db_errors_total{" + db + "}[$__rate_interval]))",
                "{{alias}} connection errors" => "sum by (alias) (rate(django_db_new_connection_errors_total{" + db + "}[$__rate_interval]))",
            }
        }
        row "Claim ingestion" {
            timeseries "Claim records ingested by status" {
                unit: "cps",
                stacking: normal,
                "{{status}}" => r#"sum by (status) (rate(upstream_claim_records_ingested_total{customer_id=~"$customer"}[$__rate_interval]))"#,
            }
            timeseries "Ingestion processing time p95" {
                unit: "s",
                "p95" => r#"histogram_quantile(0.95, sum by (le) (rate(upstream_ingestion_processing_seconds_bucket{customer_id=~"$customer"}[$__rate_interval])))"#,
            }
        }
    };

    /// Background jobs run by the Celery worker: throughput, failures, durations, alerts and reports.
    pub const CELERY_TASKS = {
        uid: "upstream-celery-tasks",
        title: "Upstream Celery Task Monitoring",
        description: "Background jobs executed by the Celery worker (its own metrics endpoint), with alert delivery and report generation.",
        tags: ["upstream", "celery", "background-jobs"],
        variables {
            job_type: filter "label_values(upstream_background_job_started_total, job_type)" { label: "Job type" },
            customer: filter "label_values(upstream_background_job_started_total, customer_id)" { label: "Customer" },
        },
        // The job type and customer most queries of this dashboard narrow by.
        let tasks = r#"job_type=~"$job_type", customer_id=~"$customer""#;

        row "Task execution rates" {
            timeseries "Tasks started by job type" {
                unit: "ops",
                "{{job_type}}" => "sum by (job_type) (rate(upstream_background_job_started_total{" + tasks + "}[$__rate_interval]))",
            }
            timeseries "Tasks completed vs failed" {
                unit: "ops",
                "completed" => "sum(rate(upstream_background_job_completed_total{" + tasks + "}[$__rate_interval]))",
                "failed" => "sum(rate(upstream_background_job_failed_total{" + tasks + "}[$__rate_interval]))",
            }
        }
        row "Task duration and errors" {
            timeseries "Task duration p95 by job type" {
                unit: "s",
                "{{job_type}}" => r#"histogram_quantile(0.95, sum by (le, job_type) (rate(upstream_background_job_duration_seconds_bucket{job_type=~"$job_type"}[$__rate_interval])))"#,
            }
            bargauge "Failures by error type (over the time range)" {
                unit: "short",
                instant: true,
                decimals: 0,
                "{{error_type}}" => "sort_desc(sum by (error_type) (increase(upstream_background_job_failed_total{" + tasks + "}[$__range])))",
            }
        }
        row "Alerts and reports" {
            timeseries "Alert delivery rate by channel" {
                unit: "ops",
                "{{channel_type}}" => r#"sum by (channel_type) (rate(upstream_alert_delivered_total{customer_id=~"$customer"}[$__rate_interval]))"#,
            }
            timeseries "Report generation time p95" {
                unit: "s",
                "{{report_type}}" => r#"histogram_quantile(0.95, sum by (le, report_type) (rate(upstream_report_generation_seconds_bucket[$__rate_interval])))"#,
            }
        }
        row "Task health" {
            stat "Task success rate" {
                description: "Completed tasks as a percentage of finished (completed + failed) tasks: 0 % when every task fails, no value while no task finishes.",
                unit: "percent",
                min: 0,
                max: 100,
                decimals: 1,
                thresholds: [red, orange: 90, green: 99],
                color: thresholds,
                "success rate" => "100 * (sum(rate(upstream_background_job_completed_total{" + tasks + "}[$__rate_interval])) or vector(0)) / ((sum(rate(upstream_background_job_completed_total{" + tasks + "}[$__rate_interval])) or vector(0)) + (sum(rate(upstream_background_job_failed_total{" + tasks + "}[$__rate_interval])) or vector(0)) > 0)",
            }
            timeseries "Alert failures by error type" {
                unit: "ops",
                "{{error_type}}" => r#"sum by (error_type) (rate(upstream_alert_failed_total{customer_id=~"$customer"}[$__rate_interval]))"#,
            }
        }
    };

    /// 4xx and 5xx rates, the error percentage against the 5 % SLO, business errors and their sources.
    pub const ERROR_RATES = {
        uid: "upstream-error-rates",
        title: "Upstream Error Rates",
        description: "HTTP 4xx/5xx rates by status, the error percentage against the 5 % SLO, and the platform's business errors.",
        tags: ["upstream", "errors", "reliability"],
        variables {
            job: filter "label_values(django_http_responses_total_by_status_total, job)" { label: "Job" },
            customer: filter "label_values(upstream_data_quality_check_failed_total, customer_id)" { label: "Customer" },
        },

        row "HTTP errors" {
            timeseries "4xx error rate by status" {
                unit: "reqps",
                "{{status}}" => r#"sum by (status) (rate(django_http_responses_total_by_status_total{job=~"$job", status=~"4.."}[$__rate_interval]))"#,
            }
            timeseries "5xx error rate by status" {
                unit: "reqps",
                "{{status}}" => r#"sum by (status) (rate(django_http_responses_total_by_status_total{job=~"$job", status=~"5.."}[$__rate_interval]))"#,
            }
        }
        row "Error ratio and trends" {
            timeseries "Overall error percentage" {
                description: "4xx and 5xx responses as a percentage of all responses; the red line is the 5 % SLO.",
                unit: "percent",
                min: 0,
                thresholds: { style: line, steps: [green, red: 5] },
                "error %" => r#"100 * (sum(rate(django_http_responses_total_by_status_total{job=~"$job", status=~"[45].."}[$__rate_interval])) or vector(0)) / sum(rate(django_http_responses_total_by_status_total{job=~"$job"}[$__rate_interval]))"#,
            }
            heatmap "Error rate heatmap by status" {
                description: "Density of 4xx/5xx responses over time, one row per status code.",
                unit: "reqps",
                format: time_series,
                "{{status}}" => r#"sum by (status) (rate(django_http_responses_total_by_status_total{job=~"$job", status=~"[45].."}[$__rate_interval]))"#,
            }
        }
        row "Business errors" {
            timeseries "Data quality check failures by check type" {
                unit: "ops",
                "{{check_type}}" => r#"sum by (check_type) (rate(upstream_data_quality_check_failed_total{customer_id=~"$customer"}[$__rate_interval]))"#,
            }
            timeseries "Alert failures by channel" {
                unit: "ops",
                "{{channel_type}}" => r#"sum by (channel_type) (rate(upstream_alert_failed_total{customer_id=~"$customer"}[$__rate_interval]))"#,
            }
        }
        row "Error details" {
            table "Top 10 error endpoints (over the time range)" {
                unit: "short",
                instant: true,
                format: table,
                sort: desc,
                decimals: 0,
                "{{view}} {{status}}" => r#"sort_desc(topk(10, sum by (view, status) (increase(django_http_responses_total_by_status_view_method_total{job=~"$job", status=~"[45].."}[$__range]))))"#,
            }
            timeseries "Data quality failures by customer" {
                unit: "ops",
                "{{customer_id}}" => r#"sum by (customer_id) (rate(upstream_data_quality_check_failed_total{customer_id=~"$customer"}[$__rate_interval]))"#,
            }
        }
    };
}
