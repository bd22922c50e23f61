//! Metric catalog: what an application's `/metrics` exports, read from a
//! snapshot of the Prometheus text exposition format (or OpenMetrics), and
//! the checks of queries against it.
//!
//! # Catalog files
//!
//! A catalog file is what `curl http://app/metrics` returns, saved into the
//! repository (`*.prom`): `# HELP`, `# TYPE`, `# UNIT`, samples with labels,
//! timestamps, and for OpenMetrics exemplars and the final `# EOF` (a file
//! ending in `# EOF` is read as OpenMetrics, any other as text format 0.0.4).
//! Sample values and timestamps are read and validated but not kept: a
//! catalog knows names, types, label names and histogram bucket bounds.
//!
//! Each metric family exposes series named after its type:
//!
//! | type | series |
//! |---|---|
//! | counter | `F` (0.0.4, where `F` usually ends in `_total`) or `F_total` (OpenMetrics); `F_created` when present |
//! | gauge, unknown/untyped, stateset | `F` |
//! | histogram | `F_bucket` (with `le`), `F_count`, `F_sum`; `F_created` when present |
//! | gaugehistogram | `F_bucket` (with `le`), `F_gcount`, `F_gsum` |
//! | summary | `F_count`, `F_sum`; `F` (with `quantile`) and `F_created` when present |
//! | info | `F_info` |
//!
//! Every series also carries `job` and `instance`, which Prometheus adds when
//! it scrapes, and every non-empty catalog also has the series Prometheus
//! records for each target ([`SCRAPE_SERIES`]: `up`, `scrape_duration_seconds`, ...).
//!
//! ## Families without samples: `# LABELS` and `# BUCKETS`
//!
//! A labelled family that was never observed is exported as `# HELP` and
//! `# TYPE` only, with no sample to show its label names. Two comment lines
//! (which Prometheus's text parser ignores like any other comment) declare
//! them; each names a family declared in the same file and may appear
//! anywhere in it:
//!
//! ```text
//! # TYPE django_model_inserts_total counter
//! # LABELS django_model_inserts_total model
//! # TYPE upstream_alert_processing_seconds histogram
//! # LABELS upstream_alert_processing_seconds product
//! # BUCKETS upstream_alert_processing_seconds 0.1 0.5 1.0 2.0 5.0 10.0 30.0 60.0 +Inf
//! ```
//!
//! `# LABELS <family> <label>...` adds label names (besides `le`, `quantile`,
//! `job` and `instance`, which are implied); `# BUCKETS <family> <le>...`
//! gives a histogram's bucket bounds spelled as the application prints them
//! in `le`. Both add to what samples show. `# TARGET_LABELS <label>...` adds
//! labels to every family of the file: the ones Prometheus's scrape
//! configuration attaches besides `job` and `instance` (`static_configs`
//! labels, relabeling). They are stored once per file, in
//! [`Family::target_labels`], shared by every family and series of the file
//! rather than copied into each. (OpenMetrics parsers reject unknown
//! comments: keep these lines in a 0.0.4 file beside the snapshot.)
//!
//! A catalog file is held to the caps of [`crate::limits`]: at most
//! [`MAX_CATALOG_BYTES`] bytes, [`crate::limits::MAX_LABELS_PER_SAMPLE`] labels on
//! one sample line, [`MAX_LABELS_PER_FAMILY`] label names in a family and
//! [`MAX_TARGET_LABELS`] target labels; crossing one is an error naming it.
//!
//! Native histograms travel only in Prometheus's protobuf format, so a text
//! snapshot cannot show them; a histogram family here is a classic one.
//!
//! Several files merge into one [`Catalog`] with [`Catalog::merge`].
//!
//! # Checks
//!
//! [`check_query`] checks one parsed query against a catalog. Each check is a
//! rule with a short name; a target switches rules off for its query with
//! `allow: ["rule", ...]` in the `dashboard!` DSL (or the `allow` argument):
//!
//! | rule | what it reports |
//! |---|---|
//! | `unknown-metric` | a selector names a series the catalog does not export (the closest names are suggested), including `_bucket`/`_count`/`_sum` of a family that is not a histogram or summary |
//! | `unknown-label` | a label that no series of the (sub)expression carries: in a matcher, `by`/`without`, `on`/`ignoring`/`group_left`/`group_right`, the source labels of `label_replace`/`label_join`, or the panel's legend format `{{label}}` |
//! | `label-set` | a label the metrics carry but the expression's result no longer has (an aggregation, function or binary operator dropped it), in a grouping clause or in the legend |
//! | `counter-function` | `rate`, `irate`, `increase`, `resets` over a series that is not a counter; `delta`, `idelta`, `deriv`, `predict_linear` over a counter |
//! | `histogram-quantile` | `histogram_quantile` over series without `le`, under an aggregation that drops `le`, or over raw buckets without `rate`/`increase` |
//! | `vector-matching` | a binary operation between vectors whose label sets can never match, or whose `on(...)` labels are absent from a side |
//! | `bucket-bound` | an `le="..."` matcher naming no bucket bound the histogram has (`le="1"` where the application prints `1.0`) |
//!
//! [`check_variable_query`] applies the same checks to a Grafana variable
//! query (`label_values(selector, label)`, `query_result(expr)`, ...).
//!
//! Label sets are inferred through selectors, aggregations, functions and
//! binary operators; wherever a set cannot be known (a selector without a
//! metric name, a metric the catalog lacks, a label name from a variable)
//! the checks that need it stay silent rather than guess.

pub mod capture;
mod checks;
pub(crate) mod exposition;
mod files;
mod labels;
mod query_rules;
mod variable_query;

pub use checks::{check_query, RULES};
pub use files::{
    default_catalog_files, first_use_in_this_process, no_default_catalog, LoadProblem, Loaded,
};
pub use query_rules::{query_rules, QueryShape, QUERY_RULES};
pub use variable_query::check_variable_query;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};

use crate::limits::{self, MAX_CATALOG_BYTES, MAX_LABELS_PER_FAMILY, MAX_TARGET_LABELS};

use exposition::Record;

/// The labels Prometheus adds to every series it scrapes.
pub const TARGET_LABELS: [&str; 2] = ["instance", "job"];

/// The series Prometheus itself records for every scrape target; every
/// non-empty catalog has them.
pub const SCRAPE_SERIES: [&str; 5] = [
    "scrape_duration_seconds",
    "scrape_samples_post_metric_relabeling",
    "scrape_samples_scraped",
    "scrape_series_added",
    "up",
];

/// Every suffix a sample name may add to its family's name.
const SUFFIXES: [&str; 8] = [
    "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info",
];

/// The type of a metric family, as declared by `# TYPE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MetricType {
    /// A monotonic counter.
    Counter,
    /// A value that goes up and down.
    Gauge,
    /// Cumulative buckets (`_bucket` with `le`), `_count`, `_sum`.
    Histogram,
    /// OpenMetrics gauge histogram (`_bucket`, `_gcount`, `_gsum`).
    GaugeHistogram,
    /// Quantiles (`quantile` label), `_count`, `_sum`.
    Summary,
    /// OpenMetrics info (`_info`, value 1).
    Info,
    /// OpenMetrics state set (one label named after the family).
    StateSet,
    /// `unknown` (OpenMetrics) or `untyped` (0.0.4), or no `# TYPE` at all.
    Unknown,
}

impl MetricType {
    /// Reads the word written after `# TYPE <name>`.
    pub fn from_word(word: &str) -> Option<MetricType> {
        Some(match word {
            "counter" => MetricType::Counter,
            "gauge" => MetricType::Gauge,
            "histogram" => MetricType::Histogram,
            "gaugehistogram" => MetricType::GaugeHistogram,
            "summary" => MetricType::Summary,
            "info" => MetricType::Info,
            "stateset" => MetricType::StateSet,
            "unknown" | "untyped" => MetricType::Unknown,
            _ => return None,
        })
    }

    /// The word as written in `# TYPE`.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
            MetricType::GaugeHistogram => "gaugehistogram",
            MetricType::Summary => "summary",
            MetricType::Info => "info",
            MetricType::StateSet => "stateset",
            MetricType::Unknown => "unknown",
        }
    }

    /// The suffixes a sample name may add to the family name.
    fn suffixes(self) -> &'static [(&'static str, SeriesRole)] {
        match self {
            MetricType::Counter => &[
                ("_total", SeriesRole::Total),
                ("_created", SeriesRole::Created),
            ],
            MetricType::Histogram => &[
                ("_bucket", SeriesRole::Bucket),
                ("_count", SeriesRole::Count),
                ("_sum", SeriesRole::Sum),
                ("_created", SeriesRole::Created),
            ],
            MetricType::GaugeHistogram => &[
                ("_bucket", SeriesRole::Bucket),
                ("_gcount", SeriesRole::Count),
                ("_gsum", SeriesRole::Sum),
            ],
            MetricType::Summary => &[
                ("_count", SeriesRole::Count),
                ("_sum", SeriesRole::Sum),
                ("_created", SeriesRole::Created),
            ],
            MetricType::Info => &[("_info", SeriesRole::Value)],
            MetricType::Gauge | MetricType::StateSet | MetricType::Unknown => &[],
        }
    }
}

impl fmt::Display for MetricType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a series is within its family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeriesRole {
    /// The family's own value: a 0.0.4 counter, a gauge, a summary's quantiles, an info.
    Value,
    /// An OpenMetrics counter's `_total`.
    Total,
    /// A histogram's `_bucket` (carries `le`).
    Bucket,
    /// `_count` (`_gcount` of a gauge histogram).
    Count,
    /// `_sum` (`_gsum` of a gauge histogram).
    Sum,
    /// `_created`: the Unix time the series was created.
    Created,
}

/// How a series behaves over time, for the rate-like functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeriesKind {
    /// Only goes up, reset to 0 on restart: `rate`, `increase` apply.
    Counter,
    /// Goes up and down: `deriv`, `delta` apply.
    Gauge,
    /// Untyped: nothing is known.
    Unknown,
}

/// One metric family of a catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// The name in `# TYPE` (or the sample name of an untyped family).
    pub name: String,
    /// The declared type.
    pub kind: MetricType,
    /// The `# HELP` text.
    pub help: Option<String>,
    /// The `# UNIT` (OpenMetrics).
    pub unit: Option<String>,
    /// Label names seen in samples or declared by `# LABELS`, without `le`,
    /// a summary's `quantile`, and the target labels `job` and `instance`.
    pub labels: BTreeSet<String>,
    /// The labels Prometheus attaches to every series of the target: `job`,
    /// `instance` and the file's `# TARGET_LABELS`. One set shared by every
    /// family of a file, not a copy per family.
    pub target_labels: Arc<BTreeSet<String>>,
    /// Histogram bucket bounds as written in `le`, in numeric order.
    pub buckets: Vec<String>,
    /// The series the family exposes.
    pub series: BTreeMap<String, SeriesRole>,
    /// Whether a catalog file has a sample of it. A family exported before
    /// its first observation has `# HELP` and `# TYPE` only: its series are
    /// known, its labels only from `# LABELS` lines.
    pub sampled: bool,
    /// The file it was read from.
    pub source: String,
    /// The line that declared it (1-based).
    pub line: usize,
}

impl Family {
    /// How a series of this family in `role` behaves over time.
    pub fn series_kind(&self, role: SeriesRole) -> SeriesKind {
        match (self.kind, role) {
            (_, SeriesRole::Created) => SeriesKind::Gauge,
            (MetricType::Counter, _) => SeriesKind::Counter,
            (MetricType::Histogram | MetricType::Summary, SeriesRole::Value) => SeriesKind::Gauge,
            (MetricType::Histogram | MetricType::Summary, _) => SeriesKind::Counter,
            (MetricType::Unknown, _) => SeriesKind::Unknown,
            _ => SeriesKind::Gauge,
        }
    }

    /// The label names a series of this family in `role` carries, with
    /// `job`, `instance` and the other target labels.
    pub fn series_labels(&self, role: SeriesRole) -> LabelNames {
        let mut labels = self.labels.clone();
        match (self.kind, role) {
            (_, SeriesRole::Bucket) => {
                labels.insert("le".to_string());
            }
            (MetricType::Summary, SeriesRole::Value) => {
                labels.insert("quantile".to_string());
            }
            _ => {}
        }
        LabelNames {
            own: labels,
            shared: Arc::clone(&self.target_labels),
        }
    }
}

/// The label names of a series: its family's own and the target labels,
/// which are kept once per catalog file and shared, not copied into every
/// series (a file may declare many target labels and many families).
#[derive(Debug, Clone, Default)]
pub struct LabelNames {
    own: BTreeSet<String>,
    shared: Arc<BTreeSet<String>>,
}

impl LabelNames {
    /// Names from a list, all of them the series' own.
    pub fn new<S: Into<String>>(names: impl IntoIterator<Item = S>) -> LabelNames {
        LabelNames {
            own: names.into_iter().map(Into::into).collect(),
            shared: Arc::default(),
        }
    }

    /// True when the series carries `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.own.contains(name) || self.shared.contains(name)
    }

    /// Every name once, in order.
    pub fn iter(&self) -> impl Iterator<Item = &String> + '_ {
        let mut own = self.own.iter().peekable();
        let mut shared = self.shared.iter().peekable();
        std::iter::from_fn(move || match (own.peek(), shared.peek()) {
            (Some(a), Some(b)) if a == b => {
                shared.next();
                own.next()
            }
            (Some(a), Some(b)) if a < b => own.next(),
            (Some(_), Some(_)) | (None, Some(_)) => shared.next(),
            (Some(_), None) => own.next(),
            (None, None) => None,
        })
    }

    /// How many names.
    pub fn len(&self) -> usize {
        self.own.len() + self.shared.len()
            - self.own.iter().filter(|n| self.shared.contains(*n)).count()
    }

    /// True when the series carries no label.
    pub fn is_empty(&self) -> bool {
        self.own.is_empty() && self.shared.is_empty()
    }

    /// The names as one set of their own.
    pub fn to_set(&self) -> BTreeSet<String> {
        self.iter().cloned().collect()
    }

    /// Adds `other`'s names; shared sets that differ are joined once per
    /// pair (remembered in `joined`).
    fn absorb(&mut self, other: &LabelNames, joined: &mut Joined) {
        self.own.extend(other.own.iter().cloned());
        self.shared = joined.join(&self.shared, &other.shared);
    }
}

impl PartialEq for LabelNames {
    /// The same names, however they are held.
    fn eq(&self, other: &LabelNames) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for LabelNames {}

/// Unions of shared label sets already made, by the addresses of the two
/// sets: merging families of two files builds each union once, not once per
/// family. Each entry keeps both sets alive, so no address is reused while
/// it is a key.
#[derive(Default)]
struct Joined(HashMap<(usize, usize), [Arc<BTreeSet<String>>; 3]>);

impl Joined {
    fn join(
        &mut self,
        a: &Arc<BTreeSet<String>>,
        b: &Arc<BTreeSet<String>>,
    ) -> Arc<BTreeSet<String>> {
        if Arc::ptr_eq(a, b) || b.is_empty() {
            return Arc::clone(a);
        }
        if a.is_empty() {
            return Arc::clone(b);
        }
        let key = (Arc::as_ptr(a) as usize, Arc::as_ptr(b) as usize);
        let [_, _, union] = self.0.entry(key).or_insert_with(|| {
            let union = if b.is_subset(a) {
                Arc::clone(a)
            } else {
                Arc::new(a.union(b).cloned().collect())
            };
            [Arc::clone(a), Arc::clone(b), union]
        });
        Arc::clone(union)
    }
}

/// One series name a catalog exports, with what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The name as queried.
    pub name: String,
    /// The family it belongs to.
    pub family: String,
    /// Its type.
    pub family_kind: MetricType,
    /// Its role in the family.
    pub role: SeriesRole,
    /// Counter, gauge or unknown.
    pub kind: SeriesKind,
    /// Every label name it carries, `job`, `instance` and the other target
    /// labels included.
    pub labels: LabelNames,
    /// For `_bucket` series: the bucket bounds known from the catalog.
    pub buckets: Vec<String>,
}

/// An error in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// The file (as given to [`Catalog::parse`]).
    pub source: String,
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column (in characters) on a sample line, where it is known.
    pub column: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(
                f,
                "{}:{}:{column}: {}",
                self.source, self.line, self.message
            ),
            None => write!(f, "{}:{}: {}", self.source, self.line, self.message),
        }
    }
}

impl std::error::Error for CatalogError {}

/// A catalog file's name and text, and what reading it gave.
type ParsedFile = (String, String, Result<Catalog, Vec<CatalogError>>);

/// A merge of one or more catalog files: the series an application exports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    families: BTreeMap<String, Family>,
    series: BTreeMap<String, Series>,
    conflicts: Vec<CatalogError>,
    /// Every label name any series carries, built with the series index.
    labels: BTreeSet<String>,
}

impl Catalog {
    /// Reads one catalog file; `source` names it in messages. Every error in
    /// the file is returned, not only the first.
    ///
    /// ```
    /// use dashc_core::catalog::{Catalog, SeriesKind};
    /// let text = "# TYPE jobs_total counter\njobs_total{queue=\"mail\"} 3\n";
    /// let catalog = Catalog::parse(text, "app.prom").unwrap();
    /// let series = catalog.series("jobs_total").unwrap();
    /// assert_eq!(series.kind, SeriesKind::Counter);
    /// assert!(series.labels.contains("queue") && series.labels.contains("job"));
    /// ```
    pub fn parse(text: &str, source: &str) -> Result<Catalog, Vec<CatalogError>> {
        // Every `dashboard!` of a crate reads the same files in one compiler
        // process: remember the last few results (a clone costs a tenth of a
        // parse in the unoptimised build proc macros run in).
        static RECENT: Mutex<Vec<ParsedFile>> = Mutex::new(Vec::new());
        const KEPT: usize = 8;
        if let Ok(recent) = RECENT.lock() {
            if let Some((_, _, result)) = recent.iter().find(|(s, t, _)| s == source && t == text) {
                return result.clone();
            }
        }
        let result = Catalog::parse_uncached(text, source);
        if let Ok(mut recent) = RECENT.lock() {
            if recent.len() == KEPT {
                recent.drain(..1);
            }
            recent.push((source.to_string(), text.to_string(), result.clone()));
        }
        result
    }

    fn parse_uncached(text: &str, source: &str) -> Result<Catalog, Vec<CatalogError>> {
        let mut reader = Reader::new(source);
        if text.len() > MAX_CATALOG_BYTES {
            reader.error(
                1,
                limits::over(
                    "the catalog file",
                    text.len(),
                    "bytes",
                    "MAX_CATALOG_BYTES",
                    MAX_CATALOG_BYTES,
                ),
            );
            return Err(reader.errors);
        }
        let openmetrics = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(str::trim)
            == Some("# EOF");
        for (index, line) in text.lines().enumerate() {
            reader.line(index + 1, line);
        }
        reader.finish(openmetrics)
    }

    /// Adds every family of `other`. A family both declare keeps the first
    /// declaration's type; a different type in `other` is recorded in
    /// [`Catalog::conflicts`].
    pub fn merge(&mut self, other: Catalog) {
        if self.families.is_empty() && self.conflicts.is_empty() {
            *self = other;
            return;
        }
        self.conflicts.extend(other.conflicts);
        let mut joined = Joined::default();
        for (name, family) in other.families {
            match self.families.get_mut(&name) {
                None => {
                    self.families.insert(name, family);
                }
                Some(mine) if mine.kind != family.kind => self.conflicts.push(CatalogError {
                    source: family.source.clone(),
                    line: family.line,
                    column: None,
                    message: format!(
                        "`{name}` is declared a {} here but a {} at {}:{}; one application cannot \
                         export both: remove one of the two catalog files or fix the type",
                        family.kind, mine.kind, mine.source, mine.line
                    ),
                }),
                Some(mine) => {
                    mine.sampled |= family.sampled;
                    mine.labels.extend(family.labels);
                    mine.target_labels = joined.join(&mine.target_labels, &family.target_labels);
                    mine.series.extend(family.series);
                    mine.buckets.extend(family.buckets);
                    sort_bounds(&mut mine.buckets);
                    if mine.help.is_none() {
                        mine.help = family.help;
                    }
                    if mine.unit.is_none() {
                        mine.unit = family.unit;
                    }
                }
            }
        }
        self.index();
    }

    /// Like [`Catalog::merge`], but returns the type conflicts it found.
    pub fn try_merge(&mut self, other: Catalog) -> Result<(), Vec<CatalogError>> {
        let before = self.conflicts.len();
        self.merge(other);
        if self.conflicts.len() > before {
            Err(self.conflicts[before..].to_vec())
        } else {
            Ok(())
        }
    }

    /// Families declared with different types by merged files.
    pub fn conflicts(&self) -> &[CatalogError] {
        &self.conflicts
    }

    /// True when the catalog has no family.
    pub fn is_empty(&self) -> bool {
        self.families.is_empty()
    }

    /// The families, by name.
    pub fn families(&self) -> impl Iterator<Item = &Family> {
        self.families.values()
    }

    /// One family by its declared name.
    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.get(name)
    }

    /// One series by the name a query uses.
    pub fn series(&self, name: &str) -> Option<&Series> {
        self.series.get(name)
    }

    /// Every series, by name.
    pub fn all_series(&self) -> impl Iterator<Item = &Series> {
        self.series.values()
    }

    /// Every label name any series carries.
    pub fn all_labels(&self) -> BTreeSet<&str> {
        self.labels.iter().map(String::as_str).collect()
    }

    /// For a label no series of `metrics` carries: the families among them
    /// that the catalog knows no label of, having no sample of them
    /// (declared by `# HELP`/`# TYPE` only) and no `# LABELS` line, as a
    /// hint to declare the label with one. Empty when there is none.
    pub fn unsampled_hint<'a>(
        &self,
        metrics: impl IntoIterator<Item = &'a str>,
        label: &str,
    ) -> String {
        let mut families: Vec<&Family> = metrics
            .into_iter()
            .filter_map(|m| self.family(&self.series(m)?.family))
            .filter(|f| !f.sampled && f.labels.is_empty())
            .collect();
        families.sort_by(|a, b| a.name.cmp(&b.name));
        families.dedup_by(|a, b| a.name == b.name);
        match families.as_slice() {
            [] => String::new(),
            [f] => format!(
                "; the catalog has no samples of `{name}` ({source}:{line} declares it with no \
                 sample line, as an application exports a family it has not observed yet), so \
                 its labels are unknown: if it has `{label}`, add the line \
                 `# LABELS {name} {label}` (all its labels, space-separated) to {source}",
                name = f.name,
                source = f.source,
                line = f.line,
            ),
            many => format!(
                "; the catalog has no samples of {} (declared with no sample line), so their \
                 labels are unknown: if they have `{label}`, add a line \
                 `# LABELS <family> {label}` for each to its catalog file",
                quote_names(many.iter().map(|f| f.name.as_str()))
            ),
        }
    }

    /// True when some series carries the label `name`.
    pub fn has_label(&self, name: &str) -> bool {
        self.labels.contains(name)
    }

    /// The label names of every series, each shared set once.
    fn collect_labels(&self) -> BTreeSet<String> {
        let mut shared_seen = std::collections::HashSet::new();
        let mut out = BTreeSet::new();
        for s in self.series.values() {
            out.extend(s.labels.own.iter().cloned());
            if shared_seen.insert(Arc::as_ptr(&s.labels.shared)) {
                out.extend(s.labels.shared.iter().cloned());
            }
        }
        out
    }

    /// Rebuilds the series index from the families.
    fn index(&mut self) {
        let mut series: BTreeMap<String, Series> = BTreeMap::new();
        let mut joined = Joined::default();
        if !self.families.is_empty() {
            let target: Arc<BTreeSet<String>> =
                Arc::new(TARGET_LABELS.iter().map(|l| l.to_string()).collect());
            for name in SCRAPE_SERIES {
                series.insert(
                    name.to_string(),
                    Series {
                        name: name.to_string(),
                        family: name.to_string(),
                        family_kind: MetricType::Gauge,
                        role: SeriesRole::Value,
                        kind: SeriesKind::Gauge,
                        labels: LabelNames {
                            own: BTreeSet::new(),
                            shared: Arc::clone(&target),
                        },
                        buckets: Vec::new(),
                    },
                );
            }
        }
        for family in self.families.values() {
            for (name, role) in &family.series {
                let entry = series.entry(name.clone()).or_insert_with(|| Series {
                    name: name.clone(),
                    family: family.name.clone(),
                    family_kind: family.kind,
                    role: *role,
                    kind: family.series_kind(*role),
                    labels: LabelNames::default(),
                    buckets: Vec::new(),
                });
                entry
                    .labels
                    .absorb(&family.series_labels(*role), &mut joined);
                if *role == SeriesRole::Bucket && entry.family == family.name {
                    entry.buckets = family.buckets.clone();
                }
            }
        }
        self.series = series;
        self.labels = self.collect_labels();
    }
}

/// `a`, `b` and `c`, for messages: at most five names, then "and N more".
fn quote_names<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 5;
    let total = names.len();
    let quoted: Vec<String> = names.take(SHOWN).map(|n| format!("`{n}`")).collect();
    if total > SHOWN {
        return format!("{} and {} more", quoted.join(", "), total - SHOWN);
    }
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// Sorts bucket bounds numerically and drops duplicates.
fn sort_bounds(bounds: &mut Vec<String>) {
    let value = |b: &String| exposition::parse_float(b).unwrap_or(f64::NAN);
    bounds.sort_by(|a, b| value(a).total_cmp(&value(b)).then_with(|| a.cmp(b)));
    bounds.dedup();
}

/// Turns the records of one file into families.
struct Reader {
    source: String,
    families: BTreeMap<String, Family>,
    /// Families that have had a `# TYPE` line.
    typed: BTreeSet<String>,
    /// Families that have had samples.
    sampled: BTreeSet<String>,
    /// `# LABELS` and `# BUCKETS` lines, applied once every family is known.
    extensions: Vec<(usize, Record)>,
    eof_line: Option<usize>,
    /// Labels the scrape configuration adds to every series of the file.
    target_labels: BTreeSet<String>,
    /// Families already reported for having too many labels.
    too_many_labels: BTreeSet<String>,
    errors: Vec<CatalogError>,
}

impl Reader {
    fn new(source: &str) -> Reader {
        Reader {
            source: source.to_string(),
            families: BTreeMap::new(),
            typed: BTreeSet::new(),
            sampled: BTreeSet::new(),
            extensions: Vec::new(),
            eof_line: None,
            target_labels: BTreeSet::new(),
            too_many_labels: BTreeSet::new(),
            errors: Vec::new(),
        }
    }

    fn error(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(CatalogError {
            source: self.source.clone(),
            line,
            column: None,
            message: message.into(),
        });
    }

    fn family_mut(&mut self, name: &str, line: usize) -> &mut Family {
        let source = &self.source;
        self.families
            .entry(name.to_string())
            .or_insert_with(|| Family {
                name: name.to_string(),
                kind: MetricType::Unknown,
                help: None,
                unit: None,
                labels: BTreeSet::new(),
                target_labels: Arc::default(),
                buckets: Vec::new(),
                series: BTreeMap::new(),
                sampled: false,
                source: source.clone(),
                line,
            })
    }

    fn line(&mut self, number: usize, text: &str) {
        let record = match exposition::parse_line_at(text) {
            Ok(Some(record)) => record,
            Ok(None) => return,
            Err((column, message)) => {
                return self.errors.push(CatalogError {
                    source: self.source.clone(),
                    line: number,
                    column: (!text.starts_with('#')).then_some(column),
                    message,
                })
            }
        };
        if let Some(eof) = self.eof_line {
            return self.error(
                number,
                format!("content after `# EOF` (line {eof}); `# EOF` must be the last line"),
            );
        }
        match record {
            Record::Eof => self.eof_line = Some(number),
            Record::Help { name, text } => {
                let family = self.family_mut(&name, number);
                if family.help.is_some() {
                    let first = family.line;
                    self.error(
                        number,
                        format!("second `# HELP` for `{name}` (the family starts on line {first}); keep one"),
                    );
                } else {
                    family.help = Some(text);
                }
            }
            Record::Unit { name, unit } => {
                self.family_mut(&name, number).unit = Some(unit);
            }
            Record::Type { name, kind } => {
                if self.typed.contains(&name) {
                    return self.error(
                        number,
                        format!("second `# TYPE` for `{name}`; a family is declared once"),
                    );
                }
                if self.sampled.contains(&name) {
                    return self.error(
                        number,
                        format!(
                            "`# TYPE {name}` after samples of `{name}`; move it above the family's first sample"
                        ),
                    );
                }
                self.typed.insert(name.clone());
                let family = self.family_mut(&name, number);
                family.kind = kind;
                family.line = number;
            }
            Record::TargetLabels { names } => {
                self.target_labels.extend(names);
                if self.target_labels.len() > MAX_TARGET_LABELS {
                    let message = limits::over(
                        "`# TARGET_LABELS` of this file",
                        self.target_labels.len(),
                        "label names",
                        "MAX_TARGET_LABELS",
                        MAX_TARGET_LABELS,
                    );
                    self.target_labels.clear();
                    self.error(number, message);
                }
            }
            Record::Labels { .. } | Record::Buckets { .. } => {
                self.extensions.push((number, record))
            }
            Record::Sample(sample) => self.sample(number, sample),
        }
    }

    /// The family and role of a sample name: an exact family name first,
    /// then a family name plus one of its type's suffixes.
    fn resolve(&self, name: &str) -> Option<(String, SeriesRole)> {
        if self.families.contains_key(name) {
            return Some((name.to_string(), SeriesRole::Value));
        }
        SUFFIXES.iter().find_map(|suffix| {
            let family = self.families.get(name.strip_suffix(suffix)?)?;
            family
                .kind
                .suffixes()
                .iter()
                .find(|(s, _)| s == suffix)
                .map(|(_, role)| (family.name.clone(), *role))
        })
    }

    fn sample(&mut self, number: usize, sample: exposition::Sample) {
        let (family_name, role) = self
            .resolve(&sample.name)
            .unwrap_or_else(|| (sample.name.clone(), SeriesRole::Value));
        let family = self.family_mut(&family_name, number);
        family.sampled = true;
        let kind = family.kind;
        if kind == MetricType::Histogram && role == SeriesRole::Value {
            return self.error(
                number,
                format!(
                    "sample `{}` of histogram `{family_name}`: a histogram's samples are \
                     `{family_name}_bucket`, `{family_name}_count` and `{family_name}_sum`",
                    sample.name
                ),
            );
        }
        let mut has_le = false;
        for (label, value) in sample.labels {
            match (kind, role, label.as_str()) {
                (_, SeriesRole::Bucket, "le") => {
                    has_le = true;
                    // Duplicates go when the bounds are sorted.
                    family.buckets.push(value);
                }
                (MetricType::Summary, SeriesRole::Value, "quantile") => {}
                _ => {
                    family.labels.insert(label);
                }
            }
        }
        let labels = family.labels.len();
        if !family.series.contains_key(&sample.name) {
            family.series.insert(sample.name.clone(), role);
        }
        if labels > MAX_LABELS_PER_FAMILY {
            self.too_many(number, &family_name, labels);
        }
        if !self.sampled.contains(&family_name) {
            self.sampled.insert(family_name);
        }
        if role == SeriesRole::Bucket && !has_le {
            self.error(
                number,
                format!(
                    "bucket sample `{}` has no `le` label; add `le=\"<bound>\"`",
                    sample.name
                ),
            );
        }
    }

    /// Reports (once) a family with more label names than
    /// [`MAX_LABELS_PER_FAMILY`].
    fn too_many(&mut self, number: usize, family: &str, labels: usize) {
        if self.too_many_labels.insert(family.to_string()) {
            let message = limits::over(
                &format!("family `{family}`"),
                labels,
                "label names",
                "MAX_LABELS_PER_FAMILY",
                MAX_LABELS_PER_FAMILY,
            );
            self.error(number, message);
        }
    }

    fn finish(mut self, openmetrics: bool) -> Result<Catalog, Vec<CatalogError>> {
        for (number, record) in std::mem::take(&mut self.extensions) {
            let (family_name, directive) = match &record {
                Record::Labels { family, .. } => (family.clone(), "LABELS"),
                Record::Buckets { family, .. } => (family.clone(), "BUCKETS"),
                _ => continue,
            };
            let Some(family) = self.families.get_mut(&family_name) else {
                self.error(
                    number,
                    format!(
                        "`# {directive} {family_name}` names no family of this file; declare it with \
                         `# TYPE {family_name} <type>` first"
                    ),
                );
                continue;
            };
            match record {
                Record::Labels { names, .. } => {
                    if let Some(reserved) = names.iter().find(|n| n.starts_with("__")) {
                        let message = format!(
                            "label names starting with `__` are reserved for Prometheus; remove \
                             `{reserved}` from `# LABELS {family_name}`"
                        );
                        self.error(number, message);
                        continue;
                    }
                    family.labels.extend(names);
                    let labels = family.labels.len();
                    if labels > MAX_LABELS_PER_FAMILY {
                        self.too_many(number, &family_name, labels);
                    }
                }
                Record::Buckets { bounds, .. } => {
                    if !matches!(
                        family.kind,
                        MetricType::Histogram | MetricType::GaugeHistogram
                    ) {
                        let message = format!(
                            "`# BUCKETS {family_name}`: `{family_name}` is a {}, only histograms have buckets",
                            family.kind
                        );
                        self.error(number, message);
                        continue;
                    }
                    family.buckets.extend(bounds);
                }
                _ => {}
            }
        }
        let mut target = std::mem::take(&mut self.target_labels);
        target.extend(TARGET_LABELS.iter().map(|l| l.to_string()));
        let target = Arc::new(target);
        for family in self.families.values_mut() {
            family.target_labels = Arc::clone(&target);
            for label in TARGET_LABELS {
                family.labels.remove(label);
            }
            sort_bounds(&mut family.buckets);
            let f = family.name.clone();
            let implied: Vec<(String, SeriesRole)> = match family.kind {
                MetricType::Counter if openmetrics => {
                    vec![(format!("{f}_total"), SeriesRole::Total)]
                }
                MetricType::Counter
                | MetricType::Gauge
                | MetricType::StateSet
                | MetricType::Unknown => {
                    vec![(f, SeriesRole::Value)]
                }
                MetricType::Histogram | MetricType::GaugeHistogram => {
                    let (count, sum) = if family.kind == MetricType::Histogram {
                        ("_count", "_sum")
                    } else {
                        ("_gcount", "_gsum")
                    };
                    vec![
                        (format!("{f}_bucket"), SeriesRole::Bucket),
                        (format!("{f}{count}"), SeriesRole::Count),
                        (format!("{f}{sum}"), SeriesRole::Sum),
                    ]
                }
                MetricType::Summary => vec![
                    (format!("{f}_count"), SeriesRole::Count),
                    (format!("{f}_sum"), SeriesRole::Sum),
                ],
                MetricType::Info => vec![(format!("{f}_info"), SeriesRole::Value)],
            };
            for (name, role) in implied {
                family.series.entry(name).or_insert(role);
            }
        }
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|e| e.line);
            return Err(self.errors);
        }
        let mut catalog = Catalog {
            families: self.families,
            series: BTreeMap::new(),
            conflicts: Vec::new(),
            labels: BTreeSet::new(),
        };
        catalog.index();
        Ok(catalog)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_without_samples_is_known_and_marked_unsampled() {
        let text = "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\n\
                    # TYPE seen_total counter\nseen_total{kind=\"a\"} 1\n";
        let c = Catalog::parse(text, "app.prom").unwrap();
        assert!(c.series("jobs_total").is_some());
        assert!(!c.family("jobs_total").unwrap().sampled);
        assert!(c.family("seen_total").unwrap().sampled);
        let hint = c.unsampled_hint(["jobs_total", "seen_total"], "queue");
        assert!(
            hint.contains("no samples of `jobs_total` (app.prom:2")
                && hint.contains("`# LABELS jobs_total queue`"),
            "{hint}"
        );
        assert_eq!(c.unsampled_hint(["seen_total"], "queue"), "");
        // A sample in another file counts.
        let mut merged = c.clone();
        merged
            .merge(Catalog::parse("# TYPE jobs_total counter\njobs_total 1\n", "b.prom").unwrap());
        assert!(merged.family("jobs_total").unwrap().sampled);
        assert_eq!(merged.unsampled_hint(["jobs_total"], "queue"), "");
    }

    #[test]
    fn quoted_names_stop_at_five() {
        assert_eq!(quote_names(["a"].into_iter()), "`a`");
        assert_eq!(quote_names(["a", "b", "c"].into_iter()), "`a`, `b` and `c`");
        let many = ["a", "b", "c", "d", "e", "f", "g"];
        assert_eq!(
            quote_names(many.into_iter()),
            "`a`, `b`, `c`, `d`, `e` and 2 more"
        );
    }

    #[test]
    fn a_text_format_histogram_exposes_buckets_count_and_sum() {
        let text = "# HELP h Latency.\n# TYPE h histogram\n\
                    h_bucket{le=\"0.5\",path=\"/\"} 1\nh_bucket{le=\"+Inf\",path=\"/\"} 2\n\
                    h_count{path=\"/\"} 2\nh_sum{path=\"/\"} 0.7\n";
        let c = Catalog::parse(text, "t.prom").unwrap();
        let bucket = c.series("h_bucket").unwrap();
        assert_eq!(bucket.role, SeriesRole::Bucket);
        assert_eq!(bucket.kind, SeriesKind::Counter);
        assert_eq!(
            bucket.labels.iter().map(String::as_str).collect::<Vec<_>>(),
            ["instance", "job", "le", "path"]
        );
        assert_eq!(bucket.buckets, ["0.5", "+Inf"]);
        assert!(!c.series("h_count").unwrap().labels.contains("le"));
        assert!(c.series("h").is_none());
        assert_eq!(c.family("h").unwrap().help.as_deref(), Some("Latency."));
    }

    #[test]
    fn openmetrics_counters_expose_total_and_created() {
        let text = "# TYPE jobs counter\n# UNIT jobs jobs\njobs_total{q=\"a\"} 1\n\
                    jobs_created{q=\"a\"} 1.7e9\n# TYPE s summary\ns{quantile=\"0.5\"} 1\n\
                    s_count 1\ns_sum 1\n# TYPE i info\ni_info{version=\"1\"} 1\n# EOF\n";
        let c = Catalog::parse(text, "om.prom").unwrap();
        assert_eq!(c.series("jobs_total").unwrap().kind, SeriesKind::Counter);
        assert_eq!(c.series("jobs_created").unwrap().kind, SeriesKind::Gauge);
        assert!(c.series("jobs").is_none());
        assert_eq!(c.family("jobs").unwrap().unit.as_deref(), Some("jobs"));
        let quantiles = c.series("s").unwrap();
        assert_eq!(quantiles.kind, SeriesKind::Gauge);
        assert!(quantiles.labels.contains("quantile"));
        assert!(!c.series("s_count").unwrap().labels.contains("quantile"));
        assert!(c.series("i_info").unwrap().labels.contains("version"));
    }

    #[test]
    fn families_without_samples_take_labels_and_buckets_from_the_extension() {
        let text = "# TYPE a_total counter\n# TYPE h histogram\n# LABELS h product\n\
                    # BUCKETS h 1.0 0.5 +Inf\n# LABELS a_total model\n";
        let c = Catalog::parse(text, "x.prom").unwrap();
        assert!(c.series("a_total").unwrap().labels.contains("model"));
        let b = c.series("h_bucket").unwrap();
        assert!(b.labels.contains("product") && b.labels.contains("le"));
        assert_eq!(b.buckets, ["0.5", "1.0", "+Inf"]);
    }

    #[test]
    fn target_labels_reach_every_family_of_their_file_only() {
        let mut c = Catalog::parse(
            "# TARGET_LABELS env\n# TYPE a gauge\na 1\n# TYPE b_total counter\n",
            "web.prom",
        )
        .unwrap();
        c.merge(Catalog::parse("# TYPE c gauge\nc 1\n", "worker.prom").unwrap());
        assert!(c.series("a").unwrap().labels.contains("env"));
        assert!(c.series("b_total").unwrap().labels.contains("env"));
        assert!(!c.series("c").unwrap().labels.contains("env"));
    }

    #[test]
    fn untyped_samples_form_their_own_family() {
        let c = Catalog::parse("up_seconds 3\n", "x.prom").unwrap();
        assert_eq!(c.series("up_seconds").unwrap().kind, SeriesKind::Unknown);
    }

    #[test]
    fn every_error_is_reported_with_its_line() {
        let text = "# TYPE a counter\n# TYPE a counter\nb{x=} 1\nc 1\n# TYPE c gauge\n\
                    # LABELS nope l\n# BUCKETS a 1\n# TYPE h histogram\nh 1\n";
        let errors = Catalog::parse(text, "bad.prom").unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 5, 6, 7, 9], "{errors:#?}");
        assert!(errors[0]
            .to_string()
            .starts_with("bad.prom:2: second `# TYPE`"));
        assert!(errors[3]
            .message
            .contains("declare it with `# TYPE nope <type>`"));
    }

    #[test]
    fn nothing_may_follow_eof() {
        let errors = Catalog::parse("# EOF\nx 1\n# EOF\n", "om.prom").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("after `# EOF` (line 1)"));
    }

    #[test]
    fn merging_unions_labels_and_records_type_conflicts() {
        let mut a = Catalog::parse("# TYPE x gauge\nx{a=\"1\"} 1\n", "a.prom").unwrap();
        let b = Catalog::parse("# TYPE x gauge\nx{b=\"1\"} 1\n", "b.prom").unwrap();
        a.merge(b);
        let labels = &a.series("x").unwrap().labels;
        assert!(labels.contains("a") && labels.contains("b"));
        let c = Catalog::parse("# TYPE x counter\nx 1\n", "c.prom").unwrap();
        let errors = a.try_merge(c).unwrap_err();
        assert_eq!(errors[0].source, "c.prom");
        assert!(errors[0]
            .message
            .contains("declared a counter here but a gauge at a.prom:1"));
    }
}
