//! `transform: [ .. ]`: a panel's Grafana transformations, in order. Each
//! entry is a short name (`merge`, `filter_by_name`), optionally followed by
//! `{ options }`: short options of that transformation (`exclude: ["Time"]`)
//! and, for options without a short name, `"option": value` written into
//! Grafana's `options` object as is (like `set`).

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use serde_json::{json, Map, Value};

use super::values;
use super::Parser;
use crate::diag::closest;
use crate::model::{Spanned, Transformation};

/// The transformations: DSL name and Grafana id (`options` id of
/// `transformations[i]`).
pub const TRANSFORMS: &[(&str, &str)] = &[
    ("merge", "merge"),
    ("organize", "organize"),
    ("reduce", "reduce"),
    ("filter_by_name", "filterFieldsByName"),
    ("filter_by_ref_id", "filterByRefId"),
    ("filter_by_value", "filterByValue"),
    ("series_to_rows", "seriesToRows"),
    ("labels_to_fields", "labelsToFields"),
    ("sort_by", "sortBy"),
    ("calculate_field", "calculateField"),
    ("join_by_field", "joinByField"),
    ("join_by_labels", "joinByLabels"),
    ("group_by", "groupBy"),
    ("grouping_to_matrix", "groupingToMatrix"),
    ("concatenate", "concatenate"),
    ("rename_by_regex", "renameByRegex"),
    ("convert_field_type", "convertFieldType"),
    ("extract_fields", "extractFields"),
    ("limit", "limit"),
    ("partition_by_values", "partitionByValues"),
    ("rows_to_fields", "rowsToFields"),
    ("config_from_data", "configFromData"),
    ("prepare_time_series", "prepareTimeSeries"),
    ("histogram", "histogram"),
    ("format_time", "formatTime"),
    ("format_string", "formatString"),
    ("time_series_table", "timeSeriesTable"),
    ("group_to_nested_table", "groupToNestedTable"),
    ("transpose", "transpose"),
    ("regression", "regression"),
];

/// How a short option's value is read and written.
#[derive(Clone, Copy)]
enum Val {
    /// `"text"`.
    Str,
    /// `true` / `false`.
    Bool,
    /// A number.
    Number,
    /// `["a", "b"]`.
    Strings,
    /// `["a", "b"]` written as `{"a": true, "b": true}`.
    NameSet,
    /// `["a", "b"]` written as `{"a": 0, "b": 1}` (a column order).
    NameIndex,
    /// `{ "old": "new" }`: strings to strings.
    Renames,
    /// `["mean", "max"]`: reducer ids, checked by the core.
    Reducers,
    /// `"sum"`: one reducer id, checked by the core.
    Reducer,
    /// A keyword among (DSL word, Grafana value).
    Choice(&'static [(&'static str, &'static str)]),
}

/// A short option: transformation id, DSL name, dotted path in `options`,
/// how its value reads.
type Short = (&'static str, &'static str, &'static str, Val);

const SHORT_OPTIONS: &[Short] = &[
    ("organize", "exclude", "excludeByName", Val::NameSet),
    ("organize", "include", "includeByName", Val::NameSet),
    ("organize", "order", "indexByName", Val::NameIndex),
    ("organize", "rename", "renameByName", Val::Renames),
    ("reduce", "calcs", "reducers", Val::Reducers),
    (
        "reduce",
        "mode",
        "mode",
        Val::Choice(&[
            ("series_to_rows", "seriesToRows"),
            ("reduce_fields", "reduceFields"),
        ]),
    ),
    ("reduce", "include_time", "includeTimeField", Val::Bool),
    ("reduce", "labels_to_fields", "labelsToFields", Val::Bool),
    (
        "filterFieldsByName",
        "include",
        "include.names",
        Val::Strings,
    ),
    (
        "filterFieldsByName",
        "exclude",
        "exclude.names",
        Val::Strings,
    ),
    ("filterFieldsByName", "pattern", "include.pattern", Val::Str),
    ("filterByRefId", "include", "include", Val::Str),
    (
        "labelsToFields",
        "mode",
        "mode",
        Val::Choice(&[("columns", "columns"), ("rows", "rows")]),
    ),
    ("labelsToFields", "value_label", "valueLabel", Val::Str),
    ("labelsToFields", "keep", "keepLabels", Val::Strings),
    ("sortBy", "field", "sort.field", Val::Str),
    ("sortBy", "desc", "sort.desc", Val::Bool),
    (
        "calculateField",
        "mode",
        "mode",
        Val::Choice(&[
            ("reduce_row", "reduceRow"),
            ("binary", "binary"),
            ("index", "index"),
        ]),
    ),
    ("calculateField", "alias", "alias", Val::Str),
    ("calculateField", "reducer", "reduce.reducer", Val::Reducer),
    ("calculateField", "fields", "reduce.include", Val::Strings),
    ("calculateField", "left", "binary.left", Val::Str),
    ("calculateField", "operator", "binary.operator", Val::Str),
    ("calculateField", "right", "binary.right", Val::Str),
    (
        "calculateField",
        "replace_fields",
        "replaceFields",
        Val::Bool,
    ),
    ("joinByField", "field", "byField", Val::Str),
    (
        "joinByField",
        "mode",
        "mode",
        Val::Choice(&[("outer", "outer"), ("inner", "inner")]),
    ),
    ("renameByRegex", "regex", "regex", Val::Str),
    ("renameByRegex", "rename", "renamePattern", Val::Str),
    ("limit", "limit", "limitField", Val::Number),
];

/// Options a transformation cannot do without: Grafana id, short option,
/// Grafana's key (which `"key": value` may give instead), an example.
const REQUIRED: &[(&str, &str, &str, &str)] = &[
    ("reduce", "calcs", "reducers", "calcs: [\"lastNotNull\"]"),
    ("sortBy", "field", "sort", "field: \"Value\""),
    ("joinByField", "field", "byField", "field: \"instance\""),
];

/// The option every transformation takes: kept but not applied.
const DISABLED: &str = "disabled";

/// The Grafana id of a DSL transformation name.
pub fn grafana_id(name: &str) -> Option<&'static str> {
    TRANSFORMS
        .iter()
        .find(|(dsl, _)| *dsl == name)
        .map(|(_, id)| *id)
}

/// Whether the short option `key` of the transformation `name` (its DSL
/// name) takes a keyword (`mode: reduce_fields`) rather than a string.
pub(crate) fn option_takes_keyword(name: &str, key: &str) -> bool {
    let Some(id) = grafana_id(name) else {
        return false;
    };
    SHORT_OPTIONS
        .iter()
        .any(|s| s.0 == id && s.1 == key && matches!(s.3, Val::Choice(_)))
}

impl Parser {
    /// `transform: [ name, name { .. }, .. ]`.
    pub(super) fn transformations(
        &mut self,
        v: &[TokenTree],
        ks: Span,
    ) -> Option<Vec<Transformation>> {
        let inner = self.push_result(values::list(
            v,
            ks,
            "transformations such as `[merge, organize { exclude: [\"Time\"] }]`",
        ))?;
        let mut out = Vec::new();
        for e in self.split(inner) {
            if let Some(t) = self.transformation(&e.tokens, e.span()) {
                out.push(t);
            }
        }
        Some(out)
    }

    /// One `name` or `name { options }` of a `transform` list.
    fn transformation(&mut self, tokens: &[TokenTree], span: Span) -> Option<Transformation> {
        let names: Vec<&str> = TRANSFORMS.iter().map(|(n, _)| *n).collect();
        let word = match tokens.first() {
            Some(TokenTree::Ident(i)) => i.clone(),
            _ => {
                self.err(
                    span,
                    "expected a transformation such as `merge` or `organize { exclude: [\"Time\"] }`",
                );
                return None;
            }
        };
        let name = word.to_string();
        let Some(id) = grafana_id(&name) else {
            let by_id = TRANSFORMS.iter().find(|(_, id)| *id == name);
            let hint = match by_id {
                Some((dsl, id)) => format!("write `{dsl}` (Grafana's `{id}`)"),
                None => match closest(&name, names.iter().copied()) {
                    Some(c) => format!(
                        "did you mean `{c}`? The transformations are {}",
                        names.join(", ")
                    ),
                    None => format!("the transformations are {}", names.join(", ")),
                },
            };
            self.err(
                word.span(),
                format!("unknown transformation `{name}`: {hint}"),
            );
            return None;
        };
        let loc = self.loc(word.span());
        let id_loc = self.loc(word.span());
        let mut t = Transformation {
            loc,
            id: Spanned::new(id.to_owned(), id_loc),
            options: Value::Object(Map::new()),
            reducers: Vec::new(),
            disabled: false,
        };
        match tokens.get(1) {
            None => {}
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                self.transformation_options(&mut t, &name, g.stream());
                if let Some(e) = values::trailing(tokens, 2) {
                    self.errors.push(e);
                }
            }
            Some(other) => {
                self.err(
                    other.span(),
                    format!("unexpected token after `{name}`: options go in `{{ .. }}`, and transformations are separated by `,`"),
                );
                return None;
            }
        }
        finish(&mut t);
        for (_, short, key, example) in REQUIRED.iter().filter(|r| r.0 == id) {
            if t.options.get(*key).is_none() {
                self.err(
                    word.span(),
                    format!("`{name}` needs `{short}`: write `{name} {{ {example} }}`"),
                );
            }
        }
        Some(t)
    }

    /// The `{ .. }` of a transformation: short options, `disabled`, and
    /// `"option": value` entries.
    fn transformation_options(&mut self, t: &mut Transformation, name: &str, body: TokenStream) {
        let id = t.id.value.clone();
        let shorts: Vec<&Short> = SHORT_OPTIONS.iter().filter(|s| s.0 == id).collect();
        let mut allowed: Vec<&str> = shorts.iter().map(|s| s.1).collect();
        allowed.push(DISABLED);
        let mut written: Vec<(&'static str, &'static str)> = Vec::new();
        let mut raw: Vec<(values::Str, Value)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let Value::Object(options) = &mut t.options else {
            return;
        };
        for e in self.split(body) {
            if let Some(s) = e.tokens.first().and_then(values::lit_str) {
                // `"option": value`: Grafana's own option name.
                match e.tokens.get(1) {
                    Some(TokenTree::Punct(p)) if p.as_char() == ':' => {}
                    _ => {
                        self.err(s.span(), format!("expected `\"{}\": value`", s.value));
                        continue;
                    }
                }
                match values::json(&e.tokens[2..], e.tokens[1].span(), 1) {
                    Ok(value) => raw.push((s, value)),
                    Err(err) => self.errors.push(err),
                }
                continue;
            }
            let Some(key) = e.option_key().cloned() else {
                self.err(e.span(), format!("expected an option of `{name}` (`name: value`) or Grafana's `\"option\": value`"));
                continue;
            };
            let k = key.to_string();
            if !allowed.contains(&k.as_str()) {
                let hint = match closest(&k, allowed.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`? "),
                    None => String::new(),
                };
                self.err(
                    key.span(),
                    format!(
                        "unknown option `{k}` of `{name}`: {hint}its options are {}; write any other of Grafana's `{id}` options as `\"option\": value`",
                        allowed.join(", ")
                    ),
                );
                continue;
            }
            if !seen.insert(k.clone()) {
                self.err(
                    key.span(),
                    format!("duplicate option `{k}` of `{name}`: keep one"),
                );
                continue;
            }
            let v = e.option_value();
            let ks = key.span();
            if k == DISABLED {
                if let Some(b) = self.push_result(values::boolean(v, ks)) {
                    t.disabled = b;
                }
                continue;
            }
            let Some(short) = shorts.iter().find(|s| s.1 == k) else {
                continue;
            };
            written.push((short.2, short.1));
            if let Some(value) = self.short_value(short.3, v, ks, &mut t.reducers) {
                insert_at(options, short.2, value);
            }
        }
        for (key, value) in raw {
            let top = key.value.split('.').next().unwrap_or("");
            if let Some((_, short)) = written
                .iter()
                .find(|(path, _)| path.split('.').next() == Some(top))
            {
                self.err(
                    key.span(),
                    format!(
                        "`\"{}\"` is written by `{short}` in this `{name}`: keep one",
                        key.value
                    ),
                );
                continue;
            }
            // Grafana's option may stand for a short one only with a value
            // the short one cannot write (`excludeByName` with `false`s).
            if let Some((_, short)) = shorts
                .iter()
                .find(|s| s.2 == key.value && !matches!(short_source(s.3, &value), ShortValue::Raw))
                .map(|s| (s.2, s.1))
            {
                self.err(
                    key.span(),
                    format!(
                        "`\"{}\"` has a short form: write `{short}: ..` instead",
                        key.value
                    ),
                );
                continue;
            }
            options.insert(key.value, value);
        }
    }

    /// The value of one short option.
    fn short_value(
        &mut self,
        val: Val,
        v: &[TokenTree],
        ks: Span,
        reducers: &mut Vec<Spanned<String>>,
    ) -> Option<Value> {
        Some(match val {
            Val::Str => json!(self.push_result(values::string(v, ks, "a string"))?.value),
            Val::Bool => json!(self.push_result(values::boolean(v, ks))?),
            Val::Number => json!(self.push_result(values::number(v, ks))?),
            Val::Strings | Val::NameSet | Val::NameIndex | Val::Reducers => {
                let r = values::string_list(v, ks, "names", &mut self.errors);
                let list = self.push_result(r)?;
                match val {
                    Val::NameSet => {
                        Value::Object(list.into_iter().map(|s| (s.value, json!(true))).collect())
                    }
                    Val::NameIndex => Value::Object(
                        list.into_iter()
                            .enumerate()
                            .map(|(i, s)| (s.value, json!(i)))
                            .collect(),
                    ),
                    Val::Reducers => {
                        let ids: Vec<String> = list.iter().map(|s| s.value.clone()).collect();
                        reducers.extend(list.into_iter().map(|s| self.spanned(s)));
                        json!(ids)
                    }
                    _ => json!(list.into_iter().map(|s| s.value).collect::<Vec<_>>()),
                }
            }
            Val::Reducer => {
                let s = self.push_result(values::string(v, ks, "a reducer id such as \"sum\""))?;
                let id = s.value.clone();
                reducers.push(self.spanned(s));
                json!(id)
            }
            Val::Renames => {
                let value = self.push_result(values::json(v, ks, 1))?;
                let ok = value
                    .as_object()
                    .is_some_and(|m| m.values().all(Value::is_string));
                if !ok {
                    self.err(
                        v.first().map(TokenTree::span).unwrap_or(ks),
                        "expected new names by field name: `{ \"Value #A\": \"Requests\" }`",
                    );
                    return None;
                }
                value
            }
            Val::Choice(choices) => {
                let words: Vec<(&str, &str)> = choices.to_vec();
                json!(self.choice(v, ks, &words)?)
            }
        })
    }
}

/// Inserts `value` at the dotted `path` of `options`, creating objects.
fn insert_at(options: &mut Map<String, Value>, path: &str, value: Value) {
    let mut keys = path.split('.');
    let Some(first) = keys.next() else {
        return;
    };
    let rest: Vec<&str> = keys.collect();
    if rest.is_empty() {
        options.insert(first.to_owned(), value);
        return;
    }
    let entry = options
        .entry(first.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(inner) = entry {
        insert_at(inner, &rest.join("."), value);
    }
}

/// What Grafana's editor writes that the short options leave out.
fn finish(t: &mut Transformation) {
    let Value::Object(options) = &mut t.options else {
        return;
    };
    match t.id.value.as_str() {
        "organize" => {
            for key in [
                "excludeByName",
                "includeByName",
                "indexByName",
                "renameByName",
            ] {
                options
                    .entry(key)
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
        "sortBy" => {
            // One sort key, as the editor writes it: `sort: [{field, desc}]`.
            if let Some(key) = options.get_mut("sort").filter(|k| k.is_object()) {
                *key = json!([key.take()]);
            }
        }
        _ => {}
    }
}

/// One of Grafana's `transformations[i]` written as DSL source (`organize
/// { exclude: ["Time"] }`), the inverse of the reading above, used by
/// `dashc import`: its short options where it has them, Grafana's other
/// options as `"option": value`. `None` when the DSL cannot write it.
#[cfg(feature = "import")]
pub(crate) fn source_of(t: &Value) -> Option<String> {
    let obj = t.as_object()?;
    if obj
        .keys()
        .any(|k| !["id", "options", DISABLED].contains(&k.as_str()))
    {
        return None;
    }
    let id = obj.get("id")?.as_str()?;
    let (name, _) = TRANSFORMS.iter().find(|(_, g)| *g == id)?;
    let lit = crate::dsl::print::lit;
    let mut parts = Vec::new();
    let empty = Map::new();
    let options = match obj.get("options") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(o)) => o,
        Some(_) => return None,
    };
    if REQUIRED
        .iter()
        .any(|r| r.0 == id && !options.contains_key(r.2))
    {
        return None;
    }
    for (key, value) in options {
        let short = SHORT_OPTIONS.iter().find(|s| s.0 == id && s.2 == key);
        let Some(&(_, short, _, val)) = short else {
            if id == "organize" && value.as_object().is_some_and(Map::is_empty) {
                // Written by the DSL itself for each of organize's maps.
                continue;
            }
            let mut text = String::new();
            crate::dsl::print::json(value, &mut text);
            parts.push(format!("{}: {text}", lit(key)));
            continue;
        };
        match short_source(val, value) {
            ShortValue::Skip => {}
            ShortValue::Text(text) => parts.push(format!("{short}: {text}")),
            // A value the short option cannot write: Grafana's option as it is.
            ShortValue::Raw => {
                let mut text = String::new();
                crate::dsl::print::json(value, &mut text);
                parts.push(format!("{}: {text}", lit(key)));
            }
        }
    }
    match obj.get(DISABLED) {
        None | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => parts.push("disabled: true".into()),
        Some(_) => return None,
    }
    Some(if parts.is_empty() {
        (*name).to_string()
    } else {
        format!("{name} {{ {} }}", parts.join(", "))
    })
}

/// How a short option of a transformation writes one of Grafana's values.
enum ShortValue {
    /// An empty map, which the DSL writes by itself.
    Skip,
    /// The short option's value as DSL source (read by `dashc import`;
    /// the parser only asks whether a value is `Raw`).
    Text(#[cfg_attr(not(feature = "import"), allow(dead_code))] String),
    /// A value the short option cannot write: Grafana's option as it is.
    Raw,
}

fn short_source(val: Val, value: &Value) -> ShortValue {
    let empty_map = value.as_object().is_some_and(Map::is_empty);
    if empty_map && matches!(val, Val::NameSet | Val::NameIndex | Val::Renames) {
        return ShortValue::Skip;
    }
    short_text(val, value).map_or(ShortValue::Raw, ShortValue::Text)
}

/// The DSL source of `value` for a short option read as `val`, if it can
/// write it.
fn short_text(val: Val, value: &Value) -> Option<String> {
    let lit = crate::dsl::print::lit;
    let names = |list: Vec<String>| -> String {
        let quoted: Vec<String> = list.iter().map(|s| lit(s)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let strings = |a: &[Value]| -> Option<Vec<String>> {
        a.iter().map(|s| s.as_str().map(String::from)).collect()
    };
    Some(match (val, value) {
        (Val::Str, Value::String(s)) => lit(s),
        (Val::Bool, Value::Bool(b)) => b.to_string(),
        (Val::Number, Value::Number(n)) => crate::grafana::number(n.as_f64()?).to_string(),
        (Val::Strings, Value::Array(a)) => names(strings(a)?),
        (Val::Reducers, Value::Array(a)) => {
            let list = strings(a)?;
            if list
                .iter()
                .any(|r| crate::check::reducer_problem("calculation", r).is_some())
            {
                return None;
            }
            names(list)
        }
        (Val::Reducer, Value::String(s)) => {
            if crate::check::reducer_problem("calculation", s).is_some() {
                return None;
            }
            lit(s)
        }
        (Val::NameSet, Value::Object(m)) => {
            if !m.values().all(|v| v == &Value::Bool(true)) {
                return None;
            }
            names(m.keys().cloned().collect())
        }
        (Val::NameIndex, Value::Object(m)) => {
            let mut order: Vec<(u64, String)> = m
                .iter()
                .map(|(k, v)| v.as_u64().map(|i| (i, k.clone())))
                .collect::<Option<Vec<_>>>()?;
            order.sort();
            if order.iter().enumerate().any(|(i, (n, _))| *n != i as u64) {
                return None;
            }
            names(order.into_iter().map(|(_, k)| k).collect())
        }
        (Val::Renames, Value::Object(m)) => {
            if !m.values().all(Value::is_string) {
                return None;
            }
            let mut text = String::new();
            crate::dsl::print::json(value, &mut text);
            text
        }
        (Val::Choice(choices), Value::String(s)) => {
            let (word, _) = choices.iter().find(|(_, g)| *g == s.as_str())?;
            (*word).to_string()
        }
        _ => return None,
    })
}
