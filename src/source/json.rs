//! JSON read in one pass into a tree that keeps the byte span of every
//! value and key, so that a finding about an event of a schedule JSON
//! points at it without searching the text (which made a large file
//! quadratic), and so that a key written twice is seen (serde_json keeps
//! the last silently). Strict RFC 8259, as serde_json reads it: no
//! comments, no trailing commas, no raw control characters in strings, no
//! lone surrogates; a leading byte-order mark is skipped.

use std::collections::HashSet;

use crate::diagnostic::Span;

/// How deep arrays and objects may nest: a schedule needs about ten
/// levels; the limit keeps a hostile file from exhausting the stack.
const MAX_DEPTH: usize = 128;

/// A JSON value and where it is written (a string with its quotes).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Json {
    /// Where it is written.
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// The value itself.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its members in the order written, a repeated key
    /// included.
    Object(Vec<Member>),
}

/// One member of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key is written, with its quotes.
    pub key_span: Span,
    /// Its value.
    pub value: Json,
}

/// Why the text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Error {
    /// The byte where reading stopped.
    pub at: usize,
    /// What was wrong there.
    pub message: String,
}

impl Json {
    /// The value of `key` in an object: the last one written, as
    /// JavaScript and serde_json take it.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        self.members()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    /// The members of an object.
    pub(crate) fn members(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The elements of an array.
    pub(crate) fn array(&self) -> Option<&[Json]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A string, or a number as written; `None` for anything else.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }

    /// The members of an object whose key was written before in it.
    pub(crate) fn repeated_keys(&self) -> Vec<&Member> {
        let Some(members) = self.members() else {
            return Vec::new();
        };
        let mut seen = HashSet::with_capacity(members.len());
        members
            .iter()
            .filter(|m| !seen.insert(m.key.as_str()))
            .collect()
    }
}

/// Reads `text` as one JSON value.
pub(crate) fn parse(text: &str) -> Result<Json, Error> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: if text.starts_with('\u{feff}') { 3 } else { 0 },
        depth: 0,
    };
    let value = p.value()?;
    p.space();
    if p.at < p.bytes.len() {
        return Err(p.error("text after the end of the JSON value"));
    }
    Ok(value)
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> Error {
        Error {
            at: self.at.min(self.bytes.len()),
            message: message.to_string(),
        }
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Json, Error> {
        self.space();
        let start = self.at;
        let value = match self.bytes.get(self.at) {
            None => return Err(self.error("the JSON ends where a value was expected")),
            Some(b'{') => self.nested(Self::object)?,
            Some(b'[') => self.nested(Self::array)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(_) => return Err(self.error("expected a value")),
        };
        Ok(Json {
            span: start..self.at,
            value,
        })
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, Error>) -> Result<Value, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(&format!(
                "arrays and objects nested deeper than {MAX_DEPTH}: this is no schedule"
            )));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn object(&mut self) -> Result<Value, Error> {
        self.at += 1;
        let mut members = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a key in quotes"));
            }
            let key_start = self.at;
            let key = self.string()?;
            let key_span = key_start..self.at;
            self.space();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.error("expected `:` after a key"));
            }
            self.at += 1;
            let value = self.value()?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` after an object member")),
            }
        }
    }

    fn array(&mut self) -> Result<Value, Error> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` after an array element")),
            }
        }
    }

    fn number(&mut self) -> Result<String, Error> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error("malformed number")),
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("malformed number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("malformed number"));
            }
        }
        Ok(self.text[start..self.at].to_string())
    }

    /// A string from its opening quote, unescaped.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run of plain characters at once.
            let run = self.bytes[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .map_or(self.bytes.len(), |i| self.at + i);
            out.push_str(&self.text[self.at..run]);
            self.at = run;
            match self.bytes.get(self.at) {
                None => return Err(self.error("a string is never closed")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => {
                    return Err(self.error(
                        "a control character in a string (write it as an escape such as \\n)",
                    ))
                }
            }
        }
    }

    /// One escape, from its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let c = match self.bytes.get(self.at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4(self.at + 2)?;
                self.at += 6;
                return match first {
                    0xD800..=0xDBFF => {
                        let low = if self.bytes[self.at..].starts_with(b"\\u") {
                            self.hex4(self.at + 2)?
                        } else {
                            0
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("a lone surrogate in a \\u escape"));
                        }
                        self.at += 6;
                        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))
                            .ok_or_else(|| self.error("a malformed \\u escape"))
                    }
                    0xDC00..=0xDFFF => Err(self.error("a lone surrogate in a \\u escape")),
                    _ => char::from_u32(first).ok_or_else(|| self.error("a malformed \\u escape")),
                };
            }
            _ => return Err(self.error("an unknown escape in a string")),
        };
        self.at += 2;
        Ok(c)
    }

    fn hex4(&self, at: usize) -> Result<u32, Error> {
        self.text
            .get(at..at + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| Error {
                at: at.min(self.bytes.len()),
                message: "a \\u escape needs four hexadecimal digits".to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, String) {
        let e = parse(text).unwrap_err();
        (e.at, e.message)
    }

    #[test]
    fn values_with_their_spans() {
        let text =
            "\u{feff} {\"a\": [1, -2.5e3, true, null], \"b\\u00e9\": \"x\\n\\ud83c\\udf89\"}";
        let json = parse(text).unwrap();
        assert_eq!(&text[json.span.clone()], &text[4..]);
        let a = json.get("a").unwrap();
        assert_eq!(&text[a.span.clone()], "[1, -2.5e3, true, null]");
        let items = a.array().unwrap();
        assert_eq!(items[1].text(), Some("-2.5e3"));
        assert_eq!(items[2].value, Value::Bool(true));
        let b = json.get("bé").unwrap();
        assert_eq!(b.text(), Some("x\n🎉"));
        assert_eq!(&text[b.span.clone()], "\"x\\n\\ud83c\\udf89\"");
        let member = &json.members().unwrap()[1];
        assert_eq!(&text[member.key_span.clone()], "\"b\\u00e9\"");
    }

    #[test]
    fn repeated_keys_are_kept_and_the_last_wins() {
        let json = parse(r#"{"k": 1, "x": 0, "k": 2}"#).unwrap();
        assert_eq!(json.get("k").and_then(Json::text), Some("2"));
        let repeated = json.repeated_keys();
        assert_eq!(repeated.len(), 1);
        assert_eq!(repeated[0].key_span, 17..20);
    }

    #[test]
    fn malformed_json_says_where() {
        assert_eq!(err("{,}").0, 1);
        assert_eq!(err("[1,]"), (3, "expected a value".to_string()));
        assert_eq!(err("{\"a\" 1}").1, "expected `:` after a key");
        assert_eq!(
            err("{\"a\": 1 \"b\": 2}").1,
            "expected `,` or `}` after an object member"
        );
        assert_eq!(err("\"tab\there\"").0, 4);
        assert_eq!(err("\"\\ud800 x\"").1, "a lone surrogate in a \\u escape");
        assert_eq!(err("\"\\udc00\"").1, "a lone surrogate in a \\u escape");
        assert_eq!(
            err("\"\\u12\"").1,
            "a \\u escape needs four hexadecimal digits"
        );
        assert_eq!(err("01").1, "text after the end of the JSON value");
        assert_eq!(err("1.").1, "malformed number");
        assert_eq!(err("-").1, "malformed number");
        assert_eq!(err("tru").1, "expected a value");
        assert_eq!(err("\"open").1, "a string is never closed");
        assert_eq!(err("").1, "the JSON ends where a value was expected");
        assert_eq!(err("{} {}").0, 3);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(err(&deep).1.contains("nested deeper than 128"));
    }

    #[test]
    fn agrees_with_serde_json() {
        // Whatever serde_json reads, this reads the same; whatever it
        // refuses, this refuses.
        for text in [
            r#"{"a": "\u0041\t\"\\\/", "n": [0, 1e5, -0.5, 10E-2], "o": {}, "e": []}"#,
            r#"["\uD83D\uDE00", "ü", "\u00fc"]"#,
            "  [ true , false , null ]  ",
            r#"{"a": 1,}"#,
            "[1 2]",
            r#""\x41""#,
            "1e",
            "00",
            "[01]",
        ] {
            let theirs: Result<serde_json::Value, _> = serde_json::from_str(text);
            let ours = parse(text);
            assert_eq!(theirs.is_ok(), ours.is_ok(), "{text}");
            if let (Ok(theirs), Ok(ours)) = (theirs, ours) {
                assert_eq!(to_serde(&ours), theirs, "{text}");
            }
        }
    }

    fn to_serde(json: &Json) -> serde_json::Value {
        match &json.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::from_str(n).unwrap(),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => items.iter().map(to_serde).collect(),
            Value::Object(members) => members
                .iter()
                .map(|m| (m.key.clone(), to_serde(&m.value)))
                .collect(),
        }
    }
}
