//! Machine-readable forms of findings: JSON (one object per finding) and
//! SARIF 2.1.0 (one run of `dashc`, its rules, one result per finding).
//!
//! ```
//! use dashc_core::catalog::Catalog;
//! use dashc_core::lint::{lint_dashboard, output};
//! let findings = lint_dashboard(r#"{"title": "T", "uid": "t", "schemaVersion": 42}"#, "t.json", &Catalog::default());
//! let log: serde_json::Value = serde_json::from_str(&output::sarif(&findings)).unwrap();
//! assert_eq!(log["version"], "2.1.0");
//! assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "dashc");
//! ```

use serde_json::{json, Map, Value};

use super::rules::RULES;
use super::Finding;

/// The JSON object of one finding: `file`, `pointer` (JSON pointer into
/// the file), `rule`, `severity`, `message`, and where they apply `panel`,
/// `refId`, and for a query `query` with `start` and `end`, the byte
/// range of the problem in it.
pub fn finding_json(f: &Finding) -> Value {
    let mut o = Map::new();
    o.insert("file".into(), json!(f.file));
    o.insert("pointer".into(), json!(f.pointer));
    o.insert("rule".into(), json!(f.rule));
    o.insert("severity".into(), json!(f.severity.as_str()));
    o.insert("message".into(), json!(f.message));
    if let Some(panel) = &f.panel {
        o.insert("panel".into(), json!(panel));
    }
    if let Some(ref_id) = &f.ref_id {
        o.insert("refId".into(), json!(ref_id));
    }
    if let Some((query, range)) = &f.query {
        o.insert("query".into(), json!(query));
        o.insert("start".into(), json!(range.start));
        o.insert("end".into(), json!(range.end));
    }
    Value::Object(o)
}

/// Every finding as a JSON array, one object per line.
pub fn json(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "[]\n".to_string();
    }
    let lines: Vec<String> = findings
        .iter()
        .map(|f| format!("  {}", finding_json(f)))
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

/// The findings as a SARIF 2.1.0 log. Each result has `ruleId`,
/// `ruleIndex`, `level` (`error` or `warning`), `message.text`, and a
/// location: the file as `artifactLocation.uri` and the JSON pointer as a
/// logical location; a query's byte range is in the result's `properties`.
pub fn sarif(findings: &[Finding]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "shortDescription": {"text": r.summary},
                "defaultConfiguration": {"level": r.severity.as_str()},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule,
                "level": f.severity.as_str(),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": uri(&f.file)}},
                    "logicalLocations": [{"fullyQualifiedName": f.pointer, "kind": "object"}],
                }],
            });
            if let Some(index) = RULES.iter().position(|r| r.name == f.rule) {
                result["ruleIndex"] = json!(index);
            }
            let mut properties = Map::new();
            properties.insert("pointer".into(), json!(f.pointer));
            if let Some(panel) = &f.panel {
                properties.insert("panel".into(), json!(panel));
            }
            if let Some(ref_id) = &f.ref_id {
                properties.insert("refId".into(), json!(ref_id));
            }
            if let Some((query, range)) = &f.query {
                properties.insert("query".into(), json!(query));
                properties.insert("start".into(), json!(range.start));
                properties.insert("end".into(), json!(range.end));
            }
            result["properties"] = Value::Object(properties);
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dashc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A file path as a relative URI reference: `/` separators, and the
/// characters a URI cannot hold percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
