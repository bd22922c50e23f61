//! Compile-fail cases of `dashboard!`: every malformed definition, invalid
//! query or catalog mismatch under `tests/ui/*/` must fail to compile with
//! the error in its `.stderr` file. One `TestCases` with no `pass` cases, so
//! trybuild compiles them all in one cargo run.
//!
//! After an intended change of a message: `TRYBUILD=overwrite cargo test --test compile_fail`,
//! then review the `.stderr` diffs.
//!
//! `catalog:` paths are relative to the crate being compiled, and trybuild
//! compiles the cases as a crate of its own in cargo's target directory
//! (`<target>/tests/trybuild/<package>/`), which may be anywhere. So the
//! cases name their catalogs as `ui-catalogs/<file>`, and the test puts the
//! catalogs there first (see [`UI_CATALOGS`]): the cases pass with any
//! `CARGO_TARGET_DIR` and from any working directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of trybuild's crate that the cases' `catalog:` paths name.
const UI_CATALOGS: &str = "ui-catalogs";

/// The catalogs the cases read, relative to this package: the Upstream
/// snapshots, a catalog with errors for `catalog_file_errors.rs`, and one
/// declaring a family without samples.
const CATALOG_SOURCES: [&str; 4] = [
    "dashboards-def/catalogs/django-prometheus.prom",
    "dashboards-def/catalogs/upstream.prom",
    "tests/ui/catalog/broken.prom",
    "tests/ui/catalog/unsampled.prom",
];

#[test]
fn ui() {
    let folder = trybuild_crate_dir().join(UI_CATALOGS);
    install_catalogs(&folder);
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}

/// The directory of the crate trybuild generates for this package:
/// `tests/trybuild/<package>/` under the target directory that
/// `cargo metadata` reports, as trybuild itself finds it.
fn trybuild_crate_dir() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version=1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("`cargo metadata` runs");
    assert!(
        out.status.success(),
        "`cargo metadata` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("`cargo metadata` prints JSON");
    let target = metadata["target_directory"]
        .as_str()
        .expect("`cargo metadata` names the target directory");
    Path::new(target)
        .join("tests/trybuild")
        .join(env!("CARGO_PKG_NAME"))
}

/// Copies [`CATALOG_SOURCES`] into `folder`. Each file is replaced whole (a
/// temporary file renamed over it), so a concurrent run of this test sharing
/// the target directory never reads half a file; an up-to-date copy is left
/// alone.
fn install_catalogs(folder: &Path) {
    fs::create_dir_all(folder)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", folder.display()));
    for source in CATALOG_SOURCES {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
        let text =
            fs::read(&source).unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
        let name = source.file_name().expect("a catalog file name");
        let copy = folder.join(name);
        if fs::read(&copy).is_ok_and(|old| old == text) {
            continue;
        }
        let temp = folder.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        fs::write(&temp, &text).unwrap_or_else(|e| panic!("cannot write {}: {e}", temp.display()));
        fs::rename(&temp, &copy).unwrap_or_else(|e| panic!("cannot write {}: {e}", copy.display()));
    }
}
