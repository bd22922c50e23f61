//! dashc-core: everything the `dashboard!` macro does, as an ordinary library.
//!
//! The pipeline runs in one direction (see ARCHITECTURE.md):
//! [`model`] (what the DSL describes) -> [`check`] (every rule, errors collected
//! in a [`diag::Diagnostics`]) -> [`layout`] (grid positions) -> [`grafana`]
//! (dashboard JSON) and [`provisioning`] (Grafana's YAML files).
//! [`promql`] is the query language front end and [`catalog`] the snapshot of
//! what the application exports; both are used by [`check`]. [`dsl`] is the
//! front end of the dashboard language: tokens (or text) to the model;
//! [`builder`] is the second front end, a typed Rust API onto the same model
//! (`Dashboard::builder(uid, title)..build()`), for dashboards computed from
//! data.
//! [`schema`] is Grafana's panel and dashboard model, generated from
//! Grafana's JSON Schemas, with a validator of panel JSON.

#![warn(missing_docs)]

// Only to ask whether code runs inside a procedural macro (`dsl::source`).
extern crate proc_macro;

pub mod artifact;
pub mod builder;
pub mod catalog;
pub mod check;
pub mod diag;
pub mod dsl;
pub mod grafana;
#[cfg(feature = "import")]
pub mod import;
pub mod layout;
pub mod limits;
#[cfg(feature = "lint")]
pub mod lint;
pub mod model;
pub mod output;
pub mod promql;
pub mod provisioning;
pub mod schema;
pub mod units;

pub use artifact::{Dashboard, DashboardFile, Provisioning};
pub use builder::Compiled;

// The README's examples are compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
struct ReadmeDoctests;
