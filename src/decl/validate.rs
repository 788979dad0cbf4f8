//! The rules every input format gets, applied to the declarations once
//! whatever the file was written in, so that agenda TOML, frab XML and
//! schedule JSON give the same findings (same codes) for the same fault:
//! control and bidi characters in text, links that are no web address,
//! empty or overlong names, times to the second, lengths out of range.
//!
//! What cannot stand is taken out as the TOML reader always did: a block
//! with a time to the second or an impossible length, an item with an
//! impossible length, a link that is no web address. Text with a control
//! character stays (the report is the error; every output escapes it).

use chrono::Timelike;

use super::{AgendaFile, BlockDecl, DayDecl, ItemDecl, Length, Located, WallTime, MAX_MINUTES};
use crate::diagnostic::{Code, Finding, Span};

/// How the file writes a character it cannot hold raw, so that a finding
/// points at the character itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escapes {
    /// `\u001b`, `\b`…: TOML and JSON strings.
    Backslash,
    /// `&#27;`, `&#x1b;`: XML.
    Xml,
}

/// Applies every rule to `file`, read from `text`: findings for what is
/// wrong, and what cannot stand taken out.
pub(crate) fn validate(
    file: &mut AgendaFile,
    text: &str,
    escapes: Escapes,
    findings: &mut Vec<Finding>,
) {
    let mut v = Validator {
        text,
        escapes,
        findings,
    };
    let event = &mut file.event;
    if let Some(name) = &event.name {
        v.clean(name, "name");
        v.not_empty(name, "the event's `name`");
    }
    event.url = v.url(event.url.take());
    for (value, key) in [(&event.location, "location"), (&event.id, "id")] {
        if let Some(value) = value {
            v.clean(value, key);
        }
    }
    for day in &mut file.days {
        v.day(day);
    }
    for person in &file.people {
        v.not_long(&person.name, &person.span, "a name in [people]");
    }
}

/// Why a length of `key` (in minutes) cannot stand: not positive, or
/// longer than a week.
pub(crate) fn length_finding(n: &Located<i64>, key: &str) -> Option<Finding> {
    if n.value <= 0 {
        Some(
            Finding::new(
                Code::BadLength,
                n.span.clone(),
                format!("`{key}` must be positive, not {}", n.value),
            )
            .label("not a positive length"),
        )
    } else if n.value > MAX_MINUTES {
        Some(
            Finding::new(
                Code::BadLength,
                n.span.clone(),
                format!("`{key}` = {} is longer than a week", n.value),
            )
            .label("too long")
            .help(format!(
                "the longest length accepted is {MAX_MINUTES} minutes"
            )),
        )
    } else {
        None
    }
}

struct Validator<'a> {
    text: &'a str,
    escapes: Escapes,
    findings: &'a mut Vec<Finding>,
}

impl Validator<'_> {
    fn day(&mut self, day: &mut DayDecl) {
        if let Some(name) = &day.name {
            self.clean(name, "name");
        }
        if day
            .end
            .as_ref()
            .is_some_and(|end| !self.whole_minute(end, "end"))
        {
            day.end = None;
        }
        let blocks = std::mem::take(&mut day.blocks);
        day.blocks = blocks.into_iter().filter_map(|b| self.block(b)).collect();
    }

    /// The block, or `None` when it cannot stand.
    fn block(&mut self, mut b: BlockDecl) -> Option<BlockDecl> {
        let mut keep = self.whole_minute(&b.start, "start");
        keep &= match b.length.value {
            Length::Seconds(seconds) => match self.whole_minutes(seconds, &b.length.span) {
                Some(n) => {
                    b.length.value = Length::Minutes(n);
                    self.minutes(&Located::new(n, b.length.span.clone()), "minutes")
                }
                None => false,
            },
            Length::Minutes(n) => self.minutes(&Located::new(n, b.length.span.clone()), "minutes"),
            Length::End(end) => self.whole_minute(&Located::new(end, b.length.span.clone()), "end"),
        };
        self.clean(&b.title, "title");
        self.not_empty(&b.title, "the block's `title`");
        self.speakers(&b.speakers, &b.speakers_span);
        if let Some(m) = &b.moderator {
            self.clean(m, "moderator");
            self.not_empty(m, "`moderator`");
            self.not_long(&m.value, &m.span, "`moderator`");
        }
        for (value, key) in [
            (&b.room, "room"),
            (&b.location, "location"),
            (&b.description, "description"),
            (&b.id, "id"),
        ] {
            if let Some(value) = value {
                self.clean(value, key);
            }
        }
        b.url = self.url(b.url.take());
        let items = std::mem::take(&mut b.items);
        b.items = items.into_iter().filter_map(|i| self.item(i)).collect();
        keep.then_some(b)
    }

    /// The item, or `None` when its length cannot stand.
    fn item(&mut self, mut item: ItemDecl) -> Option<ItemDecl> {
        // An item written as a plain string is spanned as that string.
        if item.title.span == item.span {
            self.clean(&item.title, "items");
            self.not_empty(&item.title, "an item's title");
        } else {
            self.clean(&item.title, "title");
            self.not_empty(&item.title, "an item's `title`");
        }
        let keep = item
            .minutes
            .as_ref()
            .is_none_or(|m| self.minutes(m, "minutes"));
        self.speakers(&item.speakers, &item.speakers_span);
        item.url = self.url(item.url.take());
        if let Some(d) = &item.description {
            self.clean(d, "description");
        }
        keep.then_some(item)
    }

    /// `speaker = "…"` (spanned as the list) or each of `speakers`.
    fn speakers(&mut self, speakers: &[Located<String>], span: &Span) {
        if let [one] = speakers {
            if one.span == *span {
                self.clean(one, "speaker");
                self.not_empty(one, "`speaker`");
                self.not_long(&one.value, &one.span, "`speaker`");
                return;
            }
        }
        for s in speakers {
            self.clean(s, "speakers");
            self.not_empty(s, "a speaker's name");
            self.not_long(&s.value, &s.span, "a speaker's name");
        }
    }

    /// Reports a control or bidi character in `value` (see
    /// [`crate::visible`]), at its own place in the file where it can be
    /// found there.
    fn clean(&mut self, value: &Located<String>, key: &str) {
        let newline = key == "description";
        let Some(c) = value
            .value
            .chars()
            .find(|&c| crate::visible::is_forbidden(c, newline))
        else {
            return;
        };
        let span = value.span.clone();
        let raw = self.text.get(span.clone()).unwrap_or("");
        let found = match self.escapes {
            Escapes::Backslash => crate::visible::hidden_at(raw, newline),
            Escapes::Xml => crate::visible::hidden_at_xml(raw, newline),
        };
        let (at, c) = match found {
            Some((range, c)) => (span.start + range.start..span.start + range.end, c),
            None => (span, c),
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
        self.findings.push(
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

    /// Reports a text that is empty or only spaces.
    fn not_empty(&mut self, value: &Located<String>, what: &str) {
        if value.value.trim().is_empty() {
            self.findings.push(
                Finding::new(
                    Code::EmptyText,
                    value.span.clone(),
                    format!("{what} is empty"),
                )
                .label("empty text")
                .help("write it out, or remove the key"),
            );
        }
    }

    /// Reports a person's name longer than any name: it would cost every
    /// comparison of names (suggestions) its length, and is never
    /// compared (see [`crate::text::Suggestions`]).
    fn not_long(&mut self, name: &str, span: &Span, what: &str) {
        let longest = crate::text::LONGEST_NAME;
        if name.len() <= longest || name.trim().chars().count() <= longest {
            return;
        }
        self.findings.push(
            Finding::new(
                Code::LongName,
                span.clone(),
                format!("{what} is {} characters long", name.trim().chars().count()),
            )
            .label("longer than any name")
            .help(format!(
                "a name has at most {longest} characters; anything more belongs in a `description`"
            )),
        );
    }

    /// A `url`, kept only when it is a web address (see
    /// [`crate::text::is_web_url`]).
    fn url(&mut self, url: Option<Located<String>>) -> Option<Located<String>> {
        let url = url?;
        self.clean(&url, "url");
        if crate::text::is_web_url(&url.value) {
            return Some(url);
        }
        self.findings.push(
            Finding::new(
                Code::BadUrl,
                url.span,
                "`url` must be an http:// or https:// address",
            )
            .label("not a web address")
            .help("write the full address, e.g. https://example.org/workshop"),
        );
        None
    }

    /// Whether a length in minutes is positive and at most a week.
    fn minutes(&mut self, n: &Located<i64>, key: &str) -> bool {
        match length_finding(n, key) {
            Some(finding) => {
                self.findings.push(finding);
                false
            }
            None => true,
        }
    }

    /// Whether a wall time is to the minute: a programme is planned so.
    fn whole_minute(&mut self, wall: &Located<WallTime>, key: &str) -> bool {
        let time = wall.value.time;
        if time.second() == 0 && time.nanosecond() == 0 {
            return true;
        }
        self.findings.push(
            Finding::new(
                Code::BadTime,
                wall.span.clone(),
                format!("`{key}` has seconds"),
            )
            .label("a time to the second")
            .help("a programme is planned to the minute: write \"HH:MM\""),
        );
        false
    }

    /// A length to the second in whole minutes, or `None` (reported).
    fn whole_minutes(&mut self, seconds: i64, span: &Span) -> Option<i64> {
        if seconds % 60 == 0 {
            return Some(seconds / 60);
        }
        let s = seconds.unsigned_abs();
        self.findings.push(
            Finding::new(
                Code::BadTime,
                span.clone(),
                format!(
                    "the length {}{}:{:02}:{:02} has seconds",
                    if seconds < 0 { "-" } else { "" },
                    s / 3600,
                    s / 60 % 60,
                    s % 60
                ),
            )
            .label("a length to the second")
            .help("a programme is planned to the minute"),
        );
        None
    }
}
