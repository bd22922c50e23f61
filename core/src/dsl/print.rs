//! DSL source text of values: string literals and JSON in `set` syntax,
//! written by `dashc import` and by the forms that print their own source.

use serde_json::Value;

/// A Rust string literal holding `s`: raw when that reads better and
/// nothing in `s` needs an escape (a control character, or a mark that
/// changes the direction of text, which `rustc` refuses in a literal).
pub(crate) fn lit(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| matches!(c, '"' | '\'' | '\\') || c.escape_debug().len() == 1);
    if plain && (s.contains('"') || s.contains('\\')) {
        let mut hashes = 1;
        while s.contains(&format!("\"{}", "#".repeat(hashes))) {
            hashes += 1;
        }
        let h = "#".repeat(hashes);
        return format!("r{h}\"{s}\"{h}");
    }
    format!("{s:?}")
}

/// A JSON value in the DSL's `set` syntax.
pub(crate) fn json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let text = n.to_string();
            out.push_str(&text);
        }
        Value::String(s) => out.push_str(&lit(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{ ");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&lit(k));
                out.push_str(": ");
                json(v, out);
            }
            out.push_str(" }");
        }
    }
}
