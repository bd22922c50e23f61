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
            let text = match std::fs::read_to_string(&path) {
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
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}
