use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "reserved",
    title: "Reserved names", catalog: [],
    variables {
        datasource: custom ["a"],
        job: custom ["api"],
        job: custom ["web"],
    },
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
