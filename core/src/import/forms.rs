//! The DSL's short forms read back from Grafana's JSON: panel options of
//! [`crate::dsl::forms::FORMS`], value mappings, data links, repeat, the
//! time picker, the calendar options and a variable's `refresh`. Each
//! reader gives the model's value only where the DSL writes exactly the
//! source's JSON; what it cannot express is left to the comparison of
//! the rendering with the source, which names its path.

use serde_json::Value;

use crate::diag::Loc;
use crate::dsl::forms::{form_path, source_of, Scope, FORMS};
use crate::model::*;

/// The value at a dotted `path` of `v`.
fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// The short forms of a panel of `kind` whose path the source `src` has
/// with a value other than the one the DSL renders (`out`), each as the
/// setting the DSL reads from the source text the form prints.
pub(crate) fn panel_settings(kind: PanelKind, src: &Value, out: &Value, loc: Loc) -> Vec<Setting> {
    let mut settings = Vec::new();
    for form in FORMS.iter().filter(|f| f.scope != Scope::Series) {
        let Some(path) = form_path(form, kind) else {
            continue;
        };
        let Some(value) = at(src, path).filter(|v| !v.is_null()) else {
            continue;
        };
        let last = path.rsplit('.').next().unwrap_or(path);
        if super::compare::equivalent(last, value, at(out, path)) {
            continue;
        }
        if source_of(form, kind, value).is_some() {
            settings.push(Setting {
                name: form.name,
                path,
                value: value.clone(),
                loc,
            });
        }
    }
    settings
}

/// The source text of a setting (`fill_opacity: 10`'s `10`).
pub(crate) fn setting_text(kind: PanelKind, s: &Setting, series: bool) -> Option<String> {
    FORMS
        .iter()
        .filter(|f| {
            f.name == s.name && (f.scope == Scope::Both || (f.scope == Scope::Series) == series)
        })
        .find_map(|f| source_of(f, kind, &s.value).map(|(_, text)| text))
}

/// A mapping's result: its text, color and `index`.
type MappingResult = (Option<String>, Option<Spanned<String>>, Option<u32>);

/// Value mappings of `fieldConfig.defaults.mappings`, when every one has
/// a DSL form and they come in the order of their `index`.
pub(crate) fn mappings(list: &Value, loc: Loc) -> Option<Vec<ValueMapping>> {
    let specials = crate::dsl::overrides::special_values();
    let mut out = Vec::new();
    for m in list.as_array()? {
        let options = m.get("options")?.as_object()?;
        let result = |r: &Value| -> Option<MappingResult> {
            let r = r.as_object()?;
            if r.keys()
                .any(|k| !["text", "color", "index"].contains(&k.as_str()))
            {
                return None;
            }
            let text = match r.get("text") {
                None => None,
                Some(Value::String(t)) => Some(t.clone()),
                _ => return None,
            };
            let color = match r.get("color") {
                None => None,
                Some(Value::String(c)) if crate::check::is_color(c) => {
                    Some(Spanned::new(c.clone(), loc))
                }
                _ => return None,
            };
            if text.is_none() && color.is_none() {
                return None;
            }
            let index = match r.get("index") {
                None => None,
                Some(i) => Some(u32::try_from(i.as_u64()?).ok()?),
            };
            Some((text, color, index))
        };
        match m.get("type")?.as_str()? {
            "value" => {
                for (k, (value, r)) in options.iter().enumerate() {
                    let (text, color, index) = result(r)?;
                    out.push(ValueMapping {
                        loc,
                        matches: MappingMatch::Value(value.clone()),
                        text,
                        color,
                        index,
                        joined: k > 0,
                    });
                }
            }
            "range" => {
                if options.len() != 3 {
                    return None;
                }
                let end = |k: &str| -> Option<Option<f64>> {
                    match options.get(k)? {
                        Value::Null => Some(None),
                        Value::Number(n) => n.as_f64().map(Some),
                        _ => None,
                    }
                };
                let (text, color, index) = result(options.get("result")?)?;
                out.push(ValueMapping {
                    loc,
                    matches: MappingMatch::Range(end("from")?, end("to")?),
                    text,
                    color,
                    index,
                    joined: false,
                });
            }
            "regex" => {
                if options.len() != 2 {
                    return None;
                }
                let (text, color, index) = result(options.get("result")?)?;
                out.push(ValueMapping {
                    loc,
                    matches: MappingMatch::Regex(Spanned::new(
                        options.get("pattern")?.as_str()?.to_string(),
                        loc,
                    )),
                    text,
                    color,
                    index,
                    joined: false,
                });
            }
            "special" => {
                if options.len() != 2 {
                    return None;
                }
                // `match: null` matches no value: Grafana never applies it
                // (`compare::EQUIVALENT`).
                if options.get("match") == Some(&Value::Null) {
                    continue;
                }
                let special = options.get("match")?.as_str()?;
                let (_, grafana) = specials.iter().find(|(_, g)| *g == special)?;
                let (text, color, index) = result(options.get("result")?)?;
                out.push(ValueMapping {
                    loc,
                    matches: MappingMatch::Special(grafana),
                    text,
                    color,
                    index,
                    joined: false,
                });
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The source text of the mappings of a panel, one line each: a group of
/// joined value mappings is one `values { .. }`.
pub(crate) fn mappings_text(list: &[ValueMapping]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut n = 0;
    while n < list.len() {
        let group = 1 + list[n + 1..].iter().take_while(|m| m.joined).count();
        if group == 1 {
            out.push(mapping_text(&list[n], Some(n)));
        } else {
            let inner: Vec<String> = (n..n + group)
                .map(|k| {
                    let text = mapping_text(&list[k], Some(k));
                    text.strip_prefix("value ").unwrap_or(&text).to_string()
                })
                .collect();
            out.push(format!("values {{ {} }}", inner.join(", ")));
        }
        n += group;
    }
    out
}

/// The source text of one mapping (`value "1" => "UP" { color: "green" }`).
/// `position` is the mapping's place in its list: an `index` equal to it is
/// what the DSL writes anyway and is left out.
pub(crate) fn mapping_text(m: &ValueMapping, position: Option<usize>) -> String {
    let lit = super::emit::lit;
    let head = match &m.matches {
        MappingMatch::Value(v) => format!("value {}", lit(v)),
        MappingMatch::Range(from, to) => format!(
            "range {}..{}",
            from.map(number).unwrap_or_default(),
            to.map(number).unwrap_or_default()
        ),
        MappingMatch::Regex(r) => format!("regex {}", lit(&r.value)),
        MappingMatch::Special(s) => crate::dsl::forms::keyword_of(s),
    };
    let mut tail = Vec::new();
    if let Some(t) = &m.text {
        tail.push(lit(t));
    }
    let mut block = Vec::new();
    if let Some(c) = &m.color {
        block.push(format!("color: {}", lit(&c.value)));
    }
    if let Some(i) = m.index.filter(|i| Some(*i as usize) != position) {
        block.push(format!("index: {i}"));
    }
    if !block.is_empty() {
        tail.push(format!("{{ {} }}", block.join(", ")));
    }
    format!("{head} => {}", tail.join(" "))
}

fn number(v: f64) -> String {
    crate::grafana::number(v).to_string()
}

/// Data links of `fieldConfig.defaults.links`, when each holds what the
/// DSL writes besides its title, URL and `targetBlank`.
pub(crate) fn data_links(list: &Value, loc: Loc) -> Option<Vec<DataLink>> {
    let mut out = Vec::new();
    for l in list.as_array()? {
        let link = DataLink {
            loc,
            title: Spanned::new(l.get("title")?.as_str()?.to_string(), loc),
            url: Spanned::new(l.get("url")?.as_str()?.to_string(), loc),
            new_tab: l
                .get("targetBlank")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        };
        out.push(link);
    }
    let rendered = crate::grafana::forms::data_links(&out);
    let same = list
        .as_array()?
        .iter()
        .zip(rendered.as_array()?)
        .all(|(s, r)| {
            s.as_object().is_some_and(|s| {
                s.iter().all(|(k, v)| {
                    super::dropped_anywhere(k) || super::compare::equivalent(k, v, r.get(k))
                })
            })
        });
    same.then_some(out)
}

/// A panel's `repeat`, `repeatDirection` and `maxPerRow`.
pub(crate) fn repeat(p: &Value, loc: Loc) -> Option<Repeat> {
    let variable = p.get("repeat")?.as_str().filter(|v| !v.is_empty())?;
    let vertical = p.get("repeatDirection").and_then(Value::as_str) == Some("v");
    let max_per_row = if vertical {
        None
    } else {
        p.get("maxPerRow")
            .and_then(Value::as_u64)
            .filter(|n| (1..=24).contains(n))
            .map(|n| Spanned::new(n as u32, loc))
    };
    Some(Repeat {
        variable: Spanned::new(variable.to_string(), loc),
        vertical,
        max_per_row,
    })
}

/// The time picker's options, when it has any the DSL writes.
pub(crate) fn time_picker(d: &Value, loc: Loc) -> Option<TimePicker> {
    let tp = d.get("timepicker")?.as_object()?;
    let mut picker = TimePicker {
        hidden: tp.get("hidden").and_then(Value::as_bool).unwrap_or(false),
        ..TimePicker::default()
    };
    if let Some(list) = tp.get("refresh_intervals").and_then(Value::as_array) {
        for i in list {
            let i = i.as_str()?.trim();
            if !crate::check::is_duration(i) {
                return None;
            }
            picker
                .refresh_intervals
                .push(Spanned::new(i.to_string(), loc));
        }
    }
    if let Some(delay) = tp
        .get("nowDelay")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        if !crate::check::is_duration(delay) {
            return None;
        }
        picker.now_delay = Some(Spanned::new(delay.to_string(), loc));
    }
    (picker != TimePicker::default()).then_some(picker)
}

/// The first day of the week.
pub(crate) fn week_start(d: &Value) -> Option<WeekStart> {
    match d.get("weekStart")?.as_str()? {
        "monday" => Some(WeekStart::Monday),
        "saturday" => Some(WeekStart::Saturday),
        "sunday" => Some(WeekStart::Sunday),
        _ => None,
    }
}

/// The month the fiscal year starts on, other than January.
pub(crate) fn fiscal_year_start(d: &Value, loc: Loc) -> Option<Spanned<u32>> {
    d.get("fiscalYearStartMonth")
        .and_then(Value::as_u64)
        .filter(|m| (1..=11).contains(m))
        .map(|m| Spanned::new(m as u32, loc))
}

/// The dashboard's annotation queries: the built-in one and Prometheus
/// ones, or for another the JSON pointer and why the DSL cannot write it.
pub(crate) fn annotations(d: &Value, loc: Loc) -> Result<Annotations, (String, String)> {
    let mut out = Annotations::default();
    let Some(list) = d.pointer("/annotations/list").and_then(Value::as_array) else {
        return Ok(out);
    };
    for (i, a) in list.iter().enumerate() {
        let pointer = format!("/annotations/list/{i}");
        let flag = |k: &str, default: bool| a.get(k).and_then(Value::as_bool).unwrap_or(default);
        let text = |k: &str| a.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        if a.get("builtIn").and_then(Value::as_i64) == Some(1) {
            if i != 0 {
                return Err((pointer, "the built-in annotation query after another one: the DSL writes it first; move it to the top in Grafana's annotation settings".into()));
            }
            out.builtin_enable = flag("enable", true);
            out.builtin_hide = flag("hide", true);
            continue;
        }
        let name = text("name").unwrap_or("");
        let grafana = a.pointer("/datasource/type").and_then(Value::as_str) == Some("grafana");
        let target_type = a.pointer("/target/type").and_then(Value::as_str);
        let source = match (text("expr"), grafana, target_type) {
            (Some(_), false, _) => AnnotationSource::Prometheus,
            (None, true, Some("tags")) => tagged(a, &pointer, loc)?,
            _ => return Err((pointer, format!("the annotation query \"{name}\" is neither a Prometheus query with an `expr` nor Grafana's annotations filtered by tags: the DSL's annotations are the built-in one, Prometheus ones and tagged ones; remove it"))),
        };
        let expr = text("expr").unwrap_or("");
        let ident = identifier(name, |n| out.queries.iter().any(|q| q.name.value == n));
        let color = text("iconColor").unwrap_or("red");
        if !crate::check::is_color(color) {
            return Err((format!("{pointer}/iconColor"), format!("the color \"{color}\" is not a color the DSL writes (a Grafana color name or \"#rrggbb\"): change it in Grafana")));
        }
        let s = |v: &str| Spanned::new(v.to_string(), loc);
        out.queries.push(Annotation {
            loc,
            display_name: (ident != name).then(|| s(name)),
            name: s(&ident),
            source,
            expr: s(expr),
            color: s(color),
            title: text("titleFormat").map(s),
            text: text("textFormat").map(s),
            tags: text("tagKeys")
                .map(|t| t.split(',').map(|k| s(k.trim())).collect())
                .unwrap_or_default(),
            step: text("step").map(s),
            enable: flag("enable", true),
            hide: flag("hide", false),
            allow: Vec::new(),
        });
    }
    Ok(out)
}

/// An annotation query of Grafana's own annotations having tags (its
/// `target`), or the pointer and why the DSL cannot write it.
fn tagged(a: &Value, pointer: &str, loc: Loc) -> Result<AnnotationSource, (String, String)> {
    let tags: Option<Vec<String>> = a
        .pointer("/target/tags")
        .and_then(Value::as_array)
        .and_then(|t| t.iter().map(|x| x.as_str().map(String::from)).collect());
    let tags = tags.filter(|t| !t.is_empty() && t.iter().all(|x| !x.is_empty()));
    let Some(tags) = tags else {
        return Err((format!("{pointer}/target/tags"), "an annotation query by tags without tags (or with an empty or non-string one): Grafana shows no event for it; give it tags in Grafana or remove it".into()));
    };
    let limit = match a.pointer("/target/limit") {
        None | Some(Value::Null) => ANNOTATION_LIMIT,
        Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0) {
            Some(n) => n,
            None => return Err((format!("{pointer}/target/limit"), format!("the limit {v}: the DSL writes a positive whole number of events; change it in Grafana"))),
        },
    };
    Ok(AnnotationSource::Tagged {
        tags: tags.into_iter().map(|t| Spanned::new(t, loc)).collect(),
        match_any: a
            .pointer("/target/matchAny")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        limit: Spanned::new(limit, loc),
    })
}

/// The identifier the DSL names an annotation query `name` with: the name
/// itself when it is one, else its letters and digits joined by `_`
/// (`flux events` is `flux_events`), made unique with `_2`, `_3`, ...
fn identifier(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.ends_with('_') {
            base.push('_');
        }
    }
    let base = base.trim_matches('_');
    let is_ident = |n: &str| {
        n.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let mut base = if is_ident(name) {
        name.to_string()
    } else if base.is_empty() {
        "annotation".to_string()
    } else if is_ident(base) {
        base.to_string()
    } else {
        format!("a_{base}")
    };
    if base == "builtin" {
        base = "builtin_2".into();
    }
    let mut candidate = base.clone();
    let mut n = 2u32;
    while taken(&candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

/// The source text of the `annotations { .. }` block's entries, none when
/// it holds Grafana's defaults only; an annotation kept with `allow` is
/// preceded by its `notes` (why), as comments.
pub(crate) fn annotation_lines<'n>(
    a: &Annotations,
    notes: impl Fn(usize) -> Option<&'n Vec<String>>,
) -> Vec<String> {
    let lit = super::emit::lit;
    let mut lines = Vec::new();
    if !a.builtin_enable || !a.builtin_hide {
        let mut opts = Vec::new();
        if !a.builtin_enable {
            opts.push("enable: false".to_string());
        }
        if !a.builtin_hide {
            opts.push("hide: false".to_string());
        }
        lines.push(format!("builtin: {{ {} }},", opts.join(", ")));
    }
    for (n, q) in a.queries.iter().enumerate() {
        for note in notes(n).into_iter().flatten() {
            for (k, l) in note.lines().enumerate() {
                let lead = if k == 0 { "allowed" } else { "       " };
                lines.push(format!("// {lead} {}", super::emit::comment_text(l)));
            }
        }
        let mut opts = Vec::new();
        if let Some(n) = &q.display_name {
            opts.push(format!("name: {}", lit(&n.value)));
        }
        opts.push(format!("color: {}", lit(&q.color.value)));
        if let AnnotationSource::Tagged {
            tags,
            match_any,
            limit,
        } = &q.source
        {
            if *match_any {
                opts.push("match_any: true".into());
            }
            if limit.value != ANNOTATION_LIMIT {
                opts.push(format!("limit: {}", limit.value));
            }
            if !q.enable {
                opts.push("enable: false".into());
            }
            if q.hide {
                opts.push("hide: true".into());
            }
            let tags: Vec<String> = tags.iter().map(|t| lit(&t.value)).collect();
            lines.push(format!(
                "{}: tagged [{}] {{ {} }},",
                q.name.value,
                tags.join(", "),
                opts.join(", ")
            ));
            continue;
        }
        if let Some(t) = &q.title {
            opts.push(format!("title: {}", lit(&t.value)));
        }
        if let Some(t) = &q.text {
            opts.push(format!("text: {}", lit(&t.value)));
        }
        if !q.tags.is_empty() {
            let tags: Vec<String> = q.tags.iter().map(|t| lit(&t.value)).collect();
            opts.push(format!("tags: [{}]", tags.join(", ")));
        }
        if let Some(step) = &q.step {
            opts.push(format!("step: {}", lit(&step.value)));
        }
        if !q.enable {
            opts.push("enable: false".into());
        }
        if q.hide {
            opts.push("hide: true".into());
        }
        if !q.allow.is_empty() {
            let names: Vec<String> = q.allow.iter().map(|a| lit(&a.value)).collect();
            opts.push(format!("allow: [{}]", names.join(", ")));
        }
        lines.push(format!(
            "{}: prometheus {} {{ {} }},",
            q.name.value,
            lit(&q.expr.value),
            opts.join(", ")
        ));
    }
    lines
}

/// The `series` blocks of `fieldConfig.overrides` on a panel of `kind`
/// whose queries had the source refIds `ref_ids` (lettered A, B, .. in
/// order by the DSL); else the pointer below the panel of what has no DSL
/// form, and why.
pub(crate) fn overrides(
    kind: PanelKind,
    list: &Value,
    ref_ids: &[String],
    loc: Loc,
) -> Result<Vec<SeriesOverride>, (String, String)> {
    let here = |i: usize, rest: &str| format!("/fieldConfig/overrides/{i}{rest}");
    let Some(items) = list.as_array() else {
        return Err((
            "/fieldConfig/overrides".into(),
            "the overrides are not a list: remove them in Grafana".into(),
        ));
    };
    let mut out = Vec::new();
    for (i, o) in items.iter().enumerate() {
        let fail = |rest: &str, why: String| Err((here(i, rest), why));
        let Some(obj) = o.as_object() else {
            return fail(
                "",
                "an override that is not an object: remove it in Grafana".into(),
            );
        };
        let system = obj.get("__systemRef");
        if let Some(k) = obj
            .keys()
            .find(|k| !["matcher", "properties", "__systemRef"].contains(&k.as_str()))
        {
            return fail(&format!("/{k}"), format!("`{k}` on an override: a `series` block writes only its matcher and properties; remove the override in Grafana and add it again"));
        }
        if system.is_some_and(|r| r != "hideSeriesFrom") {
            return fail("/__systemRef", format!("the system override {}: the DSL has the legend's `hideSeriesFrom` only (`series except [..]`); remove the override in Grafana", system.map_or(String::new(), Value::to_string)));
        }
        let matcher = o.get("matcher").unwrap_or(&Value::Null);
        let matcher = match series_matcher(matcher, ref_ids, system.is_some(), loc) {
            Ok(m) => m,
            Err(why) => return fail("/matcher", why),
        };
        let mut properties: Vec<Setting> = Vec::new();
        let mut set: Vec<SetEntry> = Vec::new();
        let mut set_at = None;
        let props = o.get("properties").and_then(Value::as_array);
        for (j, p) in props.into_iter().flatten().enumerate() {
            let rest = format!("/properties/{j}");
            let id = p.get("id").and_then(Value::as_str).unwrap_or("");
            if let Some(k) = p
                .as_object()
                .and_then(|m| m.keys().find(|k| *k != "id" && *k != "value"))
            {
                return fail(&format!("{rest}/{k}"), format!("`{k}` on the override property `{id}`: a property has an id and a value; remove it in Grafana"));
            }
            // No value unsets the option for these series, as `null` does.
            let value = p.get("value").unwrap_or(&Value::Null);
            let path = format!("{}{id}", crate::dsl::forms::FIELD_DEFAULTS);
            let form = FORMS.iter().find(|f| {
                f.scope != Scope::Panel
                    && form_path(f, kind) == Some(path.as_str())
                    && source_of(f, kind, value).is_some()
            });
            let taken = |name: &str| {
                properties.iter().any(|q: &Setting| q.name == name)
                    || set.iter().any(|e: &SetEntry| e.path.value == id)
            };
            if let Some(form) = form {
                if taken(form.name) {
                    return fail(
                        &rest,
                        format!("`{id}` twice in one override: keep one in Grafana"),
                    );
                }
                properties.push(Setting {
                    name: form.name,
                    path: form_path(form, kind).unwrap_or(form.path),
                    value: value.clone(),
                    loc,
                });
                continue;
            }
            if taken("") {
                return fail(
                    &rest,
                    format!("`{id}` twice in one override: keep one in Grafana"),
                );
            }
            if let Some(problem) = crate::check::overrides::series_set_problem(kind, id, value) {
                return fail(&rest, format!("the override property `{id}` with the value {value}: {problem}; change it in Grafana"));
            }
            if set_at.is_some_and(|at| at < properties.len()) {
                return fail(&rest, format!("the override property `{id}` has no short form, and comes after one that has, which follows others without: a `series` block writes those without one together (`set: {{ .. }}`); put them next to each other in Grafana"));
            }
            set_at.get_or_insert(properties.len());
            set.push(SetEntry {
                path: Spanned::new(id.to_string(), loc),
                value: value.clone(),
                value_loc: loc,
            });
        }
        if properties.is_empty() && set.is_empty() {
            return fail(
                "/properties",
                "an override without properties: remove it in Grafana".into(),
            );
        }
        if let SeriesMatcher::Legend { .. } = matcher {
            if !set.is_empty() || properties.len() != 1 || properties[0].name != "hidden" {
                return fail("/properties", "the legend's `hideSeriesFrom` override with properties other than `custom.hideFrom`: the DSL's `series except [..]` takes `hidden` alone; remove the override in Grafana".into());
            }
        }
        let set_at = set_at.unwrap_or(properties.len());
        out.push(SeriesOverride {
            loc,
            matcher,
            properties,
            set,
            set_at,
        });
    }
    Ok(out)
}

/// The matcher of one override, or why the DSL has none for it.
fn series_matcher(
    matcher: &Value,
    ref_ids: &[String],
    system: bool,
    loc: Loc,
) -> Result<SeriesMatcher, String> {
    let id = matcher.get("id").and_then(Value::as_str).unwrap_or("");
    let option = matcher.get("options");
    let text = option.and_then(Value::as_str);
    let s = |v: &str| Spanned::new(v.to_string(), loc);
    let extra = matcher
        .as_object()
        .is_some_and(|m| m.keys().any(|k| k != "id" && k != "options"));
    let shown = option.map_or("no options".to_string(), |o| format!("options {o}"));
    if system {
        return legend_matcher(id, option, loc).ok_or_else(|| format!("the legend's `hideSeriesFrom` override with the matcher `{id}` and {shown}: the DSL's `series except [..]` writes Grafana's `byNames` with `mode`, `names`, `prefix` \"All except:\" (in `exclude` mode only) and `readOnly`; remove the override in Grafana"));
    }
    let found = match (id, text) {
        _ if extra => None,
        ("byName", Some(t)) => Some(SeriesMatcher::Name(s(t))),
        ("byRegexp", Some(t)) => Some(SeriesMatcher::Regex(s(t))),
        // The DSL letters queries A, B, .. in order: the refId must be
        // the letter its query gets.
        ("byFrameRefID", Some(t)) => ref_ids
            .iter()
            .position(|r| r == t)
            .filter(|index| crate::grafana::ref_id(*index) == t)
            .map(|_| SeriesMatcher::Query(s(t))),
        ("byType", Some(t)) if crate::dsl::overrides::FIELD_TYPES.contains(&t) => {
            Some(SeriesMatcher::FieldType(s(t)))
        }
        ("byValue", _) => value_matcher(option, loc),
        _ => None,
    };
    found.ok_or_else(|| format!("the override matcher `{id}` with {shown}: a `series` block matches by name, regex, query (one of the panel's, by the letter the DSL gives it: A, B, .. in order), field type or reduced value (`byName`, `byRegexp`, `byFrameRefID`, `byType`, `byValue` with a reducer, one of Grafana's comparisons and a number; `allIsZero` and `allIsNull` with `gte` 0); change the override in Grafana or remove it"))
}

/// `series value(..)` from `byValue`'s options.
fn value_matcher(option: Option<&Value>, loc: Loc) -> Option<SeriesMatcher> {
    use crate::dsl::overrides::{BOOLEAN_COMPARISON, BOOLEAN_REDUCERS, COMPARISONS};
    let o = option?.as_object()?;
    if o.len() != 3 {
        return None;
    }
    let reducer = o.get("reducer")?.as_str()?;
    let op = o.get("op")?.as_str()?;
    let value = o.get("value")?.as_f64()?;
    if crate::check::reducer_problem("reducer", reducer).is_some() {
        return None;
    }
    let (_, op) = COMPARISONS.iter().find(|(_, g)| *g == op)?;
    if BOOLEAN_REDUCERS.contains(&reducer) && (*op, value) != BOOLEAN_COMPARISON {
        return None;
    }
    Some(SeriesMatcher::Value(ValueMatch {
        reducer: Spanned::new(reducer.to_string(), loc),
        op,
        value,
    }))
}

/// `series except [..]` / `series only [..]` from the `byNames` matcher of
/// the legend's `hideSeriesFrom` override, when it is the one the DSL writes.
fn legend_matcher(id: &str, option: Option<&Value>, loc: Loc) -> Option<SeriesMatcher> {
    let o = option?.as_object()?;
    if id != "byNames" || o.get("readOnly") != Some(&Value::Bool(true)) {
        return None;
    }
    let exclude = match o.get("mode")?.as_str()? {
        "exclude" => true,
        "include" => false,
        _ => return None,
    };
    let prefix = o.get("prefix");
    let keys = if exclude {
        if prefix.and_then(Value::as_str) != Some("All except:") {
            return None;
        }
        4
    } else {
        3
    };
    if o.len() != keys {
        return None;
    }
    let names = o
        .get("names")?
        .as_array()?
        .iter()
        .map(|n| n.as_str().map(|n| Spanned::new(n.to_string(), loc)))
        .collect::<Option<Vec<_>>>()?;
    Some(SeriesMatcher::Legend { exclude, names })
}

/// The source text of a `series` block.
pub(crate) fn override_text(kind: PanelKind, o: &SeriesOverride) -> String {
    let lit = super::emit::lit;
    let head = match &o.matcher {
        SeriesMatcher::Name(n) => lit(&n.value),
        SeriesMatcher::Regex(r) => format!("regex {}", lit(&r.value)),
        SeriesMatcher::Query(q) => format!("query {}", q.value),
        SeriesMatcher::FieldType(t) => format!("type {}", t.value),
        SeriesMatcher::Value(v) => {
            let boolean =
                crate::dsl::overrides::BOOLEAN_REDUCERS.contains(&v.reducer.value.as_str());
            let dsl = crate::dsl::overrides::COMPARISONS
                .iter()
                .find(|(_, g)| *g == v.op)
                .map_or(">=", |(d, _)| *d);
            if boolean {
                format!("value({})", v.reducer.value)
            } else {
                format!(
                    "value({} {dsl} {})",
                    v.reducer.value,
                    crate::grafana::number(v.value)
                )
            }
        }
        SeriesMatcher::Legend { exclude, names } => {
            let names: Vec<String> = names.iter().map(|n| lit(&n.value)).collect();
            let how = if *exclude { "except" } else { "only" };
            format!("{how} [{}]", names.join(", "))
        }
    };
    let text = |p: &Setting| setting_text(kind, p, true).map(|t| format!("{}: {t}", p.name));
    let at = o.set_at.min(o.properties.len());
    let mut props: Vec<String> = o.properties[..at].iter().filter_map(text).collect();
    if !o.set.is_empty() {
        let entries: Vec<String> = o
            .set
            .iter()
            .map(|e| {
                let mut v = String::new();
                super::emit::json(&e.value, &mut v);
                format!("{}: {v}", lit(&e.path.value))
            })
            .collect();
        props.push(format!("set: {{ {} }}", entries.join(", ")));
    }
    props.extend(o.properties[at..].iter().filter_map(text));
    format!("series {head} {{ {} }}", props.join(", "))
}

#[cfg(test)]
mod tests {
    use super::identifier;

    #[test]
    fn annotation_names_become_unique_identifiers() {
        let none = |_: &str| false;
        assert_eq!(identifier("deploys", none), "deploys");
        assert_eq!(identifier("Deploys", none), "Deploys");
        assert_eq!(identifier("flux events", none), "flux_events");
        assert_eq!(identifier("  Flux -- Events!", none), "flux_events");
        assert_eq!(identifier("5xx spikes", none), "a_5xx_spikes");
        assert_eq!(identifier("☃", none), "annotation");
        assert_eq!(identifier("builtin", none), "builtin_2");
        let taken = |n: &str| n == "flux_events" || n == "flux_events_2";
        assert_eq!(identifier("flux events", taken), "flux_events_3");
    }
}
