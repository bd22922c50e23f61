//! A panel's refIds and server-side expressions: explicit refIds are
//! unique and not empty; a `math` expression names only queries and
//! expressions of its panel (`$A`, `${A}`), never itself.

use crate::diag::{closest, Diagnostics, Loc};
use crate::model::{ExpressionKind, Panel};

/// The refIds a math expression names: `$name` (letters, digits, `_`) and
/// `${name}`, each with its byte range in the expression.
pub(crate) fn math_references(expr: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let bytes = expr.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let start = i;
        if bytes.get(i + 1) == Some(&b'{') {
            match expr[i + 2..].find('}') {
                Some(end) => {
                    out.push((&expr[i + 2..i + 2 + end], start..i + 3 + end));
                    i += end + 3;
                }
                None => {
                    out.push((&expr[i + 2..], start..expr.len()));
                    i = bytes.len();
                }
            }
            continue;
        }
        let name_len = expr[i + 1..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        out.push((&expr[i + 1..i + 1 + name_len], start..i + 1 + name_len));
        i += 1 + name_len;
    }
    out
}

/// The refId and expression rules of one panel.
pub(crate) fn check_panel(p: &Panel, diags: &mut Diagnostics) {
    if !p.kind.shows_values() {
        if let Some(e) = p.expressions.first() {
            diags.error(
                e.loc,
                format!(
                    "{} panel runs no query ({}), so no expression: remove it",
                    p.kind.with_article(),
                    p.kind.shows_instead()
                ),
            );
        }
        return;
    }
    let refs = crate::grafana::ref_ids(&p.targets, &p.expressions);
    let explicit: Vec<(&str, Loc)> = p
        .targets
        .iter()
        .map(|t| t.ref_id.as_ref())
        .chain(p.expressions.iter().map(|e| e.ref_id.as_ref()))
        .filter_map(|r| r.map(|r| (r.value.as_str(), r.loc)))
        .collect();
    for (n, &(name, loc)) in explicit.iter().enumerate() {
        if name.trim().is_empty() {
            diags.error(loc, "empty refId: give the query a name such as \"A\", or leave `ref_id` out for the next free letter");
        } else if explicit[..n].iter().any(|(other, _)| *other == name) {
            diags.error(
                loc,
                format!("duplicate refId \"{name}\" in panel \"{}\": give each query and expression its own", p.title.value),
            );
        } else if name.contains(['$', '{', '}']) {
            diags.error(loc, format!("refId \"{name}\" holds `$`, `{{` or `}}`, which expressions cannot name it by: use letters, digits and `_`"));
        }
    }
    for (k, e) in p.expressions.iter().enumerate() {
        let own = refs
            .get(p.targets.len() + k)
            .map(String::as_str)
            .unwrap_or("");
        let ExpressionKind::Math(expr) = &e.kind;
        if expr.value.trim().is_empty() {
            diags.error(
                expr.loc,
                "empty math expression: write one such as \"$A * 100 / $B\"",
            );
            continue;
        }
        let names = math_references(&expr.value);
        if names.is_empty() {
            diags.error(expr.loc, format!("math expression \"{}\" names no query: refer to queries by refId, e.g. \"$A * 100 / $B\"", expr.value));
        }
        for (name, range) in names {
            if name == own {
                diags.error_in(expr.loc, range, format!("math expression names itself (${name}): refer to other queries of the panel"));
            } else if !refs.iter().any(|r| r == name) {
                let mut others: Vec<&str> = Vec::new();
                for r in refs.iter().map(String::as_str) {
                    if r != own && !r.trim().is_empty() && !others.contains(&r) {
                        others.push(r);
                    }
                }
                let hint = closest(name, others.iter().copied())
                    .map(|c| format!("did you mean ${c}? "))
                    .unwrap_or_default();
                diags.error_in(
                    expr.loc,
                    range,
                    format!(
                        "math expression names ${name}, which is not a query of panel \"{}\": {hint}its refIds are {}",
                        p.title.value,
                        others.join(", ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::math_references;

    #[test]
    fn references_are_dollar_names_and_braced_names() {
        let names: Vec<&str> = math_references("$A + ${B C} * $ERR_1/2 - $")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["A", "B C", "ERR_1", ""]);
        let (_, range) = &math_references("1 + ${open")[0];
        assert_eq!(range.clone(), 4..10);
    }
}
