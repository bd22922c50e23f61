//! Compile-fail cases of `dashboard!`: every malformed definition, invalid
//! query or catalog mismatch under `tests/ui/*/` must fail to compile with
//! the error in its `.stderr` file. One `TestCases` with no `pass` cases, so
//! trybuild compiles them all in one cargo run.
//!
//! After an intended change of a message: `TRYBUILD=overwrite cargo test --test compile_fail`,
//! then review the `.stderr` diffs.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
