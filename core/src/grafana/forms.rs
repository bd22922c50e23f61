//! JSON of the panel transformations, data links and repeat options, the
//! annotation list, and the dashboard's time picker and calendar options.
//! Each writes nothing where the model keeps Grafana's default, so a
//! dashboard not using them renders as before.

use serde_json::{json, Map, Value};

use super::datasource_ref;
use super::json::object;
use crate::model::{
    Annotation, AnnotationSource, Annotations, Dashboard, DataLink, Repeat, Transformation,
};

/// `transformations`: `{id, options}` in order, `disabled` when set.
pub fn transformations(list: &[Transformation]) -> Value {
    list.iter()
        .map(|t| {
            let mut out = object([("id", json!(t.id.value)), ("options", t.options.clone())]);
            if t.disabled {
                out.insert("disabled".into(), json!(true));
            }
            Value::Object(out)
        })
        .collect()
}

/// `fieldConfig.defaults.links`. Grafana reads a data link's `title`,
/// `url` and `targetBlank`; the dashboard schema types these links as
/// dashboard links, whose other required keys are written with the values
/// that do nothing on a data link (no tags, no dropdown, `type: "link"`).
pub fn data_links(links: &[DataLink]) -> Value {
    links
        .iter()
        .map(|l| {
            json!({
                "asDropdown": false,
                "icon": "external link",
                "includeVars": false,
                "keepTime": false,
                "tags": [],
                "targetBlank": l.new_tab,
                "title": l.title.value,
                "tooltip": "",
                "type": "link",
                "url": l.url.value,
            })
        })
        .collect()
}

/// A panel's `repeat`, `repeatDirection` and `maxPerRow`.
pub fn repeat(out: &mut Map<String, Value>, repeat: Option<&Repeat>) {
    let Some(r) = repeat else {
        return;
    };
    out.insert("repeat".into(), json!(r.variable.value));
    out.insert(
        "repeatDirection".into(),
        json!(if r.vertical { "v" } else { "h" }),
    );
    if let Some(n) = &r.max_per_row {
        out.insert("maxPerRow".into(), json!(n.value));
    }
}

/// `annotations.list`: the built-in query, then the PromQL ones.
pub fn annotations(a: &Annotations) -> Value {
    let builtin = json!({
        "builtIn": 1,
        "datasource": {"type": "grafana", "uid": "-- Grafana --"},
        "enable": a.builtin_enable,
        "hide": a.builtin_hide,
        "iconColor": "rgba(0, 211, 255, 1)",
        "name": "Annotations & Alerts",
        "type": "dashboard",
    });
    let list: Vec<Value> = std::iter::once(builtin)
        .chain(a.queries.iter().map(annotation))
        .collect();
    json!({ "list": list })
}

/// One annotation query: a PromQL one in the fields Grafana's Prometheus
/// datasource reads (`expr`, `step`, `titleFormat`, `textFormat`,
/// `tagKeys`), a tagged one in the `target` Grafana's own annotation
/// datasource reads.
fn annotation(a: &Annotation) -> Value {
    let name = a.display_name.as_ref().unwrap_or(&a.name);
    if let AnnotationSource::Tagged {
        tags,
        match_any,
        limit,
    } = &a.source
    {
        let tags: Vec<&str> = tags.iter().map(|t| t.value.as_str()).collect();
        return Value::Object(object([
            (
                "datasource",
                json!({"type": "grafana", "uid": "-- Grafana --"}),
            ),
            ("enable", json!(a.enable)),
            ("hide", json!(a.hide)),
            ("iconColor", json!(a.color.value)),
            ("name", json!(name.value)),
            (
                "target",
                json!({"limit": limit.value, "matchAny": match_any, "tags": tags, "type": "tags"}),
            ),
        ]));
    }
    let mut out = object([
        ("datasource", datasource_ref()),
        ("enable", json!(a.enable)),
        ("expr", json!(a.expr.value)),
        ("hide", json!(a.hide)),
        ("iconColor", json!(a.color.value)),
        ("name", json!(name.value)),
    ]);
    if let Some(step) = &a.step {
        out.insert("step".into(), json!(step.value));
    }
    if let Some(title) = &a.title {
        out.insert("titleFormat".into(), json!(title.value));
    }
    if let Some(text) = &a.text {
        out.insert("textFormat".into(), json!(text.value));
    }
    if !a.tags.is_empty() {
        let keys: Vec<&str> = a.tags.iter().map(|t| t.value.as_str()).collect();
        out.insert("tagKeys".into(), json!(keys.join(",")));
    }
    Value::Object(out)
}

/// `timepicker`, `weekStart`; `fiscalYearStartMonth` is always written.
pub fn dashboard_options(out: &mut Map<String, Value>, d: &Dashboard) {
    if let Some(picker) = &d.time_picker {
        let mut tp = Map::new();
        if picker.hidden {
            tp.insert("hidden".into(), json!(true));
        }
        if !picker.refresh_intervals.is_empty() {
            let list: Vec<&str> = picker
                .refresh_intervals
                .iter()
                .map(|i| i.value.as_str())
                .collect();
            tp.insert("refresh_intervals".into(), json!(list));
        }
        if let Some(delay) = &picker.now_delay {
            tp.insert("nowDelay".into(), json!(delay.value));
        }
        out.insert("timepicker".into(), Value::Object(tp));
    }
    if let Some(week) = d.week_start {
        out.insert("weekStart".into(), json!(week.grafana_name()));
    }
    out.insert(
        "fiscalYearStartMonth".into(),
        json!(d.fiscal_year_start.as_ref().map_or(0, |m| m.value)),
    );
}
