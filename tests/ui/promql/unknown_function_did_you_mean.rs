use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"histogram_quantil(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"#,
    }
};

fn main() {
    let _ = D;
}
