use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "reversed",
    title: "Reversed time range", catalog: [],
    time: "now".."now-1h",
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
