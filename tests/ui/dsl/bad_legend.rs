use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "legend",
    title: "Legend", catalog: [],
    timeseries "Up" {
        unit: "none",
        legend: { mode: table, calcs: ["avg"] },
        "{{job" => "up",
    }
};

fn main() {
    let _ = D;
}
