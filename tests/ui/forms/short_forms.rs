use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "short-forms",
    title: "Short form mistakes",
    catalog: [],
    stat "Ratio" {
        unit: "percent",
        fill_opacity: 10,
        graph_mode: areas,
        set: { "options.textMode": "name" },
        _ => "up",
    }
    timeseries "Requests" {
        unit: "reqps",
        span_nulls: "1x",
        series query C { color: "red" }
        series regex "(cache" { hidden: true }
        series "Total" { graph_mode: none }
        mappings: [nul => "N/A"],
        "{{job}}" => "up" { exemplar: yes },
    }
};

fn main() {
    let _ = D;
}
