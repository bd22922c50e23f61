//! Recompiles the dashboards when a catalog file is added to or removed
//! from `catalogs/` (cargo watches every file of a folder given to
//! `rerun-if-changed`). Edits of a catalog file are tracked by the macro
//! itself; a new file is not, since a proc macro on stable Rust cannot
//! ask the compiler to watch a folder.

fn main() {
    println!("cargo:rerun-if-changed=catalogs");
}
