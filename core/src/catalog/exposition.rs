//! A line reader for the Prometheus text exposition format (0.0.4) and the
//! OpenMetrics text format (1.0), turning each line into a [`Record`].
//!
//! Written here rather than taken from a crate: the one maintained reader on
//! crates.io (`prometheus-parse` 0.2.5) pulls in regex, chrono and itertools
//! (10 crates, 7.6 s of a clean debug build measured on the project's
//! 2-core machine), reports no line numbers, drops `# UNIT` and every other
//! comment (so the `# LABELS` extension could not be read) and keeps no
//! family that has a `# TYPE` but no samples, which is exactly the case a
//! catalog must keep. This reader is a few hundred lines without dependencies.

use std::collections::BTreeSet;

use super::MetricType;
use crate::limits::{self, MAX_LABELS_PER_SAMPLE};

/// One meaningful line of an exposition file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Record {
    /// `# HELP <name> <text>`.
    Help { name: String, text: String },
    /// `# TYPE <name> <type>`.
    Type { name: String, kind: MetricType },
    /// `# UNIT <name> <unit>` (OpenMetrics).
    Unit { name: String, unit: String },
    /// `# LABELS <family> <label>...` (the catalog's extension).
    Labels { family: String, names: Vec<String> },
    /// `# BUCKETS <family> <le>...` (the catalog's extension).
    Buckets { family: String, bounds: Vec<String> },
    /// `# TARGET_LABELS <label>...` (the catalog's extension).
    TargetLabels { names: Vec<String> },
    /// `# EOF` (OpenMetrics).
    Eof,
    /// A sample line.
    Sample(Sample),
}

/// One sample: `name{labels} value [timestamp] [# exemplar]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sample {
    /// The sample (series) name.
    pub name: String,
    /// Label pairs in the order written, values unescaped.
    pub labels: Vec<(String, String)>,
    /// The value.
    pub value: f64,
    /// The timestamp, when one is written.
    pub timestamp: Option<f64>,
}

/// Reads one line. `Ok(None)` for blank lines and ordinary comments.
#[cfg(test)]
pub(crate) fn parse_line(line: &str) -> Result<Option<Record>, String> {
    parse_line_at(line).map_err(|(_, message)| message)
}

/// Reads one line, as [`parse_line`]; an error comes with the 1-based
/// column (in characters) where the problem is, 1 for a comment line.
pub(crate) fn parse_line_at(line: &str) -> Result<Option<Record>, (usize, String)> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() {
        return Ok(None);
    }
    if let Some(rest) = line.strip_prefix('#') {
        return parse_comment(rest).map_err(|message| (1, message));
    }
    let mut cur = Cursor { text: line, pos: 0 };
    match parse_sample(&mut cur) {
        Ok(sample) => Ok(Some(Record::Sample(sample))),
        Err(message) => {
            let before = line.get(..cur.pos).unwrap_or(line);
            Err((before.chars().count() + 1, message))
        }
    }
}

fn parse_comment(rest: &str) -> Result<Option<Record>, String> {
    let (keyword, tail) = split_word(rest);
    match keyword {
        "EOF" if tail.trim().is_empty() => Ok(Some(Record::Eof)),
        "HELP" => {
            let (name, text) = split_word(tail);
            let name = metric_name(name, "# HELP")?;
            Ok(Some(Record::Help {
                name,
                text: unescape(text, false),
            }))
        }
        "TYPE" => {
            let (name, tail) = split_word(tail);
            let name = metric_name(name, "# TYPE")?;
            let (word, extra) = split_word(tail);
            if !extra.trim().is_empty() {
                return Err(format!(
                    "unexpected text `{}` after the type of `{name}`; write `# TYPE {name} <type>`",
                    extra.trim()
                ));
            }
            let kind = MetricType::from_word(word).ok_or_else(|| {
                format!(
                    "unknown metric type `{word}` for `{name}`; expected one of counter, gauge, \
                     histogram, gaugehistogram, summary, info, stateset, unknown, untyped"
                )
            })?;
            Ok(Some(Record::Type { name, kind }))
        }
        "UNIT" => {
            let (name, unit) = split_word(tail);
            let name = metric_name(name, "# UNIT")?;
            Ok(Some(Record::Unit {
                name,
                unit: unit.trim().to_string(),
            }))
        }
        "LABELS" => {
            let (family, tail) = split_word(tail);
            let family = metric_name(family, "# LABELS")?;
            let mut names = Vec::new();
            for word in tail.split_whitespace() {
                if !is_label_name(word) {
                    return Err(format!(
                        "`{word}` is not a valid label name in `# LABELS {family} ...`; label names \
                         match [a-zA-Z_][a-zA-Z0-9_]*"
                    ));
                }
                names.push(word.to_string());
            }
            Ok(Some(Record::Labels { family, names }))
        }
        "TARGET_LABELS" => {
            let mut names = Vec::new();
            for word in tail.split_whitespace() {
                if !is_label_name(word) || word.starts_with("__") {
                    return Err(format!(
                        "`{word}` is not a label name Prometheus can attach in `# TARGET_LABELS`; \
                         label names match [a-zA-Z_][a-zA-Z0-9_]* and do not start with `__`"
                    ));
                }
                names.push(word.to_string());
            }
            Ok(Some(Record::TargetLabels { names }))
        }
        "BUCKETS" => {
            let (family, tail) = split_word(tail);
            let family = metric_name(family, "# BUCKETS")?;
            let mut bounds = Vec::new();
            for word in tail.split_whitespace() {
                if parse_float(word).is_none() {
                    return Err(format!(
                        "`{word}` is not a bucket bound in `# BUCKETS {family} ...`; write the `le` \
                         values as the application prints them, e.g. `0.5 1.0 +Inf`"
                    ));
                }
                bounds.push(word.to_string());
            }
            Ok(Some(Record::Buckets { family, bounds }))
        }
        // Any other comment is free text, as in the 0.0.4 format.
        _ => Ok(None),
    }
}

/// Splits off the first whitespace-delimited word.
fn split_word(s: &str) -> (&str, &str) {
    let s = trim_blanks(s);
    match s.bytes().position(|b| b == b' ' || b == b'\t') {
        Some(i) => (&s[..i], trim_blanks(&s[i..])),
        None => (s, ""),
    }
}

/// `s` without leading spaces and tabs.
fn trim_blanks(s: &str) -> &str {
    let start = s
        .bytes()
        .position(|b| b != b' ' && b != b'\t')
        .unwrap_or(s.len());
    &s[start..]
}

/// A metric name in a comment line: plain or, for UTF-8 names, double-quoted.
fn metric_name(word: &str, what: &str) -> Result<String, String> {
    if word.is_empty() {
        return Err(format!("`{what}` without a metric name"));
    }
    if let Some(inner) = word.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        return Ok(unescape(inner, true));
    }
    if is_metric_name(word) {
        Ok(word.to_string())
    } else {
        Err(format!(
            "`{word}` is not a valid metric name after `{what}`; metric names match \
             [a-zA-Z_:][a-zA-Z0-9_:]* (quote other names)"
        ))
    }
}

/// True for `[a-zA-Z_:][a-zA-Z0-9_:]*`.
pub(crate) fn is_metric_name(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.first(), Some(c) if c.is_ascii_alphabetic() || *c == b'_' || *c == b':')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b':')
}

/// True for `[a-zA-Z_][a-zA-Z0-9_]*`.
pub(crate) fn is_label_name(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.first(), Some(c) if c.is_ascii_alphabetic() || *c == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Undoes `\\`, `\n` and (in quoted strings) `\"`; other escapes are kept as written.
fn unescape(s: &str, quoted: bool) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('"') if quoted => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Go's `strconv.ParseFloat` spellings that exposition writers use.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    match s {
        "+Inf" | "Inf" | "+inf" | "inf" => Some(f64::INFINITY),
        "-Inf" | "-inf" => Some(f64::NEG_INFINITY),
        "NaN" | "nan" => Some(f64::NAN),
        _ if s
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
            && s.bytes().any(|c| c.is_ascii_digit()) =>
        {
            s.parse().ok()
        }
        _ => None,
    }
}

/// A cursor over a sample line.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        // Exposition text is nearly all ASCII: decode UTF-8 only when needed.
        match self.text.as_bytes().get(self.pos)? {
            b if b.is_ascii() => Some(char::from(*b)),
            _ => self.text.get(self.pos..)?.chars().next(),
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_blanks(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// A bare name: `[a-zA-Z0-9_:]*` (validated by the caller).
    fn bare_name(&mut self) -> &'a str {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// A double-quoted string, unescaped; the cursor is on the opening quote.
    fn quoted(&mut self) -> Result<String, String> {
        if !self.eat('"') {
            return Err(format!("expected `\"` at `{}`", excerpt(self.rest())));
        }
        let start = self.pos;
        loop {
            match self.bump() {
                Some('"') => return Ok(unescape(&self.text[start..self.pos - 1], true)),
                Some('\\') => {
                    self.bump();
                }
                Some('\n') | None => {
                    return Err("unterminated label value: a closing `\"` is missing".to_string())
                }
                Some(_) => {}
            }
        }
    }

    /// A whitespace-delimited token.
    fn token(&mut self) -> &'a str {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c != ' ' && c != '\t') {
            self.bump();
        }
        &self.text[start..self.pos]
    }
}

/// The first characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    let cut: String = s.chars().take(24).collect();
    if cut.len() < s.len() {
        format!("{cut}...")
    } else {
        cut
    }
}

/// Reads a sample line from the start of `cur`; on an error the cursor is
/// where the problem is.
fn parse_sample(cur: &mut Cursor) -> Result<Sample, String> {
    let line = cur.text;
    let bare = cur.bare_name();
    if !bare.is_empty() && !is_metric_name(bare) {
        cur.pos = 0;
        return Err(format!(
            "`{bare}` is not a valid metric name; metric names match [a-zA-Z_:][a-zA-Z0-9_:]*"
        ));
    }
    let mut name = bare.to_string();
    let mut labels = Vec::new();
    if cur.eat('{') {
        labels = parse_label_list(cur, &mut name)?;
    }
    if name.is_empty() {
        return Err(format!(
            "expected a metric name at the start of `{}`",
            excerpt(line)
        ));
    }
    if !cur.skip_blanks() {
        return Err(format!(
            "expected a space and the value after `{name}`, found `{}`",
            excerpt(cur.rest())
        ));
    }
    let at = cur.pos;
    let value_text = cur.token();
    let Some(value) = parse_float(value_text) else {
        cur.pos = at;
        return Err(format!(
            "`{value_text}` is not a sample value of `{name}`; expected a number, +Inf, -Inf or NaN"
        ));
    };
    cur.skip_blanks();
    let mut timestamp = None;
    if !cur.rest().is_empty() && !cur.rest().starts_with('#') {
        let at = cur.pos;
        let ts_text = cur.token();
        let Some(ts) = parse_float(ts_text) else {
            cur.pos = at;
            return Err(format!(
                "`{ts_text}` is not a timestamp of `{name}`; expected a number"
            ));
        };
        timestamp = Some(ts);
        cur.skip_blanks();
    }
    if cur.eat('#') {
        // OpenMetrics exemplar: ` # {labels} value [timestamp]`, read and ignored.
        cur.skip_blanks();
        if !cur.eat('{') {
            return Err(format!(
                "expected an exemplar `# {{labels}} value` after the value of `{name}`, found `{}`",
                excerpt(cur.rest())
            ));
        }
        let mut exemplar_name = String::new();
        parse_label_list(cur, &mut exemplar_name)?;
        cur.skip_blanks();
        let v = cur.token();
        if parse_float(v).is_none() {
            return Err(format!("`{v}` is not an exemplar value of `{name}`"));
        }
        cur.skip_blanks();
        let ts = cur.token();
        if !ts.is_empty() && parse_float(ts).is_none() {
            return Err(format!("`{ts}` is not an exemplar timestamp of `{name}`"));
        }
        cur.skip_blanks();
    }
    if !cur.rest().is_empty() {
        return Err(format!(
            "unexpected `{}` after the sample of `{name}`",
            excerpt(cur.rest())
        ));
    }
    Ok(Sample {
        name,
        labels,
        value,
        timestamp,
    })
}

/// Reads `label="value", ...}` (the `{` is consumed). A quoted entry without
/// `=` is the metric name (the UTF-8 form `{"my.metric", a="b"}`).
fn parse_label_list(cur: &mut Cursor, name: &mut String) -> Result<Vec<(String, String)>, String> {
    let mut labels: Vec<(String, String)> = Vec::new();
    // Names seen: a set, so a line of many labels costs n log n, not n^2.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    loop {
        cur.skip_blanks();
        if cur.eat('}') {
            return Ok(labels);
        }
        if cur.peek().is_none() {
            return Err("the label list is not closed: a closing `}` is missing".to_string());
        }
        let label = if cur.peek() == Some('"') {
            let quoted = cur.quoted()?;
            cur.skip_blanks();
            if cur.peek() != Some('=') {
                if !name.is_empty() {
                    return Err(format!(
                        "the metric name is given twice (`{name}` and `\"{quoted}\"`)"
                    ));
                }
                *name = quoted;
                if !cur.eat(',') && cur.peek() != Some('}') {
                    return Err(format!(
                        "expected `,` or `}}` after the metric name, found `{}`",
                        excerpt(cur.rest())
                    ));
                }
                continue;
            }
            quoted
        } else {
            let start = cur.pos;
            let at = cur.rest();
            let bare = cur.bare_name();
            if !is_label_name(bare) {
                cur.pos = start;
                return Err(format!(
                    "expected a label name at `{}`; label names match [a-zA-Z_][a-zA-Z0-9_]*",
                    excerpt(at)
                ));
            }
            bare.to_string()
        };
        cur.skip_blanks();
        if !cur.eat('=') {
            return Err(format!(
                "expected `=` after label `{label}`, found `{}`",
                excerpt(cur.rest())
            ));
        }
        cur.skip_blanks();
        let value = cur.quoted()?;
        if !seen.insert(label.clone()) {
            return Err(format!("label `{label}` is given twice in one sample"));
        }
        if labels.len() == MAX_LABELS_PER_SAMPLE {
            return Err(limits::over(
                "the sample",
                MAX_LABELS_PER_SAMPLE + 1,
                "labels or more",
                "MAX_LABELS_PER_SAMPLE",
                MAX_LABELS_PER_SAMPLE,
            ));
        }
        labels.push((label, value));
        cur.skip_blanks();
        if !cur.eat(',') && cur.peek().is_some() && cur.peek() != Some('}') {
            return Err(format!(
                "expected `,` or `}}` after a label value, found `{}`",
                excerpt(cur.rest())
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(line: &str) -> Sample {
        match parse_line(line) {
            Ok(Some(Record::Sample(s))) => s,
            other => panic!("not a sample: {other:?}"),
        }
    }

    #[test]
    fn reads_samples_with_labels_escapes_and_timestamps() {
        let s = sample(r#"http_requests_total{method="post",code="200"} 1027 1395066363000"#);
        assert_eq!(s.name, "http_requests_total");
        assert_eq!(
            s.labels,
            vec![
                ("method".to_string(), "post".to_string()),
                ("code".to_string(), "200".to_string())
            ]
        );
        assert_eq!(s.value, 1027.0);
        assert_eq!(s.timestamp, Some(1395066363000.0));

        let s = sample(
            r#"msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9"#,
        );
        assert_eq!(s.labels[0].1, r"C:\DIR\FILE.TXT");
        assert_eq!(s.labels[1].1, "Cannot find file:\n\"FILE.TXT\"");

        let s = sample("metric_without_timestamp_and_labels 12.47");
        assert!(s.labels.is_empty() && s.timestamp.is_none());
        let s = sample(r#"x_bucket{le="+Inf",} +Inf"#);
        assert_eq!(s.value, f64::INFINITY);
        assert!(sample("x NaN").value.is_nan());
    }

    #[test]
    fn ignores_exemplars_and_reads_utf8_names() {
        let s =
            sample(r#"foo_bucket{le="0.01"} 17 # {trace_id="KOO5S4vxi0o"} 0.67 1520879607.789"#);
        assert_eq!(s.name, "foo_bucket");
        assert_eq!(s.value, 17.0);
        let s = sample(r#"{"my.dotted.metric", "some.label"="v"} 1"#);
        assert_eq!(s.name, "my.dotted.metric");
        assert_eq!(s.labels, vec![("some.label".to_string(), "v".to_string())]);
    }

    #[test]
    fn reads_comment_lines() {
        assert_eq!(
            parse_line("# HELP x Multi\\nline \\\\ help"),
            Ok(Some(Record::Help {
                name: "x".into(),
                text: "Multi\nline \\ help".into()
            }))
        );
        assert_eq!(
            parse_line("# TYPE x untyped"),
            Ok(Some(Record::Type {
                name: "x".into(),
                kind: MetricType::Unknown
            }))
        );
        assert_eq!(
            parse_line("# LABELS x_total a b"),
            Ok(Some(Record::Labels {
                family: "x_total".into(),
                names: vec!["a".into(), "b".into()]
            }))
        );
        assert_eq!(parse_line("# EOF"), Ok(Some(Record::Eof)));
        assert_eq!(
            parse_line("# TARGET_LABELS env cluster"),
            Ok(Some(Record::TargetLabels {
                names: vec!["env".into(), "cluster".into()]
            }))
        );
        assert!(parse_line("# TARGET_LABELS __meta_x").is_err());
        assert_eq!(parse_line("# just a comment"), Ok(None));
        assert_eq!(parse_line("   "), Ok(None));
    }

    #[test]
    fn rejects_malformed_lines_with_a_reason() {
        let err = |l: &str| parse_line(l).expect_err(l);
        assert!(err("# TYPE x countr").contains("unknown metric type `countr`"));
        assert!(err("x{a=\"b\"").contains("closing"));
        assert!(err("x{a=b} 1").contains("expected `\"`"));
        assert!(err("x 1 2 3").contains("unexpected `3`"));
        assert!(err("x abc").contains("not a sample value"));
        assert!(err("x{a=\"1\",a=\"2\"} 1").contains("given twice"));
        assert!(err("9x 1").contains("metric name"));
        assert!(err("x").contains("expected a space"));
        assert!(err("# LABELS x 1abc").contains("not a valid label name"));
        assert!(err("# BUCKETS x one").contains("not a bucket bound"));
    }
}
