//! The outer syntax of `dashboards!`: an optional `defaults { .. }` block,
//! then `pub const NAME = { dashboard body };` items with their attributes;
//! among them, fragments (`let name = "..";`) and templates (`template
//! name(..) { .. }`) the whole set shares.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{braced, Attribute, Ident, Token, Visibility};

/// One `#[attrs] vis const NAME = { .. };` item.
pub struct SetItem {
    /// The item's attributes (its doc comment).
    pub attrs: Vec<Attribute>,
    /// The constant's visibility.
    pub vis: Visibility,
    /// The constant's name.
    pub name: Ident,
    /// The dashboard body between the braces.
    pub body: TokenStream,
}

/// The whole `dashboards!` input.
pub struct SetInput {
    /// The body of `defaults { .. }`, if there is one.
    pub defaults: Option<TokenStream>,
    /// The `let` and `template` declarations written beside the
    /// dashboards, in order: every dashboard of the set sees them.
    pub shared: TokenStream,
    /// The dashboards, in source order.
    pub items: Vec<SetItem>,
}

impl Parse for SetInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut defaults = None;
        let mut shared = TokenStream::new();
        shared_declarations(input, &mut shared)?;
        if input.peek(Ident) && input.fork().parse::<Ident>()? == "defaults" {
            input.parse::<Ident>()?;
            let content;
            braced!(content in input);
            defaults = Some(content.parse::<TokenStream>()?);
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            }
        }
        let mut items = Vec::new();
        loop {
            shared_declarations(input, &mut shared)?;
            if input.is_empty() {
                break;
            }
            let attrs = input.call(Attribute::parse_outer)?;
            let vis: Visibility = input.parse()?;
            input.parse::<Token![const]>().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected a dashboard item: `pub const NAME = { uid: \"..\", title: \"..\", .. };`",
                )
            })?;
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let content;
            braced!(content in input);
            let body = content.parse::<TokenStream>()?;
            input.parse::<Token![;]>()?;
            items.push(SetItem {
                attrs,
                vis,
                name,
                body,
            });
        }
        if items.is_empty() {
            return Err(input.error("`dashboards!` needs at least one `pub const NAME = { .. };`"));
        }
        Ok(SetInput {
            defaults,
            shared,
            items,
        })
    }
}

/// Moves the `let name = ..;` and `template name(..) { .. }` declarations
/// at the head of `input` to `shared`, as tokens for `expand.rs`.
fn shared_declarations(input: ParseStream, shared: &mut TokenStream) -> syn::Result<()> {
    loop {
        if input.peek(Token![let]) {
            // Up to and with the `;`.
            loop {
                let tt: TokenTree = input.parse().map_err(|e| {
                    syn::Error::new(e.span(), "expected `;` at the end of the `let`")
                })?;
                let end = matches!(&tt, TokenTree::Punct(p) if p.as_char() == ';');
                shared.extend([tt]);
                if end {
                    break;
                }
            }
        } else if input.peek(Ident) && input.fork().parse::<Ident>()? == "template" {
            // Up to and with the body in braces.
            loop {
                let tt: TokenTree = input.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "expected the template's body in braces: `template name(param) { .. }`",
                    )
                })?;
                let end = matches!(&tt, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
                shared.extend([tt]);
                if end {
                    break;
                }
            }
        } else {
            return Ok(());
        }
    }
}
