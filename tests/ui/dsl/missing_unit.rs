use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "no-unit",
    title: "Missing unit", catalog: [],
    stat "Targets up" { "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
