use dashc_macros::dashboard;

// Every mistake of one invocation is reported in one compile.
const D: dashc_core::Dashboard = dashboard! {
    uid: "many errors",
    title: "", catalog: [],
    tags: ["upstream", "upstream"],
    row "Requests" {
        timeseries "Rate" { unit: "reqz", width: 25, "{{job}}" => "up" }
        gauge "Ratio" { unit: "percent", min: 100, max: 0, "{{job}}" => "up" }
    }
};

fn main() {
    let _ = D;
}
