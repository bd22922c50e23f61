//! Reading a dashboard file for import: within the size cap of
//! [`crate::limits`], bare or API-wrapped (`{"dashboard": {..}}`), one JSON
//! object; then within the counts of the other caps.

use serde_json::Value;

use crate::limits::{self, JSON_MAX_DEPTH, MAX_DASHBOARD_BYTES};
use crate::lint::walk::walk;
use crate::lint::{json_error_reason, over_caps};

/// The dashboard object of a file's text and the JSON pointer it sits at
/// (`""`, or `/dashboard` for the API form), or what is wrong with it.
pub fn read(text: &str) -> Result<(Value, &'static str), String> {
    if text.len() > MAX_DASHBOARD_BYTES {
        return Err(limits::over(
            "the file",
            text.len(),
            "bytes",
            "MAX_DASHBOARD_BYTES",
            MAX_DASHBOARD_BYTES,
        ));
    }
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let reason = json_error_reason(&e);
        let cap = if reason.contains("recursion limit") {
            format!(" (arrays and objects nest at most {JSON_MAX_DEPTH} levels deep: `limits::JSON_MAX_DEPTH`)")
        } else {
            String::new()
        };
        format!(
            "not valid JSON (line {}, column {}): {reason}{cap}",
            e.line(),
            e.column()
        )
    })?;
    let (dashboard, base) = match root {
        Value::Object(mut map) if matches!(map.get("dashboard"), Some(Value::Object(_))) => {
            (map.remove("dashboard").unwrap_or(Value::Null), "/dashboard")
        }
        v @ Value::Object(_) => (v, ""),
        _ => {
            return Err(
                "the file is not a JSON object; a dashboard file holds one dashboard object".into(),
            )
        }
    };
    Ok((dashboard, base))
}

/// The counts of [`crate::limits`] a dashboard must stay within (the
/// linter's rule, `lint::over_caps`): the first one crossed, as the JSON
/// pointer of the list that is too long (`/panels`, `/templating/list`)
/// and the message naming the cap.
pub fn caps(dashboard: &Value) -> Result<(), (String, String)> {
    let walked = walk(dashboard, "");
    match over_caps(dashboard, &walked).into_iter().next() {
        Some((pointer, message)) => Err((format!("/{pointer}"), message)),
        None => Ok(()),
    }
}
