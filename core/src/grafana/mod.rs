//! Rendering the model as Grafana dashboard JSON (classic model).
//!
//! The output is the bare dashboard object that Grafana's file provisioning
//! reads: no `{"dashboard": ...}` wrapper, no `id` (the `uid` is the
//! identity), one [`SCHEMA_VERSION`], only current (non-Angular) panels,
//! every datasource reference `{"type": "prometheus", "uid": "${datasource}"}`
//! through a `datasource` template variable that defaults to the
//! provisioned Prometheus. Keys are sorted at every depth and the text is
//! pretty-printed with two-space indentation, like a dashboard saved by
//! Grafana 12, so the same model always gives the same bytes.
//!
//! The model is assumed checked ([`crate::check`]); rendering never fails.

pub(crate) mod forms;
mod json;
mod kinds;
mod panel;
mod templating;

use serde_json::{json, Value};

use crate::layout::Flow;
use crate::model::{Dashboard, GraphTooltip, Item, Link, LinkTarget, PanelRef};

pub use json::number;
pub use panel::{ref_id, ref_ids, table_value_column, AUTO_LEGEND, EXPRESSION_DATASOURCE};
pub use templating::{ALL_VALUE, AUTO_INTERVAL_VALUE, NONE_TEXT};

/// The dashboard JSON schema version every dashboard is written in: 42, the
/// current one of Grafana 12 (and the default of the dashboard JSON schema
/// in `../shared/schema/grafana/`). Grafana migrates older versions forward
/// on load and leaves the current one as is, so the files are loaded as
/// written.
pub const SCHEMA_VERSION: u32 = 42;

/// Name of the template variable every panel takes its datasource from.
pub const DATASOURCE_VARIABLE: &str = "datasource";

/// The Prometheus datasource plugin id.
pub const PROMETHEUS_TYPE: &str = "prometheus";

/// `{"type": "prometheus", "uid": "${datasource}"}`: the datasource of every
/// panel, query and query variable.
pub fn datasource_ref() -> Value {
    json!({"type": PROMETHEUS_TYPE, "uid": format!("${{{DATASOURCE_VARIABLE}}}")})
}

/// The complete dashboard JSON text: pretty (two-space indentation), keys
/// sorted, ending in a newline.
pub fn render(dashboard: &Dashboard) -> String {
    json::pretty(&to_value(dashboard))
}

/// The dashboard as a JSON value (keys sorted).
pub fn to_value(dashboard: &Dashboard) -> Value {
    let mut out = json::object([
        ("annotations", forms::annotations(&dashboard.annotations)),
        ("editable", json!(dashboard.editable)),
        (
            "graphTooltip",
            json!(graph_tooltip(dashboard.graph_tooltip)),
        ),
        ("links", dashboard.links.iter().map(link).collect::<Value>()),
        ("panels", Value::Array(panels(&dashboard.items))),
        (
            // Grafana writes "" for "auto-refresh off".
            "refresh",
            json!(dashboard.refresh.as_ref().map_or("", |r| r.value.as_str())),
        ),
        ("schemaVersion", json!(SCHEMA_VERSION)),
        (
            "tags",
            dashboard
                .tags
                .iter()
                .map(|t| json!(t.value))
                .collect::<Value>(),
        ),
        (
            "templating",
            json!({"list": templating::variables(dashboard)}),
        ),
        (
            "time",
            json!({"from": dashboard.time.from.value, "to": dashboard.time.to.value}),
        ),
        ("timezone", json!(dashboard.timezone.value)),
        ("title", json!(dashboard.title.value)),
        ("uid", json!(dashboard.uid.value)),
    ]);
    if let Some(description) = &dashboard.description {
        out.insert("description".into(), json!(description));
    }
    forms::dashboard_options(&mut out, dashboard);
    let mut out = Value::Object(out);
    json::apply_set(&mut out, &dashboard.set);
    json::sort_keys(out)
}

fn graph_tooltip(mode: GraphTooltip) -> u8 {
    match mode {
        GraphTooltip::Default => 0,
        GraphTooltip::SharedCrosshair => 1,
        GraphTooltip::SharedTooltip => 2,
    }
}

fn link(link: &Link) -> Value {
    let (kind, tags, url) = match &link.target {
        LinkTarget::Dashboards { tags } => ("dashboards", tags.clone(), String::new()),
        LinkTarget::Url(url) => ("link", Vec::new(), url.clone()),
    };
    json!({
        "asDropdown": link.as_dropdown,
        "icon": link.icon.as_ref().map_or("external link", |i| i.value.as_str()),
        "includeVars": link.include_vars,
        "keepTime": link.keep_time,
        "tags": tags,
        "targetBlank": link.target_blank,
        "title": link.title,
        "tooltip": link.tooltip.as_deref().unwrap_or(""),
        "type": kind,
        "url": url,
    })
}

/// The uid of Grafana's datasource that reads another panel's results.
pub const DASHBOARD_DATASOURCE: &str = "-- Dashboard --";

/// Top-level `panels`: rows and panels in document order, ids 1, 2, ... in
/// that order. An expanded row is followed by its panels at the top level;
/// a collapsed row holds them.
fn panels(items: &[Item]) -> Vec<Value> {
    // The id of each title (the first panel of it), for `from_panel`.
    let mut ids: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    let mut n = 0u32;
    for item in items {
        n += 1;
        if let Item::Row(row) = item {
            for p in &row.panels {
                n += 1;
                ids.entry(p.title.value.as_str()).or_insert(n);
            }
        } else if let Item::Panel(p) = item {
            ids.entry(p.title.value.as_str()).or_insert(n);
        }
    }
    let panel = |p: &crate::model::Panel, id: u32, pos| {
        let mut v = panel::panel(p, id, pos);
        if let Some(from) = &p.from_panel {
            let source = json!({"type": "datasource", "uid": DASHBOARD_DATASOURCE});
            let panel_id = match &from.value {
                PanelRef::Title(t) => ids.get(t.as_str()).copied().unwrap_or(0),
                PanelRef::Id(n) => *n,
            };
            v["datasource"] = source.clone();
            v["targets"] = json!([{"datasource": source, "panelId": panel_id, "refId": "A"}]);
        }
        v
    };
    let mut out = Vec::new();
    let mut next_id = 1u32;
    let mut take_id = || {
        let id = next_id;
        next_id += 1;
        id
    };
    let mut flow = Flow::new();
    for item in items {
        match item {
            Item::Panel(p) => {
                let pos = flow.model_panel(p);
                out.push(panel(p, take_id(), pos));
            }
            Item::Row(row) => {
                let row_pos = flow.model_row(row);
                let row_id = take_id();
                let children: Vec<Value> = row
                    .panels
                    .iter()
                    .map(|p| {
                        let pos = flow.model_panel(p);
                        panel(p, take_id(), pos)
                    })
                    .collect();
                if row.collapsed {
                    out.push(panel::row(row, row_id, row_pos, children));
                    flow.new_line();
                } else {
                    out.push(panel::row(row, row_id, row_pos, Vec::new()));
                    out.extend(children);
                }
            }
        }
    }
    out
}
