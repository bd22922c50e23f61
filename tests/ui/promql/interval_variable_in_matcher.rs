use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    variables {
        job: custom ["api", "web"],
        window: interval ["1m", "5m"],
    },
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"sum(rate(http_requests_total{job=~"$window"}[$window]))"#,
    }
};

fn main() {
    let _ = D;
}
