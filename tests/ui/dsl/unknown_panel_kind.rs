use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "kind",
    title: "Unknown panel kind", catalog: [],
    timeserie "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
