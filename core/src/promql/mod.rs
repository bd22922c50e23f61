//! PromQL front end: lexer, parser (an AST with a byte span on every node),
//! type checker and Grafana-variable handling, held to Prometheus's own
//! parser test cases.
//!
//! The pipeline: [`lexer`] (tokens with byte spans) -> [`parser`] (the
//! [`ast`], plus syntax errors and the checks Prometheus makes while parsing)
//! -> [`typecheck`] (types, function signatures, operator rules) and
//! [`variables`] (Grafana template variables). [`printer`] turns an AST back
//! into PromQL text.

pub mod ast;
pub mod functions;
pub mod lexer;
pub mod parser;
pub mod printer;
pub mod regex;
pub mod typecheck;
pub mod variables;

use std::ops::Range;

use crate::limits::MAX_QUERY_BYTES;

/// How a declared Grafana template variable may be used inside a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarClass {
    /// Interval variables: stand for a duration (range, offset, step).
    Interval,
    /// Every other kind: stands for text (matcher values, label names, numbers).
    Value,
    /// Ad hoc filter variables: Grafana adds their filters to every query
    /// itself, so a query never names one.
    Filters,
}

/// What a query is checked against: the dashboard's variables and options.
///
/// Build it with `..QueryEnv::default()` for the fields you do not set:
///
/// ```
/// use dashc_core::promql::{check, QueryEnv, VarClass};
/// let env = QueryEnv {
///     variables: vec![("job".into(), VarClass::Value)],
///     multi_value: vec!["job".into()],
///     ..QueryEnv::default()
/// };
/// assert!(check(r#"up{job=~"$job"}"#, &env).is_ok());
/// let errors = check(r#"up{job="$job"}"#, &env).unwrap_err();
/// assert!(errors[0].message.contains("use =~ for the multi-value variable $job"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct QueryEnv {
    /// Accept Prometheus's experimental syntax.
    pub experimental: bool,
    /// Declared template variables (besides Grafana's built-in `$__*` ones).
    pub variables: Vec<(String, VarClass)>,
    /// The declared [`VarClass::Value`] variables that may stand for several
    /// values (Grafana's `multi` or `includeAll`): Grafana writes them into
    /// a query as a regex alternation such as `(a|b)` or their "All" value
    /// (often `.*`), so only a regex matcher (`=~`, `!~`) may use them. A
    /// name not also in `variables` is ignored.
    pub multi_value: Vec<String>,
}

impl QueryEnv {
    /// True when `name` is a declared text variable that may stand for
    /// several values (see [`QueryEnv::multi_value`]).
    pub fn is_multi_value(&self, name: &str) -> bool {
        self.multi_value.iter().any(|n| n == name)
            && self
                .variables
                .iter()
                .any(|(n, class)| n == name && *class == VarClass::Value)
    }
}

/// One error in a query: a byte range into the query text and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Byte range `[start, end)` in the query.
    pub range: Range<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl QueryError {
    /// An error on `range` saying `message`.
    pub fn new(range: Range<usize>, message: impl Into<String>) -> QueryError {
        QueryError {
            range,
            message: message.into(),
        }
    }

    /// The message, the query quoted, and carets under the exact range. For
    /// a multi-line query: "line L, column C" and the offending line only.
    ///
    /// ```
    /// use dashc_core::promql::{check, QueryEnv};
    /// let query = "rate(http_requests_total[5m]";
    /// let errors = check(query, &QueryEnv::default()).unwrap_err();
    /// assert_eq!(
    ///     errors[0].render(query),
    ///     "unclosed left parenthesis: the `(` at column 5 is never closed; add a `)`\n   \
    ///      | rate(http_requests_total[5m]\n   \
    ///      |                             ^"
    /// );
    /// ```
    pub fn render(&self, query: &str) -> String {
        render_error(query, self.range.clone(), &self.message)
    }
}

/// Parses `query` into an AST. Syntax errors and the errors Prometheus
/// reports while parsing are returned; types are not checked (see [`check`]).
///
/// ```
/// use dashc_core::promql::{parse, printer, QueryEnv};
/// let expr = parse("sum by(job)(rate(up[5m]))", &QueryEnv::default()).unwrap();
/// assert_eq!(printer::print(&expr), "sum by (job) (rate(up[5m]))");
/// assert!(parse("sum(rate(up[5m])", &QueryEnv::default()).is_err());
/// ```
pub fn parse(query: &str, env: &QueryEnv) -> Result<ast::Expr, Vec<QueryError>> {
    too_long(query)?;
    on_enough_stack(query, || parser::parse(query, env))
}

/// Parses and checks `query`, returning every error found: the first syntax
/// error, or else every type and variable error.
///
/// ```
/// use dashc_core::promql::{check, QueryEnv};
/// let env = QueryEnv::default();
/// assert!(check("rate(http_requests_total[5m])", &env).is_ok());
/// let query = "rate(http_requests_total)";
/// let errors = check(query, &env).unwrap_err();
/// assert_eq!(&query[errors[0].range.clone()], "http_requests_total");
/// assert!(errors[0].message.contains("range vector"));
/// ```
pub fn check(query: &str, env: &QueryEnv) -> Result<(), Vec<QueryError>> {
    too_long(query)?;
    on_enough_stack(query, || check_here(query, env))
}

/// An error when `query` is longer than [`MAX_QUERY_BYTES`], on the bytes
/// past the cap.
fn too_long(query: &str) -> Result<(), Vec<QueryError>> {
    if query.len() <= MAX_QUERY_BYTES {
        return Ok(());
    }
    let start = floor_char_boundary(query, MAX_QUERY_BYTES);
    Err(vec![QueryError::new(
        start..query.len(),
        crate::limits::over(
            "the query",
            query.len(),
            "bytes",
            "MAX_QUERY_BYTES",
            MAX_QUERY_BYTES,
        ),
    )])
}

fn check_here(query: &str, env: &QueryEnv) -> Result<(), Vec<QueryError>> {
    let expr = parser::parse(query, env)?;
    let mut errors = typecheck::check(&expr, query, env);
    if query.contains('$') || query.contains("[[") {
        errors.extend(variables::check(&expr, query, env));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        // Kept in the order found, as Prometheus reports them.
        errors.dedup();
        Err(errors)
    }
}

/// Nesting (brackets plus signs and powers) up to which a query is checked
/// on the caller's stack.
const SHALLOW: usize = 32;

/// Stack for checking a deeply nested query: the parser and checker recurse
/// once per nesting level, and an unoptimised build (the proc macro) uses
/// several kilobytes per level.
const DEEP_STACK: usize = 256 << 20;

/// Runs `f` on the caller's stack for ordinary queries, and on a thread with
/// a large stack for deeply nested ones.
fn on_enough_stack<T: Send>(
    query: &str,
    f: impl FnOnce() -> Result<T, Vec<QueryError>> + Send,
) -> Result<T, Vec<QueryError>> {
    on_deep_stack(nesting_estimate(query) > SHALLOW, f)
        .unwrap_or_else(|e| Err(vec![no_thread(0..query.len(), &e)]))
}

/// Runs a recursive pass over `expr` where the stack is deep enough for it:
/// the caller's for a shallow tree, a thread of its own for a deep one. Every
/// recursive walk over a syntax tree goes through here (or through
/// [`parse`]/[`check`]), so each is safe up to [`crate::limits::MAX_QUERY_DEPTH`]
/// levels on any caller's stack.
pub(crate) fn with_stack_for<T: Send>(
    expr: &ast::Expr,
    f: impl FnOnce() -> T + Send,
    fallback: impl FnOnce(std::io::Error) -> T,
) -> T {
    on_deep_stack(expr.depth() > SHALLOW, f).unwrap_or_else(fallback)
}

/// The error when no thread can be started for a deep query.
pub(crate) fn no_thread(range: Range<usize>, e: &std::io::Error) -> QueryError {
    QueryError::new(
        range,
        format!("cannot check this deeply nested query: no thread for it ({e})"),
    )
}

thread_local! {
    /// Set on the threads [`on_deep_stack`] starts: nested passes run there
    /// directly.
    static DEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `f()` on this thread unless `deep`, else on a thread with [`DEEP_STACK`]
/// (unless this already is one); `Err` when no thread could be started.
fn on_deep_stack<T: Send>(deep: bool, f: impl FnOnce() -> T + Send) -> std::io::Result<T> {
    if !deep || DEEP.with(std::cell::Cell::get) {
        return Ok(f());
    }
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("dashc-promql".into())
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, || {
                DEEP.with(|d| d.set(true));
                f()
            })?;
        Ok(handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// An upper bound of how deep the parser will recurse: every bracket,
/// sign and power operator may add a level.
fn nesting_estimate(query: &str) -> usize {
    query
        .bytes()
        .filter(|b| matches!(b, b'(' | b'[' | b'{' | b'-' | b'+' | b'^'))
        .count()
}

/// Renders `message` with the query and carets under `range`.
fn render_error(query: &str, range: Range<usize>, message: &str) -> String {
    let start = floor_char_boundary(query, range.start.min(query.len()));
    let end = floor_char_boundary(query, range.end.clamp(start, query.len()));
    let line_start = query[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = query[start..].find('\n').map_or(query.len(), |i| start + i);
    let line = &query[line_start..line_end];
    let multi_line = query.contains('\n');
    // Carets stop at the end of the first line of the range.
    let caret_end = end.min(line_end).max(start);
    let col = query[line_start..start].chars().count();
    let width = query[start..caret_end].chars().count().max(1);
    let mut out = String::new();
    out.push_str(message);
    out.push('\n');
    if multi_line {
        let line_no = query[..start].matches('\n').count() + 1;
        out.push_str(&format!("  --> line {line_no}, column {}\n", col + 1));
    }
    let shown = line.replace('\t', " ").replace('\r', "");
    out.push_str("   | ");
    out.push_str(&shown);
    out.push('\n');
    out.push_str("   | ");
    out.push_str(&" ".repeat(col));
    out.push_str(&"^".repeat(width));
    out
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
