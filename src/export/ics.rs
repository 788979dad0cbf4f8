//! RFC 5545 iCalendar: one VEVENT per block (breaks only with `--breaks`),
//! times in UTC, stable UIDs, a DTSTAMP and SEQUENCE taken from the view.
//!
//! The `ics` crate gives the structure and CRLF line ends. Two things it
//! leaves to us: TEXT escaping, done for every TEXT value by [`text`], and
//! exact folding: it folds continuation lines after 75 octets of content,
//! which with their leading space makes lines of 76 octets, so the output is
//! refolded by [`refold`].

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use ics::components::Property;
use ics::properties::{
    CalScale, Categories, Description, DtEnd, DtStart, Location, Method, Sequence, Summary,
    Trigger, URL,
};
use ics::{Alarm, Event, ICalendar};

use super::{identity, Render, View};
use crate::model::{Agenda, Block, Kind};

/// The iCalendar export.
pub struct Ics;

/// Who made the file (PRODID); the version is left out so that the same
/// agenda gives the same bytes whichever release exports it.
const PRODID: &str = "-//agenda//agenda//EN";

/// The longest line allowed, in octets, without its CRLF (RFC 5545 §3.1).
const LINE_LIMIT: usize = 75;

impl Render for Ics {
    fn render(&self, agenda: &Agenda, view: &View) -> anyhow::Result<String> {
        let mut calendar = ICalendar::new("2.0", PRODID);
        calendar.push(CalScale::new("GREGORIAN"));
        calendar.push(Method::new("PUBLISH"));
        calendar.push(Property::new("X-WR-CALNAME", text(&agenda.event.name)));
        let stamp = ics_time(view.generated);
        let sequence = sequence(view.generated).to_string();
        let mut uids = HashSet::new();
        for block in agenda.days.iter().flat_map(|d| &d.blocks) {
            if block.kind == Kind::Break && !view.breaks {
                continue;
            }
            let uid = identity::block_uid(&agenda.event, block);
            if !uids.insert(uid.clone()) {
                anyhow::bail!(
                    "two blocks would share the calendar UID {uid} (key {}); give them distinct `id`s",
                    block.key
                );
            }
            let mut event = Event::new(uid, stamp.clone());
            event.push(Sequence::new(sequence.clone()));
            event.push(DtStart::new(ics_time(block.start)));
            event.push(DtEnd::new(ics_time(block.end)));
            event.push(Summary::new(text(&block.title)));
            event.push(Description::new(text(&description(agenda, block))));
            if let Some(location) = location(agenda, block) {
                event.push(Location::new(text(location)));
            }
            if let Some(url) = block.url.as_ref().or(agenda.event.url.as_ref()) {
                event.push(URL::new(uri(url)));
            }
            event.push(Categories::new(text(block.kind.as_str())));
            if let Some(minutes) = view.alarm {
                event.add_alarm(Alarm::display(
                    Trigger::new(format!("-PT{minutes}M")),
                    Description::new(text(&block.title)),
                ));
            }
            calendar.add_event(event);
        }
        Ok(refold(&calendar.to_string()))
    }
}

/// A TEXT value escaped as RFC 5545 §3.3.11 wants (`\\`, `\;`, `\,`, `\n`),
/// with control characters other than tab, which TEXT may not hold, left
/// out. Every TEXT value of the file goes through here.
fn text(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|&c| c == '\t' || c == '\n' || c == '\r' || !c.is_control())
        .collect();
    ics::escape_text(clean).into_owned()
}

/// A URI value: not TEXT-escaped (that would break it), but with spaces and
/// control characters percent-encoded so that it stays on one content line.
fn uri(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control() || c.is_whitespace() {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `20210413T140000Z`: UTC form of DATE-TIME.
fn ics_time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The SEQUENCE of every event in an export made at `generated`: seconds
/// since 2000-01-01 UTC, so that each publication counts higher than the
/// one before and clients take a changed block as an update. Saturates at
/// the bounds of the 32-bit INTEGER that RFC 5545 allows (until 2068).
pub(crate) fn sequence(generated: DateTime<Utc>) -> i32 {
    let origin = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single();
    let seconds = origin.map_or(0, |o| (generated - o).num_seconds());
    i32::try_from(seconds.max(0)).unwrap_or(i32::MAX)
}

/// LOCATION: the room, else the block's location, else the event's.
fn location<'a>(agenda: &'a Agenda, block: &'a Block) -> Option<&'a str> {
    block
        .room
        .as_ref()
        .map(|r| r.0.as_str())
        .or(block.location.as_deref())
        .or(agenda.event.location.as_deref())
}

/// DESCRIPTION: the kind, the people, each item with its time in the event
/// zone, the block's own description and its link (else the event's).
fn description(agenda: &Agenda, block: &Block) -> String {
    let zone = agenda.event.zone;
    let mut paragraphs = Vec::new();
    let mut head = capitalized(block.kind.as_str());
    if !block.speakers.is_empty() {
        head.push_str(&format!("\nSpeakers: {}", block.speakers.join(", ")));
    }
    if let Some(moderator) = &block.moderator {
        head.push_str(&format!("\nModerator: {moderator}"));
    }
    paragraphs.push(head);
    if !block.items.is_empty() {
        let mut items = format!("Items ({zone}):");
        for item in &block.items {
            items.push_str(&format!(
                "\n{} {}",
                span(zone, item.start, item.end),
                item.title
            ));
            if !item.speakers.is_empty() {
                items.push_str(&format!(" — {}", item.speakers.join(", ")));
            }
            if let Some(url) = &item.url {
                items.push_str(&format!(" {url}"));
            }
            if let Some(text) = &item.description {
                items.push_str(&format!("\n  {}", text.trim_end().replace('\n', "\n  ")));
            }
        }
        paragraphs.push(items);
    }
    if let Some(text) = &block.description {
        paragraphs.push(text.trim_end().to_string());
    }
    // Some clients (Google Calendar) ignore URL, so the link is written
    // here too.
    if let Some(url) = block.url.as_ref().or(agenda.event.url.as_ref()) {
        paragraphs.push(url.clone());
    }
    paragraphs.join("\n\n")
}

/// `14:30–14:40` in `zone`.
fn span(zone: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    format!(
        "{}–{}",
        start.with_timezone(&zone).format("%H:%M"),
        end.with_timezone(&zone).format("%H:%M")
    )
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Folds every content line at [`LINE_LIMIT`] octets, the leading space of a
/// continuation line included, never inside a UTF-8 character. The input is
/// the `ics` crate's output, whose only line breaks inside a content line
/// are its own folds (`CRLF` + space): TEXT values have their newlines
/// escaped and URIs their whitespace encoded.
fn refold(folded: &str) -> String {
    let unfolded = folded.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 24);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut limit = LINE_LIMIT;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            limit = LINE_LIMIT - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_the_four_specials_and_drops_controls() {
        assert_eq!(text(r"a\b"), r"a\\b");
        assert_eq!(text("a;b,c"), r"a\;b\,c");
        assert_eq!(text("one\ntwo"), r"one\ntwo");
        assert_eq!(text("one\r\ntwo"), r"one\ntwo");
        assert_eq!(text("bell\u{7}\ttab"), "bell\ttab");
        assert_eq!(text("Pitt-Google: AEON/TOM"), "Pitt-Google: AEON/TOM");
    }

    #[test]
    fn uri_encodes_whitespace_only() {
        assert_eq!(
            uri("https://x.org/a b?q=1,2;3"),
            "https://x.org/a%20b?q=1,2;3"
        );
        assert_eq!(uri("https://x.org/\n"), "https://x.org/%0A");
    }

    #[test]
    fn refold_keeps_every_line_within_75_octets() {
        let long = format!("SUMMARY:{}\r\n", "é日🙂a".repeat(40));
        let out = refold(&long);
        for line in out.split_terminator("\r\n") {
            assert!(line.len() <= LINE_LIMIT, "{} octets: {line}", line.len());
        }
        assert_eq!(out.replace("\r\n ", ""), long);
        // An already folded input (the ics crate's) unfolds first.
        assert_eq!(refold(&out), out);
    }

    #[test]
    fn sequence_counts_seconds_since_2000_and_saturates() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(sequence(at("2000-01-01T00:00:00Z")), 0);
        // 2021-04-13T14:00Z: 7773 days and 14 h after 2000-01-01.
        assert_eq!(
            sequence(at("2021-04-13T14:00:00Z")),
            7773 * 86_400 + 14 * 3600
        );
        assert_eq!(sequence(at("1999-12-31T23:59:59Z")), 0);
        assert_eq!(sequence(at("2100-01-01T00:00:00Z")), i32::MAX);
    }
}
