use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "upstream-api-performance-with-a-very-long-uid",
    title: "Long uid", catalog: [],
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
