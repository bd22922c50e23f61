use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "dup",
    title: "Duplicate option", catalog: [],
    timeseries "Up" {
        unit: "none",
        unit: "reqps",
        "{{job}}" => "up",
    }
};

fn main() {
    let _ = D;
}
