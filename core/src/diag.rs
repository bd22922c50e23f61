//! Diagnostics: errors are collected, never returned early, so one compile
//! shows every mistake (the way serde_derive's `Ctxt` works).
//!
//! The core knows nothing of proc-macro spans. Every model element carries a
//! [`Loc`], an opaque handle that the front end (the macro) maps back to a
//! source span; a diagnostic names the `Loc` it is about, and for queries the
//! byte range inside the query text.

use std::ops::Range;

use crate::limits::{MAX_SUGGESTION_CHARS, MAX_SUGGESTION_DISTANCE};

/// Where in the front end's input a model element came from: an index into a
/// table the front end keeps. `Loc::NONE` stands for "the whole input".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Loc(pub u32);

impl Loc {
    /// No particular place: the diagnostic is reported on the whole invocation.
    pub const NONE: Loc = Loc(u32::MAX);
}

/// One error a user can cause: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The model element the error is about.
    pub loc: Loc,
    /// What is wrong; for a query error this includes the query with carets.
    pub message: String,
    /// For query errors: the byte range inside the query string literal.
    pub range: Option<Range<usize>>,
}

/// An accumulator of diagnostics.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error on `loc`.
    pub fn error(&mut self, loc: Loc, message: impl Into<String>) {
        self.list.push(Diagnostic {
            loc,
            message: message.into(),
            range: None,
        });
    }

    /// Records an error on a byte range inside the text at `loc`.
    pub fn error_in(&mut self, loc: Loc, range: Range<usize>, message: impl Into<String>) {
        self.list.push(Diagnostic {
            loc,
            message: message.into(),
            range: Some(range),
        });
    }

    /// Records an already built diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The recorded diagnostics, in the order they were found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    /// The recorded diagnostics, borrowed.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.list
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to
/// be a plausible typo (used for "did you mean" suggestions).
///
/// Words and candidates longer than [`MAX_SUGGESTION_CHARS`] are not
/// compared, and distances are computed only up to the plausible limit
/// (a third of the word, at most [`MAX_SUGGESTION_DISTANCE`]), so the cost is
/// linear in the candidates' total length whatever `word` is.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().take(MAX_SUGGESTION_CHARS + 1).count();
    if length > MAX_SUGGESTION_CHARS {
        return None;
    }
    let limit = (length / 3).clamp(2, MAX_SUGGESTION_DISTANCE);
    candidates
        .into_iter()
        .filter(|c| c.len() <= 4 * MAX_SUGGESTION_CHARS)
        .filter_map(|c| edit_distance_at_most(word, c, limit).map(|d| (d, c)))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Edit distance over chars (optimal string alignment: insertions,
/// deletions, substitutions and swaps of neighbours each cost 1), so that
/// `titel` is one edit from `title`. Distances above
/// [`MAX_SUGGESTION_DISTANCE`] are all reported as `MAX_SUGGESTION_DISTANCE + 1`
/// (see [`edit_distance_at_most`]).
pub fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_at_most(a, b, MAX_SUGGESTION_DISTANCE).unwrap_or(MAX_SUGGESTION_DISTANCE + 1)
}

/// The edit distance of [`edit_distance`] when it is at most `k`, else
/// `None`. Only the band of the table within `k` of its diagonal is
/// computed, three rows at a time: O(k * |a|) time, O(|b|) memory, and
/// nothing at all when the lengths differ by more than `k`.
///
/// ```
/// use dashc_core::diag::edit_distance_at_most;
/// assert_eq!(edit_distance_at_most("kitten", "sitting", 3), Some(3));
/// assert_eq!(edit_distance_at_most("kitten", "sitting", 2), None);
/// let huge = "x".repeat(100_000);
/// assert_eq!(edit_distance_at_most(&huge, "title", 8), None);
/// ```
pub fn edit_distance_at_most(a: &str, b: &str, k: usize) -> Option<usize> {
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    if a_len.abs_diff(b_len) > k {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // Anything above k is the same "too far"; k + 1 cannot overflow below.
    let far = k.saturating_add(1);
    let mut before = vec![far; m + 1]; // row i - 2
    let mut prev: Vec<usize> = (0..=m).map(|j| if j <= k { j } else { far }).collect();
    let mut cur = vec![far; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        cur[0] = if i <= k { i } else { far };
        if lo > 1 {
            cur[lo - 1] = far;
        }
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            let best = best.min(far);
            cur[j] = best;
            row_min = row_min.min(best);
        }
        if hi < m {
            cur[hi + 1] = far;
        }
        crate::limits::step(hi + 1 - lo.min(hi + 1));
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[m]).filter(|d| *d <= k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("titel", ["title", "uid", "tags"]), Some("title"));
        assert_eq!(closest("zzzzzz", ["title", "uid"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(closest("titel", ["time", "title"]), Some("title"));
    }

    /// The banded distance equals the full table's wherever it is within the band.
    #[test]
    fn banded_distance_matches_the_full_table() {
        fn full(a: &str, b: &str) -> usize {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    let mut best = (d[i - 1][j] + 1)
                        .min(d[i][j - 1] + 1)
                        .min(d[i - 1][j - 1] + cost);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        best = best.min(d[i - 2][j - 2] + 1);
                    }
                    d[i][j] = best;
                }
            }
            d[a.len()][b.len()]
        }
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "title",
            "titel",
            "kitten",
            "sitting",
            "django_http_requests_total",
            "django_http_request_total",
            "ca",
            "abcdef",
            "fedcba",
            "aaaa",
            "aaab",
            "baaa",
            "μs",
            "ms",
            "été",
        ];
        for a in words {
            for b in words {
                let d = full(a, b);
                for k in 0..8 {
                    let expected = (d <= k).then_some(d);
                    assert_eq!(
                        edit_distance_at_most(a, b, k),
                        expected,
                        "{a:?} {b:?} k={k}"
                    );
                }
            }
        }
    }

    #[test]
    fn huge_words_get_no_suggestion_and_no_huge_table() {
        let huge = "a".repeat(100_000);
        assert_eq!(closest(&huge, ["a", "aa"]), None);
        let near = format!("{huge}b");
        assert_eq!(edit_distance_at_most(&huge, &near, 4), Some(1));
        assert_eq!(edit_distance(&huge, &near), 1);
        assert_eq!(closest("titel", [near.as_str(), "title"]), Some("title"));
    }
}
