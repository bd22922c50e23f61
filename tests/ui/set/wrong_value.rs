use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "set-value",
    title: "Wrong set values",
    catalog: [],
    set: { "gnetId": 1 },
    stat "Ratio" {
        unit: "percent",
        set: { "options.percentChangeColorMode": "inverse", "options.wideLayout": "yes" },
        _ => "up",
    }
};

fn main() {
    let _ = D;
}
