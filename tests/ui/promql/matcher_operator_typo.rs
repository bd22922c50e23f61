use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"http_requests_total{job~"api"}"#,
    }
};

fn main() {
    let _ = D;
}
