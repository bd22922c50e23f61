//! Reuse in the DSL, expanded before anything is parsed or checked:
//!
//! - fragments: `let job = r#"job=~"$job""#;` names a string; a fragment
//!   name stands for its string wherever a string literal may stand, and
//!   `+` joins literals and fragment names into one string
//!   (`"rate(x{" + job + "}[5m])"`). `+` between tokens is not Grafana's
//!   or PromQL's: their `$var`, `${var:fmt}`, `[[var]]`, `{{label}}` and
//!   braces all live inside string literals, which the expansion never
//!   looks into;
//! - templates: `template name(a, b) { panels or rows }`, and a call
//!   `name("x", frag)` among the panels, rows or queries;
//! - loops: `for v in ["a", "b"] { .. }`, its body once per value, `v` a
//!   fragment in it.
//!
//! The result is the plain DSL, as tokens: the parser and every check see
//! each generated panel and query as if written out. Tokens keep their
//! spans (a diagnostic points into the template), each template instance
//! and loop iteration is a group without delimiters whose first token
//! marks it (`entries.rs` tags its entries, the parser its `Loc`s, and
//! [`Spans::instance_note`] names it), and a joined string is a literal
//! whose suffix numbers its [`Origin`](super::Origin): where each of its
//! bytes came from, so a query error points into the right literal.
//!
//! Fragments are declared in a dashboard's body, in `defaults` or beside
//! the dashboards of a set (the last two shared by the set), each before it
//! is used; templates too. Names are unique: a fragment, parameter or loop
//! variable never shadows another, and none takes a word the DSL reads as a
//! value (`table`, `true`, a panel kind ..), so a fragment never replaces
//! one. A name before `:` is a key (an option or a variable's name) and a
//! name before `(` a call: neither is replaced. Templates see their
//! parameters and the fragments of the dashboard and the set, not the
//! loop variables around the call: pass those as arguments.
//!
//! The work is bounded by the caps of [`crate::limits`]: instances, tokens
//! and string bytes per dashboard, and nesting depth; a template that
//! expands into itself is an error.

use super::entries::flatten;
use super::parse::{value_words, Parser};
use super::{Error, Origin, Spans};
use crate::diag::closest;
use crate::limits::{
    MAX_EXPANDED_BYTES, MAX_EXPANDED_INSTANCES, MAX_EXPANDED_TOKENS, MAX_EXPANSION_DEPTH,
};
use crate::model::PanelKind;
use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream, TokenTree};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The first token of an instance group: this, then the instance's number.
pub(crate) const INSTANCE_MARKER: &str = "__dashc_instance_";
/// The suffix of a joined string's literal: this, then the origin's number.
pub(crate) const ORIGIN_SUFFIX: &str = "__dashc";
/// Deepest nesting of brackets the expansion looks into; deeper values are
/// left as written (the parser reports nesting that deep).
const MAX_GROUP_DEPTH: usize = 128;
/// Most pieces a joined string keeps track of; a string made of more is
/// reported on its first token (memory stays linear in the bytes made).
const MAX_PIECES: usize = 256;
/// Longest argument or loop value a note quotes, in characters.
const MAX_QUOTED_CHARS: usize = 60;

/// Bytes `start..start + len` of a joined string came from bytes
/// `offset..offset + len` of the value of the literal `lit`.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Where the piece starts in the joined string.
    pub start: usize,
    /// Its length in bytes.
    pub len: usize,
    /// The literal as written.
    pub lit: Literal,
    /// Where the piece starts in the literal's value.
    pub offset: usize,
}

/// A template instance or loop iteration.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The instance it was expanded in, if any.
    pub parent: Option<u32>,
    /// How a note names it: "in `rate_panel(\"API\", ..)`", "for svc = \"api\"".
    pub what: String,
}

/// A string value: a literal, a fragment, or a join of them.
#[derive(Clone)]
struct Text {
    value: String,
    pieces: Vec<Piece>,
    /// A part could not be read (and was reported).
    broken: bool,
    /// Made of more than [`MAX_PIECES`] pieces: `pieces` is left empty.
    untracked: bool,
}

impl Text {
    fn empty() -> Text {
        Text {
            value: String::new(),
            pieces: Vec::new(),
            broken: false,
            untracked: false,
        }
    }

    fn append(&mut self, other: &Text) {
        let base = self.value.len();
        self.value.push_str(&other.value);
        self.untracked |= other.untracked || self.pieces.len() + other.pieces.len() > MAX_PIECES;
        if self.untracked {
            self.pieces = Vec::new();
        } else {
            self.pieces.extend(other.pieces.iter().map(|p| Piece {
                start: p.start + base,
                ..p.clone()
            }));
        }
        self.broken |= other.broken;
    }
}

/// A declared template.
struct Template {
    params: Vec<Ident>,
    body: Vec<TokenTree>,
}

/// The names in scope and the running totals of one expansion.
#[derive(Default)]
pub(crate) struct Expander {
    /// Fragments and templates of the set (beside the dashboards, in `defaults`).
    set_fragments: BTreeMap<String, Text>,
    set_templates: BTreeMap<String, Rc<Template>>,
    /// Those of the dashboard being expanded.
    fragments: BTreeMap<String, Text>,
    templates: BTreeMap<String, Rc<Template>>,
    /// Template parameters and loop variables, innermost last.
    locals: BTreeMap<String, Text>,
    /// Declarations go to the set's scope.
    in_set: bool,
    /// The templates being expanded, outermost first.
    calls: Vec<String>,
    depth: usize,
    instances: usize,
    tokens: usize,
    bytes: usize,
    /// A cap was crossed (and reported): nothing more is expanded.
    over: bool,
    /// The instance being expanded.
    frame: Option<u32>,
    /// The words no name may take.
    reserved: Vec<String>,
}

/// Where the expansion reports and records.
struct Cx<'a> {
    spans: &'a mut Spans,
    errors: &'a mut Vec<Error>,
}

impl Parser {
    /// The `let` and `template` declarations beside the dashboards of a
    /// set: in scope in `defaults` and in every dashboard.
    pub(crate) fn expand_shared(&mut self, input: TokenStream) {
        let out = self.run_expansion(input, true);
        // Only declarations are collected there.
        debug_assert!(out.is_empty());
    }

    /// `defaults { .. }` of a set: its `let`s and templates are the set's.
    pub(crate) fn expand_defaults(&mut self, input: TokenStream) -> TokenStream {
        self.run_expansion(input, true)
    }

    /// A dashboard body, in a fresh dashboard scope on top of the set's.
    pub(crate) fn expand_dashboard(&mut self, input: TokenStream) -> TokenStream {
        self.run_expansion(input, false)
    }

    fn run_expansion(&mut self, input: TokenStream, in_set: bool) -> TokenStream {
        let mut ex = std::mem::take(&mut self.expander);
        if ex.reserved.is_empty() {
            ex.reserved = value_words();
        }
        ex.in_set = in_set;
        ex.fragments.clear();
        ex.templates.clear();
        ex.locals.clear();
        ex.calls.clear();
        (ex.depth, ex.instances, ex.tokens, ex.bytes, ex.over) = (0, 0, 0, 0, false);
        ex.frame = self.spans.current;
        let mut cx = Cx {
            spans: &mut self.spans,
            errors: &mut self.errors,
        };
        let out = ex.body(input, true, &mut cx);
        self.expander = ex;
        self.tagged = self.errors.len();
        out
    }

    /// Makes `instance` the one new `Loc`s and errors belong to; the errors
    /// found since the last call belong to the one before.
    pub(crate) fn enter(&mut self, instance: Option<u32>) {
        let current = self.spans.current;
        let from = self.tagged.min(self.errors.len());
        for e in &mut self.errors[from..] {
            if e.instance.is_none() {
                e.instance = current;
            }
        }
        self.tagged = self.errors.len();
        self.spans.current = instance;
    }
}

fn is_punct(tt: Option<&TokenTree>, c: char) -> bool {
    matches!(tt, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn is_group(tt: Option<&TokenTree>, d: Delimiter) -> bool {
    matches!(tt, Some(TokenTree::Group(g)) if g.delimiter() == d)
}

fn word(tt: Option<&TokenTree>) -> Option<String> {
    match tt {
        Some(TokenTree::Ident(i)) => Some(i.to_string()),
        _ => None,
    }
}

/// `name:` (an option or variable name; not `name::`).
fn is_key(t: &[TokenTree], i: usize) -> bool {
    match t.get(i + 1) {
        Some(TokenTree::Punct(p)) if p.as_char() == ':' => !is_punct(t.get(i + 2), ':'),
        _ => false,
    }
}

/// The value of a string literal token and whether it has a suffix.
fn string_literal(tt: &TokenTree) -> Option<(String, bool)> {
    let TokenTree::Literal(_) = tt else {
        return None;
    };
    match syn::parse2::<syn::Lit>(TokenStream::from(tt.clone())) {
        Ok(syn::Lit::Str(s)) => Some((s.value(), !s.suffix().is_empty())),
        _ => None,
    }
}

/// `value` quoted, cut to [`MAX_QUOTED_CHARS`].
fn quoted(value: &str) -> String {
    if value.chars().count() <= MAX_QUOTED_CHARS {
        return format!("{value:?}");
    }
    let cut: String = value.chars().take(MAX_QUOTED_CHARS - 3).collect();
    format!("{cut:?}...")
}

/// The end of the entry starting at `i`: a `,`, the `;` of a `let`, after a
/// `{ .. }` block, or after the `( .. )` of a call.
fn entry_end(t: &[TokenTree], i: usize) -> usize {
    let is_let = word(t.get(i)).as_deref() == Some("let");
    if matches!(t.get(i), Some(TokenTree::Ident(_)))
        && is_group(t.get(i + 1), Delimiter::Parenthesis)
    {
        return i + 2;
    }
    let mut j = i;
    while j < t.len() {
        match &t[j] {
            TokenTree::Punct(p) if p.as_char() == ',' => return j,
            TokenTree::Punct(p) if p.as_char() == ';' && is_let => return j,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace && !is_let => return j + 1,
            _ => j += 1,
        }
    }
    j
}

/// The parts of a `( .. )` or `[ .. ]` list between top-level commas (a
/// trailing comma allowed), each with the span to report an empty one at.
fn comma_list(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = vec![Vec::new()];
    for tt in flatten(stream) {
        if is_punct(Some(&tt), ',') {
            items.push(Vec::new());
        } else if let Some(last) = items.last_mut() {
            last.push(tt);
        }
    }
    if items.last().is_some_and(Vec::is_empty) {
        items.pop();
    }
    items
}

impl Expander {
    fn err(&self, cx: &mut Cx, span: Span, message: impl std::fmt::Display) {
        let mut e = Error::new(span, message);
        e.instance = self.frame;
        cx.errors.push(e);
    }

    /// Reports crossing a cap, once; afterwards nothing more is expanded.
    fn over_cap(&mut self, cx: &mut Cx, span: Span, what: &str, cap: &str, value: usize) {
        if !self.over {
            self.over = true;
            self.err(
                cx,
                span,
                format!(
                    "the fragments, templates and loops of this dashboard expand to more than \
                     {value} {what}, over dashc's cap (`limits::{cap}`): expand less, or split \
                     the dashboard"
                ),
            );
        }
    }

    fn count_tokens(&mut self, cx: &mut Cx, n: usize, span: Span) {
        if self.depth == 0 {
            return;
        }
        self.tokens = self.tokens.saturating_add(n);
        if self.tokens > MAX_EXPANDED_TOKENS {
            self.over_cap(
                cx,
                span,
                "tokens",
                "MAX_EXPANDED_TOKENS",
                MAX_EXPANDED_TOKENS,
            );
        }
    }

    /// The fragment, parameter or loop variable `name`, innermost first.
    fn lookup(&self, name: &str) -> Option<&Text> {
        self.locals
            .get(name)
            .or_else(|| self.fragments.get(name))
            .or_else(|| self.set_fragments.get(name))
    }

    fn visible_names(&self) -> impl Iterator<Item = &str> {
        self.locals
            .keys()
            .chain(self.fragments.keys())
            .chain(self.set_fragments.keys())
            .map(String::as_str)
    }

    /// Whether `name` may be declared: not a word of the DSL, not already
    /// a name in scope. Reports why not.
    fn may_declare(&self, cx: &mut Cx, name: &Ident, what: &str) -> bool {
        let n = name.to_string();
        if self.reserved.binary_search(&n).is_ok() {
            self.err(
                cx,
                name.span(),
                format!(
                    "`{n}` is a word of the DSL (a panel kind or a keyword value such as \
                     `table`, `true` or `normal`), so it cannot name {what}: choose another name"
                ),
            );
            return false;
        }
        if self.lookup(&n).is_some() {
            self.err(
                cx,
                name.span(),
                format!(
                    "{what} `{n}` would shadow the fragment, parameter or loop variable `{n}` \
                     already in scope: give it another name"
                ),
            );
            return false;
        }
        true
    }

    /// The body of a dashboard, `defaults`, a row, a panel, a loop or a
    /// template: declarations are read, calls and loops expanded, every
    /// other entry copied with its fragments replaced.
    fn body(&mut self, input: TokenStream, top: bool, cx: &mut Cx) -> TokenStream {
        let t = flatten(input);
        let mut out: Vec<TokenTree> = Vec::new();
        let mut i = 0;
        while i < t.len() {
            if is_punct(t.get(i), ',') {
                out.push(t[i].clone());
                i += 1;
                continue;
            }
            let end = entry_end(&t, i);
            let entry = &t[i..end];
            // Declarations, calls and loops take the comma after them.
            let mut next = end;
            let skip_separator = |next: &mut usize| {
                if is_punct(t.get(*next), ',') || is_punct(t.get(*next), ';') {
                    *next += 1;
                }
            };
            let head = word(entry.first());
            let is_call = matches!(entry.first(), Some(TokenTree::Ident(_)))
                && is_group(entry.get(1), Delimiter::Parenthesis)
                && entry.len() == 2
                && head
                    .as_deref()
                    .is_some_and(|w| self.reserved.binary_search(&w.to_string()).is_err());
            match head.as_deref() {
                Some("let") => {
                    skip_separator(&mut next);
                    if top {
                        self.declare_let(entry, cx);
                    } else {
                        self.err(cx, entry[0].span(), "a fragment is declared at the top of a dashboard, in `defaults` or beside the dashboards of a set, not inside a row, panel, loop or template: move this `let` there");
                    }
                }
                Some("template") if matches!(entry.get(1), Some(TokenTree::Ident(_))) => {
                    skip_separator(&mut next);
                    if top {
                        self.declare_template(entry, cx);
                    } else {
                        self.err(cx, entry[0].span(), "a template is declared at the top of a dashboard, in `defaults` or beside the dashboards of a set, not inside a row, panel, loop or template: move it there");
                    }
                }
                Some("for") => {
                    skip_separator(&mut next);
                    out.extend(self.for_loop(entry, cx));
                }
                _ if is_call => {
                    skip_separator(&mut next);
                    if let (TokenTree::Ident(name), TokenTree::Group(args)) = (&entry[0], &entry[1])
                    {
                        out.extend(self.call(name, args, cx));
                    }
                }
                _ => out.extend(self.entry(entry, cx)),
            }
            i = next.max(i + 1);
        }
        out.into_iter().collect()
    }

    /// An ordinary entry: the body of a row or panel expanded as a body,
    /// everything else with its fragments replaced.
    fn entry(&mut self, e: &[TokenTree], cx: &mut Cx) -> Vec<TokenTree> {
        let has_body = match word(e.first()) {
            Some(w) => w == "row" || PanelKind::from_keyword(&w).is_some(),
            None => false,
        } && is_group(e.last(), Delimiter::Brace)
            && e.len() > 1;
        if !has_body {
            return self.values(e, 0, cx);
        }
        let (head, last) = e.split_at(e.len() - 1);
        let mut out = self.values(head, 0, cx);
        if let TokenTree::Group(g) = &last[0] {
            let inner = self.body(g.stream(), false, cx);
            let mut group = Group::new(Delimiter::Brace, inner);
            group.set_span(g.span());
            self.count_tokens(cx, 1, g.span());
            out.push(group.into());
        }
        out
    }

    /// Tokens with every join and fragment name replaced by one string
    /// literal, in nested brackets too.
    fn values(&mut self, t: &[TokenTree], depth: usize, cx: &mut Cx) -> Vec<TokenTree> {
        let mut out = Vec::with_capacity(t.len());
        let mut i = 0;
        while i < t.len() {
            if let TokenTree::Group(g) = &t[i] {
                if depth < MAX_GROUP_DEPTH {
                    let inner = flatten(g.stream());
                    let inner: TokenStream =
                        self.values(&inner, depth + 1, cx).into_iter().collect();
                    let mut group = Group::new(g.delimiter(), inner);
                    group.set_span(g.span());
                    out.push(group.into());
                } else {
                    out.push(t[i].clone());
                }
                self.count_tokens(cx, 1, g.span());
                i += 1;
                continue;
            }
            if let Some((end, tt)) = self.join(t, i, cx) {
                out.push(tt);
                i = end;
                continue;
            }
            self.count_tokens(cx, 1, t[i].span());
            out.push(t[i].clone());
            i += 1;
        }
        out
    }

    /// Whether `t[i]` starts a string value: a string literal, a name in
    /// scope (not a key or a call), or any name before `+`.
    fn starts_value(&self, t: &[TokenTree], i: usize) -> bool {
        match &t[i] {
            TokenTree::Literal(_) => string_literal(&t[i]).is_some(),
            TokenTree::Ident(name) => {
                let n = name.to_string();
                !is_key(t, i)
                    && !is_group(t.get(i + 1), Delimiter::Parenthesis)
                    && (self.lookup(&n).is_some()
                        || is_punct(t.get(i + 1), '+')
                        || self.misspelt_fragment(&n))
            }
            _ => false,
        }
    }

    /// Whether a name that is no fragment looks like a misspelt one: close
    /// to a name in scope and to no word of the DSL (`tabel` beside a
    /// fragment `label` is left to the parser, which suggests `table`).
    fn misspelt_fragment(&self, name: &str) -> bool {
        self.reserved.binary_search(&name.to_owned()).is_err()
            && closest(name, self.visible_names()).is_some()
            && closest(name, self.reserved.iter().map(String::as_str)).is_none()
    }

    /// The string value starting at `t[i]` (`a + b + ..`), as one literal:
    /// `None` when there is none there, or it is one literal as written.
    fn join(&mut self, t: &[TokenTree], i: usize, cx: &mut Cx) -> Option<(usize, TokenTree)> {
        if !self.starts_value(t, i) {
            return None;
        }
        let (end, text) = self.text(t, i, cx);
        let single_literal = end == i + 1 && matches!(t[i], TokenTree::Literal(_));
        if single_literal && !text.broken {
            self.count_tokens(cx, 1, t[i].span());
            return Some((end, t[i].clone()));
        }
        Some((end, self.literal(text, t[i].span(), cx)))
    }

    /// Reads `operand (+ operand)*` from `t[i]`: the end and the string.
    fn text(&mut self, t: &[TokenTree], i: usize, cx: &mut Cx) -> (usize, Text) {
        let mut text = self.operand(&t[i], cx);
        let mut j = i + 1;
        while is_punct(t.get(j), '+') {
            match t.get(j + 1) {
                Some(tt @ (TokenTree::Literal(_) | TokenTree::Ident(_))) => {
                    let next = self.operand(tt, cx);
                    j += 2;
                    // Checked before the bytes are copied: a long join of
                    // long fragments stops at the cap, not after it.
                    let total = self.bytes.saturating_add(text.value.len());
                    if total.saturating_add(next.value.len()) > MAX_EXPANDED_BYTES {
                        text.value = String::new();
                        self.bytes = total.saturating_add(next.value.len());
                        break;
                    }
                    text.append(&next);
                }
                other => {
                    let span = other.map(TokenTree::span).unwrap_or(t[j].span());
                    self.err(
                        cx,
                        span,
                        "expected a string literal or a fragment name after `+`: `+` joins strings, as in `\"rate(x{\" + job + \"}[5m])\"`",
                    );
                    text.broken = true;
                    j += 1;
                    break;
                }
            }
        }
        // Skip the rest of a join stopped at the cap.
        while is_punct(t.get(j), '+') && t.get(j + 1).is_some() {
            j += 2;
        }
        self.bytes = self.bytes.saturating_add(text.value.len());
        if self.bytes > MAX_EXPANDED_BYTES {
            self.over_cap(
                cx,
                t[i].span(),
                "bytes of strings",
                "MAX_EXPANDED_BYTES",
                MAX_EXPANDED_BYTES,
            );
            text = Text {
                broken: true,
                ..Text::empty()
            };
        }
        (j, text)
    }

    /// One string literal or fragment name.
    fn operand(&mut self, tt: &TokenTree, cx: &mut Cx) -> Text {
        let broken = Text {
            broken: true,
            ..Text::empty()
        };
        match tt {
            TokenTree::Literal(lit) => match string_literal(tt) {
                Some((value, false)) => Text {
                    pieces: if value.is_empty() {
                        Vec::new()
                    } else {
                        vec![Piece {
                            start: 0,
                            len: value.len(),
                            lit: lit.clone(),
                            offset: 0,
                        }]
                    },
                    value,
                    broken: false,
                    untracked: false,
                },
                Some((_, true)) => {
                    self.err(cx, lit.span(), "a string literal here takes no suffix: remove what follows the closing quote");
                    broken
                }
                None => {
                    self.err(cx, lit.span(), format!("`+` joins strings, and `{lit}` is not one: write it as a string literal"));
                    broken
                }
            },
            TokenTree::Ident(name) => {
                let n = name.to_string();
                if let Some(text) = self.lookup(&n) {
                    return text.clone();
                }
                let hint = match closest(&n, self.visible_names()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => {
                        let names: Vec<&str> = self.visible_names().collect();
                        if names.is_empty() {
                            "no fragment is declared: declare it with `let name = \"..\";`"
                                .to_owned()
                        } else {
                            format!("in scope: {}", crate::limits::list_names(names))
                        }
                    }
                };
                self.err(cx, name.span(), format!("unknown fragment `{n}`; {hint}"));
                broken
            }
            _ => broken,
        }
    }

    /// A whole list item, argument or `let` value: one string value and
    /// nothing after it. `None` (reported) when it is not one.
    fn whole_text(
        &mut self,
        t: &[TokenTree],
        fallback: Span,
        what: &str,
        cx: &mut Cx,
    ) -> Option<Text> {
        let Some(first) = t.first() else {
            self.err(cx, fallback, format!("missing {what}: write a string literal, a fragment name or a join of them with `+`"));
            return None;
        };
        let starts = match first {
            TokenTree::Literal(_) => string_literal(first).is_some(),
            TokenTree::Ident(_) => true,
            _ => false,
        };
        if !starts {
            self.err(
                cx,
                first.span(),
                format!(
                    "expected {what}: a string literal, a fragment name or a join of them with `+`"
                ),
            );
            return None;
        }
        let (end, text) = self.text(t, 0, cx);
        if let Some(extra) = t.get(end) {
            self.err(
                cx,
                extra.span(),
                format!("unexpected token after {what}: join strings with `+`"),
            );
            return None;
        }
        Some(text)
    }

    /// A joined string as a literal whose suffix numbers its origin.
    fn literal(&mut self, text: Text, span: Span, cx: &mut Cx) -> TokenTree {
        let id = cx.spans.origins.len();
        let repr = format!("{}{ORIGIN_SUFFIX}{id}", Literal::string(&text.value));
        cx.spans.origins.push(Origin {
            pieces: text.pieces,
            broken: text.broken,
        });
        let mut lit: Literal = repr
            .parse()
            .unwrap_or_else(|_| Literal::string(&text.value));
        lit.set_span(span);
        self.count_tokens(cx, 1, span);
        TokenTree::Literal(lit)
    }

    /// `let name = value;`.
    fn declare_let(&mut self, e: &[TokenTree], cx: &mut Cx) {
        let Some(TokenTree::Ident(name)) = e.get(1) else {
            let span = e.get(1).unwrap_or(&e[0]).span();
            self.err(
                cx,
                span,
                "expected a fragment name after `let`: `let job = r#\"job=~\"$job\"\"#;`",
            );
            return;
        };
        if !is_punct(e.get(2), '=') {
            let span = e.get(2).map(TokenTree::span).unwrap_or(name.span());
            self.err(
                cx,
                span,
                format!("expected `=` after `let {name}`: `let {name} = \"..\";`"),
            );
            return;
        }
        let what = format!("the value of `{name}`");
        let Some(text) = self.whole_text(&e[3..], e[2].span(), &what, cx) else {
            return;
        };
        if !self.may_declare(cx, name, "the fragment") {
            return;
        }
        let scope = if self.in_set {
            &mut self.set_fragments
        } else {
            &mut self.fragments
        };
        scope.insert(name.to_string(), text);
    }

    /// `template name(a, b) { body }`.
    fn declare_template(&mut self, e: &[TokenTree], cx: &mut Cx) {
        const SHAPE: &str = "`template name(param, ..) { panels }`";
        let (
            Some(TokenTree::Ident(name)),
            Some(TokenTree::Group(params)),
            Some(TokenTree::Group(body)),
            None,
        ) = (e.get(1), e.get(2), e.get(3), e.get(4))
        else {
            let span = e.get(2).or(e.get(1)).unwrap_or(&e[0]).span();
            self.err(
                cx,
                span,
                format!("expected a template declaration: {SHAPE}"),
            );
            return;
        };
        if params.delimiter() != Delimiter::Parenthesis || body.delimiter() != Delimiter::Brace {
            self.err(
                cx,
                params.span(),
                format!("expected the parameters in parentheses and the body in braces: {SHAPE}"),
            );
            return;
        }
        let n = name.to_string();
        if self.reserved.binary_search(&n).is_ok() {
            self.err(
                cx,
                name.span(),
                format!(
                    "`{n}` is a word of the DSL, so it cannot name a template: choose another name"
                ),
            );
            return;
        }
        if self.templates.contains_key(&n) || self.set_templates.contains_key(&n) {
            self.err(
                cx,
                name.span(),
                format!("the template `{n}` is already declared: give one of them another name"),
            );
            return;
        }
        let mut names: Vec<Ident> = Vec::new();
        for p in comma_list(params.stream()) {
            match p.as_slice() {
                [TokenTree::Ident(param)] => {
                    let pn = param.to_string();
                    if names.iter().any(|other| *other == pn) {
                        self.err(
                            cx,
                            param.span(),
                            format!("duplicate parameter `{pn}` of the template `{n}`: rename one"),
                        );
                        return;
                    }
                    if self.reserved.binary_search(&pn).is_ok() {
                        self.err(cx, param.span(), format!("`{pn}` is a word of the DSL (a panel kind or a keyword value), so it cannot name a parameter: choose another name"));
                        return;
                    }
                    names.push(param.clone());
                }
                other => {
                    let span = other.first().map(TokenTree::span).unwrap_or(params.span());
                    self.err(cx, span, format!("expected a parameter name: {SHAPE}"));
                    return;
                }
            }
        }
        let template = Rc::new(Template {
            params: names,
            body: flatten(body.stream()),
        });
        let scope = if self.in_set {
            &mut self.set_templates
        } else {
            &mut self.templates
        };
        scope.insert(n, template);
    }

    /// Counts one more instance and checks the depth; `false` (reported)
    /// when a cap is crossed.
    fn may_expand(&mut self, cx: &mut Cx, span: Span) -> bool {
        if self.over {
            return false;
        }
        if self.depth >= MAX_EXPANSION_DEPTH {
            self.err(
                cx,
                span,
                format!(
                    "templates and loops nested deeper than {MAX_EXPANSION_DEPTH} levels, over \
                     dashc's cap (`limits::MAX_EXPANSION_DEPTH`): nest less"
                ),
            );
            return false;
        }
        self.instances += 1;
        if self.instances > MAX_EXPANDED_INSTANCES {
            self.over_cap(
                cx,
                span,
                "template instances and loop iterations",
                "MAX_EXPANDED_INSTANCES",
                MAX_EXPANDED_INSTANCES,
            );
            return false;
        }
        true
    }

    /// One instance: `expand` run inside a new frame, its tokens in a
    /// marked group.
    fn instance(
        &mut self,
        what: String,
        cx: &mut Cx,
        expand: impl FnOnce(&mut Self, &mut Cx) -> TokenStream,
    ) -> TokenTree {
        let id = cx.spans.frames.len() as u32;
        cx.spans.frames.push(super::Frame {
            parent: self.frame,
            what,
        });
        let outer = self.frame;
        self.frame = Some(id);
        self.depth += 1;
        let body = expand(self, cx);
        self.depth -= 1;
        self.frame = outer;
        let marker = Ident::new(&format!("{INSTANCE_MARKER}{id}"), Span::call_site());
        let mut stream = TokenStream::from(TokenTree::Ident(marker));
        stream.extend(body);
        Group::new(Delimiter::None, stream).into()
    }

    /// `name(args)` among the panels, rows or queries.
    fn call(&mut self, name: &Ident, args: &Group, cx: &mut Cx) -> Option<TokenTree> {
        let n = name.to_string();
        let template = self
            .templates
            .get(&n)
            .or_else(|| self.set_templates.get(&n))
            .cloned();
        let Some(template) = template else {
            let known: Vec<&str> = self
                .templates
                .keys()
                .chain(self.set_templates.keys())
                .map(String::as_str)
                .collect();
            let hint = match closest(&n, known.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None if known.is_empty() => format!("no template is declared: declare it before its use with `template {n}(..) {{ .. }}`"),
                None => format!("declared: {}", crate::limits::list_names(known)),
            };
            self.err(cx, name.span(), format!("unknown template `{n}`; {hint}"));
            return None;
        };
        if self.calls.contains(&n) {
            let path: Vec<&str> = self
                .calls
                .iter()
                .map(String::as_str)
                .chain([n.as_str()])
                .collect();
            self.err(
                cx,
                name.span(),
                format!("the template `{n}` expands into itself ({}): a template cannot call itself, directly or through others", path.join(" -> ")),
            );
            return None;
        }
        let mut values = Vec::new();
        let mut ok = true;
        let items = comma_list(args.stream());
        for item in &items {
            match self.whole_text(item, args.span(), "an argument", cx) {
                Some(text) => values.push(text),
                None => ok = false,
            }
        }
        if items.len() != template.params.len() {
            let params: Vec<String> = template.params.iter().map(|p| p.to_string()).collect();
            self.err(
                cx,
                name.span(),
                format!(
                    "the template `{n}` takes {} argument{} ({}), but {} {} given",
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    params.join(", "),
                    items.len(),
                    if items.len() == 1 { "was" } else { "were" },
                ),
            );
            return None;
        }
        if !ok || !self.may_expand(cx, name.span()) {
            return None;
        }
        let shown: Vec<String> = values.iter().map(|v| quoted(&v.value)).collect();
        let what = format!("in `{n}({})`", shown.join(", "));
        // The template sees its parameters, not the names around the call.
        let saved = std::mem::take(&mut self.locals);
        let mut bound = true;
        for (param, value) in template.params.iter().zip(values) {
            if !self.may_declare(cx, param, &format!("the parameter of `{n}`")) {
                bound = false;
            }
            self.locals.insert(param.to_string(), value);
        }
        self.calls.push(n);
        let group = bound.then(|| {
            self.instance(what, cx, |this, cx| {
                this.body(template.body.iter().cloned().collect(), false, cx)
            })
        });
        self.calls.pop();
        self.locals = saved;
        group
    }

    /// `for name in ["a", "b"] { body }`.
    fn for_loop(&mut self, e: &[TokenTree], cx: &mut Cx) -> Vec<TokenTree> {
        const SHAPE: &str = "`for name in [\"a\", \"b\"] { panels }`";
        let (
            Some(TokenTree::Ident(var)),
            Some(TokenTree::Ident(in_word)),
            Some(TokenTree::Group(list)),
            Some(TokenTree::Group(body)),
            None,
        ) = (e.get(1), e.get(2), e.get(3), e.get(4), e.get(5))
        else {
            let span = e.get(1).unwrap_or(&e[0]).span();
            self.err(cx, span, format!("expected a loop: {SHAPE}"));
            return Vec::new();
        };
        if in_word != "in"
            || list.delimiter() != Delimiter::Bracket
            || body.delimiter() != Delimiter::Brace
        {
            self.err(cx, in_word.span(), format!("expected a loop: {SHAPE}"));
            return Vec::new();
        }
        if !self.may_declare(cx, var, "the loop variable") {
            return Vec::new();
        }
        let mut values = Vec::new();
        for item in comma_list(list.stream()) {
            if let Some(text) = self.whole_text(&item, list.span(), "a value of the loop", cx) {
                values.push(text);
            }
        }
        let name = var.to_string();
        let body: Vec<TokenTree> = flatten(body.stream());
        let mut out = Vec::new();
        for value in values {
            if !self.may_expand(cx, var.span()) {
                break;
            }
            let what = format!("for {name} = {}", quoted(&value.value));
            self.locals.insert(name.clone(), value);
            out.push(self.instance(what, cx, |this, cx| {
                this.body(body.iter().cloned().collect(), false, cx)
            }));
        }
        self.locals.remove(&name);
        out
    }
}
