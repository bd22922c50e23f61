//! `dashc check` over the corpus of real dashboards in
//! `../shared/corpus/dashboards/`: every file's findings are committed in
//! `tests/lint_corpus/<file>.txt` (re-bless with `DASHC_BLESS=1 cargo test
//! -p dashc-core --test lint_corpus` and review the diff), and the panels
//! and queries the linter reaches are counted against a separate count of
//! the raw JSON and against the corpus manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dashc_core::catalog::Catalog;
use dashc_core::lint::lint_dashboard;
use dashc_core::lint::walk::{walk, Origin};
use serde_json::Value;

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/dashboards");
    assert!(
        dir.join("MANIFEST.tsv").exists(),
        "{} is missing: the corpus of real dashboards lives in ../shared/corpus/dashboards \
         beside the workspace",
        dir.display()
    );
    dir
}

/// The corpus files, sorted, with their manifest row (`panel_count`,
/// `uses_rows_array`).
fn files() -> Vec<(PathBuf, usize, bool)> {
    let dir = corpus();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut rows = Vec::new();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 8, "short MANIFEST.tsv row: {line}");
        let count = cols[6].parse().expect("panel_count");
        rows.push((dir.join(cols[0]), count, cols[7] == "yes"));
    }
    rows.sort();
    assert_eq!(rows.len(), 52, "the corpus has 52 dashboards");
    rows
}

/// Counted straight from the JSON, without the linter's walk: every object
/// anywhere with a `targets` array is a query panel, and each object in it
/// with an `expr` a query.
fn raw_counts(v: &Value, panels: &mut usize, queries: &mut usize) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(targets)) = map.get("targets") {
                *panels += 1;
                *queries += targets.iter().filter(|t| t.get("expr").is_some()).count();
            }
            map.values().for_each(|x| raw_counts(x, panels, queries));
        }
        Value::Array(items) => items.iter().for_each(|x| raw_counts(x, panels, queries)),
        _ => {}
    }
}

#[test]
fn every_panel_and_query_is_reached() {
    let (mut all_panels, mut all_queries, mut legacy_queries) = (0, 0, 0);
    for (path, manifest_panels, uses_rows) in files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("corpus file");
        let root: Value = serde_json::from_str(&text).expect("corpus JSON");
        let (mut raw_panels, mut raw_queries) = (0, 0);
        raw_counts(&root, &mut raw_panels, &mut raw_queries);
        let w = walk(&root, "");
        let with_targets: Vec<_> = w
            .panels
            .iter()
            .filter(|p| p.panel.get("targets").is_some_and(Value::is_array))
            .collect();
        let queries: usize = with_targets
            .iter()
            .map(|p| {
                p.panel["targets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|t| t.get("expr").is_some())
                    .count()
            })
            .sum();
        assert_eq!(
            with_targets.len(),
            raw_panels,
            "{name}: query panels reached"
        );
        assert_eq!(queries, raw_queries, "{name}: queries reached");
        let shown = w
            .panels
            .iter()
            .filter(|p| {
                p.origin != Origin::LegacyRow
                    && p.panel.get("type").and_then(Value::as_str) != Some("row")
            })
            .count();
        assert_eq!(
            shown, manifest_panels,
            "{name}: panels against MANIFEST.tsv"
        );
        if uses_rows {
            legacy_queries += queries;
            assert!(
                w.panels.iter().any(|p| p.origin == Origin::LegacyPanel),
                "{name}: legacy rows reached"
            );
        }
        all_panels += shown;
        all_queries += queries;
    }
    assert_eq!(all_panels, 1289, "the corpus README counts 1289 panels");
    assert_eq!(all_queries, 1737, "queries reached in the corpus");
    assert!(legacy_queries > 0);
}

#[test]
fn findings_match_the_committed_ones() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_corpus");
    let bless = std::env::var_os("DASHC_BLESS").is_some();
    let mut failures = Vec::new();
    let mut summary: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (path, _, _) in files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("corpus file");
        let findings = lint_dashboard(&text, &name, &Catalog::default());
        let mut rendered = String::new();
        for f in &findings {
            rendered.push_str(&format!("{f}\n"));
            *summary
                .entry((f.severity.to_string(), f.rule.to_string()))
                .or_default() += 1;
        }
        let expected_path = golden.join(format!("{name}.txt"));
        if bless {
            std::fs::create_dir_all(&golden).expect("golden dir");
            std::fs::write(&expected_path, &rendered).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == rendered => {}
            Ok(_) => failures.push(format!("{name}: findings changed")),
            Err(_) => failures.push(format!("{name}: no {}", expected_path.display())),
        }
    }
    let table: String = summary
        .iter()
        .map(|((severity, rule), n)| format!("{severity:8} {rule:24} {n}\n"))
        .collect();
    let summary_path = golden.join("SUMMARY.txt");
    if bless {
        std::fs::write(&summary_path, &table).expect("write summary");
    } else if std::fs::read_to_string(&summary_path).ok().as_deref() != Some(&table) {
        failures.push("SUMMARY.txt: totals changed".into());
    }
    assert!(
        failures.is_empty(),
        "{}\nre-bless with DASHC_BLESS=1 cargo test -p dashc-core --test lint_corpus after \
         judging the new findings",
        failures.join("\n")
    );
}
