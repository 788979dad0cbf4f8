//! The reader of agenda TOML: the file read into the format-neutral
//! declarations of `decl`, keeping the place in the file of every value,
//! so that every finding can point at its line. Nothing here knows about
//! UTC; the model (`model.rs`) resolves times. The rules every format
//! gets (text, links, seconds, lengths) are `decl::validate`'s.
//!
//! The walk is by hand over `toml`'s spanned tree rather than through serde
//! derive, because `check` must report every problem in one run, and serde
//! stops at the first. This file holds the entry and the reader's
//! primitives; `tables.rs` the tables; `by_day.rs` the reading of a big
//! file a day at a time.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::decl::{AgendaFile, Located, Origin, WallTime};
use crate::diagnostic::{Code, Finding, Span};
use crate::text::Suggestions;

mod by_day;
mod tables;

const TOP_KEYS: &[&str] = &["event", "rules", "people", "day"];
const EVENT_KEYS: &[&str] = &["name", "timezone", "url", "location", "id"];
const RULES_KEYS: &[&str] = &[
    "talk_minutes",
    "item_minutes",
    "waking_hours",
    "require_people",
    "max_gap_minutes",
    "allow",
];
const PERSON_KEYS: &[&str] = &["timezone"];
const DAY_KEYS: &[&str] = &["date", "name", "end", "block"];
const BLOCK_KEYS: &[&str] = &[
    "start",
    "minutes",
    "end",
    "kind",
    "title",
    "speakers",
    "speaker",
    "moderator",
    "room",
    "location",
    "url",
    "description",
    "id",
    "items",
];
const ITEM_KEYS: &[&str] = &[
    "title",
    "minutes",
    "speakers",
    "speaker",
    "url",
    "description",
];

type Value<'i> = Spanned<DeValue<'i>>;

/// Reads `text` as an agenda file. Every problem found is pushed to
/// `findings`; the declarations that could be read are returned, so that
/// later stages can report their own problems too. `None` when the TOML
/// itself is broken or `[event]` is unusable.
pub(crate) fn parse(text: &str, findings: &mut Vec<Finding>) -> Option<AgendaFile> {
    if let Some(finding) = control_character(text) {
        findings.push(finding);
        return None;
    }
    let before = findings.len();
    match by_day::parse_by_day(text, findings) {
        Some(file) => file,
        None => {
            findings.truncate(before);
            parse_whole(text, findings)
        }
    }
}

/// TOML allows no control character but tab and line ends anywhere; the
/// parser would report one as a puzzling syntax error further on, so it is
/// named at once (a UTF-16 or binary file is full of them).
fn control_character(text: &str) -> Option<Finding> {
    let (at, c) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))?;
    Some(
        Finding::new(
            Code::ControlCharacter,
            at..at + c.len_utf8(),
            format!(
                "the file contains a control character (U+{:04X}), so it is not a text agenda",
                u32::from(c)
            ),
        )
        .label("control character here")
        .help("save the agenda as UTF-8 text; a file full of these may be UTF-16 or binary"),
    )
}

/// Parses the file as one TOML document.
fn parse_whole(text: &str, findings: &mut Vec<Finding>) -> Option<AgendaFile> {
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            let finding = explain(text, &span).unwrap_or_else(|| {
                let message = err.message().trim_end().to_string();
                Finding::new(Code::InvalidToml, span, format!("invalid TOML: {message}"))
                    .label("here")
            });
            findings.push(finding);
            return None;
        }
    };
    let mut r = Reader::new(findings);
    let root_span = root.span();
    let root = root.get_ref();
    let (event, rules, people) = r.head(root, &root_span);
    let days = match root.get("day") {
        Some(v) => r.days(v),
        None => {
            r.error(no_day(&root_span));
            Vec::new()
        }
    };
    Some(AgendaFile {
        origin: Origin::Agenda,
        event: event?,
        rules,
        days,
        people,
        declared_blocks: r.blocks,
    })
}

/// A plainer account of a TOML error whose usual cause the parser's own
/// message hides: a byte-order mark left in mid-file by joining files
/// ("key with no value"), or a `[[day.block]]` before any `[[day]]`
/// ("duplicate key" at the later `[[day]]`).
fn explain(text: &str, error: &Span) -> Option<Finding> {
    let upto = text.len().min(error.end.max(error.start) + 1);
    if let Some(at) = text
        .get(1..)
        .and_then(|rest| rest.find('\u{feff}'))
        .map(|i| i + 1)
        .filter(|&at| at < upto)
    {
        return Some(
            Finding::new(
                Code::InvalidToml,
                at..at + '\u{feff}'.len_utf8(),
                "a byte-order mark (U+FEFF) in the middle of the file",
            )
            .label("invisible byte-order mark here")
            .help("delete it; joining files (e.g. with `cat`) keeps the mark each one starts with"),
        );
    }
    let mut first_day = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let header = line.trim_start_matches([' ', '\t']);
        if header.starts_with("[[day]]") {
            first_day.get_or_insert(at);
        } else if header.starts_with("[[day.block]]") && first_day.is_none() {
            let start = at + (line.len() - header.len());
            return Some(
                Finding::new(
                    Code::InvalidToml,
                    start..start + "[[day.block]]".len(),
                    "a [[day.block]] comes before any [[day]]",
                )
                .label("block without a day")
                .help("put a [[day]] with its `date` above the day's blocks"),
            );
        }
        at += line.len();
    }
    None
}

fn no_day(root_span: &Span) -> Finding {
    Finding::new(
        Code::NoDay,
        root_span.start..root_span.start,
        "the agenda has no [[day]]",
    )
    .label("expected a [[day]] table")
    .help("add a [[day]] with a `date` and its [[day.block]]s")
}

/// Walks the spanned tree, pushing a finding for each problem.
struct Reader<'f> {
    findings: &'f mut Vec<Finding>,
    /// "Did you mean" for keys, kinds and zones, within one budget for
    /// the whole file.
    suggestions: Suggestions,
    /// The blocks met so far, whether they could be read or not.
    blocks: usize,
}

impl<'f> Reader<'f> {
    fn new(findings: &'f mut Vec<Finding>) -> Reader<'f> {
        Reader {
            findings,
            suggestions: Suggestions::new(),
            blocks: 0,
        }
    }

    fn error(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let mut finding = Finding::new(
                Code::UnknownKey,
                key.span(),
                format!("unknown key `{name}` {place}"),
            )
            .label("not a key here");
            if let Some(home) = home_of(name) {
                finding = finding.help(format!("`{name}` belongs in {home}"));
            } else if let Some(close) = self.suggestions.closest(name, allowed) {
                finding = finding.help(format!("did you mean `{close}`?"));
            } else {
                finding = finding.help(format!("valid keys here: {}", allowed.join(", ")));
            }
            self.error(finding);
        }
    }

    fn table<'t, 'i>(&mut self, v: &'t Value<'i>, what: &str) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(wrong_type(v.span(), what, "a table", other));
                None
            }
        }
    }

    /// The tables of an array of tables (`[[day]]`), each with its span.
    fn array_of_tables<'t, 'i>(
        &mut self,
        v: &'t Value<'i>,
        key: &str,
        header: &str,
    ) -> Vec<(Span, &'t DeTable<'i>)> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                wrong_type(
                    v.span(),
                    &format!("`{key}`"),
                    "an array of tables",
                    v.get_ref(),
                )
                .help(format!("write each one as a {header} table")),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(t) => Some((item.span(), t)),
                // Only a misfit pays for formatting the message.
                _ => self
                    .table(item, &format!("each {header}"))
                    .map(|t| (item.span(), t)),
            })
            .collect()
    }

    fn string(&mut self, t: &DeTable<'_>, key: &str) -> Option<Located<String>> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Located::new(s.to_string(), v.span())),
            other => {
                self.error(wrong_type(v.span(), &format!("`{key}`"), "a string", other));
                None
            }
        }
    }

    fn required_string(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        span: &Span,
        what: &str,
    ) -> Option<Located<String>> {
        if t.get(key).is_none() {
            self.error(missing(span, key, what));
        }
        self.string(t, key)
    }

    fn integer(&mut self, v: &Value<'_>, key: &str) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.error(
                            Finding::new(
                                Code::BadNumber,
                                v.span(),
                                format!("`{key}` is too large"),
                            )
                            .label("out of range"),
                        );
                        None
                    }
                }
            }
            other => {
                self.error(wrong_type(
                    v.span(),
                    &format!("`{key}`"),
                    "a whole number",
                    other,
                ));
                None
            }
        }
    }

    /// A length in minutes, spanned; its range is checked with the other
    /// declarations ([`crate::decl::validate`]).
    fn length(&mut self, v: &Value<'_>, key: &str) -> Option<Located<i64>> {
        self.integer(v, key).map(|n| Located::new(n, v.span()))
    }

    /// A length of `[rules]`, which must be in range here: rules are
    /// TOML's own.
    fn minutes(&mut self, v: &Value<'_>, key: &str) -> Option<i64> {
        let n = self.length(v, key)?;
        match crate::decl::validate::length_finding(&n, key) {
            Some(finding) => {
                self.error(finding);
                None
            }
            None => Some(n.value),
        }
    }

    /// `speakers` or `speaker`, and where they are written: for one
    /// `speaker`, its own span.
    fn people(&mut self, t: &DeTable<'_>) -> (Vec<Located<String>>, Option<Span>) {
        let list = t
            .get("speakers")
            .and_then(|v| Some((self.string_list(v, "speakers")?, v.span())));
        let one = self.string(t, "speaker");
        match (list, one) {
            (Some(_), Some(one)) => {
                self.error(
                    Finding::new(
                        Code::ConflictingKeys,
                        one.span,
                        "both `speaker` and `speakers` are given",
                    )
                    .label("second list of speakers")
                    .help("put every name in `speakers`"),
                );
                (Vec::new(), None)
            }
            (Some((list, span)), None) => (list, Some(span)),
            (None, Some(one)) => {
                let span = one.span.clone();
                (vec![one], Some(span))
            }
            (None, None) => (Vec::new(), None),
        }
    }

    fn string_list(&mut self, v: &Value<'_>, key: &str) -> Option<Vec<Located<String>>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(wrong_type(
                v.span(),
                &format!("`{key}`"),
                "a list of strings",
                v.get_ref(),
            ));
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(Located::new(s.to_string(), item.span())),
                other => self.error(wrong_type(
                    item.span(),
                    &format!("each of `{key}`"),
                    "a string",
                    other,
                )),
            }
        }
        Some(out)
    }

    fn date(&mut self, v: &Value<'_>) -> Option<Located<NaiveDate>> {
        let span = v.span();
        let date = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            DeValue::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|_| s.len() == 10),
            other => {
                self.error(wrong_type(
                    span,
                    "`date`",
                    "a date such as 2021-04-13",
                    other,
                ));
                return None;
            }
        };
        if let Some(d) = date.filter(|d| !(1..=9999).contains(&d.year())) {
            self.error(
                Finding::new(
                    Code::BadDate,
                    span.clone(),
                    format!("the year {} is out of range", d.year()),
                )
                .label("not a year from 0001 to 9999")
                .help("write the date as YYYY-MM-DD, e.g. 2021-04-13"),
            );
            return None;
        }
        if date.is_none() {
            self.error(
                Finding::new(Code::BadDate, span.clone(), "malformed date")
                    .label("not a calendar date")
                    .help("write the date as YYYY-MM-DD, e.g. 2021-04-13"),
            );
        }
        Some(Located { value: date?, span })
    }

    fn wall_time(&mut self, v: &Value<'_>, key: &str) -> Option<Located<WallTime>> {
        let span = v.span();
        let parsed = match v.get_ref() {
            DeValue::String(s) => parse_wall_time(s),
            DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => {
                dt.time.and_then(|t| {
                    NaiveTime::from_hms_nano_opt(
                        t.hour.into(),
                        t.minute.into(),
                        t.second.unwrap_or(0).into(),
                        t.nanosecond.unwrap_or(0),
                    )
                    .map(|time| WallTime { time, offset: None })
                })
            }
            other => {
                self.error(wrong_type(
                    span,
                    &format!("`{key}`"),
                    "a time such as \"14:00\"",
                    other,
                ));
                return None;
            }
        };
        match parsed {
            Some(value) => Some(Located { value, span }),
            None => {
                self.error(
                    Finding::new(Code::BadTime, span, format!("malformed time in `{key}`"))
                        .label("not a time of day")
                        .help("write times as \"HH:MM\" from 00:00 to 23:59, optionally with an offset: \"01:30-04:00\""),
                );
                None
            }
        }
    }
}

/// Parses `"HH:MM"`, `"HH:MM:SS"`, optionally followed by `Z` or `±HH:MM`.
fn parse_wall_time(s: &str) -> Option<WallTime> {
    let s = s.trim();
    let (clock, offset) = match s.find(['+', '-', 'Z', 'z']) {
        Some(i) => (&s[..i], Some(parse_offset(&s[i..])?)),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let field = |p: &str| -> Option<u32> {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let time = match parts.as_slice() {
        [h, m] => NaiveTime::from_hms_opt(field(h)?, field(m)?, 0)?,
        [h, m, sec] => NaiveTime::from_hms_opt(field(h)?, field(m)?, field(sec)?)?,
        _ => return None,
    };
    Some(WallTime { time, offset })
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    if s.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s[1..].split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn wrong_type(span: Span, what: &str, expected: &str, found: &DeValue<'_>) -> Finding {
    let found = type_name(found);
    Finding::new(
        Code::WrongType,
        span,
        format!("{what} must be {expected}, not {found}"),
    )
    .label(format!("{found} here"))
}

fn missing(span: &Span, key: &str, place: &str) -> Finding {
    Finding::new(
        Code::MissingKey,
        span.clone(),
        format!("missing key `{key}` in {place}"),
    )
    .label(format!("this {place} has no `{key}`"))
}

/// Where a key that is misplaced belongs, so the hint can say so.
fn home_of(key: &str) -> Option<&'static str> {
    let homes: [(&[&str], &str); 5] = [
        (TOP_KEYS, "the top level"),
        (EVENT_KEYS, "[event]"),
        (RULES_KEYS, "[rules]"),
        (DAY_KEYS, "[[day]]"),
        (BLOCK_KEYS, "[[day.block]]"),
    ];
    homes
        .iter()
        .find(|(keys, _)| keys.contains(&key))
        .map(|(_, home)| *home)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn wt(s: &str) -> Option<(u32, u32, Option<i32>)> {
        parse_wall_time(s).map(|w| {
            (
                w.time.hour(),
                w.time.minute(),
                w.offset.map(|o| o.local_minus_utc() / 60),
            )
        })
    }

    #[test]
    fn wall_times() {
        assert_eq!(wt("14:00"), Some((14, 0, None)));
        assert_eq!(wt("23:59:30"), Some((23, 59, None)));
        assert_eq!(wt("01:30-04:00"), Some((1, 30, Some(-240))));
        assert_eq!(wt("05:45+05:45"), Some((5, 45, Some(345))));
        assert_eq!(wt("12:00Z"), Some((12, 0, Some(0))));
        assert_eq!(wt("25:61"), None);
        assert_eq!(wt("24:00"), None);
        assert_eq!(wt("9:00"), None);
        assert_eq!(wt("14h00"), None);
        assert_eq!(wt("14:00-4"), None);
        assert_eq!(wt(""), None);
    }
    #[test]
    fn closest_key_catches_typos_only() {
        let mut s = Suggestions::new();
        assert_eq!(s.closest("minuts", BLOCK_KEYS), Some("minutes"));
        assert_eq!(s.closest("speakr", BLOCK_KEYS), Some("speaker"));
        assert_eq!(s.closest("zzz", BLOCK_KEYS), None);
    }
}
