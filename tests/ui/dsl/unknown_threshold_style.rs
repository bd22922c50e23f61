use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "style",
    title: "Threshold style", catalog: [],
    timeseries "Errors" {
        unit: "percent",
        thresholds: { style: dotted, steps: [green, red: 5] },
        "{{job}}" => "up",
    }
};

fn main() {
    let _ = D;
}
