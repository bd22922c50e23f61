//! Grafana's panel and dashboard model, derived from Grafana's own JSON
//! Schemas (`core/schema/grafana/`, see its SOURCE.txt).
//!
//! The tables in the `*_gen.rs` files beside this module are written by the
//! generator in `core/tests/schema_gen/` (`DASHC_BLESS=1 cargo test -p
//! dashc-core --test schema_gen` rewrites them); they are static data, read
//! without allocating:
//!
//! - a type graph: every object of the schemas ([`ObjectDef`], its fields
//!   with their [`Ty`], default and description) and every enum
//!   ([`EnumDef`]);
//! - every core panel plugin ([`PanelKind`]): its `options` tree, its
//!   `fieldConfig.defaults.custom` tree, and a whole panel object type built
//!   from the dashboard's `Panel` with both plugged in;
//! - one [`OptionEntry`] per option (object field reachable through objects,
//!   not through arrays) of each kind, of the standard field config, of the
//!   dashboard, of a panel's common keys and of the Prometheus target, each
//!   with its JSON path and DSL name;
//! - Grafana's unit ids ([`units`]).
//!
//! # DSL names
//!
//! An option's DSL name is the snake_case of the last key of its path
//! (`fillOpacity` -> `fill_opacity`). Within one table (a kind's options,
//! custom field config and standard field config together; or the dashboard;
//! or the panel's common keys; or the target), names must be unique: options
//! sharing a name are lengthened with their parent keys, one key at a time,
//! until unique (the shortest unique suffix: `legend.width` ->
//! `legend_width`); an option whose path is used up keeps its name while the
//! others grow (`options.legend` stays `legend`, `custom.hideFrom.legend`
//! becomes `hide_from_legend`). Options still colliding with their whole
//! path take their root as a prefix (`options_`, `custom_`, `field_`;
//! `dashboard_`, `panel_`, `target_` in the other tables).
//!
//! # Validation
//!
//! [`validate_at`] checks one (dotted JSON path, value) pair,
//! [`validate_panel_json`] a whole panel object and
//! [`validate_dashboard_json`] a whole dashboard. Both report unknown keys
//! (with the valid keys and a did-you-mean), wrong JSON types, values outside
//! an enum, unknown unit ids, each with the JSON pointer of the value. They
//! visit each value once (a union picks one alternative by shape and keys,
//! then descends into it only) and stop at [`MAX_DEPTH`] levels, so their
//! cost is linear in the size of the value. Missing keys the schemas call
//! required are not reported: Grafana fills them with their defaults.

use std::fmt;

use serde_json::Value;

use crate::diag;

pub use reducers::{is_reducer, reducer_alias, REDUCERS};

mod graph_gen;
mod kinds_gen;
mod reducers;
mod units_gen;

/// How deep [`validate_at`] and [`validate_panel_json`] descend into a
/// value; deeper values are reported, not visited.
pub const MAX_DEPTH: usize = 48;

/// How many valid keys or enum values an error message lists.
const LISTED: usize = 12;

/// Longer words get no did-you-mean (nothing is that long, and the edit
/// distance costs the product of the lengths).
const SUGGESTED_LEN: usize = 64;

/// The candidate closest to `word`, for a word of a plausible length.
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if word.len() > SUGGESTED_LEN {
        return None;
    }
    diag::closest(word, candidates)
}

/// The type of a value in Grafana's model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    /// Anything (the schema does not constrain it).
    Any,
    /// `true` or `false`.
    Bool,
    /// Any JSON number.
    Number,
    /// A JSON number without a fractional part.
    Integer,
    /// Any string.
    String,
    /// A string naming a Grafana unit ([`is_unit`]).
    Unit,
    /// `null`.
    Null,
    /// Exactly this value.
    Const(Lit),
    /// One of the values of `ENUMS[i]` ([`enum_def`]).
    Enum(u16),
    /// An array of items of this type.
    Array(&'static Ty),
    /// The object `OBJECTS[i]` ([`object`]).
    Object(u16),
    /// An object of any keys whose values have this type.
    Map(&'static Ty),
    /// Any of these types (`anyOf`, `oneOf`, `type` arrays).
    Union(&'static [Ty]),
}

/// A literal value of an enum or a `const`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lit {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
}

/// An enum of the schemas: its name and allowed values.
#[derive(Debug)]
pub struct EnumDef {
    /// The schema definition's name (or `Object.field` for an inline enum).
    pub name: &'static str,
    /// The allowed values, in schema order.
    pub values: &'static [Lit],
}

/// An object of the schemas: its fields, and what other keys may hold.
#[derive(Debug)]
pub struct ObjectDef {
    /// The schema definition's name (or `Object.field` for an inline object).
    pub name: &'static str,
    /// The known keys, in schema order.
    pub fields: &'static [Field],
    /// The type of the values of other keys; `None` when other keys are
    /// refused (`additionalProperties: false`).
    pub extra: Option<&'static Ty>,
}

/// One key of an object.
#[derive(Debug)]
pub struct Field {
    /// The JSON key.
    pub key: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether the schema lists it as required.
    pub required: bool,
    /// The schema's default, as JSON text.
    pub default: Option<&'static str>,
    /// The first line of the schema's description (may be empty).
    pub doc: &'static str,
}

/// One option of a table of options (see the module documentation).
#[derive(Debug)]
pub struct OptionEntry {
    /// The dotted JSON path from the panel (or dashboard, or target) object:
    /// `options.legend.displayMode`, `fieldConfig.defaults.custom.fillOpacity`.
    pub path: &'static str,
    /// The DSL name (snake_case, unique within its table).
    pub dsl: &'static str,
    /// Its type.
    pub ty: Ty,
    /// The schema's default, as JSON text.
    pub default: Option<&'static str>,
    /// The first line of the schema's description (may be empty).
    pub doc: &'static str,
}

/// A core Grafana panel plugin.
#[derive(Debug)]
pub struct PanelKind {
    /// Grafana's plugin id, the panel's `type` (`timeseries`, `state-timeline`).
    pub id: &'static str,
    /// The schema file it is derived from.
    pub schema: &'static str,
    /// Its `options` object.
    pub options: u16,
    /// Its `fieldConfig.defaults.custom` object, if the plugin has one.
    pub custom: Option<u16>,
    /// The whole panel object: the dashboard's `Panel` with this kind's
    /// `options` and `fieldConfig.defaults.custom`, and Prometheus queries
    /// as its `targets`.
    pub panel: u16,
    /// Its options, custom field config and standard field config.
    pub entries: &'static [OptionEntry],
}

/// The object type `OBJECTS[id]`.
///
/// # Panics
/// When `id` is not an id of a generated [`Ty::Object`].
pub fn object(id: u16) -> &'static ObjectDef {
    &graph_gen::OBJECTS[usize::from(id)]
}

/// The enum `ENUMS[id]`.
///
/// # Panics
/// When `id` is not an id of a generated [`Ty::Enum`].
pub fn enum_def(id: u16) -> &'static EnumDef {
    &graph_gen::ENUMS[usize::from(id)]
}

/// The enum of the schemas named `name` (`GraphThresholdsStyleMode`).
pub fn enum_named(name: &str) -> Option<&'static EnumDef> {
    graph_gen::ENUMS.iter().find(|e| e.name == name)
}

/// Every object type of the graph.
pub fn objects() -> &'static [ObjectDef] {
    graph_gen::OBJECTS
}

/// Every enum of the graph.
pub fn enums() -> &'static [EnumDef] {
    graph_gen::ENUMS
}

/// Every core panel plugin, in the order of the schemas' list.
pub fn panel_kinds() -> &'static [PanelKind] {
    kinds_gen::KINDS
}

/// The panel plugin with this id (`timeseries`, `state-timeline`, ...).
pub fn panel_kind(id: &str) -> Option<&'static PanelKind> {
    kinds_gen::KINDS.iter().find(|k| k.id == id)
}

/// The kind id closest to a mistyped one.
pub fn suggest_panel_kind(id: &str) -> Option<&'static str> {
    closest(id, kinds_gen::KINDS.iter().map(|k| k.id))
}

/// The dashboard object (the classic dashboard JSON model).
pub fn dashboard() -> Ty {
    Ty::Object(graph_gen::DASHBOARD)
}

/// The standard field config (`fieldConfig.defaults`), its `custom` open.
pub fn field_config() -> Ty {
    Ty::Object(graph_gen::FIELD_CONFIG)
}

/// The Prometheus query (an item of a panel's `targets`).
pub fn prometheus_target() -> Ty {
    Ty::Object(graph_gen::PROMETHEUS_TARGET)
}

/// A template variable (an item of the dashboard's `templating.list`).
pub fn variable() -> Ty {
    match step(dashboard(), "templating").and_then(|t| match t {
        Some(t) => step(t, "list"),
        None => Ok(None),
    }) {
        Ok(Some(Ty::Array(item))) => *item,
        _ => Ty::Any,
    }
}

/// The row panel (`type: "row"`).
pub fn row_panel() -> Ty {
    Ty::Object(graph_gen::ROW_PANEL)
}

/// The options of the dashboard object.
pub fn dashboard_entries() -> &'static [OptionEntry] {
    kinds_gen::DASHBOARD_ENTRIES
}

/// The keys every panel has, whatever its kind (`gridPos`, `repeat`,
/// `timeFrom`, `libraryPanel`, ...), without `options` and `fieldConfig`.
pub fn panel_entries() -> &'static [OptionEntry] {
    kinds_gen::PANEL_ENTRIES
}

/// The options of a Prometheus target.
pub fn target_entries() -> &'static [OptionEntry] {
    kinds_gen::TARGET_ENTRIES
}

/// Grafana's unit ids, in the order of the units schema.
pub const fn units() -> &'static [&'static str] {
    units_gen::UNITS
}

/// Prefixes of Grafana's custom units (`suffix:req`, `currency:CHF`, ...).
pub const CUSTOM_UNIT_PREFIXES: &[&str] =
    &["suffix:", "prefix:", "si:", "count:", "currency:", "time:"];

/// Whether `unit` is a unit id of the schema or a custom unit.
pub fn is_unit(unit: &str) -> bool {
    units_gen::UNITS.contains(&unit)
        || CUSTOM_UNIT_PREFIXES
            .iter()
            .any(|p| unit.len() > p.len() && unit.starts_with(p))
}

impl OptionEntry {
    /// The schema's default as a JSON value.
    pub fn default_value(&self) -> Option<Value> {
        self.default.and_then(|d| serde_json::from_str(d).ok())
    }
}

impl Field {
    /// The schema's default as a JSON value.
    pub fn default_value(&self) -> Option<Value> {
        self.default.and_then(|d| serde_json::from_str(d).ok())
    }
}

impl PanelKind {
    /// The option with this DSL name.
    pub fn option(&self, dsl: &str) -> Option<&'static OptionEntry> {
        self.entries.iter().find(|e| e.dsl == dsl)
    }

    /// The option at this dotted JSON path (`options.legend.displayMode`).
    pub fn option_by_path(&self, path: &str) -> Option<&'static OptionEntry> {
        self.entries.iter().find(|e| e.path == path)
    }

    /// The DSL name closest to a mistyped one.
    pub fn suggest_option(&self, dsl: &str) -> Option<&'static str> {
        closest(dsl, self.entries.iter().map(|e| e.dsl))
    }
}

/// The kinds that have an option of this DSL name.
pub fn kinds_with_option(dsl: &str) -> impl Iterator<Item = &'static PanelKind> + '_ {
    kinds_gen::KINDS
        .iter()
        .filter(move |k| k.option(dsl).is_some())
}

impl ObjectDef {
    /// The field of this key.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

impl Lit {
    /// Whether `value` is this literal.
    pub fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Lit::Str(s), Value::String(v)) => s == v,
            (Lit::Int(i), Value::Number(n)) => n.as_i64() == Some(*i),
            (Lit::Bool(b), Value::Bool(v)) => b == v,
            (Lit::Null, Value::Null) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Lit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lit::Str(s) => write!(f, "{s:?}"),
            Lit::Int(i) => write!(f, "{i}"),
            Lit::Bool(b) => write!(f, "{b}"),
            Lit::Null => f.write_str("null"),
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Any => f.write_str("any value"),
            Ty::Bool => f.write_str("boolean"),
            Ty::Number => f.write_str("number"),
            Ty::Integer => f.write_str("integer"),
            Ty::String => f.write_str("string"),
            Ty::Unit => f.write_str("unit id (string)"),
            Ty::Null => f.write_str("null"),
            Ty::Const(l) => write!(f, "{l}"),
            Ty::Enum(e) => {
                let e = enum_def(*e);
                match e.values.first() {
                    Some(Lit::Str(_)) => write!(f, "string ({})", e.name),
                    Some(Lit::Int(_)) => write!(f, "integer ({})", e.name),
                    _ => f.write_str(e.name),
                }
            }
            Ty::Array(t) => write!(f, "array of {t}"),
            Ty::Object(o) => write!(f, "object ({})", object(*o).name),
            Ty::Map(_) => f.write_str("object"),
            Ty::Union(ts) => {
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "{t}")?;
                }
                Ok(())
            }
        }
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A key the object does not have.
    UnknownKey {
        /// The key.
        key: String,
        /// The object's name.
        object: &'static str,
        /// Its valid keys, in schema order.
        valid: Vec<&'static str>,
        /// The valid key closest to `key`.
        suggestion: Option<&'static str>,
    },
    /// A value of the wrong JSON type.
    WrongType {
        /// The expected type.
        expected: String,
        /// What was found (JSON type, and the value when short).
        found: String,
    },
    /// A value outside an enum (or different from a `const`).
    NotInEnum {
        /// The value, as JSON.
        value: String,
        /// The enum's name.
        name: &'static str,
        /// The allowed values, as JSON.
        allowed: Vec<String>,
        /// The allowed value closest to the value.
        suggestion: Option<String>,
    },
    /// A string that is no Grafana unit id nor custom unit.
    UnknownUnit {
        /// The unit.
        unit: String,
        /// The unit id closest to it.
        suggestion: Option<&'static str>,
    },
    /// A panel `type` that is no core panel plugin.
    UnknownPanelKind {
        /// The type.
        kind: String,
        /// The plugin id closest to it.
        suggestion: Option<&'static str>,
    },
    /// A value nested deeper than [`MAX_DEPTH`]; not visited.
    TooDeep,
}

impl Problem {
    /// A short stable name of the kind of problem (`unknown-key`,
    /// `wrong-type`, `not-in-enum`, `unknown-unit`, `unknown-panel-kind`,
    /// `too-deep`), for counting.
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::UnknownKey { .. } => "unknown-key",
            Problem::WrongType { .. } => "wrong-type",
            Problem::NotInEnum { .. } => "not-in-enum",
            Problem::UnknownUnit { .. } => "unknown-unit",
            Problem::UnknownPanelKind { .. } => "unknown-panel-kind",
            Problem::TooDeep => "too-deep",
        }
    }
}

/// A problem and where it is: a JSON pointer (RFC 6901) from the value
/// validated (`/options/legend/displayMode`, `/targets/0/format`).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Where.
    pub pointer: String,
    /// What.
    pub problem: Problem,
}

fn list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().take(LISTED).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    if items.len() > LISTED {
        write!(f, " (and {} more)", items.len() - LISTED)?;
    }
    Ok(())
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        match &self.problem {
            Problem::UnknownKey {
                key,
                object,
                valid,
                suggestion,
            } => {
                write!(f, "{at}: unknown key {key:?} in {object}")?;
                if valid.is_empty() {
                    return f.write_str("; it has no keys");
                }
                match suggestion {
                    Some(s) => {
                        write!(f, "; did you mean {s:?}? Valid keys: ")?;
                        list(f, valid)
                    }
                    None => {
                        f.write_str("; valid keys: ")?;
                        list(f, valid)
                    }
                }
            }
            Problem::WrongType { expected, found } => {
                write!(f, "{at}: expected {expected}, found {found}")
            }
            Problem::NotInEnum {
                value,
                name,
                allowed,
                suggestion,
            } => {
                write!(f, "{at}: {value} is not a value of {name}")?;
                match suggestion {
                    Some(s) => {
                        write!(f, "; did you mean {s}? Allowed: ")?;
                        list(f, allowed)
                    }
                    None => {
                        f.write_str("; allowed: ")?;
                        list(f, allowed)
                    }
                }
            }
            Problem::UnknownUnit { unit, suggestion } => {
                write!(f, "{at}: unknown unit {unit:?}")?;
                let fix = "use a Grafana unit id or a custom unit (suffix:, prefix:, si:, count:, currency:, time:)";
                match suggestion {
                    Some(s) => write!(f, "; did you mean {s:?}? Otherwise {fix}"),
                    None => write!(f, "; {fix}"),
                }
            }
            Problem::UnknownPanelKind { kind, suggestion } => {
                write!(f, "{at}: {kind:?} is not a core panel plugin")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean {s:?}?")?;
                }
                f.write_str("; its options are not checked")
            }
            Problem::TooDeep => write!(
                f,
                "{at}: nested deeper than {MAX_DEPTH} levels; not checked further"
            ),
        }
    }
}

/// The tree a path is validated against.
#[derive(Debug, Clone, Copy)]
pub enum Root {
    /// A whole panel of this kind (`options.*`, `fieldConfig.*`, `gridPos`...).
    Panel(&'static PanelKind),
    /// The dashboard object.
    Dashboard,
    /// A Prometheus target.
    Target,
    /// Any type of the graph.
    Type(Ty),
}

impl Root {
    fn ty(self) -> Ty {
        match self {
            Root::Panel(k) => Ty::Object(k.panel),
            Root::Dashboard => dashboard(),
            Root::Target => prometheus_target(),
            Root::Type(t) => t,
        }
    }
}

/// Validates `value` as the value at the dotted JSON `path` of `root`
/// (`options.legend.displayMode`; a number segment indexes an array:
/// `targets.0.expr`; an empty path is the root itself). Pointers in the
/// findings start at the root (`/options/legend/displayMode`). A key that
/// holds a dot cannot be named in a path: validate its parent instead.
pub fn validate_at(root: Root, path: &str, value: &Value) -> Result<(), Vec<Finding>> {
    let mut v = Validator::default();
    let mut ty = root.ty();
    if !path.is_empty() {
        for segment in path.split('.') {
            match step(ty, segment) {
                Ok(Some(next)) => {
                    v.path.push(segment.to_string());
                    ty = next;
                }
                Ok(None) => {
                    // An open part of the model: anything goes below.
                    ty = Ty::Any;
                    v.path.push(segment.to_string());
                }
                Err(problem) => {
                    v.report(problem_at(v.pointer_with(segment), problem));
                    return Err(v.findings);
                }
            }
        }
    }
    v.check(ty, value, 0);
    if v.findings.is_empty() {
        Ok(())
    } else {
        Err(v.findings)
    }
}

fn problem_at(pointer: String, problem: Problem) -> Finding {
    Finding { pointer, problem }
}

/// The type of `segment` below `ty`: `Ok(None)` when `ty` says nothing about
/// it (an open value), an unknown-key problem when `ty` has no such key.
fn step(ty: Ty, segment: &str) -> Result<Option<Ty>, Problem> {
    match ty {
        Ty::Any => Ok(None),
        Ty::Object(o) => {
            let def = object(o);
            match def.field(segment) {
                Some(f) => Ok(Some(f.ty)),
                None => match def.extra {
                    Some(t) => Ok(Some(*t)),
                    None => Err(unknown_key(def, segment)),
                },
            }
        }
        Ty::Map(t) => Ok(Some(*t)),
        Ty::Array(t) if segment.parse::<usize>().is_ok() => Ok(Some(*t)),
        Ty::Union(ts) => {
            let mut first_err = None;
            for t in ts {
                match step(*t, segment) {
                    Ok(found) => return Ok(found),
                    Err(e) => {
                        first_err.get_or_insert(e);
                    }
                }
            }
            Err(first_err.unwrap_or_else(|| no_children(ty)))
        }
        _ => Err(no_children(ty)),
    }
}

fn no_children(ty: Ty) -> Problem {
    Problem::WrongType {
        expected: ty.to_string(),
        found: "a path going below it".to_string(),
    }
}

fn unknown_key(def: &'static ObjectDef, key: &str) -> Problem {
    let valid: Vec<&'static str> = def.fields.iter().map(|f| f.key).collect();
    Problem::UnknownKey {
        key: if key.chars().count() > SUGGESTED_LEN {
            let head: String = key.chars().take(SUGGESTED_LEN).collect();
            format!("{head}...")
        } else {
            key.to_string()
        },
        object: def.name,
        suggestion: closest(key, valid.iter().copied()),
        valid,
    }
}

/// Validates a whole panel object of `kind` (`None`: the panel's own
/// `type`, reported when it is no core panel plugin; `"row"` panels are
/// checked as rows, their `panels` each by its own type).
///
/// Checks the panel's common keys, `options`, `fieldConfig.defaults`
/// (with the kind's `custom`), each `fieldConfig.overrides[*]`
/// (`properties[*].value` as the field config option its `id` names:
/// `custom.fillOpacity`, `unit`, `thresholds`), and each target that has an
/// `expr` as a Prometheus query. Pointers start at the panel.
pub fn validate_panel_json(kind: Option<&PanelKind>, panel: &Value) -> Vec<Finding> {
    let mut v = Validator::default();
    v.panel(kind, panel, 0);
    v.findings
}

/// Validates a whole dashboard object: its own keys against the dashboard
/// model, each of its `panels` as [`validate_panel_json`] does (by its own
/// `type`). Pointers start at the dashboard (`/panels/3/options/legend`).
pub fn validate_dashboard_json(dashboard: &Value) -> Vec<Finding> {
    let mut v = Validator::default();
    let Value::Object(map) = dashboard else {
        v.wrong_type(self::dashboard(), dashboard);
        return v.findings;
    };
    let def = object(graph_gen::DASHBOARD);
    for (k, value) in map {
        if k == "panels" {
            match value {
                Value::Array(panels) => {
                    for (i, p) in panels.iter().enumerate() {
                        v.path.push(k.clone());
                        v.within(i.to_string(), |s| s.panel(None, p, 2));
                        v.path.pop();
                    }
                }
                other => v.within(k.clone(), |s| {
                    s.wrong_type(Ty::Array(&Ty::Object(graph_gen::PANEL)), other)
                }),
            }
            continue;
        }
        match def.field(k) {
            Some(f) => v.within(k.clone(), |s| s.check(f.ty, value, 1)),
            None => {
                let problem = unknown_key(def, k);
                v.within(k.clone(), |s| s.problem(problem));
            }
        }
    }
    v.findings
}

#[derive(Default)]
struct Validator {
    path: Vec<String>,
    findings: Vec<Finding>,
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("string {s:?}"),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// A scalar as JSON, a long string cut to its first characters.
fn short_json(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > SUGGESTED_LEN => {
            let head: String = s.chars().take(SUGGESTED_LEN).collect();
            format!("{head:?}...")
        }
        other => other.to_string(),
    }
}

fn is_integer(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// Whether `value` has the JSON shape of `ty` (without looking inside).
fn shape_matches(ty: Ty, value: &Value) -> bool {
    match (ty, value) {
        (Ty::Any, _) => true,
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Number, Value::Number(_)) => true,
        (Ty::Integer, Value::Number(n)) => is_integer(n),
        (Ty::String | Ty::Unit, Value::String(_)) => true,
        (Ty::Null, Value::Null) => true,
        (Ty::Const(l), v) => l.matches(v),
        (Ty::Enum(e), v) => enum_def(e)
            .values
            .first()
            .is_some_and(|first| same_json_type(first, v)),
        (Ty::Array(_), Value::Array(_)) => true,
        (Ty::Object(_) | Ty::Map(_), Value::Object(_)) => true,
        (Ty::Union(ts), v) => ts.iter().any(|t| shape_matches(*t, v)),
        _ => false,
    }
}

fn same_json_type(lit: &Lit, value: &Value) -> bool {
    matches!(
        (lit, value),
        (Lit::Str(_), Value::String(_))
            | (Lit::Int(_), Value::Number(_))
            | (Lit::Bool(_), Value::Bool(_))
            | (Lit::Null, Value::Null)
    )
}

/// How well an object value fits an object type: a matching `const` or
/// enum default of a key wins, a mismatching `const` loses, then the number
/// of known keys counts. Looks at the value's own keys only.
fn object_fit(ty: Ty, value: &serde_json::Map<String, Value>) -> i64 {
    let Ty::Object(o) = ty else {
        return 0;
    };
    let def = object(o);
    let mut score = 0i64;
    for (key, v) in value {
        match def.field(key) {
            Some(f) => {
                score += 1;
                match f.ty {
                    Ty::Const(l) if l.matches(v) => score += 1000,
                    Ty::Const(_) => score -= 1000,
                    Ty::Enum(_) if f.default.is_some_and(|d| default_is(d, v)) => {
                        score += 100;
                    }
                    _ => {}
                }
            }
            None if def.extra.is_none() => score -= 1,
            None => {}
        }
    }
    score
}

fn default_is(default: &str, value: &Value) -> bool {
    match value {
        Value::String(s) => default.len() == s.len() + 2 && default[1..default.len() - 1] == **s,
        _ => false,
    }
}

impl Validator {
    fn pointer(&self) -> String {
        let mut p = String::new();
        for s in &self.path {
            p.push('/');
            p.push_str(&escape(s));
        }
        p
    }

    fn pointer_with(&self, segment: &str) -> String {
        let mut p = self.pointer();
        p.push('/');
        p.push_str(&escape(segment));
        p
    }

    fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn problem(&mut self, problem: Problem) {
        let pointer = self.pointer();
        self.report(Finding { pointer, problem });
    }

    fn wrong_type(&mut self, ty: Ty, value: &Value) {
        self.problem(Problem::WrongType {
            expected: ty.to_string(),
            found: found(value),
        });
    }

    fn within(&mut self, segment: String, f: impl FnOnce(&mut Self)) {
        self.path.push(segment);
        f(self);
        self.path.pop();
    }

    fn check(&mut self, ty: Ty, value: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            self.problem(Problem::TooDeep);
            return;
        }
        match ty {
            Ty::Any => {}
            Ty::Union(ts) => self.check_union(ty, ts, value, depth),
            Ty::Const(l) if !l.matches(value) => {
                if shape_matches(Ty::Const(l), value) || same_json_type(&l, value) {
                    self.problem(Problem::NotInEnum {
                        value: short_json(value),
                        name: "the constant",
                        allowed: vec![l.to_string()],
                        suggestion: None,
                    });
                } else {
                    self.wrong_type(ty, value);
                }
            }
            Ty::Const(_) => {}
            Ty::Enum(e) => self.check_enum(ty, enum_def(e), value),
            Ty::Unit => match value {
                Value::String(u) if is_unit(u) => {}
                Value::String(u) => self.problem(Problem::UnknownUnit {
                    unit: u.chars().take(SUGGESTED_LEN).collect(),
                    suggestion: closest(u, units_gen::UNITS.iter().copied()),
                }),
                _ => self.wrong_type(ty, value),
            },
            Ty::Array(item) => match value {
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        self.within(i.to_string(), |s| s.check(*item, v, depth + 1));
                    }
                }
                _ => self.wrong_type(ty, value),
            },
            Ty::Map(item) => match value {
                Value::Object(map) => {
                    for (k, v) in map {
                        self.within(k.clone(), |s| s.check(*item, v, depth + 1));
                    }
                }
                _ => self.wrong_type(ty, value),
            },
            Ty::Object(o) => match value {
                Value::Object(map) => self.check_object(object(o), map, depth),
                _ => self.wrong_type(ty, value),
            },
            _ => {
                if !shape_matches(ty, value) {
                    self.wrong_type(ty, value);
                }
            }
        }
    }

    fn check_object(
        &mut self,
        def: &'static ObjectDef,
        map: &serde_json::Map<String, Value>,
        depth: usize,
    ) {
        for (k, v) in map {
            match def.field(k) {
                Some(f) => self.within(k.clone(), |s| s.check(f.ty, v, depth + 1)),
                None => match def.extra {
                    Some(t) => self.within(k.clone(), |s| s.check(*t, v, depth + 1)),
                    None => {
                        let problem = unknown_key(def, k);
                        self.within(k.clone(), |s| s.problem(problem));
                    }
                },
            }
        }
    }

    fn check_enum(&mut self, ty: Ty, def: &'static EnumDef, value: &Value) {
        if def.values.iter().any(|l| l.matches(value)) {
            return;
        }
        if !shape_matches(ty, value) {
            self.wrong_type(ty, value);
            return;
        }
        let allowed: Vec<String> = def.values.iter().map(Lit::to_string).collect();
        let suggestion = match value {
            Value::String(s) => closest(
                s,
                def.values.iter().filter_map(|l| match l {
                    Lit::Str(v) => Some(*v),
                    _ => None,
                }),
            )
            .map(|v| format!("{v:?}")),
            _ => None,
        };
        self.problem(Problem::NotInEnum {
            value: short_json(value),
            name: def.name,
            allowed,
            suggestion,
        });
    }

    fn check_union(&mut self, ty: Ty, alternatives: &'static [Ty], value: &Value, depth: usize) {
        let mut candidates = alternatives
            .iter()
            .copied()
            .filter(|t| shape_matches(*t, value));
        let Some(first) = candidates.next() else {
            self.wrong_type(ty, value);
            return;
        };
        let chosen = match value {
            Value::Object(map) => {
                let mut best = (object_fit(first, map), first);
                for t in candidates {
                    let fit = object_fit(t, map);
                    if fit > best.0 {
                        best = (fit, t);
                    }
                }
                best.1
            }
            _ => std::iter::once(first)
                .chain(candidates)
                .find(|t| scalar_accepts(*t, value))
                .unwrap_or(first),
        };
        self.check(chosen, value, depth);
    }

    fn panel(&mut self, kind: Option<&PanelKind>, panel: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            return self.problem(Problem::TooDeep);
        }
        let Value::Object(map) = panel else {
            self.wrong_type(Ty::Object(graph_gen::PANEL), panel);
            return;
        };
        let declared = map.get("type").and_then(Value::as_str);
        if kind.is_none() && declared == Some("row") {
            return self.row(map, depth);
        }
        let kind = match kind {
            Some(k) => Some(k),
            None => match declared {
                Some(id) => {
                    let found = panel_kind(id);
                    if found.is_none() {
                        self.within("type".to_string(), |s| {
                            s.problem(Problem::UnknownPanelKind {
                                kind: id.to_string(),
                                suggestion: suggest_panel_kind(id),
                            })
                        });
                    }
                    found
                }
                None => None,
            },
        };
        let Some(kind) = kind else {
            // A plugin outside the model keeps its own keys (Angular panels
            // keep their options at the top level): the common keys only.
            let generic = object(graph_gen::PANEL);
            for (k, v) in map {
                if let Some(f) = generic.field(k) {
                    self.within(k.clone(), |s| s.check(f.ty, v, depth + 1));
                }
            }
            return;
        };
        let def = object(kind.panel);
        for (k, v) in map {
            match k.as_str() {
                "fieldConfig" => self.within(k.clone(), |s| s.field_config(def, v, depth + 1)),
                "targets" => self.within(k.clone(), |s| s.targets(v, depth + 1)),
                _ => match def.field(k) {
                    Some(f) => self.within(k.clone(), |s| s.check(f.ty, v, depth + 1)),
                    None => {
                        let problem = unknown_key(def, k);
                        self.within(k.clone(), |s| s.problem(problem));
                    }
                },
            }
        }
    }

    fn row(&mut self, map: &serde_json::Map<String, Value>, depth: usize) {
        let def = object(graph_gen::ROW_PANEL);
        for (k, v) in map {
            if k == "panels" {
                let Value::Array(panels) = v else {
                    self.within(k.clone(), |s| {
                        s.wrong_type(Ty::Array(&Ty::Object(graph_gen::PANEL)), v)
                    });
                    continue;
                };
                for (i, p) in panels.iter().enumerate() {
                    self.path.push(k.clone());
                    self.within(i.to_string(), |s| s.panel(None, p, depth + 2));
                    self.path.pop();
                }
                continue;
            }
            match def.field(k) {
                Some(f) => self.within(k.clone(), |s| s.check(f.ty, v, depth + 1)),
                None => {
                    let problem = unknown_key(def, k);
                    self.within(k.clone(), |s| s.problem(problem));
                }
            }
        }
    }

    fn targets(&mut self, targets: &Value, depth: usize) {
        let Value::Array(items) = targets else {
            return self.wrong_type(Ty::Array(&Ty::Map(&Ty::Any)), targets);
        };
        for (i, t) in items.iter().enumerate() {
            let is_promql = t.get("expr").is_some();
            self.within(i.to_string(), |s| {
                if is_promql {
                    s.check(prometheus_target(), t, depth + 1);
                } else {
                    s.check(Ty::Map(&Ty::Any), t, depth + 1);
                }
            });
        }
    }

    fn field_config(&mut self, panel: &'static ObjectDef, value: &Value, depth: usize) {
        let Some(source) = panel.field("fieldConfig") else {
            return;
        };
        let Value::Object(map) = value else {
            return self.wrong_type(source.ty, value);
        };
        let Ty::Object(source_id) = source.ty else {
            return self.check(source.ty, value, depth);
        };
        let source_def = object(source_id);
        let defaults = source_def.field("defaults").map_or(Ty::Any, |f| f.ty);
        for (k, v) in map {
            match k.as_str() {
                "overrides" => self.within(k.clone(), |s| s.overrides(defaults, v, depth + 1)),
                _ => match source_def.field(k) {
                    Some(f) => self.within(k.clone(), |s| s.check(f.ty, v, depth + 1)),
                    None => {
                        let problem = unknown_key(source_def, k);
                        self.within(k.clone(), |s| s.problem(problem));
                    }
                },
            }
        }
    }

    fn overrides(&mut self, defaults: Ty, value: &Value, depth: usize) {
        let Value::Array(items) = value else {
            return self.wrong_type(Ty::Array(&Ty::Map(&Ty::Any)), value);
        };
        let matcher = Ty::Object(graph_gen::MATCHER);
        for (i, o) in items.iter().enumerate() {
            self.path.push(i.to_string());
            match o {
                Value::Object(map) => {
                    for (k, v) in map {
                        match k.as_str() {
                            "matcher" => self.within(k.clone(), |s| s.check(matcher, v, depth + 2)),
                            "properties" => {
                                self.within(k.clone(), |s| s.properties(defaults, v, depth + 2))
                            }
                            "__systemRef" => {
                                self.within(k.clone(), |s| s.check(Ty::String, v, depth + 2))
                            }
                            _ => {
                                let def = object(graph_gen::OVERRIDE);
                                let problem = unknown_key(def, k);
                                self.within(k.clone(), |s| s.problem(problem));
                            }
                        }
                    }
                }
                _ => self.wrong_type(Ty::Object(graph_gen::OVERRIDE), o),
            }
            self.path.pop();
        }
    }

    fn properties(&mut self, defaults: Ty, value: &Value, depth: usize) {
        let Value::Array(items) = value else {
            return self.wrong_type(Ty::Array(&Ty::Map(&Ty::Any)), value);
        };
        let dynamic = object(graph_gen::DYNAMIC_CONFIG_VALUE);
        for (i, p) in items.iter().enumerate() {
            self.path.push(i.to_string());
            let Value::Object(map) = p else {
                self.wrong_type(Ty::Object(graph_gen::DYNAMIC_CONFIG_VALUE), p);
                self.path.pop();
                continue;
            };
            let target = match map.get("id") {
                Some(Value::String(id)) => {
                    let ty = resolve_property(defaults, id);
                    if let Err(problem) = &ty {
                        self.within("id".to_string(), |s| s.problem(problem.clone()));
                    }
                    ty.ok()
                }
                Some(other) => {
                    self.within("id".to_string(), |s| s.wrong_type(Ty::String, other));
                    None
                }
                None => None,
            };
            for (k, v) in map {
                match k.as_str() {
                    "id" => {}
                    "value" => {
                        if let Some(ty) = target {
                            self.within(k.clone(), |s| s.check(ty, v, depth + 2));
                        }
                    }
                    _ => {
                        let problem = unknown_key(dynamic, k);
                        self.within(k.clone(), |s| s.problem(problem));
                    }
                }
            }
            self.path.pop();
        }
    }
}

/// Whether a scalar `value` is fully accepted by `ty` (used to choose
/// among union alternatives of the same JSON type).
fn scalar_accepts(ty: Ty, value: &Value) -> bool {
    match ty {
        Ty::Enum(e) => enum_def(e).values.iter().any(|l| l.matches(value)),
        Ty::Unit => value.as_str().is_some_and(is_unit),
        _ => shape_matches(ty, value),
    }
}

/// The type of an override property `id` (a dotted path below
/// `fieldConfig.defaults`: `unit`, `custom.fillOpacity`).
fn resolve_property(defaults: Ty, id: &str) -> Result<Ty, Problem> {
    let mut ty = defaults;
    for segment in id.split('.') {
        match step(ty, segment) {
            Ok(Some(next)) => ty = next,
            Ok(None) => return Ok(Ty::Any),
            Err(problem) => return Err(problem),
        }
    }
    Ok(ty)
}

#[cfg(test)]
mod tests;
