//! The linter's rules: a stable kebab-case name and a severity each. Rules
//! shared with the `dashboard!` DSL have the names its `allow: [...]`
//! accepts ([`crate::catalog::RULES`]).

use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Legacy forms Grafana migrates on load, cosmetic layout, style rules.
    Warning,
    /// The dashboard does not load, a query fails or can never return
    /// data, or a panel shows a wrong result.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule: its name, severity and what it finds.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case name, for `--disable` and machine output.
    pub name: &'static str,
    /// How bad its findings are.
    pub severity: Severity,
    /// One line on what it finds.
    pub summary: &'static str,
}

const fn rule(name: &'static str, severity: Severity, summary: &'static str) -> Rule {
    Rule {
        name,
        severity,
        summary,
    }
}

use Severity::{Error, Warning};

/// Every rule of `dashc check`.
pub const RULES: &[Rule] = &[
    rule(
        "invalid-json",
        Error,
        "the file is not a JSON dashboard object",
    ),
    rule("limit", Error, "the file crosses a cap of `limits`"),
    rule(
        "api-wrapped",
        Error,
        "`{\"dashboard\": ..}` form, which file provisioning skips",
    ),
    rule(
        "missing-title",
        Error,
        "no title: Grafana refuses the dashboard",
    ),
    rule("invalid-uid", Error, "a uid Grafana refuses"),
    rule("missing-uid", Warning, "no uid: Grafana makes one up"),
    rule(
        "dashboard-id",
        Warning,
        "an `id`, which provisioning strips",
    ),
    rule(
        "schema-version",
        Warning,
        "an old or missing schemaVersion, migrated on load",
    ),
    rule(
        "panel-structure",
        Error,
        "a `panels`, `rows` or panel of the wrong JSON kind",
    ),
    rule("panel-type", Error, "a panel without `type`"),
    rule(
        "angular-panel",
        Warning,
        "an Angular panel Grafana migrates on load",
    ),
    rule(
        "library-panel",
        Warning,
        "a library panel reference, not checkable offline",
    ),
    rule(
        "datasource-missing",
        Warning,
        "queries go to the default datasource",
    ),
    rule(
        "datasource-placeholder",
        Error,
        "an import placeholder, unresolved in provisioning",
    ),
    rule(
        "datasource-name",
        Warning,
        "a datasource referenced by name, migrated on load",
    ),
    rule("grid", Warning, "a gridPos outside the grid or incomplete"),
    rule(
        "overlap",
        Warning,
        "panels sharing cells; Grafana pushes the later one down",
    ),
    rule(
        "duplicate-panel-id",
        Warning,
        "two panels with one id; Grafana renumbers",
    ),
    rule(
        "unknown-unit",
        Warning,
        "a unit id Grafana does not know, shown as a suffix",
    ),
    rule(
        "promql",
        Error,
        "a query Prometheus rejects, or an undeclared variable",
    ),
    rule(
        "multi-value",
        Error,
        "a multi-value variable where one value is expected",
    ),
    rule("variable-query", Error, "a variable query that fails"),
    rule(
        "unknown-metric",
        Error,
        "a metric the catalog does not have",
    ),
    rule("unknown-label", Error, "a label the series cannot have"),
    rule("label-set", Error, "a label removed before it is used"),
    rule(
        "counter-function",
        Error,
        "a counter function on a gauge or the reverse",
    ),
    rule(
        "histogram-quantile",
        Error,
        "histogram_quantile without buckets or rate",
    ),
    rule(
        "vector-matching",
        Error,
        "binary operands whose labels never match",
    ),
    rule(
        "bucket-bound",
        Error,
        "an `le` bound the histogram does not have",
    ),
    rule("quantile-range", Error, "a quantile outside [0, 1]"),
    rule(
        "range-vector-query",
        Error,
        "a range vector as a range query",
    ),
    rule(
        "raw-counter",
        Error,
        "a counter graphed without rate or increase",
    ),
    rule(
        "legend-label",
        Warning,
        "a legend `{{..}}` that is no label name, shown as text",
    ),
];

/// The rule named `name`.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}
