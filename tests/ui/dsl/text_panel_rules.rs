use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "text",
    title: "Text panel", catalog: [],
    text "Notes" { "{{job}}" => "up" }
    stat "Up" { unit: "none", content: "not here", stacking: normal, "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
