//! The options of some series only, and value mappings:
//! `series "Total" { color: "red" }` (Grafana's `fieldConfig.overrides`)
//! and `mappings: [value "1" => "UP" { color: "green" }, ..]`
//! (`fieldConfig.defaults.mappings`). A `series` block takes the short
//! forms of [`super::forms`] whose path lies under `fieldConfig.defaults`.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

use super::entries::Entry;
use super::forms::{keyword_of, series_form, series_names};
use super::values::{self, Str};
use super::Parser;
use crate::diag::closest;
use crate::model::{
    MappingMatch, PanelKind, SeriesMatcher, SeriesOverride, SetEntry, Setting, Spanned,
    ValueMapping, ValueMatch,
};

/// Grafana's field types a `series type ..` matches (`byType`). The
/// schemas type the matcher's options as any value, so this list is kept
/// by hand from Grafana's `FieldType`.
pub(crate) const FIELD_TYPES: &[&str] = &["number", "string", "time", "boolean", "enum", "other"];

/// The shapes of a `series` entry, for messages.
const SERIES_SHAPES: &str = "`series \"Name\" { .. }`, `series regex \"cache.*\" { .. }`, `series query B { .. }`, `series type number { .. }`, `series value(mean > 10) { .. }` or `series except [\"cpu\"] { hidden: [viz] }`";

/// The comparisons of `series value(..)`, as (DSL, Grafana's
/// `ComparisonOperation`).
pub(crate) const COMPARISONS: &[(&str, &str)] = &[
    (">", "gt"),
    (">=", "gte"),
    ("<", "lt"),
    ("<=", "lte"),
    ("==", "eq"),
    ("!=", "neq"),
];

/// The reducers Grafana's `byValue` matcher reads as true or false,
/// ignoring the comparison (Grafana writes `>= 0` with them).
pub(crate) const BOOLEAN_REDUCERS: &[&str] = &["allIsZero", "allIsNull"];

/// The options of `series value(..)` when the reducer is true or false.
pub(crate) const BOOLEAN_COMPARISON: (&str, f64) = ("gte", 0.0);

/// Whether `e` is a `series ..` entry (not a `series: ..` option).
pub(super) fn is_series(e: &Entry) -> bool {
    matches!(e.tokens.first(), Some(TokenTree::Ident(i)) if i == "series")
        && e.option_key().is_none()
}

impl Parser {
    /// `series <matcher> { <properties> }` on a panel of `kind`.
    pub(super) fn series(&mut self, kind: PanelKind, e: &Entry) -> Option<SeriesOverride> {
        let t = &e.tokens;
        if !kind.shows_values() {
            self.err(
                e.span(),
                format!(
                    "{} panel shows no series ({}): remove the `series` block",
                    kind.with_article(),
                    kind.shows_instead()
                ),
            );
            return None;
        }
        let (matcher, body_at) = match t.get(1) {
            Some(tt) if values::lit_str(tt).is_some() => {
                let name = values::lit_str(tt)?;
                (SeriesMatcher::Name(self.spanned_str(name)), 2)
            }
            Some(TokenTree::Ident(how)) if how == "regex" => {
                let Some(re) = t.get(2).and_then(values::lit_str) else {
                    let span = t.get(2).map_or(how.span(), TokenTree::span);
                    self.err(span, "expected the regex as a string after `regex`: `series regex \"cache.*\" { .. }`");
                    return None;
                };
                (SeriesMatcher::Regex(self.spanned_str(re)), 3)
            }
            Some(TokenTree::Ident(how)) if how == "query" => {
                let Some(TokenTree::Ident(id)) = t.get(2) else {
                    let span = t.get(2).map_or(how.span(), TokenTree::span);
                    self.err(
                        span,
                        "expected the query's refId after `query`: `series query B { .. }`",
                    );
                    return None;
                };
                let loc = self.spans.push(id.span());
                (SeriesMatcher::Query(Spanned::new(id.to_string(), loc)), 3)
            }
            Some(TokenTree::Ident(how)) if how == "type" => {
                let r = values::keyword(t.get(2..3).unwrap_or(&[]), how.span(), FIELD_TYPES);
                let (word, span) = self.push_result(r)?;
                let loc = self.spans.push(span);
                (
                    SeriesMatcher::FieldType(Spanned::new(word.to_string(), loc)),
                    3,
                )
            }
            Some(TokenTree::Ident(how)) if how == "value" => {
                let Some(TokenTree::Group(g)) = t.get(2).filter(
                    |g| matches!(g, TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis),
                ) else {
                    let span = t.get(2).map_or(how.span(), TokenTree::span);
                    self.err(span, "expected the reducer and comparison in parentheses after `value`: `series value(mean > 10) { .. }` or `series value(allIsZero) { .. }`");
                    return None;
                };
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                (SeriesMatcher::Value(self.value_match(&inner, g.span())?), 3)
            }
            Some(TokenTree::Ident(how)) if how == "except" || how == "only" => {
                let r = values::string_list(
                    t.get(2..3).unwrap_or(&[]),
                    how.span(),
                    "series display names",
                    &mut self.errors,
                );
                let names = self.push_result(r)?;
                let names = names.into_iter().map(|n| self.spanned_str(n)).collect();
                (
                    SeriesMatcher::Legend {
                        exclude: how == "except",
                        names,
                    },
                    3,
                )
            }
            other => {
                let span = other.map_or(e.span(), TokenTree::span);
                let hint = match other {
                    Some(TokenTree::Ident(i)) => closest(
                        &i.to_string(),
                        ["regex", "query", "type", "value", "except", "only"],
                    )
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default(),
                    _ => String::new(),
                };
                self.err(
                    span,
                    format!("expected which series: {hint}{SERIES_SHAPES}"),
                );
                return None;
            }
        };
        let body = match t.get(body_at) {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g.stream(),
            other => {
                let span = other.map_or(e.span(), TokenTree::span);
                self.err(span, "expected the series options in braces: `series \"Total\" { color: \"red\", stacking: none }`");
                return None;
            }
        };
        if let Some(err) = values::trailing(t, body_at + 1) {
            self.errors.push(err);
        }
        let loc = self.spans.push(e.span());
        let (properties, set, set_at) = self.series_properties(kind, body, e.span())?;
        if let SeriesMatcher::Legend { exclude, .. } = &matcher {
            let only_hidden =
                set.is_empty() && properties.len() == 1 && properties[0].name == "hidden";
            if !only_hidden {
                let how = if *exclude { "except" } else { "only" };
                self.err(e.span(), format!("`series {how} [..]` is the override Grafana writes when a legend entry is clicked (`__systemRef: \"hideSeriesFrom\"`): it takes `hidden` alone, e.g. `series {how} [\"cpu\"] {{ hidden: [viz] }}`; style series with `series \"Name\" {{ .. }}` or `series regex \"..\" {{ .. }}`"));
                return None;
            }
        }
        Some(SeriesOverride {
            loc,
            matcher,
            properties,
            set,
            set_at,
        })
    }

    /// `mean > 10`, `allIsZero`: the inside of `series value(..)`.
    fn value_match(&mut self, inner: &[TokenTree], at: Span) -> Option<ValueMatch> {
        let Some(TokenTree::Ident(reducer)) = inner.first() else {
            let span = inner.first().map_or(at, TokenTree::span);
            self.err(span, "expected a reducer id first, as `calcs` takes them: `value(mean > 10)`, `value(max >= 0.5)`, `value(allIsZero)`");
            return None;
        };
        let id = reducer.to_string();
        if let Some(problem) = crate::check::reducer_problem("reducer", &id) {
            self.err(reducer.span(), problem);
            return None;
        }
        let reducer = Spanned::new(id.clone(), self.spans.push(reducer.span()));
        let rest = &inner[1..];
        if BOOLEAN_REDUCERS.contains(&id.as_str()) {
            if let Some(first) = rest.first() {
                self.err(first.span(), format!("`{id}` is true or false, and Grafana ignores a comparison after it: write `value({id})`"));
                return None;
            }
            let (op, value) = BOOLEAN_COMPARISON;
            return Some(ValueMatch { reducer, op, value });
        }
        let Some(TokenTree::Punct(first)) = rest.first() else {
            let span = rest.first().map_or(at, TokenTree::span);
            self.err(span, format!("expected a comparison after `{id}`: `value({id} > 10)` (one of >, >=, <, <=, ==, !=)"));
            return None;
        };
        let mut op = first.as_char().to_string();
        let mut used = 1;
        // The punctuation written right after it (`=>`'s `>`), for messages.
        let mut shown = op.clone();
        if let Some(TokenTree::Punct(second)) = rest.get(1) {
            if first.spacing() == proc_macro2::Spacing::Joint {
                shown.push(second.as_char());
                if second.as_char() == '=' {
                    op.push('=');
                    used = 2;
                }
            }
        }
        let Some((_, grafana)) = COMPARISONS.iter().find(|(dsl, _)| *dsl == op) else {
            self.err(
                first.span(),
                format!("unknown comparison `{shown}`: use >, >=, <, <=, == or !="),
            );
            return None;
        };
        let value = self.push_result(values::number(&rest[used..], first.span()))?;
        Some(ValueMatch {
            reducer,
            op: grafana,
            value,
        })
    }

    /// The properties of a `series` block: its short forms, its `set`
    /// entries, and how many forms come before the `set`.
    fn series_properties(
        &mut self,
        kind: PanelKind,
        body: TokenStream,
        at: Span,
    ) -> Option<(Vec<Setting>, Vec<SetEntry>, usize)> {
        // The panel's short forms too, to say where they belong.
        let names: Vec<&str> = series_names()
            .into_iter()
            .chain(["set"])
            .chain(super::forms::panel_names().filter(|n| series_form(n).is_none()))
            .collect();
        let mut properties = Vec::new();
        let mut set = Vec::new();
        let mut set_at = None;
        let mut failed = false;
        let seen = self.option_block(body, &names, "series", "color: \"red\"", |this, key, v, ks| {
            if key == "set" {
                set_at = Some(properties.len());
                match this.set_entries(v, ks) {
                    Some(entries) => set = entries,
                    None => failed = true,
                }
                return;
            }
            let Some(form) = series_form(key) else {
                this.err(ks, format!("`{key}` is an option of the whole panel, not of some series: move it out of the `series` block"));
                failed = true;
                return;
            };
            match this.form_setting(form, kind, v, ks) {
                Some(s) => properties.push(s),
                None => failed = true,
            }
        });
        if seen.keys.is_empty() && !failed {
            self.err(at, "empty `series` block: give the options of these series, e.g. `series \"Total\" { color: \"red\" }`");
            return None;
        }
        let set_at = set_at.unwrap_or(properties.len());
        Some((properties, set, set_at))
    }

    fn spanned_str(&mut self, s: Str) -> Spanned<String> {
        let loc = self.spans.push_literal(s.lit);
        Spanned::new(s.value, loc)
    }

    /// `mappings: [ value "1" => "UP" { color: "green" }, range 0..10 => "low",
    /// regex "x.*" => "..", null => "N/A" ]`.
    pub(super) fn mappings(&mut self, v: &[TokenTree], ks: Span) -> Option<Vec<ValueMapping>> {
        let inner = self.push_result(values::list(
            v,
            ks,
            "value mappings such as `[value \"1\" => \"UP\", null => \"N/A\"]`",
        ))?;
        let mut out = Vec::new();
        let mut complete = true;
        for e in self.split(inner) {
            // `values { "0" => "Down", "1" => "Up" }`: value mappings in one
            // Grafana mapping object.
            if let (Some(TokenTree::Ident(w)), Some(TokenTree::Group(g)), None) =
                (e.tokens.first(), e.tokens.get(1), e.tokens.get(2))
            {
                if w == "values" && g.delimiter() == Delimiter::Brace {
                    let entries = self.split(g.stream());
                    if entries.is_empty() {
                        self.err(e.span(), "empty `values { .. }`: give the values, e.g. `values { \"0\" => \"Down\", \"1\" => \"Up\" }`");
                        complete = false;
                    }
                    for (k, inner) in entries.iter().enumerate() {
                        match self.mapping(inner, true) {
                            Some(mut m) => {
                                m.joined = k > 0;
                                out.push(m);
                            }
                            None => complete = false,
                        }
                    }
                    continue;
                }
            }
            match self.mapping(&e, false) {
                Some(m) => out.push(m),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }

    /// One mapping; in a `values { .. }` group (`grouped`) its head is the
    /// value alone (`"1" => "UP"`).
    fn mapping(&mut self, e: &Entry, grouped: bool) -> Option<ValueMapping> {
        let t = &e.tokens;
        let arrow = t.windows(2).position(|w| {
            matches!((&w[0], &w[1]), (TokenTree::Punct(a), TokenTree::Punct(b)) if a.as_char() == '=' && b.as_char() == '>')
        });
        let Some(arrow) = arrow else {
            self.err(e.span(), "expected `=>` and what the value shows: `value \"1\" => \"UP\"`, `range 0..10 => \"low\" { color: \"green\" }`");
            return None;
        };
        let head = &t[..arrow];
        let matches = if grouped {
            match (head.first().and_then(values::lit_str), head.len()) {
                (Some(s), 1) => MappingMatch::Value(s.value),
                _ => {
                    self.err(
                        e.span(),
                        "expected a value as a string in `values { .. }`: `\"1\" => \"UP\"`",
                    );
                    return None;
                }
            }
        } else {
            self.mapping_match(head, e.span())?
        };
        let mut text = None;
        let mut color = None;
        let mut index = None;
        let mut rest = &t[arrow + 2..];
        // A `{ .. }` whose options were wrong is reported already.
        let mut block_failed = false;
        if let Some(s) = rest.first().and_then(values::lit_str) {
            text = Some(s.value);
            rest = &rest[1..];
        }
        match rest.first() {
            None => {}
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                let before = self.errors.len();
                self.option_block(g.stream(), &["color", "index"], "mapping", "color: \"green\"", |this, key, v, ks| {
                    if key == "index" {
                        index = this.push_result(values::integer(v, ks, u32::MAX)).map(|(n, _)| n);
                        return;
                    }
                    if let Some(s) = this.push_result(values::string(v, ks, "a color such as \"green\"")) {
                        if crate::check::is_color(&s.value) {
                            color = Some(this.spanned_str(s));
                        } else {
                            this.err(s.span(), format!("unknown color \"{}\": use a Grafana color name (green, red, orange, yellow, blue, purple, with an optional `dark-`, `semi-dark-`, `light-` or `super-light-` prefix) or \"#rrggbb\"", s.value));
                        }
                    }
                });
                if let Some(err) = values::trailing(rest, 1) {
                    self.errors.push(err);
                }
                block_failed = self.errors.len() > before;
            }
            Some(other) => {
                self.err(
                    other.span(),
                    "expected the text shown (a string) and/or `{ color: \"..\" }` after `=>`",
                );
                return None;
            }
        }
        if text.is_none() && color.is_none() {
            if !block_failed {
                self.err(t[arrow].span(), "a mapping shows a text, a color or both: write `=> \"UP\"`, `=> { color: \"green\" }` or `=> \"UP\" { color: \"green\" }`");
            }
            return None;
        }
        let loc = self.spans.push(e.span());
        Some(ValueMapping {
            loc,
            matches,
            text,
            color,
            index,
            joined: false,
        })
    }

    /// What a mapping matches: `value "1"`, `range 0..10`, `regex ".."` or a special value.
    fn mapping_match(&mut self, head: &[TokenTree], at: Span) -> Option<MappingMatch> {
        let specials = special_values();
        let Some(TokenTree::Ident(word)) = head.first() else {
            let span = head.first().map_or(at, TokenTree::span);
            self.err(span, "expected what the mapping matches: `value \"1\"`, `range 0..10`, `regex \"x.*\"` or a special value (`null`, `nan`, `empty`, ..)");
            return None;
        };
        let w = word.to_string();
        match w.as_str() {
            "value" => {
                let value = match head.get(1) {
                    Some(tt) => match values::lit_str(tt) {
                        Some(s) => Some(s.value),
                        None => values::number(&head[1..], word.span())
                            .ok()
                            .map(format_number),
                    },
                    None => None,
                };
                let Some(value) = value else {
                    self.err(
                        head.get(1).map_or(word.span(), TokenTree::span),
                        "expected the value matched, e.g. `value \"1\"`",
                    );
                    return None;
                };
                if head.len() > 2 && values::lit_str(&head[1]).is_some() {
                    self.err(head[2].span(), "unexpected token before `=>`");
                    return None;
                }
                Some(MappingMatch::Value(value))
            }
            "regex" => {
                let Some(s) = head.get(1).and_then(values::lit_str) else {
                    self.err(
                        head.get(1).map_or(word.span(), TokenTree::span),
                        "expected the regex as a string, e.g. `regex \"x.*\"`",
                    );
                    return None;
                };
                if let Some(err) = values::trailing(head, 2) {
                    self.errors.push(err);
                    return None;
                }
                Some(MappingMatch::Regex(self.spanned_str(s)))
            }
            "range" => self.range(&head[1..], word.span()),
            _ => match specials.iter().find(|(k, _)| *k == w) {
                Some((_, grafana)) => {
                    if let Some(err) = values::trailing(head, 1) {
                        self.errors.push(err);
                        return None;
                    }
                    Some(MappingMatch::Special(grafana))
                }
                None => {
                    let choices = ["value", "range", "regex"]
                        .into_iter()
                        .chain(specials.iter().map(|(k, _)| k.as_str()));
                    let hint = closest(&w, choices)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    let names: Vec<&str> = specials.iter().map(|(k, _)| k.as_str()).collect();
                    self.err(word.span(), format!("unknown mapping `{w}`: {hint}expected `value \"..\"`, `range a..b`, `regex \"..\"` or a special value ({})", names.join(", ")));
                    None
                }
            },
        }
    }

    /// `0..10`, `..10`, `0..`, `-5..5`, `0.5..1.5`.
    fn range(&mut self, tokens: &[TokenTree], at: Span) -> Option<MappingMatch> {
        let dots = tokens.windows(2).position(|w| {
            matches!((&w[0], &w[1]), (TokenTree::Punct(a), TokenTree::Punct(b)) if a.as_char() == '.' && b.as_char() == '.')
        });
        let Some(dots) = dots else {
            self.err(
                tokens.first().map_or(at, TokenTree::span),
                "expected a range such as `range 0..10` (`..10` and `0..` leave an end open)",
            );
            return None;
        };
        let bound = |this: &mut Self, part: &[TokenTree], span: Span| -> Option<Option<f64>> {
            if part.is_empty() {
                return Some(None);
            }
            this.push_result(values::number(part, span)).map(Some)
        };
        let from = bound(self, &tokens[..dots], at)?;
        let to = bound(self, &tokens[dots + 2..], at)?;
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                self.err(
                    at,
                    format!("the range {a}..{b} is empty: write the lower bound first"),
                );
                return None;
            }
        }
        if from.is_none() && to.is_none() {
            self.err(
                at,
                "a range needs at least one end: `range 0..10`, `range ..10` or `range 0..`",
            );
            return None;
        }
        Some(MappingMatch::Range(from, to))
    }
}

/// The special values a mapping matches (Grafana's `SpecialValueMatch`, from
/// the schema), as (keyword, Grafana value): `null_nan` is `null+nan`.
pub(crate) fn special_values() -> Vec<(String, &'static str)> {
    crate::schema::enum_named("SpecialValueMatch")
        .map(|e| e.values)
        .unwrap_or_default()
        .iter()
        .filter_map(|l| match l {
            crate::schema::Lit::Str(s) => Some((keyword_of(s), *s)),
            _ => None,
        })
        .collect()
}

/// A matched number as the text Grafana compares with (`1`, not `1.0`).
fn format_number(n: f64) -> String {
    crate::grafana::number(n).to_string()
}
