use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "set-unknown",
    title: "Unknown set path",
    catalog: [],
    timeseries "Requests" {
        unit: "reqps",
        set: { "fieldConfig.defaults.custom.lineWidht": 2 },
        "{{job}}" => "up" { set: { "intervalFactr": 2 } },
    }
};

fn main() {
    let _ = D;
}
