//! `dashc catalog capture`: the HTTP side of a catalog snapshot. Fetching
//! is here; reading, merging and writing the snapshot is
//! `dashc_core::catalog::capture`.

use dashc_core::catalog::capture::{Capture, ACCEPT};
use dashc_core::catalog::Catalog;
use dashc_core::limits::MAX_CATALOG_BYTES;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{write_failed, OK, USAGE};

/// Exit status: an endpoint could not be captured.
const FAILED: u8 = 1;

/// The timeout of one scrape when `--timeout` is not given, in seconds.
const DEFAULT_TIMEOUT_SECS: f64 = 10.0;

/// The longest `--timeout` accepted, in seconds.
const MAX_TIMEOUT_SECS: f64 = 3600.0;

/// The environment variables holding credentials (never arguments: those
/// show in the process list and the shell history).
const ENV_TOKEN: &str = "DASHC_CAPTURE_BEARER_TOKEN";
const ENV_USER: &str = "DASHC_CAPTURE_USER";
const ENV_PASSWORD: &str = "DASHC_CAPTURE_PASSWORD";

pub(crate) const CATALOG_HELP: &str = "\
dashc catalog capture: take a metric catalog from live /metrics endpoints.

USAGE:
    dashc catalog capture URL... [--out FILE] [--timeout SECONDS]

Scrapes each URL (http:// or https://), asking for OpenMetrics 1.0 and
accepting the Prometheus text format 0.0.4, gzip-compressed or not, and
writes one snapshot merging them: the families of every endpoint, sorted, in
the text format, readable as a catalog file (`catalogs/*.prom`,
`--catalog FILE`). It keeps one sample per series and set of label names,
label values left empty (but `le` and `quantile`) and values 0, so that two
snapshots of the same application are byte-identical. A family without a
sample gets an empty `# LABELS` line: write its label names there. An
OpenMetrics scrape is written as the same application's text format spells
it (`F_total`, `F_created`, `F_info`).

A family two endpoints declare with different types is an error naming
both. A response larger than dashc's catalog cap (`limits::MAX_CATALOG_BYTES`,
64 MiB) is refused without reading it all.

OPTIONS:
    --out FILE         write the snapshot to FILE (atomically: a temporary
                       file renamed over it) instead of stdout. When FILE
                       exists, its `# LABELS`, `# BUCKETS` and
                       `# TARGET_LABELS` are kept for families still without
                       a sample
    --timeout SECONDS  the most one endpoint may take, connecting and
                       reading included (default 10)
    -h, --help         print this help

ENVIRONMENT:
    DASHC_CAPTURE_BEARER_TOKEN  sent as `Authorization: Bearer <token>`
    DASHC_CAPTURE_USER, DASHC_CAPTURE_PASSWORD
                                sent as basic authentication
    Credentials are read from the environment only, never from arguments or
    URLs, and never printed. HTTP(S)_PROXY / NO_PROXY are honoured.

EXIT STATUS:
    0  the snapshot was written
    1  an endpoint could not be read (connection, status, timeout, format),
       or the endpoints disagree on a family's type
    2  bad usage, or a --out file that cannot be read or written
";

/// The options of `dashc catalog capture`.
struct Options {
    urls: Vec<String>,
    out: Option<PathBuf>,
    timeout: Duration,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        urls: Vec::new(),
        out: None,
        timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS),
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
                .filter(|v| !v.is_empty())
                .ok_or_else(|| format!("`{name}` needs a value after it"))
        };
        match flag {
            "--out" => o.out = Some(PathBuf::from(value("--out")?)),
            "--timeout" => {
                let text = value("--timeout")?;
                let seconds: f64 = text
                    .strip_suffix('s')
                    .unwrap_or(&text)
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= MAX_TIMEOUT_SECS)
                    .ok_or_else(|| {
                        format!(
                            "`--timeout {}` is not a number of seconds between 0 and \
                             {MAX_TIMEOUT_SECS} (e.g. `--timeout 10` or `--timeout 2.5`)",
                            dashc_core::lint::escape(&text)
                        )
                    })?;
                o.timeout = Duration::from_secs_f64(seconds);
            }
            other if other.starts_with('-') => {
                return Err(format!(
                    "unknown option `{}`",
                    dashc_core::lint::escape(other)
                ))
            }
            url => o.urls.push(check_url(url)?),
        }
    }
    if o.urls.is_empty() {
        return Err(
            "no URL given: name the /metrics endpoints to capture, e.g. \
                    `dashc catalog capture http://localhost:8000/metrics`"
                .to_string(),
        );
    }
    Ok(o)
}

/// The URL as given, if it is an http(s) URL without credentials.
fn check_url(url: &str) -> Result<String, String> {
    let shown = dashc_core::lint::escape(url);
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return Err(format!(
            "`{shown}` is not an http:// or https:// URL; write the endpoint in full, e.g. \
             `http://localhost:8000/metrics`"
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        // Not echoed: the part before `@` is a credential.
        return Err(
            "a URL holds credentials (`user:password@`): they would show in the process list \
             and the shell history; remove them and set DASHC_CAPTURE_USER and \
             DASHC_CAPTURE_PASSWORD (or DASHC_CAPTURE_BEARER_TOKEN) instead"
                .to_string(),
        );
    }
    if authority.is_empty() {
        return Err(format!("`{shown}` has no host"));
    }
    Ok(url.to_string())
}

/// The `Authorization` header from the environment, or why the variables
/// are inconsistent. The values are never printed.
fn authorization() -> Result<Option<String>, String> {
    let var = |name: &str| match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(Some(v)),
        Ok(_) => Ok(None),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
    };
    let token = var(ENV_TOKEN)?;
    let user = var(ENV_USER)?;
    let password = var(ENV_PASSWORD)?;
    match (token, user, password) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(format!(
            "both {ENV_TOKEN} and {ENV_USER}/{ENV_PASSWORD} are set; set one kind of credential"
        )),
        (Some(token), None, None) => Ok(Some(format!("Bearer {}", token.trim()))),
        (None, Some(user), password) => {
            let password = password.unwrap_or_default();
            Ok(Some(format!(
                "Basic {}",
                base64(format!("{user}:{password}").as_bytes())
            )))
        }
        (None, None, Some(_)) => Err(format!(
            "{ENV_PASSWORD} is set without {ENV_USER}; set the user name too"
        )),
        (None, None, None) => Ok(None),
    }
}

/// Standard base64 with padding (RFC 4648), for basic authentication.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A fetched response: its `Content-Type` and body.
struct Response {
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Fetches one endpoint; the error says what failed and how to fix it
/// (the caller adds the URL).
fn fetch(
    agent: &ureq::Agent,
    url: &str,
    auth: Option<&str>,
    timeout: Duration,
) -> Result<Response, String> {
    let mut request = agent.get(url);
    if let Some(auth) = auth {
        request = request.header("Authorization", auth);
    }
    let mut response = request.call().map_err(|e| describe(e, timeout))?;
    let status = response.status();
    if !status.is_success() {
        let code = status.as_u16();
        let hint = match code {
            401 if auth.is_none() => {
                "; the endpoint wants credentials: set DASHC_CAPTURE_BEARER_TOKEN, or \
                 DASHC_CAPTURE_USER and DASHC_CAPTURE_PASSWORD"
            }
            401 => "; the credentials from the environment were refused: check them",
            403 => {
                "; the credentials (or their absence) are not allowed to read it: check \
                 DASHC_CAPTURE_BEARER_TOKEN / DASHC_CAPTURE_USER, and any allow-list in front \
                 of the endpoint"
            }
            404 => "; nothing at that path: the endpoint is usually `/metrics`",
            _ => "",
        };
        let reason = status.canonical_reason().unwrap_or("");
        return Err(format!("the server answered {code} {reason}{hint}"));
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let encoded = response.headers().contains_key("content-encoding");
    let cap = u64::try_from(MAX_CATALOG_BYTES).unwrap_or(u64::MAX);
    if let Some(length) = response.body().content_length() {
        if length > cap && !encoded {
            return Err(over_cap(&format!("{length} bytes (Content-Length)")));
        }
    }
    let body = response
        .body_mut()
        .with_config()
        .limit(cap)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => over_cap("more bytes"),
            other => describe(other, timeout),
        })?;
    Ok(Response { content_type, body })
}

fn over_cap(size: &str) -> String {
    format!(
        "the response has {size}, over dashc's catalog cap of {MAX_CATALOG_BYTES} bytes \
         (`limits::MAX_CATALOG_BYTES`); refused without reading the rest: capture an endpoint \
         exporting fewer series"
    )
}

/// What a failed request means, in words.
fn describe(error: ureq::Error, timeout: Duration) -> String {
    let seconds = timeout.as_secs_f64();
    let timed_out = || {
        format!(
            "timed out after {seconds} s without a complete response; check that the endpoint \
             answers (`curl -v URL`), or raise `--timeout`"
        )
    };
    match error {
        ureq::Error::Timeout(_) => timed_out(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => timed_out(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "cannot connect: connection refused; is the application running and listening on \
             that host and port?"
                .to_string()
        }
        ureq::Error::Io(e) => format!("cannot connect or read: {e}"),
        ureq::Error::HostNotFound => {
            "cannot connect: the host name does not resolve; check the URL".to_string()
        }
        ureq::Error::ConnectionFailed => {
            "cannot connect: the connection failed; is the application running and listening \
             on that host and port?"
                .to_string()
        }
        ureq::Error::BadUri(reason) => format!("not a usable URL: {reason}"),
        ureq::Error::Tls(reason) => format!("the TLS connection failed: {reason}"),
        ureq::Error::Rustls(e) => format!(
            "the TLS connection failed: {e}; the server's certificate must chain to a public \
             root (webpki roots)"
        ),
        ureq::Error::Decompress(encoding, e) => {
            format!("the {encoding}-compressed body cannot be decompressed: {e}")
        }
        ureq::Error::TooManyRedirects => "too many redirects; give the final URL".to_string(),
        ureq::Error::RedirectFailed => "a redirect could not be followed".to_string(),
        ureq::Error::Protocol(e) => format!("the server's answer is not valid HTTP/1.1: {e}"),
        other => format!("the request failed: {other}"),
    }
}

/// Runs `dashc catalog capture ARGS` and returns the exit status.
pub(crate) fn run(args: &[String]) -> u8 {
    let options = match options(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("dashc catalog capture: {message}; see `dashc catalog capture --help`");
            return USAGE;
        }
    };
    let auth = match authorization() {
        Ok(auth) => auth,
        Err(message) => {
            eprintln!("dashc catalog capture: {message}");
            return USAGE;
        }
    };
    // An earlier snapshot at --out: what it declares by hand is kept.
    let previous = match &options.out {
        Some(out) if out.exists() => match read_previous(out) {
            Ok(previous) => Some(previous),
            Err(message) => {
                eprintln!("dashc catalog capture: {message}");
                return USAGE;
            }
        },
        _ => None,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .accept(ACCEPT)
        .user_agent(format!("dashc/{}", env!("CARGO_PKG_VERSION")))
        .max_redirects(5)
        .build()
        .into();
    let mut capture = Capture::new();
    let mut failed = false;
    for url in &options.urls {
        let response = match fetch(&agent, url, auth.as_deref(), options.timeout) {
            Ok(response) => response,
            Err(message) => {
                eprintln!("dashc catalog capture: {url}: {message}");
                failed = true;
                continue;
            }
        };
        if let Err(errors) = capture.add(url, response.content_type.as_deref(), &response.body) {
            for e in errors {
                eprintln!(
                    "dashc catalog capture: {}",
                    dashc_core::lint::escape(&e.to_string())
                );
            }
            failed = true;
        }
    }
    if failed {
        return FAILED;
    }
    if let Some(previous) = &previous {
        capture.keep_declarations(previous);
    }
    let text = capture.render();
    // The snapshot must read back as a catalog; a failure here is dashc's own.
    if let Err(errors) = Catalog::parse(&text, "the snapshot") {
        for e in errors {
            eprintln!(
                "dashc catalog capture: internal error, the snapshot does not read back: {e}"
            );
        }
        return FAILED;
    }
    let unsampled = capture.unsampled();
    let summary = format!(
        "{} families from {} endpoint(s){}",
        capture.family_count(),
        options.urls.len(),
        if unsampled.is_empty() {
            String::new()
        } else {
            format!(
                "; {} without samples, each with a `# LABELS` line to complete: {}",
                unsampled.len(),
                dashc_core::limits::list_names(unsampled.iter().map(|n| format!("`{n}`")))
            )
        }
    );
    match &options.out {
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                return write_failed("catalog capture", &e, OK);
            }
            eprintln!("dashc catalog capture: {summary}");
        }
        Some(path) => {
            if let Err(e) = write_atomically(path, text.as_bytes()) {
                eprintln!(
                    "dashc catalog capture: cannot write {}: {e}",
                    path.display()
                );
                return USAGE;
            }
            eprintln!("dashc catalog capture: wrote {}: {summary}", path.display());
        }
    }
    OK
}

/// The catalog already at `path`, read to keep its declarations.
fn read_previous(path: &Path) -> Result<Catalog, String> {
    let loaded = Catalog::load(&[path.to_path_buf()], None);
    if loaded.problems.is_empty() {
        return Ok(loaded.catalog);
    }
    let problems: Vec<String> = loaded.problems.into_iter().map(|p| p.message).collect();
    Err(format!(
        "{} exists and its `# LABELS`/`# BUCKETS` would be kept, but it does not read as a \
         catalog: {}; fix it, or remove it to take a fresh snapshot",
        path.display(),
        problems.join("; ")
    ))
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// synced and renamed over it: a reader sees the old file or the new one,
/// never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?
        .to_string_lossy()
        .into_owned();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let temp = dir.join(format!(".{name}.dashc-{}-{nanos}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn urls_with_credentials_or_other_schemes_are_refused() {
        assert!(check_url("http://localhost:8000/metrics").is_ok());
        assert!(check_url("https://a.example/m?x=y@z").is_ok());
        let e = check_url("http://user:secret@host/metrics").unwrap_err();
        assert!(
            !e.contains("secret") && e.contains("DASHC_CAPTURE_USER"),
            "{e}"
        );
        assert!(check_url("ftp://host/metrics")
            .unwrap_err()
            .contains("not an http:// or https:// URL"));
        assert!(check_url("http:///metrics")
            .unwrap_err()
            .contains("no host"));
    }
}
