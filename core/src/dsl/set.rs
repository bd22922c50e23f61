//! The outer syntax of `dashboards!`: an optional `defaults { .. }` block,
//! then `pub const NAME = { dashboard body };` items with their attributes.

use proc_macro2::TokenStream;
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
    /// The dashboards, in source order.
    pub items: Vec<SetItem>,
}

impl Parse for SetInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut defaults = None;
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
        while !input.is_empty() {
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
        Ok(SetInput { defaults, items })
    }
}
