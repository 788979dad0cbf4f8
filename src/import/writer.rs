//! An imported schedule written out as an agenda TOML that a person can go
//! on editing: a header naming where it came from and what was guessed or
//! adjusted, `[event]`, `[rules]`, one `[[day]]` per date, blocks in time
//! order, and every string escaped so that TOML reads back exactly what
//! the schedule said.

use std::fmt::Write;

use crate::decl::{AgendaFile, BlockDecl, ItemDecl, Length, WallTime};
use crate::kind::LengthRule;
use crate::source::schedule::{Imported, ZoneGuess};

/// The agenda TOML of an imported schedule.
pub fn to_toml(imported: &Imported) -> String {
    let mut out = String::new();
    header(&mut out, imported);
    agenda(&mut out, &imported.file, imported);
    out
}

fn header(out: &mut String, imported: &Imported) {
    let mut source = format!("the schedule {}", quoted_comment(&imported.title));
    if let Some(version) = &imported.version {
        source.push_str(&format!(", version {}", comment(version)));
    }
    if let Some(g) = &imported.generator {
        let name = match &g.version {
            Some(v) => format!("{} {}", g.name, v),
            None => g.name.clone(),
        };
        source.push_str(&format!(" (written by {})", comment(&name)));
    }
    let _ = writeln!(out, "# Imported by `agenda import` from {source}.");
    if let Some(url) =
        imported
            .source_url
            .as_ref()
            .or(imported.file.event.url.as_ref().map(|u| &u.value))
    {
        let _ = writeln!(out, "# Published at {}", comment(url));
    }
    // A zone's name may be a file's name in a `TZDIR`, newline and all.
    let zone = comment(
        imported
            .file
            .event
            .zone
            .as_ref()
            .map_or("UTC", |z| z.name()),
    );
    let _ = writeln!(
        out,
        "# Every time below is a wall time in {zone} on its day's date."
    );
    match &imported.zone_guess {
        None => {}
        Some(ZoneGuess::Offset) => {
            let _ = writeln!(out, "# The schedule names no time zone: {zone} is the offset its events carry, so each keeps its true instant; if the event's clocks change during the programme, set `timezone` to its zone (an IANA name).");
        }
        Some(ZoneGuess::City(city)) => {
            let _ = writeln!(out, "# The schedule names no time zone and its times no offset: they are read in {zone}, the zone of its city, {}. That is a guess: set the real `timezone` if it is wrong.", comment(city));
        }
        Some(ZoneGuess::Utc) => {
            out.push_str("# The schedule names no time zone and its times no offset: they are read as UTC. That is a guess: set the real `timezone`.\n");
        }
    }
    match imported.https_added {
        0 => {}
        1 => out.push_str("# One link written without a scheme was given https://.\n"),
        n => {
            let _ = writeln!(
                out,
                "# {n} links written without a scheme were given https://."
            );
        }
    }
    let mut mapped: Vec<String> = Vec::new();
    let mut unmapped: Vec<String> = Vec::new();
    for k in &imported.kinds {
        let line = format!("{} → {} ({})", quoted_comment(&k.label), k.kind, k.count);
        if k.mapped {
            mapped.push(line);
        } else {
            unmapped.push(line);
        }
    }
    if !mapped.is_empty() {
        let _ = writeln!(out, "# Types mapped to kinds: {}.", mapped.join(", "));
    }
    if !unmapped.is_empty() {
        let _ = writeln!(
            out,
            "# Types with no kind of their own, made {}s: {}.",
            crate::kind::Kind::default(),
            unmapped.join(", ")
        );
    }
    if !imported.skipped.is_empty() {
        let names: Vec<String> = imported.skipped.iter().map(|s| comment(s)).collect();
        let _ = writeln!(
            out,
            "# Left out, see the import's report: {}.",
            names.join(", ")
        );
    }
    out.push('\n');
}

fn agenda(out: &mut String, file: &AgendaFile, imported: &Imported) {
    let event = &file.event;
    out.push_str("[event]\n");
    pair(out, "name", event.name.as_ref().map_or("", |n| &n.value));
    pair(
        out,
        "timezone",
        event.zone.as_ref().map_or("UTC", |z| z.name()),
    );
    for (key, value) in [
        ("url", &event.url),
        ("location", &event.location),
        ("id", &event.id),
    ] {
        if let Some(value) = value {
            pair(out, key, &value.value);
        }
    }
    out.push_str("\n[rules]\n");
    let talks = file
        .days
        .iter()
        .flat_map(|d| &d.blocks)
        .any(|b| b.kind.value.policy().length == LengthRule::TalkMinutes);
    out.push_str(if talks {
        "# The talk lengths that occur in the schedule, so that it checks as it is.\n"
    } else {
        "# The schedule has no talks; these are the usual talk lengths.\n"
    });
    let lengths: Vec<String> = file.rules.talk_minutes.iter().map(i64::to_string).collect();
    let _ = writeln!(out, "talk_minutes = [{}]", lengths.join(", "));
    let _ = writeln!(out, "item_minutes = {}", file.rules.item_minutes);
    for day in &file.days {
        let _ = write!(out, "\n[[day]]\ndate = {}\n", day.date.value);
        if let Some(name) = &day.name {
            pair(out, "name", &name.value);
        }
        for block in &day.blocks {
            out.push('\n');
            if let Some(note) = imported.notes.get(&block.span.start) {
                let _ = writeln!(out, "# {}", comment(note));
            }
            block_toml(out, block, file.rules.item_minutes);
        }
    }
}

fn block_toml(out: &mut String, b: &BlockDecl, item_minutes: i64) {
    out.push_str("[[day.block]]\n");
    pair(out, "start", &wall(&b.start.value));
    match b.length.value {
        Length::Minutes(n) => {
            let _ = writeln!(out, "minutes = {n}");
        }
        // `import` leaves none: written to the minute, as it rounds.
        Length::Seconds(n) => {
            let _ = writeln!(out, "minutes = {}", (n / 60).max(1));
        }
        Length::End(end) => pair(out, "end", &wall(&end)),
    }
    pair(out, "kind", b.kind.value.as_str());
    if b.kind.value.policy().default_title != Some(b.title.value.as_str()) {
        pair(out, "title", &b.title.value);
    }
    match b.speakers.as_slice() {
        [] => {}
        [one] => pair(out, "speaker", &one.value),
        many => {
            let list: Vec<String> = many.iter().map(|s| string(&s.value)).collect();
            let _ = writeln!(out, "speakers = [{}]", list.join(", "));
        }
    }
    if let Some(m) = &b.moderator {
        pair(out, "moderator", &m.value);
    }
    for (key, value) in [
        ("room", &b.room),
        ("location", &b.location),
        ("url", &b.url),
        ("description", &b.description),
    ] {
        if let Some(value) = value {
            pair(out, key, &value.value);
        }
    }
    if let Some(id) = &b.id {
        pair(out, "id", &id.value);
    }
    if !b.items.is_empty() {
        out.push_str("items = [\n");
        for item in &b.items {
            let _ = writeln!(out, "  {},", item_toml(item, item_minutes));
        }
        out.push_str("]\n");
    }
}

/// An item as a plain string when it has only a title and the usual
/// length, else as an inline table.
fn item_toml(item: &ItemDecl, item_minutes: i64) -> String {
    let minutes = item
        .minutes
        .as_ref()
        .map(|m| m.value)
        .filter(|&m| m != item_minutes);
    if minutes.is_none()
        && item.speakers.is_empty()
        && item.url.is_none()
        && item.description.is_none()
    {
        return string(&item.title.value);
    }
    let mut parts = vec![format!("title = {}", string(&item.title.value))];
    if let Some(m) = minutes {
        parts.push(format!("minutes = {m}"));
    }
    match item.speakers.as_slice() {
        [] => {}
        [one] => parts.push(format!("speaker = {}", string(&one.value))),
        many => {
            let list: Vec<String> = many.iter().map(|s| string(&s.value)).collect();
            parts.push(format!("speakers = [{}]", list.join(", ")));
        }
    }
    if let Some(url) = &item.url {
        parts.push(format!("url = {}", string(&url.value)));
    }
    if let Some(description) = &item.description {
        parts.push(format!("description = {}", string(&description.value)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// `"14:00"`, `"14:00:30"`, or `"02:30+02:00"` when the offset is needed.
fn wall(w: &WallTime) -> String {
    let mut text = if chrono::Timelike::second(&w.time) == 0 {
        w.time.format("%H:%M").to_string()
    } else {
        w.time.format("%H:%M:%S").to_string()
    };
    if let Some(offset) = w.offset {
        text.push_str(&offset.to_string());
    }
    text
}

fn pair(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {}", string(value));
}

/// A TOML string holding exactly `text`: a basic string on one line, or,
/// for text with line ends, a multi-line basic string that keeps them as
/// written. Quotes, backslashes, control and bidi characters are escaped
/// in both, so no sequence in the text can end the string early.
pub(crate) fn string(text: &str) -> String {
    let multi = text.contains('\n');
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(if multi { "\"\"\"\n" } else { "\"" });
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multi => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            '\r' => out.push_str("\\r"),
            // Bidi controls too (see `crate::visible`): the escape keeps
            // the text, and a terminal showing the file is not misled.
            c if c.is_control() || crate::visible::is_bidi_control(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push_str(if multi { "\"\"\"" } else { "\"" });
    out
}

/// Text safe inside a `#` comment: one line, with control and bidi
/// characters shown as escapes (see `crate::visible`).
fn comment(text: &str) -> String {
    crate::visible::visible_line(text).into_owned()
}

/// `"text"` for a comment.
fn quoted_comment(text: &str) -> String {
    format!("\"{}\"", comment(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_back(literal: &str) -> String {
        let doc = format!("v = {literal}\n");
        let table: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
        table["v"].as_str().unwrap().to_string()
    }

    #[test]
    fn strings_round_trip_through_toml() {
        for text in [
            "",
            "plain",
            "quote \" and backslash \\",
            "\"\"\"",
            "ends in a quote\"",
            "line\nbreak\n",
            "\n",
            "\"\"\"\n\"\"\"",
            "tab\tand\r\nCRLF",
            "control \u{1}\u{7f}\u{9f}",
            "Zürich · 東京 🎉",
            "trailing backslash\\",
            "multi\nline ending in backslash\\",
        ] {
            assert_eq!(read_back(&string(text)), text, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_string_round_trips(text in any::<String>()) {
            prop_assert_eq!(read_back(&string(&text)), text);
        }

        #[test]
        fn lines_and_quotes_round_trip(text in "[\"\\\\\n\r\t a']{0,12}") {
            prop_assert_eq!(read_back(&string(&text)), text);
        }
    }
}
