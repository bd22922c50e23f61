//! Grafana provisioning YAML: the dashboard provider and the Prometheus datasource.
