//! Rendering the model as Grafana dashboard JSON (classic model).
