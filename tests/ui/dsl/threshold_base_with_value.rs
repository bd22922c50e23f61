use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "thresholds",
    title: "Thresholds", catalog: [],
    timeseries "Errors" {
        unit: "percent",
        thresholds: { style: line, steps: [green: 0, red: 5, orange: 3] },
        "{{job}}" => "up",
    }
};

fn main() {
    let _ = D;
}
