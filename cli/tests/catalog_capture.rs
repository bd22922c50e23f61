//! `dashc catalog capture` against real HTTP servers on loopback, started
//! by each test: a `TcpListener` thread answering each connection with a
//! response chosen from the request (its `Accept` and `Authorization`).

mod common;

use dashc_core::catalog::Catalog;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

/// One HTTP response: status line, extra headers, body.
struct Reply {
    status: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn ok(content_type: &str, body: &str) -> Reply {
        Reply {
            status: "200 OK",
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    fn status(status: &'static str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: b"no\n".to_vec(),
        }
    }
}

/// The request headers a server saw, lowercased names, one map a request.
type Seen = Arc<Mutex<Vec<Vec<(String, String)>>>>;

/// A server answering at most `connections` connections, each with
/// `handler(request headers, connection index)`. Returns its base URL and
/// the headers of the requests it saw.
fn serve(
    connections: usize,
    handler: impl Fn(&[(String, String)], usize) -> Reply + Send + 'static,
) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (index, stream) in listener.incoming().take(connections).enumerate() {
            let Ok(mut stream) = stream else { continue };
            let Some(headers) = read_request(&mut stream) else {
                continue;
            };
            log.lock().unwrap().push(headers.clone());
            let reply = handler(&headers, index);
            let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", reply.status);
            if !reply
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            {
                head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
            }
            for (name, value) in &reply.headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            // The client may stop reading (a refused size): not an error here.
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&reply.body));
        }
    });
    (url, seen)
}

/// The header lines of one request (names lowercased), read up to the
/// blank line; `None` when the client went away first.
fn read_request(stream: &mut TcpStream) -> Option<Vec<(String, String)>> {
    let mut buffer = Vec::new();
    let mut byte = [0u8; 1];
    while !buffer.ends_with(b"\r\n\r\n") {
        if buffer.len() > 64 << 10 || stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        buffer.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&buffer);
    Some(
        text.lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect(),
    )
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Runs `dashc catalog capture ARGS` with the credential variables `env`
/// (and no other).
fn capture(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dashc"));
    command.args(["catalog", "capture"]).args(args);
    for var in [
        "DASHC_CAPTURE_BEARER_TOKEN",
        "DASHC_CAPTURE_USER",
        "DASHC_CAPTURE_PASSWORD",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(var);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("dashc runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";
const OM: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// A prometheus_client web application in the text format; `n` changes the
/// values and adds a series, as a later scrape would.
fn web_text(n: u32) -> String {
    format!(
        "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n\
         http_requests_total{{method=\"GET\",view=\"home\"}} {n}.0\n\
         http_requests_total{{method=\"POST\",view=\"v{n}\"}} 1.0\n\
         # HELP http_requests_created Requests.\n# TYPE http_requests_created gauge\n\
         http_requests_created{{method=\"GET\",view=\"home\"}} 1.7e+09\n\
         http_requests_created{{method=\"POST\",view=\"v{n}\"}} 1.7e+09\n\
         # HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n\
         latency_seconds_bucket{{le=\"0.5\"}} {n}.0\nlatency_seconds_bucket{{le=\"+Inf\"}} {n}.0\n\
         latency_seconds_count {n}.0\nlatency_seconds_sum 0.{n}\n\
         # HELP claims_ingested_total Claims ingested.\n# TYPE claims_ingested_total counter\n"
    )
}

/// The same application in OpenMetrics.
fn web_om(n: u32) -> String {
    format!(
        "# HELP http_requests Requests.\n# TYPE http_requests counter\n\
         http_requests_total{{method=\"GET\",view=\"home\"}} {n}.0\n\
         http_requests_created{{method=\"GET\",view=\"home\"}} 1.7e+09\n\
         # HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n\
         latency_seconds_bucket{{le=\"0.5\"}} {n}.0\nlatency_seconds_bucket{{le=\"+Inf\"}} {n}.0\n\
         latency_seconds_count {n}.0\nlatency_seconds_sum 0.{n}\n\
         # HELP claims_ingested Claims ingested.\n# TYPE claims_ingested counter\n# EOF\n"
    )
}

/// Answers OpenMetrics when the request accepts it, else the text format.
fn negotiating(headers: &[(String, String)], n: usize) -> Reply {
    let n = u32::try_from(n).unwrap_or(0) + 1;
    match header(headers, "accept") {
        Some(accept) if accept.contains("application/openmetrics-text") => {
            Reply::ok(OM, &web_om(n))
        }
        _ => Reply::ok(TEXT, &web_text(n)),
    }
}

#[test]
fn openmetrics_is_asked_for_first_and_gives_the_text_formats_snapshot() {
    let (om_url, om_seen) = serve(1, negotiating);
    let (text_url, _) = serve(1, |_, n| Reply::ok(TEXT, &web_text(n as u32 + 1)));
    let om = capture(&[&format!("{om_url}/metrics")], &[]);
    let text = capture(&[&format!("{text_url}/metrics")], &[]);
    assert!(om.status.success(), "{}", stderr(&om));
    assert!(text.status.success(), "{}", stderr(&text));
    let accept = header(&om_seen.lock().unwrap()[0], "accept")
        .unwrap_or_default()
        .to_string();
    assert!(
        accept.starts_with("application/openmetrics-text;version=1.0.0")
            && accept.contains("text/plain;version=0.0.4;q=0.5"),
        "{accept}"
    );
    // The OpenMetrics scrape was answered in OpenMetrics, and is written as
    // the text format spells the same families.
    let snapshot = stdout(&om);
    assert!(
        snapshot.contains(
            "# TYPE http_requests_total counter\nhttp_requests_total{method=\"\",view=\"\"} 0\n"
        ),
        "{snapshot}"
    );
    assert!(
        snapshot.contains("# TYPE http_requests_created gauge\n"),
        "{snapshot}"
    );
    assert_eq!(snapshot, stdout(&text));
}

#[test]
fn a_gzip_response_is_decompressed() {
    let (url, seen) = serve(1, |headers, _| {
        let body = web_text(1);
        if !header(headers, "accept-encoding").is_some_and(|e| e.contains("gzip")) {
            return Reply::ok(TEXT, &body);
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(body.as_bytes()).expect("compress");
        let mut reply = Reply::ok(TEXT, "");
        reply.body = encoder.finish().expect("compress");
        reply
            .headers
            .push(("Content-Encoding".into(), "gzip".into()));
        reply
    });
    let out = capture(&[&format!("{url}/metrics")], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(header(&seen.lock().unwrap()[0], "accept-encoding").is_some_and(|e| e.contains("gzip")));
    let (plain_url, _) = serve(1, |_, _| Reply::ok(TEXT, &web_text(1)));
    let plain = capture(&[&format!("{plain_url}/metrics")], &[]);
    assert_eq!(stdout(&out), stdout(&plain));
    assert!(stdout(&out).contains("latency_seconds_bucket{le=\"+Inf\"} 0\n"));
}

/// Answers 401 unless the request carries `expected` as `Authorization`.
fn guarded(expected: &'static str) -> impl Fn(&[(String, String)], usize) -> Reply {
    move |headers, _| {
        if header(headers, "authorization") == Some(expected) {
            Reply::ok(TEXT, &web_text(1))
        } else {
            let mut reply = Reply::status("401 Unauthorized");
            reply
                .headers
                .push(("WWW-Authenticate".into(), "Bearer".into()));
            reply
        }
    }
}

#[test]
fn a_401_says_which_variables_to_set_and_a_token_gets_through() {
    let (url, _) = serve(3, guarded("Bearer s3cret-token"));
    let url = format!("{url}/metrics");
    let without = capture(&[&url], &[]);
    assert_eq!(without.status.code(), Some(1));
    let message = stderr(&without);
    assert!(
        message.contains(&format!("{url}: the server answered 401 Unauthorized"))
            && message.contains("DASHC_CAPTURE_BEARER_TOKEN"),
        "{message}"
    );
    let wrong = capture(&[&url], &[("DASHC_CAPTURE_BEARER_TOKEN", "not-it-xyz")]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stderr(&wrong).contains("credentials from the environment were refused"));
    assert!(!stderr(&wrong).contains("not-it-xyz"), "{}", stderr(&wrong));
    let with = capture(&[&url], &[("DASHC_CAPTURE_BEARER_TOKEN", "s3cret-token")]);
    assert!(with.status.success(), "{}", stderr(&with));
    assert!(stdout(&with).contains("# TYPE latency_seconds histogram"));
    assert!(!stderr(&with).contains("s3cret"));
}

#[test]
fn basic_authentication_comes_from_the_environment() {
    // base64("scraper:pa55:word")
    let (url, _) = serve(1, guarded("Basic c2NyYXBlcjpwYTU1OndvcmQ="));
    let out = capture(
        &[&format!("{url}/metrics")],
        &[
            ("DASHC_CAPTURE_USER", "scraper"),
            ("DASHC_CAPTURE_PASSWORD", "pa55:word"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let both = capture(
        &[&format!("{url}/metrics")],
        &[
            ("DASHC_CAPTURE_USER", "scraper"),
            ("DASHC_CAPTURE_BEARER_TOKEN", "t"),
        ],
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("set one kind of credential"));
    let in_url = capture(&["http://scraper:hunter2@127.0.0.1:1/metrics"], &[]);
    assert_eq!(in_url.status.code(), Some(2));
    assert!(!stderr(&in_url).contains("hunter2"), "{}", stderr(&in_url));
}

#[test]
fn a_server_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/metrics", listener.local_addr().unwrap());
    // Accepts, reads, and never answers: the connection ends when dashc
    // gives up and closes it.
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut sink = [0u8; 1024];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        }
    });
    let out = capture(&[&url, "--timeout", "1"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains(&format!("{url}: timed out after 1 s")) && message.contains("--timeout"),
        "{message}"
    );
}

#[test]
fn failures_name_the_url_and_what_failed() {
    // Connection refused: a port that was just free.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/metrics", l.local_addr().unwrap())
    };
    let out = capture(&[&closed], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{closed}: cannot connect")),
        "{}",
        stderr(&out)
    );

    let (url, _) = serve(4, |_, n| match n {
        0 => Reply::status("404 Not Found"),
        1 => Reply::ok("text/html; charset=utf-8", "<html>login</html>"),
        2 => Reply::ok(TEXT, "# TYPE a gauge\na 1\na{x=\"1\" 2\n"),
        _ => Reply::status("403 Forbidden"),
    });
    let lines: Vec<String> = (0..4)
        .map(|i| stderr(&capture(&[&format!("{url}/m{i}")], &[])))
        .collect();
    assert!(
        lines[0].contains(&format!(
            "{url}/m0: the server answered 404 Not Found; nothing at that path"
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains(&format!(
            "{url}/m1: the response is `text/html; charset=utf-8`: a web page"
        )),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(&format!("{url}/m2: line 3: ")),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].contains(&format!("{url}/m3: the server answered 403 Forbidden; ")),
        "{}",
        lines[3]
    );
}

#[test]
fn a_response_over_the_catalog_cap_is_refused_without_reading_it() {
    let cap = dashc_core::limits::MAX_CATALOG_BYTES;
    // Announced too large: refused from the header; the body is never sent.
    let (url, _) = serve(2, move |_, n| {
        let mut reply = Reply::ok(TEXT, "");
        if n == 0 {
            reply
                .headers
                .push(("Content-Length".into(), (cap + 1).to_string()));
        } else {
            // A small gzip body that inflates past the cap.
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let zeros = vec![b'\n'; 1 << 20];
            for _ in 0..=(cap >> 20) {
                encoder.write_all(&zeros).unwrap();
            }
            reply.body = encoder.finish().unwrap();
            reply
                .headers
                .push(("Content-Encoding".into(), "gzip".into()));
        }
        reply
    });
    for path in ["announced", "inflated"] {
        let out = capture(&[&format!("{url}/{path}")], &[]);
        assert_eq!(out.status.code(), Some(1), "{path}");
        let message = stderr(&out);
        assert!(
            message.contains(&format!("{url}/{path}: the response has "))
                && message.contains("`limits::MAX_CATALOG_BYTES`"),
            "{message}"
        );
    }
}

#[test]
fn two_endpoints_merge_and_a_type_conflict_names_both() {
    let (web, _) = serve(2, |_, _| Reply::ok(TEXT, &web_text(1)));
    let (worker, _) = serve(2, |_, _| {
        Reply::ok(
            TEXT,
            "# HELP claims_ingested_total Claims ingested.\n# TYPE claims_ingested_total counter\n\
             claims_ingested_total{status=\"ok\"} 3.0\n# TYPE jobs_total counter\njobs_total 1.0\n",
        )
    });
    let (other, _) = serve(1, |_, _| {
        Reply::ok(TEXT, "# TYPE jobs_total gauge\njobs_total 1\n")
    });
    let other = format!("{other}/metrics");
    let (web, worker) = (format!("{web}/metrics"), format!("{worker}/metrics"));
    let out = capture(&[&web, &worker], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let snapshot = stdout(&out);
    // The worker's samples complete the web app's sample-less family.
    assert!(snapshot.contains(
        "# TYPE claims_ingested_total counter\nclaims_ingested_total{status=\"\"} 0\n# HELP http"
    ), "{snapshot}");
    assert!(snapshot.contains("# TYPE jobs_total counter\njobs_total 0\n"));
    assert!(
        !snapshot.lines().any(|l| l.starts_with("# LABELS")),
        "{snapshot}"
    );
    let conflict = capture(&[&worker, &other], &[]);
    assert_eq!(conflict.status.code(), Some(1));
    let message = stderr(&conflict);
    assert!(
        message.contains(&format!(
            "{other}: `jobs_total` is a gauge here but a counter at {worker}"
        )),
        "{message}"
    );
}

#[test]
fn a_family_without_samples_gets_a_labels_line_and_snapshots_repeat_byte_for_byte() {
    let (url, _) = serve(2, |_, n| Reply::ok(TEXT, &web_text(n as u32 + 1)));
    let url = format!("{url}/metrics");
    let first = capture(&[&url], &[]);
    let second = capture(&[&url], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    // Other values and another label value the second time: same bytes.
    assert_eq!(stdout(&first), stdout(&second));
    let snapshot = stdout(&first);
    assert!(
        snapshot.contains(
            "# HELP claims_ingested_total Claims ingested.\n# TYPE claims_ingested_total counter\n\
             # LABELS claims_ingested_total\n"
        ),
        "{snapshot}"
    );
    assert!(
        stderr(&first).contains("1 without samples"),
        "{}",
        stderr(&first)
    );
}

/// A fresh directory under the target's test directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("catalog_capture")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn out_replaces_the_file_whole_keeps_declarations_and_loads_as_a_catalog() {
    let dir = scratch_dir("out");
    let file = dir.join("app.prom");
    std::fs::write(
        &file,
        "# TARGET_LABELS env\n# TYPE claims_ingested_total counter\n\
         # LABELS claims_ingested_total customer_id status\n",
    )
    .unwrap();
    let (url, _) = serve(2, |_, n| {
        if n == 0 {
            Reply::ok(TEXT, &web_text(1))
        } else {
            Reply::status("500 Internal Server Error")
        }
    });
    let out = capture(
        &[&format!("{url}/metrics"), "--out", file.to_str().unwrap()],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("# TARGET_LABELS env\n"), "{written}");
    assert!(
        written.contains("# LABELS claims_ingested_total customer_id status\n"),
        "{written}"
    );
    // Only the file: no temporary file left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["app.prom"]);
    let loaded = Catalog::load(std::slice::from_ref(&file), None);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let claims = loaded.catalog.series("claims_ingested_total").unwrap();
    assert!(claims.labels.contains("customer_id") && claims.labels.contains("env"));
    assert_eq!(
        loaded
            .catalog
            .series("latency_seconds_bucket")
            .unwrap()
            .buckets,
        ["0.5", "+Inf"]
    );
    // A failed capture leaves the file as it was.
    let failed = capture(
        &[&format!("{url}/metrics"), "--out", file.to_str().unwrap()],
        &[],
    );
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("500 Internal Server Error"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_upstream_catalogs_read_back_through_a_capture() {
    // The committed catalogs served as an application would: the snapshot
    // keeps every series name, type and label the catalogs know.
    let bodies: Vec<String> = common::UPSTREAM_CATALOGS
        .iter()
        .map(|n| {
            std::fs::read_to_string(common::catalog_path(n)).unwrap_or_else(|e| {
                panic!("cannot read {}: {e}", common::catalog_path(n).display())
            })
        })
        .collect();
    let (url, _) = serve(2, move |_, n| Reply::ok(TEXT, &bodies[n]));
    let urls: Vec<String> = (0..2).map(|i| format!("{url}/m{i}")).collect();
    let out = capture(&[&urls[0], &urls[1]], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let snapshot = Catalog::parse(&stdout(&out), "snapshot").expect("reads back");
    let mut committed = Catalog::default();
    for name in common::UPSTREAM_CATALOGS {
        let text = std::fs::read_to_string(common::catalog_path(name)).unwrap();
        committed.merge(Catalog::parse(&text, name).unwrap());
    }
    for series in committed.all_series() {
        let Some(back) = snapshot.series(&series.name) else {
            panic!("{} is missing from the snapshot", series.name);
        };
        assert_eq!(back.kind, series.kind, "{}", series.name);
        // A family without samples is captured without its labels (the
        // served text has `# LABELS` lines, which an application never
        // sends and a capture does not read).
        if committed.family(&series.family).is_some_and(|f| f.sampled) {
            assert_eq!(back.labels, series.labels, "{}", series.name);
        }
    }
}
