use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "var-mistakes",
    title: "Variable declarations", catalog: [],
    variables {
        job: query,
        my-env: custom ["prod"],
        window: interval [],
    },
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
