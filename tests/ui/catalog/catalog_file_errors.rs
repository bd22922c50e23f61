use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/broken.prom"],
    timeseries "Queries" {
        unit: "short",
        _ => "rate(jobs_total[5m])",
    }
};

fn main() {
    let _ = D;
}
