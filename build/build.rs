//! Records the target this crate is compiled for: a binary calling
//! `dashc_build` finds cargo's target directory from its own path, which
//! holds a `<triple>/` level when it was built with `--target <triple>`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=DASHC_BUILD_TARGET={target}");
}
