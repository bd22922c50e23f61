use dashc_macros::dashboard;

// The second instance passes a metric without the `method` label that the
// template's query groups by: the error points into the template's text and
// names the instance. The loop's error is in its body, once per value.
const D: dashc_core::Dashboard = dashboard! {
    uid: "templated",
    title: "Templated",
    catalog: ["ui-catalogs/django-prometheus.prom"],
    template rate_panel(title, metric) {
        timeseries title {
            unit: "reqps",
            "{{method}}" => "sum by (method) (rate(" + metric + "[$__rate_interval]))",
        }
    }
    rate_panel("Requests", "django_http_requests_total_by_method_total")
    rate_panel("Responses", "django_http_responses_total_by_status_total")
    for which in ["requests", "responses"] {
        stat "Body bytes of " + which { unit: "shrot", _ => "sum(up)" }
    }
};

fn main() {
    let _ = D;
}
