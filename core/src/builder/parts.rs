//! The panel options the DSL writes in a syntax of its own and the model
//! keeps as the DSL's reader makes them: the short forms of Grafana's
//! options (`Panel::option`), `series` overrides ([`Series`]), value
//! mappings ([`Mapping`]), transformations ([`Transform`]) and a text
//! panel's `mode`. The builder
//! writes them as the DSL text of the panel, one line per builder call,
//! and reads that text with the DSL's own reader of a panel
//! ([`crate::dsl::Parser`]): the same model, the same checks and the same
//! messages, each reported at the call whose line it is on. Data links
//! ([`DataLink`]) and repeat ([`Repeat`]), plain values the core checks,
//! fill the model directly.
//!
//! Only safe tokens are written: a name or keyword that is not a Rust
//! identifier is written as a string literal (which the DSL then reports
//! as it would), and strings are string literals with their escapes.

use super::elements::{At, SetValue};
use super::Site;
use crate::dsl::forms::{self, Form, Read};
use crate::dsl::print;
use crate::model::{ColorMode, PanelKind, TextMode, COLOR_SCHEMES};
use crate::schema::Ty;
use serde_json::Value;
use std::panic::Location;

/// The value of a short form (`Panel::option`, [`Series::option`]), as the
/// DSL writes it: `true`, a number, a string, a keyword as a string
/// (`"bars"` for `draw_style: bars`), a list (`vec!["mean", "max"]`), a
/// [`ColorMode`] for `color`. The shapes with more than one word are lists
/// of their words: `["dash", [10, 20]]` for `line_style: dash [10, 20]`,
/// `["as_is", "qps"]` for a series' `unit: as_is "qps"`; `stacking` with a
/// group is the object `{"mode": "normal", "group": "B"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionValue(Inner);

#[derive(Debug, Clone, PartialEq)]
enum Inner {
    /// A value whose words become keywords where the form reads one.
    Json(Value),
    /// DSL text made by the builder itself.
    Source(String),
}

macro_rules! option_value_from {
    ($($t:ty),*) => {
        $(
            impl From<$t> for OptionValue {
                fn from(v: $t) -> OptionValue {
                    OptionValue(Inner::Json(v.into()))
                }
            }
        )*
    };
}

option_value_from!(
    bool,
    i8,
    i16,
    i32,
    i64,
    isize,
    u8,
    u16,
    u32,
    u64,
    usize,
    f32,
    f64,
    &str,
    String,
    Value,
    Vec<&str>,
    Vec<String>,
    Vec<Value>,
    Vec<f64>
);

impl<const N: usize> From<[&str; N]> for OptionValue {
    fn from(v: [&str; N]) -> OptionValue {
        OptionValue(Inner::Json(Value::Array(
            v.iter().map(|s| Value::String((*s).to_owned())).collect(),
        )))
    }
}

impl From<ColorMode> for OptionValue {
    fn from(mode: ColorMode) -> OptionValue {
        OptionValue(Inner::Source(color_source(&mode)))
    }
}

/// The DSL text of a color mode, its colors as string literals.
fn color_source(mode: &ColorMode) -> String {
    match mode {
        ColorMode::Fixed(c) => print::lit(c),
        ColorMode::Shades(c) => format!("shades {}", print::lit(c)),
        ColorMode::WithFixedColor(mode, c) => {
            format!(
                "{} {{ fixed_color: {} }}",
                color_source(mode),
                print::lit(c)
            )
        }
        other => other.source(),
    }
}

/// Whether `s` is written as a bare word: a Rust identifier.
fn is_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `s` as a keyword when it is a word, as a string literal otherwise.
fn word_or_lit(s: &str) -> String {
    if is_word(s) {
        s.to_owned()
    } else {
        print::lit(s)
    }
}

/// A JSON value in the DSL's syntax. Nesting deeper than the DSL reads
/// is cut off a level past it, where the DSL's reader reports it: the
/// text stays bounded by what can be read.
fn json_text(v: &Value) -> String {
    fn nested(v: &Value, depth: usize, out: &mut String) {
        match v {
            Value::Array(_) | Value::Object(_) if depth > crate::schema::MAX_DEPTH => {
                out.push_str("[]");
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    nested(item, depth + 1, out);
                }
                out.push(']');
            }
            Value::Object(map) if !map.is_empty() => {
                out.push_str("{ ");
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&print::lit(k));
                    out.push_str(": ");
                    nested(item, depth + 1, out);
                }
                out.push_str(" }");
            }
            other => print::json(other, out),
        }
    }
    let mut out = String::new();
    nested(v, 0, &mut out);
    out
}

/// A number as the DSL reads it (a non-finite one as a word the DSL reports).
fn number_text(n: f64) -> String {
    format!("{n}")
}

/// Whether `form` reads a keyword of the schema's enum on a panel of `kind`.
fn reads_enum(form: &Form, kind: PanelKind) -> bool {
    forms::form_path(form, kind)
        .and_then(|path| forms::schema_entry(kind, path))
        .is_some_and(|e| matches!(e.ty, Ty::Enum(_)))
}

/// The DSL text of a short form's value on a panel of `kind`: words as
/// keywords where the form reads one.
fn form_value(form: Option<&Form>, kind: PanelKind, value: &OptionValue) -> String {
    let v = match &value.0 {
        Inner::Source(text) => return text.clone(),
        Inner::Json(v) => v,
    };
    let Some(form) = form else {
        return json_text(v);
    };
    let words = |items: &[Value], first_only: bool| -> String {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) if i == 0 || !first_only => word_or_lit(s),
                other => json_text(other),
            })
            .collect::<Vec<_>>()
            .join(if first_only { " " } else { ", " })
    };
    match (form.read, v) {
        (Read::Schema(_), Value::String(s)) if reads_enum(form, kind) => word_or_lit(s),
        (Read::CellType | Read::LineStyle | Read::Stacking, Value::String(s)) => word_or_lit(s),
        (Read::Color, Value::String(s))
            if s == "fixed" || COLOR_SCHEMES.iter().any(|(k, _)| k == s) =>
        {
            s.clone()
        }
        (Read::Hidden, Value::Array(items)) => format!("[{}]", words(items, false)),
        (Read::LineStyle | Read::Color | Read::Unit, Value::Array(items))
            if matches!(items.first(), Some(Value::String(_))) =>
        {
            words(items, true)
        }
        (Read::Stacking, Value::Object(map)) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        Value::String(s) if k == "mode" => word_or_lit(s),
                        other => json_text(other),
                    };
                    format!("{}: {value}", word_or_lit(k))
                })
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
        _ => json_text(v),
    }
}

/// A short form set on a panel or a series, where it was set.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OptionSet {
    pub(super) name: At<String>,
    pub(super) value: OptionValue,
}

/// Sets `name` to `value` in `list`: a name set again keeps the last
/// value, at the place of the last call.
#[track_caller]
pub(super) fn set_option(list: &mut Vec<OptionSet>, name: String, value: OptionValue) {
    list.retain(|o| o.name.value != name);
    list.push(OptionSet {
        name: At {
            value: name,
            site: Location::caller(),
        },
        value,
    });
}

/// Which series a [`Series`] override applies to.
#[derive(Debug, Clone, PartialEq)]
enum Matcher {
    Name(String),
    Regex(String),
    Query(String),
    FieldType(String),
    Value {
        reducer: String,
        op: String,
        value: f64,
    },
    ValueIs(String),
    Legend {
        exclude: bool,
        names: Vec<String>,
    },
}

/// Options of some series only (Grafana's `fieldConfig.overrides`): the
/// DSL's `series <which> { options }`. Made by a constructor naming which
/// series (by name, regex, query, field type, reduced value, or the legend
/// click's `except`/`only`), then given short forms with
/// [`Series::option`] and other properties with [`Series::set`].
///
/// ```
/// use dashc_core::builder::Series;
/// let total = Series::name("Total").option("color", "red").option("fill_opacity", 0);
/// let big = Series::value("max", ">", 100.0).option("line_width", 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    site: Site,
    matcher: Matcher,
    options: Vec<OptionSet>,
    set: Vec<SetValue>,
    set_at: Option<usize>,
}

impl Series {
    #[track_caller]
    fn of(matcher: Matcher) -> Series {
        Series {
            site: Location::caller(),
            matcher,
            options: Vec::new(),
            set: Vec::new(),
            set_at: None,
        }
    }

    /// The series of this display name (the DSL's `series "Total"`,
    /// Grafana's `byName`).
    #[track_caller]
    pub fn name(name: impl Into<String>) -> Series {
        Series::of(Matcher::Name(name.into()))
    }

    /// The series whose name matches a regex (`series regex "cache.*"`).
    #[track_caller]
    pub fn regex(regex: impl Into<String>) -> Series {
        Series::of(Matcher::Regex(regex.into()))
    }

    /// The series of one query, by refId (`series query B`).
    #[track_caller]
    pub fn query(ref_id: impl Into<String>) -> Series {
        Series::of(Matcher::Query(ref_id.into()))
    }

    /// The fields of one type: `number`, `string`, `time`, `boolean`,
    /// `enum` or `other` (`series type number`).
    #[track_caller]
    pub fn field_type(field_type: impl Into<String>) -> Series {
        Series::of(Matcher::FieldType(field_type.into()))
    }

    /// The fields whose values, reduced by `reducer` (a reducer id such as
    /// `mean`), compare with `value` by `op` (`>`, `>=`, `<`, `<=`, `==`,
    /// `!=`): the DSL's `series value(mean > 10)`.
    #[track_caller]
    pub fn value(reducer: impl Into<String>, op: impl Into<String>, value: f64) -> Series {
        Series::of(Matcher::Value {
            reducer: reducer.into(),
            op: op.into(),
            value,
        })
    }

    /// The fields for which a reducer that is true or false (`allIsZero`,
    /// `allIsNull`) is true: `series value(allIsZero)`.
    #[track_caller]
    pub fn value_is(reducer: impl Into<String>) -> Series {
        Series::of(Matcher::ValueIs(reducer.into()))
    }

    /// Every series but these display names (`series except [..]`): the
    /// override Grafana writes when a legend entry is clicked; it takes
    /// `hidden` alone.
    #[track_caller]
    pub fn except<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Series {
        Series::of(Matcher::Legend {
            exclude: true,
            names: names.into_iter().map(Into::into).collect(),
        })
    }

    /// These display names only (`series only [..]`), as [`Series::except`].
    #[track_caller]
    pub fn only<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Series {
        Series::of(Matcher::Legend {
            exclude: false,
            names: names.into_iter().map(Into::into).collect(),
        })
    }

    /// A short form of a `series` block (`color`, `fill_opacity`, `unit`,
    /// `hidden`, `stacking`, ..), read and checked as the DSL reads it; see
    /// [`OptionValue`] for how values are written.
    #[track_caller]
    pub fn option(mut self, name: impl Into<String>, value: impl Into<OptionValue>) -> Series {
        set_option(&mut self.options, name.into(), value.into());
        self
    }

    /// Writes `value` at a path under `fieldConfig.defaults` for these
    /// series (the DSL's `set: { "custom.lineStyle": .. }` in a `series`
    /// block); `null` unsets the option for them. Grafana applies the
    /// properties in order: these come where the first `set` call is among
    /// the options.
    #[track_caller]
    pub fn set(mut self, path: impl Into<String>, value: impl Into<Value>) -> Series {
        self.set_at.get_or_insert(self.options.len());
        self.set.push(SetValue {
            path: At {
                value: path.into(),
                site: Location::caller(),
            },
            value: value.into(),
        });
        self
    }
}

/// What a [`Mapping`] matches.
#[derive(Debug, Clone, PartialEq)]
enum Matches {
    Value(String),
    Range(Option<f64>, Option<f64>),
    Regex(String),
    Special(String),
}

/// One value mapping: values shown as a text and/or a color (the DSL's
/// `mappings: [value "1" => "UP" { color: "green" }, ..]`).
///
/// ```
/// use dashc_core::builder::Mapping;
/// let up = Mapping::value("1").text("UP").color("green");
/// let low = Mapping::range(None, Some(10.0)).text("low");
/// let missing = Mapping::special("null").text("N/A");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    site: Site,
    matches: Matches,
    text: Option<String>,
    color: Option<At<String>>,
    index: Option<At<u32>>,
}

impl Mapping {
    #[track_caller]
    fn of(matches: Matches) -> Mapping {
        Mapping {
            site: Location::caller(),
            matches,
            text: None,
            color: None,
            index: None,
        }
    }

    /// One value, compared as text (`value "1"`).
    #[track_caller]
    pub fn value(value: impl Into<String>) -> Mapping {
        Mapping::of(Matches::Value(value.into()))
    }

    /// Values from `from` to `to`, both included; `None` leaves an end open
    /// (`range 0..10`, `range ..10`).
    #[track_caller]
    pub fn range(from: Option<f64>, to: Option<f64>) -> Mapping {
        Mapping::of(Matches::Range(from, to))
    }

    /// Values matching a regex (`regex "x.*"`).
    #[track_caller]
    pub fn regex(regex: impl Into<String>) -> Mapping {
        Mapping::of(Matches::Regex(regex.into()))
    }

    /// One of Grafana's special values, by its DSL keyword: `null`, `nan`,
    /// `null_nan`, `true`, `false`, `empty`.
    #[track_caller]
    pub fn special(special: impl Into<String>) -> Mapping {
        Mapping::of(Matches::Special(special.into()))
    }

    /// The text shown instead of the value.
    pub fn text(mut self, text: impl Into<String>) -> Mapping {
        self.text = Some(text.into());
        self
    }

    /// The color of the value: a Grafana color name or `#rrggbb`.
    #[track_caller]
    pub fn color(mut self, color: impl Into<String>) -> Mapping {
        self.color = Some(At {
            value: color.into(),
            site: Location::caller(),
        });
        self
    }

    /// The `index` Grafana stores (the order of its editor's rows; the
    /// mapping's place in the list without it).
    #[track_caller]
    pub fn index(mut self, index: u32) -> Mapping {
        self.index = Some(At {
            value: index,
            site: Location::caller(),
        });
        self
    }

    /// Writes the mapping's DSL text; `grouped` in `values { .. }`, where
    /// its head is the value alone.
    fn source(&self, out: &mut Source, grouped: bool) {
        let head = match (&self.matches, grouped) {
            (Matches::Value(v), true) => print::lit(v),
            (Matches::Value(v), false) => format!("value {}", print::lit(v)),
            (Matches::Range(from, to), _) => format!(
                "range {}..{}",
                from.map(number_text).unwrap_or_default(),
                to.map(number_text).unwrap_or_default()
            ),
            (Matches::Regex(r), _) => format!("regex {}", print::lit(r)),
            (Matches::Special(s), _) => word_or_lit(s),
        };
        let text = self
            .text
            .as_ref()
            .map(|t| format!(" {}", print::lit(t)))
            .unwrap_or_default();
        if self.color.is_none() && self.index.is_none() {
            out.line(self.site, format!("{head} =>{text},"));
            return;
        }
        out.line(self.site, format!("{head} =>{text} {{"));
        if let Some(c) = &self.color {
            out.line(c.site, format!("color: {},", print::lit(&c.value)));
        }
        if let Some(i) = &self.index {
            out.line(i.site, format!("index: {},", i.value));
        }
        out.line(self.site, "},");
    }
}

/// An entry of a panel's mappings: one mapping, or value mappings in one
/// Grafana mapping object (`values { "0" => "Down", "1" => "Up" }`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum MappingEntry {
    One(Mapping),
    Group(Site, Vec<Mapping>),
}

/// One transformation of the panel's data (the DSL's `transform: [..]`
/// entries): a DSL transformation name (`merge`, `organize`,
/// `filter_by_name`, ..), its short options and Grafana's other options.
///
/// ```
/// use dashc_core::builder::Transform;
/// let t = Transform::new("organize").option("exclude", ["Time"]).option("rename", serde_json::json!({"Value": "Requests"}));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Transform {
    site: Site,
    name: String,
    options: Vec<OptionSet>,
    grafana: Vec<SetValue>,
    disabled: Option<At<bool>>,
}

impl Transform {
    /// The transformation of this DSL name (`merge`, `reduce`,
    /// `filter_by_name`, .. as the DSL's `transform: [..]` names them).
    #[track_caller]
    pub fn new(name: impl Into<String>) -> Transform {
        Transform {
            site: Location::caller(),
            name: name.into(),
            options: Vec::new(),
            grafana: Vec::new(),
            disabled: None,
        }
    }

    /// A short option of the transformation (`exclude: ["Time"]` of
    /// `organize`, `calcs` of `reduce`, `mode` as a keyword string, ..).
    #[track_caller]
    pub fn option(mut self, name: impl Into<String>, value: impl Into<OptionValue>) -> Transform {
        set_option(&mut self.options, name.into(), value.into());
        self
    }

    /// One of Grafana's options of the transformation without a short
    /// name, written into its `options` object as it is (the DSL's
    /// `"option": value`).
    #[track_caller]
    pub fn grafana_option(mut self, key: impl Into<String>, value: impl Into<Value>) -> Transform {
        let key = key.into();
        self.grafana.retain(|g| g.path.value != key);
        self.grafana.push(SetValue {
            path: At {
                value: key,
                site: Location::caller(),
            },
            value: value.into(),
        });
        self
    }

    /// Kept but not applied (`disabled: true`).
    #[track_caller]
    pub fn disabled(mut self, disabled: bool) -> Transform {
        self.disabled = Some(At {
            value: disabled,
            site: Location::caller(),
        });
        self
    }

    fn source(&self, out: &mut Source, problems: &mut Vec<(Site, String)>) {
        let name = word_or_lit(&self.name);
        if self.options.is_empty() && self.grafana.is_empty() && self.disabled.is_none() {
            out.line(self.site, format!("{name},"));
            return;
        }
        out.line(self.site, format!("{name} {{"));
        for o in &self.options {
            let Some(key) = option_name(&o.name, "a transformation's", problems) else {
                continue;
            };
            let value = match &o.value.0 {
                Inner::Json(Value::String(s))
                    if crate::dsl::transforms::option_takes_keyword(&self.name, key) =>
                {
                    word_or_lit(s)
                }
                _ => form_value(None, PanelKind::Timeseries, &o.value),
            };
            out.line(o.name.site, format!("{key}: {value},"));
        }
        for g in &self.grafana {
            out.line(
                g.path.site,
                format!("{}: {},", print::lit(&g.path.value), json_text(&g.value)),
            );
        }
        if let Some(d) = &self.disabled {
            out.line(d.site, format!("disabled: {},", d.value));
        }
        out.line(self.site, "},");
    }
}

/// A data link on the panel's values (the DSL's `links: ["Title" =>
/// "https://.." { new_tab: true }]`); its `${__field..}` and `$variable`
/// references are checked by the core.
#[derive(Debug, Clone, PartialEq)]
pub struct DataLink {
    pub(super) title: At<String>,
    pub(super) url: At<String>,
    pub(super) new_tab: bool,
}

impl DataLink {
    /// A link titled `title` to `url`.
    #[track_caller]
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> DataLink {
        let site = Location::caller();
        DataLink {
            title: At {
                value: title.into(),
                site,
            },
            url: At {
                value: url.into(),
                site,
            },
            new_tab: false,
        }
    }

    /// Open in a new tab.
    pub fn new_tab(mut self, new_tab: bool) -> DataLink {
        self.new_tab = new_tab;
        self
    }
}

/// A panel repeated for each selected value of a variable (the DSL's
/// `repeat: var { direction: h, max_per_row: 4 }`).
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    pub(super) variable: At<String>,
    pub(super) vertical: bool,
    pub(super) max_per_row: Option<At<u32>>,
}

impl Repeat {
    /// One copy of the panel per selected value of `variable` (a
    /// multi-value variable or one with "All"), side by side.
    #[track_caller]
    pub fn new(variable: impl Into<String>) -> Repeat {
        Repeat {
            variable: At {
                value: variable.into(),
                site: Location::caller(),
            },
            vertical: false,
            max_per_row: None,
        }
    }

    /// One copy under the other (the DSL's `direction: v`) rather than
    /// side by side (`h`, the default).
    pub fn vertical(mut self, vertical: bool) -> Repeat {
        self.vertical = vertical;
        self
    }

    /// At most this many copies side by side.
    #[track_caller]
    pub fn max_per_row(mut self, max: u32) -> Repeat {
        self.max_per_row = Some(At {
            value: max,
            site: Location::caller(),
        });
        self
    }
}

/// DSL text, and the call site each of its lines was written for.
#[derive(Debug, Default)]
pub(super) struct Source {
    pub(super) text: String,
    pub(super) lines: Vec<Site>,
}

impl Source {
    fn line(&mut self, site: Site, text: impl AsRef<str>) {
        self.text.push_str(text.as_ref());
        self.text.push('\n');
        self.lines.push(site);
    }
}

/// The name of an option as DSL text; `None` (reported) when it is not a
/// word, which no option's name is.
fn option_name<'a>(
    name: &'a At<String>,
    whose: &str,
    problems: &mut Vec<(Site, String)>,
) -> Option<&'a str> {
    if is_word(&name.value) {
        return Some(&name.value);
    }
    problems.push((
        name.site,
        format!(
            "\"{}\" is not the name of {whose} option: options are named by snake_case words such as `fill_opacity`",
            name.value.escape_debug()
        ),
    ));
    None
}

/// The builder's methods of the panel's own options of the DSL, for
/// `Panel::option` given one of them.
const OWN_OPTIONS: &[(&str, &str)] = &[
    ("description", "description"),
    ("unit", "unit"),
    ("min", "min"),
    ("max", "max"),
    ("decimals", "decimals"),
    ("legend", "legend"),
    ("thresholds", "thresholds"),
    ("color", "color"),
    ("stacking", "stacking"),
    ("sort", "sort"),
    ("width", "width"),
    ("height", "height"),
    ("content", "content"),
    ("instant", "instant"),
    ("format", "format"),
    ("interval", "interval"),
    ("mappings", "mapping"),
    ("set", "set"),
    ("transform", "transform"),
    ("links", "link"),
    ("repeat", "repeat"),
    ("allow", "allow"),
    ("from_panel", "from_panel"),
    ("mode", "mode"),
    ("x", "at"),
    ("y", "at"),
];

/// The parts of a panel written as DSL text.
pub(super) struct PanelParts<'a> {
    pub(super) kind: PanelKind,
    pub(super) site: Site,
    pub(super) options: &'a [OptionSet],
    pub(super) text_mode: Option<&'a At<TextMode>>,
    pub(super) series: &'a [Series],
    pub(super) mappings: &'a [MappingEntry],
    pub(super) transforms: &'a [Transform],
}

impl PanelParts<'_> {
    /// The DSL text of the panel with these parts (`None` without any),
    /// and the problems found in writing it.
    pub(super) fn source(&self, problems: &mut Vec<(Site, String)>) -> Option<Source> {
        if self.options.is_empty()
            && self.text_mode.is_none()
            && self.series.is_empty()
            && self.mappings.is_empty()
            && self.transforms.is_empty()
        {
            return None;
        }
        let kind = self.kind;
        let mut out = Source::default();
        out.line(self.site, format!("{} \"\" {{", kind.keyword()));
        for o in self.options {
            let Some(name) = option_name(&o.name, "a panel", problems) else {
                continue;
            };
            if crate::dsl::PANEL_OPTIONS.contains(&name) {
                let how = match OWN_OPTIONS.iter().find(|(n, _)| *n == name) {
                    Some((_, method)) => format!("call `Panel::{method}(..)`"),
                    None => "the builder does not write it: write the dashboard with the DSL, or the JSON with `Panel::set`".to_owned(),
                };
                problems.push((
                    o.name.site,
                    format!("`{name}` is not a short form of Grafana's options but an option of the panel's own: {how}"),
                ));
                continue;
            }
            let value = form_value(forms::panel_form(name), kind, &o.value);
            out.line(o.name.site, format!("{name}: {value},"));
        }
        if let Some(mode) = self.text_mode {
            let text = match &mode.value {
                TextMode::Markdown => "markdown".to_owned(),
                TextMode::Html => "html".to_owned(),
                TextMode::Code { language } => {
                    format!("code {{ language: {} }}", word_or_lit(language))
                }
            };
            out.line(mode.site, format!("mode: {text},"));
        }
        for s in self.series {
            series_source(s, kind, &mut out, problems);
        }
        if let Some(first) = self.mappings.first() {
            // A problem of the list itself is the first mapping's.
            let site = match first {
                MappingEntry::One(m) => m.site,
                MappingEntry::Group(site, _) => *site,
            };
            out.line(site, "mappings: [");
            for m in self.mappings {
                match m {
                    MappingEntry::One(m) => m.source(&mut out, false),
                    MappingEntry::Group(site, list) => {
                        out.line(site, "values {");
                        for m in list {
                            m.source(&mut out, true);
                        }
                        out.line(site, "},");
                    }
                }
            }
            out.line(self.site, "],");
        }
        if let Some(first) = self.transforms.first() {
            out.line(first.site, "transform: [");
            for t in self.transforms {
                t.source(&mut out, problems);
            }
            out.line(self.site, "],");
        }
        out.line(self.site, "}");
        Some(out)
    }
}

/// The DSL text of one `series` block.
fn series_source(
    s: &Series,
    kind: PanelKind,
    out: &mut Source,
    problems: &mut Vec<(Site, String)>,
) {
    let lits = |names: &[String]| {
        names
            .iter()
            .map(|n| print::lit(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let matcher = match &s.matcher {
        Matcher::Name(n) => print::lit(n),
        Matcher::Regex(r) => format!("regex {}", print::lit(r)),
        Matcher::Query(q) => format!("query {}", word_or_lit(q)),
        Matcher::FieldType(t) => format!("type {}", word_or_lit(t)),
        Matcher::Value { reducer, op, value } => {
            // Punctuation as it is (the DSL names a wrong comparison), any
            // other text as a word or a string (the DSL asks for a comparison).
            let punct = !op.is_empty() && op.len() <= 3 && op.chars().all(|c| "<>=!".contains(c));
            let op = if punct { op.clone() } else { word_or_lit(op) };
            format!(
                "value({} {op} {})",
                word_or_lit(reducer),
                number_text(*value)
            )
        }
        Matcher::ValueIs(r) => format!("value({})", word_or_lit(r)),
        Matcher::Legend { exclude, names } => format!(
            "{} [{}]",
            if *exclude { "except" } else { "only" },
            lits(names)
        ),
    };
    out.line(s.site, format!("series {matcher} {{"));
    let set_block = |out: &mut Source| {
        let Some(first) = s.set.first() else { return };
        out.line(first.path.site, "set: {");
        for e in &s.set {
            out.line(
                e.path.site,
                format!("{}: {},", print::lit(&e.path.value), json_text(&e.value)),
            );
        }
        out.line(first.path.site, "},");
    };
    for (i, o) in s.options.iter().enumerate() {
        if s.set_at == Some(i) {
            set_block(out);
        }
        let Some(name) = option_name(&o.name, "a series", problems) else {
            continue;
        };
        let value = form_value(forms::series_form(name), kind, &o.value);
        out.line(o.name.site, format!("{name}: {value},"));
    }
    if s.set_at.is_some_and(|at| at >= s.options.len()) {
        set_block(out);
    }
    out.line(s.site, "}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_identifiers_and_the_rest_string_literals() {
        assert!(is_word("fill_opacity") && is_word("_x") && is_word("B2"));
        for not in ["", "2x", "a-b", "a b", "a\"", "é"] {
            assert!(!is_word(not), "{not:?}");
            assert!(word_or_lit(not).starts_with(['"', 'r']), "{not:?}");
        }
    }

    #[test]
    fn values_are_written_as_the_dsl_writes_them() {
        let draw = forms::panel_form("draw_style").expect("a form");
        let kind = PanelKind::Timeseries;
        assert_eq!(form_value(Some(draw), kind, &"bars".into()), "bars");
        assert_eq!(
            form_value(Some(draw), kind, &"not a word".into()),
            "\"not a word\""
        );
        let label = forms::panel_form("axis_label").expect("a form");
        assert_eq!(form_value(Some(label), kind, &"req".into()), "\"req\"");
        let style = forms::panel_form("line_style").expect("a form");
        let dashed = OptionValue::from(serde_json::json!(["dash", [10, 20]]));
        assert_eq!(form_value(Some(style), kind, &dashed), "dash [10, 20]");
        let color = forms::series_form("color").expect("a form");
        assert_eq!(form_value(Some(color), kind, &"red".into()), "\"red\"");
        assert_eq!(
            form_value(Some(color), kind, &"blue_purple".into()),
            "blue_purple"
        );
        assert_eq!(
            form_value(Some(color), kind, &ColorMode::Shades("blue".into()).into()),
            "shades \"blue\""
        );
    }
}

#[cfg(test)]
mod parity_tests {
    use super::super::{Panel, Query};
    use crate::dsl::forms::{self, Read, Scope, FORMS};
    use crate::model::PanelKind;
    use crate::schema::Ty;

    /// A value of the schema's type `ty` within `bounds`: as the builder
    /// gives it, and as DSL text.
    fn sample(ty: Ty, bounds: Option<(f64, f64)>) -> Option<(super::OptionValue, String)> {
        Some(match ty {
            Ty::Bool => (true.into(), "true".into()),
            Ty::Number | Ty::Integer => {
                let n = bounds.map_or(3.0, |(lo, hi)| (lo + hi / 2.0).floor().min(hi));
                (n.into(), crate::grafana::number(n).to_string())
            }
            Ty::String | Ty::Unit => ("text".into(), "\"text\"".into()),
            Ty::Enum(_) => {
                let (word, _) = forms::enum_keywords(ty)?.into_iter().last()?;
                (word.as_str().into(), word)
            }
            _ => return None,
        })
    }

    #[test]
    fn every_schema_typed_short_form_on_every_kind_reads_as_the_dsl_reads_it() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut compared = 0;
        for form in FORMS.iter().filter(|f| f.scope != Scope::Series) {
            let Read::Schema(bounds) = form.read else {
                continue;
            };
            for (kind, keyword) in PanelKind::ALL {
                let Some(path) = forms::form_path(form, kind) else {
                    continue;
                };
                let ty = forms::schema_entry(kind, path).map_or(Ty::Any, |e| e.ty);
                let Some((value, text)) = sample(ty, bounds) else {
                    continue;
                };
                let body = if kind.shows_values() {
                    format!("unit: \"short\", {}: {text}, _ => \"up\"", form.name)
                } else {
                    format!("{}: {text}", form.name)
                };
                let dsl = crate::dsl::compile_dashboard_str(
                    &format!("uid: \"a\", title: \"A\", catalog: [], {keyword} \"P\" {{ {body} }}"),
                    base,
                );
                let mut panel = Panel::new(kind, "P").option(form.name, value);
                if kind.shows_values() {
                    panel = panel.unit("short").query(Query::new("up"));
                }
                let built = crate::Dashboard::builder("a", "A")
                    .without_catalog()
                    .panel(panel)
                    .build();
                let dsl_messages: Vec<String> = dsl
                    .diagnostics
                    .iter()
                    .map(|d| d.diagnostic.message.clone())
                    .collect();
                match built {
                    Ok(b) => {
                        assert!(
                            dsl_messages.is_empty(),
                            "{keyword} {}: {dsl_messages:#?}",
                            form.name
                        );
                        let json = dsl.value.and_then(|c| c.json).expect("renders");
                        assert_eq!(b.json, json, "{keyword} {}: {text}", form.name);
                    }
                    Err(e) => {
                        let messages: Vec<String> =
                            e.iter().map(|e| e.message().to_owned()).collect();
                        assert_eq!(messages, dsl_messages, "{keyword} {}", form.name);
                    }
                }
                compared += 1;
            }
        }
        assert!(compared > 50, "only {compared} forms and kinds compared");
    }
}
