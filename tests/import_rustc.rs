//! The source `dashc import` writes compiles unchanged through the real
//! `dashboards!` macro and rustc: `tests/imported/strimzi_kraft.rs` is the import of
//! a real dashboard of `../shared/corpus/dashboards/`, compiled into this
//! test. The test checks that it is still exactly what the importer writes
//! (after an intended change, rewrite it with
//! `DASHC_BLESS=1 cargo test --test import_rustc` and review the diff) and
//! that the macro's JSON is the JSON of the in-process compile.

use std::path::Path;

use dashc_core::import::{import, Input, Options};

#[path = "imported/strimzi_kraft.rs"]
mod imported;

const SOURCE: &str = "strimzi__strimzi-kafka-operator__strimzi-kraft.json";

#[test]
fn imported_source_compiles_through_the_macro() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/dashboards/dashboards");
    let file = corpus.join(SOURCE);
    assert!(
        file.is_file(),
        "the corpus of real dashboards is missing: expected {} (the shared reference data beside the repository, ../shared/)",
        file.display()
    );
    let text = std::fs::read_to_string(&file).expect("corpus file reads");
    let imported = import(
        &[Input {
            name: SOURCE,
            text: &text,
        }],
        &Options::default(),
    )
    .expect("the dashboard imports");
    let committed_path = root.join("tests/imported/strimzi_kraft.rs");
    if std::env::var_os("DASHC_BLESS").is_some() {
        std::fs::write(&committed_path, &imported.source)
            .expect("writes tests/imported/strimzi_kraft.rs");
    }
    let committed =
        std::fs::read_to_string(&committed_path).expect("tests/imported/strimzi_kraft.rs reads");
    assert!(
        committed == imported.source,
        "tests/imported/strimzi_kraft.rs is not what `dashc import` writes now; rewrite it with DASHC_BLESS=1 cargo test --test import_rustc and review the diff"
    );
    // The macro's constant (rustc) and the front end run in-process agree.
    assert_eq!(imported::ALL.len(), 1);
    let by_macro: serde_json::Value =
        serde_json::from_str(imported::ALL[0].json).expect("macro JSON parses");
    let out = dashc_core::dsl::compile_set_str(&imported.body, root);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let in_process: serde_json::Value =
        serde_json::from_str(out.value[0].1.json.as_deref().expect("compiled"))
            .expect("JSON parses");
    assert_eq!(by_macro, in_process);
    assert_eq!(imported::ALL[0].uid, by_macro["uid"].as_str().unwrap());
    assert!(by_macro["panels"].as_array().is_some_and(|p| p.len() > 5));
}
