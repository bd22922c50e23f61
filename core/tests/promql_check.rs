//! Semantic checks, Grafana variables, experimental opt-in, error rendering
//! and the AST's spans, through the public `promql` API.

use dashc_core::promql::ast::{ExprKind, ValueType};
use dashc_core::promql::{check, parse, QueryEnv, QueryError, VarClass};

fn env() -> QueryEnv {
    QueryEnv {
        experimental: false,
        variables: vec![
            ("job".into(), VarClass::Value),
            ("instance".into(), VarClass::Value),
            ("window".into(), VarClass::Interval),
        ],
        ..QueryEnv::default()
    }
}

fn errors(q: &str) -> Vec<QueryError> {
    check(q, &env()).expect_err(q)
}

/// The first error: the text it covers and its message.
fn first(q: &str) -> (String, String) {
    let e = &errors(q)[0];
    (q[e.range.clone()].to_string(), e.message.clone())
}

#[test]
fn type_errors_point_at_the_operand() {
    let (text, msg) = first("rate(http_requests_total)");
    assert_eq!(text, "http_requests_total");
    assert_eq!(
        msg,
        "expected type range vector in call to function \"rate\", got instant vector; add a \
         range such as [5m] or [$__rate_interval]"
    );
    let (text, msg) = first("histogram_quantile(x, y)");
    assert_eq!(text, "x");
    assert!(msg.contains("expected type scalar"), "{msg}");
    let (text, _) = first("sum(rate(x[5m])[5m])");
    assert_eq!(text, "[5m]");
    let (text, msg) = first("count_values(5, x)");
    assert_eq!((text.as_str(), msg.contains("string")), ("5", true));
}

#[test]
fn argument_counts_cover_the_call() {
    let (text, msg) = first("clamp_max(x)");
    assert_eq!(text, "clamp_max(x)");
    assert_eq!(
        msg,
        "expected 2 argument(s) in call to \"clamp_max\", got 1"
    );
    assert!(first("label_join(x, \"a\")").1.contains("at least 3"));
    assert!(check("round(x)", &env()).is_ok());
    assert!(check("round(x, 0.5)", &env()).is_ok());
    assert!(first("round(x, 1, 2)").1.contains("at most 2"));
}

#[test]
fn every_semantic_error_is_reported() {
    let errs = errors("rate(x) + rate(y)");
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!(errs[0].range, 5..6);
    assert_eq!(errs[1].range, 15..16);
}

#[test]
fn operator_rules() {
    // Prometheus's operator range stops one byte short: `>` gives 2..2.
    let e = &errors("1 > 2")[0];
    assert_eq!(e.range, 2..2);
    assert!(e.render("1 > 2").ends_with("   | 1 > 2\n   |   ^"));
    assert_eq!(first("1 == 2").0, "=");
    assert!(check("1 > bool 2", &env()).is_ok());
    assert!(first("x + bool y")
        .1
        .starts_with("bool modifier can only be used on comparison operators; remove `bool`"));
    assert!(first("x and 1").1.contains("set operator \"and\""));
    assert!(first("x and on(a) group_left y")
        .1
        .contains("no grouping allowed"));
    assert!(first("x * on(a) group_left(a) y")
        .1
        .contains("must not occur in ON and GROUP"));
    assert!(first("1 + on(a) x")
        .1
        .contains("vector matching only allowed"));
    assert!(first("-\"a\"").1.contains("unary expression"));
    assert!(check("a * on(job) group_left(instance) b", &env()).is_ok());
}

#[test]
fn selector_rules() {
    assert!(first("{job=~\".*\"}")
        .1
        .starts_with("vector selector must contain at least one non-empty matcher; add"));
    assert!(check("{job=~\".+\"}", &env()).is_ok());
    assert!(first("up{__name__=\"x\"}")
        .1
        .contains("metric name must not be set twice"));
    assert!(first("x{a=~\"[\"}")
        .1
        .contains("invalid regular expression"));
    // The value is unknown until Grafana substitutes it.
    assert!(check("{job=~\"$job\"}", &env()).is_ok());
}

#[test]
fn unknown_function_suggests_the_closest() {
    let (text, msg) = first("histogram_quantil(0.9, x)");
    assert_eq!(text, "histogram_quantil");
    assert!(msg.contains("did you mean \"histogram_quantile\""), "{msg}");
    let (_, msg) = first("holt_winters(x[1h], 0.5, 0.5)");
    assert!(msg.contains("double_exponential_smoothing"), "{msg}");
}

#[test]
fn grafana_builtins_are_always_known() {
    for q in [
        "rate(x[$__rate_interval])",
        "rate(x[$__interval])",
        "increase(x[$__range])",
        "x offset $__interval",
        "max_over_time(x[1h:$__interval])",
        "x / $__range_s",
        "x * $__interval_ms / 1000",
        "rate(x[${__rate_interval}])",
        "x @ ${__to:date:seconds}",
    ] {
        assert!(check(q, &env()).is_ok(), "{q}: {:?}", check(q, &env()));
    }
}

#[test]
fn declared_variables_fit_their_place() {
    for q in [
        "rate(x{job=~\"$job\", instance=~\"${instance:regex}\"}[$window])",
        "sum by ($job) (x)",
        "x offset [[window]]",
        "label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")",
        "topk($job, x)",
    ] {
        assert!(check(q, &env()).is_ok(), "{q}: {:?}", check(q, &env()));
    }
}

#[test]
fn undeclared_variable_names_the_declared_ones() {
    let (text, msg) = first("x{job=~\"$jbo\"}");
    assert_eq!(text, "$jbo");
    assert!(msg.contains("undeclared variable `$jbo`"), "{msg}");
    assert!(msg.contains("$job, $instance, $window"), "{msg}");
    assert!(msg.contains("Did you mean `$job`?"), "{msg}");
    let (text, msg) = first("rate(x[$__rate_intervall])");
    assert_eq!(text, "$__rate_intervall");
    assert!(msg.contains("$__rate_interval"), "{msg}");
}

#[test]
fn misused_variables_are_errors() {
    let (text, msg) = first("x{job=\"$window\"}");
    assert_eq!(text, "$window");
    assert!(msg.contains("interval variable"), "{msg}");
    let (text, msg) = first("rate(x[$job])");
    assert_eq!(text, "$job");
    assert!(msg.contains("not an interval variable"), "{msg}");
    assert!(first("x{job=\"$__interval\"}").1.contains("duration"));
    assert!(first("rate(x[$__interval_ms])").1.contains("milliseconds"));
    assert!(first("x{a=\"${job:nope}\"}")
        .1
        .contains("unknown Grafana variable format"));
}

#[test]
fn experimental_syntax_needs_the_opt_in() {
    let on = QueryEnv {
        experimental: true,
        ..env()
    };
    for q in [
        "rate(x[5m] anchored)",
        "x[step()]",
        "x[5m + 1m]",
        "limitk(1, x)",
        "x </ 1",
        "mad_over_time(x[5m])",
        "x + fill(0) y",
    ] {
        let errs = check(q, &env()).expect_err(q);
        assert!(
            errs[0].message.contains("experimental") && errs[0].message.contains("enable-feature"),
            "{q}: {}",
            errs[0].message
        );
        assert!(check(q, &on).is_ok(), "{q}: {:?}", check(q, &on));
    }
}

#[test]
fn render_quotes_the_query_with_carets() {
    let q = "sum(rate(x[5m])";
    let e = &errors(q)[0];
    let text = e.render(q);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("unclosed left parenthesis"), "{text}");
    assert_eq!(lines[1], "   | sum(rate(x[5m])");
    assert_eq!(lines[2], "   |                ^");
    let q = "foo{a=b}";
    let text = errors(q)[0].render(q);
    assert!(text.ends_with("   | foo{a=b}\n   |       ^"), "{text}");
}

#[test]
fn render_gives_line_and_column_for_multi_line_queries() {
    let q = "sum by (job) (\n  rate(x)\n)";
    let e = &errors(q)[0];
    let text = e.render(q);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "  --> line 2, column 8");
    assert_eq!(lines[2], "   |   rate(x)");
    assert_eq!(lines[3], "   |        ^");
}

#[test]
fn ast_spans_and_types() {
    let q = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / on(job) group_left up";
    let e = parse(q, &env()).expect("valid");
    assert_eq!(e.value_type(), ValueType::InstantVector);
    let mut names = Vec::new();
    let mut calls = Vec::new();
    e.walk(&mut |n| match &n.kind {
        ExprKind::VectorSelector(vs) => {
            let name = vs.metric_name().expect("named");
            assert_eq!(&q[name.span.range()], name.value);
            for m in &vs.matchers {
                assert_eq!(&q[m.label.span.range()], m.label.value);
                assert_eq!(&q[m.value.span.range()], "\"5..\"");
            }
            names.push(name.value.clone());
        }
        ExprKind::Call(c) => calls.push(q[c.name_span.range()].to_string()),
        ExprKind::Binary(b) => {
            let m = b.matching.as_ref().expect("on()");
            assert_eq!(&q[m.labels.span.range()], "(job)");
            assert_eq!(&q[b.op_span.range()], "/");
        }
        ExprKind::Aggregate(a) => {
            let g = a.grouping.as_ref().expect("by");
            assert_eq!(g.labels.labels[0].value, "job");
            assert_eq!(&q[g.keyword_span.range()], "by");
        }
        _ => {}
    });
    assert_eq!(names, ["http_requests_total", "up"]);
    assert_eq!(calls, ["rate"]);
    let m = parse("x[5m]", &env()).expect("valid");
    assert_eq!(m.value_type(), ValueType::RangeVector);
    assert_eq!(
        parse("time()", &env()).expect("valid").value_type(),
        ValueType::Scalar
    );
    assert_eq!(
        parse("\"s\"", &env()).expect("valid").value_type(),
        ValueType::String
    );
}

/// `job` may stand for several values; `instance` for one.
fn multi_env() -> QueryEnv {
    QueryEnv {
        multi_value: vec!["job".into(), "window".into(), "undeclared".into()],
        ..env()
    }
}

fn multi_errors(q: &str) -> Vec<(String, String)> {
    match check(q, &multi_env()) {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|e| (q[e.range].to_string(), e.message))
            .collect(),
    }
}

#[test]
fn multi_value_variables_need_a_regex_matcher() {
    let q = r#"sum(rate(http_requests_total{job="$job", code!="${job}"}[5m]))"#;
    let errs = multi_errors(q);
    assert_eq!(errs.len(), 2, "{errs:?}");
    // The whole matcher value, quotes included.
    assert_eq!(errs[0].0, r#""$job""#);
    assert!(
        errs[0]
            .1
            .contains("use =~ for the multi-value variable $job"),
        "{}",
        errs[0].1
    );
    assert!(errs[0].1.contains(r#"`job=~"$job"`"#), "{}", errs[0].1);
    assert_eq!(errs[1].0, r#""${job}""#);
    assert!(
        errs[1]
            .1
            .contains("use !~ for the multi-value variable $job"),
        "{}",
        errs[1].1
    );
    // Every format, and text around the variable, is still compared literally.
    for q in [
        r#"up{job="${job:regex}"}"#,
        r#"up{job="${job:raw}"}"#,
        r#"up{job="${job:csv}"}"#,
        r#"up{job="${job:pipe}"}"#,
        r#"up{job="[[job]]"}"#,
        r#"up{job="api-$job"}"#,
    ] {
        let errs = multi_errors(q);
        assert_eq!(errs.len(), 1, "{q}: {errs:?}");
        assert_eq!(errs[0].0, &q[7..q.len() - 1], "{q}");
    }
}

#[test]
fn multi_value_variables_in_regex_matchers_and_single_value_ones_pass() {
    for q in [
        r#"up{job=~"$job"}"#,
        r#"up{job!~"$job"}"#,
        r#"up{job=~"${job:regex}"}"#,
        r#"up{job=~"${job:pipe}"}"#,
        r#"up{job=~"${job:raw}"}"#,
        r#"up{job=~"api-$job"}"#,
        // A single-value variable is fine with equality.
        r#"up{instance="$instance", instance!="${instance:raw}"}"#,
        // `multi_value` only counts for declared text variables.
        r#"up{job=~"$job"}[$window]"#,
        // Not in a matcher.
        r#"label_replace(up, "x", "$job", "job", "(.*)")"#,
    ] {
        assert_eq!(multi_errors(q), Vec::<(String, String)>::new(), "{q}");
    }
    // The same queries with the plain environment: equality is fine there.
    assert!(check(r#"up{job="$job"}"#, &env()).is_ok());
}

#[test]
fn list_formats_do_not_make_a_regex() {
    let q = r#"up{job=~"${job:csv}"}"#;
    let errs = multi_errors(q);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, "${job:csv}");
    assert!(
        errs[0].1.contains("as `a,b`, not as a regex"),
        "{}",
        errs[0].1
    );
    assert!(errs[0].1.contains("`${job:regex}`"), "{}", errs[0].1);
    for format in ["doublequote", "singlequote", "json", "glob", "text"] {
        let q = format!(r#"up{{job!~"${{job:{format}}}"}}"#);
        assert_eq!(multi_errors(&q).len(), 1, "{q}");
    }
    // An undeclared variable is reported as undeclared, not as multi-value.
    let errs = multi_errors(r#"up{job="$undeclared"}"#);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].1.starts_with("undeclared variable"),
        "{}",
        errs[0].1
    );
}

#[test]
fn an_unclosed_grouping_says_how_to_close_it() {
    let (at, message) = first("max by (kind (queue_depth)");
    assert_eq!(at, "(");
    // Prometheus's wording first, then the fix.
    assert!(
        message.starts_with("unexpected \"(\" in grouping opts, expected \",\" or \")\"; "),
        "{message}"
    );
    assert!(
        message
            .contains("close the `by (...)` or `without (...)` before the aggregated expression"),
        "{message}"
    );
    // Other grouping errors keep Prometheus's message alone.
    let (_, message) = first("max by (kind queue_depth)");
    assert_eq!(
        message,
        "unexpected identifier \"queue_depth\" in grouping opts, expected \",\" or \")\""
    );
}
