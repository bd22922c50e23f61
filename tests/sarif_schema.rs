//! `dashc check --format sarif` validated against the SARIF 2.1.0 JSON
//! schema (`tests/schemas/sarif-2.1.0-rtm.5.json`), on findings of every
//! kind the corpus of real dashboards gives plus query findings.

use std::path::Path;

use boon::{Compiler, Schemas};
use dashc_core::catalog::Catalog;
use dashc_core::lint::{lint_dashboard, output};
use serde_json::Value;

#[test]
fn sarif_logs_are_valid_sarif_2_1_0() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema_path = root.join("tests/schemas/sarif-2.1.0-rtm.5.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("schema")).unwrap();
    let mut schemas = Schemas::new();
    let mut compiler = Compiler::new();
    compiler
        .add_resource("file:///sarif.json", schema)
        .expect("schema resource");
    let index = compiler
        .compile("file:///sarif.json", &mut schemas)
        .expect("SARIF schema compiles");

    let corpus = root.join("../shared/corpus/dashboards/dashboards");
    assert!(
        corpus.is_dir(),
        "{} is missing: the corpus of real dashboards lives in ../shared beside the workspace",
        corpus.display()
    );
    let mut findings = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus file");
        let name = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
        findings.extend(lint_dashboard(&text, &name, &Catalog::default()));
    }
    assert!(findings.iter().any(|f| f.query.is_some()));
    assert!(findings.len() > 100);
    for log in [output::sarif(&findings), output::sarif(&[])] {
        let value: Value = serde_json::from_str(&log).expect("SARIF is JSON");
        if let Err(e) = schemas.validate(&value, index) {
            panic!("not valid SARIF 2.1.0: {e:#}");
        }
    }
    // The schema does tell: a level outside its enum, or a result without
    // a message, is refused.
    let mut bad: Value = serde_json::from_str(&output::sarif(&findings)).unwrap();
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(schemas.validate(&bad, index).is_err());
    let mut bad: Value = serde_json::from_str(&output::sarif(&findings)).unwrap();
    bad["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(schemas.validate(&bad, index).is_err());
}
