use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"max_over_time(http_requests_total[5m][1h:1m])"#,
    }
};

fn main() {
    let _ = D;
}
