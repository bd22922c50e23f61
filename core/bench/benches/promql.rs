//! Parses and checks Prometheus's 1,861 test expressions with dashc and with
//! the promql-parser crate in the same run, and prints microseconds per
//! query for each and the ratio (dashc's bar: at least 3x faster in a
//! release build).
//!
//! Run: `cargo bench --manifest-path core/bench/Cargo.toml`

use dashc_core::promql::{check, QueryEnv};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn corpus() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance/promql/promqltest_exprs.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "benchmark corpus missing at {}: {e} (the shared folder beside the repository)",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Runs `pass` over the corpus until `budget` is spent (at least `min`
/// passes); returns the fastest pass's time per query.
fn measure(exprs: &[String], budget: Duration, min: usize, mut pass: impl FnMut(&str)) -> f64 {
    for q in exprs {
        pass(q);
    }
    let started = Instant::now();
    let mut best = f64::INFINITY;
    let mut rounds = 0;
    while rounds < min || started.elapsed() < budget {
        let t = Instant::now();
        for q in exprs {
            pass(q);
        }
        let per_query = t.elapsed().as_secs_f64() * 1e6 / exprs.len() as f64;
        best = best.min(per_query);
        rounds += 1;
    }
    best
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent; keep it short then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let budget = if quick {
        Duration::from_millis(50)
    } else {
        Duration::from_secs(3)
    };
    let exprs = corpus();
    let env = QueryEnv {
        experimental: true,
        variables: Vec::new(),
        ..QueryEnv::default()
    };
    let mut dashc_ok = 0;
    let mut theirs_ok = 0;
    for q in &exprs {
        dashc_ok += usize::from(check(q, &env).is_ok());
        theirs_ok += usize::from(promql_parser::parser::parse(q).is_ok());
    }
    let dashc = measure(&exprs, budget, 5, |q| {
        black_box(check(black_box(q), &env).is_ok());
    });
    let theirs = measure(&exprs, budget, 5, |q| {
        black_box(promql_parser::parser::parse(black_box(q)).is_ok());
    });
    println!("PromQL parse + check of {} expressions", exprs.len());
    println!(
        "  dashc          {dashc:8.2} us/query  (accepts {dashc_ok}/{})",
        exprs.len()
    );
    println!(
        "  promql-parser  {theirs:8.2} us/query  (accepts {theirs_ok}/{})",
        exprs.len()
    );
    println!(
        "  ratio          {:8.2}x faster (bar: 3x in a release build)",
        theirs / dashc
    );
}
