//! The `dashboard!` macro.
