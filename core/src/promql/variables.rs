//! Grafana template variables inside queries: finding them, and checking
//! that each is declared and fits where it is used.
//!
//! Grafana substitutes `$name`, `${name}`, `${name:format}` and `[[name]]`
//! before the query reaches Prometheus. A duration position (range, offset,
//! subquery step) needs an interval variable or one of the built-in
//! durations (`$__rate_interval`, `$__interval`, `$__range`); a matcher value
//! needs a text variable.

use super::ast::*;
use super::{QueryEnv, QueryError, VarClass};

/// What a Grafana built-in variable stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// A duration such as `1m` (`$__interval`, `$__rate_interval`, `$__range`).
    Duration,
    /// A number (`$__range_s`, `$__interval_ms`, `$__from`, ...).
    Number,
}

/// Grafana's built-in variables that make sense in a Prometheus query.
pub const BUILTINS: &[(&str, Builtin)] = &[
    ("__from", Builtin::Number),
    ("__interval", Builtin::Duration),
    ("__interval_ms", Builtin::Number),
    ("__range", Builtin::Duration),
    ("__range_ms", Builtin::Number),
    ("__range_s", Builtin::Number),
    ("__rate_interval", Builtin::Duration),
    ("__rate_interval_ms", Builtin::Number),
    ("__to", Builtin::Number),
];

/// Grafana's variable formats (`${var:format}`).
const FORMATS: &[&str] = &[
    "csv",
    "date",
    "distributed",
    "doublequote",
    "glob",
    "html",
    "json",
    "lucene",
    "percentencode",
    "pipe",
    "queryparam",
    "raw",
    "regex",
    "singlequote",
    "sqlstring",
    "text",
];

/// The built-in variable called `name` (without `$`).
pub fn builtin(name: &str) -> Option<Builtin> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// Builds a [`VarRef`] from a variable token's text.
pub fn var_ref(text: &str, span: Span) -> VarRef {
    let (syntax, body) = if let Some(b) = text.strip_prefix("${") {
        (VarSyntax::Braces, b.strip_suffix('}').unwrap_or(b))
    } else if let Some(b) = text.strip_prefix("[[") {
        (VarSyntax::Brackets, b.strip_suffix("]]").unwrap_or(b))
    } else {
        (VarSyntax::Dollar, text.strip_prefix('$').unwrap_or(text))
    };
    let (name, format) = match body.split_once(':') {
        Some((n, f)) => (n, Some(f.to_string())),
        None => (body, None),
    };
    VarRef {
        name: name.to_string(),
        format,
        syntax,
        span,
    }
}

/// Finds the Grafana variables in `text` (the source text of a token that
/// starts at byte `base` of the query). `$1`, `${1}`, `$1_x` (regex capture
/// group references, as in `label_replace`) are not variables.
pub fn find_vars(text: &str, base: usize) -> Vec<VarRef> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' || (bytes[i] == b'[' && bytes.get(i + 1) == Some(&b'[')) {
            let n = super::lexer::variable_len(text, i);
            if n > 0 {
                let r = var_ref(&text[i..i + n], Span::new(base + i, base + i + n));
                // `$1`, `${1}`, `$1_x`: regex capture references (Grafana
                // leaves them alone too: no variable name starts with a digit).
                let capture_ref = r.name.bytes().next().is_some_and(|b| b.is_ascii_digit());
                if !capture_ref {
                    out.push(r);
                }
                i += n;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The text with every variable replaced by a harmless placeholder (`x`),
/// for checks that look at the value Prometheus will receive.
pub fn substitute_placeholders(name: &Name) -> String {
    if name.vars.is_empty() {
        return name.value.clone();
    }
    let mut out = name.value.clone();
    for v in name.vars.iter().rev() {
        let text = match v.syntax {
            VarSyntax::Dollar => format!("${}", v.name),
            VarSyntax::Braces => match &v.format {
                Some(f) => format!("${{{}:{}}}", v.name, f),
                None => format!("${{{}}}", v.name),
            },
            VarSyntax::Brackets => match &v.format {
                Some(f) => format!("[[{}:{}]]", v.name, f),
                None => format!("[[{}]]", v.name),
            },
        };
        if let Some(pos) = out.rfind(&text) {
            out.replace_range(pos..pos + text.len(), "x");
        }
    }
    out
}

/// Where a variable is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Range, offset, subquery range or step.
    Duration,
    /// A label matcher's value.
    MatcherValue,
    /// A metric or label name, a grouping label.
    Name,
    /// A string argument.
    Text,
    /// A whole expression (a number once substituted) or an `@` timestamp.
    Number,
}

/// Checks every variable in `expr` against the declared ones in `env`
/// (spans in the tree point into `query`).
pub fn check(expr: &Expr, query: &str, env: &QueryEnv) -> Vec<QueryError> {
    let mut uses: Vec<(&VarRef, Place)> = Vec::new();
    expr.walk(&mut |e| collect(e, &mut uses));
    let mut errors = Vec::new();
    for (var, place) in uses {
        if let Some(e) = check_use(var, place, env) {
            errors.push(e);
        }
    }
    if !env.multi_value.is_empty() {
        expr.walk(&mut |e| {
            if let ExprKind::VectorSelector(vs) = &e.kind {
                for m in vs.matchers.iter().filter(|m| !m.is_bare_name) {
                    errors.extend(check_multi_value(m, query, env));
                }
            }
        });
    }
    errors
}

/// Formats that write several values as a list that is not a regex
/// alternation, with what they make of `a` and `b`.
const LIST_FORMATS: &[(&str, &str)] = &[
    ("csv", "a,b"),
    ("doublequote", "\"a\",\"b\""),
    ("glob", "{a,b}"),
    ("json", "[\"a\",\"b\"]"),
    ("lucene", "(\"a\" OR \"b\")"),
    ("queryparam", "var-name=a&var-name=b"),
    ("singlequote", "'a','b'"),
    ("sqlstring", "'a','b'"),
    ("text", "a + b"),
];

/// A multi-value variable in a matcher's value: Grafana writes it as a regex
/// alternation (`(a|b)`, regex-escaped) or its All value (often `.*`), which
/// an equality matcher compares literally; a list format does not make a
/// regex either.
fn check_multi_value(m: &Matcher, query: &str, env: &QueryEnv) -> Option<QueryError> {
    let var = m
        .value
        .vars
        .iter()
        .find(|v| !v.is_builtin() && env.is_multi_value(&v.name))?;
    let name = &var.name;
    match m.op {
        MatchOp::Equal | MatchOp::NotEqual => {
            let (op, fix) = if m.op == MatchOp::Equal {
                ("=", "=~")
            } else {
                ("!=", "!~")
            };
            let label = query.get(m.label.span.range()).unwrap_or(&m.label.value);
            let value = query.get(m.value.span.range()).unwrap_or("\"..\"");
            Some(QueryError::new(
                m.value.span.range(),
                format!(
                    "`${name}` is a multi-value variable (multi or include_all): Grafana \
                     replaces it with a regex such as `(a|b)` or its All value, which `{op}` \
                     compares as plain text, so `{label}{op}{value}` matches nothing once \
                     several values or All are selected; use {fix} for the multi-value \
                     variable ${name}: `{label}{fix}{value}`"
                ),
            ))
        }
        MatchOp::RegexMatch | MatchOp::RegexNoMatch => {
            let format = var.format.as_deref()?;
            let (_, written) = LIST_FORMATS.iter().find(|(f, _)| *f == format)?;
            let shown = query.get(var.span.range()).unwrap_or(name);
            Some(QueryError::new(
                var.span.range(),
                format!(
                    "`{shown}` writes the values of the multi-value variable \
                     ${name} as `{written}`, not as a regex, so the regex matcher matches \
                     nothing once several values are selected; write `${name}` or \
                     `${{{name}:regex}}`"
                ),
            ))
        }
    }
}

fn collect<'a>(e: &'a Expr, uses: &mut Vec<(&'a VarRef, Place)>) {
    let names = |n: &'a Name, place: Place, uses: &mut Vec<(&'a VarRef, Place)>| {
        uses.extend(n.vars.iter().map(|v| (v, place)));
    };
    let label_list = |l: &'a LabelList, uses: &mut Vec<(&'a VarRef, Place)>| {
        for n in &l.labels {
            uses.extend(n.vars.iter().map(|v| (v, Place::Name)));
        }
    };
    match &e.kind {
        ExprKind::VectorSelector(vs) => {
            if let Some(n) = &vs.name {
                names(n, Place::Name, uses);
            }
            for m in &vs.matchers {
                names(&m.label, Place::Name, uses);
                if !m.is_bare_name {
                    names(&m.value, Place::MatcherValue, uses);
                }
            }
            modifiers(&vs.modifiers, uses);
        }
        ExprKind::MatrixSelector(ms) => {
            duration(&ms.range, uses);
            modifiers(&ms.modifiers, uses);
        }
        ExprKind::Subquery(sq) => {
            duration(&sq.range, uses);
            if let Some(s) = &sq.step {
                duration(s, uses);
            }
            modifiers(&sq.modifiers, uses);
        }
        ExprKind::String(s) => uses.extend(s.vars.iter().map(|v| (v, Place::Text))),
        ExprKind::Variable(v) => uses.push((v, Place::Number)),
        ExprKind::Binary(b) => {
            if let Some(m) = &b.matching {
                label_list(&m.labels, uses);
                if let Some(Grouping {
                    labels: Some(l), ..
                }) = &m.group
                {
                    label_list(l, uses);
                }
            }
        }
        ExprKind::Aggregate(a) => {
            if let Some(g) = &a.grouping {
                label_list(&g.labels, uses);
            }
        }
        ExprKind::Number(_) | ExprKind::Paren(_) | ExprKind::Unary(_) | ExprKind::Call(_) => {}
    }
}

fn modifiers<'a>(m: &'a Modifiers, uses: &mut Vec<(&'a VarRef, Place)>) {
    if let Some(o) = &m.offset {
        duration(o, uses);
    }
    if let Some((AtModifier::Variable(v), _)) = &m.at {
        uses.push((v, Place::Number));
    }
}

fn duration<'a>(d: &'a Duration, uses: &mut Vec<(&'a VarRef, Place)>) {
    match &d.kind {
        DurationKind::Variable(v) => uses.push((v, Place::Duration)),
        DurationKind::Unary(_, x) | DurationKind::Paren(x) => duration(x, uses),
        DurationKind::Binary(_, a, b) | DurationKind::MinMax { lhs: a, rhs: b, .. } => {
            duration(a, uses);
            duration(b, uses);
        }
        DurationKind::Literal(_) | DurationKind::Step | DurationKind::Range => {}
    }
}

fn check_use(var: &VarRef, place: Place, env: &QueryEnv) -> Option<QueryError> {
    let shown = format!("${}", var.name);
    let err = |msg: String| Some(QueryError::new(var.span.range(), msg));
    if let Some(format) = &var.format {
        let base = format.split(':').next().unwrap_or("");
        if !FORMATS.contains(&base) {
            let hint = crate::diag::closest(base, FORMATS.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return err(format!(
                "unknown Grafana variable format `{format}` in `${{{}:{format}}}`{hint}; known \
                 formats: {}",
                var.name,
                FORMATS.join(", ")
            ));
        }
    }
    if var.is_builtin() {
        let Some(kind) = builtin(&var.name) else {
            let names: Vec<&str> = BUILTINS.iter().map(|(n, _)| *n).collect();
            let hint = crate::diag::closest(&var.name, names.iter().copied())
                .map(|s| format!(" (did you mean `${s}`?)"))
                .unwrap_or_default();
            return err(format!(
                "unknown Grafana built-in variable `{shown}`{hint}; built-ins usable in a \
                 PromQL query: {}",
                names
                    .iter()
                    .map(|n| format!("${n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        return match (kind, place) {
            (Builtin::Duration, Place::MatcherValue) => err(format!(
                "`{shown}` stands for a duration such as `1m`; it does not belong in a label \
                 matcher's value"
            )),
            (Builtin::Number, Place::Duration) if var.name.ends_with("_ms") => err(format!(
                "`{shown}` is a number of milliseconds, but Prometheus reads a bare number here \
                 as seconds; use `${}` instead",
                var.name.trim_end_matches("_ms")
            )),
            _ => None,
        };
    }
    let declared = env.variables.iter().find(|(n, _)| *n == var.name);
    let Some((_, class)) = declared else {
        let names: Vec<&str> = env.variables.iter().map(|(n, _)| n.as_str()).collect();
        let hint = crate::diag::closest(&var.name, names.iter().copied())
            .map(|s| format!(" Did you mean `${s}`?"))
            .unwrap_or_default();
        let list = if names.is_empty() {
            "the dashboard declares no variables".to_string()
        } else {
            format!(
                "declared: {}",
                crate::limits::list_names(names.iter().map(|n| format!("${n}")))
            )
        };
        return err(format!(
            "undeclared variable `{shown}` ({list}).{hint} Declare it in the dashboard's \
             `variables` block or fix the name."
        ));
    };
    match (class, place) {
        (VarClass::Filters, _) => err(format!(
            "`{shown}` is an ad hoc filter variable: Grafana adds its filters to every query \
             of the dashboard's datasource itself; remove `{shown}` from the query"
        )),
        (VarClass::Interval, Place::MatcherValue) => err(format!(
            "`{shown}` is an interval variable (a duration such as `5m`); a label matcher's \
             value needs a query, custom or text variable"
        )),
        (VarClass::Interval, Place::Name) => err(format!(
            "`{shown}` is an interval variable (a duration such as `5m`); it cannot stand for \
             a metric or label name"
        )),
        (VarClass::Value, Place::Duration) => err(format!(
            "`{shown}` is not an interval variable, so it cannot be used as a duration here; \
             use an interval variable or `$__rate_interval`"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_all_syntaxes_and_skips_capture_refs() {
        let v = find_vars(r#""$a-${b:regex}-[[c]]-$1-${2}""#, 10);
        let names: Vec<&str> = v.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(v[0].span, Span::new(11, 13));
        assert_eq!(v[1].format.as_deref(), Some("regex"));
    }
}
