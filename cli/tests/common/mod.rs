//! What the command-line tests share: the workspace, the Upstream catalogs
//! in `dashboards-def/catalogs/`, scratch files, and a run of the `dashc`
//! command.

#![allow(dead_code)] // each test file uses its own part

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The Upstream catalog files, in the order the dashboards merge them.
pub const UPSTREAM_CATALOGS: [&str; 2] = ["django-prometheus.prom", "upstream.prom"];

/// The workspace root (the parent of `cli/`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent directory")
        .to_path_buf()
}

/// The path of an Upstream catalog file.
pub fn catalog_path(name: &str) -> PathBuf {
    workspace().join("dashboards-def/catalogs").join(name)
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

/// Runs the `dashc` command with `args`, `stdin` on its standard input.
/// Returns whether writing `stdin` worked (dashc may exit before reading it,
/// on a usage error) and what it printed.
pub fn dashc<S: AsRef<OsStr>>(args: &[S], stdin: &str) -> (io::Result<()>, Output) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dashc"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dashc runs");
    let written = child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes());
    (written, child.wait_with_output().expect("dashc finishes"))
}
