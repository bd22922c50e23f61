use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => r#"histogram_quantile(0.5, sum by (le) (upstream_report_generation_seconds_bucket))"#,
    }
};

fn main() {
    let _ = D;
}
