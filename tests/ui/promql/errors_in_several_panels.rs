use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    row "Traffic" {
        timeseries "Requests" {
            unit: "reqps",
            "{{method}}" => "sum by (method) (rate(http_requests_total[5m])",
            "{{code}}" => "sum by (code) (rate(http_requests_total))",
        }
        stat "Up" { unit: "none", "up" => "count(up == 1" }
    }
};

fn main() {
    let _ = D;
}
