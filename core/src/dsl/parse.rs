//! DSL -> model. Every entry is parsed on its own so that all mistakes of an
//! invocation are reported together; each model element gets a [`Loc`]
//! indexing the span table kept here.

use super::entries::{self, Entry};
use super::values::{self, Str};
use super::{Error, Spans};
use crate::diag::{closest, Diagnostic, Loc};
use crate::model::*;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use std::collections::BTreeMap;

/// Options a dashboard accepts, for "unknown option" suggestions.
const DASHBOARD_OPTIONS: &[&str] = &[
    "uid",
    "title",
    "description",
    "folder",
    "tags",
    "refresh",
    "time",
    "timezone",
    "tooltip",
    "editable",
    "datasource",
    "catalog",
    "experimental",
    "links",
    "variables",
    "set",
    "annotations",
    "time_picker",
    "week_start",
    "fiscal_year_start",
];
/// The keyword choices of the DSL and the model values they stand for.
const TOOLTIPS: &[(&str, GraphTooltip)] = &[
    ("default", GraphTooltip::Default),
    ("shared_crosshair", GraphTooltip::SharedCrosshair),
    ("shared_tooltip", GraphTooltip::SharedTooltip),
];
const SORT_ORDERS: &[(&str, SortOrder)] = &[
    ("asc", SortOrder::Ascending),
    ("desc", SortOrder::Descending),
];
const STACKINGS: &[(&str, Stacking)] = &[
    ("none", Stacking::None),
    ("normal", Stacking::Normal),
    ("percent", Stacking::Percent),
];
const FORMATS: &[(&str, TargetFormat)] = &[
    ("time_series", TargetFormat::TimeSeries),
    ("table", TargetFormat::Table),
    ("heatmap", TargetFormat::Heatmap),
];
const LEGEND_MODES: &[(&str, LegendMode)] = &[
    ("list", LegendMode::List),
    ("table", LegendMode::Table),
    ("hidden", LegendMode::Hidden),
];
const LEGEND_PLACEMENTS: &[(&str, LegendPlacement)] = &[
    ("bottom", LegendPlacement::Bottom),
    ("right", LegendPlacement::Right),
];
const THRESHOLD_MODES: &[(&str, ThresholdsMode)] = &[
    ("absolute", ThresholdsMode::Absolute),
    ("percentage", ThresholdsMode::Percentage),
];
/// The schema enum the thresholds `style` choices come from.
const THRESHOLD_STYLE_ENUM: &str = "GraphThresholdsStyleMode";

/// The `thresholds { style: .. }` choices: the values of Grafana's
/// `GraphThresholdsStyleMode` (the generated schema tables), `+` written
/// `_` (`line+area` is `line_area`), in the schema's order.
pub(super) fn threshold_styles() -> Vec<(String, ThresholdsStyle)> {
    crate::schema::enum_named(THRESHOLD_STYLE_ENUM)
        .map(|e| e.values)
        .unwrap_or_default()
        .iter()
        .filter_map(|value| match value {
            crate::schema::Lit::Str(name) => ThresholdsStyle::from_grafana_name(name)
                .map(|style| (name.replace('+', "_"), style)),
            _ => None,
        })
        .collect()
}
const VARIABLE_HIDES: &[(&str, VariableHide)] = &[
    ("none", VariableHide::Visible),
    ("label", VariableHide::Label),
    ("variable", VariableHide::Variable),
];

/// Options that identify one dashboard and cannot be shared in `defaults`.
const PER_DASHBOARD_OPTIONS: &[&str] = &["uid", "title", "description", "variables"];
/// The panel's own options (the short forms of Grafana's are in `forms.rs`).
pub(crate) const PANEL_OPTIONS: &[&str] = &[
    "description",
    "unit",
    "min",
    "max",
    "decimals",
    "legend",
    "thresholds",
    "color",
    "stacking",
    "sort",
    "width",
    "height",
    "x",
    "y",
    "content",
    "instant",
    "format",
    "interval",
    "mappings",
    "set",
    "transform",
    "links",
    "repeat",
    "mode",
    "allow",
    "from_panel",
];
const TARGET_OPTIONS: &[&str] = &[
    "instant", "format", "interval", "hide", "exemplar", "allow", "set", "ref_id",
];
/// Options of a row, written in its body before or among its panels.
const ROW_OPTIONS: &[&str] = &["y", "set"];
const LEGEND_OPTIONS: &[&str] = &["mode", "placement", "calcs"];
const THRESHOLD_OPTIONS: &[&str] = &["mode", "style", "steps"];
const LINK_OPTIONS: &[&str] = &[
    "tags",
    "as_dropdown",
    "keep_time",
    "include_vars",
    "new_tab",
    "tooltip",
    "icon",
];
const VARIABLE_OPTIONS: &[&str] = &[
    "label",
    "description",
    "hide",
    "multi",
    "include_all",
    "all_value",
    "regex",
    "sort",
    "auto",
    "current",
    "refresh",
    "set",
];
const VARIABLE_KINDS: &[&str] = &[
    "query", "filter", "custom", "interval", "constant", "textbox", "adhoc",
];

/// The parser's state: the span table and the collected errors.
#[derive(Default)]
pub struct Parser {
    /// Where each [`Loc`] handed out so far came from.
    pub spans: Spans,
    /// Errors found and not yet taken by [`Parser::take_diagnostics`].
    pub(crate) errors: Vec<Error>,
    /// How many of `errors` know their template instance (`expand.rs`).
    pub(crate) tagged: usize,
    /// Fragments and templates in scope (`expand.rs`).
    pub(crate) expander: super::expand::Expander,
}

/// A parsed dashboard and what the front end needs beside the model.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The model.
    pub model: Dashboard,
    /// Whether a `catalog:` option was given (an empty list switches catalog checks off).
    pub catalog_given: bool,
}

/// Tracks which options a block has set, to reject duplicates.
pub(super) struct Seen {
    pub(super) keys: BTreeMap<String, Span>,
}

impl Seen {
    fn new() -> Self {
        Seen {
            keys: BTreeMap::new(),
        }
    }
}

/// Panel-level defaults copied into each target.
#[derive(Clone)]
struct TargetDefaults {
    instant: bool,
    format: Option<TargetFormat>,
    interval: Option<Spanned<String>>,
}

impl Parser {
    /// A parser with an empty span table.
    pub fn new() -> Self {
        Self::default()
    }

    /// The parse errors found since the last call, as diagnostics on
    /// [`Loc`]s of this parser's span table, in the order they were found.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        self.enter(self.spans.current);
        self.tagged = 0;
        let errors = std::mem::take(&mut self.errors);
        let current = self.spans.current;
        let diagnostics = errors
            .into_iter()
            .map(|e| {
                self.spans.current = e.instance;
                Diagnostic {
                    loc: self.spans.push(e.span),
                    message: e.message,
                    range: None,
                }
            })
            .collect();
        self.spans.current = current;
        diagnostics
    }

    pub(super) fn loc(&mut self, span: Span) -> Loc {
        self.spans.push(span)
    }

    pub(super) fn err(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(Error::new(span, message));
    }

    pub(super) fn spanned(&mut self, s: Str) -> Spanned<String> {
        let loc = self.spans.push_literal(s.lit);
        Spanned::new(s.value, loc)
    }

    /// Checks the key of an option entry against the allowed ones; reports
    /// unknown (with a suggestion) and duplicate keys. Returns the key when usable.
    fn option_key(
        &mut self,
        entry: &Entry,
        allowed: &[&str],
        seen: &mut Seen,
        context: &str,
    ) -> Option<String> {
        let key = entry.option_key()?;
        let name = key.to_string();
        if !allowed.contains(&name.as_str()) {
            let hint = match closest(&name, allowed.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("expected one of: {}", allowed.join(", ")),
            };
            self.err(
                key.span(),
                format!("unknown {context} option `{name}`; {hint}"),
            );
            return None;
        }
        if seen.keys.contains_key(&name) {
            self.err(
                key.span(),
                format!("duplicate option `{name}`: it is already set in this {context}; keep one"),
            );
            return None;
        }
        seen.keys.insert(name.clone(), key.span());
        Some(name)
    }

    pub(super) fn push_result<T>(&mut self, r: Result<T, Error>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// One keyword of `choices` as the value; an error naming them all otherwise.
    pub(super) fn choice<T: Clone>(
        &mut self,
        v: &[TokenTree],
        ks: Span,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let (word, _) = self.push_result(values::keyword(v, ks, &names))?;
        choices
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, value)| value.clone())
    }

    /// The options of a `{ key: value, .. }` block. Entries that are not
    /// options, unknown keys (with a suggestion) and duplicates are
    /// reported; `apply` gets each accepted option. Returns the keys set.
    pub(super) fn option_block(
        &mut self,
        body: TokenStream,
        allowed: &[&str],
        context: &str,
        example: &str,
        mut apply: impl FnMut(&mut Self, &str, &[TokenTree], Span),
    ) -> Seen {
        let mut seen = Seen::new();
        for o in self.split(body) {
            if o.option_key().is_none() {
                self.err(
                    o.span(),
                    format!("expected a {context} option such as `{example}`"),
                );
                continue;
            }
            let Some(key) = self.option_key(&o, allowed, &mut seen, context) else {
                continue;
            };
            apply(self, &key, o.option_value(), o.span());
        }
        seen
    }

    pub(super) fn split(&mut self, body: TokenStream) -> Vec<Entry> {
        entries::split(body, &mut self.errors)
    }

    /// A dashboard with nothing set yet: the defaults every option starts from.
    pub fn blank(&mut self, whole: Span) -> Parsed {
        let whole = self.loc(whole);
        Parsed {
            catalog_given: false,
            model: Dashboard {
                loc: whole,
                uid: Spanned::new(String::new(), whole),
                title: Spanned::new(String::new(), whole),
                description: None,
                folder: Spanned::new(String::new(), whole),
                tags: Vec::new(),
                refresh: None,
                time: TimeRange {
                    from: Spanned::new("now-1h".into(), whole),
                    to: Spanned::new("now".into(), whole),
                },
                timezone: Spanned::new("browser".into(), whole),
                graph_tooltip: GraphTooltip::Default,
                editable: false,
                links: Vec::new(),
                datasource_uid: Spanned::new(DEFAULT_DATASOURCE_UID.into(), whole),
                variables: Vec::new(),
                catalogs: Vec::new(),
                experimental: false,
                items: Vec::new(),
                set: Vec::new(),
                annotations: Annotations::default(),
                time_picker: None,
                week_start: None,
                fiscal_year_start: None,
            },
        }
    }

    /// Applies a `defaults { .. }` block of `dashboards!` to `base`: dashboard
    /// options shared by every dashboard of the set (each may override them).
    pub fn defaults(&mut self, mut base: Parsed, input: TokenStream) -> Parsed {
        let input = self.expand_defaults(input);
        let mut seen = Seen::new();
        for entry in self.split(input) {
            let Some(key) = entry.option_key() else {
                self.err(entry.span(), "expected a dashboard option (`name: value`): `defaults` holds options shared by every dashboard, not rows, panels or variables");
                continue;
            };
            let name = key.to_string();
            if PER_DASHBOARD_OPTIONS.contains(&name.as_str()) {
                self.err(key.span(), format!("`{name}` belongs to each dashboard, not to `defaults`: set it in every dashboard of the set"));
                continue;
            }
            // Every dashboard option that is not per dashboard can be shared.
            let shared: Vec<&str> = DASHBOARD_OPTIONS
                .iter()
                .copied()
                .filter(|o| !PER_DASHBOARD_OPTIONS.contains(o))
                .collect();
            let Some(key) = self.option_key(&entry, &shared, &mut seen, "defaults") else {
                continue;
            };
            self.dashboard_option(&mut base, &key, entry.option_value(), entry.span());
        }
        base
    }

    /// Parses a dashboard body on top of `base` (a blank dashboard, or the
    /// set's defaults). `whole` is where a missing `uid` or `title` is reported.
    pub fn dashboard(&mut self, mut base: Parsed, input: TokenStream, whole: Span) -> Parsed {
        let input = self.expand_dashboard(input);
        let loc = self.loc(whole);
        base.model.loc = loc;
        for s in [&mut base.model.uid, &mut base.model.title] {
            s.loc = loc;
        }
        let call = whole;
        let d = &mut base;
        let mut misspelt: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        let mut seen = Seen::new();
        let outer = self.spans.current;
        for entry in self.split(input) {
            self.enter(entry.instance.or(outer));
            let first = entry.tokens.first().cloned();
            if let Some(TokenTree::Ident(word)) = &first {
                let w = word.to_string();
                if w == "variables"
                    && matches!(entry.tokens.get(1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
                {
                    if seen.keys.contains_key("variables") {
                        self.err(
                            word.span(),
                            "duplicate `variables` block: declare all variables in one block",
                        );
                    } else {
                        seen.keys.insert("variables".into(), word.span());
                        if let Some(TokenTree::Group(g)) = entry.tokens.get(1) {
                            d.model.variables = self.variables(g.stream());
                        }
                        if let Some(e) = values::trailing(&entry.tokens, 2) {
                            self.errors.push(e);
                        }
                    }
                    continue;
                }
                if w == "annotations"
                    && matches!(entry.tokens.get(1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
                {
                    if seen
                        .keys
                        .insert("annotations".into(), word.span())
                        .is_some()
                    {
                        self.err(
                            word.span(),
                            "duplicate `annotations` block: declare all annotations in one block",
                        );
                    } else if let Some(TokenTree::Group(g)) = entry.tokens.get(1) {
                        d.model.annotations = self.annotations(g.stream());
                        if let Some(e) = values::trailing(&entry.tokens, 2) {
                            self.errors.push(e);
                        }
                    }
                    continue;
                }
                if w == "row" {
                    if let Some(row) = self.row(&entry) {
                        d.model.items.push(Item::Row(row));
                    }
                    continue;
                }
            }
            if entry.option_key().is_some() {
                let Some(key) = self.option_key(&entry, DASHBOARD_OPTIONS, &mut seen, "dashboard")
                else {
                    // A misspelt `uid` or `title` was reported with its
                    // suggestion: do not report it missing as well.
                    if let Some(k) = entry.option_key() {
                        let suggested = closest(&k.to_string(), DASHBOARD_OPTIONS.iter().copied());
                        if let Some(required @ ("uid" | "title")) = suggested {
                            misspelt.insert(required);
                        }
                    }
                    continue;
                };
                self.dashboard_option(d, &key, entry.option_value(), entry.span());
                continue;
            }
            if let Some(panel) = self.panel_entry(&entry, "a dashboard option (`name: value`), `variables { .. }`, a `row \"Title\" { .. }` or a panel such as `timeseries \"Title\" { .. }`") {
                d.model.items.push(Item::Panel(panel));
            }
        }
        self.enter(outer);
        if !seen.keys.contains_key("uid") && !misspelt.contains("uid") {
            self.err(call, "missing `uid`: add `uid: \"my-dashboard\",` (letters, digits, `-` and `_`, at most 40 characters)");
        }
        if !seen.keys.contains_key("title") && !misspelt.contains("title") {
            self.err(call, "missing `title`: add `title: \"My dashboard\",`");
        }
        base
    }

    /// One `key: value` dashboard option.
    fn dashboard_option(&mut self, parsed: &mut Parsed, key: &str, v: &[TokenTree], ks: Span) {
        let d = &mut parsed.model;
        match key {
            "uid" => {
                if let Some(s) = self.push_result(values::string(v, ks, "the dashboard uid")) {
                    d.uid = self.spanned(s);
                }
            }
            "title" => {
                if let Some(s) = self.push_result(values::string(v, ks, "the dashboard title")) {
                    d.title = self.spanned(s);
                }
            }
            "description" => {
                if let Some(s) = self.push_result(values::string(v, ks, "a description")) {
                    d.description = Some(s.value);
                }
            }
            "folder" => {
                if let Some(s) = self.push_result(values::string(v, ks, "a folder name")) {
                    d.folder = self.spanned(s);
                }
            }
            "tags" => {
                let r = values::string_list(v, ks, "tags", &mut self.errors);
                if let Some(list) = self.push_result(r) {
                    d.tags = list.into_iter().map(|s| self.spanned(s)).collect();
                }
            }
            "refresh" => {
                if let Some(s) =
                    self.push_result(values::string(v, ks, "a refresh interval such as \"30s\""))
                {
                    d.refresh = Some(self.spanned(s));
                }
            }
            "time" => {
                if let Some((from, to)) = self.push_result(time_range(v, ks)) {
                    d.time = TimeRange {
                        from: self.spanned(from),
                        to: self.spanned(to),
                    };
                }
            }
            "timezone" => {
                if let Some(s) = self.push_result(values::string(
                    v,
                    ks,
                    "a timezone (\"browser\", \"utc\" or an IANA zone)",
                )) {
                    d.timezone = self.spanned(s);
                }
            }
            "tooltip" => {
                if let Some(t) = self.choice(v, ks, TOOLTIPS) {
                    parsed.model.graph_tooltip = t;
                }
            }
            "editable" => {
                if let Some(b) = self.push_result(values::boolean(v, ks)) {
                    d.editable = b;
                }
            }
            "datasource" => {
                if let Some(s) = self.push_result(values::string(
                    v,
                    ks,
                    "the uid of the provisioned Prometheus datasource",
                )) {
                    d.datasource_uid = self.spanned(s);
                }
            }
            "catalog" => {
                parsed.catalog_given = true;
                let r = values::string_list(v, ks, "catalog file paths", &mut self.errors);
                if let Some(list) = self.push_result(r) {
                    parsed.model.catalogs = list.into_iter().map(|s| self.spanned(s)).collect();
                }
            }
            "experimental" => {
                if let Some(b) = self.push_result(values::boolean(v, ks)) {
                    d.experimental = b;
                }
            }
            "links" => {
                if let Some(inner) = self.push_result(values::list(v, ks, "links")) {
                    d.links = self.links(inner);
                }
            }
            "variables" => {
                if let Some(inner) = self.push_result(values::block(v, ks, "variable declarations"))
                {
                    d.variables = self.variables(inner);
                }
            }
            "set" => {
                if let Some(set) = self.set_entries(v, ks) {
                    parsed.model.set = set;
                }
            }
            "annotations" => {
                if let Some(inner) = self.push_result(values::block(v, ks, "annotations")) {
                    parsed.model.annotations = self.annotations(inner);
                }
            }
            "time_picker" => parsed.model.time_picker = self.time_picker(v, ks),
            "week_start" => parsed.model.week_start = self.week_start(v, ks),
            "fiscal_year_start" => parsed.model.fiscal_year_start = self.fiscal_year_start(v, ks),
            _ => {}
        }
    }

    /// A panel entry (`kind "Title" { .. }`), or an error saying what was expected.
    fn panel_entry(&mut self, entry: &Entry, expected: &str) -> Option<Panel> {
        match entry.tokens.first() {
            Some(TokenTree::Ident(word)) => {
                let w = word.to_string();
                match PanelKind::from_keyword(&w) {
                    Some(kind) => self.panel(kind, entry),
                    None => {
                        let kinds: Vec<&str> = PanelKind::ALL.iter().map(|(_, n)| *n).collect();
                        let looks_like_panel =
                            matches!(entry.tokens.get(1), Some(TokenTree::Literal(_)));
                        if w == "graph" {
                            self.err(
                                word.span(),
                                "`graph` is the removed Angular panel: use `timeseries`",
                            );
                        } else if looks_like_panel {
                            let hint = closest(&w, kinds.iter().copied())
                                .map(|c| format!("did you mean `{c}`? "))
                                .unwrap_or_default();
                            self.err(
                                word.span(),
                                format!(
                                    "unknown panel kind `{w}`; {hint}expected one of: {}",
                                    kinds.join(", ")
                                ),
                            );
                        } else {
                            self.err(
                                word.span(),
                                format!("unexpected `{w}`: expected {expected}"),
                            );
                        }
                        None
                    }
                }
            }
            Some(other) => {
                self.err(
                    other.span(),
                    format!("unexpected token: expected {expected}"),
                );
                None
            }
            None => None,
        }
    }

    fn row(&mut self, entry: &Entry) -> Option<Row> {
        let row_span = entry.span();
        let title = match entry.tokens.get(1).and_then(values::lit_str) {
            Some(t) => t,
            None => {
                let span = entry.tokens.get(1).map(TokenTree::span).unwrap_or(row_span);
                self.err(
                    span,
                    "expected the row title as a string literal: `row \"Request metrics\" { .. }`",
                );
                return None;
            }
        };
        let mut collapsed = false;
        let mut idx = 2;
        if let Some(TokenTree::Ident(i)) = entry.tokens.get(2) {
            if i == "collapsed" {
                collapsed = true;
                idx = 3;
            }
        }
        let mut repeat = None;
        if let Some(TokenTree::Ident(i)) = entry.tokens.get(idx) {
            if i == "repeat" {
                match entry.tokens.get(idx + 1) {
                    Some(TokenTree::Ident(var)) => {
                        let loc = self.loc(var.span());
                        repeat = Some(Spanned::new(var.to_string(), loc));
                        idx += 2;
                    }
                    other => {
                        let span = other.map(TokenTree::span).unwrap_or(i.span());
                        self.err(span, "expected the variable to repeat the row over: `row \"Title\" repeat instance { .. }`");
                        return None;
                    }
                }
            } else {
                self.err(
                    i.span(),
                    format!("unexpected `{i}`: expected `collapsed`, `repeat <variable>` or the row body `{{ .. }}`"),
                );
                return None;
            }
        }
        let body = match entry.tokens.get(idx) {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g.stream(),
            other => {
                let span = other.map(TokenTree::span).unwrap_or(row_span);
                self.err(
                    span,
                    "expected the row body in braces: `row \"Title\" { timeseries \"..\" { .. } }`",
                );
                return None;
            }
        };
        let loc = self.loc(row_span);
        let title = self.spanned(title);
        let mut panels = Vec::new();
        let outer = self.spans.current;
        let mut y = None;
        let mut set = Vec::new();
        let mut seen = Seen::new();
        for e in self.split(body) {
            self.enter(e.instance.or(outer));
            if e.option_key().is_some() {
                let Some(key) = self.option_key(&e, ROW_OPTIONS, &mut seen, "row") else {
                    continue;
                };
                let (v, ks) = (e.option_value(), e.span());
                if key == "y" {
                    if let Some((n, span)) = self.push_result(values::integer(v, ks, u32::MAX)) {
                        y = Some(Spanned::new(n, self.loc(span)));
                    }
                } else if let Some(entries) = self.set_entries(v, ks) {
                    set = entries;
                }
                continue;
            }
            if let Some(TokenTree::Ident(w)) = e.tokens.first() {
                if w == "row" {
                    self.err(
                        w.span(),
                        "rows cannot be nested: close this row before starting the next one",
                    );
                    continue;
                }
            }
            if let Some(p) = self.panel_entry(&e, "a panel such as `timeseries \"Title\" { .. }`") {
                panels.push(p);
            }
        }
        self.enter(outer);
        Some(Row {
            loc,
            title,
            collapsed,
            panels,
            repeat,
            y,
            set,
        })
    }

    /// Reads the DSL text of one panel, `kind "" { .. }`, as the builder
    /// writes the panel options it has no model structure of its own for
    /// (short forms, `series`, `mappings`, `transform`): the panel read, or
    /// `None` when the text is not Rust tokens. Errors are collected as
    /// for any panel.
    pub(crate) fn panel_from_source(&mut self, kind: PanelKind, text: &str) -> Option<Panel> {
        let tokens: TokenStream = text.parse().ok()?;
        let entries = self.split(tokens);
        let entry = entries.first()?;
        self.panel(kind, entry)
    }

    fn panel(&mut self, kind: PanelKind, entry: &Entry) -> Option<Panel> {
        let kind_span = entry.span();
        let title = match entry.tokens.get(1).and_then(values::lit_str) {
            Some(t) => t,
            None => {
                let span = entry
                    .tokens
                    .get(1)
                    .map(TokenTree::span)
                    .unwrap_or(kind_span);
                self.err(
                    span,
                    format!(
                        "expected the panel title as a string literal: `{} \"Title\" {{ .. }}`",
                        kind.keyword()
                    ),
                );
                return None;
            }
        };
        let body = match entry.tokens.get(2) {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g.stream(),
            other => {
                let span = other.map(TokenTree::span).unwrap_or(kind_span);
                self.err(span, "expected the panel body in braces after the title: `{ unit: \"..\", \"{{label}}\" => \"query\" }`");
                return None;
            }
        };
        let loc = self.loc(kind_span);
        let title = self.spanned(title);
        let mut p = Panel::new(loc, kind, title);
        let mut defaults = TargetDefaults {
            instant: false,
            format: None,
            interval: None,
        };
        let mut seen = Seen::new();
        let mut raw_targets = Vec::new();
        // Queries written so wrongly that they were reported and dropped.
        let mut stand_ins = Vec::new();
        // The panel's own options, then the short forms of Grafana's.
        let allowed: Vec<&str> = PANEL_OPTIONS
            .iter()
            .copied()
            .chain(super::forms::panel_names())
            .collect();
        let outer = self.spans.current;
        for e in self.split(body) {
            self.enter(e.instance.or(outer));
            if is_target(&e) {
                raw_targets.push(e);
                continue;
            }
            if super::overrides::is_series(&e) {
                if let Some(o) = self.series(kind, &e) {
                    p.overrides.push(o);
                }
                continue;
            }
            if super::expressions::is_expression(&e) {
                if let Some(x) = self.expression(&e) {
                    p.expressions.push(x);
                }
                continue;
            }
            if let Some(arrow) = wrong_arrow(&e) {
                self.err(
                    arrow,
                    "expected `=>` between the legend format and the query",
                );
                stand_ins.push(e.span());
                continue;
            }
            if e.option_key().is_none() {
                self.err(e.span(), "expected a panel option (`unit: \"reqps\"`) or a query (`\"{{label}}\" => \"expr\"`, or `_ => \"expr\"` without a legend)");
                continue;
            }
            if let Some(problem) = e
                .option_key()
                .and_then(|k| schema_only_option(&k.to_string(), kind))
            {
                if let Some(k) = e.option_key() {
                    self.err(k.span(), problem);
                }
                continue;
            }
            let Some(key) = self.option_key(&e, &allowed, &mut seen, "panel") else {
                // A misspelt `unit` was reported with its suggestion; a
                // stand-in keeps "no unit" from being reported too.
                let misspelt_unit = e.option_key().is_some_and(|k| {
                    k != "unit" && closest(&k.to_string(), allowed.iter().copied()) == Some("unit")
                });
                if misspelt_unit && p.unit.is_none() {
                    p.unit = Some(Spanned::new(STAND_IN_UNIT.to_owned(), loc));
                }
                continue;
            };
            let v = e.option_value();
            let ks = e.span();
            if let Some(problem) = not_for_kind(&key, kind) {
                // Reported on the option itself; left out of the model so the
                // core's own rule on it does not report it a second time.
                self.err(ks, problem);
                continue;
            }
            match key.as_str() {
                "description" => {
                    if let Some(s) = self.push_result(values::string(v, ks, "a description")) {
                        p.description = Some(s.value);
                    }
                }
                "allow" => {
                    let r = values::string_list(v, ks, "check names", &mut self.errors);
                    if let Some(list) = self.push_result(r) {
                        p.allow = list.into_iter().map(|s| self.spanned(s)).collect();
                    }
                }
                "from_panel" => {
                    if let Some(TokenTree::Literal(_)) =
                        v.first().filter(|t| values::lit_str(t).is_none())
                    {
                        if let Some((n, span)) = self.push_result(values::integer(v, ks, u32::MAX))
                        {
                            let loc = self.loc(span);
                            p.from_panel = Some(Spanned::new(PanelRef::Id(n), loc));
                        }
                    } else {
                        let r =
                            values::string(v, ks, "the title of the panel whose results to show");
                        if let Some(s) = self.push_result(r) {
                            let loc = self.loc(s.span());
                            p.from_panel = Some(Spanned::new(PanelRef::Title(s.value), loc));
                        }
                    }
                }
                "unit" => {
                    // `as_is "qps"`: an id Grafana does not know, on purpose.
                    let (v, as_is) = match v.first() {
                        Some(TokenTree::Ident(i)) if i == "as_is" => (&v[1..], true),
                        _ => (v, false),
                    };
                    let r = values::string(
                        v,
                        ks,
                        "a Grafana unit id such as \"reqps\", \"s\" or \"percent\"",
                    );
                    p.unit_as_is = as_is && r.is_ok();
                    p.unit = Some(match self.push_result(r) {
                        Some(s) => self.spanned(s),
                        // Reported above; a stand-in keeps "no unit" from being reported too.
                        None => Spanned::new(STAND_IN_UNIT.to_owned(), loc),
                    });
                }
                "min" => p.min = self.push_result(values::number(v, ks)),
                "max" => p.max = self.push_result(values::number(v, ks)),
                "decimals" => {
                    p.decimals = self
                        .push_result(values::integer(v, ks, 20))
                        .map(|(n, _)| n as u8)
                }
                "width" => {
                    // Any size parses; the core reports one out of the grid with its range.
                    if let Some((n, span)) = self.push_result(values::integer(v, ks, u32::MAX)) {
                        let loc = self.loc(span);
                        p.width = Some(Spanned::new(n, loc));
                    }
                }
                "height" => {
                    // Any size parses; the core reports one out of the grid with its range.
                    if let Some((n, span)) = self.push_result(values::integer(v, ks, u32::MAX)) {
                        let loc = self.loc(span);
                        p.height = Some(Spanned::new(n, loc));
                    }
                }
                "x" | "y" => {
                    // Any place parses; the core reports one off the grid or overlapping.
                    if let Some((n, span)) = self.push_result(values::integer(v, ks, u32::MAX)) {
                        let at = Some(Spanned::new(n, self.loc(span)));
                        if key == "x" {
                            p.x = at;
                        } else {
                            p.y = at;
                        }
                    }
                }
                "content" => {
                    if let Some(s) =
                        self.push_result(values::string(v, ks, "the panel's Markdown text"))
                    {
                        p.content = Some(s.value);
                    }
                }
                "legend" => p.legend = self.legend(v, ks),
                "thresholds" => p.thresholds = self.thresholds(v, ks),
                "color" => p.color = self.color(v, ks),
                "sort" => {
                    if let Some(order) = self.choice(v, ks, SORT_ORDERS) {
                        let loc = self.loc(ks);
                        p.sort = Some(Spanned::new(order, loc));
                    }
                }
                "stacking" => p.stacking = self.choice(v, ks, STACKINGS),
                "instant" => {
                    if let Some(b) = self.push_result(values::boolean(v, ks)) {
                        defaults.instant = b;
                    }
                }
                "format" => defaults.format = self.choice(v, ks, FORMATS),
                "interval" => {
                    if let Some(s) =
                        self.push_result(values::string(v, ks, "a minimum step such as \"1m\""))
                    {
                        defaults.interval = Some(self.spanned(s));
                    }
                }
                "mappings" => {
                    if let Some(mappings) = self.mappings(v, ks) {
                        p.mappings = mappings;
                    }
                }
                "set" => {
                    if let Some(set) = self.set_entries(v, ks) {
                        p.set = set;
                    }
                }
                "transform" => {
                    if let Some(list) = self.transformations(v, ks) {
                        p.transformations = list;
                    }
                }
                "links" => {
                    if let Some(list) = self.data_links(v, ks) {
                        p.data_links = list;
                    }
                }
                "repeat" => p.repeat = self.repeat(v, ks),
                "mode" => p.text_mode = self.text_mode(v, ks),
                other => {
                    if let Some(form) = super::forms::panel_form(other) {
                        if let Some(setting) = self.form_setting(form, kind, v, ks) {
                            p.settings.push(setting);
                        }
                    }
                }
            }
        }
        defaults.format.get_or_insert(kind.default_format());
        self.enter(outer);
        for e in raw_targets {
            self.enter(e.instance.or(outer));
            match self.target(&e, &defaults) {
                Some(t) => p.targets.push(t),
                None => stand_ins.push(e.span()),
            }
        }
        self.enter(outer);
        // A query that was reported as malformed still counts as a query, so
        // the panel is not reported as having none. Nothing is rendered when
        // the parser reported an error, so the stand-in never reaches JSON.
        for span in stand_ins {
            let loc = self.loc(span);
            p.targets.push(Target {
                loc,
                expr: Spanned::new(STAND_IN_QUERY.to_owned(), loc),
                legend: None,
                instant: defaults.instant,
                format: defaults.format.unwrap_or(TargetFormat::TimeSeries),
                interval: None,
                hide: false,
                allow: Vec::new(),
                exemplar: false,
                set: Vec::new(),
                ref_id: None,
            });
        }
        Some(p)
    }

    fn target(&mut self, e: &Entry, defaults: &TargetDefaults) -> Option<Target> {
        let t = &e.tokens;
        let legend = match &t[0] {
            TokenTree::Ident(i) if i == "_" => None,
            tt => match values::lit_str(tt) {
                Some(s) => Some(self.spanned(s)),
                None => {
                    self.err(tt.span(), "expected the legend format as a string literal (\"{{label}}\") or `_` for none");
                    return None;
                }
            },
        };
        let expr = match t.get(3).and_then(values::lit_str) {
            Some(s) => s,
            None => {
                let span = t.get(3).map(TokenTree::span).unwrap_or(t[2].span());
                self.err(
                    span,
                    "expected the PromQL query as a string literal after `=>`",
                );
                return None;
            }
        };
        let loc = self.loc(e.span());
        let mut target = Target {
            loc,
            expr: self.spanned(expr),
            legend,
            instant: defaults.instant,
            format: defaults.format.unwrap_or(TargetFormat::TimeSeries),
            interval: defaults.interval.clone(),
            hide: false,
            allow: Vec::new(),
            exemplar: false,
            set: Vec::new(),
            ref_id: None,
        };
        match t.get(4) {
            None => {}
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                self.option_block(
                    g.stream(),
                    TARGET_OPTIONS,
                    "query",
                    "hide: true",
                    |this, key, v, ks| match key {
                        "instant" => {
                            if let Some(b) = this.push_result(values::boolean(v, ks)) {
                                target.instant = b;
                            }
                        }
                        "hide" => {
                            if let Some(b) = this.push_result(values::boolean(v, ks)) {
                                target.hide = b;
                            }
                        }
                        "exemplar" => {
                            if let Some(b) = this.push_result(values::boolean(v, ks)) {
                                target.exemplar = b;
                            }
                        }
                        "format" => {
                            if let Some(f) = this.choice(v, ks, FORMATS) {
                                target.format = f;
                            }
                        }
                        "interval" => {
                            if let Some(s) = this.push_result(values::string(
                                v,
                                ks,
                                "a minimum step such as \"1m\"",
                            )) {
                                target.interval = Some(this.spanned(s));
                            }
                        }
                        "allow" => {
                            let r = values::string_list(v, ks, "check names", &mut this.errors);
                            if let Some(list) = this.push_result(r) {
                                target.allow = list.into_iter().map(|s| this.spanned(s)).collect();
                            }
                        }
                        "set" => {
                            if let Some(set) = this.set_entries(v, ks) {
                                target.set = set;
                            }
                        }
                        "ref_id" => {
                            if let Some(s) =
                                this.push_result(values::string(v, ks, "a refId such as \"A\""))
                            {
                                target.ref_id = Some(this.spanned(s));
                            }
                        }
                        _ => {}
                    },
                );
                if let Some(e) = values::trailing(t, 5) {
                    self.errors.push(e);
                }
            }
            Some(other) => {
                self.err(other.span(), "unexpected token after the query: separate queries with `,` or give options in `{ .. }`");
            }
        }
        Some(target)
    }

    /// A `set: { "dotted.path": value, .. }` block; its paths are checked
    /// against Grafana's schema by [`crate::check`].
    pub(super) fn set_entries(&mut self, v: &[TokenTree], ks: Span) -> Option<Vec<SetEntry>> {
        let r = values::set_block(v, ks, &mut self.errors);
        let pairs = self.push_result(r)?;
        Some(
            pairs
                .into_iter()
                .map(|pair| SetEntry {
                    path: self.spanned(pair.path),
                    value: pair.value,
                    value_loc: self.spans.push(pair.value_span),
                })
                .collect(),
        )
    }

    fn legend(&mut self, v: &[TokenTree], ks: Span) -> Option<Legend> {
        let mut legend = Legend {
            mode: LegendMode::List,
            placement: LegendPlacement::Bottom,
            calcs: Vec::new(),
        };
        if let Some(TokenTree::Ident(_)) = v.first() {
            legend.mode = self.choice(v, ks, LEGEND_MODES)?;
            return Some(legend);
        }
        let body = self.push_result(values::block(v, ks, "legend options (`list`, `table`, `hidden`, or `{ mode: table, placement: right, calcs: [\"mean\"] }`)"))?;
        self.option_block(
            body,
            LEGEND_OPTIONS,
            "legend",
            "mode: table",
            |this, key, v, ks| match key {
                "mode" => {
                    if let Some(mode) = this.choice(v, ks, LEGEND_MODES) {
                        legend.mode = mode;
                    }
                }
                "placement" => {
                    if let Some(placement) = this.choice(v, ks, LEGEND_PLACEMENTS) {
                        legend.placement = placement;
                    }
                }
                "calcs" => {
                    let r =
                        values::string_list(v, ks, "reducers such as \"mean\"", &mut this.errors);
                    if let Some(list) = this.push_result(r) {
                        legend.calcs = list.into_iter().map(|s| this.spanned(s)).collect();
                    }
                }
                _ => {}
            },
        );
        Some(legend)
    }

    fn thresholds(&mut self, v: &[TokenTree], ks: Span) -> Option<Thresholds> {
        let mut th = Thresholds {
            mode: ThresholdsMode::Absolute,
            steps: Vec::new(),
            style: ThresholdsStyle::Off,
        };
        if let Some(TokenTree::Group(g)) = v.first() {
            if g.delimiter() == Delimiter::Bracket {
                th.steps = self.steps(v, ks)?;
                return Some(th);
            }
        }
        let body = self.push_result(values::block(
            v,
            ks,
            "thresholds (`[green, red: 80]` or `{ style: line, steps: [green, red: 5] }`)",
        ))?;
        let mut steps_failed = false;
        let seen = self.option_block(
            body,
            THRESHOLD_OPTIONS,
            "thresholds",
            "style: line",
            |this, key, v, ks| match key {
                "mode" => {
                    if let Some(mode) = this.choice(v, ks, THRESHOLD_MODES) {
                        th.mode = mode;
                    }
                }
                "style" => {
                    let styles = threshold_styles();
                    let choices: Vec<(&str, ThresholdsStyle)> =
                        styles.iter().map(|(n, s)| (n.as_str(), *s)).collect();
                    if let Some(style) = this.choice(v, ks, &choices) {
                        th.style = style;
                    }
                }
                "steps" => match this.steps(v, ks) {
                    Some(steps) => th.steps = steps,
                    None => steps_failed = true,
                },
                _ => {}
            },
        );
        if !seen.keys.contains_key("steps") {
            self.err(ks, "thresholds need `steps`, e.g. `steps: [green, red: 5]`");
        }
        (!steps_failed).then_some(th)
    }

    fn steps(&mut self, v: &[TokenTree], ks: Span) -> Option<Vec<ThresholdStep>> {
        let inner = self.push_result(values::list(
            v,
            ks,
            "threshold steps such as [green, red: 80]",
        ))?;
        let mut steps = Vec::new();
        // A step that does not parse makes the whole list unusable: checking
        // the rest would report consequences (a missing base) of that mistake.
        let mut complete = true;
        for s in self.split(inner) {
            let span = s.span();
            let color = match s.tokens.first() {
                Some(TokenTree::Ident(i)) => i.to_string(),
                Some(tt) => match values::lit_str(tt) {
                    Some(c) => c.value,
                    None => {
                        self.err(
                            tt.span(),
                            "expected a color name (`green`) or a string (\"#73bf69\")",
                        );
                        complete = false;
                        continue;
                    }
                },
                None => continue,
            };
            let value = match s.tokens.get(1) {
                None => None,
                Some(TokenTree::Punct(p)) if p.as_char() == ':' => {
                    let r = values::number(&s.tokens[2..], p.span());
                    match self.push_result(r) {
                        Some(v) => Some(v),
                        None => {
                            complete = false;
                            continue;
                        }
                    }
                }
                Some(TokenTree::Ident(next)) => {
                    self.err(
                        next.span(),
                        format!("missing `,` between the threshold steps `{color}` and `{next}`"),
                    );
                    complete = false;
                    continue;
                }
                Some(other) => {
                    self.err(
                        other.span(),
                        "expected `: <value>` after the color, e.g. `red: 80`",
                    );
                    complete = false;
                    continue;
                }
            };
            let loc = self.loc(span);
            steps.push(ThresholdStep { loc, color, value });
        }
        complete.then_some(steps)
    }

    fn color(&mut self, v: &[TokenTree], ks: Span) -> Option<ColorMode> {
        self.push_result(super::forms::color_mode(v, ks))
    }

    fn links(&mut self, inner: TokenStream) -> Vec<Link> {
        let mut out = Vec::new();
        for e in self.split(inner) {
            let t = &e.tokens;
            let kind = match t.first() {
                Some(TokenTree::Ident(i)) if i == "dashboards" || i == "url" => i.to_string(),
                Some(other) => {
                    self.err(other.span(), "expected a link: `dashboards \"Title\" { tags: [..] }` or `url \"Title\" \"https://..\"`");
                    continue;
                }
                None => continue,
            };
            let Some(title) = t.get(1).and_then(values::lit_str) else {
                let span = t.get(1).map(TokenTree::span).unwrap_or(e.span());
                self.err(span, "expected the link title as a string literal");
                continue;
            };
            let mut idx = 2;
            let mut target = LinkTarget::Dashboards { tags: Vec::new() };
            if kind == "url" {
                match t.get(2).and_then(values::lit_str) {
                    Some(u) => target = LinkTarget::Url(u.value),
                    None => {
                        let span = t.get(2).map(TokenTree::span).unwrap_or(title.span());
                        self.err(span, "expected the URL as a string literal after the title");
                        continue;
                    }
                }
                idx = 3;
            }
            let loc = self.loc(e.span());
            let mut link = Link {
                loc,
                title: title.value,
                target,
                as_dropdown: false,
                keep_time: true,
                include_vars: true,
                target_blank: false,
                tooltip: None,
                icon: None,
            };
            match t.get(idx) {
                None => {}
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    self.option_block(
                        g.stream(),
                        LINK_OPTIONS,
                        "link",
                        "keep_time: true",
                        |this, key, v, ks| match key {
                            "tags" => {
                                let r = values::string_list(v, ks, "tags", &mut this.errors);
                                if let Some(list) = this.push_result(r) {
                                    match &mut link.target {
                                        LinkTarget::Dashboards { tags } => {
                                            *tags = list.into_iter().map(|s| s.value).collect()
                                        }
                                        LinkTarget::Url(_) => this
                                            .err(ks, "`tags` applies to `dashboards` links only"),
                                    }
                                }
                            }
                            "tooltip" => {
                                if let Some(s) =
                                    this.push_result(values::string(v, ks, "a tooltip"))
                                {
                                    link.tooltip = Some(s.value);
                                }
                            }
                            "icon" => {
                                if let Some(s) = this.push_result(values::string(
                                    v,
                                    ks,
                                    "an icon: \"external link\", \"dashboard\", \"question\", \"info\", \"bolt\", \"doc\" or \"cloud\"",
                                )) {
                                    link.icon = Some(this.spanned(s));
                                }
                            }
                            flag => {
                                if let Some(b) = this.push_result(values::boolean(v, ks)) {
                                    match flag {
                                        "as_dropdown" => link.as_dropdown = b,
                                        "keep_time" => link.keep_time = b,
                                        "include_vars" => link.include_vars = b,
                                        _ => link.target_blank = b,
                                    }
                                }
                            }
                        },
                    );
                }
                Some(other) => {
                    self.err(
                        other.span(),
                        "unexpected token in the link: options go in `{ .. }`",
                    );
                }
            }
            out.push(link);
        }
        out
    }

    fn variables(&mut self, body: TokenStream) -> Vec<Variable> {
        let mut out = Vec::new();
        for e in self.split(body) {
            let Some(name) = e.option_key().cloned() else {
                let dashed = matches!(
                    (e.tokens.first(), e.tokens.get(1)),
                    (Some(TokenTree::Ident(_)), Some(TokenTree::Punct(p))) if p.as_char() == '-'
                );
                if dashed {
                    self.err(e.span(), "a variable name is one identifier (letters, digits, `_`): write `my_var`, not `my-var`");
                } else {
                    self.err(e.span(), "expected a variable declaration such as `job: query \"label_values(up, job)\"`");
                }
                continue;
            };
            let v = e.option_value();
            let kind_word = match v.first() {
                Some(TokenTree::Ident(i)) => i.to_string(),
                _ => String::new(),
            };
            if !VARIABLE_KINDS.contains(&kind_word.as_str()) {
                let span = v.first().map(TokenTree::span).unwrap_or(name.span());
                let hint = closest(&kind_word, VARIABLE_KINDS.iter().copied())
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                self.err(
                    span,
                    format!(
                        "expected a variable kind: {hint}one of {}",
                        VARIABLE_KINDS.join(", ")
                    ),
                );
                continue;
            }
            // `adhoc` takes no argument: its datasource is the dashboard's.
            let arg_at = usize::from(kind_word != "adhoc");
            if arg_at == 1 && v.get(1).is_none() {
                let example = match kind_word.as_str() {
                    "query" => "query \"label_values(up, job)\"",
                    "filter" => "filter \"label_values(up, job)\"",
                    "custom" => "custom [\"prod\", \"staging\"]",
                    "interval" => "interval [\"1m\", \"5m\"]",
                    "constant" => "constant \"value\"",
                    _ => "textbox \"default\"",
                };
                self.err(
                    v[0].span(),
                    format!("`{kind_word}` needs its argument: write `{name}: {example}`"),
                );
                continue;
            }
            let arg_span = v.get(1).map(TokenTree::span).unwrap_or(v[0].span());
            let arg: Vec<TokenTree> = v.get(1).cloned().into_iter().collect();
            let kind = match kind_word.as_str() {
                // `filter` is a query variable set up to narrow queries with
                // `=~"$name"`: several values, and "All" matching every value.
                "query" | "filter" => match values::string(
                    &arg,
                    arg_span,
                    "the variable's query, e.g. \"label_values(up, job)\"",
                ) {
                    Ok(q) if kind_word == "filter" => VariableKind::filter(self.spanned(q)),
                    Ok(q) => VariableKind::query(self.spanned(q)),
                    Err(e) => {
                        self.errors.push(e);
                        continue;
                    }
                },
                "custom" | "interval" => {
                    let r = values::string_list(&arg, arg_span, "values", &mut self.errors);
                    let Some(list) = self.push_result(r) else {
                        continue;
                    };
                    // An empty list is reported by the core checks.
                    let values: Vec<String> = list.into_iter().map(|s| s.value).collect();
                    if kind_word == "custom" {
                        VariableKind::Custom {
                            values,
                            multi: false,
                            include_all: false,
                            all_value: None,
                        }
                    } else {
                        VariableKind::Interval {
                            values,
                            auto: false,
                        }
                    }
                }
                "constant" => match values::string(&arg, arg_span, "the constant's value") {
                    Ok(s) => VariableKind::Constant { value: s.value },
                    Err(e) => {
                        self.errors.push(e);
                        continue;
                    }
                },
                "adhoc" => VariableKind::Adhoc,
                _ => match values::string(&arg, arg_span, "the text box's default value") {
                    Ok(s) => VariableKind::Textbox { default: s.value },
                    Err(e) => {
                        self.errors.push(e);
                        continue;
                    }
                },
            };
            let loc = self.loc(name.span());
            let name_loc = self.loc(name.span());
            let mut var = Variable {
                loc,
                name: Spanned::new(name.to_string(), name_loc),
                label: None,
                description: None,
                hide: VariableHide::Visible,
                kind,
                current: Vec::new(),
                refresh: None,
                set: Vec::new(),
            };
            match v.get(arg_at + 1) {
                None => {}
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    self.variable_options(&mut var, g.stream());
                    if let Some(e) = values::trailing(v, arg_at + 2) {
                        self.errors.push(e);
                    }
                }
                Some(other) if arg_at == 0 => self.err(
                    other.span(),
                    "unexpected token: `adhoc` takes no argument (its datasource is the dashboard's); its options go in `{ .. }`",
                ),
                Some(other) => self.err(
                    other.span(),
                    "unexpected token: variable options go in `{ .. }`",
                ),
            }
            out.push(var);
        }
        out
    }

    fn variable_options(&mut self, var: &mut Variable, body: TokenStream) {
        self.option_block(
            body,
            VARIABLE_OPTIONS,
            "variable",
            "multi: true",
            |this, key, v, ks| {
                let kind_name = var.kind.type_name();
                let not_for =
                    |key: &str| format!("`{key}` does not apply to `{kind_name}` variables");
                match key {
                    "label" => {
                        var.label = this
                            .push_result(values::string(v, ks, "a label"))
                            .map(|s| s.value)
                    }
                    "description" => {
                        var.description = this
                            .push_result(values::string(v, ks, "a description"))
                            .map(|s| s.value)
                    }
                    "hide" => {
                        if let Some(hide) = this.choice(v, ks, VARIABLE_HIDES) {
                            var.hide = hide;
                        }
                    }
                    "multi" | "include_all" => {
                        let Some(b) = this.push_result(values::boolean(v, ks)) else {
                            return;
                        };
                        match &mut var.kind {
                            VariableKind::Query {
                                multi, include_all, ..
                            }
                            | VariableKind::Custom {
                                multi, include_all, ..
                            } => {
                                if key == "multi" {
                                    *multi = b
                                } else {
                                    *include_all = b
                                }
                            }
                            _ => this.err(ks, not_for(key)),
                        }
                    }
                    "all_value" => {
                        let Some(s) =
                            this.push_result(values::string(v, ks, "the value \"All\" stands for"))
                        else {
                            return;
                        };
                        match &mut var.kind {
                            VariableKind::Query { all_value, .. }
                            | VariableKind::Custom { all_value, .. } => *all_value = Some(s.value),
                            _ => this.err(ks, not_for(key)),
                        }
                    }
                    "regex" => {
                        let Some(s) = this.push_result(values::string(v, ks, "a regex")) else {
                            return;
                        };
                        match &mut var.kind {
                            VariableKind::Query { regex, .. } => *regex = Some(s.value),
                            _ => this.err(ks, not_for(key)),
                        }
                    }
                    "sort" => {
                        let Some((n, _)) = this.push_result(values::integer(v, ks, 8)) else {
                            return;
                        };
                        match &mut var.kind {
                            VariableKind::Query { sort, .. } => *sort = n as u8,
                            _ => this.err(ks, not_for(key)),
                        }
                    }
                    "auto" => {
                        let Some(b) = this.push_result(values::boolean(v, ks)) else {
                            return;
                        };
                        match &mut var.kind {
                            VariableKind::Interval { auto, .. } => *auto = b,
                            _ => this.err(ks, not_for(key)),
                        }
                    }
                    "current" => this.variable_current(var, v, ks),
                    "refresh" => this.variable_refresh(var, v, ks),
                    "set" => {
                        if let Some(set) = this.set_entries(v, ks) {
                            var.set = set;
                        }
                    }
                    _ => {}
                }
            },
        );
    }
}

/// For an option name the DSL does not have: the message when it is (or is
/// closest to) an option of the kind's Grafana schema, which has no short
/// form: write it with `set:` at its JSON path, or use the DSL option that
/// writes that path. `None` for DSL options and for names closer to one.
fn schema_only_option(name: &str, kind: PanelKind) -> Option<String> {
    use crate::check::set_paths::{owner_of, panel_reserved};
    let dsl: Vec<&str> = PANEL_OPTIONS
        .iter()
        .copied()
        .chain(super::forms::panel_names())
        .collect();
    if dsl.contains(&name) {
        return None;
    }
    let schema_kind = crate::schema::panel_kind(kind.plugin_id())?;
    // DSL options first: on a tie, the DSL's own name is the suggestion.
    let candidates = dsl.iter().copied().chain(
        schema_kind
            .entries
            .iter()
            .map(|e| e.dsl)
            .filter(|d| !dsl.contains(d)),
    );
    let (entry, exact) = match schema_kind.option(name) {
        Some(entry) => (entry, true),
        None => {
            let closest = closest(name, candidates)?;
            (
                schema_kind
                    .option(closest)
                    .filter(|_| !dsl.contains(&closest))?,
                false,
            )
        }
    };
    let path = entry.path;
    let named = if exact {
        format!("`{name}` is Grafana's `{path}`;")
    } else {
        format!(
            "unknown panel option `{name}`; did you mean `{}`? It is Grafana's `{path}`;",
            entry.dsl
        )
    };
    let reserved = panel_reserved(kind);
    Some(match owner_of(&reserved, path) {
        Some((_, owner, fix)) => format!("{named} it is written by {owner}: {fix}"),
        None => {
            format!("{named} it has no short form in the DSL: write `set: {{ \"{path}\": .. }}`")
        }
    })
}

/// Why a panel option does nothing on a panel of `kind`: the core's rule,
/// reported here on the option itself.
pub(super) use crate::check::option_not_for_kind as not_for_kind;

/// A query that passes every check, standing in for one already reported as malformed.
const STAND_IN_QUERY: &str = "vector(0)";
/// A unit standing in for one already reported as malformed.
const STAND_IN_UNIT: &str = "none";

/// `"legend" -> "expr"`, `"legend" = "expr"` or `"legend" "expr"`: a query
/// with a wrong or missing arrow. Returns the span to report.
fn wrong_arrow(e: &Entry) -> Option<Span> {
    let head = match e.tokens.first() {
        Some(TokenTree::Literal(_)) => true,
        Some(TokenTree::Ident(i)) => i == "_",
        _ => false,
    };
    if !head || e.tokens.len() < 2 || e.tokens.len() > 4 {
        return None;
    }
    let last_is_string = e.tokens.last().and_then(values::lit_str).is_some();
    let middle_is_punct = e.tokens[1..e.tokens.len() - 1]
        .iter()
        .all(|t| matches!(t, TokenTree::Punct(_)));
    (last_is_string && middle_is_punct).then(|| e.tokens[1].span())
}

/// `"legend" => "expr"` or `_ => "expr"`.
fn is_target(e: &Entry) -> bool {
    let head = match e.tokens.first() {
        Some(TokenTree::Literal(_)) => true,
        Some(TokenTree::Ident(i)) => i == "_",
        _ => false,
    };
    let arrow = matches!(
        (e.tokens.get(1), e.tokens.get(2)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == '=' && b.as_char() == '>'
    );
    head && arrow
}

/// `"now-1h".."now"`.
fn time_range(v: &[TokenTree], ks: Span) -> Result<(Str, Str), Error> {
    let expected = "a time range such as \"now-1h\"..\"now\"";
    let from = v.first().and_then(values::lit_str).ok_or_else(|| {
        Error::new(
            v.first().map(TokenTree::span).unwrap_or(ks),
            format!("expected {expected}"),
        )
    })?;
    let dots = matches!(
        (v.get(1), v.get(2)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == '.' && b.as_char() == '.'
    );
    if !dots {
        return Err(Error::new(
            v.get(1).map(TokenTree::span).unwrap_or(from.span()),
            format!("expected `..` in {expected}"),
        ));
    }
    let to = v.get(3).and_then(values::lit_str).ok_or_else(|| {
        Error::new(
            v.get(3).map(TokenTree::span).unwrap_or(from.span()),
            format!("expected the end of {expected}"),
        )
    })?;
    if let Some(e) = values::trailing(v, 4) {
        return Err(e);
    }
    Ok((from, to))
}

/// Every word the DSL reads as a value or at the head of an entry (panel
/// kinds, keyword choices, `row`, `true` ..): fragments, template
/// parameters and loop variables cannot take these names, so that a
/// fragment never replaces one of them.
pub(super) fn value_words() -> Vec<String> {
    let mut words: Vec<String> = [
        "row",
        "collapsed",
        "variables",
        "dashboards",
        "url",
        "true",
        "false",
        "null",
        "_",
        "graph",
        "palette_classic",
        "thresholds",
        "green_yellow_red",
        "let",
        "template",
        "for",
        "in",
    ]
    .iter()
    .chain(VARIABLE_KINDS)
    .map(|w| w.to_string())
    .collect();
    let choices = [
        TOOLTIPS.iter().map(|c| c.0).collect::<Vec<_>>(),
        SORT_ORDERS.iter().map(|c| c.0).collect(),
        STACKINGS.iter().map(|c| c.0).collect(),
        FORMATS.iter().map(|c| c.0).collect(),
        LEGEND_MODES.iter().map(|c| c.0).collect(),
        LEGEND_PLACEMENTS.iter().map(|c| c.0).collect(),
        THRESHOLD_MODES.iter().map(|c| c.0).collect(),
        VARIABLE_HIDES.iter().map(|c| c.0).collect(),
        PanelKind::ALL.iter().map(|c| c.1).collect(),
    ];
    words.extend(choices.iter().flatten().map(|w| w.to_string()));
    words.extend(threshold_styles().into_iter().map(|(name, _)| name));
    words.sort();
    words.dedup();
    words
}
