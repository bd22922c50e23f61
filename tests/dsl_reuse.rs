//! Reuse in the `dashboard!` DSL through the real proc macro: fragments,
//! templates and loops expand to the dashboard written out, and a
//! `macro_rules!` wrapper passing `$x:literal` and `$x:expr` fragments
//! (which rustc wraps in groups without delimiters) compiles to the JSON
//! of the same dashboard written by hand.

use dashc_core::Dashboard;
use dashc_macros::dashboard;
use serde_json::Value;

fn parsed(d: &Dashboard) -> Value {
    serde_json::from_str(d.json).expect("the dashboard is JSON")
}

/// A dashboard per service, with its uid, title, refresh and one query
/// passed in as fragments of a user macro.
macro_rules! service_dashboard {
    ($uid:literal, $title:expr, $refresh:literal, $query:expr, $max:expr) => {
        dashboard! {
            uid: $uid,
            title: $title,
            refresh: $refresh,
            catalog: [],
            tags: [$uid, "generated"],
            stat "Up" {
                unit: "short",
                max: $max,
                thresholds: [red, green: $max],
                _ => $query,
            }
            timeseries $title {
                unit: "reqps",
                $title => $query { set: { "intervalFactor": $max } },
            }
        }
    };
}

const WRAPPED: Dashboard = service_dashboard!("svc-api", "API", "30s", r#"sum(up{job="api"})"#, 2);

const WRITTEN: Dashboard = dashboard! {
    uid: "svc-api",
    title: "API",
    refresh: "30s",
    catalog: [],
    tags: ["svc-api", "generated"],
    stat "Up" {
        unit: "short",
        max: 2,
        thresholds: [red, green: 2],
        _ => r#"sum(up{job="api"})"#,
    }
    timeseries "API" {
        unit: "reqps",
        "API" => r#"sum(up{job="api"})"# { set: { "intervalFactor": 2 } },
    }
};

#[test]
fn a_macro_rules_wrapper_passing_literal_and_expr_fragments_compiles() {
    assert_eq!(WRAPPED.json, WRITTEN.json);
    assert_eq!(WRAPPED.uid, "svc-api");
    assert_eq!(WRAPPED.tags, ["svc-api", "generated"]);
    let v = parsed(&WRAPPED);
    assert_eq!(v["refresh"], "30s");
    assert_eq!(v["panels"][0]["fieldConfig"]["defaults"]["max"], 2.0);
    assert_eq!(v["panels"][1]["title"], "API");
    assert_eq!(
        v["panels"][1]["targets"][0]["expr"],
        r#"sum(up{job="api"})"#
    );
    assert_eq!(v["panels"][1]["targets"][0]["intervalFactor"], 2);
}

/// A `$x:expr` can itself be a join of strings and fragments.
macro_rules! rate_of {
    ($metric:expr) => {
        dashboard! {
            uid: "rate-of",
            title: "Rate of",
            catalog: [],
            let window = "[$__rate_interval]";
            timeseries "Rate" {
                unit: "reqps",
                _ => "sum(rate(" + $metric + window + "))",
            }
        }
    };
}

const RATE_OF: Dashboard = rate_of!("http_" + "requests_total");

#[test]
fn an_expr_fragment_joins_with_the_strings_around_it() {
    let v = parsed(&RATE_OF);
    assert_eq!(
        v["panels"][0]["targets"][0]["expr"],
        "sum(rate(http_requests_total[$__rate_interval]))"
    );
}

const REUSED: Dashboard = dashboard! {
    uid: "reused",
    title: "Reused",
    catalog: [],
    variables { job: filter "label_values(up, job)" },
    let job = r#"job=~"$job""#;
    template rate_panel(title, metric) {
        timeseries title {
            unit: "reqps",
            "{{instance}}" => "sum by (instance) (rate(" + metric + "{" + job + "}[$__rate_interval]))",
        }
    }
    for svc in ["api", "worker"] {
        row "Service " + svc {
            rate_panel("Requests of " + svc, svc + "_requests_total")
        }
    }
};

#[test]
fn templates_and_loops_expand_through_the_macro() {
    let v = parsed(&REUSED);
    let panels = v["panels"].as_array().expect("panels");
    let titles: Vec<&str> = panels
        .iter()
        .map(|p| p["title"].as_str().expect("a title"))
        .collect();
    assert_eq!(
        titles,
        [
            "Service api",
            "Requests of api",
            "Service worker",
            "Requests of worker"
        ]
    );
    assert_eq!(
        panels[3]["targets"][0]["expr"],
        r#"sum by (instance) (rate(worker_requests_total{job=~"$job"}[$__rate_interval]))"#
    );
    assert_eq!(panels[3]["targets"][0]["legendFormat"], "{{instance}}");
}
