//! The output tree Grafana reads: dashboards and provisioning files.
//!
//! ```text
//! <root>/.dashc-manifest                         the files dashc wrote here
//! <root>/dashboards/<folder>/<uid>.json          one file per dashboard
//! <root>/provisioning/dashboards/<provider_file> the dashboard provider (optional)
//! <root>/provisioning/datasources/prometheus.yml the Prometheus datasource (optional)
//! ```
//!
//! The rules [`write_tree`] follows:
//!
//! - **Where.** The root must be an absolute path. It is refused when it is
//!   empty, a filesystem root (`/`), the user's home directory or one above
//!   it, the source tree (see [`TreeOptions::new`]), a directory inside the
//!   source tree (except inside cargo's target directory, see
//!   [`TreeOptions::build_dir`]) or one above it. An existing directory must
//!   be empty, or hold a [`MANIFEST_FILE`] from an earlier run, or be a tree
//!   written by a dashc from before the manifest (it holds nothing but files
//!   this run writes, at least one of them a dashboard). Anything else is
//!   another program's directory and is refused: nothing is written.
//! - **What is deleted.** Only files listed in the manifest of an earlier run
//!   that this run no longer writes (a renamed uid, folder or provider file),
//!   and the dashboard folders they leave empty. Never a file found by
//!   name pattern: a hand-written `*.json` or `*.yml` beside the generated
//!   ones stays. The manifest lists the union of the old and new files
//!   while the run is in progress, so an interrupted run loses track of
//!   nothing.
//! - **Links.** Symbolic links inside the tree are never followed: a link
//!   where the tree has a directory (`dashboards/`, `provisioning/`, a
//!   folder) is refused with an error before anything is written or
//!   deleted; a link at a file's path is replaced by the file, the link's
//!   target untouched. (The root itself may be a link: it is the user's
//!   choice of directory.)
//! - **Reading.** Before writing a file, its current content is compared
//!   only when it is a regular file of exactly the new length, and at most
//!   that many bytes plus one are read. A FIFO, device, socket or link at a
//!   file's path is never opened: it is replaced. The manifest is read
//!   only if it is a regular file, up to [`MANIFEST_MAX_BYTES`].
//! - **Writing.** Each file is written atomically (a new temporary file in
//!   the same directory, created exclusively, then a rename, so Grafana
//!   never reads half a file) and only when its bytes change (Grafana
//!   reloads a dashboard whenever its file's checksum changes); on Unix the
//!   directories are synced after the renames. Temporary files are hidden
//!   and end in `.tmp` (`.NAME.dashc-PID-COUNTER-RANDOM.tmp`), so neither
//!   Grafana loader picks them up; those left by an interrupted run are
//!   removed by the next one once their process has ended (on Linux, as
//!   `/proc` tells; elsewhere, once they are an hour old).
//!
//! Two writers in one process on the same root take turns; on different
//! roots they run side by side. The checks look at the tree before writing:
//! a link swapped in by another program during the run is not detected.

use std::collections::hash_map::RandomState;
use std::collections::BTreeSet;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

use crate::check::{check_set, SetMember};
use crate::{Dashboard, DashboardFile, Provisioning};

/// Directory under the root holding the dashboards (the provider's path).
pub const DASHBOARDS_DIR: &str = "dashboards";
/// Directory under the root mounted as `/etc/grafana/provisioning`.
pub const PROVISIONING_DIR: &str = "provisioning";
/// The datasource file's name under `provisioning/datasources/`.
pub const DATASOURCE_FILE: &str = "prometheus.yml";
/// The file under the root listing, one per line after a format line, the
/// files dashc wrote there: the only files it ever deletes.
pub const MANIFEST_FILE: &str = ".dashc-manifest";
/// The manifest's first line; another first line is refused.
pub const MANIFEST_FORMAT: &str = "dashc-manifest 1";
/// The largest manifest read, in bytes (a manifest of 10,000 dashboards is
/// well under it).
pub const MANIFEST_MAX_BYTES: u64 = 1 << 20;

/// A temporary file of an interrupted run, whose process is not known to be
/// gone, is removed once it is this old (where `/proc` cannot tell).
const STALE_TEMP_SECONDS: u64 = 3600;

/// What [`write_tree`] did; paths are relative to the root, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeReport {
    /// Files created or replaced.
    pub written: Vec<PathBuf>,
    /// Files whose bytes were already right (left untouched).
    pub unchanged: Vec<PathBuf>,
    /// Files an earlier run wrote that this one does not, and the dashboard
    /// folders their removal left empty.
    pub removed: Vec<PathBuf>,
    /// Temporary files of interrupted runs, removed.
    pub leftovers: Vec<PathBuf>,
}

/// What [`write_tree`] writes, and the source tree it keeps out of.
///
/// The dashboards are any [`DashboardFile`]s: the macros' [`Dashboard`]
/// constants (the default), the builder's [`Compiled`](crate::Compiled)
/// dashboards, or `&dyn DashboardFile` to mix both in one tree.
///
/// ```
/// # use dashc_core::output::TreeOptions;
/// # use std::path::Path;
/// # let dashboards: &[dashc_core::Dashboard] = &[];
/// # let provisioning = &dashc_core::Provisioning {
/// #     provider_file: "p.yml", provider_yaml: "", datasource_yaml: "",
/// #     dashboards_path: "/d", datasource_uid: "prometheus" };
/// let options = TreeOptions::new(dashboards, Path::new(env!("CARGO_MANIFEST_DIR")))
///     .provisioning(provisioning);
/// ```
#[derive(Debug)]
pub struct TreeOptions<'a, D = Dashboard> {
    dashboards: &'a [D],
    provisioning: Option<&'a Provisioning>,
    source_root: &'a Path,
    build_dir: Option<&'a Path>,
}

// By hand: the options hold only references, whatever `D` is.
impl<D> Clone for TreeOptions<'_, D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D> Copy for TreeOptions<'_, D> {}

impl<'a, D: DashboardFile> TreeOptions<'a, D> {
    /// Writes `dashboards` only. `source_root` is the source tree (in a
    /// build script, `CARGO_MANIFEST_DIR`): the output root may be neither
    /// it, inside it nor above it.
    pub fn new(dashboards: &'a [D], source_root: &'a Path) -> TreeOptions<'a, D> {
        TreeOptions {
            dashboards,
            provisioning: None,
            source_root,
            build_dir: None,
        }
    }

    /// Also writes the dashboard provider and datasource YAML.
    pub fn provisioning(self, provisioning: &'a Provisioning) -> TreeOptions<'a, D> {
        TreeOptions {
            provisioning: Some(provisioning),
            ..self
        }
    }

    /// Cargo's target directory: an output root strictly inside it is
    /// allowed even when the target directory lies in the source tree (as
    /// `target/` does by default).
    pub fn build_dir(self, build_dir: &'a Path) -> TreeOptions<'a, D> {
        TreeOptions {
            build_dir: Some(build_dir),
            ..self
        }
    }

    /// The files to write, as [`tree_files`] gives them.
    pub fn files(&self) -> io::Result<Vec<(PathBuf, &'a str)>> {
        tree_files(self.dashboards, self.provisioning)
    }
}

/// The files of the tree, relative to the root, with their contents, sorted
/// by path. Fails when a dashboard's folder or uid, or the provider file
/// name, is not a single plain path component, when two dashboards share a
/// uid or a title in one folder, or when two files would land on the same
/// path.
pub fn tree_files<'a, D: DashboardFile>(
    dashboards: &'a [D],
    provisioning: Option<&'a Provisioning>,
) -> io::Result<Vec<(PathBuf, &'a str)>> {
    let mut files = Vec::with_capacity(dashboards.len() + 2);
    for dashboard in dashboards {
        let mut path = PathBuf::from(DASHBOARDS_DIR);
        let (uid, folder) = (dashboard.uid(), dashboard.folder());
        if !folder.is_empty() {
            path.push(component(folder, "folder", uid)?);
        }
        path.push(component(&format!("{uid}.json"), "uid", uid)?);
        if let Some(problem) =
            provisioning.and_then(|p| crate::provisioning::editing_conflict(dashboard, p))
        {
            return Err(definition_error(format!("{}: {problem}", path.display())));
        }
        if let Some(problem) =
            provisioning.and_then(|p| crate::provisioning::datasource_conflict(dashboard, p))
        {
            return Err(definition_error(format!("{}: {problem}", path.display())));
        }
        files.push((path, dashboard.json()));
    }
    // Grafana loads one dashboard per uid, and one per title in a folder:
    // the set rules of `dashboards!`, here on the files they would become.
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    let members: Vec<SetMember<'_>> = dashboards
        .iter()
        .zip(&names)
        .map(|(dashboard, name)| SetMember::of_artifact(dashboard, name))
        .collect();
    let problems = check_set(&members).into_vec();
    if !problems.is_empty() {
        let messages: Vec<String> = problems.into_iter().map(|d| d.message).collect();
        return Err(definition_error(messages.join("\n")));
    }
    if let Some(provisioning) = provisioning {
        let provider = component(provisioning.provider_file, "provider file name", "")?;
        files.push((
            [PROVISIONING_DIR, "dashboards", provider].iter().collect(),
            provisioning.provider_yaml,
        ));
        files.push((
            [PROVISIONING_DIR, "datasources", DATASOURCE_FILE]
                .iter()
                .collect(),
            provisioning.datasource_yaml,
        ));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(pair) = files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(definition_error(format!(
            "two generated files have the same path {}: give each dashboard its own uid",
            pair[0].0.display()
        )));
    }
    Ok(files)
}

/// Writes the tree under `root` (see the module documentation for the
/// rules). Errors are [`io::Error`]s whose message says what is wrong,
/// where, and how to fix it; a refused root has the kind
/// [`io::ErrorKind::InvalidInput`] and nothing is written; an error in the
/// definitions (uids, titles, folder names, editing policy) has the kind
/// [`io::ErrorKind::InvalidData`].
pub fn write_tree<D: DashboardFile>(
    root: &Path,
    options: &TreeOptions<'_, D>,
) -> io::Result<TreeReport> {
    let files = options.files()?;
    let root = checked_root(root, options)?;
    fs::create_dir_all(&root).map_err(at(&root, "creating directory"))?;
    let root = fs::canonicalize(&root).map_err(at(&root, "resolving"))?;
    // The same checks on what the directory turned out to be.
    let root = checked_root(&root, options)?;
    let _turn = TreeLock::take(&root);

    let new: BTreeSet<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let old = match read_manifest(&root)? {
        Some(old) => old,
        None => {
            check_adoptable(&root, &new)?;
            BTreeSet::new()
        }
    };
    let stale: Vec<&PathBuf> = old.difference(&new).collect();

    // Everything is checked before anything changes.
    for relative in new.iter().chain(stale.iter().copied()) {
        check_dirs(&root, relative.parent().unwrap_or(Path::new("")))?;
    }

    let mut report = TreeReport::default();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::from([PathBuf::new()]);
    for relative in old.iter().chain(&new) {
        let mut dir = relative.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            dirs.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    for dir in &dirs {
        remove_leftovers(&root, dir, &mut report.leftovers)?;
    }

    let union: BTreeSet<PathBuf> = old.union(&new).cloned().collect();
    let mut synced: BTreeSet<PathBuf> = BTreeSet::new();
    if write_if_changed(&root, Path::new(MANIFEST_FILE), &manifest(&union))? {
        synced.insert(PathBuf::new());
    }
    for (relative, contents) in &files {
        if write_if_changed(&root, relative, contents.as_bytes())? {
            report.written.push(relative.clone());
            synced.insert(parent_of(relative));
        } else {
            report.unchanged.push(relative.clone());
        }
    }
    for relative in stale {
        if remove_stale(&root, relative, &mut report.removed)? {
            synced.insert(parent_of(relative));
        }
    }
    if write_if_changed(&root, Path::new(MANIFEST_FILE), &manifest(&new))? {
        synced.insert(PathBuf::new());
    }
    for dir in &synced {
        sync_dir(&root.join(dir));
    }
    report.removed.sort();
    report.removed.dedup();
    report.leftovers.sort();
    Ok(report)
}

fn parent_of(relative: &Path) -> PathBuf {
    relative.parent().unwrap_or(Path::new("")).to_path_buf()
}

/// The root, absolute and with links resolved as far as it exists, if it is
/// a place the tree may go.
fn checked_root<D>(root: &Path, options: &TreeOptions<'_, D>) -> io::Result<PathBuf> {
    let refuse = |why: String, fix: &str| {
        Err(invalid(format!(
            "refusing to write the Grafana tree to `{}`: {why}; {fix}",
            root.display()
        )))
    };
    let elsewhere = "choose a new or empty directory elsewhere";
    if root.as_os_str().is_empty() {
        return Err(invalid(
            "refusing to write the Grafana tree: the output directory's path is empty (it would \
             mean the current directory); give the absolute path of a new or empty directory"
                .to_owned(),
        ));
    }
    if !root.is_absolute() {
        return refuse(
            "the path is relative, and a build script cannot know which directory it is relative to".to_owned(),
            "give an absolute path outside any source tree (e.g. `$HOME/grafana-out`)",
        );
    }
    let resolved = resolve(root)?;
    if resolved.parent().is_none() {
        return refuse("it is the filesystem root".to_owned(), elsewhere);
    }
    if let Some(home) = home_dir() {
        if resolved == home {
            return refuse("it is your home directory".to_owned(), elsewhere);
        }
        if home.starts_with(&resolved) {
            return refuse(
                format!("it contains your home directory `{}`", home.display()),
                elsewhere,
            );
        }
    }
    let source = fs::canonicalize(options.source_root).map_err(|e| {
        invalid(format!(
            "the source tree `{}` cannot be resolved ({e}): pass the directory holding Cargo.toml",
            options.source_root.display()
        ))
    })?;
    let outside = "choose a directory outside the source tree (or inside cargo's target directory)";
    if resolved == source {
        return refuse("it is the source tree".to_owned(), outside);
    }
    if source.starts_with(&resolved) {
        return refuse(
            format!("it contains the source tree `{}`", source.display()),
            outside,
        );
    }
    if resolved.starts_with(&source) {
        let build = options.build_dir.and_then(|b| resolve(b).ok());
        let in_build = build
            .is_some_and(|b| resolved.starts_with(&b) && resolved != b && !source.starts_with(&b));
        if !in_build {
            return refuse(
                format!(
                    "it is inside the source tree `{}`, where it could replace source files",
                    source.display()
                ),
                outside,
            );
        }
    }
    Ok(resolved)
}

/// `path` with links resolved in the part that exists; the rest, which
/// cannot hold links, is appended as written.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let parts: Vec<Component> = path.components().collect();
    for existing in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..existing].iter().collect();
        match fs::canonicalize(&prefix) {
            Ok(mut resolved) => {
                for part in &parts[existing..] {
                    match part {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(at(&prefix, "resolving")(e)),
        }
    }
    Ok(path.to_path_buf())
}

fn home_dir() -> Option<PathBuf> {
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })?;
    let home = PathBuf::from(home);
    if home.is_absolute() {
        fs::canonicalize(&home).ok()
    } else {
        None
    }
}

/// Which roots a writer of this process is writing to.
static BUSY: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
static FREED: Condvar = Condvar::new();

/// One writer's turn on a root; others of this process wait for it.
struct TreeLock(PathBuf);

impl TreeLock {
    fn take(root: &Path) -> TreeLock {
        let mut busy = BUSY.lock().unwrap_or_else(|e| e.into_inner());
        while busy.contains(root) {
            busy = FREED.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        busy.insert(root.to_path_buf());
        TreeLock(root.to_path_buf())
    }
}

impl Drop for TreeLock {
    fn drop(&mut self) {
        BUSY.lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.0);
        FREED.notify_all();
    }
}

/// The manifest's bytes for `files`.
fn manifest(files: &BTreeSet<PathBuf>) -> Vec<u8> {
    let mut text = format!("{MANIFEST_FORMAT}\n");
    for file in files {
        let parts: Vec<String> = file
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        text.push_str(&parts.join("/"));
        text.push('\n');
    }
    text.into_bytes()
}

/// The files the manifest lists, or `None` when there is no manifest.
fn read_manifest(root: &Path) -> io::Result<Option<BTreeSet<PathBuf>>> {
    let path = root.join(MANIFEST_FILE);
    let fix = "delete the directory once (dashc writes it anew)";
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(at(&path, "inspecting")(e)),
    };
    if !meta.file_type().is_file() {
        return Err(invalid(format!(
            "{} is not a regular file (a link, directory or device): {fix}",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    fs::File::open(&path)
        .and_then(|file| file.take(MANIFEST_MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(at(&path, "reading"))?;
    if bytes.len() as u64 > MANIFEST_MAX_BYTES {
        return Err(invalid(format!(
            "{} is larger than {MANIFEST_MAX_BYTES} bytes, so dashc did not write it: {fix}",
            path.display()
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        invalid(format!(
            "{} is not UTF-8, so dashc did not write it: {fix}",
            path.display()
        ))
    })?;
    let mut lines = text.lines();
    let format = lines.next().unwrap_or_default();
    if format != MANIFEST_FORMAT {
        return Err(invalid(format!(
            "{} starts with `{format}`, not `{MANIFEST_FORMAT}`: it was written by another \
             version of dashc or edited; use that version, or {fix}",
            path.display()
        )));
    }
    let mut files = BTreeSet::new();
    for (index, line) in lines.enumerate() {
        let relative = Path::new(line);
        let plain = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
            && !line.contains('\\');
        let under = [DASHBOARDS_DIR, PROVISIONING_DIR]
            .iter()
            .any(|dir| relative.starts_with(dir) && relative != Path::new(dir));
        if !plain || !under {
            return Err(invalid(format!(
                "{}:{}: `{line}` is not a file dashc writes (a relative path under `dashboards/` \
                 or `provisioning/`): the manifest was edited; {fix}",
                path.display(),
                index + 2
            )));
        }
        files.insert(relative.to_path_buf());
    }
    Ok(Some(files))
}

/// Accepts a root without a manifest when it is empty, or when it is a tree
/// of a dashc from before the manifest: nothing in it but the files this run
/// writes (at least one of them a dashboard), their folders, and temporary
/// files of interrupted runs.
fn check_adoptable(root: &Path, new: &BTreeSet<PathBuf>) -> io::Result<()> {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for file in new {
        dirs.extend(file.ancestors().skip(1).map(Path::to_path_buf));
    }
    let mut pending = vec![PathBuf::new()];
    let (mut dashboard_found, mut file_found) = (false, false);
    while let Some(dir) = pending.pop() {
        let full = root.join(&dir);
        let mut names = fs::read_dir(&full)
            .map_err(at(&full, "listing"))?
            .map(|entry| entry.map(|e| e.file_name()))
            .collect::<io::Result<Vec<_>>>()
            .map_err(at(&full, "listing"))?;
        names.sort();
        for name in names {
            let relative = dir.join(&name);
            let path = root.join(&relative);
            let kind = fs::symlink_metadata(&path)
                .map_err(at(&path, "inspecting"))?
                .file_type();
            let ours = if kind.is_dir() {
                dirs.contains(&relative)
            } else if kind.is_file() && new.contains(&relative) {
                dashboard_found |= relative.starts_with(DASHBOARDS_DIR);
                file_found = true;
                true
            } else {
                kind.is_file() && name.to_str().is_some_and(|n| temp_pid(n).is_some())
            };
            if !ours {
                return Err(foreign(root, &relative));
            }
            if kind.is_dir() {
                pending.push(relative);
            }
        }
    }
    if dashboard_found || !file_found {
        Ok(())
    } else {
        Err(foreign(root, Path::new(PROVISIONING_DIR)))
    }
}

fn foreign(root: &Path, example: &Path) -> io::Error {
    invalid(format!(
        "refusing to write the Grafana tree to `{}`: the directory is not empty (it holds `{}`) \
         and has no {MANIFEST_FILE}, so dashc did not write it, and dashc never replaces or \
         deletes files it did not write; choose a new or empty directory, or, if dashc wrote it \
         before it kept a manifest, delete the directory once",
        root.display(),
        example.display()
    ))
}

/// Checks that each directory of `relative` (under the root) that exists is
/// a real directory, not a link or a file.
fn check_dirs(root: &Path, relative: &Path) -> io::Result<()> {
    let mut path = root.to_path_buf();
    for part in relative.components() {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(meta) => not_a_link(&path, &meta)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(at(&path, "inspecting")(e)),
        }
    }
    Ok(())
}

/// Refuses anything but a real directory where the tree has a directory.
fn not_a_link(path: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if meta.file_type().is_symlink() {
        Err(invalid(format!(
            "{} is a symbolic link: dashc neither writes nor deletes through links inside the \
             tree; replace the link with a real directory (or point the output directory at \
             the link's target)",
            path.display()
        )))
    } else if !meta.is_dir() {
        Err(invalid(format!(
            "{} is a file where the tree has a directory: move it away",
            path.display()
        )))
    } else {
        Ok(())
    }
}

/// Creates the directories of `relative` under the root, one at a time,
/// never through a link.
fn create_dirs(root: &Path, relative: &Path) -> io::Result<()> {
    let mut path = root.to_path_buf();
    for part in relative.components() {
        path.push(part);
        match fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let meta = fs::symlink_metadata(&path).map_err(at(&path, "inspecting"))?;
                not_a_link(&path, &meta)?;
            }
            Err(e) => return Err(at(&path, "creating directory")(e)),
        }
    }
    Ok(())
}

/// Checks that `name` is one normal path component (no separator, `.` or `..`).
fn component<'a>(name: &'a str, what: &str, uid: &str) -> io::Result<&'a str> {
    let mut parts = Path::new(name).components();
    let plain = matches!(parts.next(), Some(Component::Normal(_)))
        && parts.next().is_none()
        && !name.contains(['/', '\\']);
    if plain {
        Ok(name)
    } else {
        let whose = if uid.is_empty() {
            String::new()
        } else {
            format!(" of dashboard `{uid}`")
        };
        Err(definition_error(format!(
            "the {what}{whose} `{name}` is not a plain file or directory name: \
             use a single name without `/`, `\\`, `.` or `..`"
        )))
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// An error in the definitions themselves (not in the output directory):
/// [`io::ErrorKind::InvalidData`], so a caller can tell the two apart.
fn definition_error(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Adds the path to an I/O error's message.
fn at<'a>(path: &'a Path, action: &'a str) -> impl FnOnce(io::Error) -> io::Error + 'a {
    move |e| io::Error::new(e.kind(), format!("{action} {}: {e}", path.display()))
}

/// Whether the regular file at `path` holds exactly `contents`. Anything
/// else there (nothing, a link, a FIFO, a device) is not opened.
fn holds(path: &Path, contents: &[u8]) -> io::Result<bool> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(at(path, "inspecting")(e)),
    };
    if meta.is_dir() {
        return Err(invalid(format!(
            "{} is a directory where dashc writes a file: move it away",
            path.display()
        )));
    }
    if !meta.file_type().is_file() || meta.len() != contents.len() as u64 {
        return Ok(false);
    }
    let mut existing = Vec::with_capacity(contents.len());
    let file = fs::File::open(path).map_err(at(path, "reading"))?;
    // It may have been swapped since: read no more than needed to differ.
    if !file.metadata().map_err(at(path, "reading"))?.is_file() {
        return Ok(false);
    }
    file.take(contents.len() as u64 + 1)
        .read_to_end(&mut existing)
        .map_err(at(path, "reading"))?;
    Ok(existing == contents)
}

/// Writes `contents` to `root/relative` through a new temporary file and a
/// rename, unless it already holds exactly these bytes. Returns whether it
/// wrote.
fn write_if_changed(root: &Path, relative: &Path, contents: &[u8]) -> io::Result<bool> {
    let path = root.join(relative);
    if holds(&path, contents)? {
        return Ok(false);
    }
    let parent = relative.parent().unwrap_or(Path::new(""));
    create_dirs(root, parent)?;
    let dir = root.join(parent);
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp, mut file) = create_temp(&dir, &name)?;
    let written = file
        .write_all(contents)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&temp, &path)
        });
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(at(&path, "writing")(e));
    }
    Ok(true)
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new temporary file in `dir` for the file `name`:
/// `.NAME.dashc-PID-COUNTER-RANDOM.tmp`, created exclusively.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let mut last = None;
    for _ in 0..16 {
        let count = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(count);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        hasher.write_u128(nanos);
        let temp = dir.join(format!(
            ".{name}.dashc-{}-{count}-{:016x}.tmp",
            std::process::id(),
            hasher.finish()
        ));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(at(&temp, "creating")(e)),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists));
    Err(at(dir, "creating a temporary file in")(e))
}

/// The process id in a temporary file's name: `.NAME.dashc-PID-N-HEX.tmp`
/// (this version) or `.NAME.PID.tmp` with NAME ending in `.json`, `.yml` or
/// `.yaml` (before the manifest).
fn temp_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    if let Some((_, tail)) = inner.rsplit_once(".dashc-") {
        let mut parts = tail.split('-');
        let pid = parts.next()?.parse().ok()?;
        let count = parts.next()?;
        let random = parts.next()?;
        let ok = parts.next().is_none()
            && !count.is_empty()
            && count.bytes().all(|b| b.is_ascii_digit())
            && !random.is_empty()
            && random.bytes().all(|b| b.is_ascii_hexdigit());
        return ok.then_some(pid);
    }
    let (file, pid) = inner.rsplit_once('.')?;
    let generated = [".json", ".yml", ".yaml", MANIFEST_FILE]
        .iter()
        .any(|end| file.ends_with(end));
    if generated && pid.bytes().all(|b| b.is_ascii_digit()) {
        pid.parse().ok()
    } else {
        None
    }
}

/// Whether the writer whose process id a temporary file names has certainly
/// stopped: it is this process (which writes to this root only under its
/// lock), or, on Linux, a process that is gone, or elsewhere the file is
/// over an hour old.
fn abandoned(pid: u32, meta: &fs::Metadata) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_fs = Path::new("/proc/self").exists();
    if proc_fs {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    meta.modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age.as_secs() > STALE_TEMP_SECONDS)
}

/// Removes temporary files of interrupted runs directly in `root/dir`.
fn remove_leftovers(root: &Path, dir: &Path, removed: &mut Vec<PathBuf>) -> io::Result<()> {
    let full = root.join(dir);
    let entries = match fs::read_dir(&full) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(at(&full, "listing")(e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let name = entry.map_err(at(&full, "listing"))?.file_name();
        if let Some(pid) = name.to_str().and_then(temp_pid) {
            found.push((name, pid));
        }
    }
    found.sort();
    for (name, pid) in found {
        let path = full.join(&name);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() && abandoned(pid, &meta) {
            match fs::remove_file(&path) {
                Ok(()) => removed.push(dir.join(&name)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(at(&path, "removing")(e)),
            }
        }
    }
    Ok(())
}

/// Removes the file an earlier run wrote at `root/relative`, then the
/// dashboard folders left empty (never `dashboards/` itself). Returns
/// whether anything was removed.
fn remove_stale(root: &Path, relative: &Path, removed: &mut Vec<PathBuf>) -> io::Result<bool> {
    let path = root.join(relative);
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_dir() => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(at(&path, "inspecting")(e)),
    }
    match fs::remove_file(&path) {
        Ok(()) => removed.push(relative.to_path_buf()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(at(&path, "removing")(e)),
    }
    let mut dir = relative.parent();
    while let Some(folder) = dir.filter(|d| d.starts_with(DASHBOARDS_DIR) && *d != DASHBOARDS_DIR) {
        let full = root.join(folder);
        let empty = fs::read_dir(&full)
            .map_err(at(&full, "listing"))?
            .next()
            .is_none();
        if !empty {
            break;
        }
        fs::remove_dir(&full).map_err(at(&full, "removing"))?;
        removed.push(folder.to_path_buf());
        dir = folder.parent();
    }
    Ok(true)
}

/// Makes the renames in `dir` durable (on Unix; elsewhere renames are
/// durable once the call returns or cannot be synced this way). Best
/// effort: some filesystems cannot sync a directory.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROVISIONING: Provisioning = Provisioning {
        provider_file: "p.yml",
        provider_yaml: "",
        datasource_yaml: "",
        dashboards_path: "/d",
        datasource_uid: "prometheus",
    };

    fn dashboard(uid: &'static str, title: &'static str, folder: &'static str) -> Dashboard {
        Dashboard {
            uid,
            title,
            folder,
            tags: &[],
            json: "{}\n",
        }
    }

    #[test]
    fn a_uid_used_twice_is_refused_even_in_two_folders() {
        let set = [dashboard("api", "A", "One"), dashboard("api", "B", "Two")];
        let err = tree_files(&set, Some(&PROVISIONING)).expect_err("duplicate uid");
        let message = err.to_string();
        assert!(message.contains("uid \"api\""), "{message}");
        assert!(message.contains("dashboards/One/api.json"), "{message}");
        assert!(message.contains("dashboards/Two/api.json"), "{message}");
    }

    #[test]
    fn a_title_used_twice_in_one_folder_is_refused() {
        let set = [dashboard("a", "API", "One"), dashboard("b", "API", "One")];
        let err = tree_files(&set, Some(&PROVISIONING)).expect_err("duplicate title");
        assert!(err.to_string().contains("title \"API\""), "{err}");
        let apart = [dashboard("a", "API", "One"), dashboard("b", "API", "Two")];
        assert!(
            tree_files(&apart, Some(&PROVISIONING)).is_ok(),
            "other folder"
        );
    }

    #[test]
    fn temporary_names_are_recognised_and_nothing_else() {
        assert_eq!(temp_pid(".api.json.dashc-42-0-00ff.tmp"), Some(42));
        assert_eq!(temp_pid("..dashc-manifest.dashc-7-3-abc.tmp"), Some(7));
        assert_eq!(
            temp_pid(".api.json.42.tmp"),
            Some(42),
            "before the manifest"
        );
        assert_eq!(temp_pid(".upstream.yml.9.tmp"), Some(9));
        for name in [
            "api.json",
            ".api.json",
            ".notes.txt.42.tmp",
            ".api.json.dashc-42-0-xyz.tmp",
            ".api.json.dashc-42-0.tmp",
            ".api.json.dashc-42-0-ab-cd.tmp",
            "api.json.dashc-42-0-ab.tmp",
            ".api.json.dashc-42-0-ab.json",
        ] {
            assert_eq!(temp_pid(name), None, "{name}");
        }
    }

    #[test]
    fn temporary_names_are_hidden_unique_and_not_loaded_by_grafana() {
        let dir = std::env::temp_dir().join(format!("dashc-temp-names-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("mkdir");
        let (a, _fa) = create_temp(&dir, "api.json").expect("first");
        let (b, _fb) = create_temp(&dir, "api.json").expect("second");
        assert_ne!(a, b);
        for temp in [&a, &b] {
            let name = temp.file_name().and_then(|n| n.to_str()).expect("name");
            assert!(name.starts_with('.') && name.ends_with(".tmp"), "{name}");
            assert_eq!(temp_pid(name), Some(std::process::id()), "{name}");
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_manifest_is_sorted_with_a_format_line() {
        let files: BTreeSet<PathBuf> = [
            "provisioning/datasources/prometheus.yml",
            "dashboards/b.json",
            "dashboards/A/a.json",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            String::from_utf8(manifest(&files)).ok().as_deref(),
            Some("dashc-manifest 1\ndashboards/A/a.json\ndashboards/b.json\nprovisioning/datasources/prometheus.yml\n")
        );
    }
}
