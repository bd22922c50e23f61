//! The DSL read from text instead of a macro's tokens: the body of a
//! `dashboard!`, `dashboards!` or `provisioning!` as a string, every
//! diagnostic placed at a line and column of that string. For tests,
//! tools and benchmarks; the macros use the token entry points.
//!
//! Spans of tokens made from a string carry their position only with
//! `proc_macro2`'s `span-locations` feature, which this crate enables.
//! Each call here first frees the positions `proc_macro2` keeps for the
//! strings parsed before on the thread (so repeated calls use bounded
//! memory): spans from those strings then have no position any more.

use super::{Compiled, Output, ProvisioningInput, Spans};
use crate::diag::Diagnostic;
use crate::model::Dashboard;
use proc_macro2::TokenStream;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A place in the text: line and column, both counted from 1 (columns in
/// characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineColumn {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
}

impl fmt::Display for LineColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A diagnostic and where it starts in the text. A problem of the whole
/// input (a missing `uid`) is placed at 1:1; a query error where the query
/// is a string without escapes, at the character inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Where the diagnostic starts.
    pub at: LineColumn,
    /// The diagnostic itself.
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Located {
    /// `line:column: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.diagnostic.message)
    }
}

/// What a string entry point gives: the value and the placed diagnostics.
#[derive(Debug)]
pub struct StrOutput<T> {
    /// What the text was read into (a best effort when there are diagnostics).
    pub value: T,
    /// Every diagnostic, in the order the macro would report them.
    pub diagnostics: Vec<Located>,
}

/// Reads the body of a `dashboard! { .. }` (the text between the braces)
/// without checking it: the model as written, and the parse errors. `None`
/// when the text is not Rust tokens at all (an unclosed bracket or string).
///
/// ```
/// let out = dashc_core::dsl::parse_dashboard_str("uid: \"a\",\ntitel: \"A\"");
/// let shown: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
/// assert_eq!(shown, ["2:1: unknown dashboard option `titel`; did you mean `title`?"]);
/// ```
pub fn parse_dashboard_str(text: &str) -> StrOutput<Option<Dashboard>> {
    with_tokens(text, |tokens| {
        let mut parser = super::Parser::new();
        let blank = parser.blank(proc_macro2::Span::call_site());
        let parsed = parser.dashboard(blank, tokens, proc_macro2::Span::call_site());
        let diagnostics = parser.take_diagnostics();
        let diagnostics = parser.spans.finish(diagnostics);
        Output {
            value: Some(parsed.model),
            spans: parser.spans,
            diagnostics,
            files: Vec::new(),
        }
    })
}

/// Reads the body of a `dashboards! { .. }` without checking it: each
/// constant's name and model, and the parse errors.
pub fn parse_set_str(text: &str) -> StrOutput<Vec<(String, Dashboard)>> {
    with_tokens(text, |tokens| {
        let out = super::parse_set(tokens);
        Output {
            value: named_models(out.value),
            spans: out.spans,
            diagnostics: out.diagnostics,
            files: out.files,
        }
    })
}

/// Reads and checks the body of a `provisioning! { .. }`; `None` when
/// there are diagnostics.
pub fn parse_provisioning_str(text: &str) -> StrOutput<Option<ProvisioningInput>> {
    with_tokens(text, super::parse_provisioning)
}

/// Compiles the body of a `dashboard! { .. }` as the macro does: parsed,
/// catalogs read (relative to `base`), checked, rendered when nothing is
/// wrong.
pub fn compile_dashboard_str(text: &str, base: &Path) -> StrOutput<Option<Compiled>> {
    with_tokens(text, |tokens| {
        let out = super::compile_dashboard(tokens, base);
        Output {
            value: Some(out.value),
            spans: out.spans,
            diagnostics: out.diagnostics,
            files: out.files,
        }
    })
}

/// Compiles the body of a `dashboards! { .. }` as the macro does: each
/// constant's name and compiled dashboard (rendered only when the whole
/// set is free of problems).
pub fn compile_set_str(text: &str, base: &Path) -> StrOutput<Vec<(String, Compiled)>> {
    with_tokens(text, |tokens| {
        let out = super::compile_set(tokens, base);
        let value = out
            .value
            .into_iter()
            .map(|d| (d.item.name.to_string(), d.compiled))
            .collect();
        Output {
            value,
            spans: out.spans,
            diagnostics: out.diagnostics,
            files: out.files,
        }
    })
}

fn named_models(dashboards: Vec<super::SetDashboard>) -> Vec<(String, Dashboard)> {
    dashboards
        .into_iter()
        .map(|d| (d.item.name.to_string(), d.compiled.parsed.model))
        .collect()
}

/// Lexes `text` and runs `front` on the tokens; places the diagnostics.
fn with_tokens<T: Default>(
    text: &str,
    front: impl FnOnce(TokenStream) -> Output<T>,
) -> StrOutput<T> {
    forget_earlier_positions();
    let tokens = match TokenStream::from_str(text) {
        Ok(tokens) => tokens,
        Err(e) => {
            let start = e.span().start();
            return StrOutput {
                value: T::default(),
                diagnostics: vec![Located {
                    at: LineColumn {
                        line: start.line.max(1),
                        column: start.column + 1,
                    },
                    diagnostic: Diagnostic {
                        loc: crate::diag::Loc::NONE,
                        message: format!(
                            "the text is not Rust tokens ({e}): look for an unclosed bracket, brace or string"
                        ),
                        range: None,
                    },
                }],
            };
        }
    };
    let out = front(tokens);
    let diagnostics = out
        .diagnostics
        .into_iter()
        .map(|d| Located {
            at: position(&out.spans, &d),
            diagnostic: d,
        })
        .collect();
    StrOutput {
        value: out.value,
        diagnostics,
    }
}

/// Where `d` starts in the text.
fn position(spans: &Spans, d: &Diagnostic) -> LineColumn {
    let start = spans.diagnostic_span(d).start();
    LineColumn {
        line: start.line.max(1),
        column: start.column + 1,
    }
}

/// Frees `proc_macro2`'s record of the strings lexed before on this thread
/// (it grows with every string otherwise). Not possible, and not needed,
/// inside a procedural macro, where spans are the compiler's.
fn forget_earlier_positions() {
    if !proc_macro::is_available() {
        proc_macro2::extra::invalidate_current_thread_spans();
    }
}
