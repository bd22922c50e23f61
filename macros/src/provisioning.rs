//! `provisioning!`: the dashboard provider and datasource YAML, rendered by
//! dashc-core at compile time.

use crate::entries;
use crate::values;
use dashc_core::diag::closest;
use dashc_core::provisioning::{DashboardProvider, PrometheusDatasource};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

const KEYS: &[&str] = &[
    "provider",
    "dashboards_path",
    "update_interval_seconds",
    "datasource",
    "datasource_uid",
    "datasource_url",
];

pub fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let mut strings: BTreeMap<String, String> = BTreeMap::new();
    let mut interval: Option<u32> = None;
    // Keys written, even with a bad value: those are not also "missing".
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for entry in entries::split(input, &mut errors) {
        let Some(key) = entry.option_key() else {
            errors.push(syn::Error::new(entry.span(), "expected `name: value`"));
            continue;
        };
        let name = key.to_string();
        if !KEYS.contains(&name.as_str()) {
            let hint = closest(&name, KEYS.iter().copied())
                .or_else(|| KEYS.iter().copied().find(|k| k.starts_with(&name)))
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| format!("expected one of: {}", KEYS.join(", ")));
            errors.push(syn::Error::new(
                key.span(),
                format!("unknown provisioning option `{name}`; {hint}"),
            ));
            continue;
        }
        if !seen.insert(name.clone()) {
            errors.push(syn::Error::new(
                key.span(),
                format!("duplicate option `{name}`; keep one"),
            ));
            continue;
        }
        let v = entry.option_value();
        if name == "update_interval_seconds" {
            match values::integer(v, key.span(), 86_400) {
                Ok((n, _)) => interval = Some(n),
                Err(e) => errors.push(e),
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
        match values::string(v, key.span(), what) {
            Ok(s) if s.value.trim().is_empty() => errors.push(syn::Error::new(
                s.span(),
                format!("`{name}` must not be empty"),
            )),
            Ok(s) => {
                if name == "dashboards_path" && !s.value.starts_with('/') {
                    errors.push(syn::Error::new(s.span(), "`dashboards_path` is a path inside the Grafana container and must be absolute, e.g. \"/var/lib/grafana/dashboards\""));
                }
                if name == "provider" && (s.value.starts_with('.') || s.value.contains(['/', '\\']))
                {
                    errors.push(syn::Error::new(s.span(), "`provider` names the file provisioning/dashboards/<provider>.yml: use a plain name such as \"upstream\", without `/` and not starting with `.`"));
                }
                if name == "datasource_url"
                    && !(s.value.starts_with("http://") || s.value.starts_with("https://"))
                {
                    errors.push(syn::Error::new(s.span(), "`datasource_url` is the URL Grafana reaches Prometheus at: write it with its scheme, e.g. \"http://prometheus:9090\""));
                }
                if name == "datasource_uid" {
                    if let Some(p) = dashc_core::check::uid_problem(&s.value) {
                        errors.push(syn::Error::new(s.span(), p));
                    }
                }
                strings.insert(name, s.value);
            }
            Err(e) => errors.push(e),
        }
    }
    let required = [
        ("provider", "\"upstream\""),
        ("dashboards_path", "\"/var/lib/grafana/dashboards\""),
        ("datasource", "\"Prometheus\""),
        ("datasource_uid", "\"prometheus\""),
        ("datasource_url", "\"http://prometheus:9090\""),
    ];
    for (key, example) in required {
        if !seen.contains(key) {
            errors.push(syn::Error::new(
                Span::call_site(),
                format!("missing `{key}`: add e.g. `{key}: {example},`"),
            ));
        }
    }
    if let Some(first) = errors.first() {
        let mut all = first.clone();
        for e in &errors[1..] {
            all.combine(e.clone());
        }
        // Several `compile_error!`s are statements: in a block, with a
        // placeholder value, they are all reported and nothing else is.
        let errors = all.to_compile_error();
        return quote! {{
            #errors
            ::dashc_core::Provisioning {
                provider_file: "",
                provider_yaml: "",
                datasource_yaml: "",
                dashboards_path: "",
                datasource_uid: "",
            }
        }};
    }
    let get = |k: &str| strings.get(k).cloned().unwrap_or_default();
    let provider = DashboardProvider {
        name: get("provider"),
        path: get("dashboards_path"),
        update_interval_seconds: interval.unwrap_or(30),
    };
    let datasource = PrometheusDatasource {
        name: get("datasource"),
        uid: get("datasource_uid"),
        url: get("datasource_url"),
    };
    let provider_file = format!("{}.yml", provider.name);
    let provider_yaml = provider.to_yaml();
    let datasource_yaml = datasource.to_yaml();
    let path = provider.path;
    let uid = datasource.uid;
    quote! {
        ::dashc_core::Provisioning {
            provider_file: #provider_file,
            provider_yaml: #provider_yaml,
            datasource_yaml: #datasource_yaml,
            dashboards_path: #path,
            datasource_uid: #uid,
        }
    }
}
