use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"rate(http_requests_total[$__rate_intervall])"#,
    }
};

fn main() {
    let _ = D;
}
