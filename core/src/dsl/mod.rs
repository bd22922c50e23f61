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
//!   `provisioning.rs` reads and checks `provisioning!`; `forms.rs` holds
//!   the short forms of Grafana's options (one table row each, typed by the
//!   schema tables) and `overrides.rs` reads `series .. { .. }` overrides
//!   and value `mappings`. The forms with a syntax of their own each have
//!   a file: `transforms.rs` (`transform: [..]`), `panel_forms.rs` (data
//!   links, `repeat`, a text panel's `mode`), `annotations.rs`
//!   (`annotations { .. }`), `dashboard_forms.rs` (`time_picker`,
//!   `week_start`, `fiscal_year_start`, a variable's `current` and
//!   `refresh`).
//! - `expand.rs` runs first on every dashboard body (and `defaults`, and
//!   the declarations of a set): fragments (`let`), string joins (`+`),
//!   templates and `for` loops become the plain DSL the parser reads, each
//!   template instance and loop iteration marked so that diagnostics name
//!   it (see [`Spans::instance_note`]).

mod annotations;
mod dashboard_forms;
mod entries;
mod expand;
mod expressions;
pub(crate) mod forms;
#[cfg(test)]
mod forms_tests;
#[cfg(test)]
mod more_forms_tests;
pub(crate) mod overrides;
mod panel_forms;
#[cfg(test)]
mod panel_values_tests;
mod parse;
pub(crate) mod print;
mod provisioning;
mod set;
mod source;
#[cfg(test)]
mod structure_tests;
#[cfg(test)]
mod tests;
pub mod transforms;
mod values;

pub use expand::{Frame, Piece};
pub(crate) use parse::PANEL_OPTIONS;
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
    /// The template instance or loop iteration it was found in, once known.
    instance: Option<u32>,
}

impl Error {
    pub(crate) fn new(span: Span, message: impl std::fmt::Display) -> Self {
        Error {
            span,
            message: message.to_string(),
            instance: None,
        }
    }
}

/// A string the expansion made by joining literals and fragments with `+`:
/// where each of its bytes came from, and whether a part of it could not
/// be read (then the diagnostics about the string itself are left out:
/// they would follow from the error already reported).
#[derive(Debug, Clone)]
pub struct Origin {
    /// The pieces, in order of their bytes in the string.
    pub pieces: Vec<Piece>,
    /// A part could not be read and was reported.
    pub broken: bool,
}

/// The table behind [`Loc`]s: the span of every element the parser handed a
/// `Loc` to, and the string literal where the element is one (a query error
/// can then point inside it); the template instance or loop iteration each
/// element was expanded in, and for a string joined by the expansion the
/// literals its pieces came from.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    spans: Vec<Span>,
    literals: Vec<Option<Literal>>,
    instances: Vec<Option<u32>>,
    origin_of: Vec<Option<u32>>,
    /// The instance new `Loc`s are made in.
    pub(crate) current: Option<u32>,
    /// Every template instance and loop iteration, by number.
    pub(crate) frames: Vec<Frame>,
    /// Every string the expansion joined, by number.
    pub(crate) origins: Vec<Origin>,
}

impl Spans {
    /// A new `Loc` for `span`.
    pub fn push(&mut self, span: Span) -> Loc {
        self.spans.push(span);
        self.literals.push(None);
        self.instances.push(self.current);
        self.origin_of.push(None);
        Loc((self.spans.len() - 1) as u32)
    }

    /// A new `Loc` for a string literal.
    pub fn push_literal(&mut self, literal: Literal) -> Loc {
        let origin = self.origin_id(&literal);
        let loc = self.push(literal.span());
        if let Some(slot) = self.literals.last_mut() {
            *slot = Some(literal);
        }
        if let Some(slot) = self.origin_of.last_mut() {
            *slot = origin;
        }
        loc
    }

    /// The joined string a literal made by the expansion stands for: its
    /// suffix names it.
    fn origin_id(&self, literal: &Literal) -> Option<u32> {
        if self.origins.is_empty() {
            return None;
        }
        let text = literal.to_string();
        let at = text.rfind(expand::ORIGIN_SUFFIX)?;
        let id: u32 = text[at + expand::ORIGIN_SUFFIX.len()..].parse().ok()?;
        (text[..at].ends_with('"') && (id as usize) < self.origins.len()).then_some(id)
    }

    /// The joined string at `loc`, if the element there is one.
    pub fn origin(&self, loc: Loc) -> Option<&Origin> {
        let id = (*self.origin_of.get(loc.0 as usize)?)?;
        self.origins.get(id as usize)
    }

    /// Where `loc` was expanded: the template instances and loop
    /// iterations, innermost first, as in "in `rate_panel(\"API\",
    /// \"http_requests_total\")`, for svc = \"worker\"". `None` outside any.
    pub fn instance_note(&self, loc: Loc) -> Option<String> {
        let mut at = (*self.instances.get(loc.0 as usize)?)?;
        let mut parts = Vec::new();
        // Frames only point to earlier ones: the walk ends.
        while let Some(frame) = self.frames.get(at as usize) {
            parts.push(frame.what.as_str());
            match frame.parent {
                Some(parent) if parent < at => at = parent,
                _ => break,
            }
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The diagnostics as reported: each expanded in a template instance or
    /// loop iteration names it in a note; those about a joined string that
    /// could not be read (already reported) are left out.
    pub fn finish(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter(|d| !self.origin(d.loc).is_some_and(|o| o.broken))
            .map(|mut d| {
                if let Some(note) = self.instance_note(d.loc) {
                    d.message.push_str("\nnote: ");
                    d.message.push_str(&note);
                }
                d
            })
            .collect()
    }

    /// How many `Loc`s were handed out.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
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
        if let (Some(range), Some(origin)) = (&d.range, self.origin(d.loc)) {
            // A joined string: the piece the range starts in, and inside
            // it when the range ends there too.
            let piece = origin.pieces.iter().rev().find(|p| p.start <= range.start);
            return match piece {
                Some(p) if range.start < p.start + p.len || range.is_empty() => {
                    if range.end <= p.start + p.len {
                        let inside =
                            range.start - p.start + p.offset..range.end - p.start + p.offset;
                        query_subspan(&p.lit, inside).unwrap_or_else(|| p.lit.span())
                    } else {
                        p.lit.span()
                    }
                }
                _ => span,
            };
        }
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
    let diagnostics = parser.spans.finish(diagnostics);
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
    parser.expand_shared(set.shared);
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
    let diagnostics = parser.spans.finish(diagnostics);
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
    let diagnostics = parser.spans.finish(diagnostics);
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
