//! Reading a dashboard file for import: within the caps of
//! [`crate::limits`], bare or API-wrapped (`{"dashboard": {..}}`), one JSON
//! object.

use serde_json::Value;

use crate::limits::{
    self, JSON_MAX_DEPTH, MAX_DASHBOARD_BYTES, MAX_PANELS, MAX_TARGETS, MAX_VARIABLES,
};
use crate::lint::json_error_reason;
use crate::lint::walk::walk;

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
    caps(&dashboard)?;
    Ok((dashboard, base))
}

/// The counts of [`crate::limits`] a dashboard must stay within.
fn caps(dashboard: &Value) -> Result<(), String> {
    let walked = walk(dashboard, "");
    let panels = walked.panels.len();
    let targets: usize = walked
        .panels
        .iter()
        .map(|p| {
            p.panel
                .get("targets")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
        .sum();
    let variables = dashboard
        .pointer("/templating/list")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    for (count, what, unit, cap, value) in [
        (panels, "the dashboard", "panels", "MAX_PANELS", MAX_PANELS),
        (
            targets,
            "the dashboard's panels",
            "query targets",
            "MAX_TARGETS",
            MAX_TARGETS,
        ),
        (
            variables,
            "`templating.list`",
            "variables",
            "MAX_VARIABLES",
            MAX_VARIABLES,
        ),
    ] {
        if count > value {
            return Err(limits::over(what, count, unit, cap, value));
        }
    }
    Ok(())
}
