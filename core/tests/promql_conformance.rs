//! Conformance with Prometheus's own parser: the cases of its
//! `parse_test.go` (accept/reject and error positions) and the expressions
//! of its `promqltest` data (all valid), read from
//! `../shared/conformance/promql/`.

use dashc_core::promql::{self, printer, QueryEnv};
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/promql");
    assert!(
        dir.is_dir(),
        "conformance data missing: expected Prometheus's parser cases in {} \
         (the shared folder beside the repository)",
        dir.display()
    );
    dir
}

fn read(name: &str) -> String {
    let path = data_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn experimental() -> QueryEnv {
    QueryEnv {
        experimental: true,
        variables: Vec::new(),
        ..QueryEnv::default()
    }
}

struct Case {
    input: String,
    fail: bool,
    first: Option<(usize, usize)>,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (n, line) in read("prom_parse_cases.jsonl").lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("prom_parse_cases.jsonl line {}: {e}", n + 1));
        if v.get("input_not_utf8").and_then(|b| b.as_bool()) == Some(true) {
            continue;
        }
        let first = v["errors"].get(0).map(|e| {
            (
                e["start"].as_u64().unwrap_or(0) as usize,
                e["end"].as_u64().unwrap_or(0) as usize,
            )
        });
        out.push(Case {
            input: v["input"].as_str().unwrap_or_default().to_string(),
            fail: v["fail"].as_bool().unwrap_or(false),
            first,
        });
    }
    out
}

fn short(s: &str) -> String {
    let s: String = s.chars().take(80).collect();
    format!("{s:?}")
}

#[test]
fn agrees_with_prometheus_parse_cases() {
    let env = experimental();
    let cases = cases();
    assert_eq!(
        cases.len(),
        354,
        "expected the 354 UTF-8 cases of parse_test.go"
    );
    let mut agree = 0;
    let mut failing = 0;
    let mut range_match = 0;
    let mut report = String::new();
    for c in &cases {
        let result = promql::check(&c.input, &env);
        if result.is_err() == c.fail {
            agree += 1;
        } else {
            report.push_str(&format!(
                "  disagree: {} prometheus {} dashc {:?}\n",
                short(&c.input),
                if c.fail { "rejects" } else { "accepts" },
                result.as_ref().err().map(|e| &e[0])
            ));
        }
        if c.fail {
            failing += 1;
            let ours = result
                .as_ref()
                .err()
                .and_then(|e| e.first())
                .map(|e| (e.range.start, e.range.end));
            if ours.is_some() && ours == c.first {
                range_match += 1;
            } else {
                report.push_str(&format!(
                    "  range: {} prometheus {:?} dashc {:?}\n",
                    short(&c.input),
                    c.first,
                    result.as_ref().err().map(|e| &e[0])
                ));
            }
        }
    }
    let pct = 100.0 * range_match as f64 / failing as f64;
    println!(
        "parse cases: accept/reject agreement {agree}/{} ({:.1}%); first-error range match \
         {range_match}/{failing} ({pct:.1}%)",
        cases.len(),
        100.0 * agree as f64 / cases.len() as f64
    );
    print!("{report}");
    assert_eq!(agree, cases.len(), "accept/reject disagreements:\n{report}");
    assert!(pct >= 90.0, "first-error range match below 90%:\n{report}");
}

fn corpus() -> Vec<String> {
    let text = read("promqltest_exprs.txt");
    let exprs: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    assert_eq!(
        exprs.len(),
        1861,
        "expected 1,861 expressions in promqltest_exprs.txt"
    );
    exprs
}

#[test]
fn accepts_every_promqltest_expression() {
    let env = experimental();
    let mut rejected = Vec::new();
    for q in corpus() {
        if let Err(e) = promql::check(&q, &env) {
            rejected.push(format!("  {} -> {}", short(&q), e[0].message));
        }
    }
    println!(
        "promqltest expressions accepted: {}/1861",
        1861 - rejected.len()
    );
    assert!(rejected.is_empty(), "rejected:\n{}", rejected.join("\n"));
}

#[test]
fn printing_and_reparsing_gives_the_same_tree() {
    let env = experimental();
    let mut inputs = corpus();
    inputs.extend(cases().into_iter().filter(|c| !c.fail).map(|c| c.input));
    let mut failures = Vec::new();
    for q in &inputs {
        let Ok(ast) = promql::parse(q, &env) else {
            continue;
        };
        let printed = printer::print(&ast);
        match promql::parse(&printed, &env) {
            Ok(again) => {
                // Compared through Debug so that NaN equals NaN.
                let before = format!("{:?}", printer::without_spans(&ast));
                let after = format!("{:?}", printer::without_spans(&again));
                if before != after {
                    failures.push(format!(
                        "  {} printed as {}: different tree",
                        short(q),
                        short(&printed)
                    ));
                }
            }
            Err(e) => failures.push(format!(
                "  {} printed as {}: {}",
                short(q),
                short(&printed),
                e[0].message
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "round trip failures:\n{}",
        failures.join("\n")
    );
}
