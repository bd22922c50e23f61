use dashc_macros::dashboard;

// A malformed query is reported once; the panel is not also "without a query".
const D: dashc_core::Dashboard = dashboard! {
    uid: "arrows",
    title: "Malformed queries", catalog: [],
    timeseries "Arrow" { unit: "none", "{{job}}" -> "up" }
    timeseries "Bare" { unit: "none", "{{job}}" => up }
    timeseries "Unquoted unit" { unit: reqps, "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
