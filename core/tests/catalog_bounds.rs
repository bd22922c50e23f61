//! Catalog files at and over the caps of the limits module: every cap
//! crossed is an error naming it, and target labels are kept once per file.

use std::fmt::Write;
use std::sync::Arc;

use dashc_core::catalog::Catalog;
use dashc_core::limits;

fn errors(text: &str) -> Vec<String> {
    Catalog::parse(text, "big.prom")
        .expect_err("over a cap")
        .into_iter()
        .map(|e| e.to_string())
        .collect()
}

fn labels_line(name: &str, n: usize) -> String {
    let mut line = format!("{name}{{");
    for i in 0..n {
        write!(line, "l{i}=\"v\",").expect("string");
    }
    line.push_str("} 1\n");
    line
}

#[test]
fn target_labels_are_shared_by_every_family_not_copied() {
    let mut text = String::from("# TARGET_LABELS");
    for i in 0..500 {
        write!(text, " t{i}").expect("string");
    }
    text.push('\n');
    for f in 0..500 {
        writeln!(text, "# TYPE f{f} gauge\nf{f}{{own=\"x\"}} 1").expect("string");
    }
    let catalog = Catalog::parse(&text, "t.prom").expect("valid");
    let first = catalog.family("f0").expect("f0");
    for family in catalog.families() {
        assert!(Arc::ptr_eq(&family.target_labels, &first.target_labels));
        assert!(
            !family.labels.contains("t7"),
            "kept apart from the own labels"
        );
    }
    let series = catalog.series("f499").expect("f499");
    for label in ["t0", "t499", "own", "job", "instance"] {
        assert!(series.labels.contains(label), "{label}");
    }
    assert_eq!(series.labels.len(), 503);
    let names: Vec<&String> = series.labels.iter().collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
}

#[test]
fn a_sample_with_too_many_labels_is_an_error_naming_the_cap() {
    let at_cap = labels_line("x", limits::MAX_LABELS_PER_SAMPLE);
    let catalog = Catalog::parse(&at_cap, "ok.prom").expect("at the cap");
    assert_eq!(
        catalog.series("x").expect("x").labels.len(),
        limits::MAX_LABELS_PER_SAMPLE + 2
    );
    // 10^5 labels on one line: refused at once, not compared pairwise.
    let errors = errors(&labels_line("x", 100_000));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!(
            "cap of {} (`limits::MAX_LABELS_PER_SAMPLE`)",
            limits::MAX_LABELS_PER_SAMPLE
        )),
        "{errors:?}"
    );
    assert!(errors[0].starts_with("big.prom:1:"), "{errors:?}");
}

#[test]
fn duplicate_labels_are_still_found_among_many() {
    let mut line = labels_line("x", 900);
    line.insert_str(2, "l899=\"again\",");
    let errors = errors(&line);
    assert!(
        errors[0].contains("label `l899` is given twice"),
        "{errors:?}"
    );
}

#[test]
fn too_many_target_labels_or_family_labels_are_errors_naming_the_cap() {
    let mut text = String::from("# TARGET_LABELS");
    for i in 0..=limits::MAX_TARGET_LABELS {
        write!(text, " t{i}").expect("string");
    }
    text.push('\n');
    let found = errors(&text);
    assert!(
        found[0].contains(&format!(
            "cap of {} (`limits::MAX_TARGET_LABELS`)",
            limits::MAX_TARGET_LABELS
        )),
        "{found:?}"
    );

    let mut text = String::from("# TYPE x gauge\n");
    for i in 0..=limits::MAX_LABELS_PER_FAMILY {
        writeln!(text, "x{{l{i}=\"v\"}} 1").expect("string");
    }
    let found = errors(&text);
    assert_eq!(found.len(), 1, "reported once: {found:?}");
    assert!(
        found[0].contains(&format!(
            "cap of {} (`limits::MAX_LABELS_PER_FAMILY`)",
            limits::MAX_LABELS_PER_FAMILY
        )),
        "{found:?}"
    );

    let mut text = String::from("# TYPE x gauge\n# LABELS x");
    for i in 0..=limits::MAX_LABELS_PER_FAMILY {
        write!(text, " l{i}").expect("string");
    }
    text.push('\n');
    assert!(errors(&text)[0].contains("MAX_LABELS_PER_FAMILY"));
}

#[test]
fn a_catalog_over_the_byte_cap_is_refused_before_reading() {
    let text = "#".repeat(limits::MAX_CATALOG_BYTES + 1);
    let errors = errors(&text);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(&format!(
            "cap of {} (`limits::MAX_CATALOG_BYTES`)",
            limits::MAX_CATALOG_BYTES
        )),
        "{errors:?}"
    );
}

#[test]
fn merged_files_join_their_target_labels_once() {
    let mut web = String::from("# TARGET_LABELS env\n");
    let mut worker = String::from("# TARGET_LABELS region\n");
    for f in 0..50 {
        writeln!(web, "# TYPE f{f} gauge").expect("string");
        writeln!(worker, "# TYPE f{f} gauge").expect("string");
    }
    let mut catalog = Catalog::parse(&web, "web.prom").expect("web");
    catalog.merge(Catalog::parse(&worker, "worker.prom").expect("worker"));
    let first = catalog.family("f0").expect("f0");
    for family in catalog.families() {
        assert!(Arc::ptr_eq(&family.target_labels, &first.target_labels));
    }
    let names: Vec<&str> = catalog
        .series("f49")
        .expect("f49")
        .labels
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(names, ["env", "instance", "job", "region"]);
    assert!(catalog.has_label("region") && !catalog.has_label("zone"));
}
