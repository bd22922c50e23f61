//! Fuzzes the catalog checks: a catalog read from structured exposition
//! lines (or the project's own catalogs) and a PromQL query built from
//! structured parts (metric and label names from the catalog's vocabulary,
//! functions, aggregations, binary operators with matching, subqueries,
//! deep nesting), run through every catalog check and the label inference
//! behind them (`check_query` with a legend and `allow` lists, and
//! `check_variable_query` on `label_values`/`query_result` forms).
//! Besides "no panic": the same input checks to the same errors twice,
//! every error's range lies in its query, and `allow` naming every rule
//! leaves only the errors about `allow` itself.
//!
//! Input starting with an ASCII byte is instead a catalog's text, a line
//! `%%` and queries one a line (the seeds: `fuzz/seeds.sh`).
//!
//! Run from `core/`: `cargo fuzz run checks fuzz/corpus/checks`.

#![no_main]

mod common;

use common::catalog_text::CatalogText;
use common::{Pick, Word, LABELS, Q};
use dashc_core::catalog::{check_query, check_variable_query, Catalog, RULES};
use dashc_core::promql::{parse, QueryEnv, QueryError, VarClass};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Source {
    Real,
    Built(CatalogText),
    /// The project's catalogs plus built lines.
    RealAnd(CatalogText),
}

#[derive(Debug, Arbitrary)]
enum VarForm {
    LabelValues(Q, Word),
    LabelValuesOnly(Word),
    QueryResult(Q),
    Plain,
}

#[derive(Debug, Arbitrary)]
struct Input {
    catalog: Source,
    query: Q,
    legend: Option<Word>,
    allow: Vec<Pick>,
    odd_allow: Option<Word>,
    experimental: bool,
    var_form: VarForm,
}

const LEGENDS: &[&str] = &[
    "{{method}}",
    "{{ queue }}",
    "{{le}}",
    "{{nosuch}}",
    "{{",
    "}}",
    "{{job}} {{instance}}",
    "__auto",
    "{{__name__}}",
    "",
];

fn in_range(errors: &[QueryError], query: &str) {
    for e in errors {
        assert!(
            e.range.start <= e.range.end && e.range.end <= query.len(),
            "error range {:?} outside {query:?}: {}",
            e.range,
            e.message
        );
        assert!(!e.message.is_empty());
        let _ = e.render(query);
    }
}

fn env(experimental: bool) -> QueryEnv {
    QueryEnv {
        experimental,
        variables: vec![
            ("job".to_string(), VarClass::Value),
            ("customer".to_string(), VarClass::Value),
            ("window".to_string(), VarClass::Interval),
        ],
        ..QueryEnv::default()
    }
}

/// Every check of one panel query and one variable query.
fn check(
    catalog: &Catalog,
    env: &QueryEnv,
    query: &str,
    legend: Option<&str>,
    allow: &[String],
    var_query: &str,
) {
    if let Ok(expr) = parse(query, env) {
        let errors = check_query(query, &expr, legend, catalog, allow);
        let again = check_query(query, &expr, legend, catalog, allow);
        assert_eq!(errors, again, "checking the same query twice differed");
        in_range(&errors, query);
        // Every rule allowed: only complaints about `allow` itself remain.
        let mut all: Vec<String> = RULES.iter().map(|r| r.to_string()).collect();
        all.extend(allow.iter().cloned());
        for e in check_query(query, &expr, legend, catalog, &all) {
            assert!(
                e.message.starts_with("`allow` names no check"),
                "an error with every rule allowed: {}",
                e.message
            );
        }
    }
    let errors = check_variable_query(var_query, env, catalog);
    assert_eq!(
        errors,
        check_variable_query(var_query, env, catalog),
        "checking the same variable query twice differed"
    );
    in_range(&errors, var_query);
}

fn run(input: &Input) {
    let catalog = match &input.catalog {
        Source::Real => common::real_catalog().clone(),
        Source::Built(c) | Source::RealAnd(c) => {
            let Ok(mut built) = Catalog::parse(&c.text(), "fuzz.prom") else {
                return;
            };
            if matches!(input.catalog, Source::RealAnd(_)) {
                built.merge(common::real_catalog().clone());
            }
            built
        }
    };
    let env = env(input.experimental);
    let query = input.query.text();
    let legend = input.legend.as_ref().map(|w| w.text(LEGENDS));
    let mut allow: Vec<String> = input
        .allow
        .iter()
        .map(|p| p.of(&RULES).to_string())
        .collect();
    if let Some(w) = &input.odd_allow {
        allow.push(w.text(LABELS));
    }
    let var_query = match &input.var_form {
        VarForm::LabelValues(q, l) => format!("label_values({}, {})", q.text(), l.text(LABELS)),
        VarForm::LabelValuesOnly(l) => format!("label_values({})", l.text(LABELS)),
        VarForm::QueryResult(q) => format!("query_result({})", q.text()),
        VarForm::Plain => query.clone(),
    };
    check(
        &catalog,
        &env,
        &query,
        legend.as_deref(),
        &allow,
        &var_query,
    );
}

/// Text input: a catalog, a line `%%`, then queries one a line (each also
/// checked as a variable query, with the legend `{{job}}`).
fn run_text(text: &str) {
    let (catalog_text, queries) = text.split_once("\n%%\n").unwrap_or((text, ""));
    let Ok(catalog) = Catalog::parse(catalog_text, "seed.prom") else {
        return;
    };
    let env = env(false);
    for query in queries.lines() {
        check(&catalog, &env, query, Some("{{job}}"), &[], query);
    }
}

fuzz_target!(|bytes: &[u8]| {
    // Input starting with an ASCII byte is text (`run_text`; the seeds are
    // the project's catalogs and queries); any other input is a structure.
    if bytes.first().is_none_or(|b| b.is_ascii()) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            run_text(text);
        }
        return;
    }
    let mut u = arbitrary::Unstructured::new(&bytes[1..]);
    if let Ok(input) = Input::arbitrary(&mut u) {
        run(&input);
    }
});
