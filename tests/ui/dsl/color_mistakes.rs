use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "colors",
    title: "Colors", catalog: [],
    stat "Fixed" { unit: "none", color: "reddish", "{{job}}" => "up" }
    heatmap "Heat" { unit: "s", color: thresholds, "{{le}}" => "sum by (le) (rate(x_bucket[$__rate_interval]))" }
};

fn main() {
    let _ = D;
}
