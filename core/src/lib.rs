//! dashc-core: everything the `dashboard!` macro does, as an ordinary library.
//!
//! The pipeline runs in one direction (see ARCHITECTURE.md):
//! [`model`] (what the DSL describes) -> [`check`] (every rule, errors collected
//! in a [`diag::Diagnostics`]) -> [`layout`] (grid positions) -> [`grafana`]
//! (dashboard JSON) and [`provisioning`] (Grafana's YAML files).
//! [`promql`] is the query language front end and [`catalog`] the snapshot of
//! what the application exports; both are used by [`check`].

#![warn(missing_docs)]

pub mod artifact;
pub mod catalog;
pub mod check;
pub mod diag;
pub mod grafana;
pub mod layout;
pub mod lint;
pub mod model;
pub mod output;
pub mod promql;
pub mod provisioning;
pub mod units;

pub use artifact::{Dashboard, Provisioning};

// The README's examples are compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
struct ReadmeDoctests;
