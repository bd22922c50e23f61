use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "no-title", catalog: [],
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
