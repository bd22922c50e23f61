//! The catalog checks of one query: one pass over the syntax tree that
//! infers each sub-expression's label set ([`Info`]) bottom-up and reports
//! every rule it breaks on the way (rules are listed in the module docs of
//! [`crate::catalog`]).

use std::collections::BTreeSet;

use super::labels::{legend_labels, Info, LabelSet, Selected};
use super::{exposition, Catalog, MetricType, Series, SeriesKind, SeriesRole};
use crate::diag::{closest, edit_distance};
use crate::limits::{
    list_at_most, list_names, MAX_BOUNDS_LISTED, MAX_ERRORS_PER_QUERY, MAX_SUGGESTION_CHARS,
};
use crate::promql::ast::{
    Aggregate, AggregateOp, Binary, BinaryOp, Call, Expr, ExprKind, GroupSide, MatchOp, Matcher,
    Name, Span, ValueType, VectorSelector,
};
use crate::promql::{self, QueryError};

/// Every rule name that `allow` accepts, as documented in [`crate::catalog`].
pub const RULES: [&str; 10] = [
    "unknown-metric",
    "unknown-label",
    "label-set",
    "counter-function",
    "histogram-quantile",
    "vector-matching",
    "bucket-bound",
    "quantile-range",
    "range-vector-query",
    "raw-counter",
];

/// All catalog checks of one query; `legend` is the panel target's legend
/// format (`"{{method}}"`); `allow` the rule names switched off for this
/// query. Errors use byte ranges into `query`; an error about the legend
/// points at the whole expression. With an empty catalog nothing is checked.
///
/// ```
/// use dashc_core::catalog::{check_query, Catalog};
/// use dashc_core::promql::{parse, QueryEnv};
/// let catalog = Catalog::parse("# TYPE jobs_total counter\njobs_total{queue=\"a\"} 1\n", "app.prom").unwrap();
/// let query = "sum by (queue) (rate(jobs_totl[5m]))";
/// let expr = parse(query, &QueryEnv::default()).unwrap();
/// let errors = check_query(query, &expr, Some("{{queue}}"), &catalog, &[]);
/// assert_eq!(errors.len(), 1);
/// assert_eq!(&query[errors[0].range.clone()], "jobs_totl");
/// assert!(errors[0].message.contains("did you mean `jobs_total`"));
/// ```
pub fn check_query(
    query: &str,
    expr: &Expr,
    legend: Option<&str>,
    catalog: &Catalog,
    allow: &[String],
) -> Vec<QueryError> {
    let mut checker = Checker {
        query,
        catalog,
        allow,
        errors: Vec::new(),
    };
    for rule in allow {
        if !RULES.contains(&rule.as_str()) {
            checker.errors.push(QueryError::new(
                0..query.len(),
                format!(
                    "`allow` names no check `{rule}`{}; the checks are {}",
                    closest(rule, RULES)
                        .map(|r| format!(" (did you mean `{r}`?)"))
                        .unwrap_or_default(),
                    RULES.join(", ")
                ),
            ));
        }
    }
    if catalog.is_empty() {
        return checker.errors;
    }
    promql::with_stack_for(
        expr,
        move || {
            let info = checker.infer(expr);
            checker.errors.sort_by_key(|e| (e.range.start, e.range.end));
            checker.errors.dedup();
            // The query's own errors come first. A legend naming a label of a
            // query with an unknown metric or label is judged once the query
            // is fixed: `by (methd)` is the cause, `{{method}}` missing from
            // the result only its effect.
            let names_unknown = checker.errors.iter().any(|e| {
                e.message.ends_with("(check `unknown-metric`)")
                    || e.message.ends_with("(check `unknown-label`)")
            });
            if let (Some(legend), false) = (legend, names_unknown) {
                let start = checker.errors.len();
                checker.legend(legend, expr.span, &info);
                let mut seen = std::collections::BTreeSet::new();
                let mut index = 0;
                checker.errors.retain(|e| {
                    index += 1;
                    index <= start || seen.insert(e.message.clone())
                });
            }
            checker.errors
        },
        |e| vec![promql::no_thread(expr.span.range(), &e)],
    )
}

/// For `label_values(selector, label)`: why the selector's result cannot
/// carry `label`, or `None` when it can (or the catalog is empty).
pub(crate) fn label_of(query: &str, expr: &Expr, label: &str, catalog: &Catalog) -> Option<String> {
    if catalog.is_empty() {
        return None;
    }
    let mut checker = Checker {
        query,
        catalog,
        allow: &[],
        errors: Vec::new(),
    };
    promql::with_stack_for(
        expr,
        move || {
            let info = checker.infer(expr);
            checker.errors.clear();
            checker.label_ref(label, Span::default(), &info, "asked for by `label_values`");
            checker.errors.pop().map(|e| e.message)
        },
        |e| Some(promql::no_thread(expr.span.range(), &e).message),
    )
}

/// The functions that keep `__name__` on their result.
const KEEP_NAME: [&str; 8] = [
    "first_over_time",
    "label_join",
    "label_replace",
    "last_over_time",
    "sort",
    "sort_by_label",
    "sort_by_label_desc",
    "sort_desc",
];

/// Functions meant for counters.
const COUNTER_FUNCTIONS: [&str; 4] = ["increase", "irate", "rate", "resets"];

/// Functions meant for gauges.
const GAUGE_FUNCTIONS: [&str; 4] = ["delta", "deriv", "idelta", "predict_linear"];

struct Checker<'a> {
    query: &'a str,
    catalog: &'a Catalog,
    allow: &'a [String],
    errors: Vec<QueryError>,
}

fn did_you_mean(word: Option<&str>) -> String {
    word.map(|w| format!("; did you mean `{w}`?"))
        .unwrap_or_default()
}

/// Labels that Prometheus's scrape configuration commonly attaches to every
/// series of a target (`static_configs` labels, service discovery
/// relabeling), which an application's `/metrics` never shows.
const USUAL_TARGET_LABELS: &[&str] = &[
    "app",
    "cluster",
    "container",
    "datacenter",
    "dc",
    "deployment",
    "env",
    "environment",
    "host",
    "namespace",
    "node",
    "pod",
    "region",
    "service",
    "stage",
    "team",
    "tenant",
    "zone",
];

/// For a label no series has and no other hint explains: when it looks like
/// a target label, how to declare it in the catalog.
fn target_label_hint(label: &str, other_hints: &[&str]) -> String {
    if other_hints.iter().any(|h| !h.is_empty()) || !USUAL_TARGET_LABELS.contains(&label) {
        return String::new();
    }
    format!(
        "; if Prometheus attaches `{label}` to every series of this target (a scrape `labels:` \
         or relabeling), declare it with a line `# TARGET_LABELS {label}` in the catalog file"
    )
}

impl Checker<'_> {
    fn emit(&mut self, rule: &'static str, span: Span, message: String) {
        if self.allow.iter().any(|a| a == rule) {
            return;
        }
        self.errors.push(QueryError::new(
            span.range(),
            format!("{message} (check `{rule}`)"),
        ));
    }

    /// The query text of `span`, or `fallback` if the span is not valid.
    fn text(&self, span: Span, fallback: &str) -> String {
        self.query
            .get(span.start..span.end)
            .map(str::to_string)
            .unwrap_or_else(|| fallback.to_string())
    }

    fn infer(&mut self, e: &Expr) -> Info {
        match &e.kind {
            ExprKind::Number(_) | ExprKind::Variable(_) => Info::plain(ValueType::Scalar),
            ExprKind::String(_) => Info::plain(ValueType::String),
            ExprKind::VectorSelector(vs) => self.selector(vs),
            ExprKind::MatrixSelector(m) => {
                let mut info = self.infer(&m.selector);
                info.value_type = ValueType::RangeVector;
                info
            }
            ExprKind::Subquery(s) => {
                let mut info = self.infer(&s.expr);
                info.value_type = ValueType::RangeVector;
                info
            }
            ExprKind::Paren(inner) => self.infer(inner),
            ExprKind::Unary(u) => {
                let mut info = self.infer(&u.expr);
                let mut labels = info.labels.clone();
                labels.remove("__name__");
                info.set_labels(labels, e.span, "the sign", None);
                info.selected = None;
                info
            }
            ExprKind::Binary(b) => self.binary(b),
            ExprKind::Call(c) => self.call(e, c),
            ExprKind::Aggregate(a) => self.aggregate(a),
        }
    }

    fn selector(&mut self, vs: &VectorSelector) -> Info {
        let mut info = Info::plain(ValueType::InstantVector);
        info.labels = LabelSet::Unknown;
        info.seen = LabelSet::Unknown;
        let Some(name) = vs.metric_name().filter(|n| n.is_literal()) else {
            return info;
        };
        let Some(series) = self.catalog.series(&name.value) else {
            self.unknown_metric(name);
            return info;
        };
        for m in &vs.matchers {
            if m.is_bare_name || !m.label.is_literal() || m.label.value == "__name__" {
                continue;
            }
            if !series.labels.contains(&m.label.value) {
                if matches_absent_label(m) {
                    continue;
                }
                let candidates = series.labels.iter().map(String::as_str);
                let unsampled = self
                    .catalog
                    .unsampled_hint([series.name.as_str()], &m.label.value);
                let suggestion = did_you_mean(closest_label(&m.label.value, candidates));
                let target = target_label_hint(&m.label.value, &[&suggestion, &unsampled]);
                self.emit(
                    "unknown-label",
                    m.label.span,
                    format!(
                        "`{}` has no label `{}`; its labels are {}{suggestion}{unsampled}{target}",
                        series.name,
                        m.label.value,
                        list_names(series.labels.iter()),
                    ),
                );
            } else if m.label.value == "le" {
                self.bucket_bound(series, m);
            }
        }
        let mut labels = series.labels.to_set();
        labels.insert("__name__".to_string());
        info.labels = LabelSet::Known(labels.clone());
        info.seen = LabelSet::Known(labels);
        info.metrics.insert(series.name.clone());
        info.selected = Some(Selected {
            name: series.name.clone(),
            kind: series.kind,
            what: describe_series(series),
        });
        info
    }

    fn bucket_bound(&mut self, series: &Series, m: &Matcher) {
        if series.role != SeriesRole::Bucket
            || m.op != MatchOp::Equal
            || !m.value.is_literal()
            || series.buckets.is_empty()
            || series.buckets.contains(&m.value.value)
        {
            return;
        }
        let wanted = exposition::parse_float(&m.value.value);
        let same_number = series
            .buckets
            .iter()
            .find(|b| wanted.is_some() && exposition::parse_float(b) == wanted);
        let hint = match same_number {
            Some(b) => format!("; write `le=\"{b}\"`: `le` matches the text, not the number"),
            None => String::new(),
        };
        self.emit(
            "bucket-bound",
            m.value.span,
            format!(
                "`{}` has no bucket `le=\"{}\"`, so this selects nothing; its bounds are {}{hint}",
                series.name,
                m.value.value,
                list_at_most(series.buckets.iter(), MAX_BOUNDS_LISTED)
            ),
        );
    }

    fn unknown_metric(&mut self, name: &Name) {
        let n = name.value.as_str();
        let message = if let Some(message) = self.wrong_suffix(n) {
            message
        } else if let Some(family) = self.catalog.family(n) {
            format!(
                "`{n}` is the name of a {} family, not of a series; query {}",
                family.kind,
                quote_list(family.series.keys().map(String::as_str), "or")
            )
        } else {
            // Each suggestion scans the catalog: past the errors a query
            // shows, none is looked for.
            let suggestions = if self.errors.len() < MAX_ERRORS_PER_QUERY {
                suggest_series(n, self.catalog)
            } else {
                Vec::new()
            };
            let hint = if suggestions.is_empty() {
                "; check the name against the application's /metrics".to_string()
            } else {
                format!(
                    "; did you mean {}?",
                    quote_list(suggestions.iter().map(String::as_str), "or")
                )
            };
            format!("unknown metric `{n}`: the catalog has no series of that name{hint}")
        };
        self.emit("unknown-metric", name.span, message);
    }

    /// `x_bucket` of a counter, `x_total` of a histogram, ...: the message
    /// when the name is a family of the catalog plus a suffix its type lacks.
    fn wrong_suffix(&self, n: &str) -> Option<String> {
        const SUFFIXES: [&str; 4] = ["_bucket", "_count", "_sum", "_total"];
        let (stem, suffix) = SUFFIXES
            .iter()
            .find_map(|s| n.strip_suffix(s).map(|stem| (stem, *s)))?;
        let family = [stem.to_string(), format!("{stem}_total")]
            .iter()
            .find_map(|f| self.catalog.family(f))?;
        let allowed = match suffix {
            "_bucket" => "only histograms have `_bucket` series",
            "_total" => "only counters have `_total` series",
            _ => "only histograms and summaries have `_count` and `_sum` series",
        };
        Some(format!(
            "`{n}` does not exist: `{}` is a {}, and {allowed}; query {}",
            family.name,
            family.kind,
            quote_list(family.series.keys().map(String::as_str), "or")
        ))
    }

    /// A label used where `input` is the value it applies to. `site` says
    /// where, as in "used in `by`".
    fn label_ref(&mut self, label: &str, span: Span, input: &Info, site: &str) {
        if input.labels.may_contain(label) {
            return;
        }
        if let Some(removal) = input.removed.get(label) {
            let keep = removal
                .keep
                .as_ref()
                .map(|k| format!("; {k}"))
                .unwrap_or_default();
            let message = format!(
                "label `{label}` ({site}) is gone at this point: {} removed it{keep}",
                removal.by
            );
            self.emit("label-set", span, message);
        } else if input.seen.may_contain(label) {
            let message = format!(
                "label `{label}` ({site}) is not on the series at this point; they have {}",
                input.labels.describe()
            );
            self.emit("label-set", span, message);
        } else {
            let suggestion = did_you_mean(closest_label(label, input.labels.names()));
            let unsampled = self
                .catalog
                .unsampled_hint(input.metrics.iter().map(String::as_str), label);
            let target = target_label_hint(label, &[&suggestion, &unsampled]);
            let message = format!(
                "no series of {} has a label `{label}` ({site}); they have {}{suggestion}{unsampled}{target}",
                input.describe_metrics(),
                input.labels.describe()
            );
            self.emit("unknown-label", span, message);
        }
    }

    fn call(&mut self, e: &Expr, c: &Call) -> Info {
        let args: Vec<Info> = c.args.iter().map(|a| self.infer(a)).collect();
        let name = c.name.as_str();
        if let Some(Selected {
            name: series,
            kind,
            what,
        }) = args.first().and_then(|a| a.selected.as_ref())
        {
            let range = c
                .args
                .first()
                .map(|a| self.text(a.span, series))
                .unwrap_or_default();
            if COUNTER_FUNCTIONS.contains(&name) && *kind == SeriesKind::Gauge {
                let fix = if name == "resets" {
                    format!("`changes({range})` counts the changes of a gauge")
                } else {
                    format!("use `deriv({range})` for the per-second change of a gauge, or `delta`")
                };
                self.emit(
                    "counter-function",
                    c.name_span,
                    format!(
                        "`{name}` needs a counter, but `{series}` is {what}: every decrease would \
                         count as a counter reset; {fix}"
                    ),
                );
            } else if GAUGE_FUNCTIONS.contains(&name) && *kind == SeriesKind::Counter {
                self.emit(
                    "counter-function",
                    c.name_span,
                    format!(
                        "`{name}` is for gauges, but `{series}` is {what}: it jumps at every \
                         counter reset; use `rate({range})` or `increase({range})`"
                    ),
                );
            }
        }
        match name {
            "histogram_quantile" => self.histogram_quantile(c, &args),
            "label_replace" | "label_join" | "sort_by_label" | "sort_by_label_desc" => {
                let first = if name.starts_with("sort") { 1 } else { 3 };
                let count = if name == "label_replace" {
                    1
                } else {
                    usize::MAX
                };
                if let Some(input) = args.first() {
                    for arg in c.args.iter().skip(first).take(count) {
                        if let ExprKind::String(s) = &arg.kind {
                            if s.vars.is_empty() && !s.value.is_empty() {
                                let site = format!("a source label of `{name}`");
                                self.label_ref(&s.value, arg.span, input, &site);
                            }
                        }
                    }
                }
            }
            _ => {}
        }

        let own = self.call_result(e, c, &args);
        Info::over_children(own, args)
    }

    /// What `call` makes of its arguments' results (without what they saw).
    fn call_result(&mut self, e: &Expr, c: &Call, args: &[Info]) -> Info {
        let name = c.name.as_str();
        let mut info = Info::plain(e.value_type());
        let input = args.iter().find(|a| a.is_vector());
        let by = format!("`{name}`");
        match (name, input) {
            ("absent" | "absent_over_time", _) => {
                info.labels = LabelSet::Known(absent_labels(c.args.first()));
            }
            ("info", _) => info.labels = LabelSet::Unknown,
            (_, None) => {}
            (_, Some(input)) if info.is_vector() => {
                info.labels = input.labels.clone();
                let mut labels = input.labels.clone();
                if !KEEP_NAME.contains(&name) {
                    labels.remove("__name__");
                }
                if name == "histogram_quantile" {
                    labels.remove("le");
                }
                if name == "label_replace" || name == "label_join" {
                    match c.args.get(1).map(|a| &a.kind) {
                        Some(ExprKind::String(s)) if s.vars.is_empty() => labels.insert(&s.value),
                        _ => labels = LabelSet::Unknown,
                    }
                }
                info.set_labels(labels, c.name_span, &by, None);
            }
            _ => {}
        }
        info
    }

    fn histogram_quantile(&mut self, c: &Call, args: &[Info]) {
        let (Some(arg), Some(info)) = (c.args.get(1), args.get(1)) else {
            return;
        };
        if info.labels.contains("le") == Some(false) {
            if let Some(removal) = info.removed.get("le") {
                let message = format!(
                    "`histogram_quantile` needs the `le` label, but {} removes it; keep `le` in \
                     every aggregation under it, e.g. `sum by (le) (...)`",
                    removal.by
                );
                self.emit("histogram-quantile", removal.span, message);
            } else {
                let single = (info.metrics.len() == 1)
                    .then(|| info.metrics.first())
                    .flatten();
                let hint = single
                    .and_then(|name| bucket_of(name, self.catalog))
                    .map(|b| format!("; the buckets are `{b}`"))
                    .unwrap_or_default();
                let message = format!(
                    "`histogram_quantile` needs histogram buckets (series with an `le` label), but \
                     {} {} no `le`{hint}",
                    info.describe_metrics(),
                    if info.metrics.len() == 1 { "has" } else { "have" }
                );
                self.emit("histogram-quantile", arg.span, message);
            }
        }
        let mut raw = Vec::new();
        raw_buckets(arg, self.catalog, &mut raw);
        for (span, series) in raw {
            let message = format!(
                "`histogram_quantile` over the raw buckets of `{series}`: bucket counters only \
                 grow, so this is a quantile over the whole life of the process; take the rate \
                 first: `sum by (le) (rate({series}[$__rate_interval]))`"
            );
            self.emit("histogram-quantile", span, message);
        }
    }

    fn aggregate(&mut self, a: &Aggregate) -> Info {
        let param = a.param.as_ref().map(|p| self.infer(p));
        let inner = self.infer(&a.expr);
        let own = self.aggregate_result(a, &inner);
        Info::over_children(own, std::iter::once(inner).chain(param))
    }

    /// What `aggregate` makes of its argument's result (without what it saw).
    fn aggregate_result(&mut self, a: &Aggregate, inner: &Info) -> Info {
        let mut info = Info::plain(ValueType::InstantVector);
        info.labels = inner.labels.clone();
        let op = a.op.as_str();
        let mut all_literal = true;
        if let Some(g) = &a.grouping {
            let keyword = if g.without { "without" } else { "by" };
            for label in &g.labels.labels {
                if !label.is_literal() {
                    all_literal = false;
                    continue;
                }
                let site = format!("used in `{keyword}`");
                self.label_ref(&label.value, label.span, inner, &site);
            }
        }
        if matches!(
            a.op,
            AggregateOp::Topk
                | AggregateOp::Bottomk
                | AggregateOp::Limitk
                | AggregateOp::LimitRatio
        ) {
            return info;
        }
        let (mut labels, span, by, keep) = match &a.grouping {
            None => (
                LabelSet::empty(),
                a.op_span,
                format!("`{op}` (without `by`)"),
                "name it in `by (...)`",
            ),
            Some(g) => {
                let names: Vec<&str> = g.labels.labels.iter().map(|l| l.value.as_str()).collect();
                let keyword = if g.without { "without" } else { "by" };
                let by = format!("`{op} {keyword} ({})`", names.join(", "));
                let span = g.keyword_span.to(g.labels.span);
                let keep = if g.without {
                    "take it out of `without (...)`"
                } else {
                    "add it to `by (...)`"
                };
                let labels = if !all_literal {
                    LabelSet::Unknown
                } else if g.without {
                    let mut l = inner.labels.clone();
                    for name in &names {
                        l.remove(name);
                    }
                    l.remove("__name__");
                    l
                } else {
                    // A `by` label missing below is reported there; keeping it
                    // here spares a second error on every later use of it.
                    LabelSet::Known(names.iter().map(|n| n.to_string()).collect())
                };
                (labels, span, by, keep)
            }
        };
        if a.op == AggregateOp::CountValues {
            match a.param.as_ref().map(|p| &p.kind) {
                Some(ExprKind::String(s)) if s.vars.is_empty() => labels.insert(&s.value),
                _ => labels = LabelSet::Unknown,
            }
        }
        info.set_labels(labels, span, &by, Some(keep));
        info
    }

    fn binary(&mut self, b: &Binary) -> Info {
        let lhs = self.infer(&b.lhs);
        let rhs = self.infer(&b.rhs);
        let own = self.binary_result(b, &lhs, &rhs);
        Info::over_children(own, [lhs, rhs])
    }

    /// What `binary` makes of its sides' results (without what they saw).
    fn binary_result(&mut self, b: &Binary, lhs: &Info, rhs: &Info) -> Info {
        let mut info = Info::plain(ValueType::Scalar);
        let drops_name = !b.op.is_set() && (!b.op.is_comparison() || b.return_bool);
        let clause_end = b
            .matching
            .as_ref()
            .map(|m| match &m.group {
                Some(g) => g.labels.as_ref().map_or(g.keyword_span.end, |l| l.span.end),
                None => m.labels.span.end,
            })
            .unwrap_or(b.op_span.end);
        let clause = Span::new(b.op_span.start, clause_end);
        let by = format!("`{}`", self.text(clause, b.op.as_str()));
        match (lhs.is_vector(), rhs.is_vector()) {
            (false, false) => return info,
            (true, false) | (false, true) => {
                let side = if lhs.is_vector() { &lhs } else { &rhs };
                info.value_type = ValueType::InstantVector;
                info.labels = side.labels.clone();
                let mut labels = side.labels.clone();
                if drops_name {
                    labels.remove("__name__");
                }
                info.set_labels(labels, clause, &by, None);
                return info;
            }
            (true, true) => info.value_type = ValueType::InstantVector,
        }

        self.matching_labels(b, lhs, rhs);
        if b.op != BinaryOp::Or {
            self.never_matching(b, lhs, rhs);
        }

        let names = |list: &crate::promql::ast::LabelList| -> Option<Vec<String>> {
            list.labels
                .iter()
                .map(|l| l.is_literal().then(|| l.value.clone()))
                .collect()
        };
        let result = match b.op {
            BinaryOp::And | BinaryOp::Unless => {
                info.labels = lhs.labels.clone();
                lhs.labels.clone()
            }
            BinaryOp::Or => {
                info.labels = lhs.labels.union(&rhs.labels);
                info.labels.clone()
            }
            _ => {
                let group = b.matching.as_ref().and_then(|m| m.group.as_ref());
                let base = match group {
                    Some(g) if g.side == GroupSide::Right => &rhs,
                    _ => &lhs,
                };
                info.labels = base.labels.clone();
                let mut labels = base.labels.clone();
                if drops_name {
                    labels.remove("__name__");
                }
                match (&b.matching, group) {
                    (Some(m), None) => match names(&m.labels) {
                        Some(list) if m.on => {
                            labels = LabelSet::Known(
                                list.into_iter()
                                    .filter(|l| base.labels.may_contain(l))
                                    .collect(),
                            );
                        }
                        Some(list) => {
                            for l in &list {
                                labels.remove(l);
                            }
                        }
                        None => labels = LabelSet::Unknown,
                    },
                    (Some(_), Some(g)) => match g.labels.as_ref().map(names) {
                        Some(Some(extra)) => {
                            for l in &extra {
                                labels.insert(l);
                            }
                        }
                        Some(None) => labels = LabelSet::Unknown,
                        None => {}
                    },
                    _ => {}
                }
                labels
            }
        };
        let keep = match &b.matching {
            Some(m) if m.on => Some("add it to `on(...)`"),
            Some(_) => Some("take it out of `ignoring(...)`"),
            None => None,
        };
        info.set_labels(result, clause, &by, keep);
        info
    }

    /// Labels of `on`/`ignoring`/`group_left`/`group_right`.
    fn matching_labels(&mut self, b: &Binary, lhs: &Info, rhs: &Info) {
        let Some(m) = &b.matching else { return };
        let keyword = if m.on { "on" } else { "ignoring" };
        for label in m.labels.labels.iter().filter(|l| l.is_literal()) {
            let l = label.value.as_str();
            let (in_l, in_r) = (lhs.labels.may_contain(l), rhs.labels.may_contain(l));
            if !in_l && !in_r {
                let mut both = Info {
                    labels: lhs.labels.union(&rhs.labels),
                    ..lhs.clone()
                };
                both.absorb(rhs);
                self.label_ref(l, label.span, &both, &format!("used in `{keyword}`"));
            } else if m.on && !(in_l && in_r) {
                let (side, other) = if in_l { ("right", rhs) } else { ("left", lhs) };
                self.emit(
                    "vector-matching",
                    label.span,
                    format!(
                        "`on({l})`: the {side} side has no label `{l}` (it has {}), so nothing \
                         matches; aggregate both sides to labels they share, or match on those",
                        other.labels.describe()
                    ),
                );
            }
        }
        let Some(g) = &m.group else { return };
        let (many, one, one_side) = match g.side {
            GroupSide::Left => (lhs, rhs, "right"),
            GroupSide::Right => (rhs, lhs, "left"),
        };
        let keyword = match g.side {
            GroupSide::Left => "group_left",
            GroupSide::Right => "group_right",
        };
        for label in g
            .labels
            .iter()
            .flat_map(|l| l.labels.iter())
            .filter(|l| l.is_literal())
        {
            let l = label.value.as_str();
            if one.labels.may_contain(l) {
                continue;
            }
            if one.seen.may_contain(l) || many.labels.may_contain(l) {
                self.emit(
                    "vector-matching",
                    label.span,
                    format!(
                        "`{keyword}({l})` copies `{l}` from the {one_side} side, which has no such \
                         label (it has {})",
                        one.labels.describe()
                    ),
                );
            } else {
                self.label_ref(l, label.span, one, &format!("used in `{keyword}`"));
            }
        }
    }

    /// Two vectors whose label sets can never be equal on the matched labels.
    fn never_matching(&mut self, b: &Binary, lhs: &Info, rhs: &Info) {
        let (LabelSet::Known(l), LabelSet::Known(r)) = (&lhs.labels, &rhs.labels) else {
            return;
        };
        let ignored: BTreeSet<&str> = match &b.matching {
            None => BTreeSet::new(),
            Some(m) if m.on => return,
            Some(m) => {
                if m.labels.labels.iter().any(|l| !l.is_literal()) {
                    return;
                }
                m.labels.labels.iter().map(|l| l.value.as_str()).collect()
            }
        };
        let key = |set: &BTreeSet<String>| -> BTreeSet<String> {
            set.iter()
                .filter(|l| *l != "__name__" && !ignored.contains(l.as_str()))
                .cloned()
                .collect()
        };
        let (l, r) = (key(l), key(r));
        if l == r {
            return;
        }
        let only =
            |a: &BTreeSet<String>, b: &BTreeSet<String>| -> String { list_names(a.difference(b)) };
        let (left_only, right_only) = (only(&l, &r), only(&r, &l));
        let difference = match (left_only.is_empty(), right_only.is_empty()) {
            (false, true) => format!("the left side has {left_only}, which the right side lacks"),
            (true, false) => format!("the right side has {right_only}, which the left side lacks"),
            _ => {
                format!("only the left side has {left_only}, only the right side has {right_only}")
            }
        };
        let shared: Vec<&str> = l.intersection(&r).map(String::as_str).collect();
        let fix = if shared.is_empty() {
            "aggregate both sides to the same labels".to_string()
        } else {
            let shared = shared.join(", ");
            format!(
                "aggregate both sides to the same labels (`sum by ({shared})` on each side), or \
                 match on shared labels with `on({shared})`, adding `group_left`/`group_right` \
                 when one side has several series per match"
            )
        };
        let op = b.op.as_str();
        self.emit(
            "vector-matching",
            b.op_span,
            format!(
                "`{op}` can never match: {difference}, and series match only when all their \
                 labels are equal; {fix}"
            ),
        );
    }

    fn legend(&mut self, legend: &str, span: Span, info: &Info) {
        for label in legend_labels(legend) {
            if label.contains('$') || info.labels.may_contain(&label) {
                continue;
            }
            if let Some(removal) = info.removed.get(&label) {
                let fix = match &removal.keep {
                    Some(keep) => format!("{keep}, or change the legend"),
                    None => "change the legend".to_string(),
                };
                let message = format!(
                    "legend `{{{{{label}}}}}` names label `{label}`, which the query's result does \
                     not have: {} removed it; {fix}",
                    removal.by
                );
                self.emit("label-set", span, message);
            } else if info.seen.may_contain(&label) {
                let message = format!(
                    "legend `{{{{{label}}}}}` names label `{label}`, which the query's result does \
                     not have (it has {}); change the legend",
                    info.labels.describe()
                );
                self.emit("label-set", span, message);
            } else {
                let suggestion = closest_label(&label, info.labels.names())
                    .map(|l| format!("; did you mean `{{{{{l}}}}}`?"))
                    .unwrap_or_default();
                let unsampled = self
                    .catalog
                    .unsampled_hint(info.metrics.iter().map(String::as_str), &label);
                let message = format!(
                    "legend `{{{{{label}}}}}` names label `{label}`, which no series of {} has \
                     (the result has {}){suggestion}{unsampled}",
                    info.describe_metrics(),
                    info.labels.describe()
                );
                self.emit("unknown-label", span, message);
            }
        }
    }
}

/// The label most likely meant by `label`: a close spelling, or else the
/// shortest name that extends it or that it extends (`customer` -> `customer_id`).
fn closest_label<'a>(
    label: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    closest(label, candidates.iter().copied()).or_else(|| {
        candidates
            .into_iter()
            .filter(|c| c.len() > 1 && (c.starts_with(label) || label.starts_with(*c)))
            .min_by_key(|c| (c.len(), *c))
    })
}

/// True for matchers that also match series without the label
/// (`x=""`, `x=~".*"`), a deliberate idiom.
fn matches_absent_label(m: &Matcher) -> bool {
    matches!(
        (m.op, m.value.value.as_str()),
        (MatchOp::Equal, "") | (MatchOp::RegexMatch, "" | ".*")
    )
}

/// `absent(x{a="1"})` has the labels of the equality matchers.
fn absent_labels(arg: Option<&Expr>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(mut e) = arg.map(Expr::unparen) else {
        return out;
    };
    if let ExprKind::MatrixSelector(m) = &e.kind {
        e = m.selector.unparen();
    }
    if let ExprKind::VectorSelector(vs) = &e.kind {
        for m in &vs.matchers {
            if m.op == MatchOp::Equal && !m.is_bare_name && m.label.value != "__name__" {
                out.insert(m.label.value.clone());
            }
        }
    }
    out
}

/// Selectors of `_bucket` series under `e` that no range function covers.
fn raw_buckets(e: &Expr, catalog: &Catalog, out: &mut Vec<(Span, String)>) {
    match &e.kind {
        ExprKind::VectorSelector(vs) => {
            if let Some(name) = vs.metric_name().filter(|n| n.is_literal()) {
                if catalog
                    .series(&name.value)
                    .is_some_and(|s| s.role == SeriesRole::Bucket)
                {
                    out.push((name.span, name.value.clone()));
                }
            }
        }
        ExprKind::MatrixSelector(_) | ExprKind::Subquery(_) => {}
        ExprKind::Call(c)
            if c.args.iter().any(|a| {
                matches!(
                    a.unparen().kind,
                    ExprKind::MatrixSelector(_) | ExprKind::Subquery(_)
                )
            }) => {}
        _ => {
            for child in e.children() {
                raw_buckets(child, catalog, out);
            }
        }
    }
}

/// The `_bucket` series of the family `name` belongs to, if it has one.
fn bucket_of(name: &str, catalog: &Catalog) -> Option<String> {
    let family = catalog.family(&catalog.series(name)?.family)?;
    family
        .series
        .iter()
        .find(|(_, role)| **role == SeriesRole::Bucket)
        .map(|(n, _)| n.clone())
}

/// "a gauge", "a counter", "histogram buckets", ... for messages.
fn describe_series(s: &Series) -> String {
    match (s.family_kind, s.role) {
        (_, SeriesRole::Created) => "a `_created` timestamp (a gauge)".to_string(),
        (MetricType::Histogram, SeriesRole::Bucket) => "a histogram's buckets (counters)".into(),
        (MetricType::Histogram | MetricType::Summary, SeriesRole::Count | SeriesRole::Sum) => {
            format!("a {}'s `_count`/`_sum` (a counter)", s.family_kind)
        }
        (MetricType::Summary, SeriesRole::Value) => "a summary's quantiles (gauges)".into(),
        (MetricType::Unknown, _) => "untyped".into(),
        (kind, _) => format!("a {kind}"),
    }
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn quote_list<'a>(items: impl IntoIterator<Item = &'a str>, last: &str) -> String {
    let items: Vec<String> = items.into_iter().map(|i| format!("`{i}`")).collect();
    match items.split_last() {
        None => String::new(),
        Some((only, [])) => only.clone(),
        Some((tail, head)) => format!("{} {last} {tail}", head.join(", ")),
    }
}

/// Words that name the same thing in metric names, for suggestions (the
/// seed's `query` is the catalog's `execute`).
const SYNONYMS: [(&str, &str); 8] = [
    ("query", "execute"),
    ("query", "statement"),
    ("request", "call"),
    ("error", "fail"),
    ("error", "failure"),
    ("failed", "error"),
    ("latency", "duration"),
    ("active", "open"),
];

/// A name's words (split at `_`), with a plural `s` dropped.
fn words(name: &str) -> BTreeSet<String> {
    name.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

fn same_word(a: &str, b: &str) -> bool {
    a == b
        || SYNONYMS
            .iter()
            .any(|(x, y)| (a == *x && b == *y) || (a == *y && b == *x))
}

/// Up to three catalog series close to `name`: most shared words first
/// (a series of the same family stem counts one more), then edit distance.
pub(crate) fn suggest_series(name: &str, catalog: &Catalog) -> Vec<String> {
    if name.len() > MAX_SUGGESTION_CHARS {
        return Vec::new();
    }
    let mine = words(name);
    let stem = ["_total", "_bucket", "_count", "_sum", "_created"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name);
    let wants_created = name.ends_with("_created");
    let suffix = name.get(stem.len()..).unwrap_or("");
    let mut scored: Vec<(usize, bool, usize, &str)> = Vec::new();
    for series in catalog.all_series() {
        if (series.role == SeriesRole::Created || series.name.ends_with("_created"))
            && !wants_created
        {
            continue;
        }
        let theirs = words(&series.name);
        let shared = mine
            .iter()
            .filter(|w| theirs.iter().any(|t| same_word(w, t)))
            .count();
        let same_stem = series.name.starts_with(&format!("{stem}_"));
        let distance = edit_distance(name, &series.name);
        let close = shared * 2 > mine.len() || distance <= name.len() / 3 || same_stem;
        // A counter-like name (`_total`) is best served by a histogram's `_count`.
        let same_role = (!suffix.is_empty() && series.name.ends_with(suffix))
            || (suffix == "_total" && series.role == SeriesRole::Count);
        if close {
            scored.push((
                shared + usize::from(same_stem),
                same_role,
                distance,
                &series.name,
            ));
        }
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(b.3))
    });
    // One series per family stem is enough (not `_bucket`, `_count` and `_sum`).
    let mut out: Vec<String> = Vec::new();
    let mut families: BTreeSet<&str> = BTreeSet::new();
    for (_, _, _, candidate) in scored {
        let family = catalog
            .series(candidate)
            .map(|s| s.family.as_str())
            .unwrap_or(candidate);
        if families.insert(family) {
            out.push(candidate.to_string());
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}
