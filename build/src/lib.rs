//! Writes the Grafana tree of dashboards compiled by dashc, from a build
//! script or a binary, in one line:
//!
//! ```no_run
//! # mod my_dashboards { pub const ALL: &[dashc_core::Dashboard] = &[]; }
//! // build.rs, with the dashboards in a crate listed under [build-dependencies]
//! fn main() {
//!     dashc_build::write(my_dashboards::ALL);
//! }
//! ```
//!
//! or, with Grafana's dashboard provider and datasource YAML as well,
//! `dashc_build::Tree::new(ALL).provisioning(&PROVISIONING).write()`.
//!
//! Dashboards made with dashc-core's builder (computed from data, such as
//! the services of a configuration file) are written the same way, since
//! the writer takes any [`DashboardFile`]:
//!
//! ```no_run
//! use dashc_core::builder::{Panel, Query};
//! use dashc_core::Dashboard;
//!
//! // build.rs
//! fn main() {
//!     println!("cargo:rerun-if-changed=services.txt");
//!     let services = std::fs::read_to_string("services.txt").expect("services.txt is readable");
//!     let dashboards: Vec<_> = services
//!         .lines()
//!         .map(|service| {
//!             Dashboard::builder(format!("svc-{service}"), format!("Service {service}"))
//!                 .catalog_file("catalogs/app.prom")
//!                 .panel(Panel::timeseries("Requests").unit("reqps").query(Query::new(format!(
//!                     "sum(rate(http_requests_total{{service=\"{service}\"}}[5m]))"
//!                 ))))
//!                 .build()
//!                 // Every problem, each as `file:line:column: message`.
//!                 .unwrap_or_else(|errors| panic!("{errors}"))
//!         })
//!         .collect();
//!     dashc_build::write(&dashboards);
//! }
//! ```
//!
//! **Where.** `$DASHC_OUTPUT_DIR` if it is set (an absolute path), else
//! `grafana/` in cargo's target directory (`target/grafana/` by default,
//! `$CARGO_TARGET_DIR/grafana/` when that is set, also with
//! `--target <triple>`). A build script finds the target directory from
//! `OUT_DIR`; a binary run by `cargo run` from its own path. The source
//! tree (`CARGO_MANIFEST_DIR`) is never written to: the rules of
//! [`dashc_core::output::write_tree`] apply (a manifest of the files
//! written, atomic writes only when bytes change, refusal of dangerous
//! directories, no symbolic link followed).
//!
//! **In a build script** (cargo set `OUT_DIR`, and the program runs from
//! the `build/` directory holding it), it prints
//! `cargo:rerun-if-env-changed=DASHC_OUTPUT_DIR`, then
//! `cargo:rerun-if-changed=<tree>` (a deleted or hand-edited file is put
//! back by the next `cargo build`) and `cargo:rustc-env=DASHC_TREE=<tree>`
//! (the crate can read the tree's path with `env!("DASHC_TREE")`).
//!
//! **Where the dashboards live.** A build script cannot use items of the
//! crate it builds: define the dashboards in a sibling crate (a workspace
//! member) and list it under `[build-dependencies]`, or write the tree
//! from a `[[bin]]` of the crate defining them (`cargo run --bin ..`).
//!
//! **Errors.** [`write()`] and [`Tree::write`] print the error (what is
//! wrong, where, and how to fix it) to stderr as `error: ..` and end the
//! process with status 1, which fails the build; [`Tree::try_write`]
//! returns it as an [`Error`] instead.

#![warn(missing_docs)]

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use dashc_core::output::{write_tree, TreeOptions, TreeReport};
use dashc_core::{Dashboard, DashboardFile, Provisioning};

/// The environment variable naming the output directory (an absolute path).
pub const OUTPUT_DIR_VAR: &str = "DASHC_OUTPUT_DIR";

/// The output directory's name in cargo's target directory.
pub const DEFAULT_DIR_NAME: &str = "grafana";

/// The file cargo writes at the root of every target directory it creates.
const CACHEDIR_TAG: &str = "CACHEDIR.TAG";

/// Writes `dashboards` (no provisioning files) as [`Tree::write`] does.
/// They are the macros' constants (a `dashboards!` set's `ALL`), the
/// builder's [`dashc_core::Compiled`] dashboards, or `&dyn DashboardFile`
/// references mixing both.
pub fn write<D: DashboardFile>(dashboards: &[D]) -> Written {
    Tree::new(dashboards).write()
}

/// What to write: dashboards, and optionally the provisioning files.
#[derive(Debug, Clone)]
pub struct Tree<'a, D = Dashboard> {
    dashboards: &'a [D],
    provisioning: Option<&'a Provisioning>,
    source_root: Option<PathBuf>,
}

impl<'a, D: DashboardFile> Tree<'a, D> {
    /// The tree of `dashboards` (for a `dashboards!` set, its `ALL`).
    /// Any [`DashboardFile`] will do: the builder's
    /// [`dashc_core::Compiled`] dashboards too.
    pub fn new(dashboards: &'a [D]) -> Tree<'a, D> {
        Tree {
            dashboards,
            provisioning: None,
            source_root: None,
        }
    }

    /// Also writes Grafana's dashboard provider and datasource YAML (a
    /// `provisioning!` constant) under `provisioning/`.
    pub fn provisioning(self, provisioning: &'a Provisioning) -> Tree<'a, D> {
        Tree {
            provisioning: Some(provisioning),
            ..self
        }
    }

    /// The source tree the output must stay out of. By default the
    /// directory cargo gives in `CARGO_MANIFEST_DIR`, which it sets for
    /// build scripts and for programs it runs (`cargo run`); a program run
    /// another way can pass `env!("CARGO_MANIFEST_DIR")` here.
    pub fn source_root(self, dir: impl Into<PathBuf>) -> Tree<'a, D> {
        Tree {
            source_root: Some(dir.into()),
            ..self
        }
    }

    /// Writes the tree. On an error, prints it to stderr as `error: ..`
    /// and ends the process with status 1 (in a build script, this fails
    /// the build with that message). A binary (not a build script) also
    /// prints one line saying where the tree went and what changed.
    pub fn write(&self) -> Written {
        match self.try_write() {
            Ok(written) => {
                if !Env::from_process().build_script {
                    eprintln!("{written}");
                }
                written
            }
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }

    /// Writes the tree, returning an error instead of ending the process.
    /// In a build script, prints the `cargo:` lines described in the crate
    /// documentation.
    pub fn try_write(&self) -> Result<Written, Error> {
        let env = Env::from_process();
        if env.build_script {
            println!("cargo:rerun-if-env-changed={OUTPUT_DIR_VAR}");
        }
        let written = self.write_with(&env)?;
        if env.build_script {
            // The tree itself is watched too: a deleted or hand-edited file
            // is put back by the next `cargo build`. (After a build that
            // changed files, the next one runs the script once more and
            // finds nothing to write.)
            println!("cargo:rerun-if-changed={}", written.root.display());
            println!("cargo:rustc-env=DASHC_TREE={}", written.root.display());
        }
        Ok(written)
    }

    fn write_with(&self, env: &Env) -> Result<Written, Error> {
        let place = place(env, self.source_root.as_deref())?;
        let mut options = TreeOptions::new(self.dashboards, &place.source);
        if let Some(provisioning) = self.provisioning {
            options = options.provisioning(provisioning);
        }
        if let Some(build_dir) = &place.build_dir {
            options = options.build_dir(build_dir);
        }
        match write_tree(&place.root, &options) {
            Ok(report) => Ok(Written {
                root: place.root,
                report,
            }),
            Err(e) => Err(place.explain(e)),
        }
    }
}

/// What [`Tree::write`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The tree's root directory (absolute).
    pub root: PathBuf,
    /// The files written, left unchanged and removed, relative to `root`.
    pub report: TreeReport,
}

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "wrote the Grafana tree to {}: {} file(s) written, {} unchanged, {} removed",
            self.root.display(),
            self.report.written.len(),
            self.report.unchanged.len(),
            self.report.removed.len()
        )
    }
}

/// Why the tree was not written: the message says what is wrong, where,
/// and how to fix it. `Debug` prints the same message, so
/// `.expect("..")` and `fn main() -> Result<(), dashc_build::Error>` show
/// it readably.
pub struct Error {
    message: String,
    kind: io::ErrorKind,
    source: Option<io::Error>,
}

impl Error {
    /// The kind of the underlying error: [`io::ErrorKind::InvalidData`] for
    /// a mistake in the definitions (uids, titles, folder names, editing
    /// policy), [`io::ErrorKind::InvalidInput`] for a refused output
    /// directory or an environment that does not say where to write.
    pub fn kind(&self) -> io::ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// What the process's environment says about where to write.
#[derive(Debug, Clone, Default)]
struct Env {
    /// Whether this process is a build script cargo runs: `OUT_DIR` is set
    /// and the program is named as cargo names build scripts (a program
    /// run by `cargo run` from a test or a build script may inherit
    /// `OUT_DIR`).
    build_script: bool,
    /// `OUT_DIR`: set by cargo for a build script.
    out_dir: Option<OsString>,
    /// `TARGET`: the triple a build script builds for.
    target: Option<OsString>,
    /// `DASHC_OUTPUT_DIR`.
    output_dir: Option<OsString>,
    /// `CARGO_MANIFEST_DIR`.
    manifest_dir: Option<OsString>,
    /// The running program's path (for a binary).
    exe: Option<PathBuf>,
    /// The triple this crate was compiled for (a binary's own target).
    compiled_for: &'static str,
}

impl Env {
    fn from_process() -> Env {
        let out_dir = std::env::var_os("OUT_DIR");
        let exe = std::env::current_exe().ok();
        Env {
            build_script: is_build_script(out_dir.as_deref(), exe.as_deref()),
            out_dir,
            target: std::env::var_os("TARGET"),
            output_dir: std::env::var_os(OUTPUT_DIR_VAR),
            manifest_dir: std::env::var_os("CARGO_MANIFEST_DIR"),
            exe,
            compiled_for: env!("DASHC_BUILD_TARGET"),
        }
    }
}

/// Cargo names the program it builds from a build script
/// `build-script-<stem>` (`build-script-build` for `build.rs`), in the
/// host's `build/` directory even when `OUT_DIR` is under
/// `<target>/<triple>/` (with `--target`).
fn is_build_script(out_dir: Option<&OsStr>, exe: Option<&Path>) -> bool {
    out_dir.is_some()
        && exe.is_none_or(|exe| {
            exe.file_name()
                .and_then(OsStr::to_str)
                .is_some_and(|name| name.starts_with("build-script-"))
        })
}

/// Where the tree goes, and the directories the writer is told about.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    source: PathBuf,
    root: PathBuf,
    /// Cargo's target directory, when known.
    build_dir: Option<PathBuf>,
    /// `DASHC_OUTPUT_DIR`, when set.
    chosen: Option<OsString>,
}

impl Place {
    /// `e` from the writer, with where it happened and how to fix it.
    fn explain(&self, e: io::Error) -> Error {
        let kind = e.kind();
        let message = if kind == io::ErrorKind::InvalidData {
            // The definitions themselves are wrong, and the message says how.
            format!("cannot write the Grafana tree: {e}")
        } else {
            match &self.chosen {
                Some(dir) => {
                    let mut m = format!(
                        "{OUTPUT_DIR_VAR}={dir:?}: {e}\nhelp: set {OUTPUT_DIR_VAR} to the absolute \
                         path of a new or empty directory outside the source tree"
                    );
                    if let Some(build_dir) = &self.build_dir {
                        m.push_str(&format!(
                            ", or unset it to write to {}",
                            build_dir.join(DEFAULT_DIR_NAME).display()
                        ));
                    }
                    m
                }
                None => format!(
                    "cannot write the Grafana tree to {}: {e}\nhelp: set {OUTPUT_DIR_VAR} to \
                     the absolute path of a new or empty directory outside the source tree",
                    self.root.display()
                ),
            }
        };
        Error {
            message,
            kind,
            source: Some(e),
        }
    }
}

fn usage_error(message: String) -> Error {
    Error {
        message,
        kind: io::ErrorKind::InvalidInput,
        source: None,
    }
}

/// Where the tree goes in `env`.
fn place(env: &Env, source_root: Option<&Path>) -> Result<Place, Error> {
    let source = match (source_root, &env.manifest_dir) {
        (Some(dir), _) => dir.to_path_buf(),
        (None, Some(dir)) if !dir.is_empty() => PathBuf::from(dir),
        (None, _) => {
            return Err(usage_error(format!(
                "cannot tell the source tree, which the Grafana tree must stay out of: \
                 CARGO_MANIFEST_DIR is not set ({} was started without cargo)\nhelp: run it \
                 with `cargo run`; or call `.source_root(env!(\"CARGO_MANIFEST_DIR\"))` on the \
                 dashc_build::Tree, which fixes the crate's directory when the program is \
                 compiled, so it runs any way; or set CARGO_MANIFEST_DIR to the directory of \
                 the crate's Cargo.toml",
                env.exe
                    .as_deref()
                    .map_or_else(|| "this program".to_owned(), |p| p.display().to_string())
            )))
        }
    };
    let chosen = env.output_dir.clone();
    let out_dir = env.out_dir.as_ref().filter(|_| env.build_script);
    let build_dir = match out_dir {
        // A build script: OUT_DIR tells the target directory; should its
        // shape be unexpected, `target/` of the package is the fallback.
        Some(out) => Some(
            target_dir_from_out_dir(Path::new(out), env.target.as_deref())
                .unwrap_or_else(|| source.join("target")),
        ),
        // A program: its own path tells the target directory.
        None => env
            .exe
            .as_deref()
            .and_then(|exe| target_dir_from_exe(exe, env.compiled_for)),
    };
    let root = match (&chosen, &build_dir) {
        (Some(dir), _) => PathBuf::from(dir),
        (None, Some(build_dir)) => build_dir.join(DEFAULT_DIR_NAME),
        (None, None) => {
            return Err(usage_error(format!(
                "cannot tell cargo's target directory from this program's path {}: it is not in \
                 a directory cargo built into\nhelp: run it with `cargo run`, or set \
                 {OUTPUT_DIR_VAR} to the absolute path of a new or empty directory outside the \
                 source tree",
                env.exe
                    .as_deref()
                    .map_or_else(|| "(unknown)".to_owned(), |p| p.display().to_string())
            )))
        }
    };
    Ok(Place {
        source,
        root,
        build_dir,
        chosen,
    })
}

/// Cargo's target directory, found from a build script's `OUT_DIR`.
fn target_dir_from_out_dir(out: &Path, triple: Option<&OsStr>) -> Option<PathBuf> {
    // OUT_DIR is <target>[/<triple>]/<profile>/build/<pkg>-<hash>/out, and
    // absolute (a relative CARGO_TARGET_DIR is relative to where cargo ran).
    let profile_dir = out
        .ancestors()
        .find(|p| p.file_name().is_some_and(|n| n == "build"))
        .and_then(Path::parent);
    let mut target = profile_dir.and_then(Path::parent);
    // With `--target <triple>`, the profile directories sit one level deeper.
    if let (Some(dir), Some(triple)) = (target, triple) {
        if dir.file_name() == Some(triple) {
            target = dir.parent();
        }
    }
    target.map(Path::to_path_buf)
}

/// Cargo's target directory, found from the path of a program cargo built
/// for `triple`: `<target>[/<triple>]/<profile>/<name>` (or
/// `<profile>/examples/<name>`, `<profile>/deps/<name>-<hash>`). `None`
/// when the directory found is not one cargo created (it holds no
/// `CACHEDIR.TAG`), e.g. for an installed copy of the program.
fn target_dir_from_exe(exe: &Path, triple: &str) -> Option<PathBuf> {
    let mut profile_dir = exe.parent()?;
    if profile_dir
        .file_name()
        .is_some_and(|n| n == "examples" || n == "deps")
    {
        profile_dir = profile_dir.parent()?;
    }
    let mut target = profile_dir.parent()?;
    // With `--target <triple>`, cargo builds into <target>/<triple>/ (and
    // tags both directories).
    if !triple.is_empty() && target.file_name() == Some(OsStr::new(triple)) {
        if let Some(parent) = target.parent().filter(|p| p.join(CACHEDIR_TAG).is_file()) {
            target = parent;
        }
    }
    target
        .join(CACHEDIR_TAG)
        .is_file()
        .then(|| target.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const TRIPLE: &str = "x86_64-unknown-linux-gnu";

    fn build_script_env(out: &str, target: &str) -> Env {
        Env {
            build_script: true,
            out_dir: Some(out.into()),
            target: Some(target.into()),
            manifest_dir: Some("/src/app".into()),
            ..Env::default()
        }
    }

    #[test]
    fn a_build_script_writes_under_the_target_dir_found_from_out_dir() {
        let env = build_script_env("/t/debug/build/app-0123/out", TRIPLE);
        let place = place(&env, None).unwrap();
        assert_eq!(place.root, Path::new("/t/grafana"));
        assert_eq!(place.build_dir.as_deref(), Some(Path::new("/t")));
        assert_eq!(place.source, Path::new("/src/app"));
    }

    #[test]
    fn a_build_script_with_a_target_triple_writes_beside_it() {
        let out = format!("/t/{TRIPLE}/release/build/app-0123/out");
        let place = place(&build_script_env(&out, TRIPLE), None).unwrap();
        assert_eq!(place.root, Path::new("/t/grafana"));
    }

    #[test]
    fn output_dir_var_wins_and_its_error_names_it_and_the_default() {
        let mut env = build_script_env("/t/debug/build/app-0123/out", TRIPLE);
        env.output_dir = Some("relative/grafana".into());
        let place = place(&env, None).unwrap();
        assert_eq!(place.root, Path::new("relative/grafana"));
        let e = place.explain(io::Error::new(io::ErrorKind::InvalidInput, "refused"));
        assert_eq!(
            e.to_string(),
            "DASHC_OUTPUT_DIR=\"relative/grafana\": refused\nhelp: set DASHC_OUTPUT_DIR to the \
             absolute path of a new or empty directory outside the source tree, or unset it \
             to write to /t/grafana"
        );
        assert_eq!(format!("{e:?}"), e.to_string());
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn a_built_dashboard_is_written_like_a_constant() {
        use dashc_core::builder::{Panel, Query};
        let base = std::env::temp_dir().join(format!("dashc-build-built-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(base.join("src")).unwrap();
        let built = Dashboard::builder("built", "Built")
            .folder("Generated")
            .without_catalog()
            .panel(Panel::stat("Up").unit("none").query(Query::new("sum(up)")))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let env = Env {
            output_dir: Some(base.join("grafana").into()),
            manifest_dir: Some(base.join("src").into()),
            ..Env::default()
        };
        let written = Tree::new(std::slice::from_ref(&built))
            .write_with(&env)
            .unwrap();
        assert_eq!(written.report.written.len(), 1, "{written}");
        let file = written.root.join("dashboards/Generated/built.json");
        assert_eq!(fs::read_to_string(file).unwrap(), built.json);
        let _ = fs::remove_dir_all(&base);
    }

    #[test]
    fn a_definition_error_is_reported_as_such() {
        let place = place(&build_script_env("/t/debug/build/a-1/out", TRIPLE), None).unwrap();
        let e = place.explain(io::Error::new(io::ErrorKind::InvalidData, "two uids"));
        assert_eq!(e.to_string(), "cannot write the Grafana tree: two uids");
    }

    #[test]
    fn a_program_finds_the_target_dir_from_its_path_and_checks_it() {
        let base = std::env::temp_dir().join(format!("dashc-build-exe-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let target = base.join("t");
        let triple_dir = target.join(TRIPLE);
        fs::create_dir_all(triple_dir.join("debug")).unwrap();
        let exe = target.join("debug/write-grafana");
        // Not yet a directory cargo created: nothing is guessed.
        assert_eq!(target_dir_from_exe(&exe, TRIPLE), None);
        fs::write(target.join(CACHEDIR_TAG), "").unwrap();
        fs::write(triple_dir.join(CACHEDIR_TAG), "").unwrap();
        assert_eq!(target_dir_from_exe(&exe, TRIPLE), Some(target.clone()));
        let examples = target.join("release/examples/gen");
        assert_eq!(target_dir_from_exe(&examples, TRIPLE), Some(target.clone()));
        let cross = triple_dir.join("debug/write-grafana");
        assert_eq!(target_dir_from_exe(&cross, TRIPLE), Some(target.clone()));
        // Built for another triple: <triple>/ is the target directory itself.
        assert_eq!(
            target_dir_from_exe(&cross, "aarch64-apple-darwin"),
            Some(triple_dir)
        );
        let _ = fs::remove_dir_all(&base);
    }

    #[test]
    fn an_inherited_out_dir_does_not_make_a_program_a_build_script() {
        // With --target, the script is built for the host, its OUT_DIR is
        // under <target>/<triple>/.
        let out = OsStr::new("/t/x86_64-unknown-linux-gnu/debug/build/app-1/out");
        let script = Path::new("/t/debug/build/app-2/build-script-build");
        assert!(is_build_script(Some(out), Some(script)));
        let renamed = Path::new("/t/debug/build/app-2/build-script-gen");
        assert!(is_build_script(Some(out), Some(renamed)));
        let program = Path::new("/t/debug/deps/tests-0123");
        assert!(!is_build_script(Some(out), Some(program)));
        assert!(!is_build_script(None, Some(script)));
    }

    #[test]
    fn a_program_outside_a_target_dir_is_told_what_to_do() {
        let env = Env {
            manifest_dir: Some("/src/app".into()),
            exe: Some("/nowhere/bin/write-grafana".into()),
            compiled_for: TRIPLE,
            ..Env::default()
        };
        let e = place(&env, None).unwrap_err();
        let message = e.to_string();
        assert!(message.contains("/nowhere/bin/write-grafana"), "{message}");
        assert!(message.contains("set DASHC_OUTPUT_DIR"), "{message}");
        let env = Env {
            output_dir: Some("/elsewhere/grafana".into()),
            ..env
        };
        assert_eq!(
            place(&env, None).unwrap().root,
            Path::new("/elsewhere/grafana")
        );
    }

    #[test]
    fn without_cargo_manifest_dir_the_source_root_must_be_given() {
        let env = Env {
            output_dir: Some("/elsewhere/grafana".into()),
            ..Env::default()
        };
        let e = place(&env, None).unwrap_err();
        assert!(
            e.to_string().contains("CARGO_MANIFEST_DIR is not set"),
            "{e}"
        );
        // It says the ways out.
        for fix in [
            "run it with `cargo run`",
            "`.source_root(env!(\"CARGO_MANIFEST_DIR\"))`",
            "set CARGO_MANIFEST_DIR to the directory of the crate's Cargo.toml",
        ] {
            assert!(e.to_string().contains(fix), "{e}");
        }
        assert_eq!(
            place(&env, Some(Path::new("/src/app"))).unwrap().source,
            Path::new("/src/app")
        );
    }
}
