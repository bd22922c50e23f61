use dashc_macros::dashboard;

// Grafana has no end of a row: a panel below a row belongs to it.
const D: dashc_core::Dashboard = dashboard! {
    uid: "after-row",
    title: "Panel after a row", catalog: [],
    timeseries "Before" { unit: "none", "{{job}}" => "up" }
    row "Requests" collapsed {
        timeseries "Inside" { unit: "none", "{{job}}" => "up" }
    }
    timeseries "After" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
