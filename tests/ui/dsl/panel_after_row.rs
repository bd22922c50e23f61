use dashc_macros::dashboard;

// Grafana has no end of an expanded row: a panel below it belongs to it.
const D: dashc_core::Dashboard = dashboard! {
    uid: "after-row",
    title: "Panel after a row", catalog: [],
    timeseries "Before" { unit: "none", "{{job}}" => "up" }
    row "Requests" {
        timeseries "Inside" { unit: "none", "{{job}}" => "up" }
    }
    timeseries "After" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
