//! What the determinism and golden tests both need: the files of a tree.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir`, relative to it. A folder that cannot be listed
/// fails the test, unless `skip_unlisted` (a golden tree not blessed yet):
/// then it counts as empty.
pub fn files_under(dir: &Path, skip_unlisted: bool) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, skip_unlisted: bool, out: &mut BTreeSet<PathBuf>) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(_) if skip_unlisted => return,
            Err(e) => panic!("cannot list {}: {e}", dir.display()),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, skip_unlisted, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.insert(relative.to_path_buf());
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, skip_unlisted, &mut out);
    out
}
