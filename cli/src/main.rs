//! `dashc`: the command-line face of dashc-core.
//!
//! Each subcommand is an entry of [`COMMANDS`]: a name, a one-line summary
//! for `dashc --help`, its own help text and a function from its arguments
//! to an exit status. Adding a command is adding an entry.
//!
//! The argument parsing is hand-written: a handful of flags does not justify
//! a dependency. The HTTP client of `catalog capture` (`capture.rs`) is
//! ureq; everything else is dashc-core's.

mod capture;

use dashc_core::catalog::Catalog;
use std::io::{BufRead, Write};

use dashc_core::limits;
use std::process::ExitCode;

/// Exit status: every query was valid.
const OK: u8 = 0;
/// Exit status: at least one query was invalid.
const INVALID: u8 = 1;
/// Exit status: the command line or the input format was wrong.
const USAGE: u8 = 2;

/// A subcommand.
struct Command {
    name: &'static str,
    summary: &'static str,
    help: &'static str,
    run: fn(&[String]) -> u8,
}

const COMMANDS: &[Command] = &[
    Command {
        name: "check-query",
        summary: "check PromQL queries read from stdin, as Prometheus would parse them",
        help: CHECK_QUERY_HELP,
        run: check_query,
    },
    Command {
        name: "check",
        summary: "lint Grafana dashboard JSON files: loader rules, queries, metric catalog",
        help: CHECK_HELP,
        run: check_dashboards,
    },
    Command {
        name: "catalog",
        summary: "`catalog capture URL...`: take a metric catalog from live /metrics endpoints",
        help: capture::CATALOG_HELP,
        run: catalog,
    },
    Command {
        name: "import",
        summary: "turn Grafana dashboard JSON files into dashc DSL source",
        help: dashc_core::import::cli::HELP,
        run: dashc_core::import::cli::run,
    },
];

/// `dashc catalog SUBCOMMAND`: only `capture` so far.
fn catalog(args: &[String]) -> u8 {
    match args.first().map(String::as_str) {
        Some("capture") => capture::run(&args[1..]),
        Some(other) => usage_error(&format!(
            "unknown subcommand `catalog {}`: the subcommand is `catalog capture URL...`",
            dashc_core::lint::escape(other)
        )),
        None => usage_error("`catalog` needs a subcommand: `catalog capture URL...`"),
    }
}

const CHECK_HELP: &str = "\
dashc check: lint existing Grafana dashboard JSON files.

USAGE:
    dashc check [--catalog FILE...] [--format text|json|sarif] [--strict]
                [--disable RULE[,RULE...]]... DASHBOARD.json...

Each file may hold the bare dashboard object or the HTTP API form
{\"dashboard\": {...}}. Every panel Grafana would show is checked: the
`panels` list with rows and their collapsed panels at any depth, and the
legacy `rows[]` layout as Grafana migrates it. Reported: Grafana's loader
rules, every query through the PromQL parser and checker (variables of the
dashboard's templating list are declared; a variable a panel or its row
repeats over has one value per repetition), units, and with --catalog the
metric catalog checks.

Each finding is printed once, as
    FILE: SEVERITY[RULE]: panel \"TITLE\", refId A, /json/pointer, column C: MESSAGE
with the query and carets under the error for query findings; control
characters from the file are printed escaped.

SEVERITY:
    error    the dashboard does not load, a query fails or can never return
             data, or a panel shows a wrong result
    warning  a legacy form Grafana migrates on load, cosmetic layout, style

RULES:
    invalid-json, limit, api-wrapped, missing-title, invalid-uid (errors);
    missing-uid, dashboard-id, schema-version (warnings);
    panel-structure, panel-type (errors); angular-panel, library-panel,
    datasource-missing, datasource-name (warnings); datasource-placeholder
    (error); grid, overlap, duplicate-panel-id, unknown-unit (warnings);
    promql, multi-value, variable-query, quantile-range, range-vector-query,
    raw-counter, and with --catalog unknown-metric, unknown-label,
    label-set, counter-function, histogram-quantile, vector-matching,
    bucket-bound (errors). The query rules are the `dashboard!` DSL's
    `allow: [..]` names.

OPTIONS:
    --catalog FILE...  metric catalog files (Prometheus text exposition or
                       OpenMetrics, e.g. a saved /metrics); every following
                       argument up to the next option or .json file
    --format FORMAT    text (default); json: an array, one object per
                       finding (file, pointer, rule, severity, message,
                       panel, refId, and for queries query, start, end);
                       sarif: a SARIF 2.1.0 log
    --strict           exit 1 on warnings too
    --disable RULE     do not report RULE (repeatable, or comma-separated)
    -h, --help         print this help

EXIT STATUS:
    0  no error (warnings only, unless --strict)
    1  at least one error (or, with --strict, any finding)
    2  bad usage, or a file or catalog that cannot be read
";

const CHECK_QUERY_HELP: &str = "\
dashc check-query: check PromQL queries the way Prometheus parses them.

USAGE:
    dashc check-query [--catalog FILE...] [--jsonl] [--experimental] < queries

Reads queries from stdin, one per line, and prints one JSON object per query,
in order, on stdout:
    {\"ok\": true}
    {\"ok\": false, \"start\": <byte>, \"end\": <byte>, \"message\": \"...\"}
start/end are byte offsets into the query (end exclusive) of the first error.

OPTIONS:
    --catalog FILE...  also apply the metric catalog checks against these
                       catalog files (Prometheus text exposition or
                       OpenMetrics); every following argument up to the
                       next option
    --jsonl            each input line is a JSON string holding one query
                       (for queries that contain newlines)
    --experimental     accept Prometheus's experimental syntax: duration
                       expressions, anchored/smoothed, experimental
                       functions and aggregations, fill modifiers, </ and >/
    -h, --help         print this help

Grafana variables are not declared here, so `$var` reports an undeclared
variable; Grafana's built-ins ($__rate_interval, $__interval, $__range, ...)
are always known.

EXIT STATUS:
    0  every query is valid
    1  at least one query is invalid
    2  bad usage, or an input line that is not a JSON string under --jsonl
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let status = match args.first().map(String::as_str) {
        None => usage_error("no command given"),
        Some("-h" | "--help" | "help") => {
            print!("{}", main_help());
            OK
        }
        Some("-V" | "--version") => {
            println!("dashc {}", env!("CARGO_PKG_VERSION"));
            OK
        }
        Some(name) => match COMMANDS.iter().find(|c| c.name == name) {
            Some(cmd) => {
                let rest = &args[1..];
                if rest.iter().any(|a| a == "-h" || a == "--help") {
                    print!("{}", cmd.help);
                    OK
                } else {
                    (cmd.run)(rest)
                }
            }
            None => usage_error(&format!("unknown command `{name}`")),
        },
    };
    ExitCode::from(status)
}

fn main_help() -> String {
    let mut s = String::from(
        "dashc: compile-time checks for Grafana dashboards and their PromQL queries.\n\n\
         USAGE:\n    dashc <COMMAND> [OPTIONS]\n\nCOMMANDS:\n",
    );
    for c in COMMANDS {
        s.push_str(&format!("    {:<14} {}\n", c.name, c.summary));
    }
    s.push_str(
        "\nOPTIONS:\n    -h, --help     print this help\n    -V, --version  print the version\n\n\
         Run `dashc <COMMAND> --help` for a command's options.\n",
    );
    s
}

fn usage_error(message: &str) -> u8 {
    eprintln!("dashc: {message}; see `dashc --help`");
    USAGE
}

fn check_query(args: &[String]) -> u8 {
    let mut jsonl = false;
    let mut env = dashc_core::promql::QueryEnv::default();
    let (catalog_paths, args) = match catalog_args(args, false) {
        Ok(split) => split,
        Err(message) => {
            eprintln!("dashc check-query: {message}; see `dashc check-query --help`");
            return USAGE;
        }
    };
    let catalog = match load_catalogs("check-query", &catalog_paths) {
        Ok(catalog) => catalog,
        Err(status) => return status,
    };
    for arg in &args {
        match arg.as_str() {
            "--jsonl" => jsonl = true,
            "--experimental" => env.experimental = true,
            other if other.starts_with('-') => {
                eprintln!(
                    "dashc check-query: unknown option `{other}`; see `dashc check-query --help`"
                );
                return USAGE;
            }
            other => {
                eprintln!(
                    "dashc check-query: unexpected argument `{other}`: the queries are read from \
                     stdin, one per line (`echo 'up' | dashc check-query`); see `dashc check-query --help`"
                );
                return USAGE;
            }
        }
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = OK;
    let mut line = Vec::new();
    let mut line_no = 0usize;
    // A line longer than a query (escaped under --jsonl) can be is not kept.
    let longest_line = 6 * limits::MAX_QUERY_BYTES + 2;
    loop {
        line.clear();
        let read = read_line_at_most(&mut input, &mut line, longest_line);
        let too_long = match read {
            Ok(None) => break,
            Ok(Some(too_long)) => too_long,
            Err(e) => {
                eprintln!("dashc check-query: cannot read stdin: {e}");
                return USAGE;
            }
        };
        line_no += 1;
        if too_long {
            status = status.max(INVALID);
            let message = format!(
                "the line is longer than {longest_line} bytes, more than any query within \
                 dashc's cap of {} bytes (`limits::MAX_QUERY_BYTES`) can take",
                limits::MAX_QUERY_BYTES
            );
            let result = serde_json::json!({"ok": false, "start": 0, "end": 0, "message": message});
            if let Err(e) = writeln!(out, "{result}").and_then(|()| out.flush()) {
                return write_failed("check-query", &e, status);
            }
            continue;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        let result = match query_of_line(&line, jsonl) {
            Ok(query) => match dashc_core::promql::check(&query, &env).and_then(|()| {
                let expr = dashc_core::promql::parse(&query, &env)?;
                let errors = dashc_core::catalog::check_query(&query, &expr, None, &catalog, &[]);
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(errors)
                }
            }) {
                Ok(()) => serde_json::json!({"ok": true}),
                Err(errors) => {
                    status = status.max(INVALID);
                    let first = &errors[0];
                    serde_json::json!({
                        "ok": false,
                        "start": first.range.start,
                        "end": first.range.end,
                        "message": first.message,
                    })
                }
            },
            Err(message) => {
                status = USAGE;
                eprintln!("dashc check-query: stdin line {line_no}: {message}");
                serde_json::json!({"ok": false, "start": 0, "end": 0, "message": message})
            }
        };
        let written = writeln!(out, "{result}").and_then(|()| out.flush());
        if let Err(e) = written {
            return write_failed("check-query", &e, status);
        }
    }
    status
}

/// Reads one line into `line`, keeping at most `cap` bytes of it: `None` at
/// the end of input, `Some(true)` when the line was longer (the rest of it
/// is skipped).
fn read_line_at_most(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<bool>> {
    let mut any = false;
    let mut too_long = false;
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (chunk, done) = match buffer.iter().position(|b| *b == b'\n') {
            Some(i) => (&buffer[..=i], true),
            None => (buffer, false),
        };
        let room = cap.saturating_sub(line.len());
        if chunk.len() > room {
            too_long = true;
        } else {
            line.extend_from_slice(chunk);
        }
        let used = chunk.len();
        input.consume(used);
        if done {
            return Ok(Some(too_long));
        }
    }
}

/// The query a stdin line holds.
fn query_of_line(line: &[u8], jsonl: bool) -> Result<String, String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("not valid UTF-8: {e}"))?;
    if !jsonl {
        return Ok(text.to_string());
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(_) => Err("under --jsonl every line must be a JSON string, like \"up\"".into()),
        Err(e) => Err(format!(
            "under --jsonl every line must be a JSON string, like \"up\": {} at column {}",
            dashc_core::lint::json_error_reason(&e),
            e.column()
        )),
    }
}

/// Splits `--catalog FILE...` (and `--catalog=FILE`) off the arguments: the
/// files are every argument after `--catalog` up to the next option (and,
/// when `stop_at_json`, the next `.json` file). A `--catalog` without a file
/// is an error.
fn catalog_args(args: &[String], stop_at_json: bool) -> Result<(Vec<String>, Vec<String>), String> {
    let mut files = Vec::new();
    let mut rest = Vec::new();
    // Files after the current `--catalog`, or `None` outside one.
    let mut after_flag: Option<usize> = None;
    for arg in args {
        let is_file = !(arg.starts_with('-') || (stop_at_json && arg.ends_with(".json")));
        if let Some(file) = arg.strip_prefix("--catalog=") {
            if after_flag == Some(0) {
                break;
            }
            files.push(file.to_string());
            after_flag = None;
        } else if arg == "--catalog" {
            if after_flag == Some(0) {
                break;
            }
            after_flag = Some(0);
        } else if let (Some(n), true) = (after_flag, is_file) {
            files.push(arg.clone());
            after_flag = Some(n + 1);
        } else {
            if after_flag == Some(0) {
                break;
            }
            after_flag = None;
            rest.push(arg.clone());
        }
    }
    if after_flag == Some(0) || files.iter().any(String::is_empty) {
        return Err("`--catalog` needs a catalog file after it".to_string());
    }
    Ok((files, rest))
}

/// The text of the `what` file `path` (`catalog`, `dashboard`), or why it
/// cannot be read; a folder is pointed to its `*.{extension}` files.
/// Reads at most `cap` bytes (`cap_name` in `dashc_core::limits`): a
/// larger file is an error, found without reading it all.
fn read_text(
    path: &str,
    what: &str,
    extension: &str,
    (cap_name, cap): (&str, usize),
) -> Result<String, String> {
    use std::io::Read;
    if std::path::Path::new(path).is_dir() {
        return Err(format!(
            "{path} is a folder, not a {what} file; pass its files: `{path}/*.{extension}`"
        ));
    }
    let cannot = |e: std::io::Error| format!("cannot read {what} {path}: {e}");
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut text = String::new();
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    file.take(limit).read_to_string(&mut text).map_err(cannot)?;
    if text.len() > cap {
        return Err(format!(
            "{what} {path} is larger than dashc's cap of {cap} bytes (`limits::{cap_name}`); \
             split it up"
        ));
    }
    Ok(text)
}

/// Reads and merges catalog files ([`Catalog::load`]); on any error prints
/// every problem and returns the usage exit status.
fn load_catalogs(command: &str, paths: &[String]) -> Result<Catalog, u8> {
    let files: Vec<std::path::PathBuf> = paths.iter().map(std::path::PathBuf::from).collect();
    let loaded = Catalog::load(&files, None);
    for problem in &loaded.problems {
        eprintln!("dashc {command}: {}", problem.message);
    }
    if loaded.problems.is_empty() {
        Ok(loaded.catalog)
    } else {
        Err(USAGE)
    }
}

/// How `dashc check` prints its findings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
}

/// The options of `dashc check` besides `--catalog`.
struct CheckOptions {
    strict: bool,
    format: Format,
    disabled: Vec<&'static str>,
    files: Vec<String>,
}

/// Reads `--strict`, `--format F` and `--disable RULE` (each also as
/// `--opt=value`); the rest are dashboard files.
fn check_options(args: &[String]) -> Result<CheckOptions, String> {
    let mut o = CheckOptions {
        strict: false,
        format: Format::Text,
        disabled: Vec::new(),
        files: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("`{name}` needs a value after it"))
        };
        match flag {
            "--strict" => o.strict = true,
            "--format" => {
                o.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    other => {
                        return Err(format!(
                            "unknown format `{other}`: use `text`, `json` or `sarif`"
                        ))
                    }
                }
            }
            "--disable" => {
                for name in value("--disable")?.split(',').filter(|n| !n.is_empty()) {
                    match dashc_core::lint::rules::find(name) {
                        Some(rule) => o.disabled.push(rule.name),
                        None => {
                            let names = dashc_core::lint::RULES.iter().map(|r| r.name);
                            let hint = dashc_core::diag::closest(name, names)
                                .map(|r| format!(" (did you mean `{r}`?)"))
                                .unwrap_or_default();
                            return Err(format!(
                                "`--disable` names no rule `{}`{hint}; `dashc check --help` \
                                 lists the rules",
                                dashc_core::lint::escape(name)
                            ));
                        }
                    }
                }
            }
            other if other.starts_with('-') => {
                return Err(format!(
                    "unknown option `{}`",
                    dashc_core::lint::escape(other)
                ))
            }
            _ => o.files.push(arg.clone()),
        }
    }
    Ok(o)
}

fn check_dashboards(args: &[String]) -> u8 {
    let (catalog_paths, rest) = match catalog_args(args, true) {
        Ok(split) => split,
        Err(message) => {
            eprintln!("dashc check: {message}; see `dashc check --help`");
            return USAGE;
        }
    };
    let options = match check_options(&rest) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("dashc check: {message}; see `dashc check --help`");
            return USAGE;
        }
    };
    let files = &options.files;
    if files.is_empty() {
        // Without a `.json` ending, a dashboard after `--catalog` reads as a catalog.
        let hint = if catalog_paths.is_empty() {
            ""
        } else {
            " (the arguments after `--catalog` up to the next option or `.json` file are catalog files)"
        };
        eprintln!("dashc check: no dashboard file given{hint}; see `dashc check --help`");
        return USAGE;
    }
    let catalog = match load_catalogs("check", &catalog_paths) {
        Ok(catalog) => catalog,
        Err(status) => return status,
    };
    let mut status = OK;
    let mut all = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for file in files {
        let text = match read_text(
            file,
            "dashboard",
            "json",
            ("MAX_DASHBOARD_BYTES", limits::MAX_DASHBOARD_BYTES),
        ) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("dashc check: {}", dashc_core::lint::escape(&message));
                status = USAGE;
                continue;
            }
        };
        for finding in dashc_core::lint::lint_dashboard(&text, file, &catalog) {
            if options.disabled.contains(&finding.rule) {
                continue;
            }
            if finding.severity == dashc_core::lint::Severity::Error || options.strict {
                status = status.max(INVALID);
            }
            if options.format == Format::Text {
                if let Err(e) = writeln!(out, "{finding}") {
                    return write_failed("check", &e, status);
                }
            } else {
                all.push(finding);
            }
        }
    }
    let rendered = match options.format {
        Format::Text => String::new(),
        Format::Json => dashc_core::lint::output::json(&all),
        Format::Sarif => dashc_core::lint::output::sarif(&all),
    };
    if let Err(e) = out
        .write_all(rendered.as_bytes())
        .and_then(|()| out.flush())
    {
        return write_failed("check", &e, status);
    }
    status
}

/// The exit status when stdout cannot be written. A reader that stopped
/// reading (`dashc check .. | head -1`) is no error: the status so far
/// stands, quietly. Any other failure is reported.
fn write_failed(command: &str, e: &std::io::Error, status: u8) -> u8 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return status;
    }
    eprintln!("dashc {command}: cannot write stdout: {e}");
    USAGE
}
