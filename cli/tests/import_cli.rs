//! `dashc import` as a user runs it: the output file written atomically,
//! the queries kept with `allow` listed on stderr, the same bytes on stdout
//! without `--out`, exit statuses.

use std::process::Command;

use serde_json::{json, Value};

fn dashboard(panels: Value) -> Value {
    json!({"uid": "t", "title": "T", "schemaVersion": 39, "panels": panels})
}

fn ts(title: &str, id: u32, pos: (u32, u32, u32, u32), expr: &str) -> Value {
    json!({"type": "timeseries", "id": id, "title": title,
           "gridPos": {"x": pos.0, "y": pos.1, "w": pos.2, "h": pos.3},
           "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []},
           "targets": [{"expr": expr, "refId": "A"}]})
}

#[test]
fn the_command_writes_out_atomically_and_lists_allowed_queries() {
    let dir = std::env::temp_dir().join(format!("dashc-import-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut d = dashboard(json!([ts("Up", 1, (0, 0, 12, 8), "up{job=\"$job\"}")]));
    d["templating"] = json!({"list": [{"type": "query", "name": "job", "query": "label_values(up, job)", "multi": true}]});
    let input = dir.join("d.json");
    std::fs::write(&input, json!({"dashboard": d}).to_string()).unwrap();
    let out = dir.join("dashboards.rs");
    let run = Command::new(env!("CARGO_BIN_EXE_dashc"))
        .args(["import", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("dashc runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(run.stdout.is_empty());
    assert!(
        stderr.contains("allowed: ")
            && stderr.contains("refId A, /panels/0/targets/0/expr: allowed `multi-value`"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("//! Dashboards imported by `dashc import`"));
    assert!(written.contains("use dashc_macros::dashboards;\n\ndashboards! {"));
    // Only the output file is left: the temporary file was renamed.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // Without --out, the same bytes on stdout.
    let run = Command::new(env!("CARGO_BIN_EXE_dashc"))
        .arg("import")
        .arg(&input)
        .output()
        .expect("dashc runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout), written);
    // A dashboard that cannot be carried over: exit 1, nothing written.
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        json!({"uid": "b", "title": "B", "schemaVersion": 39, "panels": [{"type": "nodeGraph", "id": 1, "title": "P"}]})
            .to_string(),
    )
    .unwrap();
    let other = dir.join("other.rs");
    let run = Command::new(env!("CARGO_BIN_EXE_dashc"))
        .args(["import", "--out"])
        .arg(&other)
        .arg(&bad)
        .output()
        .expect("dashc runs");
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("panel \"P\" (id 1), /panels/0/type"));
    assert!(!other.exists());
    let run = Command::new(env!("CARGO_BIN_EXE_dashc"))
        .args(["import"])
        .output()
        .expect("dashc runs");
    assert_eq!(run.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
