use dashc_macros::provisioning;

const P: dashc_core::Provisioning = provisioning! {
    provider: "upstream",
    provider: "other",
    dashboards_path: "/var/lib/grafana/dashboards",
    datasource_uid: "prometheus",
    datasource_url: "http://prometheus:9090",
};

fn main() {
    let _ = P;
}
