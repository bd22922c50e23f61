use dashc_macros::provisioning;

const P: dashc_core::Provisioning = provisioning! {
    provider: "../upstream",
    dashboards_path: "var/lib/grafana/dashboards",
    datasource: Prometheus,
    datasource_uid: "prometheus main",
    datasource_url: "prometheus:9090",
    update_interval: 30,
};

fn main() {
    let _ = P;
}
