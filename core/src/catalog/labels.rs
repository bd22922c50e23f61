//! Label sets.
