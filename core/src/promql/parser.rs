//! The PromQL parser: a hand-written precedence-climbing parser over the
//! [`lexer`]'s tokens, producing the [`ast`](super::ast).
//!
//! It follows Prometheus's grammar (`generated_parser.y`) rule by rule,
//! including the checks Prometheus makes while parsing (ranges only on
//! selectors, offset twice, aggregation argument counts, durations), and
//! reports the first syntax error on the same token Prometheus does.

use super::ast::*;
use super::lexer::{self, go_quote, Keyword, Token, TokenKind};
use super::variables::{find_vars, var_ref};
use super::{QueryEnv, QueryError};

/// How deep expressions may nest before the parser gives up (keeps the
/// recursive passes well inside the stack; real queries nest a few levels).
const MAX_DEPTH: usize = crate::limits::MAX_QUERY_DEPTH;

/// Parses `src`. On failure, returns every error found before the parser had
/// to stop (the first syntax error ends parsing, as in Prometheus).
pub fn parse(src: &str, env: &QueryEnv) -> Result<Expr, Vec<QueryError>> {
    let lexed = lexer::lex(src);
    let mut p = Parser {
        src,
        tokens: &lexed.tokens,
        lex_error: lexed.error.as_deref(),
        pos: 0,
        errors: Vec::new(),
        env,
        depth: 0,
    };
    let result = p.parse_start();
    match result {
        Ok(expr) if p.errors.is_empty() => Ok(expr),
        _ => Err(p.errors),
    }
}

/// Parsing stopped; the reason is in `Parser::errors`.
struct Stop;

type PResult<T> = Result<T, Stop>;

struct Parser<'a> {
    src: &'a str,
    tokens: &'a [Token],
    lex_error: Option<&'a str>,
    pos: usize,
    errors: Vec<QueryError>,
    env: &'a QueryEnv,
    depth: usize,
}

/// Precedence of unary `+`/`-`: that of `*`, so `-a^b` is `-(a^b)`.
const UNARY_OPERAND_PREC: u8 = 6;

impl<'a> Parser<'a> {
    // ----- token access -----

    fn peek(&self) -> Token {
        let i = self.pos.min(self.tokens.len().saturating_sub(1));
        self.tokens.get(i).copied().unwrap_or(Token {
            kind: TokenKind::Eof,
            span: Span::new(self.src.len(), self.src.len()),
        })
    }

    fn peek_at(&self, ahead: usize) -> Token {
        let i = (self.pos + ahead).min(self.tokens.len().saturating_sub(1));
        self.tokens.get(i).copied().unwrap_or(self.peek())
    }

    fn kind(&self) -> TokenKind {
        self.peek().kind
    }

    fn bump(&mut self) -> Token {
        let t = self.peek();
        if !matches!(t.kind, TokenKind::Eof | TokenKind::Error) {
            self.pos += 1;
        }
        t
    }

    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(QueryError::new(span.range(), message));
    }

    /// Appends `hint` (how to fix it) to the last error, after Prometheus's
    /// own wording.
    fn hint_last(&mut self, hint: &str) {
        if let Some(last) = self.errors.last_mut() {
            last.message.push_str("; ");
            last.message.push_str(hint);
        }
    }

    /// The syntax error at the current token; parsing stops.
    fn unexpected(&mut self, context: &str, expected: &str) -> Stop {
        let tok = self.peek();
        if tok.kind == TokenKind::Error {
            let mut msg = self.lex_error.unwrap_or("invalid input").to_string();
            if msg == "unclosed left parenthesis" {
                if let Some(open) = self.unclosed_paren() {
                    msg.push_str(&format!(
                        ": the `(` at {} is never closed; add a `)`",
                        position(self.src, open)
                    ));
                }
            }
            self.error(tok.span, msg);
            return Stop;
        }
        let mut msg = format!("unexpected {}", self.describe(tok));
        if !context.is_empty() {
            msg.push_str(" in ");
            msg.push_str(context);
        }
        if !expected.is_empty() {
            msg.push_str(", expected ");
            msg.push_str(expected);
        }
        self.error(tok.span, msg);
        Stop
    }

    /// The innermost `(` left open at the end of the tokens.
    fn unclosed_paren(&self) -> Option<usize> {
        let mut open = Vec::new();
        for t in self.tokens {
            match t.kind {
                TokenKind::LeftParen => open.push(t.span.start),
                TokenKind::RightParen => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.last().copied()
    }

    /// How Prometheus names a token in "unexpected ..." messages.
    fn describe(&self, tok: Token) -> String {
        let text = self.text(tok.span);
        match tok.kind {
            TokenKind::Eof => "end of input".into(),
            TokenKind::Error => self.lex_error.unwrap_or("invalid input").into(),
            TokenKind::Identifier => format!("identifier {}", go_quote(text)),
            TokenKind::MetricIdentifier => format!("metric identifier {}", go_quote(text)),
            TokenKind::Variable => format!("variable {}", go_quote(text)),
            TokenKind::Number => format!("number {}", go_quote(text)),
            TokenKind::Duration => format!("duration {}", go_quote(text)),
            TokenKind::String => {
                if text.len() > 10 {
                    let cut: String = text.chars().take(10).collect();
                    format!("string {}...", go_quote(&cut))
                } else {
                    format!("string {}", go_quote(text))
                }
            }
            TokenKind::Keyword(Keyword::Aggregate(_)) => format!("<aggr:{text}>"),
            TokenKind::Keyword(Keyword::And | Keyword::Or | Keyword::Unless | Keyword::Atan2) => {
                format!("<op:{text}>")
            }
            TokenKind::Keyword(_) => format!("<{text}>"),
            TokenKind::Comma
            | TokenKind::LeftParen
            | TokenKind::RightParen
            | TokenKind::LeftBrace
            | TokenKind::RightBrace
            | TokenKind::LeftBracket
            | TokenKind::RightBracket
            | TokenKind::Colon
            | TokenKind::Eql => go_quote(text),
            _ => format!("<op:{text}>"),
        }
    }

    fn experimental(&mut self, span: Span, what: &str, flag: &str) {
        if !self.env.experimental {
            self.error(
                span,
                format!(
                    "{what} is experimental Prometheus syntax and not enabled; opt in with \
                     `experimental: true` in the dashboard (`--experimental` for `dashc \
                     check-query`), and run Prometheus with --enable-feature={flag}"
                ),
            );
        }
    }

    // ----- expressions -----

    fn parse_start(&mut self) -> PResult<Expr> {
        match self.kind() {
            TokenKind::Eof => {
                self.error(Span::new(0, 0), "no expression found in input");
                return Err(Stop);
            }
            TokenKind::Error => return Err(self.unexpected("", "")),
            _ => {}
        }
        let expr = self.parse_expr(0)?;
        if self.kind() != TokenKind::Eof {
            return Err(self.unexpected("", "an operator or the end of the query"));
        }
        Ok(expr)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let span = self.peek().span;
            self.error(
                span,
                format!(
                    "the query nests more than {MAX_DEPTH} levels deep here, over dashc's cap \
                     (`limits::MAX_QUERY_DEPTH`); split it up"
                ),
            );
            return Err(Stop);
        }
        Ok(())
    }

    fn leave(&mut self, levels: usize) {
        self.depth = self.depth.saturating_sub(levels);
    }

    fn binary_op(&self, tok: Token) -> Option<BinaryOp> {
        Some(match tok.kind {
            TokenKind::Add => BinaryOp::Add,
            TokenKind::Sub => BinaryOp::Sub,
            TokenKind::Mul => BinaryOp::Mul,
            TokenKind::Div => BinaryOp::Div,
            TokenKind::Mod => BinaryOp::Mod,
            TokenKind::Pow => BinaryOp::Pow,
            TokenKind::EqlC => BinaryOp::Eql,
            TokenKind::Neq => BinaryOp::Neq,
            TokenKind::Gtr => BinaryOp::Gtr,
            TokenKind::Gte => BinaryOp::Gte,
            TokenKind::Lss => BinaryOp::Lss,
            TokenKind::Lte => BinaryOp::Lte,
            TokenKind::TrimUpper => BinaryOp::TrimUpper,
            TokenKind::TrimLower => BinaryOp::TrimLower,
            TokenKind::Keyword(Keyword::And) => BinaryOp::And,
            TokenKind::Keyword(Keyword::Or) => BinaryOp::Or,
            TokenKind::Keyword(Keyword::Unless) => BinaryOp::Unless,
            TokenKind::Keyword(Keyword::Atan2) => BinaryOp::Atan2,
            _ => return None,
        })
    }

    /// Parses binary operations whose operators bind at least `min_prec`.
    fn parse_expr(&mut self, min_prec: u8) -> PResult<Expr> {
        self.enter()?;
        let mut lhs = self.parse_unary()?;
        let mut chain = 0;
        loop {
            let tok = self.peek();
            let Some(op) = self.binary_op(tok) else { break };
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            self.bump();
            if matches!(op, BinaryOp::TrimUpper | BinaryOp::TrimLower) {
                self.experimental(
                    tok.span,
                    &format!("the `{}` operator", op.as_str()),
                    "promql-experimental-functions",
                );
            }
            let (return_bool, matching) = self.parse_bin_modifiers()?;
            let fill = self.parse_fill()?;
            // Every node built here deepens the tree by one.
            chain += 1;
            self.enter()?;
            let next_min = if op.is_right_assoc() { prec } else { prec + 1 };
            let rhs = Box::new(self.parse_expr(next_min)?);
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary(Binary {
                    op,
                    op_span: tok.span,
                    return_bool,
                    matching,
                    fill,
                    lhs: Box::new(lhs),
                    rhs,
                }),
                span,
            };
        }
        self.leave(chain + 1);
        Ok(lhs)
    }

    fn parse_bin_modifiers(&mut self) -> PResult<(bool, Option<VectorMatching>)> {
        let mut return_bool = false;
        if self.kind() == TokenKind::Keyword(Keyword::Bool) {
            self.bump();
            return_bool = true;
        }
        let on = match self.kind() {
            TokenKind::Keyword(Keyword::On) => true,
            TokenKind::Keyword(Keyword::Ignoring) => false,
            _ => return Ok((return_bool, None)),
        };
        let keyword_span = self.bump().span;
        let labels = self.parse_grouping_labels()?;
        let side = match self.kind() {
            TokenKind::Keyword(Keyword::GroupLeft) => Some(GroupSide::Left),
            TokenKind::Keyword(Keyword::GroupRight) => Some(GroupSide::Right),
            _ => None,
        };
        let group = match side {
            Some(side) => {
                let kw = self.bump().span;
                let labels = if self.kind() == TokenKind::LeftParen {
                    Some(self.parse_grouping_labels()?)
                } else {
                    None
                };
                Some(Grouping {
                    side,
                    labels,
                    keyword_span: kw,
                })
            }
            None => None,
        };
        Ok((
            return_bool,
            Some(VectorMatching {
                on,
                labels,
                keyword_span,
                group,
            }),
        ))
    }

    /// `fill(v)`, `fill_left(v)`, `fill_right(v)` after the matching clauses.
    fn parse_fill(&mut self) -> PResult<Option<Fill>> {
        let mut fill: Option<Fill> = None;
        loop {
            let tok = self.peek();
            if tok.kind != TokenKind::Identifier || self.peek_at(1).kind != TokenKind::LeftParen {
                return Ok(fill);
            }
            let which = match self.text(tok.span) {
                "fill" => (true, true),
                "fill_left" => (true, false),
                "fill_right" => (false, true),
                _ => return Ok(fill),
            };
            self.bump();
            self.bump();
            let negative = match self.kind() {
                TokenKind::Sub => {
                    self.bump();
                    true
                }
                TokenKind::Add => {
                    self.bump();
                    false
                }
                _ => false,
            };
            let num = self.peek();
            if num.kind != TokenKind::Number {
                return Err(self.unexpected("fill modifier", "number"));
            }
            self.bump();
            let value = self.number(num);
            let value = if negative { -value } else { value };
            if self.kind() != TokenKind::RightParen {
                return Err(self.unexpected("fill modifier", "\")\""));
            }
            let close = self.bump().span;
            self.experimental(
                tok.span.to(close),
                "a fill modifier",
                "promql-binop-fill-modifiers",
            );
            let f = fill.get_or_insert(Fill {
                left: None,
                right: None,
                span: tok.span,
            });
            if which.0 {
                f.left = Some(value);
            }
            if which.1 {
                f.right = Some(value);
            }
            f.span = f.span.to(close);
        }
    }

    fn parse_grouping_labels(&mut self) -> PResult<LabelList> {
        if self.kind() != TokenKind::LeftParen {
            return Err(self.unexpected("grouping opts", "\"(\""));
        }
        let open = self.bump().span;
        let mut labels = Vec::new();
        if self.kind() == TokenKind::RightParen {
            let close = self.bump().span;
            return Ok(LabelList {
                labels,
                span: open.to(close),
            });
        }
        loop {
            let tok = self.peek();
            let label = match tok.kind {
                TokenKind::Identifier
                | TokenKind::MetricIdentifier
                | TokenKind::Keyword(_)
                | TokenKind::Variable => self.name_from_token(tok),
                TokenKind::String => {
                    let value = lexer::unquote(self.text(tok.span));
                    if value.is_empty() {
                        self.error(tok.span, "invalid label name for grouping: \"\"");
                    }
                    Name {
                        vars: find_vars(self.text(tok.span), tok.span.start),
                        value,
                        span: tok.span,
                    }
                }
                _ => return Err(self.unexpected("grouping opts", "label")),
            };
            self.bump();
            labels.push(label);
            match self.kind() {
                TokenKind::Comma => {
                    self.bump();
                    if self.kind() == TokenKind::RightParen {
                        break;
                    }
                }
                TokenKind::RightParen => break,
                _ => {
                    let opening = self.kind() == TokenKind::LeftParen;
                    let stop = self.unexpected("grouping opts", "\",\" or \")\"");
                    if opening {
                        // `max by (kind (x))`: the grouping was not closed.
                        self.hint_last(
                            "grouping labels are names separated by commas, `by (a, b)`; close the \
                             `by (...)` or `without (...)` before the aggregated expression: \
                             `max by (a) (x)`",
                        );
                    }
                    return Err(stop);
                }
            }
        }
        let close = self.bump().span;
        Ok(LabelList {
            labels,
            span: open.to(close),
        })
    }

    fn name_from_token(&self, tok: Token) -> Name {
        let text = self.text(tok.span);
        Name {
            value: text.to_string(),
            span: tok.span,
            vars: if text.contains('$') || text.contains("[[") {
                find_vars(text, tok.span.start)
            } else {
                Vec::new()
            },
        }
    }

    fn parse_unary(&mut self) -> PResult<Expr> {
        let tok = self.peek();
        let Some(op) = sign_of(tok.kind) else {
            let primary = self.parse_primary()?;
            return self.parse_postfix(primary);
        };
        self.bump();
        let operand = self.parse_expr(UNARY_OPERAND_PREC)?;
        let span = tok.span.to(operand.span);
        if let ExprKind::Number(n) = operand.kind {
            return Ok(Expr {
                kind: ExprKind::Number(signed(op, n)),
                span,
            });
        }
        Ok(Expr {
            kind: ExprKind::Unary(Unary {
                op,
                expr: Box::new(operand),
            }),
            span,
        })
    }

    /// Dispatches on the first token. Kept small: it is on the recursion
    /// path of nested expressions, so big frames here cost stack per level.
    fn parse_primary(&mut self) -> PResult<Expr> {
        let tok = self.peek();
        let next = self.peek_at(1).kind;
        match tok.kind {
            TokenKind::LeftParen => self.parse_paren(),
            TokenKind::Identifier if next == TokenKind::LeftParen => self.parse_call(),
            TokenKind::Keyword(Keyword::Start | Keyword::End | Keyword::Step | Keyword::Range)
                if next == TokenKind::LeftParen =>
            {
                self.parse_call()
            }
            TokenKind::Keyword(Keyword::Aggregate(op))
                if matches!(
                    next,
                    TokenKind::LeftParen
                        | TokenKind::Keyword(Keyword::By)
                        | TokenKind::Keyword(Keyword::Without)
                ) =>
            {
                self.parse_aggregate(op)
            }
            _ => self.parse_leaf(tok, next),
        }
    }

    fn parse_paren(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let inner = Box::new(self.parse_expr(0)?);
        if self.kind() != TokenKind::RightParen {
            return Err(self.unexpected("", "an operator or \")\""));
        }
        let close = self.bump().span;
        Ok(Expr {
            kind: ExprKind::Paren(inner),
            span: open.to(close),
        })
    }

    /// Literals, selectors and variables: everything that does not nest.
    fn parse_leaf(&mut self, tok: Token, next: TokenKind) -> PResult<Expr> {
        let kind = match tok.kind {
            TokenKind::Number => {
                self.bump();
                ExprKind::Number(NumberLiteral {
                    value: self.number(tok),
                    is_duration: false,
                })
            }
            TokenKind::Duration => {
                self.bump();
                ExprKind::Number(NumberLiteral {
                    value: self.duration_value(tok),
                    is_duration: true,
                })
            }
            TokenKind::String => {
                self.bump();
                let text = self.text(tok.span);
                ExprKind::String(StringLiteral {
                    value: lexer::unquote(text),
                    vars: find_vars(text, tok.span.start),
                })
            }
            TokenKind::LeftBrace => return self.parse_selector(None),
            TokenKind::Identifier | TokenKind::MetricIdentifier => {
                self.bump();
                let name = self.name_from_token(tok);
                return self.parse_selector(Some(name));
            }
            TokenKind::Keyword(kw) if kw.is_metric_name() => {
                self.bump();
                let name = self.name_from_token(tok);
                return self.parse_selector(Some(name));
            }
            TokenKind::Variable => {
                self.bump();
                if matches!(next, TokenKind::LeftBrace | TokenKind::LeftBracket) {
                    let name = self.name_from_token(tok);
                    return self.parse_selector(Some(name));
                }
                ExprKind::Variable(var_ref(self.text(tok.span), tok.span))
            }
            TokenKind::Keyword(Keyword::GroupLeft | Keyword::GroupRight) => {
                return Err(self.unexpected(
                    "",
                    "an expression (group_left/group_right must follow on(...) or ignoring(...))",
                ))
            }
            TokenKind::Keyword(Keyword::Bool) => {
                return Err(self.unexpected(
                    "",
                    "an expression (bool goes right after the comparison operator)",
                ))
            }
            _ => return Err(self.unexpected("", "an expression")),
        };
        Ok(Expr {
            kind,
            span: tok.span,
        })
    }

    fn number(&mut self, tok: Token) -> f64 {
        match parse_number(self.text(tok.span)) {
            Ok(v) => v,
            Err(msg) => {
                self.error(tok.span, msg);
                0.0
            }
        }
    }

    fn duration_value(&mut self, tok: Token) -> f64 {
        match parse_duration(self.text(tok.span)) {
            Ok(v) => v,
            Err(msg) => {
                self.error(tok.span, msg);
                0.0
            }
        }
    }

    fn parse_selector(&mut self, name: Option<Name>) -> PResult<Expr> {
        let mut span = name.as_ref().map(|n| n.span);
        let mut matchers = Vec::new();
        if self.kind() == TokenKind::LeftBrace {
            let open = self.bump().span;
            let close = self.parse_matchers(&mut matchers)?;
            let braces = open.to(close);
            span = Some(span.map_or(braces, |s| s.to(braces)));
        }
        let span = span.unwrap_or_default();
        Ok(Expr {
            kind: ExprKind::VectorSelector(VectorSelector {
                name,
                matchers,
                modifiers: Modifiers::default(),
            }),
            span,
        })
    }

    /// Parses matchers up to and including `}`; returns the `}` span.
    fn parse_matchers(&mut self, out: &mut Vec<Matcher>) -> PResult<Span> {
        if self.kind() == TokenKind::RightBrace {
            return Ok(self.bump().span);
        }
        loop {
            let first = self.peek();
            let label = match first.kind {
                TokenKind::Identifier => self.name_from_token(first),
                TokenKind::String => {
                    let text = self.text(first.span);
                    Name {
                        value: lexer::unquote(text),
                        span: first.span,
                        vars: find_vars(text, first.span.start),
                    }
                }
                _ => return Err(self.unexpected("label matching", "identifier or \"}\"")),
            };
            self.bump();
            let op = match self.kind() {
                TokenKind::Eql => Some(MatchOp::Equal),
                TokenKind::Neq => Some(MatchOp::NotEqual),
                TokenKind::EqlRegex => Some(MatchOp::RegexMatch),
                TokenKind::NeqRegex => Some(MatchOp::RegexNoMatch),
                _ => None,
            };
            let matcher = match op {
                Some(op) => {
                    self.bump();
                    let value_tok = self.peek();
                    if value_tok.kind != TokenKind::String {
                        return Err(self.unexpected(
                            "label matching",
                            "string (quote the value, as in job=\"api\")",
                        ));
                    }
                    self.bump();
                    let text = self.text(value_tok.span);
                    let value = Name {
                        value: lexer::unquote(text),
                        span: value_tok.span,
                        vars: find_vars(text, value_tok.span.start),
                    };
                    if matches!(op, MatchOp::RegexMatch | MatchOp::RegexNoMatch) {
                        let pattern = super::variables::substitute_placeholders(&value);
                        if let Err(e) = super::regex::parse(&pattern) {
                            self.error(
                                value_tok.span,
                                format!("invalid regular expression in label matcher: {e}"),
                            );
                        }
                    }
                    Matcher {
                        span: label.span.to(value.span),
                        label,
                        op,
                        value,
                        is_bare_name: false,
                    }
                }
                None if first.kind == TokenKind::String => Matcher {
                    span: label.span,
                    value: label.clone(),
                    label: Name {
                        value: "__name__".into(),
                        span: label.span,
                        vars: Vec::new(),
                    },
                    op: MatchOp::Equal,
                    is_bare_name: true,
                },
                None => {
                    return Err(self.unexpected("label matching", "label matching operator"));
                }
            };
            out.push(matcher);
            match self.kind() {
                TokenKind::Comma => {
                    self.bump();
                    if self.kind() == TokenKind::RightBrace {
                        return Ok(self.bump().span);
                    }
                }
                TokenKind::RightBrace => return Ok(self.bump().span),
                _ => return Err(self.unexpected("label matching", "\",\" or \"}\"")),
            }
        }
    }

    /// Parses `(args)` after a function or aggregation name. Returns the
    /// arguments and the closing parenthesis.
    fn parse_call_args(&mut self) -> PResult<(Vec<Expr>, Span)> {
        if self.kind() != TokenKind::LeftParen {
            return Err(self.unexpected("", "\"(\""));
        }
        self.bump();
        let mut args = Vec::new();
        if self.kind() == TokenKind::RightParen {
            return Ok((args, self.bump().span));
        }
        loop {
            args.push(self.parse_expr(0)?);
            match self.kind() {
                TokenKind::Comma => {
                    let comma = self.bump().span;
                    if self.kind() == TokenKind::RightParen {
                        self.error(comma, "trailing commas not allowed in function call args; remove the last comma");
                        return Ok((args, self.bump().span));
                    }
                }
                TokenKind::RightParen => return Ok((args, self.bump().span)),
                _ => return Err(self.unexpected("", "\",\" or \")\"")),
            }
        }
    }

    fn parse_call(&mut self) -> PResult<Expr> {
        let name_tok = self.bump();
        let name = self.text(name_tok.span).to_string();
        match super::functions::lookup(&name) {
            None => {
                let mut msg = format!("unknown function with name {}", go_quote(&name));
                let names = super::functions::FUNCTIONS.iter().map(|f| f.name);
                if name == "holt_winters" {
                    msg.push_str(
                        "; Prometheus 3 renamed it to \"double_exponential_smoothing\" \
                         (experimental)",
                    );
                } else if let Some(s) = crate::diag::closest(&name, names) {
                    msg.push_str(&format!("; did you mean \"{s}\"?"));
                }
                self.error(name_tok.span, msg);
            }
            Some(f) if f.experimental => self.experimental(
                name_tok.span,
                &format!("the function \"{name}\""),
                "promql-experimental-functions",
            ),
            Some(_) => {}
        }
        let (args, close) = self.parse_call_args()?;
        Ok(Expr {
            kind: ExprKind::Call(Call {
                name,
                name_span: name_tok.span,
                args,
            }),
            span: name_tok.span.to(close),
        })
    }

    fn parse_aggregate_modifier(&mut self) -> PResult<Option<AggregateGrouping>> {
        let without = match self.kind() {
            TokenKind::Keyword(Keyword::By) => false,
            TokenKind::Keyword(Keyword::Without) => true,
            _ => return Ok(None),
        };
        let keyword_span = self.bump().span;
        let labels = self.parse_grouping_labels()?;
        Ok(Some(AggregateGrouping {
            without,
            labels,
            keyword_span,
        }))
    }

    fn parse_aggregate(&mut self, op: AggregateOp) -> PResult<Expr> {
        let op_tok = self.bump();
        if op.is_experimental() {
            self.experimental(
                op_tok.span,
                &format!("the aggregation `{}`", op.as_str()),
                "promql-experimental-functions",
            );
        }
        let mut grouping = self.parse_aggregate_modifier()?;
        if self.kind() != TokenKind::LeftParen {
            return Err(self.unexpected("aggregation", "\"(\""));
        }
        let (mut args, close) = self.parse_call_args()?;
        let mut end = close;
        if grouping.is_none() {
            grouping = self.parse_aggregate_modifier()?;
            if let Some(g) = &grouping {
                end = g.labels.span;
            }
        }
        let span = op_tok.span.to(end);
        let wanted = if op.param_type().is_some() { 2 } else { 1 };
        if args.is_empty() {
            self.error(span, "no arguments for aggregate expression provided; put the vector to aggregate in the parentheses");
            return Ok(placeholder(span));
        }
        if args.len() != wanted {
            self.error(
                span,
                format!(
                    "wrong number of arguments for aggregate expression provided, expected \
                     {wanted}, got {}; write {}",
                    args.len(),
                    match op.param_type() {
                        Some(ValueType::String) => format!("{}(\"label\", vector)", op.as_str()),
                        Some(_) => format!("{}(parameter, vector)", op.as_str()),
                        None => format!("{}(vector)", op.as_str()),
                    }
                ),
            );
            return Ok(placeholder(span));
        }
        let expr = args.pop().map(Box::new);
        let param = args.pop().map(Box::new);
        let Some(expr) = expr else {
            return Ok(placeholder(span));
        };
        Ok(Expr {
            kind: ExprKind::Aggregate(Aggregate {
                op,
                op_span: op_tok.span,
                param,
                expr,
                grouping,
            }),
            span,
        })
    }

    // ----- postfix: ranges, subqueries, offset, @, anchored, smoothed -----

    fn parse_postfix(&mut self, mut expr: Expr) -> PResult<Expr> {
        let mut wraps = 0;
        let result = loop {
            match self.kind() {
                TokenKind::LeftBracket => {
                    // Each range or subquery nests the tree one level deeper.
                    wraps += 1;
                    if let Err(stop) = self.enter() {
                        break Err(stop);
                    }
                    match self.parse_range(expr) {
                        Ok(e) => expr = e,
                        Err(stop) => break Err(stop),
                    }
                }
                TokenKind::Keyword(Keyword::Offset) => match self.parse_offset(expr) {
                    Ok(e) => expr = e,
                    Err(stop) => break Err(stop),
                },
                TokenKind::At => match self.parse_at(expr) {
                    Ok(e) => expr = e,
                    Err(stop) => break Err(stop),
                },
                TokenKind::Keyword(kw @ (Keyword::Anchored | Keyword::Smoothed)) => {
                    let tok = self.bump();
                    expr = self.set_extended(expr, kw == Keyword::Anchored, tok.span);
                }
                _ => break Ok(expr),
            }
        };
        self.leave(wraps);
        result
    }

    fn parse_range(&mut self, expr: Expr) -> PResult<Expr> {
        let open = self.bump().span;
        if !self.starts_duration() {
            if matches!(
                self.kind(),
                TokenKind::Keyword(Keyword::Step | Keyword::Range)
            ) {
                // `step`/`range` without `()`: the token after it is wrong.
                self.bump();
            }
            return Err(self.unexpected(
                "subquery or range selector",
                "number, duration, step(), or range()",
            ));
        }
        let range = self.parse_duration_expr(0)?;
        self.check_positive(&range);
        match self.kind() {
            TokenKind::RightBracket => {
                let close = self.bump().span;
                let bracket_span = open.to(close);
                let message = match &expr.kind {
                    ExprKind::VectorSelector(vs) if vs.modifiers.offset.is_some() => {
                        Some("no offset modifiers allowed before range; write the offset after the range, as in x[5m] offset 1h")
                    }
                    ExprKind::VectorSelector(vs) if vs.modifiers.at.is_some() => {
                        Some("no @ modifiers allowed before range; write it after the range, as in x[5m] @ end()")
                    }
                    ExprKind::VectorSelector(_) => None,
                    _ => Some("ranges only allowed for vector selectors"),
                };
                if let Some(m) = message {
                    let advice = if m.starts_with("ranges only") {
                        range_advice(self.src, &expr, bracket_span)
                    } else {
                        String::new()
                    };
                    self.error(bracket_span, format!("{m}{advice}"));
                }
                let span = expr.span.to(close);
                Ok(Expr {
                    kind: ExprKind::MatrixSelector(MatrixSelector {
                        selector: Box::new(expr),
                        range,
                        modifiers: Modifiers::default(),
                    }),
                    span,
                })
            }
            TokenKind::Colon => {
                self.bump();
                let step = if self.kind() == TokenKind::RightBracket {
                    None
                } else if self.starts_duration() {
                    let step = self.parse_duration_expr(0)?;
                    self.check_positive(&step);
                    Some(step)
                } else {
                    return Err(self.unexpected(
                        "subquery selector",
                        "number, duration, step(), range(), or \"]\"",
                    ));
                };
                if self.kind() != TokenKind::RightBracket {
                    return Err(self.unexpected("subquery selector", "\"]\""));
                }
                let close = self.bump().span;
                let span = expr.span.to(close);
                Ok(Expr {
                    kind: ExprKind::Subquery(Subquery {
                        expr: Box::new(expr),
                        range,
                        step,
                        modifiers: Modifiers::default(),
                    }),
                    span,
                })
            }
            _ => Err(self.unexpected("subquery or range", "\":\" or \"]\"")),
        }
    }

    fn check_positive(&mut self, d: &Duration) {
        if let Some(v) = d.literal_seconds() {
            if v <= 0.0 && !self.errors.iter().any(|e| e.range == d.span.range()) {
                self.error(d.span, "duration must be greater than 0; ranges and steps need a positive duration such as 5m");
            }
        }
    }

    fn starts_duration(&self) -> bool {
        let t = self.peek();
        match t.kind {
            TokenKind::Number
            | TokenKind::Duration
            | TokenKind::Variable
            | TokenKind::Add
            | TokenKind::Sub
            | TokenKind::LeftParen => true,
            TokenKind::Keyword(Keyword::Step | Keyword::Range) | TokenKind::Identifier => {
                self.peek_at(1).kind == TokenKind::LeftParen && self.is_duration_fn(t)
            }
            _ => false,
        }
    }

    fn is_duration_fn(&self, t: Token) -> bool {
        match t.kind {
            TokenKind::Keyword(Keyword::Step | Keyword::Range) => true,
            TokenKind::Identifier => {
                let text = self.text(t.span);
                text.eq_ignore_ascii_case("min_of") || text.eq_ignore_ascii_case("max_of")
            }
            _ => false,
        }
    }

    /// Duration expression (inside brackets, and in parentheses after
    /// `offset`): numbers, durations, `step()`, `range()`, `min_of`,
    /// `max_of`, arithmetic and Grafana variables.
    fn parse_duration_expr(&mut self, min_prec: u8) -> PResult<Duration> {
        self.enter()?;
        let mut lhs = self.parse_duration_unary()?;
        let mut chain = 0;
        loop {
            let tok = self.peek();
            let op = match tok.kind {
                TokenKind::Add => BinaryOp::Add,
                TokenKind::Sub => BinaryOp::Sub,
                TokenKind::Mul => BinaryOp::Mul,
                TokenKind::Div => BinaryOp::Div,
                TokenKind::Mod => BinaryOp::Mod,
                TokenKind::Pow => BinaryOp::Pow,
                _ => break,
            };
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            self.bump();
            chain += 1;
            self.enter()?;
            let rhs =
                self.parse_duration_expr(if op.is_right_assoc() { prec } else { prec + 1 })?;
            let span = lhs.span.to(rhs.span);
            self.experimental(span, "a duration expression", "promql-duration-expr");
            if matches!(op, BinaryOp::Div | BinaryOp::Mod)
                && matches!(rhs.kind, DurationKind::Literal(n) if n.value == 0.0)
            {
                let what = if op == BinaryOp::Div {
                    "division by zero"
                } else {
                    "modulo by zero"
                };
                self.error(tok.span, what);
            }
            lhs = Duration {
                kind: DurationKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
        self.leave(chain + 1);
        Ok(lhs)
    }

    fn parse_duration_unary(&mut self) -> PResult<Duration> {
        let tok = self.peek();
        let op = match tok.kind {
            TokenKind::Add => UnaryOp::Pos,
            TokenKind::Sub => UnaryOp::Neg,
            _ => return self.parse_duration_primary(),
        };
        self.bump();
        let operand = self.parse_duration_expr(UNARY_OPERAND_PREC)?;
        let span = tok.span.to(operand.span);
        if let DurationKind::Literal(n) = operand.kind {
            let value = if op == UnaryOp::Neg {
                -n.value
            } else {
                n.value
            };
            if value.abs() > MAX_DURATION_SECONDS {
                self.error(tok.span, "duration out of range");
            }
            return Ok(Duration {
                kind: DurationKind::Literal(NumberLiteral { value, ..n }),
                span,
            });
        }
        Ok(Duration {
            kind: DurationKind::Unary(op, Box::new(operand)),
            span,
        })
    }

    fn parse_duration_primary(&mut self) -> PResult<Duration> {
        let tok = self.peek();
        match tok.kind {
            TokenKind::Number | TokenKind::Duration => {
                self.bump();
                let is_duration = tok.kind == TokenKind::Duration;
                let value = if is_duration {
                    self.duration_value(tok)
                } else {
                    self.number(tok)
                };
                if value.abs() > MAX_DURATION_SECONDS {
                    self.error(tok.span, "duration out of range");
                }
                Ok(Duration {
                    kind: DurationKind::Literal(NumberLiteral { value, is_duration }),
                    span: tok.span,
                })
            }
            TokenKind::Variable => {
                self.bump();
                Ok(Duration {
                    kind: DurationKind::Variable(var_ref(self.text(tok.span), tok.span)),
                    span: tok.span,
                })
            }
            TokenKind::LeftParen => {
                let open = self.bump().span;
                let inner = self.parse_duration_expr(0)?;
                if self.kind() != TokenKind::RightParen {
                    return Err(self.unexpected("duration expression", "\")\""));
                }
                let close = self.bump().span;
                let span = open.to(close);
                self.experimental(
                    span,
                    "a parenthesised duration expression",
                    "promql-duration-expr",
                );
                Ok(Duration {
                    kind: DurationKind::Paren(Box::new(inner)),
                    span,
                })
            }
            _ if self.is_duration_fn(tok) && self.peek_at(1).kind == TokenKind::LeftParen => {
                self.parse_duration_fn()
            }
            _ => Err(self.unexpected(
                "duration expression",
                "number, duration, step(), or range()",
            )),
        }
    }

    fn parse_duration_fn(&mut self) -> PResult<Duration> {
        let tok = self.bump();
        self.bump(); // (
        let text = self.text(tok.span).to_ascii_lowercase();
        let kind = if text == "step" || text == "range" {
            if self.kind() != TokenKind::RightParen {
                return Err(self.unexpected("duration expression", "\")\""));
            }
            if text == "step" {
                DurationKind::Step
            } else {
                DurationKind::Range
            }
        } else {
            let lhs = self.parse_duration_expr(0)?;
            if self.kind() != TokenKind::Comma {
                return Err(self.unexpected("duration expression", "\",\""));
            }
            self.bump();
            let rhs = self.parse_duration_expr(0)?;
            if self.kind() != TokenKind::RightParen {
                return Err(self.unexpected("duration expression", "\")\""));
            }
            DurationKind::MinMax {
                max: text == "max_of",
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            }
        };
        let close = self.bump().span;
        let span = tok.span.to(close);
        self.experimental(
            span,
            &format!("`{text}()` in a duration"),
            "promql-duration-expr",
        );
        Ok(Duration { kind, span })
    }

    /// What may follow `offset`: an optionally signed literal, `step()`,
    /// `range()`, `min_of`/`max_of`, a parenthesised duration expression, or
    /// a Grafana variable. Arithmetic after it belongs to the outer query.
    fn parse_offset_duration(&mut self) -> PResult<Duration> {
        let tok = self.peek();
        let sign = sign_of(tok.kind);
        if sign.is_some() {
            self.bump();
        }
        let t = self.peek();
        let inner = match t.kind {
            TokenKind::Number
            | TokenKind::Duration
            | TokenKind::Variable
            | TokenKind::LeftParen => self.parse_duration_primary()?,
            _ if self.is_duration_fn(t) && self.peek_at(1).kind == TokenKind::LeftParen => {
                self.parse_duration_fn()?
            }
            _ => {
                return Err(self.unexpected("offset", "number, duration, step(), or range()"));
            }
        };
        let Some(op) = sign else { return Ok(inner) };
        let span = tok.span.to(inner.span);
        if let DurationKind::Literal(n) = inner.kind {
            return Ok(Duration {
                kind: DurationKind::Literal(signed(op, n)),
                span,
            });
        }
        Ok(Duration {
            kind: DurationKind::Unary(op, Box::new(inner)),
            span,
        })
    }

    fn parse_offset(&mut self, mut expr: Expr) -> PResult<Expr> {
        self.bump();
        let offset = self.parse_offset_duration()?;
        let end = offset.span.end;
        let span = expr.span;
        match modifiers_of(&mut expr) {
            Target::Modifiers(m) => {
                let already = m
                    .offset
                    .as_ref()
                    .is_some_and(|o| o.literal_seconds() != Some(0.0));
                if already {
                    self.error(
                        span,
                        "offset may not be set multiple times; keep one offset",
                    );
                } else {
                    m.offset = Some(offset);
                }
            }
            Target::RangeOnNonSelector => {
                self.error(span, "ranges only allowed for vector selectors");
                return Ok(expr);
            }
            Target::Other => {
                self.error(
                    span,
                    "offset modifier must be preceded by an instant vector selector or range \
                     vector selector or a subquery",
                );
                return Ok(expr);
            }
        }
        expr.span.end = end;
        Ok(expr)
    }

    fn parse_at(&mut self, mut expr: Expr) -> PResult<Expr> {
        self.bump();
        let tok = self.peek();
        let (at, at_span) = match tok.kind {
            TokenKind::Add | TokenKind::Sub | TokenKind::Number | TokenKind::Duration => {
                let negative = tok.kind == TokenKind::Sub;
                if matches!(tok.kind, TokenKind::Add | TokenKind::Sub) {
                    self.bump();
                }
                let num = self.peek();
                let value = match num.kind {
                    TokenKind::Number => self.number(num),
                    TokenKind::Duration => self.duration_value(num),
                    _ => return Err(self.unexpected("@", "timestamp")),
                };
                self.bump();
                let value = if negative { -value } else { value };
                if !value.is_finite()
                    || value >= 9.223_372_036_854_776e18
                    || value <= -9.223_372_036_854_776e18
                {
                    self.error(
                        expr.span,
                        format!(
                            "timestamp out of bounds for @ modifier: {}",
                            go_float(value)
                        ),
                    );
                }
                (AtModifier::Timestamp(value), tok.span.to(num.span))
            }
            TokenKind::Keyword(kw @ (Keyword::Start | Keyword::End)) => {
                self.bump();
                if self.kind() != TokenKind::LeftParen {
                    return Err(self.unexpected("@", "\"(\""));
                }
                self.bump();
                if self.kind() != TokenKind::RightParen {
                    return Err(self.unexpected("@", "\")\""));
                }
                let close = self.bump().span;
                let at = if kw == Keyword::Start {
                    AtModifier::Start
                } else {
                    AtModifier::End
                };
                (at, tok.span.to(close))
            }
            TokenKind::Variable => {
                self.bump();
                (
                    AtModifier::Variable(var_ref(self.text(tok.span), tok.span)),
                    tok.span,
                )
            }
            _ => return Err(self.unexpected("@", "timestamp")),
        };
        let span = expr.span;
        match modifiers_of(&mut expr) {
            Target::Modifiers(m) => {
                if m.at.is_some() {
                    self.error(span, "@ <timestamp> may not be set multiple times");
                } else {
                    m.at = Some((at, at_span));
                }
            }
            Target::RangeOnNonSelector => {
                self.error(span, "ranges only allowed for vector selectors");
                return Ok(expr);
            }
            Target::Other => {
                self.error(
                    span,
                    "@ modifier must be preceded by an instant vector selector or range vector \
                     selector or a subquery",
                );
                return Ok(expr);
            }
        }
        expr.span.end = at_span.end;
        Ok(expr)
    }

    fn set_extended(&mut self, mut expr: Expr, anchored: bool, tok: Span) -> Expr {
        let name = if anchored { "anchored" } else { "smoothed" };
        self.experimental(
            tok,
            &format!("the `{name}` modifier"),
            "promql-extended-range-selectors",
        );
        let span = expr.span;
        match &mut expr.kind {
            ExprKind::VectorSelector(VectorSelector { modifiers: m, .. })
            | ExprKind::MatrixSelector(MatrixSelector { modifiers: m, .. }) => {
                if anchored {
                    m.anchored = true;
                } else {
                    m.smoothed = true;
                }
                if m.anchored && m.smoothed {
                    self.error(tok, "anchored and smoothed cannot be used together");
                }
            }
            _ => {
                self.error(
                    span,
                    format!(
                        "{name} modifier must be preceded by an instant vector selector or range \
                         vector selector"
                    ),
                );
                return expr;
            }
        }
        expr.span.end = tok.end;
        expr
    }
}

enum Target<'e> {
    Modifiers(&'e mut Modifiers),
    RangeOnNonSelector,
    Other,
}

fn modifiers_of(expr: &mut Expr) -> Target<'_> {
    match &mut expr.kind {
        ExprKind::VectorSelector(vs) => Target::Modifiers(&mut vs.modifiers),
        ExprKind::MatrixSelector(ms) => {
            if matches!(ms.selector.kind, ExprKind::VectorSelector(_)) {
                Target::Modifiers(&mut ms.modifiers)
            } else {
                Target::RangeOnNonSelector
            }
        }
        ExprKind::Subquery(sq) => Target::Modifiers(&mut sq.modifiers),
        _ => Target::Other,
    }
}

/// "column C" (or "line L, column C" in a multi-line query) of a byte offset.
fn position(src: &str, at: usize) -> String {
    let at = at.min(src.len());
    let before = src.get(..at).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    if src.contains('\n') {
        format!("line {}, column {column}", before.matches('\n').count() + 1)
    } else {
        format!("column {column}")
    }
}

/// The unary operator a leading `+` or `-` token stands for.
fn sign_of(kind: TokenKind) -> Option<UnaryOp> {
    match kind {
        TokenKind::Add => Some(UnaryOp::Pos),
        TokenKind::Sub => Some(UnaryOp::Neg),
        _ => None,
    }
}

/// A number literal with a leading sign folded in, as Prometheus folds `-1`
/// into one literal.
fn signed(op: UnaryOp, n: NumberLiteral) -> NumberLiteral {
    let value = if op == UnaryOp::Neg {
        -n.value
    } else {
        n.value
    };
    NumberLiteral { value, ..n }
}

fn placeholder(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Number(NumberLiteral {
            value: 0.0,
            is_duration: false,
        }),
        span,
    }
}

/// The largest duration Prometheus represents, in seconds (`2^63` ns).
const MAX_DURATION_SECONDS: f64 = 9_223_372_036.854_775;

/// Go's `%f` of a float.
fn go_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v == f64::INFINITY {
        "+Inf".into()
    } else if v == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        format!("{v:.6}")
    }
}

/// Parses a number token as Prometheus does (`strconv.ParseInt(s, 0, 64)`,
/// then `strconv.ParseFloat`).
pub fn parse_number(text: &str) -> Result<f64, String> {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "+inf" => return Ok(f64::INFINITY),
        "-inf" => return Ok(f64::NEG_INFINITY),
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    let clean: String = lower.chars().filter(|&c| c != '_').collect();
    let err = || {
        format!(
            "error parsing number: strconv.ParseFloat: parsing {}: {}",
            go_quote(text),
            "invalid syntax"
        )
    };
    if let Some(hex) = clean.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).map(|v| v as f64).or_else(|_| {
            u128::from_str_radix(hex, 16)
                .map(|v| v as f64)
                .map_err(|_| err())
        });
    }
    if clean.len() > 1
        && clean.starts_with('0')
        && clean.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        if let Ok(v) = i64::from_str_radix(&clean[1..], 8) {
            return Ok(v as f64);
        }
    }
    if clean.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = clean.parse::<i64>() {
            return Ok(v as f64);
        }
    }
    match clean.parse::<f64>() {
        Ok(v) if v.is_infinite() => Err(format!(
            "error parsing number: strconv.ParseFloat: parsing {}: value out of range",
            go_quote(text)
        )),
        Ok(v) => Ok(v),
        Err(_) => Err(err()),
    }
}

/// Parses a Prometheus duration (`1h30m`, units `y w d h m s ms` from
/// largest to smallest), returning seconds.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    if text == "0" {
        return Ok(0.0);
    }
    if text.is_empty() {
        return Err("empty duration string".into());
    }
    let invalid = || {
        format!(
            "not a valid duration string: {}; write each unit once, largest first, as in 1h30m",
            go_quote(text)
        )
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut total_ms: u128 = 0;
    let mut last_unit = usize::MAX;
    while i < bytes.len() {
        let digits_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == digits_start {
            return Err(invalid());
        }
        let value: u128 = text[digits_start..i].parse().map_err(|_| invalid())?;
        let unit_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == unit_start {
            return Err(invalid());
        }
        let unit = &text[unit_start..i];
        let (rank, ms) = match unit {
            "y" => (0, 365 * 24 * 3_600_000u128),
            "w" => (1, 7 * 24 * 3_600_000),
            "d" => (2, 24 * 3_600_000),
            "h" => (3, 3_600_000),
            "m" => (4, 60_000),
            "s" => (5, 1_000),
            "ms" => (6, 1),
            _ => {
                return Err(format!(
                    "unknown unit {} in duration {}; units are y, w, d, h, m, s and ms",
                    go_quote(unit),
                    go_quote(text)
                ))
            }
        };
        if last_unit != usize::MAX && rank <= last_unit {
            return Err(invalid());
        }
        last_unit = rank;
        total_ms = total_ms.saturating_add(value.saturating_mul(ms));
        if total_ms.saturating_mul(1_000_000) > i64::MAX as u128 {
            return Err("duration out of range".into());
        }
    }
    Ok(total_ms as f64 / 1000.0)
}

/// What to write instead of `expr[range]` on an expression that is not a
/// selector. An aggregation or a function over a selector is nearly always
/// meant the other way round: `rate(sum(x)[5m])` is `sum(rate(x[5m]))`
/// (a rate of a sum breaks at every counter reset of any summed series).
/// Otherwise, a subquery.
fn range_advice(src: &str, expr: &Expr, bracket: Span) -> String {
    let range = src
        .get(bracket.start + 1..bracket.end.saturating_sub(1))
        .unwrap_or("5m");
    let mut inner = expr;
    while let ExprKind::Paren(e) = &inner.kind {
        inner = e;
    }
    let selector_of = |e: &Expr| -> Option<String> {
        let mut e = e;
        while let ExprKind::Paren(x) = &e.kind {
            e = x;
        }
        match &e.kind {
            ExprKind::VectorSelector(_) => src.get(e.span.range()).map(str::to_string),
            _ => None,
        }
    };
    // The function the range is given to: the name before `(` in front of `expr`.
    let before = src.get(..expr.span.start).unwrap_or("").trim_end();
    let function: String = before
        .strip_suffix('(')
        .unwrap_or("")
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let counter_function = matches!(function.as_str(), "rate" | "irate" | "increase");
    if let (true, ExprKind::Aggregate(a)) = (counter_function, &inner.kind) {
        if let (Some(sel), Some(head)) = (
            selector_of(&a.expr),
            src.get(inner.span.start..a.expr.span.start),
        ) {
            let tail = src.get(a.expr.span.end..inner.span.end).unwrap_or(")");
            return format!(
                "; take `{function}` of each series first and aggregate the result: \
                 `{head}{function}({sel}[{range}]){tail}` (a subquery `(..)[{range}:]` would \
                 take the {function} of a sum, which breaks at every counter reset of a summed \
                 series)"
            );
        }
    }
    format!("; to range over an expression use a subquery, as in (expr)[{range}:]")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(q: &str) -> (usize, usize, String) {
        let env = QueryEnv {
            experimental: true,
            variables: Vec::new(),
            ..QueryEnv::default()
        };
        let errs = parse(q, &env).expect_err(q);
        let e = &errs[0];
        (e.range.start, e.range.end, e.message.clone())
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(parse_number("0755"), Ok(493.0));
        assert_eq!(parse_number("0xc"), Ok(12.0));
        assert_eq!(parse_number("5e-3"), Ok(0.005));
        assert_eq!(parse_duration("1h30m"), Ok(5400.0));
        assert_eq!(parse_duration("1m30ms"), Ok(60.03));
        assert!(parse_duration("5m1h").is_err());
    }

    #[test]
    fn errors_land_where_prometheus_puts_them() {
        assert_eq!(first_error("1+").0, 2);
        assert_eq!(
            first_error("some_metric{a=b}"),
            (
                14,
                15,
                "unexpected identifier \"b\" in label matching, expected string (quote the \
                 value, as in job=\"api\")"
                    .into()
            )
        );
        assert_eq!(first_error("foo offset 1s offset 2s").1, 13);
        assert_eq!(first_error("(foo + bar)[5m]").0, 11);
    }

    #[test]
    fn precedence() {
        let env = QueryEnv::default();
        let e = parse("a + b * c ^ d ^ e", &env).unwrap();
        let ExprKind::Binary(b) = &e.kind else {
            panic!("not binary")
        };
        assert_eq!(b.op, BinaryOp::Add);
        let e = parse("-1^2", &env).unwrap();
        assert!(matches!(e.kind, ExprKind::Unary(_)));
    }
}
