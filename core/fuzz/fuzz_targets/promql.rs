//! Fuzzes the PromQL front end: lexer, parser, type checker, variable
//! checks, error rendering and the printer. Any panic is a bug; so is a
//! valid query whose printed form does not parse back to the same tree.
//!
//! Run from `core/`: `cargo fuzz run promql` (seed it with
//! `../shared/conformance/promql/promqltest_exprs.txt`, one file a line).

#![no_main]

use dashc_core::promql::{check, parse, printer, QueryEnv, VarClass};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    for experimental in [false, true] {
        let env = QueryEnv {
            experimental,
            variables: vec![
                ("job".to_string(), VarClass::Value),
                ("window".to_string(), VarClass::Interval),
            ],
            ..QueryEnv::default()
        };
        match check(query, &env) {
            Ok(()) => {
                let ast = parse(query, &env).expect("check accepted the query, so parse must");
                let printed = printer::print(&ast);
                let again = parse(&printed, &env).expect("printed query must parse");
                assert_eq!(
                    format!("{:?}", printer::without_spans(&ast)),
                    format!("{:?}", printer::without_spans(&again)),
                    "round trip changed the tree of {query:?} (printed {printed:?})"
                );
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in &errors {
                    assert!(e.range.start <= e.range.end && e.range.end <= query.len());
                    let _ = e.render(query);
                }
            }
        }
    }
});
