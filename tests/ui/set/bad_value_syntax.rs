use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "set-syntax",
    title: "Set value syntax",
    catalog: [],
    stat "Ratio" {
        unit: "percent",
        set: { "options.reduceOptions.calcs": [mean], options: 1 },
        _ => "up",
    }
};

fn main() {
    let _ = D;
}
