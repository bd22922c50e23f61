//! The Upstream platform's Grafana artifacts, compiled by dashc.
//!
//! `cargo build` writes them to [`OUTPUT_DIR`] (by default `target/grafana/`);
//! deploy tooling can embed the very same bytes from this crate instead:
//!
//! ```
//! use upstream_monitoring::{DASHBOARDS, PROVISIONING};
//!
//! for dashboard in DASHBOARDS {
//!     // e.g. POST it to Grafana's /api/dashboards/db, or write it elsewhere.
//!     assert!(dashboard.json.contains(dashboard.uid));
//! }
//! assert_eq!(PROVISIONING.dashboards_path, "/var/lib/grafana/dashboards");
//! ```

#![warn(missing_docs)]

pub use upstream_dashboards::{
    ALL as DASHBOARDS, API_PERFORMANCE, CELERY_TASKS, DATABASE, ERROR_RATES, PROVISIONING,
};

/// Where `cargo build` wrote the Grafana tree (`dashboards/` and `provisioning/`).
pub const OUTPUT_DIR: &str = env!("DASHC_TREE");

// The README's Rust examples are compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
struct ReadmeDoctests;

// So are the examples of dashc-macros' README, which needs a crate using
// both crates to compile them in.
#[doc = include_str!("../macros/README.md")]
#[cfg(doctest)]
struct MacrosReadmeDoctests;
