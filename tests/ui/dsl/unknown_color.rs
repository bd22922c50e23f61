use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "color",
    title: "Unknown color", catalog: [],
    stat "Up" { unit: "none", thresholds: [green, crimson: 1], "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
