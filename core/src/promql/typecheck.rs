//! Type checking, as Prometheus's `checkAST` does it: operand types of
//! operators, function and aggregation arguments, vector matching rules and
//! the selector rules (a selector must not match every series).
//!
//! Every error is collected; the walk never stops early.

use super::ast::*;
use super::functions;
use super::{QueryEnv, QueryError};

/// Checks `expr` (parsed from `query`); returns every error found. The
/// rules do not depend on `_env`: experimental syntax is gated by the parser.
pub fn check(expr: &Expr, query: &str, _env: &QueryEnv) -> Vec<QueryError> {
    super::with_stack_for(
        expr,
        || {
            let mut c = Checker {
                query,
                errors: Vec::new(),
            };
            c.check(expr);
            c.errors
        },
        |e| vec![super::no_thread(expr.span.range(), &e)],
    )
}

struct Checker<'a> {
    query: &'a str,
    errors: Vec<QueryError>,
}

/// A variable standing for an expression is accepted where a scalar or an
/// instant vector is (Grafana users substitute either).
fn fits(have: ValueType, want: ValueType, e: &Expr) -> bool {
    have == want
        || (matches!(e.unparen().kind, ExprKind::Variable(_))
            && matches!(want, ValueType::Scalar | ValueType::InstantVector))
}

impl Checker<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(QueryError::new(span.range(), message));
    }

    fn expect(&mut self, e: &Expr, want: ValueType, context: &dyn Fn() -> String) {
        let have = self.check(e);
        if !fits(have, want, e) {
            let hint = match (want, have, &e.kind) {
                (ValueType::RangeVector, ValueType::InstantVector, ExprKind::VectorSelector(_)) => {
                    "; add a range such as [5m] or [$__rate_interval]"
                }
                (ValueType::RangeVector, ValueType::InstantVector, _) => {
                    "; turn it into a range with a subquery, as in (expr)[5m:]"
                }
                (ValueType::InstantVector, ValueType::RangeVector, _) => {
                    "; remove the range, or apply a function such as rate() to it"
                }
                (ValueType::Scalar, ValueType::InstantVector, _) => {
                    "; use a number, or scalar(...) of a single-series vector"
                }
                (ValueType::String, _, _) => "; write a quoted string",
                _ => "",
            };
            self.error(
                e.span,
                format!("expected type {want} in {}, got {have}{hint}", context()),
            );
        }
    }

    /// The operator's span without surrounding spaces, measured from the
    /// operands, as Prometheus reports it.
    fn op_range(&self, b: &Binary) -> Span {
        let bytes = self.query.as_bytes();
        let mut start = b.lhs.span.end;
        while start < bytes.len() && matches!(bytes[start], b' ' | b'\t' | b'\n' | b'\r') {
            start += 1;
        }
        let mut end = b.rhs.span.start.saturating_sub(1);
        while end > start && matches!(bytes.get(end), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    fn check(&mut self, e: &Expr) -> ValueType {
        match &e.kind {
            ExprKind::Number(_) | ExprKind::Variable(_) => ValueType::Scalar,
            ExprKind::String(_) => ValueType::String,
            ExprKind::Paren(inner) => self.check(inner),
            ExprKind::VectorSelector(vs) => {
                self.selector(vs, e.span, false);
                ValueType::InstantVector
            }
            ExprKind::MatrixSelector(ms) => {
                self.check(&ms.selector);
                ValueType::RangeVector
            }
            ExprKind::Subquery(sq) => {
                let t = self.check(&sq.expr);
                if t != ValueType::InstantVector {
                    let shown = match t {
                        ValueType::RangeVector => "matrix",
                        other => other.name(),
                    };
                    self.error(
                        e.span,
                        format!(
                            "subquery is only allowed on instant vector, got {shown} instead; \
                             range over an instant expression, as in max_over_time(rate(x[5m])[1h:])"
                        ),
                    );
                }
                ValueType::RangeVector
            }
            ExprKind::Unary(u) => {
                let t = self.check(&u.expr);
                if !matches!(t, ValueType::Scalar | ValueType::InstantVector) {
                    self.error(
                        e.span,
                        format!(
                            "unary expression only allowed on expressions of type scalar or \
                             instant vector, got {}",
                            super::lexer::go_quote(t.name())
                        ),
                    );
                }
                t
            }
            ExprKind::Binary(b) => self.binary(e, b),
            ExprKind::Call(c) => self.call(e, c),
            ExprKind::Aggregate(a) => {
                self.expect(&a.expr, ValueType::InstantVector, &|| {
                    "aggregation expression".into()
                });
                if let (Some(p), Some(want)) = (&a.param, a.op.param_type()) {
                    self.expect(p, want, &|| "aggregation parameter".into());
                }
                ValueType::InstantVector
            }
        }
    }

    fn selector(&mut self, vs: &VectorSelector, span: Span, bypass_empty: bool) {
        if let Some(name) = &vs.name {
            if let Some(m) = vs.matchers.iter().find(|m| m.label.value == "__name__") {
                self.error(
                    span,
                    format!(
                        "metric name must not be set twice: {} or {}; keep one of them",
                        super::lexer::go_quote(&name.value),
                        super::lexer::go_quote(&m.value.value)
                    ),
                );
            }
            return;
        }
        if bypass_empty {
            return;
        }
        let non_empty = vs.matchers.iter().any(|m| !matcher_matches_empty(m));
        if !non_empty {
            self.error(
                span,
                "vector selector must contain at least one non-empty matcher; add a metric name or a \
                 matcher that cannot match the empty value, such as job=~\".+\"",
            );
        }
    }

    fn binary(&mut self, e: &Expr, b: &Binary) -> ValueType {
        let lt = self.check(&b.lhs);
        let rt = self.check(&b.rhs);
        let op = b.op;
        if b.return_bool && !op.is_comparison() {
            let r = self.op_range(b);
            self.error(
                r,
                "bool modifier can only be used on comparison operators; remove `bool`",
            );
        }
        let scalar_side = |t: ValueType, x: &Expr| {
            t == ValueType::Scalar && !matches!(x.unparen().kind, ExprKind::Variable(_))
        };
        if op.is_comparison()
            && !b.return_bool
            && scalar_side(lt, &b.lhs)
            && scalar_side(rt, &b.rhs)
        {
            let r = self.op_range(b);
            self.error(
                r,
                "comparisons between scalars must use BOOL modifier; write `bool` after the \
                 operator, as in 1 > bool 0",
            );
        }
        if let Some(m) = &b.matching {
            if m.on {
                if let Some(Grouping {
                    labels: Some(include),
                    ..
                }) = &m.group
                {
                    for l1 in &m.labels.labels {
                        if include.labels.iter().any(|l2| l2.value == l1.value) {
                            let r = self.op_range(b);
                            self.error(
                                r,
                                format!(
                                    "label {} must not occur in ON and GROUP clause at once; labels in on(...) \
                                     are kept anyway, remove it from the group clause",
                                    super::lexer::go_quote(&l1.value)
                                ),
                            );
                        }
                    }
                }
            }
        }
        for (t, side) in [(lt, &b.lhs), (rt, &b.rhs)] {
            if !matches!(t, ValueType::Scalar | ValueType::InstantVector) {
                self.error(
                    side.span,
                    "binary expression must contain only scalar and instant vector types",
                );
            }
        }
        let both_vectors = lt == ValueType::InstantVector && rt == ValueType::InstantVector;
        if !both_vectors {
            if b.matching.is_some() {
                self.error(
                    e.span,
                    "vector matching only allowed between instant vectors; remove the \
                     on(...)/ignoring(...) clause",
                );
            }
        } else if op.is_set() {
            if let Some(VectorMatching { group: Some(_), .. }) = &b.matching {
                self.error(
                    e.span,
                    format!(
                        "no grouping allowed for {} operation; remove group_left/group_right",
                        super::lexer::go_quote(op.as_str())
                    ),
                );
                self.error(e.span, "set operations must always be many-to-many");
            }
        }
        if (lt == ValueType::Scalar || rt == ValueType::Scalar) && op.is_set() {
            self.error(
                e.span,
                format!(
                    "set operator {} not allowed in binary scalar expression; and, or and unless \
                     work between instant vectors only",
                    super::lexer::go_quote(op.as_str())
                ),
            );
        }
        if lt == ValueType::Scalar && rt == ValueType::Scalar {
            ValueType::Scalar
        } else {
            ValueType::InstantVector
        }
    }

    fn call(&mut self, e: &Expr, c: &Call) -> ValueType {
        let Some(f) = functions::lookup(&c.name) else {
            for a in &c.args {
                self.check(a);
            }
            return ValueType::InstantVector;
        };
        let n = c.args.len();
        let quoted = || super::lexer::go_quote(f.name);
        if f.variadic == 0 {
            if n != f.arg_types.len() {
                self.error(
                    e.span,
                    format!(
                        "expected {} argument(s) in call to {}, got {n}",
                        f.arg_types.len(),
                        quoted()
                    ),
                );
            }
        } else if n < f.min_args() {
            self.error(
                e.span,
                format!(
                    "expected at least {} argument(s) in call to {}, got {n}",
                    f.min_args(),
                    quoted()
                ),
            );
        } else if let Some(max) = f.max_args() {
            if n > max {
                self.error(
                    e.span,
                    format!(
                        "expected at most {max} argument(s) in call to {}, got {n}",
                        quoted()
                    ),
                );
            }
        }
        let context = || format!("call to function {}", super::lexer::go_quote(f.name));
        let mut info_selector = false;
        if f.name == "info" && n > 1 {
            if let Some(arg) = c.args.get(1) {
                let t = self.check_no_record(arg);
                if t != ValueType::InstantVector {
                    self.error(
                        e.span,
                        format!("expected type instant vector in {}, got {t}", context()),
                    );
                }
                match &arg.kind {
                    ExprKind::VectorSelector(vs) if vs.name.is_some() => self.error(
                        arg.span,
                        "expected label selectors only, got vector selector instead",
                    ),
                    ExprKind::VectorSelector(_) => info_selector = true,
                    _ => self.error(arg.span, "expected label selectors only"),
                }
            }
        }
        for (i, arg) in c.args.iter().enumerate() {
            let want = match f.arg_types.get(i) {
                Some(t) => *t,
                None if f.variadic != 0 => match f.arg_types.last() {
                    Some(t) => *t,
                    None => break,
                },
                None => {
                    self.check(arg);
                    continue;
                }
            };
            if i == 1 && info_selector {
                // `info`'s label selector may match the empty string.
                if let ExprKind::VectorSelector(vs) = &arg.kind {
                    self.selector(vs, arg.span, true);
                }
                continue;
            }
            self.expect(arg, want, &context);
        }
        f.return_type
    }

    /// The type of `e`, without recording errors (they are recorded when the
    /// argument itself is checked).
    fn check_no_record(&mut self, e: &Expr) -> ValueType {
        let before = self.errors.len();
        let t = self.check(e);
        self.errors.truncate(before);
        t
    }
}

/// Whether a matcher matches the empty label value, as Prometheus's
/// `Matcher.Matches("")`. A value holding a Grafana variable is unknown
/// until substitution and counts as not matching the empty string.
pub fn matcher_matches_empty(m: &Matcher) -> bool {
    if !m.value.vars.is_empty() {
        return false;
    }
    let v = &m.value.value;
    match m.op {
        MatchOp::Equal => v.is_empty(),
        MatchOp::NotEqual => !v.is_empty(),
        MatchOp::RegexMatch => super::regex::matches_empty(v),
        MatchOp::RegexNoMatch => super::regex::parse(v).is_ok_and(|nullable| !nullable),
    }
}
