//! The output tree Grafana reads: dashboards and provisioning files.
//!
//! ```text
//! <root>/dashboards/<folder>/<uid>.json          one file per dashboard
//! <root>/provisioning/dashboards/<provider_file> the dashboard provider
//! <root>/provisioning/datasources/prometheus.yml the Prometheus datasource
//! ```
//!
//! Each file is written atomically (a temporary file in the same directory,
//! then a rename, so Grafana never reads half a file) and only when its
//! bytes change (Grafana reloads a dashboard whenever its file's checksum
//! changes). Dashboard files that are no longer generated are removed, with
//! the folders they leave empty; so are stale `*.yml`/`*.yaml` files in
//! `provisioning/dashboards/` and `provisioning/datasources/` (a renamed
//! provider file would otherwise leave two providers on the same path).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use crate::{Dashboard, Provisioning};

/// Directory under the root holding the dashboards (the provider's path).
pub const DASHBOARDS_DIR: &str = "dashboards";
/// Directory under the root mounted as `/etc/grafana/provisioning`.
pub const PROVISIONING_DIR: &str = "provisioning";
/// The datasource file's name under `provisioning/datasources/`.
pub const DATASOURCE_FILE: &str = "prometheus.yml";

/// What [`write_tree`] did; paths are relative to the root, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeReport {
    /// Files created or replaced.
    pub written: Vec<PathBuf>,
    /// Files whose bytes were already right (left untouched).
    pub unchanged: Vec<PathBuf>,
    /// Stale dashboard files and emptied folders removed.
    pub removed: Vec<PathBuf>,
}

/// The files of the tree, relative to the root, with their contents, sorted
/// by path. Fails when a dashboard's folder or uid, or the provider file
/// name, is not a single plain path component, when two dashboards share a
/// uid or a title in one folder, or when two files would land on the same
/// path.
pub fn tree_files<'a>(
    dashboards: &'a [Dashboard],
    provisioning: &'a Provisioning,
) -> io::Result<Vec<(PathBuf, &'a str)>> {
    let mut files = Vec::with_capacity(dashboards.len() + 2);
    // Grafana loads one dashboard per uid, and one per title in a folder.
    let mut uids: BTreeMap<&str, PathBuf> = BTreeMap::new();
    let mut titles: BTreeMap<(&str, &str), PathBuf> = BTreeMap::new();
    for dashboard in dashboards {
        let mut path = PathBuf::from(DASHBOARDS_DIR);
        if !dashboard.folder.is_empty() {
            path.push(component(dashboard.folder, "folder", dashboard.uid)?);
        }
        path.push(component(
            &format!("{}.json", dashboard.uid),
            "uid",
            dashboard.uid,
        )?);
        if let Some(other) = uids.insert(dashboard.uid, path.clone()) {
            return Err(invalid(format!(
                "two dashboards have the uid `{}` ({} and {}): Grafana loads only one; give each its own uid",
                dashboard.uid,
                other.display(),
                path.display()
            )));
        }
        let folder_title = (dashboard.folder, dashboard.title);
        if let Some(other) = titles.insert(folder_title, path.clone()) {
            return Err(invalid(format!(
                "two dashboards in folder `{}` have the title `{}` ({} and {}): Grafana refuses the second; give each its own title",
                dashboard.folder,
                dashboard.title,
                other.display(),
                path.display()
            )));
        }
        if let Some(problem) = crate::provisioning::editing_conflict(dashboard, provisioning) {
            return Err(invalid(format!("{}: {problem}", path.display())));
        }
        files.push((path, dashboard.json));
    }
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
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(pair) = files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(invalid(format!(
            "two generated files have the same path {}: give each dashboard its own uid",
            pair[0].0.display()
        )));
    }
    Ok(files)
}

/// Writes the tree under `root` (see the module documentation).
pub fn write_tree(
    root: &Path,
    dashboards: &[Dashboard],
    provisioning: &Provisioning,
) -> io::Result<TreeReport> {
    let files = tree_files(dashboards, provisioning)?;
    let mut report = TreeReport::default();
    for (relative, contents) in &files {
        if write_if_changed(&root.join(relative), contents.as_bytes())? {
            report.written.push(relative.clone());
        } else {
            report.unchanged.push(relative.clone());
        }
    }
    let keep: BTreeSet<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
    remove_stale(root, Path::new(DASHBOARDS_DIR), &keep, &mut report.removed)?;
    for kind in ["dashboards", "datasources"] {
        let dir: PathBuf = [PROVISIONING_DIR, kind].iter().collect();
        remove_stale_yaml(root, &dir, &keep, &mut report.removed)?;
    }
    report.removed.sort();
    Ok(report)
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
        Err(invalid(format!(
            "the {what}{whose} `{name}` is not a plain file or directory name: \
             use a single name without `/`, `\\`, `.` or `..`"
        )))
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Adds the path to an I/O error's message.
fn at<'a>(path: &'a Path, action: &'a str) -> impl FnOnce(io::Error) -> io::Error + 'a {
    move |e| io::Error::new(e.kind(), format!("{action} {}: {e}", path.display()))
}

/// Writes `contents` to `path` through a temporary file and a rename, unless
/// the file already holds exactly these bytes. Returns whether it wrote.
fn write_if_changed(path: &Path, contents: &[u8]) -> io::Result<bool> {
    match fs::read(path) {
        Ok(existing) if existing == contents => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(at(path, "reading")(e)),
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(at(dir, "creating directory"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden, and not ending in `.json`: Grafana never picks it up half written.
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(at(path, "writing")(e));
    }
    Ok(true)
}

/// The entries of the folder `full`, or `None` if it does not exist.
fn entries_if_any(full: &Path) -> io::Result<Option<fs::ReadDir>> {
    match fs::read_dir(full) {
        Ok(entries) => Ok(Some(entries)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(at(full, "listing")(e)),
    }
}

/// Removes `*.json` files under `root/dir` that are not in `keep`, and the
/// folders left empty; `dir` itself stays. Symbolic links are not followed.
fn remove_stale(
    root: &Path,
    dir: &Path,
    keep: &BTreeSet<PathBuf>,
    removed: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let full = root.join(dir);
    let Some(entries) = entries_if_any(&full)? else {
        return Ok(());
    };
    let mut names = entries
        .map(|entry| entry.map(|e| e.file_name()))
        .collect::<io::Result<Vec<_>>>()
        .map_err(at(&full, "listing"))?;
    names.sort();
    for name in names {
        let relative = dir.join(&name);
        let path = root.join(&relative);
        let kind = fs::symlink_metadata(&path).map_err(at(&path, "inspecting"))?;
        if kind.is_dir() {
            remove_stale(root, &relative, keep, removed)?;
            let empty = fs::read_dir(&path)
                .map_err(at(&path, "listing"))?
                .next()
                .is_none();
            if empty {
                fs::remove_dir(&path).map_err(at(&path, "removing"))?;
                removed.push(relative);
            }
        } else if relative.extension().is_some_and(|e| e == "json") && !keep.contains(&relative) {
            fs::remove_file(&path).map_err(at(&path, "removing"))?;
            removed.push(relative);
        }
    }
    Ok(())
}

/// Removes `*.yml`/`*.yaml` files directly in `root/dir` that are not in `keep`.
fn remove_stale_yaml(
    root: &Path,
    dir: &Path,
    keep: &BTreeSet<PathBuf>,
    removed: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let full = root.join(dir);
    let Some(entries) = entries_if_any(&full)? else {
        return Ok(());
    };
    for entry in entries {
        let name = entry.map_err(at(&full, "listing"))?.file_name();
        let relative = dir.join(&name);
        let is_yaml = relative
            .extension()
            .is_some_and(|e| e == "yml" || e == "yaml");
        let path = root.join(&relative);
        if is_yaml && !keep.contains(&relative) && !path.is_dir() {
            fs::remove_file(&path).map_err(at(&path, "removing"))?;
            removed.push(relative);
        }
    }
    Ok(())
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
        let err = tree_files(&set, &PROVISIONING).expect_err("duplicate uid");
        let message = err.to_string();
        assert!(message.contains("uid `api`"), "{message}");
        assert!(message.contains("dashboards/One/api.json"), "{message}");
        assert!(message.contains("dashboards/Two/api.json"), "{message}");
    }

    #[test]
    fn a_title_used_twice_in_one_folder_is_refused() {
        let set = [dashboard("a", "API", "One"), dashboard("b", "API", "One")];
        let err = tree_files(&set, &PROVISIONING).expect_err("duplicate title");
        assert!(err.to_string().contains("title `API`"), "{err}");
        let apart = [dashboard("a", "API", "One"), dashboard("b", "API", "Two")];
        assert!(tree_files(&apart, &PROVISIONING).is_ok(), "other folder");
    }
}
