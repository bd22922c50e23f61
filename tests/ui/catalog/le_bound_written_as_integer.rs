use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"sum(rate(upstream_alert_processing_seconds_bucket{le="1"}[5m])) / sum(rate(upstream_alert_processing_seconds_count[5m]))"#,
    }
};

fn main() {
    let _ = D;
}
