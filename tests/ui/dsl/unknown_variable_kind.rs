use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "vars",
    title: "Variables", catalog: [],
    variables {
        job: qurey "label_values(up, job)",
    },
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
