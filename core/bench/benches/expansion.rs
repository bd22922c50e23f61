//! What the `dashboards!` macro costs a build: the four Upstream dashboards
//! (`dashboards-def/src/lib.rs`) through dashc-core's DSL entry point,
//! `dsl::compile_set_str`: tokens, parse, catalogs, every check, JSON.
//! Prints the first iteration (catalogs read and parsed) and the times per
//! iteration after it; no bar to pass, a measurement to compare.
//!
//! Run (optimised): `cargo bench --manifest-path core/bench/Cargo.toml --bench expansion`
//! As the compiler runs the macro (unoptimised, the dev profile):
//! `cargo bench --manifest-path core/bench/Cargo.toml --bench expansion --profile dev`

use dashc_core::dsl::{compile_set_str, parse_set_str};
use proc_macro2::{TokenStream, TokenTree};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// The crate defining the dashboards; catalog paths are relative to it.
fn definitions() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dashboards-def")
}

/// The text between the braces of the `dashboards! { .. }` in `source`.
fn set_body(source: &str) -> String {
    let tokens: Vec<TokenTree> = TokenStream::from_str(source)
        .expect("dashboards-def/src/lib.rs is Rust tokens")
        .into_iter()
        .collect();
    for w in tokens.windows(3) {
        if let (TokenTree::Ident(i), TokenTree::Punct(p), TokenTree::Group(g)) =
            (&w[0], &w[1], &w[2])
        {
            if i == "dashboards" && p.as_char() == '!' {
                let body = g.span_open().byte_range().end..g.span_close().byte_range().start;
                return source[body].to_string();
            }
        }
    }
    panic!("no `dashboards! {{ .. }}` in dashboards-def/src/lib.rs");
}

/// Per-iteration times of `pass`, after one warm-up call, until `budget`
/// is spent (at least `min` iterations).
fn measure(budget: Duration, min: usize, mut pass: impl FnMut()) -> Vec<Duration> {
    pass();
    let started = Instant::now();
    let mut times = Vec::new();
    while times.len() < min || started.elapsed() < budget {
        let t = Instant::now();
        pass();
        times.push(t.elapsed());
    }
    times.sort();
    times
}

fn report(what: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "  {what:<28} min {:7.3} ms  median {:7.3} ms  mean {:7.3} ms  max {:7.3} ms  ({} iterations)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(mean),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn main() {
    // `cargo test --benches` runs this without `--bench`: keep it short then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let budget = if quick {
        Duration::from_millis(50)
    } else {
        Duration::from_secs(3)
    };
    let def = definitions();
    let source = std::fs::read_to_string(def.join("src/lib.rs")).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}",
            Path::new(&def).join("src/lib.rs").display()
        )
    });
    let body = set_body(&source);

    let first = Instant::now();
    let out = compile_set_str(&body, &def);
    let first = first.elapsed();
    assert!(
        out.diagnostics.is_empty(),
        "the Upstream dashboards do not compile: {:?}",
        out.diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    );
    let dashboards = out.value.len();
    let json: usize = out
        .value
        .iter()
        .filter_map(|(_, c)| c.json.as_ref().map(String::len))
        .sum();

    let profile = if cfg!(debug_assertions) {
        "unoptimised (dev profile, as the compiler runs the macro)"
    } else {
        "optimised"
    };
    println!("Expansion of the {dashboards} Upstream dashboards ({json} bytes of JSON), {profile}");
    println!(
        "  first iteration (catalogs read and parsed): {:.3} ms",
        first.as_secs_f64() * 1e3
    );
    let full = measure(budget, 10, || {
        black_box(compile_set_str(black_box(&body), &def).value.len());
    });
    report("parse + check + render", &full);
    let parse = measure(budget, 10, || {
        black_box(parse_set_str(black_box(&body)).value.len());
    });
    report("parse only", &parse);
}
