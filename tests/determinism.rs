//! Determinism: the same sources give the same bytes.
//!
//! - Writing the tree twice, into two fresh folders, gives byte-identical
//!   trees.
//! - The tree `cargo build` wrote ([`upstream_monitoring::OUTPUT_DIR`]) is
//!   exactly what writing the compiled constants gives now: the build
//!   script's output and the embedded constants cannot drift apart, and the
//!   build left no stale dashboard behind.
//! - Writing over an up-to-date tree changes nothing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::files_under;
use dashc_core::output::{tree_files, write_tree, TreeOptions, TreeReport, DASHBOARDS_DIR};
use upstream_dashboards::{ALL, PROVISIONING};

/// A fresh, empty directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("dashc-determinism-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Writes the Upstream tree, as the build script does, to `root`.
fn write(root: &Path) -> std::io::Result<TreeReport> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    write_tree(
        root,
        &TreeOptions::new(ALL, source).provisioning(&PROVISIONING),
    )
}

fn assert_same_trees(a: &Path, b: &Path) {
    let files = files_under(a, false);
    assert_eq!(
        files,
        files_under(b, false),
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for file in &files {
        assert!(
            fs::read(a.join(file)).ok() == fs::read(b.join(file)).ok(),
            "{} differs between {} and {}",
            file.display(),
            a.display(),
            b.display()
        );
    }
}

#[test]
fn two_writes_give_byte_identical_trees() {
    let (a, b) = (TempDir::new("a"), TempDir::new("b"));
    let first = write(&a.0).expect("first write");
    let second = write(&b.0).expect("second write");
    assert_eq!(first, second);
    assert_eq!(first.written.len(), ALL.len() + 2);
    assert_same_trees(&a.0, &b.0);
}

#[test]
fn rewriting_an_up_to_date_tree_changes_nothing() {
    let dir = TempDir::new("again");
    write(&dir.0).expect("first write");
    let again = write(&dir.0).expect("second write");
    assert!(again.written.is_empty(), "rewritten: {:?}", again.written);
    assert!(again.removed.is_empty(), "removed: {:?}", again.removed);
    assert_eq!(again.unchanged.len(), ALL.len() + 2);
}

#[test]
fn the_built_tree_equals_a_fresh_write() {
    let built = Path::new(upstream_monitoring::OUTPUT_DIR);
    assert!(
        built.join(DASHBOARDS_DIR).is_dir(),
        "the build wrote no tree at {}: run `cargo build` (the build script writes it)",
        built.display()
    );
    // Everything the build should have written is there, byte for byte...
    for (relative, contents) in tree_files(ALL, Some(&PROVISIONING)).expect("tree") {
        let path = built.join(&relative);
        let on_disk =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            on_disk == contents,
            "{} differs from the compiled constant",
            path.display()
        );
    }
    // ...and no dashboard that no longer exists is left behind.
    let fresh = TempDir::new("fresh");
    write(&fresh.0).expect("fresh write");
    assert_same_trees(&fresh.0.join(DASHBOARDS_DIR), &built.join(DASHBOARDS_DIR));
}
