//! Lints for existing Grafana dashboard JSON files (`dashc check`): the
//! rules Grafana's loader applies (`loader`), then every query through the
//! PromQL parser and checker and, given a catalog, the catalog checks.
//!
//! A file may hold the bare dashboard object or the HTTP API's
//! `{"dashboard": {...}}` form; the wrapped form is itself a finding (file
//! provisioning does not unwrap it), and the inner dashboard is linted.
//! Grafana variables declared in the dashboard's `templating.list` are
//! declared to the query checker, so `$job` or `$__rate_interval` are not
//! errors when the dashboard defines them, and `query` or `custom` ones with
//! `multi` or `includeAll` are multi-value: Grafana writes them as a regex,
//! so an equality matcher (`=`, `!=`) on them is a finding. The queries of
//! `query` variables (`label_values(metric, label)`, ...) are checked too.
//!
//! A file is held to the caps of [`crate::limits`] (bytes, panels, targets,
//! variables; serde_json's own nesting limit of
//! [`crate::limits::JSON_MAX_DEPTH`]); crossing one is one finding naming it.
//! A panel overlapping earlier panels is one finding naming at most
//! [`crate::limits::MAX_OVERLAPS_NAMED`] of them and their count, found in
//! `O(n log n)`.
//!
//! ```
//! use dashc_core::catalog::Catalog;
//! use dashc_core::lint::lint_dashboard;
//! let json = r#"{"uid": "a", "title": "A", "schemaVersion": 42, "panels": [
//!   {"id": 1, "type": "graph", "title": "Load", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
//!    "datasource": {"type": "prometheus", "uid": "prometheus"},
//!    "targets": [{"refId": "A", "expr": "rate(process_cpu_seconds_total[5m]"}]}]}"#;
//! let findings = lint_dashboard(json, "a.json", &Catalog::default());
//! assert!(findings.iter().any(|f| f.message.contains("Angular")));
//! assert!(findings.iter().any(|f| f.ref_id.as_deref() == Some("A")));
//! ```

mod loader;
mod overlap;

use std::fmt;

use serde_json::Value;

use crate::catalog::{check_query, check_variable_query, Catalog};
use crate::limits::{
    self, JSON_MAX_DEPTH, MAX_DASHBOARD_BYTES, MAX_PANELS, MAX_TARGETS, MAX_VARIABLES,
};
use crate::promql::{self, QueryEnv, QueryError, VarClass};

/// One problem found in a dashboard file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file, as given.
    pub file: String,
    /// The panel's title (empty string for an untitled panel), when the
    /// finding is about a panel.
    pub panel: Option<String>,
    /// The target's `refId` (or `#n` for a target without one), when the
    /// finding is about a query.
    pub ref_id: Option<String>,
    /// Where in the file: a JSON pointer such as `/panels/2/gridPos`.
    pub pointer: String,
    /// For query findings: the query and the error's byte range in it.
    pub query: Option<(String, std::ops::Range<usize>)>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Finding {
    /// `file: panel "T", refId A, /pointer, column C: message`, then for a
    /// query the query line with carets under the error.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file)?;
        if let Some(panel) = &self.panel {
            write!(f, " panel \"{panel}\",")?;
        }
        if let Some(ref_id) = &self.ref_id {
            write!(f, " refId {ref_id},")?;
        }
        write!(f, " {}", self.pointer)?;
        match &self.query {
            Some((query, range)) => {
                let column = query
                    .get(..range.start)
                    .map_or(range.start, |s| s.chars().count())
                    + 1;
                let rendered = QueryError::new(range.clone(), self.message.clone()).render(query);
                write!(f, ", column {column}: {rendered}")
            }
            None => write!(f, ": {}", self.message),
        }
    }
}

/// Lints one dashboard file's text; `file` names it in findings. Catalog
/// checks run only when `catalog` is not empty.
pub fn lint_dashboard(text: &str, file: &str, catalog: &Catalog) -> Vec<Finding> {
    let mut out = Findings {
        file: file.to_string(),
        list: Vec::new(),
    };
    if text.len() > MAX_DASHBOARD_BYTES {
        out.push(
            "",
            None,
            limits::over(
                "the file",
                text.len(),
                "bytes",
                "MAX_DASHBOARD_BYTES",
                MAX_DASHBOARD_BYTES,
            ),
        );
        return out.list;
    }
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let reason = json_error_reason(&e);
            let cap = if reason.contains("recursion limit") {
                format!(
                    " (arrays and objects nest at most {JSON_MAX_DEPTH} levels deep: \
                     `limits::JSON_MAX_DEPTH`)"
                )
            } else {
                String::new()
            };
            out.push(
                "",
                None,
                format!(
                    "not valid JSON (line {}, column {}): {reason}{cap}",
                    e.line(),
                    e.column(),
                ),
            );
            return out.list;
        }
    };
    let Some(object) = root.as_object() else {
        out.push(
            "",
            None,
            "the file is not a JSON object; a dashboard file holds one dashboard object".into(),
        );
        return out.list;
    };
    let (dashboard, base) = match object.get("dashboard") {
        Some(inner @ Value::Object(_)) => {
            out.push(
                "",
                None,
                "the dashboard is wrapped as `{\"dashboard\": {...}}` (the HTTP API form): file \
                 provisioning does not unwrap it, reads an empty title and skips the file \
                 (\"Dashboard title cannot be empty\"); write the bare dashboard object"
                    .into(),
            );
            (inner, "/dashboard")
        }
        _ => (&root, ""),
    };
    if !within_caps(dashboard, base, &mut out) {
        return out.list;
    }
    loader::check(dashboard, base, &mut out);
    variables(dashboard, base, catalog, &mut out);
    queries(dashboard, base, catalog, &mut out);
    // In file order: the dashboard, then panel by panel (stable, so a
    // panel's findings keep the order the checks found them in).
    out.list.sort_by_cached_key(|f| pointer_key(&f.pointer));
    out.list
}

/// False (with a finding) when the dashboard has more panels, targets or
/// variables than the caps of [`crate::limits`] allow; nothing else is
/// checked then.
fn within_caps(dashboard: &Value, base: &str, out: &mut Findings) -> bool {
    fn list(v: Option<&Value>) -> &[Value] {
        v.and_then(Value::as_array).map_or(&[][..], Vec::as_slice)
    }
    let top = list(dashboard.get("panels"));
    let panels = top.len()
        + top
            .iter()
            .map(|p| list(p.get("panels")).len())
            .sum::<usize>();
    let targets: usize = top
        .iter()
        .flat_map(|p| std::iter::once(p).chain(list(p.get("panels"))))
        .map(|p| list(p.get("targets")).len())
        .sum();
    let variables = list(dashboard.pointer("/templating/list")).len();
    let mut ok = true;
    for (count, what, cap, value, pointer) in [
        (panels, "the dashboard", "MAX_PANELS", MAX_PANELS, "panels"),
        (
            targets,
            "the dashboard's panels",
            "MAX_TARGETS",
            MAX_TARGETS,
            "panels",
        ),
        (
            variables,
            "`templating.list`",
            "MAX_VARIABLES",
            MAX_VARIABLES,
            "templating/list",
        ),
    ] {
        if count > value {
            let unit = match cap {
                "MAX_PANELS" => "panels",
                "MAX_TARGETS" => "query targets",
                _ => "variables",
            };
            out.push(
                &format!("{base}/{pointer}"),
                None,
                format!(
                    "{}; nothing else is checked",
                    limits::over(what, count, unit, cap, value)
                ),
            );
            ok = false;
        }
    }
    ok
}

/// What serde_json says is wrong, without the ` at line L column C` it
/// appends: callers name the position their own way.
pub fn json_error_reason(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&position) {
        Some(reason) => reason.to_string(),
        None => message,
    }
}

/// A JSON pointer as a sort key: numbers compare as numbers, and a level's
/// own members come before its `panels` and `targets` lists.
fn pointer_key(pointer: &str) -> Vec<(u8, u64, String)> {
    pointer
        .split('/')
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (2, n, String::new()),
            Err(_) if part == "panels" || part == "targets" => (1, 0, part.to_string()),
            Err(_) => (0, 0, part.to_string()),
        })
        .collect()
}

/// The findings of one file.
pub(crate) struct Findings {
    file: String,
    list: Vec<Finding>,
}

impl Findings {
    /// Records a finding at `pointer`, about `panel` if given.
    pub(crate) fn push(&mut self, pointer: &str, panel: Option<&Value>, message: String) {
        self.list.push(Finding {
            file: self.file.clone(),
            panel: panel.map(panel_title),
            ref_id: None,
            pointer: if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer.to_string()
            },
            query: None,
            message,
        });
    }
}

/// What kind of JSON value `value` is, for findings: `a number`, `an array`, ...
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A panel's title, for findings.
pub(crate) fn panel_title(panel: &Value) -> String {
    panel
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// Every panel with its JSON pointer, rows' collapsed children included.
pub(crate) fn panels(dashboard: &Value, base: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let Some(list) = dashboard.get("panels").and_then(Value::as_array) else {
        return out;
    };
    for (i, panel) in list.iter().enumerate() {
        let pointer = format!("{base}/panels/{i}");
        out.push((pointer.clone(), panel.clone()));
        if let Some(children) = panel.get("panels").and_then(Value::as_array) {
            for (j, child) in children.iter().enumerate() {
                out.push((format!("{pointer}/panels/{j}"), child.clone()));
            }
        }
    }
    out
}

/// False when the target's (or else the panel's) datasource is of another
/// type than Prometheus: its `expr` is not PromQL (Loki's LogQL, ...).
fn is_prometheus(target: &Value, panel: &Value) -> bool {
    let kind = |v: &Value| {
        v.get("datasource")
            .and_then(|d| d.get("type"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    match kind(target).or_else(|| kind(panel)) {
        // `datasource` is the type of a `${datasource}` variable reference
        // whose variable queries Prometheus datasources.
        Some(t) => t == "prometheus" || t == "datasource",
        None => true,
    }
}

/// The dashboard's template variables, as the query checker needs them:
/// `query` and `custom` variables with `multi` or `includeAll` are multi-value.
fn environment(dashboard: &Value) -> QueryEnv {
    let mut env = QueryEnv::default();
    let list = dashboard
        .pointer("/templating/list")
        .and_then(Value::as_array);
    for variable in list.into_iter().flatten() {
        let Some(name) = variable.get("name").and_then(Value::as_str) else {
            continue;
        };
        let kind = variable.get("type").and_then(Value::as_str);
        let class = match kind {
            Some("interval") => VarClass::Interval,
            _ => VarClass::Value,
        };
        env.variables.push((name.to_string(), class));
        let flag = |key: &str| variable.get(key).and_then(Value::as_bool) == Some(true);
        if matches!(kind, Some("query" | "custom")) && (flag("multi") || flag("includeAll")) {
            env.multi_value.push(name.to_string());
        }
    }
    env
}

/// Every target's `expr`: parser, type and variable checks, then catalog checks.
fn queries(dashboard: &Value, base: &str, catalog: &Catalog, out: &mut Findings) {
    let env = environment(dashboard);
    for (pointer, panel) in panels(dashboard, base) {
        let Some(targets) = panel.get("targets").and_then(Value::as_array) else {
            continue;
        };
        for (t, target) in targets.iter().enumerate() {
            let expr = match target.get("expr") {
                None | Some(Value::Null) => continue,
                Some(expr) => expr,
            };
            if !is_prometheus(target, &panel) {
                continue;
            }
            let ref_id = target
                .get("refId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("#{}", t + 1), str::to_string);
            let Some(query) = expr.as_str() else {
                out.list.push(Finding {
                    file: out.file.clone(),
                    panel: Some(panel_title(&panel)),
                    ref_id: Some(ref_id),
                    pointer: format!("{pointer}/targets/{t}/expr"),
                    query: None,
                    message: format!(
                        "the query is {}, not a string; write the PromQL as a JSON string",
                        json_kind(expr)
                    ),
                });
                continue;
            };
            let legend = target.get("legendFormat").and_then(Value::as_str);
            let errors = match promql::check(query, &env) {
                Err(errors) => errors,
                Ok(()) => match promql::parse(query, &env) {
                    Ok(expr) => check_query(query, &expr, legend, catalog, &[]),
                    Err(errors) => errors,
                },
            };
            for error in limits::cap_query_errors(errors, query) {
                out.list.push(Finding {
                    file: out.file.clone(),
                    panel: Some(panel_title(&panel)),
                    ref_id: Some(ref_id.clone()),
                    pointer: format!("{pointer}/targets/{t}/expr"),
                    query: Some((query.to_string(), error.range)),
                    message: error.message,
                });
            }
        }
    }
}

/// The queries of `query` variables of a Prometheus datasource.
fn variables(dashboard: &Value, base: &str, catalog: &Catalog, out: &mut Findings) {
    let env = environment(dashboard);
    let list = dashboard
        .pointer("/templating/list")
        .and_then(Value::as_array);
    for (i, variable) in list.into_iter().flatten().enumerate() {
        if variable.get("type").and_then(Value::as_str) != Some("query")
            || !is_prometheus(variable, &Value::Null)
        {
            continue;
        }
        // Grafana 10+ stores `{"query": "...", "refId": ...}`, older ones the text.
        let query = match variable.get("query") {
            Some(Value::String(q)) => q.as_str(),
            Some(q) => q.get("query").and_then(Value::as_str).unwrap_or(""),
            None => "",
        };
        if query.trim().is_empty() {
            continue;
        }
        let name = variable.get("name").and_then(Value::as_str).unwrap_or("");
        for error in limits::cap_query_errors(check_variable_query(query, &env, catalog), query) {
            out.list.push(Finding {
                file: out.file.clone(),
                panel: None,
                ref_id: None,
                pointer: format!("{base}/templating/list/{i}/query"),
                query: Some((query.to_string(), error.range)),
                message: format!("variable `{name}`: {}", error.message),
            });
        }
    }
}
