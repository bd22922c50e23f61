//! The DSL's token level: a brace body is a list of entries separated by
//! commas, where an entry that ends in a `{ ... }` block needs no comma.
//! Splitting first lets one bad entry be reported without losing the rest
//! (errors are collected, not returned early).

use super::Error;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// One entry of a body: `key: value`, `row "T" { .. }`, `"legend" => "expr"`, ...
pub struct Entry {
    /// The entry's tokens, without the separating comma.
    pub tokens: Vec<TokenTree>,
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

/// Splits a body into entries; stray commas become errors.
pub fn split(body: TokenStream, errors: &mut Vec<Error>) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut just_closed_block = false;
    for tt in body {
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
                    });
                }
                just_closed_block = false;
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                current.push(tt);
                entries.push(Entry {
                    tokens: std::mem::take(&mut current),
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
        entries.push(Entry { tokens: current });
    }
    entries
}
