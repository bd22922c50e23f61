use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"sum by (job) (
          rate(http_requests_total{job=~"api"}[5m])
        )
        / on(job) group_left
          sum by (job) (rate(http_requests_total[5m])"#,
    }
};

fn main() {
    let _ = D;
}
