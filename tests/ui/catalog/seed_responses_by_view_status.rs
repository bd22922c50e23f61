use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{view}}" => r#"topk(10, rate(django_http_responses_total_by_view_status_total{status=~"[45].."}[5m]))"#,
    }
};

fn main() {
    let _ = D;
}
