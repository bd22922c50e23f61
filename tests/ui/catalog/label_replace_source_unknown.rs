use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/django-prometheus.prom", "ui-catalogs/upstream.prom"],
    timeseries "Queries" {
        unit: "short",
        "{{prefix}}" => r#"label_replace(rate(upstream_cache_hit_total[5m]), "prefix", "$1", "cache_key", "(.*)")"#,
    }
};

fn main() {
    let _ = D;
}
