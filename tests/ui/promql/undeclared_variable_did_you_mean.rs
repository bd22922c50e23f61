use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    variables {
        job: custom ["api", "web"],
    },
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"sum(rate(http_requests_total{job=~"$jbo"}[$__rate_interval]))"#,
    }
};

fn main() {
    let _ = D;
}
