//! Reading option values from tokens. Each reader says what it expected,
//! on the token that is wrong.

use super::Error;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::Lit;

/// A string literal's value and its token.
pub struct Str {
    /// The value, escapes resolved.
    pub value: String,
    /// The literal token, for its span and sub-spans.
    pub lit: proc_macro2::Literal,
}

impl Str {
    /// The literal's span.
    pub fn span(&self) -> Span {
        self.lit.span()
    }
}

fn first_span(tokens: &[TokenTree], fallback: Span) -> Span {
    tokens.first().map(TokenTree::span).unwrap_or(fallback)
}

/// Error for an empty value.
fn missing(key_span: Span, what: &str) -> Error {
    Error::new(
        key_span,
        format!("missing value: expected {what} after `:`"),
    )
}

/// Error for extra tokens after a complete value.
pub fn trailing(tokens: &[TokenTree], consumed: usize) -> Option<Error> {
    tokens.get(consumed).map(|t| {
        Error::new(
            t.span(),
            "unexpected token after the value: separate entries with `,`",
        )
    })
}

/// A string literal token.
pub fn lit_str(tt: &TokenTree) -> Option<Str> {
    if let TokenTree::Literal(lit) = tt {
        if let Ok(Lit::Str(s)) = syn::parse2::<Lit>(TokenStream::from(tt.clone())) {
            return Some(Str {
                value: s.value(),
                lit: lit.clone(),
            });
        }
    }
    None
}

/// Exactly one string literal.
pub fn string(tokens: &[TokenTree], key_span: Span, what: &str) -> Result<Str, Error> {
    let first = tokens.first().ok_or_else(|| missing(key_span, what))?;
    let s = lit_str(first).ok_or_else(|| {
        // A bare word or number the user meant as the value: show it quoted.
        let text = first.to_string();
        let bare = matches!(first, TokenTree::Ident(_) | TokenTree::Literal(_))
            && !text.contains(['"', '\'']);
        let quoted = if bare {
            format!("\"{text}\"")
        } else {
            "\"...\"".to_owned()
        };
        Error::new(
            first.span(),
            format!("expected {what} as a string literal: write {quoted}"),
        )
    })?;
    match trailing(tokens, 1) {
        Some(e) => Err(e),
        None => Ok(s),
    }
}

/// `true` or `false`.
pub fn boolean(tokens: &[TokenTree], key_span: Span) -> Result<bool, Error> {
    let first = tokens
        .first()
        .ok_or_else(|| missing(key_span, "`true` or `false`"))?;
    let value = match first {
        TokenTree::Ident(i) if i == "true" => true,
        TokenTree::Ident(i) if i == "false" => false,
        other => return Err(Error::new(other.span(), "expected `true` or `false`")),
    };
    match trailing(tokens, 1) {
        Some(e) => Err(e),
        None => Ok(value),
    }
}

/// A number literal, optionally negative.
pub fn number(tokens: &[TokenTree], key_span: Span) -> Result<f64, Error> {
    let (negative, rest) = match tokens.first() {
        Some(TokenTree::Punct(p)) if p.as_char() == '-' => (true, &tokens[1..]),
        _ => (false, tokens),
    };
    let first = rest.first().ok_or_else(|| missing(key_span, "a number"))?;
    let value = match syn::parse2::<Lit>(TokenStream::from(first.clone())) {
        Ok(Lit::Int(i)) => i.base10_parse::<f64>().ok(),
        Ok(Lit::Float(f)) => f.base10_parse::<f64>().ok(),
        _ => None,
    }
    .filter(|v| v.is_finite())
    .ok_or_else(|| Error::new(first.span(), "expected a number, e.g. `5` or `0.5`"))?;
    let consumed = tokens.len() - rest.len() + 1;
    match trailing(tokens, consumed) {
        Some(e) => Err(e),
        None => Ok(if negative { -value } else { value }),
    }
}

/// A non-negative integer at most `max`.
pub fn integer(tokens: &[TokenTree], key_span: Span, max: u32) -> Result<(u32, Span), Error> {
    let first = tokens
        .first()
        .ok_or_else(|| missing(key_span, "a whole number"))?;
    let value = match syn::parse2::<Lit>(TokenStream::from(first.clone())) {
        Ok(Lit::Int(i)) => i.base10_parse::<u64>().ok(),
        _ => None,
    }
    .ok_or_else(|| Error::new(first.span(), "expected a whole number, e.g. `12`"))?;
    if value > u64::from(max) {
        return Err(Error::new(
            first.span(),
            format!("{value} is too large: the largest allowed value here is {max}"),
        ));
    }
    match trailing(tokens, 1) {
        Some(e) => Err(e),
        None => Ok((value as u32, first.span())),
    }
}

/// One of a fixed set of identifiers.
pub fn keyword<'a>(
    tokens: &[TokenTree],
    key_span: Span,
    choices: &[&'a str],
) -> Result<(&'a str, Span), Error> {
    let expected = choices
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let first = tokens
        .first()
        .ok_or_else(|| missing(key_span, &format!("one of {expected}")))?;
    let word = match first {
        TokenTree::Ident(i) => i.to_string(),
        _ => String::new(),
    };
    let found = choices.iter().find(|c| **c == word).copied();
    let Some(choice) = found else {
        let hint = crate::diag::closest(&word, choices.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        return Err(Error::new(
            first.span(),
            format!("expected one of {expected}{hint}"),
        ));
    };
    match trailing(tokens, 1) {
        Some(e) => Err(e),
        None => Ok((choice, first.span())),
    }
}

/// The contents of a `[ ... ]` list.
pub fn list(tokens: &[TokenTree], key_span: Span, what: &str) -> Result<TokenStream, Error> {
    match tokens.first() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => {
            match trailing(tokens, 1) {
                Some(e) => Err(e),
                None => Ok(g.stream()),
            }
        }
        Some(other) => Err(Error::new(
            other.span(),
            format!("expected a list of {what} in brackets, e.g. [\"a\", \"b\"]"),
        )),
        None => Err(missing(key_span, &format!("a list of {what}"))),
    }
}

/// A `[ "a", "b" ]` list of string literals.
pub fn string_list(
    tokens: &[TokenTree],
    key_span: Span,
    what: &str,
    errors: &mut Vec<Error>,
) -> Result<Vec<Str>, Error> {
    let inner = list(tokens, key_span, what)?;
    let mut out = Vec::new();
    for entry in super::entries::split(inner, errors) {
        match string(&entry.tokens, entry.span(), what) {
            Ok(s) => out.push(s),
            Err(e) => errors.push(e),
        }
    }
    Ok(out)
}

/// The contents of a `{ ... }` block.
pub fn block(tokens: &[TokenTree], key_span: Span, what: &str) -> Result<TokenStream, Error> {
    match tokens.first() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
            match trailing(tokens, 1) {
                Some(e) => Err(e),
                None => Ok(g.stream()),
            }
        }
        _ => Err(Error::new(
            first_span(tokens, key_span),
            format!("expected {what} in braces: {{ ... }}"),
        )),
    }
}

/// One `"path": value` entry of a `set: { .. }` block.
pub struct SetPair {
    /// The dotted JSON path, as written.
    pub path: Str,
    /// The value, as JSON.
    pub value: serde_json::Value,
    /// Where the value is written (its first token).
    pub value_span: Span,
}

/// A `{ "dotted.path": value, .. }` block of JSON-like values written in
/// Rust tokens (see [`json`]). Each entry that does not read is reported
/// and left out; a path given twice is kept twice, for the core checks to
/// report (`check::set_paths`).
pub fn set_block(
    tokens: &[TokenTree],
    key_span: Span,
    errors: &mut Vec<Error>,
) -> Result<Vec<SetPair>, Error> {
    let body = block(
        tokens,
        key_span,
        "JSON paths and values, e.g. `set: { \"options.reduceOptions.calcs\": [\"mean\"] }`,",
    )?;
    let mut out: Vec<SetPair> = Vec::new();
    for entry in split_commas(body) {
        match json_member(&entry, key_span, 0) {
            Ok((path, value)) => {
                let value_span = entry.get(2).map_or_else(|| path.span(), TokenTree::span);
                out.push(SetPair {
                    path,
                    value,
                    value_span,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    Ok(out)
}

/// The tokens of a `[ .. ]` or `{ .. }` body between top-level commas (a
/// trailing comma is allowed; an empty item is skipped).
fn split_commas(body: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    let mut current = Vec::new();
    for tt in body {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                items.push(std::mem::take(&mut current));
            }
            _ => current.push(tt),
        }
    }
    items.push(current);
    items.retain(|i| !i.is_empty());
    items
}

/// `"key": value` inside a JSON object (or a `set` block).
fn json_member(
    tokens: &[TokenTree],
    fallback: Span,
    depth: usize,
) -> Result<(Str, serde_json::Value), Error> {
    let first = tokens
        .first()
        .ok_or_else(|| Error::new(fallback, "expected `\"key\": value`"))?;
    let key = lit_str(first).ok_or_else(|| {
        let text = first.to_string();
        let hint = if matches!(first, TokenTree::Ident(_)) {
            format!(": write \"{text}\"")
        } else {
            String::new()
        };
        Error::new(
            first.span(),
            format!("expected a key as a string literal, as in `\"key\": value`{hint}"),
        )
    })?;
    match tokens.get(1) {
        Some(TokenTree::Punct(p)) if p.as_char() == ':' => {}
        Some(other) => {
            return Err(Error::new(
                other.span(),
                format!("expected `:` after the key \"{}\"", key.value),
            ))
        }
        None => {
            return Err(Error::new(
                key.span(),
                format!("missing value: write `\"{}\": value`", key.value),
            ))
        }
    }
    let value = json(&tokens[2..], tokens[1].span(), depth)?;
    Ok((key, value))
}

/// A JSON-like value written in Rust tokens: a string literal, a number
/// (`2`, `-0.5`; no suffix), `true`, `false`, `null`, `[a, b]` or
/// `{ "key": value }`. Nested at most [`crate::schema::MAX_DEPTH`] levels.
pub fn json(
    tokens: &[TokenTree],
    key_span: Span,
    depth: usize,
) -> Result<serde_json::Value, Error> {
    use serde_json::Value;
    const EXPECTED: &str =
        "a JSON value: a string, a number, `true`, `false`, `null`, `[..]` or `{ \"key\": value }`";
    if depth >= crate::schema::MAX_DEPTH {
        return Err(Error::new(
            first_span(tokens, key_span),
            format!(
                "value nested deeper than {} levels: flatten it",
                crate::schema::MAX_DEPTH
            ),
        ));
    }
    let first = tokens.first().ok_or_else(|| missing(key_span, EXPECTED))?;
    let (value, consumed) = match first {
        TokenTree::Punct(p) if p.as_char() == '-' => {
            let Some(next) = tokens.get(1) else {
                return Err(Error::new(p.span(), "expected a number after `-`"));
            };
            (json_number(next, true)?, 2)
        }
        TokenTree::Ident(i) if i == "true" => (Value::Bool(true), 1),
        TokenTree::Ident(i) if i == "false" => (Value::Bool(false), 1),
        TokenTree::Ident(i) if i == "null" => (Value::Null, 1),
        TokenTree::Ident(i) => {
            return Err(Error::new(
                i.span(),
                format!("expected {EXPECTED}: write the word as a string, \"{i}\""),
            ))
        }
        TokenTree::Literal(_) => match lit_str(first) {
            Some(s) => (Value::String(s.value), 1),
            None => (json_number(first, false)?, 1),
        },
        TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
            let mut items = Vec::new();
            for item in split_commas(g.stream()) {
                items.push(json(&item, g.span(), depth + 1)?);
            }
            (Value::Array(items), 1)
        }
        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
            let mut map = serde_json::Map::new();
            for member in split_commas(g.stream()) {
                let (key, value) = json_member(&member, g.span(), depth + 1)?;
                if map.contains_key(&key.value) {
                    return Err(Error::new(
                        key.span(),
                        format!("duplicate key \"{}\" in the object: keep one", key.value),
                    ));
                }
                map.insert(key.value, value);
            }
            (Value::Object(map), 1)
        }
        other => return Err(Error::new(other.span(), format!("expected {EXPECTED}"))),
    };
    match trailing(tokens, consumed) {
        Some(e) => Err(e),
        None => Ok(value),
    }
}

/// A number literal as JSON: integers exactly, other numbers as `f64`.
fn json_number(tt: &TokenTree, negative: bool) -> Result<serde_json::Value, Error> {
    use serde_json::{Number, Value};
    let wrong = || {
        Error::new(
            tt.span(),
            "expected a number, e.g. `2` or `0.5` (without a type suffix)",
        )
    };
    let number = match syn::parse2::<Lit>(TokenStream::from(tt.clone())) {
        Ok(Lit::Int(i)) if i.suffix().is_empty() => {
            let n = i.base10_parse::<u64>().map_err(|_| {
                Error::new(
                    tt.span(),
                    "integer too large: JSON numbers here fit in 64 bits",
                )
            })?;
            if negative {
                let n = i64::try_from(n).map(|n| -n).map_err(|_| {
                    Error::new(
                        tt.span(),
                        "integer too small: JSON numbers here fit in 64 bits",
                    )
                })?;
                Number::from(n)
            } else {
                Number::from(n)
            }
        }
        Ok(Lit::Float(f)) if f.suffix().is_empty() => {
            let v = f.base10_parse::<f64>().map_err(|_| wrong())?;
            Number::from_f64(if negative { -v } else { v }).ok_or_else(wrong)?
        }
        _ => return Err(wrong()),
    };
    Ok(Value::Number(number))
}
