use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{view}}" => r#"histogram_quantile(0.95, sum by (view) (rate(django_http_requests_latency_seconds_by_view_method_bucket[5m])))"#,
    }
};

fn main() {
    let _ = D;
}
