//! The elements a dashboard is built from: rows, panels, queries, legends,
//! thresholds, variables, links, annotation queries and the time picker
//! (a panel's series overrides, mappings, transformations, data links and
//! repeat are in `parts.rs`). Each remembers the Rust call site that
//! made it (and each option the call site that set it), so a problem found
//! later is reported there.

use super::parts::{
    self, DataLink, Mapping, MappingEntry, OptionSet, OptionValue, Repeat, Series, Transform,
};
use super::Site;
use crate::model::{
    ColorMode, LegendMode, LegendPlacement, PanelKind, PanelRef, SortOrder, Stacking, TargetFormat,
    TextMode, ThresholdsMode, ThresholdsStyle, VariableHide, VariableRefresh,
};
use serde_json::Value;
use std::panic::Location;

/// A value with the call site that gave it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct At<T> {
    pub(super) value: T,
    pub(super) site: Site,
}

impl<T> At<T> {
    #[track_caller]
    fn here(value: T) -> At<T> {
        At {
            value,
            site: Location::caller(),
        }
    }
}

/// One `set` entry: a value written at a dotted JSON path of the rendered
/// object, checked against Grafana's schema like the DSL's `set: { .. }`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SetValue {
    pub(super) path: At<String>,
    pub(super) value: Value,
}

/// A row: a full-width header grouping the panels added to it
/// (the DSL's `row "Title" { .. }`, or `row "Title" collapsed { .. }`).
///
/// Rows are full width and cannot nest; panels added to the dashboard
/// after a row must go into a row (Grafana makes a panel below a row part
/// of that row), which the checks report.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub(super) title: At<String>,
    pub(super) collapsed: bool,
    pub(super) panels: Vec<Panel>,
    pub(super) repeat: Option<At<String>>,
    pub(super) y: Option<At<u32>>,
    pub(super) set: Vec<SetValue>,
}

impl Row {
    /// A row titled `title`, expanded, with no panel yet.
    #[track_caller]
    pub fn new(title: impl Into<String>) -> Row {
        Row {
            title: At::here(title.into()),
            collapsed: false,
            panels: Vec::new(),
            repeat: None,
            y: None,
            set: Vec::new(),
        }
    }

    /// The grid unit of the row's header (the DSL's `y: N` in the row's
    /// body); without it the row starts below everything placed before.
    #[track_caller]
    pub fn y(mut self, y: u32) -> Row {
        self.y = Some(At::here(y));
        self
    }

    /// Writes `value` at the dotted JSON path of the row panel (the DSL's
    /// `set: { .. }` in a row's body), checked against Grafana's schema.
    #[track_caller]
    pub fn set(mut self, path: impl Into<String>, value: impl Into<Value>) -> Row {
        self.set.push(SetValue {
            path: At::here(path.into()),
            value: value.into(),
        });
        self
    }

    /// Repeats the row, with its panels, for each selected value of a
    /// multi-value variable (the DSL's `row "Title" repeat var { .. }`).
    #[track_caller]
    pub fn repeat(mut self, variable: impl Into<String>) -> Row {
        self.repeat = Some(At::here(variable.into()));
        self
    }

    /// Collapsed rows hold their panels inside the row object (the DSL's
    /// `collapsed`).
    pub fn collapsed(mut self, collapsed: bool) -> Row {
        self.collapsed = collapsed;
        self
    }

    /// Adds a panel at the end of the row.
    pub fn panel(mut self, panel: Panel) -> Row {
        self.panels.push(panel);
        self
    }

    /// Adds panels at the end of the row, in order (one per service of a
    /// list, say).
    pub fn panels(mut self, panels: impl IntoIterator<Item = Panel>) -> Row {
        self.panels.extend(panels);
        self
    }
}

/// A panel: the DSL's `kind "Title" { options and queries }`.
///
/// Options are set by methods named as the DSL's options; setting one
/// twice keeps the last value (so a panel can start from a shared one and
/// change an option). `instant`, `format` and `interval` are defaults of
/// the panel's queries, which a query's own setting overrides. An option
/// that does nothing on the panel's kind (`legend` on a stat, `unit` on a
/// text panel) is reported at the call that set it.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub(super) kind: PanelKind,
    pub(super) title: At<String>,
    pub(super) description: Option<String>,
    pub(super) unit: Option<At<String>>,
    pub(super) min: Option<At<f64>>,
    pub(super) max: Option<At<f64>>,
    pub(super) decimals: Option<At<u8>>,
    pub(super) legend: Option<Legend>,
    pub(super) thresholds: Option<Thresholds>,
    pub(super) color: Option<At<ColorMode>>,
    pub(super) stacking: Option<At<Stacking>>,
    pub(super) sort: Option<At<SortOrder>>,
    pub(super) width: Option<At<u32>>,
    pub(super) height: Option<At<u32>>,
    pub(super) content: Option<At<String>>,
    pub(super) instant: Option<At<bool>>,
    pub(super) format: Option<At<TargetFormat>>,
    pub(super) interval: Option<At<String>>,
    pub(super) set: Vec<SetValue>,
    pub(super) queries: Vec<Query>,
    pub(super) expressions: Vec<Expression>,
    pub(super) unit_as_is: bool,
    pub(super) allow: Vec<At<String>>,
    pub(super) from_panel: Option<At<PanelRef>>,
    pub(super) options: Vec<OptionSet>,
    pub(super) series: Vec<Series>,
    pub(super) mappings: Vec<MappingEntry>,
    pub(super) transforms: Vec<Transform>,
    pub(super) links: Vec<DataLink>,
    pub(super) repeat: Option<Repeat>,
    pub(super) text_mode: Option<At<TextMode>>,
    pub(super) position: Option<(At<u32>, At<u32>)>,
}

impl Panel {
    /// A panel of `kind` titled `title`: every option unset, no query yet.
    #[track_caller]
    pub fn new(kind: PanelKind, title: impl Into<String>) -> Panel {
        Panel {
            kind,
            title: At::here(title.into()),
            description: None,
            unit: None,
            min: None,
            max: None,
            decimals: None,
            legend: None,
            thresholds: None,
            color: None,
            stacking: None,
            sort: None,
            width: None,
            height: None,
            content: None,
            instant: None,
            format: None,
            interval: None,
            set: Vec::new(),
            queries: Vec::new(),
            expressions: Vec::new(),
            unit_as_is: false,
            allow: Vec::new(),
            from_panel: None,
            options: Vec::new(),
            series: Vec::new(),
            mappings: Vec::new(),
            transforms: Vec::new(),
            links: Vec::new(),
            repeat: None,
            text_mode: None,
            position: None,
        }
    }

    /// A `timeseries` panel.
    #[track_caller]
    pub fn timeseries(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::Timeseries, title)
    }

    /// A `stat` panel.
    #[track_caller]
    pub fn stat(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::Stat, title)
    }

    /// A `gauge` panel.
    #[track_caller]
    pub fn gauge(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::Gauge, title)
    }

    /// A `bargauge` panel.
    #[track_caller]
    pub fn bargauge(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::BarGauge, title)
    }

    /// A `table` panel.
    #[track_caller]
    pub fn table(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::Table, title)
    }

    /// A `heatmap` panel (its queries default to `format: heatmap`).
    #[track_caller]
    pub fn heatmap(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::Heatmap, title)
    }

    /// A `text` panel: give it `content`, no unit and no query.
    #[track_caller]
    pub fn text(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::Text, title)
    }

    /// An `alertlist` panel: Grafana's alerts, no unit and no query (its
    /// options with [`Panel::set`], e.g. `"options.viewMode"`).
    #[track_caller]
    pub fn alertlist(title: impl Into<String>) -> Panel {
        Panel::new(PanelKind::AlertList, title)
    }

    /// Adds a server-side expression over the panel's queries (the DSL's
    /// `math ".."`), written after them.
    pub fn expression(mut self, expression: Expression) -> Panel {
        self.expressions.push(expression);
        self
    }

    /// The panel's description (its info tooltip).
    pub fn description(mut self, description: impl Into<String>) -> Panel {
        self.description = Some(description.into());
        self
    }

    /// A Grafana unit id such as `reqps`, `s`, `percent`, `bytes`, or
    /// `suffix:<text>`; required on every panel except text.
    #[track_caller]
    pub fn unit(mut self, unit: impl Into<String>) -> Panel {
        self.unit = Some(At::here(unit.into()));
        self
    }

    /// A unit id Grafana does not know, written as it is (the DSL's
    /// `unit: as_is "qps"`): Grafana shows it after each value.
    #[track_caller]
    pub fn unit_as_is(mut self, unit: impl Into<String>) -> Panel {
        self.unit = Some(At::here(unit.into()));
        self.unit_as_is = true;
        self
    }

    /// Keeps one of the panel's own checks on purpose (the DSL's `allow:
    /// [..]` in a panel's body): `no-query`.
    #[track_caller]
    pub fn allow(mut self, check: impl Into<String>) -> Panel {
        self.allow.push(At::here(check.into()));
        self
    }

    /// Shows the results of another panel instead of running queries (the
    /// DSL's `from_panel`): `PanelRef::Title(..)` or `PanelRef::Id(..)`.
    #[track_caller]
    pub fn from_panel(mut self, panel: PanelRef) -> Panel {
        self.from_panel = Some(At::here(panel));
        self
    }

    /// Axis or gauge minimum.
    #[track_caller]
    pub fn min(mut self, min: f64) -> Panel {
        self.min = Some(At::here(min));
        self
    }

    /// Axis or gauge maximum.
    #[track_caller]
    pub fn max(mut self, max: f64) -> Panel {
        self.max = Some(At::here(max));
        self
    }

    /// Decimals shown, 0 to 20.
    #[track_caller]
    pub fn decimals(mut self, decimals: u8) -> Panel {
        self.decimals = Some(At::here(decimals));
        self
    }

    /// The legend (timeseries, bar gauge, heatmap): a [`LegendMode`] alone,
    /// or a [`Legend`] with placement and calculations.
    #[track_caller]
    pub fn legend(mut self, legend: impl Into<Legend>) -> Panel {
        let mut legend = legend.into();
        legend.site = Location::caller();
        self.legend = Some(legend);
        self
    }

    /// Thresholds: a base color and steps, see [`Thresholds`].
    #[track_caller]
    pub fn thresholds(mut self, thresholds: Thresholds) -> Panel {
        let mut thresholds = thresholds;
        thresholds.site = Location::caller();
        self.thresholds = Some(thresholds);
        self
    }

    /// The color mode of the values (a heatmap takes
    /// [`ColorMode::GreenYellowRed`] or [`ColorMode::Fixed`]).
    #[track_caller]
    pub fn color(mut self, color: ColorMode) -> Panel {
        self.color = Some(At::here(color));
        self
    }

    /// Stacking of the series (timeseries).
    #[track_caller]
    pub fn stacking(mut self, stacking: Stacking) -> Panel {
        self.stacking = Some(At::here(stacking));
        self
    }

    /// Row order of a table, by the value column of its first shown
    /// `format: table` query.
    #[track_caller]
    pub fn sort(mut self, sort: SortOrder) -> Panel {
        self.sort = Some(At::here(sort));
        self
    }

    /// Width in grid columns, 1 to 24 (default 12).
    #[track_caller]
    pub fn width(mut self, width: u32) -> Panel {
        self.width = Some(At::here(width));
        self
    }

    /// Height in grid units of 30 px, 1 to 100 (default 8).
    #[track_caller]
    pub fn height(mut self, height: u32) -> Panel {
        self.height = Some(At::here(height));
        self
    }

    /// The Markdown content of a text panel.
    #[track_caller]
    pub fn content(mut self, content: impl Into<String>) -> Panel {
        self.content = Some(At::here(content.into()));
        self
    }

    /// Default of the panel's queries: instant (one value per series).
    #[track_caller]
    pub fn instant(mut self, instant: bool) -> Panel {
        self.instant = Some(At::here(instant));
        self
    }

    /// Default of the panel's queries: the result format.
    #[track_caller]
    pub fn format(mut self, format: TargetFormat) -> Panel {
        self.format = Some(At::here(format));
        self
    }

    /// Default of the panel's queries: the minimum step, such as `1m`.
    #[track_caller]
    pub fn interval(mut self, interval: impl Into<String>) -> Panel {
        self.interval = Some(At::here(interval.into()));
        self
    }

    /// Writes `value` at the dotted JSON path of the panel object (the
    /// DSL's `set: { "path": value }`), checked against the kind's schema.
    #[track_caller]
    pub fn set(mut self, path: impl Into<String>, value: impl Into<Value>) -> Panel {
        self.set.push(SetValue {
            path: At::here(path.into()),
            value: value.into(),
        });
        self
    }

    /// Sets a short form of Grafana's options (the DSL's `fill_opacity:
    /// 10`, `tooltip: single`, `draw_style: bars`, `calcs: ["mean"]`, ..;
    /// README's "Short forms" lists them), read and checked as the DSL
    /// reads it: an unknown name (with the closest one), a value of the
    /// wrong type or out of range, or a form the panel's kind does not
    /// have is reported at this call. Keywords are given as strings; see
    /// [`OptionValue`] for the other shapes. Setting a name again keeps
    /// the last value.
    ///
    /// ```
    /// use dashc_core::builder::Panel;
    /// let p = Panel::timeseries("Requests")
    ///     .option("fill_opacity", 10)
    ///     .option("draw_style", "bars")
    ///     .option("tooltip", "multi");
    /// ```
    #[track_caller]
    pub fn option(mut self, name: impl Into<String>, value: impl Into<OptionValue>) -> Panel {
        parts::set_option(&mut self.options, name.into(), value.into());
        self
    }

    /// Adds options of some series only (the DSL's `series .. { .. }`),
    /// applied in order.
    pub fn series(mut self, series: Series) -> Panel {
        self.series.push(series);
        self
    }

    /// Adds a value mapping (the DSL's `mappings: [..]` entries), applied
    /// in order.
    pub fn mapping(mut self, mapping: Mapping) -> Panel {
        self.mappings.push(MappingEntry::One(mapping));
        self
    }

    /// Adds value mappings written in one Grafana mapping object, as
    /// Grafana's editor saves its value rows (the DSL's `values { "0" =>
    /// "Down", "1" => "Up" }`): each made by [`Mapping::value`].
    #[track_caller]
    pub fn mapping_values(mut self, mappings: impl IntoIterator<Item = Mapping>) -> Panel {
        self.mappings.push(MappingEntry::Group(
            Location::caller(),
            mappings.into_iter().collect(),
        ));
        self
    }

    /// Adds a transformation of the panel's data (the DSL's `transform:
    /// [..]` entries), applied in order.
    pub fn transform(mut self, transform: Transform) -> Panel {
        self.transforms.push(transform);
        self
    }

    /// Adds a data link on the panel's values (the DSL's `links: [..]`).
    pub fn link(mut self, link: DataLink) -> Panel {
        self.links.push(link);
        self
    }

    /// Repeats the panel for each selected value of a variable (the DSL's
    /// `repeat: var { .. }`).
    pub fn repeat(mut self, repeat: Repeat) -> Panel {
        self.repeat = Some(repeat);
        self
    }

    /// What a text panel's content is (the DSL's `mode: html`, `mode: code
    /// { language: json }`; Markdown without it); the language is checked
    /// against Grafana's as the DSL checks it.
    #[track_caller]
    pub fn mode(mut self, mode: TextMode) -> Panel {
        self.text_mode = Some(At::here(mode));
        self
    }

    /// Places the panel's top left corner at column `x` (0 to 23) and grid
    /// unit `y` (the DSL's `x: N, y: N`) instead of letting it flow.
    #[track_caller]
    pub fn at(mut self, x: u32, y: u32) -> Panel {
        self.position = Some((At::here(x), At::here(y)));
        self
    }

    /// Whether the panel has options the builder writes as DSL text.
    pub(super) fn writes_text(&self) -> bool {
        !(self.options.is_empty()
            && self.text_mode.is_none()
            && self.series.is_empty()
            && self.mappings.is_empty()
            && self.transforms.is_empty())
    }

    /// Adds a query; refIds are A, B, ... in order.
    pub fn query(mut self, query: Query) -> Panel {
        self.queries.push(query);
        self
    }

    /// Adds queries, in order.
    pub fn queries(mut self, queries: impl IntoIterator<Item = Query>) -> Panel {
        self.queries.extend(queries);
        self
    }
}

/// One query of a panel: the DSL's `"legend" => "PromQL" { options }`.
/// The expression is checked (PromQL syntax and types, variables, the
/// catalog) and a problem in it is reported at [`Query::new`]'s call,
/// with carets under the characters at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub(super) expr: At<String>,
    pub(super) legend: Option<At<String>>,
    pub(super) instant: Option<bool>,
    pub(super) format: Option<TargetFormat>,
    pub(super) interval: Option<At<String>>,
    pub(super) hide: bool,
    pub(super) exemplar: bool,
    pub(super) allow: Vec<At<String>>,
    pub(super) set: Vec<SetValue>,
    pub(super) ref_id: Option<At<String>>,
}

impl Query {
    /// A query of the PromQL `expr`, without a legend format.
    #[track_caller]
    pub fn new(expr: impl Into<String>) -> Query {
        Query {
            expr: At::here(expr.into()),
            legend: None,
            instant: None,
            format: None,
            interval: None,
            hide: false,
            exemplar: false,
            allow: Vec::new(),
            set: Vec::new(),
            ref_id: None,
        }
    }

    /// The query's own refId (the DSL's `ref_id: ".."`), by which
    /// expressions name it; without one it takes the first letter no other
    /// query or expression of the panel has.
    #[track_caller]
    pub fn ref_id(mut self, ref_id: impl Into<String>) -> Query {
        self.ref_id = Some(At::here(ref_id.into()));
        self
    }

    /// The legend format, such as `{{method}}`.
    #[track_caller]
    pub fn legend(mut self, legend: impl Into<String>) -> Query {
        self.legend = Some(At::here(legend.into()));
        self
    }

    /// An instant query (one value per series), whatever the panel says.
    pub fn instant(mut self, instant: bool) -> Query {
        self.instant = Some(instant);
        self
    }

    /// The result format, whatever the panel says.
    pub fn format(mut self, format: TargetFormat) -> Query {
        self.format = Some(format);
        self
    }

    /// The minimum step, such as `1m` or `>30s`, whatever the panel says.
    #[track_caller]
    pub fn interval(mut self, interval: impl Into<String>) -> Query {
        self.interval = Some(At::here(interval.into()));
        self
    }

    /// Hidden from the panel (still evaluated for the others).
    pub fn hide(mut self, hide: bool) -> Query {
        self.hide = hide;
        self
    }

    /// Asks Prometheus for exemplars too (the DSL's `exemplar: true`).
    pub fn exemplar(mut self, exemplar: bool) -> Query {
        self.exemplar = exemplar;
        self
    }

    /// Turns off one named query check for this query (the DSL's
    /// `allow: [..]`), such as `unknown-metric` or `raw-counter`.
    #[track_caller]
    pub fn allow(mut self, check: impl Into<String>) -> Query {
        self.allow.push(At::here(check.into()));
        self
    }

    /// Writes `value` at the dotted JSON path of the query object,
    /// checked against Grafana's schema of a Prometheus query.
    #[track_caller]
    pub fn set(mut self, path: impl Into<String>, value: impl Into<Value>) -> Query {
        self.set.push(SetValue {
            path: At::here(path.into()),
            value: value.into(),
        });
        self
    }
}

/// A server-side expression of Grafana's over a panel's queries: the
/// DSL's `math "$A * 100 / $B" { ref_id, hide }`. Its names are checked
/// against the panel's refIds, and a problem reported at
/// [`Expression::math`]'s call.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    pub(super) math: At<String>,
    pub(super) ref_id: Option<At<String>>,
    pub(super) hide: bool,
}

impl Expression {
    /// Arithmetic over the panel's queries, each named `$refId` or
    /// `${refId}`.
    #[track_caller]
    pub fn math(expression: impl Into<String>) -> Expression {
        Expression {
            math: At::here(expression.into()),
            ref_id: None,
            hide: false,
        }
    }

    /// The expression's own refId, as [`Query::ref_id`].
    #[track_caller]
    pub fn ref_id(mut self, ref_id: impl Into<String>) -> Expression {
        self.ref_id = Some(At::here(ref_id.into()));
        self
    }

    /// Hidden from the panel.
    pub fn hide(mut self, hide: bool) -> Expression {
        self.hide = hide;
        self
    }
}

/// Legend options: the DSL's `legend: { mode, placement, calcs }`. A
/// [`LegendMode`] converts into a legend at the bottom without
/// calculations (the DSL's `legend: table`).
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub(super) site: Site,
    pub(super) mode: LegendMode,
    pub(super) placement: LegendPlacement,
    pub(super) calcs: Vec<At<String>>,
}

impl Legend {
    /// A legend shown as `mode`, at the bottom, without calculations.
    #[track_caller]
    pub fn new(mode: LegendMode) -> Legend {
        Legend {
            site: Location::caller(),
            mode,
            placement: LegendPlacement::Bottom,
            calcs: Vec::new(),
        }
    }

    /// Where the legend goes.
    pub fn placement(mut self, placement: LegendPlacement) -> Legend {
        self.placement = placement;
        self
    }

    /// Adds a calculation shown beside each series: a Grafana reducer id
    /// such as `mean`, `max`, `lastNotNull` or a percentile `p95`.
    #[track_caller]
    pub fn calc(mut self, reducer: impl Into<String>) -> Legend {
        self.calcs.push(At::here(reducer.into()));
        self
    }

    /// Adds calculations, in order.
    #[track_caller]
    pub fn calcs<S: Into<String>>(mut self, reducers: impl IntoIterator<Item = S>) -> Legend {
        let site = Location::caller();
        self.calcs.extend(reducers.into_iter().map(|r| At {
            value: r.into(),
            site,
        }));
        self
    }
}

impl From<LegendMode> for Legend {
    #[track_caller]
    fn from(mode: LegendMode) -> Legend {
        Legend::new(mode)
    }
}

/// Thresholds: a base color (from -Infinity) and steps, each a color from
/// a value on (the DSL's `[green, red: 80]`), drawn in a style on
/// timeseries.
///
/// ```
/// use dashc_core::builder::Thresholds;
/// use dashc_core::model::ThresholdsStyle;
/// let t = Thresholds::new("green").step("orange", 80.0).step("red", 90.0).style(ThresholdsStyle::Dashed);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub(super) site: Site,
    pub(super) mode: ThresholdsMode,
    pub(super) style: ThresholdsStyle,
    pub(super) base: At<String>,
    pub(super) steps: Vec<(At<String>, f64)>,
}

impl Thresholds {
    /// Thresholds starting with the color `base` (a Grafana color name or
    /// `#rrggbb`), absolute, not drawn.
    #[track_caller]
    pub fn new(base: impl Into<String>) -> Thresholds {
        Thresholds {
            site: Location::caller(),
            mode: ThresholdsMode::Absolute,
            style: ThresholdsStyle::Off,
            base: At::here(base.into()),
            steps: Vec::new(),
        }
    }

    /// The color `color` from `value` on; values must not decrease (of equal values Grafana shows the last step).
    #[track_caller]
    pub fn step(mut self, color: impl Into<String>, value: f64) -> Thresholds {
        self.steps.push((At::here(color.into()), value));
        self
    }

    /// Absolute values or percentages of min..max.
    pub fn mode(mut self, mode: ThresholdsMode) -> Thresholds {
        self.mode = mode;
        self
    }

    /// How the thresholds are drawn (timeseries only).
    pub fn style(mut self, style: ThresholdsStyle) -> Thresholds {
        self.style = style;
        self
    }
}

/// The kind of a variable and its kind's options.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum VarKind {
    Query {
        query: At<String>,
        filter: bool,
        multi: Option<bool>,
        include_all: Option<bool>,
        all_value: Option<String>,
        regex: Option<String>,
        sort: Option<u8>,
    },
    Custom {
        values: Vec<String>,
        multi: bool,
        include_all: bool,
        all_value: Option<String>,
    },
    Interval {
        values: Vec<String>,
        auto: bool,
    },
    Constant(String),
    Textbox(String),
    Adhoc,
}

/// A template variable, used in queries as `$name`: made by one of the
/// constructors, which give a type with the options of that kind
/// ([`QueryVariable`], [`CustomVariable`], [`IntervalVariable`],
/// [`PlainVariable`]), each converting into a `Variable`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub(super) name: At<String>,
    pub(super) label: Option<String>,
    pub(super) description: Option<String>,
    pub(super) hide: VariableHide,
    pub(super) kind: VarKind,
    /// The selected value(s) when the dashboard opens; the empty string is
    /// Grafana's "None".
    pub(super) current: Vec<At<String>>,
    pub(super) refresh: Option<VariableRefresh>,
}

impl Variable {
    #[track_caller]
    fn of(name: String, kind: VarKind) -> Variable {
        Variable {
            name: At::here(name),
            label: None,
            description: None,
            hide: VariableHide::Visible,
            kind,
            current: Vec::new(),
            refresh: None,
        }
    }

    /// Ad hoc filters (the DSL's `adhoc`): label matchers the viewer picks,
    /// which Grafana adds to every query of the dashboard's Prometheus
    /// datasource; a query never names the variable.
    #[track_caller]
    pub fn adhoc(name: impl Into<String>) -> AdhocVariable {
        AdhocVariable(Variable::of(name.into(), VarKind::Adhoc))
    }

    /// A query variable: `query` is a Grafana Prometheus variable query
    /// such as `label_values(up, job)`, checked against the catalog.
    #[track_caller]
    pub fn query(name: impl Into<String>, query: impl Into<String>) -> QueryVariable {
        QueryVariable(Variable::of(
            name.into(),
            VarKind::Query {
                query: At::here(query.into()),
                filter: false,
                multi: None,
                include_all: None,
                all_value: None,
                regex: None,
                sort: None,
            },
        ))
    }

    /// A filter variable: a query variable made to narrow queries with
    /// `label=~"$name"` (several values, "All" standing for `.*`).
    #[track_caller]
    pub fn filter(name: impl Into<String>, query: impl Into<String>) -> QueryVariable {
        let mut v = Variable::query(name, query);
        if let VarKind::Query { filter, .. } = &mut v.0.kind {
            *filter = true;
        }
        v
    }

    /// A fixed list of values, the first one the default.
    #[track_caller]
    pub fn custom<S: Into<String>>(
        name: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> CustomVariable {
        CustomVariable(Variable::of(
            name.into(),
            VarKind::Custom {
                values: values.into_iter().map(Into::into).collect(),
                multi: false,
                include_all: false,
                all_value: None,
            },
        ))
    }

    /// A list of durations, used as a range or step (`$name` in `[..]`).
    #[track_caller]
    pub fn interval<S: Into<String>>(
        name: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> IntervalVariable {
        IntervalVariable(Variable::of(
            name.into(),
            VarKind::Interval {
                values: values.into_iter().map(Into::into).collect(),
                auto: false,
            },
        ))
    }

    /// A hidden constant.
    #[track_caller]
    pub fn constant(name: impl Into<String>, value: impl Into<String>) -> PlainVariable {
        PlainVariable(Variable::of(name.into(), VarKind::Constant(value.into())))
    }

    /// A free text box with its default value.
    #[track_caller]
    pub fn textbox(name: impl Into<String>, default: impl Into<String>) -> PlainVariable {
        PlainVariable(Variable::of(name.into(), VarKind::Textbox(default.into())))
    }
}

/// The options every kind of variable has.
macro_rules! common_variable_options {
    ($ty:ident) => {
        impl $ty {
            /// The label shown in the variable bar.
            pub fn label(mut self, label: impl Into<String>) -> $ty {
                self.0.label = Some(label.into());
                self
            }

            /// The variable's description.
            pub fn description(mut self, description: impl Into<String>) -> $ty {
                self.0.description = Some(description.into());
                self
            }

            /// Whether and how it shows in the variable bar.
            pub fn hide(mut self, hide: VariableHide) -> $ty {
                self.0.hide = hide;
                self
            }
        }

        impl From<$ty> for Variable {
            fn from(v: $ty) -> Variable {
                v.0
            }
        }
    };
}

/// A `query` or `filter` variable and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryVariable(Variable);
/// A `custom` variable and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomVariable(Variable);
/// An `interval` variable and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalVariable(Variable);
/// A `constant` or `textbox` variable.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainVariable(Variable);
/// An `adhoc` variable.
#[derive(Debug, Clone, PartialEq)]
pub struct AdhocVariable(Variable);

common_variable_options!(QueryVariable);
common_variable_options!(CustomVariable);
common_variable_options!(IntervalVariable);
common_variable_options!(PlainVariable);
common_variable_options!(AdhocVariable);

/// `current`, the options of the kinds with values to select.
macro_rules! current_options {
    ($ty:ident) => {
        impl $ty {
            /// The value selected when the dashboard opens (the DSL's
            /// `current: "value"`; `"All"` with `include_all`, `"auto"` with
            /// `auto`); checked against the values where they are known.
            #[track_caller]
            pub fn current(mut self, value: impl Into<String>) -> $ty {
                self.0.current = vec![At::here(value.into())];
                self
            }

            /// The values selected when the dashboard opens, of a `multi`
            /// variable (the DSL's `current: ["a", "b"]`).
            #[track_caller]
            pub fn current_values<S: Into<String>>(
                mut self,
                values: impl IntoIterator<Item = S>,
            ) -> $ty {
                let site = Location::caller();
                self.0.current = values
                    .into_iter()
                    .map(|v| At {
                        value: v.into(),
                        site,
                    })
                    .collect();
                self
            }
        }
    };
}

current_options!(QueryVariable);
current_options!(CustomVariable);
current_options!(IntervalVariable);

impl QueryVariable {
    /// Several values may be selected.
    pub fn multi(mut self, multi: bool) -> QueryVariable {
        if let VarKind::Query { multi: m, .. } = &mut self.0.kind {
            *m = Some(multi);
        }
        self
    }

    /// An "All" option exists.
    pub fn include_all(mut self, include_all: bool) -> QueryVariable {
        if let VarKind::Query { include_all: i, .. } = &mut self.0.kind {
            *i = Some(include_all);
        }
        self
    }

    /// The value "All" stands for.
    pub fn all_value(mut self, all_value: impl Into<String>) -> QueryVariable {
        if let VarKind::Query { all_value: a, .. } = &mut self.0.kind {
            *a = Some(all_value.into());
        }
        self
    }

    /// A regex filtering the values.
    pub fn regex(mut self, regex: impl Into<String>) -> QueryVariable {
        if let VarKind::Query { regex: r, .. } = &mut self.0.kind {
            *r = Some(regex.into());
        }
        self
    }

    /// Grafana's sort order of the values, 0 to 8 (default 1,
    /// alphabetical ascending).
    pub fn sort(mut self, sort: u8) -> QueryVariable {
        if let VarKind::Query { sort: s, .. } = &mut self.0.kind {
            *s = Some(sort);
        }
        self
    }

    /// When the values are queried (the DSL's `refresh`; default
    /// [`VariableRefresh::OnTimeRangeChange`]).
    pub fn refresh(mut self, refresh: VariableRefresh) -> QueryVariable {
        self.0.refresh = Some(refresh);
        self
    }

    /// Selects Grafana's "None", what a variable whose query returned no
    /// values holds (the DSL's `current: none`).
    #[track_caller]
    pub fn current_none(mut self) -> QueryVariable {
        self.0.current = vec![At::here(String::new())];
        self
    }
}

impl CustomVariable {
    /// Several values may be selected.
    pub fn multi(mut self, multi: bool) -> CustomVariable {
        if let VarKind::Custom { multi: m, .. } = &mut self.0.kind {
            *m = multi;
        }
        self
    }

    /// An "All" option exists.
    pub fn include_all(mut self, include_all: bool) -> CustomVariable {
        if let VarKind::Custom { include_all: i, .. } = &mut self.0.kind {
            *i = include_all;
        }
        self
    }

    /// The value "All" stands for.
    pub fn all_value(mut self, all_value: impl Into<String>) -> CustomVariable {
        if let VarKind::Custom { all_value: a, .. } = &mut self.0.kind {
            *a = Some(all_value.into());
        }
        self
    }
}

impl IntervalVariable {
    /// Whether the `auto` option exists.
    pub fn auto(mut self, auto: bool) -> IntervalVariable {
        if let VarKind::Interval { auto: a, .. } = &mut self.0.kind {
            *a = auto;
        }
        self
    }
}

/// A link shown at the top of the dashboard: to the dashboards having
/// some tags, or to a URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub(super) site: Site,
    pub(super) title: String,
    pub(super) target: crate::model::LinkTarget,
    pub(super) as_dropdown: bool,
    pub(super) keep_time: bool,
    pub(super) include_vars: bool,
    pub(super) new_tab: bool,
    pub(super) tooltip: Option<String>,
    pub(super) icon: Option<At<String>>,
}

impl Link {
    #[track_caller]
    fn of(title: String, target: crate::model::LinkTarget) -> Link {
        Link {
            site: Location::caller(),
            title,
            target,
            as_dropdown: false,
            keep_time: true,
            include_vars: true,
            new_tab: false,
            tooltip: None,
            icon: None,
        }
    }

    /// The dashboards having all of `tags` (the DSL's `dashboards "Title" { tags: [..] }`).
    #[track_caller]
    pub fn dashboards<S: Into<String>>(
        title: impl Into<String>,
        tags: impl IntoIterator<Item = S>,
    ) -> Link {
        Link::of(
            title.into(),
            crate::model::LinkTarget::Dashboards {
                tags: tags.into_iter().map(Into::into).collect(),
            },
        )
    }

    /// A URL (the DSL's `url "Title" "https://.."`).
    #[track_caller]
    pub fn url(title: impl Into<String>, url: impl Into<String>) -> Link {
        Link::of(title.into(), crate::model::LinkTarget::Url(url.into()))
    }

    /// Show the matching dashboards as a dropdown.
    pub fn as_dropdown(mut self, as_dropdown: bool) -> Link {
        self.as_dropdown = as_dropdown;
        self
    }

    /// Carry the current time range over (default `true`).
    pub fn keep_time(mut self, keep_time: bool) -> Link {
        self.keep_time = keep_time;
        self
    }

    /// Carry the template variables over (default `true`).
    pub fn include_vars(mut self, include_vars: bool) -> Link {
        self.include_vars = include_vars;
        self
    }

    /// Open in a new tab.
    pub fn new_tab(mut self, new_tab: bool) -> Link {
        self.new_tab = new_tab;
        self
    }

    /// Tooltip text.
    pub fn tooltip(mut self, tooltip: impl Into<String>) -> Link {
        self.tooltip = Some(tooltip.into());
        self
    }

    /// The icon shown with a URL link: one of Grafana's
    /// [`crate::model::LINK_ICONS`] (default `"external link"`).
    #[track_caller]
    pub fn icon(mut self, icon: impl Into<String>) -> Link {
        self.icon = Some(At::here(icon.into()));
        self
    }
}

/// Where an annotation query's events come from.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum AnnotationKind {
    Prometheus {
        expr: At<String>,
        title: Option<At<String>>,
        text: Option<At<String>>,
        tag_keys: Vec<At<String>>,
        step: Option<At<String>>,
        allow: Vec<At<String>>,
    },
    Tagged {
        tags: Vec<At<String>>,
        match_any: bool,
        limit: Option<At<u32>>,
    },
}

/// An annotation query (an entry of the DSL's `annotations { .. }`): made
/// by [`Annotation::prometheus`] or [`Annotation::tagged`], which give a
/// type with the options of that source, each converting into an
/// `Annotation`.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub(super) name: At<String>,
    pub(super) display_name: Option<At<String>>,
    pub(super) color: Option<At<String>>,
    pub(super) enable: bool,
    pub(super) hide: bool,
    pub(super) kind: AnnotationKind,
}

impl Annotation {
    #[track_caller]
    fn of(name: String, kind: AnnotationKind) -> Annotation {
        Annotation {
            name: At::here(name),
            display_name: None,
            color: None,
            enable: true,
            hide: false,
            kind,
        }
    }

    /// A PromQL query of the dashboard's Prometheus whose samples mark
    /// events (the DSL's `name: prometheus "expr"`), checked like a panel
    /// query.
    #[track_caller]
    pub fn prometheus(name: impl Into<String>, expr: impl Into<String>) -> PrometheusAnnotation {
        PrometheusAnnotation(Annotation::of(
            name.into(),
            AnnotationKind::Prometheus {
                expr: At::here(expr.into()),
                title: None,
                text: None,
                tag_keys: Vec::new(),
                step: None,
                allow: Vec::new(),
            },
        ))
    }

    /// Grafana's own annotations having all `tags` (the DSL's `name:
    /// tagged ["tag"]`).
    #[track_caller]
    pub fn tagged<S: Into<String>>(
        name: impl Into<String>,
        tags: impl IntoIterator<Item = S>,
    ) -> TaggedAnnotation {
        let site = Location::caller();
        TaggedAnnotation(Annotation::of(
            name.into(),
            AnnotationKind::Tagged {
                tags: tags
                    .into_iter()
                    .map(|t| At {
                        value: t.into(),
                        site,
                    })
                    .collect(),
                match_any: false,
                limit: None,
            },
        ))
    }
}

/// The options every annotation query has.
macro_rules! common_annotation_options {
    ($ty:ident) => {
        impl $ty {
            /// The name shown beside its toggle, when not the identifier.
            #[track_caller]
            pub fn display_name(mut self, name: impl Into<String>) -> $ty {
                self.0.display_name = Some(At::here(name.into()));
                self
            }

            /// The markers' color: a Grafana color name or `#rrggbb`
            /// (default red).
            #[track_caller]
            pub fn color(mut self, color: impl Into<String>) -> $ty {
                self.0.color = Some(At::here(color.into()));
                self
            }

            /// Queried on load (default); off, the viewer turns it on.
            pub fn enable(mut self, enable: bool) -> $ty {
                self.0.enable = enable;
                self
            }

            /// Its toggle hidden from the dashboard controls.
            pub fn hide(mut self, hide: bool) -> $ty {
                self.0.hide = hide;
                self
            }
        }

        impl From<$ty> for Annotation {
            fn from(a: $ty) -> Annotation {
                a.0
            }
        }
    };
}

/// A `prometheus` annotation query and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct PrometheusAnnotation(Annotation);
/// A `tagged` annotation query and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedAnnotation(Annotation);

common_annotation_options!(PrometheusAnnotation);
common_annotation_options!(TaggedAnnotation);

impl PrometheusAnnotation {
    fn kind(&mut self) -> Option<PrometheusParts<'_>> {
        match &mut self.0.kind {
            AnnotationKind::Prometheus {
                title,
                text,
                tag_keys,
                step,
                allow,
                ..
            } => Some((title, text, tag_keys, step, allow)),
            AnnotationKind::Tagged { .. } => None,
        }
    }

    /// The event title, with `{{label}}` placeholders (`titleFormat`).
    #[track_caller]
    pub fn title(mut self, title: impl Into<String>) -> PrometheusAnnotation {
        let at = At::here(title.into());
        if let Some(k) = self.kind() {
            *k.0 = Some(at);
        }
        self
    }

    /// The event text, with `{{label}}` placeholders (`textFormat`).
    #[track_caller]
    pub fn text(mut self, text: impl Into<String>) -> PrometheusAnnotation {
        let at = At::here(text.into());
        if let Some(k) = self.kind() {
            *k.1 = Some(at);
        }
        self
    }

    /// The labels shown as the event's tags (the DSL's `tags`, Grafana's
    /// `tagKeys`).
    #[track_caller]
    pub fn tag_keys<S: Into<String>>(
        mut self,
        labels: impl IntoIterator<Item = S>,
    ) -> PrometheusAnnotation {
        let site = Location::caller();
        let list: Vec<At<String>> = labels
            .into_iter()
            .map(|l| At {
                value: l.into(),
                site,
            })
            .collect();
        if let Some(k) = self.kind() {
            *k.2 = list;
        }
        self
    }

    /// The evaluation step, such as `60s`.
    #[track_caller]
    pub fn step(mut self, step: impl Into<String>) -> PrometheusAnnotation {
        let at = At::here(step.into());
        if let Some(k) = self.kind() {
            *k.3 = Some(at);
        }
        self
    }

    /// Catalog checks switched off for this query, by rule name.
    #[track_caller]
    pub fn allow<S: Into<String>>(
        mut self,
        checks: impl IntoIterator<Item = S>,
    ) -> PrometheusAnnotation {
        let site = Location::caller();
        let list: Vec<At<String>> = checks
            .into_iter()
            .map(|c| At {
                value: c.into(),
                site,
            })
            .collect();
        if let Some(k) = self.kind() {
            *k.4 = list;
        }
        self
    }
}

/// The options of a PromQL annotation query, by reference.
type PrometheusParts<'a> = (
    &'a mut Option<At<String>>,
    &'a mut Option<At<String>>,
    &'a mut Vec<At<String>>,
    &'a mut Option<At<String>>,
    &'a mut Vec<At<String>>,
);

impl TaggedAnnotation {
    /// Any one of the tags suffices, rather than all (`matchAny`).
    pub fn match_any(mut self, match_any: bool) -> TaggedAnnotation {
        if let AnnotationKind::Tagged { match_any: m, .. } = &mut self.0.kind {
            *m = match_any;
        }
        self
    }

    /// The most events shown (default 100).
    #[track_caller]
    pub fn limit(mut self, limit: u32) -> TaggedAnnotation {
        let at = At::here(limit);
        if let AnnotationKind::Tagged { limit: l, .. } = &mut self.0.kind {
            *l = Some(at);
        }
        self
    }
}

/// The time picker's options (the DSL's `time_picker: { .. }`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimePicker {
    pub(super) hidden: bool,
    pub(super) refresh_intervals: Vec<At<String>>,
    pub(super) now_delay: Option<At<String>>,
}

impl TimePicker {
    /// The time picker with Grafana's defaults.
    pub fn new() -> TimePicker {
        TimePicker::default()
    }

    /// The time picker is not shown.
    pub fn hidden(mut self, hidden: bool) -> TimePicker {
        self.hidden = hidden;
        self
    }

    /// The choices of the refresh picker, such as `10s`, `1m`.
    #[track_caller]
    pub fn refresh_intervals<S: Into<String>>(
        mut self,
        intervals: impl IntoIterator<Item = S>,
    ) -> TimePicker {
        let site = Location::caller();
        self.refresh_intervals = intervals
            .into_iter()
            .map(|i| At {
                value: i.into(),
                site,
            })
            .collect();
        self
    }

    /// "now" is this long ago, for data that arrives late (`nowDelay`).
    #[track_caller]
    pub fn now_delay(mut self, delay: impl Into<String>) -> TimePicker {
        self.now_delay = Some(At::here(delay.into()));
        self
    }
}
