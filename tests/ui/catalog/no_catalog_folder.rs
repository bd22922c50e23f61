use dashc_macros::dashboard;

// The crate has no `catalogs/` folder and the dashboard names no catalog:
// without an error, every metric typo would compile.
const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    timeseries "Queries" {
        unit: "short",
        _ => "rate(django_db_query_totl[5m])",
    }
};

fn main() {
    let _ = D;
}
