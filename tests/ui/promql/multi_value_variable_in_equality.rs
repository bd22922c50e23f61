use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "promql-case",
    title: "PromQL case", catalog: [],
    variables {
        job: filter "label_values(http_requests_total, job)",
        env: custom ["prod", "staging"] { multi: true },
        instance: query "label_values(http_requests_total, instance)",
    },
    timeseries "Requests" {
        unit: "reqps",
        "{{job}}" => r#"sum by (job) (rate(http_requests_total{job="$job", instance="$instance"}[$__rate_interval]))"#,
        "{{env}}" => r#"sum by (env) (rate(http_requests_total{env!="${env}"}[$__rate_interval]))"#,
    }
};

fn main() {
    let _ = D;
}
