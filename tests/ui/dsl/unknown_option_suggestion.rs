use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "typo", catalog: [],
    titel: "Typo",
    timeseries "Up" { unti: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
