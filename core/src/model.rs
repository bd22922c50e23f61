//! The dashboard model: what a `dashboard!` invocation describes, after
//! parsing and before any check. Every user-written element carries a
//! [`Loc`] so a check can point back at it. Defaults are resolved by the
//! front end (panel-level target options are copied into each target), so
//! the renderer never guesses.

use crate::diag::Loc;

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

impl<T> Spanned<T> {
    /// Wraps `value` written at `loc`.
    pub fn new(value: T, loc: Loc) -> Self {
        Spanned { value, loc }
    }
}

/// The uid of the datasource the dashboards use unless told otherwise; it is
/// the uid the provisioned Prometheus datasource gets.
pub const DEFAULT_DATASOURCE_UID: &str = "prometheus";

/// One dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// The whole invocation.
    pub loc: Loc,
    /// Grafana's identity: `[a-zA-Z0-9_-]{1,40}`.
    pub uid: Spanned<String>,
    /// Non-empty title.
    pub title: Spanned<String>,
    /// Optional description.
    pub description: Option<String>,
    /// Folder (directory under the provider path); empty for the root.
    pub folder: Spanned<String>,
    /// Tags.
    pub tags: Vec<Spanned<String>>,
    /// Auto-refresh interval such as `"30s"`; `None` for off.
    pub refresh: Option<Spanned<String>>,
    /// Default time range.
    pub time: TimeRange,
    /// `"browser"`, `"utc"` or an IANA zone.
    pub timezone: Spanned<String>,
    /// Cursor sync between panels.
    pub graph_tooltip: GraphTooltip,
    /// Whether the dashboard is editable in the UI.
    pub editable: bool,
    /// Links shown at the top of the dashboard.
    pub links: Vec<Link>,
    /// Uid of the provisioned Prometheus datasource: the default of the
    /// `datasource` variable.
    pub datasource_uid: Spanned<String>,
    /// Template variables other than the implicit `datasource` one.
    pub variables: Vec<Variable>,
    /// Metric catalog files (paths relative to the defining crate).
    pub catalogs: Vec<Spanned<String>>,
    /// Accept Prometheus's experimental PromQL syntax.
    pub experimental: bool,
    /// Rows and top-level panels, in order.
    pub items: Vec<Item>,
    /// `set: { .. }`: values written at JSON paths of the dashboard object.
    pub set: Vec<SetEntry>,
}

/// One entry of a `set: { "dotted.path": value }` block: a value merged into
/// the rendered JSON object (dashboard, panel or query) at that path, once
/// checked against Grafana's schema of the object.
#[derive(Debug, Clone, PartialEq)]
pub struct SetEntry {
    /// The dotted JSON path (`options.reduceOptions.calcs`), where written.
    pub path: Spanned<String>,
    /// The value.
    pub value: serde_json::Value,
    /// Where the value is written.
    pub value_loc: Loc,
}

/// A time range such as `now-1h` .. `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeRange {
    /// Start, e.g. `now-1h`.
    pub from: Spanned<String>,
    /// End, e.g. `now`.
    pub to: Spanned<String>,
}

/// Grafana's `graphTooltip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GraphTooltip {
    /// 0: no sync.
    #[default]
    Default,
    /// 1: shared crosshair.
    SharedCrosshair,
    /// 2: shared crosshair and tooltip.
    SharedTooltip,
}

/// A dashboard link.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Where it was written.
    pub loc: Loc,
    /// Text shown.
    pub title: String,
    /// What it points at.
    pub target: LinkTarget,
    /// Show the matching dashboards as a dropdown (for tag links).
    pub as_dropdown: bool,
    /// Carry the current time range over.
    pub keep_time: bool,
    /// Carry the template variables over.
    pub include_vars: bool,
    /// Open in a new tab.
    pub target_blank: bool,
    /// Tooltip text.
    pub tooltip: Option<String>,
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// Dashboards having all these tags.
    Dashboards {
        /// The tags.
        tags: Vec<String>,
    },
    /// A URL.
    Url(String),
}

/// A template variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// Where it was written.
    pub loc: Loc,
    /// Name used as `$name` in queries.
    pub name: Spanned<String>,
    /// Label shown in the variable bar.
    pub label: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Hidden from the variable bar.
    pub hide: VariableHide,
    /// What kind of variable and its options.
    pub kind: VariableKind,
}

/// Whether and how a variable shows in the variable bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VariableHide {
    /// Label and value shown.
    #[default]
    Visible,
    /// Value shown without its label.
    Label,
    /// Not shown.
    Variable,
}

/// The kinds of template variables and their options.
#[derive(Debug, Clone, PartialEq)]
pub enum VariableKind {
    /// A label-values or other query against the datasource.
    Query {
        /// The query, e.g. `label_values(up, job)`.
        query: Spanned<String>,
        /// Several values may be selected.
        multi: bool,
        /// An "All" option exists.
        include_all: bool,
        /// The value "All" stands for (Grafana's default is a regex of every value).
        all_value: Option<String>,
        /// Regex filtering the values.
        regex: Option<String>,
        /// Sort order (Grafana's numeric `sort`, 0..=8).
        sort: u8,
    },
    /// A fixed list of values.
    Custom {
        /// The values, first one is the default.
        values: Vec<String>,
        /// Several values may be selected.
        multi: bool,
        /// An "All" option exists.
        include_all: bool,
        /// The value "All" stands for.
        all_value: Option<String>,
    },
    /// A list of durations, used as a range or step.
    Interval {
        /// The durations, e.g. `1m`, `5m`; first is the default.
        values: Vec<String>,
        /// Whether the `auto` option exists.
        auto: bool,
    },
    /// A hidden constant.
    Constant {
        /// The value.
        value: String,
    },
    /// A free text box.
    Textbox {
        /// Its default value.
        default: String,
    },
}

impl VariableKind {
    /// Grafana's `type` name of the variable.
    pub fn type_name(&self) -> &'static str {
        match self {
            VariableKind::Query { .. } => "query",
            VariableKind::Custom { .. } => "custom",
            VariableKind::Interval { .. } => "interval",
            VariableKind::Constant { .. } => "constant",
            VariableKind::Textbox { .. } => "textbox",
        }
    }
}

/// A row or a panel at the top level.
// Built once per dashboard at compile time: boxing panels would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A row and the panels under it.
    Row(Row),
    /// A panel outside any row.
    Panel(Panel),
}

/// A row: a full-width header grouping the panels that follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where it was written.
    pub loc: Loc,
    /// Row title.
    pub title: Spanned<String>,
    /// Collapsed rows hold their panels inside the row object.
    pub collapsed: bool,
    /// The panels of the row.
    pub panels: Vec<Panel>,
}

/// Visualization kinds; never Angular `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelKind {
    /// `timeseries`
    Timeseries,
    /// `stat`
    Stat,
    /// `gauge`
    Gauge,
    /// `bargauge`
    BarGauge,
    /// `table`
    Table,
    /// `heatmap`
    Heatmap,
    /// `text`
    Text,
}

impl PanelKind {
    /// Every kind with its DSL keyword.
    pub const ALL: [(PanelKind, &'static str); 7] = [
        (PanelKind::Timeseries, "timeseries"),
        (PanelKind::Stat, "stat"),
        (PanelKind::Gauge, "gauge"),
        (PanelKind::BarGauge, "bargauge"),
        (PanelKind::Table, "table"),
        (PanelKind::Heatmap, "heatmap"),
        (PanelKind::Text, "text"),
    ];

    /// Grafana's panel plugin id (also the DSL keyword).
    pub fn plugin_id(self) -> &'static str {
        PanelKind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("timeseries")
    }

    /// The kind for a DSL keyword.
    pub fn from_keyword(word: &str) -> Option<PanelKind> {
        PanelKind::ALL
            .iter()
            .find(|(_, n)| *n == word)
            .map(|(k, _)| *k)
    }
}

/// A panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Where it was written.
    pub loc: Loc,
    /// Visualization.
    pub kind: PanelKind,
    /// Title.
    pub title: Spanned<String>,
    /// Description (shown as the panel's info tooltip).
    pub description: Option<String>,
    /// Grafana unit id such as `reqps`, `s`, `percent`.
    pub unit: Option<Spanned<String>>,
    /// Axis / gauge minimum.
    pub min: Option<f64>,
    /// Axis / gauge maximum.
    pub max: Option<f64>,
    /// Decimals shown.
    pub decimals: Option<u8>,
    /// Legend options (timeseries, bargauge, heatmap).
    pub legend: Option<Legend>,
    /// Thresholds and how they are drawn.
    pub thresholds: Option<Thresholds>,
    /// Color mode of the values.
    pub color: Option<ColorMode>,
    /// Stacking of timeseries.
    pub stacking: Option<Stacking>,
    /// Width in grid columns (1..=24); default 12.
    pub width: Option<Spanned<u32>>,
    /// Height in grid units (30 px each); default 8.
    pub height: Option<Spanned<u32>>,
    /// Markdown content of a text panel.
    pub content: Option<String>,
    /// Row order of a table panel, by its value column (see [`SortOrder`]);
    /// `None` keeps the order the queries return, which for `topk` and
    /// aggregations is no particular order.
    pub sort: Option<Spanned<SortOrder>>,
    /// Queries, lettered A, B, ... in order.
    pub targets: Vec<Target>,
    /// `set: { .. }`: values written at JSON paths of the panel object.
    pub set: Vec<SetEntry>,
}

impl Panel {
    /// A panel of `kind` titled `title`, written at `loc`: every option
    /// unset, no query yet.
    pub fn new(loc: Loc, kind: PanelKind, title: Spanned<String>) -> Panel {
        Panel {
            loc,
            kind,
            title,
            description: None,
            unit: None,
            min: None,
            max: None,
            decimals: None,
            legend: None,
            thresholds: None,
            color: None,
            stacking: None,
            width: None,
            height: None,
            content: None,
            sort: None,
            targets: Vec::new(),
            set: Vec::new(),
        }
    }
}

/// How a table panel orders its rows: by the value column of its first
/// shown `format: table` query (Grafana's `options.sortBy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// Smallest value first.
    Ascending,
    /// Largest value first (a top-10 list).
    Descending,
}

/// Legend options.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// How the legend is displayed.
    pub mode: LegendMode,
    /// Where.
    pub placement: LegendPlacement,
    /// Reducers shown beside each series (`mean`, `max`, `lastNotNull`, ...).
    pub calcs: Vec<Spanned<String>>,
}

/// Legend display mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendMode {
    /// A list.
    List,
    /// A table.
    Table,
    /// No legend.
    Hidden,
}

/// Legend placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendPlacement {
    /// Below the graph.
    Bottom,
    /// Right of the graph.
    Right,
}

/// Thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// Absolute values or percentages of min..max.
    pub mode: ThresholdsMode,
    /// Steps; the first one has no value (it starts at -Infinity).
    pub steps: Vec<ThresholdStep>,
    /// How thresholds are drawn on a timeseries.
    pub style: ThresholdsStyle,
}

/// Threshold mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdsMode {
    /// Values as written.
    Absolute,
    /// Percent of the min..max range.
    Percentage,
}

/// One threshold step.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdStep {
    /// Where it was written.
    pub loc: Loc,
    /// Color name (`green`, `red`, ...) or `#rrggbb`.
    pub color: String,
    /// Lower bound; `None` for the base step.
    pub value: Option<f64>,
}

/// How thresholds are drawn on a timeseries (`custom.thresholdsStyle.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdsStyle {
    /// Not drawn.
    Off,
    /// A solid line.
    Line,
    /// A dashed line.
    Dashed,
    /// Filled regions.
    Area,
    /// Line and regions.
    LineAndArea,
    /// Dashed line and regions.
    DashedAndArea,
    /// Drawn as series of their own (lines that follow the thresholds).
    Series,
}

impl ThresholdsStyle {
    /// Grafana's name of the style.
    pub fn grafana_name(self) -> &'static str {
        match self {
            ThresholdsStyle::Off => "off",
            ThresholdsStyle::Line => "line",
            ThresholdsStyle::Dashed => "dashed",
            ThresholdsStyle::Area => "area",
            ThresholdsStyle::LineAndArea => "line+area",
            ThresholdsStyle::DashedAndArea => "dashed+area",
            ThresholdsStyle::Series => "series",
        }
    }

    /// Every style.
    pub const ALL: [ThresholdsStyle; 7] = [
        ThresholdsStyle::Off,
        ThresholdsStyle::Line,
        ThresholdsStyle::Dashed,
        ThresholdsStyle::Area,
        ThresholdsStyle::LineAndArea,
        ThresholdsStyle::DashedAndArea,
        ThresholdsStyle::Series,
    ];

    /// The style of Grafana's name (`line+area`).
    pub fn from_grafana_name(name: &str) -> Option<ThresholdsStyle> {
        Self::ALL.into_iter().find(|s| s.grafana_name() == name)
    }
}

/// Color mode of values (`fieldConfig.defaults.color`).
#[derive(Debug, Clone, PartialEq)]
pub enum ColorMode {
    /// Colors from the thresholds.
    Thresholds,
    /// Grafana's classic palette, one color a series.
    PaletteClassic,
    /// One fixed color.
    Fixed(String),
    /// A continuous green-yellow-red scheme.
    GreenYellowRed,
}

/// Stacking of timeseries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stacking {
    /// Not stacked.
    None,
    /// Values stacked.
    Normal,
    /// Stacked to 100 %.
    Percent,
}

/// One query of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Where it was written.
    pub loc: Loc,
    /// The PromQL expression (the string literal's `loc`).
    pub expr: Spanned<String>,
    /// Legend format such as `{{method}}`.
    pub legend: Option<Spanned<String>>,
    /// Instant query (one value per series) instead of a range.
    pub instant: bool,
    /// Result format.
    pub format: TargetFormat,
    /// Minimum step such as `1m`.
    pub interval: Option<Spanned<String>>,
    /// Hidden from the panel (still evaluated for other targets).
    pub hide: bool,
    /// Catalog checks deliberately switched off for this query, by rule name.
    pub allow: Vec<Spanned<String>>,
    /// `set: { .. }`: values written at JSON paths of the query object.
    pub set: Vec<SetEntry>,
}

/// Prometheus target format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetFormat {
    /// One series per label set.
    TimeSeries,
    /// Rows for a table.
    Table,
    /// Buckets for a heatmap.
    Heatmap,
}

impl TargetFormat {
    /// Grafana's name of the format.
    pub fn grafana_name(self) -> &'static str {
        match self {
            TargetFormat::TimeSeries => "time_series",
            TargetFormat::Table => "table",
            TargetFormat::Heatmap => "heatmap",
        }
    }
}
