//! Grafana's Prometheus variable queries (`label_values(metric, label)`,
//! `query_result(expr)`, ...) checked like panel queries: the PromQL inside
//! them through the parser, and metric and label names against the catalog.

use super::checks::{check_query, label_of};
use super::Catalog;
use crate::promql::{self, QueryEnv, QueryError};

/// Checks one variable query of a Prometheus datasource. The forms Grafana
/// knows are `label_names()`, `label_values(label)`,
/// `label_values(selector, label)`, `metrics(regex)` and
/// `query_result(expr)`; anything else Grafana runs as a PromQL query, and
/// so is it checked here. Error ranges are byte ranges into `query`;
/// catalog checks run only when `catalog` is not empty.
///
/// ```
/// use dashc_core::catalog::{check_variable_query, Catalog};
/// use dashc_core::promql::QueryEnv;
/// let catalog = Catalog::parse("# TYPE jobs_total counter\njobs_total{queue=\"a\"} 1\n", "app.prom").unwrap();
/// let query = "label_values(jobs_total, queu)";
/// let errors = check_variable_query(query, &QueryEnv::default(), &catalog);
/// assert_eq!(&query[errors[0].range.clone()], "queu");
/// assert!(errors[0].message.contains("did you mean `queue`?"));
/// ```
pub fn check_variable_query(query: &str, env: &QueryEnv, catalog: &Catalog) -> Vec<QueryError> {
    let trimmed = query.trim_end();
    let start = query.len() - query.trim_start().len();
    let body = &trimmed[start.min(trimmed.len())..];
    let Some((function, args_at, args)) = call(body) else {
        return promql_checks(0, query, env, catalog, None);
    };
    let args_at = start + args_at;
    match function {
        "label_names" | "metrics" => Vec::new(),
        "query_result" => promql_checks(args_at, args, env, catalog, None),
        "label_values" => {
            let (selector, label) = match split_last_arg(args) {
                Some((selector, label_at)) => (Some(selector), label_at),
                None => (None, 0),
            };
            let label_text = &args[label..];
            let label_start = args_at + label + (label_text.len() - label_text.trim_start().len());
            let label_name = label_text.trim();
            let label_range = label_start..label_start + label_name.len();
            if label_name.is_empty() {
                return vec![QueryError::new(
                    label_range,
                    "`label_values` needs a label name: `label_values(label)` or \
                     `label_values(selector, label)`",
                )];
            }
            if label_name.contains('$') {
                return match selector {
                    Some(s) => promql_checks(args_at, s, env, catalog, None),
                    None => Vec::new(),
                };
            }
            match selector {
                Some(s) => promql_checks(args_at, s, env, catalog, Some((label_name, label_range))),
                None if catalog.is_empty() || catalog.has_label(label_name) => Vec::new(),
                None => {
                    let labels = catalog.all_labels();
                    let hint = crate::diag::closest(label_name, labels.iter().copied())
                        .map(|l| format!("; did you mean `{l}`?"))
                        .unwrap_or_default();
                    vec![QueryError::new(
                        label_range,
                        format!(
                            "no series of the catalog has a label `{label_name}`{hint} (check \
                             `unknown-label`)"
                        ),
                    )]
                }
            }
        }
        _ => promql_checks(0, query, env, catalog, None),
    }
}

/// `name(args)` spanning the whole text: the name, where the arguments
/// start, and the arguments (everything up to the final `)`).
fn call(text: &str) -> Option<(&str, usize, &str)> {
    let open = text.find('(')?;
    let name = text[..open].trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let close = text.strip_suffix(')')?.len();
    (close > open).then(|| (name, open + 1, &text[open + 1..close]))
}

/// Splits `selector, label` at the last comma outside brackets and quotes:
/// the selector text and where the label starts.
fn split_last_arg(args: &str) -> Option<(&str, usize)> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut last = None;
    for (i, c) in args.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => depth -= 1,
            ',' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last.map(|i| (&args[..i], i + 1))
}

/// Parser, type, variable and catalog checks of the PromQL `text` found at
/// byte `offset` of the variable query; with `label`, also that the
/// result carries it.
fn promql_checks(
    offset: usize,
    text: &str,
    env: &QueryEnv,
    catalog: &Catalog,
    label: Option<(&str, std::ops::Range<usize>)>,
) -> Vec<QueryError> {
    let shift =
        |e: QueryError| QueryError::new(e.range.start + offset..e.range.end + offset, e.message);
    if let Err(errors) = promql::check(text, env) {
        return errors.into_iter().map(shift).collect();
    }
    let expr = match promql::parse(text, env) {
        Ok(expr) => expr,
        Err(errors) => return errors.into_iter().map(shift).collect(),
    };
    let mut errors: Vec<QueryError> = check_query(text, &expr, None, catalog, &[])
        .into_iter()
        .map(shift)
        .collect();
    if let Some((label, range)) = label {
        if let Some(message) = label_of(text, &expr, label, catalog) {
            errors.push(QueryError::new(range, message));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::parse(
            "# TYPE http_requests_total counter\nhttp_requests_total{method=\"GET\"} 1\n",
            "app.prom",
        )
        .expect("catalog")
    }

    fn errors(query: &str) -> Vec<(String, String)> {
        check_variable_query(query, &QueryEnv::default(), &catalog())
            .into_iter()
            .map(|e| (query[e.range.clone()].to_string(), e.message))
            .collect()
    }

    #[test]
    fn label_values_checks_its_selector_and_label() {
        assert!(errors("label_values(http_requests_total, method)").is_empty());
        assert!(errors("label_values(http_requests_total{method=\"a,b\"}, job)").is_empty());
        assert!(errors("label_values(method)").is_empty());
        let e = errors("label_values(http_requests_total, methd)");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "methd");
        assert!(e[0].1.contains("did you mean `method`?"), "{}", e[0].1);
        let e = errors(" label_values( http_request_total , method)");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "http_request_total");
        let e = errors("label_values(verb)");
        assert_eq!(e[0].0, "verb");
        let e = errors("label_values(http_requests_total{, method)");
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn other_forms() {
        assert!(errors("label_names()").is_empty());
        assert!(errors("metrics(http_.*)").is_empty());
        let e = errors("query_result(sum by (verb) (rate(http_requests_total[5m])))");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "verb");
        let e = errors("sum(rate(http_requests_totl[5m]))");
        assert_eq!(e[0].0, "http_requests_totl");
    }
}
