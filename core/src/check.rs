//! Checks of a whole dashboard model. Every rule reports into one
//! [`Diagnostics`], so a single compile shows every mistake; the renderer
//! runs only on a model that passed.

mod expressions;
mod forms;
pub(crate) mod overrides;
mod placement;
mod set;
pub(crate) mod set_paths;

pub use set::{check_set, SetMember};

use crate::catalog::Catalog;
use crate::diag::{closest, Diagnostics, Loc};
use crate::layout::GRID_COLUMNS;
use crate::limits::MAX_DSL_STRING_BYTES;
use crate::model::*;
use crate::promql::{self, QueryEnv, VarClass};
use crate::units;
use std::collections::BTreeMap;

/// Largest panel height accepted, in grid units (30 px each).
pub const MAX_HEIGHT: u32 = 100;

/// Most decimals a panel shows (Grafana's field option `decimals`).
pub const MAX_DECIMALS: u8 = 20;

/// Largest `sort` of a query variable: Grafana's orders 0 (none) to 8.
pub const MAX_VARIABLE_SORT: u8 = 8;

/// Panel options that write one JSON path of the panel, and apply to a
/// kind exactly when Grafana's schema of that kind has the path (the
/// generated per-kind option tables).
const SCHEMA_OPTIONS: &[(&str, &str)] = &[
    ("legend", "options.legend"),
    ("stacking", "fieldConfig.defaults.custom.stacking"),
    ("content", "options.content"),
];

/// Whether the schema of `kind` has the JSON `path`.
fn kind_has_path(kind: PanelKind, path: &str) -> bool {
    crate::schema::panel_kind(kind.plugin_id()).is_some_and(|k| k.option_by_path(path).is_some())
}

/// Why the panel option named `option` (its DSL name) does nothing on a
/// panel of `kind`, if it does nothing: the message names the option, the
/// kinds it applies to and the fix. The one home of this rule: [`check`]
/// reports it on a model, and both front ends (the DSL while parsing, the
/// builder while assembling) report it on the option itself.
///
/// ```
/// use dashc_core::check::option_not_for_kind;
/// use dashc_core::model::PanelKind;
/// assert_eq!(option_not_for_kind("legend", PanelKind::Timeseries), None);
/// assert!(option_not_for_kind("legend", PanelKind::Stat).unwrap().contains("timeseries, bargauge, heatmap"));
/// assert!(option_not_for_kind("unit", PanelKind::Text).is_some());
/// ```
pub fn option_not_for_kind(option: &str, kind: PanelKind) -> Option<String> {
    if let Some((_, path)) = SCHEMA_OPTIONS.iter().find(|(o, _)| *o == option) {
        if kind_has_path(kind, path) {
            return None;
        }
        let kinds: Vec<&str> = PanelKind::ALL
            .iter()
            .filter(|(k, _)| kind_has_path(*k, path))
            .map(|(_, name)| *name)
            .collect();
        return Some(format!(
            "`{option}` does not apply to {} panel (Grafana's `{path}`, which only {} panels have): remove it",
            kind.with_article(),
            kinds.join(", ")
        ));
    }
    if option == "mode" && kind != PanelKind::Text {
        return Some(format!(
            "`mode` (markdown, html or code) applies to text panels only, not {}: remove it",
            kind.keyword()
        ));
    }
    // Every panel of the schemas has the standard field config and targets;
    // a text panel ignores both.
    let why = match option {
        "unit" | "min" | "max" | "decimals" | "thresholds" | "color" | "mappings" | "links" => {
            "it shows Markdown, not values"
        }
        "instant" | "format" | "interval" | "transform" => "it runs no queries",
        _ => return None,
    };
    (!kind.shows_values()).then(|| {
        let why = match why {
            "it shows Markdown, not values" => format!("{}, not values", kind.shows_instead()),
            other => other.to_string(),
        };
        format!(
            "`{option}` does not apply to {} panel ({why}): remove it",
            kind.with_article()
        )
    })
}

/// What is wrong with a template variable's name, if anything: queries
/// write it as `$name`, so it is letters, digits and `_`, not starting
/// with a digit.
///
/// ```
/// use dashc_core::check::variable_name_problem;
/// assert_eq!(variable_name_problem("job_name"), None);
/// assert!(variable_name_problem("my-var").is_some());
/// ```
pub fn variable_name_problem(name: &str) -> Option<String> {
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!valid).then(|| {
        format!("invalid variable name \"{name}\": a variable name is letters, digits and `_`, not starting with a digit (queries write it as `$name`): write e.g. `my_var`")
    })
}

/// Every name `allow: [..]` takes on a query: the catalog and query rules
/// ([`crate::catalog::RULES`]), `multi-value` (a multi-value variable under
/// `=` or `!=`, or written in a list format under a regex matcher) and
/// `promql` (the query is not checked at all: for a query in a dialect
/// Prometheus rejects, such as MetricsQL, kept on purpose). Each check that
/// can reject a query has one of these names; so do `empty-query` (a query
/// with no expression, which Grafana skips), `legend-label` (a `{{..}}` in
/// the legend that is not a label name, which Grafana shows as its text)
/// and, on a panel's own `allow` ([`PANEL_ALLOW_NAMES`]), `no-query` (a
/// panel that runs no query and shows "No data") and `link-variable` (a
/// data link naming a variable the dashboard has not, which Grafana leaves
/// in the URL as written).
pub const ALLOW_NAMES: [&str; 16] = [
    "unknown-metric",
    "unknown-label",
    "label-set",
    "counter-function",
    "histogram-quantile",
    "vector-matching",
    "bucket-bound",
    "quantile-range",
    "range-vector-query",
    "raw-counter",
    "multi-value",
    "promql",
    "empty-query",
    "legend-label",
    "no-query",
    "link-variable",
];

/// The names of [`ALLOW_NAMES`] a panel's own `allow: [..]` takes: the
/// checks of the panel rather than of one of its queries.
pub const PANEL_ALLOW_NAMES: [&str; 2] = ["no-query", "link-variable"];

/// Grafana's reducer ids usable as `calcs` (see [`crate::schema::REDUCERS`]).
pub use crate::schema::REDUCERS;

/// What is wrong with a reducer id of `calcs`, if anything: its message
/// names the closest id and lists the valid ones.
/// `what` names the place (`legend calculation`).
pub fn reducer_problem(what: &str, id: &str) -> Option<String> {
    if crate::schema::is_reducer(id) {
        return None;
    }
    let hint = match crate::schema::reducer_alias(id) {
        Some(real) => format!("write \"{real}\" (Grafana reads \"{id}\" as an old alias of it); "),
        None => closest(id, REDUCERS.iter().copied())
            .map(|s| format!("did you mean \"{s}\"? "))
            .unwrap_or_default(),
    };
    Some(format!(
        "unknown {what} \"{id}\": {hint}expected one of {}, or a percentile p1 to p99",
        REDUCERS.join(", ")
    ))
}

/// Runs every check on `dashboard`; `catalog`, when given, is what the
/// application exports, and every query is checked against it.
pub fn check(dashboard: &Dashboard, catalog: Option<&Catalog>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    check_string_sizes(dashboard, &mut diags);
    check_identity(dashboard, &mut diags);
    check_time(dashboard, &mut diags);
    check_variables(dashboard, &mut diags);
    set_paths::check_dashboard(dashboard, &mut diags);
    placement::check(dashboard, &mut diags);
    for v in &dashboard.variables {
        set_paths::check_variable(v, &mut diags);
    }
    let env = query_env(dashboard);
    if let Some(catalog) = catalog {
        check_variable_queries(dashboard, &env, catalog, &mut diags);
    }
    forms::check_dashboard(dashboard, &env, catalog, &mut diags);
    check_from_panel(dashboard, &mut diags);
    // Whether the last row so far is expanded.
    let mut in_expanded_row = false;
    for item in &dashboard.items {
        match item {
            Item::Panel(p) => {
                // Grafana has no "end of row": a panel below an expanded row
                // is that row's. Below a collapsed row (which holds its own
                // panels) it is no row's: Grafana 12 keeps it outside.
                if in_expanded_row {
                    diags.error(
                        p.title.loc,
                        format!("panel \"{}\" follows an expanded row outside of it, but Grafana would make it part of that row: move it into the row, above the first row, or below a collapsed row", p.title.value),
                    );
                }
                check_panel(p, &env, catalog, &mut diags);
                forms::check_panel(dashboard, p, &env, &mut diags);
            }
            Item::Row(r) => {
                in_expanded_row = !r.collapsed;
                set_paths::check_row(r, &mut diags);
                // `""` is Grafana's row without a title; two rows may have
                // the same title, as in Grafana.
                if !r.title.value.is_empty() && r.title.value.trim().is_empty() {
                    diags.error(r.title.loc, "row title of only whitespace: give the row a title, or write `\"\"` for a row without one");
                }
                if r.panels.is_empty() {
                    diags.error(r.loc, "empty row: add panels to it or remove it");
                }
                if let Some(var) = &r.repeat {
                    forms::check_repeat_variable(dashboard, var, "row", &mut diags);
                }
                for p in &r.panels {
                    check_panel(p, &env, catalog, &mut diags);
                    forms::check_panel(dashboard, p, &env, &mut diags);
                }
            }
        }
    }
    diags
}

/// Strings longer than [`MAX_DSL_STRING_BYTES`]: titles, descriptions,
/// text panel content, queries and legends, variables' texts, links.
fn check_string_sizes(d: &Dashboard, diags: &mut Diagnostics) {
    let mut texts: Vec<(Loc, &str, &str)> = vec![
        (d.title.loc, "the dashboard title", &d.title.value),
        (
            d.loc,
            "the dashboard description",
            d.description.as_deref().unwrap_or(""),
        ),
    ];
    for tag in &d.tags {
        texts.push((tag.loc, "a tag", &tag.value));
    }
    for link in &d.links {
        texts.push((link.loc, "the link title", &link.title));
        texts.push((
            link.loc,
            "the link tooltip",
            link.tooltip.as_deref().unwrap_or(""),
        ));
    }
    for v in &d.variables {
        texts.push((v.name.loc, "the variable name", &v.name.value));
        texts.push((
            v.loc,
            "the variable label",
            v.label.as_deref().unwrap_or(""),
        ));
        texts.push((
            v.loc,
            "the variable description",
            v.description.as_deref().unwrap_or(""),
        ));
        if let VariableKind::Query { query, .. } = &v.kind {
            texts.push((query.loc, "the variable query", &query.value));
        }
    }
    for a in &d.annotations.queries {
        texts.push((a.expr.loc, "the annotation query", &a.expr.value));
        if let crate::model::AnnotationSource::Tagged { tags, .. } = &a.source {
            for t in tags {
                texts.push((t.loc, "the annotation tag", &t.value));
            }
        }
        if let Some(n) = &a.display_name {
            texts.push((n.loc, "the annotation name", &n.value));
        }
        for format in [&a.title, &a.text].into_iter().flatten() {
            texts.push((format.loc, "the annotation title or text", &format.value));
        }
    }
    let panels = d.items.iter().flat_map(|item| match item {
        Item::Panel(p) => std::slice::from_ref(p),
        Item::Row(r) => r.panels.as_slice(),
    });
    for item in &d.items {
        if let Item::Row(r) = item {
            texts.push((r.title.loc, "the row title", &r.title.value));
        }
    }
    for p in panels {
        texts.push((p.title.loc, "the panel title", &p.title.value));
        texts.push((
            p.loc,
            "the panel description",
            p.description.as_deref().unwrap_or(""),
        ));
        texts.push((
            p.loc,
            "the panel content",
            p.content.as_deref().unwrap_or(""),
        ));
        let overrides = p.overrides.iter().flat_map(|o| &o.properties);
        for setting in p.settings.iter().chain(overrides) {
            if let serde_json::Value::String(text) = &setting.value {
                texts.push((setting.loc, "a short form's text", text));
            }
        }
        for o in &p.overrides {
            match &o.matcher {
                SeriesMatcher::Name(s)
                | SeriesMatcher::Regex(s)
                | SeriesMatcher::Query(s)
                | SeriesMatcher::FieldType(s) => {
                    texts.push((s.loc, "the series matcher", &s.value))
                }
                SeriesMatcher::Value(v) => {
                    texts.push((v.reducer.loc, "the series matcher", &v.reducer.value))
                }
                SeriesMatcher::Legend { names, .. } => {
                    for s in names {
                        texts.push((s.loc, "the series matcher", &s.value));
                    }
                }
            }
        }
        for m in &p.mappings {
            texts.push((m.loc, "the mapping text", m.text.as_deref().unwrap_or("")));
            match &m.matches {
                MappingMatch::Value(v) => texts.push((m.loc, "the mapped value", v)),
                MappingMatch::Regex(r) => texts.push((r.loc, "the mapping regex", &r.value)),
                _ => {}
            }
        }
        for link in &p.data_links {
            texts.push((link.title.loc, "the data link title", &link.title.value));
            texts.push((link.url.loc, "the data link URL", &link.url.value));
        }
        for t in &p.targets {
            texts.push((t.expr.loc, "the query", &t.expr.value));
            if let Some(legend) = &t.legend {
                texts.push((legend.loc, "the legend format", &legend.value));
            }
        }
    }
    for (loc, what, text) in texts {
        if text.len() > MAX_DSL_STRING_BYTES {
            diags.error(
                loc,
                crate::limits::over(
                    what,
                    text.len(),
                    "bytes",
                    "MAX_DSL_STRING_BYTES",
                    MAX_DSL_STRING_BYTES,
                ),
            );
        }
    }
}

/// The variables a query may use, from the dashboard's declarations; query
/// and custom variables with `multi` or `include_all` are multi-value.
pub fn query_env(dashboard: &Dashboard) -> QueryEnv {
    let mut variables = vec![("datasource".to_string(), VarClass::Value)];
    let mut multi_value = Vec::new();
    for v in &dashboard.variables {
        let class = match v.kind {
            // Grafana adds an ad hoc variable's filters to every query
            // itself; a query does not name it.
            VariableKind::Adhoc => VarClass::Filters,
            VariableKind::Interval { .. } => VarClass::Interval,
            _ => VarClass::Value,
        };
        variables.push((v.name.value.clone(), class));
        if let VariableKind::Query {
            multi, include_all, ..
        }
        | VariableKind::Custom {
            multi, include_all, ..
        } = v.kind
        {
            if multi || include_all {
                multi_value.push(v.name.value.clone());
            }
        }
    }
    QueryEnv {
        experimental: dashboard.experimental,
        variables,
        multi_value,
    }
}

/// Grafana's uid rule: `[a-zA-Z0-9_-]`, 1 to 40 characters.
///
/// ```
/// use dashc_core::check::uid_problem;
/// assert_eq!(uid_problem("upstream-api"), None);
/// assert!(uid_problem("upstream api").is_some());
/// ```
pub fn uid_problem(uid: &str) -> Option<String> {
    if uid.is_empty() {
        return Some("the uid is empty: give the dashboard a uid such as \"upstream-api\"".into());
    }
    if uid.len() > 40 {
        return Some(format!(
            "the uid \"{uid}\" is {} characters long; Grafana allows at most 40: shorten it",
            uid.len()
        ));
    }
    if let Some(c) = uid
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Some(format!(
            "the uid \"{uid}\" contains `{c}`; Grafana allows only letters, digits, `-` and `_`"
        ));
    }
    None
}

fn check_identity(d: &Dashboard, diags: &mut Diagnostics) {
    // A uid or title still at the invocation's own loc was never written:
    // the front end has already reported it as missing.
    if let Some(problem) = uid_problem(&d.uid.value).filter(|_| d.uid.loc != d.loc) {
        diags.error(d.uid.loc, problem);
    }
    if d.title.value.trim().is_empty() && d.title.loc != d.loc {
        diags.error(
            d.title.loc,
            "the title is empty: Grafana skips dashboards without a title",
        );
    }
    let folder = &d.folder.value;
    if folder.starts_with('.')
        || folder.contains(['/', '\\'])
        || folder.chars().any(char::is_control)
    {
        diags.error(
            d.folder.loc,
            format!("invalid folder \"{folder}\": a folder is one directory name, without `/` and not starting with `.` (Grafana skips hidden directories)"),
        );
    }
    let mut tags = BTreeMap::new();
    for t in &d.tags {
        if t.value.trim().is_empty() {
            diags.error(t.loc, "empty tag: remove it");
        } else if tags.insert(t.value.as_str(), ()).is_some() {
            diags.error(t.loc, format!("duplicate tag \"{}\": remove one", t.value));
        }
    }
    if let Some(refresh) = &d.refresh {
        if !is_duration(&refresh.value) {
            diags.error(
                refresh.loc,
                format!(
                    "invalid refresh \"{}\": expected a duration such as \"30s\", \"1m\" or \"5m\"",
                    refresh.value
                ),
            );
        }
    }
    let tz = &d.timezone.value;
    let tz_ok =
        // "UTC" is also an IANA zone of its own.
        tz == "browser" || tz == "utc" || tz == "UTC" || tz.is_empty() || (tz.contains('/') && !tz.contains(' '));
    if !tz_ok {
        diags.error(
            d.timezone.loc,
            format!("invalid timezone \"{tz}\": expected \"browser\", \"utc\" or an IANA zone such as \"Europe/Zurich\""),
        );
    }
    if let Some(problem) = uid_problem(&d.datasource_uid.value) {
        diags.error(
            d.datasource_uid.loc,
            format!("invalid datasource uid: {problem}"),
        );
    }
    for link in &d.links {
        // A `dashboards` link shown side by side shows the dashboards'
        // own titles, not its own; elsewhere the title is the link's text.
        let titled = link.as_dropdown || matches!(link.target, LinkTarget::Url(_));
        if titled && link.title.trim().is_empty() {
            let what = if link.as_dropdown {
                "the dropdown's"
            } else {
                "the link's"
            };
            diags.error(
                link.loc,
                format!("empty link title: it is {what} text; give the link a title"),
            );
        }
        if let Some(icon) = &link.icon {
            if !crate::model::LINK_ICONS.contains(&icon.value.as_str()) {
                let hint = closest(&icon.value, crate::model::LINK_ICONS.iter().copied())
                    .map(|c| format!("did you mean \"{c}\"? "))
                    .unwrap_or_default();
                diags.error(
                    icon.loc,
                    format!(
                        "unknown link icon \"{}\": {hint}Grafana's link icons are {}",
                        icon.value,
                        crate::model::LINK_ICONS
                            .iter()
                            .map(|i| format!("\"{i}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
        if let LinkTarget::Url(url) = &link.target {
            if url.trim().is_empty() {
                diags.error(link.loc, "empty link URL");
            }
        }
    }
}

fn check_time(d: &Dashboard, diags: &mut Diagnostics) {
    let mut valid = true;
    for t in [&d.time.from, &d.time.to] {
        if !is_time(&t.value) {
            valid = false;
            diags.error(
                t.loc,
                format!("invalid time \"{}\": expected \"now\", a relative time such as \"now-1h\" or \"now-1d/d\", or an ISO date", t.value),
            );
        }
    }
    let (from, to) = (&d.time.from.value, &d.time.to.value);
    let ordered = match (relative_seconds(from), relative_seconds(to)) {
        (Some(f), Some(t)) => f < t,
        // ISO dates of the same shape order as strings.
        (None, None) if !from.starts_with("now") && !to.starts_with("now") => from < to,
        _ => true,
    };
    if valid && !ordered {
        diags.error(
            d.time.from.loc,
            format!("the time range \"{from}\"..\"{to}\" ends before it starts: write the earlier time first, e.g. \"now-1h\"..\"now\""),
        );
    }
}

/// Seconds from now of an unrounded relative time (`now`, `now-1h`, `now+5m`);
/// `None` for rounded (`now/d`) and absolute times, which are not compared.
/// Months and years count as 30 and 365 days: only the order matters here.
fn relative_seconds(t: &str) -> Option<i64> {
    let rel = t.strip_prefix("now")?;
    if rel.contains('/') {
        return None;
    }
    if rel.is_empty() {
        return Some(0);
    }
    let (sign, rest) = match rel.split_at_checked(1)? {
        ("-", rest) => (-1, rest),
        ("+", rest) => (1, rest),
        _ => return None,
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n: i64 = rest[..digits].parse().ok()?;
    let unit: i64 = match &rest[digits..] {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        "M" => 2_592_000,
        "y" => 31_536_000,
        _ => return None,
    };
    Some(sign * n.checked_mul(unit)?)
}

fn check_variables(d: &Dashboard, diags: &mut Diagnostics) {
    let mut names: BTreeMap<&str, Loc> = BTreeMap::new();
    for v in &d.variables {
        let name = v.name.value.as_str();
        if name == "datasource" {
            diags.error(v.name.loc, "`datasource` is declared by dashc itself (it selects the Prometheus datasource): choose another name");
        } else if name.starts_with("__") {
            diags.error(v.name.loc, format!("`{name}`: names starting with `__` are Grafana's built-in variables; choose another name"));
        } else if names.insert(name, v.name.loc).is_some() {
            diags.error(
                v.name.loc,
                format!("duplicate variable `{name}`: declare it once"),
            );
        }
        if let Some(problem) = variable_name_problem(name) {
            diags.error(v.name.loc, problem);
        }
        match &v.kind {
            VariableKind::Query { query, .. } if query.value.trim().is_empty() => {
                diags.error(
                    query.loc,
                    "empty variable query: use e.g. \"label_values(up, job)\"",
                );
            }
            VariableKind::Query { sort, .. } if *sort > MAX_VARIABLE_SORT => {
                diags.error(
                    v.loc,
                    format!("variable `{name}` has `sort` {sort}: Grafana's sort orders are 0 to {MAX_VARIABLE_SORT} (0 none, 1 alphabetical ascending, ..): use one of them"),
                );
            }
            VariableKind::Custom { values, .. } | VariableKind::Interval { values, .. }
                if values.is_empty() =>
            {
                diags.error(
                    v.loc,
                    format!("the list of values of `{name}` is empty: give at least one value"),
                );
            }
            VariableKind::Interval { values, .. } => {
                for value in values {
                    if !is_duration(value) {
                        diags.error(v.loc, format!("invalid interval \"{value}\" in `{name}`: expected durations such as \"1m\", \"5m\""));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Query variables (`label_values(metric, label)`, `query_result(expr)`, ...)
/// name metrics and labels too: they are checked against the catalog.
fn check_variable_queries(
    d: &Dashboard,
    env: &QueryEnv,
    catalog: &Catalog,
    diags: &mut Diagnostics,
) {
    for v in &d.variables {
        if let VariableKind::Query { query, .. } = &v.kind {
            for e in crate::catalog::check_variable_query(&query.value, env, catalog) {
                diags.error_in(query.loc, e.range.clone(), e.render(&query.value));
            }
        }
    }
}

fn check_panel(p: &Panel, env: &QueryEnv, catalog: Option<&Catalog>, diags: &mut Diagnostics) {
    for a in &p.allow {
        if PANEL_ALLOW_NAMES.contains(&a.value.as_str()) {
            continue;
        }
        let problem = if ALLOW_NAMES.contains(&a.value.as_str()) {
            format!("`{}` is a check of a query: write `allow: [\"{}\"]` in that query's options; a panel's `allow` takes {}", a.value, a.value, PANEL_ALLOW_NAMES.join(", "))
        } else {
            let hint = closest(&a.value, PANEL_ALLOW_NAMES.iter().copied())
                .map(|c| format!("did you mean \"{c}\"? "))
                .unwrap_or_default();
            format!(
                "unknown check \"{}\" in a panel's `allow`: {hint}a panel's `allow` takes {}",
                a.value,
                PANEL_ALLOW_NAMES.join(", ")
            )
        };
        diags.error(a.loc, problem);
    }
    let kind = p.kind.plugin_id();
    set_paths::check_panel(p, diags);
    overrides::check_panel(p, diags);
    expressions::check_panel(p, diags);
    // `""` is Grafana's panel without a title (and without a header).
    if !p.title.value.is_empty() && p.title.value.trim().is_empty() {
        diags.error(p.title.loc, "panel title of only whitespace: Grafana shows an empty header; give the panel a title, or write `\"\"` for a panel without a header");
    }
    if let Some(w) = &p.width {
        if w.value == 0 || w.value > GRID_COLUMNS {
            diags.error(w.loc, format!("width {} is out of range: the grid has {GRID_COLUMNS} columns, use 1 to {GRID_COLUMNS}", w.value));
        }
    }
    if let Some(h) = &p.height {
        if h.value == 0 || h.value > MAX_HEIGHT {
            diags.error(
                h.loc,
                format!(
                    "height {} is out of range: use 1 to {MAX_HEIGHT} grid units (30 px each)",
                    h.value
                ),
            );
        }
    }
    match &p.unit {
        Some(u) if p.unit_as_is => {
            if units::is_known(&u.value) {
                diags.error(
                    u.loc,
                    format!(
                        "unit \"{}\" is a unit Grafana knows: write `unit: \"{}\"` without `as_is`",
                        u.value, u.value
                    ),
                );
            } else if u.value.trim().is_empty() {
                diags.error(u.loc, "`unit: as_is` needs the unit text, e.g. `unit: as_is \"qps\"`; for no unit write `unit: \"none\"`");
            }
        }
        Some(u) if !units::is_known(&u.value) => {
            let hint = units::suggestion(&u.value)
                .map(|c| format!("did you mean \"{c}\"? "))
                .unwrap_or_default();
            diags.error(u.loc, format!("unknown unit \"{}\": {hint}use a Grafana unit id such as \"reqps\", \"s\", \"percent\", \"bytes\", or a custom unit \"suffix:<text>\"", u.value));
        }
        None if p.kind.shows_values() => {
            diags.error(p.title.loc, format!("panel \"{}\" has no `unit`: every panel states what its numbers are, e.g. `unit: \"reqps\"` (or \"none\")", p.title.value));
        }
        _ => {}
    }
    for (option, value) in [("min", p.min), ("max", p.max)] {
        if let Some(v) = value.filter(|v| !v.is_finite()) {
            diags.error(
                p.title.loc,
                format!("`{option}` is {v}: give a finite number"),
            );
        }
    }
    if let Some(decimals) = p.decimals.filter(|d| *d > MAX_DECIMALS) {
        diags.error(
            p.title.loc,
            format!("`decimals` {decimals} is out of range: use 0 to {MAX_DECIMALS}"),
        );
    }
    // Options that do nothing on this kind of panel (the DSL reports them
    // while parsing, on the option itself, and leaves them out of the model).
    let options_set = [
        ("legend", p.legend.is_some()),
        ("stacking", p.stacking.is_some()),
        ("content", p.content.is_some()),
        ("unit", p.unit.is_some()),
        ("min", p.min.is_some()),
        ("max", p.max.is_some()),
        ("decimals", p.decimals.is_some()),
        ("thresholds", p.thresholds.is_some()),
        ("color", p.color.is_some()),
    ];
    for (option, _) in options_set.iter().filter(|(_, set)| *set) {
        if let Some(problem) = option_not_for_kind(option, p.kind) {
            diags.error(p.title.loc, problem);
        }
    }
    if let (Some(min), Some(max)) = (p.min, p.max) {
        if min >= max {
            diags.error(
                p.title.loc,
                format!("`min` ({min}) must be below `max` ({max})"),
            );
        }
    }
    if let Some(legend) = &p.legend {
        for c in &legend.calcs {
            if let Some(problem) = reducer_problem("legend calculation", &c.value) {
                diags.error(c.loc, problem);
            }
        }
    }
    if let Some(th) = &p.thresholds {
        check_thresholds(p, th, diags);
    }
    check_color(p, diags);
    if let Some(sort) = &p.sort {
        if p.kind != PanelKind::Table {
            diags.error(
                sort.loc,
                format!("`sort` orders the rows of table panels only, not {kind}: remove it (a bar gauge or stat shows series in query order: wrap the query in `sort_desc(..)`)"),
            );
        } else if crate::grafana::table_value_column(&p.targets, &p.expressions).is_none()
            && !p.targets.is_empty()
        {
            diags.error(
                sort.loc,
                "`sort` orders a table by its value column, which only a shown query with `format: table` has: add `format: table` to the panel or to a query",
            );
        }
    }
    match p.kind {
        PanelKind::Text => {
            if let Some(from) = &p.from_panel {
                diags.error(from.loc, "a text panel shows `content`, not another panel's results: remove `from_panel`");
            }
            // `content: ""` is a deliberate header: the panel shows its title only.
            match p.content.as_deref() {
                None => diags.error(
                    p.title.loc,
                    "a text panel needs `content: \"Markdown text\"` (or `content: \"\"` for a panel that shows only its title)",
                ),
                Some(c) if !c.is_empty() && c.trim().is_empty() => diags.error(
                    p.title.loc,
                    "a text panel whose content is only whitespace shows nothing: write the text, or `content: \"\"` for a panel that shows only its title",
                ),
                _ => {}
            }
            if let Some(t) = p.targets.first() {
                diags.error(
                    t.loc,
                    "a text panel shows `content`, not queries: remove the query",
                );
            }
        }
        PanelKind::AlertList => {
            if let Some(t) = p.targets.first() {
                diags.error(
                    t.loc,
                    "an alert list shows Grafana's alerts, not queries: remove the query (filter the alerts with `label_filter: \"{label=\\\"value\\\"}\"` or `alert_name`)",
                );
            }
        }
        _ => {
            if let Some(from) = &p.from_panel {
                if let Some(t) = p.targets.first() {
                    diags.error(t.loc, format!("panel \"{}\" shows the results of another panel (`from_panel: {}`) and runs no query of its own: remove the query or `from_panel`", p.title.value, from.value.source()));
                }
            } else if p.targets.is_empty() {
                if !p.allow.iter().any(|a| a.value == "no-query") {
                    diags.error(p.title.loc, format!("panel \"{}\" has no query: add one such as `\"{{{{job}}}}\" => \"sum by (job) (up)\"` (check `no-query`)", p.title.value));
                }
            } else if let Some(a) = p.allow.iter().find(|a| a.value == "no-query") {
                diags.error(
                    a.loc,
                    "`allow: [\"no-query\"]` allows nothing here: the panel has queries; remove it",
                );
            } else if p.targets.iter().all(|t| t.hide) && p.expressions.iter().all(|e| e.hide) {
                diags.error(
                    p.title.loc,
                    format!("every query of panel \"{}\" is hidden (`hide: true`), so it would show nothing: show at least one", p.title.value),
                );
            }
        }
    }
    if p.targets.len() + p.expressions.len() > 26 {
        diags.error(
            p.title.loc,
            "more than 26 queries in one panel: refIds run from A to Z",
        );
    }
    for t in &p.targets {
        check_target(p, t, env, catalog, diags);
    }
}

/// Every `from_panel` names exactly one other panel of the dashboard, one
/// that runs queries of its own (Grafana's `-- Dashboard --` datasource
/// reads the results of a panel by its id; it does not chain). Ids are
/// dashc's: 1, 2, .. in document order, rows included.
fn check_from_panel(dashboard: &Dashboard, diags: &mut Diagnostics) {
    // (id, the panel; `None` for a row).
    let mut numbered: Vec<(u32, Option<&Panel>)> = Vec::new();
    for item in &dashboard.items {
        let n = numbered.len() as u32 + 1;
        match item {
            Item::Panel(p) => numbered.push((n, Some(p))),
            Item::Row(r) => {
                numbered.push((n, None));
                for p in &r.panels {
                    numbered.push((numbered.len() as u32 + 1, Some(p)));
                }
            }
        }
    }
    let panels: Vec<&Panel> = numbered.iter().filter_map(|(_, p)| *p).collect();
    for p in &panels {
        let Some(from) = &p.from_panel else {
            continue;
        };
        let shown = from.value.source();
        let named: Vec<&Panel> = match &from.value {
            PanelRef::Title(t) => panels
                .iter()
                .copied()
                .filter(|q| q.title.value == *t)
                .collect(),
            PanelRef::Id(n) => match numbered.iter().find(|(id, _)| id == n) {
                Some((_, Some(q))) => vec![*q],
                Some((_, None)) => {
                    diags.error(from.loc, format!("`from_panel: {shown}` is a row (dashc numbers panels and rows 1, 2, .. in order): name a panel whose results to show"));
                    continue;
                }
                None => {
                    diags.error(from.loc, format!("`from_panel: {shown}`: the dashboard has {} panels and rows, numbered 1, 2, .. in order: name one of them, or the panel by its title", numbered.len()));
                    continue;
                }
            },
        };
        match named.as_slice() {
            [] => {
                let hint = closest(&shown, panels.iter().map(|q| q.title.value.as_str()))
                    .map(|c| format!("did you mean \"{c}\"? "))
                    .unwrap_or_default();
                diags.error(from.loc, format!("`from_panel: {shown}`: the dashboard has no panel of that title; {hint}name a panel whose results to show"));
            }
            [q] if std::ptr::eq(*q, *p) => {
                diags.error(from.loc, format!("`from_panel: {shown}` names the panel itself: name another panel whose results to show"));
            }
            [q] if q.from_panel.is_some() => {
                diags.error(from.loc, format!("`from_panel: {shown}` names a panel that shows another panel's results itself: name the panel that runs the queries"));
            }
            [q] if q.kind == PanelKind::Text => {
                diags.error(from.loc, format!("`from_panel: {shown}` names a text panel, which runs no query: name a panel with queries"));
            }
            [_] => {}
            _ => {
                diags.error(from.loc, format!("`from_panel: {shown}`: {} panels have that title: give the panel to read a title of its own", named.len()));
            }
        }
    }
}

/// A fixed color (and the color of `shades`) must be a color Grafana knows;
/// a heatmap colors its cells by a scheme or by the opacity of one color,
/// never by another field color mode.
fn check_color(p: &Panel, diags: &mut Diagnostics) {
    // A scheme built by hand (the builder) names one of Grafana's modes.
    let mut scheme = p.color.as_ref();
    while let Some(ColorMode::WithFixedColor(inner, _)) = scheme {
        if matches!(
            **inner,
            ColorMode::WithFixedColor(..)
                | ColorMode::Fixed(_)
                | ColorMode::Shades(_)
                | ColorMode::FixedUnset
        ) {
            diags.error(p.title.loc, "`fixed_color` goes with a color mode that takes no color, such as `thresholds { fixed_color: \"blue\" }`");
        }
        scheme = Some(inner);
    }
    if let Some(ColorMode::Scheme(word)) = scheme {
        if !COLOR_SCHEMES.iter().any(|(k, _)| k == word) {
            let hint = closest(word, COLOR_SCHEMES.iter().map(|(k, _)| *k))
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            diags.error(p.title.loc, format!("unknown color mode `{word}` in `color`: {hint}the modes are {}, a color, `shades \"color\"` and `fixed`", COLOR_SCHEMES.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")));
        }
    }
    match &p.color {
        Some(ColorMode::Fixed(c) | ColorMode::Shades(c) | ColorMode::WithFixedColor(_, c))
            if !is_color(c) =>
        {
            diags.error(p.title.loc, format!("unknown color \"{c}\" in `color`: use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or \"#rrggbb\"{}", color_suggestion(c)));
        }
        Some(
            ColorMode::Thresholds
            | ColorMode::PaletteClassic
            | ColorMode::Scheme(_)
            | ColorMode::WithFixedColor(..)
            | ColorMode::Shades(_)
            | ColorMode::FixedUnset,
        ) if p.kind == PanelKind::Heatmap => {
            diags.error(p.title.loc, "a heatmap colors its cells by a scheme: use `color: green_yellow_red` or a fixed color such as `color: \"red\"`, or remove `color`");
        }
        _ => {}
    }
}

fn check_thresholds(p: &Panel, th: &Thresholds, diags: &mut Diagnostics) {
    let Some(first) = th.steps.first() else {
        diags.error(
            p.title.loc,
            "thresholds need at least a base step, e.g. `[green, red: 80]`",
        );
        return;
    };
    if first.value.is_some() {
        diags.error(first.loc, "the first threshold step is the base (from -Infinity) and takes no value: write `green`, not `green: 0`");
    }
    // The last step with a value: its value, color and 1-based position.
    let mut last: Option<(f64, &str, usize)> = None;
    for (index, step) in th.steps.iter().enumerate() {
        if !is_color(&step.color) {
            diags.error(step.loc, format!("unknown color \"{}\": use a Grafana color name (green, red, orange, yellow, blue, purple, transparent, text, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or \"#rrggbb\"{}", step.color, color_suggestion(&step.color)));
        }
        if let Some(v) = step.value.filter(|v| !v.is_finite()) {
            diags.error(
                step.loc,
                format!(
                    "threshold step `{}` has the value {v}: give a finite number",
                    step.color
                ),
            );
        }
        match (step.value, std::ptr::eq(step, first)) {
            (None, false) => diags.error(
                step.loc,
                format!(
                    "threshold step `{}` needs a value: `{}: 80`",
                    step.color, step.color
                ),
            ),
            (Some(v), false) => {
                // Equal values are Grafana's own: its singlestat migration
                // wrote them (`thresholds: "0,0"`), and a value at or above
                // them shows the last of the equal steps.
                if let Some((l, color, at)) = last.filter(|(l, _, _)| v < *l) {
                    diags.error(
                        step.loc,
                        format!(
                            "threshold values must not decrease from step to step: step {} `{}: {v}` \
                             is below step {at} `{color}: {l}`; order the steps by value",
                            index + 1,
                            step.color
                        ),
                    );
                }
                last = Some((v, &step.color, index + 1));
            }
            _ => {}
        }
    }
    if th.style != ThresholdsStyle::Off && p.kind != PanelKind::Timeseries {
        diags.error(
            p.title.loc,
            format!(
                "the thresholds `style` is drawn on timeseries panels only, not {}",
                p.kind.plugin_id()
            ),
        );
    }
}

fn check_target(
    p: &Panel,
    t: &Target,
    env: &QueryEnv,
    catalog: Option<&Catalog>,
    diags: &mut Diagnostics,
) {
    if let Some(interval) = &t.interval {
        let v = &interval.value;
        let ok =
            is_duration(v) || v.strip_prefix('>').is_some_and(is_duration) || v.starts_with('$');
        if !ok {
            diags.error(
                interval.loc,
                format!(
                    "invalid interval \"{v}\": expected a minimum step such as \"1m\" or \">30s\""
                ),
            );
        }
    }
    let legend_allowed = t.allow.iter().find(|a| a.value == "legend-label");
    if let Some(legend) = &t.legend {
        match (legend_problem(&legend.value), legend_allowed) {
            (Some(problem), None) => diags.error(legend.loc, problem),
            (None, Some(a)) => diags.error(a.loc, "`allow: [\"legend-label\"]` allows nothing here: every `{{..}}` of the legend is a label name; remove it"),
            _ => {}
        }
    } else if let Some(a) = legend_allowed {
        diags.error(
            a.loc,
            "`allow: [\"legend-label\"]` allows nothing here: the query has no legend; remove it",
        );
    }
    // `format: heatmap` is the datasource's: it turns cumulative `le` buckets
    // into per-bucket counts ordered by bound for any panel (a bar gauge of
    // the buckets as well as a heatmap).
    let shape = crate::catalog::QueryShape {
        range_query: !t.instant,
        time_series: !t.instant && p.kind == PanelKind::Timeseries,
    };
    let legend = t.legend.as_ref().map(|l| l.value.as_str());
    check_query(&t.expr, legend, shape, &t.allow, env, catalog, diags);
}

/// A query's PromQL (syntax, types, variables), the rules that need no
/// catalog and, with a catalog, its metric and label checks; `allow` names
/// the catalog checks switched off (unknown names are reported on them).
/// Errors point into the query string. Panel queries and annotation
/// queries go through here alike.
pub(crate) fn check_query(
    expr: &Spanned<String>,
    legend: Option<&str>,
    shape: crate::catalog::QueryShape,
    allow: &[Spanned<String>],
    env: &QueryEnv,
    catalog: Option<&Catalog>,
    diags: &mut Diagnostics,
) {
    let query_checks: Vec<&str> = ALLOW_NAMES
        .iter()
        .copied()
        .filter(|n| !PANEL_ALLOW_NAMES.contains(n))
        .collect();
    for a in allow {
        if !ALLOW_NAMES.contains(&a.value.as_str()) {
            let hint = closest(&a.value, query_checks.iter().copied())
                .map(|c| format!("did you mean \"{c}\"? "))
                .unwrap_or_default();
            diags.error(
                a.loc,
                format!(
                    "unknown check \"{}\" in `allow`: {hint}the checks are {}",
                    a.value,
                    query_checks.join(", ")
                ),
            );
        }
    }
    for a in allow
        .iter()
        .filter(|a| PANEL_ALLOW_NAMES.contains(&a.value.as_str()))
    {
        diags.error(a.loc, format!("`{}` is a check of the panel, not of a query: write `allow: [\"{}\"]` in the panel's body", a.value, a.value));
    }
    let allowed = |name: &str| allow.iter().any(|a| a.value == name);
    let query = &expr.value;
    if query.trim().is_empty() {
        if !allowed("empty-query") {
            diags.error(
                expr.loc,
                "empty query: write a PromQL expression (check `empty-query`)",
            );
        }
        // Grafana skips a query with no expression.
        return;
    }
    if let Some(a) = allow.iter().find(|a| a.value == "empty-query") {
        diags.error(a.loc, "`allow: [\"empty-query\"]` allows nothing here: the query has an expression; remove it");
    }
    let loc = expr.loc;
    if allowed("promql") {
        // Kept on purpose as written; no check can read it.
        return;
    }
    // A query allowed `multi-value` is checked as if no variable held several values.
    let single;
    let env = if allowed("multi-value") && !env.multi_value.is_empty() {
        single = QueryEnv {
            multi_value: Vec::new(),
            ..env.clone()
        };
        &single
    } else {
        env
    };
    match promql::parse(query, env) {
        Err(errors) => {
            for e in crate::limits::cap_query_errors(errors, query) {
                diags.error_in(loc, e.range.clone(), e.render(query));
            }
        }
        Ok(parsed) => {
            if let Err(errors) = promql::check(query, env) {
                for e in crate::limits::cap_query_errors(errors, query) {
                    diags.error_in(loc, e.range.clone(), e.render(query));
                }
            } else {
                // Unknown names were reported above, on the `allow` string itself.
                let input_allow = allow;
                let allow: Vec<String> = allow
                    .iter()
                    .filter(|a| crate::catalog::RULES.contains(&a.value.as_str()))
                    .map(|a| a.value.clone())
                    .collect();
                let empty = Catalog::default();
                let run = |allow: &[String]| {
                    let mut errors = crate::catalog::query_rules(
                        query,
                        &parsed,
                        shape,
                        catalog.unwrap_or(&empty),
                        allow,
                    );
                    if let Some(catalog) = catalog {
                        errors.extend(crate::catalog::check_query(
                            query, &parsed, legend, catalog, allow,
                        ));
                    }
                    errors
                };
                for e in crate::limits::cap_query_errors(run(&allow), query) {
                    diags.error_in(loc, e.range.clone(), e.render(query));
                }
                // An `allow` must silence something: the check it names,
                // with the others still allowed, fires on this query.
                for a in input_allow.iter().filter(|a| allow.contains(&a.value)) {
                    let others: Vec<String> =
                        allow.iter().filter(|r| **r != a.value).cloned().collect();
                    let fires = format!("(check `{}`)", a.value);
                    if !run(&others).iter().any(|e| e.message.ends_with(&fires)) {
                        diags.error(
                            a.loc,
                            format!(
                                "`allow: [\"{}\"]` allows nothing here: the check does not fire \
                                 on this query; remove it",
                                a.value
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// A legend format's `{{label}}` placeholders must be well formed (Grafana
/// shows one that is not a label name as its text; `allow: ["legend-label"]`
/// keeps it on purpose).
pub(crate) fn legend_problem(legend: &str) -> Option<String> {
    use crate::catalog::exposition::is_label_name;
    let mut rest = legend;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            return Some(format!(
                "unclosed `{{{{` in legend \"{legend}\": write `{{{{label}}}}`"
            ));
        };
        let name = after[..close].trim();
        if !is_label_name(name) {
            let parts: Vec<&str> = name
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .collect();
            let fix = if parts.len() > 1 && parts.iter().all(|p| is_label_name(p)) {
                let each: Vec<String> = parts.iter().map(|p| format!("{{{{{p}}}}}")).collect();
                format!("a placeholder holds one label: write `{}`", each.join(" "))
            } else if let Some(bare) = name.strip_prefix('$').filter(|n| is_label_name(n)) {
                format!("write `{{{{{bare}}}}}`, without the `$`")
            } else {
                "write `{{label}}` with a label of the query's result".to_string()
            };
            return Some(format!(
                "`{{{{{name}}}}}` in legend \"{legend}\" is not a label name: {fix} (check `legend-label`)"
            ));
        }
        rest = &after[close + 2..];
    }
    None
}

/// `30s`, `1m`, `1h30m`, `500ms`: Grafana and Prometheus durations.
///
/// ```
/// use dashc_core::check::is_duration;
/// assert!(is_duration("1h30m") && is_duration("500ms"));
/// assert!(!is_duration("1.5h") && !is_duration("30"));
/// ```
pub fn is_duration(s: &str) -> bool {
    let mut rest = s;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = ["ms", "s", "m", "h", "d", "w", "y"]
            .into_iter()
            .find(|u| rest.starts_with(u));
        match unit {
            Some(u) => rest = &rest[u.len()..],
            None => return false,
        }
    }
    true
}

/// Grafana's relative (`now-1h`, `now-1d/d`, `now/w`) or absolute (ISO) times.
pub fn is_time(s: &str) -> bool {
    if let Some(rel) = s.strip_prefix("now") {
        let (offset, round) = match rel.split_once('/') {
            Some((o, r)) => (o, Some(r)),
            None => (rel, None),
        };
        let unit_ok = |u: &str| ["s", "m", "h", "d", "w", "M", "y", "fQ", "Q"].contains(&u);
        let offset_ok = offset.is_empty()
            || offset.strip_prefix(['-', '+']).is_some_and(|o| {
                let digits = o.len() - o.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                digits > 0 && unit_ok(&o[digits..])
            });
        return offset_ok && round.is_none_or(unit_ok);
    }
    s.len() >= 10 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-'
}

/// Grafana's named colors, without their shade prefixes.
const COLOR_NAMES: [&str; 8] = [
    "green",
    "red",
    "orange",
    "yellow",
    "blue",
    "purple",
    "transparent",
    "text",
];

/// `; did you mean "green"?` for an unknown color close to a Grafana color
/// name (with the same shade prefix), or nothing.
fn color_suggestion(c: &str) -> String {
    let (prefix, base) = ["super-light-", "light-", "semi-dark-", "dark-"]
        .iter()
        .find_map(|p| c.strip_prefix(p).map(|b| (*p, b)))
        .unwrap_or(("", c));
    crate::diag::closest(base, COLOR_NAMES)
        .map(|name| format!("; did you mean \"{prefix}{name}\"?"))
        .unwrap_or_default()
}

/// Grafana color names and `#rrggbb` / `rgb(..)` colors.
pub fn is_color(c: &str) -> bool {
    if let Some(hex) = c.strip_prefix('#') {
        return matches!(hex.len(), 3 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if ["rgb(", "rgba(", "hsl(", "hsla("]
        .iter()
        .any(|f| c.starts_with(f))
    {
        return c.ends_with(')');
    }
    // Grafana hands names outside its palette to the browser: plain CSS
    // colors work too.
    if ["white", "black", "gray", "grey"].contains(&c) {
        return true;
    }
    let base = ["super-light-", "light-", "semi-dark-", "dark-"]
        .iter()
        .find_map(|p| c.strip_prefix(p))
        .unwrap_or(c);
    COLOR_NAMES.contains(&base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_times() {
        assert!(is_duration("30s") && is_duration("1h30m") && is_duration("500ms"));
        assert!(!is_duration("30") && !is_duration("s") && !is_duration("1x"));
        assert!(is_time("now") && is_time("now-1h") && is_time("now-1d/d") && is_time("now/w"));
        assert!(is_time("2026-01-01T00:00:00Z"));
        assert!(!is_time("now-1") && !is_time("yesterday") && !is_time("now-1h/x"));
        assert_eq!(relative_seconds("now"), Some(0));
        assert_eq!(relative_seconds("now-1h"), Some(-3600));
        assert_eq!(relative_seconds("now+2d"), Some(172_800));
        assert_eq!(relative_seconds("now-1d/d"), None);
        assert_eq!(relative_seconds("2026-01-01"), None);
        assert_eq!(relative_seconds("now-99999999999999999y"), None);
    }

    #[test]
    fn uids_and_colors_and_legends() {
        assert!(uid_problem("upstream-api_1").is_none());
        assert!(uid_problem("").is_some());
        assert!(uid_problem("a b").is_some());
        assert!(uid_problem(&"x".repeat(41)).is_some());
        assert!(is_color("red") && is_color("dark-red") && is_color("#73bf69"));
        assert!(!is_color("reed") && !is_color("#12"));
        assert!(is_color("white") && is_color("hsl(120, 50%, 50%)") && !is_color("dark-white"));
        assert!(legend_problem("{{method}} {{status}}").is_none());
        assert!(legend_problem("{{method").is_some());
        assert!(legend_problem("{{ 1x }}").is_some());
    }
}
