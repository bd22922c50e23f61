//! The DSL's token level: a brace body is a list of entries separated by
//! commas, where an entry that ends in a `{ ... }` block needs no comma.
//! Splitting first lets one bad entry be reported without losing the rest
//! (errors are collected, not returned early).
//!
//! Groups without delimiters are seen through: rustc wraps what a
//! `macro_rules!` macro passes as `$x:literal` or `$x:expr` in one, and the
//! DSL reads its tokens as if written in place. The one kind the front end
//! makes itself, a template instance or loop iteration of `expand.rs`
//! (marked by its first token), becomes entries tagged with that instance.

use super::Error;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// One entry of a body: `key: value`, `row "T" { .. }`, `"legend" => "expr"`, ...
pub struct Entry {
    /// The entry's tokens, without the separating comma.
    pub tokens: Vec<TokenTree>,
    /// The template instance or loop iteration the entry was expanded in.
    pub instance: Option<u32>,
}

impl Entry {
    /// Span of the entry's first token (stable Rust cannot join spans).
    pub fn span(&self) -> Span {
        self.tokens
            .first()
            .map(TokenTree::span)
            .unwrap_or_else(Span::call_site)
    }

    /// `key` when the entry has the shape `key: value`.
    pub fn option_key(&self) -> Option<&proc_macro2::Ident> {
        match (self.tokens.first(), self.tokens.get(1)) {
            (Some(TokenTree::Ident(key)), Some(TokenTree::Punct(p)))
                if p.as_char() == ':' && !is_path_sep(&self.tokens) =>
            {
                Some(key)
            }
            _ => None,
        }
    }

    /// The value tokens of a `key: value` entry.
    pub fn option_value(&self) -> &[TokenTree] {
        &self.tokens[2.min(self.tokens.len())..]
    }
}

fn is_path_sep(tokens: &[TokenTree]) -> bool {
    matches!(tokens.get(2), Some(TokenTree::Punct(p)) if p.as_char() == ':')
}

/// The instance an expansion group stands for, if `g` is one.
fn instance_of(g: &proc_macro2::Group) -> Option<u32> {
    if g.delimiter() != Delimiter::None {
        return None;
    }
    match g.stream().into_iter().next() {
        Some(TokenTree::Ident(i)) => i
            .to_string()
            .strip_prefix(super::expand::INSTANCE_MARKER)?
            .parse()
            .ok(),
        _ => None,
    }
}

/// The tokens of `body` with every group without delimiters (at this
/// level; nested ones too) replaced by its tokens. Expansion groups are
/// kept. Iterative: nesting costs no stack.
pub fn flatten(body: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    let mut stack = vec![body.into_iter()];
    while let Some(top) = stack.last_mut() {
        let Some(tt) = top.next() else {
            stack.pop();
            continue;
        };
        match tt {
            TokenTree::Group(g)
                if g.delimiter() == Delimiter::None && instance_of(&g).is_none() =>
            {
                stack.push(g.stream().into_iter());
            }
            tt => out.push(tt),
        }
    }
    out
}

/// Splits a body into entries; stray commas become errors.
pub fn split(body: TokenStream, errors: &mut Vec<Error>) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut just_closed_block = false;
    for tt in flatten(body) {
        if let TokenTree::Group(g) = &tt {
            if let Some(instance) = instance_of(g) {
                if !current.is_empty() {
                    entries.push(Entry {
                        tokens: std::mem::take(&mut current),
                        instance: None,
                    });
                }
                let inner: TokenStream = g.stream().into_iter().skip(1).collect();
                for mut e in split(inner, errors) {
                    e.instance.get_or_insert(instance);
                    entries.push(e);
                }
                just_closed_block = true;
                continue;
            }
        }
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                if current.is_empty() {
                    if !just_closed_block {
                        errors.push(Error::new(
                            p.span(),
                            "unexpected `,`: expected an option (`name: value`), a row, a panel or a query",
                        ));
                    }
                } else {
                    entries.push(Entry {
                        tokens: std::mem::take(&mut current),
                        instance: None,
                    });
                }
                just_closed_block = false;
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                current.push(tt);
                entries.push(Entry {
                    tokens: std::mem::take(&mut current),
                    instance: None,
                });
                just_closed_block = true;
            }
            _ => {
                current.push(tt);
                just_closed_block = false;
            }
        }
    }
    if !current.is_empty() {
        entries.push(Entry {
            tokens: current,
            instance: None,
        });
    }
    entries
}
