use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["../../../../dashboards-def/catalogs/django-prometheus.prom", "../../../../dashboards-def/catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{k}}" => r#"label_join(upstream_data_quality_score, "k", "-", "customer_id", "metric")"#,
    }
};

fn main() {
    let _ = D;
}
