//! The rules of short-form settings, `series` overrides and value
//! mappings that need the whole panel: a `series query B` names a query of
//! the panel, a regex compiles, a name is not empty, and every value the
//! DSL wrote fits Grafana's schema of the panel's kind.

use crate::diag::{Diagnostics, Loc};
use crate::grafana::ref_id;
use crate::model::{MappingMatch, Panel, SeriesMatcher, Setting};
use crate::schema::{self, Root};

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
        match &o.matcher {
            SeriesMatcher::Name(name) if name.value.trim().is_empty() => diags.error(
                name.loc,
                "empty series name: give the display name of the series, e.g. `series \"Total\" { .. }`",
            ),
            SeriesMatcher::Regex(re) => regex(re.loc, &re.value, "series regex", diags),
            SeriesMatcher::Query(id) => {
                let ids: Vec<String> = (0..p.targets.len()).map(ref_id).collect();
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
    for m in &p.mappings {
        if let MappingMatch::Regex(re) = &m.matches {
            regex(re.loc, &re.value, "mapping regex", diags);
        }
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
