//! Checks of the transformations, data links and repeat options of panels
//! and rows, the annotation queries, the time picker and calendar options,
//! and the variables' `current`.

use super::{check_query, is_color, is_duration, legend_problem, reducer_problem};
use crate::catalog::{Catalog, QueryShape};
use crate::diag::{closest, Diagnostics};
use crate::layout::GRID_COLUMNS;
use crate::model::*;
use crate::promql::QueryEnv;

/// Grafana's built-in variables usable in a data link URL, as written
/// (`<label>`, `<index>` and `<name>` stand for any label, number, name).
pub const DATA_LINK_BUILTINS: &[&str] = &[
    "__series.name",
    "__field.name",
    "__field.labels.<label>",
    "__value.time",
    "__value.raw",
    "__value.numeric",
    "__value.text",
    "__value.calc",
    "__data.fields[<index>]",
    "__data.fields[\"<name>\"]",
    "__data.fields.<name>",
    "__url.path",
    "__url.params",
    "__url_time_range",
    "__from",
    "__to",
    "__interval",
    "__interval_ms",
    "__range",
    "__range_s",
    "__range_ms",
    "__rate_interval",
    "__dashboard",
    "__dashboard.uid",
    "__org",
    "__org.name",
    "__org.id",
    "__user",
    "__user.login",
    "__user.id",
    "__user.email",
    "__timezone",
    "__all_variables",
];

/// Whether `name` (what follows `${`, before any `:format`) is a built-in
/// variable of data links.
fn is_data_link_builtin(name: &str) -> bool {
    let ident = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    if let Some(label) = name.strip_prefix("__field.labels.") {
        return ident(label);
    }
    if let Some(label) = name.strip_prefix("__field.labels[") {
        return quoted(label.strip_suffix(']').unwrap_or(""));
    }
    if let Some(field) = name.strip_prefix("__data.fields[") {
        let inner = field.strip_suffix(']').unwrap_or("");
        return quoted(inner) || (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()));
    }
    if let Some(field) = name.strip_prefix("__data.fields.") {
        return !field.is_empty();
    }
    DATA_LINK_BUILTINS
        .iter()
        .any(|b| !b.contains('<') && *b == name)
}

/// `"text"` with something inside.
fn quoted(s: &str) -> bool {
    s.len() > 2 && s.starts_with('"') && s.ends_with('"')
}

/// A variable reference in a data link URL: its byte range and name.
#[derive(Debug, PartialEq)]
struct LinkVar {
    start: usize,
    end: usize,
    name: String,
}

/// The `$name`, `${name}`, `${name:format}` and `[[name]]` references of a
/// URL, in order; an unclosed `${` is an error at its position.
fn link_vars(url: &str) -> Result<Vec<LinkVar>, usize> {
    let b = url.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut unclosed_brackets = false;
    while i < b.len() {
        if b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
            let Some(close) = url[i..].find('}') else {
                return Err(i);
            };
            let body = &url[i + 2..i + close];
            // A format follows the first `:` outside of quotes.
            let name = match body.find(':') {
                Some(colon) if !body[..colon].contains('"') => &body[..colon],
                _ => body,
            };
            out.push(LinkVar {
                start: i,
                end: i + close + 1,
                name: name.to_owned(),
            });
            i += close + 1;
        } else if b[i] == b'$' && b.get(i + 1).copied().is_some_and(word) {
            let mut j = i + 1;
            while j < b.len() && word(b[j]) {
                j += 1;
            }
            out.push(LinkVar {
                start: i,
                end: j,
                name: url[i + 1..j].to_owned(),
            });
            i = j;
        } else if b[i] == b'[' && b.get(i + 1) == Some(&b'[') && !unclosed_brackets {
            match url[i..].find("]]") {
                Some(close) => {
                    out.push(LinkVar {
                        start: i,
                        end: i + close + 2,
                        name: url[i + 2..i + close]
                            .split(':')
                            .next()
                            .unwrap_or("")
                            .to_owned(),
                    });
                    i += close + 2;
                }
                // None later either: stop looking, so the scan stays linear.
                None => unclosed_brackets = true,
            }
        } else {
            i += 1;
        }
    }
    // `$1`: not a variable (no variable name starts with a digit).
    out.retain(|v| !v.name.bytes().next().is_some_and(|c| c.is_ascii_digit()));
    Ok(out)
}

/// `message` with the URL and carets under `range`, as query errors show.
fn excerpt(url: &str, range: std::ops::Range<usize>, message: &str) -> String {
    crate::promql::QueryError::new(range, message).render(url)
}

/// Transformations, data links and repeat of one panel.
pub fn check_panel(d: &Dashboard, p: &Panel, env: &QueryEnv, diags: &mut Diagnostics) {
    for t in &p.transformations {
        for r in &t.reducers {
            if let Some(problem) = reducer_problem("reducer", &r.value) {
                diags.error(r.loc, problem);
            }
        }
    }
    let link_variable_allowed = p.allow.iter().find(|a| a.value == "link-variable");
    let mut undeclared = 0;
    for link in &p.data_links {
        undeclared += check_data_link(link, env, link_variable_allowed.is_some(), diags);
    }
    if let (Some(a), 0) = (link_variable_allowed, undeclared) {
        diags.error(
            a.loc,
            "`allow: [\"link-variable\"]` allows nothing here: every variable the panel's data links name is the dashboard's; remove it",
        );
    }
    if let Some(r) = &p.repeat {
        check_repeat_variable(d, &r.variable, "panel", diags);
        if let Some(n) = &r.max_per_row {
            if r.vertical {
                diags.error(
                    n.loc,
                    "`max_per_row` applies to panels repeated side by side (`direction: h`), not `direction: v`: remove it",
                );
            } else if n.value == 0 || n.value > GRID_COLUMNS {
                diags.error(
                    n.loc,
                    format!(
                        "`max_per_row` {} is out of range: use 1 to {GRID_COLUMNS} (the grid's columns)",
                        n.value
                    ),
                );
            }
        }
    }
}

/// A data link: a title, and every variable of its URL known.
/// Returns how many variables the dashboard has not its URL names, which
/// are errors unless `allowed` (the panel's `allow: ["link-variable"]`).
fn check_data_link(
    link: &DataLink,
    env: &QueryEnv,
    allowed: bool,
    diags: &mut Diagnostics,
) -> usize {
    let mut undeclared = 0;
    if link.title.value.trim().is_empty() {
        diags.error(
            link.title.loc,
            "empty data link title: give the link the text it shows",
        );
    }
    let url = &link.url.value;
    if url.trim().is_empty() {
        diags.error(link.url.loc, "empty data link URL: write where it leads");
        return 0;
    }
    let vars = match link_vars(url) {
        Ok(vars) => vars,
        Err(at) => {
            let message = "unclosed `${` in the link URL: close it with `}`, as in `${__field.labels.instance}`";
            diags.error_in(link.url.loc, at..at + 2, excerpt(url, at..at + 2, message));
            return 0;
        }
    };
    for v in vars {
        let range = v.start..v.end;
        if v.name.starts_with("__") {
            if is_data_link_builtin(&v.name) {
                continue;
            }
            // `<label>` and `<name>` stand for what was written after the last `.`.
            let tail = v.name.rsplit('.').next().unwrap_or("");
            let concrete: Vec<String> = DATA_LINK_BUILTINS
                .iter()
                .map(|b| b.replace("<label>", tail).replace("<name>", tail))
                .collect();
            let hint = closest(&v.name, concrete.iter().map(String::as_str))
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            let message = format!(
                "unknown built-in variable `{}` in the link URL: {hint}the data link variables are {}",
                v.name,
                DATA_LINK_BUILTINS.join(", ")
            );
            diags.error_in(link.url.loc, range.clone(), excerpt(url, range, &message));
            continue;
        }
        if env.variables.iter().any(|(n, _)| *n == v.name) {
            continue;
        }
        undeclared += 1;
        if allowed {
            continue;
        }
        let names: Vec<&str> = env.variables.iter().map(|(n, _)| n.as_str()).collect();
        let hint = closest(&v.name, names.iter().copied())
            .map(|s| format!(" Did you mean `${s}`?"))
            .unwrap_or_default();
        let message = format!(
            "undeclared variable `${}` in the link URL (declared: {}).{hint} Declare it in the dashboard's `variables` block or fix the name (check `link-variable`).",
            v.name,
            crate::limits::list_names(names.iter().map(|n| format!("${n}")))
        );
        diags.error_in(link.url.loc, range.clone(), excerpt(url, range, &message));
    }
    undeclared
}

/// The variable a panel or row repeats over: declared, and able to hold
/// several values (`multi` or `include_all`).
pub fn check_repeat_variable(
    d: &Dashboard,
    var: &Spanned<String>,
    what: &str,
    diags: &mut Diagnostics,
) {
    let name = &var.value;
    let Some(declared) = d.variables.iter().find(|v| v.name.value == *name) else {
        let names: Vec<&str> = d.variables.iter().map(|v| v.name.value.as_str()).collect();
        let hint = closest(name, names.iter().copied())
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        let declared = if names.is_empty() {
            "the dashboard declares no variables".to_owned()
        } else {
            format!("declared: {}", crate::limits::list_names(&names))
        };
        diags.error(
            var.loc,
            format!("the {what} repeats over `{name}`, which is not declared ({declared}).{hint} Declare it in `variables {{ .. }}` with `multi: true` or `include_all: true`"),
        );
        return;
    };
    let several = match declared.kind {
        VariableKind::Query {
            multi, include_all, ..
        }
        | VariableKind::Custom {
            multi, include_all, ..
        } => multi || include_all,
        _ => false,
    };
    if !several {
        let fix = match declared.kind {
            VariableKind::Query { .. } | VariableKind::Custom { .. } => {
                format!("add `multi: true` or `include_all: true` to `{name}`")
            }
            _ => "repeat over a `query`, `filter` or `custom` variable with `multi: true` or `include_all: true`".to_owned(),
        };
        diags.error(
            var.loc,
            format!(
                "the {what} repeats over the {} variable `{name}`, which holds one value, so it would never repeat: {fix}",
                declared.kind.type_name()
            ),
        );
    }
}

/// Annotations, the time picker, the calendar and variables' `current`.
pub fn check_dashboard(
    d: &Dashboard,
    env: &QueryEnv,
    catalog: Option<&Catalog>,
    diags: &mut Diagnostics,
) {
    for a in &d.annotations.queries {
        check_annotation(a, env, catalog, diags);
    }
    if let Some(picker) = &d.time_picker {
        for i in &picker.refresh_intervals {
            if !is_duration(&i.value) {
                diags.error(
                    i.loc,
                    format!("invalid refresh interval \"{}\": expected a duration such as \"10s\" or \"1m\"", i.value),
                );
            }
        }
        if let Some(delay) = &picker.now_delay {
            if !is_duration(&delay.value) {
                diags.error(
                    delay.loc,
                    format!(
                        "invalid `now_delay` \"{}\": expected a duration such as \"1m\"",
                        delay.value
                    ),
                );
            }
        }
    }
    if let Some(month) = &d.fiscal_year_start {
        if month.value > 11 {
            diags.error(
                month.loc,
                format!("`fiscal_year_start` {} is out of range: the month, 0 (January) to 11 (December)", month.value),
            );
        }
    }
    for v in &d.variables {
        check_current(v, diags);
    }
}

/// An annotation query: checked like a panel's range query, its title and
/// text as legends (their `{{label}}`s against the catalog), its color and step.
fn check_annotation(
    a: &Annotation,
    env: &QueryEnv,
    catalog: Option<&Catalog>,
    diags: &mut Diagnostics,
) {
    if !is_color(&a.color.value) {
        diags.error(a.color.loc, format!("unknown color \"{}\" in `color`: use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or \"#rrggbb\"", a.color.value));
    }
    if let Some(n) = &a.display_name {
        if n.value.trim().is_empty() {
            diags.error(n.loc, "empty annotation `name`: give the name shown beside its toggle, or remove `name` to show the identifier");
        }
    }
    if let AnnotationSource::Tagged { tags, limit, .. } = &a.source {
        if tags.is_empty() {
            diags.error(a.name.loc, format!("`{}: tagged []` has no tag: Grafana shows no event for it; give at least one tag, such as `tagged [\"deploy\"]`", a.name.value));
        }
        for t in tags.iter().filter(|t| t.value.trim().is_empty()) {
            diags.error(
                t.loc,
                "an empty tag: write the tag the events carry, or remove it",
            );
        }
        if limit.value == 0 {
            diags.error(limit.loc, "`limit: 0` shows no event: give the most events to show (Grafana's default is 100), or remove `limit`");
        }
        return;
    }
    if let Some(step) = &a.step {
        if !is_duration(&step.value) && !step.value.starts_with('$') {
            diags.error(
                step.loc,
                format!(
                    "invalid `step` \"{}\": expected a duration such as \"60s\"",
                    step.value
                ),
            );
        }
    }
    for format in [&a.title, &a.text].into_iter().flatten() {
        if let Some(problem) = legend_problem(&format.value) {
            diags.error(format.loc, problem);
        }
    }
    let shape = QueryShape {
        range_query: true,
        time_series: false,
    };
    let title = a.title.as_ref().map(|t| t.value.as_str());
    check_query(&a.expr, title, shape, &a.allow, env, catalog, diags);
}

/// A variable's `current`: among its values where they are known, one
/// value unless it is `multi`.
fn check_current(v: &Variable, diags: &mut Diagnostics) {
    if v.current.is_empty() {
        return;
    }
    let (values, multi, include_all, auto): (Option<&[String]>, bool, bool, bool) = match &v.kind {
        VariableKind::Query {
            multi, include_all, ..
        } => (None, *multi, *include_all, false),
        VariableKind::Custom {
            values,
            multi,
            include_all,
            ..
        } => (Some(values), *multi, *include_all, false),
        VariableKind::Interval { values, auto } => (Some(values), false, false, *auto),
        _ => return,
    };
    let name = &v.name.value;
    if v.current.len() > 1 && !multi {
        diags.error(
            v.current[1].loc,
            format!("`{name}` holds one value: select one in `current`, or add `multi: true`"),
        );
    }
    for c in &v.current {
        let value = c.value.as_str();
        if value.is_empty() {
            // `current: none`: what Grafana saves when the query returned
            // no values; the values of the other kinds are written here.
            if values.is_some() {
                diags.error(
                    c.loc,
                    format!("`current: none` applies to query variables, whose query may return no values; `{name}` has its values written here: select one of them"),
                );
            } else if v.current.len() > 1 {
                diags.error(c.loc, "`none` stands for no value: select it alone");
            }
            continue;
        }
        if value == "All" || value == crate::grafana::ALL_VALUE {
            if !include_all {
                diags.error(
                    c.loc,
                    format!("`current: \"All\"` needs `include_all: true` on `{name}`"),
                );
            } else if v.current.len() > 1 {
                diags.error(c.loc, "\"All\" stands for every value: select it alone");
            }
            continue;
        }
        if value == "auto" && auto {
            continue;
        }
        let Some(values) = values else {
            continue;
        };
        if !values.iter().any(|x| x == value) {
            let hint = closest(value, values.iter().map(String::as_str))
                .map(|s| format!("did you mean \"{s}\"? "))
                .unwrap_or_default();
            diags.error(
                c.loc,
                format!(
                    "\"{value}\" is not a value of `{name}`: {hint}its values are {}",
                    crate::limits::list_names(values.iter().map(|x| format!("\"{x}\"")))
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_variables_in_every_syntax() {
        let url = "https://x/${__field.labels.instance}?a=$job&b=${env:queryparam}&c=[[region]]&d=$1&e=${__data.fields[\"a:b\"]}";
        let vars = link_vars(url).expect("all closed");
        let names: Vec<&str> = vars.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "__field.labels.instance",
                "job",
                "env",
                "region",
                "__data.fields[\"a:b\"]"
            ]
        );
        assert_eq!(&url[vars[1].start..vars[1].end], "$job");
        assert_eq!(link_vars("https://x/${__value.raw"), Err(10));
        // Unclosed `[[` are no references, however many.
        let many = "[[".repeat(1000) + "$job";
        let names: Vec<String> = link_vars(&many)
            .expect("no `${`")
            .into_iter()
            .map(|v| v.name)
            .collect();
        assert_eq!(names, ["job"]);
    }

    #[test]
    fn data_link_builtins() {
        for ok in [
            "__field.labels.instance",
            "__field.labels[\"a.b\"]",
            "__data.fields[0]",
            "__data.fields[\"Value\"]",
            "__data.fields.Value",
            "__value.raw",
            "__url_time_range",
        ] {
            assert!(is_data_link_builtin(ok), "{ok}");
        }
        for wrong in [
            "__field.labels.",
            "__field.label.x",
            "__data.fields[]",
            "__value",
            "__series.labels.x",
        ] {
            assert!(!is_data_link_builtin(wrong), "{wrong}");
        }
    }
}
