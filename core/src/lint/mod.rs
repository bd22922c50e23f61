//! Lints for existing Grafana dashboard JSON files (`dashc check`): the
//! rules Grafana's loader applies (`loader`), then every query through the
//! PromQL parser and checker, the panel-query rules
//! ([`crate::catalog::query_rules`]) and, given a catalog, the catalog
//! checks.
//!
//! Every panel Grafana shows is visited by one walk ([`walk::walk`]):
//! rows at any depth, the legacy `rows[]` layout as Grafana migrates it,
//! `panels` written as an object (itself a finding). A variable a panel or
//! its row repeats over has one value per repetition, so it is not
//! multi-value there. Each finding carries a rule name and a severity
//! ([`rules::RULES`]), is reported once, and prints every text from the
//! file with its control characters escaped; [`output`] writes JSON and
//! SARIF.
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
pub mod output;
mod overlap;
pub mod rules;
pub mod walk;

pub use rules::{Rule, Severity, RULES};

use std::fmt;

use serde_json::Value;

use crate::catalog::{check_query, check_variable_query, query_rules, Catalog, QueryShape};
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
    /// The rule's stable name (see [`RULES`]).
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
}

impl fmt::Display for Finding {
    /// `file: panel "T", refId A, /pointer, column C: message`, then for a
    /// query the query line with carets under the error.
    /// Every text taken from the file has its control characters escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]:",
            escape(&self.file),
            self.severity,
            self.rule
        )?;
        if let Some(panel) = &self.panel {
            write!(f, " panel \"{}\",", escape(panel))?;
        }
        if let Some(ref_id) = &self.ref_id {
            write!(f, " refId {},", escape(ref_id))?;
        }
        write!(f, " {}", escape(&self.pointer))?;
        match &self.query {
            Some((query, range)) => {
                let column = query
                    .get(..range.start)
                    .map_or(range.start, |s| s.chars().count())
                    + 1;
                let rendered = QueryError::new(range.clone(), self.message.clone()).render(query);
                write!(f, ", column {column}: {}", escape_keep_lines(&rendered))
            }
            None => write!(f, ": {}", escape(&self.message)),
        }
    }
}

/// Lints one dashboard file's text; `file` names it in findings. Catalog
/// checks run only when `catalog` is not empty. Each finding is reported
/// once, in file order.
pub fn lint_dashboard(text: &str, file: &str, catalog: &Catalog) -> Vec<Finding> {
    let mut out = Findings {
        file: file.to_string(),
        list: Vec::new(),
    };
    if text.len() > MAX_DASHBOARD_BYTES {
        out.push(
            "",
            None,
            "limit",
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
            let (rule, cap) = if reason.contains("recursion limit") {
                (
                    "limit",
                    format!(
                        " (arrays and objects nest at most {JSON_MAX_DEPTH} levels deep: \
                         `limits::JSON_MAX_DEPTH`)"
                    ),
                )
            } else {
                ("invalid-json", String::new())
            };
            out.push(
                "",
                None,
                rule,
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
            "invalid-json",
            "the file is not a JSON object; a dashboard file holds one dashboard object".into(),
        );
        return out.list;
    };
    let (dashboard, base) = match object.get("dashboard") {
        Some(inner @ Value::Object(_)) => {
            out.push(
                "",
                None,
                "api-wrapped",
                "the dashboard is wrapped as `{\"dashboard\": {...}}` (the HTTP API form): file \
                 provisioning does not unwrap it, reads an empty title and skips the file \
                 (\"Dashboard title cannot be empty\"); write the bare dashboard object"
                    .into(),
            );
            (inner, "/dashboard")
        }
        _ => (&root, ""),
    };
    let walked = walk::walk(dashboard, base);
    if !within_caps(dashboard, &walked, base, &mut out) {
        return out.list;
    }
    for problem in &walked.problems {
        out.push(
            &problem.pointer,
            None,
            "panel-structure",
            problem.message.clone(),
        );
    }
    loader::check(dashboard, base, &walked, &mut out);
    variables(dashboard, base, catalog, &mut out);
    queries(dashboard, &walked, catalog, &mut out);
    // In file order: the dashboard, then panel by panel (stable, so a
    // panel's findings keep the order the checks found them in); each
    // finding once.
    out.list.sort_by_cached_key(|f| pointer_key(&f.pointer));
    let mut seen = std::collections::BTreeSet::new();
    out.list.retain(|f| {
        seen.insert((
            f.pointer.clone(),
            f.rule,
            f.message.clone(),
            f.query.as_ref().map(|(_, r)| (r.start, r.end)),
        ))
    });
    out.list
}

/// The caps of [`crate::limits`] the dashboard's panels, targets or
/// variables go over: for each, the JSON pointer (below the dashboard) of
/// what is too long and the message naming the cap. Shared by `dashc
/// check` and `dashc import`.
pub(crate) fn over_caps(dashboard: &Value, walked: &walk::Walk<'_>) -> Vec<(&'static str, String)> {
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
    [
        (
            panels,
            "the dashboard",
            "panels",
            "MAX_PANELS",
            MAX_PANELS,
            "panels",
        ),
        (
            targets,
            "the dashboard's panels",
            "query targets",
            "MAX_TARGETS",
            MAX_TARGETS,
            "panels",
        ),
        (
            variables,
            "`templating.list`",
            "variables",
            "MAX_VARIABLES",
            MAX_VARIABLES,
            "templating/list",
        ),
    ]
    .into_iter()
    .filter(|(count, _, _, _, value, _)| count > value)
    .map(|(count, what, unit, cap, value, pointer)| {
        (pointer, limits::over(what, count, unit, cap, value))
    })
    .collect()
}

/// False (with a finding) when the dashboard has more panels, targets or
/// variables than the caps of [`crate::limits`] allow; nothing else is
/// checked then.
fn within_caps(dashboard: &Value, walked: &walk::Walk<'_>, base: &str, out: &mut Findings) -> bool {
    let over = over_caps(dashboard, walked);
    for (pointer, message) in &over {
        out.push(
            &format!("{base}/{pointer}"),
            None,
            "limit",
            format!("{message}; nothing else is checked"),
        );
    }
    over.is_empty()
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

/// `text` with every control character (and bidirectional override) as an
/// escape such as `\u{1b}`, `\n` or `\t`, so a hostile file cannot drive
/// the terminal.
pub fn escape(text: &str) -> String {
    escape_with(text, false)
}

/// [`escape`], keeping line feeds (for the rendered query and its carets).
fn escape_keep_lines(text: &str) -> String {
    escape_with(text, true)
}

fn escape_with(text: &str, keep_lines: bool) -> String {
    let unsafe_char = |c: char| {
        (c.is_control() && !(keep_lines && c == '\n'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A JSON pointer as a sort key: numbers compare as numbers, and a level's
/// own members come before its `panels` and `targets` lists.
fn pointer_key(pointer: &str) -> Vec<(u8, u64, String)> {
    pointer
        .split('/')
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (2, n, String::new()),
            Err(_) if part == "panels" || part == "targets" || part == "rows" => {
                (1, 0, part.to_string())
            }
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
    /// Records a finding of `rule` at `pointer`, about `panel` if given.
    pub(crate) fn push(
        &mut self,
        pointer: &str,
        panel: Option<&Value>,
        rule: &'static str,
        message: String,
    ) {
        let severity = rules::find(rule).map_or(Severity::Error, |r| r.severity);
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
            rule,
            severity,
        });
    }

    /// Records a query finding; the rule is the one the message names
    /// (`(check `rule`)`), else `fallback`.
    fn push_query(
        &mut self,
        pointer: String,
        panel: Option<String>,
        ref_id: Option<String>,
        query: &str,
        error: QueryError,
        fallback: &'static str,
    ) {
        let rule = rule_of(&error.message).unwrap_or(fallback);
        let severity = rules::find(rule).map_or(Severity::Error, |r| r.severity);
        self.list.push(Finding {
            file: self.file.clone(),
            panel,
            ref_id,
            pointer,
            query: Some((query.to_string(), error.range)),
            message: error.message,
            rule,
            severity,
        });
    }
}

/// The rule a query error belongs to: the one its message names as
/// `(check `rule`)`, or `multi-value` for the multi-value variable errors.
fn rule_of(message: &str) -> Option<&'static str> {
    if let Some(start) = message.rfind("(check `") {
        let name = message[start + 8..].split('`').next().unwrap_or("");
        if let Some(rule) = rules::find(name) {
            return Some(rule.name);
        }
    }
    if message.contains("multi-value variable") {
        return Some("multi-value");
    }
    None
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

/// Panel types whose queries Grafana draws as time series (a raw counter
/// there is a line that only climbs).
const TIME_SERIES_PANELS: [&str; 2] = ["timeseries", "graph"];

/// Every target's `expr`: parser, type and variable checks, the panel
/// query rules, then catalog checks. A variable the panel (or its row)
/// repeats over has one value in each repetition.
fn queries(dashboard: &Value, walked: &walk::Walk<'_>, catalog: &Catalog, out: &mut Findings) {
    let env = environment(dashboard);
    for p in &walked.panels {
        let panel = p.panel;
        let Some(targets) = panel.get("targets").and_then(Value::as_array) else {
            continue;
        };
        let repeated;
        let env = if p.repeats.iter().any(|r| env.multi_value.contains(r)) {
            let mut e = env.clone();
            e.multi_value.retain(|m| !p.repeats.contains(m));
            repeated = e;
            &repeated
        } else {
            &env
        };
        let kind = panel.get("type").and_then(Value::as_str).unwrap_or("");
        let pointer = &p.pointer;
        for (t, target) in targets.iter().enumerate() {
            let expr = match target.get("expr") {
                None | Some(Value::Null) => continue,
                Some(expr) => expr,
            };
            if !is_prometheus(target, panel) {
                continue;
            }
            let ref_id = target
                .get("refId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("#{}", t + 1), str::to_string);
            let Some(query) = expr.as_str() else {
                out.list.push(Finding {
                    file: out.file.clone(),
                    panel: Some(panel_title(panel)),
                    ref_id: Some(ref_id),
                    pointer: format!("{pointer}/targets/{t}/expr"),
                    query: None,
                    message: format!(
                        "the query is {}, not a string; write the PromQL as a JSON string",
                        json_kind(expr)
                    ),
                    rule: "promql",
                    severity: Severity::Error,
                });
                continue;
            };
            if query.trim().is_empty() {
                continue;
            }
            let legend = target.get("legendFormat").and_then(Value::as_str);
            if let Some(problem) = legend.and_then(crate::check::legend_problem) {
                out.list.push(Finding {
                    file: out.file.clone(),
                    panel: Some(panel_title(panel)),
                    ref_id: Some(ref_id.clone()),
                    pointer: format!("{pointer}/targets/{t}/legendFormat"),
                    query: None,
                    message: problem,
                    rule: "legend-label",
                    severity: Severity::Warning,
                });
            }
            let instant = target.get("instant").and_then(Value::as_bool) == Some(true)
                && target.get("range").and_then(Value::as_bool) != Some(true);
            let shape = QueryShape {
                range_query: !instant,
                time_series: !instant && TIME_SERIES_PANELS.contains(&kind),
            };
            let errors = match promql::check(query, env) {
                Err(errors) => errors,
                Ok(()) => match promql::parse(query, env) {
                    Ok(expr) => {
                        let mut errors = query_rules(query, &expr, shape, catalog, &[]);
                        errors.extend(check_query(query, &expr, legend, catalog, &[]));
                        errors
                    }
                    Err(errors) => errors,
                },
            };
            for error in limits::cap_query_errors(once_per_message(errors), query) {
                out.push_query(
                    format!("{pointer}/targets/{t}/expr"),
                    Some(panel_title(panel)),
                    Some(ref_id.clone()),
                    query,
                    error,
                    "promql",
                );
            }
        }
    }
}

/// One error per message in a query: the same mistake written several
/// times (`x{job="$job"} / y{job="$job"}`) is reported at its first place,
/// with how often it occurs.
fn once_per_message(errors: Vec<QueryError>) -> Vec<QueryError> {
    let mut out: Vec<(QueryError, usize)> = Vec::new();
    for error in errors {
        match out.iter_mut().find(|(e, _)| e.message == error.message) {
            Some((_, n)) => *n += 1,
            None => out.push((error, 1)),
        }
    }
    out.into_iter()
        .map(|(mut e, n)| {
            if n > 1 {
                e.message = format!("{} ({n} places in this query, the first marked)", e.message);
            }
            e
        })
        .collect()
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
        for mut error in limits::cap_query_errors(check_variable_query(query, &env, catalog), query)
        {
            error.message = format!("variable `{name}`: {}", error.message);
            out.push_query(
                format!("{base}/templating/list/{i}/query"),
                None,
                None,
                query,
                error,
                "variable-query",
            );
        }
    }
}
