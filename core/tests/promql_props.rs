//! No input makes the PromQL front end panic: random token soups and
//! mutations of Prometheus's own valid expressions, plus pathological
//! nesting. Valid results must also print and reparse to the same tree.

use dashc_core::promql::{check, parse, printer, QueryEnv, VarClass};
use std::path::PathBuf;

/// xorshift64*: small, deterministic, good enough to shake a parser.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const PIECES: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "=",
    "!=",
    "=~",
    "!~",
    "==",
    "<",
    ">=",
    "</",
    ">/",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "@",
    " ",
    "\n",
    "#c\n",
    "foo",
    "sum",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "offset",
    "and",
    "or",
    "unless",
    "atan2",
    "rate",
    "topk",
    "count_values",
    "label_replace",
    "step()",
    "range()",
    "start()",
    "end()",
    "min_of",
    "anchored",
    "smoothed",
    "fill",
    "1",
    "0x1f",
    "1e3",
    ".5",
    "Inf",
    "NaN",
    "5m",
    "1h30m",
    "0s",
    "\"a\"",
    "'b'",
    "`c`",
    "\"\\x\"",
    "\"unterminated",
    "$job",
    "${job:regex}",
    "[[job]]",
    "$__rate_interval",
    "$",
    "é",
    "☺",
    "\u{0}",
    "\\",
    "`",
    "'",
    "\"",
];

fn env() -> QueryEnv {
    QueryEnv {
        experimental: true,
        variables: vec![
            ("job".into(), VarClass::Value),
            ("w".into(), VarClass::Interval),
        ],
        ..QueryEnv::default()
    }
}

/// Runs the whole pipeline on `q` and checks what must hold for any input.
fn exercise(q: &str, env: &QueryEnv) {
    match check(q, env) {
        Ok(()) => {
            let ast = parse(q, env).expect("check passed, so parse does");
            let printed = printer::print(&ast);
            let again = parse(&printed, env)
                .unwrap_or_else(|e| panic!("{q:?} printed as {printed:?} fails: {e:?}"));
            assert_eq!(
                format!("{:?}", printer::without_spans(&ast)),
                format!("{:?}", printer::without_spans(&again)),
                "{q:?} printed as {printed:?}"
            );
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "{q:?}: error list is empty");
            for e in &errors {
                assert!(
                    e.range.start <= e.range.end && e.range.end <= q.len(),
                    "{q:?}: range {:?} out of bounds",
                    e.range
                );
                assert!(!e.message.is_empty());
                let rendered = e.render(q);
                assert!(rendered.contains('^'), "{q:?}: no caret in {rendered}");
            }
        }
    }
}

fn corpus() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/conformance/promql/promqltest_exprs.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "conformance corpus missing at {}: {e} (the shared folder beside the repository)",
            path.display()
        )
    });
    text.lines().map(String::from).collect()
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn random_token_soup_never_panics() {
    let env = env();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let n = 1 + rng.below(14);
        let q: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        exercise(&q, &env);
    }
}

#[test]
fn mutated_corpus_never_panics() {
    let env = env();
    let strict = QueryEnv::default();
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for q in corpus() {
        exercise(&q, &strict);
        for _ in 0..8 {
            let mut m = q.clone();
            let at = floor_boundary(&m, rng.below(m.len() + 1));
            match rng.below(4) {
                0 => {
                    let end = floor_boundary(&m, at + 1 + rng.below(6));
                    m.replace_range(at..end.max(at), "");
                }
                1 => m.insert_str(at, PIECES[rng.below(PIECES.len())]),
                2 => m.truncate(at),
                _ => {
                    let end = floor_boundary(&m, at + rng.below(8));
                    let piece = m[at..end.max(at)].to_string();
                    m.insert_str(at, &piece);
                }
            }
            exercise(&m, &env);
        }
    }
}

#[test]
fn pathological_nesting_is_an_error_not_a_crash() {
    let env = env();
    for q in [
        "(".repeat(100_000),
        format!("{}1{}", "(".repeat(5000), ")".repeat(5000)),
        "-".repeat(100_000) + "1",
        "1+".repeat(50_000) + "1",
        "2^".repeat(50_000) + "2",
        "x".to_string() + &"[1m:]".repeat(5_000),
        "sum(".repeat(10_000),
        format!("x[{}1m{}]", "(".repeat(5000), ")".repeat(5000)),
        "[[".repeat(10_000),
    ] {
        exercise(&q, &env);
    }
    // Deep but reasonable nesting still parses.
    let q = format!("{}x{}", "(".repeat(120), ")".repeat(120));
    assert!(check(&q, &env).is_ok());
}
