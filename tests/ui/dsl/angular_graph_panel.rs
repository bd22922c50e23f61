use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "graph",
    title: "Angular graph", catalog: [],
    graph "Up" { unit: "none", "{{job}}" => "up" }
};

fn main() {
    let _ = D;
}
