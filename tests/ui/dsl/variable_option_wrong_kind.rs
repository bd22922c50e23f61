use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "var-option",
    title: "Variable option", catalog: [],
    variables {
        window: interval ["1m", "5m"] { include_all: true },
        region: constant "eu" { regex: ".*" },
    },
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
