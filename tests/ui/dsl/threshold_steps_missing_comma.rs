use dashc_macros::dashboard;

// One mistake, one error: no "missing base step" as a consequence.
const D: dashc_core::Dashboard = dashboard! {
    uid: "steps",
    title: "Threshold steps", catalog: [],
    stat "Up" { unit: "none", thresholds: [green red: 5], "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
