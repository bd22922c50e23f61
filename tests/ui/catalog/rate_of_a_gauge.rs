use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["../../../../dashboards-def/catalogs/django-prometheus.prom", "../../../../dashboards-def/catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"rate(django_migrations_applied_total[5m])"#,
    }
};

fn main() {
    let _ = D;
}
