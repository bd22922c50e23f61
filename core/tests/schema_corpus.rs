//! Every panel of every modern dashboard (schemaVersion >= 30) of the shared
//! corpus of real dashboards (`../shared/corpus/dashboards/`), through
//! `schema::validate_panel_json`: findings are counted by kind and printed,
//! and the unknown keys stay within what the corpus is known to hold.

use std::collections::BTreeMap;
use std::path::Path;

use dashc_core::schema::{self, Problem};
use serde_json::Value;

/// The unknown keys the corpus holds: 766 when this was written, each a key
/// Grafana ignores or migrates on load, none a key its model lacks (those
/// were added to the generator: see its adjustments):
/// - targets: `step` (234, the interval's name before Grafana 5), `metric`
///   (33) and `target` (6) of older query editors, another plugin's keys on
///   status-history targets (14);
/// - field config: `unitScale` (91, a Grafana 10 feature flag's key);
///   `custom.showValues` (83) and `custom.footer` (4) of panels saved by
///   Grafana 12.3, newer than the vendored schemas; time series keys left
///   on stat panels (`custom.fillOpacity`... and `options.legend`, 16); a
///   table override of `custom.hideFrom` (4); `thresholds.min` (1),
///   `scaleDistribution.scaleDistributionLog` (2);
/// - value mappings in the format before Grafana 8 (`id`, 24);
/// - the Angular heatmap's options on `heatmap` panels (`cards`, `color`,
///   `dataFormat`, `yBucketBound`, ..., 149) and `tooltip.show` (8); the
///   Angular table's `styles` and `columns` (6); table options
///   `filterable` and `showSearch` (4);
/// - row panels: `targets` (46), `description` (1), and `collapse`,
///   `showTitle`, `titleSize`, `repeatIteration`, `repeatRowId` (40) of the
///   rows before Grafana 5.
///
/// The limit leaves no room for a regression of the model: a key it loses
/// shows up in many panels.
const UNKNOWN_KEY_LIMIT: usize = 770;

fn panels(list: &[Value], prefix: &str, out: &mut Vec<(String, Value)>) {
    for (i, p) in list.iter().enumerate() {
        out.push((format!("{prefix}/{i}"), p.clone()));
    }
}

#[test]
fn corpus_panels_fit_the_model() {
    // The repository's root is the workspace, one level above this crate.
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/dashboards/dashboards");
    assert!(
        dir.is_dir(),
        "the corpus of real dashboards is missing: {} (the shared folder beside the repository)",
        dir.display()
    );
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut unknown_keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut other = Vec::new();
    let mut dashboard_level: BTreeMap<String, usize> = BTreeMap::new();
    let (mut dashboards, mut checked) = (0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus file");
        let dashboard: Value = serde_json::from_str(&text).expect("corpus JSON");
        let version = dashboard["schemaVersion"].as_u64().unwrap_or(0);
        if version < 30 {
            continue;
        }
        dashboards += 1;
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let mut list = Vec::new();
        if let Some(ps) = dashboard["panels"].as_array() {
            panels(ps, "/panels", &mut list);
        }
        // A collapsed row holds its panels: each is checked as a panel of
        // its own kind, the row without them.
        let mut i = 0;
        while i < list.len() {
            let (pointer, panel) = list[i].clone();
            if panel["type"] == "row" {
                if let Some(inner) = panel["panels"].as_array() {
                    panels(inner, &format!("{pointer}/panels"), &mut list);
                    let mut bare = panel.clone();
                    bare.as_object_mut().expect("row object").remove("panels");
                    list[i].1 = bare;
                }
            }
            i += 1;
        }
        // The dashboard's own keys (its panels are counted below).
        let mut bare = dashboard.clone();
        bare.as_object_mut().map(|d| d.remove("panels"));
        for f in schema::validate_dashboard_json(&bare) {
            let at = f
                .pointer
                .split('/')
                .map(|s| if s.parse::<usize>().is_ok() { "*" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            *dashboard_level
                .entry(format!("{}: {at}", f.problem.kind()))
                .or_default() += 1;
        }
        for (pointer, panel) in &list {
            checked += 1;
            for f in schema::validate_panel_json(None, panel) {
                *by_kind.entry(f.problem.kind()).or_default() += 1;
                let kind = panel["type"].as_str().unwrap_or("?");
                match &f.problem {
                    Problem::UnknownKey { .. } => {
                        let mut at = f.pointer.clone();
                        // Group by the key's place, without indices.
                        at = at
                            .split('/')
                            .map(|s| if s.parse::<usize>().is_ok() { "*" } else { s })
                            .collect::<Vec<_>>()
                            .join("/");
                        unknown_keys
                            .entry(format!("{kind}: {at}"))
                            .or_default()
                            .push(format!("{name}{pointer}"));
                    }
                    _ => other.push(format!("{name}{pointer}: {f}")),
                }
            }
        }
    }
    println!("{dashboards} modern dashboards, {checked} panels (rows included)");
    println!("findings by kind: {by_kind:?}");
    println!("unknown keys ({} places):", unknown_keys.len());
    for (at, wher) in &unknown_keys {
        println!("  {at}  x{}  e.g. {}", wher.len(), wher[0]);
    }
    println!("dashboard-level findings, not counted above:");
    for (at, n) in &dashboard_level {
        println!("  {at}  x{n}");
    }
    println!("other findings ({}):", other.len());
    for o in &other {
        println!("  {o}");
    }
    let unknown = by_kind.get("unknown-key").copied().unwrap_or(0);
    assert!(
        dashboards > 0 && checked > 0,
        "no modern dashboard in the corpus"
    );
    assert!(
        unknown <= UNKNOWN_KEY_LIMIT,
        "{unknown} unknown-key findings, more than the {UNKNOWN_KEY_LIMIT} the corpus is known to hold"
    );
}
