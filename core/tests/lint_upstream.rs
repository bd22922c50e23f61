//! The four Upstream dashboards, as generated (the golden files under
//! `tests/golden/dashboards/`), pass every `dashc check` lint: Grafana's
//! loader rules, the PromQL checks and the catalog checks.

use std::path::{Path, PathBuf};

use dashc_core::catalog::Catalog;
use dashc_core::lint::lint_dashboard;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ has a parent directory")
        .to_path_buf()
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn the_generated_dashboards_have_no_findings() {
    let mut catalog = Catalog::default();
    for name in ["django-prometheus.prom", "upstream.prom"] {
        let path = workspace().join("dashboards-def/catalogs").join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        catalog
            .try_merge(Catalog::parse(&text, name).expect("catalog parses"))
            .expect("catalogs agree");
    }
    let mut files = Vec::new();
    json_files(&workspace().join("tests/golden/dashboards"), &mut files);
    files.sort();
    assert_eq!(files.len(), 4, "the four dashboards: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("golden file");
        let findings = lint_dashboard(&text, &file.display().to_string(), &catalog);
        let shown: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
        // The lint did look at the queries: the file has some.
        assert!(text.contains("\"expr\""), "{}", file.display());
    }
}
