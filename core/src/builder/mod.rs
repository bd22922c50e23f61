//! The builder: a typed Rust API onto the dashboard model, the second front
//! end beside the `dashboard!` DSL, for dashboards computed from data (a
//! loop over the services of a configuration file) in a build script or a
//! program.
//!
//! ```
//! use dashc_core::builder::{Panel, Query, Row, Variable};
//! use dashc_core::Dashboard;
//!
//! let services = ["billing", "search"];
//! let dashboard = Dashboard::builder("services", "Services")
//!     .folder("Platform")
//!     .without_catalog() // or .catalog_file("catalogs/app.prom") / .catalog(loaded)
//!     .variable(Variable::filter("job", "label_values(up, job)").label("Job"))
//!     .row(Row::new("Traffic").panels(services.iter().map(|s| {
//!         Panel::timeseries(format!("{s} requests"))
//!             .unit("reqps")
//!             .query(
//!                 Query::new(format!(r#"sum(rate(http_requests_total{{service="{s}", job=~"$job"}}[5m]))"#))
//!                     .legend("requests"),
//!             )
//!     })))
//!     .build()
//!     .unwrap_or_else(|errors| panic!("{errors}"));
//! assert_eq!(dashboard.uid, "services");
//! assert!(dashboard.json.contains("\"billing requests\""));
//! ```
//!
//! It builds the [`crate::model::Dashboard`] the DSL
//! builds, and runs the same checks ([`crate::check::check`]: PromQL,
//! variables, the catalog, `set` paths) and the same renderer
//! ([`crate::grafana`], [`crate::layout`]): the same definition written
//! either way gives the same bytes. Every element remembers the Rust call
//! site that made it (`#[track_caller]`), and every problem is reported
//! there: [`DashboardBuilder::build`] returns all of them at once as
//! [`BuildErrors`], whose `Display` prints one `file:line:column: message`
//! each, ready for a build script's `panic!` or a program's `eprintln!`.
//! Nothing panics on bad input.
//!
//! Options are set by methods named as the DSL's options, taking the
//! model's enums where the DSL takes a keyword and strings where it takes
//! a string. Unlike the DSL, setting an option twice is not an error: the
//! last call wins, so an element can start from a shared one.
//!
//! The panel options the DSL reads with a syntax of its own, the short
//! forms of Grafana's options ([`Panel::option`]), [`Series`] overrides,
//! value [`Mapping`]s and [`Transform`]s, are written as the DSL text of
//! the panel and read by the DSL's own reader (see `parts.rs`): they are
//! checked, and their problems worded, exactly as in the DSL.

mod elements;
mod parts;

pub use elements::{
    AdhocVariable, Annotation, CustomVariable, Expression, IntervalVariable, Legend, Link, Panel,
    PlainVariable, PrometheusAnnotation, Query, QueryVariable, Row, TaggedAnnotation, Thresholds,
    TimePicker, Variable,
};
pub use parts::{DataLink, Mapping, OptionValue, Repeat, Series, Transform};

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::model::{self, GraphTooltip, Spanned, DEFAULT_DATASOURCE_UID};
use elements::{AnnotationKind, At, SetValue, VarKind};
use std::fmt;
use std::ops::Range;
use std::panic::Location;
use std::path::PathBuf;
use std::sync::Arc;

/// A Rust call site.
type Site = &'static Location<'static>;

/// A dashboard being built: made by [`crate::Dashboard::builder`], finished
/// by [`DashboardBuilder::build`].
#[derive(Debug, Clone)]
pub struct DashboardBuilder {
    site: Site,
    uid: At<String>,
    title: At<String>,
    description: Option<String>,
    folder: Option<At<String>>,
    tags: Vec<At<String>>,
    refresh: Option<At<String>>,
    time: Option<(At<String>, At<String>)>,
    timezone: Option<At<String>>,
    tooltip: GraphTooltip,
    editable: bool,
    datasource: Option<At<String>>,
    catalog_files: Vec<At<PathBuf>>,
    catalogs: Vec<At<Arc<Catalog>>>,
    without_catalog: Option<Site>,
    experimental: bool,
    links: Vec<Link>,
    variables: Vec<Variable>,
    builtin_annotation: Option<(bool, bool)>,
    annotations: Vec<Annotation>,
    time_picker: Option<TimePicker>,
    week_start: Option<model::WeekStart>,
    fiscal_year_start: Option<At<u32>>,
    set: Vec<SetValue>,
    items: Vec<Item>,
}

/// A row or a panel outside any row.
// Like the model's `Item`: built once per dashboard, boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Item {
    Row(Row),
    Panel(Panel),
}

impl crate::Dashboard {
    /// Starts building a dashboard with `uid` (`[a-zA-Z0-9_-]`, at most 40
    /// characters) and `title`; see [`crate::builder`].
    #[track_caller]
    pub fn builder(uid: impl Into<String>, title: impl Into<String>) -> DashboardBuilder {
        let site = Location::caller();
        let at = |value: String| At { value, site };
        DashboardBuilder {
            site,
            uid: at(uid.into()),
            title: at(title.into()),
            description: None,
            folder: None,
            tags: Vec::new(),
            refresh: None,
            time: None,
            timezone: None,
            tooltip: GraphTooltip::Default,
            editable: false,
            datasource: None,
            catalog_files: Vec::new(),
            catalogs: Vec::new(),
            without_catalog: None,
            experimental: false,
            links: Vec::new(),
            variables: Vec::new(),
            builtin_annotation: None,
            annotations: Vec::new(),
            time_picker: None,
            week_start: None,
            fiscal_year_start: None,
            set: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl DashboardBuilder {
    /// The dashboard's description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The folder (a directory under the provider path; "" for the root).
    #[track_caller]
    pub fn folder(mut self, folder: impl Into<String>) -> Self {
        self.folder = Some(At {
            value: folder.into(),
            site: Location::caller(),
        });
        self
    }

    /// Adds a tag.
    #[track_caller]
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(At {
            value: tag.into(),
            site: Location::caller(),
        });
        self
    }

    /// Adds tags, in order.
    #[track_caller]
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        let site = Location::caller();
        self.tags.extend(tags.into_iter().map(|t| At {
            value: t.into(),
            site,
        }));
        self
    }

    /// The auto-refresh interval, such as `30s`.
    #[track_caller]
    pub fn refresh(mut self, refresh: impl Into<String>) -> Self {
        self.refresh = Some(At {
            value: refresh.into(),
            site: Location::caller(),
        });
        self
    }

    /// The default time range, `from` .. `to` (default `now-1h` .. `now`).
    #[track_caller]
    pub fn time(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        let site = Location::caller();
        self.time = Some((
            At {
                value: from.into(),
                site,
            },
            At {
                value: to.into(),
                site,
            },
        ));
        self
    }

    /// `browser` (the default), `utc` or an IANA zone.
    #[track_caller]
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.timezone = Some(At {
            value: timezone.into(),
            site: Location::caller(),
        });
        self
    }

    /// Cursor sync between panels.
    pub fn tooltip(mut self, tooltip: GraphTooltip) -> Self {
        self.tooltip = tooltip;
        self
    }

    /// Whether the dashboard is editable in the UI (default `false`; the
    /// writer refuses an editable dashboard under a provider refusing UI
    /// saves).
    pub fn editable(mut self, editable: bool) -> Self {
        self.editable = editable;
        self
    }

    /// The uid of the provisioned Prometheus datasource (default
    /// `prometheus`).
    #[track_caller]
    pub fn datasource(mut self, uid: impl Into<String>) -> Self {
        self.datasource = Some(At {
            value: uid.into(),
            site: Location::caller(),
        });
        self
    }

    /// Checks the queries against a metric catalog file (a snapshot of
    /// `/metrics`), read when the dashboard is built. A relative path is
    /// taken from the current directory (in a build script, the package's
    /// directory). May be given several times; the files are merged.
    #[track_caller]
    pub fn catalog_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.catalog_files.push(At {
            value: path.into(),
            site: Location::caller(),
        });
        self
    }

    /// Checks the queries against a catalog already loaded (with
    /// [`Catalog::load`] or [`Catalog::parse`]); an `Arc<Catalog>` shares
    /// one among many dashboards.
    #[track_caller]
    pub fn catalog(mut self, catalog: impl Into<Arc<Catalog>>) -> Self {
        self.catalogs.push(At {
            value: catalog.into(),
            site: Location::caller(),
        });
        self
    }

    /// Builds without metric checks, on purpose (the DSL's `catalog: []`).
    /// A dashboard that names no catalog and does not say this is an
    /// error: checked against nothing, every metric typo would pass.
    #[track_caller]
    pub fn without_catalog(mut self) -> Self {
        self.without_catalog = Some(Location::caller());
        self
    }

    /// Accepts Prometheus's experimental PromQL syntax.
    pub fn experimental(mut self, experimental: bool) -> Self {
        self.experimental = experimental;
        self
    }

    /// Adds a link at the top of the dashboard.
    pub fn link(mut self, link: Link) -> Self {
        self.links.push(link);
        self
    }

    /// Declares a template variable (the `datasource` one is implicit).
    pub fn variable(mut self, variable: impl Into<Variable>) -> Self {
        self.variables.push(variable.into());
        self
    }

    /// Grafana's built-in "Annotations & Alerts" query: on or off, its
    /// toggle hidden or shown (default on, hidden; the DSL's `builtin: {
    /// enable, hide }`).
    pub fn builtin_annotation(mut self, enable: bool, hide: bool) -> Self {
        self.builtin_annotation = Some((enable, hide));
        self
    }

    /// Adds an annotation query ([`Annotation::prometheus`],
    /// [`Annotation::tagged`]).
    pub fn annotation(mut self, annotation: impl Into<Annotation>) -> Self {
        self.annotations.push(annotation.into());
        self
    }

    /// The time picker's options (`timepicker`).
    pub fn time_picker(mut self, time_picker: TimePicker) -> Self {
        self.time_picker = Some(time_picker);
        self
    }

    /// The first day of the week (`weekStart`).
    pub fn week_start(mut self, week_start: model::WeekStart) -> Self {
        self.week_start = Some(week_start);
        self
    }

    /// The first month of the fiscal year, 0 (January) to 11 (December).
    #[track_caller]
    pub fn fiscal_year_start(mut self, month: u32) -> Self {
        self.fiscal_year_start = Some(At {
            value: month,
            site: Location::caller(),
        });
        self
    }

    /// Writes `value` at the dotted JSON path of the dashboard object (the
    /// DSL's `set: { "path": value }`), checked against Grafana's schema.
    #[track_caller]
    pub fn set(mut self, path: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.set.push(SetValue {
            path: At {
                value: path.into(),
                site: Location::caller(),
            },
            value: value.into(),
        });
        self
    }

    /// Adds a row. Panels outside rows go above the first row.
    pub fn row(mut self, row: Row) -> Self {
        self.items.push(Item::Row(row));
        self
    }

    /// Adds rows, in order.
    pub fn rows(mut self, rows: impl IntoIterator<Item = Row>) -> Self {
        self.items.extend(rows.into_iter().map(Item::Row));
        self
    }

    /// Adds a panel outside any row (above the first row).
    pub fn panel(mut self, panel: Panel) -> Self {
        self.items.push(Item::Panel(panel));
        self
    }

    /// Adds panels outside any row, in order.
    pub fn panels(mut self, panels: impl IntoIterator<Item = Panel>) -> Self {
        self.items.extend(panels.into_iter().map(Item::Panel));
        self
    }

    /// Builds the model, reads the catalogs, runs every check and, when
    /// nothing is wrong, renders the Grafana JSON. Every problem is
    /// returned, each at the call site that introduced it.
    pub fn build(self) -> Result<Compiled, BuildErrors> {
        let (model, mut sites, mut diagnostics) = self.assemble();
        let catalog = self.resolve_catalog(&mut sites, &mut diagnostics);
        diagnostics.extend(crate::check::check(&model, catalog.as_deref()).into_vec());
        if !diagnostics.is_empty() {
            let errors = diagnostics
                .into_iter()
                .map(|d| BuildError {
                    location: sites.get(d.loc.0 as usize).copied().unwrap_or(self.site),
                    message: d.message,
                    range: d.range,
                })
                .collect();
            return Err(BuildErrors { errors });
        }
        let json = crate::grafana::render(&model);
        Ok(Compiled {
            uid: model.uid.value,
            title: model.title.value,
            folder: model.folder.value,
            tags: model.tags.into_iter().map(|t| t.value).collect(),
            json,
        })
    }

    /// The model, the call sites behind its `Loc`s, and the problems found
    /// assembling it. A dashboard with panel options written as DSL text
    /// (see `parts.rs`) is assembled on a thread of its own: `proc_macro2`
    /// keeps every string lexed on a thread for as long as the thread
    /// lives, so a program building dashboards for as long as it runs would
    /// keep them all; and clearing them on the caller's thread would break
    /// spans the caller holds.
    fn assemble(&self) -> (model::Dashboard, Vec<Site>, Vec<Diagnostic>) {
        let run = || {
            let mut front = Front::default();
            let whole = front.loc(self.site);
            let model = front.model(self, whole);
            (model, front.sites, front.diagnostics.into_vec())
        };
        if !self.writes_panel_text() {
            return run();
        }
        // Shared, for the fallback below when no thread can be had.
        let shared = &run;
        std::thread::scope(|scope| {
            let spawned = std::thread::Builder::new()
                .name("dashc-builder".into())
                .spawn_scoped(scope, shared);
            match spawned {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: the strings stay with this one.
                Err(_) => run(),
            }
        })
    }

    /// Whether a panel has options written as DSL text.
    fn writes_panel_text(&self) -> bool {
        self.items
            .iter()
            .flat_map(|item| match item {
                Item::Row(r) => r.panels.iter().collect::<Vec<_>>(),
                Item::Panel(p) => vec![p],
            })
            .any(Panel::writes_text)
    }

    /// The catalog the queries are checked against: the files read and
    /// the loaded catalogs merged; `None` without one (reported unless
    /// asked for).
    fn resolve_catalog(
        &self,
        sites: &mut Vec<Site>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<std::borrow::Cow<'_, Catalog>> {
        let mut error = |site: Site, message: String| {
            sites.push(site);
            diagnostics.push(Diagnostic {
                loc: Loc((sites.len() - 1) as u32),
                message,
                range: None,
            });
        };
        let given = !self.catalog_files.is_empty() || !self.catalogs.is_empty();
        match (given, self.without_catalog) {
            (false, None) => {
                error(self.site, "no metric catalog: the queries would be checked against nothing, and every metric typo would pass; give the application's `/metrics` snapshot with `.catalog_file(\"catalogs/app.prom\")` or a loaded one with `.catalog(..)`, or call `.without_catalog()` to build without metric checks".into());
                return None;
            }
            (true, Some(site)) => {
                error(site, "`without_catalog()` on a dashboard that names catalogs: remove it, or remove the `catalog_file(..)`/`catalog(..)` calls".into());
                return None;
            }
            (false, Some(_)) => return None,
            (true, None) => {}
        }
        if self.catalog_files.is_empty() && self.catalogs.len() == 1 {
            return Some(std::borrow::Cow::Borrowed(&*self.catalogs[0].value));
        }
        let paths: Vec<PathBuf> = self.catalog_files.iter().map(|f| f.value.clone()).collect();
        let loaded = Catalog::load(&paths, None);
        for problem in loaded.problems {
            let site = self
                .catalog_files
                .get(problem.file)
                .map_or(self.site, |f| f.site);
            error(site, problem.message);
        }
        let mut catalog = loaded.catalog;
        for given in &self.catalogs {
            if let Err(conflicts) = catalog.try_merge((*given.value).clone()) {
                for conflict in conflicts {
                    error(given.site, conflict.to_string());
                }
            }
        }
        Some(std::borrow::Cow::Owned(catalog))
    }
}

/// The model under construction, the table of call sites behind its
/// [`Loc`]s, and the problems found while assembling it; the DSL's reader
/// of the panel options written as DSL text (see `parts.rs`), whose span
/// table is kept as long as `sites`, so the `Loc`s it hands out are this
/// table's too.
#[derive(Default)]
struct Front {
    sites: Vec<Site>,
    diagnostics: Diagnostics,
    parser: crate::dsl::Parser,
}

impl Front {
    fn loc(&mut self, site: Site) -> Loc {
        self.sites.push(site);
        self.parser.spans.push(proc_macro2::Span::call_site());
        Loc((self.sites.len() - 1) as u32)
    }

    /// Gives the `Loc`s the DSL's reader handed out since the last call
    /// the call sites of their lines in `lines` (`fallback` for a `Loc`
    /// on no line of it).
    fn sync(&mut self, lines: &[Site], fallback: Site) {
        for i in self.sites.len()..self.parser.spans.len() {
            let line = self.parser.spans.span(Loc(i as u32)).start().line;
            let site = line
                .checked_sub(1)
                .and_then(|l| lines.get(l))
                .copied()
                .unwrap_or(fallback);
            self.sites.push(site);
        }
    }

    /// Reads the panel options written as DSL text (short forms, series,
    /// mappings, transformations) into `out`, reporting their problems at
    /// the calls that made them.
    fn panel_parts(&mut self, p: &Panel, out: &mut model::Panel) {
        let mut problems = Vec::new();
        let parts = parts::PanelParts {
            kind: p.kind,
            site: p.title.site,
            options: &p.options,
            text_mode: p.text_mode.as_ref(),
            series: &p.series,
            mappings: &p.mappings,
            transforms: &p.transforms,
        };
        if let Some(source) = parts.source(&mut problems) {
            let read = self.parser.panel_from_source(p.kind, &source.text);
            let diagnostics = self.parser.take_diagnostics();
            self.sync(&source.lines, p.title.site);
            match read {
                Some(read) => {
                    out.settings = read.settings;
                    out.overrides = read.overrides;
                    out.mappings = read.mappings;
                    out.transformations = read.transformations;
                    out.text_mode = read.text_mode;
                }
                None if diagnostics.is_empty() => {
                    let loc = self.loc(p.title.site);
                    self.diagnostics.error(
                        loc,
                        format!("the panel's options did not read back as the DSL (a bug of dashc's builder); their DSL text:\n{}", source.text),
                    );
                }
                None => {}
            }
            for d in diagnostics {
                self.diagnostics.push(d);
            }
        }
        for (site, message) in problems {
            let loc = self.loc(site);
            self.diagnostics.error(loc, message);
        }
    }

    fn spanned<T: Clone>(&mut self, at: &At<T>) -> Spanned<T> {
        Spanned::new(at.value.clone(), self.loc(at.site))
    }

    fn model(&mut self, b: &DashboardBuilder, whole: Loc) -> model::Dashboard {
        let default = |value: &str| Spanned::new(value.to_owned(), whole);
        let (from, to) = match &b.time {
            Some((from, to)) => (self.spanned(from), self.spanned(to)),
            None => (default("now-1h"), default("now")),
        };
        model::Dashboard {
            loc: whole,
            // Locs of their own: the checks tell a written uid from none.
            uid: self.spanned(&b.uid),
            title: self.spanned(&b.title),
            description: b.description.clone(),
            folder: match &b.folder {
                Some(f) => self.spanned(f),
                None => default(""),
            },
            tags: b.tags.iter().map(|t| self.spanned(t)).collect(),
            refresh: b.refresh.as_ref().map(|r| self.spanned(r)),
            time: model::TimeRange { from, to },
            timezone: match &b.timezone {
                Some(t) => self.spanned(t),
                None => default("browser"),
            },
            graph_tooltip: b.tooltip,
            editable: b.editable,
            links: b.links.iter().map(|l| self.link(l)).collect(),
            datasource_uid: match &b.datasource {
                Some(d) => self.spanned(d),
                None => default(DEFAULT_DATASOURCE_UID),
            },
            variables: b.variables.iter().map(|v| self.variable(v)).collect(),
            catalogs: b
                .catalog_files
                .iter()
                .map(|f| {
                    let loc = self.loc(f.site);
                    Spanned::new(f.value.display().to_string(), loc)
                })
                .collect(),
            experimental: b.experimental,
            annotations: self.annotations(b),
            time_picker: b.time_picker.as_ref().map(|t| model::TimePicker {
                hidden: t.hidden,
                refresh_intervals: t
                    .refresh_intervals
                    .iter()
                    .map(|i| self.spanned(i))
                    .collect(),
                now_delay: t.now_delay.as_ref().map(|d| self.spanned(d)),
            }),
            week_start: b.week_start,
            fiscal_year_start: b.fiscal_year_start.as_ref().map(|m| self.spanned(m)),
            items: b
                .items
                .iter()
                .map(|item| match item {
                    Item::Row(r) => model::Item::Row(self.row(r)),
                    Item::Panel(p) => model::Item::Panel(self.panel(p)),
                })
                .collect(),
            set: self.set(&b.set),
        }
    }

    fn annotations(&mut self, b: &DashboardBuilder) -> model::Annotations {
        let mut out = model::Annotations::default();
        if let Some((enable, hide)) = b.builtin_annotation {
            out.builtin_enable = enable;
            out.builtin_hide = hide;
        }
        for a in &b.annotations {
            let loc = self.loc(a.name.site);
            let color = match &a.color {
                Some(c) => self.spanned(c),
                None => Spanned::new("red".to_owned(), loc),
            };
            let mut q = model::Annotation {
                loc,
                name: self.spanned(&a.name),
                display_name: a.display_name.as_ref().map(|n| self.spanned(n)),
                source: model::AnnotationSource::Prometheus,
                expr: Spanned::new(String::new(), loc),
                color,
                title: None,
                text: None,
                tags: Vec::new(),
                step: None,
                enable: a.enable,
                hide: a.hide,
                allow: Vec::new(),
            };
            match &a.kind {
                AnnotationKind::Prometheus {
                    expr,
                    title,
                    text,
                    tag_keys,
                    step,
                    allow,
                } => {
                    q.expr = self.spanned(expr);
                    q.title = title.as_ref().map(|t| self.spanned(t));
                    q.text = text.as_ref().map(|t| self.spanned(t));
                    q.tags = tag_keys.iter().map(|t| self.spanned(t)).collect();
                    q.step = step.as_ref().map(|s| self.spanned(s));
                    q.allow = allow.iter().map(|c| self.spanned(c)).collect();
                }
                AnnotationKind::Tagged {
                    tags,
                    match_any,
                    limit,
                } => {
                    q.source = model::AnnotationSource::Tagged {
                        tags: tags.iter().map(|t| self.spanned(t)).collect(),
                        match_any: *match_any,
                        limit: match limit {
                            Some(l) => self.spanned(l),
                            None => Spanned::new(model::ANNOTATION_LIMIT, loc),
                        },
                    };
                }
            }
            out.queries.push(q);
        }
        out
    }

    fn set(&mut self, set: &[SetValue]) -> Vec<model::SetEntry> {
        set.iter()
            .map(|s| {
                let path = self.spanned(&s.path);
                model::SetEntry {
                    value_loc: path.loc,
                    path,
                    value: s.value.clone(),
                }
            })
            .collect()
    }

    fn link(&mut self, l: &Link) -> model::Link {
        model::Link {
            loc: self.loc(l.site),
            title: l.title.clone(),
            target: l.target.clone(),
            as_dropdown: l.as_dropdown,
            keep_time: l.keep_time,
            include_vars: l.include_vars,
            target_blank: l.new_tab,
            tooltip: l.tooltip.clone(),
            icon: l.icon.as_ref().map(|i| self.spanned(i)),
        }
    }

    fn variable(&mut self, v: &Variable) -> model::Variable {
        let loc = self.loc(v.name.site);
        let kind = match &v.kind {
            VarKind::Query {
                query,
                filter,
                multi,
                include_all,
                all_value,
                regex,
                sort,
            } => {
                let query = self.spanned(query);
                let mut kind = if *filter {
                    model::VariableKind::filter(query)
                } else {
                    model::VariableKind::query(query)
                };
                if let model::VariableKind::Query {
                    multi: m,
                    include_all: i,
                    all_value: a,
                    regex: r,
                    sort: s,
                    ..
                } = &mut kind
                {
                    *m = multi.unwrap_or(*m);
                    *i = include_all.unwrap_or(*i);
                    if all_value.is_some() {
                        a.clone_from(all_value);
                    }
                    r.clone_from(regex);
                    *s = sort.unwrap_or(*s);
                }
                kind
            }
            VarKind::Custom {
                values,
                multi,
                include_all,
                all_value,
            } => model::VariableKind::Custom {
                values: values.clone(),
                multi: *multi,
                include_all: *include_all,
                all_value: all_value.clone(),
            },
            VarKind::Interval { values, auto } => model::VariableKind::Interval {
                values: values.clone(),
                auto: *auto,
            },
            VarKind::Constant(value) => model::VariableKind::Constant {
                value: value.clone(),
            },
            VarKind::Textbox(default) => model::VariableKind::Textbox {
                default: default.clone(),
            },
            VarKind::Adhoc => model::VariableKind::Adhoc,
        };
        model::Variable {
            loc,
            name: self.spanned(&v.name),
            label: v.label.clone(),
            description: v.description.clone(),
            hide: v.hide,
            kind,
            current: v.current.iter().map(|c| self.spanned(c)).collect(),
            refresh: v.refresh,
            set: Vec::new(),
        }
    }

    fn row(&mut self, r: &Row) -> model::Row {
        model::Row {
            loc: self.loc(r.title.site),
            title: self.spanned(&r.title),
            collapsed: r.collapsed,
            repeat: r.repeat.as_ref().map(|v| self.spanned(v)),
            y: r.y.as_ref().map(|y| self.spanned(y)),
            set: self.set(&r.set),
            panels: r.panels.iter().map(|p| self.panel(p)).collect(),
        }
    }

    /// Keeps an option the panel's kind has; reports one it does not have
    /// at the call that set it, and leaves it out (as the DSL does), so the
    /// checks do not report it a second time.
    fn applies<T>(
        &mut self,
        kind: model::PanelKind,
        option: &str,
        value: Option<(T, Site)>,
    ) -> Option<T> {
        let (value, site) = value?;
        match crate::check::option_not_for_kind(option, kind) {
            None => Some(value),
            Some(problem) => {
                let loc = self.loc(site);
                self.diagnostics.error(loc, problem);
                None
            }
        }
    }

    fn panel(&mut self, p: &Panel) -> model::Panel {
        let kind = p.kind;
        let loc = self.loc(p.title.site);
        let title = self.spanned(&p.title);
        let mut out = model::Panel::new(loc, kind, title);
        let pair = |a: &Option<At<f64>>| a.as_ref().map(|a| (a.value, a.site));
        out.description = p.description.clone();
        out.unit = self
            .applies(kind, "unit", p.unit.as_ref().map(|u| (u.clone(), u.site)))
            .map(|u| self.spanned(&u));
        out.min = self.applies(kind, "min", pair(&p.min));
        out.max = self.applies(kind, "max", pair(&p.max));
        out.decimals = self.applies(
            kind,
            "decimals",
            p.decimals.as_ref().map(|d| (d.value, d.site)),
        );
        out.legend = self
            .applies(kind, "legend", p.legend.as_ref().map(|l| (l, l.site)))
            .map(|l| model::Legend {
                mode: l.mode,
                placement: l.placement,
                calcs: l.calcs.iter().map(|c| self.spanned(c)).collect(),
            });
        out.thresholds = self
            .applies(
                kind,
                "thresholds",
                p.thresholds.as_ref().map(|t| (t, t.site)),
            )
            .map(|t| {
                let base = model::ThresholdStep {
                    loc: self.loc(t.base.site),
                    color: t.base.value.clone(),
                    value: None,
                };
                let mut steps = vec![base];
                for (color, value) in &t.steps {
                    steps.push(model::ThresholdStep {
                        loc: self.loc(color.site),
                        color: color.value.clone(),
                        value: Some(*value),
                    });
                }
                model::Thresholds {
                    mode: t.mode,
                    steps,
                    style: t.style,
                }
            });
        out.color = self.applies(
            kind,
            "color",
            p.color.as_ref().map(|c| (c.value.clone(), c.site)),
        );
        out.stacking = self.applies(
            kind,
            "stacking",
            p.stacking.as_ref().map(|s| (s.value, s.site)),
        );
        out.width = p.width.as_ref().map(|w| self.spanned(w));
        out.height = p.height.as_ref().map(|h| self.spanned(h));
        out.content = self.applies(
            kind,
            "content",
            p.content.as_ref().map(|c| (c.value.clone(), c.site)),
        );
        out.sort = p.sort.as_ref().map(|s| self.spanned(s));
        out.set = self.set(&p.set);
        out.unit_as_is = p.unit_as_is && out.unit.is_some();
        out.allow = p.allow.iter().map(|a| self.spanned(a)).collect();
        out.from_panel = p.from_panel.as_ref().map(|f| self.spanned(f));
        let instant = self
            .applies(
                kind,
                "instant",
                p.instant.as_ref().map(|i| (i.value, i.site)),
            )
            .unwrap_or(false);
        let format = self
            .applies(kind, "format", p.format.as_ref().map(|f| (f.value, f.site)))
            .unwrap_or(kind.default_format());
        let interval = self
            .applies(
                kind,
                "interval",
                p.interval.as_ref().map(|i| (i.clone(), i.site)),
            )
            .map(|i| self.spanned(&i));
        for q in &p.queries {
            let loc = self.loc(q.expr.site);
            let target = model::Target {
                loc,
                expr: self.spanned(&q.expr),
                legend: q.legend.as_ref().map(|l| self.spanned(l)),
                instant: q.instant.unwrap_or(instant),
                format: q.format.unwrap_or(format),
                interval: match &q.interval {
                    Some(i) => Some(self.spanned(i)),
                    None => interval.clone(),
                },
                hide: q.hide,
                exemplar: q.exemplar,
                allow: q.allow.iter().map(|a| self.spanned(a)).collect(),
                set: self.set(&q.set),
                ref_id: q.ref_id.as_ref().map(|r| self.spanned(r)),
            };
            out.targets.push(target);
        }
        self.panel_parts(p, &mut out);
        let first_link = p.links.first().map(|l| (&p.links, l.title.site));
        if let Some(links) = self.applies(kind, "links", first_link) {
            out.data_links = links
                .iter()
                .map(|l| model::DataLink {
                    loc: self.loc(l.title.site),
                    title: self.spanned(&l.title),
                    url: self.spanned(&l.url),
                    new_tab: l.new_tab,
                })
                .collect();
        }
        if let Some((x, y)) = &p.position {
            out.x = Some(self.spanned(x));
            out.y = Some(self.spanned(y));
        }
        out.repeat = p.repeat.as_ref().map(|r| model::Repeat {
            variable: self.spanned(&r.variable),
            vertical: r.vertical,
            max_per_row: r.max_per_row.as_ref().map(|m| self.spanned(m)),
        });
        for e in &p.expressions {
            out.expressions.push(model::Expression {
                loc: self.loc(e.math.site),
                kind: model::ExpressionKind::Math(self.spanned(&e.math)),
                ref_id: e.ref_id.as_ref().map(|r| self.spanned(r)),
                hide: e.hide,
            });
        }
        out
    }
}

/// A dashboard built by [`DashboardBuilder::build`]: owned, checked and
/// rendered. The counterpart of the macros' `'static`
/// [`Dashboard`](crate::Dashboard) constants (the same fields, owned), and
/// like them a [`DashboardFile`](crate::DashboardFile) the tree writer
/// takes: `dashc_build::write(&[built])`, or with `&dyn DashboardFile`
/// beside the constants. (Not to be confused with
/// [`dsl::Compiled`](crate::dsl::Compiled), the DSL front end's
/// intermediate result.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// Grafana's identity of the dashboard.
    pub uid: String,
    /// The dashboard title.
    pub title: String,
    /// The folder the dashboard is provisioned into ("" for the root).
    pub folder: String,
    /// The dashboard's tags.
    pub tags: Vec<String>,
    /// The bare dashboard object, as file provisioning reads it, ending in
    /// a newline.
    pub json: String,
}

impl crate::DashboardFile for Compiled {
    fn uid(&self) -> &str {
        &self.uid
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn folder(&self) -> &str {
        &self.folder
    }
    fn json(&self) -> &str {
        &self.json
    }
}

/// One problem of a built dashboard: the Rust call site of the element at
/// fault and what is wrong (for a query, the query with carets under the
/// characters at fault).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    location: Site,
    message: String,
    range: Option<Range<usize>>,
}

impl BuildError {
    /// The call site that introduced the element at fault.
    pub fn location(&self) -> &'static Location<'static> {
        self.location
    }

    /// The file of [`BuildError::location`].
    pub fn file(&self) -> &'static str {
        self.location.file()
    }

    /// The line of [`BuildError::location`], from 1.
    pub fn line(&self) -> u32 {
        self.location.line()
    }

    /// The column of [`BuildError::location`], from 1.
    pub fn column(&self) -> u32 {
        self.location.column()
    }

    /// What is wrong, and how to fix it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// For a problem in a query: the byte range of the query text at fault.
    pub fn range(&self) -> Option<Range<usize>> {
        self.range.clone()
    }
}

impl fmt::Display for BuildError {
    /// `file:line:column: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem of one [`DashboardBuilder::build`], in the order the DSL
/// would report them (assembling first, then catalogs, then the checks).
/// `Display` (and `Debug`, so `.expect(..)` and `fn main() -> Result<..>`
/// print readably) shows one problem a line, `file:line:column: message`,
/// a query's carets on the lines below it.
#[derive(Clone, PartialEq, Eq)]
pub struct BuildErrors {
    errors: Vec<BuildError>,
}

impl BuildErrors {
    /// The problems, in order.
    pub fn as_slice(&self) -> &[BuildError] {
        &self.errors
    }

    /// The problems, owned.
    pub fn into_vec(self) -> Vec<BuildError> {
        self.errors
    }

    /// How many problems there are (at least one).
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Always false: a build fails with at least one problem.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The problems, borrowed.
    pub fn iter(&self) -> std::slice::Iter<'_, BuildError> {
        self.errors.iter()
    }
}

impl<'a> IntoIterator for &'a BuildErrors {
    type Item = &'a BuildError;
    type IntoIter = std::slice::Iter<'a, BuildError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl fmt::Display for BuildErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for BuildErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildErrors {}
