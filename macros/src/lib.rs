//! `dashboard!`: compiles a declarative Grafana dashboard into a
//! [`dashc_core::Dashboard`] constant whose JSON is a string literal.
//!
//! This crate is a thin shell: it turns tokens into dashc-core's model
//! (`parse`), reads the metric catalog files, lets the core check and
//! render, and turns the core's diagnostics into compile errors on the
//! offending tokens. See the workspace README for the DSL reference.

#![warn(missing_docs)]

mod entries;
mod parse;
mod provisioning;
mod set;
mod values;

use dashc_core::catalog::Catalog;
use dashc_core::diag::Diagnostic;
use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::quote;
use std::path::{Path, PathBuf};

/// Compiles a dashboard definition; see the README's DSL reference.
///
/// Expands to an expression of type `dashc_core::Dashboard` usable in a
/// `const`. Malformed definitions, invalid PromQL and queries naming metrics
/// or labels absent from the metric catalog are compile errors.
#[proc_macro]
pub fn dashboard(input: TokenStream) -> TokenStream {
    expand(input.into()).into()
}

/// Compiles Grafana's provisioning files: the dashboard provider and the
/// Prometheus datasource, as a `dashc_core::Provisioning` constant.
///
/// Options: `provider` (name, also the file name), `dashboards_path` (the
/// provider's `options.path` inside the Grafana container),
/// `update_interval_seconds` (default 30), `datasource` (name),
/// `datasource_uid`, `datasource_url`.
#[proc_macro]
pub fn provisioning(input: TokenStream) -> TokenStream {
    provisioning::expand(input.into()).into()
}

/// Compiles a set of dashboards sharing `defaults`; see the README.
///
/// ```text
/// dashboards! {
///     defaults { folder: "Upstream", refresh: "30s", time: "now-1h".."now" },
///     /// Docs of the constant.
///     pub const API = { uid: "api", title: "API", /* rows and panels */ };
///     pub const DB = { uid: "db", title: "Database", refresh: "1m", /* .. */ };
/// }
/// ```
///
/// Each dashboard starts from the defaults and may override any of them.
/// Beyond the checks of `dashboard!`, uids are unique across the set and
/// titles unique within a folder, as Grafana requires.
#[proc_macro]
pub fn dashboards(input: TokenStream) -> TokenStream {
    match syn::parse2::<set::SetInput>(input.into()) {
        Ok(set) => expand_set(set),
        Err(e) => e.to_compile_error(),
    }
    .into()
}

fn expand(input: TokenStream2) -> TokenStream2 {
    let mut parser = parse::Parser::new();
    let blank = parser.blank(Span::call_site());
    let parsed = parser.dashboard(blank, input, Span::call_site());
    let mut errors = std::mem::take(&mut parser.errors);
    let (catalog_errors, diagnostics, files) = compile(&parser, &parsed);
    errors.extend(catalog_errors);
    errors.extend(diagnostics.iter().map(|d| to_syn_error(&parser, d)));
    let includes = includes(files);
    if !errors.is_empty() {
        let errors = combine(errors);
        let placeholder = placeholder();
        return quote! {{ #errors #includes #placeholder }};
    }
    let artifact = artifact(&parsed.model);
    quote! {{ #includes #artifact }}
}

fn expand_set(set: set::SetInput) -> TokenStream2 {
    use std::collections::{BTreeMap, BTreeSet};
    let mut parser = parse::Parser::new();
    let mut base = parser.blank(Span::call_site());
    if let Some(defaults) = set.defaults {
        base = parser.defaults(base, defaults);
    }
    let mut errors = std::mem::take(&mut parser.errors);
    // Defaults are checked once per dashboard: report each problem once.
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut uids: BTreeMap<String, String> = BTreeMap::new();
    let mut titles: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut all_files = Vec::new();
    let mut artifacts = Vec::new();
    for item in &set.items {
        let parsed = parser.dashboard(base.clone(), item.body.clone(), item.name.span());
        errors.append(&mut parser.errors);
        let (catalog_errors, diagnostics, files) = compile(&parser, &parsed);
        for e in catalog_errors {
            if reported.insert(format!("catalog {e}")) {
                errors.push(e);
            }
        }
        for d in &diagnostics {
            if reported.insert(format!("{:?} {:?} {}", d.loc, d.range, d.message)) {
                errors.push(to_syn_error(&parser, d));
            }
        }
        all_files.extend(files);
        let m = &parsed.model;
        let name = item.name.to_string();
        if !m.uid.value.is_empty() {
            if let Some(other) = uids.insert(m.uid.value.clone(), name.clone()) {
                errors.push(syn::Error::new(
                    span_of(&parser, m.uid.loc),
                    format!("uid \"{}\" is already used by `{other}`: every dashboard needs its own uid (Grafana keeps only one of them)", m.uid.value),
                ));
            }
        }
        let key = (m.folder.value.clone(), m.title.value.clone());
        if !m.title.value.is_empty() {
            if let Some(other) = titles.insert(key, name) {
                errors.push(syn::Error::new(
                    span_of(&parser, m.title.loc),
                    format!("title \"{}\" is already used by `{other}` in the same folder: Grafana refuses two dashboards with one title in a folder", m.title.value),
                ));
            }
        }
        artifacts.push(artifact(m));
    }
    all_files.sort();
    all_files.dedup();
    let includes = includes(all_files);
    let failed = !errors.is_empty();
    let errors = if failed {
        combine(errors)
    } else {
        TokenStream2::new()
    };
    let items = set.items.iter().zip(artifacts).map(|(item, artifact)| {
        let (attrs, vis, name) = (&item.attrs, &item.vis, &item.name);
        let value = if failed { placeholder() } else { artifact };
        quote! { #(#attrs)* #vis const #name: ::dashc_core::Dashboard = #value; }
    });
    quote! {
        #errors
        #includes
        #(#items)*
    }
}

/// Runs one parsed dashboard through the core: catalogs, then every check.
/// Returns catalog reading errors, the core's diagnostics and the catalog files read.
fn compile(
    parser: &parse::Parser,
    parsed: &parse::Parsed,
) -> (Vec<syn::Error>, Vec<Diagnostic>, Vec<PathBuf>) {
    let mut errors = Vec::new();
    let (catalog, files) = load_catalogs(parsed, parser, &mut errors);
    let diagnostics = dashc_core::check::check(&parsed.model, catalog.as_ref()).into_vec();
    (errors, diagnostics, files)
}

/// The `Dashboard` constant's value: identity and the rendered JSON literal.
fn artifact(model: &dashc_core::model::Dashboard) -> TokenStream2 {
    let json = dashc_core::grafana::render(model);
    let uid = &model.uid.value;
    let title = &model.title.value;
    let folder = &model.folder.value;
    let tags = model.tags.iter().map(|t| &t.value);
    quote! {
        ::dashc_core::Dashboard {
            uid: #uid,
            title: #title,
            folder: #folder,
            tags: &[#(#tags),*],
            json: #json,
        }
    }
}

/// A value of the right type after errors, so that uses of the constant add no errors of their own.
fn placeholder() -> TokenStream2 {
    quote! { ::dashc_core::Dashboard { uid: "", title: "", folder: "", tags: &[], json: "" } }
}

/// One `include_bytes!` per catalog file not yet included in this compile.
fn includes(files: Vec<PathBuf>) -> TokenStream2 {
    let includes = first_use_in_this_compile(files).into_iter().map(|p| {
        let p = p.to_string_lossy().into_owned();
        quote! { const _: &[u8] = include_bytes!(#p); }
    });
    quote! { #(#includes)* }
}

/// All errors as one token stream of `compile_error!`s.
fn combine(errors: Vec<syn::Error>) -> TokenStream2 {
    errors.into_iter().map(|e| e.to_compile_error()).collect()
}

/// The catalog files not yet included by an earlier invocation in this
/// compiler process. One `include_bytes!` per file makes rustc track it (an
/// edit recompiles the crate); embedding a 45 KB scrape into every
/// invocation measured about 5 ms of expansion for nothing.
fn first_use_in_this_compile(files: Vec<PathBuf>) -> Vec<PathBuf> {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static INCLUDED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
    match INCLUDED.lock() {
        Ok(mut seen) => files
            .into_iter()
            .filter(|f| seen.insert(f.clone()))
            .collect(),
        Err(_) => files,
    }
}

/// The directory catalog paths are relative to: the defining crate.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Reads the catalog files named by `catalog:`, or every `*.prom` file in
/// the crate's `catalogs/` folder when the option is absent.
fn load_catalogs(
    parsed: &parse::Parsed,
    parser: &parse::Parser,
    errors: &mut Vec<syn::Error>,
) -> (Option<Catalog>, Vec<PathBuf>) {
    let model = &parsed.model;
    let base = manifest_dir();
    let mut files: Vec<(PathBuf, Span)> = Vec::new();
    if parsed.catalog_given {
        for c in &model.catalogs {
            files.push((base.join(&c.value), span_of(parser, c.loc)));
        }
    } else {
        let dir = base.join(DEFAULT_CATALOG_DIR);
        if let Ok(read) = std::fs::read_dir(&dir) {
            let mut found: Vec<PathBuf> = read
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "prom"))
                .collect();
            found.sort();
            files.extend(found.into_iter().map(|p| (p, Span::call_site())));
        }
    }
    if files.is_empty() {
        return (None, Vec::new());
    }
    let mut catalog = Catalog::default();
    let mut paths = Vec::new();
    for (path, span) in files {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let name = display_path(&path, &base);
                match Catalog::parse(&text, &name) {
                    Ok(c) => {
                        if let Err(conflicts) = catalog.try_merge(c) {
                            for e in conflicts {
                                errors.push(syn::Error::new(span, e.to_string()));
                            }
                        }
                    }
                    Err(errs) => {
                        for e in errs {
                            errors.push(syn::Error::new(
                                span,
                                format!("{name}:{}: {}", e.line, e.message),
                            ));
                        }
                    }
                }
                paths.push(path);
            }
            Err(e) => errors.push(syn::Error::new(
                span,
                format!(
                    "cannot read the metric catalog {}: {e}; paths are relative to the crate ({})",
                    path.display(),
                    base.display()
                ),
            )),
        }
    }
    (Some(catalog), paths)
}

/// Where `dashboard!` looks for catalogs when the invocation names none.
const DEFAULT_CATALOG_DIR: &str = "catalogs";

fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn span_of(parser: &parse::Parser, loc: dashc_core::diag::Loc) -> Span {
    parser
        .spans
        .get(loc.0 as usize)
        .copied()
        .unwrap_or_else(Span::call_site)
}

/// A core diagnostic as a compile error: on the element's span, or, for a
/// query error on nightly, on the exact characters inside the string literal.
fn to_syn_error(parser: &parse::Parser, d: &Diagnostic) -> syn::Error {
    let mut span = span_of(parser, d.loc);
    if let (Some(range), Some(Some(lit))) = (&d.range, parser.literals.get(d.loc.0 as usize)) {
        if let Some(sub) = query_subspan(lit, range.clone()) {
            span = sub;
        }
    }
    syn::Error::new(span, &d.message)
}

/// Maps a byte range of a string literal's value to a span inside the
/// literal. Only for literals without escapes, where value and source bytes
/// line up; `Literal::subspan` answers only on nightly.
fn query_subspan(lit: &proc_macro2::Literal, range: std::ops::Range<usize>) -> Option<Span> {
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

#[cfg(test)]
mod expansion_time {
    //! Measures what the macros cost the build: the expansion of the four
    //! Upstream dashboards, timed here in the same unoptimised (dev profile)
    //! code the compiler runs, through proc-macro2's fallback tokens.

    use std::time::{Duration, Instant};

    /// The `dashboards! { .. }` input of a source file.
    fn set_invocation(source: &str) -> proc_macro2::TokenStream {
        struct Finder(Vec<proc_macro2::TokenStream>);
        impl<'ast> syn::visit::Visit<'ast> for Finder {
            fn visit_macro(&mut self, m: &'ast syn::Macro) {
                if m.path.is_ident("dashboards") {
                    self.0.push(m.tokens.clone());
                }
            }
        }
        let file = syn::parse_file(source).expect("dashboards-def/src/lib.rs parses");
        let mut finder = Finder(Vec::new());
        syn::visit::visit_file(&mut finder, &file);
        assert_eq!(finder.0.len(), 1, "expected one dashboards! set");
        finder.0.remove(0)
    }

    #[test]
    fn four_dashboards_expand_in_under_50_ms() {
        let def = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dashboards-def");
        let source = std::fs::read_to_string(def.join("src/lib.rs")).expect("read dashboards-def");
        let input = set_invocation(&source);
        let set: super::set::SetInput = syn::parse2(input.clone()).expect("the set parses");
        assert_eq!(set.items.len(), 4, "expected the four Upstream dashboards");
        // Catalogs are found relative to the defining crate, as under cargo.
        std::env::set_var("CARGO_MANIFEST_DIR", &def);
        // The first round is what a build pays: catalogs read and parsed
        // once, then every dashboard expanded. Later rounds hit the caches.
        let mut rounds = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let set: super::set::SetInput = syn::parse2(input.clone()).expect("the set parses");
            let out = super::expand_set(set).to_string();
            assert!(!out.contains("compile_error"), "expansion failed: {out}");
            rounds.push(start.elapsed());
        }
        let first = rounds[0];
        let best = rounds.iter().min().copied().unwrap_or(first);
        println!(
            "expansion of the 4 dashboards, dev profile: first {first:?}, warm best of 5 {best:?}"
        );
        assert!(
            first < Duration::from_millis(50),
            "expansion took {first:?}"
        );
    }
}
