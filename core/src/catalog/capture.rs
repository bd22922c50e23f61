//! Catalog snapshots of live `/metrics` endpoints: what `dashc catalog
//! capture` writes, as ordinary functions of the response bodies (the HTTP
//! fetch itself is the command line's).
//!
//! A [`Capture`] takes one or more scrapes ([`Capture::add`]: the URL, the
//! `Content-Type` and the body of each response), merges their families and
//! renders one snapshot ([`Capture::render`]) that [`Catalog::parse`] and
//! [`Catalog::load`] read back.
//!
//! # What a snapshot keeps
//!
//! A catalog knows names, types, label names and bucket bounds; sample values
//! and label values mean nothing to it and change from one scrape to the
//! next. A snapshot therefore keeps, for each series name, **one sample per
//! distinct set of label names**, with every label value left empty, except
//! a histogram bucket's `le` and a summary's `quantile` (one sample per bound,
//! so the bucket bounds stay known), and the value `0`. Timestamps, exemplars
//! and `# UNIT` lines are dropped. Two scrapes of the same application that
//! saw the same label sets give byte-identical snapshots, however many series
//! each had and whatever their values: the output is a function of the set
//! of (series, label names) pairs alone, sorted.
//!
//! Families are sorted by name. Each keeps its `# HELP` (the first endpoint's
//! when several export it) and its `# TYPE`. A family that no endpoint had a
//! sample of (an application exports a labelled family before its first
//! observation with `# HELP` and `# TYPE` only) gets a `# LABELS` line with
//! no label: its label names are unknown, and the line is where to list them
//! (see the module documentation of [`crate::catalog`]). With
//! [`Capture::keep_declarations`], the `# LABELS` and `# BUCKETS` of an
//! earlier snapshot are kept for the families still without samples, and its
//! `# TARGET_LABELS`, so that taking a new snapshot over an old one loses
//! nothing declared by hand.
//!
//! # One spelling for both formats
//!
//! The snapshot is written in the text format 0.0.4 (the `# LABELS` lines
//! belong there: OpenMetrics parsers refuse unknown comments). An OpenMetrics
//! scrape is turned into the families the same application exports in the
//! text format, the way the Prometheus client libraries spell them there: a
//! counter `F` becomes `F_total`, the `_created` series of a counter, summary
//! or histogram a gauge family `F_created` of its own, an info `F` a gauge
//! `F_info`, a state set a gauge. So the snapshot does not depend on which
//! format the endpoint negotiated, and the series names are the ones
//! Prometheus stores either way.
//!
//! # Merging endpoints
//!
//! Families of several endpoints (say a web application and its worker) are
//! unioned: their samples and label sets add up, a family sampled by one
//! endpoint is sampled. A family two endpoints declare with different types
//! is an error naming both URLs.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::exposition::{self, Record};
use super::{Catalog, MetricType, SeriesRole, TARGET_LABELS};
use crate::limits::{self, MAX_CATALOG_BYTES};

/// The `Accept` header a capture sends: OpenMetrics 1.0 preferred, the text
/// format 0.0.4 accepted, anything else answered so that the error can say
/// what came instead.
pub const ACCEPT: &str = "application/openmetrics-text;version=1.0.0,\
                          text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/// The exposition format of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The Prometheus text format (0.0.4, or 1.0.0 with quoted UTF-8 names).
    Text,
    /// OpenMetrics 1.0 text.
    OpenMetrics,
}

/// The format a `Content-Type` header announces, or why it is not an
/// exposition format. No header at all is read as the text format.
///
/// ```
/// use dashc_core::catalog::capture::{format_of, Format};
/// assert_eq!(format_of(Some("text/plain; version=0.0.4; charset=utf-8")), Ok(Format::Text));
/// assert_eq!(
///     format_of(Some("application/openmetrics-text; version=1.0.0; charset=utf-8")),
///     Ok(Format::OpenMetrics)
/// );
/// assert!(format_of(Some("text/html")).unwrap_err().contains("not a metrics exposition format"));
/// ```
pub fn format_of(content_type: Option<&str>) -> Result<Format, String> {
    let Some(header) = content_type else {
        return Ok(Format::Text);
    };
    let media = header
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "" | "text/plain" => Ok(Format::Text),
        "application/openmetrics-text" => Ok(Format::OpenMetrics),
        _ => {
            let hint = if media == "text/html" {
                ": a web page, not a metrics endpoint (a login page, an index, or the \
                 wrong path: the endpoint is usually `/metrics`)"
            } else if media.contains("protobuf") {
                ": the protobuf format, which dashc does not read (it asks for the text formats)"
            } else if media.contains("json") {
                ": JSON, not a metrics endpoint (the wrong path, or an API in front of it)"
            } else {
                ""
            };
            Err(format!(
                "the response is `{}`{hint}, not a metrics exposition format (`text/plain; \
                 version=0.0.4` or `application/openmetrics-text`)",
                header.trim()
            ))
        }
    }
}

/// What went wrong with one scrape: its URL, the line of its body (0 when
/// the problem is not on a line) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureError {
    /// The endpoint.
    pub url: String,
    /// The 1-based line of the body, or 0.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.url, self.message)
        } else {
            write!(f, "{}: line {}: {}", self.url, self.line, self.message)
        }
    }
}

impl std::error::Error for CaptureError {}

/// One sample line of a snapshot: the series name and its labels, values
/// left empty except `le` and `quantile`. Ordered by name, then label
/// names, then values (numbers in numeric order, so `le` bounds ascend).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    series: String,
    labels: Vec<(String, String)>,
}

impl Ord for Line {
    fn cmp(&self, other: &Line) -> Ordering {
        self.series
            .cmp(&other.series)
            .then_with(|| {
                let mine = self.labels.iter().map(|(n, _)| n);
                mine.cmp(other.labels.iter().map(|(n, _)| n))
            })
            .then_with(|| {
                for ((_, a), (_, b)) in self.labels.iter().zip(&other.labels) {
                    let order = value_order(a, b);
                    if order != Ordering::Equal {
                        return order;
                    }
                }
                Ordering::Equal
            })
    }
}

impl PartialOrd for Line {
    fn partial_cmp(&self, other: &Line) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Numbers (bucket bounds, quantiles) numerically and before other text;
/// equal numbers spelled differently by their spelling.
fn value_order(a: &str, b: &str) -> Ordering {
    let number = |s: &str| exposition::parse_float(s).filter(|v| !v.is_nan());
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// One family of a snapshot.
#[derive(Debug, Clone)]
struct Family {
    kind: MetricType,
    help: Option<String>,
    /// The first endpoint that exported it.
    url: String,
    lines: BTreeSet<Line>,
    /// Label names declared for it while it has no sample.
    declared_labels: BTreeSet<String>,
    /// Bucket bounds declared for it while it has no sample.
    declared_buckets: Vec<String>,
}

/// A snapshot being taken: the merged families of every scrape added.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    families: BTreeMap<String, Family>,
    target_labels: BTreeSet<String>,
}

impl Capture {
    /// An empty snapshot.
    pub fn new() -> Capture {
        Capture::default()
    }

    /// Adds the response of one endpoint: its URL (for messages), its
    /// `Content-Type` and its body. Every problem of the body is returned
    /// (with its line), and a family whose type differs from another
    /// endpoint's is an error naming both; on error nothing of this body is
    /// added.
    pub fn add(
        &mut self,
        url: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), Vec<CaptureError>> {
        let error = |line: usize, message: String| CaptureError {
            url: url.to_string(),
            line,
            message,
        };
        let format = format_of(content_type).map_err(|m| vec![error(0, m)])?;
        if body.len() > MAX_CATALOG_BYTES {
            return Err(vec![error(
                0,
                limits::over(
                    "the response",
                    body.len(),
                    "bytes",
                    "MAX_CATALOG_BYTES",
                    MAX_CATALOG_BYTES,
                ),
            )]);
        }
        let text = std::str::from_utf8(body).map_err(|e| {
            let line = 1 + body[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            vec![error(
                line,
                format!(
                    "the body is not UTF-8 (byte {}); the exposition formats are UTF-8 text",
                    e.valid_up_to()
                ),
            )]
        })?;
        let ends_in_eof = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(str::trim)
            == Some("# EOF");
        if format == Format::OpenMetrics && !ends_in_eof {
            return Err(vec![error(
                0,
                "the OpenMetrics body does not end with `# EOF`: the response was cut short \
                 (a proxy, a timeout, a crash of the exporter while writing); take the snapshot \
                 again"
                    .to_string(),
            )]);
        }
        // The catalog reader checks every line (syntax, families, types) and
        // knows each series' family and role.
        let catalog = Catalog::parse_uncached(text, url).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| error(e.line, e.message))
                .collect::<Vec<_>>()
        })?;
        let openmetrics = format == Format::OpenMetrics || ends_in_eof;
        let mut mine: BTreeMap<String, Family> = BTreeMap::new();
        let new_family = |mine: &mut BTreeMap<String, Family>,
                          name: String,
                          kind: MetricType,
                          help: &Option<String>| {
            mine.entry(name).or_insert_with(|| Family {
                kind,
                help: help.clone(),
                url: url.to_string(),
                lines: BTreeSet::new(),
                declared_labels: BTreeSet::new(),
                declared_buckets: Vec::new(),
            });
        };
        for family in catalog.families() {
            let (name, kind) = text_family(&family.name, family.kind, None, openmetrics);
            new_family(&mut mine, name, kind, &family.help);
        }
        for line in text.lines() {
            let Ok(Some(Record::Sample(sample))) = exposition::parse_line_at(line) else {
                continue;
            };
            let Some(series) = catalog.series(&sample.name) else {
                continue;
            };
            let Some(family) = catalog.family(&series.family) else {
                continue;
            };
            let (name, kind) = text_family(
                &family.name,
                family.kind,
                Some((&sample.name, series.role)),
                openmetrics,
            );
            new_family(&mut mine, name.clone(), kind, &family.help);
            let keep = |label: &str| {
                matches!(
                    (family.kind, series.role, label),
                    (_, SeriesRole::Bucket, "le")
                        | (MetricType::Summary, SeriesRole::Value, "quantile")
                )
            };
            let mut labels: Vec<(String, String)> = sample
                .labels
                .into_iter()
                .map(|(n, v)| {
                    let v = if keep(&n) { v } else { String::new() };
                    (n, v)
                })
                .collect();
            labels.sort();
            if let Some(f) = mine.get_mut(&name) {
                f.lines.insert(Line {
                    series: sample.name,
                    labels,
                });
            }
        }
        // Type conflicts with the endpoints added before.
        let conflicts: Vec<CaptureError> = mine
            .iter()
            .filter_map(|(name, f)| {
                let earlier = self.families.get(name)?;
                (earlier.kind != f.kind).then(|| {
                    error(
                        0,
                        format!(
                            "`{name}` is a {} here but a {} at {}: one catalog cannot hold both; \
                             capture the two endpoints into separate catalog files",
                            type_word(f.kind),
                            type_word(earlier.kind),
                            earlier.url
                        ),
                    )
                })
            })
            .collect();
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        for (name, f) in mine {
            match self.families.get_mut(&name) {
                None => {
                    self.families.insert(name, f);
                }
                Some(earlier) => {
                    earlier.lines.extend(f.lines);
                    if earlier.help.is_none() {
                        earlier.help = f.help;
                    }
                }
            }
        }
        Ok(())
    }

    /// Keeps what an earlier snapshot declared by hand: for each family
    /// still without a sample (and of the same type there), the label names
    /// and bucket bounds `previous` knows of it, and the file's
    /// `# TARGET_LABELS`.
    pub fn keep_declarations(&mut self, previous: &Catalog) {
        for (name, family) in &mut self.families {
            if !family.lines.is_empty() {
                continue;
            }
            let Some(old) = previous.family(name).filter(|old| old.kind == family.kind) else {
                continue;
            };
            family.declared_labels.extend(old.labels.iter().cloned());
            if matches!(
                family.kind,
                MetricType::Histogram | MetricType::GaugeHistogram
            ) {
                family.declared_buckets.extend(old.buckets.iter().cloned());
                super::sort_bounds(&mut family.declared_buckets);
            }
        }
        for old in previous.families() {
            self.target_labels.extend(
                old.target_labels
                    .iter()
                    .filter(|l| !TARGET_LABELS.contains(&l.as_str()))
                    .cloned(),
            );
        }
    }

    /// How many families the snapshot has.
    pub fn family_count(&self) -> usize {
        self.families.len()
    }

    /// The families no endpoint had a sample of, by name.
    pub fn unsampled(&self) -> Vec<&str> {
        self.families
            .iter()
            .filter(|(_, f)| f.lines.is_empty())
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The snapshot, in the text format 0.0.4 with the catalog's comment
    /// lines: a pure function of the families and label sets added.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        if !self.target_labels.is_empty() {
            out.push_str("# TARGET_LABELS");
            for label in &self.target_labels {
                out.push(' ');
                out.push_str(label);
            }
            out.push('\n');
        }
        for (name, f) in &self.families {
            let shown = comment_name(name);
            if let Some(help) = &f.help {
                out.push_str(&format!("# HELP {shown} {}\n", escape_help(help)));
            }
            out.push_str(&format!("# TYPE {shown} {}\n", type_word(f.kind)));
            for line in &f.lines {
                push_sample(&mut out, line);
            }
            if f.lines.is_empty() {
                out.push_str(&format!("# LABELS {shown}"));
                for label in &f.declared_labels {
                    out.push(' ');
                    out.push_str(label);
                }
                out.push('\n');
                if !f.declared_buckets.is_empty() {
                    out.push_str(&format!(
                        "# BUCKETS {shown} {}\n",
                        f.declared_buckets.join(" ")
                    ));
                }
            }
        }
        out
    }
}

/// The first lines of every snapshot.
const HEADER: &str = "\
# Metric catalog taken by `dashc catalog capture`: one sample per series and
# set of label names, label values left empty (but `le` and `quantile`),
# values 0. A family listed with an empty `# LABELS` line had no sample: write
# its label names on that line (and a histogram's bounds on `# BUCKETS`).
";

/// The family (and type) of the text format 0.0.4 that a family of the
/// scrape, or one of its samples (`sample`: its name and role), belongs to.
fn text_family(
    family: &str,
    kind: MetricType,
    sample: Option<(&str, SeriesRole)>,
    openmetrics: bool,
) -> (String, MetricType) {
    let role = sample.map(|(_, role)| role);
    if role == Some(SeriesRole::Created) {
        if let Some((name, _)) = sample {
            return (name.to_string(), MetricType::Gauge);
        }
    }
    if !openmetrics {
        return (family.to_string(), kind);
    }
    match (kind, role) {
        (MetricType::Counter, Some(SeriesRole::Value)) => (family.to_string(), MetricType::Unknown),
        (MetricType::Counter, _) => (format!("{family}_total"), MetricType::Counter),
        (MetricType::Info, _) => (format!("{family}_info"), MetricType::Gauge),
        (MetricType::StateSet, _) => (family.to_string(), MetricType::Gauge),
        _ => (family.to_string(), kind),
    }
}

/// The type word of the text format 0.0.4.
fn type_word(kind: MetricType) -> &'static str {
    match kind {
        MetricType::Unknown => "untyped",
        other => other.as_str(),
    }
}

/// A name in a `# HELP`/`# TYPE`/`# LABELS` line: bare, or quoted when it
/// is not a classic metric name.
fn comment_name(name: &str) -> String {
    if exposition::is_metric_name(name) {
        name.to_string()
    } else {
        format!("\"{}\"", escape_value(name))
    }
}

/// `\` and newlines escaped, as `# HELP` text is written.
fn escape_help(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\n', "\\n")
}

/// `\`, `"` and newlines escaped, as label values are written.
fn escape_value(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn push_sample(out: &mut String, line: &Line) {
    let mut parts: Vec<String> = Vec::new();
    let bare = exposition::is_metric_name(&line.series);
    if bare {
        out.push_str(&line.series);
    } else {
        parts.push(format!("\"{}\"", escape_value(&line.series)));
    }
    for (name, value) in &line.labels {
        let name = if exposition::is_label_name(name) {
            name.clone()
        } else {
            format!("\"{}\"", escape_value(name))
        };
        parts.push(format!("{name}=\"{}\"", escape_value(value)));
    }
    if !parts.is_empty() {
        out.push('{');
        out.push_str(&parts.join(","));
        out.push('}');
    }
    out.push_str(" 0\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";
    const OM: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    fn snapshot(scrapes: &[(&str, &str, &str)]) -> Result<String, Vec<CaptureError>> {
        let mut capture = Capture::new();
        for (url, content_type, body) in scrapes {
            capture.add(url, Some(content_type), body.as_bytes())?;
        }
        Ok(capture.render())
    }

    /// A prometheus_client application in the text format: a counter with
    /// its `_created` family, a histogram, an unsampled labelled counter.
    const APP_TEXT: &str = "\
# HELP jobs_total Jobs run.
# TYPE jobs_total counter
jobs_total{queue=\"mail\",status=\"ok\"} 3.0
jobs_total{queue=\"sms\",status=\"failed\"} 1.0
# HELP jobs_created Jobs run.
# TYPE jobs_created gauge
jobs_created{queue=\"mail\",status=\"ok\"} 1.7e+09
jobs_created{queue=\"sms\",status=\"failed\"} 1.7e+09
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{le=\"0.5\",view=\"a\"} 1.0
latency_seconds_bucket{le=\"+Inf\",view=\"a\"} 2.0
latency_seconds_bucket{le=\"10.0\",view=\"a\"} 2.0
latency_seconds_bucket{le=\"0.5\",view=\"b\"} 0.0
latency_seconds_bucket{le=\"+Inf\",view=\"b\"} 0.0
latency_seconds_bucket{le=\"10.0\",view=\"b\"} 0.0
latency_seconds_count{view=\"a\"} 2.0
latency_seconds_sum{view=\"a\"} 3.5
# HELP alerts_total Alerts.
# TYPE alerts_total counter
# HELP up_info Build.
# TYPE up_info gauge
up_info{version=\"1.2\"} 1.0
";

    /// The same application in OpenMetrics, with other values and series.
    const APP_OM: &str = "\
# HELP jobs Jobs run.
# TYPE jobs counter
jobs_total{queue=\"push\",status=\"ok\"} 7.0
jobs_created{queue=\"push\",status=\"ok\"} 1.8e+09
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{le=\"+Inf\",view=\"c\"} 4.0
latency_seconds_bucket{le=\"0.5\",view=\"c\"} 4.0
latency_seconds_bucket{le=\"10.0\",view=\"c\"} 4.0
latency_seconds_count{view=\"c\"} 4.0
latency_seconds_sum{view=\"c\"} 1.5 # {trace_id=\"x\"} 0.2 1.7e9
# HELP alerts Alerts.
# TYPE alerts counter
# HELP up Build.
# TYPE up info
up_info{version=\"1.3\"} 1
# EOF
";

    #[test]
    fn one_sample_per_label_name_set_values_blanked_bounds_kept() {
        let text = snapshot(&[("http://app/metrics", TEXT, APP_TEXT)]).unwrap();
        let expected = format!(
            "{HEADER}\
# HELP alerts_total Alerts.
# TYPE alerts_total counter
# LABELS alerts_total
# HELP jobs_created Jobs run.
# TYPE jobs_created gauge
jobs_created{{queue=\"\",status=\"\"}} 0
# HELP jobs_total Jobs run.
# TYPE jobs_total counter
jobs_total{{queue=\"\",status=\"\"}} 0
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{{le=\"0.5\",view=\"\"}} 0
latency_seconds_bucket{{le=\"10.0\",view=\"\"}} 0
latency_seconds_bucket{{le=\"+Inf\",view=\"\"}} 0
latency_seconds_count{{view=\"\"}} 0
latency_seconds_sum{{view=\"\"}} 0
# HELP up_info Build.
# TYPE up_info gauge
up_info{{version=\"\"}} 0
"
        );
        assert_eq!(text, expected);
        // It reads back as a catalog with the same series, labels and buckets.
        let catalog = Catalog::parse(&text, "snapshot.prom").unwrap();
        let original = Catalog::parse(APP_TEXT, "app.prom").unwrap();
        for series in original.all_series() {
            let back = catalog.series(&series.name).expect(&series.name);
            assert_eq!(back.labels, series.labels, "{}", series.name);
            assert_eq!(back.buckets, series.buckets, "{}", series.name);
            assert_eq!(back.kind, series.kind, "{}", series.name);
        }
        assert_eq!(catalog.all_series().count(), original.all_series().count());
        assert!(!catalog.family("alerts_total").unwrap().sampled);
    }

    #[test]
    fn openmetrics_and_text_scrapes_of_one_application_give_the_same_snapshot() {
        let text = snapshot(&[("http://app/metrics", TEXT, APP_TEXT)]).unwrap();
        let om = snapshot(&[("http://app/metrics", OM, APP_OM)]).unwrap();
        assert_eq!(om, text);
    }

    #[test]
    fn the_snapshot_is_the_same_whatever_the_values_and_series_order() {
        let shuffled: String = {
            let mut lines: Vec<&str> = APP_TEXT.lines().collect();
            // Reverse the sample lines of the histogram; change every value.
            lines[10..16].reverse();
            lines
                .iter()
                .map(|l| {
                    if l.starts_with('#') {
                        format!("{l}\n")
                    } else {
                        let (head, _) = l.rsplit_once(' ').unwrap();
                        format!("{head} 42\n")
                    }
                })
                .collect()
        };
        assert_ne!(shuffled, APP_TEXT);
        assert_eq!(
            snapshot(&[("u", TEXT, &shuffled)]).unwrap(),
            snapshot(&[("u", TEXT, APP_TEXT)]).unwrap()
        );
    }

    #[test]
    fn endpoints_merge_and_a_sample_anywhere_counts() {
        let web = "# HELP a_total A.\n# TYPE a_total counter\n# TYPE w gauge\nw 1\n";
        let worker = "# HELP a_total A (worker).\n# TYPE a_total counter\na_total{kind=\"x\"} 2\n";
        let merged = snapshot(&[
            ("http://web/metrics", TEXT, web),
            ("http://worker/m", TEXT, worker),
        ])
        .unwrap();
        let body = merged.strip_prefix(HEADER).unwrap();
        assert_eq!(
            body,
            "# HELP a_total A.\n# TYPE a_total counter\na_total{kind=\"\"} 0\n\
             # TYPE w gauge\nw 0\n"
        );
        // Argument order changes only which HELP is kept.
        let other = snapshot(&[
            ("http://worker/m", TEXT, worker),
            ("http://web/metrics", TEXT, web),
        ])
        .unwrap();
        assert_eq!(other.replace("A (worker).", "A."), merged);
    }

    #[test]
    fn a_type_conflict_between_endpoints_names_both_urls() {
        let errors = snapshot(&[
            ("http://web/metrics", TEXT, "# TYPE x gauge\nx 1\n"),
            ("http://worker/metrics", TEXT, "# TYPE x counter\nx 1\n"),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        let shown = errors[0].to_string();
        assert!(
            shown.starts_with(
                "http://worker/metrics: `x` is a counter here but a gauge at http://web/metrics"
            ),
            "{shown}"
        );
    }

    #[test]
    fn declarations_of_an_earlier_snapshot_are_kept_for_families_still_unsampled() {
        let previous = Catalog::parse(
            "# TARGET_LABELS env\n# TYPE alerts_total counter\n# LABELS alerts_total channel\n\
             # TYPE h histogram\n# LABELS h view\n# BUCKETS h 1.0 0.5 +Inf\n\
             # TYPE jobs_total counter\n# LABELS jobs_total stale\n# TYPE g counter\n# LABELS g x\n",
            "old.prom",
        )
        .unwrap();
        let mut capture = Capture::new();
        capture
            .add(
                "u",
                Some(TEXT),
                b"# TYPE alerts_total counter\n# TYPE h histogram\n\
                  # TYPE jobs_total counter\njobs_total{q=\"a\"} 1\n# TYPE g gauge\n",
            )
            .unwrap();
        capture.keep_declarations(&previous);
        let text = capture.render();
        let body = text.strip_prefix(HEADER).unwrap();
        assert_eq!(
            body,
            "# TARGET_LABELS env\n\
             # TYPE alerts_total counter\n# LABELS alerts_total channel\n\
             # TYPE g gauge\n# LABELS g\n\
             # TYPE h histogram\n# LABELS h view\n# BUCKETS h 0.5 1.0 +Inf\n\
             # TYPE jobs_total counter\njobs_total{q=\"\"} 0\n"
        );
        assert_eq!(capture.unsampled(), ["alerts_total", "g", "h"]);
        let back = Catalog::parse(&text, "new.prom").unwrap();
        assert!(back.series("h_bucket").unwrap().labels.contains("env"));
        assert_eq!(
            back.series("h_bucket").unwrap().buckets,
            ["0.5", "1.0", "+Inf"]
        );
    }

    #[test]
    fn what_is_not_an_exposition_is_named() {
        let err = |content_type: &str, body: &str| {
            let mut c = Capture::new();
            c.add("http://x/metrics", Some(content_type), body.as_bytes())
                .unwrap_err()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(err("text/html; charset=utf-8", "<html>")
            .contains("a web page, not a metrics endpoint"));
        assert!(err("application/json", "{}").contains("JSON"));
        assert!(err(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily",
            ""
        )
        .contains("protobuf"));
        let cut = err(OM, "# TYPE x gauge\nx 1\n");
        assert!(cut.contains("does not end with `# EOF`"), "{cut}");
        let bad = err(TEXT, "# TYPE x gauge\nx 1\nx{a=\"1\" 2\n");
        assert!(bad.starts_with("http://x/metrics: line 3: "), "{bad}");
        let mut c = Capture::new();
        let e = c.add("u", Some(TEXT), b"x 1\n\xff 2\n").unwrap_err();
        assert_eq!((e[0].line, e[0].message.contains("not UTF-8")), (2, true));
    }

    #[test]
    fn odd_names_and_values_are_written_so_they_read_back() {
        let body = "# TYPE \"my.metric\" gauge\n{\"my.metric\",\"a.b\"=\"v\"} 1\n\
                    # TYPE s summary\ns{quantile=\"0.5\",q=\"x\\\"y\"} 1\ns_count 1\ns_sum 1\n";
        let text = snapshot(&[("u", TEXT, body)]).unwrap();
        assert!(text.contains("{\"my.metric\",\"a.b\"=\"\"} 0\n"), "{text}");
        assert!(text.contains("s{q=\"\",quantile=\"0.5\"} 0\n"), "{text}");
        let back = Catalog::parse(&text, "odd.prom").unwrap();
        assert!(back.series("my.metric").unwrap().labels.contains("a.b"));
        assert!(back.series("s").unwrap().labels.contains("quantile"));
    }
}
