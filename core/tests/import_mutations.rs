//! `dashc import` on damaged real dashboards: dashboards of the corpus that
//! import are changed one place at a time (a key removed, a value replaced
//! by `null`, by a value of another type, by an extreme number, by a long
//! string) and imported again. Whatever the damage, the importer must not
//! panic; an import it accepts must compile (what `dashc import` promises
//! for its output), and the same input must give the same result twice; an
//! import it refuses must name the dashboard and a JSON path for every
//! error. The places are sampled with a fixed stride, so every run tries
//! the same variants.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use dashc_core::dsl::compile_set_str;
use dashc_core::import::{import, Input, Options};
use serde_json::Value;

/// The dashboards damaged: one of each era the importer reads (schema 12
/// with legacy rows and graph panels, schema 14, schema 38 and 39 with
/// overrides, mappings and transformations).
const FILES: [&str; 4] = [
    "nats-io__prometheus-nats-exporter__grafana-nats-dash@766394e.json",
    "jaegertracing__jaeger__dashboard-for-grafana@3db49dc.json",
    "istio__istio__istio-performance-dashboard.json",
    "strimzi__strimzi-kafka-operator__strimzi-kraft.json",
];

/// About this many places of each dashboard are damaged (each in every way
/// below), spread evenly over the whole document.
const PLACES_PER_FILE: usize = 30;

fn corpus_file(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/dashboards");
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "the corpus of real dashboards is missing: expected {} (the shared reference data beside the repository, ../shared/)",
        dir.join("MANIFEST.tsv").display()
    );
    dir.join("dashboards").join(name)
}

/// Every place of a document: the JSON pointer of each value below the
/// root, in document order.
fn places(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                places(child, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                places(child, &p, out);
            }
        }
        _ => {}
    }
}

/// The ways a place is damaged.
#[derive(Debug, Clone, Copy)]
enum Damage {
    Remove,
    Null,
    OtherType,
    Extreme,
    LongString,
}

const DAMAGES: [Damage; 5] = [
    Damage::Remove,
    Damage::Null,
    Damage::OtherType,
    Damage::Extreme,
    Damage::LongString,
];

/// The document with `pointer` damaged; `None` where that damage does not
/// apply (removing the root).
fn damaged(doc: &Value, pointer: &str, damage: Damage) -> Option<Value> {
    let mut doc = doc.clone();
    let (parent, last) = pointer.rsplit_once('/')?;
    let key = last.replace("~1", "/").replace("~0", "~");
    let target = doc.pointer_mut(parent)?;
    let old = match target {
        Value::Object(map) => map.get(&key)?.clone(),
        Value::Array(items) => items.get(key.parse::<usize>().ok()?)?.clone(),
        _ => return None,
    };
    let new = match damage {
        Damage::Remove => {
            match target {
                Value::Object(map) => {
                    map.remove(&key);
                }
                Value::Array(items) => {
                    items.remove(key.parse::<usize>().ok()?);
                }
                _ => return None,
            }
            return Some(doc);
        }
        Damage::Null => Value::Null,
        Damage::OtherType => match old {
            Value::String(_) => serde_json::json!(7),
            Value::Number(_) => serde_json::json!("7"),
            Value::Bool(_) => serde_json::json!("true"),
            Value::Array(_) => serde_json::json!({"0": 1}),
            Value::Object(_) => serde_json::json!([1, "a"]),
            Value::Null => serde_json::json!(false),
        },
        Damage::Extreme => match old {
            Value::Number(_) => serde_json::json!(-9.0e300),
            _ => serde_json::json!(u64::MAX),
        },
        Damage::LongString => Value::String("{{$x}}[5m]\"\\ $__all ${a:b}".repeat(200)),
    };
    match target {
        Value::Object(map) => {
            map.insert(key, new);
        }
        Value::Array(items) => {
            let i = key.parse::<usize>().ok()?;
            items[i] = new;
        }
        _ => return None,
    }
    Some(doc)
}

/// What one import gave, comparable between two runs: the source and the
/// body of the set, or each error's text with whether it names its place
/// (the file and a JSON path).
type Outcome = Result<(String, String), Vec<(String, bool)>>;

fn outcome(name: &str, text: &str) -> Outcome {
    let input = Input { name, text };
    match import(&[input], &Options::default()) {
        Ok(imported) => Ok((imported.source, imported.body)),
        Err(errors) => Err(errors
            .iter()
            .map(|e| (e.to_string(), e.file == name && !e.pointer.is_empty()))
            .collect()),
    }
}

#[test]
fn damaged_dashboards_import_or_fail_with_a_place() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let (mut tried, mut accepted) = (0usize, 0usize);
    for file in FILES {
        let path = corpus_file(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc: Value = serde_json::from_str(&text).expect("corpus files are JSON");
        assert!(
            outcome(file, &text).is_ok(),
            "{file} no longer imports undamaged; pick another dashboard of the corpus for this test"
        );
        let mut all = Vec::new();
        places(&doc, "", &mut all);
        let stride = (all.len() / PLACES_PER_FILE).max(1);
        for pointer in all.iter().step_by(stride) {
            for damage in DAMAGES {
                let Some(variant) = damaged(&doc, pointer, damage) else {
                    continue;
                };
                let variant = serde_json::to_string(&variant).expect("a JSON value prints");
                tried += 1;
                let what = format!("{file} with {pointer} {damage:?}");
                let first = match catch_unwind(AssertUnwindSafe(|| outcome(file, &variant))) {
                    Ok(r) => r,
                    Err(_) => {
                        failures.push(format!("{what}: the importer panicked"));
                        continue;
                    }
                };
                if outcome(file, &variant) != first {
                    failures.push(format!("{what}: two imports of the same text differ"));
                }
                match first {
                    Ok((source, body)) => {
                        accepted += 1;
                        let compiled =
                            match catch_unwind(AssertUnwindSafe(|| compile_set_str(&body, base))) {
                                Ok(c) => c,
                                Err(_) => {
                                    failures.push(format!(
                                        "{what}: compiling the imported source panicked"
                                    ));
                                    continue;
                                }
                            };
                        if let Some(d) = compiled.diagnostics.first() {
                            failures.push(format!(
                                "{what}: imported, but the source does not compile: {d}\n{}",
                                source.lines().take(3).collect::<Vec<_>>().join("\n")
                            ));
                        }
                    }
                    Err(errors) => {
                        if errors.is_empty() {
                            failures.push(format!("{what}: refused without an error"));
                        }
                        for (error, placed) in errors {
                            if !placed {
                                failures.push(format!(
                                    "{what}: an error without its file and JSON path: {error}"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        tried > 300,
        "only {tried} damaged variants were tried; the corpus files are smaller than expected"
    );
    println!("{tried} damaged dashboards imported: {accepted} accepted, the rest refused");
    assert!(
        failures.is_empty(),
        "{} of {tried} damaged dashboards went wrong:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Legacy rows whose spans and heights are extreme numbers: Grafana's grid
/// migration arithmetic must not overflow (it once did on a span of
/// -9e300).
#[test]
fn legacy_rows_with_extreme_sizes_do_not_overflow() {
    for (span, height) in [
        ("-9e300", "250"),
        ("9e300", "250"),
        ("4", "9e300"),
        ("4", "-9e300"),
        ("-9e300", "\"-9e300px\""),
    ] {
        let text = format!(
            r#"{{"title": "Legacy", "uid": "legacy", "schemaVersion": 12,
                "rows": [{{"title": "R", "height": {height}, "showTitle": true, "panels": [
                  {{"id": 1, "type": "graph", "title": "A", "span": {span},
                    "targets": [{{"expr": "up", "refId": "A"}}]}},
                  {{"id": 2, "type": "graph", "title": "B", "span": 6,
                    "targets": [{{"expr": "up", "refId": "A"}}]}}]}}]}}"#
        );
        let got = catch_unwind(AssertUnwindSafe(|| outcome("legacy.json", &text)));
        assert!(
            got.is_ok(),
            "importing legacy rows with span {span} and height {height} panicked"
        );
    }
}
