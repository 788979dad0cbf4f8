//! One policy for characters that control a terminal or reorder text:
//! C0 and C1 controls and the bidirectional embedding, override and
//! isolate characters (U+202A–U+202E, U+2066–U+2069).
//!
//! `check` refuses them in every text value of the file ([`hidden_at`]
//! says where), tab excepted, and newline in a `description`. Should one
//! still reach an output (or come from elsewhere: a zone file named with
//! one in a `TZDIR`), every writer deals with it by its format's one
//! policy, here: every terminal and Markdown writer shows it as an escape
//! such as `\u{1b}` ([`visible`]); iCalendar drops it; HTML and XML write
//! U+FFFD ([`xml`]); JSON writes it as a `\u` escape ([`json`]), which
//! keeps the data. The escapers of Markdown ([`markdown`]), of XML and
//! HTML ([`xml`]) and of JSON ([`json`]) are here too, one for every
//! writer of each.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is a bidirectional embedding, override or isolate.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` may not stand in a text value: a control character other
/// than tab (and newline, where `newline` allows it) or a bidi control.
pub(crate) fn is_forbidden(c: char, newline: bool) -> bool {
    (c.is_control() && c != '\t' && !(newline && matches!(c, '\n' | '\r'))) || is_bidi_control(c)
}

/// `text` with every control character but newline and every bidi
/// control written as a visible escape (`\u{1b}`), for a terminal or
/// Markdown. Borrowed, with no copy, when there is none.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// [`visible`] of a whole output, without a copy when nothing is escaped.
pub(crate) fn visible_owned(text: String) -> String {
    match visible(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

/// Like [`visible`], and newlines escaped too: for one line or cell.
pub(crate) fn visible_line(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// [`visible_line`] for a cell of a table, where a tab would push the
/// columns out of line: it becomes a space.
pub(crate) fn visible_cell(text: &str) -> Cow<'_, str> {
    match visible_line(text) {
        Cow::Borrowed(text) if !text.contains('\t') => Cow::Borrowed(text),
        shown => Cow::Owned(shown.replace('\t', " ")),
    }
}

fn escape(text: &str, newline: bool) -> Cow<'_, str> {
    let hidden =
        |c: char| (c.is_control() && c != '\t' && (newline || c != '\n')) || is_bidi_control(c);
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Where, in the raw TOML of one string value, the first forbidden
/// character stands: written as is, or as an escape (`\u001b`, `\b`,
/// `\r`...). The byte range within `raw`, and the character.
pub(crate) fn hidden_at(raw: &str, newline: bool) -> Option<(std::ops::Range<usize>, char)> {
    let literal = raw.starts_with('\'');
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\\' && !literal {
            let Some(&(_, e)) = chars.peek() else {
                break;
            };
            chars.next();
            let digits = match e {
                'u' => 4,
                'U' => 8,
                'x' => 2,
                _ => 0,
            };
            let decoded = if digits > 0 {
                let hex: String = (0..digits)
                    .filter_map(|_| chars.next().map(|(_, h)| h))
                    .collect();
                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
            } else {
                match e {
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'r' => Some('\r'),
                    'n' => Some('\n'),
                    'e' => Some('\u{1b}'),
                    _ => None,
                }
            };
            if let Some(d) = decoded.filter(|&d| is_forbidden(d, newline)) {
                let end = chars.peek().map_or(raw.len(), |&(i, _)| i);
                return Some((at..end, d));
            }
        } else if is_forbidden(c, newline) {
            return Some((at..at + c.len_utf8(), c));
        }
    }
    None
}

/// Like [`hidden_at`], in the raw XML of one text or attribute: the
/// character written as is or as a reference (`&#27;`, `&#x202E;`).
pub(crate) fn hidden_at_xml(raw: &str, newline: bool) -> Option<(std::ops::Range<usize>, char)> {
    let mut at = 0;
    while let Some(c) = raw[at..].chars().next() {
        if c == '&' {
            if let Some(end) = raw[at..].find(';').map(|e| at + e) {
                let body = &raw[at + 1..end];
                let decoded = match body.strip_prefix("#x").or(body.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => body.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                if let Some(d) = decoded
                    .and_then(char::from_u32)
                    .filter(|&d| is_forbidden(d, newline))
                {
                    return Some((at..end + 1, d));
                }
            }
        } else if is_forbidden(c, newline) {
            return Some((at..at + c.len_utf8(), c));
        }
        at += c.len_utf8();
    }
    None
}

/// `text` for Markdown, written once for every Markdown writer (the
/// export's tables, `diff --format markdown`): the characters Markdown
/// reads as markup or a table reads as a cell's end escaped, an `&` that
/// could start an entity too (so that `&lt;` stays those four
/// characters; `Q & A` needs no escape), line breaks as spaces, and
/// controls made visible.
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' if chars
                .peek()
                .is_some_and(|&n| n.is_alphanumeric() || n == '#') =>
            {
                out.push_str("\\&");
            }
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if is_forbidden(c, false) && c != '\t' => {
                out.push_str(&visible_line(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` for an XML or HTML element or a double-quoted attribute, for
/// every XML and HTML writer. XML 1.0
/// cannot carry most control characters even as references, so those
/// (and bidi controls) become U+FFFD; line ends and tabs in attributes become references so
/// that they survive attribute normalization.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            // C1 controls and bidi controls too: one policy for every
            // output.
            c if c.is_control() || is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A JSON document with every control and bidi character that serde
/// leaves raw (DEL, C1 controls, bidi controls; serde escapes C0 ones)
/// written as a `\u` escape: the same data, and nothing a terminal
/// showing it would obey. Such characters can only stand inside strings,
/// where the escape means the character itself; the white space between
/// values (newline, tab) is left alone.
pub(crate) fn json(text: String) -> String {
    let hidden =
        |c: char| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c);
    if !text.contains(hidden) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_only() {
        assert_eq!(visible("plain é 日\ttab"), "plain é 日\ttab");
        assert_eq!(visible("\u{1b}]0;x\u{7}"), "\\u{1b}]0;x\\u{7}");
        assert_eq!(visible("a\u{202e}b\u{2067}c"), "a\\u{202e}b\\u{2067}c");
        assert_eq!(visible("a\u{9b}b"), "a\\u{9b}b");
        assert_eq!(visible("two\nlines"), "two\nlines");
        assert_eq!(visible_line("two\nlines\r"), "two\\u{a}lines\\u{d}");
    }

    #[test]
    fn finds_escapes_and_raw_characters() {
        assert_eq!(hidden_at(r#""ab\u001bc""#, false), Some((3..9, '\u{1b}')));
        assert_eq!(hidden_at(r#""a\\u001b""#, false), None);
        assert_eq!(hidden_at(r#""a\b""#, false), Some((2..4, '\u{8}')));
        assert_eq!(hidden_at(r#""a\n""#, true), None);
        assert_eq!(hidden_at(r#""a\n""#, false), Some((2..4, '\n')));
        assert_eq!(
            hidden_at(r#""x\U0000202E""#, false),
            Some((2..12, '\u{202e}'))
        );
        assert_eq!(hidden_at("'a\u{202e}'", false), Some((2..5, '\u{202e}')));
        assert_eq!(hidden_at(r"'a\u001b'", false), None);
        assert_eq!(hidden_at("\"ok\"", false), None);
    }

    #[test]
    fn finds_xml_references_and_raw_characters() {
        // `News &#x1b;]0;`: the reference is bytes 5 to 11.
        assert_eq!(
            hidden_at_xml("News &#x1b;]0;", false),
            Some((5..11, '\u{1b}'))
        );
        assert_eq!(hidden_at_xml("a&#8238;b", false), Some((1..8, '\u{202e}')));
        assert_eq!(hidden_at_xml("a&amp;#27;", false), None);
        assert_eq!(hidden_at_xml("two&#10;lines", true), None);
        assert_eq!(hidden_at_xml("two&#10;lines", false), Some((3..8, '\n')));
        assert_eq!(
            hidden_at_xml("r\u{202e}aw", false),
            Some((1..4, '\u{202e}'))
        );
        assert_eq!(hidden_at_xml("&#xZZ; & ;", false), None);
    }

    #[test]
    fn json_keeps_the_data_and_escapes_what_serde_leaves_raw() {
        let value = serde_json::json!({ "a\u{9b}": "x\u{1b}\u{7f}\u{202e}y\n" });
        let text = json(serde_json::to_string(&value).unwrap());
        assert_eq!(text, r#"{"a\u009b":"x\u001b\u007f\u202ey\n"}"#);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
        let pretty = json(serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(
            pretty,
            "{\n  \"a\\u009b\": \"x\\u001b\\u007f\\u202ey\\n\"\n}"
        );
        assert_eq!(json("[\"plain é 日\"]".into()), "[\"plain é 日\"]");
    }

    #[test]
    fn markdown_escapes_markup_and_entities() {
        assert_eq!(markdown("&lt;b&gt; <i>"), r"\&lt;b\&gt; \<i\>");
        assert_eq!(
            markdown("&#60; &#x3c; Q & A &"),
            r"\&\#60; \&\#x3c; Q & A &"
        );
        assert_eq!(markdown("a | b"), r"a \| b");
    }

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            xml(r#"a<b>&"c"'d'"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(xml("x\u{1}y\u{FFFF}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(xml("1\n2\t3"), "1&#10;2&#9;3");
        assert_eq!(xml("Zürich · 東京"), "Zürich · 東京");
    }
}
