//! `dashc check` and `dashc check-query --catalog` as a user runs them:
//! output lines, exit statuses, bad catalogs.

mod common;

use std::path::Path;
use std::process::Output;

fn catalogs() -> Vec<String> {
    common::UPSTREAM_CATALOGS
        .iter()
        .map(|n| common::catalog_path(n).display().to_string())
        .collect()
}

fn payrixa(file: &str) -> String {
    let path = common::workspace()
        .join("../shared/reference/payrixa/monitoring/grafana/dashboards")
        .join(file);
    assert!(
        path.exists(),
        "{} is missing (the shared reference data lives in ../shared beside the workspace)",
        path.display()
    );
    path.display().to_string()
}

fn dashc(args: &[String], stdin: &str) -> Output {
    // dashc may exit before reading stdin (a usage error): a closed pipe is fine.
    common::dashc(args, stdin).1
}

/// A scratch file under the target directory, unique per test.
fn scratch(name: &str, text: &str) -> String {
    common::scratch_file("lint_cli", name, text)
        .display()
        .to_string()
}

#[test]
fn check_reports_every_payrixa_dashboard_and_exits_1() {
    let mut args = vec!["check".to_string(), "--catalog".to_string()];
    args.extend(catalogs());
    let files = [
        "api-performance.json",
        "celery-tasks.json",
        "database-metrics.json",
        "error-rates.json",
        "payrixa-dashboard.json",
    ];
    args.extend(files.iter().map(|f| payrixa(f)));
    let out = dashc(&args, "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for file in files {
        assert!(
            stdout.contains(&format!(
                "{file}: error[api-wrapped]: /: the dashboard is wrapped"
            )),
            "{file}"
        );
    }
    assert!(stdout.contains(
        "database-metrics.json: error[unknown-metric]: panel \"Database Query Rate\", refId A, \
         /dashboard/panels/0/targets/0/expr, column 6: unknown metric `django_db_query_total`"
    ));
    assert!(
        stdout.contains("   | rate(django_db_query_total[5m])\n   |      ^^^^^^^^^^^^^^^^^^^^^\n")
    );
}

#[test]
fn a_clean_dashboard_exits_0_and_catalog_checks_need_a_catalog() {
    let dashboard = r#"{
      "uid": "ok", "title": "OK", "schemaVersion": 42,
      "templating": {"list": [{"name": "job", "type": "query"}]},
      "panels": [
        {"id": 1, "type": "timeseries", "title": "Queries",
         "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "datasource": {"type": "prometheus", "uid": "prometheus"},
         "targets": [{"refId": "A", "legendFormat": "{{alias}}",
           "expr": "sum by (alias) (rate(django_db_execute_total{job=~\"$job\"}[$__rate_interval]))"}]},
        {"id": 2, "type": "timeseries", "title": "Made up",
         "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "datasource": {"type": "prometheus", "uid": "prometheus"},
         "targets": [{"refId": "A", "expr": "rate(made_up_total[5m])"}]}
      ]}"#;
    let file = scratch("clean.json", dashboard);
    let out = dashc(&["check".to_string(), file.clone()], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());

    let mut args = vec!["check".to_string(), "--catalog".to_string()];
    args.extend(catalogs());
    args.push(file);
    let out = dashc(&args, "");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout.matches("unknown metric").count(), 1, "{stdout}");
    assert!(stdout.contains("panel \"Made up\", refId A"), "{stdout}");
}

#[test]
fn a_broken_catalog_is_a_usage_error_with_its_line() {
    let catalog = scratch("broken.prom", "# TYPE a counter\na{x=\"1\" 1\n");
    let out = dashc(
        &[
            "check".to_string(),
            format!("--catalog={catalog}"),
            payrixa("celery-tasks.json"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.prom:2:9: "), "{stderr}");
    let out = dashc(&["check".to_string()], "");
    assert_eq!(out.status.code(), Some(2));
    let out = dashc(
        &[
            "check".to_string(),
            "--catalog".to_string(),
            payrixa("celery-tasks.json"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`--catalog` needs a catalog file"));
    let out = dashc(
        &["check-query".to_string(), "--catalog".to_string()],
        "up\n",
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_query_applies_the_catalog_with_the_parser_output_format() {
    let mut args = vec!["check-query".to_string(), "--catalog".to_string()];
    args.extend(catalogs());
    let out = dashc(
        &args,
        "rate(django_db_query_total[5m])\nsum by (view) (rate(django_http_exceptions_total_by_view_total[5m]))\nrate(x[5m]\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(lines[0]["ok"], false);
    assert_eq!(lines[0]["start"], 5);
    assert_eq!(lines[0]["end"], 26);
    assert!(lines[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("did you mean `django_db_execute_total`")));
    assert_eq!(lines[1]["ok"], true);
    assert_eq!(lines[2]["ok"], false);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_dashboard_read_as_a_catalog_is_explained() {
    // Without a `.json` ending, the dashboard reads as one more catalog file.
    let catalog = catalogs().remove(0);
    let args = ["check", "--catalog", &catalog, "dashboard.txt"].map(String::from);
    let out = dashc(&args, "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no dashboard file given (the arguments after `--catalog` up to the next option or `.json` file are catalog files)"),
        "{stderr}"
    );
}

#[test]
fn malformed_json_names_its_position_once() {
    let file = scratch("truncated.json", "{\"title\": ");
    let out = dashc(&["check".to_string(), file.clone()], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{file}: error[invalid-json]: /: not valid JSON (line 1, column 10): EOF while parsing a value\n")
    );
}

#[test]
fn folders_and_missing_files_are_usage_errors_that_say_so() {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lint_cli_folder");
    std::fs::create_dir_all(&folder).expect("scratch folder");
    let folder = folder.display().to_string();
    let good = scratch("folder_test.json", "{}");
    // A finding in one file and an unreadable other: the unreadable one decides.
    let out = dashc(&["check".to_string(), good, folder.clone()], "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "dashc check: {folder} is a folder, not a dashboard file; pass its files: `{folder}/*.json`\n"
        )
    );
    let args = ["check", "--catalog", &folder, "x.json"].map(String::from);
    let out = dashc(&args, "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "dashc check: {folder} is a folder, not a catalog file; pass its files: `{folder}/*.prom`\n"
        )
    );
    let out = dashc(&["check".to_string(), "no-such-file.json".to_string()], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("dashc check: cannot read dashboard no-such-file.json: "),
        "{stderr}"
    );
}

/// A dashboard with one warning (an Angular panel) and one error (a query
/// Prometheus rejects).
fn warning_and_error() -> String {
    scratch(
        "mixed.json",
        r#"{"uid": "m", "title": "M", "schemaVersion": 42, "panels": [
          {"id": 1, "type": "graph", "title": "Old", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
           "datasource": {"type": "prometheus", "uid": "p"},
           "targets": [{"refId": "A", "expr": "up"}]},
          {"id": 2, "type": "timeseries", "title": "Bad", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
           "datasource": {"type": "prometheus", "uid": "p"},
           "targets": [{"refId": "A", "expr": "rate(up[5m]"}]}]}"#,
    )
}

fn run(args: &[&str]) -> Output {
    dashc(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>(), "")
}

#[test]
fn exit_status_follows_severity_strict_and_disable() {
    let file = warning_and_error();
    let out = run(&["check", &file]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(": warning[angular-panel]: panel \"Old\""),
        "{stdout}"
    );
    assert!(
        stdout.contains(": error[promql]: panel \"Bad\""),
        "{stdout}"
    );

    // Warnings alone exit 0, unless --strict.
    let out = run(&["check", "--disable", "promql", &file]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("error[promql]"));
    let out = run(&["check", "--strict", "--disable=promql", &file]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["check", "--disable", "promql,angular-panel", &file]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");

    let out = run(&["check", "--disable", "angular-panels", &file]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("`--disable` names no rule `angular-panels` (did you mean `angular-panel`?)"),
        "{stderr}"
    );
    let out = run(&["check", "--format", "yaml", &file]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_output_has_one_object_per_finding() {
    let file = warning_and_error();
    let out = run(&["check", "--format", "json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = v.as_array().expect("an array");
    assert_eq!(list.len(), 2, "{v:#}");
    assert_eq!(list[0]["rule"], "angular-panel");
    assert_eq!(list[0]["severity"], "warning");
    assert_eq!(list[0]["pointer"], "/panels/0/type");
    assert_eq!(list[0]["file"], file.as_str());
    assert!(list[0].get("start").is_none());
    assert_eq!(list[1]["rule"], "promql");
    assert_eq!(list[1]["severity"], "error");
    assert_eq!(list[1]["refId"], "A");
    assert_eq!(list[1]["query"], "rate(up[5m]");
    let (start, end) = (
        list[1]["start"].as_u64().unwrap(),
        list[1]["end"].as_u64().unwrap(),
    );
    assert!(
        start <= end && end <= "rate(up[5m]".len() as u64,
        "{start}..{end}"
    );
    assert!(list[1]["message"].as_str().unwrap().len() > 10);
}

/// The SARIF 2.1.0 schema's required properties, checked on our log:
/// sarifLog {version, runs}, run {tool}, tool {driver}, toolComponent
/// {name}, result {message with text}, reportingDescriptor {id}; `level`
/// one of none/note/warning/error; `ruleIndex` pointing at the rule named
/// by `ruleId`.
#[test]
fn sarif_output_has_the_required_fields() {
    let file = warning_and_error();
    let out = run(&["check", "--format", "sarif", &file]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "dashc");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.iter().all(|r| r["id"].is_string()));
    let results = runs[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    for r in results {
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(["none", "note", "warning", "error"].contains(&r["level"].as_str().unwrap()));
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let location = &r["locations"][0];
        assert!(location["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("mixed.json")));
        assert!(location["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .is_some_and(|p| p.starts_with("/panels/")));
    }
    assert_eq!(results[1]["level"], "error");
    assert_eq!(results[1]["properties"]["query"], "rate(up[5m]");
}
