//! What several integration tests read: the workspace, `../shared/` beside
//! it, and the Upstream catalogs in `dashboards-def/catalogs/`.

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
