use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    title: "No uid", catalog: [],
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
