use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{k}}" => r#"label_join(upstream_data_quality_score, "k", "-", "customer_id", "metric")"#,
    }
};

fn main() {
    let _ = D;
}
