//! Panel options with a syntax of their own: data links (`links: [ "Title"
//! => "https://.." { new_tab: true } ]`), `repeat: var { direction: h,
//! max_per_row: 4 }`, and a text panel's `mode: markdown | html | code {
//! language: json }`.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

use super::values;
use super::Parser;
use crate::model::{DataLink, Repeat, Spanned, TextMode};

const DATA_LINK_OPTIONS: &[&str] = &["new_tab"];
const REPEAT_OPTIONS: &[&str] = &["direction", "max_per_row"];
const CODE_OPTIONS: &[&str] = &["language"];
/// The schema enum a code text panel's `language` comes from.
const CODE_LANGUAGE_ENUM: &str = "CodeLanguage";

/// The `language` choices of a code text panel: Grafana's `CodeLanguage`.
fn code_languages() -> Vec<&'static str> {
    crate::schema::enum_named(CODE_LANGUAGE_ENUM)
        .map(|e| e.values)
        .unwrap_or_default()
        .iter()
        .filter_map(|value| match value {
            crate::schema::Lit::Str(name) => Some(*name),
            _ => None,
        })
        .collect()
}

impl Parser {
    /// `links: [ "Title" => "url" { new_tab: true }, .. ]`.
    pub(super) fn data_links(&mut self, v: &[TokenTree], ks: Span) -> Option<Vec<DataLink>> {
        let inner = self.push_result(values::list(
            v,
            ks,
            "data links such as `[\"Details\" => \"https://example/${__field.labels.instance}\"]`",
        ))?;
        let mut out = Vec::new();
        for e in self.split(inner) {
            if let Some(link) = self.data_link(&e.tokens, e.span()) {
                out.push(link);
            }
        }
        Some(out)
    }

    fn data_link(&mut self, t: &[TokenTree], span: Span) -> Option<DataLink> {
        let expected = "expected a data link: `\"Title\" => \"https://..\"`, optionally followed by `{ new_tab: true }`";
        let Some(title) = t.first().and_then(values::lit_str) else {
            self.err(span, expected);
            return None;
        };
        let arrow = matches!(
            (t.get(1), t.get(2)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == '=' && b.as_char() == '>'
        );
        let Some(url) = t.get(3).and_then(values::lit_str).filter(|_| arrow) else {
            let at = t.get(1).map(TokenTree::span).unwrap_or(title.span());
            self.err(at, expected);
            return None;
        };
        let loc = self.loc(title.span());
        let mut link = DataLink {
            loc,
            title: self.spanned(title),
            url: self.spanned(url),
            new_tab: false,
        };
        match t.get(4) {
            None => {}
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                self.option_block(
                    g.stream(),
                    DATA_LINK_OPTIONS,
                    "data link",
                    "new_tab: true",
                    |this, _, v, ks| {
                        if let Some(b) = this.push_result(values::boolean(v, ks)) {
                            link.new_tab = b;
                        }
                    },
                );
                if let Some(e) = values::trailing(t, 5) {
                    self.errors.push(e);
                }
            }
            Some(other) => self.err(
                other.span(),
                "unexpected token after the link's URL: options go in `{ .. }`, links are separated by `,`",
            ),
        }
        Some(link)
    }

    /// `repeat: var` or `repeat: var { direction: h | v, max_per_row: N }`.
    pub(super) fn repeat(&mut self, v: &[TokenTree], ks: Span) -> Option<Repeat> {
        let Some(TokenTree::Ident(var)) = v.first() else {
            let at = v.first().map(TokenTree::span).unwrap_or(ks);
            self.err(at, "expected the variable to repeat over, by name: `repeat: instance` or `repeat: instance { direction: h, max_per_row: 4 }`");
            return None;
        };
        let var_loc = self.loc(var.span());
        let mut repeat = Repeat {
            variable: Spanned::new(var.to_string(), var_loc),
            vertical: false,
            max_per_row: None,
        };
        match v.get(1) {
            None => {}
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                self.repeat_options(&mut repeat, g.stream());
                if let Some(e) = values::trailing(v, 2) {
                    self.errors.push(e);
                }
            }
            Some(other) => self.err(
                other.span(),
                "unexpected token after the variable: repeat options go in `{ .. }`",
            ),
        }
        Some(repeat)
    }

    fn repeat_options(&mut self, repeat: &mut Repeat, body: TokenStream) {
        self.option_block(
            body,
            REPEAT_OPTIONS,
            "repeat",
            "direction: h",
            |this, key, v, ks| match key {
                "direction" => {
                    if let Some(vertical) = this.choice(v, ks, &[("h", false), ("v", true)]) {
                        repeat.vertical = vertical;
                    }
                }
                _ => {
                    if let Some((n, span)) = this.push_result(values::integer(v, ks, u32::MAX)) {
                        let loc = this.loc(span);
                        repeat.max_per_row = Some(Spanned::new(n, loc));
                    }
                }
            },
        );
    }

    /// `mode: markdown | html | code` or `mode: code { language: json }`.
    pub(super) fn text_mode(&mut self, v: &[TokenTree], ks: Span) -> Option<Spanned<TextMode>> {
        let modes = ["markdown", "html", "code"];
        let (word, at) = match v.first() {
            Some(TokenTree::Ident(i)) if modes.contains(&i.to_string().as_str()) => {
                (i.to_string(), i.span())
            }
            _ => {
                // Reports the wrong word with the choices.
                self.push_result(values::keyword(v, ks, &modes));
                return None;
            }
        };
        let loc = self.loc(at);
        let mode = match word.as_str() {
            "markdown" => TextMode::Markdown,
            "html" => TextMode::Html,
            _ => {
                let mut language = "plaintext".to_owned();
                if let Some(TokenTree::Group(g)) = v.get(1) {
                    if g.delimiter() == Delimiter::Brace {
                        let languages = code_languages();
                        self.option_block(
                            g.stream(),
                            CODE_OPTIONS,
                            "code",
                            "language: json",
                            |this, _, v, ks| {
                                let choices: Vec<(&str, &str)> =
                                    languages.iter().map(|l| (*l, *l)).collect();
                                if let Some(l) = this.choice(v, ks, &choices) {
                                    language = l.to_owned();
                                }
                            },
                        );
                        if let Some(e) = values::trailing(v, 2) {
                            self.errors.push(e);
                        }
                        return Some(Spanned::new(TextMode::Code { language }, loc));
                    }
                }
                TextMode::Code { language }
            }
        };
        if let Some(e) = values::trailing(v, 1) {
            self.errors.push(e);
        }
        Some(Spanned::new(mode, loc))
    }
}
