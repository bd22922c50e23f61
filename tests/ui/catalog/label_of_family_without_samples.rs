use dashc_macros::dashboard;

// `app_jobs_total` has no sample in the snapshot: its name is known, its
// labels are not, and the error says to declare them with `# LABELS`.
const D: dashc_core::Dashboard = dashboard! {
    uid: "catalog-case",
    title: "Catalog case",
    catalog: ["ui-catalogs/unsampled.prom"],
    timeseries "Jobs" {
        unit: "ops",
        _ => r#"sum(rate(app_jobs_total{queue="mail"}[5m]))"#,
    }
};

fn main() {
    let _ = D;
}
