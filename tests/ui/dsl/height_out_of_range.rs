use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "tall",
    title: "Too tall", catalog: [],
    timeseries "Up" { unit: "none", height: 1001, width: 0, "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
