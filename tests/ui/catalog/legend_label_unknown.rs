use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{endpoint}}" => r#"sum by (method) (rate(django_http_requests_total_by_method_total[5m]))"#,
    }
};

fn main() {
    let _ = D;
}
