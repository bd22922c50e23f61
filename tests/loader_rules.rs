//! Grafana's loader rules (`../shared/reference/grafana.md`) on everything
//! the build writes: the four dashboards, the provider and datasource YAML,
//! and the `docker-compose.yml` that mounts them.
//!
//! A file provisioning loader skips a dashboard silently when one of these
//! rules is broken, so each is checked here rather than discovered in a
//! running Grafana.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use dashc_core::layout::{GridPos, GRID_COLUMNS};
use serde_json::Value;
use upstream_dashboards::{ALL, PROVISIONING};
use yaml_rust2::{Yaml, YamlLoader};

fn parsed(dashboard: &dashc_core::Dashboard) -> Value {
    serde_json::from_str(dashboard.json)
        .unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", dashboard.uid))
}

fn yaml(name: &str, text: &str) -> Yaml {
    let mut docs =
        YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"));
    assert_eq!(docs.len(), 1, "{name}: expected one YAML document");
    docs.remove(0)
}

/// Every panel: top level and inside collapsed rows.
fn all_panels(dashboard: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for p in dashboard["panels"].as_array().into_iter().flatten() {
        out.push(p);
        out.extend(p["panels"].as_array().into_iter().flatten());
    }
    out
}

#[test]
fn every_dashboard_is_a_bare_object_with_title_and_valid_uid() {
    assert_eq!(ALL.len(), 4, "the four Upstream dashboards");
    for d in ALL {
        let json = parsed(d);
        let object = json
            .as_object()
            .unwrap_or_else(|| panic!("{}: top level is not an object", d.uid));
        assert!(
            !object.contains_key("dashboard") && !object.contains_key("overwrite"),
            "{}: wrapped as the HTTP API's {{\"dashboard\": ...}}; file provisioning needs the bare object",
            d.uid
        );
        assert!(
            !object.contains_key("id"),
            "{}: `id` must be omitted",
            d.uid
        );

        let title = json["title"].as_str().unwrap_or("");
        assert!(!title.trim().is_empty(), "{}: empty title", d.uid);
        assert_eq!(
            title, d.title,
            "{}: constant and JSON disagree on the title",
            d.uid
        );

        let tags: Vec<&str> = json["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            tags, d.tags,
            "{}: constant and JSON disagree on the tags",
            d.uid
        );

        let uid = json["uid"].as_str().unwrap_or("");
        assert_eq!(uid, d.uid, "constant and JSON disagree on the uid");
        assert!(
            (1..=40).contains(&uid.len()),
            "{uid}: a uid has 1 to 40 characters, this one {}",
            uid.len()
        );
        assert!(
            uid.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "{uid}: a uid may only hold [a-zA-Z0-9_-]"
        );
        assert!(
            d.json.ends_with('\n'),
            "{uid}: the file ends with a newline"
        );
    }
}

#[test]
fn uids_and_titles_are_unique_across_the_set() {
    let mut uids = BTreeMap::new();
    let mut titles = BTreeMap::new();
    for d in ALL {
        if let Some(other) = uids.insert(d.uid, d.title) {
            panic!("uid {} used by {other:?} and {:?}", d.uid, d.title);
        }
        if let Some(other) = titles.insert(d.title, d.uid) {
            panic!("title {:?} used by {other} and {}", d.title, d.uid);
        }
    }
}

#[test]
fn files_land_in_one_folder_level_that_grafana_reads() {
    for d in ALL {
        let path = d.relative_path();
        let parts: Vec<Component> = Path::new(&path).components().collect();
        assert!(
            parts.len() <= 2 && parts.iter().all(|c| matches!(c, Component::Normal(_))),
            "{path}: foldersFromFilesStructure maps one directory level to one folder"
        );
        assert!(
            path.ends_with(".json"),
            "{path}: only *.json files are read"
        );
        assert!(
            !d.folder.starts_with('.'),
            "{path}: Grafana skips directories starting with `.`"
        );
    }
}

#[test]
fn panel_ids_are_unique_in_each_dashboard() {
    for d in ALL {
        let json = parsed(d);
        let mut seen = BTreeMap::new();
        for p in all_panels(&json) {
            let id = p["id"]
                .as_u64()
                .unwrap_or_else(|| panic!("{}: panel {} has no numeric id", d.uid, p["title"]));
            if let Some(other) = seen.insert(id, &p["title"]) {
                panic!(
                    "{}: panel id {id} used by {other} and {}",
                    d.uid, p["title"]
                );
            }
        }
    }
}

#[test]
fn grid_positions_fit_24_columns_without_overlap() {
    for d in ALL {
        let json = parsed(d);
        let mut placed: Vec<(GridPos, String)> = Vec::new();
        for p in all_panels(&json) {
            let title = p["title"].to_string();
            let n = |k: &str| {
                p["gridPos"][k]
                    .as_u64()
                    .and_then(|v| u32::try_from(v).ok())
                    .unwrap_or_else(|| panic!("{}: {title}: gridPos.{k} missing", d.uid))
            };
            let pos = GridPos {
                x: n("x"),
                y: n("y"),
                w: n("w"),
                h: n("h"),
            };
            assert!(
                (1..=GRID_COLUMNS).contains(&pos.w) && pos.right() <= GRID_COLUMNS && pos.h > 0,
                "{}: {title} at {pos:?} is outside the 24 columns",
                d.uid
            );
            if let Some((other, other_title)) = placed.iter().find(|(o, _)| o.overlaps(&pos)) {
                panic!(
                    "{}: {title} at {pos:?} overlaps {other_title} at {other:?}",
                    d.uid
                );
            }
            placed.push((pos, title));
        }
        assert!(!placed.is_empty(), "{}: no panels", d.uid);
    }
}

#[test]
fn dashboards_use_the_provisioned_datasource() {
    let ds = yaml("datasource YAML", PROVISIONING.datasource_yaml);
    assert_eq!(ds["apiVersion"].as_i64(), Some(1));
    let list = ds["datasources"].as_vec().expect("datasources list");
    assert_eq!(list.len(), 1, "one datasource");
    let prom = &list[0];
    assert_eq!(prom["type"].as_str(), Some("prometheus"));
    assert_eq!(prom["access"].as_str(), Some("proxy"));
    assert_eq!(prom["isDefault"].as_bool(), Some(true));
    assert!(prom["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(prom["url"].as_str().is_some_and(|u| u.starts_with("http")));
    let uid = prom["uid"].as_str().expect("datasource uid");
    assert_eq!(uid, PROVISIONING.datasource_uid);

    for d in ALL {
        let json = parsed(d);
        let variables = json["templating"]["list"]
            .as_array()
            .expect("templating.list");
        let var = variables
            .iter()
            .find(|v| v["type"] == "datasource")
            .unwrap_or_else(|| panic!("{}: no datasource variable", d.uid));
        assert_eq!(var["name"], "datasource", "{}", d.uid);
        assert_eq!(var["query"], "prometheus", "{}", d.uid);
        assert_eq!(
            var["current"]["value"], uid,
            "{}: the datasource variable must default to the provisioned uid",
            d.uid
        );
        let refs = all_panels(&json)
            .into_iter()
            .filter(|p| p["type"] != "row" && p["type"] != "text")
            .flat_map(|p| {
                let targets = p["targets"].as_array().into_iter().flatten();
                std::iter::once(&p["datasource"]).chain(targets.map(|t| &t["datasource"]))
            })
            .chain(
                variables
                    .iter()
                    .filter(|v| v["type"] == "query")
                    .map(|v| &v["datasource"]),
            );
        let mut count = 0;
        for r in refs {
            count += 1;
            assert_eq!(r["type"], "prometheus", "{}: {r}", d.uid);
            let target = r["uid"].as_str().unwrap_or("");
            assert!(
                target == "${datasource}" || target == uid,
                "{}: datasource {r} is neither ${{datasource}} nor the provisioned {uid}",
                d.uid
            );
        }
        assert!(count > 0, "{}: no datasource references", d.uid);
    }
}

#[test]
fn provider_reads_the_dashboards_from_the_compose_mount() {
    let file = PROVISIONING.provider_file;
    assert!(
        (file.ends_with(".yml") || file.ends_with(".yaml")) && !file.contains('/'),
        "{file}: providers are read only as *.yml/*.yaml directly in provisioning/dashboards"
    );
    let provider_yaml = yaml(file, PROVISIONING.provider_yaml);
    assert_eq!(provider_yaml["apiVersion"].as_i64(), Some(1));
    let providers = provider_yaml["providers"].as_vec().expect("providers list");
    assert_eq!(providers.len(), 1, "one file provider");
    let p = &providers[0];
    assert!(p["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert_eq!(p["type"].as_str(), Some("file"));
    assert_eq!(p["orgId"].as_i64(), Some(1));
    assert_eq!(p["updateIntervalSeconds"].as_i64(), Some(30));
    assert_eq!(p["allowUiUpdates"].as_bool(), Some(false));
    assert_eq!(
        p["options"]["foldersFromFilesStructure"].as_bool(),
        Some(true)
    );
    assert!(
        p["folder"].is_badvalue() && p["folderUid"].is_badvalue(),
        "with foldersFromFilesStructure, folder and folderUid must be absent"
    );
    let path = p["options"]["path"].as_str().expect("options.path");
    assert_eq!(path, PROVISIONING.dashboards_path);

    let mounts = grafana_mounts();
    let dashboards = mounts
        .iter()
        .find(|(_, container)| container.trim_end_matches('/') == path.trim_end_matches('/'))
        .unwrap_or_else(|| {
            panic!("docker-compose.yml mounts nothing at the provider path {path}: {mounts:?}")
        });
    let provisioning = mounts
        .iter()
        .find(|(_, container)| container.trim_end_matches('/') == "/etc/grafana/provisioning")
        .unwrap_or_else(|| {
            panic!("docker-compose.yml mounts nothing at /etc/grafana/provisioning: {mounts:?}")
        });
    // Both host folders are the two halves of the one generated tree.
    let host = |m: &(String, String)| m.0.trim_end_matches('/').to_owned();
    let (dash_host, prov_host) = (host(dashboards), host(provisioning));
    let tree = dash_host
        .strip_suffix("/dashboards")
        .unwrap_or_else(|| panic!("{dash_host}: not the generated `dashboards` folder"));
    assert_eq!(
        prov_host,
        format!("{tree}/provisioning"),
        "dashboards and provisioning must come from the same generated tree"
    );
}

/// Grafana's data path (`GF_PATHS_DATA`): its database, plugins and renders.
const GRAFANA_DATA: &str = "/var/lib/grafana";

#[test]
fn compose_mounts_are_not_nested() {
    let mounts = grafana_mounts();
    assert!(mounts.len() >= 2, "{mounts:?}");
    for (i, (a_host, a)) in mounts.iter().enumerate() {
        for (j, (_, b)) in mounts.iter().enumerate() {
            if i == j || !Path::new(b).starts_with(Path::new(a)) {
                continue;
            }
            // The one exception: the dashboards inside Grafana's state volume, on a folder
            // Grafana stores nothing in. Nothing may sit inside /etc/grafana/provisioning.
            let state_volume = a.trim_end_matches('/') == GRAFANA_DATA && is_named_volume(a_host);
            assert!(
                state_volume && b.trim_end_matches('/') == PROVISIONING.dashboards_path,
                "{b} is mounted inside {a}: the outer mount's files would be hidden"
            );
        }
    }
}

/// A compose volume source that names a volume rather than a host path.
fn is_named_volume(source: &str) -> bool {
    !source.is_empty() && !source.starts_with(['.', '/', '~', '$'])
}

/// `docker-compose.yml`, parsed.
fn compose() -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docker-compose.yml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    yaml("docker-compose.yml", &text)
}

/// The host address a compose `ports` entry publishes on, if it names one.
fn published_host_ip(port: &Yaml) -> Option<String> {
    match port {
        // Short syntax: [[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]; IPv6 in brackets.
        Yaml::String(s) => {
            if let Some(rest) = s.strip_prefix('[') {
                return rest.split_once(']').map(|(ip, _)| ip.to_owned());
            }
            let parts: Vec<&str> = s.split(':').collect();
            (parts.len() == 3).then(|| parts[0].to_owned())
        }
        // Long syntax: {target, published, host_ip, ...}.
        Yaml::Hash(_) => port["host_ip"].as_str().map(str::to_owned),
        // A bare number publishes on every interface.
        _ => None,
    }
}

#[test]
fn compose_publishes_ports_on_loopback_only() {
    let compose = compose();
    let services = compose["services"].as_hash().expect("services");
    let mut published = Vec::new();
    for (name, service) in services {
        let name = name.as_str().unwrap_or("?");
        assert!(
            service["network_mode"].as_str() != Some("host"),
            "{name}: network_mode: host publishes every port on every interface"
        );
        for port in service["ports"].as_vec().map(Vec::as_slice).unwrap_or(&[]) {
            let ip = published_host_ip(port);
            assert!(
                matches!(ip.as_deref(), Some("127.0.0.1" | "::1")),
                "{name}: port {port:?} is published on every interface; bind it to loopback, e.g. \"127.0.0.1:3000:3000\""
            );
            published.push(name.to_owned());
        }
    }
    for service in ["grafana", "prometheus"] {
        assert!(
            published.iter().any(|s| s == service),
            "{service} publishes no port: {published:?}"
        );
    }
}

/// The Grafana service's `environment`, list or map syntax, as `(name, value)` pairs.
fn grafana_environment() -> Vec<(String, String)> {
    let compose = compose();
    let env = &compose["services"]["grafana"]["environment"];
    match env {
        Yaml::Array(items) => items
            .iter()
            .map(|item| {
                let text = item
                    .as_str()
                    .unwrap_or_else(|| panic!("environment entry {item:?}"));
                let (k, v) = text.split_once('=').unwrap_or((text, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect(),
        Yaml::Hash(map) => map
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Yaml::String(s) => s.clone(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Integer(i) => i.to_string(),
                    _ => String::new(),
                };
                (k.as_str().unwrap_or("").to_owned(), value)
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn grafana_admin_password_is_required_with_no_default() {
    let compose = compose();
    assert!(
        compose["services"]["grafana"]["env_file"].is_badvalue(),
        "an env_file could set the admin password behind the compose file's back"
    );
    let env = grafana_environment();
    let password: Vec<&String> = env
        .iter()
        .filter(|(k, _)| k.starts_with("GF_SECURITY_ADMIN_PASSWORD"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(password.len(), 1, "one GF_SECURITY_ADMIN_PASSWORD: {env:?}");
    let value = password[0];
    // `${NAME:?message}`: compose refuses to start when NAME is unset or empty.
    let inner = value
        .strip_prefix("${")
        .and_then(|v| v.strip_suffix('}'))
        .unwrap_or_else(|| panic!("GF_SECURITY_ADMIN_PASSWORD={value}: not a variable reference"));
    let (name, message) = inner.split_once(":?").unwrap_or_else(|| {
        panic!("GF_SECURITY_ADMIN_PASSWORD={value}: the variable has a default or may be empty; write ${{NAME:?message}}")
    });
    assert!(
        !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
        "{value}: `{name}` is not a plain variable name (a default such as `:-admin` is not allowed)"
    );
    assert!(
        message.contains(name),
        "{value}: the error message should name {name}"
    );

    // `.env.example` documents the variable without a value; `.env` itself is never committed.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = std::fs::read_to_string(root.join(".env.example"))
        .unwrap_or_else(|e| panic!("cannot read .env.example: {e}"));
    let line = example
        .lines()
        .find(|l| l.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!(".env.example has no `{name}=` line"));
    assert_eq!(
        line,
        format!("{name}="),
        ".env.example must not ship a password"
    );
    let ignore = std::fs::read_to_string(root.join(".gitignore")).expect(".gitignore");
    assert!(
        ignore
            .lines()
            .any(|l| l.trim() == "/.env" || l.trim() == ".env"),
        ".gitignore must exclude .env"
    );
}

#[test]
fn grafana_state_is_kept_in_a_named_volume() {
    let compose = compose();
    let mounts = grafana_mounts();
    let (source, _) = mounts
        .iter()
        .find(|(_, container)| container.trim_end_matches('/') == GRAFANA_DATA)
        .unwrap_or_else(|| {
            panic!("nothing is mounted at {GRAFANA_DATA}: Grafana's database (and its admin password) would be lost with the container: {mounts:?}")
        });
    assert!(
        is_named_volume(source),
        "{source}: use a named volume for {GRAFANA_DATA}"
    );
    let declared = compose["volumes"].as_hash().expect("top-level volumes");
    assert!(
        declared.contains_key(&Yaml::String(source.clone())),
        "volume {source} is not declared under the top-level `volumes`"
    );
}

#[test]
fn provisioned_dashboards_are_read_only_as_their_provider() {
    let provider_yaml = yaml(PROVISIONING.provider_file, PROVISIONING.provider_yaml);
    // Grafana's default for a missing allowUiUpdates is false.
    let allow = provider_yaml["providers"][0]["allowUiUpdates"]
        .as_bool()
        .unwrap_or(false);
    assert_eq!(
        allow,
        dashc_core::provisioning::allows_ui_updates(PROVISIONING.provider_yaml)
    );
    for d in ALL {
        // Grafana's default for a missing editable is true.
        let editable = parsed(d)["editable"].as_bool().unwrap_or(true);
        assert_eq!(
            editable, allow,
            "{}: `editable: {editable}` but the provider has `allowUiUpdates: {allow}`; \
             editable dashboards that cannot be saved, or saved changes nobody can make",
            d.uid
        );
    }
}

/// `(host, container)` pairs of the Grafana service's volumes.
fn grafana_mounts() -> Vec<(String, String)> {
    let compose = compose();
    let volumes = compose["services"]["grafana"]["volumes"]
        .as_vec()
        .expect("docker-compose.yml: services.grafana.volumes");
    volumes
        .iter()
        .map(|v| match v {
            // Short syntax: host:container[:options].
            Yaml::String(s) => {
                let mut parts = s.splitn(3, ':');
                let host = parts.next().unwrap_or("").to_owned();
                let container = parts
                    .next()
                    .unwrap_or_else(|| panic!("volume {s:?} has no container path"))
                    .to_owned();
                (host, container)
            }
            // Long syntax: {type, source, target, ...}.
            other => (
                other["source"].as_str().unwrap_or("").to_owned(),
                other["target"]
                    .as_str()
                    .unwrap_or_else(|| panic!("volume {other:?} has no target"))
                    .to_owned(),
            ),
        })
        .collect()
}

#[test]
fn one_schema_version_current_panel_kinds_and_lettered_queries() {
    const KINDS: [&str; 8] = [
        "row",
        "timeseries",
        "stat",
        "gauge",
        "bargauge",
        "table",
        "heatmap",
        "text",
    ];
    for d in ALL {
        let json = parsed(d);
        assert_eq!(
            json["schemaVersion"],
            dashc_core::grafana::SCHEMA_VERSION,
            "{}: every dashboard is written in the one documented schemaVersion",
            d.uid
        );
        for p in all_panels(&json) {
            let kind = p["type"].as_str().unwrap_or("");
            assert!(
                KINDS.contains(&kind),
                "{}: panel {} is of kind {kind:?}, not a current (non-Angular) panel",
                d.uid,
                p["title"]
            );
            let ref_ids: Vec<&str> = p["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| t["refId"].as_str().unwrap_or(""))
                .collect();
            let expected: Vec<String> = (0..ref_ids.len())
                .map(dashc_core::grafana::ref_id)
                .collect();
            assert_eq!(
                ref_ids, expected,
                "{}: queries of panel {} are lettered A, B, ... in order",
                d.uid, p["title"]
            );
        }
    }
}
