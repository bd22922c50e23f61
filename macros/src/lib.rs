//! `dashboard!`: compiles a declarative Grafana dashboard into a
//! [`dashc_core::Dashboard`] constant whose JSON is a string literal.
//!
//! This crate is a thin shell over `dashc_core::dsl`: it hands the tokens
//! to the core, which parses, reads the metric catalogs, checks and
//! renders; it turns the core's diagnostics into compile errors on the
//! offending tokens, and the result into constants. See the workspace
//! README for the DSL reference.

#![warn(missing_docs)]

use dashc_core::dsl::{self, Output, Spans};
use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use std::path::PathBuf;

/// Compiles a dashboard definition; see the README's DSL reference.
///
/// Expands to an expression of type `dashc_core::Dashboard` usable in a
/// `const`. Malformed definitions, invalid PromQL and queries naming metrics
/// or labels absent from the metric catalog are compile errors, and so is a
/// dashboard without `catalog:` in a crate without `catalogs/*.prom`
/// (`catalog: []` compiles without metric checks).
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
    expand_provisioning(input.into()).into()
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
/// titles unique within a folder, as Grafana requires. The set also
/// defines `pub const ALL: &[dashc_core::Dashboard]`, its dashboards in
/// source order.
#[proc_macro]
pub fn dashboards(input: TokenStream) -> TokenStream {
    expand_set(input.into()).into()
}

fn expand(input: TokenStream2) -> TokenStream2 {
    let out = dsl::compile_dashboard(input, &manifest_dir());
    let errors = errors(&out);
    let includes = includes(out.files);
    match out.value.json {
        Some(json) if errors.is_empty() => {
            let artifact = artifact(&out.value.parsed.model, &json);
            quote! {{ #includes #artifact }}
        }
        _ => {
            let placeholder = placeholder();
            quote! {{ #errors #includes #placeholder }}
        }
    }
}

fn expand_set(input: TokenStream2) -> TokenStream2 {
    let out = dsl::compile_set(input, &manifest_dir());
    let errors = errors(&out);
    let includes = includes(out.files.clone());
    let names = out.value.iter().map(|d| &d.item.name);
    let all = quote! {
        /// Every dashboard of this set, in source order.
        #[allow(dead_code)]
        pub const ALL: &[::dashc_core::Dashboard] = &[#(#names),*];
    };
    let items = out.value.iter().map(|d| {
        let (attrs, vis, name) = (&d.item.attrs, &d.item.vis, &d.item.name);
        let value = match &d.compiled.json {
            Some(json) => artifact(&d.compiled.parsed.model, json),
            None => placeholder(),
        };
        quote! { #(#attrs)* #vis const #name: ::dashc_core::Dashboard = #value; }
    });
    // When the outer syntax is broken there are no items: define no `ALL`.
    let all = if out.value.is_empty() {
        TokenStream2::new()
    } else {
        all
    };
    quote! {
        #errors
        #includes
        #(#items)*
        #all
    }
}

fn expand_provisioning(input: TokenStream2) -> TokenStream2 {
    let out = dsl::parse_provisioning(input);
    let errors = errors(&out);
    let Some(p) = out.value else {
        // Several `compile_error!`s are statements: in a block, with a
        // placeholder value, they are all reported and nothing else is.
        return quote! {{
            #errors
            ::dashc_core::Provisioning {
                provider_file: "",
                provider_yaml: "",
                datasource_yaml: "",
                dashboards_path: "",
                datasource_uid: "",
            }
        }};
    };
    let provider_file = format!("{}.yml", p.provider.name);
    let provider_yaml = p.provider.to_yaml();
    let datasource_yaml = p.datasource.to_yaml();
    let path = &p.provider.path;
    let uid = &p.datasource.uid;
    quote! {
        ::dashc_core::Provisioning {
            provider_file: #provider_file,
            provider_yaml: #provider_yaml,
            datasource_yaml: #datasource_yaml,
            dashboards_path: #path,
            datasource_uid: #uid,
        }
    }
}

/// The `Dashboard` constant's value: identity and the rendered JSON literal.
fn artifact(model: &dashc_core::model::Dashboard, json: &str) -> TokenStream2 {
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

/// One `include_bytes!` per catalog file not yet included in this compile,
/// so that the compiler tracks it (an edit recompiles the crate).
fn includes(files: Vec<PathBuf>) -> TokenStream2 {
    let includes = dashc_core::catalog::first_use_in_this_process(files)
        .into_iter()
        .map(|p| {
            let p = p.to_string_lossy().into_owned();
            quote! { const _: &[u8] = include_bytes!(#p); }
        });
    quote! { #(#includes)* }
}

/// Every diagnostic as a `compile_error!` on its span (for a query error
/// on nightly, on the exact characters inside the string literal).
fn errors<T>(out: &Output<T>) -> TokenStream2 {
    out.diagnostics
        .iter()
        .map(|d| to_error(&out.spans, d).to_compile_error())
        .collect()
}

fn to_error(spans: &Spans, d: &dashc_core::diag::Diagnostic) -> syn::Error {
    syn::Error::new(spans.diagnostic_span(d), &d.message)
}

/// The directory catalog paths are relative to: the defining crate.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}
