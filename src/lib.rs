//! Upstream monitoring.
