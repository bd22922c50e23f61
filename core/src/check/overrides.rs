//! The rules of short-form settings, `series` overrides and value
//! mappings that need the whole panel: a `series query B` names a query of
//! the panel, a regex compiles, a name is not empty, and every value the
//! DSL wrote fits Grafana's schema of the panel's kind.

use serde_json::Value;

use crate::diag::{Diagnostics, Loc};
use crate::dsl::forms::{form_path, source_of, Scope, FIELD_DEFAULTS, FORMS};
use crate::dsl::overrides::{BOOLEAN_COMPARISON, BOOLEAN_REDUCERS, COMPARISONS};
use crate::model::{MappingMatch, Panel, PanelKind, SeriesMatcher, Setting};
use crate::schema::{self, Root};

/// What is wrong with the override property `id` (its path below
/// `fieldConfig.defaults`, as Grafana names it) holding `value`, written
/// with `set` in a `series` block on a panel of `kind`, if anything: the
/// path must be the kind's (`null` unsets it for these series, as Grafana
/// does with a property without a value), the value fit Grafana's schema
/// there, and no short form of a `series` block write that very value.
pub(crate) fn series_set_problem(kind: PanelKind, id: &str, value: &Value) -> Option<String> {
    if let Some(problem) = super::set_paths::syntax_problem(id) {
        return Some(problem);
    }
    let path = format!("{FIELD_DEFAULTS}{id}");
    let writes = FORMS.iter().find_map(|f| {
        if f.scope == Scope::Panel || form_path(f, kind) != Some(path.as_str()) {
            return None;
        }
        source_of(f, kind, value).map(|(_, text)| (f.name, text))
    });
    if let Some((name, text)) = writes {
        return Some(format!(
            "the `{name}` option writes this value: write `{name}: {text}` instead"
        ));
    }
    let Some(root) = schema::panel_kind(kind.plugin_id()).map(Root::Panel) else {
        return Some(format!(
            "the schema tables have no panel kind `{}`",
            kind.plugin_id()
        ));
    };
    let findings = match schema::validate_at(root, &path, value) {
        Ok(()) => return None,
        Err(findings) => findings,
    };
    let own = format!("/{}", path.replace('.', "/"));
    let shown: Vec<String> = findings
        .iter()
        // `null` unsets the option: only the path must be right.
        .filter(|f| !value.is_null() || matches!(f.problem, schema::Problem::UnknownKey { .. }))
        .take(3)
        .map(|f| {
            let text = f.to_string();
            let text = text
                .strip_prefix(&own)
                .or_else(|| text.strip_prefix("/fieldConfig/defaults/"))
                .unwrap_or(&text);
            text.trim_start_matches(": ").to_string()
        })
        .collect();
    if shown.is_empty() {
        return None;
    }
    Some(format!(
        "Grafana's schema of a {} panel refuses it ({})",
        kind.plugin_id(),
        shown.join("; ")
    ))
}

/// Checks the settings, overrides and mappings of `p`.
pub fn check_panel(p: &Panel, diags: &mut Diagnostics) {
    let kind = schema::panel_kind(p.kind.plugin_id());
    let mut fits = |s: &Setting| {
        if let Some(kind) = kind {
            if let Err(findings) = schema::validate_at(Root::Panel(kind), s.path, &s.value) {
                // A `unit` Grafana does not know is written with `as_is`, on purpose.
                for f in findings
                    .into_iter()
                    .filter(|f| !(s.name == "unit" && f.problem.kind() == "unknown-unit"))
                {
                    diags.error(
                        s.loc,
                        format!("`{}` writes a value Grafana's schema refuses: {f}", s.name),
                    );
                }
            }
        }
    };
    for s in &p.settings {
        fits(s);
    }
    for o in &p.overrides {
        for s in &o.properties {
            fits(s);
        }
    }
    for o in &p.overrides {
        let mut paths: Vec<&str> = o
            .properties
            .iter()
            .map(|s| s.path.strip_prefix(FIELD_DEFAULTS).unwrap_or(s.path))
            .collect();
        for e in &o.set {
            let id = e.path.value.as_str();
            if paths.contains(&id) {
                diags.error(
                    e.path.loc,
                    format!("`set` path \"{id}\" in a `series` block: this block writes it already; keep one"),
                );
                continue;
            }
            paths.push(id);
            if let Some(problem) = series_set_problem(p.kind, id, &e.value) {
                diags.error(
                    e.path.loc,
                    format!("`set` path \"{id}\" in a `series` block: {problem}"),
                );
            }
        }
        if o.set_at > o.properties.len() {
            diags.error(
                o.loc,
                "the `set` of a `series` block is placed after more options than the block has",
            );
        }
        match &o.matcher {
            SeriesMatcher::Value(v) => value_match(v, diags),
            SeriesMatcher::Legend { exclude, .. } => {
                let only_hidden = o.set.is_empty()
                    && o.properties.len() == 1
                    && o.properties[0].name == "hidden";
                if !only_hidden {
                    let how = if *exclude { "except" } else { "only" };
                    diags.error(o.loc, format!("`series {how} [..]` is the override Grafana writes when a legend entry is clicked: it takes `hidden` alone"));
                }
            }
            SeriesMatcher::Name(name) if name.value.trim().is_empty() => diags.error(
                name.loc,
                "empty series name: give the display name of the series, e.g. `series \"Total\" { .. }`",
            ),
            SeriesMatcher::Regex(re) => regex(re.loc, &re.value, "series regex", diags),
            SeriesMatcher::Query(id) => {
                let ids = crate::grafana::ref_ids(&p.targets, &p.expressions);
                if !ids.contains(&id.value) {
                    let known = if ids.is_empty() {
                        "it has none".to_string()
                    } else {
                        format!("its queries are {} (lettered in order)", ids.join(", "))
                    };
                    diags.error(
                        id.loc,
                        format!(
                            "`series query {}`: panel \"{}\" has no query {}; {known}",
                            id.value, p.title.value, id.value
                        ),
                    );
                }
            }
            _ => {}
        }
    }
    for (n, m) in p.mappings.iter().enumerate() {
        if let MappingMatch::Regex(re) = &m.matches {
            regex(re.loc, &re.value, "mapping regex", diags);
        }
        let value = |m: &crate::model::ValueMapping| matches!(m.matches, MappingMatch::Value(_));
        let after_value = n > 0 && value(&p.mappings[n - 1]);
        if m.joined && !(value(m) && after_value) {
            diags.error(m.loc, "a joined mapping goes into the value mapping before it: only a value mapping right after another joins it (`values { \"0\" => \"Down\", \"1\" => \"Up\" }`)");
        }
    }
}

/// The reducer, comparison and value of `series value(..)`.
fn value_match(v: &crate::model::ValueMatch, diags: &mut Diagnostics) {
    let id = v.reducer.value.as_str();
    if let Some(problem) = crate::check::reducer_problem("reducer", id) {
        diags.error(v.reducer.loc, problem);
    }
    if !COMPARISONS.iter().any(|(_, g)| *g == v.op) {
        diags.error(
            v.reducer.loc,
            format!(
                "unknown comparison `{}`: Grafana's are gt, gte, lt, lte, eq and neq",
                v.op
            ),
        );
    }
    if !v.value.is_finite() {
        diags.error(
            v.reducer.loc,
            "the value compared with is not a finite number",
        );
    }
    if BOOLEAN_REDUCERS.contains(&id) && (v.op, v.value) != BOOLEAN_COMPARISON {
        diags.error(v.reducer.loc, format!("`{id}` is true or false, and Grafana ignores a comparison after it: write `value({id})`"));
    }
}

fn regex(loc: Loc, re: &str, what: &str, diags: &mut Diagnostics) {
    if let Some(problem) = js_regex_problem(re) {
        diags.error(loc, format!("{what} \"{re}\": {problem}"));
    }
}

/// What keeps Grafana from compiling `re` as a JavaScript regex, if
/// anything it can tell without a regex engine: an empty pattern, a
/// `/pattern/flags` form without its closing `/` or with unknown flags,
/// unbalanced `(`/`)` or `[`/`]`, a trailing `\`, a quantifier with nothing
/// to repeat, a `{n,m}` with `n > m`.
pub fn js_regex_problem(re: &str) -> Option<String> {
    if re.is_empty() {
        return Some("the regex is empty: it would match every series".into());
    }
    // Grafana reads `/pattern/flags` as a regex literal, anything else whole.
    let pattern = match re.strip_prefix('/') {
        Some(rest) => {
            let Some(end) = rest.rfind('/') else {
                return Some("it starts with `/` but has no closing `/`: write `/pattern/flags` or leave out the first `/`".into());
            };
            let flags = &rest[end + 1..];
            if let Some(bad) = flags.chars().find(|c| !"gimsuy".contains(*c)) {
                return Some(format!("unknown flag `{bad}` after the closing `/`: JavaScript's flags are g, i, m, s, u and y"));
            }
            &rest[..end]
        }
        None => re,
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut open: Vec<usize> = Vec::new();
    // Whether the last item can take a quantifier.
    let mut atom = false;
    let mut i = 0;
    while i < chars.len() {
        crate::limits::step(1);
        let c = chars[i];
        match c {
            '\\' => {
                if i + 1 == chars.len() {
                    return Some("it ends with a lone `\\`: escape it as `\\\\`".into());
                }
                i += 1;
                atom = true;
            }
            '[' => {
                let start = i;
                i += 1;
                if chars.get(i) == Some(&'^') {
                    i += 1;
                }
                loop {
                    match chars.get(i) {
                        None => return Some(format!("the `[` at character {} is never closed: add `]`, or write `\\[` for a literal `[`", start + 1)),
                        Some('\\') => i += 2,
                        Some(']') => break,
                        Some(_) => i += 1,
                    }
                }
                atom = true;
            }
            '(' => {
                open.push(i);
                atom = false;
                if chars.get(i + 1) == Some(&'?') {
                    i += 1;
                }
            }
            ')' => {
                if open.pop().is_none() {
                    return Some(format!(
                        "the `)` at character {} closes no `(`: remove it, or write `\\)`",
                        i + 1
                    ));
                }
                atom = true;
            }
            '|' => atom = false,
            '*' | '+' | '?' => {
                if !atom {
                    return Some(format!("the `{c}` at character {} has nothing to repeat: put it after a character or group, or write `\\{c}`", i + 1));
                }
                // A lazy `*?`, `+?` or `??` is one quantifier.
                if chars.get(i + 1) == Some(&'?') {
                    i += 1;
                }
                atom = false;
            }
            '{' => {
                if let Some((len, lo, hi)) = repeat(&chars[i..]) {
                    if !atom {
                        return Some(format!(
                            "the `{{` at character {} has nothing to repeat",
                            i + 1
                        ));
                    }
                    if hi.is_some_and(|hi| hi < lo) {
                        return Some(format!("the repeat at character {} has its bounds out of order ({lo} is more than {}): write the smaller first", i + 1, hi.unwrap_or(0)));
                    }
                    i += len - 1;
                    atom = false;
                } else {
                    atom = true;
                }
            }
            _ => atom = true,
        }
        i += 1;
    }
    open.last().map(|at| {
        format!(
            "the `(` at character {} is never closed: add `)`, or write `\\(` for a literal `(`",
            at + 1
        )
    })
}

/// A `{n}`, `{n,}` or `{n,m}` quantifier at the start of `chars`: its
/// length and bounds. Anything else is a literal `{` in JavaScript.
fn repeat(chars: &[char]) -> Option<(usize, u64, Option<u64>)> {
    // Only digits and one `,` may come before the `}`: looking no further
    // keeps the whole check linear.
    let run = chars[1..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == ',')
        .count();
    crate::limits::step(run);
    let close = 1 + run;
    if chars.get(close) != Some(&'}') {
        return None;
    }
    let inner: String = chars[1..close].iter().collect();
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (lo, hi) = match inner.split_once(',') {
        None => (number(&inner)?, number(&inner)),
        Some((lo, "")) => (number(lo)?, None),
        Some((lo, hi)) => (number(lo)?, Some(number(hi)?)),
    };
    Some((close + 1, lo, hi))
}

#[cfg(test)]
mod tests {
    use super::js_regex_problem;

    #[test]
    fn regexes_grafana_compiles_pass() {
        for re in [
            "cache.*",
            "/^(api|web)-\\d+$/i",
            "a{2,3}b{4}c{1,}",
            "x{",
            "(?:a|b)+?",
            "(?<name>x)",
            "[)(]",
            "[\\]]",
            "/a/b/",
        ] {
            assert_eq!(js_regex_problem(re), None, "{re}");
        }
    }

    #[test]
    fn broken_regexes_are_named() {
        let cases = [
            ("", "empty"),
            ("(a", "never closed"),
            ("a)", "closes no"),
            ("[a", "never closed"),
            ("*a", "nothing to repeat"),
            ("a|+", "nothing to repeat"),
            ("a\\", "lone"),
            ("a{3,1}", "out of order"),
            ("/abc", "no closing"),
            ("/abc/q", "unknown flag `q`"),
        ];
        for (re, problem) in cases {
            let found = js_regex_problem(re).unwrap_or_default();
            assert!(found.contains(problem), "{re}: {found}");
        }
    }
}
