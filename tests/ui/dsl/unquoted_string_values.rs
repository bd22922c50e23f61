use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "unquoted",
    title: "Unquoted values", catalog: [],
    refresh: 30s,
    timezone: utc,
    timeseries "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
