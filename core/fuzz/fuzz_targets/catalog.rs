//! Fuzzes the catalog reader (`Catalog::parse`): exposition text built from
//! structured HELP/TYPE/UNIT/sample lines, label pairs with escapes, the
//! `# LABELS`, `# BUCKETS` and `# TARGET_LABELS` extensions, comments and
//! arbitrary lines. Besides "no panic": reading is deterministic (the same
//! text read under two names gives the same catalog or the same errors),
//! every error names a line of the text, and a catalog that reads merges
//! with itself without conflicts.
//!
//! Run from `core/`: `cargo fuzz run catalog fuzz/corpus/catalog`.

#![no_main]

mod common;

use common::catalog_text::CatalogText;
use dashc_core::catalog::Catalog;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

fn check(text: &str) {
    // Two names: `Catalog::parse` remembers recent results by name and
    // text, so each name reads the text afresh.
    let first = Catalog::parse(text, "first.prom");
    let second = Catalog::parse(text, "second.prom");
    let lines = text.lines().count().max(1);
    match (&first, &second) {
        (Ok(a), Ok(b)) => {
            // Equal but for the file name each family records.
            assert_eq!(
                format!("{a:?}").replace("\"first.prom\"", "\"second.prom\""),
                format!("{b:?}"),
                "the same text read to different catalogs"
            );
            let mut merged = a.clone();
            merged.merge(b.clone());
            assert!(
                merged.conflicts().is_empty(),
                "a catalog conflicts with itself"
            );
            let _ = a.families().count();
            let _ = a.all_series().count();
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.len(), b.len(), "the same text gave different errors");
            assert!(!a.is_empty());
            for (x, y) in a.iter().zip(b) {
                assert_eq!((x.line, &x.message), (y.line, &y.message), "errors differ");
                assert_eq!(x.source, "first.prom");
                assert!(
                    x.line >= 1 && x.line <= lines + 1,
                    "error at line {} of a {lines}-line text",
                    x.line
                );
                assert!(!x.message.is_empty());
            }
        }
        _ => panic!("the same text read once and failed once: {first:?} / {second:?}"),
    }
    // The cached result equals a fresh read.
    assert_eq!(
        format!("{:?}", Catalog::parse(text, "first.prom")),
        format!("{first:?}")
    );
}

fuzz_target!(|bytes: &[u8]| {
    // Input starting with an ASCII byte is the text itself (the seeds are
    // real catalogs); any other input is read as a structure.
    if bytes.first().is_none_or(|b| b.is_ascii()) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check(text);
        }
        return;
    }
    let mut u = arbitrary::Unstructured::new(&bytes[1..]);
    if let Ok(c) = CatalogText::arbitrary(&mut u) {
        check(&c.text());
    }
});
