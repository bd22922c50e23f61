//! Fuzzes the linter (`dashc check`): dashboards built from an `arbitrary`
//! structure of panels, rows (legacy `rows[]` and collapsed rows),
//! targets, templating and gridPos with extreme integers, deep nesting and
//! fields of the wrong JSON type, serialized and linted with and without a
//! catalog. Besides "no panic": the same text lints to the same findings,
//! every query finding's range lies in its query, and no query gets more
//! errors than `limits::MAX_ERRORS_PER_QUERY` (plus the one counting them).
//!
//! Run from `core/`: `cargo fuzz run lint fuzz/corpus/lint` (see
//! `fuzz/seeds.sh` for the seed corpus).

#![no_main]

mod common;

use common::{Num, Pick, Word, Q};
use dashc_core::catalog::Catalog;
use dashc_core::limits::MAX_ERRORS_PER_QUERY;
use dashc_core::lint::lint_dashboard;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Any JSON value, for fields of the wrong type and unknown keys.
#[derive(Debug, Arbitrary)]
enum J {
    Null,
    Bool(bool),
    Num(Num),
    Str(Word),
    Arr(Vec<J>),
    Obj(Vec<(Word, J)>),
    /// A value inside `n` arrays (up to past serde_json's depth limit).
    Deep(u8, Box<J>),
}

impl J {
    fn value(&self, depth: usize) -> Value {
        if depth > 140 {
            return Value::Null;
        }
        match self {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Num(n) => n.json(),
            J::Str(w) => Value::String(w.text(KEYS)),
            J::Arr(a) => Value::Array(a.iter().map(|j| j.value(depth + 1)).collect()),
            J::Obj(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.text(KEYS), v.value(depth + 1)))
                    .collect(),
            ),
            J::Deep(n, j) => {
                let n = usize::from(*n).min(140usize.saturating_sub(depth));
                let mut v = j.value(depth + n);
                for _ in 0..n {
                    v = Value::Array(vec![v]);
                }
                v
            }
        }
    }
}

const KEYS: &[&str] = &[
    "id",
    "type",
    "title",
    "gridPos",
    "panels",
    "rows",
    "targets",
    "expr",
    "refId",
    "datasource",
    "collapsed",
    "templating",
    "list",
    "name",
    "query",
    "multi",
    "includeAll",
    "legendFormat",
    "uid",
    "schemaVersion",
    "x",
    "y",
    "w",
    "h",
    "hide",
    "repeat",
    "dashboard",
    "options",
];
const PANEL_TYPES: &[&str] = &[
    "timeseries",
    "graph",
    "row",
    "stat",
    "table",
    "bargauge",
    "heatmap",
    "text",
    "singlestat",
    "gauge",
    "piechart",
    "table-old",
    "grafana-piechart-panel",
    "news",
    "",
    "ROW",
];
const VAR_TYPES: &[&str] = &[
    "query",
    "custom",
    "interval",
    "datasource",
    "constant",
    "textbox",
    "adhoc",
    "",
];
const DS: &[&str] = &[
    "prometheus",
    "loki",
    "-- Mixed --",
    "-- Grafana --",
    "${DS}",
    "",
];
const VAR_QUERIES: &[&str] = &[
    "label_values(job)",
    "label_values(up, job)",
    "label_values(jobs_total{queue=\"a\"}, queu)",
    "label_names()",
    "metrics(.*)",
    "query_result(sum(up))",
    "label_values(",
    "a,b,c",
    "1m,5m,1h",
];

/// A field: absent, well typed, or any JSON value.
#[derive(Debug, Arbitrary)]
enum F<T> {
    Absent,
    Good(T),
    Odd(J),
}

impl<T> F<T> {
    fn put(&self, obj: &mut Map<String, Value>, key: &str, good: impl FnOnce(&T) -> Value) {
        match self {
            F::Absent => {}
            F::Good(t) => {
                obj.insert(key.to_string(), good(t));
            }
            F::Odd(j) => {
                obj.insert(key.to_string(), j.value(3));
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Grid {
    x: Num,
    y: Num,
    w: Num,
    h: Num,
}

#[derive(Debug, Arbitrary)]
enum Expr {
    Built(Q),
    Listed(Pick),
}

#[derive(Debug, Arbitrary)]
struct Target {
    ref_id: F<Word>,
    expr: F<Expr>,
    legend: F<Word>,
    datasource: F<Pick>,
    hide: F<bool>,
    extra: Vec<(Word, J)>,
}

#[derive(Debug, Arbitrary)]
struct Panel {
    id: F<Num>,
    kind: F<Pick>,
    title: F<Word>,
    grid: F<Grid>,
    datasource: F<Pick>,
    targets: F<Vec<Target>>,
    collapsed: F<bool>,
    /// The panels of a (collapsed) row.
    inner: F<Vec<Panel>>,
    repeat: F<Word>,
    /// Copies of this panel (many panels from few bytes).
    copies: u8,
    extra: Vec<(Word, J)>,
}

#[derive(Debug, Arbitrary)]
struct Variable {
    name: F<Word>,
    kind: F<Pick>,
    query: F<Pick>,
    built: Option<Q>,
    multi: F<bool>,
    include_all: F<bool>,
    datasource: F<Pick>,
}

#[derive(Debug, Arbitrary)]
struct LegacyRow {
    title: F<Word>,
    collapse: F<bool>,
    panels: F<Vec<Panel>>,
}

#[derive(Debug, Arbitrary)]
struct Dash {
    wrapped: bool,
    uid: F<Word>,
    title: F<Word>,
    schema_version: F<Num>,
    panels: F<Vec<Panel>>,
    rows: F<Vec<LegacyRow>>,
    templating: F<Vec<Variable>>,
    extra: Vec<(Word, J)>,
    with_catalog: bool,
    /// Text appended after the JSON (trailing garbage) or none.
    trailing: Option<Word>,
}

fn target(t: &Target) -> Value {
    let mut o = Map::new();
    t.ref_id
        .put(&mut o, "refId", |w| w.text(&["A", "B", "", "A"]).into());
    t.expr.put(&mut o, "expr", |e| match e {
        Expr::Built(q) => q.text().into(),
        Expr::Listed(p) => p.of(VAR_QUERIES).into(),
    });
    t.legend.put(&mut o, "legendFormat", |w| {
        w.text(&["{{method}}", "{{ queue }}", "{{nosuch}}", "{{", "__auto"])
            .into()
    });
    t.datasource.put(
        &mut o,
        "datasource",
        |p| json!({"type": p.of(DS), "uid": "prometheus"}),
    );
    t.hide.put(&mut o, "hide", |b| (*b).into());
    for (k, v) in &t.extra {
        o.insert(k.text(KEYS), v.value(3));
    }
    Value::Object(o)
}

fn panel(p: &Panel, depth: usize, out: &mut Vec<Value>) {
    let mut o = Map::new();
    p.id.put(&mut o, "id", |n| n.json());
    p.kind.put(&mut o, "type", |k| k.of(PANEL_TYPES).into());
    p.title
        .put(&mut o, "title", |w| w.text(&["Load", "", "Load"]).into());
    p.grid.put(
        &mut o,
        "gridPos",
        |g| json!({"x": g.x.json(), "y": g.y.json(), "w": g.w.json(), "h": g.h.json()}),
    );
    p.datasource.put(&mut o, "datasource", |d| d.of(DS).into());
    p.targets
        .put(&mut o, "targets", |ts| ts.iter().map(target).collect());
    p.collapsed.put(&mut o, "collapsed", |b| (*b).into());
    if depth < 4 {
        p.inner.put(&mut o, "panels", |ps| {
            let mut v = Vec::new();
            for q in ps {
                panel(q, depth + 1, &mut v);
            }
            Value::Array(v)
        });
    }
    p.repeat
        .put(&mut o, "repeat", |w| w.text(&["job", "nosuch"]).into());
    for (k, v) in &p.extra {
        o.insert(k.text(KEYS), v.value(3));
    }
    let v = Value::Object(o);
    for _ in 0..(usize::from(p.copies % 8)) {
        out.push(v.clone());
    }
    out.push(v);
}

fn dashboard(d: &Dash) -> String {
    let mut o = Map::new();
    d.uid.put(&mut o, "uid", |w| w.text(&["a", ""]).into());
    d.title.put(&mut o, "title", |w| w.text(&["A"]).into());
    d.schema_version.put(&mut o, "schemaVersion", |n| n.json());
    d.panels.put(&mut o, "panels", |ps| {
        let mut v = Vec::new();
        for p in ps {
            panel(p, 0, &mut v);
        }
        Value::Array(v)
    });
    d.rows.put(&mut o, "rows", |rs| {
        rs.iter()
            .map(|r| {
                let mut ro = Map::new();
                r.title.put(&mut ro, "title", |w| w.text(&["Row"]).into());
                r.collapse.put(&mut ro, "collapse", |b| (*b).into());
                r.panels.put(&mut ro, "panels", |ps| {
                    let mut v = Vec::new();
                    for p in ps {
                        panel(p, 1, &mut v);
                    }
                    Value::Array(v)
                });
                Value::Object(ro)
            })
            .collect()
    });
    d.templating.put(&mut o, "templating", |vs| {
        let list: Vec<Value> = vs
            .iter()
            .map(|v| {
                let mut vo = Map::new();
                v.name.put(&mut vo, "name", |w| {
                    w.text(&["job", "window", "customer"]).into()
                });
                v.kind.put(&mut vo, "type", |k| k.of(VAR_TYPES).into());
                match &v.built {
                    Some(q) => {
                        vo.insert("query".into(), q.text().into());
                    }
                    None => v.query.put(&mut vo, "query", |p| p.of(VAR_QUERIES).into()),
                }
                v.multi.put(&mut vo, "multi", |b| (*b).into());
                v.include_all.put(&mut vo, "includeAll", |b| (*b).into());
                v.datasource.put(&mut vo, "datasource", |p| p.of(DS).into());
                Value::Object(vo)
            })
            .collect();
        json!({ "list": list })
    });
    for (k, v) in &d.extra {
        o.insert(k.text(KEYS), v.value(1));
    }
    let mut root = Value::Object(o);
    if d.wrapped {
        root = json!({ "dashboard": root });
    }
    let mut text = serde_json::to_string(&root).expect("a Value serializes");
    if let Some(t) = &d.trailing {
        text.push_str(&t.text(&["", "}", " ", "\n"]));
    }
    text
}

fn check(text: &str, catalog: &Catalog) {
    let findings = lint_dashboard(text, "fuzz.json", catalog);
    let again = lint_dashboard(text, "fuzz.json", catalog);
    assert_eq!(findings, again, "linting the same text twice differed");
    let mut per_query: BTreeMap<(&str, Option<&str>, &str), usize> = BTreeMap::new();
    for f in &findings {
        assert!(!f.message.is_empty());
        let _ = f.to_string();
        if let Some((query, range)) = &f.query {
            assert!(
                range.start <= range.end && range.end <= query.len(),
                "range {range:?} outside the query {query:?}"
            );
            let n = per_query
                .entry((f.pointer.as_str(), f.ref_id.as_deref(), query.as_str()))
                .or_default();
            *n += 1;
        }
    }
    for (key, n) in per_query {
        assert!(
            n <= MAX_ERRORS_PER_QUERY + 1,
            "{n} findings for one query {key:?}, over limits::MAX_ERRORS_PER_QUERY"
        );
    }
}

fuzz_target!(|bytes: &[u8]| {
    // Input starting with an ASCII byte is the text itself (the seeds are
    // real dashboards); any other input is read as a structure.
    if bytes.first().is_none_or(|b| b.is_ascii()) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check(text, &Catalog::default());
            check(text, common::real_catalog());
        }
        return;
    }
    let mut u = arbitrary::Unstructured::new(&bytes[1..]);
    let Ok(d) = Dash::arbitrary(&mut u) else {
        return;
    };
    let text = dashboard(&d);
    let empty = Catalog::default();
    let catalog = if d.with_catalog {
        common::real_catalog()
    } else {
        &empty
    };
    check(&text, catalog);
});
