use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "empty",
    title: "No query", catalog: [],
    timeseries "Nothing" { unit: "none" }
};

fn main() {
    let _ = D;
}
