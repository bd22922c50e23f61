//! The output tree writer: layout of the tree, write-only-on-change,
//! removal of stale dashboards, refusal of unsafe names. (Refused places,
//! links, FIFOs and concurrent writers: `output_safety.rs`.)

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use dashc_core::output::{tree_files, write_tree, TreeOptions, TreeReport};
use dashc_core::{Dashboard, Provisioning};

mod common;
use common::{TempDir, API, DB, PROVISIONING};

const ROOT_LEVEL: Dashboard = Dashboard {
    uid: "home",
    title: "Home",
    folder: "",
    tags: &[],
    json: "{\"uid\": \"home\"}\n",
};

/// Writes `dashboards` and `provisioning` under `root`, guarding the workspace.
fn write(
    root: &Path,
    dashboards: &[Dashboard],
    provisioning: &Provisioning,
) -> std::io::Result<TreeReport> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    write_tree(
        root,
        &TreeOptions::new(dashboards, source).provisioning(provisioning),
    )
}

fn paths(list: &[&str]) -> Vec<PathBuf> {
    list.iter().map(PathBuf::from).collect()
}

/// Every file under `dir`, relative to it, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push(relative.to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn writes_the_documented_tree() {
    let tmp = TempDir::new("layout");
    let report = write(&tmp.0, &[API, ROOT_LEVEL], &PROVISIONING).expect("write");
    let expected = paths(&[
        ".dashc-manifest",
        "dashboards/Upstream/api.json",
        "dashboards/home.json",
        "provisioning/dashboards/upstream.yml",
        "provisioning/datasources/prometheus.yml",
    ]);
    assert_eq!(
        report,
        TreeReport {
            written: expected[1..].to_vec(),
            unchanged: Vec::new(),
            removed: Vec::new(),
            leftovers: Vec::new(),
        }
    );
    assert_eq!(
        listing(&tmp.0),
        expected,
        "no temporary file is left behind"
    );
    assert_eq!(
        fs::read_to_string(tmp.0.join("dashboards/Upstream/api.json")).ok(),
        Some(API.json.to_owned())
    );
    assert_eq!(
        fs::read_to_string(tmp.0.join("provisioning/datasources/prometheus.yml")).ok(),
        Some(PROVISIONING.datasource_yaml.to_owned())
    );
    assert_eq!(
        fs::read_to_string(tmp.0.join(".dashc-manifest"))
            .ok()
            .as_deref(),
        Some(
            "dashc-manifest 1\n\
             dashboards/Upstream/api.json\n\
             dashboards/home.json\n\
             provisioning/dashboards/upstream.yml\n\
             provisioning/datasources/prometheus.yml\n"
        ),
        "the manifest lists the files written, sorted"
    );
}

#[test]
fn dashboards_alone_need_no_provisioning() {
    let tmp = TempDir::new("dashboards-only");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = write_tree(&tmp.0, &TreeOptions::new(&[API], source)).expect("write");
    assert_eq!(report.written, paths(&["dashboards/Upstream/api.json"]));
    assert_eq!(
        listing(&tmp.0),
        paths(&[".dashc-manifest", "dashboards/Upstream/api.json"])
    );
    // Provisioning written by an earlier run is the writer's own: removed.
    write(&tmp.0, &[API], &PROVISIONING).expect("with provisioning");
    let report = write_tree(&tmp.0, &TreeOptions::new(&[API], source)).expect("without");
    assert_eq!(
        report.removed,
        paths(&[
            "provisioning/dashboards/upstream.yml",
            "provisioning/datasources/prometheus.yml",
        ])
    );
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let tmp = TempDir::new("unchanged");
    write(&tmp.0, &[API, DB], &PROVISIONING).expect("first write");
    let api = tmp.0.join("dashboards/Upstream/api.json");
    // Back-date the file, so that a rewrite shows whatever the clock and
    // the file system's timestamp resolution.
    let before = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(&api)
        .and_then(|f| f.set_modified(before))
        .expect("set the mtime");
    assert_eq!(mtime(&api), before);

    let changed_db = Dashboard {
        json: "{\"uid\": \"db\", \"title\": \"changed\"}\n",
        ..DB
    };
    let report = write(&tmp.0, &[API, changed_db], &PROVISIONING).expect("second write");
    assert_eq!(report.written, paths(&["dashboards/Upstream/db.json"]));
    assert_eq!(
        report.unchanged,
        paths(&[
            "dashboards/Upstream/api.json",
            "provisioning/dashboards/upstream.yml",
            "provisioning/datasources/prometheus.yml",
        ])
    );
    assert_eq!(mtime(&api), before, "an unchanged file keeps its timestamp");
    assert_eq!(
        fs::read_to_string(tmp.0.join("dashboards/Upstream/db.json")).ok(),
        Some(changed_db.json.to_owned())
    );
}

#[test]
fn stale_dashboards_and_empty_folders_are_removed() {
    let tmp = TempDir::new("stale");
    write(&tmp.0, &[API, DB, ROOT_LEVEL], &PROVISIONING).expect("first write");
    let hand = tmp.0.join("dashboards/Old/hand-written.json");
    fs::create_dir_all(hand.parent().expect("parent")).expect("mkdir");
    fs::write(&hand, "{}").expect("write hand-written");
    let beside = tmp.0.join("dashboards/Upstream/mine.json");
    fs::write(&beside, "{}").expect("write beside");
    let notes = tmp.0.join("dashboards/Upstream/README.txt");
    fs::write(&notes, "not a dashboard").expect("write notes");

    let report = write(&tmp.0, &[API], &PROVISIONING).expect("second write");
    assert_eq!(
        report.removed,
        paths(&["dashboards/Upstream/db.json", "dashboards/home.json"]),
        "only files the writer wrote are removed"
    );
    assert_eq!(
        listing(&tmp.0),
        paths(&[
            ".dashc-manifest",
            "dashboards/Old/hand-written.json",
            "dashboards/Upstream/README.txt",
            "dashboards/Upstream/api.json",
            "dashboards/Upstream/mine.json",
            "provisioning/dashboards/upstream.yml",
            "provisioning/datasources/prometheus.yml",
        ])
    );
}

#[test]
fn a_renamed_uid_removes_its_old_file_and_the_folder_it_empties() {
    let tmp = TempDir::new("renamed-uid");
    let old = Dashboard {
        folder: "Old",
        ..DB
    };
    write(&tmp.0, &[API, old], &PROVISIONING).expect("first write");
    let renamed = Dashboard {
        uid: "database",
        ..old
    };
    let report = write(&tmp.0, &[API, renamed], &PROVISIONING).expect("second write");
    assert_eq!(report.written, paths(&["dashboards/Old/database.json"]));
    assert_eq!(report.removed, paths(&["dashboards/Old/db.json"]));
    let report = write(&tmp.0, &[API], &PROVISIONING).expect("third write");
    assert_eq!(
        report.removed,
        paths(&["dashboards/Old", "dashboards/Old/database.json"])
    );
    assert!(tmp.0.join("dashboards/Upstream/api.json").is_file());
}

#[test]
fn a_renamed_provider_file_replaces_the_old_one() {
    let tmp = TempDir::new("provider-rename");
    write(&tmp.0, &[API], &PROVISIONING).expect("first write");
    let unrelated = tmp.0.join("provisioning/alerting/rules.yml");
    fs::create_dir_all(unrelated.parent().expect("parent")).expect("mkdir");
    fs::write(&unrelated, "apiVersion: 1\n").expect("write unrelated");
    let notes = tmp.0.join("provisioning/dashboards/notes.txt");
    fs::write(&notes, "kept").expect("write notes");

    let renamed = Provisioning {
        provider_file: "platform.yaml",
        ..PROVISIONING
    };
    let report = write(&tmp.0, &[API], &renamed).expect("second write");
    assert_eq!(
        report.written,
        paths(&["provisioning/dashboards/platform.yaml"])
    );
    assert_eq!(
        report.removed,
        paths(&["provisioning/dashboards/upstream.yml"])
    );
    assert!(unrelated.exists() && notes.exists());
}

#[test]
fn an_empty_set_empties_the_dashboards_folder_but_keeps_it() {
    let tmp = TempDir::new("empty-set");
    write(&tmp.0, &[API], &PROVISIONING).expect("first write");
    let report = write(&tmp.0, &[], &PROVISIONING).expect("second write");
    assert_eq!(
        report.removed,
        paths(&["dashboards/Upstream", "dashboards/Upstream/api.json"])
    );
    assert!(tmp.0.join("dashboards").is_dir());
}

#[test]
fn unsafe_names_are_refused_before_anything_is_written() {
    let tmp = TempDir::new("unsafe");
    for (folder, uid) in [("..", "x"), ("a/b", "x"), (".", "x"), ("ok", "../x")] {
        let bad = Dashboard { uid, folder, ..API };
        let err = write(&tmp.0, &[bad], &PROVISIONING).expect_err("must refuse");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(
            err.to_string()
                .contains("not a plain file or directory name"),
            "{err}"
        );
    }
    let bad_provider = Provisioning {
        provider_file: "../evil.yml",
        ..PROVISIONING
    };
    assert!(write(&tmp.0, &[API], &bad_provider).is_err());
    assert_eq!(listing(&tmp.0), Vec::<PathBuf>::new());
}

#[test]
fn duplicate_paths_are_refused() {
    let err = tree_files(&[API, API], Some(&PROVISIONING)).expect_err("duplicate");
    assert!(
        err.to_string().contains("dashboards/Upstream/api.json"),
        "{err}"
    );
}

#[test]
fn two_writes_give_identical_trees() {
    let (a, b) = (TempDir::new("det-a"), TempDir::new("det-b"));
    write(&a.0, &[DB, API, ROOT_LEVEL], &PROVISIONING).expect("write a");
    write(&b.0, &[ROOT_LEVEL, API, DB], &PROVISIONING).expect("write b");
    let files = listing(&a.0);
    assert_eq!(files, listing(&b.0));
    for file in files {
        assert_eq!(
            fs::read(a.0.join(&file)).ok(),
            fs::read(b.0.join(&file)).ok(),
            "{}",
            file.display()
        );
    }
}
