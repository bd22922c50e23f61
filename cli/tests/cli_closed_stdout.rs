//! A reader that stops reading (`dashc .. | head -0`) is no error: dashc
//! stops writing, says nothing on stderr, and exits with the status of what
//! it had checked so far.
//!
//! The reading end of dashc's stdout is closed before dashc starts, so its
//! first write fails whatever the timing. These tests live in a binary of
//! their own, and start dashc one at a time ([`SPAWN`]): a process forked
//! by another test thread at the wrong moment would hold a copy of the
//! reading end until it runs its program, and dashc's write would then
//! succeed.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

/// Held while a child is started, so that no other child inherits the
/// pipe's reading end in between.
static SPAWN: Mutex<()> = Mutex::new(());

/// Runs dashc with `args`, `stdin` written to it, and a stdout whose reading
/// end is already closed. Returns its exit status and stderr.
fn run_with_closed_stdout(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = {
        let _one_at_a_time = SPAWN
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        Command::new(env!("CARGO_BIN_EXE_dashc"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .expect("dashc runs")
    };
    // One write of a few bytes: it lands in the pipe before dashc can read,
    // let alone exit.
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("stdin is writable");
    child.wait_with_output().expect("dashc finishes")
}

#[test]
fn check_query_stops_quietly_at_the_first_line() {
    let out = run_with_closed_stdout(&["check-query"], b"up\nsum(\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "a closed stdout is not reported"
    );
    // The first line was valid; its answer could not be written, so dashc
    // stopped there and never saw the invalid second line.
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_keeps_the_status_of_its_findings() {
    let file = common::scratch_file("cli_closed_stdout", "truncated.json", "{\"title\": ");
    let file = file.display().to_string();
    let out = run_with_closed_stdout(&["check", &file], b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "a closed stdout is not reported"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the finding still fails the run"
    );
}
