//! Pieces the structure-aware targets share: words, numbers and PromQL
//! queries built from `arbitrary` input, and the project's own catalogs.
#![allow(dead_code)]

use dashc_core::catalog::Catalog;
use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use std::path::PathBuf;
use std::sync::OnceLock;

/// `dashboards-def/`, whose `catalogs/` the DSL target reads.
pub fn defs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dashboards-def")
}

/// The project's catalogs, merged (parsed once).
pub fn real_catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut all = Catalog::default();
        for name in ["django-prometheus.prom", "upstream.prom"] {
            let path = defs_dir().join("catalogs").join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            all.merge(Catalog::parse(&text, name).expect("the project's catalogs parse"));
        }
        all
    })
}

pub const METRICS: &[&str] = &[
    "jobs_total",
    "jobs",
    "req_seconds",
    "req_seconds_bucket",
    "req_seconds_sum",
    "req_seconds_count",
    "django_http_requests_total_by_method_total",
    "django_http_requests_latency_seconds_by_view_method_bucket",
    "django_db_execute_total",
    "upstream_background_job_started_total",
    "upstream_alert_processing_seconds_bucket",
    "process_cpu_seconds_total",
    "up",
    "x",
    "a:b:c",
    "__name__",
    "ÿ",
];

pub const LABELS: &[&str] = &[
    "job",
    "instance",
    "le",
    "quantile",
    "method",
    "view",
    "queue",
    "customer_id",
    "status",
    "alias",
    "env",
    "__name__",
    "a",
    "_",
    "x1",
    "é",
    "1bad",
    "",
];

pub const FUNCTIONS: &[&str] = &[
    "rate",
    "irate",
    "increase",
    "sum",
    "avg",
    "max",
    "min",
    "count",
    "topk",
    "bottomk",
    "quantile",
    "histogram_quantile",
    "label_replace",
    "label_join",
    "absent",
    "vector",
    "scalar",
    "time",
    "sort_desc",
    "delta",
    "deriv",
    "predict_linear",
    "abs",
    "clamp",
    "count_values",
    "group",
    "stddev",
    "sum_over_time",
    "quantile_over_time",
    "last_over_time",
    "holt_winters",
    "nosuch",
    "info",
    "histogram_count",
    "round",
    "timestamp",
];

pub const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless", "atan2",
    "== bool", "> bool",
];

pub const DURATIONS: &[&str] = &[
    "5m",
    "1h",
    "30s",
    "$__rate_interval",
    "$__interval",
    "$__range",
    "$window",
    "1y2w3d",
    "0s",
    "999999999999999999999h",
    "1ms",
    "-5m",
    "5",
    "1.5m",
    "[5m]",
];

pub const ODD: &[&str] = &[
    "", " ", "\"", "\\", "\\\"", "\n", "\r\n", "\t", "\0", "{{", "}}", "$", "${job}", "[[job]]",
    "é", "€", "𝄞", "\u{200b}", "\u{feff}", "'", "`", "#", "# EOF", "{", "}", "=", ",", "\\n",
    "\\x", "\\u{0}", "r#\"", "\"#", "/*", "*/", "//",
];

/// One of `list`, by index.
#[derive(Debug, Clone, Copy)]
pub struct Pick(pub u8);
impl<'a> Arbitrary<'a> for Pick {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Pick(u.arbitrary()?))
    }
}
impl Pick {
    pub fn of<'s>(self, list: &[&'s str]) -> &'s str {
        list[self.0 as usize % list.len()]
    }
}

/// A word: from a list, odd characters, or anything.
#[derive(Debug, Arbitrary)]
pub enum Word {
    Listed(Pick),
    Odd(Pick),
    Joined(Pick, Pick),
    Repeated(Pick, u16),
    Any(String),
}
impl Word {
    pub fn text(&self, list: &[&str]) -> String {
        match self {
            Word::Listed(p) => p.of(list).to_string(),
            Word::Odd(p) => p.of(ODD).to_string(),
            Word::Joined(a, b) => format!("{}{}", a.of(list), b.of(ODD)),
            Word::Repeated(p, n) => p.of(list).repeat(usize::from(*n % 2048)),
            Word::Any(s) => s.clone(),
        }
    }
}

/// A number, with the extremes likelier than in uniform input.
#[derive(Debug, Arbitrary)]
pub enum Num {
    Small(i8),
    Extreme(Pick),
    Any(i64),
    Float(f64),
}
pub const EXTREMES: &[i64] = &[
    0,
    1,
    -1,
    24,
    25,
    100_000,
    200_000,
    i32::MAX as i64,
    i32::MIN as i64,
    u32::MAX as i64,
    i64::MAX,
    i64::MIN,
    1 << 53,
    (1 << 53) + 1,
];
impl Num {
    pub fn json(&self) -> serde_json::Value {
        match self {
            Num::Small(n) => (*n).into(),
            Num::Extreme(p) => EXTREMES[p.0 as usize % EXTREMES.len()].into(),
            Num::Any(n) => (*n).into(),
            Num::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
        }
    }
    pub fn text(&self) -> String {
        match self {
            Num::Small(n) => n.to_string(),
            Num::Extreme(p) => EXTREMES[p.0 as usize % EXTREMES.len()].to_string(),
            Num::Any(n) => n.to_string(),
            Num::Float(f) => format!("{f:?}"),
        }
    }
}

/// A PromQL expression built from parts.
#[derive(Debug, Arbitrary)]
pub enum Q {
    Selector {
        metric: Option<Word>,
        matchers: Vec<(Word, Pick, Word)>,
        range: Option<Pick>,
        offset: Option<Pick>,
    },
    Number(Num),
    Str(Word),
    Call(Pick, Vec<Q>),
    Agg {
        op: Pick,
        by: Option<(bool, Vec<Word>)>,
        param: Option<Box<Q>>,
        arg: Box<Q>,
    },
    Bin {
        left: Box<Q>,
        op: Pick,
        matching: Option<(bool, Vec<Word>, Option<(bool, Vec<Word>)>)>,
        right: Box<Q>,
    },
    Paren(Box<Q>),
    Neg(Box<Q>),
    Subquery(Box<Q>, Pick, Option<Pick>),
    Nested(u16, Box<Q>),
    Raw(String),
}

const MATCH_OPS: &[&str] = &["=", "!=", "=~", "!~", "==", ""];
const AGGS: &[&str] = &[
    "sum",
    "avg",
    "min",
    "max",
    "count",
    "topk",
    "bottomk",
    "quantile",
    "count_values",
    "stddev",
    "group",
    "limitk",
    "nosuch",
];

fn labels(list: &[Word]) -> String {
    list.iter()
        .map(|w| w.text(LABELS))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Q {
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }
    fn write(&self, out: &mut String, depth: usize) {
        // Keep the text linear in the input: deeper structure is cut.
        if depth > 64 || out.len() > 1 << 16 {
            out.push('1');
            return;
        }
        match self {
            Q::Selector {
                metric,
                matchers,
                range,
                offset,
            } => {
                if let Some(m) = metric {
                    out.push_str(&m.text(METRICS));
                }
                if !matchers.is_empty() || metric.is_none() {
                    out.push('{');
                    for (i, (l, op, v)) in matchers.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&l.text(LABELS));
                        out.push_str(op.of(MATCH_OPS));
                        out.push('"');
                        out.push_str(&v.text(&[
                            "mail",
                            "$job",
                            "$customer",
                            "4..",
                            "(",
                            "a|b",
                            ".*",
                        ]));
                        out.push('"');
                    }
                    out.push('}');
                }
                if let Some(r) = range {
                    out.push('[');
                    out.push_str(r.of(DURATIONS));
                    out.push(']');
                }
                if let Some(o) = offset {
                    out.push_str(" offset ");
                    out.push_str(o.of(DURATIONS));
                }
            }
            Q::Number(n) => out.push_str(&n.text()),
            Q::Str(w) => {
                out.push('"');
                out.push_str(&w.text(ODD));
                out.push('"');
            }
            Q::Call(f, args) => {
                out.push_str(f.of(FUNCTIONS));
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    a.write(out, depth + 1);
                }
                out.push(')');
            }
            Q::Agg { op, by, param, arg } => {
                out.push_str(op.of(AGGS));
                if let Some((without, ls)) = by {
                    out.push_str(if *without { " without (" } else { " by (" });
                    out.push_str(&labels(ls));
                    out.push_str(") ");
                }
                out.push('(');
                if let Some(p) = param {
                    p.write(out, depth + 1);
                    out.push_str(", ");
                }
                arg.write(out, depth + 1);
                out.push(')');
            }
            Q::Bin {
                left,
                op,
                matching,
                right,
            } => {
                left.write(out, depth + 1);
                out.push(' ');
                out.push_str(op.of(BINOPS));
                if let Some((ignoring, ls, group)) = matching {
                    out.push_str(if *ignoring { " ignoring(" } else { " on(" });
                    out.push_str(&labels(ls));
                    out.push(')');
                    if let Some((left, ls)) = group {
                        out.push_str(if *left {
                            " group_left("
                        } else {
                            " group_right("
                        });
                        out.push_str(&labels(ls));
                        out.push(')');
                    }
                }
                out.push(' ');
                right.write(out, depth + 1);
            }
            Q::Paren(q) => {
                out.push('(');
                q.write(out, depth + 1);
                out.push(')');
            }
            Q::Neg(q) => {
                out.push('-');
                q.write(out, depth + 1);
            }
            Q::Subquery(q, r, step) => {
                q.write(out, depth + 1);
                out.push('[');
                out.push_str(r.of(DURATIONS));
                out.push(':');
                if let Some(s) = step {
                    out.push_str(s.of(DURATIONS));
                }
                out.push(']');
            }
            Q::Nested(n, q) => {
                let n = usize::from(*n % 600);
                out.push_str(&"(".repeat(n));
                q.write(out, depth + 1);
                out.push_str(&")".repeat(n));
            }
            Q::Raw(s) => out.push_str(s),
        }
    }
}

pub mod catalog_text;
