//! A catalog file added to or removed from a crate's `catalogs/` folder
//! recompiles its dashboards, with the one-line build script the README
//! gives (`cargo:rerun-if-changed=catalogs`).
//!
//! Builds a scratch crate with `cargo check` several times, changing its
//! `catalogs/` folder in between, and checks each build's verdict: a
//! dashboard is expanded again only if cargo recompiles the crate, so a
//! verdict that follows the folder shows the rebuild happened. The scratch
//! crate and its own target directory live in cargo's temporary directory
//! for tests, so later runs reuse the compiled dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;

const JOBS: &str = "# TYPE app_jobs_total counter\napp_jobs_total{queue=\"mail\"} 1\n";
const QUEUE: &str = "# TYPE app_queue_depth gauge\napp_queue_depth 3\n";
/// Declares `app_jobs_total` a gauge: a type conflict with `jobs.prom`.
const CONFLICT: &str = "# TYPE app_jobs_total gauge\napp_jobs_total 1\n";

const LIB: &str = r#"
pub const D: dashc_core::Dashboard = dashc_macros::dashboard! {
    uid: "rebuild",
    title: "Rebuild",
    timeseries "Jobs" { unit: "ops", "{{queue}}" => "sum by (queue) (rate(app_jobs_total[5m]))" }
    stat "Queue" { unit: "short", _ => "app_queue_depth" }
};
"#;

/// The one-line build script of the README.
const BUILD: &str = "fn main() {\n    println!(\"cargo:rerun-if-changed=catalogs\");\n}\n";

struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashc-catalog-rebuild");
        // Keep `target/` (compiled dependencies); rewrite everything else.
        for stale in ["src", "catalogs", "build.rs", "Cargo.toml", "Cargo.lock"] {
            let path = dir.join(stale);
            let _ = std::fs::remove_dir_all(&path);
            let _ = std::fs::remove_file(&path);
        }
        std::fs::create_dir_all(dir.join("src")).expect("create the scratch crate");
        std::fs::create_dir_all(dir.join("catalogs")).expect("create its catalogs folder");
        let manifest = format!(
            "[package]\nname = \"dashc-catalog-rebuild-case\"\nversion = \"0.0.0\"\n\
             edition = \"2021\"\npublish = false\n\n[dependencies]\n\
             dashc-core = {{ path = {core:?} }}\ndashc-macros = {{ path = {macros:?} }}\n\n\
             [workspace]\n",
            core = root.join("core").display().to_string(),
            macros = root.join("macros").display().to_string(),
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        // The workspace's lock file: the same dependency versions, offline.
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .expect("copy the workspace's Cargo.lock");
        std::fs::write(dir.join("build.rs"), BUILD).unwrap();
        std::fs::write(dir.join("src/lib.rs"), LIB).unwrap();
        Scratch { dir }
    }

    fn catalog(&self, name: &str) -> PathBuf {
        self.dir.join("catalogs").join(name)
    }

    /// `cargo check` of the scratch crate: success, and what it printed.
    fn check(&self) -> (bool, String) {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args(["check", "--offline", "--quiet", "--color", "never"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", self.dir.join("target"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }
}

#[test]
fn adding_or_removing_a_catalog_file_recompiles_the_dashboards() {
    let s = Scratch::new();
    std::fs::write(s.catalog("jobs.prom"), JOBS).unwrap();
    std::fs::write(s.catalog("queue.prom"), QUEUE).unwrap();
    let (ok, text) = s.check();
    assert!(
        ok,
        "the scratch crate should compile with both catalogs:\n{text}"
    );

    // A removed file: the metric it declared is unknown now.
    std::fs::remove_file(s.catalog("queue.prom")).unwrap();
    let (ok, text) = s.check();
    assert!(
        !ok && text.contains("unknown metric `app_queue_depth`"),
        "removing catalogs/queue.prom should recompile and fail on `app_queue_depth`:\n{text}"
    );

    std::fs::write(s.catalog("queue.prom"), QUEUE).unwrap();
    let (ok, text) = s.check();
    assert!(
        ok,
        "restoring catalogs/queue.prom should compile again:\n{text}"
    );

    // A new file after a successful build: it is read, and its type
    // conflict with jobs.prom is reported.
    std::fs::write(s.catalog("conflict.prom"), CONFLICT).unwrap();
    let (ok, text) = s.check();
    assert!(
        !ok && text.contains("catalogs/conflict.prom:1; one application cannot export both"),
        "adding catalogs/conflict.prom should recompile and report its conflict:\n{text}"
    );

    std::fs::remove_file(s.catalog("conflict.prom")).unwrap();
    let (ok, text) = s.check();
    assert!(
        ok,
        "removing catalogs/conflict.prom should compile again:\n{text}"
    );
}
