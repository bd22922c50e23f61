//! Turns an AST back into PromQL text. Parsing the printed text gives the
//! same tree again (spans aside): parentheses are nodes of their own, so
//! the printer never has to add any.

use super::ast::*;
use std::fmt::Write;

/// The query text for `expr`.
pub fn print(expr: &Expr) -> String {
    let print_here = || {
        let mut out = String::new();
        write_expr(&mut out, expr);
        out
    };
    // Without a thread for a deep tree, printing on this stack is all there is.
    super::with_stack_for(expr, print_here, |_| print_here())
}

fn write_expr(out: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Number(n) => write_number(out, *n),
        ExprKind::String(s) => write_string(out, &s.value, &s.vars),
        ExprKind::VectorSelector(vs) => {
            write_selector(out, vs);
            write_modifiers(out, &vs.modifiers);
        }
        ExprKind::MatrixSelector(ms) => {
            write_expr(out, &ms.selector);
            out.push('[');
            write_duration(out, &ms.range);
            out.push(']');
            write_modifiers(out, &ms.modifiers);
        }
        ExprKind::Subquery(sq) => {
            write_expr(out, &sq.expr);
            out.push('[');
            write_duration(out, &sq.range);
            out.push(':');
            if let Some(step) = &sq.step {
                write_duration(out, step);
            }
            out.push(']');
            write_modifiers(out, &sq.modifiers);
        }
        ExprKind::Paren(inner) => {
            out.push('(');
            write_expr(out, inner);
            out.push(')');
        }
        ExprKind::Unary(u) => {
            out.push(if u.op == UnaryOp::Neg { '-' } else { '+' });
            write_expr(out, &u.expr);
        }
        ExprKind::Binary(b) => {
            write_expr(out, &b.lhs);
            out.push(' ');
            out.push_str(b.op.as_str());
            if b.return_bool {
                out.push_str(" bool");
            }
            if let Some(m) = &b.matching {
                out.push_str(if m.on { " on" } else { " ignoring" });
                write_labels(out, &m.labels);
                if let Some(g) = &m.group {
                    out.push_str(match g.side {
                        GroupSide::Left => " group_left",
                        GroupSide::Right => " group_right",
                    });
                    if let Some(l) = &g.labels {
                        write_labels(out, l);
                    }
                }
            }
            if let Some(f) = &b.fill {
                let num = |v: f64| NumberLiteral {
                    value: v,
                    is_duration: false,
                };
                match (f.left, f.right) {
                    (Some(l), Some(r)) if l.to_bits() == r.to_bits() => {
                        out.push_str(" fill(");
                        write_number(out, num(l));
                        out.push(')');
                    }
                    (l, r) => {
                        if let Some(l) = l {
                            out.push_str(" fill_left(");
                            write_number(out, num(l));
                            out.push(')');
                        }
                        if let Some(r) = r {
                            out.push_str(" fill_right(");
                            write_number(out, num(r));
                            out.push(')');
                        }
                    }
                }
            }
            out.push(' ');
            write_expr(out, &b.rhs);
        }
        ExprKind::Call(c) => {
            out.push_str(&c.name);
            out.push('(');
            for (i, a) in c.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, a);
            }
            out.push(')');
        }
        ExprKind::Aggregate(a) => {
            out.push_str(a.op.as_str());
            if let Some(g) = &a.grouping {
                out.push_str(if g.without { " without " } else { " by " });
                write_labels(out, &g.labels);
                out.push(' ');
            }
            out.push('(');
            if let Some(p) = &a.param {
                write_expr(out, p);
                out.push_str(", ");
            }
            write_expr(out, &a.expr);
            out.push(')');
        }
        ExprKind::Variable(v) => write_var(out, v),
    }
}

fn write_var(out: &mut String, v: &VarRef) {
    match (v.syntax, &v.format) {
        (VarSyntax::Dollar, _) => {
            let _ = write!(out, "${}", v.name);
        }
        (VarSyntax::Braces, None) => {
            let _ = write!(out, "${{{}}}", v.name);
        }
        (VarSyntax::Braces, Some(f)) => {
            let _ = write!(out, "${{{}:{f}}}", v.name);
        }
        (VarSyntax::Brackets, None) => {
            let _ = write!(out, "[[{}]]", v.name);
        }
        (VarSyntax::Brackets, Some(f)) => {
            let _ = write!(out, "[[{}:{f}]]", v.name);
        }
    }
}

fn is_plain_label(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn write_name(out: &mut String, n: &Name) {
    // Names holding variables are quoted: the quotes keep what the variable
    // reference is exactly, whatever follows it.
    if n.vars.is_empty() && is_plain_label(&n.value) {
        out.push_str(&n.value);
    } else {
        write_string(out, &n.value, &n.vars);
    }
}

fn write_labels(out: &mut String, l: &LabelList) {
    out.push('(');
    for (i, n) in l.labels.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let metric_like = n.value.contains(':')
            && n.value
                .chars()
                .all(|c| c == ':' || c == '_' || c.is_ascii_alphanumeric())
            && !n.value.starts_with(|c: char| c.is_ascii_digit());
        if metric_like {
            out.push_str(&n.value);
        } else {
            write_name(out, n);
        }
    }
    out.push(')');
}

fn write_selector(out: &mut String, vs: &VectorSelector) {
    if let Some(n) = &vs.name {
        out.push_str(&n.value);
    }
    // A name that is only a Grafana variable needs its braces to stay a
    // selector (`$metric{}`); otherwise it reads as a variable expression.
    let var_name = vs
        .name
        .as_ref()
        .is_some_and(|n| n.value.starts_with('$') || n.value.starts_with("[["));
    if vs.matchers.is_empty() && vs.name.is_some() && !var_name {
        return;
    }
    out.push('{');
    for (i, m) in vs.matchers.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if m.is_bare_name {
            write_string(out, &m.value.value, &m.value.vars);
            continue;
        }
        write_name(out, &m.label);
        out.push_str(m.op.as_str());
        write_string(out, &m.value.value, &m.value.vars);
    }
    out.push('}');
}

fn write_modifiers(out: &mut String, m: &Modifiers) {
    if let Some((at, _)) = &m.at {
        out.push_str(" @ ");
        match at {
            AtModifier::Timestamp(t) => write_number(
                out,
                NumberLiteral {
                    value: *t,
                    is_duration: false,
                },
            ),
            AtModifier::Start => out.push_str("start()"),
            AtModifier::End => out.push_str("end()"),
            AtModifier::Variable(v) => write_var(out, v),
        }
    }
    if let Some(o) = &m.offset {
        out.push_str(" offset ");
        write_duration(out, o);
    }
    if m.anchored {
        out.push_str(" anchored");
    }
    if m.smoothed {
        out.push_str(" smoothed");
    }
}

fn write_duration(out: &mut String, d: &Duration) {
    match &d.kind {
        DurationKind::Literal(n) => write_number(out, *n),
        DurationKind::Variable(v) => write_var(out, v),
        DurationKind::Step => out.push_str("step()"),
        DurationKind::Range => out.push_str("range()"),
        DurationKind::Unary(op, x) => {
            out.push(if *op == UnaryOp::Neg { '-' } else { '+' });
            write_duration(out, x);
        }
        DurationKind::Binary(op, a, b) => {
            write_duration(out, a);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write_duration(out, b);
        }
        DurationKind::MinMax { max, lhs, rhs } => {
            out.push_str(if *max { "max_of(" } else { "min_of(" });
            write_duration(out, lhs);
            out.push_str(", ");
            write_duration(out, rhs);
            out.push(')');
        }
        DurationKind::Paren(x) => {
            out.push('(');
            write_duration(out, x);
            out.push(')');
        }
    }
}

/// Writes a number (or a duration literal in Prometheus's duration syntax).
fn write_number(out: &mut String, n: NumberLiteral) {
    let v = n.value;
    if n.is_duration && v == 0.0 {
        out.push_str(if v.is_sign_negative() { "-0s" } else { "0s" });
        return;
    }
    if n.is_duration && v.is_finite() {
        let ms = (v * 1000.0).round();
        if ms.abs() < 9.0e15 {
            if ms < 0.0 {
                out.push('-');
            }
            out.push_str(&format_duration_ms(ms.abs() as u64));
            return;
        }
    }
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "Inf" } else { "-Inf" });
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        let _ = write!(out, "{}", v as i64);
        if v == 0.0 && v.is_sign_negative() {
            out.insert(out.len() - 1, '-');
        }
    } else {
        let _ = write!(out, "{v:?}");
    }
}

/// Prometheus's duration format: `1h30m`, `5m`, `1d12h`, `500ms`.
pub fn format_duration_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let units: [(u64, &str); 7] = [
        (365 * 24 * 3_600_000, "y"),
        (7 * 24 * 3_600_000, "w"),
        (24 * 3_600_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
        (1, "ms"),
    ];
    let mut rest = ms;
    let mut out = String::new();
    for (size, unit) in units {
        if rest >= size {
            let _ = write!(out, "{}{unit}", rest / size);
            rest %= size;
        }
    }
    out
}

/// The text of a variable reference as written.
fn var_text(v: &VarRef) -> String {
    let mut out = String::new();
    write_var(&mut out, v);
    out
}

/// Writes a double-quoted PromQL string with Go escapes. Grafana finds
/// variables in the query text, so the text must hold exactly the variables
/// in `vars`: a `$` (or `[[`) that would start another one is escaped.
fn write_string(out: &mut String, s: &str, vars: &[VarRef]) {
    out.push('"');
    let mut pending = vars.iter().map(var_text).peekable();
    let mut i = 0;
    // After `$name`, a word character would lengthen the name.
    let mut after_dollar_var = false;
    while let Some(c) = s[i..].chars().next() {
        if let Some(text) = pending.peek() {
            if s[i..].starts_with(text.as_str()) {
                out.push_str(text);
                after_dollar_var = text.starts_with('$') && !text.starts_with("${");
                i += text.len();
                pending.next();
                continue;
            }
        }
        let starts_var = (c == '$' || c == '[')
            && !super::variables::find_vars(&s[i..i + super::lexer::variable_len(s, i)], 0)
                .is_empty();
        let starts_var =
            starts_var || (after_dollar_var && (c == '_' || c.is_ascii_alphanumeric()));
        after_dollar_var = false;
        match c {
            _ if starts_var => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
        i += c.len_utf8();
    }
    out.push('"');
}

/// A copy of `expr` with every span zeroed, for comparing trees by shape.
pub fn without_spans(expr: &Expr) -> Expr {
    let strip_here = || {
        let mut e = expr.clone();
        strip(&mut e);
        e
    };
    super::with_stack_for(expr, strip_here, |_| strip_here())
}

fn strip_name(n: &mut Name) {
    n.span = Span::default();
    n.vars.iter_mut().for_each(|v| v.span = Span::default());
}

fn strip_labels(l: &mut LabelList) {
    l.span = Span::default();
    l.labels.iter_mut().for_each(strip_name);
}

fn strip_duration(d: &mut Duration) {
    d.span = Span::default();
    match &mut d.kind {
        DurationKind::Variable(v) => v.span = Span::default(),
        DurationKind::Unary(_, x) | DurationKind::Paren(x) => strip_duration(x),
        DurationKind::Binary(_, a, b) | DurationKind::MinMax { lhs: a, rhs: b, .. } => {
            strip_duration(a);
            strip_duration(b);
        }
        DurationKind::Literal(_) | DurationKind::Step | DurationKind::Range => {}
    }
}

fn strip_modifiers(m: &mut Modifiers) {
    if let Some(o) = &mut m.offset {
        strip_duration(o);
    }
    if let Some((at, span)) = &mut m.at {
        *span = Span::default();
        if let AtModifier::Variable(v) = at {
            v.span = Span::default();
        }
    }
}

fn strip(e: &mut Expr) {
    e.span = Span::default();
    match &mut e.kind {
        ExprKind::Number(_) => {}
        ExprKind::String(s) => s.vars.iter_mut().for_each(|v| v.span = Span::default()),
        ExprKind::Variable(v) => v.span = Span::default(),
        ExprKind::VectorSelector(vs) => {
            if let Some(n) = &mut vs.name {
                strip_name(n);
            }
            for m in &mut vs.matchers {
                m.span = Span::default();
                strip_name(&mut m.label);
                strip_name(&mut m.value);
            }
            strip_modifiers(&mut vs.modifiers);
        }
        ExprKind::MatrixSelector(ms) => {
            strip(&mut ms.selector);
            strip_duration(&mut ms.range);
            strip_modifiers(&mut ms.modifiers);
        }
        ExprKind::Subquery(sq) => {
            strip(&mut sq.expr);
            strip_duration(&mut sq.range);
            if let Some(s) = &mut sq.step {
                strip_duration(s);
            }
            strip_modifiers(&mut sq.modifiers);
        }
        ExprKind::Paren(x) => strip(x),
        ExprKind::Unary(u) => strip(&mut u.expr),
        ExprKind::Binary(b) => {
            b.op_span = Span::default();
            if let Some(f) = &mut b.fill {
                f.span = Span::default();
            }
            if let Some(m) = &mut b.matching {
                m.keyword_span = Span::default();
                strip_labels(&mut m.labels);
                if let Some(g) = &mut m.group {
                    g.keyword_span = Span::default();
                    if let Some(l) = &mut g.labels {
                        strip_labels(l);
                    }
                }
            }
            strip(&mut b.lhs);
            strip(&mut b.rhs);
        }
        ExprKind::Call(c) => {
            c.name_span = Span::default();
            c.args.iter_mut().for_each(strip);
        }
        ExprKind::Aggregate(a) => {
            a.op_span = Span::default();
            if let Some(g) = &mut a.grouping {
                g.keyword_span = Span::default();
                strip_labels(&mut g.labels);
            }
            if let Some(p) = &mut a.param {
                strip(p);
            }
            strip(&mut a.expr);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_in_prometheus_form() {
        assert_eq!(format_duration_ms(5_400_000), "1h30m");
        assert_eq!(format_duration_ms(60_030), "1m30ms");
        assert_eq!(format_duration_ms(604_800_000), "1w");
    }
}
