use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "dsl-case",
    title: "DSL case", catalog: [],
    table "Sorted" {
        unit: "short", instant: true, format: table, sort: desc,
        "{{job}}" => "topk(10, sum by (job) (up))",
    }
    table "No table query" {
        unit: "short", instant: true, sort: asc,
        "{{job}}" => "topk(10, sum by (job) (up))",
    }
    bargauge "Not a table" {
        unit: "short", instant: true, sort: desc,
        "{{job}}" => "topk(10, sum by (job) (up))",
    }
    table "Unknown order" {
        unit: "short", instant: true, format: table, sort: descending,
        "{{job}}" => "topk(10, sum by (job) (up))",
    }
};

fn main() {
    let _ = D;
}
