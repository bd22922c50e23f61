use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "wide",
    title: "Too wide", catalog: [],
    timeseries "Up" { unit: "none", width: 30, "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
