//! The `dashc import` command: arguments, files, output. The `dashc`
//! binary only dispatches to [`run`].

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{import, Input, Options};
use crate::catalog::Catalog;
use crate::limits::MAX_DASHBOARD_BYTES;

/// `dashc import --help`.
pub const HELP: &str = "\
dashc import: turn existing Grafana dashboards into dashc DSL source.

USAGE:
    dashc import [--out FILE] [--catalog FILE...] DASHBOARD.json...

Reads each dashboard (the classic JSON model, schemaVersion 12 to 42, bare
or wrapped as {\"dashboard\": {...}}), migrates it as Grafana does on load
(legacy rows[], graph, singlestat and table-old panels), and writes Rust
source: one `dashboards!` set holding them in order (it also defines
`pub const ALL`), which compiles unchanged in a crate depending on
dashc-core and dashc-macros. Options the DSL has a name for are written
with it; the rest as `set: { \"json.path\": value }`, checked against
Grafana's schema.

A query dashc would reject (a metric missing from the catalog, a
multi-value variable under `=`, a query Prometheus cannot parse) is kept as
it is, with `allow: [\"check\"]` and a comment saying why; each such query
is listed on stderr. What cannot be carried over (a panel type or
datasource the DSL has not, a value Grafana's schema does not have) is an
error naming the dashboard, the panel and the JSON path, and nothing is
written.

OPTIONS:
    --out FILE         write the source to FILE (atomically: a temporary
                       file beside it, renamed); default: stdout
    --catalog FILE...  metric catalog files to check the queries against;
                       the source names them as given in `catalog: [..]`
                       (give them relative to the crate that will hold it).
                       Without it the source says `catalog: []`
    -h, --help         print this help

EXIT STATUS:
    0  imported
    1  a dashboard could not be carried over
    2  bad usage, or a file or catalog that cannot be read or written
";

/// Runs `dashc import` with `args` (after the command name); the exit status.
pub fn run(args: &[String]) -> u8 {
    match run_inner(args) {
        Ok(status) => status,
        Err(message) => {
            eprintln!("dashc import: {message}");
            2
        }
    }
}

fn run_inner(args: &[String]) -> Result<u8, String> {
    let mut out: Option<String> = None;
    let mut catalogs: Vec<String> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut in_catalogs = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(v) = arg.strip_prefix("--out=") {
            out = Some(v.to_string());
            in_catalogs = false;
        } else if arg == "--out" {
            out = Some(
                iter.next()
                    .ok_or("`--out` needs a file after it; see `dashc import --help`")?
                    .clone(),
            );
            in_catalogs = false;
        } else if let Some(v) = arg.strip_prefix("--catalog=") {
            catalogs.push(v.to_string());
            in_catalogs = false;
        } else if arg == "--catalog" {
            in_catalogs = true;
        } else if arg.starts_with('-') && arg != "-" {
            return Err(format!("unknown option `{arg}`; see `dashc import --help`"));
        } else if in_catalogs && !arg.ends_with(".json") {
            catalogs.push(arg.clone());
        } else {
            in_catalogs = false;
            files.push(arg.clone());
        }
    }
    if files.is_empty() {
        return Err(
            "no dashboard file given: `dashc import DASHBOARD.json...`; see `dashc import --help`"
                .into(),
        );
    }
    if out.as_deref().is_some_and(str::is_empty) {
        return Err("`--out` needs a file name".into());
    }
    let catalog = if catalogs.is_empty() {
        None
    } else {
        let paths: Vec<PathBuf> = catalogs.iter().map(PathBuf::from).collect();
        let loaded = Catalog::load(&paths, None);
        if let Some(p) = loaded.problems.first() {
            return Err(p.message.clone());
        }
        Some(loaded.catalog)
    };
    let mut texts = Vec::new();
    for f in &files {
        texts.push(read_file(Path::new(f))?);
    }
    let inputs: Vec<Input<'_>> = files
        .iter()
        .zip(&texts)
        .map(|(name, text)| Input { name, text })
        .collect();
    let options = Options {
        catalog_paths: &catalogs,
        catalog: catalog.as_ref(),
    };
    let imported = match import(&inputs, &options) {
        Ok(i) => i,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("dashc import: {} problem(s); nothing written", errors.len());
            return Ok(1);
        }
    };
    for a in &imported.allowed {
        eprintln!("allowed: {a}");
    }
    for a in &imported.adjusted {
        eprintln!("adjusted: {a}");
    }
    match &out {
        Some(path) => write_atomically(Path::new(path), imported.source.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(imported.source.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write to stdout: {e}"))?;
        }
    }
    Ok(0)
}

/// A dashboard file's text, read up to the cap plus one byte.
fn read_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_DASHBOARD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| format!("{} is not UTF-8 text: save it as UTF-8", path.display()))
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed
/// over it: a reader sees the old file or the new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("--out {}: name a file, not a directory", path.display()))?
        .to_string_lossy()
        .into_owned();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.dashc-import-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => return Err(format!("cannot write beside {}: {e}", path.display())),
        }
    };
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(())
}
