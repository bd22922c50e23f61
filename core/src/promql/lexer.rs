//! The PromQL lexer: turns the query into tokens with byte spans, following
//! Prometheus's lexer state by state (statements, inside braces, inside
//! brackets) so that errors land on the same bytes.
//!
//! Grafana variable references (`$var`, `${var:fmt}`, `[[var]]`) are lexed
//! as [`TokenKind::Variable`] tokens, or as part of an identifier when they
//! are glued to one (`node_${dev}_bytes`).

use super::ast::Span;

/// Keywords (matched case-insensitively, as Prometheus does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `sum`, `avg`, ... (an aggregation operator)
    Aggregate(super::ast::AggregateOp),
    /// `and`
    And,
    /// `or`
    Or,
    /// `unless`
    Unless,
    /// `atan2`
    Atan2,
    /// `bool`
    Bool,
    /// `by`
    By,
    /// `without`
    Without,
    /// `on`
    On,
    /// `ignoring`
    Ignoring,
    /// `group_left`
    GroupLeft,
    /// `group_right`
    GroupRight,
    /// `offset`
    Offset,
    /// `start`
    Start,
    /// `end`
    End,
    /// `step`
    Step,
    /// `range`
    Range,
    /// `anchored`
    Anchored,
    /// `smoothed`
    Smoothed,
}

impl Keyword {
    /// The keyword for an identifier, ignoring case.
    pub fn lookup(word: &str) -> Option<Keyword> {
        // Lower-cased on the stack: this runs for every identifier.
        let mut buf = [0u8; 12];
        let bytes = word.as_bytes();
        let lower = buf.get_mut(..bytes.len())?;
        for (d, s) in lower.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        let lower = std::str::from_utf8(lower).ok()?;
        let kw = match lower {
            "and" => Keyword::And,
            "or" => Keyword::Or,
            "unless" => Keyword::Unless,
            "atan2" => Keyword::Atan2,
            "bool" => Keyword::Bool,
            "by" => Keyword::By,
            "without" => Keyword::Without,
            "on" => Keyword::On,
            "ignoring" => Keyword::Ignoring,
            "group_left" => Keyword::GroupLeft,
            "group_right" => Keyword::GroupRight,
            "offset" => Keyword::Offset,
            "start" => Keyword::Start,
            "end" => Keyword::End,
            "step" => Keyword::Step,
            "range" => Keyword::Range,
            "anchored" => Keyword::Anchored,
            "smoothed" => Keyword::Smoothed,
            other => Keyword::Aggregate(super::ast::AggregateOp::from_name(other)?),
        };
        Some(kw)
    }

    /// Whether Prometheus lets the keyword be used as a metric name.
    pub fn is_metric_name(self) -> bool {
        !matches!(
            self,
            Keyword::Bool
                | Keyword::On
                | Keyword::Ignoring
                | Keyword::GroupLeft
                | Keyword::GroupRight
                | Keyword::Atan2
        )
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// End of input.
    Eof,
    /// A lexical error; the message is in [`Lexed::error`].
    Error,
    /// `,`
    Comma,
    /// `(`
    LeftParen,
    /// `)`
    RightParen,
    /// `{`
    LeftBrace,
    /// `}`
    RightBrace,
    /// `[`
    LeftBracket,
    /// `]`
    RightBracket,
    /// `:` (subquery step separator)
    Colon,
    /// `=` (label matcher)
    Eql,
    /// `!=`
    Neq,
    /// `=~`
    EqlRegex,
    /// `!~`
    NeqRegex,
    /// `==`
    EqlC,
    /// `<`
    Lss,
    /// `<=`
    Lte,
    /// `>`
    Gtr,
    /// `>=`
    Gte,
    /// `</` (experimental)
    TrimUpper,
    /// `>/` (experimental)
    TrimLower,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `@`
    At,
    /// A number (`1`, `0x1f`, `1e3`, `Inf`, `NaN`).
    Number,
    /// A duration (`5m`, `1h30m`).
    Duration,
    /// A quoted string in any of the three styles (span includes quotes).
    String,
    /// An identifier without `:`.
    Identifier,
    /// An identifier containing `:` (recording rule names).
    MetricIdentifier,
    /// A keyword.
    Keyword(Keyword),
    /// A Grafana variable reference on its own (`$var`, `${var}`, `[[var]]`).
    Variable,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// The lexer's output: tokens (ending in `Eof` or `Error`) and the lexical
/// error, if any.
#[derive(Debug, Clone)]
pub struct Lexed {
    /// The tokens; the last one is `Eof` or `Error`.
    pub tokens: Vec<Token>,
    /// The error message of a final `Error` token.
    pub error: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Statements,
    Braces,
    Brackets,
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    start: usize,
    paren_depth: i32,
    bracket_open: bool,
    got_colon: bool,
    got_duration: bool,
    mode: Mode,
    tokens: Vec<Token>,
}

/// Lexes the whole query. Lexing stops at the first error, as Prometheus's does.
pub fn lex(src: &str) -> Lexed {
    let mut l = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        start: 0,
        paren_depth: 0,
        bracket_open: false,
        got_colon: false,
        got_duration: false,
        mode: Mode::Statements,
        tokens: Vec::with_capacity(src.len() / 3 + 2),
    };
    let error = loop {
        let step = match l.mode {
            Mode::Statements => l.statements(),
            Mode::Braces => l.inside_braces(),
            Mode::Brackets => l.inside_brackets(),
        };
        match step {
            Ok(true) => {}
            Ok(false) => break None,
            Err(message) => {
                let message = with_hint(message);
                let at = l.start;
                l.tokens.push(Token {
                    kind: TokenKind::Error,
                    span: Span::new(at, src.len()),
                });
                break Some(message);
            }
        }
    };
    Lexed {
        tokens: l.tokens,
        error,
    }
}

/// Prometheus's message, plus how to fix it.
fn with_hint(message: String) -> String {
    const HINTS: &[(&str, &str)] = &[
        ("unclosed left bracket", "close the range with `]`"),
        (
            "unexpected character after '=': '~'",
            "`=~` matches labels inside braces; compare values with `==`",
        ),
        ("unexpected character after '!'", "did you mean `!=`?"),
        (
            "unexpected right parenthesis",
            "remove it or add the matching `(`",
        ),
        (
            "unexpected left bracket",
            "a range is written once, as in x[5m]",
        ),
        (
            "unexpected right bracket",
            "remove it or add the matching `[`",
        ),
        (
            "unexpected character: '}'",
            "remove it or add the matching `{`",
        ),
        (
            "unexpected character: '$'",
            "Grafana variables are written $name, ${name} or ${name:format}",
        ),
        (
            "unexpected end of input inside braces",
            "close the label matchers with `}`",
        ),
        (
            "unexpected character after '!' inside braces",
            "label matchers use =, !=, =~ or !~",
        ),
        (
            "unexpected character inside braces",
            "inside braces write label matchers such as job=\"api\" (operators =, !=, =~, !~), \
             separated by commas",
        ),
        (
            "unexpected left brace",
            "label matchers are written once, as in x{job=\"api\"}",
        ),
        (
            "unexpected end of input in duration",
            "close the range with `]`",
        ),
        (
            "unexpected character in duration expression",
            "a range is a duration such as 5m or $__rate_interval",
        ),
        (
            "bad number or duration syntax",
            "numbers look like 1, 0.5, 1e3 or 0x1f; durations like 5m, 1h30m or 500ms",
        ),
        (
            "unterminated quoted string",
            "close the string with the quote it starts with",
        ),
        (
            "unterminated raw string",
            "close the string with a backtick",
        ),
        (
            "escape sequence not terminated",
            "finish the escape, or write `\\\\` for a backslash",
        ),
        (
            "unknown escape sequence",
            "write `\\\\` for a backslash, or use a `backtick` string where `\\` is literal",
        ),
        (
            "illegal character",
            "write `\\\\` for a backslash, or use a `backtick` string where `\\` is literal",
        ),
    ];
    match HINTS.iter().find(|(prefix, _)| message.starts_with(prefix)) {
        Some((_, hint)) => format!("{message}; {hint}"),
        None => message,
    }
}

/// Prometheus's `isSpace`.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_alpha(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_alnum(c: char) -> bool {
    is_alpha(c) || c.is_ascii_digit()
}

/// Go's `%q` of a rune.
pub fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '\\' => "'\\\\'".to_string(),
        '\n' => "'\\n'".to_string(),
        '\t' => "'\\t'".to_string(),
        '\r' => "'\\r'".to_string(),
        c if c.is_control() => format!("'\\x{:02x}'", c as u32),
        c => format!("'{c}'"),
    }
}

/// Length in bytes of a Grafana variable reference starting at `at`
/// (`$name`, `${...}`, `[[name]]`), or 0 when there is none.
pub fn variable_len(src: &str, at: usize) -> usize {
    let b = src.as_bytes();
    match b.get(at) {
        Some(b'$') => match b.get(at + 1) {
            Some(b'{') => {
                // Grafana: `${name}`, `${name.field}`, `${name:format}`.
                let mut i = at + 2;
                let name_start = i;
                while i < b.len() && is_var_char(b[i]) {
                    i += 1;
                }
                if i == name_start {
                    return 0;
                }
                let plain = |c: u8| {
                    !matches!(c, b'}' | b'"' | b'\'' | b'`' | b'\\' | b'{' | b'$')
                        && !c.is_ascii_whitespace()
                        && !c.is_ascii_control()
                };
                if b.get(i) == Some(&b'.') || b.get(i) == Some(&b':') {
                    i += 1;
                    while i < b.len() && plain(b[i]) {
                        i += 1;
                    }
                }
                if b.get(i) == Some(&b'}') {
                    i + 1 - at
                } else {
                    0
                }
            }
            Some(&c) if is_var_char(c) => {
                let mut i = at + 1;
                while i < b.len() && is_var_char(b[i]) {
                    i += 1;
                }
                i - at
            }
            _ => 0,
        },
        Some(b'[') if b.get(at + 1) == Some(&b'[') => {
            let mut i = at + 2;
            if i >= b.len() || !is_var_char(b[i]) {
                return 0;
            }
            while i < b.len() && (is_var_char(b[i]) || b[i] == b':' || b[i] == b'.') {
                i += 1;
            }
            if b.get(i) == Some(&b']') && b.get(i + 1) == Some(&b']') {
                i + 2 - at
            } else {
                0
            }
        }
        _ => 0,
    }
}

fn is_var_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_byte(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, set: &[u8]) -> bool {
        match self.peek_byte() {
            Some(b) if set.contains(&b) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn emit(&mut self, kind: TokenKind) {
        self.tokens.push(Token {
            kind,
            span: Span::new(self.start, self.pos),
        });
        self.start = self.pos;
    }

    fn skip(&mut self) {
        self.start = self.pos;
    }

    fn skip_comment(&mut self) {
        while let Some(b) = self.peek_byte() {
            if b == b'\n' {
                break;
            }
            self.pos += 1;
        }
        // The comment may end in the middle of a multi-byte char only at EOF.
        while !self.src.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        self.skip();
    }

    fn skip_spaces(&mut self) {
        while let Some(c) = self.peek() {
            if !is_space(c) {
                break;
            }
            self.pos += 1;
        }
        self.skip();
    }

    /// Lexes a Grafana variable starting at `pos`, or returns false.
    fn variable(&mut self) -> bool {
        let n = variable_len(self.src, self.pos);
        if n == 0 {
            return false;
        }
        self.pos += n;
        true
    }

    fn statements(&mut self) -> Result<bool, String> {
        if self.peek_byte() == Some(b'#') {
            self.skip_comment();
            return Ok(true);
        }
        if self.variable() {
            // A variable glued to identifier characters is one identifier.
            if self.absorb_identifier() {
                self.emit_word();
            } else {
                self.emit(TokenKind::Variable);
            }
            return Ok(true);
        }
        let Some(c) = self.next() else {
            if self.paren_depth != 0 {
                return Err("unclosed left parenthesis".into());
            }
            if self.bracket_open {
                return Err("unclosed left bracket".into());
            }
            self.emit(TokenKind::Eof);
            return Ok(false);
        };
        match c {
            ',' => self.emit(TokenKind::Comma),
            c if is_space(c) => self.skip_spaces(),
            '*' => self.emit(TokenKind::Mul),
            '/' => self.emit(TokenKind::Div),
            '%' => self.emit(TokenKind::Mod),
            '+' => self.emit(TokenKind::Add),
            '-' => self.emit(TokenKind::Sub),
            '^' => self.emit(TokenKind::Pow),
            '=' => match self.peek() {
                Some('=') => {
                    self.pos += 1;
                    self.emit(TokenKind::EqlC)
                }
                Some('~') => return Err("unexpected character after '=': '~'".into()),
                _ => self.emit(TokenKind::Eql),
            },
            '!' => match self.next() {
                Some('=') => self.emit(TokenKind::Neq),
                Some(t) => {
                    return Err(format!("unexpected character after '!': {}", quote_char(t)))
                }
                None => return Err("unexpected end of input after '!'".into()),
            },
            '<' => match self.peek() {
                Some('=') => {
                    self.pos += 1;
                    self.emit(TokenKind::Lte)
                }
                Some('/') => {
                    self.pos += 1;
                    self.emit(TokenKind::TrimUpper)
                }
                _ => self.emit(TokenKind::Lss),
            },
            '>' => match self.peek() {
                Some('=') => {
                    self.pos += 1;
                    self.emit(TokenKind::Gte)
                }
                Some('/') => {
                    self.pos += 1;
                    self.emit(TokenKind::TrimLower)
                }
                _ => self.emit(TokenKind::Gtr),
            },
            c if c.is_ascii_digit()
                || (c == '.' && self.peek().is_some_and(|d| d.is_ascii_digit())) =>
            {
                self.pos -= 1;
                self.number_or_duration()?;
            }
            '"' | '\'' => self.string(c)?,
            '`' => self.raw_string()?,
            c if is_alpha(c) || c == ':' => {
                if !self.bracket_open {
                    self.absorb_identifier();
                    self.emit_word();
                } else {
                    if self.got_colon {
                        return Err(format!("unexpected colon {}", quote_char(c)));
                    }
                    self.emit(TokenKind::Colon);
                    self.got_colon = true;
                }
            }
            '(' => self.left_paren(),
            ')' => self.right_paren()?,
            '{' => {
                self.emit(TokenKind::LeftBrace);
                self.mode = Mode::Braces;
            }
            '[' => {
                if self.bracket_open {
                    return Err("unexpected left bracket '['".into());
                }
                self.got_colon = false;
                self.got_duration = false;
                self.emit(TokenKind::LeftBracket);
                self.skip_spaces();
                self.bracket_open = true;
                self.mode = Mode::Brackets;
            }
            ']' => {
                if !self.bracket_open {
                    return Err("unexpected right bracket ']'".into());
                }
                self.emit(TokenKind::RightBracket);
                self.bracket_open = false;
            }
            '@' => self.emit(TokenKind::At),
            c => return Err(format!("unexpected character: {}", quote_char(c))),
        }
        Ok(true)
    }

    /// Emits `(`, one parenthesis deeper.
    fn left_paren(&mut self) {
        self.emit(TokenKind::LeftParen);
        self.paren_depth += 1;
    }

    /// Emits `)`, or fails where no `(` is open.
    fn right_paren(&mut self) -> Result<(), String> {
        self.paren_depth -= 1;
        if self.paren_depth < 0 {
            self.start = self.pos;
            return Err("unexpected right parenthesis ')'".into());
        }
        self.emit(TokenKind::RightParen);
        Ok(())
    }

    /// Absorbs identifier characters (and glued Grafana variables) after the
    /// current position. Returns whether anything was absorbed.
    fn absorb_identifier(&mut self) -> bool {
        let before = self.pos;
        loop {
            match self.peek_byte() {
                Some(b) if b == b':' || b == b'_' || b.is_ascii_alphanumeric() => self.pos += 1,
                Some(b'$') | Some(b'[') if variable_len(self.src, self.pos) > 0 => {
                    // `[[` is only a variable inside an identifier, not a range.
                    if self.peek_byte() == Some(b'[') && self.bytes.get(self.pos + 1) != Some(&b'[')
                    {
                        break;
                    }
                    self.pos += variable_len(self.src, self.pos);
                }
                _ => break,
            }
        }
        self.pos > before
    }

    fn emit_word(&mut self) {
        let word = &self.src[self.start..self.pos];
        let has_var = word.contains('$') || word.contains("[[");
        let kind = if has_var {
            if word.contains(':') && !word.contains("${") && !word.contains("[[") {
                TokenKind::MetricIdentifier
            } else {
                TokenKind::Identifier
            }
        } else {
            match Keyword::lookup(word) {
                Some(kw) => TokenKind::Keyword(kw),
                None if word.eq_ignore_ascii_case("inf") || word.eq_ignore_ascii_case("nan") => {
                    TokenKind::Number
                }
                None if word.contains(':') => TokenKind::MetricIdentifier,
                None => TokenKind::Identifier,
            }
        };
        self.emit(kind);
    }

    fn inside_braces(&mut self) -> Result<bool, String> {
        if self.peek_byte() == Some(b'#') {
            self.skip_comment();
            return Ok(true);
        }
        if self.peek_byte() == Some(b'$') && self.variable() {
            self.absorb_label_chars();
            self.emit(TokenKind::Identifier);
            return Ok(true);
        }
        let Some(c) = self.next() else {
            return Err("unexpected end of input inside braces".into());
        };
        match c {
            c if is_space(c) => self.skip_spaces(),
            c if is_alpha(c) => {
                self.absorb_label_chars();
                self.emit(TokenKind::Identifier);
            }
            ',' => self.emit(TokenKind::Comma),
            '"' | '\'' => self.string(c)?,
            '`' => self.raw_string()?,
            '=' => {
                if self.peek() == Some('~') {
                    self.pos += 1;
                    self.emit(TokenKind::EqlRegex);
                } else {
                    self.emit(TokenKind::Eql);
                }
            }
            '!' => match self.next() {
                Some('~') => self.emit(TokenKind::NeqRegex),
                Some('=') => self.emit(TokenKind::Neq),
                Some(t) => {
                    return Err(format!(
                        "unexpected character after '!' inside braces: {}",
                        quote_char(t)
                    ))
                }
                None => return Err("unexpected end of input inside braces".into()),
            },
            '{' => return Err("unexpected left brace '{'".into()),
            '}' => {
                self.emit(TokenKind::RightBrace);
                self.mode = if self.bracket_open {
                    Mode::Brackets
                } else {
                    Mode::Statements
                };
            }
            c => {
                return Err(format!(
                    "unexpected character inside braces: {}",
                    quote_char(c)
                ))
            }
        }
        Ok(true)
    }

    fn absorb_label_chars(&mut self) {
        loop {
            match self.peek_byte() {
                Some(b) if b == b'_' || b.is_ascii_alphanumeric() => self.pos += 1,
                Some(b'$') if variable_len(self.src, self.pos) > 0 => {
                    self.pos += variable_len(self.src, self.pos);
                }
                _ => break,
            }
        }
    }

    fn inside_brackets(&mut self) -> Result<bool, String> {
        if self.variable() {
            self.got_duration = true;
            self.emit(TokenKind::Variable);
            return Ok(true);
        }
        let Some(c) = self.next() else {
            return Err("unexpected end of input in duration expression".into());
        };
        match c {
            ']' => {
                self.emit(TokenKind::RightBracket);
                self.bracket_open = false;
                self.got_colon = false;
                self.mode = Mode::Statements;
            }
            ':' => {
                self.emit(TokenKind::Colon);
                if !self.got_duration {
                    return Err("unexpected colon before duration in duration expression".into());
                }
                if self.got_colon {
                    return Err("unexpected repeated colon in duration expression".into());
                }
                self.got_colon = true;
            }
            '(' => self.left_paren(),
            ')' => self.right_paren()?,
            c if is_space(c) => self.skip_spaces(),
            '+' => self.emit(TokenKind::Add),
            '-' => self.emit(TokenKind::Sub),
            '*' => self.emit(TokenKind::Mul),
            '/' => self.emit(TokenKind::Div),
            '%' => self.emit(TokenKind::Mod),
            '^' => self.emit(TokenKind::Pow),
            ',' => self.emit(TokenKind::Comma),
            c if is_alpha(c) => {
                self.pos -= 1;
                let word_start = self.pos;
                while self
                    .peek_byte()
                    .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric())
                {
                    self.pos += 1;
                }
                let word = &self.src[word_start..self.pos];
                let kind = match word.to_ascii_lowercase().as_str() {
                    "step" => Some(TokenKind::Keyword(Keyword::Step)),
                    "range" => Some(TokenKind::Keyword(Keyword::Range)),
                    "min_of" | "max_of" => Some(TokenKind::Identifier),
                    _ => None,
                };
                match kind {
                    Some(kind) => self.emit(kind),
                    None => {
                        self.pos = word_start + 1;
                        return Err(if self.got_duration {
                            format!("unexpected character: {}, expected ':'", quote_char(c))
                        } else {
                            format!(
                                "unexpected character in duration expression: {}",
                                quote_char(c)
                            )
                        });
                    }
                }
            }
            c if c.is_ascii_digit()
                || (c == '.' && self.peek().is_some_and(|d| d.is_ascii_digit())) =>
            {
                self.pos -= 1;
                self.got_duration = true;
                self.number_or_duration()?;
            }
            c => {
                return Err(format!(
                    "unexpected character in duration expression: {}",
                    quote_char(c)
                ))
            }
        }
        Ok(true)
    }

    fn number_or_duration(&mut self) -> Result<(), String> {
        if self.scan_number() {
            self.emit(TokenKind::Number);
            return Ok(());
        }
        if self.accept_remaining_duration() {
            self.emit(TokenKind::Duration);
            return Ok(());
        }
        while !self.src.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        Err(format!(
            "bad number or duration syntax: {}",
            go_quote(&self.src[self.start..self.pos.min(self.src.len())])
        ))
    }

    /// Prometheus's `scanNumber`: `[0x][digits][.digits][e[+-]digits]`, with
    /// `_` between digits, not followed by an alphanumeric character.
    fn scan_number(&mut self) -> bool {
        let mut digits: &[u8] = b"0123456789";
        let hex = self.accept(b"0") && self.accept(b"xX");
        if hex {
            self.accept(b"_");
            digits = b"0123456789abcdefABCDEF";
        }
        let mut dot = self.accept(b".");
        let mut exp = false;
        while let Some(b) = self.peek_byte() {
            if digits.contains(&b) {
                self.pos += 1;
            } else if b == b'.' {
                self.pos += 1;
                if dot || exp {
                    return false;
                }
                dot = true;
            } else if !hex && (b == b'e' || b == b'E') {
                self.pos += 1;
                if exp {
                    return false;
                }
                exp = true;
                self.accept(b"+-");
            } else if b == b'_' {
                self.pos += 1;
                if !self.peek_byte().is_some_and(|n| digits.contains(&n)) {
                    return false;
                }
            } else {
                break;
            }
        }
        !self.peek().is_some_and(is_alnum)
    }

    fn accept_remaining_duration(&mut self) -> bool {
        if !self.accept(b"smhdwy") {
            return false;
        }
        self.accept(b"s");
        while self.accept(b"0123456789") {
            while self.accept(b"0123456789") {}
            if !self.accept(b"smhdw") {
                return false;
            }
            self.accept(b"s");
        }
        match self.peek() {
            Some(c) if is_alnum(c) => {
                self.pos += c.len_utf8();
                false
            }
            _ => true,
        }
    }

    fn string(&mut self, quote: char) -> Result<(), String> {
        loop {
            match self.next() {
                Some('\\') => self.escape(quote)?,
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == quote => break,
                Some(_) => {}
            }
        }
        self.emit(TokenKind::String);
        Ok(())
    }

    fn escape(&mut self, quote: char) -> Result<(), String> {
        let Some(c) = self.next() else {
            return Err("escape sequence not terminated".into());
        };
        let (mut n, base, max, mut ch): (u32, u32, u32, Option<char>) = match c {
            'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => return Ok(()),
            c if c == quote => return Ok(()),
            '0'..='7' => (3, 8, 255, Some(c)),
            'x' => (2, 16, 255, self.next()),
            'u' => (4, 16, 0x10FFFF, self.next()),
            'U' => (8, 16, 0x10FFFF, self.next()),
            c => {
                return Err(format!(
                    "unknown escape sequence U+{:04X} {}",
                    c as u32,
                    quote_char(c)
                ))
            }
        };
        let mut x: u32 = 0;
        while n > 0 {
            let d = ch.and_then(|c| c.to_digit(16)).unwrap_or(u32::MAX);
            if d >= base {
                return Err(match ch {
                    None => "escape sequence not terminated".into(),
                    Some(c) => format!(
                        "illegal character U+{:04X} {} in escape sequence",
                        c as u32,
                        quote_char(c)
                    ),
                });
            }
            x = x.saturating_mul(base).saturating_add(d);
            n -= 1;
            if n > 0 {
                ch = self.next();
            }
        }
        if x > max || (0xD800..0xE000).contains(&x) {
            return Err("escape sequence is an invalid Unicode code point".into());
        }
        Ok(())
    }

    fn raw_string(&mut self) -> Result<(), String> {
        loop {
            match self.next() {
                None => return Err("unterminated raw string".into()),
                Some('`') => break,
                Some(_) => {}
            }
        }
        self.emit(TokenKind::String);
        Ok(())
    }
}

/// Go's `%q` of a string (close enough for error messages).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Unquotes a string token's text (with its quotes), resolving Go escapes.
/// The lexer has already validated the escapes.
pub fn unquote(text: &str) -> String {
    let Some(quote) = text.chars().next() else {
        return String::new();
    };
    let inner = text
        .get(1..text.len().saturating_sub(1).max(1))
        .unwrap_or("");
    if quote == '`' {
        return inner.to_string();
    }
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    let mut buf = [0u8; 4];
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let Some(e) = chars.next() else { break };
        let simple = match e {
            'a' => Some(0x07u8),
            'b' => Some(0x08),
            'f' => Some(0x0c),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0b),
            '\\' => Some(b'\\'),
            '\'' => Some(b'\''),
            '"' => Some(b'"'),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let (count, base, first) = match e {
            '0'..='7' => (3, 8, Some(e)),
            'x' => (2, 16, None),
            'u' => (4, 16, None),
            'U' => (8, 16, None),
            _ => (0, 16, None),
        };
        let mut value: u32 = 0;
        let mut taken = 0;
        if let Some(f) = first {
            value = f.to_digit(8).unwrap_or(0);
            taken = 1;
        }
        while taken < count {
            match chars.peek().and_then(|c| c.to_digit(base)) {
                Some(d) => {
                    value = value.saturating_mul(base).saturating_add(d);
                    chars.next();
                    taken += 1;
                }
                None => break,
            }
        }
        if matches!(e, 'x' | '0'..='7') {
            out.push((value & 0xff) as u8);
        } else if let Some(ch) = char::from_u32(value) {
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        lex(src).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn lexes_selectors_and_ranges() {
        use TokenKind::*;
        assert_eq!(
            kinds("rate(foo{a=~\"b\"}[5m])"),
            vec![
                Identifier,
                LeftParen,
                Identifier,
                LeftBrace,
                Identifier,
                EqlRegex,
                String,
                RightBrace,
                LeftBracket,
                Duration,
                RightBracket,
                RightParen,
                Eof
            ]
        );
        assert_eq!(
            kinds("x[$__rate_interval]"),
            vec![Identifier, LeftBracket, Variable, RightBracket, Eof]
        );
        assert_eq!(kinds("node_${dev}_bytes"), vec![Identifier, Eof]);
    }

    #[test]
    fn reports_errors_at_prometheus_positions() {
        let l = lex("2.5.");
        assert_eq!(
            l.error.as_deref(),
            Some(
                "bad number or duration syntax: \"2.5.\"; numbers look like 1, 0.5, 1e3 or 0x1f; \
                 durations like 5m, 1h30m or 500ms"
            )
        );
        let l = lex("(1))");
        assert_eq!(l.tokens.last().map(|t| t.span), Some(Span::new(4, 4)));
        assert_eq!(unquote(r#""a\tb\x41\u00e9""#), "a\tbAé");
    }
}
