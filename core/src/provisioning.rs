//! Grafana provisioning YAML: the dashboard provider and the Prometheus datasource.
//!
//! Both files are small and fixed in shape, so they are written as text
//! here rather than through a YAML library: every scalar goes through
//! [`yaml_scalar`], which quotes whatever YAML could read as something else.

use std::fmt::Write as _;

use crate::{DashboardFile, Provisioning};

/// A file provider: Grafana loads every `*.json` under `path` (a path inside
/// the Grafana container), one folder per directory.
///
/// Written with `type: file`, `orgId: 1`, `disableDeletion: false`,
/// `allowUiUpdates: false` (the files are the source of truth) and
/// `foldersFromFilesStructure: true` (hence no `folder`/`folderUid`).
///
/// Editing policy: with `allowUiUpdates: false` Grafana refuses to save a
/// change made in the UI, so the dashboards it provisions are generated with
/// `editable: false` (the DSL's default) and are read-only in the UI;
/// [`editing_conflict`] refuses a tree where the two disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardProvider {
    /// The provider's unique name.
    pub name: String,
    /// `options.path`: where the dashboards are mounted in the container.
    pub path: String,
    /// How often Grafana rescans `path`, in seconds.
    pub update_interval_seconds: u32,
}

impl DashboardProvider {
    /// The provider file (`provisioning/dashboards/<name>.yml`).
    ///
    /// ```
    /// use dashc_core::provisioning::DashboardProvider;
    ///
    /// let provider = DashboardProvider {
    ///     name: "upstream".into(),
    ///     path: "/var/lib/grafana/dashboards".into(),
    ///     update_interval_seconds: 30,
    /// };
    /// let yaml = provider.to_yaml();
    /// assert!(yaml.contains("\n      path: /var/lib/grafana/dashboards\n"));
    /// assert!(yaml.contains("\n      foldersFromFilesStructure: true\n"));
    /// ```
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str("apiVersion: 1\n\nproviders:\n");
        let _ = writeln!(out, "  - name: {}", yaml_scalar(&self.name));
        out.push_str("    orgId: 1\n");
        out.push_str("    type: file\n");
        out.push_str("    disableDeletion: false\n");
        let _ = writeln!(
            out,
            "    updateIntervalSeconds: {}",
            self.update_interval_seconds
        );
        out.push_str("    allowUiUpdates: false\n");
        out.push_str("    options:\n");
        let _ = writeln!(out, "      path: {}", yaml_scalar(&self.path));
        out.push_str("      foldersFromFilesStructure: true\n");
        out
    }
}

/// The Prometheus datasource the dashboards default to, reached through
/// Grafana's backend (`access: proxy`) and marked as the default datasource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrometheusDatasource {
    /// Display name.
    pub name: String,
    /// The uid the dashboards' `datasource` variable defaults to.
    pub uid: String,
    /// Prometheus's URL as seen from the Grafana server.
    pub url: String,
}

impl PrometheusDatasource {
    /// The datasource file (`provisioning/datasources/prometheus.yml`).
    ///
    /// ```
    /// use dashc_core::provisioning::PrometheusDatasource;
    ///
    /// let datasource = PrometheusDatasource {
    ///     name: "Prometheus".into(),
    ///     uid: "prometheus".into(),
    ///     url: "http://prometheus:9090".into(),
    /// };
    /// assert!(datasource.to_yaml().contains("\n    uid: prometheus\n"));
    /// ```
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str("apiVersion: 1\n\ndatasources:\n");
        let _ = writeln!(out, "  - name: {}", yaml_scalar(&self.name));
        out.push_str("    type: prometheus\n");
        let _ = writeln!(out, "    uid: {}", yaml_scalar(&self.uid));
        out.push_str("    access: proxy\n");
        let _ = writeln!(out, "    url: {}", yaml_scalar(&self.url));
        out.push_str("    isDefault: true\n");
        out
    }
}

/// Whether a dashboard provider file lets Grafana save changes made in the UI:
/// its `allowUiUpdates` key, `false` when absent (Grafana's default).
///
/// ```
/// use dashc_core::provisioning::{allows_ui_updates, DashboardProvider};
///
/// let provider = DashboardProvider {
///     name: "upstream".into(),
///     path: "/var/lib/grafana/dashboards".into(),
///     update_interval_seconds: 30,
/// };
/// assert!(!allows_ui_updates(&provider.to_yaml()));
/// assert!(allows_ui_updates("providers:\n  - name: a\n    allowUiUpdates: true\n"));
/// ```
pub fn allows_ui_updates(provider_yaml: &str) -> bool {
    provider_yaml.lines().any(|line| {
        let line = line.split(" #").next().unwrap_or("").trim();
        let line = line.strip_prefix("- ").unwrap_or(line).trim_start();
        line.strip_prefix("allowUiUpdates:")
            .is_some_and(|v| matches!(v.trim(), "true" | "True" | "TRUE"))
    })
}

/// Why `dashboard` cannot be provisioned by `provisioning`'s provider as it
/// is: it is editable in the UI (`"editable": true`) while the provider
/// refuses to save UI changes (`allowUiUpdates: false`). Grafana would let
/// users change the dashboard and then refuse to save it. `None` when they
/// agree. (Dashboards compiled by dashc always state `editable`; JSON
/// without the key, which Grafana reads as editable, is not judged here.)
///
/// ```
/// use dashc_core::provisioning::editing_conflict;
/// use dashc_core::{Dashboard, Provisioning};
///
/// let provisioning = Provisioning {
///     provider_file: "upstream.yml",
///     provider_yaml: "providers:\n  - name: upstream\n    allowUiUpdates: false\n",
///     datasource_yaml: "",
///     dashboards_path: "/var/lib/grafana/dashboards",
///     datasource_uid: "prometheus",
/// };
/// let mut dashboard = Dashboard {
///     uid: "api",
///     title: "API",
///     folder: "",
///     tags: &[],
///     json: "{\"editable\": false, \"panels\": []}\n",
/// };
/// assert_eq!(editing_conflict(&dashboard, &provisioning), None);
/// dashboard.json = "{\"editable\": true, \"panels\": []}\n";
/// assert!(editing_conflict(&dashboard, &provisioning).unwrap().contains("remove `editable: true`"));
/// ```
pub fn editing_conflict<D: DashboardFile + ?Sized>(
    dashboard: &D,
    provisioning: &Provisioning,
) -> Option<String> {
    if allows_ui_updates(provisioning.provider_yaml) {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(dashboard.json()).ok()?;
    if json.get("editable") != Some(&serde_json::Value::Bool(true)) {
        return None;
    }
    Some(format!(
        "dashboard `{}` is editable in the UI (`\"editable\": true`), but the dashboard provider \
         provisioning/dashboards/{} has `allowUiUpdates: false`: Grafana would let users change it \
         and then refuse to save (\"Cannot save provisioned dashboard\"); provisioned dashboards \
         are changed in their definition, so remove `editable: true` from it (the default is \
         `editable: false`)",
        dashboard.uid(),
        provisioning.provider_file
    ))
}

/// Why `dashboard` would find no datasource under `provisioning`: its
/// `datasource` variable (the DSL's `datasource:` option, default
/// `"prometheus"`) defaults to a uid other than the provisioned datasource's
/// `datasource_uid`, so every panel would show "datasource not found" in a
/// Grafana holding only the provisioned one. `None` when they agree, or when
/// the JSON has no `datasource` variable (hand-written JSON is not judged).
///
/// ```
/// use dashc_core::provisioning::datasource_conflict;
/// use dashc_core::{Dashboard, Provisioning};
///
/// let provisioning = Provisioning {
///     provider_file: "upstream.yml",
///     provider_yaml: "",
///     datasource_yaml: "",
///     dashboards_path: "/var/lib/grafana/dashboards",
///     datasource_uid: "prom-main",
/// };
/// let dashboard = Dashboard {
///     uid: "api",
///     title: "API",
///     folder: "",
///     tags: &[],
///     json: r#"{"templating": {"list": [{"name": "datasource", "type": "datasource", "current": {"value": "prometheus"}}]}}"#,
/// };
/// let problem = datasource_conflict(&dashboard, &provisioning).unwrap();
/// assert!(problem.contains(r#"the datasource uid "prometheus""#));
/// ```
pub fn datasource_conflict(
    dashboard: &(impl DashboardFile + ?Sized),
    provisioning: &Provisioning,
) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(dashboard.json()).ok()?;
    let variable = json
        .pointer("/templating/list")?
        .as_array()?
        .iter()
        .find(|v| {
            v.get("type").and_then(|t| t.as_str()) == Some("datasource")
                && v.get("name").and_then(|n| n.as_str())
                    == Some(crate::grafana::DATASOURCE_VARIABLE)
        })?;
    let uid = variable.pointer("/current/value")?.as_str()?;
    if uid == provisioning.datasource_uid {
        return None;
    }
    let provisioned = provisioning.datasource_uid;
    Some(format!(
        "dashboard `{}` queries the datasource uid {uid:?}, but the provisioning \
         (provisioning/datasources/prometheus.yml) provisions the datasource uid {provisioned:?}: \
         Grafana would show \"datasource not found\" on every panel; make them the same, either \
         with `datasource: {provisioned:?}` in the dashboard (or in the `defaults` of its \
         `dashboards!` set) or with `datasource_uid: {uid:?}` in `provisioning!`",
        dashboard.uid()
    ))
}

/// First lines of every generated YAML file.
const HEADER: &str = "# Generated by dashc at build time; edits are overwritten.\n";

/// A YAML scalar for `value`: plain when it can only be read back as the
/// same string, else double-quoted (a JSON string is a valid YAML
/// double-quoted scalar).
pub fn yaml_scalar(value: &str) -> String {
    if is_plain_safe(value) {
        value.to_owned()
    } else {
        serde_json::Value::String(value.to_owned()).to_string()
    }
}

/// Plain scalars limited to a conservative alphabet that cannot start an
/// indicator, contain `: ` or ` #`, or resolve to a bool, null or number.
fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let alphabet_ok = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-./:".contains(c));
    let starts_ok = first.is_ascii_alphabetic() || first == '/' || first == '_';
    let resolves_to_other = matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    );
    alphabet_ok && starts_ok && !resolves_to_other && !value.ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_yaml() {
        let provider = DashboardProvider {
            name: "upstream".into(),
            path: "/var/lib/grafana/dashboards".into(),
            update_interval_seconds: 30,
        };
        assert_eq!(
            provider.to_yaml(),
            "# Generated by dashc at build time; edits are overwritten.\n\
             apiVersion: 1\n\
             \n\
             providers:\n  \
             - name: upstream\n    \
             orgId: 1\n    \
             type: file\n    \
             disableDeletion: false\n    \
             updateIntervalSeconds: 30\n    \
             allowUiUpdates: false\n    \
             options:\n      \
             path: /var/lib/grafana/dashboards\n      \
             foldersFromFilesStructure: true\n"
        );
    }

    fn upstream_provisioning(provider_yaml: &'static str) -> Provisioning {
        Provisioning {
            provider_file: "upstream.yml",
            provider_yaml,
            datasource_yaml: "",
            dashboards_path: "/var/lib/grafana/dashboards",
            datasource_uid: "prometheus",
        }
    }

    fn dashboard_with(json: &'static str) -> crate::Dashboard {
        crate::Dashboard {
            uid: "api",
            title: "API",
            folder: "Upstream",
            tags: &[],
            json,
        }
    }

    #[test]
    fn an_editable_dashboard_under_a_provider_refusing_ui_saves_is_refused() {
        let provider = DashboardProvider {
            name: "upstream".into(),
            path: "/var/lib/grafana/dashboards".into(),
            update_interval_seconds: 30,
        };
        let yaml: &'static str = Box::leak(provider.to_yaml().into_boxed_str());
        let provisioning = upstream_provisioning(yaml);
        let editable = dashboard_with("{\"editable\": true, \"panels\": []}\n");
        let err = crate::output::tree_files(&[editable], Some(&provisioning))
            .expect_err("an editable dashboard under allowUiUpdates: false");
        let message = err.to_string();
        assert!(
            message.starts_with("dashboards/Upstream/api.json: dashboard `api` is editable"),
            "{message}"
        );
        assert!(
            message.contains("provisioning/dashboards/upstream.yml has `allowUiUpdates: false`"),
            "{message}"
        );
        assert!(message.contains("remove `editable: true`"), "{message}");

        let read_only = dashboard_with("{\"editable\": false, \"panels\": []}\n");
        assert!(crate::output::tree_files(&[read_only], Some(&provisioning)).is_ok());
    }

    #[test]
    fn a_provider_allowing_ui_saves_takes_editable_dashboards() {
        let provisioning = upstream_provisioning(
            "providers:\n  - name: upstream\n    allowUiUpdates: true # saved in the db\n",
        );
        assert!(allows_ui_updates(provisioning.provider_yaml));
        let editable = dashboard_with("{\"editable\": true, \"panels\": []}\n");
        assert_eq!(editing_conflict(&editable, &provisioning), None);
        assert!(!allows_ui_updates(
            "providers:\n  - name: a\n    allowUiUpdates: false\n"
        ));
        assert!(!allows_ui_updates("providers:\n  - name: a\n"));
    }

    #[test]
    fn a_dashboard_querying_another_datasource_uid_than_the_provisioned_one_is_refused() {
        let provisioning = upstream_provisioning("providers:\n  - name: upstream\n");
        let elsewhere = dashboard_with(
            "{\"editable\": false, \"templating\": {\"list\": [{\"name\": \"datasource\", \"type\": \"datasource\", \"query\": \"prometheus\", \"current\": {\"text\": \"prom-main\", \"value\": \"prom-main\"}}]}}\n",
        );
        let err = crate::output::tree_files(&[elsewhere], Some(&provisioning))
            .expect_err("a dashboard querying a datasource that is not provisioned");
        let message = err.to_string();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(
            message.starts_with("dashboards/Upstream/api.json: dashboard `api` queries the datasource uid \"prom-main\""),
            "{message}"
        );
        assert!(
            message.contains("provisions the datasource uid \"prometheus\""),
            "{message}"
        );
        assert!(
            message.contains("`datasource: \"prometheus\"`"),
            "{message}"
        );
        assert!(
            message.contains("`datasource_uid: \"prom-main\"`"),
            "{message}"
        );

        let same = dashboard_with(
            "{\"templating\": {\"list\": [{\"name\": \"datasource\", \"type\": \"datasource\", \"current\": {\"value\": \"prometheus\"}}]}}\n",
        );
        assert_eq!(datasource_conflict(&same, &provisioning), None);
        // JSON that names no datasource variable (written by hand) is not judged.
        assert_eq!(
            datasource_conflict(&dashboard_with("{}\n"), &provisioning),
            None
        );
    }

    #[test]
    fn datasource_yaml() {
        let ds = PrometheusDatasource {
            name: "Prometheus".into(),
            uid: "prometheus".into(),
            url: "http://prometheus:9090".into(),
        };
        let yaml = ds.to_yaml();
        assert!(yaml.contains("\n  - name: Prometheus\n    type: prometheus\n"));
        assert!(yaml.contains("\n    uid: prometheus\n    access: proxy\n"));
        assert!(yaml.contains("\n    url: http://prometheus:9090\n    isDefault: true\n"));
    }

    #[test]
    fn scalars_that_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_scalar("upstream"), "upstream");
        assert_eq!(
            yaml_scalar("http://prometheus:9090"),
            "http://prometheus:9090"
        );
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("Null"), "\"Null\"");
        assert_eq!(yaml_scalar("1"), "\"1\"");
        assert_eq!(yaml_scalar(""), "\"\"");
        assert_eq!(yaml_scalar("a b"), "\"a b\"");
        assert_eq!(yaml_scalar("key:"), "\"key:\"");
        assert_eq!(yaml_scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(yaml_scalar("#x"), "\"#x\"");
    }
}
