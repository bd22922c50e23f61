//! Golden files: every file the build writes, byte for byte.
//!
//! `tests/golden/` mirrors the output tree (`dashboards/<folder>/<uid>.json`,
//! `provisioning/dashboards/<provider>.yml`,
//! `provisioning/datasources/prometheus.yml`). Any change of output shows
//! up here as a diff to review. After an intended change, re-bless with
//!
//! ```text
//! DASHC_BLESS=1 cargo test --test golden
//! ```
//!
//! and commit the updated `tests/golden/` with the change.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::files_under;
use dashc_core::output::tree_files;
use upstream_dashboards::{ALL, PROVISIONING};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn blessing() -> bool {
    std::env::var_os("DASHC_BLESS").is_some_and(|v| v == "1")
}

#[test]
fn output_matches_the_golden_files() {
    let files = tree_files(ALL, Some(&PROVISIONING)).expect("the output tree is well formed");
    let dir = golden_dir();
    let mut problems = Vec::new();
    for (relative, contents) in &files {
        let path = dir.join(relative);
        let golden = fs::read_to_string(&path).ok();
        if golden.as_deref() == Some(*contents) {
            continue;
        }
        if blessing() {
            let parent = path.parent().unwrap_or(&dir);
            fs::create_dir_all(parent).expect("create golden folder");
            fs::write(&path, contents).expect("write golden file");
            continue;
        }
        problems.push(match golden {
            None => format!("{}: no golden file", relative.display()),
            Some(golden) => format!(
                "{} differs from the golden file (- golden, + now):\n{}",
                relative.display(),
                line_diff(&golden, contents)
            ),
        });
    }
    let expected: BTreeSet<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
    for stale in files_under(&dir, true).difference(&expected) {
        if blessing() {
            fs::remove_file(dir.join(stale)).expect("remove stale golden file");
        } else {
            problems.push(format!(
                "{}: golden file of an output that no longer exists",
                stale.display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nIf the change is intended, re-bless: DASHC_BLESS=1 cargo test --test golden",
        problems.join("\n\n")
    );
}

/// A unified-style diff of two texts by lines (longest common subsequence),
/// showing changed lines with two lines of context and their line numbers.
fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // Each line of the edit script: (marker, old line number, new line number, text).
    let mut script: Vec<(char, usize, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            script.push((' ', i + 1, j + 1, a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            script.push(('-', i + 1, j, a[i]));
            i += 1;
        } else {
            script.push(('+', i, j + 1, b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 2;
    let near_change = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT + 1).min(script.len());
        script[lo..hi].iter().any(|s| s.0 != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (marker, old_no, new_no, text)) in script.iter().enumerate() {
        if !near_change(k) {
            skipped = true;
            continue;
        }
        if skipped || out.is_empty() {
            out.push_str(&format!("@@ line {old_no} (golden) / {new_no} (now) @@\n"));
            skipped = false;
        }
        out.push_str(&format!("{marker} {text}\n"));
    }
    if old.ends_with('\n') != new.ends_with('\n') {
        out.push_str("(the final newline differs)\n");
    }
    out
}

#[test]
fn the_diff_shows_what_changed() {
    let diff = line_diff("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n");
    assert_eq!(
        diff,
        "@@ line 2 (golden) / 2 (now) @@\n  b\n  c\n- d\n+ D\n  e\n  f\n"
    );
    assert_eq!(line_diff("x\n", "x\n"), "");
    assert!(line_diff("x\n", "x").contains("final newline"));
}
