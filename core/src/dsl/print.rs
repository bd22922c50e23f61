//! DSL source text of values: string literals and JSON in `set` syntax,
//! written by `dashc import` and by the forms that print their own source.

use serde_json::Value;

/// A Rust string literal holding `s`: raw when that reads better and
/// nothing in `s` needs an escape (a control character, or a mark that
/// changes the direction of text, which `rustc` refuses in a literal) and
/// at most 255 `#` delimit it (Rust's limit).
pub(crate) fn lit(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| matches!(c, '"' | '\'' | '\\') || c.escape_debug().len() == 1);
    if plain && (s.contains('"') || s.contains('\\')) {
        // One `#` more than the longest run of them after a quote, in one
        // pass; Rust takes at most 255, past that the escaped form is used.
        let (mut longest, mut run) = (0usize, None::<usize>);
        for c in s.chars() {
            run = match (c, run) {
                ('"', _) => Some(0),
                ('#', Some(n)) => Some(n + 1),
                _ => None,
            };
            longest = longest.max(run.unwrap_or(0));
        }
        let hashes = longest + 1;
        if hashes <= 255 {
            let h = "#".repeat(hashes);
            return format!("r{h}\"{s}\"{h}");
        }
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
