//! Writes the Grafana tree: the four Upstream dashboards and the
//! provisioning files, compiled by `dashboard!` in `upstream-dashboards`.
//!
//! Output: `$DASHC_OUTPUT_DIR` if set, else `<cargo target dir>/grafana/`
//! (`target/grafana/` by default), never the source tree.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=DASHC_OUTPUT_DIR");
    let root = output_dir();
    let written = dashc_core::output::write_tree(
        &root,
        upstream_dashboards::ALL,
        &upstream_dashboards::PROVISIONING,
    );
    if let Err(e) = written {
        // InvalidInput: the definitions themselves are wrong, and the message says how.
        let help = if e.kind() == std::io::ErrorKind::InvalidInput {
            ""
        } else {
            "\nhelp: set DASHC_OUTPUT_DIR to a writable directory"
        };
        eprintln!(
            "error: cannot write the Grafana tree to {}: {e}{help}",
            root.display()
        );
        std::process::exit(1);
    }
    // The tree itself is watched too: a deleted or hand-edited file is put
    // back by the next `cargo build`. (After a build that changed files,
    // the next one re-runs this script once more and finds nothing to write.)
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rustc-env=DASHC_TREE={}", root.display());
}

/// `$DASHC_OUTPUT_DIR`, or `grafana/` in the cargo target directory.
fn output_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DASHC_OUTPUT_DIR") {
        return PathBuf::from(dir);
    }
    // OUT_DIR is <target>[/<triple>]/<profile>/build/<pkg>-<hash>/out, and
    // absolute (a relative CARGO_TARGET_DIR is relative to where cargo ran).
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let profile_dir = out
        .ancestors()
        .find(|p| p.file_name().is_some_and(|n| n == "build"))
        .and_then(Path::parent);
    let mut target = profile_dir.and_then(Path::parent);
    // With `--target <triple>`, the profile directories sit one level deeper.
    let triple = std::env::var_os("TARGET");
    if let (Some(dir), Some(triple)) = (target, triple) {
        if dir.file_name() == Some(triple.as_os_str()) {
            target = dir.parent();
        }
    }
    match target {
        Some(target) => target.join("grafana"),
        None => workspace_root().join("target").join("grafana"),
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
}
