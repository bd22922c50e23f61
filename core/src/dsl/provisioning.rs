//! `provisioning!`: the dashboard provider and the Prometheus datasource,
//! read from `name: value` options and checked.

use super::{entries, values, Output, Parser};
use crate::diag::{closest, Diagnostic, Loc};
use crate::provisioning::{DashboardProvider, PrometheusDatasource};
use proc_macro2::TokenStream;
use std::collections::{BTreeMap, BTreeSet};

const KEYS: &[&str] = &[
    "provider",
    "dashboards_path",
    "update_interval_seconds",
    "datasource",
    "datasource_uid",
    "datasource_url",
];

/// The options every `provisioning!` sets, with an example value each.
const REQUIRED: &[(&str, &str)] = &[
    ("provider", "\"upstream\""),
    ("dashboards_path", "\"/var/lib/grafana/dashboards\""),
    ("datasource", "\"Prometheus\""),
    ("datasource_uid", "\"prometheus\""),
    ("datasource_url", "\"http://prometheus:9090\""),
];

/// Seconds between the provider's scans of its folder when not given.
const DEFAULT_UPDATE_INTERVAL_SECONDS: u32 = 30;

/// What a `provisioning!` invocation describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisioningInput {
    /// The file provider that loads the dashboards.
    pub provider: DashboardProvider,
    /// The datasource the dashboards query.
    pub datasource: PrometheusDatasource,
}

/// Reads the body of `provisioning! { .. }`. The value is `None` when there
/// are diagnostics.
pub fn parse_provisioning(input: TokenStream) -> Output<Option<ProvisioningInput>> {
    let mut parser = Parser::new();
    let mut late = Vec::new();
    let mut strings: BTreeMap<String, String> = BTreeMap::new();
    let mut interval: Option<u32> = None;
    // Keys written, even with a bad value: those are not also "missing".
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for entry in entries::split(input, &mut parser.errors) {
        let Some(key) = entry.option_key() else {
            parser.err(entry.span(), "expected `name: value`");
            continue;
        };
        let name = key.to_string();
        if !KEYS.contains(&name.as_str()) {
            let hint = closest(&name, KEYS.iter().copied())
                .or_else(|| KEYS.iter().copied().find(|k| k.starts_with(&name)))
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| format!("expected one of: {}", KEYS.join(", ")));
            parser.err(
                key.span(),
                format!("unknown provisioning option `{name}`; {hint}"),
            );
            continue;
        }
        if !seen.insert(name.clone()) {
            parser.err(key.span(), format!("duplicate option `{name}`; keep one"));
            continue;
        }
        let v = entry.option_value();
        if name == "update_interval_seconds" {
            if let Some((n, _)) = parser.push_result(values::integer(v, key.span(), 86_400)) {
                interval = Some(n);
            }
            continue;
        }
        let what = match name.as_str() {
            "provider" => "the provider's name (also its file name)",
            "dashboards_path" => "the dashboards' path inside the Grafana container",
            "datasource" => "the datasource's name",
            "datasource_uid" => "the datasource's uid",
            _ => "the datasource's URL",
        };
        if let Some(s) = parser.push_result(values::string(v, key.span(), what)) {
            let span = s.span();
            if let Some(problem) = value_problem(&name, &s.value) {
                parser.err(span, problem);
            }
            strings.insert(name, s.value);
        }
    }
    for (key, example) in REQUIRED {
        if !seen.contains(*key) {
            late.push(Diagnostic {
                loc: Loc::NONE,
                message: format!("missing `{key}`: add e.g. `{key}: {example},`"),
                range: None,
            });
        }
    }
    let mut diagnostics = parser.take_diagnostics();
    diagnostics.extend(late);
    let value = diagnostics.is_empty().then(|| {
        let get = |k: &str| strings.get(k).cloned().unwrap_or_default();
        ProvisioningInput {
            provider: DashboardProvider {
                name: get("provider"),
                path: get("dashboards_path"),
                update_interval_seconds: interval.unwrap_or(DEFAULT_UPDATE_INTERVAL_SECONDS),
            },
            datasource: PrometheusDatasource {
                name: get("datasource"),
                uid: get("datasource_uid"),
                url: get("datasource_url"),
            },
        }
    });
    Output {
        value,
        spans: parser.spans,
        diagnostics,
        files: Vec::new(),
    }
}

/// What is wrong with the value of the string option `name`, if anything.
pub fn value_problem(name: &str, value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return Some(format!("`{name}` must not be empty"));
    }
    match name {
        "dashboards_path" if !value.starts_with('/') => Some("`dashboards_path` is a path inside the Grafana container and must be absolute, e.g. \"/var/lib/grafana/dashboards\"".into()),
        "provider" if value.starts_with('.') || value.contains(['/', '\\']) => Some("`provider` names the file provisioning/dashboards/<provider>.yml: use a plain name such as \"upstream\", without `/` and not starting with `.`".into()),
        "datasource_url" if !(value.starts_with("http://") || value.starts_with("https://")) => Some("`datasource_url` is the URL Grafana reaches Prometheus at: write it with its scheme, e.g. \"http://prometheus:9090\"".into()),
        "datasource_uid" => crate::check::uid_problem(value),
        _ => None,
    }
}
