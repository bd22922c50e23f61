//! Type checks (in progress).
use super::{ast, QueryEnv, QueryError};
/// Type-checks an expression.
pub fn check(_e: &ast::Expr, _q: &str, _env: &QueryEnv) -> Vec<QueryError> {
    Vec::new()
}
