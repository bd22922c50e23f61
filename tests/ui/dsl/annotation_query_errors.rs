use dashc_macros::dashboard;

const D: dashc_core::Dashboard = dashboard! {
    uid: "annotation-case",
    title: "Annotation case", catalog: [],
    variables { job: query "label_values(up, job)" },
    annotations {
        deploys: prometheus "changes(app_build_info{job=~\"$jbo\"}[5m]) > 0" { color: "blue" },
        restarts: prometheus "resets(process_start_time_seconds[5m]" { title: "{{instance}}" },
    },
    stat "Up" { unit: "none", _ => "sum(up)" }
};

fn main() {
    let _ = D;
}
