//! `annotations { .. }`: the built-in "Annotations & Alerts" query
//! (`builtin: { enable, hide }`), PromQL annotation queries (`name:
//! prometheus "expr" { color, title, text, tags, step, enable, hide, allow,
//! name }`) and Grafana's own annotations by tag (`name: tagged ["tag"] {
//! color, match_any, limit, enable, hide, name }`).

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::values;
use super::Parser;
use crate::model::{Annotation, AnnotationSource, Annotations, Spanned, ANNOTATION_LIMIT};

/// The name of the built-in annotation query's entry.
const BUILTIN: &str = "builtin";
const BUILTIN_OPTIONS: &[&str] = &["enable", "hide"];
const ANNOTATION_OPTIONS: &[&str] = &[
    "color",
    "title",
    "text",
    "tags",
    "step",
    "enable",
    "hide",
    "allow",
    "name",
    "match_any",
    "limit",
];
/// The options of a PromQL annotation only.
const PROMETHEUS_ONLY: &[&str] = &["title", "text", "tags", "step", "allow"];
/// The options of a `tagged` annotation only.
const TAGGED_ONLY: &[&str] = &["match_any", "limit"];
/// The marker color of a PromQL annotation unless told otherwise (Grafana's).
const DEFAULT_COLOR: &str = "red";

impl Parser {
    /// The body of `annotations { .. }`.
    pub(super) fn annotations(&mut self, body: TokenStream) -> Annotations {
        let mut out = Annotations::default();
        let mut builtin_seen = false;
        for e in self.split(body) {
            let Some(name) = e.option_key().cloned() else {
                self.err(e.span(), "expected an annotation: `deploys: prometheus \"changes(app_build_info[5m]) > 0\"` or `builtin: { hide: false }`");
                continue;
            };
            let v = e.option_value();
            if name == BUILTIN {
                if builtin_seen {
                    self.err(name.span(), "duplicate `builtin`: keep one");
                    continue;
                }
                builtin_seen = true;
                let Some(body) = self.push_result(values::block(
                    v,
                    name.span(),
                    "the built-in annotation's options (`{ enable: true, hide: false }`)",
                )) else {
                    continue;
                };
                self.option_block(
                    body,
                    BUILTIN_OPTIONS,
                    "built-in annotation",
                    "hide: false",
                    |this, key, v, ks| {
                        if let Some(b) = this.push_result(values::boolean(v, ks)) {
                            if key == "enable" {
                                out.builtin_enable = b;
                            } else {
                                out.builtin_hide = b;
                            }
                        }
                    },
                );
                continue;
            }
            if out.queries.iter().any(|q| name == q.name.value) {
                self.err(
                    name.span(),
                    format!("duplicate annotation `{name}`: give each its own name"),
                );
                continue;
            }
            let tagged = match v.first() {
                Some(TokenTree::Ident(kind)) if kind == "prometheus" => false,
                Some(TokenTree::Ident(kind)) if kind == "tagged" => true,
                other => {
                    let at = other.map(TokenTree::span).unwrap_or(name.span());
                    self.err(at, format!("expected the annotation's source: `{name}: prometheus \"<PromQL>\"` (the dashboard's Prometheus datasource) or `{name}: tagged [\"deploy\"]` (Grafana's own annotations having these tags)"));
                    continue;
                }
            };
            let (source, expr) = if tagged {
                let r = values::string_list(
                    &v[1..v.len().min(2)],
                    v[0].span(),
                    "tags",
                    &mut self.errors,
                );
                let Some(list) = self.push_result(r) else {
                    continue;
                };
                let tags = list.into_iter().map(|s| self.spanned(s)).collect();
                let limit_loc = self.loc(name.span());
                let source = AnnotationSource::Tagged {
                    tags,
                    match_any: false,
                    limit: Spanned::new(ANNOTATION_LIMIT, limit_loc),
                };
                let expr_loc = self.loc(name.span());
                (source, Spanned::new(String::new(), expr_loc))
            } else {
                let Some(expr) = v.get(1).and_then(values::lit_str) else {
                    let at = v.get(1).map(TokenTree::span).unwrap_or(v[0].span());
                    self.err(
                        at,
                        "expected the annotation's PromQL query as a string literal after `prometheus`",
                    );
                    continue;
                };
                (AnnotationSource::Prometheus, self.spanned(expr))
            };
            let loc = self.loc(name.span());
            let name_loc = self.loc(name.span());
            let color_loc = self.loc(name.span());
            let mut a = Annotation {
                loc,
                name: Spanned::new(name.to_string(), name_loc),
                display_name: None,
                source,
                expr,
                color: Spanned::new(DEFAULT_COLOR.to_owned(), color_loc),
                title: None,
                text: None,
                tags: Vec::new(),
                step: None,
                enable: true,
                hide: false,
                allow: Vec::new(),
            };
            match v.get(2) {
                None => {}
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    self.annotation_options(&mut a, g.stream());
                    if let Some(e) = values::trailing(v, 3) {
                        self.errors.push(e);
                    }
                }
                Some(other) => self.err(
                    other.span(),
                    "unexpected token after the query: annotation options go in `{ .. }`",
                ),
            }
            out.queries.push(a);
        }
        out
    }

    fn annotation_options(&mut self, a: &mut Annotation, body: TokenStream) {
        self.option_block(
            body,
            ANNOTATION_OPTIONS,
            "annotation",
            "color: \"blue\"",
            |this, key, v, ks| match key {
                _ if matches!(a.source, AnnotationSource::Prometheus)
                    && TAGGED_ONLY.contains(&key) =>
                {
                    this.err(ks, format!("`{key}` applies to `tagged` annotations, not `prometheus` ones"));
                }
                _ if !matches!(a.source, AnnotationSource::Prometheus)
                    && PROMETHEUS_ONLY.contains(&key) =>
                {
                    this.err(ks, format!("`{key}` applies to `prometheus` annotations, not `tagged` ones (Grafana's annotations carry their own title, text and tags)"));
                }
                "name" => {
                    if let Some(s) = this.push_result(values::string(v, ks, "the name shown beside the annotation's toggle, such as \"flux events\"")) {
                        a.display_name = Some(this.spanned(s));
                    }
                }
                "limit" => {
                    if let Some((n, span)) = this.push_result(values::integer(v, ks, u32::MAX)) {
                        let loc = this.loc(span);
                        if let AnnotationSource::Tagged { limit, .. } = &mut a.source {
                            *limit = Spanned::new(n, loc);
                        }
                    }
                }
                "match_any" => {
                    if let Some(b) = this.push_result(values::boolean(v, ks)) {
                        if let AnnotationSource::Tagged { match_any, .. } = &mut a.source {
                            *match_any = b;
                        }
                    }
                }
                "color" | "title" | "text" | "step" => {
                    let what = match key {
                        "color" => "a color such as \"blue\" or \"#1f77b4\"",
                        "title" => "the event title, such as \"{{version}}\"",
                        "text" => "the event text, such as \"deployed {{version}}\"",
                        _ => "an evaluation step such as \"60s\"",
                    };
                    let Some(s) = this.push_result(values::string(v, ks, what)) else {
                        return;
                    };
                    let s = this.spanned(s);
                    match key {
                        "color" => a.color = s,
                        "title" => a.title = Some(s),
                        "text" => a.text = Some(s),
                        _ => a.step = Some(s),
                    }
                }
                "tags" | "allow" => {
                    let what = if key == "tags" {
                        "label names"
                    } else {
                        "check names"
                    };
                    let r = values::string_list(v, ks, what, &mut this.errors);
                    if let Some(list) = this.push_result(r) {
                        let list = list.into_iter().map(|s| this.spanned(s)).collect();
                        if key == "tags" {
                            a.tags = list;
                        } else {
                            a.allow = list;
                        }
                    }
                }
                _ => {
                    if let Some(b) = this.push_result(values::boolean(v, ks)) {
                        if key == "enable" {
                            a.enable = b;
                        } else {
                            a.hide = b;
                        }
                    }
                }
            },
        );
    }
}
