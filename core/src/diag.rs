//! Diagnostics: errors are collected, never returned early, so one compile
//! shows every mistake (the way serde_derive's `Ctxt` works).
//!
//! The core knows nothing of proc-macro spans. Every model element carries a
//! [`Loc`], an opaque handle that the front end (the macro) maps back to a
//! source span; a diagnostic names the `Loc` it is about, and for queries the
//! byte range inside the query text.

use std::ops::Range;

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
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Edit distance over chars (optimal string alignment: insertions,
/// deletions, substitutions and swaps of neighbours each cost 1), so that
/// `titel` is one edit from `title`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
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
}
