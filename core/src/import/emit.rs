//! The model printed as DSL source: one `dashboards!` set, each dashboard
//! a constant, options in the order the README lists them, defaults left
//! out, `set` entries last in each block.

use std::fmt::Write as _;

use serde_json::Value;

use super::build::Converted;
pub(crate) use crate::dsl::print::{json, lit};
use crate::model::*;

/// The whole file: a header comment, the `use`, the set.
pub fn emit(dashboards: &[Converted], catalogs: &[String]) -> String {
    let mut out = String::new();
    let files: Vec<&str> = dashboards.iter().map(|d| d.file.as_str()).collect();
    out.push_str("//! Dashboards imported by `dashc import` from ");
    out.push_str(
        &files
            .iter()
            .map(|f| format!("`{}`", comment_text(&f.replace('`', "'"))))
            .collect::<Vec<_>>()
            .join(", "),
    );
    out.push_str(".\n\nuse dashc_macros::dashboards;\n\ndashboards! {\n");
    out.push_str(&body(dashboards, catalogs));
    out.push_str("}\n");
    out
}

/// The body of the `dashboards! { .. }` set.
pub fn body(dashboards: &[Converted], catalogs: &[String]) -> String {
    let mut out = String::new();
    let list: Vec<String> = catalogs.iter().map(|c| lit(c)).collect();
    let _ = writeln!(out, "    defaults {{ catalog: [{}] }},", list.join(", "));
    for d in dashboards {
        out.push('\n');
        dashboard(&mut out, d);
    }
    out
}

fn number(v: f64) -> String {
    crate::grafana::number(v).to_string()
}

fn set_block(out: &mut String, indent: &str, set: &[SetEntry]) {
    if set.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}set: {{");
    for e in set {
        let mut v = String::new();
        json(&e.value, &mut v);
        let _ = writeln!(out, "{indent}    {}: {v},", lit(&e.path.value));
    }
    let _ = writeln!(out, "{indent}}},");
}

/// A line of text as a comment shows it: every character a Rust string
/// literal would escape (control characters such as a lone `\r`, which
/// ends no line of Rust but is refused in a doc comment; the marks that
/// change the direction of text, which `rustc` refuses in any comment) is
/// written as that escape; quotes and backslashes stay as they are.
pub(super) fn comment_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, '"' | '\'' | '\\') {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out
}

fn doc(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        let line = comment_text(line).replace("*/", "* /");
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

fn dashboard(out: &mut String, c: &Converted) {
    let d = &c.model;
    doc(
        out,
        "    ",
        &format!(
            "{}\n\nImported from `{}`.",
            d.title.value,
            c.file.replace('`', "'")
        ),
    );
    let _ = writeln!(out, "    pub const {} = {{", c.name);
    let i = "        ";
    let _ = writeln!(out, "{i}uid: {},", lit(&d.uid.value));
    let _ = writeln!(out, "{i}title: {},", lit(&d.title.value));
    if let Some(desc) = &d.description {
        let _ = writeln!(out, "{i}description: {},", lit(desc));
    }
    if !d.tags.is_empty() {
        let tags: Vec<String> = d.tags.iter().map(|t| lit(&t.value)).collect();
        let _ = writeln!(out, "{i}tags: [{}],", tags.join(", "));
    }
    if let Some(r) = &d.refresh {
        let _ = writeln!(out, "{i}refresh: {},", lit(&r.value));
    }
    if d.time.from.value != "now-1h" || d.time.to.value != "now" {
        let _ = writeln!(
            out,
            "{i}time: {}..{},",
            lit(&d.time.from.value),
            lit(&d.time.to.value)
        );
    }
    if d.timezone.value != "browser" {
        let _ = writeln!(out, "{i}timezone: {},", lit(&d.timezone.value));
    }
    match d.graph_tooltip {
        GraphTooltip::Default => {}
        GraphTooltip::SharedCrosshair => {
            let _ = writeln!(out, "{i}tooltip: shared_crosshair,");
        }
        GraphTooltip::SharedTooltip => {
            let _ = writeln!(out, "{i}tooltip: shared_tooltip,");
        }
    }
    if d.editable {
        let _ = writeln!(out, "{i}editable: true,");
    }
    if !d.links.is_empty() {
        let _ = writeln!(out, "{i}links: [");
        for l in &d.links {
            let head = match &l.target {
                LinkTarget::Dashboards { .. } => format!("dashboards {}", lit(&l.title)),
                LinkTarget::Url(url) => format!("url {} {}", lit(&l.title), lit(url)),
            };
            let mut opts = Vec::new();
            if let LinkTarget::Dashboards { tags } = &l.target {
                if !tags.is_empty() {
                    opts.push(format!(
                        "tags: [{}]",
                        tags.iter().map(|t| lit(t)).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
            if l.as_dropdown {
                opts.push("as_dropdown: true".into());
            }
            if !l.keep_time {
                opts.push("keep_time: false".into());
            }
            if !l.include_vars {
                opts.push("include_vars: false".into());
            }
            if l.target_blank {
                opts.push("new_tab: true".into());
            }
            if let Some(t) = &l.tooltip {
                opts.push(format!("tooltip: {}", lit(t)));
            }
            if let Some(icon) = &l.icon {
                opts.push(format!("icon: {}", lit(&icon.value)));
            }
            if opts.is_empty() {
                let _ = writeln!(out, "{i}    {head},");
            } else {
                let _ = writeln!(out, "{i}    {head} {{ {} }},", opts.join(", "));
            }
        }
        let _ = writeln!(out, "{i}],");
    }
    if let Some(tp) = &d.time_picker {
        let mut parts = Vec::new();
        if tp.hidden {
            parts.push("hidden: true".to_string());
        }
        if !tp.refresh_intervals.is_empty() {
            let list: Vec<String> = tp.refresh_intervals.iter().map(|r| lit(&r.value)).collect();
            parts.push(format!("refresh_intervals: [{}]", list.join(", ")));
        }
        if let Some(delay) = &tp.now_delay {
            parts.push(format!("now_delay: {}", lit(&delay.value)));
        }
        let _ = writeln!(out, "{i}time_picker: {{ {} }},", parts.join(", "));
    }
    if let Some(w) = d.week_start {
        let _ = writeln!(out, "{i}week_start: {},", w.grafana_name());
    }
    if let Some(m) = &d.fiscal_year_start {
        let _ = writeln!(out, "{i}fiscal_year_start: {},", m.value);
    }
    set_block(out, i, &d.set);
    if !d.variables.is_empty() {
        let _ = writeln!(out, "{i}variables {{");
        for v in &d.variables {
            variable(out, v);
        }
        let _ = writeln!(out, "{i}}},");
    }
    let annotations =
        super::forms::annotation_lines(&d.annotations, |q| c.annotation_notes.get(&q));
    if !annotations.is_empty() {
        let _ = writeln!(out, "{i}annotations {{");
        for line in annotations {
            let _ = writeln!(out, "{i}    {line}");
        }
        let _ = writeln!(out, "{i}}},");
    }
    for (n, item) in d.items.iter().enumerate() {
        out.push('\n');
        match item {
            Item::Panel(p) => panel(out, i, p, |t| c.notes.get(&(n, usize::MAX, t))),
            Item::Row(r) => {
                let collapsed = if r.collapsed { " collapsed" } else { "" };
                let repeat = r
                    .repeat
                    .as_ref()
                    .map_or(String::new(), |v| format!(" repeat {}", v.value));
                let _ = writeln!(out, "{i}row {}{collapsed}{repeat} {{", lit(&r.title.value));
                let inner = "            ";
                if let Some(y) = &r.y {
                    let _ = writeln!(out, "{inner}y: {},", y.value);
                }
                set_block(out, inner, &r.set);
                for (j, p) in r.panels.iter().enumerate() {
                    panel(out, inner, p, |t| c.notes.get(&(n, j, t)));
                }
                let _ = writeln!(out, "{i}}}");
            }
        }
    }
    let _ = writeln!(out, "    }};");
}

fn variable(out: &mut String, v: &Variable) {
    let i = "            ";
    let (head, mut opts) = match &v.kind {
        VariableKind::Query {
            query,
            multi,
            include_all,
            all_value,
            regex,
            sort,
        } => {
            let mut o = Vec::new();
            if *multi {
                o.push("multi: true".to_string());
            }
            if *include_all {
                o.push("include_all: true".to_string());
            }
            if let Some(a) = all_value {
                o.push(format!("all_value: {}", lit(a)));
            }
            if let Some(r) = regex {
                o.push(format!("regex: {}", lit(r)));
            }
            // The DSL's query variables sort alphabetically (1) unless told.
            if *sort != 1 {
                o.push(format!("sort: {sort}"));
            }
            (format!("query {}", lit(&query.value)), o)
        }
        VariableKind::Custom {
            values,
            multi,
            include_all,
            all_value,
        } => {
            let mut o = Vec::new();
            if *multi {
                o.push("multi: true".to_string());
            }
            if *include_all {
                o.push("include_all: true".to_string());
            }
            if let Some(a) = all_value {
                o.push(format!("all_value: {}", lit(a)));
            }
            (
                format!(
                    "custom [{}]",
                    values.iter().map(|v| lit(v)).collect::<Vec<_>>().join(", ")
                ),
                o,
            )
        }
        VariableKind::Interval { values, auto } => {
            let o = if *auto {
                vec!["auto: true".to_string()]
            } else {
                Vec::new()
            };
            (
                format!(
                    "interval [{}]",
                    values.iter().map(|v| lit(v)).collect::<Vec<_>>().join(", ")
                ),
                o,
            )
        }
        VariableKind::Constant { value } => (format!("constant {}", lit(value)), Vec::new()),
        VariableKind::Textbox { default } => (format!("textbox {}", lit(default)), Vec::new()),
        VariableKind::Adhoc => ("adhoc".to_string(), Vec::new()),
    };
    let mut lead = Vec::new();
    if let Some(l) = &v.label {
        lead.push(format!("label: {}", lit(l)));
    }
    if let Some(d) = &v.description {
        lead.push(format!("description: {}", lit(d)));
    }
    if !matches!(v.kind, VariableKind::Constant { .. }) {
        match v.hide {
            VariableHide::Visible => {}
            VariableHide::Label => lead.push("hide: label".into()),
            VariableHide::Variable => lead.push("hide: variable".into()),
        }
    }
    lead.append(&mut opts);
    match v.current.as_slice() {
        [] => {}
        [one] if one.value.is_empty() => lead.push("current: none".into()),
        [one]
            if !matches!(
                v.kind,
                VariableKind::Query { multi: true, .. } | VariableKind::Custom { multi: true, .. }
            ) =>
        {
            lead.push(format!("current: {}", lit(&one.value)))
        }
        many => lead.push(format!(
            "current: [{}]",
            many.iter()
                .map(|c| lit(&c.value))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    match v.refresh {
        None | Some(VariableRefresh::OnTimeRangeChange) => {}
        Some(VariableRefresh::OnLoad) => lead.push("refresh: on_load".into()),
        Some(VariableRefresh::Never) => lead.push("refresh: never".into()),
    }
    let name = &v.name.value;
    if lead.is_empty() && v.set.is_empty() {
        let _ = writeln!(out, "{i}{name}: {head},");
        return;
    }
    let _ = writeln!(out, "{i}{name}: {head} {{");
    for o in lead {
        let _ = writeln!(out, "{i}    {o},");
    }
    set_block(out, &format!("{i}    "), &v.set);
    let _ = writeln!(out, "{i}}},");
}

fn panel<'n>(
    out: &mut String,
    indent: &str,
    p: &Panel,
    notes: impl Fn(usize) -> Option<&'n Vec<String>>,
) {
    let _ = writeln!(
        out,
        "{indent}{} {} {{",
        p.kind.keyword(),
        lit(&p.title.value)
    );
    let i = format!("{indent}    ");
    if let Some(d) = &p.description {
        let _ = writeln!(out, "{i}description: {},", lit(d));
    }
    if !p.allow.is_empty() {
        for line in notes(usize::MAX).into_iter().flatten() {
            for (k, l) in line.lines().enumerate() {
                let lead = if k == 0 { "allowed" } else { "       " };
                let _ = writeln!(out, "{i}// {lead} {}", comment_text(l));
            }
        }
        let names: Vec<String> = p.allow.iter().map(|a| lit(&a.value)).collect();
        let _ = writeln!(out, "{i}allow: [{}],", names.join(", "));
    }
    if let Some(f) = &p.from_panel {
        let _ = writeln!(out, "{i}from_panel: {},", f.value.source());
    }
    if let Some(u) = &p.unit {
        let as_is = if p.unit_as_is { "as_is " } else { "" };
        let _ = writeln!(out, "{i}unit: {as_is}{},", lit(&u.value));
    }
    if let Some(v) = p.min {
        let _ = writeln!(out, "{i}min: {},", number(v));
    }
    if let Some(v) = p.max {
        let _ = writeln!(out, "{i}max: {},", number(v));
    }
    if let Some(v) = p.decimals {
        let _ = writeln!(out, "{i}decimals: {v},");
    }
    if let Some(l) = &p.legend {
        let mode = match l.mode {
            LegendMode::List => "list",
            LegendMode::Table => "table",
            LegendMode::Hidden => "hidden",
        };
        if l.placement == LegendPlacement::Bottom && l.calcs.is_empty() {
            let _ = writeln!(out, "{i}legend: {mode},");
        } else {
            let placement = if l.placement == LegendPlacement::Right {
                "right"
            } else {
                "bottom"
            };
            let calcs: Vec<String> = l.calcs.iter().map(|c| lit(&c.value)).collect();
            let _ = writeln!(
                out,
                "{i}legend: {{ mode: {mode}, placement: {placement}, calcs: [{}] }},",
                calcs.join(", ")
            );
        }
    }
    if let Some(t) = &p.thresholds {
        let steps: Vec<String> = t
            .steps
            .iter()
            .map(|s| {
                let color = if s
                    .color
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !s.color.is_empty()
                    && !s.color.starts_with(|c: char| c.is_ascii_digit())
                {
                    s.color.clone()
                } else {
                    lit(&s.color)
                };
                match s.value {
                    Some(v) => format!("{color}: {}", number(v)),
                    None => color,
                }
            })
            .collect();
        let plain = t.mode == ThresholdsMode::Absolute && t.style == ThresholdsStyle::Off;
        if plain {
            let _ = writeln!(out, "{i}thresholds: [{}],", steps.join(", "));
        } else {
            let mut parts = Vec::new();
            if t.mode == ThresholdsMode::Percentage {
                parts.push("mode: percentage".to_string());
            }
            if t.style != ThresholdsStyle::Off {
                let style = match t.style {
                    ThresholdsStyle::Off => "off",
                    ThresholdsStyle::Line => "line",
                    ThresholdsStyle::Dashed => "dashed",
                    ThresholdsStyle::Area => "area",
                    ThresholdsStyle::LineAndArea => "line_area",
                    ThresholdsStyle::DashedAndArea => "dashed_area",
                    ThresholdsStyle::Series => "series",
                };
                parts.push(format!("style: {style}"));
            }
            parts.push(format!("steps: [{}]", steps.join(", ")));
            let _ = writeln!(out, "{i}thresholds: {{ {} }},", parts.join(", "));
        }
    }
    if let Some(c) = &p.color {
        let text = c.source();
        let _ = writeln!(out, "{i}color: {text},");
    }
    if let Some(s) = p.stacking {
        let text = match s {
            Stacking::None => "none",
            Stacking::Normal => "normal",
            Stacking::Percent => "percent",
        };
        let _ = writeln!(out, "{i}stacking: {text},");
    }
    if let Some(s) = &p.sort {
        let text = if s.value == SortOrder::Descending {
            "desc"
        } else {
            "asc"
        };
        let _ = writeln!(out, "{i}sort: {text},");
    }
    if let (Some(x), Some(y)) = (&p.x, &p.y) {
        let _ = writeln!(out, "{i}x: {}, y: {},", x.value, y.value);
    }
    match (&p.width, &p.height) {
        (Some(w), Some(h)) => {
            let _ = writeln!(out, "{i}width: {}, height: {},", w.value, h.value);
        }
        (Some(w), None) => {
            let _ = writeln!(out, "{i}width: {},", w.value);
        }
        (None, Some(h)) => {
            let _ = writeln!(out, "{i}height: {},", h.value);
        }
        (None, None) => {}
    }
    if let Some(c) = &p.content {
        let _ = writeln!(out, "{i}content: {},", lit(c));
    }
    match p.text_mode.as_ref().map(|m| &m.value) {
        Some(TextMode::Html) => {
            let _ = writeln!(out, "{i}mode: html,");
        }
        Some(TextMode::Code { language }) => {
            let _ = writeln!(out, "{i}mode: code {{ language: {language} }},");
        }
        Some(TextMode::Markdown) | None => {}
    }
    for s in &p.settings {
        if let Some(text) = super::forms::setting_text(p.kind, s, false) {
            let _ = writeln!(out, "{i}{}: {text},", s.name);
        }
    }
    if !p.transformations.is_empty() {
        let _ = writeln!(out, "{i}transform: [");
        for t in &p.transformations {
            let mut json = serde_json::json!({"id": t.id.value, "options": t.options});
            if t.disabled {
                json["disabled"] = Value::Bool(true);
            }
            if let Some(text) = crate::dsl::transforms::source_of(&json) {
                let _ = writeln!(out, "{i}    {text},");
            }
        }
        let _ = writeln!(out, "{i}],");
    }
    for o in &p.overrides {
        let _ = writeln!(out, "{i}{}", super::forms::override_text(p.kind, o));
    }
    if !p.mappings.is_empty() {
        let _ = writeln!(out, "{i}mappings: [");
        for line in super::forms::mappings_text(&p.mappings) {
            let _ = writeln!(out, "{i}    {line},");
        }
        let _ = writeln!(out, "{i}],");
    }
    if !p.data_links.is_empty() {
        let _ = writeln!(out, "{i}links: [");
        for l in &p.data_links {
            let tab = if l.new_tab { " { new_tab: true }" } else { "" };
            let _ = writeln!(
                out,
                "{i}    {} => {}{tab},",
                lit(&l.title.value),
                lit(&l.url.value)
            );
        }
        let _ = writeln!(out, "{i}],");
    }
    if let Some(r) = &p.repeat {
        let mut opts = Vec::new();
        if r.vertical {
            opts.push("direction: v".to_string());
        }
        if let Some(n) = &r.max_per_row {
            opts.push(format!("max_per_row: {}", n.value));
        }
        if opts.is_empty() {
            let _ = writeln!(out, "{i}repeat: {},", r.variable.value);
        } else {
            let _ = writeln!(
                out,
                "{i}repeat: {} {{ {} }},",
                r.variable.value,
                opts.join(", ")
            );
        }
    }
    set_block(out, &i, &p.set);
    for (n, t) in p.targets.iter().enumerate() {
        if let Some(lines) = notes(n) {
            for line in lines {
                for (k, l) in line.lines().enumerate() {
                    let lead = if k == 0 { "allowed" } else { "       " };
                    let _ = writeln!(out, "{i}// {lead} {}", comment_text(l));
                }
            }
        }
        let legend = t.legend.as_ref().map_or("_".to_string(), |l| lit(&l.value));
        let mut opts = Vec::new();
        if t.instant {
            opts.push("instant: true".to_string());
        }
        // Each query's format unless it is the kind's default (a heatmap's
        // queries are `heatmap` unless they say otherwise).
        if t.format != p.kind.default_format() {
            opts.push(format!("format: {}", t.format.grafana_name()));
        }
        if let Some(iv) = &t.interval {
            opts.push(format!("interval: {}", lit(&iv.value)));
        }
        if t.hide {
            opts.push("hide: true".into());
        }
        if t.exemplar {
            opts.push("exemplar: true".into());
        }
        if let Some(r) = &t.ref_id {
            opts.push(format!("ref_id: {}", lit(&r.value)));
        }
        if !t.allow.is_empty() {
            opts.push(format!(
                "allow: [{}]",
                t.allow
                    .iter()
                    .map(|a| lit(&a.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let head = format!("{i}{legend} => {}", lit(&t.expr.value));
        if opts.is_empty() && t.set.is_empty() {
            let _ = writeln!(out, "{head},");
            continue;
        }
        if t.set.is_empty() {
            let _ = writeln!(out, "{head} {{ {} }},", opts.join(", "));
            continue;
        }
        let _ = writeln!(out, "{head} {{");
        for o in opts {
            let _ = writeln!(out, "{i}    {o},");
        }
        set_block(out, &format!("{i}    "), &t.set);
        let _ = writeln!(out, "{i}}},");
    }
    for e in &p.expressions {
        let crate::model::ExpressionKind::Math(expr) = &e.kind;
        let mut opts = Vec::new();
        if let Some(r) = &e.ref_id {
            opts.push(format!("ref_id: {}", lit(&r.value)));
        }
        if e.hide {
            opts.push("hide: true".to_string());
        }
        if opts.is_empty() {
            let _ = writeln!(out, "{i}math {},", lit(&expr.value));
        } else {
            let _ = writeln!(
                out,
                "{i}math {} {{ {} }},",
                lit(&expr.value),
                opts.join(", ")
            );
        }
    }
    let _ = writeln!(out, "{indent}}}");
}
