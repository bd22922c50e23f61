use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "time",
    title: "Refresh and time", catalog: [],
    refresh: "30 seconds",
    time: "now-1hour".."now",
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
