use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "stray",
    title: "Stray token" refresh: "30s", catalog: [],
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
