//! The generated model of Grafana's schemas (`core/src/schema/*_gen.rs`) is
//! what the generator makes of the vendored schemas (`core/schema/grafana/`).
//!
//! `cargo test -p dashc-core --test schema_gen` regenerates in memory and
//! fails with a summary of the differences when the committed files differ;
//! `DASHC_BLESS=1 cargo test -p dashc-core --test schema_gen` rewrites them.

mod schema_gen {
    pub mod generator;
}

use std::path::Path;

use schema_gen::generator;

#[test]
fn generated_files_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schemas = root.join("schema/grafana");
    assert!(
        schemas.is_dir(),
        "the vendored schemas are missing: {} (they are part of the crate)",
        schemas.display()
    );
    let out = generator::generate(&schemas).unwrap_or_else(|e| panic!("generator: {e}"));
    println!("{}", out.summary);
    let bless = std::env::var_os("DASHC_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, text) in &out.files {
        let path = root.join("src/schema").join(name);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old == *text {
            continue;
        }
        if bless {
            std::fs::write(&path, text)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            println!("rewrote {}", path.display());
        } else {
            stale.push(diff_summary(name, &old, text));
        }
    }
    assert!(
        stale.is_empty(),
        "generated files differ from what the generator makes of core/schema/grafana/:\n{}\n\
         rerun with DASHC_BLESS=1 cargo test -p dashc-core --test schema_gen to rewrite them",
        stale.join("\n")
    );
}

/// The number of changed lines and the first few of them.
fn diff_summary(name: &str, old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let mut out = format!(
        "{name}: {} lines committed, {} generated",
        old.len(),
        new.len()
    );
    let mut shown = 0;
    for i in 0..old.len().max(new.len()) {
        let (a, b) = (old.get(i), new.get(i));
        if a != b {
            if shown < 5 {
                out.push_str(&format!(
                    "\n  line {}:\n    committed: {}\n    generated: {}",
                    i + 1,
                    a.unwrap_or(&"<none>"),
                    b.unwrap_or(&"<none>")
                ));
            }
            shown += 1;
        }
    }
    out.push_str(&format!("\n  {shown} lines differ"));
    out
}

#[test]
fn snake_case_of_keys() {
    for (key, snake) in [
        ("fillOpacity", "fill_opacity"),
        ("showURL", "show_url"),
        ("__systemRef", "system_ref"),
        ("x", "x"),
        ("axisSoftMin", "axis_soft_min"),
        ("barWidthFactor", "bar_width_factor"),
        ("hideFrom", "hide_from"),
        ("showPercentChange", "show_percent_change"),
        ("HTTPMethod", "http_method"),
        ("value2", "value2"),
    ] {
        assert_eq!(generator::snake(key), snake, "{key}");
    }
}
