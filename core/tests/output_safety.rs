//! The output tree writer keeps to its own files: refused places (empty,
//! relative, `/`, home, the source tree, another program's directory),
//! links inside the tree, FIFOs and devices at a file's path, temporary
//! files of interrupted runs, concurrent writers, trees written before the
//! manifest, and a damaged manifest.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use dashc_core::output::{write_tree, TreeOptions, TreeReport, MANIFEST_FILE};
use dashc_core::Dashboard;

mod common;
use common::{TempDir, API, DB, PROVISIONING};

/// The package root: the source tree these tests guard.
fn source() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn write(root: &Path, dashboards: &[Dashboard]) -> io::Result<TreeReport> {
    write_tree(
        root,
        &TreeOptions::new(dashboards, source()).provisioning(&PROVISIONING),
    )
}

/// Runs `write` on another thread, failing (not hanging) if it never returns.
fn write_or_fail(
    root: &Path,
    dashboards: &'static [Dashboard],
    unblock: impl FnOnce(),
) -> TreeReport {
    let (send, receive) = mpsc::channel();
    let root_copy = root.to_path_buf();
    std::thread::spawn(move || {
        let _ = send.send(write(&root_copy, dashboards));
    });
    // A generous bound: only there to fail instead of hang.
    match receive.recv_timeout(Duration::from_secs(300)) {
        Ok(result) => result.expect("write"),
        Err(_) => {
            unblock();
            panic!("the writer did not return: it is blocked on something at a file's path");
        }
    }
}

/// Every file under `dir` (links not followed), relative to it, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if is_dir {
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

fn paths(list: &[&str]) -> Vec<PathBuf> {
    list.iter().map(PathBuf::from).collect()
}

fn refused(result: io::Result<TreeReport>, expected: &[&str]) -> String {
    let err = result.expect_err("the place must be refused");
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    let message = err.to_string();
    for part in expected {
        assert!(message.contains(part), "`{part}` missing from: {message}");
    }
    message
}

fn put(path: &Path, contents: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, contents).expect("write");
}

/// A temporary file of a run interrupted two hours ago.
fn put_aged(path: &Path) {
    put(path, "half written");
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::now() - Duration::from_secs(7200)))
        .expect("age the file");
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[test]
fn an_empty_output_directory_is_refused() {
    let cwd = std::env::current_dir().expect("cwd");
    refused(write(Path::new(""), &[API]), &["empty", "absolute path"]);
    assert!(
        !cwd.join("dashboards/Upstream/api.json").exists(),
        "nothing is written to the working directory"
    );
}

#[test]
fn a_relative_output_directory_is_refused() {
    let name = format!("dashc-relative-{}", std::process::id());
    refused(
        write(Path::new(&name), &[API]),
        &[&name, "relative", "absolute path"],
    );
    let cwd = std::env::current_dir().expect("cwd");
    assert!(!cwd.join(&name).exists(), "nothing is created");
}

#[test]
fn the_filesystem_root_is_refused() {
    refused(write(Path::new("/"), &[API]), &["filesystem root"]);
}

#[test]
fn the_home_directory_and_those_above_it_are_refused() {
    let home = std::env::var_os("HOME").expect("HOME must be set for this test");
    let home = fs::canonicalize(PathBuf::from(home)).expect("HOME exists");
    let before = fs::read_dir(&home).expect("list home").count();
    if home.parent().is_some() {
        refused(write(&home, &[API]), &["home directory"]);
        assert_eq!(fs::read_dir(&home).expect("list").count(), before);
    }
    if let Some(above) = home.parent().filter(|p| p.parent().is_some()) {
        refused(write(above, &[API]), &["contains your home directory"]);
    }
}

#[test]
fn the_source_tree_and_anything_inside_it_are_refused() {
    let workspace = source().parent().expect("workspace");
    refused(write(source(), &[API]), &["is the source tree"]);
    refused(write(workspace, &[API]), &["contains the source tree"]);
    let inside = source().join(format!("dashc-inside-{}", std::process::id()));
    refused(
        write(&inside, &[API]),
        &["inside the source tree", "outside the source tree"],
    );
    assert!(!inside.exists(), "nothing is created");
    // Through a `..`, the same (a directory that exists, then up again).
    let sneaky = source().join("src").join("..");
    refused(write(&sneaky, &[API]), &["is the source tree"]);
}

#[test]
fn inside_the_source_tree_only_the_build_directory_is_allowed() {
    let tmp = TempDir::new("build-dir");
    let source = tmp.0.join("src");
    let build = source.join("target");
    fs::create_dir_all(&build).expect("mkdir");
    let options = TreeOptions::new(&[API], &source).build_dir(&build);
    write_tree(&build.join("grafana"), &options).expect("inside the build directory");
    assert!(build.join("grafana/dashboards/Upstream/api.json").is_file());
    refused(
        write_tree(&source.join("grafana"), &options),
        &["inside the source tree"],
    );
    // Without it, the same place is refused.
    refused(
        write_tree(&build.join("grafana"), &TreeOptions::new(&[API], &source)),
        &["inside the source tree"],
    );
    // The build directory itself is not a tree's root.
    refused(write_tree(&build, &options), &["inside the source tree"]);
}

#[test]
fn another_programs_directory_is_refused_and_left_alone() {
    let tmp = TempDir::new("foreign");
    let theirs = tmp.0.join("provisioning/datasources/loki.yml");
    put(&theirs, "apiVersion: 1\n");
    let other = tmp.0.join("dashboards/Upstream/hand.json");
    put(&other, "{}");
    let message = refused(
        write(&tmp.0, &[API]),
        &["not empty", MANIFEST_FILE, "delete the directory once"],
    );
    assert!(message.contains(&tmp.0.display().to_string()), "{message}");
    assert_eq!(
        listing(&tmp.0),
        paths(&[
            "dashboards/Upstream/hand.json",
            "provisioning/datasources/loki.yml"
        ]),
        "nothing written, nothing deleted"
    );

    // A folder of some other tool's YAML only: refused too.
    let yaml_only = TempDir::new("foreign-yaml");
    put(
        &yaml_only.0.join("provisioning/datasources/prometheus.yml"),
        "theirs",
    );
    refused(write(&yaml_only.0, &[API]), &["not empty"]);
    assert_eq!(
        fs::read_to_string(yaml_only.0.join("provisioning/datasources/prometheus.yml"))
            .ok()
            .as_deref(),
        Some("theirs")
    );
}

#[test]
fn a_tree_written_before_the_manifest_is_taken_over() {
    let tmp = TempDir::new("upgrade");
    put(&tmp.0.join("dashboards/Upstream/api.json"), "old bytes");
    put(&tmp.0.join("provisioning/dashboards/upstream.yml"), "old");
    put(
        &tmp.0.join("provisioning/datasources/prometheus.yml"),
        "old",
    );
    put_aged(&tmp.0.join("dashboards/Upstream/.api.json.4194999.tmp"));
    let report = write(&tmp.0, &[API, DB]).expect("an old dashc tree is taken over");
    assert_eq!(
        report.leftovers,
        paths(&["dashboards/Upstream/.api.json.4194999.tmp"])
    );
    assert_eq!(
        listing(&tmp.0),
        paths(&[
            MANIFEST_FILE,
            "dashboards/Upstream/api.json",
            "dashboards/Upstream/db.json",
            "provisioning/dashboards/upstream.yml",
            "provisioning/datasources/prometheus.yml",
        ])
    );
    assert_eq!(
        fs::read_to_string(tmp.0.join("dashboards/Upstream/api.json"))
            .ok()
            .as_deref(),
        Some(API.json)
    );

    // One file the new version does not write: refused, nothing changed.
    let extra = TempDir::new("upgrade-extra");
    put(&extra.0.join("dashboards/Upstream/api.json"), "old bytes");
    put(&extra.0.join("dashboards/Upstream/renamed.json"), "old");
    refused(
        write(&extra.0, &[API]),
        &["renamed.json", "delete the directory once"],
    );
    assert_eq!(
        fs::read_to_string(extra.0.join("dashboards/Upstream/api.json"))
            .ok()
            .as_deref(),
        Some("old bytes")
    );
    assert!(!extra.0.join(MANIFEST_FILE).exists());
}

#[test]
fn an_empty_or_missing_directory_is_written() {
    let tmp = TempDir::new("fresh");
    write(&tmp.0, &[API]).expect("empty directory");
    let missing = tmp.0.join("a/b/grafana");
    write(&missing, &[API]).expect("missing directory");
    assert!(missing.join("dashboards/Upstream/api.json").is_file());
}

#[cfg(unix)]
#[test]
fn a_linked_dashboards_folder_is_refused_and_its_target_untouched() {
    for linked in [
        "dashboards",
        "dashboards/Upstream",
        "provisioning",
        "provisioning/dashboards",
    ] {
        let tmp = TempDir::new(&format!("link-{}", linked.replace('/', "-")));
        let root = tmp.0.join("tree");
        write(&root, &[API, DB]).expect("first write");
        // Someone moves the folder elsewhere and leaves a link.
        let elsewhere = tmp.0.join("elsewhere");
        fs::rename(root.join(linked), &elsewhere).expect("move");
        symlink(&elsewhere, &root.join(linked));
        put(&elsewhere.join("keep.json"), "{}");
        put(&elsewhere.join("keep.yml"), "apiVersion: 1\n");
        let before: Vec<(PathBuf, Vec<u8>)> = listing(&elsewhere)
            .into_iter()
            .map(|p| {
                let bytes = fs::read(elsewhere.join(&p)).expect("read");
                (p, bytes)
            })
            .collect();

        // `db` is dropped and `api` changes: neither may go through the link.
        let api_changed = Dashboard {
            json: "{\"uid\": \"api\", \"version\": 2}\n",
            ..API
        };
        let message = refused(write(&root, &[api_changed]), &["symbolic link", linked]);
        assert!(message.contains("real directory"), "{message}");
        let after: Vec<(PathBuf, Vec<u8>)> = listing(&elsewhere)
            .into_iter()
            .map(|p| {
                let bytes = fs::read(elsewhere.join(&p)).expect("read");
                (p, bytes)
            })
            .collect();
        assert_eq!(before, after, "{linked}: the link's target is untouched");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_at_a_files_path_is_replaced_without_being_opened() {
    let tmp = TempDir::new("fifo");
    write(&tmp.0, &[API]).expect("first write");
    let path = tmp.0.join("dashboards/Upstream/api.json");
    fs::remove_file(&path).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo (coreutils)");
    assert!(made.success(), "mkfifo failed");
    let fifo = path.clone();
    let report = write_or_fail(&tmp.0, &[API], move || {
        // Let a blocked reader go, so the test process can end.
        let _ = fs::OpenOptions::new().write(true).open(&fifo);
    });
    assert_eq!(report.written, paths(&["dashboards/Upstream/api.json"]));
    assert!(fs::symlink_metadata(&path).expect("stat").is_file());
    assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some(API.json));
}

#[cfg(unix)]
#[test]
fn a_link_at_a_files_path_is_replaced_without_being_read() {
    let tmp = TempDir::new("dev-zero");
    write(&tmp.0, &[API]).expect("first write");
    let path = tmp.0.join("dashboards/Upstream/api.json");
    fs::remove_file(&path).expect("remove");
    symlink(Path::new("/dev/zero"), &path);
    // A link to a regular file with the very same bytes is replaced too,
    // and its target keeps its bytes.
    let target = tmp.0.join("outside.yml");
    fs::write(&target, PROVISIONING.provider_yaml).expect("write target");
    let provider = tmp.0.join("provisioning/dashboards/upstream.yml");
    fs::remove_file(&provider).expect("remove");
    symlink(&target, &provider);

    let report = write_or_fail(&tmp.0, &[API], || {});
    assert_eq!(
        report.written,
        paths(&[
            "dashboards/Upstream/api.json",
            "provisioning/dashboards/upstream.yml"
        ])
    );
    for file in [&path, &provider] {
        assert!(
            fs::symlink_metadata(file).expect("stat").is_file(),
            "{}",
            file.display()
        );
    }
    assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some(API.json));
    assert_eq!(
        fs::read_to_string(&target).ok().as_deref(),
        Some(PROVISIONING.provider_yaml)
    );
}

#[test]
fn a_directory_at_a_files_path_is_reported() {
    let tmp = TempDir::new("dir-at-file");
    write(&tmp.0, &[API]).expect("first write");
    let path = tmp.0.join("dashboards/Upstream/api.json");
    fs::remove_file(&path).expect("remove");
    fs::create_dir(&path).expect("mkdir");
    put(&path.join("inside.txt"), "kept");
    refused(
        write(&tmp.0, &[API]),
        &["api.json", "is a directory", "move it away"],
    );
    assert!(path.join("inside.txt").is_file());
}

#[test]
fn temporary_files_of_interrupted_runs_are_removed() {
    let tmp = TempDir::new("leftovers");
    write(&tmp.0, &[API]).expect("first write");
    let dead = 4_194_999; // above Linux's largest process id
    let leftovers = [
        format!("dashboards/Upstream/.api.json.dashc-{dead}-3-00c0ffee.tmp"),
        format!(
            "dashboards/Upstream/.api.json.dashc-{}-77-ab.tmp",
            std::process::id()
        ),
        format!("provisioning/dashboards/.upstream.yml.{dead}.tmp"),
        format!("..dashc-manifest.dashc-{dead}-0-1.tmp"),
    ];
    for leftover in &leftovers {
        put_aged(&tmp.0.join(leftover));
    }
    let unrelated = [
        "dashboards/Upstream/.notes.tmp",
        "dashboards/Upstream/.api.json.swp",
    ];
    for file in unrelated {
        put(&tmp.0.join(file), "not the writer's");
    }
    let report = write(&tmp.0, &[API]).expect("second write");
    let mut expected: Vec<PathBuf> = leftovers.iter().map(PathBuf::from).collect();
    expected.sort();
    let mut cleaned = report.leftovers.clone();
    cleaned.sort();
    assert_eq!(cleaned, expected);
    for leftover in &leftovers {
        assert!(!tmp.0.join(leftover).exists(), "{leftover}");
    }
    for file in unrelated {
        assert!(tmp.0.join(file).exists(), "{file} is not the writer's");
    }
}

/// Two versions of the set, so that each write changes files.
const FIRST: [Dashboard; 2] = [API, DB];
const SECOND: [Dashboard; 2] = [
    Dashboard {
        json: "{\"uid\": \"api\", \"version\": 2}\n",
        ..API
    },
    Dashboard {
        json: "{\"uid\": \"db\", \"version\": 2}\n",
        ..DB
    },
];

fn write_often(root: PathBuf, rounds: usize) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut errors = Vec::new();
        for round in 0..rounds {
            let set: &[Dashboard] = if round % 2 == 0 { &FIRST } else { &SECOND };
            if let Err(e) = write(&root, set) {
                errors.push(e.to_string());
            }
        }
        errors
    })
}

fn no_temporary_files(root: &Path) {
    for file in listing(root) {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(!name.ends_with(".tmp"), "{} left behind", file.display());
    }
}

#[test]
fn two_writers_in_one_process_write_two_trees_side_by_side() {
    let tmp = TempDir::new("two-trees");
    let (a, b) = (tmp.0.join("a"), tmp.0.join("b"));
    let first = write_often(a.clone(), 40);
    let second = write_often(b.clone(), 40);
    assert_eq!(first.join().expect("first writer"), Vec::<String>::new());
    assert_eq!(second.join().expect("second writer"), Vec::<String>::new());
    for root in [&a, &b] {
        no_temporary_files(root);
        assert_eq!(
            fs::read_to_string(root.join("dashboards/Upstream/db.json"))
                .ok()
                .as_deref(),
            Some(SECOND[1].json)
        );
    }
}

#[test]
fn two_writers_in_one_process_take_turns_on_one_tree() {
    let tmp = TempDir::new("one-tree");
    let root = tmp.0.join("tree");
    let writers: Vec<_> = (0..3).map(|_| write_often(root.clone(), 40)).collect();
    for writer in writers {
        assert_eq!(writer.join().expect("writer"), Vec::<String>::new());
    }
    no_temporary_files(&root);
    assert_eq!(
        listing(&root),
        paths(&[
            MANIFEST_FILE,
            "dashboards/Upstream/api.json",
            "dashboards/Upstream/db.json",
            "provisioning/dashboards/upstream.yml",
            "provisioning/datasources/prometheus.yml",
        ])
    );
}

#[test]
fn a_damaged_manifest_is_refused_and_nothing_outside_is_deleted() {
    let tmp = TempDir::new("manifest");
    let root = tmp.0.join("tree");
    write(&root, &[API]).expect("first write");
    let outside = tmp.0.join("precious.json");
    put(&outside, "{}");
    for (text, expected) in [
        (
            "dashc-manifest 1\n../precious.json\n",
            "not a file dashc writes",
        ),
        (
            "dashc-manifest 1\n/etc/hostname\n",
            "not a file dashc writes",
        ),
        ("dashc-manifest 1\ndashboards\n", "not a file dashc writes"),
        ("dashc-manifest 9\n", "another version of dashc"),
        ("", "another version of dashc"),
    ] {
        fs::write(root.join(MANIFEST_FILE), text).expect("damage the manifest");
        let message = refused(write(&root, &[API]), &[expected, MANIFEST_FILE]);
        assert!(message.contains("delete the directory once"), "{message}");
        assert!(outside.is_file());
    }
    fs::write(root.join(MANIFEST_FILE), vec![b'x'; 2 << 20]).expect("huge manifest");
    refused(write(&root, &[API]), &["larger than"]);
    #[cfg(unix)]
    {
        // A manifest that is a link is not followed, whatever it points to.
        let elsewhere = tmp.0.join("elsewhere-manifest");
        fs::write(&elsewhere, "dashc-manifest 1\n").expect("write");
        fs::remove_file(root.join(MANIFEST_FILE)).expect("remove");
        symlink(&elsewhere, &root.join(MANIFEST_FILE));
        refused(write(&root, &[API]), &["not a regular file"]);
    }
}
