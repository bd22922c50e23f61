use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"histogram_quantile(0.9, rate(django_db_query_duration_seconds_count[5m]))"#,
    }
};

fn main() {
    let _ = D;
}
