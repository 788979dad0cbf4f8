//! The reader of agenda TOML: the file read into the format-neutral
//! declarations of `decl.rs`, keeping the place in the file of every
//! value, so that every finding can point at its line. Nothing here knows
//! about UTC; the model (`model.rs`) resolves times.
//!
//! The walk is by hand over `toml`'s spanned tree rather than through serde
//! derive, because `check` must report every problem in one run, and serde
//! stops at the first.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::decl::{
    AgendaFile, BlockDecl, DayDecl, EventDecl, ItemDecl, Length, Located, PersonDecl, RulesDecl,
    WallTime, MAX_MINUTES,
};
use crate::diagnostic::{Code, Finding, Span};
use crate::kind::Kind;
use crate::text::closest;
use crate::text::person_key;
use crate::time;
use crate::waking::{WakingHours, DAY};

const TOP_KEYS: &[&str] = &["event", "rules", "people", "day"];
const EVENT_KEYS: &[&str] = &["name", "timezone", "url", "location", "id"];
const RULES_KEYS: &[&str] = &[
    "talk_minutes",
    "item_minutes",
    "waking_hours",
    "require_people",
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
    match parse_by_day(text, findings) {
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
    let mut r = Reader { findings, text };
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
        event: event?,
        rules,
        days,
        people,
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

/// Parses the file one `[[day]]` at a time: the text before the first
/// `[[day]]` header, then each day from its header to the next. `toml`
/// holds every token and event of the document it parses, which for a
/// programme of 100,000 blocks is hundreds of megabytes; a day at a time
/// it is a few hundred kilobytes, reused while still in cache.
///
/// TOML state does not cross a top-level `[[day]]` header: each starts a
/// fresh table, appended to the `day` array. So when every piece parses
/// and no piece but the days' own touches `day`, and the days' pieces
/// touch nothing else, the result is the document's, spans aside, which
/// are moved back to where they stand in the file. Otherwise (a header
/// inside a multi-line string, `[event.x]` after a day, invalid TOML...)
/// `None`, and the caller parses the file whole, so that every error is
/// reported exactly as before.
fn parse_by_day(text: &str, findings: &mut Vec<Finding>) -> Option<Option<AgendaFile>> {
    let starts = day_headers(text);
    let first = *starts.first()?;
    let head = DeTable::parse(&text[..first]).ok()?;
    let head_span = head.span();
    let head = head.get_ref();
    if head.contains_key("day") {
        return None;
    }
    let mut r = Reader {
        findings,
        text: &text[..first],
    };
    let (event, rules, people) = r.head(head, &head_span);
    let mut days = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        r.text = &text[start..end];
        let piece = DeTable::parse(r.text).ok()?;
        let piece = piece.get_ref();
        if piece.len() != 1 {
            return None;
        }
        let from = r.findings.len();
        let mut read = r.days(piece.get("day")?);
        for finding in &mut r.findings[from..] {
            shift(&mut finding.span, start);
            for (span, _) in &mut finding.related {
                shift(span, start);
            }
        }
        for day in &mut read {
            day.shift(start);
        }
        days.append(&mut read);
    }
    Some(event.map(|event| AgendaFile {
        event,
        rules,
        days,
        people,
    }))
}

/// Where each line that starts with a `[[day]]` header begins: one pass
/// over the lines, so that a line holding `[[day]]` many times (in a
/// comment) costs no more than any other.
fn day_headers(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start_matches([' ', '\t']).starts_with("[[day]]") {
            starts.push(at);
        }
        at += line.len();
    }
    starts
}

/// Moves `span` `by` bytes further into the file.
fn shift(span: &mut Span, by: usize) {
    span.start += by;
    span.end += by;
}

impl DayDecl {
    /// Moves every span of the day `by` bytes: for a day read from a piece
    /// of the file that starts there.
    fn shift(&mut self, by: usize) {
        shift(&mut self.span, by);
        shift(&mut self.date.span, by);
        if let Some(end) = &mut self.end {
            shift(&mut end.span, by);
        }
        for block in &mut self.blocks {
            block.shift(by);
        }
    }
}

impl BlockDecl {
    fn shift(&mut self, by: usize) {
        for span in [
            &mut self.span,
            &mut self.start.span,
            &mut self.length.span,
            &mut self.kind.span,
            &mut self.title.span,
            &mut self.speakers_span,
            &mut self.items_span,
        ] {
            shift(span, by);
        }
        for located in [&mut self.moderator, &mut self.id].into_iter().flatten() {
            shift(&mut located.span, by);
        }
        for item in &mut self.items {
            shift(&mut item.span, by);
        }
    }
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
struct Reader<'f, 't> {
    findings: &'f mut Vec<Finding>,
    /// The text being read, which the spans index.
    text: &'t str,
}

impl Reader<'_, '_> {
    fn error(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// The top level but for the days: unknown keys, `[event]`, `[rules]`,
    /// `[people]`.
    fn head(
        &mut self,
        root: &DeTable<'_>,
        root_span: &Span,
    ) -> (Option<EventDecl>, RulesDecl, Vec<PersonDecl>) {
        self.unknown_keys(root, TOP_KEYS, "at the top of the file");
        let event = match root.get("event") {
            Some(v) => self.event(v),
            None => {
                self.error(
                    Finding::new(
                        Code::MissingKey,
                        root_span.start..root_span.start,
                        "missing [event] table",
                    )
                    .label("expected here")
                    .help("start the file with [event], a `name` and a `timezone`"),
                );
                None
            }
        };
        let rules = root.get("rules").map(|v| self.rules(v)).unwrap_or_default();
        let people = root.get("people").map(|v| self.people_table(v));
        (event, rules, people.unwrap_or_default())
    }

    /// The `[[day]]` array.
    fn days(&mut self, v: &Value<'_>) -> Vec<DayDecl> {
        self.array_of_tables(v, "day", "[[day]]")
            .into_iter()
            .filter_map(|(span, t)| self.day(span, t))
            .collect()
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
            } else if let Some(close) = closest(name, allowed) {
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
            DeValue::String(s) => {
                self.clean(s, v.span(), key);
                Some(Located {
                    value: s.to_string(),
                    span: v.span(),
                })
            }
            other => {
                self.error(wrong_type(v.span(), &format!("`{key}`"), "a string", other));
                None
            }
        }
    }

    /// Reports a control or bidi character in the value `s` written at
    /// `span` (see [`crate::visible`]), at its own place in the file.
    fn clean(&mut self, s: &str, span: Span, key: &str) {
        let newline = key == "description";
        if !s.chars().any(|c| crate::visible::is_forbidden(c, newline)) {
            return;
        }
        let raw = self.text.get(span.clone()).unwrap_or("");
        let (at, c) = match crate::visible::hidden_at(raw, newline) {
            Some((range, c)) => (span.start + range.start..span.start + range.end, c),
            None => {
                let c = s
                    .chars()
                    .find(|&c| crate::visible::is_forbidden(c, newline))
                    .unwrap_or('\0');
                (span, c)
            }
        };
        let (what, why) = if crate::visible::is_bidi_control(c) {
            (
                "a bidirectional control character",
                "it makes text display in another order than it is stored",
            )
        } else {
            (
                "a control character",
                "it could drive the terminal of whoever reads the programme",
            )
        };
        self.error(
            Finding::new(
                Code::ControlCharacter,
                at,
                format!("`{key}` contains {what} (U+{:04X})", u32::from(c)),
            )
            .label("not allowed in text")
            .help(format!(
                "remove it: {why}{}",
                if newline {
                    ""
                } else {
                    "; only a `description` may span lines"
                }
            )),
        );
    }

    /// `url`, which must be a web address (see [`crate::text::is_web_url`]).
    fn url(&mut self, t: &DeTable<'_>) -> Option<String> {
        let url = self.string(t, "url")?;
        if !crate::text::is_web_url(&url.value) {
            self.error(
                Finding::new(
                    Code::BadUrl,
                    url.span,
                    "`url` must be an http:// or https:// address",
                )
                .label("not a web address")
                .help("write the full address, e.g. https://example.org/workshop"),
            );
            return None;
        }
        Some(url.value)
    }

    /// Reports a text that is empty or only spaces.
    fn not_empty(&mut self, s: &str, span: Span, what: &str) {
        if s.trim().is_empty() {
            self.error(
                Finding::new(Code::EmptyText, span, format!("{what} is empty"))
                    .label("empty text")
                    .help("write it out, or remove the key"),
            );
        }
    }

    fn text(&mut self, t: &DeTable<'_>, key: &str) -> Option<String> {
        self.string(t, key).map(|s| s.value)
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

    fn minutes(&mut self, v: &Value<'_>, key: &str) -> Option<i64> {
        let n = self.integer(v, key)?;
        if n <= 0 {
            self.error(
                Finding::new(
                    Code::BadLength,
                    v.span(),
                    format!("`{key}` must be positive, not {n}"),
                )
                .label("not a positive length"),
            );
            None
        } else if n > MAX_MINUTES {
            self.error(
                Finding::new(
                    Code::BadLength,
                    v.span(),
                    format!("`{key}` = {n} is longer than a week"),
                )
                .label("too long")
                .help(format!(
                    "the longest length accepted is {MAX_MINUTES} minutes"
                )),
            );
            None
        } else {
            Some(n)
        }
    }

    fn people(&mut self, t: &DeTable<'_>) -> Vec<String> {
        let list = t
            .get("speakers")
            .and_then(|v| self.string_list(v, "speakers"));
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
                Vec::new()
            }
            (Some(list), None) => list,
            (None, Some(one)) => {
                self.not_empty(&one.value, one.span, "`speaker`");
                vec![one.value]
            }
            (None, None) => Vec::new(),
        }
    }

    fn string_list(&mut self, v: &Value<'_>, key: &str) -> Option<Vec<String>> {
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
                DeValue::String(s) => {
                    self.clean(s, item.span(), key);
                    if key.starts_with("speaker") {
                        self.not_empty(s, item.span(), "a speaker's name");
                    }
                    out.push(s.to_string());
                }
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

    fn event(&mut self, v: &Value<'_>) -> Option<EventDecl> {
        let t = self.table(v, "[event]")?;
        self.unknown_keys(t, EVENT_KEYS, "in [event]");
        let span = v.span();
        let name = self.required_string(t, "name", &span, "[event]");
        if let Some(name) = &name {
            self.not_empty(&name.value, name.span.clone(), "the event's `name`");
        }
        let zone = match self.required_string(t, "timezone", &span, "[event]") {
            Some(tz) => match time::file_zone(&tz.value) {
                Some(zone) => Some(zone),
                None => {
                    let suggestions = time::suggest(&tz.value);
                    let mut f = Finding::new(
                        Code::UnknownZone,
                        tz.span.clone(),
                        format!("unknown time zone `{}`", tz.value),
                    )
                    .label("not an IANA time zone");
                    if !suggestions.is_empty() {
                        f = f.help(format!("did you mean {}?", suggestions.join(", ")));
                    }
                    self.error(f);
                    None
                }
            },
            None => None,
        };
        Some(EventDecl {
            name: name.map(|n| n.value).unwrap_or_default(),
            zone,
            url: self.url(t),
            location: self.text(t, "location"),
            id: self.text(t, "id"),
        })
    }

    fn rules(&mut self, v: &Value<'_>) -> RulesDecl {
        let mut rules = RulesDecl::default();
        let Some(t) = self.table(v, "[rules]") else {
            return rules;
        };
        self.unknown_keys(t, RULES_KEYS, "in [rules]");
        if let Some(v) = t.get("talk_minutes") {
            rules.talk_minutes_span = Some(v.span());
            match v.get_ref() {
                DeValue::Array(items) => {
                    rules.talk_minutes = items
                        .iter()
                        .filter_map(|i| self.minutes(i, "talk_minutes"))
                        .collect();
                }
                other => self.error(wrong_type(
                    v.span(),
                    "`talk_minutes`",
                    "a list of whole numbers",
                    other,
                )),
            }
        }
        if let Some(n) = t
            .get("item_minutes")
            .and_then(|v| self.minutes(v, "item_minutes"))
        {
            rules.item_minutes = n;
        }
        if let Some(hours) = t.get("waking_hours").and_then(|v| self.waking_hours(v)) {
            rules.waking_hours = hours;
        }
        if let Some(v) = t.get("require_people") {
            match v.get_ref() {
                DeValue::Boolean(b) => rules.require_people = *b,
                other => self.error(wrong_type(
                    v.span(),
                    "`require_people`",
                    "true or false",
                    other,
                )),
            }
        }
        rules
    }

    /// `waking_hours = ["07:00", "22:00"]`: two times of day, the first
    /// before the second; `"24:00"` may end them at midnight.
    fn waking_hours(&mut self, v: &Value<'_>) -> Option<WakingHours> {
        let help = "write two local times, from waking to going to bed: waking_hours = [\"07:00\", \"22:00\"]";
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                wrong_type(
                    v.span(),
                    "`waking_hours`",
                    "a list of two times",
                    v.get_ref(),
                )
                .help(help),
            );
            return None;
        };
        if items.len() != 2 {
            self.error(
                Finding::new(
                    Code::BadWakingHours,
                    v.span(),
                    format!("`waking_hours` must list two times, not {}", items.len()),
                )
                .label("not a pair of times")
                .help(help),
            );
            return None;
        }
        let mut minutes = [0u32; 2];
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let parsed = match item.get_ref() {
                DeValue::String(s) if s.trim() == "24:00" && i == 1 => Some(DAY),
                DeValue::String(s) => parse_wall_time(s)
                    .filter(|w| w.offset.is_none())
                    .map(|w| w.time.num_seconds_from_midnight() / 60),
                // A TOML local time, as `start` takes one.
                DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => dt
                    .time
                    .map(|t| u32::from(t.hour) * 60 + u32::from(t.minute)),
                _ => None,
            };
            match parsed {
                Some(m) => minutes[i] = m,
                None => {
                    ok = false;
                    self.error(
                        Finding::new(Code::BadWakingHours, item.span(), "malformed time in `waking_hours`")
                            .label("not a time of day")
                            .help("write local times as \"HH:MM\" from 00:00 to 23:59 (\"24:00\" may end the hours); no offset: each person's own zone applies"),
                    );
                }
            }
        }
        if !ok {
            return None;
        }
        if minutes[0] >= minutes[1] {
            self.error(
                Finding::new(
                    Code::BadWakingHours,
                    v.span(),
                    "`waking_hours` must start before they end",
                )
                .label("the first time is not before the second")
                .help(help),
            );
            return None;
        }
        Some(WakingHours {
            start: minutes[0],
            end: minutes[1],
        })
    }

    /// `[people]`: name → `{ timezone = "Area/City" }`. Two names that are
    /// one person under [`person_key`] are an error, like a repeated key.
    fn people_table(&mut self, v: &Value<'_>) -> Vec<PersonDecl> {
        let Some(t) = self.table(v, "[people]") else {
            return Vec::new();
        };
        let mut seen: std::collections::HashMap<String, (String, Span)> =
            std::collections::HashMap::new();
        let mut people = Vec::new();
        // The table is ordered by name; the file's order is wanted, so
        // that the first of two entries is the one written first.
        let mut entries: Vec<_> = t.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let name = key.get_ref().as_ref();
            let span = key.span();
            if name.trim().is_empty() {
                self.error(
                    Finding::new(
                        Code::EmptyText,
                        span,
                        "a person in [people] has an empty name",
                    )
                    .label("no name")
                    .help("write the name as it appears in the blocks"),
                );
                continue;
            }
            let folded = person_key(name);
            if let Some((first, first_span)) = seen.get(&folded) {
                self.error(
                    Finding::new(
                        Code::DuplicatePerson,
                        span.clone(),
                        format!("`{name}` and `{first}` in [people] are the same person"),
                    )
                    .label("second entry")
                    .related(first_span.clone(), "first entry")
                    .help("names match ignoring case, accents and spacing; keep one entry"),
                );
                continue;
            }
            seen.insert(folded, (name.to_string(), span.clone()));
            let DeValue::Table(entry) = value.get_ref() else {
                self.error(
                    wrong_type(
                        value.span(),
                        &format!("`{name}` in [people]"),
                        "a table",
                        value.get_ref(),
                    )
                    .help(format!("write \"{name}\" = {{ timezone = \"Area/City\" }}")),
                );
                continue;
            };
            self.unknown_keys(entry, PERSON_KEYS, "in a [people] entry");
            let Some(tz) =
                self.required_string(entry, "timezone", &value.span(), "a [people] entry")
            else {
                continue;
            };
            // An exact IANA name, as for `event.timezone`: a city shortcut
            // that resolves today could become ambiguous as the tz database
            // or the city list grows, and a file must keep its meaning.
            match time::file_zone(&tz.value) {
                Some(zone) => people.push(PersonDecl {
                    name: name.to_string(),
                    span,
                    zone,
                }),
                None => {
                    let suggestions = time::suggest(&tz.value);
                    let mut f = Finding::new(
                        Code::UnknownZone,
                        tz.span,
                        format!("unknown time zone `{}`", tz.value),
                    )
                    .label("not an IANA time zone");
                    if !suggestions.is_empty() {
                        f = f.help(format!("did you mean {}?", suggestions.join(", ")));
                    }
                    self.error(f);
                }
            }
        }
        people
    }

    fn day(&mut self, span: Span, t: &DeTable<'_>) -> Option<DayDecl> {
        self.unknown_keys(t, DAY_KEYS, "in a [[day]]");
        let date = match t.get("date") {
            Some(v) => self.date(v),
            None => {
                self.error(missing(&span, "date", "[[day]]"));
                None
            }
        };
        let end = t.get("end").and_then(|v| self.wall_time(v, "end"));
        let name = self.text(t, "name");
        let blocks = match t.get("block") {
            Some(v) => self
                .array_of_tables(v, "block", "[[day.block]]")
                .into_iter()
                .filter_map(|(span, t)| self.block(span, t))
                .collect(),
            None => Vec::new(),
        };
        Some(DayDecl {
            span,
            date: date?,
            name,
            end,
            blocks,
        })
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
            Some(value) if value.time.second() != 0 || value.time.nanosecond() != 0 => {
                self.error(
                    Finding::new(Code::BadTime, span, format!("`{key}` has seconds"))
                        .label("a time to the second")
                        .help("a programme is planned to the minute: write \"HH:MM\""),
                );
                None
            }
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

    fn block(&mut self, span: Span, t: &DeTable<'_>) -> Option<BlockDecl> {
        self.unknown_keys(t, BLOCK_KEYS, "in a [[day.block]]");
        let start = match t.get("start") {
            Some(v) => self.wall_time(v, "start"),
            None => {
                self.error(missing(&span, "start", "[[day.block]]"));
                None
            }
        };
        let length = match (t.get("minutes"), t.get("end")) {
            (Some(m), Some(e)) => {
                self.error(
                    Finding::new(
                        Code::ConflictingKeys,
                        e.span(),
                        "both `minutes` and `end` are given",
                    )
                    .label("`end` given here")
                    .related(m.span(), "`minutes` given here")
                    .help("keep exactly one of the two"),
                );
                None
            }
            (Some(m), None) => self.minutes(m, "minutes").map(|n| Located {
                value: Length::Minutes(n),
                span: m.span(),
            }),
            (None, Some(e)) => self.wall_time(e, "end").map(|w| Located {
                value: Length::End(w.value),
                span: w.span,
            }),
            (None, None) => {
                self.error(
                    Finding::new(
                        Code::NoLength,
                        span.clone(),
                        "the block has neither `minutes` nor `end`",
                    )
                    .label("block without a length")
                    .help("add `minutes = N` or `end = \"HH:MM\"`"),
                );
                None
            }
        };
        let kind = match self.string(t, "kind") {
            Some(k) => match k.value.parse::<Kind>() {
                Ok(kind) => Some(Located {
                    value: kind,
                    span: k.span,
                }),
                Err(()) => {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    let help = match closest(&k.value, &names) {
                        Some(c) => format!("did you mean `{c}`? kinds are {}", names.join(", ")),
                        None => format!("kinds are {}", names.join(", ")),
                    };
                    self.error(
                        Finding::new(
                            Code::UnknownKind,
                            k.span,
                            format!("unknown kind `{}`", k.value),
                        )
                        .label("not a kind")
                        .help(help),
                    );
                    None
                }
            },
            None => {
                if t.get("kind").is_none() {
                    self.error(missing(&span, "kind", "[[day.block]]"));
                }
                None
            }
        };
        let title = match self.string(t, "title") {
            Some(title) => Some(title),
            None if t.get("title").is_some() => None,
            None => match kind.as_ref().and_then(|k| k.value.policy().default_title) {
                Some(title) => Some(Located {
                    value: title.to_string(),
                    span: span.clone(),
                }),
                None => {
                    if kind.is_some() {
                        self.error(missing(&span, "title", "[[day.block]]"));
                    }
                    None
                }
            },
        };
        if let Some(title) = title.as_ref().filter(|t| t.span != span) {
            self.not_empty(&title.value, title.span.clone(), "the block's `title`");
        }
        let speakers = self.people(t);
        let speakers_span = t
            .get("speakers")
            .or_else(|| t.get("speaker"))
            .map_or_else(|| span.clone(), |v| v.span());
        let moderator = self.string(t, "moderator");
        if let Some(m) = &moderator {
            self.not_empty(&m.value, m.span.clone(), "`moderator`");
        }
        let (items, items_span) = match t.get("items") {
            Some(v) => (self.items(v), v.span()),
            None => (Vec::new(), span.clone()),
        };
        if let Some(kind) = kind.as_ref().filter(|k| !k.value.policy().people) {
            for key in ["speakers", "speaker", "moderator", "items"] {
                if let Some((k, _)) = t.get_key_value(key) {
                    self.error(
                        Finding::new(
                            Code::NotAllowed,
                            k.span(),
                            format!("a {} has no {key}", kind.value),
                        )
                        .label(format!("not allowed on a {}", kind.value))
                        .related(kind.span.clone(), format!("this block is a {}", kind.value))
                        .help("remove it, or give the block another kind"),
                    );
                }
            }
        }
        let block = BlockDecl {
            start: start?,
            length: length?,
            kind: kind?,
            title: title?,
            speakers,
            speakers_span,
            moderator,
            room: self.text(t, "room"),
            location: self.text(t, "location"),
            url: self.url(t),
            description: self.text(t, "description"),
            id: self.string(t, "id"),
            items,
            items_span,
            span,
        };
        Some(block)
    }

    fn items(&mut self, v: &Value<'_>) -> Vec<ItemDecl> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(wrong_type(v.span(), "`items`", "a list", v.get_ref()));
            return Vec::new();
        };
        items.iter().filter_map(|item| self.item(item)).collect()
    }

    fn item(&mut self, v: &Value<'_>) -> Option<ItemDecl> {
        let span = v.span();
        match v.get_ref() {
            DeValue::String(s) => Some(ItemDecl {
                span: {
                    self.clean(s, span.clone(), "items");
                    self.not_empty(s, span.clone(), "an item's title");
                    span
                },
                title: s.to_string(),
                minutes: None,
                speakers: Vec::new(),
                url: None,
                description: None,
            }),
            DeValue::Table(t) => {
                self.unknown_keys(t, ITEM_KEYS, "in an item");
                let title = self.required_string(t, "title", &span, "an item");
                if let Some(title) = &title {
                    self.not_empty(&title.value, title.span.clone(), "an item's `title`");
                }
                let minutes = t.get("minutes").map(|m| self.minutes(m, "minutes"));
                let item = ItemDecl {
                    title: title?.value,
                    minutes: match minutes {
                        Some(m) => Some(m?),
                        None => None,
                    },
                    speakers: self.people(t),
                    url: self.url(t),
                    description: self.text(t, "description"),
                    span,
                };
                Some(item)
            }
            other => {
                self.error(wrong_type(
                    span,
                    "an item",
                    "a string or a table with a `title`",
                    other,
                ));
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

    /// Every `.toml` under `tests/fixtures`, and the bundled agenda.
    fn fixture_texts() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        out.push(text);
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![std::fs::read_to_string(root.join("agenda.toml")).unwrap()];
        walk(&root.join("tests/fixtures"), &mut texts);
        texts
    }

    const EVENT: &str = "[event]\nname = \"E\"\ntimezone = \"Europe/Berlin\"\n";

    /// Days full of problems, one finding of each sort the reader makes.
    const FAULTY_DAYS: &str = r#"
[[day]]
date = 2021-04-13
end = "18:00"
colour = "red"

[[day.block]]
start = "10:00"
minutes = 10
end = "10:10"
kind = "talk"
title = "Both lengths"

[[day.block]]
start = 10:10:00
minutes = -5
kind = "break"
speaker = "Nobody"
moderator = "Nobody"
items = ["x"]

[[day.block]]
start = "25:00"
minutes = 10
kind = "tlak"
title = 3

  [[day]] # indented, with a comment
date = "2021-04-14"
name = "Second"

[[day.block]]
start = "10:00"
minutes = 45
kind = "tutorial"
title = "Items"
moderator = "Mo"
id = "t"
speakers = ["A", 1]
speaker = "B"
items = ["One", { title = "Two", minutes = 0 }, { minutes = 5 }, { title = "Four", sprekers = [] }, 7]

[[day]]
date = "2021-02-30"

[[day.block]]
minutes = 10
kind = "session"
title = "No start"
"#;

    #[test]
    fn reading_by_day_gives_what_reading_whole_gives() {
        let fixtures = fixture_texts();
        let mut by_day = vec![format!("{EVENT}{FAULTY_DAYS}")];
        by_day.push(format!("{EVENT}{FAULTY_DAYS}").replace('\n', "\r\n"));
        // No [event]: the days are still read and reported.
        by_day.push(FAULTY_DAYS.to_string());
        let whole_only = [
            // A `[[day]]` line inside a multi-line string is no header.
            format!("{EVENT}description = \"\"\"\n[[day]]\n\"\"\"\n{FAULTY_DAYS}"),
            // A table after the days that is not part of one.
            format!("{EVENT}{FAULTY_DAYS}\n[event.extra]\nx = 1\n"),
            format!("{EVENT}{FAULTY_DAYS}\n[rules]\nitem_minutes = 5\n"),
            // `day` before the first header.
            format!("day = 3\n{EVENT}{FAULTY_DAYS}"),
            format!("{EVENT}[day.x]\n{FAULTY_DAYS}"),
            // Invalid TOML in a day.
            format!("{EVENT}{FAULTY_DAYS}\n[[day]]\ndate = \n"),
            // No day at all.
            EVENT.to_string(),
            String::new(),
        ];
        // Every fixture, good or bad, reads the same both ways; which way
        // each crafted text takes is checked too.
        for text in fixtures.iter().chain(&by_day).chain(&whole_only) {
            let (mut whole_findings, mut findings) = (Vec::new(), Vec::new());
            let whole = match control_character(text) {
                Some(finding) => {
                    whole_findings.push(finding);
                    None
                }
                None => parse_whole(text, &mut whole_findings),
            };
            let read = parse(text, &mut findings);
            assert_eq!(format!("{whole:#?}"), format!("{read:#?}"), "{text}");
            assert_eq!(whole_findings, findings, "{text}");
            if !fixtures.contains(text) {
                let fast = parse_by_day(text, &mut Vec::new()).is_some();
                assert_eq!(fast, by_day.contains(text), "{text:?}");
            }
        }
    }

    #[test]
    fn closest_key_catches_typos_only() {
        assert_eq!(closest("minuts", BLOCK_KEYS), Some("minutes"));
        assert_eq!(closest("speakr", BLOCK_KEYS), Some("speaker"));
        assert_eq!(closest("zzz", BLOCK_KEYS), None);
    }
}
