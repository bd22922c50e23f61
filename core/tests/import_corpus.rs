//! `dashc import` over the real dashboards of `../shared/corpus/dashboards/`:
//! each is imported, the generated source compiled in-process (the same
//! front end the `dashboards!` macro runs), and the JSON it compiles to
//! compared with the source as Grafana migrates it. For schema version 30
//! and newer every leaf must be equal (but for the keys
//! `dashc_core::import::DROPPED` and `compare::EQUIVALENT` document); for
//! older ones every panel title and every query. A dashboard that cannot be
//! carried over must say why with a JSON path. The table of every file is
//! printed when anything fails.

use std::path::{Path, PathBuf};

use dashc_core::dsl::compile_set_str;
use dashc_core::import::{compare, import, migrate, Input, Options};
use serde_json::Value;

/// All 52 dashboards are imported.
const IMPORTED_AT_LEAST: usize = 52;

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/dashboards");
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "the corpus of real dashboards is missing: expected {} (the shared reference data beside the repository, ../shared/)",
        dir.join("MANIFEST.tsv").display()
    );
    dir
}

fn bare(text: &str) -> Value {
    let v: Value = serde_json::from_str(text).expect("corpus files are JSON");
    match v.get("dashboard") {
        Some(inner @ Value::Object(_)) => inner.clone(),
        _ => v,
    }
}

/// Every panel title and query of a dashboard, in order.
fn titles_and_exprs(d: &Value) -> (Vec<String>, Vec<String>) {
    let (mut titles, mut exprs) = (Vec::new(), Vec::new());
    fn walk(panels: &Value, titles: &mut Vec<String>, exprs: &mut Vec<String>) {
        for p in panels.as_array().into_iter().flatten() {
            titles.push(
                p.get("title")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            );
            for t in p
                .get("targets")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(e) = t.get("expr").and_then(Value::as_str) {
                    exprs.push(e.to_string());
                }
            }
            if let Some(children) = p.get("panels") {
                walk(children, titles, exprs);
            }
        }
    }
    walk(
        d.get("panels").unwrap_or(&Value::Null),
        &mut titles,
        &mut exprs,
    );
    (titles, exprs)
}

#[derive(Default)]
struct Row {
    file: String,
    schema: i64,
    imported: bool,
    leaves: usize,
    equal: usize,
    problem: String,
}

#[test]
fn corpus_dashboards_round_trip() {
    let dir = corpus();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv reads");
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let file = cols[0];
        let schema: i64 = cols.get(5).and_then(|s| s.parse().ok()).unwrap_or(0);
        let text =
            std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let name = Path::new(file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut row = Row {
            file: name.clone(),
            schema,
            ..Row::default()
        };
        let input = Input {
            name: &name,
            text: &text,
        };
        match import(&[input], &Options::default()) {
            Err(errors) => {
                row.problem = errors[0].to_string();
                for e in &errors {
                    if e.pointer.is_empty() || e.dashboard.is_empty() || e.file != name {
                        failures.push(format!(
                            "{name}: an import error without its dashboard and JSON path: {e}"
                        ));
                    }
                    if e.pointer.starts_with("/panels/")
                        && e.panel.is_none()
                        && !e.pointer.contains("/gridPos")
                    {
                        failures.push(format!(
                            "{name}: a panel's import error that names no panel: {e}"
                        ));
                    }
                }
            }
            Ok(imported) => {
                row.imported = true;
                let base = Path::new(env!("CARGO_MANIFEST_DIR"));
                let out = compile_set_str(&imported.body, base);
                if !out.diagnostics.is_empty() {
                    let shown: Vec<String> = out
                        .diagnostics
                        .iter()
                        .take(5)
                        .map(|d| d.to_string())
                        .collect();
                    failures.push(format!(
                        "{name}: the generated source does not compile:\n  {}",
                        shown.join("\n  ")
                    ));
                    rows.push(row);
                    continue;
                }
                let json = out
                    .value
                    .first()
                    .and_then(|(_, c)| c.json.clone())
                    .expect("one compiled dashboard");
                let compiled: Value = serde_json::from_str(&json).expect("compiled JSON parses");
                let source = migrate::migrate(bare(&text));
                let c = compare::compare(&source, &compiled);
                row.leaves = c.leaves;
                row.equal = c.equal;
                if schema >= 30 {
                    if c.equal != c.leaves {
                        let diffs: Vec<String> = c
                            .differences
                            .iter()
                            .take(8)
                            .map(|(p, s, o)| format!("{p}: source {s}, compiled {o}"))
                            .collect();
                        failures.push(format!(
                            "{name}: {} of {} leaves equal:\n  {}",
                            c.equal,
                            c.leaves,
                            diffs.join("\n  ")
                        ));
                    }
                } else {
                    let (st, se) = titles_and_exprs(&source);
                    let (ot, oe) = titles_and_exprs(&compiled);
                    if st != ot {
                        failures.push(format!(
                            "{name}: panel titles differ: source {st:?}, compiled {ot:?}"
                        ));
                    }
                    if se != oe {
                        failures.push(format!(
                            "{name}: queries differ: source {} queries, compiled {}",
                            se.len(),
                            oe.len()
                        ));
                    }
                }
            }
        }
        rows.push(row);
    }
    let imported = rows.iter().filter(|r| r.imported).count();
    let leaves: usize = rows.iter().map(|r| r.leaves).sum();
    let equal: usize = rows.iter().map(|r| r.equal).sum();
    let mut table = format!(
        "{imported} of {} dashboards imported; {equal} of {leaves} leaves equal\n",
        rows.len()
    );
    for r in &rows {
        let status = if r.imported {
            format!("imported, {} of {} leaves equal", r.equal, r.leaves)
        } else {
            format!(
                "not imported: {}",
                r.problem.chars().take(160).collect::<String>()
            )
        };
        table.push_str(&format!("  {:>2} {}: {status}\n", r.schema, r.file));
    }
    println!("{table}");
    if rows.len() != 52 {
        failures.push(format!(
            "the manifest lists {} dashboards, not 52",
            rows.len()
        ));
    }
    if imported < IMPORTED_AT_LEAST {
        failures.push(format!(
            "{imported} dashboards imported, fewer than {IMPORTED_AT_LEAST}"
        ));
    }
    assert!(failures.is_empty(), "{}\n{table}", failures.join("\n"));
}
