//! Grafana's server-side expressions in a panel's body: `math "$A / $B"`,
//! optionally `{ ref_id: "C", hide: true }`. They run after the panel's
//! queries and name them by refId (a query's `ref_id: ".."`, or the letter
//! Grafana gives it).

use proc_macro2::{Delimiter, TokenTree};

use super::entries::Entry;
use super::values;
use super::Parser;
use crate::model::{Expression, ExpressionKind};

/// The kinds of expression the DSL writes, for messages.
pub(super) const EXPRESSION_KINDS: &[&str] = &["math"];

/// Options of an expression.
const EXPRESSION_OPTIONS: &[&str] = &["ref_id", "hide"];

/// Whether `e` is an expression entry (`math "..."`).
pub(super) fn is_expression(e: &Entry) -> bool {
    matches!(e.tokens.first(), Some(TokenTree::Ident(i)) if EXPRESSION_KINDS.contains(&i.to_string().as_str()))
        && e.option_key().is_none()
}

impl Parser {
    /// `math "<expression>" [{ ref_id: "..", hide: true }]`.
    pub(super) fn expression(&mut self, e: &Entry) -> Option<Expression> {
        let t = &e.tokens;
        let Some(expr) = t.get(1).and_then(values::lit_str) else {
            let span = t.get(1).map_or(e.span(), TokenTree::span);
            self.err(
                span,
                "expected the math expression as a string: `math \"$A * 100 / $B\"` (queries named by refId)",
            );
            return None;
        };
        let loc = self.loc(e.span());
        let mut out = Expression {
            loc,
            kind: ExpressionKind::Math(self.spanned(expr)),
            ref_id: None,
            hide: false,
        };
        match t.get(2) {
            None => {}
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                self.option_block(
                    g.stream(),
                    EXPRESSION_OPTIONS,
                    "expression",
                    "ref_id: \"C\"",
                    |this, key, v, ks| match key {
                        "ref_id" => {
                            if let Some(s) =
                                this.push_result(values::string(v, ks, "a refId such as \"C\""))
                            {
                                out.ref_id = Some(this.spanned(s));
                            }
                        }
                        "hide" => {
                            if let Some(b) = this.push_result(values::boolean(v, ks)) {
                                out.hide = b;
                            }
                        }
                        _ => {}
                    },
                );
                if let Some(err) = values::trailing(t, 3) {
                    self.errors.push(err);
                }
            }
            Some(other) => {
                self.err(
                    other.span(),
                    "unexpected token after the expression: give its options in `{ ref_id: \"C\" }`",
                );
            }
        }
        Some(out)
    }
}
