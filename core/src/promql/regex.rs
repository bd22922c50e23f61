//! Just enough of Go's RE2 syntax to validate a label matcher's regular
//! expression and to tell whether it matches the empty string (Prometheus
//! rejects selectors whose every matcher matches the empty string).
//!
//! A full regex engine would be a dependency for two questions; the syntax
//! tree here answers both in a few hundred lines.

/// Parses `pattern`; returns whether it can match the empty string (the
/// whole string, as Prometheus anchors label regexes), or a Go-style error.
pub fn parse(pattern: &str) -> Result<bool, String> {
    let mut p = RegexParser {
        chars: pattern.chars().collect(),
        pos: 0,
        pattern,
        depth: 0,
    };
    let nullable = p.alternation()?;
    if p.pos < p.chars.len() {
        // Only a stray `)` stops an alternation early.
        return Err(p.error("unexpected )", pattern));
    }
    Ok(nullable)
}

/// True when `pattern` (anchored) matches the empty string. Invalid patterns
/// count as not matching it.
pub fn matches_empty(pattern: &str) -> bool {
    parse(pattern).unwrap_or(false)
}

struct RegexParser<'a> {
    chars: Vec<char>,
    pos: usize,
    pattern: &'a str,
    depth: usize,
}

impl RegexParser<'_> {
    fn error(&self, what: &str, arg: &str) -> String {
        format!("error parsing regexp: {what}: `{arg}`")
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn alternation(&mut self) -> Result<bool, String> {
        let mut nullable = self.concatenation()?;
        while self.peek() == Some('|') {
            self.pos += 1;
            nullable |= self.concatenation()?;
        }
        Ok(nullable)
    }

    fn concatenation(&mut self) -> Result<bool, String> {
        let mut nullable = true;
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let start = self.pos;
            let atom = self.atom()?;
            let atom = self.repetitions(atom, start)?;
            nullable &= atom;
        }
        Ok(nullable)
    }

    fn repetitions(&mut self, mut nullable: bool, start: usize) -> Result<bool, String> {
        let mut repeated = false;
        loop {
            let op_start = self.pos;
            let min = match self.peek() {
                Some('*') | Some('?') => {
                    self.pos += 1;
                    0
                }
                Some('+') => {
                    self.pos += 1;
                    1
                }
                Some('{') => match self.counted()? {
                    Some(min) => min,
                    None => return Ok(nullable),
                },
                _ => return Ok(nullable),
            };
            if self.peek() == Some('?') {
                self.pos += 1;
            }
            if repeated {
                let text: String = self.chars[start..self.pos].iter().collect();
                let op: String = self.chars[op_start..self.pos].iter().collect();
                let _ = text;
                return Err(self.error("invalid nested repetition operator", &op));
            }
            repeated = true;
            if min == 0 {
                nullable = true;
            }
        }
    }

    /// `{n}`, `{n,}`, `{n,m}`: returns the minimum, or None when the brace
    /// is a literal (Go treats a malformed count as literal text).
    fn counted(&mut self) -> Result<Option<u32>, String> {
        let start = self.pos;
        let mut i = self.pos + 1;
        let num = |i: &mut usize, chars: &[char]| -> Option<u32> {
            let s = *i;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                *i += 1;
            }
            if *i == s {
                return None;
            }
            chars[s..*i].iter().collect::<String>().parse().ok()
        };
        let Some(min) = num(&mut i, &self.chars) else {
            return Ok(None);
        };
        let mut max = Some(min);
        if self.chars.get(i) == Some(&',') {
            i += 1;
            max = if self.chars.get(i) == Some(&'}') {
                None
            } else {
                match num(&mut i, &self.chars) {
                    Some(m) => Some(m),
                    None => return Ok(None),
                }
            };
        }
        if self.chars.get(i) != Some(&'}') {
            return Ok(None);
        }
        i += 1;
        let text: String = self.chars[start..i].iter().collect();
        if min > 1000 || max.is_some_and(|m| m > 1000 || m < min) {
            return Err(self.error("invalid repeat count", &text));
        }
        self.pos = i;
        Ok(Some(min))
    }

    fn atom(&mut self) -> Result<bool, String> {
        let Some(c) = self.peek() else {
            return Ok(true);
        };
        match c {
            '*' | '+' | '?' => {
                Err(self.error("missing argument to repetition operator", &c.to_string()))
            }
            '(' => {
                self.depth += 1;
                if self.depth > 1000 {
                    return Err(self.error("expression nests too deeply", self.pattern));
                }
                self.pos += 1;
                if self.peek() == Some('?') {
                    self.group_flags()?;
                    if self.chars.get(self.pos.wrapping_sub(1)) == Some(&')') {
                        // A flag-only group like `(?i)`.
                        self.depth -= 1;
                        return Ok(true);
                    }
                }
                let nullable = self.alternation()?;
                if self.peek() != Some(')') {
                    return Err(self.error("missing closing )", self.pattern));
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(nullable)
            }
            '[' => {
                self.class()?;
                Ok(false)
            }
            '^' | '$' => {
                self.pos += 1;
                Ok(true)
            }
            '.' => {
                self.pos += 1;
                Ok(false)
            }
            '\\' => self.escape(false),
            _ => {
                self.pos += 1;
                Ok(false)
            }
        }
    }

    /// After `(?`: a name `P<name>`/`<name>`, or flags ending in `)` or `:`.
    fn group_flags(&mut self) -> Result<(), String> {
        let start = self.pos - 1;
        self.pos += 1; // ?
        match self.peek() {
            Some('P') | Some('<') => {
                if self.peek() == Some('P') {
                    self.pos += 1;
                }
                if self.peek() != Some('<') {
                    let rest: String = self.chars[start..].iter().collect();
                    return Err(self.error("invalid or unsupported Perl syntax", &rest));
                }
                self.pos += 1;
                let name_start = self.pos;
                while let Some(c) = self.peek() {
                    if c == '>' {
                        break;
                    }
                    if !(c == '_' || c.is_alphanumeric()) {
                        let rest: String = self.chars[start..].iter().collect();
                        return Err(self.error("invalid named capture", &rest));
                    }
                    self.pos += 1;
                }
                if self.peek() != Some('>') || self.pos == name_start {
                    let rest: String = self.chars[start..].iter().collect();
                    return Err(self.error("invalid named capture", &rest));
                }
                self.pos += 1;
                Ok(())
            }
            _ => {
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    match c {
                        'i' | 'm' | 's' | 'U' | '-' => {}
                        ':' | ')' => return Ok(()),
                        _ => break,
                    }
                }
                let text: String = self.chars[start..self.pos.min(self.chars.len())]
                    .iter()
                    .collect();
                Err(self.error("invalid or unsupported Perl syntax", &text))
            }
        }
    }

    fn class(&mut self) -> Result<(), String> {
        let start = self.pos;
        self.pos += 1;
        if self.peek() == Some('^') {
            self.pos += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                let text: String = self.chars[start..].iter().collect();
                return Err(self.error("missing closing ]", &text));
            };
            if c == ']' && !first {
                self.pos += 1;
                return Ok(());
            }
            first = false;
            if c == '[' && self.chars.get(self.pos + 1) == Some(&':') {
                // [:alpha:]
                if let Some(end) = (self.pos + 2..self.chars.len().saturating_sub(1))
                    .find(|&i| self.chars[i] == ':' && self.chars[i + 1] == ']')
                {
                    self.pos = end + 2;
                    continue;
                }
            }
            let lo = self.class_char()?;
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                self.pos += 1;
                let hi = self.class_char()?;
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    if hi < lo {
                        let text: String = [lo, '-', hi].iter().collect();
                        return Err(self.error("invalid character class range", &text));
                    }
                }
            }
        }
    }

    /// One character of a class; `None` for a class escape like `\d`.
    fn class_char(&mut self) -> Result<Option<char>, String> {
        match self.peek() {
            Some('\\') => {
                let before = self.pos;
                self.escape(true)?;
                let text: Vec<char> = self.chars[before..self.pos].to_vec();
                Ok(match text.as_slice() {
                    ['\\', c] if !c.is_ascii_alphanumeric() => Some(*c),
                    _ => None,
                })
            }
            Some(c) => {
                self.pos += 1;
                Ok(Some(c))
            }
            None => Ok(None),
        }
    }

    /// An escape after `\`; returns whether it matches the empty string.
    fn escape(&mut self, in_class: bool) -> Result<bool, String> {
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(self.error("trailing backslash at end of expression", ""));
        };
        self.pos += 1;
        match c {
            'A' | 'z' | 'B' if !in_class => Ok(true),
            'b' if !in_class => Ok(false),
            'd' | 'D' | 's' | 'S' | 'w' | 'W' | 'a' | 'f' | 't' | 'n' | 'r' | 'v' => Ok(false),
            'p' | 'P' => {
                if self.peek() == Some('{') {
                    match (self.pos..self.chars.len()).find(|&i| self.chars[i] == '}') {
                        Some(end) => self.pos = end + 1,
                        None => return Err(self.error("invalid character class range", "\\p{")),
                    }
                } else if self.peek().is_some() {
                    self.pos += 1;
                }
                Ok(false)
            }
            'x' => {
                if self.peek() == Some('{') {
                    match (self.pos..self.chars.len()).find(|&i| self.chars[i] == '}') {
                        Some(end) => self.pos = end + 1,
                        None => return Err(self.error("invalid escape sequence", "\\x{")),
                    }
                } else {
                    for _ in 0..2 {
                        if !self.peek().is_some_and(|h| h.is_ascii_hexdigit()) {
                            return Err(self.error("invalid escape sequence", "\\x"));
                        }
                        self.pos += 1;
                    }
                }
                Ok(false)
            }
            '0'..='7' => {
                for _ in 0..2 {
                    if self.peek().is_some_and(|d| ('0'..='7').contains(&d)) {
                        self.pos += 1;
                    }
                }
                Ok(false)
            }
            'Q' if !in_class => {
                // \Q...\E literal text.
                let mut nullable = true;
                while self.pos < self.chars.len() {
                    if self.chars[self.pos] == '\\' && self.chars.get(self.pos + 1) == Some(&'E') {
                        self.pos += 2;
                        return Ok(nullable);
                    }
                    nullable = false;
                    self.pos += 1;
                }
                Ok(nullable)
            }
            c if c.is_ascii_punctuation() => Ok(false),
            c => Err(self.error("invalid escape sequence", &format!("\\{c}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_matching() {
        assert_eq!(parse(".*"), Ok(true));
        assert_eq!(parse(".+"), Ok(false));
        assert_eq!(parse("a|"), Ok(true));
        assert_eq!(parse("(a|b)?"), Ok(true));
        assert_eq!(parse("foo"), Ok(false));
        assert_eq!(parse(""), Ok(true));
        assert_eq!(parse("(?i)a*"), Ok(true));
        assert_eq!(parse("[a-z]{0,3}"), Ok(true));
    }

    #[test]
    fn errors() {
        assert!(parse("(").is_err());
        assert!(parse(")").is_err());
        assert!(parse("[a").is_err());
        assert!(parse("*a").is_err());
        assert!(parse("a**").is_err());
        assert!(parse("\\q").is_err());
        assert!(parse("[z-a]").is_err());
        assert!(parse("a{2,1}").is_err());
        assert_eq!(parse("a{x}"), Ok(false));
    }
}
