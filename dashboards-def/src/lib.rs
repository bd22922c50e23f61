//! The Upstream dashboards.
