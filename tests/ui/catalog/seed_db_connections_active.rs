use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"django_db_connections_active"#,
    }
};

fn main() {
    let _ = D;
}
