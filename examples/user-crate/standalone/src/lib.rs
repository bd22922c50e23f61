//! Dashboards and Grafana provisioning, written by `cargo run --bin write-grafana`.

use dashc_core::Provisioning;
use dashc_macros::{dashboards, provisioning};

/// The file provider reading the dashboards from /var/lib/grafana/dashboards,
/// and the Prometheus datasource they query.
pub const PROVISIONING: Provisioning = provisioning! {
    provider: "jobs",
    dashboards_path: "/var/lib/grafana/dashboards",
    datasource: "Prometheus",
    datasource_uid: "prometheus",
    datasource_url: "http://prometheus:9090",
};

dashboards! {
    defaults { folder: "Jobs" },

    /// Background jobs.
    pub const JOBS = {
        uid: "jobs-overview",
        title: "Jobs Overview",
        timeseries "Jobs run by queue" {
            unit: "ops",
            "{{queue}}" => "sum by (queue) (rate(jobs_run_total[$__rate_interval]))",
        }
    };
}
