use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"rate(http_requests_total[5m]) http_requests_total"#,
    }
};

fn main() {
    let _ = D;
}
