//! The dashboard DSL's front end: the input of `dashboard!`, `dashboards!`
//! and `provisioning!`, as `proc_macro2` tokens, to the [`model`](crate::model)
//! and [`Diagnostics`](crate::diag::Diagnostics) on [`Loc`]s.
//!
//! The proc macros are a thin shell over this module: they turn their
//! `proc_macro::TokenStream` into `proc_macro2`, call [`compile_dashboard`],
//! [`compile_set`] or [`parse_provisioning`], map each diagnostic's [`Loc`]
//! to a span with [`Spans::diagnostic_span`] and emit the constant or the
//! errors. Nothing here needs a compiler: `proc_macro2` tokens can be made
//! from a string, which is what the `*_str` entry points do (diagnostics
//! with a line and column, see [`LineColumn`]).
//!
//! - `entries.rs` splits a body into entries, so one bad entry does not hide
//!   the others; `values.rs` reads option values; `parse.rs` builds the
//!   model; `set.rs` reads the outer syntax of `dashboards!`;
//!   `provisioning.rs` reads and checks `provisioning!`.

mod entries;
mod parse;
mod provisioning;
mod set;
mod source;
#[cfg(test)]
mod tests;
mod values;

pub use parse::{Parsed, Parser};
pub use provisioning::{parse_provisioning, ProvisioningInput};
pub use set::{SetInput, SetItem};
pub use source::{
    compile_dashboard_str, compile_set_str, parse_dashboard_str, parse_provisioning_str,
    parse_set_str, LineColumn, Located, StrOutput,
};

use crate::catalog::{default_catalog_files, no_default_catalog, Catalog};
use crate::diag::{Diagnostic, Loc};
use proc_macro2::{Literal, Span, TokenStream};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A parse error before it is given a [`Loc`]: where and what.
pub(crate) struct Error {
    span: Span,
    message: String,
}

impl Error {
    pub(crate) fn new(span: Span, message: impl std::fmt::Display) -> Self {
        Error {
            span,
            message: message.to_string(),
        }
    }
}

/// The table behind [`Loc`]s: the span of every element the parser handed a
/// `Loc` to, and the string literal where the element is one (a query error
/// can then point inside it).
#[derive(Debug, Clone, Default)]
pub struct Spans {
    spans: Vec<Span>,
    literals: Vec<Option<Literal>>,
}

impl Spans {
    /// A new `Loc` for `span`.
    pub fn push(&mut self, span: Span) -> Loc {
        self.spans.push(span);
        self.literals.push(None);
        Loc((self.spans.len() - 1) as u32)
    }

    /// A new `Loc` for a string literal.
    pub fn push_literal(&mut self, literal: Literal) -> Loc {
        let loc = self.push(literal.span());
        if let Some(slot) = self.literals.last_mut() {
            *slot = Some(literal);
        }
        loc
    }

    /// The span of `loc`; the call site for [`Loc::NONE`] and unknown `Loc`s.
    pub fn span(&self, loc: Loc) -> Span {
        self.spans
            .get(loc.0 as usize)
            .copied()
            .unwrap_or_else(Span::call_site)
    }

    /// The string literal at `loc`, if the element there is one.
    pub fn literal(&self, loc: Loc) -> Option<&Literal> {
        self.literals.get(loc.0 as usize)?.as_ref()
    }

    /// Where to report `d`: its element's span, or, for a query error where
    /// the token source allows it (nightly compilers, tokens parsed from a
    /// string), the exact characters inside the string literal.
    pub fn diagnostic_span(&self, d: &Diagnostic) -> Span {
        let span = self.span(d.loc);
        match (&d.range, self.literal(d.loc)) {
            (Some(range), Some(lit)) => query_subspan(lit, range.clone()).unwrap_or(span),
            _ => span,
        }
    }
}

/// Maps a byte range of a string literal's value to a span inside the
/// literal. Only for literals without escapes, where value and source bytes
/// line up; inside a proc macro, `Literal::subspan` answers only on nightly.
fn query_subspan(lit: &Literal, range: std::ops::Range<usize>) -> Option<Span> {
    let source = lit.to_string();
    let (offset, body_len) = if source.starts_with('"') {
        if source.contains('\\') {
            return None;
        }
        (1, source.len().checked_sub(2)?)
    } else if let Some(raw) = source.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        (2 + hashes, source.len().checked_sub(3 + 2 * hashes)?)
    } else {
        return None;
    };
    if range.end > body_len || range.start > range.end {
        return None;
    }
    let end = if range.end == range.start {
        range.end + 1
    } else {
        range.end
    };
    lit.subspan(offset + range.start..offset + end.min(body_len))
}

/// One dashboard through the whole front end: parsed, its catalogs read,
/// checked, and rendered when nothing is wrong.
#[derive(Debug)]
pub struct Compiled {
    /// The parsed dashboard (a best effort when there are diagnostics).
    pub parsed: Parsed,
    /// The bare dashboard JSON; `None` when there are diagnostics.
    pub json: Option<String>,
}

/// A whole invocation through the front end: what it compiled to, the span
/// table of its [`Loc`]s, every diagnostic in the order to report them, and
/// the catalog files read (the macro makes the compiler track them).
pub struct Output<T> {
    /// What the invocation compiled to.
    pub value: T,
    /// The spans of the diagnostics' [`Loc`]s.
    pub spans: Spans,
    /// Every problem: parse errors first, then catalog and check errors.
    pub diagnostics: Vec<Diagnostic>,
    /// The catalog files read, sorted, each once.
    pub files: Vec<PathBuf>,
}

/// Compiles the body of `dashboard! { .. }`. Catalog paths are relative to
/// `base` (the defining crate's directory); without a `catalog:` option the
/// `*.prom` files of `base/catalogs/` are read, and finding none is an error
/// (`catalog: []` compiles without a catalog).
pub fn compile_dashboard(input: TokenStream, base: &Path) -> Output<Compiled> {
    let mut parser = Parser::new();
    let blank = parser.blank(Span::call_site());
    let parsed = parser.dashboard(blank, input, Span::call_site());
    let mut diagnostics = parser.take_diagnostics();
    let (checked, files) = check_parsed(&parsed, base);
    diagnostics.extend(checked);
    let json = diagnostics
        .is_empty()
        .then(|| crate::grafana::render(&parsed.model));
    Output {
        value: Compiled { parsed, json },
        spans: parser.spans,
        diagnostics,
        files,
    }
}

/// One dashboard of a `dashboards!` set.
pub struct SetDashboard {
    /// The item's attributes, visibility and name.
    pub item: SetItem,
    /// The dashboard.
    pub compiled: Compiled,
}

/// A `dashboards!` set, parsed: the dashboards with the parse errors of
/// each, after the errors of the outer syntax and of `defaults`.
struct ParsedSet {
    parser: Parser,
    diagnostics: Vec<Diagnostic>,
    items: Vec<(SetItem, Parsed, Vec<Diagnostic>)>,
}

fn parse_set_items(input: TokenStream) -> ParsedSet {
    let mut parser = Parser::new();
    let set: SetInput = match syn::parse2(input) {
        Ok(set) => set,
        Err(e) => {
            let diagnostics = e
                .into_iter()
                .map(|e| Diagnostic {
                    loc: parser.spans.push(e.span()),
                    message: e.to_string(),
                    range: None,
                })
                .collect();
            return ParsedSet {
                parser,
                diagnostics,
                items: Vec::new(),
            };
        }
    };
    let mut base = parser.blank(Span::call_site());
    if let Some(defaults) = set.defaults {
        base = parser.defaults(base, defaults);
    }
    let diagnostics = parser.take_diagnostics();
    let mut items = Vec::new();
    for item in set.items {
        let parsed = parser.dashboard(base.clone(), item.body.clone(), item.name.span());
        let errors = parser.take_diagnostics();
        items.push((item, parsed, errors));
    }
    ParsedSet {
        parser,
        diagnostics,
        items,
    }
}

/// Parses the body of `dashboards! { .. }` without checking it: the
/// dashboards as written, and the parse errors.
pub fn parse_set(input: TokenStream) -> Output<Vec<SetDashboard>> {
    let ParsedSet {
        parser,
        mut diagnostics,
        items,
    } = parse_set_items(input);
    let mut dashboards = Vec::new();
    for (item, parsed, errors) in items {
        diagnostics.extend(errors);
        dashboards.push(SetDashboard {
            item,
            compiled: Compiled { parsed, json: None },
        });
    }
    Output {
        value: dashboards,
        spans: parser.spans,
        diagnostics,
        files: Vec::new(),
    }
}

/// Compiles the body of `dashboards! { .. }`: every dashboard from the
/// set's `defaults`, each checked as by [`compile_dashboard`], then the set
/// as a whole ([`crate::check::check_set`]). A problem of the defaults is
/// reported once, not once per dashboard. Nothing is rendered unless the
/// whole set is free of problems.
pub fn compile_set(input: TokenStream, base: &Path) -> Output<Vec<SetDashboard>> {
    let ParsedSet {
        parser,
        mut diagnostics,
        items,
    } = parse_set_items(input);
    // Defaults are checked once per dashboard: report each problem once.
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut files = Vec::new();
    let mut dashboards = Vec::new();
    for (item, parsed, errors) in items {
        diagnostics.extend(errors);
        let (checked, read) = check_parsed(&parsed, base);
        for d in checked {
            if reported.insert(format!("{:?} {:?} {}", d.loc, d.range, d.message)) {
                diagnostics.push(d);
            }
        }
        files.extend(read);
        dashboards.push(SetDashboard {
            item,
            compiled: Compiled { parsed, json: None },
        });
    }
    let names: Vec<String> = dashboards
        .iter()
        .map(|d| format!("`{}`", d.item.name))
        .collect();
    let members: Vec<crate::check::SetMember> = dashboards
        .iter()
        .zip(&names)
        .map(|(d, name)| crate::check::SetMember::of_model(&d.compiled.parsed.model, name))
        .collect();
    diagnostics.extend(crate::check::check_set(&members).into_vec());
    if diagnostics.is_empty() {
        for d in &mut dashboards {
            d.compiled.json = Some(crate::grafana::render(&d.compiled.parsed.model));
        }
    }
    files.sort();
    files.dedup();
    Output {
        value: dashboards,
        spans: parser.spans,
        diagnostics,
        files,
    }
}

/// Reads the catalogs a parsed dashboard names (or the default ones) and
/// runs every check of [`crate::check::check`]. Returns the diagnostics,
/// catalog problems first, and the catalog files read.
pub fn check_parsed(parsed: &Parsed, base: &Path) -> (Vec<Diagnostic>, Vec<PathBuf>) {
    let model = &parsed.model;
    let (paths, locs): (Vec<PathBuf>, Vec<Loc>) = if parsed.catalog_given {
        model
            .catalogs
            .iter()
            .map(|c| (PathBuf::from(&c.value), c.loc))
            .unzip()
    } else {
        let found = default_catalog_files(base);
        if found.is_empty() {
            // Checks against no catalog would pass every metric typo.
            let mut diagnostics = vec![Diagnostic {
                loc: Loc::NONE,
                message: no_default_catalog(base),
                range: None,
            }];
            diagnostics.extend(crate::check::check(model, None).into_vec());
            return (diagnostics, Vec::new());
        }
        let locs = vec![Loc::NONE; found.len()];
        (found, locs)
    };
    let mut diagnostics = Vec::new();
    if paths.is_empty() {
        let checked = crate::check::check(model, None);
        return (checked.into_vec(), Vec::new());
    }
    let loaded = Catalog::load(&paths, Some(base));
    // A catalog that did not load whole would report the metrics and labels
    // of the unreadable file as unknown: its problems come alone, and the
    // catalog checks wait until it is fixed.
    let catalog = loaded.problems.is_empty().then_some(&loaded.catalog);
    for problem in loaded.problems {
        diagnostics.push(Diagnostic {
            loc: locs.get(problem.file).copied().unwrap_or(Loc::NONE),
            message: problem.message,
            range: None,
        });
    }
    diagnostics.extend(crate::check::check(model, catalog).into_vec());
    (diagnostics, loaded.read)
}
