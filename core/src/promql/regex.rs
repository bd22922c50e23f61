//! Go's RE2 syntax, as Prometheus compiles a label matcher's regular
//! expression: enough to accept exactly what Prometheus accepts, to report
//! what it rejects with Go's error category, and to tell whether the regex
//! matches the empty string (Prometheus rejects selectors whose every
//! matcher matches the empty string).
//!
//! Prometheus parses a matcher regex `v` with `regexp/syntax` (Perl flags)
//! and compiles `^(?s:v)$`. Besides the syntax, Go enforces three limits,
//! reproduced here by their effect:
//!
//! - a counted repeat `{n,m}` takes counts up to 1000, and nested counted
//!   repeats may not make more than 1000 copies of anything;
//! - the program after expanding repeats may not exceed 3,355,443
//!   instructions (`expression too large`);
//! - the syntax tree may not be more than 1000 levels deep, counting the
//!   level the anchoring adds (`expression nests too deeply`).
//!
//! The parser is iterative with one summary per open group, so any input
//! costs time linear in its length and memory linear in its nesting;
//! sizes and counts use saturating arithmetic.
//!
//! `core/tests/regex_conformance/` holds a table of cases with the verdict
//! of Go's own parser, which `core/tests/regex_conformance.rs` checks.

use std::fmt;
use std::ops::Range;

/// Go's limit on the compiled size of a regex, in instructions
/// (128 MiB of 40-byte instructions).
const MAX_SIZE: u64 = (128 << 20) / 40;
/// Go's limit on the height of a regex's syntax tree.
const MAX_HEIGHT: u32 = 1000;
/// Go's limit on one repeat count, and on nested counts multiplied.
const MAX_REPEAT: u64 = 1000;

/// A regular expression Prometheus would refuse, with Go's error category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    /// Go's error code, such as `invalid repeat count` (the text Go prints
    /// after `error parsing regexp:`).
    pub code: &'static str,
    /// The offending part of the regex, as a byte range.
    pub span: Range<usize>,
    /// The full message: Go's wording, the byte range, and how to fix it.
    pub message: String,
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RegexError {}

/// Parses `pattern`; returns whether it can match the empty string (the
/// whole string, as Prometheus anchors label regexes), or the error Go
/// would report.
pub fn parse(pattern: &str) -> Result<bool, RegexError> {
    Parser::new(pattern).run()
}

/// True when `pattern` (anchored) matches the empty string. Invalid patterns
/// count as not matching it.
pub fn matches_empty(pattern: &str) -> bool {
    parse(pattern).unwrap_or(false)
}

/// Go's POSIX class names (inside `[[:name:]]`, optionally `^`-negated).
const POSIX_CLASSES: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

/// Unicode general categories Go knows for `\p{..}` (its `unicode.Categories`).
const UNICODE_CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N",
    "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So",
    "Z", "Zl", "Zp", "Zs",
];

/// Unicode scripts Go knows for `\p{..}` (its `unicode.Scripts`, Unicode
/// 15.0 as in the Go releases Prometheus 3 is built with). Names are
/// case-sensitive, as in those releases.
const UNICODE_SCRIPTS: &[&str] = &[
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
];

/// `text`, cut to a readable length for a message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn known_unicode_class(name: &str) -> bool {
    name == "Any" || UNICODE_CATEGORIES.contains(&name) || UNICODE_SCRIPTS.contains(&name)
}

/// How a finished node looks in Go's syntax tree, as far as merging and
/// flattening (which change the tree's height and size) are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Literal text; `single` when one character (Go merges adjacent
    /// literals with the same case folding into one node).
    Lit { fold: bool, single: bool },
    /// One character of a set: a class, `.`, `\d`, `\pL`.
    Class,
    /// A concatenation of `count` nodes (hoisted into an enclosing one).
    Concat,
    /// An alternation of `count` branches (hoisted into an enclosing one).
    Alternate,
    /// Anything else: a capture, a repeat, an anchor, the empty match.
    Other,
}

/// What the checks need to know of a finished node.
#[derive(Debug, Clone, Copy)]
struct Sum {
    /// Matches the empty string.
    nullable: bool,
    /// Go's compiled-size estimate (saturating).
    size: u64,
    /// Height in Go's syntax tree.
    height: u32,
    /// Smallest repeat budget under which Go's nested-repeat check passes.
    need: u64,
    shape: Shape,
    /// Nodes of a `Concat`, branches of an `Alternate`.
    count: u32,
}

impl Sum {
    fn leaf(nullable: bool, shape: Shape) -> Sum {
        Sum {
            nullable,
            size: 1,
            height: 1,
            need: 0,
            shape,
            count: 1,
        }
    }

    fn literal(fold: bool) -> Sum {
        Sum::leaf(false, Shape::Lit { fold, single: true })
    }

    /// `self` wrapped in a node with one child, of the given size.
    fn wrap(self, size: u64, nullable: bool) -> Sum {
        Sum {
            nullable,
            size: size.max(1),
            height: self.height.saturating_add(1),
            need: self.need,
            shape: Shape::Other,
            count: 1,
        }
    }
}

/// A concatenation being built. The last item stays apart until the next
/// one arrives, as a repetition operator may still apply to it.
#[derive(Debug, Default)]
struct Concat {
    nullable_all: bool,
    size: u64,
    count: u32,
    max_height: u32,
    need: u64,
    /// Case folding of the previous item when it was literal text.
    prev_lit: Option<bool>,
    /// The only item so far (a concatenation of one is that item).
    only: Option<Sum>,
    /// The pending last item and its first byte.
    last: Option<(Sum, usize)>,
}

impl Concat {
    fn new() -> Concat {
        Concat {
            nullable_all: true,
            ..Concat::default()
        }
    }

    fn push(&mut self, item: Sum, start: usize) {
        self.settle();
        self.last = Some((item, start));
    }

    fn settle(&mut self) {
        let Some((item, _)) = self.last.take() else {
            return;
        };
        self.nullable_all &= item.nullable;
        self.size = self.size.saturating_add(item.size);
        self.need = self.need.max(item.need);
        if let (Shape::Lit { fold, .. }, Some(prev)) = (item.shape, self.prev_lit) {
            if fold == prev {
                // Go appends the text to the previous literal node.
                if let Some(only) = self.only.as_mut() {
                    only.size = only.size.saturating_add(item.size);
                    only.shape = Shape::Lit {
                        fold,
                        single: false,
                    };
                }
                return;
            }
        }
        let (count, height) = match item.shape {
            Shape::Concat => (item.count, item.height.saturating_sub(1)),
            _ => (1, item.height),
        };
        self.prev_lit = match item.shape {
            Shape::Lit { fold, .. } => Some(fold),
            _ => None,
        };
        self.only = if self.count == 0 && count == 1 {
            Some(item)
        } else {
            None
        };
        self.count = self.count.saturating_add(count);
        self.max_height = self.max_height.max(height);
    }

    fn finish(mut self) -> Sum {
        self.settle();
        match (self.count, self.only) {
            (0, _) => Sum::leaf(true, Shape::Other),
            (1, Some(only)) => only,
            _ => Sum {
                nullable: self.nullable_all,
                size: self.size.max(1),
                height: self.max_height.saturating_add(1),
                need: self.need,
                shape: Shape::Concat,
                count: self.count,
            },
        }
    }
}

/// An alternation being built.
#[derive(Debug, Default)]
struct Alternation {
    nullable_any: bool,
    /// Sum of the branches' sizes.
    size: u64,
    count: u32,
    max_height: u32,
    need: u64,
    /// The previous branch was one character (Go merges such neighbours
    /// into one class).
    prev_char: bool,
    only: Option<Sum>,
}

impl Alternation {
    fn add(&mut self, branch: Sum) {
        self.nullable_any |= branch.nullable;
        self.need = self.need.max(branch.need);
        let is_char = matches!(branch.shape, Shape::Class | Shape::Lit { single: true, .. });
        if is_char && self.prev_char {
            if let Some(only) = self.only.as_mut() {
                only.shape = Shape::Class;
            }
            return;
        }
        let (count, height, size) = match branch.shape {
            Shape::Alternate => (
                branch.count,
                branch.height.saturating_sub(1),
                branch
                    .size
                    .saturating_sub(u64::from(branch.count).saturating_sub(1)),
            ),
            _ => (1, branch.height, branch.size),
        };
        self.only = if self.count == 0 && count == 1 {
            Some(branch)
        } else {
            None
        };
        self.prev_char = is_char;
        self.count = self.count.saturating_add(count);
        self.size = self.size.saturating_add(size);
        self.max_height = self.max_height.max(height);
    }

    fn finish(self) -> Sum {
        match (self.count, self.only) {
            (1, Some(only)) => only,
            _ => Sum {
                nullable: self.nullable_any,
                size: self
                    .size
                    .saturating_add(u64::from(self.count).saturating_sub(1))
                    .max(1),
                height: self.max_height.saturating_add(1),
                need: self.need,
                shape: Shape::Alternate,
                count: self.count,
            },
        }
    }
}

/// One open group (the whole regex is the outermost).
struct Frame {
    /// Byte of the `(`; `None` for the whole regex.
    open: Option<usize>,
    capture: bool,
    /// Case folding when the group opened, restored when it closes.
    outer_fold: bool,
    /// First byte of the current branch.
    branch_start: usize,
    alternation: Alternation,
    concat: Concat,
}

impl Frame {
    fn new(open: Option<usize>, capture: bool, outer_fold: bool, start: usize) -> Frame {
        Frame {
            open,
            capture,
            outer_fold,
            branch_start: start,
            alternation: Alternation::default(),
            concat: Concat::new(),
        }
    }
}

/// A counted repeat's bounds; `max` is `None` for `{n,}`.
struct Counts {
    min: u64,
    max: Option<u64>,
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    fold: bool,
    frames: Vec<Frame>,
    /// Start of the previous token when it was a repetition operator.
    prev_repeat: Option<usize>,
    /// Nodes made so far, and the product of the repeat counts met (both
    /// saturating): they decide when Go starts measuring sizes.
    nodes: u64,
    repeats: u64,
    sizing: bool,
}

type Res<T> = Result<T, RegexError>;

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            fold: false,
            frames: vec![Frame::new(None, false, false, 0)],
            prev_repeat: None,
            nodes: 0,
            repeats: 1,
            sizing: false,
        }
    }

    fn error(&self, code: &'static str, span: Range<usize>, text: &str, hint: &str) -> RegexError {
        let message = format!(
            "error parsing regexp: {code}: `{}` (bytes {}..{} of the regex): {hint}",
            excerpt(text),
            span.start,
            span.end
        );
        RegexError {
            code,
            span,
            message,
        }
    }

    fn error_at(&self, code: &'static str, span: Range<usize>, hint: &str) -> RegexError {
        let text = &self.src[span.clone()];
        self.error(code, span.clone(), text, hint)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    fn frame(&mut self) -> &mut Frame {
        // The outermost frame is never popped.
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn run(mut self) -> Res<bool> {
        while let Some(b) = self.peek() {
            let start = self.pos;
            let mut repeat_token = false;
            match b {
                b'(' => {
                    if self.bytes.get(self.pos + 1) == Some(&b'?') {
                        self.group_flags()?;
                    } else {
                        self.pos += 1;
                        self.open_group(start, true);
                    }
                }
                b'|' => {
                    self.pos += 1;
                    self.end_branch(start)?;
                    self.frame().branch_start = self.pos;
                }
                b')' => self.close_group()?,
                b'^' | b'$' => {
                    self.pos += 1;
                    self.atom(Sum::leaf(true, Shape::Other), start);
                }
                b'.' => {
                    self.pos += 1;
                    self.atom(Sum::leaf(false, Shape::Class), start);
                }
                b'[' => {
                    self.class()?;
                    self.atom(Sum::leaf(false, Shape::Class), start);
                }
                b'*' | b'+' | b'?' => {
                    self.pos += 1;
                    let (min, max) = match b {
                        b'*' => (0, None),
                        b'+' => (1, None),
                        _ => (0, Some(1)),
                    };
                    self.repeat(start, Counts { min, max }, false)?;
                    repeat_token = true;
                }
                b'{' => match self.counts()? {
                    Some(counts) => {
                        self.repeat(start, counts, true)?;
                        repeat_token = true;
                    }
                    None => {
                        self.pos += 1;
                        self.atom(Sum::literal(self.fold), start);
                    }
                },
                b'\\' => self.escape_outside(start)?,
                _ => {
                    let c = self.char_at(self.pos).unwrap_or('\u{fffd}');
                    self.pos += c.len_utf8();
                    self.atom(Sum::literal(self.fold), start);
                }
            }
            if !repeat_token {
                self.prev_repeat = None;
            }
        }
        if self.frames.len() > 1 {
            let open = self.frame().open.unwrap_or(0);
            return Err(self.error(
                "missing closing )",
                open..open + 1,
                self.src,
                &format!(
                    "the group opened at byte {open} is never closed; add a `)` or write `\\(` \
                     for a literal parenthesis"
                ),
            ));
        }
        let end = self.pos;
        let root = self.end_group_body(0, end)?;
        // Prometheus compiles `^(?s:v)$`: the anchors join v's top-level
        // concatenation, or add one level above anything else.
        let wrapped = match root.shape {
            Shape::Concat => root.height,
            _ => root.height.saturating_add(1),
        };
        if wrapped > MAX_HEIGHT {
            return Err(self.too_deep(0..end));
        }
        Ok(root.nullable)
    }

    fn atom(&mut self, sum: Sum, start: usize) {
        self.nodes = self.nodes.saturating_add(1);
        self.frame().concat.push(sum, start);
    }

    fn open_group(&mut self, open: usize, capture: bool) {
        let fold = self.fold;
        let start = self.pos;
        self.frames
            .push(Frame::new(Some(open), capture, fold, start));
    }

    /// Checks Go's size and height limits on a node spanning `span`.
    fn limits(&self, sum: Sum, span: Range<usize>) -> Res<Sum> {
        if sum.size > MAX_SIZE {
            return Err(self.error(
                "expression too large",
                span.clone(),
                &self.src[span],
                &format!(
                    "with its repeats expanded this needs more than {MAX_SIZE} instructions, \
                     Go's limit; use smaller repeat counts, or `*`/`+` where any number will do"
                ),
            ));
        }
        if sum.height > MAX_HEIGHT {
            return Err(self.too_deep(span));
        }
        Ok(sum)
    }

    fn too_deep(&self, span: Range<usize>) -> RegexError {
        self.error(
            "expression nests too deeply",
            span,
            self.src,
            &format!(
                "groups and repeats nest more than {MAX_HEIGHT} levels deep, Go's limit; \
                 remove needless groups or write the repetition with a count"
            ),
        )
    }

    /// Ends the current branch of the innermost group at `end`.
    fn end_branch(&mut self, end: usize) -> Res<()> {
        let frame = self.frame();
        let branch_start = frame.branch_start;
        let concat = std::mem::replace(&mut frame.concat, Concat::new());
        let branch = concat.finish();
        let branch = self.limits(branch, branch_start..end)?;
        self.frame().alternation.add(branch);
        Ok(())
    }

    /// Ends the innermost group's body (its alternation) at `end`.
    fn end_group_body(&mut self, body_start: usize, end: usize) -> Res<Sum> {
        self.end_branch(end)?;
        let alternation = std::mem::take(&mut self.frame().alternation);
        let sum = alternation.finish();
        self.limits(sum, body_start..end)
    }

    fn close_group(&mut self) -> Res<()> {
        let close = self.pos;
        if self.frames.len() == 1 {
            return Err(self.error(
                "unexpected )",
                close..close + 1,
                self.src,
                &format!(
                    "no group is open at byte {close}; remove the `)` or write `\\)` for a \
                     literal parenthesis"
                ),
            ));
        }
        let open = self.frame().open.unwrap_or(0);
        let inner = self.end_group_body(open, close)?;
        self.pos += 1;
        let frame = self.frames.pop().expect("inner frame");
        self.fold = frame.outer_fold;
        let sum = if frame.capture {
            let size = inner.size.saturating_add(2);
            self.limits(inner.wrap(size, inner.nullable), open..self.pos)?
        } else {
            inner
        };
        self.atom(sum, open);
        Ok(())
    }

    /// After `(?`: a named capture, or flags ending in `)` or `:`.
    fn group_flags(&mut self) -> Res<()> {
        let start = self.pos;
        let rest = &self.src[start..];
        let named = if rest.len() > 4 && rest.as_bytes()[2] == b'P' && rest.as_bytes()[3] == b'<' {
            Some(4)
        } else if rest.len() > 3 && rest.as_bytes()[2] == b'<' {
            Some(3)
        } else {
            None
        };
        if let Some(name_at) = named {
            let Some(end) = rest.find('>') else {
                return Err(self.error(
                    "invalid named capture",
                    start..self.src.len(),
                    rest,
                    "the group name is never closed by `>`; write `(?P<name>...)`",
                ));
            };
            let name = &rest[name_at..end];
            if name.is_empty() || !name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric()) {
                let hint = if name.starts_with('=') || name.starts_with('!') {
                    "lookbehind assertions are not supported by Go's RE2 syntax"
                } else {
                    "a group name is one or more ASCII letters, digits or `_`"
                };
                return Err(self.error_at("invalid named capture", start..start + end + 1, hint));
            }
            self.pos = start + end + 1;
            self.open_group(start, true);
            return Ok(());
        }
        let mut i = start + 2;
        let mut fold = self.fold;
        let mut negated = false;
        let mut saw_flag = false;
        while let Some(c) = self.char_at(i) {
            i += c.len_utf8();
            match c {
                'i' | 'm' | 's' | 'U' => {
                    if c == 'i' {
                        fold = !negated;
                    }
                    saw_flag = true;
                }
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => {
                    self.pos = i;
                    if c == ':' {
                        self.open_group(start, false);
                    }
                    self.fold = fold;
                    return Ok(());
                }
                _ => break,
            }
        }
        let text = &self.src[start..i];
        let hint = match text.as_bytes().get(2) {
            Some(b'=' | b'!') => "lookahead assertions are not supported by Go's RE2 syntax",
            Some(b'<') => "lookbehind assertions are not supported by Go's RE2 syntax",
            Some(b'>') => "atomic groups are not supported by Go's RE2 syntax",
            Some(b'#') => "comments are not supported by Go's RE2 syntax",
            _ => {
                "after `(?` Go accepts only flags (i, m, s, U, a `-` before the ones to clear) \
                 ending in `)` or `:`, and named groups `(?P<name>...)`"
            }
        };
        Err(self.error_at("invalid or unsupported Perl syntax", start..i, hint))
    }

    /// `{n}`, `{n,}`, `{n,m}` at `self.pos`: the counts, or None when the
    /// text is no count (Go then reads the `{` as a literal). Counts over
    /// 1000, or a minimum above the maximum, are errors.
    fn counts(&self) -> Res<Option<Counts>> {
        let start = self.pos;
        let mut i = start + 1;
        let number = |i: &mut usize| -> Option<u64> {
            let s = *i;
            while self.bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            let digits = &self.bytes[s..*i];
            // No digits, or a leading zero: not a count.
            if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
                return None;
            }
            Some(digits.iter().fold(0u64, |n, d| {
                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            }))
        };
        let Some(min) = number(&mut i) else {
            return Ok(None);
        };
        let mut max = Some(min);
        if self.bytes.get(i) == Some(&b',') {
            i += 1;
            if self.bytes.get(i) == Some(&b'}') {
                max = None;
            } else {
                let Some(m) = number(&mut i) else {
                    return Ok(None);
                };
                max = Some(m);
            }
        }
        if self.bytes.get(i) != Some(&b'}') {
            return Ok(None);
        }
        i += 1;
        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT || m < min) {
            let hint = if max.is_some_and(|m| m < min) && min <= MAX_REPEAT {
                "the minimum is above the maximum; write the smaller count first".to_string()
            } else {
                format!(
                    "Go allows repeat counts up to {MAX_REPEAT}; use a smaller count, or `+` \
                     or `*` where any number will do"
                )
            };
            return Err(self.error_at("invalid repeat count", start..i, &hint));
        }
        Ok(Some(Counts { min, max }))
    }

    /// Applies a repetition operator starting at `op_start` (already
    /// consumed, but for a `{..}` count and a lazy `?`).
    fn repeat(&mut self, op_start: usize, counts: Counts, counted: bool) -> Res<()> {
        if counted {
            // Skip the `{...}` validated by `counts`.
            while self.peek() != Some(b'}') {
                self.pos += 1;
            }
            self.pos += 1;
        }
        if self.peek() == Some(b'?') {
            self.pos += 1;
        }
        let op_end = self.pos;
        if let Some(prev) = self.prev_repeat {
            return Err(self.error_at(
                "invalid nested repetition operator",
                prev..op_end,
                "an item already repeated cannot be repeated again; group it first, as in \
                 `(?:a*){2}`",
            ));
        }
        let Some((sub, sub_start)) = self.frame().concat.last.take() else {
            return Err(self.error_at(
                "missing argument to repetition operator",
                op_start..op_end,
                "there is nothing before it to repeat; write it with a backslash to match it \
                 literally",
            ));
        };
        let Counts { min, max } = counts;
        let size = if !counted {
            match (min, max) {
                (0, None) => sub.size.saturating_add(2),
                _ => sub.size.saturating_add(1),
            }
        } else {
            match max {
                None if min == 0 => sub.size.saturating_add(2),
                None => sub.size.saturating_mul(min).saturating_add(1),
                Some(m) => sub.size.saturating_mul(m).saturating_add(m - min),
            }
        };
        let mut sum = sub.wrap(size, min == 0 || sub.nullable);
        if counted {
            // Go walks down from each counted repeat dividing a budget of
            // 1000 by the counts met (`{n,}` counts as n); `{0}` stops the
            // walk, `{0,}` neither divides nor stops it.
            let m = max.unwrap_or(min);
            sum.need = match (max, m) {
                (Some(0), _) => 0,
                (_, 0) => sub.need,
                _ => m.max(m.saturating_mul(sub.need)),
            };
        }
        // Go measures sizes only once the product of the counts it has met
        // times the nodes it has made reaches its size limit; when both
        // limits are broken, that decides which error it reports first.
        if counted {
            let m = max.unwrap_or(min).max(1);
            self.repeats = self.repeats.saturating_mul(m);
            if self.nodes.saturating_mul(self.repeats) >= MAX_SIZE {
                self.sizing = true;
            }
            // Go meets the repeat again when the enclosing group closes.
            self.repeats = self.repeats.saturating_mul(m);
        }
        if self.sizing {
            sum = self.limits(sum, sub_start..op_end)?;
        }
        if counted && (min >= 2 || max.is_some_and(|m| m >= 2)) && sum.need > MAX_REPEAT {
            return Err(self.error_at(
                "invalid repeat count",
                op_start..op_end,
                &format!(
                    "nested counted repeats multiply, and Go allows at most {MAX_REPEAT} copies \
                     in all; lower the counts, or use `+` or `*` for one of them"
                ),
            ));
        }
        let sum = self.limits(sum, sub_start..op_end)?;
        self.frame().concat.last = Some((sum, sub_start));
        self.prev_repeat = Some(op_start);
        Ok(())
    }

    /// A `\` outside a class.
    fn escape_outside(&mut self, start: usize) -> Res<()> {
        match self.bytes.get(start + 1) {
            Some(b'A' | b'z' | b'B') => {
                self.pos += 2;
                self.atom(Sum::leaf(true, Shape::Other), start);
                return Ok(());
            }
            Some(b'b') => {
                self.pos += 2;
                self.atom(Sum::leaf(false, Shape::Other), start);
                return Ok(());
            }
            Some(b'C') => {
                return Err(self.error_at(
                    "invalid escape sequence",
                    start..start + 2,
                    "`\\C` (any byte) is not supported by Go's RE2 syntax; use `.`",
                ));
            }
            Some(b'Q') => {
                // \Q...\E: everything up to \E (or the end) is literal text.
                let body = start + 2;
                let end = self.src[body..]
                    .find("\\E")
                    .map_or(self.src.len(), |i| body + i);
                let mut i = body;
                while let Some(c) = self.char_at(i).filter(|_| i < end) {
                    self.atom(Sum::literal(self.fold), i);
                    i += c.len_utf8();
                }
                self.pos = if end < self.src.len() { end + 2 } else { end };
                return Ok(());
            }
            Some(b'p' | b'P') => {
                self.unicode_class(start)?;
                self.atom(Sum::leaf(false, Shape::Class), start);
                return Ok(());
            }
            Some(b'd' | b'D' | b's' | b'S' | b'w' | b'W') => {
                self.pos += 2;
                self.atom(Sum::leaf(false, Shape::Class), start);
                return Ok(());
            }
            _ => {}
        }
        self.escape_char(start)?;
        self.atom(Sum::literal(self.fold), start);
        Ok(())
    }

    /// A one-character escape at `start` (Go's `parseEscape`); returns the
    /// character and moves past it.
    fn escape_char(&mut self, start: usize) -> Res<char> {
        let Some(c) = self.char_at(start + 1) else {
            return Err(self.error(
                "trailing backslash at end of expression",
                start..start + 1,
                "",
                "the regex ends in a lone `\\`; write `\\\\` to match a backslash",
            ));
        };
        let mut i = start + 1 + c.len_utf8();
        let invalid = |p: &Self, end: usize, hint: &str| {
            Err(p.error_at("invalid escape sequence", start..end, hint))
        };
        let value = match c {
            '1'..='7' if !self.bytes.get(i).is_some_and(|d| (b'0'..=b'7').contains(d)) => {
                return invalid(
                    self,
                    i,
                    "back-references are not supported by Go's RE2 syntax; for an octal \
                     character write `\\0` and its digits",
                );
            }
            '0'..='7' => {
                let mut v = c as u32 - '0' as u32;
                for _ in 0..2 {
                    match self.bytes.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                char::from_u32(v).unwrap_or('\0')
            }
            'x' => return self.hex_escape(start),
            'a' => '\u{7}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\u{b}',
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => c,
            'Z' => {
                return invalid(
                    self,
                    i,
                    "Go has no `\\Z`; use `\\z` for the end of the text",
                )
            }
            'E' => {
                return invalid(self, i, "`\\E` only ends a `\\Q...\\E` quotation");
            }
            _ => {
                return invalid(
                    self,
                    i,
                    "Go's RE2 syntax has no such escape; write `\\\\` for a backslash, and \
                     escape only punctuation",
                );
            }
        };
        self.pos = i;
        Ok(value)
    }

    /// `\x41` or `\x{10FFFF}` at `start`.
    fn hex_escape(&mut self, start: usize) -> Res<char> {
        let mut i = start + 2;
        let fail = |p: &Self, end: usize| {
            Err(p.error_at(
                "invalid escape sequence",
                start..end,
                "write a hex escape as `\\x` and two hex digits, or `\\x{...}` with 1 or more hex \
                 digits up to 10FFFF",
            ))
        };
        if self.bytes.get(i) == Some(&b'{') {
            i += 1;
            let mut value: u32 = 0;
            let mut digits = 0;
            loop {
                let Some(c) = self.char_at(i) else {
                    return fail(self, i);
                };
                i += c.len_utf8();
                if c == '}' {
                    break;
                }
                let Some(d) = c.to_digit(16) else {
                    return fail(self, i);
                };
                value = value.saturating_mul(16).saturating_add(d);
                if value > 0x10FFFF {
                    return fail(self, i);
                }
                digits += 1;
            }
            if digits == 0 {
                return fail(self, i);
            }
            self.pos = i;
            return Ok(char::from_u32(value).unwrap_or('\u{fffd}'));
        }
        let mut value = 0;
        for _ in 0..2 {
            let Some(c) = self.char_at(i) else {
                return fail(self, i);
            };
            i += c.len_utf8();
            let Some(d) = c.to_digit(16) else {
                return fail(self, i);
            };
            value = value * 16 + d;
        }
        self.pos = i;
        Ok(char::from_u32(value).unwrap_or('\0'))
    }

    /// `\pL`, `\p{Greek}`, `\P{^Greek}` at `start`.
    fn unicode_class(&mut self, start: usize) -> Res<()> {
        let after = start + 2;
        let (name, end) = match self.char_at(after) {
            Some('{') => match self.src[after..].find('}') {
                Some(close) => (&self.src[after + 1..after + close], after + close + 1),
                None => {
                    return Err(self.error_at(
                        "invalid character class range",
                        start..self.src.len(),
                        "the class name is never closed by `}`",
                    ));
                }
            },
            Some(c) => (&self.src[after..after + c.len_utf8()], after + c.len_utf8()),
            None => ("", after),
        };
        let name = name.strip_prefix('^').unwrap_or(name);
        if !known_unicode_class(name) {
            return Err(self.error_at(
                "invalid character class range",
                start..end,
                "Go knows `Any`, the general categories (`L`, `Lu`, `Nd`, ...) and the Unicode \
                 script names (`Greek`, `Latin`, `Han`, ...), spelt exactly so",
            ));
        }
        self.pos = end;
        Ok(())
    }

    /// A bracketed class at `self.pos`.
    fn class(&mut self) -> Res<()> {
        let start = self.pos;
        let missing = |p: &Self| {
            Err(p.error(
                "missing closing ]",
                start..start + 1,
                &p.src[start..],
                &format!(
                    "the class opened at byte {start} is never closed; add a `]` or write `\\[` \
                     for a literal bracket"
                ),
            ))
        };
        self.pos += 1;
        if self.peek() == Some(b'^') {
            self.pos += 1;
        }
        let mut first = true;
        loop {
            let Some(b) = self.peek() else {
                return missing(self);
            };
            if b == b']' && !first {
                self.pos += 1;
                return Ok(());
            }
            first = false;
            let item = self.pos;
            if self.src[item..].starts_with("[:") && self.src.len() > item + 2 {
                if let Some(close) = self.src[item + 2..].find(":]") {
                    let end = item + 2 + close + 2;
                    let name = &self.src[item + 2..end - 2];
                    let name = name.strip_prefix('^').unwrap_or(name);
                    if !POSIX_CLASSES.contains(&name) {
                        return Err(self.error_at(
                            "invalid character class range",
                            item..end,
                            &format!("Go's POSIX classes are {}", POSIX_CLASSES.join(", ")),
                        ));
                    }
                    self.pos = end;
                    continue;
                }
            }
            if b == b'\\' {
                match self.bytes.get(item + 1) {
                    Some(b'p' | b'P') => {
                        self.unicode_class(item)?;
                        continue;
                    }
                    Some(b'd' | b'D' | b's' | b'S' | b'w' | b'W') => {
                        self.pos += 2;
                        continue;
                    }
                    _ => {}
                }
            }
            let lo = self.class_char()?;
            if self.peek() == Some(b'-') && self.bytes.get(self.pos + 1).is_some_and(|&n| n != b']')
            {
                self.pos += 1;
                let hi = self.class_char()?;
                if hi < lo {
                    return Err(self.error_at(
                        "invalid character class range",
                        item..self.pos,
                        "the range ends below where it starts; write the lower character first",
                    ));
                }
            }
        }
    }

    /// One character of a class (possibly escaped).
    fn class_char(&mut self) -> Res<char> {
        let at = self.pos;
        match self.char_at(at) {
            None => {
                let start = self.src[..at].rfind('[').unwrap_or(0);
                Err(self.error(
                    "missing closing ]",
                    start..start + 1,
                    &self.src[start..],
                    "the class is never closed; add a `]` or write `\\[` for a literal bracket",
                ))
            }
            Some('\\') => self.escape_char(at),
            Some(c) => {
                self.pos += c.len_utf8();
                Ok(c)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_matching() {
        assert_eq!(parse(".*"), Ok(true));
        assert_eq!(parse(".+"), Ok(false));
        assert_eq!(parse("a|"), Ok(true));
        assert_eq!(parse("(a|b)?"), Ok(true));
        assert_eq!(parse("foo"), Ok(false));
        assert_eq!(parse(""), Ok(true));
        assert_eq!(parse("(?i)a*"), Ok(true));
        assert_eq!(parse("[a-z]{0,3}"), Ok(true));
        assert_eq!(parse("(?:a{2}){0}"), Ok(true));
        assert_eq!(parse("\\Q\\E"), Ok(true));
        assert_eq!(parse("\\Qa\\E"), Ok(false));
        assert!(matches_empty("^$"));
        assert!(!matches_empty("(a"));
    }

    fn code(pattern: &str) -> &'static str {
        parse(pattern).expect_err(pattern).code
    }

    #[test]
    fn errors_carry_go_codes() {
        assert_eq!(code("("), "missing closing )");
        assert_eq!(code(")"), "unexpected )");
        assert_eq!(code("[a"), "missing closing ]");
        assert_eq!(code("*a"), "missing argument to repetition operator");
        assert_eq!(code("a**"), "invalid nested repetition operator");
        assert_eq!(code("\\q"), "invalid escape sequence");
        assert_eq!(code("[z-a]"), "invalid character class range");
        assert_eq!(code("a{2,1}"), "invalid repeat count");
        assert_eq!(code("(a{1000}){1000}"), "invalid repeat count");
        assert_eq!(code("a{99999999999}"), "invalid repeat count");
        assert_eq!(code("\\p{Foo}"), "invalid character class range");
        assert_eq!(code("[[:foo:]]"), "invalid character class range");
        assert_eq!(code("\\1"), "invalid escape sequence");
        assert_eq!(code("[a-\\d]"), "invalid escape sequence");
        assert_eq!(code("\\x{110000}"), "invalid escape sequence");
        assert_eq!(code("(?=a)"), "invalid or unsupported Perl syntax");
        assert_eq!(code("(?P<>a)"), "invalid named capture");
        assert_eq!(code("a\\"), "trailing backslash at end of expression");
    }

    #[test]
    fn go_reads_these_as_valid() {
        for ok in [
            "a{x}",
            "a{01,0}",
            "a{,2}",
            "(?P<n>a)(?P<n>b)",
            "(?<n>a)",
            "[]a]",
            "[\\d-z]",
            "\\pL",
            "\\p{Greek}",
            "\\P{^Greek}",
            "a(?i)*",
            "^*",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
    }

    #[test]
    fn messages_locate_and_explain() {
        let e = parse("ab{1001}").unwrap_err();
        assert_eq!(e.span, 2..8);
        assert!(e.message.contains("`{1001}`"), "{}", e.message);
        assert!(e.message.contains("bytes 2..8"), "{}", e.message);
        assert!(e.message.contains("up to 1000"), "{}", e.message);

        let e = parse("x(ab").unwrap_err();
        assert_eq!(e.span, 1..2);
        assert!(e.message.contains("opened at byte 1"), "{}", e.message);

        let e = parse("a\\1").unwrap_err();
        assert_eq!(e.span, 1..3);
        assert!(e.message.contains("back-references"), "{}", e.message);
    }

    #[test]
    fn limits_cost_linear_work() {
        // Nested counts multiply with saturation: no exponential work.
        let nested = "(".repeat(200) + "a" + &"){1000}".repeat(200);
        assert_eq!(code(&nested), "invalid repeat count");
        // Deep non-capturing groups are fine for Go; deep captures are not.
        let groups = "(?:".repeat(100_000) + "a" + &")".repeat(100_000);
        assert_eq!(parse(&groups), Ok(false));
        let captures = "(".repeat(100_000) + "a" + &")".repeat(100_000);
        assert_eq!(code(&captures), "expression nests too deeply");
        let unclosed = "(".repeat(100_000);
        assert_eq!(code(&unclosed), "missing closing )");
    }
}
