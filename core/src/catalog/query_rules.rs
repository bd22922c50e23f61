//! Rules on a panel query that hold with or without a catalog, shared by
//! the `dashboard!` checks and `dashc check`. Each error names its rule as
//! `(check `rule`)`, the name `allow: [...]` and `--disable` take:
//!
//! - `quantile-range`: `histogram_quantile(φ, ..)` or `quantile(φ, ..)`
//!   with a literal φ outside `[0, 1]` (Prometheus returns `+Inf` or
//!   `-Inf`);
//! - `range-vector-query`: the query's result is a range vector (`x[5m]`)
//!   in a range query, which Prometheus rejects;
//! - `raw-counter`: a counter (by the catalog's `# TYPE`; the `_total`
//!   suffix alone is not trusted, real dashboards name gauges so too)
//!   graphed as it is in a time series panel, a line that only climbs and
//!   drops at restarts;
//! - `histogram-quantile`: `_count` or `_sum` series under
//!   `histogram_quantile`, which needs the `_bucket` series.
//!
//! ```
//! use dashc_core::catalog::{query_rules, Catalog, QueryShape};
//! use dashc_core::promql::{parse, QueryEnv};
//! let query = "histogram_quantile(95, sum by (le) (rate(x_bucket[5m])))";
//! let expr = parse(query, &QueryEnv::default()).unwrap();
//! let errors = query_rules(query, &expr, QueryShape::default(), &Catalog::default(), &[]);
//! assert!(errors[0].message.contains("histogram_quantile(0.95"));
//! ```

use super::{Catalog, SeriesKind};
use crate::promql::ast::{AggregateOp, Expr, ExprKind, UnaryOp, ValueType};
use crate::promql::{self, QueryError};

/// The rule names of this module.
pub const QUERY_RULES: [&str; 3] = ["quantile-range", "range-vector-query", "raw-counter"];

/// How a panel runs a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryShape {
    /// A range query (Grafana's default; false for `instant` targets).
    pub range_query: bool,
    /// Drawn as time series (a `timeseries` or `graph` panel, range query).
    pub time_series: bool,
}

impl Default for QueryShape {
    /// A range query in a time series panel.
    fn default() -> Self {
        QueryShape {
            range_query: true,
            time_series: true,
        }
    }
}

/// The rules of this module on one parsed, type-checked query; `allow`
/// turns rules off by name. The catalog (possibly empty) tells counters
/// apart.
pub fn query_rules(
    query: &str,
    expr: &Expr,
    shape: QueryShape,
    catalog: &Catalog,
    allow: &[String],
) -> Vec<QueryError> {
    let mut errors = Vec::new();
    let allowed = |rule: &str| allow.iter().any(|a| a == rule);
    if shape.range_query
        && !allowed("range-vector-query")
        && strip(expr).value_type() == ValueType::RangeVector
    {
        let inner = match &strip(expr).kind {
            ExprKind::MatrixSelector(m) => query.get(m.selector.span.range()),
            _ => None,
        };
        let fix = match inner {
            Some(sel) => format!(
                "`rate({sel}[$__rate_interval])` for a counter, \
                 `avg_over_time({sel}[$__rate_interval])` for a gauge, or just `{sel}`"
            ),
            None => "a function over it, such as `rate(...)` or `max_over_time(...)`".into(),
        };
        errors.push(QueryError::new(
            expr.span.range(),
            format!(
                "the query returns a range vector, which Prometheus rejects in a range query \
                 (\"invalid expression type range vector for range query\"), so the panel \
                 shows an error; graph {fix}, or make the target `instant` \
                 (check `range-vector-query`)"
            ),
        ));
    }
    let errors = promql::with_stack_for(
        expr,
        move || {
            walk(query, expr, shape, catalog, allow, true, &mut errors);
            errors
        },
        |e| vec![promql::no_thread(expr.span.range(), &e)],
    );
    let mut errors = errors;
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    errors.dedup();
    errors
}

/// `e` without parentheses.
fn strip(mut e: &Expr) -> &Expr {
    while let ExprKind::Paren(inner) = &e.kind {
        e = inner;
    }
    e
}

/// A literal number, through parentheses and a sign.
fn literal(e: &Expr) -> Option<f64> {
    match &strip(e).kind {
        ExprKind::Number(n) => Some(n.value),
        ExprKind::Unary(u) => {
            let v = literal(&u.expr)?;
            Some(if u.op == UnaryOp::Neg { -v } else { v })
        }
        _ => None,
    }
}

/// Visits `e`; `graphed` is true while the value of `e` reaches the panel
/// as it is (through aggregations that keep values and arithmetic).
fn walk(
    query: &str,
    e: &Expr,
    shape: QueryShape,
    catalog: &Catalog,
    allow: &[String],
    graphed: bool,
    out: &mut Vec<QueryError>,
) {
    let allowed = |rule: &str| allow.iter().any(|a| a == rule);
    match &e.kind {
        ExprKind::VectorSelector(vs) => {
            if !(graphed && shape.time_series) || allowed("raw-counter") {
                return;
            }
            if vs.modifiers.offset.is_some() || vs.modifiers.at.is_some() {
                return;
            }
            let Some(name) = vs.metric_name().filter(|n| n.is_literal()) else {
                return;
            };
            // The `_total` naming convention alone is not enough: over the
            // corpus of real dashboards about half of the `_total` series
            // graphed as they are were gauges (open file descriptors,
            // cluster members, goroutines) or deliberate counts since boot.
            if catalog.series(&name.value).map(|s| s.kind) == Some(SeriesKind::Counter) {
                let n = &name.value;
                out.push(QueryError::new(
                    e.span.range(),
                    format!(
                        "`{n}` is a counter (catalog `# TYPE`), graphed as it is: a line that \
                         only climbs and drops at every restart; graph its rate, \
                         `rate({n}[$__rate_interval])`, or `increase(..)` for counts \
                         (check `raw-counter`)"
                    ),
                ));
            }
        }
        ExprKind::Paren(inner) => walk(query, inner, shape, catalog, allow, graphed, out),
        ExprKind::Unary(u) => walk(query, &u.expr, shape, catalog, allow, graphed, out),
        ExprKind::Binary(b) => {
            // Comparisons filter by value and `and`/`or`/`unless` pass one
            // side through: both still graph the value.
            walk(query, &b.lhs, shape, catalog, allow, graphed, out);
            walk(query, &b.rhs, shape, catalog, allow, graphed, out);
        }
        ExprKind::Aggregate(a) => {
            let keeps_values = matches!(
                a.op,
                AggregateOp::Sum
                    | AggregateOp::Avg
                    | AggregateOp::Min
                    | AggregateOp::Max
                    | AggregateOp::Topk
                    | AggregateOp::Bottomk
                    | AggregateOp::Quantile
            );
            if a.op == AggregateOp::Quantile && !allowed("quantile-range") {
                if let Some(param) = &a.param {
                    phi(query, param, "quantile", out);
                }
            }
            if let Some(param) = &a.param {
                walk(query, param, shape, catalog, allow, false, out);
            }
            walk(
                query,
                &a.expr,
                shape,
                catalog,
                allow,
                graphed && keeps_values,
                out,
            );
        }
        ExprKind::Call(c) => {
            if c.name == "histogram_quantile" {
                if let Some(p) = c.args.first() {
                    if !allowed("quantile-range") {
                        phi(query, p, "histogram_quantile", out);
                    }
                }
                if let Some(arg) = c.args.get(1) {
                    if !allowed("histogram-quantile") {
                        count_or_sum(arg, catalog, out);
                    }
                }
            }
            let passes = matches!(
                c.name.as_str(),
                "sort" | "sort_desc" | "label_replace" | "label_join" | "abs"
            );
            for arg in &c.args {
                walk(query, arg, shape, catalog, allow, graphed && passes, out);
            }
        }
        ExprKind::MatrixSelector(m) => walk(query, &m.selector, shape, catalog, allow, false, out),
        ExprKind::Subquery(s) => walk(query, &s.expr, shape, catalog, allow, false, out),
        ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Variable(_) => {}
    }
}

/// A literal quantile outside `[0, 1]`.
fn phi(query: &str, p: &Expr, function: &str, out: &mut Vec<QueryError>) {
    let Some(v) = literal(p) else { return };
    if (0.0..=1.0).contains(&v) {
        return;
    }
    let written = query.get(p.span.range()).unwrap_or("?");
    let fix = if (1.0..=100.0).contains(&v) {
        format!(
            "; for the {written}th percentile write `{function}({}, ...)`",
            v / 100.0
        )
    } else {
        String::new()
    };
    let result = if v > 1.0 { "+Inf" } else { "-Inf" };
    out.push(QueryError::new(
        p.span.range(),
        format!(
            "the quantile `{written}` is outside [0, 1]: Prometheus returns {result} for every \
             series{fix} (check `quantile-range`)"
        ),
    ));
}

/// `_count` or `_sum` series under `histogram_quantile`.
fn count_or_sum(e: &Expr, catalog: &Catalog, out: &mut Vec<QueryError>) {
    match &e.kind {
        ExprKind::VectorSelector(vs) => {
            let Some(name) = vs.metric_name().filter(|n| n.is_literal()) else {
                return;
            };
            let n = &name.value;
            let Some(stem) = n.strip_suffix("_count").or_else(|| n.strip_suffix("_sum")) else {
                return;
            };
            // A catalogued series is the `histogram-quantile` catalog check's.
            if catalog.series(n).is_some() {
                return;
            }
            out.push(QueryError::new(
                name.span.range(),
                format!(
                    "`histogram_quantile` over `{n}`: it has no `le` buckets, so the result is \
                     empty; use the histogram's buckets, `{stem}_bucket`, as in \
                     `sum by (le) (rate({stem}_bucket[$__rate_interval]))` \
                     (check `histogram-quantile`)"
                ),
            ));
        }
        ExprKind::Paren(inner) => count_or_sum(inner, catalog, out),
        ExprKind::Unary(u) => count_or_sum(&u.expr, catalog, out),
        ExprKind::Binary(b) => {
            count_or_sum(&b.lhs, catalog, out);
            count_or_sum(&b.rhs, catalog, out);
        }
        ExprKind::Aggregate(a) => count_or_sum(&a.expr, catalog, out),
        ExprKind::Call(c) => c.args.iter().for_each(|a| count_or_sum(a, catalog, out)),
        ExprKind::MatrixSelector(m) => count_or_sum(&m.selector, catalog, out),
        ExprKind::Subquery(s) => count_or_sum(&s.expr, catalog, out),
        ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Variable(_) => {}
    }
}
