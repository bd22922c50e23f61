//! `dashc import`: existing Grafana dashboards (the classic JSON model,
//! schema versions 12 to 42, bare or API-wrapped) to DSL source, a front
//! end that emits the `dashboards!` language instead of reading it.
//!
//! - `read.rs` reads a file within the caps of [`crate::limits`];
//! - `migrate.rs` applies Grafana's load-time migrations (legacy `rows[]`,
//!   `graph`, `singlestat`, `table-old`, ...), so the dashboard is what
//!   Grafana 12 shows;
//! - `build.rs` turns the migrated JSON into the [`model`](crate::model):
//!   the DSL's short forms where they reproduce the JSON (unit, legend,
//!   thresholds, placement, ...), `set: { "path": value }` for everything
//!   else (each value checked against Grafana's schema), found by
//!   rendering the model and comparing it with the source;
//! - `emit.rs` prints the model as DSL text.
//!
//! A query dashc would reject (a metric missing from the catalog, a
//! multi-value variable under `=`, a query Prometheus cannot parse) is kept
//! as it is, with `allow: ["check-name"]` and a comment saying why; each
//! such place is listed in [`Imported::allowed`]. What cannot be carried
//! over is an [`ImportError`] naming the dashboard, the panel and the JSON
//! path. Only the keys of [`DROPPED`] are left out, each because Grafana
//! itself drops or ignores it on load.

mod build;
pub mod cli;
pub mod compare;
pub(crate) mod emit;
mod forms;
pub mod migrate;
mod read;

use std::collections::BTreeSet;
use std::fmt;

use crate::catalog::Catalog;

pub use build::Allowed;

/// Where a key of [`DROPPED`] is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The dashboard object.
    Dashboard,
    /// A panel other than a row.
    Panel,
    /// A row panel.
    Row,
    /// A query (an item of a panel's `targets`).
    Query,
    /// A template variable.
    Variable,
    /// A text panel (besides what [`Place::Panel`] drops).
    TextPanel,
    /// An annotation query (an item of `annotations.list`).
    Annotation,
    /// Below a panel's `options` or `fieldConfig.defaults.custom`.
    Options,
    /// At any depth of any of them.
    Anywhere,
}

/// Keys `dashc import` leaves out, where, and why: each is dropped or
/// ignored by Grafana itself when it loads the dashboard (or used only by
/// its interactive import), so leaving it out changes nothing Grafana
/// shows. Besides, a `null` value is left out everywhere: Grafana reads it
/// as unset.
pub const DROPPED: &[(Place, &str, &str)] = &[
    (Place::Dashboard, "id", "the database id: a provisioned dashboard's identity is its uid"),
    (Place::Dashboard, "version", "the save counter of Grafana's database"),
    (Place::Dashboard, "iteration", "a timestamp Grafana's frontend sets on load"),
    (Place::Dashboard, "schemaVersion", "dashc writes the current version; the importer migrates older ones first"),
    (Place::Dashboard, "__inputs", "the interactive import's form: read once, never stored"),
    (Place::Dashboard, "__requires", "the interactive import's plugin check: read once, never stored"),
    (Place::Dashboard, "__elements", "library panels for the interactive import: never stored in the dashboard"),
    (Place::Dashboard, "gnetId", "the grafana.com id the interactive import records"),
    (Place::Dashboard, "style", "the dark/light style, ignored since Grafana 7"),
    (Place::Dashboard, "hideControls", "removed from the model in Grafana 5"),
    (Place::Dashboard, "rows", "legacy rows, migrated to panels"),
    (Place::Dashboard, "timeRangeUpdatedDuringEditOrView", "editing state of Grafana's frontend"),
    (Place::Panel, "id", "dashc numbers panels in order"),
    (Place::Panel, "pluginVersion", "Grafana rewrites it to its own plugin's version on load"),
    (Place::Panel, "scopedVars", "the values of a repeated copy, recomputed on every load"),
    (Place::Panel, "repeatIteration", "a repeated copy's timestamp, recomputed on every load"),
    (Place::Panel, "repeatPanelId", "marks a repeated copy, which Grafana removes on load"),
    (Place::Panel, "span", "the legacy row layout's width, migrated to gridPos"),
    (Place::Panel, "height", "the legacy row layout's height, migrated to gridPos"),
    (Place::Panel, "isNew", "an editor flag of Grafana 4"),
    (Place::Panel, "error", "an editor flag of Grafana 4"),
    (Place::Row, "id", "dashc numbers panels in order"),
    (Place::Row, "targets", "a row runs no query"),
    (Place::Row, "showTitle", "the legacy row option, migrated to the row panel"),
    (Place::Row, "titleSize", "the legacy row option, not read by row panels"),
    (Place::Row, "collapse", "the legacy row option, migrated to `collapsed`"),
    (Place::Row, "height", "the legacy row option, migrated to gridPos"),
    (Place::Row, "repeatRowId", "marks a repeated copy, which Grafana removes on load"),
    (Place::Row, "repeatIteration", "a repeated copy's timestamp, recomputed on every load"),
    (Place::Row, "description", "a row shows no description: Grafana's row panel model has none"),
    (Place::Row, "scopedVars", "the values of a repeated copy, recomputed on every load"),
    (Place::Query, "refId", "dashc letters queries A, B, .. in order (a panel with an expression keeps the refIds it names)"),
    (Place::Query, "key", "a runtime key of Grafana's query editor"),
    (Place::Query, "step", "Grafana 4's name of the minimum step (now `interval`), no longer read"),
    (Place::Query, "metric", "the metric picker of Grafana 4's query editor, no longer read"),
    (Place::Query, "target", "a Graphite query's text, not read by the Prometheus datasource"),
    (Place::Query, "legendLink", "an option of a third-party query editor, not read by the Prometheus datasource"),
    (Place::Query, "aggregation", "an option of the Status Panel plugin's query editor, not read by the Prometheus datasource; listed on stderr"),
    (Place::Query, "decimals", "an option of the Status Panel plugin's query editor, not read by the Prometheus datasource; listed on stderr"),
    (Place::Query, "displayAliasType", "an option of the Status Panel plugin's query editor, not read by the Prometheus datasource; listed on stderr"),
    (Place::Query, "displayType", "an option of the Status Panel plugin's query editor, not read by the Prometheus datasource; listed on stderr"),
    (Place::Query, "displayValueWithAlias", "an option of the Status Panel plugin's query editor, not read by the Prometheus datasource; listed on stderr"),
    (Place::Query, "units", "an option of the Status Panel plugin's query editor, not read by the Prometheus datasource; listed on stderr"),
    (Place::Query, "valueHandler", "an option of the Status Panel plugin's query editor, not read by the Prometheus datasource; listed on stderr"),
    (Place::Variable, "tags", "variable tags, removed in Grafana 8 (schema 28)"),
    (Place::Variable, "tagsQuery", "variable tags, removed in Grafana 8 (schema 28)"),
    (Place::Variable, "tagValuesQuery", "variable tags, removed in Grafana 8 (schema 28)"),
    (Place::Variable, "useTags", "variable tags, removed in Grafana 8 (schema 28)"),
    (Place::Variable, "error", "the last error of the variable's query, runtime state"),
    (Place::Variable, "queryValue", "runtime state of Grafana's frontend"),
    (Place::Variable, "valuelabels", "runtime state of Grafana's frontend"),
    (Place::Anywhere, "datasource", "every panel, query and query variable reads the DSL's `datasource` variable; string names and `${DS_...}` placeholders become it"),
    (Place::Anywhere, "$$hashKey", "an AngularJS bookkeeping key, never read"),
    (Place::Anywhere, "nullValueMode", "written by the graph and singlestat migrations into the field config, which no current panel reads"),
    (Place::Anywhere, "unitScale", "a field option of Grafana 10, removed in 11"),
    (Place::Anywhere, "isNone", "runtime state of a variable's current value"),
    (Place::Anywhere, "time_options", "the time picker's list of ranges, removed in Grafana 11"),
    (Place::Panel, "style", "the text panel's CSS of Grafana 4, no longer read"),
    (Place::TextPanel, "targets", "a text panel runs no query"),
    (Place::Annotation, "showIn", "an annotation option of Grafana 4, no longer read"),
    (Place::Annotation, "limit", "an annotation option of Grafana 4, no longer read"),
    (Place::Options, "(a key the kind's schema has not)", "an option of another visualization left from a change of the panel's type, which this kind's plugin does not read (also as an override's `custom.` property, or as a key of an Angular panel the kind's panel has not, `import::ANGULAR_PANEL_KEYS`, such as a heatmap's `yBucketBound` or a table's `styles` left beside the current options); each is listed on stderr"),
];

/// Whether `key` of an object at `place` is left out ([`DROPPED`]).
pub fn dropped_at(place: Place, key: &str) -> bool {
    DROPPED
        .iter()
        .any(|(p, k, _)| *k == key && (*p == place || *p == Place::Anywhere))
}

/// Whether the value at `path` (below `options` or
/// `fieldConfig.defaults.custom`) is an option `kind`'s schema has not
/// ([`Place::Options`]).
pub fn unread_option(
    kind: &'static crate::schema::PanelKind,
    path: &str,
    value: &serde_json::Value,
) -> bool {
    let unknown_here = |findings: &[crate::schema::Finding]| {
        let own = format!("/{}", path.replace('.', "/"));
        findings
            .iter()
            .any(|f| f.pointer == own && f.problem.kind() == "unknown-key")
    };
    match crate::schema::validate_at(crate::schema::Root::Panel(kind), path, value) {
        Ok(()) => false,
        Err(findings) => unknown_here(&findings),
    }
}

/// The panel keys of Grafana's Angular panels (graph, singlestat,
/// table-old and the heatmap of before Grafana 9) that current panels do
/// not have: left beside a panel's current options when it changed type,
/// never read again ([`Place::Options`]). A key outside this list that the
/// kind's panel has not stays an error.
pub const ANGULAR_PANEL_KEYS: &[&str] = &[
    // heatmap
    "cards",
    "color",
    "dataFormat",
    "hideZeroBuckets",
    "highlightCards",
    "legend",
    "reverseYBuckets",
    "tooltip",
    "tooltipDecimals",
    "xAxis",
    "xBucketNumber",
    "xBucketSize",
    "yAxis",
    "yBucketBound",
    "yBucketNumber",
    "yBucketSize",
    // table-old
    "columns",
    "styles",
    "transform",
    "fontSize",
    "pageSize",
    "scroll",
    "showHeader",
    "sort",
    // graph
    "aliasColors",
    "bars",
    "dashLength",
    "dashes",
    "fill",
    "fillGradient",
    "hiddenSeries",
    "lines",
    "linewidth",
    "nullPointMode",
    "percentage",
    "pointradius",
    "points",
    "renderer",
    "seriesOverrides",
    "spaceLength",
    "stack",
    "steppedLine",
    "thresholds",
    "timeRegions",
    "xaxis",
    "yaxes",
    "yaxis",
    // singlestat
    "colorBackground",
    "colorValue",
    "colors",
    "format",
    "gauge",
    "mappingType",
    "mappingTypes",
    "nullText",
    "postfix",
    "postfixFontSize",
    "prefix",
    "prefixFontSize",
    "rangeMaps",
    "sparkline",
    "tableColumn",
    "valueFontSize",
    "valueMaps",
    "valueName",
];

/// Whether the override property `id` holding `value` is a `custom.`
/// option `kind`'s schema has not ([`Place::Options`]): left out, as
/// Grafana's plugin does not read it.
pub fn unread_override_property(
    kind: &'static crate::schema::PanelKind,
    id: &str,
    value: &serde_json::Value,
) -> bool {
    if !id.starts_with("custom.") {
        return false;
    }
    let path = format!("{}{id}", crate::dsl::forms::FIELD_DEFAULTS);
    let own = format!("/{}", path.replace('.', "/"));
    let custom = "/fieldConfig/defaults/custom/";
    // The unknown key is the property's or one of its parents' below `custom`.
    match crate::schema::validate_at(crate::schema::Root::Panel(kind), &path, value) {
        Ok(()) => false,
        Err(findings) => findings.iter().any(|f| {
            f.problem.kind() == "unknown-key"
                && f.pointer.starts_with(custom)
                && (own == f.pointer || own.starts_with(&format!("{}/", f.pointer)))
        }),
    }
}

/// A panel's `fieldConfig.overrides` without the properties
/// [`unread_override_property`] leaves out, and without the overrides
/// left with no property.
pub fn read_overrides(
    kind: &'static crate::schema::PanelKind,
    overrides: &serde_json::Value,
) -> serde_json::Value {
    use serde_json::Value;
    let Value::Array(items) = overrides else {
        return overrides.clone();
    };
    let mut out = Vec::new();
    for o in items {
        let mut o = o.clone();
        let mut emptied = false;
        if let Some(Value::Array(props)) = o.get_mut("properties") {
            let before = props.len();
            props.retain(|p| {
                let id = p.get("id").and_then(Value::as_str).unwrap_or("");
                !unread_override_property(kind, id, p.get("value").unwrap_or(&Value::Null))
            });
            emptied = before > 0 && props.is_empty();
        }
        if !emptied {
            out.push(o);
        }
    }
    Value::Array(out)
}

/// Whether `key` is left out at any depth ([`Place::Anywhere`]).
pub fn dropped_anywhere(key: &str) -> bool {
    dropped_at(Place::Anywhere, key)
}

/// The oldest schema version `dashc import` reads.
pub const MIN_SCHEMA_VERSION: i64 = 12;
/// The newest schema version `dashc import` reads (the one dashc writes).
pub const MAX_SCHEMA_VERSION: i64 = crate::grafana::SCHEMA_VERSION as i64;

/// One dashboard file to import.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// How the file is named in messages and the generated comment.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// What the generated source is checked against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Catalog files, as the generated `catalog: [..]` names them
    /// (relative to the crate that will hold the source); empty writes
    /// `catalog: []`.
    pub catalog_paths: &'a [String],
    /// The merged catalog of those files, for the metric checks.
    pub catalog: Option<&'a Catalog>,
}

/// The generated source.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Rust source: one `dashboards!` set holding every dashboard, in order.
    pub source: String,
    /// The body of that set (the text between its braces), as
    /// [`crate::dsl::compile_set_str`] reads it.
    pub body: String,
    /// Every query kept with an `allow`, in order.
    pub allowed: Vec<Allowed>,
    /// Every place whose value was adjusted to a form the DSL takes, with
    /// what was done (a fractional grid position rounded, ...), in order.
    pub adjusted: Vec<String>,
    /// The names of the constants, in order.
    pub constants: Vec<String>,
}

/// What cannot be carried over: the file, the dashboard, the panel (title
/// and id) where there is one, the JSON path, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file.
    pub file: String,
    /// The dashboard's title (or uid); empty when the file did not read.
    pub dashboard: String,
    /// The panel's title and id, where the problem is in a panel.
    pub panel: Option<(String, String)>,
    /// JSON pointer into the dashboard as Grafana migrates it (for a
    /// dashboard from before schema 16, its legacy rows are panels there).
    pub pointer: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for ImportError {
    /// `FILE: dashboard "T", panel "P" (id 3), /panels/2/type: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file)?;
        if !self.dashboard.is_empty() {
            write!(f, " dashboard \"{}\",", self.dashboard)?;
        }
        if let Some((title, id)) = &self.panel {
            write!(f, " panel \"{title}\" (id {id}),")?;
        }
        if self.pointer.is_empty() {
            write!(f, " {}", self.message)
        } else {
            write!(f, " {}: {}", self.pointer, self.message)
        }
    }
}

/// Imports `inputs` into one `dashboards!` set: every dashboard, or every
/// error of every dashboard.
pub fn import(inputs: &[Input<'_>], options: &Options<'_>) -> Result<Imported, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut converted = Vec::new();
    let mut names = BTreeSet::new();
    let mut uids = BTreeSet::new();
    // The file of each (folder, title) taken.
    let mut titles = std::collections::BTreeMap::new();
    for input in inputs {
        let (dashboard, _base) = match read::read(input.text) {
            Ok(d) => d,
            Err(message) => {
                errors.push(ImportError {
                    file: input.name.to_string(),
                    dashboard: String::new(),
                    panel: None,
                    pointer: String::new(),
                    message,
                });
                continue;
            }
        };
        let title = dashboard
            .get("title")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string();
        if let Err((pointer, message)) = read::caps(&dashboard) {
            errors.push(ImportError {
                file: input.name.to_string(),
                dashboard: title,
                panel: None,
                pointer,
                message,
            });
            continue;
        }
        let version = dashboard
            .get("schemaVersion")
            .and_then(serde_json::Value::as_i64);
        if !version.is_some_and(|v| (MIN_SCHEMA_VERSION..=MAX_SCHEMA_VERSION).contains(&v)) {
            let found = dashboard
                .get("schemaVersion")
                .map_or("none".to_string(), |v| v.to_string());
            errors.push(ImportError {
                file: input.name.to_string(),
                dashboard: title,
                panel: None,
                pointer: "/schemaVersion".into(),
                message: format!("schema version {found}: dashc import reads versions {MIN_SCHEMA_VERSION} to {MAX_SCHEMA_VERSION} (Grafana 4.x to 12); open the dashboard in a current Grafana, save it and export it again"),
            });
            continue;
        }
        let mut migrated = migrate::migrate(dashboard);
        annotation_datasources(&mut migrated);
        match build::build(input.name, &migrated, options.catalog) {
            Ok(mut d) => {
                d.name = unique(&d.name, &mut names);
                if !uids.insert(d.model.uid.value.clone()) {
                    errors.push(ImportError {
                        file: input.name.to_string(),
                        dashboard: d.model.title.value.clone(),
                        panel: None,
                        pointer: "/uid".into(),
                        message: format!("uid \"{}\" is also the uid of an earlier dashboard: a set holds each uid once; import them separately or change one", d.model.uid.value),
                    });
                    continue;
                }
                let place = (d.model.folder.value.clone(), d.model.title.value.clone());
                if let Some(earlier) = titles.get(&place) {
                    errors.push(ImportError {
                        file: input.name.to_string(),
                        dashboard: d.model.title.value.clone(),
                        panel: None,
                        pointer: "/title".into(),
                        message: format!("title \"{}\" is also the title of the dashboard of `{earlier}`: Grafana refuses two dashboards with one title in a folder, and so does a set; import them separately or change one", d.model.title.value),
                    });
                    continue;
                }
                titles.insert(place, input.name.to_string());
                converted.push(d);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let source = emit::emit(&converted, options.catalog_paths);
    Ok(Imported {
        body: emit::body(&converted, options.catalog_paths),
        source,
        allowed: converted
            .iter()
            .flat_map(|d| d.allowed.iter().cloned())
            .collect(),
        adjusted: converted
            .iter()
            .flat_map(|d| d.adjusted.iter().cloned())
            .collect(),
        constants: converted.iter().map(|d| d.name.clone()).collect(),
    })
}

/// The datasource of each annotation query as the DSL's dashboards name
/// it: Grafana's own annotations `{"type": "grafana", "uid": "-- Grafana --"}`,
/// any other the `datasource` variable.
fn annotation_datasources(d: &mut serde_json::Value) {
    use serde_json::{json, Value};
    let Some(Value::Array(list)) = d.pointer_mut("/annotations/list") else {
        return;
    };
    for a in list.iter_mut().filter_map(Value::as_object_mut) {
        for key in DROPPED
            .iter()
            .filter(|(p, _, _)| *p == Place::Annotation)
            .map(|(_, k, _)| k)
        {
            a.remove(*key);
        }
        let grafana = match a.get("datasource") {
            Some(Value::String(s)) => s == "-- Grafana --" || s == "grafana",
            Some(Value::Object(o)) => {
                o.get("uid")
                    .and_then(Value::as_str)
                    .is_some_and(|u| u == "-- Grafana --" || u == "grafana")
                    || o.get("type").and_then(Value::as_str) == Some("grafana")
            }
            _ => a.get("builtIn").and_then(Value::as_i64) == Some(1),
        };
        let ds = if grafana {
            json!({"type": "grafana", "uid": "-- Grafana --"})
        } else {
            crate::grafana::datasource_ref()
        };
        a.insert("datasource".into(), ds);
    }
}

/// `name`, or `name_2`, `name_3`, ... when taken.
fn unique(name: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.to_string();
    let mut n = 2u32;
    while candidate == "ALL" || !taken.insert(candidate.clone()) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

/// A Rust constant name for a dashboard: its uid (else its title) in
/// SCREAMING_SNAKE_CASE, starting with a letter.
pub fn constant_name(uid: &str, title: &str) -> String {
    let pick = if uid.chars().any(|c| c.is_ascii_alphanumeric()) {
        uid
    } else {
        title
    };
    let mut out = String::new();
    for c in pick.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        return "DASHBOARD".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "D_");
    }
    out.truncate(64);
    while out.ends_with('_') {
        out.pop();
    }
    out
}
