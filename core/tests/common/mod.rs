//! What several integration tests read: the workspace, `../shared/` beside
//! it, the Upstream catalogs in `dashboards-def/catalogs/`, scratch files and
//! directories.

#![allow(dead_code)] // each test file uses its own part

use dashc_core::catalog::Catalog;
use std::path::{Path, PathBuf};

/// The Upstream catalog files, in the order the dashboards merge them.
pub const UPSTREAM_CATALOGS: [&str; 2] = ["django-prometheus.prom", "upstream.prom"];

/// The workspace root (the parent of `core/`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ has a parent directory")
        .to_path_buf()
}

/// A file's text; a missing file fails the test with a message naming it.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (the shared reference data lives in ../shared beside the workspace)",
            path.display()
        )
    })
}

/// The path of an Upstream catalog file.
pub fn catalog_path(name: &str) -> PathBuf {
    workspace().join("dashboards-def/catalogs").join(name)
}

/// Both Upstream catalogs, merged.
pub fn upstream_catalog() -> Catalog {
    let mut catalog = Catalog::default();
    for name in UPSTREAM_CATALOGS {
        let text = read(&catalog_path(name));
        catalog.merge(Catalog::parse(&text, name).expect("catalog parses"));
    }
    catalog
}

/// Writes `text` to `<CARGO_TARGET_TMPDIR>/<folder>/<name>` and returns
/// the path. The file is replaced whole (a temporary file renamed over it):
/// a run of the same test sharing the target directory never reads it half
/// written.
pub fn scratch_file(folder: &str, name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(folder);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let path = dir.join(name);
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", temp.display()));
    std::fs::rename(&temp, &path)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// The provisioning constant the tree-writer tests write.
pub const PROVISIONING: dashc_core::Provisioning = dashc_core::Provisioning {
    provider_file: "upstream.yml",
    provider_yaml: "apiVersion: 1\n",
    datasource_yaml: "apiVersion: 1\ndatasources: []\n",
    dashboards_path: "/var/lib/grafana/dashboards",
    datasource_uid: "prometheus",
};

/// A dashboard constant of the tree-writer tests.
pub const API: dashc_core::Dashboard = dashc_core::Dashboard {
    uid: "api",
    title: "API",
    folder: "Upstream",
    tags: &[],
    json: "{\"uid\": \"api\"}\n",
};

/// Another dashboard constant of the tree-writer tests, in the same folder.
pub const DB: dashc_core::Dashboard = dashc_core::Dashboard {
    uid: "db",
    title: "DB",
    folder: "Upstream",
    tags: &[],
    json: "{\"uid\": \"db\"}\n",
};

/// A fresh, empty directory for one test (named by the test binary's
/// process id and `name`), removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// Creates the directory, emptying what a crashed earlier run left.
    pub fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("dashc-tree-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `dashc import` of one dashboard given as JSON, named `d.json`.
pub fn import_json(
    d: &serde_json::Value,
    options: &dashc_core::import::Options<'_>,
) -> Result<dashc_core::import::Imported, Vec<dashc_core::import::ImportError>> {
    let text = d.to_string();
    dashc_core::import::import(
        &[dashc_core::import::Input {
            name: "d.json",
            text: &text,
        }],
        options,
    )
}

/// The compiled dashboard JSON of an import, failing on any diagnostic.
pub fn compiled(imported: &dashc_core::import::Imported) -> serde_json::Value {
    let out =
        dashc_core::dsl::compile_set_str(&imported.body, Path::new(env!("CARGO_MANIFEST_DIR")));
    let shown: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{}\n{}", shown.join("\n"), imported.body);
    serde_json::from_str(out.value[0].1.json.as_deref().expect("json")).expect("json parses")
}

/// Every leaf of the migrated source is in the dashboard the import
/// compiles to; returns that dashboard's JSON.
pub fn round_trips(
    source: &serde_json::Value,
    imported: &dashc_core::import::Imported,
) -> serde_json::Value {
    let out = compiled(imported);
    let migrated = dashc_core::import::migrate::migrate(source.clone());
    let c = dashc_core::import::compare::compare(&migrated, &out);
    assert_eq!(c.equal, c.leaves, "{:?}\n{}", c.differences, imported.body);
    out
}

/// A dashboard of schema 39 holding `panels`.
pub fn dashboard(panels: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"uid": "t", "title": "T", "schemaVersion": 39, "panels": panels})
}

/// The DSL's JSON of a dashboard body without problems.
pub fn dsl_json(text: &str) -> String {
    let out = dashc_core::dsl::compile_dashboard_str(text, Path::new(env!("CARGO_MANIFEST_DIR")));
    let shown: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{shown:#?}");
    out.value.and_then(|c| c.json).expect("renders")
}

/// The DSL's messages of a dashboard body, in order.
pub fn dsl_messages(text: &str) -> Vec<String> {
    let out = dashc_core::dsl::compile_dashboard_str(text, Path::new(env!("CARGO_MANIFEST_DIR")));
    out.diagnostics
        .iter()
        .map(|d| d.diagnostic.message.clone())
        .collect()
}
