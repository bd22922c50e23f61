use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"sum by (method) (rate(http_requests_total[$__rate_interval])"#,
    }
};

fn main() {
    let _ = D;
}
