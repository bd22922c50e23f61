//! Builds `examples/user-crate`, a workspace of its own outside this one
//! that uses dashc-core, dashc-macros and dashc-build by path, as a user's
//! crate does, and checks the Grafana trees it writes:
//!
//! - `my-app`'s build script (`dashc_build::write(my_dashboards::ALL)`,
//!   the dashboards defined in the sibling crate `my-dashboards`) writes
//!   the dashboards to `grafana/` in the target directory;
//! - `my-standalone`'s binary `write-grafana` writes its own dashboards and
//!   the provisioning files (`Tree::new(ALL).provisioning(..).write()`);
//! - building or running again changes nothing, a deleted file is put
//!   back by the next build; a refused
//!   `DASHC_OUTPUT_DIR` fails with the message saying how to fix it.
//!
//! The example builds offline from its committed `Cargo.lock` (the same
//! dependency versions as this workspace's) into a target directory of its
//! own beside this test's binary, kept from one run to the next so that only
//! the first run compiles the dependencies.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/user-crate")
}

/// The example's target directory: in the profile directory holding this
/// test's binary (`<target>/debug/deps/user_crate-<hash>`), whatever
/// CARGO_TARGET_DIR is.
fn example_target() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lies in <target>/<profile>/deps/");
    profile_dir.join("dashc-user-crate")
}

/// `cargo <args>` on the example, offline and locked, in its own target
/// directory, with `DASHC_OUTPUT_DIR` as given (unset by default). The rest
/// of the environment is this test's, `OUT_DIR` included (cargo sets it
/// for the tests of a package with a build script): the example's binary
/// must still know it is not a build script.
fn cargo(args: &[&str], output_dir: Option<&str>) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let example = example_dir();
    let mut command = Command::new(cargo);
    command
        .args(args)
        .arg("--offline")
        .arg("--locked")
        .arg("--manifest-path")
        .arg(example.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(example_target())
        .current_dir(&example)
        .env_remove("DASHC_OUTPUT_DIR")
        .env_remove("CARGO_TARGET_DIR");
    if let Some(dir) = output_dir {
        command.env("DASHC_OUTPUT_DIR", dir);
    }
    command.output().expect("run cargo")
}

fn succeed(args: &[&str], output_dir: Option<&str>) -> Output {
    let output = cargo(args, output_dir);
    assert!(
        output.status.success(),
        "`cargo {}` on examples/user-crate failed (if Cargo.lock is out of date, run \
         `cargo update --offline --workspace --manifest-path examples/user-crate/Cargo.toml`):\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every file under `root`, relative, with its bytes and modification time.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).expect("under root").to_path_buf();
                let bytes = fs::read(&path).expect("read file");
                out.insert(relative, (bytes, meta.modified().expect("mtime")));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn paths(tree: &BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) -> Vec<String> {
    tree.keys().map(|p| p.display().to_string()).collect()
}

/// The dashboard JSON at `relative` in `tree`, with its uid and title.
fn dashboard(tree: &BTreeMap<PathBuf, (Vec<u8>, SystemTime)>, relative: &str, title: &str) {
    let (bytes, _) = &tree[Path::new(relative)];
    let json: serde_json::Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let uid = Path::new(relative).file_stem().unwrap().to_str().unwrap();
    assert_eq!(json["uid"], uid, "{relative}");
    assert_eq!(json["title"], title, "{relative}");
    assert!(
        json["panels"].as_array().is_some_and(|p| !p.is_empty()),
        "{relative} has no panels"
    );
}

#[test]
fn a_build_script_writes_the_dashboards_of_a_sibling_crate() {
    let root = example_target().join("grafana");
    // `cargo run` builds (running the build script) and prints the path the
    // build script gave the crate in DASHC_TREE.
    let run = succeed(&["run", "-q", "-p", "my-app"], None);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let mut lines = stdout.lines();
    let tree_dir = fs::canonicalize(lines.next().expect("the tree's path")).expect("tree exists");
    assert_eq!(tree_dir, fs::canonicalize(&root).expect("target/grafana"));
    assert_eq!(
        lines.collect::<Vec<_>>(),
        ["Shop/shop-web.json", "Shop/shop-orders.json"]
    );

    let first = snapshot(&root);
    assert_eq!(
        paths(&first),
        [
            ".dashc-manifest",
            "dashboards/Shop/shop-orders.json",
            "dashboards/Shop/shop-web.json"
        ]
    );
    dashboard(&first, "dashboards/Shop/shop-web.json", "Shop Web");
    dashboard(&first, "dashboards/Shop/shop-orders.json", "Shop Orders");
    let manifest = String::from_utf8_lossy(&first[Path::new(".dashc-manifest")].0).into_owned();
    assert!(
        manifest.contains("dashboards/Shop/shop-web.json"),
        "{manifest}"
    );

    succeed(&["build", "-p", "my-app"], None);
    assert!(first == snapshot(&root), "a second build changed the tree");

    // The tree is watched: a deleted file is put back by the next build.
    let web = root.join("dashboards/Shop/shop-web.json");
    fs::remove_file(&web).expect("delete a dashboard");
    succeed(&["build", "-p", "my-app"], None);
    let restored = fs::read(&web).expect("the deleted dashboard is written again");
    assert!(restored == first[Path::new("dashboards/Shop/shop-web.json")].0);
    let first = snapshot(&root);

    // A refused directory fails the build with the fix, naming the default.
    let refused = cargo(&["build", "-p", "my-app"], Some("relative/grafana"));
    assert!(
        !refused.status.success(),
        "a relative DASHC_OUTPUT_DIR was accepted"
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("error: DASHC_OUTPUT_DIR=\"relative/grafana\": refusing")
            && stderr.contains(&format!("or unset it to write to {}", root.display())),
        "{stderr}"
    );
    assert!(first == snapshot(&root), "a refused build changed the tree");
}

#[test]
fn a_binary_writes_its_crates_dashboards_and_provisioning() {
    let root = example_target().join("grafana-standalone");
    let dir = root.to_str().expect("a UTF-8 target path");
    let args = ["run", "-q", "-p", "my-standalone", "--bin", "write-grafana"];
    let run = succeed(&args, Some(dir));
    let first = snapshot(&root);
    assert_eq!(
        paths(&first),
        [
            ".dashc-manifest",
            "dashboards/Jobs/jobs-overview.json",
            "provisioning/dashboards/jobs.yml",
            "provisioning/datasources/prometheus.yml"
        ]
    );
    dashboard(
        &first,
        "dashboards/Jobs/jobs-overview.json",
        "Jobs Overview",
    );
    let provider = String::from_utf8_lossy(&first[Path::new("provisioning/dashboards/jobs.yml")].0)
        .into_owned();
    assert!(
        provider.contains("path: /var/lib/grafana/dashboards"),
        "{provider}"
    );
    let datasource =
        String::from_utf8_lossy(&first[Path::new("provisioning/datasources/prometheus.yml")].0)
            .into_owned();
    assert!(datasource.contains("uid: prometheus"), "{datasource}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(&format!("wrote the Grafana tree to {dir}: ")),
        "{stderr}"
    );

    let again = succeed(&args, Some(dir));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("0 file(s) written, 3 unchanged, 0 removed"),
        "{stderr}"
    );
    assert!(first == snapshot(&root), "a second run changed the tree");

    // The binary found the example's target directory from its own path.
    let refused = cargo(&args, Some("relative/grafana"));
    assert!(
        !refused.status.success(),
        "a relative DASHC_OUTPUT_DIR was accepted"
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let default = example_target().join("grafana");
    assert!(
        stderr.contains("error: DASHC_OUTPUT_DIR=\"relative/grafana\": refusing")
            && stderr.contains(&format!("or unset it to write to {}", default.display())),
        "{stderr}"
    );
}
