use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    row "Database" {
        timeseries "Query rate" {
            unit: "ops",
            "{{alias}}" => "sum by (alias) (rate(django_db_query_total[$__rate_interval]))",
        }
        timeseries "Query duration p95" {
            unit: "s",
            "p95 {{view}}" => "histogram_quantile(0.95, sum by (view) (rate(django_db_query_duration_seconds_bucket[$__rate_interval])))",
        }
    }
    row "Jobs" {
        timeseries "Failure ratio" {
            unit: "percentunit",
            "{{job_type}}" => r#"
                sum by (job_type, error_type) (rate(upstream_background_job_failed_total[$__rate_interval]))
              /
                sum by (job_type) (rate(upstream_background_job_started_total[$__rate_interval]))
            "#,
        }
    }
};

fn main() {
    let _ = D;
}
