//! `agenda import`: a schedule read by [`crate::source`], made into what
//! `agenda check` accepts, written out as an agenda TOML ([`to_toml`]).
//!
//! Nothing the TOML holds may be refused for a reason of the import's own
//! making, so what an agenda cannot hold as the schedule wrote it is
//! adjusted, each time with a warning naming the event and what it was:
//! a time to the second is rounded down to the minute, a link without a
//! scheme gets `https://` (noted in the header), a link that is no web
//! address is dropped, control and bidi characters are taken out of the
//! text, an empty title becomes `(no title)`, an event of no length lasts
//! a minute. An event that cannot be held at all (ending before it
//! starts, longer than a week) is left out and named; one longer than a
//! block may last (99 h 59 min) is imported as it is and reported, since
//! splitting it would invent blocks.

use chrono::{NaiveTime, Timelike};

use crate::check::MAX_BLOCK_MINUTES;
use crate::decl::{BlockDecl, ItemDecl, Length, Located, MAX_MINUTES};
use crate::diagnostic::{Code, Finding, Span};
use crate::source::schedule::Imported;
use crate::source::InputFormat;

mod writer;

pub use writer::to_toml;

/// Reads a schedule (XML or JSON) and makes it what an agenda can hold.
/// Every problem found and every adjustment made is pushed to `findings`;
/// `None` when not one event could be imported.
pub fn import(text: &str, format: InputFormat, findings: &mut Vec<Finding>) -> Option<Imported> {
    let mut imported = crate::source::read_schedule(text, format, findings)?;
    fit(&mut imported, findings);
    imported
        .file
        .days
        .iter()
        .any(|d| !d.blocks.is_empty())
        .then_some(imported)
}

/// Adjusts what an agenda cannot hold as written; leaves out what it
/// cannot hold at all.
fn fit(imported: &mut Imported, findings: &mut Vec<Finding>) {
    let mut fix = Fixer {
        findings,
        https_added: 0,
    };
    let event = &mut imported.file.event;
    if let Some(name) = &mut event.name {
        fix.text(name, "the event's name", false);
    }
    event.url = fix.url(event.url.take(), "the event");
    for value in [&mut event.location, &mut event.id].into_iter().flatten() {
        fix.text(value, "the event", false);
    }
    for day in &mut imported.file.days {
        if let Some(name) = &mut day.name {
            fix.text(name, "a day's name", false);
        }
        let blocks = std::mem::take(&mut day.blocks);
        for block in blocks {
            match fix.block(block) {
                Ok(block) => day.blocks.push(block),
                Err(name) => imported.skipped.push(name),
            }
        }
    }
    imported.https_added = fix.https_added;
}

struct Fixer<'f> {
    findings: &'f mut Vec<Finding>,
    https_added: usize,
}

impl Fixer<'_> {
    fn adjusted(&mut self, span: Span, message: String) {
        self.findings.push(
            Finding::new(Code::Adjusted, span, message)
                .label("adjusted on import")
                .help("edit the imported agenda if this is not what the schedule meant"),
        );
    }

    /// The block made what an agenda holds, or its name when it cannot
    /// be held at all (reported).
    fn block(&mut self, mut b: BlockDecl) -> Result<BlockDecl, String> {
        let name = format!("{:?}", b.title.value.trim());
        let start = b.start.value.time;
        let seconds = match b.length.value {
            Length::Minutes(n) => n.saturating_mul(60),
            Length::Seconds(n) => n,
            // A schedule gives lengths, never an end of its own: an end
            // is left to `check`.
            Length::End(_) => return Ok(self.texts(b, &name, start)),
        };
        if !(0..=MAX_MINUTES * 60).contains(&seconds) {
            let why = if seconds < 0 {
                "ends before it starts".to_string()
            } else {
                format!("lasts {} minutes, more than a week", seconds / 60)
            };
            self.findings.push(
                Finding::new(
                    Code::BadLength,
                    b.length.span.clone(),
                    format!("{name} {why}; it is left out"),
                )
                .label("no length an agenda can hold")
                .help(format!(
                    "a block lasts from 1 minute to a week ({MAX_MINUTES} minutes)"
                )),
            );
            return Err(name);
        }
        // Rounded down, start and end: the start's minute exists in the
        // zone whenever the start does (a clock change is on the minute).
        let lead = i64::from(start.second());
        let minutes = (lead + seconds) / 60;
        if lead > 0 || seconds % 60 != 0 {
            let to_the_minute =
                NaiveTime::from_hms_opt(start.hour(), start.minute(), 0).unwrap_or(start);
            b.start.value.time = to_the_minute;
            self.adjusted(
                b.start.span.clone(),
                format!(
                    "{name} starts at {} and lasts {} in the schedule; imported at {} for {} minute(s): a programme is planned to the minute",
                    start.format("%H:%M:%S"),
                    clock(seconds),
                    to_the_minute.format("%H:%M"),
                    minutes.max(1)
                ),
            );
        } else if minutes == 0 {
            self.adjusted(
                b.length.span.clone(),
                format!("{name} lasts no time in the schedule; imported as 1 minute"),
            );
        }
        b.length.value = Length::Minutes(minutes.max(1));
        if minutes > MAX_BLOCK_MINUTES {
            self.findings.push(
                Finding::new(
                    Code::BadLength,
                    b.length.span.clone(),
                    format!(
                        "{name} lasts {minutes} minutes, longer than a block may last (99 h 59 min); it is imported as it is, and `agenda check` will ask for it to be split"
                    ),
                )
                .label("too long for a block"),
            );
        }
        Ok(self.texts(b, &name, start))
    }

    /// The block's texts and links made what an agenda holds.
    fn texts(&mut self, mut b: BlockDecl, name: &str, start: NaiveTime) -> BlockDecl {
        if b.title.value.trim().is_empty() {
            self.adjusted(
                b.title.span.clone(),
                format!(
                    "an event at {} has no title; imported as \"(no title)\"",
                    start.format("%H:%M")
                ),
            );
            b.title.value = "(no title)".to_string();
        }
        self.text(&mut b.title, name, false);
        self.names(&mut b.speakers, name);
        if let Some(m) = &mut b.moderator {
            self.text(m, name, false);
        }
        if b.moderator
            .as_ref()
            .is_some_and(|m| m.value.trim().is_empty())
        {
            b.moderator = None;
        }
        for value in [&mut b.room, &mut b.location, &mut b.id]
            .into_iter()
            .flatten()
        {
            self.text(value, name, false);
        }
        if let Some(d) = &mut b.description {
            self.text(d, name, true);
        }
        b.url = self.url(b.url.take(), name);
        for item in &mut b.items {
            self.item(item, name);
        }
        b
    }

    fn item(&mut self, item: &mut ItemDecl, block: &str) {
        let name = format!("an item of {block}");
        if item.title.value.trim().is_empty() {
            self.adjusted(
                item.title.span.clone(),
                format!("{name} has no title; imported as \"(no title)\""),
            );
            item.title.value = "(no title)".to_string();
        }
        self.text(&mut item.title, &name, false);
        self.names(&mut item.speakers, &name);
        if let Some(d) = &mut item.description {
            self.text(d, &name, true);
        }
        item.url = self.url(item.url.take(), &name);
        if let Some(m) = &mut item.minutes {
            m.value = m.value.max(1);
        }
    }

    /// People's names cleaned; blank ones dropped.
    fn names(&mut self, names: &mut Vec<Located<String>>, of: &str) {
        for person in names.iter_mut() {
            self.text(person, of, false);
        }
        names.retain(|p| !p.value.trim().is_empty());
    }

    /// Takes out the control and bidi characters of a text (newlines
    /// excepted where `newline`).
    fn text(&mut self, value: &mut Located<String>, of: &str, newline: bool) {
        let Some(c) = value
            .value
            .chars()
            .find(|&c| crate::visible::is_forbidden(c, newline))
        else {
            return;
        };
        value
            .value
            .retain(|c| !crate::visible::is_forbidden(c, newline));
        self.adjusted(
            value.span.clone(),
            format!(
                "a text of {of} holds U+{:04X} (a control or bidi character) and perhaps others; they are taken out",
                u32::from(c)
            ),
        );
    }

    /// A web link, with `https://` before one written without a scheme;
    /// `None` for anything else (reported).
    fn url(&mut self, url: Option<Located<String>>, of: &str) -> Option<Located<String>> {
        let mut url = url?;
        self.text(&mut url, of, false);
        let trimmed = url.value.trim();
        if crate::text::is_web_url(trimmed) {
            return Some(url);
        }
        if let Some(fixed) = with_scheme(trimmed) {
            url.value = fixed;
            self.https_added += 1;
            return Some(url);
        }
        self.adjusted(
            url.span.clone(),
            format!(
                "the link `{}` of {of} is no web address; it is left out",
                url.value
            ),
        );
        None
    }
}

/// `https://` before a link written without a scheme (`www.example.org`,
/// `//example.org/x`); `None` for one that has a scheme of its own or is
/// no address.
fn with_scheme(url: &str) -> Option<String> {
    if let Some(rest) = url.strip_prefix("//") {
        return (!rest.is_empty()).then(|| format!("https:{url}"));
    }
    // A scheme is letters, digits, `+-.` before a `:`; a host has a dot
    // and no `:` before its port.
    let host = url.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    let plausible = host.contains('.')
        && !host.starts_with('.')
        && !url.contains("://")
        && !url.chars().any(char::is_whitespace)
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    plausible.then(|| format!("https://{url}"))
}

/// `01:30:15` for a length in seconds.
fn clock(seconds: i64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_without_a_scheme_get_https() {
        for (url, fixed) in [
            ("www.example.org", Some("https://www.example.org")),
            (
                "example.org/talk?id=1",
                Some("https://example.org/talk?id=1"),
            ),
            ("example.org:8080/x", Some("https://example.org:8080/x")),
            ("//cdn.example.org/x", Some("https://cdn.example.org/x")),
            ("javascript:alert(1)", None),
            ("mailto:a@example.org", None),
            ("ftp://example.org", None),
            ("not a link", None),
            ("localhost", None),
            ("", None),
        ] {
            assert_eq!(with_scheme(url).as_deref(), fixed, "{url}");
        }
    }
}
