//! Variables (in progress).
use super::{ast, QueryEnv, QueryError};
/// Checks variables.
pub fn check(_e: &ast::Expr, _q: &str, _env: &QueryEnv) -> Vec<QueryError> {
    Vec::new()
}
