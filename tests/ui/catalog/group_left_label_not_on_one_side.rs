use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"rate(upstream_alert_failed_total[5m]) * on(customer_id) group_left(metric_type) sum by (customer_id) (upstream_data_quality_score)"#,
    }
};

fn main() {
    let _ = D;
}
