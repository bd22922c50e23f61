//! Small JSON building blocks shared by the renderers: numbers as Grafana
//! writes them, and the key order of Grafana's saved dashboards.

use serde_json::{Map, Number, Value};

use crate::model::SetEntry;

/// A JSON number for a model value: integral values are written without a
/// fraction (`80`, not `80.0`), as Grafana does; a non-finite value, which
/// JSON cannot hold, becomes `null`.
pub fn number(value: f64) -> Value {
    // 2^53: beyond it an f64 no longer holds every integer exactly.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.is_finite() && value.fract() == 0.0 && value.abs() <= EXACT {
        // The range check above makes the cast exact.
        Value::Number(Number::from(value as i64))
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

/// An object from `(key, value)` pairs.
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Merges the `set` entries of a model element into its rendered object:
/// each value replaces whatever is at its dotted path, objects on the way
/// are created (or replace a non-object). The entries were checked
/// ([`crate::check`]): paths of one block do not overlap, so the result does
/// not depend on their order.
pub fn apply_set(target: &mut Value, entries: &[SetEntry]) {
    for entry in entries {
        write_at(target, &entry.path.value, entry.value.clone());
    }
}

/// Writes `value` at the dotted `path` of `target`, replacing what is
/// there; objects on the way are created (or replace a non-object).
pub fn write_at(target: &mut Value, path: &str, value: Value) {
    let mut at = target;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        if keys.peek().is_none() {
            map.insert(key.to_owned(), value);
            return;
        }
        at = map.entry(key.to_owned()).or_insert(Value::Null);
    }
}

/// Sorts every object's keys, recursively. Grafana saves dashboards with
/// sorted keys (its save model is a sorted deep clone), so a sorted file is
/// what a Grafana user sees in "JSON Model", and the order is stable by
/// construction.
pub fn sort_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// The text of a JSON value, pretty-printed with two-space indentation and
/// a trailing newline.
pub fn pretty(value: &Value) -> String {
    // A `Value` has only string keys, the one thing that can make serde_json fail.
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value always serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_look_like_grafanas() {
        assert_eq!(number(80.0).to_string(), "80");
        assert_eq!(number(-3.0).to_string(), "-3");
        assert_eq!(number(0.05).to_string(), "0.05");
        assert_eq!(number(1e300).to_string(), "1e+300");
        assert_eq!(number(f64::NAN), Value::Null);
        assert_eq!(number(f64::INFINITY), Value::Null);
    }

    #[test]
    fn keys_are_sorted_at_every_depth() {
        let value = sort_keys(json!({"b": 1, "a": [{"z": 1, "y": {"d": 1, "c": 2}}]}));
        assert_eq!(
            serde_json::to_string(&value).unwrap_or_default(),
            r#"{"a":[{"y":{"c":2,"d":1},"z":1}],"b":1}"#
        );
        assert!(pretty(&value).ends_with("}\n"));
    }
}
