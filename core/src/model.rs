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
    /// `annotations { .. }`: the built-in annotation query and PromQL ones.
    pub annotations: Annotations,
    /// `time_picker: { .. }`: the time picker's options; `None` keeps
    /// Grafana's defaults (nothing written).
    pub time_picker: Option<TimePicker>,
    /// `week_start`: the first day of the week (`monday`, `saturday`,
    /// `sunday`); `None` for the browser's.
    pub week_start: Option<WeekStart>,
    /// `fiscal_year_start`: the month the fiscal year starts on, 0 for
    /// January to 11 for December.
    pub fiscal_year_start: Option<Spanned<u32>>,
}

/// The dashboard's annotation queries (`annotations { .. }`).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotations {
    /// The built-in "Annotations & Alerts" query: whether it is on.
    pub builtin_enable: bool,
    /// Whether its toggle is hidden from the dashboard controls.
    pub builtin_hide: bool,
    /// PromQL annotation queries, in order.
    pub queries: Vec<Annotation>,
}

impl Default for Annotations {
    /// Grafana's default: the built-in query on, its toggle hidden, no other query.
    fn default() -> Self {
        Annotations {
            builtin_enable: true,
            builtin_hide: true,
            queries: Vec::new(),
        }
    }
}

/// A PromQL annotation query: an event marker wherever the query returns a
/// sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// Where it was written.
    pub loc: Loc,
    /// Its name, shown beside its toggle unless `display_name` is set.
    pub name: Spanned<String>,
    /// The name shown beside its toggle when it is not an identifier
    /// (`name: "flux events"`).
    pub display_name: Option<Spanned<String>>,
    /// Where its events come from.
    pub source: AnnotationSource,
    /// The PromQL expression (the string literal's `loc`) of a
    /// [`AnnotationSource::Prometheus`] query; empty for the other sources.
    pub expr: Spanned<String>,
    /// Color of the markers (a Grafana color name or `#rrggbb`).
    pub color: Spanned<String>,
    /// Title of an event, with `{{label}}` placeholders (`titleFormat`).
    pub title: Option<Spanned<String>>,
    /// Text of an event, with `{{label}}` placeholders (`textFormat`).
    pub text: Option<Spanned<String>>,
    /// Labels shown as the event's tags (`tagKeys`).
    pub tags: Vec<Spanned<String>>,
    /// Evaluation step such as `60s`.
    pub step: Option<Spanned<String>>,
    /// Queried on load (`enable`); off, the user turns it on with its toggle.
    pub enable: bool,
    /// Its toggle hidden from the dashboard controls.
    pub hide: bool,
    /// Catalog checks deliberately switched off for this query, by rule name.
    pub allow: Vec<Spanned<String>>,
}

/// Where an annotation query's events come from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AnnotationSource {
    /// The dashboard's Prometheus datasource: a marker wherever the PromQL
    /// `expr` returns a sample (`prometheus "expr"`).
    #[default]
    Prometheus,
    /// Grafana's own annotations (any dashboard's, and those of the HTTP
    /// API) having the tags (`tagged ["tag"]`).
    Tagged {
        /// The tags, at least one; `$var` references are interpolated.
        tags: Vec<Spanned<String>>,
        /// Any one of the tags suffices (`matchAny`), rather than all.
        match_any: bool,
        /// The most events shown (Grafana's default is 100).
        limit: Spanned<u32>,
    },
}

/// Grafana's default `limit` of a tag annotation query.
pub const ANNOTATION_LIMIT: u32 = 100;

/// The time picker's options (`timepicker`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimePicker {
    /// The time picker is not shown.
    pub hidden: bool,
    /// The choices of the refresh picker, such as `10s`, `1m`.
    pub refresh_intervals: Vec<Spanned<String>>,
    /// "now" is this long ago, for data that arrives late (`nowDelay`).
    pub now_delay: Option<Spanned<String>>,
}

/// The first day of the week (`weekStart`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekStart {
    /// Monday.
    Monday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl WeekStart {
    /// Grafana's name of the day.
    pub fn grafana_name(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Saturday => "saturday",
            WeekStart::Sunday => "sunday",
        }
    }
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
    /// The icon shown with a URL link (one of [`LINK_ICONS`]); `None` for
    /// Grafana's default, `external link`.
    pub icon: Option<Spanned<String>>,
}

/// The icons Grafana offers for a dashboard link (`icon`).
pub const LINK_ICONS: &[&str] = &[
    "external link",
    "dashboard",
    "question",
    "info",
    "bolt",
    "doc",
    "cloud",
];

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
    /// `current`: the value(s) selected when the dashboard opens; empty for
    /// the default (the first value, or "All").
    pub current: Vec<Spanned<String>>,
    /// `refresh` of a query variable: when its values are queried again;
    /// `None` for the default ([`VariableRefresh::OnTimeRangeChange`]).
    pub refresh: Option<VariableRefresh>,
    /// `set: { .. }`: values written at JSON paths of the variable object.
    pub set: Vec<SetEntry>,
}

/// When a query variable's values are queried (Grafana's numeric `refresh`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableRefresh {
    /// 0: never, the values saved with the dashboard are kept.
    Never,
    /// 1: when the dashboard loads.
    OnLoad,
    /// 2: when the dashboard loads and whenever the time range changes.
    OnTimeRangeChange,
}

impl VariableRefresh {
    /// Grafana's number.
    pub fn grafana_number(self) -> u8 {
        match self {
            VariableRefresh::Never => 0,
            VariableRefresh::OnLoad => 1,
            VariableRefresh::OnTimeRangeChange => 2,
        }
    }
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
    /// Ad hoc filters (`adhoc`): label matchers the viewer picks, which
    /// Grafana adds to every query of the dashboard's Prometheus datasource.
    Adhoc,
}

/// What "All" of a `filter` variable stands for: every value, as a regex.
pub const FILTER_ALL_VALUE: &str = ".*";

impl VariableKind {
    /// A query variable (`query "<query>"`): one value at a time, no
    /// "All", values sorted alphabetically (Grafana's `sort` 1).
    pub fn query(query: Spanned<String>) -> VariableKind {
        VariableKind::Query {
            query,
            multi: false,
            include_all: false,
            all_value: None,
            regex: None,
            sort: 1,
        }
    }

    /// A `filter` variable: a query variable made to narrow queries with
    /// `label=~"$name"`, so several values may be selected and "All"
    /// stands for every value ([`FILTER_ALL_VALUE`]).
    pub fn filter(query: Spanned<String>) -> VariableKind {
        VariableKind::Query {
            query,
            multi: true,
            include_all: true,
            all_value: Some(FILTER_ALL_VALUE.to_owned()),
            regex: None,
            sort: 1,
        }
    }

    /// Grafana's `type` name of the variable.
    pub fn type_name(&self) -> &'static str {
        match self {
            VariableKind::Query { .. } => "query",
            VariableKind::Custom { .. } => "custom",
            VariableKind::Interval { .. } => "interval",
            VariableKind::Constant { .. } => "constant",
            VariableKind::Textbox { .. } => "textbox",
            VariableKind::Adhoc => "adhoc",
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
    /// `repeat var`: the row (with its panels) repeated for each selected
    /// value of a multi-value variable.
    pub repeat: Option<Spanned<String>>,
    /// Explicit grid unit of the header (`y: N` in the row's body); `None`
    /// starts it below everything placed before.
    pub y: Option<Spanned<u32>>,
    /// `set: { .. }`: values written at JSON paths of the row panel.
    pub set: Vec<SetEntry>,
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
    /// `piechart`
    PieChart,
    /// `barchart`
    BarChart,
    /// `histogram`
    Histogram,
    /// `state_timeline` (Grafana's `state-timeline`)
    StateTimeline,
    /// `status_history` (Grafana's `status-history`)
    StatusHistory,
    /// `alertlist`: Grafana's alert rules and their instances, no queries
    AlertList,
}

impl PanelKind {
    /// Every kind with its DSL keyword.
    pub const ALL: [(PanelKind, &'static str); 13] = [
        (PanelKind::Timeseries, "timeseries"),
        (PanelKind::Stat, "stat"),
        (PanelKind::Gauge, "gauge"),
        (PanelKind::BarGauge, "bargauge"),
        (PanelKind::Table, "table"),
        (PanelKind::Heatmap, "heatmap"),
        (PanelKind::Text, "text"),
        (PanelKind::PieChart, "piechart"),
        (PanelKind::BarChart, "barchart"),
        (PanelKind::Histogram, "histogram"),
        (PanelKind::StateTimeline, "state_timeline"),
        (PanelKind::StatusHistory, "status_history"),
        (PanelKind::AlertList, "alertlist"),
    ];

    /// Grafana's panel plugin id, the panel's `type` (the DSL keyword with
    /// `-` for `_`).
    pub fn plugin_id(self) -> &'static str {
        match self {
            PanelKind::StateTimeline => "state-timeline",
            PanelKind::StatusHistory => "status-history",
            other => other.keyword(),
        }
    }

    /// The DSL keyword.
    pub fn keyword(self) -> &'static str {
        PanelKind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("timeseries")
    }

    /// Whether panels of this kind show values of queries: all but the
    /// text panel (Markdown) and the alert list (Grafana's alerts), which
    /// run no query and have no field config to style.
    pub fn shows_values(self) -> bool {
        !matches!(self, PanelKind::Text | PanelKind::AlertList)
    }

    /// The plugin id with its article, for messages ("a timeseries", "an
    /// alertlist").
    pub fn with_article(self) -> String {
        let id = self.plugin_id();
        let article = if id.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {id}")
    }

    /// What a panel of a kind that shows no values shows instead, for
    /// messages ("it shows Markdown").
    pub fn shows_instead(self) -> &'static str {
        match self {
            PanelKind::AlertList => "it lists Grafana's alerts",
            _ => "it shows Markdown",
        }
    }

    /// The format a query of this kind of panel has unless it says
    /// otherwise: `heatmap` for heatmaps, `time_series` elsewhere.
    pub fn default_format(self) -> TargetFormat {
        match self {
            PanelKind::Heatmap => TargetFormat::Heatmap,
            _ => TargetFormat::TimeSeries,
        }
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
    /// `unit: as_is ".."`: the unit is written as it is, an id Grafana does
    /// not know on purpose (Grafana shows it after each value, as it would
    /// `suffix:<id>`), so it is not checked against Grafana's unit ids.
    pub unit_as_is: bool,
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
    /// Explicit column of the left edge (`x: N`, with `y`); `None` lets the
    /// panel flow (see [`crate::layout`]).
    pub x: Option<Spanned<u32>>,
    /// Explicit grid unit of the top edge (`y: N`, with `x`).
    pub y: Option<Spanned<u32>>,
    /// Markdown content of a text panel.
    pub content: Option<String>,
    /// Row order of a table panel, by its value column (see [`SortOrder`]);
    /// `None` keeps the order the queries return, which for `topk` and
    /// aggregations is no particular order.
    pub sort: Option<Spanned<SortOrder>>,
    /// Queries, lettered A, B, ... in order (see [`crate::grafana::ref_ids`]).
    pub targets: Vec<Target>,
    /// Grafana's server-side expressions over the queries (`math ".."`),
    /// after them in the panel's `targets`.
    pub expressions: Vec<Expression>,
    /// Short forms of Grafana options (`fill_opacity: 10`, `tooltip: single`,
    /// `graph_mode: none`, ..), each already the JSON its path takes.
    pub settings: Vec<Setting>,
    /// `series .. { .. }`: options of some series only (Grafana's
    /// `fieldConfig.overrides`), in order.
    pub overrides: Vec<SeriesOverride>,
    /// `mappings: [..]`: value mappings (`fieldConfig.defaults.mappings`).
    pub mappings: Vec<ValueMapping>,
    /// `set: { .. }`: values written at JSON paths of the panel object.
    pub set: Vec<SetEntry>,
    /// `mode` of a text panel (Markdown by default).
    pub text_mode: Option<Spanned<TextMode>>,
    /// `transform: [..]`: Grafana transformations, applied in order.
    pub transformations: Vec<Transformation>,
    /// `links: [..]`: data links on the panel's values.
    pub data_links: Vec<DataLink>,
    /// `repeat: var { .. }`: one copy of the panel per selected value.
    pub repeat: Option<Repeat>,
    /// `allow: ["no-query"]`: checks of the panel itself switched off
    /// (names of [`crate::check::PANEL_ALLOW_NAMES`]).
    pub allow: Vec<Spanned<String>>,
    /// `from_panel: "Title"` (or `from_panel: 7`): the panel runs no query
    /// of its own but shows the results of another panel (Grafana's
    /// `-- Dashboard --` datasource, by the panel's id).
    pub from_panel: Option<Spanned<PanelRef>>,
}

/// The panel `from_panel` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelRef {
    /// The panel of this title (one panel of the dashboard has it).
    Title(String),
    /// The panel of this id: dashc numbers panels 1, 2, .. in document
    /// order, rows included; for a panel without a title of its own.
    Id(u32),
}

impl PanelRef {
    /// The DSL text (`"Title"` or `7`).
    pub fn source(&self) -> String {
        match self {
            PanelRef::Title(t) => serde_json::Value::String(t.clone()).to_string(),
            PanelRef::Id(n) => n.to_string(),
        }
    }
}

/// What a text panel's `content` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextMode {
    /// Markdown (the default).
    Markdown,
    /// HTML (sanitized by Grafana unless its server allows otherwise).
    Html,
    /// Source code, highlighted as `language` (one of Grafana's `CodeLanguage`).
    Code {
        /// The language, e.g. `json`, `yaml`, `sql`.
        language: String,
    },
}

/// One transformation of a panel's data (`transformations[i]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Transformation {
    /// Where it was written.
    pub loc: Loc,
    /// Grafana's transformation id (`organize`, `reduce`, `filterFieldsByName`).
    pub id: Spanned<String>,
    /// Its `options` object, as Grafana stores it.
    pub options: serde_json::Value,
    /// Reducer ids the options name (`reduce { calcs: [..] }`), where
    /// written, checked against [`crate::schema::REDUCERS`].
    pub reducers: Vec<Spanned<String>>,
    /// Switched off (kept, not applied).
    pub disabled: bool,
}

/// A data link on a panel's values (`fieldConfig.defaults.links[i]`).
#[derive(Debug, Clone, PartialEq)]
pub struct DataLink {
    /// Where it was written.
    pub loc: Loc,
    /// The text shown.
    pub title: Spanned<String>,
    /// The URL, with `${__field.labels.x}` and `$variable` references.
    pub url: Spanned<String>,
    /// Open in a new tab.
    pub new_tab: bool,
}

/// How a panel is repeated over the values of a variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    /// The variable (multi-value or with "All").
    pub variable: Spanned<String>,
    /// Side by side (`h`, the default) or one under the other (`v`).
    pub vertical: bool,
    /// At most this many copies side by side.
    pub max_per_row: Option<Spanned<u32>>,
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
            unit_as_is: false,
            allow: Vec::new(),
            from_panel: None,
            min: None,
            max: None,
            decimals: None,
            legend: None,
            thresholds: None,
            color: None,
            stacking: None,
            width: None,
            height: None,
            x: None,
            y: None,
            content: None,
            sort: None,
            targets: Vec::new(),
            expressions: Vec::new(),
            settings: Vec::new(),
            overrides: Vec::new(),
            mappings: Vec::new(),
            set: Vec::new(),
            text_mode: None,
            transformations: Vec::new(),
            data_links: Vec::new(),
            repeat: None,
        }
    }
}

/// One short-form option: a value for one JSON path of Grafana's panel
/// model, read from the DSL by the short form's rule (see
/// `dsl::forms`) and checked against the kind's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// The DSL name it was written with (`fill_opacity`).
    pub name: &'static str,
    /// The dotted JSON path from the panel object
    /// (`fieldConfig.defaults.custom.fillOpacity`).
    pub path: &'static str,
    /// The value Grafana reads at that path.
    pub value: serde_json::Value,
    /// Where it was written.
    pub loc: Loc,
}

/// `series <matcher> { .. }`: options applied to the matching series only.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesOverride {
    /// Where it was written.
    pub loc: Loc,
    /// Which series (Grafana's fields) it applies to.
    pub matcher: SeriesMatcher,
    /// The options, each with a path under `fieldConfig.defaults`.
    pub properties: Vec<Setting>,
    /// `set: { "custom.lineStyle": .. }`: properties without a short form
    /// (or with a value their form cannot write), each path under
    /// `fieldConfig.defaults`; `null` unsets the option for these series
    /// (Grafana then uses its own default).
    pub set: Vec<SetEntry>,
    /// How many of `properties` come before those of `set`: Grafana
    /// applies the properties in order.
    pub set_at: usize,
}

/// Which series an override applies to (Grafana's field matchers).
#[derive(Debug, Clone, PartialEq)]
pub enum SeriesMatcher {
    /// `series "Total"`: the series of this display name (`byName`).
    Name(Spanned<String>),
    /// `series regex "cache.*"`: series whose name matches (`byRegexp`).
    Regex(Spanned<String>),
    /// `series query B`: the series of one query (`byFrameRefID`).
    Query(Spanned<String>),
    /// `series type number`: fields of one type (`byType`).
    FieldType(Spanned<String>),
    /// `series value(mean > 10)`: fields whose values, reduced by a
    /// reducer, pass a comparison (`byValue`); `series value(allIsZero)`
    /// for the reducers that are true or false.
    Value(ValueMatch),
    /// `series except ["cpu"]` / `series only ["cpu"]`: the override
    /// Grafana writes when a legend entry is clicked (`byNames` with
    /// `__systemRef: "hideSeriesFrom"`): every series but these, or these.
    Legend {
        /// `except` (Grafana's `exclude` mode) or `only` (`include`).
        exclude: bool,
        /// The display names listed.
        names: Vec<Spanned<String>>,
    },
}

/// The options of a `series value(..)` matcher (Grafana's `byValue`).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueMatch {
    /// The reducer id (`mean`, `allIsZero`, ..), where written.
    pub reducer: Spanned<String>,
    /// Grafana's comparison: `gt`, `gte`, `lt`, `lte`, `eq` or `neq`.
    pub op: &'static str,
    /// The value compared with.
    pub value: f64,
}

/// One value mapping: values shown as a text and/or a color.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueMapping {
    /// Where it was written.
    pub loc: Loc,
    /// What it matches.
    pub matches: MappingMatch,
    /// The text shown instead of the value (`None`: the value itself).
    pub text: Option<String>,
    /// The color of the value (a Grafana color name or `#rrggbb`).
    pub color: Option<Spanned<String>>,
    /// `{ index: N }`: the `index` Grafana stores (the order of its mapping
    /// editor's rows); `None` is the mapping's position in the list.
    /// Grafana applies mappings in list order whatever their index.
    pub index: Option<u32>,
    /// Written in the same Grafana mapping object as the value mapping
    /// before it (`values { "0" => "Down", "1" => "Up" }`, as Grafana's
    /// editor saves its value rows).
    pub joined: bool,
}

/// What a value mapping matches.
#[derive(Debug, Clone, PartialEq)]
pub enum MappingMatch {
    /// `value "1"`: one value, compared as text.
    Value(String),
    /// `range 0..10`: values in `from..=to`; an open end is `None`.
    Range(Option<f64>, Option<f64>),
    /// `regex "x.*"`: values matching a regex.
    Regex(Spanned<String>),
    /// `null`, `nan`, `null_nan`, `true`, `false`, `empty`: Grafana's
    /// special values (its `SpecialValueMatch`, e.g. `null+nan`).
    Special(&'static str),
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
    /// Another mode of Grafana's `FieldColorModeId` that takes no color:
    /// its DSL keyword (a [`COLOR_SCHEMES`] entry, such as `blue_purple`
    /// for `continuous-BlPu`).
    Scheme(String),
    /// Shades of one color (`shades "blue"`, Grafana's `shades` mode).
    Shades(String),
    /// Grafana's `fixed` mode with no `fixedColor` (`color: fixed`): Grafana
    /// draws its fallback grey.
    FixedUnset,
    /// A mode that takes no color with the `fixedColor` Grafana keeps from
    /// an earlier choice of the fixed mode, which this mode does not read
    /// (`thresholds { fixed_color: "blue" }`).
    WithFixedColor(Box<ColorMode>, String),
}

/// The color modes of Grafana's `FieldColorModeId` that take no color, as
/// the DSL's `color` keyword and Grafana's mode id; `fixed` and `shades`
/// take a color and are written `"red"` and `shades "red"`.
pub const COLOR_SCHEMES: &[(&str, &str)] = &[
    ("palette_classic", "palette-classic"),
    ("palette_classic_by_name", "palette-classic-by-name"),
    ("thresholds", "thresholds"),
    ("green_yellow_red", "continuous-GrYlRd"),
    ("red_yellow_green", "continuous-RdYlGr"),
    ("blue_yellow_red", "continuous-BlYlRd"),
    ("yellow_red", "continuous-YlRd"),
    ("blue_purple", "continuous-BlPu"),
    ("yellow_blue", "continuous-YlBl"),
    ("blues", "continuous-blues"),
    ("reds", "continuous-reds"),
    ("greens", "continuous-greens"),
    ("purples", "continuous-purples"),
];

impl ColorMode {
    /// The mode of a [`COLOR_SCHEMES`] keyword (`blue_purple`), or `fixed`
    /// for [`ColorMode::FixedUnset`]; `None` for another word.
    pub fn from_keyword(word: &str) -> Option<ColorMode> {
        Some(match word {
            "palette_classic" => ColorMode::PaletteClassic,
            "thresholds" => ColorMode::Thresholds,
            "green_yellow_red" => ColorMode::GreenYellowRed,
            "fixed" => ColorMode::FixedUnset,
            w => ColorMode::Scheme(COLOR_SCHEMES.iter().find(|(k, _)| *k == w)?.0.to_owned()),
        })
    }

    /// Grafana's `fieldConfig.defaults.color` object of this mode.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let id = |word: &str| {
            COLOR_SCHEMES
                .iter()
                .find(|(k, _)| *k == word)
                .map_or("thresholds", |(_, id)| *id)
        };
        match self {
            ColorMode::Thresholds => json!({"mode": "thresholds"}),
            ColorMode::PaletteClassic => json!({"mode": "palette-classic"}),
            ColorMode::GreenYellowRed => json!({"mode": "continuous-GrYlRd"}),
            ColorMode::Fixed(color) => json!({"fixedColor": color, "mode": "fixed"}),
            ColorMode::Scheme(word) => json!({"mode": id(word)}),
            ColorMode::Shades(color) => json!({"fixedColor": color, "mode": "shades"}),
            ColorMode::FixedUnset => json!({"mode": "fixed"}),
            ColorMode::WithFixedColor(mode, color) => {
                let mut out = mode.to_json();
                out["fixedColor"] = json!(color);
                out
            }
        }
    }

    /// The mode of Grafana's color object `{mode, fixedColor}` when the DSL
    /// writes exactly it (no other key; a color only where the mode takes
    /// one). The color is not checked here.
    pub fn from_json(color: &serde_json::Value) -> Option<ColorMode> {
        let o = color.as_object()?;
        let mode = o.get("mode")?.as_str()?;
        let fixed = o.get("fixedColor");
        if o.keys().any(|k| k != "mode" && k != "fixedColor") {
            return None;
        }
        Some(match (mode, fixed) {
            ("fixed", None) => ColorMode::FixedUnset,
            ("fixed", Some(c)) => ColorMode::Fixed(c.as_str()?.to_owned()),
            ("shades", Some(c)) => ColorMode::Shades(c.as_str()?.to_owned()),
            (m, c) => {
                let word = COLOR_SCHEMES.iter().find(|(_, id)| *id == m)?.0;
                let mode = ColorMode::from_keyword(word)?;
                match c {
                    None => mode,
                    Some(c) => ColorMode::WithFixedColor(Box::new(mode), c.as_str()?.to_owned()),
                }
            }
        })
    }

    /// The DSL text of this mode (`blue_purple`, `"red"`, `shades "red"`).
    pub fn source(&self) -> String {
        let quote = |c: &str| serde_json::Value::String(c.to_owned()).to_string();
        match self {
            ColorMode::Thresholds => "thresholds".into(),
            ColorMode::PaletteClassic => "palette_classic".into(),
            ColorMode::GreenYellowRed => "green_yellow_red".into(),
            ColorMode::Fixed(c) => quote(c),
            ColorMode::Scheme(word) => word.clone(),
            ColorMode::Shades(c) => format!("shades {}", quote(c)),
            ColorMode::FixedUnset => "fixed".into(),
            ColorMode::WithFixedColor(mode, c) => {
                format!("{} {{ fixed_color: {} }}", mode.source(), quote(c))
            }
        }
    }

    /// The color it names: of `fixed` and `shades`, or the `fixedColor` kept
    /// on another mode.
    pub fn fixed_color(&self) -> Option<&str> {
        match self {
            ColorMode::Fixed(c) | ColorMode::Shades(c) | ColorMode::WithFixedColor(_, c) => Some(c),
            _ => None,
        }
    }
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
    /// Ask Prometheus for exemplars too (Grafana's `exemplar`).
    pub exemplar: bool,
    /// `set: { .. }`: values written at JSON paths of the query object.
    pub set: Vec<SetEntry>,
    /// `ref_id: ".."`: the query's own refId (what expressions name it by);
    /// `None` gives it the first letter no other query or expression has.
    pub ref_id: Option<Spanned<String>>,
}

/// A server-side expression of Grafana's (the `__expr__` datasource),
/// computed from the panel's queries after they run.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// Where it was written.
    pub loc: Loc,
    /// What it computes.
    pub kind: ExpressionKind,
    /// `ref_id: ".."`, as for a query.
    pub ref_id: Option<Spanned<String>>,
    /// Hidden from the panel (`hide: true`), as for a query.
    pub hide: bool,
}

/// The kinds of server-side expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum ExpressionKind {
    /// `math "$A * 100 / $B"`: arithmetic over other queries, each named
    /// `$refId` or `${refId}`.
    Math(Spanned<String>),
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
