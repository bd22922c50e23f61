use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    experimental: true,
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"increase(http_requests_total[5m] anchored) / count_over_time(up[step() / 0])"#,
    }
};

fn main() {
    let _ = D;
}
