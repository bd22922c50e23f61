use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "data-link-case",
    title: "Data link case", catalog: [],
    variables { instance: query "label_values(up, instance)" },
    stat "Up" {
        unit: "none",
        links: [
            "Node" => "https://grafana.example/d/node?var-instance=${__field.label.instance}",
            "Logs" => "https://logs.example/?host=$instence&${__url_time_range}",
        ],
        _ => "sum by (instance) (up)",
    }
};

fn main() {
    let _ = D;
}
