use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"rate(process_cpu_seconds_total[5m])"# { allow: ["unknown-metrics"] },
    }
};

fn main() {
    let _ = D;
}
