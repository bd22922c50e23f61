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
