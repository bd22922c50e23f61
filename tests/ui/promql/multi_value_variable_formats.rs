use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    variables {
        job: query "label_values(http_requests_total, job)" { include_all: true, all_value: ".*" },
    },
    timeseries "Requests" {
        unit: "reqps",
        // Fine: a regex matcher with the default or the regex format.
        "{{job}}" => r#"sum by (job) (rate(http_requests_total{job=~"${job:regex}"}[$__rate_interval]))"#,
        // Wrong: any format in an equality matcher, a list format in a regex matcher.
        "{{job}}" => r#"sum by (job) (rate(http_requests_total{job="${job:pipe}"}[$__rate_interval]))"#,
        "{{job}}" => r#"sum by (job) (rate(http_requests_total{job=~"${job:csv}"}[$__rate_interval]))"#,
    }
};

fn main() {
    let _ = D;
}
