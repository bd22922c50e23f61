//! Comparing an imported dashboard with its source: every leaf of the
//! source, as Grafana migrates it, must be in the dashboard the generated
//! source compiles to, at the same place and with an equal value. Used by
//! the importer (a value the DSL writes itself must come out the same) and
//! by the round-trip test over real dashboards.
//!
//! Places pair up as the importer builds them: panels in order (rows, their
//! panels, collapsed rows' panels inside them), queries in order,
//! variables in order leaving out datasource variables (the DSL declares
//! its own `datasource`). Not compared, each for the reason
//! [`super::DROPPED`] gives: the dashboard's `id`, `version`, `iteration`,
//! `schemaVersion`, `__inputs`, `__requires`, `__elements`, `gnetId`,
//! `style`, `hideControls`; a panel's `id` and `pluginVersion`; every
//! `datasource` of a panel, query or variable; a query's `refId` (dashc
//! letters queries A, B, .. in order) and `key`; and the other keys of
//! [`super::DROPPED`], where they are dropped. [`EQUIVALENT`] lists the values that mean
//! what their absence means.

use serde_json::Value;

use super::Place;

/// Values equal to what the DSL writes (or leaves out) in meaning, by key:
/// Grafana reads each the same.
pub const EQUIVALENT: &[(&str, &str)] = &[
    ("hide", "`false` on a query: the DSL leaves it out, Grafana reads a missing `hide` as false"),
    ("interval", "`\"\"` on a query: no minimum step, as when it is missing"),
    ("timezone", "`\"\"`: the browser's time zone, the DSL's `\"browser\"`"),
    ("refresh", "`false`: no auto-refresh, Grafana's `\"\"`"),
    ("exemplar", "`false` on a query: no exemplars, as when it is missing"),
    ("value", "a string where the DSL writes a list of that one string (a multi-value variable's `current`): Grafana reads both as that one selected value"),
    ("text", "as `value`: a string for a list of that one string; and the values joined with ` + `, the text Grafana 7 to 9 saved for several selected values"),
    ("tags", "`[]` (of an annotation query): no tags, as when it is missing"),
    ("links", "`[]` (a panel's data links): no links, as when it is missing"),
    ("transformations", "`[]` (a panel's): no transformations, as when it is missing"),
    ("mappings", "value mappings with the `id` of Grafana 7's mappings, which Grafana does not read, and a special one whose `match` is `null`, which matches no value and which Grafana never applies"),
    ("regexApplyTo", "`\"value\"` (a query variable's, Grafana 12's): the regex applies to the values, as when it is missing"),
    ("nowDelay", "`\"\"` (of the time picker): no delay, as when it is missing"),
    ("fields", "`\"\"` (a table footer's, as Grafana 8 saved it, or a reduction's): no fields chosen, so every numeric field, as when it is missing"),
    ("filters", "`[]` (an ad hoc variable's): no filter, as Grafana reads it when missing"),
    ("baseFilters", "`[]` (an ad hoc variable's): no base filter, as Grafana reads it when missing"),
    ("target", "`{\"limit\": 100, \"matchAny\": false, \"tags\": [], \"type\": \"dashboard\"}` on the built-in annotation query: the query it runs whatever it says"),
    ("repeatDirection", "on a panel without `repeat`: nothing is repeated, Grafana does not read it"),
    ("maxPerRow", "on a panel without `repeat` or repeated one under the other: Grafana does not read it"),
    ("weekStart", "`\"\"`: the browser's first day of the week, as when it is missing"),
    ("query", "a query variable's query object (`{\"query\": \"..\", \"refId\": ..}`): its query string; a custom variable's values with spaces around the commas: Grafana trims each value"),
    ("thresholds", "the value of the first step: Grafana starts the base step at -Infinity whatever it says; and a later step without a `value`, with every step after it: Grafana never shows them (the field's value is never at or above `undefined`); and keys Grafana's thresholds have not (`min`), which it never reads"),
    ("(any)", "`null` or `{}`: unset, so Grafana uses its default, which is what the DSL writes (or nothing); an object of the DSL may have more keys than the source's"),
];

/// A value mapping as Grafana reads it: without the `id` of Grafana 7's
/// mappings, and `None` for a special one whose `match` is `null`, which
/// matches no value.
fn read_mapping(m: &Value) -> Option<Value> {
    if m.get("type").and_then(Value::as_str) == Some("special")
        && m.pointer("/options/match") == Some(&Value::Null)
    {
        return None;
    }
    let mut m = m.clone();
    if let Value::Object(map) = &mut m {
        map.remove("id");
    }
    Some(m)
}

/// The text older Grafana saved for several selected values: the values
/// joined with ` + `.
pub(crate) fn joined_text(values: &[Value]) -> Option<String> {
    let parts: Option<Vec<&str>> = values.iter().map(Value::as_str).collect();
    Some(parts?.join(" + "))
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Whether `out` holds every leaf of `src` (objects may have more keys;
/// arrays have the same length, item by item), a `null` or `{}` in `src`
/// meaning "unset".
pub fn covers(out: Option<&Value>, src: &Value) -> bool {
    match (src, out) {
        // Unset: Grafana uses its default, which is what the DSL writes.
        (Value::Null, _) => true,
        (Value::Object(s), None) => s.is_empty(),
        (Value::Object(s), Some(Value::Object(o))) => s.iter().all(|(k, v)| covers(o.get(k), v)),
        (Value::Array(s), Some(Value::Array(o))) => {
            s.len() == o.len() && s.iter().zip(o).all(|(v, w)| covers(Some(w), v))
        }
        (_, Some(o)) => json_eq(o, src),
        _ => false,
    }
}

/// Whether `out` (what the DSL wrote at `key`, if anything) carries the
/// source's `src`: it [`covers`] it, or it is one of [`EQUIVALENT`].
pub fn equivalent(key: &str, src: &Value, out: Option<&Value>) -> bool {
    if covers(out, src) {
        return true;
    }
    match (key, src, out) {
        ("thresholds", Value::Object(_), Some(o)) => {
            // The base step starts at -Infinity whatever its value says.
            let mut s = src.clone();
            if let Some(Value::Array(steps)) = s.get_mut("steps") {
                if let Some(Value::Object(first)) = steps.first_mut() {
                    first.remove("value");
                }
                // Steps from the first later one without a value on are
                // never shown.
                if let Some(i) = steps
                    .iter()
                    .skip(1)
                    .position(|st| st.get("value").is_none())
                {
                    steps.truncate(i + 1);
                }
            }
            // Keys Grafana's thresholds have not (`min`) are never read.
            if let Value::Object(map) = &mut s {
                map.retain(|k, _| k == "mode" || k == "steps");
            }
            covers(Some(o), &s)
        }
        ("hide" | "exemplar", Value::Bool(false), None) => true,
        ("value" | "text", Value::String(s), Some(Value::Array(o))) => {
            (o.len() == 1 && o[0].as_str() == Some(s.as_str()))
                || (key == "text" && o.len() > 1 && joined_text(o).as_deref() == Some(s.as_str()))
        }
        ("interval" | "weekStart" | "nowDelay" | "fields", Value::String(s), None) => s.is_empty(),
        ("regexApplyTo", Value::String(s), None) => s == "value",
        ("repeatDirection" | "maxPerRow", _, None) => true,
        (
            "tags" | "links" | "transformations" | "filters" | "baseFilters",
            Value::Array(a),
            None,
        ) => a.is_empty(),
        ("target", Value::Object(_), None) => json_eq(
            src,
            &serde_json::json!({"limit": 100, "matchAny": false, "tags": [], "type": "dashboard"}),
        ),
        ("timezone", Value::String(s), Some(Value::String(o))) => s.is_empty() && o == "browser",
        ("refresh", Value::Bool(false), Some(Value::String(o))) => o.is_empty(),
        ("query", Value::Object(q), Some(o)) => q.get("query").is_some_and(|q| json_eq(q, o)),
        ("mappings", Value::Array(list), Some(o)) => {
            let read: Vec<Value> = list.iter().filter_map(read_mapping).collect();
            let changed = read.len() != list.len() || list.iter().any(|m| m.get("id").is_some());
            changed && covers(Some(o), &Value::Array(read))
        }
        ("query", Value::String(s), Some(Value::String(o))) => {
            s.contains(',') && super::build::split_custom(s) == super::build::split_custom(o)
        }
        // An object of values each meaning what its absence means.
        (_, Value::Object(m), None) => m.iter().all(|(k, v)| equivalent(k, v, None)),
        _ => false,
    }
}

/// The result of [`compare`].
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Leaves of the source compared.
    pub leaves: usize,
    /// Leaves found equal.
    pub equal: usize,
    /// The first differences: JSON pointer, source value, output value.
    pub differences: Vec<(String, String, String)>,
    /// The output's panel id of each source panel id (panels and rows in
    /// document order pair up): a query of the `-- Dashboard --`
    /// datasource names the panel it reads by id, and dashc numbers
    /// panels anew.
    ids: Vec<(Value, Value)>,
}

/// The `id` of every panel and row in document order (rows' panels after
/// their row).
fn panel_ids(d: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for p in d
        .get("panels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.push(p.get("id").cloned().unwrap_or(Value::Null));
        for q in p
            .get("panels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push(q.get("id").cloned().unwrap_or(Value::Null));
        }
    }
    out
}

impl Comparison {
    fn leaf(&mut self, pointer: &str, src: &Value, out: Option<&Value>, key: &str) {
        self.leaves += 1;
        if equivalent(key, src, out) {
            self.equal += 1;
        } else if self.differences.len() < 20 {
            self.differences.push((
                pointer.to_string(),
                src.to_string(),
                out.map_or("(nothing)".to_string(), Value::to_string),
            ));
        }
    }
}

/// Compares `out` (a compiled dashboard) with `src` (the source dashboard,
/// migrated with [`super::migrate::migrate`]).
pub fn compare(src: &Value, out: &Value) -> Comparison {
    let mut c = Comparison {
        ids: panel_ids(src).into_iter().zip(panel_ids(out)).collect(),
        ..Comparison::default()
    };
    let Some(map) = src.as_object() else {
        return c;
    };
    for (k, v) in map {
        if super::dropped_at(Place::Dashboard, k) {
            continue;
        }
        let p = format!("/{k}");
        match k.as_str() {
            "panels" => {
                let src_panels = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
                let out_panels = out
                    .get("panels")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                panels(&mut c, &p, src_panels, out_panels);
            }
            "annotations" => {
                let list = |d: &Value| {
                    d.pointer("/annotations/list")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                };
                let (sl, ol) = (list(src), list(out));
                for (i, a) in sl.iter().enumerate() {
                    object(
                        &mut c,
                        &format!("/annotations/list/{i}"),
                        a,
                        ol.get(i),
                        Place::Annotation,
                    );
                }
            }
            "templating" => {
                let vars = |d: &Value| -> Vec<Value> {
                    d.pointer("/templating/list")
                        .and_then(Value::as_array)
                        .map(|l| {
                            l.iter()
                                .filter(|v| {
                                    v.get("type").and_then(Value::as_str) != Some("datasource")
                                })
                                .cloned()
                                .collect()
                        })
                        .unwrap_or_default()
                };
                let (sv, ov) = (vars(src), vars(out));
                for (i, var) in sv.iter().enumerate() {
                    object(
                        &mut c,
                        &format!("/templating/list/{i}"),
                        var,
                        ov.get(i),
                        Place::Variable,
                    );
                }
            }
            _ => value(&mut c, &p, k, v, out.get(k)),
        }
    }
    c
}

/// The number of leaves of `v` (an empty object or array is one).
fn leaves(v: &Value) -> usize {
    match v {
        Value::Object(m) if !m.is_empty() => m.values().map(leaves).sum(),
        Value::Array(a) if !a.is_empty() => a.iter().map(leaves).sum(),
        _ => 1,
    }
}

fn panels(c: &mut Comparison, pointer: &str, src: &[Value], out: &[Value]) {
    for (i, p) in src.iter().enumerate() {
        let here = format!("{pointer}/{i}");
        let o = out.get(i);
        let Some(map) = p.as_object() else {
            c.leaf(&here, p, o, "");
            continue;
        };
        for (k, v) in map {
            let kind = p.get("type").and_then(Value::as_str);
            let place = if kind == Some("row") {
                Place::Row
            } else {
                Place::Panel
            };
            if super::dropped_at(place, k)
                || (kind == Some("text") && super::dropped_at(Place::TextPanel, k))
            {
                continue;
            }
            // A key the kind's panel has not (`Place::Options`).
            let unread = place == Place::Panel
                && super::ANGULAR_PANEL_KEYS.contains(&k.as_str())
                && kind
                    .and_then(crate::schema::panel_kind)
                    .is_some_and(|pk| super::unread_option(pk, k, v));
            if unread {
                continue;
            }
            let at = format!("{here}/{k}");
            let ov = o.and_then(|o| o.get(k));
            if k == "options" || k == "fieldConfig" {
                // Keys the kind's schema has not are dropped (listed on stderr).
                options(c, &at, k, v, ov, kind.unwrap_or(""));
                continue;
            }
            match k.as_str() {
                "panels" => {
                    let s = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
                    let os = ov
                        .and_then(Value::as_array)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    panels(c, &at, s, os);
                }
                "targets" => {
                    let s = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
                    let os = ov
                        .and_then(Value::as_array)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    for (j, t) in s.iter().enumerate() {
                        // The panel read, by the id dashc gives it.
                        let mut t = t.clone();
                        if let Some(id) = t.get_mut("panelId") {
                            if let Some((_, out_id)) = c.ids.iter().find(|(s, _)| json_eq(s, id)) {
                                *id = out_id.clone();
                            }
                        }
                        object(c, &format!("{at}/{j}"), &t, os.get(j), Place::Query);
                    }
                }
                _ => value(c, &at, k, v, ov),
            }
        }
    }
}

/// Compares a panel's `options` or `fieldConfig`, leaving out the keys
/// [`Place::Options`] drops.
fn options(
    c: &mut Comparison,
    pointer: &str,
    key: &str,
    src: &Value,
    out: Option<&Value>,
    kind: &str,
) {
    let Some(kind) = crate::schema::panel_kind(kind) else {
        value(c, pointer, key, src, out);
        return;
    };
    walk_options(c, pointer, key, src, out, kind);
}

fn walk_options(
    c: &mut Comparison,
    pointer: &str,
    path: &str,
    src: &Value,
    out: Option<&Value>,
    kind: &'static crate::schema::PanelKind,
) {
    let last = path.rsplit('.').next().unwrap_or(path);
    if super::dropped_anywhere(last) {
        return;
    }
    let dotted = path.starts_with("options.") || path.starts_with("fieldConfig.defaults.custom.");
    if dotted && super::unread_option(kind, path, src) {
        return;
    }
    if path == "fieldConfig.overrides" {
        // `custom.` properties the kind has not are left out (`Place::Options`).
        let read = super::read_overrides(kind, src);
        value(c, pointer, last, &read, out);
        return;
    }
    match src {
        // Compared whole first: their steps have an equivalence of their own.
        Value::Object(_) if last == "thresholds" => value(c, pointer, last, src, out),
        Value::Object(map) if !map.is_empty() && map.keys().all(|k| !k.contains('.')) => {
            for (k, v) in map {
                walk_options(
                    c,
                    &format!("{pointer}/{}", crate::lint::walk::escape_pointer(k)),
                    &format!("{path}.{k}"),
                    v,
                    out.and_then(|o| o.get(k)),
                    kind,
                );
            }
        }
        _ => value(c, pointer, last, src, out),
    }
}

fn object(c: &mut Comparison, pointer: &str, src: &Value, out: Option<&Value>, place: Place) {
    let Some(map) = src.as_object() else {
        c.leaf(pointer, src, out, "");
        return;
    };
    for (k, v) in map {
        if super::dropped_at(place, k) {
            continue;
        }
        value(
            c,
            &format!("{pointer}/{k}"),
            k,
            v,
            out.and_then(|o| o.get(k)),
        );
    }
}

/// Compares every leaf below `src`.
fn value(c: &mut Comparison, pointer: &str, key: &str, src: &Value, out: Option<&Value>) {
    if super::dropped_anywhere(key) {
        return;
    }
    if equivalent(key, src, out) {
        // Every leaf below is carried.
        let n = leaves(src);
        c.leaves += n;
        c.equal += n;
        return;
    }
    match src {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                value(
                    c,
                    &format!("{pointer}/{}", crate::lint::walk::escape_pointer(k)),
                    k,
                    v,
                    out.and_then(|o| o.get(k)),
                );
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                value(
                    c,
                    &format!("{pointer}/{i}"),
                    "",
                    v,
                    out.and_then(|o| o.get(i)),
                );
            }
        }
        _ => c.leaf(pointer, src, out, key),
    }
}
