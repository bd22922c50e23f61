//! Work grows linearly with the input of every reader and check: each case
//! runs on inputs of size `n` and `8n`, and the work measured at `8n` may be
//! at most [`SLACK`] times that at `n` (8 for linear growth, plus room for
//! `log n` factors; quadratic growth gives 64).
//!
//! Work is measured deterministically, never by the clock (the suite runs
//! on loaded machines): a counting global allocator gives the bytes
//! allocated in total, the number of allocations and the peak of live
//! bytes, and `dashc_core::limits::steps` counts the steps of the loops
//! whose cost is not visible in allocations (edit distance, overlap
//! lookups). The cases run one at a time (one lock), since the counters are
//! process-wide.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;

use dashc_core::catalog::{check_query, Catalog};
use dashc_core::diag::closest;
use dashc_core::import::{import, Input, Options};
use dashc_core::limits;
use dashc_core::lint::lint_dashboard;
use dashc_core::promql::{self, QueryEnv};
use serde_json::{json, Value};

/// Largest allowed ratio of the work at `8n` to the work at `n`.
const SLACK: f64 = 12.0;

struct Counting;

static TOTAL: AtomicU64 = AtomicU64::new(0);
static COUNT: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicU64 = AtomicU64::new(0);
static PEAK: AtomicU64 = AtomicU64::new(0);

fn grew(size: usize) {
    let size = size as u64;
    TOTAL.fetch_add(size, Relaxed);
    COUNT.fetch_add(1, Relaxed);
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counters are atomics and allocate nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is System's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as u64, Relaxed);
        // SAFETY: the caller's contract is System's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size() as u64, Relaxed);
        grew(new_size);
        // SAFETY: the caller's contract is System's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time, from its first allocation to its last: the
/// counters are shared by every thread.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The work `run` did on an input built before measuring.
#[derive(Debug, Clone, Copy)]
struct Work {
    bytes: u64,
    allocations: u64,
    peak: u64,
    steps: u64,
}

fn measure<I>(input: I, run: impl FnOnce(&I)) -> Work {
    // `Catalog::parse` remembers the last 8 files it read: fill that memory
    // with tiny ones, so that a measured parse evicts a tiny file rather
    // than a large one of an earlier case (which would lower the peak).
    for _ in 0..8 {
        let _ = Catalog::parse("", &fresh_name());
    }
    let (bytes, allocations, steps) = (TOTAL.load(Relaxed), COUNT.load(Relaxed), limits::steps());
    let live = LIVE.load(Relaxed);
    PEAK.store(live, Relaxed);
    run(&input);
    Work {
        bytes: TOTAL.load(Relaxed) - bytes,
        allocations: COUNT.load(Relaxed) - allocations,
        peak: PEAK.load(Relaxed).saturating_sub(live),
        steps: limits::steps() - steps,
    }
}

/// Runs `run` on `build(n)` and `build(8n)` and checks every measure grew
/// at most [`SLACK`] times.
fn linear<I>(case: &str, n: usize, build: impl Fn(usize) -> I, run: impl Fn(&I)) {
    // Once first, so that lazily built tables are not counted.
    measure(build(n), &run);
    let small = measure(build(n), &run);
    let large = measure(build(8 * n), &run);
    let ratio = |a: u64, b: u64| b as f64 / a.max(1) as f64;
    let ratios = [
        ("bytes allocated", small.bytes, large.bytes),
        ("allocations", small.allocations, large.allocations),
        ("peak live bytes", small.peak, large.peak),
        ("steps", small.steps, large.steps),
    ];
    println!("{case}: n = {n}: {small:?}; 8n: {large:?}");
    for (what, a, b) in ratios {
        // A measure that stays near zero says nothing about growth.
        if b < 4096 {
            continue;
        }
        assert!(
            ratio(a, b) <= SLACK,
            "{case}: {what} grew {:.1} times from n = {n} to 8n ({a} -> {b}); linear is 8",
            ratio(a, b)
        );
    }
}

/// A catalog file name not used before: `Catalog::parse` remembers the
/// last files it read, and a remembered file would cost nothing.
fn fresh_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("scaling-{}.prom", NEXT.fetch_add(1, Relaxed))
}

fn dashboard(panels: Vec<Value>, variables: Vec<Value>) -> String {
    json!({"uid": "s", "title": "S", "schemaVersion": 42,
           "templating": {"list": variables}, "panels": panels})
    .to_string()
}

fn query_panel(i: usize, x: usize, y: usize, expr: &str) -> Value {
    json!({"id": i, "type": "timeseries", "title": format!("P{i}"),
           "gridPos": {"x": x, "y": y, "w": 12, "h": 8},
           "datasource": {"type": "prometheus", "uid": "prometheus"},
           "targets": [{"refId": "A", "expr": expr}]})
}

fn lint(text: &str) {
    let found = lint_dashboard(text, "s.json", &Catalog::default());
    std::hint::black_box(found);
}

fn import_text(text: &str) {
    let out = import(
        &[Input {
            name: "s.json",
            text,
        }],
        &Options::default(),
    );
    std::hint::black_box(out.map(|i| i.source.len()).unwrap_or(0));
}

#[test]
fn import_of_panels_all_on_one_cell() {
    // Each panel is pushed below the ones before it; the moves are capped
    // (`migrate::push_down`), so the work stays linear past the cap.
    let _alone = alone();
    linear(
        "import of overlapping panels",
        2_000,
        |n| dashboard((0..n).map(|i| query_panel(i, 0, 0, "up")).collect(), vec![]),
        |t: &String| import_text(t),
    );
}

#[test]
fn import_of_panels_in_rows_with_variables() {
    let _alone = alone();
    linear(
        "import of rows, panels and variables",
        100,
        |n| {
            let mut panels = Vec::new();
            for i in 0..n {
                panels.push(json!({"id": 100_000 + i, "type": "row", "title": format!("R{i}"), "collapsed": false,
                                   "gridPos": {"x": 0, "y": 9 * i, "w": 24, "h": 1}, "panels": []}));
                panels.push(query_panel(
                    i,
                    0,
                    9 * i + 1,
                    "sum by (job) (rate(up{job=~\"$job\"}[5m]))",
                ));
            }
            let vars = (0..n)
                .map(|i| json!({"type": "custom", "name": format!("v{i}"), "query": "a,b"}))
                .chain([json!({"type": "query", "name": "job", "query": "label_values(up, job)", "multi": true})])
                .collect();
            dashboard(panels, vars)
        },
        |t: &String| import_text(t),
    );
}

#[test]
fn lint_of_panels_all_on_one_cell() {
    let _alone = alone();
    linear(
        "overlapping panels",
        100,
        |n| dashboard((0..n).map(|i| query_panel(i, 0, 0, "up")).collect(), vec![]),
        |t: &String| lint(t),
    );
}

#[test]
fn lint_of_panels_without_overlap() {
    let _alone = alone();
    linear(
        "panels without overlap",
        150,
        |n| {
            dashboard(
                (0..n)
                    .map(|i| query_panel(i, 12 * (i % 2), 8 * (i / 2), "sum(rate(x[5m]))"))
                    .collect(),
                vec![],
            )
        },
        |t: &String| lint(t),
    );
}

#[test]
fn lint_of_many_undeclared_variables() {
    let _alone = alone();
    let declared: Vec<Value> = (0..50)
        .map(|i| json!({"name": format!("declared_{i}"), "type": "custom"}))
        .collect();
    linear(
        "undeclared variables, many uses",
        50,
        |n| {
            dashboard(
                (0..n)
                    .map(|i| query_panel(i, 0, 8 * i, &format!("up{{job=~\"$undeclared_{i}\"}}")))
                    .collect(),
                declared.clone(),
            )
        },
        |t: &String| lint(t),
    );
    linear(
        "undeclared variables, many declared",
        50,
        |n| {
            dashboard(
                (0..20)
                    .map(|i| query_panel(i, 0, 8 * i, &format!("up{{job=~\"$undeclared_{i}\"}}")))
                    .collect(),
                (0..n)
                    .map(|i| json!({"name": format!("declared_{i}"), "type": "custom"}))
                    .collect(),
            )
        },
        |t: &String| lint(t),
    );
}

#[test]
fn catalog_with_target_labels_and_many_families() {
    let _alone = alone();
    linear(
        "TARGET_LABELS x families",
        60,
        |n| {
            let mut text = String::from("# TARGET_LABELS");
            for i in 0..n {
                write!(text, " target_{i}").expect("string");
            }
            text.push('\n');
            for f in 0..n {
                writeln!(
                    text,
                    "# TYPE family_{f}_total counter\nfamily_{f}_total{{a=\"1\"}} 1"
                )
                .expect("string");
            }
            text
        },
        |text| {
            let catalog = Catalog::parse(text, &fresh_name()).expect("valid");
            // A query per family, so that the checks see the labels too.
            let query = "sum by (target_0) (rate(family_0_total[5m]))";
            let expr = promql::parse(query, &QueryEnv::default()).expect("parses");
            std::hint::black_box(check_query(query, &expr, None, &catalog, &[]));
        },
    );
}

#[test]
fn sample_line_with_many_labels() {
    let _alone = alone();
    linear(
        "labels on one sample line",
        100,
        |n| {
            let mut line = String::from("x{");
            for i in 0..n {
                write!(line, "label_{i}=\"value\",").expect("string");
            }
            line.push_str("} 1\n");
            line
        },
        |text| {
            let catalog = Catalog::parse(text, &fresh_name());
            std::hint::black_box(catalog.expect("valid"));
        },
    );
}

#[test]
fn did_you_mean_on_huge_names() {
    let _alone = alone();
    linear(
        "closest on a huge word",
        2_000,
        |n| ("q".repeat(n), "q".repeat(n) + "z"),
        |(word, near)| {
            std::hint::black_box(closest(word, [near.as_str(), "title", "uid"]));
            std::hint::black_box(dashc_core::diag::edit_distance(word, near));
        },
    );
    let catalog =
        Catalog::parse("# TYPE jobs_total counter\njobs_total 1\n", "c.prom").expect("catalog");
    linear(
        "unknown metric with a huge name",
        2_000,
        |n| format!("rate({}_total[5m])", "j".repeat(n)),
        |query| {
            let expr = promql::parse(query, &QueryEnv::default()).expect("parses");
            std::hint::black_box(check_query(query, &expr, None, &catalog, &[]));
        },
    );
}

#[test]
fn long_queries() {
    let _alone = alone();
    let mut text = String::from("# TYPE x gauge\n# LABELS x");
    for i in 0..800 {
        write!(text, " l{i}").expect("string");
    }
    text.push('\n');
    let catalog = Catalog::parse(&text, "x.prom").expect("catalog");
    linear(
        "a selector with many matchers",
        100,
        |n| {
            let matchers: Vec<String> = (0..n).map(|i| format!("l{i}=~\"a|b\"")).collect();
            format!("sum(rate(x{{{}}}[5m]))", matchers.join(", "))
        },
        |query| {
            let env = QueryEnv::default();
            let _ = std::hint::black_box(promql::check(query, &env));
            let expr = promql::parse(query, &env).expect("parses");
            std::hint::black_box(check_query(query, &expr, None, &catalog, &[]));
        },
    );
    let mut text = String::new();
    for i in 0..250 {
        writeln!(text, "# TYPE m{i} gauge\nm{i}{{a=\"1\",b=\"2\"}} 1").expect("string");
    }
    let families = Catalog::parse(&text, "m.prom").expect("catalog");
    linear(
        "a chain of sums of different metrics",
        25,
        |n| {
            (0..n)
                .map(|i| format!("sum by (a) (m{i})"))
                .collect::<Vec<_>>()
                .join(" + ")
        },
        |query| {
            let env = QueryEnv::default();
            let _ = std::hint::black_box(promql::check(query, &env));
            let expr = promql::parse(query, &env).expect("within the depth cap");
            std::hint::black_box(check_query(query, &expr, None, &families, &[]));
        },
    );
    linear(
        "unknown metrics against a catalog as large as the query",
        25,
        |n| {
            let mut text = String::new();
            for i in 0..n {
                writeln!(text, "# TYPE app_requests_{i}_total counter").expect("string");
            }
            let catalog = Catalog::parse(&text, &fresh_name()).expect("catalog");
            let query = (0..n)
                .map(|i| format!("rate(app_request_{i}_total[5m])"))
                .collect::<Vec<_>>()
                .join(" or ");
            (catalog, query)
        },
        |(catalog, query)| {
            let expr = promql::parse(query, &QueryEnv::default()).expect("parses");
            std::hint::black_box(check_query(query, &expr, None, catalog, &[]));
        },
    );
}

#[test]
fn series_regexes_and_many_series_blocks() {
    let _alone = alone();
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let compile = |text: &String| {
        let out = dashc_core::dsl::compile_dashboard_str(text, base);
        std::hint::black_box(out);
    };
    // `{` that starts no repeat, followed by digits: each is looked at once.
    linear(
        "a long series regex",
        2_000,
        |n| {
            format!(
                r#"uid: "a", title: "A", catalog: [], timeseries "T" {{ unit: "s", series regex "{}" {{ hidden: true }} _ => "up" }}"#,
                "a{1".repeat(n)
            )
        },
        compile,
    );
    linear(
        "many series blocks and mappings",
        100,
        |n| {
            let blocks: String = (0..n)
                .map(|i| format!(r#"series "s{i}" {{ color: "red", line_width: 2 }} "#))
                .collect();
            let mappings: Vec<String> = (0..n)
                .map(|i| format!(r#"value "{i}" => "v{i}""#))
                .collect();
            format!(
                r#"uid: "a", title: "A", catalog: [], timeseries "T" {{ unit: "s", mappings: [{}], {blocks} _ => "up" }}"#,
                mappings.join(", ")
            )
        },
        compile,
    );
}

#[test]
fn expansion_of_fragments_templates_and_loops() {
    let _alone = alone();
    linear(
        "a loop over many values calling a template",
        150,
        |n| {
            let values: Vec<String> = (0..n).map(|i| format!("\"s{i}\"")).collect();
            format!(
                r#"uid: "a", title: "A",
let sel = "job=~\"$job\"";
template p(name) {{ stat "Up " + name {{ unit: "short", _ => "sum(up{{" + sel + ", svc=\"" + name + "\"}})" }} }}
for s in [{}] {{ p(s) }}"#,
                values.join(", ")
            )
        },
        |text| {
            let out = dashc_core::dsl::parse_dashboard_str(text);
            assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
            std::hint::black_box(out);
        },
    );
    linear(
        "many fragments, each used once",
        150,
        |n| {
            let mut text = String::from("uid: \"a\", title: \"A\",\n");
            for i in 0..n {
                writeln!(text, "let f{i} = \"panel {i}\";").expect("string");
            }
            for i in 0..n {
                writeln!(text, "stat f{i} + \" up\" {{ unit: \"s\", _ => \"up\" }}")
                    .expect("string");
            }
            text
        },
        |text| {
            let out = dashc_core::dsl::parse_dashboard_str(text);
            assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
            std::hint::black_box(out);
        },
    );
}
