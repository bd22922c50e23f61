use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "width",
    title: "Width as a string", catalog: [],
    timeseries "Up" { unit: "none", width: "12", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
