//! Template variables: the implicit `datasource` variable and the model's
//! variables, as Grafana 12 saves them in `templating.list`.

use serde_json::{json, Map, Value};

use super::json::object;
use super::{datasource_ref, DATASOURCE_VARIABLE};
use crate::model::{Dashboard, Variable, VariableHide, VariableKind};

/// The value Grafana stores for the "All" option.
pub const ALL_VALUE: &str = "$__all";
/// The value of an interval variable's `auto` option.
pub const AUTO_INTERVAL_VALUE: &str = "$__auto";
/// The text Grafana shows (and saves) for a query variable whose query
/// returned no values; its value is the empty string.
pub const NONE_TEXT: &str = "None";

/// `templating.list`: the datasource variable first, then the model's.
pub fn variables(dashboard: &Dashboard) -> Value {
    let mut list = vec![datasource_variable(&dashboard.datasource_uid.value)];
    list.extend(dashboard.variables.iter().map(variable));
    Value::Array(list)
}

/// The `datasource` variable: every panel and query names its datasource as
/// `${datasource}`, so one dropdown switches the dashboard between
/// Prometheus instances; its default is the provisioned one.
fn datasource_variable(uid: &str) -> Value {
    Value::Object(object([
        ("current", option(uid, false, None)),
        ("hide", json!(0)),
        ("includeAll", json!(false)),
        ("label", json!("Data source")),
        ("multi", json!(false)),
        ("name", json!(DATASOURCE_VARIABLE)),
        ("options", json!([])),
        ("query", json!("prometheus")),
        ("refresh", json!(1)),
        ("regex", json!("")),
        ("type", json!("datasource")),
    ]))
}

fn variable(var: &Variable) -> Value {
    let mut out = object([
        ("name", json!(var.name.value)),
        ("type", json!(var.kind.type_name())),
        ("hide", json!(hide(var))),
    ]);
    if let Some(label) = &var.label {
        out.insert("label".into(), json!(label));
    }
    if let Some(description) = &var.description {
        out.insert("description".into(), json!(description));
    }
    match &var.kind {
        VariableKind::Query {
            query,
            multi,
            include_all,
            all_value,
            regex,
            sort,
        } => {
            out.insert("datasource".into(), datasource_ref());
            // `definition` is what the query editor shows; a plain string
            // `query` is the classic form Grafana's Prometheus variable reads
            // (the schema's object form only allows object-valued members).
            out.insert("definition".into(), json!(query.value));
            out.insert("query".into(), json!(query.value));
            // 2 unless told otherwise: re-run on time range change, so
            // series that appear later show up.
            let refresh = var
                .refresh
                .map_or(2, crate::model::VariableRefresh::grafana_number);
            out.insert("refresh".into(), json!(refresh));
            out.insert("regex".into(), json!(regex.as_deref().unwrap_or("")));
            out.insert("sort".into(), json!(sort));
            out.insert("options".into(), json!([]));
            selection(&mut out, *multi, *include_all, all_value.as_deref());
            if !var.current.is_empty() {
                out.insert("current".into(), preset(var, *multi, ALL_VALUE, "All"));
            } else if *include_all {
                out.insert("current".into(), option(ALL_VALUE, *multi, Some("All")));
            }
        }
        VariableKind::Custom {
            values,
            multi,
            include_all,
            all_value,
        } => {
            out.insert("query".into(), json!(custom_query(values)));
            selection(&mut out, *multi, *include_all, all_value.as_deref());
            let all = include_all.then_some(("All", ALL_VALUE));
            listed_values(&mut out, all, values, *multi);
            if !var.current.is_empty() {
                select(&mut out, var, *multi, ALL_VALUE, "All");
            }
        }
        VariableKind::Interval { values, auto } => {
            out.insert("query".into(), json!(values.join(",")));
            out.insert("refresh".into(), json!(2));
            out.insert("auto".into(), json!(auto));
            // Grafana's defaults for the auto option: the range split in 30
            // steps, never finer than 10s.
            out.insert("auto_count".into(), json!(30));
            out.insert("auto_min".into(), json!("10s"));
            let auto = auto.then_some(("auto", AUTO_INTERVAL_VALUE));
            listed_values(&mut out, auto, values, false);
            if !var.current.is_empty() {
                select(&mut out, var, false, AUTO_INTERVAL_VALUE, "auto");
            }
        }
        VariableKind::Constant { value } => {
            out.insert("query".into(), json!(value));
            out.insert("skipUrlSync".into(), json!(true));
            out.insert("current".into(), option(value, false, None));
            out.insert("options".into(), json!([listed_option(value, value, true)]));
        }
        VariableKind::Textbox { default } => {
            out.insert("query".into(), json!(default));
            out.insert("current".into(), option(default, false, None));
            out.insert(
                "options".into(),
                json!([listed_option(default, default, true)]),
            );
        }
        VariableKind::Adhoc => {
            // The filters apply to every query of this datasource: the
            // dashboard's, through the `datasource` variable. No `filters`
            // or `baseFilters` (absent from the schema's VariableModel):
            // Grafana reads a missing one as none.
            out.insert("datasource".into(), datasource_ref());
        }
    }
    let mut out = Value::Object(out);
    super::json::apply_set(&mut out, &var.set);
    out
}

/// The value Grafana stores for a `current` entry: `lead_text` (`All`,
/// `auto`) stands for `lead_value` (`$__all`, `$__auto`).
fn stored<'a>(value: &'a str, lead_value: &'a str, lead_text: &str) -> &'a str {
    if value == lead_text {
        lead_value
    } else {
        value
    }
}

/// `current` of a variable with a preset `current`; `none` (the empty
/// value) is shown as Grafana's [`NONE_TEXT`].
fn preset(var: &Variable, multi: bool, lead_value: &str, lead_text: &str) -> Value {
    let texts: Vec<&str> = var
        .current
        .iter()
        .map(|c| match c.value.as_str() {
            "" => NONE_TEXT,
            v => v,
        })
        .collect();
    let values: Vec<&str> = var
        .current
        .iter()
        .map(|c| stored(&c.value, lead_value, lead_text))
        .collect();
    if multi {
        json!({"text": texts, "value": values})
    } else {
        json!({"text": texts[0], "value": values[0]})
    }
}

/// Sets `current` to the preset values and marks them, only them, selected
/// in `options`.
fn select(
    out: &mut Map<String, Value>,
    var: &Variable,
    multi: bool,
    lead_value: &str,
    lead_text: &str,
) {
    out.insert("current".into(), preset(var, multi, lead_value, lead_text));
    let chosen: Vec<&str> = var
        .current
        .iter()
        .map(|c| stored(&c.value, lead_value, lead_text))
        .collect();
    if let Some(Value::Array(options)) = out.get_mut("options") {
        for o in options {
            let selected = o
                .get("value")
                .and_then(Value::as_str)
                .is_some_and(|v| chosen.contains(&v));
            o["selected"] = json!(selected);
        }
    }
}

/// Grafana's numeric `hide`; a constant is always hidden (Grafana offers no
/// other choice for it).
fn hide(var: &Variable) -> u8 {
    if matches!(var.kind, VariableKind::Constant { .. }) {
        return 2;
    }
    match var.hide {
        VariableHide::Visible => 0,
        VariableHide::Label => 1,
        VariableHide::Variable => 2,
    }
}

fn selection(out: &mut Map<String, Value>, multi: bool, include_all: bool, all: Option<&str>) {
    out.insert("multi".into(), json!(multi));
    out.insert("includeAll".into(), json!(include_all));
    if let Some(all) = all {
        out.insert("allValue".into(), json!(all));
    }
}

/// The value a variable starts with (`current`); multi-value variables hold lists.
fn option(value: &str, multi: bool, text: Option<&str>) -> Value {
    let text = text.unwrap_or(value);
    if multi {
        json!({"text": [text], "value": [value]})
    } else {
        json!({"text": text, "value": value})
    }
}

/// One entry of a variable's `options`.
/// Sets `options` to `values`, the first selected, after `lead` (the `(text,
/// value)` of an "All" or "auto" entry, never selected), and `current` to the
/// first value.
fn listed_values(
    out: &mut Map<String, Value>,
    lead: Option<(&str, &str)>,
    values: &[String],
    multi: bool,
) {
    let lead = lead.map(|(text, value)| listed_option(text, value, false));
    let options = lead
        .into_iter()
        .chain(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| listed_option(v, v, i == 0)),
        )
        .collect();
    out.insert("options".into(), Value::Array(options));
    if let Some(first) = values.first() {
        out.insert("current".into(), option(first, multi, None));
    }
}

fn listed_option(text: &str, value: &str, selected: bool) -> Value {
    json!({"selected": selected, "text": text, "value": value})
}

/// A custom variable's `query`: the values comma-separated, with commas
/// inside a value escaped as Grafana expects (`\,`).
fn custom_query(values: &[String]) -> String {
    values
        .iter()
        .map(|v| v.replace(',', "\\,"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_values_escape_commas() {
        assert_eq!(
            custom_query(&["a".into(), "b,c".into(), "d".into()]),
            "a,b\\,c,d"
        );
    }

    #[test]
    fn multi_value_current_is_a_list() {
        assert_eq!(
            option(ALL_VALUE, true, Some("All")),
            json!({"text": ["All"], "value": ["$__all"]})
        );
        assert_eq!(option("x", false, None), json!({"text": "x", "value": "x"}));
    }
}
