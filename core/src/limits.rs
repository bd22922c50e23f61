//! Every cap dashc puts on what it reads, in one place.
//!
//! The input of dashc is partly untrusted (`dashc check` reads dashboard
//! files from anywhere, catalogs are pasted from `/metrics`), so every
//! reader bounds what it accepts: work grows linearly (or as `n log n`)
//! with the input and memory stays bounded. Crossing a cap is an ordinary
//! error that names the cap and its value, never a crash, a hang or an
//! allocation the size of the input squared. The caps are far above what
//! real dashboards, queries and catalogs need (the largest Grafana
//! dashboards have a few hundred panels; a scrape target a few dozen
//! labels).
//!
//! | reader | cap |
//! |---|---|
//! | dashboard JSON (`dashc check`) | [`MAX_DASHBOARD_BYTES`], [`JSON_MAX_DEPTH`], [`MAX_PANELS`], [`MAX_TARGETS`], [`MAX_VARIABLES`] |
//! | PromQL query (DSL, `dashc check`, `dashc check-query`) | [`MAX_QUERY_BYTES`], [`MAX_QUERY_DEPTH`] |
//! | catalog text | [`MAX_CATALOG_BYTES`], [`MAX_LABELS_PER_SAMPLE`], [`MAX_LABELS_PER_FAMILY`], [`MAX_TARGET_LABELS`] |
//! | DSL strings (`dashboard!`) | [`MAX_DSL_STRING_BYTES`]; queries as PromQL above |
//! | DSL fragments, templates and loops (one dashboard's expansion) | [`MAX_EXPANDED_INSTANCES`], [`MAX_EXPANDED_TOKENS`], [`MAX_EXPANDED_BYTES`], [`MAX_EXPANSION_DEPTH`] |
//! | did-you-mean suggestions | [`MAX_SUGGESTION_CHARS`], [`MAX_SUGGESTION_DISTANCE`] |
//! | messages | [`MAX_NAMES_LISTED`], [`MAX_BOUNDS_LISTED`], [`MAX_OVERLAPS_NAMED`], [`MAX_ERRORS_PER_QUERY`] |

/// Largest dashboard file `dashc check` reads, in bytes (32 MiB).
pub const MAX_DASHBOARD_BYTES: usize = 32 << 20;

/// Deepest nesting of arrays and objects in a dashboard file: serde_json's
/// own recursion limit, which it reports as "recursion limit exceeded".
/// Documented here; serde_json enforces it.
pub const JSON_MAX_DEPTH: usize = 128;

/// Most panels in one dashboard, rows and the panels of collapsed rows
/// included.
pub const MAX_PANELS: usize = 100_000;

/// Most query targets in one dashboard, over all its panels.
pub const MAX_TARGETS: usize = 200_000;

/// Most template variables in one dashboard (`templating.list`).
pub const MAX_VARIABLES: usize = 1_000;

/// Longest PromQL query, in bytes (128 KiB).
pub const MAX_QUERY_BYTES: usize = 128 << 10;

/// Deepest nesting of a PromQL expression (brackets, operators, function
/// calls and aggregations each add a level); every recursive pass over a
/// query's syntax tree stays within this depth.
pub const MAX_QUERY_DEPTH: usize = 256;

/// Largest catalog file, in bytes (64 MiB).
pub const MAX_CATALOG_BYTES: usize = 64 << 20;

/// Most labels on one sample line of a catalog.
pub const MAX_LABELS_PER_SAMPLE: usize = 1_000;

/// Most distinct label names one metric family of a catalog may have (from
/// samples and `# LABELS`; `le`, `quantile`, `job`, `instance` and the
/// target labels not counted).
pub const MAX_LABELS_PER_FAMILY: usize = 1_000;

/// Most label names `# TARGET_LABELS` lines of one catalog file declare.
pub const MAX_TARGET_LABELS: usize = 1_000;

/// Longest string literal in a `dashboard!` definition, in bytes (1 MiB);
/// queries are also held to [`MAX_QUERY_BYTES`].
pub const MAX_DSL_STRING_BYTES: usize = 1 << 20;

/// Most template instances and loop iterations one dashboard (or the
/// shared declarations of a set) expands into: each writes its panels, rows
/// or queries once more.
pub const MAX_EXPANDED_INSTANCES: usize = 10_000;

/// Most tokens the template instances and loop iterations of one dashboard
/// write, over all of them: with [`MAX_EXPANDED_INSTANCES`], what keeps a
/// large template instantiated many times from costing more than this.
pub const MAX_EXPANDED_TOKENS: usize = 1 << 20;

/// Most bytes of strings that `+` and fragment names make in one dashboard
/// (or in the shared declarations of a set), over all of them (16 MiB):
/// fragments built from fragments double at each step, and this stops
/// them long before memory runs out.
pub const MAX_EXPANDED_BYTES: usize = 16 << 20;

/// Deepest nesting of template instances and `for` loops inside each other.
pub const MAX_EXPANSION_DEPTH: usize = 16;

/// Longest word (in characters) for which a did-you-mean suggestion is
/// looked for, and longest candidate considered: a typo of a longer name
/// gets no suggestion.
pub const MAX_SUGGESTION_CHARS: usize = 256;

/// Largest edit distance computed for suggestions: candidates further away
/// than this are never suggested, whatever the length of the word.
pub const MAX_SUGGESTION_DISTANCE: usize = 32;

/// Most names a message lists (declared variables, label names); the rest
/// are counted ("and 12 more").
pub const MAX_NAMES_LISTED: usize = 5;

/// Most histogram bucket bounds a message lists (real histograms have a
/// dozen or two); the rest are counted.
pub const MAX_BOUNDS_LISTED: usize = 20;

/// Most other panels an overlap finding names; the rest are counted.
pub const MAX_OVERLAPS_NAMED: usize = 3;

/// Most errors reported for one query (each quotes the query's line); the
/// rest are counted in one more error.
pub const MAX_ERRORS_PER_QUERY: usize = 20;

/// `errors` of one query, at most [`MAX_ERRORS_PER_QUERY`] of them and then
/// one saying how many more there are.
pub fn cap_query_errors(
    mut errors: Vec<crate::promql::QueryError>,
    query: &str,
) -> Vec<crate::promql::QueryError> {
    if errors.len() > MAX_ERRORS_PER_QUERY {
        let more = errors.len() - MAX_ERRORS_PER_QUERY;
        errors.truncate(MAX_ERRORS_PER_QUERY);
        errors.push(crate::promql::QueryError::new(
            0..query.len(),
            format!(
                "and {more} more errors in this query, not shown: dashc reports at most \
                 {MAX_ERRORS_PER_QUERY} a query (`limits::MAX_ERRORS_PER_QUERY`); fix these first"
            ),
        ));
    }
    errors
}

/// `names` joined with ", ", at most [`MAX_NAMES_LISTED`] of them, then
/// "and N more".
///
/// ```
/// use dashc_core::limits::list_names;
/// assert_eq!(list_names(["a", "b"]), "a, b");
/// assert_eq!(list_names((0..8).map(|i| i.to_string())), "0, 1, 2, 3, 4 and 3 more");
/// ```
pub fn list_names<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    list_at_most(names, MAX_NAMES_LISTED)
}

/// `names` joined with ", ", at most `max` of them, then "and N more".
pub fn list_at_most<S: AsRef<str>>(names: impl IntoIterator<Item = S>, max: usize) -> String {
    let mut out = String::new();
    let mut more = 0usize;
    for (i, name) in names.into_iter().enumerate() {
        if i >= max {
            more += 1;
            continue;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name.as_ref());
    }
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}

/// The message for input over a cap: what, how big, the cap's name and value.
pub(crate) fn over(what: &str, size: usize, unit: &str, cap: &str, value: usize) -> String {
    format!(
        "{what} has {size} {unit}, over dashc's cap of {value} (`limits::{cap}`); split it up \
         or shorten it"
    )
}

/// Steps of work done by the loops whose cost depends on the input in more
/// than one dimension (edit-distance cells, overlap lookups), process-wide.
static STEPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Counts `n` steps of work (see [`steps`]).
pub(crate) fn step(n: usize) {
    STEPS.fetch_add(
        u64::try_from(n).unwrap_or(u64::MAX),
        std::sync::atomic::Ordering::Relaxed,
    );
}

/// The steps of work counted so far in this process: the scaling tests
/// compare how it grows with the input, a measure that does not depend on
/// how loaded the machine is. Not meant for anything else.
#[doc(hidden)]
pub fn steps() -> u64 {
    STEPS.load(std::sync::atomic::Ordering::Relaxed)
}
