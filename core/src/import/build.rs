//! From a migrated dashboard's JSON to the model: the DSL's short forms
//! where they reproduce the JSON, `set` entries for the rest, found by
//! rendering the model and comparing it with the source; then the checks,
//! with `allow` on each query they reject.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use super::{constant_name, dropped_at, ImportError, Place};
use crate::catalog::Catalog;
use crate::check::set_paths::{self, within, Taken};
use crate::check::{is_color, ALLOW_NAMES};
use crate::diag::Loc;
use crate::layout::{Flow, GridPos, GRID_COLUMNS};
use crate::model::*;
use crate::schema::{self, Root};

/// A query kept with `allow`: where it is and what dashc said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    /// The file.
    pub file: String,
    /// The dashboard's title.
    pub dashboard: String,
    /// The panel's title and id; for an annotation query `("annotation NAME", "")`.
    pub panel: (String, String),
    /// The query's refId in the generated dashboard; empty for a check of
    /// the panel itself (`no-query`).
    pub ref_id: String,
    /// JSON pointer of the query's `expr` in the migrated dashboard.
    pub pointer: String,
    /// The check allowed.
    pub rule: String,
    /// The first line of the check's message.
    pub reason: String,
}

impl fmt::Display for Allowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query = if self.ref_id.is_empty() {
            String::new()
        } else {
            format!("refId {}, ", self.ref_id)
        };
        // An annotation query has no panel: its title says which it is.
        let place = if self.panel.1.is_empty() {
            self.panel.0.clone()
        } else {
            format!("panel \"{}\" (id {})", self.panel.0, self.panel.1)
        };
        write!(
            f,
            "{}: dashboard \"{}\", {place}, {query}{}: allowed `{}`: {}",
            self.file, self.dashboard, self.pointer, self.rule, self.reason
        )
    }
}

/// One dashboard ready to print.
#[derive(Debug)]
pub struct Converted {
    /// The constant's name.
    pub name: String,
    /// The file it came from.
    pub file: String,
    /// The model, `set` entries and `allow`s included.
    pub model: Dashboard,
    /// The queries kept with `allow`.
    pub allowed: Vec<Allowed>,
    /// Values adjusted to a form the DSL takes.
    pub adjusted: Vec<String>,
    /// Comments for queries: (item, panel in the row or `usize::MAX`, target) to lines.
    pub notes: BTreeMap<(usize, usize, usize), Vec<String>>,
    /// Comments for annotation queries kept with `allow`: their index to lines.
    pub annotation_notes: BTreeMap<usize, Vec<String>>,
}

/// What a `Loc` of the model stands for.
#[derive(Debug, Clone)]
enum Where {
    Dashboard,
    Panel {
        title: String,
        id: String,
        pointer: String,
    },
    Target {
        item: usize,
        child: usize,
        target: usize,
        title: String,
        id: String,
        pointer: String,
    },
    /// A Prometheus annotation query: its place in `annotations.queries`.
    Annotation {
        index: usize,
        pointer: String,
    },
}

struct Ctx<'a> {
    file: &'a str,
    title: String,
    errors: Vec<ImportError>,
    adjusted: Vec<String>,
    wheres: Vec<Where>,
    /// The titles of the source's panels by id (rows' panels too), for a
    /// panel reading another's results (`from_panel`).
    titles: BTreeMap<u64, Vec<(String, u32)>>,
}

impl Ctx<'_> {
    fn loc(&mut self, w: Where) -> Loc {
        self.wheres.push(w);
        Loc((self.wheres.len() - 1) as u32)
    }

    fn error(&mut self, panel: Option<(&str, &str)>, pointer: &str, message: impl Into<String>) {
        self.errors.push(ImportError {
            file: self.file.to_string(),
            dashboard: self.title.clone(),
            panel: panel.map(|(t, i)| (t.to_string(), i.to_string())),
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }
}

fn s(v: &str, loc: Loc) -> Spanned<String> {
    Spanned::new(v.to_string(), loc)
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn shown(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 80 {
        let head: String = text.chars().take(77).collect();
        format!("{head}...")
    } else {
        text
    }
}

/// A JSON pointer token.
fn token(key: &str) -> String {
    crate::lint::walk::escape_pointer(key)
}

/// The JSON pointer of the first value (in document order) lying more
/// than `limit` levels below `root`, if any. Without recursion, and in
/// time linear in the document: the path is kept as one stack of tokens.
fn deeper_than(root: &Value, limit: usize) -> Option<String> {
    enum Frame<'v> {
        Array(std::iter::Enumerate<std::slice::Iter<'v, Value>>),
        Object(serde_json::map::Iter<'v>),
    }
    fn frame(v: &Value) -> Option<Frame<'_>> {
        match v {
            Value::Array(items) => Some(Frame::Array(items.iter().enumerate())),
            Value::Object(map) => Some(Frame::Object(map.iter())),
            _ => None,
        }
    }
    let mut frames: Vec<Frame<'_>> = frame(root).into_iter().collect();
    // The tokens leading to the innermost open frame.
    let mut path: Vec<String> = Vec::new();
    while let Some(top) = frames.last_mut() {
        let next = match top {
            Frame::Array(items) => items.next().map(|(i, v)| (i.to_string(), v)),
            Frame::Object(members) => members.next().map(|(k, v)| (token(k), v)),
        };
        let Some((key, value)) = next else {
            frames.pop();
            path.pop();
            continue;
        };
        // `value` lies `frames.len()` levels below the root.
        if frames.len() > limit {
            path.push(key);
            return Some(path.iter().map(|t| format!("/{t}")).collect());
        }
        if let Some(f) = frame(value) {
            path.push(key);
            frames.push(f);
        }
    }
    None
}

/// The id of a panel as shown in messages.
fn panel_id(p: &Value) -> String {
    match p.get("id") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => "none".into(),
    }
}

/// Builds the model of one migrated dashboard.
pub fn build(
    file: &str,
    d: &Value,
    catalog: Option<&Catalog>,
) -> Result<Converted, Vec<ImportError>> {
    let title = str_at(d, "title").unwrap_or("").to_string();
    let mut ctx = Ctx {
        file,
        title: if title.is_empty() {
            str_at(d, "uid").unwrap_or("").to_string()
        } else {
            title.clone()
        },
        errors: Vec::new(),
        adjusted: Vec::new(),
        wheres: Vec::new(),
        titles: BTreeMap::new(),
    };
    let top = d
        .get("panels")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // dashc numbers the panels 1, 2, .. in this order.
    let mut place = 0u32;
    for p in &top {
        let nested = p
            .get("panels")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for q in std::iter::once(p).chain(nested.iter()) {
            place += 1;
            if let Some(id) = q.get("id").and_then(Value::as_u64) {
                let title = str_at(q, "title").unwrap_or("").to_string();
                ctx.titles.entry(id).or_default().push((title, place));
            }
        }
    }
    let dloc = ctx.loc(Where::Dashboard);
    if let Some(pointer) = deeper_than(d, crate::schema::MAX_DEPTH) {
        // In a panel (or a panel of a row): name it.
        let mut parts = pointer.split('/').skip(1);
        let panel = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("panels"), Some(i), Some("panels"), Some(j)) => d
                .pointer(&format!("/panels/{i}/panels/{j}"))
                .filter(|p| p.is_object()),
            _ => None,
        }
        .or_else(|| match pointer.split('/').nth(2) {
            Some(i) if pointer.starts_with("/panels/") => d.pointer(&format!("/panels/{i}")),
            _ => None,
        });
        let who = panel.map(|p| (str_at(p, "title").unwrap_or("").to_string(), panel_id(p)));
        ctx.error(
            who.as_ref().map(|(t, i)| (t.as_str(), i.as_str())),
            &pointer,
            format!(
                "a value nested deeper than {} levels below the dashboard, which the DSL does not write (`schema::MAX_DEPTH`): flatten it in Grafana and export the dashboard again",
                crate::schema::MAX_DEPTH
            ),
        );
        return Err(ctx.errors);
    }
    if title.trim().is_empty() {
        ctx.error(None, "/title", "the dashboard has no title: give it one in the file (`\"title\": \"..\"`) and import again");
    }
    let uid = match d.get("uid") {
        Some(Value::String(u)) if !u.is_empty() => u.clone(),
        None | Some(Value::Null) | Some(Value::String(_)) => slug(&title),
        Some(other) => {
            ctx.error(
                None,
                "/uid",
                format!(
                    "the uid is {}, not a string: write a uid such as \"my-dashboard\"",
                    shown(other)
                ),
            );
            String::new()
        }
    };
    if d.get("uid")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        ctx.adjusted.push(format!(
            "{file}: dashboard \"{title}\", /uid: no uid; \"{uid}\" made from the title"
        ));
    }
    if let Some(problem) = crate::check::uid_problem(&uid) {
        ctx.error(None, "/uid", problem);
    }
    let name = constant_name(&uid, &title);
    let mut model = Dashboard {
        loc: dloc,
        uid: s(&uid, dloc),
        title: s(&title, dloc),
        description: None,
        folder: s("", dloc),
        tags: Vec::new(),
        refresh: None,
        time: TimeRange {
            from: s("now-1h", dloc),
            to: s("now", dloc),
        },
        timezone: s("browser", dloc),
        graph_tooltip: GraphTooltip::Default,
        editable: false,
        links: Vec::new(),
        datasource_uid: s(DEFAULT_DATASOURCE_UID, dloc),
        variables: Vec::new(),
        catalogs: Vec::new(),
        experimental: false,
        annotations: Default::default(),
        time_picker: None,
        week_start: None,
        fiscal_year_start: None,
        items: Vec::new(),
        set: Vec::new(),
    };
    dashboard_options(&mut ctx, d, &mut model, dloc);
    let vars = variables(&mut ctx, d, dloc);
    model.variables = vars.iter().map(|(v, _)| v.clone()).collect();
    let items = items(&mut ctx, d);
    model.items = items.iter().map(|(i, _)| i.clone()).collect();
    if !ctx.errors.is_empty() {
        return Err(ctx.errors);
    }
    // The short forms whose paths the source sets otherwise than the DSL.
    let first = crate::grafana::to_value(&model);
    for (i, child, pointer, out) in placed(&items, &first) {
        let src = d.pointer(&pointer).unwrap_or(&Value::Null);
        let panel = match (&mut model.items[i], child) {
            (Item::Panel(p), None) => Some(p),
            (Item::Row(r), Some(j)) => r.panels.get_mut(j),
            _ => None,
        };
        if let Some(p) = panel {
            p.settings = super::forms::panel_settings(p.kind, src, &out, p.loc);
        }
    }
    // Render what the short forms give, and write the rest with `set`.
    let rendered = crate::grafana::to_value(&model);
    model.set = diff_element(
        &mut ctx,
        None,
        "",
        d,
        &rendered,
        Root::Dashboard,
        &set_paths::dashboard_reserved(),
        DASHBOARD_HANDLED,
    );
    let out_vars = rendered
        .pointer("/templating/list")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, (_, src_index)) in vars.iter().enumerate() {
        let pointer = format!("/templating/list/{src_index}");
        let src = d.pointer(&pointer).unwrap_or(&Value::Null);
        let out = out_vars.get(i + 1).unwrap_or(&Value::Null);
        let kind = &model.variables[i].kind;
        let handled = variable_handled(kind);
        let set = diff_element(
            &mut ctx,
            None,
            &pointer,
            src,
            out,
            Root::Type(schema::variable()),
            &set_paths::variable_reserved(kind),
            &handled,
        );
        model.variables[i].set = set;
    }
    let out_panels = rendered
        .get("panels")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut top = 0usize;
    for (i, (item, src)) in items.iter().enumerate() {
        match (item, src) {
            (Item::Panel(p), Source::Panel(pointer)) => {
                let src = d.pointer(pointer).unwrap_or(&Value::Null);
                let out = out_panels.get(top).cloned().unwrap_or(Value::Null);
                top += 1;
                let (set, targets) = diff_panel(&mut ctx, p, pointer, src, &out);
                if let Item::Panel(mp) = &mut model.items[i] {
                    mp.set = set;
                    for (t, s) in mp.targets.iter_mut().zip(targets) {
                        t.set = s;
                    }
                }
            }
            (Item::Row(r), Source::Row(pointer, children)) => {
                let src = d.pointer(pointer).unwrap_or(&Value::Null);
                let out = out_panels.get(top).cloned().unwrap_or(Value::Null);
                top += 1;
                let who = (r.title.value.clone(), panel_id(src));
                let set = diff_element(
                    &mut ctx,
                    Some((&who.0, &who.1)),
                    pointer,
                    src,
                    &out,
                    Root::Type(schema::row_panel()),
                    &set_paths::row_reserved(),
                    ROW_HANDLED,
                );
                let inner = out
                    .get("panels")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let mut results = Vec::new();
                for (j, (p, cp)) in r.panels.iter().zip(children).enumerate() {
                    let src = d.pointer(cp).unwrap_or(&Value::Null);
                    let out = if r.collapsed {
                        inner.get(j).cloned().unwrap_or(Value::Null)
                    } else {
                        let o = out_panels.get(top).cloned().unwrap_or(Value::Null);
                        top += 1;
                        o
                    };
                    results.push(diff_panel(&mut ctx, p, cp, src, &out));
                }
                if let Item::Row(mr) = &mut model.items[i] {
                    mr.set = set;
                    for (mp, (set, targets)) in mr.panels.iter_mut().zip(results) {
                        mp.set = set;
                        for (t, s) in mp.targets.iter_mut().zip(targets) {
                            t.set = s;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !ctx.errors.is_empty() {
        return Err(ctx.errors);
    }
    // The checks: a query they reject is kept with `allow`, said why.
    let mut allowed = Vec::new();
    let mut notes: BTreeMap<(usize, usize, usize), Vec<String>> = BTreeMap::new();
    let mut annotation_notes: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for round in 0..2 {
        let diags = crate::check::check(&model, catalog).into_vec();
        let mut added = false;
        for diag in diags {
            let at = ctx
                .wheres
                .get(diag.loc.0 as usize)
                .cloned()
                .unwrap_or(Where::Dashboard);
            match at {
                Where::Target {
                    item,
                    child,
                    target,
                    title,
                    id,
                    pointer,
                } if round == 0 => {
                    let rule = rule_of(&diag.message);
                    let reason = diag.message.lines().next().unwrap_or("").to_string();
                    let ref_id = ref_id_of(&model, item, child, target);
                    let Some(t) = target_mut(&mut model, item, child, target) else {
                        continue;
                    };
                    if t.allow.iter().any(|a| a.value == rule) {
                        continue;
                    }
                    t.allow.push(s(rule, diag.loc));
                    added = true;
                    notes
                        .entry((item, child, target))
                        .or_default()
                        .push(format!("`{rule}`: {reason}"));
                    allowed.push(Allowed {
                        file: file.to_string(),
                        dashboard: title_of(&model),
                        panel: (title, id),
                        ref_id,
                        pointer: if rule == "legend-label" {
                            format!("{pointer}/legendFormat")
                        } else {
                            format!("{pointer}/expr")
                        },
                        rule: rule.to_string(),
                        reason,
                    });
                }
                Where::Panel { title, id, pointer }
                    if round == 0
                        && crate::check::PANEL_ALLOW_NAMES.contains(&rule_of(&diag.message)) =>
                {
                    // A panel with no query (Grafana shows "No data"): kept.
                    let rule = rule_of(&diag.message);
                    let reason = diag.message.lines().next().unwrap_or("").to_string();
                    let Some((key, p)) = panel_at(&mut model, diag.loc) else {
                        continue;
                    };
                    p.allow.push(s(rule, diag.loc));
                    added = true;
                    notes
                        .entry(key)
                        .or_default()
                        .push(format!("`{rule}`: {reason}"));
                    allowed.push(Allowed {
                        file: file.to_string(),
                        dashboard: title_of(&model),
                        panel: (title, id),
                        ref_id: String::new(),
                        pointer,
                        rule: rule.to_string(),
                        reason,
                    });
                }
                Where::Target {
                    title, id, pointer, ..
                }
                | Where::Panel { title, id, pointer } => {
                    ctx.error(
                        Some((&title, &id)),
                        &pointer,
                        format!("dashc would reject the panel: {}", diag.message),
                    );
                }
                Where::Annotation { index, pointer } if round == 0 => {
                    let rule = rule_of(&diag.message);
                    let reason = diag.message.lines().next().unwrap_or("").to_string();
                    let Some(q) = model.annotations.queries.get_mut(index) else {
                        continue;
                    };
                    if q.allow.iter().any(|a| a.value == rule) {
                        continue;
                    }
                    let name = q.name.value.clone();
                    q.allow.push(s(rule, diag.loc));
                    added = true;
                    annotation_notes
                        .entry(index)
                        .or_default()
                        .push(format!("`{rule}`: {reason}"));
                    allowed.push(Allowed {
                        file: file.to_string(),
                        dashboard: title_of(&model),
                        panel: (format!("annotation {name}"), String::new()),
                        ref_id: String::new(),
                        pointer: format!("{pointer}/expr"),
                        rule: rule.to_string(),
                        reason,
                    });
                }
                Where::Annotation { pointer, .. } => ctx.error(
                    None,
                    &pointer,
                    format!("dashc would reject the annotation: {}", diag.message),
                ),
                Where::Dashboard => ctx.error(
                    None,
                    "/",
                    format!("dashc would reject the dashboard: {}", diag.message),
                ),
            }
        }
        if !added {
            break;
        }
    }
    if !ctx.errors.is_empty() {
        return Err(ctx.errors);
    }
    Ok(Converted {
        name,
        file: file.to_string(),
        model,
        allowed,
        adjusted: ctx.adjusted,
        notes,
        annotation_notes,
    })
}

fn title_of(d: &Dashboard) -> String {
    d.title.value.clone()
}

/// The refId the compiled dashboard gives query `target` of a panel.
fn ref_id_of(d: &Dashboard, item: usize, child: usize, target: usize) -> String {
    let panel = match d.items.get(item) {
        Some(Item::Panel(p)) => Some(p),
        Some(Item::Row(r)) => r.panels.get(child),
        None => None,
    };
    panel
        .and_then(|p| {
            crate::grafana::ref_ids(&p.targets, &p.expressions)
                .get(target)
                .cloned()
        })
        .unwrap_or_else(|| crate::grafana::ref_id(target))
}

/// The panel written at `loc`, with the key of its notes: (item, child,
/// `usize::MAX`), a panel's own notes coming before its queries'.
fn panel_at(d: &mut Dashboard, loc: Loc) -> Option<((usize, usize, usize), &mut Panel)> {
    for (i, item) in d.items.iter_mut().enumerate() {
        match item {
            Item::Panel(p) if p.loc == loc => return Some(((i, usize::MAX, usize::MAX), p)),
            Item::Row(r) => {
                if let Some((j, p)) = r.panels.iter_mut().enumerate().find(|(_, p)| p.loc == loc) {
                    return Some(((i, j, usize::MAX), p));
                }
            }
            _ => {}
        }
    }
    None
}

fn target_mut(d: &mut Dashboard, item: usize, child: usize, target: usize) -> Option<&mut Target> {
    let panel = match d.items.get_mut(item)? {
        Item::Panel(p) => p,
        Item::Row(r) => r.panels.get_mut(child)?,
    };
    panel.targets.get_mut(target)
}

/// The `allow` name of a query diagnostic.
fn rule_of(message: &str) -> &'static str {
    if let Some(start) = message.rfind("(check `") {
        let name = message[start + 8..].split('`').next().unwrap_or("");
        if let Some(rule) = ALLOW_NAMES.iter().find(|r| **r == name) {
            return rule;
        }
    }
    if message.contains("multi-value variable") {
        return "multi-value";
    }
    if message.contains(" in legend \"") {
        return "legend";
    }
    "promql"
}

/// A uid from a title: lower case, `-` between words, at most 40 characters.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(40);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "dashboard".into()
    } else {
        out
    }
}

/// Dashboard keys the short forms or dashc itself write.
const DASHBOARD_HANDLED: &[&str] = &[
    "uid",
    "title",
    "description",
    "tags",
    "refresh",
    "time",
    "timezone",
    "graphTooltip",
    "editable",
    "links",
    "templating",
    "panels",
];
/// The keys of a variable the DSL writes from its kind and options.
fn variable_handled(kind: &VariableKind) -> Vec<&'static str> {
    let mut keys = vec!["name", "type", "label", "description", "hide", "query"];
    keys.extend(set_paths::variable_option_keys(kind));
    if matches!(kind, VariableKind::Adhoc) {
        // Empty (`adhoc_problem` refuses preset filters): written by nothing,
        // as Grafana reads a missing list.
        keys.extend(["filters", "baseFilters"]);
    }
    keys
}
const ROW_HANDLED: &[&str] = &["type", "title", "collapsed", "gridPos", "panels"];
const PANEL_HANDLED: &[&str] = &["type", "title", "gridPos", "targets", "description"];
const TARGET_HANDLED: &[&str] = &[
    "expr",
    "legendFormat",
    "refId",
    "format",
    "instant",
    "range",
    "interval",
    "hide",
];

fn dashboard_options(ctx: &mut Ctx<'_>, d: &Value, m: &mut Dashboard, loc: Loc) {
    if let Some(desc) = d.get("description").and_then(Value::as_str) {
        m.description = Some(desc.to_string());
    }
    if let Some(tags) = d.get("tags").and_then(Value::as_array) {
        for (i, t) in tags.iter().enumerate() {
            match t.as_str() {
                Some(t) => m.tags.push(s(t, loc)),
                None => ctx.error(None, &format!("/tags/{i}"), format!("the tag {} is not a string: Grafana shows only string tags; write it as one", shown(t))),
            }
        }
    }
    match d.get("refresh") {
        Some(Value::String(r)) if !r.is_empty() => m.refresh = Some(s(r, loc)),
        _ => {}
    }
    if let Some(time) = d.get("time") {
        if let (Some(from), Some(to)) = (str_at(time, "from"), str_at(time, "to")) {
            m.time = TimeRange {
                from: s(from, loc),
                to: s(to, loc),
            };
        }
    }
    match d.get("timezone").and_then(Value::as_str) {
        Some(tz) if !tz.is_empty() => m.timezone = s(tz, loc),
        _ => {}
    }
    m.graph_tooltip = match d.get("graphTooltip").and_then(Value::as_i64) {
        Some(1) => GraphTooltip::SharedCrosshair,
        Some(2) => GraphTooltip::SharedTooltip,
        _ => GraphTooltip::Default,
    };
    m.editable = d.get("editable").and_then(Value::as_bool).unwrap_or(false);
    match super::forms::annotations(d, loc) {
        Ok(a) => m.annotations = a,
        Err((pointer, message)) => ctx.error(None, &pointer, message),
    }
    // Each annotation query its own place, so a check rejecting its query
    // gives it `allow`: the queries are the list's entries but the built-in one.
    let sources: Vec<usize> = d
        .pointer("/annotations/list")
        .and_then(Value::as_array)
        .map(|l| {
            (0..l.len())
                .filter(|i| l[*i].get("builtIn").and_then(Value::as_i64) != Some(1))
                .collect()
        })
        .unwrap_or_default();
    for (index, q) in m.annotations.queries.iter_mut().enumerate() {
        let at = sources.get(index).copied().unwrap_or(index);
        let aloc = ctx.loc(Where::Annotation {
            index,
            pointer: format!("/annotations/list/{at}"),
        });
        q.loc = aloc;
        q.expr.loc = aloc;
    }
    m.time_picker = super::forms::time_picker(d, loc);
    m.week_start = super::forms::week_start(d);
    m.fiscal_year_start = super::forms::fiscal_year_start(d, loc);
    if let Some(links) = d.get("links").and_then(Value::as_array) {
        for (i, l) in links.iter().enumerate() {
            let pointer = format!("/links/{i}");
            let kind = str_at(l, "type").unwrap_or("dashboards");
            let target = match kind {
                "dashboards" => LinkTarget::Dashboards {
                    tags: l
                        .get("tags")
                        .and_then(Value::as_array)
                        .map(|t| {
                            t.iter()
                                .filter_map(Value::as_str)
                                .map(String::from)
                                .collect()
                        })
                        .unwrap_or_default(),
                },
                "link" => LinkTarget::Url(str_at(l, "url").unwrap_or("").to_string()),
                other => {
                    ctx.error(None, &pointer, format!("a link of type \"{other}\": the DSL has `dashboards` and `url` links; change it to one of them"));
                    continue;
                }
            };
            let flag =
                |k: &str, default: bool| l.get(k).and_then(Value::as_bool).unwrap_or(default);
            m.links.push(Link {
                loc,
                title: str_at(l, "title").unwrap_or("").to_string(),
                target,
                as_dropdown: flag("asDropdown", false),
                keep_time: flag("keepTime", false),
                include_vars: flag("includeVars", false),
                target_blank: flag("targetBlank", false),
                tooltip: str_at(l, "tooltip")
                    .filter(|t| !t.is_empty())
                    .map(String::from),
                icon: str_at(l, "icon")
                    .filter(|i| *i != "external link")
                    .map(|i| s(i, loc)),
            });
        }
    }
}

/// The variables other than datasource ones, with their index in the source list.
fn variables(ctx: &mut Ctx<'_>, d: &Value, loc: Loc) -> Vec<(Variable, usize)> {
    let mut out = Vec::new();
    let Some(list) = d.pointer("/templating/list").and_then(Value::as_array) else {
        return out;
    };
    for (i, v) in list.iter().enumerate() {
        let pointer = format!("/templating/list/{i}");
        let name = str_at(v, "name").unwrap_or("").to_string();
        let kind = str_at(v, "type").unwrap_or("query");
        if kind == "datasource" {
            if name != "datasource" {
                ctx.adjusted.push(format!("{}: dashboard \"{}\", {pointer}: the datasource variable `{name}` is the DSL's `datasource` variable", ctx.file, ctx.title));
            }
            continue;
        }
        if name == "datasource" {
            ctx.error(None, &pointer, "a variable named `datasource` that is not a datasource variable: the DSL declares `datasource` itself; rename this one");
            continue;
        }
        let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        let query_text = match v.get("query") {
            Some(Value::String(q)) => q.clone(),
            Some(Value::Object(o)) => o
                .get("query")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            _ => String::new(),
        };
        let values = |q: &str| -> Vec<String> { split_custom(q) };
        let kind = match kind {
            "query" => VariableKind::Query {
                query: s(&query_text, loc),
                multi: flag("multi"),
                include_all: flag("includeAll"),
                all_value: text("allValue"),
                regex: text("regex").filter(|r| !r.is_empty()),
                sort: v
                    .get("sort")
                    .and_then(Value::as_u64)
                    .filter(|s| *s <= 8)
                    .unwrap_or(0) as u8,
            },
            "custom" => VariableKind::Custom {
                values: values(&query_text),
                multi: flag("multi"),
                include_all: flag("includeAll"),
                all_value: text("allValue"),
            },
            "interval" => VariableKind::Interval {
                values: query_text
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                auto: flag("auto"),
            },
            "constant" => VariableKind::Constant { value: query_text },
            "textbox" => VariableKind::Textbox {
                default: query_text,
            },
            "adhoc" => match adhoc_problem(v) {
                None => VariableKind::Adhoc,
                Some((at, problem)) => {
                    ctx.error(None, &format!("{pointer}{at}"), problem);
                    continue;
                }
            },
            other => {
                ctx.error(None, &pointer, format!("`{name}` is a variable of type \"{other}\", which the DSL has no kind for (it has query, custom, interval, constant, textbox and adhoc variables): remove it or replace it"));
                continue;
            }
        };
        let refresh = match (&kind, v.get("refresh").and_then(Value::as_u64)) {
            (VariableKind::Query { .. }, Some(0)) => Some(VariableRefresh::Never),
            (VariableKind::Query { .. }, Some(1)) => Some(VariableRefresh::OnLoad),
            _ => None,
        };
        let current = current_of(v, &kind, loc);
        let hide = match v.get("hide").and_then(Value::as_i64) {
            Some(1) => VariableHide::Label,
            Some(2) => VariableHide::Variable,
            _ => VariableHide::Visible,
        };
        out.push((
            Variable {
                loc,
                name: s(&name, loc),
                label: text("label"),
                description: text("description"),
                hide,
                kind,
                current,
                refresh,
                set: Vec::new(),
            },
            i,
        ));
    }
    out
}

/// Why an ad hoc filter variable cannot be an `adhoc` one (the JSON path
/// under the variable and the message), if it cannot: the DSL's filter
/// the dashboard's Prometheus datasource and start empty.
fn adhoc_problem(v: &Value) -> Option<(String, String)> {
    let kind = v.pointer("/datasource/type").and_then(Value::as_str);
    if let Some(kind) = kind.filter(|k| *k != "prometheus") {
        return Some(("/datasource/type".into(), format!("ad hoc filters of a \"{kind}\" datasource: an `adhoc` variable filters the queries of the dashboard's Prometheus datasource; remove the variable or point it at Prometheus in Grafana")));
    }
    for key in ["filters", "baseFilters"] {
        if let Some(list) = v
            .get(key)
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
        {
            return Some((format!("/{key}"), format!("{} preset ad hoc filter(s) in `{key}`: an `adhoc` variable starts with no filter and the viewer picks them; remove them in Grafana (or filter the queries themselves)", list.len())));
        }
    }
    None
}

/// A variable's `current` as the DSL's `current` option writes it: the
/// selected values, `All` for Grafana's `$__all` (`auto` for `$__auto`),
/// when each text is its value; empty for constants and text boxes (their
/// value is their `current`) or when the DSL cannot write it.
fn current_of(v: &Value, kind: &VariableKind, loc: Loc) -> Vec<Spanned<String>> {
    let lead = match kind {
        VariableKind::Query { .. } | VariableKind::Custom { .. } => ("$__all", "All"),
        VariableKind::Interval { .. } => ("$__auto", "auto"),
        _ => return Vec::new(),
    };
    let Some(current) = v.get("current").and_then(Value::as_object) else {
        return Vec::new();
    };
    let list = |k: &str| -> Option<Vec<String>> {
        match current.get(k)? {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(a) => a.iter().map(|x| x.as_str().map(String::from)).collect(),
            _ => None,
        }
    };
    let (Some(values), Some(mut texts)) = (list("value"), list("text")) else {
        return Vec::new();
    };
    // Grafana 7 to 9 saved the text of several values joined with ` + `.
    if values.len() > 1 && texts.len() == 1 && texts[0] == values.join(" + ") {
        texts = values.clone();
    }
    if values.is_empty() || values.len() != texts.len() {
        return Vec::new();
    }
    // Grafana's "None": the query returned no values (`current: none`).
    if matches!(kind, VariableKind::Query { .. })
        && values.len() == 1
        && values[0].is_empty()
        && texts[0] == crate::grafana::NONE_TEXT
    {
        return vec![s("", loc)];
    }
    let mut out = Vec::new();
    for (value, text) in values.iter().zip(&texts) {
        let with_all = match kind {
            VariableKind::Query { include_all, .. } | VariableKind::Custom { include_all, .. } => {
                *include_all
            }
            VariableKind::Interval { auto, .. } => *auto,
            _ => false,
        };
        if value == lead.0 && !with_all {
            return Vec::new();
        }
        let shown = if value == lead.0 {
            lead.1
        } else {
            value.as_str()
        };
        if text != shown || shown.is_empty() {
            return Vec::new();
        }
        out.push(s(shown, loc));
    }
    out
}

/// A custom variable's values: split at commas not escaped as `\,`, trimmed.
pub(crate) fn split_custom(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                current.push(',');
                chars.next();
            }
            ',' => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out.push(current);
    out.into_iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Each panel of `items` (not rows) with its item, its index in the row,
/// its source pointer and its rendering in `rendered`.
fn placed(
    items: &[(Item, Source)],
    rendered: &Value,
) -> Vec<(usize, Option<usize>, String, Value)> {
    let out_panels = rendered
        .get("panels")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut found = Vec::new();
    let mut top = 0usize;
    for (i, (item, src)) in items.iter().enumerate() {
        match (item, src) {
            (Item::Panel(_), Source::Panel(pointer)) => {
                let out = out_panels.get(top).cloned().unwrap_or(Value::Null);
                top += 1;
                found.push((i, None, pointer.clone(), out));
            }
            (Item::Row(r), Source::Row(_, children)) => {
                let out = out_panels.get(top).cloned().unwrap_or(Value::Null);
                top += 1;
                let inner = out
                    .get("panels")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for (j, cp) in children.iter().enumerate().take(r.panels.len()) {
                    let o = if r.collapsed {
                        inner.get(j).cloned().unwrap_or(Value::Null)
                    } else {
                        let o = out_panels.get(top).cloned().unwrap_or(Value::Null);
                        top += 1;
                        o
                    };
                    found.push((i, Some(j), cp.clone(), o));
                }
            }
            _ => {}
        }
    }
    found
}

/// Where an item came from: the panel's pointer, or the row's and its panels'.
enum Source {
    Panel(String),
    Row(String, Vec<String>),
}

fn grid_of(ctx: &mut Ctx<'_>, p: &Value, pointer: &str, who: (&str, &str)) -> GridPos {
    let g = p.get("gridPos");
    let mut get = |k: &str, default: f64, min: f64, max: f64| -> u32 {
        let raw = g.and_then(|g| g.get(k)).and_then(Value::as_f64);
        let v = raw.unwrap_or(default);
        let r = v.round().clamp(min, max);
        if raw.is_some() && r != v {
            ctx.adjusted.push(format!(
                "{}: dashboard \"{}\", panel \"{}\" (id {}), {pointer}/gridPos/{k}: {v} is now {r}",
                ctx.file, ctx.title, who.0, who.1
            ));
        }
        r as u32
    };
    let w = get("w", 6.0, 1.0, GRID_COLUMNS as f64);
    let h = get("h", 3.0, 1.0, 100.0);
    let x = get("x", 0.0, 0.0, (GRID_COLUMNS - w) as f64);
    let y = get("y", 0.0, 0.0, 1e6);
    GridPos { x, y, w, h }
}

fn items(ctx: &mut Ctx<'_>, d: &Value) -> Vec<(Item, Source)> {
    let mut out: Vec<(Item, Source)> = Vec::new();
    let Some(panels) = d.get("panels").and_then(Value::as_array) else {
        return out;
    };
    let mut flow = Flow::new();
    for (i, p) in panels.iter().enumerate() {
        let pointer = format!("/panels/{i}");
        if str_at(p, "type") == Some("row") {
            let title = str_at(p, "title").unwrap_or("").to_string();
            let id = panel_id(p);
            let pos = grid_of(ctx, p, &pointer, (&title, &id));
            let rloc = ctx.loc(Where::Panel {
                title: title.clone(),
                id: id.clone(),
                pointer: pointer.clone(),
            });
            let y = if flow.clone().row().y == pos.y {
                flow.row();
                None
            } else {
                flow.row_at(pos.y);
                Some(Spanned::new(pos.y, rloc))
            };
            let collapsed = p.get("collapsed").and_then(Value::as_bool).unwrap_or(false);
            let mut row = Row {
                loc: rloc,
                title: s(&title, rloc),
                collapsed,
                panels: Vec::new(),
                repeat: str_at(p, "repeat")
                    .filter(|r| !r.is_empty())
                    .map(|r| s(r, rloc)),
                y,
                set: Vec::new(),
            };
            let mut children = Vec::new();
            let inner = p
                .get("panels")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if !collapsed && !inner.is_empty() {
                ctx.error(Some((&title, &id)), &format!("{pointer}/panels"), "an expanded row holding panels inside it: Grafana shows the panels that follow an expanded row, not those inside it; collapse the row in Grafana or move the panels out, and save it again");
            }
            if collapsed {
                let item = out.len();
                for (j, c) in inner.iter().enumerate() {
                    let cp = format!("{pointer}/panels/{j}");
                    if let Some(panel) = panel(ctx, c, &cp, &mut flow, item, j) {
                        row.panels.push(panel);
                        children.push(cp);
                    }
                }
                // As the DSL lays out what follows a collapsed row.
                flow.new_line();
            }
            out.push((Item::Row(row), Source::Row(pointer, children)));
            continue;
        }
        let item = out.len();
        match out.last_mut() {
            Some((Item::Row(r), Source::Row(_, children))) if !r.collapsed => {
                let child = r.panels.len();
                if let Some(panel) = panel(ctx, p, &pointer, &mut flow, item - 1, child) {
                    r.panels.push(panel);
                    children.push(pointer);
                }
            }
            // A panel below a collapsed row, outside it, is no row's: the
            // DSL writes it after the row, as Grafana 12 keeps it.
            _ => {
                if let Some(panel) = panel(ctx, p, &pointer, &mut flow, item, usize::MAX) {
                    out.push((Item::Panel(panel), Source::Panel(pointer)));
                }
            }
        }
    }
    out
}

/// Datasource kinds a query may read.
/// Whether `ds` is Grafana's `-- Dashboard --` datasource.
fn is_dashboard_source(ds: Option<&Value>) -> bool {
    let uid = match ds {
        Some(Value::String(name)) => name.as_str(),
        Some(Value::Object(o)) => o.get("uid").and_then(Value::as_str).unwrap_or(""),
        _ => "",
    };
    uid == crate::grafana::DASHBOARD_DATASOURCE
}

/// A panel on the `-- Dashboard --` datasource: `Some` of the title of the
/// panel whose results it shows (`None` inside when that cannot be written,
/// reported), or `None` for a panel of another datasource.
fn dashboard_source(
    ctx: &mut Ctx<'_>,
    p: &Value,
    targets: &[Value],
    pointer: &str,
    who: (&str, &str),
) -> Option<Option<PanelRef>> {
    if !is_dashboard_source(p.get("datasource"))
        && !targets
            .iter()
            .any(|t| is_dashboard_source(t.get("datasource")))
    {
        return None;
    }
    let [t] = targets else {
        ctx.error(Some(who), &format!("{pointer}/targets"), format!("{} queries on the `-- Dashboard --` datasource: `from_panel` reads one panel's results; keep one query in Grafana", targets.len()));
        return Some(None);
    };
    let tp = format!("{pointer}/targets/0");
    if !is_dashboard_source(t.get("datasource")) {
        ctx.error(Some(who), &format!("{tp}/datasource"), "a query of another datasource on a panel of the `-- Dashboard --` datasource: `from_panel` reads one panel's results; change it in Grafana");
        return Some(None);
    }
    let Some(id) = t.get("panelId").and_then(Value::as_u64) else {
        ctx.error(Some(who), &format!("{tp}/panelId"), "a query of the `-- Dashboard --` datasource without a `panelId`: pick the panel whose results to show in Grafana");
        return Some(None);
    };
    let others: Vec<&String> = t
        .as_object()
        .map(|o| {
            o.keys()
                .filter(|k| !["datasource", "panelId", "refId"].contains(&k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    if let Some(k) = others.first() {
        ctx.error(Some(who), &format!("{tp}/{}", token(k)), format!("`{k}` on a query of the `-- Dashboard --` datasource: `from_panel` writes only the panel it reads (with all its results); change it in Grafana"));
        return Some(None);
    }
    match ctx.titles.get(&id).map(Vec::as_slice) {
        Some([(title, place)]) => {
            let same = ctx
                .titles
                .values()
                .flatten()
                .filter(|(t, _)| t == title)
                .count();
            // By title where it names that panel alone, else by dashc's id.
            Some(Some(if same == 1 && !title.trim().is_empty() {
                PanelRef::Title(title.clone())
            } else {
                PanelRef::Id(*place)
            }))
        }
        _ => {
            ctx.error(Some(who), &format!("{tp}/panelId"), format!("no panel has the id {id} (or several do): pick the panel whose results to show in Grafana"));
            Some(None)
        }
    }
}

fn prometheus_source(ds: Option<&Value>) -> Result<(), String> {
    match ds {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(name)) => match name.as_str() {
            "-- Grafana --" | "-- Dashboard --" | "-- Mixed --" => {
                Err(format!("the datasource \"{name}\""))
            }
            _ => Ok(()),
        },
        Some(Value::Object(o)) => {
            let kind = o
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("prometheus");
            let uid = o.get("uid").and_then(Value::as_str).unwrap_or("");
            match kind {
                "prometheus" => Ok(()),
                "datasource" if uid == "-- Mixed --" => Ok(()),
                _ if kind.is_empty() => Ok(()),
                other => Err(format!(
                    "a datasource of type \"{other}\"{}",
                    if uid.is_empty() {
                        String::new()
                    } else {
                        format!(" (uid \"{uid}\")")
                    }
                )),
            }
        }
        Some(other) => Err(format!("the datasource {}", shown(other))),
    }
}

fn panel(
    ctx: &mut Ctx<'_>,
    p: &Value,
    pointer: &str,
    flow: &mut Flow,
    item: usize,
    child: usize,
) -> Option<Panel> {
    let title = str_at(p, "title").unwrap_or("").to_string();
    let id = panel_id(p);
    let who = (title.as_str(), id.as_str());
    let kind_name = str_at(p, "type").unwrap_or("");
    let Some(kind) = PanelKind::ALL
        .iter()
        .map(|(k, _)| *k)
        .find(|k| k.plugin_id() == kind_name)
    else {
        ctx.error(Some(who), &format!("{pointer}/type"), format!("a `{kind_name}` panel: the DSL has {} panels; change its visualization in Grafana to one of them, or leave the panel out", PanelKind::ALL.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")));
        return None;
    };
    let loc = ctx.loc(Where::Panel {
        title: title.clone(),
        id: id.clone(),
        pointer: pointer.to_string(),
    });
    let mut m = Panel::new(loc, kind, s(&title, loc));
    if let Some(desc) = p.get("description").and_then(Value::as_str) {
        m.description = Some(desc.to_string());
    }
    let pos = grid_of(ctx, p, pointer, who);
    if pos.w != crate::layout::DEFAULT_WIDTH {
        m.width = Some(Spanned::new(pos.w, loc));
    }
    if pos.h != crate::layout::DEFAULT_HEIGHT {
        m.height = Some(Spanned::new(pos.h, loc));
    }
    if flow.clone().panel(pos.w, pos.h) == pos {
        flow.panel(pos.w, pos.h);
    } else {
        flow.place(pos.x, pos.y, pos.w, pos.h);
        m.x = Some(Spanned::new(pos.x, loc));
        m.y = Some(Spanned::new(pos.y, loc));
    }
    let defaults = p
        .pointer("/fieldConfig/defaults")
        .cloned()
        .unwrap_or(Value::Null);
    let options = p.get("options").cloned().unwrap_or(Value::Null);
    m.repeat = super::forms::repeat(p, loc);
    if kind == PanelKind::Text {
        m.text_mode = match str_at(&options, "mode") {
            Some("html") => Some(Spanned::new(TextMode::Html, loc)),
            Some("code") => Some(Spanned::new(
                TextMode::Code {
                    language: options
                        .pointer("/code/language")
                        .and_then(Value::as_str)
                        .unwrap_or("plaintext")
                        .to_string(),
                },
                loc,
            )),
            _ => None,
        };
        m.content = Some(
            options
                .get("content")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        );
        return Some(m);
    }
    if !kind.shows_values() {
        // An alert list: its options are short forms and `set` entries.
        return Some(m);
    }
    // Unit, min, max, decimals: where the kind keeps them.
    let bucketed = p
        .get("targets")
        .and_then(Value::as_array)
        .is_some_and(|ts| ts.iter().any(|t| str_at(t, "format") == Some("heatmap")));
    let value_at = |key: &str| -> Option<&Value> {
        if kind == PanelKind::Heatmap {
            if bucketed {
                options.get("yAxis")?.get(key)
            } else {
                match key {
                    "unit" | "decimals" => options.get("cellValues")?.get(key),
                    _ => options.get("color")?.get(key),
                }
            }
        } else {
            defaults.get(key)
        }
    };
    m.unit = Some(s(
        value_at("unit")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
            .unwrap_or("none"),
        loc,
    ));
    // An id Grafana does not know ("qps"): shown after each value, kept as it is.
    m.unit_as_is = m
        .unit
        .as_ref()
        .is_some_and(|u| !crate::units::is_known(&u.value));
    m.min = value_at("min").and_then(Value::as_f64);
    m.max = value_at("max").and_then(Value::as_f64);
    m.decimals = value_at("decimals")
        .and_then(Value::as_u64)
        .filter(|d| *d <= 20)
        .map(|d| d as u8);
    // Legend.
    let has_legend = !matches!(
        kind,
        PanelKind::Stat
            | PanelKind::Gauge
            | PanelKind::Table
            | PanelKind::Heatmap
            | PanelKind::Text
    );
    if has_legend {
        if let Some(l) = options.get("legend").filter(|l| l.is_object()) {
            let shown_default = kind != PanelKind::BarGauge;
            let show = l
                .get("showLegend")
                .and_then(Value::as_bool)
                .unwrap_or(shown_default);
            let mode = match (show, str_at(l, "displayMode")) {
                (false, _) => LegendMode::Hidden,
                (true, Some("table")) => LegendMode::Table,
                _ => LegendMode::List,
            };
            let placement = if str_at(l, "placement") == Some("right") {
                LegendPlacement::Right
            } else {
                LegendPlacement::Bottom
            };
            let calcs: Vec<Spanned<String>> = l
                .get("calcs")
                .and_then(Value::as_array)
                .map(|c| {
                    c.iter()
                        .filter_map(Value::as_str)
                        .map(|c| s(c, loc))
                        .collect()
                })
                .unwrap_or_default();
            let is_default = if shown_default {
                mode == LegendMode::List
            } else {
                mode == LegendMode::Hidden
            } && placement == LegendPlacement::Bottom
                && calcs.is_empty();
            if !is_default {
                m.legend = Some(Legend {
                    mode,
                    placement,
                    calcs,
                });
            }
        }
    } else if kind == PanelKind::Heatmap
        && options.pointer("/legend/show") == Some(&Value::Bool(false))
    {
        m.legend = Some(Legend {
            mode: LegendMode::Hidden,
            placement: LegendPlacement::Bottom,
            calcs: Vec::new(),
        });
    }
    // Thresholds.
    let style = defaults
        .pointer("/custom/thresholdsStyle/mode")
        .and_then(Value::as_str)
        .and_then(ThresholdsStyle::from_grafana_name);
    if let Some(th) = defaults.get("thresholds").filter(|t| t.is_object()) {
        let mode = if str_at(th, "mode") == Some("percentage") {
            ThresholdsMode::Percentage
        } else {
            ThresholdsMode::Absolute
        };
        let source: &[Value] = th
            .get("steps")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        // A step after the base without a `value` (Grafana's singlestat
        // migration wrote one for each color past the last level) is never
        // shown: Grafana compares the field's value with `undefined`, which
        // is false, and stops there, so no later step is shown either.
        let reached = source
            .iter()
            .skip(1)
            .position(|st| st.get("value").is_none())
            .map_or(source.len(), |i| i + 1);
        if reached < source.len() {
            let colors: Vec<String> = source[reached..]
                .iter()
                .map(|st| format!("`{}`", str_at(st, "color").unwrap_or("")))
                .collect();
            ctx.adjusted.push(format!(
                "{}: dashboard \"{}\", panel \"{}\" (id {}), {pointer}/fieldConfig/defaults/thresholds/steps/{reached}: dropped the threshold step{} {}: a step without a value is never shown, nor any after it",
                ctx.file,
                ctx.title,
                who.0,
                who.1,
                if colors.len() == 1 { "" } else { "s" },
                colors.join(", ")
            ));
        }
        let steps: Vec<ThresholdStep> = source[..reached]
            .iter()
            .enumerate()
            .map(|(i, st)| ThresholdStep {
                loc,
                color: str_at(st, "color").unwrap_or("").to_string(),
                value: if i == 0 {
                    None
                } else {
                    st.get("value").and_then(Value::as_f64)
                },
            })
            .collect();
        let style = if kind == PanelKind::Timeseries {
            style.unwrap_or(ThresholdsStyle::Off)
        } else {
            ThresholdsStyle::Off
        };
        let default = mode == ThresholdsMode::Absolute
            && style == ThresholdsStyle::Off
            && steps.len() == 2
            && steps[0].color == "green"
            && steps[1].color == "red"
            && steps[1].value == Some(80.0);
        if !default {
            for st in &steps {
                if !is_color(&st.color) {
                    ctx.error(Some(who), &format!("{pointer}/fieldConfig/defaults/thresholds"), format!("the threshold color \"{}\" is not a color Grafana knows: change it in Grafana", st.color));
                }
            }
            m.thresholds = Some(Thresholds { mode, steps, style });
        }
    } else if let Some(style) =
        style.filter(|s| *s != ThresholdsStyle::Off && kind == PanelKind::Timeseries)
    {
        m.thresholds = Some(Thresholds {
            mode: ThresholdsMode::Absolute,
            steps: vec![
                ThresholdStep {
                    loc,
                    color: "green".into(),
                    value: None,
                },
                ThresholdStep {
                    loc,
                    color: "red".into(),
                    value: Some(80.0),
                },
            ],
            style,
        });
    }
    // Color.
    let color_json = if kind == PanelKind::Heatmap {
        options.get("color")
    } else {
        defaults.get("color")
    };
    if let Some(c) = color_json {
        let mode = str_at(c, "mode").unwrap_or("");
        let fixed = str_at(c, "fixedColor");
        let default_mode = if matches!(
            kind,
            PanelKind::Timeseries
                | PanelKind::PieChart
                | PanelKind::BarChart
                | PanelKind::Histogram
        ) {
            "palette-classic"
        } else {
            "thresholds"
        };
        m.color = match (kind, mode) {
            (PanelKind::Heatmap, "opacity") => fixed
                .or(str_at(c, "fill"))
                .map(|f| ColorMode::Fixed(f.to_string())),
            (PanelKind::Heatmap, _)
                if str_at(c, "scheme") == Some("RdYlGn")
                    && c.get("reverse") == Some(&Value::Bool(true)) =>
            {
                Some(ColorMode::GreenYellowRed)
            }
            (PanelKind::Heatmap, _) => None,
            (_, m) if m == default_mode && fixed.is_none() => None,
            (_, "") => None,
            (_, other) => match ColorMode::from_json(c) {
                Some(mode) => Some(mode),
                // A color on a mode that takes none, or another key: the
                // comparison of the rendering with the source names the path.
                None if other == "fixed" || COLOR_SCHEMES.iter().any(|(_, id)| *id == other) => {
                    ColorMode::from_json(&serde_json::json!({ "mode": other }))
                }
                None if other == "shades" => fixed.map(|f| ColorMode::Shades(f.to_string())),
                None => {
                    let ids: Vec<&str> = COLOR_SCHEMES.iter().map(|(_, id)| *id).collect();
                    ctx.error(Some(who), &format!("{pointer}/fieldConfig/defaults/color/mode"), format!("the color mode \"{other}\" is not one of Grafana's field color modes ({}, fixed, shades): pick one of them in Grafana", ids.join(", ")));
                    None
                }
            },
        };
        if let Some(f) = m.color.as_ref().and_then(ColorMode::fixed_color) {
            if !is_color(f) {
                ctx.error(
                    Some(who),
                    &format!("{pointer}/fieldConfig/defaults/color/fixedColor"),
                    format!("the color \"{f}\" is not a color Grafana knows: change it in Grafana"),
                );
            }
        }
    }
    // Stacking.
    if matches!(kind, PanelKind::Timeseries | PanelKind::Histogram) {
        m.stacking = match defaults
            .pointer("/custom/stacking/mode")
            .and_then(Value::as_str)
        {
            Some("normal") => Some(Stacking::Normal),
            Some("percent") => Some(Stacking::Percent),
            _ => None,
        };
    }
    // Value mappings, data links, repeat.
    if let Some(list) = defaults.get("mappings").filter(|l| !l.is_null()) {
        if let Some(mappings) = super::forms::mappings(list, loc) {
            m.mappings = mappings;
        }
    }
    if let Some(list) = defaults.get("links").filter(|l| !l.is_null()) {
        if let Some(links) = super::forms::data_links(list, loc) {
            m.data_links = links;
        }
    }
    if let Some(list) = p.get("transformations").and_then(Value::as_array) {
        let all: Option<Vec<Transformation>> = list
            .iter()
            .map(|t| {
                crate::dsl::transforms::source_of(t)?;
                Some(Transformation {
                    loc,
                    id: s(str_at(t, "id")?, loc),
                    options: t
                        .get("options")
                        .filter(|o| o.is_object())
                        .cloned()
                        .unwrap_or_else(|| Value::Object(Map::new())),
                    reducers: Vec::new(),
                    disabled: t.get("disabled") == Some(&Value::Bool(true)),
                })
            })
            .collect();
        if let Some(all) = all {
            m.transformations = all;
        }
    }
    if let Some(list) = p.pointer("/fieldConfig/overrides").filter(|l| !l.is_null()) {
        let ref_ids: Vec<String> = p
            .get("targets")
            .and_then(Value::as_array)
            .map(|ts| {
                ts.iter()
                    .filter(|t| t.get("expr").and_then(Value::as_str).is_some())
                    .map(|t| str_at(t, "refId").unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        let list = match schema::panel_kind(kind.plugin_id()) {
            Some(k) => {
                let read = super::read_overrides(k, list);
                if &read != list {
                    let (title, id) = (&who.0, &who.1);
                    ctx.adjusted.push(format!("{}: dashboard \"{}\", panel \"{title}\" (id {id}), {pointer}/fieldConfig/overrides: dropped the `custom.` properties a `{}` panel has not (and overrides left without a property)", ctx.file, ctx.title, k.id));
                }
                read
            }
            None => list.clone(),
        };
        match super::forms::overrides(kind, &list, &ref_ids, loc) {
            Ok(overrides) => m.overrides = overrides,
            Err((at, message)) => ctx.error(Some(who), &format!("{pointer}{at}"), message),
        }
    }
    // Queries.
    let targets = p
        .get("targets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(from) = dashboard_source(ctx, p, &targets, pointer, who) {
        m.from_panel = from.map(|r| Spanned::new(r, loc));
        return Some(m);
    }
    if let Err(what) = prometheus_source(p.get("datasource")) {
        if !targets.is_empty() {
            ctx.error(Some(who), &format!("{pointer}/datasource"), format!("{what}: dashc dashboards query Prometheus only; leave the panel out or change its datasource"));
        }
    }
    let mut source_refs: Vec<String> = Vec::new();
    let mut after_expression = false;
    for (i, t) in targets.iter().enumerate() {
        let tp = format!("{pointer}/targets/{i}");
        if is_expression(t) {
            after_expression = true;
            let eloc = ctx.loc(Where::Target {
                item,
                child,
                target: m.targets.len() + m.expressions.len(),
                title: title.clone(),
                id: id.clone(),
                pointer: tp.clone(),
            });
            match expression(t, eloc) {
                Ok(e) => {
                    m.expressions.push(e);
                    source_refs.push(str_at(t, "refId").unwrap_or("").to_string());
                }
                Err(message) => ctx.error(Some(who), &tp, message),
            }
            continue;
        }
        if after_expression {
            ctx.error(Some(who), &tp, "a query after a server-side expression: the DSL writes a panel's expressions after its queries; move the expression last in Grafana");
            continue;
        }
        if let Err(what) = prometheus_source(t.get("datasource")) {
            ctx.error(Some(who), &format!("{tp}/datasource"), format!("{what}: dashc dashboards query Prometheus only; remove this query or change its datasource"));
            continue;
        }
        let Some(expr) = t.get("expr").and_then(Value::as_str) else {
            ctx.error(
                Some(who),
                &tp,
                "a query without a Prometheus `expr`: dashc dashboards run PromQL only; remove it",
            );
            continue;
        };
        let tloc = ctx.loc(Where::Target {
            item,
            child,
            target: m.targets.len(),
            title: title.clone(),
            id: id.clone(),
            pointer: tp.clone(),
        });
        let legend = match t.get("legendFormat").and_then(Value::as_str) {
            None | Some(crate::grafana::AUTO_LEGEND) => None,
            Some(l) => Some(s(l, tloc)),
        };
        let format = match str_at(t, "format") {
            Some("table") => TargetFormat::Table,
            Some("heatmap") => TargetFormat::Heatmap,
            _ => TargetFormat::TimeSeries,
        };
        m.targets.push(Target {
            loc: tloc,
            expr: s(expr, tloc),
            legend,
            instant: t.get("instant").and_then(Value::as_bool).unwrap_or(false),
            format,
            interval: t
                .get("interval")
                .and_then(Value::as_str)
                .filter(|i| !i.is_empty())
                .map(|i| s(i, tloc)),
            hide: t.get("hide").and_then(Value::as_bool).unwrap_or(false),
            exemplar: t.get("exemplar").and_then(Value::as_bool).unwrap_or(false),
            allow: Vec::new(),
            set: Vec::new(),
            ref_id: None,
        });
        source_refs.insert(
            m.targets.len() - 1,
            str_at(t, "refId").unwrap_or("").to_string(),
        );
    }
    if !m.expressions.is_empty() {
        // Expressions name queries by refId: keep the source's where the
        // DSL's lettering would give another.
        explicit_refs(&mut m, &source_refs);
    }
    // A table's sort: the short form where it writes the same `sortBy`.
    if kind == PanelKind::Table {
        if let (Some(Value::Array(sort_by)), Some(column)) = (
            options.get("sortBy"),
            crate::grafana::table_value_column(&m.targets, &m.expressions),
        ) {
            if let [only] = sort_by.as_slice() {
                if str_at(only, "displayName") == Some(column.as_str())
                    && only.as_object().is_some_and(|o| o.len() == 2)
                {
                    let order = if only.get("desc") == Some(&Value::Bool(true)) {
                        SortOrder::Descending
                    } else {
                        SortOrder::Ascending
                    };
                    if only.get("desc").is_some_and(Value::is_boolean) {
                        m.sort = Some(Spanned::new(order, loc));
                    }
                }
            }
        }
    }
    Some(m)
}

fn diff_panel(
    ctx: &mut Ctx<'_>,
    p: &Panel,
    pointer: &str,
    src: &Value,
    out: &Value,
) -> (Vec<SetEntry>, Vec<Vec<SetEntry>>) {
    let who = (p.title.value.clone(), panel_id(src));
    let Some(kind) = schema::panel_kind(p.kind.plugin_id()) else {
        return (Vec::new(), Vec::new());
    };
    // The overrides as read: without the `custom.` properties the kind has
    // not (the panel copied only when that leaves some out).
    let read_src;
    let src = match src.pointer("/fieldConfig/overrides") {
        Some(list) => {
            let read = super::read_overrides(kind, list);
            if &read == list {
                src
            } else {
                let mut copy = src.clone();
                if let Some(slot) = copy.pointer_mut("/fieldConfig/overrides") {
                    *slot = read;
                }
                read_src = copy;
                &read_src
            }
        }
        None => src,
    };
    let reserved = set_paths::reserved_for(p);
    let set = diff_element(
        ctx,
        Some((&who.0, &who.1)),
        pointer,
        src,
        out,
        Root::Panel(kind),
        &reserved,
        PANEL_HANDLED,
    );
    let mut targets = Vec::new();
    if !p.kind.shows_values() {
        // A text panel's queries are left out (`DROPPED`); an alert list has none.
        return (set, targets);
    }
    let src_targets = src
        .get("targets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let out_targets = out
        .get("targets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // Targets the model kept, in order (the others were reported).
    let kept: Vec<(usize, &Value)> = src_targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.get("expr").and_then(Value::as_str).is_some())
        .collect();
    for (k, (i, t)) in kept.into_iter().enumerate() {
        let out = out_targets.get(k).cloned().unwrap_or(Value::Null);
        let tp = format!("{pointer}/targets/{i}");
        targets.push(diff_element(
            ctx,
            Some((&who.0, &who.1)),
            &tp,
            t,
            &out,
            Root::Target,
            &set_paths::target_reserved(),
            TARGET_HANDLED,
        ));
    }
    (set, targets)
}

/// The query keys the Status Panel plugin's query editor leaves on a
/// Prometheus query ([`super::DROPPED`]), each dropped with a line on stderr.
const STATUS_PANEL_KEYS: &[&str] = &[
    "aggregation",
    "decimals",
    "displayAliasType",
    "displayType",
    "displayValueWithAlias",
    "units",
    "valueHandler",
];

fn last_key(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A key a dotted `set` path can name.
fn path_safe(key: &str) -> bool {
    !key.is_empty() && !key.contains('.') && !key.bytes().all(|b| b.is_ascii_digit())
}

/// The `set` entries that make `out` (the rendering of the short forms)
/// hold every leaf of `src`, checked against Grafana's schema at `root`.
/// A difference at a path the DSL writes itself, or a value the schema
/// refuses, is an error.
#[allow(clippy::too_many_arguments)]
fn diff_element(
    ctx: &mut Ctx<'_>,
    who: Option<(&str, &str)>,
    pointer: &str,
    src: &Value,
    out: &Value,
    root: Root,
    reserved: &[Taken],
    handled: &[&str],
) -> Vec<SetEntry> {
    let place = match root {
        Root::Dashboard => Place::Dashboard,
        Root::Target => Place::Query,
        Root::Panel(_) => Place::Panel,
        Root::Type(_) if std::ptr::eq(handled, ROW_HANDLED) => Place::Row,
        Root::Type(_) => Place::Variable,
    };
    let mut sets = Vec::new();
    let Some(map) = src.as_object() else {
        return sets;
    };
    for (key, value) in map {
        if dropped_at(place, key)
            && place == Place::Query
            && STATUS_PANEL_KEYS.contains(&key.as_str())
        {
            ctx.adjusted.push(format!(
                "{}: dashboard \"{}\", {pointer}/{}: dropped {}: an option of the Status Panel plugin's query editor, which the Prometheus datasource does not read",
                ctx.file,
                ctx.title,
                token(key),
                shown(value)
            ));
            continue;
        }
        if dropped_at(place, key) || value.is_null() {
            continue;
        }
        if handled.contains(&key.as_str()) {
            let made = key == "uid" && value.as_str().is_none_or(str::is_empty);
            let structural = made
                || ["templating", "panels", "targets", "gridPos", "refId"].contains(&key.as_str());
            if !structural && !super::compare::equivalent(key, value, out.get(key)) {
                ctx.error(
                    who,
                    &format!("{pointer}/{}", token(key)),
                    format!(
                        "{} here, but the DSL writes {}: dashc cannot write this value",
                        shown(value),
                        out.get(key).map_or("nothing".to_string(), shown)
                    ),
                );
            }
            continue;
        }
        diff_value(
            ctx,
            who,
            pointer,
            key,
            value,
            out.get(key),
            root,
            reserved,
            &mut sets,
        );
    }
    sets
}

#[allow(clippy::too_many_arguments)]
fn diff_value(
    ctx: &mut Ctx<'_>,
    who: Option<(&str, &str)>,
    pointer: &str,
    path: &str,
    src: &Value,
    out: Option<&Value>,
    root: Root,
    reserved: &[Taken],
    sets: &mut Vec<SetEntry>,
) {
    let here = format!(
        "{pointer}/{}",
        path.split('.').map(token).collect::<Vec<_>>().join("/")
    );
    if super::compare::equivalent(last_key(path), src, out) {
        return;
    }
    let last = path.rsplit('.').next().unwrap_or(path);
    if src.is_null()
        || (path.contains('.') && super::dropped_anywhere(last))
        || matches!(src, Value::Object(m) if m.is_empty()) && out.is_some_and(Value::is_object)
    {
        return;
    }
    // A short form's own path takes, with `set`, a value the form cannot write.
    let beyond_form = match root {
        Root::Panel(kind) => PanelKind::ALL
            .iter()
            .find(|(k, _)| k.plugin_id() == kind.id)
            .is_some_and(|(k, _)| set_paths::form_cannot_write(*k, path, src)),
        _ => false,
    };
    let owner = reserved
        .iter()
        .find(|(taken, _, _)| within(path, taken))
        .filter(|_| !beyond_form);
    if let Some((taken, owner, _)) = owner {
        let _ = taken;
        // An object or list the DSL writes: the first leaf it does not carry.
        if let (Value::Array(items), Some(Value::Array(o))) = (src, out) {
            if items.len() == o.len() {
                for (k, v) in items.iter().enumerate() {
                    let inner = format!("{path}.{k}");
                    diff_value(ctx, who, pointer, &inner, v, o.get(k), root, reserved, sets);
                }
                return;
            }
        }
        if let (Value::Object(map), Some(Value::Object(o))) = (src, out) {
            if map.keys().all(|k| path_safe(k)) {
                for (k, v) in map {
                    let inner = format!("{path}.{k}");
                    diff_value(ctx, who, pointer, &inner, v, o.get(k), root, reserved, sets);
                }
                return;
            }
        }
        ctx.error(
            who,
            &here,
            format!(
                "{} here, but {owner} writes {}: the DSL cannot write this value",
                shown(src),
                out.map_or("nothing".to_string(), shown)
            ),
        );
        return;
    }
    let below_reserved = reserved.iter().any(|(taken, _, _)| within(taken, path));
    if let Value::Object(map) = src {
        let all_safe = map.keys().all(|k| path_safe(k));
        let out_obj = out.filter(|o| o.is_object());
        if !beyond_form && !map.is_empty() && all_safe && (out_obj.is_some() || below_reserved) {
            for (k, v) in map {
                let inner = format!("{path}.{k}");
                diff_value(
                    ctx,
                    who,
                    pointer,
                    &inner,
                    v,
                    out_obj.and_then(|o| o.get(k)),
                    root,
                    reserved,
                    sets,
                );
            }
            return;
        }
        if below_reserved && !beyond_form {
            ctx.error(who, &here, format!("{} here cannot be written: its keys cannot be named in a `set` path, and a DSL option writes part of it", shown(src)));
            return;
        }
    }
    if let Root::Panel(kind) = root {
        let under =
            path.starts_with("options.") || path.starts_with("fieldConfig.defaults.custom.");
        if under && super::unread_option(kind, path, src) {
            let (title, id) = who.unwrap_or(("", ""));
            ctx.adjusted.push(format!("{}: dashboard \"{}\", panel \"{title}\" (id {id}), {here}: dropped {}: a `{}` panel has no such option", ctx.file, ctx.title, shown(src), kind.id));
            return;
        }
        // An object of options holding some the kind has not (a stat's
        // `custom` left from a time series): each of its keys on its own, so
        // those are dropped and the others kept.
        // A key of the panel itself the kind has not: left from an Angular
        // panel (a heatmap's `yBucketBound`, a table's `styles`).
        if super::ANGULAR_PANEL_KEYS.contains(&path) && super::unread_option(kind, path, src) {
            let (title, id) = who.unwrap_or(("", ""));
            ctx.adjusted.push(format!("{}: dashboard \"{}\", panel \"{title}\" (id {id}), {here}: dropped {}: a `{}` panel has no such key", ctx.file, ctx.title, shown(src), kind.id));
            return;
        }
        let holds_options = under || path == "options" || path == "fieldConfig.defaults.custom";
        if let (true, Value::Object(map)) = (holds_options, src) {
            let own = format!("/{}", path.replace('.', "/"));
            let unknown_below = matches!(
                schema::validate_at(root, path, src),
                Err(findings) if findings.iter().any(|f| {
                    f.problem.kind() == "unknown-key" && f.pointer.starts_with(&format!("{own}/"))
                })
            );
            if unknown_below && !map.is_empty() && map.keys().all(|k| path_safe(k)) {
                for (k, v) in map {
                    let inner = format!("{path}.{k}");
                    let o = out.and_then(|o| o.get(k));
                    diff_value(ctx, who, pointer, &inner, v, o, root, reserved, sets);
                }
                return;
            }
        }
    }
    let value = without_absent(&strip_hash_keys(src));
    match schema::validate_at(root, path, &value) {
        Ok(()) => sets.push(SetEntry {
            path: Spanned::new(path.to_string(), Loc::NONE),
            value_loc: Loc::NONE,
            value,
        }),
        Err(findings) => {
            let text: Vec<String> = findings.iter().take(3).map(ToString::to_string).collect();
            ctx.error(who, &here, format!("Grafana's schema does not have this value ({}): dashc writes only what the schema has; remove it in Grafana or fix it", text.join("; ")));
        }
    }
}

/// `value` without the keys of its objects whose values mean what their
/// absence means (`compare::EQUIVALENT`), such as a table footer's
/// `"fields": ""` of Grafana 8.
fn without_absent(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, v)| !super::compare::equivalent(k, v, None))
                .map(|(k, v)| (k.clone(), without_absent(v)))
                .collect::<Map<String, Value>>(),
        ),
        other => other.clone(),
    }
}

/// `value` without AngularJS's `$$hashKey` bookkeeping keys.
fn strip_hash_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() == "datasource" || !super::dropped_anywhere(k))
                .map(|(k, v)| (k.clone(), strip_hash_keys(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_hash_keys).collect()),
        other => other.clone(),
    }
}

/// Whether a query of the source is one of Grafana's server-side
/// expressions (the `__expr__` datasource).
fn is_expression(t: &Value) -> bool {
    let ds = t.get("datasource");
    ds.and_then(|d| d.get("type")).and_then(Value::as_str) == Some("__expr__")
        || ds.and_then(|d| d.get("uid")).and_then(Value::as_str) == Some("__expr__")
        || ds.and_then(Value::as_str) == Some("__expr__")
}

/// A server-side expression of the source as the model's, or why not.
fn expression(t: &Value, loc: Loc) -> Result<crate::model::Expression, String> {
    let kind = str_at(t, "type").unwrap_or("");
    if kind != "math" {
        return Err(format!("a server-side expression of type \"{kind}\": the DSL writes `math` expressions only; change it to a math expression or into the query in Grafana"));
    }
    let Some(expr) = str_at(t, "expression") else {
        return Err("a math expression without its `expression`: write it in Grafana".to_string());
    };
    for key in t.as_object().into_iter().flat_map(|m| m.keys()) {
        if !["datasource", "expression", "type", "refId", "hide"].contains(&key.as_str()) {
            return Err(format!("`{key}` on a math expression: the DSL writes its expression, refId and `hide` only; remove it in Grafana"));
        }
    }
    Ok(crate::model::Expression {
        loc,
        kind: crate::model::ExpressionKind::Math(s(expr, loc)),
        ref_id: None,
        hide: t.get("hide").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// Gives the queries and expressions of `m` the source's refIds
/// (`refs`, in their order) wherever the DSL's lettering gives another.
fn explicit_refs(m: &mut Panel, refs: &[String]) {
    for _ in 0..=refs.len() {
        let lettered = crate::grafana::ref_ids(&m.targets, &m.expressions);
        let Some(i) = (0..refs.len()).find(|&i| lettered.get(i) != refs.get(i)) else {
            return;
        };
        let want = Spanned::new(refs[i].clone(), Loc::NONE);
        match i.checked_sub(m.targets.len()) {
            None => m.targets[i].ref_id = Some(want),
            Some(e) => m.expressions[e].ref_id = Some(want),
        }
    }
}
