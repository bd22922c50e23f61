use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{customer}}" => r#"sum by (customer) (rate(upstream_api_endpoint_calls_total[5m]))"#,
    }
};

fn main() {
    let _ = D;
}
