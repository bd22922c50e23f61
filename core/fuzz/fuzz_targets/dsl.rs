//! Fuzzes the DSL front end through its string entry points
//! (`compile_dashboard_str`, `compile_set_str`, `parse_provisioning_str`):
//! DSL text built from structured parts (options, variables, rows, panels,
//! queries, nested values, strings with odd characters, raw strings) or,
//! for input starting with an ASCII byte, the bytes themselves (the seed is
//! the project's own `dashboards-def/src/lib.rs`). Catalogs are read from
//! `dashboards-def/`. Besides "no panic": compiling the same text twice
//! gives the same diagnostics and JSON, and a dashboard compiled without
//! diagnostics has JSON that serde_json parses (one with diagnostics has
//! none).
//!
//! Run from `core/`: `cargo fuzz run dsl fuzz/corpus/dsl`.

#![no_main]

mod common;

use common::{defs_dir, Num, Pick, Word, ODD, Q};
use dashc_core::dsl::{compile_dashboard_str, compile_set_str, parse_provisioning_str};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const KEYS: &[&str] = &[
    "uid",
    "title",
    "description",
    "tags",
    "folder",
    "refresh",
    "time",
    "tooltip",
    "links",
    "timezone",
    "editable",
    "catalog",
    "experimental",
    "unit",
    "legend",
    "instant",
    "thresholds",
    "color",
    "decimals",
    "min",
    "max",
    "stacking",
    "format",
    "sort",
    "height",
    "width",
    "allow",
    "mode",
    "placement",
    "calcs",
    "steps",
    "style",
    "label",
    "include_all",
    "multi",
    "regex",
    "all_value",
    "hide",
    "values",
    "default",
    "collapsed",
    "content",
    "interval",
    "datasource",
    "as_dropdown",
    "new_tab",
    "keep_time",
    "include_vars",
    "url",
    "provider",
    "dashboards_path",
    "datasource_uid",
    "datasource_url",
    "nosuch",
];
const IDENTS: &[&str] = &[
    "true",
    "false",
    "table",
    "bottom",
    "right",
    "hidden",
    "list",
    "normal",
    "percent",
    "none",
    "off",
    "line",
    "area",
    "dashed",
    "line_area",
    "dashed_area",
    "absolute",
    "percentage",
    "shared_crosshair",
    "shared_tooltip",
    "default",
    "asc",
    "desc",
    "time_series",
    "heatmap",
    "green",
    "red",
    "orange",
    "thresholds",
    "palette_classic",
    "green_yellow_red",
    "auto",
    "browser",
    "dashboards",
    "link",
    "dashboard",
    "now",
    "_",
    "r#type",
    "nosuch",
];
const PANELS: &[&str] = &[
    "timeseries",
    "stat",
    "bargauge",
    "table",
    "heatmap",
    "gauge",
    "text",
    "graph",
    "piechart",
    "row",
    "nosuch",
];
const VAR_KINDS: &[&str] = &[
    "filter", "query", "custom", "interval", "constant", "textbox", "nosuch",
];
const STRINGS: &[&str] = &[
    "a",
    "",
    "upstream-api",
    "Upstream",
    "now-1h",
    "now",
    "30s",
    "s",
    "reqps",
    "percent",
    "catalogs/upstream.prom",
    "catalogs",
    "nosuch.prom",
    "../catalogs/upstream.prom",
    "{{method}}",
    "label_values(django_db_execute_total, job)",
    "$job",
    "1m,5m",
    "http://prometheus:9090",
    "/var/lib/grafana/dashboards",
    "Prometheus",
    "prometheus",
    "unknown-metric",
    "mean",
];

/// A string literal in one of Rust's spellings.
#[derive(Debug, Arbitrary)]
enum Str {
    Quoted(Word),
    Raw(u8, Word),
    /// The text between quotes as is (escapes and all).
    Unescaped(Word),
    Byte(Word),
}

impl Str {
    fn text(&self, list: &[&str]) -> String {
        match self {
            Str::Quoted(w) => format!("{:?}", w.text(list)),
            Str::Raw(hashes, w) => {
                let h = "#".repeat(usize::from(hashes % 4));
                format!("r{h}\"{}\"{h}", w.text(list))
            }
            Str::Unescaped(w) => format!("\"{}\"", w.text(list)),
            Str::Byte(w) => format!("b{:?}", w.text(list)),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Val {
    Str(Str),
    Num(Num),
    Ident(Pick),
    List(Vec<Val>),
    Block(Vec<Opt>),
    Range(Str, Str),
    Step(Pick, Num),
    Tagged(Pick, Str, Vec<Opt>),
    Neg(Num),
    Odd(Pick),
}

#[derive(Debug, Arbitrary)]
struct Opt {
    key: Pick,
    value: Val,
    comma: bool,
}

#[derive(Debug, Arbitrary)]
enum QueryText {
    Built(Q),
    Str(Str),
}

#[derive(Debug, Arbitrary)]
struct Panel {
    kind: Pick,
    title: Str,
    options: Vec<Opt>,
    queries: Vec<(Option<Str>, QueryText, Vec<Opt>)>,
}

#[derive(Debug, Arbitrary)]
struct Var {
    name: Word,
    kind: Pick,
    query: Option<Str>,
    options: Vec<Opt>,
}

#[derive(Debug, Arbitrary)]
enum Item {
    Panel(Panel),
    Row(Str, Vec<Opt>, Vec<Panel>),
    Junk(Pick),
}

#[derive(Debug, Arbitrary)]
struct Dash {
    options: Vec<Opt>,
    variables: Option<Vec<Var>>,
    items: Vec<Item>,
}

#[derive(Debug, Arbitrary)]
enum Input {
    Dashboard(Dash),
    Set(Option<Vec<Opt>>, Vec<(Word, Dash)>),
    Provisioning(Vec<Opt>),
}

const NAMES: &[&str] = &["API", "DATABASE", "A", "ALL", "a", "_", "r#fn", "fn", "X1"];

fn val(v: &Val, out: &mut String, depth: usize) {
    if depth > 32 {
        out.push('0');
        return;
    }
    match v {
        Val::Str(s) => out.push_str(&s.text(STRINGS)),
        Val::Num(n) => out.push_str(&n.text()),
        Val::Ident(p) => out.push_str(p.of(IDENTS)),
        Val::List(vs) => {
            out.push('[');
            for v in vs {
                val(v, out, depth + 1);
                out.push_str(", ");
            }
            out.push(']');
        }
        Val::Block(os) => {
            out.push('{');
            opts(os, out, depth + 1);
            out.push('}');
        }
        Val::Range(a, b) => {
            out.push_str(&a.text(STRINGS));
            out.push_str("..");
            out.push_str(&b.text(STRINGS));
        }
        Val::Step(p, n) => {
            out.push_str(p.of(IDENTS));
            out.push_str(": ");
            out.push_str(&n.text());
        }
        Val::Tagged(p, s, os) => {
            out.push_str(p.of(IDENTS));
            out.push(' ');
            out.push_str(&s.text(STRINGS));
            out.push_str(" {");
            opts(os, out, depth + 1);
            out.push('}');
        }
        Val::Neg(n) => {
            out.push('-');
            out.push_str(&n.text());
        }
        Val::Odd(p) => out.push_str(p.of(ODD)),
    }
}

fn opts(os: &[Opt], out: &mut String, depth: usize) {
    for o in os {
        out.push_str(o.key.of(KEYS));
        out.push_str(": ");
        val(&o.value, out, depth);
        out.push_str(if o.comma { ",\n" } else { "\n" });
    }
}

fn panel(p: &Panel, out: &mut String) {
    out.push_str(p.kind.of(PANELS));
    out.push(' ');
    out.push_str(&p.title.text(STRINGS));
    out.push_str(" {\n");
    opts(&p.options, out, 0);
    for (legend, q, os) in &p.queries {
        if let Some(l) = legend {
            out.push_str(&l.text(STRINGS));
            out.push_str(" => ");
        }
        match q {
            QueryText::Built(q) => out.push_str(&format!("{:?}", q.text())),
            QueryText::Str(s) => out.push_str(&s.text(STRINGS)),
        }
        if !os.is_empty() {
            out.push_str(" {");
            opts(os, out, 0);
            out.push('}');
        }
        out.push_str(",\n");
    }
    out.push_str("}\n");
}

fn dash(d: &Dash, out: &mut String) {
    opts(&d.options, out, 0);
    if let Some(vars) = &d.variables {
        out.push_str("variables {\n");
        for v in vars {
            out.push_str(
                &v.name
                    .text(&["job", "customer", "window", "__rate_interval"]),
            );
            out.push_str(": ");
            out.push_str(v.kind.of(VAR_KINDS));
            if let Some(q) = &v.query {
                out.push(' ');
                out.push_str(&q.text(STRINGS));
            }
            if !v.options.is_empty() {
                out.push_str(" {");
                opts(&v.options, out, 0);
                out.push('}');
            }
            out.push_str(",\n");
        }
        out.push_str("},\n");
    }
    for item in &d.items {
        match item {
            Item::Panel(p) => panel(p, out),
            Item::Row(title, os, ps) => {
                out.push_str("row ");
                out.push_str(&title.text(STRINGS));
                out.push_str(" {\n");
                opts(os, out, 0);
                for p in ps {
                    panel(p, out);
                }
                out.push_str("}\n");
            }
            Item::Junk(p) => out.push_str(p.of(ODD)),
        }
    }
}

fn compile(input: &Input) -> String {
    let mut out = String::new();
    match input {
        Input::Dashboard(d) => dash(d, &mut out),
        Input::Set(defaults, ds) => {
            if let Some(os) = defaults {
                out.push_str("defaults {\n");
                opts(os, &mut out, 0);
                out.push_str("},\n");
            }
            for (name, d) in ds {
                out.push_str("/// Docs.\npub const ");
                out.push_str(&name.text(NAMES));
                out.push_str(" = {\n");
                dash(d, &mut out);
                out.push_str("};\n");
            }
        }
        Input::Provisioning(os) => opts(os, &mut out, 0),
    }
    out
}

/// What one compile gives, for comparing two runs.
fn dashboard(text: &str) -> String {
    let out = compile_dashboard_str(text, &defs_dir());
    let json = out.value.as_ref().and_then(|c| c.json.clone());
    if let Some(json) = &json {
        serde_json::from_str::<serde_json::Value>(json)
            .unwrap_or_else(|e| panic!("compiled JSON does not parse: {e}\n{json}"));
        assert!(out.diagnostics.is_empty(), "JSON despite diagnostics");
    } else {
        assert!(!out.diagnostics.is_empty(), "neither JSON nor a diagnostic");
    }
    format!("{:?}\n{json:?}", out.diagnostics)
}

fn set(text: &str) -> String {
    let out = compile_set_str(text, &defs_dir());
    let mut shown = format!("{:?}\n", out.diagnostics);
    for (name, compiled) in &out.value {
        if let Some(json) = &compiled.json {
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("compiled JSON of {name} does not parse: {e}\n{json}"));
            assert!(out.diagnostics.is_empty(), "JSON despite diagnostics");
        } else {
            assert!(
                !out.diagnostics.is_empty(),
                "{name}: neither JSON nor a diagnostic"
            );
        }
        shown.push_str(&format!("{name} {:?}\n", compiled.json));
    }
    shown
}

fn provisioning(text: &str) -> String {
    let out = parse_provisioning_str(text);
    assert_eq!(out.value.is_some(), out.diagnostics.is_empty());
    format!("{:?} {:?}", out.diagnostics, out.value.is_some())
}

fn all(text: &str) {
    assert_eq!(
        dashboard(text),
        dashboard(text),
        "two compiles of a dashboard differed"
    );
    assert_eq!(set(text), set(text), "two compiles of a set differed");
    assert_eq!(
        provisioning(text),
        provisioning(text),
        "two reads of provisioning differed"
    );
}

fuzz_target!(|bytes: &[u8]| {
    // Input starting with an ASCII byte is the text itself; any other
    // input is read as a structure.
    if bytes.first().is_none_or(|b| b.is_ascii()) {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return;
        };
        // A `catalog:` path may name any file: keep the fuzzer off devices.
        if ["/dev", "/proc", "/sys"].iter().any(|d| text.contains(d)) {
            return;
        }
        all(text);
        return;
    }
    let mut u = arbitrary::Unstructured::new(&bytes[1..]);
    if let Ok(input) = Input::arbitrary(&mut u) {
        let text = compile(&input);
        match input {
            Input::Dashboard(_) => {
                assert_eq!(dashboard(&text), dashboard(&text), "two compiles differed");
            }
            Input::Set(..) => assert_eq!(set(&text), set(&text), "two compiles differed"),
            Input::Provisioning(_) => {
                assert_eq!(
                    provisioning(&text),
                    provisioning(&text),
                    "two reads differed"
                )
            }
        }
    }
});
