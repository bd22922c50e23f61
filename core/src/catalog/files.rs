//! Catalog files on disk: which ones a dashboard reads, reading and merging
//! them, and which ones a compile has already made the compiler track. The
//! one place both the `dashboard!` macros and `dashc` read catalogs.

use super::Catalog;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where a dashboard's catalogs are looked for when it names none,
/// relative to the defining crate.
pub const DEFAULT_CATALOG_DIR: &str = "catalogs";

/// What [`Catalog::load`] read.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The merge of every file that could be read and parsed.
    pub catalog: Catalog,
    /// The files that were read (the ones a rebuild depends on), in order.
    pub read: Vec<PathBuf>,
    /// Every problem, in file order.
    pub problems: Vec<LoadProblem>,
}

/// One problem of one catalog file: unreadable, malformed, or declaring a
/// family with another type than an earlier file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    /// Index of the file in the list given to [`Catalog::load`].
    pub file: usize,
    /// What is wrong, naming the file (and the line, when there is one).
    pub message: String,
}

impl Catalog {
    /// Reads and merges catalog files. With a `base`, relative paths are
    /// taken from it (the crate defining the dashboards) and files are named
    /// relative to it in messages; without one they are used as given.
    /// Every problem of every file is returned, not only the first.
    pub fn load(files: &[PathBuf], base: Option<&Path>) -> Loaded {
        let mut loaded = Loaded::default();
        for (index, file) in files.iter().enumerate() {
            let path = match base {
                Some(base) => base.join(file),
                None => file.clone(),
            };
            let name = display_path(&path, base);
            let mut problem = |message: String| {
                loaded.problems.push(LoadProblem {
                    file: index,
                    message,
                })
            };
            if path.is_dir() {
                problem(format!(
                    "{name} is a folder, not a catalog file; pass its files: `{name}/*.prom`"
                ));
                continue;
            }
            // Read at most one byte past the cap: `Catalog::parse` names the
            // cap, and a link to an endless file cannot exhaust memory.
            let text = match read_capped(&path, crate::limits::MAX_CATALOG_BYTES) {
                Ok(text) => text,
                Err(e) => {
                    problem(match base {
                        Some(base) => format!(
                            "cannot read the metric catalog {}: {e}; paths are relative to the crate ({})",
                            path.display(),
                            base.display()
                        ),
                        None => format!("cannot read the metric catalog {name}: {e}"),
                    });
                    continue;
                }
            };
            match Catalog::parse(&text, &name) {
                Ok(one) => {
                    if let Err(conflicts) = loaded.catalog.try_merge(one) {
                        for e in conflicts {
                            problem(e.to_string());
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        problem(e.to_string());
                    }
                }
            }
            loaded.read.push(path);
        }
        loaded
    }
}

/// The text of `path`, reading at most `cap + 1` bytes (a text over the cap
/// is returned as read, for the parser to name the cap).
fn read_capped(path: &Path, cap: usize) -> std::io::Result<String> {
    use std::io::Read as _;
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    if bytes.len() > cap {
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}

/// The catalogs of a dashboard that names none: every `*.prom` file in
/// `base/catalogs/`, sorted; none when the folder does not exist.
pub fn default_catalog_files(base: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(base.join(DEFAULT_CATALOG_DIR)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "prom"))
        .collect();
    found.sort();
    found
}

/// The files not yet passed to this function in this process. The macros
/// emit one `include_bytes!` per catalog file, so that the compiler tracks
/// it (an edit recompiles the crate), but only at its first use in a
/// compile: embedding a 45 KB scrape into every invocation measured about
/// 5 ms of expansion for nothing.
pub fn first_use_in_this_process(files: Vec<PathBuf>) -> Vec<PathBuf> {
    static INCLUDED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
    match INCLUDED.lock() {
        Ok(mut seen) => files
            .into_iter()
            .filter(|f| seen.insert(f.clone()))
            .collect(),
        Err(_) => files,
    }
}

/// `path` relative to `base` when it is inside it, for messages.
fn display_path(path: &Path, base: Option<&Path>) -> String {
    base.and_then(|b| path.strip_prefix(b).ok())
        .filter(|relative| !relative.as_os_str().is_empty())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("dashc-catalog-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        dir
    }

    fn messages(loaded: &Loaded) -> Vec<(usize, String)> {
        loaded
            .problems
            .iter()
            .map(|p| (p.file, p.message.clone()))
            .collect()
    }

    #[test]
    fn files_are_read_relative_to_the_base_and_named_relative_to_it() {
        let base = scratch("relative");
        std::fs::create_dir_all(base.join("catalogs")).unwrap();
        std::fs::write(
            base.join("catalogs/app.prom"),
            "# TYPE jobs_total counter\njobs_total 1\n",
        )
        .unwrap();
        std::fs::write(base.join("catalogs/bad.prom"), "# TYPE x histogramm\n").unwrap();
        let files = [
            PathBuf::from("catalogs/app.prom"),
            PathBuf::from("catalogs/bad.prom"),
        ];
        let loaded = Catalog::load(&files, Some(&base));
        assert!(loaded.catalog.series("jobs_total").is_some());
        assert_eq!(
            loaded.read,
            [
                base.join("catalogs/app.prom"),
                base.join("catalogs/bad.prom")
            ]
        );
        let found = messages(&loaded);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert!(
            found[0]
                .1
                .starts_with("catalogs/bad.prom:1: unknown metric type `histogramm`"),
            "{}",
            found[0].1
        );
        assert_eq!(
            default_catalog_files(&base),
            [
                base.join("catalogs/app.prom"),
                base.join("catalogs/bad.prom")
            ]
        );
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn a_folder_a_missing_file_and_a_type_conflict_are_each_reported() {
        let base = scratch("problems");
        std::fs::write(base.join("a.prom"), "# TYPE jobs counter\njobs_total 1\n").unwrap();
        std::fs::write(base.join("b.prom"), "# TYPE jobs gauge\njobs 1\n").unwrap();
        let files = [
            PathBuf::from("a.prom"),
            PathBuf::from("b.prom"),
            PathBuf::from("missing.prom"),
            PathBuf::from("."),
        ];
        let loaded = Catalog::load(&files, Some(&base));
        let found = messages(&loaded);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert!(
            found[0]
                .1
                .contains("is declared a gauge here but a counter"),
            "{}",
            found[0].1
        );
        assert_eq!(found[1].0, 2);
        assert!(
            found[1].1.starts_with(&format!(
                "cannot read the metric catalog {}: ",
                base.join("missing.prom").display()
            )) && found[1].1.ends_with(&format!(
                "paths are relative to the crate ({})",
                base.display()
            )),
            "{}",
            found[1].1
        );
        assert_eq!(found[2].0, 3);
        let folder = base.join(".").display().to_string();
        assert_eq!(
            found[2].1,
            format!("{folder} is a folder, not a catalog file; pass its files: `{folder}/*.prom`")
        );
        assert_eq!(loaded.read, [base.join("a.prom"), base.join("b.prom")]);
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn without_a_base_paths_are_used_as_given() {
        let base = scratch("as-given");
        let missing = base.join("none.prom");
        let loaded = Catalog::load(std::slice::from_ref(&missing), None);
        let found = messages(&loaded);
        assert_eq!(found.len(), 1);
        let expected = format!("cannot read the metric catalog {}: ", missing.display());
        assert!(found[0].1.starts_with(&expected), "{}", found[0].1);
        assert!(!found[0].1.contains("relative to the crate"));
        let folder = Catalog::load(std::slice::from_ref(&base), None);
        let shown = base.display();
        assert_eq!(
            messages(&folder),
            [(
                0,
                format!(
                    "{shown} is a folder, not a catalog file; pass its files: `{shown}/*.prom`"
                )
            )]
        );
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn a_file_is_tracked_at_its_first_use_only() {
        let file = PathBuf::from("/nonexistent/dashc-first-use-test.prom");
        let first = first_use_in_this_process(vec![file.clone()]);
        assert_eq!(first, std::slice::from_ref(&file));
        assert!(first_use_in_this_process(vec![file]).is_empty());
    }
}
