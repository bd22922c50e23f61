use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "unit",
    title: "Bad unit", catalog: [],
    timeseries "Requests" { unit: "reqsp", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
