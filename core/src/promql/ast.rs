//! The PromQL syntax tree. Every node carries the byte [`Span`] of the query
//! text it was parsed from, so later passes (type checking, the metric
//! catalog) can point at the exact characters they complain about.
//!
//! # Walking the tree
//!
//! [`Expr`] is a `kind` plus a `span`. The interesting kinds for a checker
//! that looks at metric names and labels are:
//!
//! - [`ExprKind::VectorSelector`]: `metric{label="value"}`; the metric name
//!   (if written outside the braces) is [`VectorSelector::name`], the label
//!   matchers are [`VectorSelector::matchers`] (a quoted name inside the braces,
//!   `{"metric"}`, is a matcher on `__name__`; see
//!   [`VectorSelector::metric_name`]).
//! - [`ExprKind::MatrixSelector`]: a vector selector with a range, `x[5m]`.
//! - [`ExprKind::Call`]: `rate(...)`, `histogram_quantile(...)`,
//!   `label_replace(...)`: the function name and its arguments.
//! - [`ExprKind::Aggregate`]: `sum by (job) (...)`, with its grouping labels.
//! - [`ExprKind::Binary`]: operators, with `on`/`ignoring`/`group_left`/
//!   `group_right` labels in [`VectorMatching`].
//!
//! [`Expr::children`] lists the sub-expressions of any node and
//! [`Expr::walk`] visits the whole tree in source order, so a checker only
//! matches on the kinds it cares about:
//!
//! ```
//! use dashc_core::promql::{ast::ExprKind, parse, QueryEnv};
//! let expr = parse("sum by (job) (rate(http_requests_total[5m]))", &QueryEnv::default()).unwrap();
//! let mut metrics = Vec::new();
//! expr.walk(&mut |e| {
//!     if let ExprKind::VectorSelector(vs) = &e.kind {
//!         metrics.push(vs.metric_name().map(|n| n.value.clone()));
//!     }
//! });
//! assert_eq!(metrics, vec![Some("http_requests_total".to_string())]);
//! ```
//!
//! Grafana template variables (`$job`, `${job:regex}`, `[[job]]`,
//! `$__rate_interval`) are kept in the tree as [`VarRef`]s wherever they were
//! written: in names ([`Name::vars`]), in durations ([`DurationKind::Variable`])
//! and as whole expressions ([`ExprKind::Variable`]). A name or value with a
//! variable in it is not known until Grafana substitutes it, so a catalog
//! check should skip it (see [`Name::is_literal`]).

use std::fmt;

/// A byte range `[start, end)` into the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a `Range`.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The four types a PromQL expression can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// A set of series with one sample each (`foo`, `rate(foo[5m])`).
    InstantVector,
    /// A set of series with a range of samples each (`foo[5m]`).
    RangeVector,
    /// A single number (`1`, `time()`).
    Scalar,
    /// A string literal (`"text"`).
    String,
}

impl ValueType {
    /// The name Prometheus's documentation (and its error messages) use.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::InstantVector => "instant vector",
            ValueType::RangeVector => "range vector",
            ValueType::Scalar => "scalar",
            ValueType::String => "string",
        }
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a Grafana variable reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VarSyntax {
    /// `$name`
    Dollar,
    /// `${name}` or `${name:format}`
    Braces,
    /// `[[name]]` or `[[name:format]]` (deprecated in Grafana, still substituted)
    Brackets,
}

/// A reference to a Grafana template variable.
#[derive(Debug, Clone, PartialEq)]
pub struct VarRef {
    /// Variable name without `$`, braces or format (`job`, `__rate_interval`).
    pub name: String,
    /// The `:format` part of `${name:format}`, if any.
    pub format: Option<String>,
    /// How it was written.
    pub syntax: VarSyntax,
    /// Where the whole reference (`${job:regex}`) is in the query.
    pub span: Span,
}

impl VarRef {
    /// True for Grafana's built-in `$__*` variables.
    pub fn is_builtin(&self) -> bool {
        self.name.starts_with("__")
    }
}

/// A name or a string value: a metric name, a label name, a matcher value, a
/// grouping label. `value` is the text Prometheus sees (unquoted and
/// unescaped), still holding any Grafana variable references verbatim.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The text (unquoted, unescaped).
    pub value: String,
    /// Where it is in the query (for quoted text: including the quotes).
    pub span: Span,
    /// Grafana variables written inside it.
    pub vars: Vec<VarRef>,
}

impl Name {
    /// True when no Grafana variable occurs in it: the text is final.
    pub fn is_literal(&self) -> bool {
        self.vars.is_empty()
    }
}

/// A whole PromQL expression or sub-expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is in the query.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal (`1`, `0x1f`, `Inf`, or a duration used as a number, `5m`).
    Number(NumberLiteral),
    /// A string literal in any of the three quote styles.
    String(StringLiteral),
    /// `metric{label="value"}`, with its modifiers.
    VectorSelector(VectorSelector),
    /// `selector[range]`, with its modifiers.
    MatrixSelector(MatrixSelector),
    /// `expr[range:step]`, with its modifiers.
    Subquery(Subquery),
    /// `(expr)`
    Paren(Box<Expr>),
    /// `-expr` or `+expr`
    Unary(Unary),
    /// `lhs op rhs`
    Binary(Binary),
    /// `func(args)`
    Call(Call),
    /// `sum by (labels) (expr)`, `topk(k, expr)`, ...
    Aggregate(Aggregate),
    /// A Grafana variable standing for a whole expression (`$threshold`,
    /// `$__range_s`): a number once substituted.
    Variable(VarRef),
}

/// A number literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberLiteral {
    /// The value (durations in seconds).
    pub value: f64,
    /// Written as a duration (`5m`) rather than a number.
    pub is_duration: bool,
}

/// A string literal.
#[derive(Debug, Clone, PartialEq)]
pub struct StringLiteral {
    /// The unescaped text; Grafana variables in it are in `vars`.
    pub value: String,
    /// Grafana variables written inside the string.
    pub vars: Vec<VarRef>,
}

/// A label matching operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchOp {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~`
    RegexMatch,
    /// `!~`
    RegexNoMatch,
}

impl MatchOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::RegexMatch => "=~",
            MatchOp::RegexNoMatch => "!~",
        }
    }
}

/// One label matcher inside braces: `label op "value"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    /// The label name (`__name__` for a bare quoted metric name `{"metric"}`).
    pub label: Name,
    /// The operator.
    pub op: MatchOp,
    /// The value (for a bare quoted metric name, the name itself).
    pub value: Name,
    /// True for the `{"metric"}` form: a metric name written inside the braces.
    pub is_bare_name: bool,
    /// The whole matcher.
    pub span: Span,
}

/// `@` modifier value.
#[derive(Debug, Clone, PartialEq)]
pub enum AtModifier {
    /// `@ 1609746000` (seconds since the epoch).
    Timestamp(f64),
    /// `@ start()`
    Start,
    /// `@ end()`
    End,
    /// `@ $var`: a Grafana variable.
    Variable(VarRef),
}

/// The modifiers a selector or subquery may carry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Modifiers {
    /// `offset <duration>`
    pub offset: Option<Duration>,
    /// `@ <timestamp>` and where it is.
    pub at: Option<(AtModifier, Span)>,
    /// `anchored` (experimental)
    pub anchored: bool,
    /// `smoothed` (experimental)
    pub smoothed: bool,
}

impl Modifiers {
    /// True when no modifier is set.
    pub fn is_empty(&self) -> bool {
        self.offset.is_none() && self.at.is_none() && !self.anchored && !self.smoothed
    }
}

/// An instant vector selector.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorSelector {
    /// The metric name written before the braces, if any.
    pub name: Option<Name>,
    /// The matchers inside the braces, in order.
    pub matchers: Vec<Matcher>,
    /// `offset`, `@`, `anchored`, `smoothed`.
    pub modifiers: Modifiers,
}

impl VectorSelector {
    /// The metric name however it was written: before the braces, as a bare
    /// quoted name inside them, or as an `__name__="..."` matcher.
    pub fn metric_name(&self) -> Option<&Name> {
        if let Some(name) = &self.name {
            return Some(name);
        }
        self.matchers
            .iter()
            .find(|m| m.label.value == "__name__" && m.op == MatchOp::Equal)
            .map(|m| &m.value)
    }
}

/// A duration: a literal, a Grafana variable, or (experimental) an expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    /// What it is.
    pub kind: DurationKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of duration.
#[derive(Debug, Clone, PartialEq)]
pub enum DurationKind {
    /// `5m`, `1h30m`, or a plain number of seconds (`300`).
    Literal(NumberLiteral),
    /// `$__rate_interval`, `$window`: substituted by Grafana.
    Variable(VarRef),
    /// `step()` (experimental)
    Step,
    /// `range()` (experimental)
    Range,
    /// `-d`, `+d` (experimental unless applied to a literal)
    Unary(UnaryOp, Box<Duration>),
    /// `a + b`, `a * b`, ... (experimental)
    Binary(BinaryOp, Box<Duration>, Box<Duration>),
    /// `min_of(a, b)` (`max == false`) or `max_of(a, b)` (experimental)
    MinMax {
        /// `max_of` when true, `min_of` when false.
        max: bool,
        /// First argument.
        lhs: Box<Duration>,
        /// Second argument.
        rhs: Box<Duration>,
    },
    /// `(d)`
    Paren(Box<Duration>),
}

impl Duration {
    /// The literal value in seconds, when the duration is a plain literal
    /// (possibly signed or parenthesised).
    pub fn literal_seconds(&self) -> Option<f64> {
        match &self.kind {
            DurationKind::Literal(n) => Some(n.value),
            DurationKind::Paren(d) => d.literal_seconds(),
            DurationKind::Unary(UnaryOp::Neg, d) => d.literal_seconds().map(|v| -v),
            DurationKind::Unary(UnaryOp::Pos, d) => d.literal_seconds(),
            _ => None,
        }
    }
}

/// `selector[range]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixSelector {
    /// The vector selector the range applies to (an
    /// [`ExprKind::VectorSelector`] in every valid query).
    pub selector: Box<Expr>,
    /// The range.
    pub range: Duration,
    /// `offset`, `@`, `anchored`, `smoothed` written after the range.
    pub modifiers: Modifiers,
}

/// `expr[range:step]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Subquery {
    /// The inner expression.
    pub expr: Box<Expr>,
    /// The range.
    pub range: Duration,
    /// The resolution step, if given.
    pub step: Option<Duration>,
    /// `offset`, `@` written after the brackets.
    pub modifiers: Modifiers,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `+`
    Pos,
}

/// `-expr` / `+expr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unary {
    /// The operator.
    pub op: UnaryOp,
    /// The operand.
    pub expr: Box<Expr>,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `atan2`
    Atan2,
    /// `==`
    Eql,
    /// `!=`
    Neq,
    /// `>`
    Gtr,
    /// `<`
    Lss,
    /// `>=`
    Gte,
    /// `<=`
    Lte,
    /// `and`
    And,
    /// `or`
    Or,
    /// `unless`
    Unless,
    /// `</` (experimental: trims the upper part of native histograms)
    TrimUpper,
    /// `>/` (experimental: trims the lower part of native histograms)
    TrimLower,
}

impl BinaryOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "^",
            BinaryOp::Atan2 => "atan2",
            BinaryOp::Eql => "==",
            BinaryOp::Neq => "!=",
            BinaryOp::Gtr => ">",
            BinaryOp::Lss => "<",
            BinaryOp::Gte => ">=",
            BinaryOp::Lte => "<=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Unless => "unless",
            BinaryOp::TrimUpper => "</",
            BinaryOp::TrimLower => ">/",
        }
    }

    /// `==`, `!=`, `>`, `<`, `>=`, `<=`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eql
                | BinaryOp::Neq
                | BinaryOp::Gtr
                | BinaryOp::Lss
                | BinaryOp::Gte
                | BinaryOp::Lte
        )
    }

    /// `and`, `or`, `unless`.
    pub fn is_set(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or | BinaryOp::Unless)
    }

    /// Binding strength: higher binds tighter (`or` 1 ... `^` 6).
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And | BinaryOp::Unless => 2,
            BinaryOp::Eql
            | BinaryOp::Neq
            | BinaryOp::Gtr
            | BinaryOp::Lss
            | BinaryOp::Gte
            | BinaryOp::Lte => 3,
            BinaryOp::Add | BinaryOp::Sub => 4,
            BinaryOp::Mul
            | BinaryOp::Div
            | BinaryOp::Mod
            | BinaryOp::Atan2
            | BinaryOp::TrimUpper
            | BinaryOp::TrimLower => 5,
            BinaryOp::Pow => 6,
        }
    }

    /// `^` is the only right-associative operator.
    pub fn is_right_assoc(self) -> bool {
        self == BinaryOp::Pow
    }
}

/// Which side of a binary operation may match many series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupSide {
    /// `group_left`: many on the left.
    Left,
    /// `group_right`: many on the right.
    Right,
}

/// A list of labels in parentheses: `by (a, b)`, `on (a)`, `group_left (c)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelList {
    /// The labels.
    pub labels: Vec<Name>,
    /// From the opening to the closing parenthesis.
    pub span: Span,
}

/// `on`/`ignoring` and `group_left`/`group_right` of a binary operation.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorMatching {
    /// `true` for `on(...)`, `false` for `ignoring(...)`.
    pub on: bool,
    /// The `on`/`ignoring` labels.
    pub labels: LabelList,
    /// Where the `on`/`ignoring` keyword is.
    pub keyword_span: Span,
    /// `group_left`/`group_right` and its (possibly empty) extra labels.
    pub group: Option<Grouping>,
}

/// `group_left(labels)` / `group_right(labels)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Which side.
    pub side: GroupSide,
    /// The labels to copy over (`None` when no parentheses were written).
    pub labels: Option<LabelList>,
    /// Where the `group_left`/`group_right` keyword is.
    pub keyword_span: Span,
}

/// Values filled in for series missing on one side of a binary operation
/// (`fill(0)` sets both sides).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// Value used when a left-hand series is missing (`fill_left`).
    pub left: Option<f64>,
    /// Value used when a right-hand series is missing (`fill_right`).
    pub right: Option<f64>,
    /// From the first `fill*` keyword to the last closing parenthesis.
    pub span: Span,
}

/// `lhs op rhs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binary {
    /// The operator.
    pub op: BinaryOp,
    /// Where the operator token is.
    pub op_span: Span,
    /// `bool` modifier.
    pub return_bool: bool,
    /// `on`/`ignoring`/`group_*`, if written.
    pub matching: Option<VectorMatching>,
    /// `fill(v)`, `fill_left(v)`, `fill_right(v)` (experimental), if written.
    pub fill: Option<Fill>,
    /// Left operand.
    pub lhs: Box<Expr>,
    /// Right operand.
    pub rhs: Box<Expr>,
}

/// A function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The function name as written.
    pub name: String,
    /// Where the name is.
    pub name_span: Span,
    /// The arguments.
    pub args: Vec<Expr>,
}

/// The aggregation operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregateOp {
    /// `sum`
    Sum,
    /// `avg`
    Avg,
    /// `count`
    Count,
    /// `min`
    Min,
    /// `max`
    Max,
    /// `group`
    Group,
    /// `stddev`
    Stddev,
    /// `stdvar`
    Stdvar,
    /// `topk`
    Topk,
    /// `bottomk`
    Bottomk,
    /// `count_values`
    CountValues,
    /// `quantile`
    Quantile,
    /// `limitk` (experimental)
    Limitk,
    /// `limit_ratio` (experimental)
    LimitRatio,
}

impl AggregateOp {
    /// Every aggregation operator.
    pub const ALL: [AggregateOp; 14] = [
        AggregateOp::Sum,
        AggregateOp::Avg,
        AggregateOp::Count,
        AggregateOp::Min,
        AggregateOp::Max,
        AggregateOp::Group,
        AggregateOp::Stddev,
        AggregateOp::Stdvar,
        AggregateOp::Topk,
        AggregateOp::Bottomk,
        AggregateOp::CountValues,
        AggregateOp::Quantile,
        AggregateOp::Limitk,
        AggregateOp::LimitRatio,
    ];

    /// The operator's name in lower case.
    pub fn as_str(self) -> &'static str {
        match self {
            AggregateOp::Sum => "sum",
            AggregateOp::Avg => "avg",
            AggregateOp::Count => "count",
            AggregateOp::Min => "min",
            AggregateOp::Max => "max",
            AggregateOp::Group => "group",
            AggregateOp::Stddev => "stddev",
            AggregateOp::Stdvar => "stdvar",
            AggregateOp::Topk => "topk",
            AggregateOp::Bottomk => "bottomk",
            AggregateOp::CountValues => "count_values",
            AggregateOp::Quantile => "quantile",
            AggregateOp::Limitk => "limitk",
            AggregateOp::LimitRatio => "limit_ratio",
        }
    }

    /// The operator for a (case-insensitive) name.
    pub fn from_name(name: &str) -> Option<AggregateOp> {
        AggregateOp::ALL
            .into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(name))
    }

    /// The type of the parameter before the vector, if the operator takes one.
    pub fn param_type(self) -> Option<ValueType> {
        match self {
            AggregateOp::Topk
            | AggregateOp::Bottomk
            | AggregateOp::Quantile
            | AggregateOp::Limitk
            | AggregateOp::LimitRatio => Some(ValueType::Scalar),
            AggregateOp::CountValues => Some(ValueType::String),
            _ => None,
        }
    }

    /// `limitk` and `limit_ratio` need the experimental opt-in.
    pub fn is_experimental(self) -> bool {
        matches!(self, AggregateOp::Limitk | AggregateOp::LimitRatio)
    }
}

/// `by (...)` or `without (...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateGrouping {
    /// `true` for `without`, `false` for `by`.
    pub without: bool,
    /// The labels.
    pub labels: LabelList,
    /// Where the `by`/`without` keyword is.
    pub keyword_span: Span,
}

/// An aggregation.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// The operator.
    pub op: AggregateOp,
    /// Where the operator keyword is.
    pub op_span: Span,
    /// The parameter (`k` of `topk`, `"label"` of `count_values`), if any.
    pub param: Option<Box<Expr>>,
    /// The aggregated expression.
    pub expr: Box<Expr>,
    /// `by`/`without`, if written.
    pub grouping: Option<AggregateGrouping>,
}

impl Expr {
    /// The direct sub-expressions, in source order.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::VectorSelector(_)
            | ExprKind::Variable(_) => Vec::new(),
            ExprKind::MatrixSelector(m) => vec![&m.selector],
            ExprKind::Subquery(s) => vec![&s.expr],
            ExprKind::Paren(e) => vec![e],
            ExprKind::Unary(u) => vec![&u.expr],
            ExprKind::Binary(b) => vec![&b.lhs, &b.rhs],
            ExprKind::Call(c) => c.args.iter().collect(),
            ExprKind::Aggregate(a) => {
                let mut v: Vec<&Expr> = Vec::with_capacity(2);
                if let Some(p) = &a.param {
                    v.push(p);
                }
                v.push(&a.expr);
                v
            }
        }
    }

    /// How many levels the tree has (1 for a leaf), counted without
    /// recursion: the recursive passes use it to decide whether they need a
    /// deeper stack than the caller's.
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack: Vec<(&Expr, usize)> = vec![(self, 1)];
        while let Some((e, d)) = stack.pop() {
            deepest = deepest.max(d);
            stack.extend(e.children().into_iter().map(|c| (c, d + 1)));
        }
        deepest
    }

    /// Visits this expression and every sub-expression, parents first, in
    /// source order.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Expr)) {
        let mut stack: Vec<&'a Expr> = vec![self];
        while let Some(e) = stack.pop() {
            visit(e);
            // Pushed in reverse so that they pop in source order.
            match &e.kind {
                ExprKind::Number(_)
                | ExprKind::String(_)
                | ExprKind::VectorSelector(_)
                | ExprKind::Variable(_) => {}
                ExprKind::MatrixSelector(m) => stack.push(&m.selector),
                ExprKind::Subquery(s) => stack.push(&s.expr),
                ExprKind::Paren(x) => stack.push(x),
                ExprKind::Unary(u) => stack.push(&u.expr),
                ExprKind::Binary(b) => {
                    stack.push(&b.rhs);
                    stack.push(&b.lhs);
                }
                ExprKind::Call(c) => stack.extend(c.args.iter().rev()),
                ExprKind::Aggregate(a) => {
                    stack.push(&a.expr);
                    if let Some(p) = &a.param {
                        stack.push(p);
                    }
                }
            }
        }
    }

    /// The expression with parentheses removed.
    pub fn unparen(&self) -> &Expr {
        let mut e = self;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        e
    }

    /// The type of the expression, as Prometheus computes it (a Grafana
    /// variable standing for an expression counts as a scalar).
    pub fn value_type(&self) -> ValueType {
        match &self.kind {
            ExprKind::Number(_) | ExprKind::Variable(_) => ValueType::Scalar,
            ExprKind::String(_) => ValueType::String,
            ExprKind::VectorSelector(_) => ValueType::InstantVector,
            ExprKind::MatrixSelector(_) | ExprKind::Subquery(_) => ValueType::RangeVector,
            ExprKind::Paren(e) => e.value_type(),
            ExprKind::Unary(u) => u.expr.value_type(),
            ExprKind::Binary(b) => {
                if b.lhs.value_type() == ValueType::Scalar
                    && b.rhs.value_type() == ValueType::Scalar
                {
                    ValueType::Scalar
                } else {
                    ValueType::InstantVector
                }
            }
            ExprKind::Call(c) => super::functions::lookup(&c.name)
                .map(|f| f.return_type)
                .unwrap_or(ValueType::InstantVector),
            ExprKind::Aggregate(_) => ValueType::InstantVector,
        }
    }
}
