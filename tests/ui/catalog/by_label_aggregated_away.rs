use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{view}}" => r#"sum by (view) (sum by (method) (rate(django_http_requests_total_by_view_transport_method_total[5m])))"#,
    }
};

fn main() {
    let _ = D;
}
