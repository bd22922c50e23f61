//! Writes the Grafana tree: the four Upstream dashboards and the
//! provisioning files, compiled by `dashboard!` in `upstream-dashboards`.
//!
//! Output: `$DASHC_OUTPUT_DIR` if set (an absolute path), else
//! `<cargo target dir>/grafana/` (`target/grafana/` by default), never the
//! source tree. The writer's rules are in `core/src/output.rs`.

use std::path::{Path, PathBuf};

use dashc_core::output::{write_tree, TreeOptions};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=DASHC_OUTPUT_DIR");
    let source = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let target = target_dir();
    let chosen = std::env::var_os("DASHC_OUTPUT_DIR");
    let root = match (&chosen, &target) {
        (Some(dir), _) => PathBuf::from(dir),
        (None, Some(target)) => target.join("grafana"),
        (None, None) => source.join("target").join("grafana"),
    };
    let build_dir = target.unwrap_or_else(|| source.join("target"));
    let options = TreeOptions::new(upstream_dashboards::ALL, &source)
        .provisioning(&upstream_dashboards::PROVISIONING)
        .build_dir(&build_dir);
    if let Err(e) = write_tree(&root, &options) {
        if e.kind() == std::io::ErrorKind::InvalidData {
            // The definitions themselves are wrong, and the message says how.
            eprintln!("error: cannot write the Grafana tree: {e}");
            std::process::exit(1);
        }
        match chosen {
            Some(dir) => eprintln!(
                "error: DASHC_OUTPUT_DIR={dir:?}: {e}\nhelp: set DASHC_OUTPUT_DIR to the absolute \
                 path of a new or empty directory outside the source tree, or unset it to write \
                 to {}",
                build_dir.join("grafana").display()
            ),
            None => eprintln!(
                "error: cannot write the Grafana tree to {}: {e}\nhelp: set DASHC_OUTPUT_DIR to \
                 the absolute path of a new or empty directory outside the source tree",
                root.display()
            ),
        }
        std::process::exit(1);
    }
    // The tree itself is watched too: a deleted or hand-edited file is put
    // back by the next `cargo build`. (After a build that changed files,
    // the next one re-runs this script once more and finds nothing to write.)
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rustc-env=DASHC_TREE={}", root.display());
}

/// Cargo's target directory, found from `OUT_DIR`.
fn target_dir() -> Option<PathBuf> {
    // OUT_DIR is <target>[/<triple>]/<profile>/build/<pkg>-<hash>/out, and
    // absolute (a relative CARGO_TARGET_DIR is relative to where cargo ran).
    let out = PathBuf::from(std::env::var_os("OUT_DIR")?);
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
    target.map(Path::to_path_buf)
}
