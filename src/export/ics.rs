//! RFC 5545 iCalendar: one VEVENT per block (breaks only with `--breaks`),
//! times in UTC, stable UIDs, a DTSTAMP and SEQUENCE taken from the view.
//!
//! Content lines are written straight into one string and folded as they
//! are written ([`Lines`]). The `ics` crate's component tree was used at
//! first, but it folds continuation lines to 76 octets (75 plus the leading
//! space), so its output had to be unfolded and refolded, and the tree with
//! those copies cost 2.4 times the memory and 1.5 times the time of the
//! whole export (BENCHMARKS.md). The crate still escapes every TEXT value,
//! through [`text`].

use std::fmt::Write as _;

use chrono::{DateTime, TimeZone, Utc};

use super::{identity, Render, RenderError, View};
use crate::model::{Agenda, Block};
use crate::time;

/// The iCalendar export.
pub(crate) struct Ics;

/// Who made the file (PRODID); the version is left out so that the same
/// agenda gives the same bytes whichever release exports it.
const PRODID: &str = "-//agenda//agenda//EN";

/// The longest line allowed, in octets, without its CRLF (RFC 5545 §3.1).
const LINE_LIMIT: usize = 75;

impl Render for Ics {
    fn render(&self, agenda: &Agenda, view: &View) -> Result<String, RenderError> {
        let blocks = agenda.days.iter().map(|d| d.blocks.len()).sum::<usize>();
        let mut out = Lines(String::with_capacity(256 + blocks * 700));
        out.line("BEGIN", "VCALENDAR");
        out.line("VERSION", "2.0");
        out.line("PRODID", PRODID);
        out.line("CALSCALE", "GREGORIAN");
        out.line("METHOD", "PUBLISH");
        out.line("X-WR-CALNAME", &text(&agenda.event.name));
        let stamp = ics_time(view.generated);
        let sequence = sequence(view.generated).to_string();
        for block in agenda.days.iter().flat_map(|d| &d.blocks) {
            if !block.kind.policy().calendar_event && !view.breaks {
                continue;
            }
            let uuid = identity::block_uuid(&agenda.event, block);
            let uid = identity::block_uid(&agenda.event, uuid);
            out.line("BEGIN", "VEVENT");
            out.line("UID", &uid);
            out.line("DTSTAMP", &stamp);
            out.line("SEQUENCE", &sequence);
            out.line("DTSTART", &ics_time(block.start));
            out.line("DTEND", &ics_time(block.end));
            out.line("SUMMARY", &text(&block.title));
            out.line("DESCRIPTION", &text(&description(agenda, block)));
            if let Some(location) = location(agenda, block) {
                out.line("LOCATION", &text(location));
            }
            if let Some(url) = block
                .url
                .as_ref()
                .or(agenda.event.url.as_ref())
                .filter(|u| crate::text::is_web_url(u))
            {
                out.line("URL", &uri(url));
            }
            out.line("CATEGORIES", &text(block.kind.as_str()));
            if let Some(minutes) = view.alarm {
                out.line("BEGIN", "VALARM");
                out.line("ACTION", "DISPLAY");
                out.line("TRIGGER", &format!("-PT{minutes}M"));
                out.line("DESCRIPTION", &text(&block.title));
                out.line("END", "VALARM");
            }
            out.line("END", "VEVENT");
        }
        out.line("END", "VCALENDAR");
        Ok(out.0)
    }
}

/// Content lines written straight into the output, folded as they go.
struct Lines(String);

impl Lines {
    /// `NAME:value` and CRLF, folded at [`LINE_LIMIT`] octets (the leading
    /// space of a continuation line included), never inside a character.
    fn line(&mut self, name: &str, value: &str) {
        let out = &mut self.0;
        out.push_str(name);
        out.push(':');
        let mut rest = value;
        let mut limit = LINE_LIMIT - name.len() - 1;
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
}

/// A TEXT value escaped as RFC 5545 §3.3.11 wants (`\\`, `\;`, `\,`, `\n`),
/// with control characters other than tab, which TEXT may not hold, and
/// bidi controls (see `crate::visible`) left out. Every TEXT value of the file goes through here.
fn text(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|&c| {
            (c == '\t' || c == '\n' || c == '\r' || !c.is_control())
                && !crate::visible::is_bidi_control(c)
        })
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
    let mut head = crate::text::capitalized(block.kind.as_str());
    if !block.speakers.is_empty() {
        head.push_str(&format!("\nSpeakers: {}", block.speakers.join(", ")));
    }
    if let Some(moderator) = &block.moderator {
        head.push_str(&format!("\nModerator: {moderator}"));
    }
    paragraphs.push(head);
    if !block.items.is_empty() {
        let mut items = format!("Items ({zone}):");
        let date = block.start.with_timezone(&zone).date_naive();
        for item in &block.items {
            items.push_str(&format!(
                "\n{} {}",
                time::range(zone, date, item.start, item.end),
                item.title
            ));
            if !item.speakers.is_empty() {
                items.push_str(&format!(" — {}", item.speakers.join(", ")));
            }
            if let Some(url) = item.url.as_ref().filter(|u| crate::text::is_web_url(u)) {
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
    if let Some(url) = block
        .url
        .as_ref()
        .or(agenda.event.url.as_ref())
        .filter(|u| crate::text::is_web_url(u))
    {
        paragraphs.push(url.clone());
    }
    paragraphs.join("\n\n")
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
    fn lines_fold_within_75_octets_between_characters() {
        let value = "é日🙂a".repeat(40);
        let mut out = Lines(String::new());
        out.line("SUMMARY", &value);
        for line in out.0.split_terminator("\r\n") {
            assert!(line.len() <= LINE_LIMIT, "{} octets: {line}", line.len());
        }
        assert_eq!(out.0.replace("\r\n ", ""), format!("SUMMARY:{value}\r\n"));
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
