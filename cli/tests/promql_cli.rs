//! `dashc check-query`: JSON per query on stdout, exit status 0/1/2.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let (written, out) = common::dashc(args, stdin);
    written.expect("stdin is writable");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn objects(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

#[test]
fn one_object_per_line_in_order() {
    let (code, stdout, _) = run(
        &["check-query"],
        "sum(rate(x[5m]))\nsum(rate(x[5m])\nrate(x[$__rate_interval])\n",
    );
    assert_eq!(code, 1);
    let objs = objects(&stdout);
    assert_eq!(objs.len(), 3);
    assert_eq!(objs[0], serde_json::json!({"ok": true}));
    assert_eq!(objs[1]["ok"], false);
    assert_eq!(objs[1]["start"], 15);
    assert_eq!(objs[1]["end"], 15);
    assert!(objs[1]["message"]
        .as_str()
        .is_some_and(|m| m.contains("unclosed left parenthesis")));
    assert_eq!(objs[2], serde_json::json!({"ok": true}));
}

#[test]
fn all_valid_exits_zero() {
    let (code, stdout, _) = run(&["check-query"], "up\nfoo + bar\n");
    assert_eq!(code, 0);
    assert_eq!(objects(&stdout).len(), 2);
}

#[test]
fn jsonl_carries_newlines() {
    let input = "\"sum by (job) (\\n  rate(x[5m])\\n)\"\n\"foo{a=b}\"\n";
    let (code, stdout, _) = run(&["check-query", "--jsonl"], input);
    assert_eq!(code, 1);
    let objs = objects(&stdout);
    assert_eq!(objs[0], serde_json::json!({"ok": true}));
    assert_eq!(objs[1]["start"], 6);
    assert_eq!(objs[1]["end"], 7);
}

#[test]
fn jsonl_rejects_lines_that_are_not_strings() {
    let (code, stdout, stderr) = run(&["check-query", "--jsonl"], "up\n");
    assert_eq!(code, 2);
    assert_eq!(objects(&stdout)[0]["ok"], false);
    assert!(stderr.contains("JSON string"), "{stderr}");
    // The position is the column in that line, not serde_json's "line 1".
    let (_, stdout, _) = run(&["check-query", "--jsonl"], "\"up\"\n  up\n");
    assert_eq!(
        objects(&stdout)[1]["message"],
        "under --jsonl every line must be a JSON string, like \"up\": expected value at column 3"
    );
}

#[test]
fn experimental_flag_enables_experimental_syntax() {
    let q = "foo[step()]\n";
    let (code, stdout, _) = run(&["check-query"], q);
    assert_eq!(code, 1);
    assert!(objects(&stdout)[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("experimental")));
    let (code, _, _) = run(&["check-query", "--experimental"], q);
    assert_eq!(code, 0);
}

#[test]
fn bad_usage_exits_two() {
    let (code, _, stderr) = run(&["check-query", "--nope"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown option `--nope`"), "{stderr}");
    let (code, stdout, stderr) = run(&["check-query", "up"], "");
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("unexpected argument `up`: the queries are read from stdin"),
        "{stderr}"
    );
    let (code, _, _) = run(&[], "");
    assert_eq!(code, 2);
    let (code, _, _) = run(&["frobnicate"], "");
    assert_eq!(code, 2);
}

#[test]
fn help_documents_the_command() {
    let (code, stdout, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    assert!(stdout.contains("check-query"));
    let (code, stdout, _) = run(&["check-query", "--help"], "");
    assert_eq!(code, 0);
    for word in ["--jsonl", "--experimental", "\"ok\"", "EXIT STATUS"] {
        assert!(stdout.contains(word), "help lacks {word}");
    }
    assert!(
        stdout.contains("dashc check-query [--catalog FILE...] [--jsonl] [--experimental]"),
        "the usage line names every option: {stdout}"
    );
    // Option descriptions start in one column.
    let columns: Vec<usize> = stdout
        .lines()
        .skip_while(|l| *l != "OPTIONS:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(description_column)
        .collect();
    assert!(columns.len() > 4, "{stdout}");
    assert!(
        columns.iter().all(|c| *c == columns[0]),
        "{columns:?}\n{stdout}"
    );
}

/// The column where an option's description (or its continuation) starts:
/// after the flag and at least two spaces, or after the indent.
fn description_column(line: &str) -> usize {
    let flag_end = if line.trim_start().len() + 4 == line.len() {
        line[4..].find("  ").map_or(line.len(), |i| i + 4)
    } else {
        0
    };
    flag_end + line[flag_end..].len() - line[flag_end..].trim_start().len()
}

#[test]
fn check_query_skips_a_line_too_long_for_any_query() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dashc"))
        .arg("check-query")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dashc runs");
    let mut stdin = child.stdin.take().expect("piped");
    let long = "a".repeat(8 * dashc_core::limits::MAX_QUERY_BYTES);
    let writer = std::thread::spawn(move || {
        stdin
            .write_all(format!("{long}\nup\n").as_bytes())
            .expect("written");
    });
    let out = child.wait_with_output().expect("dashc finishes");
    writer.join().expect("writer");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].contains("`limits::MAX_QUERY_BYTES`"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], r#"{"ok":true}"#);
}
