//! What a compiled dashboard is at run time: constants with `'static` data,
//! built by the `dashboard!` macro, so embedding them needs no file I/O; and
//! [`DashboardFile`], what the tree writer needs of a dashboard, which both
//! these constants and the builder's owned [`Compiled`](crate::Compiled)
//! dashboards give.

/// A dashboard compiled at build time: its identity and its complete Grafana JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dashboard {
    /// Grafana's identity of the dashboard (`[a-zA-Z0-9_-]`, at most 40 characters).
    pub uid: &'static str,
    /// The dashboard title shown in Grafana.
    pub title: &'static str,
    /// The folder the dashboard is provisioned into (a directory name under the provider path).
    pub folder: &'static str,
    /// The dashboard's tags.
    pub tags: &'static [&'static str],
    /// The bare dashboard object, as file provisioning reads it, ending in a newline.
    pub json: &'static str,
}

impl Dashboard {
    /// The file's path relative to the provider's `options.path`: `<folder>/<uid>.json`.
    ///
    /// ```
    /// use dashc_core::Dashboard;
    /// let d = Dashboard { uid: "api", title: "API", folder: "Services", tags: &[], json: "{}\n" };
    /// assert_eq!(d.relative_path(), "Services/api.json");
    /// assert_eq!(Dashboard { folder: "", ..d }.relative_path(), "api.json");
    /// ```
    pub fn relative_path(&self) -> String {
        DashboardFile::relative_path(self)
    }
}

/// What the tree writer ([`crate::output::write_tree`], `dashc_build`)
/// needs of a compiled dashboard: its identity, its folder and its JSON.
///
/// Implemented by the macros' [`Dashboard`] constants, by the builder's
/// owned [`Compiled`](crate::Compiled) dashboards, and by a reference to
/// either, so one tree can mix them through `&dyn DashboardFile`:
///
/// ```
/// use dashc_core::{Dashboard, DashboardFile};
/// const API: Dashboard = Dashboard { uid: "api", title: "API", folder: "", tags: &[], json: "{}\n" };
/// fn paths(dashboards: &[&dyn DashboardFile]) -> Vec<String> {
///     dashboards.iter().map(|d| d.relative_path()).collect()
/// }
/// assert_eq!(paths(&[&API]), ["api.json"]);
/// ```
pub trait DashboardFile {
    /// Grafana's identity of the dashboard.
    fn uid(&self) -> &str;
    /// The dashboard title.
    fn title(&self) -> &str;
    /// The folder the dashboard is provisioned into ("" for the root).
    fn folder(&self) -> &str;
    /// The bare dashboard object, as file provisioning reads it.
    fn json(&self) -> &str;
    /// The file's path relative to the provider's `options.path`:
    /// `<folder>/<uid>.json`.
    fn relative_path(&self) -> String {
        if self.folder().is_empty() {
            format!("{}.json", self.uid())
        } else {
            format!("{}/{}.json", self.folder(), self.uid())
        }
    }
}

impl DashboardFile for Dashboard {
    fn uid(&self) -> &str {
        self.uid
    }
    fn title(&self) -> &str {
        self.title
    }
    fn folder(&self) -> &str {
        self.folder
    }
    fn json(&self) -> &str {
        self.json
    }
}

impl<T: DashboardFile + ?Sized> DashboardFile for &T {
    fn uid(&self) -> &str {
        (**self).uid()
    }
    fn title(&self) -> &str {
        (**self).title()
    }
    fn folder(&self) -> &str {
        (**self).folder()
    }
    fn json(&self) -> &str {
        (**self).json()
    }
}

/// Grafana provisioning files compiled at build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provisioning {
    /// File name of the dashboard provider under `provisioning/dashboards/` (e.g. `upstream.yml`).
    pub provider_file: &'static str,
    /// The dashboard provider YAML.
    pub provider_yaml: &'static str,
    /// The datasource YAML, written to `provisioning/datasources/prometheus.yml`.
    pub datasource_yaml: &'static str,
    /// The container path the provider reads dashboards from (`options.path`).
    pub dashboards_path: &'static str,
    /// The uid of the provisioned Prometheus datasource.
    pub datasource_uid: &'static str,
}
