use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "set-option",
    title: "Set over an option",
    catalog: [],
    set: { "editable": true },
    timeseries "Latency" {
        unit: "s",
        set: { "fieldConfig.defaults.unit": "ms", "options.legend": {} },
        _ => "up" { set: { "expr": "down" } },
    }
};

fn main() {
    let _ = D;
}
