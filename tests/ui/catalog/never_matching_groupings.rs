use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"sum by (job_type) (rate(upstream_background_job_completed_total[5m])) / sum by (customer_id) (rate(upstream_background_job_started_total[5m]))"#,
    }
};

fn main() {
    let _ = D;
}
