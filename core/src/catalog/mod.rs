//! Metric catalog: what an application's `/metrics` exports, read from a
//! snapshot of the Prometheus text exposition format (or OpenMetrics), and
//! the checks of queries against it.
