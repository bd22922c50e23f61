//! Catalog (exposition format) text built from structured lines.

use super::{Num, Pick, Word, LABELS, METRICS, ODD};
use libfuzzer_sys::arbitrary::{self, Arbitrary};

const TYPES: &[&str] = &[
    "counter",
    "gauge",
    "histogram",
    "summary",
    "untyped",
    "unknown",
    "gaugehistogram",
    "stateset",
    "info",
    "countr",
    "",
];
const SUFFIXES: &[&str] = &[
    "", "_total", "_bucket", "_sum", "_count", "_created", "_info",
];
const VALUES: &[&str] = &[
    "1", "0", "-1", "1e3", "+Inf", "-Inf", "NaN", "Nan", "1.0", "0.005", "abc", "", "1_000",
    "0x10", "1e999",
];
const LABEL_VALUES: &[&str] = &[
    "mail", "", "0.1", "+Inf", "1.0", "0.5", "a\\\"b", "a\\\\b", "a\\nb", "\\x", "\\", "é",
];

/// One line of a catalog file.
#[derive(Debug, Arbitrary)]
pub enum Line {
    Help(Word, Word),
    Type(Word, Pick),
    Unit(Word, Word),
    Sample {
        name: Word,
        suffix: Pick,
        braces: bool,
        labels: Vec<(Word, Word)>,
        trailing_comma: bool,
        value: Pick,
        timestamp: Option<Num>,
        exemplar: Option<Word>,
    },
    Labels(Word, Vec<Word>),
    Buckets(Word, Vec<Pick>),
    TargetLabels(Vec<Word>),
    /// A `# LABELS` line naming many labels (past the caps).
    ManyLabels(Word, u16),
    /// A sample with many labels (past the caps).
    WideSample(Word, u16),
    /// `# TARGET_LABELS` with many names.
    ManyTargetLabels(u16),
    Comment(Word),
    Blank,
    Eof,
    Raw(String),
}

impl Line {
    pub fn write(&self, out: &mut String, crlf: bool) {
        match self {
            Line::Help(n, t) => {
                out.push_str("# HELP ");
                out.push_str(&n.text(METRICS));
                out.push(' ');
                out.push_str(&t.text(ODD));
            }
            Line::Type(n, t) => {
                out.push_str("# TYPE ");
                out.push_str(&n.text(METRICS));
                out.push(' ');
                out.push_str(t.of(TYPES));
            }
            Line::Unit(n, u) => {
                out.push_str("# UNIT ");
                out.push_str(&n.text(METRICS));
                out.push(' ');
                out.push_str(&u.text(&["seconds", "bytes", ""]));
            }
            Line::Sample {
                name,
                suffix,
                braces,
                labels,
                trailing_comma,
                value,
                timestamp,
                exemplar,
            } => {
                out.push_str(&name.text(METRICS));
                out.push_str(suffix.of(SUFFIXES));
                if *braces || !labels.is_empty() {
                    out.push('{');
                    for (i, (l, v)) in labels.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&l.text(LABELS));
                        out.push_str("=\"");
                        out.push_str(&v.text(LABEL_VALUES));
                        out.push('"');
                    }
                    if *trailing_comma {
                        out.push(',');
                    }
                    out.push('}');
                }
                out.push(' ');
                out.push_str(value.of(VALUES));
                if let Some(t) = timestamp {
                    out.push(' ');
                    out.push_str(&t.text());
                }
                if let Some(e) = exemplar {
                    out.push_str(" # {trace_id=\"");
                    out.push_str(&e.text(ODD));
                    out.push_str("\"} 1");
                }
            }
            Line::Labels(n, ls) => {
                out.push_str("# LABELS ");
                out.push_str(&n.text(METRICS));
                for l in ls {
                    out.push(' ');
                    out.push_str(&l.text(LABELS));
                }
            }
            Line::Buckets(n, bs) => {
                out.push_str("# BUCKETS ");
                out.push_str(&n.text(METRICS));
                for b in bs {
                    out.push(' ');
                    out.push_str(b.of(VALUES));
                }
            }
            Line::TargetLabels(ls) => {
                out.push_str("# TARGET_LABELS");
                for l in ls {
                    out.push(' ');
                    out.push_str(&l.text(LABELS));
                }
            }
            Line::ManyLabels(n, count) => {
                out.push_str("# LABELS ");
                out.push_str(&n.text(METRICS));
                for i in 0..usize::from(*count % 2100) {
                    out.push_str(&format!(" l{i}"));
                }
            }
            Line::WideSample(n, count) => {
                out.push_str(&n.text(METRICS));
                out.push('{');
                for i in 0..usize::from(*count % 2100) {
                    out.push_str(&format!("l{i}=\"v\","));
                }
                out.push_str("} 1");
            }
            Line::ManyTargetLabels(count) => {
                out.push_str("# TARGET_LABELS");
                for i in 0..usize::from(*count % 2100) {
                    out.push_str(&format!(" t{i}"));
                }
            }
            Line::Comment(w) => {
                out.push_str("# ");
                out.push_str(&w.text(ODD));
            }
            Line::Blank => {}
            Line::Eof => out.push_str("# EOF"),
            Line::Raw(s) => out.push_str(s),
        }
        out.push_str(if crlf { "\r\n" } else { "\n" });
    }
}

/// A whole catalog file.
#[derive(Debug, Arbitrary)]
pub struct CatalogText {
    pub lines: Vec<Line>,
    pub crlf: bool,
    pub no_final_newline: bool,
}

impl CatalogText {
    pub fn text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            l.write(&mut out, self.crlf);
        }
        if self.no_final_newline {
            while out.ends_with('\n') || out.ends_with('\r') {
                out.pop();
            }
        }
        out
    }
}
