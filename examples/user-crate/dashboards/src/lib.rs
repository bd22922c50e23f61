//! The shop's dashboards. Queries are checked against `catalogs/*.prom`.

use dashc_macros::dashboards;

dashboards! {
    defaults { folder: "Shop", refresh: "30s", time: "now-6h".."now" },

    /// Requests served by the web app.
    pub const WEB = {
        uid: "shop-web",
        title: "Shop Web",
        timeseries "Requests by method" {
            unit: "reqps",
            "{{method}}" => "sum by (method) (rate(http_requests_total[$__rate_interval]))",
        }
        timeseries "Latency p95" {
            unit: "s",
            "p95" => "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))",
        }
    };
    /// Orders placed.
    pub const ORDERS = {
        uid: "shop-orders",
        title: "Shop Orders",
        stat "Orders in the last hour" {
            unit: "short",
            _ => "sum(increase(shop_orders_total[1h]))",
        }
    };
}
