use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "rows",
    title: "Nested rows", catalog: [],
    row "Outer" {
        row "Inner" { timeseries "Up" { unit: "none", "{{job}}" => "up" } }
        timeseries "Up" { unit: "none", "{{job}}" => "up" }
    }
};

fn main() {
    let _ = D;
}
