use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "hidden",
    title: "Hidden queries", catalog: [],
    timeseries "Nothing shown" {
        unit: "none",
        "{{job}}" => "up" { hide: true },
        _ => "sum(up)" { hide: true },
    }
};

fn main() {
    let _ = D;
}
