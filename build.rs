//! Writes the Grafana tree: the four Upstream dashboards and the
//! provisioning files, compiled by `dashboards!` in `upstream-dashboards`.
//! Where it goes and what it prints: the `dashc-build` crate (`build/`).

fn main() {
    dashc_build::Tree::new(upstream_dashboards::ALL)
        .provisioning(&upstream_dashboards::PROVISIONING)
        .write();
}
